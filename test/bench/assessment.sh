#!/usr/bin/env bash
# hotline: what the reports cost (issue 11), run by `make bench`
# (test/bench/run.sh).
#
# 1. A month's assessment of every unit with its comparisons
#    (hotline.unit_assessment: the month, the month before, the same month
#    a year earlier) read from the rollups, with 1,000,000 and then
#    10,000,000 assignments in the tables, all of them dispatched in the 13
#    months it reads (the month holds ten times as many in the second
#    case): 248 units (16 districts of 12 streets, 40 departments), 40
#    topics, 16 regions, 6 channels.  The facts are generated (set-based,
#    like the engine benchmark's orders) and folded into the rollups by the
#    job's own hotline.statistics_apply, a day at a time.  Median of 21 runs
#    each; the ratio 10M / 1M is the figure (target under 1.5, and under
#    100 ms).
# 2. What folding costs, against the engine's work on the same orders: 2,000
#    orders go through a whole life (accept, dispatch, sign for, reply,
#    review, callback, close: seven actions) through the engine, then the
#    job folds them (hotline.refresh_statistics(true)).  The actions pay
#    nothing for the rollups (no trigger, no counter row); the job's time
#    over the lifecycles' time is the statistics' share of the work.
#
# Needs the libpq environment of the bench's cluster (test/bench/run.sh).
set -euo pipefail

BINDIR=${HOTLINE_PG_BINDIR:-/usr/lib/postgresql/15/bin}
DB=hotline_bench_assessment
# (smaller sizes for a quick try: HOTLINE_BENCH_SMALL, HOTLINE_BENCH_LARGE)
SMALL=${HOTLINE_BENCH_SMALL:-1000000}
LARGE=${HOTLINE_BENCH_LARGE:-10000000}
PSQL0=("$BINDIR/psql" -X -q -v ON_ERROR_STOP=1)
PSQL=("${PSQL0[@]}" -d "$DB")
# a database of its own: the orders it makes stay out of the other benchmarks
"${PSQL0[@]}" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
trap '"${PSQL0[@]}" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true' EXIT
"${PSQL[@]}" -c "SET client_min_messages = warning" -c "CREATE EXTENSION hotline CASCADE"

"${PSQL[@]}" <<'SQL'
SET client_min_messages = warning;
CREATE SCHEMA bench_assessment;
-- 16 districts of 12 streets each, 40 city departments, 40 topics
INSERT INTO hotline.unit (code, name, region, kind, level)
SELECT 'ba-d' || d, '区' || d, (110100 + d)::text, 'district', 1 FROM generate_series(1, 16) d
UNION ALL SELECT 'ba-w' || w, '委办局' || w, '110000', 'department', 1 FROM generate_series(1, 40) w;
INSERT INTO hotline.unit (code, name, region, kind, level, parent_id)
SELECT 'ba-d' || d || '-s' || s, '区' || d || '街道' || s, (110100 + d)::text, 'subdistrict', 2, p.id
FROM generate_series(1, 16) d, generate_series(1, 12) s JOIN hotline.unit p ON true
WHERE p.code = 'ba-d' || d;
INSERT INTO hotline.topic (code, name) SELECT 'ba-t' || t, '主题' || t FROM generate_series(1, 40) t;
CREATE TABLE bench_assessment.unit AS SELECT row_number() OVER (ORDER BY id) AS n, id, region FROM hotline.unit
    WHERE code LIKE 'ba-%' AND id NOT IN (SELECT parent_id FROM hotline.unit WHERE parent_id IS NOT NULL);
CREATE TABLE bench_assessment.topic AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM hotline.topic WHERE code LIKE 'ba-t%';

-- facts of n assignments from number first on, spread over the 395 days
-- before 2026-12-01 (13 months), one order each; a day at a time: its facts
-- generated, then folded into the rollups by the job's own
-- hotline.statistics_apply
CREATE FUNCTION bench_assessment.load(first bigint, n bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    g0 bigint;
    d date;
BEGIN
    FOR k IN 0 .. 394 LOOP
        g0 := first + ((k - first % 395) + 395) % 395;
        d := date '2026-12-01' - 1 - k;
        INSERT INTO hotline.assignment_fact
        SELECT x.order_no, g, u.id, d, t.id, u.region,
               (ARRAY['phone', 'phone', 'phone', 'website', 'wechat', 'app'])[1 + g % 6],
               x.at, g % 50 = 0, g % 23 = 0, false, g % 10 <> 0, x.at + interval '3 hours', x.at + interval '1 day',
               g % 7 <> 0, g % 10 <> 0, x.at + interval '2 days', x.at + interval '7 days', g % 10 <> 0, g % 9 <> 0,
               (g % 17 = 0)::int, (g % 31 = 0)::int, (g % 13 = 0)::int, (g % 97 = 0)::int, 0, g % 19 = 0,
               CASE WHEN g % 10 = 0 THEN NULL WHEN g % 11 = 0 THEN 'unreached' WHEN g % 8 = 0 THEN 'dissatisfied'
                    ELSE 'satisfied' END,
               CASE WHEN g % 10 = 0 OR g % 11 = 0 THEN NULL ELSE g % 6 <> 0 END
        FROM generate_series(g0, first + n - 1, 395) g
        CROSS JOIN LATERAL (SELECT ('110101-' || to_char(d, 'YYYYMMDD') || '-' || lpad(g::text, 8, '0'))::hotline.order_no AS order_no,
                                   (d + time '10:00') AT TIME ZONE 'Asia/Shanghai' AS at) x
        JOIN bench_assessment.unit u ON u.n = 1 + (g * 7919) % 232
        JOIN bench_assessment.topic t ON t.n = 1 + (g * 104729) % 40;
        PERFORM hotline.statistics_apply(ARRAY(SELECT '110101-' || to_char(d, 'YYYYMMDD') || '-' || lpad(g::text, 8, '0')
                                               FROM generate_series(g0, first + n - 1, 395) g)::hotline.order_no[], 1);
    END LOOP;
END $$;

-- the median time of 21 runs of a month's assessment of every unit
CREATE FUNCTION bench_assessment.time_month() RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
    t timestamptz;
    ms numeric[] := '{}';
BEGIN
    PERFORM count(*) FROM hotline.unit_assessment('month', '2026-11-15');
    FOR i IN 1 .. 21 LOOP
        t := clock_timestamp();
        PERFORM count(*) FROM hotline.unit_assessment('month', '2026-11-15');
        ms := ms || (extract(epoch FROM clock_timestamp() - t) * 1000)::numeric;
    END LOOP;
    RETURN (SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY m)::numeric, 2) FROM unnest(ms) m);
END $$;
SQL

"${PSQL[@]}" -c "SET client_min_messages = warning" -c "SELECT bench_assessment.load(1, $SMALL)" >/dev/null
"${PSQL[@]}" -c "VACUUM ANALYZE hotline.assignment_fact, hotline.assessment_rollup" >/dev/null
ms1=$("${PSQL[@]}" -At -c "SELECT bench_assessment.time_month()")
rows1=$("${PSQL[@]}" -At -c "SELECT count(*) FROM hotline.assessment_rollup WHERE NOT detail AND day >= '2025-11-01'")
"${PSQL[@]}" -c "SET client_min_messages = warning" -c "SELECT bench_assessment.load($SMALL + 1, $LARGE - $SMALL)" >/dev/null
"${PSQL[@]}" -c "VACUUM ANALYZE hotline.assignment_fact, hotline.assessment_rollup" >/dev/null
ms10=$("${PSQL[@]}" -At -c "SELECT bench_assessment.time_month()")
rows10=$("${PSQL[@]}" -At -c "SELECT count(*) FROM hotline.assessment_rollup WHERE NOT detail AND day >= '2025-11-01'")
echo "month's assessment of 248 units with 环比 and 同比 (median of 21):"
echo "  $SMALL assignments: $ms1 ms ($rows1 rollup rows per day and unit)"
echo "  $LARGE assignments: $ms10 ms ($rows10 rollup rows per day and unit)"
echo "  ratio large / small: $(echo "scale=3; $ms10 / $ms1" | bc)"

"${PSQL[@]}" -c "TRUNCATE hotline.assignment_fact, hotline.order_fact, hotline.assessment_rollup, hotline.order_rollup, hotline.statistics_check" >/dev/null
"${PSQL[@]}" -At <<'SQL'
SET client_min_messages = warning;
SET hotline.warn_uncovered = off;
SELECT hotline.refresh_statistics(true) \g /dev/null
CREATE FUNCTION bench_assessment.fold(n integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    t timestamptz := clock_timestamp();
    o hotline.order_no;
    u text;
    life numeric;
    fold numeric;
    inc numeric;
BEGIN
    FOR i IN 1 .. n LOOP
        u := 'ba-d1-s' || (1 + i % 12);
        o := hotline.accept('110101', 'complaint', 'phone', '东直门北小街路灯连续一周不亮，夜间行人摔倒' || i,
                            topic => 'ba-t' || (1 + i % 40), citizen_phone => '139' || lpad(i::text, 8, '0'));
        PERFORM hotline.dispatch(o, u, '请核实处理并答复市民');
        PERFORM hotline.sign_for(o, u);
        PERFORM hotline.reply(o, u, '已更换灯具，路灯恢复照明', true, 'phone', contacted_at => now());
        PERFORM hotline.review(o, true);
        PERFORM hotline.callback(o, 'satisfied', 'satisfied', solved => true);
        PERFORM hotline.close_order(o);
    END LOOP;
    life := extract(epoch FROM clock_timestamp() - t) * 1000;
    t := clock_timestamp();
    PERFORM hotline.refresh_statistics(true);
    fold := extract(epoch FROM clock_timestamp() - t) * 1000;
    t := clock_timestamp();
    PERFORM hotline.refresh_statistics();
    inc := extract(epoch FROM clock_timestamp() - t) * 1000;
    RETURN format(E'folding %s orders of 7 actions each:\n  lifecycles through the engine: %s ms\n'
                  '  job, everything: %s ms (%s of the lifecycles)\n  job, incremental (the same orders again): %s ms (%s)',
                  n, round(life), round(fold), round(fold / life, 3), round(inc), round(inc / life, 3));
END $$;
SELECT bench_assessment.fold(2000);
SQL
