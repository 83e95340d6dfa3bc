-- Issue 10, part 5: a history no one can quietly change (R-1.6).  Each
-- order's events form a hash chain; an event edited or deleted afterwards,
-- even by a superuser with the triggers disabled, is found, and so is a
-- chain cut short or recomputed after the chain job sealed it.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(37);

INSERT INTO hotline.unit (code, name, region, kind) VALUES ('hc-cg', '北京市东城区城市管理委员会', '110101', 'department');
CREATE TEMP TABLE o (k int PRIMARY KEY, order_no hotline.order_no);
INSERT INTO o SELECT k, hotline.accept('110101', 'complaint', 'phone',
    format('东直门外大街%s号夜间施工噪声扰民，凌晨两点仍在作业', k), citizen_name => '王建国', citizen_phone => '13800138000')
FROM generate_series(1, 6) k;
SELECT hotline.dispatch(order_no, 'hc-cg', '请核实夜间施工许可并答复市民') FROM o;
SELECT hotline.sign_for(order_no, 'hc-cg') FROM o;
SELECT hotline.reply(order_no, 'hc-cg', '已责令施工单位停止夜间作业，并联系市民说明', true, 'phone') FROM o;
CREATE TEMP VIEW ev AS SELECT e.* FROM hotline.order_event e JOIN o USING (order_no);
CREATE TEMP VIEW breaks AS
    SELECT o.k, b.seq, b.problem FROM hotline.verify_histories() b JOIN o USING (order_no);

-- the chain as written
SELECT is((SELECT count(*)::int FROM ev WHERE seq IS NULL OR hash IS NULL), 0, 'every event has its seq and hash');
SELECT is((SELECT array_agg(seq ORDER BY id) FROM ev JOIN o USING (order_no) WHERE o.k = 1), '{1,2,3,4}'::int[],
          'an order''s events are numbered 1, 2, 3, ... in the order they were recorded');
SELECT is((SELECT count(DISTINCT hash)::int FROM ev), (SELECT count(*)::int FROM ev), 'every hash differs');
SELECT is((SELECT count(*)::int FROM ev WHERE octet_length(hash) <> 32), 0, 'a hash is SHA-256 (32 bytes)');
-- the canonical form exactly as README, Security, writes it for auditors
SELECT is((SELECT count(*)::int FROM (
              SELECT e.hash, sha256(convert_to(jsonb_build_array(
                         encode(lag(e.hash) OVER (PARTITION BY e.order_no ORDER BY e.id), 'hex'),
                         e.order_no::text, e.seq, e.id, e.assignment_id,
                         (extract(epoch FROM e.at) * 1000000)::bigint,
                         e.actor, e.role, e.action, e.from_state, e.to_state, e.reason, e.payload,
                         e.actor_name)::text, 'UTF8')) AS recomputed
              FROM ev e) x WHERE x.hash = x.recomputed)::int,
          (SELECT count(*)::int FROM ev), 'each hash is the documented canonical form''s, recomputed by plain SQL');
SELECT results_eq($$SELECT events, intact, broken_at, problem FROM hotline.verify_history((SELECT order_no FROM o WHERE k = 1))$$,
                  $$VALUES (4, true, NULL::int, NULL::text)$$, 'verify_history: the order''s four events are intact');
SELECT is_empty('SELECT * FROM breaks', 'verify_histories: no break anywhere');

-- several events of one order in one statement chain in the order they come
-- (the SQL writers' record_event, and a restore's rows)
SELECT hotline.record_event((SELECT order_no FROM o WHERE k = 6), NULL, 'system', 'system', 'note', NULL, NULL, '备注' || g)
FROM generate_series(1, 3) g;
SELECT is((SELECT array_agg(seq ORDER BY id) FROM ev JOIN o USING (order_no) WHERE o.k = 6), '{1,2,3,4,5,6,7}'::int[],
          'events recorded in one statement follow one another');
SELECT is((SELECT intact FROM hotline.verify_history((SELECT order_no FROM o WHERE k = 6))), true, 'and chain');

-- the chain job seals the intact chains at their last event
SELECT is((hotline.check_histories() ->> 'breaks')::int, 0, 'check_histories finds no break');
SELECT is((SELECT count(*)::int FROM hotline.history_seal s JOIN o USING (order_no)
           WHERE (s.event_id, s.seq) = (SELECT e.id, e.seq FROM ev e WHERE e.order_no = s.order_no ORDER BY e.id DESC LIMIT 1)),
          6, 'and seals each chain at its last event');
SELECT is((SELECT (result ->> 'sealed')::int FROM hotline.job_run WHERE job = 'check_histories' ORDER BY id DESC LIMIT 1),
          (SELECT count(*)::int FROM hotline.history_seal), 'the run is recorded with what it sealed');

-- a superuser tampers with triggers off (session_replication_role = replica
-- skips the append-only guard, as DISABLE TRIGGER does)
SET LOCAL session_replication_role = replica;
-- 1: a reply's result edited
UPDATE hotline.order_event SET payload = payload || '{"result": "已解决"}'
WHERE id = (SELECT id FROM ev JOIN o USING (order_no) WHERE o.k = 1 AND action = 'reply');
-- 2: the dispatch event deleted
DELETE FROM hotline.order_event WHERE id = (SELECT id FROM ev JOIN o USING (order_no) WHERE o.k = 2 AND action = 'dispatch');
-- 3: a hash replaced
UPDATE hotline.order_event SET hash = sha256('x') WHERE id = (SELECT id FROM ev JOIN o USING (order_no) WHERE o.k = 3 AND seq = 2);
-- 4: the last event deleted after the seal
DELETE FROM hotline.order_event WHERE id = (SELECT max(id) FROM ev JOIN o USING (order_no) WHERE o.k = 4);
-- 5: the who of the first event changed and the whole chain recomputed with the published formula
ALTER TABLE hotline.order_event DISABLE TRIGGER order_event_append_only;
UPDATE hotline.order_event SET actor = '另一个坐席' WHERE id = (SELECT min(id) FROM ev JOIN o USING (order_no) WHERE o.k = 5);
DO $$
DECLARE
    r hotline.order_event;
    prev bytea;
BEGIN
    FOR r IN SELECT e.* FROM hotline.order_event e WHERE e.order_no = (SELECT order_no FROM o WHERE k = 5) ORDER BY e.id LOOP
        UPDATE hotline.order_event e SET hash = hotline.event_hash(prev, r) WHERE e.id = r.id;
        prev := hotline.event_hash(prev, r);
    END LOOP;
END $$;
ALTER TABLE hotline.order_event ENABLE TRIGGER order_event_append_only;
-- 6: an event slipped in by hand, claiming an earlier place
INSERT INTO hotline.order_event (order_no, actor, role, action, seq, hash)
SELECT order_no, 'system', 'system', 'note', 2, sha256('forged') FROM o WHERE k = 6;
RESET session_replication_role;

SELECT results_eq($$SELECT intact, broken_at, problem FROM hotline.verify_history((SELECT order_no FROM o WHERE k = 1))$$,
                  $$VALUES (false, 4, 'altered')$$, 'an edited event is found: altered, at its place');
SELECT results_eq($$SELECT intact, broken_at, problem FROM hotline.verify_history((SELECT order_no FROM o WHERE k = 2))$$,
                  $$VALUES (false, 3, 'missing')$$, 'a deleted event is found: the next one says events are missing');
SELECT alike((SELECT detail FROM hotline.verify_history((SELECT order_no FROM o WHERE k = 2))),
            'Events 2 to 2 of the chain are missing before event % (seq 3): they were deleted.', 'and says which');
SELECT results_eq($$SELECT intact, broken_at, problem FROM hotline.verify_history((SELECT order_no FROM o WHERE k = 3))$$,
                  $$VALUES (false, 2, 'altered')$$, 'a replaced hash is found');
SELECT results_eq($$SELECT intact, broken_at, problem FROM hotline.verify_history((SELECT order_no FROM o WHERE k = 4))$$,
                  $$VALUES (false, 4, 'truncated')$$, 'an event deleted from the end of a sealed chain is found');
SELECT results_eq($$SELECT intact, broken_at, problem FROM hotline.verify_history((SELECT order_no FROM o WHERE k = 5))$$,
                  $$VALUES (false, 4, 'rewritten')$$, 'a chain recomputed after its seal is found');
SELECT results_eq($$SELECT intact, problem FROM hotline.verify_history((SELECT order_no FROM o WHERE k = 6))$$,
                  $$VALUES (false, 'reordered')$$, 'an event put in by hand is found');
SELECT results_eq('SELECT k, problem FROM breaks ORDER BY k, seq',
                  $$VALUES (1, 'altered'), (2, 'missing'), (3, 'altered'), (3, 'altered'), (4, 'truncated'), (5, 'rewritten'),
                           (6, 'reordered')$$,
                  'verify_histories finds each break, set-based (a replaced hash breaks its event and the next)');

-- the job reports the breaks and keeps the broken chains' seals
SELECT is((hotline.check_histories(true) ->> 'breaks')::int, (SELECT count(*)::int FROM breaks),
          'the weekly audit reports each break');
SELECT is((SELECT result -> 'errors' -> 0 ->> 'sqlstate' FROM hotline.job_run WHERE job = 'audit_histories' ORDER BY id DESC LIMIT 1),
          'altered', 'its run''s record names the first break');
SELECT is((SELECT count(*)::int FROM breaks WHERE k IN (4, 5)), 2,
          'a broken chain is not sealed anew: its break stays found');

-- every event of an order deleted
SET LOCAL session_replication_role = replica;
DELETE FROM hotline.history_seal WHERE order_no = (SELECT order_no FROM o WHERE k = 3);
DELETE FROM hotline.order_event WHERE order_no = (SELECT order_no FROM o WHERE k = 3);
RESET session_replication_role;
SELECT results_eq($$SELECT events, intact, problem FROM hotline.verify_history((SELECT order_no FROM o WHERE k = 3))$$,
                  $$VALUES (0, false, 'missing')$$, 'an order whose whole history is gone is found');

-- new events after a break chain on from the last one as it stands
SELECT hotline.review((SELECT order_no FROM o WHERE k = 1), true);
SELECT is((SELECT count(*)::int FROM breaks WHERE k = 1), 1, 'a new event on a broken chain adds no break of its own');

-- who may verify
CREATE ROLE hc_supervisor NOLOGIN IN ROLE hotline_supervisor;
CREATE ROLE hc_clerk NOLOGIN IN ROLE hotline_unit;
CREATE ROLE hc_admin NOLOGIN IN ROLE hotline_admin;
GRANT SELECT ON o TO PUBLIC;
SET LOCAL ROLE hc_supervisor;
SELECT is((SELECT intact FROM hotline.verify_history((SELECT order_no FROM o WHERE k = 1))), false, 'a supervisor verifies a history');
SELECT isnt_empty('SELECT * FROM hotline.verify_histories()', 'and all of them');
SELECT throws_ok('SELECT * FROM hotline.history_breaks()', '42501', NULL, 'not through the internal function');
SELECT throws_ok('SELECT hotline.check_histories()', '42501', NULL, 'nor runs the job (its scheduler does)');
RESET ROLE;
SET LOCAL ROLE hc_admin;
SELECT isnt_empty('SELECT * FROM hotline.verify_histories()', 'an administrator verifies');
RESET ROLE;
SET LOCAL ROLE hc_clerk;
SELECT throws_ok('SELECT * FROM hotline.verify_histories()', '42501', NULL, 'a unit''s clerk does not');
SELECT throws_ok($$SELECT * FROM hotline.verify_history((SELECT order_no FROM o WHERE k = 1))$$, '42501', NULL,
                 'not even one order''s');
RESET ROLE;

-- the trigger is the history's own: no one attaches it to a table of theirs
CREATE ROLE hc_nobody NOLOGIN;
SET LOCAL ROLE hc_nobody;
CREATE TEMP TABLE hc_ev (order_no bigint, id bigint, seq int, assignment_id bigint, at timestamptz, actor text,
                         role text, action text, from_state text, to_state text, reason text, payload int,
                         actor_name text, hash bytea, PRIMARY KEY (order_no, id));
SELECT throws_ok('CREATE TRIGGER c BEFORE INSERT ON hc_ev FOR EACH ROW EXECUTE FUNCTION hotline.chain_event()',
                 '42501', NULL, 'a login may not use the chain''s trigger on a table of its own');
RESET ROLE;
CREATE TRIGGER c BEFORE INSERT ON hc_ev FOR EACH ROW EXECUTE FUNCTION hotline.chain_event();
SELECT throws_ok('INSERT INTO hc_ev (order_no, id, payload) VALUES (1, 1, 16)', '39P01',
                 'hotline.chain_event() chains only a table of hotline.order_event''s shape',
                 'and the owner''s trigger on a table of another shape refuses to read it (a column of another type)');

-- mistakes
SELECT throws_ok($$SELECT * FROM hotline.verify_history('110101-20261203-999999')$$, 'P0002',
                 'work order 110101-20261203-999999 does not exist', 'an order that does not exist');
SELECT throws_ok('SELECT hotline.check_histories(NULL)', '22004', 'everything must not be null', 'the job''s argument');
SELECT throws_ok($$INSERT INTO hotline.order_event (order_no, actor, role, action, at)
                   SELECT order_no, 'system', 'system', 'note', 'infinity' FROM o WHERE k = 1$$, '22008',
                 'the time of an event must be finite, not "infinity"', 'an event at an infinite time has no hash');

SELECT * FROM finish();
ROLLBACK;
