-- The 12345 appeal workflow (12345 政务服务便民热线诉求办理流程): the first
-- workflow plugin (R-14.2).  Everything the process knows is data given to
-- hotline.register_workflow(): its states, its actions (who may do them, from
-- which states, to which state, with which parameters and generic engine
-- effects), its time limits and two hook functions.  The engine (engine.c)
-- has no 12345-specific code; the named functions at the end of this file
-- (hotline.accept, hotline.dispatch, hotline.reply ...) are thin SQL
-- wrappers over hotline.open_order() and hotline.apply_action() so that any
-- SQL client can run the process without writing JSON.
--
-- This file is appended to the extension's install script (after the
-- platform's and the domain's pieces), so it runs inside CREATE EXTENSION: the workflow and
-- its limits are built-in rows (read-only; override a limit with a row of
-- your own in hotline.workflow_limit).
--
-- Order states: accepted (已受理), not_accepted (不受理, terminal), answered
-- (直接办理, closed on answering), dispatched (已派单), returned (退单, back
-- with the hotline), replied (every unit replied, to be reviewed), redo
-- (重办), reviewed (审核通过, to be called back), callback_done (已回访),
-- closed (办结), archived, terminated and merged (terminal).
--
--   new        -accept->  accepted   -dispatch->  dispatched  -(all units reply)->  replied
--   new        -reject->  not_accepted             dispatched  -(a unit returns)->   returned -dispatch|resume-> dispatched
--   new        -answer->  answered   -archive->   archived
--   replied    -approve_reply-> reviewed -callback-> callback_done -close-> closed -archive-> archived
--   reviewed   -callback_unreachable-> reviewed   (a try that did not reach the citizen, R-7.2)
--   replied    -send_back-> redo      reviewed -callback_redo-> redo  -(all units reply again)-> replied
--   reviewed   -close-> closed        (an order not sampled for callback, R-7.1)
--   any open state -terminate-> terminated;  accepted..redo -merge-> merged
--
-- Assignment states (one assignment per handling unit, 承办单位): dispatched
-- (待签收), signed (已签收), returned (退单, closed), extension_requested,
-- passed_down (下派), replied, redo, closed (withdrawn by the hotline).
--
--   dispatched -sign_for-> signed -reply-> replied -(send back, callback redo)-> redo -reply-> replied
--   dispatched|signed -return_order-> returned (the order goes to "returned")
--   signed -request_extension-> extension_requested -approve_extension|refuse_extension-> signed
--   signed -pass_down-> passed_down (child assignments "dispatched") -reply-> replied
--   dispatched|signed|... -withdraw-> closed (assisting units only)
--
-- A unit's return (退单) sends the whole order back to the hotline
-- ("returned") even when other units are still at work on it: the hotline
-- dispatches it to another unit, or resumes it (继续办理, resume) when the
-- lead unit is still on it.  Returned assignments are left out when the
-- engine checks whether every unit has replied.
--
-- Hooks: appeal_12345_check runs before dispatch, reply, return_order,
-- request_extension, approve_extension, resume, withdraw, merge, callback,
-- callback_unreachable and callback_redo (the rules that are not generic
-- effects); appeal_12345_release runs after close,
-- terminate and merge and closes the order's open assignments (closed_at),
-- so that they leave the units' queues, and its open supervisions.
--
-- Requirements: R-2.2 (not accepted, emergency referral), R-3 (direct
-- answer, closed on answering), R-4.1 (dispatch within 2 working days),
-- R-4.2 (opinion, units, deadline), R-4.3 (limits per dispatch mode), R-4.4
-- (lead and assisting units), R-4.5 (pass down to sub-units, the parent
-- reviews their replies first), R-4.6 (never to the accused unit: the
-- engine's "assign" effect), R-4.7 (sign for or return), R-4.8 (extension),
-- R-6.1-R-6.3 (reply, review, send back), R-7 (callback, redo when
-- dissatisfied with both), R-8.1 (close, archive), R-1.6 (every action is an
-- event of the history).
--
-- Roles (the actor_role of an action): agent (话务员, intake and callback),
-- dispatcher (派单员), unit (承办单位), reviewer (审核员, reviews replies,
-- calls back, closes), supervisor (值班长/督办, may do what the hotline's
-- roles do, and alone terminates), system (scheduled jobs, R-14.1: close
-- and archive).
--
-- Time limits (R-4.3, "limits are configuration, not code"): the engine
-- picks the most specific row for the dispatch mode of the dispatch and the
-- order's urgency and appeal type; NULL is a wildcard.
--   dispatch   2 working days from acceptance (R-4.1), and again from a return
--              (the hotline re-dispatches or resumes, R-4.7); cleared by
--              dispatch and resume
--   sign       1 working day; urgent dispatch 1 working hour
--   reply      written (书面) 7 working days, phone (电话) 3 working days,
--              urgent (紧急) 4 working hours (R-4.3: "urgent at once, in hours");
--              an order of urgency urgent dispatched in writing or by phone
--              still gets only 1 working day: urgency shortens the limit, it
--              never lengthens it
--   sub_reply  5 working days for a sub-unit an order was passed down to
--              (R-4.5), leaving the parent time to review before its own
--              deadline
--   redo       5 working days after a send-back or an unsatisfied callback
--   callback   2 working days after the reply was accepted (R-7); cleared by
--              the callback
--   callback_retry  1 working day: a callback try that did not reach the
--              citizen moves callback_due to the end of the next working day
--              (R-7.2); the number of tries is the setting callback_tries (3)
--
-- Very urgent orders (特急), and every order accepted with an emergency kind
-- (hotline.check_intake makes it very urgent, R-2.3), count in clock time,
-- around the clock, on any day: the hotline works 7 days a week, 24 hours a
-- day (GB/T 33358 5.1.2.1 "每周7天，每天24h"), emergencies are reported at
-- once (5.2.2.3 "及时上报应急处置部门"; Kunming's rules, 003 第二十条 "应及时
-- 报告"), urgent matters are passed to the unit by phone at once (003 篇9
-- "紧急转办处理的问题，座席立即通过电话联系有关部门") and the unit reports
-- as it goes (003 第十三条 "情况紧急的，要随时汇报情况").  The seeds give no
-- figure in minutes or hours; these are the project's choice:
--   dispatch   30 minutes from acceptance (or from a return)
--   sign       1 hour, whatever the dispatch mode
--   reply      4 hours, whatever the dispatch mode (R-4.3's urgent 4 hours,
--              in clock time)
--   sub_reply  2 hours, inside the parent's 4
--   redo       4 hours
-- so a burst water main reported at 22:00 on a Friday is due for dispatch
-- at 22:30 and for its reply 4 hours after the dispatch, not on Monday.
-- A city changes them with rows of its own in hotline.workflow_limit.
--
-- The order's reply_due is the latest reply deadline of its open
-- assignments (NULL when none is open).  A dispatch while the lead unit is
-- still at work (an assisting unit returned) names that lead again and adds
-- assisting units: an order has one lead (R-4.4).

-- Hooks (R-14.2: "optional hook functions called before/after an action").
-- The engine calls them with (order number, assignment id or NULL, action,
-- parameters); a before-hook that raises an error aborts the action, which
-- then changes nothing.  They hold the rules of this process that are not
-- generic engine effects.

-- Callback tries (回访, R-7.2, R-7.4).  A callback that cannot reach the
-- citizen is tried again: each failed try is an event callback_unreachable
-- that moves callback_due to the next try's day (limit callback_retry, 1
-- working day), and the last of callback_tries tries (setting, 3) is the
-- callback itself, recorded as unreachable.  Tries count once per working
-- day of the workflow's calendar: a try on a rest day counts for the next
-- working day, and a second try on the same working day is refused.

-- the working day an instant counts for on a calendar: its local date, or
-- the next working day when that date is a rest day (within 60 days: no
-- holiday of the State Council's notices is that long)
CREATE FUNCTION @extschema@.appeal_12345_try_day(calendar text, at timestamptz) RETURNS date
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    local_day   date;
    k           integer;
BEGIN
    SELECT (pg_catalog.timezone(c.time_zone, appeal_12345_try_day.at))::date INTO local_day
    FROM @extschema@.calendar c WHERE c.name = appeal_12345_try_day.calendar;
    FOR k IN 0 .. 60 LOOP
        IF @extschema@.is_working_day(appeal_12345_try_day.calendar, local_day + k) THEN
            RETURN local_day + k;
        END IF;
    END LOOP;
    RETURN local_day;
END $$;
COMMENT ON FUNCTION @extschema@.appeal_12345_try_day(text, timestamptz) IS
    'internal: the working day an instant counts for on a calendar (its local date, or the next working day after a rest day); callback tries count once per working day';

-- where the callback of an order stands: unreachable tries since its reply
-- was last accepted (a redo starts the count again), the tries allowed
-- (setting callback_tries), the working day of the last try and the first
-- working day after it.  SECURITY DEFINER: the history is not open to the
-- callers of hotline.callback.
CREATE FUNCTION @extschema@.appeal_12345_callback_tries(
    order_no @extschema@.order_no,
    OUT done integer, OUT allowed integer, OUT last_day date, OUT next_day date, OUT calendar text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    wf          text;
    setting     jsonb;
    last_try    timestamptz;
BEGIN
    SELECT o.workflow, w.calendar INTO wf, calendar
    FROM @extschema@.work_order o JOIN @extschema@.workflow w ON w.name = o.workflow
    WHERE o.order_no OPERATOR(pg_catalog.=) appeal_12345_callback_tries.order_no;
    setting := @extschema@.workflow_setting_value(wf, 'callback_tries');
    allowed := CASE WHEN setting IS NULL THEN 3
                    WHEN jsonb_typeof(setting) = 'number' AND setting::text ~ '^[0-9]{1,2}$'
                         AND setting::text::integer BETWEEN 1 AND 10 THEN setting::text::integer END;
    IF allowed IS NULL THEN
        RAISE EXCEPTION 'setting callback_tries of workflow "%" is %, not a number of tries', wf, setting
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'callback_tries is how many times a callback tries to reach the citizen, on different working days, before it is recorded as unreachable (R-7.2).',
                  HINT = 'Give it a whole number from 1 to 10 in your row of hotline.workflow_setting, e.g. 3.';
    END IF;
    SELECT count(*)::integer, max(e.at) INTO done, last_try
    FROM @extschema@.order_event e
    WHERE e.order_no OPERATOR(pg_catalog.=) appeal_12345_callback_tries.order_no
      AND e.action = 'callback_unreachable'
      AND e.id > coalesce((SELECT max(r.id) FROM @extschema@.order_event r
                           WHERE r.order_no OPERATOR(pg_catalog.=) appeal_12345_callback_tries.order_no
                             AND r.action = 'approve_reply'), 0);
    IF last_try IS NOT NULL THEN
        last_day := @extschema@.appeal_12345_try_day(calendar, last_try);
        next_day := @extschema@.appeal_12345_try_day(calendar,
                        pg_catalog.timezone((SELECT c.time_zone FROM @extschema@.calendar c WHERE c.name = calendar),
                                            (last_day + 1)::timestamp));
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.appeal_12345_callback_tries(@extschema@.order_no) IS
    'internal: the unreachable callback tries of an order since its reply was accepted, the tries allowed (setting callback_tries), the working day of the last try and the next working day (R-7.2)';

CREATE FUNCTION @extschema@.appeal_12345_check(
    order_no @extschema@.order_no, assignment_id bigint, action text, params jsonb)
RETURNS void
-- (generic plans: the plan cache planned its statements again at every
-- call, their custom plans looking cheaper than the generic one, issue 9)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
DECLARE
    a           record;
    t           record;
    pending     text;
    labels      text[];
    k           text;
    v           text;
    ts          timestamptz;
    unreachable boolean;
    bad         boolean := false;
BEGIN
    -- the assignment by its key (the order and the id: the primary key),
    -- only for the actions on one that look at it (each statement here is
    -- a share of the action's time: issue 9)
    IF appeal_12345_check.action NOT IN ('return_order', 'request_extension', 'approve_extension', 'withdraw') THEN
        NULL;
    ELSIF appeal_12345_check.assignment_id IS NOT NULL THEN
        SELECT x.id, x.parent_id, x.role, x.reply_due, u.code AS unit_code INTO a
        FROM @extschema@.assignment x JOIN @extschema@.unit u ON u.id = x.unit_id
        WHERE x.order_no OPERATOR(pg_catalog.=) appeal_12345_check.order_no
          AND x.id = appeal_12345_check.assignment_id;
    ELSE
        SELECT NULL::bigint AS id, NULL::bigint AS parent_id, NULL::text AS role,
               NULL::timestamptz AS reply_due, NULL::text AS unit_code INTO a;
    END IF;

    -- (the branches of the actions of every order first: each WHEN before
    -- the one taken is an expression PL/pgSQL prepares)
    CASE appeal_12345_check.action
    WHEN 'dispatch' THEN
        -- R-4.3: a dispatch mode is one the workflow has time limits for
        -- (the modes from the engine's cache of the limits: no query)
        v := params ->> 'dispatch_mode';
        labels := @extschema@.workflow_limit_values('appeal_12345', 'dispatch_mode');
        IF v IS NULL OR NOT (v = ANY (labels)) THEN
            RAISE EXCEPTION 'unknown dispatch_mode "%"', v
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('The dispatch modes of workflow "appeal_12345" are: %s (R-4.3).',
                                      array_to_string(labels, ', ')),
                      HINT = 'Pass dispatch_mode => ''written'' (书面, reply in 7 working days), ''phone'' (电话, 3) or ''urgent'' (紧急, in hours); a mode of your own needs its rows in hotline.workflow_limit.';
        END IF;
        -- R-4.4: units are named by their codes
        -- (the elements looked at by a query only when there are any: a
        -- dispatch to one unit runs no statement here)
        IF jsonb_typeof(params -> 'lead_unit') <> 'string' OR jsonb_typeof(coalesce(params -> 'assist_units', '[]')) <> 'array' THEN
            bad := true;
        ELSIF jsonb_array_length(coalesce(params -> 'assist_units', '[]')) > 0 THEN
            bad := EXISTS (SELECT 1 FROM jsonb_array_elements(params -> 'assist_units') x
                           WHERE jsonb_typeof(x) <> 'string' OR btrim(x #>> '{}') = '');
        END IF;
        IF bad THEN
            RAISE EXCEPTION 'invalid units of a dispatch: lead_unit %, assist_units %', params -> 'lead_unit',
                    coalesce(params -> 'assist_units', '[]')
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'A dispatch names its lead unit and assisting units by their codes in hotline.unit (R-4.4).',
                      HINT = 'Pass e.g. lead_unit => ''bj-dc'', assist_units => ''{bj-zjw}'' (no empty codes).';
        END IF;
    WHEN 'reply' THEN
        -- 先行联系 (issue 11): when the unit first contacted the citizen, a
        -- time between the dispatch and now, and only of a unit that says
        -- it contacted them
        IF params ? 'contacted_at' THEN
            ts := (params ->> 'contacted_at')::timestamptz;
            SELECT x.dispatched_at INTO t FROM @extschema@.assignment x
            WHERE x.order_no OPERATOR(pg_catalog.=) appeal_12345_check.order_no
              AND x.id = appeal_12345_check.assignment_id;
            IF ts IS NULL OR NOT isfinite(ts) OR ts > pg_catalog.now() OR ts < t.dispatched_at
               OR NOT coalesce((params ->> 'contacted')::boolean, false) THEN
                RAISE EXCEPTION 'invalid contacted_at "%"', params ->> 'contacted_at'
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = CASE WHEN ts IS NULL OR NOT isfinite(ts) THEN 'A first contact is a finite time.'
                                        WHEN ts > pg_catalog.now() THEN 'It is later than now: the first contact is one that happened.'
                                        WHEN ts < t.dispatched_at THEN pg_catalog.format('It is before the unit got the order (%s).', t.dispatched_at)
                                        ELSE 'The reply says the citizen was not contacted (contacted => false).' END,
                          HINT = 'Pass contacted => true and contacted_at => the time of the first call or visit since the dispatch, e.g. now() - interval ''2 hours''.';
            END IF;
        END IF;
        -- R-6.1, R-10.2: the articles a reply rests on, at most 20, each
        -- cited as id:version of an article in force (hotline.kb_cite
        -- raises for one that is not; hotline.reply writes them so)
        IF params ? 'knowledge_articles' THEN
            IF jsonb_typeof(params -> 'knowledge_articles') <> 'array' THEN
                bad := true;
            ELSIF jsonb_array_length(params -> 'knowledge_articles') NOT BETWEEN 1 AND 20 THEN
                bad := true;
            ELSE
                bad := EXISTS (SELECT 1 FROM jsonb_array_elements(params -> 'knowledge_articles') x
                               WHERE jsonb_typeof(x) <> 'string'
                                  OR @extschema@.kb_cite(x #>> '{}') IS DISTINCT FROM x #>> '{}');
            END IF;
            IF bad THEN
                RAISE EXCEPTION 'invalid knowledge_articles %', left((params -> 'knowledge_articles')::text, 200)
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = 'A reply cites from 1 to 20 knowledge articles in force, each as id:version (its current version).',
                          HINT = 'Pass knowledge_articles => ''{12,40:2}'' to hotline.reply, which checks and writes each as id:version; see hotline.kb_in_force.';
            END IF;
        END IF;
        -- R-4.5: a unit that passed the order down reviews its sub-units'
        -- replies before it replies up
        -- (whether any is still at work first: the names only for the error)
        IF EXISTS (SELECT 1 FROM @extschema@.assignment c
                   WHERE c.order_no OPERATOR(pg_catalog.=) appeal_12345_check.order_no
                     AND c.parent_id = appeal_12345_check.assignment_id AND c.state NOT IN ('replied', 'closed')) THEN
            SELECT string_agg(format('%s (%s)', u.name, c.state), ', ' ORDER BY c.id) INTO pending
            FROM @extschema@.assignment c JOIN @extschema@.unit u ON u.id = c.unit_id
            WHERE c.order_no OPERATOR(pg_catalog.=) appeal_12345_check.order_no
              AND c.parent_id = appeal_12345_check.assignment_id AND c.state NOT IN ('replied', 'closed');
            SELECT u.code INTO v FROM @extschema@.assignment x JOIN @extschema@.unit u ON u.id = x.unit_id
            WHERE x.order_no OPERATOR(pg_catalog.=) appeal_12345_check.order_no
              AND x.id = appeal_12345_check.assignment_id;
            RAISE EXCEPTION 'unit "%" cannot reply before its sub-units have replied', v
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = format('Still handling: %s.', pending),
                      HINT = 'Wait for the sub-units'' replies and review them, then reply (R-4.5).';
        END IF;
    WHEN 'callback', 'callback_redo', 'callback_unreachable' THEN
        -- R-7.2: satisfaction values are the enum's, and unreachable is all
        -- or nothing
        labels := pg_catalog.enum_range(NULL::@extschema@.satisfaction)::text[];
        -- 解决/未解决 (issue 11): a yes or a no, from a citizen who was reached
        IF params ? 'solved' AND (pg_catalog.jsonb_typeof(params -> 'solved') <> 'boolean'
                                  OR params ->> 'process_satisfaction' = 'unreachable') THEN
            RAISE EXCEPTION 'invalid solved %', params -> 'solved'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = CASE WHEN pg_catalog.jsonb_typeof(params -> 'solved') <> 'boolean'
                                    THEN 'solved is whether the citizen says the matter was solved: true or false.'
                                    ELSE 'A citizen who could not be reached said nothing of it (R-7.2).' END,
                      HINT = 'Pass solved => true or false with the two satisfactions the citizen gave, and no solved with unreachable.';
        END IF;
        -- the usual callback (two satisfactions the citizen gave) passes by
        -- one test: PL/pgSQL prepares each expression again in every
        -- transaction (issue 9); the rules one by one below, for the error
        IF appeal_12345_check.action = 'callback'
           AND ARRAY[params ->> 'process_satisfaction', params ->> 'result_satisfaction'] <@ labels
           AND 'unreachable' <> ALL (ARRAY[params ->> 'process_satisfaction', params ->> 'result_satisfaction']) THEN
            RETURN;
        END IF;
        FOREACH k IN ARRAY ARRAY['process_satisfaction', 'result_satisfaction'] LOOP
            IF NOT (params ->> k = ANY (labels)) THEN
                RAISE EXCEPTION 'unknown % "%"', k, params ->> k
                    USING ERRCODE = 'invalid_text_representation',
                          DETAIL = format('%s is one of: %s (R-7.2).', k, array_to_string(labels, ', ')),
                          HINT = format('Pass e.g. %s => ''satisfied'', or ''unreachable'' for both when the citizen could not be reached.', k);
            END IF;
        END LOOP;
        unreachable := params ->> 'process_satisfaction' = 'unreachable';
        IF unreachable <> (params ->> 'result_satisfaction' = 'unreachable') THEN
            RAISE EXCEPTION 'process_satisfaction "%" contradicts result_satisfaction "%"',
                    params ->> 'process_satisfaction', params ->> 'result_satisfaction'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'Unreachable is all or nothing: a citizen who could not be reached gave no satisfaction with the process or the result (R-7.2).',
                      HINT = 'Pass unreachable for both (the try is recorded and made again on another working day), or the two satisfactions the citizen gave.';
        END IF;
        -- R-7.3: redo only when dissatisfied with both
        IF appeal_12345_check.action = 'callback_redo'
           AND NOT (params ->> 'process_satisfaction' = 'dissatisfied'
                    AND params ->> 'result_satisfaction' = 'dissatisfied') THEN
            RAISE EXCEPTION 'a callback sends the order back for redo only when the citizen is dissatisfied with both process and result'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('Process: %s, result: %s.', params ->> 'process_satisfaction', params ->> 'result_satisfaction'),
                      HINT = 'Record the callback with action "callback" (R-7.2, R-7.3).';
        END IF;
        IF appeal_12345_check.action = 'callback_unreachable' AND NOT unreachable THEN
            RAISE EXCEPTION 'action "callback_unreachable" records a try that did not reach the citizen, not satisfaction "%"',
                    params ->> 'process_satisfaction'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'Both satisfactions of an unreachable try are "unreachable" (R-7.2).',
                      HINT = 'Record what the citizen said with action "callback"; hotline.callback chooses the action.';
        END IF;
        IF unreachable THEN
            -- tries on different working days; the last one closes the
            -- callback as unreachable
            SELECT * INTO t FROM @extschema@.appeal_12345_callback_tries(appeal_12345_check.order_no);
            IF t.done > 0 AND @extschema@.appeal_12345_try_day(t.calendar, pg_catalog.now()) <= t.last_day THEN
                RAISE EXCEPTION 'order % had a callback try that did not reach the citizen on working day % already', appeal_12345_check.order_no, t.last_day
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = format('Tries count once per working day of calendar "%s": %s of %s made (R-7.2).', t.calendar, t.done, t.allowed),
                          HINT = format('Call again on %s or later.', t.next_day);
            END IF;
            IF appeal_12345_check.action = 'callback' AND t.done < t.allowed - 1 THEN
                RAISE EXCEPTION 'an unreachable callback of order % is recorded only at the last try: this is try % of %',
                        appeal_12345_check.order_no, t.done + 1, t.allowed
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = 'A callback that cannot reach the citizen is tried again on other working days (setting callback_tries) (R-7.2).',
                          HINT = 'Record this try with action "callback_unreachable"; hotline.callback chooses the action.';
            ELSIF appeal_12345_check.action = 'callback_unreachable' AND t.done >= t.allowed - 1 THEN
                RAISE EXCEPTION 'try % of % is the last callback of order %', t.done + 1, t.allowed, appeal_12345_check.order_no
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = 'The last try is recorded by action "callback" as unreachable, which ends the callback (R-7.2).',
                          HINT = 'Record it with action "callback"; hotline.callback chooses the action.';
            END IF;
        END IF;
    WHEN 'return_order' THEN
        -- R-4.5, R-4.7: a sub-unit answers to the unit that passed it down,
        -- not to the hotline
        IF a.parent_id IS NOT NULL THEN
            RAISE EXCEPTION 'sub-unit "%" cannot return the order to the hotline', a.unit_code
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The order was passed down to it by another unit (R-4.5).',
                      HINT = 'Reply to the unit that passed it down, saying why it is not yours; that unit returns it or hands it on.';
        END IF;
    WHEN 'request_extension' THEN
        -- R-4.8: before the deadline, not after it
        IF a.reply_due IS NOT NULL AND a.reply_due <= pg_catalog.now() THEN
            RAISE EXCEPTION 'the reply deadline of unit "%" has passed', a.unit_code
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = format('It was %s; an extension is asked for before the deadline (R-4.8).', a.reply_due),
                      HINT = 'Reply now; the order is overdue.';
        END IF;
        v := params ->> 'requested_deadline';
        IF v IS NOT NULL THEN
            BEGIN
                ts := v::timestamptz;
            EXCEPTION WHEN data_exception THEN
                RAISE EXCEPTION 'invalid requested_deadline "%"', v
                    USING ERRCODE = 'invalid_datetime_format',
                          HINT = 'Pass a date and time, e.g. requested_deadline => hotline.deadline(''cn'', now(), ''10 working days'').';
            END;
            IF ts <= a.reply_due THEN
                RAISE EXCEPTION 'requested_deadline "%" is not later than the current deadline', ts
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = format('The reply deadline of unit "%s" is %s (R-4.8).', a.unit_code, a.reply_due),
                          HINT = 'Ask for a later time, e.g. requested_deadline => hotline.deadline(''cn'', now(), ''10 working days''), or leave it out.';
            END IF;
        END IF;
    WHEN 'approve_extension' THEN
        -- R-4.8: the new deadline is later than the current one and than now
        v := params ->> 'new_deadline';
        BEGIN
            ts := v::timestamptz;
        EXCEPTION WHEN data_exception THEN
            RAISE EXCEPTION 'invalid new_deadline "%"', v
                USING ERRCODE = 'invalid_datetime_format',
                      HINT = 'Pass a date and time, e.g. new_deadline => hotline.deadline(''cn'', now(), ''5 working days'').';
        END;
        IF ts <= greatest(a.reply_due, pg_catalog.now()) THEN
            RAISE EXCEPTION 'new_deadline "%" is not later than the current deadline and now', ts
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('The reply deadline of unit "%s" is %s (R-4.8).', a.unit_code, coalesce(a.reply_due::text, 'not set')),
                      HINT = 'Pass a later time, e.g. new_deadline => hotline.deadline(''cn'', now(), ''5 working days''), or refuse the extension.';
        END IF;
    WHEN 'withdraw' THEN
        -- R-4.4: an order always has its lead unit; only assisting units
        -- can be withdrawn
        IF a.role <> 'assist' OR a.parent_id IS NOT NULL THEN
            RAISE EXCEPTION 'only an assisting unit can be withdrawn, not "%"', a.unit_code
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The lead unit carries the order (R-4.4); sub-units answer to the unit that passed the order down (R-4.5).',
                      HINT = 'The lead unit returns the order (return_order), or a supervisor terminates it.';
        END IF;
    WHEN 'resume' THEN
        -- R-4.4: only a lead unit still at work carries the order on
        IF NOT EXISTS (SELECT 1 FROM @extschema@.assignment x
                       WHERE x.order_no OPERATOR(pg_catalog.=) appeal_12345_check.order_no
                         AND x.parent_id IS NULL AND x.role = 'lead'
                         AND x.state NOT IN ('returned', 'closed')) THEN
            RAISE EXCEPTION 'order % has no lead unit left to carry on', appeal_12345_check.order_no
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The lead unit returned it (R-4.7).',
                      HINT = 'Dispatch it again to the responsible unit.';
        END IF;
    WHEN 'merge' THEN
        -- R-2.4: into another open order that exists
        v := params ->> 'into';
        SELECT m.order_no, m.closed_at, m.merged_into INTO t
        FROM @extschema@.work_order m WHERE m.order_no OPERATOR(pg_catalog.=) v::@extschema@.order_no;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'order % to merge into does not exist', v
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Pass into_order => the number of the open order that carries the matter (R-2.4).';
        ELSIF t.order_no OPERATOR(pg_catalog.=) appeal_12345_check.order_no THEN
            RAISE EXCEPTION 'an order cannot be merged into itself'
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Pass into_order => the number of the other order that carries the matter (R-2.4).';
        ELSIF t.merged_into IS NOT NULL THEN
            RAISE EXCEPTION 'order % to merge into was merged into order % itself', v, t.merged_into
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = format('Merge into order %s, which carries the matter now.', t.merged_into);
        ELSIF t.closed_at IS NOT NULL THEN
            RAISE EXCEPTION 'order % to merge into is closed', v
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Merge into an open order about the same matter, or handle this one on its own.';
        END IF;
    ELSE
        NULL;
    END CASE;
END $$;
COMMENT ON FUNCTION @extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb) IS
    'before-hook of the 12345 appeal workflow: known dispatch modes and unit codes (R-4.3, R-4.4), a parent unit replies after its sub-units (R-4.5), sub-units do not return to the hotline (R-4.7), extensions before the deadline and to a later one (R-4.8), only assisting units are withdrawn and an order resumes only with its lead unit (R-4.4), merges into an open order (R-2.4), callback satisfaction values, unreachable for both or neither, tries on different working days, redo only when dissatisfied with both (R-7.2, R-7.3)';

CREATE FUNCTION @extschema@.appeal_12345_release(
    order_no @extschema@.order_no, assignment_id bigint, action text, params jsonb)
RETURNS void
-- (generic plans: the plan cache planned its statements again at every
-- call, their custom plans looking cheaper than the generic one, issue 9)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
DECLARE
    n   bigint;
BEGIN
    -- the units' work on an order that is closed, terminated or merged is
    -- over: their open assignments leave their queues (their states stay
    -- as the history left them); and its supervisions (督办) end with it,
    -- each with a closing record (one statement: each is a share of a
    -- close's time, issue 9)
    WITH released AS (
        UPDATE @extschema@.assignment a
           SET closed_at = pg_catalog.now(), updated_at = pg_catalog.now()
         WHERE a.order_no OPERATOR(pg_catalog.=) appeal_12345_release.order_no
           AND a.closed_at IS NULL)
    SELECT pg_catalog.count(*) INTO n
    FROM (SELECT @extschema@.close_supervision(s.id,
                     CASE appeal_12345_release.action WHEN 'close' THEN '工单已办结，督办随之结束'
                          WHEN 'terminate' THEN '工单已终结，督办随之结束'
                          ELSE '工单已并案，由主办工单继续督办' END, 'system')
          FROM @extschema@.supervision s
          WHERE s.order_no OPERATOR(pg_catalog.=) appeal_12345_release.order_no AND s.closed_at IS NULL) c;
END $$;
COMMENT ON FUNCTION @extschema@.appeal_12345_release(@extschema@.order_no, bigint, text, jsonb) IS
    'after-hook of the 12345 appeal workflow: when an order is closed, terminated or merged, its open assignments and supervisions are closed';

SELECT @extschema@.register_workflow($json$
{
  "name": "appeal_12345",
  "description": "12345 citizen appeal (12345热线诉求办理): accept (受理), not accepted (不受理), direct answer (直接办理), dispatch (派单) to lead and assisting units (牵头/协办), sign for (签收), return (退单), extension (延期), pass down (下派), reply (答复), review (审核), send back (发回重办), callback (回访), close (办结), archive (归档), terminate (终结), merge (并案)",
  "initial_state": "new",
  "calendar": "cn",
  "options": {"one_open_role": "lead",
              "exclude_unit": {"unit_column": "accused_unit_id", "when_column": "appeal_type",
                               "values": ["complaint", "report"]},
              "db_roles": {"agent": "hotline_agent", "dispatcher": "hotline_dispatcher",
                           "reviewer": "hotline_reviewer", "supervisor": "hotline_supervisor",
                           "unit": "hotline_unit"},
              "unit_roles": ["unit"]},
  "states": [
    {"scope": "order", "state": "accepted",      "description": "已受理: registered, waiting to be dispatched within 2 working days (R-4.1)"},
    {"scope": "order", "state": "not_accepted",  "terminal": true, "description": "不受理: out of scope, with a reason; emergencies referred to 110/119/120/122 (R-2.2)"},
    {"scope": "order", "state": "answered",      "description": "直接办理/当即答复: answered on the spot from the knowledge base or by three-way call, closed on answering (R-3)"},
    {"scope": "order", "state": "dispatched",    "description": "已派单: with the handling units (R-4.2)"},
    {"scope": "order", "state": "returned",      "description": "已退单: a unit returned it as not theirs; back with the hotline for re-dispatch (R-4.7)"},
    {"scope": "order", "state": "replied",       "description": "已答复: every unit replied; waiting for the hotline's review (R-6.1, R-6.3)"},
    {"scope": "order", "state": "redo",          "description": "重办: sent back to the units after review or an unsatisfied callback (R-6.3, R-7.3)"},
    {"scope": "order", "state": "reviewed",      "description": "审核通过: the reply is accepted; waiting for the callback (R-7)"},
    {"scope": "order", "state": "callback_done", "description": "已回访: the citizen was called back (R-7.2, R-7.4)"},
    {"scope": "order", "state": "closed",        "description": "办结: handling is finished (R-8.1)"},
    {"scope": "order", "state": "archived",      "terminal": true, "description": "归档: filed (R-8.1)"},
    {"scope": "order", "state": "terminated",    "terminal": true, "description": "终结: ended without a result, with a reason"},
    {"scope": "order", "state": "merged",        "terminal": true, "description": "已并案: merged into another order, which carries it (R-2.4)"},

    {"scope": "assignment", "state": "dispatched",          "description": "待签收: dispatched to the unit, not yet signed for (R-4.7)"},
    {"scope": "assignment", "state": "signed",              "description": "已签收/办理中: the unit signed for it and is handling it"},
    {"scope": "assignment", "state": "returned",            "description": "已退单: the unit returned it with a reason (closed) (R-4.7)"},
    {"scope": "assignment", "state": "extension_requested", "description": "延期申请中: the unit asked for more time (R-4.8)"},
    {"scope": "assignment", "state": "passed_down",         "description": "已下派: passed down to sub-units; the unit reviews their replies (R-4.5)"},
    {"scope": "assignment", "state": "replied",             "description": "已答复: the unit recorded its result (R-6.1, R-6.2)"},
    {"scope": "assignment", "state": "redo",                "description": "重办: the reply was sent back (R-6.3, R-7.3)"},
    {"scope": "assignment", "state": "closed",              "description": "已撤回/关闭: the hotline withdrew the unit (closed)"}
  ],
  "actions": [
    {"action": "accept", "scope": "order", "from": ["new"], "to": "accepted",
     "roles": ["agent", "supervisor"],
     "params": ["region", "appeal_type", "channel", "description"],
     "effects": {"set_due": [{"column": "dispatch_due", "deadline": "dispatch"}]},
     "description": "受理: register the appeal as a work order; it must be dispatched within 2 working days (R-2, R-4.1)"},
    {"action": "reject", "scope": "order", "from": ["new"], "to": "not_accepted",
     "roles": ["agent", "supervisor"],
     "params": ["region", "appeal_type", "channel", "description"], "reason": true,
     "effects": {"close_order": true},
     "description": "不受理: not accepted, with a reason; params emergency_referral (110/119/120/122) records a hand-over (R-2.2)"},
    {"action": "answer", "scope": "order", "from": ["new"], "to": "answered",
     "roles": ["agent", "supervisor"],
     "params": ["region", "appeal_type", "channel", "description", "result"],
     "effects": {"close_order": true},
     "description": "直接办理: answered on the spot; params result, and knowledge_article or three_way_unit (三方通话); closed on answering (R-3)"},
    {"action": "dispatch", "scope": "order", "from": ["accepted", "returned"], "to": "dispatched",
     "roles": ["dispatcher", "supervisor"],
     "params": ["lead_unit", "dispatch_mode", "opinion"],
     "effects": {"assign": {"state": "dispatched", "sign_deadline": "sign", "reply_deadline": "reply",
                            "units": [{"param": "lead_unit", "role": "lead", "single": true},
                                      {"param": "assist_units", "role": "assist"}],
                            "columns": {"dispatch_mode": "dispatch_mode", "opinion": "opinion"}},
                 "set_due": {"column": "dispatch_due", "deadline": null}},
     "description": "派单/转办: to a lead unit and assisting units with an opinion; sign and reply deadlines per dispatch mode (R-4.2, R-4.3, R-4.4); never to the accused unit (R-4.6)"},

    {"action": "sign_for", "scope": "assignment", "from": ["dispatched"], "to": "signed",
     "roles": ["unit"],
     "effects": {"stamp": "signed_at"},
     "description": "签收: the unit acknowledges the dispatch (R-4.7)"},
    {"action": "return_order", "scope": "assignment", "from": ["dispatched", "signed"], "to": "returned",
     "roles": ["unit"], "reason": true,
     "effects": {"close_assignment": true, "order_state": "returned",
                 "set_due": {"column": "dispatch_due", "deadline": "dispatch"}},
     "description": "退单: the unit says it is not theirs, with a reason; the order goes back to the hotline for re-dispatch (R-4.7)"},
    {"action": "request_extension", "scope": "assignment", "from": ["signed"], "to": "extension_requested",
     "roles": ["unit"], "reason": true,
     "description": "延期申请: before the deadline, with a reason; params requested_deadline optional (R-4.8)"},
    {"action": "approve_extension", "scope": "assignment", "from": ["extension_requested"], "to": "signed",
     "roles": ["dispatcher", "supervisor"],
     "params": ["new_deadline"],
     "effects": {"extend_due": true},
     "description": "延期审批 (同意): the hotline grants a new, later reply deadline (R-4.8)"},
    {"action": "refuse_extension", "scope": "assignment", "from": ["extension_requested"], "to": "signed",
     "roles": ["dispatcher", "supervisor"], "reason": true,
     "description": "延期审批 (不同意): the hotline refuses, with a reason; the deadline stays (R-4.8)"},
    {"action": "pass_down", "scope": "assignment", "from": ["signed"], "to": "passed_down",
     "roles": ["unit"],
     "params": ["sub_units"],
     "effects": {"pass_down": {"state": "dispatched", "reply_deadline": "sub_reply",
                               "units": [{"param": "sub_units", "role": "sub"}],
                               "columns": {"opinion": "opinion"}, "inherit": ["dispatch_mode"]}},
     "description": "下派: a first-level unit passes the order to its sub-units; it reviews their replies before replying up (R-4.5)"},
    {"action": "reply", "scope": "assignment", "from": ["signed", "redo", "passed_down"], "to": "replied",
     "roles": ["unit"],
     "params": ["result", "contacted"],
     "effects": {"stamp": "replied_at",
                 "order_state_when_all": {"assignment_states": ["replied", "closed"], "ignore_states": ["returned"],
                                          "order_state": "replied"}},
     "description": "答复/反馈: the result, covering every item, whether (contacted) and how (contact_method) the citizen was contacted; when every unit has replied the order goes to review (R-6.1, R-6.2)"},
    {"action": "withdraw", "scope": "assignment", "from": ["dispatched", "signed", "extension_requested", "passed_down", "redo"], "to": "closed",
     "roles": ["dispatcher", "supervisor"], "reason": true,
     "effects": {"close_assignment": true,
                 "order_state_when_all": {"assignment_states": ["replied", "closed"], "ignore_states": ["returned"],
                                          "order_state": "replied"}},
     "description": "撤回: the hotline withdraws an assisting unit that is no longer needed, with a reason (R-4.4)"},

    {"action": "resume", "scope": "order", "from": ["returned"], "to": "dispatched",
     "roles": ["dispatcher", "supervisor"],
     "effects": {"order_state_when_all": {"assignment_states": ["replied", "closed"], "ignore_states": ["returned"],
                                          "order_state": "replied"},
                 "set_due": {"column": "dispatch_due", "deadline": null}},
     "description": "继续办理: an assisting unit returned the order and needs no replacement; the lead unit (still assigned) carries on, and if every remaining unit has replied the order goes to review (R-4.4, R-4.7)"},

    {"action": "approve_reply", "scope": "order", "from": ["replied"], "to": "reviewed",
     "roles": ["reviewer", "supervisor"],
     "effects": {"set_due": [{"column": "callback_due", "deadline": "callback"}]},
     "description": "审核通过: the hotline accepts the reply; callback due in 2 working days (R-6.3, R-7)"},
    {"action": "send_back", "scope": "order", "from": ["replied"], "to": "redo",
     "roles": ["reviewer", "supervisor"], "reason": true,
     "effects": {"reopen_assignments": {"from_states": ["replied"], "state": "redo", "reply_deadline": "redo",
                                        "clear": ["replied_at"]}},
     "description": "发回重办: the reply is not accepted, with a reason; the units redo it (R-6.3, R-5.4)"},
    {"action": "callback", "scope": "order", "from": ["reviewed"], "to": "callback_done",
     "roles": ["agent", "reviewer", "supervisor"],
     "params": ["process_satisfaction", "result_satisfaction"],
     "effects": {"set_due": {"column": "callback_due", "deadline": null}},
     "description": "回访: satisfaction with the process and with the result, or unreachable at the last try (setting callback_tries); params note optional (R-7.2, R-7.4)"},
    {"action": "callback_unreachable", "scope": "order", "from": ["reviewed"], "to": null,
     "roles": ["agent", "reviewer", "supervisor"],
     "params": ["process_satisfaction", "result_satisfaction"],
     "effects": {"set_due": {"column": "callback_due", "deadline": "callback_retry"}},
     "description": "回访未接通: a callback try that could not reach the citizen (unreachable for both), once per working day; the next try is due by the end of the next working day (limit callback_retry); params note optional (R-7.2, R-7.4)"},
    {"action": "callback_redo", "scope": "order", "from": ["reviewed"], "to": "redo",
     "roles": ["agent", "reviewer", "supervisor"],
     "params": ["process_satisfaction", "result_satisfaction"],
     "effects": {"reopen_assignments": {"from_states": ["replied"], "state": "redo", "reply_deadline": "redo",
                                        "clear": ["replied_at"]},
                 "set_due": {"column": "callback_due", "deadline": null}},
     "description": "回访不满意重办: dissatisfied with both process and result, back to the units for redo (R-7.3)"},
    {"action": "close", "scope": "order", "from": ["reviewed", "callback_done"], "to": "closed",
     "roles": ["reviewer", "supervisor", "system"],
     "effects": {"close_order": true, "set_due": {"column": "callback_due", "deadline": null}},
     "description": "办结: handling is finished; from reviewed when the order was not sampled for callback (R-7.1, R-8.1)"},
    {"action": "archive", "scope": "order", "from": ["closed", "answered"], "to": "archived",
     "roles": ["reviewer", "supervisor", "system"],
     "effects": {"archive_order": true},
     "description": "归档: file a closed or directly answered order (R-8.1)"},
    {"action": "terminate", "scope": "order",
     "from": ["accepted", "dispatched", "returned", "replied", "redo", "reviewed", "callback_done"], "to": "terminated",
     "roles": ["supervisor"], "reason": true,
     "effects": {"close_order": true},
     "description": "终结: ended without a result, with a reason"},
    {"action": "merge", "scope": "order", "from": ["accepted", "dispatched", "returned", "replied", "redo"], "to": "merged",
     "roles": ["dispatcher", "supervisor"],
     "params": ["into"],
     "effects": {"merge_into": true, "close_order": true},
     "description": "并案: one matter, many orders: merged into another open order, which carries it (R-2.4)"}
  ],
  "limits": [
    {"deadline": "dispatch",  "time_limit": "2 working days"},
    {"deadline": "sign",      "time_limit": "1 working day"},
    {"deadline": "sign",      "dispatch_mode": "urgent",  "time_limit": "1 working hour"},
    {"deadline": "reply",     "dispatch_mode": "written", "time_limit": "7 working days"},
    {"deadline": "reply",     "dispatch_mode": "phone",   "time_limit": "3 working days"},
    {"deadline": "reply",     "dispatch_mode": "urgent",  "time_limit": "4 working hours"},
    {"deadline": "reply",     "dispatch_mode": "written", "urgency": "urgent",      "time_limit": "1 working day"},
    {"deadline": "reply",     "dispatch_mode": "written", "urgency": "very_urgent", "time_limit": "4 hours"},
    {"deadline": "reply",     "dispatch_mode": "phone",   "urgency": "urgent",      "time_limit": "1 working day"},
    {"deadline": "reply",     "dispatch_mode": "phone",   "urgency": "very_urgent", "time_limit": "4 hours"},
    {"deadline": "reply",     "dispatch_mode": "urgent",  "urgency": "very_urgent", "time_limit": "4 hours"},
    {"deadline": "dispatch",  "urgency": "very_urgent", "time_limit": "30 minutes"},
    {"deadline": "sign",      "urgency": "very_urgent", "time_limit": "1 hour"},
    {"deadline": "sign",      "dispatch_mode": "urgent",  "urgency": "very_urgent", "time_limit": "1 hour"},
    {"deadline": "sub_reply", "urgency": "very_urgent", "time_limit": "2 hours"},
    {"deadline": "redo",      "urgency": "very_urgent", "time_limit": "4 hours"},
    {"deadline": "sub_reply", "time_limit": "5 working days"},
    {"deadline": "redo",      "time_limit": "5 working days"},
    {"deadline": "callback",  "time_limit": "2 working days"},
    {"deadline": "callback_retry", "time_limit": "1 working day"},
    {"deadline": "contact",   "time_limit": "24 hours"},
    {"deadline": "contact",   "urgency": "urgent",      "time_limit": "2 hours"},
    {"deadline": "contact",   "urgency": "very_urgent", "time_limit": "1 hour"}
  ],
  "escalations": [
    {"rule": "remind_reply", "kind": "remind", "due": "reply_due", "share": 0.8,
     "states": ["dispatched", "signed", "extension_requested", "passed_down", "redo"],
     "channel": "sms", "template": "remind",
     "description": "临期提醒: the unit is reminded once when 80% of its working time to reply has passed (R-5.1, R-12.5)"},
    {"rule": "remind_sign", "kind": "remind", "due": "sign_due", "before": "2 working hours",
     "states": ["dispatched"], "channel": "sms", "template": "remind_sign",
     "description": "签收提醒: the unit is reminded once 2 working hours before its sign-for deadline (R-4.7, R-5.1)"},
    {"rule": "hasten_reply", "kind": "hasten", "due": "reply_due", "every": "1 working day", "notice_after": 2,
     "states": ["dispatched", "signed", "extension_requested", "passed_down", "redo"],
     "channel": "sms", "template": "hasten",
     "description": "超期催办: overdue without a reply, the unit is hastened, again every working day it stays overdue; hastened twice and still not done: public notice (通报) (R-5.4)"},
    {"rule": "remind_dispatch", "kind": "remind", "due": "dispatch_due", "before": "4 working hours",
     "states": ["accepted", "returned"], "channel": "system", "template": "remind_dispatch",
     "settings": {"recipient_user": "dispatchers"},
     "description": "派单提醒: the hotline's dispatchers are reminded 4 working hours before an order must be dispatched (R-4.1)"},
    {"rule": "hasten_dispatch", "kind": "hasten", "due": "dispatch_due", "every": "1 working day",
     "states": ["accepted", "returned"], "channel": "system", "template": "hasten_dispatch",
     "settings": {"recipient_user": "dispatchers"},
     "description": "派单催办: an order not dispatched within its 2 working days (the hotline's own limit), the dispatchers are hastened, again every working day it stays undispatched (R-4.1, R-5.4)"},
    {"rule": "remind_callback", "kind": "remind", "due": "callback_due", "before": "4 working hours",
     "states": ["reviewed"], "channel": "system", "template": "remind_callback",
     "settings": {"recipient_user": "callback_agents"},
     "description": "回访提醒: the callback agents are reminded 4 working hours before a callback is due (R-7)"},
    {"rule": "emergency", "kind": "emergency", "on": ["accept"], "channel": "sms", "template": "emergency",
     "settings": {"notify": ["emergency_department", "duty_office"]},
     "description": "突发事件报告: an emergency, disaster, public-health or public-security matter is reported to the emergency department and the duty office at once and put under supervision (R-2.3, R-5.2)"},
    {"rule": "repeat_person", "kind": "repeat_person", "on": ["accept"], "channel": "system", "template": "repeat",
     "settings": {"window": "30 days", "supervise_at": 3},
     "description": "一人多次: the same citizen on the same topic within 30 days is grouped and offered for merge; at 3 orders the group is supervised (R-2.4, R-5.2)"},
    {"rule": "repeat_matter", "kind": "repeat_matter", "on": ["accept"], "channel": "system", "template": "repeat",
     "settings": {"window": "7 days", "similarity": 0.1, "place_similarity": 0.4, "distance_m": 200, "supervise_at": 5},
     "description": "一事多人: different citizens on the same topic and place with similar text within 7 days are grouped and offered for merge; at 5 orders the group is supervised (R-2.4, R-5.2)"},
    {"rule": "bad_handling", "kind": "bad_handling", "on": ["return_order", "send_back", "callback_redo", "callback"],
     "channel": "system", "template": "supervise",
     "settings": {"returned": {"actions": ["return_order"], "threshold": 2, "unit": "assignment"},
                  "sent_back": {"actions": ["send_back", "callback_redo"], "threshold": 1},
                  "dissatisfied": {"actions": ["callback", "callback_redo"], "threshold": 1,
                                   "params": ["process_satisfaction", "result_satisfaction"], "value": "dissatisfied"}},
     "description": "办理不力: returned twice, sent back for redo, or a dissatisfied callback opens supervision (R-5.2)"}
  ],
  "hooks": [
    {"action": "reply",             "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "return_order",      "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "request_extension", "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "resume",            "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "withdraw",          "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "callback",          "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "callback_redo",     "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "close",             "timing": "after",  "function": "@extschema@.appeal_12345_release(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "terminate",         "timing": "after",  "function": "@extschema@.appeal_12345_release(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "merge",             "timing": "after",  "function": "@extschema@.appeal_12345_release(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "dispatch",          "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "approve_extension", "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "merge",             "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "callback_unreachable", "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"}
  ],
  "settings": [
    {"setting": "source_hotline", "value": "12345",
     "description": "来源热线: the hotline an order came through when the intake names none (12345 itself; a merged line such as 12315 is passed as source_hotline)"},
    {"setting": "callback_tries", "value": 3,
     "description": "回访次数: how many times a callback tries to reach the citizen, on different working days, before it is recorded as unreachable (R-7.2); a whole number from 1 to 10"},
    {"setting": "language", "value": "zh",
     "description": "the language of the workflow's messages to its own staff, and to units whose language it has no text in"},
    {"setting": "callback_sampling",
     "value": {"state": "reviewed", "close_action": "close", "message": "callback_task", "recipient_user": "callback_agents"},
     "description": "回访抽样 (R-7.1): hotline.sample_callbacks samples reviewed orders; the others are closed; the callback agents get a callback_task"},
    {"setting": "archiving", "value": {"states": ["closed", "answered"], "action": "archive"},
     "description": "归档 (R-8.1): hotline.archive_closed archives closed (办结) and directly answered (直接办理) orders through the action archive"},
    {"setting": "assessment",
     "value": {"reply_actions": ["reply"],
               "contact": {"actions": ["reply"], "param": "contacted_at", "deadline": "contact"},
               "redo_state": "redo", "return_state": "returned",
               "extension_actions": ["approve_extension"],
               "callback": {"actions": ["callback", "callback_redo"], "param": "result_satisfaction",
                            "satisfied": ["satisfied", "basically_satisfied"], "unreached": ["unreachable"],
                            "solved_param": "solved"},
               "closed_states": ["closed", "answered", "archived"], "rejected_states": ["not_accepted"]},
     "description": "考核 (R-9.3): the facts of the assessment: the reply, the first contact (先行联系, reply's contacted_at, limit contact: 24 hours, urgent 2, very urgent 1), redo (重办), return (退单), approved extensions (延期), the callback's result satisfaction and solved (回访), the closed (办结) and rejected (不受理) states"},
    {"setting": "search", "value": {"text_params": ["result", "opinion", "note"]},
     "description": "检索 (R-8.1): the words hotline.search_orders finds in an order's history besides its reasons: answers' and replies' results (答复), dispatch opinions (派单意见), callback notes (回访记录)"}
  ],
  "messages": [
    {"message": "team", "language": "zh", "template": "热线"},
    {"message": "remind", "language": "zh", "template": "【12345热线】提醒：{unit}承办的工单{order_no}将于{due_at}到期，请抓紧办理并答复。"},
    {"message": "remind_sign", "language": "zh", "template": "【12345热线】提醒：请{unit}于{due_at}前签收工单{order_no}。"},
    {"message": "remind_dispatch", "language": "zh", "template": "【12345热线】提醒：工单{order_no}须于{due_at}前派单。"},
    {"message": "remind_callback", "language": "zh", "template": "【12345热线】提醒：工单{order_no}须于{due_at}前回访。"},
    {"message": "hasten", "language": "zh", "template": "【12345热线】催办：{unit}承办的工单{order_no}已于{due_at}超期，第{n}次催办，请立即办理并答复。"},
    {"message": "hasten_sign", "language": "zh", "template": "【12345热线】催办：{unit}应于{due_at}前签收工单{order_no}，现已超期，第{n}次催办，请立即签收。"},
    {"message": "hasten_dispatch", "language": "zh", "template": "【12345热线】催办：工单{order_no}应于{due_at}前派单，现已超期，第{n}次催办，请立即派单。"},
    {"message": "hasten_callback", "language": "zh", "template": "【12345热线】催办：工单{order_no}应于{due_at}前回访，现已超期，第{n}次催办，请立即回访。"},
    {"message": "notice", "language": "zh", "template": "【12345热线】通报：{unit}承办的工单{order_no}已于{due_at}超期，经{n}次催办仍未办结。"},
    {"message": "supervise", "language": "zh", "template": "工单 {order_no} 已列入督办 ({reason})"},
    {"message": "emergency", "language": "zh", "template": "突发事件报告: 工单 {order_no} ({emergency_kind}) {description}"},
    {"message": "emergency_note", "language": "zh", "template": "突发事件 ({emergency_kind}): 已报告 {recipients}"},
    {"message": "repeat.one_person", "language": "zh", "template": "一人多次: 工单 {order_no} 与 {others} 件同一市民同类诉求归为一组 (第 {group_id} 组), 可并入 {carrier}"},
    {"message": "repeat.one_matter", "language": "zh", "template": "一事多人: 工单 {order_no} 与 {others} 件同地同类诉求归为一组 (第 {group_id} 组), 可并入 {carrier}"},
    {"message": "repeat_note.one_person", "language": "zh", "template": "一人多次: 同一市民 {members} 件同类诉求 (第 {group_id} 组)"},
    {"message": "repeat_note.one_matter", "language": "zh", "template": "一事多人: {members} 件同地同类诉求 (第 {group_id} 组)"},
    {"message": "bad_handling.returned", "language": "zh", "template": "退单 {n} 次"},
    {"message": "bad_handling.sent_back", "language": "zh", "template": "发回重办 {n} 次"},
    {"message": "bad_handling.dissatisfied", "language": "zh", "template": "回访不满意 {n} 次"},
    {"message": "callback_task", "language": "zh", "template": "【12345热线】回访任务：工单{order_no}已抽中回访，请于{due_at}前回访诉求人。"},
    {"message": "callback_task.not_sampled", "language": "zh", "template": "未抽中回访 (not sampled for callback, R-7.1)"}
  ]
}
$json$::jsonb);

-- ---------------------------------------------------------------------------
-- Named functions of the 12345 workflow: the process read as the domain,
-- usable from any SQL client with positional or named arguments
-- (hotline.dispatch(o, 'dc-gov', '请核实处理', assist_units => '{bj-zjw}')).
-- They are SECURITY INVOKER wrappers over hotline.open_order() and
-- hotline.apply_action().  The intake functions (accept, reject, answer)
-- check their parameters with hotline.check_intake before the engine; the
-- engine checks state, role and required parameters, and the check hook
-- above the rest, so every bad parameter is refused in the hotline's words
-- (naming the parameter and the value, with an example) before anything is
-- written.  Parameters that are NULL are left out of the action's
-- parameters (and so of the event's payload).
--
-- accept, reject, answer and callback take the values of the hotline's
-- enumerations (appeal_type, channel, urgency, emergency kind,
-- satisfaction) as text, so that an unknown value is refused by the
-- hotline (22P02, listing the valid ones) rather than by PostgreSQL's enum
-- input; a second signature with the enum types serves callers that pass
-- typed values, and calls the first.
--
-- Privileges: none to PUBLIC yet.  The hotline's roles (agent, dispatcher,
-- unit, reviewer, supervisor) come with the roles-and-security issue
-- (R-11), which grants EXECUTE on these functions role by role.
-- ---------------------------------------------------------------------------

-- the open assignment of a unit (by its code) on an order: the engine's
-- rule (engine.c, UnitAssignment), which the named functions on a unit's
-- assignment use through hotline.apply_unit_action, in the statement that
-- locks the order and the assignment (SECURITY DEFINER like the engine's
-- entry points: the tables are not open to PUBLIC; EXECUTE is not granted
-- to PUBLIC)
CREATE FUNCTION @extschema@.assignment_of(order_no @extschema@.order_no, unit text) RETURNS bigint
AS 'MODULE_PATHNAME', 'hotline_unit_assignment'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.assignment_of(@extschema@.order_no, text) IS
    'the id of the open assignment of a unit (by code) on a work order; P0002 when the unit holds none';

-- Intake (R-2, R-3): each returns the new order's number.

-- The accused person of a new order (R-4.6) excluded from it (回避) through
-- hotline.exclude_staff, as accept's caller; returns the order.
CREATE FUNCTION @extschema@.appeal_12345_accused(order_no @extschema@.order_no, login name)
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.exclude_staff(appeal_12345_accused.order_no, appeal_12345_accused.login,
                                 '被投诉/举报对象 (accused, R-4.6)');
SELECT appeal_12345_accused.order_no;
$$;
COMMENT ON FUNCTION @extschema@.appeal_12345_accused(@extschema@.order_no, name) IS
    'internal: excludes the accused person named at intake from the new order (回避, R-4.6), as the caller of hotline.accept; returns the order';

CREATE FUNCTION @extschema@.accept(
    region          text,
    appeal_type     text,
    channel         text,
    description     text,
    citizen_phone   text DEFAULT NULL,
    citizen_name    text DEFAULT NULL,
    area_code       text DEFAULT NULL,
    confidential    boolean DEFAULT false,
    topic           text DEFAULT NULL,
    urgency         text DEFAULT 'normal',
    source_hotline  text DEFAULT '12345',
    occurred_at     timestamptz DEFAULT NULL,
    address         text DEFAULT NULL,
    longitude       double precision DEFAULT NULL,
    latitude        double precision DEFAULT NULL,
    demand          text DEFAULT NULL,
    accused_unit    text DEFAULT NULL,
    emergency       text DEFAULT NULL,
    actor           text DEFAULT current_user,
    actor_role      text DEFAULT 'agent',
    accused_staff   name DEFAULT NULL)
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
-- the accused person (R-4.6), a staff member the intake checked: excluded
-- from the order at once (回避), through the entry point, as the caller
SELECT CASE WHEN accept.accused_staff IS NULL THEN s.order_no
            ELSE @extschema@.appeal_12345_accused(s.order_no, accept.accused_staff) END
FROM (SELECT @extschema@.open_order('appeal_12345', 'accept', accept.actor, accept.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'region', accept.region, 'appeal_type', accept.appeal_type, 'channel', accept.channel,
        'description', accept.description, 'citizen_phone', accept.citizen_phone,
        'citizen_name', accept.citizen_name, 'area_code', accept.area_code,
        'confidential', accept.confidential, 'topic', accept.topic, 'urgency', accept.urgency,
        'source_hotline', accept.source_hotline, 'occurred_at', accept.occurred_at,
        'address', accept.address, 'longitude', accept.longitude, 'latitude', accept.latitude,
        'demand', accept.demand, 'accused_unit', accept.accused_unit, 'accused_staff', accept.accused_staff,
        'emergency', accept.emergency))) AS order_no) s
$$;
COMMENT ON FUNCTION @extschema@.accept(text, text, text, text, text, text, text,
    boolean, text, text, text, timestamptz, text, double precision, double precision, text, text,
    text, text, text, name) IS
    '受理: registers an appeal as a work order of the 12345 workflow and returns its number; parameters checked by hotline.check_intake (in hotline.open_order); dispatch due in 2 working days, in 30 minutes when very urgent or an emergency (R-2, R-2.3, R-4.1); accused_staff, the login of the staff member a complaint is about, is excluded from the order (回避, R-4.6)';

CREATE FUNCTION @extschema@.accept(
    region          text,
    appeal_type     @extschema@.appeal_type,
    channel         @extschema@.channel,
    description     text,
    citizen_phone   text DEFAULT NULL,
    citizen_name    text DEFAULT NULL,
    area_code       text DEFAULT NULL,
    confidential    boolean DEFAULT false,
    topic           text DEFAULT NULL,
    urgency         @extschema@.urgency DEFAULT 'normal',
    source_hotline  text DEFAULT '12345',
    occurred_at     timestamptz DEFAULT NULL,
    address         text DEFAULT NULL,
    longitude       double precision DEFAULT NULL,
    latitude        double precision DEFAULT NULL,
    demand          text DEFAULT NULL,
    accused_unit    text DEFAULT NULL,
    emergency       @extschema@.emergency_kind DEFAULT NULL,
    actor           text DEFAULT current_user,
    actor_role      text DEFAULT 'agent',
    accused_staff   name DEFAULT NULL)
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.accept(accept.region, accept.appeal_type::text, accept.channel::text, accept.description,
    accept.citizen_phone, accept.citizen_name, accept.area_code, accept.confidential, accept.topic,
    accept.urgency::text, accept.source_hotline, accept.occurred_at, accept.address, accept.longitude,
    accept.latitude, accept.demand, accept.accused_unit, accept.emergency::text, accept.actor, accept.actor_role,
    accept.accused_staff)
$$;
COMMENT ON FUNCTION @extschema@.accept(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text,
    boolean, text, @extschema@.urgency, text, timestamptz, text, double precision, double precision, text, text,
    @extschema@.emergency_kind, text, text, name) IS
    '受理 with typed appeal type, channel, urgency and emergency kind: the same as accept(text, text, text, ...) (R-2, R-4.1)';

CREATE FUNCTION @extschema@.reject(
    region              text,
    appeal_type         text,
    channel             text,
    description         text,
    reason              text,
    emergency_referral  text DEFAULT NULL,
    citizen_phone       text DEFAULT NULL,
    citizen_name        text DEFAULT NULL,
    area_code           text DEFAULT NULL,
    confidential        boolean DEFAULT false,
    topic               text DEFAULT NULL,
    urgency             text DEFAULT 'normal',
    source_hotline      text DEFAULT '12345',
    occurred_at         timestamptz DEFAULT NULL,
    address             text DEFAULT NULL,
    demand              text DEFAULT NULL,
    actor               text DEFAULT current_user,
    actor_role          text DEFAULT 'agent')
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.open_order('appeal_12345', 'reject', reject.actor, reject.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'region', reject.region, 'appeal_type', reject.appeal_type, 'channel', reject.channel,
        'description', reject.description, 'reason', reject.reason,
        'emergency_referral', reject.emergency_referral, 'citizen_phone', reject.citizen_phone,
        'citizen_name', reject.citizen_name, 'area_code', reject.area_code,
        'confidential', reject.confidential, 'topic', reject.topic, 'urgency', reject.urgency,
        'source_hotline', reject.source_hotline, 'occurred_at', reject.occurred_at,
        'address', reject.address, 'demand', reject.demand)))
$$;
COMMENT ON FUNCTION @extschema@.reject(text, text, text, text, text, text, text, text,
    text, boolean, text, text, text, timestamptz, text, text, text, text) IS
    '不受理: records an appeal that is not accepted, with the reason and any emergency referral (110/119/120/122), and returns its number; parameters checked by hotline.check_intake (in hotline.open_order) (R-2.2)';

CREATE FUNCTION @extschema@.reject(
    region              text,
    appeal_type         @extschema@.appeal_type,
    channel             @extschema@.channel,
    description         text,
    reason              text,
    emergency_referral  text DEFAULT NULL,
    citizen_phone       text DEFAULT NULL,
    citizen_name        text DEFAULT NULL,
    area_code           text DEFAULT NULL,
    confidential        boolean DEFAULT false,
    topic               text DEFAULT NULL,
    urgency             @extschema@.urgency DEFAULT 'normal',
    source_hotline      text DEFAULT '12345',
    occurred_at         timestamptz DEFAULT NULL,
    address             text DEFAULT NULL,
    demand              text DEFAULT NULL,
    actor               text DEFAULT current_user,
    actor_role          text DEFAULT 'agent')
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.reject(reject.region, reject.appeal_type::text, reject.channel::text, reject.description,
    reject.reason, reject.emergency_referral, reject.citizen_phone, reject.citizen_name, reject.area_code,
    reject.confidential, reject.topic, reject.urgency::text, reject.source_hotline, reject.occurred_at,
    reject.address, reject.demand, reject.actor, reject.actor_role)
$$;
COMMENT ON FUNCTION @extschema@.reject(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text, text,
    text, boolean, text, @extschema@.urgency, text, timestamptz, text, text, text, text) IS
    '不受理 with typed appeal type, channel and urgency: the same as reject(text, text, text, ...) (R-2.2)';

CREATE FUNCTION @extschema@.answer(
    region              text,
    appeal_type         text,
    channel             text,
    description         text,
    result              text,
    knowledge_article   text DEFAULT NULL,
    three_way_unit      text DEFAULT NULL,
    citizen_phone       text DEFAULT NULL,
    citizen_name        text DEFAULT NULL,
    area_code           text DEFAULT NULL,
    confidential        boolean DEFAULT false,
    topic               text DEFAULT NULL,
    urgency             text DEFAULT 'normal',
    source_hotline      text DEFAULT '12345',
    occurred_at         timestamptz DEFAULT NULL,
    address             text DEFAULT NULL,
    demand              text DEFAULT NULL,
    actor               text DEFAULT current_user,
    actor_role          text DEFAULT 'agent')
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.open_order('appeal_12345', 'answer', answer.actor, answer.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'region', answer.region, 'appeal_type', answer.appeal_type, 'channel', answer.channel,
        'description', answer.description, 'result', answer.result,
        -- (the article cited as id:version, checked to be in force: R-3.1, R-10.2)
        'knowledge_article', @extschema@.kb_cite(answer.knowledge_article), 'three_way_unit', answer.three_way_unit,
        'citizen_phone', answer.citizen_phone, 'citizen_name', answer.citizen_name,
        'area_code', answer.area_code, 'confidential', answer.confidential, 'topic', answer.topic,
        'urgency', answer.urgency, 'source_hotline', answer.source_hotline,
        'occurred_at', answer.occurred_at, 'address', answer.address, 'demand', answer.demand)))
$$;
COMMENT ON FUNCTION @extschema@.answer(text, text, text, text, text, text, text, text,
    text, text, boolean, text, text, text, timestamptz, text, text, text, text) IS
    '直接办理: records an appeal answered on the spot (result, the knowledge article cited by id or id:version, recorded as id:version, or three-way call with a unit), closed on answering; returns its number; parameters checked by hotline.check_intake (in hotline.open_order) (R-3)';

CREATE FUNCTION @extschema@.answer(
    region              text,
    appeal_type         @extschema@.appeal_type,
    channel             @extschema@.channel,
    description         text,
    result              text,
    knowledge_article   text DEFAULT NULL,
    three_way_unit      text DEFAULT NULL,
    citizen_phone       text DEFAULT NULL,
    citizen_name        text DEFAULT NULL,
    area_code           text DEFAULT NULL,
    confidential        boolean DEFAULT false,
    topic               text DEFAULT NULL,
    urgency             @extschema@.urgency DEFAULT 'normal',
    source_hotline      text DEFAULT '12345',
    occurred_at         timestamptz DEFAULT NULL,
    address             text DEFAULT NULL,
    demand              text DEFAULT NULL,
    actor               text DEFAULT current_user,
    actor_role          text DEFAULT 'agent')
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.answer(answer.region, answer.appeal_type::text, answer.channel::text, answer.description,
    answer.result, answer.knowledge_article, answer.three_way_unit, answer.citizen_phone, answer.citizen_name,
    answer.area_code, answer.confidential, answer.topic, answer.urgency::text, answer.source_hotline,
    answer.occurred_at, answer.address, answer.demand, answer.actor, answer.actor_role)
$$;
COMMENT ON FUNCTION @extschema@.answer(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text, text,
    text, text, boolean, text, @extschema@.urgency, text, timestamptz, text, text, text, text) IS
    '直接办理 with typed appeal type, channel and urgency: the same as answer(text, text, text, ...) (R-3)';

-- Dispatch and the units' side (R-4): each returns the order's state after the action.

CREATE FUNCTION @extschema@.dispatch(
    order_no        @extschema@.order_no,
    lead_unit       text,
    opinion         text,
    dispatch_mode   text DEFAULT 'written',
    assist_units    text[] DEFAULT '{}',
    actor           text DEFAULT current_user,
    actor_role      text DEFAULT 'dispatcher')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(dispatch.order_no, 'dispatch', dispatch.actor, dispatch.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'lead_unit', dispatch.lead_unit, 'opinion', dispatch.opinion,
        'dispatch_mode', dispatch.dispatch_mode,
        'assist_units', coalesce(dispatch.assist_units, '{}'))))
$$;
COMMENT ON FUNCTION @extschema@.dispatch(@extschema@.order_no, text, text, text, text[], text, text) IS
    '派单: dispatches an accepted or returned order to a lead unit and assisting units (by code) with an opinion; dispatch_mode written, phone or urgent sets the deadlines (R-4.2, R-4.3, R-4.4, R-4.6)';

CREATE FUNCTION @extschema@.sign_for(
    order_no    @extschema@.order_no,
    unit        text,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'unit')
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_unit_action(sign_for.order_no, 'sign_for', sign_for.actor, sign_for.actor_role, '{}', sign_for.unit)
$$;
COMMENT ON FUNCTION @extschema@.sign_for(@extschema@.order_no, text, text, text) IS
    '签收: the unit (by code) signs for its assignment of the order (R-4.7)';

CREATE FUNCTION @extschema@.return_order(
    order_no    @extschema@.order_no,
    unit        text,
    reason      text,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'unit')
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_unit_action(return_order.order_no, 'return_order', return_order.actor, return_order.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('reason', return_order.reason)), return_order.unit)
$$;
COMMENT ON FUNCTION @extschema@.return_order(@extschema@.order_no, text, text, text, text) IS
    '退单: the unit returns the order as not theirs, with a reason; it goes back to the hotline for re-dispatch (R-4.7)';

CREATE FUNCTION @extschema@.request_extension(
    order_no            @extschema@.order_no,
    unit                text,
    reason              text,
    requested_deadline  timestamptz DEFAULT NULL,
    actor               text DEFAULT current_user,
    actor_role          text DEFAULT 'unit')
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_unit_action(request_extension.order_no, 'request_extension',
    request_extension.actor, request_extension.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'reason', request_extension.reason, 'requested_deadline', request_extension.requested_deadline)), request_extension.unit)
$$;
COMMENT ON FUNCTION @extschema@.request_extension(@extschema@.order_no, text, text, timestamptz, text, text) IS
    '延期申请: before its deadline the unit asks for more time, with a reason and optionally the deadline it wants (R-4.8)';

CREATE FUNCTION @extschema@.decide_extension(
    order_no        @extschema@.order_no,
    unit            text,
    approve         boolean,
    new_deadline    timestamptz DEFAULT NULL,
    reason          text DEFAULT NULL,
    actor           text DEFAULT current_user,
    actor_role      text DEFAULT 'dispatcher')
RETURNS @extschema@.action_result
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF decide_extension.approve IS NULL THEN
        RAISE EXCEPTION 'approve of hotline.decide_extension must be true or false, not null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass approve => true with new_deadline => a later time, or approve => false with reason => ''...'' (R-4.8).';
    END IF;
    RETURN @extschema@.apply_unit_action(decide_extension.order_no,
        CASE WHEN decide_extension.approve THEN 'approve_extension' ELSE 'refuse_extension' END,
        decide_extension.actor, decide_extension.actor_role,
        pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'new_deadline', decide_extension.new_deadline, 'reason', decide_extension.reason)), decide_extension.unit);
END $$;
COMMENT ON FUNCTION @extschema@.decide_extension(@extschema@.order_no, text, boolean, timestamptz, text, text, text) IS
    '延期审批: the hotline approves a unit''s extension request with a new, later deadline, or refuses it with a reason (R-4.8)';

CREATE FUNCTION @extschema@.pass_down(
    order_no    @extschema@.order_no,
    unit        text,
    sub_units   text[],
    opinion     text DEFAULT NULL,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'unit')
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_unit_action(pass_down.order_no, 'pass_down', pass_down.actor, pass_down.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'sub_units', pass_down.sub_units, 'opinion', pass_down.opinion)), pass_down.unit)
$$;
COMMENT ON FUNCTION @extschema@.pass_down(@extschema@.order_no, text, text[], text, text, text) IS
    '下派: a unit passes its assignment down to its sub-units (by code); it replies after reviewing their replies (R-4.5)';

CREATE FUNCTION @extschema@.reply(
    order_no        @extschema@.order_no,
    unit            text,
    result          text,
    contacted       boolean,
    contact_method  text DEFAULT NULL,
    actor           text DEFAULT current_user,
    actor_role      text DEFAULT 'unit',
    contacted_at    timestamptz DEFAULT NULL,
    knowledge_articles text[] DEFAULT NULL)
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_unit_action(reply.order_no, 'reply', reply.actor, reply.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'result', reply.result, 'contacted', reply.contacted, 'contact_method', reply.contact_method,
        'contacted_at', reply.contacted_at,
        -- (the articles the reply rests on, each as id:version and in force:
        -- R-6.1, R-10.2; the hook refuses anything else)
        'knowledge_articles', (SELECT pg_catalog.jsonb_agg(@extschema@.kb_cite(c) ORDER BY n)
                               FROM unnest(reply.knowledge_articles) WITH ORDINALITY AS k(c, n)))), reply.unit)
$$;
COMMENT ON FUNCTION @extschema@.reply(@extschema@.order_no, text, text, boolean, text, text, text, timestamptz, text[]) IS
    '答复: the unit records its result, whether and how it contacted the citizen, and when it first did (先行联系, contacted_at: the response rate''s fact, issue 11), and the knowledge articles (policies, regulations) its reply rests on, by id or id:version, recorded as id:version; when every unit has replied the order goes to review (R-6.1, R-6.2, R-10.2)';

CREATE FUNCTION @extschema@.withdraw(
    order_no    @extschema@.order_no,
    unit        text,
    reason      text,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'dispatcher')
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_unit_action(withdraw.order_no, 'withdraw', withdraw.actor, withdraw.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('reason', withdraw.reason)), withdraw.unit)
$$;
COMMENT ON FUNCTION @extschema@.withdraw(@extschema@.order_no, text, text, text, text) IS
    '撤回: the hotline withdraws an assisting unit that is no longer needed, with a reason (R-4.4)';

CREATE FUNCTION @extschema@.resume(
    order_no    @extschema@.order_no,
    note        text DEFAULT NULL,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'dispatcher')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(resume.order_no, 'resume', resume.actor, resume.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('note', resume.note)))
$$;
COMMENT ON FUNCTION @extschema@.resume(@extschema@.order_no, text, text, text) IS
    '继续办理: an assisting unit returned the order and needs no replacement; the lead unit carries on, or the order goes to review if every remaining unit has replied (R-4.4, R-4.7)';

-- Review, callback, close (R-6.3, R-7, R-8)

CREATE FUNCTION @extschema@.review(
    order_no    @extschema@.order_no,
    accept      boolean,
    reason      text DEFAULT NULL,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'reviewer')
RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF review.accept IS NULL THEN
        RAISE EXCEPTION 'accept of hotline.review must be true or false, not null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass accept => true to accept the units'' reply, or accept => false with reason => ''...'' to send it back for redo (R-6.3).';
    END IF;
    RETURN @extschema@.apply_action(review.order_no,
        CASE WHEN review.accept THEN 'approve_reply' ELSE 'send_back' END,
        review.actor, review.actor_role,
        pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('reason', review.reason)));
END $$;
COMMENT ON FUNCTION @extschema@.review(@extschema@.order_no, boolean, text, text, text) IS
    '审核: the hotline accepts the units'' reply (callback due in 2 working days) or sends it back for redo with a reason (R-6.3)';

CREATE FUNCTION @extschema@.callback(
    order_no                @extschema@.order_no,
    process_satisfaction    text,
    result_satisfaction     text,
    note                    text DEFAULT NULL,
    actor                   text DEFAULT current_user,
    actor_role              text DEFAULT 'agent',
    solved                  boolean DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    not_last    boolean := false;
BEGIN
    -- PL/pgSQL, not SQL: a SQL function with a subquery is not inlined, and
    -- PostgreSQL parses and plans its body again at every call; the tries
    -- are counted apart, so that the call below is a simple expression,
    -- which PL/pgSQL evaluates without a statement of its own (issue 9)
    -- (operators qualified: a look-alike earlier on the caller's path is
    -- never called, issue 10)
    IF callback.process_satisfaction OPERATOR(pg_catalog.=) 'unreachable'
       AND callback.result_satisfaction OPERATOR(pg_catalog.=) 'unreachable' THEN
        SELECT t.done OPERATOR(pg_catalog.<) (t.allowed OPERATOR(pg_catalog.-) 1) INTO not_last
        FROM @extschema@.appeal_12345_callback_tries(callback.order_no) t;
    END IF;
    RETURN @extschema@.apply_action(callback.order_no,
        CASE WHEN callback.process_satisfaction OPERATOR(pg_catalog.=) 'dissatisfied'
                  AND callback.result_satisfaction OPERATOR(pg_catalog.=) 'dissatisfied'
             THEN 'callback_redo'
             WHEN callback.process_satisfaction OPERATOR(pg_catalog.=) 'unreachable'
                  AND callback.result_satisfaction OPERATOR(pg_catalog.=) 'unreachable'
                  AND not_last
             THEN 'callback_unreachable'
             ELSE 'callback' END,
        callback.actor, callback.actor_role,
        pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'process_satisfaction', callback.process_satisfaction,
            'result_satisfaction', callback.result_satisfaction, 'note', callback.note,
            'solved', callback.solved)));
END $$;
COMMENT ON FUNCTION @extschema@.callback(@extschema@.order_no, text, text, text, text, text, boolean) IS
    '回访: records the citizen''s satisfaction with process and result, and whether the matter was solved (解决/未解决, solved: the resolution rate''s fact, issue 11); dissatisfied with both sends the order back to the units for redo; unreachable (for both) is a try, made again on the next working days, and recorded as the callback at the last try (setting callback_tries) (R-7.2, R-7.3, R-7.4)';

CREATE FUNCTION @extschema@.callback(
    order_no                @extschema@.order_no,
    process_satisfaction    @extschema@.satisfaction,
    result_satisfaction     @extschema@.satisfaction,
    note                    text DEFAULT NULL,
    actor                   text DEFAULT current_user,
    actor_role              text DEFAULT 'agent',
    solved                  boolean DEFAULT NULL)
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.callback(callback.order_no, callback.process_satisfaction::text,
    callback.result_satisfaction::text, callback.note, callback.actor, callback.actor_role, callback.solved)
$$;
COMMENT ON FUNCTION @extschema@.callback(@extschema@.order_no, @extschema@.satisfaction, @extschema@.satisfaction, text, text, text, boolean) IS
    '回访 with typed satisfactions: the same as callback(order_no, text, text, ...) (R-7.2, R-7.3, R-7.4)';

CREATE FUNCTION @extschema@.close_order(
    order_no    @extschema@.order_no,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'reviewer')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(close_order.order_no, 'close', close_order.actor, close_order.actor_role, '{}')
$$;
COMMENT ON FUNCTION @extschema@.close_order(@extschema@.order_no, text, text) IS
    '办结: closes a reviewed (not sampled for callback) or called-back order (R-7.1, R-8.1)';

CREATE FUNCTION @extschema@.archive(
    order_no    @extschema@.order_no,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'reviewer')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(archive.order_no, 'archive', archive.actor, archive.actor_role, '{}')
$$;
COMMENT ON FUNCTION @extschema@.archive(@extschema@.order_no, text, text) IS
    '归档: files a closed or directly answered order (R-8.1)';

CREATE FUNCTION @extschema@.terminate(
    order_no    @extschema@.order_no,
    reason      text,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'supervisor')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(terminate.order_no, 'terminate', terminate.actor, terminate.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('reason', terminate.reason)))
$$;
COMMENT ON FUNCTION @extschema@.terminate(@extschema@.order_no, text, text, text) IS
    '终结: a supervisor ends an open order without a result, with a reason';

CREATE FUNCTION @extschema@.merge(
    order_no    @extschema@.order_no,
    into_order  @extschema@.order_no,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'dispatcher')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(merge.order_no, 'merge', merge.actor, merge.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('into', merge.into_order)))
$$;
COMMENT ON FUNCTION @extschema@.merge(@extschema@.order_no, @extschema@.order_no, text, text) IS
    '并案: merges an order into another open order about the same matter, which carries it (R-2.4)';

-- No EXECUTE for PUBLIC until the roles of R-11 exist (see above).
REVOKE ALL ON FUNCTION
    @extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb),
    @extschema@.appeal_12345_release(@extschema@.order_no, bigint, text, jsonb),
    @extschema@.appeal_12345_try_day(text, timestamptz),
    @extschema@.appeal_12345_callback_tries(@extschema@.order_no),
    @extschema@.assignment_of(@extschema@.order_no, text)
FROM PUBLIC;

-- The named functions, to the hotline's roles that act in this workflow
-- (its option db_roles): the engine decides per action whether the
-- caller's roles allow it, and records the caller's login (issue 10).
CREATE FUNCTION @extschema@.appeal_12345_grant() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    f   regprocedure;
BEGIN
    -- these constant signatures, never a caller's
    FOREACH f IN ARRAY ARRAY[
        '@extschema@.accept(text, text, text, text, text, text, text, boolean, text, text, text, timestamptz, text, double precision, double precision, text, text, text, text, text, name)',
        '@extschema@.appeal_12345_accused(@extschema@.order_no, name)',
        '@extschema@.reject(text, text, text, text, text, text, text, text, text, boolean, text, text, text, timestamptz, text, text, text, text)',
        '@extschema@.answer(text, text, text, text, text, text, text, text, text, text, boolean, text, text, text, timestamptz, text, text, text, text)',
        '@extschema@.callback(@extschema@.order_no, text, text, text, text, text, boolean)',
        '@extschema@.accept(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text, boolean, text, @extschema@.urgency, text, timestamptz, text, double precision, double precision, text, text, @extschema@.emergency_kind, text, text, name)',
        '@extschema@.reject(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text, text, text, boolean, text, @extschema@.urgency, text, timestamptz, text, text, text, text)',
        '@extschema@.answer(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text, text, text, text, boolean, text, @extschema@.urgency, text, timestamptz, text, text, text, text)',
        '@extschema@.dispatch(@extschema@.order_no, text, text, text, text[], text, text)',
        '@extschema@.sign_for(@extschema@.order_no, text, text, text)',
        '@extschema@.return_order(@extschema@.order_no, text, text, text, text)',
        '@extschema@.request_extension(@extschema@.order_no, text, text, timestamptz, text, text)',
        '@extschema@.decide_extension(@extschema@.order_no, text, boolean, timestamptz, text, text, text)',
        '@extschema@.pass_down(@extschema@.order_no, text, text[], text, text, text)',
        '@extschema@.reply(@extschema@.order_no, text, text, boolean, text, text, text, timestamptz, text[])',
        '@extschema@.withdraw(@extschema@.order_no, text, text, text, text)',
        '@extschema@.resume(@extschema@.order_no, text, text, text)',
        '@extschema@.review(@extschema@.order_no, boolean, text, text, text)',
        '@extschema@.callback(@extschema@.order_no, @extschema@.satisfaction, @extschema@.satisfaction, text, text, text, boolean)',
        '@extschema@.close_order(@extschema@.order_no, text, text)',
        '@extschema@.archive(@extschema@.order_no, text, text)',
        '@extschema@.terminate(@extschema@.order_no, text, text, text)',
        '@extschema@.merge(@extschema@.order_no, @extschema@.order_no, text, text)']::regprocedure[]
    LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO hotline_agent, hotline_dispatcher, '
                                  'hotline_reviewer, hotline_supervisor, hotline_unit', f);
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.appeal_12345_grant() IS
    'internal: the 12345 workflow''s named functions, not PUBLIC''s, to the hotline''s roles that act in it; run by CREATE EXTENSION and ALTER EXTENSION UPDATE';
REVOKE ALL ON FUNCTION @extschema@.appeal_12345_grant() FROM PUBLIC;
SELECT @extschema@.appeal_12345_grant();

-- ---------------------------------------------------------------------------
-- Reading definitions of 0.1.0.  Its engine knew this process: the unit
-- parameters and roles of a dispatch and a pass-down, one lead unit, no
-- complaint to its accused unit.  Those rules are this plugin's, so the
-- plugin says how a 0.1.0 definition reads today.
-- ---------------------------------------------------------------------------

-- Effects of the 0.1.0 shape in today's (used by the update from 0.1.0,
-- extension/upgrade/0.1.0--0.2.0/82_engine_generic.sql): 0.1.0's engine
-- read the units of an assign from lead_unit and assist_units and those of
-- a pass_down from sub_units, copied dispatch_mode and opinion, and cleared
-- replied_at on a reopening; today an effect declares them.  Effects already in today's shape are returned
-- as they are.
CREATE FUNCTION @extschema@.effects_from_0_1(effects jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT CASE WHEN jsonb_typeof(y.e -> 'reopen_assignments') = 'object' AND NOT y.e -> 'reopen_assignments' ? 'clear'
            THEN jsonb_set(y.e, '{reopen_assignments}', y.e -> 'reopen_assignments' || '{"clear": ["replied_at"]}')
            ELSE y.e END
FROM (SELECT CASE WHEN jsonb_typeof(x.e -> 'pass_down') = 'object' AND NOT x.e -> 'pass_down' ? 'units'
            THEN jsonb_set(x.e, '{pass_down}', x.e -> 'pass_down'
                 || '{"units": [{"param": "sub_units", "role": "sub"}], "columns": {"opinion": "opinion"}, "inherit": ["dispatch_mode"]}')
            ELSE x.e END AS e
FROM (SELECT CASE WHEN jsonb_typeof($1 -> 'assign') = 'object' AND NOT $1 -> 'assign' ? 'units'
                  THEN jsonb_set($1, '{assign}', $1 -> 'assign'
                       || '{"units": [{"param": "lead_unit", "role": "lead", "single": true}, {"param": "assist_units", "role": "assist"}], "columns": {"dispatch_mode": "dispatch_mode", "opinion": "opinion"}}')
                  ELSE $1 END AS e) x) y
$$;
COMMENT ON FUNCTION @extschema@.effects_from_0_1(jsonb) IS
    'internal: an action''s effects of the 0.1.0 shape in today''s (the units and copied columns of assign and pass_down that 0.1.0''s engine knew); today''s shape unchanged';

-- The options that reproduce 0.1.0's built-in rules for a workflow with
-- assignments (one lead unit at a time, R-4.4; no complaint or report to
-- the unit it is about, R-4.6); used by the update from 0.1.0.
CREATE FUNCTION @extschema@.options_from_0_1() RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT '{"one_open_role": "lead", "exclude_unit": {"unit_column": "accused_unit_id", "when_column": "appeal_type", "values": ["complaint", "report"]}, "db_roles": {"agent": "hotline_agent", "dispatcher": "hotline_dispatcher", "reviewer": "hotline_reviewer", "supervisor": "hotline_supervisor", "unit": "hotline_unit"}, "unit_roles": ["unit"]}'::jsonb
$$;
COMMENT ON FUNCTION @extschema@.options_from_0_1() IS
    'internal: the workflow options that reproduce 0.1.0''s built-in rules (one lead unit, no complaint to its accused unit), given by the update from 0.1.0 to workflows with assignments';
