# hotline: helpers to run a throwaway PostgreSQL 15 cluster, and the few
# helpers every project script shares; sourced by test/run.sh, test/demo.sh,
# test/bench/run.sh and test/setup.sh (not run on its own).
#
#   cluster_start [--tcp] DIR PORT CRON_DB TIMEZONE [SETTING...]
#   cluster_stop DIR
#   cluster_env DIR            export PGHOST, PGPORT, PGUSER=postgres
#   cluster_running DIR        true when the server in DIR is up
#   cluster_wipe DIR           stop and remove everything in DIR
#   cluster_free_port FIRST    print the first free port from FIRST upward
#   cluster_log_tail DIR [N]   print the last N lines of the server log
#
# Layout: DIR/data is the data directory, DIR/server.log the log, and the
# Unix socket lives in DIR itself (the data directory's parent). The server
# only listens on that socket (listen_addresses = ''), trusts every local
# user and has a superuser named postgres. With --tcp (the demo) it also
# listens on localhost (127.0.0.1, and ::1 when the machine has it) on the
# same port, where a role logs in with its password (scram-sha-256); the
# socket stays trusted, and postgres has no password, so it cannot log in
# over TCP.
#
# initdb and postgres refuse to run as root: as root, server-side commands run
# as the postgres OS user (created by Debian's postgresql-common) and DIR is
# given to that user. When that user cannot reach DIR (a parent directory
# closed to others, say /root) or DIR's path is too long for a Unix socket,
# the cluster lives in a directory under /tmp instead and DIR/home names it.
#
# shellcheck shell=bash

HOTLINE_PG_BINDIR=${HOTLINE_PG_BINDIR:-/usr/lib/postgresql/15/bin}
HOTLINE_PG_OWNER=${HOTLINE_PG_OWNER:-postgres}

# Run a command as the OS user that owns the cluster, from /, so that a
# current directory closed to that user does not get in the way.
cluster_as_owner() {
	if [ "$(id -u)" = 0 ]; then
		(cd / && runuser -u "$HOTLINE_PG_OWNER" -- "$@")
	else
		(cd / && "$@")
	fi
}

# Print DIR as an absolute path (creating it when missing).
cluster_abs() {
	mkdir -p "$1"
	(cd "$1" && pwd -P)
}

# Print the directory that really holds the cluster of DIR: DIR itself, or
# the fallback directory named in DIR/home.
cluster_home() {
	if [ -f "$1/home" ]; then
		cat "$1/home"
	elif [ -d "$1" ]; then
		(cd "$1" && pwd -P)
	else
		echo "$1"
	fi
}

# True when the server of DIR is running.
cluster_running() {
	local home
	home=$(cluster_home "$1")
	[ -f "$home/data/postmaster.pid" ] || return 1
	cluster_as_owner "$HOTLINE_PG_BINDIR/pg_ctl" -D "$home/data" status >/dev/null 2>&1
}

# Export the libpq variables that make psql, pg_regress and pg_prove talk
# to the cluster of DIR.
cluster_env() {
	local home
	home=$(cluster_home "$1")
	[ -f "$home/port" ] || die "no cluster in $1 (no $home/port)"
	export PGHOST="$home"
	PGPORT=$(cat "$home/port")
	export PGPORT
	export PGUSER=postgres
	unset PGPASSWORD PGSERVICE PGHOSTADDR PGOPTIONS PGTZ || true
}

# Print the last N (default 40) lines of the server log of DIR.
cluster_log_tail() {
	local home
	home=$(cluster_home "$1")
	if [ -f "$home/server.log" ]; then
		echo "hotline: last lines of $home/server.log:"
		tail -n "${2:-40}" "$home/server.log"
	fi
}

# True when something already uses PORT: a Unix socket in the usual
# directories, or a TCP listener on any address.
cluster_port_busy() {
	local port=$1 hex f
	for f in /tmp /var/run/postgresql /run/postgresql; do
		[ -e "$f/.s.PGSQL.$port" ] && return 0
	done
	hex=$(printf '%04X' "$port")
	for f in /proc/net/tcp /proc/net/tcp6; do
		[ -r "$f" ] || continue
		# column 2 is local address:port in hex, column 4 the state (0A = LISTEN)
		awk -v p=":$hex" 'NR > 1 && substr($2, length($2) - 4) == p && $4 == "0A" { found = 1 } END { exit !found }' "$f" && return 0
	done
	return 1
}

# Print the first port from FIRST (default 55432) upward that nothing uses.
cluster_free_port() {
	local port=${1:-55432} last
	last=$((port + 200))
	while [ "$port" -le "$last" ]; do
		if ! cluster_port_busy "$port"; then
			echo "$port"
			return 0
		fi
		port=$((port + 1))
	done
	die "no free port between ${1:-55432} and $last"
}

# Print the locale initdb should use: C.UTF-8 when the system has it, C
# otherwise.
cluster_locale() {
	if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
		echo C.UTF-8
	else
		echo C
	fi
}

# Decide where the cluster of DIR lives (DIR itself, or a fallback under
# /tmp recorded in DIR/home), make it belong to the owner and print it.
cluster_prepare_home() {
	local dir=$1 home
	rm -f "$dir/home"
	home=$dir
	if [ "$(id -u)" = 0 ]; then
		chown "$HOTLINE_PG_OWNER:" "$dir"
	fi
	# a socket path is limited to about 107 bytes: keep room for /.s.PGSQL.NNNNN.lock
	if [ ${#dir} -gt 80 ] || ! cluster_as_owner test -w "$dir" -a -x "$dir" 2>/dev/null; then
		home=$(mktemp -d /tmp/hotline-cluster.XXXXXX)
		chmod 700 "$home"
		if [ "$(id -u)" = 0 ]; then
			chown "$HOTLINE_PG_OWNER:" "$home"
		fi
		echo "$home" >"$dir/home"
		echo "hotline: $dir is out of reach of the server (path too long, or not searchable by $HOTLINE_PG_OWNER): the cluster lives in $home" >&2
	fi
	echo "$home"
}

# The addresses a --tcp cluster listens on: 127.0.0.1, and ::1 when the
# loopback interface has it (a server asked for ::1 without it logs a
# warning at every start).
cluster_tcp_addresses() {
	if [ -r /proc/net/if_inet6 ] && grep -q '^0\{31\}1 ' /proc/net/if_inet6; then
		echo "127.0.0.1,::1"
	else
		echo "127.0.0.1"
	fi
}

# Write the pg_hba.conf of a --tcp cluster into DATA: the Unix socket
# trusted as always, localhost TCP with a password (scram-sha-256), nothing
# else.
cluster_tcp_hba() {
	local home=$1 data=$2
	{
		echo "# written by hotline test/cluster.sh (cluster_start --tcp) at each start"
		echo "# TYPE  DATABASE     USER  ADDRESS        METHOD"
		echo "local   all          all                  trust"
		echo "local   replication  all                  trust"
		echo "host    all          all   127.0.0.1/32   scram-sha-256"
		echo "host    all          all   ::1/128        scram-sha-256"
	} >"$home/hba.conf.new"
	if [ "$(id -u)" = 0 ]; then
		chown "$HOTLINE_PG_OWNER:" "$home/hba.conf.new"
	fi
	mv -f "$home/hba.conf.new" "$data/pg_hba.conf"
}

# Create (if needed) and start a cluster in DIR listening on PORT, with
# pg_cron preloaded for database CRON_DB and TimeZone TIMEZONE. Each further
# argument is one postgresql.conf line ("fsync = off"), appended last so it
# wins. An already initialised DIR is started with its settings refreshed.
# --tcp: listen on localhost too, with passwords (see the top of this file);
# without it the server listens only on its socket.
cluster_start() {
	local dir port cron_db tz home data conf setting tcp=0 listen="''"
	if [ "${1:-}" = --tcp ]; then
		tcp=1
		shift
	fi
	[ $# -ge 4 ] || die "usage: cluster_start [--tcp] DIR PORT CRON_DB TIMEZONE [SETTING...]"
	dir=$(cluster_abs "$1")
	port=$2
	cron_db=$3
	tz=$4
	shift 4
	[ -x "$HOTLINE_PG_BINDIR/initdb" ] || die "$HOTLINE_PG_BINDIR/initdb not found: run bash test/setup.sh"
	if [ "$(id -u)" = 0 ] && ! id -u "$HOTLINE_PG_OWNER" >/dev/null 2>&1; then
		die "running as root, but there is no OS user $HOTLINE_PG_OWNER to run the server as (it comes with postgresql-common)"
	fi
	if cluster_running "$dir"; then
		die "a server is already running in $dir: stop it first"
	fi
	if [ -f "$dir/home" ] && [ -d "$(cat "$dir/home")/data" ]; then
		home=$(cat "$dir/home")
	elif [ -d "$dir/data" ]; then
		home=$dir
	else
		home=$(cluster_prepare_home "$dir")
	fi
	data=$home/data
	if [ ! -f "$data/PG_VERSION" ]; then
		rm -rf "$data"
		echo "hotline: initdb $data"
		if ! cluster_as_owner "$HOTLINE_PG_BINDIR/initdb" -D "$data" -U postgres --auth=trust \
			-E UTF8 --locale="$(cluster_locale)" --no-sync >"$home/initdb.log" 2>&1; then
			cat "$home/initdb.log" >&2
			die "initdb failed in $data"
		fi
	fi
	echo "$port" >"$home/port"
	if [ "$tcp" = 1 ]; then
		listen="'$(cluster_tcp_addresses)'"
		cluster_tcp_hba "$home" "$data"
	fi
	conf=$data/postgresql.auto.conf
	# postgresql.auto.conf is read last: our settings go there, rewritten at
	# each start (ALTER SYSTEM would rewrite this file too; we own it here)
	{
		echo "# written by hotline test/cluster.sh at each start"
		echo "listen_addresses = $listen"
		if [ "$tcp" = 1 ]; then
			echo "password_encryption = 'scram-sha-256'"
		fi
		echo "port = $port"
		echo "unix_socket_directories = '$home'"
		echo "unix_socket_permissions = 0777"
		echo "shared_preload_libraries = 'pg_cron'"
		echo "cron.database_name = '$cron_db'"
		# pg_cron reaches the database through libpq: over our socket
		echo "cron.host = '$home'"
		echo "max_worker_processes = 16"
		echo "timezone = '$tz'"
		echo "log_timezone = '$tz'"
		echo "logging_collector = off"
		echo "log_line_prefix = '%m [%p] %q%u@%d '"
		for setting in "$@"; do
			echo "$setting"
		done
	} >"$home/auto.conf.new"
	if [ "$(id -u)" = 0 ]; then
		chown "$HOTLINE_PG_OWNER:" "$home/auto.conf.new" "$home/port"
	fi
	mv -f "$home/auto.conf.new" "$conf"
	if [ "$tcp" = 1 ]; then
		echo "hotline: starting PostgreSQL 15 on port $port, socket in $home, TCP on ${listen//\'/}"
	else
		echo "hotline: starting PostgreSQL 15 on port $port, socket in $home"
	fi
	if ! cluster_as_owner "$HOTLINE_PG_BINDIR/pg_ctl" -D "$data" -l "$home/server.log" -w -t 60 start >/dev/null; then
		cluster_log_tail "$dir"
		die "the server in $data did not start"
	fi
	# pg_ctl -w already waited; make sure connections are accepted
	for _ in $(seq 1 50); do
		if "$HOTLINE_PG_BINDIR/pg_isready" -q -h "$home" -p "$port" -U postgres; then
			return 0
		fi
		sleep 0.2
	done
	cluster_log_tail "$dir"
	die "the server in $data does not accept connections"
}

# Stop the server of DIR (fast shutdown) if it runs; quiet when it does not.
cluster_stop() {
	local home
	[ -d "$1" ] || return 0
	home=$(cluster_home "$1")
	if cluster_running "$1"; then
		echo "hotline: stopping the server in $home/data"
		cluster_as_owner "$HOTLINE_PG_BINDIR/pg_ctl" -D "$home/data" -m fast -w -t 60 stop >/dev/null ||
			echo "hotline: could not stop the server in $home/data" >&2
	fi
}

# Stop the server of DIR and remove DIR (and its fallback home, if any).
cluster_wipe() {
	local dir home
	[ -e "$1" ] || return 0
	dir=$(cluster_abs "$1")
	cluster_stop "$dir"
	home=$(cluster_home "$dir")
	case $home in
	/tmp/hotline-cluster.*) cluster_rm "$home" ;;
	esac
	cluster_rm "$dir"
}

# rm -rf PATH, through sudo when PATH belongs to another user (a cluster
# made by an earlier run as root).
cluster_rm() {
	rm -rf "$1" 2>/dev/null && return 0
	if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then
		sudo rm -rf "$1"
	else
		rm -rf "$1"
	fi
}

# ---------------------------------------------------------------------
# Shared by test/run.sh, test/demo.sh, test/bench/run.sh and test/setup.sh
# ---------------------------------------------------------------------

# Print a message prefixed with hotline: on stderr and exit non-zero.
die() {
	echo "hotline: $*" >&2
	exit 1
}

# Run a command as root: directly when we are root, through sudo otherwise;
# say so and return 1 when neither is possible.
as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		echo "hotline: need root for: $* (run as root or install sudo)" >&2
		return 1
	fi
}

# The environment every project script runs in: English messages from make,
# UTF-8 to the server, and where the test data lives.
project_env() {
	export LC_ALL=C.UTF-8 PGCLIENTENCODING=UTF8
	export MAKEFLAGS="${MAKEFLAGS:-} --no-print-directory"
	export HOTLINE_TEST_DATA=$1/test/data
}
