-- Staff (issue 10): the person behind each login and the unit it acts for.
--@ table staff

--@ function acts_for_unit(login name, unit_id bigint)
REVOKE ALL ON FUNCTION @extschema@.acts_for_unit(name, bigint) FROM PUBLIC;
--@ function staff_name(login name)
REVOKE ALL ON FUNCTION @extschema@.staff_name(name) FROM PUBLIC;
--@ function acting_units()

-- the history records the staff member's name with the login
ALTER TABLE @extschema@.order_event ADD COLUMN actor_name text;
COMMENT ON COLUMN @extschema@.order_event.actor IS
    'who acted: the login of a caller the engine checked (its role membership), else the name the engine''s owner or a job gave';
COMMENT ON COLUMN @extschema@.order_event.actor_name IS
    'the name of the staff member behind the login when the event was recorded (hotline.staff), NULL for the owner''s jobs and logins that are no one''s';
