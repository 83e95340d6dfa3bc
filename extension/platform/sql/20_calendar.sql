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
    day_ends        text NOT NULL DEFAULT 'midnight'
                    CONSTRAINT calendar_day_ends_check CHECK (day_ends IN ('midnight', 'close_of_business')),
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
COMMENT ON COLUMN @extschema@.calendar.day_ends IS
    'R-12.4, Civil Code art. 203: a period counted in days (N working days, N days) ends at 24:00 of its last day (midnight, the default, how 12345 centres count) or at the close of business of that day (close_of_business: the end of its last business period; needs business hours); the calendar''s own, not its base''s';

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
    'trigger: checks a calendar''s time zone, business hours, weekdays, day_ends and base chain';
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
