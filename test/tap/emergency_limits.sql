-- Emergencies do not wait like ordinary orders (issue 8; R-2.3, R-4.3
-- "urgent: at once (hours)", R-12.4 "limits in hours count clock hours
-- (emergencies, 24x7 channels)").  A very urgent order (特急), and every
-- order accepted with an emergency kind, which counts as very urgent, has
-- limits in clock time, around the clock, on any day: dispatch within 30
-- minutes, sign within 1 hour and reply within 4 hours whatever the
-- dispatch mode, a sub-unit within 2 hours, a redo within 4 hours (the
-- project's figures: the seeds say "at once" and "report as it goes", GB/T
-- 33358 5.1.2.1 has the hotline work 24 hours a day, 7 days a week).  So a
-- burst water main reported at 22:00 on a Friday is due for dispatch at
-- 22:30 and for its reply in the night, not on Monday.
--
-- Limits are data: rows of hotline.workflow_limit keyed by urgency, read
-- by the engine through hotline.workflow_time_limit; a city's own row
-- wins.  Orders are accepted at this transaction's now(), whatever the
-- day: their deadlines are compared with now() plus the clock time.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(39);

INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('el-dc',  '北京市东城区人民政府', '110101', 'district'),
    ('el-sw',  '北京市自来水集团东城分公司', '110101', 'enterprise'),
    ('el-zjw', '东城区住房和城市建设委员会', '110101', 'department');
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT 'el-dc-dhm', '东华门街道办事处', '110101', 'subdistrict', id FROM hotline.unit WHERE code = 'el-dc';

CREATE SCHEMA t;
CREATE TABLE t.ord (name text PRIMARY KEY, no hotline.order_no NOT NULL);
CREATE FUNCTION t.keep(name text, no hotline.order_no) RETURNS hotline.order_no
    LANGUAGE sql AS $$ INSERT INTO t.ord VALUES ($1, $2) RETURNING no $$;
CREATE FUNCTION t.o(text) RETURNS hotline.order_no
    LANGUAGE sql STABLE AS $$ SELECT no FROM t.ord WHERE name = $1 $$;
CREATE FUNCTION t.wo(text) RETURNS hotline.work_order
    LANGUAGE sql STABLE AS $$ SELECT w FROM hotline.work_order w WHERE w.order_no = t.o($1) $$;
CREATE FUNCTION t.asg(text, text) RETURNS hotline.assignment
    LANGUAGE sql STABLE AS $$
    SELECT a FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id
    WHERE a.order_no = t.o($1) AND u.code = $2 ORDER BY a.id DESC LIMIT 1 $$;
CREATE FUNCTION t.lim(deadline text, mode text, urgency hotline.urgency) RETURNS hotline.time_limit
    LANGUAGE sql STABLE AS $$ SELECT hotline.workflow_time_limit('appeal_12345', deadline,
        jsonb_strip_nulls(jsonb_build_object('dispatch_mode', mode, 'urgency', urgency, 'appeal_type', 'help'))) $$;

-- ---------------------------------------------------------------------------
-- 1. The limits, as the engine finds them
-- ---------------------------------------------------------------------------
SELECT is(ARRAY[t.lim('dispatch', NULL, 'very_urgent'), t.lim('dispatch', NULL, 'normal')]::text[],
          '{"30 minutes","2 working days"}', 'dispatch: 30 minutes when very urgent, 2 working days otherwise (R-4.1)');
SELECT is(ARRAY[t.lim('sign', 'written', 'very_urgent'), t.lim('sign', 'phone', 'very_urgent'), t.lim('sign', 'urgent', 'very_urgent')]::text[],
          '{"1 hour","1 hour","1 hour"}', 'sign for within 1 hour, whatever the dispatch mode');
SELECT is(ARRAY[t.lim('reply', 'written', 'very_urgent'), t.lim('reply', 'phone', 'very_urgent'), t.lim('reply', 'urgent', 'very_urgent')]::text[],
          '{"4 hours","4 hours","4 hours"}', 'reply within 4 hours, whatever the dispatch mode');
SELECT is(ARRAY[t.lim('sub_reply', 'written', 'very_urgent'), t.lim('redo', 'written', 'very_urgent')]::text[],
          '{"2 hours","4 hours"}', 'a sub-unit within 2 hours, a redo within 4');
SELECT is(ARRAY(SELECT DISTINCT hotline.time_limit_unit(l.time_limit) FROM hotline.workflow_limit l
                WHERE l.workflow = 'appeal_12345' AND l.conditions ->> 'urgency' = 'very_urgent' ORDER BY 1),
          ARRAY(SELECT DISTINCT hotline.time_limit_unit(x) FROM unnest('{30 minutes,1 hour}'::hotline.time_limit[]) x ORDER BY 1),
          'every very urgent limit is clock time, none in working time');
SELECT is(ARRAY[t.lim('dispatch', NULL, 'urgent'), t.lim('reply', 'written', 'urgent'), t.lim('reply', 'urgent', 'normal')]::text[],
          '{"2 working days","1 working day","4 working hours"}',
          'urgent (紧急) orders and urgent dispatches keep their working-time limits (R-4.3)');

-- a burst water main reported at 22:00 on Friday 27 November 2026
SELECT is(extract(isodow FROM DATE '2026-11-27')::int, 5, '27 November 2026 is a Friday');
SELECT is(hotline.deadline('cn', '2026-11-27 22:00+08', t.lim('dispatch', NULL, 'very_urgent')), '2026-11-27 22:30+08'::timestamptz,
          'reported at 22:00 on Friday, very urgent: dispatched by 22:30 the same night');
SELECT is(hotline.deadline('cn', '2026-11-27 22:30+08', t.lim('sign', 'urgent', 'very_urgent')), '2026-11-27 23:30+08'::timestamptz,
          'dispatched at 22:30: signed for by 23:30');
SELECT is(hotline.deadline('cn', '2026-11-27 22:30+08', t.lim('reply', 'phone', 'very_urgent')), '2026-11-28 02:30+08'::timestamptz,
          'and replied by 02:30 on Saturday, not on Monday');
SELECT is(hotline.deadline('cn', '2026-11-27 22:00+08', t.lim('dispatch', NULL, 'normal')), '2026-12-02 00:00+08'::timestamptz,
          'an ordinary order of the same night may wait to the end of Tuesday (2 working days)');
SELECT is(hotline.deadline('cn', '2026-09-30 23:00+08', t.lim('reply', 'written', 'very_urgent')), '2026-10-01 03:00+08'::timestamptz,
          'National Day does not stop the clock: 23:00 on 30 September, replied by 03:00 on 1 October');

-- ---------------------------------------------------------------------------
-- 2. A very urgent order through the engine: every deadline in clock time
-- ---------------------------------------------------------------------------
SELECT isnt(t.keep('main', hotline.accept('110101', 'help', 'phone', '自来水主管道爆裂，路面积水严重', urgency => 'very_urgent',
                                          address => '东城区东华门大街', actor => '话务员 0101')),
            NULL, 'a very urgent appeal is accepted');
SELECT is((t.wo('main')).dispatch_due, now() + interval '30 minutes', 'due for dispatch in 30 minutes (R-2.3)');
SELECT is(hotline.dispatch(t.o('main'), 'el-sw', '特急：请立即组织抢修', dispatch_mode => 'phone', assist_units => '{el-dc}'),
          'dispatched', 'dispatched by phone to the water company, the district assisting');
SELECT is(ROW((t.asg('main', 'el-sw')).sign_due, (t.asg('main', 'el-sw')).reply_due,
              (t.asg('main', 'el-dc')).sign_due, (t.asg('main', 'el-dc')).reply_due)::text,
          ROW(now() + interval '1 hour', now() + interval '4 hours', now() + interval '1 hour', now() + interval '4 hours')::text,
          'each unit signs for it within 1 hour and replies within 4, clock time');
SELECT is((t.wo('main')).reply_due, now() + interval '4 hours', 'the order is due in 4 hours');
SELECT is((hotline.sign_for(t.o('main'), 'el-dc')).order_state, 'dispatched', 'the district signs for it');
SELECT is((hotline.pass_down(t.o('main'), 'el-dc', '{el-dc-dhm}', '请街道配合疏导交通')).order_state, 'dispatched', 'and passes it down');
SELECT is((t.asg('main', 'el-dc-dhm')).reply_due, now() + interval '2 hours', 'the sub-district has 2 hours, inside the district''s 4');
SELECT is((hotline.return_order(t.o('main'), 'el-sw', '管线属热力公司')).order_state, 'returned', 'the water company returns it');
SELECT is((t.wo('main')).dispatch_due, now() + interval '30 minutes', 'to be dispatched again within 30 minutes');

SELECT isnt(t.keep('redo', hotline.accept('110101', 'help', 'phone', '燃气管道泄漏，楼道有异味', urgency => 'very_urgent')),
            NULL, 'another very urgent appeal');
SELECT is(hotline.dispatch(t.o('redo'), 'el-zjw', '请立即处置'), 'dispatched', 'dispatched in writing');
SELECT is((t.asg('redo', 'el-zjw')).reply_due, now() + interval '4 hours', 'a written dispatch too: 4 hours');
SELECT is((hotline.sign_for(t.o('redo'), 'el-zjw')).order_state, 'dispatched', 'signed for');
SELECT is((hotline.reply(t.o('redo'), 'el-zjw', '已关阀', true, 'phone')).order_state, 'replied', 'replied');
SELECT is(hotline.review(t.o('redo'), false, '未说明是否已修复'), 'redo', 'sent back');
SELECT is((t.asg('redo', 'el-zjw')).reply_due, now() + interval '4 hours', 'the redo is due in 4 hours');

-- ---------------------------------------------------------------------------
-- 3. An emergency (突发事件, R-2.3) counts as very urgent
-- ---------------------------------------------------------------------------
SELECT isnt(t.keep('emergency', hotline.accept('110101', 'report', 'phone', '小区多人腹泻呕吐，疑似饮用水污染',
                                               emergency => 'public_health')),
            NULL, 'an emergency is accepted without naming its urgency');
SELECT is(ROW((t.wo('emergency')).urgency, (t.wo('emergency')).emergency_kind)::text, ROW('very_urgent', 'public_health')::text,
          'it is recorded as very urgent');
SELECT is((t.wo('emergency')).dispatch_due, now() + interval '30 minutes', 'due for dispatch in 30 minutes');
SELECT is((SELECT e.payload ->> 'urgency' FROM hotline.order_event e WHERE e.order_no = t.o('emergency') AND e.action = 'accept'),
          'very_urgent', 'the accept event says so (R-1.6)');
SELECT isnt(t.keep('typed', hotline.accept('110101', 'help'::hotline.appeal_type, 'phone'::hotline.channel, '山体滑坡堵塞道路',
                                           urgency => 'normal'::hotline.urgency, emergency => 'natural_disaster'::hotline.emergency_kind)),
            NULL, 'an emergency accepted with typed values, urgency normal');
SELECT is((t.wo('typed')).urgency, 'very_urgent'::hotline.urgency, 'is very urgent all the same');

SELECT isnt(t.keep('plain', hotline.accept('110101', 'help', 'phone', '小区路灯不亮')), NULL, 'an ordinary appeal at the same moment');
SELECT is((t.wo('plain')).dispatch_due, hotline.deadline('cn', now(), '2 working days'), 'keeps its 2 working days (R-4.1)');

-- ---------------------------------------------------------------------------
-- 4. A city's own limit wins (R-4.3: limits are configuration)
-- ---------------------------------------------------------------------------
INSERT INTO hotline.workflow_limit (workflow, deadline, conditions, time_limit)
    VALUES ('appeal_12345', 'dispatch', '{"urgency": "very_urgent"}', '15 minutes');
SELECT isnt(t.keep('city', hotline.accept('110101', 'help', 'phone', '电梯困人', urgency => 'very_urgent')), NULL, 'a very urgent appeal');
SELECT is((t.wo('city')).dispatch_due, now() + interval '15 minutes', 'due for dispatch in the city''s 15 minutes');

SELECT * FROM finish();
ROLLBACK;
