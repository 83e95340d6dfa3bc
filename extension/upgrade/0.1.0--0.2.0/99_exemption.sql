-- Exemptions from assessment (免考, issue 11): units ask, supervisors decide
-- (the grants and row-level security are hotline.secure_tables', in the
-- last piece).
--@ table exemption
--@ function request_exemption_as(order_no @extschema@.order_no, unit text, kind text, reason text, actor text)
REVOKE ALL ON FUNCTION @extschema@.request_exemption_as(@extschema@.order_no, text, text, text, text) FROM PUBLIC;
--@ function request_exemption(order_no @extschema@.order_no, unit text, kind text, reason text, actor text DEFAULT current_user)
REVOKE ALL ON FUNCTION @extschema@.request_exemption(@extschema@.order_no, text, text, text, text) FROM PUBLIC;
--@ function decide_exemption_as(exemption_id bigint, approve boolean, note text, actor text)
REVOKE ALL ON FUNCTION @extschema@.decide_exemption_as(bigint, boolean, text, text) FROM PUBLIC;
--@ function decide_exemption(exemption_id bigint, approve boolean, note text DEFAULT NULL, actor text DEFAULT current_user)
REVOKE ALL ON FUNCTION @extschema@.decide_exemption(bigint, boolean, text, text) FROM PUBLIC;
