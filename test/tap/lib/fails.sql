-- Shared pgTAP helpers of test/tap/*.sql (not a test file of its own: run_tap
-- takes test/tap/*.sql only); a test includes this with \ir lib/fails.sql.
--
-- fails(sql, sqlstate, pattern): sql fails with that SQLSTATE and a message
-- matching pattern (ILIKE)
CREATE FUNCTION pg_temp.fails(sql text, state text, pattern text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    msg text;
    st text;
    what text := format('fails with %s %s: %s', state, pattern, left(regexp_replace(sql, '\s+', ' ', 'g'), 90));
BEGIN
    BEGIN
        EXECUTE sql;
    EXCEPTION WHEN others THEN
        GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, st = RETURNED_SQLSTATE;
        IF st = state AND msg ILIKE pattern THEN
            RETURN ok(true, what);
        END IF;
        RETURN ok(false, what) || E'\n' || diag(format('got %s "%s"', st, msg));
    END;
    RETURN ok(false, what) || E'\n' || diag('it did not fail');
END $$;
