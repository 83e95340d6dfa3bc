-- Data for the pg_dump round trip (run by test/run.sh before pg_dump): users'
-- calendars, days and years, also days and a year added to the built-in cn.
\set ON_ERROR_STOP true
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
