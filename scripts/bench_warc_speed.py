#!/usr/bin/env python3
"""Pages per second and peak memory of `newsdex parse` on a WARC, against
the reference Python stack doing the same work in the same run: warcio's
ArchiveIterator reading the WARC (gzip members, HTTP headers, chunked and
content encodings undone) and trafilatura extracting each HTML response.

Usage:
  bench_warc_speed.py NEWSDEX_BINARY FILE.warc.gz [--runs N] [--threads T]

Each run times newsdex first, then the peer, alternating; the medians are
printed. Peak memory is the maximum resident set size of each process
(`/usr/bin/time -f %M` for newsdex; the peer runs in a child Python
process so its figure is its own). Needs `pip install warcio trafilatura`.

newsdex is timed as a whole process (start-up, gazetteer and regexes
built, the WARC read, JSON lines written). The peer is timed twice: its
loop alone (after Python has started and imported warcio and
trafilatura: the conservative figure, which the ratio line uses), and as
a whole process, as a user running it would wait for it (the second
ratio line, whole process against whole process).
"""

import json
import os
import statistics
import subprocess
import sys
import time

PEER = r"""
import json, resource, sys, time
from warcio.archiveiterator import ArchiveIterator
import trafilatura
t0 = time.perf_counter()
pages = articles = 0
with open(sys.argv[1], "rb") as f:
    for record in ArchiveIterator(f):
        if record.rec_type != "response":
            continue
        ctype = record.http_headers.get_header("Content-Type", "") if record.http_headers else ""
        if "html" not in ctype:
            continue
        html = record.content_stream().read()
        pages += 1
        if trafilatura.extract(html):
            articles += 1
wall = time.perf_counter() - t0
print(json.dumps({"wall": wall, "pages": pages, "articles": articles,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def newsdex(binary, warc, threads):
    args = ["/usr/bin/time", "-f", "%M", binary, "parse", warc]
    if threads:
        args[4:4] = ["--threads", str(threads)]
    t0 = time.perf_counter()
    done = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - t0
    articles = done.stdout.count(b"\n")
    peak_kb = int(done.stderr.decode().strip().splitlines()[-1])
    return {"wall": wall, "articles": articles, "peak_kb": peak_kb}


def peer(warc):
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEER, warc], stdout=subprocess.PIPE, check=True)
    whole = time.perf_counter() - t0
    return {**json.loads(done.stdout), "whole": whole}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, warc = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else None
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(newsdex(binary, warc, threads))
        theirs.append(peer(warc))
    pages = theirs[0]["pages"]
    med = lambda rows, key: statistics.median(r[key] for r in rows)
    size_mb = os.path.getsize(warc) / 1e6
    print(f"{warc}: {size_mb:.1f} MB, {pages} HTML responses; {runs} runs each, alternating, medians")
    for name, rows in (("newsdex", ours), ("warcio+trafilatura", theirs)):
        wall = med(rows, "wall")
        print(
            f"{name:20} wall {wall:7.2f} s  {pages / wall:7.1f} pages/s  "
            f"articles {rows[0]['articles']:6}  peak {med(rows, 'peak_kb') / 1024:7.1f} MiB"
        )
    print(f"warcio+trafilatura, whole process: wall {med(theirs, 'whole'):7.2f} s")
    print(f"ratio (pages/s newsdex / peer): {med(theirs, 'wall') / med(ours, 'wall'):.2f}x")
    print(f"ratio, whole process against whole process: {med(theirs, 'whole') / med(ours, 'wall'):.2f}x")


if __name__ == "__main__":
    main()
