-- Issue 10, part 6: nothing reachable by search_path tricks.  Every
-- function that runs with the owner's rights pins its search_path; none is
-- PUBLIC's; and look-alike functions and operators in a schema before
-- pg_catalog on the caller's path are never called by the hotline's
-- functions, whoever calls them.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(6);

SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
                WHERE p.pronamespace = 'hotline'::regnamespace AND p.prosecdef
                  AND NOT coalesce(p.proconfig::text[] && ARRAY(SELECT c FROM unnest(p.proconfig) c WHERE c LIKE 'search\_path=%'), false)
                ORDER BY 1),
          '{}'::text[], 'every SECURITY DEFINER function pins its search_path');
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
                WHERE p.pronamespace = 'hotline'::regnamespace AND p.prosecdef
                  AND has_function_privilege('public', p.oid, 'EXECUTE')
                ORDER BY 1),
          '{}'::text[], 'no SECURITY DEFINER function is PUBLIC''s');

-- look-alikes, each of which would say it was called
CREATE SCHEMA tr_evil;
CREATE TABLE tr_evil.called (what text);
GRANT USAGE ON SCHEMA tr_evil TO PUBLIC;
GRANT ALL ON tr_evil.called TO PUBLIC;
CREATE FUNCTION tr_evil.note(what text) RETURNS boolean LANGUAGE sql AS
    $$ INSERT INTO tr_evil.called VALUES (what) RETURNING false $$;
CREATE FUNCTION tr_evil.text_eq(text, text) RETURNS boolean LANGUAGE sql AS $$ SELECT tr_evil.note('=(text,text)') $$;
CREATE OPERATOR tr_evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = tr_evil.text_eq);
CREATE FUNCTION tr_evil.int8_eq(bigint, bigint) RETURNS boolean LANGUAGE sql AS $$ SELECT tr_evil.note('=(bigint,bigint)') $$;
CREATE OPERATOR tr_evil.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = tr_evil.int8_eq);
CREATE FUNCTION tr_evil.text_ne(text, text) RETURNS boolean LANGUAGE sql AS $$ SELECT tr_evil.note('<>(text,text)') $$;
CREATE OPERATOR tr_evil.<> (LEFTARG = text, RIGHTARG = text, FUNCTION = tr_evil.text_ne);
CREATE FUNCTION tr_evil.now() RETURNS timestamptz LANGUAGE sql AS $$ SELECT CASE WHEN tr_evil.note('now()') THEN NULL ELSE pg_catalog.now() END $$;
CREATE FUNCTION tr_evil.lower(text) RETURNS text LANGUAGE sql AS $$ SELECT CASE WHEN tr_evil.note('lower(text)') THEN NULL ELSE $1 END $$;
CREATE FUNCTION tr_evil.jsonb_strip_nulls(jsonb) RETURNS jsonb LANGUAGE sql AS $$ SELECT CASE WHEN tr_evil.note('jsonb_strip_nulls') THEN NULL ELSE $1 END $$;
CREATE FUNCTION tr_evil.format(text) RETURNS text LANGUAGE sql AS $$ SELECT CASE WHEN tr_evil.note('format(text)') THEN NULL ELSE $1 END $$;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA tr_evil TO PUBLIC;

INSERT INTO hotline.unit (code, name, region, kind) VALUES ('tp-dc', '北京市东城区人民政府', '110101', 'district');
CREATE ROLE tp_agent NOLOGIN IN ROLE hotline_agent, hotline_reviewer;
CREATE ROLE tp_desk NOLOGIN IN ROLE hotline_dispatcher, hotline_supervisor;
CREATE ROLE tp_clerk NOLOGIN IN ROLE hotline_unit;
INSERT INTO hotline.staff (login, name, unit_id) SELECT 'tp_clerk', '王芳', id FROM hotline.unit WHERE code = 'tp-dc';
CREATE TABLE tp_o (order_no hotline.order_no);
GRANT ALL ON tp_o TO PUBLIC;

-- the look-alikes first on the path, before pg_catalog, for every caller
SET LOCAL search_path = tr_evil, pg_catalog, public, hotline;
SET LOCAL ROLE tp_agent;
INSERT INTO tp_o SELECT hotline.accept('110101', 'complaint', 'phone', '小区路灯不亮', citizen_phone => '13800138000');
RESET ROLE;
SET LOCAL ROLE tp_desk;
SELECT hotline.dispatch((SELECT order_no FROM tp_o), 'tp-dc', '请核实处理') IS NOT NULL AS dispatched \gset
SELECT hotline.open_supervision((SELECT order_no FROM tp_o), 'overdue', '督办科') IS NOT NULL AS supervised \gset
RESET ROLE;
SET LOCAL ROLE tp_clerk;
SELECT (hotline.sign_for((SELECT order_no FROM tp_o), 'tp-dc')).state AS signed \gset
SELECT (hotline.reply((SELECT order_no FROM tp_o), 'tp-dc', '已修复路灯', true, 'phone')).state AS replied \gset
RESET ROLE;
SET LOCAL ROLE tp_agent;
SELECT hotline.review((SELECT order_no FROM tp_o), true) AS reviewed \gset
SELECT hotline.callback((SELECT order_no FROM tp_o), 'satisfied', 'satisfied') AS called_back \gset
SELECT hotline.close_order((SELECT order_no FROM tp_o)) AS closed \gset
RESET ROLE;
SELECT hotline.archive((SELECT order_no FROM tp_o)) AS archived \gset
SELECT hotline.sweep() IS NOT NULL AS swept \gset
RESET search_path;
SET LOCAL search_path = public, hotline;

SELECT is(:'archived'::text, 'archived', 'an order''s life with look-alikes first on every caller''s path');
SELECT is((SELECT state FROM hotline.work_order WHERE order_no = (SELECT order_no FROM tp_o)), 'archived', 'it is archived');
SELECT is((SELECT count(*)::int FROM hotline.supervision WHERE order_no = (SELECT order_no FROM tp_o)), 1, 'and was supervised');
SELECT is(ARRAY(SELECT DISTINCT what FROM tr_evil.called ORDER BY 1), '{}'::text[], 'no look-alike was ever called');

SELECT * FROM finish();
ROLLBACK;
