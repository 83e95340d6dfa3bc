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

-- Scheduling messages (iTIP, RFC 5546) built and read with libical
-- (itip.c): invitations a calendar client can accept.
CREATE FUNCTION @extschema@.ical_message(method text, events jsonb, time_zone text, prodid text DEFAULT NULL)
    RETURNS text
    AS 'MODULE_PATHNAME', 'hotline_ical_message' LANGUAGE C STABLE;
COMMENT ON FUNCTION @extschema@.ical_message(text, jsonb, text, text) IS
    'the iCalendar text of a scheduling message (RFC 5546): METHOD REQUEST, CANCEL, PUBLISH or REPLY, a VTIMEZONE of time_zone, one VEVENT per element of events (uid, sequence, start, end, summary, description, location, status, organizer, attendees, alarm_minutes, dtstamp, comment)';
CREATE FUNCTION @extschema@.ical_read(ics text)
    RETURNS TABLE (method text, uid text, sequence integer, starts timestamptz, ends timestamptz, status text,
                   summary text, organizer text, attendees jsonb, dtstamp timestamptz, comment text, conforms boolean)
    AS 'MODULE_PATHNAME', 'hotline_ical_read' LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION @extschema@.ical_read(text) IS
    'a scheduling message (RFC 5546) read with libical, one row per event: METHOD, UID, SEQUENCE, start and end, STATUS, SUMMARY, organizer, attendees with their PARTSTAT, DTSTAMP, COMMENT, and whether it passes libical''s checks of RFC 5546 (conforms); imports a client''s REPLY';
