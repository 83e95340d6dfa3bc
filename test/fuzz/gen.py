"""hotline fuzzing: input generators and mutators (random strings, byte
mutations, JSON trees, timestamps, time limits, iCalendar lines).

Everything draws from one random.Random, so that a seed gives the same
inputs in the same order (as long as the server answers the same way).
"""

import json
import struct

# ---------------------------------------------------------------------------
# Strings
# ---------------------------------------------------------------------------

ALPHABETS = [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "0123456789",
    "0123456789-+ ",
    " \t\r\n\v\f",
    "路灯不亮小区电梯停运三天东直门北小街物业管理垃圾清运噪音扰民市民来电反映希望尽快处理号楼",
    "０１２３４５６７８９ＡＢＣａｂｃ（）－＋　",
    "\u0301\u0308\u200b\u200c\u200d\u2060\ufeff\u00ad",
    "😀🚒🏠👨\u200d👩\u200d👧𠀀𪚥",
    "مرحباשלום\u202e\u202d",
    "'\"\\%$;-/*{}[](),:<>|&^~`!?#@=_.",
    "\u3000\u3001\u3002\u30fb\uff0c\uff1b",
    "áéíóúüñçßøåæœ",
    "\u0001\u0002\u0007\u001b\u007f\u0085\u2028\u2029",
    "\U0010fffd\ufffe\uffff\ufffd",
]

EDGE_STRINGS = [
    "", " ", "0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483648", "-2147483649",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1e308", "1e309",
    "-1e309", "NaN", "Infinity", "-Infinity", "infinity", "null", "NULL", "true", "false",
    "%s%s%s%n", "%d", "\\", "\\\\x00", "'", "''", "\"", "{}", "[]", "{,}", "{\"\"}", "()",
    "0.5", ".5", "5.", "1_000", "0x10", "1e3", "١٢٣", "一", "十", "〇", "Ⅻ", "²",
]


def rlen(rng, small=64, big=4096, huge=1 << 20):
    """A length: usually small, sometimes big, rarely huge (up to 1 MB)."""
    x = rng.random()
    if x < 0.80:
        return rng.randint(0, small)
    if x < 0.985:
        return rng.randint(small, big)
    return rng.randint(big, huge)


def rstr(rng, n=None, alphabets=None):
    """A random string of about n characters (rlen when None); long strings
    are a random chunk repeated, so that 1 MB costs nothing to make."""
    if n is None:
        n = rlen(rng)
    if rng.random() < 0.05:
        return rng.choice(EDGE_STRINGS)
    alphabets = alphabets or ALPHABETS
    pool = "".join(rng.sample(alphabets, rng.randint(1, min(3, len(alphabets)))))
    if n > 256:
        chunk = "".join(rng.choice(pool) for _ in range(rng.randint(1, 64)))
        return (chunk * (n // len(chunk) + 1))[:n]
    return "".join(rng.choice(pool) for _ in range(n))


INTERESTING_BYTES = [0x00, 0x01, 0x09, 0x0a, 0x0d, 0x20, 0x22, 0x27, 0x2c, 0x3a, 0x3b, 0x5c, 0x7f, 0x80,
                     0xbf, 0xc0, 0xc3, 0xe4, 0xef, 0xf0, 0xf4, 0xf8, 0xfe, 0xff]


def mutate_bytes(rng, data, tokens=(), max_len=1 << 20, rounds=None):
    """Byte-level mutations of data: flips, interesting bytes, inserted
    tokens, deleted, duplicated and repeated ranges, truncation."""
    b = bytearray(data)
    for _ in range(rounds or rng.choice([1, 1, 1, 2, 3, 6])):
        op = rng.randrange(10)
        pos = rng.randint(0, len(b))
        if op == 0 and b:
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
        elif op == 1 and b:
            b[rng.randrange(len(b))] = rng.choice(INTERESTING_BYTES)
        elif op == 2 and tokens:
            t = rng.choice(tokens)
            b[pos:pos] = t if isinstance(t, bytes) else t.encode()
        elif op == 3 and b:
            end = min(len(b), pos + rng.randint(1, 64))
            del b[pos:end]
        elif op == 4 and b:
            start = rng.randrange(len(b))
            chunk = b[start:start + rng.randint(1, 64)]
            b[pos:pos] = chunk * rng.choice([1, 2, 3, 10, 100])
        elif op == 5:
            b = b[:pos]
        elif op == 6:
            b[pos:pos] = rstr(rng, rng.randint(1, 16)).encode("utf-8", "surrogatepass")
        elif op == 7 and b:
            # a range repeated many times (length amplification)
            start = rng.randrange(len(b))
            chunk = b[start:start + rng.randint(1, 16)]
            b[pos:pos] = chunk * rng.randint(100, 20000)
        elif op == 8:
            b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        else:
            b.extend(b[: rng.randint(0, len(b))])
        if len(b) > max_len:
            del b[max_len:]
    return bytes(b)


def mutate_str(rng, s, tokens=(), max_len=1 << 20):
    """mutate_bytes on the UTF-8 of s, back to a valid str (bad bytes dropped)."""
    return mutate_bytes(rng, s.encode("utf-8", "surrogatepass"), tokens, max_len).decode("utf-8", "ignore")


def pg_array(items):
    """A PostgreSQL array literal of text items (None: NULL)."""
    out = []
    for x in items:
        if x is None:
            out.append("NULL")
        else:
            out.append('"' + str(x).replace("\\", "\\\\").replace('"', '\\"') + '"')
    return "{" + ",".join(out) + "}"


# ---------------------------------------------------------------------------
# Numbers, times, limits
# ---------------------------------------------------------------------------

EDGE_INTS = [0, 1, -1, 2, 7, 59, 60, 61, 255, 256, 3599, 3600, 3660, 3661, 86399, 86400, 87840, 87841,
             65535, 65536, 2 ** 24, 2 ** 26 - 1, 2 ** 26, 2 ** 31 - 1, -2 ** 31, 2 ** 31, 2 ** 32 - 1,
             2 ** 53, 2 ** 63 - 1, -2 ** 63, 316224000, 5270400, 5270401]


def rint(rng, lo=-2 ** 63, hi=2 ** 63 - 1):
    x = rng.random()
    if x < 0.5:
        v = rng.choice(EDGE_INTS) * rng.choice([1, 1, 1, -1])
    elif x < 0.8:
        v = rng.randint(-1000, 100000)
    else:
        v = rng.randint(lo, hi)
    return max(lo, min(hi, v))


EDGE_FLOATS = ["0", "-0", "1", "0.5", "0.8", "0.9999999999999999", "1.0000000000000002", "1e-310", "5e-324",
               "-1e-310", "1e308", "-1e308", "NaN", "Infinity", "-Infinity", "0.1", "2", "-0.5", "100"]


def rfloat(rng):
    if rng.random() < 0.6:
        return rng.choice(EDGE_FLOATS)
    return repr(rng.uniform(-2, 2) if rng.random() < 0.7 else rng.uniform(-1e300, 1e300))


ZONES = ["+00", "+08", "+14", "-12", "+05:45", "+05:30", "-03:30", "+13:45", "-09:30", "+08:05:43",
         "+15", "-15", "+99", "Z", " UTC", " Asia/Shanghai", " Pacific/Kiritimati", " America/St_Johns",
         " Europe/Dublin", " Australia/Lord_Howe", " Antarctica/Troll", " PST8PDT", " UTC+8", ""]

EDGE_TIMESTAMPS = [
    "infinity", "-infinity", "epoch", "now", "today", "tomorrow", "yesterday", "allballs",
    "4713-01-01 00:00:00+00 BC", "4714-11-24 00:00:00+00 BC", "294276-12-31 23:59:59.999999+00",
    "294277-01-01 00:00:00+00", "1899-12-31 23:59:59.999999+08", "1900-01-01 00:00:00+08",
    "1900-01-01 00:00:00+14", "1899-12-31 10:00:00-12", "2199-12-31 23:59:59.999999+08",
    "2200-01-01 00:00:00+08", "2199-12-31 23:59:59-12", "2200-01-01 00:00:00+14",
    "1986-05-04 02:00:00+08", "1986-09-14 01:59:59+09", "1991-04-14 02:30:00 Asia/Shanghai",
    "2026-03-29 01:30:00 Europe/Dublin", "2026-10-25 01:30:00 Europe/Dublin", "2026-04-05 01:45:00 Australia/Lord_Howe",
    "2026-03-08 02:30:00 America/St_Johns", "2026-02-29 12:00:00+08", "2026-09-30 10:00:00+08",
    "2026-10-01 00:00:00+08", "2026-12-31 23:59:59.999999+08", "2000-01-01 00:00:00+00", "1970-01-01 00:00:00+00",
    "0001-01-01 00:00:00+00", "0001-01-01 00:00:00+00 BC", "2026-11-20 16:00+08", "2026-11-20 17:30+08",
    "2026-11-20 17:29:59.999999+08", "2026-11-23 09:00+08", "2026-11-23 08:59:59.999999+08",
]


def rtimestamp(rng):
    """A timestamptz as text: edges, or a random instant (mostly 1890-2210)."""
    if rng.random() < 0.45:
        return rng.choice(EDGE_TIMESTAMPS[:12] if rng.random() < 0.5 else EDGE_TIMESTAMPS)
    x = rng.random()
    if x < 0.7:
        y = rng.randint(2019, 2031)
    elif x < 0.95:
        y = rng.randint(1890, 2210)
    else:
        y = rng.randint(1, 294276)
    return "%04d-%02d-%02d %02d:%02d:%02d%s%s" % (
        y, rng.randint(1, 12), rng.randint(1, 28 if rng.random() < 0.9 else 31), rng.randint(0, 23),
        rng.choice([0, 0, 30, 59, rng.randint(0, 59)]), rng.choice([0, 0, 59, rng.randint(0, 59)]),
        rng.choice(["", "", ".999999", ".000001", "." + str(rng.randint(0, 999999))]), rng.choice(ZONES))


EDGE_DATES = ["infinity", "-infinity", "epoch", "today", "1900-01-01", "1899-12-31", "2199-12-31", "2200-01-01",
              "4713-01-01 BC", "5874897-12-31", "2026-02-29", "2024-02-29", "2026-10-01", "0001-01-01", "2000-01-01"]


def rdate(rng):
    if rng.random() < 0.3:
        return rng.choice(EDGE_DATES)
    x = rng.random()
    y = rng.randint(2019, 2031) if x < 0.7 else rng.randint(1890, 2210) if x < 0.95 else rng.randint(1, 5874897)
    return "%04d-%02d-%02d" % (y, rng.randint(1, 12), rng.randint(1, 28))


LIMIT_UNITS = ["working days", "working day", "working hours", "working hour", "working minutes", "days", "day",
               "hours", "hour", "minutes", "minute", "seconds", "second", "个工作日", "工作日", "个工作小时",
               "工作小时", "天", "自然日", " 自然日", "小时", "分钟", "秒", "weeks", "months", "working seconds"]


def rlimit(rng):
    """A time limit as text: mostly of the accepted shape, amounts at the edges."""
    if rng.random() < 0.1:
        return mutate_str(rng, rng.choice(["7 working days", "4 working hours", "15天", "2小时"]),
                          ["working", " ", "days", "个", "工作", "0", "9"], 4096)
    amount = rng.choice([1, 2, 3, 4, 7, 15, 30, 60, 90, 120, 365, 3660, 3661, 87840, 87841, 5270400, 5270401,
                         316224000, 0, -1, 2 ** 31 - 1, 2 ** 31, rng.randint(1, 5000)])
    unit = rng.choice(LIMIT_UNITS)
    sep = rng.choice([" ", " ", "", "  ", "\t", "　"])
    return "%s%s%s" % (amount, sep, unit)


# ---------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------

def rjson(rng, depth=0, keys=None, strings=None):
    """A random JSON value."""
    x = rng.random()
    if depth > 3:
        x = x * 0.6
    if x < 0.1:
        return None
    if x < 0.2:
        return rng.random() < 0.5
    if x < 0.3:
        return rint(rng)
    if x < 0.35:
        return rng.choice([0.5, -0.0, 1e308, 1.5e-300, 0.8, 2.5])
    if x < 0.6:
        if strings and rng.random() < 0.6:
            return rng.choice(strings)
        return rstr(rng, rlen(rng, 16, 512, 65536))
    if x < 0.8:
        return [rjson(rng, depth + 1, keys, strings) for _ in range(rng.choice([0, 1, 2, 3, rng.randint(0, 50)]))]
    obj = {}
    for _ in range(rng.choice([0, 1, 2, 3, rng.randint(0, 20)])):
        k = rng.choice(keys) if keys and rng.random() < 0.8 else rstr(rng, rng.randint(0, 12))
        obj[k] = rjson(rng, depth + 1, keys, strings)
    return obj


def json_paths(v, path=()):
    """Every path of a JSON tree (tuples of keys and indexes)."""
    yield path
    if isinstance(v, dict):
        for k, x in v.items():
            yield from json_paths(x, path + (k,))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from json_paths(x, path + (i,))


def json_get(v, path):
    for p in path:
        v = v[p]
    return v


def mutate_json(rng, v, keys=None, strings=None, rounds=None):
    """Structural mutations of a JSON tree (a copy): a node replaced by a
    random value, deleted, duplicated, wrapped in an array, its type
    changed, a key added; strings mutated as bytes."""
    v = json.loads(json.dumps(v))
    for _ in range(rounds or rng.randint(1, 4)):
        paths = list(json_paths(v))
        path = rng.choice(paths)
        op = rng.randrange(9)
        if not path:
            if op < 2:
                v = rjson(rng, 0, keys, strings)
            elif isinstance(v, dict) and keys:
                v[rng.choice(keys)] = rjson(rng, 1, keys, strings)
            continue
        parent = json_get(v, path[:-1])
        k = path[-1]
        cur = parent[k]
        if op == 0:
            parent[k] = rjson(rng, len(path), keys, strings)
        elif op == 1:
            if isinstance(parent, dict):
                del parent[k]
            else:
                parent.pop(k)
        elif op == 2 and isinstance(parent, list):
            for _ in range(rng.choice([1, 1, 2, 10, 100])):
                parent.insert(k, json.loads(json.dumps(cur)))
        elif op == 3:
            parent[k] = [cur] if rng.random() < 0.7 else {"column": cur}
        elif op == 4:
            parent[k] = rng.choice([None, True, False, 0, -1, 2 ** 63, "", [], {}, "x" * rng.randint(0, 300), 1e308])
        elif op == 5 and isinstance(cur, str):
            parent[k] = mutate_str(rng, cur, strings or (), 65536)
        elif op == 6 and isinstance(parent, dict) and keys:
            parent[rng.choice(keys)] = rjson(rng, len(path), keys, strings)
        elif op == 7 and strings:
            parent[k] = rng.choice(strings)
        elif op == 8 and isinstance(cur, (int, float)) and not isinstance(cur, bool):
            parent[k] = rng.choice([str(cur), -cur, cur * 1000000, 0])
    return v


def json_text(rng, v):
    """JSON text of v; sometimes with odd but valid spacing or escapes."""
    s = json.dumps(v, ensure_ascii=rng.random() < 0.3)
    return s


# ---------------------------------------------------------------------------
# Binary values for receive functions
# ---------------------------------------------------------------------------

def rbytes_for_int64(rng):
    """8 bytes that are interesting as a big-endian int64 (or some other length)."""
    x = rng.random()
    if x < 0.15:
        return bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 4, 7, 9, 16, 100])))
    if x < 0.5:
        return struct.pack(">q", rint(rng))
    return bytes(rng.randrange(256) for _ in range(8))


def rbytes_for_two_int32(rng):
    x = rng.random()
    if x < 0.15:
        return bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 4, 7, 9, 12, 16])))
    if x < 0.7:
        return struct.pack(">ii", rint(rng, -2 ** 31, 2 ** 31 - 1), rng.choice([-1, 0, 1, 2, 3, 4, 5, 6, 7, 255,
                                                                                 2 ** 31 - 1, -2 ** 31,
                                                                                 rng.randint(-10, 10)]))
    return bytes(rng.randrange(256) for _ in range(8))
