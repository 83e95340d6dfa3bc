"""hotline fuzzing: a minimal libpq client through ctypes (no Python
package needed: libpq5 comes with PostgreSQL's client).

Every statement goes out with PQsendQueryParams, so that every input is a
bind parameter (text, or binary with a type OID for receive functions) and
never part of the SQL text. Calls are asynchronous: the caller gets control
back while the server works, to notice a call that runs far past its
statement_timeout (an uncancellable loop) and to end it.
"""

import ctypes
import ctypes.util
import select
import time

_lib = None

CONNECTION_OK = 0
PGRES_COMMAND_OK = 1
PGRES_TUPLES_OK = 2
PGRES_FATAL_ERROR = 7

DIAG = {
    "sqlstate": ord("C"),
    "message": ord("M"),
    "detail": ord("D"),
    "hint": ord("H"),
    "context": ord("W"),
    "file": ord("F"),
    "line": ord("L"),
    "function": ord("R"),
}

OID_BYTEA = 17
OID_INT8 = 20
OID_TEXT = 25


def lib():
    """The libpq shared library, loaded once, with the prototypes we use."""
    global _lib
    if _lib is not None:
        return _lib
    name = ctypes.util.find_library("pq") or "libpq.so.5"
    L = ctypes.CDLL(name)
    vp, cp, i, u = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_uint
    # name: (result type, argument types)
    prototypes = {
        "PQconnectdb": (vp, [cp]),
        "PQstatus": (i, [vp]),
        "PQerrorMessage": (cp, [vp]),
        "PQfinish": (None, [vp]),
        "PQbackendPID": (i, [vp]),
        "PQsocket": (i, [vp]),
        "PQsendQueryParams": (i, [vp, cp, i, ctypes.POINTER(u), ctypes.POINTER(cp),
                                  ctypes.POINTER(i), ctypes.POINTER(i), i]),
        "PQconsumeInput": (i, [vp]),
        "PQisBusy": (i, [vp]),
        "PQgetResult": (vp, [vp]),
        "PQresultStatus": (i, [vp]),
        "PQresultErrorField": (cp, [vp, i]),
        "PQresultErrorMessage": (cp, [vp]),
        "PQntuples": (i, [vp]),
        "PQnfields": (i, [vp]),
        "PQgetvalue": (ctypes.POINTER(ctypes.c_char), [vp, i, i]),
        "PQgetlength": (i, [vp, i, i]),
        "PQgetisnull": (i, [vp, i, i]),
        "PQclear": (None, [vp]),
        "PQsetNoticeProcessor": (vp, [vp, vp, vp]),
    }
    for fn, (res, args) in prototypes.items():
        f = getattr(L, fn)
        f.restype = res
        f.argtypes = args
    _lib = L
    return L


# notices (coverage warnings, ...) go nowhere: the fuzz session sets
# client_min_messages = error, this is the second belt
_NOTICE_PROC = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p)(lambda arg, msg: None)


class Param:
    """One bind parameter: bytes or None (NULL), text (format 0) or binary
    (format 1) with the type OID the server should receive it as (0: let
    the server infer it from the statement)."""

    __slots__ = ("value", "fmt", "oid")

    def __init__(self, value, fmt=0, oid=0):
        self.value = value
        self.fmt = fmt
        self.oid = oid

    def __repr__(self):
        return "Param(%r, fmt=%d, oid=%d)" % (self.value if self.value is None or len(self.value) < 60
                                               else self.value[:60] + b"...", self.fmt, self.oid)


def text(s):
    """A text-format parameter from a str (or None); NUL characters, which
    no PostgreSQL text can hold, are dropped."""
    if s is None:
        return Param(None)
    if isinstance(s, str):
        s = s.encode("utf-8", "surrogatepass")
    return Param(s.replace(b"\0", b""))


def binary(b, oid):
    """A binary-format parameter of type oid."""
    return Param(b, 1, oid)


class Outcome:
    """What one statement did: kind is ok, error, lost (the connection
    broke: the backend died) or overrun (it ran far past the statement
    timeout and was ended by us)."""

    __slots__ = ("kind", "sqlstate", "message", "fields", "rows", "elapsed")

    def __init__(self, kind, sqlstate=None, message=None, fields=None, rows=None, elapsed=0.0):
        self.kind = kind
        self.sqlstate = sqlstate
        self.message = message
        self.fields = fields or {}
        self.rows = rows or []
        self.elapsed = elapsed

    def __repr__(self):
        return "Outcome(%s, %s, %r, %.3fs)" % (self.kind, self.sqlstate, (self.message or "")[:200], self.elapsed)


def _dec(b):
    return b.decode("utf-8", "replace") if b is not None else None


class Conn:
    """One libpq connection."""

    def __init__(self, conninfo):
        self.L = lib()
        self.conninfo = conninfo
        self.conn = self.L.PQconnectdb(conninfo.encode())
        if self.L.PQstatus(self.conn) != CONNECTION_OK:
            msg = _dec(self.L.PQerrorMessage(self.conn))
            self.L.PQfinish(self.conn)
            self.conn = None
            raise ConnectionError(msg.strip() if msg else "connection failed")
        self.L.PQsetNoticeProcessor(self.conn, ctypes.cast(_NOTICE_PROC, ctypes.c_void_p), None)
        self.pid = self.L.PQbackendPID(self.conn)

    def close(self):
        if self.conn:
            self.L.PQfinish(self.conn)
            self.conn = None

    def alive(self):
        return self.conn is not None and self.L.PQstatus(self.conn) == CONNECTION_OK

    def execute(self, sql, params=(), overrun_after=None, on_overrun=None, max_rows=100):
        """Run sql with params (Param objects, or str/None for text).

        overrun_after: seconds after which on_overrun(self) is called once
        (it should end the backend); the call then waits for the result or
        the connection to break. Returns an Outcome."""
        L = self.L
        n = len(params)
        params = [p if isinstance(p, Param) else text(p) for p in params]
        types = (ctypes.c_uint * max(n, 1))(*[p.oid for p in params])
        values = (ctypes.c_char_p * max(n, 1))(*[p.value for p in params])
        lengths = (ctypes.c_int * max(n, 1))(*[len(p.value) if p.value is not None else 0 for p in params])
        formats = (ctypes.c_int * max(n, 1))(*[p.fmt for p in params])
        start = time.monotonic()
        if not L.PQsendQueryParams(self.conn, sql.encode(), n, types, values, lengths, formats, 0):
            return self._lost(start)
        sock = L.PQsocket(self.conn)
        overran = False
        while True:
            if not L.PQconsumeInput(self.conn):
                break
            if not L.PQisBusy(self.conn):
                break
            try:
                select.select([sock], [], [], 0.2)
            except (OSError, ValueError):
                break
            if overrun_after is not None and not overran and time.monotonic() - start > overrun_after:
                overran = True
                if on_overrun is not None:
                    on_overrun(self)
        last = None
        outcome = None
        while True:
            res = L.PQgetResult(self.conn)
            if not res:
                break
            st = L.PQresultStatus(res)
            if st == PGRES_FATAL_ERROR and outcome is None:
                fields = {k: _dec(L.PQresultErrorField(res, c)) for k, c in DIAG.items()}
                outcome = Outcome("error", fields.get("sqlstate"), fields.get("message")
                                  or _dec(L.PQresultErrorMessage(res)), fields)
            elif st in (PGRES_COMMAND_OK, PGRES_TUPLES_OK) and outcome is None:
                rows = []
                for r in range(min(L.PQntuples(res), max_rows)):
                    row = []
                    for c in range(L.PQnfields(res)):
                        if L.PQgetisnull(res, r, c):
                            row.append(None)
                        else:
                            ln = L.PQgetlength(res, r, c)
                            row.append(ctypes.string_at(L.PQgetvalue(res, r, c), ln).decode("utf-8", "replace"))
                    rows.append(row)
                last = rows
            L.PQclear(res)
            if not self.alive():
                break
        elapsed = time.monotonic() - start
        if not self.alive() or (outcome is not None and outcome.sqlstate is None):
            o = self._lost(start)
            if overran:
                o.kind = "overrun"
            return o
        if outcome is None:
            outcome = Outcome("ok", rows=last)
        if overran:
            outcome.kind = "overrun"
        outcome.elapsed = elapsed
        return outcome

    def _lost(self, start):
        msg = _dec(self.L.PQerrorMessage(self.conn)) if self.conn else "no connection"
        return Outcome("lost", None, (msg or "").strip(), elapsed=time.monotonic() - start)

    def query(self, sql, params=()):
        """execute() for the harness's own statements: rows, or raise."""
        o = self.execute(sql, params, max_rows=1000000)
        if o.kind != "ok":
            raise RuntimeError("%s failed: %s %s" % (sql[:80], o.sqlstate, o.message))
        return o.rows
