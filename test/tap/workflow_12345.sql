-- The 12345 appeal workflow (workflows/12345_appeal/12345_appeal.sql) through its named
-- functions: the whole life of orders, every allowed and every forbidden
-- transition, deadlines on the national calendar, multi-unit and pass-down
-- orders, returns, extensions, redo, merge, terminate, and the errors
-- (issue 3; R-2.2, R-3, R-4, R-6, R-7, R-8, R-1.6, R-14.2).
--
-- The engine stamps everything with now(), the start of this transaction:
-- deadlines are compared with hotline.deadline() of the stored start times
-- rather than with fixed dates.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(218);

-- ---------------------------------------------------------------------------
-- A small city: units (承办单位) as a tree, topics, a regional calendar
-- ---------------------------------------------------------------------------
INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('bj-dc',   '北京市东城区人民政府', '110101', 'district'),
    ('bj-xc',   '北京市西城区人民政府', '110102', 'district'),
    ('bj-zjw',  '北京市住房和城乡建设委员会', '110000', 'department'),
    ('bj-scjg', '北京市市场监督管理局', '110000', 'department'),
    ('bj-wy',   '北京京城物业管理有限公司', '110101', 'enterprise');
INSERT INTO hotline.unit (code, name, region, kind, active) VALUES
    ('bj-gsj',  '北京市工商行政管理局（已撤销）', '110000', 'department', false);
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT v.code, v.name, '110101', 'subdistrict', p.id
    FROM hotline.unit p, (VALUES ('bj-dc-dhm', '东华门街道办事处'), ('bj-dc-js', '景山街道办事处')) v(code, name)
    WHERE p.code = 'bj-dc';

-- a unit in Urumqi counts its deadlines on a regional calendar: the national
-- one plus two regional days off among the next working days (R-12.2)
INSERT INTO hotline.calendar (name, base, time_zone, description)
    VALUES ('xj_test', 'cn', 'Asia/Urumqi', '新疆 (test): national holidays plus regional days off');
INSERT INTO hotline.calendar_day (calendar, day, kind, note, source)
    SELECT 'xj_test', d, 'holiday', '区域假日 (test)', 'workflow_12345 test'
    FROM generate_series((now() AT TIME ZONE 'Asia/Urumqi')::date + 1,
                         (now() AT TIME ZONE 'Asia/Urumqi')::date + 14, interval '1 day') AS g(d)
    WHERE hotline.is_working_day('cn', d::date)
    ORDER BY d LIMIT 2;
INSERT INTO hotline.unit (code, name, region, kind, calendar)
    VALUES ('xj-ts', '乌鲁木齐市天山区人民政府', '650102', 'district', 'xj_test');

INSERT INTO hotline.topic (code, name) VALUES ('csjs', '城乡建设');
INSERT INTO hotline.topic (code, name, parent_id)
    SELECT 'csjs-wygl', '物业管理', id FROM hotline.topic WHERE code = 'csjs';

-- helpers: orders kept by name, their states, assignments and history
CREATE SCHEMA t;
CREATE TABLE t.ord (name text PRIMARY KEY, no hotline.order_no NOT NULL);
CREATE FUNCTION t.keep(name text, no hotline.order_no) RETURNS hotline.order_no
    LANGUAGE sql AS $$ INSERT INTO t.ord VALUES ($1, $2) RETURNING no $$;
CREATE FUNCTION t.o(text) RETURNS hotline.order_no
    LANGUAGE sql STABLE AS $$ SELECT no FROM t.ord WHERE name = $1 $$;
CREATE FUNCTION t.wo(text) RETURNS hotline.work_order
    LANGUAGE sql STABLE AS $$ SELECT w FROM hotline.work_order w WHERE w.order_no = t.o($1) $$;
CREATE FUNCTION t.state(text) RETURNS text
    LANGUAGE sql STABLE AS $$ SELECT (t.wo($1)).state $$;
CREATE FUNCTION t.asg(text, text) RETURNS hotline.assignment
    LANGUAGE sql STABLE AS $$
    SELECT a FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id
    WHERE a.order_no = t.o($1) AND u.code = $2 ORDER BY a.id DESC LIMIT 1 $$;
CREATE FUNCTION t.events(text) RETURNS text[]
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(e.action ORDER BY e.id), '{}') FROM hotline.order_event e WHERE e.order_no = t.o($1) $$;
CREATE FUNCTION t.last_event(text) RETURNS hotline.order_event
    LANGUAGE sql STABLE AS $$
    SELECT e FROM hotline.order_event e WHERE e.order_no = t.o($1) ORDER BY e.id DESC LIMIT 1 $$;

-- ---------------------------------------------------------------------------
-- The plugin is registered at CREATE EXTENSION (R-14.2)
-- ---------------------------------------------------------------------------
SELECT is((SELECT ROW(builtin, calendar, initial_state)::text FROM hotline.workflow WHERE name = 'appeal_12345'),
          ROW(true, 'cn', 'new')::text, 'appeal_12345 is a built-in workflow on calendar cn');
SELECT is(ARRAY(SELECT state FROM hotline.workflow_state WHERE workflow = 'appeal_12345' AND scope = 'order' ORDER BY state),
          '{accepted,answered,archived,callback_done,closed,dispatched,merged,not_accepted,redo,replied,returned,reviewed,terminated}'::text[],
          'order states');
SELECT is(ARRAY(SELECT state FROM hotline.workflow_state WHERE workflow = 'appeal_12345' AND scope = 'order' AND terminal ORDER BY state),
          '{archived,merged,not_accepted,terminated}'::text[], 'terminal order states');
SELECT is(ARRAY(SELECT state FROM hotline.workflow_state WHERE workflow = 'appeal_12345' AND scope = 'assignment' ORDER BY state),
          '{closed,dispatched,extension_requested,passed_down,redo,replied,returned,signed}'::text[],
          'assignment states');
SELECT is(ARRAY(SELECT action FROM hotline.workflow_action WHERE workflow = 'appeal_12345' ORDER BY action),
          '{accept,answer,approve_extension,approve_reply,archive,callback,callback_redo,callback_unreachable,close,dispatch,merge,pass_down,refuse_extension,reject,reply,request_extension,resume,return_order,send_back,sign_for,terminate,withdraw}'::text[],
          'actions');
SELECT is(ARRAY(SELECT action FROM hotline.workflow_action WHERE workflow = 'appeal_12345' AND reason_required ORDER BY action),
          '{refuse_extension,reject,request_extension,return_order,send_back,terminate,withdraw}'::text[],
          'the actions that need a reason');
SELECT ok(count(*) = 24, 'the named functions of the workflow exist (' || count(*) || ')')
FROM pg_proc p
WHERE p.pronamespace = 'hotline'::regnamespace
  AND p.proname IN ('accept', 'reject', 'answer', 'dispatch', 'sign_for', 'return_order', 'request_extension',
                    'decide_extension', 'pass_down', 'reply', 'withdraw', 'resume', 'review', 'callback', 'close_order',
                    'archive', 'terminate', 'merge', 'assignment_of', 'appeal_12345_check')
  AND obj_description(p.oid, 'pg_proc') IS NOT NULL;
SELECT is(ARRAY(SELECT p.proname::text FROM pg_proc p
                WHERE p.pronamespace = 'hotline'::regnamespace
                  AND p.proname IN ('accept', 'reject', 'answer', 'dispatch', 'sign_for', 'return_order', 'request_extension',
                                    'decide_extension', 'pass_down', 'reply', 'withdraw', 'resume', 'review', 'callback',
                                    'close_order', 'archive', 'terminate', 'merge')
                  AND (p.prosecdef OR has_function_privilege('public', p.oid, 'EXECUTE'))),
          '{}'::text[], 'the named functions are SECURITY INVOKER and not granted to PUBLIC (yet)');

-- limits are configuration (R-4.3), counted on the national calendar across
-- National Day 2026 (1-7 October off, Saturday 10 October worked)
SELECT is(hotline.deadline('cn', '2026-09-30 10:00+08', l.time_limit), '2026-10-16 00:00+08'::timestamptz,
          'reply limit of a written dispatch: 7 working days, across National Day')
FROM hotline.workflow_limit l
WHERE l.workflow = 'appeal_12345' AND l.deadline = 'reply' AND l.conditions = '{"dispatch_mode": "written"}';
SELECT is(hotline.deadline('cn', '2026-09-29 16:00+08', l.time_limit), '2026-10-09 00:00+08'::timestamptz,
          'dispatch limit: 2 working days (R-4.1), across National Day')
FROM hotline.workflow_limit l
WHERE l.workflow = 'appeal_12345' AND l.deadline = 'dispatch' AND l.conditions = '{}';
SELECT is(ARRAY(SELECT format('%s/%s/%s=%s', deadline, coalesce(conditions ->> 'dispatch_mode', '*'), coalesce(conditions ->> 'urgency', '*'), time_limit)
                FROM hotline.workflow_limit WHERE workflow = 'appeal_12345' AND NOT conditions ? 'urgency' ORDER BY 1),
          '{callback/*/*=2 working days,callback_retry/*/*=1 working day,contact/*/*=24 hours,dispatch/*/*=2 working days,redo/*/*=5 working days,reply/phone/*=3 working days,reply/urgent/*=4 working hours,reply/written/*=7 working days,sign/*/*=1 working day,sign/urgent/*=1 working hour,sub_reply/*/*=5 working days}'::text[],
          'the limits of R-4.1 and R-4.3, and of the first contact (先行联系, issue 11)');

-- ---------------------------------------------------------------------------
-- 1. The whole life of a multi-unit order: accept, dispatch to a lead and an
--    assisting unit, sign for, reply by both, review, callback, close, archive
-- ---------------------------------------------------------------------------
SELECT isnt(t.keep('life', hotline.accept(
    '110000', 'complaint', 'phone', '小区物业长期不清运垃圾，楼道堆满杂物，存在消防隐患',
    citizen_phone => '+86 138-0013-8000', citizen_name => '王女士', topic => 'csjs-wygl',
    address => '北京市东城区东华门街道某小区3号楼', longitude => 116.403, latitude => 39.914,
    demand => '督促物业尽快清运垃圾、清理楼道', accused_unit => 'bj-wy', actor => '话务员 0101')),
    NULL, 'accept (受理) returns the order number');
SELECT is(t.state('life'), 'accepted', 'the order is accepted');
SELECT is(hotline.order_no_region(t.o('life')), '110000', 'the number carries the region code (R-1.1)');
SELECT is(hotline.order_no_day(t.o('life')), (now() AT TIME ZONE 'Asia/Shanghai')::date, 'and the local date');
SELECT is((SELECT c.phone FROM hotline.citizen c WHERE c.id = (t.wo('life')).citizen_id), '13800138000',
          'the citizen is found by the normalised phone number (R-1.2)');
SELECT is(ROW((t.wo('life')).appeal_type, (t.wo('life')).channel, (t.wo('life')).urgency, (t.wo('life')).source_hotline,
           (t.wo('life')).confidential)::text,
          ROW('complaint'::hotline.appeal_type, 'phone'::hotline.channel, 'normal'::hotline.urgency, '12345', false)::text,
          'type, channel, urgency, source hotline and confidentiality are recorded (R-1.4, R-1.5)');
SELECT is((SELECT code FROM hotline.topic WHERE id = (t.wo('life')).topic_id), 'csjs-wygl', 'the topic is 城乡建设 > 物业管理');
SELECT is((SELECT code FROM hotline.unit WHERE id = (t.wo('life')).accused_unit_id), 'bj-wy', 'the accused unit is recorded (R-4.6)');
SELECT is(ROW((t.wo('life')).address, (t.wo('life')).longitude, (t.wo('life')).latitude, (t.wo('life')).demand)::text,
          ROW('北京市东城区东华门街道某小区3号楼', 116.403::float8, 39.914::float8, '督促物业尽快清运垃圾、清理楼道')::text,
          'place, coordinates and demand are recorded (R-1.3)');
SELECT is((t.wo('life')).accepted_by, '话务员 0101', 'accepted_by is the actor');
SELECT is((t.wo('life')).dispatch_due, hotline.deadline('cn', (t.wo('life')).accepted_at, '2 working days'),
          'dispatch due 2 working days after acceptance, on the national calendar (R-4.1)');
SELECT is((SELECT ROW(e.actor, e.role, e.from_state, e.to_state)::text FROM hotline.order_event e WHERE e.order_no = t.o('life')),
          ROW('话务员 0101', 'agent', 'new', 'accepted')::text, 'the accept event: who, role, from new to accepted (R-1.6)');

SELECT is(hotline.dispatch(t.o('life'), 'bj-dc', '请东城区牵头核实，督促物业清运垃圾并消除消防隐患',
                           assist_units => '{bj-zjw,xj-ts}', actor => '派单员 0201'),
          'dispatched', 'dispatch (派单) to a lead and two assisting units');
SELECT is(ARRAY(SELECT format('%s:%s:%s:%s', u.code, a.role, a.state, a.dispatch_mode)
                FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id
                WHERE a.order_no = t.o('life') ORDER BY u.code),
          '{bj-dc:lead:dispatched:written,bj-zjw:assist:dispatched:written,xj-ts:assist:dispatched:written}'::text[],
          'one lead and assisting units, each with its own assignment (R-4.4)');
SELECT is((t.asg('life', 'bj-dc')).opinion, '请东城区牵头核实，督促物业清运垃圾并消除消防隐患', 'the opinion is recorded (R-4.2)');
SELECT is((t.asg('life', 'bj-dc')).reply_due,
          hotline.deadline('cn', (t.asg('life', 'bj-dc')).dispatched_at, '7 working days'),
          'a written dispatch is due in 7 working days (R-4.3)');
SELECT is((t.asg('life', 'bj-dc')).sign_due,
          hotline.deadline('cn', (t.asg('life', 'bj-dc')).dispatched_at, '1 working day'),
          'and must be signed for within 1 working day');
SELECT is((t.asg('life', 'xj-ts')).reply_due,
          hotline.deadline('xj_test', (t.asg('life', 'xj-ts')).dispatched_at, '7 working days'),
          'a unit''s deadline is counted on the unit''s calendar (R-12.2)');
SELECT cmp_ok((t.asg('life', 'xj-ts')).reply_due, '>', (t.asg('life', 'bj-dc')).reply_due,
              'the regional days off push the Urumqi unit''s deadline back');
SELECT is((t.wo('life')).reply_due, (SELECT max(a.reply_due) FROM hotline.assignment a WHERE a.order_no = t.o('life')),
          'the order is due when its last unit is due');

SELECT is((hotline.sign_for(t.o('life'), 'bj-dc', actor => '东城区 张伟')).order_state, 'dispatched', 'the lead unit signs for it (签收)');
SELECT is(ROW((t.asg('life', 'bj-dc')).state, (t.asg('life', 'bj-dc')).signed_at IS NOT NULL)::text, ROW('signed', true)::text,
          'its assignment is signed, with the time');
SELECT is((hotline.sign_for(t.o('life'), 'bj-zjw', actor => '住建委 李娜')).order_state, 'dispatched', 'an assisting unit signs for it');
SELECT is((hotline.withdraw(t.o('life'), 'xj-ts', '经核实与该区无关，撤回协办', actor => '派单员 0201')).order_state, 'dispatched',
          'the hotline withdraws an assisting unit that is not needed (撤回)');
SELECT is(ROW((t.asg('life', 'xj-ts')).state, (t.asg('life', 'xj-ts')).closed_at IS NOT NULL)::text, ROW('closed', true)::text,
          'its assignment is closed');
SELECT is((hotline.reply(t.o('life'), 'bj-zjw', '已约谈物业公司负责人，责令限期整改', true, 'phone', actor => '住建委 李娜')).order_state,
          'dispatched', 'the assisting unit replies; the lead has not yet');
SELECT is((hotline.reply(t.o('life'), 'bj-dc', '已督促物业公司清运垃圾，楼道杂物已清理完毕，消防通道已畅通', true, 'phone',
                        actor => '东城区 张伟')).order_state,
          'replied', 'the lead unit replies: every unit has, so the order waits for review (R-6.1)');
SELECT is(ROW((t.asg('life', 'bj-dc')).state, (t.asg('life', 'bj-dc')).replied_at IS NOT NULL)::text, ROW('replied', true)::text,
          'the lead''s assignment is replied, with the time');
SELECT ok((t.last_event('life')).payload @>
          '{"result": "已督促物业公司清运垃圾，楼道杂物已清理完毕，消防通道已畅通", "contacted": true, "contact_method": "phone"}'::jsonb,
          'the reply event records the result and how the citizen was contacted (R-6.2)');
SELECT is(ROW((t.last_event('life')).payload ->> 'order_from', (t.last_event('life')).payload ->> 'order_to')::text,
          ROW('dispatched', 'replied')::text, 'and that it moved the order on');
SELECT is(hotline.review(t.o('life'), true, actor => '审核员 0301'), 'reviewed', 'the hotline accepts the reply (审核, R-6.3)');
SELECT is((t.wo('life')).callback_due, hotline.deadline('cn', now(), '2 working days'), 'callback due in 2 working days');
SELECT is(hotline.callback(t.o('life'), 'satisfied', 'basically_satisfied', '市民表示垃圾已清运', actor => '话务员 0102'),
          'callback_done', 'the citizen is called back (回访, R-7.2)');
SELECT is((t.last_event('life')).payload,
          '{"process_satisfaction": "satisfied", "result_satisfaction": "basically_satisfied", "note": "市民表示垃圾已清运"}'::jsonb,
          'the callback is recorded on the order (R-7.4)');
SELECT is(hotline.close_order(t.o('life'), actor => '审核员 0301'), 'closed', 'the order is closed (办结)');
SELECT ok((t.wo('life')).closed_at IS NOT NULL, 'with closed_at');
SELECT is((SELECT count(*)::int FROM hotline.assignment a WHERE a.order_no = t.o('life') AND a.closed_at IS NULL), 0,
          'closing the order closes its assignments (the units'' queues are empty)');
SELECT is(hotline.archive(t.o('life'), actor => 'system', actor_role => 'system'), 'archived', 'and archived (归档, R-8.1)');
SELECT ok((t.wo('life')).archived_at IS NOT NULL, 'with archived_at');
SELECT is(t.events('life'),
          '{accept,dispatch,sign_for,sign_for,withdraw,reply,reply,approve_reply,callback,close,archive}'::text[],
          'the history holds every action in order (R-1.6)');
SELECT is((SELECT count(*)::int FROM hotline.order_event e WHERE e.order_no = t.o('life')
           AND (e.actor IS NULL OR e.role IS NULL OR e.at IS NULL)), 0, 'every event says who, in which role, and when');
SELECT is(ARRAY(SELECT format('%s>%s', e.from_state, e.to_state) FROM hotline.order_event e
                WHERE e.order_no = t.o('life') AND e.assignment_id IS NULL ORDER BY e.id),
          '{new>accepted,accepted>dispatched,replied>reviewed,reviewed>callback_done,callback_done>closed,closed>archived}'::text[],
          'the order''s events chain its states');
SELECT is((SELECT e.reason FROM hotline.order_event e WHERE e.order_no = t.o('life') AND e.action = 'withdraw'),
          '经核实与该区无关，撤回协办', 'the reason of an action is recorded');

-- the same citizen calls again, from another format of the same number (R-2.4)
SELECT isnt(t.keep('again', hotline.accept('110000', 'consultation', 'wechat', '咨询小区垃圾分类投放时间',
                                           citizen_phone => '138 0013 8000', confidential => true, actor => '话务员 0103')),
            NULL, 'a second appeal of the same citizen');
SELECT is((t.wo('again')).citizen_id, (t.wo('life')).citizen_id, 'is linked to the same citizen');
SELECT is((t.wo('again')).confidential, true, 'the confidentiality flag is recorded (R-1.2)');

-- ---------------------------------------------------------------------------
-- 2. Not accepted (不受理) with a reason and an emergency referral (R-2.2)
-- ---------------------------------------------------------------------------
SELECT isnt(t.keep('rejected', hotline.reject('110000', 'help', 'phone', '家中老人突发疾病昏迷，需要救助',
                                              '属于急救事项，不属于12345受理范围，已转120', emergency_referral => '120',
                                              citizen_phone => '010-6512 3456', actor => '话务员 0101')),
            NULL, 'reject (不受理) returns the order number');
SELECT is(t.state('rejected'), 'not_accepted', 'the order is not accepted');
SELECT ok((t.wo('rejected')).closed_at IS NOT NULL, 'and closed');
SELECT is(ROW((t.last_event('rejected')).reason, (t.last_event('rejected')).payload ->> 'emergency_referral')::text,
          ROW('属于急救事项，不属于12345受理范围，已转120', '120')::text, 'the reason and the referral to 120 are recorded');
SELECT is((t.wo('rejected')).emergency_referral, '120', 'the hand-over to 120 is a column of the order (R-2.2)');
SELECT throws_ok($$SELECT hotline.reject('110000', 'help', 'phone', '燃气泄漏', '已转燃气公司', emergency_referral => '999')$$,
                 '22023', 'invalid emergency_referral "999"', 'only 110, 119, 120 and 122 take emergencies');
SELECT throws_ok($$SELECT hotline.reject('110000', 'help', 'phone', '噪音扰民', '')$$,
                 '22023', NULL, 'not accepted without a reason is refused');

-- ---------------------------------------------------------------------------
-- 3. Direct answer (直接办理), closed on answering (R-3)
-- ---------------------------------------------------------------------------
-- the answer cites the knowledge base's article (R-10.2)
CREATE TEMP TABLE kb AS
SELECT hotline.kb_write(NULL, '北京市居住证办理指南', '持居住登记凭证、身份证和近期照片到居住地街道政务服务中心申请。',
                        kind => 'service', owner_unit => 'bj-zjw', effective_from => '2020-01-01') AS id;
SELECT hotline.kb_publish((SELECT id FROM kb));
SELECT isnt(t.keep('answered', hotline.answer('110000', 'consultation', 'phone', '咨询居住证办理需要哪些材料',
    '告知需携带身份证、居住登记凭证和近期照片，到居住地派出所或街道政务服务中心办理',
    knowledge_article => (SELECT id::text FROM kb), citizen_phone => '13910881234', actor => '话务员 0104')),
    NULL, 'answer (直接办理) returns the order number');
SELECT is(t.state('answered'), 'answered', 'the order is answered');
SELECT ok((t.wo('answered')).closed_at IS NOT NULL, 'closed on answering (R-3.1)');
SELECT is((t.last_event('answered')).payload ->> 'knowledge_article', (SELECT id || ':1' FROM kb),
          'the knowledge article used is recorded, with its version (R-3.1, R-10.2)');
SELECT isnt(t.keep('threeway', hotline.answer('110000', 'help', 'phone', '供暖不热，询问报修渠道',
    '三方通话：热力公司客服当即受理报修', three_way_unit => 'bj-zjw', actor => '话务员 0104')),
    NULL, 'a three-way call answer (三方通话, R-3.2)');
SELECT is((t.last_event('threeway')).payload ->> 'three_way_unit', 'bj-zjw', 'records the unit on the call');
SELECT is(hotline.archive(t.o('answered')), 'archived', 'a directly answered order is archived');
SELECT throws_ok($$SELECT hotline.answer('110000', 'consultation', 'phone', '咨询', NULL)$$,
                 '22023', NULL, 'a direct answer without the result is refused');

-- ---------------------------------------------------------------------------
-- 4. Return (退单) and re-dispatch (R-4.7); extension (延期, R-4.8)
-- ---------------------------------------------------------------------------
SELECT isnt(t.keep('ret', hotline.accept('110000', 'report', 'website', '某餐馆无证经营，油烟直排居民楼',
                                         address => '北京市东城区景山街道某胡同12号', actor => '话务员 0105')),
            NULL, 'a report is accepted');
SELECT is(hotline.dispatch(t.o('ret'), 'bj-xc', '请核实查处', dispatch_mode => 'written'), 'dispatched', 'dispatched to the wrong district');
SELECT is((t.wo('ret')).dispatch_due, NULL, 'dispatched: nothing is due from the hotline');
SELECT throws_ok(format('SELECT hotline.return_order(%L, %L, %L)', t.o('ret'), 'bj-xc', ''),
                 '22023', NULL, 'a return without a reason is refused');
SELECT is((hotline.return_order(t.o('ret'), 'bj-xc', '该地址属东城区景山街道管辖，非我区职责', actor => '西城区 赵敏')).order_state,
          'returned', 'the unit returns it with a reason; it goes back to the hotline (R-4.7)');
SELECT is(ROW((t.asg('ret', 'bj-xc')).state, (t.asg('ret', 'bj-xc')).closed_at IS NOT NULL)::text, ROW('returned', true)::text,
          'the returned assignment is closed');
SELECT is(ROW((t.wo('ret')).reply_due, (t.wo('ret')).dispatch_due)::text,
          ROW(NULL, hotline.deadline('cn', (t.last_event('ret')).at, '2 working days'))::text,
          'no unit holds it, no reply is due; the hotline must re-dispatch it within 2 working days (R-4.1, R-4.7)');
SELECT throws_ok(format('SELECT hotline.sign_for(%L, %L)', t.o('ret'), 'bj-xc'),
                 'P0002', NULL, 'a unit that returned the order holds no open assignment of it');
SELECT is(hotline.dispatch(t.o('ret'), 'bj-dc', '请东城区核实查处'), 'dispatched', 'the hotline re-dispatches it');
SELECT is((hotline.sign_for(t.o('ret'), 'bj-dc')).order_state, 'dispatched', 'the right unit signs for it');
SELECT is(t.events('ret'), '{accept,dispatch,return_order,dispatch,sign_for}'::text[], 'return and re-dispatch are in the history');

SELECT throws_ok(format('SELECT hotline.request_extension(%L, %L, %L)', t.o('ret'), 'bj-dc', ''),
                 '22023', NULL, 'an extension request without a reason is refused');
SELECT is((hotline.request_extension(t.o('ret'), 'bj-dc', '需会同市场监管、城管联合执法，现场勘查需时',
                                    requested_deadline => (t.asg('ret', 'bj-dc')).reply_due + interval '5 days')).order_state,
          'dispatched', 'the unit asks for more time (延期申请, R-4.8)');
SELECT is((t.asg('ret', 'bj-dc')).state, 'extension_requested', 'the assignment waits for the decision');
SELECT throws_ok(format('SELECT hotline.decide_extension(%L, %L, true)', t.o('ret'), 'bj-dc'),
                 '22023', NULL, 'approving without a new deadline is refused');
SELECT throws_ok(format('SELECT hotline.decide_extension(%L, %L, true, new_deadline => %L)', t.o('ret'), 'bj-dc',
                        (t.asg('ret', 'bj-dc')).reply_due - interval '1 day'),
                 '22023', NULL, 'a new deadline earlier than the current one is refused');
CREATE TABLE t.due AS SELECT (t.asg('ret', 'bj-dc')).reply_due + interval '5 days' AS new_due;
SELECT is((hotline.decide_extension(t.o('ret'), 'bj-dc', true, new_deadline => (SELECT new_due FROM t.due))).order_state,
          'dispatched', 'the hotline approves a new deadline');
SELECT is(ROW((t.asg('ret', 'bj-dc')).state, (t.asg('ret', 'bj-dc')).reply_due)::text, ROW('signed', (SELECT new_due FROM t.due))::text,
          'the unit is handling it again, with the new deadline');
SELECT is((hotline.request_extension(t.o('ret'), 'bj-dc', '联合执法再次推迟')).order_state, 'dispatched', 'the unit asks again');
SELECT throws_ok(format('SELECT hotline.decide_extension(%L, %L, false)', t.o('ret'), 'bj-dc'),
                 '22023', NULL, 'refusing without a reason is refused');
SELECT is((hotline.decide_extension(t.o('ret'), 'bj-dc', false, reason => '事项不复杂，请按期办结')).order_state, 'dispatched',
          'the hotline refuses');
SELECT is(ROW((t.asg('ret', 'bj-dc')).state, (t.asg('ret', 'bj-dc')).reply_due)::text, ROW('signed', (SELECT new_due FROM t.due))::text,
          'the deadline stays');
UPDATE hotline.assignment SET reply_due = now() - interval '1 hour' WHERE id = (t.asg('ret', 'bj-dc')).id;
SELECT throws_ok(format('SELECT hotline.request_extension(%L, %L, %L)', t.o('ret'), 'bj-dc', '来不及了'),
                 '55000', NULL, 'an extension is asked for before the deadline, not after it (R-4.8)');
SELECT is(t.events('ret'),
          '{accept,dispatch,return_order,dispatch,sign_for,request_extension,approve_extension,request_extension,refuse_extension}'::text[],
          'extensions asked, approved and refused are in the history');

-- an assisting unit returns after the lead has replied: the hotline needs no
-- replacement and resumes the order (继续办理)
SELECT isnt(t.keep('resume', hotline.accept('110000', 'complaint', 'phone', '商场消防通道被货物占用', actor => '话务员 0105')),
            NULL, 'a complaint for two units');
SELECT is(hotline.dispatch(t.o('resume'), 'bj-dc', '请核实处理', assist_units => '{bj-scjg}'), 'dispatched',
          'dispatched to a lead and an assisting unit');
SELECT is((hotline.sign_for(t.o('resume'), 'bj-dc')).order_state, 'dispatched', 'the lead signs for it');
-- a reply rests on the knowledge base's articles (R-6.1, R-10.2): each
-- cited as id:version of one in force, anything else refused
SELECT throws_ok(format('SELECT hotline.reply(%L, %L, %L, true, knowledge_articles => %L)', t.o('resume'), 'bj-dc',
                        '已责令商场清理消防通道', ARRAY[(SELECT id::text FROM kb), '999999']),
                 '22023', 'knowledge article "999999" is not in force', 'a reply citing an article that does not exist is refused');
SELECT throws_ok(format($$SELECT hotline.apply_unit_action(%L, 'reply', current_user, 'unit', %L, 'bj-dc')$$, t.o('resume'),
                        jsonb_build_object('result', '已清理', 'contacted', true, 'knowledge_articles', jsonb_build_array((SELECT id::text FROM kb)))),
                 '22023', 'invalid knowledge_articles ["' || (SELECT id FROM kb) || '"]',
                 'the hook takes citations written as id:version only');
SELECT is((t.asg('resume', 'bj-dc')).state, 'signed', 'a refused reply changes nothing');
SELECT is((hotline.reply(t.o('resume'), 'bj-dc', '已责令商场清理消防通道', true, 'phone',
                        knowledge_articles => ARRAY[(SELECT id::text FROM kb)])).order_state, 'dispatched',
          'the lead replies; the assisting unit has not');
SELECT is((t.last_event('resume')).payload -> 'knowledge_articles', jsonb_build_array((SELECT id || ':1' FROM kb)),
          'the reply records the article it rests on, with its version');
SELECT is((SELECT ROW(citations, answers, orders)::text FROM hotline.kb_usage WHERE article_id = (SELECT id FROM kb)),
          ROW(2, 1, 2)::text, 'hotline.kb_usage counts the answer and the reply citing the article');
SELECT is((hotline.return_order(t.o('resume'), 'bj-scjg', '消防通道管理不属市场监管职责')).order_state, 'returned',
          'the assisting unit returns it: the order is back with the hotline (R-4.7)');
SELECT throws_ok(format('SELECT hotline.dispatch(%L, %L, %L)', t.o('resume'), 'bj-xc', '改派西城区'), '55000',
                 'order ' || t.o('resume') || ' already has lead unit "bj-dc"', 'one lead at a time: another lead is refused (R-4.4)');
SAVEPOINT redispatch;
SELECT is(hotline.dispatch(t.o('resume'), 'bj-dc', '增派西城区协办', assist_units => '{bj-xc}'), 'dispatched',
          'the lead is named again and an assisting unit added');
SELECT is(ARRAY(SELECT format('%s:%s:%s', u.code, a.role, a.state) FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id
                WHERE a.order_no = t.o('resume') ORDER BY a.id),
          '{bj-dc:lead:replied,bj-scjg:assist:returned,bj-xc:assist:dispatched}'::text[],
          'the lead keeps its assignment; the new unit assists');
ROLLBACK TO SAVEPOINT redispatch;
SELECT is(hotline.resume(t.o('resume'), '无需其他协办单位'), 'replied',
          'the hotline resumes it: the lead has replied, so it goes to review');
SELECT isnt(t.keep('noresume', hotline.accept('110000', 'help', 'phone', '小区井盖缺失', actor => '话务员 0105')),
            NULL, 'another order for two units');
SELECT is(hotline.dispatch(t.o('noresume'), 'bj-xc', '请核实处理', assist_units => '{bj-scjg}'), 'dispatched', 'dispatched');
SELECT is((hotline.return_order(t.o('noresume'), 'bj-xc', '该地址不在西城区')).order_state, 'returned', 'the lead unit returns it');
SELECT throws_ok(format('SELECT hotline.resume(%L)', t.o('noresume')), '55000', NULL,
                 'without its lead an order does not resume: it is dispatched again (R-4.4)');

-- ---------------------------------------------------------------------------
-- 5. Pass down to sub-units (下派, R-4.5), phone dispatch, send back (R-6.3),
--    callback dissatisfied with both (R-7.3): redo, counted
-- ---------------------------------------------------------------------------
SELECT isnt(t.keep('down', hotline.accept('110101', 'help', 'phone', '东华门和景山两个街道交界处路灯损坏多日，夜间出行不便',
                                          citizen_phone => '13701234567', actor => '话务员 0106')),
            NULL, 'an order of the 东城 hotline');
SELECT is(hotline.order_no_region(t.o('down')), '110101', 'numbered in its own region');
SELECT is(hotline.dispatch(t.o('down'), 'bj-dc', '请尽快修复路灯', dispatch_mode => 'phone'), 'dispatched', 'phone dispatch');
SELECT is((t.asg('down', 'bj-dc')).reply_due, hotline.deadline('cn', (t.asg('down', 'bj-dc')).dispatched_at, '3 working days'),
          'a phone dispatch is due in 3 working days (R-4.3)');
SELECT is((hotline.sign_for(t.o('down'), 'bj-dc')).order_state, 'dispatched', 'the district signs for it');
SELECT throws_ok(format('SELECT hotline.pass_down(%L, %L, %L)', t.o('down'), 'bj-dc', '{bj-xc}'),
                 '22023', NULL, 'an order is passed down only to the unit''s own sub-units');
SELECT is((hotline.pass_down(t.o('down'), 'bj-dc', '{bj-dc-dhm,bj-dc-js}', '请两街道分别核实辖区路灯')).order_state, 'dispatched',
          'the district passes it down to two sub-districts');
SELECT is((t.asg('down', 'bj-dc')).state, 'passed_down', 'its assignment is passed down');
SELECT is(ARRAY(SELECT format('%s:%s', u.code, a.state) FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id
                WHERE a.parent_id = (t.asg('down', 'bj-dc')).id ORDER BY u.code),
          '{bj-dc-dhm:dispatched,bj-dc-js:dispatched}'::text[], 'each sub-unit has a child assignment');
SELECT is(ARRAY(SELECT DISTINCT a.role FROM hotline.assignment a WHERE a.parent_id = (t.asg('down', 'bj-dc')).id),
          '{sub}'::text[], 'the children are sub-unit assignments, not a second lead');
SELECT is((t.asg('down', 'bj-dc-js')).reply_due,
          least(hotline.deadline('cn', (t.asg('down', 'bj-dc-js')).dispatched_at, '5 working days'),
                (t.asg('down', 'bj-dc')).reply_due),
          'a sub-unit is due in 5 working days, or with the district if that is sooner (R-4.5)');
SELECT throws_ok(format('SELECT hotline.reply(%L, %L, %L, true)', t.o('down'), 'bj-dc', '已修复'),
                 '55000', NULL, 'the district cannot reply before its sub-units (R-4.5)');
SELECT is((hotline.sign_for(t.o('down'), 'bj-dc-dhm')).order_state, 'dispatched', 'a sub-district signs for it');
SELECT throws_ok(format('SELECT hotline.return_order(%L, %L, %L)', t.o('down'), 'bj-dc-js', '不是我们的'),
                 '55000', NULL, 'a sub-unit does not return the order to the hotline');
SELECT is((hotline.reply(t.o('down'), 'bj-dc-dhm', '东华门一侧路灯已修复', true, 'phone')).order_state, 'dispatched',
          'a sub-district replies to the district; the order stays dispatched');
SELECT is((hotline.sign_for(t.o('down'), 'bj-dc-js')).order_state, 'dispatched', 'the other sub-district signs for it');
SELECT is((hotline.reply(t.o('down'), 'bj-dc-js', '景山一侧路灯已修复', true, 'sms')).order_state, 'dispatched',
          'and replies');
SELECT is((hotline.reply(t.o('down'), 'bj-dc', '两街道辖区路灯均已修复，已电话告知市民', true, 'phone')).order_state, 'replied',
          'after reviewing its sub-units'' replies the district replies up');
SELECT throws_ok(format('SELECT hotline.review(%L, false)', t.o('down')),
                 '22023', NULL, 'sending back without a reason is refused');
SELECT is(hotline.review(t.o('down'), false, '答复未说明修复时间及后续巡查安排，请补充'), 'redo',
          'the hotline sends it back (发回重办, R-6.3)');
SELECT is(ROW((t.asg('down', 'bj-dc')).state, (t.asg('down', 'bj-dc')).replied_at IS NULL)::text, ROW('redo', true)::text,
          'the district must redo it');
SELECT is((t.asg('down', 'bj-dc')).reply_due, hotline.deadline('cn', now(), '5 working days'),
          'with 5 working days for the redo');
SELECT is((t.asg('down', 'bj-dc-dhm')).state, 'replied', 'the sub-units'' replies stand');
SELECT is((hotline.reply(t.o('down'), 'bj-dc', '路灯已于本周二修复，街道每周巡查一次', true, 'phone')).order_state, 'replied',
          'the district replies again');
SELECT is(hotline.review(t.o('down'), true), 'reviewed', 'the reply is accepted');
SELECT throws_ok(format($q$SELECT hotline.apply_action(%L, 'callback_redo', 'x', 'agent',
                        '{"process_satisfaction": "satisfied", "result_satisfaction": "dissatisfied"}')$q$, t.o('down')),
                 '22023', NULL, 'a callback sends back for redo only when dissatisfied with both (R-7.3)');
SELECT throws_ok(format($q$SELECT hotline.apply_action(%L, 'callback', 'x', 'agent',
                        '{"process_satisfaction": "happy", "result_satisfaction": "satisfied"}')$q$, t.o('down')),
                 '22P02', NULL, 'satisfaction is one of the values of R-7.2');
SELECT is(hotline.callback(t.o('down'), 'dissatisfied', 'dissatisfied', '市民称路灯仍不亮'), 'redo',
          'dissatisfied with both process and result: back to the unit for redo (R-7.3)');
SELECT is((t.asg('down', 'bj-dc')).state, 'redo', 'the district redoes it');
SELECT is((hotline.reply(t.o('down'), 'bj-dc', '更换整条线路，路灯已恢复照明', true, 'visit')).order_state, 'replied', 'and replies');
SELECT is(hotline.review(t.o('down'), true), 'reviewed', 'accepted');
SELECT is(hotline.callback(t.o('down'), 'unreachable', 'unreachable'), 'reviewed',
          'the citizen could not be reached: a first try, the callback stays due (R-7.2; test/tap/callback_retry.sql)');
SELECT is((t.wo('down')).callback_due, hotline.deadline('cn', now(), '1 working day'), 'the next try is due on the next working day');
SELECT is(hotline.close_order(t.o('down')), 'closed', 'closed');
SELECT is((SELECT count(*)::int FROM hotline.order_event e WHERE e.order_no = t.o('down') AND e.action IN ('send_back', 'callback_redo')),
          2, 'two redos are counted in the history (R-5.4, R-9.3)');
SELECT is(t.events('down'),
          '{accept,dispatch,sign_for,pass_down,sign_for,reply,sign_for,reply,reply,send_back,supervise,reply,approve_reply,callback_redo,supervise,reply,approve_reply,callback_unreachable,close,supervise_close,supervise_close}'::text[],
          'the pass-down, the redo and the callback are in the history');

-- ---------------------------------------------------------------------------
-- 6. Deadlines per dispatch mode and urgency; a limit of one's own wins
-- ---------------------------------------------------------------------------
SELECT isnt(t.keep('urgent', hotline.accept('110000', 'help', 'phone', '小区自来水管爆裂，水漫楼道', urgency => 'very_urgent')),
            NULL, 'a very urgent appeal');
SELECT is(hotline.dispatch(t.o('urgent'), 'bj-dc', '紧急：请立即组织抢修', dispatch_mode => 'urgent'), 'dispatched', 'urgent dispatch');
SELECT is(ROW((t.asg('urgent', 'bj-dc')).sign_due, (t.asg('urgent', 'bj-dc')).reply_due)::text,
          ROW((t.asg('urgent', 'bj-dc')).dispatched_at + interval '1 hour',
              (t.asg('urgent', 'bj-dc')).dispatched_at + interval '4 hours')::text,
          'a very urgent order is signed for in 1 hour and replied in 4, clock time (R-2.3, R-4.3; test/tap/emergency_limits.sql)');
SELECT isnt(t.keep('urgent2', hotline.accept('110000', 'complaint', 'phone', '工地夜间施工噪音扰民', urgency => 'urgent')),
            NULL, 'an urgent complaint');
SELECT is(hotline.dispatch(t.o('urgent2'), 'bj-zjw', '请核实并制止夜间施工'), 'dispatched', 'dispatched in writing');
SELECT is((t.asg('urgent2', 'bj-zjw')).reply_due, hotline.deadline('cn', (t.asg('urgent2', 'bj-zjw')).dispatched_at, '1 working day'),
          'urgency shortens a written dispatch to 1 working day (the most specific limit wins)');
INSERT INTO hotline.workflow_limit (workflow, deadline, conditions, time_limit)
    VALUES ('appeal_12345', 'reply', '{"dispatch_mode": "written"}', '5 working days');
SELECT isnt(t.keep('own', hotline.accept('110000', 'suggestion', 'email', '建议增加社区养老服务站')), NULL, 'a suggestion');
SELECT is(hotline.dispatch(t.o('own'), 'bj-dc', '请研究办理'), 'dispatched', 'dispatched in writing');
SELECT is((t.asg('own', 'bj-dc')).reply_due, hotline.deadline('cn', (t.asg('own', 'bj-dc')).dispatched_at, '5 working days'),
          'a limit of the city''s own (5 working days) wins over the built-in one (R-4.3: limits are configuration)');
SELECT throws_ok($$UPDATE hotline.workflow_limit SET time_limit = '10 working days' WHERE workflow = 'appeal_12345' AND builtin$$,
                 '23001', NULL, 'built-in limits are read-only');

-- ---------------------------------------------------------------------------
-- 7. Terminate (终结) and merge (并案)
-- ---------------------------------------------------------------------------
SELECT isnt(t.keep('term', hotline.accept('110000', 'help', 'phone', '反映邻居装修噪音')), NULL, 'an appeal');
SELECT is(hotline.dispatch(t.o('term'), 'bj-dc', '请协调处理'), 'dispatched', 'dispatched');
SELECT throws_ok(format('SELECT hotline.terminate(%L, %L)', t.o('term'), ''), '22023', NULL, 'terminating without a reason is refused');
SELECT throws_ok(format('SELECT hotline.terminate(%L, %L, actor_role => %L)', t.o('term'), '诉求人撤诉', 'dispatcher'),
                 '42501', NULL, 'only a supervisor terminates');
SELECT is(hotline.terminate(t.o('term'), '诉求人来电撤回诉求', actor => '值班长 0001'), 'terminated', 'a supervisor terminates it');
SELECT ok((t.wo('term')).closed_at IS NOT NULL AND (t.asg('term', 'bj-dc')).closed_at IS NOT NULL,
          'the order and its assignment are closed');

SELECT isnt(t.keep('carrier', hotline.accept('110000', 'complaint', 'phone', '某小区门前道路塌陷', citizen_phone => '13600001111')),
            NULL, 'one matter, one citizen');
SELECT isnt(t.keep('dup', hotline.accept('110000', 'complaint', 'app', '某小区门口路面塌陷，很危险', citizen_phone => '13600002222')),
            NULL, 'the same matter, another citizen (一事多人, R-2.4)');
SELECT is(hotline.dispatch(t.o('carrier'), 'bj-dc', '请尽快处置塌陷路面'), 'dispatched', 'the first order is dispatched');
SELECT throws_ok(format('SELECT hotline.merge(%L, %L)', t.o('dup'), t.o('dup')), '22023', NULL, 'an order is not merged into itself');
SELECT throws_ok(format('SELECT hotline.merge(%L, %L)', t.o('dup'), t.o('life')), '55000', NULL, 'nor into a closed order');
SELECT is(hotline.merge(t.o('dup'), t.o('carrier')), 'merged', 'the second is merged into the first (并案)');
SELECT is(ROW((t.wo('dup')).merged_into, (t.wo('dup')).closed_at IS NOT NULL)::text, ROW(t.o('carrier'), true)::text,
          'it points at the order that carries it, and is closed');
SELECT is((SELECT count(*)::int FROM hotline.order_event e WHERE e.order_no = t.o('carrier')), 3,
          'the carrying order records the merge too');
SELECT is(t.state('carrier'), 'dispatched', 'and stays as it was');
SELECT cmp_ok((SELECT max(e.id) FROM hotline.order_event e WHERE e.order_no = t.o('dup') AND e.action = 'merge'), '<',
              (SELECT max(e.id) FROM hotline.order_event e WHERE e.order_no = t.o('carrier') AND e.action = 'merged_in'),
              'the merged order''s event comes before the carrying order''s');

-- ---------------------------------------------------------------------------
-- 8. Errors: each with its own SQLSTATE; a failed action changes nothing
-- ---------------------------------------------------------------------------
SELECT isnt(t.keep('err', hotline.accept('110000', 'complaint', 'phone', '投诉物业公司乱收停车费',
                                         accused_unit => 'bj-wy', topic => 'csjs-wygl')), NULL, 'a complaint about a property company');
SELECT throws_ok(format('SELECT hotline.dispatch(%L, %L, %L)', t.o('err'), 'bj-wy', '请核实'),
                 '23514', NULL, 'a complaint never goes to the unit complained about (R-4.6)');
SELECT throws_ok(format('SELECT hotline.dispatch(%L, %L, %L, assist_units => %L)', t.o('err'), 'bj-dc', '请核实', '{bj-wy}'),
                 '23514', NULL, 'not even as an assisting unit');
SELECT throws_ok(format('SELECT hotline.dispatch(%L, %L, %L)', t.o('err'), 'bj-gsj', '请核实'),
                 '22023', NULL, 'an inactive unit gets no orders');
SELECT throws_ok(format('SELECT hotline.dispatch(%L, %L, %L)', t.o('err'), 'bj-nowhere', '请核实'),
                 '22023', NULL, 'an unknown unit is refused');
SELECT throws_ok(format('SELECT hotline.dispatch(%L, %L, %L, assist_units => %L)', t.o('err'), 'bj-dc', '请核实', '{bj-dc}'),
                 '22023', NULL, 'a unit is named once in a dispatch');
SELECT throws_ok(format('SELECT hotline.dispatch(%L, %L, %L, actor_role => %L)', t.o('err'), 'bj-dc', '请核实', 'agent'),
                 '42501', NULL, 'an agent does not dispatch (wrong role)');
SELECT throws_ok(format('SELECT hotline.dispatch(%L, %L, NULL)', t.o('err'), 'bj-dc'),
                 '22023', NULL, 'a dispatch without an opinion is refused (R-4.2)');
SELECT throws_ok(format($q$SELECT hotline.apply_action(%L, 'dispatch', 'x', 'dispatcher', '{"lead_unit": "bj-dc", "opinion": "请核实"}')$q$, t.o('err')),
                 '22023', NULL, 'a dispatch without a dispatch mode is refused');
SELECT throws_ok(format($q$SELECT hotline.apply_action(%L, 'approve_reply', 'x', 'reviewer', '{}')$q$, t.o('err')),
                 '55000', NULL, 'approve_reply is not an action of an accepted order');
SELECT throws_ok(format($q$SELECT hotline.apply_action(%L, 'fly_to_moon', 'x', 'agent', '{}')$q$, t.o('err')),
                 '42704', NULL, 'an unknown action');
SELECT throws_ok($q$SELECT hotline.apply_action('110000-20261123-999999', 'dispatch', 'x', 'dispatcher', '{}')$q$,
                 'P0002', NULL, 'an unknown order');
SELECT throws_ok($q$SELECT hotline.accept('110000', 'complaint', 'phone', NULL)$q$,
                 '22023', NULL, 'an appeal without a description is refused');
SELECT is(t.state('err'), 'accepted', 'after all these errors the order is as it was');
SELECT is(t.events('err'), '{accept}'::text[], 'and its history too');
SELECT is((SELECT count(*)::int FROM hotline.assignment a WHERE a.order_no = t.o('err')), 0, 'no assignment was left behind');

SELECT is(hotline.dispatch(t.o('err'), 'bj-scjg', '请核实收费是否合规'), 'dispatched', 'dispatched to the market regulator');
SELECT throws_ok(format('SELECT hotline.sign_for(%L, %L, actor_role => %L)', t.o('err'), 'bj-scjg', 'dispatcher'),
                 '42501', NULL, 'only the unit signs for it (wrong role)');
SELECT throws_ok(format($q$SELECT hotline.apply_action(%L, 'sign_for', 'x', 'unit', '{}')$q$, t.o('err')),
                 '22023', NULL, 'an assignment action needs the assignment');
SELECT throws_ok(format($q$SELECT hotline.apply_action(%L, 'sign_for', 'x', 'unit', '{}', %s)$q$,
                        t.o('err'), (t.asg('life', 'bj-dc')).id),
                 '22023', NULL, 'the assignment must be one of this order');
SELECT throws_ok(format('SELECT hotline.sign_for(%L, %L)', t.o('err'), 'bj-dc'),
                 'P0002', NULL, 'a unit that was not dispatched to holds no assignment');
SELECT is((hotline.sign_for(t.o('err'), 'bj-scjg')).order_state, 'dispatched', 'signed for');
SELECT throws_ok(format('SELECT hotline.reply(%L, %L, %L, NULL)', t.o('err'), 'bj-scjg', '已责令退还多收费用'),
                 '22023', NULL, 'a reply says whether the citizen was contacted (R-6.2)');
SELECT throws_ok(format('SELECT hotline.review(%L, true, actor_role => %L)', t.o('err'), 'unit'),
                 '55000', NULL, 'no review before the reply');
SELECT is((hotline.reply(t.o('err'), 'bj-scjg', '已责令物业退还多收停车费', true, 'phone')).order_state, 'replied', 'replied');
SELECT throws_ok(format('SELECT hotline.review(%L, true, actor_role => %L)', t.o('err'), 'unit'),
                 '42501', NULL, 'a unit does not review its own reply (wrong role)');
SELECT throws_ok(format('SELECT hotline.withdraw(%L, %L, %L)', t.o('err'), 'bj-scjg', '不需要了'),
                 '55000', NULL, 'a replied assignment cannot be withdrawn');

-- state changes only through actions; the history is append-only (R-1.6)
SELECT throws_ok(format($q$UPDATE hotline.work_order SET state = 'closed' WHERE order_no = %L$q$, t.o('err')),
                 '42501', NULL, 'a bare UPDATE of an order''s state is refused');
SELECT throws_ok(format($q$UPDATE hotline.assignment SET state = 'signed' WHERE order_no = %L$q$, t.o('err')),
                 '42501', NULL, 'a bare UPDATE of an assignment''s state is refused');
SELECT throws_ok($q$UPDATE hotline.order_event SET reason = '改写历史'$q$, '42501', NULL, 'events cannot be updated');
SELECT throws_ok($q$DELETE FROM hotline.order_event$q$, '42501', NULL, 'events cannot be deleted');
SELECT throws_ok($q$TRUNCATE hotline.order_event$q$, '42501', NULL, 'the history cannot be truncated');
SELECT is(t.state('err'), 'replied', 'the order is as the actions left it');

-- ---------------------------------------------------------------------------
-- 9. Every transition, table by table: orders and assignments brought to
--    each state, then every action tried from it
-- ---------------------------------------------------------------------------
CREATE FUNCTION t.order_in(s text) RETURNS hotline.order_no LANGUAGE plpgsql AS $$
DECLARE
    o hotline.order_no;
BEGIN
    IF s = 'not_accepted' THEN
        RETURN hotline.reject('110000', 'suggestion', 'website', '建议在小区增设充电桩', '属于物业自治事项，建议与业委会协商', actor => 'matrix');
    ELSIF s = 'answered' THEN
        RETURN hotline.answer('110000', 'consultation', 'phone', '咨询公积金提取条件', '已告知提取条件及所需材料', actor => 'matrix');
    END IF;
    o := hotline.accept('110000', 'help', 'phone', '小区路灯不亮 (matrix)', actor => 'matrix');
    CASE s
    WHEN 'accepted' THEN RETURN o;
    WHEN 'terminated' THEN PERFORM hotline.terminate(o, '诉求人撤回'); RETURN o;
    WHEN 'merged' THEN
        PERFORM hotline.merge(o, hotline.accept('110000', 'help', 'phone', '同一路灯 (matrix)', actor => 'matrix'));
        RETURN o;
    ELSE NULL;
    END CASE;
    IF s = 'returned' THEN
        -- the assisting unit returns it; the lead is still on it (so it can resume)
        PERFORM hotline.dispatch(o, 'bj-dc', '请核实处理', assist_units => '{bj-zjw}');
        PERFORM hotline.return_order(o, 'bj-zjw', '非本单位职责');
        RETURN o;
    END IF;
    PERFORM hotline.dispatch(o, 'bj-dc', '请核实处理');
    IF s = 'dispatched' THEN RETURN o; END IF;
    PERFORM hotline.sign_for(o, 'bj-dc');
    PERFORM hotline.reply(o, 'bj-dc', '已修复', true, 'phone');
    IF s = 'replied' THEN RETURN o; END IF;
    IF s = 'redo' THEN PERFORM hotline.review(o, false, '答复不完整'); RETURN o; END IF;
    PERFORM hotline.review(o, true);
    IF s = 'reviewed' THEN RETURN o; END IF;
    PERFORM hotline.callback(o, 'satisfied', 'satisfied');
    IF s = 'callback_done' THEN RETURN o; END IF;
    PERFORM hotline.close_order(o);
    IF s = 'closed' THEN RETURN o; END IF;
    PERFORM hotline.archive(o);
    IF s = 'archived' THEN RETURN o; END IF;
    RAISE EXCEPTION 'no recipe for order state %', s;
END $$;

-- an assignment of the assisting unit bj-dc (it has sub-units), the lead being bj-zjw
CREATE FUNCTION t.assignment_in(s text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    o hotline.order_no;
    a bigint;
BEGIN
    o := hotline.accept('110000', 'complaint', 'phone', '施工噪音扰民 (matrix)', actor => 'matrix');
    PERFORM hotline.dispatch(o, 'bj-zjw', '请核实处理', assist_units => '{bj-dc}');
    a := hotline.assignment_of(o, 'bj-dc');
    CASE s
    WHEN 'dispatched' THEN RETURN a;
    WHEN 'returned' THEN PERFORM hotline.return_order(o, 'bj-dc', '非本单位职责'); RETURN a;
    WHEN 'closed' THEN PERFORM hotline.withdraw(o, 'bj-dc', '无需协办'); RETURN a;
    ELSE NULL;
    END CASE;
    PERFORM hotline.sign_for(o, 'bj-dc');
    CASE s
    WHEN 'signed' THEN RETURN a;
    WHEN 'extension_requested' THEN PERFORM hotline.request_extension(o, 'bj-dc', '需现场勘查'); RETURN a;
    WHEN 'passed_down' THEN PERFORM hotline.pass_down(o, 'bj-dc', '{bj-dc-dhm}'); RETURN a;
    ELSE NULL;
    END CASE;
    PERFORM hotline.reply(o, 'bj-dc', '已处理', true, 'phone');
    IF s = 'replied' THEN RETURN a; END IF;
    PERFORM hotline.sign_for(o, 'bj-zjw');
    PERFORM hotline.reply(o, 'bj-zjw', '已处理', true, 'phone');
    PERFORM hotline.review(o, false, '答复不完整');
    IF s = 'redo' THEN RETURN a; END IF;
    RAISE EXCEPTION 'no recipe for assignment state %', s;
END $$;

CREATE TABLE t.order_at AS
    SELECT s.state, t.order_in(s.state) AS no
    FROM hotline.workflow_state s WHERE s.workflow = 'appeal_12345' AND s.scope = 'order' ORDER BY s.state;
CREATE TABLE t.assignment_at AS
    SELECT s.state, t.assignment_in(s.state) AS id
    FROM hotline.workflow_state s WHERE s.workflow = 'appeal_12345' AND s.scope = 'assignment' ORDER BY s.state;
SELECT is(ARRAY(SELECT format('%s=%s', a.state, w.state) FROM t.order_at a JOIN hotline.work_order w ON w.order_no = a.no
                WHERE w.state <> a.state), '{}'::text[], 'an order was brought to each of the 13 states');
SELECT is(ARRAY(SELECT format('%s=%s', x.state, a.state) FROM t.assignment_at x JOIN hotline.assignment a ON a.id = x.id
                WHERE a.state <> x.state), '{}'::text[], 'an assignment was brought to each of the 8 states');

-- parameters that make each action valid
CREATE FUNCTION t.params_for(action text, o hotline.order_no, asg bigint) RETURNS jsonb LANGUAGE sql AS $$
SELECT CASE action
    -- a lead still at work is named again, with a new assisting unit (one lead per order, R-4.4)
    WHEN 'dispatch' THEN (SELECT CASE WHEN l.code IS NULL
            THEN '{"lead_unit": "bj-xc", "dispatch_mode": "written", "opinion": "请核实处理"}'::jsonb
            ELSE jsonb_build_object('lead_unit', l.code, 'assist_units', jsonb_build_array('bj-xc'),
                                    'dispatch_mode', 'written', 'opinion', '请核实处理') END
        FROM (SELECT (SELECT u.code FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id
                      WHERE a.order_no = o AND a.role = 'lead' AND a.parent_id IS NULL
                        AND a.closed_at IS NULL) AS code) l)
    WHEN 'send_back' THEN '{"reason": "答复不完整"}'
    WHEN 'callback' THEN '{"process_satisfaction": "satisfied", "result_satisfaction": "satisfied"}'
    WHEN 'callback_redo' THEN '{"process_satisfaction": "dissatisfied", "result_satisfaction": "dissatisfied"}'
    WHEN 'callback_unreachable' THEN '{"process_satisfaction": "unreachable", "result_satisfaction": "unreachable"}'
    WHEN 'terminate' THEN '{"reason": "诉求人撤回"}'
    WHEN 'merge' THEN jsonb_build_object('into', t.order_in('accepted'))
    WHEN 'return_order' THEN '{"reason": "非本单位职责"}'
    WHEN 'request_extension' THEN '{"reason": "需现场勘查"}'
    WHEN 'approve_extension' THEN jsonb_build_object('new_deadline',
        (SELECT a.reply_due + interval '3 days' FROM hotline.assignment a WHERE a.id = asg))
    WHEN 'refuse_extension' THEN '{"reason": "请按期办结"}'
    WHEN 'pass_down' THEN '{"sub_units": ["bj-dc-dhm"]}'
    WHEN 'reply' THEN '{"result": "已处理", "contacted": true, "contact_method": "phone"}'
    WHEN 'withdraw' THEN '{"reason": "无需协办"}'
    ELSE '{}' END
$$;

-- every forbidden (state, action) pair fails with 55000 and changes nothing
CREATE FUNCTION t.forbidden(scope text) RETURNS TABLE (tried integer, wrong text[]) LANGUAGE plpgsql AS $$
DECLARE
    r record;
    n integer := 0;
    bad text[] := '{}';
BEGIN
    FOR r IN
        SELECT s.state, a.action, a.roles[1] AS role, o.no, x.id AS asg, coalesce(o.no, w.order_no) AS order_no
        FROM hotline.workflow_state s
        JOIN hotline.workflow_action a ON a.workflow = s.workflow AND a.scope = s.scope
        LEFT JOIN t.order_at o ON s.scope = 'order' AND o.state = s.state
        LEFT JOIN t.assignment_at x ON s.scope = 'assignment' AND x.state = s.state
        LEFT JOIN hotline.assignment w ON w.id = x.id
        WHERE s.workflow = 'appeal_12345' AND s.scope = forbidden.scope AND NOT s.state = ANY (a.from_states)
        ORDER BY s.state, a.action
    LOOP
        n := n + 1;
        BEGIN
            PERFORM hotline.apply_action(r.order_no, r.action, 'matrix', r.role,
                                         t.params_for(r.action, r.order_no, r.asg), r.asg);
            RAISE EXCEPTION 'allowed' USING ERRCODE = 'P0001';
        EXCEPTION WHEN OTHERS THEN
            IF SQLSTATE <> '55000' THEN
                bad := bad || format('%s/%s: %s %s', r.state, r.action, SQLSTATE, SQLERRM);
            END IF;
        END;
    END LOOP;
    RETURN QUERY SELECT n, bad;
END $$;

-- every allowed (state, action) pair succeeds and reaches its state
CREATE FUNCTION t.allowed(scope text) RETURNS TABLE (tried integer, wrong text[]) LANGUAGE plpgsql AS $$
DECLARE
    r record;
    n integer := 0;
    bad text[] := '{}';
    o hotline.order_no;
    asg bigint;
    got text;
    now_state text;
BEGIN
    FOR r IN
        SELECT s.state, a.action, a.roles[1] AS role, a.to_state
        FROM hotline.workflow_state s
        JOIN hotline.workflow_action a ON a.workflow = s.workflow AND a.scope = s.scope
        WHERE s.workflow = 'appeal_12345' AND s.scope = allowed.scope AND s.state = ANY (a.from_states)
        ORDER BY s.state, a.action
    LOOP
        n := n + 1;
        BEGIN
            IF allowed.scope = 'order' THEN
                o := t.order_in(r.state);
                asg := NULL;
            ELSE
                asg := t.assignment_in(r.state);
                SELECT w.order_no INTO o FROM hotline.assignment w WHERE w.id = asg;
                IF r.state = 'passed_down' AND r.action = 'reply' THEN
                    PERFORM hotline.sign_for(o, 'bj-dc-dhm');
                    PERFORM hotline.reply(o, 'bj-dc-dhm', '已处理', true, 'phone');
                END IF;
            END IF;
            got := hotline.apply_action(o, r.action, 'matrix', r.role, t.params_for(r.action, o, asg), asg);
            IF allowed.scope = 'order' THEN
                SELECT w.state INTO now_state FROM hotline.work_order w WHERE w.order_no = o;
                -- an action without a to_state (callback_unreachable) leaves the order where it was
                IF got IS DISTINCT FROM coalesce(r.to_state, r.state) OR now_state IS DISTINCT FROM coalesce(r.to_state, r.state) THEN
                    bad := bad || format('%s/%s: returned %s, order in %s, expected %s', r.state, r.action, got, now_state,
                                         coalesce(r.to_state, r.state));
                END IF;
            ELSE
                SELECT w.state INTO now_state FROM hotline.assignment w WHERE w.id = asg;
                IF now_state IS DISTINCT FROM r.to_state THEN
                    bad := bad || format('%s/%s: assignment in %s, expected %s', r.state, r.action, now_state, r.to_state);
                END IF;
            END IF;
        EXCEPTION WHEN OTHERS THEN
            bad := bad || format('%s/%s: %s %s', r.state, r.action, SQLSTATE, SQLERRM);
        END;
    END LOOP;
    RETURN QUERY SELECT n, bad;
END $$;

SELECT is(f.wrong, '{}'::text[], format('all %s forbidden (order state, action) pairs fail with 55000', f.tried))
FROM t.forbidden('order') f;
SELECT is(f.wrong, '{}'::text[], format('all %s forbidden (assignment state, action) pairs fail with 55000', f.tried))
FROM t.forbidden('assignment') f;
SELECT is(f.wrong, '{}'::text[], format('all %s allowed (order state, action) pairs reach their state', f.tried))
FROM t.allowed('order') f;
SELECT is(f.wrong, '{}'::text[], format('all %s allowed (assignment state, action) pairs reach their state', f.tried))
FROM t.allowed('assignment') f;
SELECT is((SELECT (count(*) FILTER (WHERE s.scope = 'order'), count(*) FILTER (WHERE s.scope = 'assignment'))::text
           FROM hotline.workflow_state s JOIN hotline.workflow_action a ON a.workflow = s.workflow AND a.scope = s.scope
           WHERE s.workflow = 'appeal_12345' AND NOT s.state = ANY (a.from_states)),
          '(158,49)', 'the forbidden pairs: 158 of orders, 49 of assignments');
SELECT is(ARRAY(SELECT format('%s=%s', a.state, w.state) FROM t.order_at a JOIN hotline.work_order w ON w.order_no = a.no
                WHERE w.state <> a.state), '{}'::text[], 'the forbidden actions left every order in its state');
SELECT is((SELECT count(*)::int FROM hotline.order_event e JOIN t.order_at a ON a.no = e.order_no WHERE e.actor = 'matrix'
           AND e.action NOT IN ('accept', 'reject', 'answer')), 0,
          'and wrote nothing to their history');

SELECT * FROM finish();
ROLLBACK;
