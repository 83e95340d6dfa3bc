#!/usr/bin/env bash
# hotline: row-level security against none (issue 10), run by `make bench`
# (test/bench/run.sh) after engine.sh, on the database it loaded (1,000,000
# orders).
#
# Two reads a handling unit's clerk makes all day, each as pgbench -M
# prepared with one client: an order looked up by its number (one of the
# unit's orders, picked at random), and the unit's worklist (its 50 open
# assignments due first, with their orders).  Each runs as the bench's
# superuser, whom row-level security does not restrict, and as a login in
# hotline_unit that is the staff of that unit, whose policies filter every
# row; in turns, each first in every other round.  The figure is the
# median over the rounds of time per query with / without (the target of
# issue 10: at most 1.5).
#
# Needs the libpq environment of the bench's cluster (PGHOST, PGPORT,
# PGUSER, PGDATABASE) as test/bench/run.sh gives it.  Settings:
# HOTLINE_BENCH_RLS_ROUNDS (default 4), HOTLINE_BENCH_RLS_SECONDS (default 8).
set -euo pipefail

BINDIR=${HOTLINE_PG_BINDIR:-/usr/lib/postgresql/15/bin}
ROUNDS=${HOTLINE_BENCH_RLS_ROUNDS:-4}
SECONDS_PER_RUN=${HOTLINE_BENCH_RLS_SECONDS:-8}
PSQL=("$BINDIR/psql" -X -q -v ON_ERROR_STOP=1)
WORK=$(mktemp -d)
CLERK=bench_rls_clerk

# Drop the clerk and its rows again (EXIT trap): roles are the cluster's.
cleanup() {
	"${PSQL[@]}" -c "DELETE FROM hotline.staff WHERE login = '$CLERK'" \
		-c "DROP TABLE IF EXISTS public.bench_rls_orders" -c "DROP ROLE IF EXISTS $CLERK" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT

# the unit with the most assignments, its clerk, and 5,000 of its orders
UNIT=$("${PSQL[@]}" -Atc "SELECT unit_id FROM hotline.assignment GROUP BY unit_id ORDER BY count(*) DESC, unit_id LIMIT 1")
"${PSQL[@]}" <<SQL
SET client_min_messages = warning;
DROP TABLE IF EXISTS public.bench_rls_orders;
DELETE FROM hotline.staff WHERE login = '$CLERK';
DROP ROLE IF EXISTS $CLERK;
CREATE ROLE $CLERK NOLOGIN IN ROLE hotline_unit;
INSERT INTO hotline.staff (login, name, unit_id) VALUES ('$CLERK', '基准测试科员', $UNIT);
CREATE TABLE public.bench_rls_orders AS
    SELECT row_number() OVER (ORDER BY order_no) AS k, order_no
    FROM (SELECT DISTINCT order_no FROM hotline.assignment WHERE unit_id = $UNIT LIMIT 5000) x;
CREATE UNIQUE INDEX ON public.bench_rls_orders (k);
GRANT SELECT ON public.bench_rls_orders TO $CLERK;
ANALYZE public.bench_rls_orders;
ANALYZE hotline.staff;
SQL
N=$("${PSQL[@]}" -Atc "SELECT count(*) FROM public.bench_rls_orders")
cat >"$WORK/lookup.sql" <<SQL
\set n random(1, $N)
SELECT o.state, o.description FROM hotline.work_order o
WHERE o.order_no = (SELECT r.order_no FROM public.bench_rls_orders r WHERE r.k = :n);
SQL
cat >"$WORK/worklist.sql" <<SQL
SELECT o.order_no, o.state, a.reply_due FROM hotline.assignment a
JOIN hotline.work_order o ON o.order_no = a.order_no
WHERE a.unit_id = $UNIT AND a.closed_at IS NULL ORDER BY a.reply_due LIMIT 50;
SQL

# run SIDE QUERY: queries per second of one pgbench run
run() {
	local opt=""
	[ "$1" = on ] && opt="-c role=$CLERK"
	PGOPTIONS="$opt" "$BINDIR/pgbench" -n -M prepared -c 1 -T "$SECONDS_PER_RUN" -f "$WORK/$2.sql" 2>/dev/null |
		awk '/^tps/ {print $3}'
}

echo "Row-level security on and off: a unit's clerk (hotline_unit, staff of unit $UNIT) and the"
echo "superuser (not restricted), pgbench -M prepared, 1 client, ${SECONDS_PER_RUN} s a run, $ROUNDS rounds in turns."
for q in lookup worklist; do
	ratios=()
	line="$q:"
	for r in $(seq 1 "$ROUNDS"); do
		if [ $((r % 2)) = 1 ]; then off=$(run off $q); on=$(run on $q); else on=$(run on $q); off=$(run off $q); fi
		ratio=$(awk -v a="$off" -v b="$on" 'BEGIN { printf "%.2f", a / b }')
		ratios+=("$ratio")
		line="$line round $r: off $off/s, on $on/s, $ratio;"
	done
	echo "$line"
	median=$(printf '%s\n' "${ratios[@]}" | sort -n |
		awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	verdict="target met"
	awk -v m="$median" 'BEGIN { exit !(m > 1.5) }' && verdict="target MISSED (<= 1.5)"
	printf '%-9s time per query with / without row-level security: %s (median of %s)  %s\n' \
		"$q" "$median" "${ratios[*]}" "$verdict"
done
