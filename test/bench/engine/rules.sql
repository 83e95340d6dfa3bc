-- Engine benchmark: the 12345 workflow's escalation rules for a mode, psql
-- variable mode: lifecycle (rows of our own that switch the built-in rules
-- off) or chasing (the built-in rules).  Run by test/bench/engine.sh and
-- test/bench/instructions.sh before each mode.
DELETE FROM hotline.workflow_escalation WHERE workflow = 'appeal_12345' AND NOT builtin;
INSERT INTO hotline.workflow_escalation (workflow, rule, kind, due, states, share, before, every,
        notice_after, on_actions, settings, channel, template, enabled, description)
SELECT workflow, rule, kind, due, states, share, before, every, notice_after, on_actions,
       settings, channel, template, false, description
FROM hotline.workflow_escalation
WHERE workflow = 'appeal_12345' AND builtin AND :'mode' = 'lifecycle';
