-- Scheduled jobs (R-14.1): the registry of the hotline's jobs, the record of
-- their runs, callback sampling (回访抽样, R-7.1), archiving (归档, R-8.1),
-- and their scheduling in pg_cron.
--
-- The job convention, followed by every job function (hotline.<job>(...)
-- RETURNS jsonb):
--   * safe to run twice at once: it first calls hotline.job_try_lock(job),
--     a transaction-level advisory lock on the job's fixed key; when another
--     run holds it, it returns {"job": ..., "skipped": "..."} at once;
--   * safe to run twice in a row: it only does what is due, so a second run
--     finds nothing left to do;
--   * it returns what it did as a JSON object and records it with
--     hotline.log_job_run(job, started, result) in hotline.job_run.
-- pg_cron (or any other scheduler: cron with psql, a Kubernetes CronJob, an
-- application timer) just calls SELECT hotline.<job>().
--
-- pg_cron is not needed by CREATE EXTENSION hotline: nothing here refers to
-- the cron schema outside EXECUTE of fixed statement texts, run only after
-- checking that pg_cron is there.

-- ---------------------------------------------------------------------------
-- The registry
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.job (
    name                text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,39}$'),
    command             text NOT NULL CHECK (command <> ''),
    default_schedule    text NOT NULL,
    lock_key            integer NOT NULL UNIQUE CHECK (lock_key > 0),    -- 0: schedule_jobs itself
    description         text NOT NULL,
    builtin             boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.job IS
    'the hotline''s scheduled jobs (R-14.1): what pg_cron (or another scheduler) runs, how often by default; hotline.schedule_jobs schedules them';
COMMENT ON COLUMN @extschema@.job.command IS 'the SQL statement the scheduler runs in the hotline''s database';
COMMENT ON COLUMN @extschema@.job.default_schedule IS 'the cron schedule (minute hour day month weekday) hotline.schedule_jobs uses unless told otherwise';
COMMENT ON COLUMN @extschema@.job.lock_key IS
    'the job''s fixed advisory lock key: pg_try_advisory_xact_lock(1752134764, lock_key) (1752134764 is ''hotl''); one run at a time per database';
COMMENT ON COLUMN @extschema@.job.builtin IS 'shipped with the extension (rows of your own are kept by pg_dump)';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.job', 'WHERE NOT builtin');

-- The registry says nothing about citizens: anyone may read it.  Only the
-- owner changes it, since hotline.schedule_jobs hands its commands to
-- pg_cron, which runs them as the owner.
REVOKE ALL ON @extschema@.job FROM PUBLIC;
GRANT SELECT ON @extschema@.job TO PUBLIC;

-- ---------------------------------------------------------------------------
-- Runs
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.job_run (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job                 text NOT NULL,
    started_at          timestamptz NOT NULL,
    finished_at         timestamptz NOT NULL,
    result              jsonb NOT NULL CHECK (pg_catalog.jsonb_typeof(result) = 'object'),
    database            text NOT NULL DEFAULT pg_catalog.current_database(),
    run_by              text NOT NULL DEFAULT session_user,
    pid                 integer NOT NULL DEFAULT pg_catalog.pg_backend_pid(),
    CHECK (finished_at >= started_at)
);
-- the last run of a job (the view), and the runs to prune
CREATE INDEX job_run_job_idx ON @extschema@.job_run (job, id);
CREATE INDEX job_run_started_idx ON @extschema@.job_run (started_at);
COMMENT ON TABLE @extschema@.job_run IS
    'one row per completed run of a hotline job: when, what it did (result); a run that failed rolled back and left no row (pg_cron''s cron.job_run_details has its error); kept for hotline.job_run_retention';
COMMENT ON COLUMN @extschema@.job_run.result IS 'what the run did, as the job function returned it, e.g. {"job": "archive", "archived": 12, ...}';
COMMENT ON COLUMN @extschema@.job_run.database IS 'the database the job ran in (kept when the table is dumped and restored elsewhere)';
COMMENT ON COLUMN @extschema@.job_run.run_by IS 'the session user that ran the job: the role pg_cron runs it as, or whoever called it';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.job_run', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.job_run', 'id')::regclass, '');

-- Job results may name orders: no PUBLIC access (see hotline.job_status).
REVOKE ALL ON @extschema@.job_run FROM PUBLIC;

-- What hotline.schedule_jobs asked pg_cron for, so that hotline.job_status
-- shows each job's schedule even when pg_cron keeps its tables in another
-- database.  Not dumped: it mirrors cron.job, which a dump of this database
-- does not carry; after a restore, run hotline.schedule_jobs again.
CREATE TABLE @extschema@.job_schedule (
    job                 text PRIMARY KEY REFERENCES @extschema@.job (name) ON DELETE CASCADE,
    schedule            text NOT NULL,
    cron_job_name       text NOT NULL,
    cron_job_id         bigint NOT NULL,
    cron_database       text NOT NULL,
    scheduled_at        timestamptz NOT NULL DEFAULT pg_catalog.now(),
    scheduled_by        text NOT NULL DEFAULT session_user
);
COMMENT ON TABLE @extschema@.job_schedule IS
    'the hotline jobs hotline.schedule_jobs scheduled in pg_cron: schedule, pg_cron''s job name and id, and the database holding pg_cron (cron.database_name)';
REVOKE ALL ON @extschema@.job_schedule FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The job convention: lock, log
-- ---------------------------------------------------------------------------

-- The job of a name, or 42704.
CREATE FUNCTION @extschema@.job_check(job text) RETURNS @extschema@.job
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    j @extschema@.job;
BEGIN
    IF $1 IS NULL THEN
        RAISE EXCEPTION 'job must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Name a job of hotline.job, e.g. ''archive''.';
    END IF;
    SELECT * INTO j FROM @extschema@.job WHERE name = $1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'job "%" does not exist', $1
            USING ERRCODE = 'undefined_object',
                  DETAIL = format('The jobs are %s.', (SELECT string_agg(name, ', ' ORDER BY name) FROM @extschema@.job)),
                  HINT = 'Jobs are rows of hotline.job.';
    END IF;
    RETURN j;
END $$;
COMMENT ON FUNCTION @extschema@.job_check(text) IS 'internal: the job of this name; raises 42704 for an unknown job';
REVOKE ALL ON FUNCTION @extschema@.job_check(text) FROM PUBLIC;

CREATE FUNCTION @extschema@.job_try_lock(job text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
BEGIN
    -- advisory locks are per database: the same job of two hotline
    -- databases of one cluster runs at the same time
    RETURN pg_catalog.pg_try_advisory_xact_lock(1752134764, (@extschema@.job_check($1)).lock_key);
END $$;
COMMENT ON FUNCTION @extschema@.job_try_lock(text) IS
    'takes the job''s advisory lock until the end of the transaction; false when another run holds it (the caller returns {"skipped": ...})';
-- Holding a job's lock stops the job: only the owner's job functions (and
-- whom the DBA trusts) take it.
REVOKE ALL ON FUNCTION @extschema@.job_try_lock(text) FROM PUBLIC;

CREATE FUNCTION @extschema@.job_skipped(job text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_catalog.jsonb_build_object('job', $1, 'skipped', 'another run of this job is in progress')
$$;
COMMENT ON FUNCTION @extschema@.job_skipped(text) IS
    'the result of a job run that found another run of the job in progress';

-- hotline.setting(name): a hotline.* setting as SHOW gives it.  Its call
-- loads the library, which defines the settings and their defaults
-- (hotline.c): the one place a default is written.
CREATE FUNCTION @extschema@.setting(name text) RETURNS text
AS 'MODULE_PATHNAME', 'hotline_setting'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.setting(text) IS
    'the value of a hotline.* setting (README, Configuration), its default from the library when it is not set';

-- A time setting (int with a time unit, e.g. 7d) as an interval.
CREATE FUNCTION @extschema@.job_setting_interval(setting text) RETURNS interval
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT @extschema@.setting($1)::interval
$$;
COMMENT ON FUNCTION @extschema@.job_setting_interval(text) IS
    'internal: a hotline.* time setting as an interval';

CREATE FUNCTION @extschema@.log_job_run(job text, started timestamptz, result jsonb) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    keep interval;
    finished timestamptz := pg_catalog.clock_timestamp();
BEGIN
    PERFORM @extschema@.job_check($1);
    IF $2 IS NULL OR $3 IS NULL THEN
        RAISE EXCEPTION 'the start and the result of a job run must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass the clock_timestamp() taken when the job began and the JSON object it returns.';
    END IF;
    IF pg_catalog.jsonb_typeof($3) <> 'object' THEN
        RAISE EXCEPTION 'the result of a job run must be a JSON object, not %', pg_catalog.jsonb_typeof($3)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Return counts by name, e.g. ''{"archived": 12}''.';
    END IF;
    IF $2 > finished THEN
        RAISE EXCEPTION 'a job run cannot start in the future'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The start given is %s, it is now %s.', $2, finished),
                  HINT = 'Pass the clock_timestamp() taken when the job began.';
    END IF;
    INSERT INTO @extschema@.job_run (job, started_at, finished_at, result) VALUES ($1, $2, finished, $3);

    -- keep the table bounded: each run removes a few expired runs (an index
    -- probe when there are none), so pruning keeps pace with logging
    keep := @extschema@.job_setting_interval('hotline.job_run_retention');
    DELETE FROM @extschema@.job_run r
    WHERE r.id IN (SELECT x.id FROM @extschema@.job_run x
                   WHERE x.started_at < finished - keep
                   ORDER BY x.started_at LIMIT 100);
END $$;
COMMENT ON FUNCTION @extschema@.log_job_run(text, timestamptz, jsonb) IS
    'records a run of a job in hotline.job_run (started: clock_timestamp() at its start; result: what it did) and removes runs older than hotline.job_run_retention';
REVOKE ALL ON FUNCTION @extschema@.log_job_run(text, timestamptz, jsonb) FROM PUBLIC;

-- A job that handles items one by one (orders: callback sampling,
-- archiving) goes on past an item that fails: hotline.job_error keeps the
-- first ten failures (the item, SQLSTATE and message), and
-- hotline.job_done puts them into the run's result with a WARNING, records
-- the run (log_job_run) and returns the result.  The one way the jobs
-- report failures.
CREATE FUNCTION @extschema@.job_error(errors jsonb, item jsonb, sqlstate text, message text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE WHEN pg_catalog.jsonb_array_length($1) < 10
                THEN $1 || pg_catalog.jsonb_build_array($2 || pg_catalog.jsonb_build_object('sqlstate', $3, 'message', $4))
                ELSE $1 END
$$;
COMMENT ON FUNCTION @extschema@.job_error(jsonb, jsonb, text, text) IS
    'internal: the errors of a job run with the failure of one more item (e.g. {"order_no": ...}) added, the first ten kept';

CREATE FUNCTION @extschema@.job_done(job text, started timestamptz, result jsonb, failed integer, errors jsonb,
                                     warning text, hint text) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF failed > 0 THEN
        result := result || pg_catalog.jsonb_build_object('errors', errors);
        RAISE WARNING '%', pg_catalog.format(warning, failed)
            USING DETAIL = pg_catalog.format('The first: %s.', errors -> 0),
                  HINT = hint;
    END IF;
    PERFORM @extschema@.log_job_run(job, started, result);
    RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.job_done(text, timestamptz, jsonb, integer, jsonb, text, text) IS
    'internal: ends a run of job that handles items one by one: when failed > 0 its errors go into result and a WARNING says warning, its %s the number failed; the run is recorded; returns result';
REVOKE ALL ON FUNCTION @extschema@.job_done(text, timestamptz, jsonb, integer, jsonb, text, text) FROM PUBLIC;

-- The helpers without side effects below (job_skipped, job_setting_interval,
-- job_check_batch, callback_sample_point, cron_job_name, cron_database,
-- cron_version_parts, cron_check_schedule, conninfo_quote) stay open to
-- PUBLIC: they read no table and change nothing.

-- Checks of the job functions' arguments.
CREATE FUNCTION @extschema@.job_check_batch(batch integer) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF $1 IS NULL THEN
        RAISE EXCEPTION 'batch must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Give the most orders one run handles, from 1 to 100000 (default 1000).';
    ELSIF $1 < 1 OR $1 > 100000 THEN
        RAISE EXCEPTION 'batch must be between 1 and 100000, not %', $1
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A run handles at most this many orders; the next run takes the rest.';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.job_check_batch(integer) IS 'internal: raises unless 1 <= batch <= 100000';

-- ---------------------------------------------------------------------------
-- Scheduling in pg_cron
-- ---------------------------------------------------------------------------

-- pg_cron's name of a hotline job of this database: hotline.<job>@<database>
-- (at most 63 bytes: a long database name is cut and ends in a hash).
CREATE FUNCTION @extschema@.cron_job_name(job text) RETURNS text
LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    db text := pg_catalog.current_database();
    head text := 'hotline.' || $1 || '@';
    cut text;
BEGIN
    IF pg_catalog.octet_length(head || db) <= 63 THEN
        RETURN head || db;
    END IF;
    cut := db;
    WHILE pg_catalog.octet_length(head || cut) > 54 LOOP
        cut := pg_catalog.left(cut, -1);
    END LOOP;
    RETURN head || cut || '~' || pg_catalog.left(pg_catalog.md5(db), 8);
END $$;
COMMENT ON FUNCTION @extschema@.cron_job_name(text) IS
    'pg_cron''s job name of a hotline job of this database: hotline.<job>@<database>';

-- The pg_cron behind this server, or 55000 with how to install it.
-- Returns the database holding pg_cron (cron.database_name).
CREATE FUNCTION @extschema@.cron_database() RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    db text := pg_catalog.current_setting('cron.database_name', true);
BEGIN
    IF pg_catalog.current_setting('shared_preload_libraries') !~ '(^|[\s,"/])pg_cron(\.so)?($|[\s,"])'
       OR coalesce(db, '') = '' THEN
        RAISE EXCEPTION 'pg_cron is not loaded on this server'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'The hotline''s jobs are scheduled in pg_cron; they also run when any other scheduler runs their commands (hotline.job.command).',
                  HINT = 'Install pg_cron (apt-get install postgresql-15-cron), set shared_preload_libraries = ''pg_cron'' and cron.database_name = ''<database>'' in postgresql.conf, restart PostgreSQL, then run CREATE EXTENSION pg_cron in that database.';
    END IF;
    RETURN db;
END $$;
COMMENT ON FUNCTION @extschema@.cron_database() IS
    'internal: the database holding pg_cron (cron.database_name); raises 55000 saying how to install pg_cron when it is not loaded';

-- pg_cron's version (e.g. 1.4-1) as {major, minor}.
CREATE FUNCTION @extschema@.cron_version_parts(version text) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_catalog.string_to_array(pg_catalog."substring"($1, '^([0-9]+\.[0-9]+)'), '.')::integer[]
$$;
COMMENT ON FUNCTION @extschema@.cron_version_parts(text) IS 'internal: {major, minor} of an extension version such as 1.4-1';

-- A schedule, normalised (spaces), or 22023/0A000.  pg_cron parses it
-- again; this check keeps anything but a schedule out of the statements
-- sent to pg_cron's database.
CREATE FUNCTION @extschema@.cron_check_schedule(job text, schedule text, cron_version text) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    s text := pg_catalog.btrim(pg_catalog.regexp_replace($2, '\s+', ' ', 'g'));
BEGIN
    IF s ~ '^([1-9]|[1-5][0-9]) seconds?$' THEN
        IF @extschema@.cron_version_parts($3) < '{1,5}' THEN
            RAISE EXCEPTION 'pg_cron % cannot run job % every "%"', $3, $1, $2
                USING ERRCODE = 'feature_not_supported',
                      DETAIL = 'pg_cron schedules by the minute before version 1.5; from 1.5 on it also takes 1 to 59 seconds.',
                      HINT = 'Use a cron schedule such as ''* * * * *'' (every minute).';
        END IF;
        RETURN s;
    END IF;
    IF s ~ '^@(yearly|annually|monthly|weekly|daily|midnight|hourly|reboot|restart)$'
       OR s ~ '^[0-9A-Za-z*,/$-]+( [0-9A-Za-z*,/$-]+){4}$' THEN
        RETURN s;
    END IF;
    RAISE EXCEPTION 'invalid schedule for job %: "%"', $1, $2
        USING ERRCODE = 'invalid_parameter_value',
              DETAIL = 'A schedule is five cron fields: minute, hour, day of month, month, day of week (in GMT before pg_cron 1.5), a keyword such as @daily, or from pg_cron 1.5 on 1 to 59 seconds.',
              HINT = 'Write e.g. ''*/10 * * * *'' (every 10 minutes) or ''30 18 * * *'' (at 18:30 GMT every day: pg_cron 1.4 schedules in GMT); NULL leaves the job unscheduled.';
END $$;
COMMENT ON FUNCTION @extschema@.cron_check_schedule(text, text, text) IS
    'internal: a pg_cron schedule, normalised; raises 22023 for anything else and 0A000 for seconds before pg_cron 1.5';

-- Quote a value for a libpq connection string.
CREATE FUNCTION @extschema@.conninfo_quote(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
    SELECT '''' || pg_catalog.replace(pg_catalog.replace($1, '\', '\\'), '''', '\''') || ''''
$$;
COMMENT ON FUNCTION @extschema@.conninfo_quote(text) IS 'internal: a value quoted for a libpq connection string';

-- The operations on pg_cron's tables, here (pg_cron in this database) or
-- through dblink (pg_cron in another database of the cluster).  Here: fixed
-- statements with parameters.  Through dblink, which takes no parameters:
-- fixed statements with literals of values checked before (job names made
-- by cron_job_name, schedules passed by cron_check_schedule, commands of
-- the registry, this database's name), quoted by format's %L.
CREATE FUNCTION @extschema@.cron_exec(op text, link text, dblink_schema text,
                                      job_name text DEFAULT NULL, schedule text DEFAULT NULL,
                                      command text DEFAULT NULL, job_id bigint DEFAULT NULL,
                                      OUT jobid bigint, OUT job_schedule text, OUT job_database text,
                                      OUT job_active boolean)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    db text := pg_catalog.current_database();
BEGIN
    IF link IS NULL THEN
        CASE op
        WHEN 'find' THEN
            EXECUTE 'SELECT j.jobid, j.schedule, j.database, j.active FROM cron.job j '
                    'WHERE j.jobname = $1 AND j.username = current_user'
                INTO jobid, job_schedule, job_database, job_active USING job_name;
        WHEN 'unschedule' THEN
            EXECUTE 'SELECT cron.unschedule($1::bigint)' USING job_id;
        WHEN 'schedule' THEN
            EXECUTE 'SELECT cron.schedule_in_database($1, $2, $3, $4)'
                INTO jobid USING job_name, schedule, command, db;
        END CASE;
    ELSE
        CASE op
        WHEN 'find' THEN
            EXECUTE format('SELECT * FROM %I.dblink($1, $2) AS t(jobid bigint, schedule text, database text, active boolean)',
                           dblink_schema)
                INTO jobid, job_schedule, job_database, job_active
                USING link, format('SELECT j.jobid, j.schedule, j.database, j.active FROM cron.job j '
                                   'WHERE j.jobname = %L AND j.username = current_user', job_name);
        WHEN 'unschedule' THEN
            EXECUTE format('SELECT * FROM %I.dblink($1, $2) AS t(done boolean)', dblink_schema)
                USING link, format('SELECT cron.unschedule(%s::bigint)', job_id);
        WHEN 'schedule' THEN
            EXECUTE format('SELECT * FROM %I.dblink($1, $2) AS t(jobid bigint)', dblink_schema)
                INTO jobid
                USING link, format('SELECT cron.schedule_in_database(%L, %L, %L, %L)',
                                   job_name, schedule, command, db);
        END CASE;
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.cron_exec(text, text, text, text, text, text, bigint) IS
    'internal: find, unschedule or schedule a pg_cron job, in this database or through a dblink connection';
REVOKE ALL ON FUNCTION @extschema@.cron_exec(text, text, text, text, text, text, bigint) FROM PUBLIC;

-- Make pg_cron's hotline jobs of this database what "wanted" says
-- ({"job": "schedule" or null}); every job of the registry not named keeps
-- nothing.  The work of schedule_jobs and unschedule_jobs.
CREATE FUNCTION @extschema@.cron_sync(wanted jsonb, cron_connection text)
RETURNS TABLE (job text, schedule text, action text, cron_job_name text, cron_job_id bigint, cron_database text)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    cron_db text := @extschema@.cron_database();
    here boolean := cron_db = pg_catalog.current_database();
    version text;
    dblink_schema text;
    conninfo text;
    link text;
    why text;
    j record;
    want text;
    old record;
    new_id bigint;
BEGIN
    IF here THEN
        SELECT e.extversion INTO version FROM pg_catalog.pg_extension e WHERE e.extname = 'pg_cron';
        IF NOT FOUND THEN
            RAISE EXCEPTION 'extension pg_cron is not installed in database "%"', cron_db
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'pg_cron is loaded and keeps its jobs in this database (cron.database_name).',
                      HINT = 'Run CREATE EXTENSION pg_cron in this database.';
        END IF;
    ELSE
        -- pg_cron lives in another database: reach it through dblink
        SELECT n.nspname INTO dblink_schema
        FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'dblink';
        IF NOT FOUND THEN
            RAISE EXCEPTION 'scheduling jobs of database "%" in pg_cron''s database "%" needs the extension dblink',
                    pg_catalog.current_database(), cron_db
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'pg_cron keeps its jobs in the database cron.database_name only; hotline reaches it from here through dblink.',
                      HINT = 'Run CREATE EXTENSION dblink in this database (it ships with PostgreSQL), then call hotline.schedule_jobs again.';
        END IF;
        conninfo := coalesce(nullif(cron_connection, ''),
                             nullif(pg_catalog.current_setting('hotline.cron_connection', true), ''),
                             'dbname=' || @extschema@.conninfo_quote(cron_db)
                             || ' user=' || @extschema@.conninfo_quote(current_user)
                             || ' port=' || @extschema@.conninfo_quote(pg_catalog.current_setting('port'))
                             || coalesce(' host=' || @extschema@.conninfo_quote(
                                    nullif(pg_catalog.current_setting('cron.host', true), '')), ''));
        link := 'hotline_cron_' || pg_catalog.pg_backend_pid();
        IF link = ANY (@extschema@.cron_dblink_connections(dblink_schema)) THEN
            EXECUTE format('SELECT %I.dblink_disconnect($1)', dblink_schema) USING link;
        END IF;
        BEGIN
            EXECUTE format('SELECT %I.dblink_connect($1, $2)', dblink_schema) USING link, conninfo;
        EXCEPTION WHEN sqlclient_unable_to_establish_sqlconnection OR prohibited_sql_statement_attempted
                       OR insufficient_privilege THEN
            GET STACKED DIAGNOSTICS why = PG_EXCEPTION_DETAIL;
            RAISE EXCEPTION 'could not connect to pg_cron''s database "%"', cron_db
                USING ERRCODE = 'connection_exception',
                      DETAIL = pg_catalog.btrim(SQLERRM || ': ' || coalesce(nullif(why, ''), 'no detail'), E' \n'),
                      HINT = 'Pass cron_connection => a libpq connection string or a dblink foreign server name that reaches it (or set hotline.cron_connection); the jobs run as the role it logs in as.';
        END;
    END IF;

    BEGIN
        IF NOT here THEN
            EXECUTE format('SELECT * FROM %I.dblink($1, $2) AS t(v text)', dblink_schema)
                INTO version
                USING link, 'SELECT e.extversion FROM pg_catalog.pg_extension e WHERE e.extname = ''pg_cron''';
            IF version IS NULL THEN
                RAISE EXCEPTION 'extension pg_cron is not installed in database "%"', cron_db
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = 'pg_cron is loaded and keeps its jobs in that database (cron.database_name).',
                          HINT = format('Run CREATE EXTENSION pg_cron in database "%s".', cron_db);
            END IF;
        END IF;
        IF @extschema@.cron_version_parts(version) < '{1,4}' THEN
            RAISE EXCEPTION 'pg_cron % is too old for hotline.schedule_jobs', version
                USING ERRCODE = 'feature_not_supported',
                      DETAIL = 'Named jobs in a given database (cron.schedule_in_database) came with pg_cron 1.4.',
                      HINT = format('Run ALTER EXTENSION pg_cron UPDATE in database "%s" (after installing pg_cron 1.4 or later).', cron_db);
        END IF;

        -- every schedule is checked before pg_cron is touched (over dblink,
        -- what is done is committed at once)
        FOR j IN SELECT r.name FROM @extschema@.job r ORDER BY r.name LOOP
            IF wanted ->> j.name IS NOT NULL THEN
                wanted := wanted || pg_catalog.jsonb_build_object(j.name,
                    @extschema@.cron_check_schedule(j.name, wanted ->> j.name, version));
            END IF;
        END LOOP;

        FOR j IN SELECT r.name, r.command FROM @extschema@.job r ORDER BY r.name LOOP
            want := wanted ->> j.name;
            job := j.name;
            schedule := want;
            cron_job_name := @extschema@.cron_job_name(j.name);
            cron_database := cron_db;
            old := @extschema@.cron_exec('find', link, dblink_schema, cron_job_name);
            IF want IS NULL THEN
                IF old.jobid IS NOT NULL THEN
                    PERFORM @extschema@.cron_exec('unschedule', link, dblink_schema, job_id => old.jobid);
                    action := 'unscheduled';
                ELSE
                    action := 'not scheduled';
                END IF;
                cron_job_id := old.jobid;
                DELETE FROM @extschema@.job_schedule s WHERE s.job = j.name;
            ELSE
                -- pg_cron 1.4 updates the schedule and the command of a job
                -- of the same name, not its database nor whether it is
                -- active: such a job is made anew
                IF old.jobid IS NOT NULL
                   AND (old.job_database <> pg_catalog.current_database() OR NOT old.job_active) THEN
                    PERFORM @extschema@.cron_exec('unschedule', link, dblink_schema, job_id => old.jobid);
                    old.job_schedule := NULL;
                END IF;
                new_id := (@extschema@.cron_exec('schedule', link, dblink_schema, cron_job_name, want, j.command)).jobid;
                action := CASE WHEN old.jobid IS NULL THEN 'scheduled'
                               WHEN old.job_schedule = want THEN 'unchanged'
                               ELSE 'rescheduled' END;
                cron_job_id := new_id;
                INSERT INTO @extschema@.job_schedule AS s (job, schedule, cron_job_name, cron_job_id, cron_database)
                VALUES (j.name, want, cron_job_name, new_id, cron_db)
                ON CONFLICT ON CONSTRAINT job_schedule_pkey DO UPDATE
                SET schedule = EXCLUDED.schedule, cron_job_name = EXCLUDED.cron_job_name,
                    cron_job_id = EXCLUDED.cron_job_id, cron_database = EXCLUDED.cron_database,
                    scheduled_at = EXCLUDED.scheduled_at, scheduled_by = EXCLUDED.scheduled_by;
            END IF;
            RETURN NEXT;
        END LOOP;
    EXCEPTION WHEN OTHERS THEN
        IF link IS NOT NULL THEN
            BEGIN
                EXECUTE format('SELECT %I.dblink_disconnect($1)', dblink_schema) USING link;
            EXCEPTION WHEN OTHERS THEN
                NULL;       -- the connection is gone already: the first error is the one to report
            END;
        END IF;
        RAISE;
    END;
    IF link IS NOT NULL THEN
        EXECUTE format('SELECT %I.dblink_disconnect($1)', dblink_schema) USING link;
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.cron_sync(jsonb, text) IS
    'internal: schedules, reschedules or unschedules the jobs of the registry in pg_cron as wanted ({"job": schedule or null}), here or through dblink';
REVOKE ALL ON FUNCTION @extschema@.cron_sync(jsonb, text) FROM PUBLIC;

-- dblink's open connections of this session (a helper: dblink's schema is
-- known only at run time).
CREATE FUNCTION @extschema@.cron_dblink_connections(dblink_schema text) RETURNS text[]
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    result text[];
BEGIN
    EXECUTE format('SELECT %I.dblink_get_connections()', dblink_schema) INTO result;
    RETURN coalesce(result, '{}');
END $$;
COMMENT ON FUNCTION @extschema@.cron_dblink_connections(text) IS 'internal: the names of this session''s dblink connections';
REVOKE ALL ON FUNCTION @extschema@.cron_dblink_connections(text) FROM PUBLIC;

-- the default schedule of a job: the one place is hotline.job
CREATE FUNCTION @extschema@.job_default_schedule(job text) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
SELECT (@extschema@.job_check($1)).default_schedule
$$;
COMMENT ON FUNCTION @extschema@.job_default_schedule(text) IS
    'the default schedule of a job (hotline.job.default_schedule); raises 42704 for an unknown job';

CREATE FUNCTION @extschema@.schedule_jobs(
    sweep               text DEFAULT @extschema@.job_default_schedule('sweep'),
    recompute_deadlines text DEFAULT @extschema@.job_default_schedule('recompute_deadlines'),
    sample_callbacks    text DEFAULT @extschema@.job_default_schedule('sample_callbacks'),
    archive             text DEFAULT @extschema@.job_default_schedule('archive'),
    cron_connection     text DEFAULT NULL)
RETURNS TABLE (job text, schedule text, action text, cron_job_name text, cron_job_id bigint, cron_database text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    wanted jsonb;
BEGIN
    -- the four named jobs as asked; every other job of the registry (the
    -- history checks, a job of your own) at its default schedule
    SELECT pg_catalog.jsonb_object_agg(r.name, r.default_schedule) INTO wanted
    FROM @extschema@.job r WHERE r.name <> ALL (ARRAY['sweep', 'recompute_deadlines', 'sample_callbacks', 'archive']);
    wanted := coalesce(wanted, '{}') || pg_catalog.jsonb_build_object(
        'sweep', schedule_jobs.sweep, 'recompute_deadlines', schedule_jobs.recompute_deadlines,
        'sample_callbacks', schedule_jobs.sample_callbacks, 'archive', schedule_jobs.archive);
    -- one schedule_jobs at a time per database: two at once would make the
    -- same pg_cron jobs twice over dblink
    PERFORM pg_catalog.pg_advisory_xact_lock(1752134764, 0);
    RETURN QUERY SELECT * FROM @extschema@.cron_sync(wanted, schedule_jobs.cron_connection);
END $$;
COMMENT ON FUNCTION @extschema@.schedule_jobs(text, text, text, text, text) IS
    'schedules the hotline''s jobs in pg_cron as hotline.<job>@<database>, the four named as asked and every other job of hotline.job at its default schedule (NULL: that job is not scheduled, and unscheduled if it was); running it again replaces the schedules; from a database other than cron.database_name through dblink (cron_connection: a connection string or foreign server name, default hotline.cron_connection or the local server); returns what it did per job';
-- Jobs run as the owner (a superuser): only the DBA schedules them.
REVOKE ALL ON FUNCTION @extschema@.schedule_jobs(text, text, text, text, text) FROM PUBLIC;

CREATE FUNCTION @extschema@.unschedule_jobs(cron_connection text DEFAULT NULL)
RETURNS TABLE (job text, schedule text, action text, cron_job_name text, cron_job_id bigint, cron_database text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(1752134764, 0);
    RETURN QUERY SELECT * FROM @extschema@.cron_sync('{}', unschedule_jobs.cron_connection);
END $$;
COMMENT ON FUNCTION @extschema@.unschedule_jobs(text) IS
    'removes the hotline''s jobs of this database from pg_cron; returns what it did per job';
REVOKE ALL ON FUNCTION @extschema@.unschedule_jobs(text) FROM PUBLIC;

-- pg_cron's view of the hotline's jobs of this database when pg_cron keeps
-- its tables here: each job and its last run's status and message (a run
-- that raised an error shows only there).  Nothing when pg_cron is not in
-- this database: the job_status view works without it.
CREATE FUNCTION @extschema@.cron_job_info()
RETURNS TABLE (cron_job_name text, cron_job_id bigint, schedule text, active boolean,
               last_status text, last_message text, last_start timestamptz, last_end timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
BEGIN
    IF pg_catalog.to_regclass('cron.job') IS NULL OR pg_catalog.to_regclass('cron.job_run_details') IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY EXECUTE
        'SELECT j.jobname::text, j.jobid, j.schedule, j.active, '
        '       d.status, d.return_message, d.start_time, d.end_time '
        'FROM cron.job j '
        'LEFT JOIN LATERAL (SELECT r.status, r.return_message, r.start_time, r.end_time '
        '                   FROM cron.job_run_details r WHERE r.jobid = j.jobid '
        '                   ORDER BY r.runid DESC LIMIT 1) d ON true '
        'WHERE j.jobname = ANY ($1) AND j.username = current_user'
        USING ARRAY(SELECT @extschema@.cron_job_name(r.name) FROM @extschema@.job r);
END $$;
COMMENT ON FUNCTION @extschema@.cron_job_info() IS
    'pg_cron''s jobs of the hotline of this database with their last run (status, message), when pg_cron keeps its tables in this database; else nothing';
REVOKE ALL ON FUNCTION @extschema@.cron_job_info() FROM PUBLIC;

CREATE VIEW @extschema@.job_status AS
SELECT j.name AS job,
       j.description,
       j.default_schedule,
       s.schedule,
       s.job IS NOT NULL AS scheduled,
       c.active,
       s.cron_job_name,
       coalesce(c.cron_job_id, s.cron_job_id) AS cron_job_id,
       s.cron_database,
       s.scheduled_at,
       r.started_at AS last_started,
       r.finished_at AS last_finished,
       r.result AS last_result,
       c.last_status AS cron_last_status,
       c.last_message AS cron_last_message,
       c.last_start AS cron_last_start,
       c.last_end AS cron_last_end
FROM @extschema@.job j
LEFT JOIN @extschema@.job_schedule s ON s.job = j.name
LEFT JOIN LATERAL (SELECT x.started_at, x.finished_at, x.result FROM @extschema@.job_run x
                   WHERE x.job = j.name ORDER BY x.id DESC LIMIT 1) r ON true
LEFT JOIN @extschema@.cron_job_info() c ON c.cron_job_name = @extschema@.cron_job_name(j.name);
COMMENT ON VIEW @extschema@.job_status IS
    'each hotline job: its schedule as hotline.schedule_jobs set it, pg_cron''s job id, the last run (start, end, result from hotline.job_run), and when pg_cron keeps its tables in this database whether it is active and pg_cron''s last status and message';
COMMENT ON COLUMN @extschema@.job_status.active IS 'pg_cron''s active flag; NULL when pg_cron keeps its tables in another database';
COMMENT ON COLUMN @extschema@.job_status.last_result IS 'what the last completed run did (hotline.job_run.result)';
COMMENT ON COLUMN @extschema@.job_status.cron_last_status IS
    'pg_cron''s status of the last run (starting, running, succeeded, failed): a run that raised an error shows only here, with its message in cron_last_message';
-- Job results and pg_cron's messages may name orders: for the DBA, and the
-- dashboards it grants SELECT on the view and EXECUTE on cron_job_info().
REVOKE ALL ON @extschema@.job_status FROM PUBLIC;
