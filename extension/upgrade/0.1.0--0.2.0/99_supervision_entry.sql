-- Supervision's entry points for people (issue 10): hotline.open_supervision,
-- record_supervision and close_supervision check that the caller is a
-- supervisor and record its login (extension/domain/entry.c), then call
-- their bodies, <name>_as, with the owner's rights.
--@ function open_supervision_as(order_no @extschema@.order_no, reason text, person_in_charge text, method text, note text, assignment_id bigint, rule text, actor text)
REVOKE ALL ON FUNCTION @extschema@.open_supervision_as(@extschema@.order_no, text, text, text, text, bigint, text, text) FROM PUBLIC;
--@ function or replace open_supervision(order_no @extschema@.order_no, reason text, person_in_charge text DEFAULT NULL, method text DEFAULT NULL, note text DEFAULT NULL, assignment_id bigint DEFAULT NULL, rule text DEFAULT NULL, actor text DEFAULT current_user)
--@ function record_supervision_as(supervision_id bigint, note text, method text, actor text)
REVOKE ALL ON FUNCTION @extschema@.record_supervision_as(bigint, text, text, text) FROM PUBLIC;
--@ function or replace record_supervision(supervision_id bigint, note text, method text DEFAULT NULL, actor text DEFAULT current_user)
--@ function close_supervision_as(supervision_id bigint, result text, actor text)
REVOKE ALL ON FUNCTION @extschema@.close_supervision_as(bigint, text, text) FROM PUBLIC;
--@ function or replace close_supervision(supervision_id bigint, result text, actor text DEFAULT current_user)
