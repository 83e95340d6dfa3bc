-- Issue 11, part 7: publication of handled cases (R-9.3, 004 6.1).  The
-- public view shows closed orders with no person in them: the place at
-- street level, free text scrubbed of phone and identity-card numbers,
-- confidential orders not at all.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(17);

SELECT is(hotline.scrub_text('身份证110101199003071234，电话13800138000，座机010-65551234，工号1234567，2026年12月3日，42号'),
          '身份证110101********1234，电话138****8000，座机010-****1234，工号*****67，2026年12月3日，42号',
          'identity-card, mobile, fixed-line and other long numbers masked; dates and house-free numbers kept');
SELECT is(hotline.scrub_text('11010119900307123X'), '110101********123X', 'an identity-card number ending in X');
SELECT is(hotline.scrub_text(repeat('电话13800138000；', 2)), repeat('电话138****8000；', 2), 'every number in the text');

INSERT INTO hotline.unit (code, name, region, kind) VALUES ('pb-cgw', '东城区城市管理委员会', '110101', 'department');
CREATE TEMP TABLE o (k text PRIMARY KEY, order_no hotline.order_no);
GRANT SELECT ON o TO PUBLIC;
INSERT INTO o VALUES
    ('done', hotline.accept('110101', 'complaint', 'phone', '东直门外大街井盖缺失，市民王先生电话13800138000，请尽快处理',
                            citizen_phone => '13800138000', citizen_name => '王建国',
                            address => '北京市东城区东直门外大街42号院门口')),
    ('secret', hotline.accept('110101', 'report', 'phone', '举报某餐馆使用过期食材', confidential => true,
                              citizen_phone => '13911112222')),
    ('open', hotline.accept('110101', 'help', 'phone', '咨询居住证办理', citizen_phone => '13700137000'));
SELECT hotline.dispatch(order_no, 'pb-cgw', '请处理') FROM o WHERE k IN ('done', 'secret');
SELECT hotline.sign_for(order_no, 'pb-cgw') FROM o WHERE k IN ('done', 'secret');
SELECT hotline.reply(order_no, 'pb-cgw', '已处理', true, 'phone') FROM o WHERE k IN ('done', 'secret');
SELECT hotline.review(order_no, true) FROM o WHERE k IN ('done', 'secret');
SELECT hotline.callback(order_no, 'satisfied', 'satisfied', solved => true) FROM o WHERE k IN ('done', 'secret');
SELECT hotline.close_order(order_no) FROM o WHERE k IN ('done', 'secret');

CREATE ROLE pb_bi NOLOGIN IN ROLE hotline_analyst;
CREATE ROLE pb_clerk NOLOGIN IN ROLE hotline_unit;
SET LOCAL ROLE pb_bi;
SELECT is(ARRAY(SELECT p.order_no FROM hotline.public_case p JOIN o ON o.order_no::text = p.order_no ORDER BY o.k),
          ARRAY[(SELECT order_no::text FROM o WHERE k = 'done')],
          'an analyst reads the handled case: not the confidential one, not the open one');
CREATE TEMP VIEW pc AS SELECT p.* FROM hotline.public_case p JOIN o ON o.order_no::text = p.order_no WHERE o.k = 'done';
SELECT is((SELECT description FROM pc), '东直门外大街井盖缺失，市民王先生电话138****8000，请尽快处理',
          'its description without the phone number');
SELECT is((SELECT place FROM pc), '北京市东城区东直门外大街***', 'its place at street level');
SELECT is((SELECT units FROM pc), '东城区城市管理委员会', 'the handling unit');
SELECT is((SELECT ROW(appeal_type, channel, state)::text FROM pc), ROW('complaint', 'phone', 'closed')::text, 'plain types');
SELECT is((SELECT closed_on FROM pc), (now() AT TIME ZONE 'Asia/Shanghai')::date, 'dates in the centre''s time zone');
SELECT is((SELECT count(*)::int FROM hotline.public_case p WHERE p::text ~ '13800138000|王建国|42号院'), 0,
          'no name, phone or house number anywhere in the published cases');
-- Open311 GeoReport v2 shapes
SELECT is((SELECT ROW(status, status_notes, service_request_id)::text FROM hotline.open311_requests r
           JOIN o ON o.order_no::text = r.service_request_id WHERE o.k = 'done'),
          ROW('closed', 'closed', (SELECT order_no::text FROM o WHERE k = 'done'))::text, 'Open311: a closed request');
SELECT is((SELECT ROW(status, agency_responsible, address)::text FROM hotline.open311_requests r
           JOIN o ON o.order_no::text = r.service_request_id WHERE o.k = 'open'),
          ROW('open', NULL::text, NULL::text)::text, 'an open one, not yet with an agency');
SELECT is((SELECT count(*)::int FROM hotline.open311_requests r JOIN o ON o.order_no::text = r.service_request_id
           WHERE o.k = 'secret'), 0, 'no confidential request');
SELECT is((SELECT count(*)::int FROM hotline.open311_requests r WHERE r::text ~ '13800138000|王建国|42号院'), 0,
          'no name, phone or house number in the requests');
SELECT is(ARRAY(SELECT column_name::text FROM information_schema.columns
                WHERE table_schema = 'hotline' AND table_name = 'open311_requests' ORDER BY ordinal_position),
          ARRAY['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description',
                'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime',
                'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url'],
          'the requests resource''s fields, in GeoReport v2''s order');
SELECT is(ARRAY(SELECT column_name::text FROM information_schema.columns
                WHERE table_schema = 'hotline' AND table_name = 'open311_services' ORDER BY ordinal_position),
          ARRAY['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
          'and the services resource''s');
RESET ROLE;
SET LOCAL ROLE pb_clerk;
SELECT throws_ok('SELECT * FROM hotline.public_case', '42501', NULL, 'a unit''s clerk reads its own orders, not the publication');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
