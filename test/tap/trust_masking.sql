-- Issue 10, part 3: confidential citizens (是否保密, R-11.1).  A unit's staff
-- read a confidential order's citizen and place masked, through every path
-- they have; the centre reads them in clear; revealing one to a unit is an
-- explicit act of the centre, with a reason, on the order's history.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(36);

INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('mk-dc', '北京市东城区人民政府', '110101', 'district'),
    ('mk-xc', '北京市西城区人民政府', '110102', 'district');
CREATE ROLE mk_agent NOLOGIN IN ROLE hotline_agent;
CREATE ROLE mk_desk NOLOGIN IN ROLE hotline_dispatcher;
CREATE ROLE mk_dc_wang NOLOGIN IN ROLE hotline_unit;
CREATE ROLE mk_xc_liu NOLOGIN IN ROLE hotline_unit;
CREATE ROLE mk_bi NOLOGIN IN ROLE hotline_analyst;
INSERT INTO hotline.staff (login, name, unit_id)
    SELECT 'mk_dc_wang', '王芳', id FROM hotline.unit WHERE code = 'mk-dc'
    UNION ALL SELECT 'mk_xc_liu', '刘洋', id FROM hotline.unit WHERE code = 'mk-xc';
INSERT INTO hotline.staff (login, name) VALUES ('mk_agent', '赵敏'), ('mk_desk', '李强');

-- a confidential order (the citizen asked: 是否保密), dispatched to 东城 with
-- 西城 assisting, and an ordinary one to 东城
CREATE TEMP TABLE o (k text PRIMARY KEY, order_no hotline.order_no);
GRANT SELECT, INSERT ON o TO PUBLIC;
SET LOCAL ROLE mk_agent;
INSERT INTO o VALUES
    ('secret', hotline.accept('110101', 'report', 'phone', '举报东直门外大街某餐馆夜间违规排放油烟，请为举报人保密',
                              citizen_phone => '13800138000', citizen_name => '王建国', confidential => true,
                              address => '北京市东城区东直门外大街42号院3号楼', longitude => 116.43312, latitude => 39.94118)),
    ('plain', hotline.accept('110101', 'complaint', 'phone', '和平里小区路灯不亮',
                             citizen_phone => '13911112222', citizen_name => '李秀英',
                             address => '北京市东城区和平里北街5号', longitude => 116.41, latitude => 39.96));
RESET ROLE;
SET LOCAL ROLE mk_desk;
SELECT hotline.dispatch((SELECT order_no FROM o WHERE k = 'secret'), 'mk-dc', '请核实处理', assist_units => '{mk-xc}');
SELECT hotline.dispatch((SELECT order_no FROM o WHERE k = 'plain'), 'mk-dc', '请核实处理');
RESET ROLE;

-- what a unit's clerk reads, by every table and view granted to it: no
-- column of any row holds the citizen's name, phone or house number
\ir lib/readable.sql
-- what a unit must find nowhere: the name, the phone, the house number, the coordinates
\set secrets '王建国|13800138000|东直门外大街42号|116\\.43312|39\\.94118'

SET LOCAL ROLE mk_dc_wang;
SELECT is(pg_temp.readable_matching(:'secrets'), '{}'::text[], 'the lead unit''s clerk reads the confidential citizen nowhere, in no table or view');
SELECT throws_ok('SELECT * FROM hotline.work_order', '42501', NULL, 'a unit reads no personal column of an order');
SELECT throws_ok('SELECT address FROM hotline.work_order', '42501', NULL, 'not the place');
SELECT throws_ok('SELECT name, phone FROM hotline.citizen', '42501', NULL, 'nor the citizen''s name or phone');
SELECT is((SELECT count(*)::int FROM hotline.work_order), 2, 'it reads both its orders');
SELECT results_eq($$SELECT masked, citizen_name, citizen_phone, contact_name, address, longitude, latitude
                    FROM hotline.order_contact WHERE order_no = (SELECT order_no FROM o WHERE k = 'secret')$$,
                  $$VALUES (true, '王**', '138****8000', '王**', '北京市东城区东直门外大街***', 116.43::float8, 39.94::float8)$$,
                  'through hotline.order_contact, the confidential citizen masked: 王**, 138****8000, the street');
SELECT results_eq($$SELECT masked, citizen_name, citizen_phone, address
                    FROM hotline.order_contact WHERE order_no = (SELECT order_no FROM o WHERE k = 'plain')$$,
                  $$VALUES (false, '李秀英', '13911112222', '北京市东城区和平里北街5号')$$,
                  'an ordinary order''s citizen in clear: the unit calls them back');
SELECT is((SELECT count(*)::int FROM hotline.order_event e JOIN o USING (order_no)
           WHERE e.action = 'accept' AND e.payload ? 'address'), 1,
          'the history keeps the place of the ordinary order only (a confidential one''s is not in it)');
RESET ROLE;
SET LOCAL ROLE mk_xc_liu;
SELECT is(pg_temp.readable_matching(:'secrets'), '{}'::text[], 'the assisting unit''s clerk reads it nowhere either');
SELECT is((SELECT citizen_phone FROM hotline.order_contact), '138****8000', 'it sees the confidential order only, masked');
RESET ROLE;

-- the centre reads the citizen in clear
SET LOCAL ROLE mk_desk;
SELECT results_eq($$SELECT masked, citizen_name, citizen_phone, address FROM hotline.order_contact
                    WHERE order_no = (SELECT order_no FROM o WHERE k = 'secret')$$,
                  $$VALUES (false, '王建国', '13800138000', '北京市东城区东直门外大街42号院3号楼')$$,
                  'a dispatcher reads the confidential citizen in clear');
SELECT is((SELECT c.phone FROM hotline.work_order w JOIN hotline.citizen c ON c.id = w.citizen_id
           WHERE w.order_no = (SELECT order_no FROM o WHERE k = 'secret')), '13800138000', 'and in the tables');
SELECT is(pg_temp.readable_matching(:'secrets'), '{citizen,order_contact,work_order}'::text[],
          'where the search for the citizen finds it (the search that finds it nowhere for a unit)');
RESET ROLE;
SET LOCAL ROLE mk_bi;
SELECT throws_ok('SELECT * FROM hotline.order_contact', '42501', NULL, 'an analyst reads no person');
RESET ROLE;

-- no message leaves with the citizen (dispatch notices, reminders, supervision)
SELECT hotline.sweep();
SELECT is((SELECT count(*)::int FROM hotline.outbox x JOIN o USING (order_no)
           WHERE x.payload::text ~ '王建国|13800138000|东直门外大街42号'), 0,
          'no outbox message about the confidential order carries the citizen''s name, phone or address');

-- revealing to a unit: the centre, with a reason, on the history
SET LOCAL ROLE mk_dc_wang;
SELECT throws_ok($$SELECT hotline.reveal_citizen((SELECT order_no FROM o WHERE k = 'secret'), 'mk-dc', '需联系举报人')$$,
                 '42501', NULL, 'a unit does not reveal to itself');
RESET ROLE;
SET LOCAL ROLE mk_desk;
SELECT throws_ok($$SELECT hotline.reveal_citizen((SELECT order_no FROM o WHERE k = 'secret'), 'mk-dc', ' ')$$,
                 '22023', 'a reveal needs the unit and a reason', 'a reveal needs a reason');
SELECT throws_ok($$SELECT hotline.reveal_citizen((SELECT order_no FROM o WHERE k = 'plain'), 'mk-dc', '需联系')$$,
                 '22023', format('work order %s is not confidential', (SELECT order_no FROM o WHERE k = 'plain')),
                 'an ordinary order has nothing to reveal');
SELECT throws_ok($$SELECT hotline.reveal_citizen((SELECT order_no FROM o WHERE k = 'plain'), 'mk-nowhere', '需联系')$$,
                 '22023', NULL, 'nor does a unit without an assignment of the order get it');
SELECT throws_ok($$SELECT hotline.reveal_citizen((SELECT order_no FROM o WHERE k = 'secret'), 'mk-nowhere', '需联系')$$,
                 '22023', format('unit "mk-nowhere" has no assignment of work order %s', (SELECT order_no FROM o WHERE k = 'secret')),
                 'a confidential citizen goes only to a unit handling the order');
SELECT lives_ok($$SELECT hotline.reveal_citizen((SELECT order_no FROM o WHERE k = 'secret'), 'mk-dc',
                                                '需上门核实油烟排放点，须联系举报人', actor => '冒名')$$,
                'a dispatcher reveals the citizen to the lead unit, with a reason');
RESET ROLE;
SELECT results_eq($$SELECT e.actor, e.actor_name, e.reason, e.payload ->> 'unit' FROM hotline.order_event e
                    WHERE e.order_no = (SELECT order_no FROM o WHERE k = 'secret') AND e.action = 'reveal_citizen'$$,
                  $$VALUES ('mk_desk', '李强', '需上门核实油烟排放点，须联系举报人', 'mk-dc')$$,
                  'the reveal is on the order''s history: the login, the person, the reason, the unit');
SELECT is((SELECT by FROM hotline.citizen_reveal WHERE order_no = (SELECT order_no FROM o WHERE k = 'secret')), 'mk_desk',
          'and recorded for the unit');
SET LOCAL ROLE mk_dc_wang;
SELECT results_eq($$SELECT masked, citizen_name, citizen_phone, address FROM hotline.order_contact
                    WHERE order_no = (SELECT order_no FROM o WHERE k = 'secret')$$,
                  $$VALUES (false, '王建国', '13800138000', '北京市东城区东直门外大街42号院3号楼')$$,
                  'the lead unit''s clerk now reads the citizen in clear');
SELECT throws_ok('SELECT phone FROM hotline.citizen', '42501', NULL, 'still only through hotline.order_contact');
RESET ROLE;
SET LOCAL ROLE mk_xc_liu;
SELECT is((SELECT citizen_phone FROM hotline.order_contact), '138****8000', 'the assisting unit still reads it masked');
SELECT is(pg_temp.readable_matching(:'secrets'), '{}'::text[], 'and nowhere in clear');
RESET ROLE;

-- excluded staff (回避) do not read the order's contact at all
SET LOCAL ROLE mk_desk;
SELECT hotline.exclude_staff((SELECT order_no FROM o WHERE k = 'secret'), 'mk_dc_wang', '被举报餐馆系其亲属经营');
RESET ROLE;
SET LOCAL ROLE mk_dc_wang;
SELECT is((SELECT count(*)::int FROM hotline.order_contact WHERE order_no = (SELECT order_no FROM o WHERE k = 'secret')), 0,
          'an excluded clerk reads the order''s contact no more, revealed or not');
SELECT is(pg_temp.readable_matching(:'secrets'), '{}'::text[], 'nor anything of the citizen anywhere');
RESET ROLE;

-- the masks
SELECT is(hotline.mask_name('欧阳娜娜'), '欧***', 'a name: its first character');
SELECT is(hotline.mask_phone('010-65551234'), '010****1234', 'a fixed line: the area code and the last four digits');
SELECT is(hotline.mask_phone('12345'), '***45', 'a short number: the last two');
SELECT is(hotline.mask_phone('65123456'), '******56', 'a local number without its area code: the last two (at least half is hidden)');
SELECT is(hotline.mask_address('北京市朝阳区和平里小区5号楼'), '北京市朝阳区***', 'no road before the number: the district, not the compound');
SELECT is(hotline.mask_address('东城区东四十条甲22号'), '东城区东四十条***', 'a lane (条) is street level');
SELECT is(hotline.mask_address('幸福家园'), '***', 'nothing of a street: nothing');

SELECT * FROM finish();
ROLLBACK;
