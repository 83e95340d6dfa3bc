INSERT INTO @extschema@.job (name, command, default_schedule, lock_key, description, builtin) VALUES
    ('sweep', 'SELECT hotline.sweep()', '* * * * *', 1,
     'reminders (提醒) before deadlines, hastenings (催办) after them and public notices (通报) (R-5, R-12.5)', true),
    ('recompute_deadlines', 'SELECT hotline.recompute_deadlines()', '*/5 * * * *', 2,
     'recomputes the deadlines of open assignments after a calendar change (R-12.3)', true),
    ('sample_callbacks', 'SELECT hotline.sample_callbacks()', '*/10 * * * *', 3,
     'callback sampling (回访抽样): all or a share of the orders each workflow''s setting callback_sampling names get a callback task, the others are closed (R-7.1)', true),
    -- pg_cron before 1.5 schedules in GMT: 18:30 GMT is 02:30 in Beijing
    ('archive', 'SELECT hotline.archive_closed()', '30 18 * * *', 4,
     'archives (归档) orders closed longer than hotline.archive_after (R-8.1), at 02:30 Beijing time', true);

-- ---------------------------------------------------------------------------
-- What the jobs read from a workflow (its settings, hotline.workflow_setting)
-- ---------------------------------------------------------------------------

-- A workflow's job setting, checked: callback_sampling
--   {"state": "...", "close_action": "...", "message": "...", "recipient_user": "...", "share": 0.3}
-- (orders in state are sampled; the others are closed by close_action; the
-- sampled ones' task is the workflow's message, to recipient_user; share
-- optional) or archiving
--   {"states": ["...", ...], "action": "...", "after": "7 days"}
-- (orders in states closed longer than after, optional, are archived by
-- action).  NULL when the workflow does not declare it.
CREATE FUNCTION @extschema@.job_workflow_setting(workflow text, setting text) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v jsonb := @extschema@.workflow_setting_value($1, $2);
    bad text;
BEGIN
    IF v IS NULL THEN
        RETURN NULL;
    END IF;
    BEGIN
        IF jsonb_typeof(v) <> 'object' THEN
            bad := 'it must be a JSON object';
        ELSIF $2 = 'callback_sampling' THEN
            IF coalesce(v ->> 'state', '') = '' OR coalesce(v ->> 'close_action', '') = ''
               OR coalesce(v ->> 'message', '') = '' OR coalesce(v ->> 'recipient_user', '') = '' THEN
                bad := 'it needs state, close_action, message and recipient_user (texts)';
            ELSIF v ? 'share' AND NOT coalesce((v ->> 'share')::double precision BETWEEN 0 AND 1, false) THEN
                bad := 'share must be a number from 0 to 1';
            END IF;
        ELSIF $2 = 'archiving' THEN
            IF jsonb_typeof(v -> 'states') IS DISTINCT FROM 'array' OR jsonb_array_length(v -> 'states') = 0
               OR coalesce(v ->> 'action', '') = '' THEN
                bad := 'it needs states (an array of order states) and action (a text)';
            ELSIF v ? 'after' AND NOT coalesce((v ->> 'after')::interval >= interval '0', false) THEN
                bad := 'after must be an interval of at least 0, e.g. "7 days"';
            END IF;
        END IF;
    EXCEPTION WHEN invalid_text_representation OR invalid_datetime_format OR datetime_field_overflow THEN
        bad := format('a value has the wrong type (%s)', SQLERRM);
    END;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'invalid setting % of workflow "%": %', $2, $1, bad
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The setting is %s.', v),
                  HINT = CASE $2 WHEN 'callback_sampling'
                             THEN 'Write e.g. {"state": "visited", "close_action": "finish", "message": "quality_check", "recipient_user": "quality_team"}: the state, the action and the message of the workflow.'
                             ELSE 'Write e.g. {"states": ["done"], "action": "file"}: the states and the action of the workflow.' END;
    END IF;
    RETURN v;
END $$;
COMMENT ON FUNCTION @extschema@.job_workflow_setting(text, text) IS
    'internal: a workflow''s setting callback_sampling or archiving, checked (22023 naming what is wrong); NULL when the workflow does not declare it';
REVOKE ALL ON FUNCTION @extschema@.job_workflow_setting(text, text) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Callback sampling (回访抽样, R-7.1)
-- ---------------------------------------------------------------------------

-- Where an order falls in [0, 1): the first 32 bits of the MD5 of its
-- number.  md5 never changes across versions and platforms, so an order is
-- sampled or not whatever the server, and a rerun decides the same.
CREATE FUNCTION @extschema@.callback_sample_point(order_no @extschema@.order_no) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT ('x' || pg_catalog.substr(pg_catalog.md5($1::text), 1, 8))::bit(32)::bigint / 4294967296.0::double precision
$$;
COMMENT ON FUNCTION @extschema@.callback_sample_point(@extschema@.order_no) IS
    'where an order falls in [0, 1) for callback sampling (R-7.1): sampled when below the share';

-- The actions the jobs may take (role system), by workflow and the state
-- they are taken from: the one rule of which orders a job may move
-- (R-7.1, R-8.1); a view, so that the planner joins it into each job's
-- query.
CREATE VIEW @extschema@.job_action AS
SELECT a.workflow, a.action, f.state
FROM @extschema@.workflow_action a
CROSS JOIN LATERAL pg_catalog.unnest(a.from_states) f(state)
WHERE 'system' = ANY (a.roles);
COMMENT ON VIEW @extschema@.job_action IS
    'internal: the actions the jobs (role system) may take, by workflow and the state they are taken from';
REVOKE ALL ON @extschema@.job_action FROM PUBLIC;

CREATE FUNCTION @extschema@.sample_callbacks(share double precision DEFAULT NULL, batch integer DEFAULT 1000)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_column
DECLARE
    started timestamptz := pg_catalog.clock_timestamp();
    the_share double precision := sample_callbacks.share;
    o record;
    n_examined integer := 0;
    n_sampled integer := 0;
    n_closed integer := 0;
    n_failed integer := 0;
    errors jsonb := '[]';
    result jsonb;
BEGIN
    IF the_share IS NULL THEN
        the_share := @extschema@.setting('hotline.callback_share')::double precision;
    END IF;
    IF NOT (the_share >= 0 AND the_share <= 1) THEN     -- NaN too
        RAISE EXCEPTION 'the callback share must be between 0 and 1, not %', the_share
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = '1 calls back every handled order, 0 none (R-7.1).',
                  HINT = 'Pass share => 0.3 to call back 30% of the orders, or NULL for hotline.callback_share.';
    END IF;
    PERFORM @extschema@.job_check_batch(sample_callbacks.batch);

    IF NOT @extschema@.job_try_lock('sample_callbacks') THEN
        RETURN @extschema@.job_skipped('sample_callbacks');
    END IF;

    -- Orders waiting in the state a workflow's setting callback_sampling
    -- names, not decided yet, of every workflow that declares it and whose
    -- system role may close them from there (R-7.1).  An order someone is
    -- acting on right now is skipped and taken by the next run.
    FOR o IN
        SELECT w.order_no, w.callback_due, w.workflow, s.cfg
        FROM (SELECT f.name, @extschema@.job_workflow_setting(f.name, 'callback_sampling') AS cfg
              FROM @extschema@.workflow f) s
        JOIN @extschema@.work_order w ON w.workflow = s.name
        WHERE s.cfg IS NOT NULL
          AND w.state = s.cfg ->> 'state' AND w.callback_sampled IS NULL AND w.closed_at IS NULL
          AND EXISTS (SELECT FROM @extschema@.job_action j
                      WHERE j.workflow = w.workflow AND j.action = s.cfg ->> 'close_action' AND j.state = w.state)
        ORDER BY w.order_no
        LIMIT sample_callbacks.batch
        FOR NO KEY UPDATE OF w SKIP LOCKED
    LOOP
        n_examined := n_examined + 1;
        BEGIN
            IF @extschema@.callback_sample_point(o.order_no)
               < coalesce(sample_callbacks.share, (o.cfg ->> 'share')::double precision, the_share) THEN
                -- sampled: it stays in the callback queue with its
                -- callback_due; the callback agents get a task, in the
                -- workflow's words, the time on the workflow's calendar
                UPDATE @extschema@.work_order SET callback_sampled = true WHERE order_no = o.order_no;
                PERFORM @extschema@.outbox_add(ARRAY[ROW(o.order_no, NULL, NULL, o.cfg ->> 'recipient_user', 'system',
                    o.cfg ->> 'message',
                    pg_catalog.jsonb_build_object('order_no', o.order_no::text, 'callback_due', o.callback_due,
                        'text', @extschema@.render_message(o.workflow, o.cfg ->> 'message', NULL,
                                    pg_catalog.jsonb_build_object('order_no', o.order_no::text, 'due_at', o.callback_due))),
                    (o.cfg ->> 'message') || ':' || o.order_no::text, NULL)::@extschema@.outbox_message]);
                n_sampled := n_sampled + 1;
            ELSE
                UPDATE @extschema@.work_order SET callback_sampled = false WHERE order_no = o.order_no;
                PERFORM @extschema@.apply_action(o.order_no, o.cfg ->> 'close_action', 'system', 'system',
                    pg_catalog.jsonb_build_object('reason',
                        @extschema@.render_message(o.workflow, (o.cfg ->> 'message') || '.not_sampled', NULL, '{}')));
                n_closed := n_closed + 1;
            END IF;
        EXCEPTION WHEN OTHERS THEN
            -- one order that cannot be handled does not stop the others; it
            -- stays undecided, so the next run tries it again
            n_failed := n_failed + 1;
            errors := @extschema@.job_error(errors, pg_catalog.jsonb_build_object('order_no', o.order_no::text),
                                            SQLSTATE, SQLERRM);
        END;
    END LOOP;

    result := pg_catalog.jsonb_build_object(
        'job', 'sample_callbacks', 'share', the_share, 'examined', n_examined,
        'sampled', n_sampled, 'closed', n_closed, 'failed', n_failed,
        'more', n_examined = sample_callbacks.batch);
    RETURN @extschema@.job_done('sample_callbacks', started, result, n_failed, errors,
        'hotline.sample_callbacks: %s orders could not be handled',
        'They stay undecided and are tried again by the next run; hotline.job_run keeps the errors.');
END $$;
COMMENT ON FUNCTION @extschema@.sample_callbacks(double precision, integer) IS
    'job sample_callbacks (R-7.1): decides for up to batch orders in the state each workflow''s setting callback_sampling names whether they are called back (share, default the workflow''s own, else hotline.callback_share; by a hash of the order number): sampled orders keep their callback_due and the setting''s recipients get its message, the others are closed by its close_action; returns the counts';
-- It closes orders: the DBA grants it to the role that runs the jobs.
REVOKE ALL ON FUNCTION @extschema@.sample_callbacks(double precision, integer) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Archiving (归档, R-8.1)
-- ---------------------------------------------------------------------------

-- Closed orders by state and the time they were closed: the archive job
-- reads only what is due in the states a workflow archives.
CREATE INDEX work_order_closed_idx ON @extschema@.work_order (state, closed_at)
    WHERE closed_at IS NOT NULL;

CREATE FUNCTION @extschema@.archive_closed(after interval DEFAULT NULL, batch integer DEFAULT 1000)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, @extschema@, pg_temp
SET IntervalStyle = postgres    -- "7 days" in the result and the messages, whatever the session's style
AS $$
#variable_conflict use_column
DECLARE
    started timestamptz := pg_catalog.clock_timestamp();
    the_after interval := archive_closed.after;
    o record;
    n_examined integer := 0;
    n_archived integer := 0;
    n_failed integer := 0;
    errors jsonb := '[]';
    result jsonb;
BEGIN
    IF the_after IS NULL THEN
        the_after := @extschema@.job_setting_interval('hotline.archive_after');
    ELSIF the_after < interval '0' THEN
        RAISE EXCEPTION 'the archive delay must not be negative: %', the_after
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Orders are archived when they have been closed longer than this (R-8.1).',
                  HINT = 'Pass after => ''7 days'', or NULL for hotline.archive_after.';
    END IF;
    PERFORM @extschema@.job_check_batch(archive_closed.batch);

    IF NOT @extschema@.job_try_lock('archive') THEN
        RETURN @extschema@.job_skipped('archive');
    END IF;

    -- orders in the states a workflow's setting archiving names, closed
    -- long enough ago (its own "after", else the delay given), of every
    -- workflow that declares it and whose system role may archive them
    FOR o IN
        SELECT w.order_no, s.cfg ->> 'action' AS action
        FROM (SELECT f.name, @extschema@.job_workflow_setting(f.name, 'archiving') AS cfg
              FROM @extschema@.workflow f) s
        JOIN @extschema@.work_order w ON w.workflow = s.name
        WHERE s.cfg IS NOT NULL
          AND w.state IN (SELECT pg_catalog.jsonb_array_elements_text(s.cfg -> 'states'))
          AND w.closed_at < pg_catalog.now() - coalesce(archive_closed.after, (s.cfg ->> 'after')::interval, the_after)
          AND EXISTS (SELECT FROM @extschema@.job_action j
                      WHERE j.workflow = w.workflow AND j.action = s.cfg ->> 'action' AND j.state = w.state)
        ORDER BY w.closed_at, w.order_no
        LIMIT archive_closed.batch
        FOR NO KEY UPDATE OF w SKIP LOCKED
    LOOP
        n_examined := n_examined + 1;
        BEGIN
            PERFORM @extschema@.apply_action(o.order_no, o.action, 'system', 'system');
            n_archived := n_archived + 1;
        EXCEPTION WHEN OTHERS THEN
            n_failed := n_failed + 1;
            errors := @extschema@.job_error(errors, pg_catalog.jsonb_build_object('order_no', o.order_no::text),
                                            SQLSTATE, SQLERRM);
        END;
    END LOOP;

    result := pg_catalog.jsonb_build_object(
        'job', 'archive', 'after', the_after::text, 'examined', n_examined,
        'archived', n_archived, 'failed', n_failed, 'more', n_examined = archive_closed.batch);
    RETURN @extschema@.job_done('archive', started, result, n_failed, errors,
        'hotline.archive_closed: %s orders could not be archived',
        'They stay closed and are tried again by the next run; hotline.job_run keeps the errors.');
END $$;
COMMENT ON FUNCTION @extschema@.archive_closed(interval, integer) IS
    'job archive (R-8.1): archives up to batch orders in the states each workflow''s setting archiving names, closed longer than after (default: the workflow''s own, else hotline.archive_after), through the action it names; returns the counts';
REVOKE ALL ON FUNCTION @extschema@.archive_closed(interval, integer) FROM PUBLIC;

