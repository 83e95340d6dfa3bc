-- ---------------------------------------------------------------------------
-- The knowledge base (知识库, R-3, R-10; issue 12): the articles an agent
-- answers from on the spot, of four kinds: laws and regulations (law),
-- policies (policy), unit duties (duty: which unit handles what) and
-- service guides (service: 办事指南, where, what to bring, fees, time).
-- An article belongs to a unit, which keeps it accurate: every edit is a
-- new version (what an answer cited stays readable forever), a review is
-- due every review_every (a job reminds the owner), agents report errors
-- (纠错) that the owner fixes or rejects.  Drafts are published by the
-- centre and retired when they no longer hold.  Searched with hotline.zh.
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.kb_article (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('law', 'policy', 'duty', 'service')),
    owner_unit_id   bigint NOT NULL REFERENCES @extschema@.unit (id) ON UPDATE CASCADE,
    status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'retired')),
    version         integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    review_every    interval NOT NULL DEFAULT '1 year'
                    CHECK (review_every >= interval '1 day' AND review_every <= interval '10 years'),
    next_review     date NOT NULL,
    reminded_for    date,
    created_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    -- who published or retired it last, when, and why it was retired
    status_by       text,
    status_at       timestamptz,
    status_reason   text CHECK (pg_catalog.length(status_reason) <= 500),
    CHECK (status <> 'retired' OR status_reason IS NOT NULL)
);
CREATE INDEX ON @extschema@.kb_article (next_review) WHERE status = 'published';
CREATE INDEX ON @extschema@.kb_article (owner_unit_id);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.kb_article', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.kb_article', 'id')::regclass, '');
COMMENT ON TABLE @extschema@.kb_article IS
    '知识库: an article of the knowledge base (R-10): its kind (law, policy, duty, service), owner unit, status (draft, published, retired), current version and review cycle; its text is in hotline.kb_version';
COMMENT ON COLUMN @extschema@.kb_article.next_review IS 'when the owner must review it next (a new version is a review); hotline.kb_remind_reviews reminds the owner once per date';
REVOKE ALL ON @extschema@.kb_article FROM PUBLIC;

CREATE TABLE @extschema@.kb_version (
    article_id      bigint NOT NULL REFERENCES @extschema@.kb_article (id),
    version         integer NOT NULL CHECK (version >= 1),
    title           text NOT NULL CHECK (pg_catalog.btrim(title) <> '' AND pg_catalog.length(title) <= 200),
    body            text NOT NULL CHECK (pg_catalog.btrim(body) <> '' AND pg_catalog.length(body) <= 100000),
    issuer          text CHECK (pg_catalog.length(issuer) <= 200),
    doc_number      text CHECK (pg_catalog.length(doc_number) <= 100),
    effective_from  date NOT NULL,
    effective_to    date,
    written_by      text NOT NULL,
    written_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    note            text,
    PRIMARY KEY (article_id, version),
    CHECK (effective_to > effective_from)
);
CREATE INDEX kb_version_words ON @extschema@.kb_version
    USING gin (pg_catalog.to_tsvector('@extschema@.zh', title OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) body));
SELECT pg_catalog.pg_extension_config_dump('@extschema@.kb_version', '');
COMMENT ON TABLE @extschema@.kb_version IS
    'every version of every knowledge article (append-only): title, text, issuing body (发文机关), document number (文号), effective and expiry dates, who wrote it when; what an answer cited stays readable';
REVOKE ALL ON @extschema@.kb_version FROM PUBLIC;
SELECT @extschema@.append_only_guard('@extschema@.kb_version', 'the versions of knowledge articles are append-only',
    '%s on hotline.kb_version is not allowed: an answer may have cited the version.',
    'Write a new version with hotline.kb_write.');

CREATE TABLE @extschema@.kb_error (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id      bigint NOT NULL,
    version         integer NOT NULL,
    text            text NOT NULL CHECK (pg_catalog.btrim(text) <> '' AND pg_catalog.length(text) <= 2000),
    reported_by     text NOT NULL,
    reported_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    state           text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'fixed', 'rejected')),
    decided_by      text,
    decided_at      timestamptz,
    note            text,
    FOREIGN KEY (article_id, version) REFERENCES @extschema@.kb_version (article_id, version),
    CHECK ((state = 'open') = (decided_at IS NULL))
);
CREATE INDEX ON @extschema@.kb_error (article_id) WHERE state = 'open';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.kb_error', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.kb_error', 'id')::regclass, '');
COMMENT ON TABLE @extschema@.kb_error IS
    '纠错: an error an agent found in a version of a knowledge article; the owner unit is told (outbox) and fixes it (a new version) or rejects it, with a note';
REVOKE ALL ON @extschema@.kb_error FROM PUBLIC;

-- The article, locked, or 42704.
CREATE FUNCTION @extschema@.kb_lock(article_id bigint) RETURNS @extschema@.kb_article
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    a   kb_article;
BEGIN
    SELECT * INTO a FROM kb_article k WHERE k.id = kb_lock.article_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'knowledge article % does not exist', coalesce(kb_lock.article_id::text, 'NULL')
            USING ERRCODE = 'undefined_object',
                  HINT = 'See hotline.kb_article for the articles.';
    END IF;
    RETURN a;
END $$;
COMMENT ON FUNCTION @extschema@.kb_lock(bigint) IS 'internal: the knowledge article, locked for an update; 42704 when there is none';
REVOKE ALL ON FUNCTION @extschema@.kb_lock(bigint) FROM PUBLIC;

-- A unit's staff act on their own unit's articles only (42501).
CREATE FUNCTION @extschema@.kb_check_owner(a @extschema@.kb_article, actor text, what text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM staff s WHERE s.login = actor::name AND s.unit_id IS NOT NULL)
       AND NOT acts_for_unit(actor::name, a.owner_unit_id) THEN
        RAISE EXCEPTION 'login "%" does not act for unit "%", which owns knowledge article %', actor,
                        (SELECT u.code FROM unit u WHERE u.id = a.owner_unit_id), a.id
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('A unit''s staff %s of their own unit''s articles only.', what),
                  HINT = 'Ask the owner unit, or the centre''s knowledge staff (hotline_supervisor).';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.kb_check_owner(@extschema@.kb_article, text, text) IS
    'internal: raises 42501 unless actor may act on the article: the centre''s staff on any, a unit''s staff on their unit''s';
REVOKE ALL ON FUNCTION @extschema@.kb_check_owner(@extschema@.kb_article, text, text) FROM PUBLIC;

-- hotline.kb_write: a new article (article_id NULL: a draft, version 1) or
-- a new version of one (what is not given stays as it was).  Returns the
-- article's id.
CREATE FUNCTION @extschema@.kb_write_as(article_id bigint, title text, body text, kind text, owner_unit text,
                                        issuer text, doc_number text, effective_from date, effective_to date,
                                        review_every interval, note text, actor text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    a       kb_article;
    v       kb_version;
    owner   bigint;
    today   date := (pg_catalog.now() AT TIME ZONE report_time_zone())::date;
BEGIN
    IF owner_unit IS NOT NULL THEN
        owner := (SELECT u.id FROM unit u WHERE u.code = owner_unit);
        IF owner IS NULL THEN
            RAISE EXCEPTION 'unit "%" does not exist', owner_unit
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Name the owner unit by its code in hotline.unit.';
        END IF;
    END IF;
    IF kind IS NOT NULL AND NOT kind = ANY (ARRAY['law', 'policy', 'duty', 'service']) THEN
        RAISE EXCEPTION 'unknown kind of knowledge article "%"', kind
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The kinds are law (法律法规), policy (政策), duty (单位职责) and service (办事指南).';
    END IF;
    IF article_id IS NULL THEN
        IF kind IS NULL OR owner IS NULL OR title IS NULL OR body IS NULL THEN
            RAISE EXCEPTION 'a new knowledge article needs its kind, owner unit, title and text'
                USING ERRCODE = 'null_value_not_allowed',
                      HINT = 'Pass kind => ''service'', owner_unit => the unit''s code, title => ..., body => ....';
        END IF;
        INSERT INTO kb_article AS k (kind, owner_unit_id, review_every, next_review)
        VALUES (kind, owner, coalesce(review_every, interval '1 year'),
                (today + coalesce(review_every, interval '1 year'))::date)
        RETURNING * INTO a;
        v := ROW(a.id, 1, NULL, NULL, NULL, NULL, coalesce(effective_from, today), NULL, NULL, NULL, NULL);
    ELSE
        a := kb_lock(article_id);
        IF a.status = 'retired' THEN
            RAISE EXCEPTION 'knowledge article % is retired', a.id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Write a new article instead.';
        END IF;
        SELECT * INTO v FROM kb_version x WHERE x.article_id = a.id AND x.version = a.version;
        a.version := a.version + 1;
        UPDATE kb_article k
        SET version = a.version, kind = coalesce(kb_write_as.kind, k.kind),
            owner_unit_id = coalesce(owner, k.owner_unit_id),
            review_every = coalesce(kb_write_as.review_every, k.review_every),
            next_review = (today + coalesce(kb_write_as.review_every, k.review_every))::date,
            updated_at = pg_catalog.now()
        WHERE k.id = a.id;
    END IF;
    PERFORM kb_check_owner(a, actor, 'write');
    BEGIN
        INSERT INTO kb_version (article_id, version, title, body, issuer, doc_number, effective_from, effective_to,
                                written_by, note)
        VALUES (a.id, a.version, coalesce(title, v.title), coalesce(body, v.body), coalesce(issuer, v.issuer),
                coalesce(doc_number, v.doc_number), coalesce(effective_from, v.effective_from),
                coalesce(effective_to, v.effective_to), actor, note);
    EXCEPTION WHEN check_violation THEN
        RAISE EXCEPTION 'invalid knowledge article: %', SQLERRM
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A title is 1 to 200 characters, a text 1 to 100,000, an issuer at most 200, a document number at most 100, and the expiry after the effective date.',
                  HINT = 'Correct the values and write again; nothing was written.';
    END;
    RETURN a.id;
END $$;
COMMENT ON FUNCTION @extschema@.kb_write_as(bigint, text, text, text, text, text, text, date, date, interval, text, text) IS
    'internal: the body of hotline.kb_write, called with the owner''s rights after the caller''s part is checked';
REVOKE ALL ON FUNCTION @extschema@.kb_write_as(bigint, text, text, text, text, text, text, date, date, interval, text, text) FROM PUBLIC;

CREATE FUNCTION @extschema@.kb_write(article_id bigint, title text DEFAULT NULL, body text DEFAULT NULL,
                                     kind text DEFAULT NULL, owner_unit text DEFAULT NULL, issuer text DEFAULT NULL,
                                     doc_number text DEFAULT NULL, effective_from date DEFAULT NULL,
                                     effective_to date DEFAULT NULL, review_every interval DEFAULT NULL,
                                     note text DEFAULT NULL, actor text DEFAULT current_user)
RETURNS bigint
AS 'MODULE_PATHNAME', 'hotline_staff_entry'
LANGUAGE C VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.kb_write(bigint, text, text, text, text, text, text, date, date, interval, text, text) IS
    '知识库: writes a knowledge article (article_id NULL: a new draft, with kind, owner_unit, title and body) or a new version of one (what is not given stays); returns its id; for the centre''s knowledge staff (hotline_supervisor) and the owner unit''s staff';
REVOKE ALL ON FUNCTION @extschema@.kb_write(bigint, text, text, text, text, text, text, date, date, interval, text, text) FROM PUBLIC;

-- hotline.kb_publish, hotline.kb_retire: the centre publishes a draft and
-- retires an article that no longer holds.
CREATE FUNCTION @extschema@.kb_status_as(article_id bigint, status text, note text, actor text) RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    a   kb_article := kb_lock(article_id);
BEGIN
    IF NOT (a.status = 'draft' AND kb_status_as.status = 'published' OR a.status <> 'retired' AND kb_status_as.status = 'retired') THEN
        RAISE EXCEPTION 'knowledge article % is %, it cannot be %', a.id, a.status, kb_status_as.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'A draft is published once; a draft or a published article is retired once.';
    END IF;
    IF kb_status_as.status = 'retired' AND (pg_catalog.btrim(coalesce(note, '')) = '' OR pg_catalog.length(note) > 500) THEN
        RAISE EXCEPTION 'invalid reason %', coalesce(pg_catalog.quote_literal(pg_catalog.left(note, 100)), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Retiring a knowledge article needs its reason (at most 500 characters): agents and auditors read why it no longer holds.',
                  HINT = 'Pass reason => e.g. ''被《北京市居住证实施办法（2026年修订）》取代''.';
    END IF;
    UPDATE kb_article k SET status = kb_status_as.status, updated_at = pg_catalog.now(),
                            status_by = actor, status_at = pg_catalog.now(),
                            status_reason = CASE WHEN kb_status_as.status = 'retired' THEN note END
    WHERE k.id = a.id;
    RETURN kb_status_as.status;
END $$;
COMMENT ON FUNCTION @extschema@.kb_status_as(bigint, text, text, text) IS
    'internal: publishes (draft -> published) or retires (-> retired, with its reason) a knowledge article, recording who and when';
REVOKE ALL ON FUNCTION @extschema@.kb_status_as(bigint, text, text, text) FROM PUBLIC;

CREATE FUNCTION @extschema@.kb_publish_as(article_id bigint, actor text) RETURNS text
LANGUAGE sql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
    SELECT kb_status_as(article_id, 'published', NULL, actor)
$$;
COMMENT ON FUNCTION @extschema@.kb_publish_as(bigint, text) IS 'internal: the body of hotline.kb_publish';
REVOKE ALL ON FUNCTION @extschema@.kb_publish_as(bigint, text) FROM PUBLIC;
CREATE FUNCTION @extschema@.kb_publish(article_id bigint, actor text DEFAULT current_user) RETURNS text
AS 'MODULE_PATHNAME', 'hotline_staff_entry'
LANGUAGE C VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.kb_publish(bigint, text) IS
    '知识库: publishes a draft knowledge article (agents find it); for the centre''s knowledge staff (hotline_supervisor)';
REVOKE ALL ON FUNCTION @extschema@.kb_publish(bigint, text) FROM PUBLIC;

CREATE FUNCTION @extschema@.kb_retire_as(article_id bigint, reason text, actor text) RETURNS text
LANGUAGE sql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
    SELECT kb_status_as(article_id, 'retired', reason, actor)
$$;
COMMENT ON FUNCTION @extschema@.kb_retire_as(bigint, text, text) IS 'internal: the body of hotline.kb_retire';
REVOKE ALL ON FUNCTION @extschema@.kb_retire_as(bigint, text, text) FROM PUBLIC;
CREATE FUNCTION @extschema@.kb_retire(article_id bigint, reason text DEFAULT NULL, actor text DEFAULT current_user)
RETURNS text
AS 'MODULE_PATHNAME', 'hotline_staff_entry'
LANGUAGE C VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.kb_retire(bigint, text, text) IS
    '知识库: retires a knowledge article that no longer holds (its versions stay readable); for the centre''s knowledge staff (hotline_supervisor)';
REVOKE ALL ON FUNCTION @extschema@.kb_retire(bigint, text, text) FROM PUBLIC;

-- hotline.kb_report_error: an agent reports an error in a version (纠错);
-- the owner unit is told through the outbox.  Returns the report's id.
CREATE FUNCTION @extschema@.kb_report_error_as(article_id bigint, version integer, text text, actor text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    a   kb_article := kb_lock(article_id);
    v   integer := coalesce(version, a.version);
    id  bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM kb_version x WHERE x.article_id = a.id AND x.version = v) THEN
        RAISE EXCEPTION 'knowledge article % has no version %', a.id, v
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = pg_catalog.format('Its versions are 1 to %s.', a.version);
    END IF;
    IF text IS NULL OR pg_catalog.btrim(text) = '' OR pg_catalog.length(text) > 2000 THEN
        RAISE EXCEPTION 'an error report needs a text of 1 to 2000 characters'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Say what is wrong, e.g. ''办理地点已迁至东四北大街107号''.';
    END IF;
    INSERT INTO kb_error AS e (article_id, version, text, reported_by) VALUES (a.id, v, text, actor)
    RETURNING e.id INTO id;
    PERFORM outbox_add(ARRAY[ROW(NULL, NULL, a.owner_unit_id, NULL, 'system', 'kb_error',
        pg_catalog.jsonb_build_object('error_id', id, 'article_id', a.id, 'version', v, 'text', text,
                                      'title', (SELECT x.title FROM kb_version x WHERE x.article_id = a.id AND x.version = v)),
        'kb_error:' || id, NULL)::outbox_message]);
    RETURN id;
END $$;
COMMENT ON FUNCTION @extschema@.kb_report_error_as(bigint, integer, text, text) IS 'internal: the body of hotline.kb_report_error';
REVOKE ALL ON FUNCTION @extschema@.kb_report_error_as(bigint, integer, text, text) FROM PUBLIC;
CREATE FUNCTION @extschema@.kb_report_error(article_id bigint, version integer, text text, actor text DEFAULT current_user)
RETURNS bigint
AS 'MODULE_PATHNAME', 'hotline_staff_entry'
LANGUAGE C VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.kb_report_error(bigint, integer, text, text) IS
    '纠错: reports an error in a version of a knowledge article (NULL: the current one); the owner unit is told (outbox, template kb_error); returns the report''s id; for the centre''s staff';
REVOKE ALL ON FUNCTION @extschema@.kb_report_error(bigint, integer, text, text) FROM PUBLIC;

-- hotline.kb_decide_error: the owner unit (or the centre) fixed the error
-- (a new version, written first) or rejects the report, with a note.
CREATE FUNCTION @extschema@.kb_decide_error_as(error_id bigint, fixed boolean, note text, actor text) RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    e   kb_error;
    a   kb_article;
BEGIN
    IF fixed IS NULL THEN
        RAISE EXCEPTION 'fixed must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass fixed => true when a new version corrects it, false to reject the report, with a note.';
    END IF;
    SELECT * INTO e FROM kb_error x WHERE x.id = error_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'error report % does not exist', coalesce(error_id::text, 'NULL')
            USING ERRCODE = 'undefined_object';
    END IF;
    a := kb_lock(e.article_id);
    PERFORM kb_check_owner(a, actor, 'decide the error reports');
    SELECT * INTO e FROM kb_error x WHERE x.id = error_id FOR UPDATE;
    IF e.state <> 'open' THEN
        RAISE EXCEPTION 'error report % was % already', e.id, e.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('%s decided it at %s.', e.decided_by, e.decided_at);
    END IF;
    IF fixed AND a.version <= e.version THEN
        RAISE EXCEPTION 'knowledge article % has no version after %, which the report is about', a.id, e.version
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Write the corrected version with hotline.kb_write first.';
    END IF;
    UPDATE kb_error x SET state = CASE WHEN fixed THEN 'fixed' ELSE 'rejected' END, decided_by = actor,
                          decided_at = pg_catalog.now(), note = kb_decide_error_as.note
    WHERE x.id = e.id;
    RETURN CASE WHEN fixed THEN 'fixed' ELSE 'rejected' END;
END $$;
COMMENT ON FUNCTION @extschema@.kb_decide_error_as(bigint, boolean, text, text) IS 'internal: the body of hotline.kb_decide_error';
REVOKE ALL ON FUNCTION @extschema@.kb_decide_error_as(bigint, boolean, text, text) FROM PUBLIC;
CREATE FUNCTION @extschema@.kb_decide_error(error_id bigint, fixed boolean, note text DEFAULT NULL,
                                            actor text DEFAULT current_user)
RETURNS text
AS 'MODULE_PATHNAME', 'hotline_staff_entry'
LANGUAGE C VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.kb_decide_error(bigint, boolean, text, text) IS
    '纠错: the owner unit (or the centre) marks an error report fixed (after writing the corrected version) or rejected, once';
REVOKE ALL ON FUNCTION @extschema@.kb_decide_error(bigint, boolean, text, text) FROM PUBLIC;

-- The articles agents answer from: the current version of each published
-- article in force today (report time zone).
CREATE VIEW @extschema@.kb_in_force AS
SELECT a.id AS article_id, v.version, a.kind, u.code AS owner_unit, u.name AS owner_name, v.title, v.body, v.issuer,
       v.doc_number, v.effective_from, v.effective_to, a.next_review
FROM @extschema@.kb_article a
JOIN @extschema@.kb_version v ON v.article_id = a.id AND v.version = a.version
JOIN @extschema@.unit u ON u.id = a.owner_unit_id
WHERE a.status = 'published'
  AND v.effective_from <= (pg_catalog.now() AT TIME ZONE @extschema@.report_time_zone())::date
  AND (v.effective_to IS NULL OR v.effective_to > (pg_catalog.now() AT TIME ZONE @extschema@.report_time_zone())::date);
COMMENT ON VIEW @extschema@.kb_in_force IS
    'the knowledge articles agents answer from: the current version of each published article in force today';

-- Search (R-10): the articles in force that answer a question, best first,
-- the matching characters marked.
CREATE FUNCTION @extschema@.kb_search(question text, top integer DEFAULT 10)
RETURNS TABLE (article_id bigint, version integer, kind text, title text, owner_unit text, rank real, headline text)
LANGUAGE plpgsql STABLE ROWS 10 SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
BEGIN
    IF kb_search.top IS NULL OR kb_search.top NOT BETWEEN 1 AND 100 THEN
        RAISE EXCEPTION 'top must be between 1 and 100, not %', kb_search.top
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Ask for the first 10 (the default) up to 100 articles.';
    END IF;
    IF kb_search.question IS NULL OR pg_catalog.length(kb_search.question) > 1000 THEN
        RAISE EXCEPTION 'question must be a text of at most 1000 characters'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass the citizen''s question or the agent''s words, e.g. ''居住证 办理''.';
    END IF;
    RETURN QUERY
    SELECT k.article_id, k.version, k.kind, k.title, k.owner_unit,
           ts_rank(to_tsvector('@extschema@.zh', k.title || ' ' || k.body), q) AS rank,
           ts_headline('@extschema@.zh', k.body, q, 'StartSel=【, StopSel=】, MaxWords=40, MinWords=10')
    FROM kb_in_force k, zh_expand(zh_any(kb_search.question)) q
    WHERE to_tsvector('@extschema@.zh', k.title || ' ' || k.body) @@ q
    ORDER BY 6 DESC, k.article_id
    LIMIT kb_search.top;
END $$;
COMMENT ON FUNCTION @extschema@.kb_search(text, integer) IS
    '知识库检索 (R-10): the knowledge articles in force that answer a question (any of its character pairs, hotline.zh_any), best first, with the matching characters marked';
REVOKE ALL ON FUNCTION @extschema@.kb_search(text, integer) FROM PUBLIC;

-- A citation of a knowledge article (R-3.1, R-10.2): 'N' (article N's
-- current version) or 'N:V', checked to be a published article whose
-- version V is its current one and in force today; returns it as 'N:V'
-- (what the history records, readable forever in hotline.kb_version);
-- NULL cites nothing.
-- The intake checks every knowledge_article of a new order with it.
CREATE FUNCTION @extschema@.kb_cite(citation text) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    m       text[] := regexp_match(citation, '^([0-9]{1,18})(?::([0-9]{1,9}))?$');
    k       record;     cur     integer;
    hint    text := 'Cite an article in force as its id or id:version, e.g. ''12'' or ''12:3'': see hotline.kb_in_force or hotline.kb_search.';
BEGIN
    IF citation IS NULL THEN
        RETURN NULL;
    END IF;
    IF m IS NULL THEN
        RAISE EXCEPTION 'invalid knowledge_article "%"', left(citation, 100)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A knowledge article is cited by its id, or its id and version.', HINT = hint;
    END IF;
    -- in force: hotline.kb_in_force's one definition; the rest only says why not
    SELECT f.version INTO cur FROM kb_in_force f WHERE f.article_id = m[1]::bigint;
    IF cur IS NULL OR cur <> coalesce(m[2]::int, cur) THEN
        SELECT a.status, a.version, v.effective_from, v.effective_to INTO k
        FROM kb_article a JOIN kb_version v ON v.article_id = a.id AND v.version = a.version
        WHERE a.id = m[1]::bigint;
        RAISE EXCEPTION 'knowledge article "%" is not in force', citation
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = CASE WHEN NOT FOUND THEN 'There is no such article.'
                                WHEN k.status <> 'published' THEN pg_catalog.format('The article is %s.', k.status)
                                WHEN k.version <> m[2]::int THEN pg_catalog.format('Its current version is %s.', k.version)
                                ELSE pg_catalog.format('Its current version is in force from %s to %s.', k.effective_from,
                                                       coalesce(k.effective_to::text, 'no end')) END,
                  HINT = hint;
    END IF;
    RETURN m[1] || ':' || cur;
END $$;
COMMENT ON FUNCTION @extschema@.kb_cite(text) IS
    'a citation of a knowledge article (id or id:version) checked to be published, current and in force today; returns it as id:version (R-3.1, R-10.2)';
REVOKE ALL ON FUNCTION @extschema@.kb_cite(text) FROM PUBLIC;

-- How often each version of an article was cited (R-10): the events whose
-- parameters cite it (knowledge_article, as hotline.kb_cite writes it).
-- The events that cite are few among the history's; a partial index finds
-- them (an event citing nothing pays the test of its predicate only).
CREATE INDEX order_event_cites ON @extschema@.order_event (at)
    WHERE payload ?| '{knowledge_article,knowledge_articles}'::text[];
CREATE VIEW @extschema@.kb_citation AS
SELECT e.order_no, e.at, e.action, split_part(c.cite, ':', 1)::bigint AS article_id,
       nullif(split_part(c.cite, ':', 2), '')::integer AS version, c.answer
FROM @extschema@.order_event e
CROSS JOIN LATERAL (
    SELECT e.payload ->> 'knowledge_article', true
    WHERE pg_catalog.jsonb_typeof(e.payload -> 'knowledge_article') = 'string'
    UNION ALL
    SELECT x, false
    FROM pg_catalog.jsonb_array_elements_text(CASE WHEN pg_catalog.jsonb_typeof(e.payload -> 'knowledge_articles') = 'array'
                                                  THEN e.payload -> 'knowledge_articles' ELSE '[]' END) x
) c (cite, answer)
WHERE e.payload ?| '{knowledge_article,knowledge_articles}'::text[]
  AND c.cite ~ '^[0-9]{1,18}(:[0-9]{1,9})?$';
COMMENT ON VIEW @extschema@.kb_citation IS
    'every citation of a knowledge article in the history: the order, when, by which action, the article and version, whether an answer on the spot (R-3.1) or a reply resting on it (R-6.1)';

CREATE VIEW @extschema@.kb_usage AS
SELECT c.article_id, c.version, pg_catalog.count(*) AS citations, pg_catalog.count(*) FILTER (WHERE c.answer) AS answers,
       pg_catalog.count(DISTINCT c.order_no) AS orders, pg_catalog.max(c.at) AS last_cited_at
FROM @extschema@.kb_citation c
GROUP BY 1, 2;
COMMENT ON VIEW @extschema@.kb_usage IS
    'how often each knowledge article (and version) was cited in the history: citations, of them answers on the spot (R-3.1; the rest replies resting on it, R-6.1), the orders citing it, and when last';

-- The job (R-10 "maintained on time"): the owner of each published article
-- whose review is due is reminded once per review date.
CREATE FUNCTION @extschema@.kb_remind_reviews() RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    started timestamptz := clock_timestamp();
    today   date := (pg_catalog.now() AT TIME ZONE report_time_zone())::date;
    n       integer;
BEGIN
    IF NOT job_try_lock('kb_remind_reviews') THEN
        RETURN job_skipped('kb_remind_reviews');
    END IF;
    WITH due AS (
        UPDATE kb_article a SET reminded_for = a.next_review
        WHERE a.status = 'published' AND a.next_review <= today AND a.reminded_for IS DISTINCT FROM a.next_review
        RETURNING a.*
    )
    SELECT pg_catalog.cardinality(outbox_add(coalesce(pg_catalog.array_agg(ROW(NULL, NULL, d.owner_unit_id, NULL,
        'system', 'kb_review', pg_catalog.jsonb_build_object('article_id', d.id, 'version', d.version,
            'title', v.title, 'next_review', d.next_review),
        'kb_review:' || d.id || ':' || d.next_review, NULL)::outbox_message), '{}')))
    INTO n
    FROM due d JOIN kb_version v ON v.article_id = d.id AND v.version = d.version;
    RETURN job_done('kb_remind_reviews', started, pg_catalog.jsonb_build_object('job', 'kb_remind_reviews', 'reminded', n),
                    0, '[]', '', '');
END $$;
COMMENT ON FUNCTION @extschema@.kb_remind_reviews() IS
    'the review job of the knowledge base (R-10): tells the owner unit of each published article due for review, once per review date (outbox, template kb_review)';
REVOKE ALL ON FUNCTION @extschema@.kb_remind_reviews() FROM PUBLIC;

INSERT INTO @extschema@.job (name, command, default_schedule, lock_key, description, builtin) VALUES
    -- 09:00 Beijing time
    ('kb_remind_reviews', 'SELECT hotline.kb_remind_reviews()', '0 1 * * *', 8,
     'reminds the owner units of the knowledge articles due for review (R-10)', true);
