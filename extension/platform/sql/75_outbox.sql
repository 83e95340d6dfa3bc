-- The outbox (R-14.3): every message the hotline sends out -- reminders
-- (提醒), hastenings (催办), public notices (通报), emergencies -- is a row
-- here and a NOTIFY on channel hotline_outbox.  Gateways (an SMS gateway,
-- a mail relay, a dashboard) claim rows through hotline.outbox_claim with
-- FOR UPDATE SKIP LOCKED under a lease, then acknowledge delivery
-- (outbox_ack) or failure (outbox_fail); failures are retried with
-- exponential backoff and end as 'dead' rows for a human to look at.
--
-- Guarantees: a producer's dedup_key posts a message at most once; two
-- gateways never hold the same row at the same time; a gateway that dies
-- mid-batch loses nothing (its lease runs out and the row is claimed again);
-- a gateway whose lease ran out and whose row was taken over is told so when
-- it acknowledges.  Delivery is at least once: a gateway that sends after
-- its lease ran out may duplicate a message, so leases should be longer than
-- a batch takes to send.

-- The channels a message goes out on: the one list the outbox (a foreign
-- key), hotline.outbox_check_channel and the escalation rules' check read.
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

-- Who delivers a channel's messages (R-11.2): a gateway claims, acknowledges
-- and fails through outbox_claim, outbox_ack and outbox_fail only the
-- messages of the channels a row names one of its roles for.  The gateway is
-- the session's login (those functions run with the owner's rights); the
-- owner and superusers deliver every channel.
CREATE TABLE @extschema@.outbox_gateway (
    channel         text NOT NULL REFERENCES @extschema@.outbox_channel (channel) ON DELETE CASCADE,
    gateway_role    name NOT NULL,
    PRIMARY KEY (channel, gateway_role)
);
COMMENT ON TABLE @extschema@.outbox_gateway IS
    'which database role''s members deliver the messages of which channel (a gateway''s login, or a role granted to it); the outbox functions hand a gateway no other channel''s messages, and no channel is anyone''s until a row says so';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.outbox_gateway', '');
REVOKE ALL ON @extschema@.outbox_gateway FROM PUBLIC;

-- The channels the session's login delivers; NULL: every one (the
-- functions' owner, a superuser).  Called by the owner's functions, whose
-- current_user is the owner.
CREATE FUNCTION @extschema@.outbox_gateway_channels() RETURNS text[]
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
SELECT CASE WHEN pg_catalog.pg_has_role(session_user, current_user, 'USAGE') THEN NULL
            ELSE coalesce((SELECT pg_catalog.array_agg(DISTINCT g.channel ORDER BY g.channel)
                           FROM @extschema@.outbox_gateway g
                           JOIN pg_catalog.pg_roles r ON r.rolname = g.gateway_role
                           WHERE pg_catalog.pg_has_role(session_user, r.oid, 'USAGE')), '{}') END
$$;
COMMENT ON FUNCTION @extschema@.outbox_gateway_channels() IS
    'internal: the channels whose messages the session''s login delivers (hotline.outbox_gateway), NULL for every channel (the owner, a superuser)';
REVOKE ALL ON FUNCTION @extschema@.outbox_gateway_channels() FROM PUBLIC;

CREATE TABLE @extschema@.outbox (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
    order_no            @extschema@.order_no,
    assignment_id       bigint,
    recipient_unit_id   bigint,
    recipient_user      text CHECK (recipient_user <> '' AND pg_catalog.length(recipient_user) <= 254),
    channel             text NOT NULL REFERENCES @extschema@.outbox_channel (channel) ON UPDATE CASCADE,
    template            text NOT NULL CHECK (template ~ '^[a-z][a-z0-9_.-]{0,63}$'),
    payload             jsonb NOT NULL DEFAULT '{}' CHECK (pg_catalog.jsonb_typeof(payload) = 'object'),
    dedup_key           text UNIQUE CHECK (dedup_key <> '' AND pg_catalog.length(dedup_key) <= 256),
    state               text NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'claimed', 'sent', 'dead')),
    attempts            integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    claimed_by          text,
    claimed_until       timestamptz,
    sent_at             timestamptz,
    last_error          text,
    CHECK (recipient_unit_id IS NOT NULL OR recipient_user IS NOT NULL),
    CHECK (state <> 'claimed' OR (claimed_by IS NOT NULL AND claimed_until IS NOT NULL)),
    CHECK ((state = 'sent') = (sent_at IS NOT NULL))
);
-- claiming touches only what is due: pending rows by their next attempt,
-- claimed rows by the end of their lease
CREATE INDEX outbox_pending_idx ON @extschema@.outbox (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbox_claimed_idx ON @extschema@.outbox (claimed_until) WHERE state = 'claimed';
-- what was sent about an order (and deleting orders stays cheap)
CREATE INDEX outbox_order_idx ON @extschema@.outbox (order_no) WHERE order_no IS NOT NULL;

COMMENT ON TABLE @extschema@.outbox IS
    'messages to send (R-14.3): reminders, hastenings, notices, emergencies; posted by hotline.post_message, claimed, acknowledged and retried by gateways';
COMMENT ON COLUMN @extschema@.outbox.recipient_unit_id IS 'the handling unit (承办单位) to tell; the gateway resolves it to the unit''s contacts';
COMMENT ON COLUMN @extschema@.outbox.recipient_user IS 'a person to tell: a login, phone number or address, as the channel needs';
COMMENT ON COLUMN @extschema@.outbox.channel IS 'sms (短信), email, or system (站内消息, shown in the hotline''s own screens)';
COMMENT ON COLUMN @extschema@.outbox.template IS 'the template key the gateway renders the payload with: remind, hasten, notice, emergency, ...';
COMMENT ON COLUMN @extschema@.outbox.payload IS 'a JSON object with the template''s values, e.g. {"text": "...", "order_no": "...", "due": "..."}';
COMMENT ON COLUMN @extschema@.outbox.dedup_key IS 'the producer''s key of "never twice", e.g. remind:<assignment>:<rule>; a second post with the same key adds nothing';
COMMENT ON COLUMN @extschema@.outbox.state IS 'pending (waiting for a gateway), claimed (held by one under a lease), sent, dead (retries used up or given up: for a human)';
COMMENT ON COLUMN @extschema@.outbox.attempts IS 'how many times a gateway claimed the message';
COMMENT ON COLUMN @extschema@.outbox.next_attempt_at IS 'a pending message is not claimed before this time (backoff after a failure)';
COMMENT ON COLUMN @extschema@.outbox.claimed_by IS 'the gateway that holds the message, or held it last';
COMMENT ON COLUMN @extschema@.outbox.claimed_until IS 'the end of the lease: after it another gateway may claim the message';
COMMENT ON COLUMN @extschema@.outbox.last_error IS 'what the last failed attempt reported';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.outbox', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.outbox', 'id')::regclass, '');

-- Messages carry names, phone numbers and the text of appeals (R-11): no
-- PUBLIC access; producers and gateways go through the functions below.
REVOKE ALL ON @extschema@.outbox FROM PUBLIC;

-- The retry policy, in two constants: at most 8 attempts, and a failed
-- attempt n waits 1 minute * 2^(n-1), at most 1 hour (1, 2, 4, ..., 32, 60
-- minutes).
CREATE FUNCTION @extschema@.outbox_max_attempts() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$ SELECT 8 $$;
COMMENT ON FUNCTION @extschema@.outbox_max_attempts() IS
    'how many times a message is claimed before it is dead (8)';

CREATE FUNCTION @extschema@.outbox_backoff(attempts integer) RETURNS interval
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT least(interval '1 minute' * power(2, least(greatest($1, 1), 30) - 1), interval '1 hour')
$$;
COMMENT ON FUNCTION @extschema@.outbox_backoff(integer) IS
    'the wait after failed attempt n: 1 minute * 2^(n-1), at most 1 hour';

-- Checks shared by the functions below; they raise the user-facing errors.
CREATE FUNCTION @extschema@.outbox_check_channel(channel text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF $1 IS NULL OR NOT EXISTS (SELECT 1 FROM @extschema@.outbox_channel c WHERE c.channel = $1) THEN
        RAISE EXCEPTION 'unknown outbox channel "%"', $1
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The channels are %s.', (SELECT string_agg(c.channel, ', ' ORDER BY c.channel)
                                                           FROM @extschema@.outbox_channel c)),
                  HINT = 'Channels are rows of hotline.outbox_channel.';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.outbox_check_channel(text) IS
    'internal: raises 22023 unless the channel is a row of hotline.outbox_channel';

CREATE FUNCTION @extschema@.outbox_check_gateway(gateway text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF $1 IS NULL THEN
        RAISE EXCEPTION 'gateway must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Each gateway names itself, e.g. ''sms-gw-1'', and uses that name to claim, acknowledge and fail.';
    ELSIF $1 = '' THEN
        RAISE EXCEPTION 'gateway must not be empty'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Each gateway names itself, e.g. ''sms-gw-1'', and uses that name to claim, acknowledge and fail.';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.outbox_check_gateway(text) IS 'internal: raises unless the gateway name is given';

-- A gateway answers only for a message it holds (claimed by it, even if
-- the lease ran out, as long as nobody took it over).
CREATE FUNCTION @extschema@.outbox_check_holder(m @extschema@.outbox, gateway text, what text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    detail text;
BEGIN
    IF m.state = 'claimed' AND m.claimed_by = gateway THEN
        RETURN;
    END IF;
    detail := CASE m.state
        WHEN 'claimed' THEN format('Message %s is held by gateway "%s" until %s.', m.id, m.claimed_by, m.claimed_until)
        WHEN 'pending' THEN format('Message %s is pending (attempt %s done, next at %s): no gateway holds it.',
                                   m.id, m.attempts, m.next_attempt_at)
        WHEN 'sent' THEN format('Message %s was sent by gateway "%s" at %s.', m.id, m.claimed_by, m.sent_at)
        ELSE format('Message %s is dead after %s attempts: %s.', m.id, m.attempts, coalesce(m.last_error, 'no error given'))
    END;
    RAISE EXCEPTION 'gateway "%" cannot % outbox message %: it does not hold it', gateway, what, m.id
        USING ERRCODE = 'object_not_in_prerequisite_state',
              DETAIL = detail,
              HINT = 'A gateway answers only for the messages it claimed; when its lease runs out, another gateway may take a message over.';
END $$;
COMMENT ON FUNCTION @extschema@.outbox_check_holder(@extschema@.outbox, text, text) IS
    'internal: raises 55000 unless the message is claimed by this gateway';

-- hotline.outbox_add(messages): the one way into the outbox.  Every
-- producer -- hotline.post_message, the sweep, supervision, the event rules
-- and the jobs -- hands its messages over as an array (one for a single
-- message, thousands for a sweep, in one statement).  A message whose
-- dedup_key was posted before adds nothing; send_at NULL is now (a message
-- held for the recipient's business hours gives the opening).  One NOTIFY
-- hotline_outbox per call with at least one message added, delivered at
-- commit (nothing if the transaction rolls back), with the one payload
-- shape {"messages": <how many were added>, "channels": [<their channels>]}.
-- Returns the ids added.  Internal: callers are SECURITY DEFINER functions
-- that checked what they post.
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

CREATE FUNCTION @extschema@.outbox_add(messages @extschema@.outbox_message[]) RETURNS bigint[]
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    ids     bigint[];
    chans   text[];
BEGIN
    WITH added AS (
        INSERT INTO @extschema@.outbox AS o (order_no, assignment_id, recipient_unit_id, recipient_user, channel,
                                             template, payload, dedup_key, next_attempt_at)
        SELECT m.order_no, m.assignment_id, m.recipient_unit_id, m.recipient_user, m.channel,
               m.template, m.payload, m.dedup_key, coalesce(m.send_at, pg_catalog.now())
        FROM pg_catalog.unnest(messages) m
        ON CONFLICT (dedup_key) DO NOTHING
        RETURNING o.id, o.channel
    )
    SELECT pg_catalog.array_agg(a.id ORDER BY a.id), pg_catalog.array_agg(DISTINCT a.channel)
      INTO ids, chans FROM added a;
    IF ids IS NULL THEN
        RETURN '{}';
    END IF;
    PERFORM pg_catalog.pg_notify('hotline_outbox', pg_catalog.jsonb_build_object(
        'messages', pg_catalog.cardinality(ids), 'channels', pg_catalog.to_jsonb(chans))::text);
    RETURN ids;
END $$;
COMMENT ON FUNCTION @extschema@.outbox_add(@extschema@.outbox_message[]) IS
    'internal: the one way into the outbox: inserts messages under their dedup keys and notifies hotline_outbox once ({"messages": n, "channels": [...]}); returns the ids added';
REVOKE ALL ON FUNCTION @extschema@.outbox_add(@extschema@.outbox_message[]) FROM PUBLIC;

CREATE FUNCTION @extschema@.post_message(
    channel text,
    template text,
    payload jsonb DEFAULT '{}',
    recipient_unit text DEFAULT NULL,
    recipient_user text DEFAULT NULL,
    order_no @extschema@.order_no DEFAULT NULL,
    assignment_id bigint DEFAULT NULL,
    dedup_key text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_column
DECLARE
    unit_id bigint;
    the_order @extschema@.order_no := post_message.order_no;
    a_order @extschema@.order_no;
    a_unit bigint;
    new_id bigint;
BEGIN
    IF post_message.channel IS NULL OR post_message.template IS NULL OR post_message.payload IS NULL THEN
        RAISE EXCEPTION 'channel, template and payload of a message must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Post e.g. hotline.post_message(''sms'', ''remind'', ''{"text": "..."}'', recipient_unit => ''bj-dc'').';
    END IF;
    PERFORM @extschema@.outbox_check_channel(post_message.channel);
    IF post_message.template !~ '^[a-z][a-z0-9_.-]{0,63}$' THEN
        RAISE EXCEPTION 'invalid template key "%"', post_message.template
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A template key is 1 to 64 lower-case letters, digits, "_", "." or "-", starting with a letter.',
                  HINT = 'The gateway renders the payload with the template of this key, e.g. remind, hasten, notice, emergency.';
    END IF;
    IF pg_catalog.jsonb_typeof(post_message.payload) <> 'object' THEN
        RAISE EXCEPTION 'the payload of a message must be a JSON object, not %', pg_catalog.jsonb_typeof(post_message.payload)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give the template''s values by name, e.g. ''{"text": "...", "order_no": "..."}''.';
    END IF;
    IF post_message.dedup_key = '' OR pg_catalog.length(post_message.dedup_key) > 256 THEN
        RAISE EXCEPTION 'a dedup key must be 1 to 256 characters'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Leave it NULL when the message may be posted more than once.';
    END IF;
    IF post_message.recipient_user = '' OR pg_catalog.length(post_message.recipient_user) > 254 THEN
        RAISE EXCEPTION 'a recipient user must be 1 to 254 characters'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    IF post_message.recipient_unit IS NOT NULL THEN
        SELECT u.id INTO unit_id FROM @extschema@.unit u WHERE u.code = post_message.recipient_unit;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'unit "%" does not exist', post_message.recipient_unit
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Units are rows of hotline.unit, named by their code.';
        END IF;
    END IF;

    -- an assignment names its order and, by default, the unit to tell
    IF post_message.assignment_id IS NOT NULL THEN
        SELECT a.order_no, a.unit_id INTO a_order, a_unit
        FROM @extschema@.assignment a WHERE a.id = post_message.assignment_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'assignment % does not exist', post_message.assignment_id
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF the_order IS NULL THEN
            the_order := a_order;
        ELSIF the_order <> a_order THEN
            RAISE EXCEPTION 'assignment % belongs to order %, not %', post_message.assignment_id, a_order, the_order
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Leave order_no out: it is taken from the assignment.';
        END IF;
        IF unit_id IS NULL AND post_message.recipient_user IS NULL THEN
            unit_id := a_unit;
        END IF;
    ELSIF the_order IS NOT NULL THEN
        PERFORM FROM @extschema@.work_order w WHERE w.order_no = the_order;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'work order % does not exist', the_order
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;

    IF unit_id IS NULL AND post_message.recipient_user IS NULL THEN
        RAISE EXCEPTION 'a message needs a recipient'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give recipient_unit (a unit code), recipient_user, or the assignment_id whose unit is to be told.';
    END IF;

    -- NULL when posted before under this dedup key
    new_id := (@extschema@.outbox_add(ARRAY[ROW(the_order, post_message.assignment_id, unit_id, post_message.recipient_user,
                                                post_message.channel, post_message.template, post_message.payload,
                                                post_message.dedup_key, NULL)::@extschema@.outbox_message]))[1];
    RETURN new_id;
END $$;
COMMENT ON FUNCTION @extschema@.post_message(text, text, jsonb, text, text, @extschema@.order_no, bigint, text) IS
    'posts a message to the outbox and notifies channel hotline_outbox at commit; returns its id, or NULL when dedup_key was posted before (R-14.3)';

CREATE FUNCTION @extschema@.outbox_claim(
    gateway text,
    channel text DEFAULT NULL,
    batch integer DEFAULT 100,
    lease interval DEFAULT '5 minutes')
RETURNS SETOF @extschema@.outbox
LANGUAGE plpgsql VOLATILE SECURITY DEFINER ROWS 100
SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_column
DECLARE
    max_attempts CONSTANT integer := @extschema@.outbox_max_attempts();
    allowed CONSTANT text[] := @extschema@.outbox_gateway_channels();
BEGIN
    PERFORM @extschema@.outbox_check_gateway(outbox_claim.gateway);
    IF outbox_claim.batch IS NULL OR outbox_claim.lease IS NULL THEN
        RAISE EXCEPTION 'batch and lease must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF outbox_claim.batch NOT BETWEEN 1 AND 10000 THEN
        RAISE EXCEPTION 'batch must be between 1 and 10000, not %', outbox_claim.batch
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Claim what the gateway can send within its lease, and claim again.';
    END IF;
    IF outbox_claim.lease <= interval '0' OR outbox_claim.lease > interval '1 day' THEN
        RAISE EXCEPTION 'lease must be more than 0 and at most 1 day, not %', outbox_claim.lease
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A message whose gateway died comes back only when its lease runs out.';
    END IF;
    IF outbox_claim.channel IS NOT NULL THEN
        PERFORM @extschema@.outbox_check_channel(outbox_claim.channel);
    END IF;
    -- a gateway delivers its channels only
    IF allowed IS NOT NULL AND (outbox_claim.channel IS NULL AND pg_catalog.cardinality(allowed) = 0
                                OR outbox_claim.channel IS NOT NULL AND NOT outbox_claim.channel = ANY (allowed)) THEN
        RAISE EXCEPTION 'login "%" may not deliver the messages of %', session_user,
                        CASE WHEN outbox_claim.channel IS NULL THEN 'any channel'
                             ELSE pg_catalog.format('channel "%s"', outbox_claim.channel) END
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = CASE WHEN pg_catalog.cardinality(allowed) = 0 THEN 'It is the gateway of no channel.'
                                ELSE pg_catalog.format('It delivers %s.', pg_catalog.array_to_string(allowed, ', ')) END,
                  HINT = 'An administrator names the role that delivers a channel in hotline.outbox_gateway.';
    END IF;

    -- A message whose lease ran out on its last attempt (its gateway died,
    -- perhaps on this very message) is not handed out again: it is dead.
    UPDATE @extschema@.outbox o
    SET state = 'dead', claimed_until = NULL,
        last_error = format('the lease of gateway "%s" ran out on attempt %s without an answer',
                            o.claimed_by, o.attempts)
    WHERE o.id IN (SELECT x.id FROM @extschema@.outbox x
                   WHERE x.state = 'claimed' AND x.claimed_until <= pg_catalog.now()
                     AND x.attempts >= max_attempts
                     AND (outbox_claim.channel IS NULL OR x.channel = outbox_claim.channel)
                     AND (allowed IS NULL OR x.channel = ANY (allowed))
                   ORDER BY x.claimed_until
                   LIMIT outbox_claim.batch
                   FOR UPDATE SKIP LOCKED);

    -- Expired leases first (their messages waited longest), then pending
    -- messages that are due, oldest due first; rows another gateway is
    -- claiming at this instant are skipped, not waited for.
    RETURN QUERY
    WITH expired AS (
        SELECT x.id FROM @extschema@.outbox x
        WHERE x.state = 'claimed' AND x.claimed_until <= pg_catalog.now()
          AND x.attempts < max_attempts
          AND (outbox_claim.channel IS NULL OR x.channel = outbox_claim.channel)
          AND (allowed IS NULL OR x.channel = ANY (allowed))
        ORDER BY x.claimed_until
        LIMIT outbox_claim.batch
        FOR UPDATE SKIP LOCKED
    ), due AS (
        SELECT x.id FROM @extschema@.outbox x
        WHERE x.state = 'pending' AND x.next_attempt_at <= pg_catalog.now()
          AND (outbox_claim.channel IS NULL OR x.channel = outbox_claim.channel)
          AND (allowed IS NULL OR x.channel = ANY (allowed))
        ORDER BY x.next_attempt_at, x.id
        LIMIT outbox_claim.batch - (SELECT count(*) FROM expired)
        FOR UPDATE SKIP LOCKED
    ), claimed AS (
        UPDATE @extschema@.outbox o
        SET state = 'claimed', claimed_by = outbox_claim.gateway,
            claimed_until = pg_catalog.now() + outbox_claim.lease, attempts = o.attempts + 1
        WHERE o.id IN (SELECT e.id FROM expired e UNION ALL SELECT d.id FROM due d)
        RETURNING o.*
    )
    SELECT c.* FROM claimed c ORDER BY c.id;
END $$;
COMMENT ON FUNCTION @extschema@.outbox_claim(text, text, integer, interval) IS
    'a gateway takes up to batch due messages (of one channel, or all) under a lease, FOR UPDATE SKIP LOCKED; messages whose lease ran out are taken again (R-14.3)';

-- The message a gateway answers for (outbox_ack, outbox_fail), locked
-- FOR UPDATE; 02000 when there is none.
CREATE FUNCTION @extschema@.outbox_lock(id bigint) RETURNS @extschema@.outbox
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    m @extschema@.outbox;
BEGIN
    SELECT * INTO m FROM @extschema@.outbox o WHERE o.id = outbox_lock.id FOR UPDATE;
    -- one of a channel the gateway does not deliver is none of its business
    IF NOT FOUND OR NOT m.channel = ANY (coalesce(@extschema@.outbox_gateway_channels(), ARRAY[m.channel])) THEN
        RAISE EXCEPTION 'outbox message % does not exist', outbox_lock.id
            USING ERRCODE = 'no_data_found';
    END IF;
    RETURN m;
END $$;
COMMENT ON FUNCTION @extschema@.outbox_lock(bigint) IS
    'internal: the outbox message id, locked FOR UPDATE; 02000 when there is none, or it is of a channel the session''s gateway does not deliver';
REVOKE ALL ON FUNCTION @extschema@.outbox_lock(bigint) FROM PUBLIC;

CREATE FUNCTION @extschema@.outbox_ack(id bigint, gateway text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_column
DECLARE
    m @extschema@.outbox;
BEGIN
    PERFORM @extschema@.outbox_check_gateway(outbox_ack.gateway);
    IF outbox_ack.id IS NULL THEN
        RAISE EXCEPTION 'message id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    m := @extschema@.outbox_lock(outbox_ack.id);
    IF m.state = 'sent' AND m.claimed_by = outbox_ack.gateway THEN
        RETURN;                     -- acknowledged before: nothing to do
    END IF;
    PERFORM @extschema@.outbox_check_holder(m, outbox_ack.gateway, 'acknowledge');
    UPDATE @extschema@.outbox o SET state = 'sent', sent_at = pg_catalog.now(), claimed_until = NULL
    WHERE o.id = m.id;
END $$;
COMMENT ON FUNCTION @extschema@.outbox_ack(bigint, text) IS
    'a gateway reports a message it holds as sent; repeating it is a no-op; 55000 when the gateway does not hold the message (R-14.3)';

CREATE FUNCTION @extschema@.outbox_fail(id bigint, gateway text, error text, retry boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_column
DECLARE
    m @extschema@.outbox;
BEGIN
    PERFORM @extschema@.outbox_check_gateway(outbox_fail.gateway);
    IF outbox_fail.id IS NULL OR outbox_fail.error IS NULL OR outbox_fail.retry IS NULL THEN
        RAISE EXCEPTION 'message id, error and retry must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Say what went wrong, e.g. outbox_fail(42, ''sms-gw-1'', ''gateway timeout'').';
    END IF;
    m := @extschema@.outbox_lock(outbox_fail.id);
    PERFORM @extschema@.outbox_check_holder(m, outbox_fail.gateway, 'fail');
    IF NOT outbox_fail.retry OR m.attempts >= @extschema@.outbox_max_attempts() THEN
        UPDATE @extschema@.outbox o SET state = 'dead', claimed_until = NULL, last_error = outbox_fail.error
        WHERE o.id = m.id;
    ELSE
        UPDATE @extschema@.outbox o
        SET state = 'pending', claimed_until = NULL, last_error = outbox_fail.error,
            next_attempt_at = pg_catalog.now() + @extschema@.outbox_backoff(m.attempts)
        WHERE o.id = m.id;
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.outbox_fail(bigint, text, text, boolean) IS
    'a gateway reports a failed attempt: the message waits outbox_backoff(attempts) and is retried, or is dead after outbox_max_attempts() attempts or when retry is false (R-14.3)';

CREATE VIEW @extschema@.outbox_status AS
SELECT o.channel, o.state,
       count(*) AS messages,
       count(*) FILTER (WHERE (o.state = 'pending' AND o.next_attempt_at <= pg_catalog.now())
                           OR (o.state = 'claimed' AND o.claimed_until <= pg_catalog.now())) AS waiting,
       min(o.created_at) AS oldest
FROM @extschema@.outbox o
GROUP BY o.channel, o.state;
COMMENT ON VIEW @extschema@.outbox_status IS
    'the outbox per channel and state, for a dashboard: messages, how many wait for a gateway now (due, or their lease ran out), the oldest';

-- Posting sends text messages to people, claiming reads their contents:
-- nothing here is PUBLIC.  The DBA grants EXECUTE on post_message to the
-- producers, on outbox_claim, outbox_ack and outbox_fail to the gateways'
-- roles, and SELECT on outbox_status to dashboards.
REVOKE ALL ON @extschema@.outbox_status FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.post_message(text, text, jsonb, text, text, @extschema@.order_no, bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.outbox_claim(text, text, integer, interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.outbox_ack(bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.outbox_fail(bigint, text, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.outbox_check_holder(@extschema@.outbox, text, text) FROM PUBLIC;
