-- Data for the pg_dump round trip (run by test/run.sh before pg_dump):
--   1. users' calendars, days and years, also days and a year added to the
--      built-in cn;
--   2. a hotline's activity through the 12345 workflow's named functions:
--      units and topics as trees, citizens, orders in most states (accepted,
--      dispatched with a passed-down sub-unit, returned, redo, reviewed,
--      closed and archived, merged, answered, not accepted, terminated, an
--      emergency), a repeat group, supervision opened by rules and by hand
--      with records, two sweeps (a reminder, two hastenings, a public
--      notice), outbox messages claimed, sent and failed, job runs, a user
--      time limit, a user escalation rule replacing a built-in one and a
--      user job;
--   3. what test/dump/verify.sql compares after pg_restore, kept in tables of
--      schema public (pg_dump carries them): every row of every table of
--      schema hotline as jsonb, the row counts, the sequences, the orders by
--      name.
-- Each statement commits on its own (psql -f, no BEGIN), so the sweeps see
-- deadlines and alarms moved by the UPDATEs before them in the past.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
-- the snapshot writes timestamps as text: the same zone as verify.sql
SET TimeZone = 'UTC';
-- the operators of hotline.order_no live in schema hotline
SET search_path = public, hotline;

-- ---------------------------------------------------------------------------
-- 1. Calendars
-- ---------------------------------------------------------------------------
INSERT INTO hotline.calendar (name, base, time_zone, description) VALUES
    ('beijing', 'cn', 'Asia/Shanghai', '北京市'),
    ('dongcheng', 'beijing', 'Asia/Shanghai', '东城区'),
    ('urumqi', 'cn', 'Asia/Urumqi', '乌鲁木齐市');
INSERT INTO hotline.calendar (name, business_hours, work_weekdays) VALUES ('24x7', '{"[00:00,24:00)"}', '{1,2,3,4,5,6,7}');
INSERT INTO hotline.calendar_day (calendar, day, kind, note, source) VALUES
    ('beijing', '2026-12-01', 'holiday', '示例休息日', 'dump test'),
    ('dongcheng', '2026-12-01', 'workday', '示例上班', 'dump test'),
    ('cn', '2027-01-01', 'holiday', '元旦', '2027 notice (test)');
INSERT INTO hotline.calendar_year (calendar, year, source) VALUES ('cn', 2027, '2027 notice (test)'), ('urumqi', 2026, 'test');

-- ---------------------------------------------------------------------------
-- 2. Reference data and users' configuration
-- ---------------------------------------------------------------------------
INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('dc-gov', '北京市东城区人民政府', '110101', 'district'),
    ('dc-zjw', '东城区住房和城市建设委员会', '110101', 'department');
INSERT INTO hotline.unit (code, name, region, kind, calendar) VALUES
    ('dc-cgw', '东城区城市管理委员会', '110101', 'department', 'dongcheng');
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT 'dc-dhm', '东华门街道办事处', '110101', 'subdistrict', id FROM hotline.unit WHERE code = 'dc-gov';
INSERT INTO hotline.topic (code, name) VALUES ('csgl', '城市管理'), ('cxjs-gr', '供热'), ('wsjk', '卫生健康');
INSERT INTO hotline.topic (code, name, parent_id)
    SELECT 'csgl-ldzm', '路灯照明', id FROM hotline.topic WHERE code = 'csgl';

-- a time limit of your own: phone dispatches are answered in 2 working days, not 3
INSERT INTO hotline.workflow_limit (workflow, deadline, conditions, time_limit)
    VALUES ('appeal_12345', 'reply', '{"dispatch_mode": "phone"}', '2 working days');
-- a rule of your own replaces the built-in bad_handling: one return is enough
INSERT INTO hotline.workflow_escalation (workflow, rule, kind, on_actions, channel, template, settings, description)
    VALUES ('appeal_12345', 'bad_handling', 'bad_handling', '{return_order,send_back,callback_redo,callback}',
            'system', 'supervise', '{"returned": {"actions": ["return_order"], "threshold": 1, "unit": "assignment"},
              "sent_back": {"actions": ["send_back", "callback_redo"], "threshold": 1},
              "dissatisfied": {"actions": ["callback", "callback_redo"], "threshold": 1,
                               "params": ["process_satisfaction", "result_satisfaction"], "value": "dissatisfied"}}',
            '办理不力 (dump test): 退单一次即督办');
-- a job of your own next to the built-in ones
INSERT INTO hotline.job (name, command, default_schedule, lock_key, description)
    VALUES ('purge_outbox', 'SELECT 1', '0 3 * * *', 100, 'dump test: a user''s own job');

-- what the functions below return is not needed (psql -q still prints it)
\o /dev/null

-- ---------------------------------------------------------------------------
-- 3. Orders through the 12345 workflow's named functions
-- ---------------------------------------------------------------------------
CREATE TABLE public.dump_order (name text PRIMARY KEY, order_no hotline.order_no NOT NULL UNIQUE);
COMMENT ON TABLE public.dump_order IS 'test/dump: the orders of setup.sql by name, for verify.sql';

-- closed and archived: lead and assisting unit, satisfied callback
INSERT INTO public.dump_order VALUES ('archived', hotline.accept(
    region => '110101', appeal_type => 'help', channel => 'phone', topic => 'csgl-ldzm',
    description => '东直门北小街路灯连续一周不亮', demand => '尽快修复',
    citizen_phone => '138 0013 8000', citizen_name => '王女士', actor => '话务员 0101'));
SELECT hotline.dispatch(order_no, lead_unit => 'dc-cgw', opinion => '请核实处理', assist_units => '{dc-zjw}',
                        actor => '派单员 07') FROM public.dump_order WHERE name = 'archived';
SELECT hotline.sign_for(order_no, 'dc-cgw'), hotline.sign_for(order_no, 'dc-zjw') FROM public.dump_order WHERE name = 'archived';
SELECT hotline.reply(order_no, 'dc-zjw', '已配合排查线路', true, 'phone') FROM public.dump_order WHERE name = 'archived';
SELECT hotline.reply(order_no, 'dc-cgw', '已更换灯具，路灯恢复照明', true, 'phone') FROM public.dump_order WHERE name = 'archived';
SELECT hotline.review(order_no, true) FROM public.dump_order WHERE name = 'archived';
SELECT hotline.callback(order_no, 'satisfied', 'satisfied') FROM public.dump_order WHERE name = 'archived';
SELECT hotline.close_order(order_no) FROM public.dump_order WHERE name = 'archived';
SELECT hotline.archive(order_no) FROM public.dump_order WHERE name = 'archived';

-- returned by its unit (the user's bad_handling rule: supervision at the first return)
INSERT INTO public.dump_order VALUES ('returned', hotline.accept(
    region => '110101', appeal_type => 'complaint', channel => 'wechat',
    description => '小区垃圾清运不及时，楼道堆满垃圾', citizen_phone => '010-6512 3456', actor => '话务员 0102'));
SELECT hotline.dispatch(order_no, lead_unit => 'dc-zjw', opinion => '请核实处理') FROM public.dump_order WHERE name = 'returned';
SELECT hotline.return_order(order_no, 'dc-zjw', '不属于本单位职责，建议转城管委') FROM public.dump_order WHERE name = 'returned';

-- passed down to a sub-unit; supervised by hand, with records, then closed
INSERT INTO public.dump_order VALUES ('passed', hotline.accept(
    region => '110101', appeal_type => 'complaint', channel => 'phone',
    description => '东华门大街占道经营，晚间噪音扰民', address => '东华门大街 12 号', actor => '话务员 0103'));
SELECT hotline.dispatch(order_no, lead_unit => 'dc-gov', opinion => '请属地处理') FROM public.dump_order WHERE name = 'passed';
SELECT hotline.sign_for(order_no, 'dc-gov') FROM public.dump_order WHERE name = 'passed';
SELECT hotline.pass_down(order_no, 'dc-gov', '{dc-dhm}', '请街道核实') FROM public.dump_order WHERE name = 'passed';
SELECT hotline.open_supervision(order_no, 'manual', person_in_charge => '督办科 王科长', method => 'phone',
                                note => '市民多次来电，电话督促街道处理', actor => '督办员 01') AS sup_manual
FROM public.dump_order WHERE name = 'passed' \gset
SELECT hotline.record_supervision(:sup_manual, '街道已到现场劝离摊贩', method => 'on_site', actor => '督办员 01');
SELECT hotline.close_supervision(:sup_manual, '占道经营已清理，市民认可', actor => '督办员 01');

-- overdue: hastened twice, then a public notice (通报) and supervision
INSERT INTO public.dump_order VALUES ('overdue', hotline.accept(
    region => '110101', appeal_type => 'complaint', channel => 'phone',
    description => '小区电梯停运三天，老人上下楼困难', citizen_phone => '13912345678', actor => '话务员 0104'));
SELECT hotline.dispatch(order_no, lead_unit => 'dc-zjw', opinion => '请督促物业尽快修复', dispatch_mode => 'phone')
FROM public.dump_order WHERE name = 'overdue';
SELECT hotline.sign_for(order_no, 'dc-zjw') FROM public.dump_order WHERE name = 'overdue';

-- reminded: 80% of its reply time has passed
INSERT INTO public.dump_order VALUES ('reminded', hotline.accept(
    region => '110101', appeal_type => 'help', channel => 'app',
    description => '胡同口井盖缺失，夜间行人易跌落', address => '北新桥三条胡同口', actor => '话务员 0105'));
SELECT hotline.dispatch(order_no, lead_unit => 'dc-cgw', opinion => '请尽快处置') FROM public.dump_order WHERE name = 'reminded';
SELECT hotline.sign_for(order_no, 'dc-cgw') FROM public.dump_order WHERE name = 'reminded';

-- reviewed, then chosen for a callback by the sampling job
INSERT INTO public.dump_order VALUES ('reviewed', hotline.accept(
    region => '110101', appeal_type => 'help', channel => 'phone',
    description => '单元门禁损坏无法关闭', citizen_phone => '13700001111', actor => '话务员 0106'));
SELECT hotline.dispatch(order_no, lead_unit => 'dc-zjw', opinion => '请督促物业修复') FROM public.dump_order WHERE name = 'reviewed';
SELECT hotline.sign_for(order_no, 'dc-zjw') FROM public.dump_order WHERE name = 'reviewed';
SELECT hotline.reply(order_no, 'dc-zjw', '物业已更换门禁锁', true, 'phone') FROM public.dump_order WHERE name = 'reviewed';
SELECT hotline.review(order_no, true) FROM public.dump_order WHERE name = 'reviewed';

-- sent back for redo (the user's rule: supervision sent_back)
INSERT INTO public.dump_order VALUES ('redo', hotline.accept(
    region => '110101', appeal_type => 'complaint', channel => 'phone',
    description => '工地夜间施工噪音扰民', citizen_phone => '13600002222', actor => '话务员 0107'));
SELECT hotline.dispatch(order_no, lead_unit => 'dc-cgw', opinion => '请核实查处') FROM public.dump_order WHERE name = 'redo';
SELECT hotline.sign_for(order_no, 'dc-cgw') FROM public.dump_order WHERE name = 'redo';
SELECT hotline.reply(order_no, 'dc-cgw', '已告知施工单位', false) FROM public.dump_order WHERE name = 'redo';
SELECT hotline.review(order_no, false, '答复未联系市民，未说明查处结果') FROM public.dump_order WHERE name = 'redo';

-- an emergency (R-2.3): reported at once and under supervision, with a record
INSERT INTO public.dump_order VALUES ('emergency', hotline.accept(
    region => '110101', appeal_type => 'report', channel => 'phone', topic => 'wsjk', emergency => 'public_health',
    description => '小区多人出现腹泻呕吐症状，疑似饮用水污染', address => '和平里北街 5 号院',
    citizen_phone => '13800009999', actor => '话务员 0108'));
SELECT hotline.record_supervision(s.id, '已通知疾控中心和水务部门赶赴现场', method => 'phone', actor => '值班长 02')
FROM hotline.supervision s JOIN public.dump_order d ON d.order_no = s.order_no
WHERE d.name = 'emergency' AND s.reason = 'emergency';

-- one person many times (一人多次): a repeat group, the second merged into the first
INSERT INTO public.dump_order VALUES ('heat1', hotline.accept(
    region => '110101', appeal_type => 'complaint', channel => 'phone', topic => 'cxjs-gr',
    description => '家中暖气不热，室温只有十四度', citizen_phone => '139 1000 2000', citizen_name => '李先生',
    actor => '话务员 0109'));
INSERT INTO public.dump_order VALUES ('heat2', hotline.accept(
    region => '110101', appeal_type => 'complaint', channel => 'phone', topic => 'cxjs-gr',
    description => '暖气还是不热，再次反映', citizen_phone => '13910002000', actor => '话务员 0110'));
SELECT hotline.merge(m.order_no, c.order_no)
FROM public.dump_order m, public.dump_order c WHERE m.name = 'heat2' AND c.name = 'heat1';
-- the carrier is dispatched after the merge
SELECT hotline.dispatch(order_no, lead_unit => 'dc-zjw', opinion => '请督促供热单位排查') FROM public.dump_order WHERE name = 'heat1';

-- answered on the spot, not accepted, terminated
INSERT INTO public.dump_order VALUES ('answered', hotline.answer(
    region => '110101', appeal_type => 'consultation', channel => 'phone',
    description => '咨询居住证办理需要哪些材料', result => '已告知所需材料和办理地点', actor => '话务员 0111'));
INSERT INTO public.dump_order VALUES ('not_accepted', hotline.reject(
    region => '110101', appeal_type => 'report', channel => 'phone',
    description => '有人在街上打架', reason => '属于公安110职责，已转接', emergency_referral => '110', actor => '话务员 0112'));
INSERT INTO public.dump_order VALUES ('terminated', hotline.accept(
    region => '110101', appeal_type => 'suggestion', channel => 'website',
    description => '建议增设公共自行车停放点', actor => '话务员 0113'));
SELECT hotline.terminate(order_no, '市民撤回诉求', actor => '督办员 01') FROM public.dump_order WHERE name = 'terminated';

-- Rows that name a row of the same table stored after them (pg_dump copies
-- a table in its physical order, and an UPDATE moves a row to the end): the
-- merged order before its carrier (dispatched after the merge, above), the
-- sub-unit and the passed-down assignment before their parents.
UPDATE hotline.unit SET active = true WHERE code = 'dc-gov';
UPDATE hotline.assignment a SET opinion = '请属地处理，督促街道落实'
FROM hotline.unit u, public.dump_order d
WHERE u.id = a.unit_id AND u.code = 'dc-gov' AND d.name = 'passed' AND a.order_no = d.order_no;

-- A home visit (issue 13, workflows/home_visit/): the plugin's
-- configuration, a visit booked with two staff (their bookings under the
-- exclusion constraint), moved once, and its invitations in the outbox
INSERT INTO hotline.unit (code, name, region) VALUES ('dc-zwfw', '东城区政务服务中心', '110101');
INSERT INTO hotline.visit_unit (unit_id, email, phone)
    SELECT id, 'smfw@dc.gov.example', '010-64000000' FROM hotline.unit WHERE code = 'dc-zwfw';
INSERT INTO hotline.staff (login, name, unit_id)
    SELECT l, n, (SELECT id FROM hotline.unit WHERE code = 'dc-zwfw')
    FROM (VALUES ('dump_chen', '陈静'), ('dump_ma', '马骏')) v(l, n);
INSERT INTO hotline.visit_staff (staff_id, email)
    SELECT id, substr(login, 6) || '@dc.gov.example' FROM hotline.staff WHERE login IN ('dump_chen', 'dump_ma');
INSERT INTO hotline.visit_staff_qualification (staff_id, qualification)
    SELECT id, 'household' FROM hotline.staff WHERE login IN ('dump_chen', 'dump_ma');
INSERT INTO hotline.visit_qualification_kind (qualification, description, certificate_required)
    VALUES ('elder_care', '老年人能力评估 (the city''s own qualification)', true);
INSERT INTO public.dump_order VALUES ('visit', hotline.apply_home_visit('110101', 'dc-zwfw', 'illness_disability',
    '北京市残疾人证（一级肢体）', '为瘫痪在床的老人办理居住证续签', '东城区和平里七区12号楼3单元401',
    citizen_phone => '13911112222', citizen_name => '李建国', citizen_email => 'li.daye@example.com',
    qualifications => '{household}', source_order => (SELECT order_no FROM public.dump_order WHERE name = 'archived')));
SELECT hotline.approve_visit(order_no) FROM public.dump_order WHERE name = 'visit';
SELECT hotline.book_visit(order_no, '2030-03-04 09:00+08', '2030-03-04 10:00+08', '{dump_chen,dump_ma}')
FROM public.dump_order WHERE name = 'visit';
SELECT hotline.reschedule_visit(order_no, '2030-03-04 14:00+08', '2030-03-04 15:30+08', '市民上午去医院复查',
                                '{dump_chen}')
FROM public.dump_order WHERE name = 'visit';

-- ---------------------------------------------------------------------------
-- 4. The sweep: a reminder and a hastening, then a second hastening and a
--    public notice; the other jobs once each
-- ---------------------------------------------------------------------------
-- deadlines moved by a plain UPDATE (only states are guarded); reply_limit
-- NULL marks them as set by date, so that a recomputation leaves them alone
UPDATE hotline.assignment a SET reply_due = now() - interval '1 day', reply_limit = NULL
FROM public.dump_order d WHERE d.name = 'overdue' AND a.order_no = d.order_no AND a.closed_at IS NULL;
UPDATE hotline.assignment a SET reply_from = now() - interval '30 days', reply_due = now() + interval '2 days', reply_limit = NULL
FROM public.dump_order d WHERE d.name = 'reminded' AND a.order_no = d.order_no AND a.closed_at IS NULL;
-- a hastening is sent at the unit's next opening after the deadline: due
-- now, whatever the hour the test runs
UPDATE hotline.alarm al SET fire_at = now()
FROM public.dump_order d WHERE d.name = 'overdue' AND al.order_no = d.order_no AND al.rule = 'hasten_reply';
SELECT hotline.sweep();
UPDATE hotline.alarm al SET fire_at = now()
FROM public.dump_order d WHERE d.name = 'overdue' AND al.order_no = d.order_no AND al.rule = 'hasten_reply';
SELECT hotline.sweep();
SELECT hotline.sweep();
SELECT hotline.sample_callbacks();
SELECT hotline.archive_closed();
SELECT hotline.recompute_deadlines();

-- gateways: two text messages taken, one sent, one failed (retried later);
-- a system message held under a lease
SELECT hotline.outbox_ack(id, 'sms-gw-1') FROM hotline.outbox_claim('sms-gw-1', channel => 'sms', batch => 1);
SELECT hotline.outbox_fail(id, 'sms-gw-1', 'HTTP 503') FROM hotline.outbox_claim('sms-gw-1', channel => 'sms', batch => 1);
SELECT count(*) FROM hotline.outbox_claim('sys-gw-1', channel => 'system', batch => 1, lease => '1 hour');

\o

-- ---------------------------------------------------------------------------
-- 5. What verify.sql compares after pg_restore
-- ---------------------------------------------------------------------------
-- every row of every table of schema hotline, but the queue of calendar
-- changes (not dumped: restoring the calendars' days queues them again)
CREATE TABLE public.dump_snapshot (tbl text NOT NULL, row jsonb NOT NULL);
COMMENT ON TABLE public.dump_snapshot IS 'test/dump: the rows of the tables of schema hotline before pg_dump';
SELECT format('INSERT INTO public.dump_snapshot SELECT %L, to_jsonb(t) FROM hotline.%I t', tablename, tablename)
FROM pg_tables WHERE schemaname = 'hotline' AND tablename <> 'calendar_change' ORDER BY tablename \gexec
CREATE TABLE public.dump_count AS
SELECT tablename::text AS tbl, (SELECT count(*) FROM public.dump_snapshot s WHERE s.tbl = t.tablename) AS n
FROM pg_tables t WHERE schemaname = 'hotline' AND tablename <> 'calendar_change';
COMMENT ON TABLE public.dump_count IS 'test/dump: row counts of the tables of schema hotline before pg_dump';
CREATE TABLE public.dump_sequence AS
SELECT sequencename::text AS seq, last_value FROM pg_sequences WHERE schemaname = 'hotline';
COMMENT ON TABLE public.dump_sequence IS 'test/dump: the sequences of schema hotline before pg_dump';
