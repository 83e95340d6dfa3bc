-- 回避 (issue 10): staff excluded from an order neither act on it nor read it.
--@ table order_exclusion
--@ function excluded_orders()
--@ function excluded_citizens()
--@ function excluded_from(order_no @extschema@.order_no, login name)
REVOKE ALL ON FUNCTION @extschema@.excluded_from(@extschema@.order_no, name) FROM PUBLIC;
--@ function lock_order(order_no @extschema@.order_no)
REVOKE ALL ON FUNCTION @extschema@.lock_order(@extschema@.order_no) FROM PUBLIC;
--@ function assigned_unit(order_no @extschema@.order_no, unit text, why text)
REVOKE ALL ON FUNCTION @extschema@.assigned_unit(@extschema@.order_no, text, text) FROM PUBLIC;
--@ function exclude_staff_as(order_no @extschema@.order_no, login name, reason text, actor text)
REVOKE ALL ON FUNCTION @extschema@.exclude_staff_as(@extschema@.order_no, name, text, text) FROM PUBLIC;
--@ function exclude_staff(order_no @extschema@.order_no, login name, reason text, actor text DEFAULT current_user)
REVOKE ALL ON FUNCTION @extschema@.exclude_staff(@extschema@.order_no, name, text, text) FROM PUBLIC;
--@ function declare_conflict_as(order_no @extschema@.order_no, reason text, actor text)
REVOKE ALL ON FUNCTION @extschema@.declare_conflict_as(@extschema@.order_no, text, text) FROM PUBLIC;
--@ function declare_conflict(order_no @extschema@.order_no, reason text, actor text DEFAULT current_user)
REVOKE ALL ON FUNCTION @extschema@.declare_conflict(@extschema@.order_no, text, text) FROM PUBLIC;
--@ function lift_exclusion_as(order_no @extschema@.order_no, login name, reason text, actor text)
REVOKE ALL ON FUNCTION @extschema@.lift_exclusion_as(@extschema@.order_no, name, text, text) FROM PUBLIC;
--@ function lift_exclusion(order_no @extschema@.order_no, login name, reason text, actor text DEFAULT current_user)
REVOKE ALL ON FUNCTION @extschema@.lift_exclusion(@extschema@.order_no, name, text, text) FROM PUBLIC;

-- the 12345 intake names the accused person (accused_staff), whom it
-- excludes through exclude_staff: made here, after that entry point
-- (0.1.0's typed accept had no accused_staff: it goes, the new one is made)
DROP FUNCTION @extschema@.accept(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text,
    boolean, text, @extschema@.urgency, text, timestamptz, text, double precision, double precision, text, text,
    @extschema@.emergency_kind, text, text);

--@ function appeal_12345_accused(order_no @extschema@.order_no, login name)
--@ function accept(region text, appeal_type text, channel text, description text, citizen_phone text DEFAULT NULL, citizen_name text DEFAULT NULL, area_code text DEFAULT NULL, confidential boolean DEFAULT false, topic text DEFAULT NULL, urgency text DEFAULT 'normal', source_hotline text DEFAULT '12345', occurred_at timestamptz DEFAULT NULL, address text DEFAULT NULL, longitude double precision DEFAULT NULL, latitude double precision DEFAULT NULL, demand text DEFAULT NULL, accused_unit text DEFAULT NULL, emergency text DEFAULT NULL, actor text DEFAULT current_user, actor_role text DEFAULT 'agent', accused_staff name DEFAULT NULL)

--@ function accept(region text, appeal_type @extschema@.appeal_type, channel @extschema@.channel, description text, citizen_phone text DEFAULT NULL, citizen_name text DEFAULT NULL, area_code text DEFAULT NULL, confidential boolean DEFAULT false, topic text DEFAULT NULL, urgency @extschema@.urgency DEFAULT 'normal', source_hotline text DEFAULT '12345', occurred_at timestamptz DEFAULT NULL, address text DEFAULT NULL, longitude double precision DEFAULT NULL, latitude double precision DEFAULT NULL, demand text DEFAULT NULL, accused_unit text DEFAULT NULL, emergency @extschema@.emergency_kind DEFAULT NULL, actor text DEFAULT current_user, actor_role text DEFAULT 'agent', accused_staff name DEFAULT NULL)
REVOKE ALL ON FUNCTION
    @extschema@.accept(text, text, text, text, text, text, text,
        boolean, text, text, text, timestamptz, text, double precision, double precision, text, text,
        text, text, text, name),
    @extschema@.accept(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text,
        boolean, text, @extschema@.urgency, text, timestamptz, text, double precision, double precision, text, text,
        @extschema@.emergency_kind, text, text, name)
FROM PUBLIC;
