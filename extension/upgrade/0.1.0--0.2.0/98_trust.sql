-- Who may do what is the database's (issue 10): the engine's entry points
-- are no longer SECURITY DEFINER (the engine notes its caller, then takes
-- its owner's rights itself) and are granted to the group roles.
ALTER FUNCTION @extschema@.open_order(text, text, text, text, jsonb) SECURITY INVOKER;
ALTER FUNCTION @extschema@.apply_action(@extschema@.order_no, text, text, text, jsonb, bigint) SECURITY INVOKER;
ALTER FUNCTION @extschema@.apply_action_result(@extschema@.order_no, text, text, text, jsonb, bigint) SECURITY INVOKER;
ALTER FUNCTION @extschema@.apply_unit_action(@extschema@.order_no, text, text, text, jsonb, text) SECURITY INVOKER;

--@ function grant_group_roles()
REVOKE ALL ON FUNCTION @extschema@.grant_group_roles() FROM PUBLIC;
SELECT @extschema@.grant_group_roles();

--@ function appeal_12345_grant()
REVOKE ALL ON FUNCTION @extschema@.appeal_12345_grant() FROM PUBLIC;
-- (run in the last piece, when every function it grants exists)
