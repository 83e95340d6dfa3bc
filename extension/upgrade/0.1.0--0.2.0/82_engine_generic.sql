-- The engine without 12345 knowledge (issue 9): workflow options, units and
-- copied columns declared by assign and pass_down, time limits keyed by
-- conditions, and the hotline's intake returning the order's row.

-- workflow options (80_workflow.sql)
--@ function workflow_options_valid(workflow text, options jsonb)
ALTER TABLE @extschema@.workflow ADD COLUMN options jsonb NOT NULL DEFAULT '{}',
    ADD CONSTRAINT workflow_options_check CHECK (@extschema@.workflow_options_valid(name, options));
COMMENT ON COLUMN @extschema@.workflow.options IS
    'rules of the process the engine applies (README, Workflow options): one_open_role, exclude_unit';

--@ function effects_from_0_1(effects jsonb)

--@ function options_from_0_1()

-- Definitions stored in the 0.1.0 shape (the built-in appeal_12345's and a
-- user's): assign and pass_down name their units and copied columns, and a
-- workflow with assignments gets the options of 0.1.0's built-in rules;
-- then the CHECK of the effects (added NOT VALID in 40) holds for all
UPDATE @extschema@.workflow_action SET effects = @extschema@.effects_from_0_1(effects)
WHERE effects ?| ARRAY['assign', 'pass_down', 'reopen_assignments'] AND effects <> @extschema@.effects_from_0_1(effects);
UPDATE @extschema@.workflow w SET options = @extschema@.options_from_0_1()
WHERE w.options = '{}'
  AND EXISTS (SELECT 1 FROM @extschema@.workflow_action a WHERE a.workflow = w.name AND a.effects ? 'assign');
ALTER TABLE @extschema@.workflow_action VALIDATE CONSTRAINT workflow_action_effects_check;

-- an assignment's role is the workflow's (its assign and pass_down
-- effects name them), and a workflow without dispatch modes has none
ALTER TABLE @extschema@.assignment DROP CONSTRAINT assignment_role_check,
    ADD CONSTRAINT assignment_role_check CHECK (role ~ '^[a-z][a-z0-9_]*$'),
    ALTER COLUMN dispatch_mode DROP NOT NULL;
COMMENT ON COLUMN @extschema@.assignment.role IS
    'the role the workflow''s assign or pass_down effect gives the unit; in 12345: lead (牵头) or assisting (协办) unit of a dispatch (R-4.4), or sub: a sub-unit the parent assignment''s unit passed the order down to (R-4.5)';

-- the default source hotline is the 12345 workflow's setting
INSERT INTO @extschema@.workflow_setting (workflow, setting, value, builtin, description)
SELECT 'appeal_12345', 'source_hotline', '"12345"', true,
       $txt$来源热线: the hotline an order came through when the intake names none (12345 itself; a merged line such as 12315 is passed as source_hotline)$txt$
WHERE EXISTS (SELECT 1 FROM @extschema@.workflow w WHERE w.name = 'appeal_12345' AND w.builtin);

-- Time limits keyed by conditions instead of dispatch mode, urgency and
-- appeal type (the hotline's enums in a platform table): the table is made
-- again, so that its columns are those of a new install; every row is kept
-- with its keys as conditions
ALTER TABLE @extschema@.workflow_limit RENAME TO workflow_limit_0_1;
ALTER TABLE @extschema@.workflow_limit_0_1 RENAME CONSTRAINT workflow_limit_deadline_check TO workflow_limit_0_1_deadline_check;
ALTER TABLE @extschema@.workflow_limit_0_1 RENAME CONSTRAINT workflow_limit_workflow_fkey TO workflow_limit_0_1_workflow_fkey;
CREATE TABLE @extschema@.workflow_limit (
    workflow        text NOT NULL REFERENCES @extschema@.workflow (name) ON DELETE CASCADE,
    deadline        text NOT NULL CHECK (deadline ~ '^[a-z][a-z0-9_]*$'),
    time_limit      @extschema@.time_limit NOT NULL,
    builtin         boolean NOT NULL DEFAULT false,
    conditions      jsonb NOT NULL DEFAULT '{}' CHECK (pg_catalog.jsonb_typeof(conditions) = 'object'),
    UNIQUE (workflow, deadline, conditions, builtin)
);
COMMENT ON TABLE @extschema@.workflow_limit IS
    'time limits of a workflow (R-4.3), per deadline (dispatch, sign, reply, callback ...) and conditions; the row whose conditions match with the most keys wins, and a row of your own wins over a built-in one';
COMMENT ON COLUMN @extschema@.workflow_limit.builtin IS
    'shipped with a built-in workflow; read-only: add a row of your own with the same keys to change the limit';
COMMENT ON COLUMN @extschema@.workflow_limit.conditions IS
    'attribute -> value, all of which must hold: matched against the action''s parameters over the assignment (for an assignment''s deadline) over the order row, e.g. {"dispatch_mode": "phone", "urgency": "urgent"}; {} matches anything';
INSERT INTO @extschema@.workflow_limit (workflow, deadline, time_limit, builtin, conditions)
SELECT l.workflow, l.deadline, l.time_limit, l.builtin,
       jsonb_strip_nulls(jsonb_build_object('dispatch_mode', l.dispatch_mode, 'urgency', l.urgency,
                                            'appeal_type', l.appeal_type))
FROM @extschema@.workflow_limit_0_1 l;
-- out of the extension first: that takes it off the tables pg_dump dumps
ALTER EXTENSION hotline DROP TABLE @extschema@.workflow_limit_0_1;
DROP TABLE @extschema@.workflow_limit_0_1;
CREATE TRIGGER workflow_limit_protect BEFORE UPDATE OR DELETE ON @extschema@.workflow_limit
    FOR EACH ROW WHEN (OLD.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
CREATE TRIGGER workflow_limit_builtin BEFORE INSERT OR UPDATE ON @extschema@.workflow_limit
    FOR EACH ROW WHEN (NEW.builtin) EXECUTE FUNCTION @extschema@.protect_builtin();
-- the engine caches the limits too (engine.c)
CREATE TRIGGER workflow_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON @extschema@.workflow_limit FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.workflow_invalidate();
SELECT pg_catalog.pg_extension_config_dump('@extschema@.workflow_limit', 'WHERE NOT builtin');
REVOKE ALL ON @extschema@.workflow_limit FROM PUBLIC;
GRANT SELECT ON @extschema@.workflow_limit TO PUBLIC;

DROP FUNCTION @extschema@.workflow_time_limit(text, text, text, @extschema@.urgency, @extschema@.appeal_type);
--@ function workflow_time_limit(workflow text, deadline text, attributes jsonb)

-- the hotline's intake returns the order's row (90_orders.sql)
--@ function order_intake(workflow text, params jsonb)
REVOKE ALL ON FUNCTION @extschema@.order_intake(text, jsonb) FROM PUBLIC;

COMMENT ON FUNCTION @extschema@.open_order(text, text, text, text, jsonb) IS
    'creates a work order by an action that starts from the pseudo-state new (accept, reject, answer); the parameters go through the hotline''s intake (hotline.order_intake), the action''s required parameters are the workflow''s';
COMMENT ON COLUMN @extschema@.workflow_action.effects IS
    'generic engine effects (engine.c): assign, pass_down, set_due, stamp, close_assignment, extend_due, reopen_assignments, order_state, order_state_when_all, close_order, archive_order, merge_into';
