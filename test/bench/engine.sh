#!/usr/bin/env bash
# hotline: the workflow engine benchmark (issue 3, "Speed"), run by
# `make bench` (test/bench/run.sh) after the .sql benchmarks.
#
# A work order's whole life through the 12345 workflow's named functions
# (accept, dispatch, sign_for, reply, review, callback, close_order,
# archive: 8 actions, each its own transaction) against the same rows
# written by plain INSERT/UPDATE statements on equivalent tables without the
# engine (bench_plain.*), side by side in one run, with 1,000,000 orders
# already in both sides' tables.  pgbench custom scripts: engine/engine.pgb
# and engine/plain.pgb; one pgbench transaction is one action, so the
# per-transaction log (-l) gives every action's latency (p99 per action) and
# -r the per-statement averages.  Engine and plain runs take turns
# (HOTLINE_BENCH_ROUNDS rounds, default 4, each side first in every other
# round): the throughput ratio reported is the median of the rounds' ratios,
# each of two runs one after the other.
#
# Targets (issue 3): engine throughput >= 50% of plain SQL's; p99 latency
# of every action < 5 ms on this project's 2-core machine.
#
# Needs a fresh database holding the hotline extension (make bench makes
# one); talks to it through the libpq environment run.sh passes: PGHOST,
# PGPORT, PGUSER, PGDATABASE (or $1), HOTLINE_BENCH_RESULTS (or $2) and
# HOTLINE_PG_BINDIR.  Settings: HOTLINE_BENCH_CLIENTS (default "2 4") and
# HOTLINE_BENCH_SECONDS (default 15) per run, HOTLINE_BENCH_ROUNDS (default 4), HOTLINE_BENCH_MODES (default
# "lifecycle chasing": the 12345 escalation rules off, then on, each against
# its plain script); HOTLINE_BENCH_PGDATA (the cluster's data directory,
# when it runs on this machine) adds the backends' CPU time per order, read
# from the postmaster's children's times, which are steadier than
# throughput on a shared machine; HOTLINE_BENCH_REUSE=1 runs again
# against a database an earlier run loaded (for working on the engine).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
DIR=$HERE/engine
export PGDATABASE=${1:-${PGDATABASE:-hotline_bench}}
RESULTS=${2:-${HOTLINE_BENCH_RESULTS:-$HERE/results}}
BINDIR=${HOTLINE_PG_BINDIR:-/usr/lib/postgresql/15/bin}
CLIENTS=${HOTLINE_BENCH_CLIENTS:-2 4}
MODES=${HOTLINE_BENCH_MODES:-lifecycle chasing}
SECONDS_PER_RUN=${HOTLINE_BENCH_SECONDS:-15}
# engine and plain take turns, ROUNDS times each: the ratio of a round is
# measured side by side, and the median of the rounds' ratios is reported,
# so that a slower minute of a shared machine weighs on one round only
ROUNDS=${HOTLINE_BENCH_ROUNDS:-4}
PSQL=("$BINDIR/psql" -X -q -v ON_ERROR_STOP=1)
PGBENCH=$BINDIR/pgbench
# hotline's operators (order_no =) for the plain script; the engine's
# functions pin their own search_path
export PGOPTIONS="-c search_path=hotline,public"
ACTIONS=(accept dispatch sign_for reply review callback close_order archive)

die() {
	echo "hotline: engine bench: $*" >&2
	exit 1
}

WORK=$(mktemp -d /tmp/hotline-engine-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$RESULTS"

# Seconds since the epoch with milliseconds.
now() { date +%s.%N; }
# Print "label: N.N s" for the time since $2.
lap() { awk -v l="$1" -v a="$2" -v b="$(now)" 'BEGIN { printf "  %-52s %7.1f s\n", l ":", b - a }'; }

sql() { "${PSQL[@]}" -At -c "$1"; }

# ---------------------------------------------------------------------
# Setup, timed apart from the runs
# ---------------------------------------------------------------------
setup() {
	local t0 t pids
	[ "$(sql "SELECT count(*) FROM pg_extension WHERE extname = 'hotline'")" = 1 ] ||
		die "database $PGDATABASE has no hotline extension"
	[ "$(sql "SELECT count(*) FROM (SELECT 1 FROM hotline.work_order LIMIT 1) s")" = 0 ] ||
		die "database $PGDATABASE already holds work orders: the benchmark needs a fresh one (make bench makes it)"
	echo "Setup (once per run, not part of the measurements):"
	t0=$(now)
	t=$t0
	"${PSQL[@]}" -f "$DIR/setup.sql"
	lap "units, topics, plain tables, generator of 1M orders" "$t"
	t=$(now)
	"${PSQL[@]}" -v target=hotline -f "$DIR/load.sql" >"$WORK/load-hotline.log" 2>&1 &
	pids=$!
	"${PSQL[@]}" -v target=bench_plain -f "$DIR/load.sql" >"$WORK/load-plain.log" 2>&1 &
	pids="$pids $!"
	for p in $pids; do
		if ! wait "$p"; then
			cat "$WORK/load-hotline.log" "$WORK/load-plain.log" >&2
			die "loading the orders failed"
		fi
	done
	lap "load hotline.* and bench_plain.* (in parallel)" "$t"
	t=$(now)
	"${PSQL[@]}" -c "VACUUM ANALYZE hotline.citizen, hotline.order_number_seq, hotline.work_order, hotline.assignment, hotline.order_event, hotline.unit, hotline.topic" &
	pids=$!
	"${PSQL[@]}" -c "VACUUM ANALYZE bench_plain.citizen, bench_plain.order_number_seq, bench_plain.work_order, bench_plain.assignment, bench_plain.order_event" &
	pids="$pids $!"
	for p in $pids; do wait "$p" || die "VACUUM ANALYZE failed"; done
	"${PSQL[@]}" -c "SET client_min_messages = warning" -c "DROP SCHEMA bench_load CASCADE" -c "CHECKPOINT"
	lap "VACUUM ANALYZE, CHECKPOINT" "$t"
	lap "setup total" "$t0"
	echo
	"$BINDIR/psql" -X -P pager=off -P footer=off -v ON_ERROR_STOP=1 -c "
		SELECT s.side, s.orders, s.open_orders, s.assignments, s.events, s.size
		FROM (SELECT 'engine (hotline.*)' AS side, 1 AS n,
		             (SELECT count(*) FROM hotline.work_order) AS orders,
		             (SELECT count(*) FROM hotline.work_order WHERE closed_at IS NULL) AS open_orders,
		             (SELECT count(*) FROM hotline.assignment) AS assignments,
		             (SELECT count(*) FROM hotline.order_event) AS events,
		             pg_size_pretty(pg_total_relation_size('hotline.work_order') + pg_total_relation_size('hotline.assignment')
		                            + pg_total_relation_size('hotline.order_event')) AS size
		      UNION ALL
		      SELECT 'plain (bench_plain.*)', 2,
		             (SELECT count(*) FROM bench_plain.work_order),
		             (SELECT count(*) FROM bench_plain.work_order WHERE closed_at IS NULL),
		             (SELECT count(*) FROM bench_plain.assignment),
		             (SELECT count(*) FROM bench_plain.order_event),
		             pg_size_pretty(pg_total_relation_size('bench_plain.work_order') + pg_total_relation_size('bench_plain.assignment')
		                            + pg_total_relation_size('bench_plain.order_event'))) s
		ORDER BY s.n"
}

# ---------------------------------------------------------------------
# One pgbench run: SIDE (engine|plain) with C clients
# ---------------------------------------------------------------------

# The pgbench command of a run (printed as the command to reproduce).
bench_cmd() {
	echo "pgbench -n -M prepared -D step=7 -c $2 -j $2 -T $SECONDS_PER_RUN -r -l -f test/bench/engine/$1.pgb"
}

# The events written so far on SIDE's history table (its largest id).
last_event() {
	case $1 in
	engine*) sql "SELECT coalesce(max(id), 0) FROM hotline.order_event" ;;
	plain*) sql "SELECT coalesce(max(id), 0) FROM bench_plain.order_event" ;;
	esac
}

# rules MODE: the 12345 workflow's escalation rules off (lifecycle: rows of
# our own with enabled false) or on (chasing: the built-in rules)
rules() {
	"${PSQL[@]}" -v mode="$1" -f "$DIR/rules.sql" >/dev/null
}

# the pgbench script of SIDE in MODE
script() {
	case $1-$2 in
	engine-*) echo "$DIR/engine.pgb" ;;
	plain-lifecycle) echo "$DIR/plain.pgb" ;;
	plain-chasing) echo "$DIR/plain_alarms.pgb" ;;
	esac
}

# CPU time (clock ticks) of the postmaster's ended children: the backends of
# the runs so far (empty when the cluster's data directory is not given)
children_ticks() {
	local pid
	[ -n "${HOTLINE_BENCH_PGDATA:-}" ] && [ -r "$HOTLINE_BENCH_PGDATA/postmaster.pid" ] || return 0
	pid=$(head -1 "$HOTLINE_BENCH_PGDATA/postmaster.pid")
	# fields 16 and 17 of /proc/PID/stat: cutime, cstime (after the command
	# name, which has no spaces for postgres)
	awk '{ print $16 + $17 }' "/proc/$pid/stat" 2>/dev/null || true
}

run() {
	local side=$1 c=$2 mode=$3 tag=$1-$3-c$2-r$4 before logged written rc t0 t1
	before=$(last_event "$side")
	sql "CHECKPOINT" >/dev/null
	t0=$(children_ticks)
	set +e
	"$PGBENCH" -n -M prepared -D step=7 -c "$c" -j "$c" -T "$SECONDS_PER_RUN" -r -l \
		--log-prefix="$WORK/$tag" -f "$(script "$side" "$mode")" >"$WORK/$tag.out" 2>&1
	rc=$?
	set -e
	if [ "$rc" != 0 ] || grep -q 'aborted' "$WORK/$tag.out"; then
		cat "$WORK/$tag.out"
		die "pgbench $tag failed (exit $rc)"
	fi
	# every action logged wrote exactly one event: nothing failed unseen
	logged=$(cat "$WORK/$tag".[0-9]* | wc -l)
	case $side in
	# the escalation rules add events of their own (a repeated appeal joining
	# its group, supervision): count the actions' events
	engine) written=$(sql "SELECT count(*) FROM hotline.order_event WHERE id > $before
		AND action IN ('accept', 'dispatch', 'sign_for', 'reply', 'approve_reply', 'callback', 'close', 'archive')") ;;
	plain) written=$(sql "SELECT count(*) FROM bench_plain.order_event WHERE id > $before") ;;
	esac
	[ "$logged" = "$written" ] ||
		die "$tag: pgbench logged $logged actions but $written events were written"
	# tps of the run
	sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$WORK/$tag.out" >"$WORK/$tag.tps"
	# the backends' CPU ms per order (8 actions), once they have ended
	if [ -n "$t0" ]; then
		sleep 0.5
		t1=$(children_ticks)
		awk -v a="$t0" -v b="$t1" -v n="$logged" -v hz="$(getconf CLK_TCK)" \
			'BEGIN { printf "%.3f\n", (b - a) * 1000 / hz / (n / 8) }' >"$WORK/$tag.cpu"
	fi
}

# the median of the numbers on standard input, one per line (of an even
# count, the mean of the two in the middle)
median() {
	LC_ALL=C sort -g | awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# combine SIDE's rounds in MODE with C clients: the median throughput
# (.tps) and the latency per action over every round's log (.stats)
combine() {
	local side=$1 c=$2 mode=$3 tag=$1-$3-c$2
	cat "$WORK/$tag"-r*.tps | median >"$WORK/$tag.tps"
	if compgen -G "$WORK/$tag-r*.cpu" >/dev/null; then
		cat "$WORK/$tag"-r*.cpu | median >"$WORK/$tag.cpu"
	fi
	# per action over every round: count, average, p50, p99, max (ms);
	# transaction n (from 1) of a client is action (n - 1) % 8
	cat "$WORK/$tag"-r*.[0-9]* |
		awk '{ print ($2 - 1) % 8, $3 }' | LC_ALL=C sort -k1,1n -k2,2n |
		awk '
			function flush() {
				if (n == 0) return
				i50 = int(0.50 * n + 0.999999); i99 = int(0.99 * n + 0.999999)
				printf "%d %d %.3f %.3f %.3f %.3f\n", a, n, sum / n / 1000, v[i50] / 1000, v[i99] / 1000, v[n] / 1000
			}
			$1 != a && NR > 1 { flush(); n = 0; sum = 0 }
			{ a = $1; n++; v[n] = $2; sum += $2 }
			END { flush() }' >"$WORK/$tag.stats"
	cp "$WORK/$tag-r1.out" "$WORK/$tag.out"
}

# the engine/plain ratio of each round of MODE with C clients, and their
# median: "r1 r2 ... median"
ratios() {
	local mode=$1 c=$2 r
	for r in $(seq "$ROUNDS"); do
		awk -v e="$(cat "$WORK/engine-$mode-c$c-r$r.tps")" -v p="$(cat "$WORK/plain-$mode-c$c-r$r.tps")" \
			'BEGIN { printf "%.3f\n", e / p }'
	done >"$WORK/ratios-$mode-c$c"
	echo "$(tr '\n' ' ' <"$WORK/ratios-$mode-c$c")$(median <"$WORK/ratios-$mode-c$c")"
}

# ---------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------
report() {
	local c e p side mode
	echo
	echo "Engine benchmark: a work order's life, 8 actions (${ACTIONS[*]}),"
	echo "each its own transaction; engine = the workflow's named functions on hotline.*,"
	echo "plain = one INSERT/UPDATE statement per action writing the same rows on bench_plain.*"
	echo "(same columns, indexes, constraints and foreign keys, no triggers, no checks);"
	echo "1,000,000 orders already in each side's tables; $SECONDS_PER_RUN s per run, pgbench -M prepared."
	echo "Two modes, side by side:"
	echo "  lifecycle  the 12345 escalation rules switched off: the engine's checks, effects and"
	echo "             history against plain SQL writing the same rows (issue 3's comparison);"
	echo "  chasing    the 12345 escalation rules on (issue 4): the engine also keeps the alarms of"
	echo "             reminders and hastenings and runs the emergency, repeat and bad-handling rules"
	echo "             after accept and callback; plain SQL also writes the alarm rows, and looks"
	echo "             for nothing."
	echo "Targets: engine/plain throughput >= 0.50 (issue 3), >= 0.70 in lifecycle mode with 2"
	echo "clients (issue 9); p99 of every action < 5 ms.  $ROUNDS rounds, engine and plain taking"
	echo "turns: actions/s is the median of a side's runs, engine/plain the median of the rounds'"
	echo "ratios (each round's in brackets)."
	echo
	printf "%-10s %-8s %-7s %11s %10s %14s\n" mode clients side actions/s orders/s engine/plain
	for mode in $MODES; do
		for c in $CLIENTS; do
			e=$(cat "$WORK/engine-$mode-c$c.tps")
			p=$(cat "$WORK/plain-$mode-c$c.tps")
			awk -v m="$mode" -v c="$c" -v e="$e" -v p="$p" -v r="$(ratios "$mode" "$c")" 'BEGIN {
				n = split(r, v, " "); med = v[n]; each = v[1]
				for (i = 2; i < n; i++) each = each ", " v[i]
				target = (m == "lifecycle" && c == 2) ? 0.70 : 0.50
				printf "%-10s %-8s %-7s %11.1f %10.1f\n", m, c, "plain", p, p / 8
				printf "%-10s %-8s %-7s %11.1f %10.1f %14.3f  [%s]  %s\n", m, c, "engine", e, e / 8, med, each,
					(med >= target ? "target met" : sprintf("target MISSED (>= %.2f)", target))
			}'
		done
	done
	if compgen -G "$WORK/engine-*.cpu" >/dev/null; then
		echo
		echo "The backends' CPU time per order (8 actions; median of the rounds), ms:"
		printf "%-10s %-8s %10s %10s %14s\n" mode clients engine plain plain/engine
		for mode in $MODES; do
			for c in $CLIENTS; do
				awk -v m="$mode" -v c="$c" -v e="$(cat "$WORK/engine-$mode-c$c.cpu")" \
					-v p="$(cat "$WORK/plain-$mode-c$c.cpu")" \
					'BEGIN { printf "%-10s %-8s %10.3f %10.3f %14.3f\n", m, c, e, p, (e > 0 ? p / e : 0) }'
			done
		done
	fi
	for mode in $MODES; do
		for c in $CLIENTS; do
			echo
			echo "Latency per action, ms, $mode, $c clients (from the pgbench log of every transaction):"
			printf "%-12s %7s %8s %8s %8s %9s | %7s %8s %8s %8s %9s | %s\n" action \
				"engine" avg p50 p99 max "plain" avg p50 p99 max "engine p99 < 5 ms"
			join -j 1 <(LC_ALL=C sort -k1,1 "$WORK/engine-$mode-c$c.stats") \
				<(LC_ALL=C sort -k1,1 "$WORK/plain-$mode-c$c.stats") |
				LC_ALL=C sort -k1,1n |
				awk -v names="${ACTIONS[*]}" 'BEGIN { split(names, nm, " ") }
					{
						printf "%-12s %7d %8.3f %8.3f %8.3f %9.3f | %7d %8.3f %8.3f %8.3f %9.3f | %s\n",
							nm[$1 + 1], $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ($5 < 5 ? "yes" : "NO")
						if ($5 >= 5) missed = missed (missed ? ", " : "") nm[$1 + 1]
					}
					END { print (missed ? "p99 target missed by: " missed : "p99 target met by every action") }'
		done
	done
	echo
	echo "Reproduce: make bench (a fresh cluster in ./.bench, then this script), or against a"
	echo "database set up by it: HOTLINE_BENCH_CLIENTS=\"$CLIENTS\" HOTLINE_BENCH_SECONDS=$SECONDS_PER_RUN HOTLINE_BENCH_ROUNDS=$ROUNDS"
	echo "HOTLINE_BENCH_REUSE=1 bash test/bench/engine.sh; each run is, with the rules set by mode:"
	for c in $CLIENTS; do
		echo "  PGOPTIONS='$PGOPTIONS' $(bench_cmd engine "$c")"
		echo "  PGOPTIONS='$PGOPTIONS' $(bench_cmd plain "$c")            (lifecycle)"
		echo "  PGOPTIONS='$PGOPTIONS' $(bench_cmd plain_alarms "$c")     (chasing)"
	done
	echo
	echo "pgbench output (-r: per-statement average latency, ms):"
	for mode in $MODES; do
		for c in $CLIENTS; do
			for side in engine plain; do
				echo
				echo "-- $side, $mode, $c clients"
				grep -v -E '^ +[0-9.]+ +[0-9]+ +[\]' "$WORK/$side-$mode-c$c.out" |
					grep -v -E '^(pgbench \(|scaling factor|transaction type|maximum number of tries)'
			done
		done
	done
}

main() {
	local c
	command -v "$PGBENCH" >/dev/null || die "$PGBENCH not found"
	if [ "${HOTLINE_BENCH_REUSE:-0}" = 1 ] &&
		[ "$(sql "SELECT count(*) FROM pg_namespace WHERE nspname = 'bench_plain'")" = 1 ]; then
		echo "Reusing the orders already loaded (HOTLINE_BENCH_REUSE=1)"
	else
		setup
	fi
	echo
	echo "Runs: $SECONDS_PER_RUN s each, modes: $MODES, clients: $CLIENTS, $ROUNDS rounds (engine and plain in turns, each first in every other round)"
	for mode in $MODES; do
		rules "$mode"
		for c in $CLIENTS; do
			for r in $(seq "$ROUNDS"); do
				# each side first in every other round: a machine that warms
				# up (or slows down) within a round favours neither
				for side in $(if [ $((r % 2)) = 1 ]; then echo engine plain; else echo plain engine; fi); do
					local t
					t=$(now)
					run "$side" "$c" "$mode" "$r"
					lap "$(printf '%s, %s, %s clients, round %s: %.1f actions/s' "$mode" "$side" "$c" "$r" \
						"$(cat "$WORK/$side-$mode-c$c-r$r.tps")")" "$t"
				done
			done
			combine engine "$c" "$mode"
			combine plain "$c" "$mode"
		done
	done
	rules chasing
	report
}

main "$@"
