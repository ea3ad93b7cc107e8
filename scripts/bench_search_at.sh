#!/usr/bin/env bash
# Whole-process search times of one or more newsdex binaries on an index
# already built (the 11 GB one, say, which bench_index.sh does not make):
# the 50 queries of bench_queries.txt, one hyperfine run per query (-N,
# output through a pipe, 2 warm-up, RUNS timed runs) of every binary, so
# that they alternate query by query.
#
#   RUNS=5 bash scripts/bench_search_at.sh INDEX OUTDIR BIN...
#
# Prints each query's medians (ms, one column per binary), then p50 / p95
# over all runs of each. OUTDIR keeps hyperfine's JSON. The index's files
# are read once first, so every binary finds them in the page cache.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
idx=$1; out=$2; shift 2
mkdir -p "$out"; rm -f "$out"/q*.json
runs=${RUNS:-5}
cat "$idx"/* > /dev/null
i=0
while IFS= read -r q; do
  i=$((i+1))
  cmds=()
  for b in "$@"; do cmds+=("$(printf '%q ' "$b" search --index "$idx" --limit 10 "$q")"); done
  hyperfine -N --output=pipe --warmup 2 --runs "$runs" --style none -i --export-json "$out/q$i.json" "${cmds[@]}" >/dev/null 2>&1
done < "$repo/scripts/bench_queries.txt"
python3 - "$out" "$@" <<'PY'
import glob, json, statistics, sys
out, bins = sys.argv[1], sys.argv[2:]
times = {b: [] for b in bins}
for f in sorted(glob.glob(out + "/q*.json"), key=lambda x: int(x.rsplit("/q", 1)[1][:-5])):
    r = json.load(open(f))["results"]
    q = r[0]["command"].split(" --limit 10 ", 1)[1]
    print(f"{q:34s} " + "  ".join(f"{statistics.median(x['times'])*1000:8.2f}" for x in r))
    for b, x in zip(bins, r):
        times[b] += x["times"]
for b in bins:
    t = sorted(times[b]); n = len(t)
    print(f"{b}: p50 {t[n//2]*1000:.1f} ms, p95 {t[int(n*0.95)]*1000:.1f} ms over {n} runs")
PY
