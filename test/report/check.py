#!/usr/bin/env python3
# hotline: checks of the published assessment report (issue 11, part 9) as
# Chromium rendered it; TAP, run by test/report/check.sh.
#
#   python3 test/report/check.py DOM_FILE PNG_FILE
#
# DOM_FILE is the page as Chromium parsed it (--dump-dom), PNG_FILE its
# screenshot (--screenshot).  The page is the month of
# test/data/assessment_month.sql, whose figures test/tap/assessment_month.sql
# works out by hand: the checks look for those figures in the parsed page,
# for the charts' bars as SVG elements the browser built, and for each
# chart's colour in the rendered pixels.
import re
import struct
import sys
import zlib

n = 0
failed = 0


def ok(cond, name, *diag):
    """One TAP line, with diagnostics when it failed."""
    global n, failed
    n += 1
    print(("ok" if cond else "not ok") + " %d - %s" % (n, name))
    if not cond:
        failed += 1
        for d in diag:
            print("# %s" % d)


def png_pixels(path):
    """The width, height and rows (bytes, RGB or RGBA) of an 8-bit PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos = 8
    idat = b""
    width = height = channels = None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (2, 6):
                raise ValueError("only 8-bit RGB or RGBA PNG files are read here")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = width * channels
    rows = []
    prev = bytearray(stride)
    i = 0
    for _ in range(height):
        ftype = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 0xFF
            elif ftype == 2:
                line[x] = (line[x] + b) & 0xFF
            elif ftype == 3:
                line[x] = (line[x] + ((a + b) >> 1)) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def colour_count(rows, channels, rgb):
    """How many pixels have exactly this colour."""
    want = bytes(rgb)
    total = 0
    for row in rows:
        for x in range(0, len(row), channels):
            if row[x:x + 3] == want:
                total += 1
    return total


def main():
    dom_path, png_path = sys.argv[1], sys.argv[2]
    with open(dom_path, encoding="utf-8") as f:
        dom = f.read()
    text = re.sub(r"<[^>]+>", " ", dom)

    ok("<title>12345热线" in dom and "考核报告</title>" in dom, "Chromium parsed the page: its title")
    ok(dom.count("<svg") == 4, "four charts: the three rates, the ranking of each of the two levels, the hot topics",
       "svg elements: %d" % dom.count("<svg"))
    ok(len(re.findall(r'<rect class="bar (response|resolution|satisfaction)"', dom)) == 6,
       "the rates chart: three bars for each of the two first-level units")
    ok(len(re.findall(r'<rect class="bar score"', dom)) == 4, "the ranking charts: a bar per unit")
    ok(len(re.findall(r'<rect class="bar hot"', dom)) == 4, "the hot topics chart: a bar for each of the month's four topics")
    # the figures worked out by hand in test/tap/assessment_month.sql
    m = re.search(r"<th>办结率</th><td>([^<]*)</td><td>([^<]*)</td>", dom)
    ok(m is not None and m.group(1) == "55.6%" and m.group(2) == "100.0%",
       "the centre: closure rate 5/9 this month, 100% the month before", "found: %r" % ((m.groups() if m else None),))
    ok(re.search(r"<td>1</td><td>东城区人民政府</td><td>8</td>.*?<td>53\.00</td><td>-37\.00</td>", dom) is not None,
       "东城区 ranks first of its level: 8 dispatched, score 53.00, 37 below the month before")
    ok(re.search(r"<td>1</td><td>和平里街道办事处</td>.*?<td>100\.00</td>", dom) is not None,
       "和平里 ranks first of the streets with 100.00")
    ok("本期免考 2 件" in text, "the exempted orders are said")
    ok("<script" not in dom.lower() and "http://" not in dom.replace("http://www.w3.org/2000/svg", ""),
       "no script and no outside resource: the page stands alone")
    ok("北京市住房和城乡建设委员会&lt;script&gt;alert(\"x\")&lt;/script&gt;&amp;'" in dom,
       "a unit name with markup in it is shown as text (escaped)")

    width, height, channels, rows = png_pixels(png_path)
    ok(width >= 800 and height >= 1000, "the screenshot is the page", "size %dx%d" % (width, height))
    for name, rgb in (("响应率 (response)", (0x4E, 0x79, 0xA7)), ("解决率 (resolution)", (0xF2, 0x8E, 0x2B)),
                      ("满意率 (satisfaction)", (0x59, 0xA1, 0x4F)), ("热点 (hot topics)", (0xE1, 0x57, 0x59))):
        count = colour_count(rows, channels, rgb)
        ok(count >= 200, "Chromium drew the %s bars" % name, "pixels of that colour: %d" % count)

    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
