-- A busy city hotline for the logical replication test (test/run.sh,
-- part "replication"): run in a city's database after it subscribed to its
-- province (whose unit js-gov and topic js-hb it uses).  psql variables:
--   :district   a district code of the city (the orders' region, R-1.1)
--   :p          the prefix of the city's own unit and topic codes
-- Orders through the 12345 workflow's named functions: accepted, dispatched
-- (one with the province's unit assisting, one passed down), signed for,
-- replied, reviewed, called back, closed; returned; supervised with
-- records; an emergency; one person many times; a sweep.  The citizen
-- 139 1234 5678 calls in every city.  Each statement commits on its own.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;

INSERT INTO hotline.unit (code, name, region, kind) VALUES
    (:'p' || '-gov', :'p' || ' 区人民政府', :'district', 'district'),
    (:'p' || '-zjw', :'p' || ' 住房和城乡建设局', :'district', 'department');
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
    SELECT :'p' || '-jd', :'p' || ' 街道办事处', :'district', 'subdistrict', id FROM hotline.unit WHERE code = :'p' || '-gov';
INSERT INTO hotline.topic (code, name, parent_id)
    SELECT :'p' || '-wy', '物业管理', id FROM hotline.topic WHERE code = 'js-hb';

CREATE TABLE public.city_order (name text PRIMARY KEY, order_no hotline.order_no NOT NULL);

\o /dev/null
-- closed: the province's unit assisting
INSERT INTO public.city_order VALUES ('closed', hotline.accept(
    region => :'district', appeal_type => 'complaint', channel => 'phone', topic => :'p' || '-wy',
    description => '小区电梯停运三天', citizen_phone => '139 1234 5678', citizen_name => '王女士', actor => '话务员 01'));
SELECT hotline.dispatch(order_no, lead_unit => :'p' || '-zjw', opinion => '请督促物业修复', assist_units => '{js-gov}',
                        actor => '派单员 01') FROM public.city_order WHERE name = 'closed';
SELECT hotline.sign_for(order_no, :'p' || '-zjw'), hotline.sign_for(order_no, 'js-gov') FROM public.city_order WHERE name = 'closed';
SELECT hotline.reply(order_no, 'js-gov', '已配合督促', true, 'phone') FROM public.city_order WHERE name = 'closed';
SELECT hotline.reply(order_no, :'p' || '-zjw', '电梯已修复', true, 'phone') FROM public.city_order WHERE name = 'closed';
SELECT hotline.review(order_no, true) FROM public.city_order WHERE name = 'closed';
SELECT hotline.callback(order_no, 'satisfied', 'satisfied') FROM public.city_order WHERE name = 'closed';
SELECT hotline.close_order(order_no) FROM public.city_order WHERE name = 'closed';

-- passed down to a sub-unit, supervised by hand with a record
INSERT INTO public.city_order VALUES ('passed', hotline.accept(
    region => :'district', appeal_type => 'complaint', channel => 'wechat',
    description => '夜间占道经营噪音扰民', citizen_phone => '13800138000', actor => '话务员 02'));
SELECT hotline.dispatch(order_no, lead_unit => :'p' || '-gov', opinion => '请属地处理') FROM public.city_order WHERE name = 'passed';
SELECT hotline.sign_for(order_no, :'p' || '-gov') FROM public.city_order WHERE name = 'passed';
SELECT hotline.pass_down(order_no, :'p' || '-gov', ARRAY[:'p' || '-jd'], '请街道核实') FROM public.city_order WHERE name = 'passed';
SELECT hotline.open_supervision(order_no, 'manual', person_in_charge => '督办科', method => 'phone',
                                note => '电话督促街道处理', actor => '督办员 01') AS sup
FROM public.city_order WHERE name = 'passed' \gset
SELECT hotline.record_supervision(:sup, '街道已到现场', method => 'on_site', actor => '督办员 01');

-- returned by its unit
INSERT INTO public.city_order VALUES ('returned', hotline.accept(
    region => :'district', appeal_type => 'help', channel => 'phone',
    description => '路灯不亮', citizen_phone => '13912345678', actor => '话务员 03'));
SELECT hotline.dispatch(order_no, lead_unit => :'p' || '-zjw', opinion => '请处理') FROM public.city_order WHERE name = 'returned';
SELECT hotline.return_order(order_no, :'p' || '-zjw', '不属于本单位职责') FROM public.city_order WHERE name = 'returned';

-- an emergency: supervised at once
INSERT INTO public.city_order VALUES ('emergency', hotline.accept(
    region => :'district', appeal_type => 'report', channel => 'phone', emergency => 'public_health',
    description => '小区多人腹泻，疑似饮用水污染', citizen_phone => '13700001111', actor => '话务员 04'));

-- waiting for its reply, overdue: the sweep hastens its unit
INSERT INTO public.city_order VALUES ('open', hotline.accept(
    region => :'district', appeal_type => 'complaint', channel => 'phone',
    description => '工地夜间施工扰民', citizen_phone => '13600002222', actor => '话务员 05'));
SELECT hotline.dispatch(order_no, lead_unit => :'p' || '-zjw', opinion => '请核实查处') FROM public.city_order WHERE name = 'open';
SELECT hotline.sign_for(order_no, :'p' || '-zjw') FROM public.city_order WHERE name = 'open';
UPDATE hotline.assignment a SET reply_due = now() - interval '1 day', reply_limit = NULL
FROM public.city_order d WHERE d.name = 'open' AND a.order_no = d.order_no AND a.closed_at IS NULL;
UPDATE hotline.alarm al SET fire_at = now()
FROM public.city_order d WHERE d.name = 'open' AND al.order_no = d.order_no AND al.rule = 'hasten_reply';
SELECT hotline.sweep();
\o
