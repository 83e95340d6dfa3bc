-- hotline.sweep(batch): the reminder and supervision sweep (R-5.1, R-5.4,
-- R-14.1).  Takes up to batch due alarms (FOR UPDATE SKIP LOCKED: two
-- sweeps at once take different alarms), and of each the watched
-- assignment FOR SHARE and its order FOR NO KEY UPDATE, SKIP LOCKED: an
-- object an action is changing right now is left for the next sweep, so an
-- order replied in the same instant is never hastened, and no two writers
-- append to an order's history at once (its hash chain, R-1.6: every writer
-- holds the order's lock).  Then, in a few set-based statements:
--   remind   a message to the unit (or the hotline's own team), an event on
--            the order; the alarm is done (never twice);
--   hasten   a message, an event; the alarm comes again after "every"
--            while the deadline stays missed, counted from the time it was
--            due to be sent (hotline.alarm_fire_at): a hastening sent at
--            09:00 comes again at 09:00 of the next working day;
--   notice   at notice_after hastenings: a public notice (通报) record, its
--            message (held for the workflow's business hours: the outbox's
--            next_attempt_at) and event, and supervision of the order (督办,
--            R-5.2);
--   retired  alarms whose object left the rule's states, and reminders
--            whose deadline has already passed (the hastening takes over):
--            no message.
-- Messages go to the outbox (R-14.3) with dedup keys (never twice), through
-- hotline.outbox_add, whose NOTIFY hotline_outbox wakes the gateways; their
-- texts are the workflow's (hotline.render_message).
--
-- Every statement here is driven by the due alarms (ids): the joins must
-- look the orders and assignments up by their keys.  Seeing thousands of
-- ids, the planner would rather hash-join whole tables, whose cost grows
-- with the open orders; the function therefore runs without hash and merge
-- joins (no statement in it joins two large sets).
CREATE FUNCTION @extschema@.sweep(batch integer DEFAULT 10000) RETURNS jsonb
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
                       AND al.due_at IS NOT DISTINCT FROM @extschema@.due_at(a, r.due)
                       AND (CASE al.kind WHEN 'remind' THEN pg_catalog.now() < al.due_at
                                 ELSE pg_catalog.now() >= al.due_at END) AS live
            FROM @extschema@.alarm al
            JOIN @extschema@.assignment a ON a.order_no = al.order_no AND a.id = al.assignment_id
            JOIN @extschema@.work_order o ON o.order_no = al.order_no
            JOIN @extschema@.unit u ON u.id = a.unit_id
            LEFT JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.rule = al.rule
            WHERE al.id = ANY (ids)
            FOR SHARE OF a SKIP LOCKED FOR NO KEY UPDATE OF o SKIP LOCKED) on_assignments
        UNION ALL
        SELECT * FROM (
            SELECT al.id, al.order_no, NULL::bigint, al.rule, al.kind, al.due_at, al.fire_at,
                   r.due, r.every, r.channel, r.template, NULL::bigint, NULL::text,
                   coalesce(r.settings ->> 'recipient_user', 'hotline'), w.calendar, NULL::text, o.workflow, o.state,
                   o.urgency, o.emergency_kind,
                   r.rule IS NOT NULL AND o.closed_at IS NULL AND o.state = ANY (r.states)
                       AND al.due_at IS NOT DISTINCT FROM @extschema@.due_at(o, r.due)
                       AND (CASE al.kind WHEN 'remind' THEN pg_catalog.now() < al.due_at
                                 ELSE pg_catalog.now() >= al.due_at END)
            FROM @extschema@.alarm al
            JOIN @extschema@.work_order o ON o.order_no = al.order_no
            JOIN @extschema@.workflow w ON w.name = o.workflow
            LEFT JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.rule = al.rule
            WHERE al.id = ANY (ids) AND al.assignment_id IS NULL
            FOR NO KEY UPDATE OF o SKIP LOCKED) on_orders
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

-- What a supervisor or dispatcher looks at: what is late, how late in
-- working time, how often hastened.  A row per late deadline: an open
-- assignment past its reply deadline (the unit is late: reply_due and
-- replied_at are the engine's contract columns), or an open order past one
-- of its own deadlines (the hotline is late, R-4.1, R-7: unit NULL), e.g.
-- dispatch_due and callback_due: every deadline column of the orders the
-- catalog shows (hotline.due_table).  Lateness in working time is counted on the calendar
-- of whoever is late: the unit's, or the workflow's for the hotline.
CREATE VIEW @extschema@.overdue AS
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
CROSS JOIN LATERAL (SELECT j.key, (j.value #>> '{}')::timestamptz
                    FROM pg_catalog.jsonb_each(pg_catalog.to_jsonb(o)) j
                    WHERE j.key LIKE '%\_due' AND @extschema@.due_table(j.key) = 'work_order') d(due, due_at)
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

-- ---------------------------------------------------------------------
-- Deadlines follow the calendar.  A change of a calendar's days (next
-- year's notice imported in November, a correction) or of its week or
-- business hours is queued by triggers; hotline.recompute_deadlines()
-- computes again the deadlines of open assignments on the calendar (or on
-- calendars layered on it) whose period the change touches, from the limit
-- they were given (sign_limit from dispatched_at, reply_limit from
-- reply_from), then the orders' own (dispatch_limit from dispatch_from,
-- callback_limit from callback_from, on the workflow's calendar; reply_due
-- the latest of the open assignments'), and records each change on the
-- order.  A deadline set as a date (an approved extension) stays as it is.
-- ---------------------------------------------------------------------
CREATE TABLE @extschema@.calendar_change (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    calendar        text NOT NULL,
    first_day       date,
    last_day        date,
    queued_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    done_at         timestamptz,
    result          jsonb
);
CREATE INDEX calendar_change_pending_idx ON @extschema@.calendar_change (id) WHERE done_at IS NULL;
COMMENT ON TABLE @extschema@.calendar_change IS
    'changes of calendars waiting for hotline.recompute_deadlines (first_day, last_day NULL: the whole calendar, e.g. its week or business hours)';
COMMENT ON COLUMN @extschema@.calendar_change.result IS 'what the recomputation did for this change';
-- A work queue, not data: pg_dump leaves it out.  Restoring a dump inserts
-- the calendars' days, which queues them again; the recomputation then
-- finds every deadline as it was.
REVOKE ALL ON @extschema@.calendar_change FROM PUBLIC;
GRANT SELECT ON @extschema@.calendar_change TO PUBLIC;

CREATE FUNCTION @extschema@.calendar_queue_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
BEGIN
    IF TG_TABLE_NAME = 'calendar_day' THEN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO @extschema@.calendar_change (calendar, first_day, last_day)
            SELECT d.calendar, min(d.day), max(d.day) FROM new_rows d GROUP BY d.calendar;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            INSERT INTO @extschema@.calendar_change (calendar, first_day, last_day)
            SELECT d.calendar, min(d.day), max(d.day) FROM old_rows d GROUP BY d.calendar;
        END IF;
    ELSIF TG_OP = 'UPDATE' THEN
        -- the week, the business hours, the zone, the base or when the days
        -- of a calendar end (day_ends)
        INSERT INTO @extschema@.calendar_change (calendar)
        SELECT n.name FROM new_rows n JOIN old_rows o ON o.name = n.name
        WHERE n.base IS DISTINCT FROM o.base OR n.time_zone <> o.time_zone
           OR n.business_hours::text <> o.business_hours::text OR n.work_weekdays <> o.work_weekdays
           OR n.day_ends <> o.day_ends;
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.calendar_queue_change() IS
    'trigger: queues the days (or the whole calendar) a statement changed, for hotline.recompute_deadlines';
CREATE TRIGGER calendar_day_queue_insert AFTER INSERT ON @extschema@.calendar_day
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.calendar_queue_change();
CREATE TRIGGER calendar_day_queue_update AFTER UPDATE ON @extschema@.calendar_day
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION @extschema@.calendar_queue_change();
CREATE TRIGGER calendar_day_queue_delete AFTER DELETE ON @extschema@.calendar_day
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.calendar_queue_change();
CREATE TRIGGER calendar_queue_update AFTER UPDATE ON @extschema@.calendar
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION @extschema@.calendar_queue_change();

CREATE FUNCTION @extschema@.recompute_deadlines(batch integer DEFAULT 10000) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    started     timestamptz := pg_catalog.clock_timestamp();
    ch          record;
    tier        integer;
    moved       integer;
    moved_ids   bigint[];
    orders      @extschema@.order_no[];
    affected    text[];
    n_assign    integer;
    n_orders    integer;
    total       integer := 0;
    total_orders integer := 0;
    changes     integer := 0;
    result      jsonb;
BEGIN
    IF batch IS NULL OR batch < 1 OR batch > 1000000 THEN
        RAISE EXCEPTION 'batch must be between 1 and 1000000, not %', coalesce(batch::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- one run at a time: two runs would recompute the same assignments
    IF NOT @extschema@.job_try_lock('recompute_deadlines') THEN
        result := @extschema@.job_skipped('recompute_deadlines');
        PERFORM @extschema@.log_job_run('recompute_deadlines', started, result);
        RETURN result;
    END IF;

    FOR ch IN SELECT c.* FROM @extschema@.calendar_change c WHERE c.done_at IS NULL ORDER BY c.id LIMIT batch
    LOOP
        -- the calendar changed and those layered on it
        affected := ARRAY(WITH RECURSIVE c(name) AS (
                              SELECT ch.calendar
                              UNION
                              SELECT k.name FROM @extschema@.calendar k JOIN c ON k.base = c.name)
                          SELECT name FROM c);
        n_assign := 0;
        moved_ids := '{}';
        orders := '{}';
        -- the assignments: first the units' own (tier 1), then those passed
        -- down to sub-units (tier 2), whose reply deadline never ends after
        -- their parent's as it now is (R-4.5)
        FOR tier IN 1..2 LOOP
            WITH candidate AS (
                SELECT a.id, a.order_no, a.state, a.sign_due, a.reply_due,
                       CASE WHEN a.sign_limit IS NOT NULL AND a.signed_at IS NULL
                            THEN @extschema@.deadline(u.calendar, a.dispatched_at, a.sign_limit) ELSE a.sign_due END AS new_sign,
                       CASE WHEN a.reply_limit IS NULL THEN a.reply_due
                            WHEN a.parent_id IS NULL
                            THEN @extschema@.deadline(u.calendar, coalesce(a.reply_from, a.dispatched_at), a.reply_limit)
                            ELSE least(@extschema@.deadline(u.calendar, coalesce(a.reply_from, a.dispatched_at), a.reply_limit),
                                       p.reply_due) END AS new_reply
                FROM @extschema@.assignment a
                JOIN @extschema@.unit u ON u.id = a.unit_id
                LEFT JOIN @extschema@.assignment p ON p.order_no = a.order_no AND p.id = a.parent_id
                WHERE a.closed_at IS NULL AND a.replied_at IS NULL
                  AND (a.parent_id IS NULL) = (tier = 1)
                  AND ((u.calendar = ANY (affected)
                        AND (ch.last_day IS NULL
                             OR (a.reply_due >= ch.first_day AND coalesce(a.reply_from, a.dispatched_at) < ch.last_day + 1)
                             OR (a.sign_due >= ch.first_day AND a.dispatched_at < ch.last_day + 1)))
                       OR a.parent_id = ANY (moved_ids))
                FOR NO KEY UPDATE OF a
            ), moved AS (
                UPDATE @extschema@.assignment a SET sign_due = c.new_sign, reply_due = c.new_reply, updated_at = pg_catalog.now()
                FROM candidate c
                WHERE a.order_no = c.order_no AND a.id = c.id
                  AND (c.new_sign IS DISTINCT FROM c.sign_due OR c.new_reply IS DISTINCT FROM c.reply_due)
                RETURNING c.*
            ), ev AS (
                SELECT m.order_no, m.id AS assignment_id,
                       @extschema@.record_event(m.order_no, m.id, 'hotline.recompute_deadlines', 'system', 'deadline_recomputed',
                       m.state, m.state, 'calendar ' || ch.calendar || ' changed',
                       jsonb_strip_nulls(jsonb_build_object('calendar', ch.calendar, 'change', ch.id,
                           'first_day', ch.first_day, 'last_day', ch.last_day,
                           'sign_due_before', CASE WHEN m.new_sign IS DISTINCT FROM m.sign_due THEN m.sign_due END,
                           'sign_due_after', CASE WHEN m.new_sign IS DISTINCT FROM m.sign_due THEN m.new_sign END,
                           'reply_due_before', CASE WHEN m.new_reply IS DISTINCT FROM m.reply_due THEN m.reply_due END,
                           'reply_due_after', CASE WHEN m.new_reply IS DISTINCT FROM m.reply_due THEN m.new_reply END))) AS event_id
                FROM moved m
            )
            SELECT count(*), coalesce(array_agg(e.assignment_id), '{}'), orders || coalesce(array_agg(e.order_no), '{}')
            INTO moved, moved_ids, orders FROM ev e;
            n_assign := n_assign + moved;
        END LOOP;

        -- the orders' own deadlines (R-12.3): dispatch and callback from
        -- their limits on the workflow's calendar; the reply deadline, the
        -- latest of the open assignments' (or from its own limit when it
        -- has none open)
        WITH candidate AS (
            SELECT o.order_no, o.state, o.dispatch_due, o.reply_due, o.callback_due,
                   CASE WHEN o.dispatch_limit IS NOT NULL
                        THEN @extschema@.deadline(w.calendar, o.dispatch_from, o.dispatch_limit) ELSE o.dispatch_due END AS new_dispatch,
                   coalesce((SELECT d FROM @extschema@.order_reply_due(o.order_no) d),
                            CASE WHEN o.reply_limit IS NOT NULL
                                 THEN @extschema@.deadline(w.calendar, o.reply_from, o.reply_limit) END,
                            CASE WHEN NOT EXISTS (SELECT 1 FROM @extschema@.assignment a
                                                  WHERE a.order_no = o.order_no AND a.closed_at IS NULL)
                                 THEN o.reply_due END) AS new_reply,
                   CASE WHEN o.callback_limit IS NOT NULL
                        THEN @extschema@.deadline(w.calendar, o.callback_from, o.callback_limit) ELSE o.callback_due END AS new_callback
            FROM @extschema@.work_order o
            JOIN @extschema@.workflow w ON w.name = o.workflow
            WHERE o.closed_at IS NULL
              AND (o.order_no = ANY (orders)
                   OR (w.calendar = ANY (affected)
                       AND (ch.last_day IS NULL
                            OR (o.dispatch_due >= ch.first_day AND o.dispatch_from < ch.last_day + 1)
                            OR (o.reply_due >= ch.first_day AND o.reply_from < ch.last_day + 1)
                            OR (o.callback_due >= ch.first_day AND o.callback_from < ch.last_day + 1))))
            FOR NO KEY UPDATE OF o
        ), moved AS (
            UPDATE @extschema@.work_order o
            SET dispatch_due = c.new_dispatch, reply_due = c.new_reply, callback_due = c.new_callback,
                updated_at = pg_catalog.now()
            FROM candidate c
            WHERE o.order_no = c.order_no
              AND (c.new_dispatch IS DISTINCT FROM c.dispatch_due OR c.new_reply IS DISTINCT FROM c.reply_due
                   OR c.new_callback IS DISTINCT FROM c.callback_due)
            RETURNING c.*
        ), ev AS (
            SELECT @extschema@.record_event(m.order_no, NULL, 'hotline.recompute_deadlines', 'system', 'deadline_recomputed',
                   m.state, m.state, 'calendar ' || ch.calendar || ' changed',
                   jsonb_strip_nulls(jsonb_build_object('calendar', ch.calendar, 'change', ch.id,
                       'first_day', ch.first_day, 'last_day', ch.last_day,
                       'dispatch_due_before', CASE WHEN m.new_dispatch IS DISTINCT FROM m.dispatch_due THEN m.dispatch_due END,
                       'dispatch_due_after', CASE WHEN m.new_dispatch IS DISTINCT FROM m.dispatch_due THEN m.new_dispatch END,
                       'reply_due_before', CASE WHEN m.new_reply IS DISTINCT FROM m.reply_due THEN m.reply_due END,
                       'reply_due_after', CASE WHEN m.new_reply IS DISTINCT FROM m.reply_due THEN m.new_reply END,
                       'callback_due_before', CASE WHEN m.new_callback IS DISTINCT FROM m.callback_due THEN m.callback_due END,
                       'callback_due_after', CASE WHEN m.new_callback IS DISTINCT FROM m.callback_due THEN m.new_callback END))) AS event_id
            FROM moved m
        )
        SELECT count(*) INTO n_orders FROM ev;

        UPDATE @extschema@.calendar_change c
        SET done_at = pg_catalog.now(),
            result = jsonb_build_object('assignments_moved', n_assign, 'orders_moved', n_orders)
        WHERE c.id = ch.id;
        total := total + n_assign;
        total_orders := total_orders + n_orders;
        changes := changes + 1;
    END LOOP;
    result := jsonb_build_object('changes', changes, 'assignments_moved', total, 'orders_moved', total_orders);
    PERFORM @extschema@.log_job_run('recompute_deadlines', started, result);
    RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.recompute_deadlines(integer) IS
    'job: computes again, from their limits, the deadlines of open assignments and orders whose period a queued calendar change touches (an order''s reply deadline stays the latest of its open assignments'', a sub-unit''s never after its parent''s), and records each change on the order; returns what it did';

REVOKE ALL ON FUNCTION @extschema@.sweep(integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.recompute_deadlines(integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.alarm_refresh() FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.alarm_compute(@extschema@.order_no, bigint, text[], boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.alarm_rows(@extschema@.work_order, @extschema@.assignment, text, text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.calendar_queue_change() FROM PUBLIC;
-- internal steps of the alarms (next_opening is for everyone, like deadline)
REVOKE ALL ON FUNCTION @extschema@.send_time(text, timestamptz, @extschema@.urgency, @extschema@.emergency_kind) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.alarm_fire_at(text, text, timestamptz, timestamptz, double precision,
    @extschema@.time_limit, @extschema@.time_limit, timestamptz, @extschema@.urgency, @extschema@.emergency_kind,
    timestamptz) FROM PUBLIC;
