-- ---------------------------------------------------------------------------
-- Finding orders by their words (R-8.1 "including full-text search of
-- Chinese text"; issue 12): the centre's dispatchers and supervisors look
-- for past orders (a repeated appeal, a precedent, a unit's earlier
-- answer), a unit's staff for their own, an auditor in the archive.
--
-- Two tables of stored vectors (hotline.zh), each with a GIN index, so that
-- matching and ranking read the vectors and never segment a text again:
--   - hotline.order_words: the order's description and demand, written by
--     a trigger as the order is accepted (or its text changes): a new
--     order is found at once;
--   - hotline.order_text: the words of its history: the reasons of its
--     events and the parameters its workflow declares text in its setting
--     "search" ({"text_params": ["result"]}: the units' replies, the
--     answers), folded by the statistics job with the facts (every 10
--     minutes: a reply is found from the job's next run on).
-- hotline.search_orders reads both with the caller's rights: they have
-- the row-level security of hotline.work_order, so a unit's staff find
-- their own units' orders only.  Neither is dumped: after a restore,
-- hotline.order_words_rebuild() writes order_words again (README's
-- restore loads the rows with the triggers off), the statistics job's
-- first run order_text.
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.order_words (
    order_no        @extschema@.order_no PRIMARY KEY REFERENCES @extschema@.work_order (order_no),
    words           tsvector NOT NULL
);
CREATE INDEX order_words_words ON @extschema@.order_words USING gin (words);
COMMENT ON TABLE @extschema@.order_words IS
    'the words (hotline.zh) of each order''s description and demand, written as it is accepted; read by hotline.search_orders and hotline.suggest_units';
REVOKE ALL ON @extschema@.order_words FROM PUBLIC;

CREATE FUNCTION @extschema@.order_words_written() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO @extschema@.order_words AS w (order_no, words)
    VALUES (NEW.order_no, to_tsvector('@extschema@.zh', NEW.description || ' ' || COALESCE(NEW.demand, '')))
    ON CONFLICT (order_no) DO UPDATE SET words = EXCLUDED.words;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.order_words_written() IS
    'trigger: writes the words of an order''s description and demand into hotline.order_words as it is accepted or its text changes';
CREATE TRIGGER work_order_words AFTER INSERT OR UPDATE OF description, demand ON @extschema@.work_order
    FOR EACH ROW EXECUTE FUNCTION @extschema@.order_words_written();

-- The words of the orders that have none: after README's restore (its
-- rows load with the triggers off) and the update to 0.2.0.  Returns how
-- many orders it wrote.
CREATE FUNCTION @extschema@.order_words_rebuild() RETURNS bigint
LANGUAGE sql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
    WITH written AS (
        INSERT INTO order_words (order_no, words)
        SELECT w.order_no, to_tsvector('@extschema@.zh', w.description || ' ' || COALESCE(w.demand, ''))
        FROM work_order w
        WHERE NOT EXISTS (SELECT 1 FROM order_words x WHERE x.order_no OPERATOR(pg_catalog.=) w.order_no)
        RETURNING 1
    )
    SELECT count(*) FROM written
$$;
COMMENT ON FUNCTION @extschema@.order_words_rebuild() IS
    'writes the words of the orders that have none into hotline.order_words (after README''s restore, whose rows load with the triggers off); returns how many';
REVOKE ALL ON FUNCTION @extschema@.order_words_rebuild() FROM PUBLIC;

-- A workflow's setting "search", checked (22023) when it is written (the
-- trigger of the statistics' settings, 79_statistics.sql):
--   {"text_params": ["result", "opinion"]}
-- the parameters of its actions that carry text worth finding (from 1 to
-- 20 names; a misspelt one finds nothing).
CREATE FUNCTION @extschema@.search_setting_check(workflow text, value jsonb) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF jsonb_typeof(value) IS DISTINCT FROM 'object'
       OR EXISTS (SELECT 1 FROM jsonb_object_keys(value) k WHERE k <> 'text_params')
       OR jsonb_typeof(value -> 'text_params') IS DISTINCT FROM 'array'
       OR jsonb_array_length(value -> 'text_params') NOT BETWEEN 1 AND 20
       OR EXISTS (SELECT 1 FROM jsonb_array_elements(value -> 'text_params') p
                  WHERE jsonb_typeof(p) <> 'string' OR (p #>> '{}') !~ '^[a-z][a-z0-9_]{0,62}$') THEN
        RAISE EXCEPTION 'invalid setting "search" of workflow "%"', workflow
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The setting is %s; it must be {"text_params": [...]}, from 1 to 20 parameter names.',
                                  left(value::text, 500)),
                  HINT = 'Write e.g. {"text_params": ["result"]}: the parameters of the workflow''s actions whose text hotline.search_orders finds.';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.search_setting_check(text, jsonb) IS
    'internal: raises 22023 unless value is a valid setting "search" of a workflow ({"text_params": [...]})';
REVOKE ALL ON FUNCTION @extschema@.search_setting_check(text, jsonb) FROM PUBLIC;

-- The words of each order's history (derived: built again by the
-- statistics job's first run after a restore).
CREATE TABLE @extschema@.order_text (
    order_no        @extschema@.order_no PRIMARY KEY REFERENCES @extschema@.work_order (order_no),
    words           tsvector NOT NULL,
    folded_at       timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX order_text_words ON @extschema@.order_text USING gin (words);
COMMENT ON TABLE @extschema@.order_text IS
    'the words (hotline.zh) of each order''s history: its events'' reasons and the text parameters its workflow declares (setting "search"), folded by the statistics job; read by hotline.search_orders';
REVOKE ALL ON @extschema@.order_text FROM PUBLIC;

-- Folds the words of these orders' histories again (the statistics job,
-- with the facts).  At most 100,000 characters of an order's history are
-- indexed (a tsvector holds 1 MB).
CREATE FUNCTION @extschema@.order_text_fold(orders @extschema@.order_no[]) RETURNS void
LANGUAGE sql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
    DELETE FROM order_text WHERE order_no = ANY (orders);
    WITH params AS (
        SELECT w.workflow,
               ARRAY(SELECT jsonb_array_elements_text(workflow_setting_value(w.workflow, 'search') -> 'text_params')) AS names
        FROM (SELECT DISTINCT o.workflow FROM work_order o WHERE o.order_no = ANY (orders)) w
    )
    INSERT INTO order_text (order_no, words)
    SELECT e.order_no,
           to_tsvector('@extschema@.zh', left(string_agg(t.x, ' ' ORDER BY e.id, t.n), 100000))
    FROM work_order w
    JOIN params p ON p.workflow = w.workflow
    JOIN order_event e ON e.order_no = w.order_no
    CROSS JOIN LATERAL (SELECT e.reason, 0
                        UNION ALL
                        SELECT e.payload ->> k.name, k.n FROM unnest(p.names) WITH ORDINALITY AS k(name, n)) t(x, n)
    WHERE w.order_no = ANY (orders) AND btrim(t.x) <> ''
    GROUP BY e.order_no;
$$;
COMMENT ON FUNCTION @extschema@.order_text_fold(@extschema@.order_no[]) IS
    'internal: folds the words of these orders'' histories into hotline.order_text again (the statistics job)';
REVOKE ALL ON FUNCTION @extschema@.order_text_fold(@extschema@.order_no[]) FROM PUBLIC;

-- Synonyms (同义词) the centre maintains: a word and the words that mean
-- the same to a citizen (医保: 医疗保险).  Searches widen a query with
-- them through PostgreSQL's own query rewriting (ts_rewrite): where the
-- query has the word, it has the word or any of its synonyms.  One way:
-- 医保 finds 医疗保险; 医疗保险 finds 医保 only if it has a row of its own.
CREATE TABLE @extschema@.zh_synonym (
    word        text PRIMARY KEY CHECK (pg_catalog.btrim(word) <> '' AND pg_catalog.length(word) <= 50),
    synonyms    text[] NOT NULL CHECK (pg_catalog.cardinality(synonyms) BETWEEN 1 AND 20
                                       AND pg_catalog.array_position(synonyms, NULL) IS NULL
                                       AND pg_catalog.length(pg_catalog.array_to_string(synonyms, '')) <= 500),
    builtin     boolean NOT NULL DEFAULT false,
    note        text
);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.zh_synonym', 'WHERE NOT builtin');
COMMENT ON TABLE @extschema@.zh_synonym IS
    '同义词: the centre''s synonyms: a query that has word finds any of synonyms too (hotline.zh_expand; one way: give the reverse its own row)';
REVOKE ALL ON @extschema@.zh_synonym FROM PUBLIC;
INSERT INTO @extschema@.zh_synonym (word, synonyms, builtin) VALUES
    ('医保', '{医疗保险}', true),
    ('社保', '{社会保险}', true),
    ('公积金', '{住房公积金}', true),
    ('噪音', '{噪声}', true),
    ('噪声', '{噪音}', true),
    ('养狗', '{养犬}', true),
    ('路灯', '{照明设施}', true),
    ('拖欠工资', '{欠薪,拖欠薪资}', true),
    ('欠薪', '{拖欠工资}', true),
    ('暖气', '{供暖,供热}', true),
    ('违建', '{违法建设,违章建筑}', true),
    ('共享单车', '{互联网租赁自行车}', true),
    ('物业费', '{物业服务费}', true);

-- A query widened by the synonyms (the rows are the table's: no caller's
-- text becomes SQL).  The word is matched as a query has it; a synonym of
-- Chinese characters is added as the phrase of its pairs only (照明设施:
-- 照明 <-> 明设 <-> 设施), without the first and last characters that
-- hotline.zh adds as alternatives for a run of three or more: a lone
-- character (施) would bring in every text that has it, to be checked.
CREATE FUNCTION @extschema@.zh_expand(query tsquery) RETURNS tsquery
LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM zh_synonym) THEN query
                ELSE ts_rewrite(query,
                    'SELECT phraseto_tsquery(''@extschema@.zh'', s.word),
                            (SELECT string_agg(''('' || x || '')'', '' | '')
                             FROM (SELECT phraseto_tsquery(''@extschema@.zh'', s.word)::text
                                   UNION ALL
                                   SELECT CASE WHEN y ~ ''^[一-鿿]{2,}$''
                                               THEN (SELECT string_agg(quote_literal(substr(y, i, 2)), '' <-> '' ORDER BY i)
                                                     FROM generate_series(1, length(y) - 1) i)
                                               ELSE phraseto_tsquery(''@extschema@.zh'', y)::text END
                                   FROM unnest(s.synonyms) y) z(x))::tsquery
                     FROM @extschema@.zh_synonym s')
           END
$$;
COMMENT ON FUNCTION @extschema@.zh_expand(tsquery) IS
    'a query widened by the centre''s synonyms (hotline.zh_synonym, ts_rewrite): where it has a word, it has the word or any of its synonyms (the phrase of a synonym''s character pairs)';
REVOKE ALL ON FUNCTION @extschema@.zh_expand(tsquery) FROM PUBLIC;

-- Whether an order passes the filters of hotline.search_orders (NULL: no
-- filter), with the caller's rights.  An SQL-standard body (its names
-- bound when it is made) and no settings: the planner inlines it.
CREATE FUNCTION @extschema@.search_orders_keeps(
    order_no @extschema@.order_no, from_ts timestamptz, to_ts timestamptz, states text[], archived boolean,
    topic_ids bigint[], unit_ids bigint[])
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN EXISTS (SELECT 1 FROM @extschema@.work_order w
               WHERE w.order_no OPERATOR(pg_catalog.=) search_orders_keeps.order_no
                 AND (from_ts IS NULL OR w.accepted_at OPERATOR(pg_catalog.>=) from_ts)
                 AND (to_ts IS NULL OR w.accepted_at OPERATOR(pg_catalog.<) to_ts)
                 AND (states IS NULL OR w.state OPERATOR(pg_catalog.=) ANY (states))
                 AND (archived IS NULL OR (w.archived_at IS NOT NULL) OPERATOR(pg_catalog.=) archived)
                 AND (topic_ids IS NULL OR w.topic_id OPERATOR(pg_catalog.=) ANY (topic_ids))
                 AND (unit_ids IS NULL OR EXISTS (SELECT 1 FROM @extschema@.assignment a
                                                  WHERE a.order_no OPERATOR(pg_catalog.=) w.order_no
                                                    AND a.unit_id OPERATOR(pg_catalog.=) ANY (unit_ids))));
COMMENT ON FUNCTION @extschema@.search_orders_keeps(@extschema@.order_no, timestamptz, timestamptz, text[], boolean, bigint[], bigint[]) IS
    'internal: whether an order passes the filters of hotline.search_orders (period, states, archived, topics, units; NULL: none), with the caller''s rights';
REVOKE ALL ON FUNCTION @extschema@.search_orders_keeps(@extschema@.order_no, timestamptz, timestamptz, text[], boolean, bigint[], bigint[]) FROM PUBLIC;

-- Orders by their words, with the caller's rights (row-level security: a
-- unit's staff find their own units' orders only), best first.
--   words      what to find: every word (websearch_to_tsquery: "quoted
--              phrases", -excluded), or with any_word any of its character
--              pairs, ranked (a citizen's whole sentence)
--   from_day, to_day   accepted in these days (the report time zone)
--   unit       dispatched to this unit or one of its sub-units
--   topic      of this topic or one under it
--   states     in one of these states; archived: archived (true) or not
--   top        how many (1 to 1000)
-- found_in says where the words were: order (description, demand),
-- history (replies, results, reasons), or both.
CREATE FUNCTION @extschema@.search_orders(
    words       text,
    from_day    date DEFAULT NULL,
    to_day      date DEFAULT NULL,
    unit        text DEFAULT NULL,
    topic       text DEFAULT NULL,
    states      text[] DEFAULT NULL,
    archived    boolean DEFAULT NULL,
    any_word    boolean DEFAULT false,
    top         integer DEFAULT 20)
RETURNS TABLE (order_no @extschema@.order_no, state text, accepted_at timestamptz, topic_code text, rank real,
               found_in text, headline text)
LANGUAGE plpgsql STABLE ROWS 20 SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_column
DECLARE
    q           tsquery;
    tz          text := report_time_zone();
    from_ts     timestamptz;
    to_ts       timestamptz;
    unit_ids    bigint[];
    topic_ids   bigint[];
    filtered    boolean;
BEGIN
    IF search_orders.words IS NULL OR btrim(search_orders.words) = '' OR length(search_orders.words) > 1000 THEN
        RAISE EXCEPTION 'invalid words %', coalesce(quote_literal(left(search_orders.words, 100)), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The words to find are a text of 1 to 1000 characters.',
                  HINT = 'Pass e.g. words => ''路灯 不亮'' (every word), or a citizen''s sentence with any_word => true.';
    END IF;
    IF search_orders.top IS NULL OR search_orders.top NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION 'top must be between 1 and 1000, not %', coalesce(search_orders.top::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Ask for the first 20 (the default) up to 1000 orders; narrow the search with the period, unit, topic or states.';
    END IF;
    IF NOT isfinite(search_orders.from_day) OR NOT isfinite(search_orders.to_day)
       OR search_orders.to_day < search_orders.from_day THEN
        RAISE EXCEPTION 'invalid period from % to %', search_orders.from_day, search_orders.to_day
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The period is finite days, the first no later than the last (both included).',
                  HINT = 'Pass e.g. from_day => ''2026-11-01'', to_day => ''2026-11-30''; leave either NULL for no bound.';
    END IF;
    from_ts := (search_orders.from_day::timestamp) AT TIME ZONE tz;
    to_ts := ((search_orders.to_day + 1)::timestamp) AT TIME ZONE tz;
    IF search_orders.unit IS NOT NULL THEN
        unit_ids := ARRAY(SELECT t.unit_id FROM unit_tree t WHERE t.ancestor_code = search_orders.unit);
        IF cardinality(unit_ids) = 0 THEN
            RAISE EXCEPTION 'unit "%" does not exist', left(search_orders.unit, 100)
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Name the unit by its code in hotline.unit, e.g. unit => ''dc-cgw''.';
        END IF;
    END IF;
    IF search_orders.topic IS NOT NULL THEN
        topic_ids := ARRAY(WITH RECURSIVE t (id) AS (
                               SELECT x.id FROM topic x WHERE x.code = search_orders.topic
                               UNION SELECT c.id FROM topic c JOIN t ON c.parent_id = t.id)
                           SELECT t.id FROM t);
        IF cardinality(topic_ids) = 0 THEN
            RAISE EXCEPTION 'topic "%" does not exist', left(search_orders.topic, 100)
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Name the topic by its code in hotline.topic; its sub-topics are included.';
        END IF;
    END IF;
    filtered := from_ts IS NOT NULL OR to_ts IS NOT NULL OR search_orders.states IS NOT NULL
                OR search_orders.archived IS NOT NULL OR topic_ids IS NOT NULL OR unit_ids IS NOT NULL;
    q := zh_expand(CASE WHEN search_orders.any_word THEN zh_any(search_orders.words)
                        ELSE websearch_to_tsquery('@extschema@.zh', search_orders.words) END);

    -- Each side's best (an order's rank is the better of its two: the
    -- best of all are among each side's best): its matches ranked, then
    -- the filters (an order read only when one is given) from the best
    -- down until there are enough (OFFSET 0: not before the ranking).
    RETURN QUERY
    WITH hits AS (
        (SELECT x.order_no, x.r, 'order' AS src
         FROM (SELECT w.order_no, ts_rank(w.words, q) AS r FROM order_words w WHERE w.words @@ q
               ORDER BY 2 DESC, 1 DESC OFFSET 0) x
         WHERE NOT filtered OR search_orders_keeps(x.order_no, from_ts, to_ts, search_orders.states,
                                                   search_orders.archived, topic_ids, unit_ids)
         LIMIT search_orders.top)
        UNION ALL
        (SELECT x.order_no, x.r, 'history'
         FROM (SELECT t.order_no, ts_rank(t.words, q) AS r FROM order_text t WHERE t.words @@ q
               ORDER BY 2 DESC, 1 DESC OFFSET 0) x
         WHERE NOT filtered OR search_orders_keeps(x.order_no, from_ts, to_ts, search_orders.states,
                                                   search_orders.archived, topic_ids, unit_ids)
         LIMIT search_orders.top)
    ), found AS (
        SELECT h.order_no, max(h.r) AS r,
               CASE WHEN count(DISTINCT h.src) = 2 THEN 'both' ELSE min(h.src) END AS src
        FROM hits h
        GROUP BY h.order_no
        ORDER BY 2 DESC, h.order_no DESC
        LIMIT search_orders.top
    )
    -- (the orders and their headlines: of those shown only)
    SELECT f.order_no, w.state, w.accepted_at, tp.code, f.r, f.src,
           ts_headline('@extschema@.zh', w.description, q, 'StartSel=【, StopSel=】, MaxWords=40, MinWords=10')
    FROM found f
    JOIN work_order w ON w.order_no = f.order_no
    LEFT JOIN topic tp ON tp.id = w.topic_id
    ORDER BY f.r DESC, f.order_no DESC;
END $$;
COMMENT ON FUNCTION @extschema@.search_orders(text, date, date, text, text, text[], boolean, boolean, integer) IS
    'orders by their words (R-8.1): description and demand at once, replies and results from the statistics job''s next run; with the caller''s rights (a unit''s staff: their units'' orders); filters by period, unit (and sub-units), topic (and sub-topics), states, archived; best first, the matching characters of the description marked';
REVOKE ALL ON FUNCTION @extschema@.search_orders(text, date, date, text, text, text[], boolean, boolean, integer) FROM PUBLIC;
