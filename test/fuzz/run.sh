#!/usr/bin/env bash
# hotline: a bounded fuzzing run of every input path written in C, what
# `make fuzz` runs (README: Testing > Fuzzing).
#
# Installs what is missing (test/setup.sh, and python3 for the driver),
# builds and installs the extension, starts a throwaway PostgreSQL 15
# cluster in ./.fuzz/cluster on a free port, creates database hotline_fuzz
# with hotline and the fixtures of test/fuzz/setup.sql, then runs the driver
# test/fuzz/fuzz.py (Python 3 talking to libpq through ctypes: no Python
# package needed) for FUZZ_SECONDS, prints a table per target (calls, ok,
# errors, timeouts, overruns, invalid, XX000, crashes) and one summary line, and
# stops the cluster. Exits non-zero when a call crashed the backend, raised
# an internal error (XX000), returned a value its type cannot output
# (invalid) or ignored its statement timeout (overrun); the inputs are kept
# in .fuzz/crashes/, .fuzz/xx000/, .fuzz/invalid/ and .fuzz/overruns/, the
# report in .fuzz/report.txt.
#
#   FUZZ_SECONDS=180       how long to fuzz (1200 for the 20-minute run)
#   FUZZ_SEED=N            the random seed (printed at the start of each run)
#   FUZZ_TARGETS=a,b       only these targets (order_no, time_limit,
#                          import_ics, register_workflow, engine, text,
#                          calendar, calendar_rows, rows, reports)
#   FUZZ_TIMEOUT_MS=2000   statement_timeout of every fuzz call
#   FUZZ_SKIP_KNOWN=1      steer clear of inputs of bugs already known
#                          (hook type confusion, set_due arrays of arrays,
#                          huge text_grams and import_ics source inputs)
#
#   bash test/fuzz/run.sh --replay .fuzz/crashes/LABEL-1.json
#                          runs the calls of one finding again on a fresh
#                          fuzz cluster and prints what each did
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$ROOT"
# shellcheck source=test/cluster.sh
source "$ROOT/test/cluster.sh"

FUZZ_DIR=$ROOT/.fuzz
CLUSTER_DIR=$FUZZ_DIR/cluster
FUZZ_DB=hotline_fuzz
PSQL=$HOTLINE_PG_BINDIR/psql
PYTHON=/usr/bin/python3
CLUSTER_UP=0
project_env "$ROOT"

# Stop the fuzz cluster if we started it (EXIT trap).
stop_cluster() {
	if [ "$CLUSTER_UP" = 1 ]; then
		CLUSTER_UP=0
		cluster_stop "$CLUSTER_DIR" || true
	fi
}

# The driver runs on Debian's python3 (ctypes and libpq5 are all it needs);
# install it when the machine has none.
ensure_python() {
	if [ -x "$PYTHON" ] && "$PYTHON" -c 'import ctypes, ctypes.util' 2>/dev/null; then
		return 0
	fi
	echo "hotline: installing python3 for the fuzz driver"
	as_root apt-get update -q || die "apt-get update failed"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3 libpq5 ||
		die "apt-get install python3 failed"
}

main() {
	local replay="" home rc
	local -a extra=()
	if [ "${1:-}" = "--replay" ]; then
		[ -f "${2:-}" ] || die "usage: bash test/fuzz/run.sh --replay FINDING.json"
		replay=$(cd "$(dirname "$2")" && pwd -P)/$(basename "$2")
	fi
	trap stop_cluster EXIT
	trap 'echo "hotline: interrupted" >&2; exit 130' INT TERM
	bash "$ROOT/test/setup.sh"
	ensure_python
	make
	as_root make install || die "make install failed"

	cluster_wipe "$CLUSTER_DIR"
	mkdir -p "$CLUSTER_DIR"
	# .fuzz/ holds a run's cluster, findings and report: never committed
	echo '*' >"$FUZZ_DIR/.gitignore"
	CLUSTER_UP=1
	# Error messages quote their input: ERRORs and their statements stay out
	# of the server log (log_min_messages = log keeps crashes and restarts),
	# so megabytes of fuzz input never reach the disk through it.
	cluster_start "$CLUSTER_DIR" "$(cluster_free_port 55600)" "$FUZZ_DB" UTC \
		"fsync = off" "synchronous_commit = off" "full_page_writes = off" \
		"log_min_messages = log" "log_min_error_statement = panic" "log_error_verbosity = terse" \
		"log_checkpoints = off" "restart_after_crash = on" "max_connections = 20"
	cluster_env "$CLUSTER_DIR"
	home=$(cluster_home "$CLUSTER_DIR")
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $FUZZ_DB"
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$FUZZ_DB" -c "SET client_min_messages = warning" \
		-c "CREATE EXTENSION hotline CASCADE"
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$FUZZ_DB" -f "$ROOT/test/fuzz/setup.sql" >/dev/null

	set +e
	if [ -n "$replay" ]; then
		"$PYTHON" -B "$ROOT/test/fuzz/fuzz.py" --root "$ROOT" --dbname "$FUZZ_DB" \
			--timeout-ms "${FUZZ_TIMEOUT_MS:-2000}" --replay "$replay"
		rc=$?
	else
		rm -rf "$FUZZ_DIR/crashes" "$FUZZ_DIR/xx000" "$FUZZ_DIR/invalid" "$FUZZ_DIR/overruns" "$FUZZ_DIR/report.txt"
		[ -n "${FUZZ_SEED:-}" ] && extra+=(--seed "$FUZZ_SEED")
		[ "${FUZZ_SKIP_KNOWN:-0}" = 1 ] && extra+=(--skip-known)
		"$PYTHON" -B "$ROOT/test/fuzz/fuzz.py" --root "$ROOT" --dbname "$FUZZ_DB" --out "$FUZZ_DIR" \
			--server-log "$home/server.log" --seconds "${FUZZ_SECONDS:-180}" \
			--targets "${FUZZ_TARGETS:-}" --timeout-ms "${FUZZ_TIMEOUT_MS:-2000}" \
			${extra[@]+"${extra[@]}"}
		rc=$?
	fi
	set -e
	stop_cluster
	if [ "$rc" -ne 0 ] && [ -z "$replay" ]; then
		echo "hotline: fuzzing found problems: inputs in ${FUZZ_DIR#"$ROOT"/}/{crashes,xx000,invalid,overruns}/, report in ${FUZZ_DIR#"$ROOT"/}/report.txt, server log in $home/server.log" >&2
	fi
	return "$rc"
}

main "$@"
