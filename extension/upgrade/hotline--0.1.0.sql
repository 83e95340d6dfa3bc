-- hotline: a government service hotline (12345) inside PostgreSQL.
-- The install script is concatenated by the Makefile from extension/sql/*.sql
-- (in name order) and workflows/*.sql.

\echo Use "CREATE EXTENSION hotline" to load this file. \quit

COMMENT ON SCHEMA @extschema@ IS
    'hotline: work orders, working-day calendars, deadlines and supervision of a government service hotline (12345)';

-- Nobody but the owner creates objects in the extension's schema; everyone
-- may look things up in it.  Table privileges are granted one by one below.
REVOKE CREATE ON SCHEMA @extschema@ FROM PUBLIC;
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
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

CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.time_limit, RIGHTARG = @extschema@.time_limit,
    PROCEDURE = @extschema@.time_limit_eq, COMMUTATOR = OPERATOR(@extschema@.=),
    NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES
);
CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.time_limit, RIGHTARG = @extschema@.time_limit,
    PROCEDURE = @extschema@.time_limit_ne, COMMUTATOR = OPERATOR(@extschema@.<>),
    NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR @extschema@.< (
    LEFTARG = @extschema@.time_limit, RIGHTARG = @extschema@.time_limit,
    PROCEDURE = @extschema@.time_limit_lt, COMMUTATOR = OPERATOR(@extschema@.>),
    NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR @extschema@.<= (
    LEFTARG = @extschema@.time_limit, RIGHTARG = @extschema@.time_limit,
    PROCEDURE = @extschema@.time_limit_le, COMMUTATOR = OPERATOR(@extschema@.>=),
    NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR @extschema@.> (
    LEFTARG = @extschema@.time_limit, RIGHTARG = @extschema@.time_limit,
    PROCEDURE = @extschema@.time_limit_gt, COMMUTATOR = OPERATOR(@extschema@.<),
    NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR @extschema@.>= (
    LEFTARG = @extschema@.time_limit, RIGHTARG = @extschema@.time_limit,
    PROCEDURE = @extschema@.time_limit_ge, COMMUTATOR = OPERATOR(@extschema@.<=),
    NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR @extschema@.= (@extschema@.time_limit, @extschema@.time_limit) IS 'equal limits: same unit and amount';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.time_limit, @extschema@.time_limit) IS 'different limits';
COMMENT ON OPERATOR @extschema@.< (@extschema@.time_limit, @extschema@.time_limit) IS 'shorter nominal length';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.time_limit, @extschema@.time_limit) IS 'shorter or equal';
COMMENT ON OPERATOR @extschema@.> (@extschema@.time_limit, @extschema@.time_limit) IS 'longer nominal length';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.time_limit, @extschema@.time_limit) IS 'longer or equal';

CREATE OPERATOR CLASS @extschema@.time_limit_ops
    DEFAULT FOR TYPE @extschema@.time_limit USING btree AS
        OPERATOR 1 @extschema@.<,
        OPERATOR 2 @extschema@.<=,
        OPERATOR 3 @extschema@.=,
        OPERATOR 4 @extschema@.>=,
        OPERATOR 5 @extschema@.>,
        FUNCTION 1 @extschema@.time_limit_cmp(@extschema@.time_limit, @extschema@.time_limit);

CREATE OPERATOR CLASS @extschema@.time_limit_hash_ops
    DEFAULT FOR TYPE @extschema@.time_limit USING hash AS
        OPERATOR 1 @extschema@.=,
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
-- Working-day calendars (R-12): rows that users edit with plain SQL; the C
-- side compiles them into bitmaps cached per backend (calendar.c).

CREATE TYPE @extschema@.day_kind AS ENUM ('holiday', 'workday');
COMMENT ON TYPE @extschema@.day_kind IS
    'holiday: a day off (放假) even if it is a weekday; workday: a working day (上班/补班, 调休) even if it is a weekend day';

CREATE TYPE @extschema@.time_range AS RANGE (subtype = time);
COMMENT ON TYPE @extschema@.time_range IS
    'a span of the day, e.g. [09:00,12:00); used for business hours';

CREATE TABLE @extschema@.calendar (
    name            text PRIMARY KEY
                    CHECK (name <> '' AND octet_length(name) <= 63),
    base            text REFERENCES @extschema@.calendar (name)
                    ON UPDATE CASCADE ON DELETE RESTRICT,
    time_zone       text NOT NULL DEFAULT 'Asia/Shanghai',
    business_hours  @extschema@.time_range[] NOT NULL
                    DEFAULT '{"[09:00,12:00)","[13:30,17:30)"}',
    work_weekdays   smallint[] NOT NULL DEFAULT '{1,2,3,4,5}',
    description     text,
    builtin         boolean NOT NULL DEFAULT false,
    CHECK (base <> name)
);
COMMENT ON TABLE @extschema@.calendar IS
    'working-day calendars (R-12); a calendar with a base is layered on it: the base''s days plus its own, its own winning';
COMMENT ON COLUMN @extschema@.calendar.base IS
    'the calendar this one is layered on (a region''s calendar = the national one plus its own days)';
COMMENT ON COLUMN @extschema@.calendar.time_zone IS
    'IANA zone in which days begin and end and deadlines are computed (R-12.3)';
COMMENT ON COLUMN @extschema@.calendar.business_hours IS
    'business periods of a working day, used by limits in working hours and by hotline.working_time';
COMMENT ON COLUMN @extschema@.calendar.work_weekdays IS
    'ISO weekdays (1 = Monday .. 7 = Sunday) that are working days unless calendar_day says otherwise';
COMMENT ON COLUMN @extschema@.calendar.builtin IS
    'shipped with the extension (e.g. cn); built-in rows are read-only: layer a calendar on them to change them';

CREATE TABLE @extschema@.calendar_day (
    calendar    text NOT NULL REFERENCES @extschema@.calendar (name)
                ON UPDATE CASCADE ON DELETE CASCADE,
    day         date NOT NULL CHECK (day BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    kind        @extschema@.day_kind NOT NULL,
    note        text,
    source      text,
    builtin     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (calendar, day)
);
COMMENT ON TABLE @extschema@.calendar_day IS
    'days that differ from the calendar''s weekly rule: holidays (放假) and make-up working days (调休/补班)';
COMMENT ON COLUMN @extschema@.calendar_day.kind IS 'holiday: a day off (放假); workday: a working day (上班/补班)';
COMMENT ON COLUMN @extschema@.calendar_day.builtin IS 'shipped with the extension; read-only, left out of pg_dump';
COMMENT ON COLUMN @extschema@.calendar_day.note IS 'what the day is, e.g. 春节假期 or 上班(补春节假期)';
COMMENT ON COLUMN @extschema@.calendar_day.source IS 'where the day comes from: a notice number, a file';

CREATE TABLE @extschema@.calendar_year (
    calendar    text NOT NULL REFERENCES @extschema@.calendar (name)
                ON UPDATE CASCADE ON DELETE CASCADE,
    year        integer NOT NULL CHECK (year BETWEEN 1900 AND 2199),
    source      text,
    loaded_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    builtin     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (calendar, year)
);
COMMENT ON TABLE @extschema@.calendar_year IS
    'the years for which a calendar has its holiday data (coverage); outside them only the weekly rule applies and results are flagged';

COMMENT ON COLUMN @extschema@.calendar_year.year IS 'a year whose holiday notice this calendar holds';
COMMENT ON COLUMN @extschema@.calendar_year.source IS 'the notice or file the year comes from';
COMMENT ON COLUMN @extschema@.calendar_year.loaded_at IS 'when the year was recorded';
COMMENT ON COLUMN @extschema@.calendar_year.builtin IS 'shipped with the extension; read-only, left out of pg_dump';

-- Users' calendars survive pg_dump; the built-in rows come back with CREATE EXTENSION.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.calendar', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.calendar_day', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.calendar_year', 'WHERE NOT builtin');

-- Triggers (calendar.c): validation of a calendar row, protection of the
-- built-in rows, and invalidation of every backend's compiled calendars.
CREATE FUNCTION @extschema@.calendar_validate() RETURNS trigger
    AS 'MODULE_PATHNAME', 'hotline_calendar_validate' LANGUAGE C;
COMMENT ON FUNCTION @extschema@.calendar_validate() IS
    'trigger: checks a calendar''s time zone, business hours, weekdays and base chain';
CREATE FUNCTION @extschema@.protect_builtin() RETURNS trigger
    AS 'MODULE_PATHNAME', 'hotline_protect_builtin' LANGUAGE C;
COMMENT ON FUNCTION @extschema@.protect_builtin() IS
    'trigger: built-in rows (calendars, workflows) are written only by the extension and cannot be changed or deleted';
CREATE FUNCTION @extschema@.calendar_invalidate() RETURNS trigger
    AS 'MODULE_PATHNAME', 'hotline_calendar_invalidate' LANGUAGE C;
COMMENT ON FUNCTION @extschema@.calendar_invalidate() IS
    'trigger: tells every backend to recompile its cached calendars after this transaction';

CREATE FUNCTION @extschema@.calendar_check_base() RETURNS trigger
    AS 'MODULE_PATHNAME', 'hotline_calendar_check_base' LANGUAGE C;
COMMENT ON FUNCTION @extschema@.calendar_check_base() IS
    'trigger: the chain of base calendars ends, without a cycle, within 16 levels';

CREATE TRIGGER calendar_validate BEFORE INSERT OR UPDATE ON @extschema@.calendar
    FOR EACH ROW EXECUTE FUNCTION @extschema@.calendar_validate();
-- AFTER, so that it sees every row a multi-row statement changed
CREATE TRIGGER calendar_check_base AFTER INSERT OR UPDATE OF base ON @extschema@.calendar
    FOR EACH ROW WHEN (NEW.base IS NOT NULL) EXECUTE FUNCTION @extschema@.calendar_check_base();

CREATE TRIGGER calendar_protect BEFORE UPDATE OR DELETE ON @extschema@.calendar
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER calendar_protect BEFORE UPDATE OR DELETE ON @extschema@.calendar_day
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER calendar_protect BEFORE UPDATE OR DELETE ON @extschema@.calendar_year
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
-- only the extension script marks rows built-in
CREATE TRIGGER calendar_builtin BEFORE INSERT OR UPDATE ON @extschema@.calendar
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER calendar_builtin BEFORE INSERT OR UPDATE ON @extschema@.calendar_day
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER calendar_builtin BEFORE INSERT OR UPDATE ON @extschema@.calendar_year
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER calendar_protect_truncate BEFORE TRUNCATE ON @extschema@.calendar
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER calendar_protect_truncate BEFORE TRUNCATE ON @extschema@.calendar_day
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER calendar_protect_truncate BEFORE TRUNCATE ON @extschema@.calendar_year
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.protect_builtin();

CREATE TRIGGER calendar_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON @extschema@.calendar FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.calendar_invalidate();
CREATE TRIGGER calendar_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON @extschema@.calendar_day FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.calendar_invalidate();
CREATE TRIGGER calendar_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON @extschema@.calendar_year FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.calendar_invalidate();

-- Calendars are public facts: everyone may read them.  Changing them is for
-- the owner and whoever the owner grants it to (a hotline administrator).
REVOKE ALL ON @extschema@.calendar, @extschema@.calendar_day, @extschema@.calendar_year FROM PUBLIC;
GRANT SELECT ON @extschema@.calendar, @extschema@.calendar_day, @extschema@.calendar_year TO PUBLIC;
-- Working-day arithmetic (R-12.1, R-12.3, R-12.4), in C over compiled
-- calendars: no table is read per call.  STABLE because calendars are rows.

CREATE FUNCTION @extschema@.is_working_day(calendar text, day date) RETURNS boolean
    AS 'MODULE_PATHNAME', 'hotline_is_working_day' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_working_day(text, date) IS
    'true if day is a working day of the calendar (weekly rule, holidays, make-up working days)';

CREATE FUNCTION @extschema@.working_days(calendar text, from_day date, to_day date) RETURNS integer
    AS 'MODULE_PATHNAME', 'hotline_working_days' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.working_days(text, date, date) IS
    'number of working days from from_day to to_day, both included';

CREATE FUNCTION @extschema@.deadline(calendar text, start timestamptz, time_limit @extschema@.time_limit)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'hotline_deadline' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.deadline(text, timestamptz, @extschema@.time_limit) IS
    'R-12.4: N working days count from the day after start and end at 24:00 of the Nth working day (in the calendar''s zone); working hours count business hours; N days count natural days the same way; hours, minutes and seconds are clock time';

CREATE FUNCTION @extschema@.working_time(calendar text, from_ts timestamptz, to_ts timestamptz)
    RETURNS interval
    AS 'MODULE_PATHNAME', 'hotline_working_time' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.working_time(text, timestamptz, timestamptz) IS
    'business time between two instants on the calendar (negative if to_ts is before from_ts)';

CREATE FUNCTION @extschema@.share_point(calendar text, from_ts timestamptz, to_ts timestamptz, share double precision)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'hotline_share_point' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.share_point(text, timestamptz, timestamptz, double precision) IS
    'R-12.5: the instant by which share (0 to 1) of the working time from from_ts to to_ts has passed, e.g. 80% of the time allowed to reply (business time where the calendar has business hours, else clock time)';
CREATE FUNCTION @extschema@.before_deadline(calendar text, due timestamptz, time_limit @extschema@.time_limit)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'hotline_before_deadline' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.before_deadline(text, timestamptz, @extschema@.time_limit) IS
    'R-12.5: the instant the time limit before due, e.g. 1 working day before a deadline (counted back on the calendar)';
CREATE FUNCTION @extschema@.covered_years(calendar text) RETURNS integer[]
    AS 'MODULE_PATHNAME', 'hotline_covered_years' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.covered_years(text) IS
    'the years for which the calendar (with its bases) has holiday data';

CREATE VIEW @extschema@.calendar_coverage AS
SELECT c.name AS calendar,
       c.base,
       c.time_zone,
       y.years,
       y.years[1] AS first_year,
       y.years[pg_catalog.array_length(y.years, 1)] AS last_year,
       ARRAY(SELECT g FROM pg_catalog.generate_series(y.years[1],
                      y.years[pg_catalog.array_length(y.years, 1)]) g
             WHERE g <> ALL (y.years)) AS gaps,
       t.this_year = ANY (y.years) AS covers_this_year,
       t.this_year + 1 = ANY (y.years) AS covers_next_year,
       CASE
           WHEN y.years = '{}' THEN 'no holiday data: weekends only'
           WHEN NOT (t.this_year = ANY (y.years)) THEN
               'missing ' || t.this_year || ': import this year''s holiday notice'
           WHEN NOT (t.this_year + 1 = ANY (y.years)) THEN
               'missing ' || (t.this_year + 1) || ': import next year''s holiday notice when it is published (usually in November)'
           ELSE 'ok'
       END AS status
FROM @extschema@.calendar c
CROSS JOIN LATERAL (SELECT @extschema@.covered_years(c.name) AS years) y
CROSS JOIN LATERAL (SELECT pg_catalog.date_part('year',
                        pg_catalog.timezone(c.time_zone, pg_catalog.now()))::integer AS this_year) t;
COMMENT ON VIEW @extschema@.calendar_coverage IS
    'per calendar: the years with holiday data, gaps, and whether this year and next year are loaded';
GRANT SELECT ON @extschema@.calendar_coverage TO PUBLIC;
-- iCalendar import and export (R-12.2), through libical (ics.c).

CREATE FUNCTION @extschema@.import_ics(calendar text, ics text,
                                       as_kind @extschema@.day_kind DEFAULT NULL,
                                       source text DEFAULT NULL,
                                       years integer[] DEFAULT NULL)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'hotline_import_ics_text' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.import_ics(text, text, @extschema@.day_kind, text, integer[]) IS
    'records the days an iCalendar text declares in the calendar (holidays, or make-up working days when CATEGORIES says WORKDAY or SUMMARY says 上班/补班; as_kind forces the kind); records the years it covers (years, or derived); returns how many days changed';

CREATE FUNCTION @extschema@.import_ics(calendar text, ics bytea,
                                       as_kind @extschema@.day_kind DEFAULT NULL,
                                       source text DEFAULT NULL,
                                       years integer[] DEFAULT NULL)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'hotline_import_ics_bytea' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.import_ics(text, bytea, @extschema@.day_kind, text, integer[]) IS
    'as import_ics(text, text), for raw file bytes (e.g. pg_read_binary_file), which may hold folds in the middle of a UTF-8 character';

CREATE FUNCTION @extschema@.export_ics(calendar text, from_day date, to_day date) RETURNS text
    AS 'MODULE_PATHNAME', 'hotline_export_ics' LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION @extschema@.export_ics(text, date, date) IS
    'iCalendar text of the calendar''s own days from from_day to to_day (holidays and make-up working days)';

-- import_ics writes with the caller's rights: only who may change calendars may import.
REVOKE ALL ON FUNCTION @extschema@.import_ics(text, text, @extschema@.day_kind, text, integer[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.import_ics(text, bytea, @extschema@.day_kind, text, integer[]) FROM PUBLIC;
-- The built-in national calendar "cn" (R-12.1): China's public holidays and
-- make-up working days (调休/补班) 2020-2026, written from the State Council's
-- annual notices on holiday arrangements (国务院办公厅关于部分节假日安排的通知),
-- including the 2020 Spring Festival extension (国办发明电〔2020〕1号), which
-- made 2020-01-31 to 2020-02-02 days off and cancelled the make-up working
-- day of Saturday 2020-02-01.  test/tap/calendar_cn.sql checks every day of it
-- against the public iCalendar files in test/data/holidays-cn.
--
-- Built-in rows are read-only (protect_builtin) and left out of pg_dump; the
-- next year's notice is added with hotline.import_ics('cn', ...) or INSERTs.

INSERT INTO @extschema@.calendar (name, time_zone, description, builtin)
VALUES ('cn', 'Asia/Shanghai',
        'People''s Republic of China: national public holidays and make-up working days (全国年节及纪念日放假), Monday-Friday week',
        true);

INSERT INTO @extschema@.calendar_day (calendar, day, kind, note, source, builtin)
SELECT 'cn', d::date, v.kind::@extschema@.day_kind, v.note, v.source, true
FROM (VALUES
    ('2020-01-01', '2020-01-01', 'holiday', '元旦假期', '国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）'),
    ('2020-01-24', '2020-01-30', 'holiday', '春节假期', '国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）'),
    ('2020-01-31', '2020-02-02', 'holiday', '春节假期(延长)', '国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号）'),
    ('2020-04-04', '2020-04-06', 'holiday', '清明节假期', '国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）'),
    ('2020-05-01', '2020-05-05', 'holiday', '劳动节假期', '国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）'),
    ('2020-06-25', '2020-06-27', 'holiday', '端午节假期', '国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）'),
    ('2020-10-01', '2020-10-08', 'holiday', '国庆节、中秋节假期', '国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）'),
    ('2020-01-19', '2020-01-19', 'workday', '上班(补春节假期)', '国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）'),
    ('2020-04-26', '2020-04-26', 'workday', '上班(补劳动节假期)', '国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）'),
    ('2020-05-09', '2020-05-09', 'workday', '上班(补劳动节假期)', '国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）'),
    ('2020-06-28', '2020-06-28', 'workday', '上班(补端午节假期)', '国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）'),
    ('2020-09-27', '2020-09-27', 'workday', '上班(补国庆节、中秋节假期)', '国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）'),
    ('2020-10-10', '2020-10-10', 'workday', '上班(补国庆节、中秋节假期)', '国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）'),
    ('2021-01-01', '2021-01-03', 'holiday', '元旦假期', '国务院办公厅关于2021年部分节假日安排的通知'),
    ('2021-02-11', '2021-02-17', 'holiday', '春节假期', '国务院办公厅关于2021年部分节假日安排的通知'),
    ('2021-04-03', '2021-04-05', 'holiday', '清明节假期', '国务院办公厅关于2021年部分节假日安排的通知'),
    ('2021-05-01', '2021-05-05', 'holiday', '劳动节假期', '国务院办公厅关于2021年部分节假日安排的通知'),
    ('2021-06-12', '2021-06-14', 'holiday', '端午节假期', '国务院办公厅关于2021年部分节假日安排的通知'),
    ('2021-09-19', '2021-09-21', 'holiday', '中秋节假期', '国务院办公厅关于2021年部分节假日安排的通知'),
    ('2021-10-01', '2021-10-07', 'holiday', '国庆节假期', '国务院办公厅关于2021年部分节假日安排的通知'),
    ('2021-02-07', '2021-02-07', 'workday', '上班(补春节假期)', '国务院办公厅关于2021年部分节假日安排的通知'),
    ('2021-02-20', '2021-02-20', 'workday', '上班(补春节假期)', '国务院办公厅关于2021年部分节假日安排的通知'),
    ('2021-04-25', '2021-04-25', 'workday', '上班(补劳动节假期)', '国务院办公厅关于2021年部分节假日安排的通知'),
    ('2021-05-08', '2021-05-08', 'workday', '上班(补劳动节假期)', '国务院办公厅关于2021年部分节假日安排的通知'),
    ('2021-09-18', '2021-09-18', 'workday', '上班(补中秋节假期)', '国务院办公厅关于2021年部分节假日安排的通知'),
    ('2021-09-26', '2021-09-26', 'workday', '上班(补国庆节假期)', '国务院办公厅关于2021年部分节假日安排的通知'),
    ('2021-10-09', '2021-10-09', 'workday', '上班(补国庆节假期)', '国务院办公厅关于2021年部分节假日安排的通知'),
    ('2022-01-01', '2022-01-03', 'holiday', '元旦假期', '国务院办公厅关于2022年部分节假日安排的通知'),
    ('2022-01-31', '2022-02-06', 'holiday', '春节假期', '国务院办公厅关于2022年部分节假日安排的通知'),
    ('2022-04-03', '2022-04-05', 'holiday', '清明节假期', '国务院办公厅关于2022年部分节假日安排的通知'),
    ('2022-04-30', '2022-05-04', 'holiday', '劳动节假期', '国务院办公厅关于2022年部分节假日安排的通知'),
    ('2022-06-03', '2022-06-05', 'holiday', '端午节假期', '国务院办公厅关于2022年部分节假日安排的通知'),
    ('2022-09-10', '2022-09-12', 'holiday', '中秋节假期', '国务院办公厅关于2022年部分节假日安排的通知'),
    ('2022-10-01', '2022-10-07', 'holiday', '国庆节假期', '国务院办公厅关于2022年部分节假日安排的通知'),
    ('2022-01-29', '2022-01-29', 'workday', '上班(补春节假期)', '国务院办公厅关于2022年部分节假日安排的通知'),
    ('2022-01-30', '2022-01-30', 'workday', '上班(补春节假期)', '国务院办公厅关于2022年部分节假日安排的通知'),
    ('2022-04-02', '2022-04-02', 'workday', '上班(补清明节假期)', '国务院办公厅关于2022年部分节假日安排的通知'),
    ('2022-04-24', '2022-04-24', 'workday', '上班(补劳动节假期)', '国务院办公厅关于2022年部分节假日安排的通知'),
    ('2022-05-07', '2022-05-07', 'workday', '上班(补劳动节假期)', '国务院办公厅关于2022年部分节假日安排的通知'),
    ('2022-10-08', '2022-10-08', 'workday', '上班(补国庆节假期)', '国务院办公厅关于2022年部分节假日安排的通知'),
    ('2022-10-09', '2022-10-09', 'workday', '上班(补国庆节假期)', '国务院办公厅关于2022年部分节假日安排的通知'),
    ('2022-12-31', '2023-01-02', 'holiday', '元旦假期', '国务院办公厅关于2023年部分节假日安排的通知'),
    ('2023-01-21', '2023-01-27', 'holiday', '春节假期', '国务院办公厅关于2023年部分节假日安排的通知'),
    ('2023-04-05', '2023-04-05', 'holiday', '清明节假期', '国务院办公厅关于2023年部分节假日安排的通知'),
    ('2023-04-29', '2023-05-03', 'holiday', '劳动节假期', '国务院办公厅关于2023年部分节假日安排的通知'),
    ('2023-06-22', '2023-06-24', 'holiday', '端午节假期', '国务院办公厅关于2023年部分节假日安排的通知'),
    ('2023-09-29', '2023-10-06', 'holiday', '中秋节、国庆节假期', '国务院办公厅关于2023年部分节假日安排的通知'),
    ('2023-01-28', '2023-01-28', 'workday', '上班(补春节假期)', '国务院办公厅关于2023年部分节假日安排的通知'),
    ('2023-01-29', '2023-01-29', 'workday', '上班(补春节假期)', '国务院办公厅关于2023年部分节假日安排的通知'),
    ('2023-04-23', '2023-04-23', 'workday', '上班(补劳动节假期)', '国务院办公厅关于2023年部分节假日安排的通知'),
    ('2023-05-06', '2023-05-06', 'workday', '上班(补劳动节假期)', '国务院办公厅关于2023年部分节假日安排的通知'),
    ('2023-06-25', '2023-06-25', 'workday', '上班(补端午节假期)', '国务院办公厅关于2023年部分节假日安排的通知'),
    ('2023-10-07', '2023-10-07', 'workday', '上班(补中秋节、国庆节假期)', '国务院办公厅关于2023年部分节假日安排的通知'),
    ('2023-10-08', '2023-10-08', 'workday', '上班(补中秋节、国庆节假期)', '国务院办公厅关于2023年部分节假日安排的通知'),
    ('2024-01-01', '2024-01-01', 'holiday', '元旦假期', '国务院办公厅关于2024年部分节假日安排的通知'),
    ('2024-02-10', '2024-02-17', 'holiday', '春节假期', '国务院办公厅关于2024年部分节假日安排的通知'),
    ('2024-04-04', '2024-04-06', 'holiday', '清明节假期', '国务院办公厅关于2024年部分节假日安排的通知'),
    ('2024-05-01', '2024-05-05', 'holiday', '劳动节假期', '国务院办公厅关于2024年部分节假日安排的通知'),
    ('2024-06-10', '2024-06-10', 'holiday', '端午节假期', '国务院办公厅关于2024年部分节假日安排的通知'),
    ('2024-09-15', '2024-09-17', 'holiday', '中秋节假期', '国务院办公厅关于2024年部分节假日安排的通知'),
    ('2024-10-01', '2024-10-07', 'holiday', '国庆节假期', '国务院办公厅关于2024年部分节假日安排的通知'),
    ('2024-02-04', '2024-02-04', 'workday', '上班(补春节假期)', '国务院办公厅关于2024年部分节假日安排的通知'),
    ('2024-02-18', '2024-02-18', 'workday', '上班(补春节假期)', '国务院办公厅关于2024年部分节假日安排的通知'),
    ('2024-04-07', '2024-04-07', 'workday', '上班(补清明节假期)', '国务院办公厅关于2024年部分节假日安排的通知'),
    ('2024-04-28', '2024-04-28', 'workday', '上班(补劳动节假期)', '国务院办公厅关于2024年部分节假日安排的通知'),
    ('2024-05-11', '2024-05-11', 'workday', '上班(补劳动节假期)', '国务院办公厅关于2024年部分节假日安排的通知'),
    ('2024-09-14', '2024-09-14', 'workday', '上班(补中秋节假期)', '国务院办公厅关于2024年部分节假日安排的通知'),
    ('2024-09-29', '2024-09-29', 'workday', '上班(补国庆节假期)', '国务院办公厅关于2024年部分节假日安排的通知'),
    ('2024-10-12', '2024-10-12', 'workday', '上班(补国庆节假期)', '国务院办公厅关于2024年部分节假日安排的通知'),
    ('2025-01-01', '2025-01-01', 'holiday', '元旦假期', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-01-28', '2025-02-04', 'holiday', '春节假期', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-04-04', '2025-04-06', 'holiday', '清明节假期', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-05-01', '2025-05-05', 'holiday', '劳动节假期', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-05-31', '2025-06-02', 'holiday', '端午节假期', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-10-01', '2025-10-08', 'holiday', '国庆节、中秋节假期', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-01-26', '2025-01-26', 'workday', '上班(补春节假期)', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-02-08', '2025-02-08', 'workday', '上班(补春节假期)', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-04-27', '2025-04-27', 'workday', '上班(补劳动节假期)', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-09-28', '2025-09-28', 'workday', '上班(补国庆节、中秋节假期)', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2025-10-11', '2025-10-11', 'workday', '上班(补国庆节、中秋节假期)', '国务院办公厅关于2025年部分节假日安排的通知'),
    ('2026-01-01', '2026-01-03', 'holiday', '元旦假期', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-02-15', '2026-02-23', 'holiday', '春节假期', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-04-04', '2026-04-06', 'holiday', '清明节假期', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-05-01', '2026-05-05', 'holiday', '劳动节假期', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-06-19', '2026-06-21', 'holiday', '端午节假期', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-09-25', '2026-09-27', 'holiday', '中秋节假期', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-10-01', '2026-10-07', 'holiday', '国庆节假期', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-01-04', '2026-01-04', 'workday', '上班(补元旦假期)', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-02-14', '2026-02-14', 'workday', '上班(补春节假期)', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-02-28', '2026-02-28', 'workday', '上班(补春节假期)', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-05-09', '2026-05-09', 'workday', '上班(补劳动节假期)', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-09-20', '2026-09-20', 'workday', '上班(补国庆节假期)', '国务院办公厅关于2026年部分节假日安排的通知'),
    ('2026-10-10', '2026-10-10', 'workday', '上班(补国庆节假期)', '国务院办公厅关于2026年部分节假日安排的通知')
) AS v(first_day, last_day, kind, note, source),
LATERAL pg_catalog.generate_series(v.first_day::date, v.last_day::date, interval '1 day') AS d;

INSERT INTO @extschema@.calendar_year (calendar, year, source, builtin)
SELECT 'cn', y, '国务院办公厅关于' || y || '年部分节假日安排的通知', true
FROM pg_catalog.generate_series(2020, 2026) AS y;
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

CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.order_no, RIGHTARG = @extschema@.order_no,
    PROCEDURE = @extschema@.order_no_eq, COMMUTATOR = OPERATOR(@extschema@.=),
    NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES
);
CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.order_no, RIGHTARG = @extschema@.order_no,
    PROCEDURE = @extschema@.order_no_ne, COMMUTATOR = OPERATOR(@extschema@.<>),
    NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR @extschema@.< (
    LEFTARG = @extschema@.order_no, RIGHTARG = @extschema@.order_no,
    PROCEDURE = @extschema@.order_no_lt, COMMUTATOR = OPERATOR(@extschema@.>),
    NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR @extschema@.<= (
    LEFTARG = @extschema@.order_no, RIGHTARG = @extschema@.order_no,
    PROCEDURE = @extschema@.order_no_le, COMMUTATOR = OPERATOR(@extschema@.>=),
    NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR @extschema@.> (
    LEFTARG = @extschema@.order_no, RIGHTARG = @extschema@.order_no,
    PROCEDURE = @extschema@.order_no_gt, COMMUTATOR = OPERATOR(@extschema@.<),
    NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR @extschema@.>= (
    LEFTARG = @extschema@.order_no, RIGHTARG = @extschema@.order_no,
    PROCEDURE = @extschema@.order_no_ge, COMMUTATOR = OPERATOR(@extschema@.<=),
    NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR @extschema@.= (@extschema@.order_no, @extschema@.order_no) IS 'the same order number';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.order_no, @extschema@.order_no) IS 'different order numbers';
COMMENT ON OPERATOR @extschema@.< (@extschema@.order_no, @extschema@.order_no) IS
    'earlier order number: earlier date, or same date and smaller region code, or same region and smaller sequence';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.order_no, @extschema@.order_no) IS 'earlier or the same order number';
COMMENT ON OPERATOR @extschema@.> (@extschema@.order_no, @extschema@.order_no) IS
    'later order number: later date, or same date and larger region code, or same region and larger sequence';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.order_no, @extschema@.order_no) IS 'later or the same order number';

-- Equality is equality of the 8 bytes, so btree deduplication is safe
-- (btequalimage).
CREATE OPERATOR CLASS @extschema@.order_no_ops
    DEFAULT FOR TYPE @extschema@.order_no USING btree AS
        OPERATOR 1 @extschema@.<,
        OPERATOR 2 @extschema@.<=,
        OPERATOR 3 @extschema@.=,
        OPERATOR 4 @extschema@.>=,
        OPERATOR 5 @extschema@.>,
        FUNCTION 1 @extschema@.order_no_cmp(@extschema@.order_no, @extschema@.order_no),
        FUNCTION 2 @extschema@.order_no_sortsupport(internal),
        FUNCTION 4 pg_catalog.btequalimage(oid);

CREATE OPERATOR CLASS @extschema@.order_no_hash_ops
    DEFAULT FOR TYPE @extschema@.order_no USING hash AS
        OPERATOR 1 @extschema@.=,
        FUNCTION 1 @extschema@.order_no_hash(@extschema@.order_no),
        FUNCTION 2 @extschema@.order_no_hash_extended(@extschema@.order_no, bigint);

-- min() and max(), e.g. the latest number of a region; an index on the
-- column answers them (SORTOP)
CREATE FUNCTION @extschema@.order_no_smaller(@extschema@.order_no, @extschema@.order_no) RETURNS @extschema@.order_no
    AS 'MODULE_PATHNAME', 'order_no_smaller' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_no_smaller(@extschema@.order_no, @extschema@.order_no) IS
    'the earlier of two order numbers (for min)';
CREATE FUNCTION @extschema@.order_no_larger(@extschema@.order_no, @extschema@.order_no) RETURNS @extschema@.order_no
    AS 'MODULE_PATHNAME', 'order_no_larger' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.order_no_larger(@extschema@.order_no, @extschema@.order_no) IS
    'the later of two order numbers (for max)';
CREATE AGGREGATE @extschema@.min(@extschema@.order_no) (
    SFUNC = @extschema@.order_no_smaller, STYPE = @extschema@.order_no,
    COMBINEFUNC = @extschema@.order_no_smaller, SORTOP = OPERATOR(@extschema@.<),
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.min(@extschema@.order_no) IS 'the earliest order number';
CREATE AGGREGATE @extschema@.max(@extschema@.order_no) (
    SFUNC = @extschema@.order_no_larger, STYPE = @extschema@.order_no,
    COMBINEFUNC = @extschema@.order_no_larger, SORTOP = OPERATOR(@extschema@.>),
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.max(@extschema@.order_no) IS 'the latest order number';

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

CREATE FUNCTION @extschema@.next_order_no(
    region text,
    at timestamptz DEFAULT pg_catalog.now(),
    time_zone text DEFAULT 'Asia/Shanghai')
RETURNS @extschema@.order_no
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    d date;
    n integer;
BEGIN
    IF next_order_no.region IS NULL OR next_order_no.at IS NULL
        OR next_order_no.time_zone IS NULL THEN
        RAISE EXCEPTION 'region, time and time zone of next_order_no must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Give the 6-digit region code of the hotline, e.g. next_order_no(''110105'').';
    END IF;
    d := (next_order_no.at AT TIME ZONE next_order_no.time_zone)::date;
    -- check the region and the day before any counter row is written
    PERFORM @extschema@.make_order_no(next_order_no.region, d, 1);
    INSERT INTO @extschema@.order_number_seq AS s (region, day, last_seq)
        VALUES (next_order_no.region, d, 1)
        ON CONFLICT (region, day) DO UPDATE SET last_seq = s.last_seq + 1
        RETURNING s.last_seq INTO n;
    RETURN @extschema@.make_order_no(next_order_no.region, d, n);
END $$;
COMMENT ON FUNCTION @extschema@.next_order_no(text, timestamptz, text) IS
    'the next work-order number of a region for the local date of "at" in time_zone (R-1.1); locks only the counter of that region and day until commit';

-- The engine runs as the extension's owner; nobody else hands out numbers.
REVOKE ALL ON FUNCTION @extschema@.next_order_no(text, timestamptz, text) FROM PUBLIC;
-- Reference data of a hotline (R-1.4, R-1.5): appeal types, channels,
-- urgency, satisfaction; handling units as a tree, the topic taxonomy, and
-- citizens identified by a normalised phone number (to find repeats, R-2.4).

CREATE TYPE @extschema@.appeal_type AS ENUM
    ('consultation', 'help', 'complaint', 'report', 'suggestion', 'praise');
COMMENT ON TYPE @extschema@.appeal_type IS
    'R-1.4: 咨询 consultation, 求助 help request, 投诉 complaint, 举报 report, 建议 suggestion, 表扬 praise';

CREATE TYPE @extschema@.channel AS ENUM
    ('phone', 'sms', 'mailbox', 'website', 'email', 'wechat', 'app', 'fax', 'voicemail',
     'window', 'letter', 'merged_hotline');
COMMENT ON TYPE @extschema@.channel IS
    'R-1.5: how the appeal arrived (电话, 短信, 信箱, 网站, 电子邮件, 微信, 客户端, 传真, 留言, 窗口, 来信, 整合热线 such as 12315/12358)';

CREATE TYPE @extschema@.urgency AS ENUM ('normal', 'urgent', 'very_urgent');
COMMENT ON TYPE @extschema@.urgency IS 'R-1.5: 一般, 紧急, 特急';

CREATE TYPE @extschema@.emergency_kind AS ENUM
    ('natural_disaster', 'accident', 'public_health', 'public_security');
COMMENT ON TYPE @extschema@.emergency_kind IS
    'R-2.3: the four kinds of emergency (突发事件): 自然灾害 natural disaster, 事故灾难 accident, 公共卫生事件 public health, 社会安全事件 public security';

CREATE TYPE @extschema@.satisfaction AS ENUM
    ('satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable');
COMMENT ON TYPE @extschema@.satisfaction IS
    'R-7.2: 满意, 基本满意, 不满意, or the citizen could not be reached (无法联系)';

-- Handling units (承办单位): first-, second- and third-level units (R-4.5)
CREATE TABLE @extschema@.unit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code <> ''),
    name        text NOT NULL CHECK (name <> ''),
    parent_id   bigint REFERENCES @extschema@.unit (id),
    level       smallint NOT NULL DEFAULT 1 CHECK (level BETWEEN 1 AND 3),
    region      text NOT NULL CHECK (region ~ '^[0-9]{6}$'),
    calendar    text NOT NULL DEFAULT 'cn' REFERENCES @extschema@.calendar (name) ON UPDATE CASCADE,
    kind        text NOT NULL DEFAULT 'department'
                CHECK (kind IN ('department', 'district', 'subdistrict', 'enterprise', 'other')),
    active      boolean NOT NULL DEFAULT true,
    CHECK (parent_id <> id)
);
CREATE INDEX ON @extschema@.unit (parent_id);
COMMENT ON TABLE @extschema@.unit IS
    'handling units (承办单位) as a tree: first-level units may pass orders down to their sub-units (R-4.5)';
COMMENT ON COLUMN @extschema@.unit.code IS 'the unit''s own code, e.g. its unified social credit code or an internal code';
COMMENT ON COLUMN @extschema@.unit.level IS '1 = 一级网络单位, 2 = 二级, 3 = 三级; set from the parent';
COMMENT ON COLUMN @extschema@.unit.region IS '6-digit administrative division code (GB/T 2260) of the unit';
COMMENT ON COLUMN @extschema@.unit.calendar IS 'the calendar the unit''s deadlines are counted on';

-- a unit's level follows from its parent, at most three levels
CREATE FUNCTION @extschema@.unit_set_level() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    parent_level smallint;
BEGIN
    IF NEW.parent_id IS NULL THEN
        NEW.level := 1;
        RETURN NEW;
    END IF;
    SELECT u.level INTO parent_level FROM @extschema@.unit u WHERE u.id = NEW.parent_id;
    IF parent_level IS NULL THEN
        RETURN NEW;                 -- the foreign key reports the missing parent
    END IF;
    IF parent_level >= 3 THEN
        RAISE EXCEPTION 'unit "%" would be a fourth-level unit', NEW.name
            USING ERRCODE = 'check_violation',
                  DETAIL = 'Handling units have at most three levels (一级, 二级, 三级网络单位).',
                  HINT = 'Attach it to a first- or second-level unit.';
    END IF;
    NEW.level := parent_level + 1;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.unit_set_level() IS 'trigger: a unit''s level is its parent''s plus one, at most 3';
CREATE TRIGGER unit_set_level BEFORE INSERT OR UPDATE OF parent_id ON @extschema@.unit
    FOR EACH ROW EXECUTE FUNCTION @extschema@.unit_set_level();

-- Topic taxonomy (诉求分类), e.g. 城乡建设 > 物业管理 (R-1.5)
CREATE TABLE @extschema@.topic (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code <> ''),
    name        text NOT NULL CHECK (name <> ''),
    parent_id   bigint REFERENCES @extschema@.topic (id),
    active      boolean NOT NULL DEFAULT true,
    CHECK (parent_id <> id)
);
CREATE INDEX ON @extschema@.topic (parent_id);
COMMENT ON TABLE @extschema@.topic IS 'the topic taxonomy of appeals as a tree (城乡建设 > 物业管理)';

-- Citizens (服务对象), found again by their normalised phone number (R-1.2, R-2.4)
CREATE FUNCTION @extschema@.normalize_phone(phone text, area_code text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    d text;
BEGIN
    IF phone IS NULL THEN
        RETURN NULL;
    END IF;
    d := regexp_replace(phone, '[\s\-\.\(\)（）]', '', 'g');
    IF d !~ '^\+?[0-9]+$' THEN
        RAISE EXCEPTION 'invalid phone number: "%"', phone
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A phone number holds digits, spaces, dashes, brackets and a leading +.',
                  HINT = 'Give the number as dialled, e.g. 138 0013 8000 or 010-6512 3456.';
    END IF;
    d := regexp_replace(d, '^(\+86|0086)', '');
    IF d ~ '^86(1[3-9][0-9]{9})$' THEN
        d := substr(d, 3);
    END IF;
    IF d ~ '^1[3-9][0-9]{9}$' THEN
        RETURN d;                                   -- mobile
    ELSIF d ~ '^0[1-9][0-9]{8,10}$' THEN
        RETURN d;                                   -- landline with area code
    ELSIF d ~ '^[2-8][0-9]{6,7}$' AND area_code ~ '^0[1-9][0-9]{1,2}$' THEN
        RETURN area_code || d;                      -- local landline
    ELSIF d ~ '^(1[0-2][0-9]{3}|9[0-9]{4})$' THEN
        RETURN d;                                   -- service numbers: 12345, 95598
    END IF;
    RAISE EXCEPTION 'invalid phone number: "%"', phone
        USING ERRCODE = 'invalid_parameter_value',
              DETAIL = 'It is neither a mobile number (11 digits from 13), a landline with its area code, nor a 5-digit service number.',
              HINT = 'Add the area code to a local number (area_code => ''010''), or check the digits.';
END $$;
COMMENT ON FUNCTION @extschema@.normalize_phone(text, text) IS
    'canonical form of a Chinese phone number: mobile 1xxxxxxxxxx, landline 0 + area code + number, service numbers as they are';

CREATE TABLE @extschema@.citizen (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    phone       text UNIQUE CHECK (phone = @extschema@.normalize_phone(phone)),
    name        text,
    address     text,
    kind        text NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'organisation')),
    created_at  timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE @extschema@.citizen IS
    'citizens and organisations who appeal (服务对象/来电人), one row per normalised phone number';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.unit', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.topic', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.citizen', '');

-- Reference data is readable by the hotline's users; citizens are personal
-- data (R-11.1): no PUBLIC access.
REVOKE ALL ON @extschema@.unit, @extschema@.topic, @extschema@.citizen FROM PUBLIC;
GRANT SELECT ON @extschema@.unit, @extschema@.topic TO PUBLIC;
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.unit', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.topic', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.citizen', 'id')::regclass, '');
-- Workflows are data (R-14.2): states, actions (who may do them, from which
-- states, to which state, which parameters), time limits, and hook
-- functions.  The engine (engine.c) reads them; it has no process-specific
-- code.  Plugins in workflows/ register themselves with
-- hotline.register_workflow(definition jsonb).

CREATE FUNCTION @extschema@.creating_extension() RETURNS boolean
    AS 'MODULE_PATHNAME', 'hotline_creating_extension' LANGUAGE C STABLE;
COMMENT ON FUNCTION @extschema@.creating_extension() IS
    'internal: true while CREATE or ALTER EXTENSION runs (built-in rows are written only then)';

CREATE TABLE @extschema@.workflow (
    name            text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]*$'),
    description     text NOT NULL,
    initial_state   text NOT NULL,
    calendar        text NOT NULL DEFAULT 'cn' REFERENCES @extschema@.calendar (name) ON UPDATE CASCADE,
    version         integer NOT NULL DEFAULT 1,
    builtin         boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.workflow IS 'workflow plugins (R-14.2): one row per process, e.g. appeal_12345';
COMMENT ON COLUMN @extschema@.workflow.calendar IS 'the calendar of the hotline centre''s own limits (a unit''s limits use the unit''s calendar)';

CREATE TABLE @extschema@.workflow_state (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    scope           text NOT NULL CHECK (scope IN ('order', 'assignment')),
    state           text NOT NULL CHECK (state ~ '^[a-z][a-z0-9_]*$'),
    terminal        boolean NOT NULL DEFAULT false,
    description     text NOT NULL,
    PRIMARY KEY (workflow, scope, state)
);
COMMENT ON TABLE @extschema@.workflow_state IS
    'the states of a workflow''s orders and of their assignments (one per handling unit)';

CREATE TABLE @extschema@.workflow_action (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    action          text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_]*$'),
    scope           text NOT NULL CHECK (scope IN ('order', 'assignment')),
    from_states     text[] NOT NULL CHECK (pg_catalog.cardinality(from_states) > 0),
    to_state        text,
    roles           text[] NOT NULL CHECK (pg_catalog.cardinality(roles) > 0),
    required_params text[] NOT NULL DEFAULT '{}',
    reason_required boolean NOT NULL DEFAULT false,
    effects         jsonb NOT NULL DEFAULT '{}' CHECK (pg_catalog.jsonb_typeof(effects) = 'object'),
    description     text NOT NULL,
    PRIMARY KEY (workflow, action)
);
COMMENT ON TABLE @extschema@.workflow_action IS
    'what may be done to an order or an assignment: by which roles, from which states, to which state';
COMMENT ON COLUMN @extschema@.workflow_action.to_state IS 'NULL: the state does not change (e.g. a note, a hastening)';
COMMENT ON COLUMN @extschema@.workflow_action.from_states IS
    'states the action may start from; ''new'' for actions that create the order (accept, reject, answer)';
COMMENT ON COLUMN @extschema@.workflow_action.effects IS
    'generic engine effects (engine.c): assign, set_due, close_assignment, reopen_assignments, order_state, order_state_when_all, close_order, archive_order, merge_into';

CREATE TABLE @extschema@.workflow_limit (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    deadline        text NOT NULL CHECK (deadline ~ '^[a-z][a-z0-9_]*$'),
    dispatch_mode   text,
    urgency         @extschema@.urgency,
    appeal_type     @extschema@.appeal_type,
    time_limit      @extschema@.time_limit NOT NULL,
    builtin         boolean NOT NULL DEFAULT false,
    UNIQUE NULLS NOT DISTINCT (workflow, deadline, dispatch_mode, urgency, appeal_type, builtin)
);
COMMENT ON TABLE @extschema@.workflow_limit IS
    'time limits of a workflow (R-4.3), per deadline (dispatch, sign, reply, callback ...), dispatch mode, urgency and appeal type; the most specific row wins, and a row of your own wins over a built-in one';
COMMENT ON COLUMN @extschema@.workflow_limit.builtin IS
    'shipped with a built-in workflow; read-only: add a row of your own with the same keys to change the limit';

CREATE TABLE @extschema@.workflow_hook (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    action          text NOT NULL,
    timing          text NOT NULL CHECK (timing IN ('before', 'after')),
    function        regprocedure NOT NULL,
    position        integer NOT NULL DEFAULT 0,
    PRIMARY KEY (workflow, action, timing, function),
    FOREIGN KEY (workflow, action) REFERENCES @extschema@.workflow_action (workflow, action) ON DELETE CASCADE
);
COMMENT ON TABLE @extschema@.workflow_hook IS
    'functions (any language) called before or after an action with the order number, assignment, action and parameters';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_state',
    'WHERE workflow IN (SELECT name FROM hotline.workflow WHERE NOT builtin)');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_action',
    'WHERE workflow IN (SELECT name FROM hotline.workflow WHERE NOT builtin)');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_limit', 'WHERE NOT builtin');

-- Escalation rules (R-5, R-2.3, R-2.4, R-12.5) are part of a workflow:
--   time rules watch a deadline of the order (dispatch_due, callback_due) or
--   of its assignments (sign_due, reply_due) while the watched object is in
--   one of the rule's states:
--     remind   once, when a share of the allowed working time has passed
--              (share 0.8) or a fixed working time before the deadline
--              (before '1 working day') (R-5.1, R-12.5);
--     hasten   when the deadline has passed, then again every "every" while
--              it stays overdue; at notice_after hastenings a public notice
--              (通报) (R-5.4);
--   event rules run after the actions in on_actions:
--     emergency      an order accepted with an emergency kind (R-2.3);
--     repeat_person  one person many times (一人多次) (R-2.4);
--     repeat_matter  one matter many people (一事多人) (R-2.4);
--     bad_handling   returns, send-backs, dissatisfied callbacks (R-5.2).
--   settings holds what a kind needs beyond that (windows, thresholds,
--   recipients).  A row of your own (builtin false) with the same workflow
--   and rule replaces a built-in rule; enabled false switches it off.
CREATE TABLE @extschema@.workflow_escalation (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    rule            text NOT NULL CHECK (rule ~ '^[a-z][a-z0-9_]*$'),
    kind            text NOT NULL CHECK (kind IN ('remind', 'hasten', 'emergency', 'repeat_person',
                                                  'repeat_matter', 'bad_handling')),
    due             text CHECK (due IN ('dispatch_due', 'callback_due', 'sign_due', 'reply_due')),
    states          text[],
    share           double precision CHECK (share > 0 AND share < 1),
    before          @extschema@.time_limit,
    every           @extschema@.time_limit,
    notice_after    integer CHECK (notice_after > 0),
    on_actions      text[],
    settings        jsonb NOT NULL DEFAULT '{}' CHECK (pg_catalog.jsonb_typeof(settings) = 'object'),
    channel         text NOT NULL DEFAULT 'sms' CHECK (channel IN ('sms', 'email', 'system')),
    template        text NOT NULL CHECK (template ~ '^[a-z][a-z0-9_.-]{0,63}$'),
    enabled         boolean NOT NULL DEFAULT true,
    builtin         boolean NOT NULL DEFAULT false,
    description     text NOT NULL,
    PRIMARY KEY (workflow, rule, builtin),
    CHECK (kind NOT IN ('remind', 'hasten') OR (due IS NOT NULL AND pg_catalog.cardinality(states) > 0)),
    CHECK (kind <> 'remind' OR ((share IS NULL) <> (before IS NULL))),
    CHECK (kind <> 'hasten' OR every IS NOT NULL),
    CHECK (kind IN ('remind', 'hasten') OR pg_catalog.cardinality(on_actions) > 0)
);
COMMENT ON TABLE @extschema@.workflow_escalation IS
    'escalation rules of a workflow (R-5, R-2.3, R-2.4): reminders, hastenings and public notices on deadlines, and rules run after actions (emergencies, repeats, bad handling); a row of your own replaces a built-in one';

-- the rules in force: yours before built-in ones, enabled ones only
-- (a plain filter, no DISTINCT ON: the planner pushes a caller's workflow
-- and rule down to the primary key, for the alarms and rules run per action)
CREATE VIEW @extschema@.escalation_rule AS
SELECT e.*
FROM @extschema@.workflow_escalation e
WHERE e.enabled
  AND (NOT e.builtin OR NOT EXISTS (SELECT 1 FROM @extschema@.workflow_escalation u
                                    WHERE u.workflow = e.workflow AND u.rule = e.rule AND NOT u.builtin));
COMMENT ON VIEW @extschema@.escalation_rule IS
    'the escalation rules in force: per workflow and rule, your row if there is one, else the built-in one; enabled only';

-- built-in rows are read-only outside CREATE/ALTER EXTENSION (as calendars)
CREATE TRIGGER workflow_protect BEFORE UPDATE OR DELETE ON @extschema@.workflow
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_builtin BEFORE INSERT OR UPDATE ON @extschema@.workflow
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_limit_protect BEFORE UPDATE OR DELETE ON @extschema@.workflow_limit
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_limit_builtin BEFORE INSERT OR UPDATE ON @extschema@.workflow_limit
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_escalation_protect BEFORE UPDATE OR DELETE ON @extschema@.workflow_escalation
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_escalation_builtin BEFORE INSERT OR UPDATE ON @extschema@.workflow_escalation
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_escalation', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_hook',
    'WHERE workflow IN (SELECT name FROM hotline.workflow WHERE NOT builtin)');

-- the engine caches action definitions per backend (engine.c): a change of
-- these tables tells every backend to read them again
CREATE FUNCTION @extschema@.workflow_invalidate() RETURNS trigger
    AS 'MODULE_PATHNAME', 'hotline_workflow_invalidate' LANGUAGE C;
COMMENT ON FUNCTION @extschema@.workflow_invalidate() IS
    'internal: statement trigger that invalidates the engine''s cached workflow definitions in every session';
CREATE TRIGGER workflow_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON @extschema@.workflow FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.workflow_invalidate();
CREATE TRIGGER workflow_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON @extschema@.workflow_action FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.workflow_invalidate();
CREATE TRIGGER workflow_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON @extschema@.workflow_hook FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.workflow_invalidate();
CREATE TRIGGER workflow_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON @extschema@.workflow_escalation FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.workflow_invalidate();

REVOKE ALL ON @extschema@.workflow, @extschema@.workflow_state, @extschema@.workflow_action,
    @extschema@.workflow_limit, @extschema@.workflow_hook, @extschema@.workflow_escalation,
    @extschema@.escalation_rule FROM PUBLIC;
GRANT SELECT ON @extschema@.workflow, @extschema@.workflow_state, @extschema@.workflow_action,
    @extschema@.workflow_limit, @extschema@.workflow_hook, @extschema@.workflow_escalation,
    @extschema@.escalation_rule TO PUBLIC;

-- hotline.register_workflow(definition): one call registers (or replaces) a
-- workflow plugin.  The definition is a JSON object:
--   {"name": "...", "description": "...", "initial_state": "...", "calendar": "cn",
--    "states":  [{"scope": "order"|"assignment", "state": "...", "terminal": false, "description": "..."}],
--    "actions": [{"action": "...", "scope": "order"|"assignment", "from": ["..."], "to": "..." | null,
--                 "roles": ["..."], "params": ["..."], "reason": false, "effects": {...},
--                 "description": "..."}],
--    "limits":  [{"deadline": "reply", "dispatch_mode": "written", "urgency": null,
--                 "appeal_type": null, "time_limit": "7 working days"}],
--    "hooks":   [{"action": "...", "timing": "before"|"after", "function": "schema.fn(hotline.order_no, bigint, text, jsonb)"}],
--    "escalations": [{"rule": "...", "kind": "remind"|"hasten"|..., "due": "reply_due", "states": ["..."],
--                     "share": 0.8 | "before": "1 working day", "every": "1 working day", "notice_after": 2,
--                     "on": ["accept"], "settings": {...}, "channel": "sms", "template": "...",
--                     "description": "..."}]}
-- Orders already in the workflow keep their states; a definition that
-- drops a state they are in is refused.
CREATE FUNCTION @extschema@.register_workflow(definition jsonb) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    wf text := definition ->> 'name';
    orphan text;
BEGIN
    IF EXISTS (SELECT 1 FROM @extschema@.workflow w WHERE w.name = wf AND w.builtin)
       AND NOT @extschema@.creating_extension() THEN
        RAISE EXCEPTION 'workflow "%" is built in', wf
            USING ERRCODE = 'restrict_violation',
                  DETAIL = 'Built-in workflows change with extension upgrades.',
                  HINT = 'Change its limits with rows of your own in hotline.workflow_limit, or register your variant under another name.';
    END IF;
    IF wf IS NULL OR definition ->> 'description' IS NULL OR definition ->> 'initial_state' IS NULL THEN
        RAISE EXCEPTION 'a workflow definition needs name, description and initial_state'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'See the comment of hotline.register_workflow for the format.';
    END IF;
    INSERT INTO @extschema@.workflow AS w (name, description, initial_state, calendar, builtin)
    VALUES (wf, definition ->> 'description', definition ->> 'initial_state',
            coalesce(definition ->> 'calendar', 'cn'), @extschema@.creating_extension())
    ON CONFLICT (name) DO UPDATE
        SET description = EXCLUDED.description, initial_state = EXCLUDED.initial_state,
            calendar = EXCLUDED.calendar, version = w.version + 1;
    DELETE FROM @extschema@.workflow_hook WHERE workflow = wf;
    DELETE FROM @extschema@.workflow_escalation WHERE workflow = wf AND builtin = @extschema@.creating_extension();
    DELETE FROM @extschema@.workflow_limit WHERE workflow = wf AND builtin = @extschema@.creating_extension();
    DELETE FROM @extschema@.workflow_action WHERE workflow = wf;
    DELETE FROM @extschema@.workflow_state WHERE workflow = wf;

    INSERT INTO @extschema@.workflow_state (workflow, scope, state, terminal, description)
    SELECT wf, s ->> 'scope', s ->> 'state', coalesce((s ->> 'terminal')::boolean, false),
           coalesce(s ->> 'description', s ->> 'state')
    FROM jsonb_array_elements(coalesce(definition -> 'states', '[]')) s;

    INSERT INTO @extschema@.workflow_action (workflow, action, scope, from_states, to_state, roles,
                                             required_params, reason_required, effects, description)
    SELECT wf, a ->> 'action', a ->> 'scope',
           ARRAY(SELECT jsonb_array_elements_text(a -> 'from')), a ->> 'to',
           ARRAY(SELECT jsonb_array_elements_text(a -> 'roles')),
           ARRAY(SELECT jsonb_array_elements_text(coalesce(a -> 'params', '[]'))),
           coalesce((a ->> 'reason')::boolean, false), coalesce(a -> 'effects', '{}'),
           coalesce(a ->> 'description', a ->> 'action')
    FROM jsonb_array_elements(coalesce(definition -> 'actions', '[]')) a;

    INSERT INTO @extschema@.workflow_limit (workflow, deadline, dispatch_mode, urgency, appeal_type, time_limit, builtin)
    SELECT wf, l ->> 'deadline', l ->> 'dispatch_mode', (l ->> 'urgency')::@extschema@.urgency,
           (l ->> 'appeal_type')::@extschema@.appeal_type, (l ->> 'time_limit')::@extschema@.time_limit,
           @extschema@.creating_extension()
    FROM jsonb_array_elements(coalesce(definition -> 'limits', '[]')) l;

    INSERT INTO @extschema@.workflow_hook (workflow, action, timing, function, position)
    SELECT wf, h ->> 'action', h ->> 'timing', (h ->> 'function')::regprocedure, o::int
    FROM jsonb_array_elements(coalesce(definition -> 'hooks', '[]')) WITH ORDINALITY AS x(h, o);

    INSERT INTO @extschema@.workflow_escalation (workflow, rule, kind, due, states, share, before, every,
                                                 notice_after, on_actions, settings, channel, template,
                                                 enabled, builtin, description)
    SELECT wf, e ->> 'rule', e ->> 'kind', e ->> 'due',
           CASE WHEN e ? 'states' THEN ARRAY(SELECT jsonb_array_elements_text(e -> 'states')) END,
           (e ->> 'share')::double precision, (e ->> 'before')::@extschema@.time_limit,
           (e ->> 'every')::@extschema@.time_limit, (e ->> 'notice_after')::integer,
           CASE WHEN e ? 'on' THEN ARRAY(SELECT jsonb_array_elements_text(e -> 'on')) END,
           coalesce(e -> 'settings', '{}'), coalesce(e ->> 'channel', 'sms'), coalesce(e ->> 'template', e ->> 'kind'),
           coalesce((e ->> 'enabled')::boolean, true), @extschema@.creating_extension(),
           coalesce(e ->> 'description', e ->> 'rule')
    FROM jsonb_array_elements(coalesce(definition -> 'escalations', '[]')) e;

    -- every state an action names is a state of the workflow
    SELECT x.st INTO orphan
    FROM (SELECT a.scope, unnest(a.from_states || a.to_state) AS st
          FROM @extschema@.workflow_action a WHERE a.workflow = wf) x
    WHERE x.st IS NOT NULL AND x.st <> 'new'
      AND NOT EXISTS (SELECT 1 FROM @extschema@.workflow_state s
                      WHERE s.workflow = wf AND s.scope = x.scope AND s.state = x.st)
    LIMIT 1;
    IF orphan IS NOT NULL THEN
        RAISE EXCEPTION 'workflow "%" names state "%" in an action but does not define it', wf, orphan
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Add the state to "states" with its scope (order or assignment).';
    END IF;
    -- orders already in the workflow stay in defined states
    SELECT o.state INTO orphan FROM @extschema@.work_order o
    WHERE o.workflow = wf AND NOT EXISTS (SELECT 1 FROM @extschema@.workflow_state s
        WHERE s.workflow = wf AND s.scope = 'order' AND s.state = o.state)
    LIMIT 1;
    IF orphan IS NOT NULL THEN
        RAISE EXCEPTION 'workflow "%" would drop state "%", which orders are in', wf, orphan
            USING ERRCODE = 'object_in_use',
                  HINT = 'Keep the state in the new definition, or move those orders on first.';
    END IF;
    RETURN wf;
END $$;
COMMENT ON FUNCTION @extschema@.register_workflow(jsonb) IS
    'registers or replaces a workflow plugin from its JSON definition (R-14.2); one call per plugin';
REVOKE ALL ON FUNCTION @extschema@.register_workflow(jsonb) FROM PUBLIC;
-- Work orders (工单, R-1), their assignments to handling units (R-4.4,
-- R-4.5) and their history (R-1.6).  State changes only through the
-- workflow engine (engine.c); the history is append-only.

CREATE TABLE @extschema@.work_order (
    order_no        @extschema@.order_no PRIMARY KEY,
    region          text NOT NULL CHECK (region ~ '^[0-9]{6}$'),
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name),
    state           text NOT NULL,
    citizen_id      bigint REFERENCES @extschema@.citizen (id),
    contact_name    text,
    confidential    boolean NOT NULL DEFAULT false,
    appeal_type     @extschema@.appeal_type NOT NULL,
    topic_id        bigint REFERENCES @extschema@.topic (id),
    urgency         @extschema@.urgency NOT NULL DEFAULT 'normal',
    channel         @extschema@.channel NOT NULL,
    source_hotline  text NOT NULL DEFAULT '12345' CHECK (source_hotline ~ '^[0-9]{3,8}$'),
    occurred_at     timestamptz,
    address         text,
    longitude       double precision CHECK (longitude BETWEEN -180 AND 180),
    latitude        double precision CHECK (latitude BETWEEN -90 AND 90),
    description     text NOT NULL CHECK (description <> ''),
    demand          text,
    accused_unit_id bigint REFERENCES @extschema@.unit (id),
    emergency_kind  @extschema@.emergency_kind,
    emergency_referral text CHECK (emergency_referral IN ('110', '119', '120', '122')),
    accepted_at     timestamptz NOT NULL,
    accepted_by     text NOT NULL,
    dispatch_due    timestamptz,
    reply_due       timestamptz,
    callback_due    timestamptz,
    callback_sampled boolean,
    closed_at       timestamptz,
    archived_at     timestamptz,
    merged_into     @extschema@.order_no REFERENCES @extschema@.work_order (order_no),
    updated_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CHECK (merged_into <> order_no),
    CHECK (@extschema@.order_no_region(order_no) = region)
);
CREATE INDEX ON @extschema@.work_order (citizen_id, accepted_at);
CREATE INDEX ON @extschema@.work_order (topic_id, accepted_at);
CREATE INDEX ON @extschema@.work_order (state) WHERE closed_at IS NULL;
COMMENT ON TABLE @extschema@.work_order IS
    'work orders (工单): one per appeal, from acceptance to archive (R-1); state changes only through workflow actions';
COMMENT ON COLUMN @extschema@.work_order.confidential IS 'the citizen asked for confidentiality (是否保密): hidden from units (R-11.1)';
COMMENT ON COLUMN @extschema@.work_order.source_hotline IS 'the hotline the appeal came through: 12345 or a merged line such as 12315, 12358';
COMMENT ON COLUMN @extschema@.work_order.accused_unit_id IS 'for complaints and reports: the unit complained about, never dispatched to (R-4.6)';
COMMENT ON COLUMN @extschema@.work_order.emergency_kind IS
    'an emergency, disaster, public-health or public-security matter: reported to the emergency department and duty office at once, under supervision (R-2.3)';
COMMENT ON COLUMN @extschema@.work_order.emergency_referral IS
    'an emergency handed over to 110 (police), 119 (fire), 120 (ambulance) or 122 (traffic) at intake (R-2.2)';
COMMENT ON COLUMN @extschema@.work_order.callback_sampled IS
    'R-7.1: whether the callback sampling job chose the reviewed order for a callback (NULL: not decided yet)';
COMMENT ON COLUMN @extschema@.work_order.merged_into IS 'merged (并案) into this order, which carries it';

CREATE TABLE @extschema@.assignment (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_no        @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    unit_id         bigint NOT NULL REFERENCES @extschema@.unit (id),
    parent_id       bigint REFERENCES @extschema@.assignment (id),
    role            text NOT NULL CHECK (role IN ('lead', 'assist', 'sub')),
    state           text NOT NULL,
    dispatch_mode   text NOT NULL,
    opinion         text,
    dispatched_at   timestamptz NOT NULL,
    sign_limit      @extschema@.time_limit,
    sign_due        timestamptz,
    reply_limit     @extschema@.time_limit,
    reply_from      timestamptz,
    reply_due       timestamptz,
    signed_at       timestamptz,
    replied_at      timestamptz,
    closed_at       timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CHECK (parent_id <> id)
);
CREATE INDEX ON @extschema@.assignment (order_no);
CREATE INDEX ON @extschema@.assignment (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX ON @extschema@.assignment (unit_id, state) WHERE closed_at IS NULL;
CREATE INDEX ON @extschema@.assignment (reply_due) WHERE closed_at IS NULL;
COMMENT ON TABLE @extschema@.assignment IS
    'an order dispatched to one unit: lead (牵头) or assisting (协办) unit (R-4.4), or a sub-unit it was passed down to (R-4.5)';
COMMENT ON COLUMN @extschema@.assignment.role IS
    'lead (牵头) or assisting (协办) unit of a dispatch (R-4.4), or sub: a sub-unit the parent assignment''s unit passed the order down to (R-4.5)';
COMMENT ON COLUMN @extschema@.assignment.sign_limit IS 'the time limit of sign_due, counted from dispatched_at on the unit''s calendar';
COMMENT ON COLUMN @extschema@.assignment.reply_limit IS
    'the time limit of reply_due, counted from reply_from on the unit''s calendar; NULL when the deadline was set as a date (an approved extension), which a calendar change leaves alone';
COMMENT ON COLUMN @extschema@.assignment.reply_from IS 'when the reply period started: the dispatch, or the send-back for redo';
COMMENT ON COLUMN @extschema@.assignment.parent_id IS 'the assignment of the unit that passed this one down (R-4.5)';

CREATE TABLE @extschema@.order_event (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_no        @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    assignment_id   bigint REFERENCES @extschema@.assignment (id),
    at              timestamptz NOT NULL DEFAULT pg_catalog.now(),
    actor           text NOT NULL,
    role            text NOT NULL,
    action          text NOT NULL,
    from_state      text,
    to_state        text,
    reason          text,
    payload         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX ON @extschema@.order_event (order_no, id);
CREATE INDEX ON @extschema@.order_event (action, at);
COMMENT ON TABLE @extschema@.order_event IS
    'the history of every order (R-1.6): who, in which role, when, what, from which state to which, why; append-only, the legal record';

-- The history is append-only (R-1.6): no UPDATE, DELETE or TRUNCATE reaches it.
CREATE FUNCTION @extschema@.order_event_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'the history of work orders is append-only'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = format('%s on hotline.order_event is not allowed: it is the legal record of every order (R-1.6).', TG_OP),
              HINT = 'Record a correction as a new event through a workflow action.';
END $$;
COMMENT ON FUNCTION @extschema@.order_event_append_only() IS 'trigger: refuses UPDATE, DELETE and TRUNCATE of the history';
CREATE TRIGGER order_event_append_only BEFORE UPDATE OR DELETE ON @extschema@.order_event
    FOR EACH ROW EXECUTE FUNCTION @extschema@.order_event_append_only();
CREATE TRIGGER order_event_no_truncate BEFORE TRUNCATE ON @extschema@.order_event
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.order_event_append_only();

-- State changes only through the engine (engine.c sets its own flag).  Only
-- UPDATE is guarded: pg_restore must be able to INSERT orders in any state.
CREATE FUNCTION @extschema@.guard_state() RETURNS trigger
    AS 'MODULE_PATHNAME', 'hotline_guard_state' LANGUAGE C;
COMMENT ON FUNCTION @extschema@.guard_state() IS
    'trigger: the state of an order or assignment changes only through a workflow action';
CREATE TRIGGER work_order_guard_state BEFORE UPDATE OF state ON @extschema@.work_order
    FOR EACH ROW EXECUTE FUNCTION @extschema@.guard_state();
CREATE TRIGGER assignment_guard_state BEFORE UPDATE OF state ON @extschema@.assignment
    FOR EACH ROW EXECUTE FUNCTION @extschema@.guard_state();

SELECT pg_catalog.pg_extension_config_dump('@extschema@.work_order', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.assignment', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.order_event', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.assignment', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.order_event', 'id')::regclass, '');

-- Orders hold personal data (R-11): no PUBLIC access; roles come with the engine.
REVOKE ALL ON @extschema@.work_order, @extschema@.assignment, @extschema@.order_event FROM PUBLIC;
-- The workflow engine's entry points (engine.c).  They run with the
-- extension owner's rights (the tables are not open to PUBLIC) and a pinned
-- search_path; the workflow decides who may do what through actor_role.

-- The time limit of a deadline: the most specific row of the workflow's
-- limits for the dispatch mode, urgency and appeal type, a row of your own
-- before a built-in one.
CREATE FUNCTION @extschema@.workflow_time_limit(workflow text, deadline text, dispatch_mode text,
                                                urgency @extschema@.urgency,
                                                appeal_type @extschema@.appeal_type)
RETURNS @extschema@.time_limit
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    result @extschema@.time_limit;
BEGIN
    SELECT l.time_limit INTO result
    FROM @extschema@.workflow_limit l
    WHERE l.workflow = $1 AND l.deadline = $2
      AND (l.dispatch_mode IS NULL OR l.dispatch_mode = $3)
      AND (l.urgency IS NULL OR l.urgency = $4)
      AND (l.appeal_type IS NULL OR l.appeal_type = $5)
    ORDER BY (l.dispatch_mode IS NOT NULL)::int * 4 + (l.urgency IS NOT NULL)::int * 2
             + (l.appeal_type IS NOT NULL)::int DESC,
             l.builtin
    LIMIT 1;
    IF result IS NULL THEN
        RAISE EXCEPTION 'workflow "%" has no time limit "%" for dispatch mode %, urgency %, appeal type %',
                $1, $2, coalesce($3, '-'), coalesce($4::text, '-'), coalesce($5::text, '-')
            USING ERRCODE = 'undefined_object',
                  HINT = 'Add a row to hotline.workflow_limit for this deadline (NULL columns match anything).';
    END IF;
    RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.workflow_time_limit(text, text, text, @extschema@.urgency, @extschema@.appeal_type) IS
    'the time limit of a workflow deadline for a dispatch mode, urgency and appeal type (most specific row; yours before built-in)';

CREATE FUNCTION @extschema@.open_order(workflow text, action text, actor text, actor_role text,
                                       params jsonb DEFAULT '{}')
RETURNS @extschema@.order_no
AS 'MODULE_PATHNAME', 'hotline_open_order'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.open_order(text, text, text, text, jsonb) IS
    'creates a work order by an action that starts from the pseudo-state new (accept, reject, answer); params: region, appeal_type, channel, description, citizen_phone, ...';

CREATE FUNCTION @extschema@.apply_action(order_no @extschema@.order_no, action text, actor text,
                                         actor_role text, params jsonb DEFAULT '{}',
                                         assignment_id bigint DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'hotline_apply_action'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.apply_action(@extschema@.order_no, text, text, text, jsonb, bigint) IS
    'applies a workflow action to an order (or one of its assignments): locks, checks state, role and parameters, applies the effects, records the event, calls the hooks; returns the order''s state';

-- Callers get these through roles (a later release); not PUBLIC.
REVOKE ALL ON FUNCTION @extschema@.open_order(text, text, text, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.apply_action(@extschema@.order_no, text, text, text, jsonb, bigint) FROM PUBLIC;
-- The outbox (R-14.3): every message the hotline sends out -- reminders
-- (提醒), hastenings (催办), public notices (通报), emergencies -- is a row
-- here and a NOTIFY on channel hotline_outbox.  Gateways (an SMS gateway,
-- a mail relay, a dashboard) claim rows through hotline.outbox_claim with
-- FOR UPDATE SKIP LOCKED under a lease, then acknowledge delivery
-- (outbox_ack) or failure (outbox_fail); failures are retried with
-- exponential backoff and end as 'dead' rows for a human to look at.
--
-- Guarantees: a producer's dedup_key posts a message at most once; two
-- gateways never hold the same row at the same time; a gateway that dies
-- mid-batch loses nothing (its lease runs out and the row is claimed again);
-- a gateway whose lease ran out and whose row was taken over is told so when
-- it acknowledges.  Delivery is at least once: a gateway that sends after
-- its lease ran out may duplicate a message, so leases should be longer than
-- a batch takes to send.

CREATE TABLE @extschema@.outbox (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
    order_no            @extschema@.order_no REFERENCES @extschema@.work_order (order_no),
    assignment_id       bigint REFERENCES @extschema@.assignment (id),
    recipient_unit_id   bigint REFERENCES @extschema@.unit (id),
    recipient_user      text CHECK (recipient_user <> '' AND pg_catalog.length(recipient_user) <= 254),
    channel             text NOT NULL CHECK (channel IN ('sms', 'email', 'system')),
    template            text NOT NULL CHECK (template ~ '^[a-z][a-z0-9_.-]{0,63}$'),
    payload             jsonb NOT NULL DEFAULT '{}' CHECK (pg_catalog.jsonb_typeof(payload) = 'object'),
    dedup_key           text UNIQUE CHECK (dedup_key <> '' AND pg_catalog.length(dedup_key) <= 256),
    state               text NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'claimed', 'sent', 'dead')),
    attempts            integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    claimed_by          text,
    claimed_until       timestamptz,
    sent_at             timestamptz,
    last_error          text,
    CHECK (recipient_unit_id IS NOT NULL OR recipient_user IS NOT NULL),
    CHECK (state <> 'claimed' OR (claimed_by IS NOT NULL AND claimed_until IS NOT NULL)),
    CHECK ((state = 'sent') = (sent_at IS NOT NULL))
);
-- claiming touches only what is due: pending rows by their next attempt,
-- claimed rows by the end of their lease
CREATE INDEX outbox_pending_idx ON @extschema@.outbox (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbox_claimed_idx ON @extschema@.outbox (claimed_until) WHERE state = 'claimed';
-- what was sent about an order (and deleting orders stays cheap)
CREATE INDEX outbox_order_idx ON @extschema@.outbox (order_no) WHERE order_no IS NOT NULL;

COMMENT ON TABLE @extschema@.outbox IS
    'messages to send (R-14.3): reminders, hastenings, notices, emergencies; posted by hotline.post_message, claimed, acknowledged and retried by gateways';
COMMENT ON COLUMN @extschema@.outbox.recipient_unit_id IS 'the handling unit (承办单位) to tell; the gateway resolves it to the unit''s contacts';
COMMENT ON COLUMN @extschema@.outbox.recipient_user IS 'a person to tell: a login, phone number or address, as the channel needs';
COMMENT ON COLUMN @extschema@.outbox.channel IS 'sms (短信), email, or system (站内消息, shown in the hotline''s own screens)';
COMMENT ON COLUMN @extschema@.outbox.template IS 'the template key the gateway renders the payload with: remind, hasten, notice, emergency, ...';
COMMENT ON COLUMN @extschema@.outbox.payload IS 'a JSON object with the template''s values, e.g. {"text": "...", "order_no": "...", "due": "..."}';
COMMENT ON COLUMN @extschema@.outbox.dedup_key IS 'the producer''s key of "never twice", e.g. remind:<assignment>:<rule>; a second post with the same key adds nothing';
COMMENT ON COLUMN @extschema@.outbox.state IS 'pending (waiting for a gateway), claimed (held by one under a lease), sent, dead (retries used up or given up: for a human)';
COMMENT ON COLUMN @extschema@.outbox.attempts IS 'how many times a gateway claimed the message';
COMMENT ON COLUMN @extschema@.outbox.next_attempt_at IS 'a pending message is not claimed before this time (backoff after a failure)';
COMMENT ON COLUMN @extschema@.outbox.claimed_by IS 'the gateway that holds the message, or held it last';
COMMENT ON COLUMN @extschema@.outbox.claimed_until IS 'the end of the lease: after it another gateway may claim the message';
COMMENT ON COLUMN @extschema@.outbox.last_error IS 'what the last failed attempt reported';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.outbox', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.outbox', 'id')::regclass, '');

-- Messages carry names, phone numbers and the text of appeals (R-11): no
-- PUBLIC access; producers and gateways go through the functions below.
REVOKE ALL ON @extschema@.outbox FROM PUBLIC;

-- The retry policy, in two constants: at most 8 attempts, and a failed
-- attempt n waits 1 minute * 2^(n-1), at most 1 hour (1, 2, 4, ..., 32, 60
-- minutes).
CREATE FUNCTION @extschema@.outbox_max_attempts() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 8 $$;
COMMENT ON FUNCTION @extschema@.outbox_max_attempts() IS
    'how many times a message is claimed before it is dead (8)';

CREATE FUNCTION @extschema@.outbox_backoff(attempts integer) RETURNS interval
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT least(interval '1 minute' * power(2, least(greatest($1, 1), 30) - 1), interval '1 hour')
$$;
COMMENT ON FUNCTION @extschema@.outbox_backoff(integer) IS
    'the wait after failed attempt n: 1 minute * 2^(n-1), at most 1 hour';

-- Checks shared by the functions below; they raise the user-facing errors.
CREATE FUNCTION @extschema@.outbox_check_channel(channel text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF $1 IS NULL OR $1 NOT IN ('sms', 'email', 'system') THEN
        RAISE EXCEPTION 'unknown outbox channel "%"', $1
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The channels are sms, email and system.';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.outbox_check_channel(text) IS
    'internal: raises 22023 unless the channel is sms, email or system';

CREATE FUNCTION @extschema@.outbox_check_gateway(gateway text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF $1 IS NULL THEN
        RAISE EXCEPTION 'gateway must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Each gateway names itself, e.g. ''sms-gw-1'', and uses that name to claim, acknowledge and fail.';
    ELSIF $1 = '' THEN
        RAISE EXCEPTION 'gateway must not be empty'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Each gateway names itself, e.g. ''sms-gw-1'', and uses that name to claim, acknowledge and fail.';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.outbox_check_gateway(text) IS 'internal: raises unless the gateway name is given';

-- A gateway answers only for a message it holds (claimed by it, even if
-- the lease ran out, as long as nobody took it over).
CREATE FUNCTION @extschema@.outbox_check_holder(m @extschema@.outbox, gateway text, what text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    detail text;
BEGIN
    IF m.state = 'claimed' AND m.claimed_by = gateway THEN
        RETURN;
    END IF;
    detail := CASE m.state
        WHEN 'claimed' THEN format('Message %s is held by gateway "%s" until %s.', m.id, m.claimed_by, m.claimed_until)
        WHEN 'pending' THEN format('Message %s is pending (attempt %s done, next at %s): no gateway holds it.',
                                   m.id, m.attempts, m.next_attempt_at)
        WHEN 'sent' THEN format('Message %s was sent by gateway "%s" at %s.', m.id, m.claimed_by, m.sent_at)
        ELSE format('Message %s is dead after %s attempts: %s.', m.id, m.attempts, coalesce(m.last_error, 'no error given'))
    END;
    RAISE EXCEPTION 'gateway "%" cannot % outbox message %: it does not hold it', gateway, what, m.id
        USING ERRCODE = 'object_not_in_prerequisite_state',
              DETAIL = detail,
              HINT = 'A gateway answers only for the messages it claimed; when its lease runs out, another gateway may take a message over.';
END $$;
COMMENT ON FUNCTION @extschema@.outbox_check_holder(@extschema@.outbox, text, text) IS
    'internal: raises 55000 unless the message is claimed by this gateway';

CREATE FUNCTION @extschema@.post_message(
    channel text,
    template text,
    payload jsonb DEFAULT '{}',
    recipient_unit text DEFAULT NULL,
    recipient_user text DEFAULT NULL,
    order_no @extschema@.order_no DEFAULT NULL,
    assignment_id bigint DEFAULT NULL,
    dedup_key text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_column
DECLARE
    unit_id bigint;
    the_order @extschema@.order_no := post_message.order_no;
    a_order @extschema@.order_no;
    a_unit bigint;
    new_id bigint;
BEGIN
    IF post_message.channel IS NULL OR post_message.template IS NULL OR post_message.payload IS NULL THEN
        RAISE EXCEPTION 'channel, template and payload of a message must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Post e.g. hotline.post_message(''sms'', ''remind'', ''{"text": "..."}'', recipient_unit => ''bj-dc'').';
    END IF;
    PERFORM @extschema@.outbox_check_channel(post_message.channel);
    IF post_message.template !~ '^[a-z][a-z0-9_.-]{0,63}$' THEN
        RAISE EXCEPTION 'invalid template key "%"', post_message.template
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A template key is 1 to 64 lower-case letters, digits, "_", "." or "-", starting with a letter.',
                  HINT = 'The gateway renders the payload with the template of this key, e.g. remind, hasten, notice, emergency.';
    END IF;
    IF pg_catalog.jsonb_typeof(post_message.payload) <> 'object' THEN
        RAISE EXCEPTION 'the payload of a message must be a JSON object, not %', pg_catalog.jsonb_typeof(post_message.payload)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give the template''s values by name, e.g. ''{"text": "...", "order_no": "..."}''.';
    END IF;
    IF post_message.dedup_key = '' OR pg_catalog.length(post_message.dedup_key) > 256 THEN
        RAISE EXCEPTION 'a dedup key must be 1 to 256 characters'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Leave it NULL when the message may be posted more than once.';
    END IF;
    IF post_message.recipient_user = '' OR pg_catalog.length(post_message.recipient_user) > 254 THEN
        RAISE EXCEPTION 'a recipient user must be 1 to 254 characters'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    IF post_message.recipient_unit IS NOT NULL THEN
        SELECT u.id INTO unit_id FROM @extschema@.unit u WHERE u.code = post_message.recipient_unit;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'unit "%" does not exist', post_message.recipient_unit
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Units are rows of hotline.unit, named by their code.';
        END IF;
    END IF;

    -- an assignment names its order and, by default, the unit to tell
    IF post_message.assignment_id IS NOT NULL THEN
        SELECT a.order_no, a.unit_id INTO a_order, a_unit
        FROM @extschema@.assignment a WHERE a.id = post_message.assignment_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'assignment % does not exist', post_message.assignment_id
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF the_order IS NULL THEN
            the_order := a_order;
        ELSIF the_order <> a_order THEN
            RAISE EXCEPTION 'assignment % belongs to order %, not %', post_message.assignment_id, a_order, the_order
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Leave order_no out: it is taken from the assignment.';
        END IF;
        IF unit_id IS NULL AND post_message.recipient_user IS NULL THEN
            unit_id := a_unit;
        END IF;
    ELSIF the_order IS NOT NULL THEN
        PERFORM FROM @extschema@.work_order w WHERE w.order_no = the_order;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'work order % does not exist', the_order
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;

    IF unit_id IS NULL AND post_message.recipient_user IS NULL THEN
        RAISE EXCEPTION 'a message needs a recipient'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give recipient_unit (a unit code), recipient_user, or the assignment_id whose unit is to be told.';
    END IF;

    INSERT INTO @extschema@.outbox AS o (order_no, assignment_id, recipient_unit_id, recipient_user,
                                         channel, template, payload, dedup_key)
    VALUES (the_order, post_message.assignment_id, unit_id, post_message.recipient_user,
            post_message.channel, post_message.template, post_message.payload, post_message.dedup_key)
    ON CONFLICT (dedup_key) DO NOTHING
    RETURNING o.id INTO new_id;
    IF new_id IS NULL THEN
        RETURN NULL;                -- posted before under this dedup key
    END IF;

    -- delivered at commit, and not at all if the transaction rolls back
    PERFORM pg_catalog.pg_notify('hotline_outbox', pg_catalog.json_build_object(
        'id', new_id, 'channel', post_message.channel, 'template', post_message.template,
        'recipient_unit', post_message.recipient_unit, 'recipient_user', post_message.recipient_user,
        'order_no', the_order::text)::text);
    RETURN new_id;
END $$;
COMMENT ON FUNCTION @extschema@.post_message(text, text, jsonb, text, text, @extschema@.order_no, bigint, text) IS
    'posts a message to the outbox and notifies channel hotline_outbox at commit; returns its id, or NULL when dedup_key was posted before (R-14.3)';

CREATE FUNCTION @extschema@.outbox_claim(
    gateway text,
    channel text DEFAULT NULL,
    batch integer DEFAULT 100,
    lease interval DEFAULT '5 minutes')
RETURNS SETOF @extschema@.outbox
LANGUAGE plpgsql VOLATILE SECURITY DEFINER ROWS 100
SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_column
DECLARE
    max_attempts CONSTANT integer := @extschema@.outbox_max_attempts();
BEGIN
    PERFORM @extschema@.outbox_check_gateway(outbox_claim.gateway);
    IF outbox_claim.batch IS NULL OR outbox_claim.lease IS NULL THEN
        RAISE EXCEPTION 'batch and lease must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF outbox_claim.batch NOT BETWEEN 1 AND 10000 THEN
        RAISE EXCEPTION 'batch must be between 1 and 10000, not %', outbox_claim.batch
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Claim what the gateway can send within its lease, and claim again.';
    END IF;
    IF outbox_claim.lease <= interval '0' OR outbox_claim.lease > interval '1 day' THEN
        RAISE EXCEPTION 'lease must be more than 0 and at most 1 day, not %', outbox_claim.lease
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A message whose gateway died comes back only when its lease runs out.';
    END IF;
    IF outbox_claim.channel IS NOT NULL THEN
        PERFORM @extschema@.outbox_check_channel(outbox_claim.channel);
    END IF;

    -- A message whose lease ran out on its last attempt (its gateway died,
    -- perhaps on this very message) is not handed out again: it is dead.
    UPDATE @extschema@.outbox o
    SET state = 'dead', claimed_until = NULL,
        last_error = format('the lease of gateway "%s" ran out on attempt %s without an answer',
                            o.claimed_by, o.attempts)
    WHERE o.id IN (SELECT x.id FROM @extschema@.outbox x
                   WHERE x.state = 'claimed' AND x.claimed_until <= pg_catalog.now()
                     AND x.attempts >= max_attempts
                     AND (outbox_claim.channel IS NULL OR x.channel = outbox_claim.channel)
                   ORDER BY x.claimed_until
                   LIMIT outbox_claim.batch
                   FOR UPDATE SKIP LOCKED);

    -- Expired leases first (their messages waited longest), then pending
    -- messages that are due, oldest due first; rows another gateway is
    -- claiming at this instant are skipped, not waited for.
    RETURN QUERY
    WITH expired AS (
        SELECT x.id FROM @extschema@.outbox x
        WHERE x.state = 'claimed' AND x.claimed_until <= pg_catalog.now()
          AND x.attempts < max_attempts
          AND (outbox_claim.channel IS NULL OR x.channel = outbox_claim.channel)
        ORDER BY x.claimed_until
        LIMIT outbox_claim.batch
        FOR UPDATE SKIP LOCKED
    ), due AS (
        SELECT x.id FROM @extschema@.outbox x
        WHERE x.state = 'pending' AND x.next_attempt_at <= pg_catalog.now()
          AND (outbox_claim.channel IS NULL OR x.channel = outbox_claim.channel)
        ORDER BY x.next_attempt_at, x.id
        LIMIT outbox_claim.batch - (SELECT count(*) FROM expired)
        FOR UPDATE SKIP LOCKED
    ), claimed AS (
        UPDATE @extschema@.outbox o
        SET state = 'claimed', claimed_by = outbox_claim.gateway,
            claimed_until = pg_catalog.now() + outbox_claim.lease, attempts = o.attempts + 1
        WHERE o.id IN (SELECT e.id FROM expired e UNION ALL SELECT d.id FROM due d)
        RETURNING o.*
    )
    SELECT c.* FROM claimed c ORDER BY c.id;
END $$;
COMMENT ON FUNCTION @extschema@.outbox_claim(text, text, integer, interval) IS
    'a gateway takes up to batch due messages (of one channel, or all) under a lease, FOR UPDATE SKIP LOCKED; messages whose lease ran out are taken again (R-14.3)';

CREATE FUNCTION @extschema@.outbox_ack(id bigint, gateway text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_column
DECLARE
    m @extschema@.outbox;
BEGIN
    PERFORM @extschema@.outbox_check_gateway(outbox_ack.gateway);
    IF outbox_ack.id IS NULL THEN
        RAISE EXCEPTION 'message id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT * INTO m FROM @extschema@.outbox o WHERE o.id = outbox_ack.id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'outbox message % does not exist', outbox_ack.id
            USING ERRCODE = 'no_data_found';
    END IF;
    IF m.state = 'sent' AND m.claimed_by = outbox_ack.gateway THEN
        RETURN;                     -- acknowledged before: nothing to do
    END IF;
    PERFORM @extschema@.outbox_check_holder(m, outbox_ack.gateway, 'acknowledge');
    UPDATE @extschema@.outbox o SET state = 'sent', sent_at = pg_catalog.now(), claimed_until = NULL
    WHERE o.id = m.id;
END $$;
COMMENT ON FUNCTION @extschema@.outbox_ack(bigint, text) IS
    'a gateway reports a message it holds as sent; repeating it is a no-op; 55000 when the gateway does not hold the message (R-14.3)';

CREATE FUNCTION @extschema@.outbox_fail(id bigint, gateway text, error text, retry boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_column
DECLARE
    m @extschema@.outbox;
BEGIN
    PERFORM @extschema@.outbox_check_gateway(outbox_fail.gateway);
    IF outbox_fail.id IS NULL OR outbox_fail.error IS NULL OR outbox_fail.retry IS NULL THEN
        RAISE EXCEPTION 'message id, error and retry must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Say what went wrong, e.g. outbox_fail(42, ''sms-gw-1'', ''gateway timeout'').';
    END IF;
    SELECT * INTO m FROM @extschema@.outbox o WHERE o.id = outbox_fail.id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'outbox message % does not exist', outbox_fail.id
            USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM @extschema@.outbox_check_holder(m, outbox_fail.gateway, 'fail');
    IF NOT outbox_fail.retry OR m.attempts >= @extschema@.outbox_max_attempts() THEN
        UPDATE @extschema@.outbox o SET state = 'dead', claimed_until = NULL, last_error = outbox_fail.error
        WHERE o.id = m.id;
    ELSE
        UPDATE @extschema@.outbox o
        SET state = 'pending', claimed_until = NULL, last_error = outbox_fail.error,
            next_attempt_at = pg_catalog.now() + @extschema@.outbox_backoff(m.attempts)
        WHERE o.id = m.id;
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.outbox_fail(bigint, text, text, boolean) IS
    'a gateway reports a failed attempt: the message waits outbox_backoff(attempts) and is retried, or is dead after outbox_max_attempts() attempts or when retry is false (R-14.3)';

CREATE VIEW @extschema@.outbox_status AS
SELECT o.channel, o.state,
       count(*) AS messages,
       count(*) FILTER (WHERE (o.state = 'pending' AND o.next_attempt_at <= pg_catalog.now())
                           OR (o.state = 'claimed' AND o.claimed_until <= pg_catalog.now())) AS waiting,
       min(o.created_at) AS oldest
FROM @extschema@.outbox o
GROUP BY o.channel, o.state;
COMMENT ON VIEW @extschema@.outbox_status IS
    'the outbox per channel and state, for a dashboard: messages, how many wait for a gateway now (due, or their lease ran out), the oldest';

-- Posting sends text messages to people, claiming reads their contents:
-- nothing here is PUBLIC.  The DBA grants EXECUTE on post_message to the
-- producers, on outbox_claim, outbox_ack and outbox_fail to the gateways'
-- roles, and SELECT on outbox_status to dashboards.
REVOKE ALL ON @extschema@.outbox_status FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.post_message(text, text, jsonb, text, text, @extschema@.order_no, bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.outbox_claim(text, text, integer, interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.outbox_ack(bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.outbox_fail(bigint, text, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.outbox_check_holder(@extschema@.outbox, text, text) FROM PUBLIC;
-- Reminders (提醒, R-5.1), hastenings (催办, R-5.4) and public notices
-- (通报), run by the sweep job, and the recomputation of deadlines when a
-- calendar changes.
--
-- The time rules of a workflow (hotline.escalation_rule, kinds remind and
-- hasten) watch a deadline of an order (dispatch_due, callback_due) or of an
-- assignment (sign_due, reply_due).  Each watched deadline has one alarm per
-- rule: the next time the rule must act.  Triggers keep alarms in step with
-- the deadlines (a deadline set, moved or cleared moves its alarms); the
-- sweep takes only the alarms that are due, through the index on fire_at,
-- so its cost grows with what is due, not with the open orders.  A state
-- change does not touch alarms: the sweep finds an alarm whose object has
-- left the rule's states (replied, closed) when it comes due, and retires it
-- without a message.

-- Alarms are derived from the deadlines by the engine and its triggers only,
-- and orders and assignments are never deleted: no foreign keys, whose
-- checks would cost every dispatch a query per alarm.
CREATE TABLE @extschema@.alarm (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_no        @extschema@.order_no NOT NULL,
    assignment_id   bigint,
    rule            text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('remind', 'hasten')),
    due_at          timestamptz,
    fire_at         timestamptz,
    fired           integer NOT NULL DEFAULT 0 CHECK (fired >= 0),
    last_fired_at   timestamptz,
    UNIQUE NULLS NOT DISTINCT (assignment_id, order_no, rule)    -- also the index by assignment
);
CREATE INDEX alarm_fire_idx ON @extschema@.alarm (fire_at) WHERE fire_at IS NOT NULL;
COMMENT ON TABLE @extschema@.alarm IS
    'the next time each time rule (remind, hasten) must act on a deadline of an order or an assignment; kept by triggers, taken by hotline.sweep';
COMMENT ON COLUMN @extschema@.alarm.due_at IS 'the deadline the alarm watches, as it was when the alarm was computed';
COMMENT ON COLUMN @extschema@.alarm.fire_at IS 'when the rule acts next; NULL when it has nothing more to do (a reminder sent, an object no longer in the rule''s states)';
COMMENT ON COLUMN @extschema@.alarm.fired IS 'how many times the rule acted: 1 for a reminder sent (never twice), the number of hastenings';

-- Public notices (通报, R-5.4): hastened notice_after times and still not done.
CREATE TABLE @extschema@.public_notice (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alarm_id        bigint NOT NULL UNIQUE REFERENCES @extschema@.alarm (id),
    order_no        @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    assignment_id   bigint REFERENCES @extschema@.assignment (id),
    unit_id         bigint REFERENCES @extschema@.unit (id),
    hastenings      integer NOT NULL,
    due_at          timestamptz,
    issued_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    text            text NOT NULL
);
CREATE INDEX ON @extschema@.public_notice (unit_id, issued_at);
CREATE INDEX ON @extschema@.public_notice (order_no);
COMMENT ON TABLE @extschema@.public_notice IS
    'public notices (通报) of units hastened notice_after times that still have not done the order (R-5.4); part of unit assessment';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.alarm', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.alarm', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.public_notice', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.public_notice', 'id')::regclass, '');
REVOKE ALL ON @extschema@.alarm, @extschema@.public_notice FROM PUBLIC;

-- The text of a message about a deadline, in Chinese as units receive it;
-- times in the calendar's zone.
CREATE FUNCTION @extschema@.alarm_text(kind text, due text, order_no @extschema@.order_no, unit_name text,
                                       due_at timestamptz, fired integer, time_zone text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT pg_catalog.format(CASE
    WHEN $1 = 'notice' THEN '【12345热线】通报：%2$s承办的工单%1$s已于%3$s超期，经%4$s次催办仍未办结。'
    WHEN $1 = 'hasten' THEN '【12345热线】催办：%2$s承办的工单%1$s已于%3$s超期，第%4$s次催办，请立即办理并答复。'
    WHEN $2 = 'sign_due' THEN '【12345热线】提醒：请%2$s于%3$s前签收工单%1$s。'
    WHEN $2 = 'dispatch_due' THEN '【12345热线】提醒：工单%1$s须于%3$s前派单。'
    WHEN $2 = 'callback_due' THEN '【12345热线】提醒：工单%1$s须于%3$s前回访。'
    ELSE '【12345热线】提醒：%2$s承办的工单%1$s将于%3$s到期，请抓紧办理并答复。' END,
    $3::text, coalesce($4, '热线'), pg_catalog.to_char(pg_catalog.timezone($7, $5), 'YYYY-MM-DD HH24:MI'), $6)
$$;
COMMENT ON FUNCTION @extschema@.alarm_text(text, text, @extschema@.order_no, text, timestamptz, integer, text) IS
    'internal: the text of a reminder, hastening or public notice';

-- Alarms follow the deadlines.  Only the rules of the deadlines that
-- changed are touched, so a hastening already sent is not sent again
-- because another deadline moved; a reminder sent is never sent again
-- (once per assignment and rule), whatever happens to the deadline.
--
-- Alarms are made by the engine when it creates assignments (dispatch,
-- pass-down: hotline.alarm_assignments) or an order with deadlines
-- (acceptance: hotline.alarm_order), and by the triggers below when a
-- deadline is set or moved by an UPDATE.  No trigger fires on
-- INSERT, so that pg_restore, which inserts orders, assignments and their
-- alarms, restores the alarms as they were and makes none of its own.
CREATE FUNCTION @extschema@.alarm_assignments(order_no @extschema@.order_no, assignment_id bigint,
                                              changed text[])
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$   -- internal: called by the engine and by alarm_refresh (SECURITY DEFINER)
#variable_conflict use_column
BEGIN
INSERT INTO @extschema@.alarm AS al (order_no, assignment_id, rule, kind, due_at, fire_at)
SELECT a.order_no, a.id, r.rule, r.kind, d.due,
       CASE WHEN d.due IS NULL THEN NULL
            WHEN r.kind = 'hasten' THEN d.due
            WHEN d.due <= pg_catalog.now() THEN NULL    -- too late to remind: the hastening follows
            -- a reminder due before the period started (an urgent limit shorter
            -- than the rule's "before") is not sent
            WHEN r.share IS NOT NULL THEN @extschema@.share_point(u.calendar, d.start, d.due, r.share)
            ELSE nullif(greatest(@extschema@.before_deadline(u.calendar, d.due, r.before), d.start), d.start) END
FROM @extschema@.assignment a
JOIN @extschema@.work_order o ON o.order_no = a.order_no
JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.kind IN ('remind', 'hasten')
                                  AND r.due IN ('sign_due', 'reply_due')
                                  AND (changed IS NULL OR r.due = ANY (changed))
JOIN @extschema@.unit u ON u.id = a.unit_id
CROSS JOIN LATERAL (SELECT CASE r.due WHEN 'sign_due' THEN a.sign_due ELSE a.reply_due END AS due,
                           CASE r.due WHEN 'sign_due' THEN a.dispatched_at
                                ELSE coalesce(a.reply_from, a.dispatched_at) END AS start) d
WHERE a.order_no = alarm_assignments.order_no
  AND (alarm_assignments.assignment_id IS NULL OR a.id = alarm_assignments.assignment_id)
  AND (changed IS NOT NULL OR (a.closed_at IS NULL AND d.due IS NOT NULL))
ON CONFLICT (order_no, assignment_id, rule) DO UPDATE
    SET due_at = EXCLUDED.due_at,
        fire_at = CASE WHEN al.kind = 'remind' AND al.fired > 0 THEN NULL ELSE EXCLUDED.fire_at END
    WHERE changed IS NOT NULL;
END $$;
COMMENT ON FUNCTION @extschema@.alarm_assignments(@extschema@.order_no, bigint, text[]) IS
    'internal: computes the alarms of the time rules on the deadlines of an order''s assignments (one, or all without alarms when assignment_id is NULL), for the deadlines in changed (NULL: all)';

CREATE FUNCTION @extschema@.alarm_order(order_no @extschema@.order_no, changed text[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$   -- internal: called by the engine and by alarm_refresh (SECURITY DEFINER)
#variable_conflict use_column
BEGIN
INSERT INTO @extschema@.alarm AS al (order_no, assignment_id, rule, kind, due_at, fire_at)
SELECT o.order_no, NULL, r.rule, r.kind, d.due,
       CASE WHEN d.due IS NULL THEN NULL
            WHEN r.kind = 'hasten' THEN d.due
            WHEN d.due <= pg_catalog.now() THEN NULL    -- too late to remind: the hastening follows
            WHEN r.share IS NOT NULL THEN @extschema@.share_point(w.calendar, o.accepted_at, d.due, r.share)
            ELSE @extschema@.before_deadline(w.calendar, d.due, r.before) END
FROM @extschema@.work_order o
JOIN @extschema@.workflow w ON w.name = o.workflow
JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.kind IN ('remind', 'hasten')
                                  AND r.due IN ('dispatch_due', 'callback_due')
                                  AND (changed IS NULL OR r.due = ANY (changed))
CROSS JOIN LATERAL (SELECT CASE r.due WHEN 'dispatch_due' THEN o.dispatch_due ELSE o.callback_due END AS due) d
WHERE o.order_no = alarm_order.order_no AND d.due IS NOT NULL
ON CONFLICT (order_no, assignment_id, rule) DO UPDATE
    SET due_at = EXCLUDED.due_at,
        fire_at = CASE WHEN al.kind = 'remind' AND al.fired > 0 THEN NULL ELSE EXCLUDED.fire_at END;
END $$;
COMMENT ON FUNCTION @extschema@.alarm_order(@extschema@.order_no, text[]) IS
    'internal: computes the alarms of the time rules on an order''s own deadlines (dispatch_due, callback_due), those in changed (NULL: all set)';

CREATE FUNCTION @extschema@.alarm_refresh() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    changed text[] := '{}';
BEGIN
    IF TG_TABLE_NAME = 'assignment' THEN
        IF OLD.sign_due IS DISTINCT FROM NEW.sign_due AND NEW.sign_due IS NOT NULL THEN
            changed := changed || 'sign_due'::text;
        END IF;
        IF OLD.reply_due IS DISTINCT FROM NEW.reply_due AND NEW.reply_due IS NOT NULL THEN
            changed := changed || 'reply_due'::text;
        END IF;
        PERFORM @extschema@.alarm_assignments(NEW.order_no, NEW.id, changed);
    ELSE
        IF OLD.dispatch_due IS DISTINCT FROM NEW.dispatch_due AND NEW.dispatch_due IS NOT NULL THEN
            changed := changed || 'dispatch_due'::text;
        END IF;
        IF OLD.callback_due IS DISTINCT FROM NEW.callback_due AND NEW.callback_due IS NOT NULL THEN
            changed := changed || 'callback_due'::text;
        END IF;
        PERFORM @extschema@.alarm_order(NEW.order_no, changed);
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.alarm_refresh() IS
    'trigger: computes again the alarms of the time rules (remind, hasten) of the deadlines an update set, moved or cleared';
-- A deadline cleared needs nothing: its alarms no longer match it, and the
-- sweep retires them when they come due.
CREATE TRIGGER assignment_alarms AFTER UPDATE OF sign_due, reply_due ON @extschema@.assignment
    FOR EACH ROW WHEN ((OLD.sign_due IS DISTINCT FROM NEW.sign_due AND NEW.sign_due IS NOT NULL)
                       OR (OLD.reply_due IS DISTINCT FROM NEW.reply_due AND NEW.reply_due IS NOT NULL))
    EXECUTE FUNCTION @extschema@.alarm_refresh();
CREATE TRIGGER work_order_alarms AFTER UPDATE OF dispatch_due, callback_due ON @extschema@.work_order
    FOR EACH ROW WHEN ((OLD.dispatch_due IS DISTINCT FROM NEW.dispatch_due AND NEW.dispatch_due IS NOT NULL)
                       OR (OLD.callback_due IS DISTINCT FROM NEW.callback_due AND NEW.callback_due IS NOT NULL))
    EXECUTE FUNCTION @extschema@.alarm_refresh();

-- hotline.sweep(batch): the reminder and supervision sweep (R-5.1, R-5.4,
-- R-14.1).  Takes up to batch due alarms (FOR UPDATE SKIP LOCKED: two
-- sweeps at once take different alarms), and of each the watched order or
-- assignment FOR SHARE SKIP LOCKED: an object an action is changing right
-- now is left for the next sweep, so an order replied in the same instant
-- is never hastened.  Then, in a few set-based statements:
--   remind   a message to the unit (or the hotline's own team), an event on
--            the order; the alarm is done (never twice);
--   hasten   a message, an event; the alarm comes again after "every"
--            working time while the deadline stays missed;
--   notice   at notice_after hastenings: a public notice (通报) record, its
--            message and event, and supervision of the order (督办, R-5.2);
--   retired  alarms whose object left the rule's states, and reminders
--            whose deadline has already passed (the hastening takes over):
--            no message.
-- Messages go to the outbox (R-14.3) with dedup keys (never twice), and one
-- NOTIFY hotline_outbox per sweep wakes the gateways.
--
-- Every statement here is driven by the due alarms (ids): the joins must
-- look the orders and assignments up by their keys.  Seeing thousands of
-- ids, the planner would rather hash-join whole tables, whose cost grows
-- with the open orders; the function therefore runs without hash and merge
-- joins (no statement in it joins two large sets).
CREATE FUNCTION @extschema@.sweep(batch integer DEFAULT 10000) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, @extschema@, pg_temp SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
    started     timestamptz := pg_catalog.clock_timestamp();
    ids         bigint[];
    counts      record;
    n           record;
    notices     integer := 0;
    messages    integer;
    result      jsonb;
BEGIN
    IF batch IS NULL OR batch < 1 OR batch > 1000000 THEN
        RAISE EXCEPTION 'batch must be between 1 and 1000000, not %', coalesce(batch::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The sweep takes at most batch due alarms per run; the next run takes the rest.';
    END IF;

    SELECT pg_catalog.array_agg(x.id) INTO ids
    FROM (SELECT al.id FROM @extschema@.alarm al
          WHERE al.fire_at <= pg_catalog.now()
          ORDER BY al.fire_at
          LIMIT batch
          FOR UPDATE SKIP LOCKED) x;
    IF ids IS NULL THEN
        result := jsonb_build_object('reminders', 0, 'hastenings', 0, 'notices', 0, 'retired', 0, 'messages', 0,
                                     'left_for_next_run', 0);
        PERFORM @extschema@.log_job_run('sweep', started, result);
        RETURN result;
    END IF;

    -- the due alarms with what they watch: an assignment (its unit is told)
    -- or the order itself (the hotline's own team is told); each watched row
    -- FOR SHARE SKIP LOCKED
    WITH live AS (
        SELECT * FROM (
            SELECT al.id, al.order_no, al.assignment_id, al.rule, al.kind, al.due_at,
                   r.due, r.every, r.channel, r.template, u.id AS unit_id, u.name AS unit_name,
                   NULL::text AS recipient_user, u.calendar, c.time_zone, a.state,
                   r.rule IS NOT NULL AND a.closed_at IS NULL AND a.state = ANY (r.states)
                       AND al.due_at IS NOT DISTINCT FROM (CASE r.due WHEN 'sign_due' THEN a.sign_due ELSE a.reply_due END)
                       AND (CASE al.kind WHEN 'remind' THEN pg_catalog.now() < al.due_at
                                 ELSE pg_catalog.now() >= al.due_at END) AS live
            FROM @extschema@.alarm al
            JOIN @extschema@.assignment a ON a.id = al.assignment_id
            JOIN @extschema@.work_order o ON o.order_no = al.order_no
            JOIN @extschema@.unit u ON u.id = a.unit_id
            JOIN @extschema@.calendar c ON c.name = u.calendar
            LEFT JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.rule = al.rule
            WHERE al.id = ANY (ids)
            FOR SHARE OF a SKIP LOCKED) on_assignments
        UNION ALL
        SELECT * FROM (
            SELECT al.id, al.order_no, NULL::bigint, al.rule, al.kind, al.due_at,
                   r.due, r.every, r.channel, r.template, NULL::bigint, NULL::text,
                   coalesce(r.settings ->> 'recipient_user', 'hotline'), w.calendar, c.time_zone, o.state,
                   r.rule IS NOT NULL AND o.closed_at IS NULL AND o.state = ANY (r.states)
                       AND al.due_at IS NOT DISTINCT FROM (CASE r.due WHEN 'dispatch_due' THEN o.dispatch_due ELSE o.callback_due END)
                       AND (CASE al.kind WHEN 'remind' THEN pg_catalog.now() < al.due_at
                                 ELSE pg_catalog.now() >= al.due_at END)
            FROM @extschema@.alarm al
            JOIN @extschema@.work_order o ON o.order_no = al.order_no
            JOIN @extschema@.workflow w ON w.name = o.workflow
            JOIN @extschema@.calendar c ON c.name = w.calendar
            LEFT JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.rule = al.rule
            WHERE al.id = ANY (ids) AND al.assignment_id IS NULL
            FOR SHARE OF o SKIP LOCKED) on_orders
    ), fired AS (
        UPDATE @extschema@.alarm al
        SET fired = al.fired + 1, last_fired_at = pg_catalog.now(),
            fire_at = CASE WHEN l.kind = 'hasten' THEN @extschema@.deadline(l.calendar, pg_catalog.now(), l.every) END
        FROM live l WHERE al.id = l.id AND l.live
        RETURNING l.*, al.fired
    ), retired AS (
        UPDATE @extschema@.alarm al SET fire_at = NULL
        FROM live l WHERE al.id = l.id AND NOT l.live
        RETURNING al.id
    ), msg AS (
        INSERT INTO @extschema@.outbox (order_no, assignment_id, recipient_unit_id, recipient_user, channel, template,
                                        payload, dedup_key)
        SELECT f.order_no, f.assignment_id, f.unit_id, f.recipient_user, f.channel, f.template,
               jsonb_build_object('text', @extschema@.alarm_text(f.kind, f.due, f.order_no, f.unit_name, f.due_at,
                                                                 f.fired, f.time_zone),
                                  'order_no', f.order_no::text, 'rule', f.rule, 'due', f.due_at, 'n', f.fired),
               f.kind || ':' || f.id || ':' || f.fired
        FROM fired f
        ON CONFLICT (dedup_key) DO NOTHING
        RETURNING 1
    ), ev AS (
        INSERT INTO @extschema@.order_event (order_no, assignment_id, actor, role, action, from_state, to_state, payload)
        SELECT f.order_no, f.assignment_id, 'hotline.sweep', 'system', f.kind, f.state, f.state,
               jsonb_build_object('rule', f.rule, 'due', f.due_at, 'n', f.fired)
        FROM fired f
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM fired f WHERE f.kind = 'remind') AS reminders,
           (SELECT count(*) FROM fired f WHERE f.kind = 'hasten') AS hastenings,
           (SELECT count(*) FROM retired) AS retired,
           (SELECT count(*) FROM msg) AS messages,
           (SELECT count(*) FROM ev) AS events
    INTO counts;

    -- public notices (通报): hastened notice_after times and still not done
    FOR n IN
        WITH issued AS (
            INSERT INTO @extschema@.public_notice (alarm_id, order_no, assignment_id, unit_id, hastenings, due_at, text)
            SELECT al.id, al.order_no, al.assignment_id, a.unit_id, al.fired, al.due_at,
                   @extschema@.alarm_text('notice', al.rule, al.order_no, u.name, al.due_at, al.fired,
                                          coalesce(c.time_zone, 'Asia/Shanghai'))
            FROM @extschema@.alarm al
            JOIN @extschema@.work_order o ON o.order_no = al.order_no
            JOIN @extschema@.escalation_rule r ON r.workflow = o.workflow AND r.rule = al.rule
            LEFT JOIN @extschema@.assignment a ON a.id = al.assignment_id
            LEFT JOIN @extschema@.unit u ON u.id = a.unit_id
            LEFT JOIN @extschema@.calendar c ON c.name = u.calendar
            WHERE al.id = ANY (ids) AND al.kind = 'hasten' AND al.last_fired_at = pg_catalog.now()
              AND r.notice_after IS NOT NULL AND al.fired >= r.notice_after
            ON CONFLICT (alarm_id) DO NOTHING
            RETURNING *
        )
        SELECT i.*, o.state AS order_state FROM issued i JOIN @extschema@.work_order o ON o.order_no = i.order_no
    LOOP
        notices := notices + 1;
        INSERT INTO @extschema@.outbox (order_no, assignment_id, recipient_user, channel, template, payload, dedup_key)
        VALUES (n.order_no, n.assignment_id, 'supervisors', 'system', 'notice',
                jsonb_build_object('text', n.text, 'order_no', n.order_no::text, 'hastenings', n.hastenings,
                                   'notice', n.id),
                'notice:' || n.id)
        ON CONFLICT (dedup_key) DO NOTHING;
        INSERT INTO @extschema@.order_event (order_no, assignment_id, actor, role, action, from_state, to_state, payload)
        VALUES (n.order_no, n.assignment_id, 'hotline.sweep', 'system', 'public_notice', n.order_state, n.order_state,
                jsonb_build_object('notice', n.id, 'hastenings', n.hastenings, 'due', n.due_at));
        PERFORM @extschema@.open_supervision(n.order_no, 'notice',
                                             note => n.text, assignment_id => n.assignment_id,
                                             rule => 'public_notice', actor => 'hotline.sweep');
    END LOOP;

    messages := counts.messages + notices;
    IF messages > 0 THEN
        -- one wake-up for the gateways; they claim the messages in batches
        PERFORM pg_catalog.pg_notify('hotline_outbox',
                                     jsonb_build_object('source', 'sweep', 'messages', messages)::text);
    END IF;
    result := jsonb_build_object('reminders', counts.reminders,
                                 'hastenings', counts.hastenings,
                                 'notices', notices,
                                 'retired', counts.retired,
                                 'messages', messages,
                                 'left_for_next_run', pg_catalog.cardinality(ids)
                                     - (counts.reminders + counts.hastenings + counts.retired));
    PERFORM @extschema@.log_job_run('sweep', started, result);
    RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.sweep(integer) IS
    'job: sends the reminders, hastenings and public notices that are due (R-5.1, R-5.4), at most batch alarms per run; safe to run twice at once (SKIP LOCKED) or in a row; returns what it did';

-- What a supervisor looks at: units that are late, how often hastened.
CREATE VIEW @extschema@.overdue AS
SELECT a.order_no, u.code AS unit, u.name AS unit_name, a.role, a.state, a.reply_due,
       pg_catalog.now() - a.reply_due AS overdue_by,
       coalesce(h.fired, 0) AS hastenings, h.last_fired_at AS last_hastened_at,
       p.id IS NOT NULL AS publicly_noticed
FROM @extschema@.assignment a
JOIN @extschema@.unit u ON u.id = a.unit_id
LEFT JOIN LATERAL (SELECT max(al.fired) AS fired, max(al.last_fired_at) AS last_fired_at, max(al.id) AS id
                   FROM @extschema@.alarm al WHERE al.assignment_id = a.id AND al.kind = 'hasten') h ON true
LEFT JOIN @extschema@.public_notice p ON p.assignment_id = a.id
WHERE a.closed_at IS NULL AND a.replied_at IS NULL AND a.reply_due < pg_catalog.now();
COMMENT ON VIEW @extschema@.overdue IS
    'open assignments past their reply deadline, with their hastenings and whether a public notice was issued (R-5.4)';
REVOKE ALL ON @extschema@.overdue FROM PUBLIC;

-- ---------------------------------------------------------------------
-- Deadlines follow the calendar.  A change of a calendar's days (next
-- year's notice imported in November, a correction) or of its week or
-- business hours is queued by triggers; hotline.recompute_deadlines()
-- computes again the deadlines of open assignments on the calendar (or on
-- calendars layered on it) whose period the change touches, from the limit
-- they were given (sign_limit from dispatched_at, reply_limit from
-- reply_from), and records each change on the order.  A deadline set as a
-- date (an approved extension) stays as it is.
-- ---------------------------------------------------------------------
CREATE TABLE @extschema@.calendar_change (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    calendar        text NOT NULL,
    first_day       date,
    last_day        date,
    queued_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    done_at         timestamptz,
    result          jsonb
);
CREATE INDEX calendar_change_pending_idx ON @extschema@.calendar_change (id) WHERE done_at IS NULL;
COMMENT ON TABLE @extschema@.calendar_change IS
    'changes of calendars waiting for hotline.recompute_deadlines (first_day, last_day NULL: the whole calendar, e.g. its week or business hours)';
COMMENT ON COLUMN @extschema@.calendar_change.result IS 'what the recomputation did for this change';
-- A work queue, not data: pg_dump leaves it out.  Restoring a dump inserts
-- the calendars' days, which queues them again; the recomputation then
-- finds every deadline as it was.
REVOKE ALL ON @extschema@.calendar_change FROM PUBLIC;
GRANT SELECT ON @extschema@.calendar_change TO PUBLIC;

CREATE FUNCTION @extschema@.calendar_queue_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
BEGIN
    IF TG_TABLE_NAME = 'calendar_day' THEN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO @extschema@.calendar_change (calendar, first_day, last_day)
            SELECT d.calendar, min(d.day), max(d.day) FROM new_rows d GROUP BY d.calendar;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            INSERT INTO @extschema@.calendar_change (calendar, first_day, last_day)
            SELECT d.calendar, min(d.day), max(d.day) FROM old_rows d GROUP BY d.calendar;
        END IF;
    ELSIF TG_OP = 'UPDATE' THEN
        -- the week, the business hours, the zone or the base of a calendar
        INSERT INTO @extschema@.calendar_change (calendar)
        SELECT n.name FROM new_rows n JOIN old_rows o ON o.name = n.name
        WHERE n.base IS DISTINCT FROM o.base OR n.time_zone <> o.time_zone
           OR n.business_hours::text <> o.business_hours::text OR n.work_weekdays <> o.work_weekdays;
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.calendar_queue_change() IS
    'trigger: queues the days (or the whole calendar) a statement changed, for hotline.recompute_deadlines';
CREATE TRIGGER calendar_day_queue_insert AFTER INSERT ON @extschema@.calendar_day
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.calendar_queue_change();
CREATE TRIGGER calendar_day_queue_update AFTER UPDATE ON @extschema@.calendar_day
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION @extschema@.calendar_queue_change();
CREATE TRIGGER calendar_day_queue_delete AFTER DELETE ON @extschema@.calendar_day
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.calendar_queue_change();
CREATE TRIGGER calendar_queue_update AFTER UPDATE ON @extschema@.calendar
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION @extschema@.calendar_queue_change();

CREATE FUNCTION @extschema@.recompute_deadlines(batch integer DEFAULT 10000) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    started     timestamptz := pg_catalog.clock_timestamp();
    ch          record;
    moved       integer;
    total       integer := 0;
    changes     integer := 0;
    result      jsonb;
BEGIN
    IF batch IS NULL OR batch < 1 OR batch > 1000000 THEN
        RAISE EXCEPTION 'batch must be between 1 and 1000000, not %', coalesce(batch::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- one run at a time: two runs would recompute the same assignments
    IF NOT @extschema@.job_try_lock('recompute_deadlines') THEN
        result := @extschema@.job_skipped('recompute_deadlines');
        PERFORM @extschema@.log_job_run('recompute_deadlines', started, result);
        RETURN result;
    END IF;

    FOR ch IN SELECT c.* FROM @extschema@.calendar_change c WHERE c.done_at IS NULL ORDER BY c.id LIMIT batch
    LOOP
        WITH RECURSIVE affected(name) AS (
            SELECT ch.calendar
            UNION
            SELECT k.name FROM @extschema@.calendar k JOIN affected f ON k.base = f.name
        ), candidate AS (
            SELECT a.id, a.order_no, a.state, a.sign_due, a.reply_due,
                   CASE WHEN a.sign_limit IS NOT NULL AND a.signed_at IS NULL
                        THEN @extschema@.deadline(u.calendar, a.dispatched_at, a.sign_limit) ELSE a.sign_due END AS new_sign,
                   CASE WHEN a.reply_limit IS NOT NULL
                        THEN @extschema@.deadline(u.calendar, coalesce(a.reply_from, a.dispatched_at), a.reply_limit)
                        ELSE a.reply_due END AS new_reply
            FROM @extschema@.assignment a
            JOIN @extschema@.unit u ON u.id = a.unit_id
            WHERE a.closed_at IS NULL AND a.replied_at IS NULL
              AND u.calendar IN (SELECT name FROM affected)
              AND (ch.last_day IS NULL
                   OR (a.reply_due >= ch.first_day AND coalesce(a.reply_from, a.dispatched_at) < ch.last_day + 1)
                   OR (a.sign_due >= ch.first_day AND a.dispatched_at < ch.last_day + 1))
            FOR NO KEY UPDATE OF a
        ), moved AS (
            UPDATE @extschema@.assignment a SET sign_due = c.new_sign, reply_due = c.new_reply, updated_at = pg_catalog.now()
            FROM candidate c
            WHERE a.id = c.id AND (c.new_sign IS DISTINCT FROM c.sign_due OR c.new_reply IS DISTINCT FROM c.reply_due)
            RETURNING c.*
        ), ev AS (
            INSERT INTO @extschema@.order_event (order_no, assignment_id, actor, role, action, from_state, to_state, reason, payload)
            SELECT m.order_no, m.id, 'hotline.recompute_deadlines', 'system', 'deadline_recomputed', m.state, m.state,
                   'calendar ' || ch.calendar || ' changed',
                   jsonb_strip_nulls(jsonb_build_object('calendar', ch.calendar, 'change', ch.id,
                       'first_day', ch.first_day, 'last_day', ch.last_day,
                       'sign_due_before', CASE WHEN m.new_sign IS DISTINCT FROM m.sign_due THEN m.sign_due END,
                       'sign_due_after', CASE WHEN m.new_sign IS DISTINCT FROM m.sign_due THEN m.new_sign END,
                       'reply_due_before', CASE WHEN m.new_reply IS DISTINCT FROM m.reply_due THEN m.reply_due END,
                       'reply_due_after', CASE WHEN m.new_reply IS DISTINCT FROM m.reply_due THEN m.new_reply END))
            FROM moved m
            RETURNING order_no
        ), orders AS (
            -- the order's reply deadline is the latest of its open assignments'
            UPDATE @extschema@.work_order o SET reply_due = (SELECT max(a.reply_due) FROM @extschema@.assignment a
                                                              WHERE a.order_no = o.order_no AND a.closed_at IS NULL),
                                               updated_at = pg_catalog.now()
            WHERE o.order_no IN (SELECT DISTINCT m.order_no FROM moved m)
            RETURNING 1
        )
        SELECT count(*) INTO moved FROM ev;
        UPDATE @extschema@.calendar_change c
        SET done_at = pg_catalog.now(), result = jsonb_build_object('assignments_moved', moved)
        WHERE c.id = ch.id;
        total := total + moved;
        changes := changes + 1;
    END LOOP;
    result := jsonb_build_object('changes', changes, 'assignments_moved', total);
    PERFORM @extschema@.log_job_run('recompute_deadlines', started, result);
    RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.recompute_deadlines(integer) IS
    'job: computes again the deadlines of open assignments whose period a queued calendar change touches, from their limits, and records each change on the order; returns what it did';

REVOKE ALL ON FUNCTION @extschema@.sweep(integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.recompute_deadlines(integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.alarm_refresh() FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.alarm_assignments(@extschema@.order_no, bigint, text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.alarm_order(@extschema@.order_no, text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION @extschema@.calendar_queue_change() FROM PUBLIC;
-- Supervision (督办, R-5.2, R-5.3) and the escalation rules run after
-- actions: emergencies (R-2.3), repeats (R-2.4), bad handling (R-5.2).
--
--   hotline.supervision          one supervision of an order: why (reason),
--                                which unit, person in charge, method,
--                                opened/closed; at most one open per order
--                                and reason
--   hotline.supervision_record   its notes (督办记录), append-only
--   hotline.repeat_group/member  orders recognised as repeats: one person
--                                many times (一人多次) or one matter many
--                                people (一事多人)
--   hotline.supervision_board    what a supervisor has open
--   hotline.merge_candidate      repeats offered for merge (并案)
--
-- Everything a supervision does is also an event of the order's history
-- (supervise, supervise_record, supervise_close, emergency_report, repeat)
-- and, where someone must be told, a message in the outbox under a dedup
-- key, so that running the same path twice sends nothing twice.
--
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
-- rubbish or street vendors on the same street 0.08 (the 12345 default of
-- 0.3 is too high for this measure: see README).  This needs a database
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
-- leave_out; case and full-width forms folded first (３号楼 = 3号楼)
CREATE FUNCTION @extschema@.text_grams_c(t text, leave_out text) RETURNS text
    AS 'MODULE_PATHNAME', 'hotline_text_grams' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.text_grams_c(text, text) IS
    'internal: hotline.text_grams of texts already folded (lower case, NFKC)';

CREATE FUNCTION @extschema@.text_grams(t text, leave_out text DEFAULT NULL) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN @extschema@.text_grams_c(pg_catalog.normalize(pg_catalog.lower(t), 'NFKC'),
                                pg_catalog.normalize(pg_catalog.lower(leave_out), 'NFKC'));
COMMENT ON FUNCTION @extschema@.text_grams(text, text) IS
    'a text as the words pg_trgm compares best for Chinese: overlapping character pairs, without the words of leave_out (e.g. the address); text_grams(''路灯不亮'') = ''路灯 灯不 不亮''';

CREATE FUNCTION @extschema@.text_similarity(a text, b text, leave_out text DEFAULT NULL) RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN @extschema@.trgm_similarity(@extschema@.text_grams(a, leave_out), @extschema@.text_grams(b, leave_out));
COMMENT ON FUNCTION @extschema@.text_similarity(text, text, text) IS
    'pg_trgm similarity (0 to 1) of two Chinese texts compared by character pairs, leaving out the words of leave_out (e.g. both addresses) (R-2.4)';

CREATE FUNCTION @extschema@.text_similarity_works() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT @extschema@.trgm_similarity('路灯', '路灯') > 0
$$;
COMMENT ON FUNCTION @extschema@.text_similarity_works() IS
    'true when pg_trgm sees Chinese characters in this database (its LC_CTYPE is a UTF-8 locale, not C or POSIX); one matter many people (一事多人) needs it';

-- the distance in metres of two points given in degrees (equirectangular:
-- exact enough for the few hundred metres of "the same place")
CREATE FUNCTION @extschema@.distance_m(lon1 double precision, lat1 double precision,
                                       lon2 double precision, lat2 double precision)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
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

-- ---------------------------------------------------------------------------
-- Repeats (R-2.4)
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.repeat_group (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('one_person', 'one_matter')),
    rule            text NOT NULL,
    topic_id        bigint NOT NULL REFERENCES @extschema@.topic (id),
    citizen_id      bigint REFERENCES @extschema@.citizen (id),
    opened_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    last_added_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    supervised      boolean NOT NULL DEFAULT false,
    CHECK ((kind = 'one_person') = (citizen_id IS NOT NULL))
);
CREATE INDEX ON @extschema@.repeat_group (topic_id, last_added_at);
COMMENT ON TABLE @extschema@.repeat_group IS
    'repeated appeals (R-2.4): one person many times (一人多次: the same citizen on the same topic) or one matter many people (一事多人: different citizens, same topic and place, similar text)';
COMMENT ON COLUMN @extschema@.repeat_group.rule IS 'the escalation rule that made the group (hotline.escalation_rule)';
COMMENT ON COLUMN @extschema@.repeat_group.citizen_id IS 'one person many times: the citizen; NULL for one matter many people';
COMMENT ON COLUMN @extschema@.repeat_group.supervised IS 'the group reached the rule''s supervise_at and its carrier was put under supervision (once)';

CREATE TABLE @extschema@.repeat_member (
    group_id        bigint NOT NULL REFERENCES @extschema@.repeat_group (id),
    order_no        @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    similarity      real NOT NULL CHECK (similarity BETWEEN 0 AND 1),
    added_at        timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (group_id, order_no)
);
CREATE INDEX ON @extschema@.repeat_member (order_no);
COMMENT ON TABLE @extschema@.repeat_member IS 'the orders of a repeat group; an order is in at most one group of each kind';
COMMENT ON COLUMN @extschema@.repeat_member.similarity IS
    'how similar the order''s text is to the order it was matched with (1 for one person many times)';

-- ---------------------------------------------------------------------------
-- Supervision (督办, R-5.2, R-5.3)
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.supervision (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_no            @extschema@.order_no NOT NULL REFERENCES @extschema@.work_order (order_no),
    assignment_id       bigint REFERENCES @extschema@.assignment (id),
    unit_id             bigint REFERENCES @extschema@.unit (id),
    reason              text NOT NULL CHECK (reason IN ('emergency', 'repeat', 'near_deadline', 'overdue', 'notice',
                                                        'returned', 'sent_back', 'dissatisfied', 'manual')),
    rule                text,
    group_id            bigint REFERENCES @extschema@.repeat_group (id),
    opened_at           timestamptz NOT NULL DEFAULT pg_catalog.now(),
    opened_by           text NOT NULL CHECK (opened_by <> ''),
    person_in_charge    text CHECK (person_in_charge <> ''),
    method              text CHECK (method IN ('phone', 'sms', 'written_notice', 'on_site', 'meeting')),
    closed_at           timestamptz,
    closed_by           text,
    result              text,
    CHECK ((closed_at IS NULL) = (closed_by IS NULL) AND (closed_at IS NULL) = (result IS NULL)),
    CHECK (result <> '')
);
-- at most one open supervision per order and reason (idempotent opening)
CREATE UNIQUE INDEX supervision_open_key ON @extschema@.supervision (order_no, reason) WHERE closed_at IS NULL;
CREATE INDEX ON @extschema@.supervision (order_no, reason, closed_at);
CREATE INDEX ON @extschema@.supervision (unit_id) WHERE closed_at IS NULL;
COMMENT ON TABLE @extschema@.supervision IS
    'supervision (督办) of an order (R-5.2, R-5.3): why, which unit, the person in charge and the method, opened and closed with a result; at most one open per order and reason';
COMMENT ON COLUMN @extschema@.supervision.reason IS
    'emergency (突发事件), repeat (重复/集中诉求), near_deadline (临期), overdue (超期), notice (通报), returned (多次退单), sent_back (发回重办), dissatisfied (回访不满意), manual (a supervisor''s own decision)';
COMMENT ON COLUMN @extschema@.supervision.rule IS 'the escalation rule that opened it; NULL when a person did';
COMMENT ON COLUMN @extschema@.supervision.unit_id IS 'the supervised unit: the assignment''s unit, else the order''s lead unit (NULL before dispatch)';
COMMENT ON COLUMN @extschema@.supervision.group_id IS 'the repeat group that reached its threshold (reason repeat)';
COMMENT ON COLUMN @extschema@.supervision.person_in_charge IS 'the named person in charge of the supervision (督办责任人, R-5.3)';
COMMENT ON COLUMN @extschema@.supervision.method IS 'phone (电话), sms (短信), written_notice (书面督办函), on_site (现场督办), meeting (会议督办) (R-5.3)';
COMMENT ON COLUMN @extschema@.supervision.result IS 'what the supervision achieved, given when it is closed';

CREATE TABLE @extschema@.supervision_record (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    supervision_id  bigint NOT NULL REFERENCES @extschema@.supervision (id),
    at              timestamptz NOT NULL DEFAULT pg_catalog.now(),
    actor           text NOT NULL CHECK (actor <> ''),
    method          text CHECK (method IN ('phone', 'sms', 'written_notice', 'on_site', 'meeting')),
    note            text NOT NULL CHECK (note <> '')
);
CREATE INDEX ON @extschema@.supervision_record (supervision_id, id);
COMMENT ON TABLE @extschema@.supervision_record IS
    'the notes of a supervision (督办记录, R-5.3): who did what, how, when; append-only';

CREATE FUNCTION @extschema@.supervision_record_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'supervision records are append-only'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = format('%s on hotline.supervision_record is not allowed: it is the record of what the supervisors did (R-5.3).', TG_OP),
              HINT = 'Add a correcting note with hotline.record_supervision.';
END $$;
COMMENT ON FUNCTION @extschema@.supervision_record_append_only() IS
    'trigger: refuses UPDATE, DELETE and TRUNCATE of supervision records';
CREATE TRIGGER supervision_record_append_only BEFORE UPDATE OR DELETE ON @extschema@.supervision_record
    FOR EACH ROW EXECUTE FUNCTION @extschema@.supervision_record_append_only();
CREATE TRIGGER supervision_record_no_truncate BEFORE TRUNCATE ON @extschema@.supervision_record
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.supervision_record_append_only();

SELECT pg_catalog.pg_extension_config_dump('@extschema@.repeat_group', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.repeat_member', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.supervision', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.supervision_record', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.repeat_group', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.supervision', 'id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.supervision_record', 'id')::regclass, '');

-- Orders' data (R-11): no PUBLIC access; the hotline's roles (R-11) get
-- their grants with the roles-and-security issue.
REVOKE ALL ON @extschema@.repeat_group, @extschema@.repeat_member, @extschema@.supervision,
    @extschema@.supervision_record FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Settings of the event rules: checked when a rule is written, so that a
-- misconfigured rule is refused at once instead of failing every accept
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.escalation_check_settings() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    s       jsonb := NEW.settings;
    k       text;
    bad     text;
BEGIN
    BEGIN
        CASE NEW.kind
        WHEN 'emergency' THEN
            IF jsonb_typeof(s -> 'notify') IS DISTINCT FROM 'array' OR jsonb_array_length(s -> 'notify') = 0
               OR EXISTS (SELECT 1 FROM jsonb_array_elements(s -> 'notify') x
                          WHERE jsonb_typeof(x) <> 'string' OR x #>> '{}' = '') THEN
                bad := 'settings.notify must be a non-empty array of recipients, e.g. ["emergency_department", "duty_office"]';
            END IF;
        WHEN 'repeat_person', 'repeat_matter' THEN
            IF (s ->> 'window')::interval IS NULL OR (s ->> 'window')::interval <= interval '0' THEN
                bad := 'settings.window must be a positive interval, e.g. "30 days"';
            ELSIF (s ->> 'supervise_at')::integer IS NULL OR (s ->> 'supervise_at')::integer < 2 THEN
                bad := 'settings.supervise_at must be an integer of at least 2 (orders in the group)';
            ELSIF NEW.kind = 'repeat_matter' AND NOT coalesce((s ->> 'similarity')::real BETWEEN 0.01 AND 1, false) THEN
                bad := 'settings.similarity must be a number between 0.01 and 1, e.g. 0.3';
            ELSIF s ? 'place_similarity' AND NOT coalesce((s ->> 'place_similarity')::real BETWEEN 0.01 AND 1, false) THEN
                bad := 'settings.place_similarity must be a number between 0.01 and 1, e.g. 0.4';
            ELSIF s ? 'distance_m' AND NOT coalesce((s ->> 'distance_m')::double precision > 0, false) THEN
                bad := 'settings.distance_m must be a positive number of metres, e.g. 200';
            ELSIF s ? 'ignore' AND (jsonb_typeof(s -> 'ignore') <> 'array'
                                    OR EXISTS (SELECT 1 FROM jsonb_array_elements(s -> 'ignore') x
                                               WHERE jsonb_typeof(x) <> 'string')) THEN
                bad := 'settings.ignore must be an array of set phrases, e.g. ["市民来电反映", "希望尽快处理"]';
            ELSIF s ? 'recipient_user' AND coalesce(s ->> 'recipient_user', '') = '' THEN
                bad := 'settings.recipient_user must be a non-empty text, e.g. "dispatchers"';
            END IF;
        WHEN 'bad_handling' THEN
            FOREACH k IN ARRAY ARRAY['returns', 'send_backs', 'dissatisfied'] LOOP
                IF s ? k AND NOT coalesce((s ->> k)::integer >= 1, false) THEN
                    bad := format('settings.%s must be a positive integer (a count of events)', k);
                END IF;
            END LOOP;
            IF NOT (s ?| ARRAY['returns', 'send_backs', 'dissatisfied']) THEN
                bad := 'settings needs at least one of returns, send_backs, dissatisfied';
            END IF;
        ELSE
            NULL;
        END CASE;
    EXCEPTION WHEN invalid_text_representation OR invalid_datetime_format OR datetime_field_overflow
                   OR numeric_value_out_of_range OR invalid_parameter_value THEN
        bad := format('a value of settings has the wrong type (%s)', SQLERRM);
    END;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'invalid settings of escalation rule "%" (kind %) of workflow "%"', NEW.rule, NEW.kind, NEW.workflow
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('%s; got %s.', bad, s),
                  HINT = 'See the 12345 workflow''s rules (workflows/12345_appeal.sql, "escalations") for settings that work.';
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.escalation_check_settings() IS
    'trigger: the settings of emergency, repeat and bad-handling rules are checked when a rule is written';
CREATE TRIGGER workflow_escalation_check_settings BEFORE INSERT OR UPDATE ON @extschema@.workflow_escalation
    FOR EACH ROW WHEN (NEW.kind IN ('emergency', 'repeat_person', 'repeat_matter', 'bad_handling'))
    EXECUTE FUNCTION @extschema@.escalation_check_settings();

-- ---------------------------------------------------------------------------
-- Opening, recording, closing
-- ---------------------------------------------------------------------------

-- checks shared by the functions below
CREATE FUNCTION @extschema@.supervision_check_text(what text, value text, example text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF value IS NULL THEN
        RAISE EXCEPTION '% must not be null', what
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = format('Give %s, e.g. %s.', what, example);
    ELSIF btrim(value) = '' THEN
        RAISE EXCEPTION '% must not be empty', what
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('Give %s, e.g. %s.', what, example);
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.supervision_check_text(text, text, text) IS
    'internal: raises 22004 or 22023 unless the value is a non-empty text';

CREATE FUNCTION @extschema@.supervision_check_method(method text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF method IS NOT NULL AND method NOT IN ('phone', 'sms', 'written_notice', 'on_site', 'meeting') THEN
        RAISE EXCEPTION 'unknown supervision method "%"', method
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The methods are phone (电话), sms (短信), written_notice (书面督办函), on_site (现场督办) and meeting (会议督办) (R-5.3).';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.supervision_check_method(text) IS
    'internal: raises 22023 unless the method is NULL or one of phone, sms, written_notice, on_site, meeting';

-- Opening, for hotline.open_supervision and the rules (which also name the
-- repeat group).  The order is locked like an action locks it, so that the
-- event records the state the order is really in.
CREATE FUNCTION @extschema@.supervision_open(
    order_no            @extschema@.order_no,
    reason              text,
    person_in_charge    text,
    method              text,
    note                text,
    assignment_id       bigint,
    rule                text,
    actor               text,
    group_id            bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_variable
DECLARE
    o           record;
    s           @extschema@.supervision;
    unit        bigint;
    unit_code   text;
    new_id      bigint;
    changed     text;
BEGIN
    PERFORM @extschema@.supervision_check_text('actor', actor, '''督办科 王科长''');
    IF reason IS NULL OR reason NOT IN ('emergency', 'repeat', 'near_deadline', 'overdue', 'notice',
                                        'returned', 'sent_back', 'dissatisfied', 'manual') THEN
        RAISE EXCEPTION 'unknown supervision reason "%"', coalesce(reason, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The reasons are emergency, repeat, near_deadline, overdue, notice, returned, sent_back, dissatisfied and manual (R-5.2).',
                  HINT = 'A supervisor''s own decision is reason manual.';
    END IF;
    PERFORM @extschema@.supervision_check_method(method);
    IF person_in_charge IS NOT NULL THEN
        PERFORM @extschema@.supervision_check_text('person_in_charge', person_in_charge, '''督办科 王科长''');
    END IF;
    IF note IS NOT NULL THEN
        PERFORM @extschema@.supervision_check_text('note', note, '''电话督促承办单位尽快答复''');
    END IF;

    SELECT w.state, w.closed_at, w.workflow INTO o
    FROM @extschema@.work_order w
    WHERE w.order_no OPERATOR(@extschema@.=) supervision_open.order_no
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'work order % does not exist', coalesce(order_no::text, 'NULL')
            USING ERRCODE = 'no_data_found';
    END IF;

    -- an open supervision for the reason: that one (idempotent)
    SELECT * INTO s FROM @extschema@.supervision x
    WHERE x.order_no OPERATOR(@extschema@.=) supervision_open.order_no AND x.reason = supervision_open.reason
      AND x.closed_at IS NULL
    FOR UPDATE;
    IF FOUND THEN
        IF person_in_charge IS DISTINCT FROM s.person_in_charge AND person_in_charge IS NOT NULL
           OR method IS DISTINCT FROM s.method AND method IS NOT NULL THEN
            UPDATE @extschema@.supervision x
               SET person_in_charge = coalesce(supervision_open.person_in_charge, x.person_in_charge),
                   method = coalesce(supervision_open.method, x.method)
             WHERE x.id = s.id;
            changed := concat_ws(', ', 'person in charge: ' || person_in_charge, 'method: ' || method);
        END IF;
        IF note IS NOT NULL OR changed IS NOT NULL THEN
            PERFORM @extschema@.record_supervision(s.id, concat_ws('; ', note, changed), method, actor);
        END IF;
        RETURN s.id;
    END IF;

    IF o.closed_at IS NOT NULL THEN
        RAISE EXCEPTION 'work order % is closed (%)', order_no, o.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('It was closed at %s; supervision is for orders still being handled (R-5.2).', o.closed_at),
                  HINT = 'Supervise the order that carries it (merged_into), or record the finding on the order''s history.';
    END IF;

    -- the supervised unit: the assignment's, else the order's lead unit
    IF assignment_id IS NOT NULL THEN
        SELECT a.unit_id INTO unit FROM @extschema@.assignment a
        WHERE a.id = supervision_open.assignment_id
          AND a.order_no OPERATOR(@extschema@.=) supervision_open.order_no;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'assignment % is not an assignment of work order %', assignment_id, order_no
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'See the order''s assignments in hotline.assignment, or leave assignment_id out to supervise the lead unit.';
        END IF;
    ELSE
        SELECT a.unit_id INTO unit FROM @extschema@.assignment a
        WHERE a.order_no OPERATOR(@extschema@.=) supervision_open.order_no
          AND a.role = 'lead' AND a.parent_id IS NULL
        ORDER BY a.closed_at IS NULL DESC, a.id DESC
        LIMIT 1;
    END IF;
    SELECT u.code INTO unit_code FROM @extschema@.unit u WHERE u.id = unit;

    -- a concurrent opening that committed first wins; ours then is that one
    INSERT INTO @extschema@.supervision AS x (order_no, assignment_id, unit_id, reason, rule, group_id,
                                             opened_by, person_in_charge, method)
    VALUES (order_no, assignment_id, unit, reason, rule, group_id, actor, person_in_charge, method)
    ON CONFLICT DO NOTHING          -- supervision_open_key: one open per order and reason
    RETURNING x.id INTO new_id;
    IF new_id IS NULL THEN
        RETURN @extschema@.supervision_open(order_no, reason, person_in_charge, method, note,
                                            assignment_id, rule, actor, group_id);
    END IF;

    IF note IS NOT NULL THEN
        INSERT INTO @extschema@.supervision_record (supervision_id, actor, method, note)
        VALUES (new_id, actor, method, note);
    END IF;

    INSERT INTO @extschema@.order_event (order_no, assignment_id, actor, role, action, from_state, to_state, reason, payload)
    VALUES (order_no, assignment_id, actor, CASE WHEN rule IS NULL THEN 'supervisor' ELSE 'system' END,
            'supervise', o.state, o.state, note,
            jsonb_strip_nulls(jsonb_build_object(
                'supervision_id', new_id, 'reason', reason, 'rule', rule, 'unit', unit_code,
                'person_in_charge', person_in_charge, 'method', method, 'group_id', group_id)));

    PERFORM @extschema@.post_message('system', 'supervise',
        jsonb_strip_nulls(jsonb_build_object(
            'supervision_id', new_id, 'order_no', order_no::text, 'reason', reason, 'rule', rule,
            'unit', unit_code, 'person_in_charge', person_in_charge, 'method', method, 'group_id', group_id,
            'text', format('工单 %s 已列入督办 (%s)', order_no, reason))),
        recipient_user => 'supervisors', order_no => order_no, assignment_id => assignment_id,
        dedup_key => 'supervise:' || new_id);
    RETURN new_id;
END $$;
COMMENT ON FUNCTION @extschema@.supervision_open(@extschema@.order_no, text, text, text, text, bigint, text, text, bigint) IS
    'internal: hotline.open_supervision, also naming the repeat group (used by the repeat rules)';

CREATE FUNCTION @extschema@.open_supervision(
    order_no            @extschema@.order_no,
    reason              text,
    person_in_charge    text DEFAULT NULL,
    method              text DEFAULT NULL,
    note                text DEFAULT NULL,
    assignment_id       bigint DEFAULT NULL,
    rule                text DEFAULT NULL,
    actor               text DEFAULT current_user)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
SELECT @extschema@.supervision_open($1, $2, $3, $4, $5, $6, $7, $8, NULL)
$$;
COMMENT ON FUNCTION @extschema@.open_supervision(@extschema@.order_no, text, text, text, text, bigint, text, text) IS
    '督办: opens a supervision of an open order for a reason (R-5.2) with a person in charge and method (R-5.3), records it on the order and tells the supervisors; if one is open for the order and reason, returns it (adding the note)';

-- The supervision an action records on or closes, locked after its order
-- (the lock order of every writer), with the order's state; a supervision
-- that does not exist or is closed is an error.
CREATE FUNCTION @extschema@.supervision_lock(supervision_id bigint, closing boolean,
                                             OUT s @extschema@.supervision, OUT state text)
LANGUAGE plpgsql VOLATILE AS $$   -- internal: called by record_supervision and close_supervision
#variable_conflict use_variable
DECLARE
    the_order   @extschema@.order_no;
BEGIN
    SELECT x.order_no INTO the_order FROM @extschema@.supervision x WHERE x.id = supervision_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'supervision % does not exist', coalesce(supervision_id::text, 'NULL')
            USING ERRCODE = 'no_data_found',
                  HINT = 'Open supervisions are listed in hotline.supervision_board.';
    END IF;
    SELECT w.state INTO state FROM @extschema@.work_order w
    WHERE w.order_no OPERATOR(@extschema@.=) the_order FOR NO KEY UPDATE;
    SELECT * INTO s FROM @extschema@.supervision x WHERE x.id = supervision_id FOR UPDATE;
    IF s.closed_at IS NOT NULL THEN
        RAISE EXCEPTION 'supervision % is %', supervision_id, CASE WHEN closing THEN 'already closed' ELSE 'closed' END
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('%s closed it at %s with the result: %s.', s.closed_by, s.closed_at, s.result),
                  HINT = 'Open a new supervision of the order with hotline.open_supervision'
                         || CASE WHEN closing THEN ' if it needs one again.' ELSE '.' END;
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.supervision_lock(bigint, boolean) IS
    'internal: locks an open supervision after its order and returns it with the order''s state';

CREATE FUNCTION @extschema@.record_supervision(
    supervision_id  bigint,
    note            text,
    method          text DEFAULT NULL,
    actor           text DEFAULT current_user)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    s           @extschema@.supervision;
    st          text;
    lk          record;
    rec_id      bigint;
BEGIN
    PERFORM @extschema@.supervision_check_text('note', note, '''电话督促承办单位尽快答复''');
    PERFORM @extschema@.supervision_check_text('actor', actor, '''督办科 王科长''');
    PERFORM @extschema@.supervision_check_method(method);
    lk := @extschema@.supervision_lock(supervision_id, false);
    s := lk.s;
    st := lk.state;
    INSERT INTO @extschema@.supervision_record AS r (supervision_id, actor, method, note)
    VALUES (supervision_id, actor, method, note)
    RETURNING r.id INTO rec_id;
    IF s.method IS NULL AND method IS NOT NULL THEN
        UPDATE @extschema@.supervision x SET method = record_supervision.method WHERE x.id = supervision_id;
    END IF;
    INSERT INTO @extschema@.order_event (order_no, assignment_id, actor, role, action, from_state, to_state, reason, payload)
    VALUES (s.order_no, s.assignment_id, actor, 'supervisor', 'supervise_record', st, st, note,
            jsonb_strip_nulls(jsonb_build_object('supervision_id', supervision_id, 'record_id', rec_id,
                                                 'reason', s.reason, 'method', method)));
    RETURN rec_id;
END $$;
COMMENT ON FUNCTION @extschema@.record_supervision(bigint, text, text, text) IS
    '督办记录: adds a note (and the method used) to an open supervision and records it on the order (R-5.3); returns the record''s id';

CREATE FUNCTION @extschema@.close_supervision(
    supervision_id  bigint,
    result          text,
    actor           text DEFAULT current_user)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    s           @extschema@.supervision;
    st          text;
    lk          record;
BEGIN
    PERFORM @extschema@.supervision_check_text('result', result, '''承办单位已答复，市民满意''');
    PERFORM @extschema@.supervision_check_text('actor', actor, '''督办科 王科长''');
    lk := @extschema@.supervision_lock(supervision_id, true);
    s := lk.s;
    st := lk.state;
    UPDATE @extschema@.supervision x
       SET closed_at = now(), closed_by = actor, result = close_supervision.result
     WHERE x.id = supervision_id;
    INSERT INTO @extschema@.order_event (order_no, assignment_id, actor, role, action, from_state, to_state, reason, payload)
    VALUES (s.order_no, s.assignment_id, actor, 'supervisor', 'supervise_close', st, st, result,
            jsonb_build_object('supervision_id', supervision_id, 'reason', s.reason));
END $$;
COMMENT ON FUNCTION @extschema@.close_supervision(bigint, text, text) IS
    '督办办结: closes an open supervision with its result and records it on the order (R-5.3)';

-- ---------------------------------------------------------------------------
-- What a supervisor sees
-- ---------------------------------------------------------------------------

CREATE VIEW @extschema@.supervision_board AS
SELECT s.id AS supervision_id, s.order_no, o.state AS order_state, s.reason, s.rule,
       o.emergency_kind, t.name AS topic, o.region, o.address,
       u.code AS unit_code, u.name AS unit_name,
       s.person_in_charge, s.method, s.opened_at, s.opened_by,
       pg_catalog.now() - s.opened_at AS age,
       coalesce(r.records, 0) AS records, r.at AS last_record_at, r.actor AS last_record_by,
       r.note AS last_record, s.group_id
FROM @extschema@.supervision s
JOIN @extschema@.work_order o ON o.order_no OPERATOR(@extschema@.=) s.order_no
LEFT JOIN @extschema@.unit u ON u.id = s.unit_id
LEFT JOIN @extschema@.topic t ON t.id = o.topic_id
LEFT JOIN LATERAL (SELECT x.at, x.actor, x.note, pg_catalog.count(*) OVER () AS records
                   FROM @extschema@.supervision_record x
                   WHERE x.supervision_id = s.id
                   ORDER BY x.id DESC LIMIT 1) r ON true
WHERE s.closed_at IS NULL
ORDER BY s.reason <> 'emergency', s.opened_at, s.id;
COMMENT ON VIEW @extschema@.supervision_board IS
    '督办台: the open supervisions, emergencies first, then the oldest: order, its state, unit, reason, age, person in charge, the last note (R-5.3)';

CREATE VIEW @extschema@.merge_candidate AS
WITH open_member AS (
    SELECT m.group_id, g.kind, g.topic_id, m.order_no, m.similarity, o.accepted_at, o.state, o.description,
           o.address, o.workflow,
           pg_catalog.first_value(m.order_no) OVER (PARTITION BY m.group_id ORDER BY o.accepted_at, m.order_no) AS carrier
    FROM @extschema@.repeat_member m
    JOIN @extschema@.repeat_group g ON g.id = m.group_id
    JOIN @extschema@.work_order o ON o.order_no OPERATOR(@extschema@.=) m.order_no
    WHERE o.closed_at IS NULL AND o.merged_into IS NULL
)
SELECT c.group_id, c.kind, t.name AS topic, c.order_no, c.carrier, c.similarity, c.accepted_at, c.state,
       c.address, c.description
FROM open_member c
LEFT JOIN @extschema@.topic t ON t.id = c.topic_id
WHERE c.order_no OPERATOR(@extschema@.<>) c.carrier
  -- only orders the workflow lets merge from their state
  AND EXISTS (SELECT 1 FROM @extschema@.workflow_action a
              WHERE a.workflow = c.workflow AND a.effects ? 'merge_into' AND c.state = ANY (a.from_states))
ORDER BY c.group_id, c.accepted_at, c.order_no;
COMMENT ON VIEW @extschema@.merge_candidate IS
    '并案候选: per repeat group, its open orders that may be merged, with the suggested carrier (the group''s earliest open order); merge with hotline.merge(order_no, carrier) (R-2.4)';

REVOKE ALL ON @extschema@.supervision_board, @extschema@.merge_candidate FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The event rules (run by the engine inside the action's transaction)
-- ---------------------------------------------------------------------------

-- R-2.3: an emergency is put under supervision at once and reported to the
-- recipients of settings.notify (the emergency department and duty office)
CREATE FUNCTION @extschema@.escalate_emergency(o @extschema@.work_order, r @extschema@.escalation_rule)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    recipients  text[];
    who         text;
    sid         bigint;
BEGIN
    IF o.emergency_kind IS NULL
       OR EXISTS (SELECT 1 FROM @extschema@.supervision s
                  WHERE s.order_no OPERATOR(@extschema@.=) o.order_no AND s.reason = 'emergency') THEN
        RETURN;                     -- not an emergency, or reported before
    END IF;
    recipients := ARRAY(SELECT jsonb_array_elements_text(r.settings -> 'notify'));
    sid := @extschema@.supervision_open(o.order_no, 'emergency', NULL, NULL,
                                        format('突发事件 (%s): 已报告 %s', o.emergency_kind, array_to_string(recipients, ', ')),
                                        NULL, r.rule, 'system', NULL);
    INSERT INTO @extschema@.order_event (order_no, actor, role, action, from_state, to_state, payload)
    VALUES (o.order_no, 'system', 'system', 'emergency_report', o.state, o.state,
            jsonb_build_object('rule', r.rule, 'emergency_kind', o.emergency_kind,
                               'recipients', to_jsonb(recipients), 'supervision_id', sid));
    FOREACH who IN ARRAY recipients LOOP
        -- the appeal itself, never the citizen's name or phone (R-11.1)
        PERFORM @extschema@.post_message(r.channel, r.template,
            jsonb_strip_nulls(jsonb_build_object(
                'order_no', o.order_no::text, 'emergency_kind', o.emergency_kind, 'region', o.region,
                'address', o.address, 'longitude', o.longitude, 'latitude', o.latitude,
                'occurred_at', o.occurred_at, 'accepted_at', o.accepted_at, 'description', o.description,
                'text', format('突发事件报告: 工单 %s (%s) %s', o.order_no, o.emergency_kind, o.description))),
            recipient_user => who, order_no => o.order_no,
            dedup_key => format('emergency:%s:%s', o.order_no, who));
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.escalate_emergency(@extschema@.work_order, @extschema@.escalation_rule) IS
    'internal: rule kind emergency (R-2.3): supervision at once, the report recorded and sent to settings.notify';

-- R-2.4: put an order into the repeat group of its matches (the group one
-- of them is in, else a new one), tell the dispatchers, and supervise the
-- group's carrier when the group reaches settings.supervise_at.  Runs
-- under the topic's lock (escalate_on_action).
CREATE FUNCTION @extschema@.repeat_join(o @extschema@.work_order, r @extschema@.escalation_rule, kind text,
                                        matches @extschema@.order_no[], sims real[])
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_variable
DECLARE
    gid         bigint;
    members     integer;
    carrier     @extschema@.order_no;
    group_orders @extschema@.order_no[];
    best        real := (SELECT max(x) FROM unnest(sims) x);
BEGIN
    SELECT g.id INTO gid
    FROM @extschema@.repeat_member m JOIN @extschema@.repeat_group g ON g.id = m.group_id
    WHERE m.order_no = ANY (matches) AND g.kind = repeat_join.kind
    ORDER BY g.id LIMIT 1;
    IF gid IS NULL THEN
        INSERT INTO @extschema@.repeat_group AS g (kind, rule, topic_id, citizen_id)
        VALUES (kind, r.rule, o.topic_id, CASE WHEN kind = 'one_person' THEN o.citizen_id END)
        RETURNING g.id INTO gid;
    ELSE
        UPDATE @extschema@.repeat_group g SET last_added_at = now() WHERE g.id = gid;
    END IF;
    -- the matches not yet in a group of this kind come along
    INSERT INTO @extschema@.repeat_member (group_id, order_no, similarity)
    SELECT gid, x.no, x.sim
    FROM unnest(matches, sims) AS x(no, sim)
    WHERE NOT EXISTS (SELECT 1 FROM @extschema@.repeat_member m JOIN @extschema@.repeat_group g ON g.id = m.group_id
                      WHERE m.order_no = x.no AND g.kind = repeat_join.kind)
    UNION ALL
    SELECT gid, o.order_no, best;

    -- the members first, then their orders by primary key (a plan that
    -- does not depend on the statistics of work_order)
    group_orders := ARRAY(SELECT m.order_no FROM @extschema@.repeat_member m WHERE m.group_id = gid);
    members := cardinality(group_orders);
    SELECT w.order_no INTO carrier
    FROM @extschema@.work_order w
    WHERE w.order_no = ANY (group_orders) AND w.closed_at IS NULL AND w.merged_into IS NULL
    ORDER BY w.accepted_at, w.order_no LIMIT 1;

    INSERT INTO @extschema@.order_event (order_no, actor, role, action, from_state, to_state, payload)
    VALUES (o.order_no, 'system', 'system', 'repeat', o.state, o.state,
            jsonb_build_object('rule', r.rule, 'kind', kind, 'group_id', gid, 'members', members,
                               'carrier', carrier::text, 'similarity', round(best::numeric, 3),
                               'matches', (SELECT jsonb_agg(x::text) FROM unnest(matches) x)));
    PERFORM @extschema@.post_message(r.channel, r.template,
        jsonb_build_object('group_id', gid, 'kind', kind, 'rule', r.rule, 'order_no', o.order_no::text,
                           'carrier', carrier::text, 'members', members,
                           'text', format(CASE kind WHEN 'one_person' THEN '一人多次: 工单 %s 与 %s 件同一市民同类诉求归为一组 (第 %s 组), 可并入 %s'
                                                    ELSE '一事多人: 工单 %s 与 %s 件同地同类诉求归为一组 (第 %s 组), 可并入 %s' END,
                                          o.order_no, members - 1, gid, carrier)),
        recipient_user => coalesce(r.settings ->> 'recipient_user', 'dispatchers'), order_no => o.order_no,
        dedup_key => format('repeat:%s:%s', gid, o.order_no));

    IF members >= (r.settings ->> 'supervise_at')::integer AND carrier IS NOT NULL THEN
        UPDATE @extschema@.repeat_group g SET supervised = true WHERE g.id = gid AND NOT g.supervised;
        IF FOUND THEN
            PERFORM @extschema@.supervision_open(carrier, 'repeat', NULL, NULL,
                format(CASE kind WHEN 'one_person' THEN '一人多次: 同一市民 %s 件同类诉求 (第 %s 组)'
                                 ELSE '一事多人: %s 件同地同类诉求 (第 %s 组)' END, members, gid),
                NULL, r.rule, 'system', gid);
        END IF;
    END IF;
    RETURN gid;
END $$;
COMMENT ON FUNCTION @extschema@.repeat_join(@extschema@.work_order, @extschema@.escalation_rule, text,
    @extschema@.order_no[], real[]) IS
    'internal: adds an order and its matches to a repeat group, records and announces it, supervises the group at its threshold (R-2.4)';

-- 一人多次: the same citizen on the same topic within the window
CREATE FUNCTION @extschema@.escalate_repeat_person(o @extschema@.work_order, r @extschema@.escalation_rule)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    win         interval := (r.settings ->> 'window')::interval;
    matches     @extschema@.order_no[];
BEGIN
    IF o.citizen_id IS NULL OR o.topic_id IS NULL THEN
        RETURN;
    END IF;
    -- index (citizen_id, accepted_at); later ones too: an order of a
    -- transaction that started earlier but committed first
    matches := ARRAY(SELECT w.order_no FROM @extschema@.work_order w
                     WHERE w.citizen_id = o.citizen_id
                       AND w.accepted_at BETWEEN o.accepted_at - win AND o.accepted_at + win
                       AND w.topic_id = o.topic_id
                       AND w.order_no OPERATOR(@extschema@.<>) o.order_no
                     ORDER BY w.accepted_at, w.order_no);
    IF cardinality(matches) = 0 THEN
        RETURN;
    END IF;
    PERFORM @extschema@.repeat_join(o, r, 'one_person', matches,
                                    array_fill(1::real, ARRAY[cardinality(matches)]));
END $$;
COMMENT ON FUNCTION @extschema@.escalate_repeat_person(@extschema@.work_order, @extschema@.escalation_rule) IS
    'internal: rule kind repeat_person (一人多次, R-2.4): the same citizen on the same topic within settings.window';

-- the set phrases of intake agents, left out when texts are compared
-- unless the rule names its own (settings.ignore)
CREATE FUNCTION @extschema@.repeat_set_phrases() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT ARRAY['市民来电反映', '来电人反映', '市民反映', '来电咨询', '希望', '尽快', '请求', '要求', '相关部门',
             '处理', '解决', '存在', '问题']
$$;
COMMENT ON FUNCTION @extschema@.repeat_set_phrases() IS
    'the set phrases of intake agents (市民来电反映, 希望尽快处理 ...) that one matter many people (一事多人) leaves out of descriptions unless its rule gives settings.ignore';

-- 一事多人: different citizens, the same topic and place, similar text
CREATE FUNCTION @extschema@.escalate_repeat_matter(o @extschema@.work_order, r @extschema@.escalation_rule)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    win         interval := (r.settings ->> 'window')::interval;
    min_sim     real := (r.settings ->> 'similarity')::real;
    place_sim   real := coalesce((r.settings ->> 'place_similarity')::real, 0.4);
    max_dist    double precision := coalesce((r.settings ->> 'distance_m')::double precision, 200);
    -- what every appeal says (the agents' set phrases) tells appeals apart
    -- no better than the place does: left out with both addresses
    ignore      text;
    has_point   boolean := o.longitude IS NOT NULL AND o.latitude IS NOT NULL;
    matches     @extschema@.order_no[];
    sims        real[];
    o_place     text;
    o_text      text;
BEGIN
    IF o.topic_id IS NULL OR (o.address IS NULL AND NOT has_point) THEN
        RETURN;                     -- no topic or no place: nothing to compare
    END IF;
    ignore := array_to_string(coalesce(ARRAY(SELECT jsonb_array_elements_text(r.settings -> 'ignore')),
                                       @extschema@.repeat_set_phrases()), ' ');
    -- this order's words once; the candidates' words each (C, microseconds)
    ignore := concat_ws(' ', o.address, ignore);
    o_place := @extschema@.text_grams(o.address);
    o_text := @extschema@.text_grams(o.description, ignore);
    -- index (topic_id, accepted_at): the orders of the topic in the window;
    -- the place first (points when both have them, else addresses), the
    -- text only of those at the same place
    SELECT array_agg(c.order_no ORDER BY c.accepted_at, c.order_no),
           array_agg(c.sim ORDER BY c.accepted_at, c.order_no)
      INTO matches, sims
    FROM (SELECT p.order_no, p.accepted_at,
                 @extschema@.trgm_similarity(@extschema@.text_grams(p.description, ignore), o_text) AS sim
          FROM (SELECT w.order_no, w.accepted_at, w.description, w.address
                FROM @extschema@.work_order w
                WHERE w.topic_id = o.topic_id
                  AND w.accepted_at BETWEEN o.accepted_at - win AND o.accepted_at + win
                  AND w.order_no OPERATOR(@extschema@.<>) o.order_no
                  AND w.region = o.region      -- one place is in one district
                  AND (o.citizen_id IS NULL OR w.citizen_id IS DISTINCT FROM o.citizen_id)
                  AND CASE WHEN has_point AND w.longitude IS NOT NULL AND w.latitude IS NOT NULL
                           THEN @extschema@.distance_m(o.longitude, o.latitude, w.longitude, w.latitude) <= max_dist
                           ELSE o.address IS NOT NULL AND w.address IS NOT NULL
                                AND @extschema@.trgm_similarity(@extschema@.text_grams(w.address), o_place) >= place_sim END
                OFFSET 0) p) c
    WHERE c.sim >= min_sim;
    IF matches IS NULL THEN
        RETURN;
    END IF;
    PERFORM @extschema@.repeat_join(o, r, 'one_matter', matches, sims);
END $$;
COMMENT ON FUNCTION @extschema@.escalate_repeat_matter(@extschema@.work_order, @extschema@.escalation_rule) IS
    'internal: rule kind repeat_matter (一事多人, R-2.4): different citizens, same topic, same district and place (within settings.distance_m metres, else address similarity settings.place_similarity), description similarity settings.similarity, within settings.window';

-- R-5.2: returned, sent back, dissatisfied; counted from the order's
-- history since the last supervision of the reason was closed, so that a
-- closed supervision opens again only after as many new events
CREATE FUNCTION @extschema@.escalate_bad_handling(o @extschema@.work_order, r @extschema@.escalation_rule,
                                                  assignment_id bigint, action text, params jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_variable
DECLARE
    why         text;
    threshold   integer;
    n           integer;
    since       bigint;
BEGIN
    -- only the reason this action can have changed is counted
    IF action = 'return_order' THEN
        why := 'returned';
        threshold := (r.settings ->> 'returns')::integer;
    ELSIF action IN ('send_back', 'callback_redo') AND r.settings ? 'send_backs' THEN
        why := 'sent_back';
        threshold := (r.settings ->> 'send_backs')::integer;
    END IF;
    IF action IN ('callback', 'callback_redo') AND r.settings ? 'dissatisfied'
       AND 'dissatisfied' IN (params ->> 'process_satisfaction', params ->> 'result_satisfaction') THEN
        -- a redo is a send-back and a dissatisfied callback: both are checked
        IF why IS NOT NULL THEN
            PERFORM @extschema@.escalate_bad_handling(o, r, assignment_id, 'send_back', params);
        END IF;
        why := 'dissatisfied';
        threshold := (r.settings ->> 'dissatisfied')::integer;
    END IF;
    IF why IS NULL OR threshold IS NULL
       OR EXISTS (SELECT 1 FROM @extschema@.supervision s
                  WHERE s.order_no OPERATOR(@extschema@.=) o.order_no AND s.reason = why AND s.closed_at IS NULL) THEN
        RETURN;
    END IF;
    -- the history's order (event ids: writers of an order's history hold
    -- its lock), not its time stamps (one transaction has one now())
    SELECT max(e.id) INTO since FROM @extschema@.order_event e
    WHERE e.order_no OPERATOR(@extschema@.=) o.order_no AND e.action = 'supervise_close'
      AND e.payload ->> 'reason' = why;
    SELECT count(*) INTO n FROM @extschema@.order_event e
    WHERE e.order_no OPERATOR(@extschema@.=) o.order_no
      AND e.id > coalesce(since, 0)
      AND CASE why
          WHEN 'returned' THEN e.action = 'return_order'
          WHEN 'sent_back' THEN e.action IN ('send_back', 'callback_redo')
          ELSE e.action IN ('callback', 'callback_redo')
               AND 'dissatisfied' IN (e.payload ->> 'process_satisfaction', e.payload ->> 'result_satisfaction') END;
    IF n >= threshold THEN
        PERFORM @extschema@.supervision_open(o.order_no, why, NULL, NULL,
            format(CASE why WHEN 'returned' THEN '退单 %s 次' WHEN 'sent_back' THEN '发回重办 %s 次'
                            ELSE '回访不满意 %s 次' END, n),
            CASE WHEN why = 'returned' THEN assignment_id END, r.rule, 'system', NULL);
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.escalate_bad_handling(@extschema@.work_order, @extschema@.escalation_rule, bigint, text, jsonb) IS
    'internal: rule kind bad_handling (R-5.2): returns >= settings.returns, send-backs and redos >= settings.send_backs, dissatisfied callbacks >= settings.dissatisfied open a supervision (one open per reason)';

-- The engine (engine.c) calls this after an action that escalation rules
-- of the order's workflow name in their on_actions, inside the action's
-- transaction, with the order locked (FOR NO KEY UPDATE).  The rules run
-- in a fixed order (emergency, repeats, bad handling).  The repeat rules
-- take a transaction lock first, per citizen (one person many times) and
-- per topic and district (one matter many people): two appeals that could
-- join one group, accepted at once, are compared one after the other, the
-- second seeing the first once it committed (READ COMMITTED takes a new
-- snapshot per statement), so they end in one group; appeals that cannot
-- (other citizens, topics or districts) do not wait for each other.
CREATE FUNCTION @extschema@.escalate_on_action(order_no @extschema@.order_no, assignment_id bigint,
                                               action text, params jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_variable
DECLARE
    o           @extschema@.work_order;
    r           @extschema@.escalation_rule;
BEGIN
    SELECT * INTO o FROM @extschema@.work_order w WHERE w.order_no OPERATOR(@extschema@.=) escalate_on_action.order_no;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    FOR r IN SELECT * FROM @extschema@.escalation_rule x
             WHERE x.workflow = o.workflow AND action = ANY (x.on_actions)
               AND x.kind IN ('emergency', 'repeat_person', 'repeat_matter', 'bad_handling')
             ORDER BY array_position(ARRAY['emergency', 'repeat_person', 'repeat_matter', 'bad_handling'], x.kind), x.rule
    LOOP
        CASE r.kind
        WHEN 'emergency' THEN
            PERFORM @extschema@.escalate_emergency(o, r);
        WHEN 'repeat_person', 'repeat_matter' THEN
            IF o.topic_id IS NULL THEN
                CONTINUE;
            END IF;
            -- appeals that could join one group are compared one after the
            -- other: the same citizen (one person many times), the same topic
            -- in the same district (one matter many people); the person's
            -- lock is always taken first
            IF r.kind = 'repeat_person' THEN
                CONTINUE WHEN o.citizen_id IS NULL;
                PERFORM pg_advisory_xact_lock(hashtext('hotline.repeat_person'), hashint8(o.citizen_id));
            ELSE
                CONTINUE WHEN o.address IS NULL AND (o.longitude IS NULL OR o.latitude IS NULL);
                PERFORM pg_advisory_xact_lock(hashtext('hotline.repeat_matter'),
                                              hashtext(o.topic_id::text || '/' || o.region));
            END IF;
            -- once per order and kind (the same action path again adds nothing)
            CONTINUE WHEN EXISTS (SELECT 1 FROM @extschema@.repeat_member m JOIN @extschema@.repeat_group g ON g.id = m.group_id
                                  WHERE m.order_no OPERATOR(@extschema@.=) o.order_no
                                    AND g.kind = CASE r.kind WHEN 'repeat_person' THEN 'one_person' ELSE 'one_matter' END);
            IF r.kind = 'repeat_person' THEN
                PERFORM @extschema@.escalate_repeat_person(o, r);
            ELSE
                PERFORM @extschema@.escalate_repeat_matter(o, r);
            END IF;
        WHEN 'bad_handling' THEN
            PERFORM @extschema@.escalate_bad_handling(o, r, assignment_id, action, params);
        END CASE;
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.escalate_on_action(@extschema@.order_no, bigint, text, jsonb) IS
    'internal: runs the escalation rules of the order''s workflow that follow the action (emergency, repeats, bad handling)';

-- Supervision is the hotline's supervisors' work; the rules run inside the
-- engine.  No EXECUTE for PUBLIC until the roles of R-11 exist (as the
-- workflow's named functions).  The internal functions (escalate_*,
-- repeat_join, supervision_open) are neither SECURITY DEFINER nor pin their
-- search_path: they run only inside the engine's or open_supervision's
-- SECURITY DEFINER call, with its pinned search_path (a SET clause per
-- nested call would cost every accept), and name everything by schema.
REVOKE ALL ON FUNCTION
    @extschema@.supervision_check_text(text, text, text),
    @extschema@.supervision_check_method(text),
    @extschema@.supervision_open(@extschema@.order_no, text, text, text, text, bigint, text, text, bigint),
    @extschema@.open_supervision(@extschema@.order_no, text, text, text, text, bigint, text, text),
    @extschema@.supervision_lock(bigint, boolean),
    @extschema@.record_supervision(bigint, text, text, text),
    @extschema@.close_supervision(bigint, text, text),
    @extschema@.escalate_emergency(@extschema@.work_order, @extschema@.escalation_rule),
    @extschema@.repeat_join(@extschema@.work_order, @extschema@.escalation_rule, text, @extschema@.order_no[], real[]),
    @extschema@.escalate_repeat_person(@extschema@.work_order, @extschema@.escalation_rule),
    @extschema@.escalate_repeat_matter(@extschema@.work_order, @extschema@.escalation_rule),
    @extschema@.repeat_set_phrases(),
    @extschema@.escalate_bad_handling(@extschema@.work_order, @extschema@.escalation_rule, bigint, text, jsonb),
    @extschema@.escalate_on_action(@extschema@.order_no, bigint, text, jsonb),
    @extschema@.escalation_check_settings(),
    @extschema@.supervision_record_append_only()
FROM PUBLIC;
-- Scheduled jobs (R-14.1): the registry of the hotline's jobs, the record of
-- their runs, callback sampling (回访抽样, R-7.1), archiving (归档, R-8.1),
-- and their scheduling in pg_cron.
--
-- The job convention, followed by every job function (hotline.<job>(...)
-- RETURNS jsonb):
--   * safe to run twice at once: it first calls hotline.job_try_lock(job),
--     a transaction-level advisory lock on the job's fixed key; when another
--     run holds it, it returns {"job": ..., "skipped": "..."} at once;
--   * safe to run twice in a row: it only does what is due, so a second run
--     finds nothing left to do;
--   * it returns what it did as a JSON object and records it with
--     hotline.log_job_run(job, started, result) in hotline.job_run.
-- pg_cron (or any other scheduler: cron with psql, a Kubernetes CronJob, an
-- application timer) just calls SELECT hotline.<job>().
--
-- pg_cron is not needed by CREATE EXTENSION hotline: nothing here refers to
-- the cron schema outside EXECUTE of fixed statement texts, run only after
-- checking that pg_cron is there.

-- ---------------------------------------------------------------------------
-- The registry
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.job (
    name                text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,39}$'),
    command             text NOT NULL CHECK (command <> ''),
    default_schedule    text NOT NULL,
    lock_key            integer NOT NULL UNIQUE CHECK (lock_key > 0),    -- 0: schedule_jobs itself
    description         text NOT NULL,
    builtin             boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.job IS
    'the hotline''s scheduled jobs (R-14.1): what pg_cron (or another scheduler) runs, how often by default; hotline.schedule_jobs schedules them';
COMMENT ON COLUMN @extschema@.job.command IS 'the SQL statement the scheduler runs in the hotline''s database';
COMMENT ON COLUMN @extschema@.job.default_schedule IS 'the cron schedule (minute hour day month weekday) hotline.schedule_jobs uses unless told otherwise';
COMMENT ON COLUMN @extschema@.job.lock_key IS
    'the job''s fixed advisory lock key: pg_try_advisory_xact_lock(1752134764, lock_key) (1752134764 is ''hotl''); one run at a time per database';
COMMENT ON COLUMN @extschema@.job.builtin IS 'shipped with the extension (rows of your own are kept by pg_dump)';

INSERT INTO @extschema@.job (name, command, default_schedule, lock_key, description, builtin) VALUES
    ('sweep', 'SELECT hotline.sweep()', '* * * * *', 1,
     'reminders (提醒) before deadlines, hastenings (催办) after them and public notices (通报) (R-5, R-12.5)', true),
    ('recompute_deadlines', 'SELECT hotline.recompute_deadlines()', '*/5 * * * *', 2,
     'recomputes the deadlines of open assignments after a calendar change (R-12.3)', true),
    ('sample_callbacks', 'SELECT hotline.sample_callbacks()', '*/10 * * * *', 3,
     'callback sampling (回访抽样): all or a share of reviewed orders get a callback task, the others are closed (R-7.1)', true),
    -- pg_cron before 1.5 schedules in GMT: 18:30 GMT is 02:30 in Beijing
    ('archive', 'SELECT hotline.archive_closed()', '30 18 * * *', 4,
     'archives (归档) orders closed longer than hotline.archive_after (R-8.1), at 02:30 Beijing time', true);

SELECT pg_catalog.pg_extension_config_dump('@extschema@.job', 'WHERE NOT builtin');

-- The registry says nothing about citizens: anyone may read it.  Only the
-- owner changes it, since hotline.schedule_jobs hands its commands to
-- pg_cron, which runs them as the owner.
REVOKE ALL ON @extschema@.job FROM PUBLIC;
GRANT SELECT ON @extschema@.job TO PUBLIC;

-- ---------------------------------------------------------------------------
-- Runs
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.job_run (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job                 text NOT NULL,
    started_at          timestamptz NOT NULL,
    finished_at         timestamptz NOT NULL,
    result              jsonb NOT NULL CHECK (pg_catalog.jsonb_typeof(result) = 'object'),
    database            text NOT NULL DEFAULT pg_catalog.current_database(),
    run_by              text NOT NULL DEFAULT session_user,
    pid                 integer NOT NULL DEFAULT pg_catalog.pg_backend_pid(),
    CHECK (finished_at >= started_at)
);
-- the last run of a job (the view), and the runs to prune
CREATE INDEX job_run_job_idx ON @extschema@.job_run (job, id);
CREATE INDEX job_run_started_idx ON @extschema@.job_run (started_at);
COMMENT ON TABLE @extschema@.job_run IS
    'one row per completed run of a hotline job: when, what it did (result); a run that failed rolled back and left no row (pg_cron''s cron.job_run_details has its error); kept for hotline.job_run_retention';
COMMENT ON COLUMN @extschema@.job_run.result IS 'what the run did, as the job function returned it, e.g. {"job": "archive", "archived": 12, ...}';
COMMENT ON COLUMN @extschema@.job_run.database IS 'the database the job ran in (kept when the table is dumped and restored elsewhere)';
COMMENT ON COLUMN @extschema@.job_run.run_by IS 'the session user that ran the job: the role pg_cron runs it as, or whoever called it';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.job_run', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('@extschema@.job_run', 'id')::regclass, '');

-- Job results may name orders: no PUBLIC access (see hotline.job_status).
REVOKE ALL ON @extschema@.job_run FROM PUBLIC;

-- What hotline.schedule_jobs asked pg_cron for, so that hotline.job_status
-- shows each job's schedule even when pg_cron keeps its tables in another
-- database.  Not dumped: it mirrors cron.job, which a dump of this database
-- does not carry; after a restore, run hotline.schedule_jobs again.
CREATE TABLE @extschema@.job_schedule (
    job                 text PRIMARY KEY REFERENCES @extschema@.job (name) ON DELETE CASCADE,
    schedule            text NOT NULL,
    cron_job_name       text NOT NULL,
    cron_job_id         bigint NOT NULL,
    cron_database       text NOT NULL,
    scheduled_at        timestamptz NOT NULL DEFAULT pg_catalog.now(),
    scheduled_by        text NOT NULL DEFAULT session_user
);
COMMENT ON TABLE @extschema@.job_schedule IS
    'the hotline jobs hotline.schedule_jobs scheduled in pg_cron: schedule, pg_cron''s job name and id, and the database holding pg_cron (cron.database_name)';
REVOKE ALL ON @extschema@.job_schedule FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The job convention: lock, log
-- ---------------------------------------------------------------------------

-- The job of a name, or 42704.
CREATE FUNCTION @extschema@.job_check(job text) RETURNS @extschema@.job
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    j @extschema@.job;
BEGIN
    IF $1 IS NULL THEN
        RAISE EXCEPTION 'job must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Name a job of hotline.job, e.g. ''archive''.';
    END IF;
    SELECT * INTO j FROM @extschema@.job WHERE name = $1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'job "%" does not exist', $1
            USING ERRCODE = 'undefined_object',
                  DETAIL = format('The jobs are %s.', (SELECT string_agg(name, ', ' ORDER BY name) FROM @extschema@.job)),
                  HINT = 'Jobs are rows of hotline.job.';
    END IF;
    RETURN j;
END $$;
COMMENT ON FUNCTION @extschema@.job_check(text) IS 'internal: the job of this name; raises 42704 for an unknown job';
REVOKE ALL ON FUNCTION @extschema@.job_check(text) FROM PUBLIC;

CREATE FUNCTION @extschema@.job_try_lock(job text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
BEGIN
    -- advisory locks are per database: the same job of two hotline
    -- databases of one cluster runs at the same time
    RETURN pg_catalog.pg_try_advisory_xact_lock(1752134764, (@extschema@.job_check($1)).lock_key);
END $$;
COMMENT ON FUNCTION @extschema@.job_try_lock(text) IS
    'takes the job''s advisory lock until the end of the transaction; false when another run holds it (the caller returns {"skipped": ...})';
-- Holding a job's lock stops the job: only the owner's job functions (and
-- whom the DBA trusts) take it.
REVOKE ALL ON FUNCTION @extschema@.job_try_lock(text) FROM PUBLIC;

CREATE FUNCTION @extschema@.job_skipped(job text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_catalog.jsonb_build_object('job', $1, 'skipped', 'another run of this job is in progress')
$$;
COMMENT ON FUNCTION @extschema@.job_skipped(text) IS
    'the result of a job run that found another run of the job in progress';

-- The setting of an interval GUC (int with a time unit) as an interval,
-- with the default while the library (which defines it) is not loaded.
CREATE FUNCTION @extschema@.job_setting_interval(setting text, fallback interval) RETURNS interval
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v text := pg_catalog.current_setting($1, true);
    result interval;
BEGIN
    IF v IS NULL OR v = '' THEN
        RETURN $2;
    END IF;
    BEGIN
        result := v::interval;
    EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow OR interval_field_overflow THEN
        RAISE EXCEPTION 'invalid value for setting %: "%"', $1, v
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('Set %s to a time such as ''7d'' or ''12h''.', $1);
    END;
    IF result < interval '0' THEN
        RAISE EXCEPTION 'setting % must not be negative: "%"', $1, v
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('Set %s to a time such as ''7d'' or ''12h''.', $1);
    END IF;
    RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.job_setting_interval(text, interval) IS
    'internal: a hotline.* time setting as an interval (the default while unset)';

CREATE FUNCTION @extschema@.log_job_run(job text, started timestamptz, result jsonb) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    keep interval;
    finished timestamptz := pg_catalog.clock_timestamp();
BEGIN
    PERFORM @extschema@.job_check($1);
    IF $2 IS NULL OR $3 IS NULL THEN
        RAISE EXCEPTION 'the start and the result of a job run must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass the clock_timestamp() taken when the job began and the JSON object it returns.';
    END IF;
    IF pg_catalog.jsonb_typeof($3) <> 'object' THEN
        RAISE EXCEPTION 'the result of a job run must be a JSON object, not %', pg_catalog.jsonb_typeof($3)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Return counts by name, e.g. ''{"archived": 12}''.';
    END IF;
    IF $2 > finished THEN
        RAISE EXCEPTION 'a job run cannot start in the future'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The start given is %s, it is now %s.', $2, finished),
                  HINT = 'Pass the clock_timestamp() taken when the job began.';
    END IF;
    INSERT INTO @extschema@.job_run (job, started_at, finished_at, result) VALUES ($1, $2, finished, $3);

    -- keep the table bounded: each run removes a few expired runs (an index
    -- probe when there are none), so pruning keeps pace with logging
    keep := @extschema@.job_setting_interval('hotline.job_run_retention', interval '30 days');
    DELETE FROM @extschema@.job_run r
    WHERE r.id IN (SELECT x.id FROM @extschema@.job_run x
                   WHERE x.started_at < finished - keep
                   ORDER BY x.started_at LIMIT 100);
END $$;
COMMENT ON FUNCTION @extschema@.log_job_run(text, timestamptz, jsonb) IS
    'records a run of a job in hotline.job_run (started: clock_timestamp() at its start; result: what it did) and removes runs older than hotline.job_run_retention';
REVOKE ALL ON FUNCTION @extschema@.log_job_run(text, timestamptz, jsonb) FROM PUBLIC;

-- The helpers without side effects below (job_skipped, job_setting_interval,
-- job_check_batch, callback_sample_point, cron_job_name, cron_database,
-- cron_version_parts, cron_check_schedule, conninfo_quote) stay open to
-- PUBLIC: they read no table and change nothing.

-- Checks of the job functions' arguments.
CREATE FUNCTION @extschema@.job_check_batch(batch integer) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF $1 IS NULL THEN
        RAISE EXCEPTION 'batch must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Give the most orders one run handles, from 1 to 100000 (default 1000).';
    ELSIF $1 < 1 OR $1 > 100000 THEN
        RAISE EXCEPTION 'batch must be between 1 and 100000, not %', $1
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A run handles at most this many orders; the next run takes the rest.';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.job_check_batch(integer) IS 'internal: raises unless 1 <= batch <= 100000';

-- ---------------------------------------------------------------------------
-- Callback sampling (回访抽样, R-7.1)
-- ---------------------------------------------------------------------------

-- Where an order falls in [0, 1): the first 32 bits of the MD5 of its
-- number.  md5 never changes across versions and platforms, so an order is
-- sampled or not whatever the server, and a rerun decides the same.
CREATE FUNCTION @extschema@.callback_sample_point(order_no @extschema@.order_no) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT ('x' || pg_catalog.substr(pg_catalog.md5($1::text), 1, 8))::bit(32)::bigint / 4294967296.0::double precision
$$;
COMMENT ON FUNCTION @extschema@.callback_sample_point(@extschema@.order_no) IS
    'where an order falls in [0, 1) for callback sampling (R-7.1): sampled when below the share';

CREATE FUNCTION @extschema@.sample_callbacks(share double precision DEFAULT NULL, batch integer DEFAULT 1000)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
#variable_conflict use_column
DECLARE
    started timestamptz := pg_catalog.clock_timestamp();
    the_share double precision := sample_callbacks.share;
    setting text;
    o record;
    n_examined integer := 0;
    n_sampled integer := 0;
    n_closed integer := 0;
    n_failed integer := 0;
    errors jsonb := '[]';
    result jsonb;
BEGIN
    IF the_share IS NULL THEN
        setting := pg_catalog.current_setting('hotline.callback_share', true);
        BEGIN
            the_share := coalesce(nullif(setting, '')::double precision, 1.0);
        EXCEPTION WHEN invalid_text_representation THEN
            RAISE EXCEPTION 'invalid value for setting hotline.callback_share: "%"', setting
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Set hotline.callback_share to a number from 0 to 1, e.g. 0.3 to call back 30% of handled orders.';
        END;
    END IF;
    IF NOT (the_share >= 0 AND the_share <= 1) THEN     -- NaN too
        RAISE EXCEPTION 'the callback share must be between 0 and 1, not %', the_share
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = '1 calls back every handled order, 0 none (R-7.1).',
                  HINT = 'Pass share => 0.3 to call back 30% of the orders, or NULL for hotline.callback_share.';
    END IF;
    PERFORM @extschema@.job_check_batch(sample_callbacks.batch);

    IF NOT @extschema@.job_try_lock('sample_callbacks') THEN
        RETURN @extschema@.job_skipped('sample_callbacks');
    END IF;

    -- Reviewed orders not decided yet, of workflows whose system role may
    -- close a reviewed order (the 12345 workflow: R-7.1).  An order someone
    -- is acting on right now is skipped and taken by the next run.
    FOR o IN
        SELECT w.order_no, w.callback_due
        FROM @extschema@.work_order w
        WHERE w.state = 'reviewed' AND w.callback_sampled IS NULL AND w.closed_at IS NULL
          AND EXISTS (SELECT FROM @extschema@.workflow_action a
                      WHERE a.workflow = w.workflow AND a.action = 'close'
                        AND 'reviewed' = ANY (a.from_states) AND 'system' = ANY (a.roles))
        ORDER BY w.order_no
        LIMIT sample_callbacks.batch
        FOR NO KEY UPDATE OF w SKIP LOCKED
    LOOP
        n_examined := n_examined + 1;
        BEGIN
            IF @extschema@.callback_sample_point(o.order_no) < the_share THEN
                -- sampled: it stays in the callback queue with its
                -- callback_due; the callback agents get a task
                UPDATE @extschema@.work_order SET callback_sampled = true WHERE order_no = o.order_no;
                PERFORM @extschema@.post_message('system', 'callback_task',
                    pg_catalog.jsonb_build_object('order_no', o.order_no::text, 'callback_due', o.callback_due,
                        'text', pg_catalog.format('【12345热线】回访任务：工单%s已抽中回访，请于%s前回访诉求人。',
                                                  o.order_no::text,
                                                  pg_catalog.to_char(pg_catalog.timezone('Asia/Shanghai', o.callback_due),
                                                                     'YYYY-MM-DD HH24:MI'))),
                    recipient_user => 'callback_agents', order_no => o.order_no,
                    dedup_key => 'callback_task:' || o.order_no::text);
                n_sampled := n_sampled + 1;
            ELSE
                UPDATE @extschema@.work_order SET callback_sampled = false WHERE order_no = o.order_no;
                PERFORM @extschema@.apply_action(o.order_no, 'close', 'system', 'system',
                    pg_catalog.jsonb_build_object('reason', '未抽中回访 (not sampled for callback, R-7.1)'));
                n_closed := n_closed + 1;
            END IF;
        EXCEPTION WHEN OTHERS THEN
            -- one order that cannot be handled does not stop the others; it
            -- stays undecided, so the next run tries it again
            n_failed := n_failed + 1;
            IF pg_catalog.jsonb_array_length(errors) < 10 THEN
                errors := errors || pg_catalog.jsonb_build_object('order_no', o.order_no::text,
                                                                  'sqlstate', SQLSTATE, 'message', SQLERRM);
            END IF;
        END;
    END LOOP;

    result := pg_catalog.jsonb_build_object(
        'job', 'sample_callbacks', 'share', the_share, 'examined', n_examined,
        'sampled', n_sampled, 'closed', n_closed, 'failed', n_failed,
        'more', n_examined = sample_callbacks.batch);
    IF n_failed > 0 THEN
        result := result || pg_catalog.jsonb_build_object('errors', errors);
        RAISE WARNING 'hotline.sample_callbacks: % orders could not be handled', n_failed
            USING DETAIL = format('The first: %s.', errors -> 0),
                  HINT = 'They stay undecided and are tried again by the next run; hotline.job_run keeps the errors.';
    END IF;
    PERFORM @extschema@.log_job_run('sample_callbacks', started, result);
    RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.sample_callbacks(double precision, integer) IS
    'job sample_callbacks (R-7.1): decides for up to batch reviewed orders whether they are called back (share, default hotline.callback_share; by a hash of the order number): sampled orders keep their callback_due and the callback agents get a callback_task message, the others are closed; returns the counts';
-- It closes orders: the DBA grants it to the role that runs the jobs.
REVOKE ALL ON FUNCTION @extschema@.sample_callbacks(double precision, integer) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Archiving (归档, R-8.1)
-- ---------------------------------------------------------------------------

-- Closed and directly answered orders waiting for the archive job, by the
-- time they were closed: the job reads only what is due.
CREATE INDEX work_order_archive_due_idx ON @extschema@.work_order (closed_at)
    WHERE state IN ('closed', 'answered');

CREATE FUNCTION @extschema@.archive_closed(after interval DEFAULT NULL, batch integer DEFAULT 1000)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, @extschema@, pg_temp
SET IntervalStyle = postgres    -- "7 days" in the result and the messages, whatever the session's style
AS $$
#variable_conflict use_column
DECLARE
    started timestamptz := pg_catalog.clock_timestamp();
    the_after interval := archive_closed.after;
    o record;
    n_examined integer := 0;
    n_archived integer := 0;
    n_failed integer := 0;
    errors jsonb := '[]';
    result jsonb;
BEGIN
    IF the_after IS NULL THEN
        the_after := @extschema@.job_setting_interval('hotline.archive_after', interval '7 days');
    ELSIF the_after < interval '0' THEN
        RAISE EXCEPTION 'the archive delay must not be negative: %', the_after
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Orders are archived when they have been closed longer than this (R-8.1).',
                  HINT = 'Pass after => ''7 days'', or NULL for hotline.archive_after.';
    END IF;
    PERFORM @extschema@.job_check_batch(archive_closed.batch);

    IF NOT @extschema@.job_try_lock('archive') THEN
        RETURN @extschema@.job_skipped('archive');
    END IF;

    -- closed (办结) and directly answered (直接办理) orders closed long
    -- enough ago, of workflows whose system role may archive them
    FOR o IN
        SELECT w.order_no
        FROM @extschema@.work_order w
        WHERE w.state IN ('closed', 'answered') AND w.closed_at < pg_catalog.now() - the_after
          AND EXISTS (SELECT FROM @extschema@.workflow_action a
                      WHERE a.workflow = w.workflow AND a.action = 'archive'
                        AND w.state = ANY (a.from_states) AND 'system' = ANY (a.roles))
        ORDER BY w.closed_at, w.order_no
        LIMIT archive_closed.batch
        FOR NO KEY UPDATE OF w SKIP LOCKED
    LOOP
        n_examined := n_examined + 1;
        BEGIN
            PERFORM @extschema@.apply_action(o.order_no, 'archive', 'system', 'system');
            n_archived := n_archived + 1;
        EXCEPTION WHEN OTHERS THEN
            n_failed := n_failed + 1;
            IF pg_catalog.jsonb_array_length(errors) < 10 THEN
                errors := errors || pg_catalog.jsonb_build_object('order_no', o.order_no::text,
                                                                  'sqlstate', SQLSTATE, 'message', SQLERRM);
            END IF;
        END;
    END LOOP;

    result := pg_catalog.jsonb_build_object(
        'job', 'archive', 'after', the_after::text, 'examined', n_examined,
        'archived', n_archived, 'failed', n_failed, 'more', n_examined = archive_closed.batch);
    IF n_failed > 0 THEN
        result := result || pg_catalog.jsonb_build_object('errors', errors);
        RAISE WARNING 'hotline.archive_closed: % orders could not be archived', n_failed
            USING DETAIL = format('The first: %s.', errors -> 0),
                  HINT = 'They stay closed and are tried again by the next run; hotline.job_run keeps the errors.';
    END IF;
    PERFORM @extschema@.log_job_run('archive', started, result);
    RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.archive_closed(interval, integer) IS
    'job archive (R-8.1): archives up to batch closed and directly answered orders closed longer than after (default hotline.archive_after) through the workflow action archive; returns the counts';
REVOKE ALL ON FUNCTION @extschema@.archive_closed(interval, integer) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Scheduling in pg_cron
-- ---------------------------------------------------------------------------

-- pg_cron's name of a hotline job of this database: hotline.<job>@<database>
-- (at most 63 bytes: a long database name is cut and ends in a hash).
CREATE FUNCTION @extschema@.cron_job_name(job text) RETURNS text
LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    db text := pg_catalog.current_database();
    head text := 'hotline.' || $1 || '@';
    cut text;
BEGIN
    IF pg_catalog.octet_length(head || db) <= 63 THEN
        RETURN head || db;
    END IF;
    cut := db;
    WHILE pg_catalog.octet_length(head || cut) > 54 LOOP
        cut := pg_catalog.left(cut, -1);
    END LOOP;
    RETURN head || cut || '~' || pg_catalog.left(pg_catalog.md5(db), 8);
END $$;
COMMENT ON FUNCTION @extschema@.cron_job_name(text) IS
    'pg_cron''s job name of a hotline job of this database: hotline.<job>@<database>';

-- The pg_cron behind this server, or 55000 with how to install it.
-- Returns the database holding pg_cron (cron.database_name).
CREATE FUNCTION @extschema@.cron_database() RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    db text := pg_catalog.current_setting('cron.database_name', true);
BEGIN
    IF pg_catalog.current_setting('shared_preload_libraries') !~ '(^|[\s,"/])pg_cron(\.so)?($|[\s,"])'
       OR coalesce(db, '') = '' THEN
        RAISE EXCEPTION 'pg_cron is not loaded on this server'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'The hotline''s jobs are scheduled in pg_cron; they also run when any other scheduler calls them, e.g. SELECT hotline.archive_closed().',
                  HINT = 'Install pg_cron (apt-get install postgresql-15-cron), set shared_preload_libraries = ''pg_cron'' and cron.database_name = ''<database>'' in postgresql.conf, restart PostgreSQL, then run CREATE EXTENSION pg_cron in that database.';
    END IF;
    RETURN db;
END $$;
COMMENT ON FUNCTION @extschema@.cron_database() IS
    'internal: the database holding pg_cron (cron.database_name); raises 55000 saying how to install pg_cron when it is not loaded';

-- pg_cron's version (e.g. 1.4-1) as {major, minor}.
CREATE FUNCTION @extschema@.cron_version_parts(version text) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_catalog.string_to_array(pg_catalog."substring"($1, '^([0-9]+\.[0-9]+)'), '.')::integer[]
$$;
COMMENT ON FUNCTION @extschema@.cron_version_parts(text) IS 'internal: {major, minor} of an extension version such as 1.4-1';

-- A schedule, normalised (spaces), or 22023/0A000.  pg_cron parses it
-- again; this check keeps anything but a schedule out of the statements
-- sent to pg_cron's database.
CREATE FUNCTION @extschema@.cron_check_schedule(job text, schedule text, cron_version text) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    s text := pg_catalog.btrim(pg_catalog.regexp_replace($2, '\s+', ' ', 'g'));
BEGIN
    IF s ~ '^([1-9]|[1-5][0-9]) seconds?$' THEN
        IF @extschema@.cron_version_parts($3) < '{1,5}' THEN
            RAISE EXCEPTION 'pg_cron % cannot run job % every "%"', $3, $1, $2
                USING ERRCODE = 'feature_not_supported',
                      DETAIL = 'pg_cron schedules by the minute before version 1.5; from 1.5 on it also takes 1 to 59 seconds.',
                      HINT = 'Use a cron schedule such as ''* * * * *'' (every minute).';
        END IF;
        RETURN s;
    END IF;
    IF s ~ '^@(yearly|annually|monthly|weekly|daily|midnight|hourly|reboot|restart)$'
       OR s ~ '^[0-9A-Za-z*,/$-]+( [0-9A-Za-z*,/$-]+){4}$' THEN
        RETURN s;
    END IF;
    RAISE EXCEPTION 'invalid schedule for job %: "%"', $1, $2
        USING ERRCODE = 'invalid_parameter_value',
              DETAIL = 'A schedule is five cron fields: minute, hour, day of month, month, day of week (in GMT before pg_cron 1.5), a keyword such as @daily, or from pg_cron 1.5 on 1 to 59 seconds.',
              HINT = 'Write e.g. ''*/10 * * * *'' (every 10 minutes) or ''30 18 * * *'' (at 18:30 GMT every day: pg_cron 1.4 schedules in GMT); NULL leaves the job unscheduled.';
END $$;
COMMENT ON FUNCTION @extschema@.cron_check_schedule(text, text, text) IS
    'internal: a pg_cron schedule, normalised; raises 22023 for anything else and 0A000 for seconds before pg_cron 1.5';

-- Quote a value for a libpq connection string.
CREATE FUNCTION @extschema@.conninfo_quote(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
    SELECT '''' || pg_catalog.replace(pg_catalog.replace($1, '\', '\\'), '''', '\''') || ''''
$$;
COMMENT ON FUNCTION @extschema@.conninfo_quote(text) IS 'internal: a value quoted for a libpq connection string';

-- The operations on pg_cron's tables, here (pg_cron in this database) or
-- through dblink (pg_cron in another database of the cluster).  Here: fixed
-- statements with parameters.  Through dblink, which takes no parameters:
-- fixed statements with literals of values checked before (job names made
-- by cron_job_name, schedules passed by cron_check_schedule, commands of
-- the registry, this database's name), quoted by format's %L.
CREATE FUNCTION @extschema@.cron_exec(op text, link text, dblink_schema text,
                                      job_name text DEFAULT NULL, schedule text DEFAULT NULL,
                                      command text DEFAULT NULL, job_id bigint DEFAULT NULL,
                                      OUT jobid bigint, OUT job_schedule text, OUT job_database text,
                                      OUT job_active boolean)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    db text := pg_catalog.current_database();
BEGIN
    IF link IS NULL THEN
        CASE op
        WHEN 'find' THEN
            EXECUTE 'SELECT j.jobid, j.schedule, j.database, j.active FROM cron.job j '
                    'WHERE j.jobname = $1 AND j.username = current_user'
                INTO jobid, job_schedule, job_database, job_active USING job_name;
        WHEN 'unschedule' THEN
            EXECUTE 'SELECT cron.unschedule($1::bigint)' USING job_id;
        WHEN 'schedule' THEN
            EXECUTE 'SELECT cron.schedule_in_database($1, $2, $3, $4)'
                INTO jobid USING job_name, schedule, command, db;
        END CASE;
    ELSE
        CASE op
        WHEN 'find' THEN
            EXECUTE format('SELECT * FROM %I.dblink($1, $2) AS t(jobid bigint, schedule text, database text, active boolean)',
                           dblink_schema)
                INTO jobid, job_schedule, job_database, job_active
                USING link, format('SELECT j.jobid, j.schedule, j.database, j.active FROM cron.job j '
                                   'WHERE j.jobname = %L AND j.username = current_user', job_name);
        WHEN 'unschedule' THEN
            EXECUTE format('SELECT * FROM %I.dblink($1, $2) AS t(done boolean)', dblink_schema)
                USING link, format('SELECT cron.unschedule(%s::bigint)', job_id);
        WHEN 'schedule' THEN
            EXECUTE format('SELECT * FROM %I.dblink($1, $2) AS t(jobid bigint)', dblink_schema)
                INTO jobid
                USING link, format('SELECT cron.schedule_in_database(%L, %L, %L, %L)',
                                   job_name, schedule, command, db);
        END CASE;
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.cron_exec(text, text, text, text, text, text, bigint) IS
    'internal: find, unschedule or schedule a pg_cron job, in this database or through a dblink connection';
REVOKE ALL ON FUNCTION @extschema@.cron_exec(text, text, text, text, text, text, bigint) FROM PUBLIC;

-- Make pg_cron's hotline jobs of this database what "wanted" says
-- ({"job": "schedule" or null}); every job of the registry not named keeps
-- nothing.  The work of schedule_jobs and unschedule_jobs.
CREATE FUNCTION @extschema@.cron_sync(wanted jsonb, cron_connection text)
RETURNS TABLE (job text, schedule text, action text, cron_job_name text, cron_job_id bigint, cron_database text)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    cron_db text := @extschema@.cron_database();
    here boolean := cron_db = pg_catalog.current_database();
    version text;
    dblink_schema text;
    conninfo text;
    link text;
    why text;
    j record;
    want text;
    old record;
    new_id bigint;
BEGIN
    IF here THEN
        SELECT e.extversion INTO version FROM pg_catalog.pg_extension e WHERE e.extname = 'pg_cron';
        IF NOT FOUND THEN
            RAISE EXCEPTION 'extension pg_cron is not installed in database "%"', cron_db
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'pg_cron is loaded and keeps its jobs in this database (cron.database_name).',
                      HINT = 'Run CREATE EXTENSION pg_cron in this database.';
        END IF;
    ELSE
        -- pg_cron lives in another database: reach it through dblink
        SELECT n.nspname INTO dblink_schema
        FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'dblink';
        IF NOT FOUND THEN
            RAISE EXCEPTION 'scheduling jobs of database "%" in pg_cron''s database "%" needs the extension dblink',
                    pg_catalog.current_database(), cron_db
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'pg_cron keeps its jobs in the database cron.database_name only; hotline reaches it from here through dblink.',
                      HINT = 'Run CREATE EXTENSION dblink in this database (it ships with PostgreSQL), then call hotline.schedule_jobs again.';
        END IF;
        conninfo := coalesce(nullif(cron_connection, ''),
                             nullif(pg_catalog.current_setting('hotline.cron_connection', true), ''),
                             'dbname=' || @extschema@.conninfo_quote(cron_db)
                             || ' user=' || @extschema@.conninfo_quote(current_user)
                             || ' port=' || @extschema@.conninfo_quote(pg_catalog.current_setting('port'))
                             || coalesce(' host=' || @extschema@.conninfo_quote(
                                    nullif(pg_catalog.current_setting('cron.host', true), '')), ''));
        link := 'hotline_cron_' || pg_catalog.pg_backend_pid();
        IF link = ANY (@extschema@.cron_dblink_connections(dblink_schema)) THEN
            EXECUTE format('SELECT %I.dblink_disconnect($1)', dblink_schema) USING link;
        END IF;
        BEGIN
            EXECUTE format('SELECT %I.dblink_connect($1, $2)', dblink_schema) USING link, conninfo;
        EXCEPTION WHEN sqlclient_unable_to_establish_sqlconnection OR prohibited_sql_statement_attempted
                       OR insufficient_privilege THEN
            GET STACKED DIAGNOSTICS why = PG_EXCEPTION_DETAIL;
            RAISE EXCEPTION 'could not connect to pg_cron''s database "%"', cron_db
                USING ERRCODE = 'connection_exception',
                      DETAIL = pg_catalog.btrim(SQLERRM || ': ' || coalesce(nullif(why, ''), 'no detail'), E' \n'),
                      HINT = 'Pass cron_connection => a libpq connection string or a dblink foreign server name that reaches it (or set hotline.cron_connection); the jobs run as the role it logs in as.';
        END;
    END IF;

    BEGIN
        IF NOT here THEN
            EXECUTE format('SELECT * FROM %I.dblink($1, $2) AS t(v text)', dblink_schema)
                INTO version
                USING link, 'SELECT e.extversion FROM pg_catalog.pg_extension e WHERE e.extname = ''pg_cron''';
            IF version IS NULL THEN
                RAISE EXCEPTION 'extension pg_cron is not installed in database "%"', cron_db
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = 'pg_cron is loaded and keeps its jobs in that database (cron.database_name).',
                          HINT = format('Run CREATE EXTENSION pg_cron in database "%s".', cron_db);
            END IF;
        END IF;
        IF @extschema@.cron_version_parts(version) < '{1,4}' THEN
            RAISE EXCEPTION 'pg_cron % is too old for hotline.schedule_jobs', version
                USING ERRCODE = 'feature_not_supported',
                      DETAIL = 'Named jobs in a given database (cron.schedule_in_database) came with pg_cron 1.4.',
                      HINT = format('Run ALTER EXTENSION pg_cron UPDATE in database "%s" (after installing pg_cron 1.4 or later).', cron_db);
        END IF;

        -- every schedule is checked before pg_cron is touched (over dblink,
        -- what is done is committed at once)
        FOR j IN SELECT r.name FROM @extschema@.job r ORDER BY r.name LOOP
            IF wanted ->> j.name IS NOT NULL THEN
                wanted := wanted || pg_catalog.jsonb_build_object(j.name,
                    @extschema@.cron_check_schedule(j.name, wanted ->> j.name, version));
            END IF;
        END LOOP;

        FOR j IN SELECT r.name, r.command FROM @extschema@.job r ORDER BY r.name LOOP
            want := wanted ->> j.name;
            job := j.name;
            schedule := want;
            cron_job_name := @extschema@.cron_job_name(j.name);
            cron_database := cron_db;
            old := @extschema@.cron_exec('find', link, dblink_schema, cron_job_name);
            IF want IS NULL THEN
                IF old.jobid IS NOT NULL THEN
                    PERFORM @extschema@.cron_exec('unschedule', link, dblink_schema, job_id => old.jobid);
                    action := 'unscheduled';
                ELSE
                    action := 'not scheduled';
                END IF;
                cron_job_id := old.jobid;
                DELETE FROM @extschema@.job_schedule s WHERE s.job = j.name;
            ELSE
                -- pg_cron 1.4 updates the schedule and the command of a job
                -- of the same name, not its database nor whether it is
                -- active: such a job is made anew
                IF old.jobid IS NOT NULL
                   AND (old.job_database <> pg_catalog.current_database() OR NOT old.job_active) THEN
                    PERFORM @extschema@.cron_exec('unschedule', link, dblink_schema, job_id => old.jobid);
                    old.job_schedule := NULL;
                END IF;
                new_id := (@extschema@.cron_exec('schedule', link, dblink_schema, cron_job_name, want, j.command)).jobid;
                action := CASE WHEN old.jobid IS NULL THEN 'scheduled'
                               WHEN old.job_schedule = want THEN 'unchanged'
                               ELSE 'rescheduled' END;
                cron_job_id := new_id;
                INSERT INTO @extschema@.job_schedule AS s (job, schedule, cron_job_name, cron_job_id, cron_database)
                VALUES (j.name, want, cron_job_name, new_id, cron_db)
                ON CONFLICT ON CONSTRAINT job_schedule_pkey DO UPDATE
                SET schedule = EXCLUDED.schedule, cron_job_name = EXCLUDED.cron_job_name,
                    cron_job_id = EXCLUDED.cron_job_id, cron_database = EXCLUDED.cron_database,
                    scheduled_at = EXCLUDED.scheduled_at, scheduled_by = EXCLUDED.scheduled_by;
            END IF;
            RETURN NEXT;
        END LOOP;
    EXCEPTION WHEN OTHERS THEN
        IF link IS NOT NULL THEN
            BEGIN
                EXECUTE format('SELECT %I.dblink_disconnect($1)', dblink_schema) USING link;
            EXCEPTION WHEN OTHERS THEN
                NULL;       -- the connection is gone already: the first error is the one to report
            END;
        END IF;
        RAISE;
    END;
    IF link IS NOT NULL THEN
        EXECUTE format('SELECT %I.dblink_disconnect($1)', dblink_schema) USING link;
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.cron_sync(jsonb, text) IS
    'internal: schedules, reschedules or unschedules the jobs of the registry in pg_cron as wanted ({"job": schedule or null}), here or through dblink';
REVOKE ALL ON FUNCTION @extschema@.cron_sync(jsonb, text) FROM PUBLIC;

-- dblink's open connections of this session (a helper: dblink's schema is
-- known only at run time).
CREATE FUNCTION @extschema@.cron_dblink_connections(dblink_schema text) RETURNS text[]
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    result text[];
BEGIN
    EXECUTE format('SELECT %I.dblink_get_connections()', dblink_schema) INTO result;
    RETURN coalesce(result, '{}');
END $$;
COMMENT ON FUNCTION @extschema@.cron_dblink_connections(text) IS 'internal: the names of this session''s dblink connections';
REVOKE ALL ON FUNCTION @extschema@.cron_dblink_connections(text) FROM PUBLIC;

CREATE FUNCTION @extschema@.schedule_jobs(
    sweep               text DEFAULT '* * * * *',
    recompute_deadlines text DEFAULT '*/5 * * * *',
    sample_callbacks    text DEFAULT '*/10 * * * *',
    archive             text DEFAULT '30 18 * * *',
    cron_connection     text DEFAULT NULL)
RETURNS TABLE (job text, schedule text, action text, cron_job_name text, cron_job_id bigint, cron_database text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    wanted jsonb;
BEGIN
    -- the four named jobs as asked; a job of your own in the registry at
    -- its default schedule
    SELECT pg_catalog.jsonb_object_agg(r.name, r.default_schedule) INTO wanted
    FROM @extschema@.job r WHERE NOT r.builtin;
    wanted := coalesce(wanted, '{}') || pg_catalog.jsonb_build_object(
        'sweep', schedule_jobs.sweep, 'recompute_deadlines', schedule_jobs.recompute_deadlines,
        'sample_callbacks', schedule_jobs.sample_callbacks, 'archive', schedule_jobs.archive);
    -- one schedule_jobs at a time per database: two at once would make the
    -- same pg_cron jobs twice over dblink
    PERFORM pg_catalog.pg_advisory_xact_lock(1752134764, 0);
    RETURN QUERY SELECT * FROM @extschema@.cron_sync(wanted, schedule_jobs.cron_connection);
END $$;
COMMENT ON FUNCTION @extschema@.schedule_jobs(text, text, text, text, text) IS
    'schedules the hotline''s jobs in pg_cron as hotline.<job>@<database> (NULL: that job is not scheduled, and unscheduled if it was); running it again replaces the schedules; from a database other than cron.database_name through dblink (cron_connection: a connection string or foreign server name, default hotline.cron_connection or the local server); returns what it did per job';
-- Jobs run as the owner (a superuser): only the DBA schedules them.
REVOKE ALL ON FUNCTION @extschema@.schedule_jobs(text, text, text, text, text) FROM PUBLIC;

CREATE FUNCTION @extschema@.unschedule_jobs(cron_connection text DEFAULT NULL)
RETURNS TABLE (job text, schedule text, action text, cron_job_name text, cron_job_id bigint, cron_database text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(1752134764, 0);
    RETURN QUERY SELECT * FROM @extschema@.cron_sync('{}', unschedule_jobs.cron_connection);
END $$;
COMMENT ON FUNCTION @extschema@.unschedule_jobs(text) IS
    'removes the hotline''s jobs of this database from pg_cron; returns what it did per job';
REVOKE ALL ON FUNCTION @extschema@.unschedule_jobs(text) FROM PUBLIC;

-- pg_cron's view of the hotline's jobs of this database when pg_cron keeps
-- its tables here: each job and its last run's status and message (a run
-- that raised an error shows only there).  Nothing when pg_cron is not in
-- this database: the job_status view works without it.
CREATE FUNCTION @extschema@.cron_job_info()
RETURNS TABLE (cron_job_name text, cron_job_id bigint, schedule text, active boolean,
               last_status text, last_message text, last_start timestamptz, last_end timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
BEGIN
    IF pg_catalog.to_regclass('cron.job') IS NULL OR pg_catalog.to_regclass('cron.job_run_details') IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY EXECUTE
        'SELECT j.jobname::text, j.jobid, j.schedule, j.active, '
        '       d.status, d.return_message, d.start_time, d.end_time '
        'FROM cron.job j '
        'LEFT JOIN LATERAL (SELECT r.status, r.return_message, r.start_time, r.end_time '
        '                   FROM cron.job_run_details r WHERE r.jobid = j.jobid '
        '                   ORDER BY r.runid DESC LIMIT 1) d ON true '
        'WHERE j.jobname = ANY ($1) AND j.username = current_user'
        USING ARRAY(SELECT @extschema@.cron_job_name(r.name) FROM @extschema@.job r);
END $$;
COMMENT ON FUNCTION @extschema@.cron_job_info() IS
    'pg_cron''s jobs of the hotline of this database with their last run (status, message), when pg_cron keeps its tables in this database; else nothing';
REVOKE ALL ON FUNCTION @extschema@.cron_job_info() FROM PUBLIC;

CREATE VIEW @extschema@.job_status AS
SELECT j.name AS job,
       j.description,
       j.default_schedule,
       s.schedule,
       s.job IS NOT NULL AS scheduled,
       c.active,
       s.cron_job_name,
       coalesce(c.cron_job_id, s.cron_job_id) AS cron_job_id,
       s.cron_database,
       s.scheduled_at,
       r.started_at AS last_started,
       r.finished_at AS last_finished,
       r.result AS last_result,
       c.last_status AS cron_last_status,
       c.last_message AS cron_last_message,
       c.last_start AS cron_last_start,
       c.last_end AS cron_last_end
FROM @extschema@.job j
LEFT JOIN @extschema@.job_schedule s ON s.job = j.name
LEFT JOIN LATERAL (SELECT x.started_at, x.finished_at, x.result FROM @extschema@.job_run x
                   WHERE x.job = j.name ORDER BY x.id DESC LIMIT 1) r ON true
LEFT JOIN @extschema@.cron_job_info() c ON c.cron_job_name = @extschema@.cron_job_name(j.name);
COMMENT ON VIEW @extschema@.job_status IS
    'each hotline job: its schedule as hotline.schedule_jobs set it, pg_cron''s job id, the last run (start, end, result from hotline.job_run), and when pg_cron keeps its tables in this database whether it is active and pg_cron''s last status and message';
COMMENT ON COLUMN @extschema@.job_status.active IS 'pg_cron''s active flag; NULL when pg_cron keeps its tables in another database';
COMMENT ON COLUMN @extschema@.job_status.last_result IS 'what the last completed run did (hotline.job_run.result)';
COMMENT ON COLUMN @extschema@.job_status.cron_last_status IS
    'pg_cron''s status of the last run (starting, running, succeeded, failed): a run that raised an error shows only here, with its message in cron_last_message';
-- Job results and pg_cron's messages may name orders: for the DBA, and the
-- dashboards it grants SELECT on the view and EXECUTE on cron_job_info().
REVOKE ALL ON @extschema@.job_status FROM PUBLIC;
-- The 12345 appeal workflow (12345 政务服务便民热线诉求办理流程): the first
-- workflow plugin (R-14.2).  Everything the process knows is data given to
-- hotline.register_workflow(): its states, its actions (who may do them, from
-- which states, to which state, with which parameters and generic engine
-- effects), its time limits and two hook functions.  The engine (engine.c)
-- has no 12345-specific code; the named functions at the end of this file
-- (hotline.accept, hotline.dispatch, hotline.reply ...) are thin SQL
-- wrappers over hotline.open_order() and hotline.apply_action() so that any
-- SQL client can run the process without writing JSON.
--
-- This file is appended to the extension's install script (after
-- extension/sql/*.sql), so it runs inside CREATE EXTENSION: the workflow and
-- its limits are built-in rows (read-only; override a limit with a row of
-- your own in hotline.workflow_limit).
--
-- Order states: accepted (已受理), not_accepted (不受理, terminal), answered
-- (直接办理, closed on answering), dispatched (已派单), returned (退单, back
-- with the hotline), replied (every unit replied, to be reviewed), redo
-- (重办), reviewed (审核通过, to be called back), callback_done (已回访),
-- closed (办结), archived, terminated and merged (terminal).
--
--   new        -accept->  accepted   -dispatch->  dispatched  -(all units reply)->  replied
--   new        -reject->  not_accepted             dispatched  -(a unit returns)->   returned -dispatch|resume-> dispatched
--   new        -answer->  answered   -archive->   archived
--   replied    -approve_reply-> reviewed -callback-> callback_done -close-> closed -archive-> archived
--   replied    -send_back-> redo      reviewed -callback_redo-> redo  -(all units reply again)-> replied
--   reviewed   -close-> closed        (an order not sampled for callback, R-7.1)
--   any open state -terminate-> terminated;  accepted..redo -merge-> merged
--
-- Assignment states (one assignment per handling unit, 承办单位): dispatched
-- (待签收), signed (已签收), returned (退单, closed), extension_requested,
-- passed_down (下派), replied, redo, closed (withdrawn by the hotline).
--
--   dispatched -sign_for-> signed -reply-> replied -(send back, callback redo)-> redo -reply-> replied
--   dispatched|signed -return_order-> returned (the order goes to "returned")
--   signed -request_extension-> extension_requested -approve_extension|refuse_extension-> signed
--   signed -pass_down-> passed_down (child assignments "dispatched") -reply-> replied
--   dispatched|signed|... -withdraw-> closed (assisting units only)
--
-- A unit's return (退单) sends the whole order back to the hotline
-- ("returned") even when other units are still at work on it: the hotline
-- dispatches it to another unit, or resumes it (继续办理, resume) when the
-- lead unit is still on it.  Returned assignments are left out when the
-- engine checks whether every unit has replied.
--
-- Hooks: appeal_12345_check runs before reply, return_order,
-- request_extension, resume, withdraw, callback and callback_redo (the rules
-- that are not generic effects); appeal_12345_release runs after close,
-- terminate and merge and closes the order's open assignments (closed_at),
-- so that they leave the units' queues, and its open supervisions.
--
-- Requirements: R-2.2 (not accepted, emergency referral), R-3 (direct
-- answer, closed on answering), R-4.1 (dispatch within 2 working days),
-- R-4.2 (opinion, units, deadline), R-4.3 (limits per dispatch mode), R-4.4
-- (lead and assisting units), R-4.5 (pass down to sub-units, the parent
-- reviews their replies first), R-4.6 (never to the accused unit: the
-- engine's "assign" effect), R-4.7 (sign for or return), R-4.8 (extension),
-- R-6.1-R-6.3 (reply, review, send back), R-7 (callback, redo when
-- dissatisfied with both), R-8.1 (close, archive), R-1.6 (every action is an
-- event of the history).
--
-- Roles (the actor_role of an action): agent (话务员, intake and callback),
-- dispatcher (派单员), unit (承办单位), reviewer (审核员, reviews replies,
-- calls back, closes), supervisor (值班长/督办, may do what the hotline's
-- roles do, and alone terminates), system (scheduled jobs, R-14.1: close
-- and archive).
--
-- Time limits (R-4.3, "limits are configuration, not code"): the engine
-- picks the most specific row for the dispatch mode of the dispatch and the
-- order's urgency and appeal type; NULL is a wildcard.
--   dispatch   2 working days from acceptance (R-4.1), and again from a return
--              (the hotline re-dispatches or resumes, R-4.7); cleared by
--              dispatch and resume
--   sign       1 working day; urgent dispatch 1 working hour
--   reply      written (书面) 7 working days, phone (电话) 3 working days,
--              urgent (紧急) 4 working hours (R-4.3: "urgent at once, in hours");
--              an order of urgency urgent or very_urgent dispatched in writing
--              or by phone still gets only 1 working day: urgency shortens
--              the limit, it never lengthens it
--   sub_reply  5 working days for a sub-unit an order was passed down to
--              (R-4.5), leaving the parent time to review before its own
--              deadline
--   redo       5 working days after a send-back or an unsatisfied callback
--   callback   2 working days after the reply was accepted (R-7); cleared by
--              the callback
--
-- The order's reply_due is the latest reply deadline of its open
-- assignments (NULL when none is open).  A dispatch while the lead unit is
-- still at work (an assisting unit returned) names that lead again and adds
-- assisting units: an order has one lead (R-4.4).

-- Hooks (R-14.2: "optional hook functions called before/after an action").
-- The engine calls them with (order number, assignment id or NULL, action,
-- parameters); a before-hook that raises an error aborts the action, which
-- then changes nothing.  They hold the rules of this process that are not
-- generic engine effects.

CREATE FUNCTION @extschema@.appeal_12345_check(
    order_no @extschema@.order_no, assignment_id bigint, action text, params jsonb)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    a           record;
    pending     text;
BEGIN
    SELECT x.id, x.parent_id, x.role, x.reply_due, u.code AS unit_code INTO a
    FROM @extschema@.assignment x JOIN @extschema@.unit u ON u.id = x.unit_id
    WHERE x.id = appeal_12345_check.assignment_id;

    CASE appeal_12345_check.action
    WHEN 'reply' THEN
        -- R-4.5: a unit that passed the order down reviews its sub-units'
        -- replies before it replies up
        SELECT string_agg(format('%s (%s)', u.name, c.state), ', ' ORDER BY c.id) INTO pending
        FROM @extschema@.assignment c JOIN @extschema@.unit u ON u.id = c.unit_id
        WHERE c.parent_id = a.id AND c.state NOT IN ('replied', 'closed');
        IF pending IS NOT NULL THEN
            RAISE EXCEPTION 'unit "%" cannot reply before its sub-units have replied', a.unit_code
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = format('Still handling: %s.', pending),
                      HINT = 'Wait for the sub-units'' replies and review them, then reply (R-4.5).';
        END IF;
    WHEN 'return_order' THEN
        -- R-4.5, R-4.7: a sub-unit answers to the unit that passed it down,
        -- not to the hotline
        IF a.parent_id IS NOT NULL THEN
            RAISE EXCEPTION 'sub-unit "%" cannot return the order to the hotline', a.unit_code
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The order was passed down to it by another unit (R-4.5).',
                      HINT = 'Reply to the unit that passed it down, saying why it is not yours; that unit returns it or hands it on.';
        END IF;
    WHEN 'request_extension' THEN
        -- R-4.8: before the deadline, not after it
        IF a.reply_due IS NOT NULL AND a.reply_due <= pg_catalog.now() THEN
            RAISE EXCEPTION 'the reply deadline of unit "%" has passed', a.unit_code
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = format('It was %s; an extension is asked for before the deadline (R-4.8).', a.reply_due),
                      HINT = 'Reply now; the order is overdue.';
        END IF;
        IF (params ->> 'requested_deadline')::timestamptz <= a.reply_due THEN
            RAISE EXCEPTION 'the requested deadline must be later than the current one'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('Requested %s, the deadline is %s.', params ->> 'requested_deadline', a.reply_due);
        END IF;
    WHEN 'withdraw' THEN
        -- R-4.4: an order always has its lead unit; only assisting units
        -- can be withdrawn
        IF a.role <> 'assist' OR a.parent_id IS NOT NULL THEN
            RAISE EXCEPTION 'only an assisting unit can be withdrawn, not "%"', a.unit_code
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The lead unit carries the order (R-4.4); sub-units answer to the unit that passed the order down (R-4.5).',
                      HINT = 'The lead unit returns the order (return_order), or a supervisor terminates it.';
        END IF;
    WHEN 'resume' THEN
        -- R-4.4: only a lead unit still at work carries the order on
        IF NOT EXISTS (SELECT 1 FROM @extschema@.assignment x
                       WHERE x.order_no OPERATOR(@extschema@.=) appeal_12345_check.order_no
                         AND x.parent_id IS NULL AND x.role = 'lead'
                         AND x.state NOT IN ('returned', 'closed')) THEN
            RAISE EXCEPTION 'order % has no lead unit left to carry on', appeal_12345_check.order_no
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The lead unit returned it (R-4.7).',
                      HINT = 'Dispatch it again to the responsible unit.';
        END IF;
    WHEN 'callback', 'callback_redo' THEN
        -- R-7.2: satisfaction values are the enum's; R-7.3: redo only when
        -- dissatisfied with both
        PERFORM (params ->> 'process_satisfaction')::@extschema@.satisfaction,
                (params ->> 'result_satisfaction')::@extschema@.satisfaction;
        IF appeal_12345_check.action = 'callback_redo'
           AND NOT (params ->> 'process_satisfaction' = 'dissatisfied'
                    AND params ->> 'result_satisfaction' = 'dissatisfied') THEN
            RAISE EXCEPTION 'a callback sends the order back for redo only when the citizen is dissatisfied with both process and result'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('Process: %s, result: %s.', params ->> 'process_satisfaction', params ->> 'result_satisfaction'),
                      HINT = 'Record the callback with action "callback" (R-7.2, R-7.3).';
        END IF;
    ELSE
        NULL;
    END CASE;
END $$;
COMMENT ON FUNCTION @extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb) IS
    'before-hook of the 12345 appeal workflow: a parent unit replies after its sub-units (R-4.5), sub-units do not return to the hotline (R-4.7), extensions before the deadline (R-4.8), only assisting units are withdrawn and an order resumes only with its lead unit (R-4.4), callback satisfaction values and redo only when dissatisfied with both (R-7.2, R-7.3)';

CREATE FUNCTION @extschema@.appeal_12345_release(
    order_no @extschema@.order_no, assignment_id bigint, action text, params jsonb)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
BEGIN
    -- the units' work on an order that is closed, terminated or merged is
    -- over: their open assignments leave their queues (their states stay
    -- as the history left them)
    UPDATE @extschema@.assignment a
       SET closed_at = pg_catalog.now(), updated_at = pg_catalog.now()
     WHERE a.order_no OPERATOR(@extschema@.=) appeal_12345_release.order_no
       AND a.closed_at IS NULL;
    -- and its supervisions (督办) end with it, each with a closing record
    PERFORM @extschema@.close_supervision(s.id,
                CASE appeal_12345_release.action WHEN 'close' THEN '工单已办结，督办随之结束'
                     WHEN 'terminate' THEN '工单已终结，督办随之结束'
                     ELSE '工单已并案，由主办工单继续督办' END, 'system')
    FROM @extschema@.supervision s
    WHERE s.order_no OPERATOR(@extschema@.=) appeal_12345_release.order_no AND s.closed_at IS NULL;
END $$;
COMMENT ON FUNCTION @extschema@.appeal_12345_release(@extschema@.order_no, bigint, text, jsonb) IS
    'after-hook of the 12345 appeal workflow: when an order is closed, terminated or merged, its open assignments and supervisions are closed';

SELECT @extschema@.register_workflow($json$
{
  "name": "appeal_12345",
  "description": "12345 citizen appeal (12345热线诉求办理): accept (受理), not accepted (不受理), direct answer (直接办理), dispatch (派单) to lead and assisting units (牵头/协办), sign for (签收), return (退单), extension (延期), pass down (下派), reply (答复), review (审核), send back (发回重办), callback (回访), close (办结), archive (归档), terminate (终结), merge (并案)",
  "initial_state": "new",
  "calendar": "cn",
  "states": [
    {"scope": "order", "state": "accepted",      "description": "已受理: registered, waiting to be dispatched within 2 working days (R-4.1)"},
    {"scope": "order", "state": "not_accepted",  "terminal": true, "description": "不受理: out of scope, with a reason; emergencies referred to 110/119/120/122 (R-2.2)"},
    {"scope": "order", "state": "answered",      "description": "直接办理/当即答复: answered on the spot from the knowledge base or by three-way call, closed on answering (R-3)"},
    {"scope": "order", "state": "dispatched",    "description": "已派单: with the handling units (R-4.2)"},
    {"scope": "order", "state": "returned",      "description": "已退单: a unit returned it as not theirs; back with the hotline for re-dispatch (R-4.7)"},
    {"scope": "order", "state": "replied",       "description": "已答复: every unit replied; waiting for the hotline's review (R-6.1, R-6.3)"},
    {"scope": "order", "state": "redo",          "description": "重办: sent back to the units after review or an unsatisfied callback (R-6.3, R-7.3)"},
    {"scope": "order", "state": "reviewed",      "description": "审核通过: the reply is accepted; waiting for the callback (R-7)"},
    {"scope": "order", "state": "callback_done", "description": "已回访: the citizen was called back (R-7.2, R-7.4)"},
    {"scope": "order", "state": "closed",        "description": "办结: handling is finished (R-8.1)"},
    {"scope": "order", "state": "archived",      "terminal": true, "description": "归档: filed (R-8.1)"},
    {"scope": "order", "state": "terminated",    "terminal": true, "description": "终结: ended without a result, with a reason"},
    {"scope": "order", "state": "merged",        "terminal": true, "description": "已并案: merged into another order, which carries it (R-2.4)"},

    {"scope": "assignment", "state": "dispatched",          "description": "待签收: dispatched to the unit, not yet signed for (R-4.7)"},
    {"scope": "assignment", "state": "signed",              "description": "已签收/办理中: the unit signed for it and is handling it"},
    {"scope": "assignment", "state": "returned",            "description": "已退单: the unit returned it with a reason (closed) (R-4.7)"},
    {"scope": "assignment", "state": "extension_requested", "description": "延期申请中: the unit asked for more time (R-4.8)"},
    {"scope": "assignment", "state": "passed_down",         "description": "已下派: passed down to sub-units; the unit reviews their replies (R-4.5)"},
    {"scope": "assignment", "state": "replied",             "description": "已答复: the unit recorded its result (R-6.1, R-6.2)"},
    {"scope": "assignment", "state": "redo",                "description": "重办: the reply was sent back (R-6.3, R-7.3)"},
    {"scope": "assignment", "state": "closed",              "description": "已撤回/关闭: the hotline withdrew the unit (closed)"}
  ],
  "actions": [
    {"action": "accept", "scope": "order", "from": ["new"], "to": "accepted",
     "roles": ["agent", "supervisor"],
     "params": ["region", "appeal_type", "channel", "description"],
     "effects": {"set_due": [{"column": "dispatch_due", "deadline": "dispatch"}]},
     "description": "受理: register the appeal as a work order; it must be dispatched within 2 working days (R-2, R-4.1)"},
    {"action": "reject", "scope": "order", "from": ["new"], "to": "not_accepted",
     "roles": ["agent", "supervisor"],
     "params": ["region", "appeal_type", "channel", "description"], "reason": true,
     "effects": {"close_order": true},
     "description": "不受理: not accepted, with a reason; params emergency_referral (110/119/120/122) records a hand-over (R-2.2)"},
    {"action": "answer", "scope": "order", "from": ["new"], "to": "answered",
     "roles": ["agent", "supervisor"],
     "params": ["region", "appeal_type", "channel", "description", "result"],
     "effects": {"close_order": true},
     "description": "直接办理: answered on the spot; params result, and knowledge_article or three_way_unit (三方通话); closed on answering (R-3)"},
    {"action": "dispatch", "scope": "order", "from": ["accepted", "returned"], "to": "dispatched",
     "roles": ["dispatcher", "supervisor"],
     "params": ["lead_unit", "dispatch_mode", "opinion"],
     "effects": {"assign": {"state": "dispatched", "sign_deadline": "sign", "reply_deadline": "reply"},
                 "set_due": {"column": "dispatch_due", "deadline": null}},
     "description": "派单/转办: to a lead unit and assisting units with an opinion; sign and reply deadlines per dispatch mode (R-4.2, R-4.3, R-4.4); never to the accused unit (R-4.6)"},

    {"action": "sign_for", "scope": "assignment", "from": ["dispatched"], "to": "signed",
     "roles": ["unit"],
     "effects": {"stamp": "signed_at"},
     "description": "签收: the unit acknowledges the dispatch (R-4.7)"},
    {"action": "return_order", "scope": "assignment", "from": ["dispatched", "signed"], "to": "returned",
     "roles": ["unit"], "reason": true,
     "effects": {"close_assignment": true, "order_state": "returned",
                 "set_due": {"column": "dispatch_due", "deadline": "dispatch"}},
     "description": "退单: the unit says it is not theirs, with a reason; the order goes back to the hotline for re-dispatch (R-4.7)"},
    {"action": "request_extension", "scope": "assignment", "from": ["signed"], "to": "extension_requested",
     "roles": ["unit"], "reason": true,
     "description": "延期申请: before the deadline, with a reason; params requested_deadline optional (R-4.8)"},
    {"action": "approve_extension", "scope": "assignment", "from": ["extension_requested"], "to": "signed",
     "roles": ["dispatcher", "supervisor"],
     "params": ["new_deadline"],
     "effects": {"extend_due": true},
     "description": "延期审批 (同意): the hotline grants a new, later reply deadline (R-4.8)"},
    {"action": "refuse_extension", "scope": "assignment", "from": ["extension_requested"], "to": "signed",
     "roles": ["dispatcher", "supervisor"], "reason": true,
     "description": "延期审批 (不同意): the hotline refuses, with a reason; the deadline stays (R-4.8)"},
    {"action": "pass_down", "scope": "assignment", "from": ["signed"], "to": "passed_down",
     "roles": ["unit"],
     "params": ["sub_units"],
     "effects": {"pass_down": {"state": "dispatched", "reply_deadline": "sub_reply"}},
     "description": "下派: a first-level unit passes the order to its sub-units; it reviews their replies before replying up (R-4.5)"},
    {"action": "reply", "scope": "assignment", "from": ["signed", "redo", "passed_down"], "to": "replied",
     "roles": ["unit"],
     "params": ["result", "contacted"],
     "effects": {"stamp": "replied_at",
                 "order_state_when_all": {"assignment_states": ["replied", "closed"], "ignore_states": ["returned"],
                                          "order_state": "replied"}},
     "description": "答复/反馈: the result, covering every item, whether (contacted) and how (contact_method) the citizen was contacted; when every unit has replied the order goes to review (R-6.1, R-6.2)"},
    {"action": "withdraw", "scope": "assignment", "from": ["dispatched", "signed", "extension_requested", "passed_down", "redo"], "to": "closed",
     "roles": ["dispatcher", "supervisor"], "reason": true,
     "effects": {"close_assignment": true,
                 "order_state_when_all": {"assignment_states": ["replied", "closed"], "ignore_states": ["returned"],
                                          "order_state": "replied"}},
     "description": "撤回: the hotline withdraws an assisting unit that is no longer needed, with a reason (R-4.4)"},

    {"action": "resume", "scope": "order", "from": ["returned"], "to": "dispatched",
     "roles": ["dispatcher", "supervisor"],
     "effects": {"order_state_when_all": {"assignment_states": ["replied", "closed"], "ignore_states": ["returned"],
                                          "order_state": "replied"},
                 "set_due": {"column": "dispatch_due", "deadline": null}},
     "description": "继续办理: an assisting unit returned the order and needs no replacement; the lead unit (still assigned) carries on, and if every remaining unit has replied the order goes to review (R-4.4, R-4.7)"},

    {"action": "approve_reply", "scope": "order", "from": ["replied"], "to": "reviewed",
     "roles": ["reviewer", "supervisor"],
     "effects": {"set_due": [{"column": "callback_due", "deadline": "callback"}]},
     "description": "审核通过: the hotline accepts the reply; callback due in 2 working days (R-6.3, R-7)"},
    {"action": "send_back", "scope": "order", "from": ["replied"], "to": "redo",
     "roles": ["reviewer", "supervisor"], "reason": true,
     "effects": {"reopen_assignments": {"from_states": ["replied"], "state": "redo", "reply_deadline": "redo"}},
     "description": "发回重办: the reply is not accepted, with a reason; the units redo it (R-6.3, R-5.4)"},
    {"action": "callback", "scope": "order", "from": ["reviewed"], "to": "callback_done",
     "roles": ["agent", "reviewer", "supervisor"],
     "params": ["process_satisfaction", "result_satisfaction"],
     "effects": {"set_due": {"column": "callback_due", "deadline": null}},
     "description": "回访: satisfaction with the process and with the result, or unreachable; params note optional (R-7.2, R-7.4)"},
    {"action": "callback_redo", "scope": "order", "from": ["reviewed"], "to": "redo",
     "roles": ["agent", "reviewer", "supervisor"],
     "params": ["process_satisfaction", "result_satisfaction"],
     "effects": {"reopen_assignments": {"from_states": ["replied"], "state": "redo", "reply_deadline": "redo"},
                 "set_due": {"column": "callback_due", "deadline": null}},
     "description": "回访不满意重办: dissatisfied with both process and result, back to the units for redo (R-7.3)"},
    {"action": "close", "scope": "order", "from": ["reviewed", "callback_done"], "to": "closed",
     "roles": ["reviewer", "supervisor", "system"],
     "effects": {"close_order": true, "set_due": {"column": "callback_due", "deadline": null}},
     "description": "办结: handling is finished; from reviewed when the order was not sampled for callback (R-7.1, R-8.1)"},
    {"action": "archive", "scope": "order", "from": ["closed", "answered"], "to": "archived",
     "roles": ["reviewer", "supervisor", "system"],
     "effects": {"archive_order": true},
     "description": "归档: file a closed or directly answered order (R-8.1)"},
    {"action": "terminate", "scope": "order",
     "from": ["accepted", "dispatched", "returned", "replied", "redo", "reviewed", "callback_done"], "to": "terminated",
     "roles": ["supervisor"], "reason": true,
     "effects": {"close_order": true},
     "description": "终结: ended without a result, with a reason"},
    {"action": "merge", "scope": "order", "from": ["accepted", "dispatched", "returned", "replied", "redo"], "to": "merged",
     "roles": ["dispatcher", "supervisor"],
     "params": ["into"],
     "effects": {"merge_into": true, "close_order": true},
     "description": "并案: one matter, many orders: merged into another open order, which carries it (R-2.4)"}
  ],
  "limits": [
    {"deadline": "dispatch",  "time_limit": "2 working days"},
    {"deadline": "sign",      "time_limit": "1 working day"},
    {"deadline": "sign",      "dispatch_mode": "urgent",  "time_limit": "1 working hour"},
    {"deadline": "reply",     "dispatch_mode": "written", "time_limit": "7 working days"},
    {"deadline": "reply",     "dispatch_mode": "phone",   "time_limit": "3 working days"},
    {"deadline": "reply",     "dispatch_mode": "urgent",  "time_limit": "4 working hours"},
    {"deadline": "reply",     "dispatch_mode": "written", "urgency": "urgent",      "time_limit": "1 working day"},
    {"deadline": "reply",     "dispatch_mode": "written", "urgency": "very_urgent", "time_limit": "1 working day"},
    {"deadline": "reply",     "dispatch_mode": "phone",   "urgency": "urgent",      "time_limit": "1 working day"},
    {"deadline": "reply",     "dispatch_mode": "phone",   "urgency": "very_urgent", "time_limit": "1 working day"},
    {"deadline": "sub_reply", "time_limit": "5 working days"},
    {"deadline": "redo",      "time_limit": "5 working days"},
    {"deadline": "callback",  "time_limit": "2 working days"}
  ],
  "escalations": [
    {"rule": "remind_reply", "kind": "remind", "due": "reply_due", "share": 0.8,
     "states": ["dispatched", "signed", "extension_requested", "passed_down", "redo"],
     "channel": "sms", "template": "remind",
     "description": "临期提醒: the unit is reminded once when 80% of its working time to reply has passed (R-5.1, R-12.5)"},
    {"rule": "remind_sign", "kind": "remind", "due": "sign_due", "before": "2 working hours",
     "states": ["dispatched"], "channel": "sms", "template": "remind_sign",
     "description": "签收提醒: the unit is reminded once 2 working hours before its sign-for deadline (R-4.7, R-5.1)"},
    {"rule": "hasten_reply", "kind": "hasten", "due": "reply_due", "every": "1 working day", "notice_after": 2,
     "states": ["dispatched", "signed", "extension_requested", "passed_down", "redo"],
     "channel": "sms", "template": "hasten",
     "description": "超期催办: overdue without a reply, the unit is hastened, again every working day it stays overdue; hastened twice and still not done: public notice (通报) (R-5.4)"},
    {"rule": "remind_dispatch", "kind": "remind", "due": "dispatch_due", "before": "4 working hours",
     "states": ["accepted", "returned"], "channel": "system", "template": "remind_dispatch",
     "settings": {"recipient_user": "dispatchers"},
     "description": "派单提醒: the hotline's dispatchers are reminded 4 working hours before an order must be dispatched (R-4.1)"},
    {"rule": "remind_callback", "kind": "remind", "due": "callback_due", "before": "4 working hours",
     "states": ["reviewed"], "channel": "system", "template": "remind_callback",
     "settings": {"recipient_user": "callback_agents"},
     "description": "回访提醒: the callback agents are reminded 4 working hours before a callback is due (R-7)"},
    {"rule": "emergency", "kind": "emergency", "on": ["accept"], "channel": "sms", "template": "emergency",
     "settings": {"notify": ["emergency_department", "duty_office"]},
     "description": "突发事件报告: an emergency, disaster, public-health or public-security matter is reported to the emergency department and the duty office at once and put under supervision (R-2.3, R-5.2)"},
    {"rule": "repeat_person", "kind": "repeat_person", "on": ["accept"], "channel": "system", "template": "repeat",
     "settings": {"window": "30 days", "supervise_at": 3},
     "description": "一人多次: the same citizen on the same topic within 30 days is grouped and offered for merge; at 3 orders the group is supervised (R-2.4, R-5.2)"},
    {"rule": "repeat_matter", "kind": "repeat_matter", "on": ["accept"], "channel": "system", "template": "repeat",
     "settings": {"window": "7 days", "similarity": 0.1, "place_similarity": 0.4, "distance_m": 200, "supervise_at": 5},
     "description": "一事多人: different citizens on the same topic and place with similar text within 7 days are grouped and offered for merge; at 5 orders the group is supervised (R-2.4, R-5.2)"},
    {"rule": "bad_handling", "kind": "bad_handling", "on": ["return_order", "send_back", "callback_redo", "callback"],
     "channel": "system", "template": "supervise",
     "settings": {"returns": 2, "send_backs": 1, "dissatisfied": 1},
     "description": "办理不力: returned twice, sent back for redo, or a dissatisfied callback opens supervision (R-5.2)"}
  ],
  "hooks": [
    {"action": "reply",             "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "return_order",      "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "request_extension", "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "resume",            "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "withdraw",          "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "callback",          "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "callback_redo",     "timing": "before", "function": "@extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "close",             "timing": "after",  "function": "@extschema@.appeal_12345_release(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "terminate",         "timing": "after",  "function": "@extschema@.appeal_12345_release(@extschema@.order_no, bigint, text, jsonb)"},
    {"action": "merge",             "timing": "after",  "function": "@extschema@.appeal_12345_release(@extschema@.order_no, bigint, text, jsonb)"}
  ]
}
$json$::jsonb);

-- ---------------------------------------------------------------------------
-- Named functions of the 12345 workflow: the process read as the domain,
-- usable from any SQL client with positional or named arguments
-- (hotline.dispatch(o, 'dc-gov', '请核实处理', assist_units => '{bj-zjw}')).
-- They are SECURITY INVOKER wrappers over hotline.open_order() and
-- hotline.apply_action(): the engine does every check, and every error is
-- the engine's.  Parameters that are NULL are left out of the action's
-- parameters (and so of the event's payload).
--
-- Privileges: none to PUBLIC yet.  The hotline's roles (agent, dispatcher,
-- unit, reviewer, supervisor) come with the roles-and-security issue
-- (R-11), which grants EXECUTE on these functions role by role.
-- ---------------------------------------------------------------------------

-- the open assignment of a unit (by its code) on an order
-- (SECURITY DEFINER like the engine's entry points: the tables are not open
-- to PUBLIC, and the named functions below must work for whoever may call
-- them; EXECUTE is not granted to PUBLIC)
CREATE FUNCTION @extschema@.assignment_of(order_no @extschema@.order_no, unit text) RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    found_id    bigint;
BEGIN
    SELECT a.id INTO found_id
    FROM @extschema@.assignment a JOIN @extschema@.unit u ON u.id = a.unit_id
    WHERE a.order_no OPERATOR(@extschema@.=) assignment_of.order_no
      AND u.code = assignment_of.unit AND a.closed_at IS NULL
    ORDER BY a.id DESC
    LIMIT 1;
    IF found_id IS NOT NULL THEN
        RETURN found_id;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM @extschema@.work_order o
                   WHERE o.order_no OPERATOR(@extschema@.=) assignment_of.order_no) THEN
        RAISE EXCEPTION 'work order % does not exist', assignment_of.order_no
            USING ERRCODE = 'no_data_found';
    ELSIF NOT EXISTS (SELECT 1 FROM @extschema@.unit u WHERE u.code = assignment_of.unit) THEN
        RAISE EXCEPTION 'unknown unit "%"', assignment_of.unit
            USING ERRCODE = 'undefined_object',
                  HINT = 'Units are named by their code (hotline.unit.code).';
    END IF;
    RAISE EXCEPTION 'unit "%" holds no open assignment of work order %', assignment_of.unit, assignment_of.order_no
        USING ERRCODE = 'no_data_found',
              DETAIL = 'It was never dispatched to the unit, or the unit''s assignment is closed (returned or withdrawn).',
              HINT = 'See the order''s assignments in hotline.assignment.';
END $$;
COMMENT ON FUNCTION @extschema@.assignment_of(@extschema@.order_no, text) IS
    'the id of the open assignment of a unit (by code) on a work order; P0002 when the unit holds none';

-- Intake (R-2, R-3): each returns the new order's number.

CREATE FUNCTION @extschema@.accept(
    region          text,
    appeal_type     @extschema@.appeal_type,
    channel         @extschema@.channel,
    description     text,
    citizen_phone   text DEFAULT NULL,
    citizen_name    text DEFAULT NULL,
    area_code       text DEFAULT NULL,
    confidential    boolean DEFAULT false,
    topic           text DEFAULT NULL,
    urgency         @extschema@.urgency DEFAULT 'normal',
    source_hotline  text DEFAULT '12345',
    occurred_at     timestamptz DEFAULT NULL,
    address         text DEFAULT NULL,
    longitude       double precision DEFAULT NULL,
    latitude        double precision DEFAULT NULL,
    demand          text DEFAULT NULL,
    accused_unit    text DEFAULT NULL,
    emergency       @extschema@.emergency_kind DEFAULT NULL,
    actor           text DEFAULT current_user,
    actor_role      text DEFAULT 'agent')
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.open_order('appeal_12345', 'accept', accept.actor, accept.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'region', accept.region, 'appeal_type', accept.appeal_type, 'channel', accept.channel,
        'description', accept.description, 'citizen_phone', accept.citizen_phone,
        'citizen_name', accept.citizen_name, 'area_code', accept.area_code,
        'confidential', accept.confidential, 'topic', accept.topic, 'urgency', accept.urgency,
        'source_hotline', accept.source_hotline, 'occurred_at', accept.occurred_at,
        'address', accept.address, 'longitude', accept.longitude, 'latitude', accept.latitude,
        'demand', accept.demand, 'accused_unit', accept.accused_unit, 'emergency', accept.emergency)))
$$;
COMMENT ON FUNCTION @extschema@.accept(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text,
    boolean, text, @extschema@.urgency, text, timestamptz, text, double precision, double precision, text, text,
    @extschema@.emergency_kind, text, text) IS
    '受理: registers an appeal as a work order of the 12345 workflow and returns its number; dispatch due in 2 working days (R-2, R-4.1)';

CREATE FUNCTION @extschema@.reject(
    region              text,
    appeal_type         @extschema@.appeal_type,
    channel             @extschema@.channel,
    description         text,
    reason              text,
    emergency_referral  text DEFAULT NULL,
    citizen_phone       text DEFAULT NULL,
    citizen_name        text DEFAULT NULL,
    area_code           text DEFAULT NULL,
    confidential        boolean DEFAULT false,
    topic               text DEFAULT NULL,
    urgency             @extschema@.urgency DEFAULT 'normal',
    source_hotline      text DEFAULT '12345',
    occurred_at         timestamptz DEFAULT NULL,
    address             text DEFAULT NULL,
    demand              text DEFAULT NULL,
    actor               text DEFAULT current_user,
    actor_role          text DEFAULT 'agent')
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.open_order('appeal_12345', 'reject', reject.actor, reject.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'region', reject.region, 'appeal_type', reject.appeal_type, 'channel', reject.channel,
        'description', reject.description, 'reason', reject.reason,
        'emergency_referral', reject.emergency_referral, 'citizen_phone', reject.citizen_phone,
        'citizen_name', reject.citizen_name, 'area_code', reject.area_code,
        'confidential', reject.confidential, 'topic', reject.topic, 'urgency', reject.urgency,
        'source_hotline', reject.source_hotline, 'occurred_at', reject.occurred_at,
        'address', reject.address, 'demand', reject.demand)))
$$;
COMMENT ON FUNCTION @extschema@.reject(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text, text,
    text, boolean, text, @extschema@.urgency, text, timestamptz, text, text, text, text) IS
    '不受理: records an appeal that is not accepted, with the reason and any emergency referral (110/119/120/122), and returns its number (R-2.2)';

CREATE FUNCTION @extschema@.answer(
    region              text,
    appeal_type         @extschema@.appeal_type,
    channel             @extschema@.channel,
    description         text,
    result              text,
    knowledge_article   text DEFAULT NULL,
    three_way_unit      text DEFAULT NULL,
    citizen_phone       text DEFAULT NULL,
    citizen_name        text DEFAULT NULL,
    area_code           text DEFAULT NULL,
    confidential        boolean DEFAULT false,
    topic               text DEFAULT NULL,
    urgency             @extschema@.urgency DEFAULT 'normal',
    source_hotline      text DEFAULT '12345',
    occurred_at         timestamptz DEFAULT NULL,
    address             text DEFAULT NULL,
    demand              text DEFAULT NULL,
    actor               text DEFAULT current_user,
    actor_role          text DEFAULT 'agent')
RETURNS @extschema@.order_no
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.open_order('appeal_12345', 'answer', answer.actor, answer.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'region', answer.region, 'appeal_type', answer.appeal_type, 'channel', answer.channel,
        'description', answer.description, 'result', answer.result,
        'knowledge_article', answer.knowledge_article, 'three_way_unit', answer.three_way_unit,
        'citizen_phone', answer.citizen_phone, 'citizen_name', answer.citizen_name,
        'area_code', answer.area_code, 'confidential', answer.confidential, 'topic', answer.topic,
        'urgency', answer.urgency, 'source_hotline', answer.source_hotline,
        'occurred_at', answer.occurred_at, 'address', answer.address, 'demand', answer.demand)))
$$;
COMMENT ON FUNCTION @extschema@.answer(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text, text,
    text, text, boolean, text, @extschema@.urgency, text, timestamptz, text, text, text, text) IS
    '直接办理: records an appeal answered on the spot (result, knowledge article or three-way call with a unit), closed on answering; returns its number (R-3)';

-- Dispatch and the units' side (R-4): each returns the order's state after the action.

CREATE FUNCTION @extschema@.dispatch(
    order_no        @extschema@.order_no,
    lead_unit       text,
    opinion         text,
    dispatch_mode   text DEFAULT 'written',
    assist_units    text[] DEFAULT '{}',
    actor           text DEFAULT current_user,
    actor_role      text DEFAULT 'dispatcher')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(dispatch.order_no, 'dispatch', dispatch.actor, dispatch.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'lead_unit', dispatch.lead_unit, 'opinion', dispatch.opinion,
        'dispatch_mode', dispatch.dispatch_mode,
        'assist_units', coalesce(dispatch.assist_units, '{}'))))
$$;
COMMENT ON FUNCTION @extschema@.dispatch(@extschema@.order_no, text, text, text, text[], text, text) IS
    '派单: dispatches an accepted or returned order to a lead unit and assisting units (by code) with an opinion; dispatch_mode written, phone or urgent sets the deadlines (R-4.2, R-4.3, R-4.4, R-4.6)';

CREATE FUNCTION @extschema@.sign_for(
    order_no    @extschema@.order_no,
    unit        text,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'unit')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(sign_for.order_no, 'sign_for', sign_for.actor, sign_for.actor_role, '{}',
    @extschema@.assignment_of(sign_for.order_no, sign_for.unit))
$$;
COMMENT ON FUNCTION @extschema@.sign_for(@extschema@.order_no, text, text, text) IS
    '签收: the unit (by code) signs for its assignment of the order (R-4.7)';

CREATE FUNCTION @extschema@.return_order(
    order_no    @extschema@.order_no,
    unit        text,
    reason      text,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'unit')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(return_order.order_no, 'return_order', return_order.actor, return_order.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('reason', return_order.reason)),
    @extschema@.assignment_of(return_order.order_no, return_order.unit))
$$;
COMMENT ON FUNCTION @extschema@.return_order(@extschema@.order_no, text, text, text, text) IS
    '退单: the unit returns the order as not theirs, with a reason; it goes back to the hotline for re-dispatch (R-4.7)';

CREATE FUNCTION @extschema@.request_extension(
    order_no            @extschema@.order_no,
    unit                text,
    reason              text,
    requested_deadline  timestamptz DEFAULT NULL,
    actor               text DEFAULT current_user,
    actor_role          text DEFAULT 'unit')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(request_extension.order_no, 'request_extension',
    request_extension.actor, request_extension.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'reason', request_extension.reason, 'requested_deadline', request_extension.requested_deadline)),
    @extschema@.assignment_of(request_extension.order_no, request_extension.unit))
$$;
COMMENT ON FUNCTION @extschema@.request_extension(@extschema@.order_no, text, text, timestamptz, text, text) IS
    '延期申请: before its deadline the unit asks for more time, with a reason and optionally the deadline it wants (R-4.8)';

CREATE FUNCTION @extschema@.decide_extension(
    order_no        @extschema@.order_no,
    unit            text,
    approve         boolean,
    new_deadline    timestamptz DEFAULT NULL,
    reason          text DEFAULT NULL,
    actor           text DEFAULT current_user,
    actor_role      text DEFAULT 'dispatcher')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(decide_extension.order_no,
    CASE WHEN decide_extension.approve THEN 'approve_extension'
         WHEN NOT decide_extension.approve THEN 'refuse_extension' END,
    decide_extension.actor, decide_extension.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'new_deadline', decide_extension.new_deadline, 'reason', decide_extension.reason)),
    @extschema@.assignment_of(decide_extension.order_no, decide_extension.unit))
$$;
COMMENT ON FUNCTION @extschema@.decide_extension(@extschema@.order_no, text, boolean, timestamptz, text, text, text) IS
    '延期审批: the hotline approves a unit''s extension request with a new, later deadline, or refuses it with a reason (R-4.8)';

CREATE FUNCTION @extschema@.pass_down(
    order_no    @extschema@.order_no,
    unit        text,
    sub_units   text[],
    opinion     text DEFAULT NULL,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'unit')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(pass_down.order_no, 'pass_down', pass_down.actor, pass_down.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'sub_units', pass_down.sub_units, 'opinion', pass_down.opinion)),
    @extschema@.assignment_of(pass_down.order_no, pass_down.unit))
$$;
COMMENT ON FUNCTION @extschema@.pass_down(@extschema@.order_no, text, text[], text, text, text) IS
    '下派: a unit passes its assignment down to its sub-units (by code); it replies after reviewing their replies (R-4.5)';

CREATE FUNCTION @extschema@.reply(
    order_no        @extschema@.order_no,
    unit            text,
    result          text,
    contacted       boolean,
    contact_method  text DEFAULT NULL,
    actor           text DEFAULT current_user,
    actor_role      text DEFAULT 'unit')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(reply.order_no, 'reply', reply.actor, reply.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'result', reply.result, 'contacted', reply.contacted, 'contact_method', reply.contact_method)),
    @extschema@.assignment_of(reply.order_no, reply.unit))
$$;
COMMENT ON FUNCTION @extschema@.reply(@extschema@.order_no, text, text, boolean, text, text, text) IS
    '答复: the unit records its result, whether and how it contacted the citizen; when every unit has replied the order goes to review (R-6.1, R-6.2)';

CREATE FUNCTION @extschema@.withdraw(
    order_no    @extschema@.order_no,
    unit        text,
    reason      text,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'dispatcher')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(withdraw.order_no, 'withdraw', withdraw.actor, withdraw.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('reason', withdraw.reason)),
    @extschema@.assignment_of(withdraw.order_no, withdraw.unit))
$$;
COMMENT ON FUNCTION @extschema@.withdraw(@extschema@.order_no, text, text, text, text) IS
    '撤回: the hotline withdraws an assisting unit that is no longer needed, with a reason (R-4.4)';

CREATE FUNCTION @extschema@.resume(
    order_no    @extschema@.order_no,
    note        text DEFAULT NULL,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'dispatcher')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(resume.order_no, 'resume', resume.actor, resume.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('note', resume.note)))
$$;
COMMENT ON FUNCTION @extschema@.resume(@extschema@.order_no, text, text, text) IS
    '继续办理: an assisting unit returned the order and needs no replacement; the lead unit carries on, or the order goes to review if every remaining unit has replied (R-4.4, R-4.7)';

-- Review, callback, close (R-6.3, R-7, R-8)

CREATE FUNCTION @extschema@.review(
    order_no    @extschema@.order_no,
    accept      boolean,
    reason      text DEFAULT NULL,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'reviewer')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(review.order_no,
    CASE WHEN review.accept THEN 'approve_reply' WHEN NOT review.accept THEN 'send_back' END,
    review.actor, review.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('reason', review.reason)))
$$;
COMMENT ON FUNCTION @extschema@.review(@extschema@.order_no, boolean, text, text, text) IS
    '审核: the hotline accepts the units'' reply (callback due in 2 working days) or sends it back for redo with a reason (R-6.3)';

CREATE FUNCTION @extschema@.callback(
    order_no                @extschema@.order_no,
    process_satisfaction    @extschema@.satisfaction,
    result_satisfaction     @extschema@.satisfaction,
    note                    text DEFAULT NULL,
    actor                   text DEFAULT current_user,
    actor_role              text DEFAULT 'agent')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(callback.order_no,
    CASE WHEN callback.process_satisfaction = 'dissatisfied' AND callback.result_satisfaction = 'dissatisfied'
         THEN 'callback_redo' ELSE 'callback' END,
    callback.actor, callback.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'process_satisfaction', callback.process_satisfaction,
        'result_satisfaction', callback.result_satisfaction, 'note', callback.note)))
$$;
COMMENT ON FUNCTION @extschema@.callback(@extschema@.order_no, @extschema@.satisfaction, @extschema@.satisfaction, text, text, text) IS
    '回访: records the citizen''s satisfaction with process and result (or unreachable); dissatisfied with both sends the order back to the units for redo (R-7.2, R-7.3, R-7.4)';

CREATE FUNCTION @extschema@.close_order(
    order_no    @extschema@.order_no,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'reviewer')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(close_order.order_no, 'close', close_order.actor, close_order.actor_role, '{}')
$$;
COMMENT ON FUNCTION @extschema@.close_order(@extschema@.order_no, text, text) IS
    '办结: closes a reviewed (not sampled for callback) or called-back order (R-7.1, R-8.1)';

CREATE FUNCTION @extschema@.archive(
    order_no    @extschema@.order_no,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'reviewer')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(archive.order_no, 'archive', archive.actor, archive.actor_role, '{}')
$$;
COMMENT ON FUNCTION @extschema@.archive(@extschema@.order_no, text, text) IS
    '归档: files a closed or directly answered order (R-8.1)';

CREATE FUNCTION @extschema@.terminate(
    order_no    @extschema@.order_no,
    reason      text,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'supervisor')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(terminate.order_no, 'terminate', terminate.actor, terminate.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('reason', terminate.reason)))
$$;
COMMENT ON FUNCTION @extschema@.terminate(@extschema@.order_no, text, text, text) IS
    '终结: a supervisor ends an open order without a result, with a reason';

CREATE FUNCTION @extschema@.merge(
    order_no    @extschema@.order_no,
    into_order  @extschema@.order_no,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'dispatcher')
RETURNS text
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action(merge.order_no, 'merge', merge.actor, merge.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('into', merge.into_order)))
$$;
COMMENT ON FUNCTION @extschema@.merge(@extschema@.order_no, @extschema@.order_no, text, text) IS
    '并案: merges an order into another open order about the same matter, which carries it (R-2.4)';

-- No EXECUTE for PUBLIC until the roles of R-11 exist (see above).
REVOKE ALL ON FUNCTION
    @extschema@.appeal_12345_check(@extschema@.order_no, bigint, text, jsonb),
    @extschema@.appeal_12345_release(@extschema@.order_no, bigint, text, jsonb),
    @extschema@.assignment_of(@extschema@.order_no, text),
    @extschema@.accept(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text,
        boolean, text, @extschema@.urgency, text, timestamptz, text, double precision, double precision, text, text,
        @extschema@.emergency_kind, text, text),
    @extschema@.reject(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text, text,
        text, boolean, text, @extschema@.urgency, text, timestamptz, text, text, text, text),
    @extschema@.answer(text, @extschema@.appeal_type, @extschema@.channel, text, text, text, text, text,
        text, text, boolean, text, @extschema@.urgency, text, timestamptz, text, text, text, text),
    @extschema@.dispatch(@extschema@.order_no, text, text, text, text[], text, text),
    @extschema@.sign_for(@extschema@.order_no, text, text, text),
    @extschema@.return_order(@extschema@.order_no, text, text, text, text),
    @extschema@.request_extension(@extschema@.order_no, text, text, timestamptz, text, text),
    @extschema@.decide_extension(@extschema@.order_no, text, boolean, timestamptz, text, text, text),
    @extschema@.pass_down(@extschema@.order_no, text, text[], text, text, text),
    @extschema@.reply(@extschema@.order_no, text, text, boolean, text, text, text),
    @extschema@.withdraw(@extschema@.order_no, text, text, text, text),
    @extschema@.resume(@extschema@.order_no, text, text, text),
    @extschema@.review(@extschema@.order_no, boolean, text, text, text),
    @extschema@.callback(@extschema@.order_no, @extschema@.satisfaction, @extschema@.satisfaction, text, text, text),
    @extschema@.close_order(@extschema@.order_no, text, text),
    @extschema@.archive(@extschema@.order_no, text, text),
    @extschema@.terminate(@extschema@.order_no, text, text, text),
    @extschema@.merge(@extschema@.order_no, @extschema@.order_no, text, text)
FROM PUBLIC;
