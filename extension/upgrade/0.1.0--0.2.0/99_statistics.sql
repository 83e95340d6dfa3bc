-- Statistics (issue 11, R-9.3, R-14.1): the facts of assignments and
-- orders, the rollups the statistics job keeps from the history, the unit
-- assessment, the centre's figures and the views for BI tools; the grants
-- are hotline.secure_tables', in the last piece.  The job's first run
-- builds the facts and rollups from every order kept.
--@ function assessment_setting_check(workflow text, value jsonb)
--@ function statistics_setting_checked()
--@ trigger workflow_setting_statistics
--@ function assessment_setting(workflow text)
--@ function param_time(value text)
--@ table assignment_fact
--@ table order_fact
--@ table assessment_rollup
--@ table order_rollup
--@ table statistics_check
--@ function statistics_time_zone()
REVOKE ALL ON FUNCTION @extschema@.statistics_time_zone() FROM PUBLIC;
--@ function assessment_settings(orders @extschema@.order_no[])
REVOKE ALL ON FUNCTION @extschema@.assessment_settings(@extschema@.order_no[]) FROM PUBLIC;
--@ function last_callback(order_no @extschema@.order_no, actions text[], param text, satisfied text[], unreached text[], solved_param text)
REVOKE ALL ON FUNCTION @extschema@.last_callback(@extschema@.order_no, text[], text, text[], text[], text) FROM PUBLIC;
--@ function assignment_facts(orders @extschema@.order_no[], tz text)
REVOKE ALL ON FUNCTION @extschema@.assignment_facts(@extschema@.order_no[], text) FROM PUBLIC;
--@ function order_facts(orders @extschema@.order_no[], tz text)
REVOKE ALL ON FUNCTION @extschema@.order_facts(@extschema@.order_no[], text) FROM PUBLIC;
--@ function statistics_apply(orders @extschema@.order_no[], sign integer)
REVOKE ALL ON FUNCTION @extschema@.statistics_apply(@extschema@.order_no[], integer) FROM PUBLIC;
--@ function statistics_fold(orders @extschema@.order_no[], tz text)
REVOKE ALL ON FUNCTION @extschema@.statistics_fold(@extschema@.order_no[], text) FROM PUBLIC;
--@ function refresh_statistics(everything boolean DEFAULT false)
REVOKE ALL ON FUNCTION @extschema@.refresh_statistics(boolean) FROM PUBLIC;
CREATE INDEX ON @extschema@.repeat_member (added_at);
CREATE INDEX ON @extschema@.exemption (decided_at);
INSERT INTO @extschema@.job (name, command, default_schedule, lock_key, description, builtin) VALUES
    ('refresh_statistics', 'SELECT hotline.refresh_statistics()', '*/10 * * * *', 7,
     'folds the orders whose history grew since the last run into the facts and rollups the reports read (R-9, R-14.1)', true);
--@ function rate(part bigint, whole bigint)
--@ function assessment_figures(from_day date, to_day date)
REVOKE ALL ON FUNCTION @extschema@.assessment_figures(date, date) FROM PUBLIC;
--@ function unit_assessment(kind text, day date)
REVOKE ALL ON FUNCTION @extschema@.unit_assessment(text, date) FROM PUBLIC;
--@ function assessment_comparison(kind text, day date)
REVOKE ALL ON FUNCTION @extschema@.assessment_comparison(text, date) FROM PUBLIC;
--@ function centre_figures(kind text, day date)
REVOKE ALL ON FUNCTION @extschema@.centre_figures(text, date) FROM PUBLIC;
--@ view assessment_daily
--@ view orders_daily
--@ view assessment_monthly
--@ view public_unit_ranking
--@ function html_escape(t text)
--@ function report_percent(r numeric)
--@ function report_change(c numeric)
--@ function assessment_report(kind text DEFAULT 'month', day date DEFAULT NULL)
REVOKE ALL ON FUNCTION @extschema@.assessment_report(text, date) FROM PUBLIC;

-- The 12345 workflow (workflows/12345_appeal/12345_appeal.sql): the limits
-- of the first contact (先行联系) and the setting assessment, as
-- hotline.register_workflow writes them
INSERT INTO @extschema@.workflow_limit (workflow, deadline, time_limit, builtin, conditions) VALUES
    ('appeal_12345', 'contact', '24 hours', true, '{}'),
    ('appeal_12345', 'contact', '2 hours', true, '{"urgency": "urgent"}'),
    ('appeal_12345', 'contact', '1 hour', true, '{"urgency": "very_urgent"}');
INSERT INTO @extschema@.workflow_setting (workflow, setting, value, builtin, description) VALUES
    ('appeal_12345', 'assessment',
     '{"reply_actions": ["reply"],
       "contact": {"actions": ["reply"], "param": "contacted_at", "deadline": "contact"},
       "redo_state": "redo", "return_state": "returned",
       "extension_actions": ["approve_extension"],
       "callback": {"actions": ["callback", "callback_redo"], "param": "result_satisfaction",
                    "satisfied": ["satisfied", "basically_satisfied"], "unreached": ["unreachable"],
                    "solved_param": "solved"},
       "closed_states": ["closed", "answered", "archived"], "rejected_states": ["not_accepted"]}', true,
     '考核 (R-9.3): the facts of the assessment: the reply, the first contact (先行联系, reply''s contacted_at, limit contact: 24 hours, urgent 2, very urgent 1), redo (重办), return (退单), approved extensions (延期), the callback''s result satisfaction and solved (回访), the closed (办结) and rejected (不受理) states');
