-- Work orders (工单, R-1), their assignments to handling units (R-4.4,
-- R-4.5) and their history (R-1.6).  State changes only through the
-- workflow engine (engine.c); the history is append-only.

CREATE TABLE @extschema@.work_order (
    order_no        @extschema@.order_no PRIMARY KEY,
    region          text NOT NULL CHECK (region ~ '^[0-9]{6}$'),
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name),
    state           text NOT NULL,
    citizen_id      bigint REFERENCES @extschema@.citizen (id),
    contact_name    text,
    confidential    boolean NOT NULL DEFAULT false,
    appeal_type     @extschema@.appeal_type NOT NULL,
    topic_id        bigint REFERENCES @extschema@.topic (id),
    urgency         @extschema@.urgency NOT NULL DEFAULT 'normal',
    channel         @extschema@.channel NOT NULL,
    source_hotline  text NOT NULL DEFAULT '12345' CHECK (source_hotline ~ '^[0-9]{3,8}$'),
    occurred_at     timestamptz,
    address         text,
    longitude       double precision CHECK (longitude BETWEEN -180 AND 180),
    latitude        double precision CHECK (latitude BETWEEN -90 AND 90),
    description     text NOT NULL CHECK (description <> ''),
    demand          text,
    accused_unit_id bigint REFERENCES @extschema@.unit (id),
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
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_no        @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    unit_id         bigint NOT NULL REFERENCES @extschema@.unit (id),
    parent_id       bigint REFERENCES @extschema@.assignment (id),
    role            text NOT NULL CHECK (role IN ('lead', 'assist', 'sub')),
    state           text NOT NULL,
    dispatch_mode   text NOT NULL,
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
    CHECK (parent_id <> id)
);
CREATE INDEX ON @extschema@.assignment (order_no);
CREATE INDEX ON @extschema@.assignment (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX ON @extschema@.assignment (unit_id, state) WHERE closed_at IS NULL;
CREATE INDEX ON @extschema@.assignment (reply_due) WHERE closed_at IS NULL;
COMMENT ON TABLE @extschema@.assignment IS
    'an order dispatched to one unit: lead (牵头) or assisting (协办) unit (R-4.4), or a sub-unit it was passed down to (R-4.5)';
COMMENT ON COLUMN @extschema@.assignment.role IS
    'lead (牵头) or assisting (协办) unit of a dispatch (R-4.4), or sub: a sub-unit the parent assignment''s unit passed the order down to (R-4.5)';
COMMENT ON COLUMN @extschema@.assignment.sign_limit IS 'the time limit of sign_due, counted from dispatched_at on the unit''s calendar';
COMMENT ON COLUMN @extschema@.assignment.reply_limit IS
    'the time limit of reply_due, counted from reply_from on the unit''s calendar; NULL when the deadline was set as a date (an approved extension), which a calendar change leaves alone';
COMMENT ON COLUMN @extschema@.assignment.reply_from IS 'when the reply period started: the dispatch, or the send-back for redo';
COMMENT ON COLUMN @extschema@.assignment.parent_id IS 'the assignment of the unit that passed this one down (R-4.5)';

CREATE TABLE @extschema@.order_event (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_no        @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    assignment_id   bigint REFERENCES @extschema@.assignment (id),
    at              timestamptz NOT NULL DEFAULT pg_catalog.now(),
    actor           text NOT NULL,
    role            text NOT NULL,
    action          text NOT NULL,
    from_state      text,
    to_state        text,
    reason          text,
    payload         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX ON @extschema@.order_event (order_no, id);
CREATE INDEX ON @extschema@.order_event (action, at);
COMMENT ON TABLE @extschema@.order_event IS
    'the history of every order (R-1.6): who, in which role, when, what, from which state to which, why; append-only, the legal record';

-- The history is append-only (R-1.6): no UPDATE, DELETE or TRUNCATE reaches it.
CREATE FUNCTION @extschema@.order_event_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'the history of work orders is append-only'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = format('%s on hotline.order_event is not allowed: it is the legal record of every order (R-1.6).', TG_OP),
              HINT = 'Record a correction as a new event through a workflow action.';
END $$;
COMMENT ON FUNCTION @extschema@.order_event_append_only() IS 'trigger: refuses UPDATE, DELETE and TRUNCATE of the history';
CREATE TRIGGER order_event_append_only BEFORE UPDATE OR DELETE ON @extschema@.order_event
    FOR EACH ROW EXECUTE FUNCTION @extschema@.order_event_append_only();
CREATE TRIGGER order_event_no_truncate BEFORE TRUNCATE ON @extschema@.order_event
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.order_event_append_only();

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
