-- hotline bench: hotline.import_ics on the worst inputs it accepts, and on
-- the reproducers of 0.1.0 (README, "Importing and exporting iCalendar").
--
-- Every input is made here, on the server (repeat, string_agg), so nothing
-- large crosses the connection or reaches the log.  Each case runs in a new
-- backend (\connect), so that its peak memory is its own: "peak growth" is
-- the backend's VmHWM after the import less its VmRSS before (the input
-- itself already read), from /proc (Linux; needs a superuser, as make bench
-- has); "of it shared" is how much of that is shared buffers the backend
-- touched (RssShmem), which are not its own memory.  "CPU ms" is the
-- backend's user and system time (/proc/self/stat, 10 ms ticks): unlike
-- "ms", it does not grow when other jobs share the cores.
-- An import that succeeds is rolled back by an exception of our own.
--
--   psql -X -d DB -f test/bench/ics.sql      (DB holding hotline)
\set ON_ERROR_STOP 1
\set QUIET 1
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS ics_bench CASCADE;
CREATE SCHEMA ics_bench;
CREATE TABLE ics_bench.input (n serial, name text, ics bytea, source text);
CREATE TABLE ics_bench.result (n int, name text, kbytes int, outcome text, ms numeric,
                               cpu_ms int, rss_mb int, peak_mb int, shared_mb int);
INSERT INTO hotline.calendar (name) VALUES ('bench_ics') ON CONFLICT DO NOTHING;

-- ev(body): one VEVENT with those lines; cal(body): a VCALENDAR around it
CREATE FUNCTION ics_bench.cal(body text) RETURNS bytea LANGUAGE sql
    AS $$ SELECT convert_to(E'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n' || body || E'END:VCALENDAR\r\n', 'UTF8') $$;
CREATE FUNCTION ics_bench.ev(body text) RETURNS text LANGUAGE sql
    AS $$ SELECT E'BEGIN:VEVENT\r\n' || body || E'END:VEVENT\r\n' $$;
-- cjk(n, seed): n random Chinese characters (3 bytes each, incompressible)
CREATE FUNCTION ics_bench.cjk(n int, seed int) RETURNS text LANGUAGE sql
    AS $$ SELECT string_agg(chr(19968 + ((i * 7919 + seed * 104729) % 20000)), '') FROM generate_series(1, n) i $$;
-- cpums(): the backend's user and system time so far, in ms
CREATE FUNCTION ics_bench.cpums() RETURNS int LANGUAGE sql
    AS $$ SELECT 10 * (split_part(s, ' ', 14)::int + split_part(s, ' ', 15)::int)
          FROM pg_read_file('/proc/self/stat') s $$;
-- vmkb(field): a field of /proc/self/status, in kB
CREATE FUNCTION ics_bench.vmkb(field text) RETURNS int LANGUAGE sql
    AS $$ SELECT substring(pg_read_file('/proc/self/status') FROM field || ':\s*(\d+)')::int $$;

-- run(n): import input n, record outcome, time and memory
CREATE FUNCTION ics_bench.run(k int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    i record;
    rss int;
    shm int;
    cpu int;
    t0 timestamptz;
    outcome text;
    st text;
    msg text;
BEGIN
    SELECT * INTO i FROM ics_bench.input WHERE n = k;
    i.ics := i.ics || ''::bytea;        -- detoasted before the baseline
    rss := ics_bench.vmkb('VmRSS');
    shm := ics_bench.vmkb('RssShmem');
    cpu := ics_bench.cpums();
    t0 := clock_timestamp();
    BEGIN
        outcome := 'imported ' || hotline.import_ics('bench_ics', i.ics, source => i.source) || ' days';
        RAISE EXCEPTION USING ERRCODE = 'HLB01', MESSAGE = outcome;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
        outcome := CASE WHEN st = 'HLB01' THEN msg ELSE st || ' ' || left(msg, 60) END;
    END;
    INSERT INTO ics_bench.result
    VALUES (k, i.name, length(i.ics) / 1024, outcome,
            round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1000),
            ics_bench.cpums() - cpu, rss / 1024, (ics_bench.vmkb('VmHWM') - rss) / 1024,
            (ics_bench.vmkb('RssShmem') - shm) / 1024);
END $$;

-- the reproducers of 0.1.0 (/work/shared/research/repro-0.1.0)
INSERT INTO ics_bench.input (name, ics, source) VALUES
    ('0.1.0 repro: 99,004 days, 9 kB source',
     ics_bench.cal(ics_bench.ev(E'DTSTART;VALUE=DATE:19000101\r\nDTEND;VALUE=DATE:21710124\r\nSUMMARY:x\r\n')),
     repeat('s', 9000)),
    ('0.1.0 repro: 99,004 days',
     ics_bench.cal(ics_bench.ev(E'DTSTART;VALUE=DATE:19000101\r\nDTEND;VALUE=DATE:21710124\r\nSUMMARY:x\r\n')),
     NULL),
    ('0.1.0 repro: one 15 MB line',
     ics_bench.cal('X-FOO:' || repeat('A', 15 * 1024 * 1024) || E'\r\n'
                   || ics_bench.ev(E'DTSTART;VALUE=DATE:20300101\r\n')),
     NULL);

-- the worst accepted inputs, one limit at a time
INSERT INTO ics_bench.input (name, ics, source) VALUES
    -- 16 MB: 2,000 lines of 8,000 bytes, 10 parameters each
    ('16 MB, lines of 8,000 bytes, 10 parameters',
     ics_bench.cal(repeat('X-FOO' || repeat(';X-P=' || repeat('A', 791), 10) || E':v\r\n', 2040)
                   || ics_bench.ev(E'DTSTART;VALUE=DATE:20300101\r\n')),
     NULL),
    -- 16 MB: 2,000 lines of 8,000 bytes folded every 75 bytes
    ('16 MB, lines of 8,000 bytes folded',
     ics_bench.cal(repeat('DESCRIPTION:' || repeat(repeat('A', 74) || E'\r\n ', 105) || E'x\r\n', 2050)
                   || ics_bench.ev(E'DTSTART;VALUE=DATE:20300101\r\n')),
     NULL),
    -- 50,000 content lines, almost all EXDATE values (libical's heaviest)
    ('50,000 lines: EXDATE values',
     ics_bench.cal(ics_bench.ev(E'DTSTART;VALUE=DATE:20300101\r\nSUMMARY:x\r\n'
                   || (SELECT string_agg('EXDATE;VALUE=DATE:' || l, E'\r\n') || E'\r\n'
                       FROM (SELECT string_agg(to_char(date '2031-01-01' + i, 'YYYYMMDD'), ',') l
                             FROM generate_series(0, 49979) i GROUP BY i / 500) x))),
     NULL),
    -- 50,000 content lines: 9,995 events of one day, 200-character notes
    ('9,995 events, 200-character notes, source',
     ics_bench.cal((SELECT string_agg(ics_bench.ev('DTSTART;VALUE=DATE:' || to_char(date '2000-01-01' + i, 'YYYYMMDD')
                                                   || E'\r\nSUMMARY:' || ics_bench.cjk(200, i) || E'\r\n'), '')
                    FROM generate_series(1, 9995) i)),
     ics_bench.cjk(200, 0)),
    -- 10,000 days of one event, 200-character note and source
    ('10,000 days, 200-character note, source',
     ics_bench.cal(ics_bench.ev(E'DTSTART;VALUE=DATE:20000101\r\nDTEND;VALUE=DATE:'
                                || to_char(date '2000-01-01' + 10000, 'YYYYMMDD')
                                || E'\r\nSUMMARY:' || ics_bench.cjk(200, 1) || E'\r\n')),
     ics_bench.cjk(200, 2)),
    -- 10,000 days from 10 overlapping daily rules of 4,000 days, 3,000 EXDATE each
    ('10,000 days by RRULE, 30,000 EXDATE',
     ics_bench.cal(repeat(ics_bench.ev(E'DTSTART;VALUE=DATE:20000101\r\nRRULE:FREQ=DAILY;COUNT=4000\r\n'
                                       || (SELECT string_agg('EXDATE;VALUE=DATE:' || l, E'\r\n') || E'\r\n'
                                           FROM (SELECT string_agg(to_char(date '2000-01-01' + j, 'YYYYMMDD'), ',') l
                                                 FROM generate_series(0, 3999) j WHERE j % 4 <> 0
                                                 GROUP BY j / 600) x)), 10)),
     NULL),
    -- the RRULE budget: 16 yearly rules of 300 years, BYMONTHDAY and BYDAY
    ('RRULE budget: YEARLY, 4,800 years',
     ics_bench.cal(repeat(ics_bench.ev(E'DTSTART;VALUE=DATE:19000101\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=2,3,4,5,6,7,8;BYDAY=TU;COUNT=300\r\n'), 16)),
     NULL),
    -- the RRULE budget: 8,000 months, BYMONTHDAY and BYDAY
    ('RRULE budget: MONTHLY, 8,000 months',
     ics_bench.cal(repeat(ics_bench.ev(E'DTSTART;VALUE=DATE:19000101\r\nRRULE:FREQ=MONTHLY;BYMONTHDAY=13,14,15,16,17,18,19;BYDAY=FR;COUNT=1000\r\n'), 8)),
     NULL),
    -- the RRULE budget: 40,000 days of daily rules, one day in seven
    ('RRULE budget: DAILY, 40,000 days',
     ics_bench.cal(repeat(ics_bench.ev(E'DTSTART;VALUE=DATE:20000101\r\nRRULE:FREQ=DAILY;BYDAY=MO;UNTIL=20270518\r\n'), 4)),
     NULL),
    -- all at once: 20 time zone rules since 1600, 1,000 timed events in
    -- 2100 in that zone (each converted through them), 8,900 more events,
    -- 200-character notes, source
    ('20 zone rules, 1,000 times, 9,900 events',
     ics_bench.cal(E'BEGIN:VTIMEZONE\r\nTZID:Z\r\n'
                   || (SELECT string_agg(format(E'BEGIN:%s\r\nDTSTART:%s0101T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=%s;BYDAY=%sSU\r\nTZOFFSETFROM:+0%s00\r\nTZOFFSETTO:+0%s00\r\nEND:%s\r\n',
                                                 CASE WHEN i % 2 = 0 THEN 'STANDARD' ELSE 'DAYLIGHT' END,
                                                 1600 + i, 1 + i % 12, 1 + i % 4, i % 2 + 7, (i + 1) % 2 + 7,
                                                 CASE WHEN i % 2 = 0 THEN 'STANDARD' ELSE 'DAYLIGHT' END), '')
                       FROM generate_series(0, 19) i)
                   || E'END:VTIMEZONE\r\n'
                   || (SELECT string_agg(ics_bench.ev(CASE WHEN i <= 1000
                                                           THEN 'DTSTART;TZID=Z:' || to_char(date '2100-01-01' + i, 'YYYYMMDD') || 'T120000'
                                                           ELSE 'DTSTART;VALUE=DATE:' || to_char(date '2000-01-01' + i, 'YYYYMMDD') END
                                                      || E'\r\nSUMMARY:' || ics_bench.cjk(200, i) || E'\r\n'), '')
                       FROM generate_series(1, 9900) i)),
     ics_bench.cjk(200, 0));

\connect
SELECT ics_bench.run(1);
\connect
SELECT ics_bench.run(2);
\connect
SELECT ics_bench.run(3);
\connect
SELECT ics_bench.run(4);
\connect
SELECT ics_bench.run(5);
\connect
SELECT ics_bench.run(6);
\connect
SELECT ics_bench.run(7);
\connect
SELECT ics_bench.run(8);
\connect
SELECT ics_bench.run(9);
\connect
SELECT ics_bench.run(10);
\connect
SELECT ics_bench.run(11);
\connect
SELECT ics_bench.run(12);
\connect
SELECT ics_bench.run(13);

\unset QUIET
SELECT name AS "input", kbytes AS "kB", outcome, ms, cpu_ms AS "CPU ms", rss_mb AS "RSS before, MB",
       peak_mb AS "peak growth, MB", shared_mb AS "of it shared, MB"
FROM ics_bench.result ORDER BY n;
\set QUIET 1
SET client_min_messages = warning;
DROP SCHEMA ics_bench CASCADE;
DELETE FROM hotline.calendar WHERE name = 'bench_ics';
