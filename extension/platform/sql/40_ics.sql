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
