
-- Issue 9, part 3: each rule written once.
--
--   1. the order's reply deadline (the latest of its open assignments'):
--      hotline.order_reply_due, used by the engine and recompute_deadlines;
--   2. the defaults of the hotline.* settings are the library's only
--      (hotline.setting); job_setting_interval loses its fallback argument;
--      the jobs report failed orders one way (job_error, job_done) and
--      know which actions they may take one way (the view job_action);
--   3. a time rule's channel is one of the outbox's (a foreign key to
--      hotline.outbox_channel, not a CHECK listing them), and its due any
--      deadline column the catalog shows (hotline.due_table,
--      escalation_due_valid), not a CHECK listing four; the alarms read the
--      deadline by its name (hotline.due_at, hotline.due_start), and
--      their triggers are written from the catalog (hotline.alarm_triggers).

-- 1. the reply deadline of an order (20_orders.sql, 50_sweep.sql)
--@ function order_reply_due(order_no @extschema@.order_no)
--@ function or replace recompute_deadlines(batch integer DEFAULT 10000)

-- 2. the settings (70_jobs.sql, 60_jobs.sql)
--@ function setting(name text)
DROP FUNCTION @extschema@.job_setting_interval(text, interval);
--@ function job_setting_interval(setting text)
--@ function or replace log_job_run(job text, started timestamptz, result jsonb)
--@ function job_error(errors jsonb, item jsonb, sqlstate text, message text)
--@ function job_done(job text, started timestamptz, result jsonb, failed integer, errors jsonb, warning text, hint text)
REVOKE ALL ON FUNCTION @extschema@.job_done(text, timestamptz, jsonb, integer, jsonb, text, text) FROM PUBLIC;
--@ view job_action
REVOKE ALL ON @extschema@.job_action FROM PUBLIC;
--@ function or replace sample_callbacks(share double precision DEFAULT NULL, batch integer DEFAULT 1000)
--@ function or replace archive_closed(after interval DEFAULT NULL, batch integer DEFAULT 1000)

-- the outbox's gateways find the message they answer for one way (75_outbox.sql)
--@ function outbox_lock(id bigint)
REVOKE ALL ON FUNCTION @extschema@.outbox_lock(bigint) FROM PUBLIC;
--@ function or replace outbox_ack(id bigint, gateway text)
--@ function or replace outbox_fail(id bigint, gateway text, error text, retry boolean DEFAULT true)

-- the append-only tables refuse changes with one trigger function
-- (20_orders.sql, 40_supervision.sql)
--@ function append_only()
--@ function append_only_guard(tab regclass, message text, detail text, hint text)
REVOKE ALL ON FUNCTION @extschema@.append_only_guard(regclass, text, text, text) FROM PUBLIC;
SELECT @extschema@.append_only_guard('@extschema@.order_event', 'the history of work orders is append-only',
    '%s on hotline.order_event is not allowed: it is the legal record of every order (R-1.6).',
    'Record a correction as a new event through a workflow action.');
SELECT @extschema@.append_only_guard('@extschema@.supervision_record', 'supervision records are append-only',
    '%s on hotline.supervision_record is not allowed: it is the record of what the supervisors did (R-5.3).',
    'Add a correcting note with hotline.record_supervision.');
DROP FUNCTION @extschema@.order_event_append_only();
DROP FUNCTION @extschema@.supervision_record_append_only();

-- 3. the time rules' channels and deadlines (80_workflow.sql, 30_alarms.sql,
-- 50_sweep.sql)
--@ function due_table(due text)
--@ function escalation_due_valid(workflow text, rule text, due text)
ALTER TABLE @extschema@.workflow_escalation
    DROP CONSTRAINT workflow_escalation_channel_check,
    ADD FOREIGN KEY (channel) REFERENCES @extschema@.outbox_channel (channel) ON UPDATE CASCADE,
    DROP CONSTRAINT workflow_escalation_due_check,
    ADD CONSTRAINT workflow_escalation_due_check CHECK (@extschema@.escalation_due_valid(workflow, rule, due));
--@ function due_at(object record, due text)
--@ function due_start(object record, due text, object_start timestamptz)
-- the alarms of one order or assignment, inlined into alarm_compute and
-- into the engine's statements that create orders and assignments
--@ function alarm_rows(o @extschema@.work_order, a @extschema@.assignment, calendar text, changed text[])
REVOKE ALL ON FUNCTION @extschema@.alarm_rows(@extschema@.work_order, @extschema@.assignment, text, text[]) FROM PUBLIC;
--@ function or replace alarm_compute(order_no @extschema@.order_no, assignment_id bigint, changed text[], on_assignments boolean)
--@ function or replace alarm_refresh()
-- the engine and the triggers call hotline.alarm_compute itself (issue 9:
-- one call less per alarm computation)
DROP FUNCTION @extschema@.alarm_assignments(@extschema@.order_no, bigint, text[]);
DROP FUNCTION @extschema@.alarm_order(@extschema@.order_no, text[]);
--@ function alarm_triggers()
SELECT @extschema@.alarm_triggers();
--@ function alarm_columns_changed()
CREATE EVENT TRIGGER hotline_alarm_columns ON ddl_command_end WHEN TAG IN ('ALTER TABLE')
    EXECUTE FUNCTION @extschema@.alarm_columns_changed();
--@ function or replace sweep(batch integer DEFAULT 10000)
-- what is late: an order's own deadlines from the catalog (50_sweep.sql)
--@ view or replace overdue
REVOKE ALL ON @extschema@.overdue FROM PUBLIC;
