-- Issue 12, part 1: the knowledge base (知识库, R-10).  Articles of four
-- kinds owned by units; every edit a new version, the old ones readable;
-- drafts published and articles retired by the centre; errors reported by
-- agents and decided by the owner unit, told through the outbox; reviews
-- reminded once per date by a job; search of the articles in force.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(30);

INSERT INTO hotline.unit (code, name, region, kind) VALUES
    ('kb-gaj', '北京市公安局东城分局', '110101', 'department'),
    ('kb-rsj', '东城区人力资源和社会保障局', '110101', 'department');
CREATE ROLE kb_editor NOLOGIN IN ROLE hotline_supervisor;
CREATE ROLE kb_clerk NOLOGIN IN ROLE hotline_unit;
CREATE ROLE kb_other NOLOGIN IN ROLE hotline_unit;
CREATE ROLE kb_agent NOLOGIN IN ROLE hotline_agent;
INSERT INTO hotline.staff (login, name, unit_id)
    SELECT 'kb_clerk', '刘洋', id FROM hotline.unit WHERE code = 'kb-gaj'
    UNION ALL SELECT 'kb_other', '陈静', id FROM hotline.unit WHERE code = 'kb-rsj';
INSERT INTO hotline.staff (login, name) VALUES ('kb_editor', '王芳'), ('kb_agent', '赵琳');
CREATE TEMP TABLE a (name text PRIMARY KEY, id bigint);
GRANT ALL ON a TO PUBLIC;

-- the centre's knowledge staff write a service guide of the police (a draft)
SET LOCAL ROLE kb_editor;
INSERT INTO a VALUES ('residence', hotline.kb_write(NULL, '居住证办理指南',
    '持本市居住登记满半年，携带身份证、租房合同到派出所或街道社区服务中心申请，免费，15个工作日办结。',
    kind => 'service', owner_unit => 'kb-gaj', issuer => '北京市公安局', doc_number => '京公人管字〔2026〕12号',
    effective_from => '2026-01-01', review_every => '6 months'));
SELECT is((SELECT ROW(kind, status, version)::text FROM hotline.kb_article WHERE id = (SELECT id FROM a)),
          ROW('service', 'draft', 1)::text, 'a new article is a draft, version 1');
SELECT is((SELECT count(*)::int FROM hotline.kb_search('居住证 办理')), 0, 'a draft is not found');
SELECT is(hotline.kb_publish((SELECT id FROM a)), 'published', 'the centre publishes it');
SELECT throws_ok($$SELECT hotline.kb_publish((SELECT id FROM a))$$, '55000', NULL, 'once');
SELECT is((SELECT title FROM hotline.kb_search('居住证怎么办理') LIMIT 1), '居住证办理指南',
          'an agent''s question finds it');
SELECT throws_ok($$SELECT hotline.kb_write(NULL, '标题', '正文', kind => 'rumour', owner_unit => 'kb-gaj')$$,
                 '22023', 'unknown kind of knowledge article "rumour"', 'the four kinds');
SELECT throws_ok($$SELECT hotline.kb_write(NULL, '标题', '正文', kind => 'law', owner_unit => 'kb-gaj',
                                           effective_from => '2026-06-01', effective_to => '2026-01-01')$$,
                 '22023', NULL, 'an expiry before the effective date is refused');
RESET ROLE;

-- an agent reports an error; the owner unit is told through the outbox
SET LOCAL ROLE kb_agent;
INSERT INTO a VALUES ('error', hotline.kb_report_error((SELECT id FROM a WHERE name = 'residence'), NULL,
                                                       '派出所已不受理居住证申请，只在街道社区服务中心办理'));
SELECT throws_ok($$SELECT hotline.kb_write((SELECT id FROM a WHERE name = 'residence'), body => '改')$$, '42501', NULL,
                 'an agent does not write articles');
RESET ROLE;
SELECT is((SELECT ROW(recipient_unit_id = (SELECT id FROM hotline.unit WHERE code = 'kb-gaj'), channel, template,
                      payload ->> 'title')::text
           FROM hotline.outbox WHERE dedup_key = 'kb_error:' || (SELECT id FROM a WHERE name = 'error')),
          ROW(true, 'system', 'kb_error', '居住证办理指南')::text, 'the owner unit gets the report');

-- another unit's clerk may not touch it; the owner's clerk writes version 2
SET LOCAL ROLE kb_other;
SELECT throws_ok($$SELECT hotline.kb_write((SELECT id FROM a WHERE name = 'residence'), body => '改')$$, '42501',
                 NULL, 'a unit writes its own articles only');
SELECT throws_ok($$SELECT hotline.kb_decide_error((SELECT id FROM a WHERE name = 'error'), false, '不改')$$, '42501',
                 NULL, 'and decides their error reports only');
RESET ROLE;
SET LOCAL ROLE kb_clerk;
SELECT throws_ok($$SELECT hotline.kb_decide_error((SELECT id FROM a WHERE name = 'error'), true)$$, '55000', NULL,
                 'fixed needs a corrected version first');
SELECT is(hotline.kb_write((SELECT id FROM a WHERE name = 'residence'),
    body => '持本市居住登记满半年，携带身份证、租房合同到街道社区服务中心申请，免费，15个工作日办结。',
    note => '派出所不再受理'), (SELECT id FROM a WHERE name = 'residence'), 'the owner''s clerk writes a new version');
SELECT is(hotline.kb_decide_error((SELECT id FROM a WHERE name = 'error'), true, '已更正办理地点'), 'fixed',
          'and marks the report fixed');
RESET ROLE;
SELECT is((SELECT version FROM hotline.kb_article WHERE id = (SELECT id FROM a WHERE name = 'residence')), 2,
          'the article is at version 2');
SELECT is((SELECT body LIKE '%派出所%' FROM hotline.kb_version
           WHERE article_id = (SELECT id FROM a WHERE name = 'residence') AND version = 1), true,
          'version 1 stays readable as it was');
SELECT throws_ok($$UPDATE hotline.kb_version SET body = 'x' WHERE article_id = (SELECT id FROM a WHERE name = 'residence')$$,
                 '42501', 'the versions of knowledge articles are append-only', 'versions are append-only');
SELECT is((SELECT headline LIKE '%【居住】登记%' FROM hotline.kb_search('居住证 办理')), true,
          'the search marks what matched');

-- answers on the spot cite it by id (recorded as id:version) while it is in force (R-3.1, R-10.2)
SET LOCAL ROLE kb_agent;
CREATE TEMP TABLE ans AS SELECT hotline.answer('110101', 'consultation', 'phone', '咨询居住证在哪里办理',
    '告知到街道社区服务中心申请', knowledge_article => (SELECT id::text FROM a WHERE name = 'residence')) AS order_no;
SELECT throws_ok($$SELECT hotline.answer('110101', 'consultation', 'phone', '咨询居住证', '已告知',
                                         knowledge_article => (SELECT id || ':1' FROM a WHERE name = 'residence'))$$,
                 '22023', NULL, 'a version that is no longer current is not cited');
SELECT throws_ok($$SELECT hotline.open_order('appeal_12345', 'answer', current_user, 'agent',
                       '{"region": "110101", "appeal_type": "consultation", "channel": "phone", "description": "咨询",
                         "result": "已告知", "knowledge_article": "KB-2026-0815 居住证指南"}')$$,
                 '22023', 'invalid knowledge_article "KB-2026-0815 居住证指南"', 'free text is not a citation');
RESET ROLE;
SELECT is((SELECT payload ->> 'knowledge_article' FROM hotline.order_event WHERE order_no = (SELECT order_no FROM ans)),
          (SELECT id || ':2' FROM a WHERE name = 'residence'), 'the answer records the article and its version');
SELECT is((SELECT citations::int FROM hotline.kb_usage WHERE article_id = (SELECT id FROM a WHERE name = 'residence')),
          1, 'the article''s citations are counted (hotline.kb_usage)');
SELECT matches(hotline.assessment_report(), '<td>1</td><td>居住证办理指南</td><td>1</td><td>1</td><td>1</td>',
               'the month''s report lists the articles cited most (五、知识库使用)');

-- reviews: due ones reminded once per date
UPDATE hotline.kb_article SET next_review = current_date - 1 WHERE id = (SELECT id FROM a WHERE name = 'residence');
SELECT is((hotline.kb_remind_reviews() ->> 'reminded')::int, 1, 'the review job reminds the owner of a due article');
SELECT is((hotline.kb_remind_reviews() ->> 'reminded')::int, 0, 'once');

-- retired: no longer found, still readable
SET LOCAL ROLE kb_editor;
SELECT throws_ok($$SELECT hotline.kb_retire((SELECT id FROM a WHERE name = 'residence'))$$, '22023', 'invalid reason NULL',
                 'retiring needs a reason');
SELECT is(hotline.kb_retire((SELECT id FROM a WHERE name = 'residence'), '新规实施'), 'retired', 'the centre retires it');
RESET ROLE;
SELECT is((SELECT ROW(status_by, status_reason, status_at IS NOT NULL)::text FROM hotline.kb_article
           WHERE id = (SELECT id FROM a WHERE name = 'residence')),
          ROW('kb_editor', '新规实施', true)::text, 'who retired it, when and why are kept');
SET LOCAL ROLE kb_editor;
SELECT is((SELECT count(*)::int FROM hotline.kb_search('居住证 办理')), 0, 'a retired article is not found');
SELECT throws_ok($$SELECT hotline.kb_cite((SELECT id::text FROM a WHERE name = 'residence'))$$, '22023',
                 NULL, 'nor cited');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
