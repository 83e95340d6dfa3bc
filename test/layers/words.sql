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
    -- what the platform and the domain define themselves, in their own
    -- sense, even where the plugin uses the same word:
    -- the columns of the extension's tables
    SELECT a.attname::text FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = 'hotline'::regnamespace AND c.relkind IN ('r', 'v', 'p') AND a.attnum > 0
    -- the domain's lists: supervision reasons and methods, job names
    UNION SELECT r.reason FROM hotline.supervision_reason r WHERE r.builtin
    UNION SELECT m.method FROM hotline.supervision_method m WHERE m.builtin
    UNION SELECT j.name FROM hotline.job j WHERE j.builtin
    UNION SELECT unnest(ARRAY[
        -- the engine's vocabulary: the pseudo-state of a new order, the
        -- effects and the keys of their shapes (workflow_check.c), the
        -- parameters generic effects read (merge_into: into, extend_due:
        -- new_deadline), the reason every action may carry
        'new', 'reason', 'assign', 'pass_down', 'set_due', 'stamp', 'close_assignment',
        'reopen_assignments', 'order_state', 'order_state_when_all', 'close_order',
        'archive_order', 'merge_into', 'extend_due', 'column', 'deadline', 'state', 'from_states',
        'assignment_states', 'ignore_states', 'sign_deadline', 'reply_deadline', 'units', 'param',
        'role', 'single', 'columns', 'inherit', 'clear', 'into', 'new_deadline',
        -- escalation kinds, and the settings the domain's jobs and
        -- messages read from any workflow
        'remind', 'hasten', 'emergency', 'repeat_person', 'repeat_matter', 'bad_handling',
        'callback_sampling', 'archiving', 'assessment', 'search', 'language', 'source_hotline',
        -- the domain's own actors and words: the role of supervision's
        -- events, the system, an order closed (closed_at) or archived
        -- (archived_at) whatever its workflow calls the state
        'supervisor', 'system', 'closed', 'archived'])
)
SELECT name FROM declared EXCEPT SELECT name FROM own ORDER BY 1;
