--
-- The 12345 appeal workflow as a hotline sees it (issue 3): one order through
-- every step by the named functions, and every kind of refusal.  Order
-- numbers carry today's date, so they are kept in psql variables and not
-- printed.
--
SET client_min_messages = warning;
SET search_path = hotline, public;
INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('dc-gov', '北京市东城区人民政府', '110101', 'district'),
    ('dc-zjw', '东城区住房和城市建设委员会', '110101', 'department'),
    ('dc-cgw', '东城区城市管理委员会', '110101', 'department'),
    ('dc-wyh', '某物业服务有限公司', '110101', 'enterprise');
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT 'dc-jd-dhm', '东华门街道办事处', '110101', 'subdistrict', id FROM hotline.unit WHERE code = 'dc-gov';
INSERT INTO hotline.topic (code, name) VALUES ('cxjs', '城乡建设');
INSERT INTO hotline.topic (code, name, parent_id) SELECT 'cxjs-wygl', '物业管理', id FROM hotline.topic WHERE code = 'cxjs';

-- 受理 accept: a complaint about a property company
SELECT hotline.accept(region => '110101', appeal_type => 'complaint', channel => 'phone',
                      description => '小区电梯停运三天，物业不予答复，老人上下楼困难',
                      demand => '尽快修复电梯', topic => 'cxjs-wygl', accused_unit => 'dc-wyh',
                      citizen_phone => '138 0013 8000', citizen_name => '王女士', actor => 'agent 0101') AS o \gset
SELECT state, appeal_type, channel, urgency, dispatch_due = hotline.deadline('cn', accepted_at, '2 working days') AS dispatch_within_2_working_days
FROM hotline.work_order WHERE order_no = :'o';

-- the complaint cannot go to the company it is about (R-4.6)
\set VERBOSITY terse
SELECT hotline.dispatch(:'o', lead_unit => 'dc-wyh', opinion => '请处理');
\set VERBOSITY default
-- wrong role, missing parameters, unknown unit, unknown action
SELECT hotline.apply_action(:'o', 'dispatch', 'agent 0101', 'agent', '{"lead_unit": "dc-zjw", "opinion": "x", "dispatch_mode": "written"}');
SELECT hotline.apply_action(:'o', 'dispatch', 'dispatcher 07', 'dispatcher', '{"lead_unit": "dc-zjw"}');
SELECT hotline.dispatch(:'o', lead_unit => 'dc-nowhere', opinion => '请处理');
SELECT hotline.apply_action(:'o', 'fly', 'dispatcher 07', 'dispatcher');

-- 派单 dispatch to a lead and an assisting unit (R-4.2, R-4.4)
SELECT hotline.dispatch(:'o', lead_unit => 'dc-zjw', opinion => '请督促物业尽快修复并答复市民',
                        dispatch_mode => 'written', assist_units => '{dc-cgw}', actor => 'dispatcher 07');
SELECT u.code, a.role, a.state, a.reply_due = hotline.deadline('cn', a.dispatched_at, '7 working days') AS reply_in_7_working_days
FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id WHERE a.order_no = :'o' ORDER BY a.id;

-- 签收 sign for; 退单 return needs a reason; 延期 extension
SELECT hotline.sign_for(:'o', unit => 'dc-zjw');
SELECT hotline.return_order(:'o', unit => 'dc-cgw', reason => '');
SELECT hotline.request_extension(:'o', unit => 'dc-zjw', reason => '需协调电梯维保单位更换主板');
SELECT hotline.decide_extension(:'o', unit => 'dc-zjw', approve => false, reason => '请按期办理');
SELECT hotline.sign_for(:'o', unit => 'dc-cgw');

-- 答复 both units reply; the order waits for the last one (R-6.1, R-6.2)
SELECT hotline.reply(:'o', unit => 'dc-zjw', result => '已责成物业更换电梯主板，电梯恢复运行', contacted => true, contact_method => 'phone');
SELECT hotline.reply(:'o', unit => 'dc-cgw', result => '已配合现场检查', contacted => true, contact_method => 'phone');

-- 审核 send back for redo, then reply again and accept (R-6.3)
SELECT hotline.review(:'o', accept => false, reason => '答复未说明后续维保安排');
SELECT u.code, a.state FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id WHERE a.order_no = :'o' ORDER BY a.id;
SELECT hotline.reply(:'o', unit => 'dc-zjw', result => '已更换主板并签订季度维保计划', contacted => true, contact_method => 'phone');
SELECT hotline.reply(:'o', unit => 'dc-cgw', result => '已配合', contacted => true);
SELECT hotline.review(:'o', accept => true);

-- 回访 callback, 办结 close, 归档 archive (R-7, R-8.1)
SELECT hotline.callback(:'o', process_satisfaction => 'satisfied', result_satisfaction => 'basically_satisfied');
SELECT hotline.close_order(:'o');
SELECT hotline.archive(:'o');
SELECT hotline.terminate(:'o', reason => '重复');

-- the history: every step, who, in which role, from which state to which (R-1.6)
SELECT e.action, e.actor, e.role, e.from_state, e.to_state, e.reason, u.code AS unit
FROM hotline.order_event e LEFT JOIN hotline.assignment a ON a.id = e.assignment_id
LEFT JOIN hotline.unit u ON u.id = a.unit_id
WHERE e.order_no = :'o' ORDER BY e.id;

-- not accepted with an emergency referral (R-2.2); direct answer (R-3)
SELECT hotline.reject(region => '110101', appeal_type => 'help', channel => 'phone',
                      description => '家中老人突发胸痛', reason => '紧急医疗事项，已转120', emergency_referral => '120',
                      actor => 'agent 0102') AS r \gset
SELECT state, closed_at IS NOT NULL AS closed FROM hotline.work_order WHERE order_no = :'r';
-- an answer on the spot cites the knowledge base's article in force (R-3.1, R-10.2)
SELECT hotline.kb_write(NULL, '居住证办理指南', '携带身份证、租房合同到街道政务服务中心办理，免费。',
                        kind => 'service', owner_unit => 'dc-gov', effective_from => '2020-01-01') AS kb \gset
SELECT hotline.kb_publish(:kb);
SELECT hotline.answer(region => '110101', appeal_type => 'consultation', channel => 'wechat',
                      description => '咨询居住证办理材料', result => '携带身份证、租房合同到街道政务服务中心办理',
                      knowledge_article => 'KB-0231', actor => 'agent 0103');
SELECT hotline.answer(region => '110101', appeal_type => 'consultation', channel => 'wechat',
                      description => '咨询居住证办理材料', result => '携带身份证、租房合同到街道政务服务中心办理',
                      knowledge_article => :'kb', actor => 'agent 0103') AS a \gset
SELECT payload ->> 'knowledge_article' = :'kb' || ':1' AS cites_version_1 FROM hotline.order_event WHERE order_no = :'a';
SELECT state, closed_at IS NOT NULL AS closed FROM hotline.work_order WHERE order_no = :'a';

-- nothing changes state by a bare UPDATE; the history is append-only
UPDATE hotline.work_order SET state = 'accepted' WHERE order_no = :'r';
DELETE FROM hotline.order_event WHERE order_no = :'r';
SELECT hotline.apply_action('110101-20200101-999999', 'close', 'x', 'system');

-- the history never copies the citizen's phone or name (R-11.1): the order links the citizen
SELECT e.payload ? 'citizen_phone' AS phone_in_history, e.payload ? 'citizen_name' AS name_in_history,
       c.phone AS citizen_phone_on_record
FROM hotline.order_event e JOIN hotline.work_order o ON o.order_no = e.order_no
JOIN hotline.citizen c ON c.id = o.citizen_id
WHERE e.order_no = :'o' AND e.action = 'accept';
