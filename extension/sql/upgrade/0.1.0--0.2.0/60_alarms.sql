-- Issue 8 (97_alarms.sql, workflows/12345_appeal.sql): the dispatch limit
-- of 2 working days (R-4.1) is hastened (the 12345 workflow's rule
-- hasten_dispatch) and shows in hotline.overdue; reminders, hastenings and
-- notices go out inside the recipient calendar's business hours (one
-- fire-time rule, hotline.alarm_fire_at), emergencies at any hour; a
-- hastening repeats from the time it was sent, not from midnight.

CREATE OR REPLACE FUNCTION @extschema@.alarm_text(kind text, due text, order_no @extschema@.order_no, unit_name text,
                                       due_at timestamptz, fired integer, time_zone text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT pg_catalog.format(CASE
    WHEN $1 = 'notice' THEN '【12345热线】通报：%2$s承办的工单%1$s已于%3$s超期，经%4$s次催办仍未办结。'
    WHEN $1 = 'hasten' AND $2 = 'dispatch_due' THEN '【12345热线】催办：工单%1$s应于%3$s前派单，现已超期，第%4$s次催办，请立即派单。'
    WHEN $1 = 'hasten' AND $2 = 'callback_due' THEN '【12345热线】催办：工单%1$s应于%3$s前回访，现已超期，第%4$s次催办，请立即回访。'
    WHEN $1 = 'hasten' AND $2 = 'sign_due' THEN '【12345热线】催办：%2$s应于%3$s前签收工单%1$s，现已超期，第%4$s次催办，请立即签收。'
    WHEN $1 = 'hasten' THEN '【12345热线】催办：%2$s承办的工单%1$s已于%3$s超期，第%4$s次催办，请立即办理并答复。'
    WHEN $2 = 'sign_due' THEN '【12345热线】提醒：请%2$s于%3$s前签收工单%1$s。'
    WHEN $2 = 'dispatch_due' THEN '【12345热线】提醒：工单%1$s须于%3$s前派单。'
    WHEN $2 = 'callback_due' THEN '【12345热线】提醒：工单%1$s须于%3$s前回访。'
    ELSE '【12345热线】提醒：%2$s承办的工单%1$s将于%3$s到期，请抓紧办理并答复。' END,
    $3::text, coalesce($4, '热线'), pg_catalog.to_char(pg_catalog.timezone($7, $5), 'YYYY-MM-DD HH24:MI'), $6)
$$;
COMMENT ON FUNCTION @extschema@.alarm_text(text, text, @extschema@.order_no, text, timestamptz, integer, text) IS
    'internal: the text of a reminder, hastening or public notice';

-- new: when messages go out (business hours of the recipient's calendar)
CREATE FUNCTION @extschema@.next_opening(calendar text, ts timestamptz) RETURNS timestamptz
AS 'MODULE_PATHNAME', 'hotline_next_opening'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.next_opening(text, timestamptz) IS
    'ts when the calendar is open at ts (business hours of a working day, the closing instant included), else the next opening, e.g. 09:00 of the next working day; in the calendar''s zone';

CREATE FUNCTION @extschema@.send_time(calendar text, ts timestamptz, urgency @extschema@.urgency,
                                      emergency_kind @extschema@.emergency_kind)
RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT CASE WHEN $2 IS NULL THEN NULL
            WHEN $4 IS NOT NULL OR $3 = 'very_urgent' THEN $2
            ELSE @extschema@.next_opening($1, $2) END
$$;
COMMENT ON FUNCTION @extschema@.send_time(text, timestamptz, @extschema@.urgency, @extschema@.emergency_kind) IS
    'when a message to people due at ts is sent: at once for an emergency (emergency kind or very_urgent), else at the next business opening of the recipient''s calendar';

CREATE FUNCTION @extschema@.alarm_fire_at(kind text, calendar text, start timestamptz, due timestamptz,
                                          share double precision, before @extschema@.time_limit,
                                          every @extschema@.time_limit, sent_at timestamptz,
                                          urgency @extschema@.urgency,
                                          emergency_kind @extschema@.emergency_kind,
                                          asof timestamptz DEFAULT pg_catalog.now())
RETURNS timestamptz
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    point   timestamptz;
    sendable timestamptz;
    base    timestamptz;
    zone    text;
BEGIN
    IF due IS NULL OR calendar IS NULL THEN
        RETURN NULL;
    END IF;
    IF kind = 'hasten' THEN
        IF sent_at IS NULL OR sent_at < due THEN
            RETURN @extschema@.send_time(calendar, due, urgency, emergency_kind);
        END IF;
        IF every IS NULL THEN
            RETURN NULL;
        END IF;
        base := sent_at;
        FOR attempt IN 1 .. 2 LOOP
            IF @extschema@.time_limit_unit(every) IN ('working days', 'days') THEN
                -- the period ends at 24:00 of its last day: the same time of day on that day
                SELECT c.time_zone INTO zone FROM @extschema@.calendar c WHERE c.name = alarm_fire_at.calendar;
                point := pg_catalog.timezone(zone,
                    (pg_catalog.timezone(zone, @extschema@.deadline(calendar, base, every)) - interval '1 microsecond')::date
                    + pg_catalog.timezone(zone, base)::time);
            ELSE
                point := @extschema@.deadline(calendar, base, every);
            END IF;
            point := @extschema@.send_time(calendar, point, urgency, emergency_kind);
            EXIT WHEN point > asof;
            base := asof;
        END LOOP;
        RETURN point;
    END IF;
    IF kind <> 'remind' OR sent_at IS NOT NULL OR due <= asof THEN
        RETURN NULL;
    END IF;
    point := CASE WHEN share IS NOT NULL THEN @extschema@.share_point(calendar, start, due, share)
                  ELSE nullif(greatest(@extschema@.before_deadline(calendar, due, before), start), start) END;
    sendable := @extschema@.send_time(calendar, point, urgency, emergency_kind);
    RETURN CASE WHEN sendable < due THEN sendable ELSE point END;
END $$;
COMMENT ON FUNCTION @extschema@.alarm_fire_at(text, text, timestamptz, timestamptz, double precision,
                                              @extschema@.time_limit, @extschema@.time_limit, timestamptz,
                                              @extschema@.urgency, @extschema@.emergency_kind, timestamptz) IS
    'internal: the fire-time rule of a remind or hasten rule on a deadline: the first time, or after sent_at the next time (NULL: nothing more to do), inside the recipient''s business hours but for emergencies; asof is the current time';

-- the one fire-time rule in the engine's functions and the sweep
CREATE OR REPLACE FUNCTION @extschema@.alarm_assignments(order_no @extschema@.order_no, assignment_id bigint,
                                              changed text[])
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$   -- internal: called by the engine and by alarm_refresh (SECURITY DEFINER)
BEGIN
    PERFORM @extschema@.alarm_compute($1, $2, $3, true);
END $$;
COMMENT ON FUNCTION @extschema@.alarm_assignments(@extschema@.order_no, bigint, text[]) IS
    'internal: computes the alarms of the time rules on the deadlines of an order''s assignments (one, or all without alarms when assignment_id is NULL), for the deadlines in changed (NULL: all)';

CREATE OR REPLACE FUNCTION @extschema@.alarm_order(order_no @extschema@.order_no, changed text[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$   -- internal: called by the engine and by alarm_refresh (SECURITY DEFINER)
BEGIN
    PERFORM @extschema@.alarm_compute($1, NULL, $2, false);
END $$;
COMMENT ON FUNCTION @extschema@.alarm_order(@extschema@.order_no, text[]) IS
    'internal: computes the alarms of the time rules on an order''s own deadlines (dispatch_due, callback_due), those in changed (NULL: all set)';

CREATE OR REPLACE FUNCTION @extschema@.sweep(batch integer DEFAULT 10000) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, @extschema@, pg_temp SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
    started     timestamptz := pg_catalog.clock_timestamp();
    ids         bigint[];
    counts      record;
    n           record;
    notices     integer := 0;
    messages    integer;
    result      jsonb;
BEGIN
    IF batch IS NULL OR batch < 1 OR batch > 1000000 THEN
        RAISE EXCEPTION 'batch must be between 1 and 1000000, not %', coalesce(batch::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The sweep takes at most batch due alarms per run; the next run takes the rest.';
    END IF;

    SELECT pg_catalog.array_agg(x.id) INTO ids
    FROM (SELECT al.id FROM @extschema@.alarm al
          WHERE al.fire_at <= pg_catalog.now()
          ORDER BY al.fire_at
          LIMIT batch
          FOR UPDATE SKIP LOCKED) x;
    IF ids IS NULL THEN
        result := jsonb_build_object('reminders', 0, 'hastenings', 0, 'notices', 0, 'retired', 0, 'messages', 0,
                                     'left_for_next_run', 0);
        PERFORM @extschema@.log_job_run('sweep', started, result);
        RETURN result;
    END IF;

    -- the due alarms with what they watch: an assignment (its unit is told)
    -- or the order itself (the hotline's own team is told); each watched row
    -- FOR SHARE SKIP LOCKED
    WITH live AS (
        SELECT * FROM (
            SELECT al.id, al.order_no, al.assignment_id, al.rule, al.kind, al.due_at, al.fire_at,
                   r.due, r.every, r.channel, r.template, u.id AS unit_id, u.name AS unit_name,
                   NULL::text AS recipient_user, u.calendar, u.language, o.workflow, a.state, o.urgency, o.emergency_kind,
                   r.rule IS NOT NULL AND a.closed_at IS NULL AND a.state = ANY (r.states)
                       AND al.due_at IS NOT DISTINCT FROM (CASE r.due WHEN 'sign_due' THEN a.sign_due ELSE a.reply_due END)
                       AND (CASE al.kind WHEN 'remind' THEN pg_catalog.now() < al.due_at
                                 ELSE pg_catalog.now() >= al.due_at END) AS live
            FROM @extschema@.alarm al
            JOIN @extschema@.assignment a ON a.order_no = al.order_no AND a.id = al.assignment_id
            JOIN @extschema@.work_order o ON o.order_no = al.order_no
            JOIN @extschema@.unit u ON u.id = a.unit_id
            LEFT JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.rule = al.rule
            WHERE al.id = ANY (ids)
            FOR SHARE OF a SKIP LOCKED) on_assignments
        UNION ALL
        SELECT * FROM (
            SELECT al.id, al.order_no, NULL::bigint, al.rule, al.kind, al.due_at, al.fire_at,
                   r.due, r.every, r.channel, r.template, NULL::bigint, NULL::text,
                   coalesce(r.settings ->> 'recipient_user', 'hotline'), w.calendar, NULL::text, o.workflow, o.state,
                   o.urgency, o.emergency_kind,
                   r.rule IS NOT NULL AND o.closed_at IS NULL AND o.state = ANY (r.states)
                       AND al.due_at IS NOT DISTINCT FROM (CASE r.due WHEN 'dispatch_due' THEN o.dispatch_due ELSE o.callback_due END)
                       AND (CASE al.kind WHEN 'remind' THEN pg_catalog.now() < al.due_at
                                 ELSE pg_catalog.now() >= al.due_at END)
            FROM @extschema@.alarm al
            JOIN @extschema@.work_order o ON o.order_no = al.order_no
            JOIN @extschema@.workflow w ON w.name = o.workflow
            LEFT JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.rule = al.rule
            WHERE al.id = ANY (ids) AND al.assignment_id IS NULL
            FOR SHARE OF o SKIP LOCKED) on_orders
    ), fired AS (
        UPDATE @extschema@.alarm al
        SET fired = al.fired + 1, last_fired_at = pg_catalog.now(),
            -- a reminder is done; a hastening comes again "every" after
            -- the time it was due to be sent (l.fire_at, inside business hours)
            fire_at = @extschema@.alarm_fire_at(l.kind, l.calendar, NULL, l.due_at, NULL, NULL, l.every,
                                                greatest(l.fire_at, l.due_at), l.urgency, l.emergency_kind)
        FROM live l WHERE al.id = l.id AND l.live
        RETURNING l.*, al.fired
    ), retired AS (
        UPDATE @extschema@.alarm al SET fire_at = NULL
        FROM live l WHERE al.id = l.id AND NOT l.live
        RETURNING al.id
    ), msg AS (
        -- the text in the recipient's language (the rule's template, else
        -- the kind's), the deadline in the zone of its calendar
        SELECT pg_catalog.cardinality(@extschema@.outbox_add(ARRAY(
            SELECT ROW(f.order_no, f.assignment_id, f.unit_id, f.recipient_user, f.channel, f.template,
                       jsonb_build_object('text', @extschema@.render_message(f.workflow, f.template, f.language,
                                              jsonb_build_object('order_no', f.order_no::text, 'due_at', f.due_at, 'n', f.fired,
                                                  'unit', coalesce(f.unit_name, @extschema@.message_template(f.workflow, '{team}', f.language))),
                                              f.calendar, f.kind),
                                          'order_no', f.order_no::text, 'rule', f.rule, 'due', f.due_at, 'n', f.fired),
                       f.kind || ':' || f.id || ':' || f.fired, NULL)::@extschema@.outbox_message
            FROM fired f))) AS n
    ), ev AS (
        SELECT count(@extschema@.record_event(f.order_no, f.assignment_id, 'hotline.sweep', 'system', f.kind, f.state, f.state,
                                              NULL, jsonb_build_object('rule', f.rule, 'due', f.due_at, 'n', f.fired))) AS n
        FROM fired f
    )
    SELECT (SELECT count(*) FROM fired f WHERE f.kind = 'remind') AS reminders,
           (SELECT count(*) FROM fired f WHERE f.kind = 'hasten') AS hastenings,
           (SELECT count(*) FROM retired) AS retired,
           (SELECT m.n FROM msg m) AS messages,
           (SELECT e.n FROM ev e) AS events
    INTO counts;

    -- public notices (通报): hastened notice_after times and still not done
    FOR n IN
        WITH issued AS (
            INSERT INTO @extschema@.public_notice (alarm_id, order_no, assignment_id, unit_id, hastenings, due_at, text)
            -- in the workflow's language (a notice is the supervisors'),
            -- the deadline in the zone of its calendar
            SELECT al.id, al.order_no, al.assignment_id, a.unit_id, al.fired, al.due_at,
                   @extschema@.render_message(o.workflow, 'notice', NULL,
                       jsonb_build_object('order_no', al.order_no::text, 'due_at', al.due_at, 'n', al.fired,
                                          'unit', coalesce(u.name, @extschema@.message_template(o.workflow, '{team}', NULL))),
                       u.calendar)
            FROM @extschema@.alarm al
            JOIN @extschema@.work_order o ON o.order_no = al.order_no
            JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.rule = al.rule
            LEFT JOIN @extschema@.assignment a ON a.order_no = al.order_no AND a.id = al.assignment_id
            LEFT JOIN @extschema@.unit u ON u.id = a.unit_id
            WHERE al.id = ANY (ids) AND al.kind = 'hasten' AND al.last_fired_at = pg_catalog.now()
              AND r.notice_after IS NOT NULL AND al.fired >= r.notice_after
            ON CONFLICT (order_no, alarm_id) DO NOTHING
            RETURNING *
        )
        SELECT i.*, o.state AS order_state,
               -- the supervisors are the hotline's own staff: the workflow's business hours
               @extschema@.send_time(w.calendar, pg_catalog.now(), o.urgency, o.emergency_kind) AS send_at
        FROM issued i JOIN @extschema@.work_order o ON o.order_no = i.order_no
        JOIN @extschema@.workflow w ON w.name = o.workflow
    LOOP
        notices := notices + 1;
        PERFORM @extschema@.outbox_add(ARRAY[ROW(n.order_no, n.assignment_id, NULL, 'supervisors', 'system', 'notice',
                jsonb_build_object('text', n.text, 'order_no', n.order_no::text, 'hastenings', n.hastenings,
                                   'notice', n.id),
                'notice:' || n.id, n.send_at)::@extschema@.outbox_message]);
        PERFORM @extschema@.record_event(n.order_no, n.assignment_id, 'hotline.sweep', 'system', 'public_notice',
                                         n.order_state, n.order_state, NULL,
                                         jsonb_build_object('notice', n.id, 'hastenings', n.hastenings, 'due', n.due_at));
        PERFORM @extschema@.open_supervision(n.order_no, 'notice',
                                             note => n.text, assignment_id => n.assignment_id,
                                             rule => 'public_notice', actor => 'hotline.sweep');
    END LOOP;

    messages := counts.messages + notices;
    result := jsonb_build_object('reminders', counts.reminders,
                                 'hastenings', counts.hastenings,
                                 'notices', notices,
                                 'retired', counts.retired,
                                 'messages', messages,
                                 'left_for_next_run', pg_catalog.cardinality(ids)
                                     - (counts.reminders + counts.hastenings + counts.retired));
    PERFORM @extschema@.log_job_run('sweep', started, result);
    RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.sweep(integer) IS
    'job: sends the reminders, hastenings and public notices that are due (R-5.1, R-5.4), at most batch alarms per run; safe to run twice at once (SKIP LOCKED) or in a row; returns what it did';

-- late dispatches and callbacks next to late units, with their lateness in working time
CREATE OR REPLACE VIEW @extschema@.overdue AS
SELECT a.order_no, u.code AS unit, u.name AS unit_name, a.role, a.state, a.reply_due,
       pg_catalog.now() - a.reply_due AS overdue_by,
       coalesce(h.fired, 0) AS hastenings, h.last_fired_at AS last_hastened_at,
       p.id IS NOT NULL AS publicly_noticed,
       'reply_due'::text AS due, a.reply_due AS due_at,
       @extschema@.working_time(u.calendar, a.reply_due, pg_catalog.now()) AS working_overdue_by
FROM @extschema@.assignment a
JOIN @extschema@.unit u ON u.id = a.unit_id
LEFT JOIN LATERAL (SELECT max(al.fired) AS fired, max(al.last_fired_at) AS last_fired_at, max(al.id) AS id
                   FROM @extschema@.alarm al
                   WHERE al.order_no = a.order_no AND al.assignment_id = a.id AND al.kind = 'hasten') h ON true
LEFT JOIN @extschema@.public_notice p ON p.order_no = a.order_no AND p.assignment_id = a.id
WHERE a.closed_at IS NULL AND a.replied_at IS NULL AND a.reply_due < pg_catalog.now()
UNION ALL
SELECT o.order_no, NULL, NULL, NULL, o.state, NULL,
       pg_catalog.now() - d.due_at,
       coalesce(h.fired, 0), h.last_fired_at,
       p.id IS NOT NULL,
       d.due, d.due_at,
       @extschema@.working_time(w.calendar, d.due_at, pg_catalog.now())
FROM @extschema@.work_order o
JOIN @extschema@.workflow w ON w.name = o.workflow
CROSS JOIN LATERAL (VALUES ('dispatch_due'::text, o.dispatch_due), ('callback_due', o.callback_due)) d(due, due_at)
LEFT JOIN LATERAL (SELECT max(al.fired) AS fired, max(al.last_fired_at) AS last_fired_at
                   FROM @extschema@.alarm al
                   JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.rule = al.rule
                   WHERE al.order_no = o.order_no AND al.assignment_id IS NULL AND al.kind = 'hasten'
                     AND r.due = d.due) h ON true
LEFT JOIN LATERAL (SELECT max(n.id) AS id FROM @extschema@.public_notice n
                   WHERE n.order_no = o.order_no AND n.assignment_id IS NULL) p ON true
WHERE o.closed_at IS NULL AND d.due_at < pg_catalog.now();
COMMENT ON VIEW @extschema@.overdue IS
    'what is late (R-4.1, R-5.4): open assignments past their reply deadline and open orders past their dispatch or callback deadline (unit NULL: the hotline is late), how late in working time, their hastenings and whether a public notice was issued';
REVOKE ALL ON @extschema@.overdue FROM PUBLIC;

-- The 12345 workflow's rule hasten_dispatch (workflows/12345_appeal.sql,
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
