-- Issue 8: an action says what it did to what it acted on (95_engine.sql):
-- the new state of the assignment or order, and the order's.
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
REVOKE ALL ON FUNCTION @extschema@.apply_action_result(@extschema@.order_no, text, text, text, jsonb, bigint) FROM PUBLIC;
