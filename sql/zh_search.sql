-- Chinese full-text search (issue 12, R-8.1, R-10): the text search
-- configuration hotline.zh.  How it splits hotline texts into the words it
-- indexes, and what a search finds, with PostgreSQL's own tsvector,
-- tsquery, GIN index, ts_rank and ts_headline.
SET client_min_messages = warning;

-- A run of Chinese characters becomes its overlapping character pairs
-- (二元组), each at the next position, and of a run of three or more its
-- first and last characters (so that a lone character of a query, 京 of
-- 京B12345, finds a run it ends);
-- letters and digits stay words (full-width forms folded to ASCII, lower
-- case); punctuation is blank.
SELECT alias, token, lexemes
FROM ts_debug('hotline.zh', '东直门北小街3号楼的路灯不亮，ＷｉＦｉ也断了；请12345转城管委。');
SELECT alias, token, lexemes
FROM ts_debug('hotline.zh', '《北京市生活垃圾管理条例》第三十六条：单位和个人应当分类投放生活垃圾。');
SELECT to_tsvector('hotline.zh', '小区电梯停运三天，老人上下楼困难');

-- A query is split the same way; the pairs of one run must follow each
-- other (a phrase), so 垃圾分类 finds 生活垃圾分类 and not 分类 … 垃圾.
SELECT to_tsquery('hotline.zh', '垃圾分类') AS to_tsquery,
       plainto_tsquery('hotline.zh', '垃圾分类') AS plainto_tsquery,
       websearch_to_tsquery('hotline.zh', '垃圾分类 -厨余') AS websearch_to_tsquery;

CREATE TEMP TABLE doc (id int PRIMARY KEY, body text NOT NULL, tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('hotline.zh', body)) STORED);
INSERT INTO doc (id, body) VALUES
    (1, '北京市生活垃圾分类管理办法：居民应当按照厨余垃圾、可回收物、有害垃圾、其他垃圾分类投放。'),
    (2, '市民反映：小区垃圾桶满溢无人清运，要求物业尽快分类收集。'),
    (3, '和平里七区楼下餐馆夜间噪声扰民，油烟直排。'),
    (4, '东直门北小街路灯连续一周不亮，夜间行人摔倒，请尽快维修路灯。'),
    (5, '咨询ＷｉＦｉ热点覆盖：3号楼公共区域无线网络时断时续。'),
    (6, '办理居住证需要携带身份证、租房合同，到街道社区服务中心办理，免费，5个工作日办结。'),
    (7, '市民反映出租车拒载，车牌京B12345，要求处理。');
CREATE INDEX ON doc USING gin (tsv);

-- what each query finds (垃圾分类 only where the four characters are together;
-- 噪音 is not 噪声: synonyms are the centre's dictionary, not guessed)
SELECT q, array_agg(id ORDER BY id) AS found
FROM (VALUES ('垃圾分类'), ('垃圾'), ('噪声'), ('噪音'), ('路灯 不亮'), ('wifi'), ('3号楼'), ('居住证 办理'),
             ('分类 -厨余'), ('京B12345')) v(q)
LEFT JOIN doc ON doc.tsv @@ websearch_to_tsquery('hotline.zh', v.q)
GROUP BY q ORDER BY q;

-- a question as a ranked search: any of its pairs (hotline.zh_any), best first
SELECT hotline.zh_any('小区垃圾没人清运怎么办') AS zh_any;
SELECT id, round(ts_rank(tsv, query)::numeric, 4) AS rank
FROM doc, hotline.zh_any('小区垃圾没人清运怎么办') query
WHERE tsv @@ query
ORDER BY rank DESC, id;

-- ranked, with the matching characters marked
SELECT id, round(ts_rank(tsv, query)::numeric, 4) AS rank,
       ts_headline('hotline.zh', body, query, 'StartSel=【, StopSel=】') AS headline
FROM doc, websearch_to_tsquery('hotline.zh', '垃圾 分类') query
WHERE tsv @@ query
ORDER BY rank DESC, id;

-- a run longer than 500 characters is cut there (a token of 2 kB or more
-- is not indexed at all): two pieces of 500, 998 pairs (one of 999 lost)
-- and each piece's first and last character
SELECT length(strip(to_tsvector('hotline.zh', repeat('路灯不亮', 250)))::text) > 0 AS indexed,
       (SELECT count(*) FROM ts_debug('hotline.zh', repeat('路灯不亮', 250))) AS tokens,
       (SELECT sum(cardinality(lexemes)) FROM ts_debug('hotline.zh', repeat('路灯不亮', 250))) AS lexemes;

-- the headline marks the characters of the pairs that matched, not the
-- whole run; in a long text, the fragments around them
SELECT ts_headline('hotline.zh', '请转城管委处理，东城区城管委已受理。', to_tsquery('hotline.zh', '城管委'));
SELECT ts_headline('hotline.zh', repeat('东直门北小街路灯连续一周不亮，', 40) || '夜间行人摔倒。' ||
                   repeat('市民要求尽快维修。', 40), to_tsquery('hotline.zh', '摔倒'),
                   'MaxFragments=2, MaxWords=8, MinWords=3');
