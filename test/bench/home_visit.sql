-- Home-visit benchmark (issue 13, R-13): what an appointment costs, side by
-- side in one run.  Run with `make bench`; figures go to README
-- (Performance, Home visits).
--
-- One service unit with 200 visiting staff and 6,000 approved visits.  Then,
-- each timed with clock_timestamp() per call (medians and p95 of the
-- calls): approving a visit (a plain engine action with no hook work),
-- booking one (the same engine path plus the window and staff checks, the
-- booking under the exclusion constraint, the invitation built with libical
-- and one outbox message per attendee), booking when the staff are already
-- booked 4,000 times (the exclusion index's cost as bookings grow), a
-- refused double booking, a reschedule, and a month's feed of the unit
-- (PUBLISH, some 4,000 visits) against building the same events with
-- hotline.ical_message directly.

\set QUIET on
\pset footer off
SET client_min_messages = warning;
SET hotline.warn_uncovered = off;
SET max_parallel_workers_per_gather = 0;
SET jit = off;

DROP SCHEMA IF EXISTS hvb CASCADE;
CREATE SCHEMA hvb;

INSERT INTO hotline.unit (code, name, region) VALUES ('hvb-zwfw', '东城区政务服务中心', '110101')
ON CONFLICT (code) DO NOTHING;
INSERT INTO hotline.visit_unit (unit_id, email, phone)
SELECT id, 'smfw@dc.gov.example', '010-64000000' FROM hotline.unit WHERE code = 'hvb-zwfw' ON CONFLICT DO NOTHING;
INSERT INTO hotline.staff (login, name, unit_id)
SELECT 'hvb_' || g, '上门专员' || g, (SELECT id FROM hotline.unit WHERE code = 'hvb-zwfw')
FROM generate_series(1, 200) g ON CONFLICT (login) DO NOTHING;
INSERT INTO hotline.visit_staff (staff_id, email)
SELECT id, login || '@dc.gov.example' FROM hotline.staff WHERE login LIKE 'hvb\_%' ON CONFLICT DO NOTHING;
INSERT INTO hotline.visit_staff_qualification (staff_id, qualification)
SELECT id, 'household' FROM hotline.staff WHERE login LIKE 'hvb\_%' ON CONFLICT DO NOTHING;

-- the working days of 2030 from March, and their hourly slots (7 a day)
CREATE TABLE hvb.slot AS
SELECT row_number() OVER (ORDER BY d, h) AS n, ((d::date + h) AT TIME ZONE 'Asia/Shanghai') AS starts
FROM generate_series(date '2030-03-04', date '2030-12-20', '1 day') d,
     (VALUES (time '09:00'), (time '10:00'), (time '11:00'), (time '13:30'), (time '14:30'), (time '15:30'),
             (time '16:30')) v(h)
WHERE hotline.is_working_day('cn', d::date);

CREATE TABLE hvb.visit (n serial PRIMARY KEY, no hotline.order_no);
\echo 'applying for 6,000 visits (each through the engine) ...'
INSERT INTO hvb.visit (no)
SELECT hotline.apply_home_visit('110101', 'hvb-zwfw', 'illness_disability', '残疾人证', '为行动不便的老人办理居住证续签 ' || g,
                                '东城区和平里七区' || g || '号楼', citizen_phone => '139' || lpad(g::text, 8, '0'),
                                citizen_email => CASE WHEN g % 2 = 0 THEN 'citizen' || g || '@example.com' END,
                                qualifications => '{household}')
FROM generate_series(1, 6000) g;
ANALYZE hvb.visit;

CREATE TABLE hvb.timing (what text, ms double precision);
-- the timing of one statement per call of f(n), n from lo to hi
CREATE FUNCTION hvb.time_calls(what text, q text, lo integer, hi integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    t0  timestamptz;
BEGIN
    FOR i IN lo .. hi LOOP
        t0 := clock_timestamp();
        EXECUTE q USING i;
        INSERT INTO hvb.timing VALUES (what, extract(epoch FROM clock_timestamp() - t0) * 1000);
    END LOOP;
END $$;

-- approve: a plain engine action on the unit's assignment (no hook work)
SELECT hvb.time_calls('approve (an engine action, no hook work)',
    'SELECT hotline.approve_visit(no) FROM hvb.visit WHERE n = $1', 1, 6000);
-- book: staff k at slot k: the first 4,000 fill 200 staff x 20 slots
SELECT hvb.time_calls('book, the first 200 bookings',
    $q$SELECT hotline.book_visit(v.no, s.starts, s.starts + interval '1 hour', ARRAY['hvb_' || (1 + ($1 - 1) % 200)]::name[])
       FROM hvb.visit v, hvb.slot s WHERE v.n = $1 AND s.n = 1 + ($1 - 1) / 200$q$, 1, 200);
SELECT hvb.time_calls('(bookings 201 to 4,000)',
    $q$SELECT hotline.book_visit(v.no, s.starts, s.starts + interval '1 hour', ARRAY['hvb_' || (1 + ($1 - 1) % 200)]::name[])
       FROM hvb.visit v, hvb.slot s WHERE v.n = $1 AND s.n = 1 + ($1 - 1) / 200$q$, 201, 4000);
SELECT hvb.time_calls('book, with 4,000 bookings already made',
    $q$SELECT hotline.book_visit(v.no, s.starts, s.starts + interval '1 hour', ARRAY['hvb_' || (1 + ($1 - 1) % 200)]::name[])
       FROM hvb.visit v, hvb.slot s WHERE v.n = $1 AND s.n = 1 + ($1 - 1) / 200$q$, 4001, 4200);
-- a double booking refused (the staff member is busy at that hour)
CREATE FUNCTION hvb.refused(k integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM hotline.book_visit(v.no, s.starts, s.starts + interval '1 hour', ARRAY['hvb_' || (1 + (k - 4201) % 200)]::name[])
    FROM hvb.visit v, hvb.slot s WHERE v.n = k AND s.n = 1;
EXCEPTION WHEN exclusion_violation THEN
    NULL;
END $$;
SELECT hvb.time_calls('book refused: the staff member is busy (23P01)', 'SELECT hvb.refused($1)', 4201, 4400);
-- reschedule: the same staff member one slot later (a new SEQUENCE, a CANCEL for none)
SELECT hvb.time_calls('reschedule (the same staff, a later hour)',
    $q$SELECT hotline.reschedule_visit(v.no, s.starts, s.starts + interval '1 hour', '市民改约')
       FROM hvb.visit v, hvb.slot s WHERE v.n = $1 AND s.n = 200 + $1$q$, 1, 200);

-- the unit's feed of one month against the same events built directly
SELECT count(*) AS "visits booked in the month of the feed"
FROM hotline.visit_appointment a JOIN hotline.unit u ON u.id = a.unit_id
WHERE u.code = 'hvb-zwfw' AND a.during && tstzrange('2030-03-01 00:00+08', '2030-04-01 00:00+08');
SELECT hvb.time_calls('visit_schedule: a month of the unit (PUBLISH)',
    $q$SELECT length(hotline.visit_schedule('hvb-zwfw', '2030-03-01', '2030-03-31')) + $1$q$, 1, 10);
CREATE TABLE hvb.events AS
SELECT jsonb_agg(jsonb_build_object('uid', a.uid, 'sequence', a.sequence,
           'start', lower(a.during), 'end', upper(a.during),
           'summary', '上门服务 ' || a.order_no::text, 'location', a.place, 'status', 'CONFIRMED',
           'organizer', jsonb_build_object('email', 'smfw@dc.gov.example', 'name', '东城区政务服务中心'))) AS e
FROM hotline.visit_appointment a JOIN hotline.unit u ON u.id = a.unit_id
WHERE u.code = 'hvb-zwfw' AND a.status <> 'cancelled' AND a.during && tstzrange('2030-03-01 00:00+08', '2030-04-01 00:00+08');
SELECT hvb.time_calls('the same events built by hotline.ical_message alone',
    $q$SELECT length(hotline.ical_message('PUBLISH', e, 'Asia/Shanghai')) + $1 FROM hvb.events$q$, 1, 10);

\echo
\echo 'Home visits: milliseconds per call (median, p95), side by side in this run'
SELECT what, count(*) AS calls,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ms))::numeric, 2) AS median_ms,
       round((percentile_cont(0.95) WITHIN GROUP (ORDER BY ms))::numeric, 2) AS p95_ms
FROM hvb.timing GROUP BY what ORDER BY min(ctid);
WITH m AS (SELECT what, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS med FROM hvb.timing GROUP BY what)
SELECT round(((SELECT med FROM m WHERE what LIKE 'book, the first%') / (SELECT med FROM m WHERE what LIKE 'approve%'))::numeric, 2)
           AS "book / approve",
       round(((SELECT med FROM m WHERE what LIKE 'book, with 4,000%') / (SELECT med FROM m WHERE what LIKE 'book, the first%'))::numeric, 2)
           AS "book at 4,000 bookings / at the first 200",
       round(((SELECT med FROM m WHERE what LIKE 'visit_schedule%') / (SELECT med FROM m WHERE what LIKE 'the same events%'))::numeric, 2)
           AS "feed / ical_message alone";
SELECT count(*) AS "outbox messages of the visits", pg_size_pretty(sum(pg_column_size(payload))) AS "their payloads"
FROM hotline.outbox WHERE template = 'home_visit.invitation';
DROP SCHEMA hvb CASCADE;
