-- The bounds of hotline.import_ics and hotline.export_ics (R-12.2, issue 8:
-- crashes, escalation and denial of service): every limit is refused with
-- its SQLSTATE and a message naming it, just under it is accepted, the
-- reproducers of 0.1.0 end at once in a limit's error (never a timeout,
-- never an internal error), and what libical would get wrong or spend long
-- on is refused before it sees it.  Every large input is made here, on the
-- server (repeat, string_agg), so nothing large crosses the connection or
-- reaches the server log.  No timing is asserted: test/bench/ics.sql
-- measures.
\set ON_ERROR_STOP true
SET client_min_messages = error;
BEGIN;
SELECT * FROM no_plan();

\ir lib/fails.sql

-- outcome(sql): '00000' or the SQLSTATE and message it fails with
CREATE FUNCTION pg_temp.outcome(sql text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    msg text;
    st text;
BEGIN
    EXECUTE sql;
    RETURN '00000';
EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, st = RETURNED_SQLSTATE;
    RETURN st || ' ' || msg;
END $$;

-- cal(lines): an iCalendar text of those lines (CRLF), inside VCALENDAR;
-- ev(lines): one VEVENT
CREATE FUNCTION pg_temp.cal(body text) RETURNS text
LANGUAGE sql AS $$ SELECT E'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n' || body || E'END:VCALENDAR\r\n' $$;
CREATE FUNCTION pg_temp.ev(body text) RETURNS text
LANGUAGE sql AS $$ SELECT E'BEGIN:VEVENT\r\n' || body || E'END:VEVENT\r\n' $$;
-- rule(start, rrule): one all-day event repeating by rrule
CREATE FUNCTION pg_temp.rule(start text, rrule text) RETURNS text
LANGUAGE sql AS $$ SELECT pg_temp.cal(pg_temp.ev('DTSTART;VALUE=DATE:' || start || E'\r\nRRULE:' || rrule || E'\r\n')) $$;
-- dates(first, n, step): n YYYYMMDD dates from first, step days apart, comma-separated
CREATE FUNCTION pg_temp.dates(first date, n int, step int DEFAULT 1) RETURNS text
LANGUAGE sql AS $$ SELECT string_agg(to_char(first + i * step, 'YYYYMMDD'), ',' ORDER BY i) FROM generate_series(0, n - 1) i $$;

INSERT INTO hotline.calendar (name) VALUES ('bnd'), ('bnd_x'), ('bnd_rt');
CREATE FUNCTION pg_temp.days() RETURNS int
LANGUAGE sql AS $$ SELECT count(*)::int FROM hotline.calendar_day WHERE calendar = 'bnd' $$;
-- imported(ics): the days an import into the empty calendar bnd_x gives,
-- as MMDD of 2024 (or YYYYMMDD), emptying it again
CREATE FUNCTION pg_temp.imported(ics text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    PERFORM hotline.import_ics('bnd_x', ics, years => '{}');
    SELECT string_agg(CASE WHEN extract(year FROM day) = 2024 THEN to_char(day, 'MMDD') ELSE to_char(day, 'YYYYMMDD') END,
                      ' ' ORDER BY day) INTO r
    FROM hotline.calendar_day WHERE calendar = 'bnd_x';
    DELETE FROM hotline.calendar_day WHERE calendar = 'bnd_x';
    RETURN r;
END $$;

------------------------------------------------------------------------
-- The reproducers of 0.1.0 end at once in a limit's error
------------------------------------------------------------------------
SET statement_timeout = '5s';
-- 150 bytes declaring 99,004 days, with a 9 kB source (2.7 GB, 19.5 s on 0.1.0)
SELECT is(pg_temp.outcome($$SELECT hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev(E'DTSTART;VALUE=DATE:19000101\r\nDTEND;VALUE=DATE:21710124\r\nSUMMARY:x\r\n')), source => repeat('s', 9000))$$),
          '22001 source is longer than 200 characters', 'source amplification: the 9 kB source is refused');
SELECT is(pg_temp.outcome($$SELECT hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev(E'DTSTART;VALUE=DATE:19000101\r\nDTEND;VALUE=DATE:21710124\r\nSUMMARY:x\r\n')), source => repeat('s', 200))$$),
          '54000 iCalendar text declares more than 10000 days', 'source amplification: 99,004 days are refused');
-- one 15 MB line (55 s inside libical, statement_timeout ignored, on 0.1.0)
SELECT is(pg_temp.outcome($$SELECT hotline.import_ics('bnd', convert_to(E'BEGIN:VCALENDAR\r\nX-FOO:' || repeat('A', 15*1024*1024)
    || E'\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20300101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n', 'UTF8'))$$),
          '54000 line 2: content line longer than 8000 bytes', 'one 15 MB line is refused at its line');
-- the same line folded every 75 bytes: the error names its first line
SELECT is(pg_temp.outcome($$SELECT hotline.import_ics('bnd', E'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-FOO:' || repeat(repeat('A', 74) || E'\r\n ', 200000)
    || E'\r\nEND:VCALENDAR\r\n')$$),
          '54000 line 3: content line longer than 8000 bytes', 'a folded 15 MB line is refused at its first line');
-- a never-matching monthly rule (libical searched to 2582, uninterruptibly)
SELECT is(left(pg_temp.outcome($$SELECT hotline.import_ics('bnd', pg_temp.rule('19000101', 'FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30;COUNT=5'))$$), 50),
          '0A000 line 5: RRULE of this form is not supported', 'a rule that never gives a day is refused');
RESET statement_timeout;
SELECT is(pg_temp.days(), 0, 'nothing of a refused text is imported');

------------------------------------------------------------------------
-- Size of the text and of its lines
------------------------------------------------------------------------
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', repeat('x', 16 * 1024 * 1024 + 1))$$, '54000', 'iCalendar text is too large');
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', convert_to(repeat('x', 16 * 1024 * 1024 + 1), 'UTF8'))$$, '54000', 'iCalendar text is too large');
-- a logical line of 8,000 bytes is accepted, 8,001 is not, folded or not
SELECT is(hotline.import_ics('bnd', pg_temp.cal('X-FOO:' || repeat('A', 7994) || E'\r\n'
                                                || pg_temp.ev(E'DTSTART;VALUE=DATE:20300101\r\n'))), 1,
          'a line of 8,000 bytes is accepted');
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.cal('X-FOO:' || repeat('A', 7995) || E'\r\n'))$$,
                     '54000', 'line 3: content line longer than 8000 bytes');
SELECT is(hotline.import_ics('bnd', pg_temp.cal('DESCRIPTION:' || repeat(repeat('é', 37) || E'\r\n ', 107) || 'xx' || E'\r\n'
                                                || pg_temp.ev(E'DTSTART;VALUE=DATE:20300102\r\n'))), 1,
          'a folded line of 7,932 bytes is accepted');
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.cal('DESCRIPTION:' || repeat(repeat('é', 37) || E'\r\n ', 108) || E'x\r\n'))$$,
                     '54000', 'line 3: content line longer than 8000 bytes');

-- parameters: 10 are accepted, 11 are not
SELECT is(hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev('DTSTART;VALUE=DATE' || repeat(';X-P="a;b:c"', 9) || E':20300103\r\n'))), 1,
          'ten parameters are accepted (quoted ; and : do not count)');
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev('DTSTART;VALUE=DATE' || repeat(';X-P=a', 10) || E':20300104\r\n')))$$,
                     '54000', 'line 4: more than 10 parameters in one property');

-- list values: libical keeps only 500 of one line; 500 are all imported
SELECT is(hotline.import_ics('bnd_x', pg_temp.cal(pg_temp.ev(E'DTSTART;VALUE=DATE:20400101\r\nRDATE;VALUE=DATE:'
                                                             || pg_temp.dates('2040-01-02', 500) || E'\r\n'))), 501,
          'an RDATE of 500 values gives 500 days and DTSTART''s');
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev(E'DTSTART;VALUE=DATE:20400101\r\nRDATE;VALUE=DATE:'
                                                                             || pg_temp.dates('2040-01-02', 501) || E'\r\n')))$$,
                     '54000', 'line 5: more than 500 values in one RDATE property');
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev(E'DTSTART;VALUE=DATE:20400101\r\nCATEGORIES:' || repeat('a,', 500) || E'WORKDAY\r\n')))$$,
                     '54000', 'line 5: more than 500 values in one CATEGORIES property');

-- content lines: 50,000 (values of lists included) are accepted, more are not
SELECT is(hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev(E'DTSTART;VALUE=DATE:20500101\r\n'
          || (SELECT string_agg('EXDATE;VALUE=DATE:' || pg_temp.dates('2060-01-01'::date + 500 * i, 500), E'\r\n')
              FROM generate_series(0, 98) i) || E'\r\nEXDATE;VALUE=DATE:' || pg_temp.dates('2070-01-01', 493) || E'\r\n'))),
          1, '50,000 content lines are accepted');
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev(E'DTSTART;VALUE=DATE:20500101\r\n'
          || (SELECT string_agg('EXDATE;VALUE=DATE:' || pg_temp.dates('2060-01-01'::date + 500 * i, 500), E'\r\n')
              FROM generate_series(0, 98) i) || E'\r\nEXDATE;VALUE=DATE:' || pg_temp.dates('2070-01-01', 494) || E'\r\n')))$$,
                     '54000', 'iCalendar text has more than 50000 content lines');
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.cal(repeat(pg_temp.ev(E'DTSTART;VALUE=DATE:20500101\r\nSTATUS:CANCELLED\r\n'), 12500)))$$,
                     '54000', 'iCalendar text has more than 50000 content lines');
DELETE FROM hotline.calendar_day WHERE calendar IN ('bnd', 'bnd_x');

------------------------------------------------------------------------
-- What is written: days, notes, sources
------------------------------------------------------------------------
SELECT is(hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev(E'DTSTART;VALUE=DATE:20000101\r\nDTEND;VALUE=DATE:'
                                                           || to_char(date '2000-01-01' + 10000, 'YYYYMMDD') || E'\r\n'))),
          10000, '10,000 days are accepted');
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev(E'DTSTART;VALUE=DATE:20000101\r\nDTEND;VALUE=DATE:'
                                                                             || to_char(date '2000-01-01' + 10001, 'YYYYMMDD') || E'\r\n')))$$,
                     '54000', 'iCalendar text declares more than 10000 days');
-- a day declared twice counts twice: overlapping events
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.cal(repeat(pg_temp.ev(E'DTSTART;VALUE=DATE:20000101\r\nDTEND;VALUE=DATE:20100101\r\n'), 3)))$$,
                     '54000', 'iCalendar text declares more than 10000 days');
DELETE FROM hotline.calendar_day WHERE calendar = 'bnd';

SELECT is(hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev(E'DTSTART;VALUE=DATE:20300201\r\nSUMMARY:' || repeat('节', 200) || E'\r\n')),
                             source => repeat('源', 200)), 1, 'a note and a source of 200 characters are accepted');
SELECT ok((SELECT note = repeat('节', 200) AND source = repeat('源', 200) FROM hotline.calendar_day WHERE calendar = 'bnd' AND day = '2030-02-01'),
          'and stored whole');
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev(E'DTSTART;VALUE=DATE:20300202\r\nSUMMARY:' || repeat('节', 201) || E'\r\n')))$$,
                     '22001', 'line 5: SUMMARY is longer than 200 characters');
-- escapes count once: \, is one character of the note
SELECT is(hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev(E'DTSTART;VALUE=DATE:20300203\r\nSUMMARY:' || repeat('\,', 200) || E'\r\n'))),
          1, 'a note of 200 escaped commas is accepted');
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev(E'DTSTART;VALUE=DATE:20300204\r\n')), source => repeat('源', 201))$$,
                     '22001', 'source is longer than 200 characters');
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev(E'DTSTART;VALUE=DATE:20300204\r\nSUMMARY:x\r\nX-HOTLINE-SOURCE:' || repeat('s', 201) || E'\r\n')))$$,
                     '22001', 'line 6: X-HOTLINE-SOURCE is longer than 200 characters');
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', E'BEGIN:VCALENDAR\r\nX-WR-CALNAME:' || repeat('n', 190) || E'\r\n' || pg_temp.ev(E'DTSTART;VALUE=DATE:20300204\r\n') || E'END:VCALENDAR\r\n')$$,
                     '22001', 'line 2: X-WR-CALNAME is longer than 200 characters');
SELECT is(hotline.import_ics('bnd', E'BEGIN:VCALENDAR\r\nX-WR-CALNAME:' || repeat('n', 190) || E'\r\n' || pg_temp.ev(E'DTSTART;VALUE=DATE:20300204\r\n') || E'END:VCALENDAR\r\n',
                             source => 'short'), 1, 'source => replaces a long X-WR-CALNAME');
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', E'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:' || repeat('p', 201) || E'\r\n' || pg_temp.ev(E'DTSTART;VALUE=DATE:20300205\r\n') || E'END:VCALENDAR\r\n')$$,
                     '22001', 'line 3: PRODID is longer than 200 characters');
DELETE FROM hotline.calendar_day WHERE calendar = 'bnd';

------------------------------------------------------------------------
-- Recurrence rules: only forms that give a day in every period, within
-- a budget of expansion steps
------------------------------------------------------------------------
SELECT pg_temp.fails(format($$SELECT hotline.import_ics('bnd', pg_temp.rule(%L, %L))$$, s, r), '0A000', 'line 5: RRULE of this form is not supported')
FROM (VALUES ('19000101', 'FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30;UNTIL=19100101'),
             ('19000201', 'FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=30;COUNT=3'),
             ('19000131', 'FREQ=MONTHLY;INTERVAL=2;COUNT=3'),
             ('19000101', 'FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR;COUNT=3'),
             ('19000101', 'FREQ=MONTHLY;INTERVAL=12;BYDAY=5MO;COUNT=3'),
             ('19000101', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'),
             ('19000101', 'FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31;COUNT=2'),
             ('19000101', 'FREQ=YEARLY;BYMONTH=2;BYDAY=5MO;COUNT=2'),
             ('19000101', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO;COUNT=2'),
             ('19000101', 'FREQ=YEARLY;BYYEARDAY=100'),
             ('19000101', 'FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO'),
             ('19000101', 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3'),
             ('19000101', 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=5'),
             ('19000101', 'FREQ=DAILY;BYMONTH=7'),
             ('19000101', 'FREQ=DAILY;INTERVAL=7;BYDAY=TU;COUNT=3'),
             ('19000101', 'FREQ=WEEKLY;BYMONTH=2;BYDAY=MO;COUNT=3')) v(s, r);
-- the forms a working-day calendar uses (DTSTART 2024-01-01, a Monday,
-- is always a day of the event; libical does not count it in COUNT when
-- the rule does not give it)
SELECT is(pg_temp.imported(pg_temp.rule('20240101', r)), days, r)
FROM (VALUES ('FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1;COUNT=3', '0101 1001 20251001 20261001'),
             ('FREQ=YEARLY;BYMONTH=5;BYDAY=2SU;UNTIL=20261231', '0101 0512 20250511 20260510'),
             ('FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=2,3,4,5,6,7,8;BYDAY=TU;UNTIL=20261231', '0101 1105 20251104 20261103'),
             ('FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20240630', '0101 0126 0223 0329 0426 0531 0628'),
             ('FREQ=MONTHLY;BYMONTHDAY=31;UNTIL=20240630', '0101 0131 0331 0531'),
             ('FREQ=MONTHLY;BYMONTHDAY=1,15;INTERVAL=3;UNTIL=20241231', '0101 0115 0401 0415 0701 0715 1001 1015'),
             ('FREQ=WEEKLY;BYDAY=SA,SU;UNTIL=20240114', '0101 0106 0107 0113 0114'),
             ('FREQ=WEEKLY;INTERVAL=2;UNTIL=20240215', '0101 0115 0129 0212'),
             ('FREQ=DAILY;INTERVAL=3;BYDAY=MO;UNTIL=20240305', '0101 0122 0212 0304'),
             ('FREQ=DAILY;COUNT=7', '0101 0102 0103 0104 0105 0106 0107')) v(r, days);

-- the budget: 40,000 steps (a day 1, a week 1, a month 5, a year 8)
-- (2000-01-01 to 2109-07-07 is 40,000 days)
SELECT is(hotline.import_ics('bnd', pg_temp.rule('20000101', 'FREQ=DAILY;BYDAY=MO;UNTIL=21090707')),
          (SELECT count(*)::int FROM generate_series(date '2000-01-01', '2109-07-07', '1 day') d WHERE extract(isodow FROM d) = 1) + 1,
          'a daily rule of 40,000 steps is accepted');
DELETE FROM hotline.calendar_day WHERE calendar = 'bnd';
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.rule('20000101', 'FREQ=DAILY;BYDAY=MO;UNTIL=21090708'))$$,
                     '54000', 'line 5: RRULE expansion would take more than 40000 steps');
-- the budget is the file's: the third monthly rule of 3,612 months (5 each)
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.cal(repeat(pg_temp.ev(E'DTSTART;VALUE=DATE:19000101\r\nRRULE:FREQ=MONTHLY;BYMONTHDAY=13,14,15,16,17,18,19;BYDAY=FR;UNTIL=21991231\r\n'), 3)))$$,
                     '54000', 'line 13: RRULE expansion would take more than 40000 steps');
-- and the seventeenth yearly rule of 300 years (8 each)
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.cal(repeat(pg_temp.ev(E'DTSTART;VALUE=DATE:19000101\r\nRRULE:FREQ=YEARLY;COUNT=300\r\n'), 17)))$$,
                     '54000', 'line 69: RRULE expansion would take more than 40000 steps');
SELECT is(hotline.import_ics('bnd', pg_temp.cal(repeat(pg_temp.ev(E'DTSTART;VALUE=DATE:19000101\r\nRRULE:FREQ=YEARLY;COUNT=300\r\n'), 16))), 300,
          'sixteen yearly rules of 300 years are accepted');
DELETE FROM hotline.calendar_day WHERE calendar = 'bnd';
-- an open-ended rule counts to the horizon, a bounded one to its COUNT
SELECT is(hotline.import_ics('bnd', pg_temp.rule('19900101', 'FREQ=WEEKLY;BYDAY=SA,SU')) > 0, true,
          'an open-ended weekly rule from 1990 is accepted');
SELECT is(hotline.import_ics('bnd', pg_temp.rule('19000101', 'FREQ=DAILY;COUNT=10000')), 10000,
          'a daily rule with COUNT=10000 from 1900 is accepted');
DELETE FROM hotline.calendar_day WHERE calendar = 'bnd';

-- time zone rules: 20 at most
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.cal(E'BEGIN:VTIMEZONE\r\nTZID:Z\r\n'
    || repeat(E'BEGIN:STANDARD\r\nDTSTART:19700101T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nEND:STANDARD\r\n', 21)
    || E'END:VTIMEZONE\r\n'))$$, '54000', 'line 127: more than 20 time zone rules');
-- times in a zone the text defines: 1,000 at most (libical converts them)
CREATE FUNCTION pg_temp.zoned(n int) RETURNS text
LANGUAGE sql AS $$ SELECT pg_temp.cal(E'BEGIN:VTIMEZONE\r\nTZID:Custom Zone\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n'
    || E'TZOFFSETFROM:+0700\r\nTZOFFSETTO:+0700\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n'
    || pg_temp.ev(E'DTSTART;TZID="Custom Zone":20300101T200000\r\nRRULE:FREQ=DAILY;COUNT=' || n || E'\r\n')) $$;
SELECT is(hotline.import_ics('bnd', pg_temp.zoned(1000)), 1000, '1,000 times in a zone the text defines are accepted');
SELECT is((SELECT min(day) FROM hotline.calendar_day WHERE calendar = 'bnd'), date '2030-01-01',
          'and read in that zone (20:00 at +07 is 21:00 in Shanghai)');
DELETE FROM hotline.calendar_day WHERE calendar = 'bnd';
SELECT pg_temp.fails($$SELECT hotline.import_ics('bnd', pg_temp.zoned(1001))$$, '54000', 'line 13: more than 1000 times in time zones the text defines');
SELECT is(hotline.import_ics('bnd', replace(pg_temp.zoned(5000), 'TZID="Custom Zone"', 'TZID=Asia/Bangkok')), 5000,
          'times in a zone PostgreSQL knows are not counted');
DELETE FROM hotline.calendar_day WHERE calendar = 'bnd';

------------------------------------------------------------------------
-- EXDATE: many, in any order, on many lines
------------------------------------------------------------------------
SELECT is(hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev(E'DTSTART;VALUE=DATE:20300101\r\nRRULE:FREQ=DAILY;COUNT=3000\r\n'
          || (SELECT string_agg('EXDATE;VALUE=DATE:' || l, E'\r\n') || E'\r\n'
              FROM (SELECT string_agg(to_char(date '2030-01-01' + j, 'YYYYMMDD'), ',' ORDER BY (j * 7919) % 3000) l
                    FROM generate_series(1, 2999, 2) j GROUP BY j % 8) x)))),
          1500, 'EXDATE removes every odd day of 3,000');
SELECT ok(NOT EXISTS (SELECT 1 FROM hotline.calendar_day WHERE calendar = 'bnd' AND (day - date '2030-01-01') % 2 = 1),
          'only even days are left');
DELETE FROM hotline.calendar_day WHERE calendar = 'bnd';
SELECT is(hotline.import_ics('bnd', pg_temp.cal(pg_temp.ev(E'DTSTART:20300101T100000Z\r\nDTEND:20300101T110000Z\r\nRRULE:FREQ=DAILY;COUNT=10\r\n'
          || E'EXDATE:20300109T100000Z,20300103T100000Z,20300105T100000Z\r\nEXDATE;VALUE=DATE:20300107\r\n'))),
          6, 'timed EXDATE instants and days');
SELECT is(string_agg(to_char(day, 'DD'), ' ' ORDER BY day), '01 02 04 06 08 10', 'the days left')
FROM hotline.calendar_day WHERE calendar = 'bnd';
DELETE FROM hotline.calendar_day WHERE calendar = 'bnd';

------------------------------------------------------------------------
-- Export of a large calendar: read in batches, runs across batches
------------------------------------------------------------------------
INSERT INTO hotline.calendar_day (calendar, day, kind, note, source)
SELECT 'bnd', d, 'holiday', CASE WHEN i < 2500 THEN 'long run' ELSE 'n' || (i % 2) END, 's'
FROM generate_series(0, 5499) i, LATERAL (SELECT date '2000-01-01' + i AS d) x;
SELECT is((SELECT count(*)::int FROM regexp_matches(hotline.export_ics('bnd', '1900-01-01', '2199-12-31'), 'BEGIN:VEVENT', 'g')),
          1 + 3000, 'a run of 2,500 days over three batches is one event; 3,000 alternating days are 3,000');
SELECT is(hotline.import_ics('bnd_rt', hotline.export_ics('bnd', '1900-01-01', '2199-12-31')), 5500,
          'the export of 5,500 days imports again');
SELECT ok(NOT EXISTS ((SELECT day, kind, note, source FROM hotline.calendar_day WHERE calendar = 'bnd'
                       EXCEPT SELECT day, kind, note, source FROM hotline.calendar_day WHERE calendar = 'bnd_rt')
                      UNION ALL
                      (SELECT day, kind, note, source FROM hotline.calendar_day WHERE calendar = 'bnd_rt'
                       EXCEPT SELECT day, kind, note, source FROM hotline.calendar_day WHERE calendar = 'bnd')),
          'round trip of a large calendar gives the same rows');
-- a long note (written with SQL) is exported folded, and the range is respected
UPDATE hotline.calendar_day SET note = repeat('长', 100000) WHERE calendar = 'bnd' AND day = '2000-01-01';
SELECT ok((SELECT max(octet_length(l)) BETWEEN 73 AND 75 AND count(*) > 4000
           FROM regexp_split_to_table(hotline.export_ics('bnd', '2000-01-01', '2000-01-01'), E'\r\n') l),
          'a note of 300 kB is folded into lines of at most 75 octets');

SELECT * FROM finish();
ROLLBACK;
