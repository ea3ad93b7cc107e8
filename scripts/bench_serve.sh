#!/usr/bin/env bash
# `newsdex serve` under load (issue 13): wrk's 64 connections for 60 s of
# mixed API searches (scripts/bench_serve.lua) against an index of the
# benchmark corpus, while `newsdex index` commits new dumps into the same
# index; the server's resident memory (its own, and the index files it
# has mapped) sampled every second.
#
#   scripts/bench_serve.sh NEWSDEX INDEX CORPUS HELD CACHE OUT
#
# INDEX was built from CORPUS; HELD holds folders of dumps that are not in
# it yet: 10 s into the run they are moved into CORPUS and `NEWSDEX index
# CORPUS --index INDEX` runs (the server reloads after its commits). CACHE
# is `serve --cache` (0: every search runs). OUT: a folder for wrk's
# output, the RSS samples and the indexer's log. Afterwards the held
# folders are moved back, and the index run again, so the next run starts
# from the same index.
set -euo pipefail
newsdex=$1 index=$2 corpus=$3 held=$4 cache=$5 out=$6
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
port=$((20000 + RANDOM % 20000))
"$newsdex" serve --index "$index" --port "$port" --cache "$cache" 2>"$out/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/api/stats" >/dev/null && break
    sleep 0.1
done
# Warm the page cache and tantivy's caches: one pass over the requests.
BENCH_QUERIES=$here/bench_queries.txt wrk -t1 -c1 -d5s -s "$here/bench_serve.lua" \
    "http://127.0.0.1:$port" >"$out/warmup.txt"
(while kill -0 $server 2>/dev/null; do
    awk '/^(RssAnon|RssFile):/ {printf "%s %s ", $1, $2} END {print ""}' /proc/$server/status 2>/dev/null || true
    sleep 1
done) >"$out/rss.txt" &
sampler=$!
held_names=$(ls "$held")
(sleep 10
 for name in $held_names; do mv "$held/$name" "$corpus/"; done
 /usr/bin/time -v "$newsdex" index "$corpus" --index "$index" --quiet \
     >"$out/index.log" 2>&1) &
indexer=$!
curl -s "http://127.0.0.1:$port/api/version" >"$out/version-before.json"
BENCH_QUERIES=$here/bench_queries.txt wrk -t2 -c64 -d60s --latency --timeout 10s \
    -s "$here/bench_serve.lua" "http://127.0.0.1:$port" >"$out/wrk.txt"
wait $indexer
sleep 1  # the watcher looks every 0.25 s
curl -s "http://127.0.0.1:$port/api/version" >"$out/version-after.json"
kill $server; wait $server 2>/dev/null || true
kill $sampler 2>/dev/null || true
# Put the held dumps back out of the index for the next run.
for name in $held_names; do mv "$corpus/$name" "$held/"; done
"$newsdex" index "$corpus" --index "$index" --quiet >/dev/null 2>&1
cat "$out/wrk.txt"
echo "searched commit: before $(cat "$out/version-before.json"), after $(cat "$out/version-after.json")"
echo "indexer: $(grep -E 'Elapsed|Maximum resident' "$out/index.log" | tr -s ' ' | tr '\n' ';')"
# RssAnon is the server's own memory; RssFile the index files it has
# mapped and touched (the page cache's, given back under pressure).
for kind in RssAnon RssFile; do
    awk -v k="$kind:" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}' "$out/rss.txt" >"$out/$kind.txt"
    echo "server $kind KiB: first $(head -1 "$out/$kind.txt"), max $(sort -n "$out/$kind.txt" | tail -1), last $(tail -1 "$out/$kind.txt")"
done
