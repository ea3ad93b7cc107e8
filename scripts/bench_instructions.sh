#!/usr/bin/env bash
# Before/after benchmark of two newsdex binaries in instructions executed
# (valgrind's callgrind), which, unlike wall time, does not depend on what
# else the machine is doing: indexing one copy of Reuters-21578 with one
# thread, then each query of scripts/bench_queries.txt searched (top 10,
# JSON, snippets) on each binary's own index, as whole processes.
#
#   bash scripts/bench_instructions.sh OLD_BINARY NEW_BINARY [DUMPS]
#
# DUMPS defaults to ../shared/corpora/reuters21578 (22 files, 27 MB).
# Needs valgrind. Takes about 10 minutes per index build under callgrind;
# the two builds run at once (one core each). Results: $BENCH_DIR/results-instructions/.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
old=$(realpath "$1")
new=$(realpath "$2")
dumps=${3:-$repo/../shared/corpora/reuters21578}
work=${BENCH_DIR:-/tmp/bench}/results-instructions
command -v valgrind > /dev/null || { echo "bench_instructions.sh needs valgrind" >&2; exit 2; }
rm -rf "$work" && mkdir -p "$work"

# The instructions callgrind collected for one run of a command.
instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 > /dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

for which in old new; do
  bin=${!which}
  instructions "$bin" index "$dumps" --index "$work/index-$which" --threads 1 --quiet \
    > "$work/index-$which.ir" &
done
wait
while IFS= read -r query; do
  [[ -z $query ]] && continue
  for which in old new; do
    bin=${!which}
    printf '%s\t%s\t%s\n' "$which" "$query" \
      "$(instructions "$bin" search --index "$work/index-$which" --json --limit 10 -- "$query")" \
      >> "$work/search.tsv"
  done
done < "$repo/scripts/bench_queries.txt"

python3 - "$work" <<'PY' | tee "$work/summary.md"
import sys
work = sys.argv[1]
ir = {w: int(open(f"{work}/index-{w}.ir").read()) for w in ("old", "new")}
print("| what | old (M instructions) | new | new/old |")
print("| --- | ---: | ---: | ---: |")
print(f"| index the dumps, 1 thread | {ir['old'] / 1e6:,.0f} | {ir['new'] / 1e6:,.0f} | {ir['new'] / ir['old']:.3f} |")
rows = {}
for line in open(f"{work}/search.tsv"):
    which, query, n = line.rstrip("\n").split("\t")
    rows.setdefault(query, {})[which] = int(n)
for query, n in rows.items():
    print(f"| search `{query}` | {n['old'] / 1e6:.1f} | {n['new'] / 1e6:.1f} | {n['new'] / n['old']:.3f} |")
old = sum(n["old"] for n in rows.values())
new = sum(n["new"] for n in rows.values())
print(f"| all {len(rows)} searches | {old / 1e6:.1f} | {new / 1e6:.1f} | {new / old:.3f} |")
PY
