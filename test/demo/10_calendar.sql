-- hotline demo, part 1: the working-day calendar (工作日历) as a hotline
-- supervisor sees it. Run by `make demo` (test/demo.sh) in database hotline of
-- the demo cluster, whose TimeZone is Asia/Shanghai: times below are Beijing
-- time (北京时间).
--
-- Every time limit of the 12345 hotline is counted on the calendar "cn": the
-- State Council's public holidays (法定节假日) and make-up working days
-- (调休/补班) of each year, from its annual notice on holiday arrangements.

\pset footer off
\pset null '-'
\set QUIET on
SET client_min_messages = warning;

\echo
\echo '================================================================'
\echo ' 1. Which years does the national calendar know? (日历覆盖年份)'
\echo '================================================================'
\echo 'A year is covered once its holiday notice (节假日安排通知) is loaded.'
\echo 'status says what to do next: the 2027 notice is not loaded yet.'
\echo
SELECT calendar, base, time_zone, years, gaps, covers_this_year, covers_next_year, status
FROM hotline.calendar_coverage
ORDER BY calendar;

\echo
\echo '================================================================'
\echo ' 2. Working days per year (全年工作日天数)'
\echo '================================================================'
\echo 'Weekdays, minus public holidays (放假), plus make-up working days (补班).'
\echo
SELECT y AS year,
       hotline.working_days('cn', make_date(y, 1, 1), make_date(y, 12, 31)) AS working_days,
       (SELECT count(*) FROM hotline.calendar_day d
        WHERE d.calendar = 'cn' AND d.kind = 'holiday'
          AND extract(year FROM d.day) = y AND extract(isodow FROM d.day) < 6) AS "weekday holidays (放假)",
       (SELECT count(*) FROM hotline.calendar_day d
        WHERE d.calendar = 'cn' AND d.kind = 'workday'
          AND extract(year FROM d.day) = y AND extract(isodow FROM d.day) >= 6) AS "weekend working days (补班)"
FROM generate_series(2020, 2026) AS y
ORDER BY y;

\echo
\echo '================================================================'
\echo ' 3. A few days of 2026 (是否工作日)'
\echo '================================================================'
\echo
SELECT d AS day,
       to_char(d, 'Dy') AS weekday,
       hotline.is_working_day('cn', d) AS working_day,
       coalesce((SELECT note FROM hotline.calendar_day c WHERE c.calendar = 'cn' AND c.day = d),
                'weekly rule') AS why
FROM unnest(ARRAY[date '2026-02-13', '2026-02-14', '2026-02-16', '2026-02-24',
                  '2026-02-28', '2026-09-20', '2026-10-01', '2026-10-10']) AS d
ORDER BY d;

\echo
\echo '================================================================'
\echo ' 4. Deadlines (办理时限) for appeals accepted over holidays'
\echo '================================================================'
\echo 'A limit of N working days counts from the day after acceptance and ends'
\echo 'at 24:00 of the Nth working day, shown as 00:00 of the next day.'
\echo 'Working hours count business hours only (09:00-12:00, 13:30-17:30).'
\echo 'Plain hours are clock time: urgent matters do not stop for holidays.'
\echo
SELECT c.situation AS "appeal accepted (受理)",
       to_char(c.accepted, 'YYYY-MM-DD HH24:MI Dy') AS accepted,
       c.time_limit::text AS "time limit (时限)",
       to_char(hotline.deadline('cn', c.accepted, c.time_limit), 'YYYY-MM-DD HH24:MI Dy') AS "deadline (截止)",
       hotline.deadline('cn', c.accepted, c.time_limit) - c.accepted AS "calendar time"
FROM (VALUES
    (1, 'before National Day (国庆节前), reply',     timestamptz '2026-09-30 10:00', '3 working days'::hotline.time_limit),
    (2, 'before National Day (国庆节前), handling',  timestamptz '2026-09-30 10:00', '7 working days'),
    (3, 'before Spring Festival (春节前)',            timestamptz '2026-02-13 11:45', '7 working days'),
    (4, 'Friday afternoon (周五下午)',               timestamptz '2026-06-12 15:00', '4 working hours'),
    (5, 'Friday before a make-up Sunday (补班前)',   timestamptz '2026-09-18 16:00', '4 working hours'),
    (6, 'urgent, during the holiday (紧急)',         timestamptz '2026-10-02 22:30', '2 hours'),
    (7, 'one natural day (自然日)',                  timestamptz '2026-10-02 22:30', '1 day')
) AS c(n, situation, accepted, time_limit)
ORDER BY c.n;

\echo
\echo '================================================================'
\echo ' 5. Across the year end: a year whose notice is not loaded yet'
\echo '================================================================'
\echo 'Written dispatch (书面转办) on 2026-12-30 16:20 with 7 working days runs'
\echo 'into 2027. The 2027 notice has not been loaded, so 2027 counts by the'
\echo 'weekly rule only (2027-01-01 counts as a working day!) and hotline says'
\echo 'so with a WARNING: that warning is the point of this example.'
\echo
SELECT to_char(hotline.deadline('cn', timestamptz '2026-12-30 16:20', '7 working days'),
               'YYYY-MM-DD HH24:MI Dy') AS "deadline (截止), 2027 not loaded";

\echo
\echo '================================================================'
\echo ' 6. Working time actually spent (实际用时)'
\echo '================================================================'
\echo 'Dispatched (派单) before National Day, replied (回复) after it: only'
\echo 'business hours of working days count.'
\echo
SELECT to_char(t.dispatched, 'YYYY-MM-DD HH24:MI Dy') AS "dispatched (派单)",
       to_char(t.replied, 'YYYY-MM-DD HH24:MI Dy') AS "replied (回复)",
       t.replied - t.dispatched AS "clock time",
       hotline.working_time('cn', t.dispatched, t.replied) AS "working time (工作时间)"
FROM (VALUES
    (timestamptz '2026-09-30 10:00', timestamptz '2026-10-09 11:00'),
    (timestamptz '2026-06-12 15:00', timestamptz '2026-06-15 10:30')
) AS t(dispatched, replied);

\echo
\echo '================================================================'
\echo ' 7. A regional calendar layered on the national one (地方日历)'
\echo '================================================================'
\echo 'Xinjiang (新疆) observes the Corban Festival (古尔邦节) on top of the'
\echo 'national holidays. EXAMPLE dates: 2026-05-27 to 2026-05-29 are used here'
\echo 'for illustration; load the real days from the regional notice.'
\echo
DELETE FROM hotline.calendar_day WHERE calendar = 'xinjiang';
DELETE FROM hotline.calendar WHERE name = 'xinjiang';
INSERT INTO hotline.calendar (name, base, time_zone, description)
VALUES ('xinjiang', 'cn', 'Asia/Shanghai',
        'Xinjiang Uygur Autonomous Region (新疆维吾尔自治区): national calendar plus regional holidays');
INSERT INTO hotline.calendar_day (calendar, day, kind, note, source)
SELECT 'xinjiang', d::date, 'holiday', '古尔邦节 (example)', 'demo: example dates, not a notice'
FROM generate_series(date '2026-05-27', date '2026-05-29', interval '1 day') AS d;

SELECT calendar, base, years, status
FROM hotline.calendar_coverage
ORDER BY calendar;

\echo
\echo 'The same appeal, accepted Tuesday 2026-05-26 09:30 with 3 working days:'
\echo
SELECT cal AS calendar,
       to_char(hotline.deadline(cal, timestamptz '2026-05-26 09:30', '3 working days'),
               'YYYY-MM-DD HH24:MI Dy') AS "deadline (截止)",
       hotline.working_days(cal, date '2026-05-01', date '2026-05-31') AS "working days in May 2026"
FROM unnest(ARRAY['cn', 'xinjiang']) AS cal;

\echo
\echo 'Its own days, as iCalendar for other systems (hotline.export_ics):'
\echo
\pset tuples_only on
\pset format unaligned
SELECT hotline.export_ics('xinjiang', date '2026-01-01', date '2026-12-31');
\pset format aligned
\pset tuples_only off
