-- Work orders (工单, R-1), their assignments to handling units (R-4.4,
-- R-4.5) and their history (R-1.6).  State changes only through the
-- workflow engine (engine.c); the history is append-only.

CREATE TABLE @extschema@.work_order (
    order_no        @extschema@.order_no PRIMARY KEY,
    region          text NOT NULL CHECK (region ~ '^[0-9]{6}$'),
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name),
    state           text NOT NULL,
    citizen_id      bigint REFERENCES @extschema@.citizen (id) ON UPDATE CASCADE,
    contact_name    text,
    confidential    boolean NOT NULL DEFAULT false,
    appeal_type     @extschema@.appeal_type NOT NULL,
    topic_id        bigint REFERENCES @extschema@.topic (id) ON UPDATE CASCADE,
    urgency         @extschema@.urgency NOT NULL DEFAULT 'normal',
    channel         @extschema@.channel NOT NULL,
    source_hotline  text NOT NULL DEFAULT '12345' CHECK (source_hotline ~ '^[0-9]{3,8}$'),
    occurred_at     timestamptz,
    address         text,
    longitude       double precision CHECK (longitude BETWEEN -180 AND 180),
    latitude        double precision CHECK (latitude BETWEEN -90 AND 90),
    description     text NOT NULL CHECK (description <> ''),
    demand          text,
    accused_unit_id bigint REFERENCES @extschema@.unit (id) ON UPDATE CASCADE,
    emergency_kind  @extschema@.emergency_kind,
    emergency_referral text CHECK (emergency_referral IN ('110', '119', '120', '122')),
    accepted_at     timestamptz NOT NULL,
    accepted_by     text NOT NULL,
    dispatch_due    timestamptz,
    reply_due       timestamptz,
    callback_due    timestamptz,
    callback_sampled boolean,
    closed_at       timestamptz,
    archived_at     timestamptz,
    merged_into     @extschema@.order_no REFERENCES @extschema@.work_order (order_no),
    updated_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    dispatch_limit  @extschema@.time_limit,
    dispatch_from   timestamptz,
    reply_limit     @extschema@.time_limit,
    reply_from      timestamptz,
    callback_limit  @extschema@.time_limit,
    callback_from   timestamptz,
    CHECK (merged_into <> order_no),
    CHECK (@extschema@.order_no_region(order_no) = region)
);
CREATE INDEX ON @extschema@.work_order (citizen_id, accepted_at);
CREATE INDEX ON @extschema@.work_order (topic_id, accepted_at);
CREATE INDEX ON @extschema@.work_order (state) WHERE closed_at IS NULL;
COMMENT ON TABLE @extschema@.work_order IS
    'work orders (工单): one per appeal, from acceptance to archive (R-1); state changes only through workflow actions';
COMMENT ON COLUMN @extschema@.work_order.confidential IS 'the citizen asked for confidentiality (是否保密): hidden from units (R-11.1)';
COMMENT ON COLUMN @extschema@.work_order.source_hotline IS 'the hotline the appeal came through: 12345 or a merged line such as 12315, 12358';
COMMENT ON COLUMN @extschema@.work_order.accused_unit_id IS 'for complaints and reports: the unit complained about, never dispatched to (R-4.6)';
COMMENT ON COLUMN @extschema@.work_order.emergency_kind IS
    'an emergency, disaster, public-health or public-security matter: reported to the emergency department and duty office at once, under supervision (R-2.3)';
COMMENT ON COLUMN @extschema@.work_order.emergency_referral IS
    'an emergency handed over to 110 (police), 119 (fire), 120 (ambulance) or 122 (traffic) at intake (R-2.2)';
COMMENT ON COLUMN @extschema@.work_order.callback_sampled IS
    'R-7.1: whether the callback sampling job chose the reviewed order for a callback (NULL: not decided yet)';
COMMENT ON COLUMN @extschema@.work_order.merged_into IS 'merged (并案) into this order, which carries it';
COMMENT ON COLUMN @extschema@.work_order.dispatch_limit IS
    'the time limit dispatch_due was counted with, from dispatch_from on the workflow''s calendar (NULL: set as a date or cleared); a calendar change counts it again (R-12.3)';
COMMENT ON COLUMN @extschema@.work_order.reply_limit IS
    'the time limit reply_due was counted with, from reply_from, when the order set it itself; NULL when it is the latest of the open assignments'' (R-12.3)';
COMMENT ON COLUMN @extschema@.work_order.callback_limit IS
    'the time limit callback_due was counted with, from callback_from on the workflow''s calendar (R-12.3)';

CREATE TABLE @extschema@.assignment (
    id              bigint GENERATED ALWAYS AS IDENTITY,
    order_no        @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    unit_id         bigint NOT NULL REFERENCES @extschema@.unit (id) ON UPDATE CASCADE,
    parent_id       bigint,
    role            text NOT NULL CHECK (role ~ '^[a-z][a-z0-9_]*$'),
    state           text NOT NULL,
    dispatch_mode   text,
    opinion         text,
    dispatched_at   timestamptz NOT NULL,
    sign_limit      @extschema@.time_limit,
    sign_due        timestamptz,
    reply_limit     @extschema@.time_limit,
    reply_from      timestamptz,
    reply_due       timestamptz,
    signed_at       timestamptz,
    replied_at      timestamptz,
    closed_at       timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CHECK (parent_id <> id),
    -- keyed by the order number (README, Design: Keys): unique across
    -- cities, colocated with its order in a cluster distributed by order_no
    PRIMARY KEY (order_no, id),
    FOREIGN KEY (order_no, parent_id) REFERENCES @extschema@.assignment (order_no, id)
);
CREATE INDEX ON @extschema@.assignment (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX ON @extschema@.assignment (unit_id, state) WHERE closed_at IS NULL;
CREATE INDEX ON @extschema@.assignment (reply_due) WHERE closed_at IS NULL;
COMMENT ON TABLE @extschema@.assignment IS
    'an order dispatched to one unit: lead (牵头) or assisting (协办) unit (R-4.4), or a sub-unit it was passed down to (R-4.5)';
COMMENT ON COLUMN @extschema@.assignment.role IS
    'the role the workflow''s assign or pass_down effect gives the unit; in 12345: lead (牵头) or assisting (协办) unit of a dispatch (R-4.4), or sub: a sub-unit the parent assignment''s unit passed the order down to (R-4.5)';
COMMENT ON COLUMN @extschema@.assignment.sign_limit IS 'the time limit of sign_due, counted from dispatched_at on the unit''s calendar';
COMMENT ON COLUMN @extschema@.assignment.reply_limit IS
    'the time limit of reply_due, counted from reply_from on the unit''s calendar; NULL when the deadline was set as a date (an approved extension), which a calendar change leaves alone';
COMMENT ON COLUMN @extschema@.assignment.reply_from IS 'when the reply period started: the dispatch, or the send-back for redo';
COMMENT ON COLUMN @extschema@.assignment.parent_id IS 'the assignment of the unit that passed this one down (R-4.5)';

-- hotline.order_reply_due(order_no): the contract of an order's reply_due
-- (R-12.3, README): the latest reply deadline of its open assignments (NULL
-- when none is open).  The one definition the engine's UPDATE of the order
-- (engine.c, UpdateOrder) and hotline.recompute_deadlines use.  A set-
-- returning SQL function, STABLE, not STRICT, without SET: the planner
-- inlines it into the caller's query (an index probe on the assignments of
-- one order, as if written there), which a scalar SQL function with a
-- FROM would not be.  Use it as (SELECT d FROM hotline.order_reply_due(o) d).
-- Its SQL-standard body is bound when it is created, never under a
-- caller's search_path (a SET search_path would keep it from being inlined).
CREATE FUNCTION @extschema@.order_reply_due(order_no @extschema@.order_no) RETURNS SETOF timestamptz
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1
BEGIN ATOMIC
    SELECT pg_catalog.max(a.reply_due) FROM @extschema@.assignment a
    WHERE a.order_no = order_reply_due.order_no AND a.closed_at IS NULL;
END;
COMMENT ON FUNCTION @extschema@.order_reply_due(@extschema@.order_no) IS
    'an order''s reply deadline: the latest reply_due of its open assignments (one row, NULL when none is open); inlined by the planner';

CREATE TABLE @extschema@.order_event (
    id              bigint GENERATED ALWAYS AS IDENTITY,
    order_no        @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    assignment_id   bigint,
    at              timestamptz NOT NULL DEFAULT pg_catalog.now(),
    actor           text NOT NULL,
    role            text NOT NULL,
    action          text NOT NULL,
    from_state      text,
    to_state        text,
    reason          text,
    payload         jsonb NOT NULL DEFAULT '{}',
    actor_name      text,
    seq             integer NOT NULL,
    hash            bytea NOT NULL,
    PRIMARY KEY (order_no, id),
    FOREIGN KEY (order_no, assignment_id) REFERENCES @extschema@.assignment (order_no, id)
);
CREATE INDEX ON @extschema@.order_event (action, at);
COMMENT ON TABLE @extschema@.order_event IS
    'the history of every order (R-1.6): who, in which role, when, what, from which state to which, why; append-only, the legal record';
COMMENT ON COLUMN @extschema@.order_event.actor IS
    'who acted: the login of a caller the engine checked (its role membership), else the name the engine''s owner or a job gave';
COMMENT ON COLUMN @extschema@.order_event.actor_name IS
    'the name of the staff member behind the login when the event was recorded (hotline.staff), NULL for the owner''s jobs and logins that are no one''s';
COMMENT ON COLUMN @extschema@.order_event.seq IS
    'the event''s place in its order''s history: 1, 2, 3, ... (set by the trigger order_event_chain; a gap is a deleted event)';
COMMENT ON COLUMN @extschema@.order_event.hash IS
    'SHA-256 over the previous event''s hash and this event''s content (hotline.event_hash, the canonical form in README, Security); set by the trigger order_event_chain, checked by hotline.verify_history';

-- hotline.append_only(): the trigger of a record no UPDATE, DELETE or
-- TRUNCATE may reach (42501), for every append-only table: its arguments
-- say what (the message), why (the detail, %s the operation) and what to do
-- instead (the hint).
CREATE FUNCTION @extschema@.append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0]
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format(TG_ARGV[1], TG_OP),
              HINT = TG_ARGV[2];
END $$;
COMMENT ON FUNCTION @extschema@.append_only() IS
    'trigger: refuses UPDATE, DELETE and TRUNCATE of an append-only table; arguments: the message, the detail (%s: the operation), the hint';

-- hotline.append_only_guard(tab, message, detail, hint): makes table tab
-- append-only: triggers <table>_append_only (UPDATE, DELETE, per row) and
-- <table>_no_truncate (TRUNCATE) of hotline.append_only with these texts.
CREATE FUNCTION @extschema@.append_only_guard(tab regclass, message text, detail text, hint text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    name text := (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = tab);
    args text := pg_catalog.format('%L, %L, %L', message, detail, hint);
BEGIN
    EXECUTE pg_catalog.format('CREATE OR REPLACE TRIGGER %I BEFORE UPDATE OR DELETE ON %s FOR EACH ROW '
                              'EXECUTE FUNCTION %I.append_only(%s)', name || '_append_only', tab, '@extschema@', args);
    EXECUTE pg_catalog.format('CREATE OR REPLACE TRIGGER %I BEFORE TRUNCATE ON %s FOR EACH STATEMENT '
                              'EXECUTE FUNCTION %I.append_only(%s)', name || '_no_truncate', tab, '@extschema@', args);
END $$;
COMMENT ON FUNCTION @extschema@.append_only_guard(regclass, text, text, text) IS
    'internal: makes a table append-only (triggers <table>_append_only and <table>_no_truncate of hotline.append_only with these texts)';
REVOKE ALL ON FUNCTION @extschema@.append_only_guard(regclass, text, text, text) FROM PUBLIC;

-- The history is append-only (R-1.6): no UPDATE, DELETE or TRUNCATE reaches it.
SELECT @extschema@.append_only_guard('@extschema@.order_event', 'the history of work orders is append-only',
    '%s on hotline.order_event is not allowed: it is the legal record of every order (R-1.6).',
    'Record a correction as a new event through a workflow action.');

-- hotline.record_event(...): the one writer of the history (R-1.6), in C
-- (engine.c), which the engine's actions use too.  Every
-- SQL writer (the sweep, the recomputation of deadlines, supervision, the
-- event rules) records an event through it; it returns the event's id.
-- The caller holds the order's lock (event ids follow the order's
-- history: hotline.escalate_bad_handling counts by them).
CREATE FUNCTION @extschema@.record_event(order_no @extschema@.order_no, assignment_id bigint, actor text,
                                         role text, action text, from_state text, to_state text,
                                         reason text DEFAULT NULL, payload jsonb DEFAULT '{}')
RETURNS bigint
AS 'MODULE_PATHNAME', 'hotline_record_event'
LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.record_event(@extschema@.order_no, bigint, text, text, text, text, text, text, jsonb) IS
    'internal: records an event of an order''s history (R-1.6); the one writer (engine.c), which the engine''s actions and every SQL writer use; returns its id';
REVOKE ALL ON FUNCTION @extschema@.record_event(@extschema@.order_no, bigint, text, text, text, text, text, text, jsonb) FROM PUBLIC;

-- State changes only through the engine (engine.c sets its own flag).  Only
-- UPDATE is guarded: pg_restore must be able to INSERT orders in any state.
CREATE FUNCTION @extschema@.guard_state() RETURNS trigger
    AS 'MODULE_PATHNAME', 'hotline_guard_state' LANGUAGE C;
COMMENT ON FUNCTION @extschema@.guard_state() IS
    'trigger: the state of an order or assignment changes only through a workflow action';
CREATE TRIGGER work_order_guard_state BEFORE UPDATE OF state ON @extschema@.work_order
    FOR EACH ROW EXECUTE FUNCTION @extschema@.guard_state();
CREATE TRIGGER assignment_guard_state BEFORE UPDATE OF state ON @extschema@.assignment
    FOR EACH ROW EXECUTE FUNCTION @extschema@.guard_state();

SELECT pg_catalog.pg_extension_config_dump('@extschema@.work_order', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.assignment', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.order_event', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.assignment', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.order_event', 'id')::regclass, '');

-- Orders hold personal data (R-11): no PUBLIC access; roles come with the engine.
REVOKE ALL ON @extschema@.work_order, @extschema@.assignment, @extschema@.order_event FROM PUBLIC;

-- Intake checks (受理, R-1.2-R-1.5, R-2.2, R-2.3): every parameter of a new
-- order in one place, before anything is written, each refusal naming the
-- parameter and the value with an example of a good one.  The 12345
-- workflow's named functions (accept, reject, answer) call it before the
-- engine; it takes the params of hotline.open_order as they are, so the
-- engine can call it too.  It returns the params as the order records
-- them: an order with an emergency kind (R-2.3) is very urgent, whatever
-- urgency said, so that its limits are the very urgent ones.  Keys it does
-- not know are left to the workflow.
-- C (extension/domain/intake.c): every appeal goes through it, and
-- PL/pgSQL prepared each of its expressions again in every transaction
-- (issue 9).
CREATE FUNCTION @extschema@.check_intake(params jsonb) RETURNS jsonb
AS 'MODULE_PATHNAME', 'hotline_check_intake'
LANGUAGE C STABLE;
COMMENT ON FUNCTION @extschema@.check_intake(jsonb) IS
    'checks the parameters of a new work order (region, appeal type, channel, urgency, emergency kind and referral, source hotline, time, coordinates, phone, topic, units) before anything is written, with errors naming the parameter and the value; returns them as the order records them (an emergency is very urgent, R-2.3)';

-- The hotline's intake of a new order (受理), for the engine
-- (hotline.open_order, engine.c): the parameters checked by check_intake,
-- the citizen found again by phone or added (R-2.4), topic and accused unit
-- by their codes, and the row's values keyed by column of work_order (the
-- engine writes the columns it owns: number, workflow, state, acceptance,
-- deadlines).  The source hotline defaults to the workflow's setting
-- source_hotline.  The history gets the parameters without the citizen's
-- phone number and name (R-11.1).
CREATE FUNCTION @extschema@.order_intake(workflow text, params jsonb) RETURNS jsonb
AS 'MODULE_PATHNAME', 'hotline_order_intake'
LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.order_intake(text, jsonb) IS
    'internal: the hotline''s intake of a new order for the engine: checks the parameters (check_intake), finds or adds the citizen, returns the row''s values keyed by column of work_order, the parameters, and the parameters for the history';
REVOKE ALL ON FUNCTION @extschema@.order_intake(text, jsonb) FROM PUBLIC;

-- The outbox (a platform table) addresses the hotline's orders and units:
-- its foreign keys are the domain's.
ALTER TABLE @extschema@.outbox
    ADD CONSTRAINT outbox_order_no_fkey FOREIGN KEY (order_no) REFERENCES @extschema@.work_order (order_no),
    ADD CONSTRAINT outbox_recipient_unit_id_fkey FOREIGN KEY (recipient_unit_id)
        REFERENCES @extschema@.unit (id) ON UPDATE CASCADE,
    ADD CONSTRAINT outbox_order_no_assignment_id_fkey FOREIGN KEY (order_no, assignment_id)
        REFERENCES @extschema@.assignment (order_no, id);
