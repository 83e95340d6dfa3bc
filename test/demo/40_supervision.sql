-- hotline demo, part 4: supervision (督办) and the scheduled jobs, on the day
-- of part 3. Run by `make demo` (test/demo.sh) after 30_hotline_day.sql, in
-- database hotline of the demo cluster (TimeZone Asia/Shanghai).
--
-- The jobs of issue 4 run on the orders of part 3, as pg_cron would run
-- them, but called directly so that their results show:
--
--   hotline.sweep()              reminders (提醒), hastenings (催办) and
--                                public notices (通报) (R-5)
--   hotline.sample_callbacks()   callback sampling (回访抽样, R-7.1)
--   hotline.archive_closed()     archiving (归档, R-8.1)
--
-- and the rules that run with the actions: an emergency (突发事件, R-2.3),
-- one matter many people (一事多人) and one person many times (一人多次)
-- (R-2.4), then what the supervisors (督办科) do with all of it.
--
-- Compressed in time: the sweep compares deadlines with now(), and the day
-- of part 3 is only seconds old. Days pass for a few chosen orders by plain
-- UPDATEs of their assignments' reply_from / reply_due (the alarms follow
-- through a trigger), and for a second hastening by moving the hastening's
-- alarm to now (hotline.alarm.fire_at). Nothing else is forged: every
-- message, notice and supervision below is made by the jobs and the rules.
-- Times are Beijing time; how many working hours are left depends on the
-- moment the demo runs.
--
-- Part 3's orders are named A01..A44 again (by their order numbers, which
-- follow the order they came in), this part's new appeals E1, L1-L3, W1-W2.

\pset footer off
\pset null '-'
\set QUIET on
SET client_min_messages = warning;

-- ---------------------------------------------------------------------------
-- Helpers of this demo (temporary, gone when the script ends)
-- ---------------------------------------------------------------------------

CREATE TEMP TABLE demo_order (
    k           text PRIMARY KEY,
    order_no    hotline.order_no NOT NULL UNIQUE
);
INSERT INTO demo_order
SELECT 'A' || lpad(row_number() OVER (ORDER BY order_no)::text, 2, '0'), order_no
FROM hotline.work_order;

CREATE TEMP TABLE demo_staff (unit text PRIMARY KEY, person text NOT NULL);
INSERT INTO demo_staff VALUES
    ('dc-zjw', '赵明'), ('dc-cgw', '钱磊'), ('dc-cgzf', '孙浩'), ('dc-scjg', '李娜'),
    ('dc-wjw', '周洁'), ('dc-jw', '吴敏'), ('bj-rl', '陈涛'), ('dc-jd-js', '华莹'),
    ('dc-jd-jgm', '张勇'), ('dc-jd-tygl', '严松'), ('dc-jd-hpl', '秦川'), ('dc-jtw', '郑凯');

-- what an action on an assignment did (hotline.action_result): to the
-- assignment, and to the order
CREATE FUNCTION pg_temp.said(r hotline.action_result) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT format('assignment %s, order %s', r.state, r.order_state) $$;
CREATE FUNCTION pg_temp.by(unit text) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT unit || ' ' || coalesce((SELECT s.person FROM demo_staff s WHERE s.unit = by.unit), '专员') $$;

-- the demo's name of an order
CREATE FUNCTION pg_temp.k(o hotline.order_no) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT coalesce((SELECT d.k FROM demo_order d WHERE d.order_no = o), '?') $$;

-- working time as hours and minutes: 51:02, -7:00 when it is past
CREATE FUNCTION pg_temp.hm(t interval) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN t < interval '0' THEN '-' ELSE '' END
          || to_char(date_trunc('minute', abs(extract(epoch FROM t)) * interval '1 second' + interval '30 seconds'), 'FMHH24:MI') $$;

-- Chinese names of the supervision reasons
CREATE FUNCTION pg_temp.reason(r text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT r || ' ' || CASE r
    WHEN 'emergency' THEN '突发事件' WHEN 'repeat' THEN '重复诉求' WHEN 'near_deadline' THEN '临期'
    WHEN 'overdue' THEN '超期' WHEN 'notice' THEN '通报' WHEN 'returned' THEN '多次退单'
    WHEN 'sent_back' THEN '发回重办' WHEN 'dissatisfied' THEN '回访不满意' WHEN 'manual' THEN '人工督办'
    ELSE '' END
$$;

-- the outbox since a mark, as a gateway or a dashboard would read it: a
-- head line (id, channel/template, recipient unit or user), then the text
CREATE FUNCTION pg_temp.outbox_since(mark bigint) RETURNS SETOF text LANGUAGE sql STABLE AS $$
SELECT format('#%s %s/%s -> %s', m.id, m.channel, m.template, coalesce(u.name, m.recipient_user))
       || E'\n    ' || coalesce(m.payload ->> 'text', '(no text) ' || m.payload::text)
FROM hotline.outbox m
LEFT JOIN hotline.unit u ON u.id = m.recipient_unit_id
WHERE m.id > mark
ORDER BY m.id
$$;

-- a job's result, one line
CREATE FUNCTION pg_temp.said(job text, result jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT format('%s() -> %s', job, result::text) $$;

-- ---------------------------------------------------------------------------
\echo
\echo '================================================================'
\echo ' 1. The jobs (定时任务) and the first sweep after the day'
\echo '================================================================'
\echo 'The hotline''s periodic work is a handful of SQL functions (hotline.job).'
\echo 'pg_cron runs them (section 12); here they are called by hand.'
\echo
SELECT name AS job, command, default_schedule AS "default schedule"
FROM hotline.job ORDER BY name;

\echo
\echo 'The sweep runs every minute. Its first run right after the day finds only'
\echo 'sign-for reminders of urgent orders (1 working hour to sign, reminded 2'
\echo 'working hours before), which their units have signed for already: the'
\echo 'sweep retires them without a message. A second run finds nothing.'
\echo
\pset tuples_only on
\pset format unaligned
SELECT pg_temp.said('sweep', hotline.sweep());
SELECT pg_temp.said('sweep', hotline.sweep());
\pset format aligned
\pset tuples_only off

-- ---------------------------------------------------------------------------
\echo
\echo '================================================================'
\echo ' 2. Reminders (临期提醒): 80% of the time to reply has passed'
\echo '================================================================'
\echo 'Six and a half working days later (simulated): four units that had 7'
\echo 'working days to reply to written dispatches (书面转办) have not replied.'
\echo 'Their assignments are moved back by 46 working hours: reply_from ='
\echo 'before_deadline(now, 46 working hours), reply_due = deadline(reply_from,'
\echo '7 working days). The trigger moves the reminder alarm to the 80% point'
\echo '(rule remind_reply, share 0.8 of the working time, R-5.1, R-12.5).'
\echo

SELECT max(id) AS mark FROM hotline.outbox \gset
UPDATE hotline.assignment a
SET reply_from = hotline.before_deadline(u.calendar, now(), '46 working hours'),
    reply_due = hotline.deadline(u.calendar, hotline.before_deadline(u.calendar, now(), '46 working hours'),
                                 a.reply_limit)
FROM hotline.unit u, demo_order d
WHERE u.id = a.unit_id AND d.order_no = a.order_no
  AND d.k IN ('A08', 'A21', 'A34') AND a.closed_at IS NULL;
-- the order's reply deadline is the latest of its open assignments'
UPDATE hotline.work_order o
SET reply_due = (SELECT d FROM hotline.order_reply_due(o.order_no) d)
FROM demo_order d WHERE d.order_no = o.order_no AND d.k IN ('A08', 'A21', 'A34');

SELECT pg_temp.k(a.order_no) AS k, a.order_no, u.name AS unit,
       to_char(a.reply_from, 'MM-DD HH24:MI') AS "from",
       to_char(a.reply_due, 'MM-DD Dy HH24:MI') AS "reply due",
       to_char(al.fire_at, 'MM-DD HH24:MI') AS "80% point",
       pg_temp.hm(hotline.working_time(u.calendar, now(), a.reply_due)) AS "left (h:mm)"
FROM hotline.assignment a
JOIN hotline.unit u ON u.id = a.unit_id
JOIN hotline.alarm al ON al.assignment_id = a.id AND al.rule = 'remind_reply'
JOIN demo_order d ON d.order_no = a.order_no
WHERE d.k IN ('A08', 'A21', 'A34') AND a.closed_at IS NULL
ORDER BY a.order_no, a.id;

\echo
\echo 'The sweep (every minute) finds the reminders due and sends them (SMS to'
\echo 'the unit, through the outbox, R-14.3); run again, it sends nothing twice.'
\echo
\pset tuples_only on
\pset format unaligned
SELECT pg_temp.said('sweep', hotline.sweep());
SELECT pg_temp.said('sweep', hotline.sweep());
\pset format aligned
\pset tuples_only off
\echo
\echo 'The outbox (hotline.outbox: id, channel/template -> recipient, payload ->> ''text''):'
\echo
\pset tuples_only on
\pset format unaligned
SELECT * FROM pg_temp.outbox_since(:mark);
\pset format aligned
\pset tuples_only off

-- ---------------------------------------------------------------------------
\echo
\echo '================================================================'
\echo ' 3. Hastenings (超期催办): the deadline has passed'
\echo '================================================================'
\echo 'Ten working days later (simulated) for two written dispatches that no'
\echo 'unit has even signed for (A33 the abandoned cars in a 景山 hutong, A36 the'
\echo 'cracked walls after the renovation), three working days later for the'
\echo 'urgent phone dispatch of the night-time construction site (A04, 1'
\echo 'working day). Their deadlines are counted again from then: all past.'
\echo 'hotline.overdue, what the supervisor looks at:'
\echo

SELECT max(id) AS mark FROM hotline.outbox \gset
WITH moved (k, ago) AS (VALUES ('A04', '3 working days'::hotline.time_limit),
                               ('A33', '10 working days'), ('A36', '10 working days'))
UPDATE hotline.assignment a
SET reply_from = hotline.before_deadline(u.calendar, now(), m.ago),
    reply_due = hotline.deadline(u.calendar, hotline.before_deadline(u.calendar, now(), m.ago), a.reply_limit),
    sign_due = CASE WHEN a.signed_at IS NULL
                    THEN hotline.deadline(u.calendar, hotline.before_deadline(u.calendar, now(), m.ago), a.sign_limit)
                    ELSE a.sign_due END
FROM hotline.unit u, moved m, demo_order d
WHERE u.id = a.unit_id AND d.k = m.k AND d.order_no = a.order_no AND a.closed_at IS NULL;
UPDATE hotline.work_order o
SET reply_due = (SELECT d FROM hotline.order_reply_due(o.order_no) d)
FROM demo_order d WHERE d.order_no = o.order_no AND d.k IN ('A04', 'A33', 'A36');

SELECT pg_temp.k(v.order_no) AS k, v.order_no, v.unit_name AS unit, v.role, v.state,
       to_char(v.reply_due, 'MM-DD Dy HH24:MI') AS "reply due",
       pg_temp.hm(hotline.working_time('cn', v.reply_due, now())) AS "late (h:mm)",
       v.hastenings, v.publicly_noticed AS "通报"
FROM hotline.overdue v
ORDER BY v.reply_due, v.order_no, v.unit;

\echo
\echo '"late" is working time. The sweep hastens each unit (rule hasten_reply) and'
\echo 'schedules the next hastening one working day later while it stays late.'
\echo
\pset tuples_only on
\pset format unaligned
SELECT pg_temp.said('sweep', hotline.sweep());
\pset format aligned
\pset tuples_only off
\echo
\pset tuples_only on
\pset format unaligned
SELECT * FROM pg_temp.outbox_since(:mark);
\pset format aligned
\pset tuples_only off

-- ---------------------------------------------------------------------------
\echo
\echo '================================================================'
\echo ' 4. The second hastening and the public notice (通报)'
\echo '================================================================'
\echo 'Hastened, three units act the same day: the construction site is checked'
\echo '(城管执法局 and 建国门街道 reply, A04) and 体育馆路街道 replies for its part'
\echo 'of A36. 景山街道 (A33) and 区住建委 (A36) stay silent.'
\echo
\pset tuples_only on
\pset format unaligned
SELECT format('%-4s %-12s %s -> %s', pg_temp.k(d.order_no), v.unit, v.what,
              pg_temp.said(CASE v.what WHEN 'sign_for' THEN hotline.sign_for(d.order_no, v.unit, pg_temp.by(v.unit))
                          ELSE hotline.reply(d.order_no, v.unit, v.result, v.contacted, v.how, pg_temp.by(v.unit)) END))
FROM (VALUES
    (1, 'A04', 'dc-cgzf',    'reply',    '夜间检查属实，已对施工单位立案处罚，责令22时后停止施工，渣土车改为白天运输', true, '电话'),
    (2, 'A04', 'dc-jd-jgm',  'reply',    '已配合执法局夜间巡查，安排专人盯守工地', false, NULL),
    (3, 'A36', 'dc-jd-tygl', 'sign_for', NULL, NULL, NULL),
    (4, 'A36', 'dc-jd-tygl', 'reply',    '已配合核查，楼道墙面裂缝和下水管道堵塞情况属实，已报区住建委', false, NULL)
) v(n, k, unit, what, result, contacted, how)
JOIN demo_order d USING (k)
ORDER BY v.n;
\pset format aligned
\pset tuples_only off

\echo
\echo 'One working day later (simulated: the hastening alarms, due at'
\echo 'deadline(now, 1 working day), are moved to now). The sweep retires the'
\echo 'alarms of the units that replied, hastens the others a second time and,'
\echo 'hastened twice and still not done (notice_after 2, R-5.4), issues a'
\echo 'public notice (通报) and puts the order under supervision (督办, R-5.2).'
\echo

SELECT max(id) AS mark FROM hotline.outbox \gset
UPDATE hotline.alarm SET fire_at = now()
WHERE rule = 'hasten_reply' AND fired = 1 AND fire_at IS NOT NULL;

\pset tuples_only on
\pset format unaligned
SELECT pg_temp.said('sweep', hotline.sweep());
\pset format aligned
\pset tuples_only off
\echo
\pset tuples_only on
\pset format unaligned
SELECT * FROM pg_temp.outbox_since(:mark);
\pset format aligned
\pset tuples_only off

\echo
\echo 'Public notices (hotline.public_notice, part of the units'' assessment):'
\echo
SELECT n.id, pg_temp.k(n.order_no) AS k, u.name AS unit, n.hastenings,
       to_char(n.issued_at, 'MM-DD HH24:MI') AS issued, n.text
FROM hotline.public_notice n LEFT JOIN hotline.unit u ON u.id = n.unit_id
ORDER BY n.id;

\echo
\echo 'hotline.overdue now:'
\echo
SELECT pg_temp.k(v.order_no) AS k, v.order_no, v.unit_name AS unit, v.state,
       pg_temp.hm(hotline.working_time('cn', v.reply_due, now())) AS "late (h:mm)",
       v.hastenings, to_char(v.last_hastened_at, 'MM-DD HH24:MI') AS "last hastened",
       v.publicly_noticed AS "通报"
FROM hotline.overdue v
ORDER BY v.reply_due, v.order_no, v.unit;

-- ---------------------------------------------------------------------------
\echo
\echo '================================================================'
\echo ' 5. An emergency (突发事件, R-2.3)'
\echo '================================================================'
\echo 'A teacher calls: pupils fell ill after lunch at school. The agent accepts'
\echo 'it as a public-health emergency (emergency => ''public_health''); the rule'
\echo 'emergency puts it under supervision at once, records the report and tells'
\echo 'the emergency department and the duty office (without the caller''s name'
\echo 'or number, R-11.1).'
\echo

SELECT max(id) AS mark FROM hotline.outbox \gset
INSERT INTO demo_order (k, order_no)
SELECT 'E1', hotline.accept(
    region => '110101', appeal_type => 'help', channel => 'phone',
    description => '和平里某小学多名学生中午在学校食堂就餐后陆续出现呕吐、腹痛、发热症状，已有12名学生被送往医院，家长聚集在校门口',
    citizen_phone => '138 1122 3344', citizen_name => '郭老师', topic => 'scjg-spaq', urgency => 'very_urgent',
    address => '和平里某小学', demand => '立即查明原因，救治学生，封存食堂留样',
    emergency => 'public_health', actor => '话务员 刘婷');

\pset tuples_only on
\pset format unaligned
SELECT format('E1 %s accepted (受理) as %s, %s: %s', o.order_no, o.emergency_kind, o.urgency, o.state)
FROM hotline.work_order o JOIN demo_order d USING (order_no) WHERE d.k = 'E1';
\pset format aligned
\pset tuples_only off
\echo
\echo 'Its history (hotline.order_event): acceptance, supervision, report:'
\echo
SELECT row_number() OVER (ORDER BY e.id) AS "#", e.actor, e.action,
       coalesce(e.reason,
                CASE e.action WHEN 'emergency_report'
                     THEN 'kind ' || (e.payload ->> 'emergency_kind') || ', to '
                          || (SELECT string_agg(x, ', ') FROM jsonb_array_elements_text(e.payload -> 'recipients') x)
                     ELSE '' END) AS "what"
FROM hotline.order_event e JOIN demo_order d USING (order_no)
WHERE d.k = 'E1'
ORDER BY e.id;
\echo
\pset tuples_only on
\pset format unaligned
SELECT * FROM pg_temp.outbox_since(:mark);
\pset format aligned
\pset tuples_only off

\echo
\echo 'An emergency is very urgent, and its limits are clock time, around the'
\echo 'clock (workflow_limit rows of urgency very_urgent): dispatched within 30'
\echo 'minutes, signed for within 1 hour, replied within 4 hours, whatever the'
\echo 'hour or the day. A normal order has 2 working days to be dispatched.'
\echo
\pset tuples_only on
\pset format unaligned
SELECT format('E1 dispatch due %s (limit %s, from %s)', to_char(o.dispatch_due, 'MM-DD Dy HH24:MI'),
              o.dispatch_limit, to_char(o.dispatch_from, 'HH24:MI'))
FROM hotline.work_order o JOIN demo_order d USING (order_no) WHERE d.k = 'E1';
\pset format aligned
\pset tuples_only off
\echo
\echo 'The dispatcher sends it at once to 区市场监管局 with 区卫健委 and 区教委'
\echo 'assisting:'
\echo
\pset tuples_only on
\pset format unaligned
SELECT format('E1 dispatch (派单) urgent -> %s',
              hotline.dispatch(order_no, 'dc-scjg', '突发公共卫生事件：请市场监管局立即封存食堂及留样，卫健委组织救治和流调，教委督导学校',
                               'urgent', '{dc-wjw,dc-jw}', actor => '派单员 周敏'))
FROM demo_order WHERE k = 'E1';
SELECT format('E1 %-10s sign for by %s (%s), reply by %s (%s)', u.code,
              to_char(a.sign_due, 'MM-DD Dy HH24:MI'), a.sign_limit, to_char(a.reply_due, 'MM-DD Dy HH24:MI'), a.reply_limit)
FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id JOIN demo_order d USING (order_no)
WHERE d.k = 'E1' ORDER BY a.id;
\pset format aligned
\pset tuples_only off

-- ---------------------------------------------------------------------------
\echo
\echo '================================================================'
\echo ' 5a. A dispatch that is late (派单超期, R-4.1)'
\echo '================================================================'
\echo 'A citizen reports that a pharmacy sells medicines past their date (D1).'
\echo 'The agent accepts it; the hotline itself has 2 working days to dispatch'
\echo 'it (its own KPI, dispatch_due: to 24:00 of the second working day after'
\echo 'the acceptance). Three working days later (simulated: the period started'
\echo 'three working days ago and is counted again from its limit) nobody has'
\echo 'dispatched it. hotline.overdue lists it next to the late units, with no'
\echo 'unit: the hotline itself is late.'
\echo

SELECT max(id) AS mark FROM hotline.outbox \gset
INSERT INTO demo_order (k, order_no)
SELECT 'D1', hotline.accept(
    region => '110101', appeal_type => 'report', channel => 'phone',
    description => '东四北大街某药店货架上有多盒感冒药已过有效期仍在销售，店员称可以打折',
    citizen_phone => '139 1010 2020', citizen_name => '孙先生', topic => 'scjg-spaq',
    address => '东四北大街某药店', demand => '查处销售过期药品行为', actor => '话务员 刘婷');
UPDATE hotline.work_order o
SET dispatch_from = hotline.before_deadline('cn', now(), '3 working days'),
    dispatch_due = hotline.deadline('cn', hotline.before_deadline('cn', now(), '3 working days'), o.dispatch_limit)
FROM demo_order d WHERE d.order_no = o.order_no AND d.k = 'D1';
-- the hastening goes out inside the dispatchers' business hours: made due
-- now, whatever the hour the demo is played at
UPDATE hotline.alarm al SET fire_at = now()
FROM demo_order d WHERE d.order_no = al.order_no AND d.k = 'D1' AND al.rule = 'hasten_dispatch';

SELECT pg_temp.k(v.order_no) AS k, v.order_no, coalesce(v.unit, '(hotline)') AS "who is late", v.state, v.due,
       to_char(v.due_at, 'MM-DD Dy HH24:MI') AS "due at", pg_temp.hm(v.working_overdue_by) AS "late (h:mm)",
       v.hastenings
FROM hotline.overdue v JOIN demo_order d USING (order_no)
WHERE d.k = 'D1';
\echo
\echo 'The sweep hastens the dispatchers (rule hasten_dispatch), with a message'
\echo 'and an event on the order, and again one working day later while it'
\echo 'stays undispatched; messages to people go out inside the recipient''s'
\echo 'business hours (one due at night waits for 09:00; an emergency''s at once).'
\echo
\pset tuples_only on
\pset format unaligned
SELECT pg_temp.said('sweep', hotline.sweep());
SELECT * FROM pg_temp.outbox_since(:mark);
SELECT format('D1 next hastening %s', to_char(al.fire_at, 'MM-DD Dy HH24:MI'))
FROM hotline.alarm al JOIN demo_order d USING (order_no) WHERE d.k = 'D1' AND al.rule = 'hasten_dispatch';
\pset format aligned
\pset tuples_only off
\echo
\echo 'The dispatcher sends it to 区市场监管局. The order is no longer waiting for'
\echo 'dispatch: its next hastening retires silently when it comes due.'
\echo
\pset tuples_only on
\pset format unaligned
SELECT format('D1 dispatch (派单) -> %s',
              hotline.dispatch(order_no, 'dc-scjg', '请区市场监管局核查药店销售过期药品问题，依法查处', 'phone',
                               actor => '派单员 周敏'))
FROM demo_order WHERE k = 'D1';
SELECT format('D1 dispatch_due %s: off the overdue board', coalesce(to_char(o.dispatch_due, 'MM-DD HH24:MI'), 'cleared'))
FROM hotline.work_order o JOIN demo_order d USING (order_no) WHERE d.k = 'D1';
\pset format aligned
\pset tuples_only off

-- ---------------------------------------------------------------------------
\echo
\echo '================================================================'
\echo ' 6. One matter, many people (一事多人, R-2.4)'
\echo '================================================================'
\echo 'In part 3 three callers reported the dark street lamps of 东直门北小街'
\echo '(A22, A23, A24); rule repeat_matter grouped them, and the dispatcher'
\echo 'merged A23 and A24 into A22. Tonight three more people call about the'
\echo 'street, in their own words. Each is compared with the appeals of the same'
\echo 'topic (路灯照明) and district of the last 7 days at the same place: text'
\echo 'similarity of character pairs (hotline.text_similarity) of at least 0.1.'
\echo

SELECT max(id) AS mark FROM hotline.outbox \gset
\pset tuples_only on
\pset format unaligned
WITH calls (k, phone, caller, channel, address, description, demand) AS (VALUES
    ('L1', '135 0101 8866', '刘女士', 'phone', '东直门北小街中段',
     '晚上东直门北小街黑漆漆的，路灯全都灭了，老人晚上出门遛弯都不敢走', '尽快把路灯修好'),
    ('L2', '139 1188 2266', '许先生', 'app', '东直门北小街',
     '每天下班骑车经过东直门北小街，整条街路灯都不亮，差点撞上行人', '修复路灯'),
    ('L3', '186 1234 9090', '唐先生', 'phone', '东直门北小街',
     '东直门北小街一根路灯杆被车撞歪，斜向人行道，随时可能倒下', '尽快扶正或拆除，设置警示')
), intake AS (
    INSERT INTO demo_order (k, order_no)
    SELECT c.k, hotline.accept(region => '110101', appeal_type => 'help', channel => c.channel::hotline.channel,
                               description => c.description, citizen_phone => c.phone, citizen_name => c.caller,
                               topic => 'csgl-ldzm', address => c.address, demand => c.demand,
                               actor => '话务员 马骏')
    FROM calls c ORDER BY c.k
    RETURNING k, order_no
)
SELECT 'accepted: ' || string_agg(k || ' ' || order_no, ', ' ORDER BY k) FROM intake;
\pset format aligned
\pset tuples_only off
\echo
\echo 'What the rule made of them (similarity: to the closest order of the group):'
\echo
SELECT d.k, d.order_no, left(o.description, 26) || '…' AS description,
       coalesce('group ' || m.group_id || ' (' || g.kind || ')', 'no group: another matter') AS "repeat group",
       round(m.similarity::numeric, 3) AS similarity
FROM demo_order d
JOIN hotline.work_order o USING (order_no)
LEFT JOIN hotline.repeat_member m ON m.order_no = d.order_no
LEFT JOIN hotline.repeat_group g ON g.id = m.group_id AND g.kind = 'one_matter'
WHERE d.k IN ('A22', 'A23', 'A24', 'L1', 'L2', 'L3')
ORDER BY d.order_no;
\echo
\echo 'The group reached 5 orders (supervise_at 5): its carrier A22, the earliest'
\echo 'open order, is put under supervision. The dispatchers were told of each'
\echo 'join:'
\echo
\pset tuples_only on
\pset format unaligned
SELECT * FROM pg_temp.outbox_since(:mark);
\pset format aligned
\pset tuples_only off

-- ---------------------------------------------------------------------------
\echo
\echo '================================================================'
\echo ' 7. One person, many times (一人多次, R-2.4)'
\echo '================================================================'
\echo '王女士 of 和平里七区 had her cold radiators fixed in part 3 (A01, closed'
\echo 'and archived). That evening the flat is cold again and she calls again;'
\echo 'the next morning (simulated: at once) she calls a third time. Rule'
\echo 'repeat_person groups the same citizen on the same topic (供热) within 30'
\echo 'days; at 3 orders the group''s carrier, its earliest open order, is'
\echo 'supervised.'
\echo

SELECT max(id) AS mark FROM hotline.outbox \gset
\pset tuples_only on
\pset format unaligned
WITH calls (k, channel, description, demand) AS (VALUES
    ('W1', 'phone', '暖气修好没两天又不热了，室温又降到15℃，家中86岁老人已经感冒', '彻底排查，不要反复'),
    ('W2', 'wechat', '第三次反映暖气不热：热力公司说要等管网调试，一直没有结果，室温只有14℃', '给个明确的修复时间')
), intake AS (
    INSERT INTO demo_order (k, order_no)
    SELECT c.k, hotline.accept(region => '110101', appeal_type => 'complaint', channel => c.channel::hotline.channel,
                               description => c.description, citizen_phone => '139 1001 2345', citizen_name => '王女士',
                               topic => 'cxjs-gr', urgency => 'urgent', address => '和平里七区12号楼3单元',
                               demand => c.demand, actor => '话务员 张丽')
    FROM calls c ORDER BY c.k
    RETURNING k, order_no
)
SELECT 'accepted: ' || string_agg(k || ' ' || order_no, ', ' ORDER BY k) FROM intake;
\pset format aligned
\pset tuples_only off
\echo
\pset tuples_only on
\pset format unaligned
SELECT * FROM pg_temp.outbox_since(:mark);
\pset format aligned
\pset tuples_only off

\echo
\echo 'The repeat groups (hotline.repeat_group, hotline.repeat_member):'
\echo
SELECT g.id AS "group", g.kind, t.name AS topic,
       coalesce(c.name, '-') AS citizen, count(*) AS orders, g.supervised,
       string_agg(pg_temp.k(m.order_no) || ' ' || o.state, ', ' ORDER BY m.order_no) AS "members (state)"
FROM hotline.repeat_group g
JOIN hotline.repeat_member m ON m.group_id = g.id
JOIN hotline.work_order o ON o.order_no = m.order_no
JOIN hotline.topic t ON t.id = g.topic_id
LEFT JOIN hotline.citizen c ON c.id = g.citizen_id
GROUP BY g.id, g.kind, t.name, c.name, g.supervised
ORDER BY g.id;

-- ---------------------------------------------------------------------------
\echo
\echo '================================================================'
\echo ' 8. Merging (并案) what the groups offer'
\echo '================================================================'
\echo 'hotline.merge_candidate: per group, the open orders that may be merged'
\echo 'into the group''s carrier.'
\echo
SELECT c.group_id AS "group", c.kind, pg_temp.k(c.order_no) AS k, c.order_no,
       '→ ' || pg_temp.k(c.carrier) AS carrier, c.state,
       round(c.similarity::numeric, 3) AS similarity, left(c.description, 22) || '…' AS description
FROM hotline.merge_candidate c
ORDER BY c.group_id, c.accepted_at, c.order_no;

\echo
\echo 'The dispatcher merges them all, as the view suggests, and dispatches what'
\echo 'is left: W1 to the heating company, the bent lamp post (L3, a matter of'
\echo 'its own) to 区城管委.'
\echo
\pset tuples_only on
\pset format unaligned
SELECT format('%s merge (并案) into %s -> %s', pg_temp.k(c.order_no), pg_temp.k(c.carrier),
              hotline.merge(c.order_no, c.carrier, actor => '派单员 周敏'))
FROM (SELECT * FROM hotline.merge_candidate ORDER BY group_id, accepted_at, order_no) c;
SELECT format('%s dispatch (派单) -> %s', d.k,
              hotline.dispatch(d.order_no, v.lead, v.opinion, v.mode, actor => '派单员 周敏'))
FROM (VALUES
    ('W1', 'bj-rl',  'phone',   '同一市民三次反映暖气不热（已并案），家有高龄老人，请热力集团彻底排查并明确修复时间'),
    ('L3', 'dc-cgw', 'written', '路灯杆被撞歪有倒伏危险，请区城管委尽快处置并设置警示')
) v(k, lead, mode, opinion)
JOIN demo_order d USING (k)
ORDER BY d.k;
\pset format aligned
\pset tuples_only off
\echo
SELECT count(*) AS "merge candidates left" FROM hotline.merge_candidate;

-- ---------------------------------------------------------------------------
\echo
\echo '================================================================'
\echo ' 9. The supervision board (督办台)'
\echo '================================================================'
\echo 'hotline.supervision_board: the open supervisions, emergencies first, then'
\echo 'the oldest. Besides this part''s, part 3''s review and callback opened three'
\echo '(bad handling, 办理不力: an order sent back for redo, a dissatisfied'
\echo 'citizen). "unit" is the supervised unit, as it was when the supervision'
\echo 'was opened.'
\echo
SELECT b.supervision_id AS id, pg_temp.k(b.order_no) AS k, b.order_no, b.order_state AS "order",
       pg_temp.reason(b.reason) AS reason, coalesce(b.unit_name, '-') AS unit,
       b.records, left(b.last_record, 26) AS "last record"
FROM hotline.supervision_board b;

\echo
\echo 'The supervisors (督办科) work the board:'
\echo '  - the emergency: the duty officer takes charge and records the calls;'
\echo '  - the public notice on 景山街道 (A33): a phone call, the sub-district'
\echo '    signs for and replies, the supervision is closed with its result;'
\echo '  - the sent-back order of part 3 (A03) was redone, called back and'
\echo '    archived since: its supervision is closed (销号).'
\echo
\pset tuples_only on
\pset format unaligned
SELECT format('E1  open_supervision (person in charge, method): supervision %s',
              hotline.open_supervision(order_no, 'emergency', person_in_charge => '总值班室 刘主任', method => 'phone',
                                       actor => '督办科 王科长'))
FROM demo_order WHERE k = 'E1';
SELECT format('E1  record_supervision: record %s',
              hotline.record_supervision(s.id, '已电话报告区应急管理局和区政府总值班室；市场监管、卫健人员已到校，12名学生在医院观察，病情平稳',
                                         method => 'phone', actor => '总值班室 刘主任'))
FROM hotline.supervision s JOIN demo_order d USING (order_no) WHERE d.k = 'E1' AND s.closed_at IS NULL;
SELECT format('A33 record_supervision: record %s',
              hotline.record_supervision(s.id, '电话督促景山街道主管副主任：当日签收，会同交通支队核查废旧车辆，明日上午前答复',
                                         method => 'phone', actor => '督办科 王科长'))
FROM hotline.supervision s JOIN demo_order d USING (order_no) WHERE d.k = 'A33' AND s.reason = 'notice' AND s.closed_at IS NULL;
SELECT format('A33 sign_for by 景山街道 -> %s', pg_temp.said(hotline.sign_for(order_no, 'dc-jd-js', pg_temp.by('dc-jd-js'))))
FROM demo_order WHERE k = 'A33';
SELECT format('A33 reply by 景山街道 -> %s',
              pg_temp.said(hotline.reply(order_no, 'dc-jd-js', '已会同交通支队将两辆废旧汽车拖移至停车场，胡同消防通道已畅通；已向来电人致歉', true, '电话',
                            pg_temp.by('dc-jd-js'))))
FROM demo_order WHERE k = 'A33';
SELECT format('A33 close_supervision %s: closed with its result', s.id)
FROM hotline.supervision s JOIN demo_order d USING (order_no)
CROSS JOIN LATERAL (SELECT hotline.close_supervision(s.id, '街道已答复，废旧车辆已清走，消防通道畅通；超期情况纳入街道月度考核',
                                                     actor => '督办科 王科长')) c
WHERE d.k = 'A33' AND s.reason = 'notice' AND s.closed_at IS NULL;
SELECT format('A03 close_supervision %s: closed with its result', s.id)
FROM hotline.supervision s JOIN demo_order d USING (order_no)
CROSS JOIN LATERAL (SELECT hotline.close_supervision(s.id, '已重办，违建已拆除，回访满意并归档，督办销号',
                                                     actor => '督办科 王科长')) c
WHERE d.k = 'A03' AND s.closed_at IS NULL;
\pset format aligned
\pset tuples_only off

\echo
\echo 'The board afterwards, with the person in charge and the last note:'
\echo
SELECT b.supervision_id AS id, pg_temp.k(b.order_no) AS k, pg_temp.reason(b.reason) AS reason,
       coalesce(b.person_in_charge, '-') AS "in charge", coalesce(b.method, '-') AS method,
       pg_temp.hm(b.age) AS "age (h:mm)", b.records, left(b.last_record, 30) AS "last record"
FROM hotline.supervision_board b;

\echo
\echo 'A33 from its first hastening on (hotline.order_event): the record of what'
\echo 'the hotline did to get it done.'
\echo
SELECT row_number() OVER (ORDER BY e.id) AS "#", e.actor, e.action,
       left(coalesce(e.reason, e.payload ->> 'result',
                     CASE WHEN e.action IN ('hasten', 'public_notice')
                          THEN 'n ' || coalesce(e.payload ->> 'n', e.payload ->> 'hastenings') END, ''), 40) AS "note / result"
FROM hotline.order_event e JOIN demo_order d USING (order_no)
WHERE d.k = 'A33'
  AND e.id >= (SELECT min(x.id) FROM hotline.order_event x WHERE x.order_no = d.order_no AND x.action = 'hasten')
ORDER BY e.id;

-- ---------------------------------------------------------------------------
\echo
\echo '================================================================'
\echo '10. Callback sampling (回访抽样, R-7.1)'
\echo '================================================================'
\echo 'The reviewer accepts the replies that came in (审核). Reviewed orders wait'
\echo 'for a callback; the job sample_callbacks decides for each whether it is'
\echo 'called back (callback_sample_point(order_no) < share, a hash: the same'
\echo 'order is decided the same way on every run) or closed at once. The demo'
\echo 'calls back half (share => 0.5; the default hotline.callback_share is 1).'
\echo
\pset tuples_only on
\pset format unaligned
SELECT format('%s review (审核) accepted -> %s', d.k, hotline.review(d.order_no, true, actor => '审核员 陈静'))
FROM demo_order d JOIN hotline.work_order o USING (order_no)
WHERE o.state = 'replied'
ORDER BY d.k;
\pset format aligned
\pset tuples_only off
\echo
CREATE TEMP TABLE demo_waiting AS
SELECT o.order_no FROM hotline.work_order o WHERE o.state = 'reviewed' AND o.callback_sampled IS NULL;
SELECT max(id) AS mark FROM hotline.outbox \gset
\pset tuples_only on
\pset format unaligned
SELECT pg_temp.said('sample_callbacks', hotline.sample_callbacks(share => 0.5));
SELECT pg_temp.said('sample_callbacks', hotline.sample_callbacks(share => 0.5));
\pset format aligned
\pset tuples_only off
\echo
SELECT pg_temp.k(o.order_no) AS k, o.order_no,
       round(hotline.callback_sample_point(o.order_no)::numeric, 3) AS "sample point",
       CASE WHEN o.callback_sampled THEN 'called back (回访)' ELSE 'closed (办结)' END AS decision,
       o.state, to_char(o.callback_due, 'MM-DD Dy HH24:MI') AS "callback due",
       left(o.description, 20) || '…' AS matter
FROM hotline.work_order o JOIN demo_waiting w USING (order_no)
ORDER BY o.order_no;
\echo
\pset tuples_only on
\pset format unaligned
SELECT * FROM pg_temp.outbox_since(:mark);
\pset format aligned
\pset tuples_only off

-- ---------------------------------------------------------------------------
\echo
\echo '================================================================'
\echo '11. Archiving (归档, R-8.1)'
\echo '================================================================'
\echo 'The nightly job archives orders closed (办结) or answered on the spot'
\echo '(直接办理) longer than hotline.archive_after (7 days) ago. Tonight it finds'
\echo 'none: everything closed today. Run as if a week had passed (after =>'
\echo '''0 days''), it files them all; terminated, merged and not accepted orders'
\echo 'are never archived.'
\echo
\pset tuples_only on
\pset format unaligned
SELECT pg_temp.said('archive_closed', hotline.archive_closed());
SELECT pg_temp.said('archive_closed', hotline.archive_closed(after => '0 days'));
\pset format aligned
\pset tuples_only off
\echo
SELECT o.state, count(*) AS orders,
       string_agg(pg_temp.k(o.order_no), ' ' ORDER BY o.order_no) AS k
FROM hotline.work_order o
WHERE o.closed_at IS NOT NULL
GROUP BY o.state
ORDER BY o.state;

-- ---------------------------------------------------------------------------
\echo
\echo '================================================================'
\echo '12. Job status (hotline.job_status) and pg_cron'
\echo '================================================================'
\echo 'Every run above recorded what it did (hotline.job_run). Then the DBA'
\echo 'schedules the jobs in pg_cron (hotline.schedule_jobs(), default schedules;'
\echo 'pg_cron 1.4 runs in GMT: archive at 18:30 GMT is 02:30 Beijing time).'
\echo 'From then on pg_cron runs them: the sweep every minute sends the sign-for'
\echo 'reminders of E1 and hastens the late units again each working day.'
\echo
SELECT job, action, schedule, cron_job_name
FROM hotline.schedule_jobs()
ORDER BY job;
\echo
SELECT j.job, j.schedule, j.active,
       to_char(j.last_started, 'HH24:MI:SS') AS "last run",
       (SELECT count(*) FROM hotline.job_run r WHERE r.job = j.job) AS runs,
       coalesce(left(j.last_result::text, 70), '-') AS "last result"
FROM hotline.job_status j
ORDER BY j.job;

\echo
\pset tuples_only on
\pset format unaligned
SELECT CASE WHEN EXISTS (SELECT FROM pg_stat_activity WHERE backend_type = 'pg_cron launcher')
            THEN 'pg_cron''s scheduler is running: the first sweep comes within a minute.'
            ELSE 'pg_cron''s scheduler is NOT running in this cluster, so nothing runs yet: it stops when'
                 || E'\n' || 'test/demo.sh drops and re-creates database hotline under it and does not'
                 || E'\n' || 'come back by itself. Restart the server (pg_ctl -D .demo/data restart, as'
                 || E'\n' || 'its owner) and pg_cron runs the jobs.' END;
\pset format aligned
\pset tuples_only off
\echo
\echo 'The outbox (hotline.outbox_status): what waits for the SMS gateway and'
\echo 'the dashboards (no gateway runs in this demo).'
\echo
SELECT channel, state, messages, waiting
FROM hotline.outbox_status
ORDER BY channel, state;
