#!/usr/bin/python3
"""hotline: the home visit's invitations read by a calendar implementation
no one here wrote (issue 13, R-13.3), as TAP; run by test/ical/check.sh.

    /usr/bin/python3 test/ical/check.py DB

In database DB (test/ical/invitations.sql loaded): every iCalendar message
the outbox holds for the visits is parsed with python3-icalendar (Debian's,
the library of many calendar tools) and checked for what a client relies
on: CRLF lines folded at 75 octets, VERSION, PRODID, METHOD, one VEVENT
with a stable UID and a rising SEQUENCE, DTSTART/DTEND in the unit's zone
with its VTIMEZONE, DTSTAMP in UTC, ORGANIZER and ATTENDEEs with CN,
PARTSTAT and RSVP, a VALARM on invitations, STATUS:CANCELLED on
cancellations; the unit's PUBLISH feed likewise.  Then a client's answer:
a METHOD:REPLY written with python3-icalendar from the invitation, as a
client does, is imported with hotline.import_visit_reply and recorded.
"""
import datetime
import json
import os
import subprocess
import sys

import icalendar

DB = sys.argv[1]
PSQL = [os.path.join(os.environ.get("HOTLINE_PG_BINDIR", "/usr/lib/postgresql/15/bin"), "psql"),
        "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", DB]
N = 0
FAILED = 0


def ok(cond, what, detail=""):
    """One TAP line."""
    global N, FAILED
    N += 1
    if cond:
        print(f"ok {N} - {what}")
    else:
        FAILED += 1
        print(f"not ok {N} - {what}")
        if detail:
            for line in str(detail).splitlines():
                print(f"# {line}")


def psql(sql, *args):
    """The text psql prints for sql, with args as psql variables (:'a1' ...)."""
    cmd = list(PSQL)
    for i, a in enumerate(args, 1):
        cmd += ["-v", f"a{i}={a}"]
    return subprocess.run(cmd, input=sql, capture_output=True, text=True, check=True).stdout


def utc(y, mo, d, h, mi):
    return datetime.datetime(y, mo, d, h, mi, tzinfo=datetime.timezone.utc)


def attendees(ev):
    a = ev.get("attendee")
    if a is None:
        return []
    return a if isinstance(a, list) else [a]


messages = [json.loads(line) for line in psql(
    "SELECT json_build_object('k', v.k, 'to', o.recipient_user, 'method', o.payload ->> 'method',"
    " 'seq', (o.payload ->> 'sequence')::int, 'ics', o.payload ->> 'ics')"
    " FROM hotline.outbox o JOIN hv_ical v ON v.no = o.order_no"
    " WHERE o.template = 'home_visit.invitation' ORDER BY o.id").splitlines()]
li = [m for m in messages if m["k"] == "li"]
ok([(m["to"], m["method"], m["seq"]) for m in li] ==
   [("liu@dc.gov.example", "REQUEST", 0), ("wang@dc.gov.example", "REQUEST", 0), ("li.daye@example.com", "REQUEST", 0),
    ("liu@dc.gov.example", "CANCEL", 1), ("wang@dc.gov.example", "REQUEST", 1), ("li.daye@example.com", "REQUEST", 1)],
   "the visit's messages: invitations at SEQUENCE 0, the move at 1, a cancellation to the staff member dropped",
   [(m["to"], m["method"], m["seq"]) for m in li])

# the citizen's three messages (invitation, update) and the dropped one's CANCEL
expected_times = {0: (utc(2030, 3, 4, 1, 0), utc(2030, 3, 4, 2, 0)), 1: (utc(2030, 3, 4, 6, 0), utc(2030, 3, 4, 7, 30))}
uids = set()
for m in li:
    text = m["ics"]
    what = f"{m['method']} {m['seq']} to {m['to']}"
    lines = text.split("\r\n")
    ok(text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""), f"{what}: CRLF line ends only (RFC 5545 3.1)")
    ok(all(len(line.encode()) <= 75 for line in lines), f"{what}: lines folded at 75 octets, never inside a character",
       [line for line in lines if len(line.encode()) > 75])
    try:
        cal = icalendar.Calendar.from_ical(text)
    except Exception as e:  # noqa: BLE001 - any parse error is the finding
        ok(False, f"{what}: python3-icalendar parses it", e)
        continue
    ok(True, f"{what}: python3-icalendar parses it")
    ok(str(cal.get("version")) == "2.0" and str(cal.get("prodid")) and str(cal.get("method")) == m["method"],
       f"{what}: VERSION 2.0, a PRODID, METHOD:{m['method']}")
    events = list(cal.walk("VEVENT"))
    zones = list(cal.walk("VTIMEZONE"))
    ok(len(events) == 1, f"{what}: one VEVENT (RFC 5546: one per message)")
    ev = events[0]
    uids.add(str(ev.get("uid")))
    ok(int(ev.get("sequence")) == m["seq"], f"{what}: SEQUENCE {m['seq']}")
    start, end = ev.get("dtstart").dt, ev.get("dtend").dt
    ok((start, end) == expected_times[m["seq"]], f"{what}: DTSTART and DTEND are the booked instants",
       (start, end))
    ok(ev.get("dtstart").params.get("TZID") == "Asia/Shanghai" and len(zones) == 1
       and str(zones[0].get("tzid")) == "Asia/Shanghai",
       f"{what}: the times in the unit's zone, whose VTIMEZONE is sent along")
    ok(ev.get("dtstamp").dt.utcoffset() == datetime.timedelta(0), f"{what}: DTSTAMP in UTC")
    org = ev.get("organizer")
    ok(str(org).lower() == "mailto:smfw@dc.gov.example" and org.params.get("CN") == "东城区政务服务中心",
       f"{what}: ORGANIZER the unit, with its name")
    att = {str(a).lower(): a.params for a in attendees(ev)}
    want = {"mailto:wang@dc.gov.example", "mailto:li.daye@example.com"} | (
        {"mailto:liu@dc.gov.example"} if m["seq"] == 0 or m["method"] == "CANCEL" else set())
    if m["method"] == "CANCEL":
        want = {"mailto:liu@dc.gov.example"}
    ok(set(att) == want, f"{what}: the ATTENDEEs it concerns", sorted(att))
    ok(all(p.get("CN") and p.get("PARTSTAT") and p.get("ROLE") == "REQ-PARTICIPANT" for p in att.values()),
       f"{what}: each ATTENDEE with CN, PARTSTAT and ROLE")
    if m["method"] == "REQUEST":
        ok(all(p.get("RSVP") == "TRUE" and p.get("PARTSTAT") == "NEEDS-ACTION" for p in att.values()),
           f"{what}: every attendee asked to answer (RSVP, NEEDS-ACTION)")
        alarms = list(ev.walk("VALARM"))
        ok(len(alarms) == 1 and alarms[0].get("trigger").dt == datetime.timedelta(hours=-1)
           and str(alarms[0].get("action")) == "DISPLAY", f"{what}: a VALARM an hour before")
        ok(str(ev.get("summary")).startswith("上门服务：") and "和平里七区" in str(ev.get("location")),
           f"{what}: SUMMARY and LOCATION in Chinese, unchanged")
    else:
        ok(str(ev.get("status")) == "CANCELLED" and not list(ev.walk("VALARM")),
           f"{what}: STATUS:CANCELLED, no alarm")
ok(len(uids) == 1, "one UID across the invitation, its update and the cancellation", uids)

# the unit's feed
feed_text = psql("SELECT hotline.visit_schedule('ic-zwfw', '2030-03-04', '2030-03-04')")
try:
    feed = icalendar.Calendar.from_ical(feed_text)
    ok(True, "the unit's feed parses")
    evs = sorted(feed.walk("VEVENT"), key=lambda e: e.get("dtstart").dt)
    ok(str(feed.get("method")) == "PUBLISH" and len(evs) == 2, "the feed: METHOD:PUBLISH, the day's two visits")
    ok([e.get("dtstart").dt for e in evs] == [utc(2030, 3, 4, 2, 0), utc(2030, 3, 4, 6, 0)]
       and not any(attendees(e) for e in evs), "at their times, with no attendee (a published schedule)")
    ok(str(evs[1].get("uid")) in uids and int(evs[1].get("sequence")) == 1,
       "the moved visit under its UID and SEQUENCE")
except Exception as e:  # noqa: BLE001
    ok(False, "the unit's feed parses", e)

# a client's answer, written with python3-icalendar from the invitation it got
inv = icalendar.Calendar.from_ical(next(m["ics"] for m in li if m["to"] == "li.daye@example.com" and m["seq"] == 1))
iev = next(iter(inv.walk("VEVENT")))
reply = icalendar.Calendar()
reply.add("prodid", "-//python3-icalendar test client//EN")
reply.add("version", "2.0")
reply.add("method", "REPLY")
rev = icalendar.Event()
for key in ("uid", "sequence", "dtstart", "dtend", "summary", "organizer"):
    rev[key] = iev[key]
rev.add("dtstamp", datetime.datetime.now(datetime.timezone.utc))
who = icalendar.vCalAddress("mailto:li.daye@example.com")
who.params["PARTSTAT"] = icalendar.vText("TENTATIVE")
who.params["CN"] = icalendar.vText("李建国")
rev.add("attendee", who, encode=0)
rev.add("comment", "可能要晚一点，到了先打电话")
reply.add_component(rev)
for z in inv.walk("VTIMEZONE"):
    reply.add_component(z)
got = psql("SELECT email || ' ' || partstat || ' ' || outcome FROM hotline.import_visit_reply(:'a1', 'li.daye@example.com')",
           reply.to_ical().decode())
ok(got.strip() == "li.daye@example.com TENTATIVE recorded", "a REPLY written by python3-icalendar is imported", got)
ok(psql("SELECT citizen_partstat FROM hotline.visit_appointment a JOIN hv_ical v ON v.no = a.order_no WHERE v.k = 'li'").strip()
   == "TENTATIVE", "and the appointment records the citizen's TENTATIVE")

print(f"1..{N}")
sys.exit(1 if FAILED else 0)
