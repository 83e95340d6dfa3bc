#!/usr/bin/env bash
# hotline: the home visit's invitations read by an independent iCalendar
# implementation (issue 13, R-13.3), as TAP; run by test/run.sh.
#
#   bash test/ical/check.sh
#
# In a new database of the cluster the libpq environment names:
# test/ical/invitations.sql, then test/ical/check.py (Debian's python3 and
# python3-icalendar, not another interpreter on the PATH).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
BINDIR=${HOTLINE_PG_BINDIR:-/usr/lib/postgresql/15/bin}
DB=hotline_ical
PSQL=("$BINDIR/psql" -X -q -v ON_ERROR_STOP=1)

"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
"${PSQL[@]}" -d "$DB" -c "SET client_min_messages = warning" -c "CREATE EXTENSION hotline CASCADE"
"${PSQL[@]}" -d "$DB" -1 -o /dev/null -f "$ROOT/test/ical/invitations.sql"
status=0
/usr/bin/python3 "$ROOT/test/ical/check.py" "$DB" || status=$?
"${PSQL[@]}" -d postgres -c "DROP DATABASE $DB"
exit "$status"
