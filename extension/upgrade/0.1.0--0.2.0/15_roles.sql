-- The hotline's group roles (issue 10): created before the workflows'
-- options name them (82: db_roles).

--@ function create_group_roles()
REVOKE ALL ON FUNCTION @extschema@.create_group_roles() FROM PUBLIC;
SELECT @extschema@.create_group_roles();

-- register_workflow counts the orders in a dropped state with the owner's
-- rights (it runs as its caller, whom row-level security limits)
--@ function workflow_orphan_state(wf text)
REVOKE ALL ON FUNCTION @extschema@.workflow_orphan_state(text) FROM PUBLIC;
