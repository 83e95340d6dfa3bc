-- Issue 9: the engine knows no 12345 rule.  A workflow unlike 12345
-- (home visits of a care service, 上门服务: book, plan the visit to a nurse
-- and helpers, delegate to juniors, report, recheck, confirm, finish, file)
-- with its own states, actions, roles, parameters, unit parameters,
-- options, hooks and limits with conditions runs through every effect of
-- the engine (R-14.2); definitions of a bad shape or naming unknown
-- columns are refused when they are stored.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(84);

-- units: a care centre with a junior team, two other nurses' teams
INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('hv-care', '社区护理站', '110101', 'other'), ('hv-north', '北区护理组', '110101', 'other'),
    ('hv-south', '南区护理组', '110101', 'other'), ('hv-east', '东区护理组', '110101', 'other');
INSERT INTO hotline.unit (code, name, region, kind, parent_id, level)
    SELECT 'hv-care-junior', '护理站见习组', '110101', 'other', id, 2 FROM hotline.unit WHERE code = 'hv-care';

-- hooks record their calls
CREATE SCHEMA hv;
CREATE TABLE hv.calls (n serial PRIMARY KEY, timing text, action text, assignment_id bigint, state_seen text);
CREATE FUNCTION hv.before(o hotline.order_no, a bigint, action text, params jsonb) RETURNS void
LANGUAGE sql AS $$ INSERT INTO hv.calls (timing, action, assignment_id, state_seen)
                   SELECT 'before', action, a, w.state FROM hotline.work_order w WHERE w.order_no = o $$;
CREATE FUNCTION hv.after(o hotline.order_no, a bigint, action text, params jsonb) RETURNS void
LANGUAGE sql AS $$ INSERT INTO hv.calls (timing, action, assignment_id, state_seen)
                   SELECT 'after', action, a, w.state FROM hotline.work_order w WHERE w.order_no = o $$;

CREATE TEMP TABLE def (d jsonb);
INSERT INTO def VALUES ($json$
{
  "name": "door_service",
  "description": "上门服务: home visits of a care service",
  "initial_state": "new",
  "options": {"one_open_role": "primary",
              "exclude_unit": {"unit_column": "accused_unit_id", "when_column": "channel", "values": ["wechat"]}},
  "states": [
    {"scope": "order", "state": "booked"}, {"scope": "order", "state": "visiting"},
    {"scope": "order", "state": "all_done"}, {"scope": "order", "state": "checked"},
    {"scope": "order", "state": "closed_ok"}, {"scope": "order", "state": "filed", "terminal": true},
    {"scope": "order", "state": "folded", "terminal": true},
    {"scope": "assignment", "state": "sent"}, {"scope": "assignment", "state": "acked"},
    {"scope": "assignment", "state": "delegated"}, {"scope": "assignment", "state": "visited"},
    {"scope": "assignment", "state": "again"}, {"scope": "assignment", "state": "dropped"}
  ],
  "actions": [
    {"action": "book", "scope": "order", "from": ["new"], "to": "booked", "roles": ["clerk"],
     "params": ["region", "appeal_type", "channel", "description"],
     "effects": {"set_due": [{"column": "dispatch_due", "deadline": "plan"}, {"column": "callback_due", "deadline": "confirm"}]}},
    {"action": "send", "scope": "order", "from": ["booked", "visiting"], "to": "visiting", "roles": ["planner"],
     "params": ["nurse"],
     "effects": {"assign": {"state": "sent", "sign_deadline": "ack", "reply_deadline": "visit",
                            "units": [{"param": "nurse", "role": "primary", "single": true},
                                      {"param": "helpers", "role": "helper"}],
                            "columns": {"opinion": "note", "dispatch_mode": "care_level"}},
                 "set_due": {"column": "dispatch_due", "deadline": null}}},
    {"action": "ack", "scope": "assignment", "from": ["sent"], "to": "acked", "roles": ["nurse"],
     "effects": {"stamp": "signed_at"}},
    {"action": "delegate", "scope": "assignment", "from": ["acked"], "to": "delegated", "roles": ["nurse"],
     "params": ["juniors"],
     "effects": {"pass_down": {"state": "sent", "reply_deadline": "visit",
                               "units": [{"param": "juniors", "role": "junior"}], "inherit": ["dispatch_mode"]}}},
    {"action": "postpone", "scope": "assignment", "from": ["acked"], "to": null, "roles": ["planner"],
     "params": ["new_deadline"], "effects": {"extend_due": true}},
    {"action": "report", "scope": "assignment", "from": ["acked", "delegated", "again"], "to": "visited", "roles": ["nurse"],
     "effects": {"stamp": "replied_at",
                 "order_state_when_all": {"assignment_states": ["visited", "dropped"], "order_state": "all_done"}}},
    {"action": "drop", "scope": "assignment", "from": ["sent", "acked"], "to": "dropped", "roles": ["planner"], "reason": true,
     "effects": {"close_assignment": true,
                 "order_state_when_all": {"assignment_states": ["visited", "dropped"], "order_state": "all_done"}}},
    {"action": "recheck", "scope": "order", "from": ["all_done"], "to": "visiting", "roles": ["planner"], "reason": true,
     "effects": {"reopen_assignments": {"from_states": ["visited"], "state": "again", "reply_deadline": "revisit", "clear": ["replied_at"]}}},
    {"action": "approve", "scope": "order", "from": ["all_done"], "to": "checked", "roles": ["planner"],
     "effects": {"set_due": {"column": "callback_due", "deadline": "confirm"}}},
    {"action": "finish", "scope": "order", "from": ["checked"], "to": "closed_ok", "roles": ["planner"],
     "effects": {"close_order": true, "set_due": {"column": "callback_due", "deadline": null}}},
    {"action": "file", "scope": "order", "from": ["closed_ok"], "to": "filed", "roles": ["planner"],
     "effects": {"archive_order": true}},
    {"action": "fold", "scope": "order", "from": ["booked", "visiting"], "to": "folded", "roles": ["planner"],
     "params": ["into"], "effects": {"merge_into": true, "close_order": true}}
  ],
  "limits": [
    {"deadline": "plan", "time_limit": "3 working days"},
    {"deadline": "plan", "conditions": {"urgency": "urgent"}, "time_limit": "1 working day"},
    {"deadline": "confirm", "time_limit": "5 working days"},
    {"deadline": "ack", "time_limit": "2 working days"},
    {"deadline": "visit", "time_limit": "5 working days"},
    {"deadline": "visit", "conditions": {"care_level": "high"}, "time_limit": "1 working day"},
    {"deadline": "visit", "conditions": {"care_level": "high", "urgency": "urgent"}, "time_limit": "4 hours"},
    {"deadline": "revisit", "time_limit": "2 working days"}
  ],
  "hooks": [
    {"action": "send", "timing": "before", "function": "hv.before(hotline.order_no, bigint, text, jsonb)"},
    {"action": "report", "timing": "after", "function": "hv.after(hotline.order_no, bigint, text, jsonb)"}
  ]
}
$json$);

SELECT is(hotline.register_workflow((SELECT d FROM def)), 'door_service', 'a workflow unlike 12345 registers');
SELECT is((SELECT options FROM hotline.workflow WHERE name = 'door_service') -> 'one_open_role', '"primary"'::jsonb,
          'with its options');
SELECT is((SELECT conditions FROM hotline.workflow_limit WHERE workflow = 'door_service' AND deadline = 'visit'
           AND time_limit = '4 hours'), '{"care_level": "high", "urgency": "urgent"}'::jsonb,
          'limits keep their conditions');

-- ---------------------------------------------------------------------
-- 1. Limits: the row with the most matching conditions wins
-- ---------------------------------------------------------------------
SELECT is(hotline.workflow_time_limit('door_service', 'visit', '{"care_level": "high", "urgency": "urgent"}')::text,
          '4 hours', 'two conditions hold: the most specific row');
SELECT is(hotline.workflow_time_limit('door_service', 'visit', '{"care_level": "high", "urgency": "normal"}')::text,
          '1 working day', 'one condition holds');
SELECT is(hotline.workflow_time_limit('door_service', 'visit', '{"care_level": "low"}')::text,
          '5 working days', 'none holds: the row without conditions');
SELECT throws_ok($$SELECT hotline.workflow_time_limit('door_service', 'nap', '{}')$$, '42704',
                 'workflow "door_service" has no time limit "nap" whose conditions hold', 'an unknown deadline');
SELECT is(hotline.workflow_limit_values('door_service', 'urgency'), '{urgent}',
          'the values the limits'' conditions give a key, once each');
SELECT is(hotline.workflow_limit_values('door_service', 'channel'), '{}'::text[], 'none for a key no condition names');
INSERT INTO hotline.workflow_limit (workflow, deadline, conditions, time_limit)
    VALUES ('door_service', 'revisit', '{"care_level": "high"}', '1 working day');
SELECT is(hotline.workflow_time_limit('door_service', 'revisit', '{"care_level": "high"}')::text, '1 working day',
          'a row added later with a condition wins over the plain one');

-- ---------------------------------------------------------------------
-- 2. Opening: the intake writes the row, the engine its own columns
-- ---------------------------------------------------------------------
CREATE FUNCTION pg_temp.book(description text, urgency text DEFAULT 'normal', channel text DEFAULT 'phone',
                             accused text DEFAULT NULL) RETURNS hotline.order_no LANGUAGE sql AS $$
    SELECT hotline.open_order('door_service', 'book', '登记员 1', 'clerk', jsonb_strip_nulls(jsonb_build_object(
        'region', '110101', 'appeal_type', 'help', 'channel', channel, 'description', description,
        'urgency', urgency, 'accused_unit', accused, 'citizen_phone', '13800138000', 'citizen_name', '李大爷')))
$$;
CREATE TEMP TABLE o (name text PRIMARY KEY, no hotline.order_no);
INSERT INTO o SELECT 'main', pg_temp.book('老人行动不便，需要上门换药', 'urgent');
SELECT is((SELECT w.state FROM hotline.work_order w JOIN o ON o.no = w.order_no WHERE o.name = 'main'), 'booked',
          'the order is booked');
SELECT is((SELECT ROW(w.workflow, w.source_hotline, w.contact_name, w.citizen_id IS NOT NULL, w.accepted_by)::text
           FROM hotline.work_order w JOIN o ON o.no = w.order_no WHERE o.name = 'main'),
          ROW('door_service', '12345', '李大爷', true, '登记员 1')::text,
          'the intake wrote the hotline''s columns (no source_hotline setting: the column''s default), the engine its own');
SELECT is((SELECT ROW(w.dispatch_due = hotline.deadline('cn', w.accepted_at, '1 working day'), w.dispatch_limit::text,
                      w.callback_due = hotline.deadline('cn', w.accepted_at, '5 working days'), w.callback_limit::text)::text
           FROM hotline.work_order w JOIN o ON o.no = w.order_no WHERE o.name = 'main'),
          ROW(true, '1 working day', true, '5 working days')::text,
          'set_due sets two of the order''s deadlines with their limits, an urgent order''s plan limit by its condition');
SELECT is((SELECT payload ? 'citizen_phone' FROM hotline.order_event e JOIN o ON o.no = e.order_no WHERE o.name = 'main'),
          false, 'the history does not copy the citizen''s phone (R-11.1)');
SELECT throws_ok($$SELECT hotline.open_order('door_service', 'book', 'x', 'planner',
                    '{"region": "110101", "appeal_type": "help", "channel": "phone", "description": "x"}')$$,
                 '42501', 'role "planner" may not book', 'the opening action''s roles are checked');
SELECT throws_ok($$SELECT hotline.open_order('door_service', 'book', 'x', 'clerk', '{"region": "110101"}')$$,
                 '22023', 'a new work order needs appeal_type, channel, description', 'the hotline''s intake names what is missing');

-- ---------------------------------------------------------------------
-- 3. assign with its own roles, unit parameters and copied columns
-- ---------------------------------------------------------------------
CREATE FUNCTION pg_temp.act(name text, action text, role text, params jsonb DEFAULT '{}', unit text DEFAULT NULL)
RETURNS text LANGUAGE sql AS $$
    SELECT hotline.apply_action((SELECT no FROM o WHERE o.name = act.name), action, '测试员', role, params,
        (SELECT a.id FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id
         WHERE a.order_no = (SELECT no FROM o WHERE o.name = act.name) AND u.code = unit ORDER BY a.id DESC LIMIT 1))
$$;
CREATE FUNCTION pg_temp.asg(name text, unit text) RETURNS hotline.assignment LANGUAGE sql AS $$
    SELECT a FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id
    WHERE a.order_no = (SELECT no FROM o WHERE o.name = asg.name) AND u.code = unit ORDER BY a.id DESC LIMIT 1
$$;
SELECT throws_ok($$SELECT pg_temp.act('main', 'send', 'planner', '{"helpers": ["hv-north"]}')$$, '22023',
                 'action "send" needs nurse', 'the unit parameter the workflow requires');
SELECT is(pg_temp.act('main', 'send', 'planner', '{"nurse": "hv-care", "helpers": ["hv-north"], "note": "请带换药包", "care_level": "high"}'),
          'visiting', 'sent to a nurse and a helper');
SELECT is(ARRAY(SELECT ROW(u.code, a.role, a.state, a.opinion, a.dispatch_mode)::text
                FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id
                WHERE a.order_no = (SELECT no FROM o WHERE name = 'main') ORDER BY a.id),
          ARRAY[ROW('hv-care', 'primary', 'sent', '请带换药包', 'high')::text, ROW('hv-north', 'helper', 'sent', '请带换药包', 'high')::text],
          'the roles the effect gives, the columns it copies from its own parameters');
SELECT is((pg_temp.asg('main', 'hv-care')).reply_due,
          hotline.deadline('cn', (pg_temp.asg('main', 'hv-care')).dispatched_at, '4 hours'),
          'the visit limit chosen by a parameter (care_level) and the order row (urgency)');
SELECT is(((pg_temp.asg('main', 'hv-care')).sign_limit)::text, '2 working days', 'the ack limit');
SELECT is((SELECT ROW(w.dispatch_due, w.reply_due = (pg_temp.asg('main', 'hv-care')).reply_due)::text
           FROM hotline.work_order w WHERE w.order_no = (SELECT no FROM o WHERE name = 'main')),
          ROW(NULL::timestamptz, true)::text, 'set_due cleared the plan deadline; the order''s reply_due is its assignments'' latest');
SELECT is((SELECT count(*)::int FROM hv.calls WHERE timing = 'before' AND action = 'send'), 1,
          'the before hook ran once (the refused send failed before it)');
SELECT is((SELECT state_seen FROM hv.calls WHERE action = 'send'), 'booked', 'it saw the state before the action');

-- one open primary at a time (option one_open_role)
SELECT throws_ok($$SELECT pg_temp.act('main', 'send', 'planner', '{"nurse": "hv-south"}')$$, '55000',
                 format('order %s already has primary unit "hv-care"', (SELECT no FROM o WHERE name = 'main')),
                 'another primary while one is open is refused');
SELECT is(pg_temp.act('main', 'send', 'planner', '{"nurse": "hv-care", "helpers": ["hv-south"], "care_level": "low"}'),
          'visiting', 'naming the same primary adds helpers');
SELECT is((SELECT count(*)::int FROM hotline.assignment a WHERE a.order_no = (SELECT no FROM o WHERE name = 'main')),
          3, 'the primary keeps its one assignment');
SELECT throws_ok($$SELECT pg_temp.act('main', 'send', 'planner', '{"nurse": "hv-care", "helpers": ["hv-north"]}')$$, '22023',
                 'unit "hv-north" already holds an open assignment of this order', 'a unit holds one open assignment');
SELECT throws_ok($$SELECT pg_temp.act('main', 'send', 'planner', '{"nurse": "hv-care", "helpers": ["hv-nowhere"]}')$$, '22023',
                 'unit "hv-nowhere" does not exist', 'an unknown unit');
SELECT throws_ok($$SELECT pg_temp.act('main', 'send', 'planner', '{"nurse": "hv-care", "helpers": ["hv-east", "hv-east"]}')$$, '22023',
                 'unit "hv-east" is named twice', 'a unit named twice');
SELECT throws_ok($$SELECT pg_temp.act('main', 'send', 'planner', '{"nurse": "hv-care", "helpers": "hv-east"}')$$, '22023',
                 'parameter helpers of action "send" is not an array of unit codes: hv-east',
                 'units named by a text where the definition wants an array');
SELECT throws_ok($$SELECT pg_temp.act('main', 'send', 'planner', '{"nurse": "hv-care", "helpers": ["hv-east", null]}')$$, '22023',
                 'action "send" names a unit without a code', 'a null among the units');
UPDATE hotline.unit SET active = false WHERE code = 'hv-east';
SELECT throws_ok($$SELECT pg_temp.act('main', 'send', 'planner', '{"nurse": "hv-care", "helpers": ["hv-east"]}')$$, '22023',
                 'unit "hv-east" is not active', 'an inactive unit');
UPDATE hotline.unit SET active = true WHERE code = 'hv-east';
SELECT is((SELECT count(*)::int FROM hotline.assignment a WHERE a.order_no = (SELECT no FROM o WHERE name = 'main')),
          3, 'a refused send writes no assignment, not even of the units that were fine');

-- the excluded unit (option exclude_unit: the order's accused unit, when it came by wechat)
INSERT INTO o SELECT 'wechat', pg_temp.book('投诉东区护理组服务态度差', channel => 'wechat', accused => 'hv-east');
INSERT INTO o SELECT 'phone', pg_temp.book('投诉东区护理组迟到', accused => 'hv-east');
SELECT throws_ok($$SELECT pg_temp.act('wechat', 'send', 'planner', '{"nurse": "hv-east"}')$$, '23514',
                 'the order cannot go to unit "hv-east", which it is about', 'the unit the order names is excluded');
SELECT is(pg_temp.act('phone', 'send', 'planner', '{"nurse": "hv-east"}'), 'visiting',
          'but only while the order''s column has one of the option''s values');

-- ---------------------------------------------------------------------
-- 4. stamp, pass_down with its own role, extend_due, close_assignment
-- ---------------------------------------------------------------------
SELECT is(pg_temp.act('main', 'ack', 'nurse', '{}', 'hv-care'), 'visiting', 'the nurse acknowledges');
SELECT isnt((pg_temp.asg('main', 'hv-care')).signed_at, NULL, 'stamp signed_at');
SELECT throws_ok($$SELECT pg_temp.act('main', 'delegate', 'nurse', '{"juniors": ["hv-east"]}', 'hv-care')$$, '22023',
                 'unit "hv-east" is not a sub-unit of the unit passing the order down', 'only to its own sub-units (R-4.5)');
SELECT is(pg_temp.act('main', 'delegate', 'nurse', '{"juniors": ["hv-care-junior"]}', 'hv-care'), 'visiting',
          'the nurse delegates to its junior team');
SELECT is((SELECT ROW(a.role, a.state, a.dispatch_mode, a.parent_id = (pg_temp.asg('main', 'hv-care')).id,
                      a.reply_due <= (pg_temp.asg('main', 'hv-care')).reply_due)::text
           FROM hotline.assignment a WHERE a.id = (pg_temp.asg('main', 'hv-care-junior')).id),
          ROW('junior', 'sent', 'high', true, true)::text,
          'the role of pass_down, the inherited column, no later than the parent''s deadline');
SELECT throws_ok($$SELECT pg_temp.act('main', 'delegate', 'nurse', '{"juniors": ["hv-south"]}', 'hv-north')$$, '55000',
                 NULL, 'only from an acknowledged assignment');
SELECT is(pg_temp.act('main', 'ack', 'nurse', '{}', 'hv-north'), 'visiting', 'the helper acknowledges');
SELECT is(pg_temp.act('main', 'postpone', 'planner', jsonb_build_object('new_deadline', now() + interval '20 days'), 'hv-north'),
          'visiting', 'a later deadline for the helper');
SELECT is((pg_temp.asg('main', 'hv-north')).reply_due, now() + interval '20 days', 'extend_due');
SELECT is((SELECT reply_due FROM hotline.work_order WHERE order_no = (SELECT no FROM o WHERE name = 'main')),
          now() + interval '20 days', 'and the order''s reply_due follows');
SELECT is(pg_temp.act('main', 'drop', 'planner', '{"reason": "不再需要"}', 'hv-south'), 'visiting', 'a helper is dropped');
SELECT isnt((pg_temp.asg('main', 'hv-south')).closed_at, NULL, 'close_assignment');

-- ---------------------------------------------------------------------
-- 5. order_state_when_all, reopen_assignments, the order's deadlines
-- ---------------------------------------------------------------------
SELECT is(pg_temp.act('main', 'report', 'nurse', '{}', 'hv-care'), 'visiting', 'the nurse reports');
SELECT isnt((pg_temp.asg('main', 'hv-care')).replied_at, NULL, 'stamp replied_at');
SELECT is((SELECT count(*)::int FROM hv.calls WHERE timing = 'after' AND action = 'report'), 1, 'the after hook ran');
SELECT is(pg_temp.act('main', 'report', 'nurse', '{}', 'hv-north'), 'all_done',
          'when every top-level assignment is visited or dropped, the order is all_done');
SELECT is(pg_temp.act('main', 'recheck', 'planner', '{"reason": "家属反映未换药", "care_level": "high"}'), 'visiting',
          'a recheck');
SELECT is(ARRAY(SELECT ROW(u.code, a.state, a.closed_at IS NULL)::text FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id
                WHERE a.order_no = (SELECT no FROM o WHERE name = 'main') AND a.parent_id IS NULL ORDER BY a.id),
          ARRAY[ROW('hv-care', 'again', true)::text, ROW('hv-north', 'again', true)::text, ROW('hv-south', 'dropped', false)::text],
          'reopen_assignments: the visited ones again');
SELECT is((pg_temp.asg('main', 'hv-care')).replied_at, NULL, 'with the stamp it clears cleared');
SELECT is(((pg_temp.asg('main', 'hv-care')).reply_limit)::text, '1 working day',
          'the revisit limit by the action''s parameter (the row of your own with a condition)');
SELECT is(pg_temp.act('main', 'report', 'nurse', '{}', 'hv-care'), 'visiting', 'reported again');
SELECT is(pg_temp.act('main', 'report', 'nurse', '{}', 'hv-north'), 'all_done', 'all done again');
SELECT is(pg_temp.act('main', 'approve', 'planner'), 'checked', 'approved');
SELECT is((SELECT callback_due FROM hotline.work_order WHERE order_no = (SELECT no FROM o WHERE name = 'main')),
          hotline.deadline('cn', now(), '5 working days'), 'set_due on an action: the confirm deadline');

-- ---------------------------------------------------------------------
-- 6. close, archive, merge
-- ---------------------------------------------------------------------
SELECT is(pg_temp.act('main', 'finish', 'planner'), 'closed_ok', 'finished');
SELECT is((SELECT ROW(closed_at IS NOT NULL, callback_due, callback_limit)::text FROM hotline.work_order
           WHERE order_no = (SELECT no FROM o WHERE name = 'main')),
          ROW(true, NULL::timestamptz, NULL::text)::text, 'close_order, and the deadline cleared with its limit');
SELECT is(pg_temp.act('main', 'file', 'planner'), 'filed', 'filed');
SELECT isnt((SELECT archived_at FROM hotline.work_order WHERE order_no = (SELECT no FROM o WHERE name = 'main')),
            NULL, 'archive_order');
SELECT is(pg_temp.act('wechat', 'fold', 'planner', jsonb_build_object('into', (SELECT no FROM o WHERE name = 'phone'))),
          'folded', 'one matter, two orders: folded into the other');
SELECT is((SELECT ROW(merged_into::text, closed_at IS NOT NULL)::text FROM hotline.work_order
           WHERE order_no = (SELECT no FROM o WHERE name = 'wechat')),
          ROW((SELECT no FROM o WHERE name = 'phone')::text, true)::text, 'merge_into');

-- a definition registered again replaces the statements kept with the old one
SELECT lives_ok($$SELECT hotline.register_workflow(jsonb_set((SELECT d FROM def), '{actions,1,effects,assign,columns}',
                   '{"opinion": "memo", "signed_at": "seen_at"}'))$$, 'the workflow registered again: send copies another parameter');
INSERT INTO o SELECT 'again', pg_temp.book('需要上门测血压');
SELECT is(pg_temp.act('again', 'send', 'planner', '{"nurse": "hv-south", "note": "旧参数", "memo": "新参数", "seen_at": "2026-03-02 09:00+08"}'),
          'visiting', 'sent after the change, in the same session');
SELECT is(ROW((pg_temp.asg('again', 'hv-south')).opinion, (pg_temp.asg('again', 'hv-south')).dispatch_mode,
              (pg_temp.asg('again', 'hv-south')).signed_at)::text,
          ROW('新参数', NULL::text, '2026-03-02 09:00+08'::timestamptz)::text,
          'the new definition''s statement, not the kept one of the old; a copied column of its own type');
INSERT INTO o SELECT 'badtime', pg_temp.book('需要上门量体温');
SELECT throws_ok($$SELECT pg_temp.act('badtime', 'send', 'planner', '{"nurse": "hv-south", "seen_at": "下周一上午"}')$$, '22007',
                 'invalid input syntax for type timestamp with time zone: "下周一上午"',
                 'a parameter that is not a value of its column is refused, writing nothing');

-- ---------------------------------------------------------------------
-- 7. Bad definitions are refused when stored, naming what is wrong
-- ---------------------------------------------------------------------
CREATE FUNCTION pg_temp.with_effects(action text, effects jsonb) RETURNS jsonb LANGUAGE sql AS $$
    SELECT jsonb_set((SELECT d FROM def), '{actions}', (SELECT jsonb_agg(CASE WHEN a ->> 'action' = action
        THEN jsonb_set(a, '{effects}', effects) ELSE a END) FROM jsonb_array_elements((SELECT d FROM def) -> 'actions') a))
$$;
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.with_effects('approve', '{"set_due": {"column": "closed_at", "deadline": "confirm"}}'))$$,
                 '22023', 'effect set_due of action "approve" of workflow "door_service" names an unknown column: closed_at',
                 'set_due of a column that is no deadline');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.with_effects('approve', '{"set_due": {"column": "nap_due", "deadline": "confirm"}}'))$$,
                 '22023', 'effect set_due of action "approve" of workflow "door_service" names an unknown column: nap_due',
                 'set_due of a column work_order does not have');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.with_effects('ack', '{"stamp": "dispatched_at"}'))$$,
                 '22023', 'effect stamp of action "ack" of workflow "door_service" names an unknown column: dispatched_at',
                 'a stamp of a column the engine owns');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.with_effects('send',
                   '{"assign": {"state": "sent", "units": [{"param": "nurse", "role": "primary"}], "columns": {"role": "nurse"}}}'))$$,
                 '22023', 'effect assign of action "send" of workflow "door_service" names an unknown column: role',
                 'a copied column the engine owns');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.with_effects('send', '{"assign": {"state": "sent"}}'))$$,
                 '22023', 'effect assign of action "send" of workflow "door_service" lacks "units"', 'an assign without units');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.with_effects('send',
                   '{"assign": {"state": "sent", "units": [{"param": "nurse"}]}}'))$$,
                 '22023', 'effect assign of action "send" of workflow "door_service" lacks "role"', 'a unit parameter without a role');
SELECT throws_ok($$SELECT hotline.register_workflow((SELECT d FROM def) || '{"options": {"exclude_unit": "accused"}}')$$,
                 '22023', 'option exclude_unit of workflow "door_service" is not an object', 'an option of a bad shape');
SELECT throws_ok($$SELECT hotline.register_workflow((SELECT d FROM def)
                   || '{"options": {"exclude_unit": {"unit_column": "suspect_id", "when_column": "channel", "values": ["x"]}}}')$$,
                 '42703', 'option exclude_unit of workflow "door_service" names an unknown column: suspect_id',
                 'an option naming a column work_order does not have');
SELECT throws_ok($$SELECT hotline.register_workflow((SELECT d FROM def) || '{"options": {"one_lead": true}}')$$,
                 '22023', 'workflow "door_service" has an unknown option "one_lead"', 'an unknown option');
SELECT is((SELECT options -> 'exclude_unit' ->> 'when_column' FROM hotline.workflow WHERE name = 'door_service'), 'channel',
          'the stored definition is untouched by the refused ones');

-- ---------------------------------------------------------------------
-- 8. Definitions of the 0.1.0 shape are rewritten by the update
-- ---------------------------------------------------------------------
SELECT is(hotline.effects_from_0_1('{"assign": {"state": "dispatched", "reply_deadline": "reply"}, "set_due": {"column": "dispatch_due", "deadline": null}}'),
          '{"assign": {"state": "dispatched", "reply_deadline": "reply", "units": [{"param": "lead_unit", "role": "lead", "single": true}, {"param": "assist_units", "role": "assist"}], "columns": {"dispatch_mode": "dispatch_mode", "opinion": "opinion"}}, "set_due": {"column": "dispatch_due", "deadline": null}}'::jsonb,
          'a 0.1.0 assign gets the units and columns 0.1.0''s engine read');
SELECT is(hotline.effects_from_0_1('{"reopen_assignments": {"from_states": ["replied"], "state": "redo"}}'),
          '{"reopen_assignments": {"from_states": ["replied"], "state": "redo", "clear": ["replied_at"]}}'::jsonb,
          'a 0.1.0 reopening clears replied_at, as 0.1.0''s engine did');
SELECT is(hotline.effects_from_0_1('{"pass_down": {"state": "dispatched"}}'),
          '{"pass_down": {"state": "dispatched", "units": [{"param": "sub_units", "role": "sub"}], "columns": {"opinion": "opinion"}, "inherit": ["dispatch_mode"]}}'::jsonb,
          'a 0.1.0 pass_down too');
SELECT is(hotline.effects_from_0_1((SELECT effects FROM hotline.workflow_action WHERE workflow = 'door_service' AND action = 'send')),
          (SELECT effects FROM hotline.workflow_action WHERE workflow = 'door_service' AND action = 'send'),
          'effects of today''s shape are left as they are');

SELECT * FROM finish();
ROLLBACK;
