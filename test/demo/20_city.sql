-- hotline demo, part 2: a small city (一个城区) for the 12345 hotline.
-- Run by `make demo` (test/demo.sh) after part 1, in a freshly created
-- database hotline.
--
-- The example is Beijing's Dongcheng District (北京市东城区, administrative
-- division code 110101): its handling units (承办单位) as a tree of at most
-- three levels, and a topic taxonomy (诉求分类) for the appeals of part 3.
--
--   level 1 (一级网络单位): the district government, its departments
--            (委办局) and the public utilities that serve the district
--   level 2 (二级网络单位): the 17 sub-district offices (街道办事处) under
--            the district government
--   level 3 (三级网络单位): a few residents' committees (社区居委会) under
--            交道口街道, to which it passes orders down (下派, R-4.5)
--
-- Units are named by their code ('dc-zjw', 'dc-jd-jdk') in every workflow
-- action; a unit's level follows from its parent (the unit_set_level
-- trigger). Every unit counts its deadlines on the national calendar 'cn'.
-- The names follow Dongcheng's institutions; the codes are this demo's own,
-- and the four residents' committees are a sample.

\pset footer off
\pset null '-'
\set QUIET on
SET client_min_messages = warning;

-- level 1: departments of the district (委办局), the district government
-- (区政府, which holds the sub-districts) and the city's utilities
-- (市属公共服务企业) that handle the district's water, heating and power
INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('dc-gov',   '北京市东城区人民政府',           '110101', 'district'),
    ('dc-zjw',   '东城区住房和城市建设委员会',     '110101', 'department'),
    ('dc-cgw',   '东城区城市管理委员会',           '110101', 'department'),
    ('dc-cgzf',  '东城区城市管理综合行政执法局',   '110101', 'department'),
    ('dc-scjg',  '东城区市场监督管理局',           '110101', 'department'),
    ('dc-wjw',   '东城区卫生健康委员会',           '110101', 'department'),
    ('dc-jw',    '东城区教育委员会',               '110101', 'department'),
    ('dc-jtw',   '东城区交通委员会',               '110101', 'department'),
    ('dc-rsj',   '东城区人力资源和社会保障局',     '110101', 'department'),
    ('dc-mzj',   '东城区民政局',                   '110101', 'department'),
    ('dc-gaj',   '北京市公安局东城分局',           '110101', 'department'),
    ('bj-rl',    '北京市热力集团有限责任公司',     '110000', 'enterprise'),
    ('bj-zls',   '北京市自来水集团有限责任公司',   '110000', 'enterprise'),
    ('bj-dl',    '国网北京市电力公司东城供电公司', '110101', 'enterprise');

-- level 2: the sub-district offices (街道办事处), under the district government
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
SELECT v.code, v.name, '110101', 'subdistrict',
       (SELECT p.id FROM hotline.unit p WHERE p.code = 'dc-gov')
FROM (VALUES ('dc-jd-dhm',  '东华门街道办事处'),
             ('dc-jd-js',   '景山街道办事处'),
             ('dc-jd-jdk',  '交道口街道办事处'),
             ('dc-jd-adm',  '安定门街道办事处'),
             ('dc-jd-bxq',  '北新桥街道办事处'),
             ('dc-jd-ds',   '东四街道办事处'),
             ('dc-jd-cym',  '朝阳门街道办事处'),
             ('dc-jd-jgm',  '建国门街道办事处'),
             ('dc-jd-dzm',  '东直门街道办事处'),
             ('dc-jd-hpl',  '和平里街道办事处'),
             ('dc-jd-qm',   '前门街道办事处'),
             ('dc-jd-cwmw', '崇文门外街道办事处'),
             ('dc-jd-dhs',  '东花市街道办事处'),
             ('dc-jd-lt',   '龙潭街道办事处'),
             ('dc-jd-tygl', '体育馆路街道办事处'),
             ('dc-jd-tt',   '天坛街道办事处'),
             ('dc-jd-ydmw', '永定门外街道办事处')) AS v(code, name);

-- level 3: residents' committees (社区居委会) of 交道口街道
INSERT INTO hotline.unit (code, name, region, kind, parent_id)
SELECT v.code, v.name, '110101', 'other',
       (SELECT p.id FROM hotline.unit p WHERE p.code = 'dc-jd-jdk')
FROM (VALUES ('dc-jd-jdk-je',  '交道口街道菊儿社区居委会'),
             ('dc-jd-jdk-fx',  '交道口街道福祥社区居委会'),
             ('dc-jd-jdk-jd',  '交道口街道交东社区居委会'),
             ('dc-jd-jdk-gly', '交道口街道鼓楼苑社区居委会')) AS v(code, name);

-- the topic taxonomy (诉求分类): categories and their topics
INSERT INTO hotline.topic (code, name) VALUES
    ('cxjs', '城乡建设'),
    ('csgl', '城市管理'),
    ('scjg', '市场监管'),
    ('wsjk', '卫生健康'),
    ('jy',   '教育'),
    ('jt',   '交通'),
    ('ggaq', '公共安全'),
    ('ldsb', '劳动和社会保障'),
    ('gysy', '公用事业'),
    ('zwfw', '政务服务'),
    ('fz',   '法律事务');

INSERT INTO hotline.topic (code, name, parent_id)
SELECT v.code, v.name, (SELECT p.id FROM hotline.topic p WHERE p.code = v.parent)
FROM (VALUES ('cxjs', 'cxjs-wygl', '物业管理'),
             ('cxjs', 'cxjs-fwaq', '房屋安全'),
             ('cxjs', 'cxjs-gr',   '供热'),
             ('cxjs', 'cxjs-ljxq', '老旧小区改造'),
             ('csgl', 'csgl-srhj', '市容环境'),
             ('csgl', 'csgl-wzjz', '违章建筑'),
             ('csgl', 'csgl-ljql', '垃圾清运'),
             ('csgl', 'csgl-zdjy', '占道经营'),
             ('csgl', 'csgl-ldzm', '路灯照明'),
             ('scjg', 'scjg-xfwq', '消费维权'),
             ('scjg', 'scjg-spaq', '食品安全'),
             ('scjg', 'scjg-jgjd', '价格监督'),
             ('scjg', 'scjg-ypaq', '药品安全'),
             ('wsjk', 'wsjk-ylfw', '医疗服务'),
             ('wsjk', 'wsjk-ymjz', '疫苗接种'),
             ('wsjk', 'wsjk-jj',   '院前急救'),
             ('jy',   'jy-zsrx',   '招生入学'),
             ('jy',   'jy-xwpx',   '校外培训'),
             ('jt',   'jt-tcgl',   '停车管理'),
             ('jt',   'jt-gjxl',   '公交线路与站台'),
             ('jt',   'jt-gxdc',   '共享单车'),
             ('ggaq', 'ggaq-zsrm', '噪声扰民'),
             ('ggaq', 'ggaq-zagl', '治安管理'),
             ('ggaq', 'ggaq-xfaq', '消防安全'),
             ('ldsb', 'ldsb-qx',   '欠薪'),
             ('ldsb', 'ldsb-shbx', '社会保险'),
             ('gysy', 'gysy-gs',   '供水'),
             ('gysy', 'gysy-gd',   '供电'),
             ('zwfw', 'zwfw-hj',   '户籍与居住证'),
             ('zwfw', 'zwfw-gjj',  '住房公积金'),
             ('zwfw', 'zwfw-gzzf', '工作作风'),
             ('fz',   'fz-sfss',   '涉法涉诉')) AS v(parent, code, name);

\echo
\echo '================================================================'
\echo ' 1. Handling units (承办单位) of 东城区 (110101), per level'
\echo '================================================================'
\echo 'Orders are dispatched (派单) to units of any level; a unit passes an'
\echo 'order down (下派) only to its own sub-units (R-4.5).'
\echo
SELECT u.level || ' ' || CASE u.level WHEN 1 THEN '一级网络单位' WHEN 2 THEN '二级网络单位'
                                    ELSE '三级网络单位' END AS "level (层级)",
       count(*) AS units,
       string_agg(DISTINCT u.kind, ', ') AS kinds,
       (array_agg(u.name ORDER BY u.id))[1] || ' ...' AS "for example"
FROM hotline.unit u
GROUP BY u.level
ORDER BY u.level;

\echo
\echo 'First-level units (一级网络单位) and their sub-units:'
\echo
SELECT u.code, u.name, u.kind, u.region,
       (SELECT count(*) FROM hotline.unit c WHERE c.parent_id = u.id) AS "sub-units"
FROM hotline.unit u
WHERE u.level = 1
ORDER BY u.id;

\echo
\echo 'The branch of 交道口街道 (district > sub-district > communities):'
\echo
SELECT repeat('    ', u.level - 1) || u.name AS unit, u.code, u.level
FROM hotline.unit u
WHERE u.code IN ('dc-gov', 'dc-jd-jdk') OR u.code LIKE 'dc-jd-jdk-%'
ORDER BY u.level, u.id;

\echo
\echo '================================================================'
\echo ' 2. Topics (诉求分类): categories and their topics'
\echo '================================================================'
\echo
SELECT p.code, p.name AS "category (大类)",
       string_agg(t.name, '、' ORDER BY t.id) AS "topics (小类)"
FROM hotline.topic p
JOIN hotline.topic t ON t.parent_id = p.id
WHERE p.parent_id IS NULL
GROUP BY p.id, p.code, p.name
ORDER BY p.id;
