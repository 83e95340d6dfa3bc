-- Errors in the hotline's own words (issue 8, gap 8): every bad parameter
-- of a named function of the 12345 workflow gets a specific SQLSTATE and a
-- message naming the parameter and the value, and nothing is written.
-- Intake (accept, reject, answer) is checked in one place,
-- hotline.check_intake, before the engine (R-1.2-R-1.5, R-2.2, R-2.3); the
-- other functions by the engine and the workflow's check hook.  The texts
-- a person reads are in sql/intake_errors.sql.
--
-- SQLSTATEs: 22023 invalid_parameter_value (a bad value of a parameter),
-- 22P02 invalid_text_representation (a value that is none of an
-- enumeration's, as PostgreSQL's own enum input says), 22003 out of range
-- (coordinates), 22007 a time that is no time, 22004 a NULL decision,
-- 55000 the state of the order does not allow the value.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(72);

INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('ie-dc',  '北京市东城区人民政府', '110101', 'district'),
    ('ie-zjw', '东城区住房和城市建设委员会', '110101', 'department'),
    ('ie-wy',  '某物业服务有限公司', '110101', 'enterprise');
INSERT INTO hotline.topic (code, name) VALUES ('ie-cxjs', '城乡建设');

-- what an intake may write: orders, citizens, history, numbers, messages, supervision
CREATE FUNCTION pg_temp.written() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT format('orders %s, citizens %s, events %s, number counters %s, messages %s, supervisions %s',
                  (SELECT count(*) FROM hotline.work_order), (SELECT count(*) FROM hotline.citizen),
                  (SELECT count(*) FROM hotline.order_event), (SELECT count(*) FROM hotline.order_number_seq),
                  (SELECT count(*) FROM hotline.outbox), (SELECT count(*) FROM hotline.supervision)) $$;
SELECT pg_temp.written() AS before \gset
-- the detail and the hint of the error a statement raises
CREATE FUNCTION pg_temp.detail_hint(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    d text;
    h text;
BEGIN
    EXECUTE sql;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN d || ' | ' || h;
END $$;

-- ---------------------------------------------------------------------------
-- 1. Intake: accept, reject, answer
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT hotline.accept('11010', 'complaint', 'phone', '电梯停运')$$,
                 '22023', 'invalid region "11010"', 'a region of five digits');
SELECT throws_ok($$SELECT hotline.accept('990101', 'complaint', 'phone', '电梯停运')$$,
                 '22023', 'invalid region "990101"', 'a region of no province');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complain', 'phone', '电梯停运')$$,
                 '22P02', 'unknown appeal_type "complain"', 'an unknown appeal type (R-1.4)');
SELECT is(pg_temp.detail_hint($$SELECT hotline.accept('110101', 'complain', 'phone', '电梯停运')$$),
          'appeal_type is one of: consultation, help, complaint, report, suggestion, praise. | Pass e.g. appeal_type => ''complaint'' (投诉).',
          'the detail lists the appeal types, the hint gives one');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint', 'telephone', '电梯停运')$$,
                 '22P02', 'unknown channel "telephone"', 'an unknown channel (R-1.5)');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint', 'phone', '电梯停运', urgency => 'asap')$$,
                 '22P02', 'unknown urgency "asap"', 'an unknown urgency (R-1.5)');
SELECT throws_ok($$SELECT hotline.accept('110101', 'help', 'phone', '水管爆裂', emergency => 'flood')$$,
                 '22P02', 'unknown emergency "flood"', 'an unknown emergency kind (R-2.3)');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint', 'phone', E' \t ')$$,
                 '22023', 'a new work order needs description', 'a blank description (R-1.3)');
SELECT throws_ok($$SELECT hotline.accept(NULL, 'complaint', 'phone', '电梯停运')$$,
                 '22023', 'a new work order needs region', 'no region');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint', 'phone', '质量问题', source_hotline => '12315a')$$,
                 '22023', 'invalid source_hotline "12315a"', 'a source hotline that is no number');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint', 'phone', '质量问题', source_hotline => '1')$$,
                 '22023', 'invalid source_hotline "1"', 'a source hotline too short');
SELECT throws_like($$SELECT hotline.accept('110101', 'complaint', 'phone', '夜间施工', occurred_at => now() + interval '1 day')$$,
                   'occurred_at "%" is in the future', 'a matter that happens tomorrow (R-1.3)');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint', 'phone', '路灯不亮', longitude => 116.397)$$,
                 '22023', 'longitude 116.397 given without latitude', 'a longitude without a latitude');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint', 'phone', '路灯不亮', latitude => 39.909)$$,
                 '22023', 'latitude 39.909 given without longitude', 'a latitude without a longitude');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint', 'phone', '路灯不亮', longitude => -180.5, latitude => 39.909)$$,
                 '22003', 'longitude -180.5 is out of range', 'a longitude out of range');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint', 'phone', '路灯不亮', longitude => 116.397, latitude => 90.01)$$,
                 '22003', 'latitude 90.01 is out of range', 'a latitude out of range');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint', 'phone', '路灯不亮', longitude => 'Infinity', latitude => 39.9)$$,
                 '22003', 'longitude Infinity is out of range', 'an infinite longitude');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint', 'phone', '路灯不亮', longitude => 116.4, latitude => 'NaN')$$,
                 '22003', 'latitude NaN is out of range', 'a latitude that is not a number');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint', 'phone', '物业', citizen_phone => '138-0013-800x')$$,
                 '22023', 'invalid citizen_phone "138-0013-800x"', 'a phone number with a letter (R-1.2)');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint', 'phone', '物业', citizen_phone => '6512 3456')$$,
                 '22023', 'invalid citizen_phone "6512 3456"', 'a local number without its area code');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint', 'phone', '物业', citizen_phone => '6512 3456', area_code => '10')$$,
                 '22023', 'invalid area_code "10"', 'an area code without its 0');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint', 'phone', '物业', topic => 'ie-wygl')$$,
                 '22023', 'topic "ie-wygl" does not exist', 'an unknown topic');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint', 'phone', '物业', accused_unit => 'ie-none')$$,
                 '22023', 'accused unit "ie-none" does not exist', 'an unknown accused unit (R-4.6)');
SELECT throws_ok($$SELECT hotline.accept('110101', 'complaint'::hotline.appeal_type, 'phone'::hotline.channel, '物业',
                                         source_hotline => '12a')$$,
                 '22023', 'invalid source_hotline "12a"', 'typed appeal types and channels are checked the same way');
SELECT throws_ok($$SELECT hotline.reject('110101', 'help', 'phone', '燃气泄漏', '已转燃气公司', emergency_referral => '911')$$,
                 '22023', 'invalid emergency_referral "911"', 'an emergency line that is not 110, 119, 120 or 122 (R-2.2)');
SELECT throws_ok($$SELECT hotline.reject('110101', 'help', 'phones', '燃气泄漏', '已转燃气公司')$$,
                 '22P02', 'unknown channel "phones"', 'reject checks the channel');
SELECT throws_ok($$SELECT hotline.answer('110101', 'consultation', 'phone', '社保卡补办', '已告知', three_way_unit => 'ie-rsj')$$,
                 '22023', 'three-way call unit "ie-rsj" does not exist', 'a three-way call with no unit (R-3.2)');
SELECT throws_ok($$SELECT hotline.answer('110101', 'consult', 'phone', '社保卡补办', '已告知')$$,
                 '22P02', 'unknown appeal_type "consult"', 'answer checks the appeal type');
SELECT is(pg_temp.written(), :'before', 'none of the refused appeals wrote anything');

-- the parameters of hotline.open_order, for any caller of the engine
SELECT throws_ok($$SELECT hotline.check_intake('"110101"')$$, '22023', NULL, 'params that are no object');
SELECT throws_ok($$SELECT hotline.check_intake('{"region": "110101", "appeal_type": "help", "channel": "phone",
                                                 "description": "x", "occurred_at": "昨晚"}')$$,
                 '22007', 'invalid occurred_at "昨晚"', 'a time that is no time');
SELECT throws_ok($$SELECT hotline.check_intake('{"region": "110101", "appeal_type": "help", "channel": "phone",
                                                 "description": "x", "longitude": "116E", "latitude": "39.9"}')$$,
                 '22P02', 'invalid longitude "116E"', 'a coordinate that is no number');
SELECT throws_ok($$SELECT hotline.check_intake('{"region": "110101", "appeal_type": "help", "channel": "phone",
                                                 "description": "x", "confidential": "maybe"}')$$,
                 '22P02', 'invalid confidential "maybe"', 'a confidentiality that is neither true nor false');
SELECT throws_ok($$SELECT hotline.check_intake('{"region": "110101", "appeal_type": "help", "channel": "phone",
                                                 "description": "x", "urgency": 2}')$$,
                 '22P02', 'unknown urgency "2"', 'an urgency that is a number');
SELECT is(hotline.check_intake('{"region": "110101", "appeal_type": "help", "channel": "phone", "description": "x",
                                 "longitude": 116.4, "latitude": 39.9, "occurred_at": "2026-01-05 08:00+08", "topic": "ie-cxjs",
                                 "citizen_phone": "6512 3456", "area_code": "010", "workflow_own_key": 1}'),
          '{"region": "110101", "appeal_type": "help", "channel": "phone", "description": "x", "longitude": 116.4, "latitude": 39.9,
            "occurred_at": "2026-01-05 08:00+08", "topic": "ie-cxjs", "citizen_phone": "6512 3456", "area_code": "010",
            "workflow_own_key": 1}'::jsonb,
          'good params come back as they were, with keys it does not know');
SELECT is(hotline.check_intake('{"region": "110101", "appeal_type": "help", "channel": "phone", "description": "x",
                                 "urgency": "normal", "emergency": "accident"}') ->> 'urgency',
          'very_urgent', 'an emergency comes back very urgent (R-2.3)');
SELECT lives_ok($$SELECT hotline.accept('110101', 'complaint', 'phone', '路灯不亮', occurred_at => now(),
                                        longitude => 116.397, latitude => 39.909, citizen_phone => '6512 3456',
                                        area_code => '010', topic => 'ie-cxjs', accused_unit => 'ie-wy',
                                        source_hotline => '12319')$$,
                'an appeal with every parameter right is accepted');

-- ---------------------------------------------------------------------------
-- 2. The other named functions: nothing changes on a refusal
-- ---------------------------------------------------------------------------
SELECT hotline.accept('110101', 'complaint', 'phone', '小区电梯停运三天', accused_unit => 'ie-wy') AS o \gset
CREATE TEMP TABLE current (no hotline.order_no);
CREATE FUNCTION pg_temp.order_as_is() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT format('%s, %s events, %s assignments %s', w.state,
                  (SELECT count(*) FROM hotline.order_event e WHERE e.order_no = w.order_no),
                  (SELECT count(*) FROM hotline.assignment a WHERE a.order_no = w.order_no),
                  (SELECT string_agg(a.state || '/' || coalesce(a.reply_due::text, '-'), ',' ORDER BY a.id)
                   FROM hotline.assignment a WHERE a.order_no = w.order_no))
    FROM hotline.work_order w WHERE w.order_no = (SELECT no FROM pg_temp.current) $$;
INSERT INTO current VALUES (:'o');
SELECT pg_temp.order_as_is() AS as_is \gset

SELECT throws_ok(format($q$SELECT hotline.dispatch(%L, 'ie-zjw', '请核实处理', dispatch_mode => 'fax')$q$, :'o'),
                 '22023', 'unknown dispatch_mode "fax"', 'an unknown dispatch mode names itself, not a missing limit (R-4.3)');
SELECT is(pg_temp.detail_hint(format($q$SELECT hotline.dispatch(%L, 'ie-zjw', '请核实处理', dispatch_mode => 'fax')$q$, :'o')),
          'The dispatch modes of workflow "appeal_12345" are: phone, urgent, written (R-4.3). | Pass dispatch_mode => ''written'' (书面, reply in 7 working days), ''phone'' (电话, 3) or ''urgent'' (紧急, in hours); a mode of your own needs its rows in hotline.workflow_limit.',
          'the detail lists the modes, the hint gives examples');
SELECT throws_ok(format($q$SELECT hotline.apply_action(%L, 'dispatch', 'x', 'dispatcher',
                        '{"lead_unit": "ie-zjw", "opinion": "请核实处理", "dispatch_mode": "Written"}')$q$, :'o'),
                 '22023', 'unknown dispatch_mode "Written"', 'through the engine too');
SELECT throws_ok(format($q$SELECT hotline.dispatch(%L, 'ie-zjw', '请核实处理', assist_units => '{NULL}')$q$, :'o'),
                 '22023', NULL, 'an assisting unit without a code');
SELECT throws_ok(format($q$SELECT hotline.dispatch(%L, 'ie-none', '请核实处理')$q$, :'o'),
                 '22023', 'unit "ie-none" does not exist', 'an unknown lead unit');
SELECT throws_ok(format($q$SELECT hotline.dispatch(%L, 'ie-wy', '请核实处理')$q$, :'o'),
                 '23514', NULL, 'the unit complained about (R-4.6)');
SELECT is(pg_temp.order_as_is(), :'as_is', 'the refused dispatches changed nothing');
SELECT is(hotline.dispatch(:'o', 'ie-zjw', '请核实处理', assist_units => '{ie-dc}'), 'dispatched', 'a good dispatch');
SELECT throws_ok(format($q$SELECT hotline.sign_for(%L, 'ie-none')$q$, :'o'), '42704', 'unknown unit "ie-none"', 'sign for: an unknown unit');
SELECT is((hotline.sign_for(:'o', 'ie-zjw')).order_state, 'dispatched', 'signed for');
SELECT pg_temp.order_as_is() AS as_is \gset
SELECT throws_like(format($q$SELECT hotline.request_extension(%L, 'ie-zjw', '需现场勘查', requested_deadline => now() - interval '1 day')$q$, :'o'),
                   'requested_deadline "%" is not later than the current deadline', 'an extension to an earlier deadline (R-4.8)');
SELECT throws_ok(format($q$SELECT hotline.request_extension(%L, 'ie-zjw', '需现场勘查', requested_deadline => now() - interval '1 day')$q$, :'o'),
                 '22023', NULL, 'is a bad value');
SELECT is((hotline.request_extension(:'o', 'ie-zjw', '需现场勘查')).order_state, 'dispatched', 'an extension asked for');
SELECT pg_temp.order_as_is() AS as_is \gset
SELECT throws_ok(format($q$SELECT hotline.decide_extension(%L, 'ie-zjw', NULL)$q$, :'o'),
                 '22004', 'approve of hotline.decide_extension must be true or false, not null', 'a decision that is neither');
SELECT throws_like(format($q$SELECT hotline.decide_extension(%L, 'ie-zjw', true, new_deadline => now())$q$, :'o'),
                   'new_deadline "%" is not later than the current deadline and now', 'an approved deadline that is not later');
SELECT throws_ok(format($q$SELECT hotline.decide_extension(%L, 'ie-zjw', true)$q$, :'o'),
                 '22023', 'action "approve_extension" needs new_deadline', 'an approval without a deadline');
SELECT is(pg_temp.order_as_is(), :'as_is', 'the refused decisions changed nothing');
SELECT is((hotline.decide_extension(:'o', 'ie-zjw', false, reason => '请按期办结')).order_state, 'dispatched', 'the extension is refused');
SELECT is((hotline.reply(:'o', 'ie-zjw', '已协调物业修复电梯', true, 'phone')).order_state, 'dispatched', 'the lead replies');
SELECT is((hotline.withdraw(:'o', 'ie-dc', '无需协办')).order_state, 'replied', 'the assisting unit is withdrawn');
SELECT pg_temp.order_as_is() AS as_is \gset
SELECT throws_ok(format($q$SELECT hotline.review(%L, NULL)$q$, :'o'),
                 '22004', 'accept of hotline.review must be true or false, not null', 'a review that neither accepts nor sends back');
SELECT throws_ok(format($q$SELECT hotline.review(%L, false)$q$, :'o'), '22023', 'action "send_back" needs a reason', 'a send-back without a reason');
SELECT is(pg_temp.order_as_is(), :'as_is', 'the refused reviews changed nothing');
SELECT is(hotline.review(:'o', true), 'reviewed', 'the reply is accepted');
SELECT pg_temp.order_as_is() AS as_is \gset
SELECT throws_ok(format($q$SELECT hotline.callback(%L, 'happy', 'satisfied')$q$, :'o'),
                 '22P02', 'unknown process_satisfaction "happy"', 'an unknown satisfaction (R-7.2)');
SELECT throws_ok(format($q$SELECT hotline.callback(%L, 'satisfied', '满意')$q$, :'o'),
                 '22P02', 'unknown result_satisfaction "满意"', 'the result''s too');
SELECT throws_ok(format($q$SELECT hotline.callback(%L, 'unreachable', 'dissatisfied')$q$, :'o'),
                 '22023', 'process_satisfaction "unreachable" contradicts result_satisfaction "dissatisfied"',
                 'unreachable and dissatisfied at once');
SELECT is(pg_temp.order_as_is(), :'as_is', 'the refused callbacks changed nothing');
SELECT is(hotline.callback(:'o', 'satisfied'::hotline.satisfaction, 'satisfied'::hotline.satisfaction), 'callback_done',
          'typed satisfactions still work');

SELECT is(hotline.close_order(:'o'), 'closed', 'and the order is closed');

-- merge (R-2.4)
SELECT hotline.accept('110101', 'complaint', 'phone', '小区电梯停运，第二位居民反映') AS o2 \gset
SELECT hotline.accept('110101', 'complaint', 'phone', '小区电梯停运，第三位居民反映') AS o3 \gset
SELECT hotline.merge(:'o3', :'o2') AS merged \gset
DELETE FROM current;
INSERT INTO current VALUES (:'o2');
SELECT pg_temp.order_as_is() AS as_is \gset
SELECT throws_ok(format($q$SELECT hotline.merge(%L, %L)$q$, :'o2', :'o2'), '22023', 'an order cannot be merged into itself', 'into itself');
SELECT throws_ok(format($q$SELECT hotline.merge(%L, '110101-20200101-000001')$q$, :'o2'),
                 '22023', 'order 110101-20200101-000001 to merge into does not exist', 'into an order that does not exist');
SELECT throws_ok(format($q$SELECT hotline.merge(%L, %L)$q$, :'o2', :'o'),
                 '55000', format('order %s to merge into is closed', :'o'), 'into a closed order');
SELECT throws_ok(format($q$SELECT hotline.merge(%L, %L)$q$, :'o2', :'o3'),
                 '55000', format('order %s to merge into was merged into order %s itself', :'o3', :'o2'), 'into a merged order');
SELECT is(pg_temp.order_as_is(), :'as_is', 'the refused merges changed nothing');

SELECT * FROM finish();
ROLLBACK;
