-- Issue 8: an action says what it did to what it acted on (95_engine.sql):
-- the new state of the assignment or order, and the order's.
CREATE TYPE @extschema@.action_result AS (state text, order_state text);
COMMENT ON TYPE @extschema@.action_result IS
    'the result of a workflow action: the new state of what it acted on (an assignment or the order) and the order''s state';

CREATE FUNCTION @extschema@.apply_action_result(order_no @extschema@.order_no, action text, actor text,
                                                actor_role text, params jsonb DEFAULT '{}',
                                                assignment_id bigint DEFAULT NULL)
RETURNS @extschema@.action_result
AS 'MODULE_PATHNAME', 'hotline_apply_action'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp;
COMMENT ON FUNCTION @extschema@.apply_action_result(@extschema@.order_no, text, text, text, jsonb, bigint) IS
    'hotline.apply_action, returning the new state of what the action acted on (the assignment, or the order) and the order''s state';
REVOKE ALL ON FUNCTION @extschema@.apply_action_result(@extschema@.order_no, text, text, text, jsonb, bigint) FROM PUBLIC;

-- the 12345 workflow's actions on an assignment return what they did to it
-- and to the order (workflows/12345_appeal.sql): their result type changes
DROP FUNCTION @extschema@.sign_for(@extschema@.order_no, text, text, text);
DROP FUNCTION @extschema@.return_order(@extschema@.order_no, text, text, text, text);
DROP FUNCTION @extschema@.request_extension(@extschema@.order_no, text, text, timestamptz, text, text);
DROP FUNCTION @extschema@.decide_extension(@extschema@.order_no, text, boolean, timestamptz, text, text, text);
DROP FUNCTION @extschema@.pass_down(@extschema@.order_no, text, text[], text, text, text);
DROP FUNCTION @extschema@.reply(@extschema@.order_no, text, text, boolean, text, text, text);
DROP FUNCTION @extschema@.withdraw(@extschema@.order_no, text, text, text, text);

CREATE FUNCTION @extschema@.sign_for(
    order_no    @extschema@.order_no,
    unit        text,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'unit')
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action_result(sign_for.order_no, 'sign_for', sign_for.actor, sign_for.actor_role, '{}',
    @extschema@.assignment_of(sign_for.order_no, sign_for.unit))
$$;
COMMENT ON FUNCTION @extschema@.sign_for(@extschema@.order_no, text, text, text) IS
    '签收: the unit (by code) signs for its assignment of the order (R-4.7)';

CREATE FUNCTION @extschema@.return_order(
    order_no    @extschema@.order_no,
    unit        text,
    reason      text,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'unit')
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action_result(return_order.order_no, 'return_order', return_order.actor, return_order.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('reason', return_order.reason)),
    @extschema@.assignment_of(return_order.order_no, return_order.unit))
$$;
COMMENT ON FUNCTION @extschema@.return_order(@extschema@.order_no, text, text, text, text) IS
    '退单: the unit returns the order as not theirs, with a reason; it goes back to the hotline for re-dispatch (R-4.7)';

CREATE FUNCTION @extschema@.request_extension(
    order_no            @extschema@.order_no,
    unit                text,
    reason              text,
    requested_deadline  timestamptz DEFAULT NULL,
    actor               text DEFAULT current_user,
    actor_role          text DEFAULT 'unit')
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action_result(request_extension.order_no, 'request_extension',
    request_extension.actor, request_extension.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'reason', request_extension.reason, 'requested_deadline', request_extension.requested_deadline)),
    @extschema@.assignment_of(request_extension.order_no, request_extension.unit))
$$;
COMMENT ON FUNCTION @extschema@.request_extension(@extschema@.order_no, text, text, timestamptz, text, text) IS
    '延期申请: before its deadline the unit asks for more time, with a reason and optionally the deadline it wants (R-4.8)';

CREATE FUNCTION @extschema@.decide_extension(
    order_no        @extschema@.order_no,
    unit            text,
    approve         boolean,
    new_deadline    timestamptz DEFAULT NULL,
    reason          text DEFAULT NULL,
    actor           text DEFAULT current_user,
    actor_role      text DEFAULT 'dispatcher')
RETURNS @extschema@.action_result
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF decide_extension.approve IS NULL THEN
        RAISE EXCEPTION 'approve of hotline.decide_extension must be true or false, not null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass approve => true with new_deadline => a later time, or approve => false with reason => ''...'' (R-4.8).';
    END IF;
    RETURN @extschema@.apply_action_result(decide_extension.order_no,
        CASE WHEN decide_extension.approve THEN 'approve_extension' ELSE 'refuse_extension' END,
        decide_extension.actor, decide_extension.actor_role,
        pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'new_deadline', decide_extension.new_deadline, 'reason', decide_extension.reason)),
        @extschema@.assignment_of(decide_extension.order_no, decide_extension.unit));
END $$;
COMMENT ON FUNCTION @extschema@.decide_extension(@extschema@.order_no, text, boolean, timestamptz, text, text, text) IS
    '延期审批: the hotline approves a unit''s extension request with a new, later deadline, or refuses it with a reason (R-4.8)';

CREATE FUNCTION @extschema@.pass_down(
    order_no    @extschema@.order_no,
    unit        text,
    sub_units   text[],
    opinion     text DEFAULT NULL,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'unit')
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action_result(pass_down.order_no, 'pass_down', pass_down.actor, pass_down.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'sub_units', pass_down.sub_units, 'opinion', pass_down.opinion)),
    @extschema@.assignment_of(pass_down.order_no, pass_down.unit))
$$;
COMMENT ON FUNCTION @extschema@.pass_down(@extschema@.order_no, text, text[], text, text, text) IS
    '下派: a unit passes its assignment down to its sub-units (by code); it replies after reviewing their replies (R-4.5)';

CREATE FUNCTION @extschema@.reply(
    order_no        @extschema@.order_no,
    unit            text,
    result          text,
    contacted       boolean,
    contact_method  text DEFAULT NULL,
    actor           text DEFAULT current_user,
    actor_role      text DEFAULT 'unit')
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action_result(reply.order_no, 'reply', reply.actor, reply.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'result', reply.result, 'contacted', reply.contacted, 'contact_method', reply.contact_method)),
    @extschema@.assignment_of(reply.order_no, reply.unit))
$$;
COMMENT ON FUNCTION @extschema@.reply(@extschema@.order_no, text, text, boolean, text, text, text) IS
    '答复: the unit records its result, whether and how it contacted the citizen; when every unit has replied the order goes to review (R-6.1, R-6.2)';

CREATE FUNCTION @extschema@.withdraw(
    order_no    @extschema@.order_no,
    unit        text,
    reason      text,
    actor       text DEFAULT current_user,
    actor_role  text DEFAULT 'dispatcher')
RETURNS @extschema@.action_result
LANGUAGE sql VOLATILE AS $$
SELECT @extschema@.apply_action_result(withdraw.order_no, 'withdraw', withdraw.actor, withdraw.actor_role,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('reason', withdraw.reason)),
    @extschema@.assignment_of(withdraw.order_no, withdraw.unit))
$$;
COMMENT ON FUNCTION @extschema@.withdraw(@extschema@.order_no, text, text, text, text) IS
    '撤回: the hotline withdraws an assisting unit that is no longer needed, with a reason (R-4.4)';

-- No EXECUTE for PUBLIC until the roles of R-11 exist (as before the update).
REVOKE ALL ON FUNCTION
    @extschema@.sign_for(@extschema@.order_no, text, text, text),
    @extschema@.return_order(@extschema@.order_no, text, text, text, text),
    @extschema@.request_extension(@extschema@.order_no, text, text, timestamptz, text, text),
    @extschema@.decide_extension(@extschema@.order_no, text, boolean, timestamptz, text, text, text),
    @extschema@.pass_down(@extschema@.order_no, text, text[], text, text, text),
    @extschema@.reply(@extschema@.order_no, text, text, boolean, text, text, text),
    @extschema@.withdraw(@extschema@.order_no, text, text, text, text)
FROM PUBLIC;
