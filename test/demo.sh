#!/usr/bin/env bash
# hotline: the demo, what `make demo` runs; `bash test/demo.sh stop` (make
# demo-stop) stops its cluster.
#
# Installs what is missing, builds and installs the extension, starts (or
# reuses) a PostgreSQL 15 cluster in ./.demo on port 5499 with pg_cron for
# database hotline and TimeZone Asia/Shanghai, recreates database hotline
# with pg_cron and hotline, then plays every test/demo/*.sql in name order.
# The cluster keeps running afterwards so that you can look around.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
# shellcheck source=test/cluster.sh
source "$ROOT/test/cluster.sh"

DEMO_DIR=$ROOT/.demo
DEMO_PORT=${HOTLINE_DEMO_PORT:-5499}
DEMO_DB=hotline
PSQL=$HOTLINE_PG_BINDIR/psql
project_env "$ROOT"



# Stop the demo cluster (make demo-stop).
demo_stop() {
	if [ -d "$DEMO_DIR" ] && cluster_running "$DEMO_DIR"; then
		cluster_stop "$DEMO_DIR"
		echo "hotline: demo stopped (its data stays in $DEMO_DIR; rm -rf it to start afresh)"
	else
		echo "hotline: the demo is not running"
	fi
}

# Start the demo cluster, or reuse it when it already runs.
demo_cluster() {
	if cluster_running "$DEMO_DIR"; then
		echo "hotline: reusing the demo cluster running in $DEMO_DIR"
	else
		cluster_start "$DEMO_DIR" "$DEMO_PORT" "$DEMO_DB" Asia/Shanghai
	fi
	cluster_env "$DEMO_DIR"
	[ "$PGPORT" = "$DEMO_PORT" ] ||
		echo "hotline: note: the running demo cluster uses port $PGPORT"
}

# Drop and create database hotline with pg_cron and hotline in it.
demo_database() {
	echo "hotline: creating database $DEMO_DB with pg_cron and hotline"
	# WITH (FORCE): pg_cron's launcher stays connected to its database
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d postgres \
		-c "SET client_min_messages = warning" \
		-c "DROP DATABASE IF EXISTS $DEMO_DB WITH (FORCE)" \
		-c "CREATE DATABASE $DEMO_DB"
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$DEMO_DB" \
		-c "CREATE EXTENSION pg_cron" \
		-c "CREATE EXTENSION hotline CASCADE"
}

# Play every test/demo/*.sql in name order.
demo_play() {
	local file
	for file in $(compgen -G "test/demo/*.sql" | LC_ALL=C sort); do
		echo
		echo "################################################################"
		echo "# $file"
		echo "################################################################"
		"$PSQL" -X -q -v ON_ERROR_STOP=1 -P pager=off -d "$DEMO_DB" \
			-v test_data="$HOTLINE_TEST_DATA" -f "$file" 2>&1 ||
			die "$file failed (the cluster is still running: make demo-stop)"
	done
}

# Say how to connect and how to stop.
demo_howto() {
	echo
	echo "hotline: the demo cluster is running (TimeZone Asia/Shanghai, pg_cron in $DEMO_DB)."
	echo "  connect: psql -h $PGHOST -p $PGPORT -U postgres $DEMO_DB"
	echo "  log:     $(cluster_home "$DEMO_DIR")/server.log"
	echo "  stop:    make demo-stop"
}

main() {
	case ${1:-} in
	stop)
		demo_stop
		return 0
		;;
	"") ;;
	*) die "usage: bash test/demo.sh [stop]" ;;
	esac
	bash "$ROOT/test/setup.sh"
	make
	as_root make install || die "make install failed"
	demo_cluster
	demo_database
	# dropping the database stopped pg_cron's scheduler (its launcher was
	# connected to it and does not come back): restart the server
	cluster_stop "$DEMO_DIR"
	demo_cluster
	demo_play
	demo_howto
}

main "$@"
