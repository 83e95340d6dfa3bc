-- Issue 10, part 4: 回避 (R-4.6, R-11.3).  A complaint or report never goes
-- to the unit it is about, nor down that unit's tree: not dispatched to its
-- sub-units, not passed down to them.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(36);

INSERT INTO hotline.unit (code, name, region, kind) VALUES ('av-dc', '北京市东城区人民政府', '110101', 'district');
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT 'av-js', '景山街道办事处', '110101', 'subdistrict', id FROM hotline.unit WHERE code = 'av-dc';
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT 'av-js-jd', '吉祥社区居委会', '110101', 'other', id FROM hotline.unit WHERE code = 'av-js';
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT 'av-dc-hd', '和平里街道办事处', '110101', 'subdistrict', id FROM hotline.unit WHERE code = 'av-dc';
CREATE TEMP TABLE o AS
    SELECT hotline.accept('110101', 'complaint', 'phone', '投诉景山街道工作人员办事推诿', accused_unit => 'av-js') AS order_no;

SELECT throws_ok($$SELECT hotline.dispatch((SELECT order_no FROM o), 'av-js', '请核实处理')$$, '23514',
                 'the order cannot go to unit "av-js", which it is about', 'not to the unit it is about');
SELECT throws_ok($$SELECT hotline.dispatch((SELECT order_no FROM o), 'av-js-jd', '请核实处理')$$, '23514',
                 'the order cannot go to unit "av-js-jd", a sub-unit of unit "av-js", which it is about',
                 'nor to that unit''s own community (its sub-unit)');
SELECT throws_ok($$SELECT hotline.dispatch((SELECT order_no FROM o), 'av-dc', '请核实处理', assist_units => '{av-js-jd}')$$, '23514', NULL,
                 'nor as an assisting unit');
SELECT is(hotline.dispatch((SELECT order_no FROM o), 'av-dc', '请核实处理'), 'dispatched',
          'the district above it takes the complaint');
SELECT hotline.sign_for((SELECT order_no FROM o), 'av-dc');
SELECT throws_ok($$SELECT hotline.pass_down((SELECT order_no FROM o), 'av-dc', '{av-js}')$$, '23514', NULL,
                 'and cannot pass it down to the unit it is about');
SELECT is((hotline.pass_down((SELECT order_no FROM o), 'av-dc', '{av-dc-hd}')).state, 'passed_down',
          'but to another of its sub-units');

-- staff excluded from an order (回避): neither act on it nor read it
CREATE ROLE av_clerk_he NOLOGIN IN ROLE hotline_unit;
CREATE ROLE av_clerk_ma NOLOGIN IN ROLE hotline_unit;
CREATE ROLE av_agent NOLOGIN IN ROLE hotline_agent;
INSERT INTO hotline.staff (login, name, unit_id)
    SELECT 'av_clerk_he', '何军', id FROM hotline.unit WHERE code = 'av-dc'
    UNION ALL SELECT 'av_clerk_ma', '马丽', id FROM hotline.unit WHERE code = 'av-dc';
GRANT SELECT ON o TO PUBLIC;
SET LOCAL ROLE av_clerk_he;
SELECT is((SELECT count(*)::int FROM hotline.work_order), 1, 'a clerk of the district reads the order');
SELECT lives_ok($$SELECT hotline.declare_conflict((SELECT order_no FROM o), '被投诉人是本人的亲属')$$,
                'and declares a conflict of interest');
SELECT is((SELECT count(*)::int FROM hotline.work_order), 0, 'then reads the order no more');
SELECT is((SELECT count(*)::int FROM hotline.order_event), 0, 'nor its history');
SELECT is((SELECT count(*)::int FROM hotline.assignment), 0, 'nor its assignments');
SELECT throws_ok($$SELECT hotline.reply((SELECT order_no FROM o), 'av-dc', '已处理', true, 'phone')$$, '42501',
                 format('login "av_clerk_he" is excluded from order %s', (SELECT order_no FROM o)),
                 'nor acts on it');
RESET ROLE;
SET LOCAL ROLE av_agent;
SELECT lives_ok($$SELECT hotline.exclude_staff((SELECT order_no FROM o), 'av_clerk_ma', '市民反映该工作人员曾推诿')$$,
                'the citizen names another clerk: the agent excludes it');
RESET ROLE;
SET LOCAL ROLE av_clerk_ma;
SELECT is((SELECT count(*)::int FROM hotline.work_order), 0, 'it reads the order no more either');
SELECT throws_ok($$SELECT hotline.exclude_staff((SELECT order_no FROM o), 'av_clerk_he', '无')$$, '42501', NULL,
                 'a unit''s clerk cannot exclude others (only declare its own conflict)');
RESET ROLE;
SELECT is(ARRAY(SELECT ROW(action, actor, payload ->> 'login')::text FROM hotline.order_event
                WHERE order_no = (SELECT order_no FROM o) AND action = 'exclude_staff' ORDER BY id),
          ARRAY[ROW('exclude_staff', 'av_clerk_he', 'av_clerk_he')::text, ROW('exclude_staff', 'av_agent', 'av_clerk_ma')::text],
          'each exclusion is on the order''s history, with who recorded it');
-- an exclusion made in error is lifted by a supervisor, with a reason, on the history
CREATE ROLE av_chief NOLOGIN IN ROLE hotline_supervisor;
SET LOCAL ROLE av_agent;
SELECT throws_ok($$SELECT hotline.lift_exclusion((SELECT order_no FROM o), 'av_clerk_ma', '认错人了')$$, '42501',
                 NULL, 'an agent does not lift an exclusion');
RESET ROLE;
SET LOCAL ROLE av_chief;
SELECT throws_ok($$SELECT hotline.lift_exclusion((SELECT order_no FROM o), 'av_clerk_xx', '认错人了')$$, 'P0002',
                 format('login "av_clerk_xx" is not excluded from work order %s', (SELECT order_no FROM o)),
                 'a login that is not excluded has nothing to lift');
SELECT lives_ok($$SELECT hotline.lift_exclusion((SELECT order_no FROM o), 'av_clerk_ma', '经核实，市民所指并非该工作人员')$$,
                'a supervisor lifts the exclusion the citizen''s mistake made');
RESET ROLE;
SET LOCAL ROLE av_clerk_ma;
SELECT is((SELECT count(*)::int FROM hotline.work_order), 1, 'the clerk reads the order again');
RESET ROLE;
SELECT is((SELECT ROW(actor, reason, payload ->> 'login')::text FROM hotline.order_event
           WHERE order_no = (SELECT order_no FROM o) AND action = 'lift_exclusion'),
          ROW('av_chief', '经核实，市民所指并非该工作人员', 'av_clerk_ma')::text, 'the lifting is on the order''s history');
SET LOCAL ROLE av_agent;
SELECT lives_ok($$SELECT hotline.exclude_staff((SELECT order_no FROM o), 'av_clerk_ma', '市民反映该工作人员曾推诿')$$,
                'excluded again as before, for what follows');
RESET ROLE;

-- an excluded login that SET ROLE to its group role sheds no exclusion
UPDATE hotline.work_order SET citizen_id = (SELECT hotline.order_intake('appeal_12345',
    '{"region": "110101", "appeal_type": "complaint", "channel": "phone", "description": "x", "citizen_phone": "13700137000"}')
    -> 'row' ->> 'citizen_id')::bigint
WHERE order_no = (SELECT order_no FROM o);
SET LOCAL ROLE av_agent;
SELECT is((SELECT count(*)::int FROM hotline.citizen WHERE phone = '13700137000'), 1, 'an agent reads the complainant');
RESET ROLE;
SELECT hotline.exclude_staff((SELECT order_no FROM o), 'av_agent', '市民反映该话务员是被投诉人的亲属');
SET LOCAL ROLE av_agent;
SELECT is((SELECT count(*)::int FROM hotline.citizen WHERE phone = '13700137000'), 0,
          'excluded from the complaint, it does not learn who complained');
RESET ROLE;
SET LOCAL SESSION AUTHORIZATION av_agent;
SELECT is((SELECT count(*)::int FROM hotline.work_order), 0, 'an excluded agent reads the order no more');
SET LOCAL ROLE hotline_agent;
SELECT is((SELECT count(*)::int FROM hotline.work_order), 0, 'nor as its group role (the session''s login is excluded)');
RESET ROLE;
RESET SESSION AUTHORIZATION;
SET LOCAL ROLE av_agent;
SELECT throws_ok($$SELECT hotline.exclude_staff((SELECT order_no FROM o), 'av_clerk_he', '报复')$$, '42501',
                 'login "av_agent" may not exclude staff on this order', 'nor does it exclude others from it');
RESET ROLE;
-- only on an order one reads: another unit's clerk cannot touch (nor lock) this one
INSERT INTO hotline.unit (code, name, region, kind) VALUES ('av-xc', '北京市西城区人民政府', '110102', 'district');
CREATE ROLE av_clerk_xc NOLOGIN IN ROLE hotline_unit;
INSERT INTO hotline.staff (login, name, unit_id) SELECT 'av_clerk_xc', '钱进', id FROM hotline.unit WHERE code = 'av-xc';
SET LOCAL ROLE av_clerk_xc;
SELECT throws_ok($$SELECT hotline.declare_conflict((SELECT order_no FROM o), '无关')$$, '42501',
                 'login "av_clerk_xc" may not declare a conflict of interest on this order',
                 'a conflict is declared only on an order one reads');
RESET ROLE;
-- the accused person (R-4.6): named at intake, a staff member, excluded at once
SET LOCAL ROLE av_agent;
SELECT throws_ok($$SELECT hotline.accept('110102', 'complaint', 'phone', '投诉西城区工作人员态度恶劣', accused_staff => 'av_nobody')$$,
                 '22023', 'accused staff "av_nobody" is not a staff member', 'the accused person must be a staff member');
CREATE TEMP TABLE o2 AS SELECT hotline.accept('110102', 'complaint', 'phone', '投诉西城区钱姓工作人员办事推诿、态度恶劣',
                                               citizen_phone => '13700137001', citizen_name => '周敏',
                                               accused_unit => 'av-xc', accused_staff => 'av_clerk_xc') AS order_no;
RESET ROLE;
GRANT SELECT ON o2 TO PUBLIC;
SELECT is((SELECT ROW(x.login, x.by)::text FROM hotline.order_exclusion x JOIN o2 USING (order_no)),
          ROW('av_clerk_xc', 'av_agent')::text, 'the accused clerk is excluded from the complaint, by the agent who took it');
SELECT is((SELECT count(*)::int FROM hotline.order_event e JOIN o2 USING (order_no)
           WHERE e.action = 'exclude_staff' AND e.payload ->> 'login' = 'av_clerk_xc'), 1, 'on the order''s history');
SELECT hotline.dispatch((SELECT order_no FROM o2), 'av-dc', '请核实处理');
SET LOCAL ROLE av_clerk_xc;
SELECT is((SELECT count(*)::int FROM hotline.work_order JOIN o2 USING (order_no)), 0, 'the accused clerk never reads it');
RESET ROLE;
-- the complainant's other, ordinary order with the accused clerk's unit: a
-- colleague reads its contact, the accused clerk does not (who complained
-- about it is not told), and no unit reads which citizen an order is
CREATE TEMP TABLE o3 AS SELECT hotline.accept('110102', 'help', 'phone', '西四北大街路灯不亮',
    citizen_phone => '13700137001') AS order_no;
GRANT SELECT ON o3 TO PUBLIC;
SELECT hotline.dispatch((SELECT order_no FROM o3), 'av-xc', '请维修');
CREATE ROLE av_clerk_xc2 NOLOGIN IN ROLE hotline_unit;
INSERT INTO hotline.staff (login, name, unit_id) SELECT 'av_clerk_xc2', '孙丽', id FROM hotline.unit WHERE code = 'av-xc';
SET LOCAL ROLE av_clerk_xc2;
SELECT is((SELECT count(*)::int FROM hotline.order_contact JOIN o3 USING (order_no)), 1, 'a colleague reads the ordinary order''s contact');
RESET ROLE;
SET LOCAL ROLE av_clerk_xc;
SELECT is((SELECT count(*)::int FROM hotline.order_contact JOIN o3 USING (order_no)), 0,
          'the accused clerk does not: the complainant''s contact is hidden from it on every order');
SELECT throws_ok('SELECT citizen_id FROM hotline.work_order', '42501', NULL, 'and no unit reads which citizen an order is');
RESET ROLE;

-- a cycle of parents (bad data an administrator made) does not stop a clerk's reads
UPDATE hotline.unit SET parent_id = (SELECT id FROM hotline.unit WHERE code = 'av-xc') WHERE code = 'av-xc-cy';
INSERT INTO hotline.unit (code, name, region, parent_id)
    SELECT 'av-xc-cy', '循环的单位', '110102', id FROM hotline.unit WHERE code = 'av-xc';
UPDATE hotline.unit SET parent_id = (SELECT id FROM hotline.unit WHERE code = 'av-xc-cy') WHERE code = 'av-xc';
SET LOCAL ROLE av_clerk_xc;
SELECT is(array_length(hotline.acting_units(), 1), 2, 'a cycle of units is walked once');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
