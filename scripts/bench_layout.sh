#!/usr/bin/env bash
# Indexing and search timings for the news-page layout, with GNU grep over
# the raw dumps as the baseline users have today.
#
#   bash scripts/bench_layout.sh [COPIES]
#
# Corpus: COPIES (default 100) copies of tests/fixtures/layout/big/1987-04-07.txt
# (593 real Reuters-21578 stories laid out as news pages, 548 KB), so
# 100 copies = 59,300 articles, 53 MB. The copies are identical, so this
# measures throughput, not ranking.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-100}
work=${BENCH_DIR:-/tmp/newsdex-bench}
rm -rf "$work" && mkdir -p "$work/corpus"
for i in $(seq -w 1 "$copies"); do
  cp tests/fixtures/layout/big/1987-04-07.txt "$work/corpus/1987-04-07-copy$i.txt"
done
cargo build --release -q
bin=target/release/newsdex
echo "corpus: $copies files, $(du -sh "$work/corpus" | cut -f1)"
echo "machine: $(nproc) cores, $(grep MemTotal /proc/meminfo | awk '{print int($2/1048576)" GiB"}'), $(uname -sr)"

/usr/bin/time -f "index: %e s wall, %M KB max RSS" "$bin" index "$work/corpus" --index "$work/index" --quiet
/usr/bin/time -f "no-op re-run: %e s wall, %M KB max RSS" "$bin" index "$work/corpus" --index "$work/index" --quiet
/usr/bin/time -f "parse to /dev/null: %e s wall, %M KB max RSS" "$bin" parse "$work/corpus" > /dev/null

queries=("oil prices" "yen" "coffee" "crude oil opec" "interest rates" "gold" "wheat exports" "dollar" "bank of japan" "sugar")
ms() { date +%s%N; }
total=0
for q in "${queries[@]}"; do
  t0=$(ms); "$bin" search --index "$work/index" --limit 10 "$q" > /dev/null || true; t1=$(ms)
  total=$((total + t1 - t0))
done
echo "newsdex search, top 10 with snippets, whole process: mean $((total / ${#queries[@]} / 1000000)) ms over ${#queries[@]} queries"
total=0
for q in "${queries[@]}"; do
  first=${q%% *}
  t0=$(ms); grep -r -i -c -F "$first" "$work/corpus" > /dev/null || true; t1=$(ms)
  total=$((total + t1 - t0))
done
echo "grep -r -i -c (first query word only, counts every match): mean $((total / ${#queries[@]} / 1000000)) ms over ${#queries[@]} queries"
du -sh "$work/index" | awk '{print "index size: "$1}'
