#!/usr/bin/env bash
# hotline: the sweep benchmark (issue 4, "Speed and scale"), run by
# `make bench` (test/bench/run.sh) after the engine benchmark.
#
# The sweep must touch only what is due.  In its own database
# (hotline_sweep_bench), with the 12345 workflow's time rules:
#   1. 100,000 open orders (each with its unit's assignment and alarms,
#      nothing due): the time of a sweep with nothing due, and of a sweep of
#      10,000 orders made a day late (hastened: message, event, next alarm);
#   2. 900,000 more (1,000,000 open orders): the same two figures.
# Targets: nothing due at 1M < 5 ms; 10,000 due at 1M < 2 s; time for the
# same 10,000 due at 1M / at 100k < 1.5.  Medians (21 idle sweeps, 3 due
# sweeps each rolled back), measured side by side in one run.
#
# Talks to the cluster through the libpq environment run.sh passes (PGHOST,
# PGPORT, PGUSER), HOTLINE_BENCH_RESULTS and HOTLINE_PG_BINDIR.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
DIR=$HERE/sweep
BINDIR=${HOTLINE_PG_BINDIR:-/usr/lib/postgresql/15/bin}
DB=hotline_sweep_bench
DUE=${HOTLINE_SWEEP_DUE:-10000}
PSQL=("$BINDIR/psql" -X -q -v ON_ERROR_STOP=1)

die() {
	echo "hotline: sweep bench: $*" >&2
	exit 1
}

now() { date +%s.%N; }
lap() { awk -v l="$1" -v a="$2" -v b="$(now)" 'BEGIN { printf "  %-52s %7.1f s\n", l ":", b - a }'; }

# measure LABEL: prints the figures of measure.sql into $WORK/LABEL
measure() {
	"${PSQL[@]}" -At -d "$DB" -v due="$DUE" -f "$DIR/measure.sql" >"$WORK/$1" ||
		die "measuring at $1 failed"
}

# value LABEL KEY
value() { awk -v k="$2" '$1 == k { print $2 }' "$WORK/$1"; }

main() {
	local t
	WORK=$(mktemp -d /tmp/hotline-sweep-bench.XXXXXX)
	trap 'rm -rf "$WORK"' EXIT
	"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
	"${PSQL[@]}" -d "$DB" -c "CREATE EXTENSION hotline CASCADE" \
		-c "INSERT INTO hotline.unit (code, name, region, kind)
		    SELECT 'sw-' || k, '东城区承办单位' || k, '110101', 'department' FROM generate_series(1, 8) k"
	echo "Setup and measurements:"
	t=$(now)
	"${PSQL[@]}" -d "$DB" -v from=0 -v to=100000 -f "$DIR/load.sql"
	lap "load 100,000 open orders" "$t"
	t=$(now)
	measure 100k
	lap "measure at 100k" "$t"
	t=$(now)
	"${PSQL[@]}" -d "$DB" -v from=100000 -v to=1000000 -f "$DIR/load.sql"
	"${PSQL[@]}" -d "$DB" -c "VACUUM ANALYZE hotline.alarm, hotline.assignment, hotline.work_order" -c "CHECKPOINT"
	lap "load 900,000 more (1,000,000 open orders)" "$t"
	t=$(now)
	measure 1m
	lap "measure at 1M" "$t"
	[ "${HOTLINE_SWEEP_KEEP:-0}" = 1 ] || "${PSQL[@]}" -d postgres -c "DROP DATABASE $DB"

	echo
	echo "Sweep benchmark: hotline.sweep() with the 12345 time rules (remind at 80%, remind 2 working"
	echo "hours before signing, hasten when late); $DUE orders made a day late are hastened"
	echo "(outbox message, event on the order, next alarm one working day later)."
	echo "Targets (issue 4): nothing due at 1M < 5 ms; $DUE due at 1M < 2 s; due at 1M / at 100k < 1.5."
	echo
	printf "%-14s %14s %16s %18s %20s\n" "open orders" "nothing due ms" "$DUE due ms" "hastenings sent" \
		"scattered due ms"
	printf "%-14s %14s %16s %18s %20s\n" "$(value 100k open_orders)" "$(value 100k nothing_due_ms)" \
		"$(value 100k due_ms)" "$(value 100k due_handled)" "$(value 100k scattered_ms)"
	printf "%-14s %14s %16s %18s %20s\n" "$(value 1m open_orders)" "$(value 1m nothing_due_ms)" \
		"$(value 1m due_ms)" "$(value 1m due_handled)" "$(value 1m scattered_ms)"
	echo
	echo "The late orders are the oldest open ones (deadlines come due in the order of dispatch);"
	echo "\"scattered\" spreads them over all open orders (every ~100th), the worst case for caches:"
	echo "at 1M the rows the sweep touches no longer fit in shared_buffers (256MB)."
	echo
	awk -v idle="$(value 1m nothing_due_ms)" -v d1="$(value 1m due_ms)" -v d0="$(value 100k due_ms)" \
		-v s1="$(value 1m scattered_ms)" -v s0="$(value 100k scattered_ms)" \
		-v n1="$(value 1m due_handled)" -v due="$DUE" 'BEGIN {
		printf "nothing due at 1M:           %8.3f ms  %s\n", idle, (idle < 5 ? "target met (< 5 ms)" : "target MISSED (< 5 ms)")
		printf "%d due at 1M:             %8.1f ms  %s\n", due, d1, (d1 < 2000 && n1 == due ? "target met (< 2 s)" : "target MISSED (< 2 s, all handled)")
		printf "due at 1M / due at 100k:     %8.3f     %s\n", d1 / d0, (d1 / d0 < 1.5 ? "target met (< 1.5)" : "target MISSED (< 1.5)")
		printf "scattered, 1M / 100k:        %8.3f     (%.1f ms / %.1f ms)\n", s1 / s0, s1, s0
	}'
	echo
	echo "Reproduce: make bench (this script runs after the engine benchmark), or against a running"
	echo "cluster: PGHOST=... PGPORT=... bash test/bench/sweep.sh"
}

main "$@"
