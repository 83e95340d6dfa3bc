-- The data of work orders (issue 3, first part): handling units as a tree,
-- citizens by normalised phone, the append-only history (R-1.6), and the
-- guard that keeps state changes inside the engine.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
BEGIN;
SELECT plan(24);

-- units: three levels at most, level from the parent (R-4.5)
INSERT INTO hotline.unit (code, name, region, kind) VALUES ('bj-zjw', '北京市住房和城乡建设委员会', '110000', 'department');
INSERT INTO hotline.unit (code, name, region, kind) VALUES ('bj-dc', '东城区人民政府', '110101', 'district');
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT 'bj-dc-dhm', '东华门街道办事处', '110101', 'subdistrict', id FROM hotline.unit WHERE code = 'bj-dc';
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT 'bj-dc-dhm-1', '东华门街道社区服务站', '110101', 'other', id FROM hotline.unit WHERE code = 'bj-dc-dhm';
SELECT is(ARRAY(SELECT code || ':' || level FROM hotline.unit ORDER BY id),
          '{bj-zjw:1,bj-dc:1,bj-dc-dhm:2,bj-dc-dhm-1:3}'::text[], 'levels follow the parents');
SELECT throws_ok($$INSERT INTO hotline.unit (code, name, region, parent_id)
                   SELECT 'x', '第四级', '110101', id FROM hotline.unit WHERE code = 'bj-dc-dhm-1'$$,
                 '23514', NULL, 'a fourth level is refused');
SELECT throws_ok($$INSERT INTO hotline.unit (code, name, region) VALUES ('y', '错误区划', '1101')$$,
                 '23514', NULL, 'a region code has 6 digits');

-- phone numbers (R-1.2, R-2.4)
SELECT is(hotline.normalize_phone(p), n, p || ' -> ' || n) FROM (VALUES
    ('138 0013 8000', '13800138000'), ('+86 138-0013-8000', '13800138000'), ('008613800138000', '13800138000'),
    ('8613800138000', '13800138000'), ('010-6512 3456', '01065123456'), ('(0871) 6361 2345', '087163612345'),
    ('12345', '12345')) AS v(p, n);
SELECT is(hotline.normalize_phone('6512 3456', area_code => '010'), '01065123456', 'a local number takes the area code');
SELECT throws_ok($$SELECT hotline.normalize_phone('6512 3456')$$, '22023', NULL, 'a local number without area code is refused');
SELECT throws_ok($$SELECT hotline.normalize_phone('call me')$$, '22023', NULL, 'letters are refused');
SELECT throws_ok($$SELECT hotline.normalize_phone('1380013800')$$, '22023', NULL, 'ten digits are refused');
INSERT INTO hotline.citizen (phone, name) VALUES (hotline.normalize_phone('+86 138 0013 8000'), '王女士');
SELECT throws_ok($$INSERT INTO hotline.citizen (phone) VALUES ('138 0013 8000')$$, '23514', NULL,
                 'citizens are stored with normalised phones');
SELECT throws_ok($$INSERT INTO hotline.citizen (phone) VALUES ('13800138000')$$, '23505', NULL,
                 'one citizen per phone number');

-- an order and its history
INSERT INTO hotline.workflow (name, description, initial_state) VALUES ('schema_test', 'schema test workflow', 'accepted');
INSERT INTO hotline.work_order (order_no, region, workflow, state, citizen_id, appeal_type, channel,
                                description, demand, accepted_at, accepted_by)
SELECT hotline.make_order_no('110101', '2026-11-23', 1), '110101', 'schema_test', 'accepted', c.id,
       'complaint', 'phone', '小区电梯停运三天，老人上下楼困难', '尽快修复电梯', '2026-11-23 09:30+08', 'agent 0101'
FROM hotline.citizen c;
INSERT INTO hotline.order_event (order_no, actor, role, action, to_state, payload)
VALUES (hotline.make_order_no('110101', '2026-11-23', 1), 'agent 0101', 'agent', 'accept', 'accepted', '{"channel": "phone"}');

SELECT throws_ok($$UPDATE hotline.order_event SET reason = 'edited'$$, '42501', NULL, 'history rows cannot be updated');
SELECT throws_ok($$DELETE FROM hotline.order_event$$, '42501', NULL, 'history rows cannot be deleted');
SELECT throws_ok($$TRUNCATE hotline.order_event$$, '42501', NULL, 'the history cannot be truncated');
SELECT is((SELECT count(*)::int FROM hotline.order_event), 1, 'the history is intact');

-- state changes only through the engine
SELECT throws_ok($$UPDATE hotline.work_order SET state = 'closed'$$, '42501', NULL, 'a bare UPDATE of state is refused');
SELECT lives_ok($$UPDATE hotline.work_order SET demand = '尽快修复电梯并说明原因'$$, 'other columns may be corrected');
SELECT is((SELECT state FROM hotline.work_order), 'accepted', 'the state is unchanged');
SELECT throws_ok($$INSERT INTO hotline.work_order (order_no, region, workflow, state, appeal_type, channel, description, accepted_at, accepted_by)
                   VALUES (hotline.make_order_no('110102', '2026-11-23', 1), '110101', 'schema_test', 'accepted',
                           'help', 'phone', 'x', now(), 'a')$$,
                 '23514', NULL, 'the region of an order is the one in its number');

SELECT * FROM finish();
ROLLBACK;
