-- Issue 11, part 1: exemptions from assessment (免考, 考核申诉; R-9.3).  A
-- handling unit asks that an order not count against it, with the kind of
-- ground and a reason; a supervisor approves or refuses, once; both on the
-- order's history.  Units see their own requests, the centre all.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(15);

INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('ex-zjw', '东城区住房和城市建设委员会', '110101', 'department'),
    ('ex-cgw', '东城区城市管理委员会', '110101', 'department');
CREATE ROLE ex_clerk NOLOGIN IN ROLE hotline_unit;
CREATE ROLE ex_other NOLOGIN IN ROLE hotline_unit;
CREATE ROLE ex_chief NOLOGIN IN ROLE hotline_supervisor;
INSERT INTO hotline.staff (login, name, unit_id)
    SELECT 'ex_clerk', '周婷', id FROM hotline.unit WHERE code = 'ex-zjw'
    UNION ALL SELECT 'ex_other', '吴刚', id FROM hotline.unit WHERE code = 'ex-cgw';
INSERT INTO hotline.staff (login, name) VALUES ('ex_chief', '孙伟');
CREATE TEMP TABLE o AS SELECT hotline.accept('110101', 'complaint', 'phone',
    '要求住建委赔偿邻居装修造成的全部损失并公开道歉', citizen_phone => '13600136000') AS order_no;
GRANT SELECT ON o TO PUBLIC;
SELECT hotline.dispatch((SELECT order_no FROM o), 'ex-zjw', '请核实处理', assist_units => '{ex-cgw}');

SET LOCAL ROLE ex_clerk;
SELECT throws_ok($$SELECT hotline.request_exemption((SELECT order_no FROM o), 'ex-zjw', 'too_hard', '太难')$$, '22023',
                 'unknown kind of exemption "too_hard"', 'the kind of ground is one of four');
SELECT throws_ok($$SELECT hotline.request_exemption((SELECT order_no FROM o), 'ex-zjw', 'outside_powers', ' ')$$, '22023',
                 NULL, 'a reason is needed');
SELECT throws_ok($$SELECT hotline.request_exemption((SELECT order_no FROM o), 'ex-cgw', 'outside_powers', '不属于本单位')$$,
                 '42501', 'login "ex_clerk" does not act for unit "ex-cgw"', 'a clerk asks for its own unit only');
SELECT ok(hotline.request_exemption((SELECT order_no FROM o), 'ex-zjw', 'outside_powers',
                                    '民事赔偿纠纷不属于行政职权，已告知诉求人通过诉讼解决') > 0,
          'the lead unit asks that the order not count against it');
SELECT throws_ok($$SELECT hotline.request_exemption((SELECT order_no FROM o), 'ex-zjw', 'duplicate', '再次申请')$$, '23505',
                 NULL, 'once per order and unit');
SELECT is((SELECT count(*)::int FROM hotline.exemption), 1, 'the clerk reads its unit''s request');
SELECT throws_ok($$SELECT hotline.decide_exemption((SELECT id FROM hotline.exemption), true)$$, '42501', NULL,
                 'a unit does not decide its own request');
RESET ROLE;
SET LOCAL ROLE ex_other;
SELECT is((SELECT count(*)::int FROM hotline.exemption), 0, 'the assisting unit does not read it');
RESET ROLE;

SET LOCAL ROLE ex_chief;
SELECT is(hotline.decide_exemption((SELECT id FROM hotline.exemption), true, '经核实属民事纠纷，同意免考'), 'approved',
          'a supervisor approves it');
SELECT throws_ok($$SELECT hotline.decide_exemption((SELECT id FROM hotline.exemption), false)$$, '55000',
                 NULL, 'once');
SELECT throws_ok($$SELECT hotline.decide_exemption(999999, false)$$, '42501', NULL,
                 'an exemption that does not exist answers as one the caller may not see');
RESET ROLE;
SELECT results_eq($$SELECT action, actor, payload ->> 'kind', payload ->> 'unit', payload ->> 'decision'
                    FROM hotline.order_event WHERE order_no = (SELECT order_no FROM o) AND action LIKE '%exemption'
                    ORDER BY seq$$,
                  $$VALUES ('request_exemption', 'ex_clerk', 'outside_powers', 'ex-zjw', NULL::text),
                           ('decide_exemption', 'ex_chief', 'outside_powers', 'ex-zjw', 'approved')$$,
                  'both acts are on the order''s history, with the login');
SELECT is((SELECT ROW(decision, decided_by, requested_by)::text FROM hotline.exemption),
          ROW('approved', 'ex_chief', 'ex_clerk')::text, 'and in hotline.exemption');

-- excluded staff (回避) see no exemption of the order
SELECT hotline.exclude_staff((SELECT order_no FROM o), 'ex_clerk', '诉求人系其邻居');
SET LOCAL ROLE ex_clerk;
SELECT is((SELECT count(*)::int FROM hotline.exemption), 0, 'an excluded clerk reads the order''s exemption no more');
RESET ROLE;
SELECT is((SELECT intact FROM hotline.verify_history((SELECT order_no FROM o))), true, 'the history chains');

SELECT * FROM finish();
ROLLBACK;
