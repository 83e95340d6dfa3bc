-- hotline: the names the built-in 12345 workflow declares and that neither
-- the platform nor the hotline domain defines themselves (test/layers/check.pl
-- looks for them below the plugin).  One name per line.
WITH plugin AS (
    SELECT workflow FROM hotline.workflow_action WHERE workflow = 'appeal_12345' LIMIT 1
), declared(name) AS (
    SELECT s.state FROM hotline.workflow_state s, plugin p WHERE s.workflow = p.workflow
    UNION SELECT a.action FROM hotline.workflow_action a, plugin p WHERE a.workflow = p.workflow
    UNION SELECT unnest(a.roles) FROM hotline.workflow_action a, plugin p WHERE a.workflow = p.workflow
    UNION SELECT unnest(a.required_params) FROM hotline.workflow_action a, plugin p WHERE a.workflow = p.workflow
    UNION SELECT s.setting FROM hotline.workflow_setting s, plugin p WHERE s.workflow = p.workflow
    UNION SELECT e.rule FROM hotline.workflow_escalation e, plugin p WHERE e.workflow = p.workflow
    -- what its actions' effects name: unit parameters, assignment roles, states
    UNION SELECT pg_catalog.jsonb_path_query(a.effects, 'strict $.** ? (@.type() == "string")') #>> '{}'
          FROM hotline.workflow_action a, plugin p WHERE a.workflow = p.workflow
    UNION SELECT pg_catalog.jsonb_path_query(a.effects, 'strict $.** ? (@.type() == "object").keyvalue().key') #>> '{}'
          FROM hotline.workflow_action a, plugin p WHERE a.workflow = p.workflow
), own(name) AS (
    -- the columns of the extension's own tables (the domain's and the
    -- platform's), and the platform's vocabulary: effect keys, escalation
    -- kinds, the pseudo-state of a new order
    SELECT a.attname::text FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = 'hotline'::regnamespace AND c.relkind IN ('r', 'v', 'p') AND a.attnum > 0
    UNION SELECT unnest(ARRAY['new', 'reason', 'assign', 'pass_down', 'set_due', 'stamp', 'close_assignment',
                              'reopen_assignments', 'order_state', 'order_state_when_all', 'close_order',
                              'archive_order', 'merge_into', 'extend_due',
                              'remind', 'hasten', 'emergency', 'repeat_person', 'repeat_matter', 'bad_handling',
                              'system',
                              -- the keys of the effects' shapes (workflow_check.c)
                              'column', 'deadline', 'state', 'from_states', 'assignment_states',
                              'ignore_states', 'sign_deadline', 'reply_deadline'])
)
SELECT name FROM declared EXCEPT SELECT name FROM own ORDER BY 1;
