--
-- hotline.time_limit: input, canonical output, comparison, errors (R-4.3, R-12.4)
--
SET DateStyle = ISO, YMD;
SET IntervalStyle = postgres;
SET search_path = hotline, public;

-- every spelling, with its canonical form
SELECT input, input::time_limit AS canonical,
       time_limit_unit(input::time_limit) AS unit,
       time_limit_amount(input::time_limit) AS amount
FROM (VALUES ('7 working days'), ('1 working day'), ('3 Working Days'),
             ('4 working hours'), ('1 working hour'), ('90 working minutes'),
             ('2 hours'), ('120 minutes'), ('30 minutes'), ('15 seconds'),
             ('90 seconds'), ('1 day'), ('10 days'), ('  5   working    days  '),
             ('+2 hours'), ('7个工作日'), ('3 工作日'), ('4个工作小时'), ('2小时'),
             ('30分钟'), ('10秒'), ('15天'), ('1 自然日')) AS t(input);

-- equal values whatever the spelling; ordering by nominal length
SELECT '60 minutes'::time_limit = '1 hour' AS same_hour,
       '7 working days'::time_limit = '7 days' AS workdays_are_not_days,
       '1 day'::time_limit < '1 working day' AS day_before_working_day,
       '23 hours'::time_limit < '1 day' AS hours_before_day,
       '8 working hours'::time_limit < '1 working day' AS hours_before_working_day;

SELECT t FROM (VALUES ('7 working days'::time_limit), ('2 hours'), ('3 working days'),
                      ('4 working hours'), ('1 day'), ('30 minutes'), ('24 hours'))
       AS v(t) ORDER BY t;

-- btree and hash indexes
CREATE TEMP TABLE limits (t time_limit);
INSERT INTO limits SELECT (n || ' working days')::time_limit FROM generate_series(1, 200) n;
INSERT INTO limits SELECT (n || ' hours')::time_limit FROM generate_series(1, 200) n;
CREATE INDEX ON limits (t);
CREATE INDEX ON limits USING hash (t);
ANALYZE limits;
SET enable_seqscan = off;
SELECT count(*) FROM limits WHERE t = '3 working days';
SELECT count(*) FROM limits WHERE t BETWEEN '1 hour' AND '5 hours';
RESET enable_seqscan;
SELECT count(DISTINCT t) FROM limits;

-- hash partitioning by a limit (extended hash support)
CREATE TEMP TABLE rules (lim time_limit) PARTITION BY HASH (lim);
CREATE TEMP TABLE rules_0 PARTITION OF rules FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TEMP TABLE rules_1 PARTITION OF rules FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO rules VALUES ('7 working days'), ('3 working days'), ('2 hours'), ('120 minutes');
SELECT count(*), count(DISTINCT lim) FROM rules;
SELECT count(*) FROM rules WHERE lim = '2 hours';

-- binary output
SELECT time_limit_send('2 hours'), time_limit_send('7 working days');

-- NULL in, NULL out
SELECT NULL::time_limit AS null_limit, time_limit_unit(NULL) AS null_unit;

-- errors: each says what a time limit looks like
SELECT ''::time_limit;
SELECT '   '::time_limit;
SELECT 'soon'::time_limit;
SELECT '7'::time_limit;
SELECT '7 weeks'::time_limit;
SELECT '7 working'::time_limit;
SELECT '1.5 hours'::time_limit;
SELECT '-1 day'::time_limit;
SELECT '0 working days'::time_limit;
SELECT '3661 days'::time_limit;
SELECT '87841 hours'::time_limit;
SELECT '99999999999999999999999 seconds'::time_limit;
SELECT '7 working days please'::time_limit;
