-- The node (节点): which region's hotline this database is (R-1.1).  Set
-- once by the DBA with hotline.set_node (domain/sql/70_scale_out.sql) before the
-- database joins a province by logical replication; until then the node is
-- '000000' (not set).  The ids of the lists a node makes itself (units,
-- topics, citizens, repeat groups) are drawn from its region's range
-- (hotline.node_id_range), and its citizens carry its region, so that two
-- cities' rows never collide in a province's database (README, Design:
-- Keys).  Local to each database: never published.
CREATE TABLE @extschema@.node (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    region      text NOT NULL CHECK (region ~ '^[0-9]{6}$' AND region <> '000000'),
    set_at      timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE @extschema@.node IS
    'the region of this database''s hotline (a city''s or a province''s 6-digit code, GB/T 2260), one row set by hotline.set_node; no row: not set (000000)';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.node', '');
REVOKE ALL ON @extschema@.node FROM PUBLIC;
GRANT SELECT ON @extschema@.node TO PUBLIC;

-- (C, rows.c: the row by its key, without a statement; the intake's citizen
-- look-up and every new citizen's default call it, issue 9)
CREATE FUNCTION @extschema@.node_region() RETURNS text
AS 'MODULE_PATHNAME', 'hotline_node_region'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.node_region() IS
    'the region of this database''s hotline (hotline.node), ''000000'' until hotline.set_node sets it';
