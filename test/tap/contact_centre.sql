-- Issue 11, part 2: contact-centre records (R-2.1) and their service levels
-- (GB/T 33358 5.1.2.3) on a hand-computed morning: calls answered within
-- 15 seconds and not, abandoned calls, text messages answered within 3
-- minutes and not, a mailbox letter within 24 hours; hours, days and months
-- counted in the centre's time zone (Asia/Shanghai) whatever the session's.
\set ON_ERROR_STOP true
SET client_min_messages = warning;
SET search_path = public, hotline;
SET TimeZone = 'UTC';
BEGIN;
SELECT plan(12);

CREATE ROLE cc_switch NOLOGIN IN ROLE hotline_agent;
CREATE ROLE cc_bi NOLOGIN IN ROLE hotline_analyst;
SET LOCAL ROLE cc_switch;
-- the switch loads its call records (COPY would do the same), twice: the
-- second load adds nothing
CREATE TEMP TABLE calls (source_id text, arrived timestamptz, answered timestamptz, ended timestamptz, agent text);
INSERT INTO calls VALUES
    ('c1', '2026-12-03 08:59:50+08', '2026-12-03 09:00:00+08', '2026-12-03 09:04:00+08', 'agent_zhao'),  -- wait 10 s
    ('c2', '2026-12-03 09:01:00+08', '2026-12-03 09:01:15+08', '2026-12-03 09:03:15+08', 'agent_zhao'),  -- 15 s: within
    ('c3', '2026-12-03 09:02:00+08', '2026-12-03 09:02:40+08', '2026-12-03 09:05:40+08', 'agent_qian'),  -- 40 s: late
    ('c4', '2026-12-03 09:10:00+08', NULL, '2026-12-03 09:10:30+08', NULL),                              -- abandoned
    ('c5', '2026-12-03 09:20:00+08', '2026-12-03 09:20:05+08', '2026-12-03 09:26:05+08', 'agent_qian');  -- 5 s
INSERT INTO hotline.contact (channel, source_id, arrived_at, answered_at, ended_at, agent)
SELECT 'phone', source_id, arrived, answered, ended, agent FROM calls;
INSERT INTO hotline.contact (channel, source_id, arrived_at, answered_at, ended_at, agent)
SELECT 'phone', source_id, arrived, answered, ended, agent FROM calls
ON CONFLICT (channel, source_id) DO NOTHING;
-- messages: two texts (2 and 5 minutes to the first response), a letter answered the next day
INSERT INTO hotline.contact (channel, source_id, arrived_at, answered_at) VALUES
    ('sms', 's1', '2026-12-03 09:30:00+08', '2026-12-03 09:32:00+08'),
    ('sms', 's2', '2026-12-03 09:40:00+08', '2026-12-03 09:45:00+08'),
    ('mailbox', 'm1', '2026-12-03 09:50:00+08', '2026-12-04 09:00:00+08');
RESET ROLE;

SELECT is((SELECT count(*)::int FROM hotline.contact), 8, 'a repeated load adds nothing (source_id per channel)');
SET LOCAL ROLE cc_bi;
CREATE TEMP VIEW day_phone AS SELECT * FROM hotline.contact_service_level
    WHERE period_kind = 'day' AND channel = 'phone' AND period_start = '2026-12-03';
SELECT is((SELECT arrived FROM day_phone), 5::bigint, 'an analyst reads the day: five calls arrived');
SELECT is((SELECT answered FROM day_phone), 4::bigint, 'four were answered');
SELECT is((SELECT unanswered FROM day_phone), 1::bigint, 'one was abandoned');
SELECT is((SELECT answered_rate FROM day_phone), 0.8000, 'the completion rate (接通率) is 4/5');
SELECT is((SELECT answered_within_limit FROM day_phone), 3::bigint, 'three within 15 seconds (15 s counts)');
SELECT is((SELECT within_limit_rate FROM day_phone), 0.6000, 'the 15-second rate is 3/5 of the calls that arrived');
SELECT is((SELECT target FROM day_phone), 0.95, 'beside the 95% target');
SELECT is((SELECT ROW(avg_wait_seconds, avg_talk_seconds)::text FROM day_phone), ROW(17.5, 225.0)::text,
          'mean wait (10+15+40+5)/4 = 17.5 s, mean talk (240+120+180+360)/4 = 225 s, of the answered calls');
SELECT is(ARRAY(SELECT to_char(period_start, 'HH24:MI') || '=' || arrived FROM hotline.contact_service_level
                WHERE period_kind = 'hour' AND channel = 'phone' ORDER BY period_start),
          ARRAY['08:00=1', '09:00=4'], 'hours are Beijing''s, whatever the session''s time zone (UTC here)');
SELECT is((SELECT ROW(within_limit_rate, answered_within_limit)::text FROM hotline.contact_service_level
           WHERE period_kind = 'day' AND channel = 'sms'), ROW(0.5000, 1)::text, 'texts: one of two within 3 minutes');
SELECT is((SELECT within_limit_rate FROM hotline.contact_service_level
           WHERE period_kind = 'month' AND channel = 'mailbox'), 1.0000, 'the letter within 24 hours');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
