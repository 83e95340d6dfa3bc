-- After README's restore on a new server whose cron.database_name is the
-- restored database (hotline_new), and README's steps after a restore
-- (Installation, "Backup and restore"; test/run.sh runs both as they are
-- written): the hotline's jobs are scheduled again in this server's pg_cron
-- under the new database's name, nothing of the old server's pg_cron came
-- back, and every calendar is queued for one recomputation (R-12.3, R-14.1).
-- The dump was taken on a server where the hotline's database held pg_cron
-- and the jobs of test/dump/setup.sql's hotline (the six built-in jobs and
-- a job of the user's own, purge_outbox).
\set ON_ERROR_STOP true
SET client_min_messages = error;
BEGIN;
SELECT plan(4);

SELECT is(ARRAY(SELECT job || ':' || cron_job_name || ':' || cron_database || ':' || coalesce(active::text, '-')
                FROM hotline.job_status WHERE scheduled ORDER BY job),
          '{archive:hotline.archive@hotline_new:hotline_new:true,audit_histories:hotline.audit_histories@hotline_new:hotline_new:true,check_histories:hotline.check_histories@hotline_new:hotline_new:true,kb_remind_reviews:hotline.kb_remind_reviews@hotline_new:hotline_new:true,purge_outbox:hotline.purge_outbox@hotline_new:hotline_new:true,recompute_deadlines:hotline.recompute_deadlines@hotline_new:hotline_new:true,refresh_statistics:hotline.refresh_statistics@hotline_new:hotline_new:true,sample_callbacks:hotline.sample_callbacks@hotline_new:hotline_new:true,sweep:hotline.sweep@hotline_new:hotline_new:true}'::text[],
          'hotline.schedule_jobs scheduled every job again, the user''s own too, under the new database''s name');
SELECT is(ARRAY(SELECT jobname || ':' || database || ':' || schedule FROM cron.job ORDER BY jobname),
          '{hotline.archive@hotline_new:hotline_new:30 18 * * *,hotline.audit_histories@hotline_new:hotline_new:30 19 * * 6,hotline.check_histories@hotline_new:hotline_new:17 * * * *,hotline.kb_remind_reviews@hotline_new:hotline_new:0 1 * * *,hotline.purge_outbox@hotline_new:hotline_new:0 3 * * *,hotline.recompute_deadlines@hotline_new:hotline_new:*/5 * * * *,hotline.refresh_statistics@hotline_new:hotline_new:*/10 * * * *,hotline.sample_callbacks@hotline_new:hotline_new:*/10 * * * *,hotline.sweep@hotline_new:hotline_new:* * * * *}'::text[],
          'pg_cron holds these jobs and no other: none of the old server''s jobs (database hotline) came back');
SELECT is((SELECT count(*)::int FROM cron.job_run_details WHERE database <> 'hotline_new'), 0,
          'nor the old server''s history of runs');
-- done or not: the recompute_deadlines job may have taken them already
SELECT is(ARRAY(SELECT calendar FROM hotline.calendar_change WHERE first_day IS NULL ORDER BY calendar),
          '{24x7,cn}'::text[], 'the calendars at the root of the others are queued once for a recomputation');

SELECT * FROM finish();
ROLLBACK;
