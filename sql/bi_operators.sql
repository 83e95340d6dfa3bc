--
-- Order numbers and time limits with PostgreSQL's default search_path, as a
-- reporting tool connects (issue 8, gap 9; R-9.5, R-14.3): the operators
-- are in pg_catalog, the plans use the indexes, and what a client sees when
-- it binds a varchar or names the operators where 0.1.0 had them.
--
SET search_path = "$user", public;
SHOW search_path;

CREATE TABLE bi_report (
    order_no    hotline.order_no PRIMARY KEY,
    lim         hotline.time_limit NOT NULL
);
CREATE INDEX ON bi_report (lim);
INSERT INTO bi_report
SELECT hotline.make_order_no('110101', '2026-11-23', g),
       CASE WHEN g % 2 = 0 THEN '7 working days' ELSE '3个工作日' END::hotline.time_limit
FROM generate_series(1, 6) g;

-- a literal on either side, IN, BETWEEN, max()
SELECT order_no, lim FROM bi_report WHERE order_no = '110101-20261123-000002';
SELECT order_no FROM bi_report WHERE '110101-20261123-000005' <= order_no ORDER BY order_no;
SELECT count(*) FROM bi_report WHERE order_no IN ('110101-20261123-000001', '110101-20261123-000003');
SELECT count(*) FROM bi_report WHERE order_no BETWEEN '110101-20261123-000002' AND '110101-20261123-000004';
SELECT max(order_no), min(order_no) FROM bi_report;
SELECT lim, count(*) FROM bi_report WHERE lim < '1 day' OR lim >= '7个工作日' GROUP BY lim ORDER BY lim;

-- the index on order_no answers = and IN, and a join looks orders up in it
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM bi_report WHERE order_no = '110101-20261123-000002';
EXPLAIN (COSTS OFF) SELECT * FROM bi_report WHERE order_no IN ('110101-20261123-000001', '110101-20261123-000003');
SET enable_hashjoin = off;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT * FROM bi_report r JOIN bi_report s USING (order_no) WHERE r.lim = '7 working days';
RESET enable_hashjoin;
RESET enable_mergejoin;
RESET enable_seqscan;

-- a parameter bound as varchar (JDBC setString) is not an order number:
-- send it untyped (JDBC stringtype=unspecified) or cast it
PREPARE by_varchar(varchar) AS SELECT count(*) FROM bi_report WHERE order_no = $1;
PREPARE by_unknown(unknown) AS SELECT count(*) FROM bi_report WHERE order_no = $1;
EXECUTE by_unknown('110101-20261123-000002');
PREPARE by_cast(varchar) AS SELECT count(*) FROM bi_report WHERE order_no = $1::hotline.order_no;
EXECUTE by_cast('110101-20261123-000002');
EXECUTE by_cast('110101-2026-1123');

-- SQL written for 0.1.0, where the operators were in schema hotline
SELECT count(*) FROM bi_report WHERE order_no OPERATOR(hotline.=) '110101-20261123-000002';
SELECT count(*) FROM bi_report WHERE order_no OPERATOR(pg_catalog.=) '110101-20261123-000002';

DEALLOCATE ALL;
DROP TABLE bi_report;
