#!/usr/bin/env python3
"""Pages per second of `newsdex parse` and of trafilatura on the same saved
pages, one after the other in one run, wall clock and CPU time.

Usage:
  bench_html_speed.py NEWSDEX_BINARY HTML_DIR [--out-trafilatura PRED.json]

HTML_DIR holds `<id>.html.gz` pages (the article-extraction benchmark's
`html/`). newsdex runs once over the folder (`parse`, output discarded);
trafilatura (`pip install trafilatura lxml_html_clean`) runs `extract` on
each page, the gzip decoding done beforehand and not timed. With
`--out-trafilatura`, trafilatura's bodies are written as a prediction file
for scripts/score_extraction.py.
"""

import gzip
import json
import os
import resource
import subprocess
import sys
import time


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def cpu_self():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, folder = sys.argv[1], sys.argv[2]
    out = sys.argv[sys.argv.index("--out-trafilatura") + 1] if "--out-trafilatura" in sys.argv else None
    names = sorted(n for n in os.listdir(folder) if n.endswith(".html.gz"))
    pages = []
    for n in names:
        with gzip.open(os.path.join(folder, n), "rt", encoding="utf-8", errors="replace") as f:
            pages.append((n.split(".")[0], f.read()))

    cpu0, t0 = cpu_children(), time.perf_counter()
    subprocess.run([binary, "parse", folder], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    newsdex_wall, newsdex_cpu = time.perf_counter() - t0, cpu_children() - cpu0

    import trafilatura  # imported here: its import time is not extraction time

    bodies = {}
    cpu0, t0 = cpu_self(), time.perf_counter()
    for page_id, html in pages:
        bodies[page_id] = trafilatura.extract(html) or ""
    traf_wall, traf_cpu = time.perf_counter() - t0, cpu_self() - cpu0

    n = len(pages)
    print(f"pages {n}")
    print(f"newsdex      wall {newsdex_wall:6.2f} s  {n / newsdex_wall:7.1f} pages/s   cpu {newsdex_cpu:6.2f} s  {n / newsdex_cpu:7.1f} pages/cpu-s")
    print(f"trafilatura  wall {traf_wall:6.2f} s  {n / traf_wall:7.1f} pages/s   cpu {traf_cpu:6.2f} s  {n / traf_cpu:7.1f} pages/cpu-s  ({trafilatura.__version__})")
    if out:
        with open(out, "w", encoding="utf-8") as f:
            json.dump({k: {"articleBody": v} for k, v in bodies.items()}, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
