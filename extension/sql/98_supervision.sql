-- Supervision (督办, R-5.2, R-5.3) and the escalation rules run after
-- actions: emergencies (R-2.3), repeats (R-2.4), bad handling (R-5.2).
--
--   hotline.supervision          one supervision of an order: why (reason),
--                                which unit, person in charge, method,
--                                opened/closed; at most one open per order
--                                and reason
--   hotline.supervision_record   its notes (督办记录), append-only
--   hotline.repeat_group/member  orders recognised as repeats: one person
--                                many times (一人多次) or one matter many
--                                people (一事多人)
--   hotline.supervision_board    what a supervisor has open
--   hotline.merge_candidate      repeats offered for merge (并案)
--
-- Everything a supervision does is also an event of the order's history
-- (supervise, supervise_record, supervise_close, emergency_report, repeat)
-- and, where someone must be told, a message in the outbox under a dedup
-- key, so that running the same path twice sends nothing twice.
--
-- Text similarity for one matter many people uses pg_trgm (a required
-- extension, see hotline.control).  pg_trgm splits text into words at
-- non-word characters and takes three-character runs of each word; Chinese
-- has no spaces, so a whole sentence is one word and its trigrams are
-- three-character runs, which two wordings of the same matter rarely share
-- ('东直门北小街路灯不亮已经一周' / '东直门北小街一整条街的路灯晚上都不亮': 0.21,
-- about as much as lamps and rubbish on the same street: 0.21).
-- hotline.text_grams() (extension/text_grams.c) rewrites a text as the
-- words pg_trgm sees best for Chinese: overlapping character pairs (二元组,
-- the usual unit of Chinese text retrieval: '路灯 灯不 不亮'), each a word
-- of its own, so that pg_trgm's trigrams of them are the characters and
-- character pairs of the text; Latin letters and digits stay words.  The
-- place is compared on its own (coordinates, else the address), so the
-- words of the new order's address and the agents' set phrases (市民来电反映,
-- 希望尽快处理: hotline.repeat_set_phrases(), or the rule's settings.ignore)
-- are left out of both descriptions before they are compared: what is
-- left is what the callers say about the place.  On realistic intake texts
-- two wordings of dark street lamps then score 0.14 to 0.18, lamps against
-- rubbish or street vendors on the same street 0.08 (a threshold of 0.3,
-- usual for pg_trgm, is too high for this measure: see README).  This needs a database
-- whose LC_CTYPE counts Chinese characters as letters (any UTF-8 locale:
-- C.UTF-8, zh_CN.UTF-8, en_US.UTF-8), not C or POSIX, where pg_trgm
-- ignores every non-ASCII character; hotline.text_similarity_works() says
-- which, and CREATE EXTENSION warns.

-- ---------------------------------------------------------------------------
-- Text similarity (pg_trgm over character pairs)
-- ---------------------------------------------------------------------------

-- pg_trgm lives in a schema of the installer's choice (it is relocatable);
-- during CREATE EXTENSION that schema is on the search path, and a function
-- with an SQL-standard body binds similarity() by its OID when created, so
-- later search paths and a move of pg_trgm to another schema do not matter.
CREATE FUNCTION @extschema@.trgm_similarity(a text, b text) RETURNS real
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN similarity(a, b);
COMMENT ON FUNCTION @extschema@.trgm_similarity(text, text) IS
    'internal: pg_trgm''s similarity(), bound when the extension was created (pg_trgm may live in any schema)';

-- the words of a text for comparison (extension/text_grams.c): runs of
-- Chinese characters as overlapping pairs (a single character as itself),
-- other runs of letters and digits as they are, without the words of
-- leave_out; case and full-width forms folded first (３号楼 = 3号楼).
-- Granted to PUBLIC, so bounded: every text is at most 64 kB (65536 bytes,
-- else 54000 program_limit_exceeded), and the time is about linear in it.
CREATE FUNCTION @extschema@.text_grams_c(t text, leave_out text) RETURNS text
    AS 'MODULE_PATHNAME', 'hotline_text_grams' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.text_grams_c(text, text) IS
    'internal: hotline.text_grams of texts already folded (lower case, NFKC)';

CREATE FUNCTION @extschema@.text_grams(t text, leave_out text DEFAULT NULL) RETURNS text
    AS 'MODULE_PATHNAME', 'hotline_text_grams_fold' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.text_grams(text, text) IS
    'a text as the words pg_trgm compares best for Chinese: overlapping character pairs, without the words of leave_out (e.g. the address); text_grams(''路灯不亮'') = ''路灯 灯不 不亮''; texts of at most 64 kB';

CREATE FUNCTION @extschema@.text_similarity(a text, b text, leave_out text DEFAULT NULL) RETURNS real
    AS 'MODULE_PATHNAME', 'hotline_text_similarity' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.text_similarity(text, text, text) IS
    'pg_trgm similarity (0 to 1) of two Chinese texts compared by character pairs, leaving out the words of leave_out (e.g. both addresses) (R-2.4); texts of at most 64 kB';

CREATE FUNCTION @extschema@.text_similarity_works() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT @extschema@.trgm_similarity('路灯', '路灯') > 0
$$;
COMMENT ON FUNCTION @extschema@.text_similarity_works() IS
    'true when pg_trgm sees Chinese characters in this database (its LC_CTYPE is a UTF-8 locale, not C or POSIX); one matter many people (一事多人) needs it';

-- the distance in metres of two points given in degrees (equirectangular:
-- exact enough for the few hundred metres of "the same place")
CREATE FUNCTION @extschema@.distance_m(lon1 double precision, lat1 double precision,
                                       lon2 double precision, lat2 double precision)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT pg_catalog.sqrt(pg_catalog.power((lon2 - lon1) * pg_catalog.cosd((lat1 + lat2) / 2) * 111320.0, 2)
                     + pg_catalog.power((lat2 - lat1) * 110574.0, 2))
$$;
COMMENT ON FUNCTION @extschema@.distance_m(double precision, double precision, double precision, double precision) IS
    'distance in metres between two points (longitude, latitude in degrees), good to a few metres over short distances';

-- pure functions of their arguments: anyone may call them
GRANT EXECUTE ON FUNCTION @extschema@.text_grams(text, text), @extschema@.text_grams_c(text, text),
    @extschema@.text_similarity(text, text, text),
    @extschema@.text_similarity_works(), @extschema@.distance_m(double precision, double precision, double precision, double precision)
    TO PUBLIC;

DO $$
BEGIN
    IF NOT @extschema@.text_similarity_works() THEN
        RAISE WARNING 'pg_trgm ignores Chinese characters in database "%" (LC_CTYPE %)',
            pg_catalog.current_database(), pg_catalog.current_setting('lc_ctype')
            USING DETAIL = 'One matter many people (一事多人, R-2.4) compares appeals by text and will find no repeats here.',
                  HINT = 'Create the database with a UTF-8 LC_CTYPE, e.g. CREATE DATABASE ... LC_CTYPE ''C.UTF-8'' TEMPLATE template0.';
    END IF;
END $$;

-- ---------------------------------------------------------------------------
-- Repeats (R-2.4)
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.repeat_group (
    id              bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('one_person', 'one_matter')),
    rule            text NOT NULL,
    topic_id        bigint NOT NULL REFERENCES @extschema@.topic (id) ON UPDATE CASCADE,
    citizen_id      bigint REFERENCES @extschema@.citizen (id) ON UPDATE CASCADE,
    opened_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    last_added_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    supervised      boolean NOT NULL DEFAULT false,
    CHECK ((kind = 'one_person') = (citizen_id IS NOT NULL))
);
CREATE INDEX ON @extschema@.repeat_group (topic_id, last_added_at);
COMMENT ON TABLE @extschema@.repeat_group IS
    'repeated appeals (R-2.4): one person many times (一人多次: the same citizen on the same topic) or one matter many people (一事多人: different citizens, same topic and place, similar text)';
COMMENT ON COLUMN @extschema@.repeat_group.rule IS 'the escalation rule that made the group (hotline.escalation_rule)';
COMMENT ON COLUMN @extschema@.repeat_group.citizen_id IS 'one person many times: the citizen; NULL for one matter many people';
COMMENT ON COLUMN @extschema@.repeat_group.supervised IS 'the group reached the rule''s supervise_at and its carrier was put under supervision (once)';

CREATE TABLE @extschema@.repeat_member (
    group_id        bigint NOT NULL REFERENCES @extschema@.repeat_group (id) ON UPDATE CASCADE,
    order_no        @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    similarity      real NOT NULL CHECK (similarity BETWEEN 0 AND 1),
    added_at        timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (group_id, order_no)
);
CREATE INDEX ON @extschema@.repeat_member (order_no);
COMMENT ON TABLE @extschema@.repeat_member IS 'the orders of a repeat group; an order is in at most one group of each kind';
COMMENT ON COLUMN @extschema@.repeat_member.similarity IS
    'how similar the order''s text is to the order it was matched with (1 for one person many times)';

-- ---------------------------------------------------------------------------
-- Supervision (督办, R-5.2, R-5.3)
-- ---------------------------------------------------------------------------

-- Why an order is supervised and how: the one list of each, which the
-- supervision tables (foreign keys), the functions' checks and the
-- bad-handling rules' settings read.  Rows of your own add reasons and
-- methods (builtin false; pg_dump keeps them).
CREATE TABLE @extschema@.supervision_reason (
    reason          text PRIMARY KEY CHECK (reason ~ '^[a-z][a-z0-9_]{0,31}$'),
    description     text NOT NULL,
    builtin         boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.supervision_reason IS
    'the reasons of supervision (督办, R-5.2); a row of your own adds one';
INSERT INTO @extschema@.supervision_reason (reason, description, builtin) VALUES
    ('emergency', 'an emergency (突发事件, R-2.3)', true),
    ('repeat', 'repeated or collective appeals (重复/集中诉求, R-2.4)', true),
    ('near_deadline', 'close to its deadline (临期)', true),
    ('overdue', 'past its deadline (超期)', true),
    ('notice', 'publicly noticed (通报, R-5.4)', true),
    ('returned', 'returned by units too often (多次退单)', true),
    ('sent_back', 'sent back for redo (发回重办)', true),
    ('dissatisfied', 'a dissatisfied callback (回访不满意)', true),
    ('manual', 'a supervisor''s own decision', true);

CREATE TABLE @extschema@.supervision_method (
    method          text PRIMARY KEY CHECK (method ~ '^[a-z][a-z0-9_]{0,31}$'),
    description     text NOT NULL,
    builtin         boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.supervision_method IS
    'the methods of supervision (R-5.3); a row of your own adds one';
INSERT INTO @extschema@.supervision_method (method, description, builtin) VALUES
    ('phone', 'by phone (电话)', true),
    ('sms', 'by text message (短信)', true),
    ('written_notice', 'a written notice (书面督办函)', true),
    ('on_site', 'on site (现场督办)', true),
    ('meeting', 'in a meeting (会议督办)', true);

CREATE TRIGGER supervision_reason_protect BEFORE UPDATE OR DELETE ON @extschema@.supervision_reason
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER supervision_reason_builtin BEFORE INSERT OR UPDATE ON @extschema@.supervision_reason
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER supervision_method_protect BEFORE UPDATE OR DELETE ON @extschema@.supervision_method
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER supervision_method_builtin BEFORE INSERT OR UPDATE ON @extschema@.supervision_method
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
SELECT pg_catalog.pg_extension_config_dump('@extschema@.supervision_reason', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.supervision_method', 'WHERE NOT builtin');
REVOKE ALL ON @extschema@.supervision_reason, @extschema@.supervision_method FROM PUBLIC;
GRANT SELECT ON @extschema@.supervision_reason, @extschema@.supervision_method TO PUBLIC;

CREATE TABLE @extschema@.supervision (
    id                  bigint GENERATED ALWAYS AS IDENTITY,
    order_no            @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    assignment_id       bigint,
    unit_id             bigint REFERENCES @extschema@.unit (id) ON UPDATE CASCADE,
    reason              text NOT NULL REFERENCES @extschema@.supervision_reason (reason) ON UPDATE CASCADE,
    rule                text,
    group_id            bigint REFERENCES @extschema@.repeat_group (id) ON UPDATE CASCADE,
    opened_at           timestamptz NOT NULL DEFAULT pg_catalog.now(),
    opened_by           text NOT NULL CHECK (opened_by <> ''),
    person_in_charge    text CHECK (person_in_charge <> ''),
    method              text REFERENCES @extschema@.supervision_method (method) ON UPDATE CASCADE,
    closed_at           timestamptz,
    closed_by           text,
    result              text,
    CHECK ((closed_at IS NULL) = (closed_by IS NULL) AND (closed_at IS NULL) = (result IS NULL)),
    CHECK (result <> ''),
    PRIMARY KEY (order_no, id),
    FOREIGN KEY (order_no, assignment_id) REFERENCES @extschema@.assignment (order_no, id)
);
-- at most one open supervision per order and reason (idempotent opening)
CREATE UNIQUE INDEX supervision_open_key ON @extschema@.supervision (order_no, reason) WHERE closed_at IS NULL;
CREATE INDEX ON @extschema@.supervision (order_no, reason, closed_at);
CREATE INDEX ON @extschema@.supervision (unit_id) WHERE closed_at IS NULL;
COMMENT ON TABLE @extschema@.supervision IS
    'supervision (督办) of an order (R-5.2, R-5.3): why, which unit, the person in charge and the method, opened and closed with a result; at most one open per order and reason';
COMMENT ON COLUMN @extschema@.supervision.reason IS 'why: a row of hotline.supervision_reason (emergency, repeat, notice, manual ...)';
COMMENT ON COLUMN @extschema@.supervision.rule IS 'the escalation rule that opened it; NULL when a person did';
COMMENT ON COLUMN @extschema@.supervision.unit_id IS 'the supervised unit: the assignment''s unit, else the order''s lead unit (NULL before dispatch)';
COMMENT ON COLUMN @extschema@.supervision.group_id IS 'the repeat group that reached its threshold (reason repeat)';
COMMENT ON COLUMN @extschema@.supervision.person_in_charge IS 'the named person in charge of the supervision (督办责任人, R-5.3)';
COMMENT ON COLUMN @extschema@.supervision.method IS 'how: a row of hotline.supervision_method (phone, sms, written_notice, on_site, meeting) (R-5.3)';
COMMENT ON COLUMN @extschema@.supervision.result IS 'what the supervision achieved, given when it is closed';

CREATE TABLE @extschema@.supervision_record (
    id              bigint GENERATED ALWAYS AS IDENTITY,
    supervision_id  bigint NOT NULL,
    at              timestamptz NOT NULL DEFAULT pg_catalog.now(),
    actor           text NOT NULL CHECK (actor <> ''),
    method          text REFERENCES @extschema@.supervision_method (method) ON UPDATE CASCADE,
    note            text NOT NULL CHECK (note <> ''),
    order_no        @extschema@.order_no NOT NULL,
    PRIMARY KEY (order_no, id),
    FOREIGN KEY (order_no, supervision_id) REFERENCES @extschema@.supervision (order_no, id)
);
CREATE INDEX ON @extschema@.supervision_record (supervision_id, id);
COMMENT ON TABLE @extschema@.supervision_record IS
    'the notes of a supervision (督办记录, R-5.3): who did what, how, when; append-only';

CREATE FUNCTION @extschema@.supervision_record_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'supervision records are append-only'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = format('%s on hotline.supervision_record is not allowed: it is the record of what the supervisors did (R-5.3).', TG_OP),
              HINT = 'Add a correcting note with hotline.record_supervision.';
END $$;
COMMENT ON FUNCTION @extschema@.supervision_record_append_only() IS
    'trigger: refuses UPDATE, DELETE and TRUNCATE of supervision records';
CREATE TRIGGER supervision_record_append_only BEFORE UPDATE OR DELETE ON @extschema@.supervision_record
    FOR EACH ROW EXECUTE FUNCTION @extschema@.supervision_record_append_only();
CREATE TRIGGER supervision_record_no_truncate BEFORE TRUNCATE ON @extschema@.supervision_record
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.supervision_record_append_only();

SELECT pg_catalog.pg_extension_config_dump('@extschema@.repeat_group', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.repeat_member', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.supervision', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.supervision_record', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.repeat_group', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.supervision', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.supervision_record', 'id')::regclass, '');

-- Orders' data (R-11): no PUBLIC access; the hotline's roles (R-11) get
-- their grants with the roles-and-security issue.
REVOKE ALL ON @extschema@.repeat_group, @extschema@.repeat_member, @extschema@.supervision,
    @extschema@.supervision_record FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Settings of the event rules: checked when a rule is written, so that a
-- misconfigured rule is refused at once instead of failing every accept
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.escalation_check_settings() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    s       jsonb := NEW.settings;
    k       text;
    v       jsonb;
    bad     text;
BEGIN
    BEGIN
        CASE NEW.kind
        WHEN 'emergency' THEN
            IF jsonb_typeof(s -> 'notify') IS DISTINCT FROM 'array' OR jsonb_array_length(s -> 'notify') = 0
               OR EXISTS (SELECT 1 FROM jsonb_array_elements(s -> 'notify') x
                          WHERE jsonb_typeof(x) <> 'string' OR x #>> '{}' = '') THEN
                bad := 'settings.notify must be a non-empty array of recipients, e.g. ["emergency_department", "duty_office"]';
            END IF;
        WHEN 'repeat_person', 'repeat_matter' THEN
            IF (s ->> 'window')::interval IS NULL OR (s ->> 'window')::interval <= interval '0' THEN
                bad := 'settings.window must be a positive interval, e.g. "30 days"';
            ELSIF (s ->> 'supervise_at')::integer IS NULL OR (s ->> 'supervise_at')::integer < 2 THEN
                bad := 'settings.supervise_at must be an integer of at least 2 (orders in the group)';
            ELSIF NEW.kind = 'repeat_matter' AND NOT coalesce((s ->> 'similarity')::real BETWEEN 0.01 AND 1, false) THEN
                bad := 'settings.similarity must be a number between 0.01 and 1, e.g. 0.3';
            ELSIF s ? 'place_similarity' AND NOT coalesce((s ->> 'place_similarity')::real BETWEEN 0.01 AND 1, false) THEN
                bad := 'settings.place_similarity must be a number between 0.01 and 1, e.g. 0.4';
            ELSIF s ? 'distance_m' AND NOT coalesce((s ->> 'distance_m')::double precision > 0, false) THEN
                bad := 'settings.distance_m must be a positive number of metres, e.g. 200';
            ELSIF s ? 'ignore' AND (jsonb_typeof(s -> 'ignore') <> 'array'
                                    OR EXISTS (SELECT 1 FROM jsonb_array_elements(s -> 'ignore') x
                                               WHERE jsonb_typeof(x) <> 'string')) THEN
                bad := 'settings.ignore must be an array of set phrases, e.g. ["市民来电反映", "希望尽快处理"]';
            ELSIF s ? 'recipient_user' AND coalesce(s ->> 'recipient_user', '') = '' THEN
                bad := 'settings.recipient_user must be a non-empty text, e.g. "dispatchers"';
            END IF;
        WHEN 'bad_handling' THEN
            IF s = '{}' THEN
                bad := 'settings needs at least one supervision reason, e.g. {"returned": {"actions": ["<an action of the workflow>"], "threshold": 2}}';
            END IF;
            FOR k, v IN SELECT x.key, x.value FROM jsonb_each(s) x LOOP
                EXIT WHEN bad IS NOT NULL;
                IF NOT EXISTS (SELECT 1 FROM @extschema@.supervision_reason x WHERE x.reason = k) THEN
                    bad := format('settings.%s: "%s" is not a supervision reason (%s)', k, k,
                                  (SELECT string_agg(x.reason, ', ' ORDER BY x.reason) FROM @extschema@.supervision_reason x));
                ELSIF jsonb_typeof(v) <> 'object' THEN
                    bad := format('settings.%s must be an object with actions and threshold', k);
                ELSIF EXISTS (SELECT 1 FROM jsonb_object_keys(v) y WHERE y NOT IN ('actions', 'threshold', 'params', 'value', 'unit')) THEN
                    bad := format('settings.%s may have only actions, threshold, params, value and unit', k);
                ELSIF jsonb_typeof(v -> 'actions') IS DISTINCT FROM 'array' OR jsonb_array_length(v -> 'actions') = 0
                      OR EXISTS (SELECT 1 FROM jsonb_array_elements(v -> 'actions') x WHERE jsonb_typeof(x) <> 'string') THEN
                    bad := format('settings.%s.actions must be a non-empty array of the workflow''s action names', k);
                ELSIF EXISTS (SELECT 1 FROM jsonb_array_elements_text(v -> 'actions') x
                              WHERE NOT EXISTS (SELECT 1 FROM @extschema@.workflow_action a
                                                WHERE a.workflow = NEW.workflow AND a.action = x)) THEN
                    bad := format('settings.%s.actions names %s, which is not an action of workflow "%s"', k,
                                  (SELECT string_agg('"' || x || '"', ', ') FROM jsonb_array_elements_text(v -> 'actions') x
                                   WHERE NOT EXISTS (SELECT 1 FROM @extschema@.workflow_action a
                                                     WHERE a.workflow = NEW.workflow AND a.action = x)), NEW.workflow);
                ELSIF NOT coalesce((v ->> 'threshold')::integer >= 1, false) THEN
                    bad := format('settings.%s.threshold must be a positive integer (a count of events)', k);
                ELSIF (v ? 'params') <> (v ? 'value') THEN
                    bad := format('settings.%s.params and settings.%s.value go together (the parameters that must have the value for an action to count)', k, k);
                ELSIF v ? 'params' AND (jsonb_typeof(v -> 'params') <> 'array' OR jsonb_array_length(v -> 'params') = 0
                                        OR EXISTS (SELECT 1 FROM jsonb_array_elements(v -> 'params') x WHERE jsonb_typeof(x) <> 'string')
                                        OR jsonb_typeof(v -> 'value') <> 'string') THEN
                    bad := format('settings.%s.params must be a non-empty array of parameter names and settings.%s.value a text', k, k);
                ELSIF v ? 'unit' AND v ->> 'unit' IS DISTINCT FROM 'assignment' THEN
                    bad := format('settings.%s.unit must be "assignment" (the acting assignment''s unit is supervised) or left out', k);
                END IF;
            END LOOP;
        ELSE
            NULL;
        END CASE;
    EXCEPTION WHEN invalid_text_representation OR invalid_datetime_format OR datetime_field_overflow
                   OR numeric_value_out_of_range OR invalid_parameter_value THEN
        bad := format('a value of settings has the wrong type (%s)', SQLERRM);
    END;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'invalid settings of escalation rule "%" (kind %) of workflow "%"', NEW.rule, NEW.kind, NEW.workflow
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('%s; got %s.', bad, s),
                  HINT = 'README (Rules run after actions) describes the settings of each kind; the built-in workflows'' rules (workflows/*.sql, "escalations") are examples that work.';
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.escalation_check_settings() IS
    'trigger: the settings of emergency, repeat and bad-handling rules are checked when a rule is written';
CREATE TRIGGER workflow_escalation_check_settings BEFORE INSERT OR UPDATE ON @extschema@.workflow_escalation
    FOR EACH ROW WHEN (NEW.kind IN ('emergency', 'repeat_person', 'repeat_matter', 'bad_handling'))
    EXECUTE FUNCTION @extschema@.escalation_check_settings();

-- ---------------------------------------------------------------------------
-- Opening, recording, closing
-- ---------------------------------------------------------------------------

-- checks shared by the functions below
CREATE FUNCTION @extschema@.supervision_check_text(what text, value text, example text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF value IS NULL THEN
        RAISE EXCEPTION '% must not be null', what
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = format('Give %s, e.g. %s.', what, example);
    ELSIF btrim(value) = '' THEN
        RAISE EXCEPTION '% must not be empty', what
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('Give %s, e.g. %s.', what, example);
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.supervision_check_text(text, text, text) IS
    'internal: raises 22004 or 22023 unless the value is a non-empty text';

CREATE FUNCTION @extschema@.supervision_check_method(method text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF method IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.supervision_method m WHERE m.method = $1) THEN
        RAISE EXCEPTION 'unknown supervision method "%"', method
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The methods are %s (R-5.3).', (SELECT string_agg(m.method, ', ' ORDER BY m.method)
                                                                  FROM @extschema@.supervision_method m)),
                  HINT = 'Methods are rows of hotline.supervision_method.';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.supervision_check_method(text) IS
    'internal: raises 22023 unless the method is NULL or a row of hotline.supervision_method';

-- Opening, for hotline.open_supervision and the rules (which also name the
-- repeat group).  The order is locked like an action locks it, so that the
-- event records the state the order is really in.
CREATE FUNCTION @extschema@.supervision_open(
    order_no            @extschema@.order_no,
    reason              text,
    person_in_charge    text,
    method              text,
    note                text,
    assignment_id       bigint,
    rule                text,
    actor               text,
    group_id            bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_variable
DECLARE
    o           record;
    s           @extschema@.supervision;
    unit        bigint;
    unit_code   text;
    new_id      bigint;
    changed     text;
BEGIN
    PERFORM @extschema@.supervision_check_text('actor', actor, '''督办科 王科长''');
    IF reason IS NULL OR NOT EXISTS (SELECT 1 FROM @extschema@.supervision_reason x WHERE x.reason = supervision_open.reason) THEN
        RAISE EXCEPTION 'unknown supervision reason "%"', coalesce(reason, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The reasons are %s (R-5.2).', (SELECT string_agg(x.reason, ', ' ORDER BY x.reason)
                                                                  FROM @extschema@.supervision_reason x)),
                  HINT = 'A supervisor''s own decision is reason manual; reasons are rows of hotline.supervision_reason.';
    END IF;
    PERFORM @extschema@.supervision_check_method(method);
    IF person_in_charge IS NOT NULL THEN
        PERFORM @extschema@.supervision_check_text('person_in_charge', person_in_charge, '''督办科 王科长''');
    END IF;
    IF note IS NOT NULL THEN
        PERFORM @extschema@.supervision_check_text('note', note, '''电话督促承办单位尽快答复''');
    END IF;

    SELECT w.state, w.closed_at, w.workflow, w.urgency, w.emergency_kind INTO o
    FROM @extschema@.work_order w
    WHERE w.order_no OPERATOR(pg_catalog.=) supervision_open.order_no
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'work order % does not exist', coalesce(order_no::text, 'NULL')
            USING ERRCODE = 'no_data_found';
    END IF;

    -- an open supervision for the reason: that one (idempotent)
    SELECT * INTO s FROM @extschema@.supervision x
    WHERE x.order_no OPERATOR(pg_catalog.=) supervision_open.order_no AND x.reason = supervision_open.reason
      AND x.closed_at IS NULL
    FOR UPDATE;
    IF FOUND THEN
        IF person_in_charge IS DISTINCT FROM s.person_in_charge AND person_in_charge IS NOT NULL
           OR method IS DISTINCT FROM s.method AND method IS NOT NULL THEN
            UPDATE @extschema@.supervision x
               SET person_in_charge = coalesce(supervision_open.person_in_charge, x.person_in_charge),
                   method = coalesce(supervision_open.method, x.method)
             WHERE x.order_no OPERATOR(pg_catalog.=) s.order_no AND x.id = s.id;
            changed := concat_ws(', ', 'person in charge: ' || person_in_charge, 'method: ' || method);
        END IF;
        IF note IS NOT NULL OR changed IS NOT NULL THEN
            PERFORM @extschema@.record_supervision(s.id, concat_ws('; ', note, changed), method, actor);
        END IF;
        RETURN s.id;
    END IF;

    IF o.closed_at IS NOT NULL THEN
        RAISE EXCEPTION 'work order % is closed (%)', order_no, o.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('It was closed at %s; supervision is for orders still being handled (R-5.2).', o.closed_at),
                  HINT = 'Supervise the order that carries it (merged_into), or record the finding on the order''s history.';
    END IF;

    -- the supervised unit: the assignment's, else the order's lead unit
    IF assignment_id IS NOT NULL THEN
        SELECT a.unit_id INTO unit FROM @extschema@.assignment a
        WHERE a.id = supervision_open.assignment_id
          AND a.order_no OPERATOR(pg_catalog.=) supervision_open.order_no;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'assignment % is not an assignment of work order %', assignment_id, order_no
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'See the order''s assignments in hotline.assignment, or leave assignment_id out to supervise the lead unit.';
        END IF;
    ELSE
        SELECT a.unit_id INTO unit FROM @extschema@.assignment a
        WHERE a.order_no OPERATOR(pg_catalog.=) supervision_open.order_no
          AND a.role = 'lead' AND a.parent_id IS NULL
        ORDER BY a.closed_at IS NULL DESC, a.id DESC
        LIMIT 1;
    END IF;
    SELECT u.code INTO unit_code FROM @extschema@.unit u WHERE u.id = unit;

    -- a concurrent opening that committed first wins; ours then is that one
    INSERT INTO @extschema@.supervision AS x (order_no, assignment_id, unit_id, reason, rule, group_id,
                                             opened_by, person_in_charge, method)
    VALUES (order_no, assignment_id, unit, reason, rule, group_id, actor, person_in_charge, method)
    ON CONFLICT DO NOTHING          -- supervision_open_key: one open per order and reason
    RETURNING x.id INTO new_id;
    IF new_id IS NULL THEN
        RETURN @extschema@.supervision_open(order_no, reason, person_in_charge, method, note,
                                            assignment_id, rule, actor, group_id);
    END IF;

    IF note IS NOT NULL THEN
        INSERT INTO @extschema@.supervision_record (order_no, supervision_id, actor, method, note)
        VALUES (order_no, new_id, actor, method, note);
    END IF;

    PERFORM @extschema@.record_event(order_no, assignment_id, actor, CASE WHEN rule IS NULL THEN 'supervisor' ELSE 'system' END,
            'supervise', o.state, o.state, note,
            jsonb_strip_nulls(jsonb_build_object(
                'supervision_id', new_id, 'reason', reason, 'rule', rule, 'unit', unit_code,
                'person_in_charge', person_in_charge, 'method', method, 'group_id', group_id)));

    -- opened by a rule (a sweep at night, say): the supervisors are told in
    -- their business hours, an emergency at once (as notices and hastenings);
    -- in the workflow's words
    PERFORM @extschema@.outbox_add(ARRAY[ROW(order_no, assignment_id, NULL, 'supervisors', 'system', 'supervise',
        jsonb_strip_nulls(jsonb_build_object(
            'supervision_id', new_id, 'order_no', order_no::text, 'reason', reason, 'rule', rule,
            'unit', unit_code, 'person_in_charge', person_in_charge, 'method', method, 'group_id', group_id,
            'text', @extschema@.render_message(o.workflow, 'supervise', NULL,
                                               jsonb_build_object('order_no', order_no::text, 'reason', reason)))),
        'supervise:' || new_id,
        CASE WHEN rule IS NOT NULL
             THEN (SELECT greatest(@extschema@.send_time(w.calendar, pg_catalog.now(), o.urgency, o.emergency_kind),
                                   pg_catalog.now())
                   FROM @extschema@.workflow w WHERE w.name = o.workflow) END)::@extschema@.outbox_message]);
    RETURN new_id;
END $$;
COMMENT ON FUNCTION @extschema@.supervision_open(@extschema@.order_no, text, text, text, text, bigint, text, text, bigint) IS
    'internal: hotline.open_supervision, also naming the repeat group (used by the repeat rules)';

CREATE FUNCTION @extschema@.open_supervision(
    order_no            @extschema@.order_no,
    reason              text,
    person_in_charge    text DEFAULT NULL,
    method              text DEFAULT NULL,
    note                text DEFAULT NULL,
    assignment_id       bigint DEFAULT NULL,
    rule                text DEFAULT NULL,
    actor               text DEFAULT current_user)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
SELECT @extschema@.supervision_open($1, $2, $3, $4, $5, $6, $7, $8, NULL)
$$;
COMMENT ON FUNCTION @extschema@.open_supervision(@extschema@.order_no, text, text, text, text, bigint, text, text) IS
    '督办: opens a supervision of an open order for a reason (R-5.2) with a person in charge and method (R-5.3), records it on the order and tells the supervisors; if one is open for the order and reason, returns it (adding the note)';

-- The supervision an action records on or closes, locked after its order
-- (the lock order of every writer), with the order's state; a supervision
-- that does not exist or is closed is an error.
CREATE FUNCTION @extschema@.supervision_lock(supervision_id bigint, closing boolean,
                                             OUT s @extschema@.supervision, OUT state text)
LANGUAGE plpgsql VOLATILE AS $$   -- internal: called by record_supervision and close_supervision
#variable_conflict use_variable
DECLARE
    the_order   @extschema@.order_no;
BEGIN
    SELECT x.order_no INTO the_order FROM @extschema@.supervision x WHERE x.id = supervision_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'supervision % does not exist', coalesce(supervision_id::text, 'NULL')
            USING ERRCODE = 'no_data_found',
                  HINT = 'Open supervisions are listed in hotline.supervision_board.';
    END IF;
    SELECT w.state INTO state FROM @extschema@.work_order w
    WHERE w.order_no OPERATOR(pg_catalog.=) the_order FOR NO KEY UPDATE;
    SELECT * INTO s FROM @extschema@.supervision x WHERE x.id = supervision_id FOR UPDATE;
    IF s.closed_at IS NOT NULL THEN
        RAISE EXCEPTION 'supervision % is %', supervision_id, CASE WHEN closing THEN 'already closed' ELSE 'closed' END
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('%s closed it at %s with the result: %s.', s.closed_by, s.closed_at, s.result),
                  HINT = 'Open a new supervision of the order with hotline.open_supervision'
                         || CASE WHEN closing THEN ' if it needs one again.' ELSE '.' END;
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.supervision_lock(bigint, boolean) IS
    'internal: locks an open supervision after its order and returns it with the order''s state';

CREATE FUNCTION @extschema@.record_supervision(
    supervision_id  bigint,
    note            text,
    method          text DEFAULT NULL,
    actor           text DEFAULT current_user)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    s           @extschema@.supervision;
    st          text;
    lk          record;
    rec_id      bigint;
BEGIN
    PERFORM @extschema@.supervision_check_text('note', note, '''电话督促承办单位尽快答复''');
    PERFORM @extschema@.supervision_check_text('actor', actor, '''督办科 王科长''');
    PERFORM @extschema@.supervision_check_method(method);
    lk := @extschema@.supervision_lock(supervision_id, false);
    s := lk.s;
    st := lk.state;
    INSERT INTO @extschema@.supervision_record AS r (order_no, supervision_id, actor, method, note)
    VALUES (s.order_no, supervision_id, actor, method, note)
    RETURNING r.id INTO rec_id;
    IF s.method IS NULL AND method IS NOT NULL THEN
        UPDATE @extschema@.supervision x SET method = record_supervision.method
        WHERE x.order_no OPERATOR(pg_catalog.=) s.order_no AND x.id = supervision_id;
    END IF;
    PERFORM @extschema@.record_event(s.order_no, s.assignment_id, actor, 'supervisor', 'supervise_record', st, st, note,
            jsonb_strip_nulls(jsonb_build_object('supervision_id', supervision_id, 'record_id', rec_id,
                                                 'reason', s.reason, 'method', method)));
    RETURN rec_id;
END $$;
COMMENT ON FUNCTION @extschema@.record_supervision(bigint, text, text, text) IS
    '督办记录: adds a note (and the method used) to an open supervision and records it on the order (R-5.3); returns the record''s id';

CREATE FUNCTION @extschema@.close_supervision(
    supervision_id  bigint,
    result          text,
    actor           text DEFAULT current_user)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    s           @extschema@.supervision;
    st          text;
    lk          record;
BEGIN
    PERFORM @extschema@.supervision_check_text('result', result, '''承办单位已答复，市民满意''');
    PERFORM @extschema@.supervision_check_text('actor', actor, '''督办科 王科长''');
    lk := @extschema@.supervision_lock(supervision_id, true);
    s := lk.s;
    st := lk.state;
    UPDATE @extschema@.supervision x
       SET closed_at = now(), closed_by = actor, result = close_supervision.result
     WHERE x.id = supervision_id;
    PERFORM @extschema@.record_event(s.order_no, s.assignment_id, actor, 'supervisor', 'supervise_close', st, st, result,
            jsonb_build_object('supervision_id', supervision_id, 'reason', s.reason));
END $$;
COMMENT ON FUNCTION @extschema@.close_supervision(bigint, text, text) IS
    '督办办结: closes an open supervision with its result and records it on the order (R-5.3)';

-- ---------------------------------------------------------------------------
-- What a supervisor sees
-- ---------------------------------------------------------------------------

CREATE VIEW @extschema@.supervision_board AS
SELECT s.id AS supervision_id, s.order_no, o.state AS order_state, s.reason, s.rule,
       o.emergency_kind, t.name AS topic, o.region, o.address,
       u.code AS unit_code, u.name AS unit_name,
       s.person_in_charge, s.method, s.opened_at, s.opened_by,
       pg_catalog.now() - s.opened_at AS age,
       coalesce(r.records, 0) AS records, r.at AS last_record_at, r.actor AS last_record_by,
       r.note AS last_record, s.group_id
FROM @extschema@.supervision s
JOIN @extschema@.work_order o ON o.order_no OPERATOR(pg_catalog.=) s.order_no
LEFT JOIN @extschema@.unit u ON u.id = s.unit_id
LEFT JOIN @extschema@.topic t ON t.id = o.topic_id
LEFT JOIN LATERAL (SELECT x.at, x.actor, x.note, pg_catalog.count(*) OVER () AS records
                   FROM @extschema@.supervision_record x
                   WHERE x.order_no OPERATOR(pg_catalog.=) s.order_no AND x.supervision_id = s.id
                   ORDER BY x.id DESC LIMIT 1) r ON true
WHERE s.closed_at IS NULL
ORDER BY s.reason <> 'emergency', s.opened_at, s.id;
COMMENT ON VIEW @extschema@.supervision_board IS
    '督办台: the open supervisions, emergencies first, then the oldest: order, its state, unit, reason, age, person in charge, the last note (R-5.3)';

CREATE VIEW @extschema@.merge_candidate AS
WITH open_member AS (
    SELECT m.group_id, g.kind, g.topic_id, m.order_no, m.similarity, o.accepted_at, o.state, o.description,
           o.address, o.workflow,
           pg_catalog.first_value(m.order_no) OVER (PARTITION BY m.group_id ORDER BY o.accepted_at, m.order_no) AS carrier
    FROM @extschema@.repeat_member m
    JOIN @extschema@.repeat_group g ON g.id = m.group_id
    JOIN @extschema@.work_order o ON o.order_no OPERATOR(pg_catalog.=) m.order_no
    WHERE o.closed_at IS NULL AND o.merged_into IS NULL
)
SELECT c.group_id, c.kind, t.name AS topic, c.order_no, c.carrier, c.similarity, c.accepted_at, c.state,
       c.address, c.description
FROM open_member c
LEFT JOIN @extschema@.topic t ON t.id = c.topic_id
WHERE c.order_no OPERATOR(pg_catalog.<>) c.carrier
  -- only orders the workflow lets merge from their state
  AND EXISTS (SELECT 1 FROM @extschema@.workflow_action a
              WHERE a.workflow = c.workflow AND a.effects ? 'merge_into' AND c.state = ANY (a.from_states))
ORDER BY c.group_id, c.accepted_at, c.order_no;
COMMENT ON VIEW @extschema@.merge_candidate IS
    '并案候选: per repeat group, its open orders that may be merged, with the suggested carrier (the group''s earliest open order); merge with hotline.merge(order_no, carrier) (R-2.4)';

REVOKE ALL ON @extschema@.supervision_board, @extschema@.merge_candidate FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The event rules (run by the engine inside the action's transaction)
-- ---------------------------------------------------------------------------

-- R-2.3: an emergency is put under supervision at once and reported to the
-- recipients of settings.notify (the emergency department and duty office)
CREATE FUNCTION @extschema@.escalate_emergency(o @extschema@.work_order, r @extschema@.escalation_rule)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    recipients  text[];
    sid         bigint;
BEGIN
    IF o.emergency_kind IS NULL
       OR EXISTS (SELECT 1 FROM @extschema@.supervision s
                  WHERE s.order_no OPERATOR(pg_catalog.=) o.order_no AND s.reason = 'emergency') THEN
        RETURN;                     -- not an emergency, or reported before
    END IF;
    recipients := ARRAY(SELECT jsonb_array_elements_text(r.settings -> 'notify'));
    sid := @extschema@.supervision_open(o.order_no, 'emergency', NULL, NULL,
                                        @extschema@.render_message(o.workflow, 'emergency_note', NULL,
                                            jsonb_build_object('emergency_kind', o.emergency_kind,
                                                               'recipients', array_to_string(recipients, ', '))),
                                        NULL, r.rule, 'system', NULL);
    PERFORM @extschema@.record_event(o.order_no, NULL, 'system', 'system', 'emergency_report', o.state, o.state, NULL,
            jsonb_build_object('rule', r.rule, 'emergency_kind', o.emergency_kind,
                               'recipients', to_jsonb(recipients), 'supervision_id', sid));
    -- the appeal itself, never the citizen's name or phone (R-11.1)
    PERFORM @extschema@.outbox_add(ARRAY(
        SELECT ROW(o.order_no, NULL, NULL, who, r.channel, r.template,
            jsonb_strip_nulls(jsonb_build_object(
                'order_no', o.order_no::text, 'emergency_kind', o.emergency_kind, 'region', o.region,
                'address', o.address, 'longitude', o.longitude, 'latitude', o.latitude,
                'occurred_at', o.occurred_at, 'accepted_at', o.accepted_at, 'description', o.description,
                'text', @extschema@.render_message(o.workflow, r.template, NULL,
                            jsonb_build_object('order_no', o.order_no::text, 'emergency_kind', o.emergency_kind,
                                               'description', o.description), NULL, 'emergency'))),
            format('emergency:%s:%s', o.order_no, who), NULL)::@extschema@.outbox_message
        FROM unnest(recipients) WITH ORDINALITY AS x(who, k) ORDER BY x.k));
END $$;
COMMENT ON FUNCTION @extschema@.escalate_emergency(@extschema@.work_order, @extschema@.escalation_rule) IS
    'internal: rule kind emergency (R-2.3): supervision at once, the report recorded and sent to settings.notify';

-- R-2.4: put an order into the repeat group of its matches (the group one
-- of them is in, else a new one), tell the dispatchers, and supervise the
-- group's carrier when the group reaches settings.supervise_at.  Runs
-- under the topic's lock (escalate_on_action).
CREATE FUNCTION @extschema@.repeat_join(o @extschema@.work_order, r @extschema@.escalation_rule, kind text,
                                        matches @extschema@.order_no[], sims real[])
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_variable
DECLARE
    gid         bigint;
    members     integer;
    carrier     @extschema@.order_no;
    group_orders @extschema@.order_no[];
    best        real := (SELECT max(x) FROM unnest(sims) x);
BEGIN
    SELECT g.id INTO gid
    FROM @extschema@.repeat_member m JOIN @extschema@.repeat_group g ON g.id = m.group_id
    WHERE m.order_no = ANY (matches) AND g.kind = repeat_join.kind
    ORDER BY g.id LIMIT 1;
    IF gid IS NULL THEN
        INSERT INTO @extschema@.repeat_group AS g (kind, rule, topic_id, citizen_id)
        VALUES (kind, r.rule, o.topic_id, CASE WHEN kind = 'one_person' THEN o.citizen_id END)
        RETURNING g.id INTO gid;
    ELSE
        UPDATE @extschema@.repeat_group g SET last_added_at = now() WHERE g.id = gid;
    END IF;
    -- the matches not yet in a group of this kind come along
    INSERT INTO @extschema@.repeat_member (group_id, order_no, similarity)
    SELECT gid, x.no, x.sim
    FROM unnest(matches, sims) AS x(no, sim)
    WHERE NOT EXISTS (SELECT 1 FROM @extschema@.repeat_member m JOIN @extschema@.repeat_group g ON g.id = m.group_id
                      WHERE m.order_no = x.no AND g.kind = repeat_join.kind)
    UNION ALL
    SELECT gid, o.order_no, best;

    -- the members first, then their orders by primary key (a plan that
    -- does not depend on the statistics of work_order)
    group_orders := ARRAY(SELECT m.order_no FROM @extschema@.repeat_member m WHERE m.group_id = gid);
    members := cardinality(group_orders);
    SELECT w.order_no INTO carrier
    FROM @extschema@.work_order w
    WHERE w.order_no = ANY (group_orders) AND w.closed_at IS NULL AND w.merged_into IS NULL
    ORDER BY w.accepted_at, w.order_no LIMIT 1;

    PERFORM @extschema@.record_event(o.order_no, NULL, 'system', 'system', 'repeat', o.state, o.state, NULL,
            jsonb_build_object('rule', r.rule, 'kind', kind, 'group_id', gid, 'members', members,
                               'carrier', carrier::text, 'similarity', round(best::numeric, 3),
                               'matches', (SELECT jsonb_agg(x::text) FROM unnest(matches) x)));
    -- the text: the workflow's message <template>.<kind>, e.g. repeat.one_person
    PERFORM @extschema@.outbox_add(ARRAY[ROW(o.order_no, NULL, NULL,
        coalesce(r.settings ->> 'recipient_user', 'dispatchers'), r.channel, r.template,
        jsonb_build_object('group_id', gid, 'kind', kind, 'rule', r.rule, 'order_no', o.order_no::text,
                           'carrier', carrier::text, 'members', members,
                           'text', @extschema@.render_message(o.workflow, r.template || '.' || kind, NULL,
                                       jsonb_build_object('order_no', o.order_no::text, 'others', members - 1,
                                                          'group_id', gid, 'carrier', carrier::text))),
        format('repeat:%s:%s', gid, o.order_no), NULL)::@extschema@.outbox_message]);

    IF members >= (r.settings ->> 'supervise_at')::integer AND carrier IS NOT NULL THEN
        UPDATE @extschema@.repeat_group g SET supervised = true WHERE g.id = gid AND NOT g.supervised;
        IF FOUND THEN
            PERFORM @extschema@.supervision_open(carrier, 'repeat', NULL, NULL,
                @extschema@.render_message(o.workflow, 'repeat_note.' || kind, NULL,
                                           jsonb_build_object('members', members, 'group_id', gid)),
                NULL, r.rule, 'system', gid);
        END IF;
    END IF;
    RETURN gid;
END $$;
COMMENT ON FUNCTION @extschema@.repeat_join(@extschema@.work_order, @extschema@.escalation_rule, text,
    @extschema@.order_no[], real[]) IS
    'internal: adds an order and its matches to a repeat group, records and announces it, supervises the group at its threshold (R-2.4)';

-- 一人多次: the same citizen on the same topic within the window
CREATE FUNCTION @extschema@.escalate_repeat_person(o @extschema@.work_order, r @extschema@.escalation_rule)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    win         interval := (r.settings ->> 'window')::interval;
    matches     @extschema@.order_no[];
BEGIN
    IF o.citizen_id IS NULL OR o.topic_id IS NULL THEN
        RETURN;
    END IF;
    -- index (citizen_id, accepted_at); later ones too: an order of a
    -- transaction that started earlier but committed first
    matches := ARRAY(SELECT w.order_no FROM @extschema@.work_order w
                     WHERE w.citizen_id = o.citizen_id
                       AND w.accepted_at BETWEEN o.accepted_at - win AND o.accepted_at + win
                       AND w.topic_id = o.topic_id
                       AND w.order_no OPERATOR(pg_catalog.<>) o.order_no
                     ORDER BY w.accepted_at, w.order_no);
    IF cardinality(matches) = 0 THEN
        RETURN;
    END IF;
    PERFORM @extschema@.repeat_join(o, r, 'one_person', matches,
                                    array_fill(1::real, ARRAY[cardinality(matches)]));
END $$;
COMMENT ON FUNCTION @extschema@.escalate_repeat_person(@extschema@.work_order, @extschema@.escalation_rule) IS
    'internal: rule kind repeat_person (一人多次, R-2.4): the same citizen on the same topic within settings.window';

-- the set phrases of intake agents, left out when texts are compared
-- unless the rule names its own (settings.ignore)
CREATE FUNCTION @extschema@.repeat_set_phrases() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT ARRAY['市民来电反映', '来电人反映', '市民反映', '来电咨询', '希望', '尽快', '请求', '要求', '相关部门',
             '处理', '解决', '存在', '问题']
$$;
COMMENT ON FUNCTION @extschema@.repeat_set_phrases() IS
    'the set phrases of intake agents (市民来电反映, 希望尽快处理 ...) that one matter many people (一事多人) leaves out of descriptions unless its rule gives settings.ignore';

-- 一事多人: different citizens, the same topic and place, similar text
CREATE FUNCTION @extschema@.escalate_repeat_matter(o @extschema@.work_order, r @extschema@.escalation_rule)
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

-- R-5.2: bad handling.  The rule's settings name, per supervision reason,
-- the workflow's actions that count and how many open a supervision; an
-- action counts when it is one of the reason's actions and, when the
-- reason names parameters, one of them has the value:
--   {"returned":     {"actions": ["give_back"], "threshold": 2, "unit": "assignment"},
--    "dissatisfied": {"actions": ["rate"], "threshold": 1, "params": ["stars"], "value": "1"}}
-- ("unit": "assignment": the acting assignment's unit is supervised, else
-- the order's lead unit).  Events are counted from the order's history
-- since the last supervision of the reason was closed, so that a closed
-- supervision opens again only after as many new events.
CREATE FUNCTION @extschema@.bad_handling_counts(reason_settings jsonb, action text, params jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT coalesce($1 -> 'actions' ? $2, false)
   AND (NOT $1 ? 'params'
        OR EXISTS (SELECT 1 FROM jsonb_array_elements_text($1 -> 'params') p WHERE $3 ->> p = $1 ->> 'value'))
$$;
COMMENT ON FUNCTION @extschema@.bad_handling_counts(jsonb, text, jsonb) IS
    'internal: whether an action with these parameters counts for a reason of a bad-handling rule (its settings for the reason)';

CREATE FUNCTION @extschema@.escalate_bad_handling(o @extschema@.work_order, r @extschema@.escalation_rule,
                                                  assignment_id bigint, action text, params jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_variable
DECLARE
    why         text;
    c           jsonb;
    n           integer;
    since       bigint;
BEGIN
    -- only the reasons this action counts for (an action may count for
    -- several: a redo after a dissatisfied callback)
    FOR why, c IN SELECT x.key, x.value FROM jsonb_each(r.settings) x LOOP
        CONTINUE WHEN NOT @extschema@.bad_handling_counts(c, action, params)
            OR EXISTS (SELECT 1 FROM @extschema@.supervision s
                       WHERE s.order_no OPERATOR(pg_catalog.=) o.order_no AND s.reason = why AND s.closed_at IS NULL);
        -- the history's order (event ids: writers of an order's history hold
        -- its lock), not its time stamps (one transaction has one now())
        SELECT max(e.id) INTO since FROM @extschema@.order_event e
        WHERE e.order_no OPERATOR(pg_catalog.=) o.order_no AND e.action = 'supervise_close'
          AND e.payload ->> 'reason' = why;
        SELECT count(*) INTO n FROM @extschema@.order_event e
        WHERE e.order_no OPERATOR(pg_catalog.=) o.order_no
          AND e.id > coalesce(since, 0)
          AND @extschema@.bad_handling_counts(c, e.action, e.payload);
        IF n >= (c ->> 'threshold')::integer THEN
            PERFORM @extschema@.supervision_open(o.order_no, why, NULL, NULL,
                @extschema@.render_message(o.workflow, 'bad_handling.' || why, NULL, jsonb_build_object('n', n)),
                CASE WHEN c ->> 'unit' = 'assignment' THEN assignment_id END, r.rule, 'system', NULL);
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.escalate_bad_handling(@extschema@.work_order, @extschema@.escalation_rule, bigint, text, jsonb) IS
    'internal: rule kind bad_handling (R-5.2): per supervision reason of its settings, the actions that count reaching the threshold open a supervision (one open per reason), noted in the workflow''s words (message bad_handling.<reason>)';

-- The engine (engine.c) calls this after an action that escalation rules
-- of the order's workflow name in their on_actions, inside the action's
-- transaction, with the order locked (FOR NO KEY UPDATE).  The rules run
-- in a fixed order (emergency, repeats, bad handling).  The repeat rules
-- take a transaction lock first, per citizen (one person many times) and
-- per topic and district (one matter many people): two appeals that could
-- join one group, accepted at once, are compared one after the other, the
-- second seeing the first once it committed (READ COMMITTED takes a new
-- snapshot per statement), so they end in one group; appeals that cannot
-- (other citizens, topics or districts) do not wait for each other.
CREATE FUNCTION @extschema@.escalate_on_action(order_no @extschema@.order_no, assignment_id bigint,
                                               action text, params jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_variable
DECLARE
    o           @extschema@.work_order;
    r           @extschema@.escalation_rule;
BEGIN
    SELECT * INTO o FROM @extschema@.work_order w WHERE w.order_no OPERATOR(pg_catalog.=) escalate_on_action.order_no;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    FOR r IN SELECT * FROM @extschema@.escalation_rule x
             WHERE x.workflow = o.workflow AND action = ANY (x.on_actions)
               AND x.kind IN ('emergency', 'repeat_person', 'repeat_matter', 'bad_handling')
             ORDER BY array_position(ARRAY['emergency', 'repeat_person', 'repeat_matter', 'bad_handling'], x.kind), x.rule
    LOOP
        CASE r.kind
        WHEN 'emergency' THEN
            PERFORM @extschema@.escalate_emergency(o, r);
        WHEN 'repeat_person', 'repeat_matter' THEN
            IF o.topic_id IS NULL THEN
                CONTINUE;
            END IF;
            -- appeals that could join one group are compared one after the
            -- other: the same citizen (one person many times), the same topic
            -- in the same district (one matter many people); the person's
            -- lock is always taken first
            IF r.kind = 'repeat_person' THEN
                CONTINUE WHEN o.citizen_id IS NULL;
                PERFORM pg_advisory_xact_lock(hashtext('hotline.repeat_person'), hashint8(o.citizen_id));
            ELSE
                CONTINUE WHEN o.address IS NULL AND (o.longitude IS NULL OR o.latitude IS NULL);
                PERFORM pg_advisory_xact_lock(hashtext('hotline.repeat_matter'),
                                              hashtext(o.topic_id::text || '/' || o.region));
            END IF;
            -- once per order and kind (the same action path again adds nothing)
            CONTINUE WHEN EXISTS (SELECT 1 FROM @extschema@.repeat_member m JOIN @extschema@.repeat_group g ON g.id = m.group_id
                                  WHERE m.order_no OPERATOR(pg_catalog.=) o.order_no
                                    AND g.kind = CASE r.kind WHEN 'repeat_person' THEN 'one_person' ELSE 'one_matter' END);
            IF r.kind = 'repeat_person' THEN
                PERFORM @extschema@.escalate_repeat_person(o, r);
            ELSE
                PERFORM @extschema@.escalate_repeat_matter(o, r);
            END IF;
        WHEN 'bad_handling' THEN
            PERFORM @extschema@.escalate_bad_handling(o, r, assignment_id, action, params);
        END CASE;
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.escalate_on_action(@extschema@.order_no, bigint, text, jsonb) IS
    'internal: runs the escalation rules of the order''s workflow that follow the action (emergency, repeats, bad handling)';

-- Supervision is the hotline's supervisors' work; the rules run inside the
-- engine.  No EXECUTE for PUBLIC until the roles of R-11 exist (as the
-- workflow's named functions).  The internal functions (escalate_*,
-- repeat_join, supervision_open) are neither SECURITY DEFINER nor pin their
-- search_path: they run only inside the engine's or open_supervision's
-- SECURITY DEFINER call, with its pinned search_path (a SET clause per
-- nested call would cost every accept), and name everything by schema.
REVOKE ALL ON FUNCTION
    @extschema@.supervision_check_text(text, text, text),
    @extschema@.supervision_check_method(text),
    @extschema@.supervision_open(@extschema@.order_no, text, text, text, text, bigint, text, text, bigint),
    @extschema@.open_supervision(@extschema@.order_no, text, text, text, text, bigint, text, text),
    @extschema@.supervision_lock(bigint, boolean),
    @extschema@.record_supervision(bigint, text, text, text),
    @extschema@.close_supervision(bigint, text, text),
    @extschema@.escalate_emergency(@extschema@.work_order, @extschema@.escalation_rule),
    @extschema@.repeat_join(@extschema@.work_order, @extschema@.escalation_rule, text, @extschema@.order_no[], real[]),
    @extschema@.escalate_repeat_person(@extschema@.work_order, @extschema@.escalation_rule),
    @extschema@.escalate_repeat_matter(@extschema@.work_order, @extschema@.escalation_rule),
    @extschema@.repeat_set_phrases(),
    @extschema@.escalate_bad_handling(@extschema@.work_order, @extschema@.escalation_rule, bigint, text, jsonb),
    @extschema@.bad_handling_counts(jsonb, text, jsonb),
    @extschema@.escalate_on_action(@extschema@.order_no, bigint, text, jsonb),
    @extschema@.escalation_check_settings(),
    @extschema@.supervision_record_append_only()
FROM PUBLIC;
