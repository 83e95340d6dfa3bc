-- Issue 8: an order's own deadlines keep their limit and start and follow
-- the calendar (R-12.3), and a passed-down deadline never ends after the
-- passing unit's own (R-4.5).  On 0.1.0 a calendar change moved the
-- assignments' deadlines only: dispatch_due and callback_due stayed, and
-- the order's reply_due disagreed with its assignments'; and a phone
-- dispatch (3 working days) passed down gave the community 5.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(18);

-- a city calendar on cn and the workflow counted on it (a user's copy of
-- the 12345 workflow's calendar would be the same; the built-in workflow
-- counts on cn, to which the test adds a day off below)
INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('od-dc', '北京市东城区人民政府', '110101', 'district');
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT 'od-dc-dhm', '东华门街道办事处', '110101', 'subdistrict', id FROM hotline.unit WHERE code = 'od-dc';

CREATE TABLE t_orders (name text PRIMARY KEY, order_no hotline.order_no);
CREATE FUNCTION t_o(text) RETURNS hotline.order_no LANGUAGE sql AS $$ SELECT order_no FROM t_orders WHERE name = $1 $$;
CREATE FUNCTION t_wo(text) RETURNS hotline.work_order LANGUAGE sql AS $$ SELECT * FROM hotline.work_order WHERE order_no = t_o($1) $$;
CREATE FUNCTION t_asg(text, text) RETURNS hotline.assignment LANGUAGE sql AS $$
    SELECT a.* FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id
    WHERE a.order_no = t_o($1) AND u.code = $2 $$;

-- ---------------------------------------------------------------------
-- 1. The order keeps each deadline's limit and start
-- ---------------------------------------------------------------------
INSERT INTO t_orders VALUES ('wait', hotline.accept('110101', 'complaint', 'phone', '小区门口共享单车乱停放', actor => '话务员 0101'));
SELECT is((t_wo('wait')).dispatch_limit, '2 working days'::hotline.time_limit, 'acceptance keeps the dispatch limit (R-4.1)');
SELECT is((t_wo('wait')).dispatch_from, (t_wo('wait')).accepted_at, 'counted from the acceptance');
SELECT is((t_wo('wait')).dispatch_due, hotline.deadline('cn', (t_wo('wait')).accepted_at, '2 working days'),
          'the dispatch deadline is 2 working days on the workflow''s calendar');

INSERT INTO t_orders VALUES ('done', hotline.accept('110101', 'help', 'phone', '路灯不亮', actor => '话务员 0101'));
SELECT hotline.dispatch(t_o('done'), 'od-dc', '请核实处理', 'phone');
SELECT is((t_wo('done')).dispatch_limit, NULL, 'the dispatch clears the dispatch limit with its deadline');
SELECT hotline.sign_for(t_o('done'), 'od-dc');
SELECT hotline.reply(t_o('done'), 'od-dc', '已更换路灯', true, 'phone');
SELECT hotline.review(t_o('done'), true);
SELECT is((t_wo('done')).callback_limit, '2 working days'::hotline.time_limit, 'the accepted reply keeps the callback limit');
SELECT is((t_wo('done')).callback_due, hotline.deadline('cn', (t_wo('done')).callback_from, '2 working days'),
          'and the callback deadline counted from it');

-- ---------------------------------------------------------------------
-- 2. A passed-down deadline never ends after the parent's (R-4.5)
-- ---------------------------------------------------------------------
INSERT INTO t_orders VALUES ('down', hotline.accept('110101', 'complaint', 'phone', '背街小巷垃圾堆积', actor => '话务员 0101'));
SELECT hotline.dispatch(t_o('down'), 'od-dc', '请属地核实处理', 'phone');
SELECT hotline.sign_for(t_o('down'), 'od-dc');
SELECT is((t_asg('down', 'od-dc')).reply_due, hotline.deadline('cn', now(), '3 working days'),
          'a phone dispatch gives the district 3 working days');
SELECT hotline.pass_down(t_o('down'), 'od-dc', '{od-dc-dhm}', '请街道落实');
SELECT is((t_asg('down', 'od-dc-dhm')).reply_due, (t_asg('down', 'od-dc')).reply_due,
          'the sub-district''s 5 working days end with the district''s own 3: never later');
SELECT is((t_asg('down', 'od-dc-dhm')).reply_limit, '5 working days'::hotline.time_limit,
          'the sub limit is kept as the maximum it is');
SELECT cmp_ok(hotline.deadline('cn', now(), '5 working days'), '>', (t_asg('down', 'od-dc-dhm')).reply_due,
              'which would have ended later');

-- ---------------------------------------------------------------------
-- 3. A calendar change moves the order's own deadlines too (R-12.3)
-- ---------------------------------------------------------------------
CREATE TABLE t_before AS SELECT order_no, dispatch_due, reply_due, callback_due FROM hotline.work_order;
-- the State Council moves a day off onto the next working day (a
-- correction of the notice): every period running over it gets one more
-- working day
INSERT INTO hotline.calendar_day (calendar, day, kind, note, source)
SELECT 'cn', d, 'holiday', '调休 (test)', 'order_deadlines test'
FROM (SELECT d::date AS d FROM generate_series((now() AT TIME ZONE 'Asia/Shanghai')::date + 1,
                                             (now() AT TIME ZONE 'Asia/Shanghai')::date + 10, interval '1 day') d
      WHERE hotline.is_working_day('cn', d::date) LIMIT 1) x;
SELECT is((hotline.recompute_deadlines() ->> 'orders_moved')::integer, 3,
          'the recomputation moves the three orders'' own deadlines');
SELECT is((t_wo('wait')).dispatch_due, hotline.deadline('cn', (t_wo('wait')).dispatch_from, '2 working days'),
          'the dispatch deadline is counted again on the changed calendar');
SELECT cmp_ok((t_wo('wait')).dispatch_due, '>', (SELECT dispatch_due FROM t_before WHERE order_no = t_o('wait')),
              'one working day later');
SELECT is((t_wo('done')).callback_due, hotline.deadline('cn', (t_wo('done')).callback_from, '2 working days'),
          'so is the callback deadline');
SELECT is((t_wo('down')).reply_due, (SELECT max(reply_due) FROM hotline.assignment WHERE order_no = t_o('down') AND closed_at IS NULL),
          'the order''s reply deadline is its open assignments'' latest again');
SELECT is((t_asg('down', 'od-dc-dhm')).reply_due, (t_asg('down', 'od-dc')).reply_due,
          'the passed-down deadline moved with its parent''s and still ends with it');
SELECT is(ARRAY(SELECT jsonb_object_keys(payload) FROM hotline.order_event
                WHERE order_no = t_o('wait') AND action = 'deadline_recomputed' ORDER BY 1),
          '{calendar,change,dispatch_due_after,dispatch_due_before,first_day,last_day}'::text[],
          'the order records which deadline moved, from what to what');
SELECT is((hotline.recompute_deadlines() ->> 'orders_moved')::integer, 0, 'run again, it does nothing');

SELECT * FROM finish();
ROLLBACK;
