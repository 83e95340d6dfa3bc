#!/usr/bin/env python3
"""Bring the function texts of the upgrade pieces in line with the install script.

    python3 test/upgrade/sync_functions.py [extension/sql/upgrade/FROM--TO]

Every "CREATE [OR REPLACE] FUNCTION @extschema@.name(args" block of the pieces
(through its closing "$$;" or ";" line, and the COMMENT ON FUNCTION right after
it) is replaced by the current text of that function in extension/sql/*.sql or
workflows/*.sql (CREATE OR REPLACE where the piece replaces it).  Several pieces re-creating one function
then all carry its final text, which the upgrade test (test/run.sh, describe.sql)
requires.  A developer's tool: make test does not run it.
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEAD = re.compile(r'^CREATE (?:OR REPLACE )?FUNCTION @extschema@\.([a-z0-9_]+)\(([^)]*)\)?')


def arguments(lines, i):
    """The argument list of the function whose CREATE line is lines[i], whitespace normalised."""
    text = '\n'.join(lines[i:i + 60])
    start = text.index('(')
    depth = 0
    for k in range(start, len(text)):
        if text[k] == '(':
            depth += 1
        elif text[k] == ')':
            depth -= 1
            if depth == 0:
                return re.sub(r'\s+', ' ', text[start + 1:k]).strip()
    return re.sub(r'\s+', ' ', text[start + 1:]).strip()


def blocks(lines):
    """Yield (start, end, key) of every function block; end is exclusive."""
    i = 0
    while i < len(lines):
        m = HEAD.match(lines[i])
        if not m:
            i += 1
            continue
        # the key: the name and the whole argument list as written (to its
        # closing parenthesis, over as many lines as it takes), so that
        # overloads whose arguments start on the next line stay apart
        key = (m.group(1), arguments(lines, i))
        j, dollar = i, False
        while True:
            if lines[j].count('$$') % 2 == 1:
                dollar = not dollar
            if not dollar and lines[j].rstrip().endswith(';'):
                break
            j += 1
        k = j + 1
        if k < len(lines) and lines[k].startswith('COMMENT ON FUNCTION @extschema@.%s(' % m.group(1)):
            while not lines[k].rstrip().endswith(';'):
                k += 1
            j = k
        yield i, j + 1, key
        i = j + 1


def main():
    sources = sorted(glob.glob(os.path.join(ROOT, 'extension/sql/*.sql'))) + \
        sorted(glob.glob(os.path.join(ROOT, 'workflows/*.sql')))
    current = {}
    for path in sources:
        lines = open(path).read().split('\n')
        for s, e, key in blocks(lines):
            text = lines[s:e]
            text[0] = text[0].replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION', 1)
            current[key] = text
    dirs = sys.argv[1:] or sorted(glob.glob(os.path.join(ROOT, 'extension/sql/upgrade/*--*/')))
    for d in dirs:
        for piece in sorted(glob.glob(os.path.join(d, '*.sql'))):
            lines = open(piece).read().split('\n')
            out, last, changed = [], 0, 0
            for s, e, key in blocks(lines):
                if key not in current:
                    print('%s: %s(%s) is not in the install script' % (piece, key[0], key[1]), file=sys.stderr)
                    continue
                text = list(current[key])
                if not lines[s].startswith('CREATE OR REPLACE'):
                    # a new function: created as in the install script
                    text[0] = text[0].replace('CREATE OR REPLACE FUNCTION', 'CREATE FUNCTION', 1)
                out += lines[last:s] + text
                changed += lines[s:e] != text
                last = e
            out += lines[last:]
            if changed:
                open(piece, 'w').write('\n'.join(out))
                print('%s: %d function(s) brought up to date' % (os.path.relpath(piece, ROOT), changed))


main()
