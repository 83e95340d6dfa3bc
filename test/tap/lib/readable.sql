-- Shared pgTAP helper (not a test file of its own); a test includes it with
-- \ir lib/readable.sql.
--
-- pg_temp.readable_matching(pattern): the tables and views of the hotline
-- schema in which the current role reads a row matching pattern (a regular
-- expression over the row as JSON): every relation it may read any column
-- of, every column it may read, every row its policies let through.  What a
-- unit's clerk can learn by every path it has (issue 10).
CREATE FUNCTION pg_temp.readable_matching(pattern text) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    r record;
    cols text;
    n bigint;
    found text[] := '{}';
BEGIN
    FOR r IN SELECT c.oid, c.oid::regclass::text AS rel FROM pg_class c
             WHERE c.relnamespace = 'hotline'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p')
               AND has_any_column_privilege(c.oid, 'SELECT') ORDER BY 2 LOOP
        SELECT string_agg(quote_ident(a.attname), ', ') INTO cols FROM pg_attribute a
        WHERE a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
          AND has_column_privilege(r.oid, a.attnum, 'SELECT');
        EXECUTE format('SELECT count(*) FROM (SELECT %s FROM %s) t WHERE to_jsonb(t)::text ~ %L', cols, r.rel, pattern)
            INTO n;
        IF n > 0 THEN
            found := found || r.rel;
        END IF;
    END LOOP;
    RETURN found;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.readable_matching(text) TO PUBLIC;
