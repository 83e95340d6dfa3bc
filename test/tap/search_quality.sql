-- Issue 12, part 3: how well the Chinese search finds what a question
-- needs, on the labelled set of test/data/search_set.sql (60 texts of a
-- hotline's knowledge base and past orders, 24 queries as agents type
-- them, the answering texts judged by hand), against LIKE '%...%' (every
-- word of the query a substring) and pg_trgm (word_similarity above its
-- threshold, best first).  Per method: recall@10 (the share of a query's
-- answering texts among the first ten, averaged over the queries) and
-- precision@10 (of all texts shown in the first tens, the share that
-- answer).  README, "Chinese full-text search", has the table.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(7);

\ir ../data/search_set.sql
CREATE INDEX ON search_doc USING gin (to_tsvector('hotline.zh', body));

CREATE TEMP TABLE result (method text, qid int, found int[]);
INSERT INTO result
SELECT 'LIKE', q.id, ARRAY(SELECT d.id FROM search_doc d
                            WHERE NOT EXISTS (SELECT 1 FROM regexp_split_to_table(q.q, '\s+') t
                                              WHERE d.body NOT ILIKE '%' || t || '%')
                            ORDER BY d.id LIMIT 10) FROM search_query q
UNION ALL
SELECT 'pg_trgm', q.id, ARRAY(SELECT d.id FROM search_doc d WHERE q.q <% d.body
                               ORDER BY word_similarity(q.q, d.body) DESC, d.id LIMIT 10) FROM search_query q
UNION ALL
SELECT 'hotline.zh: every word', q.id,
       ARRAY(SELECT d.id FROM search_doc d, websearch_to_tsquery('hotline.zh', q.q) x
             WHERE to_tsvector('hotline.zh', d.body) @@ x
             ORDER BY ts_rank(to_tsvector('hotline.zh', d.body), x) DESC, d.id LIMIT 10) FROM search_query q
UNION ALL
SELECT 'hotline.zh: ranked (zh_any)', q.id,
       ARRAY(SELECT d.id FROM search_doc d, hotline.zh_any(q.q) x
             WHERE to_tsvector('hotline.zh', d.body) @@ x
             ORDER BY ts_rank(to_tsvector('hotline.zh', d.body), x) DESC, d.id LIMIT 10) FROM search_query q
-- the same two widened by the built-in synonyms (hotline.zh_synonym)
UNION ALL
SELECT 'hotline.zh: every word, synonyms', q.id,
       ARRAY(SELECT d.id FROM search_doc d, hotline.zh_expand(websearch_to_tsquery('hotline.zh', q.q)) x
             WHERE to_tsvector('hotline.zh', d.body) @@ x
             ORDER BY ts_rank(to_tsvector('hotline.zh', d.body), x) DESC, d.id LIMIT 10) FROM search_query q
UNION ALL
SELECT 'hotline.zh: ranked, synonyms', q.id,
       ARRAY(SELECT d.id FROM search_doc d, hotline.zh_expand(hotline.zh_any(q.q)) x
             WHERE to_tsvector('hotline.zh', d.body) @@ x
             ORDER BY ts_rank(to_tsvector('hotline.zh', d.body), x) DESC, d.id LIMIT 10) FROM search_query q;
CREATE TEMP VIEW quality AS
SELECT r.method,
       round(avg((SELECT count(*) FROM unnest(r.found) f WHERE f = ANY (q.relevant))::numeric
                 / cardinality(q.relevant)), 3) AS recall_at_10,
       round(sum((SELECT count(*) FROM unnest(r.found) f WHERE f = ANY (q.relevant)))::numeric
             / nullif(sum(cardinality(r.found)), 0), 3) AS precision_at_10,
       count(*) FILTER (WHERE cardinality(r.found) = 0) AS queries_without_result
FROM result r JOIN search_query q ON q.id = r.qid GROUP BY r.method;
SELECT diag(format('%-28s recall@10 %s  precision@10 %s  queries without a result %s',
                   method, recall_at_10, precision_at_10, queries_without_result))
FROM quality ORDER BY method;

SELECT cmp_ok((SELECT recall_at_10 FROM quality WHERE method = 'hotline.zh: every word'), '>',
              (SELECT recall_at_10 FROM quality WHERE method = 'LIKE'),
              'every word: hotline.zh finds more than LIKE (ＷｉＦｉ for wifi among them)');
SELECT is((SELECT precision_at_10 FROM quality WHERE method = 'hotline.zh: every word'), 1.000,
          'and shows nothing that does not answer');
SELECT cmp_ok((SELECT recall_at_10 FROM quality WHERE method = 'hotline.zh: ranked (zh_any)'), '>',
              (SELECT recall_at_10 FROM quality WHERE method = 'hotline.zh: every word'),
              'a ranked question (any pair) finds more still');
SELECT cmp_ok((SELECT recall_at_10 FROM quality WHERE method = 'pg_trgm'), '<',
              (SELECT recall_at_10 FROM quality WHERE method = 'LIKE'),
              'pg_trgm''s three-character runs miss most two-character words');
SELECT is((SELECT found FROM result r JOIN search_query q ON q.id = r.qid
           WHERE r.method = 'hotline.zh: every word' AND q.q = '噪声 扰民'), '{12}'::int[],
          '噪声 does not find 噪音 (no synonyms guessed): the noise complaint about a building site is missed');

SELECT cmp_ok((SELECT recall_at_10 FROM quality WHERE method = 'hotline.zh: every word, synonyms'), '>',
              (SELECT recall_at_10 FROM quality WHERE method = 'hotline.zh: every word'),
              'the synonyms find more, every word');
SELECT is((SELECT ARRAY[14 = ANY (p.found), 14 = ANY (s.found)]
           FROM result p JOIN result s USING (qid) JOIN search_query q ON q.id = p.qid
           WHERE p.method = 'hotline.zh: ranked (zh_any)' AND s.method = 'hotline.zh: ranked, synonyms'
             AND q.q = '噪声 扰民'), '{f,t}'::boolean[],
          'with them the ranked 噪声 扰民 finds the building site''s 噪音 too');

SELECT * FROM finish();
ROLLBACK;
