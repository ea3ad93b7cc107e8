#!/usr/bin/env bash
# Issue 4's speed benchmark: top-10 search with snippets on ~1 GB of
# stories, timed as a whole process, against SQLite FTS5 (bm25 + snippet()
# through the sqlite3 shell) and ripgrep over the raw dumps.
#
#   bash scripts/bench_search.sh [COPIES]
#
# Needs: python3, sqlite3 (with FTS5), rg, hyperfine, GNU time.
# Environment:
#   BENCH_DIR   work dir for the corpus, indexes and results (default /tmp/bench)
#   NEWSDEX     binary to test (default $BENCH_DIR/newsdex; when missing,
#               built with `cargo build --release` and copied there)
#   REUTERS     Reuters-21578 folder (default ../shared/corpora/reuters21578)
#   RUNS        timed runs per query and tool (default 10; 2 warm-up runs)
#   REBUILD=1   regenerate corpus, newsdex index and FTS5 database even when present
#
# Corpus: COPIES copies of the 22 Reuters-21578 .sgm files, every story
# made distinct per copy (scripts/make_bench_corpus.py says how); the
# queries are scripts/bench_queries.txt, shared with bench_index.sh.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
copies=${1:-40}
work=${BENCH_DIR:-/tmp/bench}
reuters=${REUTERS:-$repo/../shared/corpora/reuters21578}
runs=${RUNS:-10}
bin=${NEWSDEX:-$work/newsdex}
corpus=$work/corpus
index=$work/index
db=$work/fts5.db
results=$work/results
mkdir -p "$work" "$results"

if [[ ! -x $bin ]]; then
  (cd "$repo" && cargo build --release)
  cp "$repo/target/release/newsdex" "$bin"
fi

log() { echo "== $*" | tee -a "$results/log.txt"; }
: > "$results/log.txt"
log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
log "newsdex: $bin ($("$bin" --version)), sqlite3 $(sqlite3 --version | cut -d' ' -f1), $(rg --version | sed -n 1p), $(hyperfine --version)"

# 1. Corpus ---------------------------------------------------------------
force=()
[[ ${REBUILD:-0} == 1 ]] && force=(--force)
state=$(python3 "$repo/scripts/make_bench_corpus.py" "$reuters" "$corpus" "$copies" "${force[@]}")
# An index or database older than the corpus (made by bench_index.sh, say) is stale.
if [[ $state == built || $corpus/.bench-corpus -nt $index || $corpus/.bench-corpus -nt $db ]]; then
  rm -rf "$index" "$db"
fi
log "corpus: $corpus, $copies copies, $(du -sh "$corpus" | cut -f1) ($(du -sb "$corpus" | cut -f1) bytes), $(find "$corpus" -name '*.sgm' | wc -l) files"

# 2. newsdex index ----------------------------------------------------------
cat "$corpus"/*/*.sgm > /dev/null  # page cache, for every tool alike
if [[ ${REBUILD:-0} == 1 || ! -d $index ]]; then
  rm -rf "$index"
  /usr/bin/time -v "$bin" index "$corpus" --index "$index" 2> "$results/newsdex-index.txt"
  log "newsdex index: $(grep -E 'Elapsed \(wall' "$results/newsdex-index.txt" | awk '{print $NF}') wall, $(grep 'Maximum resident' "$results/newsdex-index.txt" | awk '{print $NF}') KB max RSS"
  grep -v '^	' "$results/newsdex-index.txt" | tail -3 | tee -a "$results/log.txt"
fi
log "newsdex index size: $(du -sh "$index" | cut -f1) ($(du -sb "$index" | cut -f1) bytes)"

# 3. SQLite FTS5 database from the same articles ---------------------------
if [[ ${REBUILD:-0} == 1 || ! -f $db ]]; then
  rm -f "$db" "$work/articles.jsonl"
  /usr/bin/time -v "$bin" parse "$corpus" > "$work/articles.jsonl" 2> "$results/newsdex-parse.txt"
  log "newsdex parse to jsonl: $(grep -E 'Elapsed \(wall' "$results/newsdex-parse.txt" | awk '{print $NF}') wall, $(wc -l < "$work/articles.jsonl") articles"
  /usr/bin/time -v python3 - "$work/articles.jsonl" "$db" 2> "$results/fts5-load.txt" <<'PY'
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[2])
con.execute("create virtual table articles using fts5(headline, body, tokenize='porter unicode61')")
def rows():
    with open(sys.argv[1], encoding="utf-8") as fh:
        for line in fh:
            a = json.loads(line)
            yield a.get("headline") or "", a.get("body") or ""
with con:
    con.executemany("insert into articles(headline, body) values (?, ?)", rows())
with con:
    con.execute("insert into articles(articles) values ('optimize')")
print(con.execute("select count(*) from articles").fetchone()[0], "rows", file=sys.stderr)
con.close()
PY
  log "FTS5 load (json parse + insert + optimize): $(grep -E 'Elapsed \(wall' "$results/fts5-load.txt" | awk '{print $NF}') wall, $(grep 'Maximum resident' "$results/fts5-load.txt" | awk '{print $NF}') KB max RSS, $(head -1 "$results/fts5-load.txt")"
fi
log "FTS5 database size: $(du -sh "$db" | cut -f1) ($(du -sb "$db" | cut -f1) bytes)"

# 4. Queries and the commands each tool runs --------------------------------
# newsdex: the query as typed. FTS5: every word a quoted term (AND-ed, as
# FTS5 does by default), phrases kept as phrases. rg: every word or phrase
# of the query as an alternative pattern (-e), case-insensitive, fixed
# strings, counting matching lines per file: one full pass over the raw
# dumps finding every line that mentions any query term.
cp "$repo/scripts/bench_queries.txt" "$results/queries.txt"
python3 - "$results/queries.txt" "$bin" "$index" "$db" "$corpus" > "$results/commands.tsv" <<'PY'
import shlex, sys
qfile, bin_, index, db, corpus = sys.argv[1:]
for q in open(qfile).read().splitlines():
    terms = shlex.split(q)  # '"interest rates"' -> ['interest rates']; 'oil prices' -> ['oil', 'prices']
    fts = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
    sql = ("select headline, snippet(articles, 1, '[', ']', '...', 20) from articles "
           f"where articles match '{fts.replace(chr(39), chr(39) * 2)}' "
           "order by bm25(articles, 0.75, 1.0) limit 10")
    cmds = {
        "newsdex": [bin_, "search", "--index", index, "--limit", "10", q],
        "fts5": ["sqlite3", db, sql],
        "rg": ["rg", "-i", "-F", "-c"] + sum((["-e", t] for t in terms), []) + [corpus],
    }
    for tool, argv in cmds.items():
        print(f"{q}\t{tool}\t{shlex.join(argv)}")
PY

# Sanity: how many articles (newsdex, FTS5) or lines (rg) match each query.
while IFS=$'\t' read -r q tool cmd; do
  case $tool in
    newsdex) n=$("$bin" search --index "$index" --limit 10 --json "$q" 2>/dev/null |
      python3 -c 'import json,sys; print([json.loads(l)["data"]["total_hits"] for l in sys.stdin if "summary" in l][0])' || echo 0) ;;
    fts5) n=$(python3 -c 'import shlex,sys; print(shlex.split(sys.argv[1])[2])' "$cmd" |
      sed -E 's/^select .* from articles where (.*) order by .*/select count(*) from articles where \1/' |
      sqlite3 "$db") ;;
    rg) n=$(eval "$cmd" | awk -F: '{s += $NF} END {print s + 0}') ;;
  esac
  printf '%s\t%s\t%s\n' "$q" "$tool" "$n"
done < "$results/commands.tsv" > "$results/answers.tsv"

# 5. Timing: hyperfine, whole processes, output through a pipe (no /dev/null
# shortcut), no shell, 2 warm-up runs then RUNS timed runs per command.
rm -f "$results"/hf-*.json
log "timing start: load average $(cut -d' ' -f1-3 /proc/loadavg) (other processes on the machine skew every tool's numbers)"
i=0
while IFS=$'\t' read -r q tool cmd; do
  i=$((i + 1))
  hyperfine -N --output=pipe --warmup 2 --runs "$runs" --style none \
    --export-json "$results/hf-$(printf %03d $i)-$tool.json" "$cmd" > /dev/null 2>&1 < /dev/null ||
    hyperfine -N --output=pipe --warmup 2 --runs "$runs" --style none -i \
      --export-json "$results/hf-$(printf %03d $i)-$tool.json" "$cmd" > /dev/null 2>&1 < /dev/null
done < "$results/commands.tsv"
log "timing end: load average $(cut -d' ' -f1-3 /proc/loadavg)"

# 6. Summary ------------------------------------------------------------------
python3 - "$results" <<'PY' | tee "$results/summary.md"
import glob, json, os, statistics, sys
res = sys.argv[1]
times, per_query, cpu = {}, {}, {}
queries = open(os.path.join(res, "queries.txt")).read().splitlines()
answers = {}
for line in open(os.path.join(res, "answers.tsv")):
    q, tool, n = line.rstrip("\n").split("\t")
    answers[q, tool] = n
files = sorted(glob.glob(os.path.join(res, "hf-*.json")))
for n, f in enumerate(files):
    tool = f.rsplit("-", 1)[1][:-5]
    q = queries[n // 3]
    r = json.load(open(f))["results"][0]
    ms = [t * 1000 for t in r["times"]]
    times.setdefault(tool, []).extend(ms)
    cpu.setdefault(tool, []).append((r["user"] + r["system"]) * 1000)
    per_query.setdefault(q, {})[tool] = statistics.median(ms)
def pct(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)
tools = ["newsdex", "fts5", "rg"]
print("| query | newsdex ms (articles matched) | FTS5 ms (articles matched) | rg ms (lines matched) | FTS5/newsdex | rg/newsdex |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for q in queries:
    m = per_query[q]
    print(f"| `{q}` | {m['newsdex']:.1f} ({answers[q, 'newsdex']}) | {m['fts5']:.1f} ({answers[q, 'fts5']}) "
          f"| {m['rg']:.1f} ({answers[q, 'rg']}) | {m['fts5'] / m['newsdex']:.1f}x | {m['rg'] / m['newsdex']:.1f}x |")
print()
print(f"All {len(times['newsdex'])} timed runs per tool (per-query medians above):")
print()
print("| tool | p50 ms | p95 ms | mean ms | max ms | mean CPU ms (user+sys) |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for t in tools:
    xs = times[t]
    print(f"| {t} | {pct(xs, .5):.1f} | {pct(xs, .95):.1f} | {statistics.mean(xs):.1f} | {max(xs):.1f} | {statistics.mean(cpu[t]):.1f} |")
print()
for peer, target in (("fts5", 2), ("rg", 15)):
    r = {s: f(times[peer]) / f(times["newsdex"]) for s, f in
         (("p50", lambda x: pct(x, .5)), ("p95", lambda x: pct(x, .95)), ("mean", statistics.mean))}
    per = [per_query[q][peer] / per_query[q]["newsdex"] for q in queries]
    met = all(v >= target for v in r.values()) and min(per) >= target
    print(f"- {peer}/newsdex: p50 {r['p50']:.1f}x, p95 {r['p95']:.1f}x, mean {r['mean']:.1f}x; "
          f"per query {min(per):.1f}x to {max(per):.1f}x; target >= {target}x: "
          f"{'met' if met else 'NOT met'} ({sum(p >= target for p in per)}/{len(per)} queries)")
PY
