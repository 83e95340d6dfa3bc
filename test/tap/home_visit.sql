-- The home-visit plugin (上门服务, issue 13, R-13, R-14.2): every
-- transition of workflows/home_visit/ and every refusal, by the roles that
-- do them (the engine decides from the database roles, a unit's staff act
-- for their own unit), the appointment's rules (business hours of working
-- days, qualified staff, never two visits at once, 回避), the invitations
-- in the outbox read back with libical, the calendar replies, the feed, and
-- a complaint about a visit as a 12345 order.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(134);

-- the service centre, a second unit, their staff and the centre's agent
INSERT INTO hotline.unit (code, name, region) VALUES
    ('hv-zwfw', '东城区政务服务中心', '110101'), ('hv-rsj', '东城区人力社保局', '110101');
INSERT INTO hotline.visit_unit (unit_id, email, phone)
    SELECT id, 'smfw@dc.gov.example', '010-64000000' FROM hotline.unit WHERE code = 'hv-zwfw';
CREATE ROLE hv_agent NOLOGIN IN ROLE hotline_agent;
CREATE ROLE hv_agent2 NOLOGIN IN ROLE hotline_agent;
CREATE ROLE hv_wang NOLOGIN IN ROLE hotline_unit;
CREATE ROLE hv_zhao NOLOGIN IN ROLE hotline_unit;
CREATE ROLE hv_liu NOLOGIN IN ROLE hotline_unit;
CREATE ROLE hv_sun NOLOGIN IN ROLE hotline_unit;
CREATE ROLE hv_gw NOLOGIN IN ROLE hotline_gateway;
INSERT INTO hotline.staff (login, name, unit_id)
    SELECT 'hv_wang', '王芳', id FROM hotline.unit WHERE code = 'hv-zwfw'
    UNION ALL SELECT 'hv_zhao', '赵磊', id FROM hotline.unit WHERE code = 'hv-zwfw'
    UNION ALL SELECT 'hv_liu', '刘洋', id FROM hotline.unit WHERE code = 'hv-zwfw'
    UNION ALL SELECT 'hv_sun', '孙敏', id FROM hotline.unit WHERE code = 'hv-rsj';
INSERT INTO hotline.visit_staff (staff_id, email)
    SELECT id, substr(login, 4) || '@dc.gov.example' FROM hotline.staff WHERE login IN ('hv_wang', 'hv_zhao', 'hv_liu', 'hv_sun');
-- 王芳 and 刘洋 handle residence permits; 赵磊 is a certified disability
-- assessor whose certificate ran out long ago
INSERT INTO hotline.visit_staff_qualification (staff_id, qualification)
    SELECT id, 'household' FROM hotline.staff WHERE login IN ('hv_wang', 'hv_liu', 'hv_sun');
INSERT INTO hotline.visit_staff_qualification (staff_id, qualification, certificate_no, valid_until)
    SELECT id, 'disability_assessment', '京残评2019-0117', '2020-12-31' FROM hotline.staff WHERE login = 'hv_zhao';

-- times: the second working day from now, the first rest day after it, in Beijing
CREATE TEMP TABLE t AS
SELECT d, (SELECT x::date FROM generate_series(d, d + 30, '1 day') x WHERE NOT hotline.is_working_day('cn', x::date) LIMIT 1) AS rest
FROM (SELECT ((hotline.deadline('cn', now(), '2 working days') - interval '1 second') AT TIME ZONE 'Asia/Shanghai')::date AS d) x;
CREATE FUNCTION pg_temp.at(day date, clock text) RETURNS timestamptz LANGUAGE sql AS
    $$ SELECT (day + clock::time) AT TIME ZONE 'Asia/Shanghai' $$;
GRANT SELECT ON t TO PUBLIC;

-- a citizen calls 12345 and cannot come: the call leads to a home visit
CREATE TEMP TABLE o (k text PRIMARY KEY, no hotline.order_no);
GRANT SELECT, INSERT ON o TO PUBLIC;
INSERT INTO o SELECT 'call', hotline.accept('110101', 'help', 'phone', '老人瘫痪在床，居住证到期无法到窗口续签',
                                           citizen_phone => '13911112222', citizen_name => '李建国');

SET LOCAL ROLE hv_agent;
INSERT INTO o SELECT 'visit', hotline.apply_home_visit('110101', 'hv-zwfw', 'illness_disability',
    '北京市残疾人证（一级肢体）', '为瘫痪在床的老人办理居住证续签', '东城区和平里七区12号楼3单元401',
    citizen_phone => '13911112222', citizen_name => '李建国', citizen_email => 'li.daye@example.com',
    qualifications => '{household}', source_order => (SELECT no FROM o WHERE k = 'call'));
RESET ROLE;
SELECT is((SELECT ROW(w.workflow, w.state, w.appeal_type, w.accepted_by)::text FROM hotline.work_order w JOIN o ON o.no = w.order_no WHERE o.k = 'visit'),
          ROW('home_visit', 'applied', 'help', 'hv_agent')::text, 'apply: a home visit of the agent''s, applied');
SELECT is((SELECT ROW(a.role, a.state, u.code)::text FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id JOIN o ON o.no = a.order_no WHERE o.k = 'visit'),
          ROW('service', 'applied', 'hv-zwfw')::text, 'with the service unit, which replies');
SELECT is((SELECT a.sign_due FROM hotline.assignment a JOIN o ON o.no = a.order_no WHERE o.k = 'visit'),
          (SELECT hotline.deadline('cn', w.accepted_at, '2 working days') FROM hotline.work_order w JOIN o ON o.no = w.order_no WHERE o.k = 'visit'),
          'its reply to the application is due in 2 working days (limit review)');
SELECT is((SELECT a.reply_due FROM hotline.assignment a JOIN o ON o.no = a.order_no WHERE o.k = 'visit'),
          (SELECT hotline.deadline('cn', w.accepted_at, '10 working days') FROM hotline.work_order w JOIN o ON o.no = w.order_no WHERE o.k = 'visit'),
          'the visit in 10 working days (limit visit)');
SELECT is((SELECT ROW(h.ground, h.qualifications, h.citizen_email, h.place)::text FROM hotline.home_visit h JOIN o ON o.no = h.order_no WHERE o.k = 'visit'),
          ROW('illness_disability', '{household}'::text[], 'li.daye@example.com', '东城区和平里七区12号楼3单元401')::text,
          'the application: its ground (R-13.1), the qualifications the matter needs, the address');
SELECT is((SELECT count(*)::int FROM hotline.alarm a JOIN o ON o.no = a.order_no WHERE o.k = 'visit' AND a.rule IN ('remind_review', 'hasten_review', 'remind_visit', 'hasten_visit')),
          4, 'the sweep watches the reply and the visit (alarms of the workflow''s time rules)');
SELECT is((SELECT ARRAY[l.kind, l.order_workflow] FROM hotline.home_visit_links l JOIN o ON o.no = l.visit_no WHERE o.k = 'visit'),
          '{source,appeal_12345}', 'linked to the 12345 call it arose from');
SELECT is((SELECT l.visit_no FROM hotline.home_visit_links l JOIN o ON o.no = l.order_no WHERE o.k = 'call'),
          (SELECT no FROM o WHERE k = 'visit'), 'and the call finds the visit it led to');

-- refusals of an application: nothing is written
CREATE TEMP TABLE n0 AS SELECT count(*) AS n FROM hotline.work_order;
SET LOCAL ROLE hv_agent;
SELECT throws_ok($$SELECT hotline.apply_home_visit('110101', 'hv-zwfw', 'lazy', '无', '代办', '和平里')$$,
                 '22023', 'invalid ground: lazy', 'a ground that is not one of R-13.1''s');
SELECT throws_ok($$SELECT hotline.apply_home_visit('110101', 'hv-zwfw', 'difficulty', NULL, '代办', '和平里')$$,
                 '22023', NULL, 'no evidence');
SELECT throws_ok($$SELECT hotline.apply_home_visit('110101', 'hv-rsj', 'difficulty', '行动不便', '代办', '和平里')$$,
                 '22023', 'unit "hv-rsj" makes no home visits', 'a unit that makes no visits');
SELECT throws_ok($$SELECT hotline.apply_home_visit('110101', 'hv-zwfw', 'difficulty', '行动不便', '代办', '和平里', qualifications => '{astrology}')$$,
                 '22023', 'unknown qualification: astrology', 'a qualification no one has heard of');
SELECT throws_ok($$SELECT hotline.apply_home_visit('110101', 'hv-zwfw', 'difficulty', '行动不便', '代办', '和平里', citizen_email => '李 <li@x>')$$,
                 '22023', NULL, 'an address that is not plain');
SELECT throws_ok($$SELECT hotline.apply_home_visit('110101', 'hv-zwfw', 'difficulty', '行动不便', '代办', '和平里', source_order => '110101-20200101-000001')$$,
                 '22023', NULL, 'a source order that does not exist');
SELECT throws_ok($$SELECT hotline.open_order('home_visit', 'apply', 'x', 'agent', '{"region": "110101", "appeal_type": "help",
                     "channel": "phone", "description": "代办", "address": "和平里", "confidential": true, "ground": "difficulty",
                     "evidence": "行动不便", "service_unit": "hv-zwfw"}')$$,
                 '22023', 'a home visit cannot be confidential', 'a confidential application (是否保密: the unit must come to the door)');
SELECT throws_ok($$SELECT hotline.apply_home_visit('110101', 'hv-zwfw', 'difficulty', '行动不便', '代办', repeat('路', 501))$$,
                 '22023', NULL, 'an address over 500 characters');
SELECT throws_ok($$SELECT hotline.apply_home_visit('110101', 'hv-zwfw', 'difficulty', '行动不便', '代办', E'和平里\n七区')$$,
                 '22023', NULL, 'an address of two lines');
SELECT throws_ok($$SELECT hotline.apply_home_visit('110101', 'hv-zwfw', 'difficulty', repeat('证', 2001), '代办', '和平里')$$,
                 '22023', NULL, 'evidence over 2,000 characters');
SELECT throws_ok($$SELECT hotline.apply_home_visit('110101', 'hv-zwfw', 'difficulty', E'行动不便\x07', '代办', '和平里')$$,
                 '22023', NULL, 'evidence with a control character');
SELECT throws_ok($$SELECT hotline.apply_home_visit('110101', 'hv-zwfw', 'difficulty', '行动不便', '代办', '和平里',
                                                   qualifications => array_fill('household'::text, ARRAY[11]))$$,
                 '22023', NULL, 'more than 10 qualifications');
RESET ROLE;
SET LOCAL ROLE hv_wang;
SELECT throws_ok($$SELECT hotline.apply_home_visit('110101', 'hv-zwfw', 'difficulty', '行动不便', '代办', '和平里')$$,
                 '42501', NULL, 'a unit''s clerk does not register applications (the centre does)');
RESET ROLE;
SELECT is((SELECT count(*) FROM hotline.work_order), (SELECT n FROM n0), 'no refused application left an order');

-- a second and a third application, for the booking rules
SET LOCAL ROLE hv_agent;
INSERT INTO o SELECT 'second', hotline.apply_home_visit('110101', 'hv-zwfw', 'urgent_matter', '招商引资项目，企业负责人在外地',
    '新注册企业办理开办登记', '东城区东直门外大街甲1号', citizen_phone => '13800001111', qualifications => '{household}');
INSERT INTO o SELECT 'third', hotline.apply_home_visit('110101', 'hv-zwfw', 'group', '养老院12位老人集中办理',
    '养老院集中办理社保认证', '东城区安定门东大街28号', citizen_phone => '13800002222');
INSERT INTO o SELECT 'refused', hotline.apply_home_visit('110101', 'hv-zwfw', 'difficulty', '工作忙没时间',
    '办理护照', '东城区北新桥', citizen_phone => '13800003333');
RESET ROLE;

-- the unit's reply: only its own staff, only from applied
SET LOCAL ROLE hv_sun;
SELECT throws_ok($$SELECT hotline.approve_visit((SELECT no FROM o WHERE k = 'visit'))$$, 'P0002', NULL,
                 'another unit''s staff do not reply for the service unit: the visit is not theirs to see');
RESET ROLE;
SET LOCAL ROLE hv_agent;
SELECT throws_ok($$SELECT hotline.approve_visit((SELECT no FROM o WHERE k = 'visit'))$$, '42501', NULL,
                 'nor does the centre''s agent');
RESET ROLE;
SET LOCAL ROLE hv_wang;
SELECT throws_ok($$SELECT hotline.refuse_visit((SELECT no FROM o WHERE k = 'refused'), NULL)$$, '22023', NULL,
                 'a refusal needs its reason');
SELECT is((hotline.refuse_visit((SELECT no FROM o WHERE k = 'refused'), '不属于上门服务范围：可网上办理')).order_state, 'refused',
          'refuse: not eligible, with the reason');
SELECT is((hotline.approve_visit((SELECT no FROM o WHERE k = 'visit'))).order_state, 'approved', 'approve');
SELECT throws_ok($$SELECT hotline.approve_visit((SELECT no FROM o WHERE k = 'visit'))$$, '55000', NULL, 'not twice');
SELECT throws_ok($$SELECT hotline.record_visit((SELECT no FROM o WHERE k = 'visit'), (SELECT pg_temp.at(d, '14:05') FROM t), '已上门', true, '{}')$$, '55000', NULL,
                 'no visit recorded before it is booked');
SELECT is((hotline.approve_visit((SELECT no FROM o WHERE k = 'second'))).order_state, 'approved', 'approve the second');
SELECT is((hotline.approve_visit((SELECT no FROM o WHERE k = 'third'))).order_state, 'approved', 'and the third');
RESET ROLE;
SELECT is((SELECT ROW(w.state, w.closed_at IS NOT NULL, a.state, a.closed_at IS NOT NULL)::text
           FROM hotline.work_order w JOIN hotline.assignment a ON a.order_no = w.order_no JOIN o ON o.no = w.order_no WHERE o.k = 'refused'),
          ROW('refused', true, 'refused', true)::text, 'a refused application is closed, with its assignment');

-- the appointment's rules
SET LOCAL ROLE hv_wang;
SELECT throws_ok($$SELECT hotline.book_visit((SELECT no FROM o WHERE k = 'visit'), pg_temp.at(d, '08:00'), pg_temp.at(d, '09:00'), '{hv_wang}') FROM t$$,
                 '22023', NULL, 'not before the unit opens (business hours 09:00-12:00, 13:30-17:30)');
SELECT throws_ok($$SELECT hotline.book_visit((SELECT no FROM o WHERE k = 'visit'), pg_temp.at(d, '11:30'), pg_temp.at(d, '14:00'), '{hv_wang}') FROM t$$,
                 '22023', NULL, 'not across the lunch break');
SELECT throws_ok($$SELECT hotline.book_visit((SELECT no FROM o WHERE k = 'visit'), pg_temp.at(rest, '09:00'), pg_temp.at(rest, '10:00'), '{hv_wang}') FROM t$$,
                 '22023', NULL, 'not on a rest day of the unit''s calendar');
SELECT throws_ok($$SELECT hotline.book_visit((SELECT no FROM o WHERE k = 'visit'), now() - interval '1 day', now() - interval '23 hours', '{hv_wang}')$$,
                 '22023', NULL, 'not in the past');
SELECT throws_ok($$SELECT hotline.book_visit((SELECT no FROM o WHERE k = 'visit'), pg_temp.at(d, '10:00'), pg_temp.at(d, '09:00'), '{hv_wang}') FROM t$$,
                 '22023', NULL, 'not ending before it starts');
SELECT throws_ok($$SELECT hotline.book_visit((SELECT no FROM o WHERE k = 'visit'), pg_temp.at(d, '09:00'), pg_temp.at(d, '10:00'), '{hv_zhao}') FROM t$$,
                 '22023', 'staff "hv_zhao" is not qualified for order ' || (SELECT no FROM o WHERE k = 'visit') || ': household',
                 'not with staff who lack a qualification the matter needs');
SELECT throws_ok($$SELECT hotline.book_visit((SELECT no FROM o WHERE k = 'visit'), pg_temp.at(d, '09:00'), pg_temp.at(d, '10:00'), '{hv_sun}') FROM t$$,
                 '22023', NULL, 'not with another unit''s staff');
SELECT throws_ok($$SELECT hotline.book_visit((SELECT no FROM o WHERE k = 'visit'), pg_temp.at(d, '09:00'), pg_temp.at(d, '10:00'), '{}') FROM t$$,
                 '22023', NULL, 'not with no one');
SELECT throws_ok($$SELECT hotline.book_visit((SELECT no FROM o WHERE k = 'visit'), pg_temp.at(d, '09:00'), pg_temp.at(d, '10:00'),
                                             '{hv_wang,hv_liu,hv_wang,hv_liu,hv_wang,hv_liu}') FROM t$$,
                 '22023', NULL, 'not with more than five');
SELECT throws_ok($$SELECT hotline.book_visit((SELECT no FROM o WHERE k = 'visit'), pg_temp.at(d, '09:00'), pg_temp.at(d, '10:00'),
                                             '{hv_wang,hv_wang}') FROM t$$,
                 '22023', 'staff "hv_wang" is named twice', 'not with one person twice');
SELECT throws_ok($$SELECT hotline.book_visit((SELECT no FROM o WHERE k = 'visit'), pg_temp.at(d, '09:00'), pg_temp.at(d, '10:00'),
                                             '{hv_wang}', repeat('路', 501)) FROM t$$,
                 '22023', NULL, 'not at a place over 500 characters');
SELECT lives_ok($$SELECT hotline.declare_conflict((SELECT no FROM o WHERE k = 'second'), '企业负责人是本人的亲属')$$,
                'a visiting clerk declares a conflict with the second visit (回避)');
RESET ROLE;
SET LOCAL ROLE hv_liu;
SELECT throws_ok($$SELECT hotline.book_visit((SELECT no FROM o WHERE k = 'second'), pg_temp.at(d, '09:00'), pg_temp.at(d, '10:00'), '{hv_wang}') FROM t$$,
                 '22023', 'staff "hv_wang" is excluded from order ' || (SELECT no FROM o WHERE k = 'second'), 'and is not sent on it');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM hotline.visit_appointment), 0, 'no refused booking left an appointment');

-- booked: the invitation goes out
SET LOCAL ROLE hv_wang;
SELECT is((hotline.book_visit((SELECT no FROM o WHERE k = 'visit'), pg_temp.at(d, '09:00'), pg_temp.at(d, '10:00'), '{hv_wang,hv_liu}')).order_state,
          'scheduled', 'book: 09:00-10:00 on a working day, 王芳 and 刘洋') FROM t;
RESET ROLE;
SELECT is((SELECT ROW(ap.uid, ap.sequence, ap.status, ap.place)::text FROM hotline.visit_appointment ap JOIN o ON o.no = ap.order_no WHERE o.k = 'visit'),
          (SELECT ROW('visit-' || no || '@hotline.invalid', 0, 'booked', '东城区和平里七区12号楼3单元401')::text FROM o WHERE k = 'visit'),
          'the appointment: its UID, SEQUENCE 0, at the application''s address');
SELECT is((SELECT array_agg(ob.recipient_user ORDER BY ob.recipient_user) FROM hotline.outbox ob JOIN o ON o.no = ob.order_no
           WHERE o.k = 'visit' AND ob.template = 'home_visit.invitation' AND ob.payload ->> 'method' = 'REQUEST'),
          '{li.daye@example.com,liu@dc.gov.example,wang@dc.gov.example}', 'an e-mail with the invitation to each staff member and the citizen');
CREATE TEMP TABLE inv AS
SELECT r.* FROM hotline.outbox ob JOIN o ON o.no = ob.order_no, hotline.ical_read(ob.payload ->> 'ics') r
WHERE o.k = 'visit' AND ob.recipient_user = 'li.daye@example.com' AND ob.payload ->> 'sequence' = '0';
SELECT is((SELECT ROW(method, sequence, starts, ends, status, organizer, conforms)::text FROM inv),
          (SELECT ROW('REQUEST', 0, pg_temp.at(d, '09:00'), pg_temp.at(d, '10:00'), 'CONFIRMED', 'smfw@dc.gov.example', true)::text FROM t),
          'read back with libical: a conforming METHOD:REQUEST at the booked time, from the unit');
SELECT is((SELECT array_agg(a ->> 'email' || ':' || (a ->> 'partstat') ORDER BY a ->> 'email') FROM inv, jsonb_array_elements(inv.attendees) a),
          '{li.daye@example.com:NEEDS-ACTION,liu@dc.gov.example:NEEDS-ACTION,wang@dc.gov.example:NEEDS-ACTION}',
          'each attendee asked to answer');
SELECT alike((SELECT ob.payload ->> 'ics' FROM hotline.outbox ob JOIN o ON o.no = ob.order_no WHERE o.k = 'visit' LIMIT 1),
            '%BEGIN:VTIMEZONE%TZID:Asia/Shanghai%DTSTART;TZID=Asia/Shanghai:%BEGIN:VALARM%TRIGGER:-PT1H%',
            'with the unit''s zone and a reminder an hour before');

-- never two visits at once
SET LOCAL ROLE hv_liu;
SELECT throws_ok($$SELECT hotline.book_visit((SELECT no FROM o WHERE k = 'third'), pg_temp.at(d, '09:30'), pg_temp.at(d, '11:00'), '{hv_liu}') FROM t$$,
                 '23P01', NULL, 'a staff member is not booked twice at once');
SELECT is((hotline.book_visit((SELECT no FROM o WHERE k = 'third'), pg_temp.at(d, '10:00'), pg_temp.at(d, '11:30'), '{hv_liu}')).order_state,
          'scheduled', 'right after the first visit is free') FROM t;
RESET ROLE;

-- the citizen's reply, through the e-mail gateway
CREATE TEMP TABLE rep AS
SELECT hotline.ical_message('REPLY', jsonb_build_array(jsonb_build_object(
    'uid', 'visit-' || o.no || '@hotline.invalid', 'sequence', 0,
    'start', to_char(pg_temp.at(d, '09:00') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'end', to_char(pg_temp.at(d, '10:00') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'organizer', jsonb_build_object('email', 'smfw@dc.gov.example'),
    'attendees', jsonb_build_array(jsonb_build_object('email', 'li.daye@example.com', 'partstat', 'ACCEPTED')),
    'comment', '好的，我在家等')), 'Asia/Shanghai') AS ics
FROM o, t WHERE o.k = 'visit';
GRANT SELECT ON rep TO PUBLIC;
SET LOCAL ROLE hv_wang;
SELECT throws_ok($$SELECT * FROM hotline.import_visit_reply((SELECT ics FROM rep), 'li.daye@example.com')$$, '42501', NULL,
                 'a clerk does not import replies (the gateway does)');
RESET ROLE;
SET LOCAL ROLE hv_gw;
SELECT is((SELECT ROW(email, partstat, outcome)::text FROM hotline.import_visit_reply((SELECT ics FROM rep), sender => 'Li.Daye@example.com')),
          ROW('li.daye@example.com', 'ACCEPTED', 'recorded')::text, 'the gateway imports the citizen''s acceptance');
SELECT throws_ok($$SELECT * FROM hotline.import_visit_reply(replace((SELECT ics FROM rep), 'li.daye@example.com', 'someone@example.com'), 'someone@example.com')$$,
                 '22023', NULL, 'a reply from someone not invited is refused');
SELECT throws_ok($$SELECT * FROM hotline.import_visit_reply(replace((SELECT ics FROM rep), 'METHOD:REPLY', 'METHOD:PUBLISH'), 'li.daye@example.com')$$,
                 '22023', NULL, 'a message that is not a reply is refused');
SELECT is((SELECT outcome FROM hotline.import_visit_reply(replace((SELECT ics FROM rep), 'UID:visit-', 'UID:other-'), 'li.daye@example.com')),
          'unknown invitation', 'a reply to an invitation that is not ours is reported, not recorded');
SELECT throws_ok($$SELECT * FROM hotline.import_visit_reply(replace((SELECT ics FROM rep), 'PARTSTAT=ACCEPTED', 'PARTSTAT=X-MAYBE'), 'li.daye@example.com')$$,
                 '22023', 'invalid partstat: X-MAYBE', 'an experimental PARTSTAT is refused, in words (libical has no name for it)');
SELECT throws_ok($$SELECT * FROM hotline.import_visit_reply(regexp_replace((SELECT ics FROM rep), 'BEGIN:VEVENT.*END:VEVENT\r\n', ''), 'li.daye@example.com')$$,
                 '22023', 'iCalendar message has no event to reply to', 'a reply without its event');
SELECT throws_ok($$SELECT * FROM hotline.import_visit_reply(replace((SELECT ics FROM rep), 'END:VEVENT',
                     E'ATTENDEE;PARTSTAT=DECLINED:mailto:wang@dc.gov.example\r\nEND:VEVENT'), 'li.daye@example.com')$$,
                 '22023', NULL, 'a reply answering for a second attendee is refused (one attendee, RFC 5546)');
SELECT throws_ok($$SELECT * FROM hotline.import_visit_reply((SELECT ics FROM rep), sender => 'wang@dc.gov.example')$$,
                 '22023', NULL, 'a reply from another address than its attendee is refused');
SELECT throws_ok($$SELECT * FROM hotline.import_visit_reply((SELECT ics FROM rep), NULL)$$,
                 '22023', 'sender of a reply is required', 'a reply whose sender the gateway does not say is refused');
SELECT throws_ok($$SELECT * FROM hotline.import_visit_reply(replace((SELECT ics FROM rep), 'SEQUENCE:0', 'SEQUENCE:999'), 'li.daye@example.com')$$,
                 '22023', NULL, 'a reply to a SEQUENCE never sent is refused');
RESET ROLE;
SELECT is((SELECT ap.citizen_partstat FROM hotline.visit_appointment ap JOIN o ON o.no = ap.order_no WHERE o.k = 'visit'),
          'ACCEPTED', 'the appointment records the citizen''s answer');
SELECT is((SELECT ROW(e.action, e.role, e.actor, e.payload ->> 'partstat')::text FROM hotline.order_event e JOIN o ON o.no = e.order_no
           WHERE o.k = 'visit' AND e.action = 'invitation_reply'),
          ROW('invitation_reply', 'gateway', session_user::text, 'ACCEPTED')::text,
          'and the history the login of the session that brought it (the gateway reads no order: the import runs as the owner)');

-- the unit's schedule as a feed: with the caller's rights
SET LOCAL ROLE hv_wang;
CREATE TEMP TABLE feed AS SELECT r.* FROM t, hotline.ical_read(hotline.visit_schedule('hv-zwfw', d - 1, d + 1)) r;
SELECT is((SELECT array_agg(ROW(method, starts, conforms)::text ORDER BY starts) FROM feed),
          (SELECT ARRAY[ROW('PUBLISH', pg_temp.at(d, '09:00'), true)::text, ROW('PUBLISH', pg_temp.at(d, '10:00'), true)::text] FROM t),
          'the unit''s schedule: a METHOD:PUBLISH feed of its two visits');
SELECT is((SELECT count(*)::int FROM t, hotline.ical_read(hotline.visit_schedule('hv-zwfw', d - 1, d + 1, 'hv_wang'))), 1,
          'one staff member''s schedule: 王芳''s one visit');
SELECT throws_ok($$SELECT hotline.visit_schedule('hv-zwfw', d + 1, d - 1) FROM t$$, '22023', NULL, 'a period that ends before it starts');
SELECT throws_ok($$SELECT hotline.visit_schedule('hv-zwfw', '-infinity', 'infinity')$$, '22023', NULL, 'nor one without end');
SELECT throws_ok($$SELECT count(*) FROM hotline.visit_staff$$, '42501', NULL,
                 'a unit''s staff read no visiting staff''s address or certificate');
RESET ROLE;
SET LOCAL ROLE hv_sun;
SELECT is((SELECT count(*)::int FROM t, hotline.ical_read(hotline.visit_schedule('hv-zwfw', d - 1, d + 1))), 0,
          'another unit''s staff see none of its visits (row-level security)');
SELECT is((SELECT count(*)::int FROM hotline.home_visit), 0, 'nor its applications');
RESET ROLE;

-- a new time, asked for by the citizen through the centre: SEQUENCE 1
SET LOCAL ROLE hv_agent;
SELECT throws_ok($$SELECT hotline.reschedule_visit((SELECT no FROM o WHERE k = 'visit'), pg_temp.at(d, '14:00'), pg_temp.at(d, '15:00'), NULL) FROM t$$,
                 '22023', NULL, 'a new time needs its reason');
SELECT throws_ok($$SELECT hotline.reschedule_visit((SELECT no FROM o WHERE k = 'visit'), pg_temp.at(d, '14:00'), pg_temp.at(d, '15:00'),
                                                   repeat('因', 2001)) FROM t$$,
                 '22023', NULL, 'of at most 2,000 characters');
SELECT is((hotline.reschedule_visit((SELECT no FROM o WHERE k = 'visit'), pg_temp.at(d, '14:00'), pg_temp.at(d, '15:30'),
                                    '市民上午要去医院复查', '{hv_wang}')).order_state,
          'scheduled', 'reschedule: the afternoon, 王芳 alone') FROM t;
RESET ROLE;
SELECT is((SELECT e.role FROM hotline.order_event e JOIN o ON o.no = e.order_no WHERE o.k = 'visit' AND e.action = 'reschedule'),
          'agent', 'the history says the centre asked (for the citizen): the caller''s part, not a parameter');
SELECT is((SELECT ROW(ap.sequence, ap.during, ap.citizen_partstat)::text FROM hotline.visit_appointment ap JOIN o ON o.no = ap.order_no WHERE o.k = 'visit'),
          (SELECT ROW(1, tstzrange(pg_temp.at(d, '14:00'), pg_temp.at(d, '15:30')), 'NEEDS-ACTION')::text FROM t),
          'the same UID, SEQUENCE 1, the new time, the citizen asked again');
SELECT is((SELECT array_agg(ob.recipient_user || ':' || (ob.payload ->> 'method') ORDER BY ob.recipient_user) FROM hotline.outbox ob JOIN o ON o.no = ob.order_no
           WHERE o.k = 'visit' AND ob.payload ->> 'sequence' = '1'),
          '{li.daye@example.com:REQUEST,liu@dc.gov.example:CANCEL,wang@dc.gov.example:REQUEST}',
          'the update to those who still go, a cancellation to 刘洋, who no longer does');
SELECT is((SELECT r.sequence FROM hotline.outbox ob JOIN o ON o.no = ob.order_no, hotline.ical_read(ob.payload ->> 'ics') r
           WHERE o.k = 'visit' AND ob.recipient_user = 'liu@dc.gov.example' AND ob.payload ->> 'method' = 'CANCEL'),
          1, 'which libical reads as the same event''s SEQUENCE 1');
SELECT is((SELECT ROW(r.summary, r.attendees -> 0 ->> 'email', ob.payload ->> 'ics' LIKE E'%\nLOCATION:%')::text
           FROM hotline.outbox ob JOIN o ON o.no = ob.order_no, hotline.ical_read(ob.payload ->> 'ics') r
           WHERE o.k = 'visit' AND ob.recipient_user = 'liu@dc.gov.example' AND ob.payload ->> 'method' = 'CANCEL'),
          ROW('上门服务（已改派）', 'liu@dc.gov.example', false)::text,
          'without the matter or the citizen''s address');
SET LOCAL ROLE hv_gw;
SELECT is((SELECT outcome FROM hotline.import_visit_reply((SELECT ics FROM rep), 'li.daye@example.com')), 'outdated',
          'an acceptance of the old time is outdated (RFC 5546), not recorded');
RESET ROLE;
-- 刘洋 is free in the morning again
SET LOCAL ROLE hv_liu;
SELECT is((hotline.book_visit((SELECT no FROM o WHERE k = 'second'), pg_temp.at(d, '09:00'), pg_temp.at(d, '10:00'), '{hv_liu}')).order_state,
          'scheduled', 'the staff member released by the new time is booked for that hour') FROM t;
RESET ROLE;

-- a declined invitation tells the unit
CREATE TEMP TABLE rep2 AS
SELECT replace(replace(replace(ics, 'li.daye@example.com', 'liu@dc.gov.example'), 'PARTSTAT=ACCEPTED', 'PARTSTAT=DECLINED'),
               'UID:visit-' || (SELECT no FROM o WHERE k = 'visit'), 'UID:visit-' || (SELECT no FROM o WHERE k = 'second')) AS ics
FROM rep;
GRANT SELECT ON rep2 TO PUBLIC;
SET LOCAL ROLE hv_gw;
SELECT is((SELECT outcome FROM hotline.import_visit_reply((SELECT ics FROM rep2), 'liu@dc.gov.example')), 'recorded', '刘洋 declines the second visit');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM hotline.outbox ob JOIN o ON o.no = ob.order_no
           WHERE o.k = 'second' AND ob.template = 'home_visit.declined' AND ob.channel = 'system' AND ob.recipient_unit_id IS NOT NULL),
          1, 'the unit is told to find another time or colleague');

-- before the visit: confirmation and preparation
SET LOCAL ROLE hv_wang;
SELECT throws_ok($$SELECT hotline.confirm_visit((SELECT no FROM o WHERE k = 'visit'), 'pigeon')$$, '22023', NULL,
                 'confirmation by a way that is not one');
SELECT is((hotline.confirm_visit((SELECT no FROM o WHERE k = 'visit'), 'phone', '{身份证原件,原居住证}')).order_state, 'confirmed',
          'confirm: the matter and the materials confirmed by phone');
SELECT throws_ok($$SELECT hotline.prepare_visit((SELECT no FROM o WHERE k = 'visit'), '{"materials": true, "equipment": true, "route": true}')$$,
                 '22023', 'preparation item "safety_plan" is not done', 'not prepared without the safety plan');
SELECT is((hotline.prepare_visit((SELECT no FROM o WHERE k = 'visit'), '{"materials": true, "equipment": true, "route": true, "safety_plan": true}')).order_state,
          'prepared', 'prepare: every item done');
-- the visit
SELECT throws_ok($$SELECT hotline.record_visit((SELECT no FROM o WHERE k = 'visit'), (SELECT pg_temp.at(d, '14:05') FROM t), '已采集照片', true,
                      '{"no_obstruction": true, "no_gifts": false, "no_favours": true, "courteous": true, "signed_by": ["hv_wang"]}')$$,
                 '22023', 'conduct item "no_gifts" is not signed', 'the conduct checklist is not signed with an item false');
SELECT throws_ok($$SELECT hotline.record_visit((SELECT no FROM o WHERE k = 'visit'), (SELECT pg_temp.at(d, '14:05') FROM t), '已采集照片', true,
                      '{"no_obstruction": true, "no_gifts": true, "no_favours": true, "courteous": true, "signed_by": ["hv_liu"]}')$$,
                 '22023', NULL, 'nor by someone who did not go');
SELECT throws_ok($$SELECT hotline.record_visit((SELECT no FROM o WHERE k = 'visit'), pg_temp.at(d + 3, '14:05'), '已采集照片', true,
                      '{"no_obstruction": true, "no_gifts": true, "no_favours": true, "courteous": true, "signed_by": ["hv_wang"]}') FROM t$$,
                 '22023', NULL, 'an arrival days after the appointment');
SELECT throws_ok($$SELECT hotline.record_visit((SELECT no FROM o WHERE k = 'visit'), (SELECT pg_temp.at(d, '14:05') FROM t), repeat('记', 4001), true,
                      '{"no_obstruction": true, "no_gifts": true, "no_favours": true, "courteous": true, "signed_by": ["hv_wang"]}')$$,
                 '22023', NULL, 'a record over 4,000 characters');
SELECT throws_ok($$SELECT hotline.record_visit((SELECT no FROM o WHERE k = 'visit'), (SELECT pg_temp.at(d, '14:05') FROM t), '已采集照片', true,
                      '{"no_obstruction": true, "no_gifts": true, "no_favours": true, "courteous": true, "signed_by": ["hv_wang"]}',
                      array_fill('表'::text, ARRAY[51]))$$,
                 '22023', NULL, 'more than 50 documents');
SELECT throws_ok($$SELECT hotline.record_visit((SELECT no FROM o WHERE k = 'visit'), (SELECT pg_temp.at(d, '14:05') FROM t), '已采集照片', NULL,
                      '{"no_obstruction": true, "no_gifts": true, "no_favours": true, "courteous": true, "signed_by": ["hv_wang"]}')$$,
                 '22023', NULL, 'whether it was completed on the spot is said');
SELECT is((hotline.record_visit((SELECT no FROM o WHERE k = 'visit'), pg_temp.at(d, '14:05'), '现场采集照片和指纹，受理居住证续签', false,
                                '{"no_obstruction": true, "no_gifts": true, "no_favours": true, "courteous": true, "signed_by": ["hv_wang"]}',
                                '{居住证申领登记表}')).order_state,
          'visited', 'record_visit: what was done, the document taken, the conduct signed') FROM t;
SELECT is((hotline.complete_visit((SELECT no FROM o WHERE k = 'visit'), '居住证已续签并邮寄到家')).order_state, 'completed',
          'complete');
RESET ROLE;
SELECT is((SELECT ROW(ap.status, a.state, a.closed_at IS NOT NULL)::text FROM hotline.visit_appointment ap
           JOIN hotline.assignment a ON a.order_no = ap.order_no JOIN o ON o.no = ap.order_no WHERE o.k = 'visit'),
          ROW('visited', 'completed', true)::text, 'the appointment is kept, the unit''s part closed');
SELECT is((SELECT w.callback_due FROM hotline.work_order w JOIN o ON o.no = w.order_no WHERE o.k = 'visit'),
          (SELECT hotline.deadline('cn', e.at, '3 working days') FROM hotline.order_event e JOIN o ON o.no = e.order_no
           WHERE o.k = 'visit' AND e.action = 'complete'),
          'the evaluation is due in 3 working days (limit evaluation)');
SELECT is((SELECT e.payload -> 'conduct' -> 'signed_by' FROM hotline.order_event e JOIN o ON o.no = e.order_no
           WHERE o.k = 'visit' AND e.action = 'record_visit'),
          '["hv_wang"]'::jsonb, 'the signed checklist is on the record');
-- the evaluation
SET LOCAL ROLE hv_wang;
SELECT throws_ok($$SELECT hotline.apply_action((SELECT no FROM o WHERE k = 'visit'), 'evaluate', 'x', 'agent', '{"satisfaction": "satisfied"}')$$,
                 '42501', NULL, 'the unit does not evaluate itself');
RESET ROLE;
SET LOCAL ROLE hv_agent;
SELECT throws_ok($$SELECT hotline.evaluate_visit((SELECT no FROM o WHERE k = 'visit'), 'ecstatic')$$, '22023', NULL,
                 'a satisfaction that is not one');
SELECT is(hotline.evaluate_visit((SELECT no FROM o WHERE k = 'visit'), 'satisfied', '工作人员很耐心'), 'evaluated',
          'evaluate: the citizen is satisfied');
RESET ROLE;
SELECT is((SELECT ROW(w.closed_at IS NOT NULL, w.callback_due)::text FROM hotline.work_order w JOIN o ON o.no = w.order_no WHERE o.k = 'visit'),
          ROW(true, NULL::timestamptz)::text, 'the visit is closed');
SELECT is(hotline.apply_action((SELECT no FROM o WHERE k = 'visit'), 'archive', 'archiver', 'system'), 'archived',
          'and archived by the job');

-- cancelled by the citizen: the invitation is withdrawn, the staff freed
SET LOCAL ROLE hv_agent;
-- (刘洋, booked for it, is named by the citizen: a new time keeps no one excluded)
SELECT lives_ok($$SELECT hotline.exclude_staff((SELECT no FROM o WHERE k = 'third'), 'hv_liu', '市民指名回避')$$,
                'the citizen names the staff member booked (回避)');
SELECT throws_ok($$SELECT hotline.reschedule_visit((SELECT no FROM o WHERE k = 'third'), pg_temp.at(d, '15:00'), pg_temp.at(d, '16:00'),
                                                   '改到下午') FROM t$$,
                 '22023', 'staff "hv_liu" is excluded from order ' || (SELECT no FROM o WHERE k = 'third'),
                 'a new time that keeps the staff checks them again: not with one excluded since');
SELECT throws_ok($$SELECT hotline.cancel_visit((SELECT no FROM o WHERE k = 'third'), repeat('因', 2001))$$,
                 '22023', NULL, 'a cancellation''s reason of at most 2,000 characters');
SELECT is((hotline.cancel_visit((SELECT no FROM o WHERE k = 'third'), '老人已由家属送到窗口办理')).order_state,
          'cancelled', 'cancel: the citizen no longer needs the visit');
RESET ROLE;
SELECT is((SELECT e.role FROM hotline.order_event e JOIN o ON o.no = e.order_no WHERE o.k = 'third' AND e.action = 'cancel'),
          'agent', 'cancelled for the citizen, as the history says');
SET LOCAL ROLE hv_liu;
SELECT is((SELECT count(*)::int FROM hotline.visit_appointment ap JOIN o ON o.no = ap.order_no WHERE o.k = 'third')
          + (SELECT count(*)::int FROM hotline.home_visit h JOIN o ON o.no = h.order_no WHERE o.k = 'third'), 0,
          'the excluded staff member reads nothing of the visit (回避)');
RESET ROLE;
SELECT is((SELECT ROW(ap.status, ap.sequence)::text FROM hotline.visit_appointment ap JOIN o ON o.no = ap.order_no WHERE o.k = 'third'),
          ROW('cancelled', 1)::text, 'the appointment is cancelled, its SEQUENCE raised');
SELECT is((SELECT array_agg(r.method || ':' || r.status) FROM hotline.outbox ob JOIN o ON o.no = ob.order_no, hotline.ical_read(ob.payload ->> 'ics') r
           WHERE o.k = 'third' AND ob.payload ->> 'method' = 'CANCEL'),
          '{CANCEL:CANCELLED}', 'a METHOD:CANCEL to the staff, the event STATUS:CANCELLED');
SELECT is((SELECT count(*)::int FROM hotline.outbox ob JOIN o ON o.no = ob.order_no WHERE o.k = 'third' AND ob.channel = 'sms'),
          2, 'the citizen without an address is told by text message, of the booking and of the cancellation');
SELECT is((SELECT count(*)::int FROM hotline.visit_booking b JOIN o ON o.no = b.order_no WHERE o.k = 'third' AND b.active), 0,
          'the staff are free again');
SELECT is((SELECT w.closed_at IS NOT NULL FROM hotline.work_order w JOIN o ON o.no = w.order_no WHERE o.k = 'third'), true,
          'the visit is closed');
SET LOCAL ROLE hv_gw;
SELECT is((SELECT outcome FROM hotline.import_visit_reply(replace((SELECT ics FROM rep), 'UID:visit-' || (SELECT no FROM o WHERE k = 'visit'),
                                                                   'UID:visit-' || (SELECT no FROM o WHERE k = 'third')), 'li.daye@example.com')),
          'closed', 'a late reply to a cancelled visit is reported, not recorded');
RESET ROLE;

-- a complaint about the visit: a 12345 order against the unit, 回避
SET LOCAL ROLE hv_agent;
INSERT INTO o SELECT 'complaint', hotline.complain_about_visit((SELECT no FROM o WHERE k = 'visit'), '上门服务人员态度生硬',
                                                               citizen_phone => '13911112222');
RESET ROLE;
SELECT is((SELECT ROW(w.workflow, w.appeal_type, u.code)::text FROM hotline.work_order w JOIN hotline.unit u ON u.id = w.accused_unit_id
           JOIN o ON o.no = w.order_no WHERE o.k = 'complaint'),
          ROW('appeal_12345', 'complaint', 'hv-zwfw')::text, 'a complaint about the visit is a 12345 order against its unit');
SELECT is((SELECT array_agg(x.login ORDER BY x.login) FROM hotline.order_exclusion x JOIN o ON o.no = x.order_no WHERE o.k = 'complaint'),
          '{hv_wang}'::name[], 'with the staff who went excluded from it (回避)');
SET LOCAL ROLE hv_agent2;
SELECT lives_ok($$SELECT hotline.declare_conflict((SELECT no FROM o WHERE k = 'visit'), '市民是本人邻居')$$,
                'an agent declares a conflict with the visit');
SELECT throws_ok($$SELECT hotline.complain_about_visit((SELECT no FROM o WHERE k = 'visit'), '再次投诉')$$, 'P0002', NULL,
                 'and can neither read nor take a complaint about it (回避)');
RESET ROLE;
SET LOCAL ROLE hv_liu;
SELECT is((SELECT count(*)::int FROM hotline.home_visit_link l JOIN o ON o.no = l.order_no WHERE o.k = 'complaint'), 0,
          'a colleague of the unit does not see the complaint through the visit''s links either');
RESET ROLE;
SELECT throws_ok($$SELECT hotline.dispatch((SELECT no FROM o WHERE k = 'complaint'), 'hv-zwfw', '请核实')$$, '23514', NULL,
                 'never dispatched to the unit it is about (R-4.6)');
SELECT is((SELECT array_agg(l.kind ORDER BY l.kind) FROM hotline.home_visit_links l JOIN o ON o.no = l.visit_no WHERE o.k = 'visit'),
          '{complaint,source}', 'the visit links the call it arose from and the complaint about it');
SET LOCAL ROLE hv_wang;
SELECT is((SELECT count(*)::int FROM hotline.work_order w JOIN o ON o.no = w.order_no WHERE o.k = 'complaint'), 0,
          'the staff member complained about does not read the complaint');
RESET ROLE;

-- its settings are checked when they enter
SELECT throws_ok($$INSERT INTO hotline.workflow_setting (workflow, setting, value, description)
                   VALUES ('home_visit', 'invitation', '{"alarm_minutes": "soon"}', 'x')$$,
                 '22023', NULL, 'an alarm that is not a number of minutes');
SELECT throws_ok($$INSERT INTO hotline.workflow_setting (workflow, setting, value, description)
                   VALUES ('home_visit', 'invitation', '{"uid_domain": "a b"}', 'x')$$,
                 '22023', NULL, 'a UID domain that is not a host name');
SELECT throws_ok($$INSERT INTO hotline.workflow_setting (workflow, setting, value, description)
                   VALUES ('home_visit', 'checklists', '{"prepare": ["Materials!"]}', 'x')$$,
                 '22023', NULL, 'a checklist item that is not a name');
SELECT lives_ok($$INSERT INTO hotline.workflow_setting (workflow, setting, value, description)
                  VALUES ('home_visit', 'checklists', '{"prepare": ["materials", "safety_plan"], "conduct": ["no_gifts"]}', '本区')$$,
                'a city''s own checklists');
SET LOCAL ROLE hv_sun;
SELECT throws_ok($$SELECT hotline.home_visit_unit((SELECT no FROM o WHERE k = 'second'))$$, 'P0002', NULL,
                 'another unit''s staff cannot tell a visit of the centre from no order');
RESET ROLE;
SET LOCAL ROLE hv_liu;
SELECT is(hotline.home_visit_unit((SELECT no FROM o WHERE k = 'second')), 'hv-zwfw', 'the unit''s own staff find its visits');
RESET ROLE;

-- the workflow is a plugin: no C, its own names
SELECT is((SELECT count(*)::int FROM hotline.workflow_action WHERE workflow = 'home_visit'), 13, 'its thirteen actions');
SELECT is((SELECT array_agg(DISTINCT p.proname || ':' || l.lanname) FROM hotline.workflow_hook h
           JOIN pg_proc p ON p.oid = h.function::regprocedure JOIN pg_language l ON l.oid = p.prolang
           WHERE h.workflow = 'home_visit'),
          '{home_visit_after:plpgsql,home_visit_check:plpgsql}', 'its two hooks, in PL/pgSQL');
SELECT * FROM finish();
ROLLBACK;
