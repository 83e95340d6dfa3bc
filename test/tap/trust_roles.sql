-- Issue 10, part 1: who may do what is the database's (R-11.2).  The
-- extension's group roles; a login acts in the workflow roles whose
-- database roles it is a member of (the workflow's option db_roles); what
-- it claims (actor_role, actor) cannot widen that, and the history records
-- its login.  The engine's owner and superusers (the scheduled jobs) name
-- their role as before.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(53);

-- the group roles
SELECT is(ARRAY(SELECT rolname::text FROM pg_roles WHERE NOT rolcanlogin AND rolname IN ('hotline_admin', 'hotline_agent',
                    'hotline_analyst', 'hotline_dispatcher', 'hotline_gateway', 'hotline_reviewer', 'hotline_supervisor',
                    'hotline_unit') ORDER BY 1),
          ARRAY['hotline_admin', 'hotline_agent', 'hotline_analyst', 'hotline_dispatcher', 'hotline_gateway',
                'hotline_reviewer', 'hotline_supervisor', 'hotline_unit'],
          'the extension''s group roles exist, none can log in');
SELECT is((SELECT options -> 'db_roles' FROM hotline.workflow WHERE name = 'appeal_12345'),
          '{"agent": "hotline_agent", "dispatcher": "hotline_dispatcher", "reviewer": "hotline_reviewer", "supervisor": "hotline_supervisor", "unit": "hotline_unit"}'::jsonb,
          'the 12345 workflow maps its roles to them');
SELECT ok(NOT has_function_privilege('public', 'hotline.apply_action(hotline.order_no, text, text, text, jsonb, bigint)', 'EXECUTE'),
          'the engine is not PUBLIC''s');
SELECT ok(has_function_privilege('hotline_unit', 'hotline.apply_unit_action(hotline.order_no, text, text, text, jsonb, text)', 'EXECUTE'),
          'a unit''s staff may call it; the engine decides per action');

-- a call centre: an agent, a dispatcher, a unit's clerk, and a login with no part
CREATE ROLE tr_agent_zhao NOLOGIN IN ROLE hotline_agent;
CREATE ROLE tr_desk_li NOLOGIN IN ROLE hotline_dispatcher;
CREATE ROLE tr_clerk_wang NOLOGIN IN ROLE hotline_unit;
CREATE ROLE tr_nobody NOLOGIN;
INSERT INTO hotline.unit (code, name, region, kind) VALUES ('tr-dc', '北京市东城区人民政府', '110101', 'district');
CREATE TABLE tr_o (order_no hotline.order_no);
GRANT ALL ON tr_o TO PUBLIC;

SET LOCAL ROLE tr_agent_zhao;
INSERT INTO tr_o SELECT hotline.accept('110101', 'complaint', 'phone', '小区门口井盖缺失，夜间有安全隐患',
                                       actor => '冒名的班长', actor_role => 'supervisor');
RESET ROLE;
SELECT is((SELECT ROW(actor, role)::text FROM hotline.order_event WHERE order_no = (SELECT order_no FROM tr_o)),
          ROW('tr_agent_zhao', 'agent')::text,
          'an agent accepts: the history has its login and the role it holds, not what it claimed');
SELECT is((SELECT accepted_by FROM hotline.work_order WHERE order_no = (SELECT order_no FROM tr_o)), 'tr_agent_zhao',
          'accepted_by is the login');

SET LOCAL ROLE tr_agent_zhao;
SELECT throws_ok($$SELECT hotline.dispatch((SELECT order_no FROM tr_o), 'tr-dc', '请核实处理')$$, '42501',
                 'login "tr_agent_zhao" may not dispatch', 'an agent may not dispatch');
RESET ROLE;
SELECT is((SELECT state FROM hotline.work_order WHERE order_no = (SELECT order_no FROM tr_o)), 'accepted',
          'the refused dispatch changed nothing');

SET LOCAL ROLE tr_nobody;
SELECT throws_ok($$SELECT hotline.dispatch((SELECT order_no FROM tr_o), 'tr-dc', '请核实处理')$$, '42501', NULL,
                 'a login with no part cannot call the engine at all');
RESET ROLE;

SET LOCAL ROLE tr_desk_li;
SELECT is(hotline.dispatch((SELECT order_no FROM tr_o), 'tr-dc', '请核实处理', actor_role => 'supervisor'), 'dispatched',
          'the dispatch desk dispatches');
RESET ROLE;
SELECT is((SELECT ROW(actor, role)::text FROM hotline.order_event
           WHERE order_no = (SELECT order_no FROM tr_o) AND action = 'dispatch'),
          ROW('tr_desk_li', 'dispatcher')::text, 'claiming supervisor does not make it one');

-- a unit's clerk acts for its own unit only (hotline.staff)
CREATE ROLE tr_clerk_liu NOLOGIN IN ROLE hotline_unit;
INSERT INTO hotline.unit (code, name, region, kind) VALUES ('tr-xc', '北京市西城区人民政府', '110102', 'district');
INSERT INTO hotline.staff (login, name, unit_id, positions)
    SELECT 'tr_clerk_liu', '刘洋', id, '{信访专员}' FROM hotline.unit WHERE code = 'tr-xc';
SET LOCAL ROLE tr_clerk_wang;
SELECT throws_ok($$SELECT hotline.sign_for((SELECT order_no FROM tr_o), 'tr-dc')$$, 'P0002',
                 format('work order %s does not exist', (SELECT order_no FROM tr_o)),
                 'a unit login that is no one''s staff reads no order, so acts on none: answered as for an order that does not exist');
RESET ROLE;
SET LOCAL ROLE tr_clerk_liu;
SELECT throws_ok($$SELECT hotline.sign_for((SELECT order_no FROM tr_o), 'tr-dc')$$, 'P0002',
                 format('work order %s does not exist', (SELECT order_no FROM tr_o)),
                 'another unit''s clerk may not sign for it: the order is none of its own');
SELECT throws_ok($$SELECT hotline.sign_for('110101-20261204-999999', 'tr-dc')$$, 'P0002',
                 'work order 110101-20261204-999999 does not exist',
                 'the same answer as for a number no order has: no error tells another unit''s order from none');
RESET ROLE;
INSERT INTO hotline.staff (login, name, unit_id, positions, active)
    SELECT 'tr_clerk_wang', '王芳', id, '{科员}', false FROM hotline.unit WHERE code = 'tr-dc';
SET LOCAL ROLE tr_clerk_wang;
SELECT throws_ok($$SELECT hotline.sign_for((SELECT order_no FROM tr_o), 'tr-dc')$$, 'P0002', NULL,
                 'nor may staff who left (active false): they read the unit''s orders no more');
RESET ROLE;
UPDATE hotline.staff SET active = true WHERE login = 'tr_clerk_wang';
SET LOCAL ROLE tr_clerk_wang;
SELECT is((hotline.sign_for((SELECT order_no FROM tr_o), 'tr-dc')).state, 'signed', 'the unit''s own clerk signs for');
RESET ROLE;
SELECT is((SELECT ROW(actor, actor_name, role)::text FROM hotline.order_event
           WHERE order_no = (SELECT order_no FROM tr_o) AND action = 'sign_for'),
          ROW('tr_clerk_wang', '王芳', 'unit')::text, 'the history has the login and the staff member''s name');
SELECT is((SELECT actor_name FROM hotline.order_event WHERE order_no = (SELECT order_no FROM tr_o) AND action = 'accept'),
          NULL, 'a login that is no one''s staff has no name there');
SET LOCAL ROLE tr_clerk_wang;
SELECT throws_ok($$SELECT hotline.apply_action((SELECT order_no FROM tr_o), 'terminate', 'x', 'supervisor', '{"reason": "无"}')$$,
                 '42501', 'login "tr_clerk_wang" may not terminate', 'nor may a clerk act as a supervisor');
RESET ROLE;

-- row-level security (R-11.2): a unit's staff read their units' orders only
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT 'tr-dc-js', '景山街道办事处', '110101', 'subdistrict', id FROM hotline.unit WHERE code = 'tr-dc';
CREATE TABLE tr_o2 AS SELECT hotline.accept('110102', 'help', 'phone', '路灯不亮，请维修', citizen_phone => '13900139000') AS order_no;
GRANT SELECT ON tr_o2 TO PUBLIC;
SELECT hotline.dispatch((SELECT order_no FROM tr_o2), 'tr-xc', '请核实处理');
SET LOCAL ROLE tr_clerk_wang;
SELECT is(ARRAY(SELECT code FROM hotline.unit WHERE id = ANY (hotline.acting_units()) ORDER BY code),
          ARRAY['tr-dc', 'tr-dc-js'], 'a unit''s staff act for the unit and its sub-units');
SELECT is(ARRAY(SELECT order_no::text FROM hotline.work_order), ARRAY[(SELECT order_no::text FROM tr_o)],
          'and read only the orders dispatched to them');
SELECT is((SELECT count(*)::int FROM hotline.order_event WHERE order_no = (SELECT order_no FROM tr_o2)), 0,
          'nor another unit''s order''s history');
SELECT is((SELECT count(*)::int FROM hotline.order_contact WHERE order_no = (SELECT order_no FROM tr_o2)), 0,
          'nor its citizen');
SELECT is(ARRAY(SELECT u.code FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id), ARRAY['tr-dc'],
          'their own assignments');
RESET ROLE;
SET LOCAL ROLE tr_clerk_liu;
SELECT is(ARRAY(SELECT order_no::text FROM hotline.work_order), ARRAY[(SELECT order_no::text FROM tr_o2)],
          'the other unit''s staff read theirs');
SELECT is((SELECT citizen_phone FROM hotline.order_contact WHERE order_no = (SELECT order_no FROM tr_o2)), '13900139000',
          'with its citizen (through hotline.order_contact: units read no citizen table)');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM hotline.work_order), 2, 'two orders in the city');
SET LOCAL ROLE tr_desk_li;
SELECT is((SELECT count(*)::int FROM hotline.work_order), 2, 'the centre reads both');
RESET ROLE;
CREATE ROLE tr_reader NOLOGIN IN ROLE pg_read_all_data;
SET LOCAL ROLE tr_reader;
SELECT is((SELECT count(*)::int FROM hotline.work_order), 2, 'a reader the DBA gave pg_read_all_data reads both (a BI tool)');
RESET ROLE;
SET LOCAL ROLE tr_nobody;
SELECT throws_ok($$SELECT count(*) FROM hotline.work_order$$, '42501', NULL, 'a login with no part reads no order');
RESET ROLE;
CREATE ROLE tr_analyst NOLOGIN IN ROLE hotline_analyst;
SET LOCAL ROLE tr_analyst;
SELECT throws_ok($$SELECT count(*) FROM hotline.citizen$$, '42501', NULL, 'an analyst reads no person');
SELECT ok((SELECT count(*) FROM hotline.unit) > 0, 'but reads the units');
RESET ROLE;

-- supervision (督办): the supervisors' entry points check the part and record the login
CREATE ROLE tr_chief_sun NOLOGIN IN ROLE hotline_supervisor;
SET LOCAL ROLE tr_chief_sun;
SELECT ok(hotline.open_supervision((SELECT order_no FROM tr_o2), 'overdue', '督办科 孙伟', actor => '冒名的处长') > 0,
          'a supervisor opens a supervision');
SELECT lives_ok($$SELECT hotline.record_supervision((SELECT max(id) FROM hotline.supervision), '已电话督促西城区政府', 'phone')$$,
                'and records on it');
RESET ROLE;
SELECT is((SELECT ROW(s.opened_by, r.actor)::text FROM hotline.supervision s JOIN hotline.supervision_record r ON r.supervision_id = s.id
           WHERE s.order_no = (SELECT order_no FROM tr_o2)),
          ROW('tr_chief_sun', 'tr_chief_sun')::text, 'opened and recorded by its login, not the name it claimed');
GRANT EXECUTE ON FUNCTION hotline.close_supervision(bigint, text, text) TO tr_nobody;
SELECT max(id) AS tr_sup FROM hotline.supervision \gset
SET LOCAL ROLE tr_nobody;
SELECT throws_ok(format('SELECT hotline.close_supervision(%s, %L)', :tr_sup, '已办结'), '42501',
                 'login "tr_nobody" may not close this supervision',
                 'EXECUTE granted by mistake is not enough: the entry point checks the part');
RESET ROLE;
SET LOCAL ROLE tr_agent_zhao;
SELECT throws_ok($$SELECT hotline.open_supervision((SELECT order_no FROM tr_o2), 'overdue')$$, '42501', NULL,
                 'an agent may not open a supervision');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM hotline.supervision WHERE closed_at IS NULL), 1, 'the refused calls changed nothing');

-- administrators keep units, staff, calendars and workflows, and read no order
CREATE ROLE tr_admin_zhou NOLOGIN IN ROLE hotline_admin;
SET LOCAL ROLE tr_admin_zhou;
SELECT lives_ok($$INSERT INTO hotline.unit (code, name, region, kind) VALUES ('tr-cy', '北京市朝阳区人民政府', '110105', 'district')$$,
                'an administrator adds a unit');
SELECT lives_ok($$INSERT INTO hotline.staff (login, name, unit_id) SELECT 'tr_clerk_cy', '周丽', id FROM hotline.unit WHERE code = 'tr-cy'$$,
                'and its clerk');
SELECT lives_ok($$INSERT INTO hotline.calendar_year (calendar, year) VALUES ('cn', 2099)$$, 'records a calendar year');
SELECT throws_ok($$SELECT count(*) FROM hotline.work_order$$, '42501', NULL, 'but reads no order');
SELECT lives_ok($$SELECT * FROM hotline.job_status$$, 'and reads the jobs'' status (pg_cron''s side too)');
RESET ROLE;
-- and registers workflows, whose check of the orders in them sees every order (not only what it reads)
SET LOCAL ROLE tr_admin_zhou;
SELECT lives_ok($$SELECT hotline.register_workflow('{"name": "tr_wf_adm", "description": "x", "initial_state": "open",
                   "states": [{"scope": "order", "state": "open"}, {"scope": "order", "state": "done"}],
                   "actions": [{"action": "open", "scope": "order", "from": ["new"], "to": "open", "roles": ["clerk"]}]}')$$,
                'an administrator registers a workflow');
RESET ROLE;
SELECT hotline.open_order('tr_wf_adm', 'open', '系统', 'clerk',
    '{"region": "110101", "appeal_type": "help", "channel": "phone", "description": "测试"}') IS NOT NULL AS opened \gset
SET LOCAL ROLE tr_admin_zhou;
SELECT throws_ok($$SELECT hotline.register_workflow('{"name": "tr_wf_adm", "description": "x", "initial_state": "done",
                   "states": [{"scope": "order", "state": "done"}],
                   "actions": [{"action": "open", "scope": "order", "from": ["new"], "to": "done", "roles": ["clerk"]}]}')$$,
                 '55006', 'workflow "tr_wf_adm" would drop state "open", which orders are in',
                 'nor drops a state orders are in, though it reads none of them');
RESET ROLE;
SET LOCAL ROLE tr_clerk_wang;
SELECT throws_ok($$INSERT INTO hotline.staff (login, name, unit_id) VALUES ('tr_clerk_wang2', '假冒', NULL)$$, '42501', NULL,
                 'a unit''s clerk cannot make itself anyone''s staff');
RESET ROLE;

-- a group role is no one: a login that SET ROLE to it neither hides its name nor sheds its limits
SET LOCAL ROLE hotline_agent;
SELECT throws_ok($$SELECT hotline.accept('110101', 'help', 'phone', '咨询办事流程')$$, '42501',
                 'role "hotline_agent" is a group role, not a login', 'acting as a group role is refused');
SELECT throws_ok($$SELECT hotline.exclude_staff((SELECT order_no FROM tr_o2), 'tr_clerk_liu', '测试')$$, '42501',
                 'role "hotline_agent" is a group role, not a login', 'also at the entry points for people');
RESET ROLE;
-- who may is said before anything of the order (its state, an assignment's)
SET LOCAL ROLE tr_clerk_liu;
SELECT throws_ok($$SELECT hotline.apply_action((SELECT order_no FROM tr_o), 'approve_reply', 'x', 'reviewer')$$, 'P0002',
                 format('work order %s does not exist', (SELECT order_no FROM tr_o)),
                 'a clerk learns nothing of another unit''s order from a refused action, not even that it exists');
RESET ROLE;

-- the owner (a superuser here, as the scheduled jobs) names its role
SELECT is(hotline.apply_action((SELECT order_no FROM tr_o), 'terminate', '系统', 'supervisor', '{"reason": "测试"}'),
          'terminated', 'the engine''s owner acts in the role it names');

-- a workflow's db_roles must name roles that exist
SELECT throws_ok($$SELECT hotline.register_workflow('{"name": "tr_wf", "description": "x", "initial_state": "open",
                   "states": [{"scope": "order", "state": "open"}],
                   "actions": [{"action": "open", "scope": "order", "from": ["new"], "to": "open", "roles": ["agent"]}],
                   "options": {"db_roles": {"agent": "tr_no_such_role"}}}')$$,
                 '42704', 'option db_roles of workflow "tr_wf" names database role "tr_no_such_role", which does not exist',
                 'a db_roles naming a missing role is refused');
SELECT throws_ok($$SELECT hotline.register_workflow('{"name": "tr_wf", "description": "x", "initial_state": "open",
                   "states": [{"scope": "order", "state": "open"}],
                   "actions": [{"action": "open", "scope": "order", "from": ["new"], "to": "open", "roles": ["agent"]}],
                   "options": {"db_roles": ["hotline_agent"]}}')$$,
                 '22023', NULL, 'db_roles must be an object');
-- without db_roles, only the owner acts
SELECT lives_ok($$SELECT hotline.register_workflow('{"name": "tr_wf", "description": "x", "initial_state": "open",
                   "states": [{"scope": "order", "state": "open"}],
                   "actions": [{"action": "open", "scope": "order", "from": ["new"], "to": "open", "roles": ["agent"]}]}')$$,
                'a workflow without db_roles registers');

SELECT * FROM finish();
ROLLBACK;
