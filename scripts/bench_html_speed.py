#!/usr/bin/env python3
"""Pages per second of `newsdex parse` and of trafilatura on the same saved
pages, side by side in one run: the contenders take turns, round after
round, and each one's median over the rounds is reported: wall clock, and
CPU time (newsdex's process; trafilatura's extraction, summed over its
workers), with the load average at each turn.

Usage:
  bench_html_speed.py NEWSDEX_BINARY HTML_DIR [--runs N] [--out-trafilatura PRED.json]

HTML_DIR holds `<id>.html.gz` pages (the article-extraction benchmark's
`html/`). Each round runs, in this order:

- `newsdex parse HTML_DIR` (its default threads: the machine's cores),
  output discarded; the whole process is timed (start-up, walking, gzip
  decoding, writing the JSON lines);
- `newsdex parse --threads 1 HTML_DIR`, the same on one thread;
- trafilatura `extract()` on every page in this one process, as a user
  calling the library would (`pip install trafilatura`);
- trafilatura in 2 worker processes (`multiprocessing`), the pages dealt
  out one at a time, so it too uses 2 cores.

trafilatura's import, its workers' start-up and the gzip decoding of its
pages (done beforehand, in each process) are not timed: only extraction.
With `--out-trafilatura`, trafilatura's bodies (from the last round) are
written as a prediction file for scripts/score_extraction.py.
"""

import gzip
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import time

PAGES = {}


def load(folder):
    """The pages of `folder`, `(id, html)`, decoded, in name order."""
    names = sorted(n for n in os.listdir(folder) if n.endswith(".html.gz"))
    pages = []
    for n in names:
        with gzip.open(os.path.join(folder, n), "rt", encoding="utf-8", errors="replace") as f:
            pages.append((n.split(".")[0], f.read()))
    return pages


def worker_init(folder):
    """A worker process: trafilatura imported and the pages decoded before any timing."""
    global PAGES
    import trafilatura  # noqa: F401  (imported here: import time is not extraction time)

    PAGES = dict(load(folder))


def worker_extract(page_id):
    import trafilatura

    cpu0 = time.process_time()
    body = trafilatura.extract(PAGES[page_id]) or ""
    return page_id, body, time.process_time() - cpu0


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def cpu_self():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def time_newsdex(binary, folder, threads):
    args = [binary, "parse"] + (["--threads", str(threads)] if threads else []) + [folder]
    cpu0, t0 = cpu_children(), time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0, cpu_children() - cpu0


def time_trafilatura(pages):
    import trafilatura

    cpu0, t0 = cpu_self(), time.perf_counter()
    bodies = {page_id: trafilatura.extract(html) or "" for page_id, html in pages}
    return time.perf_counter() - t0, cpu_self() - cpu0, bodies


def time_trafilatura_pool(pool, ids):
    t0 = time.perf_counter()
    done = list(pool.imap_unordered(worker_extract, ids, chunksize=1))
    wall = time.perf_counter() - t0
    return wall, sum(cpu for _, _, cpu in done), {page_id: body for page_id, body, _ in done}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, folder = sys.argv[1], sys.argv[2]
    out = sys.argv[sys.argv.index("--out-trafilatura") + 1] if "--out-trafilatura" in sys.argv else None
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    pages = load(folder)
    ids = [page_id for page_id, _ in pages]
    n = len(pages)
    import trafilatura

    pool = multiprocessing.Pool(2, initializer=worker_init, initargs=(folder,))
    # Both workers started and warm before the first timed round.
    list(pool.map(worker_extract, ids[:2], chunksize=1))

    contenders = [
        "newsdex parse (default threads)",
        "newsdex parse --threads 1",
        "trafilatura, 1 process",
        "trafilatura, 2 processes",
    ]
    walls = {c: [] for c in contenders}
    cpus = {c: [] for c in contenders}
    bodies = {}
    for r in range(runs):
        for c in contenders:
            if c.startswith("newsdex"):
                wall, cpu = time_newsdex(binary, folder, None if "default" in c else 1)
            elif c.endswith("1 process"):
                wall, cpu, bodies = time_trafilatura(pages)
            else:
                wall, cpu, pooled = time_trafilatura_pool(pool, ids)
                assert pooled == bodies, "trafilatura's workers extracted other text"
            walls[c].append(wall)
            cpus[c].append(cpu)
            loadavg = os.getloadavg()[0]
            print(
                f"round {r + 1}  {c:34} wall {wall:6.2f} s  {n / wall:7.1f} pages/s"
                f"   cpu {cpu:6.2f} s  {n / cpu:7.1f} pages/cpu-s   load {loadavg:.1f}",
                flush=True,
            )
    pool.close()
    pool.join()

    print(f"\npages {n}, rounds {runs}, medians (trafilatura {trafilatura.__version__}, cores {os.cpu_count()})")
    medians = {c: statistics.median(walls[c]) for c in contenders}
    for c in contenders:
        cpu = statistics.median(cpus[c])
        print(f"{c:34} wall {medians[c]:6.2f} s  {n / medians[c]:7.1f} pages/s   cpu {cpu:6.2f} s  {n / cpu:7.1f} pages/cpu-s")
    best = medians[contenders[0]]
    for c in contenders[2:]:
        print(f"newsdex (default threads) / {c}: {medians[c] / best:.1f}x the pages per second")
    if out:
        import json

        with open(out, "w", encoding="utf-8") as f:
            json.dump({k: {"articleBody": v} for k, v in bodies.items()}, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
