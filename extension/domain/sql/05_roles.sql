-- ---------------------------------------------------------------------------
-- The hotline's group roles (issue 10, R-11.2): who may do what is decided by
-- the database.  A login acts in the workflow roles whose database roles it
-- is a member of (each workflow maps its roles to these in its option
-- db_roles); a DBA gives a login its part with one GRANT, e.g.
--   GRANT hotline_dispatcher TO desk_li;
-- The roles are the cluster's (NOLOGIN group roles, shared by its
-- databases): created when missing, kept by DROP EXTENSION.
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.create_group_roles() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r   record;
BEGIN
    -- the names and texts are these constants, never a caller's
    FOR r IN SELECT v.name, v.note FROM (VALUES
        ('hotline_agent',      'hotline: call-centre agents (话务员): intake, direct answers, callbacks'),
        ('hotline_dispatcher', 'hotline: the dispatch desk (派单员): dispatch, extensions, withdrawals'),
        ('hotline_reviewer',   'hotline: reviewers (审核员): review of replies, closing, archiving'),
        ('hotline_supervisor', 'hotline: supervisors (督办): every centre action, supervision, termination'),
        ('hotline_unit',       'hotline: a handling unit''s staff (承办单位): sign for, return, pass down, reply for their own unit'),
        ('hotline_gateway',    'hotline: message gateways (SMS, WeChat): outbox delivery only'),
        ('hotline_analyst',    'hotline: analysts and dashboards: reports and public views, no person''s data'),
        ('hotline_admin',      'hotline: administrators: calendars, workflows, units, staff, jobs')) AS v(name, note)
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles x WHERE x.rolname = r.name) THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r.name);
        END IF;
        EXECUTE pg_catalog.format('COMMENT ON ROLE %I IS %L', r.name, r.note);
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.create_group_roles() IS
    'internal: creates the hotline''s group roles that are missing (NOLOGIN) and comments them; run by CREATE EXTENSION and ALTER EXTENSION UPDATE';
REVOKE ALL ON FUNCTION @extschema@.create_group_roles() FROM PUBLIC;

-- The engine's entry points, to the roles that act in workflows: the
-- engine itself decides, per action, whether the caller's roles allow it
-- (the workflow's option db_roles), and records the caller's login.
CREATE FUNCTION @extschema@.grant_group_roles() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    GRANT EXECUTE ON FUNCTION @extschema@.open_order(text, text, text, text, jsonb),
        @extschema@.apply_action(@extschema@.order_no, text, text, text, jsonb, bigint),
        @extschema@.apply_action_result(@extschema@.order_no, text, text, text, jsonb, bigint),
        @extschema@.apply_unit_action(@extschema@.order_no, text, text, text, jsonb, text)
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit;
END $$;
COMMENT ON FUNCTION @extschema@.grant_group_roles() IS
    'internal: grants the engine''s entry points to the group roles that act in workflows; run by CREATE EXTENSION and ALTER EXTENSION UPDATE';
REVOKE ALL ON FUNCTION @extschema@.grant_group_roles() FROM PUBLIC;

SELECT @extschema@.create_group_roles();
SELECT @extschema@.grant_group_roles();
