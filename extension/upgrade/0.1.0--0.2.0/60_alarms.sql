-- Issue 8 (97_alarms.sql, workflows/12345_appeal/12345_appeal.sql): the dispatch limit
-- of 2 working days (R-4.1) is hastened (the 12345 workflow's rule
-- hasten_dispatch) and shows in hotline.overdue; reminders, hastenings and
-- notices go out inside the recipient calendar's business hours (one
-- fire-time rule, hotline.alarm_fire_at), emergencies at any hour; a
-- hastening repeats from the time it was sent, not from midnight.

-- (hotline.alarm_text, whose search_path 10_text_and_time.sql pinned, is
-- dropped by 84_domain_generic.sql: the workflow's texts replace it)

-- new: when messages go out (business hours of the recipient's calendar)
--@ function next_opening(calendar text, ts timestamptz)

--@ function send_time(calendar text, ts timestamptz, urgency @extschema@.urgency, emergency_kind @extschema@.emergency_kind)

--@ function alarm_fire_at(kind text, calendar text, start timestamptz, due timestamptz, share double precision, before @extschema@.time_limit, every @extschema@.time_limit, sent_at timestamptz, urgency @extschema@.urgency, emergency_kind @extschema@.emergency_kind, asof timestamptz DEFAULT pg_catalog.now())

-- the one fire-time rule in the sweep (and in hotline.alarm_compute, which
-- 84_domain_generic.sql adds and 94_rules_once.sql calls in place of
-- alarm_assignments and alarm_order)
--@ function or replace sweep(batch integer DEFAULT 10000)

-- late dispatches and callbacks next to late units: the view overdue is
-- re-created by 94_rules_once.sql (it reads the orders' deadlines from the
-- catalog, hotline.due_table)

-- The 12345 workflow's rule hasten_dispatch (workflows/12345_appeal/12345_appeal.sql,
-- "escalations"), as hotline.register_workflow writes it
INSERT INTO @extschema@.workflow_escalation AS e (workflow, rule, kind, due, states, share, before, every,
                                                  notice_after, on_actions, settings, channel, template,
                                                  enabled, builtin, description)
VALUES ('appeal_12345', 'hasten_dispatch', 'hasten', 'dispatch_due', '{accepted,returned}', NULL, NULL,
        '1 working day', NULL, NULL, '{"recipient_user": "dispatchers"}', 'system', 'hasten_dispatch', true, true,
        '派单催办: an order not dispatched within its 2 working days (the hotline''s own limit), the dispatchers are hastened, again every working day it stays undispatched (R-4.1, R-5.4)')
ON CONFLICT (workflow, rule, builtin) DO UPDATE
    SET kind = EXCLUDED.kind, due = EXCLUDED.due, states = EXCLUDED.states, share = EXCLUDED.share,
        before = EXCLUDED.before, every = EXCLUDED.every, notice_after = EXCLUDED.notice_after,
        on_actions = EXCLUDED.on_actions, settings = EXCLUDED.settings, channel = EXCLUDED.channel,
        template = EXCLUDED.template, enabled = EXCLUDED.enabled, description = EXCLUDED.description;

-- The alarms of 0.1.0 follow the new fire-time rule.  An alarm due now (not
-- swept yet) stays due, moved into its recipient's business hours; the
-- others are computed again by hotline.alarm_fire_at: a hastening that was
-- sent repeats from the time it was sent (0.1.0 repeated from the sweep's
-- time to midnight), the first hastening at the opening after the
-- deadline, a reminder not sent yet at its point inside business hours.
WITH migrated AS (
    SELECT al.id,
           CASE WHEN al.fire_at <= pg_catalog.now()
                THEN @extschema@.send_time(x.calendar, al.fire_at, o.urgency, o.emergency_kind)
                ELSE @extschema@.alarm_fire_at(al.kind, x.calendar, x.start, al.due_at, r.share, r.before, r.every,
                                               CASE WHEN al.fired > 0 THEN al.last_fired_at END,
                                               o.urgency, o.emergency_kind) END AS fire_at
    FROM @extschema@.alarm al
    JOIN @extschema@.work_order o ON o.order_no = al.order_no
    JOIN @extschema@.workflow w ON w.name = o.workflow
    JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.rule = al.rule
    LEFT JOIN @extschema@.assignment a ON a.id = al.assignment_id
    LEFT JOIN @extschema@.unit u ON u.id = a.unit_id
    CROSS JOIN LATERAL (SELECT CASE WHEN al.assignment_id IS NULL THEN w.calendar ELSE u.calendar END AS calendar,
                               CASE r.due WHEN 'sign_due' THEN a.dispatched_at
                                          WHEN 'reply_due' THEN coalesce(a.reply_from, a.dispatched_at)
                                          WHEN 'dispatch_due' THEN o.accepted_at END AS start) x
    WHERE al.fire_at IS NOT NULL
)
UPDATE @extschema@.alarm al SET fire_at = m.fire_at
FROM migrated m WHERE al.id = m.id;

-- Orders waiting for dispatch (or callback) get the alarms of the rules on
-- their own deadlines that they lack: hasten_dispatch for the 12345
-- orders accepted or returned before the update
INSERT INTO @extschema@.alarm (order_no, assignment_id, rule, kind, due_at, fire_at)
SELECT o.order_no, NULL, r.rule, r.kind, d.due,
       @extschema@.alarm_fire_at(r.kind, w.calendar, d.start, d.due, r.share, r.before, r.every, NULL,
                                 o.urgency, o.emergency_kind)
FROM @extschema@.work_order o
JOIN @extschema@.workflow w ON w.name = o.workflow
JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.kind IN ('remind', 'hasten')
                                  AND r.due IN ('dispatch_due', 'callback_due')
CROSS JOIN LATERAL (SELECT CASE r.due WHEN 'dispatch_due' THEN o.dispatch_due ELSE o.callback_due END AS due,
                           CASE r.due WHEN 'dispatch_due' THEN o.accepted_at END AS start) d
WHERE o.closed_at IS NULL AND d.due IS NOT NULL
ON CONFLICT (order_no, assignment_id, rule) DO NOTHING;

-- internal steps of the alarms (next_opening is for everyone, like deadline)
REVOKE ALL ON FUNCTION @extschema@.send_time(text, timestamptz, @extschema@.urgency, @extschema@.emergency_kind) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.alarm_fire_at(text, text, timestamptz, timestamptz, double precision,
    @extschema@.time_limit, @extschema@.time_limit, timestamptz, @extschema@.urgency, @extschema@.emergency_kind,
    timestamptz) FROM PUBLIC;
