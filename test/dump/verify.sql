-- After pg_dump and pg_restore of the database test/dump/setup.sql filled
-- (into an empty database: the restore creates the extensions):
--   1. users' calendars came back, built-in rows exactly once, and the
--      restored calendars compute what the originals did;
--   2. every table of schema hotline holds exactly the rows it held before
--      pg_dump (setup.sql kept them in public.dump_snapshot, with the row
--      counts and the sequences), built-in rows once, users' rows once;
--   3. the restored hotline goes on: the sequences continue after the
--      restored ids, a recomputation of every calendar finds every deadline
--      as it was, a sweep sends nothing already sent, new appeals get new
--      numbers and join the restored repeat group, the user's time limit and
--      escalation rule still replace the built-in ones.
-- test/run.sh runs it after a plain pg_restore and after README's parallel
-- restore (Installation, "Backup and restore"), of a -Fc and a -Fd dump.
-- One transaction, rolled back: now() is fixed from here on.
\set ON_ERROR_STOP true
SET client_min_messages = error;
-- as setup.sql wrote its snapshot: timestamps in UTC, names of schema hotline unqualified
SET TimeZone = 'UTC';
SET search_path = public, hotline;
BEGIN;
SELECT plan(51 + (SELECT count(*)::int FROM public.dump_count));

-- the orders of setup.sql by name
CREATE FUNCTION pg_temp.o(text) RETURNS hotline.order_no
    LANGUAGE sql STABLE AS $$ SELECT order_no FROM public.dump_order WHERE name = $1 $$;
CREATE FUNCTION pg_temp.alarm(text, text) RETURNS hotline.alarm
    LANGUAGE sql STABLE AS $$ SELECT * FROM hotline.alarm WHERE order_no = pg_temp.o($1) AND rule = $2 $$;
-- a row as compared: built-in years were loaded by CREATE EXTENSION, at its own time
CREATE FUNCTION pg_temp.norm(tbl text, r jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN tbl = 'calendar_year' AND (r ->> 'builtin')::boolean THEN r - 'loaded_at' ELSE r END $$;
-- the largest value of an identity column (NULL for an empty table)
CREATE FUNCTION pg_temp.max_id(tbl text, col text) RETURNS bigint
    LANGUAGE plpgsql STABLE AS $$
DECLARE m bigint;
BEGIN
    EXECUTE format('SELECT max(%I) FROM hotline.%I', col, tbl) INTO m;
    RETURN m;
END $$;
-- what was there before anything below adds rows
CREATE TEMP TABLE restored AS
SELECT (SELECT max(id) FROM hotline.outbox) AS outbox, (SELECT max(id) FROM hotline.order_event) AS events,
       (SELECT max(id) FROM hotline.supervision) AS supervision, (SELECT max(order_no) FROM hotline.work_order) AS order_no,
       (SELECT max(id) FROM hotline.job_run) AS job_run;

-- ---------------------------------------------------------------------------
-- 1. Calendars
-- ---------------------------------------------------------------------------
SELECT is(ARRAY(SELECT name || ':' || coalesce(base, '-') || ':' || builtin FROM hotline.calendar ORDER BY name),
          '{24x7:-:false,beijing:cn:false,cn:-:true,dongcheng:beijing:false,urumqi:cn:false}'::text[],
          'calendars restored, cn once');
SELECT is((SELECT count(*)::int FROM hotline.calendar_day WHERE builtin), 254, 'built-in days once, not twice');
SELECT is(ARRAY(SELECT calendar || ':' || day || ':' || kind FROM hotline.calendar_day WHERE NOT builtin ORDER BY 1),
          '{beijing:2026-12-01:holiday,cn:2027-01-01:holiday,dongcheng:2026-12-01:workday}'::text[],
          'users'' days restored, also those added to cn');
SELECT is(hotline.covered_years('cn'), '{2020,2021,2022,2023,2024,2025,2026,2027}'::int[], 'the year added to cn is restored');
SELECT is(hotline.is_working_day('beijing', '2026-12-01'), false, 'beijing day off');
SELECT is(hotline.is_working_day('dongcheng', '2026-12-01'), true, 'dongcheng overrides beijing');
SELECT is(hotline.deadline('urumqi', '2026-10-09 01:00+08', '1 working day'), '2026-10-10 00:00+06', 'urumqi keeps its zone');
SELECT is((SELECT business_hours::text FROM hotline.calendar WHERE name = '24x7'), '{"[00:00:00,24:00:00)"}', '24x7 keeps its hours');

-- ---------------------------------------------------------------------------
-- 2. Every row as before pg_dump
-- ---------------------------------------------------------------------------
SELECT is(ARRAY(SELECT tablename::text FROM pg_tables WHERE schemaname = 'hotline' AND tablename <> 'calendar_change'
                ORDER BY 1),
          ARRAY(SELECT tbl FROM public.dump_count ORDER BY 1),
          'the same tables as before (but the queue of calendar changes, which pg_dump leaves out)');
SELECT is(ARRAY(SELECT c.tbl || ':' || (SELECT count(*) FROM public.dump_snapshot s WHERE s.tbl = c.tbl) FROM public.dump_count c ORDER BY 1),
          ARRAY(SELECT tbl || ':' || n FROM public.dump_count ORDER BY 1),
          'the snapshot is whole (setup.sql''s counts)');
SELECT is(ARRAY(SELECT c.tbl || ':' || (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM hotline.%I', c.tbl),
                                                                           false, true, '')))[1]::text
                FROM public.dump_count c ORDER BY 1),
          ARRAY(SELECT tbl || ':' || n FROM public.dump_count ORDER BY 1),
          'every table has as many rows as before pg_dump');
-- one test per table, the rows as jsonb: on a failure pgTAP lists the rows missing or extra
SELECT bag_eq(format('SELECT pg_temp.norm(%L, to_jsonb(t)) FROM hotline.%I t', c.tbl, c.tbl),
              format('SELECT pg_temp.norm(tbl, row) FROM public.dump_snapshot WHERE tbl = %L', c.tbl),
              format('hotline.%s: the same rows as before pg_dump', c.tbl) || coalesce(' (' || CASE c.tbl
                  WHEN 'order_event' THEN 'the append-only history, ids and times'
                  WHEN 'alarm' THEN 'fired counts, next fire times'
                  WHEN 'outbox' THEN 'dedup keys, states, attempts, leases'
                  WHEN 'workflow_escalation' THEN 'the built-in rules once, the user''s rule'
                  WHEN 'workflow_limit' THEN 'the built-in limits once, the user''s limit'
                  WHEN 'job' THEN 'the built-in jobs once, the user''s job'
                  WHEN 'order_number_seq' THEN 'the counters of order numbers'
                  WHEN 'calendar_day' THEN 'built-in days once'
                  WHEN 'calendar_year' THEN 'built-in years once, loaded when the extension was created'
                  END || ')', ''))
FROM public.dump_count c ORDER BY c.tbl;

-- what setup.sql did, as the restored rows say it
SELECT is(ARRAY(SELECT d.name || ':' || w.state FROM public.dump_order d JOIN hotline.work_order w USING (order_no) ORDER BY 1),
          '{answered:answered,archived:archived,emergency:accepted,heat1:dispatched,heat2:merged,not_accepted:not_accepted,overdue:dispatched,passed:dispatched,redo:redo,reminded:dispatched,returned:returned,reviewed:reviewed,terminated:terminated,visit:scheduled}'::text[],
          'orders in every state of the 12345 workflow, and a home visit booked');
SELECT is((SELECT merged_into FROM hotline.work_order WHERE order_no = pg_temp.o('heat2')), pg_temp.o('heat1'),
          'the merged order still names its carrier');
SELECT is(ARRAY(SELECT u.code || ':' || a.role || ':' || a.state || ':' || coalesce(pu.code, '-')
                FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id
                LEFT JOIN hotline.assignment p ON p.id = a.parent_id LEFT JOIN hotline.unit pu ON pu.id = p.unit_id
                WHERE a.order_no = pg_temp.o('passed') ORDER BY a.id),
          '{dc-gov:lead:passed_down:-,dc-dhm:sub:dispatched:dc-gov}'::text[],
          'the sub-unit''s assignment keeps its parent, the sub-unit its level 2');
SELECT is((SELECT count(*)::int FROM hotline.order_event WHERE action IN ('hasten', 'remind', 'public_notice')), 4,
          'the sweeps'' events: a reminder, two hastenings, a public notice');
SELECT is(ROW((pg_temp.alarm('overdue', 'hasten_reply')).fired, (pg_temp.alarm('reminded', 'remind_reply')).fired,
              (SELECT sum(fired)::int FROM hotline.alarm))::text, '(2,1,3)',
          'alarms: the overdue unit hastened twice, the other reminded once, nothing else fired');
SELECT is(ARRAY(SELECT dedup_key FROM hotline.outbox WHERE template IN ('remind', 'hasten', 'notice') ORDER BY 1),
          ARRAY(SELECT k FROM unnest(ARRAY['hasten:' || (pg_temp.alarm('overdue', 'hasten_reply')).id || ':1',
                                           'hasten:' || (pg_temp.alarm('overdue', 'hasten_reply')).id || ':2',
                                           'remind:' || (pg_temp.alarm('reminded', 'remind_reply')).id || ':1',
                                           'notice:' || (SELECT id FROM hotline.public_notice)]) k ORDER BY 1),
          'the sweeps'' messages keep their dedup keys');
SELECT is(ARRAY(SELECT d.name || ':' || s.reason || ':' || coalesce(s.rule, '-') || ':' || (s.closed_at IS NOT NULL)
                          || ':' || (SELECT count(*) FROM hotline.supervision_record r WHERE r.supervision_id = s.id)
                FROM hotline.supervision s JOIN public.dump_order d USING (order_no) ORDER BY s.id),
          '{returned:returned:bad_handling:false:1,passed:manual:-:true:2,redo:sent_back:bad_handling:false:1,emergency:emergency:emergency:false:2,overdue:notice:public_notice:false:1}'::text[],
          'supervision by rules and by hand, with their records');
SELECT is(ARRAY(SELECT g.kind || ':' || count(*) FROM hotline.repeat_group g JOIN hotline.repeat_member m ON m.group_id = g.id GROUP BY g.id, g.kind),
          '{one_person:2}'::text[], 'the repeat group and its members');
SELECT is(ARRAY(SELECT job FROM hotline.job_run ORDER BY id),
          '{sweep,sweep,sweep,sample_callbacks,archive,recompute_deadlines}'::text[], 'the job runs');

-- built-in rows once, users' rows once, the user's rows still in force
SELECT is((SELECT count(*)::int FROM hotline.workflow_escalation WHERE workflow = 'appeal_12345' AND builtin), 10,
          'the 12345 workflow''s built-in escalation rules exactly once');
SELECT is(ARRAY(SELECT rule || ':' || builtin FROM hotline.workflow_escalation WHERE workflow = 'appeal_12345'
                GROUP BY rule, builtin HAVING count(*) > 1),
          '{}'::text[], 'no escalation rule twice');
SELECT is((SELECT count(*)::int FROM hotline.workflow_limit WHERE builtin), 26, 'the built-in time limits once (23 of 12345, 3 of the home visit)');
SELECT is(ARRAY(SELECT name || ':' || builtin FROM hotline.job ORDER BY name),
          '{archive:true,audit_histories:true,check_histories:true,kb_remind_reviews:true,purge_outbox:false,recompute_deadlines:true,refresh_statistics:true,sample_callbacks:true,sweep:true}'::text[],
          'the built-in jobs once, the user''s job');
SELECT is((SELECT builtin::text || ':' || (settings #>> '{returned,threshold}') FROM hotline.escalation_rule
           WHERE workflow = 'appeal_12345' AND rule = 'bad_handling'), 'false:1',
          'the user''s bad_handling rule is the one in force, not the built-in one');

-- ---------------------------------------------------------------------------
-- 3. The restored hotline goes on
-- ---------------------------------------------------------------------------
-- (at least: nextval is not rolled back, so a second run of this file finds them further on)
SELECT is(ARRAY(SELECT d.seq FROM public.dump_sequence d
                LEFT JOIN pg_sequences s ON s.schemaname = 'hotline' AND s.sequencename = d.seq
                WHERE d.seq <> 'calendar_change_id_seq' AND coalesce(s.last_value, 0) < coalesce(d.last_value, 0)
                ORDER BY 1),
          '{}'::text[], 'the sequences are where they were before pg_dump');
SELECT is(ARRAY(SELECT c.relname || '.' || a.attname
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attidentity <> '' AND NOT a.attisdropped
                JOIN pg_sequences s ON format('%I.%I', s.schemaname, s.sequencename)
                                       = pg_get_serial_sequence(format('hotline.%I', c.relname), a.attname)
                WHERE n.nspname = 'hotline' AND c.relkind = 'r'
                  AND pg_temp.max_id(c.relname, a.attname) > coalesce(s.last_value, 0)
                ORDER BY 1),
          '{}'::text[], 'every identity sequence is past the restored ids');

-- a plain pg_restore queued the restored users' days again (the calendars'
-- triggers), README's parallel restore nothing (--disable-triggers); either
-- way, every calendar queued once more as README's steps after a restore do,
-- a recomputation moves nothing
INSERT INTO hotline.calendar_change (calendar) SELECT name FROM hotline.calendar WHERE base IS NULL;
SELECT is(hotline.recompute_deadlines() ->> 'assignments_moved', '0',
          'a recomputation of every calendar finds every deadline as it was');
SELECT is((SELECT count(*)::int FROM hotline.calendar_change WHERE done_at IS NULL), 0,
          'it took every queued change, the restore''s and the whole calendars''');

-- a sweep right away sends nothing: what was sent stays sent
SELECT is(hotline.sweep() - 'left_for_next_run',
          '{"reminders": 0, "hastenings": 0, "notices": 0, "retired": 0, "messages": 0}'::jsonb,
          'a sweep after the restore finds nothing due');
-- the overdue unit's next hastening comes due; the reminded unit's deadline moves
UPDATE hotline.alarm SET fire_at = now() WHERE order_no = pg_temp.o('overdue') AND rule = 'hasten_reply';
UPDATE hotline.assignment SET reply_due = now() + interval '1 hour' WHERE order_no = pg_temp.o('reminded') AND closed_at IS NULL;
SELECT is(hotline.sweep() - 'left_for_next_run',
          '{"reminders": 0, "hastenings": 1, "notices": 0, "retired": 0, "messages": 1}'::jsonb,
          'the third hastening, no second public notice, the reminder not again');
SELECT is(ARRAY(SELECT dedup_key FROM hotline.outbox WHERE id > (SELECT outbox FROM restored)),
          ARRAY['hasten:' || (pg_temp.alarm('overdue', 'hasten_reply')).id || ':3'],
          'one new message, with a key of its own');
SELECT is(ARRAY(SELECT job FROM hotline.job_run WHERE id > (SELECT job_run FROM restored) ORDER BY id),
          '{recompute_deadlines,sweep,sweep}'::text[], 'the runs are logged after the restored ones');

-- new appeals: new numbers, the emergency reported, the repeat group joined
SELECT cmp_ok(hotline.accept(region => '110101', appeal_type => 'report', channel => 'phone', topic => 'wsjk',
                             emergency => 'public_health', description => '学校食堂多名学生就餐后腹痛',
                             address => '和平里中街 3 号', actor => '话务员 0201'),
              '>', (SELECT order_no FROM restored), 'a new order after the restore gets a new number');
INSERT INTO public.dump_order
SELECT 'new_emergency', order_no FROM hotline.work_order WHERE order_no > (SELECT order_no FROM restored);
SELECT is(ARRAY(SELECT template || ':' || recipient_user || ':' || dedup_key FROM hotline.outbox
                WHERE order_no = pg_temp.o('new_emergency') ORDER BY id),
          ARRAY['supervise:supervisors:supervise:' || (SELECT id FROM hotline.supervision WHERE order_no = pg_temp.o('new_emergency')),
                format('emergency:emergency_department:emergency:%s:emergency_department', pg_temp.o('new_emergency')),
                format('emergency:duty_office:emergency:%s:duty_office', pg_temp.o('new_emergency'))],
          'its emergency is reported and supervised, with dedup keys of its own');
SELECT is(ARRAY(SELECT reason FROM hotline.supervision WHERE order_no = pg_temp.o('new_emergency')), '{emergency}'::text[],
          'under supervision');
SELECT lives_ok($$SELECT hotline.accept(region => '110101', appeal_type => 'complaint', channel => 'phone', topic => 'cxjs-gr',
                                        description => '暖气依旧不热，第三次反映', citizen_phone => '139-1000-2000',
                                        actor => '话务员 0202')$$,
                'the same citizen calls again about the heating');
SELECT is(ARRAY(SELECT g.kind || ':' || count(*) FROM hotline.repeat_group g JOIN hotline.repeat_member m ON m.group_id = g.id GROUP BY g.id, g.kind),
          '{one_person:3}'::text[], 'and joins the restored repeat group, no new group');
SELECT is((SELECT count(*)::int FROM hotline.citizen WHERE phone = '13910002000'), 1, 'the citizen is found again, not added');
SELECT is((SELECT rule || ':' || (closed_at IS NULL) FROM hotline.supervision WHERE order_no = pg_temp.o('heat1') AND reason = 'repeat'),
          'repeat_person:true', 'three orders: the carrier is put under supervision');

-- the user's time limit and escalation rule still replace the built-in ones
SELECT is(hotline.dispatch(pg_temp.o('new_emergency'), lead_unit => 'dc-zjw', opinion => '请立即核查', dispatch_mode => 'phone'),
          'dispatched', 'the new order is dispatched by phone');
SELECT is((SELECT reply_due FROM hotline.assignment WHERE order_no = pg_temp.o('new_emergency')),
          now() + interval '4 hours', 'an emergency is very urgent: reply due in 4 hours (R-2.3)');
SELECT is(hotline.workflow_time_limit('appeal_12345', 'reply', '{"dispatch_mode": "phone", "urgency": "normal", "appeal_type": "report"}'), '2 working days'::hotline.time_limit,
          'a normal phone dispatch: reply in 2 working days, the user''s limit, not the built-in 3');
SELECT is((hotline.return_order(pg_temp.o('new_emergency'), 'dc-zjw', '应由卫健委牵头')).order_state, 'returned', 'the unit returns it once');
SELECT is((SELECT rule FROM hotline.supervision WHERE order_no = pg_temp.o('new_emergency') AND reason = 'returned'),
          'bad_handling', 'one return opens supervision: the user''s rule (the built-in one waits for two)');
SELECT is(ARRAY(SELECT d.name || ':' || s.reason FROM hotline.supervision s JOIN public.dump_order d USING (order_no)
                WHERE s.id > (SELECT supervision FROM restored) ORDER BY s.id),
          '{new_emergency:emergency,heat1:repeat,new_emergency:returned}'::text[], 'new supervision after the restored ones');
SELECT bag_eq($$SELECT to_jsonb(t) FROM hotline.order_event t WHERE id <= (SELECT events FROM restored)$$,
              $$SELECT row FROM public.dump_snapshot WHERE tbl = 'order_event'$$,
              'the restored history is untouched: the new events come after it');
SELECT is_empty('SELECT * FROM hotline.verify_histories()',
                'the restored histories'' hash chains are intact, and the new events chain on from them (R-1.6)');
SELECT bag_eq($$SELECT to_jsonb(t) FROM hotline.outbox t WHERE id <= (SELECT outbox FROM restored)$$,
              $$SELECT row FROM public.dump_snapshot WHERE tbl = 'outbox'$$,
              'the restored messages are untouched: nothing was posted twice');
-- the restored home visit goes on: its staff member is still booked (the
-- exclusion constraint came back), and its invitation is moved again
CREATE TEMP TABLE visit2 AS SELECT hotline.apply_home_visit('110101', 'dc-zwfw', 'difficulty', '行动不便',
                                                         '办理社保认证', '东城区北新桥') AS no;
SELECT hotline.approve_visit(no) FROM visit2;
SELECT throws_ok($$SELECT hotline.book_visit(no, '2030-03-04 14:30+08', '2030-03-04 15:00+08', '{dump_chen}') FROM visit2$$,
                 '23P01', NULL, 'the restored booking keeps its staff member from another visit at that time');
SELECT is((SELECT (hotline.reschedule_visit(order_no, '2030-03-05 09:00+08', '2030-03-05 10:00+08', '单位调整')).order_state
           FROM public.dump_order WHERE name = 'visit'), 'scheduled', 'the restored visit is moved again');
SELECT * FROM finish();
ROLLBACK;
