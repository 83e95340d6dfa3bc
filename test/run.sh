#!/usr/bin/env bash
# hotline: the whole test suite, what `make test` (and so CI) runs.
#
# Installs what is missing (test/setup.sh), builds and installs the
# extension, starts a throwaway PostgreSQL 15 cluster in ./.test (pg_cron
# preloaded, cron.database_name = contrib_regression, TimeZone UTC), then runs
#   1. pg_regress           sql/*.sql against expected/*.out
#   2. pg_isolation_regress test/specs/*.spec against test/expected/*.out
#   3. pgTAP                test/tap/*.sql, each in a fresh database cloned
#                           from a template that has pgtap and hotline
#   3b. layers             test/layers/check.pl: the install script's pieces
#                           in dependency order, no 12345 name below the plugin
#   3c. report             test/report/check.sh: the month's published report
#                           (hotline.assessment_report) parsed and rendered by
#                           headless Chromium, its figures and charts checked
#   3d. invitations        test/ical/check.sh: the home visit's iCalendar
#                           messages parsed by python3-icalendar, a client's
#                           reply written by it imported back
#   4. pg_dump round trip   test/dump/setup.sql, pg_dump, pg_restore, then
#                           test/dump/verify.sql (pgTAP) in the restored database;
#                           then README's backup and restore commands as written
#                           (pg_restore -j 4, pg_cron left out) on two more
#                           clusters, verify.sql and test/dump/after_restore.sql
#   5. upgrade              every shipped version with test/upgrade/data-V.sql,
#                           ALTER EXTENSION hotline UPDATE, compared with a new
#                           installation (test/upgrade/describe.sql) and
#                           test/upgrade/verify.sql (pgTAP)
#   6. replication          two city clusters (南京 320100, 苏州 320500) with a
#                           busy hotline each publish to a province cluster
#                           (江苏 320000) that subscribes to both and pushes its
#                           calendars, units and topics down (README, "Joining
#                           a province"): every row arrives, no conflict,
#                           updates stream
# and ends with one line "N passed, N failed". Exits non-zero when anything
# failed or when no test ran at all.
#
# pgTAP files get the absolute path of test/data as the psql variable
# :test_data (pg_prove --set); every part also sees it as the environment
# variable HOTLINE_TEST_DATA (psql: \getenv test_data HOTLINE_TEST_DATA).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
# shellcheck source=test/cluster.sh
source "$ROOT/test/cluster.sh"

TEST_DIR=$ROOT/.test
LOG_DIR=$TEST_DIR/log
PSQL=$HOTLINE_PG_BINDIR/psql
# psql for the harness's own statements: no psqlrc, no NOTICEs, stop on error
PSQL_Q=("$PSQL" -X -q -v ON_ERROR_STOP=1)
# English messages from make, UTF-8, HOTLINE_TEST_DATA
project_env "$ROOT"

PASSED=0
FAILED=0
SUMMARY=()
CLUSTER_UP=0
CLUSTER_STARTED=0


# Print a section heading.
heading() {
	echo
	echo "==== hotline: $* ===="
}

# Record one part's counts: NAME PASSED FAILED. (Written "passed N, failed
# N" so that only the final line reads "N passed, N failed".)
record() {
	PASSED=$((PASSED + $2))
	FAILED=$((FAILED + $3))
	SUMMARY+=("$(printf '%-12s passed %4d, failed %4d' "$1" "$2" "$3")")
}

# Stop the test cluster if we started it (also run from the EXIT trap).
stop_cluster() {
	if [ "$CLUSTER_UP" = 1 ]; then
		CLUSTER_UP=0
		cluster_stop "$TEST_DIR" || true
	fi
}

# Print the per-part summary and the final "N passed, N failed" line (the
# last line of output), then exit: 0 only if something ran and nothing
# failed.
finish() {
	local line
	if [ "$FAILED" -gt 0 ] && [ "$CLUSTER_STARTED" = 1 ]; then
		server_log_tail || true
	fi
	stop_cluster
	heading "summary"
	for line in "${SUMMARY[@]+"${SUMMARY[@]}"}"; do
		echo "  $line"
	done
	if [ $((PASSED + FAILED)) -eq 0 ]; then
		echo "hotline: no test ran (no sql/*.sql, test/specs/*.spec or test/tap/*.sql)" >&2
	fi
	echo "$PASSED passed, $FAILED failed"
	if [ "$FAILED" -gt 0 ] || [ $((PASSED + FAILED)) -eq 0 ]; then
		exit 1
	fi
	exit 0
}

# Print the end of the test server's log, without the client errors the
# tests raise on purpose (they are in the diffs and pgTAP output already):
# what is left shows crashes, FATALs and the server's own complaints.
server_log_tail() {
	local log
	log=$(cluster_home "$TEST_DIR")/server.log
	[ -f "$log" ] || return 0
	echo
	echo "hotline: $log, last 40 lines (client errors, warnings and their details left out):"
	grep -v -E '^[^[]*\[[0-9]+\] [^ ]*@[^ ]* (ERROR|WARNING|NOTICE|INFO|DETAIL|HINT|STATEMENT|CONTEXT|LOCATION|QUERY):' "$log" |
		grep -v $'^\t' | tail -n 40
}

# Give up before the tests could run: say why, count one failure, finish.
fail_early() {
	echo "hotline: $*" >&2
	record "${STAGE:-setup}" 0 1
	finish
}

# Print the first N lines (default 400) of FILE, saying when it is cut.
show_file() {
	local file=$1 max=${2:-400} lines
	[ -s "$file" ] || return 0
	lines=$(wc -l <"$file")
	echo "---- $file ----"
	head -n "$max" "$file"
	if [ "$lines" -gt "$max" ]; then
		echo "---- ($((lines - max)) more lines in $file) ----"
	fi
}

# Count pg_regress results in LOG; print "passed failed". Accepts the PG15
# format ("test foo ... ok", "     foo ... FAILED") and the TAP-like format
# of PG16+ ("ok 1 - foo", "not ok 2 + bar").
count_regress() {
	awk '
		/^(test +)?[ ]*[^ ]+ +\.\.\. +ok( |$)/            { p++; next }
		/^(test +)?[ ]*[^ ]+ +\.\.\. +failed \(ignored\)/ { p++; next }
		/^(test +)?[ ]*[^ ]+ +\.\.\. +FAILED/             { f++; next }
		/^ *ok [0-9]+ +[-+] /                              { p++; next }
		/^ *not ok [0-9]+ +[-+] /                          { f++; next }
		END { printf "%d %d\n", p, f }
	' "$1"
}

# Run a command with its output shown and kept in LOG, then count its
# results with COUNTER (count_regress or count_tap). Sets RUN_PASSED and
# RUN_FAILED; a command that failed without a failing result line counts as
# one failure, and WHAT says so.
run_counted() {
	local counter=$1 log=$2 what=$3 rc counts
	shift 3
	set +e
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	set -e
	counts=$($counter "$log")
	RUN_PASSED=${counts% *}
	RUN_FAILED=${counts#* }
	if [ "$rc" -ne 0 ] && [ "$RUN_FAILED" -eq 0 ]; then
		echo "hotline: $what failed (exit $rc) before any check failed: counted as one failure" >&2
		RUN_FAILED=1
	fi
}

# pg_prove on FILE in database DB, with the test data path as :test_data.
prove() {
	pg_prove --verbose --nocolor --psql-bin "$PSQL" \
		--host "$PGHOST" --port "$PGPORT" --username "$PGUSER" --dbname "$1" \
		--set "test_data=$HOTLINE_TEST_DATA" "$2"
}

# Run one pg_regress-driven part through PGXS's installcheck: NAME, the
# directory its regression.diffs lands in, then make's variable overrides.
run_installcheck() {
	local name=$1 outdir=$2 log passed failed
	shift 2
	log=$LOG_DIR/$name.log
	heading "$name"
	rm -rf "$outdir/results" "$outdir/regression.diffs" "$outdir/regression.out"
	run_counted count_regress "$log" "$name: make installcheck" make installcheck "$@"
	passed=$RUN_PASSED
	failed=$RUN_FAILED
	if [ "$failed" -eq 0 ] && [ "$passed" -eq 0 ]; then
		echo "hotline: $name: no result line found in the output" >&2
		failed=1
	fi
	if [ "$failed" -gt 0 ]; then
		show_file "$outdir/regression.diffs" 1000
	fi
	# pg_regress stops at the first test without an expected file
	sed -n 's/^.*diff: \(.*\.out\): No such file or directory$/\1/p' "$log" |
		while IFS= read -r missing; do
			echo "hotline: $name: no expected file $missing: check $outdir/results/$(basename "$missing") and copy it there" >&2
		done
	record "$name" "$passed" "$failed"
}

# pg_regress: sql/*.sql, expected output in expected/.
run_regress() {
	if ! compgen -G "sql/*.sql" >/dev/null; then
		echo "hotline: pg_regress: no sql/*.sql, skipped"
		return 0
	fi
	run_installcheck pg_regress "$ROOT" ISOLATION=
}

# Isolation: test/specs/*.spec, expected output in test/expected/.
run_isolation() {
	if ! compgen -G "test/specs/*.spec" >/dev/null; then
		echo "hotline: isolation: no test/specs/*.spec, skipped"
		return 0
	fi
	run_installcheck isolation "$ROOT/output_iso" REGRESS=
}

# Count pgTAP results in LOG (pg_prove --verbose output); print
# "passed failed". "not ok ... # TODO" is an expected failure, so it passes.
count_tap() {
	awk '
		/^not ok [0-9]+.*# *TODO/ { p++; next }
		/^not ok [0-9]+/          { f++; next }
		/^ok [0-9]+/              { p++; next }
		END { printf "%d %d\n", p, f }
	' "$1"
}

# pgTAP: each test/tap/*.sql in its own database cloned from a template with
# pgtap and hotline, run by pg_prove.
run_tap() {
	local files file base db log passed failed total_p=0 total_f=0 n=0
	files=()
	while IFS= read -r file; do
		files+=("$file")
	done < <(compgen -G "test/tap/*.sql" | LC_ALL=C sort)
	if [ "${#files[@]}" -eq 0 ]; then
		echo "hotline: pgTAP: no test/tap/*.sql, skipped"
		return 0
	fi
	heading "pgTAP"
	if ! "${PSQL_Q[@]}" -d postgres -c "SET client_min_messages = warning" \
		-c "DROP DATABASE IF EXISTS hotline_tap_template" \
		-c "CREATE DATABASE hotline_tap_template" ||
		! "${PSQL_Q[@]}" -d hotline_tap_template \
			-c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION hotline CASCADE"; then
		echo "hotline: pgTAP: could not make the template database: every file fails" >&2
		record pgTAP 0 "${#files[@]}"
		return 0
	fi
	for file in "${files[@]}"; do
		n=$((n + 1))
		base=$(basename "$file" .sql)
		db=hotline_tap_$n
		log=$LOG_DIR/tap-$base.log
		if ! "${PSQL_Q[@]}" -d postgres -c "SET client_min_messages = warning" \
			-c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
			-c "CREATE DATABASE $db TEMPLATE hotline_tap_template"; then
			echo "hotline: pgTAP: $file: could not create database $db" >&2
			total_f=$((total_f + 1))
			continue
		fi
		run_counted count_tap "$log" "pgTAP $file" prove "$db" "$file"
		passed=$RUN_PASSED
		failed=$RUN_FAILED
		total_p=$((total_p + passed))
		total_f=$((total_f + failed))
		"${PSQL_Q[@]}" -d postgres -c "DROP DATABASE $db WITH (FORCE)" || true
	done
	record pgTAP "$total_p" "$total_f"
}

# The layers (issue 9, README "Design: Layers"): test/layers/check.pl reads
# the install script's pieces in their order (make print-sql-pieces), the C
# files and the names the 12345 workflow declares (test/layers/words.sql, in
# the pgTAP template database); TAP.
run_layers() {
	local log=$LOG_DIR/layers.log pieces=$LOG_DIR/layers-pieces.txt words=$LOG_DIR/layers-words.txt
	heading "layers"
	if ! make -s print-sql-pieces >"$pieces" ||
		! "${PSQL_Q[@]}" -At -d hotline_tap_template -f test/layers/words.sql >"$words"; then
		echo "hotline: layers: could not list the pieces or the workflow's names" >&2
		record layers 0 1
		return 0
	fi
	run_counted count_tap "$log" "layers: test/layers/check.pl" \
		perl test/layers/check.pl "$pieces" "$words" extension/platform/*.c extension/platform/*.h extension/domain/*.c
	record layers "$RUN_PASSED" "$RUN_FAILED"
}

# The published report in a real browser (issue 11, part 9):
# test/report/check.sh writes the hand-computed month's page and has
# headless Chromium parse and render it; TAP.
run_report() {
	local log=$LOG_DIR/report.log
	heading "report"
	run_counted count_tap "$log" "report: test/report/check.sh" \
		bash test/report/check.sh "$LOG_DIR/report"
	record report "$RUN_PASSED" "$RUN_FAILED"
}

# The home visit's invitations read by another iCalendar implementation
# (issue 13); TAP.
run_ical() {
	local log=$LOG_DIR/ical.log
	heading "invitations"
	run_counted count_tap "$log" "invitations: test/ical/check.sh" bash test/ical/check.sh
	record invitations "$RUN_PASSED" "$RUN_FAILED"
}

# pg_dump round trip: fill a database (test/dump/setup.sql), dump it with
# pg_dump, restore it into a new database with pg_restore, and check there
# with pgTAP (test/dump/verify.sql) that users' calendars came back and the
# built-in rows exist exactly once.
dump_round_trip() {
	"${PSQL_Q[@]}" -d postgres -c "SET client_min_messages = warning" \
		-c "DROP DATABASE IF EXISTS hotline_dump_src WITH (FORCE)" \
		-c "DROP DATABASE IF EXISTS hotline_dump_dst WITH (FORCE)" \
		-c "CREATE DATABASE hotline_dump_src TEMPLATE hotline_tap_template" \
		-c "CREATE DATABASE hotline_dump_dst TEMPLATE template0" &&
		"${PSQL_Q[@]}" -d hotline_dump_src -f test/dump/setup.sql &&
		"$HOTLINE_PG_BINDIR/pg_dump" -Fc -f "$1" hotline_dump_src &&
		"$HOTLINE_PG_BINDIR/pg_restore" --exit-on-error -d hotline_dump_dst "$1" &&
		prove hotline_dump_dst test/dump/verify.sql
}

# README's backup and restore run on two more throwaway clusters: the old
# server, whose hotline database is pg_cron's (cron.database_name =
# hotline), and a new server set up the same way for hotline_new. The main
# test cluster, whose cron.database_name is another database, is a third
# place to restore to.
DUMP_OLD=$TEST_DIR/old-server
DUMP_NEW=$TEST_DIR/new-server
DUMP_UPG=$TEST_DIR/upgraded-server
DUMP_SETTINGS=("fsync = off" "synchronous_commit = off" "full_page_writes = off"
	"shared_buffers = 32MB" "log_min_messages = warning" "log_checkpoints = off")

# Print the code block of README.md after the line that starts with
# "<!-- test: NAME " (the commands of "Backup and restore").
readme_block() {
	awk -v mark="<!-- test: $1 " '
		index($0, mark) == 1 { found = 1; next }
		found == 1 && /^```/ { found = 2; next }
		found == 2 && /^```/ { exit }
		found == 2 { print }
	' README.md
}

# Run psql (the harness's, quiet, stopping on error) in database DB of the
# cluster of directory CLUSTER: psql_in CLUSTER DB [PSQL ARGUMENT...].
psql_in() {
	local cluster=$1 db=$2
	shift 2
	(cluster_env "$cluster" && "${PSQL_Q[@]}" -d "$db" "$@")
}

# Run README's shell block NAME as it is written, each command echoed, in
# directory DIR against the cluster of directory CLUSTER, the PostgreSQL
# binaries under test first on the PATH: run_readme_sh NAME CLUSTER DIR
# [SED], SED an expression applied to the block first (README's "write
# hotline.dir for hotline.dump").
run_readme_sh() {
	local name=$1 cluster=$2 dir=$3 block
	block=$(readme_block "$name")
	if [ -z "$block" ]; then
		echo "hotline: README.md has no code block after a line <!-- test: $name ... -->" >&2
		return 1
	fi
	if [ $# -ge 4 ]; then
		block=$(printf '%s\n' "$block" | sed -e "$4")
	fi
	(cluster_env "$cluster" && cd "$dir" &&
		PATH="$HOTLINE_PG_BINDIR:$PATH" bash -e -o pipefail -x -c "$block")
}

# Run README's SQL block NAME as it is written, each statement echoed, in
# database DB of the cluster of directory CLUSTER.
run_readme_sql() {
	local block
	block=$(readme_block "$1")
	if [ -z "$block" ]; then
		echo "hotline: README.md has no code block after a line <!-- test: $1 ... -->" >&2
		return 1
	fi
	printf '%s\n' "$block" | psql_in "$2" "$3" -e -f -
}

# One check of the harness, as a TAP line counted by count_tap: "ok N -
# WHAT" when the command after WHAT succeeds, else "not ok N - WHAT" and
# false.
DUMP_CHECKS=0
dump_check() {
	local what=$1
	shift
	DUMP_CHECKS=$((DUMP_CHECKS + 1))
	if "$@"; then
		echo "ok $DUMP_CHECKS - $what"
	else
		echo "not ok $DUMP_CHECKS - $what"
		return 1
	fi
}

# True when the table of contents of every archive FILE... names pg_cron's
# extension, its jobs and their history.
dump_toc_cron() {
	local file toc
	for file in "$@"; do
		toc=$("$HOTLINE_PG_BINDIR/pg_restore" -l "$file") || return 1
		grep -q ' EXTENSION - pg_cron ' <<<"$toc" && grep -q ' TABLE DATA cron job ' <<<"$toc" &&
			grep -q ' TABLE DATA cron job_run_details ' <<<"$toc" || return 1
	done
}

# True when database hotline_new of the cluster of directory CLUSTER holds
# nothing of pg_cron: no extension, no schema cron.
dump_no_cron() {
	[ "$(psql_in "$1" hotline_new -A -t -c "SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'" \
		-c "SELECT to_regnamespace('cron') IS NULL")" = $'0\nt' ]
}

# README's backup and restore (Installation, "Backup and restore"), its
# blocks run as they are written. The old server's database hotline holds
# test/dump/setup.sql's hotline, pg_cron, the hotline's jobs and a run in
# pg_cron's history; README's backup dumps it (-Fc, and -Fd -j 4) into
# directory WORK. README's restore (the rows by pg_restore -j 4, pg_cron
# left out) loads the -Fc dump into the main test cluster, where
# cron.database_name is another database, and the -Fd dump into a new
# server whose cron.database_name is hotline_new; test/dump/verify.sql
# checks both. On the new server, README's steps after a restore schedule
# the jobs again (test/dump/after_restore.sql).
dump_readme() {
	local work=$1 port
	rm -rf "$work" && mkdir -p "$work" || return 1

	# the old server; the jobs scheduled on 30 February, so that none runs
	# between setup.sql's snapshot and the dump
	port=$(cluster_free_port $((PGPORT + 1))) &&
		cluster_start "$DUMP_OLD" "$port" hotline UTC "${DUMP_SETTINGS[@]}" &&
		psql_in "$DUMP_OLD" postgres -c "CREATE DATABASE hotline TEMPLATE template0" &&
		psql_in "$DUMP_OLD" hotline -c "SET client_min_messages = warning" -c "CREATE EXTENSION pgtap" \
			-c "CREATE EXTENSION hotline CASCADE" -c "CREATE EXTENSION pg_cron" &&
		psql_in "$DUMP_OLD" hotline -f test/dump/setup.sql &&
		psql_in "$DUMP_OLD" hotline -o /dev/null \
			-c "SELECT * FROM hotline.schedule_jobs(sweep => '0 0 30 2 *', recompute_deadlines => '0 0 30 2 *',
			                                       sample_callbacks => '0 0 30 2 *', archive => '0 0 30 2 *')" \
			-c "SELECT cron.alter_job(jobid, schedule => '0 0 30 2 *') FROM cron.job
			    WHERE jobname ~ '^hotline[.](refresh_statistics|check_histories|audit_histories|kb_remind_reviews)@'" \
			-c "INSERT INTO cron.job_run_details (jobid, database, username, command, status, return_message, start_time, end_time)
			    SELECT jobid, database, username, command, 'succeeded', '1 row', now(), now()
			    FROM cron.job WHERE jobname = 'hotline.sweep@hotline'" || return 1

	dump_check "README's backup on the old server (pg_dump -Fc, pg_dump -Fd -j 4)" \
		run_readme_sh backup "$DUMP_OLD" "$work" || return 1
	dump_check "the dumps carry pg_cron: CREATE EXTENSION pg_cron, its jobs and their history" \
		dump_toc_cron "$work/hotline.dump" "$work/hotline.dir" || return 1

	# the main test cluster
	"${PSQL_Q[@]}" -d postgres -c "SET client_min_messages = warning" \
		-c "DROP DATABASE IF EXISTS hotline_new WITH (FORCE)" || return 1
	dump_check "README's restore of the -Fc dump into a server whose cron.database_name is another database" \
		run_readme_sh restore "$TEST_DIR" "$work" || return 1
	dump_check "nothing of pg_cron came back" dump_no_cron "$TEST_DIR"
	prove hotline_new test/dump/verify.sql

	# the new server
	port=$(cluster_free_port $((port + 1))) &&
		cluster_start "$DUMP_NEW" "$port" hotline_new UTC "${DUMP_SETTINGS[@]}" || return 1
	dump_check "README's restore of the -Fd dump into a new server whose cron.database_name is hotline_new" \
		run_readme_sh restore "$DUMP_NEW" "$work" 's/hotline\.dump/hotline.dir/g' || return 1
	dump_check "nothing of pg_cron came back" dump_no_cron "$DUMP_NEW"
	(cluster_env "$DUMP_NEW" && prove hotline_new test/dump/verify.sql)
	dump_check "README's steps after a restore, on the new server" \
		run_readme_sql after-restore "$DUMP_NEW" hotline_new || return 1
	(cluster_env "$DUMP_NEW" && prove hotline_new test/dump/after_restore.sql)

	dump_pg_upgrade
}

# pg_upgrade, what a DBA runs for a new major version of PostgreSQL (here 15
# to 15: the same check of reg* columns, libraries and catalogs): the old
# server's cluster, with its busy hotline database and pg_cron, into a new
# cluster, where test/dump/verify.sql then checks the hotline.
dump_pg_upgrade() {
	local port old_port home_old home_upg cmd
	old_port=$(cat "$(cluster_home "$DUMP_OLD")/port")
	port=$(cluster_free_port $((old_port + 10))) || return 1
	# the new cluster: initialised with the settings of the others (pg_cron
	# preloaded, which pg_upgrade's check of libraries needs), then stopped
	cluster_start "$DUMP_UPG" "$port" hotline UTC "${DUMP_SETTINGS[@]}" >/dev/null &&
		cluster_stop "$DUMP_UPG" && cluster_stop "$DUMP_OLD" || return 1
	home_old=$(cluster_home "$DUMP_OLD")
	home_upg=$(cluster_home "$DUMP_UPG")
	cmd=("$HOTLINE_PG_BINDIR/pg_upgrade" -b "$HOTLINE_PG_BINDIR" -B "$HOTLINE_PG_BINDIR"
		-d "$home_old/data" -D "$home_upg/data" -p "$old_port" -P "$port" -U postgres
		--socketdir "$home_upg")
	# pg_upgrade writes its scripts into the current directory
	if [ "$(id -u)" = 0 ]; then
		dump_check "pg_upgrade of the old server's cluster (its busy hotline database, pg_cron)" \
			bash -c "cd '$home_upg' && runuser -u '$HOTLINE_PG_OWNER' -- $(printf '%q ' "${cmd[@]}")" || return 1
	else
		dump_check "pg_upgrade of the old server's cluster (its busy hotline database, pg_cron)" \
			bash -c "cd '$home_upg' && $(printf '%q ' "${cmd[@]}")" || return 1
	fi
	cluster_start "$DUMP_UPG" "$port" hotline UTC "${DUMP_SETTINGS[@]}" >/dev/null || return 1
	# unlike a restore, pg_upgrade keeps pg_cron and the jobs the old server
	# had scheduled; unscheduled, the hotline is what setup.sql left
	dump_check "the jobs came through pg_upgrade, scheduled in pg_cron as before" \
		dump_jobs_kept "$DUMP_UPG" || return 1
	psql_in "$DUMP_UPG" hotline -o /dev/null -c "SELECT hotline.unschedule_jobs()" || return 1
	(cluster_env "$DUMP_UPG" && prove hotline test/dump/verify.sql)
}

# True when the hotline database of cluster DIR has its nine jobs (the eight
# built-in ones and setup.sql's own) in hotline.job_schedule, each with its
# pg_cron job.
dump_jobs_kept() {
	local n
	n=$(psql_in "$1" hotline -A -t -c "SELECT count(*) FROM hotline.job_schedule s
	                                    JOIN cron.job j ON j.jobid = s.cron_job_id AND j.jobname = s.cron_job_name") &&
		[ "$n" = 9 ]
}

# Stop and remove the clusters of directories DIR..., with the end of their
# logs first when FAILED is more than 0: clusters_wipe FAILED DIR...
clusters_wipe() {
	local failed=$1 dir
	shift
	for dir in "$@"; do
		[ -e "$dir" ] || continue
		if [ "$failed" -gt 0 ]; then
			cluster_log_tail "$dir" 20 || true
		fi
		cluster_wipe "$dir" || true
	done
}

# Stop and remove the old and the new server of dump_readme, with the end
# of their logs first when something failed.
dump_servers_wipe() {
	clusters_wipe "${1:-0}" "$DUMP_OLD" "$DUMP_NEW" "$DUMP_UPG"
}

# The pg_dump part: dump_round_trip, then dump_readme, counted, then their
# databases and clusters dropped.
run_dump() {
	local log=$LOG_DIR/dump.log dumpfile=$LOG_DIR/dump.custom passed failed
	[ -f test/dump/setup.sql ] && [ -f test/dump/verify.sql ] || return 0
	heading "pg_dump round trip"
	run_counted count_tap "$log" "pg_dump round trip" dump_round_trip "$dumpfile"
	passed=$RUN_PASSED
	failed=$RUN_FAILED
	"${PSQL_Q[@]}" -d postgres -c "DROP DATABASE IF EXISTS hotline_dump_src WITH (FORCE)" \
		-c "DROP DATABASE IF EXISTS hotline_dump_dst WITH (FORCE)" || true

	heading "pg_dump: README's backup and restore (pg_restore -j 4, pg_cron)"
	trap 'dump_servers_wipe; stop_cluster' EXIT
	run_counted count_tap "$LOG_DIR/dump-readme.log" "README's backup and restore" dump_readme "$LOG_DIR/restore"
	passed=$((passed + RUN_PASSED))
	failed=$((failed + RUN_FAILED))
	dump_servers_wipe "$RUN_FAILED"
	trap stop_cluster EXIT
	"${PSQL_Q[@]}" -d postgres -c "DROP DATABASE IF EXISTS hotline_new WITH (FORCE)" || true
	record pg_dump "$passed" "$failed"
}

# Upgrade: a database with a shipped version of the extension
# (extension/upgrade/hotline--VERSION.sql) and a busy hotline in it as
# that version's library left it (test/upgrade/data-VERSION.sql, made by
# test/upgrade/setup-VERSION.sql) is updated with ALTER EXTENSION hotline
# UPDATE; the update must reach what a new installation has
# (test/upgrade/describe.sql of both, compared line by line: one check) and
# the hotline must go on (test/upgrade/verify.sql, pgTAP).
upgrade_check() {
	local from=$1 old=$LOG_DIR/upgrade-updated.txt new=$LOG_DIR/upgrade-new.txt
	"${PSQL_Q[@]}" -d postgres -c "SET client_min_messages = warning" \
		-c "DROP DATABASE IF EXISTS hotline_upgrade WITH (FORCE)" \
		-c "DROP DATABASE IF EXISTS hotline_upgrade_new WITH (FORCE)" \
		-c "CREATE DATABASE hotline_upgrade TEMPLATE template0" \
		-c "CREATE DATABASE hotline_upgrade_new TEMPLATE template0" || return 1
	"${PSQL_Q[@]}" -d hotline_upgrade -c "SET client_min_messages = warning" \
		-c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION hotline VERSION '$from' CASCADE" || return 1
	"${PSQL_Q[@]}" -d hotline_upgrade -f "test/upgrade/data-$from.sql" >/dev/null || return 1
	"${PSQL_Q[@]}" -d hotline_upgrade -c "ALTER EXTENSION hotline UPDATE" || return 1
	"${PSQL_Q[@]}" -d hotline_upgrade_new -c "SET client_min_messages = warning" \
		-c "CREATE EXTENSION hotline CASCADE" || return 1
	"${PSQL_Q[@]}" -A -t -d hotline_upgrade -f test/upgrade/describe.sql >"$old" 2>&1 || return 1
	"${PSQL_Q[@]}" -A -t -d hotline_upgrade_new -f test/upgrade/describe.sql >"$new" 2>&1 || return 1
	if diff -u "$new" "$old" >"$LOG_DIR/upgrade.diff"; then
		echo "ok 1 - hotline $from updated has what a new installation has ($(wc -l <"$new") lines of test/upgrade/describe.sql)"
	else
		echo "not ok 1 - hotline $from updated differs from a new installation (- new, + updated):"
		head -n 200 "$LOG_DIR/upgrade.diff"
	fi
	prove hotline_upgrade test/upgrade/verify.sql
	upgrade_superuser_hook "$from"
}

# A hook of a user's workflow whose function a superuser owns stops the
# update (0.1.0 did not record who registered a hook; it would keep a
# superuser's rights): one check.
upgrade_superuser_hook() {
	local from=$1 out
	"${PSQL_Q[@]}" -d postgres -c "SET client_min_messages = warning" \
		-c "DROP DATABASE IF EXISTS hotline_upgrade_hook WITH (FORCE)" \
		-c "CREATE DATABASE hotline_upgrade_hook TEMPLATE template0" || return 1
	"${PSQL_Q[@]}" -d hotline_upgrade_hook -c "SET client_min_messages = warning" \
		-c "CREATE EXTENSION hotline VERSION '$from' CASCADE" \
		-c "CREATE FUNCTION public.audit_hook(hotline.order_no, bigint, text, jsonb) RETURNS void LANGUAGE sql AS 'SELECT'" \
		-c "SELECT hotline.register_workflow('{\"name\": \"audit\", \"description\": \"审计\", \"initial_state\": \"open\",
		    \"states\": [{\"scope\": \"order\", \"state\": \"open\"}],
		    \"actions\": [{\"action\": \"open\", \"scope\": \"order\", \"from\": [\"new\"], \"to\": \"open\", \"roles\": [\"agent\"]}],
		    \"hooks\": [{\"action\": \"open\", \"timing\": \"after\", \"function\": \"public.audit_hook(hotline.order_no, bigint, text, jsonb)\"}]}')" \
		>/dev/null || return 1
	out=$("${PSQL_Q[@]}" -d hotline_upgrade_hook -c "ALTER EXTENSION hotline UPDATE" 2>&1)
	if printf '%s' "$out" | grep -q "hooks of users' workflows whose functions a superuser owns: public.audit_hook"; then
		echo "ok 2 - a user's hook owned by a superuser stops the update from $from, named"
	else
		echo "not ok 2 - a user's hook owned by a superuser did not stop the update from $from: $out"
	fi
	"${PSQL_Q[@]}" -d postgres -c "DROP DATABASE IF EXISTS hotline_upgrade_hook WITH (FORCE)" >/dev/null || true
}

# The upgrade part: upgrade_check from every shipped version, counted.
run_upgrade() {
	local file from log passed=0 failed=0
	heading "upgrade"
	for file in extension/upgrade/hotline--*.sql; do
		[ -e "$file" ] || continue
		case "$file" in *--*--*) continue ;; esac
		from=${file##*/hotline--}
		from=${from%.sql}
		[ -f "test/upgrade/data-$from.sql" ] || continue
		log=$LOG_DIR/upgrade-$from.log
		run_counted count_tap "$log" "upgrade from $from" upgrade_check "$from"
		passed=$((passed + RUN_PASSED))
		failed=$((failed + RUN_FAILED))
	done
	"${PSQL_Q[@]}" -d postgres -c "DROP DATABASE IF EXISTS hotline_upgrade WITH (FORCE)" \
		-c "DROP DATABASE IF EXISTS hotline_upgrade_new WITH (FORCE)" || true
	[ $((passed + failed)) -gt 0 ] && record upgrade "$passed" "$failed"
	return 0
}

# Logical replication, city -> province and province -> city (README,
# Design: Keys, "Joining a province"): three more throwaway clusters with
# wal_level = logical.  The province (江苏 320000) publishes its calendar js,
# unit js-gov and topic js-hb; each city (南京 320100, 苏州 320500) follows it,
# runs a busy hotline (test/replication/city.sql: the same citizen's phone
# in both) and publishes it; the province subscribes to both cities.  Every
# wait polls a condition, at most REPL_TIMEOUT seconds.
REPL_PROVINCE=$TEST_DIR/province
REPL_NANJING=$TEST_DIR/city-nanjing
REPL_SUZHOU=$TEST_DIR/city-suzhou
REPL_TIMEOUT=120
REPL_ORDER_SIDE=(work_order assignment order_event alarm public_notice supervision supervision_record repeat_member)

# psql -A -t in database hotline of the cluster of directory CLUSTER: one
# query's value.
repl_value() {
	psql_in "$1" hotline -A -t -c "$2"
}

# Poll the query of the cluster of directory CLUSTER until it returns t, at
# most REPL_TIMEOUT seconds: repl_wait CLUSTER QUERY.
repl_wait() {
	local deadline=$((SECONDS + REPL_TIMEOUT))
	while [ "$SECONDS" -lt "$deadline" ]; do
		[ "$(repl_value "$1" "$2" 2>/dev/null)" = t ] && return 0
		sleep 0.2
	done
	echo "hotline: replication: after ${REPL_TIMEOUT}s still not true: $2" >&2
	return 1
}

# True when every table of every subscription of the cluster is ready
# (initial copy done) and its apply workers run.
repl_synced() {
	repl_wait "$1" "SELECT NOT EXISTS (SELECT 1 FROM pg_subscription_rel WHERE srsubstate <> 'r')
	                AND (SELECT count(*) FROM pg_stat_subscription WHERE relid IS NULL AND pid IS NOT NULL)
	                    = (SELECT count(*) FROM pg_subscription)"
}

# The rows of table TBL of schema hotline that belong to the city whose
# districts start with PREFIX (orders by their number, lists by the city's
# id range), as one md5, the same query on every cluster.
repl_digest_sql() {
	local tbl=$1 prefix=$2 region=$3
	case "$tbl" in
	unit | topic | citizen | repeat_group)
		echo "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, ',' ORDER BY t.id)), '-')
		      FROM hotline.$tbl t, hotline.node_id_range('$region') r WHERE t.id BETWEEN r.first_id AND r.last_id" ;;
	repeat_member)
		echo "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, ',' ORDER BY t.order_no, t.group_id)), '-')
		      FROM hotline.$tbl t WHERE hotline.order_no_region(t.order_no) LIKE '$prefix%'" ;;
	work_order)
		echo "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, ',' ORDER BY t.order_no)), '-')
		      FROM hotline.$tbl t WHERE hotline.order_no_region(t.order_no) LIKE '$prefix%'" ;;
	*)
		echo "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, ',' ORDER BY t.order_no, t.id)), '-')
		      FROM hotline.$tbl t WHERE hotline.order_no_region(t.order_no) LIKE '$prefix%'" ;;
	esac
}

# True when the province holds every row of CITY's table TBL as the city
# has it (count and digest), waiting for it: repl_same CITY PREFIX REGION TBL.
repl_same() {
	local sql want
	sql=$(repl_digest_sql "$4" "$2" "$3")
	want=$(repl_value "$1" "$sql") || return 1
	[ "${want%% *}" -gt 0 ] || [ "$4" = public_notice ] || [ "$4" = repeat_member ] || [ "$4" = repeat_group ] || {
		echo "hotline: replication: the city has no row in $4" >&2
		return 1
	}
	repl_wait "$REPL_PROVINCE" "SELECT ($sql) = '$want'"
}

# The whole part, as TAP lines (dump_check).
replication() {
	local port conn_p city name region district prefix tbl sql
	port=$(cluster_free_port $((PGPORT + 20))) &&
		cluster_start "$REPL_PROVINCE" "$port" hotline UTC "${DUMP_SETTINGS[@]}" "wal_level = logical" >/dev/null &&
		port=$(cluster_free_port $((port + 1))) &&
		cluster_start "$REPL_NANJING" "$port" hotline UTC "${DUMP_SETTINGS[@]}" "wal_level = logical" >/dev/null &&
		port=$(cluster_free_port $((port + 1))) &&
		cluster_start "$REPL_SUZHOU" "$port" hotline UTC "${DUMP_SETTINGS[@]}" "wal_level = logical" >/dev/null || return 1
	for city in "$REPL_PROVINCE" "$REPL_NANJING" "$REPL_SUZHOU"; do
		psql_in "$city" postgres -c "CREATE DATABASE hotline TEMPLATE template0" &&
			psql_in "$city" hotline -c "SET client_min_messages = warning" -c "CREATE EXTENSION hotline CASCADE" || return 1
	done
	conn_p="host=$(cluster_home "$REPL_PROVINCE") port=$(cat "$(cluster_home "$REPL_PROVINCE")/port") dbname=hotline user=postgres"

	# the province: its node, its shared lists, its publication
	dump_check "the province (320000) publishes its own calendars, workflows, units and topics" \
		psql_in "$REPL_PROVINCE" hotline -o /dev/null -c "SELECT hotline.set_node('320000')" \
		-c "INSERT INTO hotline.calendar (name, base, time_zone, description) VALUES ('js', 'cn', 'Asia/Shanghai', '江苏省')" \
		-c "INSERT INTO hotline.calendar_day (calendar, day, kind, note, source) VALUES ('js', '2026-12-24', 'holiday', '示例', 'test')" \
		-c "INSERT INTO hotline.unit (code, name, region, kind, calendar) VALUES ('js-gov', '江苏省人民政府办公厅', '320000', 'department', 'js')" \
		-c "INSERT INTO hotline.topic (code, name) VALUES ('js-hb', '城乡建设')" \
		-c "SELECT hotline.publish_province()" || return 1

	# the cities follow the province, run their hotline and publish it
	for city in nanjing:320100:320102:nj suzhou:320500:320505:sz; do
		IFS=: read -r name region district prefix <<<"$city"
		city=$TEST_DIR/city-$name
		dump_check "city $name ($region) subscribes to the province" \
			psql_in "$city" hotline -o /dev/null -c "SET client_min_messages = warning" \
			-c "SELECT hotline.set_node('$region')" -c "SELECT hotline.follow_province()" \
			-c "CREATE SUBSCRIPTION ${name}_from_province CONNECTION '$conn_p' PUBLICATION hotline_province" || return 1
		dump_check "the province's calendar, unit and topic reach $name" \
			repl_synced "$city" || return 1
		repl_wait "$city" "SELECT EXISTS (SELECT 1 FROM hotline.unit WHERE code = 'js-gov')
		                   AND EXISTS (SELECT 1 FROM hotline.calendar_day WHERE calendar = 'js')" || return 1
		dump_check "a busy hotline in $name (test/replication/city.sql)" \
			psql_in "$city" hotline -v "district=$district" -v "p=$prefix" -f test/replication/city.sql || return 1
		dump_check "$name publishes (hotline.publish_city)" \
			psql_in "$city" hotline -o /dev/null -c "SELECT hotline.publish_city()" || return 1
		dump_check "the province subscribes to $name" \
			psql_in "$REPL_PROVINCE" hotline -o /dev/null -c "SET client_min_messages = warning" -c "CREATE SUBSCRIPTION province_from_$name
			    CONNECTION 'host=$(cluster_home "$city") port=$(cat "$(cluster_home "$city")/port") dbname=hotline user=postgres'
			    PUBLICATION hotline_city" || return 1
	done
	dump_check "the province's subscriptions to both cities copied every table" repl_synced "$REPL_PROVINCE" || return 1

	# every row of both cities, as the city has it
	for city in nanjing:320100:3201 suzhou:320500:3205; do
		IFS=: read -r name region prefix <<<"$city"
		for tbl in "${REPL_ORDER_SIDE[@]}" citizen unit topic repeat_group; do
			dump_check "every $tbl row of $name is in the province as in $name" \
				repl_same "$TEST_DIR/city-$name" "$prefix" "$region" "$tbl"
		done
	done
	sql="SELECT (SELECT count(*) FROM hotline.work_order o LEFT JOIN hotline.citizen c ON c.id = o.citizen_id
	             WHERE o.citizen_id IS NOT NULL AND c.region IS DISTINCT FROM left(o.region, 4) || '00')
	          + (SELECT count(*) FROM hotline.assignment a LEFT JOIN hotline.work_order o ON o.order_no = a.order_no
	             LEFT JOIN hotline.unit u ON u.id = a.unit_id WHERE o.order_no IS NULL OR u.id IS NULL)
	          + (SELECT count(*) FROM hotline.order_event e LEFT JOIN hotline.assignment a
	             ON a.order_no = e.order_no AND a.id = e.assignment_id WHERE e.assignment_id IS NOT NULL AND a.id IS NULL)
	          + (SELECT count(*) FROM hotline.supervision_record r LEFT JOIN hotline.supervision s
	             ON s.order_no = r.order_no AND s.id = r.supervision_id WHERE s.id IS NULL) = 0"
	dump_check "in the province every order's citizen is its city's, every assignment, event and record finds its own by the keys" \
		[ "$(repl_value "$REPL_PROVINCE" "$sql")" = t ] || return 1
	dump_check "the same phone in the two cities is two citizens in the province" \
		[ "$(repl_value "$REPL_PROVINCE" "SELECT string_agg(region, ',' ORDER BY region) FROM hotline.citizen WHERE phone = '13912345678'")" = 320100,320500 ] || return 1
	dump_check "the built-in calendar cn and workflows (12345, home visit) are the province's own, once" \
		[ "$(repl_value "$REPL_PROVINCE" "SELECT (SELECT count(*) FROM hotline.calendar WHERE name = 'cn' AND builtin)
		        + (SELECT count(*) FROM hotline.workflow WHERE builtin)")" = 3 ] || return 1

	# updates stream: an action in Nanjing, a citizen's new name in Suzhou
	dump_check "an action in nanjing (reply) and a citizen's name in suzhou are done" \
		psql_in "$REPL_NANJING" hotline -o /dev/null -c "SELECT hotline.reply(order_no, 'nj-zjw', '已责令停工', true, 'phone') FROM public.city_order WHERE name = 'open'" \
		-c "SELECT hotline.review(order_no, true) FROM public.city_order WHERE name = 'open'" || return 1
	psql_in "$REPL_SUZHOU" hotline -o /dev/null -c "SELECT hotline.accept(region => '320505', appeal_type => 'help', channel => 'phone',
		description => '再次来电', citizen_phone => '13912345678', citizen_name => '张先生', actor => '话务员 06')" || return 1
	dump_check "they stream to the province: the order's state, its assignment and events" \
		repl_same "$REPL_NANJING" 3201 320100 work_order && repl_same "$REPL_NANJING" 3201 320100 assignment &&
		repl_same "$REPL_NANJING" 3201 320100 order_event || return 1
	dump_check "the province verifies both cities' histories: every hash chain came through intact (R-1.6)" \
		[ "$(repl_value "$REPL_PROVINCE" "SELECT count(*) FROM hotline.verify_histories()")" = 0 ] || return 1
	dump_check "and the citizen's name, Nanjing's citizen of the same phone untouched" \
		repl_wait "$REPL_PROVINCE" "SELECT string_agg(region || ':' || coalesce(name, '-'), ',' ORDER BY region)
		                            = '320100:王女士,320500:张先生' FROM hotline.citizen WHERE phone = '13912345678'" || return 1

	# the shared lists pushed down do not collide with the cities' own
	psql_in "$REPL_PROVINCE" hotline -o /dev/null \
		-c "INSERT INTO hotline.unit (code, name, region, kind) VALUES ('js-sthj', '江苏省生态环境厅', '320000', 'department')" || return 1
	for city in nanjing suzhou; do
		dump_check "a unit the province adds later reaches $city, with the province's id" \
			repl_wait "$TEST_DIR/city-$city" "SELECT id BETWEEN 320000000000000000 AND 320000999999999999
			                                  FROM hotline.unit WHERE code = 'js-sthj'" || return 1
		dump_check "in $city the province's units and the city's own have different ids, and cn is there once" \
			[ "$(repl_value "$TEST_DIR/city-$city" "SELECT count(DISTINCT id) = count(*) AND count(*) FILTER (WHERE id <= 320000999999999999) = 2
			     AND (SELECT count(*) FROM hotline.calendar WHERE name = 'cn') = 1 FROM hotline.unit")" = t ] || return 1
	done
	dump_check "the province's subscriptions ran without an error (no conflict)" \
		[ "$(repl_value "$REPL_PROVINCE" "SELECT count(*) FROM pg_stat_subscription WHERE relid IS NULL AND pid IS NOT NULL")" = 2 ] &&
		! grep -E 'ERROR|conflict' "$(cluster_home "$REPL_PROVINCE")/server.log" || return 1
}

# Stop and remove the replication clusters, with the end of their logs
# when something failed.
replication_wipe() {
	clusters_wipe "${1:-0}" "$REPL_PROVINCE" "$REPL_NANJING" "$REPL_SUZHOU"
}

# The replication part, counted.
run_replication() {
	[ -f test/replication/city.sql ] || return 0
	heading "logical replication: two cities and their province"
	trap 'replication_wipe; stop_cluster' EXIT
	DUMP_CHECKS=0
	run_counted count_tap "$LOG_DIR/replication.log" "logical replication" replication
	replication_wipe "$RUN_FAILED"
	trap stop_cluster EXIT
	record replication "$RUN_PASSED" "$RUN_FAILED"
}

# When the cluster had to live outside the work tree (the server's OS user
# cannot reach it), give the server its own copy of test/data, so that tests
# reading files server-side (pg_read_binary_file(:'test_data' || ...)) work.
share_test_data() {
	local home
	home=$(cluster_home "$TEST_DIR")
	[ "$home" != "$TEST_DIR" ] || return 0
	[ -d "$ROOT/test/data" ] || return 0
	cp -R "$ROOT/test/data" "$home/test-data"
	if [ "$(id -u)" = 0 ]; then
		chown -R "$HOTLINE_PG_OWNER:" "$home/test-data"
	fi
	export HOTLINE_TEST_DATA=$home/test-data
	echo "hotline: test data copied to $HOTLINE_TEST_DATA for the server"
}

main() {
	trap stop_cluster EXIT
	trap 'echo "hotline: interrupted" >&2; exit 130' INT TERM

	STAGE=setup
	heading "dependencies"
	bash "$ROOT/test/setup.sh" || fail_early "test/setup.sh failed: could not install the packages"
	echo "hotline: packages ok"

	STAGE=build
	heading "build"
	make || fail_early "the build failed"
	as_root make install || fail_early "make install failed"

	STAGE=cluster
	heading "cluster"
	cluster_wipe "$TEST_DIR" || fail_early "could not remove $TEST_DIR"
	mkdir -p "$TEST_DIR"
	PORT=$(cluster_free_port "${HOTLINE_TEST_PORT:-55432}") || fail_early "no free port"
	CLUSTER_UP=1
	CLUSTER_STARTED=1
	(cluster_start "$TEST_DIR" "$PORT" contrib_regression UTC \
		"fsync = off" "synchronous_commit = off" "full_page_writes = off" \
		"log_min_messages = warning" "log_checkpoints = off") || fail_early "could not start the test cluster"
	cluster_env "$TEST_DIR"
	mkdir -p "$LOG_DIR"
	share_test_data

	STAGE=tests
	run_regress
	run_isolation
	run_tap
	run_layers
	run_report
	run_ical
	run_dump
	run_upgrade
	run_replication
	finish
}

main "$@"
