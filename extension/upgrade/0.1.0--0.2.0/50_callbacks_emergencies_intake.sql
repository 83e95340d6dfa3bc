-- Issue 8: callbacks that cannot reach the citizen are tried again on
-- different working days (R-7.2), very urgent orders and emergencies count
-- their limits in clock time around the clock (R-2.3, R-4.3), and the
-- intake's parameters are checked in one place with errors in the
-- hotline's words (hotline.check_intake).  Every definition below is the
-- install script's text; the built-in rows of appeal_12345 are changed
-- with the expressions hotline.register_workflow uses, so that an updated
-- database has the rows a new installation has (and the workflow keeps its
-- version).

-- 80_workflow.sql: workflow settings, and register_workflow reading them
-- Settings of a workflow that are neither time limits nor escalation rules:
-- counts and switches its hooks read, such as how many times the 12345
-- callback tries to reach a citizen (callback_tries).  Rows, not a jsonb
-- column of hotline.workflow, for the reason limits are rows: a built-in
-- workflow is read-only, and a city changes one of its settings with a row
-- of its own (builtin false) that wins over the built-in one, without
-- registering the workflow again.
CREATE TABLE @extschema@.workflow_setting (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    setting         text NOT NULL CHECK (setting ~ '^[a-z][a-z0-9_]{0,62}$'),
    value           jsonb NOT NULL,
    builtin         boolean NOT NULL DEFAULT false,
    description     text NOT NULL,
    PRIMARY KEY (workflow, setting, builtin)
);
COMMENT ON TABLE @extschema@.workflow_setting IS
    'settings of a workflow read by its hooks (counts, switches), e.g. callback_tries of appeal_12345; a row of your own wins over a built-in one';
COMMENT ON COLUMN @extschema@.workflow_setting.builtin IS
    'shipped with a built-in workflow; read-only: add a row of your own with the same workflow and setting to change it';
CREATE TRIGGER workflow_setting_protect BEFORE UPDATE OR DELETE ON @extschema@.workflow_setting
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_setting_builtin BEFORE INSERT OR UPDATE ON @extschema@.workflow_setting
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_setting', 'WHERE NOT builtin');
REVOKE ALL ON @extschema@.workflow_setting FROM PUBLIC;
GRANT SELECT ON @extschema@.workflow_setting TO PUBLIC;

-- the value of a setting in force: yours, else the built-in one (NULL when
-- the workflow has neither)
--@ function workflow_setting_value(workflow text, setting text)

--@ function or replace register_workflow(definition jsonb)

-- 90_orders.sql: the intake checks

-- Intake checks (受理, R-1.2-R-1.5, R-2.2, R-2.3): every parameter of a new
-- order in one place, before anything is written, each refusal naming the
-- parameter and the value with an example of a good one.  The 12345
-- workflow's named functions (accept, reject, answer) call it before the
-- engine; it takes the params of hotline.open_order as they are, so the
-- engine can call it too.  It returns the params as the order records
-- them: an order with an emergency kind (R-2.3) is very urgent, whatever
-- urgency said, so that its limits are the very urgent ones.  Keys it does
-- not know are left to the workflow.
--@ function check_intake(params jsonb)

-- workflows/12345_appeal/12345_appeal.sql: callback tries and the check hook

-- Callback tries (回访, R-7.2, R-7.4).  A callback that cannot reach the
-- citizen is tried again: each failed try is an event callback_unreachable
-- that moves callback_due to the next try's day (limit callback_retry, 1
-- working day), and the last of callback_tries tries (setting, 3) is the
-- callback itself, recorded as unreachable.  Tries count once per working
-- day of the workflow's calendar: a try on a rest day counts for the next
-- working day, and a second try on the same working day is refused.

-- the working day an instant counts for on a calendar: its local date, or
-- the next working day when that date is a rest day (within 60 days: no
-- holiday of the State Council's notices is that long)
--@ function appeal_12345_try_day(calendar text, at timestamptz)

-- where the callback of an order stands: unreachable tries since its reply
-- was last accepted (a redo starts the count again), the tries allowed
-- (setting callback_tries), the working day of the last try and the first
-- working day after it.  SECURITY DEFINER: the history is not open to the
-- callers of hotline.callback.
--@ function appeal_12345_callback_tries(order_no @extschema@.order_no, OUT done integer, OUT allowed integer, OUT last_day date, OUT next_day date, OUT calendar text)

--@ function or replace appeal_12345_check(order_no @extschema@.order_no, assignment_id bigint, action text, params jsonb)

-- the named functions: intake and callback take text (the typed
-- signatures call them), review and decide_extension refuse a NULL decision

-- (accept: with 回避's entry point, in 99_avoidance)

--@ function reject(region text, appeal_type text, channel text, description text, reason text, emergency_referral text DEFAULT NULL, citizen_phone text DEFAULT NULL, citizen_name text DEFAULT NULL, area_code text DEFAULT NULL, confidential boolean DEFAULT false, topic text DEFAULT NULL, urgency text DEFAULT 'normal', source_hotline text DEFAULT '12345', occurred_at timestamptz DEFAULT NULL, address text DEFAULT NULL, demand text DEFAULT NULL, actor text DEFAULT current_user, actor_role text DEFAULT 'agent')

--@ function or replace reject(region text, appeal_type @extschema@.appeal_type, channel @extschema@.channel, description text, reason text, emergency_referral text DEFAULT NULL, citizen_phone text DEFAULT NULL, citizen_name text DEFAULT NULL, area_code text DEFAULT NULL, confidential boolean DEFAULT false, topic text DEFAULT NULL, urgency @extschema@.urgency DEFAULT 'normal', source_hotline text DEFAULT '12345', occurred_at timestamptz DEFAULT NULL, address text DEFAULT NULL, demand text DEFAULT NULL, actor text DEFAULT current_user, actor_role text DEFAULT 'agent')

--@ function answer(region text, appeal_type text, channel text, description text, result text, knowledge_article text DEFAULT NULL, three_way_unit text DEFAULT NULL, citizen_phone text DEFAULT NULL, citizen_name text DEFAULT NULL, area_code text DEFAULT NULL, confidential boolean DEFAULT false, topic text DEFAULT NULL, urgency text DEFAULT 'normal', source_hotline text DEFAULT '12345', occurred_at timestamptz DEFAULT NULL, address text DEFAULT NULL, demand text DEFAULT NULL, actor text DEFAULT current_user, actor_role text DEFAULT 'agent')

--@ function or replace answer(region text, appeal_type @extschema@.appeal_type, channel @extschema@.channel, description text, result text, knowledge_article text DEFAULT NULL, three_way_unit text DEFAULT NULL, citizen_phone text DEFAULT NULL, citizen_name text DEFAULT NULL, area_code text DEFAULT NULL, confidential boolean DEFAULT false, topic text DEFAULT NULL, urgency @extschema@.urgency DEFAULT 'normal', source_hotline text DEFAULT '12345', occurred_at timestamptz DEFAULT NULL, address text DEFAULT NULL, demand text DEFAULT NULL, actor text DEFAULT current_user, actor_role text DEFAULT 'agent')

--@ function or replace decide_extension(order_no @extschema@.order_no, unit text, approve boolean, new_deadline timestamptz DEFAULT NULL, reason text DEFAULT NULL, actor text DEFAULT current_user, actor_role text DEFAULT 'dispatcher')

--@ function or replace review(order_no @extschema@.order_no, accept boolean, reason text DEFAULT NULL, actor text DEFAULT current_user, actor_role text DEFAULT 'reviewer')

-- (0.1.0's typed callback had no solved: it goes, the new one is made)
DROP FUNCTION @extschema@.callback(@extschema@.order_no, @extschema@.satisfaction, @extschema@.satisfaction, text, text, text);

--@ function callback(order_no @extschema@.order_no, process_satisfaction text, result_satisfaction text, note text DEFAULT NULL, actor text DEFAULT current_user, actor_role text DEFAULT 'agent', solved boolean DEFAULT NULL)

--@ function callback(order_no @extschema@.order_no, process_satisfaction @extschema@.satisfaction, result_satisfaction @extschema@.satisfaction, note text DEFAULT NULL, actor text DEFAULT current_user, actor_role text DEFAULT 'agent', solved boolean DEFAULT NULL)

-- new functions of the workflow: no EXECUTE for PUBLIC, as the others
REVOKE ALL ON FUNCTION
    @extschema@.appeal_12345_try_day(text, timestamptz),
    @extschema@.appeal_12345_callback_tries(@extschema@.order_no),
    @extschema@.reject(text, text, text, text, text, text, text, text,
        text, boolean, text, text, text, timestamptz, text, text, text, text),
    @extschema@.answer(text, text, text, text, text, text, text, text,
        text, text, boolean, text, text, text, timestamptz, text, text, text, text),
    @extschema@.callback(@extschema@.order_no, text, text, text, text, text, boolean),
    @extschema@.callback(@extschema@.order_no, @extschema@.satisfaction, @extschema@.satisfaction, text, text, text, boolean)
FROM PUBLIC;

-- The built-in rows of appeal_12345 (ALTER EXTENSION runs as the
-- extension: creating_extension() is true, the built-in rows are writable)
INSERT INTO @extschema@.workflow_action (workflow, action, scope, from_states, to_state, roles,
                                         required_params, reason_required, effects, description)
SELECT 'appeal_12345', a ->> 'action', a ->> 'scope',
       ARRAY(SELECT jsonb_array_elements_text(a -> 'from')), a ->> 'to',
       ARRAY(SELECT jsonb_array_elements_text(a -> 'roles')),
       ARRAY(SELECT jsonb_array_elements_text(coalesce(a -> 'params', '[]'))),
       coalesce((a ->> 'reason')::boolean, false), coalesce(a -> 'effects', '{}'),
       coalesce(a ->> 'description', a ->> 'action')
FROM (VALUES ($json${"action": "callback_unreachable", "scope": "order", "from": ["reviewed"], "to": null, "roles": ["agent", "reviewer", "supervisor"], "params": ["process_satisfaction", "result_satisfaction"], "effects": {"set_due": {"column": "callback_due", "deadline": "callback_retry"}}, "description": "回访未接通: a callback try that could not reach the citizen (unreachable for both), once per working day; the next try is due by the end of the next working day (limit callback_retry); params note optional (R-7.2, R-7.4)"}$json$::jsonb)) AS x(a);
UPDATE @extschema@.workflow_action SET description = $json$回访: satisfaction with the process and with the result, or unreachable at the last try (setting callback_tries); params note optional (R-7.2, R-7.4)$json$
WHERE workflow = 'appeal_12345' AND action = 'callback';

-- very urgent orders in clock time (R-2.3, R-4.3); the next callback try
UPDATE @extschema@.workflow_limit SET time_limit = '4 hours'
WHERE workflow = 'appeal_12345' AND builtin AND deadline = 'reply' AND dispatch_mode IN ('written', 'phone')
  AND urgency = 'very_urgent' AND appeal_type IS NULL;
INSERT INTO @extschema@.workflow_limit (workflow, deadline, dispatch_mode, urgency, appeal_type, time_limit, builtin)
SELECT 'appeal_12345', l ->> 'deadline', l ->> 'dispatch_mode', (l ->> 'urgency')::@extschema@.urgency,
       (l ->> 'appeal_type')::@extschema@.appeal_type, (l ->> 'time_limit')::@extschema@.time_limit,
       @extschema@.creating_extension()
FROM jsonb_array_elements($json$[{"deadline": "reply", "dispatch_mode": "urgent", "urgency": "very_urgent", "time_limit": "4 hours"}, {"deadline": "dispatch", "urgency": "very_urgent", "time_limit": "30 minutes"}, {"deadline": "sign", "urgency": "very_urgent", "time_limit": "1 hour"}, {"deadline": "sign", "dispatch_mode": "urgent", "urgency": "very_urgent", "time_limit": "1 hour"}, {"deadline": "sub_reply", "urgency": "very_urgent", "time_limit": "2 hours"}, {"deadline": "redo", "urgency": "very_urgent", "time_limit": "4 hours"}, {"deadline": "callback_retry", "time_limit": "1 working day"}]$json$::jsonb) l;

-- the check hook before dispatch, approve_extension, merge and
-- callback_unreachable (positions after the 0.1.0 hooks, as in the definition)
INSERT INTO @extschema@.workflow_hook (workflow, action, timing, function, position)
SELECT 'appeal_12345', h ->> 'action', h ->> 'timing', h ->> 'function', o::int
FROM jsonb_array_elements($json$[{"action": "dispatch", "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"}, {"action": "approve_extension", "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"}, {"action": "merge", "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"}, {"action": "callback_unreachable", "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"}]$json$::jsonb) WITH ORDINALITY AS x(h, n),
     LATERAL (SELECT n + 10) AS p(o);

INSERT INTO @extschema@.workflow_setting (workflow, setting, value, builtin, description)
SELECT 'appeal_12345', x ->> 'setting', x -> 'value', @extschema@.creating_extension(),
       coalesce(x ->> 'description', x ->> 'setting')
FROM jsonb_array_elements($json$[{"setting": "callback_tries", "value": 3, "description": "回访次数: how many times a callback tries to reach the citizen, on different working days, before it is recorded as unreachable (R-7.2); a whole number from 1 to 10"}]$json$::jsonb) x;
