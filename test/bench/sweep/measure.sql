-- Sweep benchmark (test/bench/sweep.sh): the sweep's time at the current
-- number of open orders, printed as "label value" lines:
--   nothing_due_ms   median of 21 sweeps with nothing due
--   due_ms           median of 3 sweeps of :due orders made a day late (each
--                    in a subtransaction rolled back afterwards, so every
--                    run starts from the same state): the oldest open
--                    orders, as deadlines come due in the order of dispatch
--   due_handled      the hastenings the sweeps sent (the smallest of the 3)
--   scattered_ms     the same with the late orders spread over all open
--                    orders (every ~100th): the worst case for caches
--   scattered_handled
\set ON_ERROR_STOP on
\set QUIET on
SET client_min_messages = warning;
SET hotline.warn_uncovered = off;
SET jit = off;

CREATE OR REPLACE FUNCTION pg_temp.time_sweep(due integer, scattered boolean,
                                               OUT ms double precision, OUT handled integer)
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    r jsonb;
BEGIN
    -- make `due` units a day late (through the triggers, as a real change would)
    IF scattered THEN
        UPDATE hotline.assignment a SET reply_due = now() - interval '1 day'
        WHERE a.id IN (SELECT x.id FROM hotline.assignment x WHERE x.closed_at IS NULL
                       ORDER BY x.id % 97, x.id LIMIT due);
    ELSE
        UPDATE hotline.assignment a SET reply_due = now() - interval '1 day'
        WHERE a.id IN (SELECT x.id FROM hotline.assignment x WHERE x.closed_at IS NULL
                       ORDER BY x.reply_due, x.id LIMIT due);
    END IF;
    -- hastenings are sent at the units' next opening after the deadline:
    -- due now, whatever the hour the benchmark runs
    UPDATE hotline.alarm al SET fire_at = now() - interval '1 second'
    FROM hotline.assignment a
    WHERE a.reply_due = now() - interval '1 day' AND a.closed_at IS NULL AND al.assignment_id = a.id
      AND al.rule = 'hasten_reply';
    t0 := clock_timestamp();
    r := hotline.sweep(due);
    ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
    handled := (r ->> 'hastenings')::integer;
    RAISE EXCEPTION USING ERRCODE = 'P0099', MESSAGE = ms || ' ' || handled;
EXCEPTION WHEN SQLSTATE 'P0099' THEN
    ms := split_part(SQLERRM, ' ', 1)::double precision;
    handled := split_part(SQLERRM, ' ', 2)::integer;
END $$;

CREATE OR REPLACE FUNCTION pg_temp.time_idle() RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    times double precision[] := '{}';
BEGIN
    FOR i IN 1 .. 21 LOOP
        t0 := clock_timestamp();
        PERFORM hotline.sweep();
        times := times || extract(epoch FROM clock_timestamp() - t0) * 1000;
    END LOOP;
    RETURN (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(times) x);
END $$;

SELECT 'open_orders ' || count(*) FROM hotline.work_order WHERE closed_at IS NULL;
SELECT 'nothing_due_ms ' || round(pg_temp.time_idle()::numeric, 3);
SELECT 'due_ms ' || round((percentile_disc(0.5) WITHIN GROUP (ORDER BY t.ms))::numeric, 1)
       || E'\n' || 'due_handled ' || min(t.handled)
FROM (SELECT (pg_temp.time_sweep(:due, false)).* FROM generate_series(1, 3)) t;
SELECT 'scattered_ms ' || round((percentile_disc(0.5) WITHIN GROUP (ORDER BY t.ms))::numeric, 1)
       || E'\n' || 'scattered_handled ' || min(t.handled)
FROM (SELECT (pg_temp.time_sweep(:due, true)).* FROM generate_series(1, 3)) t;
