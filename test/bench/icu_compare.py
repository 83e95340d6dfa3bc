#!/usr/bin/python3
"""hotline: ICU's dictionary-based word break iterator on the labelled set.

Issue 12 asks the segmentation to be chosen by measurement.  This script
segments the 60 texts and 24 queries of test/data/search_set.sql with ICU's
word break iterator for Chinese (python3-icu, the libicu PostgreSQL itself
links) and measures recall@10 and precision@10 the way
test/tap/search_quality.sql measures hotline.zh:

  ICU, every word   a text answers when it holds each query word's ICU words
                    in a row (a phrase), ranked by how often
  ICU, ranked       any ICU word of the query, ranked by the number of the
                    query's words the text holds, then how often

Texts and queries are folded as hotline.zh folds them (NFKC, lower case),
punctuation and spaces are no words.  Usage:

  /usr/bin/python3 test/bench/icu_compare.py [test/data/search_set.sql]

Prints one line per method; README, "Chinese full-text search", has them.
"""
import re
import sys
import unicodedata

import icu


def load(path):
    """The texts and queries of the labelled set's SQL (its two VALUES lists)."""
    sql = open(path, encoding="utf-8").read()
    docs = {int(i): b for i, b in re.findall(r"^ \((\d+), '([^']*)'\)[,;]$", sql, re.M)}
    queries = [(int(i), q, [int(x) for x in rel.split(",")])
               for i, q, rel in re.findall(r"^ \((\d+), '([^']*)', '\{([0-9,]+)\}'\)[,;]$", sql, re.M)]
    return docs, queries


BREAK = icu.BreakIterator.createWordInstance(icu.Locale("zh"))


def words(text):
    """The ICU words of a text, folded; punctuation and spaces left out."""
    text = unicodedata.normalize("NFKC", text).lower()
    BREAK.setText(text)
    out, start = [], 0
    for end in BREAK:
        w = text[start:end]
        start = end
        if any(ch.isalnum() for ch in w):
            out.append(w)
    return out


def occurrences(seq, phrase):
    """How often phrase (a list of words) stands in seq in a row."""
    n = len(phrase)
    return sum(1 for i in range(len(seq) - n + 1) if seq[i:i + n] == phrase)


def measure(name, results, queries):
    """Print recall@10 and precision@10 as search_quality.sql computes them."""
    recall = sum(len(set(results[q]) & set(rel)) / len(rel) for q, _, rel in queries) / len(queries)
    shown = sum(len(results[q]) for q, _, _ in queries)
    hits = sum(len(set(results[q]) & set(rel)) for q, _, rel in queries)
    empty = sum(1 for q, _, _ in queries if not results[q])
    print(f"{name:<28} recall@10 {recall:.3f}  precision@10 {hits / shown if shown else 0:.3f}  "
          f"queries without a result {empty}")


def main():
    docs, queries = load(sys.argv[1] if len(sys.argv) > 1 else "test/data/search_set.sql")
    seg = {i: words(b) for i, b in docs.items()}
    every, ranked = {}, {}
    for q, text, _ in queries:
        terms = [words(t) for t in text.split()]
        terms = [t for t in terms if t]
        scored = []
        for d, ws in seg.items():
            counts = [occurrences(ws, t) for t in terms]
            if all(counts):
                scored.append((-sum(counts), d))
        every[q] = [d for _, d in sorted(scored)[:10]]
        qwords = {w for t in terms for w in t}
        scored = []
        for d, ws in seg.items():
            held = [w for w in qwords if w in ws]
            if held:
                scored.append((-len(held), -sum(ws.count(w) for w in held), d))
        ranked[q] = [d for *_, d in sorted(scored)[:10]]
    measure("ICU, every word", every, queries)
    measure("ICU, ranked", ranked, queries)
    # how ICU cuts the city's names (the reason hotline.zh uses pairs)
    for sample in ("东直门北小街路灯不亮", "噪声扰民", "京B12345", "和平里七区12号楼"):
        print(f"  ICU: {sample} -> {'/'.join(words(sample))}")


if __name__ == "__main__":
    main()
