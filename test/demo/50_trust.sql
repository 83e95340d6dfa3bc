-- hotline demo, part 5: who may do what is the database's (issue 10, R-11).
-- Run by `make demo` (test/demo.sh) after 40_supervision.sql, in database
-- hotline of the demo cluster.
--
-- The centre's staff and two units' clerks get logins (one CREATE ROLE ...
-- IN ROLE and one row of hotline.staff each); each then works as itself
-- (SET ROLE here, its own connection in life):
--   - a confidential report (是否保密): the unit reads the citizen masked,
--     the centre reveals it to the unit with a reason, on the history;
--   - a complaint about a named clerk (回避): the clerk is excluded at
--     intake and reads nothing of it;
--   - another unit's clerk reads nothing of either, and acting on them
--     answers as for an order that does not exist;
--   - the history's hash chain verified, a superuser's quiet edit found
--     (and rolled back).

\pset footer off
\pset null '-'
\set ON_ERROR_STOP on

\echo
\echo '=== Part 5: who may do what (R-11) ==='
\echo
\echo 'Logins for the centre and two handling units, each with its part (a group role)'
\echo 'and a row of hotline.staff:'
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM (VALUES ('demo_agent_zhao', 'hotline_agent'), ('demo_desk_li', 'hotline_dispatcher'),
                                   ('demo_chief_sun', 'hotline_supervisor'), ('demo_scjg_wang', 'hotline_unit'),
                                   ('demo_scjg_gao', 'hotline_unit'), ('demo_cgw_liu', 'hotline_unit')) v(login, part)
    LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r.login) THEN
            EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I', r.login, r.part);
        END IF;
    END LOOP;
END $$;
INSERT INTO hotline.staff (login, name, unit_id, positions)
SELECT v.login, v.name, u.id, v.positions::text[]
FROM (VALUES ('demo_agent_zhao', '赵敏', NULL, '{话务员}'), ('demo_desk_li', '李强', NULL, '{派单员}'),
             ('demo_chief_sun', '孙伟', NULL, '{督办科科长}'),
             ('demo_scjg_wang', '王芳', 'dc-scjg', '{投诉举报科科员}'),
             ('demo_scjg_gao', '高峰', 'dc-scjg', '{执法大队队员}'),
             ('demo_cgw_liu', '刘洋', 'dc-cgw', '{信访专员}')) v(login, name, unit, positions)
LEFT JOIN hotline.unit u ON u.code = v.unit
ON CONFLICT (login) DO NOTHING;
SELECT s.login, s.name, coalesce(u.name, '12345热线中心') AS unit, array_to_string(s.positions, ',') AS position,
       (SELECT string_agg(g.rolname, ',') FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
        WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = s.login)) AS part
FROM hotline.staff s LEFT JOIN hotline.unit u ON u.id = s.unit_id
WHERE s.login LIKE 'demo\_%' ORDER BY s.id;

\echo
\echo 'The agent takes two calls: a report whose caller asks for confidentiality (是否保密),'
\echo 'and a complaint naming the market supervision officer 高峰 (回避: he is excluded at once).'
SET ROLE demo_agent_zhao;
SELECT hotline.accept('110101', 'report', 'phone', '举报东直门外大街某餐馆使用过期食材，请为举报人保密',
                      citizen_phone => '13800138000', citizen_name => '王建国', confidential => true,
                      address => '北京市东城区东直门外大街42号院3号楼', longitude => 116.43312, latitude => 39.94118,
                      topic => 'scjg-spaq') AS secret \gset
SELECT hotline.accept('110101', 'complaint', 'phone', '投诉东城区市场监管局执法人员高某检查时态度恶劣、索要财物',
                      citizen_phone => '13911112222', citizen_name => '李秀英',
                      topic => 'scjg', accused_staff => 'demo_scjg_gao') AS accused \gset
RESET ROLE;
SET ROLE demo_desk_li;
SELECT hotline.dispatch(:'secret', 'dc-scjg', '请核查该餐馆食材来源并依法处理') AS secret_dispatched,
       hotline.dispatch(:'accused', 'dc-scjg', '请核实执法人员行为并答复市民') AS accused_dispatched;
RESET ROLE;

\echo
\echo 'The market supervision clerk 王芳 reads the confidential citizen masked, through'
\echo 'hotline.order_contact (units have no privilege on the personal columns at all):'
SET ROLE demo_scjg_wang;
SELECT order_no, masked, citizen_name, citizen_phone, address, longitude, latitude
FROM hotline.order_contact WHERE order_no IN (:'secret', :'accused') ORDER BY order_no;
\echo 'and SELECT * FROM hotline.citizen is refused:'
\set ON_ERROR_STOP off
SELECT name, phone FROM hotline.citizen LIMIT 1;
\set ON_ERROR_STOP on
RESET ROLE;

\echo
\echo 'The excluded officer 高峰 reads his unit''s report, but nothing of the complaint about him;'
\echo 'another unit''s clerk (城管委 刘洋) reads neither order, and acting on one answers "does not exist":'
SET ROLE demo_scjg_gao;
SELECT 'demo_scjg_gao' AS login, order_no, left(description, 20) AS description
FROM hotline.work_order WHERE order_no IN (:'secret', :'accused');
RESET ROLE;
SET ROLE demo_cgw_liu;
SELECT 'demo_cgw_liu' AS login, count(*) AS orders_read FROM hotline.work_order WHERE order_no IN (:'secret', :'accused');
\set ON_ERROR_STOP off
SELECT hotline.sign_for(:'secret', 'dc-scjg');
\set ON_ERROR_STOP on
RESET ROLE;

\echo
\echo 'The inspectors must meet the reporter: the dispatcher reveals the citizen to the unit,'
\echo 'with a reason, on the order''s history; 王芳 now reads the citizen in clear:'
SET ROLE demo_desk_li;
SELECT hotline.reveal_citizen(:'secret', 'dc-scjg', '需约举报人现场指认餐馆后厨，须联系举报人');
RESET ROLE;
SET ROLE demo_scjg_wang;
SELECT order_no, masked, citizen_name, citizen_phone, address FROM hotline.order_contact WHERE order_no = :'secret';
RESET ROLE;
SELECT e.seq, e.action, e.actor, e.actor_name, e.reason, e.payload ->> 'unit' AS unit
FROM hotline.order_event e WHERE e.order_no IN (:'secret', :'accused') AND e.action IN ('reveal_citizen', 'exclude_staff')
ORDER BY e.order_no, e.seq;

\echo
\echo 'A history no one can quietly change (R-1.6): each event is hash-chained to the one before.'
SELECT seq, action, actor, encode(substr(hash, 1, 8), 'hex') || '...' AS hash
FROM hotline.order_event WHERE order_no = :'secret' ORDER BY seq;
SELECT * FROM hotline.verify_history(:'secret');
\echo 'A superuser edits the dispatch event with the triggers off; the check finds it at once'
\echo '(then the edit is rolled back):'
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE hotline.order_event SET payload = payload || '{"opinion": "不予处理"}'
WHERE order_no = :'secret' AND action = 'dispatch';
SELECT * FROM hotline.verify_history(:'secret');
ROLLBACK;
\echo 'Every order of the day, set-based (no row: every chain intact), and the chain job:'
SELECT count(*) AS breaks FROM hotline.verify_histories();
SELECT hotline.check_histories() - 'since' AS check_histories;
