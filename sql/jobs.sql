--
-- Scheduled jobs (R-14.1, issue 4): the registry and hotline.job_status,
-- hotline.schedule_jobs / unschedule_jobs and their errors, then the jobs
-- run by the real pg_cron scheduler -- in this database (cron.database_name
-- of the test cluster) and in another database of the cluster, scheduled
-- from there through dblink -- with their effect on orders checked.
--
-- pg_cron 1.4 (Debian 12) schedules by the minute: the test waits for the
-- next minute once (at most 150 s, polling; no fixed sleep).  Order numbers,
-- job ids and times change from run to run and are not printed.
--
SET client_min_messages = warning;
SET search_path = hotline, public;
-- errors as a caller sees them: message, detail, hint (no PL/pgSQL context)
\set SHOW_CONTEXT never

-- ---------------------------------------------------------------------------
-- The registry, and the view before anything is scheduled
-- ---------------------------------------------------------------------------
SELECT name, command, default_schedule, lock_key FROM hotline.job ORDER BY lock_key;
SELECT job, default_schedule, schedule, scheduled, active, cron_job_name, last_result, cron_last_status
FROM hotline.job_status ORDER BY job;

-- ---------------------------------------------------------------------------
-- pg_cron is loaded (shared_preload_libraries) but not installed here yet
-- ---------------------------------------------------------------------------
SELECT current_setting('cron.database_name') = current_database() AS this_is_the_cron_database;
SELECT * FROM hotline.schedule_jobs();
SELECT * FROM hotline.unschedule_jobs();
-- the view does not need pg_cron, and the jobs run when any scheduler calls them
SELECT count(*) AS jobs FROM hotline.job_status;
SELECT hotline.archive_closed() - 'after' AS archive_without_pg_cron;

CREATE EXTENSION pg_cron;

-- ---------------------------------------------------------------------------
-- schedule_jobs: every job at its default schedule
-- ---------------------------------------------------------------------------
SELECT job, schedule, action, cron_job_name, cron_database FROM hotline.schedule_jobs() ORDER BY job;
SELECT jobname, schedule, command, database = current_database() AS in_this_database, active
FROM cron.job WHERE jobname LIKE 'hotline.%' ORDER BY jobname;
-- the defaults of schedule_jobs are the registry's
SELECT j.name, j.default_schedule = s.schedule AS default_schedule_used
FROM hotline.job j JOIN hotline.job_status s ON s.job = j.name ORDER BY j.name;
CREATE TEMP TABLE first_ids AS SELECT jobname, jobid FROM cron.job;

-- running it again changes nothing: the same pg_cron jobs, same ids
SELECT job, action FROM hotline.schedule_jobs() ORDER BY job;
SELECT count(*) AS jobs, count(*) FILTER (WHERE f.jobid = j.jobid) AS same_ids
FROM cron.job j JOIN first_ids f USING (jobname);

-- new schedules replace the old ones; NULL unschedules a job
SELECT job, schedule, action FROM hotline.schedule_jobs(sweep => NULL, archive => '@daily',
                                                        sample_callbacks => '  */15   *  * * *  ') ORDER BY job;
SELECT jobname, schedule FROM cron.job WHERE jobname LIKE 'hotline.%' ORDER BY jobname;
SELECT job, schedule, scheduled, active, cron_job_name, cron_job_id IS NOT NULL AS has_cron_job_id
FROM hotline.job_status ORDER BY job;
-- a job switched off in pg_cron is switched on again
SELECT cron.alter_job(jobid, active => false) FROM cron.job WHERE jobname = 'hotline.archive@' || current_database();
SELECT job, action FROM hotline.schedule_jobs(sweep => NULL, archive => '@daily', sample_callbacks => '*/15 * * * *')
WHERE job = 'archive';
SELECT jobname, active FROM cron.job WHERE jobname = 'hotline.archive@' || current_database();

-- ---------------------------------------------------------------------------
-- Errors: nothing is changed by a call that fails
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE before_errors AS SELECT jobname, jobid, schedule FROM cron.job;
SELECT * FROM hotline.schedule_jobs(archive => 'every night');
SELECT * FROM hotline.schedule_jobs(sweep => '* * * * *; DROP TABLE hotline.work_order');
SELECT * FROM hotline.schedule_jobs(recompute_deadlines => '');
-- pg_cron's own parser has the last word
SELECT * FROM hotline.schedule_jobs(archive => '61 * * * *');
-- seconds: refused before pg_cron 1.5 (0A000), accepted from 1.5 on
SET client_min_messages = notice;
DO $$
DECLARE
    v integer[] := hotline.cron_version_parts((SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'));
    refused boolean := false;
BEGIN
    BEGIN
        PERFORM hotline.schedule_jobs(archive => '5 seconds');
        RAISE EXCEPTION 'rolled back' USING ERRCODE = 'P0004';
    EXCEPTION WHEN feature_not_supported THEN refused := true;
              WHEN assert_failure THEN refused := false;
    END;
    RAISE NOTICE 'a seconds schedule is refused exactly when pg_cron is older than 1.5: %', refused = (v < '{1,5}');
END $$;
SET client_min_messages = warning;
SELECT count(*) AS jobs_unchanged FROM cron.job JOIN before_errors USING (jobname, jobid, schedule);
SELECT count(*) AS cron_jobs FROM cron.job;
-- job functions: bad arguments
SELECT hotline.sample_callbacks(share => 1.5);
SELECT hotline.sample_callbacks(share => 'NaN');
SELECT hotline.archive_closed(after => '-1 day');
SELECT hotline.archive_closed(batch => 0);
SELECT hotline.log_job_run('reindex', now(), '{}');
SELECT hotline.log_job_run('archive', now(), '[1, 2]');

-- unschedule_jobs removes them all, and says so
SELECT job, action FROM hotline.unschedule_jobs() ORDER BY job;
SELECT job, action FROM hotline.unschedule_jobs() ORDER BY job;
SELECT count(*) AS hotline_cron_jobs FROM cron.job WHERE jobname LIKE 'hotline.%';
SELECT job, scheduled, cron_job_name FROM hotline.job_status ORDER BY job;

-- ---------------------------------------------------------------------------
-- The jobs under the real pg_cron scheduler
-- ---------------------------------------------------------------------------
CREATE SCHEMA jobs_test;
INSERT INTO hotline.unit (code, name, region, kind) VALUES ('jobs-cy-zjw', '朝阳区住房和城乡建设委员会', '110105', 'department');

-- an order the hotline reviewed (审核通过): waiting for the callback decision
CREATE FUNCTION jobs_test.reviewed(description text) RETURNS hotline.order_no
LANGUAGE plpgsql AS $$
DECLARE
    o hotline.order_no;
BEGIN
    o := hotline.accept(region => '110105', appeal_type => 'complaint', channel => 'phone',
                        description => description, actor => 'agent 0105');
    PERFORM hotline.dispatch(o, lead_unit => 'jobs-cy-zjw', opinion => '请核实处理', actor => 'dispatcher 05');
    PERFORM hotline.sign_for(o, unit => 'jobs-cy-zjw');
    PERFORM hotline.reply(o, unit => 'jobs-cy-zjw', result => '已联系物业处理', contacted => true);
    PERFORM hotline.review(o, accept => true, actor => 'reviewer 05');
    RETURN o;
END $$;
-- a closed order (办结), closed some days ago
CREATE FUNCTION jobs_test.closed(description text, days integer) RETURNS hotline.order_no
LANGUAGE plpgsql AS $$
DECLARE
    o hotline.order_no := jobs_test.reviewed(description);
BEGIN
    PERFORM hotline.close_order(o, actor => 'reviewer 05');
    UPDATE hotline.work_order SET closed_at = now() - make_interval(days => days) WHERE order_no = o;
    RETURN o;
END $$;

CREATE TABLE jobs_test.ord (name text PRIMARY KEY, no hotline.order_no NOT NULL);
INSERT INTO jobs_test.ord VALUES
    ('reviewed 1', jobs_test.reviewed('小区门口路灯不亮')),
    ('reviewed 2', jobs_test.reviewed('楼道堆放杂物无人清理')),
    ('reviewed 3', jobs_test.reviewed('夜间施工噪音扰民')),
    ('closed 30 days ago', jobs_test.closed('井盖破损', 30)),
    ('closed 10 days ago', jobs_test.closed('绿地被占用停车', 10)),
    ('closed today', jobs_test.closed('垃圾清运不及时', 0));
INSERT INTO jobs_test.ord VALUES ('answered 8 days ago',
    hotline.answer(region => '110105', appeal_type => 'consultation', channel => 'phone',
                   description => '咨询居住证办理材料', result => '已告知所需材料', actor => 'agent 0105'));
UPDATE hotline.work_order SET closed_at = now() - interval '8 days'
WHERE order_no = (SELECT no FROM jobs_test.ord WHERE name = 'answered 8 days ago');
SELECT o.name, w.state, w.callback_sampled FROM jobs_test.ord o JOIN hotline.work_order w ON w.order_no = o.no ORDER BY o.name;

-- Another database of the cluster with its own hotline: pg_cron cannot be
-- installed there (it lives in cron.database_name), so schedule_jobs
-- reaches this database through dblink and pg_cron runs the job there.
DROP DATABASE IF EXISTS hotline_jobs_other;
CREATE DATABASE hotline_jobs_other TEMPLATE template0 ENCODING 'UTF8';
\c hotline_jobs_other
SET client_min_messages = warning;
SET search_path = hotline, public;
CREATE EXTENSION hotline CASCADE;
SELECT * FROM hotline.schedule_jobs(sweep => NULL, recompute_deadlines => NULL);
CREATE EXTENSION dblink;
CREATE TABLE other_ord AS
    SELECT hotline.answer(region => '310101', appeal_type => 'consultation', channel => 'wechat',
                          description => '咨询公积金提取', result => '已告知办理渠道', actor => 'agent 3101') AS no;
UPDATE hotline.work_order SET closed_at = now() - interval '20 days' WHERE order_no = (SELECT no FROM other_ord);
-- a connection that does not work says so
\set VERBOSITY terse
SELECT * FROM hotline.schedule_jobs(cron_connection => 'dbname=no_such_database');
\set VERBOSITY default
SELECT job, schedule, action, cron_job_name, cron_database
FROM hotline.schedule_jobs(sweep => NULL, recompute_deadlines => NULL, sample_callbacks => NULL,
                           archive => '* * * * *') ORDER BY job;
SELECT job, schedule, scheduled, active, cron_job_name, cron_database FROM hotline.job_status ORDER BY job;
\c contrib_regression
SET client_min_messages = warning;
SET search_path = hotline, public;
SELECT jobname, schedule, command, database, active FROM cron.job WHERE jobname LIKE 'hotline.%' ORDER BY jobname;

-- and in this database: callback sampling and archiving every minute (the
-- runs before this one were called by hand)
CREATE TEMP TABLE runs_before AS SELECT coalesce(max(id), 0) AS id FROM hotline.job_run;
SELECT job, schedule, action FROM hotline.schedule_jobs(sweep => NULL, recompute_deadlines => NULL,
                                                        sample_callbacks => '* * * * *', archive => '* * * * *')
ORDER BY job;

-- wait until pg_cron ran all three jobs to the end (their first run, when
-- the next minute starts): pg_cron says so, and the runs here left a record
DO $$
DECLARE
    deadline timestamptz := clock_timestamp() + interval '150 seconds';
BEGIN
    LOOP
        EXIT WHEN (SELECT count(DISTINCT j.jobid) FROM cron.job j JOIN cron.job_run_details d USING (jobid)
                   WHERE j.jobname LIKE 'hotline.%' AND d.status IN ('succeeded', 'failed')) = 3
              AND (SELECT count(DISTINCT job) FROM hotline.job_run
                   WHERE job IN ('sample_callbacks', 'archive') AND id > (SELECT id FROM runs_before)) = 2;
        IF clock_timestamp() > deadline THEN
            RAISE WARNING 'pg_cron did not run the jobs within 150 seconds';
            EXIT;
        END IF;
        PERFORM pg_sleep(0.2);
    END LOOP;
END $$;

-- what pg_cron says about the runs (of the jobs this test makes run: the
-- others run at their own minutes, refresh_statistics every tenth)
SELECT j.jobname, d.status, d.return_message
FROM cron.job j
JOIN LATERAL (SELECT * FROM cron.job_run_details r WHERE r.jobid = j.jobid ORDER BY r.runid LIMIT 1) d ON true
WHERE j.jobname LIKE 'hotline.archive@%' OR j.jobname LIKE 'hotline.sample_callbacks@%' ORDER BY j.jobname;
-- what the first run of each job here did
SELECT DISTINCT ON (job) job, result, run_by = current_user AS run_by_owner
FROM hotline.job_run WHERE job IN ('sample_callbacks', 'archive') AND id > (SELECT id FROM runs_before) ORDER BY job, id;
-- the effect: every reviewed order sampled (share 1.0: all are called back,
-- R-7.1) with a callback task; closed orders older than 7 days archived (R-8.1)
SELECT o.name, w.state, w.callback_sampled, w.archived_at IS NOT NULL AS archived
FROM jobs_test.ord o JOIN hotline.work_order w ON w.order_no = o.no ORDER BY o.name;
SELECT o.name, m.channel, m.template, m.recipient_user, m.payload ->> 'order_no' = o.no::text AS names_the_order,
       (m.payload ->> 'callback_due')::timestamptz = w.callback_due AS carries_callback_due
FROM jobs_test.ord o JOIN hotline.work_order w ON w.order_no = o.no
JOIN hotline.outbox m ON m.order_no = o.no AND m.template = 'callback_task' ORDER BY o.name;
SELECT e.action, e.actor, e.role, count(*) FROM hotline.order_event e JOIN jobs_test.ord o ON o.no = e.order_no
WHERE e.actor = 'system' GROUP BY 1, 2, 3 ORDER BY 1;
-- the view: schedule, last run and pg_cron's status (of the jobs run here)
SELECT job, schedule, scheduled, active, r.last_run_of, r.cron_last_status, r.cron_last_message, r.timed
FROM hotline.job_status s
LEFT JOIN LATERAL (SELECT s.last_result ->> 'job' AS last_run_of, s.cron_last_status, s.cron_last_message,
                          s.last_finished >= s.last_started AS timed
                   WHERE s.job IN ('archive', 'sample_callbacks')) r ON true
ORDER BY job;

-- the other database: its order archived by pg_cron through its own job
\c hotline_jobs_other
SET client_min_messages = warning;
SET search_path = hotline, public;
SELECT w.state, w.archived_at IS NOT NULL AS archived FROM hotline.work_order w JOIN other_ord o ON o.no = w.order_no;
SELECT job, result ->> 'archived' AS archived, database FROM hotline.job_run ORDER BY id LIMIT 1;
SELECT job, action FROM hotline.unschedule_jobs() ORDER BY job;
\c contrib_regression
SET client_min_messages = warning;
SET search_path = hotline, public;
DROP DATABASE hotline_jobs_other WITH (FORCE);

-- clean up: nothing of the hotline's stays in pg_cron
SELECT job, action FROM hotline.unschedule_jobs() ORDER BY job;
SELECT count(*) AS cron_jobs FROM cron.job;
DROP EXTENSION pg_cron;
SELECT job, scheduled, cron_last_status FROM hotline.job_status ORDER BY job;
