-- Issue 11, parts 3 to 6: the assessment of a hand-computed month (R-9.3).
-- Four units (东城区 with its streets 和平里 and 景山, and 市住建委), ten
-- orders of this month, the one before and a year before: a satisfied one,
-- a redo (发回重办) with a dissatisfied, unsolved callback, a return and an
-- unreachable callback, an exempted order (免考), a late and hastened one,
-- one not signed for, an answer on the spot and a rejection.  Every figure
-- is checked against the numbers worked out by hand in the comments; the
-- statistics job folds the orders step by step (incrementally) and the
-- rollups equal the ones built again from the whole history.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(30);

\ir ../data/assessment_month.sql
SELECT is(:'step1_rebuilt'::text, 'true', 'the first run of the statistics job builds everything');
SELECT is(:'step2_rebuilt'::text, 'false', 'the next runs fold the orders whose history grew');
SELECT is(:'step3_exempted'::text, '1', 'the next run folds the approved exemption');
SELECT is((hotline.refresh_statistics() ->> 'orders')::int, 12,
          'a run folds the orders with events since its last start, less hotline.statistics_margin');
CREATE FUNCTION t.m() RETURNS date LANGUAGE sql AS $$ SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date $$;
GRANT USAGE ON SCHEMA t TO PUBLIC;

-- The counts, by hand.  和平里 (am-hpm): o1, o3 (returned), o5 = 3 dispatched,
-- 2 counted; both signed, contacted in time, replied and closed; o1 on time,
-- o5 late and hastened twice; one callback (o1) satisfied and solved.
-- 景山 (am-js): o2 (sent back once: a redo, and a reminder during it, which
-- is none; two supervisions: sent back and dissatisfied), o3, and o11
-- (terminated after its reply: withdrawn); o2 and o3 contacted in time,
-- closed on time; o2's callback reached and dissatisfied, not solved; o3's
-- unreachable.  住建委 (am-zjw): o2 as assisting unit (no contact recorded,
-- the redo, the callback) and o4, exempted.  东城区 (am-dc): o6 of its own,
-- not signed, and o12, passed down to 和平里 and exempted there (o12 stays
-- 东城区's: the centre dispatched it to 东城区), plus its two streets.
SELECT results_eq($$SELECT unit_code, dispatched, exempted, returned, withdrawn, counted, signed, responded, replied,
                           closed, closed_on_time, redos, extensions, hastenings, supervisions, notices, repeats,
                           callbacks, unreached, satisfied, solved_asked, solved
                    FROM hotline.unit_assessment('month', t.m())$$,
                  $$VALUES ('am-dc', 8::bigint, 1::bigint, 1::bigint, 1::bigint, 5::bigint, 4::bigint, 4::bigint, 4::bigint,
                            4::bigint, 3::bigint, 1::bigint, 0::bigint, 2::bigint, 2::bigint, 0::bigint, 0::bigint,
                            2::bigint, 1::bigint, 1::bigint, 2::bigint, 1::bigint),
                           ('am-zjw', 2, 1, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0),
                           ('am-hpm', 3, 0, 1, 0, 2, 2, 2, 2, 2, 1, 0, 0, 2, 0, 0, 0, 1, 0, 1, 1, 1),
                           ('am-js', 3, 0, 0, 1, 2, 2, 2, 2, 2, 2, 1, 0, 0, 2, 0, 0, 1, 1, 0, 1, 0)$$,
                  'every count of every unit, its streets'' included, the exempted order left out and counted');
-- The rates and the score (weights 10/45/45: response, resolution,
-- satisfaction).  东城区: response 4/5, closure 4/5, on time 3/4, resolution
-- 1/2, satisfaction 1/2: (0.8 x 10 + 0.5 x 45 + 0.5 x 45) / 100 = 53.00.
-- 住建委: 0, 1, 1, 0, 0: 0.00.  和平里: 1, 1, 1/2, 1, 1: 100.00.  景山: 1, 1,
-- 1, 0, 0: 10.00.  Ranked within their level.
SELECT results_eq($$SELECT unit_code, unit_level, parent_code, response_rate, closure_rate, on_time_rate,
                           resolution_rate, satisfaction_rate, score, rank
                    FROM hotline.unit_assessment('month', t.m())$$,
                  $$VALUES ('am-dc', 1, NULL, 0.8, 0.8, 0.75, 0.5, 0.5, 53.00, 1::bigint),
                           ('am-zjw', 1, NULL, 0, 1, 1, 0, 0, 0.00, 2),
                           ('am-hpm', 2, 'am-dc', 1, 1, 0.5, 1, 1, 100.00, 1),
                           ('am-js', 2, 'am-dc', 1, 1, 1, 0, 0, 10.00, 2)$$,
                  'the five rates, the composite score and the rank among the units of each level');
-- 环比 and 同比: o9 (last month) and o10 (a year ago), both 和平里's, closed
-- satisfied and solved, but their contact was recorded a month and a year
-- after the dispatch: response 0, so (0 x 10 + 45 + 45) = 90.
SELECT results_eq($$SELECT unit_code, previous_response_rate, previous_closure_rate, previous_satisfaction_rate,
                           previous_score, last_year_score
                    FROM hotline.unit_assessment('month', t.m())$$,
                  $$VALUES ('am-dc', 0.0, 1.0, 1.0, 90.00, 90.00), ('am-zjw', NULL, NULL, NULL, NULL, NULL),
                           ('am-hpm', 0.0, 1.0, 1.0, 90.00, 90.00), ('am-js', NULL, NULL, NULL, NULL, NULL)$$,
                  'each unit beside the month before (环比) and the same month a year earlier (同比)');
SELECT results_eq($$SELECT measure, value, previous, last_year, change_previous, change_last_year
                    FROM hotline.assessment_comparison('month', t.m())
                    WHERE unit_code = 'am-dc' AND measure IN ('dispatched', 'closed', 'score')$$,
                  $$VALUES ('dispatched', 8::numeric, 1::numeric, 1::numeric, 7.0, 7.0),
                           ('closed', 4, 1, 1, 3.0, 3.0),
                           ('score', 53.00, 90.00, 90.00, -0.4111, -0.4111)$$,
                  'every figure beside the month before and a year earlier, with the change (53 / 90 - 1)');
SELECT is((SELECT count(*)::int FROM hotline.assessment_comparison('month', t.m())), 4 * 27,
          'the comparison has every unit''s 27 figures');
-- The centre: o1-o8, o11, o12 this month: 10 orders, 1 rejected (o8), 9
-- accepted, 8 dispatched, 1 answered on the spot (o7), closed o1 o2 o3 o5
-- o7: 5/9; callbacks reached o1 o2, unreachable o3, satisfied o1: 1/2;
-- solved 1/2.
SELECT results_eq($$SELECT measure, value, previous FROM hotline.centre_figures('month', t.m())$$,
                  $$VALUES ('orders', 10::numeric, 1::numeric), ('rejected', 1, 0), ('accepted', 9, 1), ('dispatched', 8, 1),
                           ('answered', 1, 0), ('closed', 5, 1), ('closure_rate', 0.5556, 1.0000), ('repeats', 0, 0),
                           ('callbacks', 2, 1), ('unreached', 1, 0), ('satisfied', 1, 1), ('satisfaction_rate', 0.5, 1.0),
                           ('solved_asked', 2, 1), ('solved', 1, 1), ('resolution_rate', 0.5, 1.0)$$,
                  'the centre''s figures of the month beside the month before');

-- The rollups: the rows per day and unit are the sums of the detailed ones.
SELECT is((SELECT count(*)::int FROM (
               SELECT day, unit_id, sum(dispatched), sum(counted), sum(closed), sum(satisfied), sum(redos), sum(hastenings)
               FROM hotline.assessment_rollup WHERE detail GROUP BY 1, 2
               EXCEPT
               SELECT day, unit_id, dispatched, counted, closed, satisfied, redos, hastenings
               FROM hotline.assessment_rollup WHERE NOT detail) x), 0,
          'the rollup per day and unit sums its detailed rows (topic, region, channel)');
-- for BI tools: plain types, codes and names
SELECT results_eq($$SELECT topic_code, sum(dispatched)::int, sum(counted)::int FROM hotline.assessment_daily
                    WHERE unit_code = 'am-hpm' AND day >= date_trunc('month', t.m()) GROUP BY 1 ORDER BY 1$$,
                  $$VALUES ('am-lm', 1, 0), ('am-zs', 2, 2)$$,
                  'hotline.assessment_daily: 和平里''s month by topic');
SELECT is((SELECT sum(accepted)::int FROM hotline.orders_daily WHERE day >= date_trunc('month', t.m())), 9,
          'hotline.orders_daily: the month''s accepted orders');
SELECT is(ARRAY(SELECT ROW(unit_code, score)::text FROM hotline.assessment_monthly
                WHERE month = date_trunc('month', t.m())::date),
          ARRAY(SELECT ROW(unit_code, score)::text FROM hotline.unit_assessment('month', t.m())),
          'hotline.assessment_monthly: the assessment of a month for a BI tool');
SELECT is(ARRAY(SELECT ROW(unit_level, rank, unit_name, score)::text FROM hotline.public_unit_ranking
                WHERE month = date_trunc('month', t.m())::date ORDER BY unit_level, rank),
          ARRAY[ROW(1, 1, '东城区人民政府', 53.00)::text, ROW(1, 2, '北京市住房和城乡建设委员会', 0.00)::text,
                ROW(2, 1, '和平里街道办事处', 100.00)::text, ROW(2, 2, '景山街道办事处', 10.00)::text],
          'hotline.public_unit_ranking: the ranking a centre publishes, per level');

-- Rollup equals history: the rollups the job kept step by step are the
-- ones built again from every order's history, and folding the same orders
-- again changes nothing.
CREATE TABLE t.kept AS SELECT * FROM hotline.assessment_rollup;
CREATE TABLE t.kept_orders AS SELECT * FROM hotline.order_rollup;
CREATE TABLE t.kept_facts AS SELECT * FROM hotline.assignment_fact;
SELECT is((hotline.refresh_statistics(true) ->> 'orders')::int, 12, 'the statistics built again from every order');
SELECT is((SELECT count(*)::int FROM (SELECT * FROM t.kept EXCEPT ALL SELECT * FROM hotline.assessment_rollup
                                     UNION ALL
                                     (SELECT * FROM hotline.assessment_rollup EXCEPT ALL SELECT * FROM t.kept)) x), 0,
          'the unit rollups kept incrementally equal the ones recomputed from the history');
SELECT is((SELECT count(*)::int FROM (SELECT * FROM t.kept_orders EXCEPT ALL SELECT * FROM hotline.order_rollup
                                     UNION ALL
                                     (SELECT * FROM hotline.order_rollup EXCEPT ALL SELECT * FROM t.kept_orders)) x), 0,
          'so do the centre''s');
SELECT is((SELECT count(*)::int FROM (SELECT * FROM t.kept_facts EXCEPT ALL SELECT * FROM hotline.assignment_fact
                                     UNION ALL
                                     (SELECT * FROM hotline.assignment_fact EXCEPT ALL SELECT * FROM t.kept_facts)) x), 0,
          'and the facts');
SELECT is((hotline.refresh_statistics() ->> 'orders')::int, 12, 'a run folds the recent orders again');
SELECT is((SELECT count(*)::int FROM (SELECT * FROM t.kept EXCEPT ALL SELECT * FROM hotline.assessment_rollup
                                     UNION ALL
                                     (SELECT * FROM hotline.assessment_rollup EXCEPT ALL SELECT * FROM t.kept)) x), 0,
          'folding an order again changes nothing');
SELECT is((SELECT count(*)::int FROM hotline.job_run WHERE job = 'refresh_statistics'), 6,
          'every run is recorded (hotline.job_run)');

-- who reads what: a unit's clerk reads the published assessment, not the rollups
CREATE ROLE am_clerk NOLOGIN IN ROLE hotline_unit;
SET LOCAL ROLE am_clerk;
SELECT is((SELECT score FROM hotline.unit_assessment('month', t.m()) WHERE unit_code = 'am-hpm'), 100.00,
          'a unit''s clerk reads the published assessment');
SELECT throws_ok($$SELECT count(*) FROM hotline.assessment_rollup$$, '42501', NULL,
                 'but not the rollups');
RESET ROLE;

-- the setting is checked when it is written
SELECT throws_ok($$INSERT INTO hotline.workflow_setting (workflow, setting, value, description)
                   VALUES ('appeal_12345', 'assessment', '{"reply_action": ["reply"]}', 'x')$$, '22023',
                 'invalid setting assessment of workflow "appeal_12345": unknown key "reply_action"', 'an unknown key');
SELECT throws_ok($$INSERT INTO hotline.workflow_setting (workflow, setting, value, description)
                   VALUES ('appeal_12345', 'assessment', '{"reply_actions": ["answer_back"]}', 'x')$$, '22023',
                 'invalid setting assessment of workflow "appeal_12345": "answer_back" is not an action of the workflow',
                 'an action the workflow lacks');
SELECT throws_ok($$INSERT INTO hotline.workflow_setting (workflow, setting, value, description)
                   VALUES ('appeal_12345', 'assessment', '{"closed_states": ["signed"]}', 'x')$$, '22023',
                 'invalid setting assessment of workflow "appeal_12345": "signed" is not a state of the workflow''s orders',
                 'a state of the wrong scope');

-- a setting of the city's own: the next run builds everything again
INSERT INTO hotline.workflow_setting (workflow, setting, value, description)
SELECT workflow, setting, value, '考核 (ours)' FROM hotline.workflow_setting
WHERE workflow = 'appeal_12345' AND setting = 'assessment' AND builtin;
SELECT is((hotline.refresh_statistics() ->> 'rebuilt')::boolean, true,
          'a new setting assessment: the next run builds the statistics again');
-- an order whose facts cannot be computed (its first-contact limit counted
-- from a dispatch the calendars do not cover) is passed over and reported;
-- the others are folded
INSERT INTO hotline.workflow_limit (workflow, deadline, time_limit, conditions)
    VALUES ('appeal_12345', 'contact', '1 working day', '{"dispatch_mode": "phone"}');
UPDATE hotline.assignment SET dispatch_mode = 'phone', dispatched_at = '2300-01-01' WHERE order_no = t.o('o6');
SET client_min_messages = error;   -- (the run's WARNING)
SELECT is((SELECT ROW(r ->> 'orders', r ->> 'failed', r -> 'errors' -> 0 ->> 'order_no')::text
           FROM hotline.refresh_statistics() r),
          ROW('12', '1', t.o('o6')::text)::text, 'an order that fails is passed over and reported, the others folded');
SET client_min_messages = warning;

-- the weights are data: on-time closure weighed 20 as well
-- (0.8 x 10 + 0.5 x 45 + 0.5 x 45 + 0.75 x 20) / 120 = 56.67
INSERT INTO hotline.assessment_weight (measure, weight) VALUES ('on_time', 20);
SELECT is((SELECT score FROM hotline.unit_assessment('month', t.m()) WHERE unit_code = 'am-dc'), 56.67,
          'a weight of the administrators'' own changes the score');

SELECT * FROM finish();
ROLLBACK;
