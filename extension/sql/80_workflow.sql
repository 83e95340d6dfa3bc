-- Workflows are data (R-14.2): states, actions (who may do them, from which
-- states, to which state, which parameters), time limits, and hook
-- functions.  The engine (engine.c) reads them; it has no process-specific
-- code.  Plugins in workflows/ register themselves with
-- hotline.register_workflow(definition jsonb).

CREATE FUNCTION @extschema@.creating_extension() RETURNS boolean
    AS 'MODULE_PATHNAME', 'hotline_creating_extension' LANGUAGE C STABLE;
COMMENT ON FUNCTION @extschema@.creating_extension() IS
    'internal: true while CREATE or ALTER EXTENSION runs (built-in rows are written only then)';

CREATE TABLE @extschema@.workflow (
    name            text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]*$'),
    description     text NOT NULL,
    initial_state   text NOT NULL,
    calendar        text NOT NULL DEFAULT 'cn' REFERENCES @extschema@.calendar (name) ON UPDATE CASCADE,
    version         integer NOT NULL DEFAULT 1,
    builtin         boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.workflow IS 'workflow plugins (R-14.2): one row per process, e.g. appeal_12345';
COMMENT ON COLUMN @extschema@.workflow.calendar IS 'the calendar of the hotline centre''s own limits (a unit''s limits use the unit''s calendar)';

CREATE TABLE @extschema@.workflow_state (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    scope           text NOT NULL CHECK (scope IN ('order', 'assignment')),
    state           text NOT NULL CHECK (state ~ '^[a-z][a-z0-9_]*$'),
    terminal        boolean NOT NULL DEFAULT false,
    description     text NOT NULL,
    PRIMARY KEY (workflow, scope, state)
);
COMMENT ON TABLE @extschema@.workflow_state IS
    'the states of a workflow''s orders and of their assignments (one per handling unit)';

CREATE TABLE @extschema@.workflow_action (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    action          text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_]*$'),
    scope           text NOT NULL CHECK (scope IN ('order', 'assignment')),
    from_states     text[] NOT NULL CHECK (pg_catalog.cardinality(from_states) > 0),
    to_state        text,
    roles           text[] NOT NULL CHECK (pg_catalog.cardinality(roles) > 0),
    required_params text[] NOT NULL DEFAULT '{}',
    reason_required boolean NOT NULL DEFAULT false,
    effects         jsonb NOT NULL DEFAULT '{}' CHECK (pg_catalog.jsonb_typeof(effects) = 'object'),
    description     text NOT NULL,
    PRIMARY KEY (workflow, action)
);
COMMENT ON TABLE @extschema@.workflow_action IS
    'what may be done to an order or an assignment: by which roles, from which states, to which state';
COMMENT ON COLUMN @extschema@.workflow_action.to_state IS 'NULL: the state does not change (e.g. a note, a hastening)';
COMMENT ON COLUMN @extschema@.workflow_action.from_states IS
    'states the action may start from; ''new'' for actions that create the order (accept, reject, answer)';
COMMENT ON COLUMN @extschema@.workflow_action.effects IS
    'generic engine effects (engine.c): assign, set_due, close_assignment, reopen_assignments, order_state, order_state_when_all, close_order, archive_order, merge_into';

CREATE TABLE @extschema@.workflow_limit (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    deadline        text NOT NULL CHECK (deadline ~ '^[a-z][a-z0-9_]*$'),
    dispatch_mode   text,
    urgency         @extschema@.urgency,
    appeal_type     @extschema@.appeal_type,
    time_limit      @extschema@.time_limit NOT NULL,
    builtin         boolean NOT NULL DEFAULT false,
    UNIQUE NULLS NOT DISTINCT (workflow, deadline, dispatch_mode, urgency, appeal_type, builtin)
);
COMMENT ON TABLE @extschema@.workflow_limit IS
    'time limits of a workflow (R-4.3), per deadline (dispatch, sign, reply, callback ...), dispatch mode, urgency and appeal type; the most specific row wins, and a row of your own wins over a built-in one';
COMMENT ON COLUMN @extschema@.workflow_limit.builtin IS
    'shipped with a built-in workflow; read-only: add a row of your own with the same keys to change the limit';

CREATE TABLE @extschema@.workflow_hook (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    action          text NOT NULL,
    timing          text NOT NULL CHECK (timing IN ('before', 'after')),
    function        regprocedure NOT NULL,
    position        integer NOT NULL DEFAULT 0,
    PRIMARY KEY (workflow, action, timing, function),
    FOREIGN KEY (workflow, action) REFERENCES @extschema@.workflow_action (workflow, action) ON DELETE CASCADE
);
COMMENT ON TABLE @extschema@.workflow_hook IS
    'functions (any language) called before or after an action with the order number, assignment, action and parameters';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_state',
    'WHERE workflow IN (SELECT name FROM hotline.workflow WHERE NOT builtin)');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_action',
    'WHERE workflow IN (SELECT name FROM hotline.workflow WHERE NOT builtin)');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_limit', 'WHERE NOT builtin');

-- built-in rows are read-only outside CREATE/ALTER EXTENSION (as calendars)
CREATE TRIGGER workflow_protect BEFORE UPDATE OR DELETE ON @extschema@.workflow
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_builtin BEFORE INSERT OR UPDATE ON @extschema@.workflow
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_limit_protect BEFORE UPDATE OR DELETE ON @extschema@.workflow_limit
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_limit_builtin BEFORE INSERT OR UPDATE ON @extschema@.workflow_limit
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_hook',
    'WHERE workflow IN (SELECT name FROM hotline.workflow WHERE NOT builtin)');

-- the engine caches action definitions per backend (engine.c): a change of
-- these tables tells every backend to read them again
CREATE FUNCTION @extschema@.workflow_invalidate() RETURNS trigger
    AS 'MODULE_PATHNAME', 'hotline_workflow_invalidate' LANGUAGE C;
COMMENT ON FUNCTION @extschema@.workflow_invalidate() IS
    'internal: statement trigger that invalidates the engine''s cached workflow definitions in every session';
CREATE TRIGGER workflow_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON @extschema@.workflow FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.workflow_invalidate();
CREATE TRIGGER workflow_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON @extschema@.workflow_action FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.workflow_invalidate();
CREATE TRIGGER workflow_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON @extschema@.workflow_hook FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.workflow_invalidate();

REVOKE ALL ON @extschema@.workflow, @extschema@.workflow_state, @extschema@.workflow_action,
    @extschema@.workflow_limit, @extschema@.workflow_hook FROM PUBLIC;
GRANT SELECT ON @extschema@.workflow, @extschema@.workflow_state, @extschema@.workflow_action,
    @extschema@.workflow_limit, @extschema@.workflow_hook TO PUBLIC;

-- hotline.register_workflow(definition): one call registers (or replaces) a
-- workflow plugin.  The definition is a JSON object:
--   {"name": "...", "description": "...", "initial_state": "...", "calendar": "cn",
--    "states":  [{"scope": "order"|"assignment", "state": "...", "terminal": false, "description": "..."}],
--    "actions": [{"action": "...", "scope": "order"|"assignment", "from": ["..."], "to": "..." | null,
--                 "roles": ["..."], "params": ["..."], "reason": false, "effects": {...},
--                 "description": "..."}],
--    "limits":  [{"deadline": "reply", "dispatch_mode": "written", "urgency": null,
--                 "appeal_type": null, "time_limit": "7 working days"}],
--    "hooks":   [{"action": "...", "timing": "before"|"after", "function": "schema.fn(hotline.order_no, bigint, text, jsonb)"}]}
-- Orders already in the workflow keep their states; a definition that
-- drops a state they are in is refused.
CREATE FUNCTION @extschema@.register_workflow(definition jsonb) RETURNS text
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
    INSERT INTO @extschema@.workflow AS w (name, description, initial_state, calendar, builtin)
    VALUES (wf, definition ->> 'description', definition ->> 'initial_state',
            coalesce(definition ->> 'calendar', 'cn'), @extschema@.creating_extension())
    ON CONFLICT (name) DO UPDATE
        SET description = EXCLUDED.description, initial_state = EXCLUDED.initial_state,
            calendar = EXCLUDED.calendar, version = w.version + 1;
    DELETE FROM @extschema@.workflow_hook WHERE workflow = wf;
    DELETE FROM @extschema@.workflow_limit WHERE workflow = wf AND builtin = @extschema@.creating_extension();
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

    INSERT INTO @extschema@.workflow_limit (workflow, deadline, dispatch_mode, urgency, appeal_type, time_limit, builtin)
    SELECT wf, l ->> 'deadline', l ->> 'dispatch_mode', (l ->> 'urgency')::@extschema@.urgency,
           (l ->> 'appeal_type')::@extschema@.appeal_type, (l ->> 'time_limit')::@extschema@.time_limit,
           @extschema@.creating_extension()
    FROM jsonb_array_elements(coalesce(definition -> 'limits', '[]')) l;

    INSERT INTO @extschema@.workflow_hook (workflow, action, timing, function, position)
    SELECT wf, h ->> 'action', h ->> 'timing', (h ->> 'function')::regprocedure, o::int
    FROM jsonb_array_elements(coalesce(definition -> 'hooks', '[]')) WITH ORDINALITY AS x(h, o);

    -- every state an action names is a state of the workflow
    SELECT x.st INTO orphan
    FROM (SELECT a.scope, unnest(a.from_states || a.to_state) AS st
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
REVOKE ALL ON FUNCTION @extschema@.register_workflow(jsonb) FROM PUBLIC;
