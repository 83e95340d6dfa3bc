#!/usr/bin/env bash
# hotline: the demo, what `make demo` runs; `bash test/demo.sh stop` (make
# demo-stop) stops its cluster.
#
# Installs what is missing, builds and installs the extension, starts (or
# reuses) a PostgreSQL 15 cluster in ./.demo with pg_cron for database
# hotline and TimeZone Asia/Shanghai, recreates database hotline with
# pg_cron and hotline, then plays every test/demo/*.sql in name order (as
# postgres, over the Unix socket) and test/demo/reporting/*.sql as a
# reporting tool does: over TCP, as the login role hotline_reader with its
# password and PostgreSQL's default search_path. The cluster keeps running
# afterwards so that you can look around, with psql or with DBeaver, a BI
# tool or any JDBC client: it listens on localhost (127.0.0.1 and ::1) too,
# where hotline_reader logs in with the password printed at the start and
# at the end (scram-sha-256; the socket trusts local users as the test
# cluster does).
#
# The port: HOTLINE_DEMO_PORT when set (it must be free), else the port the
# demo cluster had, else the first free one from 5499 up.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
# shellcheck source=test/cluster.sh
source "$ROOT/test/cluster.sh"

DEMO_DIR=$ROOT/.demo
DEMO_DB=hotline
# the login of GUI and BI tools: reads everything, changes nothing
DEMO_READER=hotline_reader
PSQL=$HOTLINE_PG_BINDIR/psql
project_env "$ROOT"

# Print the port of the demo: HOTLINE_DEMO_PORT, else the one the demo
# cluster had (when it still runs or the port is free), else the first free
# port from 5499 up.
demo_port() {
	local home port=
	home=$(cluster_home "$DEMO_DIR")
	if [ -f "$home/port" ] && cluster_running "$DEMO_DIR"; then
		port=$(cat "$home/port")
	fi
	if [ -n "${HOTLINE_DEMO_PORT:-}" ]; then
		# busy, and not by the demo itself: stop before anything changes
		if [ "$HOTLINE_DEMO_PORT" != "$port" ] && cluster_port_busy "$HOTLINE_DEMO_PORT"; then
			die "port $HOTLINE_DEMO_PORT (HOTLINE_DEMO_PORT) is in use: choose a free port, or unset HOTLINE_DEMO_PORT to take the first free one from 5499"
		fi
		echo "$HOTLINE_DEMO_PORT"
	elif [ -n "$port" ]; then
		echo "$port"
	elif [ -f "$home/port" ] && ! cluster_port_busy "$(cat "$home/port")"; then
		cat "$home/port"
	else
		cluster_free_port 5499
	fi
}

# Print the password of hotline_reader, made at random the first time and
# kept in .demo/reader-password (readable by you only).
demo_password() {
	local file=$DEMO_DIR/reader-password
	mkdir -p "$DEMO_DIR"
	if [ ! -s "$file" ]; then
		(
			umask 077
			# 24 hex digits: safe in a URL, a JDBC URL and a shell
			head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$file"
		)
	fi
	cat "$file"
}

# Say how to reach the demo: psql, JDBC (DBeaver, BI tools), and the
# fields a GUI asks for.
demo_connect_info() {
	echo "hotline: how to connect to the demo (database $DEMO_DB, port $DEMO_PORT):"
	echo "  psql over TCP:  psql \"postgresql://$DEMO_READER:$DEMO_PASSWORD@127.0.0.1:$DEMO_PORT/$DEMO_DB\""
	echo "  JDBC URL:       jdbc:postgresql://127.0.0.1:$DEMO_PORT/$DEMO_DB?stringtype=unspecified"
	echo "                  (stringtype=unspecified: a parameter bound with setString compares with an order number)"
	echo "  DBeaver / BI:   host 127.0.0.1 (or localhost), port $DEMO_PORT, database $DEMO_DB,"
	echo "                  user $DEMO_READER, password $DEMO_PASSWORD (read-only; default search_path)"
	echo "  as superuser:   psql -h $(cluster_home "$DEMO_DIR") -p $DEMO_PORT -U postgres $DEMO_DB   (Unix socket, no password)"
	echo "  from another machine: ssh -L $DEMO_PORT:127.0.0.1:$DEMO_PORT <this host>, then the same URLs there"
}

# Stop the demo cluster (make demo-stop).
demo_stop() {
	if [ -d "$DEMO_DIR" ] && cluster_running "$DEMO_DIR"; then
		cluster_stop "$DEMO_DIR"
		echo "hotline: demo stopped (its data stays in $DEMO_DIR; rm -rf it to start afresh)"
	else
		echo "hotline: the demo is not running"
	fi
}

# Start the demo cluster (listening on localhost too), or reuse it when it
# already runs.
demo_cluster() {
	if cluster_running "$DEMO_DIR"; then
		echo "hotline: reusing the demo cluster running in $DEMO_DIR"
	else
		if cluster_port_busy "$DEMO_PORT"; then
			die "port $DEMO_PORT is in use: set HOTLINE_DEMO_PORT to a free port, or unset it to take the first free one from 5499"
		fi
		cluster_start --tcp "$DEMO_DIR" "$DEMO_PORT" "$DEMO_DB" Asia/Shanghai
	fi
	cluster_env "$DEMO_DIR"
	[ "$PGPORT" = "$DEMO_PORT" ] ||
		echo "hotline: note: the running demo cluster uses port $PGPORT until it restarts"
}

# The login of GUI and BI tools: hotline_reader, with the demo's password,
# allowed to read every table and view (pg_read_all_data) and nothing more.
# No search_path is set for it: it has PostgreSQL's default, like a tool
# that connects with its defaults.
demo_reader() {
	echo "hotline: login role $DEMO_READER for GUI and BI tools (read-only)"
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d postgres -v reader="$DEMO_READER" -v password="$DEMO_PASSWORD" <<'SQL'
SET client_min_messages = warning;
SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'reader') AS missing \gset
\if :missing
CREATE ROLE :"reader" LOGIN;
\endif
ALTER ROLE :"reader" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
ALTER ROLE :"reader" RESET ALL;
GRANT pg_read_all_data TO :"reader";
SQL
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
		HOTLINE_DEMO_REPORT=$DEMO_DIR/report.html \
			"$PSQL" -X -q -v ON_ERROR_STOP=1 -P pager=off -d "$DEMO_DB" \
			-v test_data="$HOTLINE_TEST_DATA" -f "$file" 2>&1 ||
			die "$file failed (the cluster is still running: make demo-stop)"
	done
}

# Play test/demo/reporting/*.sql as a reporting tool: over TCP to
# 127.0.0.1, as hotline_reader with its password, default search_path.
demo_reporting() {
	local file
	for file in $(compgen -G "test/demo/reporting/*.sql" | LC_ALL=C sort); do
		echo
		echo "################################################################"
		echo "# $file (as $DEMO_READER over TCP, 127.0.0.1:$DEMO_PORT)"
		echo "################################################################"
		PGHOST=127.0.0.1 PGPORT=$DEMO_PORT PGUSER=$DEMO_READER PGPASSWORD=$DEMO_PASSWORD \
			"$PSQL" -X -q -v ON_ERROR_STOP=1 -P pager=off -d "$DEMO_DB" -f "$file" 2>&1 ||
			die "$file failed over TCP as $DEMO_READER (the cluster is still running: make demo-stop)"
	done
}

# Say how to connect and how to stop.
demo_howto() {
	echo
	echo "hotline: the demo cluster is running (TimeZone Asia/Shanghai, pg_cron in $DEMO_DB)."
	demo_connect_info
	echo "  log:     $(cluster_home "$DEMO_DIR")/server.log"
	echo "  report:  $DEMO_DIR/report.html (the month's assessment; open it in a browser)"
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
	DEMO_PORT=$(demo_port)
	DEMO_PASSWORD=$(demo_password)
	demo_connect_info
	echo "  (once the demo is up: it builds, starts the cluster and plays a day first)"
	echo
	bash "$ROOT/test/setup.sh"
	make
	as_root make install || die "make install failed"
	demo_cluster
	demo_database
	demo_reader
	# dropping the database stopped pg_cron's scheduler (its launcher was
	# connected to it and does not come back): restart the server
	cluster_stop "$DEMO_DIR"
	demo_cluster
	demo_play
	demo_reporting
	demo_howto
}

main "$@"
