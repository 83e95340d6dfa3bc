-- A reporting tool compares order numbers and time limits (issue 8, gap 9;
-- R-9.5 reporting tools read plain views, R-14.3 usable from any SQL
-- client).  A plain role with PostgreSQL's default search_path ("$user",
-- public) filters, sorts, groups and joins on hotline.order_no and
-- hotline.time_limit with plain SQL, a literal on either side, and the
-- indexes are used; the operators live in pg_catalog, members of the
-- extension.  A schema that shadows the operators cannot change what the
-- extension's own functions resolve, whatever the caller's search_path.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
-- PostgreSQL's default, what a BI tool connects with
SET search_path = "$user", public;
BEGIN;
SELECT plan(66);

-- ---------------------------------------------------------------------------
-- 1. Where the operators are
-- ---------------------------------------------------------------------------
CREATE SCHEMA t;
-- the members of the extension of a catalog
CREATE FUNCTION t.members(catalog regclass) RETURNS SETOF oid LANGUAGE sql STABLE AS $$
    SELECT d.objid FROM pg_catalog.pg_depend d
    WHERE d.classid = catalog AND d.deptype = 'e' AND d.refclassid = 'pg_catalog.pg_extension'::regclass
      AND d.refobjid = (SELECT e.oid FROM pg_catalog.pg_extension e WHERE e.extname = 'hotline') $$;

SELECT is((SELECT count(*)::int FROM pg_catalog.pg_operator WHERE oprnamespace = 'hotline'::regnamespace), 0,
          'no operator lives in schema hotline');
SELECT set_eq($$SELECT o.oprname || ' ' || o.oprleft::regtype || ' ' || o.oprright::regtype || ' ' || o.oprnamespace::regnamespace
                FROM pg_catalog.pg_operator o WHERE o.oid IN (SELECT t.members('pg_catalog.pg_operator'))
                  AND o.oprleft IN ('hotline.order_no'::regtype, 'hotline.time_limit'::regtype)$$,
              $$SELECT op || ' ' || ty || ' ' || ty || ' pg_catalog'
                FROM unnest('{=,<>,<,<=,>,>=}'::text[]) op, unnest('{hotline.order_no,hotline.time_limit}'::text[]) ty$$,
              'the 12 operators of order_no and time_limit are members of the extension, in pg_catalog');
SELECT is((SELECT count(*)::int FROM pg_catalog.pg_amop a
           WHERE a.amopopr IN (SELECT o.oid FROM pg_catalog.pg_operator o
                               WHERE o.oprleft IN ('hotline.order_no'::regtype, 'hotline.time_limit'::regtype))), 12,
          'all 12 are in the btree and hash operator classes (5 + 1 per type)');
SELECT set_eq($$SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
                WHERE p.oid IN (SELECT t.members('pg_catalog.pg_proc')) AND p.prokind = 'a'
                  AND p.proname IN ('min', 'max')$$,
              ARRAY['max(hotline.order_no)', 'min(hotline.order_no)'],
              'min() and max() of order numbers are the extension''s, in pg_catalog (visible with any search path)');
SELECT is((SELECT count(*)::int FROM pg_catalog.pg_proc p
           WHERE p.oid IN (SELECT t.members('pg_catalog.pg_proc')) AND p.prosrc LIKE '%OPERATOR(hotline.%'), 0,
          'no function of the extension names an operator in schema hotline');
SELECT is(max(x), 'b', 'an untyped literal still goes to text''s max()') FROM (VALUES ('a'), ('b')) v(x);

-- ---------------------------------------------------------------------------
-- 2. A reporting role with the default search_path
-- ---------------------------------------------------------------------------
INSERT INTO hotline.unit (code, name, region, kind) VALUES ('bi-dc', '东城区城市管理委员会', '110101', 'department');
CREATE TABLE t.ord (n integer PRIMARY KEY, no hotline.order_no NOT NULL);
INSERT INTO t.ord
SELECT g, hotline.accept(region => '110101', appeal_type => 'help', channel => 'phone',
                         description => format('第%s号测试工单：路灯不亮', g), address => format('测试路%s号', g * 100),
                         actor => '话务员 01')
FROM generate_series(1, 30) g ORDER BY g;
-- the BI tool's own table, keyed by order number, with a time limit
CREATE TABLE t.report (order_no hotline.order_no PRIMARY KEY, lim hotline.time_limit NOT NULL, note text);
CREATE INDEX ON t.report (lim);
INSERT INTO t.report SELECT no, (CASE WHEN n % 2 = 0 THEN '7 working days' ELSE '3个工作日' END)::hotline.time_limit, 'row ' || n
FROM t.ord WHERE n <= 10;
ANALYZE hotline.work_order;
ANALYZE t.report;

-- the order numbers as text, for literals in the queries below
SELECT no::text AS o1 FROM t.ord WHERE n = 1 \gset
SELECT no::text AS o5 FROM t.ord WHERE n = 5 \gset
SELECT no::text AS o6 FROM t.ord WHERE n = 6 \gset
SELECT no::text AS o9 FROM t.ord WHERE n = 9 \gset
SELECT no::text AS o30 FROM t.ord WHERE n = 30 \gset

-- EXPLAIN of a query, as the caller (its search_path)
CREATE FUNCTION t.plan(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    result text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        result := result || line || E'\n';
    END LOOP;
    RETURN result;
END $$;

CREATE ROLE hotline_tap_bi NOLOGIN;
GRANT USAGE ON SCHEMA hotline, t TO hotline_tap_bi;
GRANT SELECT ON t.ord, t.report TO hotline_tap_bi;
-- the orders as a centre's reader sees them (row-level security: the city)
GRANT hotline_supervisor TO hotline_tap_bi;

SET ROLE hotline_tap_bi;
SELECT is(current_setting('search_path'), '"$user", public', 'the reporting role has the default search_path');

-- filters: a literal on either side, <>, ranges, IN, ANY, BETWEEN
SELECT is((SELECT count(*)::int FROM hotline.work_order WHERE order_no = :'o5'), 1,
          'WHERE order_no = ''...'' finds the order');
SELECT is((SELECT count(*)::int FROM hotline.work_order WHERE :'o5' = order_no), 1,
          'WHERE ''...'' = order_no: a literal on the left');
SELECT is((SELECT count(*)::int FROM hotline.work_order WHERE order_no <> :'o5'), 29, '<> the others');
SELECT is((SELECT count(*)::int FROM hotline.work_order WHERE order_no < :'o5'), 4, '< the earlier ones');
SELECT is((SELECT count(*)::int FROM hotline.work_order WHERE :'o5' <= order_no), 26, 'a literal on the left of <=');
SELECT is((SELECT count(*)::int FROM hotline.work_order WHERE order_no IN (:'o5', :'o9', '110101-20000101-000001')), 2,
          'IN (list of literals)');
SELECT is((SELECT count(*)::int FROM hotline.work_order WHERE order_no NOT IN (:'o5', :'o9')), 28, 'NOT IN');
SELECT is((SELECT count(*)::int FROM hotline.work_order WHERE order_no = ANY (ARRAY[:'o5', :'o6']::hotline.order_no[])), 2,
          '= ANY (array)');
SELECT is((SELECT count(*)::int FROM hotline.work_order WHERE order_no BETWEEN :'o5' AND :'o9'), 5, 'BETWEEN');
SELECT is((SELECT count(*)::int FROM hotline.work_order WHERE order_no IS DISTINCT FROM :'o5'), 29, 'IS DISTINCT FROM');
SELECT is((SELECT CASE order_no WHEN :'o5' THEN 'five' ELSE 'other' END FROM hotline.work_order WHERE order_no = :'o5'),
          'five', 'CASE order_no WHEN ''...''');
SELECT is((SELECT n FROM t.ord WHERE no = (SELECT max(order_no) FROM hotline.work_order)), 30, 'max(order_no)');
SELECT is((SELECT min(order_no)::text FROM hotline.work_order), :'o1', 'min(order_no)');

-- sorting, DISTINCT, GROUP BY
SELECT is((SELECT order_no::text FROM hotline.work_order ORDER BY order_no DESC LIMIT 1), :'o30', 'ORDER BY order_no DESC');
SELECT is((SELECT order_no::text FROM hotline.work_order ORDER BY order_no USING < LIMIT 1), :'o1', 'ORDER BY order_no USING <');
SELECT is((SELECT count(*)::int FROM (SELECT DISTINCT order_no FROM (SELECT order_no FROM hotline.work_order
                                      UNION ALL SELECT order_no FROM t.report) u) d), 30, 'DISTINCT');
SELECT is((SELECT count(*)::int FROM (SELECT order_no, count(*) FROM (SELECT order_no FROM hotline.work_order
                                      UNION ALL SELECT order_no FROM t.report) u GROUP BY order_no HAVING count(*) = 2) g), 10,
          'GROUP BY order_no');

-- joins
SELECT is((SELECT count(*)::int FROM t.report r JOIN hotline.work_order w ON w.order_no = r.order_no), 10, 'JOIN ... ON =');
SELECT is((SELECT count(*)::int FROM t.report JOIN hotline.work_order USING (order_no)), 10, 'JOIN ... USING (order_no)');
SELECT is((SELECT count(*)::int FROM hotline.work_order w LEFT JOIN t.report r ON r.order_no = w.order_no
           WHERE r.order_no IS NULL), 20, 'LEFT JOIN ... ON =');

-- time limits
SELECT is((SELECT count(*)::int FROM t.report WHERE lim = '7 working days'), 5, 'WHERE time_limit = ''...''');
SELECT is((SELECT count(*)::int FROM t.report WHERE '7个工作日' = lim), 5, 'a time limit literal on the left, in Chinese');
SELECT is((SELECT count(*)::int FROM t.report WHERE lim < '4 working days'), 5, 'time_limit <');
SELECT is((SELECT count(*)::int FROM t.report WHERE lim IN ('3 working days', '1 hour')), 5, 'time_limit IN (...)');
SELECT is((SELECT count(*)::int FROM t.report WHERE lim BETWEEN '1 working day' AND '1 working hour'), 0,
          'BETWEEN of time limits (a working hour is shorter than a working day: nothing between)');
SELECT is(ARRAY(SELECT DISTINCT lim::text FROM t.report ORDER BY 1), '{"3 working days","7 working days"}',
          'DISTINCT time limits');
SELECT is((SELECT count(*)::int FROM t.report r JOIN t.report s ON s.lim = r.lim), 50, 'a join on time limits');

-- the plans: the indexes and hash joins are used
SET enable_seqscan = off;
-- (an index scan or a bitmap scan, as the statistics have it)
\set by_pkey '(Index (Only )?Scan using|Bitmap Index Scan on) work_order_pkey'
SELECT matches(t.plan(format('SELECT * FROM hotline.work_order WHERE order_no = %L', :'o5')),
               :'by_pkey', 'the index work_order_pkey answers = ''...''');
SELECT matches(t.plan(format('SELECT * FROM hotline.work_order WHERE %L = order_no', :'o5')),
               :'by_pkey', '... and ''...'' = order_no');
SELECT matches(t.plan(format('SELECT * FROM hotline.work_order WHERE order_no IN (%L, %L)', :'o5', :'o9')),
               :'by_pkey', '... IN (...)');
SELECT matches(t.plan(format('SELECT * FROM hotline.work_order WHERE order_no BETWEEN %L AND %L', :'o5', :'o9')),
               :'by_pkey', '... BETWEEN');
SELECT matches(t.plan('SELECT * FROM hotline.work_order ORDER BY order_no DESC LIMIT 3'),
               'Index (Only )?Scan Backward using work_order_pkey', '... ORDER BY order_no DESC LIMIT');
SELECT matches(t.plan('SELECT max(order_no) FROM hotline.work_order'),
               'Index (Only )?Scan Backward using work_order_pkey', '... max(order_no)');
SELECT matches(t.plan('SELECT * FROM t.report WHERE lim = ''7 working days'''),
               '(Index (Only )?Scan using|Bitmap Index Scan on) report_lim_idx', 'the index on a time limit answers = ''...''');
SET enable_hashjoin = off;
SET enable_mergejoin = off;
-- (either table may be the inner one)
SELECT matches(t.plan('SELECT * FROM t.report r JOIN hotline.work_order w ON w.order_no = r.order_no'),
               'Nested Loop.*(Index (Only )?Scan using|Bitmap Index Scan on) (work_order_pkey( on work_order w)?|report_pkey( on report r)?)\s+Index Cond: \(order_no = [wr].order_no\)',
               'a join on order_no: a nested loop looks each order up in the other''s index');
RESET enable_hashjoin;
RESET enable_mergejoin;
RESET enable_seqscan;
SET enable_nestloop = off;
SET enable_mergejoin = off;
SELECT matches(t.plan('SELECT * FROM t.report r JOIN hotline.work_order w USING (order_no)'),
               'Hash Join\s+Hash Cond: \((w.order_no = r.order_no|r.order_no = w.order_no)\)', 'a hash join on order_no');
SELECT matches(t.plan('SELECT * FROM t.report r JOIN t.report s ON s.lim = r.lim'),
               'Hash Join\s+Hash Cond: \(r.lim = s.lim\)', 'a hash join on time limits');
RESET enable_mergejoin;
SET enable_hashjoin = off;
SELECT matches(t.plan('SELECT * FROM t.report r JOIN hotline.work_order w USING (order_no)'),
               'Merge Join\s+Merge Cond: \((r.order_no = w.order_no|w.order_no = r.order_no)\)', 'a merge join on order_no');
RESET enable_hashjoin;
RESET enable_nestloop;
SET enable_sort = off;
SELECT matches(t.plan('SELECT order_no, count(*) FROM hotline.assignment GROUP BY order_no'),
               'HashAggregate', 'GROUP BY order_no hashed');
RESET enable_sort;

-- ---------------------------------------------------------------------------
-- 3. A hostile search_path: a schema first with shadowing operators
-- ---------------------------------------------------------------------------
RESET ROLE;
CREATE SCHEMA evil;
CREATE FUNCTION evil.order_no_cmp(hotline.order_no, hotline.order_no) RETURNS boolean LANGUAGE plpgsql AS
    $$ BEGIN RAISE EXCEPTION 'hijacked: evil''s operator on order numbers ran'; END $$;
CREATE FUNCTION evil.time_limit_cmp(hotline.time_limit, hotline.time_limit) RETURNS boolean LANGUAGE plpgsql AS
    $$ BEGIN RAISE EXCEPTION 'hijacked: evil''s operator on time limits ran'; END $$;
DO $$
DECLARE
    op text;
    ty text;
BEGIN
    FOREACH op IN ARRAY '{=,<>,<,<=,>,>=}'::text[] LOOP
        FOREACH ty IN ARRAY '{order_no,time_limit}'::text[] LOOP
            EXECUTE format('CREATE OPERATOR evil.%s (LEFTARG = hotline.%s, RIGHTARG = hotline.%2$s, PROCEDURE = evil.%2$s_cmp)',
                           op, ty);
        END LOOP;
    END LOOP;
END $$;
GRANT USAGE ON SCHEMA evil TO PUBLIC;

SET ROLE hotline_tap_bi;
SET search_path = evil, public;
SELECT is((SELECT count(*)::int FROM hotline.work_order WHERE order_no = :'o5'), 1,
          'search_path evil, public: pg_catalog is searched first, the shadowing = does not win');
SET search_path = evil, pg_catalog, public;
SELECT throws_like(format('SELECT count(*) FROM hotline.work_order WHERE order_no = %L', :'o5'), 'hijacked%',
                   'search_path evil, pg_catalog, public: the session''s own SQL gets evil''s = (the shadow is real)');
RESET ROLE;

SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
                  WHERE p.oid IN (SELECT t.members('pg_catalog.pg_proc')) AND p.prosecdef
                    AND NOT EXISTS (SELECT FROM unnest(p.proconfig) c WHERE c LIKE 'search\_path=%')$$,
                'every SECURITY DEFINER function of the extension pins its search_path');

-- The extension's functions resolve their own operators whatever the
-- caller's path: the 12345 workflow, supervision, the escalation rules, the
-- sweep and the views, played with evil's operators first on the path.
CREATE TABLE t.named (name text PRIMARY KEY, no hotline.order_no NOT NULL);
CREATE FUNCTION t.o(text) RETURNS hotline.order_no LANGUAGE sql STABLE AS
    $$ SELECT no FROM t.named WHERE name = $1 $$;
SET search_path = evil, pg_catalog, public;
SELECT lives_ok($$INSERT INTO t.named VALUES
                  ('gas', hotline.accept(region => '110101', appeal_type => 'help', channel => 'phone',
                                         description => '楼道里有很大的燃气味', citizen_phone => '139 0000 1111',
                                         emergency => 'accident', actor => '话务员 02')),
                  ('lamp1', hotline.accept(region => '110101', appeal_type => 'complaint', channel => 'phone',
                                           description => '东直门北小街路灯连续一周不亮', citizen_phone => '138 0000 2222',
                                           address => '东直门北小街', actor => '话务员 02')),
                  ('lamp2', hotline.accept(region => '110101', appeal_type => 'complaint', channel => 'phone',
                                           description => '东直门北小街路灯还是不亮', citizen_phone => '138 0000 2222',
                                           address => '东直门北小街', actor => '话务员 02'))$$,
                'accept (emergency and repeat-caller rules) with evil first on the path');
SELECT lives_ok($$SELECT hotline.dispatch(t.o('lamp1'), lead_unit => 'bi-dc', opinion => '请修复路灯')$$, 'dispatch');
SELECT lives_ok($$SELECT hotline.sign_for(t.o('lamp1'), unit => 'bi-dc')$$, 'sign_for (assignment_of)');
SELECT lives_ok($$SELECT hotline.return_order(t.o('lamp1'), unit => 'bi-dc', reason => '不属于本单位职责')$$,
                'return_order (the bad-handling rule)');
SELECT lives_ok($$SELECT hotline.dispatch(t.o('lamp1'), lead_unit => 'bi-dc', opinion => '经核实属本单位职责，请办理')$$,
                'dispatch again');
SELECT lives_ok($$SELECT hotline.sign_for(t.o('lamp1'), unit => 'bi-dc')$$, 'sign_for again');
SELECT lives_ok($$SELECT hotline.reply(t.o('lamp1'), unit => 'bi-dc', result => '已更换灯泡', contacted => true)$$, 'reply');
SELECT lives_ok($$SELECT hotline.review(t.o('lamp1'), accept => true)$$, 'review');
SELECT lives_ok($$SELECT hotline.merge(t.o('lamp2'), t.o('lamp1'))$$, 'merge');
SELECT hotline.open_supervision(t.o('gas'), 'manual', note => '电话督促') AS s \gset
SELECT ok(:s > 0, 'open_supervision');
SELECT lives_ok(format($$SELECT hotline.record_supervision(%s, '燃气公司已上门')$$, :s), 'record_supervision');
SELECT lives_ok(format($$SELECT hotline.close_supervision(%s, '隐患已消除')$$, :s), 'close_supervision');
SELECT lives_ok($$SELECT hotline.sweep()$$, 'the sweep');
SELECT lives_ok($$SELECT count(*) FROM hotline.supervision_board$$, 'view supervision_board');
SELECT lives_ok($$SELECT count(*) FROM hotline.merge_candidate$$, 'view merge_candidate');
SELECT is((SELECT state FROM hotline.work_order WHERE order_no OPERATOR(pg_catalog.=) t.o('lamp2')), 'merged',
          'the merged order is merged');
SELECT is((SELECT count(*)::int FROM hotline.supervision WHERE order_no OPERATOR(pg_catalog.=) t.o('gas')), 2,
          'the emergency and the manual supervision of the gas leak');

SELECT * FROM finish();
ROLLBACK;
