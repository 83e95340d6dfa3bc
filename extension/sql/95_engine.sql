-- The workflow engine's entry points (engine.c).  They run with the
-- extension owner's rights (the tables are not open to PUBLIC) and a pinned
-- search_path; the workflow decides who may do what through actor_role.

-- The time limit of a deadline: the most specific row of the workflow's
-- limits for the dispatch mode, urgency and appeal type, a row of your own
-- before a built-in one.
CREATE FUNCTION @extschema@.workflow_time_limit(workflow text, deadline text, dispatch_mode text,
                                                urgency @extschema@.urgency,
                                                appeal_type @extschema@.appeal_type)
RETURNS @extschema@.time_limit
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    result @extschema@.time_limit;
BEGIN
    SELECT l.time_limit INTO result
    FROM @extschema@.workflow_limit l
    WHERE l.workflow = $1 AND l.deadline = $2
      AND (l.dispatch_mode IS NULL OR l.dispatch_mode = $3)
      AND (l.urgency IS NULL OR l.urgency = $4)
      AND (l.appeal_type IS NULL OR l.appeal_type = $5)
    ORDER BY (l.dispatch_mode IS NOT NULL)::int * 4 + (l.urgency IS NOT NULL)::int * 2
             + (l.appeal_type IS NOT NULL)::int DESC,
             l.builtin
    LIMIT 1;
    IF result IS NULL THEN
        RAISE EXCEPTION 'workflow "%" has no time limit "%" for dispatch mode %, urgency %, appeal type %',
                $1, $2, coalesce($3, '-'), coalesce($4::text, '-'), coalesce($5::text, '-')
            USING ERRCODE = 'undefined_object',
                  HINT = 'Add a row to hotline.workflow_limit for this deadline (NULL columns match anything).';
    END IF;
    RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.workflow_time_limit(text, text, text, @extschema@.urgency, @extschema@.appeal_type) IS
    'the time limit of a workflow deadline for a dispatch mode, urgency and appeal type (most specific row; yours before built-in)';

CREATE FUNCTION @extschema@.open_order(workflow text, action text, actor text, actor_role text,
                                       params jsonb DEFAULT '{}')
RETURNS @extschema@.order_no
AS 'MODULE_PATHNAME', 'hotline_open_order'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.open_order(text, text, text, text, jsonb) IS
    'creates a work order by an action that starts from the pseudo-state new (accept, reject, answer); params: region, appeal_type, channel, description, citizen_phone, ...';

CREATE FUNCTION @extschema@.apply_action(order_no @extschema@.order_no, action text, actor text,
                                         actor_role text, params jsonb DEFAULT '{}',
                                         assignment_id bigint DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'hotline_apply_action'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.apply_action(@extschema@.order_no, text, text, text, jsonb, bigint) IS
    'applies a workflow action to an order (or one of its assignments): locks, checks state, role and parameters, applies the effects, records the event, calls the hooks; returns the order''s state';

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
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.apply_action_result(@extschema@.order_no, text, text, text, jsonb, bigint) IS
    'hotline.apply_action, returning the new state of what the action acted on (the assignment, or the order) and the order''s state';

-- Callers get these through roles (a later release); not PUBLIC.
REVOKE ALL ON FUNCTION @extschema@.open_order(text, text, text, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.apply_action(@extschema@.order_no, text, text, text, jsonb, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.apply_action_result(@extschema@.order_no, text, text, text, jsonb, bigint) FROM PUBLIC;
