"""``analyze`` and ``validate`` on SPARQL servers against the embedded store, same file.

Usage::

    python bench/servers.py /tmp/p1m.nt --server oxigraph=http://127.0.0.1:7878/query \\
        --server virtuoso=http://127.0.0.1:8890/sparql --graph urn:stsm:portfolio

The servers must already hold the file in ``--graph`` (use their bulk loaders:
``oxigraph load --location DIR --file FILE --graph IRI``; Virtuoso's ``ld_dir`` and
``rdf_loader_run()``, see docs/servers.md). Each figure is the best of ``--repeat`` runs, wall
time and this process's CPU time (a server's own work shows in the wall time only). Every
server's ``analyze`` JSON must equal the embedded store's, and so must ``validate``'s results;
the table says where they do not. Prints one Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from stsm_graph import Portfolio
from stsm_graph.analysis import analyze


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Return the best wall and CPU seconds of ``repeat`` calls, and the last answer."""
    walls, cpus, answer = [], [], None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        answer = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus), answer


def measure(p: Portfolio, repeat: int) -> dict[str, Any]:
    """Time ``analyze`` (shapes off, as the command does above its limit) and ``validate``."""
    aw, ac, report = best(lambda: analyze(p, shapes=False), repeat)
    vw, vc, valid = best(p.validate, repeat)
    results = sorted((r.severity, r.focus_node, r.path or "", r.message) for r in valid.results)
    return {
        "analyze": (aw, ac),
        "validate": (vw, vc),
        "json": json.dumps(report.to_json(), sort_keys=True),
        "results": results,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--server", action="append", default=[], metavar="NAME=URL")
    ap.add_argument("--graph", default="urn:stsm:portfolio")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=1200)
    args = ap.parse_args(argv)
    rows: list[tuple[str, dict[str, Any]]] = []
    start = time.perf_counter()
    embedded = Portfolio.open(args.file)
    load = time.perf_counter() - start
    rows.append(("embedded Oxigraph", measure(embedded, args.repeat)))
    del embedded
    for spec in args.server:
        name, _, url = spec.partition("=")
        p = Portfolio.connect(url, graph=args.graph, timeout=args.timeout)
        rows.append((name, measure(p, args.repeat)))
    base = rows[0][1]
    print(f"{args.file}: embedded load {load:.1f} s; load average {os.getloadavg()[0]:.1f}")
    print(
        "| store | analyze wall | analyze CPU | x embedded | validate wall | validate CPU "
        "| x embedded | same answers |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        same = r["json"] == base["json"] and r["results"] == base["results"]
        ratio_a = r["analyze"][0] / base["analyze"][0]
        ratio_v = r["validate"][0] / base["validate"][0]
        print(
            f"| {name} | {r['analyze'][0]:.2f} s | {r['analyze'][1]:.2f} s | {ratio_a:.2f}x "
            f"| {r['validate'][0]:.2f} s | {r['validate'][1]:.2f} s | {ratio_v:.2f}x "
            f"| {'yes' if same else 'NO'} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
