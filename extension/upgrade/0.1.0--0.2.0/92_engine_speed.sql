-- 0.1.0 -> 0.2.0, piece 92: the engine's speed (issue 9).
--
-- The alarm triggers skip the computation when the engine writes deadlines
-- that its workflow has no time rules for (hotline.alarms_wanted).
--@ function alarms_wanted(order_no @extschema@.order_no, on_assignments boolean)
DROP TRIGGER assignment_alarms ON @extschema@.assignment;
DROP TRIGGER work_order_alarms ON @extschema@.work_order;
CREATE TRIGGER assignment_alarms AFTER UPDATE OF sign_due, reply_due ON @extschema@.assignment
    FOR EACH ROW WHEN (((OLD.sign_due IS DISTINCT FROM NEW.sign_due AND NEW.sign_due IS NOT NULL)
                        OR (OLD.reply_due IS DISTINCT FROM NEW.reply_due AND NEW.reply_due IS NOT NULL))
                       AND @extschema@.alarms_wanted(NEW.order_no, true))
    EXECUTE FUNCTION @extschema@.alarm_refresh();
CREATE TRIGGER work_order_alarms AFTER UPDATE OF dispatch_due, callback_due ON @extschema@.work_order
    FOR EACH ROW WHEN (((OLD.dispatch_due IS DISTINCT FROM NEW.dispatch_due AND NEW.dispatch_due IS NOT NULL)
                        OR (OLD.callback_due IS DISTINCT FROM NEW.callback_due AND NEW.callback_due IS NOT NULL))
                       AND @extschema@.alarms_wanted(NEW.order_no, false))
    EXECUTE FUNCTION @extschema@.alarm_refresh();
