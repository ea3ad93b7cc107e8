#!/usr/bin/env bash
# Issue 5's indexing benchmark: newsdex against tantivy-cli and SQLite FTS5
# building a full-text index of the same ~1 GB of stories, then each tool's
# search latency (and ripgrep's over the raw dumps) as whole processes.
#
#   bash scripts/bench_index.sh [COPIES]
#
# Needs: python3, sqlite3 (with FTS5), rg, hyperfine, GNU time
# (/usr/bin/time) and tantivy-cli (`cargo install tantivy-cli`).
# Environment:
#   BENCH_DIR   work dir for the corpus, exports, indexes and results (default /tmp/bench)
#   NEWSDEX     binary to test (default $BENCH_DIR/newsdex; when missing,
#               built with `cargo build --release` and copied there)
#   TANTIVY     tantivy-cli binary (default: `tantivy` on PATH, else ~/.cargo/bin/tantivy)
#   REUTERS     Reuters-21578 folder (default ../shared/corpora/reuters21578)
#   RUNS        timed runs per query and tool (default 10; 2 warm-up runs)
#   THREADS     indexing threads (default 2), given to tantivy-cli (-t) and
#               to newsdex when it has --threads
#   MEMORY      newsdex's whole-run budget in bytes (default: DEFAULT_MEMORY
#               in src/commands/index/budget.rs), given to newsdex
#               (--memory); tantivy-cli (-m) gets the indexing buffers
#               newsdex plans out of it, so both index with the same buffers
#   BUILDS      builds of newsdex and of tantivy-cli, alternating; the median
#               of each is reported (default 3)
#   REBUILD=1   regenerate the corpus and the exports even when present
#
# Corpus: COPIES (default 40) copies of Reuters-21578, every story distinct
# (scripts/make_bench_corpus.py), shared with bench_search.sh. The exports
# (`newsdex parse` JSON lines, and from them tantivy-cli's JSON documents and
# FTS5's CSV) are made once and reused; their time is reported on its own,
# never added to a tool's build. The three indexes are rebuilt on every run:
# their build is what is timed. Results: $BENCH_DIR/results-index/.
#
# Page cache: dropping it needs root (/proc/sys/vm/drop_caches) and would
# slow everything else on a shared machine, so the script does not; each
# tool's input is read once with `cat` right before its timed build, and
# every index before the searches, so all tools run from a warm cache alike.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
copies=${1:-40}
work=${BENCH_DIR:-/tmp/bench}
reuters=${REUTERS:-$repo/../shared/corpora/reuters21578}
runs=${RUNS:-10}
bin=${NEWSDEX:-$work/newsdex}
tantivy=${TANTIVY:-$(command -v tantivy || echo "$HOME/.cargo/bin/tantivy")}
threads=${THREADS:-2}
corpus=$work/corpus
exports=$work/exports
builds=$work/index-bench
results=$work/results-index
articles=$exports/articles.jsonl
tantivy_docs=$exports/tantivy-docs.jsonl
fts5_csv=$exports/fts5.csv
nx_index=$builds/newsdex
tv_index=$builds/tantivy
db=$builds/fts5.db
mkdir -p "$work" "$exports" "$builds" "$results"

if [[ -n ${MEMORY:-} ]]; then
  memory=$MEMORY
else
  # `pub const DEFAULT_MEMORY: usize = 320 * MIB;` -> 335544320
  expr=$(sed -n 's/^pub const DEFAULT_MEMORY: usize = \(.*\);$/\1/p' "$repo/src/commands/index/budget.rs")
  arithmetic='^[0-9 <*MIB]+$'
  [[ $expr =~ $arithmetic ]] || { echo "cannot read DEFAULT_MEMORY from src/commands/index/budget.rs; set MEMORY" >&2; exit 2; }
  MIB=$((1 << 20))
  memory=$((expr))
fi
# The buffers newsdex's plan gives tantivy out of that budget for THREADS
# parsers and indexing threads (src/commands/index/budget.rs, while the
# threads fit): past 80 MiB, less an eighth for waiting articles, less
# 10 + 12 MiB a thread, five sixths of what is left.
rest=$((memory - (80 << 20)))
writer_memory=$(( (rest - rest / 8 - threads * (22 << 20)) / 6 * 5 ))

for tool in python3 sqlite3 rg hyperfine /usr/bin/time; do
  command -v "$tool" > /dev/null || { echo "bench_index.sh needs $tool" >&2; exit 2; }
done
[[ -x $tantivy ]] || { echo "no tantivy-cli at $tantivy: cargo install tantivy-cli, or set TANTIVY" >&2; exit 2; }
if [[ ! -x $bin ]]; then
  (cd "$repo" && cargo build --release)
  cp "$repo/target/release/newsdex" "$bin"
fi

log() { echo "== $*" | tee -a "$results/log.txt"; }
# Runs a command under GNU time; its wall, CPU and peak RSS go to $1.
timed() {
  local out=$1
  shift
  /usr/bin/time -o "$out" -f 'wall_s %e\nuser_s %U\nsys_s %S\nmax_rss_kb %M' "$@"
}
field() { awk -v k="$2" '$1 == k {print $2}' "$1"; }
summary_of() { echo "$(field "$1" wall_s) s wall, $(field "$1" user_s) s user, $(field "$1" sys_s) s sys, $(field "$1" max_rss_kb) KB max RSS"; }
size_of() { echo "$(du -sh "$1" | cut -f1) ($(du -sb "$1" | cut -f1) bytes)"; }
# Documents and segments in a tantivy index, from its meta.json.
index_docs() {
  python3 - "$1/meta.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
docs = sum(s["max_doc"] - ((s.get("deletes") or {}).get("num_deleted_docs") or 0) for s in m["segments"])
print(docs, len(m["segments"]))
PY
}

: > "$results/log.txt"
# Export times stay: the exports they describe may be reused.
rm -f "$results"/{newsdex-index,newsdex-noop,tantivy-index,fts5-build}.time "$results"/hf-*.json
log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
log "newsdex: $bin ($("$bin" --version)); tantivy-cli: $tantivy ($("$tantivy" --version 2>&1 | head -1)); sqlite3 $(sqlite3 --version | cut -d' ' -f1); $(rg --version | sed -n 1p); $(hyperfine --version)"
log "page cache: not dropped (needs root); each tool's input is read with cat before its build, every index before the searches"

# 1. Corpus ---------------------------------------------------------------
force=()
[[ ${REBUILD:-0} == 1 ]] && force=(--force)
state=$(python3 "$repo/scripts/make_bench_corpus.py" "$reuters" "$corpus" "$copies" "${force[@]}")
[[ $state == built || ${REBUILD:-0} == 1 ]] && rm -f "$articles" "$tantivy_docs" "$fts5_csv"
corpus_bytes=$(find "$corpus" -name '*.sgm' -printf '%s\n' | awk '{s += $1} END {print s}')
echo "$corpus_bytes" > "$results/corpus-bytes"
log "corpus: $corpus ($state), $copies copies, $(find "$corpus" -name '*.sgm' | wc -l) files, $corpus_bytes bytes of .sgm"

# 2. newsdex: full build, then a no-op re-run ------------------------------
# Flags newsdex may not have yet: pass them only when its help names them.
index_flags=()
index_help=$("$bin" index --help)
if grep -q -- '--threads' <<< "$index_help"; then
  index_flags+=(--threads "$threads")
else
  log "newsdex has no --threads: tantivy's default, min(cores, 8) = $(( $(nproc) < 8 ? $(nproc) : 8 )) writer threads"
fi
if grep -q -- '--memory' <<< "$index_help"; then
  # Megabytes when its help says so, else bytes.
  if grep -- '--memory' <<< "$index_help" | grep -qiE 'MB|MiB|megabyte'; then
    index_flags+=(--memory $((memory >> 20)))
  else
    index_flags+=(--memory "$memory")
  fi
else
  log "newsdex has no --memory: its built-in WRITER_MEMORY"
fi
# tantivy-cli 0.24 divides -m by its threads and hands the result to
# tantivy's writer_with_num_threads, which divides it again: to give each of
# its threads writer_memory/threads, as newsdex's writer does, pass
# writer_memory*threads.
tv_memory=$((writer_memory * threads))
log "writer: $threads threads sharing $writer_memory bytes (newsdex's budget $memory); tantivy-cli -t $threads -m $tv_memory; newsdex index flags: ${index_flags[*]:-(none)}"

rm -rf "$nx_index"
cat "$corpus"/*/*.sgm > /dev/null
timed "$results/newsdex-index.time" "$bin" index "$corpus" --index "$nx_index" "${index_flags[@]}" \
  2> "$results/newsdex-index.stderr"
read -r _ nx_segments < <(index_docs "$nx_index")
# Articles read: those indexed plus the duplicate stories folded (the other
# tools index every article, duplicates included). Besides articles, the
# index holds one record per file and one per folded duplicate.
read -r nx_indexed nx_folded < <("$bin" stats --json --index "$nx_index" |
  python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["articles"], s["folded"])')
nx_docs=$((nx_indexed + nx_folded))
log "newsdex index: $(summary_of "$results/newsdex-index.time"); $nx_docs articles read, $nx_indexed indexed, $nx_folded duplicates folded, $nx_segments segments, $(size_of "$nx_index")"
tail -3 "$results/newsdex-index.stderr" | tee -a "$results/log.txt"
timed "$results/newsdex-noop.time" "$bin" index "$corpus" --index "$nx_index" "${index_flags[@]}" \
  2> "$results/newsdex-noop.stderr"
log "newsdex no-op re-run: $(summary_of "$results/newsdex-noop.time")"
du -sb "$nx_index" | cut -f1 > "$results/newsdex-index.bytes"

# 3. Exports: the same articles for tantivy-cli and FTS5 --------------------
# newsdex parse -> articles.jsonl -> tantivy-cli JSON documents (field names
# and values as newsdex stores them: the date as RFC 3339 midnight UTC, the
# location repeated as location_exact, no null fields) and an FTS5 CSV.
# Reused only when made from this corpus by this very binary.
stamp="$(cat "$corpus/.bench-corpus") $(sha256sum < "$bin" | cut -d' ' -f1)"
if [[ ! -s $articles || $(cat "$exports/.made-by" 2> /dev/null) != "$stamp" ]]; then
  rm -f "$exports/.made-by" "$tantivy_docs" "$fts5_csv"
  timed "$results/export-parse.time" "$bin" parse "$corpus" > "$articles" 2> "$results/export-parse.stderr"
fi
if [[ ! -s $tantivy_docs || ! -s $fts5_csv ]]; then
  timed "$results/export-convert.time" python3 - "$articles" "$tantivy_docs" "$fts5_csv" "$results/export-stats.txt" <<'PY'
import csv, json, re, sys
src, docs, csv_path, stats = sys.argv[1:]
n = 0
# The copy each headline and body was first seen in, and those seen in
# another copy too (there should be none).
copy = re.compile(r"/copy(\d+)/")
headlines, bodies, shared = {}, {}, {"headlines": set(), "bodies": set()}
def see(seen, kind, text, c):
    key = hash(text)
    if seen.setdefault(key, c) != c:
        shared[kind].add(key)
with open(src, encoding="utf-8") as fi, open(docs, "w", encoding="utf-8") as fd, \
        open(csv_path, "w", encoding="utf-8", newline="") as fc:
    rows = csv.writer(fc)
    for line in fi:
        a = json.loads(line)
        n += 1
        c = copy.search(a["path"]).group(1)
        see(headlines, "headlines", a["headline"], c)
        if a["body"]:
            see(bodies, "bodies", a["body"], c)
        doc = {k: v for k, v in a.items() if v is not None and v != []}
        if a["date"]:
            doc["date"] = a["date"] + "T00:00:00Z"
        if a["location"] is not None:
            doc["location_exact"] = a["location"]
        fd.write(json.dumps(doc, ensure_ascii=False) + "\n")
        rows.writerow([a["id"], a["headline"], a["body"], a["caption"] or "", a["credit"] or "",
                       a["location"] or "", a["country"] or "", "\n".join(a["places"]),
                       a["dateline"] or "", a["date"] or "", a["format"], a["path"],
                       a["ordinal"], a["line"], a["offset"]])
with open(stats, "w") as fh:
    print(f"{n} articles; {len(headlines)} distinct headlines, {len(shared['headlines'])} of them in "
          f"more than one copy; {len(bodies)} distinct non-empty bodies, {len(shared['bodies'])} in more "
          "than one copy", file=fh)
PY
  echo "$stamp" > "$exports/.made-by"
fi
for step in parse convert; do
  if [[ -f $results/export-$step.time ]]; then
    log "export ($step): $(summary_of "$results/export-$step.time")"
  fi
done
if [[ -f $results/export-stats.txt ]]; then
  log "exported: $(cat "$results/export-stats.txt")"
fi
log "exports: articles.jsonl $(size_of "$articles"), tantivy-docs.jsonl $(size_of "$tantivy_docs"), fts5.csv $(size_of "$fts5_csv")"

# 4. tantivy-cli: the same schema, threads and writer memory ----------------
# Its index directory gets a meta.json whose schema is newsdex's own, copied
# from the index just built (same fields, stored and fast options, date
# precision), so the two cannot drift apart. newsdex's own analyzers
# (`news_stem`, `news_plain`: tantivy's en_stem and default chains plus
# ASCII folding) are registered in newsdex's code, not in the index, so
# tantivy-cli gets its built-in en_stem and default in their place (one
# filter fewer for the peer).
rm -rf "$tv_index" && mkdir -p "$tv_index"
python3 - "$nx_index/meta.json" "$tv_index/meta.json" "$results/schema.md" <<'PY'
import json, sys
src, dst, table = sys.argv[1:]
m = json.load(open(src))
for f in m["schema"]:
    ix = f["options"].get("indexing")
    if ix:
        ix["tokenizer"] = {"news_stem": "en_stem", "news_plain": "default"}.get(ix["tokenizer"], ix["tokenizer"])
json.dump({"index_settings": m["index_settings"], "segments": [], "schema": m["schema"], "opstamp": 0},
          open(dst, "w"), indent=2)
with open(table, "w") as fh:
    print("| field | type | indexed (tokenizer, record) | stored | fast |", file=fh)
    print("| --- | --- | --- | --- | --- |", file=fh)
    for f in m["schema"]:
        o = f["options"]
        if f["type"] == "text":
            ix = o.get("indexing")
            ixs = f"{ix['tokenizer']}, {ix['record']}" if ix else "no"
        else:
            ixs = "yes" if o.get("indexed") else "no"
            if f["type"] == "date":
                ixs += f" (precision {o.get('precision')})"
        print(f"| {f['name']} | {f['type']} | {ixs} | {o.get('stored')} | {bool(o.get('fast'))} |", file=fh)
PY
cat "$tantivy_docs" > /dev/null
timed "$results/tantivy-index.time" "$tantivy" index -i "$tv_index" -t "$threads" -m "$tv_memory" \
  < "$tantivy_docs" > "$results/tantivy-index.stdout" 2> "$results/tantivy-index.stderr"
if grep -q 'Failed to add document' "$results/tantivy-index.stdout"; then
  log "tantivy-cli rejected $(grep -c 'Failed to add document' "$results/tantivy-index.stdout") documents:"
  grep -m 3 'Failed to add document' "$results/tantivy-index.stdout" | tee -a "$results/log.txt"
  exit 1
fi
read -r tv_docs tv_segments < <(index_docs "$tv_index")
log "tantivy-cli index: $(summary_of "$results/tantivy-index.time"); $tv_docs documents, $tv_segments segments, $(size_of "$tv_index")"
[[ $tv_docs == "$nx_docs" ]] || { log "document counts differ: newsdex $nx_docs, tantivy-cli $tv_docs"; exit 1; }
du -sb "$tv_index" | cut -f1 > "$results/tantivy-index.bytes"

# Repeats: the machine is a VM whose CPU time varies from run to run (host
# steal), so each build runs BUILDS times (default 3), newsdex and
# tantivy-cli alternating; the table reports each tool's median run by wall
# time, and every run is logged.
builds=${BUILDS:-3}
python3 - "$nx_index/meta.json" "$results/tantivy-empty-meta.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
for f in m["schema"]:
    ix = f["options"].get("indexing")
    if ix:
        ix["tokenizer"] = {"news_stem": "en_stem", "news_plain": "default"}.get(ix["tokenizer"], ix["tokenizer"])
json.dump({"index_settings": m["index_settings"], "segments": [], "schema": m["schema"], "opstamp": 0},
          open(sys.argv[2], "w"), indent=2)
PY
cp "$results/newsdex-index.time" "$results/newsdex-index-1.time"
cp "$results/tantivy-index.time" "$results/tantivy-index-1.time"
for r in $(seq 2 "$builds"); do
  rm -rf "$nx_index"
  cat "$corpus"/*/*.sgm > /dev/null
  timed "$results/newsdex-index-$r.time" "$bin" index "$corpus" --index "$nx_index" "${index_flags[@]}" 2> /dev/null
  rm -rf "$tv_index" && mkdir -p "$tv_index" && cp "$results/tantivy-empty-meta.json" "$tv_index/meta.json"
  cat "$tantivy_docs" > /dev/null
  timed "$results/tantivy-index-$r.time" "$tantivy" index -i "$tv_index" -t "$threads" -m "$tv_memory" \
    < "$tantivy_docs" > /dev/null 2>&1
done
for tool in newsdex tantivy; do
  for r in $(seq 1 "$builds"); do
    log "$tool build $r of $builds: $(summary_of "$results/$tool-index-$r.time")"
  done
  median=$(for r in $(seq 1 "$builds"); do echo "$(field "$results/$tool-index-$r.time" wall_s) $r"; done |
    sort -n | awk -v n="$builds" 'NR == int((n + 1) / 2) {print $2}')
  cp "$results/$tool-index-$median.time" "$results/$tool-index.time"
  log "$tool build: median of $builds is run $median: $(summary_of "$results/$tool-index.time")"
done

# newsdex optimize: its segments merged into one (as FTS5's build below ends
# with its 'optimize'), timed on its own and reported beside the build; the
# searches run on the merged index. Skipped by a newsdex without it.
if "$bin" optimize --help > /dev/null 2>&1; then
  timed "$results/newsdex-optimize.time" "$bin" optimize --index "$nx_index" 2> /dev/null
  log "newsdex optimize (segments merged into one): $(summary_of "$results/newsdex-optimize.time")"
  du -sb "$nx_index" | cut -f1 > "$results/newsdex-index.bytes"
fi

# 5. SQLite FTS5 through the sqlite3 shell ---------------------------------
# One table with newsdex's fields in its order: the fields newsdex indexes
# as text are FTS5 columns, the rest UNINDEXED (stored only); FTS5 has one
# tokenizer per table, porter (stemming) over unicode61 for all of them.
# .import reads the CSV in one transaction; 'optimize' merges the b-trees.
rm -f "$db"
cat > "$results/fts5-build.sql" <<SQL
create virtual table articles using fts5(
  id UNINDEXED, headline, body, caption, credit UNINDEXED, location, country, places,
  dateline UNINDEXED, date UNINDEXED, format UNINDEXED, path UNINDEXED,
  ordinal UNINDEXED, line UNINDEXED, offset UNINDEXED,
  tokenize = 'porter unicode61');
.import --csv '$fts5_csv' articles
insert into articles(articles) values ('optimize');
SQL
cat "$fts5_csv" > /dev/null
timed "$results/fts5-build.time" sqlite3 "$db" < "$results/fts5-build.sql" > "$results/fts5-build.stdout" 2>&1
fts_rows=$(sqlite3 "$db" 'select count(*) from articles')
log "FTS5 build: $(summary_of "$results/fts5-build.time"); $fts_rows rows, $(size_of "$db")"
[[ $fts_rows == "$nx_docs" ]] || { log "row count differs: newsdex $nx_docs, FTS5 $fts_rows"; exit 1; }
du -sb "$db" | cut -f1 > "$results/fts5.bytes"

# 6. Queries and the command each tool runs ----------------------------------
# newsdex: the query as typed, top 10 with snippets. tantivy-cli: `tantivy
# search` prints every match in full, unranked (650,000 documents for `bank
# of japan` at 40 copies), so it runs with an aggregation instead: the query
# (tantivy's parser, OR over every indexed text field) evaluated over all
# matches and counted, no ranking, no documents, no snippets; a floor on
# its whole-process cost, not the same work as newsdex's. FTS5: every word
# a quoted term (AND-ed, as FTS5 does by default), phrases kept as phrases,
# over the columns newsdex searches, bm25 with newsdex's field weights,
# snippet() from the body. rg: every word or phrase as a case-insensitive
# literal alternative, counting matching lines per file.
cp "$repo/scripts/bench_queries.txt" "$results/queries.txt"
python3 - "$results/queries.txt" "$bin" "$nx_index" "$tantivy" "$tv_index" "$db" "$corpus" \
  > "$results/commands.tsv" <<'PY'
import shlex, sys
qfile, bin_, index, tantivy, tv_index, db, corpus = sys.argv[1:]
count = '{"matches":{"value_count":{"field":"date"}}}'
for q in open(qfile).read().splitlines():
    terms = shlex.split(q)  # '"interest rates"' -> ['interest rates']; 'oil prices' -> ['oil', 'prices']
    fts = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
    # Columns: id headline body caption credit location country places ...;
    # weights as newsdex ranks: headline 0.75, body 1, caption 0.5, location 0.5.
    sql = ("select headline, snippet(articles, 2, '[', ']', '...', 20) from articles "
           f"where articles match '{{headline body caption location}} : ({fts.replace(chr(39), chr(39) * 2)})' "
           "order by bm25(articles, 0, 0.75, 1.0, 0.5, 0, 0.5, 0, 0) limit 10")
    cmds = {
        "newsdex": [bin_, "search", "--index", index, "--limit", "10", q],
        "tantivy": [tantivy, "search", "-i", tv_index, "-q", q, "-a", count],
        "fts5": ["sqlite3", db, sql],
        "rg": ["rg", "-i", "-F", "-c"] + sum((["-e", t] for t in terms), []) + [corpus],
    }
    for tool, argv in cmds.items():
        print(f"{q}\t{tool}\t{shlex.join(argv)}")
PY

# Sanity: how many articles (newsdex, tantivy-cli, FTS5) or lines (rg) match.
while IFS=$'\t' read -r q tool cmd; do
  case $tool in
    newsdex) n=$("$bin" search --index "$nx_index" --limit 10 --json "$q" 2> /dev/null |
      python3 -c 'import json,sys; print([json.loads(l)["data"]["total_hits"] for l in sys.stdin if "summary" in l][0])' || echo 0) ;;
    tantivy) n=$(eval "$cmd" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["matches"]["value"] or 0))') ;;
    fts5) n=$(python3 -c 'import shlex,sys; print(shlex.split(sys.argv[1])[2])' "$cmd" |
      sed -E 's/^select .* from articles where (.*) order by .*/select count(*) from articles where \1/' |
      sqlite3 "$db") ;;
    rg) n=$(eval "$cmd" | awk -F: '{s += $NF} END {print s + 0}') ;;
  esac
  printf '%s\t%s\t%s\n' "$q" "$tool" "$n"
done < "$results/commands.tsv" > "$results/answers.tsv"

# 7. Timing: hyperfine, whole processes, output through a pipe, no shell,
# 2 warm-up runs then RUNS timed runs per command.
find "$nx_index" "$tv_index" "$db" "$corpus" -type f -exec cat {} + > /dev/null
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

# 8. Summary ------------------------------------------------------------------
python3 - "$results" <<'PY' | tee "$results/summary.md"
import glob, json, os, statistics, sys
res = sys.argv[1]
def read_time(name):
    path = os.path.join(res, name + ".time")
    if not os.path.exists(path):
        return None
    t = dict(line.split() for line in open(path) if len(line.split()) == 2)
    return {k: float(v) for k, v in t.items()}
def size(name):
    return int(open(os.path.join(res, name)).read())
corpus_mb = size("corpus-bytes") / 1e6
queries = open(os.path.join(res, "queries.txt")).read().splitlines()
tools = ["newsdex", "tantivy", "fts5", "rg"]
names = {"newsdex": "newsdex", "tantivy": "tantivy-cli", "fts5": "SQLite FTS5", "rg": "ripgrep"}
answers = {}
for line in open(os.path.join(res, "answers.tsv")):
    q, tool, n = line.rstrip("\n").split("\t")
    answers[q, tool] = n
times, per_query = {}, {}
for f in sorted(glob.glob(os.path.join(res, "hf-*.json"))):
    n, tool = os.path.basename(f)[3:-5].split("-", 1)
    q = queries[(int(n) - 1) // len(tools)]
    ms = [t * 1000 for t in json.load(open(f))["results"][0]["times"]]
    times.setdefault(tool, []).extend(ms)
    per_query.setdefault(q, {})[tool] = statistics.median(ms)
def pct(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)
nx, tv, fts = read_time("newsdex-index"), read_time("tantivy-index"), read_time("fts5-build")
noop = read_time("newsdex-noop")
mb = lambda b: f"{b / 1e6:,.0f} MB"
print(f"Corpus: {corpus_mb:,.1f} MB of .sgm. Builds (MB/s = corpus MB / wall, for every tool):")
print()
print("| build | wall s | MB/s | CPU s (user+sys) | peak RSS MiB | on disk | no-op re-run s |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
rows = [("newsdex index", nx, size("newsdex-index.bytes"), f"{noop['wall_s']:.2f}"),
        ("tantivy-cli index (-t, -m as newsdex)", tv, size("tantivy-index.bytes"), "n/a"),
        ("SQLite FTS5 (.import CSV + optimize)", fts, size("fts5.bytes"), "n/a")]
for name, t, b, re_run in rows:
    print(f"| {name} | {t['wall_s']:.2f} | {corpus_mb / t['wall_s']:.1f} | {t['user_s'] + t['sys_s']:.2f} "
          f"| {t['max_rss_kb'] / 1024:.0f} | {mb(b)} | {re_run} |")
for step, what in (("export-parse", "`newsdex parse` -> articles.jsonl (input of the exports, not in any build)"),
                   ("export-convert", "python: articles.jsonl -> tantivy-cli JSON + FTS5 CSV (not in any build)")):
    t = read_time(step)
    if t:
        print(f"| {what} | {t['wall_s']:.2f} | {corpus_mb / t['wall_s']:.1f} | {t['user_s'] + t['sys_s']:.2f} "
              f"| {t['max_rss_kb'] / 1024:.0f} | | |")
print()
print("newsdex's build reads the raw .sgm dumps (parse, extract and index in one run); tantivy-cli and")
print("FTS5 read the exports made from `newsdex parse`, so their builds do no parsing of the dumps.")
print()
print(f"- newsdex / tantivy-cli index wall: {nx['wall_s'] / tv['wall_s']:.2f}x; peak RSS "
      f"{nx['max_rss_kb'] / tv['max_rss_kb']:.2f}x; CPU {(nx['user_s'] + nx['sys_s']) / (tv['user_s'] + tv['sys_s']):.2f}x")
print(f"- newsdex / FTS5 build wall: {nx['wall_s'] / fts['wall_s']:.2f}x; peak RSS {nx['max_rss_kb'] / fts['max_rss_kb']:.2f}x")
print(f"- newsdex no-op re-run: {noop['wall_s']:.2f} s, {noop['max_rss_kb'] / 1024:.0f} MiB peak RSS "
      f"({noop['wall_s'] / nx['wall_s'] * 100:.1f}% of the full build)")
print()
print("Search, whole process, medians per query in ms (matches in brackets: articles for newsdex, "
      "tantivy-cli and FTS5, lines for rg):")
print()
print("| query | newsdex | tantivy-cli (count only) | FTS5 | rg | FTS5/newsdex | rg/newsdex |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for q in queries:
    m = per_query[q]
    cells = " | ".join(f"{m[t]:.1f} ({answers[q, t]})" for t in tools)
    print(f"| `{q}` | {cells} | {m['fts5'] / m['newsdex']:.1f}x | {m['rg'] / m['newsdex']:.1f}x |")
print()
print(f"All {len(times['newsdex'])} timed runs per tool:")
print()
print("| tool | p50 ms | p95 ms | mean ms | p50 / newsdex | p95 / newsdex |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
base50, base95 = pct(times["newsdex"], .5), pct(times["newsdex"], .95)
for t in tools:
    xs = times[t]
    print(f"| {names[t]} | {pct(xs, .5):.1f} | {pct(xs, .95):.1f} | {statistics.mean(xs):.1f} "
          f"| {pct(xs, .5) / base50:.2f}x | {pct(xs, .95) / base95:.2f}x |")
PY
