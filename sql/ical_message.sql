-- Scheduling messages (iTIP, RFC 5546) built and read with libical
-- (extension/platform/itip.c): an invitation a calendar client can accept,
-- its update, its cancellation, a published feed, and a client's reply.
-- The platform knows no process: these are any events.
SET TimeZone = 'UTC';
CREATE TEMP TABLE appt AS SELECT jsonb_build_object(
    'uid', 'appt-20261207-001@hotline.example', 'sequence', 0,
    'start', '2026-12-07T09:00:00+08:00', 'end', '2026-12-07T10:00:00+08:00',
    'dtstamp', '2026-12-04T08:00:00Z', 'alarm_minutes', 60,
    'summary', '上门服务：为行动不便的老人办理居住证续签',
    'description', E'请携带移动终端和居住登记表。\n联系人：王芳 010-64000000',
    'location', '北京市东城区和平里七区12号楼3单元401',
    'organizer', jsonb_build_object('email', 'smfw@dc.gov.example', 'name', '东城区政务服务中心'),
    'attendees', jsonb_build_array(
        jsonb_build_object('email', 'wangfang@dc.gov.example', 'name', '王芳'),
        jsonb_build_object('email', 'li.daye@example.com', 'name', '李建国'))) AS e;

-- (shown without the CR of each CRLF line end)
CREATE FUNCTION pg_temp.shown(ics text) RETURNS text LANGUAGE sql AS $$ SELECT replace(ics, E'\r\n', E'\n') $$;

-- the invitation: METHOD:REQUEST, the zone's VTIMEZONE, times with their TZID
SELECT pg_temp.shown(hotline.ical_message('REQUEST', jsonb_build_array(e), 'Asia/Shanghai')) FROM appt;
-- rescheduled: the same UID, SEQUENCE 1, another time
SELECT pg_temp.shown(hotline.ical_message('REQUEST', jsonb_build_array(e || '{"sequence": 1, "start": "2026-12-08T14:00:00+08:00",
                                                               "end": "2026-12-08T15:00:00+08:00"}'), 'Asia/Shanghai'))
FROM appt;
-- cancelled: METHOD:CANCEL, STATUS:CANCELLED, no alarm
SELECT pg_temp.shown(hotline.ical_message('CANCEL', jsonb_build_array(e || '{"sequence": 2}'), 'Asia/Shanghai')) FROM appt;
-- a schedule as a feed: METHOD:PUBLISH, two events, no attendees
SELECT pg_temp.shown(hotline.ical_message('PUBLISH', jsonb_build_array(e - 'attendees' - 'description',
    e - 'attendees' - 'description' || '{"uid": "appt-20261207-002@hotline.example", "start": "2026-12-07T14:00:00+08:00",
                                         "end": "2026-12-07T15:30:00+08:00", "summary": "上门服务：企业开办帮办",
                                         "location": "东城区东直门外大街甲1号"}'), 'Asia/Shanghai'))
FROM appt;

-- read back with libical: every method conforms to RFC 5546
SELECT m.method, r.uid, r.sequence, r.starts, r.ends, r.status, r.organizer, r.attendees, r.conforms
FROM appt, LATERAL (VALUES ('REQUEST'), ('CANCEL')) m(method),
     LATERAL hotline.ical_read(hotline.ical_message(m.method, jsonb_build_array(e), 'Asia/Shanghai')) r;
SELECT r.uid, r.starts, r.summary, r.conforms
FROM appt, LATERAL hotline.ical_read(hotline.ical_message('PUBLISH', jsonb_build_array(e - 'attendees'), 'Asia/Shanghai')) r;

-- a client's REPLY (as Thunderbird writes one): accepted, with a comment
SELECT * FROM hotline.ical_read(E'BEGIN:VCALENDAR\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n'
    'VERSION:2.0\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:appt-20261207-001@hotline.example\r\nSEQUENCE:1\r\n'
    'DTSTAMP:20261205T020000Z\r\nDTSTART;TZID=Asia/Shanghai:20261208T140000\r\n'
    'DTEND;TZID=Asia/Shanghai:20261208T150000\r\nSUMMARY:上门服务\r\n'
    'ORGANIZER;CN=东城区政务服务中心:mailto:smfw@dc.gov.example\r\n'
    'ATTENDEE;PARTSTAT=ACCEPTED;CN=李建国:mailto:li.daye@example.com\r\n'
    'COMMENT:好的，下午两点我在家\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
-- and one built here
SELECT method, uid, sequence, attendees, comment, conforms
FROM appt, hotline.ical_read(hotline.ical_message('REPLY', jsonb_build_array(e || jsonb_build_object(
    'attendees', jsonb_build_array(jsonb_build_object('email', 'li.daye@example.com', 'partstat', 'DECLINED')),
    'comment', '那天要去医院复查')), 'Asia/Shanghai'));

-- values libical has no name for (experimental X-, unregistered, empty) come as written
SELECT method, status, attendees FROM hotline.ical_read(E'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nMETHOD:X-COUNTER\r\n'
    'BEGIN:VEVENT\r\nUID:u1\r\nDTSTAMP:20261204T000000Z\r\nSTATUS:X-MOVED\r\nDTSTART:20300304T010000Z\r\n'
    'ATTENDEE;PARTSTAT=X-FOO:mailto:a@b.example\r\nATTENDEE;PARTSTAT=BOGUS:mailto:c@b.example\r\n'
    'ATTENDEE;PARTSTAT=:mailto:d@b.example\r\nATTENDEE:mailto:e@b.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');

-- refused: 22023 naming what to fix, nothing built
SELECT hotline.ical_message('INVITE', '[]', 'Asia/Shanghai');
SELECT hotline.ical_message('REQUEST', '[]', 'Asia/Shanghai');
SELECT hotline.ical_message('REQUEST', jsonb_build_array(e), 'Mars/Olympus') FROM appt;
SELECT hotline.ical_message('REQUEST', jsonb_build_array(e - 'uid'), 'Asia/Shanghai') FROM appt;
SELECT hotline.ical_message('REQUEST', jsonb_build_array(e || '{"end": "2026-12-07T08:00:00+08:00"}'), 'Asia/Shanghai') FROM appt;
SELECT hotline.ical_message('REQUEST', jsonb_build_array(e || '{"start": "2026-12-07 09:00"}'), 'Asia/Shanghai') FROM appt;
SELECT hotline.ical_message('REQUEST', jsonb_build_array(e || '{"start": "2026-02-30T09:00:00+08:00"}'), 'Asia/Shanghai') FROM appt;
SELECT hotline.ical_message('REQUEST', jsonb_build_array(e || '{"organizer": {"email": "王芳 <wang@x>"}}'), 'Asia/Shanghai') FROM appt;
SELECT hotline.ical_message('REQUEST', jsonb_build_array(e - 'attendees'), 'Asia/Shanghai') FROM appt;
SELECT hotline.ical_message('PUBLISH', jsonb_build_array(e), 'Asia/Shanghai') FROM appt;
SELECT hotline.ical_message('REQUEST', jsonb_build_array(e || '{"summary": "a\u0007b"}'), 'Asia/Shanghai') FROM appt;
SELECT hotline.ical_message('REQUEST', jsonb_build_array(e || jsonb_build_object('summary', repeat('长', 501))), 'Asia/Shanghai') FROM appt;
SELECT hotline.ical_message('REQUEST', jsonb_build_array(e || '{"sequence": -1}'), 'Asia/Shanghai') FROM appt;
SELECT hotline.ical_read('BEGIN:VCARD\r\nEND:VCARD');
SELECT hotline.ical_read(repeat('x', 70000));
