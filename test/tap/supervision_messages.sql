-- Issue 8: messages to people go out inside the recipient's business
-- hours.  Supervision (督办) opened by a rule (a sweep at night, a repeat
-- at intake) tells the supervisors at their next opening, an emergency's at
-- once; supervision opened by a supervisor is told at once.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(4);

CREATE TEMP TABLE o AS
SELECT hotline.accept('110101', 'complaint', 'phone', '小区门口夜市占道经营，噪音扰民至凌晨', actor => '话务员 0105') AS order_no;
CREATE FUNCTION pg_temp.sent_at(sid bigint) RETURNS timestamptz LANGUAGE sql AS $$
    SELECT next_attempt_at FROM hotline.outbox WHERE dedup_key = 'supervise:' || sid $$;

SELECT is(pg_temp.sent_at(hotline.open_supervision((SELECT order_no FROM o), 'overdue', rule => 'hasten_reply',
                                                   actor => 'hotline.sweep')),
          hotline.send_time('cn', now(), 'normal', NULL),
          'opened by a rule: the supervisors are told at their next opening (now, if the centre is open)');

-- a centre whose calendar has no working day today (its week leaves out
-- today's weekday): a rule's supervision waits for its next opening
INSERT INTO hotline.calendar (name, base, work_weekdays, description)
SELECT 'sm_closed', 'cn', array_agg(d::smallint), '今天不上班 (test)'
FROM generate_series(1, 7) d WHERE d <> extract(isodow FROM now() AT TIME ZONE 'Asia/Shanghai');
INSERT INTO hotline.calendar_year (calendar, year, source)
SELECT 'sm_closed', y, 'test' FROM generate_series(2020, 2027) y;
SELECT hotline.register_workflow('{"name": "sm_wf", "description": "测试", "initial_state": "open", "calendar": "sm_closed",
    "states": [{"scope": "order", "state": "open"}],
    "actions": [{"action": "open", "scope": "order", "from": ["new"], "to": "open", "roles": ["agent"]}]}') IS NOT NULL AS r \gset
CREATE TEMP TABLE c AS
SELECT hotline.open_order('sm_wf', 'open', '话务员 0105', 'agent',
    '{"region": "110101", "appeal_type": "complaint", "channel": "phone", "description": "夜间施工噪音"}') AS order_no;
SELECT cmp_ok(pg_temp.sent_at(hotline.open_supervision((SELECT order_no FROM c), 'overdue', rule => 'hasten_reply',
                                                       actor => 'hotline.sweep')),
              '>', now(), 'a rule''s supervision on a day the centre is closed waits for its next opening');
SELECT is(pg_temp.sent_at(hotline.open_supervision((SELECT order_no FROM o), 'manual', person_in_charge => '督办科 王科长',
                                                   method => 'phone', actor => '督办科 王科长')),
          now(), 'opened by a supervisor: at once');

CREATE TEMP TABLE e AS
SELECT hotline.accept('110101', 'help', 'phone', '居民楼燃气泄漏，楼内有异味', emergency => 'accident',
                      actor => '话务员 0105') AS order_no;
SELECT is((SELECT next_attempt_at FROM hotline.outbox m JOIN hotline.supervision s ON m.dedup_key = 'supervise:' || s.id
           WHERE s.order_no = (SELECT order_no FROM e) AND s.reason = 'emergency'),
          now(), 'an emergency''s supervision is told at once, any hour');

SELECT * FROM finish();
ROLLBACK;
