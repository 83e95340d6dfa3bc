-- Issue 8: an action says what it did to what it acted on (95_engine.sql):
-- the new state of the assignment or order, and the order's.
CREATE TYPE @extschema@.action_result AS (state text, order_state text);
COMMENT ON TYPE @extschema@.action_result IS
    'the result of a workflow action: the new state of what it acted on (an assignment or the order) and the order''s state';

--@ function apply_action_result(order_no @extschema@.order_no, action text, actor text, actor_role text, params jsonb DEFAULT '{}', assignment_id bigint DEFAULT NULL)
REVOKE ALL ON FUNCTION @extschema@.apply_action_result(@extschema@.order_no, text, text, text, jsonb, bigint) FROM PUBLIC;
-- an action on a unit's assignment named by the unit's code (issue 9: the
-- engine finds it while it locks; the named functions below use it)
--@ function apply_unit_action(order_no @extschema@.order_no, action text, actor text, actor_role text, params jsonb, unit text)
REVOKE ALL ON FUNCTION @extschema@.apply_unit_action(@extschema@.order_no, text, text, text, jsonb, text) FROM PUBLIC;

-- the 12345 workflow's actions on an assignment return what they did to it
-- and to the order (workflows/12345_appeal/12345_appeal.sql): their result type changes
DROP FUNCTION @extschema@.sign_for(@extschema@.order_no, text, text, text);
DROP FUNCTION @extschema@.return_order(@extschema@.order_no, text, text, text, text);
DROP FUNCTION @extschema@.request_extension(@extschema@.order_no, text, text, timestamptz, text, text);
DROP FUNCTION @extschema@.decide_extension(@extschema@.order_no, text, boolean, timestamptz, text, text, text);
DROP FUNCTION @extschema@.pass_down(@extschema@.order_no, text, text[], text, text, text);
DROP FUNCTION @extschema@.reply(@extschema@.order_no, text, text, boolean, text, text, text);
DROP FUNCTION @extschema@.withdraw(@extschema@.order_no, text, text, text, text);

--@ function sign_for(order_no @extschema@.order_no, unit text, actor text DEFAULT current_user, actor_role text DEFAULT 'unit')

--@ function return_order(order_no @extschema@.order_no, unit text, reason text, actor text DEFAULT current_user, actor_role text DEFAULT 'unit')

--@ function request_extension(order_no @extschema@.order_no, unit text, reason text, requested_deadline timestamptz DEFAULT NULL, actor text DEFAULT current_user, actor_role text DEFAULT 'unit')

--@ function decide_extension(order_no @extschema@.order_no, unit text, approve boolean, new_deadline timestamptz DEFAULT NULL, reason text DEFAULT NULL, actor text DEFAULT current_user, actor_role text DEFAULT 'dispatcher')

--@ function pass_down(order_no @extschema@.order_no, unit text, sub_units text[], opinion text DEFAULT NULL, actor text DEFAULT current_user, actor_role text DEFAULT 'unit')

--@ function reply(order_no @extschema@.order_no, unit text, result text, contacted boolean, contact_method text DEFAULT NULL, actor text DEFAULT current_user, actor_role text DEFAULT 'unit', contacted_at timestamptz DEFAULT NULL, knowledge_articles text[] DEFAULT NULL)

--@ function withdraw(order_no @extschema@.order_no, unit text, reason text, actor text DEFAULT current_user, actor_role text DEFAULT 'dispatcher')

-- No EXECUTE for PUBLIC until the roles of R-11 exist (as before the update).
REVOKE ALL ON FUNCTION
    @extschema@.sign_for(@extschema@.order_no, text, text, text),
    @extschema@.return_order(@extschema@.order_no, text, text, text, text),
    @extschema@.request_extension(@extschema@.order_no, text, text, timestamptz, text, text),
    @extschema@.decide_extension(@extschema@.order_no, text, boolean, timestamptz, text, text, text),
    @extschema@.pass_down(@extschema@.order_no, text, text[], text, text, text),
    @extschema@.reply(@extschema@.order_no, text, text, boolean, text, text, text, timestamptz, text[]),
    @extschema@.withdraw(@extschema@.order_no, text, text, text, text)
FROM PUBLIC;
