-- ---------------------------------------------------------------------------
-- The assessment of handling units (R-9.3; issue 11): what it is built on.
-- A unit's figures include its sub-units', at any depth (hotline.unit_tree),
-- and the composite score weighs the rates by weights that are data
-- (hotline.assessment_weight; Beijing's practice: response 10, resolution
-- 45, satisfaction 45).
-- ---------------------------------------------------------------------------

-- Every unit under each unit, itself included (depth 0), at any depth; a
-- cycle of parents (bad data) is walked once.
CREATE VIEW @extschema@.unit_tree AS
WITH RECURSIVE tree (ancestor_id, unit_id, depth) AS (
    SELECT u.id, u.id, 0 FROM @extschema@.unit u
    UNION ALL
    SELECT t.ancestor_id, c.id, t.depth OPERATOR(pg_catalog.+) 1
    FROM tree t JOIN @extschema@.unit c ON c.parent_id = t.unit_id
) CYCLE unit_id SET is_cycle USING path
SELECT t.ancestor_id, a.code AS ancestor_code, t.unit_id, u.code AS unit_code, t.depth
FROM tree t
JOIN @extschema@.unit a ON a.id = t.ancestor_id
JOIN @extschema@.unit u ON u.id = t.unit_id
WHERE NOT t.is_cycle;
COMMENT ON VIEW @extschema@.unit_tree IS
    'every unit under each unit (ancestor), itself included at depth 0, at any depth (a cycle of parents walked once): a unit''s figures include its sub-units'' (R-9.3)';

-- The weights of the composite score: each rate times its weight, summed,
-- over the sum of the weights (a weight of 0 leaves a rate out).
CREATE TABLE @extschema@.assessment_weight (
    measure     text PRIMARY KEY CHECK (measure IN ('response', 'resolution', 'satisfaction', 'on_time', 'closure')),
    weight      numeric NOT NULL CHECK (weight >= 0),
    builtin     boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE @extschema@.assessment_weight IS
    'the weights of the assessment''s composite score (R-9.3): score = sum(rate x weight) / sum(weight) over the measures response, resolution, satisfaction, on_time, closure; the built-in ones are Beijing''s 10/45/45 (response, resolution, satisfaction)';
INSERT INTO @extschema@.assessment_weight (measure, weight, builtin) VALUES
    ('response', 10, true), ('resolution', 45, true), ('satisfaction', 45, true);
SELECT pg_catalog.pg_extension_config_dump('@extschema@.assessment_weight', 'WHERE NOT builtin');
REVOKE ALL ON @extschema@.assessment_weight FROM PUBLIC;
