-- Issue 12, parts 4 and 5: finding orders by their words (R-8.1) with the
-- caller's rights and filters, and suggesting the unit (辅助派单, R-4.4)
-- with its evidence, recorded, its hit rate a report.
--
-- 东城区 (os-dc) with its street 景山 (os-dc-js), and 市城管委 (os-cgw);
-- five orders: two about street lights (路灯) dispatched to 景山 and kept,
-- one about noise (噪声) to 城管委, returned by it once and then sent to
-- 景山, one about heating answered on the spot, one new about street lights.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(30);

INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('os-dc', '北京市东城区人民政府', '110101', 'district'),
    ('os-cgw', '北京市城市管理委员会', '110000', 'department');
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT 'os-dc-js', '景山街道办事处', '110101', 'subdistrict', id FROM hotline.unit WHERE code = 'os-dc';
INSERT INTO hotline.topic (code, name) VALUES ('os-sz', '市政设施'), ('os-hj', '环境保护');
INSERT INTO hotline.topic (code, name, parent_id) SELECT 'os-ld', '路灯', id FROM hotline.topic WHERE code = 'os-sz';
CREATE ROLE os_dispatcher NOLOGIN IN ROLE hotline_dispatcher;
CREATE ROLE os_clerk NOLOGIN IN ROLE hotline_unit;
CREATE ROLE os_other NOLOGIN IN ROLE hotline_unit;
CREATE ROLE os_analyst NOLOGIN IN ROLE hotline_analyst;
INSERT INTO hotline.staff (login, name, unit_id)
    SELECT 'os_clerk', '刘洋', id FROM hotline.unit WHERE code = 'os-dc-js'
    UNION ALL SELECT 'os_other', '陈静', id FROM hotline.unit WHERE code = 'os-cgw';
INSERT INTO hotline.staff (login, name) VALUES ('os_dispatcher', '王芳');

CREATE TEMP TABLE o (k text PRIMARY KEY, order_no hotline.order_no);
GRANT ALL ON o TO PUBLIC;
INSERT INTO o
SELECT v.k, hotline.accept('110101', 'complaint', 'phone', v.description, demand => v.demand, topic => v.topic,
                           actor => '话务员 0107')
FROM (VALUES ('light1', '景山前街路灯不亮已经一周，晚上行人看不清路', '尽快修复路灯', 'os-ld'),
             ('light2', '景山后街两盏路灯夜间不亮', NULL, 'os-ld'),
             ('noise', '景山东街工地夜间施工噪声扰民', '停止夜间施工', 'os-hj')) v(k, description, demand, topic);
INSERT INTO o VALUES ('heat', hotline.answer('110101', 'consultation', 'phone', '咨询供暖季起止时间',
                                            '告知本市供暖季为11月15日至次年3月15日', actor => '话务员 0107'));
SELECT hotline.dispatch(order_no, 'os-dc-js', '请核实修复路灯') FROM o WHERE k IN ('light1', 'light2');
SELECT hotline.sign_for(order_no, 'os-dc-js') FROM o WHERE k IN ('light1', 'light2');
SELECT hotline.reply(order_no, 'os-dc-js', '已联系供电所更换灯泡，路灯恢复照明', true, 'phone')
FROM o WHERE k IN ('light1', 'light2');
SELECT hotline.dispatch(order_no, 'os-cgw', '请核查夜间施工') FROM o WHERE k = 'noise';
SELECT hotline.return_order(order_no, 'os-cgw', '属街道属地管理事项') FROM o WHERE k = 'noise';
SELECT hotline.dispatch(order_no, 'os-dc-js', '请街道核查夜间施工') FROM o WHERE k = 'noise';

-- ---------------------------------------------------------------------------
-- search: the order's words at once, its history's after the job's run
-- ---------------------------------------------------------------------------
SET LOCAL ROLE os_dispatcher;
SELECT set_eq($$SELECT order_no FROM hotline.search_orders('路灯 不亮')$$,
              $$SELECT order_no FROM o WHERE k IN ('light1', 'light2')$$,
              'a dispatcher finds the orders about street lights that do not work, every word');
SELECT matches((SELECT headline FROM hotline.search_orders('路灯') s JOIN o USING (order_no) WHERE k = 'light2'),
               '后街两盏【路灯】夜间不亮$', 'the matching characters of the description are marked');
SELECT is((SELECT count(*)::int FROM hotline.search_orders('灯泡')), 0,
          'the words of a reply are not found before the statistics job has folded them');
RESET ROLE;
SELECT ok((hotline.refresh_statistics(true) ->> 'orders')::int >= 4, 'the statistics job folds the orders');
SET LOCAL ROLE os_dispatcher;
SELECT results_eq($$SELECT order_no::text, found_in FROM hotline.search_orders('灯泡') ORDER BY 1$$,
                  $$SELECT order_no::text, 'history' FROM o WHERE k IN ('light1', 'light2') ORDER BY 1$$,
                  'then a reply''s words find its order (found in its history)');
SELECT is((SELECT found_in FROM hotline.search_orders('路灯') s JOIN o USING (order_no) WHERE k = 'light1'), 'both',
          'words in the description and the history: both');
SELECT is((SELECT count(*)::int FROM hotline.search_orders('街道属地')), 1,
          'a return''s reason is found too');
SELECT is((SELECT count(*)::int FROM hotline.search_orders('修复 路灯')), 2,
          'a dispatch opinion and the demand are words of the order');
SELECT is((SELECT order_no FROM hotline.search_orders('我家附近的路灯晚上一直不亮', any_word => true) LIMIT 1),
          (SELECT order_no FROM o WHERE k = 'light1'),
          'a citizen''s sentence, ranked: the closest first (路灯, 晚上, 不亮)');
-- the filters
SELECT set_eq($$SELECT order_no FROM hotline.search_orders('景山', unit => 'os-dc')$$,
              $$SELECT order_no FROM o WHERE k IN ('light1', 'light2', 'noise')$$,
              'unit: dispatched to the unit or a sub-unit');
SELECT set_eq($$SELECT order_no FROM hotline.search_orders('景山', unit => 'os-cgw')$$,
              $$SELECT order_no FROM o WHERE k = 'noise'$$, 'including orders the unit returned');
SELECT set_eq($$SELECT order_no FROM hotline.search_orders('景山', topic => 'os-sz')$$,
              $$SELECT order_no FROM o WHERE k IN ('light1', 'light2')$$, 'topic: its sub-topics included');
SELECT set_eq($$SELECT order_no FROM hotline.search_orders('景山', states => '{dispatched}')$$,
              $$SELECT order_no FROM o WHERE k = 'noise'$$, 'states');
-- (the days of the report time zone: after 16:00 UTC it is already tomorrow in Beijing)
SELECT is((SELECT count(*)::int FROM hotline.search_orders('景山', from_day => (now() AT TIME ZONE hotline.report_time_zone())::date + 1)), 0,
          'period: accepted in the days given');
SELECT is((SELECT count(*)::int FROM hotline.search_orders('供暖', archived => true)), 0,
          'archived: only archived orders');
RESET ROLE;
SELECT hotline.archive(order_no) FROM o WHERE k = 'heat';
SET LOCAL ROLE os_dispatcher;
SELECT set_eq($$SELECT order_no FROM hotline.search_orders('供暖', archived => true)$$,
              $$SELECT order_no FROM o WHERE k = 'heat'$$, 'the archive by its words (R-8.1)');
-- refused
SELECT throws_ok($$SELECT * FROM hotline.search_orders('  ')$$, '22023', 'invalid words ''  ''', 'blank words');
SELECT throws_ok($$SELECT * FROM hotline.search_orders('路灯', unit => 'os-nowhere')$$, '22023',
                 'unit "os-nowhere" does not exist', 'an unknown unit');
SELECT throws_ok($$SELECT * FROM hotline.search_orders('路灯', from_day => '2026-12-01', to_day => '2026-11-01')$$,
                 '22023', 'invalid period from 2026-12-01 to 2026-11-01', 'a period ending before it starts');
SELECT throws_ok($$SELECT * FROM hotline.search_orders('路灯', top => 0)$$, '22023', NULL, 'top out of bounds');
RESET ROLE;

-- a unit's staff find their own units' orders only (row-level security)
SET LOCAL ROLE os_clerk;
SELECT set_eq($$SELECT order_no FROM hotline.search_orders('景山')$$,
              $$SELECT order_no FROM o WHERE k IN ('light1', 'light2', 'noise')$$,
              '景山''s clerk finds the orders dispatched to 景山');
RESET ROLE;
SET LOCAL ROLE os_other;
SELECT set_eq($$SELECT order_no FROM hotline.search_orders('景山')$$,
              $$SELECT order_no FROM o WHERE k = 'noise'$$,
              '城管委''s clerk only the one it was dispatched (and returned)');
SELECT is((SELECT count(*)::int FROM hotline.order_text t JOIN o USING (order_no) WHERE k = 'light1'), 0,
          'nor reads the words of another unit''s order');
RESET ROLE;

-- ---------------------------------------------------------------------------
-- 辅助派单: the new order about street lights
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE kb AS
SELECT hotline.kb_write(NULL, '城管委职责：城市照明设施管理', '负责城市道路照明设施（路灯）的规划建设和维护管理。',
                        kind => 'duty', owner_unit => 'os-cgw', effective_from => '2020-01-01') AS id;
SELECT hotline.kb_publish(id) FROM kb;
INSERT INTO o VALUES ('new', hotline.accept('110101', 'complaint', 'phone', '景山西街路灯不亮，晚上很黑',
                                            topic => 'os-ld', actor => '话务员 0107'));
SET LOCAL ROLE os_dispatcher;
CREATE TEMP TABLE s AS SELECT * FROM hotline.suggest_units((SELECT order_no FROM o WHERE k = 'new'));
RESET ROLE;
SELECT is(ARRAY(SELECT unit FROM s ORDER BY rank), '{os-dc-js,os-cgw}'::text[],
          'the units ranked: 景山, where similar orders went and stayed, then 城管委, whose duty article matches');
SELECT is((SELECT ARRAY(SELECT x ->> 'order_no' FROM jsonb_array_elements(orders) x ORDER BY 1) FROM s WHERE unit = 'os-dc-js'),
          ARRAY(SELECT order_no::text FROM o WHERE k IN ('light1', 'light2') ORDER BY 1),
          'the evidence: the similar past orders dispatched to 景山 and kept');
SELECT is((SELECT duty -> 0 ->> 'article' FROM s WHERE unit = 'os-cgw'), (SELECT id || ':1' FROM kb),
          'the evidence: the duty article, cited as id:version');
SELECT is((SELECT ROW(made_by, jsonb_array_length(units))::text FROM hotline.unit_suggestion
           WHERE order_no = (SELECT order_no FROM o WHERE k = 'new')),
          ROW('os_dispatcher', 2)::text, 'the suggestion is recorded, with who asked');
-- the dispatcher takes the second unit
SELECT hotline.dispatch(order_no, 'os-cgw', '请城管委修复路灯') FROM o WHERE k = 'new';
SELECT is((SELECT ROW(dispatched_to, place)::text FROM hotline.unit_suggestion_outcome
           WHERE order_no = (SELECT order_no FROM o WHERE k = 'new')),
          ROW('os-cgw', 2)::text, 'the outcome: dispatched to the unit suggested second');
SELECT is((SELECT ROW(suggestions, dispatched, first_taken, taken, hit_rate)::text FROM hotline.unit_suggestion_daily),
          ROW(1, 1, 0, 1, 1.0000)::text, 'the hit rate: the suggestion was taken, not its first unit');
SET LOCAL ROLE os_clerk;
SELECT throws_ok($$SELECT * FROM hotline.suggest_units((SELECT order_no FROM o WHERE k = 'new'))$$, '42501', NULL,
                 'a unit''s staff do not ask for suggestions');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
