-- After ALTER EXTENSION hotline UPDATE of a busy 0.1.0 hotline
-- (test/upgrade/data-0.1.0.sql, as the 0.1.0 library left it):
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
SELECT plan(21);

CREATE FUNCTION pg_temp.o(text) RETURNS hotline.order_no
    LANGUAGE sql STABLE AS $$ SELECT order_no FROM public.dump_order WHERE name = $1 $$;

CREATE FUNCTION pg_temp.rows_after(tbl text) RETURNS TABLE (r jsonb) LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY EXECUTE format('SELECT to_jsonb(t) FROM hotline.%I t', tbl);
END $$;

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
          WHERE b.n <> a.n AND c.tbl NOT IN ('calendar_change', 'alarm')
          ORDER BY c.tbl),
    '{}'::text[], 'every table holds the users'' rows it held before the update');
-- the tables the keys changed (86_keys.sql): row for row, every column of
-- 0.1.0 with its value, ids included (no id is rewritten by the update)
SELECT is(
    ARRAY(SELECT s.tbl || ' ' || (s.row ->> 'id')
          FROM public.dump_snapshot s
          WHERE s.tbl IN ('unit', 'topic', 'citizen', 'repeat_group', 'repeat_member', 'work_order', 'assignment',
                          'order_event', 'public_notice', 'supervision', 'supervision_record', 'outbox')
            AND NOT EXISTS (SELECT 1 FROM pg_temp.rows_after(s.tbl) a WHERE a.r @> s.row)
          ORDER BY 1),
    '{}'::text[], 'every row of the re-keyed tables is there as it was, with its id');
SELECT is((SELECT count(*) FROM hotline.supervision_record r
           WHERE r.order_no IS DISTINCT FROM (SELECT s.order_no FROM hotline.supervision s WHERE s.id = r.supervision_id)),
          0::bigint, 'a supervision''s records carry its order''s number');
SELECT is(ARRAY(SELECT DISTINCT region FROM hotline.citizen), '{000000}'::text[],
          'the citizens of 0.1.0 belong to the node not set yet (000000), until hotline.set_node');

-- what the update adds (60_alarms.sql): the 12345 workflow's rule
-- hasten_dispatch, and its alarm on every order waiting for dispatch (and
-- the rules of the home-visit plugin, new in 0.2.0)
SELECT is(ARRAY(SELECT rule FROM hotline.workflow_escalation WHERE builtin AND workflow = 'appeal_12345'
                EXCEPT SELECT s.row ->> 'rule' FROM public.dump_snapshot s
                       WHERE s.tbl = 'workflow_escalation' AND (s.row ->> 'builtin')::boolean),
          '{hasten_dispatch}'::text[], 'the update adds the built-in rule hasten_dispatch');
SELECT is((SELECT count(*) FROM hotline.workflow_escalation WHERE workflow <> 'home_visit'),
          (SELECT n + 1 FROM public.dump_count WHERE tbl = 'workflow_escalation'), 'and no other rule but the new plugin''s');
SELECT is(ARRAY(SELECT order_no::text FROM hotline.alarm WHERE rule = 'hasten_dispatch' ORDER BY 1),
          ARRAY(SELECT order_no::text FROM hotline.work_order WHERE closed_at IS NULL AND dispatch_due IS NOT NULL ORDER BY 1),
          'every order waiting for dispatch has its dispatch hastening');
SELECT is((SELECT count(*) FROM hotline.alarm),
          (SELECT n FROM public.dump_count WHERE tbl = 'alarm') + (SELECT count(*) FROM hotline.alarm WHERE rule = 'hasten_dispatch'),
          'and no other alarm was added');
-- the alarms of 0.1.0 follow the new fire-time rule
SELECT is((SELECT count(*) FROM hotline.alarm al
           JOIN hotline.work_order o ON o.order_no = al.order_no
           JOIN hotline.workflow w ON w.name = o.workflow
           LEFT JOIN hotline.assignment a ON a.id = al.assignment_id
           LEFT JOIN hotline.unit u ON u.id = a.unit_id
           WHERE al.fire_at IS NOT NULL AND o.emergency_kind IS NULL AND o.urgency <> 'very_urgent'
             AND hotline.next_opening(coalesce(u.calendar, w.calendar), al.fire_at) <> al.fire_at),
          0::bigint, 'no alarm fires outside its recipient''s business hours');
-- a hastening sent in 0.1.0 repeats the next working day after it was sent,
-- at the time of day it was sent; when that time has passed already (the
-- snapshot is of 2026-12-02 and ages), the next working day after the
-- update at the update's time of day, moved into business hours (an update
-- after closing time repeats the working day after that); 0.1.0 repeated
-- at midnight.  Once 0.1.0's own repeat (midnight, 2026-12-04 in
-- Shanghai) is due at the update, the alarm is due now and is sent at the
-- next opening after that midnight, as every alarm due at the update is.
WITH al AS (
    SELECT al.fire_at, al.last_fired_at,
           hotline.next_opening('cn', ((SELECT min(d::date)
                                        FROM generate_series((al.last_fired_at AT TIME ZONE 'Asia/Shanghai')::date + 1,
                                                             (al.last_fired_at AT TIME ZONE 'Asia/Shanghai')::date + 30,
                                                             interval '1 day') d
                                        WHERE hotline.is_working_day('cn', d::date))
                                       + (al.last_fired_at AT TIME ZONE 'Asia/Shanghai')::time) AT TIME ZONE 'Asia/Shanghai') AS repeat_at,
           (SELECT min(d::date)
            FROM generate_series((now() AT TIME ZONE 'Asia/Shanghai')::date + 1,
                                 (now() AT TIME ZONE 'Asia/Shanghai')::date + 30, interval '1 day') d
            WHERE hotline.is_working_day('cn', d::date)) AS next_working_day,
           (SELECT (array_agg(d::date ORDER BY d))[2]
            FROM generate_series((now() AT TIME ZONE 'Asia/Shanghai')::date + 1,
                                 (now() AT TIME ZONE 'Asia/Shanghai')::date + 30, interval '1 day') d
            WHERE hotline.is_working_day('cn', d::date)) AS working_day_after,
           (SELECT (s.row ->> 'fire_at')::timestamptz FROM public.dump_snapshot s
            WHERE s.tbl = 'alarm' AND s.row ->> 'rule' = 'hasten_reply'
              AND s.row ->> 'order_no' = pg_temp.o('overdue')::text) AS old_fire_at
    FROM hotline.alarm al WHERE al.order_no = pg_temp.o('overdue') AND al.rule = 'hasten_reply')
SELECT ok(CASE WHEN al.old_fire_at <= now() THEN al.fire_at = hotline.next_opening('cn', al.old_fire_at)
               WHEN al.repeat_at > now() THEN al.fire_at = al.repeat_at
               ELSE (al.fire_at AT TIME ZONE 'Asia/Shanghai')::date IN (al.next_working_day, al.working_day_after)
                    AND al.fire_at > now() AND al.fire_at = hotline.next_opening('cn', al.fire_at) END
          AND (al.fire_at AT TIME ZONE 'Asia/Shanghai')::time <> '00:00',
          'a unit hastened twice is hastened again the next working day at the time of day it was hastened (that time past, the next working day after the update, in business hours), not at midnight')
FROM al;

SELECT is((SELECT count(*) FROM hotline.order_event e WHERE e.order_no = pg_temp.o('archived')),
          (SELECT count(*) FROM public.dump_snapshot s WHERE s.tbl = 'order_event'
             AND s.row ->> 'order_no' = pg_temp.o('archived')::text),
          'the history of an archived order is untouched');

-- 0.2.0 chains every order's history (R-1.6): the update numbered and
-- hashed the events 0.1.0 kept
SELECT is((SELECT count(*) FROM (SELECT e.seq, row_number() OVER (PARTITION BY e.order_no ORDER BY e.id) AS n
                                 FROM hotline.order_event e) x WHERE x.seq <> x.n),
          0::bigint, 'the update numbered each order''s events in the order they were recorded');
SELECT is_empty('SELECT * FROM hotline.verify_histories()', 'and chained them: every history verifies intact');

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
SELECT is_empty('SELECT * FROM hotline.verify_histories()', 'the events after the update chain on from the updated histories');

SELECT * FROM finish();
ROLLBACK;
