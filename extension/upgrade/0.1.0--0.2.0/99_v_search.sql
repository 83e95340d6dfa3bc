-- (after 99_u_knowledge) Finding orders by their words and suggesting the
-- unit (issue 12, R-8.1, R-4.4; extension/domain/sql/79_search.sql and
-- 79_suggestion.sql): the words of the orders' descriptions and demands,
-- the words of their histories (built by the statistics job's next run:
-- the setting "search" below has it fold every order again), the search,
-- the suggestion and its record and hit rate; the grants and policies are
-- hotline.secure_tables', in the last piece.
--@ function search_setting_check(workflow text, value jsonb)
REVOKE ALL ON FUNCTION @extschema@.search_setting_check(text, jsonb) FROM PUBLIC;
-- the words of the orders kept (at about 100,000 orders a second)
--@ table order_words
--@ function order_words_written()
--@ trigger work_order_words
--@ function order_words_rebuild()
REVOKE ALL ON FUNCTION @extschema@.order_words_rebuild() FROM PUBLIC;
SELECT @extschema@.order_words_rebuild();
--@ table zh_synonym
--@ function zh_expand(query tsquery)
REVOKE ALL ON FUNCTION @extschema@.zh_expand(tsquery) FROM PUBLIC;
--@ table order_text
--@ function order_text_fold(orders @extschema@.order_no[])
REVOKE ALL ON FUNCTION @extschema@.order_text_fold(@extschema@.order_no[]) FROM PUBLIC;
--@ function search_orders_keeps(order_no @extschema@.order_no, from_ts timestamptz, to_ts timestamptz, states text[], archived boolean, topic_ids bigint[], unit_ids bigint[])
REVOKE ALL ON FUNCTION @extschema@.search_orders_keeps(@extschema@.order_no, timestamptz, timestamptz, text[], boolean, bigint[], bigint[]) FROM PUBLIC;
--@ function search_orders(words text, from_day date DEFAULT NULL, to_day date DEFAULT NULL, unit text DEFAULT NULL, topic text DEFAULT NULL, states text[] DEFAULT NULL, archived boolean DEFAULT NULL, any_word boolean DEFAULT false, top integer DEFAULT 20)
REVOKE ALL ON FUNCTION @extschema@.search_orders(text, date, date, text, text, text[], boolean, boolean, integer) FROM PUBLIC;
--@ table unit_suggestion
--@ function record_suggestion_as(order_no @extschema@.order_no, top integer, actor text)
REVOKE ALL ON FUNCTION @extschema@.record_suggestion_as(@extschema@.order_no, integer, text) FROM PUBLIC;
--@ function record_suggestion(order_no @extschema@.order_no, top integer DEFAULT 5, actor text DEFAULT current_user)
REVOKE ALL ON FUNCTION @extschema@.record_suggestion(@extschema@.order_no, integer, text) FROM PUBLIC;
--@ function suggest_units(order_no @extschema@.order_no, top integer DEFAULT 5, actor text DEFAULT current_user)
REVOKE ALL ON FUNCTION @extschema@.suggest_units(@extschema@.order_no, integer, text) FROM PUBLIC;
--@ view unit_suggestion_outcome
--@ view unit_suggestion_daily
-- The 12345 workflow's words (workflows/12345_appeal/12345_appeal.sql), as
-- hotline.register_workflow writes them
INSERT INTO @extschema@.workflow_setting (workflow, setting, value, builtin, description) VALUES
    ('appeal_12345', 'search', '{"text_params": ["result", "opinion", "note"]}', true,
     '检索 (R-8.1): the words hotline.search_orders finds in an order''s history besides its reasons: answers'' and replies'' results (答复), dispatch opinions (派单意见), callback notes (回访记录)');
