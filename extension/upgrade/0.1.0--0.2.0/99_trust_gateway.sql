-- Gateways deliver their channels only (issue 10, R-11.2): which role
-- delivers which channel, and outbox_claim handing a gateway no other
-- channel's messages (outbox_lock, for outbox_ack and outbox_fail, is made
-- by 94_rules_once from the same text).  The built-in rows and the grants
-- are hotline.secure_tables', in the last piece.
--@ table outbox_gateway
--@ function outbox_gateway_channels()
REVOKE ALL ON FUNCTION @extschema@.outbox_gateway_channels() FROM PUBLIC;
--@ function or replace outbox_claim(gateway text, channel text DEFAULT NULL, batch integer DEFAULT 100, lease interval DEFAULT '5 minutes')
