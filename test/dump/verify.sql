-- After pg_dump and pg_restore of the database test/dump/setup.sql filled:
-- users' calendars came back, built-in rows exactly once, and the restored
-- calendars compute what the originals did.
\set ON_ERROR_STOP true
SET client_min_messages = error;
BEGIN;
SELECT plan(8);
SELECT is(ARRAY(SELECT name || ':' || coalesce(base, '-') || ':' || builtin FROM hotline.calendar ORDER BY name),
          '{24x7:-:false,beijing:cn:false,cn:-:true,dongcheng:beijing:false,urumqi:cn:false}'::text[],
          'calendars restored, cn once');
SELECT is((SELECT count(*)::int FROM hotline.calendar_day WHERE builtin), 254, 'built-in days once, not twice');
SELECT is(ARRAY(SELECT calendar || ':' || day || ':' || kind FROM hotline.calendar_day WHERE NOT builtin ORDER BY 1),
          '{beijing:2026-12-01:holiday,cn:2027-01-01:holiday,dongcheng:2026-12-01:workday}'::text[],
          'users'' days restored, also those added to cn');
SELECT is(hotline.covered_years('cn'), '{2020,2021,2022,2023,2024,2025,2026,2027}'::int[], 'the year added to cn is restored');
SELECT is(hotline.is_working_day('beijing', '2026-12-01'), false, 'beijing day off');
SELECT is(hotline.is_working_day('dongcheng', '2026-12-01'), true, 'dongcheng overrides beijing');
SELECT is(hotline.deadline('urumqi', '2026-10-09 01:00+08', '1 working day'), '2026-10-10 00:00+06', 'urumqi keeps its zone');
SELECT is((SELECT business_hours::text FROM hotline.calendar WHERE name = '24x7'), '{"[00:00:00,24:00:00)"}', '24x7 keeps its hours');
SELECT * FROM finish();
ROLLBACK;
