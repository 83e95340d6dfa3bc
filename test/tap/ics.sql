-- iCalendar import and export in depth (R-12.2, extension/platform/ics.c): the
-- State Council files, round trips, the export format, line ends, folds and
-- encodings, every malformed-file error (each names its line, nothing is
-- imported), kinds, lengths, recurrence and time zones of events.
\set ON_ERROR_STOP true
\getenv test_data HOTLINE_TEST_DATA
\set datadir :test_data '/holidays-cn'
SET client_min_messages = error;	-- working_days warns about uncovered years
BEGIN;
SELECT * FROM no_plan();

\ir lib/fails.sql

-- ics(lines...): an iCalendar text with CRLF line ends
CREATE FUNCTION pg_temp.ics(VARIADIC l text[]) RETURNS text
LANGUAGE sql AS $$ SELECT array_to_string(l, E'\r\n') || E'\r\n' $$;

INSERT INTO hotline.calendar (name) VALUES ('ics_t'), ('ics_rt'), ('ics_m'), ('ics_p');

------------------------------------------------------------------------
-- The State Council notices (test/data/holidays-cn)
------------------------------------------------------------------------
SELECT ok(
    (SELECT bool_and(hotline.import_ics('ics_t',
            pg_read_binary_file(:'datadir' || '/' || f || '.ics')) > 0)
     FROM unnest(ARRAY['2020','2021','2022','2023','2024','2025','2026']) f),
    'every notice file imports days');

SELECT ok(hotline.working_days('ics_t', make_date(y, 1, 1), make_date(y, 12, 31)) = n,
                  format('working days of %s = %s', y, n))
FROM (VALUES (2021, 250), (2022, 249), (2023, 249), (2024, 251), (2025, 248), (2026, 248)) v(y, n);

-- re-importing changes nothing; the combined file agrees
SELECT ok(hotline.import_ics('ics_t', pg_read_binary_file(:'datadir' || '/' || f || '.ics')) = 0,
                  'reimport of ' || f || ' returns 0')
FROM unnest(ARRAY['2020','2021','2022','2023','2024','2025','2026','holiday-cn']) f;

-- DTSTAMP;VALUE=DATE (invalid, X-LIC-ERROR) does not drop events; make-up days
SELECT ok((SELECT kind = 'workday' AND note = '上班(补春节假期)'
                   FROM hotline.calendar_day WHERE calendar = 'ics_t' AND day = '2023-01-28'),
                  '2023-01-28 is a make-up working day');
SELECT ok((SELECT kind = 'holiday' AND note = '元旦假期'
                         AND source = 'iCalendar: 中国法定节假日'
                   FROM hotline.calendar_day WHERE calendar = 'ics_t' AND day = '2022-12-31'),
                  '2022-12-31 from 2023.ics, source from X-WR-CALNAME');
-- coverage: 2023.ics declares 2022-12-31 but covers 2023 only
SELECT ok(ARRAY(SELECT year FROM hotline.calendar_year WHERE calendar = 'ics_t' ORDER BY 1)
                  = '{2020,2021,2022,2023,2024,2025,2026}', 'derived coverage years');
INSERT INTO hotline.calendar (name) VALUES ('ics_y');
SELECT hotline.import_ics('ics_y', pg_read_binary_file(:'datadir' || '/2023.ics'));
SELECT ok(ARRAY(SELECT year FROM hotline.calendar_year WHERE calendar = 'ics_y') = '{2023}',
                  '2023.ics covers 2023, not 2022');

-- an import that agrees with the built-in calendar touches none of its rows
SELECT ok(hotline.import_ics('cn', pg_read_binary_file(:'datadir' || '/2024.ics')) = 0,
                  'import agreeing with cn changes nothing');

------------------------------------------------------------------------
-- Export, and export -> import round trip
------------------------------------------------------------------------
SELECT ok(hotline.import_ics('ics_rt', hotline.export_ics('ics_t', '1900-01-01', '2199-12-31')) =
                  (SELECT count(*) FROM hotline.calendar_day WHERE calendar = 'ics_t'),
                  'round trip imports every day');
SELECT ok(NOT EXISTS (
    (SELECT day, kind, note, source FROM hotline.calendar_day WHERE calendar = 'ics_t'
     EXCEPT SELECT day, kind, note, source FROM hotline.calendar_day WHERE calendar = 'ics_rt')
    UNION ALL
    (SELECT day, kind, note, source FROM hotline.calendar_day WHERE calendar = 'ics_rt'
     EXCEPT SELECT day, kind, note, source FROM hotline.calendar_day WHERE calendar = 'ics_t')),
    'round trip gives identical rows');
SELECT ok(hotline.working_days('ics_rt', '2020-01-01', '2026-12-31') =
                  hotline.working_days('ics_t', '2020-01-01', '2026-12-31'), 'round trip: same working days');

-- the export itself: CRLF, folding at 75 octets between characters, escaping
INSERT INTO hotline.calendar_day (calendar, day, kind, note, source) VALUES
    ('ics_p', '2023-07-01', 'holiday', E'semi;colon, comma \\ back\nline 上班', 'src,1'),
    ('ics_p', '2023-07-02', 'holiday', E'semi;colon, comma \\ back\nline 上班', 'src,1'),
    ('ics_p', '2023-07-03', 'workday', repeat('长', 60), NULL),
    ('ics_p', '2023-07-04', 'workday', NULL, NULL),
    ('ics_p', '2023-07-06', 'holiday', NULL, NULL);
SELECT ok(e LIKE E'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hotline//hotline calendar//ZH\r\n%'
                  AND e LIKE E'%\r\nEND:VCALENDAR\r\n'
                  AND e !~ E'[^\r]\n'
                  AND strpos(e, E'SUMMARY:semi\\;colon\\, comma \\\\ back\\nline 上班\r\n') > 0
                  AND e LIKE E'%DTSTART;VALUE=DATE:20230701\r\nDTEND;VALUE=DATE:20230703\r\n%'
                  AND strpos(e, E'X-HOTLINE-SOURCE:src\\,1\r\n') > 0
                  AND e LIKE E'%UID:ics_p-20230703-workday@hotline\r\n%'
                  AND e LIKE E'%SUMMARY:上班\r\nCATEGORIES:WORKDAY%'
                  AND e LIKE E'%SUMMARY:休息日\r\nCATEGORIES:HOLIDAY%'
                  AND (SELECT bool_and(octet_length(l) <= 75)
                       FROM regexp_split_to_table(e, E'\r\n') l)
                  AND (SELECT count(*) FROM regexp_split_to_table(e, E'\r\n') l WHERE l LIKE ' %') = 2,
                  'export format')
FROM hotline.export_ics('ics_p', '2023-01-01', '2023-12-31') e;
-- kinds come back from CATEGORIES whatever the notes say
INSERT INTO hotline.calendar (name) VALUES ('ics_p2');
SELECT hotline.import_ics('ics_p2', hotline.export_ics('ics_p', '2023-01-01', '2023-12-31'));
SELECT ok(NOT EXISTS (SELECT 1 FROM hotline.calendar_day a
                              LEFT JOIN hotline.calendar_day b ON b.calendar = 'ics_p2' AND b.day = a.day
                              WHERE a.calendar = 'ics_p'
                              AND (b.kind IS DISTINCT FROM a.kind
                                   OR (a.note IS NOT NULL AND b.note IS DISTINCT FROM a.note))),
                  'odd notes round trip, kinds kept');
SELECT pg_temp.fails($$SELECT hotline.export_ics('ics_p', '2023-12-31', '2023-01-01')$$, '22023', '%after%');
SELECT pg_temp.fails($$SELECT hotline.export_ics('no such calendar', '2023-01-01', '2023-12-31')$$, '42704', '%does not exist%');

------------------------------------------------------------------------
-- Line ends, folds, BOM, encodings
------------------------------------------------------------------------
SELECT ok(hotline.import_ics('ics_m', E'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20230101\nSUMMARY:lf\nEND:VEVENT\nEND:VCALENDAR\n') = 1, 'LF only');
SELECT ok(hotline.import_ics('ics_m', E'BEGIN:VCALENDAR\rBEGIN:VEVENT\rDTSTART;VALUE=DATE:20230102\rSUMMARY:cr\rEND:VEVENT\rEND:VCALENDAR') = 1, 'CR only');
SELECT ok(hotline.import_ics('ics_m', '\xefbbbf'::bytea || convert_to(pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230103', 'END:VEVENT', 'END:VCALENDAR'), 'UTF8')) = 1, 'BOM');
-- 春 = e6 98 a5, folded after its second byte; a fold inside a property name too
SELECT ok(hotline.import_ics('ics_m',
    convert_to(E'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTST\r\n ART;VALUE=DATE:20230104\r\nSUMMARY:', 'UTF8')
    || '\xe698'::bytea || '\x0d0a20'::bytea || '\xa5e88a82'::bytea
    || convert_to(E'\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n', 'UTF8')) = 1, 'fold inside a UTF-8 character');
SELECT ok((SELECT note FROM hotline.calendar_day WHERE calendar = 'ics_m' AND day = '2023-01-04') = '春节',
                  'fold repaired');
SELECT ok(hotline.import_ics('ics_m', E'  begin:vcalendar  \r\n\r\nbegin:vevent \r\ndtstart;value=date:20230105\r\nsummary:lower\r\n\r\n  case\r\nend:VEVENT\r\nEND:vcalendar\r\n\r\n') = 1,
                  'lower case names, blanks, stray empty lines');
SELECT ok((SELECT note FROM hotline.calendar_day WHERE calendar = 'ics_m' AND day = '2023-01-05') = 'lower case', 'stray empty line inside a fold');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', '\x424547494e3a5643414c454e4441520d0a424547494e3a564556454e540d0a53554d4d4152593a610d0a2062ff0d0a445453544152543b56414c55453d444154453a32303233303130310d0a454e443a564556454e540d0a454e443a5643414c454e4441520d0a'::bytea)$$,
                     '22021', '%not valid UTF-8 at line 4');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', '\x424547494e3a5643414c454e4441520d0a00'::bytea)$$, '22021', '%line 2');

------------------------------------------------------------------------
-- Malformed texts: errors name the line; nothing is imported
------------------------------------------------------------------------
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', '')$$, '22P02', 'not an iCalendar text');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', 'hello world')$$, '22P02', 'not an iCalendar text');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', '\x89504e470d0a1a0a0000000d49484452'::bytea)$$, '22P02', 'not an iCalendar text');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230101'))$$, '22P02', '%truncated%');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230101', 'END:VTODO', 'END:VCALENDAR'))$$, '22P02', 'line 4: END:VTODO does not match BEGIN:VEVENT');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'SUMMARY:x', 'DTSTART;VALUE=DATE:20230230', 'END:VEVENT', 'END:VCALENDAR'))$$, '22P02', 'line 5: DTSTART value "20230230" is not a valid date');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230101', 'DTEND;VALUE=DATE:20231301', 'END:VEVENT', 'END:VCALENDAR'))$$, '22P02', 'line 4: DTEND value "20231301" is not a valid date');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART:20230101T250000', 'END:VEVENT', 'END:VCALENDAR'))$$, '22P02', '%not a valid time of day');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:18991231', 'END:VEVENT', 'END:VCALENDAR'))$$, '22P02', 'line 3: %1899-12-31%');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230105', 'DTEND;VALUE=DATE:20230101', 'END:VEVENT', 'END:VCALENDAR'))$$, '22P02', 'line 4: DTEND is before DTSTART');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'SUMMARY:x', 'END:VEVENT', 'END:VCALENDAR'))$$, '22P02', 'line 2: VEVENT has no DTSTART');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230101', 'RRULE:FREQ=BOGUS', 'END:VEVENT', 'END:VCALENDAR'))$$, '22P02', 'line 4: invalid RRULE property');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230101', 'DURATION:P1X', 'END:VEVENT', 'END:VCALENDAR'))$$, '22P02', 'line 4: invalid DURATION property');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230101', 'RRULE:FREQ=SECONDLY', 'END:VEVENT', 'END:VCALENDAR'))$$, '0A000', 'line 4: RRULE part%');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;TZID=Mars/Olympus:20230101T100000', 'END:VEVENT', 'END:VCALENDAR'))$$, '22P02', 'line 3: unknown time zone%');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VTIMEZONE', 'TZID:X', 'BEGIN:STANDARD', 'DTSTART:19700101T000000', 'RRULE:FREQ=SECONDLY', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0100', 'END:STANDARD', 'END:VTIMEZONE', 'END:VCALENDAR'))$$, '0A000', 'line 6: unsupported time zone rule');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:19000101', 'DTEND;VALUE=DATE:21991231', 'END:VEVENT', 'END:VCALENDAR'))$$, '54000', '%more than 10000 days');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART:19000101T000000Z', 'RRULE:FREQ=DAILY;COUNT=200000', 'END:VEVENT', 'END:VCALENDAR'))$$, '54000', '%more than 40000 steps');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230101', 'RRULE:FREQ=YEARLY;UNTIL=99991231', 'END:VEVENT', 'END:VCALENDAR'))$$, '22P02', 'line 4: RRULE gives day 2200-01-01%');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'END:VCALENDAR', 'X:1'))$$, '22P02', 'line 3: text after END:VCALENDAR');
-- a good event before a bad one: nothing imported
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20240101', 'END:VEVENT', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20240230', 'END:VEVENT', 'END:VCALENDAR'))$$, '22P02', 'line 6:%');
SELECT ok(NOT EXISTS (SELECT 1 FROM hotline.calendar_day WHERE calendar = 'ics_m' AND day = '2024-01-01'), 'nothing of a malformed file is imported');

-- arguments
SELECT pg_temp.fails($$SELECT hotline.import_ics('no such calendar', pg_temp.ics('BEGIN:VCALENDAR', 'END:VCALENDAR'))$$, '42704', '%does not exist%');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'END:VCALENDAR'), years => ARRAY[2023, NULL])$$, '22023', '%NULL%');
SELECT pg_temp.fails($$SELECT hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'END:VCALENDAR'), years => ARRAY[1800])$$, '22023', '%out of range%');
SELECT ok(hotline.import_ics(NULL, 'x') IS NULL AND hotline.import_ics('ics_m', NULL::text) IS NULL
                  AND hotline.import_ics('ics_m', NULL::bytea) IS NULL, 'NULL in, NULL out');

------------------------------------------------------------------------
-- Semantics: kinds, lengths, recurrence, time zones
------------------------------------------------------------------------
SELECT ok(hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'PRODID:-//test//x//EN',
    'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230601', 'CATEGORIES:holiday', 'SUMMARY:上班族休息日', 'END:VEVENT',
    'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230602', 'CATEGORIES:Meeting, workingday', 'SUMMARY:假期', 'END:VEVENT',
    'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230603', 'SUMMARY:补班', 'END:VEVENT',
    'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230604', 'DTEND;VALUE=DATE:20230606', 'SUMMARY:block', 'END:VEVENT',
    'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230605', 'CATEGORIES:工作日', 'SUMMARY:make-up', 'END:VEVENT',
    'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230607', 'STATUS:CANCELLED', 'SUMMARY:上班', 'END:VEVENT',
    'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230608', 'DTEND;VALUE=DATE:20230608', 'END:VEVENT',
    'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230609', 'DURATION:P2D', 'SUMMARY:dur',
      'BEGIN:VALARM', 'TRIGGER:-PT15M', 'ACTION:DISPLAY', 'DESCRIPTION:x', 'END:VALARM', 'END:VEVENT',
    'END:VCALENDAR')) = 8, 'kinds file: 8 days');
SELECT ok(string_agg(to_char(day, 'MMDD') || kind::text || coalesce(note, '-') || source, ' ' ORDER BY day)
                  = '0601holiday上班族休息日-//test//x//EN 0602workday假期-//test//x//EN 0603workday补班-//test//x//EN '
                    '0604holidayblock-//test//x//EN 0605workdaymake-up-//test//x//EN 0608holiday--//test//x//EN '
                    '0609holidaydur-//test//x//EN 0610holidaydur-//test//x//EN', 'kinds, lengths, cancelled, PRODID source')
FROM hotline.calendar_day WHERE calendar = 'ics_m' AND day BETWEEN '2023-06-01' AND '2023-06-30';

SELECT ok(hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230701', 'SUMMARY:上班', 'END:VEVENT', 'END:VCALENDAR'),
                                     as_kind => 'holiday', source => 'my source', years => ARRAY[2031, 2032, 2031]) = 1, 'as_kind');
SELECT ok((SELECT kind = 'holiday' AND source = 'my source' FROM hotline.calendar_day WHERE calendar = 'ics_m' AND day = '2023-07-01'), 'as_kind forces the kind; source argument');
SELECT ok(ARRAY(SELECT year FROM hotline.calendar_year WHERE calendar = 'ics_m' AND year > 2030 ORDER BY 1) = '{2031,2032}', 'years given are recorded');
SELECT ok(hotline.import_ics('ics_m', pg_temp.ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20230701', 'SUMMARY:上班', 'END:VEVENT', 'END:VCALENDAR')) = 1, 'a kind change counts');

-- RRULE without end: through 31 December of this year + hotline.rrule_horizon_years
SELECT ok(hotline.import_ics('ics_p', pg_temp.ics('BEGIN:VCALENDAR', 'X-WR-CALNAME:Regional',
    'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20200315', 'DTEND;VALUE=DATE:20200317', 'RRULE:FREQ=YEARLY',
    'EXDATE;VALUE=DATE:20220315', 'SUMMARY:festival', 'END:VEVENT', 'END:VCALENDAR'), years => '{}') > 0, 'yearly rule');
SELECT ok(max(day) = make_date(extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int
                                       + current_setting('hotline.rrule_horizon_years')::int, 3, 16)
                  AND count(*) = 2 * (max(extract(year FROM day)) - 2020 + 1 - 1)
                  AND NOT bool_or(day IN ('2022-03-15', '2022-03-16')), 'horizon, EXDATE, length kept')
FROM hotline.calendar_day WHERE calendar = 'ics_p' AND note = 'festival';
SELECT ok(NOT EXISTS (SELECT 1 FROM hotline.calendar_year WHERE calendar = 'ics_p'), 'years => {} records none');

-- timed events: the days they touch in the calendar's zone (Asia/Shanghai)
DELETE FROM hotline.calendar_day WHERE calendar = 'ics_p';
SELECT ok(hotline.import_ics('ics_p', pg_temp.ics('BEGIN:VCALENDAR',
    'BEGIN:VEVENT', 'DTSTART:20230301T150000Z', 'DTEND:20230301T170000Z', 'SUMMARY:utc crossing midnight', 'END:VEVENT',
    'BEGIN:VEVENT', 'DTSTART:20230310T160000Z', 'DTEND:20230311T160000Z', 'SUMMARY:ends at local 00:00', 'END:VEVENT',
    'BEGIN:VEVENT', 'DTSTART;TZID=America/New_York:20230320T200000', 'SUMMARY:no end', 'END:VEVENT',
    'BEGIN:VEVENT', 'DTSTART:20230325T233000', 'DURATION:PT1H', 'SUMMARY:floating', 'END:VEVENT',
    'BEGIN:VTIMEZONE', 'TZID:My Custom Zone', 'BEGIN:STANDARD', 'DTSTART:19700101T000000',
      'TZOFFSETFROM:-1000', 'TZOFFSETTO:-1000', 'END:STANDARD', 'END:VTIMEZONE',
    'BEGIN:VEVENT', 'DTSTART;TZID="My Custom Zone":20230401T200000', 'SUMMARY:vtimezone', 'END:VEVENT',
    'BEGIN:VEVENT', 'DTSTART:20230501T090000Z', 'DTEND:20230501T100000Z', 'RRULE:FREQ=DAILY;COUNT=3',
      'EXDATE:20230502T090000Z', 'SUMMARY:timed rrule', 'END:VEVENT',
    'END:VCALENDAR')) = 9, 'timed events: 9 days');
SELECT ok(string_agg(to_char(day, 'MMDD'), ' ' ORDER BY day) = '0301 0302 0311 0321 0325 0326 0402 0501 0503', 'timed event days')
FROM hotline.calendar_day WHERE calendar = 'ics_p';

SELECT * FROM finish();
ROLLBACK;
