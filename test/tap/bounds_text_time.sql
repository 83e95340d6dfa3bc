-- Bounds of the text similarity helpers and of the calendar functions
-- (issue 8: crashes, escalation and denial of service).
--
-- Text (R-2.4): hotline.text_grams, text_grams_c and text_similarity are
-- granted to PUBLIC.  In 0.1.0 their leave-out loop was quadratic and
-- uninterruptible (a 360 kB call ran ~40 s under a 1 s statement_timeout)
-- and 34 million words ended in XX000 "invalid memory alloc request size".
-- Now every text is at most 64 kB (54000 program_limit_exceeded naming the
-- parameter and its size), the worst accepted input finishes far inside a
-- statement_timeout, results are those of 0.1.0, and the repeat rule
-- compares long appeals by their beginning instead of failing the accept.
--
-- Time (R-12.1, R-12.4, R-12.5): share_point on a calendar without business
-- hours overflowed int64 and returned a timestamptz out of range (stored,
-- it broke SELECT and pg_dump).  Every calendar function now returns a
-- valid timestamptz on the right side of its input, or fails with 22008
-- (or 22023) naming the parameter, on every extreme input: +-infinity,
-- 4714-11-24 BC, 294276 AD, the calendar's first and last instants, the
-- largest time limits (3660 days, 87840 hours).
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET hotline.warn_uncovered = off;
BEGIN;
SELECT plan(53);

-- the error of a statement: SQLSTATE, message, hint ('00000' when it works)
CREATE FUNCTION pg_temp.fails(q text, OUT state text, OUT message text, OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    state := '00000';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, hint = PG_EXCEPTION_HINT;
END $$;

-- ===========================================================================
-- Text similarity: the 64 kB limit
-- ===========================================================================
SELECT lives_ok($$SELECT hotline.text_grams_c(repeat('a', 65536), repeat('b', 65536))$$,
                'text_grams_c takes texts of 65536 bytes');
SELECT lives_ok($$SELECT hotline.text_grams(repeat('路', 21845) || 'a', repeat('灯', 21845) || 'b')$$,
                'text_grams takes texts of 65536 bytes (21845 Chinese characters and one letter)');
SELECT lives_ok($$SELECT hotline.text_similarity(repeat('a', 65536), repeat('b', 65536), repeat('c', 65536))$$,
                'text_similarity takes texts of 65536 bytes');

SELECT throws_ok($$SELECT hotline.text_grams_c(repeat('a', 65537), NULL)$$, '54000',
                 't is too long for hotline.text_grams_c: 65537 bytes', 'text_grams_c refuses t of 65537 bytes');
SELECT throws_ok($$SELECT hotline.text_grams_c('a', repeat('b', 65537))$$, '54000',
                 'leave_out is too long for hotline.text_grams_c: 65537 bytes', '... and leave_out');
SELECT throws_ok($$SELECT hotline.text_grams(repeat('路', 21846))$$, '54000',
                 't is too long for hotline.text_grams: 65538 bytes', 'text_grams counts bytes, not characters');
SELECT throws_ok($$SELECT hotline.text_grams('a', repeat('b', 65537))$$, '54000',
                 'leave_out is too long for hotline.text_grams: 65537 bytes', '... and refuses a long leave_out');
SELECT throws_ok($$SELECT hotline.text_similarity(repeat('a', 65537), 'b')$$, '54000',
                 'a is too long for hotline.text_similarity: 65537 bytes', 'text_similarity names a ...');
SELECT throws_ok($$SELECT hotline.text_similarity('a', repeat('b', 70000))$$, '54000',
                 'b is too long for hotline.text_similarity: 70000 bytes', '... b ...');
SELECT throws_ok($$SELECT hotline.text_similarity('a', 'b', repeat('c', 65537))$$, '54000',
                 'leave_out is too long for hotline.text_similarity: 65537 bytes', '... and leave_out');
SELECT is((pg_temp.fails($$SELECT hotline.text_similarity('a', repeat('b', 70000))$$)).hint,
          'Pass the beginning of the text, e.g. left(b, 16384).', 'the hint says how to stay within the limit');
SELECT is(ARRAY[hotline.text_grams(NULL), hotline.text_grams_c(NULL, NULL), hotline.text_similarity(NULL, 'a')::text,
                hotline.text_similarity('a', NULL)::text],
          ARRAY[NULL, NULL, NULL, NULL]::text[], 'NULL texts still give NULL');

-- the reproducer of 0.1.0 (~40 s of CPU, cancel ignored) and 34 million
-- words (XX000 invalid memory alloc request size): a clear error at once
SET statement_timeout = '1s';
SELECT throws_ok($$SELECT length(hotline.text_grams_c(repeat('ab ', 120000), repeat('cd ', 120000)))$$, '54000',
                 't is too long for hotline.text_grams_c: 360000 bytes',
                 'the 0.1.0 reproducer is refused at once (not cancelled after the timeout)');
RESET statement_timeout;
SELECT throws_ok($$SELECT hotline.text_grams(repeat('ab ', 34000000))$$, '54000',
                 't is too long for hotline.text_grams: 102000000 bytes',
                 '34 million words: program_limit_exceeded, not an internal error');
SELECT throws_ok($$SELECT hotline.text_similarity('路灯', repeat('ab ', 34000000))$$, '54000',
                 'b is too long for hotline.text_similarity: 102000000 bytes', '... in text_similarity too');

-- worst cases that are accepted (distinct words, none shared with the words
-- to leave out: 0.1.0 compared every pair, 21845 x 21845, ~2 s) finish
-- well inside a 1 s statement_timeout; the time is about linear in the size
SET statement_timeout = '1s';
SELECT is(length(hotline.text_grams_c(repeat('ab ', 21845), repeat('cd ', 21845))), 65534,
          'text_grams_c of 64 kB less 64 kB of other words finishes inside the timeout');
SELECT is(length(hotline.text_grams(repeat('ab ', 21845), repeat('cd ', 21845))), 65534,
          'text_grams too');
SELECT is(hotline.text_similarity(repeat('ab ', 21845), repeat('ab ', 21845), repeat('cd ', 21845)), 1::real,
          'text_similarity too');
SELECT is(array_length(string_to_array(hotline.text_grams(repeat('路灯不亮', 5461), repeat('北小街道', 5461)), ' '), 1),
          21843, 'Chinese: 21843 character pairs against 21843 others');
SELECT is(hotline.text_grams(repeat('路灯不亮', 5461), repeat('不亮路灯', 5461)), '',
          'every word left out when leave_out has them all');
SELECT ok(hotline.text_similarity(repeat(U&'\FDFA', 21845), repeat(U&'\FDFA', 21844), repeat(U&'\3300', 21845)) > 0.9,
          'texts that NFKC expands elevenfold (U+FDFA) also finish');
RESET statement_timeout;

-- results are those of 0.1.0's SQL functions (fold, then text_grams_c;
-- trgm_similarity of the grams) on texts of Chinese, full-width forms,
-- letters of several scripts, digits, punctuation and emoji
CREATE TEMP TABLE texts AS
SELECT g AS id,
       (SELECT string_agg(substr(chars, 1 + (get_byte(decode(md5(g || ':' || k), 'hex'), 0) % length(chars)), 1), '')
        FROM generate_series(1, g % 47) k) AS a,
       (SELECT string_agg(substr(chars, 1 + (get_byte(decode(md5(g || '/' || k), 'hex'), 1) % length(chars)), 1), '')
        FROM generate_series(1, (g * 7) % 41) k) AS b,
       CASE WHEN g % 5 = 0 THEN NULL ELSE
       (SELECT string_agg(substr(chars, 1 + (get_byte(decode(md5(g || '!' || k), 'hex'), 2) % length(chars)), 1), '')
        FROM generate_series(1, g % 13) k) END AS lo
FROM generate_series(1, 1500) g,
     (VALUES ('路灯不亮东直门北小街垃圾清运市民反映希望尽快处理ＡＢＣ３号楼ｘｙabcXYZ0123 ，。！？、,.!?;:-_/（）【】éÄßİﬁ㍻①😀' ||
              U&'\3000' || E'\t' || 'ｶﾞΩǅᾈ')) c(chars);
SELECT is((SELECT count(*) FROM texts
           WHERE hotline.text_grams(a, lo) IS DISTINCT FROM
                 hotline.text_grams_c(normalize(lower(a), NFKC), normalize(lower(lo), NFKC))),
          0::bigint, 'text_grams gives what 0.1.0''s SQL definition gave, on 1500 mixed texts');
SELECT is((SELECT count(*) FROM texts
           WHERE hotline.text_similarity(a, b, lo) IS DISTINCT FROM
                 hotline.trgm_similarity(hotline.text_grams(a, lo), hotline.text_grams(b, lo))
              OR hotline.text_similarity(a, b) IS DISTINCT FROM
                 hotline.trgm_similarity(hotline.text_grams(a), hotline.text_grams(b))),
          0::bigint, 'text_similarity gives what 0.1.0''s SQL definition gave');
SELECT is((SELECT count(*) FROM texts WHERE hotline.text_grams(a COLLATE "C", lo) IS DISTINCT FROM hotline.text_grams(a, lo)),
          0::bigint, 'case is folded under the database''s collation, whatever the caller''s (as in 0.1.0)');
SELECT is(hotline.text_grams('Ｈｅｌｌｏ　WORLD，路灯 路灯不亮３号楼', '路灯 hello'),
          'world 灯不 不亮 3 号楼', 'every occurrence of a word of leave_out is left out');

-- the repeat rule (一事多人) compares long appeals by their first 16384
-- characters: accepting them works and finds the repeat (0.1.0: tens of
-- seconds of uncancellable CPU for these two)
INSERT INTO hotline.topic (code, name) VALUES ('bt-ldzm', '路灯照明');
SET statement_timeout = '5s';
SELECT lives_ok($$SELECT hotline.accept(region => '110101', appeal_type => 'complaint', channel => 'phone',
                    description => repeat('东直门北小街路灯不亮，晚上出行不便。', 10000), topic => 'bt-ldzm',
                    citizen_phone => '13600002222', address => '东城区东直门北小街12号' || repeat('号', 30000),
                    actor => '话务员 07')$$,
                'an appeal of 190000 characters at an address of 30000 is accepted');
SELECT lives_ok($$SELECT hotline.accept(region => '110101', appeal_type => 'complaint', channel => 'phone',
                    description => repeat('东直门北小街一整条街的路灯晚上都不亮。', 10000), topic => 'bt-ldzm',
                    citizen_phone => '13600003333', address => '东城区东直门北小街12号' || repeat('号', 30000),
                    actor => '话务员 08')$$,
                '... and a neighbour''s as long');
RESET statement_timeout;
SELECT is((SELECT count(*) FROM hotline.repeat_member m JOIN hotline.repeat_group g ON g.id = m.group_id
           JOIN hotline.topic x ON x.id = g.topic_id WHERE x.code = 'bt-ldzm' AND g.kind = 'one_matter'),
          2::bigint, 'the two long appeals are one matter many people');

-- ===========================================================================
-- Calendars: extreme instants and limits
-- ===========================================================================
INSERT INTO hotline.calendar (name, business_hours) VALUES ('bt_nobh', '{}');
INSERT INTO hotline.calendar (name, business_hours, time_zone) VALUES
    ('bt_la', DEFAULT, 'America/Los_Angeles'), ('bt_la_nobh', '{}', 'America/Los_Angeles'), ('bt_utc_nobh', '{}', 'UTC');

-- the 0.1.0 reproducer: a valid instant, about half way, that can be stored
CREATE TEMP TABLE sp AS
SELECT hotline.share_point('bt_nobh', '4713-01-01 00:00+00 BC', '294276-12-31 23:00+00', 0.5) AS t;
SELECT ok((SELECT t BETWEEN '144782-07-02 23:29:59.99+00' AND '144782-07-02 23:30:00.01+00' FROM sp),
          'share_point over 299000 years without business hours is half way (to the millisecond)');
SELECT is((SELECT t::text FROM sp), (SELECT t FROM sp)::text, 'the stored value reads back');
SELECT is(hotline.share_point('bt_nobh', '2026-03-02 10:00+08', '294276-12-31 23:59:59.999999+00', 1),
          '294276-12-31 23:59:59.999999+00'::timestamptz, 'share 1 is to_ts itself, never past the last timestamptz');
SELECT is(hotline.share_point('bt_nobh', '2026-03-02 10:00+08', '2026-03-09 10:00+08', 0.8),
          '2026-03-08 00:24:00+08'::timestamptz, 'a week: 80% exactly, as before');

-- every function on every extreme: a valid result on the right side of its
-- input, or 22008/22023 naming the parameter
CREATE TEMP TABLE edge_ts (v timestamptz);
INSERT INTO edge_ts VALUES ('-infinity'), ('infinity'), ('4714-11-24 00:00:00+00 BC'), ('4713-01-01 00:00+00 BC'),
    ('1899-12-31 15:54:16+00'), ('1899-12-31 15:54:17+00'), ('1900-01-01 00:00+08'), ('1900-01-01 08:00+00'),
    ('2026-03-02 10:00+08'), ('2199-12-31 23:59:59.999999+08'), ('2200-01-01 00:00+08'), ('2200-01-01 08:00+00'),
    ('2200-01-01 00:00:00.000001+08'), ('294276-12-31 23:00+00'), ('294276-12-31 23:59:59.999999+00');
CREATE TEMP TABLE edge_limit (v hotline.time_limit);
INSERT INTO edge_limit VALUES ('1 second'), ('1 hour'), ('87840 hours'), ('1 day'), ('3660 days'),
    ('1 working hour'), ('87840 working hours'), ('1 working day'), ('3660 working days');
CREATE TEMP TABLE edge_cal (v text);
INSERT INTO edge_cal VALUES ('cn'), ('bt_nobh'), ('bt_la'), ('bt_la_nobh'), ('bt_utc_nobh');

CREATE TEMP TABLE outcome (f text, cal text, a text, b text, sqlstate text, message text, ok boolean);
DO $$
DECLARE
    c text; x timestamptz; y timestamptz; l hotline.time_limit; s float8; r timestamptz; i interval;
BEGIN
    FOR c IN SELECT v FROM edge_cal LOOP
        FOR x IN SELECT v FROM edge_ts LOOP
            FOR l IN SELECT v FROM edge_limit LOOP
                BEGIN
                    r := hotline.deadline(c, x, l);
                    INSERT INTO outcome VALUES ('deadline', c, x::text, l::text, '00000', r::text,
                                                r > x AND r < 'infinity' AND isfinite(r));
                EXCEPTION WHEN OTHERS THEN
                    INSERT INTO outcome VALUES ('deadline', c, x::text, l::text, SQLSTATE, SQLERRM, NULL);
                END;
                BEGIN
                    r := hotline.before_deadline(c, x, l);
                    INSERT INTO outcome VALUES ('before_deadline', c, x::text, l::text, '00000', r::text,
                                                r <= x AND r > '-infinity' AND isfinite(r));
                EXCEPTION WHEN OTHERS THEN
                    INSERT INTO outcome VALUES ('before_deadline', c, x::text, l::text, SQLSTATE, SQLERRM, NULL);
                END;
            END LOOP;
            FOR y IN SELECT v FROM edge_ts LOOP
                BEGIN
                    i := hotline.working_time(c, x, y);
                    INSERT INTO outcome VALUES ('working_time', c, x::text, y::text, '00000', i::text,
                                                (i >= '0' AND y >= x) OR (i <= '0' AND y <= x));
                EXCEPTION WHEN OTHERS THEN
                    INSERT INTO outcome VALUES ('working_time', c, x::text, y::text, SQLSTATE, SQLERRM, NULL);
                END;
                FOREACH s IN ARRAY ARRAY[0, 0.3, 0.5, 0.8, 1] LOOP
                    BEGIN
                        r := hotline.share_point(c, x, y, s);
                        INSERT INTO outcome VALUES ('share_point', c, x::text, y::text || ' ' || s, '00000', r::text,
                                                    isfinite(r) AND CASE WHEN y <= x THEN r = y ELSE r BETWEEN x AND y END);
                    EXCEPTION WHEN OTHERS THEN
                        INSERT INTO outcome VALUES ('share_point', c, x::text, y::text || ' ' || s, SQLSTATE, SQLERRM, NULL);
                    END;
                END LOOP;
            END LOOP;
        END LOOP;
        FOR x IN SELECT v FROM edge_ts LOOP
            BEGIN
                PERFORM hotline.is_working_day(c, x::date);
                INSERT INTO outcome VALUES ('is_working_day', c, x::date::text, NULL, '00000', NULL, true);
            EXCEPTION WHEN OTHERS THEN
                INSERT INTO outcome VALUES ('is_working_day', c, x::date::text, NULL, SQLSTATE, SQLERRM, NULL);
            END;
            FOR y IN SELECT v FROM edge_ts LOOP
                BEGIN
                    INSERT INTO outcome VALUES ('working_days', c, x::date::text, y::date::text, '00000',
                                                hotline.working_days(c, x::date, y::date)::text, true);
                EXCEPTION WHEN OTHERS THEN
                    INSERT INTO outcome VALUES ('working_days', c, x::date::text, y::date::text, SQLSTATE, SQLERRM, NULL);
                END;
            END LOOP;
        END LOOP;
    END LOOP;
END $$;

SELECT is((SELECT count(*) FROM outcome), 9300::bigint, 'every function ran on every extreme');
SELECT is(ARRAY(SELECT DISTINCT sqlstate FROM outcome ORDER BY 1), '{00000,22008,22023}'::text[],
          'calendar functions end only in a result, 22008 or 22023');
SELECT is(ARRAY(SELECT f || ' ' || cal || ' ' || a || ' ' || b || ' -> ' || message FROM outcome WHERE sqlstate = '00000' AND NOT ok),
          '{}'::text[], 'every result is a finite timestamptz on the right side of the input');
SELECT is(ARRAY(SELECT DISTINCT f FROM outcome WHERE sqlstate = '00000' ORDER BY 1),
          '{before_deadline,deadline,is_working_day,share_point,working_days,working_time}'::text[],
          'every function also gave results');
SELECT is(ARRAY(SELECT message FROM outcome WHERE sqlstate = '22008'
                  AND message !~ '^(start|due|from_ts|to_ts|day|from_day|to_day) is out of range for hotline calendars: '
                  AND message !~ '^deadline out of range: start .* plus \d+ seconds$'
                  AND message !~ '^time out of range: due .* minus \d+ seconds$'
                  AND message !~ '^deadline falls after 2199-12-31, the end of hotline calendars$'),
          '{}'::text[], 'every 22008 names the parameter and its value (or the end of calendars)');
SELECT is(ARRAY(SELECT DISTINCT message FROM outcome WHERE sqlstate = '22023' ORDER BY 1),
          ARRAY['calendar "bt_la_nobh" has no business hours', 'calendar "bt_nobh" has no business hours',
                'calendar "bt_utc_nobh" has no business hours', 'from_day is after to_day'],
          '22023 only for working hours without business hours and reversed days');

-- the edges one by one
SELECT throws_ok($$SELECT hotline.deadline('cn', 'infinity', '7 working days')$$, '22008',
                 'start is out of range for hotline calendars: infinity', 'an infinite start is named');
SELECT throws_ok($$SELECT hotline.deadline('bt_nobh', '-infinity', '1 hour')$$, '22008',
                 'start is out of range for hotline calendars: -infinity', '... in clock time too');
SELECT throws_ok($$SELECT hotline.deadline('bt_nobh', '294276-12-31 23:00+00', '87840 hours')$$, '22008',
                 'deadline out of range: start 294276-12-31 23:00:00+00 plus 316224000 seconds',
                 'the largest clock limit from the last year of timestamptz: an error, no overflow');
SELECT is(hotline.deadline('bt_nobh', '4714-11-24 00:00:00+00 BC', '87840 hours'), '4704-12-01 00:00:00+00 BC'::timestamptz,
          'clock time counts from the first instant of timestamptz');
SELECT throws_ok($$SELECT hotline.before_deadline('bt_nobh', '4714-11-24 00:00:00+00 BC', '1 second')$$, '22008',
                 'time out of range: due 4714-11-24 00:00:00+00 BC minus 1 seconds',
                 'nothing comes before the first instant of timestamptz');
SELECT is(hotline.before_deadline('bt_nobh', '294276-12-31 23:00+00', '87840 hours'), '294266-12-24 23:00:00+00'::timestamptz,
          '... and clock time counts back from the last year of timestamptz');
SELECT throws_ok($$SELECT hotline.before_deadline('cn', '4713-01-01 00:00+00 BC', '1 day')$$, '22008',
                 'due is out of range for hotline calendars: 4713-01-01 00:00:00+00 BC',
                 'a day before 4713 BC is an error (0.1.0 answered 1900, after due)');
SELECT throws_ok($$SELECT hotline.before_deadline('cn', '294276-12-31 23:00+00', '3660 days')$$, '22008',
                 'due is out of range for hotline calendars: 294276-12-31 23:00:00+00',
                 'days are counted on calendars only (1900 to 2199)');
SELECT throws_ok($$SELECT hotline.working_time('cn', '2026-03-02 10:00+08', '2200-01-01 00:00:00.000001+08')$$, '22008',
                 'to_ts is out of range for hotline calendars: 2199-12-31 16:00:00.000001+00',
                 'working_time names the instant past the end of calendars');
SELECT is(hotline.working_time('cn', '2199-12-31 00:00+08', '2200-01-01 00:00+08'), '07:00:00'::interval,
          '24:00 of the last day, the latest deadline, is on the calendar');
SELECT is(hotline.before_deadline('cn', hotline.deadline('cn', '2199-12-30 10:00+08', '1 working day'), '1 working day'),
          '2199-12-30 17:30+08'::timestamptz, '... so a reminder can be computed for it');
SELECT throws_ok($$SELECT hotline.deadline('cn', '2200-01-01 00:00+08', '1 working day')$$, '22008',
                 'deadline falls after 2199-12-31, the end of hotline calendars',
                 'no working day follows the end of calendars');
SELECT throws_ok($$SELECT hotline.share_point('cn', '1899-12-31 15:54:16+00', '2026-03-02 10:00+08', 0.5)$$, '22008',
                 'from_ts is out of range for hotline calendars: 1899-12-31 15:54:16+00',
                 'share_point with business hours names from_ts before the calendar (1900-01-01 00:00 LMT)');
SELECT throws_ok($$SELECT hotline.is_working_day('cn', '5874897-12-31')$$, '22008',
                 'day is out of range for hotline calendars: 5874897-12-31', 'is_working_day names day');
SELECT throws_ok($$SELECT hotline.working_days('cn', '2026-01-01', 'infinity')$$, '22008',
                 'to_day is out of range for hotline calendars: infinity', 'working_days names to_day');

SELECT * FROM finish();
ROLLBACK;
