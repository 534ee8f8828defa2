"""The report command's speed (issue 19's target: 100k triples under 5 s, 1M under 30 s).

Runs ``stsm-graph report PORTFOLIO -o DIR`` in a fresh process per portfolio, as a user
does (start-up, reading the file, every analysis, the page and the files, the atomic write),
and prints the wall time, the CPU time and the peak memory, with the machine's load.

Usage::

    python bench/generate.py --size 100k --seed 42 --out /tmp/p100k.nt
    python bench/report.py /tmp/p100k.nt /tmp/p1m.nt
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main(paths: list[str]) -> None:
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for path in paths:
        with tempfile.TemporaryDirectory() as tmp:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "stsm_graph.cli", "report", path, "-o", f"{tmp}/r"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            size = sum(f.stat().st_size for f in Path(tmp, "r").iterdir())
            print(
                f"{Path(path).name}: {wall:.1f} s wall, {cpu:.1f} s CPU, "
                f"peak {after.ru_maxrss / 1024:.0f} MB, {size / 1e6:.1f} MB written"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
