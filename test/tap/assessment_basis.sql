-- Issue 11, part 3: what the assessment of units is built on.  A unit's
-- figures include its sub-units' at any depth (hotline.unit_tree, a cycle
-- of parents walked once); the composite score's weights are data
-- (Beijing's practice: response 10, resolution 45, satisfaction 45).
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(15);

INSERT INTO hotline.unit (code, name, region, kind) VALUES ('ab-dc', '北京市东城区人民政府', '110101', 'district');
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT 'ab-js', '景山街道办事处', '110101', 'subdistrict', id FROM hotline.unit WHERE code = 'ab-dc';
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT 'ab-js-jx', '吉祥社区居委会', '110101', 'other', id FROM hotline.unit WHERE code = 'ab-js';
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT 'ab-hpl', '和平里街道办事处', '110101', 'subdistrict', id FROM hotline.unit WHERE code = 'ab-dc';

CREATE ROLE ab_bi NOLOGIN IN ROLE hotline_analyst;
SET LOCAL ROLE ab_bi;
SELECT is(ARRAY(SELECT unit_code || ':' || depth FROM hotline.unit_tree WHERE ancestor_code = 'ab-dc' ORDER BY depth, unit_code),
          ARRAY['ab-dc:0', 'ab-hpl:1', 'ab-js:1', 'ab-js-jx:2'],
          'the district''s figures take in its sub-districts and their communities, itself at depth 0');
SELECT is(ARRAY(SELECT unit_code FROM hotline.unit_tree WHERE ancestor_code = 'ab-js' ORDER BY unit_code),
          ARRAY['ab-js', 'ab-js-jx'], 'a sub-district its own community');
SELECT is(ARRAY(SELECT ancestor_code FROM hotline.unit_tree WHERE unit_code = 'ab-js-jx' ORDER BY depth DESC),
          ARRAY['ab-dc', 'ab-js', 'ab-js-jx'], 'and a community counts for every level above it (read per level)');
SELECT is((SELECT sum(weight) FILTER (WHERE measure = 'response') || '/' || sum(weight) FILTER (WHERE measure = 'resolution')
                  || '/' || sum(weight) FILTER (WHERE measure = 'satisfaction') FROM hotline.assessment_weight),
          '10/45/45', 'the built-in weights are Beijing''s');
RESET ROLE;

-- a cycle of parents (bad data the unit triggers refuse; here with them off)
-- is walked once, not forever
SET LOCAL session_replication_role = replica;
UPDATE hotline.unit SET parent_id = (SELECT id FROM hotline.unit WHERE code = 'ab-js-jx') WHERE code = 'ab-dc';
RESET session_replication_role;
SELECT is((SELECT count(*)::int FROM hotline.unit_tree WHERE ancestor_code = 'ab-dc'), 4,
          'a cycle of parents: each unit once under each ancestor');
SELECT throws_ok($$INSERT INTO hotline.assessment_weight VALUES ('speed', 5)$$, '23514', NULL,
                 'a measure the assessment does not know is refused');

-- the periods (R-9.1, R-9.2): the month, its previous (环比), the same month a year before (同比)
SELECT is((SELECT ROW(period_start, period_end, previous_start, previous_end, last_year_start, last_year_end, label)::text
           FROM hotline.report_period('month', '2026-12-03')),
          ROW('2026-12-01'::date, '2027-01-01'::date, '2026-11-01'::date, '2026-12-01'::date,
              '2025-12-01'::date, '2026-01-01'::date, '2026-12')::text, 'a month: December, November before it, December 2025');
SELECT is((SELECT ROW(period_start, period_end, label)::text FROM hotline.report_period('week', '2027-01-01')),
          ROW('2026-12-28'::date, '2027-01-04'::date, '2026-W53')::text, 'an ISO week across the new year (Monday first)');
SELECT is((SELECT ROW(period_start, previous_start, last_year_start, label)::text FROM hotline.report_period('quarter', '2026-12-03')),
          ROW('2026-10-01'::date, '2026-07-01'::date, '2025-10-01'::date, '2026-Q4')::text, 'a quarter');
SELECT throws_ok($$SELECT * FROM hotline.report_period('fortnight', '2026-12-03')$$, '22023',
                 'unknown kind of period "fortnight"', 'the kinds are day, week, month, quarter and year');
SELECT throws_ok($$SELECT * FROM hotline.report_period('month', 'infinity')$$, '22023', NULL, 'an infinite day is refused');

-- hot spots (热点): the topics that rose most in December against November
INSERT INTO hotline.topic (code, name) VALUES ('ab-gn', '供暖'), ('ab-zs', '噪声扰民'), ('ab-lm', '路面破损');
CREATE TEMP TABLE ho AS
SELECT hotline.accept('110101', 'complaint', 'phone', '反映问题' || g, topic => v.topic) AS order_no, v.month
FROM (VALUES ('ab-gn', 'dec'), ('ab-gn', 'dec'), ('ab-gn', 'dec'), ('ab-gn', 'dec'), ('ab-gn', 'nov'),
             ('ab-zs', 'dec'), ('ab-zs', 'nov'), ('ab-zs', 'nov'), ('ab-zs', 'nov'),
             ('ab-lm', 'dec'), ('ab-lm', 'dec')) v(topic, month), generate_series(1, 1) g;
-- accepted on 3 December or 3 November, Beijing time
UPDATE hotline.work_order w SET accepted_at = CASE ho.month WHEN 'dec' THEN '2026-12-03 10:00+08'::timestamptz
                                                            ELSE '2026-11-03 10:00+08'::timestamptz END
FROM ho WHERE w.order_no = ho.order_no;
-- one person many times (一人多次): the same citizen three times about the
-- property company in December, grouped on acceptance
INSERT INTO hotline.topic (code, name) VALUES ('ab-wy', '物业服务');
CREATE TEMP TABLE hr AS
SELECT hotline.accept('110101', 'complaint', 'phone', '物业不作为，楼道堆物无人清理' || g, topic => 'ab-wy',
                      citizen_phone => '13811112222') AS order_no
FROM generate_series(1, 3) g;
UPDATE hotline.work_order w SET accepted_at = '2026-12-03 11:00+08' FROM hr WHERE w.order_no = hr.order_no;
UPDATE hotline.repeat_member m SET added_at = '2026-12-03 11:00+08' FROM hr WHERE m.order_no = hr.order_no;
-- the topics and regions are counted from the rollups of the statistics job
SELECT hotline.refresh_statistics(true);
SET LOCAL ROLE ab_bi;
SELECT is(ARRAY(SELECT ROW(code, orders, previous_orders, rise, rise_rate)::text
                FROM hotline.hot_spots('topic', 'month', '2026-12-03')),
          ARRAY[ROW('ab-gn', 4, 1, 3, 3.0000)::text, ROW('ab-wy', 3, 0, 3, NULL::numeric)::text,
                ROW('ab-lm', 2, 0, 2, NULL::numeric)::text, ROW('ab-zs', 1, 3, -2, -0.6667)::text],
          'hot topics: heating rose by 3 (300%), property services and road damage new, noise fell');
SELECT is((SELECT ROW(code, orders)::text FROM hotline.hot_spots('region', 'month', '2026-12-03', 1)),
          ROW('110101', 10)::text, 'hot places: by region');
SELECT is(ARRAY(SELECT ROW(name, orders, previous_orders)::text FROM hotline.hot_spots('repeat_group', 'month', '2026-12-03')),
          ARRAY[ROW('一人多次 物业服务', 3, 0)::text], 'hot repeat groups: one citizen three times about the property company');
RESET ROLE;
SELECT throws_ok($$SELECT * FROM hotline.hot_spots('unit', 'month', '2026-12-03')$$, '22023',
                 'unknown dimension "unit"', 'by topic, region or repeat group');

SELECT * FROM finish();
ROLLBACK;
