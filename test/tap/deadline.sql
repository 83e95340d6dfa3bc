-- Deadlines on the national calendar across Spring Festival, National Day
-- and make-up Saturdays and Sundays (R-12.1, R-12.4), independent of the
-- session time zone (R-12.3), on layered regional calendars (R-12.2).
\set ON_ERROR_STOP true
SET client_min_messages = warning;
BEGIN;
SELECT plan(39);

CREATE TEMP TABLE cases (calendar text, start text, lim text, expected text, why text);
INSERT INTO cases VALUES
 ('cn', '2025-01-24 15:00', '7 working days', '2025-02-11 00:00', 'Spring Festival 2025: make-up Sun 26 Jan and Sat 8 Feb count'),
 ('cn', '2024-02-08 10:00', '3 working days', '2024-02-20 00:00', 'Spring Festival 2024: make-up Sun 18 Feb counts'),
 ('cn', '2026-02-13 16:00', '7 working days', '2026-03-03 00:00', 'Spring Festival 2026: make-up Sat 14 and 28 Feb count'),
 ('cn', '2020-01-22 09:00', '3 working days', '2020-02-05 00:00', '2020 extension: 31 Jan - 2 Feb off, Sat 1 Feb no longer a make-up day'),
 ('cn', '2025-09-26 11:00', '7 working days', '2025-10-14 00:00', 'National Day 2025: make-up Sun 28 Sep and Sat 11 Oct count'),
 ('cn', '2024-09-30 16:00', '3 working days', '2024-10-11 00:00', 'National Day 2024'),
 ('cn', '2026-09-30 10:00', '7 working days', '2026-10-16 00:00', 'National Day 2026: written dispatch'),
 ('cn', '2026-09-30 10:00', '3 working days', '2026-10-11 00:00', 'National Day 2026: phone dispatch ends on make-up Sat 10 Oct'),
 ('cn', '2024-04-06 09:00', '1 working day',  '2024-04-08 00:00', 'accepted on a holiday, make-up Sun 7 Apr is the first working day'),
 ('cn', '2026-02-28 10:00', '1 working day',  '2026-03-03 00:00', 'accepted on a make-up Saturday: counting starts the next day'),
 ('cn', '2023-09-28 17:00', '2 working days', '2023-10-09 00:00', 'R-4.1 dispatch within 2 working days over the 2023 Golden Week'),
 ('cn', '2026-09-30 23:59:59', '1 working day', '2026-10-09 00:00', 'one second before midnight is still the same day'),
 ('cn', '2026-09-30 16:30', '4 working hours', '2026-10-08 12:00', 'working hours stop over National Day and end at the close of the morning'),
 ('cn', '2026-02-13 17:00', '8 working hours', '2026-02-24 09:30', 'working hours use make-up Sat 14 Feb'),
 ('cn', '2026-11-20 12:00', '3 working hours', '2026-11-20 16:30', 'the lunch break does not count'),
 ('cn', '2026-01-30 10:00', '15 days', '2026-02-15 00:00', 'natural days ignore holidays but count from the next day'),
 ('cn', '2026-02-14 10:00', '24 hours', '2026-02-15 10:00', 'clock hours ignore the calendar'),
 ('cn', '2026-02-14 10:00', '90 minutes', '2026-02-14 11:30', 'clock minutes'),
 ('cn', '2025-09-30 10:00', '1 day', '2025-10-10 00:00', 'Civil Code art. 203: a last day on a holiday moves to the next working day'),
 ('cn', '2025-09-26 10:00', '2 days', '2025-09-29 00:00', 'art. 203: a make-up Sunday is no rest day, the period ends on it'),
 ('cn', '2026-11-19 10:00', '2 days', '2026-11-24 00:00', 'art. 203: a last day on a Saturday moves to Monday');

-- each case, computed in UTC
SET LOCAL TimeZone = 'UTC';
SELECT is(hotline.deadline(calendar, (start || '+08')::timestamptz, lim::hotline.time_limit),
          (expected || '+08')::timestamptz, why)
FROM cases;

-- the same in four other session time zones: identical instants
CREATE TEMP TABLE utc_results AS
SELECT why, hotline.deadline(calendar, (start || '+08')::timestamptz, lim::hotline.time_limit) AS d FROM cases;
SET LOCAL TimeZone = 'America/New_York';
SELECT results_eq($$SELECT why, hotline.deadline(calendar, (start || '+08')::timestamptz, lim::hotline.time_limit) FROM cases ORDER BY why$$,
                  $$SELECT why, d FROM utc_results ORDER BY why$$, 'session TimeZone America/New_York changes nothing');
SET LOCAL TimeZone = 'Asia/Kolkata';
SELECT results_eq($$SELECT why, hotline.deadline(calendar, (start || '+08')::timestamptz, lim::hotline.time_limit) FROM cases ORDER BY why$$,
                  $$SELECT why, d FROM utc_results ORDER BY why$$, 'session TimeZone Asia/Kolkata changes nothing');
SET LOCAL TimeZone = 'Pacific/Chatham';
SELECT results_eq($$SELECT why, hotline.deadline(calendar, (start || '+08')::timestamptz, lim::hotline.time_limit) FROM cases ORDER BY why$$,
                  $$SELECT why, d FROM utc_results ORDER BY why$$, 'session TimeZone Pacific/Chatham changes nothing');
SET LOCAL TimeZone = 'Asia/Shanghai';
SELECT results_eq($$SELECT why, hotline.deadline(calendar, (start || '+08')::timestamptz, lim::hotline.time_limit) FROM cases ORDER BY why$$,
                  $$SELECT why, d FROM utc_results ORDER BY why$$, 'session TimeZone Asia/Shanghai changes nothing');

-- layered calendars: city on cn, district on city, each overriding the one below
INSERT INTO hotline.calendar (name, base) VALUES ('city', 'cn'), ('district', 'city');
INSERT INTO hotline.calendar_day (calendar, day, kind, note) VALUES
    ('city', '2026-05-27', 'holiday', '古尔邦节 (example regional festival)'),
    ('city', '2026-05-28', 'holiday', '古尔邦节 (example regional festival)'),
    ('district', '2026-05-28', 'workday', 'district keeps its office open (example)');
SELECT is(hotline.deadline('cn', '2026-05-26 10:00+08', '3 working days'), '2026-05-30 00:00+08', 'cn: 27-29 May are working days');
SELECT is(hotline.deadline('city', '2026-05-26 10:00+08', '3 working days'), '2026-06-03 00:00+08', 'city: its festival is off');
SELECT is(hotline.deadline('district', '2026-05-26 10:00+08', '3 working days'), '2026-06-02 00:00+08', 'district: its own working day wins over the city''s holiday');
SELECT is(hotline.deadline('district', '2026-09-30 10:00+08', '3 working days'), '2026-10-11 00:00+08', 'district still has the national holidays');

-- a region in another time zone: days begin at its own midnight
INSERT INTO hotline.calendar (name, base, time_zone) VALUES ('urumqi', 'cn', 'Asia/Urumqi');
SELECT is(hotline.deadline('urumqi', '2026-10-09 01:00+08', '1 working day'), '2026-10-10 00:00+06',
          'Urumqi: 01:00 Beijing is still 8 Oct locally, so Fri 9 Oct is the first working day');
SELECT is(hotline.deadline('cn', '2026-10-09 01:00+08', '1 working day'), '2026-10-11 00:00+08',
          'Beijing: the same instant is 9 Oct, so make-up Sat 10 Oct is the first working day');

-- working time and the 80% rule (R-12.5)
SELECT is(hotline.working_time('cn', '2026-09-30 09:00+08', '2026-10-09 09:00+08'), interval '14 hours',
          'working time over National Day counts two working days');
SELECT is(hotline.working_time('cn', '2026-02-13 17:00+08', hotline.deadline('cn', '2026-02-13 17:00+08', '8 working hours')),
          interval '8 hours', 'working_time inverts a deadline in working hours');
SELECT ok(hotline.working_time('cn', '2026-09-30 10:00+08', '2026-10-14 12:00+08')
          >= 0.8 * hotline.working_time('cn', '2026-09-30 10:00+08', hotline.deadline('cn', '2026-09-30 10:00+08', '7 working days')),
          '80% of a 7-working-day limit has passed by 14 Oct noon');
SELECT ok(hotline.working_time('cn', '2026-09-30 10:00+08', '2026-10-12 12:00+08')
          < 0.8 * hotline.working_time('cn', '2026-09-30 10:00+08', hotline.deadline('cn', '2026-09-30 10:00+08', '7 working days')),
          '80% has not passed on 12 Oct noon');

-- consistency: the deadline of N working days lies after exactly N working days
SELECT is((SELECT count(*)::int FROM generate_series(timestamptz '2020-01-01 10:00+08', '2026-12-01 10:00+08', interval '1 day') s
           WHERE hotline.working_days('cn', (s AT TIME ZONE 'Asia/Shanghai')::date + 1,
                      (hotline.deadline('cn', s, '7 working days') AT TIME ZONE 'Asia/Shanghai')::date - 1) <> 7),
          0, 'every day 2020-2026: 7 working days after it end after exactly 7 working days');
SELECT is((SELECT count(*)::int FROM generate_series(timestamptz '2020-01-01 10:00+08', '2026-12-01 10:00+08', interval '1 day') s
           WHERE NOT hotline.is_working_day('cn', (hotline.deadline('cn', s, '3 working days') AT TIME ZONE 'Asia/Shanghai')::date - 1)),
          0, 'every deadline in working days ends at the end of a working day');

-- where the clock is set back over midnight, 24:00 is the first midnight;
-- where it jumps forward, deadlines still grow with the limit
INSERT INTO hotline.calendar (name, time_zone, business_hours, work_weekdays) VALUES
    ('havana247', 'America/Havana', '{"[00:00,24:00)"}', '{1,2,3,4,5,6,7}'),
    ('berlin247', 'Europe/Berlin', '{"[00:00,24:00)"}', '{1,2,3,4,5,6,7}');
SELECT is(hotline.deadline('havana247', '2023-11-03 12:00-04', '1 working day'), '2023-11-05 04:00+00',
          'Havana 5 Nov 2023: the day ends at the first 00:00 (CDT), not the repeated one');
SELECT ok(hotline.deadline('berlin247', '2023-03-26 00:30+00', '89 working minutes')
          <= hotline.deadline('berlin247', '2023-03-26 00:30+00', '90 working minutes'),
          'Berlin 26 Mar 2023: a local time the clock jumps over does not make a deadline run backwards');

SELECT * FROM finish();
ROLLBACK;
