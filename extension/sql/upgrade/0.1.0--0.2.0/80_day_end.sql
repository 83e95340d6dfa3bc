-- Issue 8 (gap 12): when a period counted in days ends (20_calendar.sql,
-- 30_workday.sql, extension/calendar.c, extension/workday.c).  A calendar
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
CREATE OR REPLACE FUNCTION @extschema@.calendar_queue_change() RETURNS trigger
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
        -- the week, the business hours, the zone, the base or when the days
        -- of a calendar end (day_ends)
        INSERT INTO @extschema@.calendar_change (calendar)
        SELECT n.name FROM new_rows n JOIN old_rows o ON o.name = n.name
        WHERE n.base IS DISTINCT FROM o.base OR n.time_zone <> o.time_zone
           OR n.business_hours::text <> o.business_hours::text OR n.work_weekdays <> o.work_weekdays
           OR n.day_ends <> o.day_ends;
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.calendar_queue_change() IS
    'trigger: queues the days (or the whole calendar) a statement changed, for hotline.recompute_deadlines';
