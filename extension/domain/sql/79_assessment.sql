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
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE ROWS 1 SET search_path = pg_catalog, pg_temp AS $$
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
