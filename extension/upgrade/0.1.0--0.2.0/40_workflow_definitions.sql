-- Issue 8: workflow definitions are checked when they enter the database
-- (80_workflow.sql, workflow_check.c): the full shape of every effect, a
-- hook's signature, the role a hook runs as and its right to execute it,
-- and no hook's function can be dropped while a workflow uses it.

--@ function workflow_effects_valid(workflow text, action text, scope text, effects jsonb)

-- the new CHECK validates every stored definition: an action of another
-- shape stops the update with an error naming it (it would have crashed
-- the engine): register it again in the documented shape, then update
ALTER TABLE @extschema@.workflow_action DROP CONSTRAINT workflow_action_effects_check;
-- (NOT VALID here: 82_engine_generic.sql brings the effects of assign and
-- pass_down to today's shape first, then validates it)
ALTER TABLE @extschema@.workflow_action ADD CONSTRAINT workflow_action_effects_check
    CHECK (@extschema@.workflow_effects_valid(workflow, action, scope, effects)) NOT VALID;

ALTER TABLE @extschema@.workflow_hook ADD COLUMN owner regrole NOT NULL DEFAULT CURRENT_USER::regrole;
-- the hook's function by its identity in text: pg_upgrade refuses a
-- regprocedure column (function OIDs are not kept), pg_dump keeps the text
ALTER TABLE @extschema@.workflow_hook ALTER COLUMN function TYPE text
    USING coalesce((pg_catalog.pg_identify_object('pg_catalog.pg_proc'::pg_catalog.regclass, function, 0)).identity,
                   function::text);
COMMENT ON COLUMN @extschema@.workflow_hook.function IS
    'the hook''s function, schema-qualified with its argument types as pg_identify_object names it (written in any form regprocedure reads; text, not regprocedure, so that pg_dump and pg_upgrade keep it)';
COMMENT ON COLUMN @extschema@.workflow_hook.owner IS
    'the role the hook runs as: the role that registered it, which must be allowed to execute it (never the extension''s owner)';

--@ function workflow_hook_check()
CREATE TRIGGER workflow_hook_check BEFORE INSERT OR UPDATE ON @extschema@.workflow_hook
    FOR EACH ROW EXECUTE FUNCTION @extschema@.workflow_hook_check();

-- 0.1.0 did not record who registered a hook: the hooks of users'
-- workflows run as the owner of their function from now on (the update
-- checks each one's signature on the way); built-in ones as the extension's
-- owner, as in a new installation
UPDATE @extschema@.workflow_hook h SET owner = p.proowner::regrole
FROM pg_catalog.pg_proc p
WHERE p.oid = pg_catalog.to_regprocedure(h.function)
  AND h.workflow IN (SELECT w.name FROM @extschema@.workflow w WHERE NOT w.builtin);
-- A hook whose function a superuser owns would keep running as a superuser,
-- as every hook did in 0.1.0; but 0.1.0 did not record who registered it,
-- and a workflow administrator could have registered a superuser's function
-- (or made its own one a superuser's through a hook): the update stops and
-- names them, rather than carry a superuser's rights over to them.
DO $$
DECLARE
    found text;
BEGIN
    SELECT string_agg(format('%s (action "%s" of workflow "%s")', w.function, w.action, w.workflow), ', '
                      ORDER BY w.workflow, w.action, w.function)
    INTO found
    FROM @extschema@.workflow_hook w
    JOIN pg_catalog.pg_roles r ON r.oid = w.owner
    WHERE r.rolsuper
      AND w.workflow IN (SELECT x.name FROM @extschema@.workflow x WHERE NOT x.builtin);
    IF found IS NOT NULL THEN
        RAISE EXCEPTION 'hooks of users'' workflows whose functions a superuser owns: %', found
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'From 0.2.0 a hook runs as the role that registered it; 0.1.0 did not record that role, and a hook owned by a superuser would run with a superuser''s rights.',
                  HINT = 'Before updating, drop these hooks (DELETE FROM hotline.workflow_hook WHERE ...) or give their functions to the roles that should run them (ALTER FUNCTION ... OWNER TO ...); after the update register the workflows again as those roles.';
    END IF;
END $$;

--@ function workflow_hook_drop()
CREATE EVENT TRIGGER hotline_workflow_hook_drop ON sql_drop
    WHEN TAG IN ('DROP FUNCTION', 'DROP ROUTINE', 'DROP SCHEMA', 'DROP OWNED', 'DROP EXTENSION')
    EXECUTE FUNCTION @extschema@.workflow_hook_drop();

--@ function or replace register_workflow(definition jsonb)

-- the states, actions and hooks of a built-in workflow are read-only too
-- (they have no builtin column: their workflow's flag decides)
--@ function protect_builtin_workflow()
CREATE TRIGGER workflow_state_builtin BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.workflow_state
    FOR EACH ROW EXECUTE FUNCTION @extschema@.protect_builtin_workflow();
CREATE TRIGGER workflow_action_builtin BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.workflow_action
    FOR EACH ROW EXECUTE FUNCTION @extschema@.protect_builtin_workflow();
CREATE TRIGGER workflow_hook_builtin BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.workflow_hook
    FOR EACH ROW EXECUTE FUNCTION @extschema@.protect_builtin_workflow();
