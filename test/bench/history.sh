#!/usr/bin/env bash
# hotline: what the hash chain of the history costs (issue 10, R-1.6), run
# by `make bench` (test/bench/run.sh).
#
# Two copies of hotline.order_event's shape, each with 2,000,000 events of
# 250,000 orders (the primary key as deep as a city's): one with the
# trigger order_event_chain (seq and hash, one index probe for the order's
# last event and one SHA-256 per event), one without.  pgbench appends the
# eight events of an order's life (the payloads the engine writes) to a
# random order of each, in turns (-M prepared, one client, 4 rounds of
# HOTLINE_BENCH_SECONDS, default 10, each table first in every other
# round): the ratio of events per second chained / unchained is the price.
#
# Needs the libpq environment of the bench's cluster (test/bench/run.sh).
set -euo pipefail

BINDIR=${HOTLINE_PG_BINDIR:-/usr/lib/postgresql/15/bin}
SECONDS_PER_RUN=${HOTLINE_BENCH_SECONDS:-10}
PSQL=("$BINDIR/psql" -X -q -v ON_ERROR_STOP=1)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; "${PSQL[@]}" -c "DROP SCHEMA IF EXISTS bench_history CASCADE" >/dev/null 2>&1 || true' EXIT

"${PSQL[@]}" <<'SQL'
DROP SCHEMA IF EXISTS bench_history CASCADE;
CREATE SCHEMA bench_history;
-- the orders the events belong to are not checked (no foreign keys on
-- either side): what is measured is the event's own write
CREATE TABLE bench_history.unchained (LIKE hotline.order_event INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES);
ALTER TABLE bench_history.unchained ALTER COLUMN seq DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL;
CREATE TABLE bench_history.chained (LIKE hotline.order_event INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES);
CREATE TRIGGER order_event_chain BEFORE INSERT ON bench_history.chained
    FOR EACH ROW EXECUTE FUNCTION hotline.chain_event();
-- 2,000,000 events, eight per order, loaded without the trigger (their
-- hashes are placeholders: the benchmark's events chain on from them)
SET session_replication_role = replica;
INSERT INTO bench_history.unchained (order_no, at, actor, role, action, from_state, to_state, payload, seq, hash)
SELECT ('110101-20261203-' || lpad(o::text, 6, '0'))::hotline.order_no, now(), '话务员 0101', 'agent', 'accept',
       'new', 'accepted', '{"description": "东直门北小街路灯连续一周不亮", "channel": "phone"}', s, '\x00'
FROM generate_series(1, 250000) o, generate_series(1, 8) s;
INSERT INTO bench_history.chained OVERRIDING SYSTEM VALUE SELECT * FROM bench_history.unchained;
SELECT setval(pg_get_serial_sequence('bench_history.chained', 'id'), 2000000) \g /dev/null
RESET session_replication_role;
VACUUM ANALYZE bench_history.unchained, bench_history.chained;
SQL

# the eight events of an order's life, as the engine writes them
for t in unchained chained; do
	cat >"$WORK/$t.pgb" <<EOF
\\set o random(1, 250000)
BEGIN;
INSERT INTO bench_history.$t (order_no, actor, role, action, from_state, to_state, payload) VALUES
  (('110101-20261203-' || lpad(:o::text, 6, '0'))::hotline.order_no, 'agent_zhao', 'agent', 'accept', 'new', 'accepted',
   '{"region": "110101", "channel": "phone", "description": "东直门北小街路灯连续一周不亮，夜间行人摔倒", "appeal_type": "complaint"}'),
  (('110101-20261203-' || lpad(:o::text, 6, '0'))::hotline.order_no, 'desk_li', 'dispatcher', 'dispatch', 'accepted', 'dispatched',
   '{"lead_unit": "dc-cgw", "opinion": "请核实处理并答复市民", "dispatch_mode": "written", "assist_units": []}'),
  (('110101-20261203-' || lpad(:o::text, 6, '0'))::hotline.order_no, 'dc_wang', 'unit', 'sign_for', 'dispatched', 'signed', '{}'),
  (('110101-20261203-' || lpad(:o::text, 6, '0'))::hotline.order_no, 'dc_wang', 'unit', 'reply', 'signed', 'replied',
   '{"result": "已更换灯具，路灯恢复照明", "contacted": true, "contact_method": "phone"}'),
  (('110101-20261203-' || lpad(:o::text, 6, '0'))::hotline.order_no, 'review_chen', 'reviewer', 'approve_reply', 'replied', 'reviewed', '{}'),
  (('110101-20261203-' || lpad(:o::text, 6, '0'))::hotline.order_no, 'agent_zhao', 'agent', 'callback', 'reviewed', 'callback_done',
   '{"result_satisfaction": "satisfied", "process_satisfaction": "satisfied"}'),
  (('110101-20261203-' || lpad(:o::text, 6, '0'))::hotline.order_no, 'review_chen', 'reviewer', 'close', 'callback_done', 'closed', '{}'),
  (('110101-20261203-' || lpad(:o::text, 6, '0'))::hotline.order_no, 'system', 'system', 'archive', 'closed', 'archived', '{}');
COMMIT;
EOF
done

# events per second of one run of table t (8 events a transaction)
run() {
	"$BINDIR/pgbench" -n -M prepared -c 1 -T "$SECONDS_PER_RUN" -f "$WORK/$1.pgb" 2>/dev/null |
		awk '/^tps/ { printf "%.0f\n", $3 * 8 }'
}

echo "events per second appended (one client, 8 events a transaction), chained / unchained:"
ratios=()
for round in 1 2 3 4; do
	if [ $((round % 2)) = 1 ]; then
		u=$(run unchained)
		c=$(run chained)
	else
		c=$(run chained)
		u=$(run unchained)
	fi
	r=$(awk -v c="$c" -v u="$u" 'BEGIN { printf "%.3f", c / u }')
	ratios+=("$r")
	echo "  round $round: unchained $u, chained $c: $r"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "median of the rounds: %.3f\n", (a[2] + a[3]) / 2 }'
"${PSQL[@]}" -At <<'SQL'
SELECT 'check: of the new events of 20 orders of the chained copy, ' || count(*) FILTER (WHERE v.hash = v.x)
       || ' of ' || count(*) || ' verify (hotline.event_hash over the one before)'
FROM (SELECT e.id, e.hash,
             hotline.event_hash(lag(e.hash) OVER w, ROW(e.*)::hotline.order_event) AS x
      FROM bench_history.chained e
      WHERE e.order_no IN (SELECT DISTINCT order_no FROM bench_history.chained WHERE id > 2000000 LIMIT 20)
      WINDOW w AS (PARTITION BY e.order_no ORDER BY e.id)) v
WHERE v.id > 2000000;
SQL
