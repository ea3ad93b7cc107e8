#!/usr/bin/env python3
"""Wall time of one command line run by several binaries, each run either
straight after the previous one ("back to back", as hyperfine runs them)
or after a pause (as a user runs a tool: after a while of doing something
else).

Usage:
  bench_after_pause.py RUNS PAUSE_S LABEL@BINARY [LABEL@BINARY ...] -- ARGS...

LABEL may carry environment settings for that binary, comma-separated:
`nothp,MIMALLOC_ALLOW_THP=0@/tmp/newsdex` runs /tmp/newsdex with
MIMALLOC_ALLOW_THP=0 and calls it "nothp". The binaries take turns;
each run's output is captured (piped, as bench_warc_speed.py does) and
thrown away; medians and every run are printed.

Why: on this project's VM (Firecracker, free page reporting to the host at
order 11), memory a process frees goes back to the host after about two
seconds, and the next process to take it as a 2 MiB transparent huge page
waits for the host to fault it in again. Back to back, a run reuses the
pages the previous one freed and does not pay that.
"""

import os
import statistics
import subprocess
import sys
import time


def main():
    if "--" not in sys.argv or len(sys.argv) < 5:
        sys.exit(__doc__)
    split = sys.argv.index("--")
    runs, pause = int(sys.argv[1]), float(sys.argv[2])
    specs, args = sys.argv[3:split], sys.argv[split + 1 :]
    contenders = []
    for spec in specs:
        label, binary = spec.split("@", 1)
        env = dict(os.environ)
        settings = label.split(",")
        for kv in settings[1:]:
            key, value = kv.split("=", 1)
            env[key] = value
        contenders.append((settings[0], binary, env))
    times = {label: [] for label, _, _ in contenders}
    for _ in range(runs):
        for label, binary, env in contenders:
            time.sleep(pause)
            t0 = time.perf_counter()
            subprocess.run([binary, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, check=False)
            times[label].append(time.perf_counter() - t0)
    print(f"{' '.join(args)}: {runs} runs each, alternating, {pause} s pause before each")
    for label, ts in times.items():
        print(f"{label:24} median {statistics.median(ts) * 1000:8.1f} ms   runs {[round(t * 1000) for t in ts]}")


if __name__ == "__main__":
    main()
