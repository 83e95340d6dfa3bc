-- Engine benchmark, setup part 1 (test/bench/engine.sh): reference data,
-- the plain tables, and the generator of 1,000,000 existing orders.
--
-- Runs once per benchmark in the bench database.  Part 2 (load.sql) then
-- fills hotline.* and bench_plain.* from the same generator table, in two
-- sessions at once, so that both sides hold exactly the same rows.

\set ON_ERROR_STOP on
\set QUIET on
SET client_min_messages = warning;
SET hotline.warn_uncovered = off;
SET max_parallel_workers_per_gather = 0;
SET jit = off;

-- ---------------------------------------------------------------------
-- Reference data: four districts of Beijing, eight handling units each
-- (the district government and seven departments), and a small topic tree.
-- Codes are what the pgbench scripts name: u110101-1 .. u110108-8, t1 .. t4.
-- ---------------------------------------------------------------------
INSERT INTO hotline.unit (code, name, region, kind)
SELECT format('u%s-%s', r.code, k),
       r.name || (ARRAY['人民政府', '住房城市建设委员会', '城市管理委员会', '市场监督管理局',
                        '生态环境局', '交通委员会', '卫生健康委员会', '教育委员会'])[k],
       r.code, CASE WHEN k = 1 THEN 'district' ELSE 'department' END
FROM (VALUES (1, '110101', '东城区'), (2, '110102', '西城区'),
             (3, '110105', '朝阳区'), (4, '110108', '海淀区')) AS r(n, code, name),
     generate_series(1, 8) AS k
ORDER BY r.n, k;

INSERT INTO hotline.topic (code, name) VALUES ('cxjs', '城乡建设');
INSERT INTO hotline.topic (code, name, parent_id)
SELECT t.code, t.name, (SELECT id FROM hotline.topic WHERE code = 'cxjs')
FROM (VALUES ('t1', '物业管理'), ('t2', '供暖'), ('t3', '市政设施'), ('t4', '噪声扰民')) AS t(code, name);

-- ---------------------------------------------------------------------
-- The plain tables: the engine's tables with the same columns, defaults,
-- identities, CHECK constraints, indexes and foreign keys, and none of its
-- triggers (no state guard, no append-only history).  What an application
-- without the engine would write to.
-- ---------------------------------------------------------------------
DROP SCHEMA IF EXISTS bench_plain CASCADE;
CREATE SCHEMA bench_plain;
CREATE TABLE bench_plain.order_number_seq (LIKE hotline.order_number_seq INCLUDING ALL);
CREATE TABLE bench_plain.citizen (LIKE hotline.citizen INCLUDING ALL);
CREATE TABLE bench_plain.work_order (LIKE hotline.work_order INCLUDING ALL);
CREATE TABLE bench_plain.assignment (LIKE hotline.assignment INCLUDING ALL);
CREATE TABLE bench_plain.order_event (LIKE hotline.order_event INCLUDING ALL);
CREATE TABLE bench_plain.alarm (LIKE hotline.alarm INCLUDING ALL);
ALTER TABLE bench_plain.work_order
    ADD FOREIGN KEY (workflow) REFERENCES hotline.workflow (name),
    ADD FOREIGN KEY (citizen_id) REFERENCES bench_plain.citizen (id),
    ADD FOREIGN KEY (topic_id) REFERENCES hotline.topic (id),
    ADD FOREIGN KEY (accused_unit_id) REFERENCES hotline.unit (id),
    ADD FOREIGN KEY (merged_into) REFERENCES bench_plain.work_order (order_no);
ALTER TABLE bench_plain.assignment
    ADD FOREIGN KEY (order_no) REFERENCES bench_plain.work_order (order_no),
    ADD FOREIGN KEY (unit_id) REFERENCES hotline.unit (id),
    ADD FOREIGN KEY (order_no, parent_id) REFERENCES bench_plain.assignment (order_no, id);
ALTER TABLE bench_plain.order_event
    ADD FOREIGN KEY (order_no) REFERENCES bench_plain.work_order (order_no),
    ADD FOREIGN KEY (order_no, assignment_id) REFERENCES bench_plain.assignment (order_no, id);
-- the same legal record as the engine's: each order's events hash-chained
-- (R-1.6), as a hand-written application would have to keep it too
CREATE TRIGGER order_event_chain BEFORE INSERT ON bench_plain.order_event
    FOR EACH ROW EXECUTE FUNCTION hotline.chain_event();

-- ---------------------------------------------------------------------
-- The generator: one row per existing order, everything load.sql needs.
--
-- 500 past days (yesterday back), 2,000 orders a day over the 4 regions
-- (500 per region and day, accepted 08:00-18:00 Beijing time).  Orders older
-- than 8 weeks are finished: 4% not accepted, 5% answered on the spot and
-- archived, 2% terminated, the rest archived after the full life.  Of the
-- last 8 weeks' orders (11% of all) the same shares are finished early and
-- the others are open, spread over accepted, dispatched, signed for,
-- replied, reviewed, called back and closed.  7 orders in 10 have a
-- citizen (200,000 citizens, so callers come back); 1 dispatch in 5 also
-- has an assisting unit.
-- ---------------------------------------------------------------------
DROP SCHEMA IF EXISTS bench_load CASCADE;
CREATE SCHEMA bench_load;

CREATE UNLOGGED TABLE bench_load.unit AS
SELECT u.id, u.code, u.region, substr(u.code, 9)::int AS k FROM hotline.unit u WHERE u.code ~ '^u1101';

CREATE UNLOGGED TABLE bench_load.gen AS
WITH base AS (
    -- g ascending is order_no ascending (day, region, sequence), so that
    -- every index on an order number is filled from left to right
    SELECT g,
           (999999 - g) / 2000 AS d,
           (ARRAY['110101', '110102', '110105', '110108'])[(g % 2000) / 500 + 1] AS region,
           g % 500 + 1 AS seq,
           abs(hashint4(g)::bigint) AS h
    FROM generate_series(0, 999999) AS g
), kinds AS (
    SELECT b.*,
           (now() AT TIME ZONE 'Asia/Shanghai')::date - 1 - b.d AS day,
           CASE WHEN b.h % 1000 < 40 THEN 'reject'
                WHEN b.h % 1000 < 90 THEN 'answer'
                WHEN b.h % 1000 < 110 THEN 'terminate'
                ELSE 'life' END AS kind,
           CASE WHEN b.d >= 56 THEN 8
                ELSE CASE WHEN b.d < 4 THEN least(3, p.p) ELSE p.p END END AS p
    FROM base b,
         LATERAL (SELECT CASE WHEN (b.h / 1000) % 100 < 10 THEN 1
                              WHEN (b.h / 1000) % 100 < 30 THEN 2
                              WHEN (b.h / 1000) % 100 < 60 THEN 3
                              WHEN (b.h / 1000) % 100 < 75 THEN 4
                              WHEN (b.h / 1000) % 100 < 85 THEN 5
                              WHEN (b.h / 1000) % 100 < 95 THEN 6
                              ELSE 7 END AS p) p
), timed AS (
    SELECT k.*,
           hotline.make_order_no(k.region, k.day, k.seq) AS order_no,
           (k.day + time '08:00' + k.seq * interval '72 seconds') AT TIME ZONE 'Asia/Shanghai' AS accepted_at,
           1 + (k.h / 7) % 8 AS lead_k,
           (k.h / 13) % 5 = 0 AS has_assist
    FROM kinds k
)
SELECT t.g, t.d, t.region, t.seq, t.h, t.day, t.kind,
       CASE WHEN t.kind = 'life' THEN t.p ELSE 0 END AS p,
       t.order_no, t.accepted_at,
       CASE WHEN (t.h / 7) % 10 < 7 THEN (t.g::bigint * 7919) % 200000 + 1 END AS citizen_id,
       (SELECT id FROM hotline.topic WHERE code = 't' || (1 + t.h % 4)) AS topic_id,
       (ARRAY['consultation', 'help', 'complaint', 'suggestion', 'help', 'report'])[1 + (t.h / 11) % 6]::hotline.appeal_type AS appeal_type,
       (ARRAY['phone', 'phone', 'phone', 'wechat', 'website', 'app'])[1 + (t.h / 17) % 6]::hotline.channel AS channel,
       (ARRAY['小区电梯停运三天，请尽快维修', '暖气不热，室温不到十六度', '路灯不亮，夜间出行不便',
              '夜间施工噪音扰民', '楼道堆放杂物，存在消防隐患', '小区门口占道经营',
              '公交站台破损', '咨询老旧小区改造政策'])[1 + (t.h / 19) % 8] AS description,
       CASE WHEN t.kind IN ('life', 'terminate') AND (t.kind = 'terminate' OR t.p >= 2) THEN lu.id END AS lead_unit,
       lu.code AS lead_code,
       CASE WHEN t.has_assist AND (t.kind = 'terminate' OR (t.kind = 'life' AND t.p >= 2)) THEN au.id END AS assist_unit,
       au.code AS assist_code
FROM timed t
JOIN bench_load.unit lu ON lu.region = t.region AND lu.k = t.lead_k
JOIN bench_load.unit au ON au.region = t.region AND au.k = 1 + (t.lead_k + 2) % 8;

-- the steps of an order's history, by kind of order: a step is in the
-- history when the order got that far (p >= min_p); "lead" and "assist"
-- steps are done on that assignment
CREATE UNLOGGED TABLE bench_load.step (slot, kind, min_p, target, action, from_state, to_state, role, off) AS
VALUES
    (0, 'life', 1, 'order',  'accept',        'new',           'accepted',      'agent',      interval '0'),
    (1, 'life', 2, 'order',  'dispatch',      'accepted',      'dispatched',    'dispatcher', interval '2 hours'),
    (2, 'life', 3, 'lead',   'sign_for',      'dispatched',    'signed',        'unit',       interval '5 hours'),
    (3, 'life', 3, 'assist', 'sign_for',      'dispatched',    'signed',        'unit',       interval '6 hours'),
    (4, 'life', 4, 'assist', 'reply',         'signed',        'replied',       'unit',       interval '60 hours'),
    (5, 'life', 4, 'lead',   'reply',         'signed',        'replied',       'unit',       interval '72 hours'),
    (6, 'life', 5, 'order',  'approve_reply', 'replied',       'reviewed',      'reviewer',   interval '74 hours'),
    (7, 'life', 6, 'order',  'callback',      'reviewed',      'callback_done', 'agent',      interval '96 hours'),
    (8, 'life', 7, 'order',  'close',         'callback_done', 'closed',        'reviewer',   interval '97 hours'),
    (9, 'life', 8, 'order',  'archive',       'closed',        'archived',      'system',     interval '120 hours'),
    (0, 'reject', 0, 'order', 'reject',       'new',           'not_accepted',  'agent',      interval '0'),
    (0, 'answer', 0, 'order', 'answer',       'new',           'answered',      'agent',      interval '0'),
    (1, 'answer', 0, 'order', 'archive',      'answered',      'archived',      'system',     interval '24 hours'),
    (0, 'terminate', 0, 'order', 'accept',    'new',           'accepted',      'agent',      interval '0'),
    (1, 'terminate', 0, 'order', 'dispatch',  'accepted',      'dispatched',    'dispatcher', interval '2 hours'),
    (2, 'terminate', 0, 'order', 'terminate', 'dispatched',    'terminated',    'supervisor', interval '48 hours');

ANALYZE bench_load.gen;
ANALYZE bench_load.step;

-- the counters of order numbers: the 500 numbers of each past region and day
-- are handed out (both sides; the benchmark accepts today's orders)
INSERT INTO hotline.order_number_seq (region, day, last_seq)
SELECT region, day, max(seq) FROM bench_load.gen GROUP BY region, day;
INSERT INTO bench_plain.order_number_seq SELECT * FROM hotline.order_number_seq;
