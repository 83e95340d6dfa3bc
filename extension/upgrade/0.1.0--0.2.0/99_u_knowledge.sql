-- (after 99_text_search: the index of the versions uses hotline.zh)
-- The knowledge base (issue 12, R-10; extension/domain/sql/78_knowledge.sql):
-- articles, their versions and error reports, the entry points, the search
-- and the review job; the grants are hotline.secure_tables', in the last
-- piece.
--@ table kb_article
--@ table kb_version
--@ table kb_error
--@ function kb_lock(article_id bigint)
REVOKE ALL ON FUNCTION @extschema@.kb_lock(bigint) FROM PUBLIC;
--@ function kb_check_owner(a @extschema@.kb_article, actor text, what text)
REVOKE ALL ON FUNCTION @extschema@.kb_check_owner(@extschema@.kb_article, text, text) FROM PUBLIC;
--@ function kb_write_as(article_id bigint, title text, body text, kind text, owner_unit text, issuer text, doc_number text, effective_from date, effective_to date, review_every interval, note text, actor text)
REVOKE ALL ON FUNCTION @extschema@.kb_write_as(bigint, text, text, text, text, text, text, date, date, interval, text, text) FROM PUBLIC;
--@ function kb_write(article_id bigint, title text DEFAULT NULL, body text DEFAULT NULL, kind text DEFAULT NULL, owner_unit text DEFAULT NULL, issuer text DEFAULT NULL, doc_number text DEFAULT NULL, effective_from date DEFAULT NULL, effective_to date DEFAULT NULL, review_every interval DEFAULT NULL, note text DEFAULT NULL, actor text DEFAULT current_user)
REVOKE ALL ON FUNCTION @extschema@.kb_write(bigint, text, text, text, text, text, text, date, date, interval, text, text) FROM PUBLIC;
--@ function kb_status_as(article_id bigint, status text, note text, actor text)
REVOKE ALL ON FUNCTION @extschema@.kb_status_as(bigint, text, text, text) FROM PUBLIC;
--@ function kb_publish_as(article_id bigint, actor text)
REVOKE ALL ON FUNCTION @extschema@.kb_publish_as(bigint, text) FROM PUBLIC;
--@ function kb_publish(article_id bigint, actor text DEFAULT current_user)
REVOKE ALL ON FUNCTION @extschema@.kb_publish(bigint, text) FROM PUBLIC;
--@ function kb_retire_as(article_id bigint, reason text, actor text)
REVOKE ALL ON FUNCTION @extschema@.kb_retire_as(bigint, text, text) FROM PUBLIC;
--@ function kb_retire(article_id bigint, reason text DEFAULT NULL, actor text DEFAULT current_user)
REVOKE ALL ON FUNCTION @extschema@.kb_retire(bigint, text, text) FROM PUBLIC;
--@ function kb_report_error_as(article_id bigint, version integer, text text, actor text)
REVOKE ALL ON FUNCTION @extschema@.kb_report_error_as(bigint, integer, text, text) FROM PUBLIC;
--@ function kb_report_error(article_id bigint, version integer, text text, actor text DEFAULT current_user)
REVOKE ALL ON FUNCTION @extschema@.kb_report_error(bigint, integer, text, text) FROM PUBLIC;
--@ function kb_decide_error_as(error_id bigint, fixed boolean, note text, actor text)
REVOKE ALL ON FUNCTION @extschema@.kb_decide_error_as(bigint, boolean, text, text) FROM PUBLIC;
--@ function kb_decide_error(error_id bigint, fixed boolean, note text DEFAULT NULL, actor text DEFAULT current_user)
REVOKE ALL ON FUNCTION @extschema@.kb_decide_error(bigint, boolean, text, text) FROM PUBLIC;
--@ view kb_in_force
--@ function kb_search(question text, top integer DEFAULT 10)
REVOKE ALL ON FUNCTION @extschema@.kb_search(text, integer) FROM PUBLIC;
--@ function kb_cite(citation text)
REVOKE ALL ON FUNCTION @extschema@.kb_cite(text) FROM PUBLIC;
CREATE INDEX order_event_cites ON @extschema@.order_event (at)
    WHERE payload ?| '{knowledge_article,knowledge_articles}'::text[];
--@ view kb_citation
--@ view kb_usage
--@ function kb_remind_reviews()
REVOKE ALL ON FUNCTION @extschema@.kb_remind_reviews() FROM PUBLIC;
INSERT INTO @extschema@.job (name, command, default_schedule, lock_key, description, builtin) VALUES
    ('kb_remind_reviews', 'SELECT hotline.kb_remind_reviews()', '0 1 * * *', 8,
     'reminds the owner units of the knowledge articles due for review (R-10)', true);
-- hotline.answer cites an article in force, as id:version
-- (workflows/12345_appeal/12345_appeal.sql)
--@ function or replace answer(region text, appeal_type text, channel text, description text, result text, knowledge_article text DEFAULT NULL, three_way_unit text DEFAULT NULL, citizen_phone text DEFAULT NULL, citizen_name text DEFAULT NULL, area_code text DEFAULT NULL, confidential boolean DEFAULT false, topic text DEFAULT NULL, urgency text DEFAULT 'normal', source_hotline text DEFAULT '12345', occurred_at timestamptz DEFAULT NULL, address text DEFAULT NULL, demand text DEFAULT NULL, actor text DEFAULT current_user, actor_role text DEFAULT 'agent')
