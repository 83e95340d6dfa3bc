-- hotline demo, reporting: what a BI tool, DBeaver or a JDBC client sees.
-- Played by `make demo` (test/demo.sh) after the day, over TCP to
-- 127.0.0.1 as the login role hotline_reader with its password (read-only,
-- pg_read_all_data), with PostgreSQL's default search_path ("$user",
-- public): nothing is set for hotline.  Order numbers and time limits are
-- compared with plain SQL, a literal on either side, and the indexes are
-- used (issue 8; R-9.5, R-14.3).

\pset footer off
\pset null '-'
\set QUIET on

\echo
\echo '================================================================'
\echo ' A reporting tool connects (R-9.5, R-14.3)'
\echo '================================================================'
\echo 'Over TCP with a password, as a tool connects, with the default search_path:'
\echo
SELECT current_user AS "user", inet_server_addr() AS "server address", inet_server_port() AS port,
       current_setting('search_path') AS search_path;

-- the demo's numbers differ every day: take two of today's as literals
\pset tuples_only on
\pset format unaligned
SELECT order_no AS first_no FROM hotline.work_order ORDER BY order_no LIMIT 1 \gset
SELECT order_no AS third_no FROM hotline.work_order ORDER BY order_no LIMIT 1 OFFSET 2 \gset
\pset format aligned
\pset tuples_only off

\echo
\echo 'One order by its number, the literal as a user types it (WHERE order_no = ''...''):'
\echo
SELECT order_no, state, appeal_type, channel, left(description, 24) AS description
FROM hotline.work_order
WHERE order_no = :'first_no';

\echo
\echo 'A range, the literal on either side, and an IN list:'
\echo
SELECT (SELECT count(*) FROM hotline.work_order WHERE order_no BETWEEN :'first_no' AND :'third_no') AS "BETWEEN",
       (SELECT count(*) FROM hotline.work_order WHERE :'third_no' < order_no) AS "'...' < order_no",
       (SELECT count(*) FROM hotline.work_order WHERE order_no IN (:'first_no', :'third_no')) AS "IN (...)",
       (SELECT max(order_no) FROM hotline.work_order) AS "max(order_no)";

\echo
\echo 'A join on order numbers: each unit''s assignments of the day and their orders'' states'
\echo '(JOIN ... USING (order_no), GROUP BY, ORDER BY):'
\echo
SELECT u.name AS unit, count(*) AS assignments,
       count(*) FILTER (WHERE o.closed_at IS NOT NULL) AS "orders closed",
       min(order_no) AS "first order"
FROM hotline.assignment a
JOIN hotline.work_order o USING (order_no)
JOIN hotline.unit u ON u.id = a.unit_id
GROUP BY u.name
ORDER BY count(*) DESC, u.name
LIMIT 8;

\echo
\echo 'Time limits compare too (workflow appeal_12345''s limits, at most 3 working days):'
\echo
SELECT deadline, coalesce(conditions ->> 'dispatch_mode', '-') AS dispatch_mode, time_limit
FROM hotline.workflow_limit
WHERE workflow = 'appeal_12345' AND time_limit <= '3 working days'
ORDER BY time_limit, deadline;

\echo
\echo 'The plans use the index on work_order.order_no (the demo''s table is tiny, so'
\echo 'sequential scans are switched off here to show what a city-sized table gets):'
\echo
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM hotline.work_order WHERE order_no = :'first_no';
EXPLAIN (COSTS OFF)
SELECT o.order_no, e.action FROM hotline.order_event e JOIN hotline.work_order o ON o.order_no = e.order_no
WHERE e.action = 'dispatch';
RESET enable_seqscan;
