-- Issue 11, part 1: the facts the rates need, recorded where they happen.
-- A unit's reply says when it first contacted the citizen (先行联系,
-- contacted_at: the response rate's fact); the callback asks whether the
-- matter was solved (解决/未解决, solved: the resolution rate's), next to
-- the two satisfactions (R-7.2).
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(12);

INSERT INTO hotline.unit (code, name, region, kind) VALUES ('fr-cgw', '东城区城市管理委员会', '110101', 'department');
CREATE TEMP TABLE o AS SELECT hotline.accept('110101', 'complaint', 'phone', '东直门外大街井盖缺失，夜间行人易摔倒',
                                              citizen_phone => '13700137000') AS order_no;
SELECT hotline.dispatch((SELECT order_no FROM o), 'fr-cgw', '请尽快处置');
SELECT hotline.sign_for((SELECT order_no FROM o), 'fr-cgw');

SELECT throws_ok($$SELECT hotline.reply((SELECT order_no FROM o), 'fr-cgw', '已补装井盖', true, 'phone',
                                        contacted_at => now() + interval '1 hour')$$, '22023',
                 format('invalid contacted_at "%s"', to_jsonb(now() + interval '1 hour') #>> '{}'),
                 'a first contact later than now is refused');
SELECT throws_ok($$SELECT hotline.reply((SELECT order_no FROM o), 'fr-cgw', '已补装井盖', false,
                                        contacted_at => now())$$, '22023', NULL,
                 'a first contact of a unit that says it did not contact the citizen is refused');
SELECT throws_ok($$SELECT hotline.reply((SELECT order_no FROM o), 'fr-cgw', '已补装井盖', true, 'phone',
                                        contacted_at => now() - interval '1 day')$$, '22023', NULL,
                 'a first contact before the unit got the order is refused');
SELECT throws_ok($$SELECT hotline.reply((SELECT order_no FROM o), 'fr-cgw', '已补装井盖', true, 'phone',
                                        contacted_at => '-infinity')$$, '22023', 'invalid contacted_at "-infinity"',
                 'so is an infinite one');
SELECT is((hotline.reply((SELECT order_no FROM o), 'fr-cgw', '已补装井盖，并电话告知市民', true, 'phone',
                         contacted_at => now())).order_state, 'replied',
          'the unit replies with the time it first called the citizen');
SELECT is((SELECT (payload ->> 'contacted_at')::timestamptz FROM hotline.order_event
           WHERE order_no = (SELECT order_no FROM o) AND action = 'reply'),
          now(), 'the first contact is on the order''s history');
SELECT hotline.review((SELECT order_no FROM o), true);

SELECT throws_ok($$SELECT hotline.callback((SELECT order_no FROM o), 'unreachable', 'unreachable', solved => false)$$,
                 '22023', 'invalid solved false', 'a citizen who was not reached said nothing of solved');
SELECT throws_ok($$SELECT hotline.apply_action((SELECT order_no FROM o), 'callback', 'x', 'agent',
                     '{"process_satisfaction": "satisfied", "result_satisfaction": "satisfied", "solved": "是"}')$$,
                 '22023', 'invalid solved "是"', 'solved is true or false');
SELECT is((SELECT count(*)::int FROM hotline.order_event WHERE order_no = (SELECT order_no FROM o) AND action LIKE 'callback%'),
          0, 'the refused callbacks recorded nothing');
SELECT is(hotline.callback((SELECT order_no FROM o), 'satisfied', 'basically_satisfied', '市民表示井盖已补装', solved => true),
          'callback_done', 'the callback records satisfaction and that the matter was solved');
SELECT is((SELECT payload ->> 'solved' FROM hotline.order_event WHERE order_no = (SELECT order_no FROM o) AND action = 'callback'),
          'true', 'solved is on the order''s history');
SELECT is((SELECT intact FROM hotline.verify_history((SELECT order_no FROM o))), true, 'and the history chains');

SELECT * FROM finish();
ROLLBACK;
