-- A hand-computed month of a 12345 centre (issue 11): four units (东城区
-- with its streets 和平里 and 景山, and 市住建委) and ten orders of this
-- month, the one before and a year before: a satisfied one, a redo (发回重办)
-- with a dissatisfied, unsolved callback, a return and an unreachable
-- callback, an exempted order (免考), a late and hastened one, one not signed
-- for, an answer on the spot, a rejection, a terminated one, and one passed
-- down to a street that is exempted.  The statistics job runs
-- between the steps; psql variables keep what it returned (step1_rebuilt,
-- step2_rebuilt, step3_orders, step3_exempted).  Read by
-- test/tap/assessment_month.sql (the figures, worked out by hand there) and
-- test/report/check.sh (the published page in a browser).  Run as a
-- superuser, in one transaction: every action happens at now().
INSERT INTO hotline.unit (code, name, region, kind, level) VALUES
    ('am-dc', '东城区人民政府', '110101', 'district', 1),
    ('am-zjw', '北京市住房和城乡建设委员会', '110000', 'department', 1);
INSERT INTO hotline.unit (code, name, region, kind, level, parent_id)
    SELECT v.code, v.name, '110101', 'subdistrict', 2, d.id
    FROM hotline.unit d, (VALUES ('am-hpm', '和平里街道办事处'), ('am-js', '景山街道办事处')) v(code, name)
    WHERE d.code = 'am-dc';
INSERT INTO hotline.topic (code, name) VALUES ('am-zs', '噪声扰民'), ('am-gn', '供暖'), ('am-lm', '路面破损'), ('am-wy', '物业服务');
INSERT INTO hotline.workflow_setting (workflow, setting, value, description)
    VALUES ('appeal_12345', 'callback_tries', '1', '回访一次 (test)');
CREATE SCHEMA t;
CREATE TABLE t.t (name text PRIMARY KEY, order_no hotline.order_no);
CREATE FUNCTION t.o(n text) RETURNS hotline.order_no LANGUAGE sql AS $$ SELECT order_no FROM t.t WHERE name = n $$;
INSERT INTO t.t SELECT v.n, hotline.accept(v.region, v.type::hotline.appeal_type, v.channel::hotline.channel, v.d, topic => v.topic,
                                         citizen_phone => v.phone)
FROM (VALUES ('o1', '110101', 'complaint', 'phone', '和平里七区楼下餐馆油烟和噪声扰民，晚上十一点后仍在营业', 'am-zs', '13901010001'),
             ('o2', '110101', 'complaint', 'phone', '景山东街12号院暖气不热，室温只有14度', 'am-gn', '13901010002'),
             ('o3', '110101', 'report', 'website', '和平里北街路面塌陷，有安全隐患', 'am-lm', '13901010003'),
             ('o4', '110101', 'help', 'wechat', '要求住建委责令物业公司赔偿漏水损失三十万元', 'am-wy', '13901010004'),
             ('o5', '110101', 'complaint', 'phone', '和平里西街夜间施工噪声扰民', 'am-zs', '13901010005'),
             ('o6', '110101', 'suggestion', 'app', '建议东城区增加老旧小区电梯加装补贴', NULL, '13901010006'),
             ('o9', '110101', 'complaint', 'phone', '和平里九区广场舞噪声扰民', 'am-zs', '13901010009'),
             ('o10', '110101', 'complaint', 'phone', '和平里东街商户噪声扰民', 'am-zs', '13901010010'),
             ('o11', '110101', 'report', 'phone', '景山后街井盖松动，车辆经过时响声很大', 'am-lm', '13901010011'),
             ('o12', '110101', 'help', 'phone', '要求物业公司免除本人三年物业费', 'am-wy', '13901010012'))
     v(n, region, type, channel, d, topic, phone);
INSERT INTO t.t VALUES ('o7', hotline.answer('110101', 'consultation', 'phone', '咨询居住证办理需要哪些材料', '已告知所需材料及办理地点',
                                           citizen_phone => '13901010007'));
INSERT INTO t.t VALUES ('o8', hotline.reject('110101', 'consultation', 'phone', '询问某明星的私人电话', '不属于热线受理范围',
                                           citizen_phone => '13901010008'));
-- the statistics job runs between the steps (its results for the tests)
SELECT hotline.refresh_statistics() ->> 'rebuilt' AS step1_rebuilt \gset
-- o1: 和平里 handles it in time, the citizen is satisfied and it is solved
SELECT hotline.dispatch(t.o('o1'), 'am-hpm', '请核实处理');
SELECT hotline.sign_for(t.o('o1'), 'am-hpm');
SELECT hotline.reply(t.o('o1'), 'am-hpm', '已约谈餐馆负责人，23点前停止营业并加装隔音设施', true, 'phone', contacted_at => now());
SELECT hotline.review(t.o('o1'), true);
SELECT hotline.callback(t.o('o1'), 'satisfied', 'satisfied', solved => true);
SELECT hotline.close_order(t.o('o1'));
-- o2: 景山 leads, 住建委 assists; sent back (重办) once; the citizen is dissatisfied with the result, not solved
SELECT hotline.dispatch(t.o('o2'), 'am-js', '请核实供暖情况', assist_units => '{am-zjw}');
SELECT hotline.sign_for(t.o('o2'), 'am-js');
SELECT hotline.sign_for(t.o('o2'), 'am-zjw');
SELECT hotline.reply(t.o('o2'), 'am-js', '已联系供热公司检修', true, 'visit', contacted_at => now());
SELECT hotline.reply(t.o('o2'), 'am-zjw', '已督促供热单位', false);
SELECT hotline.review(t.o('o2'), false, '未说明室温是否达标');
-- (a reminder to 景山 while it redoes the order: an event that stays in redo, no second redo)
SELECT hotline.record_event(t.o('o2'), (SELECT a.id FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id
                                        WHERE a.order_no = t.o('o2') AND u.code = 'am-js'),
                            'hotline.sweep', 'system', 'remind_reply', 'redo', 'redo', NULL, '{"n": 1}');
SELECT hotline.reply(t.o('o2'), 'am-js', '供热公司已更换阀门，复测室温18度', true, 'visit', contacted_at => now());
SELECT hotline.reply(t.o('o2'), 'am-zjw', '已约谈供热单位', false);
SELECT hotline.review(t.o('o2'), true);
SELECT hotline.callback(t.o('o2'), 'satisfied', 'dissatisfied', solved => false);
SELECT hotline.close_order(t.o('o2'));
-- o3: 和平里 returns it (not theirs), 景山 handles it; the callback cannot reach the citizen
SELECT hotline.refresh_statistics() ->> 'rebuilt' AS step2_rebuilt \gset
SELECT hotline.dispatch(t.o('o3'), 'am-hpm', '请核实处理');
SELECT hotline.return_order(t.o('o3'), 'am-hpm', '该路段属景山街道辖区');
SELECT hotline.dispatch(t.o('o3'), 'am-js', '请核实处理');
SELECT hotline.sign_for(t.o('o3'), 'am-js');
SELECT hotline.reply(t.o('o3'), 'am-js', '已设置围挡并报修', true, 'phone', contacted_at => now());
SELECT hotline.review(t.o('o3'), true);
SELECT hotline.callback(t.o('o3'), 'unreachable', 'unreachable');
SELECT hotline.close_order(t.o('o3'));
-- o4: 住建委 asks that it not count (unreasonable demand); a supervisor approves
SELECT hotline.dispatch(t.o('o4'), 'am-zjw', '请核实处理');
SELECT hotline.sign_for(t.o('o4'), 'am-zjw');
SELECT hotline.request_exemption(t.o('o4'), 'am-zjw', 'outside_powers', '民事赔偿纠纷，已告知诉求人通过诉讼解决');
SELECT hotline.decide_exemption((SELECT id FROM hotline.exemption WHERE order_no = t.o('o4')), true, '属民事纠纷，同意免考');
SELECT hotline.refresh_statistics() ->> 'orders' AS step3_orders \gset
SELECT sum(r.exempted) AS step3_exempted FROM hotline.assessment_rollup r JOIN hotline.unit u ON u.id = r.unit_id
    WHERE NOT r.detail AND u.code = 'am-zjw' \gset
-- o5: 和平里 replies after its deadline (hastened twice); closed without a callback
SELECT hotline.dispatch(t.o('o5'), 'am-hpm', '请核实处理');
SELECT hotline.sign_for(t.o('o5'), 'am-hpm');
UPDATE hotline.assignment SET reply_due = now() - interval '1 day' WHERE order_no = t.o('o5');
UPDATE hotline.alarm SET fired = 2 WHERE order_no = t.o('o5') AND rule = 'hasten_reply';
SELECT hotline.reply(t.o('o5'), 'am-hpm', '已责令施工单位22点后停工', true, 'phone', contacted_at => now());
SELECT hotline.review(t.o('o5'), true);
SELECT hotline.close_order(t.o('o5'));
-- o6: 东城区 itself, not signed for yet
SELECT hotline.dispatch(t.o('o6'), 'am-dc', '请研究答复');
-- o11: 景山 replies, then the order is terminated (终结): the assignment ends without counting
SELECT hotline.dispatch(t.o('o11'), 'am-js', '请核实处理');
SELECT hotline.sign_for(t.o('o11'), 'am-js');
SELECT hotline.reply(t.o('o11'), 'am-js', '已通知产权单位加固井盖', true, 'phone', contacted_at => now());
SELECT hotline.terminate(t.o('o11'), '产权单位为中央在京单位，已转其主管部门处理');
-- o12: 东城区 passes it down (下派) to 和平里, which asks for an exemption (免考), approved:
-- 东城区's assignment does not count
SELECT hotline.dispatch(t.o('o12'), 'am-dc', '请核实处理');
SELECT hotline.sign_for(t.o('o12'), 'am-dc');
SELECT hotline.pass_down(t.o('o12'), 'am-dc', '{am-hpm}');
SELECT hotline.sign_for(t.o('o12'), 'am-hpm');
SELECT hotline.request_exemption(t.o('o12'), 'am-hpm', 'unreasonable_demand', '物业费属民事合同事项，诉求不合理');
SELECT hotline.decide_exemption((SELECT id FROM hotline.exemption WHERE order_no = t.o('o12')), true, '同意免考');
-- o9 (last month) and o10 (a year ago): 和平里, handled and satisfied
SELECT hotline.dispatch(t.o(n), 'am-hpm', '请核实处理') FROM unnest(ARRAY['o9', 'o10']) n;
SELECT hotline.sign_for(t.o(n), 'am-hpm') FROM unnest(ARRAY['o9', 'o10']) n;
SELECT hotline.reply(t.o(n), 'am-hpm', '已劝导', true, 'visit', contacted_at => now()) FROM unnest(ARRAY['o9', 'o10']) n;
SELECT hotline.review(t.o(n), true) FROM unnest(ARRAY['o9', 'o10']) n;
SELECT hotline.callback(t.o(n), 'satisfied', 'basically_satisfied', solved => true) FROM unnest(ARRAY['o9', 'o10']) n;
SELECT hotline.close_order(t.o(n)) FROM unnest(ARRAY['o9', 'o10']) n;
UPDATE hotline.assignment a SET dispatched_at = a.dispatched_at - x.shift
FROM (VALUES ('o9', interval '1 month'), ('o10', interval '1 year')) x(n, shift) WHERE a.order_no = t.o(x.n);
UPDATE hotline.work_order w SET accepted_at = w.accepted_at - x.shift
FROM (VALUES ('o9', interval '1 month'), ('o10', interval '1 year')) x(n, shift) WHERE w.order_no = t.o(x.n);
