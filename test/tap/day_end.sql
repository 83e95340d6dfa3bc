-- When a period counted in days ends (issue 8, gap 12; R-12.3, R-12.4,
-- R-12.5): at 24:00 of its last day (hotline.calendar.day_ends =
-- 'midnight', the default and how 12345 centres count) or at the close of
-- business of that day ('close_of_business', Civil Code art. 203(2): 有业务
-- 时间的，停止业务活动的时间为截止时间).  On the real cn calendar with fixed
-- dates: National Day 2026 with its make-up Saturday, Spring Festival 2026,
-- another zone, clock changes; deadline, before_deadline, share_point and
-- working_time agree with the setting; a change of it is seen at once.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(53);

-- ---------------------------------------------------------------------------
-- 1. The setting
-- ---------------------------------------------------------------------------
SELECT is((SELECT day_ends FROM hotline.calendar WHERE name = 'cn'), 'midnight',
          'the national calendar counts to 24:00 of the last day, as 12345 centres do');
INSERT INTO hotline.calendar (name, base, description) VALUES ('de_mid', 'cn', 'cn as it is (test)');
INSERT INTO hotline.calendar (name, base, day_ends, description)
    VALUES ('de_cob', 'cn', 'close_of_business', 'cn, days end at the close of business (test)');
-- a layered calendar has its own setting, like its own business hours
INSERT INTO hotline.calendar (name, base, description) VALUES ('de_layer', 'de_cob', 'on de_cob, its own default (test)');
INSERT INTO hotline.calendar (name, base, time_zone, day_ends, description)
    VALUES ('de_wlmq', 'cn', 'Asia/Urumqi', 'close_of_business', 'cn in Urumqi time, close of business (test)');
INSERT INTO hotline.calendar (name, base, business_hours, day_ends, description)
    VALUES ('de_late', 'cn', '{"[14:00,18:00)","[08:00,12:00)"}', 'close_of_business', 'cn, open until 18:00 (test)');
INSERT INTO hotline.calendar (name, business_hours, work_weekdays, day_ends, description)
    VALUES ('de_24x7', '{"[00:00,24:00)"}', '{1,2,3,4,5,6,7}', 'close_of_business', 'all day every day (test)');
INSERT INTO hotline.calendar (name, time_zone, work_weekdays, day_ends, description)
    VALUES ('de_berlin', 'Europe/Berlin', '{1,2,3,4,5,6,7}', 'close_of_business', 'every day, clock changes (test)');
-- the two calendars without a base have no holidays: say so, to be quiet
INSERT INTO hotline.calendar_year (calendar, year, source)
    VALUES ('de_24x7', 2026, 'no special days (test)'), ('de_berlin', 2026, 'no special days (test)');
SELECT is((SELECT day_ends FROM hotline.calendar WHERE name = 'de_layer'), 'midnight',
          'a new calendar defaults to midnight, whatever its base says');

-- ---------------------------------------------------------------------------
-- 2. Deadlines under both settings, the same in every session time zone
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE cases (calendar text, start timestamptz, lim hotline.time_limit, expected timestamptz, why text);
INSERT INTO cases VALUES
 ('de_mid', '2026-09-30 10:00+08', '7 working days', '2026-10-16 00:00+08',
  'a written dispatch on 30 Sep 2026, 7 working days: 24:00 of 15 Oct'),
 ('de_cob', '2026-09-30 10:00+08', '7 working days', '2026-10-15 17:30+08',
  '... at the close of business: 17:30 of 15 Oct'),
 ('de_mid', '2026-09-30 10:00+08', '3 working days', '2026-10-11 00:00+08',
  'a phone dispatch, 3 working days: 24:00 of the make-up Saturday 10 Oct'),
 ('de_cob', '2026-09-30 10:00+08', '3 working days', '2026-10-10 17:30+08',
  '... at the close of business of the make-up Saturday'),
 ('de_cob', '2026-09-30 10:00+08', '1 day', '2026-10-08 17:30+08',
  'a natural day whose last day is a holiday moves to the next working day (art. 203), to its close of business'),
 ('de_cob', '2026-01-30 10:00+08', '15 days', '2026-02-14 17:30+08',
  '15 natural days end on the make-up Saturday 14 Feb 2026, at its close of business'),
 ('de_cob', '2026-02-13 16:00+08', '7 working days', '2026-03-02 17:30+08',
  'Spring Festival 2026: make-up Saturdays 14 and 28 Feb count'),
 ('de_cob', '2026-09-30 16:30+08', '4 working hours', '2026-10-08 12:00+08',
  'working hours are not a period in days: they end when the business time is used up'),
 ('de_cob', '2026-02-14 10:00+08', '24 hours', '2026-02-15 10:00+08', 'clock hours ignore the setting'),
 ('de_layer', '2026-09-30 10:00+08', '7 working days', '2026-10-16 00:00+08',
  'a calendar layered on a close-of-business one ends at 24:00 by its own setting (with the base''s days)'),
 ('de_wlmq', '2026-09-30 10:00+06', '7 working days', '2026-10-15 17:30+06',
  'Urumqi: 17:30 Urumqi time (19:30 Beijing time)'),
 ('de_late', '2026-09-30 10:00+08', '7 working days', '2026-10-15 18:00+08',
  'the close of business is the end of the last period, whatever order business_hours lists them in'),
 ('de_24x7', '2026-09-30 10:00+08', '3 working days', '2026-10-04 00:00+08',
  'business hours to 24:00: the close of business is midnight'),
 ('de_berlin', '2026-03-28 10:00+01', '1 working day', '2026-03-29 17:30+02',
  'the close of business on the day the clock goes forward, in summer time'),
 ('de_berlin', '2026-10-24 10:00+02', '1 working day', '2026-10-25 17:30+01',
  'the close of business on the day the clock goes back, in winter time');

SET LOCAL TimeZone = 'UTC';
SELECT is(hotline.deadline(calendar, start, lim), expected, why) FROM cases;

CREATE TEMP TABLE zone_results (zone text, why text, expected timestamptz, got timestamptz);
DO $$
DECLARE
    z text;
BEGIN
    FOREACH z IN ARRAY ARRAY['America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Chatham', 'Asia/Shanghai'] LOOP
        PERFORM set_config('TimeZone', z, true);
        INSERT INTO zone_results
        SELECT z, c.why, c.expected, hotline.deadline(c.calendar, c.start, c.lim) FROM cases c;
    END LOOP;
    PERFORM set_config('TimeZone', 'UTC', true);
END $$;
SELECT is((SELECT count(*)::integer FROM zone_results WHERE got IS DISTINCT FROM expected), 0,
          'the session time zone (Los Angeles, Kolkata, Chatham, Shanghai) changes no deadline (R-12.3)');

-- ---------------------------------------------------------------------------
-- 3. Reminders and working time agree with the setting (R-12.5)
-- ---------------------------------------------------------------------------
SELECT is(hotline.before_deadline('de_cob', '2026-10-15 17:30+08', '1 working day'), '2026-10-14 17:30+08',
          'one working day before a close-of-business deadline is the close of business the working day before');
SELECT is(hotline.before_deadline('de_cob', '2026-10-08 17:30+08', '1 working day'), '2026-09-30 17:30+08',
          '... across National Day');
SELECT is(hotline.before_deadline('de_mid', '2026-10-16 00:00+08', '1 working day'), '2026-10-14 17:30+08',
          'from 24:00 as well: a reminder a working day ahead comes at the same close of business');
SELECT is((SELECT count(*)::integer FROM generate_series(1, 6) k
           WHERE hotline.before_deadline('de_cob', hotline.deadline('de_cob', '2026-09-30 10:00+08', '7 working days'),
                                         (k || ' working days')::hotline.time_limit)
                 <> hotline.deadline('de_cob', '2026-09-30 10:00+08', ((7 - k) || ' working days')::hotline.time_limit)),
          0, 'k working days before the deadline of 7 is the deadline of 7 - k, for k = 1..6');
SELECT is(hotline.before_deadline('de_cob', '2026-10-15 17:30+08', '2 days'), '2026-10-13 17:30+08',
          'natural days count back on the clock from the close of business');
SELECT is(hotline.before_deadline('de_wlmq', '2026-10-15 17:30+06', '1 working day'), '2026-10-14 17:30+06',
          'in Urumqi: the close of business the working day before, Urumqi time');
SELECT is(hotline.working_time('de_cob', '2026-09-30 10:00+08', '2026-10-15 17:30+08'),
          hotline.working_time('de_mid', '2026-09-30 10:00+08', '2026-10-16 00:00+08'),
          'the allowed working time is the same under both settings (no business hours lie after the close)');
SELECT is(hotline.working_time('de_cob', '2026-09-30 10:00+08', '2026-10-15 17:30+08'), interval '55 hours',
          '... 55 hours: 6 on 30 Sep and 7 on each of the 7 working days');
SELECT is(hotline.share_point('de_cob', '2026-09-30 10:00+08', '2026-10-15 17:30+08', 0.8), '2026-10-14 12:00+08',
          '80% of the allowed time has passed at 12:00 on 14 Oct');
SELECT is(hotline.share_point('de_mid', '2026-09-30 10:00+08', '2026-10-16 00:00+08', 0.8), '2026-10-14 12:00+08',
          '... under either setting');
SELECT is(hotline.share_point('de_cob', '2026-09-30 10:00+08', '2026-10-15 17:30+08', 1), '2026-10-15 17:30+08',
          'all of it at the close of business deadline itself');
SELECT is(hotline.working_time('de_cob', '2026-09-30 10:00+08',
                               hotline.share_point('de_cob', '2026-09-30 10:00+08', '2026-10-15 17:30+08', 0.8)),
          0.8 * interval '55 hours', 'the share point is 80% of the working time');
SELECT is(hotline.working_days('de_cob', '2026-10-01', '2026-10-15'), hotline.working_days('de_mid', '2026-10-01', '2026-10-15'),
          'working_days counts days: the setting does not change it');

-- ---------------------------------------------------------------------------
-- 4. A change of the setting is seen at once, by every cached call
-- ---------------------------------------------------------------------------
UPDATE hotline.calendar SET day_ends = 'midnight' WHERE name = 'de_cob';
SELECT is(hotline.deadline('de_cob', '2026-09-30 10:00+08', '7 working days'), '2026-10-16 00:00+08',
          'set to midnight, the next statement counts to 24:00');
UPDATE hotline.calendar SET day_ends = 'close_of_business' WHERE name = 'de_cob';
-- one expression evaluated again after a change: PL/pgSQL keeps its
-- function call (and the calendar it remembered) across the loop
CREATE TEMP TABLE loop_results (n integer, due timestamptz);
DO $$
DECLARE
    i integer;
    due timestamptz;
BEGIN
    FOR i IN 1..3 LOOP
        due := hotline.deadline('de_cob', '2026-09-30 10:00+08', '7 working days');
        INSERT INTO loop_results VALUES (i, due);
        UPDATE hotline.calendar SET day_ends = CASE day_ends WHEN 'midnight' THEN 'close_of_business' ELSE 'midnight' END
        WHERE name = 'de_cob';
    END LOOP;
    UPDATE hotline.calendar SET day_ends = 'close_of_business' WHERE name = 'de_cob';
END $$;
SELECT is(ARRAY(SELECT to_char(due AT TIME ZONE 'Asia/Shanghai', 'MM-DD HH24:MI') FROM loop_results ORDER BY n),
          '{"10-15 17:30","10-16 00:00","10-15 17:30"}'::text[],
          'a call that remembered the calendar sees each change within one statement');
SELECT is(hotline.deadline('de_cob', '2026-09-30 10:00+08', '7 working days'), '2026-10-15 17:30+08',
          'set back to close_of_business: 17:30 again');
SELECT is(hotline.deadline('de_layer', '2026-09-30 10:00+08', '7 working days'), '2026-10-16 00:00+08',
          'the layered calendar keeps its own setting');
UPDATE hotline.calendar SET day_ends = 'close_of_business' WHERE name = 'de_layer';
SELECT is(hotline.deadline('de_layer', '2026-09-30 10:00+08', '7 working days'), '2026-10-15 17:30+08',
          'until it is changed');
UPDATE hotline.calendar SET business_hours = '{"[08:30,12:00)","[13:00,17:00)"}' WHERE name = 'de_layer';
SELECT is(hotline.deadline('de_layer', '2026-09-30 10:00+08', '7 working days'), '2026-10-15 17:00+08',
          'new business hours move the close of business');

-- a change of the setting queues the recomputation of deadlines
UPDATE hotline.calendar SET day_ends = 'close_of_business' WHERE name = 'de_mid';
SELECT is((SELECT count(*)::integer FROM hotline.calendar_change WHERE calendar = 'de_mid' AND done_at IS NULL), 1,
          'a change of day_ends alone is queued for hotline.recompute_deadlines');
UPDATE hotline.calendar SET day_ends = 'midnight' WHERE name = 'de_mid';

-- ---------------------------------------------------------------------------
-- 5. Open deadlines follow the setting when recomputed
-- ---------------------------------------------------------------------------
INSERT INTO hotline.unit (code, name, region, kind, calendar)
    VALUES ('de-unit', '东城区城市管理委员会 (test)', '110101', 'department', 'de_mid');
CREATE TEMP TABLE orders AS
SELECT hotline.accept('110101', 'complaint', 'phone', '工地夜间施工噪音扰民', actor => '话务员 0101') AS order_no;
SELECT is(hotline.dispatch((SELECT order_no FROM orders), 'de-unit', '请核实查处'), 'dispatched', 'dispatched to a unit on de_mid');
CREATE TEMP VIEW asg AS
SELECT a.* FROM hotline.assignment a WHERE a.order_no = (SELECT order_no FROM orders);
SELECT is(((SELECT reply_due FROM asg) AT TIME ZONE 'Asia/Shanghai')::time, '00:00'::time,
          'its reply deadline is 24:00 of a day');
UPDATE hotline.calendar SET day_ends = 'close_of_business' WHERE name = 'de_mid';
-- queued by hand until the trigger queues it (see above); queued twice,
-- the recomputation moves the assignment once
INSERT INTO hotline.calendar_change (calendar) VALUES ('de_mid');
SELECT is((hotline.recompute_deadlines() ->> 'assignments_moved')::integer, 1,
          'the recomputation of the calendar moves the open assignment');
SELECT is((SELECT reply_due FROM asg),
          hotline.deadline('de_mid', (SELECT coalesce(reply_from, dispatched_at) FROM asg), (SELECT reply_limit FROM asg)),
          'to its deadline under the new setting');
SELECT is(((SELECT reply_due FROM asg) AT TIME ZONE 'Asia/Shanghai')::time, '17:30'::time,
          'at the close of business');

-- ---------------------------------------------------------------------------
-- 6. Bad settings are refused, and change nothing
-- ---------------------------------------------------------------------------
SELECT throws_ok($$INSERT INTO hotline.calendar (name, day_ends) VALUES ('de_bad', 'noon')$$, '22023',
                 'invalid calendar "de_bad": day_ends must be midnight or close_of_business, not "noon"',
                 'an unknown setting is refused (22023), naming it');
SELECT throws_ok($$UPDATE hotline.calendar SET day_ends = 'Midnight' WHERE name = 'de_cob'$$, '22023',
                 'invalid calendar "de_cob": day_ends must be midnight or close_of_business, not "Midnight"',
                 'the values are exact');
SELECT throws_ok($$INSERT INTO hotline.calendar (name, day_ends) VALUES ('de_bad', repeat('x', 100000))$$, '22023',
                 'invalid calendar "de_bad": day_ends must be midnight or close_of_business, not "'
                 || repeat('x', 64) || '"...', 'a huge value is shown cut to 64 bytes');
SELECT throws_ok($$INSERT INTO hotline.calendar (name, day_ends) VALUES ('de_bad', NULL)$$, '23502', NULL,
                 'NULL is refused');
SELECT throws_ok($$INSERT INTO hotline.calendar (name, business_hours, day_ends)
                   VALUES ('de_bad', '{}', 'close_of_business')$$, '22023',
                 'invalid calendar "de_bad": day_ends is close_of_business but the calendar has no business hours',
                 'close of business without business hours is refused');
SELECT throws_ok($$UPDATE hotline.calendar SET business_hours = '{"empty"}' WHERE name = 'de_cob'$$, '22023',
                 'invalid calendar "de_cob": day_ends is close_of_business but the calendar has no business hours',
                 'so is taking the business hours of a close-of-business calendar away');
SELECT is((SELECT day_ends || ' ' || business_hours::text FROM hotline.calendar WHERE name = 'de_cob'),
          'close_of_business {"[09:00:00,12:00:00)","[13:30:00,17:30:00)"}', 'the row is as it was');
SELECT throws_ok($$UPDATE hotline.calendar SET day_ends = 'close_of_business' WHERE name = 'cn'$$, '23001', NULL,
                 'the built-in calendar is read-only: layer one on it to count to the close of business');
-- bypassing the triggers: the CHECK constraint still holds, and a row
-- without business hours that says close_of_business counts to 24:00
SET LOCAL session_replication_role = replica;
SELECT throws_ok($$INSERT INTO hotline.calendar (name, day_ends) VALUES ('de_bad', 'noon')$$, '23514', NULL,
                 'with triggers bypassed the CHECK constraint refuses an unknown setting');
INSERT INTO hotline.calendar (name, base, business_hours, day_ends) VALUES ('de_forced', 'cn', '{}', 'close_of_business');
SET LOCAL session_replication_role = origin;
SELECT is(hotline.deadline('de_forced', '2026-09-30 10:00+08', '7 working days'), '2026-10-16 00:00+08',
          'close of business without business hours, written past the triggers, counts to 24:00');

SELECT * FROM finish();
ROLLBACK;
