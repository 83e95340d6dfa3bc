-- hotline.order_no: the work-order number (工单编号), e.g. 110105-20261123-000042 (R-1.1)
--
-- Region code (GB/T 2260) + local date + sequence, in one int64 that sorts
-- by (date, region, sequence).  hotline.next_order_no() hands out the
-- numbers, counting per region and day.

CREATE TYPE @extschema@.order_no;

CREATE FUNCTION @extschema@.order_no_in(cstring) RETURNS @extschema@.order_no
    AS 'MODULE_PATHNAME', 'order_no_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.order_no_out(@extschema@.order_no) RETURNS cstring
    AS 'MODULE_PATHNAME', 'order_no_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.order_no_recv(internal) RETURNS @extschema@.order_no
    AS 'MODULE_PATHNAME', 'order_no_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.order_no_send(@extschema@.order_no) RETURNS bytea
    AS 'MODULE_PATHNAME', 'order_no_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- 8 bytes passed by value, like bigint
CREATE TYPE @extschema@.order_no (
    INPUT = @extschema@.order_no_in,
    OUTPUT = @extschema@.order_no_out,
    RECEIVE = @extschema@.order_no_recv,
    SEND = @extschema@.order_no_send,
    INTERNALLENGTH = 8,
    PASSEDBYVALUE,
    ALIGNMENT = double,
    STORAGE = plain
);

COMMENT ON TYPE @extschema@.order_no IS
    'work-order number (R-1.1): RRRRRR-YYYYMMDD-NNNNNN, 6-digit region code of GB/T 2260, local date, sequence in that region and day; 8 bytes, sorts by time';

COMMENT ON FUNCTION @extschema@.order_no_in(cstring) IS
    'text input of hotline.order_no: RRRRRR-YYYYMMDD-N (1 to 8 sequence digits) or 20 to 22 digits without dashes';
COMMENT ON FUNCTION @extschema@.order_no_out(@extschema@.order_no) IS
    'canonical text output of hotline.order_no: RRRRRR-YYYYMMDD-NNNNNN';
COMMENT ON FUNCTION @extschema@.order_no_recv(internal) IS 'binary input of hotline.order_no (as int8, checked)';
COMMENT ON FUNCTION @extschema@.order_no_send(@extschema@.order_no) IS 'binary output of hotline.order_no (as int8)';

CREATE FUNCTION @extschema@.order_no_cmp(@extschema@.order_no, @extschema@.order_no) RETURNS integer
    AS 'MODULE_PATHNAME', 'order_no_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.order_no_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME', 'order_no_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.order_no_eq(@extschema@.order_no, @extschema@.order_no) RETURNS boolean
    AS 'MODULE_PATHNAME', 'order_no_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.order_no_ne(@extschema@.order_no, @extschema@.order_no) RETURNS boolean
    AS 'MODULE_PATHNAME', 'order_no_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.order_no_lt(@extschema@.order_no, @extschema@.order_no) RETURNS boolean
    AS 'MODULE_PATHNAME', 'order_no_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.order_no_le(@extschema@.order_no, @extschema@.order_no) RETURNS boolean
    AS 'MODULE_PATHNAME', 'order_no_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.order_no_gt(@extschema@.order_no, @extschema@.order_no) RETURNS boolean
    AS 'MODULE_PATHNAME', 'order_no_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.order_no_ge(@extschema@.order_no, @extschema@.order_no) RETURNS boolean
    AS 'MODULE_PATHNAME', 'order_no_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.order_no_hash(@extschema@.order_no) RETURNS integer
    AS 'MODULE_PATHNAME', 'order_no_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.order_no_hash_extended(@extschema@.order_no, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'order_no_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.order_no_cmp(@extschema@.order_no, @extschema@.order_no) IS
    'btree comparison of order numbers: by date, then region code, then sequence';
COMMENT ON FUNCTION @extschema@.order_no_sortsupport(internal) IS
    'btree sort support of hotline.order_no: compares the 8-byte values directly';
COMMENT ON FUNCTION @extschema@.order_no_eq(@extschema@.order_no, @extschema@.order_no) IS 'implementation of = for hotline.order_no';
COMMENT ON FUNCTION @extschema@.order_no_ne(@extschema@.order_no, @extschema@.order_no) IS 'implementation of <> for hotline.order_no';
COMMENT ON FUNCTION @extschema@.order_no_lt(@extschema@.order_no, @extschema@.order_no) IS 'implementation of < for hotline.order_no';
COMMENT ON FUNCTION @extschema@.order_no_le(@extschema@.order_no, @extschema@.order_no) IS 'implementation of <= for hotline.order_no';
COMMENT ON FUNCTION @extschema@.order_no_gt(@extschema@.order_no, @extschema@.order_no) IS 'implementation of > for hotline.order_no';
COMMENT ON FUNCTION @extschema@.order_no_ge(@extschema@.order_no, @extschema@.order_no) IS 'implementation of >= for hotline.order_no';
COMMENT ON FUNCTION @extschema@.order_no_hash(@extschema@.order_no) IS 'hash of a hotline.order_no (the same as of its bigint)';
COMMENT ON FUNCTION @extschema@.order_no_hash_extended(@extschema@.order_no, bigint) IS
    'seeded hash of a hotline.order_no (hash partitioning)';

-- The operators live in pg_catalog, visible to every session whatever its
-- search_path: see 10_time_limit.sql.  A reporting tool with the default
-- search_path filters and joins on order numbers with plain = and uses the
-- indexes (issue 8, R-9.5, R-14.3).
CREATE OPERATOR pg_catalog.= (
    LEFTARG = @extschema@.order_no, RIGHTARG = @extschema@.order_no,
    PROCEDURE = @extschema@.order_no_eq, COMMUTATOR = OPERATOR(pg_catalog.=),
    NEGATOR = OPERATOR(pg_catalog.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES
);
CREATE OPERATOR pg_catalog.<> (
    LEFTARG = @extschema@.order_no, RIGHTARG = @extschema@.order_no,
    PROCEDURE = @extschema@.order_no_ne, COMMUTATOR = OPERATOR(pg_catalog.<>),
    NEGATOR = OPERATOR(pg_catalog.=), RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR pg_catalog.< (
    LEFTARG = @extschema@.order_no, RIGHTARG = @extschema@.order_no,
    PROCEDURE = @extschema@.order_no_lt, COMMUTATOR = OPERATOR(pg_catalog.>),
    NEGATOR = OPERATOR(pg_catalog.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR pg_catalog.<= (
    LEFTARG = @extschema@.order_no, RIGHTARG = @extschema@.order_no,
    PROCEDURE = @extschema@.order_no_le, COMMUTATOR = OPERATOR(pg_catalog.>=),
    NEGATOR = OPERATOR(pg_catalog.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR pg_catalog.> (
    LEFTARG = @extschema@.order_no, RIGHTARG = @extschema@.order_no,
    PROCEDURE = @extschema@.order_no_gt, COMMUTATOR = OPERATOR(pg_catalog.<),
    NEGATOR = OPERATOR(pg_catalog.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR pg_catalog.>= (
    LEFTARG = @extschema@.order_no, RIGHTARG = @extschema@.order_no,
    PROCEDURE = @extschema@.order_no_ge, COMMUTATOR = OPERATOR(pg_catalog.<=),
    NEGATOR = OPERATOR(pg_catalog.<), RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR pg_catalog.= (@extschema@.order_no, @extschema@.order_no) IS 'the same order number';
COMMENT ON OPERATOR pg_catalog.<> (@extschema@.order_no, @extschema@.order_no) IS 'different order numbers';
COMMENT ON OPERATOR pg_catalog.< (@extschema@.order_no, @extschema@.order_no) IS
    'earlier order number: earlier date, or same date and smaller region code, or same region and smaller sequence';
COMMENT ON OPERATOR pg_catalog.<= (@extschema@.order_no, @extschema@.order_no) IS 'earlier or the same order number';
COMMENT ON OPERATOR pg_catalog.> (@extschema@.order_no, @extschema@.order_no) IS
    'later order number: later date, or same date and larger region code, or same region and larger sequence';
COMMENT ON OPERATOR pg_catalog.>= (@extschema@.order_no, @extschema@.order_no) IS 'later or the same order number';

-- Equality is equality of the 8 bytes, so btree deduplication is safe
-- (btequalimage).
CREATE OPERATOR CLASS @extschema@.order_no_ops
    DEFAULT FOR TYPE @extschema@.order_no USING btree AS
        OPERATOR 1 pg_catalog.<,
        OPERATOR 2 pg_catalog.<=,
        OPERATOR 3 pg_catalog.=,
        OPERATOR 4 pg_catalog.>=,
        OPERATOR 5 pg_catalog.>,
        FUNCTION 1 @extschema@.order_no_cmp(@extschema@.order_no, @extschema@.order_no),
        FUNCTION 2 @extschema@.order_no_sortsupport(internal),
        FUNCTION 4 pg_catalog.btequalimage(oid);

CREATE OPERATOR CLASS @extschema@.order_no_hash_ops
    DEFAULT FOR TYPE @extschema@.order_no USING hash AS
        OPERATOR 1 pg_catalog.=,
        FUNCTION 1 @extschema@.order_no_hash(@extschema@.order_no),
        FUNCTION 2 @extschema@.order_no_hash_extended(@extschema@.order_no, bigint);

-- min() and max(), e.g. the latest number of a region; an index on the
-- column answers them (SORTOP).  In pg_catalog with the operators, so
-- that max(order_no) works whatever the search_path: no other min or max
-- takes a hotline.order_no, and an untyped literal still resolves to
-- text's (the string category wins).
CREATE FUNCTION @extschema@.order_no_smaller(@extschema@.order_no, @extschema@.order_no) RETURNS @extschema@.order_no
    AS 'MODULE_PATHNAME', 'order_no_smaller' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_no_smaller(@extschema@.order_no, @extschema@.order_no) IS
    'the earlier of two order numbers (for min)';
CREATE FUNCTION @extschema@.order_no_larger(@extschema@.order_no, @extschema@.order_no) RETURNS @extschema@.order_no
    AS 'MODULE_PATHNAME', 'order_no_larger' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_no_larger(@extschema@.order_no, @extschema@.order_no) IS
    'the later of two order numbers (for max)';
CREATE AGGREGATE pg_catalog.min(@extschema@.order_no) (
    SFUNC = @extschema@.order_no_smaller, STYPE = @extschema@.order_no,
    COMBINEFUNC = @extschema@.order_no_smaller, SORTOP = OPERATOR(pg_catalog.<),
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pg_catalog.min(@extschema@.order_no) IS 'the earliest order number';
CREATE AGGREGATE pg_catalog.max(@extschema@.order_no) (
    SFUNC = @extschema@.order_no_larger, STYPE = @extschema@.order_no,
    COMBINEFUNC = @extschema@.order_no_larger, SORTOP = OPERATOR(pg_catalog.>),
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pg_catalog.max(@extschema@.order_no) IS 'the latest order number';

-- Parts of a number, and a number from its parts
CREATE FUNCTION @extschema@.order_no_region(@extschema@.order_no) RETURNS text
    AS 'MODULE_PATHNAME', 'order_no_region' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_no_region(@extschema@.order_no) IS
    'the 6-digit region code (GB/T 2260) of an order number';
CREATE FUNCTION @extschema@.order_no_day(@extschema@.order_no) RETURNS date
    AS 'MODULE_PATHNAME', 'order_no_day' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_no_day(@extschema@.order_no) IS
    'the local date of an order number (the day the order was accepted, in the hotline''s time zone)';
CREATE FUNCTION @extschema@.order_no_seq(@extschema@.order_no) RETURNS integer
    AS 'MODULE_PATHNAME', 'order_no_seq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_no_seq(@extschema@.order_no) IS
    'the sequence of an order number within its region and day (from 1)';

CREATE FUNCTION @extschema@.make_order_no(region text, day date, seq integer) RETURNS @extschema@.order_no
    AS 'MODULE_PATHNAME', 'make_order_no' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.make_order_no(text, date, integer) IS
    'an order number from its parts: 6-digit region code with a province-level prefix, date in 2000-01-01..2199-12-31, sequence 1..67108863';

-- Casts to and from bigint, both explicit: the bigint sorts like the number
-- (for systems that store it as an integer); the way back checks every field.
CREATE FUNCTION @extschema@.order_no_to_bigint(@extschema@.order_no) RETURNS bigint
    AS 'MODULE_PATHNAME', 'order_no_to_bigint' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.order_no_to_bigint(@extschema@.order_no) IS
    'an order number as bigint (date, region and sequence in one integer that sorts the same way)';
CREATE FUNCTION @extschema@.order_no_from_bigint(bigint) RETURNS @extschema@.order_no
    AS 'MODULE_PATHNAME', 'order_no_from_bigint' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_no_from_bigint(bigint) IS
    'a bigint made by the cast to bigint back as an order number; every field is checked';

CREATE CAST (@extschema@.order_no AS bigint)
    WITH FUNCTION @extschema@.order_no_to_bigint(@extschema@.order_no);
CREATE CAST (bigint AS @extschema@.order_no)
    WITH FUNCTION @extschema@.order_no_from_bigint(bigint);
COMMENT ON CAST (@extschema@.order_no AS bigint) IS 'explicit: the 8-byte value of an order number';
COMMENT ON CAST (bigint AS @extschema@.order_no) IS 'explicit: checks region, date and sequence';

-- Generation: one counter row per region and local day.  The upsert locks
-- only that row, so regions (and days) never wait for each other; within a
-- region and day, callers queue on the row until the caller ahead commits.
CREATE TABLE @extschema@.order_number_seq (
    region      text NOT NULL CHECK (region ~ '^[0-9]{6}$'),
    day         date NOT NULL,
    last_seq    integer NOT NULL CHECK (last_seq > 0),
    PRIMARY KEY (region, day)
);
COMMENT ON TABLE @extschema@.order_number_seq IS
    'the last order-number sequence handed out per region and local day (R-1.1); written only by hotline.next_order_no()';
COMMENT ON COLUMN @extschema@.order_number_seq.region IS '6-digit administrative division code (GB/T 2260)';
COMMENT ON COLUMN @extschema@.order_number_seq.day IS 'the local date of the numbers, in the hotline''s time zone';
COMMENT ON COLUMN @extschema@.order_number_seq.last_seq IS 'the sequence of the last number handed out for this region and day';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.order_number_seq', '');

-- Only next_order_no() (SECURITY DEFINER) touches the counters: a user who
-- could write them could hand out a number twice.
REVOKE ALL ON @extschema@.order_number_seq FROM PUBLIC;

-- C (order_no.c); SECURITY DEFINER, so it pins its search_path like every
-- one (its statement names everything with its schema anyway)
CREATE FUNCTION @extschema@.next_order_no(
    region text,
    at timestamptz DEFAULT pg_catalog.now(),
    time_zone text DEFAULT 'Asia/Shanghai')
RETURNS @extschema@.order_no
AS 'MODULE_PATHNAME', 'hotline_next_order_no'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.next_order_no(text, timestamptz, text) IS
    'the next work-order number of a region for the local date of "at" in time_zone (R-1.1); locks only the counter of that region and day until commit';

-- The engine runs as the extension's owner; nobody else hands out numbers.
REVOKE ALL ON FUNCTION @extschema@.next_order_no(text, timestamptz, text) FROM PUBLIC;
