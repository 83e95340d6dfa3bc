-- hotline demo, part 7: finding past orders by their words (issue 12,
-- begun; R-8.1).  Run by `make demo` (test/demo.sh) after 60_report.sql.
-- PostgreSQL's own full-text search with the Chinese configuration
-- hotline.zh (overlapping character pairs): a GIN index on the orders'
-- descriptions, an agent's words, the matching characters marked.

\pset footer off
\pset null '-'
\set ON_ERROR_STOP on

\echo
\echo '=== Part 7: finding past orders by their words (hotline.zh) ==='
\echo
SET client_min_messages = warning;
CREATE INDEX IF NOT EXISTS demo_order_words ON hotline.work_order USING gin (to_tsvector('hotline.zh', description));
\echo 'How a description is split into the words the index holds:'
SELECT alias, token, lexemes FROM ts_debug('hotline.zh', '东直门北小街路灯不亮，3号楼ＷｉＦｉ也断了');

\echo
\echo 'Orders about 路灯 (street lights), best first, the words marked:'
SELECT order_no, state, ts_headline('hotline.zh', description, q, 'StartSel=【, StopSel=】, MaxWords=30') AS "描述"
FROM hotline.work_order, websearch_to_tsquery('hotline.zh', '路灯') q
WHERE to_tsvector('hotline.zh', description) @@ q
ORDER BY ts_rank(to_tsvector('hotline.zh', description), q) DESC, order_no;

\echo
\echo 'A citizen''s sentence as a ranked search (hotline.zh_any: any of its character pairs):'
SELECT order_no, round(ts_rank(to_tsvector('hotline.zh', description), q)::numeric, 4) AS rank,
       ts_headline('hotline.zh', description, q, 'StartSel=【, StopSel=】, MaxWords=30') AS "描述"
FROM hotline.work_order, hotline.zh_any('我家暖气不热，室温太低了') q
WHERE to_tsvector('hotline.zh', description) @@ q
ORDER BY rank DESC, order_no
LIMIT 5;
