--
-- iCalendar import and export (R-12.2): what publishers send, and what is refused
--
SET DateStyle = ISO, YMD;
SET client_min_messages = notice;
INSERT INTO hotline.calendar (name, description) VALUES ('t', 'import tests');

-- one event per day, LF-only lines, a floating timed make-up day, CATEGORIES
SELECT hotline.import_ics('t', E'BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//example//cn holidays//ZH\n'
    'BEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20270101\nSUMMARY:元旦\nEND:VEVENT\n'
    'BEGIN:VEVENT\nUID:b\nDTSTART;VALUE=DATE:20270102\nDTEND;VALUE=DATE:20270102\nSUMMARY:元旦\nEND:VEVENT\n'
    'BEGIN:VEVENT\nUID:c\nDTSTART:20270110T090000\nDTEND:20270110T173000\nSUMMARY:补班\nEND:VEVENT\n'
    'BEGIN:VEVENT\nUID:d\nDTSTART;VALUE=DATE:20270117\nCATEGORIES:WORKDAY\nSUMMARY:调休\nEND:VEVENT\n'
    'END:VCALENDAR\n') AS changed;
SELECT day, kind, note, source FROM hotline.calendar_day WHERE calendar = 't' ORDER BY day;
SELECT hotline.covered_years('t');

-- a timed event in UTC counts for the days it touches in the calendar's zone
SELECT hotline.import_ics('t', E'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:e\r\n'
    'DTSTART:20270301T200000Z\r\nDTEND:20270302T010000Z\r\nSUMMARY:停电检修\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    years => '{}') AS changed;
SELECT day, kind, note FROM hotline.calendar_day WHERE calendar = 't' AND day >= '2027-03-01' ORDER BY day;

-- an RRULE is expanded (open-ended ones through hotline.rrule_horizon_years,
-- tested in test/tap/ics.sql); as_kind forces the kind
SELECT hotline.import_ics('t', E'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:f\n'
    'DTSTART;VALUE=DATE:20240601\nRRULE:FREQ=YEARLY;COUNT=3\nSUMMARY:儿童节 (example)\nEND:VEVENT\nEND:VCALENDAR\n',
    as_kind => 'holiday', source => 'test notice', years => '{}') AS changed;
SELECT day, kind, note, source FROM hotline.calendar_day WHERE calendar = 't' AND note LIKE '儿童节%' ORDER BY day;

-- a fold in the middle of a UTF-8 character (raw bytes) is repaired
SELECT hotline.import_ics('t',
    convert_to(E'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:g\r\nDTSTART;VALUE=DATE:20270405\r\nSUMMARY:清', 'UTF8')
    || '\xe6'::bytea || E'\r\n '::bytea || '\x988e'::bytea
    || convert_to(E'节\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n', 'UTF8'), years => '{}') AS changed;
SELECT day, note FROM hotline.calendar_day WHERE calendar = 't' AND day = '2027-04-05';

-- importing the same text again changes nothing
SELECT hotline.import_ics('t', E'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20270101\nSUMMARY:元旦\nEND:VEVENT\nEND:VCALENDAR\n') AS again;

-- export: valid iCalendar of the calendar's own days in the range
SELECT regexp_replace(hotline.export_ics('t', '2027-01-01', '2027-01-31'), 'DTSTAMP:[0-9TZ]+', 'DTSTAMP:...', 'g');

-- NULLs give NULL
SELECT hotline.import_ics(NULL, 'x'::text) IS NULL AS a, hotline.import_ics('t', NULL::text) IS NULL AS b,
       hotline.export_ics('t', NULL, '2027-01-01') IS NULL AS c;

-- malformed files: an error that says where, and nothing imported
SELECT count(*) AS days_before FROM hotline.calendar_day WHERE calendar = 't';
SELECT hotline.import_ics('t', '');
SELECT hotline.import_ics('t', 'this is not a calendar');
SELECT hotline.import_ics('t', E'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nDTSTART;VALUE=DATE:20270601\nSUMMARY:ok\nEND:VEVENT\nBEGIN:VEVENT\nUID:y\nDTSTART;VALUE=DATE:20270602\n');
SELECT hotline.import_ics('t', E'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nDTSTART;VALUE=DATE:20270601\nSUMMARY:ok\nEND:VEVENT\nBEGIN:VEVENT\nUID:y\nDTSTART;VALUE=DATE:20230230\nSUMMARY:no such day\nEND:VEVENT\nEND:VCALENDAR\n');
SELECT hotline.import_ics('t', E'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:y\nDTSTART;VALUE=DATE:20271301\nEND:VEVENT\nEND:VCALENDAR\n');
SELECT hotline.import_ics('t', E'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:y\nSUMMARY:no start\nEND:VEVENT\nEND:VCALENDAR\n');
SELECT hotline.import_ics('t', E'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:y\nDTSTART;VALUE=DATE:20270605\nDTEND;VALUE=DATE:20270601\nEND:VEVENT\nEND:VCALENDAR\n');
SELECT hotline.import_ics('t', E'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:y\nDTSTART;VALUE=DATE:20270605\nEND:VTODO\nEND:VCALENDAR\n');
SELECT hotline.import_ics('t', E'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:y\nDTSTART;VALUE=DATE:22000101\nEND:VEVENT\nEND:VCALENDAR\n');
SELECT hotline.import_ics('t', '\x424547494e3a5643414c454e4441520a56455253494f4e3a322e300a53554d4d4152593aff0a454e443a5643414c454e4441520a'::bytea);
SELECT hotline.import_ics('t', E'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:y\nDTSTART;VALUE=DATE:19000101\nRRULE:FREQ=DAILY;COUNT=200000\nEND:VEVENT\nEND:VCALENDAR\n');
SELECT hotline.import_ics('t', E'BEGIN:VCALENDAR\nEND:VCALENDAR\n', years => '{1800}');
SELECT hotline.import_ics('nowhere', E'BEGIN:VCALENDAR\nEND:VCALENDAR\n');
SELECT count(*) AS days_after FROM hotline.calendar_day WHERE calendar = 't';

SELECT hotline.export_ics('t', '2027-12-31', '2027-01-01');
SELECT hotline.export_ics('nowhere', '2027-01-01', '2027-12-31');

-- importing into a built-in calendar adds days but cannot change built-in ones
SELECT hotline.import_ics('cn', E'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:z\nDTSTART;VALUE=DATE:20261001\nSUMMARY:国庆节\nEND:VEVENT\nEND:VCALENDAR\n', years => '{}') AS agrees_with_cn;
SELECT hotline.import_ics('cn', E'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:z\nDTSTART;VALUE=DATE:20261001\nSUMMARY:上班\nEND:VEVENT\nEND:VCALENDAR\n', years => '{}');

DELETE FROM hotline.calendar WHERE name = 't';
