-- Staff (issue 10): the person behind each login and the unit it acts for.
--@ table staff

--@ function acts_for_unit(login name, unit_id bigint)
REVOKE ALL ON FUNCTION @extschema@.acts_for_unit(name, bigint) FROM PUBLIC;

-- Row-level security on the order-side tables (issue 10)
--@ function acting_units()
--@ function secure_tables()
REVOKE ALL ON FUNCTION @extschema@.secure_tables() FROM PUBLIC;
SELECT @extschema@.secure_tables();
