-- Issue 9 (90_orders.sql, 96_outbox.sql, 97_alarms.sql, 98_supervision.sql,
-- 99_jobs.sql, workflows/12345_appeal/12345_appeal.sql): the hotline domain knows no
-- 12345 action, state, parameter or text.  Message texts are the
-- workflow's (hotline.workflow_message, hotline.render_message), in the
-- recipient's language (hotline.unit.language), times in the zone of the
-- deadline's calendar; bad-handling rules name their actions and
-- parameters in their settings; the jobs read the workflow's settings
-- callback_sampling and archiving; one writer of history
-- (hotline.record_event), one way into the outbox (hotline.outbox_add) with
-- one NOTIFY payload; channels, supervision reasons and methods are tables.

-- units read messages in a language
ALTER TABLE @extschema@.unit ADD COLUMN language text NOT NULL DEFAULT 'zh'
    CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$');
COMMENT ON COLUMN @extschema@.unit.language IS
    'the language the unit reads its messages in (a BCP 47 tag: zh, en ...): hotline.render_message takes the workflow''s template in it, else in the workflow''s language';

-- the one writer of history
--@ function record_event(order_no @extschema@.order_no, assignment_id bigint, actor text, role text, action text, from_state text, to_state text, reason text DEFAULT NULL, payload jsonb DEFAULT '{}')
REVOKE ALL ON FUNCTION @extschema@.record_event(@extschema@.order_no, bigint, text, text, text, text, text, text, jsonb) FROM PUBLIC;

-- the channels: a table the outbox refers to
CREATE TABLE @extschema@.outbox_channel (
    channel         text PRIMARY KEY CHECK (channel ~ '^[a-z][a-z0-9_]{0,31}$'),
    description     text NOT NULL,
    builtin         boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.outbox_channel IS
    'the channels of the outbox (R-14.3): sms (短信), email, system (站内消息); add a row of your own for a gateway of another kind';
INSERT INTO @extschema@.outbox_channel (channel, description, builtin) VALUES
    ('sms', 'text message (短信) to a unit''s contacts or a phone number', true),
    ('email', 'e-mail', true),
    ('system', 'message in the hotline''s own screens (站内消息)', true);
CREATE TRIGGER outbox_channel_protect BEFORE UPDATE OR DELETE ON @extschema@.outbox_channel
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER outbox_channel_builtin BEFORE INSERT OR UPDATE ON @extschema@.outbox_channel
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
SELECT pg_catalog.pg_extension_config_dump('@extschema@.outbox_channel', 'WHERE NOT builtin');
REVOKE ALL ON @extschema@.outbox_channel FROM PUBLIC;
GRANT SELECT ON @extschema@.outbox_channel TO PUBLIC;

ALTER TABLE @extschema@.outbox DROP CONSTRAINT outbox_channel_check,
    ADD FOREIGN KEY (channel) REFERENCES @extschema@.outbox_channel (channel) ON UPDATE CASCADE;
--@ function or replace outbox_check_channel(channel text)

-- the one way into the outbox
CREATE TYPE @extschema@.outbox_message AS (
    order_no            @extschema@.order_no,
    assignment_id       bigint,
    recipient_unit_id   bigint,
    recipient_user      text,
    channel             text,
    template            text,
    payload             jsonb,
    dedup_key           text,
    send_at             timestamptz
);
COMMENT ON TYPE @extschema@.outbox_message IS 'internal: a message for hotline.outbox_add';

--@ function outbox_add(messages @extschema@.outbox_message[])
REVOKE ALL ON FUNCTION @extschema@.outbox_add(@extschema@.outbox_message[]) FROM PUBLIC;

--@ function or replace post_message(channel text, template text, payload jsonb DEFAULT '{}', recipient_unit text DEFAULT NULL, recipient_user text DEFAULT NULL, order_no @extschema@.order_no DEFAULT NULL, assignment_id bigint DEFAULT NULL, dedup_key text DEFAULT NULL)

-- message texts are the workflow's
--@ function message_placeholders()

CREATE TABLE @extschema@.workflow_message (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    message         text NOT NULL CHECK (message ~ '^[a-z][a-z0-9_.-]{0,63}$'),
    language        text NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$'),
    template        text NOT NULL CHECK (template <> ''),
    builtin         boolean NOT NULL DEFAULT false,
    PRIMARY KEY (workflow, message, language, builtin)
);
COMMENT ON TABLE @extschema@.workflow_message IS
    'the texts of a workflow''s messages (R-14.2): per message key and language a template with named placeholders ({order_no}, {unit}, {due_at} ...); a row of your own wins over a built-in one';
COMMENT ON COLUMN @extschema@.workflow_message.message IS
    'the message key: the template key of the outbox row (an escalation rule''s template such as remind or hasten_dispatch) or a key the hotline uses (notice, supervise, emergency, callback_task ...)';
COMMENT ON COLUMN @extschema@.workflow_message.template IS
    'the text with placeholders in braces, e.g. ''Order {order_no} is due at {due_at}.''; see hotline.message_placeholders()';

--@ function workflow_message_check()
CREATE TRIGGER workflow_message_check BEFORE INSERT OR UPDATE ON @extschema@.workflow_message
    FOR EACH ROW EXECUTE FUNCTION @extschema@.workflow_message_check();
CREATE TRIGGER workflow_message_protect BEFORE UPDATE OR DELETE ON @extschema@.workflow_message
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_message_builtin BEFORE INSERT OR UPDATE ON @extschema@.workflow_message
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_message', 'WHERE NOT builtin');
REVOKE ALL ON @extschema@.workflow_message FROM PUBLIC;
GRANT SELECT ON @extschema@.workflow_message TO PUBLIC;

--@ function message_template(workflow text, messages text[], language text)

--@ function message_fill(template text, vals jsonb, time_zone text)

--@ function render_message(workflow text, message text, language text, vals jsonb, calendar text DEFAULT NULL, fallback text DEFAULT NULL)

--@ function or replace register_workflow(definition jsonb)

-- the sweep renders the workflow's texts; alarm_text is gone
-- one computation of alarms from deadlines
--@ function alarm_compute(order_no @extschema@.order_no, assignment_id bigint, changed text[], on_assignments boolean)
REVOKE ALL ON FUNCTION @extschema@.alarm_compute(@extschema@.order_no, bigint, text[], boolean) FROM PUBLIC;

--@ function or replace sweep(batch integer DEFAULT 10000)

--@ function or replace recompute_deadlines(batch integer DEFAULT 10000)

DROP FUNCTION @extschema@.alarm_text(text, text, @extschema@.order_no, text, timestamptz, integer, text);

-- supervision reasons and methods: tables
CREATE TABLE @extschema@.supervision_reason (
    reason          text PRIMARY KEY CHECK (reason ~ '^[a-z][a-z0-9_]{0,31}$'),
    description     text NOT NULL,
    builtin         boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.supervision_reason IS
    'the reasons of supervision (督办, R-5.2); a row of your own adds one';
INSERT INTO @extschema@.supervision_reason (reason, description, builtin) VALUES
    ('emergency', 'an emergency (突发事件, R-2.3)', true),
    ('repeat', 'repeated or collective appeals (重复/集中诉求, R-2.4)', true),
    ('near_deadline', 'close to its deadline (临期)', true),
    ('overdue', 'past its deadline (超期)', true),
    ('notice', 'publicly noticed (通报, R-5.4)', true),
    ('returned', 'returned by units too often (多次退单)', true),
    ('sent_back', 'sent back for redo (发回重办)', true),
    ('dissatisfied', 'a dissatisfied callback (回访不满意)', true),
    ('manual', 'a supervisor''s own decision', true);

CREATE TABLE @extschema@.supervision_method (
    method          text PRIMARY KEY CHECK (method ~ '^[a-z][a-z0-9_]{0,31}$'),
    description     text NOT NULL,
    builtin         boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.supervision_method IS
    'the methods of supervision (R-5.3); a row of your own adds one';
INSERT INTO @extschema@.supervision_method (method, description, builtin) VALUES
    ('phone', 'by phone (电话)', true),
    ('sms', 'by text message (短信)', true),
    ('written_notice', 'a written notice (书面督办函)', true),
    ('on_site', 'on site (现场督办)', true),
    ('meeting', 'in a meeting (会议督办)', true);

CREATE TRIGGER supervision_reason_protect BEFORE UPDATE OR DELETE ON @extschema@.supervision_reason
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER supervision_reason_builtin BEFORE INSERT OR UPDATE ON @extschema@.supervision_reason
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER supervision_method_protect BEFORE UPDATE OR DELETE ON @extschema@.supervision_method
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER supervision_method_builtin BEFORE INSERT OR UPDATE ON @extschema@.supervision_method
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
SELECT pg_catalog.pg_extension_config_dump('@extschema@.supervision_reason', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.supervision_method', 'WHERE NOT builtin');
REVOKE ALL ON @extschema@.supervision_reason, @extschema@.supervision_method FROM PUBLIC;
GRANT SELECT ON @extschema@.supervision_reason, @extschema@.supervision_method TO PUBLIC;

ALTER TABLE @extschema@.supervision DROP CONSTRAINT supervision_reason_check,
    DROP CONSTRAINT supervision_method_check,
    ADD FOREIGN KEY (reason) REFERENCES @extschema@.supervision_reason (reason) ON UPDATE CASCADE,
    ADD FOREIGN KEY (method) REFERENCES @extschema@.supervision_method (method) ON UPDATE CASCADE;
ALTER TABLE @extschema@.supervision_record DROP CONSTRAINT supervision_record_method_check,
    ADD FOREIGN KEY (method) REFERENCES @extschema@.supervision_method (method) ON UPDATE CASCADE;
COMMENT ON COLUMN @extschema@.supervision.reason IS 'why: a row of hotline.supervision_reason (emergency, repeat, notice, manual ...)';
COMMENT ON COLUMN @extschema@.supervision.method IS 'how: a row of hotline.supervision_method (phone, sms, written_notice, on_site, meeting) (R-5.3)';

--@ function or replace escalation_check_settings()

--@ function or replace supervision_check_method(method text)

--@ function or replace supervision_open(order_no @extschema@.order_no, reason text, person_in_charge text, method text, note text, assignment_id bigint, rule text, actor text, group_id bigint)

--@ function or replace record_supervision(supervision_id bigint, note text, method text DEFAULT NULL, actor text DEFAULT current_user)

--@ function or replace close_supervision(supervision_id bigint, result text, actor text DEFAULT current_user)

--@ function or replace escalate_emergency(o @extschema@.work_order, r @extschema@.escalation_rule)

--@ function or replace repeat_join(o @extschema@.work_order, r @extschema@.escalation_rule, kind text, matches @extschema@.order_no[], sims real[])

--@ function bad_handling_counts(reason_settings jsonb, action text, params jsonb)

--@ function or replace escalate_bad_handling(o @extschema@.work_order, r @extschema@.escalation_rule, assignment_id bigint, action text, params jsonb)

REVOKE ALL ON FUNCTION @extschema@.bad_handling_counts(jsonb, text, jsonb) FROM PUBLIC;

-- the jobs read the workflow's settings
--@ function job_workflow_setting(workflow text, setting text)
REVOKE ALL ON FUNCTION @extschema@.job_workflow_setting(text, text) FROM PUBLIC;

--@ function or replace sample_callbacks(share double precision DEFAULT NULL, batch integer DEFAULT 1000)

DROP INDEX @extschema@.work_order_archive_due_idx;
CREATE INDEX work_order_closed_idx ON @extschema@.work_order (state, closed_at)
    WHERE closed_at IS NOT NULL;

--@ function or replace archive_closed(after interval DEFAULT NULL, batch integer DEFAULT 1000)

--@ function job_default_schedule(job text)

--@ function or replace schedule_jobs(sweep text DEFAULT @extschema@.job_default_schedule('sweep'), recompute_deadlines text DEFAULT @extschema@.job_default_schedule('recompute_deadlines'), sample_callbacks text DEFAULT @extschema@.job_default_schedule('sample_callbacks'), archive text DEFAULT @extschema@.job_default_schedule('archive'), cron_connection text DEFAULT NULL)

-- the job's description names no workflow's state
UPDATE @extschema@.job SET description = 'callback sampling (回访抽样): all or a share of the orders each workflow''s setting callback_sampling names get a callback task, the others are closed (R-7.1)'
WHERE name = 'sample_callbacks';

-- Bad-handling rules of 0.1.0 counted the 12345 actions: their settings
-- name them now (returns -> returned, send_backs -> sent_back,
-- dissatisfied -> dissatisfied)
UPDATE @extschema@.workflow_escalation e
SET settings = (SELECT coalesce(jsonb_object_agg(x.reason, x.cfg), '{}') FROM (
        SELECT 'returned' AS reason, jsonb_build_object('actions', '["return_order"]'::jsonb,
               'threshold', e.settings -> 'returns', 'unit', 'assignment') AS cfg
        WHERE e.settings ? 'returns'
        UNION ALL
        SELECT 'sent_back', jsonb_build_object('actions', '["send_back", "callback_redo"]'::jsonb,
               'threshold', e.settings -> 'send_backs')
        WHERE e.settings ? 'send_backs'
        UNION ALL
        SELECT 'dissatisfied', jsonb_build_object('actions', '["callback", "callback_redo"]'::jsonb,
               'threshold', e.settings -> 'dissatisfied',
               'params', '["process_satisfaction", "result_satisfaction"]'::jsonb, 'value', 'dissatisfied')
        WHERE e.settings ? 'dissatisfied') x)
WHERE e.kind = 'bad_handling' AND e.settings ?| ARRAY['returns', 'send_backs', 'dissatisfied'];

-- The 12345 workflow's new settings and its message texts, as
-- hotline.register_workflow writes them (workflows/12345_appeal/12345_appeal.sql)
INSERT INTO @extschema@.workflow_setting (workflow, setting, value, builtin, description) VALUES
    ('appeal_12345', 'language', '"zh"'::jsonb, true,
     'the language of the workflow''s messages to its own staff, and to units whose language it has no text in'),
    ('appeal_12345', 'callback_sampling', '{"state": "reviewed", "close_action": "close", "message": "callback_task", "recipient_user": "callback_agents"}'::jsonb, true,
     '回访抽样 (R-7.1): hotline.sample_callbacks samples reviewed orders; the others are closed; the callback agents get a callback_task'),
    ('appeal_12345', 'archiving', '{"states": ["closed", "answered"], "action": "archive"}'::jsonb, true,
     '归档 (R-8.1): hotline.archive_closed archives closed (办结) and directly answered (直接办理) orders through the action archive');
INSERT INTO @extschema@.workflow_message (workflow, message, language, template, builtin) VALUES
    ('appeal_12345', 'team', 'zh', '热线', true),
    ('appeal_12345', 'remind', 'zh', '【12345热线】提醒：{unit}承办的工单{order_no}将于{due_at}到期，请抓紧办理并答复。', true),
    ('appeal_12345', 'remind_sign', 'zh', '【12345热线】提醒：请{unit}于{due_at}前签收工单{order_no}。', true),
    ('appeal_12345', 'remind_dispatch', 'zh', '【12345热线】提醒：工单{order_no}须于{due_at}前派单。', true),
    ('appeal_12345', 'remind_callback', 'zh', '【12345热线】提醒：工单{order_no}须于{due_at}前回访。', true),
    ('appeal_12345', 'hasten', 'zh', '【12345热线】催办：{unit}承办的工单{order_no}已于{due_at}超期，第{n}次催办，请立即办理并答复。', true),
    ('appeal_12345', 'hasten_sign', 'zh', '【12345热线】催办：{unit}应于{due_at}前签收工单{order_no}，现已超期，第{n}次催办，请立即签收。', true),
    ('appeal_12345', 'hasten_dispatch', 'zh', '【12345热线】催办：工单{order_no}应于{due_at}前派单，现已超期，第{n}次催办，请立即派单。', true),
    ('appeal_12345', 'hasten_callback', 'zh', '【12345热线】催办：工单{order_no}应于{due_at}前回访，现已超期，第{n}次催办，请立即回访。', true),
    ('appeal_12345', 'notice', 'zh', '【12345热线】通报：{unit}承办的工单{order_no}已于{due_at}超期，经{n}次催办仍未办结。', true),
    ('appeal_12345', 'supervise', 'zh', '工单 {order_no} 已列入督办 ({reason})', true),
    ('appeal_12345', 'emergency', 'zh', '突发事件报告: 工单 {order_no} ({emergency_kind}) {description}', true),
    ('appeal_12345', 'emergency_note', 'zh', '突发事件 ({emergency_kind}): 已报告 {recipients}', true),
    ('appeal_12345', 'repeat.one_person', 'zh', '一人多次: 工单 {order_no} 与 {others} 件同一市民同类诉求归为一组 (第 {group_id} 组), 可并入 {carrier}', true),
    ('appeal_12345', 'repeat.one_matter', 'zh', '一事多人: 工单 {order_no} 与 {others} 件同地同类诉求归为一组 (第 {group_id} 组), 可并入 {carrier}', true),
    ('appeal_12345', 'repeat_note.one_person', 'zh', '一人多次: 同一市民 {members} 件同类诉求 (第 {group_id} 组)', true),
    ('appeal_12345', 'repeat_note.one_matter', 'zh', '一事多人: {members} 件同地同类诉求 (第 {group_id} 组)', true),
    ('appeal_12345', 'bad_handling.returned', 'zh', '退单 {n} 次', true),
    ('appeal_12345', 'bad_handling.sent_back', 'zh', '发回重办 {n} 次', true),
    ('appeal_12345', 'bad_handling.dissatisfied', 'zh', '回访不满意 {n} 次', true),
    ('appeal_12345', 'callback_task', 'zh', '【12345热线】回访任务：工单{order_no}已抽中回访，请于{due_at}前回访诉求人。', true),
    ('appeal_12345', 'callback_task.not_sampled', 'zh', '未抽中回访 (not sampled for callback, R-7.1)', true);
