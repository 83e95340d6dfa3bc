-- What the assessment of units is built on (issue 11): the unit tree and the
-- composite score's weights; the grants are hotline.secure_tables', in the
-- last piece.
--@ view unit_tree
--@ table assessment_weight
--@ function report_period(kind text, day date)
--@ function hot_spots(dimension text, kind text, day date, top integer DEFAULT 10)
REVOKE ALL ON FUNCTION @extschema@.hot_spots(text, text, date, integer) FROM PUBLIC;
