#!/usr/bin/env python3
"""Ranking quality of newsdex and BM25 peers on Reuters-21578 (issue 4).

    python3 scripts/eval_relevance.py [--newsdex BIN] [--systems LIST] [--work DIR]

The collection is Reuters-21578 (every <REUTERS> record); the queries and
judgments are scripts/relevance/ (queries.tsv, qrels.txt; README.md there
says how they were made): for 57 topics a short keyword query and a
question, relevant = the stories tagged with the topic.

Each system ranks the same stories:
  newsdex         `newsdex search --json -n 100 --index DIR -- QUERY`, the
                  query as a person would type it
  fts5            SQLite FTS5, porter tokenizer, columns headline, body,
                  caption, location, `ORDER BY bm25(t)`: plain BM25
  fts5-weighted   the same with newsdex's field weights (read from
                  src/search/mod.rs), bm25(t, headline, 1, caption, location)
  tantivy-cli     tantivy-cli 0.24 (`tantivy serve`, its /api top hits):
                  plain BM25 over the same four fields, en_stem analyzer
FTS5 and tantivy-cli get the query's words OR-ed (FTS5 would AND them,
and its syntax and tantivy-cli's parser choke on "?" or "U.S."): plain
BM25 over the same terms.

newsdex folds exact-duplicate stories (same headline and body words) into
one article, so every system ranks stories, not records: records are
grouped by the same rule (lower-cased alphanumeric words of headline and
body), the peers index one document per group, and a group is relevant to
a topic when any of its records is tagged with it. A hit maps back to its
group through the ids of `newsdex parse` (content hashes).

Metrics over the top 100, means over the topics of each query set and
split (tune / heldout, fixed in queries.tsv):
  P@10     relevant among the first 10, / 10
  MAP      average precision at 100: sum of precision at each relevant
           rank <= 100, divided by min(R, 100) (R = relevant stories), so
           a topic with 4000 relevant stories can still reach 1
  nDCG@10  binary gains, log2 discount, ideal = min(R, 10) relevant first

Work files (`newsdex parse` output, newsdex index, FTS5 database,
tantivy-cli index) go in --work (default /tmp/newsdex-relevance) and are
reused when present; --rebuild makes them again (needed after a change to
how newsdex parses or indexes). Prints a Markdown table; --json FILE also
writes every topic's scores.
"""

import argparse
import glob
import json
import math
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "relevance"))
sys.dont_write_bytecode = True  # no __pycache__ in the repository
import make_qrels  # noqa: E402  (the SGML reader and queries.tsv reader)

DEPTH = 100
SYSTEMS = ["newsdex", "fts5", "fts5-weighted", "tantivy-cli"]
FIELDS = ["headline", "body", "caption", "location"]


def newsdex_weights():
    """newsdex's field weights, read from src/search/mod.rs (body: 1)."""
    with open(os.path.join(ROOT, "src", "search", "mod.rs"), encoding="utf-8") as fh:
        source = fh.read()
    weights = {"body": 1.0}
    for field in ("headline", "caption", "location"):
        m = re.search(rf"const {field.upper()}_BOOST: Score = ([0-9.]+);", source)
        weights[field] = float(m.group(1))
    return weights


def story_key(headline, body):
    """The words newsdex fingerprints a story by (index/dedup.rs): lower-cased
    alphanumeric runs of headline, then body, told apart."""
    parts = []
    for text in (headline or "", body or ""):
        words = re.findall(r"[^\W_]+", text.lower())
        parts.append(" ".join(words))
    return "\n".join(parts)


def dumps(reuters):
    """The 22 .sgm files (the folder's other files are not dumps)."""
    return sorted(glob.glob(os.path.join(reuters, "reut2-*.sgm")))


def words(text):
    return re.findall(r"[^\W_]+", text)


class Collection:
    """Records, the stories (groups of duplicate records) and judgments."""

    def __init__(self, reuters, newsdex, work, rebuild):
        sgml = {(name, ordinal): (newid, topics) for name, ordinal, newid, topics in make_qrels.records(reuters)}
        articles_path = self.articles = os.path.join(work, "articles.jsonl")
        if rebuild or not os.path.exists(articles_path):
            with open(articles_path + ".tmp", "w", encoding="utf-8") as out:
                subprocess.run([newsdex, "parse", *dumps(reuters)], stdout=out, stderr=subprocess.DEVNULL, check=True)
            os.replace(articles_path + ".tmp", articles_path)
        self.stories = []  # one article (the first record) per group
        self.story_of_id = {}  # newsdex id -> story number
        self.story_of_newid = {}
        by_key = {}
        with open(articles_path, encoding="utf-8") as fh:
            for line in fh:
                a = json.loads(line)
                newid, _ = sgml[(os.path.basename(a["path"]), a["ordinal"] + 1)]  # ordinals count from 0
                key = story_key(a["headline"], a["body"])
                if key not in by_key:
                    by_key[key] = len(self.stories)
                    self.stories.append(a)
                story = by_key[key]
                self.story_of_id[a["id"]] = story
                self.story_of_newid[newid] = story
        if len(self.story_of_newid) != len(sgml):
            sys.exit(f"newsdex parse gave {len(self.story_of_newid)} of the {len(sgml)} records")

    def judgments(self, qrels_path):
        """topic -> set of relevant story numbers."""
        rel = {}
        with open(qrels_path, encoding="utf-8") as fh:
            for line in fh:
                topic, _, newid, grade = line.split()
                if int(grade) > 0:
                    rel.setdefault(topic, set()).add(self.story_of_newid[newid])
        return rel


# Systems: each returns a function query text -> ranked story numbers.


def newsdex_system(col, newsdex, reuters, work, rebuild):
    index = os.path.join(work, "newsdex-index")
    if rebuild and os.path.exists(index):
        shutil.rmtree(index)
    if not os.path.exists(index):
        out = subprocess.run(
            [newsdex, "index", "--quiet", "--index", index, *dumps(reuters)], capture_output=True, text=True
        )
        if out.returncode != 0:
            sys.exit(f"newsdex index failed: {out.stderr}")
    stats = subprocess.run([newsdex, "stats", "--index", index], capture_output=True, text=True, check=True).stdout
    indexed = int(re.search(r"articles:\s+(\d+)", stats).group(1))
    if indexed != len(col.stories):
        sys.exit(f"newsdex indexed {indexed} articles, the duplicate rule here makes {len(col.stories)} stories")

    def run(query):
        out = subprocess.run(
            [newsdex, "search", "--json", "-n", str(DEPTH), "--index", index, "--", query],
            capture_output=True,
            text=True,
        )
        if out.returncode not in (0, 1):
            sys.exit(f"newsdex search {query!r} failed: {out.stderr}")
        ranked = []
        for line in out.stdout.splitlines():
            obj = json.loads(line)
            if obj["type"] == "hit":
                story = col.story_of_id.get(obj["data"]["id"])
                if story is None:
                    sys.exit(f"hit {obj['data']['id']} is not in {col.articles}: --rebuild the work files")
                ranked.append(story)
        return ranked

    return run


def fts5_system(col, work, rebuild, weights):
    db = os.path.join(work, "fts5.db")
    if rebuild and os.path.exists(db):
        os.remove(db)
    if not os.path.exists(db):
        con = sqlite3.connect(db + ".tmp")
        con.execute(f"create virtual table t using fts5({', '.join(FIELDS)}, tokenize='porter unicode61')")
        with con:
            con.executemany(
                f"insert into t(rowid, {', '.join(FIELDS)}) values ({', '.join('?' * (len(FIELDS) + 1))})",
                ((n, *[a.get(f) or "" for f in FIELDS]) for n, a in enumerate(col.stories)),
            )
        with con:
            con.execute("insert into t(t) values ('optimize')")
        con.close()
        os.replace(db + ".tmp", db)
    con = sqlite3.connect(db)
    rank = "bm25(t" + "".join(f", {weights[f]}" for f in FIELDS) + ")" if weights else "bm25(t)"

    def run(query):
        terms = " OR ".join('"' + w + '"' for w in words(query))
        rows = con.execute(f"select rowid from t where t match ? order by {rank} limit {DEPTH}", (terms,))
        return [r[0] for r in rows]

    return run


def tantivy_system(col, tantivy, work, rebuild):
    index = os.path.join(work, "tantivy-index")
    if rebuild and os.path.exists(index):
        shutil.rmtree(index)
    if not os.path.exists(index):
        os.makedirs(index + ".tmp", exist_ok=True)

        def text(tokenizer):
            indexing = {"record": "position", "fieldnorms": True, "tokenizer": tokenizer}
            return {"indexing": indexing, "stored": False, "fast": False}

        story = {"indexed": False, "stored": True, "fast": False, "fieldnorms": False}
        schema = [{"name": "story", "type": "u64", "options": story}]
        for f in FIELDS:
            schema.append({"name": f, "type": "text", "options": text("default" if f == "location" else "en_stem")})
        settings = {"docstore_compression": "lz4", "docstore_blocksize": 16384}
        meta = {"index_settings": settings, "segments": [], "schema": schema, "opstamp": 0}
        with open(os.path.join(index + ".tmp", "meta.json"), "w") as fh:
            json.dump(meta, fh)
        docs = "".join(
            json.dumps({"story": n, **{f: a[f] for f in FIELDS if a.get(f)}}) + "\n" for n, a in enumerate(col.stories)
        )
        out = subprocess.run(
            [tantivy, "index", "-i", index + ".tmp", "-t", "1"], input=docs, text=True, capture_output=True
        )
        if out.returncode != 0 or "Failed" in out.stdout:
            sys.exit(f"tantivy index failed: {out.stdout[-2000:]} {out.stderr[-2000:]}")
        os.replace(index + ".tmp", index)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [tantivy, "serve", "-i", index, "--host", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def ask(q):
        url = f"http://127.0.0.1:{port}/api/?" + urllib.parse.urlencode({"q": q, "nhits": DEPTH})
        with urllib.request.urlopen(url, timeout=60) as resp:
            return json.load(resp)

    for _ in range(100):
        try:
            ask("oil")
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        sys.exit("tantivy serve did not answer")

    def run(query):
        return [hit["doc"]["story"][0] for hit in ask(" ".join(words(query)))["hits"]]

    run.server = server
    return run


# Metrics.


def scores(ranked, relevant):
    ranked = ranked[:DEPTH]
    hits, ap, dcg = 0, 0.0, 0.0
    for k, story in enumerate(ranked, 1):
        if story in relevant:
            hits += 1
            ap += hits / k
            if k <= 10:
                dcg += 1 / math.log2(k + 1)
    p10 = sum(1 for s in ranked[:10] if s in relevant) / 10
    idcg = sum(1 / math.log2(k + 1) for k in range(1, min(len(relevant), 10) + 1))
    return {"P@10": p10, "MAP": ap / min(len(relevant), DEPTH), "nDCG@10": dcg / idcg, "returned": len(ranked)}


METRICS = ["P@10", "MAP", "nDCG@10"]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--reuters", default=os.path.join(ROOT, "..", "shared", "corpora", "reuters21578"))
    p.add_argument("--newsdex", default=os.path.join(ROOT, "target", "release", "newsdex"))
    p.add_argument("--tantivy", default=shutil.which("tantivy") or os.path.expanduser("~/.cargo/bin/tantivy"))
    p.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma-separated, of {','.join(SYSTEMS)}")
    p.add_argument("--work", default="/tmp/newsdex-relevance")
    p.add_argument("--rebuild", action="store_true")
    p.add_argument("--json", help="write every topic's scores here")
    p.add_argument("--label", default="newsdex", help="the name of newsdex's rows")
    p.add_argument("--fts5-weights", help="fts5-weighted's column weights, H,B,C,L "
                   "(headline, body, caption, location); default newsdex's, from src/search/mod.rs")
    args = p.parse_args()
    systems = args.systems.split(",")
    for s in systems:
        if s not in SYSTEMS:
            p.error(f"unknown system {s}")
    os.makedirs(args.work, exist_ok=True)

    col = Collection(args.reuters, args.newsdex, args.work, args.rebuild)
    relevant = col.judgments(os.path.join(HERE, "relevance", "qrels.txt"))
    queries = make_qrels.read_queries(os.path.join(HERE, "relevance", "queries.tsv"))

    runners = {}
    for s in systems:
        if s == "newsdex":
            runners[args.label] = newsdex_system(col, args.newsdex, args.reuters, args.work, args.rebuild)
        elif s == "fts5":
            runners[s] = fts5_system(col, args.work, args.rebuild, None)
        elif s == "fts5-weighted":
            weights = newsdex_weights()
            if args.fts5_weights:
                weights = dict(zip(FIELDS, map(float, args.fts5_weights.split(","))))
            name = "fts5 weighted " + "/".join(f"{weights[f]:g}" for f in FIELDS)
            runners[name] = fts5_system(col, args.work, False, weights)
        elif s == "tantivy-cli":
            runners[s] = tantivy_system(col, args.tantivy, args.work, args.rebuild)

    per_topic = []
    try:
        for name, run in runners.items():
            for q in queries:
                for qset in ("short", "question"):
                    ranked = run(q[qset])
                    row = {"system": name, "set": qset, "split": q["split"], "topic": q["topic"], "query": q[qset]}
                    row.update(scores(ranked, relevant[q["topic"]]))
                    per_topic.append(row)
    finally:
        for run in runners.values():
            if hasattr(run, "server"):
                run.server.terminate()
                run.server.wait()

    def mean(rows, metric):
        return sum(r[metric] for r in rows) / len(rows) if rows else float("nan")

    print(f"Reuters-21578: {len(col.story_of_newid)} records, {len(col.stories)} stories; "
          f"{len(queries)} topics ({sum(q['split'] == 'tune' for q in queries)} tune, "
          f"{sum(q['split'] == 'heldout' for q in queries)} held-out); top {DEPTH}; "
          "fts5 weights are headline/body/caption/location")
    def version(binary):
        return subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()

    versions = [f"SQLite {sqlite3.sqlite_version}"]
    if "tantivy-cli" in systems:
        versions.append(version(args.tantivy))
    if "newsdex" in systems:
        versions.append(f"{args.newsdex} ({version(args.newsdex)})")
    print("; ".join(versions))
    print()
    head = "| system | queries | " + " | ".join(f"{split} {m}" for split in ("tune", "held-out") for m in METRICS)
    print(head + " | all MAP | empty |")
    print("|" + " --- |" * (head.count("|") + 2))
    for name in runners:
        for qset in ("short", "question"):
            rows = [r for r in per_topic if r["system"] == name and r["set"] == qset]
            cells = [
                f"{mean([r for r in rows if r['split'] == split], m):.3f}"
                for split in ("tune", "heldout")
                for m in METRICS
            ]
            empty = sum(1 for r in rows if r["returned"] == 0)
            print(f"| {name} | {qset} | " + " | ".join(cells) + f" | {mean(rows, 'MAP'):.3f} | {empty} |")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(per_topic, fh, indent=1)


if __name__ == "__main__":
    main()
