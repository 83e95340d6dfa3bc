-- Supervision (督办) and the escalation rules run after actions (issue 4;
-- R-2.3, R-2.4, R-5.2, R-5.3): opening, recording and closing supervision
-- and their errors; emergencies reported at once; one person many times
-- (一人多次) and one matter many people (一事多人) with the near misses that
-- must stay apart; bad handling (returns, send-backs, dissatisfied
-- callbacks); and nothing twice.
--
-- Everything runs in one transaction, so every order is accepted at the
-- same now(); orders "from last month" are back-dated with an UPDATE of
-- accepted_at (only the state is guarded).
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(93);

-- ---------------------------------------------------------------------------
-- A district: units, topics, helpers
-- ---------------------------------------------------------------------------
INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('dc-cgw', '东城区城市管理委员会', '110101', 'department'),
    ('dc-zjw', '东城区住房和城市建设委员会', '110101', 'department'),
    ('dc-rq',  '北京市燃气集团东城分公司', '110101', 'enterprise');
INSERT INTO hotline.topic (code, name) VALUES
    ('csgl-ldzm', '路灯照明'), ('cxjs-gr', '供热'), ('csgl-ljql', '垃圾清运'), ('ggaq-zsrm', '噪声扰民');

CREATE SCHEMA t;
CREATE TABLE t.ord (name text PRIMARY KEY, no hotline.order_no NOT NULL);
CREATE FUNCTION t.keep(name text, no hotline.order_no) RETURNS hotline.order_no
    LANGUAGE sql AS $$ INSERT INTO t.ord VALUES ($1, $2) RETURNING no $$;
CREATE FUNCTION t.o(text) RETURNS hotline.order_no
    LANGUAGE sql STABLE AS $$ SELECT no FROM t.ord WHERE name = $1 $$;
CREATE FUNCTION t.events(text, text) RETURNS bigint
    LANGUAGE sql STABLE AS $$ SELECT count(*) FROM hotline.order_event WHERE order_no = t.o($1) AND action = $2 $$;
CREATE FUNCTION t.sup(text, text) RETURNS hotline.supervision
    LANGUAGE sql STABLE AS $$ SELECT s FROM hotline.supervision s WHERE s.order_no = t.o($1) AND s.reason = $2
                              ORDER BY s.id DESC LIMIT 1 $$;
CREATE FUNCTION t.sups(text) RETURNS text[]
    LANGUAGE sql STABLE AS $$ SELECT coalesce(array_agg(s.reason ORDER BY s.reason), '{}')
                              FROM hotline.supervision s WHERE s.order_no = t.o($1) $$;
CREATE FUNCTION t.outbox(text) RETURNS bigint
    LANGUAGE sql STABLE AS $$ SELECT count(*) FROM hotline.outbox WHERE order_no = t.o($1) $$;
-- the one_person / one_matter group of an order, and its members by name
CREATE FUNCTION t.grp(text, text) RETURNS bigint
    LANGUAGE sql STABLE AS $$ SELECT g.id FROM hotline.repeat_member m JOIN hotline.repeat_group g ON g.id = m.group_id
                              WHERE m.order_no = t.o($1) AND g.kind = $2 $$;
CREATE FUNCTION t.members(bigint) RETURNS text[]
    LANGUAGE sql STABLE AS $$ SELECT coalesce(array_agg(o.name ORDER BY o.name), '{}')
                              FROM hotline.repeat_member m JOIN t.ord o ON o.no = m.order_no WHERE m.group_id = $1 $$;
-- an appeal through the 12345 workflow's accept
CREATE FUNCTION t.accept(name text, description text, topic text DEFAULT NULL, phone text DEFAULT NULL,
                         address text DEFAULT NULL, lon double precision DEFAULT NULL, lat double precision DEFAULT NULL,
                         emergency hotline.emergency_kind DEFAULT NULL) RETURNS hotline.order_no
    LANGUAGE sql AS $$
    SELECT t.keep(name, hotline.accept(region => '110101', appeal_type => 'complaint', channel => 'phone',
                                       description => description, topic => topic, citizen_phone => phone,
                                       address => address, longitude => lon, latitude => lat,
                                       emergency => emergency, actor => '话务员 07')) $$;

-- ---------------------------------------------------------------------------
-- Privileges and the text comparison
-- ---------------------------------------------------------------------------
CREATE ROLE hotline_sv_reader NOLOGIN;
SELECT ok(NOT has_function_privilege('hotline_sv_reader',
          'hotline.open_supervision(hotline.order_no, text, text, text, text, bigint, text, text)', 'EXECUTE'),
          'not anyone may open a supervision');
SELECT ok(NOT has_table_privilege('hotline_sv_reader', 'hotline.supervision_board', 'SELECT'),
          'not anyone may read the supervision board');
SELECT ok(hotline.text_similarity_works(), 'pg_trgm sees Chinese characters in this database');
SELECT is(hotline.text_grams('东直门北小街路灯不亮，３号楼'), '东直 直门 门北 北小 小街 街路 路灯 灯不 不亮 3 号楼',
          'texts are compared as overlapping character pairs, full-width digits folded');
SELECT ok(hotline.text_similarity('东直门北小街路灯不亮已经一周', '东直门北小街一整条街的路灯晚上都不亮', '东直门北小街')
          > 2 * hotline.text_similarity('东直门北小街路灯不亮已经一周', '东直门北小街垃圾清运不及时，垃圾桶满了', '东直门北小街'),
          'two wordings of dark street lamps are much closer than lamps and rubbish on the same street');

-- ---------------------------------------------------------------------------
-- Opening, recording, closing (R-5.3)
-- ---------------------------------------------------------------------------
SELECT t.accept('gas', '和平里小区燃气表附近有异味，担心漏气', address => '东城区和平里北街5号楼');
SELECT hotline.dispatch(t.o('gas'), lead_unit => 'dc-rq', opinion => '请立即上门检查');
SELECT hotline.open_supervision(t.o('gas'), 'manual', person_in_charge => '督办科 王科长', method => 'phone',
                                note => '涉及燃气安全，电话督促燃气公司两小时内上门', actor => '王科长') AS s1 \gset
SELECT is((SELECT ROW(s.reason, s.person_in_charge, s.method, s.opened_by, u.code, s.closed_at IS NULL)::text
           FROM hotline.supervision s JOIN hotline.unit u ON u.id = s.unit_id WHERE s.id = :s1),
          ROW('manual', '督办科 王科长', 'phone', '王科长', 'dc-rq', true)::text,
          'a supervision has reason, person in charge, method, opener and the lead unit');
SELECT is((SELECT ROW(e.role, e.actor, e.from_state, e.to_state, e.payload ->> 'reason', (e.payload ->> 'supervision_id')::bigint)::text
           FROM hotline.order_event e WHERE e.order_no = t.o('gas') AND e.action = 'supervise'),
          ROW('supervisor', '王科长', 'dispatched', 'dispatched', 'manual', :s1::bigint)::text,
          'opening is an event of the order''s history, the state unchanged');
SELECT is((SELECT ROW(recipient_user, channel, template)::text FROM hotline.outbox WHERE dedup_key = 'supervise:' || :s1),
          ROW('supervisors', 'system', 'supervise')::text, 'the supervisors are told');
SELECT is((SELECT count(*) FROM hotline.supervision_record WHERE supervision_id = :s1), 1::bigint, 'the note is the first record');

SELECT is(hotline.open_supervision(t.o('gas'), 'manual', note => '第二次电话督促'), :s1::bigint,
          'opening again for the same reason returns the open supervision');
SELECT is((SELECT count(*) FROM hotline.supervision_record WHERE supervision_id = :s1), 2::bigint, '... adding its note as a record');
SELECT is(hotline.open_supervision(t.o('gas'), 'manual'), :s1::bigint, '... and without a note');
SELECT is((SELECT count(*) FROM hotline.supervision_record WHERE supervision_id = :s1), 2::bigint, '... adds no record');
SELECT is(t.events('gas', 'supervise'), 1::bigint, '... nor a second supervise event');
SELECT is((SELECT count(*) FROM hotline.outbox WHERE order_no = t.o('gas') AND template = 'supervise'), 1::bigint,
          '... nor a second message');

SELECT ok(hotline.record_supervision(:s1, '燃气公司已上门，确认为表阀松动，已紧固', method => 'on_site', actor => '李干事') > 0,
          'a note is recorded');
SELECT is((SELECT ROW(actor, method, note)::text FROM hotline.supervision_record WHERE supervision_id = :s1 ORDER BY id DESC LIMIT 1),
          ROW('李干事', 'on_site', '燃气公司已上门，确认为表阀松动，已紧固')::text, '... with who and how');
SELECT is((SELECT ROW(actor, role, reason)::text FROM hotline.order_event WHERE order_no = t.o('gas') AND action = 'supervise_record'
           ORDER BY id DESC LIMIT 1),
          ROW('李干事', 'supervisor', '燃气公司已上门，确认为表阀松动，已紧固')::text, '... and on the order''s history');
SELECT is((SELECT ROW(records, last_record_by, person_in_charge)::text FROM hotline.supervision_board WHERE supervision_id = :s1),
          ROW(3, '李干事', '督办科 王科长')::text, 'the board shows the open supervision with its last record');

SELECT lives_ok(format($$SELECT hotline.close_supervision(%s, '隐患已消除，市民认可', actor => '王科长')$$, :s1), 'a supervision is closed');
SELECT is((SELECT ROW(closed_by, result, closed_at IS NOT NULL)::text FROM hotline.supervision WHERE id = :s1),
          ROW('王科长', '隐患已消除，市民认可', true)::text, '... with who and the result');
SELECT is(t.events('gas', 'supervise_close'), 1::bigint, '... recorded on the order');
SELECT ok(NOT EXISTS (SELECT 1 FROM hotline.supervision_board WHERE supervision_id = :s1), '... and off the board');

SELECT throws_ok(format($$SELECT hotline.close_supervision(%s, '再次办结')$$, :s1), '55000',
                 format('supervision %s is already closed', :s1), 'closing twice is refused');
SELECT throws_ok(format($$SELECT hotline.record_supervision(%s, '补充说明')$$, :s1), '55000',
                 format('supervision %s is closed', :s1), 'recording on a closed supervision is refused');
SELECT throws_ok($$SELECT hotline.record_supervision(987654, '补充说明')$$, 'P0002',
                 'supervision 987654 does not exist', 'recording on an unknown supervision');
SELECT throws_ok($$SELECT hotline.close_supervision(987654, '办结')$$, 'P0002',
                 'supervision 987654 does not exist', 'closing an unknown supervision');
SELECT hotline.open_supervision(t.o('gas'), 'overdue', rule => 'hasten_reply', actor => 'system') AS s2 \gset
SELECT isnt(:s2::bigint, :s1::bigint, 'after closing, a new supervision may be opened');
SELECT throws_ok(format($$SELECT hotline.close_supervision(%s, '  ')$$, :s2), '22023',
                 'result must not be empty', 'an empty result is refused');
SELECT throws_ok(format($$SELECT hotline.close_supervision(%s, NULL)$$, :s2), '22004',
                 'result must not be null', 'a missing result is refused');
SELECT throws_ok(format($$SELECT hotline.record_supervision(%s, '')$$, :s2), '22023',
                 'note must not be empty', 'an empty note is refused');
SELECT throws_ok(format($$SELECT hotline.record_supervision(%s, '上门', method => 'fax')$$, :s2), '22023',
                 'unknown supervision method "fax"', 'an unknown method is refused');
SELECT throws_ok($$SELECT hotline.open_supervision(t.o('gas'), 'bored')$$, '22023',
                 'unknown supervision reason "bored"', 'an unknown reason is refused');
SELECT throws_ok($$SELECT hotline.open_supervision('110101-20200101-000099', 'manual')$$, 'P0002',
                 'work order 110101-20200101-000099 does not exist', 'an unknown order is refused');
SELECT throws_ok($$SELECT hotline.open_supervision(t.o('gas'), 'returned', assignment_id => 987654)$$, '22023',
                 NULL, 'an assignment of another order is refused');
SELECT is((SELECT ROW(role, actor)::text FROM hotline.order_event WHERE order_no = t.o('gas') AND action = 'supervise'
           ORDER BY id DESC LIMIT 1), ROW('system', 'system')::text, 'a rule''s supervision is the system''s');

-- a closed order is not supervised
SELECT t.keep('answered', hotline.answer(region => '110101', appeal_type => 'consultation', channel => 'phone',
              description => '咨询供暖季开始时间', result => '11月15日开始供暖'));
SELECT throws_ok($$SELECT hotline.open_supervision(t.o('answered'), 'manual')$$, '55000', NULL,
                 'a closed order cannot be put under supervision');

-- the records are append-only
SELECT throws_ok($$UPDATE hotline.supervision_record SET note = '改写'$$, '42501', 'supervision records are append-only',
                 'records cannot be changed');
SELECT throws_ok($$DELETE FROM hotline.supervision_record$$, '42501', 'supervision records are append-only',
                 'records cannot be deleted');
SELECT throws_ok($$TRUNCATE hotline.supervision_record CASCADE$$, '42501', 'supervision records are append-only',
                 'records cannot be truncated');

-- ---------------------------------------------------------------------------
-- Emergencies (R-2.3)
-- ---------------------------------------------------------------------------
SELECT t.accept('leak', '北新桥地铁站附近大量人员出现呕吐腹泻症状，疑似食物中毒', address => '东城区北新桥地铁站B口',
                emergency => 'public_health');
SELECT is(t.sups('leak'), '{emergency}'::text[], 'an emergency is under supervision at once');
SELECT is((t.sup('leak', 'emergency')).rule, 'emergency', '... opened by the workflow''s emergency rule');
SELECT is((SELECT payload -> 'recipients' FROM hotline.order_event WHERE order_no = t.o('leak') AND action = 'emergency_report'),
          '["emergency_department", "duty_office"]'::jsonb, 'the report to the emergency department and duty office is recorded');
SELECT is(ARRAY(SELECT recipient_user || ':' || channel || ':' || template FROM hotline.outbox
                WHERE order_no = t.o('leak') AND template = 'emergency' ORDER BY recipient_user),
          '{duty_office:sms:emergency,emergency_department:sms:emergency}'::text[], 'both are notified at once');
SELECT ok((SELECT bool_and(payload ->> 'description' LIKE '%食物中毒%' AND NOT payload ? 'citizen_phone')
           FROM hotline.outbox WHERE order_no = t.o('leak') AND template = 'emergency'),
          'the message carries the appeal, not the citizen');
SELECT is(t.outbox('leak'), 3::bigint, 'and the supervisors are told: three messages');
SELECT hotline.escalate_on_action(t.o('leak'), NULL, 'accept', '{}');
SELECT is(ROW(t.outbox('leak'), t.events('leak', 'emergency_report'), t.events('leak', 'supervise'))::text, ROW(3, 1, 1)::text,
          'running the rules again reports nothing twice');
SELECT t.accept('quiet', '楼上装修电钻声音太大，周末早上七点就开始', topic => 'ggaq-zsrm', address => '东城区新中街12号');
SELECT is(ROW(t.sups('quiet'), t.events('quiet', 'emergency_report'), t.outbox('quiet'))::text,
          ROW('{}'::text[], 0, 0)::text, 'an appeal without an emergency kind: no supervision, report or message');

-- ---------------------------------------------------------------------------
-- One person many times (一人多次, R-2.4): 30 days, supervised at 3
-- ---------------------------------------------------------------------------
-- an elderly citizen in 北新桥 calls about her heating; a month and a half
-- ago she called about it too (outside the window)
SELECT t.accept('heat_old', '家里暖气不热', topic => 'cxjs-gr', phone => '010-6403 1122', address => '东城区北新桥三条8号');
UPDATE hotline.work_order SET accepted_at = now() - interval '45 days' WHERE order_no = t.o('heat_old');
SELECT t.accept('heat1', '家中暖气片不热，室温只有十四度，老人受不了', topic => 'cxjs-gr', phone => '010-64031122',
                address => '东城区北新桥三条8号');
SELECT is(t.grp('heat1', 'one_person'), NULL, 'a call 45 days after the last one is no repeat');
SELECT t.accept('heat_noise', '楼下锅炉房夜里噪音很大', topic => 'ggaq-zsrm', phone => '01064031122',
                address => '东城区北新桥三条8号');
SELECT t.accept('heat2', '暖气还是不热，供热公司一直没来人', topic => 'cxjs-gr', phone => '(010) 6403-1122');
SELECT isnt(t.grp('heat2', 'one_person'), NULL, 'the second call on heating makes a group');
SELECT is(t.members(t.grp('heat2', 'one_person')), '{heat1,heat2}'::text[], '... of her two heating calls');
SELECT is(t.grp('heat_noise', 'one_person'), NULL, 'her call on another topic stays out');
SELECT is(t.sups('heat2') || t.sups('heat1'), '{}'::text[], 'two calls: no supervision yet');
SELECT is((SELECT ROW(payload ->> 'kind', (payload ->> 'members')::int, payload ->> 'carrier')::text
           FROM hotline.order_event WHERE order_no = t.o('heat2') AND action = 'repeat'),
          ROW('one_person', 2, t.o('heat1')::text)::text, 'the repeat is recorded on the order, naming the carrier');
SELECT is((SELECT recipient_user FROM hotline.outbox WHERE order_no = t.o('heat2') AND template = 'repeat'), 'dispatchers',
          'the dispatchers are told');
SELECT t.accept('heat_other', '家里暖气不热', topic => 'cxjs-gr', phone => '13911112222', address => '东城区北新桥三条10号');
SELECT is(t.grp('heat_other', 'one_person'), NULL, 'a neighbour''s heating call is not one person many times');
SELECT t.accept('heat3', '第三次反映暖气不热，老人已经感冒了', topic => 'cxjs-gr', phone => '010-64031122');
SELECT is(t.members(t.grp('heat3', 'one_person')), '{heat1,heat2,heat3}'::text[], 'the third call joins the group');
SELECT is(t.sups('heat1'), '{repeat}'::text[], 'at three calls the carrier (the first call) is under supervision');
SELECT is((SELECT ROW(s.rule, g.supervised, s.group_id = g.id)::text
           FROM hotline.supervision s JOIN hotline.repeat_group g ON g.id = t.grp('heat3', 'one_person')
           WHERE s.order_no = t.o('heat1') AND s.reason = 'repeat'),
          ROW('repeat_person', true, true)::text, '... by the repeat_person rule, naming the group');
SELECT is(ARRAY(SELECT x.name FROM hotline.merge_candidate m JOIN t.ord x ON x.no = m.order_no
                WHERE m.group_id = t.grp('heat1', 'one_person') AND m.carrier = t.o('heat1') ORDER BY x.name),
          '{heat2,heat3}'::text[], 'the later calls are offered for merge into the first');
SELECT hotline.escalate_on_action(t.o('heat3'), NULL, 'accept', '{}');
SELECT is(ROW(t.events('heat3', 'repeat'), (SELECT count(*) FROM hotline.supervision WHERE reason = 'repeat' AND order_no = t.o('heat1')),
              (SELECT count(*) FROM hotline.repeat_member WHERE order_no = t.o('heat3')))::text,
          ROW(1, 1, 1)::text, 'running the rules again adds nothing');
SELECT hotline.merge(t.o('heat2'), t.o('heat1'));
SELECT is(ARRAY(SELECT x.name FROM hotline.merge_candidate m JOIN t.ord x ON x.no = m.order_no
                WHERE m.group_id = t.grp('heat1', 'one_person') ORDER BY x.name),
          '{heat3}'::text[], 'a merged order is no longer offered');
SELECT t.accept('heat4', '暖气不热的问题还没解决', topic => 'cxjs-gr', phone => '010-64031122');
SELECT is(ROW(cardinality(t.members(t.grp('heat4', 'one_person'))),
              (SELECT count(*) FROM hotline.supervision WHERE reason = 'repeat' AND order_no = t.o('heat1')))::text,
          ROW(4, 1)::text, 'a fourth call joins the supervised group without a second supervision');

-- ---------------------------------------------------------------------------
-- One matter many people (一事多人, R-2.4): a rule of our own replaces the
-- built-in one (7 days, similarity 0.1, supervised at 4)
-- ---------------------------------------------------------------------------
INSERT INTO hotline.workflow_escalation (workflow, rule, kind, on_actions, settings, channel, template, description)
VALUES ('appeal_12345', 'repeat_matter', 'repeat_matter', '{accept}',
        '{"window": "7 days", "similarity": 0.1, "supervise_at": 4, "distance_m": 200}', 'system', 'repeat',
        '一事多人 (test): neighbours on the same street lamps');
SELECT throws_ok($$INSERT INTO hotline.workflow_escalation (workflow, rule, kind, on_actions, settings, channel, template, description)
                   VALUES ('appeal_12345', 'repeat_matter2', 'repeat_matter', '{accept}', '{"window": "a week", "similarity": 0.1, "supervise_at": 4}',
                           'system', 'repeat', 'broken')$$,
                 '22023', 'invalid settings of escalation rule "repeat_matter2" (kind repeat_matter) of workflow "appeal_12345"',
                 'a rule with settings that do not work is refused when it is written');
SELECT throws_ok($$INSERT INTO hotline.workflow_escalation (workflow, rule, kind, on_actions, settings, channel, template, description)
                   VALUES ('appeal_12345', 'emergency', 'emergency', '{accept}', '{"notify": []}', 'sms', 'emergency', 'nobody')$$,
                 '22023', NULL, 'an emergency rule that notifies nobody is refused');

-- last week someone reported the lamps on the same street (outside the window)
SELECT t.accept('lamp_old', '东直门北小街路灯不亮', topic => 'csgl-ldzm', phone => '13600001111', address => '东城区东直门北小街');
UPDATE hotline.work_order SET accepted_at = now() - interval '9 days' WHERE order_no = t.o('lamp_old');
SELECT t.accept('lamp1', '市民来电反映：东直门北小街路灯不亮已经一周，晚上出行不便，希望尽快维修。', topic => 'csgl-ldzm',
                phone => '13600002222', address => '东城区东直门北小街12号');
SELECT is(t.grp('lamp1', 'one_matter'), NULL, 'the report of 9 days ago is outside the window');
-- near misses: same topic on another street; another topic on the same street
SELECT t.accept('lamp_jdk', '市民来电反映：交道口南大街路灯不亮，晚上出行不便，希望尽快维修。', topic => 'csgl-ldzm',
                phone => '13600003333', address => '东城区交道口南大街45号');
SELECT t.accept('trash', '市民来电反映：东直门北小街垃圾清运不及时，垃圾桶满了，希望尽快处理。', topic => 'csgl-ljql',
                phone => '13600004444', address => '东城区东直门北小街12号');
SELECT t.accept('lamp2', '市民反映东直门北小街一整条街的路灯晚上都不亮，存在安全隐患，请相关部门处理。', topic => 'csgl-ldzm',
                phone => '13600005555', address => '东直门北小街东口');
SELECT is(t.members(t.grp('lamp2', 'one_matter')), '{lamp1,lamp2}'::text[], 'a neighbour''s differently worded call on the lamps makes a group');
SELECT is(t.grp('lamp_jdk', 'one_matter'), NULL, 'the same topic on another street stays out');
SELECT is(t.grp('trash', 'one_matter'), NULL, 'another topic on the same street stays out');
SELECT ok((SELECT similarity BETWEEN 0.1 AND 1 FROM hotline.repeat_member WHERE order_no = t.o('lamp2')),
          'the member records how similar its text was');
-- the first caller calls again: one person many times, and (matching
-- the neighbour's call, not his own) one matter many people
SELECT t.accept('lamp1b', '东直门北小街的路灯还是不亮，晚上很黑', topic => 'csgl-ldzm', phone => '13600002222',
                address => '东城区东直门北小街12号');
SELECT is(t.members(t.grp('lamp1b', 'one_person')), '{lamp1,lamp1b}'::text[], 'the first caller''s second call is one person many times');
SELECT is(t.members(t.grp('lamp1b', 'one_matter')), '{lamp1,lamp1b,lamp2}'::text[], '... and joins the street''s group');
SELECT is(t.sups('lamp1'), '{}'::text[], 'three orders: no supervision yet');
SELECT t.accept('lamp3', '东直门北小街晚上黑漆漆的，路灯全灭了，老人孩子出门很危险', topic => 'csgl-ldzm',
                phone => '13600006666', address => '东城区东直门北小街3号院');
SELECT is(t.members(t.grp('lamp3', 'one_matter')), '{lamp1,lamp1b,lamp2,lamp3}'::text[], 'a third neighbour joins');
SELECT is((SELECT ROW(s.reason, s.rule, s.opened_by)::text FROM hotline.supervision s WHERE s.order_no = t.o('lamp1') AND s.reason = 'repeat'),
          ROW('repeat', 'repeat_matter', 'system')::text, 'at four orders the carrier, the first call, is under supervision');
-- by coordinates: 60 m apart whatever the address says; 1 km apart is
-- another place even on the same street
SELECT t.accept('lamp_gps', '路口那几盏路灯一直不亮，晚上看不清路', topic => 'csgl-ldzm', phone => '13600007777',
                address => '北小街与东四十条交叉口', lon => 116.43310, lat => 39.94110);
SELECT t.accept('lamp_gps_far', '东四十条路灯晚上不亮，看不清路', topic => 'csgl-ldzm', phone => '13600008888',
                address => '东城区东四十条', lon => 116.43310, lat => 39.95010);
SELECT is(t.grp('lamp_gps', 'one_matter'), NULL, 'the crossing is not the street: their addresses differ');
SELECT t.accept('lamp_gps2', '东四十条路口路灯坏了，一片漆黑', topic => 'csgl-ldzm', phone => '13600009999',
                address => '东四十条桥西', lon => 116.43370, lat => 39.94130);
SELECT is(t.members(t.grp('lamp_gps2', 'one_matter')), '{lamp_gps,lamp_gps2}'::text[],
          'two calls 60 m apart are the same place');
SELECT is(t.grp('lamp_gps_far', 'one_matter'), NULL, 'a call 1 km away is another place, even with a similar address');
SELECT t.accept('lamp4', '东直门北小街的路灯坏了好几天了，晚上走路很危险', topic => 'csgl-ldzm', phone => '13700001111',
                address => '东城区东直门北小街');
SELECT is(t.members(t.grp('lamp4', 'one_matter')), '{lamp1,lamp1b,lamp2,lamp3,lamp4}'::text[], 'the fourth neighbour joins');
SELECT is((SELECT count(*) FROM hotline.supervision WHERE reason = 'repeat' AND rule = 'repeat_matter'), 1::bigint,
          '... and the group stays under one supervision');
SELECT is((SELECT count(*) FROM hotline.outbox WHERE template = 'repeat' AND order_no = t.o('lamp4')), 1::bigint,
          'the dispatchers are told of the fourth call');
SELECT is((SELECT count(*) FROM hotline.repeat_group g JOIN hotline.topic x ON x.id = g.topic_id
           WHERE g.kind = 'one_matter' AND x.code = 'csgl-ldzm'), 2::bigint,
          'two matters, two groups: the street''s lamps and the crossing''s');

-- ---------------------------------------------------------------------------
-- Bad handling (R-5.2): returned twice, sent back once, dissatisfied once
-- ---------------------------------------------------------------------------
SELECT t.accept('bad', '小区门口井盖破损，有行人绊倒', topic => 'csgl-ldzm', phone => '13800001234', address => '东城区和平里东街11号');
SELECT hotline.dispatch(t.o('bad'), lead_unit => 'dc-zjw', opinion => '请核实处理');
SELECT hotline.return_order(t.o('bad'), unit => 'dc-zjw', reason => '非本单位职责');
SELECT is(t.sups('bad'), '{}'::text[], 'one return: no supervision');
SELECT hotline.dispatch(t.o('bad'), lead_unit => 'dc-zjw', opinion => '经核实属住建委职责，请办理');
SELECT hotline.return_order(t.o('bad'), unit => 'dc-zjw', reason => '仍非本单位职责');
SELECT is(t.sups('bad'), '{returned}'::text[], 'returned twice: supervision');
SELECT is((SELECT u.code FROM hotline.supervision s JOIN hotline.unit u ON u.id = s.unit_id
           WHERE s.order_no = t.o('bad') AND s.reason = 'returned'), 'dc-zjw', '... of the unit that returned it');
SELECT hotline.dispatch(t.o('bad'), lead_unit => 'dc-cgw', opinion => '请城管委办理');
SELECT hotline.return_order(t.o('bad'), unit => 'dc-cgw', reason => '不属于路灯设施');
SELECT is((SELECT count(*) FROM hotline.supervision WHERE order_no = t.o('bad') AND reason = 'returned'), 1::bigint,
          'a third return opens no second supervision');
SELECT hotline.dispatch(t.o('bad'), lead_unit => 'dc-cgw', opinion => '市政井盖由城管委负责，请办理');
SELECT hotline.sign_for(t.o('bad'), unit => 'dc-cgw');
SELECT hotline.reply(t.o('bad'), unit => 'dc-cgw', result => '已联系产权单位', contacted => true);
SELECT hotline.review(t.o('bad'), false, reason => '答复未说明井盖是否已更换');
SELECT is(t.sups('bad'), '{returned,sent_back}'::text[], 'sent back once: supervision');
SELECT hotline.reply(t.o('bad'), unit => 'dc-cgw', result => '井盖已更换', contacted => true);
SELECT hotline.review(t.o('bad'), true);
SELECT hotline.callback(t.o('bad'), 'satisfied', 'satisfied');
SELECT is(t.sups('bad'), '{returned,sent_back}'::text[], 'a satisfied callback: nothing');

SELECT t.accept('unhappy', '单位拖欠三个月工资', topic => 'ggaq-zsrm', phone => '13800005678', address => '东城区东四北大街');
SELECT hotline.dispatch(t.o('unhappy'), lead_unit => 'dc-cgw', opinion => '请核实处理');
SELECT hotline.sign_for(t.o('unhappy'), unit => 'dc-cgw');
SELECT hotline.reply(t.o('unhappy'), unit => 'dc-cgw', result => '已转劳动监察', contacted => true);
SELECT hotline.review(t.o('unhappy'), true);
SELECT hotline.callback(t.o('unhappy'), 'dissatisfied', 'basically_satisfied');
SELECT is(t.sups('unhappy'), '{dissatisfied}'::text[], 'a callback dissatisfied with the process: supervision');
SELECT is((SELECT count(*) FROM hotline.outbox WHERE order_no = t.o('unhappy') AND template = 'supervise'), 1::bigint,
          '... and one message to the supervisors');
SELECT hotline.escalate_on_action(t.o('unhappy'), NULL, 'callback',
                                  '{"process_satisfaction": "dissatisfied", "result_satisfaction": "basically_satisfied"}');
SELECT is(ROW((SELECT count(*) FROM hotline.supervision WHERE order_no = t.o('unhappy')), t.events('unhappy', 'supervise'),
              (SELECT count(*) FROM hotline.outbox WHERE order_no = t.o('unhappy') AND template = 'supervise'))::text,
          ROW(1, 1, 1)::text, 'the same callback path again: nothing twice');

SELECT t.accept('redo', '小区电梯频繁故障，困人两次', topic => 'cxjs-gr', phone => '13800009876', address => '东城区安定门外大街');
SELECT hotline.dispatch(t.o('redo'), lead_unit => 'dc-zjw', opinion => '请督促物业维修');
SELECT hotline.sign_for(t.o('redo'), unit => 'dc-zjw');
SELECT hotline.reply(t.o('redo'), unit => 'dc-zjw', result => '已通知物业', contacted => true);
SELECT hotline.review(t.o('redo'), true);
SELECT hotline.callback(t.o('redo'), 'dissatisfied', 'dissatisfied');
SELECT is(t.sups('redo'), '{dissatisfied,sent_back}'::text[],
          'a callback dissatisfied with both (redo) is a send-back and a dissatisfied callback');

-- after a supervision is closed, the next send-back opens a new one
SELECT hotline.close_supervision((t.sup('redo', 'sent_back')).id, '住建委已约谈物业公司', actor => '王科长');
SELECT hotline.reply(t.o('redo'), unit => 'dc-zjw', result => '电梯已更换主板', contacted => true);
SELECT hotline.review(t.o('redo'), false, reason => '未说明后续维保安排');
SELECT is(ARRAY(SELECT closed_at IS NULL FROM hotline.supervision WHERE order_no = t.o('redo') AND reason = 'sent_back' ORDER BY id),
          '{f,t}'::boolean[], 'after a supervision is closed, the next send-back opens a new one');

SELECT * FROM finish();
ROLLBACK;
