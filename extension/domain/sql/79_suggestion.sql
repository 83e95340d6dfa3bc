-- ---------------------------------------------------------------------------
-- Suggesting the unit (辅助派单, issue 12, R-4.4): for an order, the units
-- most likely responsible, ranked, each with its evidence: the duty
-- articles of the knowledge base (职责: which unit handles what) that
-- match the order's words, and the similar orders of the past year that
-- were dispatched to the unit and kept (not returned, not withdrawn: the
-- statistics' facts).  The dispatcher decides; every suggestion is
-- recorded, and what was dispatched after it says whether it was taken,
-- so that its hit rate is a report (hotline.unit_suggestion_daily).
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.unit_suggestion (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_no        @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    made_at         timestamptz NOT NULL DEFAULT pg_catalog.now(),
    made_by         text NOT NULL,
    units           jsonb NOT NULL CHECK (pg_catalog.jsonb_typeof(units) = 'array')
);
CREATE INDEX ON @extschema@.unit_suggestion (order_no);
CREATE INDEX ON @extschema@.unit_suggestion (made_at);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.unit_suggestion', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.unit_suggestion', 'id')::regclass, '');
COMMENT ON TABLE @extschema@.unit_suggestion IS
    '辅助派单: each suggestion of units made for an order, who asked and when, and the units ranked with their evidence: [{"rank", "unit", "name", "score", "duty": [articles], "orders": [past orders]}]';
REVOKE ALL ON @extschema@.unit_suggestion FROM PUBLIC;

-- The body of hotline.suggest_units' entry point: ranks the units and
-- records the suggestion; returns its id.
CREATE FUNCTION @extschema@.record_suggestion_as(order_no @extschema@.order_no, top integer, actor text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    o       record;
    q       tsquery;
    ranked  jsonb;
    id      bigint;
    words   text;
    phrase  text;
BEGIN
    IF top IS NULL OR top NOT BETWEEN 1 AND 20 THEN
        RAISE EXCEPTION 'top must be between 1 and 20, not %', coalesce(top::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Ask for the first 5 units (the default) up to 20.';
    END IF;
    SELECT w.order_no, w.description, w.demand, w.topic_id, w.accepted_at INTO o
    FROM work_order w WHERE w.order_no OPERATOR(pg_catalog.=) record_suggestion_as.order_no;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'order % does not exist', record_suggestion_as.order_no
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass the number of an order in hotline.work_order.';
    END IF;
    -- any of the order's words, ranked (at most its first 1000 characters),
    -- but the agents' set phrases (市民来电反映 ...), which every order has
    words := left(o.description || ' ' || COALESCE(o.demand, ''), 1000);
    FOREACH phrase IN ARRAY repeat_set_phrases() LOOP
        words := replace(words, phrase, ' ');
    END LOOP;
    q := zh_expand(zh_any(words));

    WITH duty AS (
        -- the duty articles in force that match, best first
        SELECT k.owner_unit AS unit, k.article_id, k.version, k.title,
               ts_rank(to_tsvector('@extschema@.zh', k.title || ' ' || k.body), q) AS r
        FROM kb_in_force k
        WHERE k.kind = 'duty' AND to_tsvector('@extschema@.zh', k.title || ' ' || k.body) @@ q
        ORDER BY r DESC, k.article_id
        LIMIT 20
    ), alike AS (
        -- the most similar orders of the same topic in the past year: of
        -- the 500 newest that share a word (index (topic_id,
        -- accepted_at), newest first: bounded work however common the
        -- words), the 50 best; an order without a topic has none
        SELECT c.order_no, c.accepted_at, ts_rank(c.words, q) AS r
        FROM (SELECT w.order_no, w.accepted_at, x.words
              FROM work_order w
              JOIN order_words x ON x.order_no OPERATOR(pg_catalog.=) w.order_no
              WHERE w.topic_id = o.topic_id
                AND w.accepted_at <= o.accepted_at AND w.accepted_at >= o.accepted_at - interval '1 year'
                AND w.order_no OPERATOR(pg_catalog.<>) o.order_no
                AND x.words @@ q
              ORDER BY w.accepted_at DESC
              LIMIT 500) c
        ORDER BY r DESC, c.accepted_at DESC
        LIMIT 50
    ), past AS (
        -- where they went and stayed: the centre's assignments neither
        -- returned nor withdrawn
        SELECT u.code AS unit, s.order_no, s.accepted_at, s.r
        FROM alike s
        JOIN assignment_fact f ON f.order_no OPERATOR(pg_catalog.=) s.order_no
        JOIN unit u ON u.id = f.unit_id
        WHERE NOT f.returned AND NOT f.withdrawn
    ), per_unit AS (
        SELECT x.unit,
               max(x.duty_r) AS duty_r, sum(x.past_r) AS past_r,
               jsonb_agg(jsonb_build_object('article', x.article_id || ':' || x.version, 'title', x.title,
                                            'rank', round(x.duty_r::numeric, 4))
                         ORDER BY x.duty_r DESC, x.article_id) FILTER (WHERE x.article_id IS NOT NULL) AS duty,
               jsonb_agg(jsonb_build_object('order_no', x.order_no, 'accepted_at', x.accepted_at,
                                            'similarity', round(x.past_r::numeric, 4))
                         ORDER BY x.past_r DESC, x.order_no) FILTER (WHERE x.order_no IS NOT NULL) AS orders
        FROM (SELECT d.unit, d.article_id, d.version, d.title, d.r AS duty_r,
                     NULL::@extschema@.order_no AS order_no, NULL::timestamptz AS accepted_at, NULL::real AS past_r
              FROM duty d
              UNION ALL
              SELECT p.unit, NULL, NULL, NULL, NULL, p.order_no, p.accepted_at, p.r FROM past p) x
        GROUP BY x.unit
    ), scored AS (
        -- each side's share: of the best duty article's rank, of all the
        -- similar orders' ranks; weighed 0.4 and 0.6 (where the centre's
        -- orders went and stayed says more than a duty text that matches
        -- words), a side with no evidence at all left out
        SELECT p.*,
               (0.4 * COALESCE(p.duty_r / NULLIF(max(p.duty_r) OVER (), 0), 0)
                + 0.6 * COALESCE(p.past_r / NULLIF(sum(p.past_r) OVER (), 0), 0))
               / (0.4 * (max(p.duty_r) OVER () IS NOT NULL)::int + 0.6 * (sum(p.past_r) OVER () IS NOT NULL)::int)
               AS score
        FROM per_unit p
    )
    SELECT COALESCE(jsonb_agg(jsonb_build_object(
               'rank', s.n, 'unit', s.unit, 'name', u.name, 'score', round(s.score::numeric, 4),
               'duty', COALESCE(jsonb_path_query_array(s.duty, '$[0 to 2]'), '[]'),
               'orders', COALESCE(jsonb_path_query_array(s.orders, '$[0 to 4]'), '[]')) ORDER BY s.n), '[]')
    INTO ranked
    FROM (SELECT sc.*, row_number() OVER (ORDER BY sc.score DESC, sc.unit) AS n FROM scored sc) s
    JOIN unit u ON u.code = s.unit
    WHERE s.n <= top;

    INSERT INTO unit_suggestion (order_no, made_by, units) VALUES (o.order_no, actor, ranked)
    RETURNING unit_suggestion.id INTO id;
    RETURN id;
END $$;
COMMENT ON FUNCTION @extschema@.record_suggestion_as(@extschema@.order_no, integer, text) IS
    'internal: the body of hotline.record_suggestion';
REVOKE ALL ON FUNCTION @extschema@.record_suggestion_as(@extschema@.order_no, integer, text) FROM PUBLIC;

-- The entry point (who asked is the caller, on an order it reads).
CREATE FUNCTION @extschema@.record_suggestion(order_no @extschema@.order_no, top integer DEFAULT 5,
                                              actor text DEFAULT current_user)
RETURNS bigint
AS 'MODULE_PATHNAME', 'hotline_staff_entry'
LANGUAGE C VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.record_suggestion(@extschema@.order_no, integer, text) IS
    '辅助派单: ranks the units most likely responsible for an order and records the suggestion; returns its id (hotline.suggest_units shows it)';
REVOKE ALL ON FUNCTION @extschema@.record_suggestion(@extschema@.order_no, integer, text) FROM PUBLIC;

-- What a dispatcher calls: the suggestion, one row per unit.
CREATE FUNCTION @extschema@.suggest_units(order_no @extschema@.order_no, top integer DEFAULT 5,
                                          actor text DEFAULT current_user)
RETURNS TABLE (rank integer, unit text, name text, score numeric, duty jsonb, orders jsonb)
LANGUAGE plpgsql VOLATILE ROWS 5 SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    made    bigint := record_suggestion(suggest_units.order_no, suggest_units.top, suggest_units.actor);
BEGIN
    RETURN QUERY
    SELECT (e ->> 'rank')::integer, e ->> 'unit', e ->> 'name', (e ->> 'score')::numeric, e -> 'duty', e -> 'orders'
    FROM unit_suggestion s, jsonb_array_elements(s.units) e
    WHERE s.id = made
    ORDER BY 1;
END $$;
COMMENT ON FUNCTION @extschema@.suggest_units(@extschema@.order_no, integer, text) IS
    '辅助派单: the units most likely responsible for an order, best first, each with its evidence (duty: the matching duty articles; orders: similar past orders dispatched to it and kept); recorded in hotline.unit_suggestion (R-4.4)';
REVOKE ALL ON FUNCTION @extschema@.suggest_units(@extschema@.order_no, integer, text) FROM PUBLIC;

-- Whether each suggestion was taken: the first of the centre's assignments
-- of the order made after it (its unit's place in the suggestion; NULL:
-- not suggested), and whether that unit kept the order (the statistics'
-- facts: not returned; NULL until the job has folded it).
CREATE VIEW @extschema@.unit_suggestion_outcome AS
SELECT s.id, s.order_no, s.made_at, s.made_by, s.units -> 0 ->> 'unit' AS first_suggested,
       u.code AS dispatched_to, a.dispatched_at,
       (SELECT x.n::integer FROM pg_catalog.jsonb_array_elements(s.units) WITH ORDINALITY AS x(e, n)
        WHERE x.e ->> 'unit' OPERATOR(pg_catalog.=) u.code) AS place,
       NOT f.returned AS kept
FROM @extschema@.unit_suggestion s
LEFT JOIN LATERAL (SELECT x.id, x.order_no, x.unit_id, x.dispatched_at FROM @extschema@.assignment x
                   WHERE x.order_no OPERATOR(pg_catalog.=) s.order_no AND x.parent_id IS NULL
                     AND x.dispatched_at >= s.made_at
                   ORDER BY x.id LIMIT 1) a ON true
LEFT JOIN @extschema@.unit u ON u.id = a.unit_id
LEFT JOIN @extschema@.assignment_fact f ON f.order_no OPERATOR(pg_catalog.=) a.order_no AND f.assignment_id = a.id;
COMMENT ON VIEW @extschema@.unit_suggestion_outcome IS
    'each suggestion of units and what followed: the unit the order was dispatched to next, its place in the suggestion (NULL: not suggested), whether it kept the order (not returned)';

-- The hit rate per day (the report time zone): of the suggestions followed
-- by a dispatch, the share whose first unit was taken, and whose any
-- suggested unit was.
CREATE VIEW @extschema@.unit_suggestion_daily AS
SELECT (o.made_at AT TIME ZONE @extschema@.report_time_zone())::date AS day,
       pg_catalog.count(*) AS suggestions,
       pg_catalog.count(o.dispatched_to) AS dispatched,
       pg_catalog.count(*) FILTER (WHERE o.place = 1) AS first_taken,
       pg_catalog.count(*) FILTER (WHERE o.place IS NOT NULL) AS taken,
       pg_catalog.count(*) FILTER (WHERE o.place IS NOT NULL AND o.kept) AS taken_and_kept,
       @extschema@.rate(pg_catalog.count(*) FILTER (WHERE o.place = 1), pg_catalog.count(o.dispatched_to)) AS first_hit_rate,
       @extschema@.rate(pg_catalog.count(*) FILTER (WHERE o.place IS NOT NULL), pg_catalog.count(o.dispatched_to)) AS hit_rate
FROM @extschema@.unit_suggestion_outcome o
GROUP BY 1;
COMMENT ON VIEW @extschema@.unit_suggestion_daily IS
    '辅助派单''s hit rate per day: suggestions, those followed by a dispatch, whose first unit was taken (first_hit_rate) or any suggested unit (hit_rate), and taken units that kept the order';
