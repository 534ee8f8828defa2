"""The report command's time by stage: where ``stsm-graph report`` spends it.

Runs in a fresh process per portfolio (so the imports count, as they do for a user), what
``stsm-graph report`` runs: importing the command line, reading the file, then each stage
of :func:`stsm_graph.cli.handout.report_files` (the analyses, the matrices and their files,
the pictures, the labels, the page), and writing the folder. Prints the CPU time
(``time.process_time``) and the wall time of each stage, and the machine's load average:
on a shared machine the CPU time is the better guide.

Usage::

    python bench/generate.py --size 100k --seed 42 --out /tmp/p100k.nt
    python bench/report_stages.py /tmp/p100k.nt /tmp/p1m.nt
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

CHILD = r"""
import json, sys, tempfile, time
from pathlib import Path
t0, w0 = time.process_time(), time.perf_counter()
times = []
def done(stage):
    global t0, w0
    t, w = time.process_time(), time.perf_counter()
    times.append((stage, t - t0, w - w0))
    t0, w0 = t, w
from stsm_graph.cli import main as _cli
from stsm_graph.cli.handout import report_files
from stsm_graph.common.folders import write_folder_atomically
done("import")
from stsm_graph.portfolio import Portfolio
p = Portfolio.open(sys.argv[1])
done("read")
report, files = report_files(p, title="bench", source=sys.argv[1], on_step=done)
with tempfile.TemporaryDirectory() as tmp:
    write_folder_atomically(Path(tmp) / "r", files)
    done("write")
print(json.dumps(times))
"""


def main(paths: list[str]) -> None:
    """Print each portfolio's stages: CPU and wall seconds."""
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for path in paths:
        run = subprocess.run(
            [sys.executable, "-c", CHILD, path], check=True, capture_output=True, text=True
        )
        times = json.loads(run.stdout)
        print(f"{os.path.basename(path)}: stage, CPU s, wall s")
        for stage, cpu, wall in times:
            print(f"  {stage:<14}{cpu:7.2f}{wall:8.2f}")
        total_cpu = sum(t[1] for t in times)
        total_wall = sum(t[2] for t in times)
        print(f"  {'total':<14}{total_cpu:7.2f}{total_wall:8.2f}")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main(sys.argv[1:])
