-- Scale out (issue 9, README "Design: Keys"): a city's hotline joins a
-- province's by logical replication without renumbering.
--
--   order-side tables   keyed (order_no, id), foreign keys through order_no:
--                       unique across cities (the order number carries the
--                       district's region code, R-1.1), colocated with their
--                       order in a cluster distributed by order_no
--   node-made lists     units, topics, citizens, repeat groups: ids from the
--                       node's region range (hotline.node_id_range), so that
--                       a city's never meet another city's or the province's;
--                       citizens unique by (region, phone)
--   shared lists        calendars and workflows: the province's own rows
--                       (never the built-in ones) pushed down to the cities
--
-- The DBA sets the node once (hotline.set_node), then creates the
-- publications with hotline.publish_city / hotline.publish_province and the
-- subscriptions with CREATE SUBSCRIPTION (README, "Joining a province").

-- R-1.1: the range of the ids a node of REGION draws: region * 10^12 and the
-- 10^12 - 1 ids after it (a 6-digit region keeps them below 2^63).
CREATE FUNCTION @extschema@.node_id_range(region text, OUT first_id bigint, OUT last_id bigint)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF region !~ '^[0-9]{6}$' THEN
        RAISE EXCEPTION 'invalid region "%"', region
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A node''s region is a 6-digit administrative division code (GB/T 2260).',
                  HINT = 'Pass the code of the city or province, e.g. region => ''320100'' (南京市).';
    END IF;
    first_id := region::bigint * 1000000000000;
    last_id := first_id + 999999999999;
END $$;
COMMENT ON FUNCTION @extschema@.node_id_range(text) IS
    'the ids a node of the region draws for its units, topics, citizens and repeat groups: region * 10^12 to region * 10^12 + 10^12 - 1 (README, Design: Keys)';

-- The tables whose ids a node draws from its region's range.
CREATE FUNCTION @extschema@.node_id_tables() RETURNS regclass[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT ARRAY['@extschema@.unit'::regclass, '@extschema@.topic'::regclass,
                 '@extschema@.citizen'::regclass, '@extschema@.repeat_group'::regclass]
$$;
COMMENT ON FUNCTION @extschema@.node_id_tables() IS
    'internal: the tables whose ids come from the node''s region range (units, topics, citizens, repeat groups)';

-- Set the node's region (the DBA, once per database, before it publishes).
-- Rows made before any region was set (ids below 10^12, citizens of region
-- 000000: an updated 0.1.0 or a hotline that ran before set_node) are moved
-- into the region's range, with every reference to them (ON UPDATE
-- CASCADE); each table's sequence then continues in the range.  Setting
-- another region later starts new ranges and leaves the rows made under the
-- old one as they are (their ids stay unique).
CREATE FUNCTION @extschema@.set_node(region text) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    old_region  text := @extschema@.node_region();
    r           record;
    t           regclass;
    seq         text;
    moved       bigint;
    top         bigint;
    result      jsonb := '{}';
BEGIN
    IF region IS NULL OR region !~ '^[0-9]{6}$' OR region = '000000' THEN
        RAISE EXCEPTION 'invalid region "%"', region
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A node''s region is the 6-digit administrative division code (GB/T 2260) of the city or province whose hotline the database runs; 000000 means not set.',
                  HINT = 'Pass e.g. hotline.set_node(''320100'') for 南京市, hotline.set_node(''320000'') for 江苏省.';
    END IF;
    SELECT * INTO r FROM @extschema@.node_id_range(region);
    INSERT INTO @extschema@.node AS n (region) VALUES (region)
    ON CONFLICT (singleton) DO UPDATE SET region = EXCLUDED.region, set_at = EXCLUDED.set_at;

    FOREACH t IN ARRAY @extschema@.node_id_tables() LOOP
        moved := 0;
        IF old_region = '000000' THEN
            EXECUTE format('UPDATE %s SET id = id + $1 WHERE id < 1000000000000', t) USING r.first_id;
            GET DIAGNOSTICS moved = ROW_COUNT;
        END IF;
        EXECUTE format('SELECT max(id) FROM %s WHERE id BETWEEN $1 AND $2', t) INTO top USING r.first_id, r.last_id;
        seq := pg_catalog.pg_get_serial_sequence(t::text, 'id');
        IF top IS NULL THEN
            PERFORM pg_catalog.setval(seq, r.first_id, false);
        ELSE
            PERFORM pg_catalog.setval(seq, top, true);
        END IF;
        result := result || jsonb_build_object(pg_catalog.split_part(t::text, '.', 2), moved);
    END LOOP;
    IF old_region = '000000' THEN
        UPDATE @extschema@.citizen c SET region = set_node.region WHERE c.region = '000000';
    END IF;
    RETURN jsonb_build_object('region', region, 'previous', old_region, 'first_id', r.first_id,
                              'last_id', r.last_id, 'moved', result);
END $$;
COMMENT ON FUNCTION @extschema@.set_node(text) IS
    'sets the region of this database''s hotline (hotline.node): units, topics, citizens and repeat groups get ids from the region''s range from now on, and those made before any region was set move into it (README, Design: Keys)';
REVOKE ALL ON FUNCTION @extschema@.set_node(text) FROM PUBLIC;

-- The node's region, refusing a node whose region is not set.
CREATE FUNCTION @extschema@.node_region_set(what text) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    region  text := @extschema@.node_region();
BEGIN
    IF region = '000000' THEN
        RAISE EXCEPTION '% needs the node''s region', what
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'The rows a node publishes are chosen by its region''s id range; this database''s region is not set (000000).',
                  HINT = 'Set it first, e.g. SELECT hotline.set_node(''320100'');';
    END IF;
    RETURN region;
END $$;
COMMENT ON FUNCTION @extschema@.node_region_set(text) IS 'internal: the node''s region; an error naming WHAT when it is not set';

-- A row filter keeping the rows a node of REGION made: its id range.
CREATE FUNCTION @extschema@.node_row_filter(region text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
    SELECT format('(id BETWEEN %s AND %s)', r.first_id, r.last_id) FROM @extschema@.node_id_range(region) r
$$;
COMMENT ON FUNCTION @extschema@.node_row_filter(text) IS 'internal: the publication row filter of the rows a node of the region made (its id range)';

-- A city's publication (hotline_city), which the province subscribes to:
-- every order-side table whole (every order of a city's database is the
-- city's), and of the node-made lists only the rows in the city's id range
-- (not the province's units and topics it received, nor rows of another
-- region).  Not published: jobs, job runs and schedules, calendar changes,
-- the outbox, order number counters, the node itself (local to each
-- database), and calendars and workflows (the province's).
CREATE FUNCTION @extschema@.publish_city() RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    f   text := @extschema@.node_row_filter(@extschema@.node_region_set('hotline.publish_city'));
BEGIN
    EXECUTE format('CREATE PUBLICATION hotline_city FOR TABLE
        %1$I.work_order, %1$I.assignment, %1$I.order_event, %1$I.alarm, %1$I.public_notice,
        %1$I.supervision, %1$I.supervision_record, %1$I.repeat_member, %1$I.order_exclusion, %1$I.citizen_reveal,
        %1$I.repeat_group WHERE %2$s, %1$I.citizen WHERE %2$s, %1$I.unit WHERE %2$s, %1$I.topic WHERE %2$s',
        '@extschema@', f);
    RETURN 'hotline_city';
END $$;
COMMENT ON FUNCTION @extschema@.publish_city() IS
    'creates the publication hotline_city of a city''s hotline for its province: orders and every order-side row, and the units, topics, citizens and repeat groups in the city''s id range (README, Joining a province)';
REVOKE ALL ON FUNCTION @extschema@.publish_city() FROM PUBLIC;

-- The province's publication (hotline_province), which every city
-- subscribes to: the shared lists the province owns.  Calendars and
-- workflows without their built-in rows (calendar cn and the built-in
-- workflows exist on every node and change with the extension), units and
-- topics in the province's id range.  Row filters on UPDATE and DELETE need
-- their columns in the replica identity: the tables filtered by builtin get
-- REPLICA IDENTITY FULL (small lists).
CREATE FUNCTION @extschema@.publish_province() RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    f       text := @extschema@.node_row_filter(@extschema@.node_region_set('hotline.publish_province'));
    t       text;
    mine    text;
BEGIN
    FOREACH t IN ARRAY ARRAY['calendar', 'calendar_day', 'calendar_year', 'workflow', 'workflow_limit',
                             'workflow_escalation', 'workflow_setting'] LOOP
        EXECUTE format('ALTER TABLE %I.%I REPLICA IDENTITY FULL', '@extschema@', t);
    END LOOP;
    -- the states, actions and hooks of the province's own workflows
    SELECT coalesce('(workflow NOT IN (' || string_agg(quote_literal(w.name), ', ' ORDER BY w.name) || '))', '(true)')
    INTO mine FROM @extschema@.workflow w WHERE w.builtin;
    EXECUTE format('CREATE PUBLICATION hotline_province FOR TABLE
        %1$I.calendar WHERE (NOT builtin), %1$I.calendar_day WHERE (NOT builtin),
        %1$I.calendar_year WHERE (NOT builtin), %1$I.workflow WHERE (NOT builtin),
        %1$I.workflow_state WHERE %3$s, %1$I.workflow_action WHERE %3$s, %1$I.workflow_hook WHERE %3$s,
        %1$I.workflow_limit WHERE (NOT builtin), %1$I.workflow_escalation WHERE (NOT builtin),
        %1$I.workflow_setting WHERE (NOT builtin),
        %1$I.unit WHERE %2$s, %1$I.topic WHERE %2$s',
        '@extschema@', f, mine);
    RETURN 'hotline_province';
END $$;
COMMENT ON FUNCTION @extschema@.publish_province() IS
    'creates the publication hotline_province of a province''s hotline for its cities: its own calendars and workflows (never the built-in rows) and the units and topics in its id range (README, Joining a province)';
REVOKE ALL ON FUNCTION @extschema@.publish_province() FROM PUBLIC;

-- A city that subscribes to its province: the triggers that tell the
-- library and the deadlines of a calendar or workflow change fire when the
-- province's rows arrive too (triggers do not fire on apply unless ALWAYS).
CREATE FUNCTION @extschema@.follow_province() RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t   record;
BEGIN
    PERFORM @extschema@.node_region_set('hotline.follow_province');
    FOR t IN
        SELECT g.tgrelid::regclass AS tbl, g.tgname
        FROM pg_trigger g
        WHERE g.tgrelid = ANY (ARRAY['@extschema@.calendar'::regclass, '@extschema@.calendar_day'::regclass,
                                     '@extschema@.calendar_year'::regclass, '@extschema@.workflow'::regclass,
                                     '@extschema@.workflow_state'::regclass, '@extschema@.workflow_action'::regclass,
                                     '@extschema@.workflow_hook'::regclass, '@extschema@.workflow_limit'::regclass])
          AND NOT g.tgisinternal
          AND (g.tgname IN ('calendar_invalidate', 'workflow_invalidate') OR g.tgname LIKE 'calendar%queue%')
        ORDER BY 1, 2
    LOOP
        EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER %I', t.tbl, t.tgname);
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.follow_province() IS
    'prepares a city''s database to subscribe to its province''s hotline_province: the triggers that invalidate cached calendars and workflows and queue deadline recomputation fire on replicated rows too';
REVOKE ALL ON FUNCTION @extschema@.follow_province() FROM PUBLIC;
