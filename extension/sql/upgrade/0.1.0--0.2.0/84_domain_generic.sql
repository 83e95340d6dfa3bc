-- Issue 9 (90_orders.sql, 96_outbox.sql, 97_alarms.sql, 98_supervision.sql,
-- 99_jobs.sql, workflows/12345_appeal.sql): the hotline domain knows no
-- 12345 action, state, parameter or text.  Message texts are the
-- workflow's (hotline.workflow_message, hotline.render_message), in the
-- recipient's language (hotline.unit.language), times in the zone of the
-- deadline's calendar; bad-handling rules name their actions and
-- parameters in their settings; the jobs read the workflow's settings
-- callback_sampling and archiving; one writer of history
-- (hotline.record_event), one way into the outbox (hotline.outbox_add) with
-- one NOTIFY payload; channels, supervision reasons and methods are tables.

-- units read messages in a language
ALTER TABLE @extschema@.unit ADD COLUMN language text NOT NULL DEFAULT 'zh'
    CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$');
COMMENT ON COLUMN @extschema@.unit.language IS
    'the language the unit reads its messages in (a BCP 47 tag: zh, en ...): hotline.render_message takes the workflow''s template in it, else in the workflow''s language';

-- the one writer of history
CREATE FUNCTION @extschema@.record_event(order_no @extschema@.order_no, assignment_id bigint, actor text,
                                         role text, action text, from_state text, to_state text,
                                         reason text DEFAULT NULL, payload jsonb DEFAULT '{}')
RETURNS bigint
AS 'MODULE_PATHNAME', 'hotline_record_event'
LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.record_event(@extschema@.order_no, bigint, text, text, text, text, text, text, jsonb) IS
    'internal: records an event of an order''s history (R-1.6); the one writer (engine.c), which the engine''s actions and every SQL writer use; returns its id';
REVOKE ALL ON FUNCTION @extschema@.record_event(@extschema@.order_no, bigint, text, text, text, text, text, text, jsonb) FROM PUBLIC;

-- the channels: a table the outbox refers to
CREATE TABLE @extschema@.outbox_channel (
    channel         text PRIMARY KEY CHECK (channel ~ '^[a-z][a-z0-9_]{0,31}$'),
    description     text NOT NULL,
    builtin         boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.outbox_channel IS
    'the channels of the outbox (R-14.3): sms (短信), email, system (站内消息); add a row of your own for a gateway of another kind';
INSERT INTO @extschema@.outbox_channel (channel, description, builtin) VALUES
    ('sms', 'text message (短信) to a unit''s contacts or a phone number', true),
    ('email', 'e-mail', true),
    ('system', 'message in the hotline''s own screens (站内消息)', true);
CREATE TRIGGER outbox_channel_protect BEFORE UPDATE OR DELETE ON @extschema@.outbox_channel
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER outbox_channel_builtin BEFORE INSERT OR UPDATE ON @extschema@.outbox_channel
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
SELECT pg_catalog.pg_extension_config_dump('@extschema@.outbox_channel', 'WHERE NOT builtin');
REVOKE ALL ON @extschema@.outbox_channel FROM PUBLIC;
GRANT SELECT ON @extschema@.outbox_channel TO PUBLIC;

ALTER TABLE @extschema@.outbox DROP CONSTRAINT outbox_channel_check,
    ADD FOREIGN KEY (channel) REFERENCES @extschema@.outbox_channel (channel) ON UPDATE CASCADE;
CREATE OR REPLACE FUNCTION @extschema@.outbox_check_channel(channel text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF $1 IS NULL OR NOT EXISTS (SELECT 1 FROM @extschema@.outbox_channel c WHERE c.channel = $1) THEN
        RAISE EXCEPTION 'unknown outbox channel "%"', $1
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The channels are %s.', (SELECT string_agg(c.channel, ', ' ORDER BY c.channel)
                                                           FROM @extschema@.outbox_channel c)),
                  HINT = 'Channels are rows of hotline.outbox_channel.';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.outbox_check_channel(text) IS
    'internal: raises 22023 unless the channel is a row of hotline.outbox_channel';

-- the one way into the outbox
CREATE TYPE @extschema@.outbox_message AS (
    order_no            @extschema@.order_no,
    assignment_id       bigint,
    recipient_unit_id   bigint,
    recipient_user      text,
    channel             text,
    template            text,
    payload             jsonb,
    dedup_key           text,
    send_at             timestamptz
);
COMMENT ON TYPE @extschema@.outbox_message IS 'internal: a message for hotline.outbox_add';

CREATE FUNCTION @extschema@.outbox_add(messages @extschema@.outbox_message[]) RETURNS bigint[]
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    ids     bigint[];
    chans   text[];
BEGIN
    WITH added AS (
        INSERT INTO @extschema@.outbox AS o (order_no, assignment_id, recipient_unit_id, recipient_user, channel,
                                             template, payload, dedup_key, next_attempt_at)
        SELECT m.order_no, m.assignment_id, m.recipient_unit_id, m.recipient_user, m.channel,
               m.template, m.payload, m.dedup_key, coalesce(m.send_at, pg_catalog.now())
        FROM pg_catalog.unnest(messages) m
        ON CONFLICT (dedup_key) DO NOTHING
        RETURNING o.id, o.channel
    )
    SELECT pg_catalog.array_agg(a.id ORDER BY a.id), pg_catalog.array_agg(DISTINCT a.channel)
      INTO ids, chans FROM added a;
    IF ids IS NULL THEN
        RETURN '{}';
    END IF;
    PERFORM pg_catalog.pg_notify('hotline_outbox', pg_catalog.jsonb_build_object(
        'messages', pg_catalog.cardinality(ids), 'channels', pg_catalog.to_jsonb(chans))::text);
    RETURN ids;
END $$;
COMMENT ON FUNCTION @extschema@.outbox_add(@extschema@.outbox_message[]) IS
    'internal: the one way into the outbox: inserts messages under their dedup keys and notifies hotline_outbox once ({"messages": n, "channels": [...]}); returns the ids added';
REVOKE ALL ON FUNCTION @extschema@.outbox_add(@extschema@.outbox_message[]) FROM PUBLIC;

CREATE OR REPLACE FUNCTION @extschema@.post_message(
    channel text,
    template text,
    payload jsonb DEFAULT '{}',
    recipient_unit text DEFAULT NULL,
    recipient_user text DEFAULT NULL,
    order_no @extschema@.order_no DEFAULT NULL,
    assignment_id bigint DEFAULT NULL,
    dedup_key text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_column
DECLARE
    unit_id bigint;
    the_order @extschema@.order_no := post_message.order_no;
    a_order @extschema@.order_no;
    a_unit bigint;
    new_id bigint;
BEGIN
    IF post_message.channel IS NULL OR post_message.template IS NULL OR post_message.payload IS NULL THEN
        RAISE EXCEPTION 'channel, template and payload of a message must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Post e.g. hotline.post_message(''sms'', ''remind'', ''{"text": "..."}'', recipient_unit => ''bj-dc'').';
    END IF;
    PERFORM @extschema@.outbox_check_channel(post_message.channel);
    IF post_message.template !~ '^[a-z][a-z0-9_.-]{0,63}$' THEN
        RAISE EXCEPTION 'invalid template key "%"', post_message.template
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A template key is 1 to 64 lower-case letters, digits, "_", "." or "-", starting with a letter.',
                  HINT = 'The gateway renders the payload with the template of this key, e.g. remind, hasten, notice, emergency.';
    END IF;
    IF pg_catalog.jsonb_typeof(post_message.payload) <> 'object' THEN
        RAISE EXCEPTION 'the payload of a message must be a JSON object, not %', pg_catalog.jsonb_typeof(post_message.payload)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give the template''s values by name, e.g. ''{"text": "...", "order_no": "..."}''.';
    END IF;
    IF post_message.dedup_key = '' OR pg_catalog.length(post_message.dedup_key) > 256 THEN
        RAISE EXCEPTION 'a dedup key must be 1 to 256 characters'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Leave it NULL when the message may be posted more than once.';
    END IF;
    IF post_message.recipient_user = '' OR pg_catalog.length(post_message.recipient_user) > 254 THEN
        RAISE EXCEPTION 'a recipient user must be 1 to 254 characters'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    IF post_message.recipient_unit IS NOT NULL THEN
        SELECT u.id INTO unit_id FROM @extschema@.unit u WHERE u.code = post_message.recipient_unit;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'unit "%" does not exist', post_message.recipient_unit
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Units are rows of hotline.unit, named by their code.';
        END IF;
    END IF;

    -- an assignment names its order and, by default, the unit to tell
    IF post_message.assignment_id IS NOT NULL THEN
        SELECT a.order_no, a.unit_id INTO a_order, a_unit
        FROM @extschema@.assignment a WHERE a.id = post_message.assignment_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'assignment % does not exist', post_message.assignment_id
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF the_order IS NULL THEN
            the_order := a_order;
        ELSIF the_order <> a_order THEN
            RAISE EXCEPTION 'assignment % belongs to order %, not %', post_message.assignment_id, a_order, the_order
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Leave order_no out: it is taken from the assignment.';
        END IF;
        IF unit_id IS NULL AND post_message.recipient_user IS NULL THEN
            unit_id := a_unit;
        END IF;
    ELSIF the_order IS NOT NULL THEN
        PERFORM FROM @extschema@.work_order w WHERE w.order_no = the_order;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'work order % does not exist', the_order
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;

    IF unit_id IS NULL AND post_message.recipient_user IS NULL THEN
        RAISE EXCEPTION 'a message needs a recipient'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give recipient_unit (a unit code), recipient_user, or the assignment_id whose unit is to be told.';
    END IF;

    -- NULL when posted before under this dedup key
    new_id := (@extschema@.outbox_add(ARRAY[ROW(the_order, post_message.assignment_id, unit_id, post_message.recipient_user,
                                                post_message.channel, post_message.template, post_message.payload,
                                                post_message.dedup_key, NULL)::@extschema@.outbox_message]))[1];
    RETURN new_id;
END $$;
COMMENT ON FUNCTION @extschema@.post_message(text, text, jsonb, text, text, @extschema@.order_no, bigint, text) IS
    'posts a message to the outbox and notifies channel hotline_outbox at commit; returns its id, or NULL when dedup_key was posted before (R-14.3)';

-- message texts are the workflow's
CREATE FUNCTION @extschema@.message_placeholders() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT ARRAY['order_no', 'unit', 'due_at', 'n', 'reason', 'emergency_kind', 'description', 'recipients',
             'group_id', 'carrier', 'others', 'members']
$$;
COMMENT ON FUNCTION @extschema@.message_placeholders() IS
    'the placeholders of message templates: order_no, unit (the unit''s name, or the workflow''s own team: message "team"), due_at (a time, shown in the calendar''s zone), n (how many times: hastenings, events), reason, emergency_kind, description, recipients, group_id, carrier, others, members';

CREATE TABLE @extschema@.workflow_message (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    message         text NOT NULL CHECK (message ~ '^[a-z][a-z0-9_.-]{0,63}$'),
    language        text NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$'),
    template        text NOT NULL CHECK (template <> ''),
    builtin         boolean NOT NULL DEFAULT false,
    PRIMARY KEY (workflow, message, language, builtin)
);
COMMENT ON TABLE @extschema@.workflow_message IS
    'the texts of a workflow''s messages (R-14.2): per message key and language a template with named placeholders ({order_no}, {unit}, {due_at} ...); a row of your own wins over a built-in one';
COMMENT ON COLUMN @extschema@.workflow_message.message IS
    'the message key: the template key of the outbox row (an escalation rule''s template such as remind or hasten_dispatch) or a key the hotline uses (notice, supervise, emergency, callback_task ...)';
COMMENT ON COLUMN @extschema@.workflow_message.template IS
    'the text with placeholders in braces, e.g. ''Order {order_no} is due at {due_at}.''; see hotline.message_placeholders()';

CREATE FUNCTION @extschema@.workflow_message_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    unknown text;
BEGIN
    SELECT m[1] INTO unknown
    FROM regexp_matches(NEW.template, '\{([^{}]*)\}', 'g') AS m
    WHERE m[1] <> ALL (@extschema@.message_placeholders())
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'unknown placeholder "{%}" in message "%" (%) of workflow "%"',
                unknown, NEW.message, NEW.language, NEW.workflow
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The placeholders are %s.',
                                  (SELECT string_agg('{' || p || '}', ', ') FROM unnest(@extschema@.message_placeholders()) p)),
                  HINT = 'Write a placeholder as its name in braces, e.g. {order_no}.';
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.workflow_message_check() IS
    'trigger: a message template names only the placeholders of hotline.message_placeholders()';
CREATE TRIGGER workflow_message_check BEFORE INSERT OR UPDATE ON @extschema@.workflow_message
    FOR EACH ROW EXECUTE FUNCTION @extschema@.workflow_message_check();
CREATE TRIGGER workflow_message_protect BEFORE UPDATE OR DELETE ON @extschema@.workflow_message
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_message_builtin BEFORE INSERT OR UPDATE ON @extschema@.workflow_message
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_message', 'WHERE NOT builtin');
REVOKE ALL ON @extschema@.workflow_message FROM PUBLIC;
GRANT SELECT ON @extschema@.workflow_message TO PUBLIC;

CREATE FUNCTION @extschema@.message_template(workflow text, messages text[], language text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT m.template
FROM @extschema@.workflow_message m
WHERE m.workflow = $1 AND m.message = ANY ($2)
  AND m.language IN ($3, @extschema@.workflow_setting_value($1, 'language') #>> '{}')
ORDER BY array_position($2, m.message), m.language IS DISTINCT FROM $3, m.builtin
LIMIT 1
$$;
COMMENT ON FUNCTION @extschema@.message_template(text, text[], text) IS
    'internal: the template of the first message key the workflow has, in the language or else the workflow''s language, yours before the built-in one; NULL when none';

CREATE FUNCTION @extschema@.message_fill(template text, vals jsonb, time_zone text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT string_agg(CASE WHEN x.m[2] IS NULL THEN x.m[1]
                       WHEN x.m[2] ~ '_at$' THEN to_char(timezone($3, ($2 ->> x.m[2])::timestamptz), 'YYYY-MM-DD HH24:MI')
                       ELSE coalesce($2 ->> x.m[2], '') END, '' ORDER BY x.n)
FROM regexp_matches($1, '([^{]+|\{([a-z][a-z0-9_]*)\}|\{)', 'g') WITH ORDINALITY AS x(m, n)
$$;
COMMENT ON FUNCTION @extschema@.message_fill(text, jsonb, text) IS
    'internal: a template with its placeholders filled from a JSON object, times (names ending in _at) in the zone given';

CREATE FUNCTION @extschema@.render_message(workflow text, message text, language text, vals jsonb,
                                           calendar text DEFAULT NULL, fallback text DEFAULT NULL)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT @extschema@.message_fill(
    coalesce(@extschema@.message_template($1, ARRAY[$2, $6], $3),
             $2 || ': ' || pg_catalog.regexp_replace($4::text, '[{}]', '', 'g')),
    $4,
    (SELECT c.time_zone FROM @extschema@.calendar c
     WHERE c.name = coalesce($5, (SELECT w.calendar FROM @extschema@.workflow w WHERE w.name = $1))))
$$;
COMMENT ON FUNCTION @extschema@.render_message(text, text, text, jsonb, text, text) IS
    'the text of a workflow''s message (R-14.2): its template (or fallback''s) in the language, else the workflow''s language, filled from values; times in the zone of calendar (default the workflow''s); without a template, the key and the values';

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

-- the sweep renders the workflow's texts; alarm_text is gone
-- one computation of alarms from deadlines
CREATE FUNCTION @extschema@.alarm_compute(order_no @extschema@.order_no, assignment_id bigint, changed text[],
                                          on_assignments boolean)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$   -- internal: called by alarm_assignments and alarm_order
#variable_conflict use_column
BEGIN
INSERT INTO @extschema@.alarm AS al (order_no, assignment_id, rule, kind, due_at, fire_at)
SELECT o.order_no, d.id, r.rule, r.kind, d.due,
       @extschema@.alarm_fire_at(r.kind, d.calendar, d.start, d.due, r.share, r.before, r.every, NULL,
                                 o.urgency, o.emergency_kind)
FROM @extschema@.work_order o
JOIN @extschema@.workflow w ON w.name = o.workflow
JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.kind IN ('remind', 'hasten')
                                  AND r.due = ANY (CASE WHEN on_assignments THEN '{sign_due,reply_due}'::text[]
                                                        ELSE '{dispatch_due,callback_due}'::text[] END)
                                  AND (changed IS NULL OR r.due = ANY (changed))
CROSS JOIN LATERAL (
    SELECT a.id, u.calendar, a.closed_at,
           CASE r.due WHEN 'sign_due' THEN a.sign_due ELSE a.reply_due END AS due,
           CASE r.due WHEN 'sign_due' THEN a.dispatched_at ELSE coalesce(a.reply_from, a.dispatched_at) END AS start
    FROM @extschema@.assignment a
    JOIN @extschema@.unit u ON u.id = a.unit_id
    WHERE on_assignments AND a.order_no = o.order_no
      AND (alarm_compute.assignment_id IS NULL OR a.id = alarm_compute.assignment_id)
    UNION ALL
    SELECT NULL::bigint, w.calendar, o.closed_at,
           CASE r.due WHEN 'dispatch_due' THEN o.dispatch_due ELSE o.callback_due END,
           CASE r.due WHEN 'dispatch_due' THEN coalesce(o.dispatch_from, o.accepted_at) ELSE o.callback_from END
    WHERE NOT on_assignments) d
WHERE o.order_no = alarm_compute.order_no
  AND (changed IS NOT NULL OR (d.closed_at IS NULL AND d.due IS NOT NULL))
ON CONFLICT (order_no, assignment_id, rule) DO UPDATE
    SET due_at = EXCLUDED.due_at,
        fire_at = CASE WHEN al.kind = 'remind' AND al.fired > 0 THEN NULL ELSE EXCLUDED.fire_at END
    WHERE changed IS NOT NULL;
END $$;
COMMENT ON FUNCTION @extschema@.alarm_compute(@extschema@.order_no, bigint, text[], boolean) IS
    'internal: the one computation of alarms from deadlines: the time rules on the deadlines of an order''s assignments (on_assignments; one, or all without alarms when assignment_id is NULL) or of the order itself, for the deadlines in changed (NULL: all set)';
REVOKE ALL ON FUNCTION @extschema@.alarm_compute(@extschema@.order_no, bigint, text[], boolean) FROM PUBLIC;

CREATE OR REPLACE FUNCTION @extschema@.alarm_assignments(order_no @extschema@.order_no, assignment_id bigint,
                                              changed text[])
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$   -- internal: called by the engine and by alarm_refresh (SECURITY DEFINER)
BEGIN
    PERFORM @extschema@.alarm_compute($1, $2, $3, true);
END $$;
COMMENT ON FUNCTION @extschema@.alarm_assignments(@extschema@.order_no, bigint, text[]) IS
    'internal: computes the alarms of the time rules on the deadlines of an order''s assignments (one, or all without alarms when assignment_id is NULL), for the deadlines in changed (NULL: all)';

CREATE OR REPLACE FUNCTION @extschema@.alarm_order(order_no @extschema@.order_no, changed text[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$   -- internal: called by the engine and by alarm_refresh (SECURITY DEFINER)
BEGIN
    PERFORM @extschema@.alarm_compute($1, NULL, $2, false);
END $$;
COMMENT ON FUNCTION @extschema@.alarm_order(@extschema@.order_no, text[]) IS
    'internal: computes the alarms of the time rules on an order''s own deadlines (dispatch_due, callback_due), those in changed (NULL: all set)';

CREATE OR REPLACE FUNCTION @extschema@.sweep(batch integer DEFAULT 10000) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, @extschema@, pg_temp SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
    started     timestamptz := pg_catalog.clock_timestamp();
    ids         bigint[];
    counts      record;
    n           record;
    notices     integer := 0;
    messages    integer;
    result      jsonb;
BEGIN
    IF batch IS NULL OR batch < 1 OR batch > 1000000 THEN
        RAISE EXCEPTION 'batch must be between 1 and 1000000, not %', coalesce(batch::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The sweep takes at most batch due alarms per run; the next run takes the rest.';
    END IF;

    SELECT pg_catalog.array_agg(x.id) INTO ids
    FROM (SELECT al.id FROM @extschema@.alarm al
          WHERE al.fire_at <= pg_catalog.now()
          ORDER BY al.fire_at
          LIMIT batch
          FOR UPDATE SKIP LOCKED) x;
    IF ids IS NULL THEN
        result := jsonb_build_object('reminders', 0, 'hastenings', 0, 'notices', 0, 'retired', 0, 'messages', 0,
                                     'left_for_next_run', 0);
        PERFORM @extschema@.log_job_run('sweep', started, result);
        RETURN result;
    END IF;

    -- the due alarms with what they watch: an assignment (its unit is told)
    -- or the order itself (the hotline's own team is told); each watched row
    -- FOR SHARE SKIP LOCKED
    WITH live AS (
        SELECT * FROM (
            SELECT al.id, al.order_no, al.assignment_id, al.rule, al.kind, al.due_at, al.fire_at,
                   r.due, r.every, r.channel, r.template, u.id AS unit_id, u.name AS unit_name,
                   NULL::text AS recipient_user, u.calendar, u.language, o.workflow, a.state, o.urgency, o.emergency_kind,
                   r.rule IS NOT NULL AND a.closed_at IS NULL AND a.state = ANY (r.states)
                       AND al.due_at IS NOT DISTINCT FROM (CASE r.due WHEN 'sign_due' THEN a.sign_due ELSE a.reply_due END)
                       AND (CASE al.kind WHEN 'remind' THEN pg_catalog.now() < al.due_at
                                 ELSE pg_catalog.now() >= al.due_at END) AS live
            FROM @extschema@.alarm al
            JOIN @extschema@.assignment a ON a.order_no = al.order_no AND a.id = al.assignment_id
            JOIN @extschema@.work_order o ON o.order_no = al.order_no
            JOIN @extschema@.unit u ON u.id = a.unit_id
            LEFT JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.rule = al.rule
            WHERE al.id = ANY (ids)
            FOR SHARE OF a SKIP LOCKED) on_assignments
        UNION ALL
        SELECT * FROM (
            SELECT al.id, al.order_no, NULL::bigint, al.rule, al.kind, al.due_at, al.fire_at,
                   r.due, r.every, r.channel, r.template, NULL::bigint, NULL::text,
                   coalesce(r.settings ->> 'recipient_user', 'hotline'), w.calendar, NULL::text, o.workflow, o.state,
                   o.urgency, o.emergency_kind,
                   r.rule IS NOT NULL AND o.closed_at IS NULL AND o.state = ANY (r.states)
                       AND al.due_at IS NOT DISTINCT FROM (CASE r.due WHEN 'dispatch_due' THEN o.dispatch_due ELSE o.callback_due END)
                       AND (CASE al.kind WHEN 'remind' THEN pg_catalog.now() < al.due_at
                                 ELSE pg_catalog.now() >= al.due_at END)
            FROM @extschema@.alarm al
            JOIN @extschema@.work_order o ON o.order_no = al.order_no
            JOIN @extschema@.workflow w ON w.name = o.workflow
            LEFT JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.rule = al.rule
            WHERE al.id = ANY (ids) AND al.assignment_id IS NULL
            FOR SHARE OF o SKIP LOCKED) on_orders
    ), fired AS (
        UPDATE @extschema@.alarm al
        SET fired = al.fired + 1, last_fired_at = pg_catalog.now(),
            -- a reminder is done; a hastening comes again "every" after
            -- the time it was due to be sent (l.fire_at, inside business hours)
            fire_at = @extschema@.alarm_fire_at(l.kind, l.calendar, NULL, l.due_at, NULL, NULL, l.every,
                                                greatest(l.fire_at, l.due_at), l.urgency, l.emergency_kind)
        FROM live l WHERE al.id = l.id AND l.live
        RETURNING l.*, al.fired
    ), retired AS (
        UPDATE @extschema@.alarm al SET fire_at = NULL
        FROM live l WHERE al.id = l.id AND NOT l.live
        RETURNING al.id
    ), msg AS (
        -- the text in the recipient's language (the rule's template, else
        -- the kind's), the deadline in the zone of its calendar
        SELECT pg_catalog.cardinality(@extschema@.outbox_add(ARRAY(
            SELECT ROW(f.order_no, f.assignment_id, f.unit_id, f.recipient_user, f.channel, f.template,
                       jsonb_build_object('text', @extschema@.render_message(f.workflow, f.template, f.language,
                                              jsonb_build_object('order_no', f.order_no::text, 'due_at', f.due_at, 'n', f.fired,
                                                  'unit', coalesce(f.unit_name, @extschema@.message_template(f.workflow, '{team}', f.language))),
                                              f.calendar, f.kind),
                                          'order_no', f.order_no::text, 'rule', f.rule, 'due', f.due_at, 'n', f.fired),
                       f.kind || ':' || f.id || ':' || f.fired, NULL)::@extschema@.outbox_message
            FROM fired f))) AS n
    ), ev AS (
        SELECT count(@extschema@.record_event(f.order_no, f.assignment_id, 'hotline.sweep', 'system', f.kind, f.state, f.state,
                                              NULL, jsonb_build_object('rule', f.rule, 'due', f.due_at, 'n', f.fired))) AS n
        FROM fired f
    )
    SELECT (SELECT count(*) FROM fired f WHERE f.kind = 'remind') AS reminders,
           (SELECT count(*) FROM fired f WHERE f.kind = 'hasten') AS hastenings,
           (SELECT count(*) FROM retired) AS retired,
           (SELECT m.n FROM msg m) AS messages,
           (SELECT e.n FROM ev e) AS events
    INTO counts;

    -- public notices (通报): hastened notice_after times and still not done
    FOR n IN
        WITH issued AS (
            INSERT INTO @extschema@.public_notice (alarm_id, order_no, assignment_id, unit_id, hastenings, due_at, text)
            -- in the workflow's language (a notice is the supervisors'),
            -- the deadline in the zone of its calendar
            SELECT al.id, al.order_no, al.assignment_id, a.unit_id, al.fired, al.due_at,
                   @extschema@.render_message(o.workflow, 'notice', NULL,
                       jsonb_build_object('order_no', al.order_no::text, 'due_at', al.due_at, 'n', al.fired,
                                          'unit', coalesce(u.name, @extschema@.message_template(o.workflow, '{team}', NULL))),
                       u.calendar)
            FROM @extschema@.alarm al
            JOIN @extschema@.work_order o ON o.order_no = al.order_no
            JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.rule = al.rule
            LEFT JOIN @extschema@.assignment a ON a.order_no = al.order_no AND a.id = al.assignment_id
            LEFT JOIN @extschema@.unit u ON u.id = a.unit_id
            WHERE al.id = ANY (ids) AND al.kind = 'hasten' AND al.last_fired_at = pg_catalog.now()
              AND r.notice_after IS NOT NULL AND al.fired >= r.notice_after
            ON CONFLICT (order_no, alarm_id) DO NOTHING
            RETURNING *
        )
        SELECT i.*, o.state AS order_state,
               -- the supervisors are the hotline's own staff: the workflow's business hours
               @extschema@.send_time(w.calendar, pg_catalog.now(), o.urgency, o.emergency_kind) AS send_at
        FROM issued i JOIN @extschema@.work_order o ON o.order_no = i.order_no
        JOIN @extschema@.workflow w ON w.name = o.workflow
    LOOP
        notices := notices + 1;
        PERFORM @extschema@.outbox_add(ARRAY[ROW(n.order_no, n.assignment_id, NULL, 'supervisors', 'system', 'notice',
                jsonb_build_object('text', n.text, 'order_no', n.order_no::text, 'hastenings', n.hastenings,
                                   'notice', n.id),
                'notice:' || n.id, n.send_at)::@extschema@.outbox_message]);
        PERFORM @extschema@.record_event(n.order_no, n.assignment_id, 'hotline.sweep', 'system', 'public_notice',
                                         n.order_state, n.order_state, NULL,
                                         jsonb_build_object('notice', n.id, 'hastenings', n.hastenings, 'due', n.due_at));
        PERFORM @extschema@.open_supervision(n.order_no, 'notice',
                                             note => n.text, assignment_id => n.assignment_id,
                                             rule => 'public_notice', actor => 'hotline.sweep');
    END LOOP;

    messages := counts.messages + notices;
    result := jsonb_build_object('reminders', counts.reminders,
                                 'hastenings', counts.hastenings,
                                 'notices', notices,
                                 'retired', counts.retired,
                                 'messages', messages,
                                 'left_for_next_run', pg_catalog.cardinality(ids)
                                     - (counts.reminders + counts.hastenings + counts.retired));
    PERFORM @extschema@.log_job_run('sweep', started, result);
    RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.sweep(integer) IS
    'job: sends the reminders, hastenings and public notices that are due (R-5.1, R-5.4), at most batch alarms per run; safe to run twice at once (SKIP LOCKED) or in a row; returns what it did';

CREATE OR REPLACE FUNCTION @extschema@.recompute_deadlines(batch integer DEFAULT 10000) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    started     timestamptz := pg_catalog.clock_timestamp();
    ch          record;
    tier        integer;
    moved       integer;
    moved_ids   bigint[];
    orders      @extschema@.order_no[];
    affected    text[];
    n_assign    integer;
    n_orders    integer;
    total       integer := 0;
    total_orders integer := 0;
    changes     integer := 0;
    result      jsonb;
BEGIN
    IF batch IS NULL OR batch < 1 OR batch > 1000000 THEN
        RAISE EXCEPTION 'batch must be between 1 and 1000000, not %', coalesce(batch::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- one run at a time: two runs would recompute the same assignments
    IF NOT @extschema@.job_try_lock('recompute_deadlines') THEN
        result := @extschema@.job_skipped('recompute_deadlines');
        PERFORM @extschema@.log_job_run('recompute_deadlines', started, result);
        RETURN result;
    END IF;

    FOR ch IN SELECT c.* FROM @extschema@.calendar_change c WHERE c.done_at IS NULL ORDER BY c.id LIMIT batch
    LOOP
        -- the calendar changed and those layered on it
        affected := ARRAY(WITH RECURSIVE c(name) AS (
                              SELECT ch.calendar
                              UNION
                              SELECT k.name FROM @extschema@.calendar k JOIN c ON k.base = c.name)
                          SELECT name FROM c);
        n_assign := 0;
        moved_ids := '{}';
        orders := '{}';
        -- the assignments: first the units' own (tier 1), then those passed
        -- down to sub-units (tier 2), whose reply deadline never ends after
        -- their parent's as it now is (R-4.5)
        FOR tier IN 1..2 LOOP
            WITH candidate AS (
                SELECT a.id, a.order_no, a.state, a.sign_due, a.reply_due,
                       CASE WHEN a.sign_limit IS NOT NULL AND a.signed_at IS NULL
                            THEN @extschema@.deadline(u.calendar, a.dispatched_at, a.sign_limit) ELSE a.sign_due END AS new_sign,
                       CASE WHEN a.reply_limit IS NULL THEN a.reply_due
                            WHEN a.parent_id IS NULL
                            THEN @extschema@.deadline(u.calendar, coalesce(a.reply_from, a.dispatched_at), a.reply_limit)
                            ELSE least(@extschema@.deadline(u.calendar, coalesce(a.reply_from, a.dispatched_at), a.reply_limit),
                                       p.reply_due) END AS new_reply
                FROM @extschema@.assignment a
                JOIN @extschema@.unit u ON u.id = a.unit_id
                LEFT JOIN @extschema@.assignment p ON p.order_no = a.order_no AND p.id = a.parent_id
                WHERE a.closed_at IS NULL AND a.replied_at IS NULL
                  AND (a.parent_id IS NULL) = (tier = 1)
                  AND ((u.calendar = ANY (affected)
                        AND (ch.last_day IS NULL
                             OR (a.reply_due >= ch.first_day AND coalesce(a.reply_from, a.dispatched_at) < ch.last_day + 1)
                             OR (a.sign_due >= ch.first_day AND a.dispatched_at < ch.last_day + 1)))
                       OR a.parent_id = ANY (moved_ids))
                FOR NO KEY UPDATE OF a
            ), moved AS (
                UPDATE @extschema@.assignment a SET sign_due = c.new_sign, reply_due = c.new_reply, updated_at = pg_catalog.now()
                FROM candidate c
                WHERE a.order_no = c.order_no AND a.id = c.id
                  AND (c.new_sign IS DISTINCT FROM c.sign_due OR c.new_reply IS DISTINCT FROM c.reply_due)
                RETURNING c.*
            ), ev AS (
                SELECT m.order_no, m.id AS assignment_id,
                       @extschema@.record_event(m.order_no, m.id, 'hotline.recompute_deadlines', 'system', 'deadline_recomputed',
                       m.state, m.state, 'calendar ' || ch.calendar || ' changed',
                       jsonb_strip_nulls(jsonb_build_object('calendar', ch.calendar, 'change', ch.id,
                           'first_day', ch.first_day, 'last_day', ch.last_day,
                           'sign_due_before', CASE WHEN m.new_sign IS DISTINCT FROM m.sign_due THEN m.sign_due END,
                           'sign_due_after', CASE WHEN m.new_sign IS DISTINCT FROM m.sign_due THEN m.new_sign END,
                           'reply_due_before', CASE WHEN m.new_reply IS DISTINCT FROM m.reply_due THEN m.reply_due END,
                           'reply_due_after', CASE WHEN m.new_reply IS DISTINCT FROM m.reply_due THEN m.new_reply END))) AS event_id
                FROM moved m
            )
            SELECT count(*), coalesce(array_agg(e.assignment_id), '{}'), orders || coalesce(array_agg(e.order_no), '{}')
            INTO moved, moved_ids, orders FROM ev e;
            n_assign := n_assign + moved;
        END LOOP;

        -- the orders' own deadlines (R-12.3): dispatch and callback from
        -- their limits on the workflow's calendar; the reply deadline, the
        -- latest of the open assignments' (or from its own limit when it
        -- has none open)
        WITH candidate AS (
            SELECT o.order_no, o.state, o.dispatch_due, o.reply_due, o.callback_due,
                   CASE WHEN o.dispatch_limit IS NOT NULL
                        THEN @extschema@.deadline(w.calendar, o.dispatch_from, o.dispatch_limit) ELSE o.dispatch_due END AS new_dispatch,
                   coalesce((SELECT max(a.reply_due) FROM @extschema@.assignment a
                             WHERE a.order_no = o.order_no AND a.closed_at IS NULL),
                            CASE WHEN o.reply_limit IS NOT NULL
                                 THEN @extschema@.deadline(w.calendar, o.reply_from, o.reply_limit) END,
                            CASE WHEN NOT EXISTS (SELECT 1 FROM @extschema@.assignment a
                                                  WHERE a.order_no = o.order_no AND a.closed_at IS NULL)
                                 THEN o.reply_due END) AS new_reply,
                   CASE WHEN o.callback_limit IS NOT NULL
                        THEN @extschema@.deadline(w.calendar, o.callback_from, o.callback_limit) ELSE o.callback_due END AS new_callback
            FROM @extschema@.work_order o
            JOIN @extschema@.workflow w ON w.name = o.workflow
            WHERE o.closed_at IS NULL
              AND (o.order_no = ANY (orders)
                   OR (w.calendar = ANY (affected)
                       AND (ch.last_day IS NULL
                            OR (o.dispatch_due >= ch.first_day AND o.dispatch_from < ch.last_day + 1)
                            OR (o.reply_due >= ch.first_day AND o.reply_from < ch.last_day + 1)
                            OR (o.callback_due >= ch.first_day AND o.callback_from < ch.last_day + 1))))
            FOR NO KEY UPDATE OF o
        ), moved AS (
            UPDATE @extschema@.work_order o
            SET dispatch_due = c.new_dispatch, reply_due = c.new_reply, callback_due = c.new_callback,
                updated_at = pg_catalog.now()
            FROM candidate c
            WHERE o.order_no = c.order_no
              AND (c.new_dispatch IS DISTINCT FROM c.dispatch_due OR c.new_reply IS DISTINCT FROM c.reply_due
                   OR c.new_callback IS DISTINCT FROM c.callback_due)
            RETURNING c.*
        ), ev AS (
            SELECT @extschema@.record_event(m.order_no, NULL, 'hotline.recompute_deadlines', 'system', 'deadline_recomputed',
                   m.state, m.state, 'calendar ' || ch.calendar || ' changed',
                   jsonb_strip_nulls(jsonb_build_object('calendar', ch.calendar, 'change', ch.id,
                       'first_day', ch.first_day, 'last_day', ch.last_day,
                       'dispatch_due_before', CASE WHEN m.new_dispatch IS DISTINCT FROM m.dispatch_due THEN m.dispatch_due END,
                       'dispatch_due_after', CASE WHEN m.new_dispatch IS DISTINCT FROM m.dispatch_due THEN m.new_dispatch END,
                       'reply_due_before', CASE WHEN m.new_reply IS DISTINCT FROM m.reply_due THEN m.reply_due END,
                       'reply_due_after', CASE WHEN m.new_reply IS DISTINCT FROM m.reply_due THEN m.new_reply END,
                       'callback_due_before', CASE WHEN m.new_callback IS DISTINCT FROM m.callback_due THEN m.callback_due END,
                       'callback_due_after', CASE WHEN m.new_callback IS DISTINCT FROM m.callback_due THEN m.new_callback END))) AS event_id
            FROM moved m
        )
        SELECT count(*) INTO n_orders FROM ev;

        UPDATE @extschema@.calendar_change c
        SET done_at = pg_catalog.now(),
            result = jsonb_build_object('assignments_moved', n_assign, 'orders_moved', n_orders)
        WHERE c.id = ch.id;
        total := total + n_assign;
        total_orders := total_orders + n_orders;
        changes := changes + 1;
    END LOOP;
    result := jsonb_build_object('changes', changes, 'assignments_moved', total, 'orders_moved', total_orders);
    PERFORM @extschema@.log_job_run('recompute_deadlines', started, result);
    RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.recompute_deadlines(integer) IS
    'job: computes again, from their limits, the deadlines of open assignments and orders whose period a queued calendar change touches (an order''s reply deadline stays the latest of its open assignments'', a sub-unit''s never after its parent''s), and records each change on the order; returns what it did';

DROP FUNCTION @extschema@.alarm_text(text, text, @extschema@.order_no, text, timestamptz, integer, text);

-- supervision reasons and methods: tables
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

ALTER TABLE @extschema@.supervision DROP CONSTRAINT supervision_reason_check,
    DROP CONSTRAINT supervision_method_check,
    ADD FOREIGN KEY (reason) REFERENCES @extschema@.supervision_reason (reason) ON UPDATE CASCADE,
    ADD FOREIGN KEY (method) REFERENCES @extschema@.supervision_method (method) ON UPDATE CASCADE;
ALTER TABLE @extschema@.supervision_record DROP CONSTRAINT supervision_record_method_check,
    ADD FOREIGN KEY (method) REFERENCES @extschema@.supervision_method (method) ON UPDATE CASCADE;
COMMENT ON COLUMN @extschema@.supervision.reason IS 'why: a row of hotline.supervision_reason (emergency, repeat, notice, manual ...)';
COMMENT ON COLUMN @extschema@.supervision.method IS 'how: a row of hotline.supervision_method (phone, sms, written_notice, on_site, meeting) (R-5.3)';

CREATE OR REPLACE FUNCTION @extschema@.escalation_check_settings() RETURNS trigger
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

CREATE OR REPLACE FUNCTION @extschema@.supervision_check_method(method text) RETURNS void
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

CREATE OR REPLACE FUNCTION @extschema@.record_supervision(
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

CREATE OR REPLACE FUNCTION @extschema@.close_supervision(
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

CREATE OR REPLACE FUNCTION @extschema@.repeat_join(o @extschema@.work_order, r @extschema@.escalation_rule, kind text,
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

CREATE FUNCTION @extschema@.bad_handling_counts(reason_settings jsonb, action text, params jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT coalesce($1 -> 'actions' ? $2, false)
   AND (NOT $1 ? 'params'
        OR EXISTS (SELECT 1 FROM jsonb_array_elements_text($1 -> 'params') p WHERE $3 ->> p = $1 ->> 'value'))
$$;
COMMENT ON FUNCTION @extschema@.bad_handling_counts(jsonb, text, jsonb) IS
    'internal: whether an action with these parameters counts for a reason of a bad-handling rule (its settings for the reason)';

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

REVOKE ALL ON FUNCTION @extschema@.bad_handling_counts(jsonb, text, jsonb) FROM PUBLIC;

-- the jobs read the workflow's settings
CREATE FUNCTION @extschema@.job_workflow_setting(workflow text, setting text) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v jsonb := @extschema@.workflow_setting_value($1, $2);
    bad text;
BEGIN
    IF v IS NULL THEN
        RETURN NULL;
    END IF;
    BEGIN
        IF jsonb_typeof(v) <> 'object' THEN
            bad := 'it must be a JSON object';
        ELSIF $2 = 'callback_sampling' THEN
            IF coalesce(v ->> 'state', '') = '' OR coalesce(v ->> 'close_action', '') = ''
               OR coalesce(v ->> 'message', '') = '' OR coalesce(v ->> 'recipient_user', '') = '' THEN
                bad := 'it needs state, close_action, message and recipient_user (texts)';
            ELSIF v ? 'share' AND NOT coalesce((v ->> 'share')::double precision BETWEEN 0 AND 1, false) THEN
                bad := 'share must be a number from 0 to 1';
            END IF;
        ELSIF $2 = 'archiving' THEN
            IF jsonb_typeof(v -> 'states') IS DISTINCT FROM 'array' OR jsonb_array_length(v -> 'states') = 0
               OR coalesce(v ->> 'action', '') = '' THEN
                bad := 'it needs states (an array of order states) and action (a text)';
            ELSIF v ? 'after' AND NOT coalesce((v ->> 'after')::interval >= interval '0', false) THEN
                bad := 'after must be an interval of at least 0, e.g. "7 days"';
            END IF;
        END IF;
    EXCEPTION WHEN invalid_text_representation OR invalid_datetime_format OR datetime_field_overflow THEN
        bad := format('a value has the wrong type (%s)', SQLERRM);
    END;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'invalid setting % of workflow "%": %', $2, $1, bad
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The setting is %s.', v),
                  HINT = CASE $2 WHEN 'callback_sampling'
                             THEN 'Write e.g. {"state": "visited", "close_action": "finish", "message": "quality_check", "recipient_user": "quality_team"}: the state, the action and the message of the workflow.'
                             ELSE 'Write e.g. {"states": ["done"], "action": "file"}: the states and the action of the workflow.' END;
    END IF;
    RETURN v;
END $$;
COMMENT ON FUNCTION @extschema@.job_workflow_setting(text, text) IS
    'internal: a workflow''s setting callback_sampling or archiving, checked (22023 naming what is wrong); NULL when the workflow does not declare it';
REVOKE ALL ON FUNCTION @extschema@.job_workflow_setting(text, text) FROM PUBLIC;

CREATE OR REPLACE FUNCTION @extschema@.sample_callbacks(share double precision DEFAULT NULL, batch integer DEFAULT 1000)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_column
DECLARE
    started timestamptz := pg_catalog.clock_timestamp();
    the_share double precision := sample_callbacks.share;
    setting text;
    o record;
    n_examined integer := 0;
    n_sampled integer := 0;
    n_closed integer := 0;
    n_failed integer := 0;
    errors jsonb := '[]';
    result jsonb;
BEGIN
    IF the_share IS NULL THEN
        setting := pg_catalog.current_setting('hotline.callback_share', true);
        BEGIN
            the_share := coalesce(nullif(setting, '')::double precision, 1.0);
        EXCEPTION WHEN invalid_text_representation THEN
            RAISE EXCEPTION 'invalid value for setting hotline.callback_share: "%"', setting
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Set hotline.callback_share to a number from 0 to 1, e.g. 0.3 to call back 30% of handled orders.';
        END;
    END IF;
    IF NOT (the_share >= 0 AND the_share <= 1) THEN     -- NaN too
        RAISE EXCEPTION 'the callback share must be between 0 and 1, not %', the_share
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = '1 calls back every handled order, 0 none (R-7.1).',
                  HINT = 'Pass share => 0.3 to call back 30% of the orders, or NULL for hotline.callback_share.';
    END IF;
    PERFORM @extschema@.job_check_batch(sample_callbacks.batch);

    IF NOT @extschema@.job_try_lock('sample_callbacks') THEN
        RETURN @extschema@.job_skipped('sample_callbacks');
    END IF;

    -- Orders waiting in the state a workflow's setting callback_sampling
    -- names, not decided yet, of every workflow that declares it and whose
    -- system role may close them from there (R-7.1).  An order someone is
    -- acting on right now is skipped and taken by the next run.
    FOR o IN
        SELECT w.order_no, w.callback_due, w.workflow, s.cfg
        FROM (SELECT f.name, @extschema@.job_workflow_setting(f.name, 'callback_sampling') AS cfg
              FROM @extschema@.workflow f) s
        JOIN @extschema@.work_order w ON w.workflow = s.name
        WHERE s.cfg IS NOT NULL
          AND w.state = s.cfg ->> 'state' AND w.callback_sampled IS NULL AND w.closed_at IS NULL
          AND EXISTS (SELECT FROM @extschema@.workflow_action a
                      WHERE a.workflow = w.workflow AND a.action = s.cfg ->> 'close_action'
                        AND w.state = ANY (a.from_states) AND 'system' = ANY (a.roles))
        ORDER BY w.order_no
        LIMIT sample_callbacks.batch
        FOR NO KEY UPDATE OF w SKIP LOCKED
    LOOP
        n_examined := n_examined + 1;
        BEGIN
            IF @extschema@.callback_sample_point(o.order_no)
               < coalesce(sample_callbacks.share, (o.cfg ->> 'share')::double precision, the_share) THEN
                -- sampled: it stays in the callback queue with its
                -- callback_due; the callback agents get a task, in the
                -- workflow's words, the time on the workflow's calendar
                UPDATE @extschema@.work_order SET callback_sampled = true WHERE order_no = o.order_no;
                PERFORM @extschema@.outbox_add(ARRAY[ROW(o.order_no, NULL, NULL, o.cfg ->> 'recipient_user', 'system',
                    o.cfg ->> 'message',
                    pg_catalog.jsonb_build_object('order_no', o.order_no::text, 'callback_due', o.callback_due,
                        'text', @extschema@.render_message(o.workflow, o.cfg ->> 'message', NULL,
                                    pg_catalog.jsonb_build_object('order_no', o.order_no::text, 'due_at', o.callback_due))),
                    (o.cfg ->> 'message') || ':' || o.order_no::text, NULL)::@extschema@.outbox_message]);
                n_sampled := n_sampled + 1;
            ELSE
                UPDATE @extschema@.work_order SET callback_sampled = false WHERE order_no = o.order_no;
                PERFORM @extschema@.apply_action(o.order_no, o.cfg ->> 'close_action', 'system', 'system',
                    pg_catalog.jsonb_build_object('reason',
                        @extschema@.render_message(o.workflow, (o.cfg ->> 'message') || '.not_sampled', NULL, '{}')));
                n_closed := n_closed + 1;
            END IF;
        EXCEPTION WHEN OTHERS THEN
            -- one order that cannot be handled does not stop the others; it
            -- stays undecided, so the next run tries it again
            n_failed := n_failed + 1;
            IF pg_catalog.jsonb_array_length(errors) < 10 THEN
                errors := errors || pg_catalog.jsonb_build_object('order_no', o.order_no::text,
                                                                  'sqlstate', SQLSTATE, 'message', SQLERRM);
            END IF;
        END;
    END LOOP;

    result := pg_catalog.jsonb_build_object(
        'job', 'sample_callbacks', 'share', the_share, 'examined', n_examined,
        'sampled', n_sampled, 'closed', n_closed, 'failed', n_failed,
        'more', n_examined = sample_callbacks.batch);
    IF n_failed > 0 THEN
        result := result || pg_catalog.jsonb_build_object('errors', errors);
        RAISE WARNING 'hotline.sample_callbacks: % orders could not be handled', n_failed
            USING DETAIL = format('The first: %s.', errors -> 0),
                  HINT = 'They stay undecided and are tried again by the next run; hotline.job_run keeps the errors.';
    END IF;
    PERFORM @extschema@.log_job_run('sample_callbacks', started, result);
    RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.sample_callbacks(double precision, integer) IS
    'job sample_callbacks (R-7.1): decides for up to batch orders in the state each workflow''s setting callback_sampling names whether they are called back (share, default the workflow''s own, else hotline.callback_share; by a hash of the order number): sampled orders keep their callback_due and the setting''s recipients get its message, the others are closed by its close_action; returns the counts';

DROP INDEX @extschema@.work_order_archive_due_idx;
CREATE INDEX work_order_closed_idx ON @extschema@.work_order (state, closed_at)
    WHERE closed_at IS NOT NULL;

CREATE OR REPLACE FUNCTION @extschema@.archive_closed(after interval DEFAULT NULL, batch integer DEFAULT 1000)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, @extschema@, pg_temp
SET IntervalStyle = postgres    -- "7 days" in the result and the messages, whatever the session's style
AS $$
#variable_conflict use_column
DECLARE
    started timestamptz := pg_catalog.clock_timestamp();
    the_after interval := archive_closed.after;
    o record;
    n_examined integer := 0;
    n_archived integer := 0;
    n_failed integer := 0;
    errors jsonb := '[]';
    result jsonb;
BEGIN
    IF the_after IS NULL THEN
        the_after := @extschema@.job_setting_interval('hotline.archive_after', interval '7 days');
    ELSIF the_after < interval '0' THEN
        RAISE EXCEPTION 'the archive delay must not be negative: %', the_after
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Orders are archived when they have been closed longer than this (R-8.1).',
                  HINT = 'Pass after => ''7 days'', or NULL for hotline.archive_after.';
    END IF;
    PERFORM @extschema@.job_check_batch(archive_closed.batch);

    IF NOT @extschema@.job_try_lock('archive') THEN
        RETURN @extschema@.job_skipped('archive');
    END IF;

    -- orders in the states a workflow's setting archiving names, closed
    -- long enough ago (its own "after", else the delay given), of every
    -- workflow that declares it and whose system role may archive them
    FOR o IN
        SELECT w.order_no, s.cfg ->> 'action' AS action
        FROM (SELECT f.name, @extschema@.job_workflow_setting(f.name, 'archiving') AS cfg
              FROM @extschema@.workflow f) s
        JOIN @extschema@.work_order w ON w.workflow = s.name
        WHERE s.cfg IS NOT NULL
          AND w.state IN (SELECT pg_catalog.jsonb_array_elements_text(s.cfg -> 'states'))
          AND w.closed_at < pg_catalog.now() - coalesce(archive_closed.after, (s.cfg ->> 'after')::interval, the_after)
          AND EXISTS (SELECT FROM @extschema@.workflow_action a
                      WHERE a.workflow = w.workflow AND a.action = s.cfg ->> 'action'
                        AND w.state = ANY (a.from_states) AND 'system' = ANY (a.roles))
        ORDER BY w.closed_at, w.order_no
        LIMIT archive_closed.batch
        FOR NO KEY UPDATE OF w SKIP LOCKED
    LOOP
        n_examined := n_examined + 1;
        BEGIN
            PERFORM @extschema@.apply_action(o.order_no, o.action, 'system', 'system');
            n_archived := n_archived + 1;
        EXCEPTION WHEN OTHERS THEN
            n_failed := n_failed + 1;
            IF pg_catalog.jsonb_array_length(errors) < 10 THEN
                errors := errors || pg_catalog.jsonb_build_object('order_no', o.order_no::text,
                                                                  'sqlstate', SQLSTATE, 'message', SQLERRM);
            END IF;
        END;
    END LOOP;

    result := pg_catalog.jsonb_build_object(
        'job', 'archive', 'after', the_after::text, 'examined', n_examined,
        'archived', n_archived, 'failed', n_failed, 'more', n_examined = archive_closed.batch);
    IF n_failed > 0 THEN
        result := result || pg_catalog.jsonb_build_object('errors', errors);
        RAISE WARNING 'hotline.archive_closed: % orders could not be archived', n_failed
            USING DETAIL = format('The first: %s.', errors -> 0),
                  HINT = 'They stay closed and are tried again by the next run; hotline.job_run keeps the errors.';
    END IF;
    PERFORM @extschema@.log_job_run('archive', started, result);
    RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.archive_closed(interval, integer) IS
    'job archive (R-8.1): archives up to batch orders in the states each workflow''s setting archiving names, closed longer than after (default: the workflow''s own, else hotline.archive_after), through the action it names; returns the counts';

CREATE FUNCTION @extschema@.job_default_schedule(job text) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
SELECT (@extschema@.job_check($1)).default_schedule
$$;
COMMENT ON FUNCTION @extschema@.job_default_schedule(text) IS
    'the default schedule of a job (hotline.job.default_schedule); raises 42704 for an unknown job';

CREATE OR REPLACE FUNCTION @extschema@.schedule_jobs(
    sweep               text DEFAULT @extschema@.job_default_schedule('sweep'),
    recompute_deadlines text DEFAULT @extschema@.job_default_schedule('recompute_deadlines'),
    sample_callbacks    text DEFAULT @extschema@.job_default_schedule('sample_callbacks'),
    archive             text DEFAULT @extschema@.job_default_schedule('archive'),
    cron_connection     text DEFAULT NULL)
RETURNS TABLE (job text, schedule text, action text, cron_job_name text, cron_job_id bigint, cron_database text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    wanted jsonb;
BEGIN
    -- the four named jobs as asked; a job of your own in the registry at
    -- its default schedule
    SELECT pg_catalog.jsonb_object_agg(r.name, r.default_schedule) INTO wanted
    FROM @extschema@.job r WHERE NOT r.builtin;
    wanted := coalesce(wanted, '{}') || pg_catalog.jsonb_build_object(
        'sweep', schedule_jobs.sweep, 'recompute_deadlines', schedule_jobs.recompute_deadlines,
        'sample_callbacks', schedule_jobs.sample_callbacks, 'archive', schedule_jobs.archive);
    -- one schedule_jobs at a time per database: two at once would make the
    -- same pg_cron jobs twice over dblink
    PERFORM pg_catalog.pg_advisory_xact_lock(1752134764, 0);
    RETURN QUERY SELECT * FROM @extschema@.cron_sync(wanted, schedule_jobs.cron_connection);
END $$;
COMMENT ON FUNCTION @extschema@.schedule_jobs(text, text, text, text, text) IS
    'schedules the hotline''s jobs in pg_cron as hotline.<job>@<database> (NULL: that job is not scheduled, and unscheduled if it was); running it again replaces the schedules; from a database other than cron.database_name through dblink (cron_connection: a connection string or foreign server name, default hotline.cron_connection or the local server); returns what it did per job';

-- the job's description names no workflow's state
UPDATE @extschema@.job SET description = 'callback sampling (回访抽样): all or a share of the orders each workflow''s setting callback_sampling names get a callback task, the others are closed (R-7.1)'
WHERE name = 'sample_callbacks';

-- Bad-handling rules of 0.1.0 counted the 12345 actions: their settings
-- name them now (returns -> returned, send_backs -> sent_back,
-- dissatisfied -> dissatisfied)
UPDATE @extschema@.workflow_escalation e
SET settings = (SELECT coalesce(jsonb_object_agg(x.reason, x.cfg), '{}') FROM (
        SELECT 'returned' AS reason, jsonb_build_object('actions', '["return_order"]'::jsonb,
               'threshold', e.settings -> 'returns', 'unit', 'assignment') AS cfg
        WHERE e.settings ? 'returns'
        UNION ALL
        SELECT 'sent_back', jsonb_build_object('actions', '["send_back", "callback_redo"]'::jsonb,
               'threshold', e.settings -> 'send_backs')
        WHERE e.settings ? 'send_backs'
        UNION ALL
        SELECT 'dissatisfied', jsonb_build_object('actions', '["callback", "callback_redo"]'::jsonb,
               'threshold', e.settings -> 'dissatisfied',
               'params', '["process_satisfaction", "result_satisfaction"]'::jsonb, 'value', 'dissatisfied')
        WHERE e.settings ? 'dissatisfied') x)
WHERE e.kind = 'bad_handling' AND e.settings ?| ARRAY['returns', 'send_backs', 'dissatisfied'];

-- The 12345 workflow's new settings and its message texts, as
-- hotline.register_workflow writes them (workflows/12345_appeal.sql)
INSERT INTO @extschema@.workflow_setting (workflow, setting, value, builtin, description) VALUES
    ('appeal_12345', 'language', '"zh"'::jsonb, true,
     'the language of the workflow''s messages to its own staff, and to units whose language it has no text in'),
    ('appeal_12345', 'callback_sampling', '{"state": "reviewed", "close_action": "close", "message": "callback_task", "recipient_user": "callback_agents"}'::jsonb, true,
     '回访抽样 (R-7.1): hotline.sample_callbacks samples reviewed orders; the others are closed; the callback agents get a callback_task'),
    ('appeal_12345', 'archiving', '{"states": ["closed", "answered"], "action": "archive"}'::jsonb, true,
     '归档 (R-8.1): hotline.archive_closed archives closed (办结) and directly answered (直接办理) orders through the action archive');
INSERT INTO @extschema@.workflow_message (workflow, message, language, template, builtin) VALUES
    ('appeal_12345', 'team', 'zh', '热线', true),
    ('appeal_12345', 'remind', 'zh', '【12345热线】提醒：{unit}承办的工单{order_no}将于{due_at}到期，请抓紧办理并答复。', true),
    ('appeal_12345', 'remind_sign', 'zh', '【12345热线】提醒：请{unit}于{due_at}前签收工单{order_no}。', true),
    ('appeal_12345', 'remind_dispatch', 'zh', '【12345热线】提醒：工单{order_no}须于{due_at}前派单。', true),
    ('appeal_12345', 'remind_callback', 'zh', '【12345热线】提醒：工单{order_no}须于{due_at}前回访。', true),
    ('appeal_12345', 'hasten', 'zh', '【12345热线】催办：{unit}承办的工单{order_no}已于{due_at}超期，第{n}次催办，请立即办理并答复。', true),
    ('appeal_12345', 'hasten_sign', 'zh', '【12345热线】催办：{unit}应于{due_at}前签收工单{order_no}，现已超期，第{n}次催办，请立即签收。', true),
    ('appeal_12345', 'hasten_dispatch', 'zh', '【12345热线】催办：工单{order_no}应于{due_at}前派单，现已超期，第{n}次催办，请立即派单。', true),
    ('appeal_12345', 'hasten_callback', 'zh', '【12345热线】催办：工单{order_no}应于{due_at}前回访，现已超期，第{n}次催办，请立即回访。', true),
    ('appeal_12345', 'notice', 'zh', '【12345热线】通报：{unit}承办的工单{order_no}已于{due_at}超期，经{n}次催办仍未办结。', true),
    ('appeal_12345', 'supervise', 'zh', '工单 {order_no} 已列入督办 ({reason})', true),
    ('appeal_12345', 'emergency', 'zh', '突发事件报告: 工单 {order_no} ({emergency_kind}) {description}', true),
    ('appeal_12345', 'emergency_note', 'zh', '突发事件 ({emergency_kind}): 已报告 {recipients}', true),
    ('appeal_12345', 'repeat.one_person', 'zh', '一人多次: 工单 {order_no} 与 {others} 件同一市民同类诉求归为一组 (第 {group_id} 组), 可并入 {carrier}', true),
    ('appeal_12345', 'repeat.one_matter', 'zh', '一事多人: 工单 {order_no} 与 {others} 件同地同类诉求归为一组 (第 {group_id} 组), 可并入 {carrier}', true),
    ('appeal_12345', 'repeat_note.one_person', 'zh', '一人多次: 同一市民 {members} 件同类诉求 (第 {group_id} 组)', true),
    ('appeal_12345', 'repeat_note.one_matter', 'zh', '一事多人: {members} 件同地同类诉求 (第 {group_id} 组)', true),
    ('appeal_12345', 'bad_handling.returned', 'zh', '退单 {n} 次', true),
    ('appeal_12345', 'bad_handling.sent_back', 'zh', '发回重办 {n} 次', true),
    ('appeal_12345', 'bad_handling.dissatisfied', 'zh', '回访不满意 {n} 次', true),
    ('appeal_12345', 'callback_task', 'zh', '【12345热线】回访任务：工单{order_no}已抽中回访，请于{due_at}前回访诉求人。', true),
    ('appeal_12345', 'callback_task.not_sampled', 'zh', '未抽中回访 (not sampled for callback, R-7.1)', true);
