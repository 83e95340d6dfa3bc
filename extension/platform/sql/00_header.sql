-- hotline: a government service hotline (12345) inside PostgreSQL.
-- The install script is concatenated by the Makefile from the pieces of the
-- three layers, each folder in name order: extension/platform/sql/*.sql,
-- extension/domain/sql/*.sql, workflows/*/*.sql (README, Design: Layers).

\echo Use "CREATE EXTENSION hotline" to load this file. \quit

COMMENT ON SCHEMA @extschema@ IS
    'hotline: work orders, working-day calendars, deadlines and supervision of a government service hotline (12345)';

-- Nobody but the owner creates objects in the extension's schema; everyone
-- may look things up in it.  Table privileges are granted one by one below.
REVOKE CREATE ON SCHEMA @extschema@ FROM PUBLIC;
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
