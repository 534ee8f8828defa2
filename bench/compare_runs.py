"""Compare the ratios to the floor of two versions' ``bench/run.py`` tables, run in turn.

Each version runs ``bench/run.py`` from its own worktree (its library, the same floor code),
the two in turn, so that both meet the same minutes of the machine; this reads the Markdown
tables those runs print (or write to ``bench/out/results-<date>.md``) and gives, per size and
step, each run's "x floor" ratio and after / before of their means.

Usage (from the repository root)::

    git worktree add --detach /tmp/before <commit>
    git worktree add --detach /tmp/after HEAD
    for round in 1 2; do for side in before after; do
      (cd /tmp/$side && PYTHONPATH=src python bench/run.py --sizes 10k,100k \\
         --skip-rdflib-above 1 > /tmp/$side-$round.txt)
    done; done
    python bench/compare_runs.py --before /tmp/before-1.txt /tmp/before-2.txt \\
        --after /tmp/after-1.txt /tmp/after-2.txt
"""

from __future__ import annotations

import argparse
import re
import statistics
from pathlib import Path

_SIZE = re.compile(r"### (\S+):")
_RATIO = re.compile(r"([\d.]+)x")


def ratios(text: str) -> dict[tuple[str, str], float]:
    """Return the "x floor" ratio of each (size, step) of one run's tables.

    Examples
    --------
    >>> run = "### 10k: 10 triples\\n| step | a | b | x floor |\\n| load | 2 ms | 1 ms | 2.00x |"
    >>> ratios(run)
    {('10k', 'load'): 2.0}
    """
    out: dict[tuple[str, str], float] = {}
    size = None
    for line in text.splitlines():
        if line.startswith("### Growth"):
            size = None
            continue
        m = _SIZE.match(line)
        if m:
            size = m.group(1)
            continue
        if size is None or not line.startswith("| ") or "x floor" in line:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        found = _RATIO.match(cells[3]) if len(cells) > 3 else None
        if found:
            out[(size, cells[0])] = float(found.group(1))
    return out


def table(
    before: list[dict[tuple[str, str], float]], after: list[dict[tuple[str, str], float]]
) -> str:
    """Return the Markdown table: each run's ratio, and after / before of their means."""
    runs = [*before, *after]
    keys = [k for k in before[0] if all(k in r for r in runs)]
    lines = [
        "| size | step | before, x floor (each run) | after, x floor (each run) | after / before |",
        "|---|---|---|---|---|",
    ]
    for key in keys:
        b, a = [r[key] for r in before], [r[key] for r in after]
        was = statistics.mean(b)
        change = statistics.mean(a) / was if was else float("inf")  # a 0.00x floor ratio
        flag = " **>10%**" if change > 1.10 else ""
        lines.append(
            f"| {key[0]} | {key[1]} | {' / '.join(f'{x:.2f}x' for x in b)} "
            f"| {' / '.join(f'{x:.2f}x' for x in a)} | {change:.2f}{flag} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Print the comparison of the runs named on the command line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--before", nargs="+", required=True, help="the before runs' output")
    ap.add_argument("--after", nargs="+", required=True, help="the after runs' output")
    args = ap.parse_args()
    before = [ratios(Path(p).read_text("utf-8")) for p in args.before]
    after = [ratios(Path(p).read_text("utf-8")) for p in args.after]
    print(table(before, after))


if __name__ == "__main__":
    main()
