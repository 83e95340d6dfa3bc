-- hotline demo, part 3: a day at the 12345 hotline of 东城区 (110101).
-- Run by `make demo` (test/demo.sh) after part 2 (the city's units and
-- topics), in database hotline of the demo cluster (TimeZone Asia/Shanghai).
--
-- 44 citizens call, write or message the hotline; the appeals go through the
-- 12345 workflow (workflows/12345_appeal/12345_appeal.sql) by its named functions only:
-- hotline.accept / answer / reject, merge, dispatch, sign_for, return_order,
-- request_extension / decide_extension, pass_down, reply, review, callback,
-- close_order, archive, terminate. No state is ever set by an UPDATE.
--
-- Everything is deterministic except time: the engine stamps each action
-- with now(), so the "day" is played in a second or two at the moment the
-- demo runs, and every deadline is counted from that moment on the national
-- calendar 'cn' (business hours 09:00-12:00 and 13:30-17:30 on working
-- days). Run on a weekend or a holiday, the deadlines move accordingly.
--
-- Then it prints what the hotline's supervisor (值班长) looks at: orders by
-- state, by appeal type and channel, the units' work, what falls due in the
-- next two working days, the full history of one order, repeat callers, the
-- deadlines of every open order, and the orders that ended without handling.
--
-- The demo's orders are named A01..A44 here (temporary table demo_order);
-- the database knows them by their numbers, 110101-<today>-000001 ...

\pset footer off
\pset null '-'
\set QUIET on
SET client_min_messages = warning;
-- PostgreSQL's default search_path: every hotline object is named with its
-- schema, and the operators of hotline.order_no and hotline.time_limit are
-- in pg_catalog, so a JOIN ... USING (order_no) works as it does in a
-- reporting tool

-- ---------------------------------------------------------------------------
-- Helpers of this demo (temporary, gone when the script ends)
-- ---------------------------------------------------------------------------

-- the demo's own names of the day's orders: 'A01' .. 'A44'
CREATE TEMP TABLE demo_order (
    k           text PRIMARY KEY,
    order_no    hotline.order_no NOT NULL UNIQUE
);

-- who acts for a unit: the unit's code and its handler (接诉即办专员)
CREATE TEMP TABLE demo_staff (unit text PRIMARY KEY, person text NOT NULL);
INSERT INTO demo_staff VALUES
    ('dc-zjw', '赵明'), ('dc-cgw', '钱磊'), ('dc-cgzf', '孙浩'), ('dc-scjg', '李娜'),
    ('dc-wjw', '周洁'), ('dc-jw', '吴敏'), ('dc-jtw', '郑凯'), ('dc-rsj', '王芳'),
    ('dc-gaj', '冯刚'), ('bj-rl', '陈涛'), ('bj-zls', '褚亮'), ('bj-dl', '卫东'),
    ('dc-jd-ds', '蒋丽'), ('dc-jd-jdk', '沈洁'), ('dc-jd-jdk-je', '韩梅'),
    ('dc-jd-cym', '杨帆'), ('dc-jd-qm', '朱红'), ('dc-jd-hpl', '秦川'),
    ('dc-jd-dzm', '许静'), ('dc-jd-dhs', '何平'), ('dc-jd-adm', '吕强'),
    ('dc-jd-bxq', '施琳'), ('dc-jd-jgm', '张勇'), ('dc-jd-ydmw', '孔亮'),
    ('dc-jd-dhm', '曹颖'), ('dc-jd-tygl', '严松'), ('dc-jd-js', '华莹');

-- the knowledge base the agents answer from (知识库, R-10): four articles,
-- written and published by the centre's knowledge staff, owned by the units
-- that keep them; the demo's own references ZSK-... name them
CREATE TEMP TABLE demo_kb (ref text PRIMARY KEY, id bigint NOT NULL);
INSERT INTO demo_kb
SELECT v.ref, hotline.kb_write(NULL, v.title, v.body, kind => 'service', owner_unit => v.owner,
                               effective_from => '2024-01-01', actor => '知识库管理员 王芳')
FROM (VALUES
    ('ZSK-GR-0001', '供暖季起止时间及暖气不热报修', 'bj-rl',
     '本市供暖季为每年11月15日至次年3月15日，遇极端天气可提前或延长。居民室温不得低于18℃；暖气不热先向所属供热单位报修，报修未果可拨打12345。'),
    ('ZSK-HJ-0012', '居住证办理指南', 'dc-gaj',
     '持居民身份证、居住登记满半年的证明，及合法稳定就业、合法稳定住所或连续就读证明之一，到居住地派出所申请，免费，15个工作日办结。'),
    ('ZSK-GJJ-0003', '租房提取住房公积金', 'dc-zjw',
     '本人及配偶在本市无自有住房且租房自住的，可按规定提取住房公积金，每月不超过实际房租，可通过住房公积金网站或App办理。'),
    ('ZSK-JY-0021', '幼儿园春季插班报名', 'dc-jw',
     '幼儿园春季插班以各园公告为准，家长可在区教委网站查询各园空余学位及报名时间。')
) v(ref, title, owner, body);
SELECT count(hotline.kb_publish(id, actor => '知识库管理员 王芳')) AS "knowledge articles published" FROM demo_kb;

-- what an action on an assignment did (hotline.action_result): to the
-- assignment, and to the order
CREATE FUNCTION pg_temp.said(r hotline.action_result) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT format('assignment %s, order %s', r.state, r.order_state) $$;
CREATE FUNCTION pg_temp.by(unit text) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT unit || ' ' || coalesce((SELECT s.person FROM demo_staff s WHERE s.unit = by.unit), '专员') $$;

-- try an action the workflow must refuse; returns the error message
CREATE FUNCTION pg_temp.refused(action_sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE action_sql;
    RETURN 'NOT REFUSED: ' || action_sql;
EXCEPTION WHEN OTHERS THEN
    RETURN format('%s [%s]', SQLERRM, SQLSTATE);
END $$;

-- Chinese terms for the enums' values
CREATE FUNCTION pg_temp.zh(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT v || ' ' || CASE v
    WHEN 'consultation' THEN '咨询' WHEN 'help' THEN '求助' WHEN 'complaint' THEN '投诉'
    WHEN 'report' THEN '举报' WHEN 'suggestion' THEN '建议' WHEN 'praise' THEN '表扬'
    WHEN 'normal' THEN '一般' WHEN 'urgent' THEN '紧急' WHEN 'very_urgent' THEN '特急'
    WHEN 'satisfied' THEN '满意' WHEN 'basically_satisfied' THEN '基本满意'
    WHEN 'dissatisfied' THEN '不满意' WHEN 'unreachable' THEN '无法联系'
    ELSE '' END
$$;

-- working time as hours and minutes, to the nearest minute: 51:02
CREATE FUNCTION pg_temp.hm(t interval) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT to_char(date_trunc('minute', t + interval '30 seconds'), 'FMHH24:MI') $$;

-- a phone number as a supervisor's screen shows it (R-11.1): 139****2345
CREATE FUNCTION pg_temp.masked(phone text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT left(phone, 3) || '****' || right(phone, 4) $$;

-- ---------------------------------------------------------------------------
-- The day
-- ---------------------------------------------------------------------------

\echo
\echo '================================================================'
\echo ' 1. The day at the hotline (12345热线的一天)'
\echo '================================================================'
\echo 'Each line: how many actions, what was done, the states the orders are in'
\echo 'afterwards. Every action goes through the workflow engine.'
\echo
\pset tuples_only on
\pset format unaligned
SELECT format('Played at %s (北京时间), %s day of calendar cn: every deadline counts from now.',
              to_char(now(), 'YYYY-MM-DD HH24:MI Dy'),
              CASE WHEN hotline.is_working_day('cn', (now() AT TIME ZONE 'Asia/Shanghai')::date) THEN 'a working' ELSE 'a rest' END);
\echo

-- 受理 / 直接办理 / 不受理: the day's calls and messages, in the order they
-- came in (ORDER BY: the order numbers follow it). Phone numbers are given
-- as the callers said them; area_code '010' completes a local landline.
WITH calls (k, intake, appeal_type, channel, source_hotline, urgency, topic, phone, caller,
            confidential, accused_unit, address, description, demand, outcome, ref) AS (VALUES
    ('A01', 'accept', 'complaint', 'phone', NULL, 'urgent', 'cxjs-gr', '139 1001 2345', '王女士', false, NULL,
     '和平里七区12号楼3单元', '自11月15日供暖以来家中暖气一直不热，室温仅15℃左右，家中有86岁老人，热力站电话无人接听',
     '尽快排查维修，室温达到18℃', NULL, NULL),
    ('A02', 'accept', 'complaint', 'phone', NULL, 'normal', 'cxjs-wygl', '13801013579', '李先生', false, NULL,
     '安定门外大街某小区5号楼', '5号楼唯一一部电梯停运三天，物业称在等配件，楼内多位老人无法下楼就医',
     '督促物业尽快修复电梯，并告知修复时间', NULL, NULL),
    ('A03', 'accept', 'report', 'wechat', NULL, 'normal', 'csgl-wzjz', '135 1111 2222', NULL, true, NULL,
     '东四六条某号院', '院内一住户私自加盖二层彩钢房，已连续施工一周，堵占院内消防通道',
     '依法查处违法建设，恢复消防通道', NULL, NULL),
    ('A04', 'accept', 'complaint', 'phone', NULL, 'urgent', 'ggaq-zsrm', '133 6666 8888', '赵先生', false, NULL,
     '建国门内大街某在建工地', '工地连续多日夜间施工至凌晨1点，渣土车进出噪声很大，周边居民无法入睡',
     '立即制止夜间违规施工', NULL, NULL),
    ('A05', 'accept', 'complaint', 'merged_hotline', '12315', 'normal', 'scjg-xfwq', '186 1010 1234', '孙女士', false, NULL,
     '王府井大街某商场三层', '11月18日购买羽绒服一件（1299元），穿三天即多处开线跑绒，商家以已穿过为由拒绝退换',
     '退货退款', NULL, NULL),
    ('A06', 'answer', 'consultation', 'phone', NULL, 'normal', 'cxjs-gr', '137 0000 1111', '周先生', false, NULL,
     NULL, '咨询本市今年供暖季的起止时间，以及家中暖气不热应找哪个单位', NULL,
     '已告知：本市供暖季为11月15日至次年3月15日，遇极端天气可提前或延长；暖气不热先向所属供热单位报修，报修未果可再来电',
     'ZSK-GR-0001'),
    ('A07', 'accept', 'help', 'phone', NULL, 'urgent', 'gysy-gs', '135 2222 3333', '吴女士', false, NULL,
     '北新桥三条某号院', '院内主供水管夜间冻裂，全院二十多户停水，漏水漫到胡同路面已结冰',
     '尽快抢修恢复供水，清理路面结冰', NULL, NULL),
    ('A08', 'accept', 'complaint', 'app', NULL, 'normal', 'jt-tcgl', '158 1111 2222', '郑先生', false, NULL,
     '东直门内大街（簋街）路侧停车位', '路侧停车收费员不出具电子票据，停车两小时收费40元，高于公示标准',
     '规范收费，退还多收费用', NULL, NULL),
    ('A09', 'answer', 'consultation', 'website', NULL, 'normal', 'jy-zsrx', '136 9999 0000', '冯女士', false, NULL,
     NULL, '非京籍适龄儿童明年在东城区上小学需要准备哪些材料，何时网上登记', NULL,
     '经三方通话，区教委答复：需父母在京居住证、就业或社保证明、实际住所证明和户口簿等；登记时间以每年发布的义务教育入学政策为准',
     'dc-jw'),
    ('A10', 'accept', 'report', 'phone', NULL, 'normal', 'wsjk-ylfw', '010-6403 5678', '陈先生', false, NULL,
     '东城区某三甲医院门诊大厅', '医院门诊大厅及周边有号贩子倒卖专家号，一个号加价500元',
     '打击号贩子，规范挂号秩序', NULL, NULL),
    ('A11', 'accept', 'complaint', 'phone', NULL, 'normal', 'cxjs-fwaq', '138 3333 4444', '褚先生', false, NULL,
     '朝阳门北小街某号楼（1958年建）', '楼外墙皮大面积空鼓脱落，上周掉落砸坏楼下一辆车，行人经过有危险',
     '尽快排险，对外墙进行修缮', NULL, NULL),
    ('A12', 'accept', 'complaint', 'phone', NULL, 'normal', 'ggaq-xfaq', '139 4444 5555', '卫阿姨', false, NULL,
     '交道口菊儿胡同某号院', '院内公共通道堆放大量杂物和废旧家具，多次向住户反映无人清理，冬季存在火灾隐患',
     '清理院内堆物，保持通道畅通', NULL, NULL),
    ('A13', 'accept', 'suggestion', 'mailbox', NULL, 'normal', 'jt-gjxl', '130 5555 6666', '蒋先生', false, NULL,
     '天坛东门公交站', '天坛东门公交站候车人多，站台没有座椅和遮风挡雨设施，老人候车不便',
     '建议增设座椅和候车亭', NULL, NULL),
    ('A14', 'accept', 'complaint', 'phone', NULL, 'normal', 'csgl-ljql', '152 2222 3333', '沈女士', false, NULL,
     '朝阳门内南小街某小区', '小区垃圾桶满溢已三天无人清运，垃圾散落一地，异味严重',
     '尽快清运，督促物业按时清运', NULL, NULL),
    ('A15', 'accept', 'complaint', 'voicemail', NULL, 'normal', 'ggaq-zsrm', '136 7777 8888', '韩先生', false, NULL,
     '东直门内大街某餐馆后院', '夜间留言：餐馆后院排风机和冷柜通宵运转，噪声很大，影响楼上居民休息',
     '夜间关闭设备或加装降噪设施', NULL, NULL),
    ('A16', 'accept', 'complaint', 'phone', NULL, 'normal', 'csgl-zdjy', '137 8888 9999', '杨先生', false, NULL,
     '前门大街步行街', '步行街两侧有无照商贩占道经营并拉客揽客，游客通行不便',
     '清理占道经营，规范秩序', NULL, NULL),
    ('A17', 'accept', 'help', 'phone', NULL, 'normal', 'ldsb-qx', '131 9999 0001', '朱先生', false, NULL,
     '东城区某装饰工程公司', '在装饰公司做水电工，公司拖欠9月、10月两个月工资共1.2万元，多次讨要未果',
     '帮助追讨欠薪', NULL, NULL),
    ('A18', 'reject', 'help', 'phone', NULL, 'very_urgent', 'wsjk-jj', '138 1234 0000', '秦先生', false, NULL,
     '地坛公园南门外', '来电称公园门口有一位老人突然晕倒，呼吸微弱', NULL,
     '紧急情况，属院前急救职责，已三方转接120并确认受理', '120'),
    ('A19', 'reject', 'report', 'phone', NULL, 'very_urgent', 'ggaq-zagl', '159 3333 4444', '尤女士', false, NULL,
     '和平里某小区地下车库', '来电称地下车库有人正在撬车门盗窃', NULL,
     '正在发生的违法犯罪行为，已转110处警', '110'),
    ('A20', 'reject', 'complaint', 'phone', NULL, 'normal', 'fz-sfss', '135 6666 7777', '许先生', false, NULL,
     NULL, '要求撤销法院对其房屋买卖纠纷作出的一审判决', NULL,
     '诉求已进入司法程序，不属于12345受理范围；已告知可依法上诉', NULL),
    ('A21', 'accept', 'complaint', 'wechat', NULL, 'normal', 'cxjs-wygl', '+86 139 1001 2345', '王女士', false, NULL,
     '和平里七区12号楼3单元', '单元门门禁损坏一周，外来人员随意进出，物业一直未修',
     '督促物业修复门禁', NULL, NULL),
    ('A22', 'accept', 'help', 'phone', NULL, 'normal', 'csgl-ldzm', '138 6666 1234', '邓先生', false, NULL,
     '东直门北小街', '东直门北小街路灯连续一周不亮，夜间行人和骑车人出行不安全',
     '尽快修复路灯', NULL, NULL),
    ('A23', 'accept', 'help', 'app', NULL, 'normal', 'csgl-ldzm', '139 2222 6666', '高女士', false, NULL,
     '东直门北小街南口', '东直门北小街一整条街的路灯晚上都不亮，已经好几天了',
     '修复路灯', NULL, NULL),
    ('A24', 'accept', 'complaint', 'wechat', NULL, 'normal', 'csgl-ldzm', '186 0000 3333', '林先生', false, NULL,
     '东直门北小街', '东直门北小街路灯不亮，前几天已有人反映，至今未修',
     '尽快修复路灯', NULL, NULL),
    ('A25', 'accept', 'complaint', 'phone', NULL, 'normal', 'cxjs-wygl', '133 1111 2222', '罗女士', false, NULL,
     '东直门外某小区2号楼', '楼上住户家中水管漏水，导致我家卫生间顶棚渗水发霉，联系不上楼上住户',
     '协调楼上住户维修', NULL, NULL),
    ('A26', 'accept', 'complaint', 'phone', NULL, 'normal', 'ggaq-xfaq', '150 1111 3333', '梁先生', false, NULL,
     '东花市北里某号楼', '楼道内有住户从窗口拉电线给电动自行车充电（飞线充电），存在火灾隐患',
     '制止飞线充电', NULL, NULL),
    ('A27', 'accept', 'report', 'phone', NULL, 'normal', 'scjg-ypaq', '189 1111 5555', '宋女士', false, NULL,
     '崇文门外某药店', '在药店购买的感冒药已过有效期两个月，店员称不影响使用',
     '查处销售过期药品的行为', NULL, NULL),
    ('A28', 'answer', 'consultation', 'phone', NULL, 'normal', 'zwfw-hj', '132 0000 8888', '唐先生', false, NULL,
     NULL, '咨询在东城区办理居住证需要哪些材料、在哪里办理', NULL,
     '已告知：持居民身份证、居住登记满半年的证明及合法稳定就业、住所或连续就读证明之一，到居住地派出所办理',
     'ZSK-HJ-0012'),
    ('A29', 'answer', 'consultation', 'app', NULL, 'normal', 'zwfw-gjj', '188 2222 4444', '董女士', false, NULL,
     NULL, '咨询租房提取住房公积金的条件和可提取额度', NULL,
     '已告知：本人及配偶在本市无自有住房且租房自住可按规定提取，可通过住房公积金网站或App办理',
     'ZSK-GJJ-0003'),
    ('A30', 'answer', 'praise', 'phone', NULL, 'normal', 'zwfw-gzzf', '136 1000 2000', '马大爷', false, NULL,
     '东花市街道', '表扬东花市街道社区工作人员冬季入户为独居老人检查暖气和燃气，服务热情周到', NULL,
     '已记录表扬，并转达东花市街道', NULL),
    ('A31', 'accept', 'complaint', 'phone', NULL, 'normal', 'jt-gxdc', '138-0101-3579', '李先生', false, NULL,
     '安定门外大街某小区南门', '小区南门外大量共享单车乱停乱放，堵塞消防通道和盲道',
     '清理共享单车，施划停放区', NULL, NULL),
    ('A32', 'accept', 'complaint', 'phone', NULL, 'normal', 'scjg-spaq', '139 0000 1234', '何女士', false, NULL,
     '东直门内大街某餐馆', '11月21日晚在餐馆就餐后全家四口出现腹泻，怀疑食材不新鲜',
     '检查餐馆食品安全并给予说法', NULL, NULL),
    ('A33', 'accept', 'complaint', 'phone', NULL, 'normal', 'jt-tcgl', '6403 5678', '陈先生', false, NULL,
     '景山后街某胡同', '胡同里长期停放两辆废旧汽车，占用公共空间，消防车无法通行',
     '清理僵尸车', NULL, NULL),
    ('A34', 'accept', 'complaint', 'website', NULL, 'normal', 'jy-xwpx', '135 4444 5555', '吕女士', false, NULL,
     '东城区某校外培训机构', '孩子报名的英语培训班预付费1.6万元，机构突然停课，拒绝退还剩余课时费',
     '退还剩余费用', NULL, NULL),
    ('A35', 'accept', 'help', 'phone', NULL, 'urgent', 'gysy-gd', '188 0000 1111', '施先生', false, NULL,
     '龙潭路某小区6号楼', '整栋楼突然停电两小时，楼内有需要在家吸氧的老人',
     '尽快恢复供电', NULL, NULL),
    ('A36', 'accept', 'complaint', 'phone', NULL, 'normal', 'cxjs-ljxq', '137 2222 3333', '张先生', false, NULL,
     '体育馆路某小区', '老旧小区改造完工后，楼道墙面开裂，下水管道反复堵塞',
     '督促施工单位返修', NULL, NULL),
    ('A37', 'accept', 'complaint', 'phone', NULL, 'normal', 'cxjs-gr', '139 1009 8765', '孔女士', false, NULL,
     '天坛东里某号楼', '家中暖气上热下凉，室温只有16℃，报修后三天无人上门',
     '上门检修', NULL, NULL),
    ('A38', 'accept', 'suggestion', 'phone', NULL, 'normal', 'csgl-srhj', '139 4444 5555', '卫阿姨', false, NULL,
     '菊儿胡同东口', '建议在菊儿胡同东口台阶处加装无障碍坡道和扶手，方便老人和轮椅通行',
     '加装坡道和扶手', NULL, NULL),
    ('A39', 'accept', 'complaint', 'sms', NULL, 'normal', 'csgl-srhj', '136 1111 2222', '曹先生', false, NULL,
     '永定门外大街西侧绿化带', '道路西侧绿化带内积存大量垃圾和落叶，长期无人清理',
     '清理绿化带垃圾', NULL, NULL),
    ('A40', 'accept', 'complaint', 'merged_hotline', '12358', 'normal', 'scjg-jgjd', '138 3333 5555', '严先生', false, NULL,
     '崇文门外某超市', '超市鸡蛋货架标价每斤5.98元，结账时按6.98元收费',
     '查处价格违法行为，退还差价', NULL, NULL),
    ('A41', 'accept', 'complaint', 'phone', NULL, 'normal', 'ldsb-shbx', '153 0000 2222', '华女士', false, 'dc-jd-cwmw',
     '崇文门外街道社保所', '办理失业登记时社保所工作人员未一次性告知所需材料，往返三次仍未办成',
     '一次性告知，尽快办理', NULL, NULL),
    ('A42', 'accept', 'complaint', 'phone', NULL, 'normal', 'csgl-srhj', '139 8888 7777', '金先生', false, NULL,
     '东华门大街', '沿街商户在人行道上摆放大型广告牌和货架，行人只能走机动车道',
     '清理占道广告牌和货架', NULL, NULL),
    ('A43', 'answer', 'consultation', 'phone', NULL, 'normal', 'jy-zsrx', '136 9999 0000', '冯女士', false, NULL,
     NULL, '咨询东城区幼儿园春季插班的报名时间', NULL,
     '已告知：春季插班以各幼儿园公告为准，可在区教委网站查询', 'ZSK-JY-0021'),
    ('A44', 'accept', 'complaint', 'phone', NULL, 'normal', 'wsjk-ymjz', '186 0000 2222', '魏女士', false, NULL,
     '东城区某社区卫生服务中心', '社区卫生服务中心流感疫苗一直显示无库存，多次预约不上',
     '尽快补充疫苗，开放预约', NULL, NULL)
),
intake AS (
    SELECT c.k, c.intake,
           CASE c.intake
           WHEN 'accept' THEN hotline.accept(
               region => '110101', appeal_type => c.appeal_type::hotline.appeal_type,
               channel => c.channel::hotline.channel, description => c.description,
               citizen_phone => c.phone, citizen_name => c.caller, area_code => '010',
               confidential => c.confidential, topic => c.topic, urgency => c.urgency::hotline.urgency,
               source_hotline => coalesce(c.source_hotline, '12345'), address => c.address,
               demand => c.demand, accused_unit => c.accused_unit,
               actor => '话务员 ' || (ARRAY['张丽', '刘婷', '马骏'])[1 + right(c.k, 2)::int % 3])
           WHEN 'answer' THEN hotline.answer(
               region => '110101', appeal_type => c.appeal_type::hotline.appeal_type,
               channel => c.channel::hotline.channel, description => c.description, result => c.outcome,
               knowledge_article => (SELECT d.id::text FROM demo_kb d WHERE d.ref = c.ref),
               three_way_unit => CASE WHEN c.ref LIKE 'dc-%' THEN c.ref END,
               citizen_phone => c.phone, citizen_name => c.caller, area_code => '010',
               topic => c.topic, urgency => c.urgency::hotline.urgency, address => c.address,
               actor => '话务员 ' || (ARRAY['张丽', '刘婷', '马骏'])[1 + right(c.k, 2)::int % 3])
           WHEN 'reject' THEN hotline.reject(
               region => '110101', appeal_type => c.appeal_type::hotline.appeal_type,
               channel => c.channel::hotline.channel, description => c.description, reason => c.outcome,
               emergency_referral => c.ref, citizen_phone => c.phone, citizen_name => c.caller,
               area_code => '010', topic => c.topic, urgency => c.urgency::hotline.urgency,
               address => c.address,
               actor => '话务员 ' || (ARRAY['张丽', '刘婷', '马骏'])[1 + right(c.k, 2)::int % 3])
           END AS order_no
    FROM calls c
    ORDER BY c.k
),
kept AS (
    INSERT INTO demo_order (k, order_no) SELECT k, order_no FROM intake RETURNING k
)
SELECT format('%3s  intake: %s accepted (受理), %s answered on the spot (直接办理), %s not accepted (不受理)',
              count(*), count(*) FILTER (WHERE intake = 'accept'),
              count(*) FILTER (WHERE intake = 'answer'), count(*) FILTER (WHERE intake = 'reject'))
FROM intake;

-- 并案: three callers about the same dark street; the later two are merged
-- into the first, which carries the matter
SELECT format('%3s  merge (并案) of duplicate appeals into %s -> orders now %s', count(*), min(x.into_no), string_agg(DISTINCT s, ', '))
FROM (SELECT hotline.merge(d.order_no, t.order_no, actor => '派单员 周敏') AS s, t.order_no::text AS into_no
      FROM (VALUES ('A23'), ('A24')) v(k)
      JOIN demo_order d USING (k)
      JOIN demo_order t ON t.k = 'A22'
      ORDER BY v.k) x;

-- 派单: to a lead unit (牵头) and assisting units (协办); written dispatch
-- (书面转办) 7 working days, phone dispatch (电话转办) 3, urgent (紧急) 4
-- working hours; urgent orders get at most 1 working day either way
SELECT format('%3s  dispatch (派单) to lead and assisting units -> orders now %s', count(*), string_agg(DISTINCT s, ', '))
FROM (SELECT hotline.dispatch(d.order_no, v.lead, v.opinion, v.mode, v.assist, actor => '派单员 周敏') AS s
      FROM (VALUES
        ('A01', 'bj-rl',      '{dc-cgw}'::text[], 'phone',   '家有高龄老人，请热力集团立即上门排查，区城管委督促，当日反馈'),
        ('A02', 'dc-zjw',     '{}',               'written', '请督促物业尽快修复电梯，并告知来电人修复时间'),
        ('A03', 'dc-cgw',     '{}',               'written', '请核查院内违法建设情况，依法处置'),
        ('A04', 'dc-cgzf',    '{dc-jd-jgm}',      'phone',   '请城管执法局夜间现场检查，建国门街道配合'),
        ('A05', 'dc-scjg',    '{}',               'written', '请依法调解消费纠纷'),
        ('A07', 'bj-zls',     '{dc-jd-bxq}',      'urgent',  '全院停水且路面结冰，请自来水集团立即抢修，北新桥街道配合清冰'),
        ('A08', 'dc-jtw',     '{}',               'written', '请核查路侧停车收费情况'),
        ('A10', 'dc-gaj',     '{dc-wjw}',         'written', '请公安分局依法打击号贩子，区卫健委督促医院加强管理'),
        ('A11', 'dc-zjw',     '{}',               'written', '请核查房屋安全隐患，先行排险'),
        ('A12', 'dc-jd-jdk',  '{}',               'written', '请属地街道组织清理院内堆物'),
        ('A13', 'dc-jtw',     '{}',               'written', '请研究来电人关于公交站台设施的建议并答复'),
        ('A14', 'dc-jd-cym',  '{}',               'written', '请属地街道督促物业清运垃圾'),
        ('A16', 'dc-cgzf',    '{dc-jd-qm}',       'written', '请城管执法局牵头整治，前门街道配合'),
        ('A17', 'dc-rsj',     '{}',               'written', '请劳动保障监察部门依法处理欠薪'),
        ('A21', 'dc-jd-hpl',  '{}',               'written', '请属地街道督促物业修复门禁'),
        ('A22', 'dc-cgw',     '{}',               'written', '已有三位市民反映（已并案），请尽快安排修复路灯'),
        ('A25', 'dc-jd-dzm',  '{}',               'phone',   '请属地街道协调楼上住户维修'),
        ('A26', 'dc-gaj',     '{}',               'written', '请核查飞线充电隐患'),
        ('A27', 'dc-wjw',     '{}',               'written', '请核查药店销售过期药品问题'),
        ('A31', 'dc-jd-adm',  '{}',               'phone',   '请属地街道协调共享单车企业清理'),
        ('A32', 'dc-scjg',    '{}',               'written', '请对餐馆开展食品安全检查'),
        ('A33', 'dc-jd-js',   '{}',               'written', '请属地街道核查并清理废旧车辆'),
        ('A34', 'dc-jw',      '{dc-scjg}',        'written', '请区教委牵头处理校外培训退费纠纷，市场监管局配合'),
        ('A35', 'bj-dl',      '{}',               'urgent',  '楼内有吸氧老人，请供电公司立即抢修'),
        ('A36', 'dc-zjw',     '{dc-jd-tygl}',     'written', '请区住建委督促施工单位返修，体育馆路街道配合'),
        ('A37', 'bj-rl',      '{}',               'phone',   '请热力集团上门检修'),
        ('A38', 'dc-jd-jdk',  '{}',               'written', '请研究来电人关于加装无障碍设施的建议'),
        ('A39', 'dc-jd-ydmw', '{}',               'written', '请属地街道组织清理绿化带垃圾'),
        ('A42', 'dc-cgzf',    '{dc-jd-dhm}',      'written', '请城管执法局依法清理占道，东华门街道配合'),
        ('A44', 'dc-wjw',     '{}',               'phone',   '请区卫健委核实疫苗供应情况')
      ) v(k, lead, assist, mode, opinion)
      JOIN demo_order d USING (k)
      ORDER BY v.k) x;

-- R-4.6: a complaint never goes to the unit it is about
SELECT format('  -  refused: dispatch of the complaint about 崇文门外街道 to 崇文门外街道 itself: %s',
              pg_temp.refused(format('SELECT hotline.dispatch(%L, %L, %L)', order_no, 'dc-jd-cwmw', '请核实')))
FROM demo_order WHERE k = 'A41';
SELECT format('%3s  dispatch (派单) of that complaint to 区人力社保局, which supervises the 社保所 -> order now %s', count(*), min(s))
FROM (SELECT hotline.dispatch(order_no, 'dc-rsj', '请区人力社保局核查街道社保所工作人员未一次性告知问题', 'written',
                              actor => '派单员 周敏') AS s
      FROM demo_order WHERE k = 'A41') x;

-- 签收 and 退单: units sign for their orders; three say an order is not theirs
SELECT format('%3s  sign for (签收) -> assignments now %s; orders now %s', count(*), string_agg(DISTINCT (s).state, ', '), string_agg(DISTINCT (s).order_state, ', '))
FROM (SELECT hotline.sign_for(d.order_no, v.unit, pg_temp.by(v.unit)) AS s
      FROM (VALUES ('A01', 'bj-rl'), ('A01', 'dc-cgw'), ('A02', 'dc-zjw'), ('A04', 'dc-cgzf'), ('A04', 'dc-jd-jgm'),
                   ('A05', 'dc-scjg'), ('A07', 'bj-zls'), ('A07', 'dc-jd-bxq'), ('A08', 'dc-jtw'),
                   ('A10', 'dc-gaj'), ('A10', 'dc-wjw'), ('A11', 'dc-zjw'), ('A12', 'dc-jd-jdk'),
                   ('A13', 'dc-jtw'), ('A14', 'dc-jd-cym'), ('A16', 'dc-cgzf'), ('A16', 'dc-jd-qm'),
                   ('A17', 'dc-rsj'), ('A21', 'dc-jd-hpl'), ('A22', 'dc-cgw'), ('A25', 'dc-jd-dzm'),
                   ('A26', 'dc-gaj'), ('A31', 'dc-jd-adm'), ('A32', 'dc-scjg'), ('A34', 'dc-jw'),
                   ('A34', 'dc-scjg'), ('A35', 'bj-dl'), ('A37', 'bj-rl'), ('A39', 'dc-jd-ydmw'),
                   ('A41', 'dc-rsj'), ('A42', 'dc-cgzf'), ('A44', 'dc-wjw')) v(k, unit)
      JOIN demo_order d USING (k)
      ORDER BY v.k, v.unit) x;

SELECT format('%3s  return (退单) as not theirs, with a reason -> assignments now %s; orders now %s', count(*), string_agg(DISTINCT (s).state, ', '), string_agg(DISTINCT (s).order_state, ', '))
FROM (SELECT hotline.return_order(d.order_no, v.unit, v.reason, pg_temp.by(v.unit)) AS s
      FROM (VALUES
        ('A03', 'dc-cgw', '违法建设的查处属区城管执法局职责，不属本单位职责范围，请改派'),
        ('A26', 'dc-gaj', '楼道飞线充电的日常治理属属地街道和物业职责，请改派属地街道'),
        ('A27', 'dc-wjw', '药品零售企业的药品质量监管属区市场监督管理局职责，请改派')
      ) v(k, unit, reason)
      JOIN demo_order d USING (k)
      ORDER BY v.k) x;

-- 改派: two of them go to the right units at once; A27 waits for the next round
SELECT format('%3s  re-dispatch (改派) of returned orders -> orders now %s', count(*), string_agg(DISTINCT s, ', '))
FROM (SELECT hotline.dispatch(d.order_no, v.lead, v.opinion, 'written', v.assist, actor => '派单员 周敏') AS s
      FROM (VALUES
        ('A03', 'dc-cgzf',   '{dc-jd-ds}'::text[], '区城管委退回。请区城管执法局牵头查处，东四街道配合核查'),
        ('A26', 'dc-jd-dhs', '{}',                 '公安分局退回。请属地街道会同物业制止飞线充电')
      ) v(k, lead, assist, opinion)
      JOIN demo_order d USING (k)
      ORDER BY v.k) x;
SELECT format('%3s  sign for (签收) of the re-dispatched orders -> assignments now %s; orders now %s', count(*), string_agg(DISTINCT (s).state, ', '), string_agg(DISTINCT (s).order_state, ', '))
FROM (SELECT hotline.sign_for(d.order_no, v.unit, pg_temp.by(v.unit)) AS s
      FROM (VALUES ('A03', 'dc-cgzf'), ('A03', 'dc-jd-ds'), ('A26', 'dc-jd-dhs')) v(k, unit)
      JOIN demo_order d USING (k)
      ORDER BY v.k, v.unit) x;

-- 延期: the facade needs a structural survey first; asked for before the
-- deadline, approved by the duty chief with the date asked for
SELECT format('%3s  extension (延期) requested by 区住建委 for the crumbling facade (外墙脱落), until %s -> %s', 1,
              to_char(hotline.deadline('cn', now(), '15 working days'), 'MM-DD Dy HH24:MI'),
              pg_temp.said(hotline.request_extension(order_no, 'dc-zjw',
                  '需委托第三方机构进行房屋安全鉴定并制定修缮方案，鉴定约需10个工作日，已先行设置围挡',
                  requested_deadline => hotline.deadline('cn', now(), '15 working days'),
                  actor => pg_temp.by('dc-zjw'))))
FROM demo_order WHERE k = 'A11';
SELECT format('%3s  extension approved (延期审批 同意) -> %s', 1,
              pg_temp.said(hotline.decide_extension(order_no, 'dc-zjw', true,
                  new_deadline => hotline.deadline('cn', now(), '15 working days'),
                  reason => '同意延期至鉴定完成后，排险措施须当日落实',
                  actor => '值班长 王强', actor_role => 'supervisor')))
FROM demo_order WHERE k = 'A11';

-- 下派: 交道口街道 passes the clutter in 菊儿胡同 down to the 菊儿社区 and
-- reviews the community's reply before replying up (R-4.5)
SELECT format('%3s  pass down (下派) from 交道口街道 to 菊儿社区 -> %s', 1,
              pg_temp.said(hotline.pass_down(order_no, 'dc-jd-jdk', '{dc-jd-jdk-je}',
                  '请菊儿社区组织院内住户清理堆物，3日内反馈街道', pg_temp.by('dc-jd-jdk'))))
FROM demo_order WHERE k = 'A12';
SELECT format('  -  refused: 交道口街道 replying before its community has: %s',
              pg_temp.refused(format('SELECT hotline.reply(%L, %L, %L, true)', order_no, 'dc-jd-jdk', '已清理')))
FROM demo_order WHERE k = 'A12';
SELECT format('%3s  sign for (签收) by 菊儿社区 -> %s', 1,
              pg_temp.said(hotline.sign_for(order_no, 'dc-jd-jdk-je', pg_temp.by('dc-jd-jdk-je'))))
FROM demo_order WHERE k = 'A12';
SELECT format('%3s  reply (答复) by 菊儿社区 to 交道口街道 -> %s', 1,
              pg_temp.said(hotline.reply(order_no, 'dc-jd-jdk-je', '已组织物业和志愿者清理院内堆物共3车，院内住户签订了不再堆物承诺书',
                            true, '上门', pg_temp.by('dc-jd-jdk-je'))))
FROM demo_order WHERE k = 'A12';

-- 答复: the units' results, whether, how and when they first contacted the
-- citizen (先行联系: the assessment's response rate)
SELECT format('%3s  reply (答复) by units -> assignments now %s; orders now %s', count(*), string_agg(DISTINCT (s).state, ', '), string_agg(DISTINCT (s).order_state, ', '))
FROM (SELECT hotline.reply(d.order_no, v.unit, v.result, v.contacted, v.how, pg_temp.by(v.unit),
                           contacted_at => CASE WHEN v.contacted THEN now() END) AS s
      FROM (VALUES
        ('A01', 'bj-rl',      '已上门排查，系楼内立管阀门故障，已更换阀门并排气，室温回升至19℃', true, '上门'),
        ('A01', 'dc-cgw',     '已督促热力集团当日上门处置，将持续跟踪该楼供热情况', true, '电话'),
        ('A02', 'dc-zjw',     '已约谈物业，电梯配件已到货，电梯于次日恢复运行，物业将安排人员协助老人出行', true, '电话'),
        ('A03', 'dc-cgzf',    '已现场核查，确认为违法建设，已责令当事人停止施工', true, '电话'),
        ('A03', 'dc-jd-ds',   '已配合城管执法局现场核查', false, NULL),
        ('A05', 'dc-scjg',    '经调解，商家同意全额退款1299元，已退至来电人账户', true, '电话'),
        ('A07', 'bj-zls',     '抢修人员已到场更换冻裂管段，全院恢复供水', true, '上门'),
        ('A10', 'dc-wjw',     '已约谈医院，要求加强门诊巡查，发现号贩子及时报警', false, NULL),
        ('A12', 'dc-jd-jdk',  '经街道复核，院内堆物已全部清理，通道畅通；社区将每周巡查', true, '电话'),
        ('A13', 'dc-jtw',     '经研究，该站台已纳入明年公交站台改造计划，将增设座椅和候车亭', true, '电话'),
        ('A14', 'dc-jd-cym',  '已督促物业清运垃圾', false, NULL),
        ('A16', 'dc-cgzf',    '已开展专项整治，查处无照商贩6户，将保持巡查力度', true, '电话'),
        ('A16', 'dc-jd-qm',   '已配合开展整治，增派巡查人员', false, NULL),
        ('A17', 'dc-rsj',     '经劳动保障监察立案调查，公司已支付拖欠工资1.2万元', true, '电话'),
        ('A31', 'dc-jd-adm',  '已协调共享单车企业清理车辆80余辆，施划了停放区', true, '电话'),
        ('A35', 'bj-dl',      '系小区配电室开关故障，抢修后1小时恢复供电', true, '电话'),
        ('A37', 'bj-rl',      '已上门对暖气片排气清洗，室温升至18℃', true, '上门'),
        ('A39', 'dc-jd-ydmw', '已组织环卫人员清理绿化带垃圾和落叶', false, NULL),
        ('A44', 'dc-wjw',     '流感疫苗已补充到货，社区卫生服务中心已重新开放预约', true, '短信')
      ) v(k, unit, result, contacted, how)
      JOIN demo_order d USING (k)
      ORDER BY v.k, v.unit) x;

-- 审核: the hotline reviews the replies; one does not answer the citizen's
-- demand and goes back to the units (发回重办)
SELECT format('%3s  review (审核): reply accepted -> orders now %s', count(*), string_agg(DISTINCT s, ', '))
FROM (SELECT hotline.review(d.order_no, true, actor => '审核员 陈静') AS s
      FROM (VALUES ('A01'), ('A02'), ('A05'), ('A12'), ('A13'), ('A14'), ('A17'), ('A31'), ('A35'),
                   ('A39'), ('A44')) v(k)
      JOIN demo_order d USING (k)
      ORDER BY v.k) x;
SELECT format('%3s  review (审核): sent back for redo (发回重办) -> order now %s', 1,
              hotline.review(order_no, false,
                  '答复仅称已责令停工，未说明违建是否拆除、何时拆除，未回应恢复消防通道的诉求，请逐项答复',
                  actor => '审核员 陈静'))
FROM demo_order WHERE k = 'A03';
SELECT format('%3s  reply (答复) again after redo (重办) -> assignments now %s; orders now %s', count(*), string_agg(DISTINCT (s).state, ', '), string_agg(DISTINCT (s).order_state, ', '))
FROM (SELECT hotline.reply(d.order_no, v.unit, v.result, v.contacted, v.how, pg_temp.by(v.unit),
                           contacted_at => CASE WHEN v.contacted THEN now() END) AS s
      FROM (VALUES
        ('A03', 'dc-cgzf',  '已下达限期拆除决定书，当事人已自行拆除二层彩钢房，院内消防通道已恢复畅通；已电话告知举报人处理结果', true, '电话'),
        ('A03', 'dc-jd-ds', '街道会同社区复查，确认违建已拆除、消防通道畅通，纳入日常巡查', false, NULL)
      ) v(k, unit, result, contacted, how)
      JOIN demo_order d USING (k)
      ORDER BY v.k, v.unit) x;
SELECT format('%3s  review (审核) of the redone reply: accepted -> order now %s', 1,
              hotline.review(order_no, true, actor => '审核员 陈静'))
FROM demo_order WHERE k = 'A03';

-- 回访: the citizens are called back (satisfied? solved?); one is dissatisfied
-- with both the process and the result, and the order goes back to the unit (R-7.3)
SELECT format('%3s  callback (回访) -> orders now %s', count(*), string_agg(DISTINCT s, ', '))
FROM (SELECT hotline.callback(d.order_no, v.process, v.result, v.note, actor => '回访员 赵琳', solved => v.solved) AS s
      FROM (VALUES
        ('A01', 'satisfied'::hotline.satisfaction, 'satisfied'::hotline.satisfaction, '来电人表示暖气已热，感谢', true::boolean),
        ('A02', 'basically_satisfied', 'basically_satisfied', '电梯已修好，但希望物业今后及时维修', true),
        ('A03', 'satisfied',           'satisfied',           NULL, true),
        ('A05', 'satisfied',           'satisfied',           '已收到退款', true),
        ('A12', 'satisfied',           'satisfied',           NULL, true),
        ('A14', 'dissatisfied',        'dissatisfied',        '来电人表示垃圾至今仍未清运，街道和物业均未联系她', false),
        ('A17', 'basically_satisfied', 'satisfied',           '工资已到账', true),
        ('A31', 'satisfied',           'satisfied',           NULL, true),
        ('A39', 'unreachable',         'unreachable',         '拨打两次无人接听', NULL),
        ('A44', 'satisfied',           'satisfied',           NULL, true)
      ) v(k, process, result, note, solved)
      JOIN demo_order d USING (k)
      ORDER BY v.k) x;

-- 回访未接通: a citizen who cannot be reached is a try, not the callback:
-- called again on the next working days, closed as unreachable at the
-- third try (R-7.2, the workflow's setting callback_tries)
SELECT format('  -  callback of A39 could not reach the citizen: try %s of %s, called again on %s (by %s; order %s)',
              t.done, t.allowed, t.next_day, to_char(o.callback_due, 'MM-DD Dy HH24:MI'), o.state)
FROM hotline.work_order o JOIN demo_order d USING (order_no),
     LATERAL hotline.appeal_12345_callback_tries(o.order_no) t
WHERE d.k = 'A39';

-- 办结 and 归档: done orders are closed; the archive job files closed and
-- directly answered orders
SELECT format('%3s  close (办结) -> orders now %s', count(*), string_agg(DISTINCT s, ', '))
FROM (SELECT hotline.close_order(d.order_no, actor => '审核员 陈静') AS s
      FROM (VALUES ('A01'), ('A02'), ('A03'), ('A12'), ('A17'), ('A44')) v(k)
      JOIN demo_order d USING (k)
      ORDER BY v.k) x;
SELECT format('%3s  archive (归档) -> orders now %s', count(*), string_agg(DISTINCT s, ', '))
FROM (SELECT hotline.archive(d.order_no, actor => '归档任务', actor_role => 'system') AS s
      FROM (VALUES ('A01'), ('A03'), ('A06'), ('A17'), ('A28'), ('A44')) v(k)
      JOIN demo_order d USING (k)
      ORDER BY v.k) x;

-- 终结: the citizen settled the leak with her neighbour and withdrew
SELECT format('%3s  terminate (终结) by the duty chief -> order now %s', 1,
              hotline.terminate(order_no, '来电人来电表示已与楼上住户协商解决，申请撤回诉求',
                                actor => '值班长 王强'))
FROM demo_order WHERE k = 'A25';

\pset format aligned
\pset tuples_only off

-- ---------------------------------------------------------------------------
-- What the supervisor sees
-- ---------------------------------------------------------------------------

\echo
\echo '================================================================'
\echo ' 2. Orders by state (工单状态)'
\echo '================================================================'
\echo 'Every state of the 12345 workflow; terminal states end an order.'
\echo
SELECT s.state,
       split_part(s.description, ':', 1) AS "状态",
       CASE WHEN s.terminal THEN 'terminal' WHEN s.state IN ('answered', 'closed') THEN 'done'
            ELSE 'open' END AS kind,
       count(o.order_no) AS orders
FROM hotline.workflow_state s
LEFT JOIN hotline.work_order o ON o.workflow = s.workflow AND o.state = s.state
WHERE s.workflow = 'appeal_12345' AND s.scope = 'order'
GROUP BY s.state, s.description, s.terminal
ORDER BY array_position(ARRAY['accepted', 'dispatched', 'returned', 'replied', 'redo', 'reviewed',
                              'callback_done', 'closed', 'answered', 'archived', 'not_accepted',
                              'terminated', 'merged'], s.state::text);
SELECT count(*) AS "orders today",
       count(*) FILTER (WHERE closed_at IS NULL) AS "open (在办)",
       count(*) FILTER (WHERE closed_at IS NOT NULL) AS "ended (已结束)"
FROM hotline.work_order;

\echo
\echo '================================================================'
\echo ' 3. Orders by appeal type (诉求类型) and channel (渠道)'
\echo '================================================================'
\echo 'merged_hotline: lines merged into 12345 (12315 consumer, 12358 prices).'
\echo
SELECT coalesce(pg_temp.zh(o.appeal_type::text), 'total 合计') AS "appeal type",
       count(*) FILTER (WHERE o.channel = 'phone') AS "phone 电话",
       count(*) FILTER (WHERE o.channel = 'wechat') AS "wechat 微信",
       count(*) FILTER (WHERE o.channel = 'app') AS "app 客户端",
       count(*) FILTER (WHERE o.channel = 'website') AS "website 网站",
       count(*) FILTER (WHERE o.channel IN ('mailbox', 'sms', 'voicemail')) AS "mailbox/sms/voicemail",
       count(*) FILTER (WHERE o.channel = 'merged_hotline') AS "merged_hotline",
       count(*) AS total
FROM hotline.work_order o
GROUP BY ROLLUP (o.appeal_type)
ORDER BY o.appeal_type NULLS LAST;

\echo
\echo '================================================================'
\echo ' 4. The units'' work (承办单位办理情况)'
\echo '================================================================'
\echo 'Per unit: assignments received, signed for (签收), replied (答复, a reply'
\echo 'sent back for redo no longer counts), returned (退单), still in hand (在办)'
\echo 'and overdue (超期: reply deadline passed, no reply). Every order of this'
\echo 'demo came in today, so nothing is overdue yet.'
\echo
WITH RECURSIVE tree AS (        -- every unit with its path from the top
    SELECT u.id, u.name, u.level, ARRAY[u.id] AS path
    FROM hotline.unit u WHERE u.parent_id IS NULL
    UNION ALL
    SELECT u.id, u.name, u.level, t.path || u.id
    FROM hotline.unit u JOIN tree t ON u.parent_id = t.id
)
SELECT repeat('  ', t.level - 1) || t.name AS "unit (承办单位)",
       count(a.id) AS assigned,
       count(a.id) FILTER (WHERE a.role = 'lead' AND a.parent_id IS NULL) AS "as lead",
       count(a.signed_at) AS signed,
       count(a.id) FILTER (WHERE a.state = 'replied') AS replied,
       count(a.id) FILTER (WHERE a.state = 'returned') AS returned,
       count(a.id) FILTER (WHERE a.closed_at IS NULL AND a.state NOT IN ('replied', 'returned', 'closed')) AS "in hand",
       count(a.id) FILTER (WHERE a.closed_at IS NULL AND a.replied_at IS NULL AND a.reply_due < now()) AS overdue
FROM tree t
LEFT JOIN hotline.assignment a ON a.unit_id = t.id
WHERE EXISTS (SELECT 1 FROM hotline.assignment x JOIN tree d ON d.id = x.unit_id WHERE t.id = ANY (d.path))
GROUP BY t.id, t.level, t.name, t.path
ORDER BY t.path;

\echo
\echo '================================================================'
\echo ' 5. Due in the next 2 working days (即将到期)'
\echo '================================================================'
\echo 'Everything that must happen before hotline.deadline(''cn'', now(),'
\echo '''2 working days''): dispatch (派单), sign for (签收), reply (答复) and'
\echo 'callback (回访). "left" is the working time left (hotline.working_time):'
\echo 'business hours only, 7 hours a working day.'
\echo
WITH dues AS (
    SELECT o.order_no, '派单 dispatch' AS what, '12345 hotline' AS who, o.dispatch_due AS due
    FROM hotline.work_order o WHERE o.state IN ('accepted', 'returned')
    UNION ALL
    SELECT a.order_no, '签收 sign for', u.name, a.sign_due
    FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id
    WHERE a.closed_at IS NULL AND a.state = 'dispatched' AND a.signed_at IS NULL
    UNION ALL
    SELECT a.order_no, '答复 reply', u.name, a.reply_due
    FROM hotline.assignment a JOIN hotline.unit u ON u.id = a.unit_id
    WHERE a.closed_at IS NULL AND a.state NOT IN ('replied', 'returned', 'closed')
    UNION ALL
    SELECT o.order_no, '回访 callback', '12345 hotline', o.callback_due
    FROM hotline.work_order o WHERE o.state = 'reviewed'
)
SELECT to_char(d.due, 'MM-DD Dy HH24:MI') AS "due (时限)",
       pg_temp.hm(hotline.working_time('cn', now(), d.due)) AS "left (h:mm)",
       d.what, d.order_no, d.who,
       left(o.description, 18) || '…' AS matter
FROM dues d JOIN hotline.work_order o USING (order_no)
WHERE d.due <= hotline.deadline('cn', now(), '2 working days')
ORDER BY d.due, d.order_no, d.who;

\echo
\echo '================================================================'
\echo ' 6. The history of one order (工单流转记录)'
\echo '================================================================'
\echo 'A report (举报) of an illegal structure, confidential (保密): the first'
\echo 'unit returned it, it was re-dispatched to two units, sent back once at'
\echo 'review, then called back, closed and archived. From hotline.order_event,'
\echo 'which nobody can UPDATE or DELETE (R-1.6).'
\echo
SELECT o.order_no, o.confidential AS "保密", pg_temp.zh(o.appeal_type::text) AS type, o.address,
       o.description
FROM hotline.work_order o JOIN demo_order d USING (order_no) WHERE d.k = 'A03';
SELECT row_number() OVER (ORDER BY e.id) AS "#",
       e.actor AS "who (操作人)", e.role, e.action,
       coalesce(e.from_state, '') || ' → ' || coalesce(e.to_state, '')
           || coalesce(' (order → ' || (e.payload ->> 'order_to') || ')', '') AS "from → to",
       CASE WHEN length(c.content) > 50 THEN left(c.content, 49) || '…' ELSE c.content END
           AS "reason / content"
FROM hotline.order_event e
JOIN demo_order d USING (order_no)
CROSS JOIN LATERAL (
    SELECT coalesce(e.reason,
                    CASE e.action
                    WHEN 'accept' THEN (e.payload ->> 'channel') || ', topic ' || (e.payload ->> 'topic')
                    WHEN 'dispatch' THEN '→ ' || (e.payload ->> 'lead_unit')
                         || coalesce(' + ' || (SELECT string_agg(x, ', ')
                                               FROM jsonb_array_elements_text(e.payload -> 'assist_units') x), '')
                         || ' (' || (e.payload ->> 'dispatch_mode') || '): ' || (e.payload ->> 'opinion')
                    WHEN 'reply' THEN e.payload ->> 'result'
                    WHEN 'callback' THEN 'process ' || (e.payload ->> 'process_satisfaction')
                         || ', result ' || (e.payload ->> 'result_satisfaction')
                    END, '') AS content) c
WHERE d.k = 'A03'
ORDER BY e.id;

\echo
\echo '================================================================'
\echo ' 7. Repeat callers (重复来电)'
\echo '================================================================'
\echo 'Citizens are found again by their normalised phone number: "139 1001 2345"'
\echo 'and "+86 139 1001 2345" are one caller, so are "010-6403 5678" and a local'
\echo '"6403 5678". Phone numbers are masked on this screen.'
\echo
SELECT c.name AS caller, pg_temp.masked(c.phone) AS phone, o.order_no, o.channel,
       t.name AS topic, o.state, left(o.description, 20) || '…' AS matter
FROM hotline.citizen c
JOIN hotline.work_order o ON o.citizen_id = c.id
LEFT JOIN hotline.topic t ON t.id = o.topic_id
WHERE c.id IN (SELECT citizen_id FROM hotline.work_order GROUP BY citizen_id HAVING count(*) > 1)
ORDER BY c.id, o.order_no;

\echo
\echo '================================================================'
\echo ' 8. Deadlines of the open orders (在办工单时限, calendar cn)'
\echo '================================================================'
\echo 'Counted on the national calendar from the moment of each action: dispatch'
\echo '2 working days after acceptance; reply by dispatch mode (written 7 working'
\echo 'days, phone 3, urgent 4 working hours; 1 working day for urgent orders),'
\echo 'or as extended; redo 5 working days; callback 2 working days after review.'
\echo 'N working days end at 24:00, shown as 00:00 of the next day.'
\echo '"next" is what the order waits for, "left" the working time to its due.'
\echo
SELECT o.order_no, o.state, o.urgency,
       (SELECT a.dispatch_mode FROM hotline.assignment a
        WHERE a.order_no = o.order_no AND a.role = 'lead' AND a.parent_id IS NULL
        ORDER BY a.id DESC LIMIT 1) AS mode,
       to_char(o.reply_due, 'MM-DD Dy HH24:MI') AS "reply due (答复时限)",
       n.next,
       to_char(n.due, 'MM-DD Dy HH24:MI') AS "next due",
       pg_temp.hm(hotline.working_time('cn', now(), n.due)) AS "left (h:mm)",
       left(o.description, 12) || '…' AS matter
FROM hotline.work_order o
CROSS JOIN LATERAL (
    SELECT CASE WHEN o.state IN ('accepted', 'returned') THEN '派单 dispatch'
                WHEN o.state IN ('dispatched', 'redo') THEN '答复 reply'
                WHEN o.state = 'replied' THEN '审核 review'
                WHEN o.state = 'reviewed' THEN '回访 callback'
                WHEN o.state = 'callback_done' THEN '办结 close' END AS next,
           CASE WHEN o.state IN ('accepted', 'returned') THEN o.dispatch_due
                WHEN o.state IN ('dispatched', 'redo') THEN o.reply_due
                WHEN o.state = 'reviewed' THEN o.callback_due END AS due) n
WHERE o.closed_at IS NULL
ORDER BY n.due NULLS LAST, o.order_no;

\echo
\echo '================================================================'
\echo ' 9. Ended without handling: not accepted (不受理), merged (并案),'
\echo '    terminated (终结)'
\echo '================================================================'
\echo 'Emergencies are referred to 110/119/120/122 and recorded (R-2.2).'
\echo
SELECT o.order_no, o.state,
       CASE WHEN o.merged_into IS NOT NULL THEN '→ ' || o.merged_into
            ELSE coalesce('referred to ' || o.emergency_referral, '') END AS "referral / into",
       left(o.description, 16) || '…' AS matter,
       coalesce(e.reason, '') AS reason
FROM hotline.work_order o
JOIN hotline.order_event e ON e.order_no = o.order_no AND e.to_state = o.state
WHERE o.state IN ('not_accepted', 'merged', 'terminated')
ORDER BY o.order_no;
