-- A home visit's whole round of invitations for test/ical/check.py
-- (issue 13, R-13.3): booked, moved (one staff member dropped), then
-- cancelled; and a second visit, for the unit's feed.  Monday 4 March
-- 2030, Beijing time.  The visits' numbers are left in table hv_ical.
SET client_min_messages = error;
INSERT INTO hotline.unit (code, name, region) VALUES ('ic-zwfw', '东城区政务服务中心', '110101');
INSERT INTO hotline.visit_unit (unit_id, email, phone)
    SELECT id, 'smfw@dc.gov.example', '010-64000000' FROM hotline.unit WHERE code = 'ic-zwfw';
INSERT INTO hotline.staff (login, name, unit_id)
    SELECT l, n, (SELECT id FROM hotline.unit WHERE code = 'ic-zwfw')
    FROM (VALUES ('ic_wang', '王芳'), ('ic_liu', '刘洋')) v(l, n);
INSERT INTO hotline.visit_staff (staff_id, email)
    SELECT id, substr(login, 4) || '@dc.gov.example' FROM hotline.staff WHERE login LIKE 'ic\_%';
CREATE TABLE hv_ical (k text PRIMARY KEY, no hotline.order_no);
INSERT INTO hv_ical SELECT 'li', hotline.apply_home_visit('110101', 'ic-zwfw', 'illness_disability', '北京市残疾人证（一级肢体）',
    -- (a tab and a line break, as a call centre's form sends them: one line in the invitation)
    E'为瘫痪在床的老人办理居住证续签：\t需采集照片、指纹\n家属陪同', '东城区和平里七区12号楼3单元401', citizen_phone => '13911112222',
    citizen_name => E'李建国\t', citizen_email => 'li.daye@example.com');
INSERT INTO hv_ical SELECT 'firm', hotline.apply_home_visit('110101', 'ic-zwfw', 'urgent_matter', '招商引资重点项目',
    '新注册企业办理开办登记', '东城区东直门外大街甲1号', citizen_phone => '13800001111');
SELECT hotline.approve_visit(no) FROM hv_ical;
SELECT hotline.book_visit(no, '2030-03-04 09:00+08', '2030-03-04 10:00+08', '{ic_wang,ic_liu}') FROM hv_ical WHERE k = 'li';
SELECT hotline.reschedule_visit(no, '2030-03-04 14:00+08', '2030-03-04 15:30+08', '市民上午要去医院复查', '{ic_wang}')
FROM hv_ical WHERE k = 'li';
SELECT hotline.book_visit(no, '2030-03-04 10:00+08', '2030-03-04 11:30+08', '{ic_liu}') FROM hv_ical WHERE k = 'firm';
