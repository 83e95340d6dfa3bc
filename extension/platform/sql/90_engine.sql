-- The workflow engine's entry points (engine.c).  They run with the
-- extension owner's rights (the tables are not open to PUBLIC) and a pinned
-- search_path; the workflow decides who may do what through actor_role.

-- The time limit of a deadline: of the workflow's limits whose conditions
-- all hold in attributes (the engine passes the action's parameters over
-- the assignment over the order row), the one with the most conditions, a
-- row of your own before a built-in one.  In C (engine.c), from a cache of
-- each workflow's limits: the engine calls it for every assignment it
-- creates or reopens and every deadline it sets.
CREATE FUNCTION @extschema@.workflow_time_limit(workflow text, deadline text, attributes jsonb)
RETURNS @extschema@.time_limit
AS 'MODULE_PATHNAME', 'hotline_workflow_time_limit'
LANGUAGE C STABLE;
COMMENT ON FUNCTION @extschema@.workflow_time_limit(text, text, jsonb) IS
    'the time limit of a workflow deadline for the given attributes (the row whose conditions all hold with the most keys; yours before built-in)';

-- The values the conditions of a workflow's time limits give a key (its
-- limits' dispatch modes, say), from the same cache: a hook asks whether a
-- parameter's value is one of them without a query.
CREATE FUNCTION @extschema@.workflow_limit_values(workflow text, key text)
RETURNS text[]
AS 'MODULE_PATHNAME', 'hotline_workflow_limit_values'
LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION @extschema@.workflow_limit_values(text, text) IS
    'the values the conditions of the workflow''s time limits give key, distinct and sorted (from the engine''s cache of hotline.workflow_limit)';

CREATE FUNCTION @extschema@.open_order(workflow text, action text, actor text, actor_role text,
                                       params jsonb DEFAULT '{}')
RETURNS @extschema@.order_no
AS 'MODULE_PATHNAME', 'hotline_open_order'
LANGUAGE C VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.open_order(text, text, text, text, jsonb) IS
    'creates a work order by an action that starts from the pseudo-state new (accept, reject, answer); the parameters go through the hotline''s intake (hotline.order_intake), the action''s required parameters are the workflow''s';

CREATE FUNCTION @extschema@.apply_action(order_no @extschema@.order_no, action text, actor text,
                                         actor_role text, params jsonb DEFAULT '{}',
                                         assignment_id bigint DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'hotline_apply_action'
LANGUAGE C VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.apply_action(@extschema@.order_no, text, text, text, jsonb, bigint) IS
    'applies a workflow action to an order (or one of its assignments): locks, checks state, role and parameters, applies the effects, records the event, calls the hooks; returns the order''s state';

-- Whether the alarms of an order's changed deadlines (on_assignments: its
-- assignments' deadlines) may need computing: false only while the engine
-- itself writes them in an action whose workflow has no time rule on them
-- (the cached definition knows), so that the alarm triggers' WHEN clause
-- skips a computation that would find no rule (issue 9); true for any
-- other writer.
CREATE FUNCTION @extschema@.alarms_wanted(order_no @extschema@.order_no, on_assignments boolean)
RETURNS boolean
AS 'MODULE_PATHNAME', 'hotline_alarms_wanted'
LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION @extschema@.alarms_wanted(@extschema@.order_no, boolean) IS
    'internal: false while the engine writes deadlines of the order that its workflow has no time rules for (the alarm triggers then skip the computation)';

-- What an action did, as the named functions of a workflow return it: the
-- new state of what the action acted on (an assignment, or the order) and
-- the order's state (the same for an action on the order).
CREATE TYPE @extschema@.action_result AS (state text, order_state text);
COMMENT ON TYPE @extschema@.action_result IS
    'the result of a workflow action: the new state of what it acted on (an assignment or the order) and the order''s state';

CREATE FUNCTION @extschema@.apply_action_result(order_no @extschema@.order_no, action text, actor text,
                                                actor_role text, params jsonb DEFAULT '{}',
                                                assignment_id bigint DEFAULT NULL)
RETURNS @extschema@.action_result
AS 'MODULE_PATHNAME', 'hotline_apply_action'
LANGUAGE C VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.apply_action_result(@extschema@.order_no, text, text, text, jsonb, bigint) IS
    'hotline.apply_action, returning the new state of what the action acted on (the assignment, or the order) and the order''s state';

-- An action on the open assignment of a unit named by its code (the
-- workflows' named functions: sign for, reply, ...): the engine finds it in
-- the statement that locks the order and the assignment.
CREATE FUNCTION @extschema@.apply_unit_action(order_no @extschema@.order_no, action text, actor text,
                                              actor_role text, params jsonb, unit text)
RETURNS @extschema@.action_result
AS 'MODULE_PATHNAME', 'hotline_apply_unit_action'
LANGUAGE C VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.apply_unit_action(@extschema@.order_no, text, text, text, jsonb, text) IS
    'applies a workflow action to the open assignment of a unit (by code) on an order, as apply_action_result; P0002 when the unit holds none';

-- Not PUBLIC: the hotline domain grants them to its group roles
-- (extension/domain/sql/05_roles.sql).  They are not SECURITY DEFINER: the
-- engine notes who called (the role whose rights decide what it may do,
-- R-11.2) and then takes its owner's rights itself (EngineEnter, engine.c).
REVOKE ALL ON FUNCTION @extschema@.open_order(text, text, text, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.apply_action(@extschema@.order_no, text, text, text, jsonb, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.apply_action_result(@extschema@.order_no, text, text, text, jsonb, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.apply_unit_action(@extschema@.order_no, text, text, text, jsonb, text) FROM PUBLIC;
