-- ---------------------------------------------------------------------------
-- The report a centre publishes (issue 11, part 9; R-9.3): the assessment
-- of a period as one HTML page with inline SVG charts, written by SQL, read
-- from the rollups (hotline.centre_figures, hotline.unit_assessment,
-- hotline.hot_spots, hotline.contact).  No script, no outside resource: the
-- page is a file a browser opens as it is, or a web server serves.
-- ---------------------------------------------------------------------------

-- Text made safe inside HTML (and SVG) text and attribute values.
CREATE FUNCTION @extschema@.html_escape(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT replace(replace(replace(replace(replace(t, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;
COMMENT ON FUNCTION @extschema@.html_escape(text) IS 'text with & < > " and '' written as HTML entities';

-- A rate as a percentage to 1 place (92.3%), a dash when there is none.
CREATE FUNCTION @extschema@.report_percent(r numeric) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE WHEN r IS NULL THEN '–' ELSE to_char(r * 100, 'FM990.0') || '%' END
$$;
COMMENT ON FUNCTION @extschema@.report_percent(numeric) IS 'a rate (a fraction) as a percentage to one place, – when NULL';

-- A change against the period before or a year earlier, with an arrow.
CREATE FUNCTION @extschema@.report_change(c numeric) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE WHEN c IS NULL THEN '–' WHEN c > 0 THEN '↑' || to_char(c * 100, 'FM99990.0') || '%'
                WHEN c < 0 THEN '↓' || to_char(-c * 100, 'FM99990.0') || '%' ELSE '持平' END
$$;
COMMENT ON FUNCTION @extschema@.report_change(numeric) IS 'a relative change (value / before - 1) as ↑12.5%, ↓3.0% or 持平, – when NULL';

-- The page: the centre's figures beside the period before (环比) and a year
-- earlier (同比), the three rates of the first-level units (chart), the
-- ranking of each level by score (chart and table), the hot topics (chart)
-- and the contact centre's answered calls.
CREATE FUNCTION @extschema@.assessment_report(kind text DEFAULT 'month', day date DEFAULT NULL) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, @extschema@, pg_temp AS $$
DECLARE
    tz      text := statistics_time_zone();
    d       date := coalesce(assessment_report.day, (now() AT TIME ZONE statistics_time_zone())::date);
    p       record;
    html    text;
    centre  text;
    rates   text;
    ranking text;
    hot     text;
    calls   text;
    lvl     record;
    kb      text;
    err     record;
    n       integer;
    maxv    numeric;
    exempt  bigint;
BEGIN
    SELECT * INTO p FROM report_period(assessment_report.kind, d);

    -- 一、the centre's figures
    SELECT string_agg(format('<tr><th>%s</th><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>',
                             x.label,
                             CASE WHEN f.measure LIKE '%rate' THEN report_percent(f.value) ELSE f.value::text END,
                             CASE WHEN f.measure LIKE '%rate' THEN report_percent(f.previous) ELSE f.previous::text END,
                             report_change(f.change_previous),
                             CASE WHEN f.measure LIKE '%rate' THEN report_percent(f.last_year) ELSE f.last_year::text END,
                             report_change(f.change_last_year)), '' ORDER BY x.ord)
    INTO centre
    FROM centre_figures(assessment_report.kind, d) f
    JOIN (VALUES ('orders', '登记', 1), ('accepted', '受理', 2), ('dispatched', '派单', 3), ('answered', '直接办理', 4),
                 ('closed', '办结', 5), ('closure_rate', '办结率', 6), ('satisfaction_rate', '满意率', 7),
                 ('resolution_rate', '解决率', 8), ('repeats', '重复诉求', 9), ('rejected', '不予受理', 10))
         x (measure, label, ord) ON x.measure = f.measure;

    -- the contact centre: calls answered (接通率) in the period
    SELECT CASE WHEN count(*) > 0 THEN
               format('<p class="calls">来电 %s 个，接通 %s 个，接通率 %s；15秒内接听 %s 个。</p>', count(*),
                      count(c.answered_at), report_percent(rate(count(c.answered_at), count(*))),
                      count(*) FILTER (WHERE c.answered_at - c.arrived_at <= interval '15 seconds')) END
    INTO calls
    FROM contact c
    WHERE c.channel = 'phone'
      AND c.arrived_at >= (p.period_start::timestamp AT TIME ZONE tz) AND c.arrived_at < (p.period_end::timestamp AT TIME ZONE tz);

    -- 二、the three rates of the first-level units: grouped bars
    SELECT count(*), sum(a.exempted) INTO n, exempt FROM unit_assessment(assessment_report.kind, d) a WHERE a.unit_level = 1 AND a.dispatched > 0;
    SELECT format('<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="rates-chart" width="%s" height="260" viewBox="0 0 %s 260" role="img" aria-label="各单位三率">'
                  '<line x1="40" y1="220" x2="%s" y2="220" stroke="#333"/>'
                  '<text x="4" y="24" font-size="11">100%%</text><text x="10" y="124" font-size="11">50%%</text><text x="20" y="224" font-size="11">0</text>%s'
                  '<g class="legend" font-size="12"><rect x="%s" y="6" width="12" height="12" fill="#4e79a7"/><text x="%s" y="17">响应率</text>'
                  '<rect x="%s" y="24" width="12" height="12" fill="#f28e2b"/><text x="%s" y="35">解决率</text>'
                  '<rect x="%s" y="42" width="12" height="12" fill="#59a14f"/><text x="%s" y="53">满意率</text></g></svg>',
                  60 + n * 90 + 90, 60 + n * 90 + 90, 50 + n * 90,
                  coalesce(string_agg(format(
                      '<g class="unit"><rect class="bar response" x="%s" y="%s" width="20" height="%s" fill="#4e79a7"><title>%s 响应率 %s</title></rect>'
                      '<rect class="bar resolution" x="%s" y="%s" width="20" height="%s" fill="#f28e2b"><title>%s 解决率 %s</title></rect>'
                      '<rect class="bar satisfaction" x="%s" y="%s" width="20" height="%s" fill="#59a14f"><title>%s 满意率 %s</title></rect>'
                      '<text x="%s" y="238" font-size="11" text-anchor="middle">%s</text></g>',
                      60 + (a.i - 1) * 90, 220 - round(coalesce(a.response_rate, 0) * 200), round(coalesce(a.response_rate, 0) * 200),
                      html_escape(a.unit_name), report_percent(a.response_rate),
                      82 + (a.i - 1) * 90, 220 - round(coalesce(a.resolution_rate, 0) * 200), round(coalesce(a.resolution_rate, 0) * 200),
                      html_escape(a.unit_name), report_percent(a.resolution_rate),
                      104 + (a.i - 1) * 90, 220 - round(coalesce(a.satisfaction_rate, 0) * 200), round(coalesce(a.satisfaction_rate, 0) * 200),
                      html_escape(a.unit_name), report_percent(a.satisfaction_rate),
                      92 + (a.i - 1) * 90, html_escape(left(a.unit_name, 8))), '' ORDER BY a.i), ''),
                  70 + n * 90, 86 + n * 90, 70 + n * 90, 86 + n * 90, 70 + n * 90, 86 + n * 90)
    INTO rates
    FROM (SELECT u.*, row_number() OVER (ORDER BY u.rank NULLS LAST, u.unit_code) AS i
          FROM unit_assessment(assessment_report.kind, d) u WHERE u.unit_level = 1 AND u.dispatched > 0) a;

    -- 三、the ranking of each level by score: horizontal bars and a table
    ranking := '';
    FOR lvl IN SELECT DISTINCT a.unit_level FROM unit_assessment(assessment_report.kind, d) a WHERE a.dispatched > 0 ORDER BY 1 LOOP
        SELECT count(*) INTO n FROM unit_assessment(assessment_report.kind, d) a WHERE a.unit_level = lvl.unit_level AND a.dispatched > 0;
        ranking := ranking || format('<h3>%s级单位</h3>', CASE lvl.unit_level WHEN 1 THEN '一' WHEN 2 THEN '二' ELSE '三' END)
            || (SELECT format('<svg xmlns="http://www.w3.org/2000/svg" class="chart ranking-chart" width="720" height="%s" viewBox="0 0 720 %s" role="img" aria-label="综合得分排名">%s</svg>',
                              20 + n * 26, 20 + n * 26,
                              string_agg(format('<g class="unit"><text x="206" y="%s" font-size="12" text-anchor="end">%s</text>'
                                                '<rect class="bar score" x="212" y="%s" width="%s" height="18" fill="#4e79a7"><title>%s %s</title></rect>'
                                                '<text x="%s" y="%s" font-size="12">%s</text></g>',
                                                24 + (r.i - 1) * 26, html_escape(r.unit_name),
                                                10 + (r.i - 1) * 26, round(coalesce(r.score, 0) * 4.5), html_escape(r.unit_name),
                                                coalesce(r.score::text, '–'),
                                                218 + round(coalesce(r.score, 0) * 4.5), 24 + (r.i - 1) * 26, coalesce(r.score::text, '–')),
                                         '' ORDER BY r.i))
                FROM (SELECT a.*, row_number() OVER (ORDER BY a.rank NULLS LAST, a.unit_code) AS i
                      FROM unit_assessment(assessment_report.kind, d) a WHERE a.unit_level = lvl.unit_level AND a.dispatched > 0) r)
            || '<table class="ranking"><tr><th>名次</th><th>单位</th><th>派单</th><th>办结率</th><th>按时办结率</th><th>响应率</th><th>解决率</th><th>满意率</th><th>综合得分</th><th>环比</th><th>同比</th><th>免考</th></tr>'
            || (SELECT string_agg(format('<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>',
                                         coalesce(a.rank::text, '–'), html_escape(a.unit_name), a.dispatched,
                                         report_percent(a.closure_rate), report_percent(a.on_time_rate),
                                         report_percent(a.response_rate), report_percent(a.resolution_rate),
                                         report_percent(a.satisfaction_rate), coalesce(a.score::text, '–'),
                                         CASE WHEN a.previous_score IS NULL OR a.score IS NULL THEN '–'
                                              ELSE to_char(a.score - a.previous_score, 'FMS990.00') END,
                                         CASE WHEN a.last_year_score IS NULL OR a.score IS NULL THEN '–'
                                              ELSE to_char(a.score - a.last_year_score, 'FMS990.00') END,
                                         a.exempted), '' ORDER BY a.rank NULLS LAST, a.unit_code)
                FROM unit_assessment(assessment_report.kind, d) a WHERE a.unit_level = lvl.unit_level AND a.dispatched > 0)
            || '</table>';
    END LOOP;

    -- 四、hot topics: the top 10 by their rise against the period before
    SELECT max(h.orders) INTO maxv FROM hot_spots('topic', assessment_report.kind, d, 10) h;
    SELECT CASE WHEN count(*) > 0 THEN format('<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="hot-chart" width="720" height="%s" viewBox="0 0 720 %s" role="img" aria-label="热点诉求">%s</svg>',
                  20 + count(*) * 26, 20 + count(*) * 26,
                  string_agg(format('<g class="topic"><text x="146" y="%s" font-size="12" text-anchor="end">%s</text>'
                                    '<rect class="bar hot" x="152" y="%s" width="%s" height="18" fill="#e15759"><title>%s %s 件</title></rect>'
                                    '<text x="%s" y="%s" font-size="12">%s 件（上期 %s，%s）</text></g>',
                                    24 + (h.i - 1) * 26, html_escape(h.name), 10 + (h.i - 1) * 26,
                                    round(h.orders * 380 / maxv), html_escape(h.name), h.orders,
                                    158 + round(h.orders * 380 / maxv), 24 + (h.i - 1) * 26, h.orders, h.previous_orders,
                                    CASE WHEN h.rise > 0 THEN '增加 ' || h.rise WHEN h.rise < 0 THEN '减少 ' || -h.rise ELSE '持平' END),
                             '' ORDER BY h.i)) END
    INTO hot
    FROM (SELECT s.*, row_number() OVER (ORDER BY s.rise DESC, s.orders DESC, s.code) AS i
          FROM hot_spots('topic', assessment_report.kind, d, 10) s) h;

    -- 五、the knowledge base: the articles cited most in the period (answers
    -- on the spot and replies), errors reported, reviews overdue (R-10)
    SELECT count(*) AS reported, count(*) FILTER (WHERE e.state = 'fixed') AS fixed,
           count(*) FILTER (WHERE e.state = 'rejected') AS rejected, count(*) FILTER (WHERE e.state = 'open') AS open
    INTO err
    FROM kb_error e
    WHERE e.reported_at >= p.period_start::timestamp AT TIME ZONE tz AND e.reported_at < p.period_end::timestamp AT TIME ZONE tz;
    SELECT format('<table class="kb"><tr><th>序号</th><th>知识条目</th><th>引用次数</th><th>其中直接答复</th><th>工单数</th></tr>%s</table>',
                  coalesce(string_agg(format('<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>',
                                             k.i, html_escape(k.title), k.citations, k.answers, k.orders), '' ORDER BY k.i),
                           '<tr><td colspan="5">本期无引用。</td></tr>'))
           || format('<p class="note">本期纠错 %s 条（已更正 %s，不予采纳 %s，待处理 %s）；逾期未复核的知识条目 %s 条。</p>',
                     err.reported, err.fixed, err.rejected, err.open,
                     (SELECT count(*) FROM kb_article a WHERE a.status = 'published' AND a.next_review < p.period_end))
    INTO kb
    FROM (SELECT row_number() OVER (ORDER BY count(*) DESC, c.article_id) AS i, c.article_id, v.title,
                 count(*) AS citations, count(*) FILTER (WHERE c.answer) AS answers, count(DISTINCT c.order_no) AS orders
          FROM kb_citation c
          JOIN kb_article a ON a.id = c.article_id
          JOIN kb_version v ON v.article_id = a.id AND v.version = a.version
          WHERE c.at >= p.period_start::timestamp AT TIME ZONE tz AND c.at < p.period_end::timestamp AT TIME ZONE tz
          GROUP BY c.article_id, v.title
          ORDER BY 1
          LIMIT 10) k;

    html := format($h$<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>12345热线 %1$s 考核报告</title>
<style>
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; margin: 2em auto; max-width: 960px; color: #222; }
h1 { font-size: 1.6em; border-bottom: 3px solid #c00; padding-bottom: .3em; }
h2 { font-size: 1.2em; margin-top: 1.6em; color: #c00; }
table { border-collapse: collapse; margin: .6em 0; font-size: .9em; }
th, td { border: 1px solid #bbb; padding: .25em .6em; text-align: right; }
th { background: #f3f3f3; }
td:nth-child(2) { text-align: left; }
.meta, .note { color: #666; font-size: .85em; }
svg.chart { display: block; margin: .6em 0; }
</style>
</head>
<body>
<h1>12345政务服务便民热线 %1$s 考核报告</h1>
<p class="meta">统计周期：%2$s 至 %3$s（%4$s）。数据来自统计快照，截至 %5$s。</p>
<section id="centre">
<h2>一、总体情况</h2>
<table class="centre"><tr><th>指标</th><th>本期</th><th>上期</th><th>环比</th><th>去年同期</th><th>同比</th></tr>%6$s</table>
%7$s
</section>
<section id="rates">
<h2>二、各单位响应率、解决率、满意率</h2>
%8$s
</section>
<section id="ranking">
<h2>三、承办单位综合得分排名</h2>
%9$s
<p class="note">综合得分 = Σ(各率 × 权重) ÷ Σ权重（权重见 hotline.assessment_weight）；单位数据含下级单位；免考件不计入各率，已单列。本期免考 %10$s 件。</p>
</section>
<section id="hot">
<h2>四、热点诉求（与上期相比增加最多）</h2>
%11$s
</section>
<section id="knowledge">
<h2>五、知识库使用（引用最多的知识条目）</h2>
%12$s
</section>
</body>
</html>
$h$,
        html_escape(p.label), p.period_start, p.period_end - 1, html_escape(tz),
        to_char(coalesce((SELECT c.started_at FROM statistics_check c), now()) AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
        coalesce(centre, ''), coalesce(calls, ''), coalesce(rates, ''), ranking, coalesce(exempt, 0),
        coalesce(hot, '<p class="note">本期无热点诉求。</p>'), kb);
    RETURN html;
END $$;
COMMENT ON FUNCTION @extschema@.assessment_report(text, date) IS
    'the assessment report a centre publishes (R-9.3) for the period of kind containing day (default: this month): an HTML page with inline SVG charts of the centre''s figures (环比, 同比), the three rates, the ranking of each level of units by score, the hot topics and the answered calls';
REVOKE ALL ON FUNCTION @extschema@.assessment_report(text, date) FROM PUBLIC;
