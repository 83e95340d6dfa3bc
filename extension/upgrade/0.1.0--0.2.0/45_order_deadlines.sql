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

--@ function or replace recompute_deadlines(batch integer DEFAULT 10000)
