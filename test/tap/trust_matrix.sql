-- Issue 10: the role matrix.  For every function and table or view of
-- schema hotline that is not PUBLIC's, which of the hotline's group roles
-- may call or read it; anything not in this table is granted to none of
-- them.  A change of the access model changes this table, on purpose.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public;   -- (names come out schema-qualified)
BEGIN;
SELECT plan(3);

CREATE TEMP TABLE matrix (kind text, obj text, roles text);
INSERT INTO matrix VALUES
    -- the engine and the 12345 workflow's named functions: the acting roles (the engine decides per action)
    ('function', 'hotline.open_order(text,text,text,text,jsonb)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.apply_action(hotline.order_no,text,text,text,jsonb,bigint)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.apply_action_result(hotline.order_no,text,text,text,jsonb,bigint)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.apply_unit_action(hotline.order_no,text,text,text,jsonb,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.accept(text,hotline.appeal_type,hotline.channel,text,text,text,text,boolean,text,hotline.urgency,text,timestamp with time zone,text,double precision,double precision,text,text,hotline.emergency_kind,text,text,name)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.accept(text,text,text,text,text,text,text,boolean,text,text,text,timestamp with time zone,text,double precision,double precision,text,text,text,text,text,name)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.appeal_12345_accused(hotline.order_no,name)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.answer(text,hotline.appeal_type,hotline.channel,text,text,text,text,text,text,text,boolean,text,hotline.urgency,text,timestamp with time zone,text,text,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.answer(text,text,text,text,text,text,text,text,text,text,boolean,text,text,text,timestamp with time zone,text,text,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.reject(text,hotline.appeal_type,hotline.channel,text,text,text,text,text,text,boolean,text,hotline.urgency,text,timestamp with time zone,text,text,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.reject(text,text,text,text,text,text,text,text,text,boolean,text,text,text,timestamp with time zone,text,text,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.dispatch(hotline.order_no,text,text,text,text[],text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.sign_for(hotline.order_no,text,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.return_order(hotline.order_no,text,text,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.request_extension(hotline.order_no,text,text,timestamp with time zone,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.decide_extension(hotline.order_no,text,boolean,timestamp with time zone,text,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.pass_down(hotline.order_no,text,text[],text,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.reply(hotline.order_no,text,text,boolean,text,text,text,timestamp with time zone,text[])', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.withdraw(hotline.order_no,text,text,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.resume(hotline.order_no,text,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.review(hotline.order_no,boolean,text,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.callback(hotline.order_no,hotline.satisfaction,hotline.satisfaction,text,text,text,boolean)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.callback(hotline.order_no,text,text,text,text,text,boolean)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.close_order(hotline.order_no,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.archive(hotline.order_no,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.terminate(hotline.order_no,text,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.merge(hotline.order_no,hotline.order_no,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    -- supervision (督办)
    ('function', 'hotline.open_supervision(hotline.order_no,text,text,text,text,bigint,text,text)', 'supervisor'),
    ('function', 'hotline.record_supervision(bigint,text,text,text)', 'supervisor'),
    ('function', 'hotline.close_supervision(bigint,text,text)', 'supervisor'),
    -- 回避
    ('function', 'hotline.exclude_staff(hotline.order_no,name,text,text)', 'agent,dispatcher,reviewer,supervisor'),
    ('function', 'hotline.declare_conflict(hotline.order_no,text,text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.lift_exclusion(hotline.order_no,name,text,text)', 'supervisor'),
    -- exemptions from assessment (免考)
    ('function', 'hotline.request_exemption(hotline.order_no,text,text,text,text)', 'unit'),
    ('function', 'hotline.decide_exemption(bigint,boolean,text,text)', 'supervisor'),
    ('relation', 'hotline.exemption', 'agent,dispatcher,reviewer,supervisor,unit'),
    -- the contact centre's records (R-2.1): loaded as agents; service levels for the centre and analysts
    ('relation', 'hotline.contact', 'agent'),
    ('relation', 'hotline.contact_limit', 'admin,agent,analyst,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.contact_service_level', 'admin,agent,analyst,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.public_case', 'agent,analyst,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.public_unit_ranking', 'agent,analyst,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.unit_tree', 'admin,agent,analyst,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.hot_spots(text,text,date,integer)', 'agent,analyst,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.assessment_weight', 'admin,agent,analyst,dispatcher,reviewer,supervisor,unit'),
    -- the knowledge base (issue 12)
    ('relation', 'hotline.kb_article', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.kb_version', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.kb_error', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.kb_in_force', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.kb_search(text,integer)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.kb_cite(text)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.kb_usage', 'agent,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.kb_citation', 'agent,dispatcher,reviewer,supervisor'),
    ('function', 'hotline.search_orders(text,date,date,text,text,text[],boolean,boolean,integer)',
     'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.order_text', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.order_words', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.search_orders_keeps(hotline.order_no,timestamp with time zone,timestamp with time zone,text[],boolean,bigint[],bigint[])',
     'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.zh_synonym', 'admin,agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.zh_expand(tsquery)', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.record_suggestion(hotline.order_no,integer,text)', 'agent,dispatcher,supervisor'),
    ('function', 'hotline.suggest_units(hotline.order_no,integer,text)', 'agent,dispatcher,supervisor'),
    ('relation', 'hotline.unit_suggestion', 'agent,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.unit_suggestion_outcome', 'agent,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.unit_suggestion_daily', 'agent,analyst,dispatcher,reviewer,supervisor'),
    ('function', 'hotline.kb_write(bigint,text,text,text,text,text,text,date,date,interval,text,text)', 'supervisor,unit'),
    ('function', 'hotline.kb_decide_error(bigint,boolean,text,text)', 'supervisor,unit'),
    ('function', 'hotline.kb_publish(bigint,text)', 'supervisor'),
    ('function', 'hotline.kb_retire(bigint,text,text)', 'supervisor'),
    ('function', 'hotline.kb_report_error(bigint,integer,text,text)', 'agent,dispatcher,reviewer,supervisor'),
    -- the statistics (issue 11): facts name orders; rollups, BI views and the published assessment count them
    ('relation', 'hotline.assignment_fact', 'agent,analyst,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.order_fact', 'agent,analyst,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.assessment_rollup', 'admin,agent,analyst,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.order_rollup', 'admin,agent,analyst,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.assessment_daily', 'admin,agent,analyst,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.orders_daily', 'admin,agent,analyst,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.assessment_monthly', 'admin,agent,analyst,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.statistics_check', 'admin'),
    ('function', 'hotline.unit_assessment(text,date)', 'admin,agent,analyst,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.assessment_comparison(text,date)', 'admin,agent,analyst,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.centre_figures(text,date)', 'admin,agent,analyst,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.assessment_report(text,date)', 'admin,agent,analyst,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.open311_services', 'agent,analyst,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.open311_requests', 'agent,analyst,dispatcher,reviewer,supervisor'),
    -- the hash chains of the histories (R-1.6)
    ('function', 'hotline.verify_history(hotline.order_no)', 'admin,supervisor'),
    ('function', 'hotline.verify_histories(timestamp with time zone)', 'admin,supervisor'),
    -- confidential citizens (R-11.1): the centre reveals one to a unit
    ('function', 'hotline.reveal_citizen(hotline.order_no,text,text,text)', 'dispatcher,reviewer,supervisor'),
    -- row-level security's helpers (hotline.order_contact calls them as its caller)
    ('function', 'hotline.acting_units()', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('function', 'hotline.reads_city()', 'agent,dispatcher,reviewer,supervisor,unit'),
    -- administration
    ('function', 'hotline.register_workflow(jsonb)', 'admin'),
    ('function', 'hotline.workflow_orphan_state(text)', 'admin'),
    ('function', 'hotline.import_ics(text,bytea,hotline.day_kind,text,integer[])', 'admin'),
    ('function', 'hotline.import_ics(text,text,hotline.day_kind,text,integer[])', 'admin'),
    -- what each reads (row-level security filters the rows)
    -- a unit's staff read the columns of orders and citizens that are no
    -- one's personal data only (column privileges, not the table's: see
    -- trust_masking), the citizen and the place through order_contact
    ('relation', 'hotline.work_order', 'agent,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.assignment', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.order_event', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.citizen', 'agent,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.order_contact', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.citizen_reveal', 'supervisor'),
    -- what the chasing writes: the centre's, and a unit's own (row-level security)
    ('relation', 'hotline.supervision', 'supervisor,unit'),
    ('relation', 'hotline.supervision_record', 'supervisor,unit'),
    ('relation', 'hotline.public_notice', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.alarm', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.outbox', 'supervisor,unit'),
    -- gateways: the outbox functions only, of the channels hotline.outbox_gateway names (trust_blind)
    ('function', 'hotline.outbox_claim(text,text,integer,interval)', 'gateway'),
    ('function', 'hotline.outbox_ack(bigint,text)', 'gateway'),
    ('function', 'hotline.outbox_fail(bigint,text,text,boolean)', 'gateway'),
    ('relation', 'hotline.outbox_gateway', 'admin'),
    ('relation', 'hotline.supervision_board', 'supervisor'),
    ('relation', 'hotline.order_exclusion', 'supervisor'),
    ('relation', 'hotline.staff', 'admin'),
    ('relation', 'hotline.job_run', 'admin'),
    ('relation', 'hotline.job_schedule', 'admin'),
    ('relation', 'hotline.job_status', 'admin'),
    ('function', 'hotline.cron_job_info()', 'admin'),
    -- the home-visit plugin (上门服务, workflows/home_visit/): the centre applies and evaluates, the service
    -- unit's staff reply, book and visit, either cancels or asks for a new time, the gateway imports replies;
    -- visits are read under row-level security, the configuration is the administrators'
    ('function', 'hotline.apply_home_visit(text,text,text,text,text,text,text,text,text,text[],hotline.order_no,text,text,text,text)', 'agent,reviewer,supervisor'),
    ('function', 'hotline.evaluate_visit(hotline.order_no,text,text)', 'agent,reviewer,supervisor'),
    ('function', 'hotline.approve_visit(hotline.order_no)', 'unit'),
    ('function', 'hotline.refuse_visit(hotline.order_no,text)', 'unit'),
    ('function', 'hotline.book_visit(hotline.order_no,timestamp with time zone,timestamp with time zone,name[],text)', 'unit'),
    ('function', 'hotline.confirm_visit(hotline.order_no,text,text[],text)', 'unit'),
    ('function', 'hotline.prepare_visit(hotline.order_no,jsonb)', 'unit'),
    ('function', 'hotline.record_visit(hotline.order_no,timestamp with time zone,text,boolean,jsonb,text[],text)', 'unit'),
    ('function', 'hotline.complete_visit(hotline.order_no,text)', 'unit'),
    ('function', 'hotline.reschedule_visit(hotline.order_no,timestamp with time zone,timestamp with time zone,text,name[],text)', 'agent,supervisor,unit'),
    ('function', 'hotline.cancel_visit(hotline.order_no,text)', 'agent,supervisor,unit'),
    ('function', 'hotline.visit_schedule(text,date,date,name)', 'agent,supervisor,unit'),
    ('function', 'hotline.home_visit_unit(hotline.order_no)', 'agent,supervisor,unit'),
    ('function', 'hotline.complain_about_visit(hotline.order_no,text,text,text,text,text)', 'agent,supervisor'),
    ('function', 'hotline.home_visit_complaint_target(hotline.order_no)', 'agent,supervisor'),
    ('function', 'hotline.home_visit_link_complaint(hotline.order_no,hotline.order_no)', 'agent,supervisor'),
    ('function', 'hotline.import_visit_reply(text,text)', 'gateway'),
    ('relation', 'hotline.home_visit', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.home_visit_link', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.home_visit_links', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.visit_appointment', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.visit_booking', 'agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.visit_qualification_kind', 'admin,agent,dispatcher,reviewer,supervisor,unit'),
    ('relation', 'hotline.visit_staff', 'admin,agent,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.visit_staff_qualification', 'admin,agent,dispatcher,reviewer,supervisor'),
    ('relation', 'hotline.visit_unit', 'admin,agent,dispatcher,reviewer,supervisor,unit');

CREATE TEMP VIEW actual AS
WITH roles(r) AS (VALUES ('hotline_agent'), ('hotline_dispatcher'), ('hotline_reviewer'), ('hotline_supervisor'),
                         ('hotline_unit'), ('hotline_gateway'), ('hotline_analyst'), ('hotline_admin')),
objs AS (
    SELECT 'function' AS kind, p.oid::regprocedure::text AS obj, p.oid FROM pg_proc p
    WHERE p.pronamespace = 'hotline'::regnamespace AND NOT has_function_privilege('public', p.oid, 'EXECUTE')
    UNION ALL
    SELECT 'relation', c.oid::regclass::text, c.oid FROM pg_class c
    WHERE c.relnamespace = 'hotline'::regnamespace AND c.relkind IN ('r', 'v', 'p')
      AND NOT has_table_privilege('public', c.oid, 'SELECT'))
SELECT o.kind, o.obj, string_agg(replace(r.r, 'hotline_', ''), ',' ORDER BY r.r) AS roles
FROM objs o JOIN roles r
  ON CASE o.kind WHEN 'function' THEN has_function_privilege(r.r, o.oid, 'EXECUTE')
                 ELSE has_table_privilege(r.r, o.oid, 'SELECT') END
GROUP BY 1, 2;

SELECT is(ARRAY(SELECT ROW(a.*)::text FROM actual a EXCEPT SELECT ROW(m.*)::text FROM matrix m ORDER BY 1), '{}'::text[],
          'no role may call or read more than the matrix says');
SELECT is(ARRAY(SELECT ROW(m.*)::text FROM matrix m EXCEPT SELECT ROW(a.*)::text FROM actual a ORDER BY 1), '{}'::text[],
          'and each may what it says');
SELECT is(ARRAY(SELECT DISTINCT obj FROM actual WHERE roles ~ '(gateway|analyst)' ORDER BY 1),
          ARRAY['hotline.assessment_comparison(text,date)', 'hotline.assessment_daily', 'hotline.assessment_monthly',
                'hotline.assessment_report(text,date)',
                'hotline.assessment_rollup', 'hotline.assessment_weight', 'hotline.assignment_fact',
                'hotline.centre_figures(text,date)', 'hotline.contact_limit', 'hotline.contact_service_level',
                'hotline.hot_spots(text,text,date,integer)',
                'hotline.import_visit_reply(text,text)', 'hotline.open311_requests', 'hotline.open311_services', 'hotline.order_fact', 'hotline.order_rollup',
                'hotline.orders_daily', 'hotline.outbox_ack(bigint,text)',
                'hotline.outbox_claim(text,text,integer,interval)', 'hotline.outbox_fail(bigint,text,text,boolean)',
                'hotline.public_case', 'hotline.public_unit_ranking', 'hotline.unit_assessment(text,date)',
                'hotline.unit_suggestion_daily', 'hotline.unit_tree'],
          'analysts read the contact centre''s service levels, the statistics and the published cases (no person in them) and nothing of people; gateways only the outbox''s three and the calendar replies of home visits');

SELECT * FROM finish();
ROLLBACK;
