-- ---------------------------------------------------------------------------
-- Row-level security (issue 10, R-11.2): a unit's staff read only the
-- orders dispatched to their unit or its sub-units, with those orders'
-- assignments of their units, their history and their citizens; the
-- centre's roles read the city.  The engine and the jobs run as the
-- tables' owner, which the policies do not restrict.  Only reading is
-- granted: every change goes through the engine.
-- ---------------------------------------------------------------------------


-- The grants and policies, in one place for CREATE EXTENSION and the
-- update step.  Each policy reads the caller's units once per query (an
-- uncorrelated scalar subquery) and finds an order's assignments by the
-- order's key.
CREATE FUNCTION @extschema@.secure_tables() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    t   text;
BEGIN
    -- trigger functions are the tables' own: no one attaches them to a table
    -- of theirs (a C trigger reads its table's columns as the history's)
    FOR t IN SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
             WHERE p.pronamespace = '@extschema@'::regnamespace AND p.prorettype = 'trigger'::regtype LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', t);
    END LOOP;
    -- the table names are these constants, never a caller's
    -- (and to the centre's roles, for hotline.order_contact, whose caller
    -- calls the functions it uses: none of their units)
    REVOKE ALL ON FUNCTION @extschema@.acting_units() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION @extschema@.acting_units()
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit;
    GRANT SELECT ON @extschema@.unit, @extschema@.topic
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit, hotline_analyst;
    GRANT SELECT ON @extschema@.work_order, @extschema@.assignment, @extschema@.order_event, @extschema@.citizen
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor;
    GRANT SELECT ON @extschema@.assignment, @extschema@.order_event, @extschema@.order_words, @extschema@.order_text
        TO hotline_unit;
    GRANT SELECT ON @extschema@.order_words, @extschema@.order_text
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor;
    -- 辅助派单: the centre's agents, dispatchers and supervisors ask for
    -- suggestions and read them; the hit rate is a report
    GRANT EXECUTE ON FUNCTION @extschema@.record_suggestion(@extschema@.order_no, integer, text),
        @extschema@.suggest_units(@extschema@.order_no, integer, text)
        TO hotline_agent, hotline_dispatcher, hotline_supervisor;
    GRANT SELECT ON @extschema@.unit_suggestion, @extschema@.unit_suggestion_outcome
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor;
    GRANT SELECT ON @extschema@.unit_suggestion_daily
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_analyst;
    -- the synonyms: every searcher reads them, administrators keep them
    GRANT SELECT ON @extschema@.zh_synonym
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit, hotline_admin;
    GRANT INSERT, UPDATE, DELETE ON @extschema@.zh_synonym TO hotline_admin;
    GRANT EXECUTE ON FUNCTION @extschema@.zh_expand(tsquery)
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit;
    -- orders by their words, with the caller's rights (row-level security)
    GRANT EXECUTE ON FUNCTION
        @extschema@.search_orders(text, date, date, text, text, text[], boolean, boolean, integer),
        @extschema@.search_orders_keeps(@extschema@.order_no, timestamptz, timestamptz, text[], boolean, bigint[], bigint[])
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit;
    -- confidential citizens (R-11.1): a unit's staff read no personal column
    -- of an order and no citizen, only what hotline.order_contact shows them
    -- (masked where the order is confidential); the columns by the catalog
    REVOKE SELECT ON @extschema@.work_order, @extschema@.citizen FROM hotline_unit;
    EXECUTE (SELECT pg_catalog.format('GRANT SELECT (%s) ON @extschema@.work_order TO hotline_unit',
                                      pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum))
             FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = '@extschema@.work_order'::regclass AND a.attnum > 0 AND NOT a.attisdropped
               AND a.attname <> ALL (ARRAY['contact_name', 'address', 'longitude', 'latitude', 'citizen_id']::name[]));
    -- (nor which citizen an order is: a unit would link a confidential
    -- order to the same citizen's ordinary one)
    GRANT SELECT ON @extschema@.order_contact
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit;
    GRANT EXECUTE ON FUNCTION @extschema@.reveal_citizen(@extschema@.order_no, text, text, text)
        TO hotline_dispatcher, hotline_reviewer, hotline_supervisor;
    GRANT SELECT ON @extschema@.citizen_reveal TO hotline_supervisor;
    REVOKE ALL ON FUNCTION @extschema@.reads_city() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION @extschema@.reads_city()
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit;
    -- supervision (督办): the supervisors' entry points (extension/domain/entry.c
    -- checks the part and records the login) and what they read
    GRANT EXECUTE ON FUNCTION
        @extschema@.open_supervision(@extschema@.order_no, text, text, text, text, bigint, text, text),
        @extschema@.record_supervision(bigint, text, text, text),
        @extschema@.close_supervision(bigint, text, text)
        TO hotline_supervisor;
    GRANT SELECT ON @extschema@.supervision, @extschema@.supervision_record, @extschema@.supervision_board
        TO hotline_supervisor;
    -- 回避: the centre records exclusions, anyone acting declares its own
    -- conflict; every reader's own exclusions are read by the policies
    GRANT EXECUTE ON FUNCTION @extschema@.exclude_staff(@extschema@.order_no, name, text, text)
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor;
    GRANT EXECUTE ON FUNCTION @extschema@.declare_conflict(@extschema@.order_no, text, text)
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit;
    GRANT SELECT ON @extschema@.order_exclusion TO hotline_supervisor;
    GRANT EXECUTE ON FUNCTION @extschema@.lift_exclusion(@extschema@.order_no, name, text, text) TO hotline_supervisor;
    -- the contact centre's records (R-2.1): its front end and switch (as
    -- agents) load and complete them; its service levels are the centre's,
    -- the analysts' and the administrators' (no person in them)
    GRANT SELECT, INSERT, UPDATE ON @extschema@.contact TO hotline_agent;
    GRANT SELECT ON @extschema@.contact_service_level, @extschema@.contact_limit
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_analyst, hotline_admin;
    GRANT INSERT, UPDATE, DELETE ON @extschema@.contact_limit TO hotline_admin;
    -- what the assessment is built on: the unit tree and the score's weights
    GRANT SELECT ON @extschema@.unit_tree, @extschema@.assessment_weight
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit, hotline_analyst,
           hotline_admin;
    GRANT INSERT, UPDATE, DELETE ON @extschema@.assessment_weight TO hotline_admin;
    GRANT EXECUTE ON FUNCTION @extschema@.hot_spots(text, text, date, integer)
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_analyst;
    -- the statistics (issue 11): the facts name orders (the centre's and
    -- the analysts'), the rollups and the BI views count them; the
    -- assessment and the centre's figures are published, units read them too
    GRANT SELECT ON @extschema@.assignment_fact, @extschema@.order_fact
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_analyst;
    GRANT SELECT ON @extschema@.assessment_rollup, @extschema@.order_rollup, @extschema@.assessment_daily,
        @extschema@.orders_daily, @extschema@.assessment_monthly
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_analyst, hotline_admin;
    GRANT EXECUTE ON FUNCTION @extschema@.unit_assessment(text, date), @extschema@.assessment_comparison(text, date),
        @extschema@.centre_figures(text, date)
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit, hotline_analyst,
           hotline_admin;
    GRANT SELECT ON @extschema@.statistics_check TO hotline_admin;
    GRANT EXECUTE ON FUNCTION @extschema@.assessment_report(text, date)
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_analyst, hotline_admin;
    -- the knowledge base (知识库): everyone acting reads it and searches it;
    -- the centre's knowledge staff and the owner units write it (the entry
    -- points check which articles), agents report errors
    GRANT SELECT ON @extschema@.kb_article, @extschema@.kb_version, @extschema@.kb_error, @extschema@.kb_in_force
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit;
    GRANT EXECUTE ON FUNCTION @extschema@.kb_search(text, integer), @extschema@.kb_cite(text)
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit;
    GRANT SELECT ON @extschema@.kb_citation, @extschema@.kb_usage
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor;
    GRANT EXECUTE ON FUNCTION
        @extschema@.kb_write(bigint, text, text, text, text, text, text, date, date, interval, text, text),
        @extschema@.kb_decide_error(bigint, boolean, text, text)
        TO hotline_supervisor, hotline_unit;
    GRANT EXECUTE ON FUNCTION @extschema@.kb_publish(bigint, text), @extschema@.kb_retire(bigint, text, text)
        TO hotline_supervisor;
    GRANT EXECUTE ON FUNCTION @extschema@.kb_report_error(bigint, integer, text, text)
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor;
    -- the handled cases a centre publishes (no person in them)
    GRANT SELECT ON @extschema@.public_case, @extschema@.open311_services, @extschema@.open311_requests,
        @extschema@.public_unit_ranking
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_analyst;
    -- exemptions from assessment (免考): units ask, supervisors decide
    GRANT EXECUTE ON FUNCTION @extschema@.request_exemption(@extschema@.order_no, text, text, text, text) TO hotline_unit;
    GRANT EXECUTE ON FUNCTION @extschema@.decide_exemption(bigint, boolean, text, text) TO hotline_supervisor;
    GRANT SELECT ON @extschema@.exemption
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, hotline_unit;
    -- the hash chains of the histories (R-1.6): supervisors and administrators verify them
    GRANT EXECUTE ON FUNCTION @extschema@.verify_history(@extschema@.order_no),
        @extschema@.verify_histories(timestamptz)
        TO hotline_supervisor, hotline_admin;
    -- administrators (hotline_admin): units, topics and staff; calendars; workflows; the jobs
    GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.unit, @extschema@.topic, @extschema@.staff,
        @extschema@.calendar, @extschema@.calendar_day, @extschema@.calendar_year,
        @extschema@.workflow, @extschema@.workflow_state, @extschema@.workflow_action, @extschema@.workflow_limit,
        @extschema@.workflow_hook, @extschema@.workflow_escalation, @extschema@.workflow_setting,
        @extschema@.workflow_message
        TO hotline_admin;
    GRANT EXECUTE ON FUNCTION @extschema@.register_workflow(jsonb), @extschema@.workflow_orphan_state(text),
        @extschema@.import_ics(text, text, @extschema@.day_kind, text, integer[]),
        @extschema@.import_ics(text, bytea, @extschema@.day_kind, text, integer[])
        TO hotline_admin;
    GRANT SELECT ON @extschema@.job, @extschema@.job_run, @extschema@.job_schedule, @extschema@.job_status
        TO hotline_admin;
    -- (job_status shows pg_cron's side through it: its caller calls it)
    GRANT EXECUTE ON FUNCTION @extschema@.cron_job_info() TO hotline_admin;

    -- the centre's roles read every row, as does a reader the DBA gave
    -- pg_read_all_data (a BI tool's login); only reading is granted
    FOREACH t IN ARRAY ARRAY['work_order', 'assignment', 'order_event', 'citizen', 'order_words', 'order_text'] LOOP
        EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format('CREATE POLICY centre_reads ON @extschema@.%I FOR SELECT '
            'TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, pg_read_all_data '
            'USING (true)', t);
    END LOOP;
    -- a unit's staff: the orders with an assignment of their units, and their history
    FOREACH t IN ARRAY ARRAY['work_order', 'order_event', 'order_words', 'order_text'] LOOP
        EXECUTE pg_catalog.format('CREATE POLICY unit_reads ON @extschema@.%1$I FOR SELECT TO hotline_unit '
            'USING (EXISTS (SELECT 1 FROM @extschema@.assignment a WHERE a.order_no = %1$I.order_no '
            '  AND a.unit_id = ANY ((SELECT @extschema@.acting_units())::bigint[])))', t);
    END LOOP;
    -- whoever reads: never an order it is excluded from (回避), its
    -- assignments or its history
    FOREACH t IN ARRAY ARRAY['work_order', 'assignment', 'order_event', 'order_words', 'order_text'] LOOP
        EXECUTE pg_catalog.format('CREATE POLICY not_excluded ON @extschema@.%1$I AS RESTRICTIVE FOR SELECT '
            'USING (NOT (%1$I.order_no = ANY ((SELECT @extschema@.excluded_orders())::@extschema@.order_no[])))', t);
    END LOOP;
    -- nor the citizen of such an order (who complained about the reader)
    CREATE POLICY not_excluded ON @extschema@.citizen AS RESTRICTIVE FOR SELECT
        USING (NOT (citizen.id = ANY ((SELECT @extschema@.excluded_citizens())::bigint[])));
    -- their units' assignments (the citizens of their orders: through
    -- hotline.order_contact only)
    CREATE POLICY unit_reads ON @extschema@.assignment FOR SELECT TO hotline_unit
        USING (unit_id = ANY ((SELECT @extschema@.acting_units())::bigint[]));

    -- what the chasing writes about orders (R-5): supervision (督办) and its
    -- records, public notices (通报), the deadlines' alarms, the outbox's
    -- messages.  The centre reads them (the outbox: supervisors, who watch
    -- deliveries); a unit's staff the supervision of their orders, the
    -- notices about their units, the alarms of their assignments and the
    -- messages addressed to their units; no one those of an order it is
    -- excluded from.
    GRANT SELECT ON @extschema@.supervision, @extschema@.supervision_record, @extschema@.public_notice,
        @extschema@.alarm TO hotline_unit;
    GRANT SELECT ON @extschema@.public_notice, @extschema@.alarm
        TO hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor;
    GRANT SELECT ON @extschema@.outbox TO hotline_supervisor, hotline_unit;
    -- gateways (hotline_gateway) call the outbox functions and read nothing
    -- else; administrators say which role delivers which channel
    -- (hotline.outbox_gateway)
    GRANT EXECUTE ON FUNCTION @extschema@.outbox_claim(text, text, integer, interval),
        @extschema@.outbox_ack(bigint, text), @extschema@.outbox_fail(bigint, text, text, boolean)
        TO hotline_gateway;
    GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.outbox_gateway TO hotline_admin;
    FOREACH t IN ARRAY ARRAY['supervision', 'supervision_record', 'public_notice', 'alarm', 'outbox', 'exemption'] LOOP
        EXECUTE pg_catalog.format('ALTER TABLE @extschema@.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format('CREATE POLICY centre_reads ON @extschema@.%I FOR SELECT TO %s USING (true)', t,
            CASE WHEN t = 'outbox' THEN 'hotline_supervisor, pg_read_all_data'
                 ELSE 'hotline_agent, hotline_dispatcher, hotline_reviewer, hotline_supervisor, pg_read_all_data' END);
        EXECUTE pg_catalog.format('CREATE POLICY not_excluded ON @extschema@.%1$I AS RESTRICTIVE FOR SELECT '
            'USING (%1$I.order_no IS NULL '
            '       OR NOT (%1$I.order_no = ANY ((SELECT @extschema@.excluded_orders())::@extschema@.order_no[])))', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['supervision', 'supervision_record'] LOOP
        EXECUTE pg_catalog.format('CREATE POLICY unit_reads ON @extschema@.%1$I FOR SELECT TO hotline_unit '
            'USING (EXISTS (SELECT 1 FROM @extschema@.assignment a WHERE a.order_no = %1$I.order_no '
            '  AND a.unit_id = ANY ((SELECT @extschema@.acting_units())::bigint[])))', t);
    END LOOP;
    CREATE POLICY unit_reads ON @extschema@.public_notice FOR SELECT TO hotline_unit
        USING (unit_id = ANY ((SELECT @extschema@.acting_units())::bigint[]));
    CREATE POLICY unit_reads ON @extschema@.exemption FOR SELECT TO hotline_unit
        USING (unit_id = ANY ((SELECT @extschema@.acting_units())::bigint[]));
    CREATE POLICY unit_reads ON @extschema@.alarm FOR SELECT TO hotline_unit
        USING (EXISTS (SELECT 1 FROM @extschema@.assignment a
                       WHERE a.order_no = alarm.order_no AND a.id = alarm.assignment_id
                         AND a.unit_id = ANY ((SELECT @extschema@.acting_units())::bigint[])));
    CREATE POLICY unit_reads ON @extschema@.outbox FOR SELECT TO hotline_unit
        USING (recipient_unit_id = ANY ((SELECT @extschema@.acting_units())::bigint[]));
END $$;
COMMENT ON FUNCTION @extschema@.secure_tables() IS
    'internal: the order-side tables'' read grants and row-level security policies (R-11.2); run by CREATE EXTENSION and ALTER EXTENSION UPDATE';
REVOKE ALL ON FUNCTION @extschema@.secure_tables() FROM PUBLIC;

SELECT @extschema@.secure_tables();
