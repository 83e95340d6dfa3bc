-- The extension as a catalog sees it, one object per line, in a stable
-- order: what an updated database and a new one must have alike (the
-- upgrade test, test/run.sh, diffs the two).  Run with psql -X -A -t.
-- Every member of the extension, its definition, its privileges and
-- comments, and the built-in rows of its tables; never users' rows.
SET client_min_messages = warning;
SET search_path = pg_catalog;
SET TimeZone = 'UTC';
SET extra_float_digits = 0;

WITH member AS (
    SELECT d.classid, d.objid, d.objsubid
    FROM pg_depend d
    WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
      AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'hotline')
)
SELECT line FROM (
    -- every member by its description
    SELECT 'member ' || pg_describe_object(classid, objid, objsubid) AS line FROM member
    UNION ALL
    -- columns, in their order
    SELECT format('column %s %s %s %s%s%s', c.oid::regclass, a.attnum, a.attname,
                  format_type(a.atttypid, a.atttypmod),
                  CASE WHEN a.attnotnull THEN ' not null' ELSE '' END,
                  coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), '') ||
                  CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END ||
                  CASE WHEN a.attgenerated <> '' THEN ' generated' ELSE '' END)
    FROM member m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
    UNION ALL
    -- tables' privileges, options, row security
    SELECT format('relation %s kind %s acl %s options %s rls %s/%s', c.oid::regclass, c.relkind,
                  c.relacl, c.reloptions, c.relrowsecurity, c.relforcerowsecurity)
    FROM member m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
    UNION ALL
    SELECT format('column acl %s.%s %s', c.oid::regclass, a.attname, a.attacl)
    FROM member m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attacl IS NOT NULL
    UNION ALL
    SELECT format('constraint %s %s %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
    FROM pg_constraint c JOIN member m ON m.classid = 'pg_class'::regclass AND m.objid = c.conrelid
    UNION ALL
    SELECT format('index %s', pg_get_indexdef(i.indexrelid))
    FROM pg_index i JOIN member m ON m.classid = 'pg_class'::regclass AND m.objid = i.indrelid
    UNION ALL
    SELECT format('trigger %s %s', t.tgname, pg_get_triggerdef(t.oid))
    FROM pg_trigger t JOIN member m ON m.classid = 'pg_class'::regclass AND m.objid = t.tgrelid
    WHERE NOT t.tgisinternal
    UNION ALL
    SELECT format('policy %s %s %s %s %s %s', p.polrelid::regclass, p.polname, p.polcmd, p.polroles::regrole[],
                  pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))
    FROM pg_policy p JOIN member m ON m.classid = 'pg_class'::regclass AND m.objid = p.polrelid
    UNION ALL
    SELECT format('view %s %s', c.oid::regclass, pg_get_viewdef(c.oid))
    FROM member m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
    WHERE c.relkind IN ('v', 'm')
    UNION ALL
    SELECT format('sequence %s %s %s %s %s %s', s.seqrelid::regclass, format_type(s.seqtypid, NULL),
                  s.seqstart, s.seqincrement, s.seqmax, s.seqcycle)
    FROM pg_sequence s JOIN member m ON m.classid = 'pg_class'::regclass AND m.objid = s.seqrelid
    UNION ALL
    -- functions: the whole definition, privileges
    SELECT format('function %s acl %s %s', p.oid::regprocedure, p.proacl,
                  CASE WHEN p.prokind IN ('f', 'p', 'w') THEN pg_get_functiondef(p.oid) ELSE p.prokind::text END)
    FROM member m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
    UNION ALL
    SELECT format('enum %s %s %s', e.enumtypid::regtype, e.enumsortorder, e.enumlabel)
    FROM pg_enum e JOIN member m ON m.classid = 'pg_type'::regclass AND m.objid = e.enumtypid
    UNION ALL
    SELECT format('type %s acl %s', t.oid::regtype, t.typacl)
    FROM member m JOIN pg_type t ON m.classid = 'pg_type'::regclass AND t.oid = m.objid
    UNION ALL
    SELECT format('comment %s: %s', pg_describe_object(m.classid, m.objid, m.objsubid), d.description)
    FROM member m JOIN pg_description d ON d.classoid = m.classid AND d.objoid = m.objid
    UNION ALL
    SELECT format('column comment %s.%s: %s', c.oid::regclass, a.attname, d.description)
    FROM member m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
    JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid > 0
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
    UNION ALL
    SELECT format('schema acl %s %s', n.nspname, n.nspacl) FROM pg_namespace n WHERE n.nspname = 'hotline'
    UNION ALL
    SELECT format('dump %s %s', u.c::regclass, u.w)
    FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS u(c, w) WHERE e.extname = 'hotline'
    UNION ALL
    SELECT format('event trigger %s %s %s %s', t.evtname, t.evtevent, t.evtfoid::regproc, t.evttags)
    FROM member m JOIN pg_event_trigger t ON m.classid = 'pg_event_trigger'::regclass AND t.oid = m.objid
) x
ORDER BY line COLLATE "C";

-- Built-in rows: of every table with a builtin column, and of the tables
-- keyed by a built-in workflow (but the times they were loaded at)
DO $$
DECLARE
    t record;
    n bigint;
    digest text;
BEGIN
    FOR t IN
        SELECT c.oid::regclass AS rel,
               EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'builtin'
                       AND NOT a.attisdropped) AS has_builtin,
               EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'workflow'
                       AND NOT a.attisdropped) AS has_workflow
        FROM pg_class c
        WHERE c.relnamespace = 'hotline'::regnamespace AND c.relkind = 'r'
        ORDER BY c.relname COLLATE "C"
    LOOP
        IF t.has_builtin THEN
            EXECUTE format('SELECT count(*), md5(string_agg(r::text, E''\n'' ORDER BY r::text COLLATE "C")) '
                           'FROM %s x, LATERAL (SELECT to_jsonb(x) - ''{loaded_at,created_at,updated_at}''::text[]) AS j(r) '
                           'WHERE builtin', t.rel) INTO n, digest;
        ELSIF t.has_workflow AND t.rel::text <> 'hotline.work_order' THEN
            EXECUTE format('SELECT count(*), md5(string_agg(r::text, E''\n'' ORDER BY r::text COLLATE "C")) '
                           'FROM %s x, LATERAL (SELECT to_jsonb(x) - ''{loaded_at,created_at,updated_at}''::text[]) AS j(r) '
                           'WHERE workflow IN (SELECT name FROM hotline.workflow WHERE builtin)',
                           t.rel) INTO n, digest;
        ELSE
            CONTINUE;
        END IF;
        RAISE WARNING 'built-in rows % % %', t.rel, n, digest;
    END LOOP;
END $$;
