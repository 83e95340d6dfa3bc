-- Last: row-level security on the order-side tables and the grants of the
-- hotline's roles (issue 10), over everything the pieces before made
-- (hotline.secure_tables, the one text CREATE EXTENSION runs too).
--@ function secure_tables()
REVOKE ALL ON FUNCTION @extschema@.secure_tables() FROM PUBLIC;
SELECT @extschema@.secure_tables();
--@ view or replace supervision_board
-- the 12345 named functions' grants (appeal_12345_grant, made in 98_trust)
SELECT @extschema@.appeal_12345_grant();
