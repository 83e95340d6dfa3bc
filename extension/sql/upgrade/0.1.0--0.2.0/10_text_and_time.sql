-- Issue 8: bounded text similarity and pinned search paths (98_supervision.sql,
-- 97_alarms.sql, 96_outbox.sql, extension/text_grams.c).  The calendar
-- functions' overflow and range fixes (extension/workday.c) need no SQL.
--
-- text_grams and text_similarity are C functions now (granted to PUBLIC:
-- texts of at most 64 kB, linear time, interruptible); their results are
-- those of 0.1.0's SQL functions.  The repeat rule compares the first
-- 16384 characters of each text.

CREATE OR REPLACE FUNCTION @extschema@.text_grams(t text, leave_out text DEFAULT NULL) RETURNS text
    AS 'MODULE_PATHNAME', 'hotline_text_grams_fold' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.text_grams(text, text) IS
    'a text as the words pg_trgm compares best for Chinese: overlapping character pairs, without the words of leave_out (e.g. the address); text_grams(''路灯不亮'') = ''路灯 灯不 不亮''; texts of at most 64 kB';

CREATE OR REPLACE FUNCTION @extschema@.text_similarity(a text, b text, leave_out text DEFAULT NULL) RETURNS real
    AS 'MODULE_PATHNAME', 'hotline_text_similarity' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.text_similarity(text, text, text) IS
    'pg_trgm similarity (0 to 1) of two Chinese texts compared by character pairs, leaving out the words of leave_out (e.g. both addresses) (R-2.4); texts of at most 64 kB';

-- the repeat rule compares the first 16384 characters of each text, so
-- that a very long appeal never makes the accept fail
CREATE OR REPLACE FUNCTION @extschema@.escalate_repeat_matter(o @extschema@.work_order, r @extschema@.escalation_rule)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    win         interval := (r.settings ->> 'window')::interval;
    min_sim     real := (r.settings ->> 'similarity')::real;
    place_sim   real := coalesce((r.settings ->> 'place_similarity')::real, 0.4);
    max_dist    double precision := coalesce((r.settings ->> 'distance_m')::double precision, 200);
    -- what every appeal says (the agents' set phrases) tells appeals apart
    -- no better than the place does: left out with both addresses
    ignore      text;
    has_point   boolean := o.longitude IS NOT NULL AND o.latitude IS NOT NULL;
    matches     @extschema@.order_no[];
    sims        real[];
    o_place     text;
    o_text      text;
BEGIN
    IF o.topic_id IS NULL OR (o.address IS NULL AND NOT has_point) THEN
        RETURN;                     -- no topic or no place: nothing to compare
    END IF;
    ignore := array_to_string(coalesce(ARRAY(SELECT jsonb_array_elements_text(r.settings -> 'ignore')),
                                       @extschema@.repeat_set_phrases()), ' ');
    -- this order's words once; the candidates' words each (C, microseconds).
    -- hotline.text_grams takes texts of at most 64 kB: the first 16384
    -- characters of each text are compared, so that a very long appeal is
    -- compared too (by its beginning) and never makes the accept fail
    ignore := pg_catalog.left(concat_ws(' ', o.address, ignore), 16384);
    o_place := @extschema@.text_grams(pg_catalog.left(o.address, 16384));
    o_text := @extschema@.text_grams(pg_catalog.left(o.description, 16384), ignore);
    -- index (topic_id, accepted_at): the orders of the topic in the window;
    -- the place first (points when both have them, else addresses), the
    -- text only of those at the same place
    SELECT array_agg(c.order_no ORDER BY c.accepted_at, c.order_no),
           array_agg(c.sim ORDER BY c.accepted_at, c.order_no)
      INTO matches, sims
    FROM (SELECT p.order_no, p.accepted_at,
                 @extschema@.trgm_similarity(@extschema@.text_grams(pg_catalog.left(p.description, 16384), ignore), o_text) AS sim
          FROM (SELECT w.order_no, w.accepted_at, w.description, w.address
                FROM @extschema@.work_order w
                WHERE w.topic_id = o.topic_id
                  AND w.accepted_at BETWEEN o.accepted_at - win AND o.accepted_at + win
                  AND w.order_no OPERATOR(pg_catalog.<>) o.order_no
                  AND w.region = o.region      -- one place is in one district
                  AND (o.citizen_id IS NULL OR w.citizen_id IS DISTINCT FROM o.citizen_id)
                  AND CASE WHEN has_point AND w.longitude IS NOT NULL AND w.latitude IS NOT NULL
                           THEN @extschema@.distance_m(o.longitude, o.latitude, w.longitude, w.latitude) <= max_dist
                           ELSE o.address IS NOT NULL AND w.address IS NOT NULL
                                AND @extschema@.trgm_similarity(@extschema@.text_grams(pg_catalog.left(w.address, 16384)), o_place) >= place_sim END
                OFFSET 0) p) c
    WHERE c.sim >= min_sim;
    IF matches IS NULL THEN
        RETURN;
    END IF;
    PERFORM @extschema@.repeat_join(o, r, 'one_matter', matches, sims);
END $$;
COMMENT ON FUNCTION @extschema@.escalate_repeat_matter(@extschema@.work_order, @extschema@.escalation_rule) IS
    'internal: rule kind repeat_matter (一事多人, R-2.4): different citizens, same topic, same district and place (within settings.distance_m metres, else address similarity settings.place_similarity), description similarity settings.similarity, within settings.window';

-- functions EXECUTE-able by PUBLIC that resolved names and operators
-- through the caller's search_path: pinned (SET search_path)
CREATE OR REPLACE FUNCTION @extschema@.text_similarity_works() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT @extschema@.trgm_similarity('路灯', '路灯') > 0
$$;
COMMENT ON FUNCTION @extschema@.text_similarity_works() IS
    'true when pg_trgm sees Chinese characters in this database (its LC_CTYPE is a UTF-8 locale, not C or POSIX); one matter many people (一事多人) needs it';

CREATE OR REPLACE FUNCTION @extschema@.distance_m(lon1 double precision, lat1 double precision,
                                       lon2 double precision, lat2 double precision)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT pg_catalog.sqrt(pg_catalog.power((lon2 - lon1) * pg_catalog.cosd((lat1 + lat2) / 2) * 111320.0, 2)
                     + pg_catalog.power((lat2 - lat1) * 110574.0, 2))
$$;
COMMENT ON FUNCTION @extschema@.distance_m(double precision, double precision, double precision, double precision) IS
    'distance in metres between two points (longitude, latitude in degrees), good to a few metres over short distances';

CREATE OR REPLACE FUNCTION @extschema@.alarm_text(kind text, due text, order_no @extschema@.order_no, unit_name text,
                                       due_at timestamptz, fired integer, time_zone text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT pg_catalog.format(CASE
    WHEN $1 = 'notice' THEN '【12345热线】通报：%2$s承办的工单%1$s已于%3$s超期，经%4$s次催办仍未办结。'
    WHEN $1 = 'hasten' AND $2 = 'dispatch_due' THEN '【12345热线】催办：工单%1$s应于%3$s前派单，现已超期，第%4$s次催办，请立即派单。'
    WHEN $1 = 'hasten' AND $2 = 'callback_due' THEN '【12345热线】催办：工单%1$s应于%3$s前回访，现已超期，第%4$s次催办，请立即回访。'
    WHEN $1 = 'hasten' AND $2 = 'sign_due' THEN '【12345热线】催办：%2$s应于%3$s前签收工单%1$s，现已超期，第%4$s次催办，请立即签收。'
    WHEN $1 = 'hasten' THEN '【12345热线】催办：%2$s承办的工单%1$s已于%3$s超期，第%4$s次催办，请立即办理并答复。'
    WHEN $2 = 'sign_due' THEN '【12345热线】提醒：请%2$s于%3$s前签收工单%1$s。'
    WHEN $2 = 'dispatch_due' THEN '【12345热线】提醒：工单%1$s须于%3$s前派单。'
    WHEN $2 = 'callback_due' THEN '【12345热线】提醒：工单%1$s须于%3$s前回访。'
    ELSE '【12345热线】提醒：%2$s承办的工单%1$s将于%3$s到期，请抓紧办理并答复。' END,
    $3::text, coalesce($4, '热线'), pg_catalog.to_char(pg_catalog.timezone($7, $5), 'YYYY-MM-DD HH24:MI'), $6)
$$;
COMMENT ON FUNCTION @extschema@.alarm_text(text, text, @extschema@.order_no, text, timestamptz, integer, text) IS
    'internal: the text of a reminder, hastening or public notice';

CREATE OR REPLACE FUNCTION @extschema@.outbox_max_attempts() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$ SELECT 8 $$;
COMMENT ON FUNCTION @extschema@.outbox_max_attempts() IS
    'how many times a message is claimed before it is dead (8)';
