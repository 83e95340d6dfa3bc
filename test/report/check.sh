#!/usr/bin/env bash
# hotline: the published assessment report in a real browser (issue 11,
# part 9), as TAP; run by test/run.sh.
#
#   bash test/report/check.sh OUT_DIR
#
# In a new database of the cluster the libpq environment names: the
# hand-computed month of test/data/assessment_month.sql and a run of the
# statistics job, then hotline.assessment_report('month', <that month>) written to
# OUT_DIR/report.html; headless Chromium parses it (--dump-dom) and
# renders it (--screenshot); test/report/check.py checks both.
set -euo pipefail

OUT=$1
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
BINDIR=${HOTLINE_PG_BINDIR:-/usr/lib/postgresql/15/bin}
DB=hotline_report
PSQL=("$BINDIR/psql" -X -q -v ON_ERROR_STOP=1)
CHROMIUM=${HOTLINE_CHROMIUM:-chromium}
mkdir -p "$OUT"

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
"${PSQL[@]}" -d "$DB" -c "SET client_min_messages = warning" -c "CREATE EXTENSION hotline CASCADE"
"${PSQL[@]}" -d "$DB" -1 -o /dev/null -c "SET client_min_messages = warning" -f "$ROOT/test/data/assessment_month.sql"
# a unit whose name holds markup: the page shows it as text
"${PSQL[@]}" -d "$DB" -c "UPDATE hotline.unit SET name = name || '<script>alert(\"x\")</script>&''' WHERE code = 'am-zjw'"
# the statistics job's next run, as pg_cron would start it
"${PSQL[@]}" -d "$DB" -o /dev/null -c "SELECT hotline.refresh_statistics()"
"${PSQL[@]}" -d "$DB" -At -o "$OUT/report.html" \
	-c "SELECT hotline.assessment_report('month', (SELECT min(day) FROM hotline.assignment_fact WHERE order_no IN
	        (SELECT order_no FROM t.t WHERE name = 'o1')))"
"${PSQL[@]}" -d postgres -c "DROP DATABASE $DB"

# Chromium as root needs --no-sandbox; its profile goes to the output dir
flags=(--headless=new --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$OUT/chromium-profile"
	--window-size=1000,2600)
"$CHROMIUM" "${flags[@]}" --dump-dom "file://$OUT/report.html" >"$OUT/report-dom.html" 2>"$OUT/chromium.log"
"$CHROMIUM" "${flags[@]}" --screenshot="$OUT/report.png" "file://$OUT/report.html" >>"$OUT/chromium.log" 2>&1
python3 "$ROOT/test/report/check.py" "$OUT/report-dom.html" "$OUT/report.png"
