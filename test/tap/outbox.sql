-- The outbox (issue 4, R-14.3): posting with a dedup key, claiming under a
-- lease, acknowledgement, failure with backoff, dead messages, every
-- error's SQLSTATE and the privileges.  The NOTIFY of a post and the race
-- of two gateways are in test/specs/outbox_claim.spec.
--
-- now() is fixed inside the test's transaction, so time passing is
-- simulated by moving next_attempt_at and claimed_until into the past.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
BEGIN;
SELECT plan(85);

INSERT INTO hotline.unit (code, name, region, kind) VALUES ('bj-dc', '东城区人民政府', '110101', 'district');
INSERT INTO hotline.unit (code, name, region, kind) VALUES ('bj-dc-cgw', '东城区城市管理委员会', '110101', 'department');
-- an order and its assignment, written directly (the engine is not under test here)
INSERT INTO hotline.workflow (name, description, initial_state) VALUES ('outbox_test', 'outbox test workflow', 'accepted');
INSERT INTO hotline.work_order (order_no, region, workflow, state, appeal_type, channel, description, accepted_at, accepted_by)
VALUES ('110101-20261123-000042', '110101', 'outbox_test', 'dispatched', 'complaint', 'phone',
        '夜间施工噪音扰民，凌晨两点仍在作业', '2026-11-23 09:30+08', 'agent 0101'),
       ('110101-20261123-000043', '110101', 'outbox_test', 'accepted', 'help', 'phone',
        '小区电梯停运三天，老人上下楼困难', '2026-11-23 10:05+08', 'agent 0101');
INSERT INTO hotline.assignment (order_no, unit_id, role, state, dispatch_mode, dispatched_at, reply_due)
SELECT '110101-20261123-000042', id, 'lead', 'dispatched', 'written', '2026-11-23 10:00+08', '2026-12-03 00:00+08'
FROM hotline.unit WHERE code = 'bj-dc-cgw'
RETURNING id AS asg \gset

-- ---------------------------------------------------------------- schema
SELECT has_table('hotline', 'outbox', 'table hotline.outbox exists');
SELECT has_view('hotline', 'outbox_status', 'view hotline.outbox_status exists');
SELECT is(
    ARRAY(SELECT p.proname::text FROM pg_proc p
          WHERE p.pronamespace = 'hotline'::regnamespace
            AND p.proname IN ('post_message', 'outbox_claim', 'outbox_ack', 'outbox_fail')
            AND p.prosecdef AND 'search_path=pg_catalog, hotline, pg_temp' = ANY (p.proconfig)
          ORDER BY 1),
    '{outbox_ack,outbox_claim,outbox_fail,post_message}'::text[],
    'the four entry points are SECURITY DEFINER with a pinned search_path');
CREATE ROLE hotline_test_nobody NOLOGIN;
SELECT is(
    ARRAY[has_table_privilege('hotline_test_nobody', 'hotline.outbox', 'SELECT'),
          has_table_privilege('hotline_test_nobody', 'hotline.outbox_status', 'SELECT'),
          has_function_privilege('hotline_test_nobody', 'hotline.post_message(text, text, jsonb, text, text, hotline.order_no, bigint, text)', 'EXECUTE'),
          has_function_privilege('hotline_test_nobody', 'hotline.outbox_claim(text, text, integer, interval)', 'EXECUTE'),
          has_function_privilege('hotline_test_nobody', 'hotline.outbox_ack(bigint, text)', 'EXECUTE'),
          has_function_privilege('hotline_test_nobody', 'hotline.outbox_fail(bigint, text, text, boolean)', 'EXECUTE')],
    ARRAY[false, false, false, false, false, false],
    'nothing of the outbox is open to PUBLIC');

-- ---------------------------------------------------------------- posting
SELECT hotline.post_message('sms', 'remind',
    '{"text": "您单位承办的工单110101-20261123-000042即将到期，请及时办理"}',
    recipient_unit => 'bj-dc', dedup_key => 'remind:42:80pct') AS m1 \gset
SELECT ok(:m1 IS NOT NULL, 'post_message returns the new message''s id');
SELECT results_eq(
    format($$SELECT u.code, o.recipient_user, o.channel, o.template, o.payload ->> 'text', o.state, o.attempts,
                    o.next_attempt_at = now(), o.claimed_by, o.sent_at, o.order_no::text
             FROM hotline.outbox o JOIN hotline.unit u ON u.id = o.recipient_unit_id WHERE o.id = %s$$, :m1),
    $$VALUES ('bj-dc', NULL::text, 'sms', 'remind', '您单位承办的工单110101-20261123-000042即将到期，请及时办理',
              'pending', 0, true, NULL::text, NULL::timestamptz, NULL::text)$$,
    'the message is pending, due now, for the unit, with its payload');
SELECT is(hotline.post_message('sms', 'remind', '{"text": "重复提醒"}', recipient_unit => 'bj-dc',
                               dedup_key => 'remind:42:80pct'),
          NULL, 'a second post with the same dedup key returns NULL');
SELECT is((SELECT count(*)::int FROM hotline.outbox WHERE recipient_unit_id = (SELECT id FROM hotline.unit WHERE code = 'bj-dc')),
          1, '... and adds nothing');
SELECT is((SELECT payload ->> 'text' FROM hotline.outbox WHERE id = :m1),
          '您单位承办的工单110101-20261123-000042即将到期，请及时办理', '... and leaves the first message as it was');
SELECT isnt(hotline.post_message('email', 'remind', '{"text": "重复提醒"}', recipient_user => 'duty@bjdc.gov.cn',
                                 dedup_key => 'remind:42:80pct:email'),
            NULL, 'another dedup key is another message');
SELECT ok(hotline.post_message('system', 'notice', '{"text": "系统维护通知"}', recipient_user => 'agent 0101')
          <> hotline.post_message('system', 'notice', '{"text": "系统维护通知"}', recipient_user => 'agent 0101'),
          'without a dedup key every post is a message');
SELECT is(hotline.post_message('system', 'notice', recipient_user => 'agent 0101') IS NOT NULL, true,
          'the payload defaults to an empty object');

-- a message about an assignment: the order and the unit come from it
SELECT hotline.post_message('sms', 'hasten',
    '{"text": "工单110101-20261123-000042已超期，请立即办理并反馈"}',
    assignment_id => :asg, dedup_key => 'hasten:' || :asg || ':1') AS m2 \gset
SELECT results_eq(
    format($$SELECT o.order_no::text, o.assignment_id, u.code FROM hotline.outbox o
             JOIN hotline.unit u ON u.id = o.recipient_unit_id WHERE o.id = %s$$, :m2),
    format($$VALUES ('110101-20261123-000042', %s::bigint, 'bj-dc-cgw')$$, :asg),
    'a message about an assignment goes to its unit and carries its order');
SELECT hotline.post_message('email', 'emergency', '{"text": "紧急工单，请立即处置"}',
                            recipient_user => 'yjj@bjdc.gov.cn', order_no => '110101-20261123-000043') AS m3 \gset
SELECT results_eq(format($$SELECT order_no::text, assignment_id, recipient_unit_id FROM hotline.outbox WHERE id = %s$$, :m3),
                  $$VALUES ('110101-20261123-000043', NULL::bigint, NULL::bigint)$$,
                  'a message may name an order alone');

-- errors of post_message
SELECT throws_ok($$SELECT hotline.post_message(NULL, 'remind', '{}', recipient_unit => 'bj-dc')$$,
                 '22004', NULL, 'a NULL channel is refused');
SELECT throws_ok($$SELECT hotline.post_message('sms', NULL, '{}', recipient_unit => 'bj-dc')$$,
                 '22004', NULL, 'a NULL template is refused');
SELECT throws_ok($$SELECT hotline.post_message('sms', 'remind', NULL, recipient_unit => 'bj-dc')$$,
                 '22004', NULL, 'a NULL payload is refused');
SELECT throws_ok($$SELECT hotline.post_message('wechat', 'remind', '{}', recipient_unit => 'bj-dc')$$,
                 '22023', 'unknown outbox channel "wechat"', 'an unknown channel is refused');
SELECT throws_ok($$SELECT hotline.post_message('', 'remind', '{}', recipient_unit => 'bj-dc')$$,
                 '22023', NULL, 'an empty channel is refused');
SELECT throws_ok($$SELECT hotline.post_message('sms', '', '{}', recipient_unit => 'bj-dc')$$,
                 '22023', NULL, 'an empty template is refused');
SELECT throws_ok($$SELECT hotline.post_message('sms', '催办', '{}', recipient_unit => 'bj-dc')$$,
                 '22023', NULL, 'a template key is not free text');
SELECT throws_ok($$SELECT hotline.post_message('sms', 'remind', '["即将到期"]', recipient_unit => 'bj-dc')$$,
                 '22023', NULL, 'a payload that is not a JSON object is refused');
SELECT throws_ok($$SELECT hotline.post_message('sms', 'remind', '{}', recipient_unit => 'bj-xc')$$,
                 '22023', 'unit "bj-xc" does not exist', 'an unknown unit is refused');
SELECT throws_ok($$SELECT hotline.post_message('sms', 'remind', '{}')$$,
                 '22023', 'a message needs a recipient', 'a message without a recipient is refused');
SELECT throws_ok($$SELECT hotline.post_message('sms', 'remind', '{}', recipient_user => '')$$,
                 '22023', NULL, 'an empty recipient user is refused');
SELECT throws_ok($$SELECT hotline.post_message('sms', 'remind', '{}', recipient_unit => 'bj-dc', dedup_key => '')$$,
                 '22023', NULL, 'an empty dedup key is refused');
SELECT throws_ok($$SELECT hotline.post_message('sms', 'remind', '{}', assignment_id => -1)$$,
                 '22023', 'assignment -1 does not exist', 'an unknown assignment is refused');
SELECT throws_ok(format($$SELECT hotline.post_message('sms', 'remind', '{}', assignment_id => %s,
                                                      order_no => '110101-20261123-000043')$$, :asg),
                 '22023', NULL, 'an assignment of another order is refused');
SELECT throws_ok($$SELECT hotline.post_message('sms', 'remind', '{}', recipient_unit => 'bj-dc',
                                               order_no => '110101-20261123-000099')$$,
                 '22023', 'work order 110101-20261123-000099 does not exist', 'an unknown order is refused');
SELECT throws_ok($$INSERT INTO hotline.outbox (channel, template) VALUES ('sms', 'remind')$$,
                 '23514', NULL, 'even the owner cannot write a message without a recipient');

-- ---------------------------------------------------------------- claiming
-- a clean slate: three SMS due, one SMS due later, one email, one system message
DELETE FROM hotline.outbox;
SELECT hotline.post_message('sms', 'remind', '{"text": "工单110101-20261123-000042还有1个工作日到期"}', recipient_unit => 'bj-dc') AS s1 \gset
SELECT hotline.post_message('sms', 'remind', '{"text": "工单110101-20261123-000043还有1个工作日到期"}', recipient_unit => 'bj-dc') AS s2 \gset
SELECT hotline.post_message('sms', 'hasten', '{"text": "工单110101-20261123-000042已超期"}', recipient_unit => 'bj-dc-cgw') AS s3 \gset
SELECT hotline.post_message('sms', 'notice', '{"text": "通报：东城区城市管理委员会超期工单2件"}', recipient_unit => 'bj-dc-cgw') AS s4 \gset
UPDATE hotline.outbox SET next_attempt_at = now() + interval '10 minutes' WHERE id = :s4;
SELECT hotline.post_message('email', 'notice', '{"subject": "超期通报", "text": "请于三个工作日内说明原因"}', recipient_user => 'duty@bjdc.gov.cn') AS e1 \gset
SELECT hotline.post_message('system', 'emergency', '{"text": "突发事件：东华门街道燃气泄漏"}', recipient_user => 'supervisor 01') AS y1 \gset

CREATE TEMP TABLE got AS SELECT * FROM hotline.outbox_claim('gw-1', 'sms', batch => 2);
SELECT is(ARRAY(SELECT id FROM got ORDER BY id), ARRAY[:s1, :s2]::bigint[], 'a claim takes the oldest due messages of its channel, up to batch');
SELECT results_eq(
    $$SELECT state, claimed_by, attempts, claimed_until = now() + interval '5 minutes' FROM got$$,
    $$VALUES ('claimed', 'gw-1', 1, true), ('claimed', 'gw-1', 1, true)$$,
    'claimed by the gateway, attempt 1, for the default lease of 5 minutes');
SELECT is(ARRAY(SELECT id FROM hotline.outbox WHERE state = 'claimed' ORDER BY id), ARRAY[:s1, :s2]::bigint[],
          'the claim is recorded in the table');
SELECT is(ARRAY(SELECT id FROM hotline.outbox_claim('gw-1', 'sms', batch => 10)), ARRAY[:s3]::bigint[],
          'the next claim gets only the SMS that is due and not held');
SELECT is(ARRAY(SELECT id || ':' || (claimed_until - now()) FROM hotline.outbox_claim('gw-2', lease => '30 seconds')),
          ARRAY[:e1 || ':00:00:30', :y1 || ':00:00:30'],
          'a claim of every channel, with its own lease');
SELECT is(ARRAY(SELECT id FROM hotline.outbox_claim('gw-3')), '{}'::bigint[],
          'held messages are not claimed again before their lease ends; future ones are not due');
UPDATE hotline.outbox SET next_attempt_at = now() - interval '1 second' WHERE id = :s4;
SELECT is(ARRAY(SELECT id FROM hotline.outbox_claim('gw-3', 'email')), '{}'::bigint[], 'a claim of one channel leaves the others');
SELECT is(ARRAY(SELECT id FROM hotline.outbox_claim('gw-3', 'sms')), ARRAY[:s4]::bigint[], 'a message is claimed once it is due');

-- gw-1 dies: the lease of s1 runs out and gw-2 takes it over
UPDATE hotline.outbox SET claimed_until = now() - interval '1 second' WHERE id = :s1;
SELECT results_eq($$SELECT id, claimed_by, attempts FROM hotline.outbox_claim('gw-2', 'sms')$$,
                  format($$VALUES (%s::bigint, 'gw-2', 2)$$, :s1),
                  'a message whose lease ran out is claimed again, as attempt 2');
SELECT throws_ok(format($$SELECT hotline.outbox_ack(%s, 'gw-1')$$, :s1), '55000',
                 format('gateway "gw-1" cannot acknowledge outbox message %s: it does not hold it', :s1),
                 'the late acknowledgement of the first gateway is refused');
SELECT throws_ok(format($$SELECT hotline.outbox_fail(%s, 'gw-1', 'timeout')$$, :s1), '55000', NULL,
                 'so is its late failure');

-- acknowledgement
SELECT lives_ok(format($$SELECT hotline.outbox_ack(%s, 'gw-2')$$, :s1), 'the holder acknowledges');
SELECT results_eq(format($$SELECT state, sent_at = now(), claimed_until, claimed_by FROM hotline.outbox WHERE id = %s$$, :s1),
                  $$VALUES ('sent', true, NULL::timestamptz, 'gw-2')$$, 'the message is sent, by gw-2, now');
UPDATE hotline.outbox SET sent_at = now() - interval '1 minute' WHERE id = :s1;
SELECT lives_ok(format($$SELECT hotline.outbox_ack(%s, 'gw-2')$$, :s1), 'a second acknowledgement is accepted');
SELECT is((SELECT sent_at FROM hotline.outbox WHERE id = :s1), now() - interval '1 minute', '... and changes nothing');
SELECT throws_ok(format($$SELECT hotline.outbox_ack(%s, 'gw-1')$$, :s1), '55000', NULL,
                 'another gateway cannot acknowledge a message sent by gw-2');
-- gw-1's lease on s2 ran out but nobody took it over: it may still answer
UPDATE hotline.outbox SET claimed_until = now() - interval '1 second' WHERE id = :s2;
SELECT lives_ok(format($$SELECT hotline.outbox_ack(%s, 'gw-1')$$, :s2),
                'a gateway whose lease ran out acknowledges while nobody took the message over');
SELECT is((SELECT state FROM hotline.outbox WHERE id = :s2), 'sent', '... and the message is sent');
SELECT hotline.post_message('sms', 'remind', '{"text": "待发送"}', recipient_unit => 'bj-dc') AS p1 \gset
UPDATE hotline.outbox SET next_attempt_at = now() + interval '1 hour' WHERE id = :p1;
SELECT throws_ok(format($$SELECT hotline.outbox_ack(%s, 'gw-1')$$, :p1), '55000', NULL, 'a pending message cannot be acknowledged');
SELECT throws_ok($$SELECT hotline.outbox_ack(-1, 'gw-1')$$, 'P0002', 'outbox message -1 does not exist', 'an unknown message: P0002');
SELECT throws_ok($$SELECT hotline.outbox_fail(-1, 'gw-1', 'timeout')$$, 'P0002', NULL, 'also for a failure');
SELECT throws_ok($$SELECT hotline.outbox_ack(NULL, 'gw-1')$$, '22004', NULL, 'a NULL id is refused');
SELECT throws_ok(format($$SELECT hotline.outbox_ack(%s, NULL)$$, :s3), '22004', NULL, 'a NULL gateway is refused');
SELECT is(ARRAY(SELECT id FROM hotline.outbox_claim('gw-4', batch => 10000)), '{}'::bigint[],
          'sent messages are never claimed again');

-- ---------------------------------------------------------------- failure and backoff
SELECT is(ARRAY(SELECT hotline.outbox_backoff(n) FROM generate_series(0, 9) AS n),
          '{00:01:00,00:01:00,00:02:00,00:04:00,00:08:00,00:16:00,00:32:00,01:00:00,01:00:00,01:00:00}'::interval[],
          'the backoff doubles from 1 minute and stops at 1 hour');
SELECT is(hotline.outbox_backoff(2147483647), interval '1 hour', 'even after very many attempts');
SELECT is(hotline.outbox_max_attempts(), 8, 'a message gets 8 attempts');

SELECT hotline.post_message('system', 'remind', '{"text": "请尽快签收工单110101-20261123-000043"}', recipient_user => 'unit-user 7') AS b1 \gset
CREATE TEMP TABLE tries (attempt int, claimed bigint[], state text, wait interval, last_error text);
DO $$
DECLARE
    b bigint := (SELECT max(id) FROM hotline.outbox WHERE recipient_user = 'unit-user 7');
    ids bigint[];
BEGIN
    FOR i IN 1..8 LOOP
        ids := ARRAY(SELECT id FROM hotline.outbox_claim('gw-b', 'system', batch => 1));
        PERFORM hotline.outbox_fail(b, 'gw-b', format('短信网关繁忙 (HTTP 503), 第%s次', i));
        INSERT INTO tries SELECT attempts, ids, state, next_attempt_at - now(), last_error FROM hotline.outbox WHERE id = b;
        -- time passes: the message is due again
        UPDATE hotline.outbox SET next_attempt_at = now() WHERE id = b AND state = 'pending';
    END LOOP;
END $$;
SELECT is(ARRAY(SELECT claimed = ARRAY[:b1]::bigint[] FROM tries ORDER BY attempt), ARRAY[true, true, true, true, true, true, true, true],
          'a failed message is claimed again once its backoff has passed');
SELECT is(ARRAY(SELECT state || ' ' || CASE state WHEN 'pending' THEN wait::text ELSE '' END FROM tries ORDER BY attempt),
          '{"pending 00:01:00","pending 00:02:00","pending 00:04:00","pending 00:08:00","pending 00:16:00","pending 00:32:00","pending 01:00:00","dead "}'::text[],
          'failures wait 1, 2, 4 ... 32 minutes, then 1 hour, and the 8th attempt is dead');
SELECT results_eq(format($$SELECT state, attempts, last_error, claimed_until, claimed_by FROM hotline.outbox WHERE id = %s$$, :b1),
                  $$VALUES ('dead', 8, '短信网关繁忙 (HTTP 503), 第8次', NULL::timestamptz, 'gw-b')$$,
                  'a dead message keeps its last error and its gateway for a human');
UPDATE hotline.outbox SET next_attempt_at = now() - interval '1 day' WHERE id = :b1;
SELECT is(ARRAY(SELECT id FROM hotline.outbox_claim('gw-b', 'system')), '{}'::bigint[], 'a dead message is never claimed');
SELECT throws_ok(format($$SELECT hotline.outbox_fail(%s, 'gw-b', 'again')$$, :b1), '55000', NULL,
                 'a dead message cannot fail again');

-- giving up at once: the number does not exist
SELECT hotline.post_message('sms', 'notice', '{"text": "工单已办结"}', recipient_user => '13800138000') AS d1 \gset
SELECT is(ARRAY(SELECT id FROM hotline.outbox_claim('gw-1', 'sms')), ARRAY[:d1]::bigint[], 'claimed');
SELECT lives_ok(format($$SELECT hotline.outbox_fail(%s, 'gw-1', '号码为空号', retry => false)$$, :d1), 'a failure without retry');
SELECT results_eq(format($$SELECT state, attempts, last_error FROM hotline.outbox WHERE id = %s$$, :d1),
                  $$VALUES ('dead', 1, '号码为空号')$$, '... makes the message dead at once');

-- a gateway that dies on every attempt of one message (a poison message):
-- after the last attempt's lease the message is dead, not handed out again
SELECT hotline.post_message('sms', 'remind', '{"text": "超长短信"}', recipient_unit => 'bj-dc') AS q1 \gset
UPDATE hotline.outbox SET attempts = 7 WHERE id = :q1;
SELECT is(ARRAY(SELECT attempts FROM hotline.outbox_claim('gw-p', 'sms')), ARRAY[8], 'the last attempt is claimed');
UPDATE hotline.outbox SET claimed_until = now() - interval '1 second' WHERE id = :q1;
SELECT is(ARRAY(SELECT id FROM hotline.outbox_claim('gw-q', 'sms')), '{}'::bigint[], 'when its lease runs out it is not claimed again');
SELECT results_eq(format($$SELECT state, last_error FROM hotline.outbox WHERE id = %s$$, :q1),
                  $$VALUES ('dead', 'the lease of gateway "gw-p" ran out on attempt 8 without an answer')$$,
                  '... it is dead, saying why');

-- errors of fail and claim
SELECT throws_ok(format($$SELECT hotline.outbox_fail(%s, 'gw-1', NULL)$$, :s3), '22004', NULL, 'a failure says what went wrong');
SELECT throws_ok(format($$SELECT hotline.outbox_fail(%s, 'gw-1', 'x', NULL)$$, :s3), '22004', NULL, 'retry must not be NULL');
SELECT throws_ok($$SELECT * FROM hotline.outbox_claim(NULL)$$, '22004', NULL, 'a claim needs a gateway');
SELECT throws_ok($$SELECT * FROM hotline.outbox_claim('')$$, '22023', NULL, 'a gateway has a name');
SELECT throws_ok($$SELECT * FROM hotline.outbox_claim('gw-1', 'fax')$$, '22023', 'unknown outbox channel "fax"', 'a claim of an unknown channel is refused');
SELECT throws_ok($$SELECT * FROM hotline.outbox_claim('gw-1', batch => 0)$$, '22023', NULL, 'a batch of 0 is refused');
SELECT throws_ok($$SELECT * FROM hotline.outbox_claim('gw-1', batch => 10001)$$, '22023',
                 'batch must be between 1 and 10000, not 10001', 'a huge batch is refused');
SELECT throws_ok($$SELECT * FROM hotline.outbox_claim('gw-1', batch => NULL)$$, '22004', NULL, 'a NULL batch is refused');
SELECT throws_ok($$SELECT * FROM hotline.outbox_claim('gw-1', lease => '0 seconds')$$, '22023', NULL, 'a lease of 0 is refused');
SELECT throws_ok($$SELECT * FROM hotline.outbox_claim('gw-1', lease => '-5 minutes')$$, '22023', NULL, 'a negative lease is refused');
SELECT throws_ok($$SELECT * FROM hotline.outbox_claim('gw-1', lease => '2 days')$$, '22023', NULL, 'a lease of days is refused');

-- ---------------------------------------------------------------- a gateway's role and the dashboard
CREATE ROLE hotline_test_gateway NOLOGIN;
GRANT EXECUTE ON FUNCTION hotline.outbox_claim(text, text, integer, interval),
                          hotline.outbox_ack(bigint, text) TO hotline_test_gateway;
SELECT hotline.post_message('sms', 'remind', '{"text": "您单位承办的工单110101-20261123-000043即将到期，请及时办理"}', recipient_unit => 'bj-dc') AS g1 \gset
SET LOCAL ROLE hotline_test_gateway;
SELECT is(ARRAY(SELECT id FROM hotline.outbox_claim('gw-role', 'sms')), ARRAY[:g1]::bigint[],
          'a role granted EXECUTE claims without any right on the table');
SELECT lives_ok(format($$SELECT hotline.outbox_ack(%s, 'gw-role')$$, :g1), '... and acknowledges');
SELECT throws_ok($$SELECT count(*) FROM hotline.outbox$$, '42501', NULL, '... but cannot read the table');
SELECT throws_ok($$SELECT hotline.post_message('sms', 'remind', '{}', recipient_unit => 'bj-dc')$$, '42501', NULL,
                 '... nor post messages');
RESET ROLE;

DELETE FROM hotline.outbox;
SELECT hotline.post_message('sms', 'remind', '{"text": "a"}', recipient_unit => 'bj-dc') AS v1 \gset
SELECT hotline.post_message('sms', 'remind', '{"text": "b"}', recipient_unit => 'bj-dc') AS v2 \gset
SELECT hotline.post_message('sms', 'remind', '{"text": "c"}', recipient_unit => 'bj-dc') AS v3 \gset
SELECT hotline.post_message('email', 'notice', '{"text": "d"}', recipient_user => 'duty@bjdc.gov.cn') AS v4 \gset
UPDATE hotline.outbox SET next_attempt_at = now() + interval '1 minute', created_at = now() - interval '2 hours' WHERE id = :v3;
SELECT count(*) AS claimed_v FROM hotline.outbox_claim('gw-v', 'email') \gset
SELECT is(:claimed_v::int, 1, 'one email claimed');
SELECT results_eq($$SELECT channel, state, messages, waiting, oldest - now() FROM hotline.outbox_status ORDER BY 1, 2$$,
                  $$VALUES ('email', 'claimed', 1::bigint, 0::bigint, interval '0'),
                           ('sms', 'pending', 3::bigint, 2::bigint, interval '-2 hours')$$,
                  'outbox_status counts per channel and state, what waits for a gateway, and the oldest');

SELECT * FROM finish();
ROLLBACK;
