"""Time two versions of the library in turn, on the same machine in the same minutes.

Each version runs in its own process (``PYTHONPATH`` set to its ``src`` folder), the two in
turn, ``ROUNDS`` times; each process opens the 10k and 100k generated portfolios and times
the analyses and the impact of a hub and of a leaf by CPU time (best of 3 to 5 calls). The
table gives the best of all processes for each version, and after / before: the floor is
the same pyoxigraph in both, so that is the change of the ratio to the floor.

Usage (from the repository root)::

    git worktree add --detach /tmp/before <commit>
    python bench/before_after.py /tmp/before/src src [ROUNDS]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
CODE = r"""
import json, sys, time
from stsm_graph import Portfolio, analysis
def best(f, n):
    b = 1e9
    for _ in range(n):
        t = time.process_time(); f(); b = min(b, time.process_time() - t)
    return b
out = {}
for size, path in zip(("10k", "100k"), sys.argv[1:]):
    out[size + " load"] = best(lambda: Portfolio.open(path), 5 if size == "10k" else 3)
    p = Portfolio.open(path)
    analysis.analyze(p)
    for name in ("coverage", "unmet_needs", "partially_met_needs", "orphaned_services",
                 "integrity_findings", "analyze"):
        out[f"{size} {name}"] = best(lambda: getattr(analysis, name)(p), 5)
    for name, node, n in (("hub", "comp/1", 3), ("leaf", "comp/10", 5)):
        iri = "https://example.org/bench/" + node
        out[f"{size} impact {name}"] = best(lambda: analysis.impact(p, iri), n)
print(json.dumps(out))
"""


def main(before: str, after: str, rounds: int = 3) -> str:
    """Return the Markdown table of the two versions' best CPU times and their ratio."""
    with tempfile.TemporaryDirectory(prefix="stsm-ab-") as tmp:
        paths = []
        for size in ("10k", "100k"):
            path = Path(tmp) / f"portfolio-{size}.nt"
            subprocess.run(
                [
                    sys.executable,
                    str(BENCH / "generate.py"),
                    "--size",
                    size,
                    "--seed",
                    "42",
                    "--out",
                    str(path),
                ],
                check=True,
                capture_output=True,
            )
            paths.append(str(path))
        runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
        for _ in range(rounds):
            for name, src in (("before", before), ("after", after)):
                done = subprocess.run(
                    [sys.executable, "-c", CODE, *paths],
                    env={"PYTHONPATH": str(Path(src).resolve()), "PATH": "/usr/bin:/bin"},
                    capture_output=True,
                    text=True,
                    check=True,
                )
                runs[name].append(json.loads(done.stdout))
    lines = ["| step | before | after | after / before |", "|---|---|---|---|"]
    for key in runs["before"][0]:
        b = min(r[key] for r in runs["before"])
        a = min(r[key] for r in runs["after"])
        lines.append(f"| {key} | {b * 1000:.1f} ms | {a * 1000:.1f} ms | {a / b:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) not in (2, 3):
        sys.exit(__doc__)
    print(main(args[0], args[1], int(args[2]) if len(args) == 3 else 3))
