-- hotline demo, part 6: the month's assessment a centre publishes (issue 11,
-- R-9.3).  Run by `make demo` (test/demo.sh) after 50_trust.sql, in
-- database hotline of the demo cluster.
--
-- The statistics job folds the day's orders into the facts and rollups
-- (pg_cron runs it every 10 minutes; here at once); then the month as the
-- centre publishes it: its figures beside the month before (环比) and a year
-- earlier (同比), the units ranked by the composite score with the three
-- rates (response, resolution, satisfaction: 10/45/45), the hot topics; and
-- the same as a page with charts, written by SQL to the file
-- $HOTLINE_DEMO_REPORT (.demo/report.html): open it in a browser.

\pset footer off
\pset null '-'
\set ON_ERROR_STOP on
\getenv report_file HOTLINE_DEMO_REPORT

\echo
\echo '=== Part 6: the month''s assessment (R-9.3) ==='
\echo
\echo 'The statistics job folds the orders whose history grew into facts and rollups:'
SELECT r ->> 'orders' AS "orders folded", r ->> 'rebuilt' AS rebuilt, r ->> 'time_zone' AS "days counted in"
FROM hotline.refresh_statistics() r;

\echo
\echo 'The centre this month, beside the month before (环比) and a year earlier (同比):'
SELECT measure AS "指标", value AS "本期", previous AS "上期", change_previous AS "环比",
       last_year AS "去年同期", change_last_year AS "同比"
FROM hotline.centre_figures('month', (now() AT TIME ZONE hotline.report_time_zone())::date);

\echo
\echo 'The handling units ranked by the composite score (a unit''s figures include its sub-units''):'
SELECT unit_level AS "级", rank AS "名次", unit_name AS "单位", dispatched AS "派单", exempted AS "免考",
       closed AS "办结", closure_rate AS "办结率", on_time_rate AS "按时办结率", response_rate AS "响应率",
       resolution_rate AS "解决率", satisfaction_rate AS "满意率", score AS "综合得分"
FROM hotline.unit_assessment('month', (now() AT TIME ZONE hotline.report_time_zone())::date)
WHERE dispatched > 0;

\echo
\echo 'Hot topics: what rose most against the month before (热点):'
SELECT code, name AS "主题", orders AS "本期", previous_orders AS "上期", rise AS "增加"
FROM hotline.hot_spots('topic', 'month', (now() AT TIME ZONE hotline.report_time_zone())::date, 5);

\echo
\echo 'The same as the page a centre publishes, with charts (HTML and inline SVG, written by SQL):'
\pset format unaligned
\pset tuples_only on
SELECT hotline.assessment_report('month') \g :report_file
\pset format aligned
\pset tuples_only off
\echo '  ' :report_file
\echo '  (open it in a browser; test/report/check.sh checks such a page in headless Chromium)'
