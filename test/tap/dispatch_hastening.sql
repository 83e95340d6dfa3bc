-- The hotline's own dispatch limit (issue 8; R-4.1, R-5.4): an order not
-- dispatched within 2 working days of acceptance hastens the dispatchers
-- (the 12345 workflow's escalation rule hasten_dispatch), every working day
-- at the opening while it stays undispatched, with the hastening count, an
-- event on the order, and the order on the overdue board with how late it
-- is in working time.
--
-- One transaction: now() is fixed.  The deadline is moved to 00:00 of the
-- last working day whose opening has passed (day D below), so that the
-- first hastening falls due at D 09:00, whenever the test runs.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
SET TimeZone = 'Europe/London';
BEGIN;
SELECT plan(38);

INSERT INTO hotline.unit (code, name, region, kind) VALUES ('dh-dc', '北京市东城区人民政府', '110101', 'district');
CREATE SCHEMA t;
CREATE TABLE t.orders (name text PRIMARY KEY, no hotline.order_no);
CREATE FUNCTION t.o(text) RETURNS hotline.order_no LANGUAGE sql STABLE AS $$ SELECT no FROM t.orders WHERE name = $1 $$;
CREATE FUNCTION t.alarm(text) RETURNS hotline.alarm LANGUAGE sql STABLE AS
    $$ SELECT * FROM hotline.alarm WHERE order_no = t.o($1) AND rule = 'hasten_dispatch' $$;
CREATE FUNCTION t.board(text) RETURNS text LANGUAGE sql STABLE AS
    $$ SELECT string_agg(concat_ws(':', coalesce(unit, '-'), state, due, hastenings, publicly_noticed), ',' ORDER BY due)
       FROM hotline.overdue WHERE order_no = t.o($1) $$;
-- Beijing time
CREATE FUNCTION t.at(date, time) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS
    $$ SELECT ($1 + $2) AT TIME ZONE 'Asia/Shanghai' $$;
-- D: the last working day whose 09:00 has passed
CREATE FUNCTION t.d() RETURNS date LANGUAGE sql STABLE AS $$
    SELECT d::date FROM generate_series((now() AT TIME ZONE 'Asia/Shanghai')::date,
                                        (now() AT TIME ZONE 'Asia/Shanghai')::date - 30, interval '-1 day') d
    WHERE hotline.is_working_day('cn', d::date) AND t.at(d::date, '09:00') <= now()
    LIMIT 1 $$;
-- the working day after a day
CREATE FUNCTION t.next_working_day(date) RETURNS date LANGUAGE sql STABLE AS $$
    SELECT d::date FROM generate_series($1 + 1, $1 + 30, interval '1 day') d
    WHERE hotline.is_working_day('cn', d::date) LIMIT 1 $$;

-- ---------------------------------------------------------------------------
-- 1. The rule is workflow data
-- ---------------------------------------------------------------------------
SELECT is((SELECT ROW(kind, due, states, every, channel, template, settings ->> 'recipient_user')::text
           FROM hotline.escalation_rule WHERE workflow = 'appeal_12345' AND rule = 'hasten_dispatch'),
          ROW('hasten', 'dispatch_due', '{accepted,returned}'::text[], '1 working day'::hotline.time_limit, 'system',
              'hasten_dispatch', 'dispatchers')::text,
          'the 12345 workflow hastens the dispatchers every working day an accepted or returned order stays undispatched');

-- ---------------------------------------------------------------------------
-- 2. Accepted: the hastening waits for the deadline and the opening after it
-- ---------------------------------------------------------------------------
INSERT INTO t.orders VALUES ('lamp', hotline.accept('110101', 'help', 'phone', '东直门北小街路灯连续一周不亮',
                                                    actor => '话务员 0101'));
SELECT is((t.alarm('lamp')).due_at, (SELECT dispatch_due FROM hotline.work_order WHERE order_no = t.o('lamp')),
          'accepted: the dispatch deadline has its hastening');
SELECT is((SELECT dispatch_due FROM hotline.work_order WHERE order_no = t.o('lamp')),
          hotline.deadline('cn', (SELECT accepted_at FROM hotline.work_order WHERE order_no = t.o('lamp')), '2 working days'),
          '... 2 working days after acceptance (R-4.1)');
SELECT is((t.alarm('lamp')).fire_at,
          hotline.next_opening('cn', (SELECT dispatch_due FROM hotline.work_order WHERE order_no = t.o('lamp'))),
          'which ends at 24:00: the hastening is for the next opening');
SELECT is(to_char((t.alarm('lamp')).fire_at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI'), '09:00', '... at 09:00');
SELECT ok(hotline.is_working_day('cn', ((t.alarm('lamp')).fire_at AT TIME ZONE 'Asia/Shanghai')::date),
          '... of a working day');
SELECT is(t.board('lamp'), NULL, 'not late yet: not on the overdue board');
SELECT is(hotline.sweep() ->> 'hastenings', '0', 'the sweep sends nothing yet');

-- ---------------------------------------------------------------------------
-- 3. The 2 working days pass without a dispatch
-- ---------------------------------------------------------------------------
UPDATE hotline.work_order SET dispatch_due = t.at(t.d(), '00:00') WHERE order_no = t.o('lamp');
SELECT is((t.alarm('lamp')).fire_at, t.at(t.d(), '09:00'),
          'the deadline passed at 00:00 of a working day: the dispatchers are hastened at 09:00 that day');
SELECT is(t.board('lamp'), '-:accepted:dispatch_due:0:f',
          'the order is on the overdue board: the hotline (no unit) is late with its dispatch');
SELECT is((SELECT working_overdue_by FROM hotline.overdue WHERE order_no = t.o('lamp')),
          hotline.working_time('cn', t.at(t.d(), '00:00'), now()), 'how late, in working time');
SELECT is((SELECT overdue_by FROM hotline.overdue WHERE order_no = t.o('lamp')), now() - t.at(t.d(), '00:00'),
          'and on the clock');
SELECT is(hotline.sweep() - 'left_for_next_run',
          '{"reminders": 0, "hastenings": 1, "notices": 0, "retired": 0, "messages": 1}'::jsonb,
          'the sweep hastens the dispatchers');
SELECT is((SELECT concat_ws('/', recipient_user, recipient_unit_id, channel, template, payload ->> 'n', dedup_key)
           FROM hotline.outbox WHERE order_no = t.o('lamp')),
          'dispatchers/system/hasten_dispatch/1/hasten:' || (t.alarm('lamp')).id || ':1',
          'a message to the dispatchers in the hotline''s own screens, hastening number 1, never twice');
SELECT is((SELECT payload ->> 'text' FROM hotline.outbox WHERE order_no = t.o('lamp')),
          format('【12345热线】催办：工单%s应于%s 00:00前派单，现已超期，第1次催办，请立即派单。', t.o('lamp'), t.d()),
          'in words the dispatchers read, with the deadline in Beijing time');
SELECT is((SELECT concat_ws('/', actor, role, from_state, to_state, payload ->> 'rule', payload ->> 'n')
           FROM hotline.order_event WHERE order_no = t.o('lamp') AND action = 'hasten'),
          'hotline.sweep/system/accepted/accepted/hasten_dispatch/1', 'recorded on the order: event hasten, number 1');
SELECT is(t.board('lamp'), '-:accepted:dispatch_due:1:f', 'the board counts the hastening');
SELECT is((SELECT last_hastened_at FROM hotline.overdue WHERE order_no = t.o('lamp')), now(), '... and shows when');
SELECT is((t.alarm('lamp')).fire_at, t.at(t.next_working_day(t.d()), '09:00'),
          'the next hastening: 09:00 of the next working day, not midnight');
SELECT is(hotline.sweep() ->> 'hastenings', '0', 'not before');

-- the next working day comes
UPDATE hotline.alarm SET fire_at = now() - interval '1 second' WHERE order_no = t.o('lamp') AND rule = 'hasten_dispatch';
SELECT is(hotline.sweep() ->> 'hastenings', '1', 'still not dispatched: hastened again');
SELECT matches((SELECT payload ->> 'text' FROM hotline.outbox WHERE order_no = t.o('lamp') ORDER BY id DESC LIMIT 1),
               '第2次催办，请立即派单。$', 'the second hastening');
SELECT is(ARRAY(SELECT payload ->> 'n' FROM hotline.order_event WHERE order_no = t.o('lamp') AND action = 'hasten' ORDER BY id),
          '{1,2}'::text[], 'both on the order, counted');
SELECT is(t.board('lamp'), '-:accepted:dispatch_due:2:f', 'the board counts two');

-- ---------------------------------------------------------------------------
-- 4. Dispatched: off the board, the hastening retires; returned: again
-- ---------------------------------------------------------------------------
SELECT is(hotline.dispatch(t.o('lamp'), 'dh-dc', '请核实处理并答复市民'), 'dispatched', 'dispatched at last');
SELECT is(t.board('lamp'), NULL, 'off the overdue board');
UPDATE hotline.alarm SET fire_at = now() - interval '1 second' WHERE order_no = t.o('lamp') AND rule = 'hasten_dispatch';
SELECT is(hotline.sweep() - 'left_for_next_run',
          '{"reminders": 0, "hastenings": 0, "notices": 0, "retired": 1, "messages": 0}'::jsonb,
          'its hastening, when it comes, retires without a message');
SELECT is((hotline.return_order(t.o('lamp'), 'dh-dc', '不属于本单位职责')).order_state, 'returned', 'the unit returns it (退单)');
SELECT is((t.alarm('lamp')).fire_at,
          hotline.next_opening('cn', (SELECT dispatch_due FROM hotline.work_order WHERE order_no = t.o('lamp'))),
          'a new dispatch deadline: the hastening waits for it again');
UPDATE hotline.work_order SET dispatch_due = t.at(t.d(), '00:00') WHERE order_no = t.o('lamp');
SELECT is(t.board('lamp'), '-:returned:dispatch_due:2:f', 'late again: back on the board, returned');
SELECT is(hotline.sweep() ->> 'hastenings', '1', 'and hastened');
SELECT matches((SELECT payload ->> 'text' FROM hotline.outbox WHERE order_no = t.o('lamp') ORDER BY id DESC LIMIT 1),
               '第3次催办，请立即派单。$', 'the count goes on: the third hastening of its dispatch');

-- ---------------------------------------------------------------------------
-- 5. A late callback is on the board too; a rule of your own switches the
--    hastening off
-- ---------------------------------------------------------------------------
SELECT is(hotline.dispatch(t.o('lamp'), 'dh-dc', '请核实处理并答复市民'), 'dispatched', 'dispatched again');
SELECT is((hotline.sign_for(t.o('lamp'), 'dh-dc')).order_state, 'dispatched', 'signed for');
SELECT is((hotline.reply(t.o('lamp'), 'dh-dc', '已更换灯具，路灯恢复照明', true, 'phone')).order_state, 'replied', 'replied');
SELECT is(hotline.review(t.o('lamp'), true), 'reviewed', 'replied and reviewed: a callback is due');
UPDATE hotline.work_order SET callback_due = t.at(t.d(), '00:00') WHERE order_no = t.o('lamp');
SELECT is(t.board('lamp'), '-:reviewed:callback_due:0:f', 'a late callback is on the board (the hotline is late)');

INSERT INTO hotline.workflow_escalation (workflow, rule, kind, due, states, every, channel, template, enabled, description)
    VALUES ('appeal_12345', 'hasten_dispatch', 'hasten', 'dispatch_due', '{accepted,returned}', '1 working day',
            'system', 'hasten_dispatch', false, '派单催办: switched off (test)');
INSERT INTO t.orders VALUES ('quiet', hotline.accept('110101', 'help', 'phone', '小区门口井盖破损', actor => '话务员 0101'));
SELECT is(t.alarm('quiet'), NULL, 'a rule of your own with enabled false switches the dispatch hastening off');

SELECT * FROM finish();
ROLLBACK;
