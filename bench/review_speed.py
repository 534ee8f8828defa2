"""A change review against running ``analyze`` twice (issue 20's speed target: within 2x at 1M).

Makes a 100-entity change to a generated portfolio (40 services retired, 30 level targets
set to 0, 30 needs relabelled), opens both versions in embedded Oxigraph, and times
``analyze`` on each, :func:`~stsm_graph.analysis.diff` and
:func:`~stsm_graph.analysis.review` (wall time, best of 2, warm).

Usage::

    python bench/generate.py --size 1m --seed 42 --out /tmp/p1m.nt
    python bench/review_speed.py /tmp/p1m.nt
"""

from __future__ import annotations

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


def best(f: Callable[[], object], n: int = 2) -> float:
    """Return the shortest wall time of ``n`` calls of ``f``."""
    times = []
    for _ in range(n):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def main(path: str) -> str:
    """Return one line: the change's size, and the times of analyze twice, diff and review."""
    with tempfile.TemporaryDirectory(prefix="stsm-review-") as tmp:
        new_path = Path(tmp) / "new.nt"
        new_path.write_text(changed_copy(Path(path).read_text("utf-8")), "utf-8")
        old, new = Portfolio.open(path), Portfolio.open(new_path)
    analysis.analyze(old)
    analysis.analyze(new)
    twice = best(lambda: (analysis.analyze(old), analysis.analyze(new)))
    changes = analysis.diff(old, new)
    diff = best(lambda: analysis.diff(old, new))
    review = best(lambda: analysis.review(old, new))
    n = len(changes.added) + len(changes.removed) + len(changes.changed)
    return (
        f"{n} entities changed; analyze twice {twice:.2f} s; diff {diff:.2f} s; "
        f"review {review:.2f} s; review / analyze twice {review / twice:.2f}x"
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(main(sys.argv[1]))
