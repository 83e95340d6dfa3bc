#!/usr/bin/env python3
"""hotline fuzzing driver (run by test/fuzz/run.sh; see README, Testing >
Fuzzing).

Runs random cases of every target (targets.py) against the fuzz database
for a bounded time, one case at a time on one connection, and classifies
every call:

  ok        the call succeeded
  error     it failed with a SQLSTATE other than those below (expected:
            bad input is refused)
  timeout   57014: the per-call statement_timeout cancelled it
  overrun   it ran more than the statement timeout plus a grace period:
            it ignored the cancel (a loop without CHECK_FOR_INTERRUPTS, or
            a long call into a library); the driver ends its backend
  invalid   the result could not be output (timestamp out of range in
            timestamptz_out ...): a C function returned a value of its type
            that is out of the type's range
  XX000     an internal error: SQLSTATE class XX, or a message saying
            "cache lookup failed"
  crash     the connection broke: the backend died (the server restarts)

Crashes, XX000, invalid results and overruns are findings: each is kept in
OUT/crashes/, OUT/xx000/, OUT/invalid/ or OUT/overruns/ as LABEL-N.json
(replay with --replay FILE) and, when the
inputs are small, as a psql script LABEL-N.sql next to it. The run ends
with a table per target and one summary line, and exits 1 when anything
was found.
"""

import argparse
import base64
import json
import os
import random
import re
import signal
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pq  # noqa: E402
import targets  # noqa: E402

KINDS = ["ok", "error", "timeout", "overrun", "invalid", "XX000", "crash"]
FINDING_KINDS = ("crash", "XX000", "invalid", "overrun")
FINDING_DIRS = {"crash": "crashes", "XX000": "xx000", "invalid": "invalid", "overrun": "overruns"}
# a value that fails in its type's output function was made inside the
# server (inputs are checked by the input functions): a C function returned it
OUTPUT_FUNCTIONS = ("timestamptz_out", "timestamp_out", "date_out", "interval_out", "time_out", "EncodeDateTime")
WEIGHTS = {"order_no": 1, "time_limit": 1, "import_ics": 2, "register_workflow": 2, "engine": 3, "text": 1,
           "calendar": 2, "calendar_rows": 1, "rows": 1}
SESSION_ZONES = ["UTC", "Asia/Shanghai", "Pacific/Kiritimati", "America/St_Johns", "Pacific/Pago_Pago"]


ROW = "%-18s %-22s %8d %8d %8d %8d %8d %7d %6d %7d"


def log(msg):
    print("fuzz: " + msg, file=sys.stderr, flush=True)


class ServerLog:
    """Reads what the server log gained since the last look (for the
    signal that ended a crashed backend)."""

    def __init__(self, path):
        self.path = path
        self.offset = self._size()

    def _size(self):
        try:
            return os.path.getsize(self.path) if self.path else 0
        except OSError:
            return 0

    def new_lines(self):
        if not self.path:
            return []
        try:
            with open(self.path, "rb") as fh:
                fh.seek(self.offset)
                data = fh.read(1 << 20)
                self.offset = fh.tell()
        except OSError:
            return []
        return data.decode("utf-8", "replace").splitlines()


def param_json(p):
    d = {"fmt": p.fmt, "oid": p.oid}
    if p.value is None:
        d["null"] = True
    elif p.fmt == 0:
        try:
            d["text"] = p.value.decode("utf-8")
        except UnicodeDecodeError:
            d["base64"] = base64.b64encode(p.value).decode()
    else:
        d["base64"] = base64.b64encode(p.value).decode()
    return d


def param_from_json(d):
    if d.get("null"):
        return pq.Param(None, d.get("fmt", 0), d.get("oid", 0))
    v = d["text"].encode("utf-8") if "text" in d else base64.b64decode(d["base64"])
    return pq.Param(v, d.get("fmt", 0), d.get("oid", 0))


def sql_literal(p):
    """A psql-ready literal for a text parameter (None when it cannot be one)."""
    if p.value is None:
        return "NULL"
    if p.fmt != 0:
        return None
    s = p.value.decode("utf-8", "replace")
    tag = "fz"
    while "$%s$" % tag in s:
        tag += "z"
    return "$%s$%s$%s$" % (tag, s, tag)


def inline_sql(call_sql, params):
    lits = [sql_literal(p) for p in params]
    if any(x is None for x in lits):
        return None
    return re.sub(r"\$(\d+)", lambda m: lits[int(m.group(1)) - 1], call_sql)


def signature(kind, label, o):
    msg = o.message or ""
    msg = re.sub(r'"[^"]*"', '"…"', msg)
    msg = re.sub(r"\d+", "N", msg)[:120]
    return "%s|%s|%s|%s" % (kind, label, o.sqlstate or "-", msg)


class Fuzzer:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.timeout_s = args.timeout_ms / 1000.0
        self.overrun_s = self.timeout_s + args.grace
        self.conninfo = "dbname=%s options='-c statement_timeout=%d -c lock_timeout=%d " \
                        "-c client_min_messages=error -c search_path=public,hotline'" % (
                            args.dbname, args.timeout_ms, args.timeout_ms)
        self.conn = None
        self.ctl = None
        self.stats = {}       # label -> {kind: n}
        self.label_target = {}
        self.codes = {}       # label -> {sqlstate: n}
        self.examples = {}    # (label, sqlstate) -> the first message
        self.findings = {}    # signature -> {"count", "files", "example"}
        self.saved = 0
        self.server_log = ServerLog(args.server_log)
        self.out = args.out
        self.killed_pid = None
        self.generator_errors = {}

    # -- connections ---------------------------------------------------------

    def connect(self, wait=120.0):
        end = time.monotonic() + wait
        last = None
        while time.monotonic() < end:
            try:
                if self.conn is None or not self.conn.alive():
                    if self.conn is not None:
                        self.conn.close()
                    self.conn = pq.Conn(self.conninfo)
                if self.ctl is None or not self.ctl.alive():
                    if self.ctl is not None:
                        self.ctl.close()
                    self.ctl = pq.Conn("dbname=%s options='-c statement_timeout=10000'" % self.args.dbname)
                return
            except ConnectionError as e:
                last = e
                time.sleep(0.5)
        raise SystemExit("fuzz: could not reconnect to the server within %.0f s: %s" % (wait, last))

    def end_backend(self, conn):
        """Called when a call overruns: terminate its backend, and kill it
        when it does not listen (an uncancellable loop)."""
        pid = conn.pid
        self.killed_pid = pid
        try:
            o = self.ctl.execute("SELECT pg_terminate_backend($1::int, 3000)", [str(pid)])
            if o.kind == "ok" and o.rows and o.rows[0][0] == "t":
                return
        except Exception:  # noqa: BLE001 - the control connection may be gone
            pass
        try:
            os.kill(pid, signal.SIGKILL)
            log("backend %d ignored pg_terminate_backend for 3 s: killed (the server restarts)" % pid)
        except OSError as e:
            log("could not end backend %d (%s): waiting for it" % (pid, e))

    # -- recording -----------------------------------------------------------

    def classify(self, o):
        if o.kind == "lost":
            return "crash"
        sqlstate = o.sqlstate or ""
        if o.kind == "error" and (sqlstate.startswith("XX") or "cache lookup failed" in (o.message or "")):
            return "XX000"
        if o.kind == "overrun" or o.elapsed > self.overrun_s:
            return "overrun"
        if o.kind == "error" and o.fields.get("function") in OUTPUT_FUNCTIONS:
            return "invalid"
        if o.kind == "error" and sqlstate == "57014":
            return "timeout"
        if o.kind == "error":
            return "error"
        return "ok"

    def record(self, case, done, call, o, kind, case_no):
        st = self.stats.setdefault(call.label, {k: 0 for k in KINDS})
        st[kind] += 1
        self.label_target[call.label] = case.target
        if o.sqlstate:
            c = self.codes.setdefault(call.label, {})
            c[o.sqlstate] = c.get(o.sqlstate, 0) + 1
            self.examples.setdefault((call.label, o.sqlstate), (o.message or "").splitlines()[0][:160]
                                     if o.message else "")
        if kind not in FINDING_KINDS:
            return
        sig = signature(kind, call.label, o)
        f = self.findings.setdefault(sig, {"count": 0, "files": [], "kind": kind, "label": call.label,
                                           "message": o.message, "sqlstate": o.sqlstate})
        f["count"] += 1
        server = []
        if kind == "crash":
            # the postmaster logs how the backend ended a moment after the
            # connection broke
            for _ in range(30):
                server += [ln for ln in self.server_log.new_lines()
                           if "terminated by" in ln or "exited with" in ln or "PANIC" in ln or "TRAP" in ln]
                if server:
                    break
                time.sleep(0.1)
            if server:
                f.setdefault("server", server[:3])
        if len(f["files"]) >= self.args.keep_per_finding or self.saved >= 500:
            return
        self.saved += 1
        d = os.path.join(self.out, FINDING_DIRS[kind])
        os.makedirs(d, exist_ok=True)
        n = len([x for x in os.listdir(d) if x.startswith(call.label + "-") and x.endswith(".json")]) + 1
        base = os.path.join(d, "%s-%d" % (call.label, n))
        record = {
            "kind": kind, "target": case.target, "label": call.label, "seed": self.args.seed, "case": case_no,
            "sqlstate": o.sqlstate, "message": o.message, "fields": o.fields, "elapsed": round(o.elapsed, 3),
            "server_log": server, "txn": case.txn, "role": case.role,
            "calls": [{"label": c.label, "sql": c.sql, "params": [param_json(p) for p in c.params]}
                      for c in done + [call]],
        }
        with open(base + ".json", "w", encoding="utf-8") as fh:
            json.dump(record, fh, ensure_ascii=False, indent=1)
        f["files"].append(os.path.relpath(base + ".json", self.args.root))
        total = sum(len(p.value or b"") for c in done + [call] for p in c.params)
        if total <= 64 * 1024:
            lines = ["-- hotline fuzz finding: %s in %s (%s %s)" % (kind, call.label, o.sqlstate or "-",
                                                                   (o.message or "").splitlines()[0][:200]
                                                                   if o.message else ""),
                     "-- replay: bash test/fuzz/run.sh --replay %s" % os.path.relpath(base + ".json",
                                                                                       self.args.root),
                     "SET statement_timeout = '%ds';" % max(1, int(self.timeout_s * 5))]
            if case.txn:
                lines.append("BEGIN;")
            if case.role:
                lines.append("SET LOCAL ROLE %s;" % case.role)
            ok = True
            for c in done + [call]:
                s = inline_sql(c.sql, c.params)
                if s is None:
                    ok = False
                    break
                lines.append(s + ";")
            if case.txn:
                lines.append("ROLLBACK;")
            if ok:
                with open(base + ".sql", "w", encoding="utf-8") as fh:
                    fh.write("\n".join(lines) + "\n")

    def generator_error(self, where, e):
        """A bug of the fuzzer itself: said once per kind, the run goes on."""
        key = (where, type(e).__name__, str(e))
        self.generator_errors[key] = self.generator_errors.get(key, 0) + 1
        if self.generator_errors[key] == 1:
            log("generator error in %s: %r\n%s" % (where, e, traceback.format_exc()))

    # -- running -------------------------------------------------------------

    def simple(self, sql):
        o = self.conn.execute(sql)
        return o.kind == "ok"

    def run_case(self, case, case_no):
        """Run one case; returns False when the connection had to be made again."""
        if case.txn:
            if not self.simple("BEGIN"):
                self.connect()
                return False
            if case.role and not self.simple("SET LOCAL ROLE %s" % case.role):
                self.simple("ROLLBACK")
                return True
        queue = list(case.calls)
        done = []
        broken = False
        while queue:
            call = queue.pop(0)
            self.killed_pid = None
            o = self.conn.execute(call.sql, call.params, overrun_after=self.overrun_s, on_overrun=self.end_backend)
            if o.kind == "lost" and self.killed_pid is not None:
                o.kind = "overrun"
            kind = self.classify(o)
            self.record(case, done, call, o, kind, case_no)
            if kind == "crash" or not self.conn.alive():
                broken = True
                break
            if o.kind != "ok":
                break
            done.append(call)
            if call.then is not None:
                try:
                    queue[0:0] = call.then(o)
                except Exception as e:  # noqa: BLE001 - a generator bug must not stop the run
                    self.generator_error(call.label, e)
        if broken:
            if kind == "crash":
                log("crash in %s (%s): waiting for the server to restart" % (call.label, o.message))
            time.sleep(0.5)
            self.server_log.new_lines()
            self.connect()
            return False
        if case.txn:
            if not self.simple("ROLLBACK"):
                self.connect()
        return True

    def run(self):
        names = [t for t in targets.TARGETS if not self.args.targets or t in self.args.targets]
        if not names:
            raise SystemExit("fuzz: no target matches %s (targets: %s)" % (self.args.targets,
                                                                          " ".join(targets.TARGETS)))
        weights = [WEIGHTS.get(t, 1) for t in names]
        self.connect(10)
        ctx = targets.Context(self.args.root, self.conn)
        ctx.skip_known = self.args.skip_known
        os.makedirs(self.out, exist_ok=True)
        start = time.monotonic()
        end = start + self.args.seconds
        next_report = start + 30
        case_no = 0
        log("seed %d, %d s, targets %s, statement_timeout %d ms, overrun after %.1f s%s" % (
            self.args.seed, self.args.seconds, " ".join(names), self.args.timeout_ms, self.overrun_s,
            ", known bugs avoided" if self.args.skip_known else ""))
        while time.monotonic() < end:
            case_no += 1
            if self.rng.random() < 0.005:
                self.conn.execute("SELECT set_config('TimeZone', $1, false)", [self.rng.choice(SESSION_ZONES)])
            target = self.rng.choices(names, weights)[0]
            try:
                case = targets.TARGETS[target](self.rng, ctx)
            except Exception as e:  # noqa: BLE001
                self.generator_error(target, e)
                continue
            self.run_case(case, case_no)
            now = time.monotonic()
            if now >= next_report:
                next_report = now + 30
                tot = self.totals()
                log("%4.0f s: %d calls, %d crashes, %d XX000, %d invalid, %d overruns, %d timeouts" % (
                    now - start, tot["calls"], tot["crash"], tot["XX000"], tot["invalid"], tot["overrun"],
                    tot["timeout"]))
        self.elapsed = time.monotonic() - start
        return self.report()

    def totals(self):
        tot = {k: 0 for k in KINDS}
        for st in self.stats.values():
            for k in KINDS:
                tot[k] += st[k]
        tot["calls"] = sum(tot[k] for k in KINDS)
        return tot

    def report(self):
        lines = []
        hdr = "%-18s %-22s %8s %8s %8s %8s %8s %7s %6s %7s" % ("target", "call", "calls", "ok", "errors", "timeouts",
                                                                "overruns", "invalid", "XX000", "crashes")
        lines.append(hdr)
        lines.append("-" * len(hdr))
        by_target = {}
        for label, st in sorted(self.stats.items(), key=lambda x: (self.label_target[x[0]], x[0])):
            t = self.label_target[label]
            lines.append(ROW % (t, label, sum(st.values()), st["ok"], st["error"], st["timeout"], st["overrun"],
                                st["invalid"], st["XX000"], st["crash"]))
            bt = by_target.setdefault(t, {k: 0 for k in KINDS})
            for k in KINDS:
                bt[k] += st[k]
        lines.append("-" * len(hdr))
        for t, st in sorted(by_target.items()):
            lines.append(ROW % (t, "(all)", sum(st.values()), st["ok"], st["error"], st["timeout"], st["overrun"],
                                st["invalid"], st["XX000"], st["crash"]))
        tot = self.totals()
        summary = ("fuzz: %d calls in %.0f s (seed %d): %d crashes, %d XX000, %d invalid results, %d overruns, "
                   "%d timeouts, %d errors, %d ok" % (tot["calls"], self.elapsed, self.args.seed, tot["crash"],
                                                      tot["XX000"], tot["invalid"], tot["overrun"], tot["timeout"],
                                                      tot["error"], tot["ok"]))
        found = []
        for sig, f in sorted(self.findings.items(), key=lambda x: (-x[1]["count"], x[0])):
            found.append("%-8s %-20s x%-5d %s %s" % (f["kind"], f["label"], f["count"], f["sqlstate"] or "-",
                                                     (f["message"] or "").splitlines()[0][:150] if f["message"]
                                                     else ""))
            for s in f.get("server", [])[:1]:
                found.append("         server: %s" % s.strip()[:200])
            for fn in f["files"][:2]:
                found.append("         %s" % fn)
        codes = []
        for label in sorted(self.codes):
            codes.append("%-22s %s" % (label, ", ".join("%s %d" % kv for kv in sorted(
                self.codes[label].items(), key=lambda kv: -kv[1]))))
            for code, n in sorted(self.codes[label].items(), key=lambda kv: -kv[1]):
                codes.append("    %s e.g. %s" % (code, self.examples.get((label, code), "")))
        with open(os.path.join(self.out, "report.txt"), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines + ["", "findings:"] + (found or ["(none)"])
                               + ["", "SQLSTATEs per call:"] + codes + ["", summary]) + "\n")
        print("\n".join(lines))
        print()
        if found:
            print("findings (kind, call, count, SQLSTATE, message; inputs kept in %s/):" %
                  os.path.relpath(self.out, self.args.root))
            print("\n".join(found))
            print()
        print(summary)
        return 1 if tot["crash"] + tot["XX000"] + tot["invalid"] + tot["overrun"] > 0 else 0


def replay(args):
    """Run the calls of a finding again and print what each did."""
    with open(args.replay, encoding="utf-8") as fh:
        rec = json.load(fh)
    conninfo = "dbname=%s options='-c statement_timeout=%d -c client_min_messages=error " \
               "-c search_path=public,hotline'" % (args.dbname, args.timeout_ms * 5)
    c = pq.Conn(conninfo)
    if rec.get("txn"):
        c.execute("BEGIN")
    if rec.get("role"):
        c.execute("SET LOCAL ROLE %s" % rec["role"])
    rc = 0
    for call in rec["calls"]:
        o = c.execute(call["sql"], [param_from_json(p) for p in call["params"]])
        print("%-20s %s" % (call["label"], o))
        if o.kind != "ok":
            rc = 1
            break
    if c.alive() and rec.get("txn"):
        c.execute("ROLLBACK")
    return rc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default=os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
    ap.add_argument("--dbname", default="hotline_fuzz")
    ap.add_argument("--seconds", type=float, default=180)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--timeout-ms", type=int, default=2000)
    ap.add_argument("--grace", type=float, default=5.0, help="seconds past the timeout before a call overruns")
    ap.add_argument("--targets", default="", help="comma-separated targets (default: all)")
    ap.add_argument("--skip-known", action="store_true", help="avoid inputs of bugs already known")
    ap.add_argument("--keep-per-finding", type=int, default=3)
    ap.add_argument("--out", default=None)
    ap.add_argument("--server-log", default=None)
    ap.add_argument("--replay", default=None, help="run a finding's calls again (its .json)")
    args = ap.parse_args()
    if args.replay:
        return replay(args)
    if args.seed is None:
        args.seed = int(time.time() * 1000) % 1000000007
    args.targets = [t for t in args.targets.replace(" ", ",").split(",") if t]
    args.out = args.out or os.path.join(args.root, ".fuzz")
    return Fuzzer(args).run()


if __name__ == "__main__":
    sys.exit(main())
