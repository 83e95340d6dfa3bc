-- Reminders (提醒, R-5.1), hastenings (催办, R-5.4) and public notices
-- (通报), run by the sweep job, and the recomputation of deadlines when a
-- calendar changes.
--
-- The time rules of a workflow (hotline.escalation_rule, kinds remind and
-- hasten) watch a deadline of an order (e.g. dispatch_due, callback_due) or
-- of an assignment (e.g. sign_due, reply_due): any deadline column the
-- catalog shows (hotline.due_table).  Each watched deadline has one alarm per
-- rule: the next time the rule must act.  Triggers keep alarms in step with
-- the deadlines (a deadline set, moved or cleared moves its alarms); the
-- sweep takes only the alarms that are due, through the index on fire_at,
-- so its cost grows with what is due, not with the open orders.  A state
-- change does not touch alarms: the sweep finds an alarm whose object has
-- left the rule's states (replied, closed) when it comes due, and retires it
-- without a message.  Alarms fire inside the business hours of the
-- recipient's calendar, emergencies at any hour (hotline.alarm_fire_at).

-- Alarms are derived from the deadlines by the engine and its triggers only,
-- and orders and assignments are never deleted: no foreign keys, whose
-- checks would cost every dispatch a query per alarm.
CREATE TABLE @extschema@.alarm (
    id              bigint GENERATED ALWAYS AS IDENTITY,
    order_no        @extschema@.order_no NOT NULL,
    assignment_id   bigint,
    rule            text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('remind', 'hasten')),
    due_at          timestamptz,
    fire_at         timestamptz,
    fired           integer NOT NULL DEFAULT 0 CHECK (fired >= 0),
    last_fired_at   timestamptz,
    UNIQUE NULLS NOT DISTINCT (assignment_id, order_no, rule),   -- also the index by assignment
    PRIMARY KEY (order_no, id)
);
CREATE INDEX alarm_fire_idx ON @extschema@.alarm (fire_at) WHERE fire_at IS NOT NULL;
COMMENT ON TABLE @extschema@.alarm IS
    'the next time each time rule (remind, hasten) must act on a deadline of an order or an assignment; kept by triggers, taken by hotline.sweep';
COMMENT ON COLUMN @extschema@.alarm.due_at IS 'the deadline the alarm watches, as it was when the alarm was computed';
COMMENT ON COLUMN @extschema@.alarm.fire_at IS 'when the rule acts next; NULL when it has nothing more to do (a reminder sent, an object no longer in the rule''s states)';
COMMENT ON COLUMN @extschema@.alarm.fired IS 'how many times the rule acted: 1 for a reminder sent (never twice), the number of hastenings';

-- Public notices (通报, R-5.4): hastened notice_after times and still not done.
CREATE TABLE @extschema@.public_notice (
    id              bigint GENERATED ALWAYS AS IDENTITY,
    alarm_id        bigint NOT NULL,
    order_no        @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    assignment_id   bigint,
    unit_id         bigint REFERENCES @extschema@.unit (id) ON UPDATE CASCADE,
    hastenings      integer NOT NULL,
    due_at          timestamptz,
    issued_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    text            text NOT NULL,
    PRIMARY KEY (order_no, id),
    UNIQUE (order_no, alarm_id),
    FOREIGN KEY (order_no, alarm_id) REFERENCES @extschema@.alarm (order_no, id),
    FOREIGN KEY (order_no, assignment_id) REFERENCES @extschema@.assignment (order_no, id)
);
CREATE INDEX ON @extschema@.public_notice (unit_id, issued_at);
COMMENT ON TABLE @extschema@.public_notice IS
    'public notices (通报) of units hastened notice_after times that still have not done the order (R-5.4); part of unit assessment';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.alarm', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.alarm', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.public_notice', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.public_notice', 'id')::regclass, '');
REVOKE ALL ON @extschema@.alarm, @extschema@.public_notice FROM PUBLIC;

-- ---------------------------------------------------------------------
-- When messages go out.  Messages to people -- reminders, hastenings,
-- public notices -- are sent inside the business hours of the recipient's
-- calendar (a unit's calendar for a unit, the workflow's calendar for the
-- hotline's own staff, whom the rule's settings.recipient_user names): one that
-- falls due at 00:00, on a weekend or a holiday is sent at the next opening
-- (09:00 of the next working day).  Emergencies (an order with an
-- emergency kind, R-2.3, or urgency very_urgent) are sent at once, at any
-- hour.  Times are computed in the calendar's zone, whatever the session's
-- TimeZone (R-12.3).
-- ---------------------------------------------------------------------

-- hotline.next_opening(calendar, ts): ts itself when the calendar is open
-- at ts (inside a business period of a working day, its closing instant
-- included: a deadline at 17:30 is hastened at 17:30), else the start of
-- the next business period of a working day.  A calendar without business
-- hours is open all its working days, from 00:00.  On top of the C
-- calendar, whose errors it gives (a calendar without a working day before
-- 2199: 22008): inside business hours there is working time around ts;
-- outside, the first working second after ts starts at the next opening.
-- (PL/pgSQL: about 10 us a call, most of it reading the calendar's row; a
-- C function over the compiled calendar would take 1 us.)
CREATE FUNCTION @extschema@.next_opening(calendar text, ts timestamptz) RETURNS timestamptz
AS 'MODULE_PATHNAME', 'hotline_next_opening'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.next_opening(text, timestamptz) IS
    'ts when the calendar is open at ts (business hours of a working day, the closing instant included), else the next opening, e.g. 09:00 of the next working day; in the calendar''s zone';

-- hotline.send_time(calendar, ts, urgency, emergency_kind): when a message
-- to people that falls due at ts is sent: at once for an emergency (an
-- emergency kind, or urgency very_urgent), else at the calendar's next
-- opening.  The one definition of "sent inside business hours".
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

-- hotline.alarm_fire_at(...): the fire-time rule of the time rules, the
-- one definition that the alarms (hotline.alarm_compute, called by the
-- engine and the triggers), the sweep and the upgrade use.
--   remind   once (never when sent_at is set): when share of the working
--            time from start to due has passed, or before the deadline;
--            not when the deadline has passed (the hastening follows) nor
--            when that point is before start (a limit shorter than the
--            rule's "before"); moved into business hours, but never to or
--            past the deadline (then it is sent at its point);
--   hasten   first when the deadline passes (sent_at NULL or before due),
--            then every "every" counted from the last hastening's send
--            time sent_at: in days (working days, days) the same time of
--            day on the period's last day, so a hastening sent at 09:00 is
--            repeated at 09:00 of the next working day, not at midnight;
--            in hours the end of the period.  A sweep late by more than
--            "every" counts from now (asof): no burst of hastenings to
--            catch up.
-- Each moved by hotline.send_time into the recipient's business hours,
-- but for emergencies.
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

-- hotline.due_at(row, due) and hotline.due_start(row, due, object_start):
-- the deadline a time rule watches on an order or an assignment (row: its
-- row, or the row an INSERT returns) and the start of its period: the
-- column due, and <name>_from beside it, else (no such column, or not
-- recorded) object_start, the dispatch of an assignment or the acceptance
-- of an order.  By column name, for any deadline column (hotline.due_table
-- says which table has it): no list of deadlines.  In C, by the row's own
-- descriptor: to_jsonb of the row, which these read before, converted every
-- column to text to read one (issue 9).
CREATE FUNCTION @extschema@.due_at(object record, due text) RETURNS timestamptz
AS 'MODULE_PATHNAME', 'hotline_due_at'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.due_at(record, text) IS
    'internal: the deadline due (a column name) of an order or assignment given as its row; NULL when it has no such timestamptz column';
CREATE FUNCTION @extschema@.due_start(object record, due text, object_start timestamptz) RETURNS timestamptz
AS 'MODULE_PATHNAME', 'hotline_due_start'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.due_start(record, text, timestamptz) IS
    'internal: the start of the period of the deadline due (<name>_due) of an order or assignment given as its row: <name>_from, else object_start';

-- hotline.alarm_rows(o, a, calendar, changed): the alarms of one watched
-- object, the order o or, when a is given, its assignment a, for the time
-- rules of the order's workflow on that table's deadlines that changed
-- (NULL: all that are set): each rule's deadline, and its fire time
-- counted from the deadline's start on calendar (the unit's for an
-- assignment, the workflow's for an order).  A set-returning SQL function
-- that PostgreSQL inlines into its callers: hotline.alarm_compute, and the
-- statements of the engine that create an order or assignments, which
-- write their alarms in the same statement (issue 9).
CREATE FUNCTION @extschema@.alarm_rows(o @extschema@.work_order, a @extschema@.assignment, calendar text,
                                       changed text[])
RETURNS TABLE (rule text, kind text, due_at timestamptz, fire_at timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT r.rule, r.kind, p.due,
           @extschema@.alarm_fire_at(r.kind, alarm_rows.calendar, p.start, p.due, r.share, r.before, r.every, NULL,
                                     (alarm_rows.o).urgency, (alarm_rows.o).emergency_kind)
    FROM @extschema@.escalation_rule r
    CROSS JOIN LATERAL (
        SELECT CASE WHEN (alarm_rows.a).id IS NULL THEN @extschema@.due_at(alarm_rows.o, r.due)
                    ELSE @extschema@.due_at(alarm_rows.a, r.due) END AS due,
               CASE WHEN (alarm_rows.a).id IS NULL
                    THEN @extschema@.due_start(alarm_rows.o, r.due, (alarm_rows.o).accepted_at)
                    ELSE @extschema@.due_start(alarm_rows.a, r.due, (alarm_rows.a).dispatched_at) END AS start) p
    WHERE r.workflow = (alarm_rows.o).workflow AND r.kind IN ('remind', 'hasten')
      AND @extschema@.due_table(r.due) = CASE WHEN (alarm_rows.a).id IS NULL THEN 'work_order' ELSE 'assignment' END
      AND (alarm_rows.changed IS NULL OR r.due = ANY (alarm_rows.changed))
      AND (alarm_rows.changed IS NOT NULL OR p.due IS NOT NULL);
END;
COMMENT ON FUNCTION @extschema@.alarm_rows(@extschema@.work_order, @extschema@.assignment, text, text[]) IS
    'internal: the alarms (rule, kind, deadline, fire time) of the time rules of an order''s workflow on the deadlines of the order, or of its assignment a, those in changed (NULL: all set)';

-- Alarms follow the deadlines.  Only the rules of the deadlines that
-- changed are touched, so a hastening already sent is not sent again
-- because another deadline moved; a reminder sent is never sent again
-- (once per assignment and rule), whatever happens to the deadline.
--
-- Alarms are made by the engine when it creates assignments (dispatch,
-- pass-down) or an order with deadlines (acceptance), and by the triggers
-- below when a deadline is set or moved by an UPDATE.  No trigger fires on
-- INSERT, so that pg_restore, which inserts orders, assignments and their
-- alarms, restores the alarms as they were and makes none of its own.
--
-- hotline.alarm_rows (above) is the one computation of alarms from
-- deadlines: for each watched deadline the deadline, the start of its
-- period and the calendar it counts on (hotline.due_at, hotline.due_start:
-- an assignment's <name>_due from its <name>_from, else its dispatch, on
-- the unit's calendar, e.g. sign_due from the dispatch, reply_due from
-- reply_from; an order's from its <name>_from, else its acceptance, on the
-- workflow's calendar), its fire time by hotline.alarm_fire_at.  Which
-- rules watch assignments and which the order is read from the catalog
-- (hotline.due_table), not from a list of deadlines.
-- hotline.alarm_compute writes them under the one key per object and rule.
-- on_assignments: the deadlines of the order's assignments (one, or all
-- without alarms when assignment_id is NULL), else the order's own;
-- changed: the deadlines that changed (their alarms are computed again; a
-- reminder sent stays done), NULL: all that are set, alarms that exist
-- kept.
CREATE FUNCTION @extschema@.alarm_compute(order_no @extschema@.order_no, assignment_id bigint, changed text[],
                                          on_assignments boolean)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$   -- internal: called by the engine and by alarm_refresh (SECURITY DEFINER)
#variable_conflict use_column
BEGIN
INSERT INTO @extschema@.alarm AS al (order_no, assignment_id, rule, kind, due_at, fire_at)
SELECT o.order_no, (d.arow).id, x.rule, x.kind, x.due_at, x.fire_at
FROM @extschema@.work_order o
JOIN @extschema@.workflow w ON w.name = o.workflow
-- the watched objects: the order's assignments (one, or all), or the order
CROSS JOIN LATERAL (
    SELECT a AS arow, u.calendar, a.closed_at
    FROM @extschema@.assignment a
    JOIN @extschema@.unit u ON u.id = a.unit_id
    WHERE on_assignments AND a.order_no = o.order_no
      AND (alarm_compute.assignment_id IS NULL OR a.id = alarm_compute.assignment_id)
    UNION ALL
    SELECT NULL::@extschema@.assignment, w.calendar, o.closed_at
    WHERE NOT on_assignments
    OFFSET 0) d
CROSS JOIN LATERAL @extschema@.alarm_rows(o, d.arow, d.calendar, changed) x
WHERE o.order_no = alarm_compute.order_no
  AND (changed IS NOT NULL OR d.closed_at IS NULL)
ON CONFLICT (order_no, assignment_id, rule) DO UPDATE
    SET due_at = EXCLUDED.due_at,
        fire_at = CASE WHEN al.kind = 'remind' AND al.fired > 0 THEN NULL ELSE EXCLUDED.fire_at END
    WHERE changed IS NOT NULL;
END $$;
COMMENT ON FUNCTION @extschema@.alarm_compute(@extschema@.order_no, bigint, text[], boolean) IS
    'internal: the one computation of alarms from deadlines: the time rules on the deadlines of an order''s assignments (on_assignments; one, or all without alarms when assignment_id is NULL) or of the order itself, for the deadlines in changed (NULL: all set)';

CREATE FUNCTION @extschema@.alarm_refresh() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    changed text[];
    new_row jsonb := pg_catalog.to_jsonb(NEW);
    old_row jsonb := pg_catalog.to_jsonb(OLD);
BEGIN
    -- the deadlines the trigger watches (its arguments, written by
    -- hotline.alarm_triggers: this table's, hotline.due_table) set or moved;
    -- none (an update that named a deadline but left it, or cleared it):
    -- nothing to compute
    SELECT coalesce(pg_catalog.array_agg(c ORDER BY c), '{}') INTO changed
    FROM pg_catalog.unnest(TG_ARGV) c
    WHERE new_row -> c <> 'null' AND new_row -> c IS DISTINCT FROM old_row -> c;
    IF changed = '{}' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'assignment' THEN
        PERFORM @extschema@.alarm_compute(NEW.order_no, NEW.id, changed, true);
    ELSE
        PERFORM @extschema@.alarm_compute(NEW.order_no, NULL, changed, false);
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.alarm_refresh() IS
    'trigger: computes again the alarms of the time rules (remind, hasten) of the deadlines an update set, moved or cleared';

-- hotline.alarm_triggers(): (re)creates the triggers that keep alarms in
-- step with the deadlines, one per table, from the catalog: AFTER UPDATE OF
-- the table's deadline columns (hotline.due_table).  Triggers name their
-- columns (UPDATE OF) when they are created, and the engine updates orders
-- and assignments at every action: the column list keeps the trigger from
-- firing on the updates that name no deadline (most of them).  So the list
-- is written per column, but by this function, not by hand; it runs at
-- install, and again (event trigger hotline_alarm_columns) when a column is
-- added to or dropped from hotline.work_order or hotline.assignment, e.g. a
-- deadline visit_due with visit_limit of a workflow of your own.  A
-- deadline the engine writes needs nothing (hotline.alarms_wanted, the
-- WHEN): the engine computes the alarms of the order's deadlines itself, and
-- an action of a workflow without time rules on its assignments' deadlines
-- has none to compute.  The WHEN is that one call and nothing else: a
-- trigger's WHEN is read from the catalog's text again by every statement
-- that updates the table (the engine's too), and a comparison of each
-- deadline, old and new, cost a fifth of an action's time on a review
-- (issue 9); whether a deadline was set or moved (a deadline cleared needs
-- nothing: its alarms no longer match it, and the sweep retires them when
-- they come due) is the trigger function's first question instead.
CREATE FUNCTION @extschema@.alarm_triggers() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.tab, c.name,
               pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attname) AS cols,
               pg_catalog.string_agg(pg_catalog.quote_literal(a.attname), ', ' ORDER BY a.attname) AS args
        FROM (VALUES ('assignment', 'assignment_alarms'), ('work_order', 'work_order_alarms')) c(tab, name)
        JOIN pg_catalog.pg_attribute a
          ON a.attrelid = pg_catalog.format('%I.%I', '@extschema@', c.tab)::regclass
         AND a.attnum > 0 AND NOT a.attisdropped AND @extschema@.due_table(a.attname) = c.tab
        GROUP BY c.tab, c.name
        -- only where the deadlines differ from those the trigger names: an
        -- ALTER TABLE that adds or drops none (pg_restore's DISABLE TRIGGER
        -- ALL, in parallel jobs) takes no lock here
        -- (and pass them as arguments: a trigger of 0.1.0 did not)
        HAVING (pg_catalog.array_agg(a.attnum ORDER BY a.attname), pg_catalog.count(*)) IS DISTINCT FROM
               (SELECT ROW(pg_catalog.array_agg(k.attnum ORDER BY k.n), pg_catalog.min(g.tgnargs)::bigint)
                FROM pg_catalog.pg_trigger g, pg_catalog.unnest(g.tgattr::int2[]) WITH ORDINALITY k(attnum, n)
                WHERE g.tgrelid = pg_catalog.format('%I.%I', '@extschema@', c.tab)::regclass AND g.tgname = c.name)
    LOOP
        EXECUTE pg_catalog.format('CREATE OR REPLACE TRIGGER %I AFTER UPDATE OF %s ON %I.%I FOR EACH ROW '
                                  'WHEN (%I.alarms_wanted(NEW.order_no, %L)) '
                                  'EXECUTE FUNCTION %I.alarm_refresh(%s)',
                                  t.name, t.cols, '@extschema@', t.tab, '@extschema@',
                                  t.tab = 'assignment', '@extschema@', t.args);
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.alarm_triggers() IS
    'internal: (re)creates the triggers that keep alarms in step with the deadline columns of hotline.work_order and hotline.assignment (hotline.due_table), from the catalog';
SELECT @extschema@.alarm_triggers();

CREATE FUNCTION @extschema@.alarm_columns_changed() RETURNS event_trigger
LANGUAGE plpgsql SET search_path = pg_catalog, @extschema@, pg_temp AS $$
BEGIN
    -- by the catalog's names (no regclass lookup, which needs USAGE on the
    -- schema: anybody's ALTER TABLE fires this)
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_event_trigger_ddl_commands() c
               JOIN pg_catalog.pg_class r ON r.oid = c.objid
               JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
               WHERE c.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                 AND n.nspname = '@extschema@' AND r.relname IN ('work_order', 'assignment')) THEN
        PERFORM @extschema@.alarm_triggers();
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.alarm_columns_changed() IS
    'internal: event trigger that writes the alarm triggers again when the columns of hotline.work_order or hotline.assignment change';
CREATE EVENT TRIGGER hotline_alarm_columns ON ddl_command_end WHEN TAG IN ('ALTER TABLE')
    EXECUTE FUNCTION @extschema@.alarm_columns_changed();
