-- 回避 (issue 10): staff excluded from an order neither act on it nor read it.
--@ table order_exclusion
--@ function excluded_orders()
--@ function excluded_citizens()
--@ function excluded_from(order_no @extschema@.order_no, login name)
REVOKE ALL ON FUNCTION @extschema@.excluded_from(@extschema@.order_no, name) FROM PUBLIC;
--@ function exclude_staff_as(order_no @extschema@.order_no, login name, reason text, actor text)
REVOKE ALL ON FUNCTION @extschema@.exclude_staff_as(@extschema@.order_no, name, text, text) FROM PUBLIC;
--@ function exclude_staff(order_no @extschema@.order_no, login name, reason text, actor text DEFAULT current_user)
REVOKE ALL ON FUNCTION @extschema@.exclude_staff(@extschema@.order_no, name, text, text) FROM PUBLIC;
--@ function declare_conflict_as(order_no @extschema@.order_no, reason text, actor text)
REVOKE ALL ON FUNCTION @extschema@.declare_conflict_as(@extschema@.order_no, text, text) FROM PUBLIC;
--@ function declare_conflict(order_no @extschema@.order_no, reason text, actor text DEFAULT current_user)
REVOKE ALL ON FUNCTION @extschema@.declare_conflict(@extschema@.order_no, text, text) FROM PUBLIC;
