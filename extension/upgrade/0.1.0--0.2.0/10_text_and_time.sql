-- Issue 8: bounded text similarity and pinned search paths (98_supervision.sql,
-- 97_alarms.sql, 96_outbox.sql, extension/platform/text_grams.c).  The calendar
-- functions' overflow and range fixes (extension/platform/workday.c) need no SQL.
--
-- text_grams and text_similarity are C functions now (granted to PUBLIC:
-- texts of at most 64 kB, linear time, interruptible); their results are
-- those of 0.1.0's SQL functions.  The repeat rule compares the first
-- 16384 characters of each text.

--@ function or replace text_grams(t text, leave_out text DEFAULT NULL)

--@ function or replace text_similarity(a text, b text, leave_out text DEFAULT NULL)

-- the repeat rule compares the first 16384 characters of each text, so
-- that a very long appeal never makes the accept fail
--@ function or replace escalate_repeat_matter(o @extschema@.work_order, r @extschema@.escalation_rule)

-- functions EXECUTE-able by PUBLIC that resolved names and operators
-- through the caller's search_path: pinned (SET search_path)
--@ function or replace text_similarity_works()

--@ function or replace distance_m(lon1 double precision, lat1 double precision, lon2 double precision, lat2 double precision)

CREATE OR REPLACE FUNCTION @extschema@.alarm_text(kind text, due text, order_no @extschema@.order_no, unit_name text,
                                       due_at timestamptz, fired integer, time_zone text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
SELECT pg_catalog.format(CASE
    WHEN $1 = 'notice' THEN '【12345热线】通报：%2$s承办的工单%1$s已于%3$s超期，经%4$s次催办仍未办结。'
    WHEN $1 = 'hasten' AND $2 = 'dispatch_due' THEN '【12345热线】催办：工单%1$s应于%3$s前派单，现已超期，第%4$s次催办，请立即派单。'
    WHEN $1 = 'hasten' AND $2 = 'callback_due' THEN '【12345热线】催办：工单%1$s应于%3$s前回访，现已超期，第%4$s次催办，请立即回访。'
    WHEN $1 = 'hasten' AND $2 = 'sign_due' THEN '【12345热线】催办：%2$s应于%3$s前签收工单%1$s，现已超期，第%4$s次催办，请立即签收。'
    WHEN $1 = 'hasten' THEN '【12345热线】催办：%2$s承办的工单%1$s已于%3$s超期，第%4$s次催办，请立即办理并答复。'
    WHEN $2 = 'sign_due' THEN '【12345热线】提醒：请%2$s于%3$s前签收工单%1$s。'
    WHEN $2 = 'dispatch_due' THEN '【12345热线】提醒：工单%1$s须于%3$s前派单。'
    WHEN $2 = 'callback_due' THEN '【12345热线】提醒：工单%1$s须于%3$s前回访。'
    ELSE '【12345热线】提醒：%2$s承办的工单%1$s将于%3$s到期，请抓紧办理并答复。' END,
    $3::text, coalesce($4, '热线'), pg_catalog.to_char(pg_catalog.timezone($7, $5), 'YYYY-MM-DD HH24:MI'), $6)
$$;
COMMENT ON FUNCTION @extschema@.alarm_text(text, text, @extschema@.order_no, text, timestamptz, integer, text) IS
    'internal: the text of a reminder, hastening or public notice';

--@ function or replace outbox_max_attempts()
