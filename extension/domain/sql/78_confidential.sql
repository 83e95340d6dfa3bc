-- ---------------------------------------------------------------------------
-- Confidential citizens (是否保密, R-11.1): for an order whose citizen asked
-- for confidentiality, a handling unit's staff see the citizen's name, phone
-- and address and the order's place masked (王**, 138****8000, street
-- level); the centre sees them.  Units read no personal column of
-- hotline.work_order or hotline.citizen at all (column privileges,
-- 80_security.sql): they read the citizen and the place through
-- hotline.order_contact, masked where the order is confidential.  The
-- history holds no name or phone of any order, nor the place of a
-- confidential one (extension/domain/intake.c), and no message of the
-- outbox carries them.  Revealing a confidential citizen to a unit is an
-- explicit act of the centre, with a reason, on the order's history.
-- ---------------------------------------------------------------------------

-- The masks: pure functions of their text, open to everyone.
-- A name: its first character, then one * for each other (王建国 -> 王**).
CREATE FUNCTION @extschema@.mask_name(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
BEGIN ATOMIC
    SELECT pg_catalog.left(name, 1) OPERATOR(pg_catalog.||)
           pg_catalog.repeat('*', GREATEST(pg_catalog.length(name) OPERATOR(pg_catalog.-) 1, 1));
END;
COMMENT ON FUNCTION @extschema@.mask_name(text) IS
    'a name masked (R-11.1): its first character, then * for each other one (王建国 -> 王**)';

-- A phone number: its digits, the first three and the last four kept and
-- the ones between as * (13800138000 -> 138****8000); fewer than eleven
-- digits (a local number): only the last two kept, so that at least half is
-- always hidden.
CREATE FUNCTION @extschema@.mask_phone(phone text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
BEGIN ATOMIC
    SELECT CASE WHEN pg_catalog.length(d.d) OPERATOR(pg_catalog.>=) 11
                THEN pg_catalog.left(d.d, 3) OPERATOR(pg_catalog.||)
                     pg_catalog.repeat('*', pg_catalog.length(d.d) OPERATOR(pg_catalog.-) 7) OPERATOR(pg_catalog.||)
                     pg_catalog.right(d.d, 4)
                ELSE pg_catalog.repeat('*', GREATEST(pg_catalog.length(d.d) OPERATOR(pg_catalog.-) 2, 1))
                     OPERATOR(pg_catalog.||) pg_catalog.right(d.d, 2) END
    FROM (SELECT pg_catalog.regexp_replace(phone, '[^0-9]', '', 'g') AS d) d;
END;
COMMENT ON FUNCTION @extschema@.mask_phone(text) IS
    'a phone number masked (R-11.1): the first three and the last four digits kept (13800138000 -> 138****8000); fewer than eleven digits: the last two';

-- An address at street level: what comes before the first number or
-- building (a digit, 号, 栋, 楼), up to the last road, street or lane (路,
-- 街, 道, 巷, 胡同, 条) in it, else up to the last district, county, town or township (区 but not
-- 小区, 县, 镇, 乡), then *** (北京市东城区东直门外大街42号院3号楼 ->
-- 北京市东城区东直门外大街***).
CREATE FUNCTION @extschema@.mask_address(address text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
BEGIN ATOMIC
    SELECT coalesce(pg_catalog.substring(p.p, '^(.*(路|街|道|巷|胡同|条))'),
                    pg_catalog.substring(p.p, '^(.*((?:[^小])区|县|镇|乡))'), '') OPERATOR(pg_catalog.||) '***'
    FROM (SELECT pg_catalog.substring(address, '^[^0-9０-９号栋楼]*') AS p) p;
END;
COMMENT ON FUNCTION @extschema@.mask_address(text) IS
    'an address masked to street level (R-11.1): up to the last road or street before the first house or building number, else up to the district, then *** (北京市东城区东直门外大街42号院 -> 北京市东城区东直门外大街***)';

-- Whether the current login reads the whole city's orders in clear: the
-- centre's roles and a reader given pg_read_all_data (a BI tool's login).
CREATE FUNCTION @extschema@.reads_city() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT pg_catalog.pg_has_role(current_user, 'hotline_agent', 'USAGE')
    OR pg_catalog.pg_has_role(current_user, 'hotline_dispatcher', 'USAGE')
    OR pg_catalog.pg_has_role(current_user, 'hotline_reviewer', 'USAGE')
    OR pg_catalog.pg_has_role(current_user, 'hotline_supervisor', 'USAGE')
    OR pg_catalog.pg_has_role(current_user, 'pg_read_all_data', 'USAGE')
$$;
COMMENT ON FUNCTION @extschema@.reads_city() IS
    'whether the current login reads every order and its citizen in clear: the centre''s roles (agent, dispatcher, reviewer, supervisor) and pg_read_all_data';

-- The confidential citizens revealed to a unit, by whom and why.
CREATE TABLE @extschema@.citizen_reveal (
    order_no    @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    unit_id     bigint NOT NULL REFERENCES @extschema@.unit (id),
    reason      text NOT NULL CHECK (reason <> ''),
    at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
    by          text NOT NULL,
    PRIMARY KEY (order_no, unit_id)
);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.citizen_reveal', '');
COMMENT ON TABLE @extschema@.citizen_reveal IS
    'confidential citizens revealed to a handling unit (R-11.1): the unit''s staff read the order''s citizen in clear; each reveal is on the order''s history';
REVOKE ALL ON @extschema@.citizen_reveal FROM PUBLIC;

-- The citizen and the place of each order the caller reads, masked where
-- the order is confidential, the caller does not read the city in clear
-- and the citizen was not revealed to one of its units.  It runs as the
-- owner and filters as the tables' policies do: the centre reads every
-- order, a unit's staff the orders with an assignment of their units,
-- no one an order excluded from it (回避).
CREATE VIEW @extschema@.order_contact WITH (security_barrier = true) AS
SELECT w.order_no, w.confidential, m.masked,
       CASE WHEN m.masked THEN @extschema@.mask_name(c.name) ELSE c.name END AS citizen_name,
       CASE WHEN m.masked THEN @extschema@.mask_phone(c.phone) ELSE c.phone END AS citizen_phone,
       CASE WHEN m.masked THEN @extschema@.mask_address(c.address) ELSE c.address END AS citizen_address,
       CASE WHEN m.masked THEN @extschema@.mask_name(w.contact_name) ELSE w.contact_name END AS contact_name,
       CASE WHEN m.masked THEN @extschema@.mask_address(w.address) ELSE w.address END AS address,
       CASE WHEN m.masked THEN pg_catalog.round(w.longitude::numeric, 2)::double precision ELSE w.longitude END AS longitude,
       CASE WHEN m.masked THEN pg_catalog.round(w.latitude::numeric, 2)::double precision ELSE w.latitude END AS latitude
FROM @extschema@.work_order w
LEFT JOIN @extschema@.citizen c ON c.id = w.citizen_id
CROSS JOIN LATERAL (
    SELECT w.confidential AND NOT (SELECT @extschema@.reads_city())
           AND NOT EXISTS (SELECT 1 FROM @extschema@.citizen_reveal r
                           WHERE r.order_no OPERATOR(pg_catalog.=) w.order_no
                             AND r.unit_id = ANY ((SELECT @extschema@.acting_units())::bigint[])) AS masked) m
WHERE ((SELECT @extschema@.reads_city())
       OR EXISTS (SELECT 1 FROM @extschema@.assignment a
                  WHERE a.order_no OPERATOR(pg_catalog.=) w.order_no
                    AND a.unit_id = ANY ((SELECT @extschema@.acting_units())::bigint[])))
  AND NOT (w.order_no OPERATOR(pg_catalog.=) ANY ((SELECT @extschema@.excluded_orders())::@extschema@.order_no[]))
  -- nor the contact of a citizen who complained about the reader (回避), on any order
  AND (w.citizen_id IS NULL
       OR NOT (w.citizen_id = ANY ((SELECT @extschema@.excluded_citizens())::bigint[])));
COMMENT ON VIEW @extschema@.order_contact IS
    'the citizen (name, phone, address) and the place of each order the caller reads; for a unit''s staff masked where the order is confidential and its citizen was not revealed to their unit (R-11.1)';

-- The body of hotline.reveal_citizen (an entry point for people,
-- extension/domain/entry.c), granted to no one.
CREATE FUNCTION @extschema@.reveal_citizen_as(order_no @extschema@.order_no, unit text, reason text, actor text)
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    o   @extschema@.work_order;
    u   bigint;
BEGIN
    IF unit IS NULL OR reason IS NULL OR pg_catalog.btrim(reason) OPERATOR(pg_catalog.=) '' THEN
        RAISE EXCEPTION 'a reveal needs the unit and a reason'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass unit => the handling unit''s code and reason => why it must reach the citizen, e.g. ''需上门核实噪声源，须联系诉求人''.';
    END IF;
    o := @extschema@.lock_order(order_no);
    IF NOT o.confidential THEN
        RAISE EXCEPTION 'work order % is not confidential', order_no
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Its units read its citizen in clear already.',
                  HINT = 'Reveal only the citizen of an order whose citizen asked for confidentiality (是否保密).';
    END IF;
    u := @extschema@.assigned_unit(order_no, unit, 'A confidential citizen is revealed only to a unit handling the order.');
    INSERT INTO @extschema@.citizen_reveal (order_no, unit_id, reason, by)
    VALUES (order_no, u, reason, actor) ON CONFLICT DO NOTHING;
    PERFORM @extschema@.record_event(order_no, NULL, actor, 'staff', 'reveal_citizen', o.state, o.state, reason,
                                     pg_catalog.jsonb_build_object('unit', unit));
END $$;
COMMENT ON FUNCTION @extschema@.reveal_citizen_as(@extschema@.order_no, text, text, text) IS
    'internal: the body of hotline.reveal_citizen, called with the owner''s rights after the caller''s part is checked';
REVOKE ALL ON FUNCTION @extschema@.reveal_citizen_as(@extschema@.order_no, text, text, text) FROM PUBLIC;

CREATE FUNCTION @extschema@.reveal_citizen(order_no @extschema@.order_no, unit text, reason text,
                                           actor text DEFAULT current_user)
RETURNS void
AS 'MODULE_PATHNAME', 'hotline_staff_entry'
LANGUAGE C VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.reveal_citizen(@extschema@.order_no, text, text, text) IS
    'reveals a confidential order''s citizen to one of its handling units, with a reason, recorded on the order''s history: that unit''s staff read the citizen and the place in clear (R-11.1); for dispatchers, reviewers and supervisors';
REVOKE ALL ON FUNCTION @extschema@.reveal_citizen(@extschema@.order_no, text, text, text) FROM PUBLIC;
