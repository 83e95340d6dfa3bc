-- hotline 0.1.0 -> 0.2.0 (ALTER EXTENSION hotline UPDATE).  Built by the
-- Makefile from the pieces of extension/upgrade/0.1.0--0.2.0/ in name
-- order; each piece names the change of the install script it follows.
-- The upgrade test (test/upgrade/) checks that an updated 0.1.0 and a new
-- 0.2.0 have the same objects, definitions, privileges and built-in rows.

\echo Use "ALTER EXTENSION hotline UPDATE" to load this file. \quit
