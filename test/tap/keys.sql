-- Keys that scale out (issue 9, part 5; README, Design: Keys): every
-- order-side table is keyed by the order number (R-1.1) and its foreign
-- keys between order-side tables go through it; the ids a node makes are
-- drawn from its region's range, so that two cities' rows never collide in
-- their province's database; a citizen is one per region and phone (R-2.4).
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(23);

CREATE TEMP TABLE order_side (tbl regclass PRIMARY KEY);
INSERT INTO order_side VALUES ('hotline.work_order'), ('hotline.assignment'), ('hotline.order_event'),
    ('hotline.alarm'), ('hotline.public_notice'), ('hotline.supervision'), ('hotline.supervision_record'),
    ('hotline.repeat_member');

-- a constraint's columns by name
CREATE FUNCTION pg_temp.cols(rel oid, attnums smallint[]) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT array_agg(a.attname::text ORDER BY k.i)
    FROM unnest(attnums) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = rel AND a.attnum = k.n $$;

-- ---------------------------------------------------------------------------
-- the keys
-- ---------------------------------------------------------------------------
SELECT is(ARRAY(SELECT s.tbl::text FROM order_side s
                WHERE NOT EXISTS (SELECT 1 FROM pg_constraint c
                                  WHERE c.conrelid = s.tbl AND c.contype = 'p'
                                    AND 'order_no' = ANY (pg_temp.cols(c.conrelid, c.conkey))) ORDER BY 1),
          '{}'::text[], 'every order-side table''s primary key includes order_no');
SELECT is(ARRAY(SELECT c.conname::text FROM pg_constraint c JOIN order_side s ON s.tbl = c.conrelid
                WHERE c.contype IN ('p', 'u') AND NOT 'order_no' = ANY (pg_temp.cols(c.conrelid, c.conkey)) ORDER BY 1),
          '{}'::text[], 'and so does every unique constraint of them (a cluster distributed by order_no needs it)');
SELECT is(ARRAY(SELECT c.conname::text FROM pg_constraint c
                JOIN order_side s ON s.tbl = c.conrelid JOIN order_side r ON r.tbl = c.confrelid
                WHERE c.contype = 'f'
                  -- merged_into names another order (并案), not a row of the same order
                  AND c.conname <> 'work_order_merged_into_fkey'
                  AND NOT ((pg_temp.cols(c.conrelid, c.conkey))[1] = 'order_no'
                           AND (pg_temp.cols(c.confrelid, c.confkey))[1] = 'order_no') ORDER BY 1),
          '{}'::text[], 'every foreign key between order-side tables goes through order_no on both sides');
SELECT cmp_ok((SELECT count(*) FROM pg_constraint c
               JOIN order_side s ON s.tbl = c.conrelid JOIN order_side r ON r.tbl = c.confrelid
               WHERE c.contype = 'f' AND r.tbl <> 'hotline.work_order'::regclass), '>=', 6::bigint,
              'the references between order-side rows are foreign keys (assignment parents, events, notices, supervision records, ...)');
SELECT is(ARRAY(SELECT c.conrelid::regclass::text || '.' || array_to_string(pg_temp.cols(c.conrelid, c.conkey), ',')
                FROM pg_constraint c JOIN order_side s ON s.tbl = c.conrelid
                WHERE c.contype = 'f'
                  AND c.confrelid IN ('hotline.unit'::regclass, 'hotline.topic'::regclass,
                                      'hotline.citizen'::regclass, 'hotline.repeat_group'::regclass)
                  AND c.confupdtype <> 'c' ORDER BY 1),
          '{}'::text[], 'references to units, topics, citizens and repeat groups follow a move of their ids (ON UPDATE CASCADE)');
SELECT col_is_pk('hotline', 'citizen', 'id', 'a citizen is keyed by its id (from its node''s range)');
SELECT col_is_unique('hotline', 'citizen', ARRAY['region', 'phone'], 'and unique by region and phone');

-- ---------------------------------------------------------------------------
-- rows made before the node's region was set, then moved by set_node
-- ---------------------------------------------------------------------------
SELECT is(hotline.node_region(), '000000', 'a new database''s node is not set');
SELECT throws_ok($$SELECT hotline.publish_city()$$, '55000', 'hotline.publish_city needs the node''s region',
                 'a node without a region publishes nothing');
INSERT INTO hotline.unit (code, name, region) VALUES ('nj-old', '南京市老单位', '320102');
INSERT INTO hotline.topic (code, name) VALUES ('old-topic', '旧分类');
SELECT hotline.accept(region => '320102', appeal_type => 'complaint', channel => 'phone', topic => 'old-topic',
                      description => '设置节点之前受理', citizen_phone => '13800138000', actor => '话务员')::text AS early \gset
SELECT id AS old_unit FROM hotline.unit WHERE code = 'nj-old' \gset
SELECT hotline.dispatch(:'early', lead_unit => 'nj-old', opinion => '请处理') IS NOT NULL AS dispatched \gset

SELECT throws_ok($$SELECT hotline.set_node('3201')$$, '22023', 'invalid region "3201"', 'a region has 6 digits');
SELECT throws_ok($$SELECT hotline.set_node('000000')$$, '22023', 'invalid region "000000"', '000000 is "not set"');
SELECT is((hotline.set_node('320100') -> 'moved' ->> 'unit')::int, 1, 'set_node moves the unit made before it');
SELECT is((SELECT id FROM hotline.unit WHERE code = 'nj-old'), 320100000000000000 + :old_unit,
          'into the region''s range (region * 10^12 + its id)');
SELECT is((SELECT a.unit_id FROM hotline.assignment a WHERE a.order_no = :'early'::hotline.order_no),
          320100000000000000 + :old_unit, 'and the assignment follows it');
SELECT is((SELECT c.region FROM hotline.work_order o JOIN hotline.citizen c ON c.id = o.citizen_id
           WHERE o.order_no = :'early'::hotline.order_no), '320100', 'its citizen is the region''s now');

-- ---------------------------------------------------------------------------
-- region A (南京 320100) and region B (苏州 320500): ids do not collide
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE made (region text, tbl text, id bigint);
-- what a node makes: a unit, a topic, and a citizen by an order in DISTRICT
CREATE FUNCTION pg_temp.make_rows(district text, p text, phone text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    o   hotline.order_no;
BEGIN
    INSERT INTO hotline.unit (code, name, region) VALUES (p || '-zjw', p || ' 住建局', district);
    INSERT INTO hotline.topic (code, name) VALUES (p || '-wy', '物业管理');
    o := hotline.accept(region => district, appeal_type => 'complaint', channel => 'phone', topic => p || '-wy',
                        description => p || '：电梯停运', citizen_phone => phone, actor => '话务员');
    INSERT INTO made SELECT hotline.node_region(), 'unit', id FROM hotline.unit WHERE code = p || '-zjw'
        UNION ALL SELECT hotline.node_region(), 'topic', id FROM hotline.topic WHERE code = p || '-wy'
        UNION ALL SELECT hotline.node_region(), 'citizen', citizen_id FROM hotline.work_order WHERE order_no = o;
    RETURN o::text;
END $$;
SELECT pg_temp.make_rows('320102', 'nj', '139 1234 5678') AS a_order \gset
SELECT hotline.set_node('320500') IS NOT NULL AS set \gset
SELECT pg_temp.make_rows('320505', 'sz', '13912345678') AS b_order \gset

SELECT is((SELECT count(*) FROM made m, hotline.node_id_range(m.region) r WHERE m.id BETWEEN r.first_id AND r.last_id),
          6::bigint, 'each node''s unit, topic and citizen ids are in its own region''s range');
SELECT is((SELECT count(*) FROM made a JOIN made b ON a.tbl = b.tbl AND a.region < b.region AND a.id = b.id),
          0::bigint, 'region A''s ids and region B''s do not collide');
SELECT ok((SELECT r1.last_id < r2.first_id FROM hotline.node_id_range('320100') r1, hotline.node_id_range('320500') r2),
          'the two ranges do not overlap');
SELECT isnt(:'a_order'::text, :'b_order'::text, 'and their orders'' numbers carry their districts');

-- ---------------------------------------------------------------------------
-- citizens per region (R-2.4 within a city)
-- ---------------------------------------------------------------------------
SELECT is(ARRAY(SELECT region FROM hotline.citizen WHERE phone = '13912345678' ORDER BY region),
          '{320100,320500}'::text[], 'the same phone in two regions is two citizens');
SELECT hotline.accept(region => '320506', appeal_type => 'help', channel => 'phone',
                      description => '苏州：同一市民再次来电', citizen_phone => '139-1234-5678', actor => '话务员')::text AS b_again \gset
SELECT is((SELECT citizen_id FROM hotline.work_order WHERE order_no = :'b_again'::hotline.order_no),
          (SELECT citizen_id FROM hotline.work_order WHERE order_no = :'b_order'::hotline.order_no),
          'within a region the same phone is found again (R-2.4)');
SELECT is((SELECT count(*) FROM hotline.citizen WHERE phone = '13912345678'), 2::bigint, 'and no third row is made');

-- the publication row filter of a node is its id range
SELECT is(hotline.node_row_filter('320500'), '(id BETWEEN 320500000000000000 AND 320500999999999999)',
          'a node publishes the rows of its own range');

SELECT * FROM finish();
ROLLBACK;
