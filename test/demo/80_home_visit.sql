-- hotline demo, part 8: a home visit (上门服务, issue 13, R-13) arising from
-- a call.  Run by `make demo` (test/demo.sh) after 70_search.sql.  The
-- second workflow plugin (workflows/home_visit/): a bedridden citizen calls
-- 12345 and cannot come to the window; the agent applies for a home visit
-- linked to the call; the service centre approves and books two qualified
-- staff inside its business hours on a working day; the invitations go out
-- through the outbox as iCalendar (METHOD:REQUEST); the citizen's calendar
-- accepts (METHOD:REPLY, imported by the e-mail gateway); the citizen asks
-- for another time (SEQUENCE 1, a cancellation to the colleague no longer
-- going); the visit is confirmed, prepared, made and recorded with the
-- signed conduct checklist, completed, and evaluated by the citizen.

\pset footer off
\pset null '-'
\set ON_ERROR_STOP on

\echo
\echo '=== Part 8: a home visit (上门服务, R-13), the second workflow plugin ==='
\echo
SET client_min_messages = warning;
\echo 'The government service centre (政务服务中心) visits; two of its staff, qualified for'
\echo 'household matters (户籍与居住证), go; a gateway delivers e-mail and imports calendar replies:'
INSERT INTO hotline.unit (code, name, region, kind) VALUES ('dc-zwfw', '东城区政务服务中心', '110101', 'department')
ON CONFLICT (code) DO NOTHING;
INSERT INTO hotline.visit_unit (unit_id, email, phone)
SELECT id, 'smfw@dcgov.example.cn', '010-84000123' FROM hotline.unit WHERE code = 'dc-zwfw' ON CONFLICT DO NOTHING;
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM (VALUES ('demo_zwfw_chen', 'hotline_unit'), ('demo_zwfw_ma', 'hotline_unit'),
                                   ('demo_mail_gw', 'hotline_gateway')) v(login, part)
    LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r.login) THEN
            EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I', r.login, r.part);
        END IF;
    END LOOP;
END $$;
INSERT INTO hotline.staff (login, name, unit_id, positions)
SELECT v.login, v.name, u.id, '{上门服务专员}' FROM (VALUES ('demo_zwfw_chen', '陈静'), ('demo_zwfw_ma', '马骏')) v(login, name)
JOIN hotline.unit u ON u.code = 'dc-zwfw' ON CONFLICT (login) DO NOTHING;
INSERT INTO hotline.visit_staff (staff_id, email)
SELECT id, CASE login WHEN 'demo_zwfw_chen' THEN 'chenjing@dcgov.example.cn' ELSE 'majun@dcgov.example.cn' END
FROM hotline.staff WHERE login IN ('demo_zwfw_chen', 'demo_zwfw_ma') ON CONFLICT DO NOTHING;
INSERT INTO hotline.visit_staff_qualification (staff_id, qualification)
SELECT id, 'household' FROM hotline.staff WHERE login IN ('demo_zwfw_chen', 'demo_zwfw_ma') ON CONFLICT DO NOTHING;
SELECT s.login, s.name, q.qualification, k.description FROM hotline.visit_staff_qualification q
JOIN hotline.staff s ON s.id = q.staff_id JOIN hotline.visit_qualification_kind k USING (qualification) ORDER BY s.login;

-- the day of the visit: the second working day from now, in Beijing
SELECT ((hotline.deadline('cn', now(), '2 working days') - interval '1 second') AT TIME ZONE 'Asia/Shanghai')::date AS day \gset

\echo
\echo 'A call: 李建国''s father is bedridden; his residence permit (居住证) runs out. The agent accepts'
\echo 'the call and applies for a home visit linked to it (ground: illness or disability, R-13.1):'
SET ROLE demo_agent_zhao;
SELECT hotline.accept('110101', 'help', 'phone', '父亲瘫痪在床，居住证下月到期，无法到窗口办理续签',
                      citizen_phone => '13911112222', citizen_name => '李建国') AS call \gset
SELECT hotline.apply_home_visit('110101', 'dc-zwfw', 'illness_disability', '北京市残疾人证（一级肢体），家属提供照片',
    '为瘫痪在床的老人办理居住证续签', '北京市东城区和平里七区12号楼3单元401', citizen_phone => '13911112222',
    citizen_name => '李建国', citizen_email => 'li.jianguo@example.com', qualifications => '{household}',
    source_order => :'call') AS visit \gset
RESET ROLE;
SELECT w.order_no, w.workflow, w.state, a.state AS unit_part, u.name AS unit, a.sign_due AS reply_due, a.reply_due AS visit_due
FROM hotline.work_order w JOIN hotline.assignment a ON a.order_no = w.order_no JOIN hotline.unit u ON u.id = a.unit_id
WHERE w.order_no = :'visit';
SELECT visit_no, order_no, kind, order_workflow FROM hotline.home_visit_links WHERE visit_no = :'visit';

\echo
\echo 'The centre''s 陈静 approves and books the visit: first at 08:00 (before the centre opens: refused),'
\echo 'then 09:00-10:00 with 马骏. The invitations go to the outbox, one e-mail each:'
SET ROLE demo_zwfw_chen;
SELECT hotline.approve_visit(:'visit');
\set ON_ERROR_STOP off
SELECT hotline.book_visit(:'visit', (:'day'::date + time '08:00') AT TIME ZONE 'Asia/Shanghai',
                          (:'day'::date + time '09:00') AT TIME ZONE 'Asia/Shanghai', '{demo_zwfw_chen,demo_zwfw_ma}');
\set ON_ERROR_STOP on
SELECT hotline.book_visit(:'visit', (:'day'::date + time '09:00') AT TIME ZONE 'Asia/Shanghai',
                          (:'day'::date + time '10:00') AT TIME ZONE 'Asia/Shanghai', '{demo_zwfw_chen,demo_zwfw_ma}');
RESET ROLE;
SELECT recipient_user AS "to", channel, payload ->> 'method' AS method, payload ->> 'sequence' AS seq, payload ->> 'subject' AS subject
FROM hotline.outbox WHERE order_no = :'visit' ORDER BY id;
\echo 'The invitation as the citizen''s mail client receives it (text/calendar; method=REQUEST):'
SELECT replace(payload ->> 'ics', E'\r\n', E'\n') AS "invitation.ics" FROM hotline.outbox
WHERE order_no = :'visit' AND recipient_user = 'li.jianguo@example.com';

\echo
\echo 'The citizen''s calendar accepts; the e-mail gateway imports the reply (METHOD:REPLY, PARTSTAT=ACCEPTED)'
\echo 'with the sender it authenticated (a reply answers for its sender only):'
SELECT uid FROM hotline.visit_appointment WHERE order_no = :'visit' \gset
SET ROLE demo_mail_gw;
SELECT * FROM hotline.import_visit_reply(hotline.ical_message('REPLY', jsonb_build_array(jsonb_build_object(
    'uid', :'uid', 'sequence', 0,
    'start', to_char((:'day'::date + time '09:00') AT TIME ZONE 'Asia/Shanghai' AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'end', to_char((:'day'::date + time '10:00') AT TIME ZONE 'Asia/Shanghai' AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'organizer', jsonb_build_object('email', 'smfw@dcgov.example.cn'),
    'attendees', jsonb_build_array(jsonb_build_object('email', 'li.jianguo@example.com', 'name', '李建国', 'partstat', 'ACCEPTED')),
    'comment', '好的，家里有人')), 'Asia/Shanghai', '-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN'),
    sender => 'li.jianguo@example.com');
RESET ROLE;

\echo
\echo 'The citizen calls again: the morning is the hospital check-up. The agent moves the visit to'
\echo '14:00-15:30 with 陈静 alone: SEQUENCE 1 to those still going, a cancellation to 马骏:'
SET ROLE demo_agent_zhao;
SELECT hotline.reschedule_visit(:'visit', (:'day'::date + time '14:00') AT TIME ZONE 'Asia/Shanghai',
                                (:'day'::date + time '15:30') AT TIME ZONE 'Asia/Shanghai',
                                '市民上午去医院复查', '{demo_zwfw_chen}');
RESET ROLE;
SELECT recipient_user AS "to", payload ->> 'method' AS method, payload ->> 'sequence' AS seq, payload ->> 'subject' AS subject
FROM hotline.outbox WHERE order_no = :'visit' AND payload ->> 'sequence' = '1' ORDER BY id;
\echo 'The centre''s schedule as a feed a calendar subscribes to (METHOD:PUBLISH):'
SET ROLE demo_zwfw_ma;
SELECT replace(hotline.visit_schedule('dc-zwfw', :'day', :'day'), E'\r\n', E'\n') AS "schedule.ics";
RESET ROLE;

\echo
\echo 'Before, during and after the visit (R-13.2): information confirmed, preparation checklist,'
\echo 'the on-site record with the conduct checklist signed (不得设障刁难、不得索取钱物), completion:'
SET ROLE demo_zwfw_chen;
SELECT hotline.confirm_visit(:'visit', 'phone', '{身份证原件,原居住证,一寸白底照片}');
SELECT hotline.prepare_visit(:'visit', '{"materials": true, "equipment": true, "route": true, "safety_plan": true}');
SELECT hotline.record_visit(:'visit', (:'day'::date + time '14:05') AT TIME ZONE 'Asia/Shanghai',
    '上门采集照片和指纹，核验身份证件，受理居住证续签', false,
    '{"no_obstruction": true, "no_gifts": true, "no_favours": true, "courteous": true, "signed_by": ["demo_zwfw_chen"]}',
    '{居住证申领登记表}');
SELECT hotline.complete_visit(:'visit', '居住证已续签，3个工作日内邮寄到家');
RESET ROLE;

\echo
\echo 'The callback agent asks the citizen: satisfied. The history of the visit:'
SET ROLE demo_agent_zhao;
SELECT hotline.evaluate_visit(:'visit', 'satisfied', '工作人员耐心细致，不用跑腿');
RESET ROLE;
SELECT e.at AT TIME ZONE 'Asia/Shanghai' AS at, e.action, e.role, coalesce(e.actor_name, e.actor) AS who, e.to_state,
       left(coalesce(e.reason, e.payload ->> 'done', e.payload ->> 'result', e.payload ->> 'partstat',
                     e.payload ->> 'satisfaction', ''), 40) AS what
FROM hotline.order_event e WHERE e.order_no = :'visit' ORDER BY e.seq;
