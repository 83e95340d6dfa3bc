-- hotline: a government service hotline (12345) inside PostgreSQL.
-- The install script is concatenated by the Makefile from extension/sql/*.sql
-- (in name order) and workflows/*.sql.

\echo Use "CREATE EXTENSION hotline" to load this file. \quit

COMMENT ON SCHEMA @extschema@ IS
    'hotline: work orders, working-day calendars, deadlines and supervision of a government service hotline (12345)';

-- Nobody but the owner creates objects in the extension's schema; everyone
-- may look things up in it.  Table privileges are granted one by one below.
REVOKE CREATE ON SCHEMA @extschema@ FROM PUBLIC;
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
