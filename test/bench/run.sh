#!/usr/bin/env bash
# hotline: the benchmarks, what `make bench` runs.
#
# Installs what is missing, builds and installs the extension, starts a
# throwaway PostgreSQL 15 cluster in ./.bench (TimeZone UTC, fsync off,
# shared_buffers 256MB) with database hotline_bench holding hotline, runs
# every test/bench/*.sql in name order with psql, then every
# test/bench/*.sh but this one with bash (given PGHOST, PGPORT, PGUSER,
# PGDATABASE, HOTLINE_BENCH_RESULTS, HOTLINE_PG_BINDIR and
# HOTLINE_BENCH_PGDATA, the cluster's data directory), printing to the
# terminal and to test/bench/results/NAME.txt, then stops and removes the
# cluster (kept for a look when a benchmark file failed, and then exits
# non-zero).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$ROOT"
# shellcheck source=test/cluster.sh
source "$ROOT/test/cluster.sh"

BENCH_DIR=$ROOT/.bench
BENCH_DB=hotline_bench
RESULTS=$ROOT/test/bench/results
PSQL=$HOTLINE_PG_BINDIR/psql
project_env "$ROOT"
CLUSTER_UP=0



# Stop the bench cluster if we started it (EXIT trap).
stop_cluster() {
	if [ "$CLUSTER_UP" = 1 ]; then
		CLUSTER_UP=0
		cluster_stop "$BENCH_DIR" || true
	fi
}

# Run one benchmark file (.sql with psql, .sh with bash), output to the
# terminal and to results/NAME.txt; returns psql's or the script's status.
run_file() {
	local file=$1 out rc
	out=$RESULTS/$(basename "${file%.*}").txt
	echo
	echo "==== hotline: bench $file -> ${out#"$ROOT"/} ===="
	set +e
	{
		echo "# $file, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $("$PSQL" -X -At -d "$BENCH_DB" -c 'SHOW server_version')"
		if [[ $file == *.sh ]]; then
			PGDATABASE=$BENCH_DB HOTLINE_BENCH_RESULTS=$RESULTS HOTLINE_PG_BINDIR=$HOTLINE_PG_BINDIR \
				HOTLINE_BENCH_PGDATA=$BENCH_DIR/data \
				bash "$file" 2>&1
		else
			"$PSQL" -X -v ON_ERROR_STOP=1 -P pager=off -d "$BENCH_DB" \
				-v test_data="$HOTLINE_TEST_DATA" -f "$file" 2>&1
		fi
	} | tee "$out"
	rc=${PIPESTATUS[0]}
	set -e
	return "$rc"
}

main() {
	local files file failed=0
	trap stop_cluster EXIT
	files=$(compgen -G "test/bench/*.sql" | LC_ALL=C sort) || true
	[ -n "$files" ] || die "no test/bench/*.sql to run"
	files="$files $(compgen -G "test/bench/*.sh" | grep -v '/run\.sh$' | LC_ALL=C sort)" || true
	bash "$ROOT/test/setup.sh"
	make
	as_root make install || die "make install failed"
	cluster_wipe "$BENCH_DIR"
	mkdir -p "$BENCH_DIR" "$RESULTS"
	CLUSTER_UP=1
	cluster_start "$BENCH_DIR" "$(cluster_free_port 55500)" "$BENCH_DB" UTC \
		"fsync = off" "synchronous_commit = off" "full_page_writes = off" \
		"shared_buffers = 256MB" "log_min_messages = warning" "log_checkpoints = off"
	cluster_env "$BENCH_DIR"
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $BENCH_DB"
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$BENCH_DB" -c "CREATE EXTENSION hotline CASCADE"
	for file in $files; do
		if ! run_file "$file"; then
			echo "hotline: bench $file failed" >&2
			failed=$((failed + 1))
		fi
	done
	stop_cluster
	if [ "$failed" -gt 0 ]; then
		die "$failed benchmark file(s) failed (cluster and log kept in $BENCH_DIR)"
	fi
	cluster_wipe "$BENCH_DIR"
	echo "hotline: benchmarks done, results in ${RESULTS#"$ROOT"/}/"
}

main "$@"
