-- The hotline domain knows no workflow (issue 9, R-14.2): a second
-- workflow unlike 12345 -- home visits (上门服务): registered -> assigned ->
-- visited -> done -> filed, with its own roles, actions, parameters,
-- message texts (Chinese and English), calendars and settings -- runs
-- through the sweep (reminder, hastening, public notice at the threshold,
-- supervision), a bad-handling rule of its own action and parameter names,
-- and the jobs (callback sampling, archiving), with no 12345 name involved.
-- (Every order of the hotline records where, what kind, how it came and
-- what happened -- region, appeal_type, channel, description, R-1.3 to
-- R-1.5 -- whatever its workflow: the hotline's intake asks for them.)
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(33);

-- a calendar in another zone (Berlin): a unit on it reads times in its zone
INSERT INTO hotline.calendar (name, time_zone, description) VALUES ('hv_berlin', 'Europe/Berlin', 'test: Berlin');
INSERT INTO hotline.calendar_year (calendar, year) SELECT 'hv_berlin', y FROM generate_series(2026, 2030) y;
INSERT INTO hotline.calendar_year (calendar, year) SELECT 'cn', y FROM generate_series(2027, 2030) y ON CONFLICT DO NOTHING;

SELECT is(hotline.register_workflow($json$
{
  "name": "door_service",
  "description": "home visits (上门服务), a test workflow",
  "initial_state": "new",
  "calendar": "cn",
  "states": [
    {"scope": "order", "state": "registered", "description": "registered"},
    {"scope": "order", "state": "assigned", "description": "a visitor team is assigned"},
    {"scope": "order", "state": "visited", "description": "visited"},
    {"scope": "order", "state": "done", "description": "done"},
    {"scope": "order", "state": "filed", "terminal": true, "description": "filed"},
    {"scope": "assignment", "state": "scheduled", "description": "the visit is scheduled"},
    {"scope": "assignment", "state": "made", "description": "the visit was made"}
  ],
  "actions": [
    {"action": "register", "scope": "order", "from": ["new"], "to": "registered", "roles": ["clerk"],
     "params": ["region", "appeal_type", "channel", "description"], "description": "register a request"},
    {"action": "plan", "scope": "order", "from": ["registered"], "to": "assigned", "roles": ["planner"],
     "params": ["team"],
     "effects": {"assign": {"state": "scheduled", "reply_deadline": "visit",
                            "units": [{"param": "team", "role": "visiting_team", "single": true}]}},
     "description": "plan the visit"},
    {"action": "visit", "scope": "assignment", "from": ["scheduled"], "to": "made", "roles": ["visitor"],
     "params": ["outcome"],
     "effects": {"stamp": "replied_at",
                 "order_state_when_all": {"assignment_states": ["made"], "order_state": "visited"}},
     "description": "the visit is made"},
    {"action": "rate", "scope": "order", "from": ["visited"], "to": null, "roles": ["citizen_desk"],
     "params": ["stars"], "description": "the citizen rates the visit"},
    {"action": "again", "scope": "order", "from": ["visited"], "to": "assigned", "roles": ["inspector"],
     "effects": {"reopen_assignments": {"from_states": ["made"], "state": "scheduled", "reply_deadline": "visit"}},
     "description": "visit again"},
    {"action": "finish", "scope": "order", "from": ["visited"], "to": "done", "roles": ["inspector", "system"],
     "effects": {"close_order": true}, "description": "finished"},
    {"action": "file", "scope": "order", "from": ["done"], "to": "filed", "roles": ["system"],
     "effects": {"archive_order": true}, "description": "filed"}
  ],
  "limits": [{"deadline": "visit", "time_limit": "5 working days"}],
  "escalations": [
    {"rule": "visit_soon", "kind": "remind", "due": "reply_due", "share": 0.5, "states": ["scheduled"],
     "channel": "email", "template": "visit_soon", "description": "a reminder half-way"},
    {"rule": "visit_late", "kind": "hasten", "due": "reply_due", "every": "1 working day", "notice_after": 2,
     "states": ["scheduled"], "channel": "email", "template": "visit_late", "description": "late visits"},
    {"rule": "poor_service", "kind": "bad_handling", "on": ["rate", "again"], "channel": "system", "template": "supervise",
     "settings": {"dissatisfied": {"actions": ["rate"], "threshold": 2, "params": ["stars"], "value": "1"},
                  "sent_back": {"actions": ["again"], "threshold": 1}},
     "description": "two one-star ratings, or a visit made again"}
  ],
  "settings": [
    {"setting": "language", "value": "zh", "description": "the workflow's language"},
    {"setting": "callback_sampling",
     "value": {"state": "visited", "close_action": "finish", "message": "quality_check", "recipient_user": "quality_team"},
     "description": "visited orders are checked by the quality team, or finished"},
    {"setting": "archiving", "value": {"states": ["done"], "action": "file", "after": "3 days"},
     "description": "done orders are filed after 3 days"}
  ],
  "messages": [
    {"message": "team", "language": "zh", "template": "上门服务中心"},
    {"message": "team", "language": "en", "template": "the home visit centre"},
    {"message": "visit_soon", "language": "zh", "template": "{unit}：工单{order_no}的上门服务请于{due_at}前完成。"},
    {"message": "visit_soon", "language": "en", "template": "{unit}: please visit for order {order_no} by {due_at}."},
    {"message": "visit_late", "language": "zh", "template": "{unit}：工单{order_no}已于{due_at}逾期，第{n}次提示。"},
    {"message": "visit_late", "language": "en", "template": "{unit}: order {order_no} was due at {due_at}; reminder {n}."},
    {"message": "notice", "language": "zh", "template": "通报：{unit} 工单{order_no}（{due_at}到期）提示{n}次未上门。"},
    {"message": "supervise", "language": "zh", "template": "督导：工单{order_no}（{reason}）"},
    {"message": "bad_handling.dissatisfied", "language": "zh", "template": "{n} 次一星评价"},
    {"message": "bad_handling.sent_back", "language": "zh", "template": "重新上门 {n} 次"},
    {"message": "quality_check", "language": "zh", "template": "质检：工单{order_no}已抽中。"},
    {"message": "quality_check.not_sampled", "language": "zh", "template": "未抽中质检"}
  ]
}
$json$), 'door_service', 'a workflow of other states, actions, parameters, roles and texts registers');

INSERT INTO hotline.unit (code, name, region, calendar, language) VALUES
    ('hv-en', 'Team Berlin', '110101', 'hv_berlin', 'en'),
    ('hv-fr', '东城上门队', '110101', 'cn', 'fr');

-- helpers: an order of the workflow, planned to a unit
CREATE FUNCTION pg_temp.order_for(unit text) RETURNS hotline.order_no LANGUAGE plpgsql AS $$
DECLARE
    o hotline.order_no;
BEGIN
    o := hotline.open_order('door_service', 'register', 'clerk 1', 'clerk',
             '{"region": "110101", "appeal_type": "help", "channel": "phone", "description": "an elderly citizen needs a visit"}');
    PERFORM hotline.apply_action(o, 'plan', 'planner 1', 'planner', jsonb_build_object('team', unit));
    RETURN o;
END $$;
CREATE FUNCTION pg_temp.a(o hotline.order_no) RETURNS bigint LANGUAGE sql AS
    'SELECT id FROM hotline.assignment WHERE order_no = $1 ORDER BY id DESC LIMIT 1';
CREATE FUNCTION pg_temp.due_now(o hotline.order_no) RETURNS void LANGUAGE sql AS
    'UPDATE hotline.alarm SET fire_at = now() - interval ''1 second'' WHERE order_no = $1 AND fire_at IS NOT NULL';
CREATE TEMP TABLE o AS SELECT pg_temp.order_for('hv-en') AS en, pg_temp.order_for('hv-fr') AS fr;

SELECT is((SELECT array_agg(rule ORDER BY rule) FROM hotline.alarm WHERE order_no = (SELECT en FROM o)),
          '{visit_late,visit_soon}', 'the workflow''s time rules watch the visit deadline');

-- the reminder: in English for the English unit, the deadline in Berlin time
UPDATE hotline.assignment SET reply_due = '2030-01-15 09:00+00' WHERE order_no IN (SELECT en FROM o UNION SELECT fr FROM o);
SELECT pg_temp.due_now(en) FROM o;
SELECT pg_temp.due_now(fr) FROM o;
UPDATE hotline.alarm SET fire_at = NULL WHERE rule = 'visit_late';
SELECT is(hotline.sweep() - 'left_for_next_run',
          '{"reminders": 2, "hastenings": 0, "notices": 0, "retired": 0, "messages": 2}', 'the sweep reminds both units');
SELECT is((SELECT payload ->> 'text' FROM hotline.outbox WHERE order_no = (SELECT en FROM o) AND template = 'visit_soon'),
          format('Team Berlin: please visit for order %s by 2030-01-15 10:00.', (SELECT en FROM o)),
          'in the unit''s language (en), the time in the zone of its calendar (Europe/Berlin)');
SELECT is((SELECT payload ->> 'text' FROM hotline.outbox WHERE order_no = (SELECT fr FROM o) AND template = 'visit_soon'),
          format('东城上门队：工单%s的上门服务请于2030-01-15 17:00前完成。', (SELECT fr FROM o)),
          'a unit whose language the workflow has no text in reads the workflow''s (zh), in its calendar''s zone (Asia/Shanghai)');
SELECT is((SELECT channel FROM hotline.outbox WHERE order_no = (SELECT en FROM o) AND template = 'visit_soon'),
          'email', 'on the rule''s channel');
SELECT is((SELECT count(*)::int FROM hotline.order_event WHERE order_no = (SELECT en FROM o) AND action = 'remind'
             AND actor = 'hotline.sweep'), 1, 'recorded on the order''s history');

-- hastenings, then the public notice at notice_after, then supervision
UPDATE hotline.assignment SET reply_due = '2026-01-15 09:00+00' WHERE order_no = (SELECT en FROM o);
SELECT pg_temp.due_now(en) FROM o;
SELECT is((hotline.sweep() ->> 'hastenings')::int, 1, 'a late visit is hastened');
SELECT is((SELECT payload ->> 'text' FROM hotline.outbox WHERE order_no = (SELECT en FROM o) AND template = 'visit_late'),
          format('Team Berlin: order %s was due at 2026-01-15 10:00; reminder 1.', (SELECT en FROM o)),
          'in English, Berlin time, with its count');
SELECT pg_temp.due_now(en) FROM o;
SELECT is(hotline.sweep() - 'left_for_next_run',
          '{"reminders": 0, "hastenings": 1, "notices": 1, "retired": 0, "messages": 2}',
          'hastened twice: a public notice');
SELECT is((SELECT text FROM hotline.public_notice WHERE order_no = (SELECT en FROM o)),
          format('通报：Team Berlin 工单%s（2026-01-15 10:00到期）提示2次未上门。', (SELECT en FROM o)),
          'the notice in the workflow''s words and language, the deadline in the zone of the unit''s calendar');
SELECT is((SELECT reason || ':' || rule FROM hotline.supervision WHERE order_no = (SELECT en FROM o)),
          'notice:public_notice', 'and the order is supervised');
SELECT is((SELECT payload ->> 'text' FROM hotline.outbox WHERE order_no = (SELECT en FROM o) AND template = 'supervise'),
          format('督导：工单%s（notice）', (SELECT en FROM o)), 'the supervisors are told in the workflow''s words');
SELECT is((SELECT count(*)::int FROM hotline.order_event WHERE order_no = (SELECT en FROM o)
             AND action IN ('hasten', 'public_notice', 'supervise')), 4, 'each on the history');

-- bad handling: the workflow's own action and parameter names
SELECT hotline.apply_action(fr, 'visit', 'visitor 7', 'visitor', '{"outcome": "ok"}', pg_temp.a(fr)) FROM o;
SELECT is((SELECT state FROM hotline.work_order WHERE order_no = (SELECT fr FROM o)), 'visited', 'visited');
SELECT hotline.apply_action(fr, 'rate', 'desk', 'citizen_desk', '{"stars": "1"}') FROM o;
SELECT is((SELECT count(*)::int FROM hotline.supervision WHERE order_no = (SELECT fr FROM o)), 0,
          'one one-star rating: below the threshold');
SELECT hotline.apply_action(fr, 'rate', 'desk', 'citizen_desk', '{"stars": "4"}') FROM o;
SELECT is((SELECT count(*)::int FROM hotline.supervision WHERE order_no = (SELECT fr FROM o)), 0,
          'a four-star rating does not count');
SELECT hotline.apply_action(fr, 'rate', 'desk', 'citizen_desk', '{"stars": "1"}') FROM o;
SELECT is((SELECT reason || ':' || rule FROM hotline.supervision WHERE order_no = (SELECT fr FROM o)),
          'dissatisfied:poor_service', 'two one-star ratings: supervision for the reason the settings name');
SELECT is((SELECT r.note FROM hotline.supervision s JOIN hotline.supervision_record r ON r.supervision_id = s.id
           WHERE s.order_no = (SELECT fr FROM o)), '2 次一星评价', 'noted in the workflow''s words');
SELECT hotline.apply_action(fr, 'again', 'inspector 2', 'inspector') FROM o;
SELECT is((SELECT array_agg(reason ORDER BY reason) FROM hotline.supervision WHERE order_no = (SELECT fr FROM o)),
          '{dissatisfied,sent_back}', 'a visit made again: its own reason');

-- the rule's settings are checked when written
SELECT throws_like($$INSERT INTO hotline.workflow_escalation (workflow, rule, kind, on_actions, settings, template, description)
                     VALUES ('door_service', 'bad2', 'bad_handling', '{rate}',
                             '{"dissatisfied": {"actions": ["return_order"], "threshold": 1}}', 'supervise', 'x')$$,
                   'invalid settings of escalation rule "bad2"%', 'an action the workflow does not have is refused');
SELECT throws_matching($$INSERT INTO hotline.workflow_escalation (workflow, rule, kind, on_actions, settings, template, description)
                         VALUES ('door_service', 'bad2', 'bad_handling', '{rate}',
                                 '{"dissatisfied": {"actions": ["rate"], "threshold": 1, "params": ["stars"]}}', 'supervise', 'x')$$,
                       'invalid settings', 'params without value is refused');
SELECT throws_ok($$INSERT INTO hotline.workflow_escalation (workflow, rule, kind, on_actions, settings, template, description)
                   VALUES ('door_service', 'bad2', 'bad_handling', '{rate}',
                           '{"unhappy": {"actions": ["rate"], "threshold": 1}}', 'supervise', 'x')$$,
                 '22023', NULL, 'a reason that is not a supervision reason is refused');

-- templates name known placeholders only
SELECT throws_like($$INSERT INTO hotline.workflow_message (workflow, message, language, template)
                     VALUES ('door_service', 'visit_soon', 'de', 'Besuch {auftrag} bis {due_at}')$$,
                   'unknown placeholder "{auftrag}"%', 'an unknown placeholder is refused when the template is stored');
SELECT is(hotline.render_message('door_service', 'no_such_message', 'en', '{"order_no": "X"}'),
          'no_such_message: "order_no": "X"', 'a message the workflow has no text for still says what it is about');
INSERT INTO hotline.workflow_message (workflow, message, language, template)
    VALUES ('door_service', 'visit_soon', 'fr', '{unit} : visite de {order_no} avant le {due_at}.');
SELECT is(hotline.render_message('door_service', 'visit_soon', 'fr',
                                 '{"unit": "Équipe", "order_no": "X", "due_at": "2030-01-15 09:00+00"}', 'hv_berlin'),
          'Équipe : visite de X avant le 2030-01-15 10:00.', 'a row of one''s own adds a language');

-- the jobs: callback sampling and archiving read the workflow's settings
SELECT hotline.apply_action(en, 'visit', 'visitor 8', 'visitor', '{"outcome": "ok"}', pg_temp.a(en)) FROM o;
SELECT is((hotline.sample_callbacks(share => 1) ->> 'sampled')::int, 1, 'the visited order is sampled');
SELECT is((SELECT recipient_user || ':' || (payload ->> 'text') FROM hotline.outbox
           WHERE order_no = (SELECT en FROM o) AND template = 'quality_check'),
          format('quality_team:质检：工单%s已抽中。', (SELECT en FROM o)),
          'the setting''s recipients get the setting''s message');
CREATE TEMP TABLE o2 AS SELECT pg_temp.order_for('hv-fr') AS no;
SELECT hotline.apply_action(no, 'visit', 'visitor 7', 'visitor', '{"outcome": "ok"}', pg_temp.a(no)) FROM o2;
SELECT is((hotline.sample_callbacks(share => 0) ->> 'closed')::int, 1, 'not sampled: finished');
SELECT is((SELECT state || ':' || reason FROM hotline.work_order w JOIN hotline.order_event e ON e.order_no = w.order_no
           WHERE w.order_no = (SELECT no FROM o2) AND e.action = 'finish'),
          'done:未抽中质检', 'by the setting''s close action, with the workflow''s words');
SELECT is((hotline.archive_closed() ->> 'archived')::int, 0, 'closed now: not yet filed (after: 3 days)');
UPDATE hotline.work_order SET closed_at = now() - interval '4 days' WHERE order_no = (SELECT no FROM o2);
SELECT is((hotline.archive_closed() ->> 'archived')::int, 1, 'closed four days ago: filed');
SELECT is((SELECT state FROM hotline.work_order WHERE order_no = (SELECT no FROM o2)), 'filed',
          'by the setting''s action');

SELECT * FROM finish();
ROLLBACK;
