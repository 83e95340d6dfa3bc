-- Messages to people go out inside business hours (issue 8; R-5.1, R-5.4,
-- R-12.3, R-12.4, R-14.1): reminders, hastenings and public notices fall
-- due at deadlines (often 00:00, the end of a working day) but are sent at
-- the next opening of the recipient's calendar; emergencies at once; a
-- hastening repeats from the time it was sent, not from midnight.
--
-- Every instant is fixed: the rule is a function of the time it is asked
-- at (hotline.alarm_fire_at's asof), and the deadlines moved by UPDATE lie
-- in the past, so the results do not depend on when the test runs.  The
-- session runs in New York time: the calendars count in their own zones
-- (R-12.3).
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
SET TimeZone = 'America/New_York';
BEGIN;
SELECT plan(59);

INSERT INTO hotline.calendar (name, base, time_zone, description)
    VALUES ('bh_urumqi', 'cn', 'Asia/Urumqi', '乌鲁木齐 (test): the national calendar in Urumqi time');
INSERT INTO hotline.calendar (name, business_hours, work_weekdays)
    VALUES ('bh_24x7', '{"[00:00,24:00)"}', '{1,2,3,4,5,6,7}');
INSERT INTO hotline.calendar (name, base, business_hours, description)
    VALUES ('bh_days', 'cn', '{}', 'working days without business hours (test)');
INSERT INTO hotline.calendar (name, work_weekdays, description) VALUES ('bh_never', '{}', 'no working day (test)');
INSERT INTO hotline.calendar (name, work_weekdays, business_hours, description)
    VALUES ('bh_never_days', '{}', '{}', 'no working day, no business hours (test)');
INSERT INTO hotline.calendar_year (calendar, year)
    VALUES ('bh_never', 2026), ('bh_never', 2027), ('bh_never_days', 2026), ('bh_never_days', 2027), ('bh_24x7', 2026);

-- ---------------------------------------------------------------------------
-- 1. The next opening of a calendar
-- ---------------------------------------------------------------------------
SELECT is(hotline.next_opening('cn', '2026-11-24 00:00+08'), '2026-11-24 09:00+08',
          'a deadline passing at 00:00 on a working day (Tuesday): 09:00 that day');
SELECT is(hotline.next_opening('cn', '2026-11-27 18:00+08'), '2026-11-30 09:00+08',
          'Friday 18:00: Monday 09:00');
SELECT is(hotline.next_opening('cn', '2026-11-28 11:00+08'), '2026-11-30 09:00+08', 'Saturday: Monday 09:00');
SELECT is(hotline.next_opening('cn', '2026-09-30 18:00+08'), '2026-10-08 09:00+08',
          'the evening before National Day: 09:00 of 8 October, the first working day after the holidays');
SELECT is(hotline.next_opening('cn', '2026-10-09 18:00+08'), '2026-10-10 09:00+08',
          'Friday 9 October 18:00: Saturday 10 October, a make-up working day (补班)');
SELECT is(hotline.next_opening('cn', '2026-11-24 10:15+08'), '2026-11-24 10:15+08', 'inside business hours: at once');
SELECT is(hotline.next_opening('cn', '2026-11-24 12:30+08'), '2026-11-24 13:30+08', 'at lunch: the afternoon opening');
SELECT is(hotline.next_opening('cn', '2026-11-24 17:30+08'), '2026-11-24 17:30+08',
          'the closing instant is still business time (a deadline at 17:30 is hastened at 17:30)');
SELECT is(hotline.next_opening('cn', '2026-11-24 17:30:01+08'), '2026-11-25 09:00+08', 'after closing: the next morning');
SELECT is(hotline.next_opening('cn', '2026-11-24 08:59:59.5+08'), '2026-11-24 09:00+08', 'just before opening: the opening');
SELECT is(hotline.next_opening('bh_urumqi', '2026-11-24 00:00+08'), '2026-11-24 11:00+08',
          'in Urumqi the day opens at 09:00 Urumqi time, 11:00 Beijing time (R-12.3)');
SELECT is(hotline.next_opening('bh_urumqi', '2026-11-24 10:30+08'), '2026-11-24 11:00+08',
          '... so 10:30 Beijing time is before its opening');
SELECT is(hotline.next_opening('bh_24x7', '2026-11-29 03:00+08'), '2026-11-29 03:00+08', 'a 24x7 calendar is always open');
SELECT is(hotline.next_opening('bh_days', '2026-11-24 00:00+08'), '2026-11-24 00:00+08',
          'a calendar without business hours is open all of a working day');
SELECT is(hotline.next_opening('bh_days', '2026-11-28 10:00+08'), '2026-11-30 00:00+08', '... from its first instant');
SET LOCAL TimeZone = 'Asia/Tokyo';
SELECT is(hotline.next_opening('cn', '2026-11-27 18:00+08'), '2026-11-30 09:00+08', 'the same in any session time zone');
SET LOCAL TimeZone = 'America/New_York';
SELECT is(hotline.next_opening('cn', NULL), NULL, 'NULL in, NULL out');
SELECT throws_ok($$SELECT hotline.next_opening('nope', now())$$, '42704', 'calendar "nope" does not exist',
                 'an unknown calendar is refused');
SELECT throws_ok($$SELECT hotline.next_opening('bh_never', '2026-11-24 00:00+08')$$, '22008', NULL,
                 'a calendar without any working day has no opening: an error, not an endless loop');
SELECT throws_ok($$SELECT hotline.next_opening('bh_never_days', '2026-11-24 00:00+08')$$, '22008', NULL,
                 '... also without business hours');

-- ---------------------------------------------------------------------------
-- 2. Emergencies are sent at once
-- ---------------------------------------------------------------------------
SELECT is(hotline.send_time('cn', '2026-11-24 23:00+08', 'normal', NULL), '2026-11-25 09:00+08',
          'a message due at 23:00 waits for the opening');
SELECT is(hotline.send_time('cn', '2026-11-24 23:00+08', 'urgent', NULL), '2026-11-25 09:00+08', '... an urgent one too');
SELECT is(hotline.send_time('cn', '2026-11-24 23:00+08', 'normal', 'accident'), '2026-11-24 23:00+08',
          'an emergency (an emergency kind, R-2.3) is sent at 23:00');
SELECT is(hotline.send_time('cn', '2026-11-24 23:00+08', 'very_urgent', NULL), '2026-11-24 23:00+08',
          '... and a very urgent order (特急)');

-- ---------------------------------------------------------------------------
-- 3. The fire-time rule (hotline.alarm_fire_at)
-- ---------------------------------------------------------------------------
-- (kind, calendar, start, due, share, before, every, sent_at, urgency, emergency_kind, asof)
SELECT is(hotline.alarm_fire_at('hasten', 'cn', NULL, '2026-11-24 00:00+08', NULL, NULL, '1 working day', NULL,
                                'normal', NULL, '2026-11-20 10:00+08'),
          '2026-11-24 09:00+08', 'hasten: first at the opening after the deadline');
SELECT is(hotline.alarm_fire_at('hasten', 'cn', NULL, '2026-11-24 23:00+08', NULL, NULL, '1 working day', NULL,
                                'normal', 'public_health', '2026-11-20 10:00+08'),
          '2026-11-24 23:00+08', '... an emergency at the deadline itself');

-- a hastening sent at 09:00 on Tuesday 29 September comes again at 09:00 of
-- every working day: across National Day and onto the make-up Saturday
WITH RECURSIVE chain(n, sent) AS (
    SELECT 1, timestamptz '2026-09-29 09:00+08'
    UNION ALL
    SELECT n + 1, hotline.alarm_fire_at('hasten', 'cn', NULL, '2026-09-29 00:00+08', NULL, NULL, '1 working day', sent,
                                        'normal', NULL, sent + interval '30 seconds')
    FROM chain WHERE n < 6
)
SELECT is(ARRAY(SELECT to_char(sent AT TIME ZONE 'Asia/Shanghai', 'MM-DD HH24:MI') FROM chain ORDER BY n),
          '{09-29 09:00,09-30 09:00,10-08 09:00,10-09 09:00,10-10 09:00,10-12 09:00}'::text[],
          'repeats every working day at the opening, never at midnight: 30 Sep, 8, 9, 10 (补班) and 12 October');
SELECT is(hotline.alarm_fire_at('hasten', 'cn', NULL, '2026-11-24 00:00+08', NULL, NULL, '1 working day',
                                '2026-11-24 14:20+08', 'normal', NULL, '2026-11-24 14:21+08'),
          '2026-11-25 14:20+08', 'sent at 14:20: again at 14:20 the next working day');
SELECT is(hotline.alarm_fire_at('hasten', 'cn', NULL, '2026-11-24 00:00+08', NULL, NULL, '1 working day',
                                '2026-11-27 09:00+08', 'normal', NULL, '2026-11-27 09:01+08'),
          '2026-11-30 09:00+08', 'sent on Friday: again on Monday');
SELECT is(hotline.alarm_fire_at('hasten', 'cn', NULL, '2026-11-24 00:00+08', NULL, NULL, '2 working days',
                                '2026-11-26 09:00+08', 'normal', NULL, '2026-11-26 09:01+08'),
          '2026-11-30 09:00+08', 'every 2 working days: Thursday, then Monday');
SELECT is(hotline.alarm_fire_at('hasten', 'cn', NULL, '2026-11-24 00:00+08', NULL, NULL, '4 working hours',
                                '2026-11-24 15:00+08', 'normal', NULL, '2026-11-24 15:01+08'),
          '2026-11-25 10:30+08', 'every 4 working hours: 2.5 hours on Tuesday afternoon, 1.5 on Wednesday morning');
SELECT is(hotline.alarm_fire_at('hasten', 'cn', NULL, '2026-11-24 00:00+08', NULL, NULL, '12 hours',
                                '2026-11-24 15:00+08', 'normal', NULL, '2026-11-24 15:01+08'),
          '2026-11-25 09:00+08', 'every 12 clock hours from 15:00 is 03:00: sent at the opening');
SELECT is(hotline.alarm_fire_at('hasten', 'cn', NULL, '2026-11-24 00:00+08', NULL, NULL, '1 working day',
                                '2026-11-24 23:00+08', 'normal', 'accident', '2026-11-24 23:01+08'),
          '2026-11-25 23:00+08', 'an emergency is hastened again at 23:00 the next working day');
SELECT is(hotline.alarm_fire_at('hasten', 'bh_urumqi', NULL, '2026-11-24 00:00+08', NULL, NULL, '1 working day',
                                '2026-11-24 11:00+08', 'normal', NULL, '2026-11-24 11:01+08'),
          '2026-11-25 11:00+08', 'in Urumqi: 09:00 Urumqi time the next working day');
SELECT is(hotline.alarm_fire_at('hasten', 'cn', NULL, '2026-11-24 00:00+08', NULL, NULL, '1 working day',
                                '2026-11-24 09:00+08', 'normal', NULL, '2026-11-26 10:00+08'),
          '2026-11-27 10:00+08', 'a sweep two days late counts from its own time: one hastening, no burst to catch up');
SELECT is(hotline.alarm_fire_at('hasten', 'cn', NULL, '2026-11-24 00:00+08', NULL, NULL, NULL,
                                '2026-11-24 09:00+08', 'normal', NULL, '2026-11-24 09:01+08'),
          NULL, 'a hastening without "every" is done');

SELECT is(hotline.alarm_fire_at('remind', 'cn', '2026-11-16 09:00+08', '2026-11-25 00:00+08', 0.8, NULL, NULL, NULL,
                                'normal', NULL, '2026-11-16 09:00+08'),
          hotline.share_point('cn', '2026-11-16 09:00+08', '2026-11-25 00:00+08', 0.8),
          'remind at a share of the working time: a point inside business hours, kept');
SELECT is(hotline.alarm_fire_at('remind', 'cn', '2026-11-16 09:00+08', '2026-11-25 12:00+08', NULL, '12 hours', NULL, NULL,
                                'normal', NULL, '2026-11-16 09:00+08'),
          '2026-11-25 09:00+08', 'remind 12 clock hours before 12:00 is 00:00: sent at the opening, still before the deadline');
SELECT is(hotline.alarm_fire_at('remind', 'cn', '2026-11-16 09:00+08', '2026-11-25 00:00+08', NULL, '2 hours', NULL, NULL,
                                'normal', NULL, '2026-11-16 09:00+08'),
          '2026-11-24 22:00+08', 'remind 2 hours before midnight: the next opening is past the deadline, so at 22:00');
SELECT is(hotline.alarm_fire_at('remind', 'cn', '2026-11-16 09:00+08', '2026-11-25 12:00+08', NULL, '12 hours', NULL, NULL,
                                'normal', 'natural_disaster', '2026-11-16 09:00+08'),
          '2026-11-25 00:00+08', 'an emergency is reminded at 00:00');
SELECT is(hotline.alarm_fire_at('remind', 'cn', '2026-11-25 11:00+08', '2026-11-25 12:00+08', NULL, '2 working hours',
                                NULL, NULL, 'normal', NULL, '2026-11-25 11:00+08'),
          NULL, 'a reminder due before its period started is not sent');
SELECT is(hotline.alarm_fire_at('remind', 'cn', '2026-11-16 09:00+08', '2026-11-25 00:00+08', 0.8, NULL, NULL, NULL,
                                'normal', NULL, '2026-11-25 00:00+08'),
          NULL, 'too late to remind: the hastening follows');
SELECT is(hotline.alarm_fire_at('remind', 'cn', '2026-11-16 09:00+08', '2026-11-25 00:00+08', 0.8, NULL, NULL,
                                '2026-11-23 10:00+08', 'normal', NULL, '2026-11-23 10:01+08'),
          NULL, 'a reminder sent is done');

-- ---------------------------------------------------------------------------
-- 4. Through the engine: alarms on deadlines moved into the past
-- ---------------------------------------------------------------------------
INSERT INTO hotline.unit (code, name, region, kind) VALUES ('bh-dc', '北京市东城区人民政府', '110101', 'district');
INSERT INTO hotline.unit (code, name, region, kind, calendar)
    VALUES ('bh-wlmq', '乌鲁木齐市人民政府', '650100', 'district', 'bh_urumqi');
CREATE SCHEMA t;
CREATE TABLE t.orders (name text PRIMARY KEY, no hotline.order_no);
CREATE FUNCTION t.o(text) RETURNS hotline.order_no LANGUAGE sql STABLE AS $$ SELECT no FROM t.orders WHERE name = $1 $$;
CREATE FUNCTION t.fire_at(text, text) RETURNS timestamptz LANGUAGE sql STABLE AS
    $$ SELECT fire_at FROM hotline.alarm WHERE order_no = t.o($1) AND rule = $2 $$;
-- an order dispatched to a unit, with its reply deadline at a fixed instant
CREATE FUNCTION t.dispatched(name text, unit text, due timestamptz, urgency hotline.urgency DEFAULT 'normal',
                             emergency hotline.emergency_kind DEFAULT NULL) RETURNS void LANGUAGE sql AS $$
    INSERT INTO t.orders VALUES (name, hotline.accept('110101', 'help', 'phone', '楼道照明损坏 ' || name,
                                                      urgency => urgency, emergency => emergency, actor => '话务员 0301'));
    SELECT hotline.dispatch(t.o(name), unit, '请核实处理');
    UPDATE hotline.assignment SET reply_due = due WHERE order_no = t.o(name) AND due IS NOT NULL;
$$;
-- the same time of day as ts on the next working day after ts, in the
-- calendar's zone: when a hastening sent at ts comes again
CREATE FUNCTION t.next_working_day_same_time(text, timestamptz) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT ((SELECT d::date FROM generate_series(($2 AT TIME ZONE c.time_zone)::date + 1,
                                                      ($2 AT TIME ZONE c.time_zone)::date + 30, interval '1 day') d
             WHERE hotline.is_working_day($1, d::date) LIMIT 1)
            + ($2 AT TIME ZONE c.time_zone)::time) AT TIME ZONE c.time_zone
    FROM hotline.calendar c WHERE c.name = $1 $$;

SELECT t.dispatched('tuesday', 'bh-dc', '2026-11-24 00:00+08');
SELECT is(t.fire_at('tuesday', 'hasten_reply'), '2026-11-24 09:00+08',
          'a reply deadline at 00:00 of a working day: the unit is hastened at 09:00 that day');
SELECT t.dispatched('friday', 'bh-dc', '2026-11-27 18:00+08');
SELECT is(t.fire_at('friday', 'hasten_reply'), '2026-11-30 09:00+08', 'missed on Friday 18:00: hastened on Monday 09:00');
SELECT t.dispatched('national_day', 'bh-dc', '2026-10-01 00:00+08');
SELECT is(t.fire_at('national_day', 'hasten_reply'), '2026-10-08 09:00+08',
          'missed at the start of National Day: hastened on 8 October, 09:00');
SELECT t.dispatched('urumqi', 'bh-wlmq', '2026-11-24 00:00+08');
SELECT is(t.fire_at('urumqi', 'hasten_reply'), '2026-11-24 11:00+08', 'a unit in Urumqi: at its own 09:00');
SELECT t.dispatched('accident', 'bh-dc', '2026-11-24 23:00+08', emergency => 'accident');
SELECT is(t.fire_at('accident', 'hasten_reply'), '2026-11-24 23:00+08', 'an emergency missed at 23:00: hastened at once');
SELECT t.dispatched('very_urgent', 'bh-dc', '2026-11-24 23:00+08', urgency => 'very_urgent');
SELECT is(t.fire_at('very_urgent', 'hasten_reply'), '2026-11-24 23:00+08', '... and a very urgent order');
-- the hotline's own staff work on the workflow's calendar
INSERT INTO t.orders VALUES ('undispatched', hotline.accept('110101', 'help', 'phone', '小区路灯不亮', actor => '话务员 0301'));
UPDATE hotline.work_order SET dispatch_due = '2026-11-27 18:00+08' WHERE order_no = t.o('undispatched');
SELECT is(t.fire_at('undispatched', 'hasten_dispatch'), '2026-11-30 09:00+08',
          'a dispatch missed on Friday evening: the dispatchers are hastened on Monday 09:00');

-- the sweep sends them; every next hastening is inside business hours, but
-- the emergencies'
SELECT is((hotline.sweep() ->> 'hastenings')::integer, 7, 'the sweep hastens the seven');
SELECT is(ARRAY(SELECT o.name || ':' || al.fired || ':' ||
                       (al.fire_at = CASE WHEN o.name IN ('accident', 'very_urgent')
                                          THEN t.next_working_day_same_time('cn', now())
                                          ELSE hotline.next_opening(coalesce(u.calendar, 'cn'),
                                                   t.next_working_day_same_time(coalesce(u.calendar, 'cn'), now())) END)
                FROM t.orders o
                JOIN hotline.alarm al ON al.order_no = o.no
                                     AND al.rule = CASE o.name WHEN 'undispatched' THEN 'hasten_dispatch' ELSE 'hasten_reply' END
                LEFT JOIN hotline.assignment a ON a.id = al.assignment_id
                LEFT JOIN hotline.unit u ON u.id = a.unit_id
                ORDER BY 1),
          '{accident:1:true,friday:1:true,national_day:1:true,tuesday:1:true,undispatched:1:true,urumqi:1:true,very_urgent:1:true}'::text[],
          'each hastened once, and again one working day later: from now, since the sweep runs long after the first was due; '
          'at this time of day, moved into business hours but for the emergencies');

-- a public notice (hastened twice, R-5.4) goes to the supervisors in the
-- workflow's business hours; for an emergency at once
UPDATE hotline.alarm SET fire_at = now() - interval '1 second'
WHERE order_no IN (t.o('tuesday'), t.o('accident')) AND rule = 'hasten_reply';
SELECT is(hotline.sweep() - 'left_for_next_run',
          '{"reminders": 0, "hastenings": 2, "notices": 2, "retired": 0, "messages": 4}'::jsonb,
          'hastened twice: two public notices');
SELECT is((SELECT next_attempt_at FROM hotline.outbox WHERE order_no = t.o('tuesday') AND template = 'notice'),
          hotline.next_opening('cn', now()), 'the notice waits for the supervisors'' next opening (the outbox''s next_attempt_at)');
SELECT is((SELECT next_attempt_at FROM hotline.outbox WHERE order_no = t.o('accident') AND template = 'notice'),
          now(), 'an emergency''s notice goes at once');
SELECT matches((SELECT payload ->> 'text' FROM hotline.outbox WHERE order_no = t.o('tuesday') AND template = 'hasten'
                ORDER BY id DESC LIMIT 1),
               '^【12345热线】催办：北京市东城区人民政府承办的工单.*已于2026-11-24 00:00超期，第2次催办，请立即办理并答复。$',
               'the second hastening says so, with the deadline in Beijing time');

-- a sign-for deadline missed (a rule of your own): its own words
INSERT INTO hotline.workflow_escalation (workflow, rule, kind, due, states, every, channel, template, description)
    VALUES ('appeal_12345', 'hasten_sign', 'hasten', 'sign_due', '{dispatched}', '1 working day', 'sms', 'hasten_sign',
            '签收催办 (test)');
SELECT t.dispatched('unsigned', 'bh-dc', NULL);
UPDATE hotline.assignment SET sign_due = '2026-11-24 00:00+08' WHERE order_no = t.o('unsigned');
SELECT is(t.fire_at('unsigned', 'hasten_sign'), '2026-11-24 09:00+08', 'a missed sign-for deadline: hastened at 09:00');
SELECT is((hotline.sweep() ->> 'hastenings')::integer, 1, 'by the sweep');
SELECT is((SELECT payload ->> 'text' FROM hotline.outbox WHERE order_no = t.o('unsigned') AND template = 'hasten_sign'),
          format('【12345热线】催办：北京市东城区人民政府应于2026-11-24 00:00前签收工单%s，现已超期，第1次催办，请立即签收。',
                 t.o('unsigned')),
          'asking the unit to sign for it');

SELECT * FROM finish();
ROLLBACK;
