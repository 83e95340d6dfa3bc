-- ---------------------------------------------------------------------
-- Message texts are data of the workflow (R-14.2): a template per
-- workflow, message key and language, with named placeholders ({order_no},
-- {due_at} ...).  The message key is the template key of the outbox row
-- (an escalation rule's template: remind, hasten, hasten_dispatch ...; or
-- one the domain names: notice, supervise, emergency, repeat.one_person,
-- callback_task ...).  hotline.render_message fills one in, in the
-- recipient's language (a unit's language; the workflow's language,
-- setting "language", for everyone else and when the unit's is missing),
-- times ({..._at}) in the zone of the calendar the deadline is counted on.
-- ---------------------------------------------------------------------

-- the placeholders a template may use: the one list the check of stored
-- templates reads
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

-- a template names only known placeholders
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

-- the template in force of the first of the message keys the workflow has,
-- in the language (else the workflow's language); yours before the
-- built-in one; NULL when there is none.  The message functions are
-- PL/pgSQL, which keeps their plans: SQL functions with a SET clause are
-- never inlined and were planned again at every call, four plannings per
-- message rendered (issue 9).
CREATE FUNCTION @extschema@.message_template(workflow text, messages text[], language text) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN (SELECT m.template
            FROM @extschema@.workflow_message m
            WHERE m.workflow = message_template.workflow AND m.message = ANY (message_template.messages)
              AND m.language IN (message_template.language,
                                 @extschema@.workflow_setting_value(message_template.workflow, 'language') #>> '{}')
            ORDER BY array_position(message_template.messages, m.message),
                     m.language IS DISTINCT FROM message_template.language, m.builtin
            LIMIT 1);
END $$;
COMMENT ON FUNCTION @extschema@.message_template(text, text[], text) IS
    'internal: the template of the first message key the workflow has, in the language or else the workflow''s language, yours before the built-in one; NULL when none';

-- fills a template: {name} by values ->> name; a name ending in _at is a
-- time, shown as YYYY-MM-DD HH24:MI in the zone given; a value missing is
-- empty
CREATE FUNCTION @extschema@.message_fill(template text, vals jsonb, time_zone text) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN (SELECT string_agg(CASE WHEN x.m[2] IS NULL THEN x.m[1]
                                   WHEN x.m[2] ~ '_at$'
                                   THEN to_char(timezone(message_fill.time_zone, (message_fill.vals ->> x.m[2])::timestamptz),
                                                'YYYY-MM-DD HH24:MI')
                                   ELSE coalesce(message_fill.vals ->> x.m[2], '') END, '' ORDER BY x.n)
            FROM regexp_matches(message_fill.template, '([^{]+|\{([a-z][a-z0-9_]*)\}|\{)', 'g') WITH ORDINALITY AS x(m, n));
END $$;
COMMENT ON FUNCTION @extschema@.message_fill(text, jsonb, text) IS
    'internal: a template with its placeholders filled from a JSON object, times (names ending in _at) in the zone given';

-- hotline.render_message(workflow, message, language, values, calendar,
-- fallback): the one renderer of message texts.  The template of message
-- (else of fallback) in the language (else the workflow's), filled from
-- values; times in the zone of calendar (the calendar the deadline is
-- counted on: the unit's for a unit's message, else the workflow's).  A
-- workflow without a text for the message (one registered before texts
-- were data, say) still gets its message out: the key and the values,
-- "<message>: {...}", rather than a sweep or an action that fails.
CREATE FUNCTION @extschema@.render_message(workflow text, message text, language text, vals jsonb,
                                           calendar text DEFAULT NULL, fallback text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN @extschema@.message_fill(
        coalesce(@extschema@.message_template(render_message.workflow, ARRAY[render_message.message, render_message.fallback],
                                              render_message.language),
                 render_message.message || ': ' || pg_catalog.regexp_replace(render_message.vals::text, '[{}]', '', 'g')),
        render_message.vals,
        (SELECT c.time_zone FROM @extschema@.calendar c
         WHERE c.name = coalesce(render_message.calendar,
                                 (SELECT w.calendar FROM @extschema@.workflow w WHERE w.name = render_message.workflow))));
END $$;
COMMENT ON FUNCTION @extschema@.render_message(text, text, text, jsonb, text, text) IS
    'the text of a workflow''s message (R-14.2): its template (or fallback''s) in the language, else the workflow''s language, filled from values; times in the zone of calendar (default the workflow''s); without a template, the key and the values';
