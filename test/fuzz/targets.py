"""hotline fuzzing: the targets, one generator of calls each.

A target is a function (rng, ctx) -> list of Call: the statements of one
fuzz case, run in order (in one transaction that is rolled back when the
case is transactional). Each Call names the label it is counted under
(order_no_in, import_ics, ...), its SQL (only $n placeholders: every
input is a bind parameter) and its parameters.
"""

import json
import os
import re

import gen
from pq import Param, binary, text, OID_BYTEA, OID_INT8


class Call:
    __slots__ = ("label", "sql", "params", "then")

    def __init__(self, label, sql, params=(), then=None):
        self.label = label
        self.sql = sql
        self.params = list(params)
        # then(outcome) -> list of further Calls (run when this one succeeded)
        self.then = then


class Case:
    """One fuzz case: calls, whether it runs in a rolled-back transaction,
    and the role it runs as (SET LOCAL ROLE; None: the superuser)."""

    __slots__ = ("target", "calls", "txn", "role")

    def __init__(self, target, calls, txn=True, role=None):
        self.target = target
        self.calls = calls
        self.txn = txn
        self.role = role


class Context:
    """What the targets need from the fuzz database (read at start)."""

    def __init__(self, root, conn):
        self.root = root
        rows = conn.query("SELECT oid, typname FROM pg_type WHERE typnamespace = 'hotline'::regnamespace "
                          "AND typname IN ('order_no', 'time_limit')")
        self.oid = {name: int(oid) for oid, name in rows}
        self.pool = {name: no for name, no in conn.query("SELECT name, no::text FROM fz.pool")}
        self.assignments = [int(r[0]) for r in conn.query("SELECT id FROM hotline.assignment ORDER BY id")]
        self.units = [r[0] for r in conn.query("SELECT code FROM hotline.unit ORDER BY code")]
        self.topics = [r[0] for r in conn.query("SELECT code FROM hotline.topic ORDER BY code")]
        self.calendars = [r[0] for r in conn.query("SELECT name FROM hotline.calendar ORDER BY name")]
        self.zones = [r[0] for r in conn.query("SELECT name FROM pg_timezone_names ORDER BY name")]
        self.ics_seeds = []
        data = os.path.join(root, "test", "data", "holidays-cn")
        for f in sorted(os.listdir(data)):
            if f.endswith(".ics"):
                with open(os.path.join(data, f), "rb") as fh:
                    self.ics_seeds.append(fh.read())
        self.ics_seeds += [s.encode() for s in ICS_SMALL]
        with open(os.path.join(root, "workflows", "12345_appeal", "12345_appeal.sql"), encoding="utf-8") as fh:
            m = re.search(r"register_workflow\(\$json\$(.*?)\$json\$", fh.read(), re.S)
        self.wf12345 = json.loads(m.group(1).replace("@extschema@", "hotline"))
        self.skip_known = False


def order_no(rng, ctx, state=None):
    """An order number: of the pool (of a state when given), or made up."""
    x = rng.random()
    if state and state in ctx.pool and x < 0.8:
        return ctx.pool[state]
    if x < 0.85:
        return rng.choice(list(ctx.pool.values()))
    if x < 0.95:
        return "%06d-%04d%02d%02d-%06d" % (rng.choice([110101, 110000, 999999, 100000, 650102]),
                                           rng.randint(1999, 2200), rng.randint(1, 12), rng.randint(1, 28),
                                           rng.choice([1, 999999, 67108863, rng.randint(1, 5000)]))
    return gen.rstr(rng, rng.randint(0, 40), ["0123456789-"])


def unit(rng, ctx):
    x = rng.random()
    if x < 0.85:
        return rng.choice(ctx.units)
    if x < 0.9:
        return None
    return gen.rstr(rng)


# ---------------------------------------------------------------------------
# order_no: input, receive, parts, casts
# ---------------------------------------------------------------------------

ORDER_NO_SEEDS = ["110105-20261123-000042", "110101-20000101-000001", "659001-21991231-67108863",
                  "110000-20261123-999999", "810000-20261123-000001", "110105-20260229-000001",
                  "110105-2026-11-23-000042", "1101052026112300042"]
ORDER_NO_TOKENS = ["-", "0", "9", "2199", "2000", "1231", "0229", "67108864", " ", "\t", "+", "－", "１"]


def t_order_no(rng, ctx):
    oid = ctx.oid["order_no"]
    x = rng.random()
    if x < 0.45:
        s = gen.mutate_str(rng, rng.choice(ORDER_NO_SEEDS), ORDER_NO_TOKENS, 4096) if rng.random() < 0.85 \
            else gen.rstr(rng)
        calls = [Call("order_no_in", "SELECT $1::hotline.order_no::text, hotline.order_no_region($1), "
                      "hotline.order_no_day($1), hotline.order_no_seq($1), $1::hotline.order_no::bigint, "
                      "hashint8($1::hotline.order_no::bigint) = hotline.order_no_hash($1)", [text(s)])]
    elif x < 0.7:
        b = gen.rbytes_for_int64(rng)
        calls = [Call("order_no_recv", "SELECT $1::text, hotline.order_no_region($1), hotline.order_no_day($1), "
                      "hotline.order_no_seq($1), hotline.order_no_hash($1), "
                      "hotline.order_no_hash_extended($1, 42), $1 < $1, hotline.max($1)",
                      [binary(b, oid)])]
    elif x < 0.85:
        calls = [Call("order_no_from_bigint", "SELECT $1::bigint::hotline.order_no::text",
                      [text(str(gen.rint(rng)))])]
    else:
        region = rng.choice(["110101", "000000", "999999", "110000", "820000", "11010", "1101011", "", "abcdef",
                             "１１０１０１", gen.rstr(rng, rng.randint(0, 10))])
        calls = [Call("make_order_no", "SELECT hotline.make_order_no($1, $2::date, $3::int)::text",
                      [text(region), text(gen.rdate(rng)), text(str(gen.rint(rng, -2 ** 31, 2 ** 31 - 1)))])]
    return Case("order_no", calls, txn=False)


# ---------------------------------------------------------------------------
# time_limit: input, receive, operators
# ---------------------------------------------------------------------------

def t_time_limit(rng, ctx):
    oid = ctx.oid["time_limit"]
    x = rng.random()
    if x < 0.5:
        s = gen.rlimit(rng) if rng.random() < 0.8 else gen.rstr(rng)
        calls = [Call("time_limit_in", "SELECT $1::hotline.time_limit::text, hotline.time_limit_unit($1), "
                      "hotline.time_limit_amount($1), $1::hotline.time_limit::text::hotline.time_limit = $1",
                      [text(s)])]
    elif x < 0.8:
        calls = [Call("time_limit_recv", "SELECT $1::text, hotline.time_limit_unit($1), "
                      "hotline.time_limit_amount($1), hotline.time_limit_hash($1), "
                      "hotline.time_limit_hash_extended($1, -1), $1 = $1, "
                      "hotline.deadline('cn', '2026-09-30 10:00+08', $1)",
                      [binary(gen.rbytes_for_two_int32(rng), oid)])]
    else:
        calls = [Call("time_limit_ops", "SELECT hotline.time_limit_cmp($1, $2), $1 OPERATOR(hotline.<) $2, "
                      "$1 OPERATOR(hotline.=) $2, count(DISTINCT v) FROM (VALUES ($1::hotline.time_limit), ($2)) x(v)",
                      [binary(gen.rbytes_for_two_int32(rng), oid) if rng.random() < 0.5 else text(gen.rlimit(rng)),
                       binary(gen.rbytes_for_two_int32(rng), oid) if rng.random() < 0.5 else text(gen.rlimit(rng))])]
    return Case("time_limit", calls, txn=False)


# ---------------------------------------------------------------------------
# import_ics (text and bytea), export_ics
# ---------------------------------------------------------------------------

ICS_SMALL = [
    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20300101\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20300101\nDTEND;VALUE=DATE:20300108\nSUMMARY:国庆节\n"
    "RRULE:FREQ=YEARLY;COUNT=5\nEXDATE;VALUE=DATE:20310101\nEND:VEVENT\nEND:VCALENDAR\n",
    "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:X\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
    "TZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700308T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0900\r\nEND:DAYLIGHT\r\n"
    "END:VTIMEZONE\r\nBEGIN:VEVENT\r\nDTSTART;TZID=X:20300101T230000\r\nDTEND;TZID=X:20300103T010000\r\n"
    "CATEGORIES:WORKDAY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20300101T160000Z\r\nDURATION:P2D\r\nSUMMARY:补班\r\n"
    "RDATE;VALUE=DATE:20300301,20300302\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
]

ICS_LINES = [
    "RRULE:FREQ=DAILY;COUNT=100000", "RRULE:FREQ=YEARLY", "RRULE:FREQ=WEEKLY;BYDAY=MO,TU;UNTIL=21991231",
    "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;INTERVAL=0", "RRULE:FREQ=YEARLY;BYYEARDAY=366",
    "RRULE:FREQ=HOURLY", "RRULE:FREQ=DAILY;BYHOUR=1,2", "RRULE:FREQ=SECONDLY;COUNT=2",
    "RRULE:FREQ=YEARLY;BYWEEKNO=53;BYDAY=SU", "RRULE:FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO",
    "RRULE:FREQ=DAILY;INTERVAL=2147483647", "RRULE:FREQ=DAILY;COUNT=-1", "RRULE:FREQ=DAILY;UNTIL=19000101",
    "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "RRULE:FREQ=DAILY;BYDAY=1MO", "RRULE:FREQ=WEEKLY;WKST=XX",
    "RRULE:FREQ=YEARLY;BYDAY=-53MO;BYMONTH=13", "RRULE:", "RRULE:FREQ=DAILY;COUNT=2;UNTIL=20300101",
    "RRULE:FREQ=MINUTELY;BYMINUTE=1", "RRULE:FREQ=YEARLY;BYEASTER=0",
    "EXDATE;VALUE=DATE:20260101,20260102", "EXDATE:", "RDATE;VALUE=DATE:19000101,21991231",
    "RDATE;VALUE=PERIOD:20260101T000000Z/P1000D", "RDATE;VALUE=PERIOD:20260101T000000Z/20250101T000000Z",
    "DTSTART;VALUE=DATE:18991231", "DTSTART;VALUE=DATE:22000101", "DTSTART;VALUE=DATE:20260230",
    "DTSTART;VALUE=DATE:00000000", "DTSTART;VALUE=DATE:99999999", "DTSTART:20260101T000000",
    "DTSTART;TZID=Asia/Shanghai:20260101T120000", "DTSTART;TZID=Nowhere/Zone:20260101T120000",
    "DTSTART;TZID=X:20260101T120000", "DTSTART:20260101T250000Z", "DTSTART:2026", "DTSTART;VALUE=DATE-TIME:20260101",
    "DTEND;VALUE=DATE:19000101", "DTEND:99991231T235959Z", "DTEND;VALUE=DATE:21991231", "DURATION:P100000D",
    "DURATION:-P1D", "DURATION:PT0S", "DURATION:P99999999W", "DURATION:PT2147483647S",
    "CATEGORIES:WORKDAY", "CATEGORIES:HOLIDAY,WORKDAY", "SUMMARY:补班", "SUMMARY:上班", "SUMMARY:",
    "BEGIN:VTIMEZONE", "END:VTIMEZONE", "TZID:X", "TZOFFSETFROM:+1400", "TZOFFSETTO:-2400", "TZOFFSETTO:+0800",
    "BEGIN:STANDARD", "END:STANDARD", "BEGIN:DAYLIGHT", "END:DAYLIGHT", "X-WR-TIMEZONE:Asia/Shanghai",
    "BEGIN:VEVENT", "END:VEVENT", "BEGIN:VCALENDAR", "END:VCALENDAR", "BEGIN:VALARM", "TRIGGER:-PT15M",
    "END:VALARM", "BEGIN:VTODO", "END:VTODO", "BEGIN:X-NEST", "END:X-NEST", "VERSION:2.0",
    "STATUS:CANCELLED", "TRANSP:TRANSPARENT", "RECURRENCE-ID;VALUE=DATE:20260101", "SEQUENCE:2147483648",
    "UID:" + "u" * 80, "X-LONG:" + "长" * 2000, "DTSTAMP;VALUE=DATE:20260101", " folded continuation",
    "\t", "", ":", ";", "DTSTART;VALUE=DATE;VALUE=DATE:20300101", "DTSTART;TZID=\"Asia/Shanghai\":20300101T000000",
]

ICS_TOKENS = ["\r\n", "\n", "\r\n ", "\r\n\t", ":", ";", "=", ",", "\\", "\\n", "\ufeff".encode(), b"\xef\xbb\xbf",
              b"\xe4\xb8", b"\x00", b"\xff", "VALUE=DATE", "TZID=", "20300101", "T000000Z", "BEGIN:VEVENT\r\n",
              "END:VEVENT\r\n", "RRULE:FREQ=DAILY;COUNT=1000\r\n"]


def ics_input(rng, ctx):
    """A mutated iCalendar text (bytes) from the real and small seeds."""
    seed = rng.choice(ctx.ics_seeds)
    nl = b"\r\n" if b"\r\n" in seed else b"\n"
    lines = seed.split(nl)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(9)
        i = rng.randrange(len(lines) + 1)
        if op == 0 and lines:
            del lines[min(i, len(lines) - 1)]
        elif op in (1, 2):
            lines.insert(i, rng.choice(ICS_LINES).encode())
        elif op == 3 and lines:
            j = rng.randrange(len(lines))
            times = rng.choice([1, 2, 10, 100, 1000])
            lines[i:i] = [lines[j]] * times
        elif op == 4 and lines:
            j = rng.randrange(len(lines))
            k = rng.randrange(len(lines))
            lines[j], lines[k] = lines[k], lines[j]
        elif op == 5 and lines:
            # an event block of another seed spliced in
            other = rng.choice(ctx.ics_seeds).replace(b"\r\n", b"\n").split(b"\n")
            s = rng.randrange(len(other))
            lines[i:i] = other[s:s + rng.randint(1, 12)]
        elif op == 6 and lines:
            j = rng.randrange(len(lines))
            line = lines[j]
            if b":" in line:
                name = line.split(b":", 1)[0]
                lines[j] = name + b":" + gen.mutate_bytes(rng, line.split(b":", 1)[1], ICS_TOKENS, 4096)
        elif op == 7:
            depth = rng.choice([2, 10, 33, 40, 200])
            lines[i:i] = [b"BEGIN:X-NEST"] * depth + [b"END:X-NEST"] * depth
        else:
            nl = rng.choice([b"\r\n", b"\n", b"\r"])
    data = nl.join(lines)
    if rng.random() < 0.4:
        data = gen.mutate_bytes(rng, data, ICS_TOKENS, 1 << 20)
    return data[: 1 << 20]


def t_import_ics(rng, ctx):
    data = ics_input(rng, ctx)
    cal = "fz_ics" if rng.random() < 0.9 else rng.choice(ctx.calendars + ["", "nope", gen.rstr(rng, 80)])
    kind = rng.choice([None, None, None, "holiday", "workday"])
    source = None if rng.random() < 0.6 else gen.rstr(rng, gen.rlen(rng, 64, 2048, 2048 if ctx.skip_known else 20000))
    years = None
    if rng.random() < 0.3:
        years = gen.pg_array([rng.choice([2026, 2027, 1900, 2199, 1899, 2200, 0, -1, 2 ** 31 - 1, None,
                                          rng.randint(1900, 2199)]) for _ in range(rng.choice([0, 1, 2, 5, 300]))])
    as_text = rng.random() < 0.4
    ics = text(data.decode("utf-8", "ignore")) if as_text else binary(data, OID_BYTEA)
    sql = "SELECT hotline.import_ics($1, $2%s, as_kind => $3::hotline.day_kind, source => $4, years => $5::int[])" % (
        "::text" if as_text else "::bytea")
    label = "import_ics_text" if as_text else "import_ics_bytea"
    frm, to = rng.choice([("1900-01-01", "2199-12-31"), ("2025-01-01", "2031-12-31")])

    def then(outcome):
        return [Call("export_ics", "SELECT length(hotline.export_ics($1, $2::date, $3::date)), "
                     "hotline.covered_years($1), hotline.working_days($1, '2020-01-01', '2035-12-31')",
                     [text(cal), text(frm), text(to)])]

    return Case("import_ics", [Call(label, sql, [text(cal), ics, text(kind), text(source), text(years)], then)])


# ---------------------------------------------------------------------------
# register_workflow (as a workflow administrator) and running the result
# ---------------------------------------------------------------------------

HOOKS_OK = ["wf.ok(hotline.order_no,bigint,text,jsonb)", "wf.fail(hotline.order_no,bigint,text,jsonb)",
            "wf.returns_int(hotline.order_no,bigint,text,jsonb)", "wf.returns_set(hotline.order_no,bigint,text,jsonb)",
            "wf.strict_ok(hotline.order_no,bigint,text,jsonb)", "wf.three(hotline.order_no,bigint,text)",
            "wf.five(hotline.order_no,bigint,text,jsonb,integer)", "wf.defaults(hotline.order_no,bigint,text,jsonb)",
            "wf.writes(hotline.order_no,bigint,text,jsonb)", "wf.recurse(hotline.order_no,bigint,text,jsonb)",
            "wf.proc(hotline.order_no,bigint,text,jsonb)", "wf.variadic_text(text[])",
            "hotline.appeal_12345_check(hotline.order_no,bigint,text,jsonb)",
            "hotline.appeal_12345_release(hotline.order_no,bigint,text,jsonb)",
            "pg_catalog.now()", "pg_catalog.pg_sleep(double precision)", "wf.nope(integer)", "", "x(",
            "pg_catalog.int8pl(bigint,bigint)", "pg_catalog.jsonb_typeof(jsonb)"]
# four arguments of the wrong types: the engine's Datums misread (known: hook signature type confusion)
HOOKS_KNOWN = ["pg_catalog.overlaps(time with time zone,time with time zone,time with time zone,time with time zone)",
               "wf.texts(text,text,text,text)", "wf.wrong_types(integer,text,jsonb,bigint)",
               "pg_catalog.overlaps(timestamp,interval,timestamp,interval)",
               "pg_catalog.textcat(text,text)"]

EFFECT_KEYS = ["assign", "pass_down", "stamp", "close_assignment", "extend_due", "reopen_assignments", "set_due",
               "close_order", "archive_order", "merge_into", "order_state", "order_state_when_all", "state",
               "sign_deadline", "reply_deadline", "column", "deadline", "from_states", "assignment_states",
               "ignore_states", "order_state", "units", "param", "role", "single", "columns", "inherit", "clear"]
WF_KEYS = ["name", "description", "initial_state", "calendar", "states", "actions", "limits", "hooks",
           "escalations", "scope", "state", "terminal", "action", "from", "to", "roles", "params", "reason",
           "effects", "deadline", "dispatch_mode", "urgency", "appeal_type", "time_limit", "timing", "function",
           "options", "one_open_role", "exclude_unit", "unit_column", "when_column", "values", "conditions",
           "rule", "kind", "due", "share", "before", "every", "notice_after", "on", "settings", "channel",
           "template", "enabled"] + EFFECT_KEYS
WF_STRINGS = ["order", "assignment", "new", "accepted", "dispatched", "signed", "replied", "closed", "open",
              "dispatch", "sign", "reply", "callback", "redo", "sub_reply", "signed_at", "replied_at",
              "dispatch_due", "reply_due", "callback_due", "sign_due", "7 working days", "1 working hour",
              "2 days", "remind", "hasten", "emergency", "repeat_person", "repeat_matter", "bad_handling",
              "before", "after", "sms", "system", "written", "phone", "urgent", "complaint", "normal", "x",
              "agent", "unit", "supervisor", "cn", "fz_nohours", "fz_layer3"] + HOOKS_OK


def small_workflow(rng, name):
    """A small random workflow definition from the format's vocabulary."""
    states = ["s%d" % i for i in range(rng.randint(1, 4))]
    d = {"name": name, "description": "fz", "initial_state": "new",
         "calendar": rng.choice(["cn", "cn", "fz_nohours", "fz_layer3", "fz_kiritimati", "nope"]),
         "states": [{"scope": rng.choice(["order", "order", "assignment"]), "state": s,
                     "terminal": rng.random() < 0.2} for s in states]
         + [{"scope": "assignment", "state": "a1"}],
         "actions": [], "limits": [], "hooks": [], "escalations": []}
    if rng.random() < 0.3:
        d["options"] = rng.choice([{"one_open_role": "lead"}, {"one_open_role": 1}, {"nope": True},
                                   {"exclude_unit": {"unit_column": "accused_unit_id", "when_column": "appeal_type",
                                                     "values": ["complaint"]}},
                                   {"exclude_unit": {"unit_column": "region", "when_column": "x", "values": []}}])
    effects_pool = [
        {"assign": {"state": "a1", "sign_deadline": "sign", "reply_deadline": "reply",
                    "units": [{"param": "lead_unit", "role": "lead", "single": True},
                              {"param": "assist_units", "role": rng.choice(["assist", "x", 1])}],
                    "columns": rng.choice([{"dispatch_mode": "dispatch_mode"}, {"role": "x"}, {"nope": "x"}])}},
        {"pass_down": {"state": "a1", "reply_deadline": "reply", "units": [{"param": "sub_units", "role": "sub"}],
                       "inherit": rng.choice([["dispatch_mode"], ["state"], []])}},
        {"stamp": rng.choice(["signed_at", "replied_at", "x", 1])},
        {"close_assignment": True}, {"extend_due": True},
        {"reopen_assignments": {"from_states": ["a1"], "state": "a1", "reply_deadline": "reply",
                                "clear": rng.choice([["replied_at"], ["closed_at"], []])}},
        {"set_due": {"column": rng.choice(["dispatch_due", "reply_due", "callback_due", "x"]),
                     "deadline": rng.choice(["dispatch", "reply", None, "nope"])}},
        {"set_due": [{"column": "dispatch_due", "deadline": "dispatch"}, {"column": "callback_due", "deadline": None}]},
        {"close_order": True}, {"archive_order": True}, {"merge_into": True},
        {"order_state": rng.choice(states)},
        {"order_state_when_all": {"assignment_states": ["a1"], "ignore_states": [], "order_state": rng.choice(states)}},
    ]
    for i in range(rng.randint(1, 5)):
        eff = {}
        for _ in range(rng.randint(0, 3)):
            eff.update(rng.choice(effects_pool))
        d["actions"].append({"action": "a%d" % i, "scope": "order" if i == 0 else rng.choice(["order", "assignment"]),
                             "from": ["new"] if i == 0 else rng.sample(states + ["a1", "new"], rng.randint(1, 2)),
                             "to": rng.choice(states + [None]), "roles": ["x"],
                             "params": rng.choice([[], ["region"], ["lead_unit"], ["into"], ["new_deadline"]]),
                             "reason": rng.random() < 0.2, "effects": eff})
    for dl in ["sign", "reply", "dispatch"]:
        if rng.random() < 0.8:
            d["limits"].append({"deadline": dl, "time_limit": gen.rlimit(rng) if rng.random() < 0.3 else "1 working day"})
    for a in d["actions"]:
        if rng.random() < 0.3:
            d["hooks"].append({"action": a["action"], "timing": rng.choice(["before", "after"]),
                               "function": rng.choice(HOOKS_OK)})
    if rng.random() < 0.3:
        d["escalations"].append({"rule": "r1", "kind": "remind", "due": "reply_due", "share": 0.8, "states": ["a1"],
                                 "template": "remind"})
    if rng.random() < 0.3:
        d["escalations"].append({"rule": "r2", "kind": "hasten", "due": "dispatch_due",
                                 "every": gen.rlimit(rng), "states": states, "notice_after": 1, "template": "hasten"})
    return d


def intake_params(rng, ctx):
    """Valid-looking params of an intake (accept, reject, answer)."""
    p = {"region": "110101", "appeal_type": rng.choice(["complaint", "help", "consultation", "report"]),
         "channel": rng.choice(["phone", "wechat", "app"]), "description": "小区电梯停运三天",
         "citizen_phone": "138 0013 8000", "reason": "不属于受理范围", "result": "已答复"}
    if rng.random() < 0.5:
        p["topic"] = rng.choice(ctx.topics)
    if rng.random() < 0.3:
        p["accused_unit"] = rng.choice(ctx.units)
    if rng.random() < 0.2:
        p["emergency"] = "accident"
    return p


ENGINE_KEYS = ["region", "appeal_type", "channel", "description", "citizen_phone", "citizen_name", "area_code",
               "confidential", "topic", "urgency", "source_hotline", "occurred_at", "address", "longitude",
               "latitude", "demand", "accused_unit", "emergency", "reason", "emergency_referral", "result",
               "knowledge_article", "three_way_unit", "lead_unit", "assist_units", "dispatch_mode", "opinion",
               "sub_units", "new_deadline", "requested_deadline", "contacted", "contact_method",
               "process_satisfaction", "result_satisfaction", "note", "into"]


def engine_strings(ctx):
    return (ctx.units + ctx.topics + list(ctx.pool.values())
            + ["110101", "complaint", "help", "phone", "normal", "urgent", "very_urgent", "accident", "written",
               "urgent", "satisfied", "dissatisfied", "unreachable", "138 0013 8000", "+86 138-0013-8000",
               "2026-12-31 00:00+08", "infinity", "-infinity", "1900-01-01", "294276-12-31 23:59:59+00", "110",
               "119", "NaN", "1e308"])


def mutate_params(rng, ctx, p):
    return gen.mutate_json(rng, p, ENGINE_KEYS, engine_strings(ctx)) if rng.random() < 0.85 else \
        gen.rjson(rng, 0, ENGINE_KEYS, engine_strings(ctx))


def t_register_workflow(rng, ctx):
    name = "fz_%d" % rng.randrange(1000)
    if rng.random() < 0.5:
        base = json.loads(json.dumps(ctx.wf12345))
        base["name"] = name if rng.random() < 0.95 else rng.choice(["appeal_12345", "", "Bad Name", None])
    else:
        base = small_workflow(rng, name)
    hooks = HOOKS_OK if ctx.skip_known else HOOKS_OK + HOOKS_KNOWN
    if rng.random() < 0.3 and base.get("actions"):
        base.setdefault("hooks", []).append({"action": rng.choice(base["actions"])["action"],
                                             "timing": rng.choice(["before", "after"]),
                                             "function": rng.choice(hooks)})
    d = gen.mutate_json(rng, base, WF_KEYS, WF_STRINGS, rng.randint(0, 5)) if rng.random() < 0.8 else base
    if ctx.skip_known:
        d = defuse_known_workflow(d)
    definition = json.dumps(d)
    if len(definition) > (1 << 20):
        definition = json.dumps(base)
    actions = [a for a in as_list(d.get("actions")) if isinstance(a, dict)] if isinstance(d, dict) else []
    wfname = d.get("name") if isinstance(d, dict) and isinstance(d.get("name"), str) else name

    def then(outcome):
        calls = []
        opening = [a for a in actions if isinstance(a.get("from"), list) and "new" in a["from"]
                   and isinstance(a.get("action"), str)]
        if not opening:
            return calls
        a = rng.choice(opening)
        role = rng.choice(a["roles"]) if isinstance(a.get("roles"), list) and a["roles"] else "x"
        role = role if isinstance(role, str) else json.dumps(role)
        params = intake_params(rng, ctx)
        for k in as_list(a.get("params")):
            if isinstance(k, str) and k not in params:
                params[k] = rng.choice(engine_strings(ctx))
        if rng.random() < 0.3:
            params = mutate_params(rng, ctx, params)

        def then2(o2):
            more = []
            no = o2.rows[0][0] if o2.rows and o2.rows[0] else None
            for b in rng.sample(actions, min(len(actions), rng.randint(1, 4))):
                if not isinstance(b.get("action"), str):
                    continue
                r = rng.choice(b["roles"]) if isinstance(b.get("roles"), list) and b["roles"] else "x"
                r = r if isinstance(r, str) else json.dumps(r)
                p = {k: rng.choice(engine_strings(ctx)) for k in as_list(b.get("params")) if isinstance(k, str)}
                p["reason"] = "fz"
                if rng.random() < 0.3:
                    p = mutate_params(rng, ctx, p)
                asg = None if rng.random() < 0.5 else "(SELECT max(id) FROM hotline.assignment)"
                more.append(Call("workflow_run", "SELECT hotline.apply_action($1::hotline.order_no, $2, 'fz', $3, "
                                 "$4::jsonb, %s)" % (asg or "NULL::bigint"),
                                 [text(no), text(b["action"]), text(r), text(json.dumps(p))]))
            return more

        calls.append(Call("workflow_run", "SELECT hotline.open_order($1, $2, 'fz', $3, $4::jsonb)::text",
                          [text(wfname), text(a["action"]), text(str(role)), text(json.dumps(params))], then2))
        return calls

    return Case("register_workflow", [Call("register_workflow", "SELECT hotline.register_workflow($1::jsonb)",
                                           [text(definition)], then)], role="wfadmin")


def as_list(v):
    return v if isinstance(v, list) else []


def defuse_known_workflow(d):
    """Leave out what triggers bugs already known (FUZZ_SKIP_KNOWN=1):
    hooks of four wrongly typed arguments; set_due as an array of arrays."""
    if not isinstance(d, dict):
        return d
    hooks = d.get("hooks")
    if isinstance(hooks, list):
        d["hooks"] = [h for h in hooks if not (isinstance(h, dict) and h.get("function") in HOOKS_KNOWN)]
        for h in d["hooks"]:
            if isinstance(h, dict) and isinstance(h.get("function"), str) and h["function"] not in HOOKS_OK:
                h["function"] = "wf.ok(hotline.order_no,bigint,text,jsonb)"
    for a in as_list(d.get("actions")):
        if isinstance(a, dict) and isinstance(a.get("effects"), dict):
            sd = a["effects"].get("set_due")
            if isinstance(sd, list) and any(not isinstance(x, dict) for x in sd):
                a["effects"]["set_due"] = [x for x in sd if isinstance(x, dict)]
            elif sd is not None and not isinstance(sd, (dict, list)):
                del a["effects"]["set_due"]
    return d


# ---------------------------------------------------------------------------
# The engine: open_order, apply_action, the 12345 named functions
# ---------------------------------------------------------------------------

ACTIONS_12345 = {
    "dispatch": ("order", ["accepted", "returned"], ["dispatcher", "supervisor"]),
    "sign_for": ("assignment", ["dispatched"], ["unit"]),
    "return_order": ("assignment", ["dispatched", "signed"], ["unit"]),
    "request_extension": ("assignment", ["signed"], ["unit"]),
    "approve_extension": ("assignment", ["extension"], ["dispatcher"]),
    "refuse_extension": ("assignment", ["extension"], ["dispatcher"]),
    "pass_down": ("assignment", ["signed"], ["unit"]),
    "reply": ("assignment", ["signed", "redo", "passed"], ["unit"]),
    "withdraw": ("assignment", ["dispatched", "signed"], ["dispatcher"]),
    "resume": ("order", ["returned"], ["dispatcher"]),
    "approve_reply": ("order", ["replied"], ["reviewer"]),
    "send_back": ("order", ["replied"], ["reviewer"]),
    "callback": ("order", ["reviewed"], ["agent"]),
    "callback_redo": ("order", ["reviewed"], ["agent"]),
    "close": ("order", ["reviewed", "callback_done"], ["reviewer", "system"]),
    "archive": ("order", ["closed", "answered"], ["reviewer", "system"]),
    "terminate": ("order", ["accepted", "dispatched", "replied"], ["supervisor"]),
    "merge": ("order", ["accepted", "dispatched", "returned"], ["dispatcher"]),
}


def action_params(rng, ctx, action):
    p = {"reason": "fz 原因", "opinion": "请处理", "lead_unit": rng.choice(ctx.units),
         "dispatch_mode": rng.choice(["written", "phone", "urgent"]), "result": "已处理", "contacted": True,
         "process_satisfaction": rng.choice(["satisfied", "dissatisfied", "unreachable"]),
         "result_satisfaction": rng.choice(["satisfied", "dissatisfied"]),
         "new_deadline": gen.rtimestamp(rng), "into": order_no(rng, ctx, "accepted")}
    if rng.random() < 0.5:
        p["assist_units"] = rng.sample(ctx.units, rng.randint(0, 3))
    if action == "pass_down" or rng.random() < 0.2:
        p["sub_units"] = rng.sample(ctx.units, rng.randint(0, 3))
    return p


def t_engine(rng, ctx):
    x = rng.random()
    if x < 0.3:
        action = rng.choice(["accept", "accept", "reject", "answer", gen.rstr(rng, 10)])
        role = rng.choice(["agent", "supervisor", "unit", "", gen.rstr(rng, 5)])
        params = mutate_params(rng, ctx, intake_params(rng, ctx))
        wf = "appeal_12345" if rng.random() < 0.95 else rng.choice(["", "nope", "fz_0", gen.rstr(rng)])
        calls = [Call("open_order", "SELECT hotline.open_order($1, $2, $3, $4, $5::jsonb)::text",
                      [text(wf), text(action), text(gen.rstr(rng, 8) if rng.random() < 0.2 else "fz"), text(role),
                       text(gen.json_text(rng, params))])]
        # the intake's C on its own (extension/domain/intake.c): the checks,
        # and a phone number with or without an area code
        if rng.random() < 0.3:
            calls.append(Call("check_intake", "SELECT hotline.check_intake($1::jsonb)::text",
                              [text(gen.json_text(rng, params))]))
        if rng.random() < 0.3:
            phone = params.get("citizen_phone") if isinstance(params, dict) else None
            calls.append(Call("normalize_phone", "SELECT hotline.normalize_phone($1, $2)",
                              [text(phone if isinstance(phone, str) and rng.random() < 0.5 else gen.rstr(rng, 16)),
                               text(maybe(rng, rng.choice(["010", "0755", "0", "01"])))]))
    elif x < 0.65:
        action = rng.choice(list(ACTIONS_12345) + [gen.rstr(rng, 10)])
        scope, states, roles = ACTIONS_12345.get(action, ("order", [], ["x"]))
        no = order_no(rng, ctx, rng.choice(states) if states else None)
        role = rng.choice(roles) if rng.random() < 0.9 else gen.rstr(rng, 8)
        params = mutate_params(rng, ctx, action_params(rng, ctx, action)) if rng.random() < 0.7 \
            else action_params(rng, ctx, action)
        if scope == "assignment" and rng.random() < 0.85:
            asg = "(SELECT max(a.id) FROM hotline.assignment a WHERE a.order_no = $1::hotline.order_no)"
        else:
            asg = "$5::bigint"
        calls = [Call("apply_action", "SELECT hotline.apply_action($1::hotline.order_no, $2, 'fz', $3, $4::jsonb, %s), "
                      "$5::bigint" % asg,
                      [text(no), text(action), text(role), text(gen.json_text(rng, params)),
                       text(str(rng.choice(ctx.assignments + [0, -1, 2 ** 63 - 1])) if rng.random() < 0.7 else None)])]
    else:
        calls = [named_call(rng, ctx)]
    return Case("engine", calls)


def maybe(rng, v, mut=None):
    """v, or sometimes NULL or something odd."""
    x = rng.random()
    if x < 0.08:
        return None
    if x < 0.2:
        return mut() if mut else gen.rstr(rng)
    return v


def named_call(rng, ctx):
    """One of the 12345 named functions with random arguments."""
    u = lambda: "fz-dc" if rng.random() < 0.6 else rng.choice(ctx.units)  # noqa: E731
    s = lambda v: maybe(rng, v)  # noqa: E731
    units_arr = lambda: gen.pg_array(rng.sample(ctx.units, rng.randint(0, 3)) if rng.random() < 0.9  # noqa: E731
                                     else [gen.rstr(rng, 10), None])
    name = rng.choice(["accept", "reject", "answer", "dispatch", "sign_for", "return_order", "request_extension",
                       "decide_extension", "pass_down", "reply", "withdraw", "resume", "review", "callback",
                       "close_order", "archive", "terminate", "merge"])
    if name in ("accept", "reject", "answer"):
        extra = {"reject": ", reason => $17, emergency_referral => $18",
                 "answer": ", result => $17, knowledge_article => $18", "accept": ", demand => $17, accused_unit => $18"}
        sql = ("SELECT hotline.%s(region => $1, appeal_type => $2::hotline.appeal_type, channel => $3::hotline.channel, "
               "description => $4, citizen_phone => $5, citizen_name => $6, area_code => $7, "
               "confidential => $8::boolean, topic => $9, urgency => $10::hotline.urgency, source_hotline => $11, "
               "occurred_at => $12::timestamptz, address => $13, actor => $14, actor_role => $15%s%s)::text" % (
                   name, extra[name], ", emergency => $16::hotline.emergency_kind" if name == "accept" else
                   ", demand => $16"))
        params = [s("110101"), s(rng.choice(["complaint", "help", "report", "praise"])),
                  s(rng.choice(["phone", "wechat"])), s("路灯不亮" if rng.random() < 0.5 else gen.rstr(rng)),
                  s(rng.choice(["138 0013 8000", "010-6512 3456", "6512 3456", "12345", "+86 138 0013 8000"])),
                  s("王女士"), s(rng.choice(["010", "0991", "0"])), s(rng.choice(["true", "false"])),
                  s(rng.choice(ctx.topics)), s(rng.choice(["normal", "urgent", "very_urgent"])), s("12345"),
                  maybe(rng, gen.rtimestamp(rng)), s("东华门大街1号"), s("fz"),
                  s(rng.choice(["agent", "supervisor"])),
                  s("accident") if name == "accept" else s("尽快"), s(gen.rstr(rng)), s(rng.choice(["110", "119"]) if
                                                                                        name == "reject" else u())]
        return Call("named_" + name, sql, [text(p) for p in params])
    no = order_no(rng, ctx, {"dispatch": "accepted", "sign_for": "dispatched", "return_order": "dispatched",
                             "request_extension": "signed", "decide_extension": "extension", "pass_down": "signed",
                             "reply": "signed", "withdraw": "dispatched", "resume": "returned", "review": "replied",
                             "callback": "reviewed", "close_order": "reviewed", "archive": "closed",
                             "terminate": "accepted", "merge": "accepted"}[name])
    table = {
        "dispatch": ("lead_unit => $2, opinion => $3, dispatch_mode => $4, assist_units => $5::text[]",
                     [u(), s("请处理"), s(rng.choice(["written", "phone", "urgent"])), units_arr()]),
        "sign_for": ("unit => $2", [u()]),
        "return_order": ("unit => $2, reason => $3", [u(), s("不是本单位")]),
        "request_extension": ("unit => $2, reason => $3, requested_deadline => $4::timestamptz",
                              [u(), s("延期"), maybe(rng, gen.rtimestamp(rng))]),
        "decide_extension": ("unit => $2, approve => $3::boolean, new_deadline => $4::timestamptz, reason => $5",
                             [u(), s(rng.choice(["true", "false"])), maybe(rng, gen.rtimestamp(rng)), s("fz")]),
        "pass_down": ("unit => $2, sub_units => $3::text[], opinion => $4", [u(), units_arr(), s("请处理")]),
        "reply": ("unit => $2, result => $3, contacted => $4::boolean, contact_method => $5",
                  [u(), s("已处理"), s("true"), s("phone")]),
        "withdraw": ("unit => $2, reason => $3", [u(), s("不需要")]),
        "resume": ("note => $2", [s("继续")]),
        "review": ("accept => $2::boolean, reason => $3", [s(rng.choice(["true", "false"])), s("不完整")]),
        "callback": ("process_satisfaction => $2::hotline.satisfaction, result_satisfaction => $3::hotline.satisfaction, "
                     "note => $4", [s(rng.choice(["satisfied", "dissatisfied", "unreachable", "basically_satisfied"])),
                                    s(rng.choice(["satisfied", "dissatisfied"])), s("fz")]),
        "close_order": ("actor => $2", [s("fz")]),
        "archive": ("actor => $2", [s("fz")]),
        "terminate": ("reason => $2", [s("fz")]),
        "merge": ("into_order => $2::hotline.order_no", [order_no(rng, ctx, "dispatched")]),
    }
    args, params = table[name]
    return Call("named_" + name, "SELECT hotline.%s($1::hotline.order_no, %s)::text" % (name, args),
                [text(no)] + [text(p) for p in params])


# ---------------------------------------------------------------------------
# Text functions
# ---------------------------------------------------------------------------

TEXT_SEEDS = ["东直门北小街路灯不亮已经一周", "东直门北小街一整条街的路灯晚上都不亮", "市民来电反映，希望尽快处理",
              "３号楼 ＡＢＣ abc ABC", "小区电梯停运三天，老人上下楼困难", "路灯 灯不 不亮", ""]
PHONE_SEEDS = ["+86 138-0013-8000", "138 0013 8000", "0086 13800138000", "010-6512 3456", "(010)65123456",
               "6512 3456", "12345", "95598", "8613800138000", "（010）6512-3456", "+861380013800", "0"]


def t_text(rng, ctx):
    def txt():
        if rng.random() < 0.6:
            s = gen.mutate_str(rng, rng.choice(TEXT_SEEDS), TEXT_SEEDS, 1 << 20)
        else:
            s = gen.rstr(rng)
        if ctx.skip_known:
            s = s[:8192]
        return s
    def maybe_txt():
        v = maybe(rng, txt())
        return v[:8192] if v is not None and ctx.skip_known else v
    x = rng.random()
    if x < 0.35:
        calls = [Call("text_grams", "SELECT hotline.text_grams($1, $2)", [text(txt()), text(maybe_txt())])]
    elif x < 0.55:
        calls = [Call("text_grams_c", "SELECT hotline.text_grams_c($1, $2)",
                      [text(maybe_txt()), text(maybe_txt())])]
    elif x < 0.65:
        calls = [Call("text_similarity", "SELECT hotline.text_similarity($1, $2, $3)",
                      [text(txt()), text(txt()), text(maybe_txt())])]
    elif x < 0.75:
        # Chinese full-text search (issue 12): the parser, the dictionary and
        # the headline over texts and queries of any shape
        q = txt()[:200]
        calls = [Call("zh_search", "SELECT to_tsvector('hotline.zh', $1) @@ plainto_tsquery('hotline.zh', $2), "
                      "length(ts_headline('hotline.zh', $1, websearch_to_tsquery('hotline.zh', $2), "
                      "'MaxFragments=' || $3))",
                      [text(txt()[:65536]), text(q), text(str(rng.choice([0, 0, 1, 3])))])]
    else:
        phone = gen.mutate_str(rng, rng.choice(PHONE_SEEDS), ["0", "1", "-", " ", "+", "（", "转"], 4096) \
            if rng.random() < 0.8 else gen.rstr(rng)
        calls = [Call("normalize_phone", "SELECT hotline.normalize_phone($1, $2)",
                      [text(phone), text(maybe(rng, rng.choice(["010", "0991", "0", "01", "0123"])))])]
    return Case("text", calls, txn=False)


# ---------------------------------------------------------------------------
# Calendar arithmetic at its edges
# ---------------------------------------------------------------------------

def calendar_name(rng, ctx):
    x = rng.random()
    if x < 0.9:
        return rng.choice(ctx.calendars)
    return rng.choice(["", "nope", "CN", "cn ", gen.rstr(rng, rng.choice([10, 63, 64, 5000]))])


def t_calendar(rng, ctx):
    cal = calendar_name(rng, ctx)
    f = rng.randrange(9)
    if f == 8:
        call = Call("next_opening", "SELECT hotline.next_opening($1, $2::timestamptz)",
                    [text(cal), text(gen.rtimestamp(rng))])
    elif f == 0:
        call = Call("deadline", "SELECT hotline.deadline($1, $2::timestamptz, $3::hotline.time_limit)",
                    [text(cal), text(gen.rtimestamp(rng)), text(gen.rlimit(rng))])
    elif f == 1:
        call = Call("before_deadline", "SELECT hotline.before_deadline($1, $2::timestamptz, $3::hotline.time_limit)",
                    [text(cal), text(gen.rtimestamp(rng)), text(gen.rlimit(rng))])
    elif f == 2:
        call = Call("working_time", "SELECT hotline.working_time($1, $2::timestamptz, $3::timestamptz)",
                    [text(cal), text(gen.rtimestamp(rng)), text(gen.rtimestamp(rng))])
    elif f == 3:
        call = Call("working_days", "SELECT hotline.working_days($1, $2::date, $3::date)",
                    [text(cal), text(gen.rdate(rng)), text(gen.rdate(rng))])
    elif f == 4:
        call = Call("is_working_day", "SELECT hotline.is_working_day($1, $2::date), hotline.covered_years($1)",
                    [text(cal), text(gen.rdate(rng))])
    elif f == 5:
        a, b = gen.rtimestamp(rng), gen.rtimestamp(rng)
        if rng.random() < 0.3:
            a, b = rng.choice(gen.EDGE_TIMESTAMPS[:14]), rng.choice(gen.EDGE_TIMESTAMPS[:14])
        share = gen.rfloat(rng) if rng.random() < 0.4 else repr(rng.random())
        # a result out of the range of timestamptz fails in its output: "invalid"
        call = Call("share_point", "SELECT hotline.share_point($1, $2::timestamptz, $3::timestamptz, $4::float8)",
                    [text(cal), text(a), text(b), text(share)])
    elif f == 6:
        call = Call("export_ics", "SELECT length(hotline.export_ics($1, $2::date, $3::date))",
                    [text(cal), text(gen.rdate(rng)), text(gen.rdate(rng))])
    else:
        # the result of deadline() fed back: a deadline from a deadline
        call = Call("deadline", "SELECT hotline.deadline($1, hotline.deadline($1, $2::timestamptz, $3::hotline.time_limit), "
                    "$3::hotline.time_limit)::text", [text(cal), text(gen.rtimestamp(rng)), text(gen.rlimit(rng))])
    return Case("calendar", [call], txn=False)


def time_ranges(rng):
    """business_hours: an array of time ranges, odd ones too."""
    def t():
        return rng.choice(["00:00", "09:00", "12:00", "13:30", "17:30", "23:59", "23:59:59.999999", "24:00",
                           "00:00:00.000001", "12:00:00.5", "%02d:%02d" % (rng.randint(0, 24), rng.randint(0, 59)),
                           "25:00", "-01:00", "allballs"])
    out = []
    for _ in range(rng.choice([0, 1, 2, 3, 8, 9, 50])):
        lo, hi = t(), t()
        out.append(rng.choice("[(") + lo + "," + hi + rng.choice(")]") if rng.random() < 0.9 else
                   rng.choice(["empty", "(,)", "[09:00,)", "(,12:00)", "[12:00,09:00)"]))
    return gen.pg_array(out) if rng.random() < 0.95 else gen.rstr(rng, 20, ["{}[](),:0129 \""])


def weekdays(rng):
    if rng.random() < 0.1:
        return rng.choice(["{{1,2},{3,4}}", "{1,NULL}", "{}", "[0:1]={1,2}", "{32767}", "{-32768}"])
    return "{" + ",".join(str(rng.choice([1, 2, 3, 4, 5, 6, 7, 7, 0, 8, -1])) for _ in range(rng.randint(0, 9))) + "}"


def finite_date(rng):
    """rdate without infinity (generate_series over it never ends)."""
    d = gen.rdate(rng)
    return "2026-01-01" if "infinity" in d else d


def t_calendar_rows(rng, ctx):
    """Calendar rows written (the C triggers check them), then computed on."""
    name = "fzr_%d" % rng.randrange(100)
    x = rng.random()
    tail = [Call("calendar_rows", "SELECT hotline.deadline($1, $2::timestamptz, $3::hotline.time_limit), "
                 "hotline.working_time($1, $2::timestamptz, $4::timestamptz), "
                 "hotline.working_days($1, $5::date, $6::date), hotline.share_point($1, $2::timestamptz, "
                 "$4::timestamptz, 0.5)::text",
                 [text(name), text(gen.rtimestamp(rng)), text(gen.rlimit(rng)), text(gen.rtimestamp(rng)),
                  text(gen.rdate(rng)), text(gen.rdate(rng))])]
    if x < 0.6:
        tz = rng.choice(ctx.zones) if rng.random() < 0.7 else rng.choice(
            ["UTC+8", "<+0545>-5:45", "EST5EDT,M3.2.0,M11.1.0", "", "Mars/Olympus", "posix/Asia/Shanghai",
             "Etc/GMT-14", "Etc/GMT+12", "localtime", "Factory", gen.rstr(rng, 30)])
        base = rng.choice([None, None, "cn", "fz_layer3", "fz_allhol", name, "nope"])
        call = Call("calendar_insert", "INSERT INTO hotline.calendar (name, base, time_zone, business_hours, "
                    "work_weekdays) VALUES ($1, $2, $3, $4::hotline.time_range[], $5::smallint[])",
                    [text(name), text(base), text(tz), text(time_ranges(rng)), text(weekdays(rng))],
                    lambda o: tail)
    elif x < 0.8:
        target = rng.choice(["fz_layer1", "fz_layer2", "fz_layer3", "fz_allhol"])
        call = Call("calendar_days", "INSERT INTO hotline.calendar_day (calendar, day, kind) "
                    "SELECT $1, d::date, $2::hotline.day_kind FROM generate_series($3::date, $4::date, "
                    "$5::interval) g(d) LIMIT 5000",
                    [text(target), text(rng.choice(["holiday", "workday"])), text(finite_date(rng)),
                     text(finite_date(rng)), text(rng.choice(["1 day", "7 days", "1 year", "-1 day"]))],
                    lambda o: [Call("calendar_rows", "SELECT hotline.deadline($1, $2::timestamptz, "
                                    "$3::hotline.time_limit), hotline.working_days($1, $4::date, $5::date)",
                                    [text(rng.choice(["fz_layer3", "fz_allhol"])), text(gen.rtimestamp(rng)),
                                     text(gen.rlimit(rng)), text(gen.rdate(rng)), text(gen.rdate(rng))])])
    else:
        a, b = rng.sample(["fz_layer1", "fz_layer2", "fz_layer3", "cn", "fz_allhol", "fz_nohours"], 2)
        col = rng.choice(["base", "business_hours", "work_weekdays", "time_zone", "name"])
        val = {"base": b, "business_hours": time_ranges(rng), "work_weekdays": weekdays(rng),
               "time_zone": rng.choice(ctx.zones), "name": gen.rstr(rng, rng.choice([1, 10, 70]))}[col]
        cast = {"business_hours": "::hotline.time_range[]", "work_weekdays": "::smallint[]"}.get(col, "")
        call = Call("calendar_update", "UPDATE hotline.calendar SET %s = $1%s WHERE name = $2" % (col, cast),
                    [text(val), text(a)],
                    lambda o: [Call("calendar_rows", "SELECT hotline.deadline($1, $2::timestamptz, "
                                    "$3::hotline.time_limit)", [text(rng.choice(["fz_layer3", "fz_layer2"])),
                                                                text(gen.rtimestamp(rng)), text(gen.rlimit(rng))])])
    return Case("calendar_rows", [call])


def t_rows(rng, ctx):
    """Writes the C triggers and the jobs see: a state set by a bare UPDATE
    (guard_state refuses it), deadlines moved to the edges (the alarm
    trigger computes share_point and before_deadline on them), then the
    sweep and the recomputation of deadlines in the same transaction."""
    x = rng.random()
    if x < 0.3:
        tbl = rng.choice(["work_order", "assignment"])
        key = "order_no = $2::hotline.order_no" if tbl == "work_order" else "id = $2::bigint"
        val = order_no(rng, ctx) if tbl == "work_order" else str(rng.choice(ctx.assignments))
        return Case("rows", [Call("guard_state", "UPDATE hotline.%s SET state = $1 WHERE %s" % (tbl, key),
                                  [text(rng.choice(["closed", "replied", "new", "", gen.rstr(rng, 8)])), text(val)])])
    if rng.random() < 0.5:
        col = rng.choice(["sign_due", "reply_due"])
        first = Call("move_due", "UPDATE hotline.assignment SET %s = $1::timestamptz WHERE id = $2::bigint" % col,
                     [text(gen.rtimestamp(rng)), text(str(rng.choice(ctx.assignments)))])
    else:
        col = rng.choice(["dispatch_due", "callback_due"])
        first = Call("move_due", "UPDATE hotline.work_order SET %s = $1::timestamptz "
                     "WHERE order_no = $2::hotline.order_no" % col,
                     [text(gen.rtimestamp(rng)), text(order_no(rng, ctx))])
    first.then = lambda o: [Call("sweep", "SELECT hotline.sweep($1::int)", [text(rng.choice(["1", "100", "10000"]))])]
    calls = [first]
    if rng.random() < 0.3:
        calls = [Call("holidays_added", "INSERT INTO hotline.calendar_day (calendar, day, kind) "
                      "SELECT 'fz_layer3', d::date, 'holiday' FROM generate_series($1::date, $1::date + 30, "
                      "'1 day') g(d) ON CONFLICT DO NOTHING", [text(finite_date(rng))],
                      lambda o: [Call("recompute", "SELECT hotline.recompute_deadlines()")])]
    return Case("rows", calls)


# ---------------------------------------------------------------------------
# Reports (issue 11): periods, dimensions and the assessment setting
# ---------------------------------------------------------------------------

ASSESSMENT_SETTING = {
    "reply_actions": ["reply"],
    "contact": {"actions": ["reply"], "param": "contacted_at", "deadline": "contact"},
    "redo_state": "redo", "return_state": "returned", "extension_actions": ["approve_extension"],
    "callback": {"actions": ["callback", "callback_redo"], "param": "result_satisfaction",
                 "satisfied": ["satisfied", "basically_satisfied"], "unreached": ["unreachable"],
                 "solved_param": "solved"},
    "closed_states": ["closed", "answered", "archived"], "rejected_states": ["not_accepted"]}
SETTING_KEYS = list(ASSESSMENT_SETTING) + ["actions", "param", "deadline", "satisfied", "unreached", "solved_param"]
SETTING_STRINGS = ["reply", "callback", "redo", "returned", "closed", "signed", "new", "", "contacted_at"]


def t_reports(rng, ctx):
    kind = maybe(rng, rng.choice(["day", "week", "month", "quarter", "year"]))
    day = gen.rdate(rng) if rng.random() < 0.5 else rng.choice(["2026-12-03", "2026-01-01", "2025-02-28"])
    x = rng.random()
    if x < 0.15:
        calls = [Call("unit_assessment", "SELECT count(*) FROM hotline.unit_assessment($1, $2::date)",
                      [text(kind), text(day)])]
    elif x < 0.25:
        calls = [Call("assessment_comparison", "SELECT count(*) FROM hotline.assessment_comparison($1, $2::date)",
                      [text(kind), text(day)])]
    elif x < 0.35:
        calls = [Call("centre_figures", "SELECT count(*) FROM hotline.centre_figures($1, $2::date)",
                      [text(kind), text(day)])]
    elif x < 0.5:
        dim = maybe(rng, rng.choice(["topic", "region", "repeat_group"]))
        top = maybe(rng, str(rng.choice([1, 10, 1000, 1001, 0, -1, 2 ** 31 - 1])))
        calls = [Call("hot_spots", "SELECT count(*) FROM hotline.hot_spots($1, $2, $3::date, $4::int)",
                      [text(dim), text(kind), text(day), text(top)])]
    elif x < 0.6:
        calls = [Call("assessment_report", "SELECT length(hotline.assessment_report($1, $2::date))",
                      [text(kind), text(day)])]
    elif x < 0.9:
        v = gen.mutate_json(rng, json.loads(json.dumps(ASSESSMENT_SETTING)), SETTING_KEYS, SETTING_STRINGS,
                            rng.randint(1, 4))
        calls = [Call("assessment_setting", "INSERT INTO hotline.workflow_setting (workflow, setting, value, description) "
                      "VALUES ('appeal_12345', 'assessment', $1::jsonb, 'fuzz')", [text(json.dumps(v))],
                      lambda o: [Call("refresh_statistics", "SELECT hotline.refresh_statistics(true)")])]
    else:
        calls = [Call("refresh_statistics", "SELECT hotline.refresh_statistics()",
                      then=lambda o: [Call("unit_assessment", "SELECT count(*) FROM hotline.unit_assessment('month', now()::date)")])]
    return Case("reports", calls)


# ---------------------------------------------------------------------------
# iCalendar scheduling messages (itip.c): built from mutated events, read
# from mutated messages
# ---------------------------------------------------------------------------

ICAL_EVENT = {
    "uid": "appt-1@hotline.example", "sequence": 0,
    "start": "2026-12-07T09:00:00+08:00", "end": "2026-12-07T10:00:00+08:00",
    "dtstamp": "2026-12-04T08:00:00Z", "alarm_minutes": 60, "summary": "上门服务", "description": "携带材料\n联系人",
    "location": "和平里七区12号楼", "status": "CONFIRMED", "comment": "好的",
    "organizer": {"email": "smfw@dc.gov.example", "name": "东城区政务服务中心"},
    "attendees": [{"email": "wang@dc.gov.example", "name": "王芳", "role": "REQ-PARTICIPANT",
                   "partstat": "NEEDS-ACTION", "rsvp": True}],
}
ICAL_KEYS = list(ICAL_EVENT) + ["email", "name", "role", "partstat", "rsvp"]
ICAL_STRINGS = ["", "x", "REQUEST", "ACCEPTED", "DECLINED", "CHAIR", "CANCELLED", "TENTATIVE", "a@b", "@", "a@b@c",
                "2026-12-07T09:00:00Z", "2026-02-30T09:00:00+08:00", "infinity", "2026-12-07", "9999-12-31T23:59:59Z",
                "\r\nBEGIN:VEVENT", "\"", ";", ":", ",", "\\"]
ICAL_METHODS = ["REQUEST", "CANCEL", "PUBLISH", "REPLY", "request", "INVITE", "", None]


# a client's REPLY, whose parameter and property values are mutated: the
# values libical has no name for (X-FOO, a typo, nothing) are what a
# calendar client or an attacker sends
ITIP_REPLY = [
    "BEGIN:VCALENDAR", "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN", "VERSION:2.0", "METHOD:REPLY",
    "BEGIN:VEVENT", "UID:visit-110101-20261204-000001@hotline.example", "SEQUENCE:1", "DTSTAMP:20261205T020000Z",
    "DTSTART;TZID=Asia/Shanghai:20261208T140000", "DTEND;TZID=Asia/Shanghai:20261208T150000", "SUMMARY:上门服务",
    "STATUS:CONFIRMED", "ORGANIZER;CN=东城区政务服务中心:mailto:smfw@dc.gov.example",
    "ATTENDEE;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT;CUTYPE=INDIVIDUAL;RSVP=TRUE;CN=李建国:mailto:li@example.com",
    "COMMENT:好的", "END:VEVENT", "END:VCALENDAR"]
ITIP_VALUES = ["X-FOO", "BOGUS", "", "ACCEPTED", "DECLINED", "DELEGATED", "x-lower", ";", ":", "\"", ",", "=", "X-",
               "NEEDS-ACTION", "CANCELLED", "TENTATIVE", "REQUEST", "X-" + "A" * 300, "\u00e9", "上门"]


def itip_input(rng):
    """A mutated iTIP REPLY (text): parameter and property values replaced, lines repeated or dropped."""
    lines = list(ITIP_REPLY)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(5)
        i = rng.randrange(len(lines))
        if op <= 1:
            # a parameter's value (PARTSTAT=..., ROLE=..., CN=...) or a property's value
            line = lines[i]
            if "=" in line and rng.random() < 0.6:
                head, _, rest = line.partition("=")
                value, sep, tail = rest.partition(";") if ";" in rest.split(":")[0] else rest.partition(":")
                lines[i] = head + "=" + rng.choice(ITIP_VALUES) + sep + tail
            elif ":" in line:
                lines[i] = line.split(":")[0] + ":" + rng.choice(ITIP_VALUES)
        elif op == 2:
            lines.insert(i, "ATTENDEE;PARTSTAT=" + rng.choice(ITIP_VALUES) + ":mailto:" + rng.choice(["a@b.c", "", "x"]))
        elif op == 3:
            lines[i:i] = [lines[i]] * rng.choice([1, 2, 50])
        elif len(lines) > 1:
            del lines[i]
    return "\r\n".join(lines) + "\r\n"


def t_ical(rng, ctx):
    if rng.random() < 0.6:
        n = rng.choice([0, 1, 1, 1, 2, 50, 10001])
        evs = [gen.mutate_json(rng, json.loads(json.dumps(ICAL_EVENT)), ICAL_KEYS, ICAL_STRINGS, rng.randint(0, 4))
               for _ in range(min(n, 3))]
        if n > 3:
            # Repeat the mutated events, but keep the message under 16 MB
            # (a mutation can make one event megabytes long; 10,001 of them
            # would exceed the protocol's 1 GB message limit, which the
            # server answers by closing the connection, not a finding).
            size = sum(len(json.dumps(e)) for e in evs) // max(len(evs), 1) + 1
            n = min(n, max(len(evs), (16 << 20) // size))
            evs = (evs * (n // max(len(evs), 1) + 1))[:n]
        zone = rng.choice(["Asia/Shanghai", "Asia/Urumqi", "UTC", "America/New_York", "", "Mars/Olympus",
                           rng.choice(ctx.zones) if ctx.zones else "UTC", gen.rstr(rng, 70)])
        method = rng.choice(ICAL_METHODS)

        def then(outcome):
            return [Call("ical_read", "SELECT count(*), bool_and(conforms) FROM hotline.ical_read("
                         "hotline.ical_message($1, $2::jsonb, $3))", [text(method), text(json.dumps(evs)), text(zone)])]

        calls = [Call("ical_message", "SELECT length(hotline.ical_message($1, $2::jsonb, $3))",
                      [text(method), text(json.dumps(evs)), text(zone)], then)]
    elif rng.random() < 0.5:
        calls = [Call("ical_read", "SELECT count(*), string_agg(attendees::text || status || method, '') FROM hotline.ical_read($1)",
                      [text(itip_input(rng))])]
    else:
        data = ics_input(rng, ctx)[:70000]
        calls = [Call("ical_read", "SELECT count(*) FROM hotline.ical_read($1)",
                      [text(data.decode("utf-8", "ignore"))])]
    return Case("ical", calls, txn=False)


TARGETS = {
    "order_no": t_order_no,
    "time_limit": t_time_limit,
    "import_ics": t_import_ics,
    "register_workflow": t_register_workflow,
    "engine": t_engine,
    "text": t_text,
    "calendar": t_calendar,
    "calendar_rows": t_calendar_rows,
    "rows": t_rows,
    "reports": t_reports,
    "ical": t_ical,
}
