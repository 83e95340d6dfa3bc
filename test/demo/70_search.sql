-- hotline demo, part 7: the knowledge base and Chinese search (issue 12;
-- R-3, R-4.4, R-8.1, R-10).  Run by `make demo` (test/demo.sh) after
-- 60_report.sql.  PostgreSQL's own full-text search with the Chinese
-- configuration hotline.zh (overlapping character pairs): an agent answers
-- a call from the knowledge base, a dispatcher finds past orders by their
-- words (the order's and its replies') and gets the units suggested for a
-- new order, with the evidence.

\pset footer off
\pset null '-'
\set ON_ERROR_STOP on

\echo
\echo '=== Part 7: the knowledge base and Chinese search (hotline.zh) ==='
\echo
SET client_min_messages = warning;
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

\echo
\echo 'A call: 来电人问"孩子上幼儿园春季插班怎么报名". The agent searches the knowledge base (only articles in force):'
SELECT article_id AS "id", version, kind, title, round(rank::numeric, 4) AS rank, headline
FROM hotline.kb_search('孩子上幼儿园春季插班怎么报名', 3);
\echo 'and answers on the spot (直接办理), citing the first article (recorded as id:version):'
SELECT hotline.answer('110101', 'consultation', 'phone', '咨询孩子上幼儿园春季插班如何报名', '已告知以各园公告为准，可在区教委网站查询空余学位及报名时间',
                      knowledge_article => (SELECT article_id::text FROM hotline.kb_search('孩子上幼儿园春季插班怎么报名', 1)),
                      citizen_phone => '13522226688', actor => '话务员 刘婷') AS "order answered on the spot";
SELECT k.title, u.citations, u.answers, u.orders
FROM hotline.kb_usage u JOIN hotline.kb_in_force k USING (article_id)
ORDER BY u.citations DESC, k.title;

\echo
\echo 'A dispatcher searches the orders of the day (hotline.search_orders, with the caller''s rights): 暖气 不热, dispatched to 北京市热力集团'
SELECT order_no, state, topic_code, found_in, headline
FROM hotline.search_orders('暖气 不热', unit => 'bj-rl');
\echo 'and by the words of the replies (folded by the statistics job in part 6): 更换阀门'
SELECT order_no, state, found_in, headline FROM hotline.search_orders('更换阀门');

\echo
\echo '辅助派单: the duty articles (职责) of two units, then a new call, and the units suggested with their evidence:'
SELECT hotline.kb_publish(hotline.kb_write(NULL, v.title, v.body, kind => 'duty', owner_unit => v.owner,
                                           effective_from => '2024-01-01', actor => '知识库管理员 王芳'),
                          actor => '知识库管理员 王芳') AS published, v.title
FROM (VALUES ('北京市热力集团职责：居民供热', 'bj-rl', '负责集中供热区域居民供暖的运行保障，受理暖气不热、管道漏水、阀门故障等供热报修。'),
             ('东城区城管委职责：供热行业监管', 'dc-cgw', '负责本区供热行业监督管理，督促供热单位落实供热质量标准，协调处理供热纠纷。')
     ) v(title, owner, body);
CREATE TEMP TABLE demo_new AS
SELECT hotline.accept('110101', 'complaint', 'phone', '和平里五区3号楼暖气不热，室温只有16℃，家里有婴儿', topic => 'cxjs-gr',
                      citizen_phone => '13911112222', citizen_name => '周女士', address => '和平里五区3号楼',
                      actor => '话务员 马骏') AS order_no;
SELECT rank, unit, name, score,
       (SELECT string_agg(d ->> 'title', '；') FROM jsonb_array_elements(duty) d) AS "duty articles",
       jsonb_array_length(orders) AS "similar orders kept"
FROM hotline.suggest_units((SELECT order_no FROM demo_new), actor => '派单员 孙磊');
\echo 'The dispatcher takes the first unit; the suggestion''s outcome and the day''s hit rate:'
SELECT hotline.dispatch(order_no, (SELECT units -> 0 ->> 'unit' FROM hotline.unit_suggestion s
                                   WHERE s.order_no = demo_new.order_no ORDER BY id DESC LIMIT 1),
                        '请尽快上门排查', actor => '派单员 孙磊') AS dispatched
FROM demo_new;
SELECT order_no, first_suggested, dispatched_to, place FROM hotline.unit_suggestion_outcome;
SELECT day, suggestions, dispatched, first_taken, taken, first_hit_rate, hit_rate FROM hotline.unit_suggestion_daily;
