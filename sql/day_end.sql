--
-- When a period counted in days ends (R-12.4, Civil Code art. 203): at 24:00
-- of its last day (day_ends = 'midnight', the default, how 12345 centres
-- count) or at the close of business of that day ('close_of_business').
-- Results in Beijing time; test/tap/day_end.sql checks the rest.
--
SET DateStyle = ISO, YMD;
SET TimeZone = 'Asia/Shanghai';

INSERT INTO hotline.calendar (name, base, day_ends, description)
VALUES ('cn_close', 'cn', 'close_of_business', 'cn, days end at the close of business (example)');

-- a written dispatch (7 working days) and a phone dispatch (3) on 30 Sep 2026,
-- across National Day and the make-up Saturday 10 Oct; working hours and
-- clock hours do not depend on the setting
SELECT lim, hotline.deadline('cn', '2026-09-30 10:00', lim::hotline.time_limit) AS midnight,
       hotline.deadline('cn_close', '2026-09-30 10:00', lim::hotline.time_limit) AS close_of_business
FROM unnest('{7 working days,3 working days,1 day,4 working hours,24 hours}'::text[]) lim;

-- a reminder 1 working day before, and 80% of the allowed time
SELECT hotline.before_deadline('cn_close', '2026-10-15 17:30', '1 working day') AS one_working_day_before,
       hotline.share_point('cn_close', '2026-09-30 10:00', '2026-10-15 17:30', 0.8) AS share_80;

-- errors: an unknown setting; close of business without business hours
INSERT INTO hotline.calendar (name, day_ends) VALUES ('cn_noon', 'noon');
INSERT INTO hotline.calendar (name, business_hours, day_ends) VALUES ('cn_days', '{}', 'close_of_business');
UPDATE hotline.calendar SET business_hours = '{}' WHERE name = 'cn_close';

DELETE FROM hotline.calendar WHERE name = 'cn_close';
