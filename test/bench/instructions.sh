#!/usr/bin/env bash
# hotline: the engine benchmark counted in CPU instructions (issue 9), run
# by `make bench` (test/bench/run.sh) after engine.sh.
#
# Throughput on a shared machine moves by a third between minutes (plain
# SQL alone went from 4,900 to 8,600 actions/s between runs of engine.sh),
# so a change of a few per cent cannot be seen in it.  This benchmark
# counts instead the instructions the server spends per order: the same
# pgbench scripts as engine.sh (engine.pgb, plain.pgb, plain_alarms.pgb,
# -M prepared, one client), against a cluster whose postmaster runs under
# valgrind's callgrind, which counts every instruction of every backend.
# One backend serves one pgbench run; a run of 5 orders (40 actions) and one
# of 25 orders (200) are counted, and their difference over 20 orders is
# the figure: connection, first planning and cache loading cancel out.
# The counts repeat from run to run on the same build (within about a per
# cent: the orders of the day grow, and with them the repeats found), so
# the ratio plain/engine of instructions per order can rank changes that
# throughput cannot.  0.1.0 measured so (its own scripts, same cluster,
# 2026-12-02): 0.545 in lifecycle mode and 0.501 in chasing mode, near the
# throughput ratios it was released with (0.57, 0.52).
#
# It runs on the database engine.sh loaded (1,000,000 orders: the same
# plans, statistics and index depths), after engine.sh: the cluster is
# stopped, started again under valgrind for the count, and started again
# as it was.
#
# Needs valgrind (test/setup.sh installs it), the libpq environment of the
# bench's cluster (PGHOST, PGPORT, PGUSER, PGDATABASE) and
# HOTLINE_BENCH_PGDATA, its data directory, as test/bench/run.sh gives
# them.  Settings: HOTLINE_BENCH_MODES (default "lifecycle chasing").
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
ROOT=$(cd "$HERE/../.." && pwd -P)
DIR=$HERE/engine
# shellcheck source=test/cluster.sh
source "$ROOT/test/cluster.sh"
BINDIR=${HOTLINE_PG_BINDIR:-/usr/lib/postgresql/15/bin}
MODES=${HOTLINE_BENCH_MODES:-lifecycle chasing}
DATA=${HOTLINE_BENCH_PGDATA:?HOTLINE_BENCH_PGDATA must name the data directory of the bench cluster}
DB=${PGDATABASE:-hotline_bench}
SMALL=5
LARGE=25

die() {
	echo "hotline: instructions bench: $*" >&2
	exit 1
}
command -v valgrind >/dev/null || die "valgrind not found: run bash test/setup.sh"

pg_ctl() { cluster_as_owner "$BINDIR/pg_ctl" -D "$DATA" "$@"; }
psql_() { "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
# one pgbench run of N orders (8 actions each) of SCRIPT, one client
bench() {
	PGOPTIONS="-c search_path=hotline,public" "$BINDIR/pgbench" -n -M prepared -D step=7 -c 1 -j 1 \
		-t $(($1 * 8)) -f "$DIR/$2.pgb" "$DB" >"$WORK/pgbench.out" 2>&1 ||
		{ cat "$WORK/pgbench.out"; die "pgbench $2 failed"; }
}

[ "$(psql_ -At -c "SELECT count(*) > 0 FROM hotline.work_order")" = t ] ||
	die "database $DB holds no orders: run engine.sh first (make bench does)"
WORK=$(mktemp -d /tmp/hotline-instructions.XXXXXX)
chmod 777 "$WORK"

# the bench's cluster again as it was, whatever happens
restart_plain() {
	pg_ctl -m fast -w -t 300 stop >/dev/null 2>&1 || true
	pg_ctl -w -t 120 -l "$(dirname "$DATA")/server.log" start >/dev/null 2>&1 ||
		echo "hotline: instructions bench: could not start the cluster again" >&2
	rm -rf "$WORK"
}
trap restart_plain EXIT

# ---------------------------------------------------------------------
# The cluster under callgrind: one output file per process (no pg_cron:
# its launcher would count for nothing)
# ---------------------------------------------------------------------
pg_ctl -m fast -w -t 120 stop >/dev/null
cluster_as_owner valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.%p" \
	"$BINDIR/postgres" -D "$DATA" -c shared_preload_libraries= >"$WORK/valgrind.log" 2>&1 &
for _ in $(seq 1 300); do
	"$BINDIR/pg_isready" -q && break
	sleep 1
done
"$BINDIR/pg_isready" -q || die "the cluster under valgrind did not start"

# wait until the backends of the last run have exited: a backend under
# valgrind writes its file when it exits, a moment after pgbench left; no
# new file for 3 seconds
settle() {
	local n m=-1
	for _ in $(seq 1 120); do
		n=$(find "$WORK" -name 'callgrind.*' | wc -l)
		[ "$n" = "$m" ] && return 0
		m=$n
		sleep 3
	done
}

# the instructions of the backend that served the run after MARK: the
# largest count of the files written since (pgbench's other connection
# counts far fewer)
count_since() {
	local f best=0 n
	settle
	for f in $(find "$WORK" -name 'callgrind.*' -newer "$1"); do
		n=$(sed -n 's/^summary: //p' "$f")
		[ -n "$n" ] && [ "$n" -gt "$best" ] && best=$n
	done
	echo "$best"
}

# instructions per order of SCRIPT: (LARGE run - SMALL run) / (LARGE - SMALL)
per_order() {
	local a b
	settle
	touch "$WORK/mark"
	bench $SMALL "$1"
	a=$(count_since "$WORK/mark")
	touch "$WORK/mark"
	bench $LARGE "$1"
	b=$(count_since "$WORK/mark")
	[ "$a" -gt 0 ] && [ "$b" -gt "$a" ] || die "no instruction count for $1 ($a, $b)"
	echo $(((b - a) / (LARGE - SMALL)))
}

echo "Instructions per order (8 actions), one client, callgrind ($(valgrind --version)):"
printf '%-10s %14s %14s %14s\n' mode engine plain plain/engine
for mode in $MODES; do
	psql_ -v mode="$mode" -f "$DIR/rules.sql" >/dev/null
	e=$(per_order engine)
	case $mode in
	lifecycle) p=$(per_order plain) ;;
	*) p=$(per_order plain_alarms) ;;
	esac
	printf '%-10s %14d %14d %14.3f\n' "$mode" "$e" "$p" "$(awk -v e="$e" -v p="$p" 'BEGIN { print p / e }')"
done
echo
echo "Reproduce: make bench (this is test/bench/instructions.sh); targets of issue 9:"
echo "plain/engine at least 0.7 in lifecycle; chasing not below 0.1.0's (0.501 measured so)."
