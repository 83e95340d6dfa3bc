-- Issue 8: a workflow definition is checked fully when it enters the
-- database, and its hooks run with their author's rights, never the
-- extension owner's.  Each check here failed on 0.1.0 (reproducers in
-- shared/research/repro-0.1.0): a hook of another signature crashed the
-- server, set_due as an array of arrays was read past its end, a workflow
-- administrator's hook made its author superuser, a dropped hook function
-- gave XX000 on every action, and the intake named garbage in its errors.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(46);

-- a workflow administrator as shared/research/repro-0.1.0 grants one
CREATE ROLE wd_admin NOLOGIN;
CREATE SCHEMA wd AUTHORIZATION wd_admin;
GRANT EXECUTE ON FUNCTION hotline.register_workflow(jsonb), hotline.open_order(text, text, text, text, jsonb),
    hotline.workflow_orphan_state(text) TO wd_admin;
GRANT INSERT, UPDATE, DELETE ON hotline.workflow, hotline.workflow_state, hotline.workflow_action,
    hotline.workflow_limit, hotline.workflow_hook, hotline.workflow_escalation TO wd_admin;
GRANT SELECT ON hotline.work_order TO wd_admin;
-- the workflow administrator also takes calls: its workflows' agent role is hotline_agent (option db_roles)
GRANT hotline_agent TO wd_admin;

-- a minimal workflow: one order state, one opening action; $1 adds to it
CREATE FUNCTION pg_temp.wf(name text, extra jsonb DEFAULT '{}') RETURNS jsonb LANGUAGE sql AS $$
    SELECT jsonb_build_object('name', name, 'description', '测试流程', 'initial_state', 'open',
        'states', '[{"scope": "order", "state": "open"}, {"scope": "assignment", "state": "working"}]'::jsonb,
        'actions', '[{"action": "open", "scope": "order", "from": ["new"], "to": "open", "roles": ["agent"]}]'::jsonb,
        'options', '{"db_roles": {"agent": "hotline_agent"}}'::jsonb) || extra
$$;
-- the same with effects on its opening action
CREATE FUNCTION pg_temp.fx(name text, effects jsonb, scope text DEFAULT 'order') RETURNS jsonb LANGUAGE sql AS $$
    SELECT pg_temp.wf(name, jsonb_build_object('actions', jsonb_build_array(jsonb_build_object(
        'action', 'open', 'scope', scope, 'from', '["new"]'::jsonb, 'to', 'open', 'roles', '["agent"]'::jsonb,
        'effects', effects))))
$$;
CREATE FUNCTION pg_temp.open(workflow text) RETURNS hotline.order_no LANGUAGE sql AS $$
    SELECT hotline.open_order(workflow, 'open', '话务员 01', 'agent',
        '{"region": "110101", "appeal_type": "help", "channel": "phone", "description": "测试工单"}')
$$;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pg_temp TO wd_admin;

-- ---------------------------------------------------------------------
-- 1. Effects: the full shape, at registration (22023), also by INSERT
-- ---------------------------------------------------------------------
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.fx('wd_sd', '{"set_due": [["zzzzzz"]]}'))$$,
                 '22023', 'effect set_due of action "open" of workflow "wd_sd" has an element that is not an object',
                 'set_due as an array of arrays is refused (0.1.0 read it past its end)');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.fx('wd_sd', '{"set_due": {"column": "reply_due"}}'))$$,
                 '22023', 'effect set_due of action "open" of workflow "wd_sd" lacks "deadline"',
                 'set_due without a deadline is refused');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.fx('wd_sd', '{"set_due": [{"column": "reply_due", "deadline": "r"}, {"column": "reply_due", "deadline": null}]}'))$$,
                 '22023', 'effect set_due of action "open" of workflow "wd_sd" names column reply_due twice',
                 'set_due naming a column twice is refused');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.fx('wd_sd', '{"set_due": {"column": "closed_at", "deadline": "r"}}'))$$,
                 '22023', NULL, 'set_due of a column that is no due is refused');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.fx('wd_sd', '{"set_due": {"column": "reply_due", "deadline": "r", "extra": 1}}'))$$,
                 '22023', 'effect set_due of action "open" of workflow "wd_sd" has an unknown key "extra"',
                 'an unknown key inside an effect is refused');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.fx('wd_sd', jsonb_build_object('set_due',
                     (SELECT jsonb_agg(jsonb_build_object('column', 'reply_due', 'deadline', 'r')) FROM generate_series(1, 1000)))))$$,
                 '22023', 'effect set_due of action "open" of workflow "wd_sd" is an array of other than 1 to 64 objects',
                 'a long set_due array is refused');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.fx('wd_as', '{"assign": {"sign_deadline": "sign"}}'))$$,
                 '22023', 'effect assign of action "open" of workflow "wd_as" lacks "state"',
                 'assign without a state is refused');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.fx('wd_as', '{"assign": {"state": "Working Hard"}}'))$$,
                 '22023', NULL, 'assign with a state that is no name is refused');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.fx('wd_as', '{"assign": {"state": "nowhere", "units": [{"param": "units", "role": "handler"}]}}'))$$,
                 '22023', 'workflow "wd_as" names state "nowhere" in an action but does not define it',
                 'a state named only in an effect must be a state of the workflow');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.fx('wd_st', '{"stamp": 42}', 'assignment'))$$,
                 '22023', 'effect stamp of action "open" of workflow "wd_st" names an unknown column: (not a string)',
                 'a stamp that is not a column name is refused');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.fx('wd_st', '{"stamp": "signed_at"}'))$$,
                 '22023', 'effect stamp of action "open" of workflow "wd_st" acts on an assignment, but the action is done on the order',
                 'an assignment effect on an order action is refused');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.fx('wd_co', '{"close_order": "yes"}'))$$,
                 '22023', 'effect close_order of action "open" of workflow "wd_co" is not true or false',
                 'close_order must be a boolean');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.fx('wd_re', '{"reopen_assignments": {"from_states": [], "state": "working"}}'))$$,
                 '22023', NULL, 'reopen_assignments from no state is refused');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.fx('wd_wa', '{"order_state_when_all": {"assignment_states": ["working"], "order_state": ["open"]}}'))$$,
                 '22023', NULL, 'order_state_when_all with a list as its order state is refused');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.fx('wd_un', '{"teleport": true}'))$$,
                 '22023', 'action "open" of workflow "wd_un" has an unknown effect "teleport"',
                 'an unknown effect is refused');
SELECT lives_ok($$SELECT hotline.register_workflow(pg_temp.fx('wd_ok',
                   '{"set_due": [{"column": "dispatch_due", "deadline": null}], "order_state": "open", "close_order": false}'))$$,
                'effects of the documented shapes are accepted');
SELECT throws_ok($$INSERT INTO hotline.workflow_action (workflow, action, scope, from_states, to_state, roles, effects, description)
                   VALUES ('wd_ok', 'sneak', 'order', '{open}', 'open', '{agent}', '{"set_due": [[1]]}', 'x')$$,
                 '22023', NULL, 'a plain INSERT of a malformed effect is refused too (the CHECK of workflow_action)');
SELECT is((SELECT count(*) FROM hotline.workflow WHERE name LIKE 'wd\_%' AND name <> 'wd_ok'), 0::bigint,
          'nothing of a refused definition is stored');

-- ---------------------------------------------------------------------
-- 2. Hooks: signature at registration (42P13)
-- ---------------------------------------------------------------------
CREATE FUNCTION wd.returns_int(hotline.order_no, bigint, text, jsonb) RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION wd.returns_set(hotline.order_no, bigint, text, jsonb) RETURNS SETOF void LANGUAGE sql AS 'SELECT';
CREATE PROCEDURE wd.proc(hotline.order_no, bigint, text, jsonb) LANGUAGE sql AS 'SELECT';
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.wf('wd_tc', '{"hooks": [{"action": "open", "timing": "before",
                   "function": "pg_catalog.overlaps(time with time zone, time with time zone, time with time zone, time with time zone)"}]}'))$$,
                 '42P13', NULL, 'a hook of four timetz arguments is refused (0.1.0 crashed the server with it)');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.wf('wd_tc', '{"hooks": [{"action": "open", "timing": "before",
                   "function": "wd.returns_int(hotline.order_no, bigint, text, jsonb)"}]}'))$$,
                 '42P13', NULL, 'a hook must return void');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.wf('wd_tc', '{"hooks": [{"action": "open", "timing": "before",
                   "function": "wd.returns_set(hotline.order_no, bigint, text, jsonb)"}]}'))$$,
                 '42P13', NULL, 'a hook must not return a set');
SELECT throws_ok($$INSERT INTO hotline.workflow_hook (workflow, action, timing, function)
                   VALUES ('wd_ok', 'open', 'before', 'wd.proc(hotline.order_no, bigint, text, jsonb)')$$,
                 '42P13', NULL, 'a procedure is no hook, by a plain INSERT either');

-- ---------------------------------------------------------------------
-- 3. Hooks run as the role that registered them
-- ---------------------------------------------------------------------
CREATE TABLE wd.seen (who text, superuser boolean);
ALTER TABLE wd.seen OWNER TO wd_admin;
CREATE FUNCTION wd.whoami(hotline.order_no, bigint, text, jsonb) RETURNS void LANGUAGE sql
    AS $$ INSERT INTO wd.seen SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) $$;
CREATE FUNCTION wd.escalate(hotline.order_no, bigint, text, jsonb) RETURNS void LANGUAGE plpgsql
    AS $$ BEGIN EXECUTE 'ALTER ROLE wd_admin SUPERUSER'; END $$;
ALTER FUNCTION wd.whoami(hotline.order_no, bigint, text, jsonb) OWNER TO wd_admin;
ALTER FUNCTION wd.escalate(hotline.order_no, bigint, text, jsonb) OWNER TO wd_admin;

SET LOCAL ROLE wd_admin;
SELECT lives_ok($$SELECT hotline.register_workflow(pg_temp.wf('wd_who', '{"hooks": [{"action": "open", "timing": "after",
                   "function": "wd.whoami(hotline.order_no, bigint, text, jsonb)"}]}'))$$,
                'a workflow administrator registers a workflow with a hook');
SELECT is((SELECT owner::text FROM hotline.workflow_hook WHERE workflow = 'wd_who'), 'wd_admin',
          'the hook belongs to the role that registered it');
SELECT lives_ok($$SELECT pg_temp.open('wd_who')$$, 'its action runs the hook');
SELECT results_eq($$SELECT who, superuser FROM wd.seen$$, $$VALUES ('wd_admin'::text, false)$$,
                  'the hook ran as its author, not as the extension''s owner');
SELECT lives_ok($$SELECT hotline.register_workflow(pg_temp.wf('wd_pwn', '{"hooks": [{"action": "open", "timing": "before",
                   "function": "wd.escalate(hotline.order_no, bigint, text, jsonb)"}]}'))$$,
                'a hook that alters its author is registered');
SELECT throws_ok($$SELECT pg_temp.open('wd_pwn')$$, '42501', NULL,
                 'its action fails: the hook has only its author''s rights');
SELECT throws_ok($$INSERT INTO hotline.workflow_hook (workflow, action, timing, function, owner)
                   VALUES ('wd_who', 'open', 'before', 'wd.whoami(hotline.order_no, bigint, text, jsonb)', 'postgres')$$,
                 '42501', NULL, 'a hook cannot be written to run as another role');
-- the built-in workflow is read-only, its states, actions and hooks too
SELECT throws_ok($$DELETE FROM hotline.workflow_hook WHERE workflow = 'appeal_12345'$$, '23001', NULL,
                 'a workflow administrator cannot delete the built-in workflow''s hooks (its R-4/R-7 checks)');
SELECT throws_ok($$UPDATE hotline.workflow_action SET roles = '{agent}' WHERE workflow = 'appeal_12345' AND action = 'close'$$,
                 '23001', NULL, 'nor change who may do its actions');
SELECT throws_ok($$INSERT INTO hotline.workflow_state (workflow, scope, state, description)
                   VALUES ('appeal_12345', 'order', 'limbo', 'x')$$, '23001', NULL, 'nor add states to it');
RESET ROLE;
SELECT ok(NOT (SELECT rolsuper FROM pg_roles WHERE rolname = 'wd_admin'), 'the workflow administrator is no superuser');

-- a hook runs with a search_path of its own: not the engine's (which names
-- hotline), not the caller's
CREATE TABLE wd.paths (p text);
GRANT INSERT ON wd.paths TO PUBLIC;
CREATE FUNCTION wd.path(hotline.order_no, bigint, text, jsonb) RETURNS void LANGUAGE sql
    AS $$ INSERT INTO wd.paths SELECT current_setting('search_path') $$;
SELECT hotline.register_workflow(pg_temp.wf('wd_path', '{"hooks": [{"action": "open", "timing": "after",
       "function": "wd.path(hotline.order_no, bigint, text, jsonb)"}]}')) IS NOT NULL AS registered \gset
SET LOCAL search_path = wd, public, hotline;
SELECT pg_temp.open('wd_path') IS NOT NULL AS opened \gset
SET LOCAL search_path = public, hotline;
SELECT is((SELECT p FROM wd.paths), 'pg_catalog, pg_temp', 'a hook runs with search_path pg_catalog, pg_temp');

-- the owner must be allowed to execute the hook, at registration and at every call
CREATE FUNCTION wd.private(hotline.order_no, bigint, text, jsonb) RETURNS void LANGUAGE sql AS 'SELECT';
REVOKE EXECUTE ON FUNCTION wd.private(hotline.order_no, bigint, text, jsonb) FROM PUBLIC;
SET LOCAL ROLE wd_admin;
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.wf('wd_priv', '{"hooks": [{"action": "open", "timing": "before",
                   "function": "wd.private(hotline.order_no, bigint, text, jsonb)"}]}'))$$,
                 '42501', NULL, 'a hook its author may not execute is refused');
RESET ROLE;
REVOKE EXECUTE ON FUNCTION wd.whoami(hotline.order_no, bigint, text, jsonb) FROM PUBLIC, wd_admin;
SELECT throws_ok($$SELECT pg_temp.open('wd_who')$$, '42501',
                 'role "wd_admin" may not execute hook wd.whoami(order_no,bigint,text,jsonb) of action "open"',
                 'a hook whose author lost the right to execute it is not called');
GRANT EXECUTE ON FUNCTION wd.whoami(hotline.order_no, bigint, text, jsonb) TO wd_admin;

-- a hook is not the engine: it cannot move a state with a bare UPDATE
CREATE FUNCTION wd.force_state(o hotline.order_no, bigint, text, jsonb) RETURNS void LANGUAGE sql
    AS $$ UPDATE hotline.work_order SET state = 'closed' WHERE order_no = o $$;
SELECT lives_ok($$SELECT hotline.register_workflow(pg_temp.wf('wd_force', '{"hooks": [{"action": "open", "timing": "after",
                   "function": "wd.force_state(hotline.order_no, bigint, text, jsonb)"}]}'))$$,
                'a superuser registers a hook that updates the state');
SELECT throws_ok($$SELECT pg_temp.open('wd_force')$$, '42501',
                 'the state of hotline.work_order changes only through workflow actions',
                 'a hook (even a superuser''s) cannot skip the workflow by a bare UPDATE of the state');

-- ---------------------------------------------------------------------
-- 4. A hook's function cannot be dropped from under a workflow
-- ---------------------------------------------------------------------
SELECT throws_ok($$DROP FUNCTION wd.whoami(hotline.order_no, bigint, text, jsonb)$$, '2BP01',
                 'function wd.whoami(hotline.order_no,bigint,pg_catalog.text,pg_catalog.jsonb) is a hook of action "open" of workflow "wd_who"',
                 'DROP FUNCTION of a hook is refused, naming the workflow');
SELECT throws_ok($$DROP SCHEMA wd CASCADE$$, '2BP01', NULL, 'so is DROP SCHEMA ... CASCADE of its schema');
SET LOCAL session_replication_role = replica;   -- event triggers off: a DBA forced it
DROP FUNCTION wd.whoami(hotline.order_no, bigint, text, jsonb);
RESET session_replication_role;
SELECT throws_ok($$SELECT pg_temp.open('wd_who')$$, '42883', NULL,
                 'a hook dropped anyway fails the action with a clear error, not XX000');
SELECT lives_ok($$SELECT hotline.register_workflow(pg_temp.wf('wd_who'))$$,
                'registering the workflow again without the hook mends it');
SELECT lives_ok($$SELECT pg_temp.open('wd_who')$$, 'and its action works again');

-- ---------------------------------------------------------------------
-- 5. The intake names what the caller passed (0.1.0 read a text datum as
--    a C string and printed garbage)
-- ---------------------------------------------------------------------
SELECT throws_ok($$SELECT hotline.accept(region => '110101', appeal_type => 'complaint', channel => 'phone',
                   description => '楼道堆放杂物', topic => 'nope')$$,
                 '22023', 'topic "nope" does not exist', 'an unknown topic is named in the error');
SELECT throws_ok($$SELECT hotline.accept(region => '110101', appeal_type => 'complaint', channel => 'phone',
                   description => '楼道堆放杂物', accused_unit => 'nope-unit')$$,
                 '22023', 'accused unit "nope-unit" does not exist', 'an unknown accused unit is named in the error');
SELECT throws_ok($$SELECT hotline.accept(region => '110101', appeal_type => 'complaint', channel => 'phone',
                   description => '楼道堆放杂物', topic => repeat('话', 300))$$,
                 '22023', format('topic "%s" does not exist', repeat('话', 300)), 'a long one is named whole');

SELECT * FROM finish();
ROLLBACK;
