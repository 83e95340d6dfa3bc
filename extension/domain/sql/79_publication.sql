-- ---------------------------------------------------------------------------
-- Publication of handled cases (R-9.3 "published", 004 6.1; issue 11): what
-- a centre may show the public of the orders it closed, with no person in
-- it: no name, phone or house number, the place at street level, free text
-- scrubbed of phone and identity-card numbers; confidential orders not at
-- all.
-- ---------------------------------------------------------------------------

-- Free text with the numbers that identify a person masked: identity-card
-- numbers (18 digits, the last may be X: the region and the last four
-- kept, 110101********1234), mobile numbers (11 digits from 13 to 19: the
-- first three and the last four, 138****8000), fixed lines with their area
-- code (010-****1234) and any other run of 7 to 10 digits (all but the last
-- two).  Linear in the text (regular expressions without backtracking
-- across matches).
CREATE FUNCTION @extschema@.scrub_text(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
BEGIN ATOMIC
    SELECT pg_catalog.regexp_replace(
             pg_catalog.regexp_replace(
               pg_catalog.regexp_replace(
                 pg_catalog.regexp_replace(t,
                   '(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9Xx])', '\1********\2', 'g'),
                 '(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])', '\1****\2', 'g'),
               '(?<![0-9])(0[0-9]{2,3})-?[0-9]{3,4}([0-9]{4})(?![0-9])', '\1-****\2', 'g'),
             '(?<![0-9*])[0-9]{5,8}([0-9]{2})(?![0-9])', '*****\1', 'g');
END;
COMMENT ON FUNCTION @extschema@.scrub_text(text) IS
    'free text with identity-card numbers (110101********1234), mobile numbers (138****8000), fixed lines (010-****1234) and other runs of 7-10 digits (*****34) masked, for publication (R-11.1)';

-- The handled cases a centre publishes: closed orders that are not
-- confidential and were not merged into another, with plain types.
CREATE VIEW @extschema@.public_case AS
SELECT w.order_no::text AS order_no,
       (w.accepted_at AT TIME ZONE z.tz)::date AS accepted_on,
       w.appeal_type::text AS appeal_type,
       w.channel::text AS channel,
       t.name AS topic,
       w.region,
       @extschema@.mask_address(w.address) AS place,
       @extschema@.scrub_text(w.description) AS description,
       (SELECT pg_catalog.string_agg(u.name, '、' ORDER BY a.id)
        FROM @extschema@.assignment a JOIN @extschema@.unit u ON u.id = a.unit_id
        WHERE a.order_no OPERATOR(pg_catalog.=) w.order_no AND a.parent_id IS NULL) AS units,
       (SELECT (pg_catalog.max(a.replied_at) AT TIME ZONE z.tz)::date
        FROM @extschema@.assignment a WHERE a.order_no OPERATOR(pg_catalog.=) w.order_no) AS replied_on,
       (w.closed_at AT TIME ZONE z.tz)::date AS closed_on,
       w.state
FROM @extschema@.work_order w
CROSS JOIN (SELECT @extschema@.report_time_zone() AS tz) z
LEFT JOIN @extschema@.topic t ON t.id = w.topic_id
WHERE w.closed_at IS NOT NULL AND NOT w.confidential AND w.merged_into IS NULL;
COMMENT ON VIEW @extschema@.public_case IS
    'handled cases for publication (R-9.3, 004 6.1): closed orders, not confidential, not merged: number, dates (local to the report time zone), type, channel, topic, region, the place at street level, the description scrubbed of phone and identity-card numbers, the handling units, the state; no person''s data';

-- Open311 GeoReport v2 (issue 11): the shapes of its services and requests
-- resources, so that Open311 clients and dashboards read a 12345 centre;
-- masked as the publication is (no person, the place at street level and
-- its coordinates to 0.01 degree, the description scrubbed, no confidential
-- order).
CREATE VIEW @extschema@.open311_services AS
SELECT t.code AS service_code, t.name AS service_name, p.name AS description, false AS metadata,
       'realtime'::text AS type, NULL::text AS keywords, coalesce(p.name, t.name) AS "group"
FROM @extschema@.topic t
LEFT JOIN @extschema@.topic p ON p.id = t.parent_id
WHERE t.active;
COMMENT ON VIEW @extschema@.open311_services IS
    'Open311 GeoReport v2 services: one per active topic (service_code its code, service_name its name, group its parent topic''s name), no metadata, realtime';

CREATE VIEW @extschema@.open311_requests AS
SELECT w.order_no::text AS service_request_id,
       CASE WHEN w.closed_at IS NULL THEN 'open' ELSE 'closed' END AS status,
       w.state AS status_notes,
       t.name AS service_name,
       t.code AS service_code,
       @extschema@.scrub_text(w.description) AS description,
       (SELECT pg_catalog.string_agg(u.name, '、' ORDER BY a.id)
        FROM @extschema@.assignment a JOIN @extschema@.unit u ON u.id = a.unit_id
        WHERE a.order_no OPERATOR(pg_catalog.=) w.order_no AND a.parent_id IS NULL) AS agency_responsible,
       NULL::text AS service_notice,
       w.accepted_at AS requested_datetime,
       w.updated_at AS updated_datetime,
       coalesce(w.reply_due, w.dispatch_due) AS expected_datetime,
       @extschema@.mask_address(w.address) AS address,
       NULL::text AS address_id,
       NULL::text AS zipcode,
       pg_catalog.round(w.latitude::numeric, 2)::double precision AS lat,
       pg_catalog.round(w.longitude::numeric, 2)::double precision AS long,
       NULL::text AS media_url
FROM @extschema@.work_order w
LEFT JOIN @extschema@.topic t ON t.id = w.topic_id
WHERE NOT w.confidential AND w.merged_into IS NULL;
COMMENT ON VIEW @extschema@.open311_requests IS
    'Open311 GeoReport v2 requests: every order that is not confidential nor merged (service_request_id its number, status open or closed, status_notes its state, service its topic, description scrubbed, agency_responsible its handling units, requested, updated and expected times, address at street level, lat and long to 0.01 degree); no person''s data';
