-- Issue 8: an action says what it did to what it acted on.  0.1.0's
-- hotline.sign_for returned the order's state (dispatched), not the
-- assignment's (signed).  The 12345 workflow's actions on an assignment
-- return hotline.action_result: the assignment's new state and the order's.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(15);

INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('ar-dc', '北京市东城区人民政府', '110101', 'district'),
    ('ar-zjw', '北京市住房和城乡建设委员会', '110000', 'department');
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT 'ar-dc-js', '景山街道办事处', '110101', 'subdistrict', id FROM hotline.unit WHERE code = 'ar-dc';
CREATE TEMP TABLE o AS SELECT hotline.accept('110101', 'complaint', 'phone', '老旧小区加装电梯施工噪音扰民',
                                             actor => '话务员 0107') AS order_no;

SELECT is(hotline.dispatch((SELECT order_no FROM o), 'ar-dc', '请核实处理', assist_units => '{ar-zjw}'), 'dispatched',
          'an action on the order returns the order''s state');
SELECT is(hotline.sign_for((SELECT order_no FROM o), 'ar-dc'), ('signed', 'dispatched')::hotline.action_result,
          'signing for returns the assignment''s new state, signed, and the order''s, dispatched');
SELECT is((hotline.sign_for((SELECT order_no FROM o), 'ar-zjw')).state, 'signed', 'its state can be taken alone');
SELECT is(hotline.pass_down((SELECT order_no FROM o), 'ar-dc', '{ar-dc-js}', '请街道核实'),
          ('passed_down', 'dispatched')::hotline.action_result, 'passing down: passed_down, the order still dispatched');
SELECT is(hotline.request_extension((SELECT order_no FROM o), 'ar-zjw', '需联合勘查'),
          ('extension_requested', 'dispatched')::hotline.action_result, 'an extension asked');
SELECT is(hotline.decide_extension((SELECT order_no FROM o), 'ar-zjw', false, reason => '请按期办结'),
          ('signed', 'dispatched')::hotline.action_result, 'and refused: the assignment is signed again');
SELECT is(hotline.reply((SELECT order_no FROM o), 'ar-zjw', '已配合核实', true, 'phone'),
          ('replied', 'dispatched')::hotline.action_result,
          'the assisting unit replies; the order waits for its lead');
SELECT hotline.sign_for((SELECT order_no FROM o), 'ar-dc-js');
SELECT hotline.reply((SELECT order_no FROM o), 'ar-dc-js', '已督促施工方调整作业时间', true, 'visit');
SELECT is(hotline.reply((SELECT order_no FROM o), 'ar-dc', '已约谈施工单位，夜间停止施工', true, 'phone'),
          ('replied', 'replied')::hotline.action_result,
          'the lead replies last: its assignment and the order both replied, the order now up for review');
SELECT is(hotline.apply_action_result((SELECT order_no FROM o), 'approve_reply', '审核员 02', 'reviewer'),
          ('reviewed', 'reviewed')::hotline.action_result,
          'hotline.apply_action_result of an action on the order: its state twice');


-- an action on the open assignment of a unit named by its code (issue 9):
-- found while the order and the assignment are locked, or a named error
CREATE TEMP TABLE o2 AS SELECT hotline.accept('110101', 'consultation', 'phone', '咨询加装电梯补贴政策',
                                              actor => '话务员 0107') AS order_no;
SELECT hotline.dispatch((SELECT order_no FROM o2), 'ar-dc', '请答复市民');
SELECT is(hotline.apply_unit_action((SELECT order_no FROM o2), 'sign_for', '东城区政府 张三', 'unit', '{}', 'ar-dc'),
          ('signed', 'dispatched')::hotline.action_result, 'apply_unit_action acts on the unit''s open assignment');
SELECT is(hotline.assignment_of((SELECT order_no FROM o2), 'ar-dc'),
          (SELECT max(a.id) FROM hotline.assignment a WHERE a.order_no = (SELECT order_no FROM o2)),
          'assignment_of names the same assignment');
SELECT throws_ok(format($q$SELECT hotline.apply_unit_action(%L, 'sign_for', 'x', 'unit', '{}', 'ar-nowhere')$q$,
                        (SELECT order_no FROM o2)),
                 '42704', 'unknown unit "ar-nowhere"', 'an unknown unit is named');
SELECT throws_ok(format($q$SELECT hotline.apply_unit_action(%L, 'sign_for', 'x', 'unit', '{}', 'ar-zjw')$q$,
                        (SELECT order_no FROM o2)),
                 'P0002', format('unit "ar-zjw" holds no open assignment of work order %s', (SELECT order_no FROM o2)),
                 'a unit without an assignment of the order');
SELECT throws_ok($q$SELECT hotline.apply_unit_action('110101-20261123-999999', 'sign_for', 'x', 'unit', '{}', 'ar-dc')$q$,
                 'P0002', 'work order 110101-20261123-999999 does not exist', 'an order that does not exist');

-- the engine locks rows by their keys, not by a statement (issue 9): a
-- read-only transaction is refused before anything is locked, as a locking
-- SELECT is (25006; on a standby too)
SET LOCAL transaction_read_only = on;
SELECT throws_ok(format($q$SELECT hotline.apply_unit_action(%L, 'reply', 'x', 'unit', '{"result": "已答复"}', 'ar-dc')$q$,
                        (SELECT order_no FROM o2)),
                 '25006', 'cannot execute SELECT FOR NO KEY UPDATE in a read-only transaction',
                 'an action in a read-only transaction is refused before it locks');

SELECT * FROM finish();
ROLLBACK;
