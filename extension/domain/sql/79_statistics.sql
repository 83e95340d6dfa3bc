-- ---------------------------------------------------------------------------
-- Statistics (R-9, R-14.1; issue 11): the facts of every assignment and
-- every order, folded from the history by a job into rollups per day, unit,
-- topic, region and channel, so that an assessment of every unit for a
-- month reads a few thousand rollup rows and never the month's orders.
--
-- The domain knows no workflow's actions: each workflow says in its setting
-- "assessment" which of its actions, parameters and states carry the
-- facts (the reply, the first contact 先行联系 and its limit, the redo
-- 重办, the return 退单, the approved extension 延期, the callback 回访 with
-- its satisfaction and solved 解决, the closed 办结 and rejected 不受理
-- states).  The job hotline.refresh_statistics (pg_cron, every 10 minutes)
-- folds the orders whose history grew since its last start (less
-- hotline.statistics_margin); recomputing the facts of an order is
-- idempotent, so folding one again changes nothing.
-- ---------------------------------------------------------------------------

-- A workflow's setting "assessment", its shape checked (22023) when it is
-- written: every key optional, every action and state named one of the
-- workflow's (parameters are not declared by name: a misspelt one finds
-- nothing).
--   {"reply_actions": ["reply"],
--    "contact": {"actions": ["reply"], "param": "contacted_at", "deadline": "contact"},
--    "redo_state": "redo", "return_state": "returned",
--    "extension_actions": ["approve_extension"],
--    "callback": {"actions": ["callback", "callback_redo"], "param": "result_satisfaction",
--                 "satisfied": ["satisfied", "basically_satisfied"], "unreached": ["unreachable"],
--                 "solved_param": "solved"},
--    "closed_states": ["closed", "answered", "archived"], "rejected_states": ["not_accepted"]}
CREATE FUNCTION @extschema@.assessment_setting_check(workflow text, value jsonb) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    bad text;
    k text;
    x text;
    obj jsonb;
BEGIN
    IF jsonb_typeof(value) IS DISTINCT FROM 'object' THEN
        bad := 'it must be a JSON object';
    ELSE
        FOR k IN SELECT jsonb_object_keys(value) LOOP
            obj := value -> k;
            IF k IN ('reply_actions', 'extension_actions', 'closed_states', 'rejected_states') THEN
                IF jsonb_typeof(obj) <> 'array' OR EXISTS (SELECT 1 FROM jsonb_array_elements(obj) e
                                                           WHERE jsonb_typeof(e) <> 'string') THEN
                    bad := format('%s must be an array of names', k);
                END IF;
            ELSIF k IN ('redo_state', 'return_state') THEN
                IF jsonb_typeof(obj) <> 'string' THEN
                    bad := format('%s must be the name of a state of assignments', k);
                END IF;
            ELSIF k = 'contact' THEN
                IF jsonb_typeof(obj) <> 'object' OR jsonb_typeof(obj -> 'actions') IS DISTINCT FROM 'array'
                   OR jsonb_typeof(obj -> 'param') IS DISTINCT FROM 'string'
                   OR (obj ? 'deadline' AND jsonb_typeof(obj -> 'deadline') <> 'string')
                   OR EXISTS (SELECT 1 FROM jsonb_object_keys(obj) o WHERE o NOT IN ('actions', 'param', 'deadline')) THEN
                    bad := 'contact must be {"actions": [...], "param": "...", "deadline": "..."} (deadline optional)';
                END IF;
            ELSIF k = 'callback' THEN
                IF jsonb_typeof(obj) <> 'object' OR jsonb_typeof(obj -> 'actions') IS DISTINCT FROM 'array'
                   OR jsonb_typeof(obj -> 'param') IS DISTINCT FROM 'string'
                   OR jsonb_typeof(obj -> 'satisfied') IS DISTINCT FROM 'array'
                   OR (obj ? 'unreached' AND jsonb_typeof(obj -> 'unreached') <> 'array')
                   OR (obj ? 'solved_param' AND jsonb_typeof(obj -> 'solved_param') <> 'string')
                   OR EXISTS (SELECT 1 FROM jsonb_object_keys(obj) o
                              WHERE o NOT IN ('actions', 'param', 'satisfied', 'unreached', 'solved_param')) THEN
                    bad := 'callback must be {"actions": [...], "param": "...", "satisfied": [...], "unreached": [...], "solved_param": "..."} (unreached and solved_param optional)';
                END IF;
            ELSE
                bad := format('unknown key "%s"', k);
            END IF;
            EXIT WHEN bad IS NOT NULL;
        END LOOP;
    END IF;
    -- the actions and states named are the workflow's
    IF bad IS NULL THEN
        SELECT format('"%s" is not an action of the workflow', n) INTO bad
        FROM (SELECT jsonb_array_elements_text(coalesce(value -> 'reply_actions', '[]')
                                               || coalesce(value -> 'extension_actions', '[]')
                                               || coalesce(value #> '{contact,actions}', '[]')
                                               || coalesce(value #> '{callback,actions}', '[]')) AS n) a
        WHERE NOT EXISTS (SELECT 1 FROM @extschema@.workflow_action w
                          WHERE w.workflow = assessment_setting_check.workflow AND w.action = a.n)
        LIMIT 1;
    END IF;
    IF bad IS NULL THEN
        SELECT format('"%s" is not a state of the workflow''s %s', n, scope) INTO bad
        FROM (SELECT 'assignments' AS scope, value ->> 'redo_state' AS n
              UNION ALL SELECT 'assignments', value ->> 'return_state'
              UNION ALL SELECT 'orders', jsonb_array_elements_text(coalesce(value -> 'closed_states', '[]')
                                                                   || coalesce(value -> 'rejected_states', '[]'))) s
        WHERE s.n IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM @extschema@.workflow_state w
                          WHERE w.workflow = assessment_setting_check.workflow AND w.state = s.n
                            AND w.scope = CASE s.scope WHEN 'orders' THEN 'order' ELSE 'assignment' END)
        LIMIT 1;
    END IF;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'invalid setting assessment of workflow "%": %', workflow, bad
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The setting is %s.', left(value::text, 2000)),
                  HINT = 'Write e.g. {"reply_actions": ["report_back"], "callback": {"actions": ["survey"], "param": "rating", "satisfied": ["good"]}, "closed_states": ["done"]}: the workflow''s actions, parameters and states that carry the facts of the assessment (README, Reports).';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.assessment_setting_check(text, jsonb) IS
    'internal: raises 22023 unless value is a valid setting "assessment" of the workflow (its keys, shapes, and actions and states of the workflow)';

CREATE FUNCTION @extschema@.statistics_setting_checked() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.setting = 'assessment' THEN
        PERFORM @extschema@.assessment_setting_check(NEW.workflow, NEW.value);
    ELSE
        PERFORM @extschema@.search_setting_check(NEW.workflow, NEW.value);
    END IF;
    -- other facts or words: the statistics job's next run folds every order again
    DELETE FROM @extschema@.statistics_check;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.statistics_setting_checked() IS
    'trigger: checks a workflow''s setting "assessment" or "search" as it is written (hotline.assessment_setting_check, hotline.search_setting_check), and has the statistics job''s next run fold every order again';
CREATE TRIGGER workflow_setting_statistics BEFORE INSERT OR UPDATE ON @extschema@.workflow_setting
    FOR EACH ROW WHEN (NEW.setting IN ('assessment', 'search')) EXECUTE FUNCTION @extschema@.statistics_setting_checked();

-- The setting "assessment" in force of a workflow, as typed columns (empty
-- arrays and NULLs for what it does not declare).
CREATE FUNCTION @extschema@.assessment_setting(workflow text)
RETURNS TABLE (reply_actions text[], contact_actions text[], contact_param text, contact_deadline text,
               redo_state text, return_state text, extension_actions text[], callback_actions text[],
               satisfaction_param text, satisfied text[], unreached text[], solved_param text,
               closed_states text[], rejected_states text[])
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT ARRAY(SELECT jsonb_array_elements_text(coalesce(v -> 'reply_actions', '[]'))),
           ARRAY(SELECT jsonb_array_elements_text(coalesce(v #> '{contact,actions}', '[]'))),
           v #>> '{contact,param}', v #>> '{contact,deadline}',
           v ->> 'redo_state', v ->> 'return_state',
           ARRAY(SELECT jsonb_array_elements_text(coalesce(v -> 'extension_actions', '[]'))),
           ARRAY(SELECT jsonb_array_elements_text(coalesce(v #> '{callback,actions}', '[]'))),
           v #>> '{callback,param}',
           ARRAY(SELECT jsonb_array_elements_text(coalesce(v #> '{callback,satisfied}', '[]'))),
           ARRAY(SELECT jsonb_array_elements_text(coalesce(v #> '{callback,unreached}', '[]'))),
           v #>> '{callback,solved_param}',
           CASE WHEN v ? 'closed_states' THEN ARRAY(SELECT jsonb_array_elements_text(v -> 'closed_states')) END,
           ARRAY(SELECT jsonb_array_elements_text(coalesce(v -> 'rejected_states', '[]')))
    FROM (SELECT coalesce(@extschema@.workflow_setting_value($1, 'assessment'), '{}') AS v) s
$$;
COMMENT ON FUNCTION @extschema@.assessment_setting(text) IS
    'the workflow''s setting "assessment" in force as typed columns: the actions, parameters and states that carry the facts of the assessment (empty or NULL where it declares none)';

-- A time in a parameter of an event, NULL when it is not one: the engine
-- writes times with their offset (ISO 8601); special values (now, today,
-- infinity ...) are none, and a time without an offset is read in UTC, not
-- in the session's zone.
CREATE FUNCTION @extschema@.param_time(value text) RETURNS timestamptz
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp SET TimeZone = 'UTC' AS $$
BEGIN
    IF value IS NULL OR value !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN
        RETURN NULL;
    END IF;
    RETURN value::timestamptz;
EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow OR invalid_parameter_value THEN
    RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.param_time(text) IS
    'internal: the text of an event parameter as a timestamptz, NULL when it is none';

-- ---------------------------------------------------------------------------
-- The facts
-- ---------------------------------------------------------------------------

-- One row per assignment the centre made (a dispatch to a lead or an
-- assisting unit): the centre assesses the units it dispatched to.  An
-- order a unit passed down (下派) to its sub-units stays the unit's: their
-- assignments are its own business and are not counted again (a unit's
-- figures include its sub-units', so they would count the order twice).
CREATE TABLE @extschema@.assignment_fact (
    order_no        @extschema@.order_no NOT NULL,
    assignment_id   bigint NOT NULL,
    unit_id         bigint NOT NULL,
    day             date NOT NULL,
    topic_id        bigint,
    region          text NOT NULL,
    channel         text NOT NULL,
    dispatched_at   timestamptz NOT NULL,
    exempt          boolean NOT NULL,
    returned        boolean NOT NULL,
    withdrawn       boolean NOT NULL,
    signed          boolean NOT NULL,
    contacted_at    timestamptz,
    contact_due     timestamptz,
    responded       boolean NOT NULL,
    replied         boolean NOT NULL,
    replied_at      timestamptz,
    reply_due       timestamptz,
    closed          boolean NOT NULL,
    on_time         boolean NOT NULL,
    redos           integer NOT NULL,
    extensions      integer NOT NULL,
    hastenings      integer NOT NULL,
    supervisions    integer NOT NULL,
    notices         integer NOT NULL,
    repeat          boolean NOT NULL,
    callback        text CHECK (callback IN ('satisfied', 'dissatisfied', 'unreached')),
    solved          boolean,
    PRIMARY KEY (order_no, assignment_id)
);
COMMENT ON TABLE @extschema@.assignment_fact IS
    'the facts of each assignment the centre made (a unit''s handling of an order it was dispatched; pass-downs are the unit''s own), folded from the history by hotline.refresh_statistics (README, Reports): what the rollups and the assessment count';
COMMENT ON COLUMN @extschema@.assignment_fact.day IS 'the day the unit got the order (dispatched_at in the report time zone): the period it counts in';
COMMENT ON COLUMN @extschema@.assignment_fact.exempt IS '免考: a supervisor approved the unit''s exemption for the order (hotline.exemption); left out of every rate';
COMMENT ON COLUMN @extschema@.assignment_fact.returned IS '退单: the unit returned the order (it reached the workflow''s return_state)';
COMMENT ON COLUMN @extschema@.assignment_fact.withdrawn IS 'closed without a reply and not returned: withdrawn by the centre, or its order ended (terminated, merged)';
COMMENT ON COLUMN @extschema@.assignment_fact.responded IS
    '先行联系 in time: the unit recorded a first contact (the contact parameter of the workflow''s contact actions) no later than contact_due';
COMMENT ON COLUMN @extschema@.assignment_fact.contact_due IS
    'dispatched_at plus the workflow''s limit of the contact deadline, on the unit''s calendar (NULL: no limit)';
COMMENT ON COLUMN @extschema@.assignment_fact.closed IS '办结: the unit replied and the order is in one of the workflow''s closed states';
COMMENT ON COLUMN @extschema@.assignment_fact.on_time IS '按时办结: closed, and its last reply no later than its reply deadline (an approved extension''s, a redo''s)';
COMMENT ON COLUMN @extschema@.assignment_fact.redos IS '发回重办: how many times the assignment entered the workflow''s redo_state';
COMMENT ON COLUMN @extschema@.assignment_fact.callback IS
    '回访 of the order (its last callback), for a unit that replied: satisfied (满意, 基本满意), dissatisfied, or unreached';

-- One row per order.
CREATE TABLE @extschema@.order_fact (
    order_no        @extschema@.order_no PRIMARY KEY,
    day             date NOT NULL,
    topic_id        bigint,
    region          text NOT NULL,
    channel         text NOT NULL,
    appeal_type     text NOT NULL,
    rejected        boolean NOT NULL,
    dispatched      boolean NOT NULL,
    closed          boolean NOT NULL,
    repeat          boolean NOT NULL,
    callback        text CHECK (callback IN ('satisfied', 'dissatisfied', 'unreached')),
    solved          boolean
);
COMMENT ON TABLE @extschema@.order_fact IS
    'the facts of each order for the centre''s figures, folded by hotline.refresh_statistics: the day it was accepted (report time zone), what it is about, whether it was rejected, dispatched, closed, a repeat, and its callback';

-- The rollups.  detail: per day, unit, topic, region and channel; not
-- detail: per day and unit (topic, region and channel NULL), what an
-- assessment of every unit reads.
CREATE TABLE @extschema@.assessment_rollup (
    detail          boolean NOT NULL,
    day             date NOT NULL,
    unit_id         bigint NOT NULL,
    topic_id        bigint,
    region          text,
    channel         text,
    dispatched      integer NOT NULL,
    exempted        integer NOT NULL,
    returned        integer NOT NULL,
    withdrawn       integer NOT NULL,
    counted         integer NOT NULL,
    signed          integer NOT NULL,
    responded       integer NOT NULL,
    replied         integer NOT NULL,
    closed          integer NOT NULL,
    closed_on_time  integer NOT NULL,
    redos           integer NOT NULL,
    extensions      integer NOT NULL,
    hastenings      integer NOT NULL,
    supervisions    integer NOT NULL,
    notices         integer NOT NULL,
    repeats         integer NOT NULL,
    callbacks       integer NOT NULL,
    unreached       integer NOT NULL,
    satisfied       integer NOT NULL,
    solved_asked    integer NOT NULL,
    solved          integer NOT NULL,
    UNIQUE NULLS NOT DISTINCT (detail, day, unit_id, topic_id, region, channel)
) PARTITION BY LIST (detail);
-- (each grain its own partition: a month of every unit reads the compact
-- rows per day and unit, not pages full of detailed rows)
CREATE TABLE @extschema@.assessment_rollup_unit PARTITION OF @extschema@.assessment_rollup FOR VALUES IN (false);
CREATE TABLE @extschema@.assessment_rollup_detail PARTITION OF @extschema@.assessment_rollup FOR VALUES IN (true);
CREATE INDEX assessment_rollup_empty ON @extschema@.assessment_rollup (day) WHERE dispatched = 0;
COMMENT ON TABLE @extschema@.assessment_rollup IS
    'the assessment''s counts of the assignments per day (dispatched, report time zone) and unit (partition assessment_rollup_unit), and per day, unit, topic, region and channel (detail: assessment_rollup_detail); kept by hotline.refresh_statistics; the columns are defined in README, Reports';

CREATE TABLE @extschema@.order_rollup (
    day             date NOT NULL,
    topic_id        bigint,
    region          text NOT NULL,
    channel         text NOT NULL,
    appeal_type     text NOT NULL,
    orders          integer NOT NULL,
    rejected        integer NOT NULL,
    dispatched      integer NOT NULL,
    answered        integer NOT NULL,
    closed          integer NOT NULL,
    repeats         integer NOT NULL,
    callbacks       integer NOT NULL,
    unreached       integer NOT NULL,
    satisfied       integer NOT NULL,
    solved_asked    integer NOT NULL,
    solved          integer NOT NULL,
    UNIQUE NULLS NOT DISTINCT (day, topic_id, region, channel, appeal_type)
);
CREATE INDEX order_rollup_empty ON @extschema@.order_rollup (day) WHERE orders = 0;
COMMENT ON TABLE @extschema@.order_rollup IS
    'the centre''s counts of orders per day accepted (report time zone), topic, region, channel and appeal type; kept by hotline.refresh_statistics; the columns are defined in README, Reports';

-- When the statistics job last started, and in which time zone it counted
-- days (another zone: the next run folds everything again).
CREATE TABLE @extschema@.statistics_check (
    one             boolean PRIMARY KEY DEFAULT true CHECK (one),
    started_at      timestamptz NOT NULL,
    time_zone       text NOT NULL
);
COMMENT ON TABLE @extschema@.statistics_check IS
    'when hotline.refresh_statistics last started and the report time zone it counted days in: the next run folds the orders with events since, less hotline.statistics_margin';

-- The time zone the rollups' days are in (the job's), for whatever reads
-- them beside other tables: the reader's own hotline.report_calendar may
-- differ.
CREATE FUNCTION @extschema@.statistics_time_zone() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
    SELECT coalesce((SELECT c.time_zone FROM statistics_check c), report_time_zone())
$$;
COMMENT ON FUNCTION @extschema@.statistics_time_zone() IS
    'the time zone the statistics job counted the rollups'' days in (hotline.report_time_zone() before its first run)';
REVOKE ALL ON FUNCTION @extschema@.statistics_time_zone() FROM PUBLIC;

-- The setting "assessment" of each workflow of these orders.
CREATE FUNCTION @extschema@.assessment_settings(orders @extschema@.order_no[])
RETURNS TABLE (workflow text, reply_actions text[], contact_actions text[], contact_param text, contact_deadline text,
               redo_state text, return_state text, extension_actions text[], callback_actions text[],
               satisfaction_param text, satisfied text[], unreached text[], solved_param text,
               closed_states text[], rejected_states text[])
LANGUAGE sql STABLE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
    SELECT w.workflow, x.*
    FROM (SELECT DISTINCT o.workflow FROM work_order o WHERE o.order_no = ANY (orders)) w,
         LATERAL assessment_setting(w.workflow) x
$$;
COMMENT ON FUNCTION @extschema@.assessment_settings(@extschema@.order_no[]) IS
    'internal: the setting "assessment" (hotline.assessment_setting) of each workflow of these orders';
REVOKE ALL ON FUNCTION @extschema@.assessment_settings(@extschema@.order_no[]) FROM PUBLIC;

-- The outcome of an order's last callback (回访) among the workflow's
-- callback actions: satisfied (its satisfaction parameter one of
-- satisfied), unreached (one of unreached), dissatisfied (another value),
-- none; and solved (its solved parameter true or false).
CREATE FUNCTION @extschema@.last_callback(order_no @extschema@.order_no, actions text[], param text, satisfied text[],
                                          unreached text[], solved_param text)
RETURNS TABLE (callback text, solved boolean)
LANGUAGE sql STABLE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
    SELECT CASE WHEN cb.v = ANY (satisfied) THEN 'satisfied' WHEN cb.v = ANY (unreached) THEN 'unreached'
                WHEN cb.v IS NOT NULL THEN 'dissatisfied' END,
           CASE cb.solved WHEN 'true' THEN true WHEN 'false' THEN false END
    FROM (SELECT NULL) one
    LEFT JOIN LATERAL (
        SELECT e.payload ->> param AS v, e.payload ->> solved_param AS solved
        FROM order_event e
        WHERE e.order_no = last_callback.order_no AND e.assignment_id IS NULL AND e.action = ANY (actions)
        ORDER BY e.id DESC LIMIT 1) cb ON true
$$;
COMMENT ON FUNCTION @extschema@.last_callback(@extschema@.order_no, text[], text, text[], text[], text) IS
    'internal: the outcome of the order''s last callback among actions: satisfied, unreached or dissatisfied by its param, and solved by solved_param (NULLs when there was none)';
REVOKE ALL ON FUNCTION @extschema@.last_callback(@extschema@.order_no, text[], text, text[], text[], text) FROM PUBLIC;

-- The facts of the assignments of these orders, from their history and
-- their rows, days counted in time zone tz.  What the unit's sub-units did
-- with an order it passed down (下派: their hastenings, notices,
-- supervisions, exemptions) counts on the unit's own assignment.
CREATE FUNCTION @extschema@.assignment_facts(orders @extschema@.order_no[], tz text)
RETURNS SETOF @extschema@.assignment_fact
LANGUAGE sql STABLE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
    WITH RECURSIVE s AS (SELECT * FROM assessment_settings(orders)),
    -- every assignment with the assignment the centre made it under (ids grow down the tree)
    tree (order_no, id, unit_id, root_id) AS (
        SELECT a.order_no, a.id, a.unit_id, a.id FROM assignment a
        WHERE a.order_no = ANY (orders) AND a.parent_id IS NULL
        UNION ALL
        SELECT c.order_no, c.id, c.unit_id, t.root_id FROM tree t
        JOIN assignment c ON c.order_no = t.order_no AND c.parent_id = t.id AND c.id > t.id
    )
    SELECT a.order_no, a.id, a.unit_id, (a.dispatched_at AT TIME ZONE tz)::date, o.topic_id, o.region, o.channel::text,
           a.dispatched_at, f.exempt, f.returned, f.withdrawn, a.signed_at IS NOT NULL,
           ae.contacted_at, cd.due, ae.contacted_at IS NOT NULL AND (cd.due IS NULL OR ae.contacted_at <= cd.due),
           f.replied, f.last_reply_at, a.reply_due, g.closed,
           g.closed AND f.last_reply_at IS NOT NULL AND (a.reply_due IS NULL OR f.last_reply_at <= a.reply_due),
           (ae.redo_left + coalesce(a.state = s.redo_state, false)::int)::int, ae.extensions::int,
           (SELECT coalesce(sum(al.fired), 0)::int FROM tree t JOIN alarm al ON al.order_no = t.order_no AND al.assignment_id = t.id
            WHERE t.order_no = a.order_no AND t.root_id = a.id AND al.kind = 'hasten'),
           (SELECT count(*)::int FROM supervision sv
            WHERE sv.order_no = a.order_no
              AND (sv.assignment_id IN (SELECT t.id FROM tree t WHERE t.order_no = a.order_no AND t.root_id = a.id)
                   OR (sv.assignment_id IS NULL AND sv.unit_id = a.unit_id))),
           (SELECT count(*)::int FROM tree t JOIN public_notice pn ON pn.order_no = t.order_no AND pn.assignment_id = t.id
            WHERE t.order_no = a.order_no AND t.root_id = a.id),
           EXISTS (SELECT 1 FROM repeat_member m WHERE m.order_no = o.order_no),
           CASE WHEN f.replied AND NOT f.returned AND NOT f.withdrawn THEN cb.callback END,
           CASE WHEN f.replied AND NOT f.returned AND NOT f.withdrawn THEN cb.solved END
    FROM work_order o
    JOIN s ON s.workflow = o.workflow
    JOIN assignment a ON a.order_no = o.order_no
    JOIN unit u ON u.id = a.unit_id
    CROSS JOIN LATERAL (
        -- a redo counts when the assignment leaves the redo state (an event
        -- that stays in it, a reminder say, is no redo) or is in it now
        SELECT count(*) FILTER (WHERE e.from_state = s.redo_state AND e.to_state IS DISTINCT FROM s.redo_state) AS redo_left,
               count(*) FILTER (WHERE e.action = ANY (s.extension_actions)) AS extensions,
               coalesce(bool_or(e.action = ANY (s.reply_actions)), false) AS replied,
               max(e.at) FILTER (WHERE e.action = ANY (s.reply_actions)) AS last_reply_at,
               min(param_time(e.payload ->> s.contact_param))
                   FILTER (WHERE e.action = ANY (s.contact_actions)) AS contacted_at_any
        FROM order_event e WHERE e.order_no = a.order_no AND e.assignment_id = a.id) ae0
    -- a first contact counts from the dispatch on
    CROSS JOIN LATERAL (SELECT ae0.*, CASE WHEN ae0.contacted_at_any >= a.dispatched_at THEN ae0.contacted_at_any END
                                      AS contacted_at) ae
    LEFT JOIN LATERAL (
        SELECT deadline(u.calendar, a.dispatched_at,
                        workflow_time_limit(o.workflow, s.contact_deadline,
                                            jsonb_build_object('urgency', o.urgency, 'appeal_type', o.appeal_type,
                                                               'channel', o.channel, 'region', o.region,
                                                               'dispatch_mode', a.dispatch_mode, 'role', a.role))) AS due
        WHERE s.contact_deadline IS NOT NULL) cd ON true
    CROSS JOIN LATERAL last_callback(o.order_no, s.callback_actions, s.satisfaction_param, s.satisfied, s.unreached,
                                     s.solved_param) cb
    CROSS JOIN LATERAL (
        -- returned: the return state is where the assignment ended; ended:
        -- the order in a terminal state that is not a closed one
        -- (terminated, merged)
        SELECT coalesce(a.state = s.return_state, false) AS returned,
               (SELECT w.terminal FROM workflow_state w
                WHERE w.workflow = o.workflow AND w.scope = 'order' AND w.state = o.state)
               AND NOT coalesce(o.state = ANY (s.closed_states), false) AS ended) r
    CROSS JOIN LATERAL (
        SELECT EXISTS (SELECT 1 FROM exemption x
                       WHERE x.order_no = a.order_no AND x.decision = 'approved'
                         AND x.unit_id IN (SELECT t.unit_id FROM tree t WHERE t.order_no = a.order_no AND t.root_id = a.id))
               AS exempt,
               r.returned,
               -- replied: its reply stands (replied_at, which a send-back
               -- clears; of a workflow without redo, any reply action)
               rp.replied,
               coalesce(a.replied_at, ae.last_reply_at) AS last_reply_at,
               NOT r.returned AND (coalesce(r.ended, false) OR (a.closed_at IS NOT NULL AND NOT rp.replied))
               AS withdrawn
        FROM (SELECT a.replied_at IS NOT NULL OR (ae.replied AND s.redo_state IS NULL) AS replied) rp) f
    CROSS JOIN LATERAL (
        SELECT f.replied AND NOT f.returned AND NOT f.withdrawn
               AND CASE WHEN s.closed_states IS NULL THEN o.closed_at IS NOT NULL
                        ELSE o.state = ANY (s.closed_states) END AS closed) g
    WHERE o.order_no = ANY (orders)
      AND a.parent_id IS NULL
$$;
COMMENT ON FUNCTION @extschema@.assignment_facts(@extschema@.order_no[], text) IS
    'the facts of the assessed assignments of these orders, from their history and rows, days in time zone tz (what hotline.refresh_statistics stores in hotline.assignment_fact)';
REVOKE ALL ON FUNCTION @extschema@.assignment_facts(@extschema@.order_no[], text) FROM PUBLIC;

-- The facts of these orders.
CREATE FUNCTION @extschema@.order_facts(orders @extschema@.order_no[], tz text)
RETURNS SETOF @extschema@.order_fact
LANGUAGE sql STABLE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
    WITH s AS (SELECT * FROM assessment_settings(orders))
    SELECT o.order_no, (o.accepted_at AT TIME ZONE tz)::date, o.topic_id, o.region, o.channel::text,
           o.appeal_type::text, o.state = ANY (s.rejected_states), d.dispatched,
           CASE WHEN s.closed_states IS NULL THEN o.closed_at IS NOT NULL ELSE o.state = ANY (s.closed_states) END,
           EXISTS (SELECT 1 FROM repeat_member m WHERE m.order_no = o.order_no),
           cb.callback, cb.solved
    FROM work_order o
    JOIN s ON s.workflow = o.workflow
    CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM assignment a WHERE a.order_no = o.order_no) AS dispatched) d
    CROSS JOIN LATERAL last_callback(o.order_no, s.callback_actions, s.satisfaction_param, s.satisfied, s.unreached,
                                     s.solved_param) cb
    WHERE o.order_no = ANY (orders)
$$;
COMMENT ON FUNCTION @extschema@.order_facts(@extschema@.order_no[], text) IS
    'the facts of these orders for the centre''s figures, days in time zone tz (what hotline.refresh_statistics stores in hotline.order_fact)';
REVOKE ALL ON FUNCTION @extschema@.order_facts(@extschema@.order_no[], text) FROM PUBLIC;

-- Adds (sign 1) or takes away (sign -1) the stored facts of these orders
-- to or from the rollups: the one place the rollups' columns are counted.
CREATE FUNCTION @extschema@.statistics_apply(orders @extschema@.order_no[], sign integer) RETURNS void
LANGUAGE sql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
    INSERT INTO assessment_rollup AS r (detail, day, unit_id, topic_id, region, channel, dispatched, exempted, returned,
                                        withdrawn, counted, signed, responded, replied, closed, closed_on_time, redos,
                                        extensions, hastenings, supervisions, notices, repeats, callbacks, unreached,
                                        satisfied, solved_asked, solved)
    SELECT GROUPING(f.topic_id, f.region, f.channel) = 0, f.day, f.unit_id, f.topic_id, f.region, f.channel,
           sign * count(*),
           sign * count(*) FILTER (WHERE f.exempt),
           sign * count(*) FILTER (WHERE NOT f.exempt AND f.returned),
           sign * count(*) FILTER (WHERE NOT f.exempt AND f.withdrawn),
           sign * count(*) FILTER (WHERE c.counted),
           sign * count(*) FILTER (WHERE c.counted AND f.signed),
           sign * count(*) FILTER (WHERE c.counted AND f.responded),
           sign * count(*) FILTER (WHERE c.counted AND f.replied),
           sign * count(*) FILTER (WHERE c.counted AND f.closed),
           sign * count(*) FILTER (WHERE c.counted AND f.closed AND f.on_time),
           sign * coalesce(sum(f.redos) FILTER (WHERE NOT f.exempt), 0),
           sign * coalesce(sum(f.extensions) FILTER (WHERE NOT f.exempt), 0),
           sign * coalesce(sum(f.hastenings) FILTER (WHERE NOT f.exempt), 0),
           sign * coalesce(sum(f.supervisions) FILTER (WHERE NOT f.exempt), 0),
           sign * coalesce(sum(f.notices) FILTER (WHERE NOT f.exempt), 0),
           sign * count(*) FILTER (WHERE NOT f.exempt AND f.repeat),
           sign * count(*) FILTER (WHERE c.counted AND f.callback IN ('satisfied', 'dissatisfied')),
           sign * count(*) FILTER (WHERE c.counted AND f.callback = 'unreached'),
           sign * count(*) FILTER (WHERE c.counted AND f.callback = 'satisfied'),
           sign * count(*) FILTER (WHERE c.counted AND f.solved IS NOT NULL),
           sign * count(*) FILTER (WHERE c.counted AND f.solved)
    FROM assignment_fact f
    CROSS JOIN LATERAL (SELECT NOT f.exempt AND NOT f.returned AND NOT f.withdrawn AS counted) c
    WHERE f.order_no = ANY (orders)
    GROUP BY GROUPING SETS ((f.day, f.unit_id, f.topic_id, f.region, f.channel), (f.day, f.unit_id))
    ON CONFLICT (detail, day, unit_id, topic_id, region, channel) DO UPDATE
        SET dispatched = r.dispatched + excluded.dispatched, exempted = r.exempted + excluded.exempted,
            returned = r.returned + excluded.returned, withdrawn = r.withdrawn + excluded.withdrawn,
            counted = r.counted + excluded.counted, signed = r.signed + excluded.signed,
            responded = r.responded + excluded.responded, replied = r.replied + excluded.replied,
            closed = r.closed + excluded.closed, closed_on_time = r.closed_on_time + excluded.closed_on_time,
            redos = r.redos + excluded.redos, extensions = r.extensions + excluded.extensions,
            hastenings = r.hastenings + excluded.hastenings, supervisions = r.supervisions + excluded.supervisions,
            notices = r.notices + excluded.notices, repeats = r.repeats + excluded.repeats,
            callbacks = r.callbacks + excluded.callbacks, unreached = r.unreached + excluded.unreached,
            satisfied = r.satisfied + excluded.satisfied, solved_asked = r.solved_asked + excluded.solved_asked,
            solved = r.solved + excluded.solved;

    INSERT INTO order_rollup AS r (day, topic_id, region, channel, appeal_type, orders, rejected, dispatched, answered,
                                   closed, repeats, callbacks, unreached, satisfied, solved_asked, solved)
    SELECT f.day, f.topic_id, f.region, f.channel, f.appeal_type,
           sign * count(*),
           sign * count(*) FILTER (WHERE f.rejected),
           sign * count(*) FILTER (WHERE f.dispatched),
           sign * count(*) FILTER (WHERE f.closed AND NOT f.dispatched),
           sign * count(*) FILTER (WHERE f.closed),
           sign * count(*) FILTER (WHERE f.repeat),
           sign * count(*) FILTER (WHERE f.callback IN ('satisfied', 'dissatisfied')),
           sign * count(*) FILTER (WHERE f.callback = 'unreached'),
           sign * count(*) FILTER (WHERE f.callback = 'satisfied'),
           sign * count(*) FILTER (WHERE f.solved IS NOT NULL),
           sign * count(*) FILTER (WHERE f.solved)
    FROM order_fact f
    WHERE f.order_no = ANY (orders)
    GROUP BY f.day, f.topic_id, f.region, f.channel, f.appeal_type
    ON CONFLICT (day, topic_id, region, channel, appeal_type) DO UPDATE
        SET orders = r.orders + excluded.orders, rejected = r.rejected + excluded.rejected,
            dispatched = r.dispatched + excluded.dispatched, answered = r.answered + excluded.answered,
            closed = r.closed + excluded.closed, repeats = r.repeats + excluded.repeats,
            callbacks = r.callbacks + excluded.callbacks, unreached = r.unreached + excluded.unreached,
            satisfied = r.satisfied + excluded.satisfied, solved_asked = r.solved_asked + excluded.solved_asked,
            solved = r.solved + excluded.solved;
$$;
COMMENT ON FUNCTION @extschema@.statistics_apply(@extschema@.order_no[], integer) IS
    'internal: adds (sign 1) or takes away (sign -1) the stored facts of these orders to or from the rollups';
REVOKE ALL ON FUNCTION @extschema@.statistics_apply(@extschema@.order_no[], integer) FROM PUBLIC;

-- Folds these orders: their old facts out of the rollups, their facts
-- computed again, and in.
CREATE FUNCTION @extschema@.statistics_fold(orders @extschema@.order_no[], tz text) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, @extschema@, pg_temp AS $$
BEGIN
    PERFORM statistics_apply(orders, -1);
    DELETE FROM assignment_fact WHERE order_no = ANY (orders);
    DELETE FROM order_fact WHERE order_no = ANY (orders);
    INSERT INTO assignment_fact SELECT * FROM assignment_facts(orders, tz);
    INSERT INTO order_fact SELECT * FROM order_facts(orders, tz);
    PERFORM statistics_apply(orders, 1);
    -- and the words of their histories (hotline.search_orders)
    PERFORM order_text_fold(orders);
END $$;
COMMENT ON FUNCTION @extschema@.statistics_fold(@extschema@.order_no[], text) IS
    'internal: folds these orders into the facts and rollups again (their old facts taken out, their facts computed from the history, put in)';
REVOKE ALL ON FUNCTION @extschema@.statistics_fold(@extschema@.order_no[], text) FROM PUBLIC;

-- The job (R-14.1): folds the orders whose history grew since its last
-- start less hotline.statistics_margin (events, repeat groups joined,
-- exemptions decided), 5000 at a time; everything (or the first run, a new
-- report time zone, a new setting "assessment"): every order, the facts and
-- rollups built again.
CREATE FUNCTION @extschema@.refresh_statistics(everything boolean DEFAULT false) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    started timestamptz := clock_timestamp();
    job text := 'refresh_statistics';
    tz text := report_time_zone();
    chk statistics_check;
    since timestamptz;
    batch order_no[];
    last order_no;
    o order_no;
    n bigint := 0;
    failed integer := 0;
    errors jsonb := '[]';
    rebuilt boolean;
    picked refcursor;
BEGIN
    IF everything IS NULL THEN
        RAISE EXCEPTION 'everything must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass true to build the statistics again from every order, false (the default) to fold the orders that changed since the last run.';
    END IF;
    IF NOT job_try_lock(job) THEN
        RETURN job_skipped(job);
    END IF;
    SELECT * INTO chk FROM statistics_check;
    rebuilt := everything OR chk IS NULL OR chk.time_zone IS DISTINCT FROM tz;
    IF rebuilt THEN
        -- (DELETE, not TRUNCATE: readers keep the old figures until this commits)
        DELETE FROM assignment_fact;
        DELETE FROM order_fact;
        DELETE FROM assessment_rollup;
        DELETE FROM order_rollup;
        OPEN picked NO SCROLL FOR SELECT w.order_no FROM work_order w ORDER BY w.order_no;
    ELSE
        since := chk.started_at - job_setting_interval('hotline.statistics_margin');
        OPEN picked NO SCROLL FOR
            SELECT e.order_no FROM order_event e WHERE e.at >= since
            UNION SELECT m.order_no FROM repeat_member m WHERE m.added_at >= since
            UNION SELECT x.order_no FROM exemption x WHERE x.decided_at >= since;
    END IF;
    -- 5000 orders at a time; a batch that fails is folded an order at a
    -- time, and an order that fails is passed over and reported (its old
    -- facts stay; the next run that picks it tries again)
    LOOP
        batch := '{}';
        LOOP
            FETCH picked INTO o;
            EXIT WHEN NOT FOUND;
            batch := batch || o;
            EXIT WHEN cardinality(batch) >= 5000;
        END LOOP;
        EXIT WHEN cardinality(batch) = 0;
        BEGIN
            PERFORM statistics_fold(batch, tz);
        EXCEPTION WHEN OTHERS THEN
            FOREACH o IN ARRAY batch LOOP
                BEGIN
                    PERFORM statistics_fold(ARRAY[o], tz);
                EXCEPTION WHEN OTHERS THEN
                    failed := failed + 1;
                    errors := job_error(errors, jsonb_build_object('order_no', o::text), SQLSTATE, SQLERRM);
                END;
            END LOOP;
        END;
        n := n + cardinality(batch);
    END LOOP;
    CLOSE picked;
    DELETE FROM assessment_rollup WHERE dispatched = 0;
    DELETE FROM order_rollup WHERE orders = 0;
    INSERT INTO statistics_check AS c (one, started_at, time_zone) VALUES (true, started, tz)
    ON CONFLICT (one) DO UPDATE SET started_at = excluded.started_at, time_zone = excluded.time_zone;
    RETURN job_done(job, started,
                    jsonb_build_object('job', job, 'since', since, 'rebuilt', rebuilt, 'orders', n, 'failed', failed,
                                       'time_zone', tz),
                    failed, errors, 'hotline.refresh_statistics: %s orders could not be folded into the statistics',
                    'See each order''s error in the run''s result (hotline.job_run); their figures stay as they were until a run folds them.');
END $$;
COMMENT ON FUNCTION @extschema@.refresh_statistics(boolean) IS
    'the statistics job (R-14.1): folds the orders whose history grew since its last start (less hotline.statistics_margin) into hotline.assignment_fact, hotline.order_fact and the rollups; everything (or the first run, or another report time zone): builds them again from every order';
REVOKE ALL ON FUNCTION @extschema@.refresh_statistics(boolean) FROM PUBLIC;

CREATE INDEX ON @extschema@.repeat_member (added_at);
CREATE INDEX ON @extschema@.exemption (decided_at);

INSERT INTO @extschema@.job (name, command, default_schedule, lock_key, description, builtin) VALUES
    ('refresh_statistics', 'SELECT hotline.refresh_statistics()', '*/10 * * * *', 7,
     'folds the orders whose history grew since the last run into the facts and rollups the reports read (R-9, R-14.1)', true);

-- ---------------------------------------------------------------------------
-- The assessment of units (R-9.3) and the centre's figures, from the
-- rollups: a month of every unit reads (days x units) rows.
-- ---------------------------------------------------------------------------

-- A rate: part / whole to 4 places, NULL when whole is 0.  Its SQL-standard
-- body is bound when it is created, never under a caller's search_path, and
-- without a SET clause the planner inlines it (an assessment computes five
-- per unit and period).
CREATE FUNCTION @extschema@.rate(part bigint, whole bigint) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN whole OPERATOR(pg_catalog.>) 0
            THEN pg_catalog.round(part::numeric OPERATOR(pg_catalog./) whole::numeric, 4) END;
COMMENT ON FUNCTION @extschema@.rate(bigint, bigint) IS 'part / whole rounded to 4 places; NULL when whole is 0';

-- The figures of every unit, its sub-units' included, for the days from
-- from_day to to_day (exclusive), with the rates and the composite score.
CREATE FUNCTION @extschema@.assessment_figures(from_day date, to_day date)
RETURNS TABLE (unit_id bigint, dispatched bigint, exempted bigint, returned bigint, withdrawn bigint, counted bigint,
               signed bigint, responded bigint, replied bigint, closed bigint, closed_on_time bigint, redos bigint,
               extensions bigint, hastenings bigint, supervisions bigint, notices bigint, repeats bigint,
               callbacks bigint, unreached bigint, satisfied bigint, solved_asked bigint, solved bigint,
               response_rate numeric, closure_rate numeric, on_time_rate numeric, resolution_rate numeric,
               satisfaction_rate numeric, score numeric)
LANGUAGE sql STABLE ROWS 300 SET search_path = pg_catalog, @extschema@, pg_temp AS $$
    WITH r AS (
        SELECT t.ancestor_id,
               sum(r.dispatched) AS dispatched, sum(r.exempted) AS exempted, sum(r.returned) AS returned,
               sum(r.withdrawn) AS withdrawn, sum(r.counted) AS counted, sum(r.signed) AS signed,
               sum(r.responded) AS responded, sum(r.replied) AS replied, sum(r.closed) AS closed,
               sum(r.closed_on_time) AS closed_on_time, sum(r.redos) AS redos, sum(r.extensions) AS extensions,
               sum(r.hastenings) AS hastenings, sum(r.supervisions) AS supervisions, sum(r.notices) AS notices,
               sum(r.repeats) AS repeats, sum(r.callbacks) AS callbacks, sum(r.unreached) AS unreached,
               sum(r.satisfied) AS satisfied, sum(r.solved_asked) AS solved_asked, sum(r.solved) AS solved
        FROM assessment_rollup r
        JOIN unit_tree t ON t.unit_id = r.unit_id
        WHERE NOT r.detail AND r.day >= from_day AND r.day < to_day
        GROUP BY t.ancestor_id
    ), c AS (
        SELECT u.id,
               coalesce(r.dispatched, 0)::bigint AS dispatched, coalesce(r.exempted, 0)::bigint AS exempted,
               coalesce(r.returned, 0)::bigint AS returned, coalesce(r.withdrawn, 0)::bigint AS withdrawn,
               coalesce(r.counted, 0)::bigint AS counted, coalesce(r.signed, 0)::bigint AS signed,
               coalesce(r.responded, 0)::bigint AS responded, coalesce(r.replied, 0)::bigint AS replied,
               coalesce(r.closed, 0)::bigint AS closed, coalesce(r.closed_on_time, 0)::bigint AS closed_on_time,
               coalesce(r.redos, 0)::bigint AS redos, coalesce(r.extensions, 0)::bigint AS extensions,
               coalesce(r.hastenings, 0)::bigint AS hastenings, coalesce(r.supervisions, 0)::bigint AS supervisions,
               coalesce(r.notices, 0)::bigint AS notices, coalesce(r.repeats, 0)::bigint AS repeats,
               coalesce(r.callbacks, 0)::bigint AS callbacks, coalesce(r.unreached, 0)::bigint AS unreached,
               coalesce(r.satisfied, 0)::bigint AS satisfied, coalesce(r.solved_asked, 0)::bigint AS solved_asked,
               coalesce(r.solved, 0)::bigint AS solved
        FROM unit u LEFT JOIN r ON r.ancestor_id = u.id
    )
    , w AS (
        SELECT coalesce(sum(weight) FILTER (WHERE measure = 'response'), 0) AS response,
               coalesce(sum(weight) FILTER (WHERE measure = 'resolution'), 0) AS resolution,
               coalesce(sum(weight) FILTER (WHERE measure = 'satisfaction'), 0) AS satisfaction,
               coalesce(sum(weight) FILTER (WHERE measure = 'on_time'), 0) AS on_time,
               coalesce(sum(weight) FILTER (WHERE measure = 'closure'), 0) AS closure
        FROM assessment_weight
    )
    SELECT c.*, x.*,
           round(100 * (coalesce(x.response_rate * w.response, 0) + coalesce(x.resolution_rate * w.resolution, 0)
                        + coalesce(x.satisfaction_rate * w.satisfaction, 0) + coalesce(x.on_time_rate * w.on_time, 0)
                        + coalesce(x.closure_rate * w.closure, 0))
                 / nullif(CASE WHEN x.response_rate IS NOT NULL THEN w.response ELSE 0 END
                          + CASE WHEN x.resolution_rate IS NOT NULL THEN w.resolution ELSE 0 END
                          + CASE WHEN x.satisfaction_rate IS NOT NULL THEN w.satisfaction ELSE 0 END
                          + CASE WHEN x.on_time_rate IS NOT NULL THEN w.on_time ELSE 0 END
                          + CASE WHEN x.closure_rate IS NOT NULL THEN w.closure ELSE 0 END, 0), 2)
    FROM c
    CROSS JOIN w
    CROSS JOIN LATERAL (SELECT rate(c.responded, c.counted) AS response_rate, rate(c.closed, c.counted) AS closure_rate,
                               rate(c.closed_on_time, c.closed) AS on_time_rate,
                               rate(c.solved, c.solved_asked) AS resolution_rate,
                               rate(c.satisfied, c.callbacks) AS satisfaction_rate) x
$$;
COMMENT ON FUNCTION @extschema@.assessment_figures(date, date) IS
    'internal: every unit''s assessment counts (its sub-units'' included), rates and composite score for the days from from_day to to_day (exclusive), from hotline.assessment_rollup';
REVOKE ALL ON FUNCTION @extschema@.assessment_figures(date, date) FROM PUBLIC;

-- The assessment of every unit for the period of kind containing day
-- (R-9.3): its counts, rates and score, its rank among the units of its
-- level, and the rates and score of the period before (环比) and of the
-- same period a year earlier (同比).  Formulas: README, Reports.
CREATE FUNCTION @extschema@.unit_assessment(kind text, day date)
RETURNS TABLE (period text, period_start date, period_end date, unit_code text, unit_name text, unit_level integer,
               parent_code text, dispatched bigint, exempted bigint, returned bigint, withdrawn bigint, counted bigint,
               signed bigint, responded bigint, replied bigint, closed bigint, closed_on_time bigint, redos bigint,
               extensions bigint, hastenings bigint, supervisions bigint, notices bigint, repeats bigint,
               callbacks bigint, unreached bigint, satisfied bigint, solved_asked bigint, solved bigint,
               response_rate numeric, closure_rate numeric, on_time_rate numeric, resolution_rate numeric,
               satisfaction_rate numeric, score numeric, rank bigint,
               previous_response_rate numeric, previous_closure_rate numeric, previous_on_time_rate numeric,
               previous_resolution_rate numeric, previous_satisfaction_rate numeric, previous_score numeric,
               last_year_response_rate numeric, last_year_closure_rate numeric, last_year_on_time_rate numeric,
               last_year_resolution_rate numeric, last_year_satisfaction_rate numeric, last_year_score numeric)
LANGUAGE sql STABLE ROWS 300 SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
    WITH p AS MATERIALIZED (SELECT * FROM report_period(kind, day)),
    c AS MATERIALIZED (SELECT f.* FROM p, assessment_figures(p.period_start, p.period_end) f),
    b AS MATERIALIZED (SELECT f.* FROM p, assessment_figures(p.previous_start, p.previous_end) f),
    y AS MATERIALIZED (SELECT f.* FROM p, assessment_figures(p.last_year_start, p.last_year_end) f)
    SELECT p.label, p.period_start, p.period_end, u.code, u.name, u.level::integer, pu.code,
           c.dispatched, c.exempted, c.returned, c.withdrawn, c.counted, c.signed, c.responded, c.replied, c.closed,
           c.closed_on_time, c.redos, c.extensions, c.hastenings, c.supervisions, c.notices, c.repeats,
           c.callbacks, c.unreached, c.satisfied, c.solved_asked, c.solved,
           c.response_rate, c.closure_rate, c.on_time_rate, c.resolution_rate, c.satisfaction_rate, c.score,
           CASE WHEN c.score IS NOT NULL THEN rank() OVER (PARTITION BY u.level ORDER BY c.score DESC NULLS LAST) END,
           b.response_rate, b.closure_rate, b.on_time_rate, b.resolution_rate, b.satisfaction_rate, b.score,
           y.response_rate, y.closure_rate, y.on_time_rate, y.resolution_rate, y.satisfaction_rate, y.score
    FROM p, c
    JOIN unit u ON u.id = c.unit_id
    LEFT JOIN unit pu ON pu.id = u.parent_id
    JOIN b ON b.unit_id = c.unit_id
    JOIN y ON y.unit_id = c.unit_id
    ORDER BY u.level, c.score DESC NULLS LAST, u.code
$$;
COMMENT ON FUNCTION @extschema@.unit_assessment(text, date) IS
    'the assessment (考核) of every unit for the period of kind (day, week, month, quarter, year) containing day (R-9.3): counts, rates and composite score with its sub-units'' included, the rank among the units of its level, and the rates and score of the period before (环比) and a year earlier (同比); formulas in README, Reports';
REVOKE ALL ON FUNCTION @extschema@.unit_assessment(text, date) FROM PUBLIC;

-- Every figure of every unit beside the period before (环比) and the same
-- period a year earlier (同比), one row per unit and measure (R-9.1, R-9.2):
--   change_previous  = value / previous - 1   (NULL when previous is 0 or NULL)
--   change_last_year = value / last_year - 1
CREATE FUNCTION @extschema@.assessment_comparison(kind text, day date)
RETURNS TABLE (period text, unit_code text, unit_name text, unit_level integer, measure text, value numeric,
               previous numeric, last_year numeric, change_previous numeric, change_last_year numeric)
LANGUAGE sql STABLE ROWS 8000 SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
    WITH p AS MATERIALIZED (SELECT * FROM report_period(kind, day)),
    c AS MATERIALIZED (SELECT f.* FROM p, assessment_figures(p.period_start, p.period_end) f),
    b AS MATERIALIZED (SELECT f.* FROM p, assessment_figures(p.previous_start, p.previous_end) f),
    y AS MATERIALIZED (SELECT f.* FROM p, assessment_figures(p.last_year_start, p.last_year_end) f)
    SELECT p.label, u.code, u.name, u.level::integer, m.measure, v.value, v.previous, v.last_year,
           CASE WHEN v.previous <> 0 THEN round(v.value / v.previous - 1, 4) END,
           CASE WHEN v.last_year <> 0 THEN round(v.value / v.last_year - 1, 4) END
    FROM p, c
    JOIN unit u ON u.id = c.unit_id
    JOIN b ON b.unit_id = c.unit_id
    JOIN y ON y.unit_id = c.unit_id
    CROSS JOIN LATERAL unnest(ARRAY['dispatched', 'exempted', 'returned', 'withdrawn', 'counted', 'signed', 'responded',
                                    'replied', 'closed', 'closed_on_time', 'redos', 'extensions', 'hastenings',
                                    'supervisions', 'notices', 'repeats', 'callbacks', 'unreached', 'satisfied',
                                    'solved_asked', 'solved', 'response_rate', 'closure_rate', 'on_time_rate',
                                    'resolution_rate', 'satisfaction_rate', 'score']) WITH ORDINALITY m (measure, ord)
    CROSS JOIN LATERAL (SELECT (to_jsonb(c) ->> m.measure)::numeric AS value, (to_jsonb(b) ->> m.measure)::numeric AS previous,
                               (to_jsonb(y) ->> m.measure)::numeric AS last_year) v
    ORDER BY u.level, u.code, m.ord
$$;
COMMENT ON FUNCTION @extschema@.assessment_comparison(text, date) IS
    'every assessment figure of every unit for the period of kind containing day beside the period before (环比) and a year earlier (同比), one row per unit and measure, with the changes (value / before - 1)';
REVOKE ALL ON FUNCTION @extschema@.assessment_comparison(text, date) FROM PUBLIC;

-- The centre's figures of a period (R-9.1, R-9.2), one row per measure,
-- beside the period before and a year earlier, from hotline.order_rollup:
--   orders (登记), rejected (不受理), accepted (受理) = orders - rejected,
--   dispatched (派单), answered (直接办理: closed without a dispatch),
--   closed (办结), closure_rate = closed / accepted, repeats (重复件),
--   callbacks (回访: reached), unreached, satisfied,
--   satisfaction_rate = satisfied / callbacks, solved_asked, solved,
--   resolution_rate = solved / solved_asked
CREATE FUNCTION @extschema@.centre_figures(kind text, day date)
RETURNS TABLE (period text, measure text, value numeric, previous numeric, last_year numeric,
               change_previous numeric, change_last_year numeric)
LANGUAGE sql STABLE ROWS 15 SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
    WITH p AS (SELECT * FROM report_period(kind, day)),
    f AS (
        SELECT w.which, x.*
        FROM p
        CROSS JOIN LATERAL (VALUES ('now', p.period_start, p.period_end), ('previous', p.previous_start, p.previous_end),
                                   ('last_year', p.last_year_start, p.last_year_end)) w (which, s, e)
        CROSS JOIN LATERAL (
            SELECT coalesce(sum(r.orders), 0) AS orders, coalesce(sum(r.rejected), 0) AS rejected,
                   coalesce(sum(r.orders - r.rejected), 0) AS accepted, coalesce(sum(r.dispatched), 0) AS dispatched,
                   coalesce(sum(r.answered), 0) AS answered, coalesce(sum(r.closed), 0) AS closed,
                   rate(sum(r.closed)::bigint, sum(r.orders - r.rejected)::bigint) AS closure_rate,
                   coalesce(sum(r.repeats), 0) AS repeats, coalesce(sum(r.callbacks), 0) AS callbacks,
                   coalesce(sum(r.unreached), 0) AS unreached, coalesce(sum(r.satisfied), 0) AS satisfied,
                   rate(sum(r.satisfied)::bigint, sum(r.callbacks)::bigint) AS satisfaction_rate,
                   coalesce(sum(r.solved_asked), 0) AS solved_asked, coalesce(sum(r.solved), 0) AS solved,
                   rate(sum(r.solved)::bigint, sum(r.solved_asked)::bigint) AS resolution_rate
            FROM order_rollup r WHERE r.day >= w.s AND r.day < w.e) x
    )
    SELECT p.label, m.measure, v.value, v.previous, v.last_year,
           CASE WHEN v.previous <> 0 THEN round(v.value / v.previous - 1, 4) END,
           CASE WHEN v.last_year <> 0 THEN round(v.value / v.last_year - 1, 4) END
    FROM p
    CROSS JOIN LATERAL unnest(ARRAY['orders', 'rejected', 'accepted', 'dispatched', 'answered', 'closed', 'closure_rate',
                                    'repeats', 'callbacks', 'unreached', 'satisfied', 'satisfaction_rate',
                                    'solved_asked', 'solved', 'resolution_rate']) WITH ORDINALITY m (measure, ord)
    CROSS JOIN LATERAL (
        SELECT (SELECT (to_jsonb(f) ->> m.measure)::numeric FROM f WHERE f.which = 'now') AS value,
               (SELECT (to_jsonb(f) ->> m.measure)::numeric FROM f WHERE f.which = 'previous') AS previous,
               (SELECT (to_jsonb(f) ->> m.measure)::numeric FROM f WHERE f.which = 'last_year') AS last_year) v
    ORDER BY m.ord
$$;
COMMENT ON FUNCTION @extschema@.centre_figures(text, date) IS
    'the centre''s figures for the period of kind containing day (orders, accepted, dispatched, answered directly, closed, closure rate, repeats, callbacks, satisfaction and resolution rates), beside the period before (环比) and a year earlier (同比)';
REVOKE ALL ON FUNCTION @extschema@.centre_figures(text, date) FROM PUBLIC;

-- Hot spots of a period (热点, R-9.2): the topics, regions or repeat
-- groups whose orders rose most against the period before (环比), with both
-- counts and the rise.  Topics and regions from hotline.order_rollup
-- (orders by the day they were accepted); repeat groups by the day their
-- orders joined them.
CREATE FUNCTION @extschema@.hot_spots(dimension text, kind text, day date, top integer DEFAULT 10)
RETURNS TABLE (code text, name text, orders bigint, previous_orders bigint, rise bigint, rise_rate numeric)
LANGUAGE plpgsql STABLE ROWS 10 SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    p   record;
    tz  text := @extschema@.statistics_time_zone();
BEGIN
    IF hot_spots.dimension IS NULL OR NOT hot_spots.dimension = ANY (ARRAY['topic', 'region', 'repeat_group']) THEN
        RAISE EXCEPTION 'unknown dimension "%"', hot_spots.dimension
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Hot spots are counted by topic, by region or by repeat group.',
                  HINT = 'Pass e.g. hotline.hot_spots(''topic'', ''month'', ''2026-12-03'').';
    END IF;
    IF hot_spots.top IS NULL OR hot_spots.top NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION 'top must be between 1 and 1000, not %', hot_spots.top
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Ask for the first 10 (the default) up to 1000 hot spots.';
    END IF;
    SELECT * INTO p FROM @extschema@.report_period(hot_spots.kind, hot_spots.day);
    RETURN QUERY
    WITH counted AS (
        SELECT CASE hot_spots.dimension WHEN 'topic' THEN t.code ELSE r.region END AS code,
               CASE hot_spots.dimension WHEN 'topic' THEN t.name ELSE r.region END AS name,
               sum(r.orders) FILTER (WHERE r.day >= p.period_start)::bigint AS now_n,
               coalesce(sum(r.orders) FILTER (WHERE r.day < p.previous_end), 0)::bigint AS before_n
        FROM @extschema@.order_rollup r
        LEFT JOIN @extschema@.topic t ON t.id = r.topic_id
        WHERE hot_spots.dimension <> 'repeat_group'
          AND r.day >= p.previous_start AND r.day < p.period_end
          AND (hot_spots.dimension = 'region' OR r.topic_id IS NOT NULL)
        GROUP BY 1, 2
        UNION ALL
        SELECT g.id::text, pg_catalog.format('%s %s', CASE g.kind WHEN 'one_person' THEN '一人多次' ELSE '一事多人' END, t.name),
               count(*) FILTER (WHERE m.added_at >= (p.period_start::timestamp AT TIME ZONE tz)),
               count(*) FILTER (WHERE m.added_at < (p.previous_end::timestamp AT TIME ZONE tz))
        FROM @extschema@.repeat_member m
        JOIN @extschema@.repeat_group g ON g.id = m.group_id
        JOIN @extschema@.topic t ON t.id = g.topic_id
        WHERE hot_spots.dimension = 'repeat_group'
          AND m.added_at >= (p.previous_start::timestamp AT TIME ZONE tz)
          AND m.added_at < (p.period_end::timestamp AT TIME ZONE tz)
        GROUP BY g.id, g.kind, t.name
    )
    SELECT c.code, c.name, c.now_n, c.before_n, c.now_n - c.before_n,
           CASE WHEN c.before_n > 0 THEN pg_catalog.round((c.now_n - c.before_n)::numeric / c.before_n, 4) END
    FROM counted c
    WHERE c.now_n > 0
    ORDER BY c.now_n - c.before_n DESC, c.now_n DESC, c.code
    LIMIT hot_spots.top;
END $$;
COMMENT ON FUNCTION @extschema@.hot_spots(text, text, date, integer) IS
    'hot spots (热点, R-9.2) of the period of kind containing day: the top topics, regions or repeat groups by the rise of their orders against the period before (环比), with both counts, the rise and the rise rate (rise / before; NULL when there were none before); topics and regions from the rollups (hotline.refresh_statistics)';
REVOKE ALL ON FUNCTION @extschema@.hot_spots(text, text, date, integer) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Views for BI tools (issue 11, part 6): plain types, codes and names, no
-- person's data.
-- ---------------------------------------------------------------------------

CREATE VIEW @extschema@.assessment_daily AS
SELECT r.day, u.code AS unit_code, u.name AS unit_name, t.code AS topic_code, t.name AS topic_name, r.region, r.channel,
       r.dispatched, r.exempted, r.returned, r.withdrawn, r.counted, r.signed, r.responded, r.replied, r.closed,
       r.closed_on_time, r.redos, r.extensions, r.hastenings, r.supervisions, r.notices, r.repeats,
       r.callbacks, r.unreached, r.satisfied, r.solved_asked, r.solved
FROM @extschema@.assessment_rollup r
JOIN @extschema@.unit u ON u.id = r.unit_id
LEFT JOIN @extschema@.topic t ON t.id = r.topic_id
WHERE r.detail;
COMMENT ON VIEW @extschema@.assessment_daily IS
    'for BI tools: the assessment counts of each unit''s own assignments per day dispatched (report time zone), topic, region and channel (sum them; rates as in README, Reports)';

CREATE VIEW @extschema@.orders_daily AS
SELECT r.day, t.code AS topic_code, t.name AS topic_name, r.region, r.channel, r.appeal_type,
       r.orders, r.rejected, r.orders - r.rejected AS accepted, r.dispatched, r.answered, r.closed, r.repeats,
       r.callbacks, r.unreached, r.satisfied, r.solved_asked, r.solved
FROM @extschema@.order_rollup r
LEFT JOIN @extschema@.topic t ON t.id = r.topic_id;
COMMENT ON VIEW @extschema@.orders_daily IS
    'for BI tools: the centre''s counts of orders per day accepted (report time zone), topic, region, channel and appeal type';

CREATE VIEW @extschema@.assessment_monthly AS
SELECT m.month, a.*
FROM (SELECT DISTINCT date_trunc('month', r.day)::date AS month FROM @extschema@.assessment_rollup r WHERE NOT r.detail) m
CROSS JOIN LATERAL @extschema@.unit_assessment('month', m.month) a;
COMMENT ON VIEW @extschema@.assessment_monthly IS
    'for BI tools: hotline.unit_assessment of every month with assignments (filter on month: one month is computed per month asked for)';

-- The ranking a centre publishes (R-9.3 "published"; 004 6.1): per month
-- and level, each unit's rank, composite score and three rates; no order
-- and no person in it.
CREATE VIEW @extschema@.public_unit_ranking AS
SELECT a.month, a.period, a.unit_level, a.rank, a.unit_code, a.unit_name, a.dispatched, a.exempted,
       a.response_rate, a.resolution_rate, a.satisfaction_rate, a.closure_rate, a.on_time_rate, a.score
FROM @extschema@.assessment_monthly a
WHERE a.dispatched > 0;
COMMENT ON VIEW @extschema@.public_unit_ranking IS
    'the unit ranking a centre publishes (R-9.3): per month (filter on month) and level, rank, composite score and rates of each unit that was dispatched orders; no order or person in it';
