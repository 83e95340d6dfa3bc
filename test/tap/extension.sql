-- The extension as a DBA sees it: schema, privileges, pg_dump marks,
-- function properties, and installation independent of search_path.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
BEGIN;
SELECT plan(20);

SELECT has_schema('hotline');
SELECT has_type('hotline', 'time_limit', 'type hotline.time_limit exists');
SELECT has_table('hotline', 'calendar', 'table hotline.calendar exists');
SELECT has_view('hotline', 'calendar_coverage', 'view hotline.calendar_coverage exists');

-- users' data survives pg_dump: every table of the schema is marked, the
-- calendar tables without their built-in rows
SELECT set_eq(
    $$SELECT c.oid::regclass::text FROM pg_class c
      WHERE c.relnamespace = 'hotline'::regnamespace AND c.relkind = 'r'
        AND c.relname NOT IN ('calendar_change', 'job_schedule',   -- a work queue; a mirror of cron.job
                              -- the statistics: built again by the job's first run after a restore
                              'assignment_fact', 'order_fact', 'assessment_rollup_unit', 'assessment_rollup_detail',
                              'order_rollup', 'order_words', 'order_text',
                              'statistics_check')$$,
    $$SELECT u.c::regclass::text FROM pg_extension e, unnest(e.extconfig) AS u(c), pg_class k
      WHERE e.extname = 'hotline' AND k.oid = u.c AND k.relkind = 'r'$$,
    'every table of schema hotline is marked for pg_dump');
SELECT set_eq(
    $$SELECT c::regclass::text, w FROM pg_extension e,
        LATERAL unnest(e.extconfig, e.extcondition) AS u(c, w)
      WHERE e.extname = 'hotline' AND c::regclass::text LIKE 'hotline.calendar%'$$,
    $$VALUES ('hotline.calendar', 'WHERE NOT builtin'), ('hotline.calendar_day', 'WHERE NOT builtin'),
             ('hotline.calendar_year', 'WHERE NOT builtin')$$,
    'the calendar tables are marked for pg_dump without their built-in rows');
SELECT is(
    ARRAY(SELECT s.oid::regclass::text FROM pg_class s
          WHERE s.relnamespace = 'hotline'::regnamespace AND s.relkind = 'S'
            AND s.relname <> 'calendar_change_id_seq'
            AND s.oid NOT IN (SELECT unnest(extconfig) FROM pg_extension WHERE extname = 'hotline')),
    '{}'::text[], 'every sequence of schema hotline is marked for pg_dump too');
SELECT is(ARRAY(SELECT u.c::regclass::text FROM pg_extension e, unnest(e.extconfig) AS u(c)
                WHERE e.extname = 'hotline' AND u.c::regclass::text LIKE 'hotline.calendar_change%'),
          '{}'::text[], 'the queue of calendar changes is not dumped');

-- pg_upgrade refuses tables with columns of the reg* types whose OIDs it
-- does not keep (all but regclass, regrole and regtype): none here
-- (0.1.0 kept a hook as regprocedure, which blocked pg_upgrade)
SELECT is(
    ARRAY(SELECT a.attrelid::regclass || '.' || a.attname || ' ' || a.atttypid::regtype
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          WHERE c.relnamespace = 'hotline'::regnamespace AND c.relkind IN ('r', 'm', 'p') AND a.attnum > 0
            AND NOT a.attisdropped
            AND a.atttypid IN ('regproc'::regtype, 'regprocedure'::regtype, 'regoper'::regtype,
                               'regoperator'::regtype, 'regconfig'::regtype, 'regdictionary'::regtype,
                               'regnamespace'::regtype, 'regcollation'::regtype)
          ORDER BY 1),
    '{}'::text[], 'no column of a type pg_upgrade refuses');

-- privileges: everyone reads calendars, nobody but the owner writes them or imports
CREATE ROLE hotline_test_reader NOLOGIN;
SELECT ok(has_table_privilege('hotline_test_reader', 'hotline.calendar_day', 'SELECT'), 'anyone may read calendar days');
SELECT ok(NOT has_table_privilege('hotline_test_reader', 'hotline.calendar_day', 'INSERT'), 'not anyone may add calendar days');
SELECT ok(NOT has_function_privilege('hotline_test_reader', 'hotline.import_ics(text, text, hotline.day_kind, text, integer[])', 'EXECUTE'),
          'not anyone may import a calendar');
SELECT ok(has_function_privilege('hotline_test_reader', 'hotline.deadline(text, timestamptz, hotline.time_limit)', 'EXECUTE'),
          'anyone may compute a deadline');
SELECT ok(NOT has_schema_privilege('hotline_test_reader', 'hotline', 'CREATE'), 'nobody else creates objects in schema hotline');

SET LOCAL ROLE hotline_test_reader;
SELECT is(hotline.deadline('cn', '2026-09-30 10:00+08', '7 working days'), '2026-10-16 00:00+08', 'a plain role computes deadlines');
SELECT throws_ok($$INSERT INTO hotline.calendar (name) VALUES ('mine')$$, '42501', NULL, 'a plain role cannot create calendars');
RESET ROLE;

-- the arithmetic is STRICT, STABLE (calendars are rows) and PARALLEL SAFE
SELECT is(
    ARRAY(SELECT p.proname::text FROM pg_proc p
          WHERE p.pronamespace = 'hotline'::regnamespace
            AND p.proname IN ('deadline', 'working_days', 'working_time', 'is_working_day', 'covered_years')
            AND NOT (p.proisstrict AND p.provolatile = 's' AND p.proparallel = 's')
          ORDER BY 1),
    '{}'::text[], 'calendar functions are strict, stable and parallel safe');

-- results do not depend on the caller's search_path
SET LOCAL search_path = pg_catalog;
SELECT hotline.working_days('cn', '2026-01-01', '2026-12-31') AS wd_no_path \gset
RESET search_path;
SELECT is(:wd_no_path, 248, 'works with an empty search_path');

-- the module's settings exist and the prefix is reserved
SELECT is(current_setting('hotline.warn_uncovered'), 'on', 'hotline.warn_uncovered defaults to on');
SELECT throws_ok($$SET hotline.no_such_setting = 1$$, '42602', NULL, 'unknown hotline.* settings are refused');

SELECT * FROM finish();
ROLLBACK;
