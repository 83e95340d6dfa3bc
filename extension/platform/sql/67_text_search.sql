-- Chinese full-text search (R-8.1, R-10; issue 12): the text search
-- configuration hotline.zh, PostgreSQL's own machinery (tsvector, tsquery,
-- GIN, ts_rank, ts_headline) over Chinese text.  Its parser
-- (hotline.zh_parser, in C: zh_search.c) splits a text into runs of
-- Chinese characters (han), of letters and digits (word, full-width forms
-- included) and the rest (blank); its dictionary (hotline.zh_bigram) turns
-- a run of Chinese characters into its overlapping character pairs at
-- consecutive positions and folds words (full-width to ASCII, lower case):
--   to_tsvector('hotline.zh', '生活垃圾分类')  = '活垃':2 '生活':1 '圾分':4 '垃圾':3 '分类':5
--   to_tsquery('hotline.zh', '垃圾分类')       = '垃圾' <-> '圾分' <-> '分类'
-- A centre maintains synonyms as a normal PostgreSQL dictionary before
-- hotline.zh_bigram in a copy of the configuration (README, Search).

CREATE FUNCTION @extschema@.zh_start(internal, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'hotline_zh_start' LANGUAGE C STRICT;
COMMENT ON FUNCTION @extschema@.zh_start(internal, integer) IS 'the start function of the text search parser hotline.zh_parser';
CREATE FUNCTION @extschema@.zh_gettoken(internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'hotline_zh_gettoken' LANGUAGE C STRICT;
COMMENT ON FUNCTION @extschema@.zh_gettoken(internal, internal, internal) IS
    'the text search parser hotline.zh_parser: runs of Chinese characters (han), letters and digits (word), the rest (blank)';
CREATE FUNCTION @extschema@.zh_end(internal) RETURNS void
    AS 'MODULE_PATHNAME', 'hotline_zh_end' LANGUAGE C STRICT;
COMMENT ON FUNCTION @extschema@.zh_end(internal) IS 'the end function of the text search parser hotline.zh_parser';
CREATE FUNCTION @extschema@.zh_lextype(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'hotline_zh_lextype' LANGUAGE C STRICT;
COMMENT ON FUNCTION @extschema@.zh_lextype(internal) IS 'the token types of the text search parser hotline.zh_parser';
CREATE FUNCTION @extschema@.zh_lexize(internal, internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'hotline_zh_lexize' LANGUAGE C STRICT;
COMMENT ON FUNCTION @extschema@.zh_lexize(internal, internal, internal, internal) IS
    'the dictionary template hotline.zh_bigram: a run of Chinese characters as its overlapping character pairs, words folded';

CREATE FUNCTION @extschema@.zh_headline(internal, internal, tsquery) RETURNS internal
    AS 'MODULE_PATHNAME', 'hotline_zh_headline' LANGUAGE C STRICT;
COMMENT ON FUNCTION @extschema@.zh_headline(internal, internal, tsquery) IS
    'the headline function of the text search parser hotline.zh_parser: marks the characters of the matching pairs';

CREATE TEXT SEARCH PARSER @extschema@.zh_parser (START = @extschema@.zh_start, GETTOKEN = @extschema@.zh_gettoken,
    END = @extschema@.zh_end, LEXTYPES = @extschema@.zh_lextype, HEADLINE = @extschema@.zh_headline);
CREATE TEXT SEARCH TEMPLATE @extschema@.zh_bigram (LEXIZE = @extschema@.zh_lexize);
CREATE TEXT SEARCH DICTIONARY @extschema@.zh_bigram (TEMPLATE = @extschema@.zh_bigram);
CREATE TEXT SEARCH CONFIGURATION @extschema@.zh (PARSER = @extschema@.zh_parser);
ALTER TEXT SEARCH CONFIGURATION @extschema@.zh ADD MAPPING FOR han, word WITH @extschema@.zh_bigram;
COMMENT ON TEXT SEARCH CONFIGURATION @extschema@.zh IS
    'Chinese full-text search: runs of Chinese characters as overlapping character pairs, words folded (full-width to ASCII, lower case)';

-- A question as a ranked search (an agent's words, a citizen's sentence):
-- any of its pairs and words, so that ts_rank orders the texts by how many
-- they share, where to_tsquery would ask for the whole run as a phrase.
-- Single characters count only in a question that has nothing longer (one
-- character alone matches too much).  NULL when the question has no word
-- (it matches nothing).
CREATE FUNCTION @extschema@.zh_any(question text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    WITH w AS (SELECT unnest(tsvector_to_array(to_tsvector('@extschema@.zh', question))) AS l)
    SELECT string_agg(quote_literal(w.l), ' | ' ORDER BY w.l)::tsquery
    FROM w
    WHERE length(w.l) > 1 OR (SELECT max(length(x.l)) FROM w x) = 1
$$;
COMMENT ON FUNCTION @extschema@.zh_any(text) IS
    'a question as a ranked search of hotline.zh: any of its character pairs and words (single characters only when it has nothing longer), ranked with ts_rank; NULL when it has none';
