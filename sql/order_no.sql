--
-- hotline.order_no: the work-order number (R-1.1): input, output, ordering,
-- indexes, accessors, casts, generation per region and day, errors
--
SET DateStyle = ISO, YMD;
SET search_path = hotline, public;

-- canonical form, and every accepted spelling with its canonical form
SELECT input, input::order_no AS canonical
FROM (VALUES ('110105-20261123-000042'), ('110105-20261123-42'), ('110105-20261123-1'),
             ('110105-20261123-00000042'), ('110105-20261123-1234567'),
             ('110105-20261123-67108863'), ('  440305-20000101-000001  '),
             ('11010520261123000042'), ('110105202611230000042'),
             ('1101052026112300000042'), ('11010520261123123456'),
             ('820000-21991231-999999'), ('710000-20240229-7'), ('650102-20260101-100')) AS t(input);

-- output is a fixed point of input
SELECT count(*) AS round_trips
FROM (VALUES ('110105-20261123-000042'), ('11010520261123000042'), ('820000-21991231-67108863'))
     AS t(input)
WHERE input::order_no::text::order_no = input::order_no
  AND input::order_no::text = (input::order_no::text)::order_no::text;

-- binary output is the int8 of the value
SELECT order_no_send('110105-20261123-000042') = int8send('110105-20261123-000042'::order_no::bigint) AS send_is_int8;

-- parts, and a number from its parts
SELECT order_no_region(n) AS region, order_no_day(n) AS day, order_no_seq(n) AS seq
FROM (VALUES ('110105-20261123-000042'::order_no), ('820000-21991231-67108863'),
             ('110000-20000101-1')) AS t(n);
SELECT make_order_no('110105', '2026-11-23', 42) AS made,
       make_order_no('110105', '2026-11-23', 42) = '110105-20261123-000042' AS same,
       make_order_no('650102', '2000-01-01', 1) AS first_day,
       make_order_no('650102', '2199-12-31', 67108863) AS last_day;

-- ordering: date first, then region, then sequence
SELECT n FROM (VALUES ('310101-20261124-000001'::order_no), ('110105-20261123-000042'),
                      ('110105-20261123-000007'), ('650102-20261123-000001'),
                      ('110101-20261123-999999'), ('110105-20261122-12345678'),
                      ('110105-20261123-1000000'), ('820000-20001231-5')) AS v(n)
ORDER BY n;
SELECT '110105-20261123-000042'::order_no < '110105-20261123-000043' AS seq_lt,
       '650102-20261123-000001'::order_no < '110105-20261124-000001' AS day_before_region,
       '110105-20261123-999999'::order_no < '110106-20261123-000001' AS region_before_seq,
       '110105-20261123-000042'::order_no = '11010520261123000042' AS compact_equal,
       '110105-20261123-000042'::order_no <> '110105-20261123-000043' AS ne,
       '110105-20261123-000042'::order_no <= '110105-20261123-000042' AS le,
       '110105-20261123-000042'::order_no >= '110105-20261123-000042' AS ge,
       '110105-20261123-000043'::order_no > '110105-20261123-000042' AS gt,
       order_no_cmp('110105-20261123-1', '110105-20261123-2') AS cmp_lt,
       order_no_cmp('110105-20261123-2', '110105-20261123-2') AS cmp_eq,
       order_no_cmp('110105-20261124-1', '110105-20261123-2') AS cmp_gt;

-- the bigint sorts like the number; casts both ways
SELECT '110105-20261123-000042'::order_no::bigint AS as_bigint,
       ('110105-20261123-000042'::order_no::bigint)::order_no AS back,
       '110105-20261123-000042'::order_no::bigint < '110105-20261124-000001'::order_no::bigint AS bigint_order,
       order_no_hash('110105-20261123-000042') = hashint8('110105-20261123-000042'::order_no::bigint) AS hash_like_bigint,
       order_no_hash_extended('110105-20261123-000042', 7) = hashint8extended('110105-20261123-000042'::order_no::bigint, 7) AS ext_hash_like_bigint;

-- btree and hash indexes: 3 regions x 30 days x 100 numbers
CREATE TEMP TABLE orders (n order_no);
INSERT INTO orders
SELECT make_order_no(r, '2026-11-01'::date + d, s)
FROM unnest(ARRAY['110105', '310101', '440305']) r, generate_series(0, 29) d, generate_series(1, 100) s;
CREATE INDEX orders_btree ON orders (n);
CREATE INDEX orders_hash ON orders USING hash (n);
ANALYZE orders;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM orders WHERE n = '310101-20261115-000050';
SELECT count(*) FROM orders WHERE n = '310101-20261115-000050';
EXPLAIN (COSTS OFF) SELECT count(*) FROM orders WHERE n BETWEEN '110105-20261115-000001' AND '440305-20261115-000100';
SELECT count(*) FROM orders WHERE n BETWEEN '110105-20261115-000001' AND '440305-20261115-000100';
SELECT count(*) FROM orders WHERE n >= '110105-20261130-000001';
SET enable_indexscan = off;
SET enable_bitmapscan = on;
DROP INDEX orders_btree;
EXPLAIN (COSTS OFF) SELECT count(*) FROM orders WHERE n = '440305-20261101-000100';
SELECT count(*) FROM orders WHERE n = '440305-20261101-000100';
RESET enable_seqscan;
RESET enable_bitmapscan;
RESET enable_indexscan;
CREATE INDEX orders_btree ON orders (n);
SELECT count(DISTINCT n) AS distinct_numbers, min(n), max(n) FROM orders;
-- the latest number comes from the btree index
EXPLAIN (COSTS OFF) SELECT max(n) FROM orders;
SELECT max(n) AS latest_in_110105 FROM orders WHERE order_no_region(n) = '110105';
-- the first number of each day is the smallest of the day
SELECT order_no_day(n) AS day, min(n) FROM orders
WHERE order_no_day(n) < '2026-11-04' GROUP BY 1 ORDER BY 1;
-- joins on = (the operator hashes and merges)
SELECT count(*) FROM orders a JOIN orders b USING (n);

-- hash partitioning by number (extended hash)
CREATE TEMP TABLE parted (n order_no) PARTITION BY HASH (n);
CREATE TEMP TABLE parted_0 PARTITION OF parted FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TEMP TABLE parted_1 PARTITION OF parted FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO parted SELECT n FROM orders;
SELECT (SELECT count(*) FROM parted_0) + (SELECT count(*) FROM parted_1) AS total,
       (SELECT count(*) FROM parted_0) > 0 AND (SELECT count(*) FROM parted_1) > 0 AS both_used;
SELECT count(*) FROM parted WHERE n = '110105-20261111-000011';

-- NULL in, NULL out
SELECT NULL::text::order_no AS null_in, order_no_region(NULL) AS region, order_no_day(NULL) AS day,
       order_no_seq(NULL) AS seq, make_order_no(NULL, '2026-11-23', 1) AS no_region,
       make_order_no('110105', NULL, 1) AS no_day, make_order_no('110105', '2026-11-23', NULL) AS no_seq,
       NULL::bigint::order_no AS from_null_bigint;

-- errors: shape
SELECT ''::order_no;
SELECT '   '::order_no;
SELECT 'abc'::order_no;
SELECT '110105-20261123-00004x'::order_no;
SELECT '110105 20261123 000042'::order_no;
SELECT '110105/20261123/000042'::order_no;
SELECT '１１０１０５-20261123-000042'::order_no;
SELECT '110105-20261123'::order_no;
SELECT '110105-20261123-'::order_no;
SELECT '110105-20261123-000042-1'::order_no;
SELECT '110105--20261123-42'::order_no;
SELECT '1101050-2026112-3000042'::order_no;
SELECT '110105-2026112-3000042'::order_no;
SELECT '110105-202611230-42'::order_no;
SELECT '110105-20261123-123456789'::order_no;
SELECT '-110105-20261123'::order_no;
SELECT '1101052026112300004'::order_no;
SELECT '11010520261123000000042'::order_no;
SELECT '+110105-20261123-000042'::order_no;
-- errors: region
SELECT '990101-20261123-000042'::order_no;
SELECT '010105-20261123-000042'::order_no;
SELECT '000000-20261123-000042'::order_no;
SELECT '72010520261123000042'::order_no;
-- errors: date
SELECT '110105-20230230-000042'::order_no;
SELECT '110105-20261301-000042'::order_no;
SELECT '110105-20261100-000042'::order_no;
SELECT '110105-21000229-000042'::order_no;
SELECT '110105-19991231-000042'::order_no;
SELECT '110105-22000101-000042'::order_no;
SELECT '11010500000101000042'::order_no;
-- errors: sequence
SELECT '110105-20261123-000000'::order_no;
SELECT '110105-20261123-0'::order_no;
SELECT '110105-20261123-67108864'::order_no;
SELECT '110105-20261123-99999999'::order_no;
SELECT '1101052026112399999999'::order_no;
-- errors: constructor
SELECT make_order_no('99010', '2026-11-23', 1);
SELECT make_order_no('1101050', '2026-11-23', 1);
SELECT make_order_no(' 110105', '2026-11-23', 1);
SELECT make_order_no('11010x', '2026-11-23', 1);
SELECT make_order_no('', '2026-11-23', 1);
SELECT make_order_no('990105', '2026-11-23', 1);
SELECT make_order_no('110105', '1999-12-31', 1);
SELECT make_order_no('110105', '2200-01-01', 1);
SELECT make_order_no('110105', 'infinity', 1);
SELECT make_order_no('110105', '-infinity', 1);
SELECT make_order_no('110105', '2026-11-23', 0);
SELECT make_order_no('110105', '2026-11-23', -5);
SELECT make_order_no('110105', '2026-11-23', 67108864);
-- errors: bigint cast
SELECT (-1)::bigint::order_no;
SELECT 0::bigint::order_no;
SELECT 42::bigint::order_no;
SELECT ('110105-20261123-000042'::order_no::bigint - 42)::order_no;
SELECT ((73049::bigint << 46) | (110105::bigint << 26) | 1)::order_no;
SELECT ((0::bigint << 46) | (990105::bigint << 26) | 1)::order_no;
SELECT 9223372036854775807::bigint::order_no;
-- no implicit casts
SELECT '110105-20261123-000042'::order_no = 1;
SELECT '110105-20261123-000042'::order_no + 1;

-- generation: per region and local day, from 1, consecutive
BEGIN;
SELECT next_order_no('540102', '2026-11-23 10:00+08') AS first,
       next_order_no('540102', '2026-11-23 11:00+08') AS second,
       next_order_no('540102', '2026-11-23 23:59:59+08') AS third;
SELECT next_order_no('540103', '2026-11-23 10:00+08') AS other_region,
       next_order_no('540102', '2026-11-22 10:00+08') AS other_day;
-- the local day follows the time zone: the same day in UTC, two days in Beijing
SELECT next_order_no('540104', '2026-11-23 23:30+08') AS beijing_23_30,
       next_order_no('540104', '2026-11-23 16:30+00') AS beijing_00_30_next_day,
       next_order_no('540104', '2026-11-23 16:30+00', 'UTC') AS utc_same_day,
       next_order_no('540104', '2026-11-23 23:30+08', 'UTC') AS utc_15_30;
SELECT region, day, last_seq FROM hotline.order_number_seq
WHERE region IN ('540102', '540103', '540104') ORDER BY region, day;
-- numbers handed out in time order sort in time order
SELECT n, n > lag(n) OVER (ORDER BY t) AS later_than_previous
FROM (SELECT t, next_order_no('540105', t) AS n
      FROM generate_series('2026-11-23 22:00+08'::timestamptz, '2026-11-24 02:00+08', '1 hour') t) g
ORDER BY t;
-- a bad region or time zone writes nothing
SAVEPOINT bad;
SELECT next_order_no('990102', '2026-11-23 10:00+08');
ROLLBACK TO bad;
SELECT next_order_no('54010', '2026-11-23 10:00+08');
ROLLBACK TO bad;
SELECT next_order_no('540102', '2026-11-23 10:00+08', 'Mars/Olympus');
ROLLBACK TO bad;
SELECT next_order_no(NULL);
ROLLBACK TO bad;
SELECT next_order_no('540102', '2199-12-31 23:00+00');
ROLLBACK TO bad;
SELECT count(*) AS rows_for_bad_regions FROM hotline.order_number_seq WHERE region IN ('990102', '54010');
-- the sequence ends at 67108863 for a region and day
UPDATE hotline.order_number_seq SET last_seq = 67108862 WHERE region = '540102' AND day = '2026-11-23';
SELECT next_order_no('540102', '2026-11-23 12:00+08') AS last_of_the_day;
SAVEPOINT full_day;
SELECT next_order_no('540102', '2026-11-23 12:00+08');
ROLLBACK TO full_day;
-- only the owner hands out numbers; a role granted EXECUTE may call it
-- without any right on the counter table (SECURITY DEFINER)
CREATE ROLE regress_order_no_clerk;
SAVEPOINT clerk;
SET ROLE regress_order_no_clerk;
SELECT next_order_no('540102', '2026-11-23 10:00+08');
ROLLBACK TO clerk;
GRANT EXECUTE ON FUNCTION next_order_no(text, timestamptz, text) TO regress_order_no_clerk;
SET ROLE regress_order_no_clerk;
SELECT next_order_no('540106', '2026-11-23 10:00+08') AS as_clerk;
SELECT * FROM hotline.order_number_seq;
ROLLBACK TO clerk;
SELECT current_user = 'regress_order_no_clerk' AS still_clerk;
ROLLBACK;

-- no crash and no stray error on mangled numbers: replace, insert or delete
-- characters of valid numbers; every result parses and round-trips, or is
-- rejected with one of the three documented errors
DO $$
DECLARE
    bases   text[] := ARRAY['110105-20261123-000042', '11010520261123000042',
                            '820000-21991231-67108863', '650102-20000101-1',
                            '1101052026112312345678', '440305-20240229-999999'];
    chars   text := '0123456789-- x+9１';
    s       text;
    v       hotline.order_no;
    tried   int := 0;
    parsed  int := 0;
    rejected int := 0;
    bad_round_trip int := 0;
    i       int;
    k       int;
    pos     int;
    c       text;
BEGIN
    PERFORM setseed(0.2026);
    FOR i IN 1..600 LOOP
        s := bases[1 + floor(random() * array_length(bases, 1))::int];
        FOR k IN 1..(1 + floor(random() * 3))::int LOOP
            pos := floor(random() * (length(s) + 1))::int;
            c := substr(chars, 1 + floor(random() * length(chars))::int, 1);
            CASE floor(random() * 3)::int
                WHEN 0 THEN s := overlay(s PLACING c FROM pos + 1 FOR 1);
                WHEN 1 THEN s := substr(s, 1, pos) || c || substr(s, pos + 1);
                ELSE s := overlay(s PLACING '' FROM pos + 1 FOR 1);
            END CASE;
        END LOOP;
        tried := tried + 1;
        BEGIN
            v := s::hotline.order_no;
            parsed := parsed + 1;
            IF v::text::hotline.order_no OPERATOR(pg_catalog.<>) v
               OR (v::text)::hotline.order_no::text <> v::text
               OR hotline.make_order_no(hotline.order_no_region(v), hotline.order_no_day(v),
                                        hotline.order_no_seq(v)) OPERATOR(pg_catalog.<>) v
               OR (v::bigint)::hotline.order_no OPERATOR(pg_catalog.<>) v THEN
                bad_round_trip := bad_round_trip + 1;
            END IF;
        EXCEPTION
            WHEN invalid_text_representation OR numeric_value_out_of_range
                 OR datetime_field_overflow THEN
                rejected := rejected + 1;
        END;
    END LOOP;
    RAISE NOTICE 'mangled numbers: % tried, some parsed: %, some rejected: %, all accounted for: %, round-trip failures: %',
        tried, parsed > 0, rejected > 0, parsed + rejected = tried, bad_round_trip;
END $$;

-- random strings and random bigints
DO $$
DECLARE
    s       text;
    b       bigint;
    v       hotline.order_no;
    parsed  int := 0;
    rejected int := 0;
    cast_ok int := 0;
    cast_rejected int := 0;
    i       int;
    k       int;
BEGIN
    PERFORM setseed(0.12345);
    FOR i IN 1..300 LOOP
        s := '';
        FOR k IN 1..floor(random() * 26)::int LOOP
            s := s || CASE WHEN random() < 0.8 THEN chr(48 + floor(random() * 10)::int)
                           ELSE chr(32 + floor(random() * 20000)::int) END;
        END LOOP;
        BEGIN
            v := s::hotline.order_no;
            parsed := parsed + 1;
        EXCEPTION
            WHEN invalid_text_representation OR numeric_value_out_of_range
                 OR datetime_field_overflow THEN
                rejected := rejected + 1;
        END;
        b := floor((random() * 2 - 1) * 9.2e18)::bigint;
        IF i % 2 = 0 THEN
            b := abs(b) >> floor(random() * 4)::int;    -- more sign-bit-0 values
        END IF;
        BEGIN
            v := b::hotline.order_no;
            cast_ok := cast_ok + 1;
        EXCEPTION
            WHEN numeric_value_out_of_range THEN
                cast_rejected := cast_rejected + 1;
        END;
    END LOOP;
    RAISE NOTICE 'random strings: all accounted for: %; random bigints: all accounted for: %',
        parsed + rejected = 300, cast_ok + cast_rejected = 300;
END $$;

-- every function, operator and the type carry a comment
SELECT count(*) AS uncommented
FROM pg_proc p
WHERE p.pronamespace = 'hotline'::regnamespace
  AND (p.proname LIKE '%order_no%')
  AND obj_description(p.oid, 'pg_proc') IS NULL;
SELECT count(*) AS uncommented_operators
FROM pg_operator o
WHERE o.oprleft = 'hotline.order_no'::regtype  -- in pg_catalog (README, Installation)
  AND obj_description(o.oid, 'pg_operator') IS NULL;
SELECT obj_description('hotline.order_no'::regtype, 'pg_type') IS NOT NULL AS type_commented,
       obj_description('hotline.order_number_seq'::regclass, 'pg_class') IS NOT NULL AS table_commented;
SELECT typlen, typbyval, typalign FROM pg_type WHERE oid = 'hotline.order_no'::regtype;
