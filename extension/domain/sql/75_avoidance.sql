-- ---------------------------------------------------------------------------
-- 回避 (R-4.6, R-11.3): staff excluded from an order, because they declared
-- a conflict of interest or the citizen named them, neither act on it (the
-- engine asks hotline.excluded_from) nor read it (a restrictive row-level
-- security policy on the order, its assignments and its history,
-- 80_security.sql).  Each exclusion is recorded on the order's history.
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.order_exclusion (
    order_no    @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    login       name NOT NULL,
    reason      text NOT NULL CHECK (reason <> ''),
    at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
    by          text NOT NULL,
    PRIMARY KEY (order_no, login)
);
CREATE INDEX ON @extschema@.order_exclusion (login);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.order_exclusion', '');
COMMENT ON TABLE @extschema@.order_exclusion IS
    '回避: the logins excluded from an order (a declared conflict of interest, or staff the citizen named); they neither act on it nor read it (R-4.6, R-11.3)';

-- the citizens of those orders (extension/domain/staff.c): staff excluded
-- from a complaint about them do not learn who complained
CREATE FUNCTION @extschema@.excluded_citizens() RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'hotline_excluded_citizens' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.excluded_citizens() IS
    'the citizens of the orders the current login is excluded from; the row-level security policy of hotline.citizen reads it';

-- Whether login is excluded from the order: the engine asks it (by name)
-- before a caller it checks acts on an order.
CREATE FUNCTION @extschema@.excluded_from(order_no @extschema@.order_no, login name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
SELECT EXISTS (SELECT 1 FROM @extschema@.order_exclusion x
               WHERE x.order_no OPERATOR(pg_catalog.=) excluded_from.order_no AND x.login = excluded_from.login)
$$;
COMMENT ON FUNCTION @extschema@.excluded_from(@extschema@.order_no, name) IS
    'whether the login is excluded from the order (回避, hotline.order_exclusion)';
REVOKE ALL ON FUNCTION @extschema@.excluded_from(@extschema@.order_no, name) FROM PUBLIC;

-- The order an entry point for people acts on, locked (FOR NO KEY UPDATE,
-- as the engine locks it); 02000 when there is none.
CREATE FUNCTION @extschema@.lock_order(order_no @extschema@.order_no) RETURNS @extschema@.work_order
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    w   @extschema@.work_order;
BEGIN
    SELECT * INTO w FROM @extschema@.work_order x
    WHERE x.order_no OPERATOR(pg_catalog.=) lock_order.order_no FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'work order % does not exist', coalesce(lock_order.order_no::text, 'NULL')
            USING ERRCODE = 'no_data_found';
    END IF;
    RETURN w;
END $$;
COMMENT ON FUNCTION @extschema@.lock_order(@extschema@.order_no) IS
    'internal: the order an entry point for people acts on, locked FOR NO KEY UPDATE; 02000 when there is none';
REVOKE ALL ON FUNCTION @extschema@.lock_order(@extschema@.order_no) FROM PUBLIC;

-- The unit (by its code) an entry point names on an order, which must hold
-- an assignment of it: its id; 22023 otherwise, why (a sentence) saying
-- what needs a handling unit.
CREATE FUNCTION @extschema@.assigned_unit(order_no @extschema@.order_no, unit text, why text) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    u   bigint;
BEGIN
    SELECT a.unit_id INTO u FROM @extschema@.assignment a JOIN @extschema@.unit n ON n.id = a.unit_id
    WHERE a.order_no OPERATOR(pg_catalog.=) assigned_unit.order_no AND n.code = assigned_unit.unit
    LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unit "%" has no assignment of work order %', unit, order_no
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = why,
                  HINT = 'Pass the code of a unit the order was dispatched to.';
    END IF;
    RETURN u;
END $$;
COMMENT ON FUNCTION @extschema@.assigned_unit(@extschema@.order_no, text, text) IS
    'internal: the id of the unit (by code) that holds an assignment of the order; 22023 otherwise, why saying what needs a handling unit';
REVOKE ALL ON FUNCTION @extschema@.assigned_unit(@extschema@.order_no, text, text) FROM PUBLIC;

-- The bodies of hotline.exclude_staff and hotline.declare_conflict (entry
-- points for people, extension/domain/entry.c: the caller's part checked,
-- its login as the actor), granted to no one.
CREATE FUNCTION @extschema@.exclude_staff_as(order_no @extschema@.order_no, login name, reason text, actor text)
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    st  text;
BEGIN
    IF login IS NULL OR reason IS NULL OR pg_catalog.btrim(reason) OPERATOR(pg_catalog.=) '' THEN
        RAISE EXCEPTION 'an exclusion needs the login and a reason'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass login => the staff member''s login and reason => why, e.g. ''市民反映该工作人员与被投诉人系亲属''.';
    END IF;
    st := (@extschema@.lock_order(order_no)).state;
    INSERT INTO @extschema@.order_exclusion (order_no, login, reason, by)
    VALUES (order_no, login, reason, actor) ON CONFLICT DO NOTHING;
    PERFORM @extschema@.record_event(order_no, NULL, actor, 'staff', 'exclude_staff', st, st, reason,
                                     pg_catalog.jsonb_build_object('login', login));
END $$;
COMMENT ON FUNCTION @extschema@.exclude_staff_as(@extschema@.order_no, name, text, text) IS
    'internal: the body of hotline.exclude_staff, called with the owner''s rights after the caller''s part is checked';
REVOKE ALL ON FUNCTION @extschema@.exclude_staff_as(@extschema@.order_no, name, text, text) FROM PUBLIC;

CREATE FUNCTION @extschema@.exclude_staff(order_no @extschema@.order_no, login name, reason text,
                                          actor text DEFAULT current_user)
RETURNS void
AS 'MODULE_PATHNAME', 'hotline_staff_entry'
LANGUAGE C VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.exclude_staff(@extschema@.order_no, name, text, text) IS
    '回避: excludes a login from the order (a staff member the citizen named, or one with a conflict of interest), with a reason, recorded on the order; it can neither act on the order nor read it (R-4.6, R-11.3); for the centre''s roles';
REVOKE ALL ON FUNCTION @extschema@.exclude_staff(@extschema@.order_no, name, text, text) FROM PUBLIC;

CREATE FUNCTION @extschema@.declare_conflict_as(order_no @extschema@.order_no, reason text, actor text)
RETURNS void
LANGUAGE sql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
SELECT @extschema@.exclude_staff_as($1, $3::name, $2, $3)
$$;
COMMENT ON FUNCTION @extschema@.declare_conflict_as(@extschema@.order_no, text, text) IS
    'internal: the body of hotline.declare_conflict, called with the owner''s rights after the caller''s part is checked';
REVOKE ALL ON FUNCTION @extschema@.declare_conflict_as(@extschema@.order_no, text, text) FROM PUBLIC;

CREATE FUNCTION @extschema@.declare_conflict(order_no @extschema@.order_no, reason text,
                                             actor text DEFAULT current_user)
RETURNS void
AS 'MODULE_PATHNAME', 'hotline_staff_entry'
LANGUAGE C VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.declare_conflict(@extschema@.order_no, text, text) IS
    '回避: the caller declares a conflict of interest with the order, with a reason: it is excluded from it (R-4.6, R-11.3)';
REVOKE ALL ON FUNCTION @extschema@.declare_conflict(@extschema@.order_no, text, text) FROM PUBLIC;

-- Lifting an exclusion made in error (the citizen named the wrong clerk, a
-- declared conflict that was none): a supervisor's act, with a reason, on
-- the order's history; the login acts on and reads the order again.
CREATE FUNCTION @extschema@.lift_exclusion_as(order_no @extschema@.order_no, login name, reason text, actor text)
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    st  text;
BEGIN
    IF login IS NULL OR reason IS NULL OR pg_catalog.btrim(reason) OPERATOR(pg_catalog.=) '' THEN
        RAISE EXCEPTION 'lifting an exclusion needs the login and a reason'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass login => the staff member''s login and reason => why, e.g. ''经核实，市民所指并非该工作人员''.';
    END IF;
    st := (@extschema@.lock_order(order_no)).state;
    DELETE FROM @extschema@.order_exclusion x
    WHERE x.order_no OPERATOR(pg_catalog.=) lift_exclusion_as.order_no AND x.login = lift_exclusion_as.login;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'login "%" is not excluded from work order %', login, order_no
            USING ERRCODE = 'no_data_found',
                  HINT = 'The order''s exclusions are in hotline.order_exclusion.';
    END IF;
    PERFORM @extschema@.record_event(order_no, NULL, actor, 'staff', 'lift_exclusion', st, st, reason,
                                     pg_catalog.jsonb_build_object('login', login));
END $$;
COMMENT ON FUNCTION @extschema@.lift_exclusion_as(@extschema@.order_no, name, text, text) IS
    'internal: the body of hotline.lift_exclusion, called with the owner''s rights after the caller''s part is checked';
REVOKE ALL ON FUNCTION @extschema@.lift_exclusion_as(@extschema@.order_no, name, text, text) FROM PUBLIC;

CREATE FUNCTION @extschema@.lift_exclusion(order_no @extschema@.order_no, login name, reason text,
                                           actor text DEFAULT current_user)
RETURNS void
AS 'MODULE_PATHNAME', 'hotline_staff_entry'
LANGUAGE C VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.lift_exclusion(@extschema@.order_no, name, text, text) IS
    '回避: lifts a login''s exclusion from the order made in error, with a reason, recorded on the order; for supervisors (R-4.6, R-11.3)';
REVOKE ALL ON FUNCTION @extschema@.lift_exclusion(@extschema@.order_no, name, text, text) FROM PUBLIC;
