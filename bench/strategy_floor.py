"""Time ``analysis.strategy`` against the same questions asked of pyoxigraph directly.

The floor runs the packaged queries ``strategy`` asks (read from ``ontology/queries/``, so the
question is the same SPARQL) on a ``pyoxigraph.Store`` holding the same file, and reads every
term of every row; the library's time is ``strategy(p)`` on a portfolio in embedded Oxigraph
(loading not counted in either). Best of ``--repeat`` runs each.

    python bench/generate.py --size 100k --out /tmp/p100k.nt
    python bench/strategy_floor.py /tmp/p100k.nt
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from pathlib import Path

import pyoxigraph as ox

from stsm_graph import Portfolio
from stsm_graph.analysis import strategy

QUERIES = Path(__file__).resolve().parents[1] / "ontology" / "queries"
#: what strategy() asks: its six queries, and coverage's need facts for the stakeholder view
ASKED = (
    "service_demand",
    "service_measurements",
    "shared_needs",
    "capability_fit",
    "unevidenced",
    "stakeholder_levels",
    "need_coverage",
    "gap_candidates",
)


def floor(store: ox.Store) -> int:
    """Ask every question once; return the number of rows read."""
    n = 0
    for name in ASKED:
        for solution in store.query((QUERIES / f"{name}.rq").read_text("utf-8")):  # type: ignore[union-attr]
            n += sum(1 for term in solution if term is not None and term.value is not None)
    return n


def best(func: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("portfolio")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    store = ox.Store()
    store.bulk_load(path=args.portfolio, format=ox.RdfFormat.N_TRIPLES)
    p = Portfolio.open(args.portfolio, store="oxigraph")
    library = best(lambda: strategy(p, usage_below=10, satisfaction_below=3), args.repeat)
    engine = best(lambda: floor(store), args.repeat)
    print(
        json.dumps(
            {
                "triples": len(store),
                "strategy_s": round(library, 3),
                "pyoxigraph_same_queries_s": round(engine, 3),
                "ratio": round(library / engine, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
