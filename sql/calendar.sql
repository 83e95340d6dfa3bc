--
-- Working-day calendars: the built-in national calendar, deadlines, errors (R-12)
--
-- pg_regress sessions run with TimeZone PST8PDT; results are shown in Beijing
-- time to be readable, and a second time zone proves they do not move.
SET DateStyle = ISO, YMD;
SET IntervalStyle = postgres;
SET hotline.warn_uncovered = on;

SELECT calendar, years, gaps, first_year, last_year FROM hotline.calendar_coverage;

-- working days per year (2021-2026 agree with the public holiday-cn files)
SELECT y AS year, hotline.working_days('cn', make_date(y, 1, 1), make_date(y, 12, 31)) AS working_days
FROM generate_series(2020, 2026) y;

-- make-up Saturday, holiday weekday, ordinary days
SELECT day, to_char(day, 'Dy') AS dow, hotline.is_working_day('cn', day) AS working
FROM unnest('{2026-02-13,2026-02-14,2026-02-16,2026-02-24,2026-02-28,2026-03-01,2020-02-01,2020-02-03}'::date[]) day;

-- R-12.4: N working days count from the day after acceptance and end at 24:00
SET TimeZone = 'Asia/Shanghai';
SELECT start, lim, hotline.deadline('cn', start, lim::hotline.time_limit) AS deadline
FROM (VALUES
    ('2026-09-30 10:00'::timestamptz, '3 working days'),   -- National Day: make-up Sat 10 Oct counts
    ('2026-09-30 10:00', '7 working days'),
    ('2026-09-30 23:59:59', '1 working day'),
    ('2026-10-01 00:00', '1 working day'),
    ('2026-02-13 16:00', '7 working days'),                -- Spring Festival 2026
    ('2026-02-13 16:00', '2 working days'),
    ('2020-01-22 09:00', '3 working days'),                -- 2020 extension (国办发明电〔2020〕1号)
    ('2026-11-20 16:00', '4 working hours'),               -- Friday afternoon
    ('2026-11-20 17:00', '30 working minutes'),            -- ends at the close, 17:30
    ('2026-11-20 12:30', '1 working hour'),                -- lunch break does not count
    ('2026-11-21 10:00', '1 working hour'),                -- Saturday: starts Monday 09:00
    ('2026-11-20 17:00', '2 hours'),
    ('2026-11-20 17:00', '1 day'),                         -- Civil Code art. 203: Saturday's end moves to Monday
    ('2026-09-30 10:00', '1 day'),                         -- ... and a holiday's to the next working day
    ('2026-11-20 17:00', '15 seconds')) AS v(start, lim);

-- the same instants seen from another session time zone give the same instants
SET TimeZone = 'America/Los_Angeles';
SELECT hotline.deadline('cn', '2026-09-30 10:00+08', '7 working days') = '2026-10-16 00:00+08' AS same_instant,
       hotline.deadline('cn', '2026-09-30 23:30+08', '1 working day') = '2026-10-09 00:00+08' AS late_evening_in_beijing;
SET TimeZone = 'Asia/Shanghai';

-- working_time: business time between two instants
SELECT hotline.working_time('cn', '2026-11-20 16:00', '2026-11-23 10:00') AS fri_to_mon,
       hotline.working_time('cn', '2026-09-30 09:00', '2026-10-09 09:00') AS over_national_day,
       hotline.working_time('cn', '2026-11-23 10:00', '2026-11-20 16:00') AS reversed,
       hotline.working_time('cn', '2026-11-21 10:00', '2026-11-21 18:00') AS saturday;

-- a deadline into 2027, whose holiday notice is not loaded: computed, flagged once
SELECT hotline.deadline('cn', '2026-12-30 16:20', '7 working days');
SELECT hotline.working_days('cn', '2026-12-01', '2027-01-31');
SET hotline.warn_uncovered = off;
SELECT hotline.working_days('cn', '2026-12-01', '2027-01-31');
RESET hotline.warn_uncovered;

-- a layered regional calendar: the national days plus its own, its own winning
INSERT INTO hotline.calendar (name, base, description)
VALUES ('xj', 'cn', 'Xinjiang example: national calendar plus a regional festival');
INSERT INTO hotline.calendar_day (calendar, day, kind, note, source) VALUES
    ('xj', '2026-05-27', 'holiday', '古尔邦节 (example)', 'regression test'),
    ('xj', '2026-10-10', 'holiday', 'override of a national make-up day (example)', 'regression test');
INSERT INTO hotline.calendar_year (calendar, year, source) VALUES ('xj', 2026, 'regression test');
SELECT c, hotline.is_working_day(c, '2026-05-27') AS may_27,
       hotline.is_working_day(c, '2026-10-10') AS oct_10,
       hotline.is_working_day(c, '2026-02-16') AS feb_16,
       hotline.deadline(c, '2026-05-26 10:00', '3 working days') AS deadline,
       hotline.covered_years(c) AS covered
FROM unnest('{cn,xj}'::text[]) c;
-- a calendar with its own business hours and week (24x7 line)
INSERT INTO hotline.calendar (name, business_hours, work_weekdays)
VALUES ('24x7', '{"[00:00,24:00)"}', '{1,2,3,4,5,6,7}');
SELECT hotline.deadline('24x7', '2026-02-14 22:00', '4 working hours') AS all_hours,
       hotline.working_days('24x7', '2026-01-01', '2026-12-31') AS every_day,
       hotline.covered_years('24x7') AS no_years;

-- NULL arguments give NULL
SELECT hotline.deadline(NULL, now(), '1 day') IS NULL AS a,
       hotline.deadline('cn', NULL, '1 day') IS NULL AS b,
       hotline.deadline('cn', now(), NULL) IS NULL AS c,
       hotline.working_days('cn', NULL, '2026-01-01') IS NULL AS d,
       hotline.is_working_day('cn', NULL) IS NULL AS e,
       hotline.working_time(NULL, now(), now()) IS NULL AS f;

-- errors
SELECT hotline.is_working_day('nowhere', '2026-01-01');
SELECT hotline.deadline('', now(), '1 day');
SELECT hotline.deadline(repeat('x', 100), now(), '1 day');
SELECT hotline.working_days('cn', '2026-12-31', '2026-01-01');
SELECT hotline.is_working_day('cn', '1899-12-31');
SELECT hotline.is_working_day('cn', 'infinity');
SELECT hotline.deadline('cn', 'infinity', '7 working days');
SELECT hotline.deadline('cn', '2199-12-20', '30 working days');
SELECT hotline.deadline('cn', '2199-12-20', '3660 days');
INSERT INTO hotline.calendar (name, business_hours) VALUES ('closed', '{}');
SELECT hotline.deadline('closed', now(), '4 working hours');
SELECT hotline.working_time('closed', now(), now());

-- calendar rows are checked
INSERT INTO hotline.calendar (name, time_zone) VALUES ('bad', 'Mars/Olympus_Mons');
INSERT INTO hotline.calendar (name, business_hours) VALUES ('bad', '{"[09:00,12:00)","[11:00,17:00)"}');
INSERT INTO hotline.calendar (name, business_hours) VALUES ('bad', '{"[09:00,)"}');
INSERT INTO hotline.calendar (name, work_weekdays) VALUES ('bad', '{1,2,8}');
INSERT INTO hotline.calendar (name, base) VALUES ('bad', 'nowhere');
INSERT INTO hotline.calendar (name) VALUES ('');
INSERT INTO hotline.calendar (name, time_zone) VALUES ('bad', 'UTC+8');
INSERT INTO hotline.calendar (name, builtin) VALUES ('bad', true);
INSERT INTO hotline.calendar (name) VALUES ('ca'), ('cb');
UPDATE hotline.calendar SET base = CASE name WHEN 'ca' THEN 'cb' ELSE 'ca' END WHERE name IN ('ca', 'cb');
DELETE FROM hotline.calendar WHERE name IN ('ca', 'cb');
UPDATE hotline.calendar SET base = 'xj' WHERE name = '24x7';
UPDATE hotline.calendar SET base = '24x7' WHERE name = 'closed';
UPDATE hotline.calendar SET base = 'closed' WHERE name = '24x7';
INSERT INTO hotline.calendar_day (calendar, day, kind) VALUES ('xj', '2200-01-01', 'holiday');

-- built-in rows are read-only; new days and years may be added to cn
UPDATE hotline.calendar SET time_zone = 'UTC' WHERE name = 'cn';
DELETE FROM hotline.calendar_day WHERE calendar = 'cn' AND day = '2026-10-01';
UPDATE hotline.calendar_day SET kind = 'workday' WHERE calendar = 'cn' AND day = '2026-10-01';
TRUNCATE hotline.calendar_day;
DELETE FROM hotline.calendar WHERE name = 'cn';
BEGIN;
INSERT INTO hotline.calendar_day (calendar, day, kind, note) VALUES ('cn', '2027-01-01', 'holiday', '元旦');
INSERT INTO hotline.calendar_year (calendar, year) VALUES ('cn', 2027);
SELECT hotline.is_working_day('cn', '2027-01-01') AS new_year_2027, hotline.covered_years('cn') @> '{2027}' AS covered;
ROLLBACK;
-- the rollback is seen at once
SELECT hotline.is_working_day('cn', '2027-01-01') AS new_year_2027_after_rollback;

-- a change is seen by the next statement, also by a function cached in a plan
PREPARE d(date) AS SELECT hotline.is_working_day('xj', $1);
EXECUTE d('2026-06-01');
UPDATE hotline.calendar_day SET day = '2026-06-01' WHERE calendar = 'xj' AND day = '2026-05-27';
EXECUTE d('2026-06-01');
DEALLOCATE d;

DELETE FROM hotline.calendar WHERE name IN ('24x7', 'closed');
DELETE FROM hotline.calendar WHERE name = 'xj';
SELECT name FROM hotline.calendar ORDER BY name;
