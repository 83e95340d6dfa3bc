-- Issue 8: workflow definitions are checked when they enter the database
-- (80_workflow.sql, workflow_check.c): the full shape of every effect, a
-- hook's signature, the role a hook runs as and its right to execute it,
-- and no hook's function can be dropped while a workflow uses it.

CREATE FUNCTION @extschema@.workflow_effects_valid(workflow text, action text, scope text, effects jsonb)
RETURNS boolean
AS 'MODULE_PATHNAME', 'hotline_workflow_effects_valid'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.workflow_effects_valid(text, text, text, jsonb) IS
    'internal: true when an action''s effects have the shape the engine reads, else an error naming what is wrong (the CHECK of workflow_action.effects)';

-- the new CHECK validates every stored definition: an action of another
-- shape stops the update with an error naming it (it would have crashed
-- the engine): register it again in the documented shape, then update
ALTER TABLE @extschema@.workflow_action DROP CONSTRAINT workflow_action_effects_check;
-- (NOT VALID here: 82_engine_generic.sql brings the effects of assign and
-- pass_down to today's shape first, then validates it)
ALTER TABLE @extschema@.workflow_action ADD CONSTRAINT workflow_action_effects_check
    CHECK (@extschema@.workflow_effects_valid(workflow, action, scope, effects)) NOT VALID;

ALTER TABLE @extschema@.workflow_hook ADD COLUMN owner regrole NOT NULL DEFAULT CURRENT_USER::regrole;
-- the hook's function by its identity in text: pg_upgrade refuses a
-- regprocedure column (function OIDs are not kept), pg_dump keeps the text
ALTER TABLE @extschema@.workflow_hook ALTER COLUMN function TYPE text
    USING coalesce((pg_catalog.pg_identify_object('pg_catalog.pg_proc'::pg_catalog.regclass, function, 0)).identity,
                   function::text);
COMMENT ON COLUMN @extschema@.workflow_hook.function IS
    'the hook''s function, schema-qualified with its argument types as pg_identify_object names it (written in any form regprocedure reads; text, not regprocedure, so that pg_dump and pg_upgrade keep it)';
COMMENT ON COLUMN @extschema@.workflow_hook.owner IS
    'the role the hook runs as: the role that registered it, which must be allowed to execute it (never the extension''s owner)';

CREATE FUNCTION @extschema@.workflow_hook_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    fn regprocedure := NEW.function::regprocedure;
    p pg_proc;
BEGIN
    NEW.function := (pg_identify_object('pg_proc'::regclass, fn, 0)).identity;
    IF NEW.owner IS DISTINCT FROM CURRENT_USER::regrole AND NOT @extschema@.creating_extension()
       AND NOT (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = CURRENT_USER) THEN
        RAISE EXCEPTION 'hook % of action "%" would run as role %, not as you (%)',
                NEW.function, NEW.action, NEW.owner, CURRENT_USER
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'A hook runs with the rights of the role that registers it.',
                  HINT = 'Leave owner out: it defaults to the current user.';
    END IF;
    SELECT * INTO p FROM pg_proc WHERE oid = fn;
    IF p.prokind <> 'f' OR p.proretset OR p.prorettype <> 'void'::regtype OR p.pronargs <> 4
       OR ARRAY(SELECT unnest(p.proargtypes::oid[])) <> ARRAY['@extschema@.order_no'::regtype, 'bigint'::regtype,
                                        'text'::regtype, 'jsonb'::regtype]::oid[] THEN
        RAISE EXCEPTION 'hook % of action "%" of workflow "%" has the wrong signature',
                NEW.function, NEW.action, NEW.workflow
            USING ERRCODE = 'invalid_function_definition',
                  DETAIL = format('It takes (%s) and returns %s%s.', pg_get_function_identity_arguments(p.oid),
                                  CASE WHEN p.proretset THEN 'a set of ' ELSE '' END, p.prorettype::regtype),
                  HINT = 'Declare a hook as fn(hotline.order_no, bigint, text, jsonb) RETURNS void.';
    END IF;
    IF NOT has_function_privilege(NEW.owner, fn, 'EXECUTE') THEN
        RAISE EXCEPTION 'role % may not execute hook %', NEW.owner, NEW.function
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'A hook runs as the role that registers it, which must be allowed to execute it.',
                  HINT = 'GRANT EXECUTE on the function to that role first.';
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.workflow_hook_check() IS
    'internal: trigger that checks a hook''s signature, its owner and the owner''s right to execute it';
CREATE TRIGGER workflow_hook_check BEFORE INSERT OR UPDATE ON @extschema@.workflow_hook
    FOR EACH ROW EXECUTE FUNCTION @extschema@.workflow_hook_check();

-- 0.1.0 did not record who registered a hook: the hooks of users'
-- workflows run as the owner of their function from now on (the update
-- checks each one's signature on the way); built-in ones as the extension's
-- owner, as in a new installation
UPDATE @extschema@.workflow_hook h SET owner = p.proowner::regrole
FROM pg_catalog.pg_proc p
WHERE p.oid = pg_catalog.to_regprocedure(h.function)
  AND h.workflow IN (SELECT w.name FROM @extschema@.workflow w WHERE NOT w.builtin);
-- A hook whose function a superuser owns would keep running as a superuser,
-- as every hook did in 0.1.0; but 0.1.0 did not record who registered it,
-- and a workflow administrator could have registered a superuser's function
-- (or made its own one a superuser's through a hook): the update stops and
-- names them, rather than carry a superuser's rights over to them.
DO $$
DECLARE
    found text;
BEGIN
    SELECT string_agg(format('%s (action "%s" of workflow "%s")', w.function, w.action, w.workflow), ', '
                      ORDER BY w.workflow, w.action, w.function)
    INTO found
    FROM @extschema@.workflow_hook w
    JOIN pg_catalog.pg_roles r ON r.oid = w.owner
    WHERE r.rolsuper
      AND w.workflow IN (SELECT x.name FROM @extschema@.workflow x WHERE NOT x.builtin);
    IF found IS NOT NULL THEN
        RAISE EXCEPTION 'hooks of users'' workflows whose functions a superuser owns: %', found
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'From 0.2.0 a hook runs as the role that registered it; 0.1.0 did not record that role, and a hook owned by a superuser would run with a superuser''s rights.',
                  HINT = 'Before updating, drop these hooks (DELETE FROM hotline.workflow_hook WHERE ...) or give their functions to the roles that should run them (ALTER FUNCTION ... OWNER TO ...); after the update register the workflows again as those roles.';
    END IF;
END $$;

CREATE FUNCTION @extschema@.workflow_hook_drop() RETURNS event_trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    h record;
BEGIN
    IF pg_catalog.to_regclass('@extschema@.workflow_hook') IS NULL THEN
        RETURN;
    END IF;
    SELECT d.object_identity, w.workflow, w.action INTO h
    FROM pg_event_trigger_dropped_objects() d
    JOIN @extschema@.workflow_hook w ON w.function = d.object_identity
    WHERE d.classid = 'pg_proc'::regclass
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'function % is a hook of action "%" of workflow "%"', h.object_identity, h.action, h.workflow
            USING ERRCODE = 'dependent_objects_still_exist',
                  DETAIL = 'Every action of the workflow calls it.',
                  HINT = 'Register the workflow without the hook first (hotline.register_workflow), then drop the function.';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.workflow_hook_drop() IS
    'internal: event trigger that refuses to drop a function that is a workflow''s hook';
CREATE EVENT TRIGGER hotline_workflow_hook_drop ON sql_drop
    WHEN TAG IN ('DROP FUNCTION', 'DROP ROUTINE', 'DROP SCHEMA', 'DROP OWNED', 'DROP EXTENSION')
    EXECUTE FUNCTION @extschema@.workflow_hook_drop();

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

-- the states, actions and hooks of a built-in workflow are read-only too
-- (they have no builtin column: their workflow's flag decides)
CREATE FUNCTION @extschema@.protect_builtin_workflow() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT @extschema@.creating_extension()
       AND ((TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM @extschema@.workflow w
                                           WHERE w.name = OLD.workflow AND w.builtin))
            OR (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM @extschema@.workflow w
                                              WHERE w.name = NEW.workflow AND w.builtin))) THEN
        RAISE EXCEPTION 'workflow "%" is built in', CASE WHEN TG_OP = 'INSERT' THEN NEW.workflow ELSE OLD.workflow END
            USING ERRCODE = 'restrict_violation',
                  DETAIL = format('Its %s change with extension upgrades.',
                                  CASE TG_TABLE_NAME WHEN 'workflow_state' THEN 'states'
                                                     WHEN 'workflow_action' THEN 'actions' ELSE 'hooks' END),
                  HINT = 'Change its limits, escalation rules and settings with rows of your own, or register your variant under another name.';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
COMMENT ON FUNCTION @extschema@.protect_builtin_workflow() IS
    'internal: trigger that keeps the states, actions and hooks of built-in workflows read-only outside CREATE/ALTER EXTENSION';
CREATE TRIGGER workflow_state_builtin BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.workflow_state
    FOR EACH ROW EXECUTE FUNCTION @extschema@.protect_builtin_workflow();
CREATE TRIGGER workflow_action_builtin BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.workflow_action
    FOR EACH ROW EXECUTE FUNCTION @extschema@.protect_builtin_workflow();
CREATE TRIGGER workflow_hook_builtin BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.workflow_hook
    FOR EACH ROW EXECUTE FUNCTION @extschema@.protect_builtin_workflow();
