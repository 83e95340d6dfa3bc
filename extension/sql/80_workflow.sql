-- Workflows are data (R-14.2): states, actions (who may do them, from which
-- states, to which state, which parameters), time limits, and hook
-- functions.  The engine (engine.c) reads them; it has no process-specific
-- code.  Plugins in workflows/ register themselves with
-- hotline.register_workflow(definition jsonb).

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
    effects         text[] NOT NULL DEFAULT '{}',
    description     text NOT NULL,
    PRIMARY KEY (workflow, action)
);
COMMENT ON TABLE @extschema@.workflow_action IS
    'what may be done to an order or an assignment: by which roles, from which states, to which state';
COMMENT ON COLUMN @extschema@.workflow_action.to_state IS 'NULL: the state does not change (e.g. a note, a hastening)';
COMMENT ON COLUMN @extschema@.workflow_action.effects IS
    'generic engine effects, e.g. create_assignments, close_assignment, extend_deadline, count_return, merge_into';

CREATE TABLE @extschema@.workflow_limit (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    deadline        text NOT NULL CHECK (deadline ~ '^[a-z][a-z0-9_]*$'),
    dispatch_mode   text,
    urgency         @extschema@.urgency,
    appeal_type     @extschema@.appeal_type,
    time_limit      @extschema@.time_limit NOT NULL,
    UNIQUE NULLS NOT DISTINCT (workflow, deadline, dispatch_mode, urgency, appeal_type)
);
COMMENT ON TABLE @extschema@.workflow_limit IS
    'time limits of a workflow (R-4.3), per deadline (dispatch, sign, reply, callback ...), dispatch mode, urgency and appeal type; the most specific row wins';

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
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_limit',
    'WHERE workflow IN (SELECT name FROM hotline.workflow WHERE NOT builtin)');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_hook',
    'WHERE workflow IN (SELECT name FROM hotline.workflow WHERE NOT builtin)');

REVOKE ALL ON @extschema@.workflow, @extschema@.workflow_state, @extschema@.workflow_action,
    @extschema@.workflow_limit, @extschema@.workflow_hook FROM PUBLIC;
GRANT SELECT ON @extschema@.workflow, @extschema@.workflow_state, @extschema@.workflow_action,
    @extschema@.workflow_limit, @extschema@.workflow_hook TO PUBLIC;
