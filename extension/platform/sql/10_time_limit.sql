-- hotline.time_limit: "7 working days", "4 working hours", "2 hours" (R-4.3, R-12.4)

CREATE TYPE @extschema@.time_limit;

CREATE FUNCTION @extschema@.time_limit_in(cstring) RETURNS @extschema@.time_limit
    AS 'MODULE_PATHNAME', 'time_limit_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.time_limit_out(@extschema@.time_limit) RETURNS cstring
    AS 'MODULE_PATHNAME', 'time_limit_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.time_limit_recv(internal) RETURNS @extschema@.time_limit
    AS 'MODULE_PATHNAME', 'time_limit_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.time_limit_send(@extschema@.time_limit) RETURNS bytea
    AS 'MODULE_PATHNAME', 'time_limit_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.time_limit (
    INPUT = @extschema@.time_limit_in,
    OUTPUT = @extschema@.time_limit_out,
    RECEIVE = @extschema@.time_limit_recv,
    SEND = @extschema@.time_limit_send,
    INTERNALLENGTH = 8,
    ALIGNMENT = int4,
    STORAGE = plain
);

COMMENT ON TYPE @extschema@.time_limit IS
    'a time limit: N working days | N working hours | N working minutes | N days | N hours | N minutes | N seconds (also 个工作日, 工作小时, 天, 小时, 分钟, 秒)';

CREATE FUNCTION @extschema@.time_limit_cmp(@extschema@.time_limit, @extschema@.time_limit) RETURNS integer
    AS 'MODULE_PATHNAME', 'time_limit_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.time_limit_eq(@extschema@.time_limit, @extschema@.time_limit) RETURNS boolean
    AS 'MODULE_PATHNAME', 'time_limit_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.time_limit_ne(@extschema@.time_limit, @extschema@.time_limit) RETURNS boolean
    AS 'MODULE_PATHNAME', 'time_limit_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.time_limit_lt(@extschema@.time_limit, @extschema@.time_limit) RETURNS boolean
    AS 'MODULE_PATHNAME', 'time_limit_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.time_limit_le(@extschema@.time_limit, @extschema@.time_limit) RETURNS boolean
    AS 'MODULE_PATHNAME', 'time_limit_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.time_limit_gt(@extschema@.time_limit, @extschema@.time_limit) RETURNS boolean
    AS 'MODULE_PATHNAME', 'time_limit_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.time_limit_ge(@extschema@.time_limit, @extschema@.time_limit) RETURNS boolean
    AS 'MODULE_PATHNAME', 'time_limit_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.time_limit_hash(@extschema@.time_limit) RETURNS integer
    AS 'MODULE_PATHNAME', 'time_limit_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.time_limit_hash_extended(@extschema@.time_limit, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'time_limit_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.time_limit_in(cstring) IS 'text input of hotline.time_limit';
COMMENT ON FUNCTION @extschema@.time_limit_out(@extschema@.time_limit) IS 'canonical text output of hotline.time_limit';
COMMENT ON FUNCTION @extschema@.time_limit_recv(internal) IS 'binary input of hotline.time_limit (amount, unit as int4)';
COMMENT ON FUNCTION @extschema@.time_limit_send(@extschema@.time_limit) IS 'binary output of hotline.time_limit (amount, unit as int4)';
COMMENT ON FUNCTION @extschema@.time_limit_cmp(@extschema@.time_limit, @extschema@.time_limit) IS
    'btree comparison: by nominal length, then clock < days < working time < working days';
COMMENT ON FUNCTION @extschema@.time_limit_eq(@extschema@.time_limit, @extschema@.time_limit) IS 'implementation of = for hotline.time_limit';
COMMENT ON FUNCTION @extschema@.time_limit_ne(@extschema@.time_limit, @extschema@.time_limit) IS 'implementation of <> for hotline.time_limit';
COMMENT ON FUNCTION @extschema@.time_limit_lt(@extschema@.time_limit, @extschema@.time_limit) IS 'implementation of < for hotline.time_limit';
COMMENT ON FUNCTION @extschema@.time_limit_le(@extschema@.time_limit, @extschema@.time_limit) IS 'implementation of <= for hotline.time_limit';
COMMENT ON FUNCTION @extschema@.time_limit_gt(@extschema@.time_limit, @extschema@.time_limit) IS 'implementation of > for hotline.time_limit';
COMMENT ON FUNCTION @extschema@.time_limit_ge(@extschema@.time_limit, @extschema@.time_limit) IS 'implementation of >= for hotline.time_limit';
COMMENT ON FUNCTION @extschema@.time_limit_hash(@extschema@.time_limit) IS 'hash of a hotline.time_limit';
COMMENT ON FUNCTION @extschema@.time_limit_hash_extended(@extschema@.time_limit, bigint) IS 'seeded hash of a hotline.time_limit (hash partitioning)';

-- The operators live in pg_catalog, not in @extschema@ (issue 8, R-9.5,
-- R-14.3): pg_catalog is searched by every session whatever its
-- search_path, so a reporting tool that connects with the default
-- ("$user", public) can write limit = '7 working days', and a schema of a
-- user put first on the path cannot shadow them (pg_catalog comes first
-- unless named later on purpose).  They take only this extension's types,
-- so they cannot clash with anything else there; they are members of the
-- extension (DROP EXTENSION removes them, pg_dump leaves them to CREATE
-- EXTENSION, pg_upgrade's binary dump recreates them there as members).
-- The operator classes stay in @extschema@: they are found by type.
CREATE OPERATOR pg_catalog.= (
    LEFTARG = @extschema@.time_limit, RIGHTARG = @extschema@.time_limit,
    PROCEDURE = @extschema@.time_limit_eq, COMMUTATOR = OPERATOR(pg_catalog.=),
    NEGATOR = OPERATOR(pg_catalog.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES
);
CREATE OPERATOR pg_catalog.<> (
    LEFTARG = @extschema@.time_limit, RIGHTARG = @extschema@.time_limit,
    PROCEDURE = @extschema@.time_limit_ne, COMMUTATOR = OPERATOR(pg_catalog.<>),
    NEGATOR = OPERATOR(pg_catalog.=), RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR pg_catalog.< (
    LEFTARG = @extschema@.time_limit, RIGHTARG = @extschema@.time_limit,
    PROCEDURE = @extschema@.time_limit_lt, COMMUTATOR = OPERATOR(pg_catalog.>),
    NEGATOR = OPERATOR(pg_catalog.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR pg_catalog.<= (
    LEFTARG = @extschema@.time_limit, RIGHTARG = @extschema@.time_limit,
    PROCEDURE = @extschema@.time_limit_le, COMMUTATOR = OPERATOR(pg_catalog.>=),
    NEGATOR = OPERATOR(pg_catalog.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR pg_catalog.> (
    LEFTARG = @extschema@.time_limit, RIGHTARG = @extschema@.time_limit,
    PROCEDURE = @extschema@.time_limit_gt, COMMUTATOR = OPERATOR(pg_catalog.<),
    NEGATOR = OPERATOR(pg_catalog.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR pg_catalog.>= (
    LEFTARG = @extschema@.time_limit, RIGHTARG = @extschema@.time_limit,
    PROCEDURE = @extschema@.time_limit_ge, COMMUTATOR = OPERATOR(pg_catalog.<=),
    NEGATOR = OPERATOR(pg_catalog.<), RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR pg_catalog.= (@extschema@.time_limit, @extschema@.time_limit) IS 'equal limits: same unit and amount';
COMMENT ON OPERATOR pg_catalog.<> (@extschema@.time_limit, @extschema@.time_limit) IS 'different limits';
COMMENT ON OPERATOR pg_catalog.< (@extschema@.time_limit, @extschema@.time_limit) IS 'shorter nominal length';
COMMENT ON OPERATOR pg_catalog.<= (@extschema@.time_limit, @extschema@.time_limit) IS 'shorter or equal';
COMMENT ON OPERATOR pg_catalog.> (@extschema@.time_limit, @extschema@.time_limit) IS 'longer nominal length';
COMMENT ON OPERATOR pg_catalog.>= (@extschema@.time_limit, @extschema@.time_limit) IS 'longer or equal';

CREATE OPERATOR CLASS @extschema@.time_limit_ops
    DEFAULT FOR TYPE @extschema@.time_limit USING btree AS
        OPERATOR 1 pg_catalog.<,
        OPERATOR 2 pg_catalog.<=,
        OPERATOR 3 pg_catalog.=,
        OPERATOR 4 pg_catalog.>=,
        OPERATOR 5 pg_catalog.>,
        FUNCTION 1 @extschema@.time_limit_cmp(@extschema@.time_limit, @extschema@.time_limit);

CREATE OPERATOR CLASS @extschema@.time_limit_hash_ops
    DEFAULT FOR TYPE @extschema@.time_limit USING hash AS
        OPERATOR 1 pg_catalog.=,
        FUNCTION 1 @extschema@.time_limit_hash(@extschema@.time_limit),
        FUNCTION 2 @extschema@.time_limit_hash_extended(@extschema@.time_limit, bigint);

-- Parts of a limit, for reports and for workflow configuration checks.
CREATE FUNCTION @extschema@.time_limit_unit(@extschema@.time_limit) RETURNS text
    AS 'MODULE_PATHNAME', 'time_limit_unit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.time_limit_unit(@extschema@.time_limit) IS
    'the unit of a limit: working days, working time, days or clock time';
CREATE FUNCTION @extschema@.time_limit_amount(@extschema@.time_limit) RETURNS integer
    AS 'MODULE_PATHNAME', 'time_limit_amount' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.time_limit_amount(@extschema@.time_limit) IS
    'the amount of a limit in its unit (days, or seconds for clock and working time)';
