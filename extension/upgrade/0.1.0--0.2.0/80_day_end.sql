-- Issue 8 (gap 12): when a period counted in days ends (20_calendar.sql,
-- 30_workday.sql, extension/platform/calendar.c, extension/platform/workday.c).  A calendar
-- says whether a period in days ends at 24:00 of its last day (midnight:
-- every calendar of 0.1.0, which keeps its deadlines) or at the close of
-- business of that day (close_of_business, Civil Code art. 203(2)).  The
-- library reads the column only where it exists, so the deadlines computed
-- by the pieces before this one end at 24:00, as in 0.1.0.

ALTER TABLE @extschema@.calendar
    ADD COLUMN day_ends text NOT NULL DEFAULT 'midnight'
        CONSTRAINT calendar_day_ends_check CHECK (day_ends IN ('midnight', 'close_of_business'));
COMMENT ON COLUMN @extschema@.calendar.day_ends IS
    'R-12.4, Civil Code art. 203: a period counted in days (N working days, N days) ends at 24:00 of its last day (midnight, the default, how 12345 centres count) or at the close of business of that day (close_of_business: the end of its last business period; needs business hours); the calendar''s own, not its base''s';

COMMENT ON FUNCTION @extschema@.calendar_validate() IS
    'trigger: checks a calendar''s time zone, business hours, weekdays, day_ends and base chain';
COMMENT ON FUNCTION @extschema@.deadline(text, timestamptz, @extschema@.time_limit) IS
    'R-12.4: N working days count from the day after start and end at 24:00 of the Nth working day (in the calendar''s zone), or at its close of business where the calendar''s day_ends says so; working hours count business hours; N days count natural days the same way; hours, minutes and seconds are clock time';

-- a change of when a calendar's days end (day_ends) is queued for recomputation too
--@ function or replace calendar_queue_change()
