-- ---------------------------------------------------------------------------
-- The assessment of handling units (R-9.3; issue 11): what it is built on.
-- A unit's figures include its sub-units', at any depth (hotline.unit_tree),
-- and the composite score weighs the rates by weights that are data
-- (hotline.assessment_weight; Beijing's practice: response 10, resolution
-- 45, satisfaction 45).
-- ---------------------------------------------------------------------------

-- Every unit under each unit, itself included (depth 0), at any depth; a
-- cycle of parents (bad data) is walked once.
CREATE VIEW @extschema@.unit_tree AS
WITH RECURSIVE tree (ancestor_id, unit_id, depth) AS (
    SELECT u.id, u.id, 0 FROM @extschema@.unit u
    UNION ALL
    SELECT t.ancestor_id, c.id, t.depth OPERATOR(pg_catalog.+) 1
    FROM tree t JOIN @extschema@.unit c ON c.parent_id = t.unit_id
) CYCLE unit_id SET is_cycle USING path
SELECT t.ancestor_id, a.code AS ancestor_code, t.unit_id, u.code AS unit_code, t.depth
FROM tree t
JOIN @extschema@.unit a ON a.id = t.ancestor_id
JOIN @extschema@.unit u ON u.id = t.unit_id
WHERE NOT t.is_cycle;
COMMENT ON VIEW @extschema@.unit_tree IS
    'every unit under each unit (ancestor), itself included at depth 0, at any depth (a cycle of parents walked once): a unit''s figures include its sub-units'' (R-9.3)';

-- The weights of the composite score: each rate times its weight, summed,
-- over the sum of the weights (a weight of 0 leaves a rate out).
CREATE TABLE @extschema@.assessment_weight (
    measure     text PRIMARY KEY CHECK (measure IN ('response', 'resolution', 'satisfaction', 'on_time', 'closure')),
    weight      numeric NOT NULL CHECK (weight >= 0),
    builtin     boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.assessment_weight IS
    'the weights of the assessment''s composite score (R-9.3): score = sum(rate x weight) / sum(weight) over the measures response, resolution, satisfaction, on_time, closure; the built-in ones are Beijing''s 10/45/45 (response, resolution, satisfaction)';
INSERT INTO @extschema@.assessment_weight (measure, weight, builtin) VALUES
    ('response', 10, true), ('resolution', 45, true), ('satisfaction', 45, true);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.assessment_weight', 'WHERE NOT builtin');
REVOKE ALL ON @extschema@.assessment_weight FROM PUBLIC;

-- The periods of the reports (R-9.1, R-9.2): the day, ISO week (Monday
-- first), month, quarter or year that contains day, as dates of the report
-- time zone (end exclusive), with the period before it (环比) and the same
-- period a year earlier (同比; of a week: the week containing the same date
-- a year earlier), and a label (2026-12-03, 2026-W49, 2026-12, 2026-Q4, 2026).
CREATE FUNCTION @extschema@.report_period(kind text, day date)
RETURNS TABLE (period_start date, period_end date, previous_start date, previous_end date,
               last_year_start date, last_year_end date, label text)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    step interval;
    s date;
    y date;
BEGIN
    IF report_period.kind IS NULL OR report_period.day IS NULL THEN
        RAISE EXCEPTION 'kind and day must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass e.g. hotline.report_period(''month'', ''2026-12-03'').';
    END IF;
    IF NOT report_period.kind = ANY (ARRAY['day', 'week', 'month', 'quarter', 'year']) THEN
        RAISE EXCEPTION 'unknown kind of period "%"', report_period.kind
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The periods are day, week, month, quarter and year (R-9.1).',
                  HINT = 'Pass e.g. hotline.report_period(''month'', ''2026-12-03'').';
    END IF;
    IF NOT isfinite(report_period.day) THEN
        RAISE EXCEPTION 'day must be a date, not %', report_period.day
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    step := CASE report_period.kind WHEN 'day' THEN interval '1 day' WHEN 'week' THEN interval '7 days'
                 WHEN 'month' THEN interval '1 month' WHEN 'quarter' THEN interval '3 months' ELSE interval '1 year' END;
    s := date_trunc(report_period.kind, report_period.day::timestamp)::date;
    y := date_trunc(report_period.kind, (report_period.day - interval '1 year'))::date;
    RETURN QUERY SELECT s, (s + step)::date, (s - step)::date, s, y, (y + step)::date,
        CASE report_period.kind
            WHEN 'day' THEN to_char(s, 'YYYY-MM-DD')
            WHEN 'week' THEN to_char(s, 'IYYY-"W"IW')
            WHEN 'month' THEN to_char(s, 'YYYY-MM')
            WHEN 'quarter' THEN to_char(s, 'YYYY-"Q"Q')
            ELSE to_char(s, 'YYYY') END;
END $$;
COMMENT ON FUNCTION @extschema@.report_period(text, date) IS
    'the report period of kind day, week (ISO, Monday first), month, quarter or year containing day: its start and end (exclusive), the period before (环比), the same period a year earlier (同比), a label (R-9.1, R-9.2)';

-- Hot spots of a period (热点, R-9.2): the topics or the regions whose
-- orders rose most against the period before (环比), with both counts and
-- the rise; orders counted by the day they were accepted in the report
-- time zone.  Read straight from the orders of the two periods (a scan),
-- until the rollups of issue 11 keep the counts.
CREATE FUNCTION @extschema@.hot_spots(dimension text, kind text, day date, top integer DEFAULT 10)
RETURNS TABLE (code text, name text, orders bigint, previous_orders bigint, rise bigint, rise_rate numeric)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    p   record;
    tz  text := @extschema@.report_time_zone();
BEGIN
    IF hot_spots.dimension IS NULL OR NOT hot_spots.dimension = ANY (ARRAY['topic', 'region']) THEN
        RAISE EXCEPTION 'unknown dimension "%"', hot_spots.dimension
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Hot spots are counted by topic or by region.',
                  HINT = 'Pass e.g. hotline.hot_spots(''topic'', ''month'', ''2026-12-03'').';
    END IF;
    IF hot_spots.top IS NULL OR hot_spots.top NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION 'top must be between 1 and 1000, not %', hot_spots.top
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO p FROM @extschema@.report_period(hot_spots.kind, hot_spots.day);
    RETURN QUERY
    WITH counted AS (
        SELECT CASE hot_spots.dimension WHEN 'topic' THEN t.code ELSE w.region END AS code,
               CASE hot_spots.dimension WHEN 'topic' THEN t.name ELSE w.region END AS name,
               pg_catalog.count(*) FILTER (WHERE w.accepted_at >= (p.period_start::timestamp AT TIME ZONE tz)) AS now_n,
               pg_catalog.count(*) FILTER (WHERE w.accepted_at < (p.previous_end::timestamp AT TIME ZONE tz)) AS before_n
        FROM @extschema@.work_order w
        LEFT JOIN @extschema@.topic t ON t.id = w.topic_id
        WHERE w.accepted_at >= (p.previous_start::timestamp AT TIME ZONE tz)
          AND w.accepted_at < (p.period_end::timestamp AT TIME ZONE tz)
          AND (hot_spots.dimension = 'region' OR w.topic_id IS NOT NULL)
        GROUP BY 1, 2
    )
    SELECT c.code, c.name, c.now_n, c.before_n, c.now_n - c.before_n,
           CASE WHEN c.before_n > 0 THEN pg_catalog.round((c.now_n - c.before_n)::numeric / c.before_n, 4) END
    FROM counted c
    WHERE c.now_n > 0
    ORDER BY c.now_n - c.before_n DESC, c.now_n DESC, c.code
    LIMIT hot_spots.top;
END $$;
COMMENT ON FUNCTION @extschema@.hot_spots(text, text, date, integer) IS
    'hot spots (热点, R-9.2) of the period of kind containing day: the top topics or regions by the rise of their orders against the period before (环比), with both counts, the rise and the rise rate (rise / before; NULL when there were none before)';
REVOKE ALL ON FUNCTION @extschema@.hot_spots(text, text, date, integer) FROM PUBLIC;
