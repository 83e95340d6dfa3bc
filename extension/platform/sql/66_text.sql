-- Text similarity for one matter many people uses pg_trgm (a required
-- extension, see hotline.control).  pg_trgm splits text into words at
-- non-word characters and takes three-character runs of each word; Chinese
-- has no spaces, so a whole sentence is one word and its trigrams are
-- three-character runs, which two wordings of the same matter rarely share
-- ('东直门北小街路灯不亮已经一周' / '东直门北小街一整条街的路灯晚上都不亮': 0.21,
-- about as much as lamps and rubbish on the same street: 0.21).
-- hotline.text_grams() (extension/text_grams.c) rewrites a text as the
-- words pg_trgm sees best for Chinese: overlapping character pairs (二元组,
-- the usual unit of Chinese text retrieval: '路灯 灯不 不亮'), each a word
-- of its own, so that pg_trgm's trigrams of them are the characters and
-- character pairs of the text; Latin letters and digits stay words.  The
-- place is compared on its own (coordinates, else the address), so the
-- words of the new order's address and the agents' set phrases (市民来电反映,
-- 希望尽快处理: hotline.repeat_set_phrases(), or the rule's settings.ignore)
-- are left out of both descriptions before they are compared: what is
-- left is what the callers say about the place.  On realistic intake texts
-- two wordings of dark street lamps then score 0.14 to 0.18, lamps against
-- rubbish or street vendors on the same street 0.08 (a threshold of 0.3,
-- usual for pg_trgm, is too high for this measure: see README).  This needs a database
-- whose LC_CTYPE counts Chinese characters as letters (any UTF-8 locale:
-- C.UTF-8, zh_CN.UTF-8, en_US.UTF-8), not C or POSIX, where pg_trgm
-- ignores every non-ASCII character; hotline.text_similarity_works() says
-- which, and CREATE EXTENSION warns.

-- ---------------------------------------------------------------------------
-- Text similarity (pg_trgm over character pairs)
-- ---------------------------------------------------------------------------

-- pg_trgm lives in a schema of the installer's choice (it is relocatable);
-- during CREATE EXTENSION that schema is on the search path, and a function
-- with an SQL-standard body binds similarity() by its OID when created, so
-- later search paths and a move of pg_trgm to another schema do not matter.
CREATE FUNCTION @extschema@.trgm_similarity(a text, b text) RETURNS real
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN similarity(a, b);
COMMENT ON FUNCTION @extschema@.trgm_similarity(text, text) IS
    'internal: pg_trgm''s similarity(), bound when the extension was created (pg_trgm may live in any schema)';

-- the words of a text for comparison (extension/text_grams.c): runs of
-- Chinese characters as overlapping pairs (a single character as itself),
-- other runs of letters and digits as they are, without the words of
-- leave_out; case and full-width forms folded first (３号楼 = 3号楼).
-- Granted to PUBLIC, so bounded: every text is at most 64 kB (65536 bytes,
-- else 54000 program_limit_exceeded), and the time is about linear in it.
CREATE FUNCTION @extschema@.text_grams_c(t text, leave_out text) RETURNS text
    AS 'MODULE_PATHNAME', 'hotline_text_grams' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.text_grams_c(text, text) IS
    'internal: hotline.text_grams of texts already folded (lower case, NFKC)';

CREATE FUNCTION @extschema@.text_grams(t text, leave_out text DEFAULT NULL) RETURNS text
    AS 'MODULE_PATHNAME', 'hotline_text_grams_fold' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.text_grams(text, text) IS
    'a text as the words pg_trgm compares best for Chinese: overlapping character pairs, without the words of leave_out (e.g. the address); text_grams(''路灯不亮'') = ''路灯 灯不 不亮''; texts of at most 64 kB';

CREATE FUNCTION @extschema@.text_similarity(a text, b text, leave_out text DEFAULT NULL) RETURNS real
    AS 'MODULE_PATHNAME', 'hotline_text_similarity' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.text_similarity(text, text, text) IS
    'pg_trgm similarity (0 to 1) of two Chinese texts compared by character pairs, leaving out the words of leave_out (e.g. both addresses) (R-2.4); texts of at most 64 kB';

CREATE FUNCTION @extschema@.text_similarity_works() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT @extschema@.trgm_similarity('路灯', '路灯') > 0
$$;
COMMENT ON FUNCTION @extschema@.text_similarity_works() IS
    'true when pg_trgm sees Chinese characters in this database (its LC_CTYPE is a UTF-8 locale, not C or POSIX); one matter many people (一事多人) needs it';

-- the distance in metres of two points given in degrees (equirectangular:
-- exact enough for the few hundred metres of "the same place")
CREATE FUNCTION @extschema@.distance_m(lon1 double precision, lat1 double precision,
                                       lon2 double precision, lat2 double precision)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT pg_catalog.sqrt(pg_catalog.power((lon2 - lon1) * pg_catalog.cosd((lat1 + lat2) / 2) * 111320.0, 2)
                     + pg_catalog.power((lat2 - lat1) * 110574.0, 2))
$$;
COMMENT ON FUNCTION @extschema@.distance_m(double precision, double precision, double precision, double precision) IS
    'distance in metres between two points (longitude, latitude in degrees), good to a few metres over short distances';

-- pure functions of their arguments: anyone may call them
GRANT EXECUTE ON FUNCTION @extschema@.text_grams(text, text), @extschema@.text_grams_c(text, text),
    @extschema@.text_similarity(text, text, text),
    @extschema@.text_similarity_works(), @extschema@.distance_m(double precision, double precision, double precision, double precision)
    TO PUBLIC;

DO $$
BEGIN
    IF NOT @extschema@.text_similarity_works() THEN
        RAISE WARNING 'pg_trgm ignores Chinese characters in database "%" (LC_CTYPE %)',
            pg_catalog.current_database(), pg_catalog.current_setting('lc_ctype')
            USING DETAIL = 'One matter many people (一事多人, R-2.4) compares appeals by text and will find no repeats here.',
                  HINT = 'Create the database with a UTF-8 LC_CTYPE, e.g. CREATE DATABASE ... LC_CTYPE ''C.UTF-8'' TEMPLATE template0.';
    END IF;
END $$;
