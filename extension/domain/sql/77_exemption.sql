-- ---------------------------------------------------------------------------
-- Exemptions from assessment (免考, 考核申诉; R-9.3, issue 11): a handling
-- unit asks that an order not count against it, with the kind of ground
-- (an unreasonable demand, a matter outside its powers, a duplicate) and a
-- reason; a supervisor approves or refuses it.  The assessment leaves the
-- approved ones out and says how many.  Both acts are on the order's
-- history.
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.exemption (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_no        @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    unit_id         bigint NOT NULL REFERENCES @extschema@.unit (id),
    kind            text NOT NULL CHECK (kind IN ('unreasonable_demand', 'outside_powers', 'duplicate', 'other')),
    reason          text NOT NULL CHECK (pg_catalog.btrim(reason) <> ''),
    requested_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    requested_by    text NOT NULL,
    decision        text CHECK (decision IN ('approved', 'refused')),
    decided_at      timestamptz,
    decided_by      text,
    decision_note   text,
    UNIQUE (order_no, unit_id),
    CHECK ((decision IS NULL) = (decided_at IS NULL))
);
CREATE INDEX ON @extschema@.exemption (unit_id, decision);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.exemption', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.exemption', 'id')::regclass, '');
COMMENT ON TABLE @extschema@.exemption IS
    '免考 (考核申诉): a unit''s request that an order not count against it in the assessment (R-9.3): the kind of ground (unreasonable_demand 诉求不合理, outside_powers 超出职权, duplicate 重复诉求, other), a reason, and a supervisor''s decision (approved, refused); one per order and unit';
REVOKE ALL ON @extschema@.exemption FROM PUBLIC;

-- The bodies of hotline.request_exemption and hotline.decide_exemption
-- (entry points for people, extension/domain/entry.c), granted to no one.
CREATE FUNCTION @extschema@.request_exemption_as(order_no @extschema@.order_no, unit text, kind text,
                                                 reason text, actor text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    o   @extschema@.work_order;
    u   bigint;
    id  bigint;
BEGIN
    IF unit IS NULL OR kind IS NULL OR reason IS NULL OR pg_catalog.btrim(reason) OPERATOR(pg_catalog.=) '' THEN
        RAISE EXCEPTION 'an exemption needs the unit, the kind of ground and a reason'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass unit => the unit''s code, kind => ''unreasonable_demand'', ''outside_powers'', ''duplicate'' or ''other'', and reason => why, e.g. ''诉求人要求赔偿的事项不属于本单位职权''.';
    END IF;
    IF NOT kind OPERATOR(pg_catalog.=) ANY (ARRAY['unreasonable_demand', 'outside_powers', 'duplicate', 'other']) THEN
        RAISE EXCEPTION 'unknown kind of exemption "%"', kind
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The grounds are unreasonable_demand (诉求不合理), outside_powers (超出职权范围), duplicate (重复诉求) and other.',
                  HINT = 'Pass one of them, and say why in reason.';
    END IF;
    o := @extschema@.lock_order(order_no);
    u := @extschema@.assigned_unit(order_no, unit, 'Only a unit the order was dispatched to may ask that it not count against it.');
    -- a unit's staff ask for their own unit (or one under it) only
    IF EXISTS (SELECT 1 FROM @extschema@.staff s WHERE s.login = actor::name)
       AND NOT @extschema@.acts_for_unit(actor::name, u) THEN
        RAISE EXCEPTION 'login "%" does not act for unit "%"', actor, unit
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'An exemption is asked by the unit''s own staff (hotline.staff).',
                  HINT = 'Ask the administrator to record the login as staff of its unit.';
    END IF;
    IF EXISTS (SELECT 1 FROM @extschema@.exemption e
               WHERE e.order_no OPERATOR(pg_catalog.=) request_exemption_as.order_no AND e.unit_id = u) THEN
        RAISE EXCEPTION 'unit "%" has asked for an exemption of work order % already', unit, order_no
            USING ERRCODE = 'unique_violation',
                  HINT = 'See it in hotline.exemption; a unit asks once per order.';
    END IF;
    INSERT INTO @extschema@.exemption (order_no, unit_id, kind, reason, requested_by)
    VALUES (order_no, u, kind, reason, actor) RETURNING exemption.id INTO id;
    PERFORM @extschema@.record_event(order_no, NULL, actor, 'staff', 'request_exemption', o.state, o.state, reason,
                                     pg_catalog.jsonb_build_object('unit', unit, 'kind', kind, 'exemption_id', id));
    RETURN id;
END $$;
COMMENT ON FUNCTION @extschema@.request_exemption_as(@extschema@.order_no, text, text, text, text) IS
    'internal: the body of hotline.request_exemption, called with the owner''s rights after the caller''s part is checked';
REVOKE ALL ON FUNCTION @extschema@.request_exemption_as(@extschema@.order_no, text, text, text, text) FROM PUBLIC;

CREATE FUNCTION @extschema@.request_exemption(order_no @extschema@.order_no, unit text, kind text, reason text,
                                              actor text DEFAULT current_user)
RETURNS bigint
AS 'MODULE_PATHNAME', 'hotline_staff_entry'
LANGUAGE C VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.request_exemption(@extschema@.order_no, text, text, text, text) IS
    '免考: a handling unit asks that the order not count against it in the assessment, with the kind of ground and a reason, recorded on the order; returns the request''s id (R-9.3); for a unit''s staff';
REVOKE ALL ON FUNCTION @extschema@.request_exemption(@extschema@.order_no, text, text, text, text) FROM PUBLIC;

CREATE FUNCTION @extschema@.decide_exemption_as(exemption_id bigint, approve boolean, note text, actor text)
RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    e   @extschema@.exemption;
    o   @extschema@.work_order;
BEGIN
    IF approve IS NULL THEN
        RAISE EXCEPTION 'approve must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass approve => true to leave the order out of the unit''s assessment, false to refuse.';
    END IF;
    SELECT * INTO e FROM @extschema@.exemption x WHERE x.id = exemption_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'exemption % does not exist', coalesce(exemption_id::text, 'NULL')
            USING ERRCODE = 'no_data_found';
    END IF;
    o := @extschema@.lock_order(e.order_no);
    SELECT * INTO e FROM @extschema@.exemption x WHERE x.id = exemption_id FOR UPDATE;
    IF e.decision IS NOT NULL THEN
        RAISE EXCEPTION 'exemption % was % already', exemption_id, e.decision
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('%s decided it at %s.', e.decided_by, e.decided_at),
                  HINT = 'A decision is made once.';
    END IF;
    UPDATE @extschema@.exemption x
    SET decision = CASE WHEN approve THEN 'approved' ELSE 'refused' END, decided_at = pg_catalog.now(),
        decided_by = actor, decision_note = note
    WHERE x.id = exemption_id;
    PERFORM @extschema@.record_event(e.order_no, NULL, actor, 'supervisor', 'decide_exemption', o.state, o.state, note,
        pg_catalog.jsonb_build_object('exemption_id', exemption_id, 'kind', e.kind,
                                      'unit', (SELECT n.code FROM @extschema@.unit n WHERE n.id = e.unit_id),
                                      'decision', CASE WHEN approve THEN 'approved' ELSE 'refused' END));
    RETURN CASE WHEN approve THEN 'approved' ELSE 'refused' END;
END $$;
COMMENT ON FUNCTION @extschema@.decide_exemption_as(bigint, boolean, text, text) IS
    'internal: the body of hotline.decide_exemption, called with the owner''s rights after the caller''s part is checked';
REVOKE ALL ON FUNCTION @extschema@.decide_exemption_as(bigint, boolean, text, text) FROM PUBLIC;

CREATE FUNCTION @extschema@.decide_exemption(exemption_id bigint, approve boolean, note text DEFAULT NULL,
                                             actor text DEFAULT current_user)
RETURNS text
AS 'MODULE_PATHNAME', 'hotline_staff_entry'
LANGUAGE C VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.decide_exemption(bigint, boolean, text, text) IS
    '免考: a supervisor approves (the order does not count against the unit in the assessment) or refuses a unit''s request, once, recorded on the order; returns the decision (R-9.3)';
REVOKE ALL ON FUNCTION @extschema@.decide_exemption(bigint, boolean, text, text) FROM PUBLIC;
