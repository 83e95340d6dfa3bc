-- Callbacks that cannot reach the citizen (回访, issue 8; R-7.2, R-7.4,
-- R-1.6): unreachable is all or nothing; a failed try is an event that
-- moves callback_due to the next working day (limit callback_retry); tries
-- count once per working day of the workflow's calendar (a second try on
-- the same working day is refused); only the last of callback_tries tries
-- (setting, 3) records the callback as unreachable and ends it.  A city
-- changes the number of tries with a row of its own in
-- hotline.workflow_setting.
--
-- Everything runs in one transaction at one now(): tries "on earlier
-- working days" are events inserted into the history with an earlier time
-- (the history takes INSERTs; only UPDATE and DELETE are refused), after
-- the order's approve_reply event, as the agents would have recorded them.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(54);

INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('cr-cgw', '东城区城市管理委员会', '110101', 'department');

CREATE SCHEMA t;
CREATE TABLE t.ord (name text PRIMARY KEY, no hotline.order_no NOT NULL);
CREATE FUNCTION t.o(text) RETURNS hotline.order_no
    LANGUAGE sql STABLE AS $$ SELECT no FROM t.ord WHERE name = $1 $$;
CREATE FUNCTION t.wo(text) RETURNS hotline.work_order
    LANGUAGE sql STABLE AS $$ SELECT w FROM hotline.work_order w WHERE w.order_no = t.o($1) $$;
CREATE FUNCTION t.events(text) RETURNS text[]
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(e.action ORDER BY e.id), '{}') FROM hotline.order_event e WHERE e.order_no = t.o($1) $$;
CREATE FUNCTION t.last_event(text) RETURNS hotline.order_event
    LANGUAGE sql STABLE AS $$
    SELECT e FROM hotline.order_event e WHERE e.order_no = t.o($1) ORDER BY e.id DESC LIMIT 1 $$;
-- an order whose reply was accepted: waiting for its callback
CREATE FUNCTION t.reviewed(name text) RETURNS hotline.order_no LANGUAGE plpgsql AS $$
DECLARE
    o hotline.order_no;
BEGIN
    o := hotline.accept('110101', 'complaint', 'phone', '路灯不亮已一周：' || name);
    INSERT INTO t.ord VALUES (name, o);
    PERFORM hotline.dispatch(o, 'cr-cgw', '请核实处理');
    PERFORM hotline.sign_for(o, 'cr-cgw');
    PERFORM hotline.reply(o, 'cr-cgw', '路灯已修复', true, 'phone');
    PERFORM hotline.review(o, true);
    RETURN o;
END $$;
-- the working day n working days before today's (Asia/Shanghai), 10:00 local
CREATE FUNCTION t.working_day_before(n integer) RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
DECLARE
    d date := hotline.appeal_12345_try_day('cn', now());
BEGIN
    FOR k IN 1 .. n LOOP
        d := d - 1;
        WHILE NOT hotline.is_working_day('cn', d) LOOP
            d := d - 1;
        END LOOP;
    END LOOP;
    RETURN (d + time '10:00') AT TIME ZONE 'Asia/Shanghai';
END $$;
-- a try an agent recorded on an earlier working day
CREATE FUNCTION t.earlier_try(name text, at timestamptz) RETURNS void LANGUAGE sql AS $$
    INSERT INTO hotline.order_event (order_no, actor, role, action, from_state, to_state, at, payload)
    VALUES (t.o(name), '回访员 (test)', 'agent', 'callback_unreachable', 'reviewed', 'reviewed', at,
            '{"process_satisfaction": "unreachable", "result_satisfaction": "unreachable"}')
$$;
CREATE FUNCTION t.count_events() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM hotline.order_event $$;

-- ---------------------------------------------------------------------------
-- 1. The workflow's data: the number of tries is a setting, the spacing a limit
-- ---------------------------------------------------------------------------
SELECT is((SELECT value FROM hotline.workflow_setting WHERE workflow = 'appeal_12345' AND setting = 'callback_tries' AND builtin),
          '3'::jsonb, 'three tries by default (setting callback_tries, built in)');
SELECT is(hotline.workflow_setting_value('appeal_12345', 'callback_tries'), '3'::jsonb, 'the setting in force');
SELECT is(hotline.workflow_time_limit('appeal_12345', 'callback_retry', '{"urgency": "normal", "appeal_type": "complaint"}'),
          '1 working day'::hotline.time_limit, 'the next try is due 1 working day later (limit callback_retry)');
SELECT is((SELECT ROW(a.to_state, a.from_states, a.effects)::text FROM hotline.workflow_action a
           WHERE a.workflow = 'appeal_12345' AND a.action = 'callback_unreachable'),
          ROW(NULL::text, '{reviewed}'::text[], '{"set_due": {"column": "callback_due", "deadline": "callback_retry"}}'::jsonb)::text,
          'a failed try is an action that keeps the order reviewed and moves callback_due');
SELECT throws_ok($$UPDATE hotline.workflow_setting SET value = '5' WHERE workflow = 'appeal_12345' AND builtin$$,
                 '23001', NULL, 'built-in settings are read-only');

-- the working day a try counts for (calendar cn, R-12.1): a rest day counts
-- for the next working day; days are the calendar's local days (R-12.3)
SELECT is(hotline.appeal_12345_try_day('cn', '2026-11-27 15:00+08'), DATE '2026-11-27', 'a Friday is its own working day');
SELECT is(hotline.appeal_12345_try_day('cn', '2026-11-28 10:00+08'), DATE '2026-11-30', 'a Saturday counts for Monday');
SELECT is(hotline.appeal_12345_try_day('cn', '2026-11-27 16:30+00'), DATE '2026-11-30',
          '00:30 on Saturday in Beijing is a Saturday, whatever the session''s zone');
SELECT is(hotline.appeal_12345_try_day('cn', '2026-10-03 10:00+08'), DATE '2026-10-08',
          'National Day counts for the first working day after the holiday');
SELECT is(hotline.appeal_12345_try_day('cn', '2026-10-10 10:00+08'), DATE '2026-10-10',
          'the Saturday worked after National Day (补班) is a working day');

-- ---------------------------------------------------------------------------
-- 2. Unreachable is all or nothing (R-7.2)
-- ---------------------------------------------------------------------------
SELECT isnt(t.reviewed('mixed'), NULL, 'an order waiting for its callback');
SELECT t.count_events() AS n \gset
SELECT throws_ok(format($q$SELECT hotline.callback(%L, 'unreachable', 'satisfied')$q$, t.o('mixed')),
                 '22023', 'process_satisfaction "unreachable" contradicts result_satisfaction "satisfied"',
                 'unreachable for the process but satisfied with the result is refused');
SELECT throws_ok(format($q$SELECT hotline.callback(%L, 'dissatisfied', 'unreachable')$q$, t.o('mixed')),
                 '22023', 'process_satisfaction "dissatisfied" contradicts result_satisfaction "unreachable"',
                 'and the other way round');
SELECT throws_ok(format($q$SELECT hotline.apply_action(%L, 'callback', 'x', 'agent',
                        '{"process_satisfaction": "unreachable", "result_satisfaction": "basically_satisfied"}')$q$, t.o('mixed')),
                 '22023', NULL, 'through the engine too');
SELECT throws_ok(format($q$SELECT hotline.apply_action(%L, 'callback_unreachable', 'x', 'agent',
                        '{"process_satisfaction": "satisfied", "result_satisfaction": "satisfied"}')$q$, t.o('mixed')),
                 '22023', NULL, 'a failed try is not a satisfied citizen');
SELECT is(ROW((t.wo('mixed')).state, t.count_events())::text, ROW('reviewed', :n)::text,
          'nothing was written: the order waits for its callback, no event');

-- ---------------------------------------------------------------------------
-- 3. The first try fails: recorded, the callback due the next working day
-- ---------------------------------------------------------------------------
SELECT isnt(t.reviewed('first'), NULL, 'another order waiting for its callback');
SELECT is(hotline.callback(t.o('first'), 'unreachable', 'unreachable', '无人接听', actor => '回访员 赵琳'), 'reviewed',
          'the citizen cannot be reached: the order still waits for its callback');
SELECT is(ROW((t.last_event('first')).action, (t.last_event('first')).actor, (t.last_event('first')).from_state,
              (t.last_event('first')).to_state, (t.last_event('first')).payload)::text,
          ROW('callback_unreachable', '回访员 赵琳', 'reviewed', 'reviewed',
              '{"note": "无人接听", "process_satisfaction": "unreachable", "result_satisfaction": "unreachable"}'::jsonb)::text,
          'the failed try is an event of the order, with who, the note and the satisfactions (R-1.6, R-7.4)');
SELECT is((t.wo('first')).callback_due, hotline.deadline('cn', now(), '1 working day'),
          'callback_due moves to the end of the next working day');
SELECT is((SELECT a.due_at FROM hotline.alarm a WHERE a.order_no = t.o('first') AND a.rule = 'remind_callback'),
          (t.wo('first')).callback_due, 'the callback reminder follows the new due time');
SELECT t.count_events() AS n \gset
SELECT throws_ok(format($q$SELECT hotline.callback(%L, 'unreachable', 'unreachable')$q$, t.o('first')),
                 '55000', NULL, 'a second try on the same working day is refused');
SELECT throws_like(format($q$SELECT hotline.callback(%L, 'unreachable', 'unreachable')$q$, t.o('first')),
                   '%on working day ' || hotline.appeal_12345_try_day('cn', now()) || ' already', 'naming the working day');
SELECT is(ROW((t.wo('first')).callback_due, t.count_events())::text,
          ROW(hotline.deadline('cn', now(), '1 working day'), :n)::text, 'and it wrote nothing');
SELECT is(hotline.callback(t.o('first'), 'satisfied', 'basically_satisfied', '回电后联系上'), 'callback_done',
          'the citizen called back later the same day is recorded as usual');
SELECT is((t.wo('first')).callback_due, NULL, 'no callback is due any more');

-- the engine's own actions cannot skip the tries
SELECT isnt(t.reviewed('direct'), NULL, 'an order waiting for its callback');
SELECT throws_like(format($q$SELECT hotline.apply_action(%L, 'callback', 'x', 'agent',
                          '{"process_satisfaction": "unreachable", "result_satisfaction": "unreachable"}')$q$, t.o('direct')),
                   '%recorded only at the last try: this is try 1 of 3', 'an unreachable callback at the first try is refused');

-- ---------------------------------------------------------------------------
-- 4. Tries on different working days; the last one ends the callback
-- ---------------------------------------------------------------------------
SELECT isnt(t.reviewed('second'), NULL, 'an order tried once on the last working day');
SELECT t.earlier_try('second', t.working_day_before(1));
SELECT is(hotline.callback(t.o('second'), 'unreachable', 'unreachable'), 'reviewed', 'today''s try is the second: still waiting');
SELECT is((SELECT count(*)::int FROM hotline.order_event WHERE order_no = t.o('second') AND action = 'callback_unreachable'), 2,
          'two failed tries in the history');
SELECT is((t.wo('second')).callback_due, hotline.deadline('cn', now(), '1 working day'), 'the third is due the next working day');

SELECT isnt(t.reviewed('third'), NULL, 'an order tried on the two working days before');
SELECT t.earlier_try('third', t.working_day_before(2));
SELECT t.earlier_try('third', t.working_day_before(1));
SELECT throws_like(format($q$SELECT hotline.apply_action(%L, 'callback_unreachable', 'x', 'agent',
                          '{"process_satisfaction": "unreachable", "result_satisfaction": "unreachable"}')$q$, t.o('third')),
                   'try 3 of 3 is the last callback%', 'the last try is not one more failed try');
SELECT is(hotline.callback(t.o('third'), 'unreachable', 'unreachable', '三个工作日均无人接听'), 'callback_done',
          'the third try fails too: the callback is recorded as unreachable (R-7.2)');
SELECT is(ROW((t.last_event('third')).action, (t.last_event('third')).payload ->> 'process_satisfaction',
              (t.last_event('third')).payload ->> 'result_satisfaction')::text,
          ROW('callback', 'unreachable', 'unreachable')::text, 'as the callback of the order, unreachable for both (R-7.4)');
SELECT is((t.wo('third')).callback_due, NULL, 'no callback is due any more');
SELECT is(hotline.close_order(t.o('third')), 'closed', 'and the order is closed (办结)');
SELECT is(t.events('third'),
          '{accept,dispatch,sign_for,reply,approve_reply,callback_unreachable,callback_unreachable,callback,close}'::text[],
          'the history holds every try');

-- a try recorded earlier today, by another agent, counts for today
SELECT isnt(t.reviewed('samed'), NULL, 'an order tried today already, as recorded');
SELECT t.earlier_try('samed', now() - interval '1 second');
SELECT throws_ok(format($q$SELECT hotline.callback(%L, 'unreachable', 'unreachable')$q$, t.o('samed')),
                 '55000', NULL, 'a try counts once per working day, whoever recorded the first');

-- ---------------------------------------------------------------------------
-- 5. A redo starts the count again (R-7.3)
-- ---------------------------------------------------------------------------
SELECT isnt(t.reviewed('redo'), NULL, 'an order tried on the two working days before');
SELECT t.earlier_try('redo', t.working_day_before(2));
SELECT t.earlier_try('redo', t.working_day_before(1));
SELECT is(hotline.callback(t.o('redo'), 'dissatisfied', 'dissatisfied', '联系上了，仍不满意'), 'redo',
          'reached at last and dissatisfied with both: back to the unit');
SELECT is((hotline.reply(t.o('redo'), 'cr-cgw', '更换线路，路灯已恢复', true, 'visit')).order_state, 'replied', 'the unit replies again');
SELECT is(hotline.review(t.o('redo'), true), 'reviewed', 'the new reply is accepted');
SELECT is(hotline.callback(t.o('redo'), 'unreachable', 'unreachable'), 'reviewed',
          'the callback of the new reply starts with try 1 of 3');

-- ---------------------------------------------------------------------------
-- 6. A city changes the number of tries with a row of its own
-- ---------------------------------------------------------------------------
INSERT INTO hotline.workflow_setting (workflow, setting, value, description)
    VALUES ('appeal_12345', 'callback_tries', '2', '本市: 两次回访未接通即按无法联系办结');
SELECT is(hotline.workflow_setting_value('appeal_12345', 'callback_tries'), '2'::jsonb, 'the city''s setting wins over the built-in one');
SELECT isnt(t.reviewed('city'), NULL, 'an order tried on the last working day');
SELECT t.earlier_try('city', t.working_day_before(1));
SELECT is(hotline.callback(t.o('city'), 'unreachable', 'unreachable'), 'callback_done', 'the second try is the last');
UPDATE hotline.workflow_setting SET value = '1' WHERE workflow = 'appeal_12345' AND NOT builtin;
SELECT isnt(t.reviewed('once'), NULL, 'with one try');
SELECT is(hotline.callback(t.o('once'), 'unreachable', 'unreachable'), 'callback_done', 'the first try is the last');
UPDATE hotline.workflow_setting SET value = '"three"' WHERE workflow = 'appeal_12345' AND NOT builtin;
SELECT isnt(t.reviewed('badset'), NULL, 'with a setting that is no number');
SELECT throws_like(format($q$SELECT hotline.callback(%L, 'unreachable', 'unreachable')$q$, t.o('badset')),
                   'setting callback_tries of workflow "appeal_12345" is "three", not a number of tries',
                   'the setting is named in the error');
DELETE FROM hotline.workflow_setting WHERE workflow = 'appeal_12345' AND NOT builtin;
SELECT is(hotline.callback(t.o('badset'), 'unreachable', 'unreachable'), 'reviewed', 'without it, the built-in three tries again');

SELECT * FROM finish();
ROLLBACK;
