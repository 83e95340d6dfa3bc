-- Issue 8: callbacks that cannot reach the citizen are tried again on
-- different working days (R-7.2), very urgent orders and emergencies count
-- their limits in clock time around the clock (R-2.3, R-4.3), and the
-- intake's parameters are checked in one place with errors in the
-- hotline's words (hotline.check_intake).  Every definition below is the
-- install script's text; the built-in rows of appeal_12345 are changed
-- with the expressions hotline.register_workflow uses, so that an updated
-- database has the rows a new installation has (and the workflow keeps its
-- version).

-- 80_workflow.sql: workflow settings, and register_workflow reading them
-- Settings of a workflow that are neither time limits nor escalation rules:
-- counts and switches its hooks read, such as how many times the 12345
-- callback tries to reach a citizen (callback_tries).  Rows, not a jsonb
-- column of hotline.workflow, for the reason limits are rows: a built-in
-- workflow is read-only, and a city changes one of its settings with a row
-- of its own (builtin false) that wins over the built-in one, without
-- registering the workflow again.
CREATE TABLE @extschema@.workflow_setting (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    setting         text NOT NULL CHECK (setting ~ '^[a-z][a-z0-9_]{0,62}$'),
    value           jsonb NOT NULL,
    builtin         boolean NOT NULL DEFAULT false,
    description     text NOT NULL,
    PRIMARY KEY (workflow, setting, builtin)
);
COMMENT ON TABLE @extschema@.workflow_setting IS
    'settings of a workflow read by its hooks (counts, switches), e.g. callback_tries of appeal_12345; a row of your own wins over a built-in one';
COMMENT ON COLUMN @extschema@.workflow_setting.builtin IS
    'shipped with a built-in workflow; read-only: add a row of your own with the same workflow and setting to change it';
CREATE TRIGGER workflow_setting_protect BEFORE UPDATE OR DELETE ON @extschema@.workflow_setting
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_setting_builtin BEFORE INSERT OR UPDATE ON @extschema@.workflow_setting
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_setting', 'WHERE NOT builtin');
REVOKE ALL ON @extschema@.workflow_setting FROM PUBLIC;
GRANT SELECT ON @extschema@.workflow_setting TO PUBLIC;

-- the value of a setting in force: yours, else the built-in one (NULL when
-- the workflow has neither)
CREATE FUNCTION @extschema@.workflow_setting_value(workflow text, setting text) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
SELECT s.value FROM @extschema@.workflow_setting s
WHERE s.workflow = $1 AND s.setting = $2
ORDER BY s.builtin
LIMIT 1
$$;
COMMENT ON FUNCTION @extschema@.workflow_setting_value(text, text) IS
    'the value of a workflow setting in force: the row of your own, else the built-in one; NULL when there is none';

CREATE OR REPLACE FUNCTION @extschema@.register_workflow(definition jsonb) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    wf text := definition ->> 'name';
    orphan text;
BEGIN
    IF EXISTS (SELECT 1 FROM @extschema@.workflow w WHERE w.name = wf AND w.builtin)
       AND NOT @extschema@.creating_extension() THEN
        RAISE EXCEPTION 'workflow "%" is built in', wf
            USING ERRCODE = 'restrict_violation',
                  DETAIL = 'Built-in workflows change with extension upgrades.',
                  HINT = 'Change its limits with rows of your own in hotline.workflow_limit, or register your variant under another name.';
    END IF;
    IF wf IS NULL OR definition ->> 'description' IS NULL OR definition ->> 'initial_state' IS NULL THEN
        RAISE EXCEPTION 'a workflow definition needs name, description and initial_state'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'See the comment of hotline.register_workflow for the format.';
    END IF;
    INSERT INTO @extschema@.workflow AS w (name, description, initial_state, calendar, builtin, options)
    VALUES (wf, definition ->> 'description', definition ->> 'initial_state',
            coalesce(definition ->> 'calendar', 'cn'), @extschema@.creating_extension(),
            coalesce(definition -> 'options', '{}'))
    ON CONFLICT (name) DO UPDATE
        SET description = EXCLUDED.description, initial_state = EXCLUDED.initial_state,
            calendar = EXCLUDED.calendar, options = EXCLUDED.options, version = w.version + 1;
    DELETE FROM @extschema@.workflow_hook WHERE workflow = wf;
    DELETE FROM @extschema@.workflow_escalation WHERE workflow = wf AND builtin = @extschema@.creating_extension();
    DELETE FROM @extschema@.workflow_limit WHERE workflow = wf AND builtin = @extschema@.creating_extension();
    -- settings are written only by definitions that have them (or had
    -- them): a workflow without settings needs no right on the table
    IF EXISTS (SELECT 1 FROM @extschema@.workflow_setting s
               WHERE s.workflow = wf AND s.builtin = @extschema@.creating_extension()) THEN
        DELETE FROM @extschema@.workflow_setting WHERE workflow = wf AND builtin = @extschema@.creating_extension();
    END IF;
    DELETE FROM @extschema@.workflow_action WHERE workflow = wf;
    DELETE FROM @extschema@.workflow_state WHERE workflow = wf;

    INSERT INTO @extschema@.workflow_state (workflow, scope, state, terminal, description)
    SELECT wf, s ->> 'scope', s ->> 'state', coalesce((s ->> 'terminal')::boolean, false),
           coalesce(s ->> 'description', s ->> 'state')
    FROM jsonb_array_elements(coalesce(definition -> 'states', '[]')) s;

    INSERT INTO @extschema@.workflow_action (workflow, action, scope, from_states, to_state, roles,
                                             required_params, reason_required, effects, description)
    SELECT wf, a ->> 'action', a ->> 'scope',
           ARRAY(SELECT jsonb_array_elements_text(a -> 'from')), a ->> 'to',
           ARRAY(SELECT jsonb_array_elements_text(a -> 'roles')),
           ARRAY(SELECT jsonb_array_elements_text(coalesce(a -> 'params', '[]'))),
           coalesce((a ->> 'reason')::boolean, false), coalesce(a -> 'effects', '{}'),
           coalesce(a ->> 'description', a ->> 'action')
    FROM jsonb_array_elements(coalesce(definition -> 'actions', '[]')) a;

    -- a limit's conditions: "conditions", or its keys other than deadline
    -- and time_limit (e.g. "dispatch_mode": "phone"); null values match anything
    INSERT INTO @extschema@.workflow_limit (workflow, deadline, time_limit, builtin, conditions)
    SELECT wf, l ->> 'deadline', (l ->> 'time_limit')::@extschema@.time_limit, @extschema@.creating_extension(),
           jsonb_strip_nulls(coalesce(l -> 'conditions', l - ARRAY['deadline', 'time_limit']))
    FROM jsonb_array_elements(coalesce(definition -> 'limits', '[]')) l;

    IF pg_catalog.jsonb_array_length(coalesce(definition -> 'settings', '[]')) > 0 THEN
        INSERT INTO @extschema@.workflow_setting (workflow, setting, value, builtin, description)
        SELECT wf, x ->> 'setting', x -> 'value', @extschema@.creating_extension(),
               coalesce(x ->> 'description', x ->> 'setting')
        FROM jsonb_array_elements(definition -> 'settings') x;
    END IF;

    -- message texts likewise (hotline.workflow_message, 96_outbox.sql)
    IF EXISTS (SELECT 1 FROM @extschema@.workflow_message m
               WHERE m.workflow = wf AND m.builtin = @extschema@.creating_extension()) THEN
        DELETE FROM @extschema@.workflow_message WHERE workflow = wf AND builtin = @extschema@.creating_extension();
    END IF;
    IF pg_catalog.jsonb_array_length(coalesce(definition -> 'messages', '[]')) > 0 THEN
        INSERT INTO @extschema@.workflow_message (workflow, message, language, template, builtin)
        SELECT wf, x ->> 'message', x ->> 'language', x ->> 'template', @extschema@.creating_extension()
        FROM jsonb_array_elements(definition -> 'messages') x;
    END IF;

    INSERT INTO @extschema@.workflow_hook (workflow, action, timing, function, position)
    SELECT wf, h ->> 'action', h ->> 'timing', h ->> 'function', o::int
    FROM jsonb_array_elements(coalesce(definition -> 'hooks', '[]')) WITH ORDINALITY AS x(h, o);

    INSERT INTO @extschema@.workflow_escalation (workflow, rule, kind, due, states, share, before, every,
                                                 notice_after, on_actions, settings, channel, template,
                                                 enabled, builtin, description)
    SELECT wf, e ->> 'rule', e ->> 'kind', e ->> 'due',
           CASE WHEN e ? 'states' THEN ARRAY(SELECT jsonb_array_elements_text(e -> 'states')) END,
           (e ->> 'share')::double precision, (e ->> 'before')::@extschema@.time_limit,
           (e ->> 'every')::@extschema@.time_limit, (e ->> 'notice_after')::integer,
           CASE WHEN e ? 'on' THEN ARRAY(SELECT jsonb_array_elements_text(e -> 'on')) END,
           coalesce(e -> 'settings', '{}'), coalesce(e ->> 'channel', 'sms'), coalesce(e ->> 'template', e ->> 'kind'),
           coalesce((e ->> 'enabled')::boolean, true), @extschema@.creating_extension(),
           coalesce(e ->> 'description', e ->> 'rule')
    FROM jsonb_array_elements(coalesce(definition -> 'escalations', '[]')) e;

    -- every state an action names, in its states or its effects, is a
    -- state of the workflow
    SELECT x.st INTO orphan
    FROM (SELECT a.scope, unnest(a.from_states || a.to_state) AS st
          FROM @extschema@.workflow_action a WHERE a.workflow = wf
          UNION ALL
          SELECT 'assignment', unnest(ARRAY[a.effects -> 'assign' ->> 'state', a.effects -> 'pass_down' ->> 'state',
                                            a.effects -> 'reopen_assignments' ->> 'state'])
          FROM @extschema@.workflow_action a WHERE a.workflow = wf
          UNION ALL
          SELECT 'assignment', jsonb_array_elements_text(e)
          FROM @extschema@.workflow_action a,
               unnest(ARRAY[a.effects -> 'reopen_assignments' -> 'from_states',
                            a.effects -> 'order_state_when_all' -> 'assignment_states',
                            a.effects -> 'order_state_when_all' -> 'ignore_states']) AS e
          WHERE a.workflow = wf AND e IS NOT NULL
          UNION ALL
          SELECT 'order', unnest(ARRAY[a.effects ->> 'order_state',
                                       a.effects -> 'order_state_when_all' ->> 'order_state'])
          FROM @extschema@.workflow_action a WHERE a.workflow = wf) x
    WHERE x.st IS NOT NULL AND x.st <> 'new'
      AND NOT EXISTS (SELECT 1 FROM @extschema@.workflow_state s
                      WHERE s.workflow = wf AND s.scope = x.scope AND s.state = x.st)
    LIMIT 1;
    IF orphan IS NOT NULL THEN
        RAISE EXCEPTION 'workflow "%" names state "%" in an action but does not define it', wf, orphan
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Add the state to "states" with its scope (order or assignment).';
    END IF;
    -- orders already in the workflow stay in defined states
    SELECT o.state INTO orphan FROM @extschema@.work_order o
    WHERE o.workflow = wf AND NOT EXISTS (SELECT 1 FROM @extschema@.workflow_state s
        WHERE s.workflow = wf AND s.scope = 'order' AND s.state = o.state)
    LIMIT 1;
    IF orphan IS NOT NULL THEN
        RAISE EXCEPTION 'workflow "%" would drop state "%", which orders are in', wf, orphan
            USING ERRCODE = 'object_in_use',
                  HINT = 'Keep the state in the new definition, or move those orders on first.';
    END IF;
    RETURN wf;
END $$;
COMMENT ON FUNCTION @extschema@.register_workflow(jsonb) IS
    'registers or replaces a workflow plugin from its JSON definition (R-14.2); one call per plugin';

-- 90_orders.sql: the intake checks

-- Intake checks (受理, R-1.2-R-1.5, R-2.2, R-2.3): every parameter of a new
-- order in one place, before anything is written, each refusal naming the
-- parameter and the value with an example of a good one.  The 12345
-- workflow's named functions (accept, reject, answer) call it before the
-- engine; it takes the params of hotline.open_order as they are, so the
-- engine can call it too.  It returns the params as the order records
-- them: an order with an emergency kind (R-2.3) is very urgent, whatever
-- urgency said, so that its limits are the very urgent ones.  Keys it does
-- not know are left to the workflow.
CREATE FUNCTION @extschema@.check_intake(params jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    missing     text;
    v           text;
    e           record;
    labels      text[];
    at          timestamptz;
    lon         double precision;
    lat         double precision;
    bad         boolean := false;
    msg_detail  text;
    msg_hint    text;
    example     text;
BEGIN
    IF params IS NULL OR jsonb_typeof(params) <> 'object' THEN
        RAISE EXCEPTION 'the parameters of a new work order must be a JSON object, not %',
                coalesce(jsonb_typeof(params), 'null')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass e.g. ''{"region": "110105", "appeal_type": "complaint", "channel": "phone", "description": "..."}'', or use hotline.accept.';
    END IF;

    -- what every order records (R-1.3, R-1.4, R-1.5): the work_order columns
    -- that are NOT NULL
    missing := concat_ws(', ',
        CASE WHEN coalesce(btrim(params ->> 'region', E' \t\r\n'), '') = '' THEN 'region' END,
        CASE WHEN coalesce(btrim(params ->> 'appeal_type', E' \t\r\n'), '') = '' THEN 'appeal_type' END,
        CASE WHEN coalesce(btrim(params ->> 'channel', E' \t\r\n'), '') = '' THEN 'channel' END,
        CASE WHEN coalesce(btrim(params ->> 'description', E' \t\r\n'), '') = '' THEN 'description' END);
    IF missing <> '' THEN
        RAISE EXCEPTION 'a new work order needs %', missing
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Every order records where (region), what kind (appeal_type), how it came (channel) and what happened (description) (R-1.3, R-1.4, R-1.5).',
                  HINT = 'Pass them as named arguments, e.g. region => ''110105'', appeal_type => ''complaint'', channel => ''phone'', description => ''小区电梯停运三天''.';
    END IF;

    -- the values the order converts, all at once (one subtransaction); a
    -- failure is looked at one parameter after the other below
    BEGIN
        PERFORM @extschema@.make_order_no(params ->> 'region', DATE '2026-01-01', 1),
                (params ->> 'appeal_type')::@extschema@.appeal_type, (params ->> 'channel')::@extschema@.channel,
                (params ->> 'urgency')::@extschema@.urgency, (params ->> 'emergency')::@extschema@.emergency_kind,
                (params ->> 'confidential')::boolean;
        at := (params ->> 'occurred_at')::timestamptz;
        lon := (params ->> 'longitude')::double precision;
        lat := (params ->> 'latitude')::double precision;
    EXCEPTION WHEN data_exception THEN
        bad := true;
    END;
    IF bad THEN
        -- the region of the order number (R-1.1): checked as next_order_no will
        v := params ->> 'region';
        BEGIN
            PERFORM @extschema@.make_order_no(v, DATE '2026-01-01', 1);
        EXCEPTION WHEN invalid_parameter_value THEN
            GET STACKED DIAGNOSTICS msg_detail = PG_EXCEPTION_DETAIL;
            RAISE EXCEPTION 'invalid region "%"', v
                USING ERRCODE = 'invalid_parameter_value', DETAIL = msg_detail,
                      HINT = 'Pass the 6-digit administrative division code of the county or district, e.g. region => ''110105''.';
        END;
        -- values of the hotline's enumerations (R-1.4, R-1.5, R-2.3), in the
        -- hotline's words rather than PostgreSQL's enum input's
        FOR e IN
            SELECT x.param, x.typ, x.example
            FROM (VALUES (1, 'appeal_type', '@extschema@.appeal_type'::regtype, 'complaint'' (投诉)'),
                         (2, 'channel', '@extschema@.channel'::regtype, 'phone'' (电话)'),
                         (3, 'urgency', '@extschema@.urgency'::regtype, 'very_urgent'' (特急)'),
                         (4, 'emergency', '@extschema@.emergency_kind'::regtype, 'natural_disaster'' (自然灾害)'))
                 AS x(n, param, typ, example)
            WHERE params ->> x.param IS NOT NULL
            ORDER BY x.n
        LOOP
            v := params ->> e.param;
            SELECT array_agg(l.enumlabel::text ORDER BY l.enumsortorder) INTO labels
            FROM pg_enum l WHERE l.enumtypid = e.typ;
            IF NOT (v = ANY (labels)) THEN
                RAISE EXCEPTION 'unknown % "%"', e.param, v
                    USING ERRCODE = 'invalid_text_representation',
                          DETAIL = format('%s is one of: %s.', e.param, array_to_string(labels, ', ')),
                          HINT = format('Pass e.g. %s => ''%s.', e.param, e.example);
            END IF;
        END LOOP;
        v := params ->> 'confidential';
        BEGIN
            PERFORM v::boolean;
        EXCEPTION WHEN data_exception THEN
            RAISE EXCEPTION 'invalid confidential "%"', v
                USING ERRCODE = 'invalid_text_representation',
                      DETAIL = 'confidential says whether the citizen asked for confidentiality (是否保密, R-1.2).',
                      HINT = 'Pass confidential => true or false.';
        END;
        v := params ->> 'occurred_at';
        BEGIN
            at := v::timestamptz;
        EXCEPTION WHEN data_exception THEN
            RAISE EXCEPTION 'invalid occurred_at "%"', v
                USING ERRCODE = 'invalid_datetime_format',
                      DETAIL = 'occurred_at is when the matter happened, as a date and time.',
                      HINT = 'Pass e.g. occurred_at => ''2026-11-23 21:40+08'', or leave it out when the citizen does not know.';
        END;
        FOREACH v IN ARRAY ARRAY['longitude', 'latitude'] LOOP
            BEGIN
                lon := (params ->> v)::double precision;
            EXCEPTION WHEN data_exception THEN
                RAISE EXCEPTION 'invalid % "%"', v, params ->> v
                    USING ERRCODE = 'invalid_text_representation',
                          DETAIL = format('A %s is a number of degrees (WGS-84).', v),
                          HINT = 'Pass e.g. longitude => 116.397, latitude => 39.909.';
            END;
        END LOOP;
        RAISE EXCEPTION 'the parameters of a new work order do not convert: %', params
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    v := params ->> 'source_hotline';
    IF v !~ '^[0-9]{3,8}$' THEN
        RAISE EXCEPTION 'invalid source_hotline "%"', v
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The hotline an appeal came through is a number of 3 to 8 digits: 12345 itself, or a departmental hotline merged into it.',
                  HINT = 'Pass e.g. source_hotline => ''12315'' (market regulation), or leave it out for 12345.';
    END IF;

    v := params ->> 'emergency_referral';
    IF v NOT IN ('110', '119', '120', '122') THEN
        RAISE EXCEPTION 'invalid emergency_referral "%"', v
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'An emergency is handed over to 110 (police), 119 (fire), 120 (ambulance) or 122 (traffic accidents) (R-2.2).',
                  HINT = 'Pass e.g. emergency_referral => ''120''.';
    END IF;

    -- when it happened (R-1.3): not later than now
    IF at > statement_timestamp() THEN
        RAISE EXCEPTION 'occurred_at "%" is in the future', at
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'occurred_at is when the matter happened, as the citizen tells it, so it is not later than now (R-1.3).',
                  HINT = 'Pass the time the citizen gives, e.g. occurred_at => now() - interval ''2 hours'', or leave it out when unknown.';
    END IF;

    -- where (R-1.3): both coordinates or none, each in its range (NaN and
    -- the infinities are not)
    IF (lon IS NULL) <> (lat IS NULL) THEN
        v := CASE WHEN lon IS NULL THEN 'latitude' ELSE 'longitude' END;
        RAISE EXCEPTION '% % given without %', v, params ->> v,
                CASE v WHEN 'longitude' THEN 'latitude' ELSE 'longitude' END
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A place is given by both coordinates (WGS-84) or by none (R-1.3).',
                  HINT = 'Pass both, e.g. longitude => 116.397, latitude => 39.909, or neither and only the address.';
    END IF;
    IF NOT (lon BETWEEN -180 AND 180) OR NOT (lat BETWEEN -90 AND 90) THEN
        v := CASE WHEN lon BETWEEN -180 AND 180 THEN 'latitude' ELSE 'longitude' END;
        RAISE EXCEPTION '% % is out of range', v, params ->> v
            USING ERRCODE = 'numeric_value_out_of_range',
                  DETAIL = CASE v WHEN 'longitude' THEN 'A longitude lies from -180 to 180 degrees (WGS-84).'
                                  ELSE 'A latitude lies from -90 to 90 degrees (WGS-84).' END,
                  HINT = 'Pass e.g. longitude => 116.397, latitude => 39.909 (Beijing); check that the two are not swapped.';
    END IF;

    -- who (R-1.2): a phone number the citizen is found again by (R-2.4)
    v := params ->> 'area_code';
    IF v !~ '^0[1-9][0-9]{1,2}$' THEN
        RAISE EXCEPTION 'invalid area_code "%"', v
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'An area code is 0 and 2 or 3 more digits.',
                  HINT = 'Pass e.g. area_code => ''010'' (Beijing) for a local landline number.';
    END IF;
    v := params ->> 'citizen_phone';
    -- a mobile number as dialled is the common case: checked by one pattern
    -- (what normalize_phone accepts too); anything else by normalize_phone
    IF v <> '' AND translate(v, ' -.()（）', '') !~ '^(\+86|0086)?1[3-9][0-9]{9}$' THEN
        BEGIN
            PERFORM @extschema@.normalize_phone(v, params ->> 'area_code');
        EXCEPTION WHEN invalid_parameter_value THEN
            GET STACKED DIAGNOSTICS msg_detail = PG_EXCEPTION_DETAIL, msg_hint = PG_EXCEPTION_HINT;
            RAISE EXCEPTION 'invalid citizen_phone "%"', v
                USING ERRCODE = 'invalid_parameter_value', DETAIL = msg_detail, HINT = msg_hint;
        END;
    END IF;

    -- topic and units by their codes, in one look-up
    IF coalesce(params ->> 'topic', params ->> 'accused_unit', params ->> 'three_way_unit') IS NOT NULL THEN
        SELECT CASE WHEN params ->> 'topic' IS NOT NULL
                         AND NOT EXISTS (SELECT 1 FROM @extschema@.topic t WHERE t.code = params ->> 'topic') THEN 'topic'
                    WHEN params ->> 'accused_unit' IS NOT NULL
                         AND NOT EXISTS (SELECT 1 FROM @extschema@.unit u WHERE u.code = params ->> 'accused_unit') THEN 'accused_unit'
                    WHEN params ->> 'three_way_unit' IS NOT NULL
                         AND NOT EXISTS (SELECT 1 FROM @extschema@.unit u WHERE u.code = params ->> 'three_way_unit') THEN 'three_way_unit'
               END INTO missing;
        IF missing = 'topic' THEN
            SELECT t.code INTO example FROM @extschema@.topic t WHERE t.active ORDER BY t.id LIMIT 1;
            RAISE EXCEPTION 'topic "%" does not exist', params ->> 'topic'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'A topic is named by its code in hotline.topic (R-1.5).',
                      HINT = CASE WHEN example IS NULL THEN 'hotline.topic is empty: add the topic taxonomy first, or leave topic out.'
                                  ELSE format('Pass the code of a topic, e.g. topic => %L.', example) END;
        ELSIF missing IS NOT NULL THEN
            SELECT u.code INTO example FROM @extschema@.unit u WHERE u.active ORDER BY u.id LIMIT 1;
            RAISE EXCEPTION '% "%" does not exist',
                    CASE missing WHEN 'accused_unit' THEN 'accused unit' ELSE 'three-way call unit' END, params ->> missing
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('%s is %s, named by its code in hotline.unit.', missing,
                                      CASE missing WHEN 'accused_unit' THEN 'the unit a complaint or report is about (R-4.6)'
                                           ELSE 'the unit on a three-way call (三方通话, R-3.2)' END),
                      HINT = CASE WHEN example IS NULL THEN 'hotline.unit is empty: add the handling units first.'
                                  ELSE format('Pass the code of a unit, e.g. %s => %L.', missing, example) END;
        END IF;
    END IF;

    -- R-2.3: an emergency is very urgent (its limits are counted in clock
    -- time, around the clock)
    IF params ->> 'emergency' IS NOT NULL AND params ->> 'urgency' IS DISTINCT FROM 'very_urgent' THEN
        RETURN params || '{"urgency": "very_urgent"}';
    END IF;
    RETURN params;
END $$;
COMMENT ON FUNCTION @extschema@.check_intake(jsonb) IS
    'checks the parameters of a new work order (region, appeal type, channel, urgency, emergency kind and referral, source hotline, time, coordinates, phone, topic, units) before anything is written, with errors naming the parameter and the value; returns them as the order records them (an emergency is very urgent, R-2.3)';

-- workflows/12345_appeal.sql: callback tries and the check hook

-- Callback tries (回访, R-7.2, R-7.4).  A callback that cannot reach the
-- citizen is tried again: each failed try is an event callback_unreachable
-- that moves callback_due to the next try's day (limit callback_retry, 1
-- working day), and the last of callback_tries tries (setting, 3) is the
-- callback itself, recorded as unreachable.  Tries count once per working
-- day of the workflow's calendar: a try on a rest day counts for the next
-- working day, and a second try on the same working day is refused.

-- the working day an instant counts for on a calendar: its local date, or
-- the next working day when that date is a rest day (within 60 days: no
-- holiday of the State Council's notices is that long)
CREATE FUNCTION @extschema@.appeal_12345_try_day(calendar text, at timestamptz) RETURNS date
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    local_day   date;
    k           integer;
BEGIN
    SELECT (pg_catalog.timezone(c.time_zone, appeal_12345_try_day.at))::date INTO local_day
    FROM @extschema@.calendar c WHERE c.name = appeal_12345_try_day.calendar;
    FOR k IN 0 .. 60 LOOP
        IF @extschema@.is_working_day(appeal_12345_try_day.calendar, local_day + k) THEN
            RETURN local_day + k;
        END IF;
    END LOOP;
    RETURN local_day;
END $$;
COMMENT ON FUNCTION @extschema@.appeal_12345_try_day(text, timestamptz) IS
    'internal: the working day an instant counts for on a calendar (its local date, or the next working day after a rest day); callback tries count once per working day';

-- where the callback of an order stands: unreachable tries since its reply
-- was last accepted (a redo starts the count again), the tries allowed
-- (setting callback_tries), the working day of the last try and the first
-- working day after it.  SECURITY DEFINER: the history is not open to the
-- callers of hotline.callback.
CREATE FUNCTION @extschema@.appeal_12345_callback_tries(
    order_no @extschema@.order_no,
    OUT done integer, OUT allowed integer, OUT last_day date, OUT next_day date, OUT calendar text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    wf          text;
    setting     jsonb;
    last_try    timestamptz;
BEGIN
    SELECT o.workflow, w.calendar INTO wf, calendar
    FROM @extschema@.work_order o JOIN @extschema@.workflow w ON w.name = o.workflow
    WHERE o.order_no OPERATOR(pg_catalog.=) appeal_12345_callback_tries.order_no;
    setting := @extschema@.workflow_setting_value(wf, 'callback_tries');
    allowed := CASE WHEN setting IS NULL THEN 3
                    WHEN jsonb_typeof(setting) = 'number' AND setting::text ~ '^[0-9]{1,2}$'
                         AND setting::text::integer BETWEEN 1 AND 10 THEN setting::text::integer END;
    IF allowed IS NULL THEN
        RAISE EXCEPTION 'setting callback_tries of workflow "%" is %, not a number of tries', wf, setting
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'callback_tries is how many times a callback tries to reach the citizen, on different working days, before it is recorded as unreachable (R-7.2).',
                  HINT = 'Give it a whole number from 1 to 10 in your row of hotline.workflow_setting, e.g. 3.';
    END IF;
    SELECT count(*)::integer, max(e.at) INTO done, last_try
    FROM @extschema@.order_event e
    WHERE e.order_no OPERATOR(pg_catalog.=) appeal_12345_callback_tries.order_no
      AND e.action = 'callback_unreachable'
      AND e.id > coalesce((SELECT max(r.id) FROM @extschema@.order_event r
                           WHERE r.order_no OPERATOR(pg_catalog.=) appeal_12345_callback_tries.order_no
                             AND r.action = 'approve_reply'), 0);
    IF last_try IS NOT NULL THEN
        last_day := @extschema@.appeal_12345_try_day(calendar, last_try);
        next_day := @extschema@.appeal_12345_try_day(calendar,
                        pg_catalog.timezone((SELECT c.time_zone FROM @extschema@.calendar c WHERE c.name = calendar),
                                            (last_day + 1)::timestamp));
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.appeal_12345_callback_tries(@extschema@.order_no) IS
    'internal: the unreachable callback tries of an order since its reply was accepted, the tries allowed (setting callback_tries), the working day of the last try and the next working day (R-7.2)';

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

-- the named functions: intake and callback take text (the typed
-- signatures call them), review and decide_extension refuse a NULL decision

CREATE FUNCTION @extschema@.accept(
    region          text,
    appeal_type     text,
    channel         text,
    description     text,
    citizen_phone   text DEFAULT NULL,
    citizen_name    text DEFAULT NULL,
    area_code       text DEFAULT NULL,
    confidential    boolean DEFAULT false,
    topic           text DEFAULT NULL,
    urgency         text DEFAULT 'normal',
    source_hotline  text DEFAULT '12345',
    occurred_at     timestamptz DEFAULT NULL,
    address         text DEFAULT NULL,
    longitude       double precision DEFAULT NULL,
    latitude        double precision DEFAULT NULL,
    demand          text DEFAULT NULL,
    accused_unit    text DEFAULT NULL,
    emergency       text DEFAULT NULL,
    actor           text DEFAULT current_user,
    actor_role      text DEFAULT 'agent')
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.open_order('appeal_12345', 'accept', accept.actor, accept.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'region', accept.region, 'appeal_type', accept.appeal_type, 'channel', accept.channel,
        'description', accept.description, 'citizen_phone', accept.citizen_phone,
        'citizen_name', accept.citizen_name, 'area_code', accept.area_code,
        'confidential', accept.confidential, 'topic', accept.topic, 'urgency', accept.urgency,
        'source_hotline', accept.source_hotline, 'occurred_at', accept.occurred_at,
        'address', accept.address, 'longitude', accept.longitude, 'latitude', accept.latitude,
        'demand', accept.demand, 'accused_unit', accept.accused_unit, 'emergency', accept.emergency)))
$$;
COMMENT ON FUNCTION @extschema@.accept(text, text, text, text, text, text, text,
    boolean, text, text, text, timestamptz, text, double precision, double precision, text, text,
    text, text, text) IS
    '受理: registers an appeal as a work order of the 12345 workflow and returns its number; parameters checked by hotline.check_intake (in hotline.open_order); dispatch due in 2 working days, in 30 minutes when very urgent or an emergency (R-2, R-2.3, R-4.1)';

CREATE OR REPLACE FUNCTION @extschema@.accept(
    region          text,
    appeal_type     @extschema@.appeal_type,
    channel         @extschema@.channel,
    description     text,
    citizen_phone   text DEFAULT NULL,
    citizen_name    text DEFAULT NULL,
    area_code       text DEFAULT NULL,
    confidential    boolean DEFAULT false,
    topic           text DEFAULT NULL,
    urgency         @extschema@.urgency DEFAULT 'normal',
    source_hotline  text DEFAULT '12345',
    occurred_at     timestamptz DEFAULT NULL,
    address         text DEFAULT NULL,
    longitude       double precision DEFAULT NULL,
    latitude        double precision DEFAULT NULL,
    demand          text DEFAULT NULL,
    accused_unit    text DEFAULT NULL,
    emergency       @extschema@.emergency_kind DEFAULT NULL,
    actor           text DEFAULT current_user,
    actor_role      text DEFAULT 'agent')
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.accept(accept.region, accept.appeal_type::text, accept.channel::text, accept.description,
    accept.citizen_phone, accept.citizen_name, accept.area_code, accept.confidential, accept.topic,
    accept.urgency::text, accept.source_hotline, accept.occurred_at, accept.address, accept.longitude,
    accept.latitude, accept.demand, accept.accused_unit, accept.emergency::text, accept.actor, accept.actor_role)
$$;
COMMENT ON FUNCTION @extschema@.accept(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text,
    boolean, text, @extschema@.urgency, text, timestamptz, text, double precision, double precision, text, text,
    @extschema@.emergency_kind, text, text) IS
    '受理 with typed appeal type, channel, urgency and emergency kind: the same as accept(text, text, text, ...) (R-2, R-4.1)';

CREATE FUNCTION @extschema@.reject(
    region              text,
    appeal_type         text,
    channel             text,
    description         text,
    reason              text,
    emergency_referral  text DEFAULT NULL,
    citizen_phone       text DEFAULT NULL,
    citizen_name        text DEFAULT NULL,
    area_code           text DEFAULT NULL,
    confidential        boolean DEFAULT false,
    topic               text DEFAULT NULL,
    urgency             text DEFAULT 'normal',
    source_hotline      text DEFAULT '12345',
    occurred_at         timestamptz DEFAULT NULL,
    address             text DEFAULT NULL,
    demand              text DEFAULT NULL,
    actor               text DEFAULT current_user,
    actor_role          text DEFAULT 'agent')
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.open_order('appeal_12345', 'reject', reject.actor, reject.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'region', reject.region, 'appeal_type', reject.appeal_type, 'channel', reject.channel,
        'description', reject.description, 'reason', reject.reason,
        'emergency_referral', reject.emergency_referral, 'citizen_phone', reject.citizen_phone,
        'citizen_name', reject.citizen_name, 'area_code', reject.area_code,
        'confidential', reject.confidential, 'topic', reject.topic, 'urgency', reject.urgency,
        'source_hotline', reject.source_hotline, 'occurred_at', reject.occurred_at,
        'address', reject.address, 'demand', reject.demand)))
$$;
COMMENT ON FUNCTION @extschema@.reject(text, text, text, text, text, text, text, text,
    text, boolean, text, text, text, timestamptz, text, text, text, text) IS
    '不受理: records an appeal that is not accepted, with the reason and any emergency referral (110/119/120/122), and returns its number; parameters checked by hotline.check_intake (in hotline.open_order) (R-2.2)';

CREATE OR REPLACE FUNCTION @extschema@.reject(
    region              text,
    appeal_type         @extschema@.appeal_type,
    channel             @extschema@.channel,
    description         text,
    reason              text,
    emergency_referral  text DEFAULT NULL,
    citizen_phone       text DEFAULT NULL,
    citizen_name        text DEFAULT NULL,
    area_code           text DEFAULT NULL,
    confidential        boolean DEFAULT false,
    topic               text DEFAULT NULL,
    urgency             @extschema@.urgency DEFAULT 'normal',
    source_hotline      text DEFAULT '12345',
    occurred_at         timestamptz DEFAULT NULL,
    address             text DEFAULT NULL,
    demand              text DEFAULT NULL,
    actor               text DEFAULT current_user,
    actor_role          text DEFAULT 'agent')
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.reject(reject.region, reject.appeal_type::text, reject.channel::text, reject.description,
    reject.reason, reject.emergency_referral, reject.citizen_phone, reject.citizen_name, reject.area_code,
    reject.confidential, reject.topic, reject.urgency::text, reject.source_hotline, reject.occurred_at,
    reject.address, reject.demand, reject.actor, reject.actor_role)
$$;
COMMENT ON FUNCTION @extschema@.reject(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text, text,
    text, boolean, text, @extschema@.urgency, text, timestamptz, text, text, text, text) IS
    '不受理 with typed appeal type, channel and urgency: the same as reject(text, text, text, ...) (R-2.2)';

CREATE FUNCTION @extschema@.answer(
    region              text,
    appeal_type         text,
    channel             text,
    description         text,
    result              text,
    knowledge_article   text DEFAULT NULL,
    three_way_unit      text DEFAULT NULL,
    citizen_phone       text DEFAULT NULL,
    citizen_name        text DEFAULT NULL,
    area_code           text DEFAULT NULL,
    confidential        boolean DEFAULT false,
    topic               text DEFAULT NULL,
    urgency             text DEFAULT 'normal',
    source_hotline      text DEFAULT '12345',
    occurred_at         timestamptz DEFAULT NULL,
    address             text DEFAULT NULL,
    demand              text DEFAULT NULL,
    actor               text DEFAULT current_user,
    actor_role          text DEFAULT 'agent')
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.open_order('appeal_12345', 'answer', answer.actor, answer.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'region', answer.region, 'appeal_type', answer.appeal_type, 'channel', answer.channel,
        'description', answer.description, 'result', answer.result,
        'knowledge_article', answer.knowledge_article, 'three_way_unit', answer.three_way_unit,
        'citizen_phone', answer.citizen_phone, 'citizen_name', answer.citizen_name,
        'area_code', answer.area_code, 'confidential', answer.confidential, 'topic', answer.topic,
        'urgency', answer.urgency, 'source_hotline', answer.source_hotline,
        'occurred_at', answer.occurred_at, 'address', answer.address, 'demand', answer.demand)))
$$;
COMMENT ON FUNCTION @extschema@.answer(text, text, text, text, text, text, text, text,
    text, text, boolean, text, text, text, timestamptz, text, text, text, text) IS
    '直接办理: records an appeal answered on the spot (result, knowledge article or three-way call with a unit), closed on answering; returns its number; parameters checked by hotline.check_intake (in hotline.open_order) (R-3)';

CREATE OR REPLACE FUNCTION @extschema@.answer(
    region              text,
    appeal_type         @extschema@.appeal_type,
    channel             @extschema@.channel,
    description         text,
    result              text,
    knowledge_article   text DEFAULT NULL,
    three_way_unit      text DEFAULT NULL,
    citizen_phone       text DEFAULT NULL,
    citizen_name        text DEFAULT NULL,
    area_code           text DEFAULT NULL,
    confidential        boolean DEFAULT false,
    topic               text DEFAULT NULL,
    urgency             @extschema@.urgency DEFAULT 'normal',
    source_hotline      text DEFAULT '12345',
    occurred_at         timestamptz DEFAULT NULL,
    address             text DEFAULT NULL,
    demand              text DEFAULT NULL,
    actor               text DEFAULT current_user,
    actor_role          text DEFAULT 'agent')
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.answer(answer.region, answer.appeal_type::text, answer.channel::text, answer.description,
    answer.result, answer.knowledge_article, answer.three_way_unit, answer.citizen_phone, answer.citizen_name,
    answer.area_code, answer.confidential, answer.topic, answer.urgency::text, answer.source_hotline,
    answer.occurred_at, answer.address, answer.demand, answer.actor, answer.actor_role)
$$;
COMMENT ON FUNCTION @extschema@.answer(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text, text,
    text, text, boolean, text, @extschema@.urgency, text, timestamptz, text, text, text, text) IS
    '直接办理 with typed appeal type, channel and urgency: the same as answer(text, text, text, ...) (R-3)';

CREATE OR REPLACE FUNCTION @extschema@.decide_extension(
    order_no        @extschema@.order_no,
    unit            text,
    approve         boolean,
    new_deadline    timestamptz DEFAULT NULL,
    reason          text DEFAULT NULL,
    actor           text DEFAULT current_user,
    actor_role      text DEFAULT 'dispatcher')
RETURNS @extschema@.action_result
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF decide_extension.approve IS NULL THEN
        RAISE EXCEPTION 'approve of hotline.decide_extension must be true or false, not null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass approve => true with new_deadline => a later time, or approve => false with reason => ''...'' (R-4.8).';
    END IF;
    RETURN @extschema@.apply_action_result(decide_extension.order_no,
        CASE WHEN decide_extension.approve THEN 'approve_extension' ELSE 'refuse_extension' END,
        decide_extension.actor, decide_extension.actor_role,
        pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'new_deadline', decide_extension.new_deadline, 'reason', decide_extension.reason)),
        @extschema@.assignment_of(decide_extension.order_no, decide_extension.unit));
END $$;
COMMENT ON FUNCTION @extschema@.decide_extension(@extschema@.order_no, text, boolean, timestamptz, text, text, text) IS
    '延期审批: the hotline approves a unit''s extension request with a new, later deadline, or refuses it with a reason (R-4.8)';

CREATE OR REPLACE FUNCTION @extschema@.review(
    order_no    @extschema@.order_no,
    accept      boolean,
    reason      text DEFAULT NULL,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'reviewer')
RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF review.accept IS NULL THEN
        RAISE EXCEPTION 'accept of hotline.review must be true or false, not null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass accept => true to accept the units'' reply, or accept => false with reason => ''...'' to send it back for redo (R-6.3).';
    END IF;
    RETURN @extschema@.apply_action(review.order_no,
        CASE WHEN review.accept THEN 'approve_reply' ELSE 'send_back' END,
        review.actor, review.actor_role,
        pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('reason', review.reason)));
END $$;
COMMENT ON FUNCTION @extschema@.review(@extschema@.order_no, boolean, text, text, text) IS
    '审核: the hotline accepts the units'' reply (callback due in 2 working days) or sends it back for redo with a reason (R-6.3)';

CREATE FUNCTION @extschema@.callback(
    order_no                @extschema@.order_no,
    process_satisfaction    text,
    result_satisfaction     text,
    note                    text DEFAULT NULL,
    actor                   text DEFAULT current_user,
    actor_role              text DEFAULT 'agent')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(callback.order_no,
    CASE WHEN callback.process_satisfaction = 'dissatisfied' AND callback.result_satisfaction = 'dissatisfied'
         THEN 'callback_redo'
         WHEN callback.process_satisfaction = 'unreachable' AND callback.result_satisfaction = 'unreachable'
              AND (SELECT t.done < t.allowed - 1 FROM @extschema@.appeal_12345_callback_tries(callback.order_no) t)
         THEN 'callback_unreachable'
         ELSE 'callback' END,
    callback.actor, callback.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'process_satisfaction', callback.process_satisfaction,
        'result_satisfaction', callback.result_satisfaction, 'note', callback.note)))
$$;
COMMENT ON FUNCTION @extschema@.callback(@extschema@.order_no, text, text, text, text, text) IS
    '回访: records the citizen''s satisfaction with process and result; dissatisfied with both sends the order back to the units for redo; unreachable (for both) is a try, made again on the next working days, and recorded as the callback at the last try (setting callback_tries) (R-7.2, R-7.3, R-7.4)';

CREATE OR REPLACE FUNCTION @extschema@.callback(
    order_no                @extschema@.order_no,
    process_satisfaction    @extschema@.satisfaction,
    result_satisfaction     @extschema@.satisfaction,
    note                    text DEFAULT NULL,
    actor                   text DEFAULT current_user,
    actor_role              text DEFAULT 'agent')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.callback(callback.order_no, callback.process_satisfaction::text,
    callback.result_satisfaction::text, callback.note, callback.actor, callback.actor_role)
$$;
COMMENT ON FUNCTION @extschema@.callback(@extschema@.order_no, @extschema@.satisfaction, @extschema@.satisfaction, text, text, text) IS
    '回访 with typed satisfactions: the same as callback(order_no, text, text, ...) (R-7.2, R-7.3, R-7.4)';

-- new functions of the workflow: no EXECUTE for PUBLIC, as the others
REVOKE ALL ON FUNCTION
    @extschema@.appeal_12345_try_day(text, timestamptz),
    @extschema@.appeal_12345_callback_tries(@extschema@.order_no),
    @extschema@.accept(text, text, text, text, text, text, text,
        boolean, text, text, text, timestamptz, text, double precision, double precision, text, text,
        text, text, text),
    @extschema@.reject(text, text, text, text, text, text, text, text,
        text, boolean, text, text, text, timestamptz, text, text, text, text),
    @extschema@.answer(text, text, text, text, text, text, text, text,
        text, text, boolean, text, text, text, timestamptz, text, text, text, text),
    @extschema@.callback(@extschema@.order_no, text, text, text, text, text)
FROM PUBLIC;

-- The built-in rows of appeal_12345 (ALTER EXTENSION runs as the
-- extension: creating_extension() is true, the built-in rows are writable)
INSERT INTO @extschema@.workflow_action (workflow, action, scope, from_states, to_state, roles,
                                         required_params, reason_required, effects, description)
SELECT 'appeal_12345', a ->> 'action', a ->> 'scope',
       ARRAY(SELECT jsonb_array_elements_text(a -> 'from')), a ->> 'to',
       ARRAY(SELECT jsonb_array_elements_text(a -> 'roles')),
       ARRAY(SELECT jsonb_array_elements_text(coalesce(a -> 'params', '[]'))),
       coalesce((a ->> 'reason')::boolean, false), coalesce(a -> 'effects', '{}'),
       coalesce(a ->> 'description', a ->> 'action')
FROM (VALUES ($json${"action": "callback_unreachable", "scope": "order", "from": ["reviewed"], "to": null, "roles": ["agent", "reviewer", "supervisor"], "params": ["process_satisfaction", "result_satisfaction"], "effects": {"set_due": {"column": "callback_due", "deadline": "callback_retry"}}, "description": "回访未接通: a callback try that could not reach the citizen (unreachable for both), once per working day; the next try is due by the end of the next working day (limit callback_retry); params note optional (R-7.2, R-7.4)"}$json$::jsonb)) AS x(a);
UPDATE @extschema@.workflow_action SET description = $json$回访: satisfaction with the process and with the result, or unreachable at the last try (setting callback_tries); params note optional (R-7.2, R-7.4)$json$
WHERE workflow = 'appeal_12345' AND action = 'callback';

-- very urgent orders in clock time (R-2.3, R-4.3); the next callback try
UPDATE @extschema@.workflow_limit SET time_limit = '4 hours'
WHERE workflow = 'appeal_12345' AND builtin AND deadline = 'reply' AND dispatch_mode IN ('written', 'phone')
  AND urgency = 'very_urgent' AND appeal_type IS NULL;
INSERT INTO @extschema@.workflow_limit (workflow, deadline, dispatch_mode, urgency, appeal_type, time_limit, builtin)
SELECT 'appeal_12345', l ->> 'deadline', l ->> 'dispatch_mode', (l ->> 'urgency')::@extschema@.urgency,
       (l ->> 'appeal_type')::@extschema@.appeal_type, (l ->> 'time_limit')::@extschema@.time_limit,
       @extschema@.creating_extension()
FROM jsonb_array_elements($json$[{"deadline": "reply", "dispatch_mode": "urgent", "urgency": "very_urgent", "time_limit": "4 hours"}, {"deadline": "dispatch", "urgency": "very_urgent", "time_limit": "30 minutes"}, {"deadline": "sign", "urgency": "very_urgent", "time_limit": "1 hour"}, {"deadline": "sign", "dispatch_mode": "urgent", "urgency": "very_urgent", "time_limit": "1 hour"}, {"deadline": "sub_reply", "urgency": "very_urgent", "time_limit": "2 hours"}, {"deadline": "redo", "urgency": "very_urgent", "time_limit": "4 hours"}, {"deadline": "callback_retry", "time_limit": "1 working day"}]$json$::jsonb) l;

-- the check hook before dispatch, approve_extension, merge and
-- callback_unreachable (positions after the 0.1.0 hooks, as in the definition)
INSERT INTO @extschema@.workflow_hook (workflow, action, timing, function, position)
SELECT 'appeal_12345', h ->> 'action', h ->> 'timing', h ->> 'function', o::int
FROM jsonb_array_elements($json$[{"action": "dispatch", "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"}, {"action": "approve_extension", "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"}, {"action": "merge", "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"}, {"action": "callback_unreachable", "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"}]$json$::jsonb) WITH ORDINALITY AS x(h, n),
     LATERAL (SELECT n + 10) AS p(o);

INSERT INTO @extschema@.workflow_setting (workflow, setting, value, builtin, description)
SELECT 'appeal_12345', x ->> 'setting', x -> 'value', @extschema@.creating_extension(),
       coalesce(x ->> 'description', x ->> 'setting')
FROM jsonb_array_elements($json$[{"setting": "callback_tries", "value": 3, "description": "回访次数: how many times a callback tries to reach the citizen, on different working days, before it is recorded as unreachable (R-7.2); a whole number from 1 to 10"}]$json$::jsonb) x;
