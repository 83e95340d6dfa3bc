-- ---------------------------------------------------------------------------
-- A history no one can quietly change (R-1.6: the legal record; issue 10)
--
-- Each order's events form a hash chain: every event carries its place in
-- the order's history (seq) and a SHA-256 hash over the previous event's
-- hash and its own content, set on INSERT by the trigger order_event_chain
-- (extension/platform/history.c).  An event edited or deleted afterwards,
-- even by a superuser with the append-only triggers disabled, no longer
-- matches: hotline.verify_history says where.  The job check_histories
-- checks the chains that grew since its last run every hour and seals each
-- intact chain's last event (hotline.history_seal), so that deleting events
-- from a chain's end, or rewriting a chain with fresh hashes, is found too;
-- audit_histories checks every chain and every seal once a week.
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.chain_event() RETURNS trigger
    AS 'MODULE_PATHNAME', 'hotline_chain_event' LANGUAGE C;
COMMENT ON FUNCTION @extschema@.chain_event() IS
    'trigger: sets a new event''s seq and hash (the hash chain of its order''s history, R-1.6); an event that arrives with a hash (a restore, a replica) keeps it';
CREATE TRIGGER order_event_chain BEFORE INSERT ON @extschema@.order_event
    FOR EACH ROW EXECUTE FUNCTION @extschema@.chain_event();

-- the chain job reads the events of the last hours: a BRIN index on the time
-- they were recorded (a few pages; the history is appended in time order)
CREATE INDEX order_event_at_brin ON @extschema@.order_event USING brin (at);

-- The canonical form of an event and its hash, the one definition in SQL
-- (the trigger computes the same in C; the checks below use this one, so
-- that a writer's mistake cannot hide behind the same mistake in its
-- checker).  README, Security, documents it for auditors who recompute it.
CREATE FUNCTION @extschema@.event_hash(prev bytea, e @extschema@.order_event) RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.jsonb_build_array(
        pg_catalog.encode(prev, 'hex'), (e).order_no::text, (e).seq, (e).id, (e).assignment_id,
        (EXTRACT(epoch FROM (e).at) OPERATOR(pg_catalog.*) 1000000)::bigint,
        (e).actor, (e).role, (e).action, (e).from_state, (e).to_state, (e).reason,
        (e).payload, (e).actor_name)::text, 'UTF8'));
END;
COMMENT ON FUNCTION @extschema@.event_hash(bytea, @extschema@.order_event) IS
    'the hash of event e after the event whose hash is prev (NULL for an order''s first): SHA-256 of the UTF-8 text of the JSON array [prev in hex, order_no, seq, id, assignment_id, at in microseconds since 1970 UTC, actor, role, action, from_state, to_state, reason, payload, actor_name]';

-- The head of each chain when the chain job last found it intact: an event
-- deleted from the end of a chain, or a chain rewritten with fresh hashes,
-- no longer matches its seal.
CREATE TABLE @extschema@.history_seal (
    order_no    @extschema@.order_no PRIMARY KEY,
    event_id    bigint NOT NULL,
    seq         integer NOT NULL,
    hash        bytea NOT NULL,
    sealed_at   timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE @extschema@.history_seal IS
    'the last event of each order''s history when the chain job last found the chain intact (R-1.6): a later deletion from its end, or a rewritten chain, no longer matches';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.history_seal', '');
REVOKE ALL ON @extschema@.history_seal FROM PUBLIC;

-- Where the chain job stopped: it checks the chains with events recorded
-- since its last start, less a margin for transactions still open then.
CREATE TABLE @extschema@.history_check (
    one         boolean PRIMARY KEY DEFAULT true CHECK (one),
    started_at  timestamptz NOT NULL
);
COMMENT ON TABLE @extschema@.history_check IS
    'when the chain job (hotline.check_histories) last started: the next run checks the chains with events recorded since, less hotline.history_check_margin';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.history_check', '');
REVOKE ALL ON @extschema@.history_check FROM PUBLIC;

-- hotline.history_breaks(orders, since): every break in the chains of the
-- orders given (NULL: of every order; since: of the orders with an event
-- recorded at or after it), set-based: one pass over their events in
-- (order_no, id) order with the previous event beside each.  What it finds:
--   missing     events of the chain are gone (seq jumps; or the order has
--               no history at all)
--   reordered   an event's seq does not follow the previous one's (an event
--               put into the chain by hand)
--   altered     the event does not match its hash: its content or its hash
--               was changed
--   truncated   the chain's sealed last event is gone: events were deleted
--               from its end
--   rewritten   the sealed event is there with another seq or hash: the
--               chain was recomputed
CREATE FUNCTION @extschema@.history_breaks(orders @extschema@.order_no[] DEFAULT NULL, since timestamptz DEFAULT NULL)
RETURNS TABLE (order_no @extschema@.order_no, event_id bigint, seq integer, problem text, detail text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_column
DECLARE
    picked @extschema@.order_no[] := history_breaks.orders;
BEGIN
    IF picked IS NULL AND history_breaks.since IS NOT NULL THEN
        SELECT pg_catalog.array_agg(DISTINCT e.order_no) INTO picked
        FROM @extschema@.order_event e WHERE e.at >= history_breaks.since;
        picked := coalesce(picked, '{}');
    END IF;

    RETURN QUERY
    WITH e AS (
        SELECT x.order_no, x.id, x.seq, x.hash,
               pg_catalog.lag(x.seq) OVER w AS prev_seq,
               @extschema@.event_hash(pg_catalog.lag(x.hash) OVER w, x) AS expected
        FROM @extschema@.order_event x
        WHERE picked IS NULL OR x.order_no OPERATOR(pg_catalog.=) ANY (picked)
        WINDOW w AS (PARTITION BY x.order_no ORDER BY x.id)
    ),
    chain AS (
        SELECT e.order_no, e.id, e.seq,
               CASE WHEN e.seq > coalesce(e.prev_seq, 0) + 1 THEN 'missing'
                    WHEN e.seq < coalesce(e.prev_seq, 0) + 1 THEN 'reordered'
                    WHEN e.hash IS DISTINCT FROM e.expected THEN 'altered' END AS problem,
               e.prev_seq
        FROM e
    ),
    sealed AS (
        SELECT s.order_no, s.event_id, s.seq, s.hash, s.sealed_at, x.seq AS now_seq, x.hash AS now_hash,
               x.id IS NULL AS gone
        FROM @extschema@.history_seal s
        LEFT JOIN @extschema@.order_event x ON x.order_no OPERATOR(pg_catalog.=) s.order_no AND x.id = s.event_id
        WHERE picked IS NULL OR s.order_no OPERATOR(pg_catalog.=) ANY (picked)
    )
    SELECT c.order_no, c.id, c.seq, c.problem,
           CASE c.problem
               WHEN 'missing' THEN pg_catalog.format('Events %s to %s of the chain are missing before event %s (seq %s): they were deleted.',
                                                     coalesce(c.prev_seq, 0) + 1, c.seq - 1, c.id, c.seq)
               WHEN 'reordered' THEN pg_catalog.format('Event %s has seq %s after an event with seq %s: it was put into the chain by hand.',
                                                       c.id, c.seq, c.prev_seq)
               ELSE pg_catalog.format('Event %s (seq %s) does not match its hash: its content or its hash was changed after it was recorded.',
                                      c.id, c.seq) END
    FROM chain c WHERE c.problem IS NOT NULL
    UNION ALL
    SELECT s.order_no, s.event_id, s.seq,
           CASE WHEN s.gone THEN 'truncated' ELSE 'rewritten' END,
           CASE WHEN s.gone
                THEN pg_catalog.format('The chain was sealed at event %s (seq %s) on %s; that event is gone: events were deleted from the chain''s end.',
                                       s.event_id, s.seq, s.sealed_at)
                ELSE pg_catalog.format('The chain was sealed at event %s (seq %s) on %s; that event now has another seq or hash: the chain was recomputed.',
                                       s.event_id, s.seq, s.sealed_at) END
    FROM sealed s
    WHERE s.gone OR s.now_seq IS DISTINCT FROM s.seq OR s.now_hash IS DISTINCT FROM s.hash
    UNION ALL
    -- an order without any history (every order has its opening event)
    SELECT w.order_no, NULL::bigint, NULL::integer, 'missing',
           'The order has no history at all: its events were deleted.'
    FROM @extschema@.work_order w
    WHERE (picked IS NULL OR w.order_no OPERATOR(pg_catalog.=) ANY (picked))
      AND NOT EXISTS (SELECT FROM @extschema@.order_event x WHERE x.order_no OPERATOR(pg_catalog.=) w.order_no)
    ORDER BY 1, 2, 4;
END $$;
COMMENT ON FUNCTION @extschema@.history_breaks(@extschema@.order_no[], timestamptz) IS
    'internal: every break in the hash chains of the orders given (NULL: all; since: those with events recorded since), with the event, what is wrong (missing, reordered, altered, truncated, rewritten) and a sentence saying so';
REVOKE ALL ON FUNCTION @extschema@.history_breaks(@extschema@.order_no[], timestamptz) FROM PUBLIC;

-- hotline.verify_history(order_no): whether the order's history is intact,
-- and where it breaks.
CREATE FUNCTION @extschema@.verify_history(order_no @extschema@.order_no)
RETURNS TABLE (events integer, intact boolean, broken_at integer, problem text, detail text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_column
DECLARE
    n integer;
    b record;
BEGIN
    IF NOT EXISTS (SELECT FROM @extschema@.work_order w
                   WHERE w.order_no OPERATOR(pg_catalog.=) verify_history.order_no) THEN
        RAISE EXCEPTION 'work order % does not exist', coalesce(verify_history.order_no::text, 'NULL')
            USING ERRCODE = 'no_data_found',
                  HINT = 'Pass the order number of an existing order, e.g. hotline.verify_history(''3201002026120300001'').';
    END IF;
    SELECT pg_catalog.count(*) INTO n FROM @extschema@.order_event e
    WHERE e.order_no OPERATOR(pg_catalog.=) verify_history.order_no;
    SELECT * INTO b FROM @extschema@.history_breaks(ARRAY[verify_history.order_no]) x
    ORDER BY x.seq NULLS FIRST LIMIT 1;
    RETURN QUERY SELECT n, b.problem IS NULL, b.seq, b.problem, b.detail;
END $$;
COMMENT ON FUNCTION @extschema@.verify_history(@extschema@.order_no) IS
    'whether an order''s history (hotline.order_event) is intact (R-1.6): its number of events, and where its hash chain first breaks (the event''s seq), what is wrong and a sentence saying so';
REVOKE ALL ON FUNCTION @extschema@.verify_history(@extschema@.order_no) FROM PUBLIC;

-- hotline.verify_histories(since): every break in every order's history
-- (since: only the orders with events recorded since then).
CREATE FUNCTION @extschema@.verify_histories(since timestamptz DEFAULT NULL)
RETURNS TABLE (order_no @extschema@.order_no, event_id bigint, seq integer, problem text, detail text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
    SELECT * FROM @extschema@.history_breaks(NULL, $1)
$$;
COMMENT ON FUNCTION @extschema@.verify_histories(timestamptz) IS
    'every break in the hash chains of all orders'' histories (R-1.6), set-based; since: only the orders with events recorded since then; no row means every chain is intact';
REVOKE ALL ON FUNCTION @extschema@.verify_histories(timestamptz) FROM PUBLIC;

-- The jobs: check_histories (hourly) checks the chains that grew since its
-- last start, less the margin, and seals the intact ones; audit_histories
-- (weekly) checks them all, with every seal, and seals them.  Breaks are the
-- runs' failures (WARNING, hotline.job_run, hotline.job_status); a broken
-- chain keeps its old seal, so the break stays found.
CREATE FUNCTION @extschema@.check_histories(everything boolean DEFAULT false) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    started timestamptz := pg_catalog.clock_timestamp();
    job text := CASE WHEN everything THEN 'audit_histories' ELSE 'check_histories' END;
    since timestamptz;
    picked @extschema@.order_no[];
    breaks jsonb := '[]';
    n_breaks integer := 0;
    broken @extschema@.order_no[];
    n_sealed integer;
    b record;
    result jsonb;
BEGIN
    IF everything IS NULL THEN
        RAISE EXCEPTION 'everything must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass true to check every chain, false (the default) for those that grew since the last run.';
    END IF;
    IF NOT @extschema@.job_try_lock(job) THEN
        RETURN @extschema@.job_skipped(job);
    END IF;

    IF NOT everything THEN
        SELECT c.started_at - @extschema@.job_setting_interval('hotline.history_check_margin') INTO since
        FROM @extschema@.history_check c;
    END IF;
    IF since IS NOT NULL THEN
        SELECT coalesce(pg_catalog.array_agg(DISTINCT e.order_no), '{}') INTO picked
        FROM @extschema@.order_event e WHERE e.at >= since;
    END IF;

    FOR b IN SELECT * FROM @extschema@.history_breaks(picked) LOOP
        n_breaks := n_breaks + 1;
        broken := broken || b.order_no;
        breaks := @extschema@.job_error(breaks,
            pg_catalog.jsonb_build_object('order_no', b.order_no::text, 'event_id', b.event_id, 'seq', b.seq),
            b.problem, b.detail);
    END LOOP;

    -- seal each intact chain checked at its last event
    INSERT INTO @extschema@.history_seal AS s (order_no, event_id, seq, hash, sealed_at)
    SELECT DISTINCT ON (e.order_no) e.order_no, e.id, e.seq, e.hash, pg_catalog.now()
    FROM @extschema@.order_event e
    WHERE (picked IS NULL OR e.order_no OPERATOR(pg_catalog.=) ANY (picked))
      AND NOT e.order_no OPERATOR(pg_catalog.=) ANY (coalesce(broken, '{}'))
    ORDER BY e.order_no, e.id DESC
    ON CONFLICT (order_no) DO UPDATE
        SET event_id = excluded.event_id, seq = excluded.seq, hash = excluded.hash, sealed_at = excluded.sealed_at
        WHERE s.event_id IS DISTINCT FROM excluded.event_id;
    GET DIAGNOSTICS n_sealed = ROW_COUNT;

    IF NOT everything THEN
        INSERT INTO @extschema@.history_check AS c (one, started_at) VALUES (true, started)
        ON CONFLICT (one) DO UPDATE SET started_at = excluded.started_at;
    END IF;

    result := pg_catalog.jsonb_build_object(
        'job', job, 'since', since,
        'orders', CASE WHEN picked IS NULL THEN (SELECT pg_catalog.count(*) FROM @extschema@.work_order)
                       ELSE pg_catalog.cardinality(picked) END,
        'breaks', n_breaks, 'sealed', n_sealed);
    RETURN @extschema@.job_done(job, started, result, n_breaks, breaks,
        'hotline.check_histories: %s breaks in the history of orders (R-1.6)',
        'Each is an event deleted or changed outside the engine: see hotline.verify_history(order_no) and the database''s logs; the chains stay unsealed until they are looked into.');
END $$;
COMMENT ON FUNCTION @extschema@.check_histories(boolean) IS
    'the chain jobs (R-1.6): checks the hash chains of the orders with events since the last run (everything: of every order, with every seal), seals the intact ones at their last event, reports each break as a failure of the run (WARNING, hotline.job_run)';
REVOKE ALL ON FUNCTION @extschema@.check_histories(boolean) FROM PUBLIC;

INSERT INTO @extschema@.job (name, command, default_schedule, lock_key, description, builtin) VALUES
    ('check_histories', 'SELECT hotline.check_histories()', '17 * * * *', 5,
     'checks the hash chains of the orders whose history grew since the last run and seals the intact ones (R-1.6)', true),
    -- Sundays 03:30 Beijing time (19:30 GMT on Saturday)
    ('audit_histories', 'SELECT hotline.check_histories(true)', '30 19 * * 6', 6,
     'checks the hash chains of every order''s history and every seal (R-1.6)', true);
