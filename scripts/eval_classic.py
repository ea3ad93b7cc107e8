#!/usr/bin/env python3
"""Ranking quality of newsdex and BM25 peers on CISI and CACM (issue 11).

    python3 scripts/eval_classic.py [--newsdex BIN] [--systems LIST] [--work DIR] [--rebuild]

The collections are ../shared/corpora/ir-classic/{cisi,cacm} (SOURCE.md
there): SMART-format records (`.I` number, `.T` title, `.A` authors, `.W`
text), natural-language questions (`.W` of the query file) and relevance
judgments (`query document ...` lines). Each record becomes one JSON line
{id, title, text, author} that newsdex indexes as a JSON dump (title ->
headline, text -> body); the peers index the same headline and body:

  newsdex       `newsdex search --json -n 1000 --index DIR -- QUESTION`,
                the question as a person would type it
  fts5          SQLite FTS5, porter tokenizer, `ORDER BY bm25(t)`
  tantivy-cli   `tantivy serve`, en_stem analyzer: plain BM25
The peers get the question's words OR-ed (their parsers choke on "?" and
FTS5 would AND them): plain BM25 over the same terms.

newsdex folds exact-duplicate records (same headline and body words: CACM
has 234, titles without abstracts) into one article, so, as in
eval_relevance.py, every system ranks stories: the peers index one
document per group, and a group is relevant when any of its records is.

Only the questions with judgments are scored (CISI 76, CACM 52). The split
is fixed: odd query numbers tune, even ones are held out. Metrics are
eval_relevance.py's, over the top 1000: MAP (sum of precision at each
relevant rank, divided by min(R, 1000), which is R here: no question has
1000 relevant documents, so it is trec_eval's MAP), P@10 and nDCG@10
(binary gains, log2 discount). Prints a Markdown table; --json FILE
also writes every query's scores.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import eval_relevance as er  # noqa: E402  (the FTS5 and tantivy-cli systems)

DEPTH = 1000
SYSTEMS = ["newsdex", "fts5", "tantivy-cli"]
COLLECTIONS = {
    "cisi": ("CISI.ALL", "CISI.QRY", "CISI.REL"),
    "cacm": ("cacm.all", "query.text", "qrels.text"),
}


def smart_records(path):
    """(number, {marker: text}) for each `.I` record of a SMART file."""
    records = []
    number, field, fields = None, None, {}
    with open(path, encoding="latin-1") as fh:
        for line in fh:
            line = line.rstrip("\n")
            m = re.match(r"^\.([A-Z])(?:\s+(\d+))?\s*$", line)
            if m:
                if m.group(1) == "I":
                    if number is not None:
                        records.append((number, fields))
                    number, field, fields = int(m.group(2)), None, {}
                else:
                    field = m.group(1)
                    fields.setdefault(field, [])
                continue
            if field is not None:
                fields[field].append(line)
    if number is not None:
        records.append((number, fields))
    return [(n, {k: "\n".join(v).strip() for k, v in f.items()}) for n, f in records]


class Collection:
    """The documents as stories (one per group of duplicates) and the judgments, shaped
    like eval_relevance's Collection so its peer systems run unchanged."""

    def __init__(self, folder, name, work):
        docs, queries, qrels = (os.path.join(folder, f) for f in COLLECTIONS[name])
        self.name = name
        self.articles = os.path.join(work, f"{name}.jsonl")
        self.stories = []  # one per group of duplicate records
        self.story_of_id = {}  # newsdex id -> story number
        group_of_record = {}
        by_key = {}
        with open(self.articles + ".tmp", "w", encoding="utf-8") as out:
            for number, fields in smart_records(docs):
                story = {"headline": fields.get("T", ""), "body": fields.get("W", "")}
                ident = f"{name}-{number}"
                key = er.story_key(story["headline"], story["body"])
                if key not in by_key:
                    by_key[key] = len(self.stories)
                    self.stories.append(story)
                group_of_record[number] = self.story_of_id[ident] = by_key[key]
                out.write(json.dumps({"id": ident, "title": story["headline"], "text": story["body"],
                                      "author": fields.get("A") or None}) + "\n")
        os.replace(self.articles + ".tmp", self.articles)
        self.queries = {n: re.sub(r"\s+", " ", f.get("W", "")).strip() for n, f in smart_records(queries)}
        # A story is relevant when any of its records is.
        self.relevant = {}
        with open(qrels, encoding="latin-1") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 2:
                    self.relevant.setdefault(int(parts[0]), set()).add(group_of_record[int(parts[1])])


def newsdex_system(col, newsdex, work, rebuild):
    index = os.path.join(work, f"{col.name}-newsdex-index")
    if rebuild and os.path.exists(index):
        shutil.rmtree(index)
    if not os.path.exists(index):
        out = subprocess.run([newsdex, "index", "--quiet", "--index", index, col.articles],
                             capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"newsdex index failed: {out.stderr}")

    def run(query):
        out = subprocess.run([newsdex, "search", "--json", "-n", str(DEPTH), "--index", index, "--", query],
                             capture_output=True, text=True)
        if out.returncode not in (0, 1):
            sys.exit(f"newsdex search {query!r} failed: {out.stderr}")
        ranked = []
        for line in out.stdout.splitlines():
            obj = json.loads(line)
            if obj["type"] == "hit":
                ranked.append(col.story_of_id[obj["data"]["id"]])
        return ranked

    return run


METRICS = ["MAP", "nDCG@10", "P@10"]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpora", default=os.path.join(ROOT, "..", "shared", "corpora", "ir-classic"))
    p.add_argument("--collections", default="cisi,cacm")
    p.add_argument("--newsdex", default=os.path.join(ROOT, "target", "release", "newsdex"))
    p.add_argument("--tantivy", default=shutil.which("tantivy") or os.path.expanduser("~/.cargo/bin/tantivy"))
    p.add_argument("--systems", default=",".join(SYSTEMS))
    p.add_argument("--work", default="/tmp/newsdex-classic")
    p.add_argument("--rebuild", action="store_true")
    p.add_argument("--label", default="newsdex")
    p.add_argument("--json")
    args = p.parse_args()
    systems = args.systems.split(",")
    er.DEPTH = DEPTH
    er.FIELDS = ["headline", "body"]
    rows = []
    for name in args.collections.split(","):
        work = os.path.join(args.work, name)
        os.makedirs(work, exist_ok=True)
        col = Collection(os.path.join(args.corpora, name), name, work)
        runners = {}
        for s in systems:
            if s == "newsdex":
                runners[args.label] = newsdex_system(col, args.newsdex, work, args.rebuild)
            elif s == "fts5":
                runners[s] = er.fts5_system(col, work, args.rebuild, None)
            elif s == "tantivy-cli":
                runners[s] = er.tantivy_system(col, args.tantivy, work, args.rebuild)
            else:
                p.error(f"unknown system {s}")
        try:
            for system, run in runners.items():
                for number, query in sorted(col.queries.items()):
                    if number not in col.relevant:
                        continue
                    row = {"collection": name, "system": system, "query": number,
                           "split": "tune" if number % 2 else "heldout"}
                    row.update(er.scores(run(query), col.relevant[number]))
                    rows.append(row)
        finally:
            for run in runners.values():
                if hasattr(run, "server"):
                    run.server.terminate()
                    run.server.wait()

    def mean(sel, metric):
        return sum(r[metric] for r in sel) / len(sel) if sel else float("nan")

    print(f"top {DEPTH}; split: odd query numbers tune, even held out; newsdex {args.newsdex}")
    print()
    print("| collection | system | " + " | ".join(f"{s} {m}" for s in ("tune", "held-out") for m in METRICS) + " |")
    print("|" + " --- |" * (2 + 2 * len(METRICS)))
    for name in args.collections.split(","):
        for system in dict.fromkeys(r["system"] for r in rows if r["collection"] == name):
            sel = [r for r in rows if r["collection"] == name and r["system"] == system]
            cells = [f"{mean([r for r in sel if r['split'] == s], m):.3f}" for s in ("tune", "heldout")
                     for m in METRICS]
            print(f"| {name} | {system} | " + " | ".join(cells) + " |")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=1)


if __name__ == "__main__":
    main()
