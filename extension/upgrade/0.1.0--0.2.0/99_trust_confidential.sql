-- Confidential citizens (issue 10, R-11.1): the masks, the reveals and the
-- view through which units read the citizen and the place (the column
-- privileges are hotline.secure_tables', in the last piece).
--@ function mask_name(name text)
--@ function mask_phone(phone text)
--@ function mask_address(address text)
--@ function reads_city()
--@ table citizen_reveal
--@ view order_contact
--@ function reveal_citizen_as(order_no @extschema@.order_no, unit text, reason text, actor text)
REVOKE ALL ON FUNCTION @extschema@.reveal_citizen_as(@extschema@.order_no, text, text, text) FROM PUBLIC;
--@ function reveal_citizen(order_no @extschema@.order_no, unit text, reason text, actor text DEFAULT current_user)
REVOKE ALL ON FUNCTION @extschema@.reveal_citizen(@extschema@.order_no, text, text, text) FROM PUBLIC;
