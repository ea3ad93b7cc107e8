#!/usr/bin/env python3
"""Scores article-body predictions against the article-extraction benchmark.

The method is the benchmark's published one (Scrapinghub/Zyte's
article-extraction-benchmark, described in
../shared/corpora/article-extraction-benchmark/SOURCE.md), written here from
that description, not copied:

- tokens are the maximal runs of `\\w+` (Unicode word characters), case kept;
- shingles are the overlapping runs of 4 tokens (a text of 1-3 tokens gives
  one shorter shingle, an empty text none), taken as multisets;
- per page, TP/FP/FN are the matched/extra/missing shingle counts, then
  divided by their sum so every page weighs the same;
- per-page precision TP/(TP+FP) and recall TP/(TP+FN) (1 when FP and FN
  are both 0; 0 when that side is empty);
- precision is the mean over the pages whose prediction has shingles,
  recall the mean over the pages whose truth has shingles;
- F1 = 2PR/(P+R) from the two means; accuracy = the share of pages whose
  token sequence equals the truth's.

Usage:
  score_extraction.py PREDICTIONS.json[.gz] [--truth ground-truth.json]
      [--part all|tune|holdout] [--per-page]
  score_extraction.py --predict-from-parse PARSE.jsonl --out PRED.json

PREDICTIONS is `{id: {"articleBody": ...}}`, optionally wrapped as
`{"version": ..., "output": {...}}`. The held-out fifth of the pages is the
ids whose sha256 (of the id's text, read as a number) is divisible by 5:
fixed, 38 pages of the 181, never looked at while tuning.
`--predict-from-parse` turns `newsdex parse --json` output (one article per
line, its `path` ending in `<id>.html.gz`) into a prediction file; a page
with no article gets an empty body.
"""

import argparse
import gzip
import hashlib
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TRUTH = os.path.join(
    HERE, "..", "..", "shared", "corpora", "article-extraction-benchmark", "ground-truth.json"
)

TOKEN = re.compile(r"\w+")


def tokens(text):
    return TOKEN.findall(text or "")


def shingles(toks, n=4):
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def page_counts(truth, pred):
    """Normalised (tp, fp, fn) of one page."""
    t, p = shingles(tokens(truth)), shingles(tokens(pred))
    tp = fp = fn = 0
    for key in set(t) | set(p):
        a, b = t.get(key, 0), p.get(key, 0)
        tp += min(a, b)
        fp += max(b - a, 0)
        fn += max(a - b, 0)
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def ratio(tp, other):
    if other == 0 and tp > 0:
        return 1.0
    if tp + other == 0:
        return 0.0
    return tp / (tp + other)


def score(truth, pred, ids):
    precisions, recalls, exact = [], [], 0
    for i in ids:
        t = truth[i]
        p = pred.get(i, "")
        tp, fp, fn = page_counts(t, p)
        if fp == 0 and fn == 0 and tp > 0:
            prec = rec = 1.0
        else:
            prec, rec = ratio(tp, fp), ratio(tp, fn)
        if tp + fp > 0:
            precisions.append(prec)
        if tp + fn > 0:
            recalls.append(rec)
        exact += tokens(t) == tokens(p)
    P = sum(precisions) / len(precisions) if precisions else 0.0
    R = sum(recalls) / len(recalls) if recalls else 0.0
    F = 2 * P * R / (P + R) if P + R else 0.0
    return {"pages": len(ids), "precision": P, "recall": R, "f1": F, "accuracy": exact / len(ids)}


def held_out(page_id):
    """The fixed held-out fifth: sha256(id) is divisible by 5."""
    return int(hashlib.sha256(page_id.encode()).hexdigest(), 16) % 5 == 0


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    if isinstance(data, dict) and "output" in data and isinstance(data["output"], dict):
        data = data["output"]
    return {k: (v.get("articleBody") or "") for k, v in data.items()}


def from_parse(parse_path, ids):
    pred = {i: "" for i in ids}
    with open(parse_path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            obj = json.loads(line)
            art = obj.get("data", obj)
            path = art.get("path", "")
            name = os.path.basename(path)
            page = name.split(".", 1)[0]
            if page in pred:
                pred[page] = art.get("body", "")
    return pred


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("predictions", nargs="?")
    ap.add_argument("--truth", default=DEFAULT_TRUTH)
    ap.add_argument("--part", choices=["all", "tune", "holdout", "each"], default="each")
    ap.add_argument("--per-page", action="store_true", help="print each page's P/R, worst first")
    ap.add_argument("--predict-from-parse", metavar="PARSE_JSONL")
    ap.add_argument("--out")
    args = ap.parse_args()

    truth = load(args.truth)
    ids = sorted(truth)
    if args.predict_from_parse:
        pred = from_parse(args.predict_from_parse, ids)
        out = json.dumps({i: {"articleBody": pred[i]} for i in ids}, ensure_ascii=False, indent=1)
        if args.out:
            with open(args.out, "w", encoding="utf-8") as f:
                f.write(out)
        else:
            sys.stdout.write(out)
        if not args.predictions:
            return
    else:
        if not args.predictions:
            ap.error("PREDICTIONS is required")
        pred = load(args.predictions)
    if set(pred) != set(truth):
        sys.exit(f"prediction ids differ from the truth's ({len(pred)} vs {len(truth)})")

    parts = {
        "all": ids,
        "tune": [i for i in ids if not held_out(i)],
        "holdout": [i for i in ids if held_out(i)],
    }
    wanted = ["tune", "holdout", "all"] if args.part == "each" else [args.part]
    for name in wanted:
        s = score(truth, pred, parts[name])
        print(
            f"{name:8} pages {s['pages']:3}  precision {s['precision']:.3f}  "
            f"recall {s['recall']:.3f}  F1 {s['f1']:.3f}  accuracy {s['accuracy']:.3f}"
        )
    if args.per_page:
        rows = []
        for i in parts[wanted[-1]]:
            tp, fp, fn = page_counts(truth[i], pred.get(i, ""))
            rows.append((ratio(tp, fp) if tp + fp else 0.0, ratio(tp, fn), i))
        for p, r, i in sorted(rows, key=lambda x: 2 * x[0] * x[1] / (x[0] + x[1] or 1)):
            print(f"{p:.3f} {r:.3f} {i}")


if __name__ == "__main__":
    main()
