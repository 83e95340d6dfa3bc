-- No function of the extension that PUBLIC may execute, and no SECURITY
-- DEFINER one, resolves names or operators through the caller's
-- search_path (issue 8: escalation).  In 0.1.0 hotline.alarm_text,
-- distance_m, text_similarity_works and outbox_max_attempts had no SET
-- search_path: a schema first on the caller's path with a shadowing
-- operator changed what they computed, in the caller's name.
--
-- The rule: every such function has SET search_path = pg_catalog[,
-- the extension's schema], pg_temp, except
--   * C (and internal) functions: no SQL of theirs is parsed under the
--     caller's path except the SPI queries of the C files, which qualify
--     every relation, function and operator (OPERATOR(pg_catalog.=)); the
--     calendar loader is exercised below under a hostile path;
--   * SQL functions with an SQL-standard body (RETURN / BEGIN ATOMIC):
--     parsed and bound when created, never under the caller's path; the
--     list of them is pinned here, and each is run under a hostile path.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET hotline.warn_uncovered = off;
BEGIN;
SELECT plan(9);

CREATE TEMP VIEW ext_function AS
SELECT p.oid::regprocedure AS f, l.lanname, p.prosecdef, p.proconfig, p.prosqlbody IS NOT NULL AS bound_body,
       has_function_privilege('public', p.oid, 'EXECUTE') AS public_exec
FROM pg_depend d
JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
JOIN pg_language l ON l.oid = p.prolang
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'hotline');

SELECT cmp_ok((SELECT count(*) FROM ext_function WHERE public_exec OR prosecdef)::int, '>', 100,
              'the audit sees the extension''s functions');
SELECT is(ARRAY(SELECT f::text FROM ext_function
                WHERE (public_exec OR prosecdef) AND lanname NOT IN ('c', 'internal') AND NOT bound_body
                  AND NOT coalesce(proconfig && ARRAY['search_path=pg_catalog, pg_temp',
                                                      'search_path=pg_catalog, ' || quote_ident('hotline') || ', pg_temp'],
                                   false)
                ORDER BY 1),
          '{}'::text[],
          'every SQL and PL/pgSQL function PUBLIC may execute, and every SECURITY DEFINER one, pins search_path to pg_catalog[, hotline], pg_temp');
SELECT is(ARRAY(SELECT f::text FROM ext_function WHERE prosecdef AND NOT coalesce(proconfig::text ~ 'search_path=pg_catalog', false)
                ORDER BY 1),
          '{}'::text[], 'every SECURITY DEFINER function, C ones included, pins search_path');
SELECT is(ARRAY(SELECT f::text FROM ext_function
                WHERE (public_exec OR prosecdef) AND lanname NOT IN ('c', 'internal') AND bound_body
                  AND NOT coalesce(proconfig::text ~ 'search_path=pg_catalog', false)
                ORDER BY 1),
          ARRAY['hotline.event_hash(bytea,hotline.order_event)',
                'hotline.mask_address(text)',
                'hotline.mask_name(text)',
                'hotline.mask_phone(text)',
                'hotline.order_reply_due(hotline.order_no)',
                'hotline.rate(bigint,bigint)',
                'hotline.scrub_text(text)',
                'hotline.trgm_similarity(text,text)'],
          'the unpinned functions with an SQL-standard body are the ones tested under a hostile path below');

-- ---------------------------------------------------------------------------
-- A hostile schema first on the path: operators and functions that shadow
-- pg_catalog's for exactly the argument types the helpers use
-- ---------------------------------------------------------------------------
CREATE SCHEMA evil;
CREATE FUNCTION evil.f8(double precision, double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE AS 'SELECT 1e6::double precision';
CREATE OPERATOR evil.- (LEFTARG = double precision, RIGHTARG = double precision, FUNCTION = evil.f8);
CREATE OPERATOR evil.+ (LEFTARG = double precision, RIGHTARG = double precision, FUNCTION = evil.f8);
CREATE OPERATOR evil.* (LEFTARG = double precision, RIGHTARG = double precision, FUNCTION = evil.f8);
CREATE OPERATOR evil./ (LEFTARG = double precision, RIGHTARG = double precision, FUNCTION = evil.f8);
CREATE FUNCTION evil.yes(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
CREATE OPERATOR evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.yes);
CREATE FUNCTION evil.no(real, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT false';
CREATE OPERATOR evil.> (LEFTARG = real, RIGHTARG = integer, FUNCTION = evil.no);
CREATE FUNCTION evil.similarity(text, text) RETURNS real LANGUAGE sql IMMUTABLE AS 'SELECT 0.5::real';
CREATE FUNCTION evil.n0(numeric, integer) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT 0::numeric';
CREATE OPERATOR evil.* (LEFTARG = numeric, RIGHTARG = integer, FUNCTION = evil.n0);
CREATE FUNCTION evil.nn0(numeric, numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT 0::numeric';
CREATE OPERATOR evil./ (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = evil.nn0);
CREATE FUNCTION evil.i0(integer, integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 0';
CREATE OPERATOR evil.- (LEFTARG = integer, RIGHTARG = integer, FUNCTION = evil.i0);
CREATE FUNCTION evil.cat(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ''x''';
CREATE OPERATOR evil.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.cat);
CREATE FUNCTION evil.sqrt(double precision) RETURNS double precision LANGUAGE sql IMMUTABLE AS 'SELECT 0::double precision';
-- a calendar that no statement has loaded yet: it is read (C, SPI) under the hostile path
INSERT INTO hotline.calendar (name, base) VALUES ('sp_fresh', 'cn');

-- the helpers' results as text, in this order (no comparison of its own:
-- it runs under the hostile path too)
CREATE FUNCTION pg_temp.run() RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    r text[] := '{}';
BEGIN
    r := r || hotline.distance_m(116.43310, 39.94110, 116.43370, 39.94130)::text;
    r := r || hotline.render_message('appeal_12345', 'remind', 'zh',
                                     '{"order_no": "110101-20260302-000001", "unit": "东城区城市管理委员会", "due_at": "2026-03-02 10:00+08"}',
                                     'cn');
    r := r || hotline.text_similarity_works()::text;
    r := r || hotline.outbox_max_attempts()::text;
    r := r || hotline.trgm_similarity('路灯 灯不 不亮', '路灯 灯坏')::text;
    r := r || hotline.text_similarity('东直门北小街路灯不亮', '东直门北小街的路灯坏了', '东直门北小街')::text;
    r := r || hotline.deadline('sp_fresh', '2026-09-30 10:00+08', '7 working days')::text;
    r := r || (SELECT ROW(hotline.due_at(v, 'visit_due'), hotline.due_start(v, 'visit_due', NULL))::text
               FROM (VALUES ('2026-03-02 10:00+08'::timestamptz, '2026-03-01 10:00+08'::timestamptz)) v(visit_due, visit_from));
    r := r || coalesce((SELECT d FROM hotline.order_reply_due('110101-20260302-000001') d)::text, 'none');
    r := r || pg_catalog.encode(hotline.event_hash('\x01', pg_catalog.jsonb_populate_record(NULL::hotline.order_event,
                  '{"id": 7, "order_no": "110101-20260302-000001", "seq": 2, "at": "2026-03-02 10:00:00.5+08",
                    "actor": "agent_zhao", "role": "agent", "action": "accept", "payload": {"description": "路灯不亮"}}')), 'hex');
    r := r || pg_catalog.concat(hotline.mask_name('王建国'), hotline.mask_phone('13800138000'),
                                hotline.mask_address('北京市东城区东直门外大街42号院3号楼'),
                                hotline.scrub_text('电话13800138000，身份证110101199003071234'));
    r := r || hotline.rate(2, 3)::text;
    RETURN r;
END $$;

SET search_path = evil, pg_catalog, public;
CREATE TEMP TABLE hostile AS SELECT pg_temp.run() AS r;
RESET search_path;
CREATE TEMP TABLE normal AS SELECT pg_temp.run() AS r;

SELECT is((SELECT r[1] FROM hostile), (SELECT r[1] FROM normal),
          'distance_m ignores operators that shadow pg_catalog''s on the caller''s path');
SELECT is((SELECT r[2] FROM hostile), (SELECT r[2] FROM normal), 'render_message too');
SELECT is((SELECT r FROM hostile), (SELECT r FROM normal),
          'no helper PUBLIC may execute computes differently under a hostile search_path');
SELECT is((SELECT cardinality(r) FROM hostile), 12, 'every helper ran under the hostile path');
SELECT is((SELECT r[7] FROM hostile), '2026-10-15 16:00:00+00',
          '... including the calendar loader''s SPI queries (C), first run under the hostile path');

SELECT * FROM finish();
ROLLBACK;
