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
    'R-12.4: N working days count from the day after start and end at 24:00 of the Nth working day (in the calendar''s zone), or at its close of business where the calendar''s day_ends says so; working hours count business hours; N days count natural days the same way; hours, minutes and seconds are clock time';

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
