-- 0.1.0 -> 0.2.0, piece 92: the engine's speed (issue 9).
--
-- The alarm triggers skip the computation when the engine writes deadlines
-- that its workflow has no time rules for (hotline.alarms_wanted).
--@ function alarms_wanted(order_no @extschema@.order_no, on_assignments boolean)
-- The triggers are written again, with it, by hotline.alarm_triggers()
-- (piece 94).
DROP TRIGGER assignment_alarms ON @extschema@.assignment;
DROP TRIGGER work_order_alarms ON @extschema@.work_order;

-- The values a key takes in a workflow's limit conditions, from the
-- engine's cache (the 12345 dispatch check asks it for the dispatch modes).
--@ function workflow_limit_values(workflow text, key text)
