-- The home-visit plugin's invitations (上门服务, issue 13, R-13.3): the
-- iCalendar texts a calendar client receives through the outbox when a
-- visit is booked, moved and cancelled, the text message of a citizen
-- without an address, a reply read back, and the unit's feed.  Order
-- numbers (they carry today's date) and DTSTAMP (the time of sending) are
-- masked; everything else is as sent.  In one transaction, rolled back.
\set ON_ERROR_ROLLBACK on
SET client_min_messages = error;
SET TimeZone = 'UTC';
BEGIN;
INSERT INTO hotline.unit (code, name, region) VALUES ('hi-zwfw', '东城区政务服务中心', '110101');
INSERT INTO hotline.visit_unit (unit_id, email, phone)
    SELECT id, 'smfw@dc.gov.example', '010-64000000' FROM hotline.unit WHERE code = 'hi-zwfw';
INSERT INTO hotline.staff (login, name, unit_id)
    SELECT l, n, (SELECT id FROM hotline.unit WHERE code = 'hi-zwfw')
    FROM (VALUES ('hi_wang', '王芳'), ('hi_liu', '刘洋'), ('hi_zhao', '赵磊')) v(l, n);
INSERT INTO hotline.visit_staff (staff_id, email)
    SELECT id, substr(login, 4) || '@dc.gov.example' FROM hotline.staff WHERE login LIKE 'hi\_%';
INSERT INTO hotline.visit_staff_qualification (staff_id, qualification)
    SELECT id, 'household' FROM hotline.staff WHERE login IN ('hi_wang', 'hi_liu');
-- the centre's own domain for the invitations' UIDs (a setting of its own)
INSERT INTO hotline.workflow_setting (workflow, setting, value, description)
VALUES ('home_visit', 'invitation', '{"uid_domain": "12345.dc.gov.example", "alarm_minutes": 30, "prodid": "-//东城区12345//上门服务//ZH"}',
        '东城区: UIDs in the centre''s own domain, a reminder 30 minutes before');

-- shown: CRLF as LF, order numbers and DTSTAMP masked
CREATE FUNCTION pg_temp.shown(t text) RETURNS text LANGUAGE sql AS $$
SELECT regexp_replace(regexp_replace(replace(t, E'\r\n', E'\n'), '[0-9]{6}-[0-9]{8}-[0-9]{6}', '110101-YYYYMMDD-NNNNNN', 'g'),
                      'DTSTAMP:[0-9]{8}T[0-9]{6}Z', 'DTSTAMP:(sent)', 'g')
$$;
-- a refusal: its code, message, detail and hint, masked
CREATE FUNCTION pg_temp.refusal(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    m text; d text; h text;
BEGIN
    EXECUTE q;
    RETURN 'accepted';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN pg_temp.shown(format(E'%s: %s\nDETAIL: %s\nHINT: %s', SQLSTATE, m, d, h));
END $$;
CREATE TEMP TABLE v (k text PRIMARY KEY, no hotline.order_no);

-- a bedridden citizen with an e-mail address, and a company without one
INSERT INTO v SELECT 'li', hotline.apply_home_visit('110101', 'hi-zwfw', 'illness_disability', '北京市残疾人证（一级肢体）',
    '为瘫痪在床的老人办理居住证续签', '东城区和平里七区12号楼3单元401', citizen_phone => '13911112222',
    citizen_name => '李建国', citizen_email => 'li.daye@example.com', qualifications => '{household}');
INSERT INTO v SELECT 'firm', hotline.apply_home_visit('110101', 'hi-zwfw', 'urgent_matter', '招商引资重点项目',
    '新注册企业办理开办登记', '东城区东直门外大街甲1号', citizen_phone => '13800001111', citizen_name => '周总');
SELECT hotline.approve_visit(no) FROM v ORDER BY k;

-- refused appointments say why
SELECT pg_temp.refusal(format($q$SELECT hotline.book_visit(%L, '2030-03-04 08:00+08', '2030-03-04 09:00+08', '{hi_wang}')$q$, no)) FROM v WHERE k = 'li';
SELECT pg_temp.refusal(format($q$SELECT hotline.book_visit(%L, '2030-03-02 09:00+08', '2030-03-02 10:00+08', '{hi_wang}')$q$, no)) FROM v WHERE k = 'li';
SELECT pg_temp.refusal(format($q$SELECT hotline.book_visit(%L, '2030-03-04 09:00+08', '2030-03-04 15:00+08', '{hi_wang}')$q$, no)) FROM v WHERE k = 'li';
SELECT pg_temp.refusal(format($q$SELECT hotline.book_visit(%L, '2030-03-04 09:00+08', '2030-03-04 10:00+08', '{hi_zhao}')$q$, no)) FROM v WHERE k = 'li';

-- booked on Monday 4 March 2030, 09:00-10:00 Beijing time, 王芳 and 刘洋
SELECT (hotline.book_visit(no, '2030-03-04 09:00+08', '2030-03-04 10:00+08', '{hi_wang,hi_liu}')).order_state FROM v WHERE k = 'li';
SELECT o.recipient_user, o.channel, o.template, o.payload ->> 'method' AS method, o.payload ->> 'sequence' AS seq, o.payload ->> 'subject' AS subject
FROM hotline.outbox o JOIN v ON v.no = o.order_no WHERE v.k = 'li' ORDER BY o.id;
-- the invitation (METHOD:REQUEST), as the citizen's calendar receives it
SELECT pg_temp.shown(o.payload ->> 'ics') FROM hotline.outbox o JOIN v ON v.no = o.order_no
WHERE v.k = 'li' AND o.recipient_user = 'li.daye@example.com';
-- the same staff member, another visit at the same hour: refused
SELECT pg_temp.refusal(format($q$SELECT hotline.book_visit(%L, '2030-03-04 09:30+08', '2030-03-04 10:30+08', '{hi_liu}')$q$, no)) FROM v WHERE k = 'firm';

-- moved to the afternoon at the citizen's request, 王芳 alone: SEQUENCE 1
-- to the citizen and 王芳, a cancellation to 刘洋
SELECT (hotline.reschedule_visit(no, '2030-03-04 14:00+08', '2030-03-04 15:30+08', '市民上午要去医院复查', '{hi_wang}')).order_state
FROM v WHERE k = 'li';
SELECT o.recipient_user, o.payload ->> 'method' AS method, o.payload ->> 'sequence' AS seq
FROM hotline.outbox o JOIN v ON v.no = o.order_no WHERE v.k = 'li' AND o.payload ->> 'sequence' = '1' ORDER BY o.id;
SELECT pg_temp.shown(o.payload ->> 'ics') FROM hotline.outbox o JOIN v ON v.no = o.order_no
WHERE v.k = 'li' AND o.recipient_user = 'li.daye@example.com' AND o.payload ->> 'sequence' = '1';
SELECT pg_temp.shown(o.payload ->> 'ics') FROM hotline.outbox o JOIN v ON v.no = o.order_no
WHERE v.k = 'li' AND o.recipient_user = 'liu@dc.gov.example' AND o.payload ->> 'method' = 'CANCEL';

-- the citizen's client answers (as Thunderbird writes a reply)
SELECT pg_temp.shown(r.order_no::text) AS order_no, r.email, r.partstat, r.outcome
FROM v, hotline.import_visit_reply(format(E'BEGIN:VCALENDAR\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n'
    'VERSION:2.0\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:visit-%s@12345.dc.gov.example\r\nSEQUENCE:1\r\n'
    'DTSTAMP:20300301T020000Z\r\nDTSTART;TZID=Asia/Shanghai:20300304T140000\r\nDTEND;TZID=Asia/Shanghai:20300304T153000\r\n'
    'SUMMARY:上门服务\r\nORGANIZER;CN=东城区政务服务中心:mailto:smfw@dc.gov.example\r\n'
    'ATTENDEE;PARTSTAT=ACCEPTED;CN=李建国:mailto:li.daye@example.com\r\nCOMMENT:好的，下午两点我在家\r\n'
    'END:VEVENT\r\nEND:VCALENDAR\r\n', v.no), sender => 'li.daye@example.com') r
WHERE v.k = 'li';

-- the company without an address: a text message; then the unit's feed
SELECT (hotline.book_visit(no, '2030-03-04 10:00+08', '2030-03-04 11:30+08', '{hi_liu}')).order_state FROM v WHERE k = 'firm';
SELECT o.recipient_user, o.channel, pg_temp.shown(coalesce(o.payload ->> 'text', o.payload ->> 'subject')) AS text
FROM hotline.outbox o JOIN v ON v.no = o.order_no WHERE v.k = 'firm' ORDER BY o.id;
SELECT pg_temp.shown(hotline.visit_schedule('hi-zwfw', '2030-03-04', '2030-03-04'));

-- cancelled by the unit: METHOD:CANCEL, SEQUENCE 2, STATUS:CANCELLED
SELECT (hotline.cancel_visit(no, '市民已由家属陪同到窗口办理')).order_state FROM v WHERE k = 'li';
SELECT pg_temp.shown(o.payload ->> 'ics') FROM hotline.outbox o JOIN v ON v.no = o.order_no
WHERE v.k = 'li' AND o.recipient_user = 'li.daye@example.com' AND o.payload ->> 'method' = 'CANCEL';
ROLLBACK;
