#!/usr/bin/env python3
"""Relevance judgments for Reuters-21578 from its TOPICS tags.

    python3 scripts/relevance/make_qrels.py [REUTERS_DIR]

Reads every <REUTERS> record of the 22 reut2-*.sgm files (default
../shared/corpora/reuters21578 beside the repository) and writes, beside
this script:

  qrels.txt    TREC format, one line per (topic, story): `topic 0 NEWID 1`,
               for every topic of queries.tsv; a story is relevant to a
               topic when its <TOPICS> holds that topic. Nothing else is
               judged: every other story counts as not relevant.

It also checks that queries.tsv holds exactly the topics with at least
MIN_STORIES tagged stories and that its `split` column follows the fixed
rule: topics ranked by tagged stories (most first, ties by name), odd
ranks `tune`, even ranks `heldout`. It never reads the stories' text.
"""

import collections
import glob
import os
import re
import sys

MIN_STORIES = 20
HERE = os.path.dirname(os.path.abspath(__file__))


def records(reuters):
    """(file name, ordinal, NEWID, topics) of every record, in file order."""
    for path in sorted(glob.glob(os.path.join(reuters, "reut2-*.sgm"))):
        with open(path, encoding="latin-1") as fh:
            text = fh.read()
        pattern = r"<REUTERS ([^>]*)>(.*?)</REUTERS>"
        for ordinal, m in enumerate(re.finditer(pattern, text, re.S), 1):
            newid = re.search(r'NEWID="(\d+)"', m.group(1)).group(1)
            tags = re.search(r"<TOPICS>(.*?)</TOPICS>", m.group(2), re.S)
            topics = re.findall(r"<D>(.*?)</D>", tags.group(1)) if tags else []
            yield os.path.basename(path), ordinal, newid, topics


def read_queries(path):
    """Rows of queries.tsv as dicts (lines starting with # are comments)."""
    with open(path, encoding="utf-8") as fh:
        lines = [line.rstrip("\n") for line in fh if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


def main():
    root = os.path.dirname(os.path.dirname(HERE))
    reuters = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "corpora", "reuters21578")
    recs = list(records(reuters))
    if len(recs) != 21578:
        sys.exit(f"expected 21578 records in {reuters}, read {len(recs)}")
    stories = collections.defaultdict(list)
    for _, _, newid, topics in recs:
        for topic in topics:
            stories[topic].append(int(newid))
    ranked = sorted((t for t in stories if len(stories[t]) >= MIN_STORIES), key=lambda t: (-len(stories[t]), t))
    want_split = {t: ("tune" if i % 2 == 0 else "heldout") for i, t in enumerate(ranked)}

    queries = read_queries(os.path.join(HERE, "queries.tsv"))
    got = {q["topic"]: q["split"] for q in queries}
    if got != want_split:
        missing = sorted(set(want_split) - set(got))
        extra = sorted(set(got) - set(want_split))
        wrong = sorted(t for t in got if t in want_split and got[t] != want_split[t])
        sys.exit(f"queries.tsv does not follow the rule: missing {missing}, extra {extra}, wrong split {wrong}")

    with open(os.path.join(HERE, "qrels.txt"), "w", encoding="utf-8") as out:
        for q in queries:
            for newid in sorted(stories[q["topic"]]):
                out.write(f"{q['topic']} 0 {newid} 1\n")
    total = sum(len(stories[q["topic"]]) for q in queries)
    print(f"{len(queries)} topics, {total} judgments -> {os.path.join(HERE, 'qrels.txt')}")


if __name__ == "__main__":
    main()
