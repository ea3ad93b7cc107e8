#!/usr/bin/env bash
# Issue 12's memory benchmark: peak memory and wall time of `newsdex index`
# against --threads, at the default --memory and at others, alternating
# binaries (before/after a change) in one run.
#
#   bash scripts/bench_memory.sh [BINARY...]
#
# Needs python3 and GNU time. Environment:
#   BENCH_DIR  work dir (default /tmp/bench-memory): the corpus (Reuters-21578
#              x COPIES, scripts/make_bench_corpus.py) and the indexes
#   COPIES     copies of Reuters-21578 (default 10: 279 MB)
#   RUNS       runs of each binary and setting (default 2)
#   SETTINGS   "THREADS:MEMORY" pairs, MEMORY in MiB or "default"
#              (default "2:default 8:default 64:default 256:default 64:128 64:1024")
# Each run is one fresh build of the index. Reported per run: wall seconds,
# peak RSS (GNU time's maximum resident set), and peak anonymous and
# file-backed resident memory sampled from /proc every 50 ms (RssAnon is
# what the run allocates; RssFile is the index files tantivy maps, page
# cache the kernel can take back).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_DIR:-/tmp/bench-memory}
copies=${COPIES:-10}
runs=${RUNS:-2}
settings=${SETTINGS:-"2:default 8:default 64:default 256:default 64:128 64:1024"}
bins=("$@")
[[ ${#bins[@]} -gt 0 ]] || bins=("$repo/target/release/newsdex")
mkdir -p "$work"
python3 "$repo/scripts/make_bench_corpus.py" "$repo/../shared/corpora/reuters21578" "$work/corpus" "$copies" > /dev/null
echo "corpus: $(du -sb "$work/corpus" | cut -f1) bytes, Reuters-21578 x$copies; $(nproc) cores; $(date -u +%FT%TZ)"
printf '| binary | threads | memory | run | wall s | peak RSS MiB | peak anon MiB | peak file MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|\n'
for setting in $settings; do
  threads=${setting%%:*}
  memory=${setting#*:}
  flags=(--threads "$threads")
  [[ $memory == default ]] || flags+=(--memory "$memory")
  for run in $(seq "$runs"); do
    for bin in "${bins[@]}"; do
      rm -rf "$work/index"
      "$bin" index "$work/corpus" --index "$work/index" "${flags[@]}" --quiet 2> /dev/null &
      pid=$!
      anon=0 file=0
      while kill -0 "$pid" 2> /dev/null; do
        read -r a f < <(awk '/RssAnon/{a=$2}/RssFile/{f=$2}END{print a+0, f+0}' "/proc/$pid/status" 2> /dev/null || echo "0 0")
        ((a > anon)) && anon=$a
        ((f > file)) && file=$f
        sleep 0.05
      done
      wait "$pid"
      # The wall time and peak RSS of a second, unsampled build.
      rm -rf "$work/index"
      /usr/bin/time -f '%e %M' -o "$work/time" "$bin" index "$work/corpus" --index "$work/index" "${flags[@]}" --quiet 2> /dev/null
      read -r wall rss < "$work/time"
      printf '| %s | %s | %s | %s | %s | %d | %d | %d |\n' "$(basename "$bin")" "$threads" "$memory" "$run" "$wall" $((rss / 1024)) $((anon / 1024)) $((file / 1024))
    done
  done
done
