-- Sweep benchmark (test/bench/sweep.sh): add open orders :from .. :to - 1,
-- each dispatched to one unit that signed for it and is handling it, with
-- its reply deadline 7 working days after its dispatch and the alarms of the 12345 time rules
-- as the triggers would have left them in a running system: the sign
-- reminder done, the reply reminder waiting for 80% of the time (or done
-- when that has passed), the hastening waiting for the deadline.  Nothing
-- is due.  Loaded set-based with triggers off (session_replication_role),
-- like pg_restore --disable-triggers; every reference is right by
-- construction.

\set ON_ERROR_STOP on
\set QUIET on
SET client_min_messages = warning;
SET hotline.warn_uncovered = off;
SET jit = off;
SET work_mem = '256MB';
SET session_replication_role = replica;

CREATE TEMP TABLE gen AS
SELECT g,
       hotline.make_order_no('110101', (now() AT TIME ZONE 'Asia/Shanghai')::date - (g / 200000)::int,
                             (g % 200000)::int + 1) AS order_no,
       1 + g % 8 AS unit_no,
       d.dispatched_at,
       hotline.deadline('cn', d.dispatched_at, '7 working days') AS reply_due
FROM generate_series(:from, :to - 1) g
-- dispatched one after the other over the last two days (order g of
-- 1,000,000): the lower ids the older, as in a running system
CROSS JOIN LATERAL (SELECT now() - interval '2 days' + make_interval(secs => g * 0.1728) AS dispatched_at) d;

INSERT INTO hotline.work_order (order_no, region, workflow, state, appeal_type, urgency, channel, description,
                                accepted_at, accepted_by, reply_due)
SELECT order_no, '110101', 'appeal_12345', 'dispatched', 'complaint', 'normal', 'phone',
       '小区楼道堆放杂物占用消防通道，物业不予处理', dispatched_at - interval '1 hour', 'agent 0001', reply_due
FROM gen;

INSERT INTO hotline.assignment (id, order_no, unit_id, role, state, dispatch_mode, opinion, dispatched_at,
                                sign_limit, sign_due, reply_limit, reply_from, reply_due, signed_at)
OVERRIDING SYSTEM VALUE
SELECT g + 1, order_no, (SELECT id FROM hotline.unit WHERE code = 'sw-' || unit_no), 'lead', 'signed', 'written',
       '请核实处理并答复市民', dispatched_at, '1 working day',
       hotline.deadline('cn', dispatched_at, '1 working day'), '7 working days', dispatched_at, reply_due,
       dispatched_at + interval '30 minutes'
FROM gen;

INSERT INTO hotline.alarm (order_no, assignment_id, rule, kind, due_at, fire_at, fired, last_fired_at)
SELECT g.order_no, g.g + 1, r.rule, r.kind, r.due_at,
       CASE WHEN r.fire_at > now() THEN r.fire_at END,
       CASE WHEN r.kind = 'remind' AND r.fire_at <= now() THEN 1 ELSE 0 END,
       CASE WHEN r.kind = 'remind' AND r.fire_at <= now() THEN r.fire_at END
FROM gen g
CROSS JOIN LATERAL (VALUES
    ('remind_sign', 'remind', hotline.deadline('cn', g.dispatched_at, '1 working day'), NULL::timestamptz),
    ('remind_reply', 'remind', g.reply_due, hotline.share_point('cn', g.dispatched_at, g.reply_due, 0.8)),
    ('hasten_reply', 'hasten', g.reply_due, g.reply_due)) AS r(rule, kind, due_at, fire_at);

SELECT setval(pg_get_serial_sequence('hotline.assignment', 'id'), :to + 1) \g /dev/null
RESET session_replication_role;
ANALYZE hotline.work_order, hotline.assignment, hotline.alarm;
