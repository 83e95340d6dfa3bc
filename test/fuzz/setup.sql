-- hotline fuzzing (test/fuzz/run.sh): the fixtures every fuzz target starts
-- from, committed once in the fuzz database. Every fuzz call runs in a
-- transaction that is rolled back (or calls a function that writes
-- nothing), so these rows stay as they are for the whole run.
--
--   units and topics      for dispatches, pass-downs and complaints (R-4.6)
--   calendars             odd time zones, odd business hours, odd weeks,
--                         layered calendars, years of holidays (R-12)
--   fz_ics                an empty calendar import_ics writes into
--   orders                a pool of 12345 orders in every state (R-4..R-8)
--   wfadmin               a "workflow administrator": not a superuser,
--                         granted register_workflow, the workflow tables and
--                         the engine's entry points (as in
--                         shared/research/repro-0.1.0/hook_privilege_escalation.sql)
--   wf.*                  hook functions of every shape for its workflows
\set ON_ERROR_STOP true
SET client_min_messages = error;

-- ---------------------------------------------------------------------------
-- Units and topics
-- ---------------------------------------------------------------------------
INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('fz-dc',  '北京市东城区人民政府', '110101', 'district'),
    ('fz-zjw', '北京市住房和城乡建设委员会', '110000', 'department'),
    ('fz-cgw', '北京市城市管理委员会', '110000', 'department'),
    ('fz-wy',  '北京京城物业管理有限公司', '110101', 'enterprise');
INSERT INTO hotline.unit (code, name, region, kind, active) VALUES
    ('fz-old', '已撤销的单位', '110000', 'department', false);
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT v.code, v.name, '110101', 'subdistrict', p.id
    FROM hotline.unit p, (VALUES ('fz-dc-a', '东华门街道办事处'), ('fz-dc-b', '景山街道办事处')) v(code, name)
    WHERE p.code = 'fz-dc';
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT 'fz-dc-a-1', '社区居委会', '110101', 'other', p.id FROM hotline.unit p WHERE p.code = 'fz-dc-a';
INSERT INTO hotline.topic (code, name) VALUES ('fz-csjs', '城乡建设');
INSERT INTO hotline.topic (code, name, parent_id)
    SELECT 'fz-wygl', '物业管理', id FROM hotline.topic WHERE code = 'fz-csjs';

-- ---------------------------------------------------------------------------
-- Calendars at the edges: zones far from UTC, with half and quarter hours,
-- daylight saving (also negative, Europe/Dublin), business hours of one
-- minute, of the whole day, none at all, eight periods; one working weekday;
-- a calendar whose years are all holidays; layered ones.
-- ---------------------------------------------------------------------------
INSERT INTO hotline.calendar (name, time_zone, business_hours, work_weekdays) VALUES
    ('fz_kiritimati', 'Pacific/Kiritimati', '{"[09:00,17:00)"}', '{1,2,3,4,5}'),
    ('fz_pago',       'Pacific/Pago_Pago', '{"[00:00,24:00)"}', '{1,2,3,4,5,6,7}'),
    ('fz_kathmandu',  'Asia/Kathmandu',    '{"[00:00,00:01)"}', '{1,2,3,4,5}'),
    ('fz_lordhowe',   'Australia/Lord_Howe', '{"[01:30,02:30)","[23:59,24:00)"}', '{7}'),
    ('fz_dublin',     'Europe/Dublin',     '{"[00:00,01:00)","[01:00,02:00)","[02:00,03:00)","[03:00,04:00)","[12:00,13:00)","[14:00,15:00)","[16:00,17:00)","[23:00,24:00)"}', '{1,3,5}'),
    ('fz_stjohns',    'America/St_Johns',  '{"[09:00,12:00)","[13:30,17:30)"}', '{2,3,4,5,6}'),
    ('fz_troll',      'Antarctica/Troll',  '{"[00:00,12:00)"}', '{6,7}'),
    ('fz_nohours',    'UTC',               '{}', '{1,2,3,4,5}'),
    ('fz_allhol',     'Asia/Shanghai',     '{"[09:00,17:00)"}', '{1}');
INSERT INTO hotline.calendar (name, base, time_zone) VALUES
    ('fz_layer1', 'cn', 'Asia/Urumqi'),
    ('fz_layer2', 'fz_layer1', 'America/Caracas'),
    ('fz_layer3', 'fz_layer2', 'Asia/Shanghai');
INSERT INTO hotline.calendar (name, description) VALUES ('fz_ics', 'import_ics writes here (rolled back)');
-- every Monday of 2020-2030 a holiday: fz_allhol then has no working day there
INSERT INTO hotline.calendar_day (calendar, day, kind, note)
    SELECT 'fz_allhol', d::date, 'holiday', 'fz'
    FROM generate_series(DATE '2020-01-06', DATE '2030-12-30', interval '7 days') g(d);
-- some days of its own at the ends of the span, and many working weekends
INSERT INTO hotline.calendar_day (calendar, day, kind, note) VALUES
    ('fz_layer1', '1900-01-01', 'workday', 'fz'), ('fz_layer1', '2199-12-31', 'workday', 'fz'),
    ('fz_layer2', '1900-01-01', 'holiday', 'fz'), ('fz_layer2', '2199-12-31', 'holiday', 'fz');
INSERT INTO hotline.calendar_day (calendar, day, kind, note)
    SELECT 'fz_layer3', d::date, 'workday', 'fz'
    FROM generate_series(DATE '2026-01-03', DATE '2027-12-26', interval '7 days') g(d);
INSERT INTO hotline.calendar_year (calendar, year) SELECT 'fz_layer3', y FROM generate_series(1900, 2199) y;

INSERT INTO hotline.unit (code, name, region, kind, calendar) VALUES
    ('fz-far',  '基里巴斯 (far east)', '650102', 'district', 'fz_kiritimati'),
    ('fz-none', 'no business hours',   '650102', 'district', 'fz_nohours'),
    ('fz-lay',  'layered',             '650102', 'district', 'fz_layer3');

-- ---------------------------------------------------------------------------
-- A pool of 12345 orders in every state (the engine target acts on them)
-- ---------------------------------------------------------------------------
CREATE SCHEMA fz;
CREATE TABLE fz.pool (name text PRIMARY KEY, no hotline.order_no NOT NULL);
CREATE FUNCTION fz.keep(name text, no hotline.order_no) RETURNS hotline.order_no
    LANGUAGE sql AS $$ INSERT INTO fz.pool VALUES ($1, $2) RETURNING no $$;
CREATE FUNCTION fz.o(text) RETURNS hotline.order_no
    LANGUAGE sql STABLE AS $$ SELECT no FROM fz.pool WHERE name = $1 $$;
-- one intake, one more step per order
CREATE FUNCTION fz.new_order(name text, appeal hotline.appeal_type DEFAULT 'complaint') RETURNS hotline.order_no
    LANGUAGE sql AS $$
    SELECT fz.keep(name, hotline.accept(region => '110101', appeal_type => appeal, channel => 'phone',
        description => '小区电梯停运三天 ' || name, citizen_phone => '138 0013 8000', topic => 'fz-wygl',
        accused_unit => CASE WHEN appeal = 'complaint' THEN 'fz-wy' END, address => '东华门大街1号',
        longitude => 116.4, latitude => 39.9, actor => 'fz', actor_role => 'agent'))
$$;

SELECT fz.new_order('accepted');
SELECT fz.new_order('accepted_help', 'help');
SELECT fz.keep('rejected', hotline.reject(region => '110101', appeal_type => 'consultation', channel => 'phone',
    description => '不属于受理范围', reason => 'out of scope', actor => 'fz'));
SELECT fz.keep('answered', hotline.answer(region => '110101', appeal_type => 'consultation', channel => 'phone',
    description => '社保查询', result => '已告知', actor => 'fz'));
SELECT fz.new_order('dispatched');
SELECT hotline.dispatch(fz.o('dispatched'), lead_unit => 'fz-dc', opinion => '请核实处理',
    assist_units => '{fz-zjw,fz-far}', actor => 'fz');
SELECT fz.new_order('signed');
SELECT hotline.dispatch(fz.o('signed'), lead_unit => 'fz-dc', opinion => '请处理', dispatch_mode => 'phone', actor => 'fz');
SELECT hotline.sign_for(fz.o('signed'), 'fz-dc', actor => 'fz');
SELECT fz.new_order('passed');
SELECT hotline.dispatch(fz.o('passed'), lead_unit => 'fz-dc', opinion => '请处理', actor => 'fz');
SELECT hotline.sign_for(fz.o('passed'), 'fz-dc', actor => 'fz');
SELECT hotline.pass_down(fz.o('passed'), 'fz-dc', '{fz-dc-a}', actor => 'fz');
SELECT fz.new_order('extension');
SELECT hotline.dispatch(fz.o('extension'), lead_unit => 'fz-lay', opinion => '请处理', dispatch_mode => 'urgent', actor => 'fz');
SELECT hotline.sign_for(fz.o('extension'), 'fz-lay', actor => 'fz');
SELECT hotline.request_extension(fz.o('extension'), 'fz-lay', '需要更多时间', actor => 'fz');
SELECT fz.new_order('returned');
SELECT hotline.dispatch(fz.o('returned'), lead_unit => 'fz-cgw', opinion => '请处理', actor => 'fz');
SELECT hotline.return_order(fz.o('returned'), 'fz-cgw', '不属于本单位职责', actor => 'fz');
SELECT fz.new_order('replied');
SELECT hotline.dispatch(fz.o('replied'), lead_unit => 'fz-far', opinion => '请处理', actor => 'fz');
SELECT hotline.sign_for(fz.o('replied'), 'fz-far', actor => 'fz');
SELECT hotline.reply(fz.o('replied'), 'fz-far', '已处理', true, actor => 'fz');
SELECT fz.new_order('reviewed');
SELECT hotline.dispatch(fz.o('reviewed'), lead_unit => 'fz-dc', opinion => '请处理', actor => 'fz');
SELECT hotline.sign_for(fz.o('reviewed'), 'fz-dc', actor => 'fz');
SELECT hotline.reply(fz.o('reviewed'), 'fz-dc', '已处理', true, actor => 'fz');
SELECT hotline.review(fz.o('reviewed'), true, actor => 'fz');
SELECT fz.new_order('redo');
SELECT hotline.dispatch(fz.o('redo'), lead_unit => 'fz-dc', opinion => '请处理', actor => 'fz');
SELECT hotline.sign_for(fz.o('redo'), 'fz-dc', actor => 'fz');
SELECT hotline.reply(fz.o('redo'), 'fz-dc', '已处理', true, actor => 'fz');
SELECT hotline.review(fz.o('redo'), false, reason => '答复不完整', actor => 'fz');
SELECT fz.new_order('callback_done');
SELECT hotline.dispatch(fz.o('callback_done'), lead_unit => 'fz-dc', opinion => '请处理', actor => 'fz');
SELECT hotline.sign_for(fz.o('callback_done'), 'fz-dc', actor => 'fz');
SELECT hotline.reply(fz.o('callback_done'), 'fz-dc', '已处理', true, actor => 'fz');
SELECT hotline.review(fz.o('callback_done'), true, actor => 'fz');
SELECT hotline.callback(fz.o('callback_done'), 'satisfied', 'basically_satisfied', actor => 'fz');
SELECT fz.new_order('closed');
SELECT hotline.dispatch(fz.o('closed'), lead_unit => 'fz-dc', opinion => '请处理', actor => 'fz');
SELECT hotline.sign_for(fz.o('closed'), 'fz-dc', actor => 'fz');
SELECT hotline.reply(fz.o('closed'), 'fz-dc', '已处理', true, actor => 'fz');
SELECT hotline.review(fz.o('closed'), true, actor => 'fz');
SELECT hotline.close_order(fz.o('closed'), actor => 'fz');
SELECT fz.new_order('terminated');
SELECT hotline.terminate(fz.o('terminated'), '重复', actor => 'fz');
SELECT fz.new_order('merged');
SELECT hotline.merge(fz.o('merged'), fz.o('accepted'), actor => 'fz');
GRANT USAGE ON SCHEMA fz TO PUBLIC;
GRANT SELECT ON fz.pool TO PUBLIC;

-- ---------------------------------------------------------------------------
-- The workflow administrator and hook functions of every shape
-- ---------------------------------------------------------------------------
CREATE ROLE wfadmin NOLOGIN;
CREATE SCHEMA wf AUTHORIZATION wfadmin;
GRANT USAGE ON SCHEMA hotline TO wfadmin;
GRANT EXECUTE ON FUNCTION hotline.register_workflow(jsonb),
    hotline.open_order(text, text, text, text, jsonb),
    hotline.apply_action(hotline.order_no, text, text, text, jsonb, bigint) TO wfadmin;
GRANT INSERT, UPDATE, DELETE ON hotline.workflow, hotline.workflow_state, hotline.workflow_action,
    hotline.workflow_limit, hotline.workflow_hook, hotline.workflow_escalation TO wfadmin;
GRANT SELECT ON hotline.work_order, hotline.assignment TO wfadmin;

SET ROLE wfadmin;
CREATE FUNCTION wf.ok(hotline.order_no, bigint, text, jsonb) RETURNS void
    LANGUAGE sql AS 'SELECT';
CREATE FUNCTION wf.fail(o hotline.order_no, a bigint, act text, p jsonb) RETURNS void
    LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'hook refuses %', act USING ERRCODE = 'check_violation'; END $$;
CREATE FUNCTION wf.returns_int(hotline.order_no, bigint, text, jsonb) RETURNS integer
    LANGUAGE sql AS 'SELECT 42';
CREATE FUNCTION wf.returns_set(hotline.order_no, bigint, text, jsonb) RETURNS SETOF integer
    LANGUAGE sql AS 'SELECT generate_series(1, 3)';
CREATE FUNCTION wf.strict_ok(hotline.order_no, bigint, text, jsonb) RETURNS void
    LANGUAGE sql STRICT AS 'SELECT';
CREATE FUNCTION wf.three(hotline.order_no, bigint, text) RETURNS void
    LANGUAGE sql AS 'SELECT';
CREATE FUNCTION wf.five(hotline.order_no, bigint, text, jsonb, integer) RETURNS void
    LANGUAGE sql AS 'SELECT';
CREATE FUNCTION wf.texts(text, text, text, text) RETURNS void
    LANGUAGE sql AS 'SELECT';
CREATE FUNCTION wf.wrong_types(integer, text, jsonb, bigint) RETURNS void
    LANGUAGE sql AS 'SELECT';
CREATE FUNCTION wf.variadic_text(VARIADIC text[]) RETURNS void
    LANGUAGE sql AS 'SELECT';
CREATE FUNCTION wf.defaults(hotline.order_no, bigint, text DEFAULT NULL, jsonb DEFAULT NULL) RETURNS void
    LANGUAGE sql AS 'SELECT';
CREATE FUNCTION wf.writes(o hotline.order_no, a bigint, act text, p jsonb) RETURNS void
    LANGUAGE plpgsql AS $$ BEGIN UPDATE hotline.work_order SET state = 'closed' WHERE order_no = o; END $$;
CREATE FUNCTION wf.recurse(o hotline.order_no, a bigint, act text, p jsonb) RETURNS void
    LANGUAGE plpgsql AS $$ BEGIN PERFORM hotline.apply_action(o, act, 'hook', 'x', p, a); END $$;
CREATE PROCEDURE wf.proc(hotline.order_no, bigint, text, jsonb)
    LANGUAGE sql AS 'SELECT';
RESET ROLE;
