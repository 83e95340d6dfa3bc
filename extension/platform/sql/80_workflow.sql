-- Workflows are data (R-14.2): states, actions (who may do them, from which
-- states, to which state, which parameters), time limits, and hook
-- functions.  The engine (engine.c) reads them; it has no process-specific
-- code.  Plugins in workflows/ register themselves with
-- hotline.register_workflow(definition jsonb).

CREATE FUNCTION @extschema@.creating_extension() RETURNS boolean
    AS 'MODULE_PATHNAME', 'hotline_creating_extension' LANGUAGE C STABLE;
COMMENT ON FUNCTION @extschema@.creating_extension() IS
    'internal: true while CREATE or ALTER EXTENSION runs (built-in rows are written only then)';

-- The options of a workflow: rules of its process the engine applies for
-- it (workflow_check.c): one_open_role (the role of which an order has one
-- open assignment at a time), exclude_unit (a unit an order column names
-- that no assignment may go to while another order column has given
-- values).  Column names are checked against the catalog.
CREATE FUNCTION @extschema@.workflow_options_valid(workflow text, options jsonb)
RETURNS boolean
AS 'MODULE_PATHNAME', 'hotline_workflow_options_valid'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.workflow_options_valid(text, jsonb) IS
    'internal: true when a workflow''s options have the shape the engine reads and name existing columns, else an error naming what is wrong (the CHECK of workflow.options)';

CREATE TABLE @extschema@.workflow (
    name            text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]*$'),
    description     text NOT NULL,
    initial_state   text NOT NULL,
    calendar        text NOT NULL DEFAULT 'cn' REFERENCES @extschema@.calendar (name) ON UPDATE CASCADE,
    version         integer NOT NULL DEFAULT 1,
    builtin         boolean NOT NULL DEFAULT false,
    options         jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT workflow_options_check CHECK (@extschema@.workflow_options_valid(name, options))
);
COMMENT ON TABLE @extschema@.workflow IS 'workflow plugins (R-14.2): one row per process, e.g. appeal_12345';
COMMENT ON COLUMN @extschema@.workflow.options IS
    'rules of the process the engine applies (README, Workflow options): one_open_role, exclude_unit';
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

-- The full shape of an action's effects, checked when a definition is
-- stored (workflow_check.c): the engine never reads an effect of another
-- shape.  Raises an error saying what is wrong, or returns true.
CREATE FUNCTION @extschema@.workflow_effects_valid(workflow text, action text, scope text, effects jsonb)
RETURNS boolean
AS 'MODULE_PATHNAME', 'hotline_workflow_effects_valid'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.workflow_effects_valid(text, text, text, jsonb) IS
    'internal: true when an action''s effects have the shape the engine reads, else an error naming what is wrong (the CHECK of workflow_action.effects)';

CREATE TABLE @extschema@.workflow_action (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    action          text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_]*$'),
    scope           text NOT NULL CHECK (scope IN ('order', 'assignment')),
    from_states     text[] NOT NULL CHECK (pg_catalog.cardinality(from_states) > 0),
    to_state        text,
    roles           text[] NOT NULL CHECK (pg_catalog.cardinality(roles) > 0),
    required_params text[] NOT NULL DEFAULT '{}',
    reason_required boolean NOT NULL DEFAULT false,
    effects         jsonb NOT NULL DEFAULT '{}',
    description     text NOT NULL,
    PRIMARY KEY (workflow, action),
    CONSTRAINT workflow_action_effects_check
        CHECK (@extschema@.workflow_effects_valid(workflow, action, scope, effects))
);
COMMENT ON TABLE @extschema@.workflow_action IS
    'what may be done to an order or an assignment: by which roles, from which states, to which state';
COMMENT ON COLUMN @extschema@.workflow_action.to_state IS 'NULL: the state does not change (e.g. a note, a hastening)';
COMMENT ON COLUMN @extschema@.workflow_action.from_states IS
    'states the action may start from; ''new'' for actions that create the order (accept, reject, answer)';
COMMENT ON COLUMN @extschema@.workflow_action.effects IS
    'generic engine effects (engine.c): assign, pass_down, set_due, stamp, close_assignment, extend_due, reopen_assignments, order_state, order_state_when_all, close_order, archive_order, merge_into';

CREATE TABLE @extschema@.workflow_limit (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    deadline        text NOT NULL CHECK (deadline ~ '^[a-z][a-z0-9_]*$'),
    time_limit      @extschema@.time_limit NOT NULL,
    builtin         boolean NOT NULL DEFAULT false,
    conditions      jsonb NOT NULL DEFAULT '{}' CHECK (pg_catalog.jsonb_typeof(conditions) = 'object'),
    UNIQUE (workflow, deadline, conditions, builtin)
);
COMMENT ON TABLE @extschema@.workflow_limit IS
    'time limits of a workflow (R-4.3), per deadline (dispatch, sign, reply, callback ...) and conditions; the row whose conditions match with the most keys wins, and a row of your own wins over a built-in one';
COMMENT ON COLUMN @extschema@.workflow_limit.conditions IS
    'attribute -> value, all of which must hold: matched against the action''s parameters over the assignment (for an assignment''s deadline) over the order row, e.g. {"dispatch_mode": "phone", "urgency": "urgent"}; {} matches anything';
COMMENT ON COLUMN @extschema@.workflow_limit.builtin IS
    'shipped with a built-in workflow; read-only: add a row of your own with the same keys to change the limit';

CREATE TABLE @extschema@.workflow_hook (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    action          text NOT NULL,
    timing          text NOT NULL CHECK (timing IN ('before', 'after')),
    function        text NOT NULL,
    position        integer NOT NULL DEFAULT 0,
    owner           regrole NOT NULL DEFAULT CURRENT_USER::regrole,
    PRIMARY KEY (workflow, action, timing, function),
    FOREIGN KEY (workflow, action) REFERENCES @extschema@.workflow_action (workflow, action) ON DELETE CASCADE
);
COMMENT ON TABLE @extschema@.workflow_hook IS
    'functions (any language) called before or after an action with the order number, assignment, action and parameters';
COMMENT ON COLUMN @extschema@.workflow_hook.function IS
    'the hook''s function, schema-qualified with its argument types as pg_identify_object names it (written in any form regprocedure reads; text, not regprocedure, so that pg_dump and pg_upgrade keep it)';
COMMENT ON COLUMN @extschema@.workflow_hook.owner IS
    'the role the hook runs as: the role that registered it, which must be allowed to execute it (never the extension''s owner)';

-- A hook is fn(hotline.order_no, bigint, text, jsonb) RETURNS void (the
-- engine passes exactly those arguments), and it runs as its owner: the
-- role that registers it, who must be allowed to execute it.  Only a
-- superuser (pg_restore, say) writes a hook of another owner.  The function
-- is kept by its identity (schema.name(types)).
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

-- A hook's function cannot be dropped while a workflow uses it (the row
-- names it, not a dependency PostgreSQL knows of).
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

SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_state',
    'WHERE workflow IN (SELECT name FROM hotline.workflow WHERE NOT builtin)');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_action',
    'WHERE workflow IN (SELECT name FROM hotline.workflow WHERE NOT builtin)');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_limit', 'WHERE NOT builtin');

-- Escalation rules (R-5, R-2.3, R-2.4, R-12.5) are part of a workflow:
--   time rules watch a deadline of the order or of its assignments while
--   the watched object is in one of the rule's states.  A deadline is any
--   column <name>_due (timestamptz) of hotline.assignment or
--   hotline.work_order with <name>_limit (hotline.time_limit) beside it,
--   checked against the catalog when a rule is written
--   (hotline.escalation_due_valid); which of the two it watches is read
--   from the catalog too (hotline.due_table: the assignments' when they
--   have the column, as reply_due, whose order's value is derived from
--   them; else the order's):
--     remind   once, when a share of the allowed working time has passed
--              (share 0.8) or a fixed working time before the deadline
--              (before '1 working day') (R-5.1, R-12.5);
--     hasten   when the deadline has passed, then again every "every" while
--              it stays overdue; at notice_after hastenings a public notice
--              (通报) (R-5.4);
--   event rules run after the actions in on_actions:
--     emergency      an order accepted with an emergency kind (R-2.3);
--     repeat_person  one person many times (一人多次) (R-2.4);
--     repeat_matter  one matter many people (一事多人) (R-2.4);
--     bad_handling   returns, send-backs, dissatisfied callbacks (R-5.2).
--   settings holds what a kind needs beyond that (windows, thresholds,
--   recipients); channel is one of the outbox's (hotline.outbox_channel).
--   A row of your own (builtin false) with the same workflow and rule
--   replaces a built-in rule; enabled false switches it off.
CREATE FUNCTION @extschema@.due_table(due text) RETURNS text
AS 'MODULE_PATHNAME', 'hotline_due_table'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.due_table(text) IS
    'the table whose deadline column due a time rule watches: assignment when hotline.assignment has a <due> (timestamptz) with its <name>_limit, else work_order when the order has one, else NULL; read from the catalog';
CREATE FUNCTION @extschema@.escalation_due_valid(workflow text, rule text, due text) RETURNS boolean
AS 'MODULE_PATHNAME', 'hotline_escalation_due_valid'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.escalation_due_valid(text, text, text) IS
    'internal: true when due is a deadline column a time rule may watch (hotline.due_table), else an error naming the rule, the column and the valid ones (the CHECK of workflow_escalation.due)';
CREATE TABLE @extschema@.workflow_escalation (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    rule            text NOT NULL CHECK (rule ~ '^[a-z][a-z0-9_]*$'),
    kind            text NOT NULL CHECK (kind IN ('remind', 'hasten', 'emergency', 'repeat_person',
                                                  'repeat_matter', 'bad_handling')),
    due             text CONSTRAINT workflow_escalation_due_check
                        CHECK (@extschema@.escalation_due_valid(workflow, rule, due)),
    states          text[],
    share           double precision CHECK (share > 0 AND share < 1),
    before          @extschema@.time_limit,
    every           @extschema@.time_limit,
    notice_after    integer CHECK (notice_after > 0),
    on_actions      text[],
    settings        jsonb NOT NULL DEFAULT '{}' CHECK (pg_catalog.jsonb_typeof(settings) = 'object'),
    channel         text NOT NULL DEFAULT 'sms' REFERENCES @extschema@.outbox_channel (channel) ON UPDATE CASCADE,
    template        text NOT NULL CHECK (template ~ '^[a-z][a-z0-9_.-]{0,63}$'),
    enabled         boolean NOT NULL DEFAULT true,
    builtin         boolean NOT NULL DEFAULT false,
    description     text NOT NULL,
    PRIMARY KEY (workflow, rule, builtin),
    CHECK (kind NOT IN ('remind', 'hasten') OR (due IS NOT NULL AND pg_catalog.cardinality(states) > 0)),
    CHECK (kind <> 'remind' OR ((share IS NULL) <> (before IS NULL))),
    CHECK (kind <> 'hasten' OR every IS NOT NULL),
    CHECK (kind IN ('remind', 'hasten') OR pg_catalog.cardinality(on_actions) > 0)
);
COMMENT ON TABLE @extschema@.workflow_escalation IS
    'escalation rules of a workflow (R-5, R-2.3, R-2.4): reminders, hastenings and public notices on deadlines, and rules run after actions (emergencies, repeats, bad handling); a row of your own replaces a built-in one';

-- the rules in force: yours before built-in ones, enabled ones only
-- (a plain filter, no DISTINCT ON: the planner pushes a caller's workflow
-- and rule down to the primary key, for the alarms and rules run per action)
CREATE VIEW @extschema@.escalation_rule AS
SELECT e.*
FROM @extschema@.workflow_escalation e
WHERE e.enabled
  AND (NOT e.builtin OR NOT EXISTS (SELECT 1 FROM @extschema@.workflow_escalation u
                                    WHERE u.workflow = e.workflow AND u.rule = e.rule AND NOT u.builtin));
COMMENT ON VIEW @extschema@.escalation_rule IS
    'the escalation rules in force: per workflow and rule, your row if there is one, else the built-in one; enabled only';

-- built-in rows are read-only outside CREATE/ALTER EXTENSION (as calendars)
CREATE TRIGGER workflow_protect BEFORE UPDATE OR DELETE ON @extschema@.workflow
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_builtin BEFORE INSERT OR UPDATE ON @extschema@.workflow
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
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
CREATE TRIGGER workflow_limit_protect BEFORE UPDATE OR DELETE ON @extschema@.workflow_limit
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_limit_builtin BEFORE INSERT OR UPDATE ON @extschema@.workflow_limit
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_escalation_protect BEFORE UPDATE OR DELETE ON @extschema@.workflow_escalation
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_escalation_builtin BEFORE INSERT OR UPDATE ON @extschema@.workflow_escalation
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_escalation', 'WHERE NOT builtin');
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
CREATE TRIGGER workflow_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON @extschema@.workflow_escalation FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.workflow_invalidate();
CREATE TRIGGER workflow_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON @extschema@.workflow_limit FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.workflow_invalidate();

REVOKE ALL ON @extschema@.workflow, @extschema@.workflow_state, @extschema@.workflow_action,
    @extschema@.workflow_limit, @extschema@.workflow_hook, @extschema@.workflow_escalation,
    @extschema@.escalation_rule FROM PUBLIC;
GRANT SELECT ON @extschema@.workflow, @extschema@.workflow_state, @extschema@.workflow_action,
    @extschema@.workflow_limit, @extschema@.workflow_hook, @extschema@.workflow_escalation,
    @extschema@.escalation_rule TO PUBLIC;

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
-- the workflow has neither).  PL/pgSQL, which keeps its plan: an SQL
-- function with a SET clause is never inlined and is planned again at
-- every call (the message texts of every reminder call this, issue 9).
CREATE FUNCTION @extschema@.workflow_setting_value(workflow text, setting text) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN (SELECT s.value FROM @extschema@.workflow_setting s
            WHERE s.workflow = workflow_setting_value.workflow AND s.setting = workflow_setting_value.setting
            ORDER BY s.builtin
            LIMIT 1);
END $$;
COMMENT ON FUNCTION @extschema@.workflow_setting_value(text, text) IS
    'the value of a workflow setting in force: the row of your own, else the built-in one; NULL when there is none';

-- A state of workflow wf that orders are in but its definition lacks (NULL:
-- none), read with the owner's rights: register_workflow runs as its
-- caller (whose hooks it records), who may read no order or only some
-- (row-level security); it returns a state's name, nothing of an order.
CREATE FUNCTION @extschema@.workflow_orphan_state(wf text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
SELECT o.state FROM @extschema@.work_order o
WHERE o.workflow = wf AND NOT EXISTS (SELECT 1 FROM @extschema@.workflow_state s
    WHERE s.workflow = wf AND s.scope = 'order' AND s.state = o.state)
LIMIT 1
$$;
COMMENT ON FUNCTION @extschema@.workflow_orphan_state(text) IS
    'internal: a state orders of the workflow are in that its definition lacks (NULL: none), read with the owner''s rights for hotline.register_workflow';
REVOKE ALL ON FUNCTION @extschema@.workflow_orphan_state(text) FROM PUBLIC;

-- hotline.register_workflow(definition): one call registers (or replaces) a
-- workflow plugin.  The definition is a JSON object:
--   {"name": "...", "description": "...", "initial_state": "...", "calendar": "cn",
--    "states":  [{"scope": "order"|"assignment", "state": "...", "terminal": false, "description": "..."}],
--    "actions": [{"action": "...", "scope": "order"|"assignment", "from": ["..."], "to": "..." | null,
--                 "roles": ["..."], "params": ["..."], "reason": false, "effects": {...},
--                 "description": "..."}],
--    "options": {"one_open_role": "lead", "exclude_unit": {"unit_column": "...", "when_column": "...",
--                "values": ["..."]}},
--    "limits":  [{"deadline": "reply", "conditions": {"dispatch_mode": "written"},
--                 "time_limit": "7 working days"}],
--    "hooks":   [{"action": "...", "timing": "before"|"after", "function": "schema.fn(hotline.order_no, bigint, text, jsonb)"}],
--    "settings": [{"setting": "callback_tries", "value": 3, "description": "..."}],
--    "messages": [{"message": "remind", "language": "zh", "template": "... {order_no} ... {due_at} ..."}],
--    "escalations": [{"rule": "...", "kind": "remind"|"hasten"|..., "due": "reply_due", "states": ["..."],
--                     "share": 0.8 | "before": "1 working day", "every": "1 working day", "notice_after": 2,
--                     "on": ["accept"], "settings": {...}, "channel": "sms", "template": "...",
--                     "description": "..."}]}
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

    -- message texts likewise (hotline.workflow_message, 85_messages.sql)
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
    -- orders already in the workflow stay in defined states (counted with
    -- the owner's rights: the orders a caller reads are not all of them)
    orphan := @extschema@.workflow_orphan_state(wf);
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

