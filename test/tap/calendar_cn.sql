-- The built-in national calendar cn reproduces every working day of
-- 2020-2026 given by the public files test/data/holidays-cn/*.ics
-- (R-12.1, R-12.2), and the importer reads those files as they are.
\set ON_ERROR_STOP true
\getenv test_data HOTLINE_TEST_DATA
SET client_min_messages = error;
BEGIN;
SELECT plan(29);

INSERT INTO hotline.calendar (name, description) VALUES ('files', 'holiday-cn files, one per notice year');
INSERT INTO hotline.calendar (name, description) VALUES ('combined', 'holiday-cn combined file');

-- import every notice year; each import changes days
SELECT cmp_ok(hotline.import_ics('files', pg_read_binary_file(:'test_data' || '/holidays-cn/' || y || '.ics')), '>', 0,
              'importing ' || y || '.ics changes days')
FROM generate_series(2020, 2026) y;

-- every day of 2020-2026: the files and the built-in calendar agree
SELECT is(
    ARRAY(SELECT d::date FROM generate_series(make_date(y, 1, 1), make_date(y, 12, 31), interval '1 day') d
          WHERE hotline.is_working_day('files', d::date) IS DISTINCT FROM hotline.is_working_day('cn', d::date)),
    '{}'::date[],
    y || ': every day of cn agrees with ' || y || '.ics')
FROM generate_series(2020, 2026) y;

-- the files' own figures (README of the data)
SELECT results_eq(
    $$SELECT y, hotline.working_days('files', make_date(y, 1, 1), make_date(y, 12, 31))
      FROM generate_series(2021, 2026) y$$,
    $$VALUES (2021, 250), (2022, 249), (2023, 249), (2024, 251), (2025, 248), (2026, 248)$$,
    'working days per year as the data README gives them');

-- re-importing the same files changes nothing
SELECT is(sum(hotline.import_ics('files', pg_read_binary_file(:'test_data' || '/holidays-cn/' || y || '.ics')))::int, 0,
          're-importing all seven files changes no day')
FROM generate_series(2020, 2026) y;

-- the invalid DTSTAMP;VALUE=DATE lines drop no event: every event of 2024.ics is there
SELECT is((SELECT count(*)::int FROM hotline.calendar_day WHERE calendar = 'files' AND day BETWEEN '2024-01-01' AND '2024-12-31' AND kind = 'workday'),
          8, '2024.ics: all 8 make-up working days imported');
SELECT is((SELECT count(*)::int FROM hotline.calendar_day WHERE calendar = 'files' AND day BETWEEN '2024-01-01' AND '2024-12-31' AND kind = 'holiday'),
          28, '2024.ics: all 28 holiday days imported');
SELECT is((SELECT note FROM hotline.calendar_day WHERE calendar = 'files' AND day = '2024-02-18'),
          '上班(补春节假期)', 'a make-up day keeps its SUMMARY as note');

-- coverage derived from the files: 2020-2026, not 2022 from 2023.ics's 2022-12-31 alone
SELECT is(hotline.covered_years('files'), '{2020,2021,2022,2023,2024,2025,2026}'::int[],
          'the files cover their notice years');

-- the combined file gives the same days for 2022-2026
SELECT cmp_ok(hotline.import_ics('combined', pg_read_binary_file(:'test_data' || '/holidays-cn/holiday-cn.ics')), '>', 0,
              'holiday-cn.ics imports');
SELECT is(
    ARRAY(SELECT d::date FROM generate_series(date '2022-01-01', date '2026-12-31', interval '1 day') d
          WHERE hotline.is_working_day('combined', d::date) IS DISTINCT FROM hotline.is_working_day('cn', d::date)),
    '{}'::date[], 'holiday-cn.ics agrees with cn over 2022-2026');
SELECT is(hotline.covered_years('combined'), '{2022,2023,2024,2025,2026}'::int[],
          'the combined file covers 2022-2026');

-- round trip: export cn, import into an empty calendar, same working days
INSERT INTO hotline.calendar (name) VALUES ('roundtrip');
SELECT cmp_ok(hotline.import_ics('roundtrip', hotline.export_ics('cn', '2020-01-01', '2026-12-31')), '>', 0,
              'the export of cn imports');
SELECT is(
    ARRAY(SELECT d::date FROM generate_series(date '2019-12-01', date '2027-01-31', interval '1 day') d
          WHERE hotline.is_working_day('roundtrip', d::date) IS DISTINCT FROM hotline.is_working_day('cn', d::date)),
    '{}'::date[], 'export then import gives the same working days');
SELECT results_eq(
    $$SELECT day, kind, note FROM hotline.calendar_day WHERE calendar = 'roundtrip' ORDER BY day$$,
    $$SELECT day, kind, note FROM hotline.calendar_day WHERE calendar = 'cn' ORDER BY day$$,
    'export then import keeps every day, kind and note');
SELECT is(hotline.import_ics('roundtrip', hotline.export_ics('cn', '2020-01-01', '2026-12-31')), 0,
          'importing the export again changes nothing');

-- the export is itself valid for the files' years, and a range gives only its days
SELECT is((SELECT count(*)::int FROM regexp_matches(hotline.export_ics('cn', '2026-01-01', '2026-12-31'), 'BEGIN:VEVENT', 'g')),
          13, '2026 exports as 13 events, one per block of days as the notice has them');
SELECT unalike(hotline.export_ics('cn', '2026-10-01', '2026-10-31'), '%20260925%', 'a range exports only its days');

SELECT * FROM finish();
ROLLBACK;
