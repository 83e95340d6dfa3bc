-- A workflow is a plugin (R-14.2): a second, tiny process defined only in
-- this test, with hook functions in PL/pgSQL, runs on the same engine with
-- no C change.  "hotline_feedback" (市民对热线服务本身的意见反馈): new ->
-- received -> done.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(43);

-- hooks record their calls (and what they saw) in a table
CREATE SCHEMA feedback;
CREATE TABLE feedback.calls (
    n               serial PRIMARY KEY,
    hook            text NOT NULL,
    order_no        text,
    assignment_id   bigint,
    action          text,
    params          jsonb,
    state_seen      text,
    events_seen     integer
);

CREATE FUNCTION feedback.record(hook text, o hotline.order_no, a bigint, action text, params jsonb) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO feedback.calls (hook, order_no, assignment_id, action, params, state_seen, events_seen)
    SELECT hook, o::text, a, action, params,
           (SELECT w.state FROM hotline.work_order w WHERE w.order_no = o),
           (SELECT count(*)::int FROM hotline.order_event e WHERE e.order_no = o)
$$;
CREATE FUNCTION feedback.log_before(o hotline.order_no, a bigint, action text, params jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM feedback.record('log_before', o, a, action, params);
END $$;
CREATE FUNCTION feedback.log_after(o hotline.order_no, a bigint, action text, params jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM feedback.record('log_after', o, a, action, params);
END $$;
-- a before-hook that refuses when asked to
CREATE FUNCTION feedback.refuse(o hotline.order_no, a bigint, action text, params jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM feedback.record('refuse', o, a, action, params);
    IF params ->> 'refuse' = 'yes' THEN
        RAISE EXCEPTION 'feedback refused: %', params ->> 'why' USING ERRCODE = 'P0001';
    END IF;
END $$;
CREATE FUNCTION feedback.three_args(o hotline.order_no, a bigint, action text) RETURNS void
LANGUAGE sql AS $$ SELECT $$;

CREATE TABLE feedback.definition AS SELECT $json$
{
  "name": "hotline_feedback",
  "description": "市民对热线服务的意见反馈 (feedback on the hotline itself): received, then done",
  "initial_state": "new",
  "calendar": "cn",
  "states": [
    {"scope": "order", "state": "received", "description": "已收到"},
    {"scope": "order", "state": "done", "terminal": true, "description": "已处理"}
  ],
  "actions": [
    {"action": "receive", "scope": "order", "from": ["new"], "to": "received", "roles": ["agent"],
     "effects": {"set_due": [{"column": "reply_due", "deadline": "answer"}]},
     "description": "收到反馈"},
    {"action": "note", "scope": "order", "from": ["received"], "to": null, "roles": ["agent", "supervisor"],
     "params": ["text"], "description": "备注 (the state does not change)"},
    {"action": "finish", "scope": "order", "from": ["received"], "to": "done", "roles": ["supervisor"],
     "params": ["result"], "effects": {"close_order": true}, "description": "处理完毕"}
  ],
  "limits": [{"deadline": "answer", "time_limit": "3 working days"}],
  "hooks": [
    {"action": "receive", "timing": "after",  "function": "feedback.log_after(hotline.order_no, bigint, text, jsonb)"},
    {"action": "finish",  "timing": "before", "function": "feedback.log_before(hotline.order_no, bigint, text, jsonb)"},
    {"action": "finish",  "timing": "before", "function": "feedback.refuse(hotline.order_no, bigint, text, jsonb)"},
    {"action": "finish",  "timing": "after",  "function": "feedback.log_after(hotline.order_no, bigint, text, jsonb)"}
  ]
}
$json$::jsonb AS d;

-- register: one call
SELECT is(hotline.register_workflow(d), 'hotline_feedback', 'a workflow plugin registers with one call') FROM feedback.definition;
SELECT is((SELECT ROW(builtin, version, calendar)::text FROM hotline.workflow WHERE name = 'hotline_feedback'),
          ROW(false, 1, 'cn')::text, 'it is a workflow of the user''s own, version 1');
SELECT is(ARRAY(SELECT action || ':' || coalesce(to_state, '-') FROM hotline.workflow_action
                WHERE workflow = 'hotline_feedback' ORDER BY action),
          '{finish:done,note:-,receive:received}'::text[], 'its actions');
SELECT is(ARRAY(SELECT format('%s/%s/%s.%s', h.action, h.timing, p.pronamespace::regnamespace, p.proname)
                FROM hotline.workflow_hook h JOIN pg_proc p ON p.oid = h.function::regprocedure
                WHERE h.workflow = 'hotline_feedback' ORDER BY h.action, h.timing, h.position),
          '{finish/after/feedback.log_after,finish/before/feedback.log_before,finish/before/feedback.refuse,receive/after/feedback.log_after}'::text[],
          'its hooks, in the order given');

-- open an order of the plugin's workflow
CREATE TABLE feedback.o AS
SELECT hotline.open_order('hotline_feedback', 'receive', '话务员 0107', 'agent',
    '{"region": "110000", "appeal_type": "suggestion", "channel": "website",
      "description": "反映12345热线高峰时段等待时间过长", "citizen_phone": "13512345678"}') AS no;
SELECT is((SELECT w.state FROM hotline.work_order w, feedback.o WHERE w.order_no = o.no), 'received',
          'open_order creates an order of the plugin in the action''s state');
SELECT is((SELECT w.workflow FROM hotline.work_order w, feedback.o WHERE w.order_no = o.no), 'hotline_feedback',
          'the order belongs to the plugin''s workflow');
SELECT is((SELECT w.reply_due FROM hotline.work_order w, feedback.o WHERE w.order_no = o.no),
          (SELECT hotline.deadline('cn', w.accepted_at, '3 working days') FROM hotline.work_order w, feedback.o WHERE w.order_no = o.no),
          'the plugin''s own limit sets its deadline on its calendar');
SELECT is((SELECT ROW(e.action, e.from_state, e.to_state, e.actor, e.role)::text FROM hotline.order_event e, feedback.o WHERE e.order_no = o.no),
          ROW('receive', 'new', 'received', '话务员 0107', 'agent')::text, 'the opening is the first event');
SELECT is((SELECT ROW(c.hook, c.order_no, c.assignment_id, c.action, c.state_seen, c.events_seen)::text FROM feedback.calls c),
          (SELECT ROW('log_after', o.no::text, NULL::bigint, 'receive', 'received', 1)::text FROM feedback.o),
          'the after-hook of the opening is called with the new order, no assignment, the action, after the event');
SELECT is((SELECT c.params ->> 'description' FROM feedback.calls c), '反映12345热线高峰时段等待时间过长',
          'and with the parameters');

SELECT throws_ok($$SELECT hotline.open_order('hotline_feedback', 'note', 'x', 'agent',
                   '{"region": "110000", "appeal_type": "suggestion", "channel": "website", "description": "x"}')$$,
                 '55000', NULL, 'an action that does not start from new does not open an order');
SELECT throws_ok($$SELECT hotline.open_order('hotline_feedback', 'receive', 'x', 'agent',
                   '{"region": "110000", "appeal_type": "suggestion", "channel": "website"}')$$,
                 '22023', NULL, 'an order needs a description');

-- an action without a state change
SELECT is(hotline.apply_action(o.no, 'note', '话务员 0107', 'agent', '{"text": "已电话联系市民致歉"}'), 'received',
          'an action with no to_state leaves the state') FROM feedback.o;
SELECT is((SELECT count(*)::int FROM hotline.order_event e, feedback.o WHERE e.order_no = o.no), 2, 'and is recorded');

-- checks of the engine, on the plugin's definitions
SELECT throws_ok(format($q$SELECT hotline.apply_action(%L, 'finish', 'x', 'agent', '{"result": "ok"}')$q$, o.no),
                 '42501', NULL, 'an agent may not finish (the plugin''s roles)') FROM feedback.o;
SELECT throws_ok(format($q$SELECT hotline.apply_action(%L, 'finish', 'x', 'supervisor', '{}')$q$, o.no),
                 '22023', NULL, 'finish needs its result (the plugin''s parameters)') FROM feedback.o;
SELECT throws_ok(format($q$SELECT hotline.apply_action(%L, 'dispatch', 'x', 'dispatcher', '{}')$q$, o.no),
                 '42704', NULL, 'another workflow''s actions are unknown to it') FROM feedback.o;
SELECT throws_ok(format($q$SELECT hotline.apply_action(%L, 'finish', 'x', 'supervisor', '["已优化排班"]')$q$, o.no),
                 '22023', 'params must be a JSON object', 'parameters are an object, not an array') FROM feedback.o;
SELECT throws_ok($$SELECT hotline.open_order('hotline_feedback', 'receive', 'x', 'agent', '"110101"')$$,
                 '22023', 'params must be a JSON object', 'nor a scalar');

-- a before-hook that refuses aborts the action: nothing changes
SELECT throws_ok(format($q$SELECT hotline.apply_action(%L, 'finish', '值班长 0001', 'supervisor',
                          '{"result": "已优化排班", "refuse": "yes", "why": "测试拒绝"}')$q$, o.no),
                 'P0001', 'feedback refused: 测试拒绝', 'a before-hook''s error aborts the action') FROM feedback.o;
SELECT is((SELECT w.state FROM hotline.work_order w, feedback.o WHERE w.order_no = o.no), 'received', 'the state is unchanged');
SELECT is((SELECT w.closed_at FROM hotline.work_order w, feedback.o WHERE w.order_no = o.no), NULL, 'no effect was applied');
SELECT is((SELECT count(*)::int FROM hotline.order_event e, feedback.o WHERE e.order_no = o.no), 2, 'the history is unchanged');
SELECT is((SELECT count(*)::int FROM feedback.calls), 1, 'and so is what the hooks recorded');

-- the action goes through: hooks in order, with the right arguments
SELECT is(hotline.apply_action(o.no, 'finish', '值班长 0001', 'supervisor', '{"result": "已优化高峰时段排班"}'), 'done',
          'finish') FROM feedback.o;
SELECT ok((SELECT w.closed_at IS NOT NULL FROM hotline.work_order w, feedback.o WHERE w.order_no = o.no), 'its effect closed the order');
SELECT is(ARRAY(SELECT c.hook FROM feedback.calls c WHERE c.action = 'finish' ORDER BY c.n),
          '{log_before,refuse,log_after}'::text[], 'the before-hooks in their order, then the after-hook');
SELECT is(ARRAY(SELECT ROW(c.order_no, c.assignment_id, c.action, c.params)::text FROM feedback.calls c WHERE c.action = 'finish' ORDER BY c.n),
          (SELECT array_fill(ROW(o.no::text, NULL::bigint, 'finish', '{"result": "已优化高峰时段排班"}'::jsonb)::text, '{3}') FROM feedback.o),
          'each with the order, no assignment, the action and its parameters');
SELECT is(ARRAY(SELECT c.state_seen || '/' || c.events_seen FROM feedback.calls c WHERE c.action = 'finish' ORDER BY c.n),
          '{received/2,received/2,done/3}'::text[],
          'before-hooks see the order before the action, the after-hook after it and its event');
SELECT throws_ok(format($q$SELECT hotline.apply_action(%L, 'finish', 'x', 'supervisor', '{"result": "again"}')$q$, o.no),
                 '55000', 'action "finish" is not allowed in state "done"', 'a done order cannot be finished again') FROM feedback.o;

-- the 12345 workflow is untouched by the plugin
SELECT is((SELECT count(*)::int FROM hotline.workflow_action WHERE workflow = 'appeal_12345'), 22, 'the 12345 workflow keeps its actions');

-- re-registering: a definition that drops a state orders are in is refused
CREATE TABLE feedback.o2 AS
SELECT hotline.open_order('hotline_feedback', 'receive', 'x', 'agent',
    '{"region": "110000", "appeal_type": "praise", "channel": "phone", "description": "表扬话务员耐心细致"}') AS no;
SELECT throws_ok($$SELECT hotline.register_workflow(jsonb_set(d, '{states}', (d -> 'states') - 0)) FROM feedback.definition$$,
                 '22023', NULL, 'a definition whose actions name a state it drops is refused');
SELECT throws_ok($$SELECT hotline.register_workflow(d || jsonb_build_object(
                       'states', (d -> 'states') - 1, 'actions', (d -> 'actions') - 2,
                       'hooks', jsonb_build_array(d -> 'hooks' -> 0))) FROM feedback.definition$$,
                 '55006', NULL, 'a definition that drops a state orders are in ("done") is refused');
SELECT is((SELECT count(*)::int FROM hotline.workflow_state WHERE workflow = 'hotline_feedback'), 2,
          'the registered definition is intact after a refused one');
SELECT is(hotline.register_workflow(jsonb_set(d, '{states}', (d -> 'states') || '[{"scope": "order", "state": "escalated"}]')),
          'hotline_feedback', 'a definition that adds a state is accepted') FROM feedback.definition;
SELECT is((SELECT version FROM hotline.workflow WHERE name = 'hotline_feedback'), 2, 'as version 2');
SELECT is(hotline.apply_action(o2.no, 'finish', 'x', 'supervisor', '{"result": "已转达表扬"}'), 'done',
          'orders carry on under the new version') FROM feedback.o2;

-- register errors
SELECT throws_ok($$SELECT hotline.register_workflow(d - 'name') FROM feedback.definition$$,
                 '22023', NULL, 'a definition needs a name');
SELECT throws_ok($$SELECT hotline.register_workflow(jsonb_set(d, '{name}', '"fb_broken"')
                   || '{"actions": [{"action": "go", "scope": "order", "from": ["received"], "to": "nowhere", "roles": ["agent"]}],
                       "hooks": []}')
                   FROM feedback.definition$$,
                 '22023', NULL, 'an action naming an undefined state is refused');
SELECT throws_ok($$SELECT hotline.register_workflow(jsonb_set(d, '{name}', '"fb_broken"')
                   || '{"hooks": [{"action": "finish", "timing": "before", "function": "feedback.missing(hotline.order_no, bigint, text, jsonb)"}]}')
                   FROM feedback.definition$$,
                 '42883', NULL, 'a hook that does not exist is refused');
SELECT throws_ok($$SELECT hotline.register_workflow(jsonb_set(d, '{name}', '"appeal_12345"')) FROM feedback.definition$$,
                 '23001', NULL, 'a built-in workflow cannot be replaced by a user');
-- issue 8: a hook of another signature is refused when it is registered
-- (0.1.0 accepted it and checked only the argument count at call time)
SELECT throws_ok($$SELECT hotline.register_workflow(jsonb_set(d, '{name}', '"fb_bad_hook"')
                   || '{"hooks": [{"action": "receive", "timing": "after", "function": "feedback.three_args(hotline.order_no, bigint, text)"}]}')
                   FROM feedback.definition$$,
                 '42P13', NULL, 'a hook of the wrong shape is refused when it is registered');
SELECT is((SELECT count(*) FROM hotline.workflow WHERE name = 'fb_bad_hook'), 0::bigint,
          'and nothing of that workflow is stored');

SELECT * FROM finish();
ROLLBACK;
