--
-- Errors in the hotline's own words (issue 8, gap 8): every bad parameter
-- of a named function of the 12345 workflow is refused with a message
-- naming the parameter and the value, a detail saying what is expected and
-- a hint with a good example, before anything is written.  Intake
-- parameters are checked by hotline.check_intake (R-1.2-R-1.5, R-2.2,
-- R-2.3), the others by the engine and the workflow's check hook.
--
-- What a person reads, as psql prints it; the SQLSTATEs and "nothing was
-- written" are in test/tap/intake_errors.sql.  CONTEXT lines (the function
-- and line that raised) are left out: they move with every edit.  Order
-- numbers carry today's date, so they are kept in psql variables; the few
-- errors whose detail names a deadline computed from today are shown terse.
-- Everything runs in one transaction, rolled back at the end.
--
\set SHOW_CONTEXT never
\set ON_ERROR_ROLLBACK on
SET client_min_messages = warning;
SET search_path = hotline, public;
BEGIN;
INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('ie-gov', '北京市东城区人民政府', '110101', 'district'),
    ('ie-zjw', '东城区住房和城市建设委员会', '110101', 'department'),
    ('ie-wy', '某物业服务有限公司', '110101', 'enterprise');
INSERT INTO hotline.topic (code, name) VALUES ('ie-cxjs', '城乡建设');

-- 受理 accept: region, appeal type, channel, description (R-1.3-R-1.5)
SELECT hotline.accept('11010', 'complaint', 'phone', '小区电梯停运三天');
SELECT hotline.accept('990101', 'complaint', 'phone', '小区电梯停运三天');
SELECT hotline.accept('110101', 'complain', 'phone', '小区电梯停运三天');
SELECT hotline.accept('110101', 'complaint', 'telephone', '小区电梯停运三天');
SELECT hotline.accept('110101', 'complaint', 'phone', '   ');
SELECT hotline.accept(NULL, 'complaint', 'phone', NULL);
-- urgency and emergency kind (R-1.5, R-2.3)
SELECT hotline.accept('110101', 'help', 'phone', '自来水管爆裂', urgency => 'asap');
SELECT hotline.accept('110101', 'help', 'phone', '自来水管爆裂', emergency => 'flood');
-- the hotline it came through, when and where it happened (R-1.3)
SELECT hotline.accept('110101', 'complaint', 'phone', '商品质量问题', source_hotline => '12315a');
SELECT hotline.accept('110101', 'complaint', 'phone', '夜间施工噪音', occurred_at => '2999-01-01 00:00+08');
SELECT hotline.accept('110101', 'complaint', 'phone', '路灯不亮', longitude => 116.397);
SELECT hotline.accept('110101', 'complaint', 'phone', '路灯不亮', latitude => 39.909);
SELECT hotline.accept('110101', 'complaint', 'phone', '路灯不亮', longitude => 216.397, latitude => 39.909);
SELECT hotline.accept('110101', 'complaint', 'phone', '路灯不亮', longitude => 39.909, latitude => 116.397);
SELECT hotline.accept('110101', 'complaint', 'phone', '路灯不亮', longitude => 'NaN', latitude => 39.909);
-- who (R-1.2), the topic and the accused unit (R-1.5, R-4.6)
SELECT hotline.accept('110101', 'complaint', 'phone', '物业不作为', citizen_phone => '138-0013-800x');
SELECT hotline.accept('110101', 'complaint', 'phone', '物业不作为', citizen_phone => '6512 3456');
SELECT hotline.accept('110101', 'complaint', 'phone', '物业不作为', citizen_phone => '6512 3456', area_code => '10');
SELECT hotline.accept('110101', 'complaint', 'phone', '物业不作为', topic => 'ie-wygl');
SELECT hotline.accept('110101', 'complaint', 'phone', '物业不作为', accused_unit => 'ie-nowhere');

-- 不受理 reject: the emergency lines (R-2.2), and a reason
SELECT hotline.reject('110101', 'help', 'phone', '燃气泄漏', '已转燃气公司', emergency_referral => '911');
SELECT hotline.reject('110101', 'help', 'phone', '燃气泄漏', '');
-- 直接办理 answer: the unit of a three-way call (R-3.2), and the result
SELECT hotline.answer('110101', 'consultation', 'phone', '社保卡补办', '已告知办理地点', three_way_unit => 'ie-rsj');
SELECT hotline.answer('110101', 'consultation', 'phone', '社保卡补办', NULL);

-- the same checks for any caller of the engine (the params of hotline.open_order)
SELECT hotline.check_intake('["110101"]');
SELECT hotline.check_intake('{"region": "110101", "appeal_type": "help", "channel": "phone", "description": "x", "occurred_at": "yesterday evening"}');
SELECT hotline.check_intake('{"region": "110101", "appeal_type": "help", "channel": "phone", "description": "x", "longitude": "东经116度", "latitude": "39.9"}');
SELECT hotline.check_intake('{"region": "110101", "appeal_type": "help", "channel": "phone", "description": "x", "confidential": "maybe"}');
-- an emergency is very urgent (R-2.3): its limits are counted in clock time
SELECT hotline.check_intake('{"region": "110101", "appeal_type": "help", "channel": "phone", "description": "x", "emergency": "accident"}') ->> 'urgency' AS urgency;

-- nothing of the refused appeals was written
SELECT count(*) AS orders, (SELECT count(*) FROM hotline.citizen) AS citizens FROM hotline.work_order;

-- 派单 dispatch: the dispatch mode names its limits (R-4.3), units by code (R-4.4)
SELECT hotline.accept('110101', 'complaint', 'phone', '小区电梯停运三天', accused_unit => 'ie-wy') AS o \gset
SELECT hotline.dispatch(:'o', 'ie-zjw', '请核实处理', dispatch_mode => 'fax');
SELECT hotline.dispatch(:'o', 'ie-zjw', '请核实处理', assist_units => '{NULL}');
SELECT hotline.dispatch(:'o', 'ie-nowhere', '请核实处理');
SELECT hotline.dispatch(:'o', 'ie-zjw', '请核实处理', assist_units => '{ie-gov}');
SELECT hotline.sign_for(:'o', 'ie-nowhere');
SELECT hotline.sign_for(:'o', 'ie-zjw');
-- 延期 extension: a later deadline (R-4.8); the detail names the current one
\set VERBOSITY terse
SELECT hotline.request_extension(:'o', 'ie-zjw', '需现场勘查', requested_deadline => '2020-01-01 00:00+08');
\set VERBOSITY default
SELECT hotline.request_extension(:'o', 'ie-zjw', '需现场勘查');
SELECT hotline.decide_extension(:'o', 'ie-zjw', NULL);
\set VERBOSITY terse
SELECT hotline.decide_extension(:'o', 'ie-zjw', true, new_deadline => '2020-01-01 00:00+08');
\set VERBOSITY default
SELECT hotline.decide_extension(:'o', 'ie-zjw', false, reason => '请按期办结');
SELECT hotline.reply(:'o', 'ie-zjw', '已协调物业修复电梯', true, 'phone');
SELECT hotline.withdraw(:'o', 'ie-gov', '无需协办');
-- 审核 review: accept is true or false (R-6.3)
SELECT hotline.review(:'o', NULL);
SELECT hotline.review(:'o', true);
-- 回访 callback: satisfaction values, unreachable for both or neither (R-7.2)
SELECT hotline.callback(:'o', 'happy', 'satisfied');
SELECT hotline.callback(:'o', 'satisfied', 'unreachable');
SELECT hotline.callback(:'o', 'unreachable', 'basically_satisfied');
-- the order is where it was
SELECT state, callback_due IS NOT NULL AS callback_due FROM hotline.work_order WHERE order_no = :'o';

-- 并案 merge: into another order that exists (R-2.4)
SELECT hotline.accept('110101', 'complaint', 'phone', '小区电梯停运，第二位居民反映') AS o2 \gset
SELECT hotline.merge(:'o2', :'o2');
SELECT hotline.merge(:'o2', '110101-20200101-000001');
ROLLBACK;
