-- No crash and no internal error on any input: random text for
-- hotline.time_limit, and cut, spliced and corrupted copies of a real
-- holiday file for hotline.import_ics.  Every input either works or fails
-- with a user-facing SQLSTATE (never XX000), and a failed import changes
-- nothing.  Deterministic: setseed.
\set ON_ERROR_STOP true
\getenv test_data HOTLINE_TEST_DATA
SET client_min_messages = error;
BEGIN;
SELECT plan(6);
SELECT setseed(0.2026);

CREATE TEMP TABLE outcomes (what text, sqlstate text);

-- random time_limit texts: digits, units, Chinese, punctuation, huge numbers
DO $$
DECLARE
    parts text[] := ARRAY['1', '7', '0', '-3', '99999999999999999999', ' ', '  ', 'working', 'day', 'days',
                          'hour', 'hours', 'minutes', 'seconds', '工作日', '个', '小时', '分钟', '秒', '天',
                          '.5', ',', 'x', E'\t', 'WORKING', 'Days', '+', '日', 'week'];
    s text;
BEGIN
    FOR i IN 1..5000 LOOP
        s := '';
        FOR j IN 1..(1 + floor(random() * 5))::int LOOP
            s := s || parts[1 + floor(random() * array_length(parts, 1))::int];
        END LOOP;
        BEGIN
            PERFORM s::hotline.time_limit;
            INSERT INTO outcomes VALUES ('time_limit', '00000');
        EXCEPTION WHEN OTHERS THEN
            INSERT INTO outcomes VALUES ('time_limit', SQLSTATE);
        END;
    END LOOP;
END $$;

SELECT cmp_ok((SELECT count(*) FROM outcomes WHERE what = 'time_limit' AND sqlstate = '00000')::int, '>', 10,
              'some random time limits are valid');
SELECT is(ARRAY(SELECT DISTINCT sqlstate FROM outcomes WHERE what = 'time_limit' AND sqlstate <> '00000' ORDER BY 1),
          '{22008,22023,22P02}'::text[], 'invalid time limits fail only with 22P02, 22023 or 22008');

-- corrupted copies of 2024.ics
INSERT INTO hotline.calendar (name) VALUES ('fuzz');
CREATE TEMP TABLE src AS SELECT pg_read_binary_file(:'test_data' || '/holidays-cn/2024.ics') AS b;
DO $$
DECLARE
    orig bytea := (SELECT b FROM src);
    n int := length((SELECT b FROM src));
    b bytea;
    pos int;
BEGIN
    FOR i IN 1..400 LOOP
        b := orig;
        CASE i % 4
            WHEN 0 THEN b := substring(orig FROM 1 FOR (random() * n)::int);          -- truncated
            WHEN 1 THEN                                                                -- bytes flipped
                FOR k IN 1..3 LOOP
                    pos := floor(random() * n)::int;
                    b := set_byte(b, pos, floor(random() * 256)::int);
                END LOOP;
            WHEN 2 THEN                                                                -- a chunk removed
                pos := floor(random() * n)::int;
                b := substring(orig FROM 1 FOR pos) || substring(orig FROM pos + 1 + (random() * 200)::int);
            ELSE                                                                       -- digits changed
                pos := floor(random() * n)::int;
                b := substring(orig FROM 1 FOR pos) || convert_to((floor(random() * 10))::text, 'UTF8')
                     || substring(orig FROM pos + 2);
        END CASE;
        BEGIN
            PERFORM hotline.import_ics('fuzz', b, years => '{}');
            INSERT INTO outcomes VALUES ('ics', '00000');
            DELETE FROM hotline.calendar_day WHERE calendar = 'fuzz';
        EXCEPTION WHEN OTHERS THEN
            INSERT INTO outcomes VALUES ('ics', SQLSTATE);
        END;
    END LOOP;
END $$;

SELECT is((SELECT count(*)::int FROM outcomes WHERE what = 'ics'), 400, 'every corrupted file returned');
SELECT is((SELECT count(*)::int FROM outcomes WHERE what = 'ics' AND sqlstate LIKE 'XX%'), 0,
          'no corrupted file raises an internal error');
SELECT cmp_ok((SELECT count(*)::int FROM outcomes WHERE what = 'ics' AND sqlstate <> '00000'), '>', 50,
              'many corrupted files are refused');
SELECT is((SELECT count(*)::int FROM hotline.calendar_day WHERE calendar = 'fuzz'), 0,
          'refused files left nothing behind');

SELECT * FROM finish();
ROLLBACK;
