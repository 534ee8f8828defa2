"""A change review against running ``analyze`` twice (issue 20's speed target: within 2x at 1M).

Makes a 100-entity change to a generated portfolio (40 services retired, 30 level targets
set to 0, 30 needs relabelled), opens both versions in embedded Oxigraph, and times
``analyze`` on each, :func:`~stsm_graph.analysis.diff` and
:func:`~stsm_graph.analysis.review` (warm; three rounds, the three taking turns in each), each
as its shortest wall time and its shortest CPU time of the process (``time.process_time``: on
a loaded machine the wall time counts other programs' turns too), with the load average at
the end.

Usage::

    python bench/generate.py --size 1m --seed 42 --out /tmp/p1m.nt
    python bench/review_speed.py /tmp/p1m.nt
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from stsm_graph import Portfolio, analysis

EX = "https://example.org/bench/"
STATUS = "<https://w3id.org/stsm#status>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def changed_copy(text: str) -> str:
    """Return the N-Triples ``text`` with 100 entities changed."""
    retired = {f"<{EX}svc/{i}>" for i in range(1, 800, 20)}
    kept = [
        line
        for line in text.splitlines()
        if not (line.split(" ", 2)[1:2] == [STATUS] and line.split(" ", 1)[0] in retired)
    ]
    text = "\n".join(kept) + "\n"
    for i in range(1, 31):
        target = rf'(<{EX}level/{i}> <https://w3id.org/stsm#targetValue> )"[^"]*"'
        text = re.sub(target, r'\g<1>"0"', text, count=1)
        need = f'<{EX}need/{i}> {LABEL} "'
        text = text.replace(need, need + "Renamed ", 1)
    extra = [f"{s} {STATUS} <https://w3id.org/stsm#Retired> ." for s in sorted(retired)]
    return text + "\n".join(extra) + "\n"


#: a step to time: its name and the call
Step = tuple[str, Callable[[], object]]


def timed(f: Callable[[], object]) -> tuple[float, float]:
    """Return the wall and CPU time of one call of ``f``."""
    wall, cpu = time.perf_counter(), time.process_time()
    f()
    return time.perf_counter() - wall, time.process_time() - cpu


def best(steps: list[Step], rounds: int = 3) -> dict[str, tuple[float, float]]:
    """Return each step's fastest wall time and fastest CPU time over ``rounds`` rounds.

    The steps take turns within each round: on a shared machine the load changes from minute
    to minute, and timing each step's calls back to back would compare different loads.
    """
    times: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in steps}
    for _ in range(rounds):
        for name, f in steps:
            times[name].append(timed(f))
    return {n: (min(w for w, _ in t), min(c for _, c in t)) for n, t in times.items()}


def main(path: str) -> str:
    """Return one line: the change's size, the times of analyze twice, diff and review, the load."""
    with tempfile.TemporaryDirectory(prefix="stsm-review-") as tmp:
        new_path = Path(tmp) / "new.nt"
        new_path.write_text(changed_copy(Path(path).read_text("utf-8")), "utf-8")
        old, new = Portfolio.open(path), Portfolio.open(new_path)
    analysis.analyze(old)
    analysis.analyze(new)
    changes = analysis.diff(old, new)
    t = best(
        [
            ("twice", lambda: (analysis.analyze(old), analysis.analyze(new))),
            ("diff", lambda: analysis.diff(old, new)),
            ("review", lambda: analysis.review(old, new)),
        ]
    )
    n = len(changes.added) + len(changes.removed) + len(changes.changed)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    (tw, tc), (dw, dc), (rw, rc) = t["twice"], t["diff"], t["review"]
    return (
        f"{n} entities changed; wall (CPU): analyze twice {tw:.2f} s ({tc:.2f} s); "
        f"diff {dw:.2f} s ({dc:.2f} s); review {rw:.2f} s ({rc:.2f} s); "
        f"review / analyze twice {rw / tw:.2f}x ({rc / tc:.2f}x CPU); load average {load}"
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(main(sys.argv[1]))
