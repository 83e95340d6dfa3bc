-- The hotline's group roles (issue 10): created before the workflows'
-- options name them (82: db_roles).

--@ function create_group_roles()
REVOKE ALL ON FUNCTION @extschema@.create_group_roles() FROM PUBLIC;
SELECT @extschema@.create_group_roles();
