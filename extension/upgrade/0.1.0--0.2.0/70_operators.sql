-- Issue 8 (gap 9): the operators of hotline.time_limit and hotline.order_no,
-- and min()/max() of order numbers, move from @extschema@ to pg_catalog
-- (10_time_limit.sql, 60_order_no.sql), so that a reporting tool with the
-- default search_path compares, filters and joins on them with the indexes
-- (R-9.5, R-14.3).  SET SCHEMA keeps every object's OID: the operator
-- classes, indexes, views, constraints and users' own views and indexes go
-- on using the same operators, and their comments stay.  Users' own SQL
-- text that names OPERATOR(hotline.=) must now say OPERATOR(pg_catalog.=)
-- or plain = (README, Installation).

ALTER OPERATOR @extschema@.= (@extschema@.time_limit, @extschema@.time_limit) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<> (@extschema@.time_limit, @extschema@.time_limit) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.< (@extschema@.time_limit, @extschema@.time_limit) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<= (@extschema@.time_limit, @extschema@.time_limit) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.> (@extschema@.time_limit, @extschema@.time_limit) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.>= (@extschema@.time_limit, @extschema@.time_limit) SET SCHEMA pg_catalog;

ALTER OPERATOR @extschema@.= (@extschema@.order_no, @extschema@.order_no) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<> (@extschema@.order_no, @extschema@.order_no) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.< (@extschema@.order_no, @extschema@.order_no) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<= (@extschema@.order_no, @extschema@.order_no) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.> (@extschema@.order_no, @extschema@.order_no) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.>= (@extschema@.order_no, @extschema@.order_no) SET SCHEMA pg_catalog;

ALTER AGGREGATE @extschema@.min(@extschema@.order_no) SET SCHEMA pg_catalog;
ALTER AGGREGATE @extschema@.max(@extschema@.order_no) SET SCHEMA pg_catalog;

-- The extension's functions that named OPERATOR(@extschema@.=) or <> now
-- name OPERATOR(pg_catalog.=) (98_supervision.sql, workflows/12345_appeal/12345_appeal.sql;
-- the text of the install script).  The views supervision_board and
-- merge_candidate keep their parsed operators through SET SCHEMA: nothing
-- to do for them.

-- extension/domain/sql/40_supervision.sql

--@ function or replace supervision_open(order_no @extschema@.order_no, reason text, person_in_charge text, method text, note text, assignment_id bigint, rule text, actor text, group_id bigint)

--@ function or replace supervision_lock(supervision_id bigint, closing boolean, OUT s @extschema@.supervision, OUT state text)

--@ function or replace escalate_emergency(o @extschema@.work_order, r @extschema@.escalation_rule)

--@ function or replace escalate_repeat_person(o @extschema@.work_order, r @extschema@.escalation_rule)

--@ function or replace escalate_repeat_matter(o @extschema@.work_order, r @extschema@.escalation_rule)

--@ function or replace escalate_bad_handling(o @extschema@.work_order, r @extschema@.escalation_rule, assignment_id bigint, action text, params jsonb)

--@ function or replace escalate_on_action(order_no @extschema@.order_no, assignment_id bigint, action text, params jsonb)

-- workflows/12345_appeal/12345_appeal.sql

--@ function or replace appeal_12345_check(order_no @extschema@.order_no, assignment_id bigint, action text, params jsonb)

--@ function or replace appeal_12345_release(order_no @extschema@.order_no, assignment_id bigint, action text, params jsonb)

--@ function or replace assignment_of(order_no @extschema@.order_no, unit text)
