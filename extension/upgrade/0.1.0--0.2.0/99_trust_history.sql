-- A history no one can quietly change (issue 10, R-1.6): the hash chain of
-- every order's events, its checks and its jobs.
ALTER TABLE @extschema@.order_event ADD COLUMN seq integer, ADD COLUMN hash bytea;
COMMENT ON COLUMN @extschema@.order_event.seq IS
    'the event''s place in its order''s history: 1, 2, 3, ... (set by the trigger order_event_chain; a gap is a deleted event)';
COMMENT ON COLUMN @extschema@.order_event.hash IS
    'SHA-256 over the previous event''s hash and this event''s content (hotline.event_hash, the canonical form in README, Security); set by the trigger order_event_chain, checked by hotline.verify_history';
--@ function chain_event()
--@ trigger order_event_chain
CREATE INDEX order_event_at_brin ON @extschema@.order_event USING brin (at);
--@ function event_hash(prev bytea, e @extschema@.order_event)

-- The chains of the histories 0.1.0 kept, from their events as they are
-- now: seq by id within each order, then the hashes one place at a time
-- (each needs the one before it), with the append-only guard off for it.
ALTER TABLE @extschema@.order_event DISABLE TRIGGER order_event_append_only;
UPDATE @extschema@.order_event e SET seq = n.seq
FROM (SELECT x.order_no, x.id, pg_catalog.row_number() OVER (PARTITION BY x.order_no ORDER BY x.id) AS seq
      FROM @extschema@.order_event x) n
WHERE e.order_no OPERATOR(pg_catalog.=) n.order_no AND e.id = n.id;
DO $$
DECLARE
    last integer := (SELECT pg_catalog.max(x.seq) FROM @extschema@.order_event x);
BEGIN
    UPDATE @extschema@.order_event e SET hash = @extschema@.event_hash(NULL, e) WHERE e.seq = 1;
    FOR s IN 2 .. coalesce(last, 1) LOOP
        UPDATE @extschema@.order_event e SET hash = @extschema@.event_hash(p.hash, e)
        FROM @extschema@.order_event p
        WHERE e.seq = s AND p.order_no OPERATOR(pg_catalog.=) e.order_no AND p.seq = s - 1;
    END LOOP;
END $$;
ALTER TABLE @extschema@.order_event ENABLE TRIGGER order_event_append_only;
ALTER TABLE @extschema@.order_event ALTER COLUMN seq SET NOT NULL, ALTER COLUMN hash SET NOT NULL;

--@ table history_seal
--@ table history_check
--@ function history_breaks(orders @extschema@.order_no[] DEFAULT NULL, since timestamptz DEFAULT NULL)
REVOKE ALL ON FUNCTION @extschema@.history_breaks(@extschema@.order_no[], timestamptz) FROM PUBLIC;
--@ function verify_history(order_no @extschema@.order_no)
REVOKE ALL ON FUNCTION @extschema@.verify_history(@extschema@.order_no) FROM PUBLIC;
--@ function verify_histories(since timestamptz DEFAULT NULL)
REVOKE ALL ON FUNCTION @extschema@.verify_histories(timestamptz) FROM PUBLIC;
--@ function check_histories(everything boolean DEFAULT false)
REVOKE ALL ON FUNCTION @extschema@.check_histories(boolean) FROM PUBLIC;
INSERT INTO @extschema@.job (name, command, default_schedule, lock_key, description, builtin) VALUES
    ('check_histories', 'SELECT hotline.check_histories()', '17 * * * *', 5,
     'checks the hash chains of the orders whose history grew since the last run and seals the intact ones (R-1.6)', true),
    ('audit_histories', 'SELECT hotline.check_histories(true)', '30 19 * * 6', 6,
     'checks the hash chains of every order''s history and every seal (R-1.6)', true);
