-- Calendar benchmark (issue 2, R-12): hotline.deadline against native
-- timestamp arithmetic and against the usual SQL over the days table,
-- side by side in one run.  Run with `make bench`; figures go to README.
--
-- Each case is timed inside one DO block with clock_timestamp(), best of
-- three runs, so that the ratios compare like with like on a noisy machine.

\set QUIET on
\pset footer off
SET client_min_messages = warning;
SET hotline.warn_uncovered = off;
SET max_parallel_workers_per_gather = 0;
SET jit = off;

DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;

-- 500,000 acceptance instants spread over 2020-2026 (reproducible)
SELECT setseed(0.42) \g /dev/null
CREATE TABLE bench.ts AS
SELECT timestamptz '2020-01-01 00:00+08' + random() * interval '2500 days' AS ts
FROM generate_series(1, 500000);
ANALYZE bench.ts;

-- The usual way: the Nth working day found by querying the days table.
CREATE FUNCTION bench.sql_deadline(start timestamptz, n integer) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
    SELECT ((d.day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
    FROM (
        SELECT g::date AS day
        FROM generate_series((start AT TIME ZONE 'Asia/Shanghai')::date + 1,
                             (start AT TIME ZONE 'Asia/Shanghai')::date + 3 * n + 30,
                             interval '1 day') AS g
        LEFT JOIN hotline.calendar_day cd ON cd.calendar = 'cn' AND cd.day = g::date
        WHERE coalesce(cd.kind = 'workday', extract(isodow FROM g) < 6)
        ORDER BY g
        OFFSET n - 1 LIMIT 1
    ) AS d
$$;

CREATE TABLE bench.result (name text, rows bigint, ms numeric);

CREATE PROCEDURE bench.time(name text, sql text, nrows bigint) LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    best numeric := NULL;
    ms numeric;
BEGIN
    FOR i IN 1..3 LOOP
        t0 := clock_timestamp();
        EXECUTE sql;
        ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
        best := least(coalesce(best, ms), ms);
    END LOOP;
    INSERT INTO bench.result VALUES (name, nrows, round(best, 1));
END $$;

-- warm the calendar cache and the table
SELECT count(hotline.deadline('cn', ts, '7 working days')) FROM bench.ts \g /dev/null

CALL bench.time('native: ts + interval ''7 days''',
    'SELECT max(ts + interval ''7 days'') FROM bench.ts', 500000);
CALL bench.time('hotline.deadline(''cn'', ts, ''7 working days'')',
    'SELECT max(hotline.deadline(''cn'', ts, ''7 working days'')) FROM bench.ts', 500000);
CALL bench.time('hotline.deadline(''cn'', ts, ''4 working hours'')',
    'SELECT max(hotline.deadline(''cn'', ts, ''4 working hours'')) FROM bench.ts', 500000);
CALL bench.time('SQL over calendar_day (first 20,000 rows)',
    'SELECT max(bench.sql_deadline(ts, 7)) FROM (SELECT ts FROM bench.ts LIMIT 20000) s', 20000);
CALL bench.time('hotline.working_days over a year',
    'SELECT sum(hotline.working_days(''cn'', (ts AT TIME ZONE ''Asia/Shanghai'')::date, (ts AT TIME ZONE ''Asia/Shanghai'')::date + 364)) FROM bench.ts', 500000);
CALL bench.time('SQL count over calendar_day for a year (first 20,000 rows)',
    'SELECT sum((SELECT count(*) FROM generate_series(d, d + 364, interval ''1 day'') g
                 LEFT JOIN hotline.calendar_day cd ON cd.calendar = ''cn'' AND cd.day = g::date
                 WHERE coalesce(cd.kind = ''workday'', extract(isodow FROM g) < 6)))
       FROM (SELECT (ts AT TIME ZONE ''Asia/Shanghai'')::date AS d FROM bench.ts LIMIT 20000) s', 20000);
CALL bench.time('hotline.working_time over a month',
    'SELECT sum(hotline.working_time(''cn'', ts, ts + interval ''1 month'')) FROM bench.ts', 500000);

\echo
\echo 'Calendar benchmark: best of 3, one query per case'
SELECT name AS "case",
       rows,
       ms AS "total ms",
       round(ms * 1000000 / rows) AS "ns per call",
       round((ms / rows) / (SELECT ms / rows FROM bench.result WHERE name LIKE 'native%'), 2)
           AS "x native"
FROM bench.result;

DROP SCHEMA bench CASCADE;
