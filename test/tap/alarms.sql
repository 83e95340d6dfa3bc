-- Reminders (提醒), hastenings (催办), public notices (通报) and the
-- recomputation of deadlines when a calendar changes (issue 4; R-5.1,
-- R-5.4, R-12.5, R-14.1, R-14.3).
--
-- Everything runs in one transaction: now() is fixed, and the tests move
-- deadlines (a plain UPDATE of a deadline is allowed; its alarms follow)
-- rather than the clock.  Expected instants are computed with the calendar
-- functions of the stored start times, not written as fixed dates.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(83);

INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('bj-dc',  '北京市东城区人民政府', '110101', 'district'),
    ('bj-xc',  '北京市西城区人民政府', '110102', 'district');
INSERT INTO hotline.calendar (name, base, time_zone, description)
    VALUES ('xj_alarm', 'cn', 'Asia/Urumqi', '新疆 (test): the national calendar in Urumqi time');
INSERT INTO hotline.unit (code, name, region, kind, calendar)
    VALUES ('xj-wlmq', '乌鲁木齐市人民政府', '650100', 'district', 'xj_alarm');

CREATE SCHEMA t;
CREATE TABLE t.orders (name text PRIMARY KEY, no hotline.order_no);
CREATE FUNCTION t.o(text) RETURNS hotline.order_no LANGUAGE sql STABLE AS $$ SELECT no FROM t.orders WHERE name = $1 $$;
CREATE FUNCTION t.alarm(text, text) RETURNS hotline.alarm LANGUAGE sql STABLE AS
    $$ SELECT * FROM hotline.alarm WHERE order_no = t.o($1) AND rule = $2 $$;
CREATE FUNCTION t.asg(text) RETURNS hotline.assignment LANGUAGE sql STABLE AS
    $$ SELECT * FROM hotline.assignment WHERE order_no = t.o($1) ORDER BY id LIMIT 1 $$;
CREATE FUNCTION t.count(text, text) RETURNS integer LANGUAGE sql STABLE AS
    $$ SELECT count(*)::integer FROM hotline.order_event WHERE order_no = t.o($1) AND action = $2 $$;
CREATE FUNCTION t.messages(text) RETURNS text[] LANGUAGE sql STABLE AS
    $$ SELECT coalesce(array_agg(template ORDER BY id), '{}') FROM hotline.outbox WHERE order_no = t.o($1) $$;
-- the next working day after ts at ts's time of day in the calendar's zone,
-- moved into business hours: when a hastening sent at ts comes again
CREATE FUNCTION t.next_working_day_same_time(text, timestamptz) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT hotline.next_opening($1, ((SELECT d::date FROM generate_series(($2 AT TIME ZONE c.time_zone)::date + 1,
                                                                         ($2 AT TIME ZONE c.time_zone)::date + 30, interval '1 day') d
                                      WHERE hotline.is_working_day($1, d::date) LIMIT 1)
                                     + ($2 AT TIME ZONE c.time_zone)::time) AT TIME ZONE c.time_zone)
    FROM hotline.calendar c WHERE c.name = $1 $$;
-- move a unit's reply period: started `ago` before now, due `left` from now
CREATE FUNCTION t.reply_period(text, interval, interval) RETURNS void LANGUAGE sql AS
    $$ UPDATE hotline.assignment SET reply_from = now() - $2, reply_due = now() + $3
       WHERE order_no = t.o($1) AND closed_at IS NULL $$;

-- ---------------------------------------------------------------------------
-- 1. "Near the deadline" on the calendar (R-12.5)
-- ---------------------------------------------------------------------------
SELECT is(hotline.working_time('cn', '2026-09-30 10:00+08',
              hotline.share_point('cn', '2026-09-30 10:00+08', '2026-10-15 00:00+08', 0.8)),
          0.8 * hotline.working_time('cn', '2026-09-30 10:00+08', '2026-10-15 00:00+08'),
          '80% of the working time across National Day has passed at the share point');
SELECT is(hotline.share_point('cn', '2026-09-30 10:00+08', '2026-10-15 00:00+08', 0.8), '2026-10-13 14:54+08',
          '... which is the afternoon of 13 Oct: the holidays do not count');
SELECT is(hotline.share_point('cn', '2026-10-01 10:00+08', '2026-10-05 10:00+08', 0.5), '2026-10-05 10:00+08',
          'no working time in the period (National Day): the point is the deadline');
SELECT is(hotline.share_point('cn', '2026-11-23 09:00+08', '2026-11-24 09:00+08', 0), '2026-11-23 09:00+08',
          'share 0 is the start');
SELECT is(hotline.working_time('cn', hotline.before_deadline('cn', '2026-10-09 00:00+08', '1 working day'),
                               '2026-10-09 00:00+08'), interval '7 hours',
          'one working day before a deadline is one day of business hours before it');
SELECT is(hotline.before_deadline('cn', '2026-10-09 00:00+08', '1 working day'), '2026-09-30 17:30+08',
          '... across National Day: the close of business on 30 Sep');
SELECT is(hotline.before_deadline('cn', '2026-11-24 10:00+08', '2 working hours'), '2026-11-23 16:30+08',
          'two working hours before 10:00 are 16:30 the day before');
SELECT is(hotline.before_deadline('cn', '2026-11-24 10:00+08', '2 hours'), '2026-11-24 08:00+08',
          'clock hours count back on the clock');
SELECT is(hotline.before_deadline('cn', '2026-10-09 10:00+08', '3 days'), '2026-10-06 10:00+08',
          'days count back on the calendar, holidays or not');
INSERT INTO hotline.calendar (name, base, business_hours, description)
    VALUES ('cn_days', 'cn', '{}', 'working days only (test)');
SELECT is(hotline.before_deadline('cn_days', '2026-10-09 00:00+08', '1 working day'), '2026-10-01 00:00+08',
          'without business hours: 24:00 of the working day before the last one (30 Sep)');
SELECT is(hotline.share_point('cn_days', '2026-11-23 00:00+08', '2026-11-24 00:00+08', 0.25), '2026-11-23 06:00+08',
          'without business hours the share is of clock time');
SELECT throws_ok($$SELECT hotline.share_point('cn', now(), now() + interval '1 day', 1.5)$$, '22023',
                 'share must be between 0 and 1, not 1.5', 'a share above 1 is refused');
SELECT throws_ok($$SELECT hotline.share_point('cn', now(), now() + interval '1 day', 'NaN')$$, '22023', NULL,
                 'NaN is refused');
SELECT is(hotline.share_point('cn', NULL, now(), 0.8), NULL, 'NULL in, NULL out');

-- ---------------------------------------------------------------------------
-- 2. Alarms follow the deadlines
-- ---------------------------------------------------------------------------
INSERT INTO t.orders VALUES ('lamp', hotline.accept('110101', 'help', 'phone', '东直门北小街路灯连续一周不亮', actor => '话务员 0101'));
SELECT is(ROW((t.alarm('lamp', 'remind_dispatch')).due_at, (t.alarm('lamp', 'remind_dispatch')).fire_at)::text,
          ROW((SELECT dispatch_due FROM hotline.work_order WHERE order_no = t.o('lamp')),
              hotline.before_deadline('cn', (SELECT dispatch_due FROM hotline.work_order WHERE order_no = t.o('lamp')),
                                      '4 working hours'))::text,
          'accepted: the dispatchers are to be reminded 4 working hours before the dispatch deadline (R-4.1)');
SELECT is(hotline.dispatch(t.o('lamp'), 'bj-dc', '请核实处理并答复市民'), 'dispatched', 'dispatched');
SELECT is((SELECT dispatch_due FROM hotline.work_order WHERE order_no = t.o('lamp')), NULL,
          'dispatched: no dispatch is due any more');
UPDATE hotline.alarm SET fire_at = now() - interval '1 second' WHERE order_no = t.o('lamp') AND rule = 'remind_dispatch';
SELECT is(hotline.sweep() - 'left_for_next_run',
          '{"reminders": 0, "hastenings": 0, "notices": 0, "retired": 1, "messages": 0}'::jsonb,
          'its reminder, when it comes, retires without a message');
SELECT is(ARRAY(SELECT rule FROM hotline.alarm WHERE assignment_id = (t.asg('lamp')).id ORDER BY rule),
          '{hasten_reply,remind_reply,remind_sign}'::text[], 'the assignment has an alarm per time rule');
SELECT is((t.alarm('lamp', 'remind_reply')).fire_at,
          hotline.share_point('cn', (t.asg('lamp')).reply_from, (t.asg('lamp')).reply_due, 0.8),
          'the reply reminder comes when 80% of the working time has passed (R-5.1, R-12.5)');
SELECT is((t.alarm('lamp', 'hasten_reply')).fire_at, hotline.next_opening('cn', (t.asg('lamp')).reply_due),
          'the hastening waits for the deadline, and the unit''s business hours');
SELECT is((t.alarm('lamp', 'remind_sign')).fire_at,
          hotline.before_deadline('cn', (t.asg('lamp')).sign_due, '2 working hours'),
          'the unit is reminded to sign 2 working hours before its sign-for deadline');

-- ---------------------------------------------------------------------------
-- 3. The sweep: each rule exactly when due, never twice
-- ---------------------------------------------------------------------------
SELECT is(hotline.sweep() - 'left_for_next_run',
          '{"reminders": 0, "hastenings": 0, "notices": 0, "retired": 0, "messages": 0}'::jsonb, 'nothing is due yet');
SELECT is((hotline.sign_for(t.o('lamp'), 'bj-dc')).order_state, 'dispatched', 'the unit signs for it');
SELECT t.reply_period('lamp', '6 days', '1 day');
SELECT cmp_ok((t.alarm('lamp', 'remind_reply')).fire_at, '<=', now(), 'six of seven days have passed: the reminder is due');
SELECT is(hotline.sweep() ->> 'reminders', '1', 'the sweep sends one reminder');
SELECT is(t.messages('lamp'), '{remind}'::text[], 'to the outbox');
SELECT is((SELECT recipient_unit_id FROM hotline.outbox WHERE order_no = t.o('lamp')),
          (SELECT id FROM hotline.unit WHERE code = 'bj-dc'), 'addressed to the unit');
SELECT matches((SELECT payload ->> 'text' FROM hotline.outbox WHERE order_no = t.o('lamp')),
               '^【12345热线】提醒：北京市东城区人民政府承办的工单.*到期，请抓紧办理并答复。$', 'in words the unit reads');
SELECT is(t.count('lamp', 'remind'), 1, 'and recorded on the order');
SELECT is(hotline.sweep() ->> 'reminders', '0', 'a second sweep sends nothing');
SELECT t.reply_period('lamp', '6 days', '2 hours');
SELECT is(ROW((t.alarm('lamp', 'remind_reply')).fired, (t.alarm('lamp', 'remind_reply')).fire_at)::text, ROW(1, NULL)::text,
          'a moved deadline does not bring the reminder back: once per assignment and rule');
SELECT is(hotline.sweep() ->> 'reminders', '0', 'and the sweep sends none');

-- overdue: hastened, again every working day, public notice at the second
SELECT t.reply_period('lamp', '10 days', '-3 days');
-- (sent at the next opening after the deadline: due now whatever the hour the test runs)
UPDATE hotline.alarm SET fire_at = now() - interval '1 second' WHERE order_no = t.o('lamp') AND rule = 'hasten_reply';
SELECT is(hotline.sweep() ->> 'hastenings', '1', 'overdue: the unit is hastened (催办, R-5.4)');
SELECT is(t.count('lamp', 'hasten'), 1, 'the hastening is recorded on the order');
SELECT is((t.alarm('lamp', 'hasten_reply')).fire_at,
          t.next_working_day_same_time('cn', now() - interval '1 second'),
          'the next hastening is one working day later, at the same time of day (inside business hours)');
SELECT is(hotline.sweep() ->> 'hastenings', '0', 'not before');
UPDATE hotline.alarm SET fire_at = now() - interval '1 second' WHERE order_no = t.o('lamp') AND rule = 'hasten_reply';
SELECT is(hotline.sweep() - 'left_for_next_run',
          '{"reminders": 0, "hastenings": 1, "notices": 1, "retired": 0, "messages": 2}'::jsonb,
          'hastened twice and still not done: a public notice (通报)');
SELECT is((SELECT hastenings FROM hotline.public_notice WHERE order_no = t.o('lamp')), 2, 'the notice records two hastenings');
SELECT is(t.messages('lamp'), '{remind,hasten,hasten,notice,supervise}'::text[],
          'every message is in the outbox once: the reminder, two hastenings, the notice, the supervision');
SELECT is(t.count('lamp', 'public_notice'), 1, 'the notice is on the order');
SELECT is((SELECT count(*)::integer FROM hotline.supervision WHERE order_no = t.o('lamp') AND reason = 'notice' AND closed_at IS NULL),
          1, 'and the order is under supervision (督办)');
UPDATE hotline.alarm SET fire_at = now() - interval '1 second' WHERE order_no = t.o('lamp') AND rule = 'hasten_reply';
SELECT is(hotline.sweep() - 'left_for_next_run',
          '{"reminders": 0, "hastenings": 1, "notices": 0, "retired": 0, "messages": 1}'::jsonb,
          'a third hastening, but no second notice');
SELECT is(ARRAY(SELECT unit || ':' || hastenings || ':' || publicly_noticed FROM hotline.overdue WHERE order_no = t.o('lamp')),
          '{bj-dc:3:true}'::text[], 'the overdue board shows the unit, three hastenings and the notice');

-- a unit that replies is not hastened any more: its alarm retires silently
SELECT is((hotline.reply(t.o('lamp'), 'bj-dc', '已更换灯具，路灯恢复照明', true, 'phone')).order_state, 'replied', 'the unit replies');
UPDATE hotline.alarm SET fire_at = now() - interval '1 second' WHERE order_no = t.o('lamp') AND rule = 'hasten_reply';
SELECT is(hotline.sweep() - 'left_for_next_run',
          '{"reminders": 0, "hastenings": 0, "notices": 0, "retired": 1, "messages": 0}'::jsonb,
          'the replied assignment is retired without a message');
SELECT is((SELECT count(*)::integer FROM hotline.outbox WHERE order_no = t.o('lamp')), 6, 'no message was added');

-- the callback reminder goes to the hotline's own team
SELECT is(hotline.review(t.o('lamp'), true), 'reviewed', 'the reply is accepted: callback due in 2 working days');
-- (its period started two days ago: a reminder is never set before its period starts)
UPDATE hotline.work_order SET callback_due = now() + interval '1 hour', callback_from = now() - interval '2 days'
WHERE order_no = t.o('lamp');
SELECT is(hotline.sweep() ->> 'reminders', '1', 'the callback is near: one reminder');
SELECT is((SELECT recipient_user || '/' || channel FROM hotline.outbox WHERE order_no = t.o('lamp') AND template = 'remind_callback'),
          'callback_agents/system', 'to the callback agents, in the hotline''s own screens');

-- ---------------------------------------------------------------------------
-- 4. A unit on another calendar counts in its own zone
-- ---------------------------------------------------------------------------
INSERT INTO t.orders VALUES ('wlmq', hotline.accept('650100', 'complaint', 'phone', '小区供暖温度不达标，室温只有14度', actor => '话务员 0102'));
SELECT is(hotline.dispatch(t.o('wlmq'), 'xj-wlmq', '请核实供暖情况'), 'dispatched', 'dispatched to Urumqi');
SELECT is((t.alarm('wlmq', 'remind_reply')).fire_at,
          hotline.share_point('xj_alarm', (t.asg('wlmq')).reply_from, (t.asg('wlmq')).reply_due, 0.8),
          'its reminder is computed on the unit''s calendar');
UPDATE hotline.assignment SET reply_due = now() - interval '1 day' WHERE order_no = t.o('wlmq');
SELECT is((t.alarm('wlmq', 'hasten_reply')).fire_at, hotline.next_opening('xj_alarm', now() - interval '1 day'),
          'the hastening is sent at the unit''s next opening after the deadline, in Urumqi time');
UPDATE hotline.alarm SET fire_at = now() - interval '1 second' WHERE order_no = t.o('wlmq') AND rule = 'hasten_reply';
SELECT is(hotline.sweep() ->> 'hastenings', '1', 'hastened');
SELECT is((t.alarm('wlmq', 'hasten_reply')).fire_at,
          t.next_working_day_same_time('xj_alarm', now() - interval '1 second'),
          'next hastening: one working day on the unit''s calendar, at the same time of day in Urumqi');
SELECT matches((SELECT payload ->> 'text' FROM hotline.outbox WHERE order_no = t.o('wlmq') AND template = 'hasten'),
               to_char((now() - interval '1 day') AT TIME ZONE 'Asia/Urumqi', 'YYYY-MM-DD HH24:MI'),
               'the message gives the deadline in Urumqi time');

-- ---------------------------------------------------------------------------
-- 5. A calendar change moves the deadlines it touches, and says so
-- ---------------------------------------------------------------------------
INSERT INTO hotline.calendar (name, base, description) VALUES ('dc_test', 'cn', '东城区 (test)');
INSERT INTO hotline.unit (code, name, region, kind, calendar) VALUES ('dc-cg', '东城区城市管理委员会', '110101', 'department', 'dc_test');
INSERT INTO t.orders VALUES ('noise', hotline.accept('110101', 'complaint', 'phone', '工地夜间施工噪音扰民', actor => '话务员 0103'));
INSERT INTO t.orders VALUES ('fixed', hotline.accept('110101', 'complaint', 'phone', '餐馆油烟直排', actor => '话务员 0103'));
SELECT is(hotline.dispatch(t.o('noise'), 'dc-cg', '请核实查处'), 'dispatched', 'a dispatch on the district calendar');
SELECT is(hotline.dispatch(t.o('fixed'), 'dc-cg', '请核实查处'), 'dispatched', 'and another');
SELECT is((hotline.sign_for(t.o('fixed'), 'dc-cg')).order_state, 'dispatched', 'signed');
SELECT is((hotline.request_extension(t.o('fixed'), 'dc-cg', '需联合执法')).order_state, 'dispatched', 'an extension asked');
SELECT is((hotline.decide_extension(t.o('fixed'), 'dc-cg', true, new_deadline => (t.asg('fixed')).reply_due + interval '3 days')).order_state,
          'dispatched', 'and granted as a date');
SELECT hotline.recompute_deadlines();
CREATE TABLE t.before AS SELECT a.order_no, a.reply_due FROM hotline.assignment a WHERE a.order_no IN (t.o('noise'), t.o('fixed'));
-- the district declares two of the coming working days days off
INSERT INTO hotline.calendar_day (calendar, day, kind, note, source)
SELECT 'dc_test', d, 'holiday', '区级调休 (test)', 'alarms test'
FROM (SELECT d::date AS d FROM generate_series((now() AT TIME ZONE 'Asia/Shanghai')::date + 1,
                                             (now() AT TIME ZONE 'Asia/Shanghai')::date + 10, interval '1 day') d
      WHERE hotline.is_working_day('cn', d::date) LIMIT 2) x;
SELECT is((SELECT count(*)::integer FROM hotline.calendar_change WHERE calendar = 'dc_test' AND done_at IS NULL), 1,
          'the change is queued');
SELECT is(hotline.recompute_deadlines() - 'skipped', '{"changes": 1, "assignments_moved": 1, "orders_moved": 1}'::jsonb,
          'the recomputation moves one assignment, and its order''s reply deadline');
SELECT is((SELECT reply_due FROM hotline.work_order WHERE order_no = t.o('noise')), (t.asg('noise')).reply_due,
          'the order''s reply deadline agrees with its assignment''s again (0.1.0 left it stale)');
SELECT is((t.asg('noise')).reply_due, hotline.deadline('dc_test', (t.asg('noise')).reply_from, '7 working days'),
          'its deadline is 7 working days on the changed calendar');
SELECT cmp_ok((t.asg('noise')).reply_due, '>', (SELECT reply_due FROM t.before WHERE order_no = t.o('noise')),
              'two days later than before');
SELECT is((t.asg('fixed')).reply_due, (SELECT reply_due FROM t.before WHERE order_no = t.o('fixed')),
          'a deadline granted as a date stays');
SELECT is(ARRAY(SELECT CASE WHEN assignment_id IS NULL THEN 'order ' ELSE 'assignment ' END || (payload ->> 'calendar')
                FROM hotline.order_event WHERE order_no = t.o('noise') AND action = 'deadline_recomputed' ORDER BY id),
          '{"assignment dc_test","order dc_test"}'::text[], 'the order records the recomputation and why');
SELECT is((t.alarm('noise', 'hasten_reply')).due_at, (t.asg('noise')).reply_due, 'the alarms follow the new deadline');
SELECT is(hotline.recompute_deadlines() - 'skipped', '{"changes": 0, "assignments_moved": 0, "orders_moved": 0}'::jsonb,
          'run again, it does nothing');

-- ---------------------------------------------------------------------------
-- 6. The engine skips the alarm triggers only where no time rule applies
--    (hotline.alarms_wanted, issue 9)
-- ---------------------------------------------------------------------------
CREATE FUNCTION t.callback_alarms(text) RETURNS integer LANGUAGE sql STABLE AS
    $$ SELECT count(*)::integer FROM hotline.alarm a
       WHERE a.order_no = t.o($1) AND a.assignment_id IS NULL
         AND a.rule IN (SELECT r.rule FROM hotline.escalation_rule r
                        WHERE r.workflow = 'appeal_12345' AND r.due = 'callback_due') $$;
CREATE FUNCTION t.to_review(text) RETURNS text LANGUAGE sql AS $$
    INSERT INTO t.orders VALUES ($1, hotline.accept('110101', 'help', 'phone', '楼道灯不亮', actor => '话务员 0104'));
    SELECT hotline.dispatch(t.o($1), 'bj-dc', '请维修');
    SELECT hotline.sign_for(t.o($1), 'bj-dc');
    SELECT hotline.reply(t.o($1), 'bj-dc', '已修好', true, 'phone');
    SELECT hotline.review(t.o($1), true) $$;
SELECT is(t.to_review('lit'), 'reviewed', 'an order reviewed with the time rules on');
SELECT cmp_ok(t.callback_alarms('lit'), '>', 0,
              'the engine computed the alarms of the callback deadline it set (its trigger is off while the engine writes)');
SELECT is((SELECT bool_and(a.due_at = o.callback_due) FROM hotline.alarm a JOIN hotline.work_order o USING (order_no)
           WHERE o.order_no = t.o('lit') AND a.assignment_id IS NULL), true, '... on the deadline the review set');
-- the reminder was sent; the deadline is moved by hand (the trigger moves
-- its alarms), then the units redo and the review sets it again: the
-- engine compares the deadline as the trigger does
UPDATE hotline.alarm SET fired = 1, fire_at = NULL, last_fired_at = now()
WHERE order_no = t.o('lit') AND rule = 'remind_callback';
UPDATE hotline.work_order SET callback_due = callback_due + interval '1 day' WHERE order_no = t.o('lit');
SELECT hotline.callback(t.o('lit'), 'dissatisfied', 'dissatisfied');
SELECT hotline.reply(t.o('lit'), 'bj-dc', '已重新维修', true, 'phone');
SELECT is(hotline.review(t.o('lit'), true), 'reviewed', 'the redone order is reviewed again');
SELECT is((SELECT bool_and(a.due_at = o.callback_due) FROM hotline.alarm a JOIN hotline.work_order o USING (order_no)
           WHERE o.order_no = t.o('lit') AND a.assignment_id IS NULL), true,
          'its alarms follow the deadline the second review set');
SELECT is((t.alarm('lit', 'remind_callback')).fire_at, NULL, 'the callback reminder, sent once, is not sent again');
SELECT is((SELECT count(*)::integer FROM hotline.alarm a WHERE a.order_no = t.o('lit') AND a.assignment_id IS NULL
             AND a.kind = 'hasten' AND a.fire_at IS NULL), 0, 'the callback hastening waits for the new deadline');
SELECT is(hotline.alarms_wanted(t.o('lit'), false), true, 'outside the engine the alarms are always wanted');
-- the workflow's time rules switched off with rows of our own
INSERT INTO hotline.workflow_escalation (workflow, rule, kind, due, states, share, before, every,
        notice_after, on_actions, settings, channel, template, enabled, description)
SELECT workflow, rule, kind, due, states, share, before, every, notice_after, on_actions,
       settings, channel, template, false, description
FROM hotline.workflow_escalation WHERE workflow = 'appeal_12345' AND builtin AND kind IN ('remind', 'hasten');
SELECT is(t.to_review('dark'), 'reviewed', 'an order reviewed with the time rules off');
SELECT is((SELECT count(*)::integer FROM hotline.alarm WHERE order_no = t.o('dark')), 0, 'it has no alarms');
-- switched on again: a deadline moved by hand gets its alarms from the trigger
DELETE FROM hotline.workflow_escalation WHERE workflow = 'appeal_12345' AND NOT builtin;
UPDATE hotline.work_order SET callback_due = callback_due + interval '1 hour' WHERE order_no = t.o('dark');
SELECT cmp_ok(t.callback_alarms('dark'), '>', 0, 'with the rules on again, a moved callback deadline gets its alarms');

SELECT throws_ok($$SELECT hotline.sweep(0)$$, '22023', NULL, 'a batch of 0 is refused');
SELECT throws_ok($$SELECT hotline.sweep(NULL)$$, '22023', NULL, 'a NULL batch is refused');

SELECT * FROM finish();
ROLLBACK;
