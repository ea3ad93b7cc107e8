#!/usr/bin/env bash
# Two newsdex binaries against each other and the peers, on the index,
# database and corpus an earlier `bench_index.sh` run left in BENCH_DIR:
# per query of its commands.tsv (the 50 of bench_queries.txt), one
# hyperfine run (-N, output through a pipe, 2 warm-up, RUNS runs) of OLD,
# NEW, SQLite FTS5 and ripgrep, so that the four alternate query by query.
#
#   BENCH_DIR=/tmp/bench bash scripts/bench_compare.sh OLD NEW
#
# Prints each query's medians (ms), then p50 / p95 over all runs of each
# tool, NEW's per-query ratio to FTS5 and the p50 ratios.
set -euo pipefail
old=$1; new=$2
work=${BENCH_DIR:-/tmp/bench}; runs=${RUNS:-10}
commands=$work/results-index/commands.tsv
out=$work/compare; mkdir -p "$out"; rm -f "$out"/q*.json
i=0
while IFS= read -r q; do
  i=$((i+1))
  pick() { awk -F'\t' -v q="$q" -v t="$1" '$1==q && $2==t {print $3}' "$commands"; }
  nd=$(pick newsdex); f5=$(pick fts5); rg=$(pick rg)
  hyperfine -N --output=pipe --warmup 2 --runs "$runs" --style none -i --export-json "$out/q$i.json" \
    "${nd/$work\/newsdex/$old}" "${nd/$work\/newsdex/$new}" "$f5" "$rg" >/dev/null 2>&1
done < <(cut -f1 "$commands" | awk '!seen[$0]++')
python3 - "$out" <<'PY'
import glob, json, statistics, sys
names = ["old", "new", "fts5", "rg"]
times = {n: [] for n in names}
rows = []
for f in sorted(glob.glob(sys.argv[1] + "/q*.json"), key=lambda x: int(x.rsplit("/q", 1)[1][:-5])):
    r = json.load(open(f))["results"]
    meds = [statistics.median(x["times"]) * 1000 for x in r]
    for n, x in zip(names, r):
        times[n] += x["times"]
    rows.append((r[0]["command"].split(" --limit 10 ", 1)[1], meds))
for q, m in rows:
    print(f"{q:32s} " + "  ".join(f"{x:8.2f}" for x in m) + f"   fts5/new {m[2] / m[1]:5.2f}x")
p = {}
for n in names:
    t = sorted(times[n])
    p[n] = t[len(t) // 2]
    print(n, "p50 %.2f p95 %.2f ms (n=%d)" % (p[n] * 1000, t[int(len(t) * 0.95)] * 1000, len(t)))
r = [m[2] / m[1] for _, m in rows]
print("fts5/new per-query median %.2fx, min %.2fx, >=2x: %d of %d"
      % (statistics.median(r), min(r), sum(x >= 2 for x in r), len(r)))
print("p50 ratios: fts5 %.2fx, rg %.2fx" % (p["fts5"] / p["new"], p["rg"] / p["new"]))
PY
