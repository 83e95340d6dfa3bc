-- The scheduled jobs (issue 4; R-7.1, R-8.1, R-14.1) called directly, as any
-- scheduler would: callback sampling (all, none, a deterministic share),
-- archiving (only old enough, only closed or directly answered orders),
-- twice in a row changes nothing, the settings and their defaults, the job
-- convention (lock, log, pruning) and the errors.  pg_cron itself is
-- exercised by sql/jobs.sql (this database is not cron.database_name).
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(109);

-- ---------------------------------------------------------------------------
-- Fixtures: a unit, and orders in the states the jobs look at
-- ---------------------------------------------------------------------------
INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('jt-hd-cgw', '海淀区城市管理委员会', '110108', 'department');

CREATE SCHEMA t;
CREATE TABLE t.ord (name text PRIMARY KEY, no hotline.order_no NOT NULL);
-- an order reviewed (审核通过) and waiting for the callback decision
CREATE FUNCTION t.reviewed(name text) RETURNS hotline.order_no LANGUAGE plpgsql AS $$
DECLARE
    o hotline.order_no;
BEGIN
    o := hotline.accept(region => '110108', appeal_type => 'complaint', channel => 'phone',
                        description => '共享单车乱停乱放堵塞人行道 (' || name || ')', actor => 'agent 0108');
    PERFORM hotline.dispatch(o, lead_unit => 'jt-hd-cgw', opinion => '请清理', actor => 'dispatcher 08');
    PERFORM hotline.sign_for(o, unit => 'jt-hd-cgw');
    PERFORM hotline.reply(o, unit => 'jt-hd-cgw', result => '已清理并约谈运营企业', contacted => true);
    PERFORM hotline.review(o, accept => true, actor => 'reviewer 08');
    INSERT INTO t.ord VALUES (name, o);
    RETURN o;
END $$;
-- n reviewed orders named prefix-1 .. prefix-n
CREATE FUNCTION t.reviewed_many(prefix text, n integer) RETURNS integer LANGUAGE sql AS $$
    SELECT count(t.reviewed(prefix || '-' || i))::integer FROM generate_series(1, n) i
$$;
-- a closed order (办结), closed some time ago
CREATE FUNCTION t.closed(name text, ago interval) RETURNS hotline.order_no LANGUAGE plpgsql AS $$
DECLARE
    o hotline.order_no := t.reviewed(name);
BEGIN
    PERFORM hotline.close_order(o, actor => 'reviewer 08');
    UPDATE hotline.work_order SET closed_at = now() - ago WHERE order_no = o;
    RETURN o;
END $$;
CREATE FUNCTION t.o(text) RETURNS hotline.order_no LANGUAGE sql STABLE AS $$ SELECT no FROM t.ord WHERE name = $1 $$;
CREATE FUNCTION t.wo(text) RETURNS hotline.work_order LANGUAGE sql STABLE AS $$
    SELECT w FROM hotline.work_order w WHERE w.order_no = t.o($1) $$;
-- the states and sampling decisions of the orders whose name starts so
CREATE FUNCTION t.states(prefix text) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT array_agg(o.name || ':' || w.state || ':' || coalesce(w.callback_sampled::text, '-') ORDER BY o.name)
    FROM t.ord o JOIN hotline.work_order w ON w.order_no = o.no WHERE o.name LIKE prefix || '%' $$;
CREATE FUNCTION t.callback_tasks() RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT count(*) FROM hotline.outbox WHERE template = 'callback_task' $$;

-- ---------------------------------------------------------------------------
-- Objects, registry, privileges, pg_dump
-- ---------------------------------------------------------------------------
SELECT has_table('hotline', 'job', 'the job registry');
SELECT has_table('hotline', 'job_run', 'the record of job runs');
SELECT has_view('hotline', 'job_status', 'the job status view');
SELECT is(ARRAY(SELECT name || '=' || command || '@' || default_schedule FROM hotline.job ORDER BY name),
          ARRAY['archive=SELECT hotline.archive_closed()@30 18 * * *',
                'audit_histories=SELECT hotline.check_histories(true)@30 19 * * 6',
                'check_histories=SELECT hotline.check_histories()@17 * * * *',
                'kb_remind_reviews=SELECT hotline.kb_remind_reviews()@0 1 * * *',
                'recompute_deadlines=SELECT hotline.recompute_deadlines()@*/5 * * * *',
                'refresh_statistics=SELECT hotline.refresh_statistics()@*/10 * * * *',
                'sample_callbacks=SELECT hotline.sample_callbacks()@*/10 * * * *',
                'sweep=SELECT hotline.sweep()@* * * * *'],
          'the registry: eight jobs, their commands and default schedules');
SELECT is((SELECT count(DISTINCT lock_key)::int FROM hotline.job), 8, 'each job has its own lock key');
SELECT ok((SELECT (extconfig @> ARRAY['hotline.job'::regclass, 'hotline.job_run'::regclass,
                                               pg_get_serial_sequence('hotline.job_run', 'id')::regclass]::oid[])
                  AND NOT extconfig @> ARRAY['hotline.job_schedule'::regclass]::oid[]
           FROM pg_extension WHERE extname = 'hotline'),
          'pg_dump keeps the registry''s own rows and the runs, not the mirror of pg_cron''s jobs');

CREATE ROLE jobs_tap_nobody;
SELECT ok(NOT has_function_privilege('jobs_tap_nobody', 'hotline.sample_callbacks(double precision, integer)', 'EXECUTE')
          AND NOT has_function_privilege('jobs_tap_nobody', 'hotline.archive_closed(interval, integer)', 'EXECUTE')
          AND NOT has_function_privilege('jobs_tap_nobody', 'hotline.schedule_jobs(text, text, text, text, text)', 'EXECUTE')
          AND NOT has_function_privilege('jobs_tap_nobody', 'hotline.unschedule_jobs(text)', 'EXECUTE')
          AND NOT has_function_privilege('jobs_tap_nobody', 'hotline.log_job_run(text, timestamptz, jsonb)', 'EXECUTE')
          AND NOT has_function_privilege('jobs_tap_nobody', 'hotline.job_try_lock(text)', 'EXECUTE'),
          'PUBLIC runs no job, schedules nothing, logs nothing, takes no job lock');
SELECT ok(has_table_privilege('jobs_tap_nobody', 'hotline.job', 'SELECT')
          AND NOT has_table_privilege('jobs_tap_nobody', 'hotline.job', 'INSERT')
          AND NOT has_table_privilege('jobs_tap_nobody', 'hotline.job_run', 'SELECT')
          AND NOT has_table_privilege('jobs_tap_nobody', 'hotline.job_status', 'SELECT'),
          'PUBLIC reads the registry only');
SELECT ok((SELECT bool_and(p.prosecdef AND p.proconfig @> ARRAY['search_path=pg_catalog, hotline, pg_temp'])
           FROM pg_proc p
           WHERE p.oid IN ('hotline.sample_callbacks(double precision, integer)'::regprocedure,
                           'hotline.archive_closed(interval, integer)'::regprocedure,
                           'hotline.schedule_jobs(text, text, text, text, text)'::regprocedure,
                           'hotline.unschedule_jobs(text)'::regprocedure,
                           'hotline.log_job_run(text, timestamptz, jsonb)'::regprocedure)),
          'the job functions are SECURITY DEFINER with a pinned search_path');

-- ---------------------------------------------------------------------------
-- Settings: defaults and their limits
-- ---------------------------------------------------------------------------
SELECT t.reviewed('load');      -- loads the library, which defines the settings
SELECT is(current_setting('hotline.callback_share'), '1', 'hotline.callback_share defaults to 1: every handled order is called back');
SELECT is(current_setting('hotline.archive_after'), '7d', 'hotline.archive_after defaults to 7 days');
SELECT is(current_setting('hotline.job_run_retention'), '30d', 'hotline.job_run_retention defaults to 30 days');
SELECT is(current_setting('hotline.cron_connection'), '', 'hotline.cron_connection is empty: the local server');
SELECT throws_ok($$SET hotline.callback_share = 1.5$$, '22023', NULL, 'hotline.callback_share above 1 is refused');
SELECT throws_ok($$SET hotline.callback_share = -0.1$$, '22023', NULL, 'hotline.callback_share below 0 is refused');
SELECT throws_ok($$SET hotline.archive_after = '-1d'$$, '22023', NULL, 'a negative hotline.archive_after is refused');
SELECT lives_ok($$SET LOCAL hotline.archive_after = '36h'$$, 'hotline.archive_after takes time units');
SELECT is(hotline.job_setting_interval('hotline.archive_after'), interval '36 hours',
          'and the jobs read it as an interval');
RESET hotline.archive_after;
SELECT is(hotline.job_setting_interval('hotline.archive_after'), interval '7 days',
          'an unset setting gives the library''s default (the one place it is written)');
SELECT is(hotline.setting('hotline.job_run_retention'), '30d', 'hotline.setting reads a setting as SHOW does');
SELECT throws_ok($$SELECT hotline.setting('hotline.no_such_setting')$$, '42704', NULL,
                 'an unknown hotline setting is an error, not a silent default');
SELECT throws_ok($$SELECT hotline.setting('work_mem')$$, '22023',
                 'hotline.setting reads hotline.* settings only, not "work_mem"', 'other settings are refused');

-- ---------------------------------------------------------------------------
-- Callback sampling (R-7.1)
-- ---------------------------------------------------------------------------
-- argument errors, before anything is done
SELECT throws_ok($$SELECT hotline.sample_callbacks(share => 1.01)$$, '22023',
                 'the callback share must be between 0 and 1, not 1.01', 'a share above 1 is refused');
SELECT throws_ok($$SELECT hotline.sample_callbacks(share => -0.5)$$, '22023', NULL, 'a negative share is refused');
SELECT throws_ok($$SELECT hotline.sample_callbacks(share => 'NaN')$$, '22023', NULL, 'NaN is refused');
SELECT throws_ok($$SELECT hotline.sample_callbacks(batch => NULL)$$, '22004', 'batch must not be null', 'a NULL batch is refused');
SELECT throws_ok($$SELECT hotline.sample_callbacks(batch => 0)$$, '22023', NULL, 'a batch of 0 is refused');
SELECT throws_ok($$SELECT hotline.sample_callbacks(batch => 100001)$$, '22023', NULL, 'a batch above 100000 is refused');
SELECT is(t.states('load'), '{load:reviewed:-}', 'a refused call changes nothing');

-- share 1.0 (the default): every reviewed order is called back
SELECT t.reviewed_many('all', 9);
CREATE TABLE t.due AS SELECT o.name, w.callback_due FROM t.ord o JOIN hotline.work_order w ON w.order_no = o.no;
SELECT is(hotline.sample_callbacks(),
          '{"job": "sample_callbacks", "share": 1, "examined": 10, "sampled": 10, "closed": 0, "failed": 0, "more": false}'::jsonb,
          'share 1 (the default): ten reviewed orders, all sampled');
SELECT is((SELECT count(*)::int FROM hotline.work_order WHERE state = 'reviewed' AND callback_sampled), 10,
          'they stay reviewed, in the callback queue, marked sampled');
SELECT is((SELECT count(*)::int FROM t.due d WHERE d.callback_due IS NOT DISTINCT FROM (t.wo(d.name)).callback_due
                                              AND d.callback_due IS NOT NULL), 10,
          'each keeps the callback_due the workflow set');
SELECT is(t.callback_tasks(), 10::bigint, 'the callback agents get one callback task per sampled order');
SELECT is((SELECT count(*)::int FROM hotline.outbox m JOIN t.ord o ON o.no = m.order_no
           WHERE m.template = 'callback_task' AND m.channel = 'system' AND m.recipient_user = 'callback_agents'
             AND m.dedup_key = 'callback_task:' || o.no::text AND m.payload ->> 'order_no' = o.no::text
             AND (m.payload ->> 'callback_due')::timestamptz = (t.wo(o.name)).callback_due), 10,
          'each task names its order and callback_due, for the system channel, with a dedup key');
CREATE TABLE t.after_first AS SELECT t.states('');
SELECT is(hotline.sample_callbacks(),
          '{"job": "sample_callbacks", "share": 1, "examined": 0, "sampled": 0, "closed": 0, "failed": 0, "more": false}'::jsonb,
          'run again: nothing left to decide');
SELECT is(t.states(''), (SELECT states FROM t.after_first), 'the second run changed no order');
SELECT is(t.callback_tasks(), 10::bigint, 'and posted no task twice');

-- share 0: nobody is called back, every order is closed through the engine
SELECT t.reviewed_many('none', 6);
SELECT is(hotline.sample_callbacks(share => 0),
          '{"job": "sample_callbacks", "share": 0, "examined": 6, "sampled": 0, "closed": 6, "failed": 0, "more": false}'::jsonb,
          'share 0: six orders, all closed');
SELECT is(t.states('none'), ARRAY(SELECT 'none-' || i || ':closed:false' FROM generate_series(1, 6) i ORDER BY 'none-' || i),
          'closed (办结) and marked not sampled');
SELECT is((SELECT count(*)::int FROM hotline.order_event e JOIN t.ord o ON o.no = e.order_no
           WHERE o.name LIKE 'none-%' AND e.action = 'close' AND e.actor = 'system' AND e.role = 'system'
             AND e.from_state = 'reviewed' AND e.to_state = 'closed'
             AND e.reason = '未抽中回访 (not sampled for callback, R-7.1)'), 6,
          'each close is an event of the system with the reason (R-1.6)');
SELECT ok((SELECT bool_and((t.wo(name)).closed_at IS NOT NULL) FROM t.ord WHERE name LIKE 'none-%'), 'closed_at is set');
SELECT is(t.callback_tasks(), 10::bigint, 'no callback task for them');

-- share 0.5: a split decided by the order number, the same on a rerun
SELECT t.reviewed_many('half', 40);
SAVEPOINT half;
SELECT is((hotline.sample_callbacks(share => 0.5) - 'share') ->> 'examined', '40', 'share 0.5: forty orders examined');
SELECT t.states('half') AS half_first \gset
ROLLBACK TO SAVEPOINT half;
SELECT is(t.states('half'), ARRAY(SELECT 'half-' || i || ':reviewed:-' FROM generate_series(1, 40) i ORDER BY 'half-' || i),
          '(rolled back: all forty undecided again)');
SELECT ok(hotline.sample_callbacks(share => 0.5) @> '{"examined": 40, "failed": 0}', 'share 0.5 again');
SELECT is(t.states('half'), :'half_first'::text[], 'the rerun decides exactly the same');
SELECT is(ARRAY(SELECT o.name FROM t.ord o JOIN hotline.work_order w ON w.order_no = o.no
                WHERE o.name LIKE 'half-%' AND w.callback_sampled ORDER BY o.name),
          ARRAY(SELECT o.name FROM t.ord o WHERE o.name LIKE 'half-%'
                AND hotline.callback_sample_point(o.no) < 0.5 ORDER BY o.name),
          'sampled are exactly the orders whose point (MD5 of the number) is below 0.5');
SELECT ok((SELECT count(*) FILTER (WHERE w.callback_sampled) BETWEEN 8 AND 32
                  AND count(*) FILTER (WHERE w.state = 'closed' AND NOT w.callback_sampled)
                      = count(*) FILTER (WHERE NOT w.callback_sampled)
           FROM t.ord o JOIN hotline.work_order w ON w.order_no = o.no WHERE o.name LIKE 'half-%'),
          'about half sampled; every other one closed');
SELECT ok((SELECT bool_and(hotline.callback_sample_point(o.no) >= 0 AND hotline.callback_sample_point(o.no) < 1)
           FROM t.ord o), 'the sample point lies in [0, 1)');
SELECT is(hotline.callback_sample_point('110108-20261123-000001'), hotline.callback_sample_point('110108-20261123-000001'),
          'the sample point of a number never changes');

-- the setting is the default share
SELECT t.reviewed_many('guc', 3);
SET LOCAL hotline.callback_share = 0;
SELECT ok(hotline.sample_callbacks() @> '{"share": 0, "closed": 3, "sampled": 0}', 'hotline.callback_share = 0: all closed');
SET LOCAL hotline.callback_share = 1;

-- bounded batches: the next run takes the rest
SELECT t.reviewed_many('batch', 3);
SELECT ok(hotline.sample_callbacks(batch => 2) @> '{"examined": 2, "sampled": 2, "more": true}', 'a batch of 2 takes two and says there is more');
SELECT ok(hotline.sample_callbacks(batch => 2) @> '{"examined": 1, "sampled": 1, "more": false}', 'the next run takes the last one');

-- orders in other states are left alone
SELECT is(hotline.callback_sample_point(t.o('all-1')) IS NOT NULL, true, '(fixture)');
SELECT t.reviewed('called back');
SELECT hotline.callback(t.o('called back'), process_satisfaction => 'satisfied', result_satisfaction => 'satisfied',
                        actor => 'agent 0108');
SELECT ok(hotline.sample_callbacks() @> '{"examined": 0}', 'no reviewed order is left undecided');
SELECT is(t.states('called back'), '{"called back:callback_done:-"}', 'a called-back order is not sampled');

-- ---------------------------------------------------------------------------
-- Archiving (R-8.1)
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT hotline.archive_closed(after => '-1 second')$$, '22023',
                 'the archive delay must not be negative: -00:00:01', 'a negative delay is refused');
SELECT throws_ok($$SELECT hotline.archive_closed(batch => NULL)$$, '22004', NULL, 'a NULL batch is refused');
SELECT throws_ok($$SELECT hotline.archive_closed(batch => -3)$$, '22023', NULL, 'a negative batch is refused');

-- the orders closed so far (none- and half-) were closed just now: not yet
SELECT is(hotline.archive_closed() - 'after',
          '{"job": "archive", "examined": 0, "archived": 0, "failed": 0, "more": false}'::jsonb,
          'nothing closed longer than 7 days yet');
SELECT t.closed('old 30d', interval '30 days');
SELECT t.closed('old 8d', interval '8 days');
SELECT t.closed('recent 6d', interval '6 days');
SELECT t.closed('recent 1h', interval '1 hour');
INSERT INTO t.ord VALUES ('answered 9d',
    hotline.answer(region => '110108', appeal_type => 'consultation', channel => 'phone',
                   description => '咨询社保卡补办', result => '已告知补办流程', actor => 'agent 0108'));
UPDATE hotline.work_order SET closed_at = now() - interval '9 days' WHERE order_no = t.o('answered 9d');
-- a terminated order (终结) is closed too, but never archived
SELECT t.reviewed('terminated 40d');
SELECT hotline.terminate(t.o('terminated 40d'), reason => '市民撤回诉求', actor => 'supervisor 1', actor_role => 'supervisor');
UPDATE hotline.work_order SET closed_at = now() - interval '40 days' WHERE order_no = t.o('terminated 40d');
-- a reviewed order with an old review is not closed: never archived
UPDATE hotline.work_order SET updated_at = now() - interval '60 days' WHERE order_no = t.o('all-1');

SELECT is(hotline.archive_closed(),
          '{"job": "archive", "after": "7 days", "examined": 3, "archived": 3, "failed": 0, "more": false}'::jsonb,
          'hotline.archive_after (7 days): the three orders closed longer ago are archived');
SELECT is(ARRAY(SELECT o.name FROM t.ord o JOIN hotline.work_order w ON w.order_no = o.no
                WHERE w.state = 'archived' ORDER BY o.name),
          '{"answered 9d","old 30d","old 8d"}', 'closed and directly answered orders, older than 7 days');
SELECT ok((SELECT bool_and((t.wo(n)).archived_at IS NOT NULL) FROM unnest('{"answered 9d","old 30d","old 8d"}'::text[]) n),
          'archived_at is set');
SELECT is((SELECT count(*)::int FROM hotline.order_event e JOIN t.ord o ON o.no = e.order_no
           WHERE e.action = 'archive' AND e.actor = 'system' AND e.role = 'system' AND e.to_state = 'archived'), 3,
          'each archive is an event of the system');
SELECT is(ARRAY[(t.wo('recent 6d')).state, (t.wo('recent 1h')).state, (t.wo('terminated 40d')).state, (t.wo('all-1')).state],
          '{closed,closed,terminated,reviewed}', 'recent, terminated and open orders are left alone');
SELECT is(hotline.archive_closed() ->> 'archived', '0', 'run again: nothing left to archive');
SELECT is((SELECT count(*)::int FROM hotline.order_event WHERE action = 'archive'), 3, 'and no order archived twice');

SELECT is(hotline.archive_closed(after => '5 days') ->> 'archived', '1', 'after => 5 days archives the order closed 6 days ago');
SET LOCAL hotline.archive_after = '30min';
SELECT is(hotline.archive_closed() - 'job' - 'more',
          '{"after": "00:30:00", "examined": 1, "archived": 1, "failed": 0}'::jsonb,
          'hotline.archive_after = 30min archives the order closed an hour ago');
RESET hotline.archive_after;
UPDATE hotline.work_order SET closed_at = closed_at - interval '1 second' WHERE state = 'closed';
SELECT count(*) AS still_closed FROM hotline.work_order WHERE state = 'closed' \gset
SELECT cmp_ok(:still_closed, '>=', 9, '(the orders the sampling closed, a second ago)');
SELECT is((hotline.archive_closed(after => '0') ->> 'archived')::int, :still_closed,
          'after => 0: every closed order is archived');
SELECT is((SELECT count(*)::int FROM hotline.work_order WHERE state IN ('closed', 'answered')), 0,
          'nothing closed is left');

-- bounded batches
SELECT t.closed('b' || i, interval '10 days') FROM generate_series(1, 3) i;
SELECT ok(hotline.archive_closed(batch => 2) @> '{"examined": 2, "archived": 2, "more": true}', 'a batch of 2 archives two');
SELECT ok(hotline.archive_closed(batch => 2) @> '{"examined": 1, "archived": 1, "more": false}', 'the next run the last one');

-- ---------------------------------------------------------------------------
-- The job convention: lock, log, pruning
-- ---------------------------------------------------------------------------
SELECT is((SELECT count(*)::int FROM hotline.job_run WHERE job = 'sample_callbacks'), 8,
          'every run of sample_callbacks was logged (the refused calls not)');
SELECT is((SELECT result FROM hotline.job_run WHERE job = 'archive' ORDER BY id DESC LIMIT 1),
          '{"job": "archive", "after": "7 days", "examined": 1, "archived": 1, "failed": 0, "more": false}'::jsonb,
          'the log keeps what the run returned');
SELECT ok((SELECT bool_and(finished_at >= started_at AND database = current_database() AND run_by = session_user
                           AND pid = pg_backend_pid())
           FROM hotline.job_run), 'each run: start, end, database, who ran it');
SELECT is((SELECT last_result FROM hotline.job_status WHERE job = 'archive'),
          (SELECT result FROM hotline.job_run WHERE job = 'archive' ORDER BY id DESC LIMIT 1),
          'hotline.job_status shows the last run''s result');
SELECT is(ARRAY(SELECT job || ':' || scheduled || ':' || coalesce(cron_last_status, '-') FROM hotline.job_status ORDER BY job),
          '{archive:false:-,audit_histories:false:-,check_histories:false:-,kb_remind_reviews:false:-,recompute_deadlines:false:-,refresh_statistics:false:-,sample_callbacks:false:-,sweep:false:-}',
          'without pg_cron in this database the view works: nothing scheduled, no pg_cron status');

SELECT ok(hotline.job_try_lock('archive'), 'job_try_lock takes the job''s lock');
SELECT ok(hotline.job_try_lock('archive'), 'the same transaction may take it again');
SELECT ok(EXISTS (SELECT FROM pg_locks WHERE locktype = 'advisory' AND classid = 1752134764 AND objid = 4
                  AND pid = pg_backend_pid() AND granted),
          'the lock is the fixed key (1752134764, 4) of job archive');
SELECT throws_ok($$SELECT hotline.job_try_lock('reindex')$$, '42704', 'job "reindex" does not exist', 'an unknown job has no lock');
SELECT throws_ok($$SELECT hotline.job_try_lock(NULL)$$, '22004', NULL, 'a NULL job has no lock');
SELECT is(hotline.job_skipped('archive'), '{"job": "archive", "skipped": "another run of this job is in progress"}',
          'what a skipped run returns');

SELECT throws_ok($$SELECT hotline.log_job_run('reindex', now(), '{}')$$, '42704', NULL, 'logging an unknown job is refused');
SELECT throws_ok($$SELECT hotline.log_job_run('archive', NULL, '{}')$$, '22004', NULL, 'a NULL start is refused');
SELECT throws_ok($$SELECT hotline.log_job_run('archive', now(), NULL)$$, '22004', NULL, 'a NULL result is refused');
SELECT throws_ok($$SELECT hotline.log_job_run('archive', now(), '"done"')$$, '22023',
                 'the result of a job run must be a JSON object, not string', 'a result that is not an object is refused');
SELECT throws_ok($$SELECT hotline.log_job_run('archive', clock_timestamp() + interval '1 hour', '{}')$$, '22023',
                 'a job run cannot start in the future', 'a start in the future is refused');

-- pruning: runs older than hotline.job_run_retention go as new runs are logged
INSERT INTO hotline.job_run (job, started_at, finished_at, result)
    SELECT 'sweep', now() - interval '40 days' + i * interval '1 minute', now() - interval '40 days' + i * interval '1 minute', '{}'
    FROM generate_series(1, 150) i;
INSERT INTO hotline.job_run (job, started_at, finished_at, result)
    VALUES ('sweep', now() - interval '20 days', now() - interval '20 days', '{"kept": true}');
SELECT lives_ok($$SELECT hotline.log_job_run('sweep', clock_timestamp(), '{"test": 1}')$$, 'log a run');
SELECT is((SELECT count(*)::int FROM hotline.job_run WHERE started_at < now() - interval '30 days'), 50,
          'a run removes at most 100 expired runs (the oldest)');
SELECT lives_ok($$SELECT hotline.log_job_run('sweep', clock_timestamp(), '{"test": 2}')$$, 'log another');
SELECT is((SELECT count(*)::int FROM hotline.job_run WHERE started_at < now() - interval '30 days'), 0,
          'the next one removes the rest');
SELECT ok(EXISTS (SELECT FROM hotline.job_run WHERE result = '{"kept": true}'), 'a run of 20 days ago stays');
SET LOCAL hotline.job_run_retention = '10d';
SELECT lives_ok($$SELECT hotline.log_job_run('sweep', clock_timestamp(), '{"test": 3}')$$, 'log with a retention of 10 days');
SELECT ok(NOT EXISTS (SELECT FROM hotline.job_run WHERE result = '{"kept": true}'), 'the run of 20 days ago goes');
SELECT throws_ok($$SET hotline.job_run_retention = '10min'$$, '22023', NULL, 'a retention under an hour is refused');

-- ---------------------------------------------------------------------------
-- Scheduling from a database that is not cron.database_name
-- ---------------------------------------------------------------------------
SELECT isnt(current_setting('cron.database_name'), current_database()::text, '(this database is not pg_cron''s)');
SELECT throws_ok($$SELECT * FROM hotline.schedule_jobs()$$, '55000',
                 format('scheduling jobs of database "%s" in pg_cron''s database "%s" needs the extension dblink',
                        current_database(), current_setting('cron.database_name')),
                 'without dblink: 55000 saying what is missing');
SELECT throws_ok($$SELECT * FROM hotline.unschedule_jobs()$$, '55000', NULL, 'unschedule_jobs too');
SELECT is(hotline.cron_job_name('archive'), 'hotline.archive@' || current_database(), 'pg_cron''s job name: hotline.<job>@<database>');
SELECT is(hotline.cron_check_schedule('archive', E' */5  *\t* * * ', '1.4-1'), '*/5 * * * *', 'a schedule is normalised');
SELECT is(hotline.cron_check_schedule('archive', '@daily', '1.4-1'), '@daily', 'keywords are schedules');
SELECT throws_ok($$SELECT hotline.cron_check_schedule('archive', '5 seconds', '1.4-1')$$, '0A000',
                 'pg_cron 1.4-1 cannot run job archive every "5 seconds"', 'seconds need pg_cron 1.5');
SELECT is(hotline.cron_check_schedule('archive', '5 seconds', '1.6'), '5 seconds', 'pg_cron 1.5 and later take seconds');
SELECT throws_ok($$SELECT hotline.cron_check_schedule('archive', '75 seconds', '1.6')$$, '22023', NULL, 'at most 59 seconds');
SELECT throws_ok($$SELECT hotline.cron_check_schedule('archive', $q$* * * * *'); SELECT ('$q$, '1.6')$$, '22023', NULL,
                 'anything but a schedule is refused');
SELECT is(hotline.conninfo_quote($q$it's a \ path$q$), $q$'it\'s a \\ path'$q$, 'connection string values are quoted for libpq');

SELECT * FROM finish();
ROLLBACK;
