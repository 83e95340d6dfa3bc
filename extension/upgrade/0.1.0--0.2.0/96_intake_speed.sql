
-- Issue 9, the intake's speed: a citizen known by the phone, without a
-- name to record, is found by a look-up rather than an upsert (no new row
-- version of hotline.citizen for every order).
--@ function or replace order_intake(workflow text, params jsonb)
-- (hotline.node_region, now PL/pgSQL, which keeps its plan, is created
-- with its new text by 86_keys.sql.)
