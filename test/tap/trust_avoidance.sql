-- Issue 10, part 4: 回避 (R-4.6, R-11.3).  A complaint or report never goes
-- to the unit it is about, nor down that unit's tree: not dispatched to its
-- sub-units, not passed down to them.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(6);

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

SELECT * FROM finish();
ROLLBACK;
