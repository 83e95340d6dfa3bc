-- Issue 8 (gap 9): the operators of hotline.time_limit and hotline.order_no,
-- and min()/max() of order numbers, move from @extschema@ to pg_catalog
-- (10_time_limit.sql, 60_order_no.sql), so that a reporting tool with the
-- default search_path compares, filters and joins on them with the indexes
-- (R-9.5, R-14.3).  SET SCHEMA keeps every object's OID: the operator
-- classes, indexes, views, constraints and users' own views and indexes go
-- on using the same operators, and their comments stay.  Users' own SQL
-- text that names OPERATOR(hotline.=) must now say OPERATOR(pg_catalog.=)
-- or plain = (README, Installation).

ALTER OPERATOR @extschema@.= (@extschema@.time_limit, @extschema@.time_limit) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<> (@extschema@.time_limit, @extschema@.time_limit) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.< (@extschema@.time_limit, @extschema@.time_limit) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<= (@extschema@.time_limit, @extschema@.time_limit) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.> (@extschema@.time_limit, @extschema@.time_limit) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.>= (@extschema@.time_limit, @extschema@.time_limit) SET SCHEMA pg_catalog;

ALTER OPERATOR @extschema@.= (@extschema@.order_no, @extschema@.order_no) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<> (@extschema@.order_no, @extschema@.order_no) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.< (@extschema@.order_no, @extschema@.order_no) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<= (@extschema@.order_no, @extschema@.order_no) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.> (@extschema@.order_no, @extschema@.order_no) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.>= (@extschema@.order_no, @extschema@.order_no) SET SCHEMA pg_catalog;

ALTER AGGREGATE @extschema@.min(@extschema@.order_no) SET SCHEMA pg_catalog;
ALTER AGGREGATE @extschema@.max(@extschema@.order_no) SET SCHEMA pg_catalog;

-- The extension's functions that named OPERATOR(@extschema@.=) or <> now
-- name OPERATOR(pg_catalog.=) (98_supervision.sql, workflows/12345_appeal.sql;
-- the text of the install script).  The views supervision_board and
-- merge_candidate keep their parsed operators through SET SCHEMA: nothing
-- to do for them.

-- extension/sql/98_supervision.sql

CREATE OR REPLACE FUNCTION @extschema@.supervision_open(
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

CREATE OR REPLACE FUNCTION @extschema@.supervision_lock(supervision_id bigint, closing boolean,
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

CREATE OR REPLACE FUNCTION @extschema@.escalate_emergency(o @extschema@.work_order, r @extschema@.escalation_rule)
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

CREATE OR REPLACE FUNCTION @extschema@.escalate_repeat_person(o @extschema@.work_order, r @extschema@.escalation_rule)
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

CREATE OR REPLACE FUNCTION @extschema@.escalate_bad_handling(o @extschema@.work_order, r @extschema@.escalation_rule,
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

CREATE OR REPLACE FUNCTION @extschema@.escalate_on_action(order_no @extschema@.order_no, assignment_id bigint,
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

-- workflows/12345_appeal.sql

CREATE OR REPLACE FUNCTION @extschema@.appeal_12345_check(
    order_no @extschema@.order_no, assignment_id bigint, action text, params jsonb)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    a           record;
    o           record;
    t           record;
    pending     text;
    modes       text;
    labels      text[];
    k           text;
    v           text;
    ts          timestamptz;
    unreachable boolean;
BEGIN
    SELECT x.id, x.parent_id, x.role, x.reply_due, u.code AS unit_code INTO a
    FROM @extschema@.assignment x JOIN @extschema@.unit u ON u.id = x.unit_id
    WHERE x.id = appeal_12345_check.assignment_id;
    SELECT w.workflow, w.state INTO o
    FROM @extschema@.work_order w WHERE w.order_no OPERATOR(pg_catalog.=) appeal_12345_check.order_no;

    CASE appeal_12345_check.action
    WHEN 'dispatch' THEN
        -- R-4.3: a dispatch mode is one the workflow has time limits for
        v := params ->> 'dispatch_mode';
        IF NOT EXISTS (SELECT 1 FROM @extschema@.workflow_limit l
                       WHERE l.workflow = o.workflow AND l.conditions ->> 'dispatch_mode' = v) THEN
            SELECT string_agg(DISTINCT l.conditions ->> 'dispatch_mode', ', ') INTO modes
            FROM @extschema@.workflow_limit l WHERE l.workflow = o.workflow;
            RAISE EXCEPTION 'unknown dispatch_mode "%"', v
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('The dispatch modes of workflow "%s" are: %s (R-4.3).', o.workflow, modes),
                      HINT = 'Pass dispatch_mode => ''written'' (书面, reply in 7 working days), ''phone'' (电话, 3) or ''urgent'' (紧急, in hours); a mode of your own needs its rows in hotline.workflow_limit.';
        END IF;
        -- R-4.4: units are named by their codes
        IF jsonb_typeof(params -> 'lead_unit') <> 'string' OR jsonb_typeof(coalesce(params -> 'assist_units', '[]')) <> 'array'
           OR EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(params -> 'assist_units', '[]')) x
                      WHERE jsonb_typeof(x) <> 'string' OR btrim(x #>> '{}') = '') THEN
            RAISE EXCEPTION 'invalid units of a dispatch: lead_unit %, assist_units %', params -> 'lead_unit',
                    coalesce(params -> 'assist_units', '[]')
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'A dispatch names its lead unit and assisting units by their codes in hotline.unit (R-4.4).',
                      HINT = 'Pass e.g. lead_unit => ''bj-dc'', assist_units => ''{bj-zjw}'' (no empty codes).';
        END IF;
    WHEN 'reply' THEN
        -- R-4.5: a unit that passed the order down reviews its sub-units'
        -- replies before it replies up
        SELECT string_agg(format('%s (%s)', u.name, c.state), ', ' ORDER BY c.id) INTO pending
        FROM @extschema@.assignment c JOIN @extschema@.unit u ON u.id = c.unit_id
        WHERE c.parent_id = a.id AND c.state NOT IN ('replied', 'closed');
        IF pending IS NOT NULL THEN
            RAISE EXCEPTION 'unit "%" cannot reply before its sub-units have replied', a.unit_code
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = format('Still handling: %s.', pending),
                      HINT = 'Wait for the sub-units'' replies and review them, then reply (R-4.5).';
        END IF;
    WHEN 'return_order' THEN
        -- R-4.5, R-4.7: a sub-unit answers to the unit that passed it down,
        -- not to the hotline
        IF a.parent_id IS NOT NULL THEN
            RAISE EXCEPTION 'sub-unit "%" cannot return the order to the hotline', a.unit_code
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The order was passed down to it by another unit (R-4.5).',
                      HINT = 'Reply to the unit that passed it down, saying why it is not yours; that unit returns it or hands it on.';
        END IF;
    WHEN 'request_extension' THEN
        -- R-4.8: before the deadline, not after it
        IF a.reply_due IS NOT NULL AND a.reply_due <= pg_catalog.now() THEN
            RAISE EXCEPTION 'the reply deadline of unit "%" has passed', a.unit_code
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = format('It was %s; an extension is asked for before the deadline (R-4.8).', a.reply_due),
                      HINT = 'Reply now; the order is overdue.';
        END IF;
        v := params ->> 'requested_deadline';
        IF v IS NOT NULL THEN
            BEGIN
                ts := v::timestamptz;
            EXCEPTION WHEN data_exception THEN
                RAISE EXCEPTION 'invalid requested_deadline "%"', v
                    USING ERRCODE = 'invalid_datetime_format',
                          HINT = 'Pass a date and time, e.g. requested_deadline => hotline.deadline(''cn'', now(), ''10 working days'').';
            END;
            IF ts <= a.reply_due THEN
                RAISE EXCEPTION 'requested_deadline "%" is not later than the current deadline', ts
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = format('The reply deadline of unit "%s" is %s (R-4.8).', a.unit_code, a.reply_due),
                          HINT = 'Ask for a later time, e.g. requested_deadline => hotline.deadline(''cn'', now(), ''10 working days''), or leave it out.';
            END IF;
        END IF;
    WHEN 'approve_extension' THEN
        -- R-4.8: the new deadline is later than the current one and than now
        v := params ->> 'new_deadline';
        BEGIN
            ts := v::timestamptz;
        EXCEPTION WHEN data_exception THEN
            RAISE EXCEPTION 'invalid new_deadline "%"', v
                USING ERRCODE = 'invalid_datetime_format',
                      HINT = 'Pass a date and time, e.g. new_deadline => hotline.deadline(''cn'', now(), ''5 working days'').';
        END;
        IF ts <= greatest(a.reply_due, pg_catalog.now()) THEN
            RAISE EXCEPTION 'new_deadline "%" is not later than the current deadline and now', ts
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('The reply deadline of unit "%s" is %s (R-4.8).', a.unit_code, coalesce(a.reply_due::text, 'not set')),
                      HINT = 'Pass a later time, e.g. new_deadline => hotline.deadline(''cn'', now(), ''5 working days''), or refuse the extension.';
        END IF;
    WHEN 'withdraw' THEN
        -- R-4.4: an order always has its lead unit; only assisting units
        -- can be withdrawn
        IF a.role <> 'assist' OR a.parent_id IS NOT NULL THEN
            RAISE EXCEPTION 'only an assisting unit can be withdrawn, not "%"', a.unit_code
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The lead unit carries the order (R-4.4); sub-units answer to the unit that passed the order down (R-4.5).',
                      HINT = 'The lead unit returns the order (return_order), or a supervisor terminates it.';
        END IF;
    WHEN 'resume' THEN
        -- R-4.4: only a lead unit still at work carries the order on
        IF NOT EXISTS (SELECT 1 FROM @extschema@.assignment x
                       WHERE x.order_no OPERATOR(pg_catalog.=) appeal_12345_check.order_no
                         AND x.parent_id IS NULL AND x.role = 'lead'
                         AND x.state NOT IN ('returned', 'closed')) THEN
            RAISE EXCEPTION 'order % has no lead unit left to carry on', appeal_12345_check.order_no
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The lead unit returned it (R-4.7).',
                      HINT = 'Dispatch it again to the responsible unit.';
        END IF;
    WHEN 'merge' THEN
        -- R-2.4: into another open order that exists
        v := params ->> 'into';
        SELECT m.order_no, m.closed_at, m.merged_into INTO t
        FROM @extschema@.work_order m WHERE m.order_no OPERATOR(pg_catalog.=) v::@extschema@.order_no;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'order % to merge into does not exist', v
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Pass into_order => the number of the open order that carries the matter (R-2.4).';
        ELSIF t.order_no OPERATOR(pg_catalog.=) appeal_12345_check.order_no THEN
            RAISE EXCEPTION 'an order cannot be merged into itself'
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Pass into_order => the number of the other order that carries the matter (R-2.4).';
        ELSIF t.merged_into IS NOT NULL THEN
            RAISE EXCEPTION 'order % to merge into was merged into order % itself', v, t.merged_into
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = format('Merge into order %s, which carries the matter now.', t.merged_into);
        ELSIF t.closed_at IS NOT NULL THEN
            RAISE EXCEPTION 'order % to merge into is closed', v
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Merge into an open order about the same matter, or handle this one on its own.';
        END IF;
    WHEN 'callback', 'callback_redo', 'callback_unreachable' THEN
        -- R-7.2: satisfaction values are the enum's, and unreachable is all
        -- or nothing
        SELECT array_agg(l.enumlabel::text ORDER BY l.enumsortorder) INTO labels
        FROM pg_enum l WHERE l.enumtypid = '@extschema@.satisfaction'::regtype;
        FOREACH k IN ARRAY ARRAY['process_satisfaction', 'result_satisfaction'] LOOP
            IF NOT (params ->> k = ANY (labels)) THEN
                RAISE EXCEPTION 'unknown % "%"', k, params ->> k
                    USING ERRCODE = 'invalid_text_representation',
                          DETAIL = format('%s is one of: %s (R-7.2).', k, array_to_string(labels, ', ')),
                          HINT = format('Pass e.g. %s => ''satisfied'', or ''unreachable'' for both when the citizen could not be reached.', k);
            END IF;
        END LOOP;
        unreachable := params ->> 'process_satisfaction' = 'unreachable';
        IF unreachable <> (params ->> 'result_satisfaction' = 'unreachable') THEN
            RAISE EXCEPTION 'process_satisfaction "%" contradicts result_satisfaction "%"',
                    params ->> 'process_satisfaction', params ->> 'result_satisfaction'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'Unreachable is all or nothing: a citizen who could not be reached gave no satisfaction with the process or the result (R-7.2).',
                      HINT = 'Pass unreachable for both (the try is recorded and made again on another working day), or the two satisfactions the citizen gave.';
        END IF;
        -- R-7.3: redo only when dissatisfied with both
        IF appeal_12345_check.action = 'callback_redo'
           AND NOT (params ->> 'process_satisfaction' = 'dissatisfied'
                    AND params ->> 'result_satisfaction' = 'dissatisfied') THEN
            RAISE EXCEPTION 'a callback sends the order back for redo only when the citizen is dissatisfied with both process and result'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('Process: %s, result: %s.', params ->> 'process_satisfaction', params ->> 'result_satisfaction'),
                      HINT = 'Record the callback with action "callback" (R-7.2, R-7.3).';
        END IF;
        IF appeal_12345_check.action = 'callback_unreachable' AND NOT unreachable THEN
            RAISE EXCEPTION 'action "callback_unreachable" records a try that did not reach the citizen, not satisfaction "%"',
                    params ->> 'process_satisfaction'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'Both satisfactions of an unreachable try are "unreachable" (R-7.2).',
                      HINT = 'Record what the citizen said with action "callback"; hotline.callback chooses the action.';
        END IF;
        IF unreachable THEN
            -- tries on different working days; the last one closes the
            -- callback as unreachable
            SELECT * INTO t FROM @extschema@.appeal_12345_callback_tries(appeal_12345_check.order_no);
            IF t.done > 0 AND @extschema@.appeal_12345_try_day(t.calendar, pg_catalog.now()) <= t.last_day THEN
                RAISE EXCEPTION 'order % had a callback try that did not reach the citizen on working day % already', appeal_12345_check.order_no, t.last_day
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = format('Tries count once per working day of calendar "%s": %s of %s made (R-7.2).', t.calendar, t.done, t.allowed),
                          HINT = format('Call again on %s or later.', t.next_day);
            END IF;
            IF appeal_12345_check.action = 'callback' AND t.done < t.allowed - 1 THEN
                RAISE EXCEPTION 'an unreachable callback of order % is recorded only at the last try: this is try % of %',
                        appeal_12345_check.order_no, t.done + 1, t.allowed
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = 'A callback that cannot reach the citizen is tried again on other working days (setting callback_tries) (R-7.2).',
                          HINT = 'Record this try with action "callback_unreachable"; hotline.callback chooses the action.';
            ELSIF appeal_12345_check.action = 'callback_unreachable' AND t.done >= t.allowed - 1 THEN
                RAISE EXCEPTION 'try % of % is the last callback of order %', t.done + 1, t.allowed, appeal_12345_check.order_no
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = 'The last try is recorded by action "callback" as unreachable, which ends the callback (R-7.2).',
                          HINT = 'Record it with action "callback"; hotline.callback chooses the action.';
            END IF;
        END IF;
    ELSE
        NULL;
    END CASE;
END $$;
COMMENT ON FUNCTION @extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb) IS
    'before-hook of the 12345 appeal workflow: known dispatch modes and unit codes (R-4.3, R-4.4), a parent unit replies after its sub-units (R-4.5), sub-units do not return to the hotline (R-4.7), extensions before the deadline and to a later one (R-4.8), only assisting units are withdrawn and an order resumes only with its lead unit (R-4.4), merges into an open order (R-2.4), callback satisfaction values, unreachable for both or neither, tries on different working days, redo only when dissatisfied with both (R-7.2, R-7.3)';

CREATE OR REPLACE FUNCTION @extschema@.appeal_12345_release(
    order_no @extschema@.order_no, assignment_id bigint, action text, params jsonb)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
BEGIN
    -- the units' work on an order that is closed, terminated or merged is
    -- over: their open assignments leave their queues (their states stay
    -- as the history left them)
    UPDATE @extschema@.assignment a
       SET closed_at = pg_catalog.now(), updated_at = pg_catalog.now()
     WHERE a.order_no OPERATOR(pg_catalog.=) appeal_12345_release.order_no
       AND a.closed_at IS NULL;
    -- and its supervisions (督办) end with it, each with a closing record
    PERFORM @extschema@.close_supervision(s.id,
                CASE appeal_12345_release.action WHEN 'close' THEN '工单已办结，督办随之结束'
                     WHEN 'terminate' THEN '工单已终结，督办随之结束'
                     ELSE '工单已并案，由主办工单继续督办' END, 'system')
    FROM @extschema@.supervision s
    WHERE s.order_no OPERATOR(pg_catalog.=) appeal_12345_release.order_no AND s.closed_at IS NULL;
END $$;
COMMENT ON FUNCTION @extschema@.appeal_12345_release(@extschema@.order_no, bigint, text, jsonb) IS
    'after-hook of the 12345 appeal workflow: when an order is closed, terminated or merged, its open assignments and supervisions are closed';

CREATE OR REPLACE FUNCTION @extschema@.assignment_of(order_no @extschema@.order_no, unit text) RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    found_id    bigint;
BEGIN
    SELECT a.id INTO found_id
    FROM @extschema@.assignment a JOIN @extschema@.unit u ON u.id = a.unit_id
    WHERE a.order_no OPERATOR(pg_catalog.=) assignment_of.order_no
      AND u.code = assignment_of.unit AND a.closed_at IS NULL
    ORDER BY a.id DESC
    LIMIT 1;
    IF found_id IS NOT NULL THEN
        RETURN found_id;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM @extschema@.work_order o
                   WHERE o.order_no OPERATOR(pg_catalog.=) assignment_of.order_no) THEN
        RAISE EXCEPTION 'work order % does not exist', assignment_of.order_no
            USING ERRCODE = 'no_data_found';
    ELSIF NOT EXISTS (SELECT 1 FROM @extschema@.unit u WHERE u.code = assignment_of.unit) THEN
        RAISE EXCEPTION 'unknown unit "%"', assignment_of.unit
            USING ERRCODE = 'undefined_object',
                  HINT = 'Units are named by their code (hotline.unit.code).';
    END IF;
    RAISE EXCEPTION 'unit "%" holds no open assignment of work order %', assignment_of.unit, assignment_of.order_no
        USING ERRCODE = 'no_data_found',
              DETAIL = 'It was never dispatched to the unit, or the unit''s assignment is closed (returned or withdrawn).',
              HINT = 'See the order''s assignments in hotline.assignment.';
END $$;
COMMENT ON FUNCTION @extschema@.assignment_of(@extschema@.order_no, text) IS
    'the id of the open assignment of a unit (by code) on a work order; P0002 when the unit holds none';
