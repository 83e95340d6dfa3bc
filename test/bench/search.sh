#!/usr/bin/env bash
# hotline: what Chinese full-text search costs (issue 12, part 6), run by
# `make bench` (test/bench/run.sh).
#
# In a database of its own: 1,000,000 order descriptions and 50,000
# knowledge articles, made set-based from a bank of real hotline phrases
# (street, matter, detail, demand: 20 x 30 x 20 x 10), then
#   1. the parser: to_tsvector('hotline.zh') over the descriptions, MB of
#      text per second, beside to_tsvector('simple') over the same texts;
#   2. indexing: a GIN index on to_tsvector('hotline.zh', description),
#      documents per second and its size against the text's;
#   3. searching: 200 two-word queries (an order's matter and detail, as
#      agents type them) over the orders and over the articles: websearch_to_tsquery,
#      the first 10 by ts_rank; median and p95 in ms; and LIKE '%a%' AND
#      '%b%' for 5 of them beside.
# HOTLINE_BENCH_ORDERS, HOTLINE_BENCH_ARTICLES: other sizes for a quick try.
#
# Needs the libpq environment of the bench's cluster (test/bench/run.sh).
set -euo pipefail

BINDIR=${HOTLINE_PG_BINDIR:-/usr/lib/postgresql/15/bin}
DB=hotline_bench_search
ORDERS=${HOTLINE_BENCH_ORDERS:-1000000}
ARTICLES=${HOTLINE_BENCH_ARTICLES:-50000}
PSQL0=("$BINDIR/psql" -X -q -v ON_ERROR_STOP=1)
PSQL=("${PSQL0[@]}" -d "$DB")
"${PSQL0[@]}" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
trap '"${PSQL0[@]}" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true' EXIT
"${PSQL[@]}" -c "SET client_min_messages = warning" -c "CREATE EXTENSION hotline CASCADE"

"${PSQL[@]}" -v orders="$ORDERS" -v articles="$ARTICLES" <<'SQL'
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE street (n int, s text);
INSERT INTO street SELECT row_number() OVER (), s FROM unnest(ARRAY['东直门北小街', '和平里七区', '景山后街', '交道口南大街', '安定门外大街',
    '朝阳门内大街', '建国门北大街', '东四十条', '北新桥三条', '雍和宫大街', '东花市斜街', '体育馆路', '永定门外大街', '崇文门外大街',
    '前门大街', '东华门大街', '王府井大街', '灯市口西街', '美术馆后街', '地安门东大街']) s;
CREATE TABLE matter (n int, m text);
INSERT INTO matter SELECT row_number() OVER (), m FROM unnest(ARRAY['路灯不亮', '暖气不热', '电梯停运', '噪声扰民', '油烟直排',
    '垃圾满溢', '占道经营', '违章建筑', '共享单车乱停', '拖欠工资', '停水', '燃气泄漏', '井盖缺失', '道路破损', '下水道堵塞',
    '楼道堆物', '施工扰民', '餐馆无照经营', '物业不作为', '充电桩安装难', '公交站台损坏', '树木倒伏', '广场舞噪音', '宠物狗扰民',
    '校外培训退费难', '医院号贩子', '出租车拒载', '快递柜收费', '老旧小区加装电梯', '居住证办理']) m;
CREATE TABLE detail (n int, d text);
INSERT INTO detail SELECT row_number() OVER (), d FROM unnest(ARRAY['已经持续一周', '夜间行人摔倒', '老人出行困难', '影响休息',
    '多次反映无人处理', '物业称配件未到货', '室温只有14度', '凌晨两点仍有噪声', '熏黑外墙', '堵塞人行道', '消防通道被占',
    '孩子上学不便', '车辆经过响声很大', '有安全隐患', '异味严重', '周末也不停工', '商户拒不整改', '社区协调无果',
    '已拨打过96116', '房东不退押金']) d;
CREATE TABLE demand (n int, q text);
INSERT INTO demand SELECT row_number() OVER (), q FROM unnest(ARRAY['要求尽快处理', '希望相关部门核实', '请责令整改',
    '要求给予答复', '希望增加巡查', '请尽快维修', '要求赔偿损失', '希望长效治理', '请上门查看', '要求依法查处']) q;
CREATE TABLE doc (id bigint PRIMARY KEY, description text NOT NULL);
INSERT INTO doc
SELECT g, '市民来电反映' || s.s || (g % 90 + 1) || '号' || m.m || '，' || d.d || '，' || q.q || '。'
FROM generate_series(1, :orders) g
JOIN street s ON s.n = 1 + g % 20 JOIN matter m ON m.n = 1 + (g * 7) % 30
JOIN detail d ON d.n = 1 + (g * 13) % 20 JOIN demand q ON q.n = 1 + (g * 17) % 10;
CREATE TABLE article (id bigint PRIMARY KEY, body text NOT NULL);
INSERT INTO article
SELECT g, m.m || '问题处理指南（第' || g || '号）：市民反映' || m.m || '、' || d.d || '的，由属地街道会同' ||
          (ARRAY['城管执法部门', '住房城乡建设部门', '市场监管部门', '生态环境部门', '交通部门'])[1 + g % 5] ||
          '在规定时限内处理，' || q.q || '。'
FROM generate_series(1, :articles) g
JOIN matter m ON m.n = 1 + g % 30 JOIN detail d ON d.n = 1 + (g * 11) % 20 JOIN demand q ON q.n = 1 + (g * 3) % 10;
VACUUM ANALYZE doc, article;

CREATE FUNCTION bench_ms(sql text, args text[]) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE t timestamptz := clock_timestamp();
BEGIN
    EXECUTE sql USING args[1], args[2];
    RETURN extract(epoch FROM clock_timestamp() - t) * 1000;
END $$;
SQL

"${PSQL[@]}" -At <<'SQL'
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
SELECT format('texts: %s orders (%s MB), %s articles (%s MB)',
              (SELECT count(*) FROM doc), round((SELECT sum(octet_length(description)) FROM doc) / 1e6, 1),
              (SELECT count(*) FROM article), round((SELECT sum(octet_length(body)) FROM article) / 1e6, 1));
-- 1. the parser, beside the simple configuration (best of 3)
WITH r AS (SELECT c, min(ms) AS ms FROM (VALUES ('hotline.zh'), ('simple')) v(c), generate_series(1, 3) k,
           LATERAL (SELECT bench_ms('SELECT count(to_tsvector(' || quote_literal(v.c) || ', description)) FROM doc', '{}') AS ms) x
           GROUP BY c)
SELECT format('parser %-10s %8s ms, %s MB/s', c, round(ms), round((SELECT sum(octet_length(description)) FROM doc) / 1e6 / (ms / 1000), 1))
FROM r ORDER BY c;
-- 2. indexing: the vectors stored (as a generated column would), then a GIN index on them
SELECT format('vectors of the orders stored: %s ms, %s documents/s', round(ms), round((SELECT count(*) FROM doc) / (ms / 1000)))
FROM (SELECT bench_ms('CREATE TABLE doc_v AS SELECT id, to_tsvector(''hotline.zh'', description) AS tsv FROM doc', '{}') AS ms) x;
SELECT format('GIN index on them: %s ms, %s documents/s', round(ms), round((SELECT count(*) FROM doc) / (ms / 1000)))
FROM (SELECT bench_ms('CREATE INDEX doc_words ON doc_v USING gin (tsv)', '{}') AS ms) x;
CREATE TABLE article_v AS SELECT id, to_tsvector('hotline.zh', body) AS tsv FROM article;
CREATE INDEX article_words ON article_v USING gin (tsv);
SELECT format('index %s MB and vectors %s MB for %s MB of text (index / text %s)',
              round(pg_relation_size('doc_words') / 1e6, 1), round(pg_relation_size('doc_v') / 1e6, 1),
              round((SELECT sum(octet_length(description)) FROM doc) / 1e6, 1),
              round(pg_relation_size('doc_words')::numeric / (SELECT sum(octet_length(description)) FROM doc), 2));
VACUUM ANALYZE doc_v, article_v;
-- 3. two-word queries: the first two characters of the matter and of the
-- detail of an order, as an agent types them, 200 orders spread over all
CREATE TEMP TABLE q AS
SELECT k, left(m.m, 2) || ' ' || left(d.d, 2) AS q
FROM generate_series(1, 200) k
CROSS JOIN LATERAL (SELECT 1 + (k * 4999) % (SELECT count(*) FROM doc) AS g) o
JOIN matter m ON m.n = 1 + (o.g * 7) % 30 JOIN detail d ON d.n = 1 + (o.g * 13) % 20;
SELECT bench_ms('SELECT 1', '{}') \g /dev/null
CREATE TEMP TABLE t AS
SELECT 'orders' AS what, k, bench_ms('SELECT id FROM doc_v, websearch_to_tsquery(''hotline.zh'', $1) x
    WHERE tsv @@ x ORDER BY ts_rank(tsv, x) DESC LIMIT 10', ARRAY[q]) AS ms FROM q
UNION ALL
SELECT 'articles', k, bench_ms('SELECT id FROM article_v, websearch_to_tsquery(''hotline.zh'', $1) x
    WHERE tsv @@ x ORDER BY ts_rank(tsv, x) DESC LIMIT 10', ARRAY[q]) AS ms FROM q;
SELECT format('two-word queries over %s (200): median %s ms, p95 %s ms; matches per query: median %s', what,
              round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2),
              round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)::numeric, 2),
              CASE what WHEN 'orders' THEN (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY c) FROM
                  (SELECT (SELECT count(*) FROM doc_v WHERE tsv @@ websearch_to_tsquery('hotline.zh', q.q)) AS c FROM q WHERE k <= 20) z)
              END)
FROM t GROUP BY what ORDER BY what DESC;
SELECT format('the same with LIKE ''%%a%%'' AND ''%%b%%'' over orders (5): median %s ms',
              round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1))
FROM (SELECT bench_ms('SELECT id FROM doc WHERE description LIKE ''%'' || split_part($1, '' '', 1) || ''%''
                       AND description LIKE ''%'' || split_part($1, '' '', 2) || ''%'' LIMIT 10', ARRAY[q]) AS ms
      FROM q WHERE k <= 5) x;
-- 4. the same orders in hotline.work_order (a topic per matter), found by hotline.search_orders
-- (the vectors the trigger writes into hotline.order_words, ranked as
-- stored) beside the vectors of 3; then the unit suggestion
-- (hotline.suggest_units) for 20 of them
INSERT INTO hotline.topic (code, name) SELECT 'bs-' || n, m FROM matter;
SELECT format('the orders into hotline.work_order, their words into hotline.order_words (trigger): %s ms, %s orders/s', round(ms),
              round((SELECT count(*) FROM doc) / (ms / 1000)))
FROM (SELECT bench_ms($b$INSERT INTO hotline.work_order (order_no, region, workflow, state, appeal_type, channel,
                                                           description, accepted_at, accepted_by, topic_id)
                         SELECT ('110101-' || to_char(date '2026-11-30' - (doc.id % 365)::int, 'YYYYMMDD') || '-'
                                 || lpad(doc.id::text, 8, '0'))::hotline.order_no, '110101', 'appeal_12345', 'archived',
                                'complaint', 'phone', doc.description,
                                (date '2026-11-30' - (doc.id % 365)::int + time '10:00') AT TIME ZONE 'Asia/Shanghai', 'bench',
                                t.id
                         FROM doc JOIN hotline.topic t ON t.code = 'bs-' || (1 + (doc.id * 7) % 30)$b$, '{}') AS ms) x;
VACUUM ANALYZE hotline.work_order, hotline.order_words;
SELECT format('hotline.order_words: %s MB, its index order_words_words %s MB', round(pg_total_relation_size('hotline.order_words') / 1e6, 1), round(pg_relation_size('hotline.order_words_words') / 1e6, 1));
CREATE TEMP TABLE t2 AS
SELECT 'hotline.search_orders' AS what, k,
       bench_ms('SELECT count(*) FROM hotline.search_orders($1, top => 10)', ARRAY[q]) AS ms FROM q
UNION ALL
SELECT 'hotline.search_orders, one month', k,
       bench_ms('SELECT count(*) FROM hotline.search_orders($1, from_day => ''2026-11-01'', to_day => ''2026-11-30'', top => 10)',
                ARRAY[q]) FROM q
UNION ALL
SELECT 'hotline.suggest_units', k,
       bench_ms('SELECT count(*) FROM hotline.suggest_units($1::hotline.order_no)', ARRAY[o.order_no::text])
FROM generate_series(1, 20) k
CROSS JOIN LATERAL (SELECT w.order_no FROM hotline.work_order w ORDER BY w.order_no OFFSET k * 49999 LIMIT 1) o;
SELECT format('%s (%s): median %s ms, p95 %s ms%s', what, count(*),
              round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2),
              round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)::numeric, 2),
              CASE WHEN what = 'hotline.search_orders' THEN
                  format('; median over the stored vectors'' %s', round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)
                      / (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t.ms) FROM t WHERE t.what = 'orders'))::numeric, 2))
              ELSE '' END)
FROM t2 GROUP BY what ORDER BY what;
SQL

# The segmentation chosen by measurement (issue 12): ICU's dictionary-based
# word break iterator on the labelled set, beside hotline.zh's figures of
# test/tap/search_quality.sql.
echo
echo "ICU's word break iterator on the labelled set (test/bench/icu_compare.py):"
/usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/icu_compare.py" "$(dirname "${BASH_SOURCE[0]}")/../data/search_set.sql"
