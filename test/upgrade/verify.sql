-- After ALTER EXTENSION hotline UPDATE of a busy 0.1.0 hotline
-- (test/upgrade/setup-0.1.0.sql filled it before the update):
--   1. the extension is at the new version;
--   2. no row was lost or added by the update but for what the update
--      says it adds (setup kept every row as public.dump_snapshot);
--   3. the updated hotline goes on: the restored orders take actions, a new
--      order is accepted and dispatched, a sweep runs.
-- One transaction, rolled back.
\set ON_ERROR_STOP true
SET client_min_messages = error;
SET TimeZone = 'UTC';
SET search_path = public, hotline;
BEGIN;
SELECT plan(9);

CREATE FUNCTION pg_temp.o(text) RETURNS hotline.order_no
    LANGUAGE sql STABLE AS $$ SELECT order_no FROM public.dump_order WHERE name = $1 $$;

SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'hotline'),
          (SELECT default_version FROM pg_available_extensions WHERE name = 'hotline'),
          'the extension is at the default version');

-- the users' rows of the tables that 0.1.0 had, all still there (the
-- built-in rows, which an update may change, are compared with a new
-- installation's by test/upgrade/describe.sql)
CREATE FUNCTION pg_temp.users_row(tbl text, r jsonb) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT NOT coalesce((r ->> 'builtin')::boolean, false)
       AND NOT (tbl LIKE 'workflow%' AND r ->> 'workflow' IN (SELECT w.name FROM hotline.workflow w WHERE w.builtin)) $$;
SELECT is(
    ARRAY(SELECT c.tbl || ': ' || b.n || ' before, ' || a.n || ' after'
          FROM public.dump_count c
          CROSS JOIN LATERAL (SELECT count(*) AS n FROM public.dump_snapshot s
                              WHERE s.tbl = c.tbl AND pg_temp.users_row(c.tbl, s.row)) b
          CROSS JOIN LATERAL (SELECT (xpath('/row/n/text()', query_to_xml(
                                  format('SELECT count(*) AS n FROM hotline.%I t WHERE pg_temp.users_row(%L, to_jsonb(t))', c.tbl, c.tbl),
                                  false, true, '')))[1]::text::bigint AS n) a
          WHERE b.n <> a.n AND c.tbl NOT IN ('calendar_change')
          ORDER BY c.tbl),
    '{}'::text[], 'every table holds the users'' rows it held before the update');
SELECT is((SELECT count(*) FROM hotline.order_event e WHERE e.order_no = pg_temp.o('archived')),
          (SELECT count(*) FROM public.dump_snapshot s WHERE s.tbl = 'order_event'
             AND s.row ->> 'order_no' = pg_temp.o('archived')::text),
          'the history of an archived order is untouched');

-- 0.2.0 keeps each order deadline's limit and start: the update found
-- them in the history of the open orders
SELECT is((SELECT count(*) FROM hotline.work_order
           WHERE closed_at IS NULL AND ((dispatch_due IS NOT NULL AND dispatch_limit IS NULL)
                                        OR (callback_due IS NOT NULL AND callback_limit IS NULL))),
          0::bigint, 'every open order''s dispatch and callback deadline got its limit and start from its history');

-- the updated hotline goes on
SELECT lives_ok($$SELECT hotline.reply(pg_temp.o('overdue'), 'dc-zjw', '已协调物业修复电梯，恢复运行', true, 'phone')$$,
                'an overdue order dispatched before the update is replied to');
SELECT lives_ok($$INSERT INTO public.dump_order VALUES ('after', hotline.accept(
                    region => '110101', appeal_type => 'complaint', channel => 'phone',
                    description => '升级后受理：小区门口占道经营', citizen_phone => '13911112222',
                    actor => '话务员 12'))$$,
                'a new appeal is accepted after the update');
SELECT lives_ok($$SELECT hotline.dispatch(pg_temp.o('after'), 'dc-cgw', '请核实处理', 'phone', actor => '派单员 07')$$,
                'and dispatched');
SELECT cmp_ok((SELECT reply_due FROM hotline.work_order WHERE order_no = pg_temp.o('after')), '>', now(),
              'with a reply deadline');
SELECT lives_ok($$SELECT hotline.sweep()$$, 'the sweep runs');

SELECT * FROM finish();
ROLLBACK;
