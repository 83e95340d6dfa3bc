-- Each rule written once (issue 9, part 3; R-5.1, R-5.4, R-12.3, R-14.2,
-- R-14.3): a time rule watches any deadline column the catalog shows -- here
-- inspect_due, a deadline of a workflow's own choosing added to
-- hotline.work_order -- and its alarms follow it (at intake, on an update
-- through the triggers written from the catalog, in the sweep); a rule's
-- channel is one of the outbox's; a bad deadline or channel is refused
-- with a clear error.  The order's reply deadline has one definition
-- (hotline.order_reply_due), inlined where it is used.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(21);

-- a deadline of the workflow's own choosing: <name>_due with its limit and start
ALTER TABLE hotline.work_order ADD COLUMN inspect_limit hotline.time_limit, ADD COLUMN inspect_from timestamptz,
    ADD COLUMN inspect_due timestamptz;
SELECT is(hotline.due_table('inspect_due'), 'work_order', 'a deadline column added to the orders is the orders''');
SELECT is(hotline.due_table('sign_due'), 'assignment', 'sign_due is the assignments''');
SELECT is(hotline.due_table('reply_due'), 'assignment',
          'reply_due is on both tables: a rule on it watches the assignments (the order''s is derived from them)');
SELECT is(hotline.due_table('closed_at'), NULL, 'a column that is no deadline is none');
SELECT matches((SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t
                WHERE t.tgrelid = 'hotline.work_order'::regclass AND t.tgname = 'work_order_alarms'),
               'UPDATE OF callback_due, dispatch_due, inspect_due ON',
               'the alarm trigger of the orders follows the new deadline (written again from the catalog)');

-- anybody's ALTER TABLE fires the event trigger that writes the alarm
-- triggers again: it must need nothing of the extension's schema
CREATE ROLE rules_once_other;
CREATE TABLE public.rules_once_t (a integer);
ALTER TABLE public.rules_once_t OWNER TO rules_once_other;
REVOKE USAGE ON SCHEMA hotline FROM PUBLIC;
SET ROLE rules_once_other;
ALTER TABLE public.rules_once_t ADD COLUMN b integer;
RESET ROLE;
GRANT USAGE ON SCHEMA hotline TO PUBLIC;
SELECT has_column('public', 'rules_once_t', 'b',
                  'a role without USAGE on the extension''s schema alters its own table (the event trigger stays out of its way)');

CREATE FUNCTION pg_temp.field_check(escalation jsonb) RETURNS jsonb LANGUAGE sql AS $$
SELECT jsonb_build_object(
  'name', 'field_check', 'description', 'field inspections, a test workflow', 'initial_state', 'new',
  'states', jsonb_build_array(
      jsonb_build_object('scope', 'order', 'state', 'open', 'description', 'waiting for the inspection'),
      jsonb_build_object('scope', 'order', 'state', 'done', 'terminal', true, 'description', 'inspected')),
  'actions', jsonb_build_array(
      jsonb_build_object('action', 'log', 'scope', 'order', 'from', jsonb_build_array('new'), 'to', 'open',
                         'roles', jsonb_build_array('clerk'),
                         'params', jsonb_build_array('region', 'appeal_type', 'channel', 'description'),
                         'effects', jsonb_build_object('set_due', jsonb_build_object('column', 'inspect_due', 'deadline', 'inspect')),
                         'description', 'log a request for an inspection'),
      jsonb_build_object('action', 'postpone', 'scope', 'order', 'from', jsonb_build_array('open'), 'to', 'open',
                         'roles', jsonb_build_array('clerk'),
                         'effects', jsonb_build_object('set_due', jsonb_build_object('column', 'inspect_due', 'deadline', 'inspect_later')),
                         'description', 'give the inspection more time')),
  'limits', jsonb_build_array(jsonb_build_object('deadline', 'inspect', 'time_limit', '2 working days'),
                              jsonb_build_object('deadline', 'inspect_later', 'time_limit', '10 working days')),
  'escalations', jsonb_build_array(escalation),
  'settings', jsonb_build_array(jsonb_build_object('setting', 'language', 'value', 'zh', 'description', 'the workflow''s language')),
  'messages', jsonb_build_array(jsonb_build_object('message', 'team', 'language', 'zh', 'template', '检查组'),
                                jsonb_build_object('message', 'inspect_late', 'language', 'zh',
                                                   'template', '工单{order_no}的检查已于{due_at}逾期（第{n}次）')))
$$;
CREATE FUNCTION pg_temp.rule(due text, channel text) RETURNS jsonb LANGUAGE sql AS $$
SELECT jsonb_build_object('rule', 'inspect_late', 'kind', 'hasten', 'due', due, 'every', '1 working day',
                          'states', jsonb_build_array('open'), 'channel', channel, 'template', 'inspect_late',
                          'description', 'late inspections')
$$;

-- refused: a deadline no table has, a channel the outbox does not know
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.field_check(pg_temp.rule('nap_due', 'system')))$$, '22023',
                 'escalation rule "inspect_late" of workflow "field_check" watches an unknown deadline: due nap_due',
                 'a time rule on a column that is no deadline is refused, naming the rule and the column');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.field_check(pg_temp.rule('inspect_limit', 'system')))$$, '22023',
                 'escalation rule "inspect_late" of workflow "field_check" watches an unknown deadline: due inspect_limit',
                 'so is one on the limit beside it');
SELECT throws_ok($$SELECT hotline.register_workflow(pg_temp.field_check(pg_temp.rule('inspect_due', 'fax')))$$, '23503',
                 NULL, 'a channel the outbox does not know is refused (a foreign key to hotline.outbox_channel)');
-- a channel of your own is one for the rules too
INSERT INTO hotline.outbox_channel (channel, description) VALUES ('pager', 'test: the inspectors'' pagers');
SELECT is(hotline.register_workflow(pg_temp.field_check(pg_temp.rule('inspect_due', 'pager'))), 'field_check',
          'a time rule on the workflow''s own deadline, on a channel of your own, is accepted');
SELECT throws_ok($$UPDATE hotline.workflow_escalation SET due = 'reply_from' WHERE workflow = 'field_check'$$, '22023', NULL,
                 'a rule is checked whenever it is written');

-- at intake: the deadline set, its alarm made from it
CREATE TEMP TABLE o AS
SELECT hotline.open_order('field_check', 'log', 'clerk 1', 'clerk',
           '{"region": "110101", "appeal_type": "help", "channel": "phone", "description": "an inspection"}') AS no;
SELECT is((SELECT w.inspect_due FROM hotline.work_order w, o WHERE w.order_no = o.no),
          (SELECT hotline.deadline('cn', w.inspect_from, '2 working days') FROM hotline.work_order w, o WHERE w.order_no = o.no),
          'set_due sets the workflow''s deadline');
SELECT is((SELECT al.due_at FROM hotline.alarm al, o WHERE al.order_no = o.no AND al.rule = 'inspect_late'),
          (SELECT w.inspect_due FROM hotline.work_order w, o WHERE w.order_no = o.no),
          'the hastening rule watches it from the intake');
SELECT is((SELECT al.fire_at FROM hotline.alarm al, o WHERE al.order_no = o.no AND al.rule = 'inspect_late'),
          (SELECT hotline.next_opening('cn', w.inspect_due) FROM hotline.work_order w, o WHERE w.order_no = o.no),
          'first when it passes, inside business hours');

-- an action moves it: the trigger written from the catalog moves the alarm
SELECT hotline.apply_action(o.no, 'postpone', 'clerk 1', 'clerk') FROM o;
SELECT is((SELECT al.due_at FROM hotline.alarm al, o WHERE al.order_no = o.no AND al.rule = 'inspect_late'),
          (SELECT hotline.deadline('cn', w.inspect_from, '10 working days') FROM hotline.work_order w, o WHERE w.order_no = o.no),
          'a deadline an action moves moves its alarm');

-- the sweep hastens on it, on the rule's channel, and retires it when it
-- no longer matches the deadline
UPDATE hotline.work_order w SET inspect_due = now() - interval '1 hour' FROM o WHERE w.order_no = o.no;
SELECT is(ARRAY(SELECT d.due || ':' || (d.unit IS NULL) FROM hotline.overdue d, o WHERE d.order_no = o.no), '{inspect_due:true}',
          'the overdue board shows the late deadline of the workflow''s own choosing (the hotline is late)');
UPDATE hotline.alarm al SET fire_at = now() - interval '1 second' FROM o WHERE al.order_no = o.no;
SELECT is((hotline.sweep() ->> 'hastenings')::int, 1, 'the sweep hastens a late inspection');
SELECT is((SELECT array_agg(ob.channel || ':' || (ob.payload ->> 'text')) FROM hotline.outbox ob, o WHERE ob.order_no = o.no),
          (SELECT ARRAY['pager:工单' || o.no || '的检查已于' || to_char((now() - interval '1 hour') AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
                        || '逾期（第1次）'] FROM o),
          'on the rule''s channel, in the workflow''s words');
UPDATE hotline.work_order w SET inspect_due = NULL FROM o WHERE w.order_no = o.no;
UPDATE hotline.alarm al SET fire_at = now() - interval '1 second' FROM o WHERE al.order_no = o.no;
SELECT is((hotline.sweep() ->> 'retired')::int, 1, 'a cleared deadline: its alarm is retired without a message');

-- the order's reply deadline: one definition, inlined by the planner
SELECT is((SELECT count(*)::int FROM hotline.work_order w, o
           WHERE w.order_no = o.no AND (SELECT d FROM hotline.order_reply_due(w.order_no) d) IS NULL), 1,
          'an order without open assignments has no reply deadline of theirs');
CREATE FUNCTION pg_temp.plan(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text; p text := '';
BEGIN
    FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP p := p || r || E'\n'; END LOOP;
    RETURN p;
END $$;
SELECT doesnt_match(pg_temp.plan($$UPDATE hotline.work_order o SET reply_due = (SELECT d FROM hotline.order_reply_due(o.order_no) d)
                              WHERE o.order_no = '110101-20260101-000001'$$),
              'Function Scan', 'hotline.order_reply_due is inlined: the engine''s UPDATE plans an index probe, no function call');

SELECT * FROM finish();
ROLLBACK;
