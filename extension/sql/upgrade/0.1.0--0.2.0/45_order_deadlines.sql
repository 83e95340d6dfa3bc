-- Issue 8: an order keeps the limit and the start of each of its own
-- deadlines (90_orders.sql), the engine writes them with set_due, and
-- hotline.recompute_deadlines counts them again on a calendar change, with
-- the order's reply deadline and passed-down deadlines capped by their
-- parent's (97_alarms.sql).

ALTER TABLE @extschema@.work_order
    ADD COLUMN dispatch_limit  @extschema@.time_limit,
    ADD COLUMN dispatch_from   timestamptz,
    ADD COLUMN reply_limit     @extschema@.time_limit,
    ADD COLUMN reply_from      timestamptz,
    ADD COLUMN callback_limit  @extschema@.time_limit,
    ADD COLUMN callback_from   timestamptz;
COMMENT ON COLUMN @extschema@.work_order.dispatch_limit IS
    'the time limit dispatch_due was counted with, from dispatch_from on the workflow''s calendar (NULL: set as a date or cleared); a calendar change counts it again (R-12.3)';
COMMENT ON COLUMN @extschema@.work_order.reply_limit IS
    'the time limit reply_due was counted with, from reply_from, when the order set it itself; NULL when it is the latest of the open assignments'' (R-12.3)';
COMMENT ON COLUMN @extschema@.work_order.callback_limit IS
    'the time limit callback_due was counted with, from callback_from on the workflow''s calendar (R-12.3)';

-- The open orders of 0.1.0 get the limit and start of a deadline where the
-- history shows them: the latest event of an action whose set_due names the
-- column, if counting its limit from that event gives the deadline the
-- order has.  Any other deadline stays as a date, as an approved extension.
DO $$
DECLARE
    due text;
BEGIN
    FOREACH due IN ARRAY ARRAY['dispatch', 'reply', 'callback'] LOOP
        EXECUTE format($q$
            UPDATE @extschema@.work_order o SET %1$s_limit = x.l, %1$s_from = x.at
            FROM (SELECT DISTINCT ON (o2.order_no) o2.order_no, e.at, lim.l, w.calendar
                  FROM @extschema@.work_order o2
                  JOIN @extschema@.workflow w ON w.name = o2.workflow
                  JOIN @extschema@.order_event e ON e.order_no OPERATOR(@extschema@.=) o2.order_no
                  JOIN @extschema@.workflow_action a ON a.workflow = o2.workflow AND a.action = e.action
                  CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(a.effects -> 'set_due')
                      WHEN 'array' THEN a.effects -> 'set_due' ELSE jsonb_build_array(a.effects -> 'set_due') END) d
                  CROSS JOIN LATERAL (SELECT @extschema@.workflow_time_limit(o2.workflow, d ->> 'deadline',
                      e.payload ->> 'dispatch_mode', o2.urgency, o2.appeal_type) AS l) lim
                  WHERE o2.closed_at IS NULL AND o2.%1$s_due IS NOT NULL
                    AND a.effects ? 'set_due' AND d ->> 'column' = '%1$s_due' AND d ->> 'deadline' IS NOT NULL
                  ORDER BY o2.order_no, e.at DESC, e.id DESC) x
            WHERE o.order_no OPERATOR(@extschema@.=) x.order_no
              AND @extschema@.deadline(x.calendar, x.at, x.l) = o.%1$s_due $q$, due);
    END LOOP;
END $$;

CREATE OR REPLACE FUNCTION @extschema@.recompute_deadlines(batch integer DEFAULT 10000) RETURNS jsonb
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
                   coalesce((SELECT max(a.reply_due) FROM @extschema@.assignment a
                             WHERE a.order_no = o.order_no AND a.closed_at IS NULL),
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
