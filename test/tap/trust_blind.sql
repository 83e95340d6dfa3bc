-- Issue 10: two units, each with its orders, blind to each other (R-11.2).
-- Neither reads a byte of the other's: not through a table or a view, not
-- through a sequence, not through an error that echoes what exists, not
-- through what the chasing writes (supervision, notices, alarms, the
-- outbox).  Gateways deliver their own channel only.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(32);

INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('bl-a', '东城区城市管理委员会', '110101', 'department'),
    ('bl-b', '西城区城市管理委员会', '110102', 'department');
CREATE ROLE bl_a_clerk NOLOGIN IN ROLE hotline_unit;
CREATE ROLE bl_b_clerk NOLOGIN IN ROLE hotline_unit;
CREATE ROLE bl_chief NOLOGIN IN ROLE hotline_supervisor;
CREATE ROLE bl_sms NOLOGIN IN ROLE hotline_gateway;
CREATE ROLE bl_mail_gateways NOLOGIN IN ROLE hotline_gateway;
CREATE ROLE bl_mail NOLOGIN IN ROLE bl_mail_gateways;
-- the text messages' gateway is named by its login, the e-mail's (later) by a role of its own
INSERT INTO hotline.outbox_gateway (channel, gateway_role) VALUES ('sms', 'bl_sms');
INSERT INTO hotline.staff (login, name, unit_id)
    SELECT 'bl_a_clerk', '张伟', id FROM hotline.unit WHERE code = 'bl-a'
    UNION ALL SELECT 'bl_b_clerk', '陈晨', id FROM hotline.unit WHERE code = 'bl-b';
INSERT INTO hotline.staff (login, name) VALUES ('bl_chief', '孙伟');

-- each unit's order: dispatched, under supervision, with a message and a notice
CREATE TEMP TABLE o (k text PRIMARY KEY, order_no hotline.order_no);
GRANT SELECT ON o TO PUBLIC;
INSERT INTO o VALUES
    ('a', hotline.accept('110101', 'complaint', 'phone', '东直门外大街井盖缺失，夜间行人易摔倒',
                         citizen_phone => '13700137000', citizen_name => '赵磊')),
    ('b', hotline.accept('110102', 'complaint', 'phone', '西四北大街共享单车堆放占用盲道',
                         citizen_phone => '13600136000', citizen_name => '钱芳'));
SELECT hotline.dispatch((SELECT order_no FROM o WHERE k = 'a'), 'bl-a', '请尽快处置井盖');
SELECT hotline.dispatch((SELECT order_no FROM o WHERE k = 'b'), 'bl-b', '请清理占道单车');
SELECT hotline.open_supervision(order_no, 'manual', note => '市领导关注') FROM o;
SELECT hotline.post_message('sms', 'remind', jsonb_build_object('text', '请办理工单 ' || order_no),
                            recipient_unit => 'bl-' || k, order_no => order_no) FROM o;
SELECT hotline.post_message('email', 'remind', jsonb_build_object('text', '周报'), recipient_user => 'duty@12345.example');
INSERT INTO hotline.public_notice (alarm_id, order_no, assignment_id, unit_id, hastenings, due_at, text)
SELECT al.id, o.order_no, a.id, a.unit_id, 3, now(), '通报：工单 ' || o.order_no || ' 经3次催办仍未办结'
FROM o JOIN hotline.assignment a USING (order_no)
JOIN LATERAL (SELECT min(x.id) AS id FROM hotline.alarm x WHERE x.order_no = o.order_no AND x.assignment_id = a.id) al ON true;

-- every table and view a login may read, every column of every row: the
-- rows that name the other unit's order, its citizen or its text
\ir lib/readable.sql
CREATE TEMP TABLE pat AS SELECT
    (SELECT order_no::text FROM o WHERE k = 'a') || '|13700137000|赵磊|井盖' AS a,
    (SELECT order_no::text FROM o WHERE k = 'b') || '|13600136000|钱芳|盲道' AS b;
GRANT SELECT ON pat TO PUBLIC;

SET LOCAL ROLE bl_a_clerk;
SELECT is(pg_temp.readable_matching((SELECT b FROM pat)), '{}'::text[], '东城''s clerk reads nothing of 西城''s order, in no table or view');
SELECT ok(cardinality(pg_temp.readable_matching((SELECT a FROM pat))) >= 5, 'but its own order where it is (orders, history, supervision, notices, messages)');
SELECT is((SELECT count(*)::int FROM hotline.supervision), 1, 'the supervision of its own order only');
SELECT is((SELECT count(*)::int FROM hotline.supervision_record), 1, 'and its record');
SELECT is((SELECT count(*)::int FROM hotline.public_notice), 1, 'the notice about its unit only');
SELECT is((SELECT count(*)::int FROM hotline.outbox), 1, 'the message addressed to its unit only');
SELECT is((SELECT count(*)::int FROM hotline.alarm a JOIN o USING (order_no) WHERE o.k = 'b'), 0, 'no alarm of the other''s assignment');
SELECT isnt((SELECT count(*)::int FROM hotline.alarm), 0, 'its own assignment''s alarms');
SELECT throws_ok('SELECT * FROM hotline.supervision_board', '42501', NULL, 'the supervisors'' board is not its to read');
SELECT is(ARRAY(SELECT c.oid::regclass::text FROM pg_class c
                WHERE c.relnamespace = 'hotline'::regnamespace
                  AND CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(c.oid, 'SELECT,USAGE,UPDATE') END),
          '{}'::text[], 'no sequence: the order numbers and event ids of the day are not its to count');
SELECT throws_ok('SELECT last_value FROM hotline.order_event_id_seq', '42501', NULL, 'the history''s sequence refused');
-- errors that would echo what exists: another unit's order answers as none
SELECT throws_ok($$SELECT hotline.sign_for((SELECT order_no FROM o WHERE k = 'b'), 'bl-b')$$, 'P0002',
                 format('work order %s does not exist', (SELECT order_no FROM o WHERE k = 'b')),
                 'acting on 西城''s order: "does not exist"');
SELECT throws_ok($$SELECT hotline.reply((SELECT order_no FROM o WHERE k = 'b'), 'bl-a', '已处理', true)$$, 'P0002',
                 format('work order %s does not exist', (SELECT order_no FROM o WHERE k = 'b')),
                 'naming its own unit on it changes nothing');
SELECT throws_ok($$SELECT hotline.reply('110102-20261204-999999', 'bl-a', '已处理', true)$$, 'P0002',
                 'work order 110102-20261204-999999 does not exist', 'the same as for a number no order has');
SELECT throws_ok($$SELECT hotline.declare_conflict((SELECT order_no FROM o WHERE k = 'b'), '无')$$, '42501',
                 'login "bl_a_clerk" may not declare a conflict of interest on this order',
                 'an entry point for people on 西城''s order');
SELECT throws_ok($$SELECT hotline.declare_conflict('110102-20261204-999999', '无')$$, '42501',
                 'login "bl_a_clerk" may not declare a conflict of interest on this order', 'the same for no order');
RESET ROLE;
SET LOCAL ROLE bl_b_clerk;
SELECT is(pg_temp.readable_matching((SELECT a FROM pat)), '{}'::text[], '西城''s clerk reads nothing of 东城''s order either');
SELECT is((SELECT count(*)::int FROM hotline.order_contact), 1, 'its own order''s contact only');
RESET ROLE;

-- the centre reads both
CREATE TEMP TABLE counted AS
    SELECT (SELECT count(*)::int FROM hotline.outbox x JOIN o USING (order_no)) AS messages,
           (SELECT s.id FROM hotline.supervision s JOIN o USING (order_no) WHERE o.k = 'b') AS b_supervision,
           (SELECT min(x.id) FROM hotline.outbox x WHERE x.channel = 'sms') AS sms_message;
GRANT SELECT ON counted TO PUBLIC;
SET LOCAL ROLE bl_chief;
SELECT is((SELECT count(*)::int FROM hotline.supervision_board b JOIN o USING (order_no)), 2, 'a supervisor''s board: both');
SELECT is((SELECT count(*)::int FROM hotline.outbox x JOIN o USING (order_no)), (SELECT messages FROM counted),
          'a supervisor watches every delivery');
RESET ROLE;
-- a supervisor excluded from an order (回避) sees its supervision nowhere and acts on none of it
SELECT hotline.exclude_staff((SELECT order_no FROM o WHERE k = 'b'), 'bl_chief', '被投诉单位负责人系其配偶');
SET LOCAL ROLE bl_chief;
SELECT is((SELECT count(*)::int FROM hotline.supervision_board b JOIN o USING (order_no)), 1,
          'an excluded supervisor''s board leaves the order out');
SELECT is((SELECT count(*)::int FROM hotline.supervision s JOIN o USING (order_no)), 1, 'and its supervision');
SELECT throws_ok($$SELECT hotline.record_supervision((SELECT b_supervision FROM counted), '电话督促', 'phone')$$, '42501',
                 'login "bl_chief" may not record on this supervision', 'it records nothing on that supervision');
RESET ROLE;
SET LOCAL ROLE bl_chief;
SELECT throws_ok($$SELECT hotline.close_supervision((SELECT b_supervision FROM counted), '已办结')$$,
                 '42501', 'login "bl_chief" may not close this supervision', 'nor closes it, though given its id');
RESET ROLE;

-- gateways: their channel, through the outbox functions only
SET LOCAL SESSION AUTHORIZATION bl_sms;
SELECT throws_ok('SELECT * FROM hotline.outbox', '42501', NULL, 'a gateway reads no message directly');
SELECT is((SELECT array_agg(DISTINCT channel) FROM hotline.outbox_claim('sms-gw-1')), '{sms}'::text[],
          'claiming every channel, it gets the text messages only');
SELECT throws_ok($$SELECT * FROM hotline.outbox_claim('sms-gw-1', 'email')$$, '42501',
                 'login "bl_sms" may not deliver the messages of channel "email"', 'not the e-mails');
RESET SESSION AUTHORIZATION;
INSERT INTO hotline.outbox_gateway (channel, gateway_role) VALUES ('email', 'bl_mail_gateways');
SET LOCAL SESSION AUTHORIZATION bl_mail;
SELECT is((SELECT array_agg(channel) FROM hotline.outbox_claim('mail-gw-1')), '{email}'::text[],
          'a role the administrator named for e-mail delivers e-mail');
SELECT throws_ok($$SELECT hotline.outbox_ack((SELECT sms_message FROM counted), 'mail-gw-1')$$,
                 'P0002', NULL, 'and answers for no text message (one it does not deliver is none)');
SELECT throws_ok($$SELECT * FROM hotline.outbox_claim('mail-gw-1', 'sms')$$, '42501', NULL, 'nor claims them');
RESET SESSION AUTHORIZATION;
SET LOCAL SESSION AUTHORIZATION bl_a_clerk;
SELECT throws_ok($$SELECT * FROM hotline.outbox_claim('x')$$, '42501', NULL, 'a unit''s clerk is no gateway');
RESET SESSION AUTHORIZATION;

-- the NOTIFY that wakes the gateways says how many messages, on which channels: nothing of an order
SELECT is((SELECT count(*)::int FROM regexp_matches(pg_get_functiondef('hotline.outbox_add(hotline.outbox_message[])'::regprocedure),
                                                    $re$'messages', pg_catalog\.cardinality\(ids\), 'channels', pg_catalog\.to_jsonb\(chans\)$re$)),
          1, 'the NOTIFY payload is the count and the channels (an order''s number, unit or text is not in it)');

SELECT * FROM finish();
ROLLBACK;
