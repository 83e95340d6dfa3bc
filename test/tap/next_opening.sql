-- hotline.next_opening in C (workday.c) gives what its first definition,
-- in PL/pgSQL on top of working_time and deadline, gave: the same instant
-- for every one of 3,000 instants of 2026 (holidays, make-up Saturdays,
-- nights, closing instants) on cn, on a calendar in another zone with its
-- own hours, and on one without business hours.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
BEGIN;
SELECT plan(5);

CREATE FUNCTION pg_temp.reference(calendar text, ts timestamptz) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
DECLARE
    zone        text;
    has_hours   boolean;
BEGIN
    SELECT c.time_zone, cardinality(c.business_hours) > 0 INTO zone, has_hours
    FROM hotline.calendar c WHERE c.name = reference.calendar;
    IF has_hours THEN
        IF hotline.working_time(calendar, ts - interval '1 microsecond', ts + interval '1 microsecond') > interval '0' THEN
            RETURN ts;
        END IF;
        RETURN hotline.deadline(calendar, ts, '1 working second') - interval '1 second';
    END IF;
    IF hotline.is_working_day(calendar, timezone(zone, ts)::date) THEN
        RETURN ts;
    END IF;
    RETURN timezone(zone, timezone(zone, hotline.deadline(calendar, ts, '1 working day')) - interval '1 day');
END $$;

INSERT INTO hotline.calendar (name, base, time_zone, business_hours, description)
VALUES ('no_urumqi', 'cn', 'Asia/Urumqi', '{"[10:00,13:30)","[15:30,19:30)"}', '乌鲁木齐 (test)'),
       ('no_allday', 'cn', 'Asia/Shanghai', '{}', 'no business hours (test)');
INSERT INTO hotline.calendar_year (calendar, year, source)
VALUES ('no_urumqi', 2026, 'test'), ('no_allday', 2026, 'test');

-- instants: every 2 h 53 min 17 s over 2026, plus the openings and
-- closings of business periods and midnights of a holiday week
CREATE TEMP TABLE instants AS
SELECT ts FROM generate_series('2026-01-01 00:00+08'::timestamptz, '2026-12-31 23:00+08', interval '2 hours 53 minutes 17 seconds') g(ts)
UNION
SELECT d + t FROM generate_series('2026-09-28'::date, '2026-10-12', interval '1 day') d,
                  unnest(ARRAY['00:00', '08:59:59.999999', '09:00', '12:00', '12:00:00.000001', '13:30', '17:30',
                               '17:30:00.000001', '23:59:59.999999']::interval[]) t;
SELECT cmp_ok((SELECT count(*) FROM instants), '>', 3000::bigint, 'over 3,000 instants');
SELECT cmp_ok((SELECT count(*) FROM instants WHERE hotline.next_opening('cn', ts) <> ts), '>', 1500::bigint,
              'most of them outside business hours, where the opening is later');

SELECT is((SELECT count(*) FROM instants WHERE hotline.next_opening('cn', ts) IS DISTINCT FROM pg_temp.reference('cn', ts)),
          0::bigint, 'cn: the same as the PL/pgSQL definition at every instant');
SELECT is((SELECT count(*) FROM instants
           WHERE hotline.next_opening('no_urumqi', ts) IS DISTINCT FROM pg_temp.reference('no_urumqi', ts)),
          0::bigint, 'a calendar of Urumqi with its own hours: the same');
SELECT is((SELECT count(*) FROM instants
           WHERE hotline.next_opening('no_allday', ts) IS DISTINCT FROM pg_temp.reference('no_allday', ts)),
          0::bigint, 'a calendar without business hours: the same');

SELECT * FROM finish();
ROLLBACK;
