"""Validation engines side by side on one portfolio: time and whether their results agree.

Usage: ``python bench/validate_candidates.py PORTFOLIO.nt [--engines pyshacl,turbo,rudof,sparql]``

Each engine validates the same N-Triples file against the packaged shapes (with the ontology's
subclass triples, as ``validate`` does) and reports its time and its results as a set of
(severity, focus node, path, message, value). The first engine's set is the reference; every
other engine is said to agree or not, with the count of results each side alone has.

- ``pyshacl``: today's ``validate`` (rdflib graph, pyshacl); the time of parsing the file into
  rdflib is shown apart.
- ``turbo``: pyshacl-turbo (a Rust engine with pyshacl's API), on the same rdflib graph.
- ``rudof``: pyrudof (rudof's Rust SHACL engine), from the file.
- ``sparql``: the shapes compiled to SPARQL, run on an embedded Oxigraph store
  (:func:`stsm_graph.validate_store`); the time of loading the store is shown apart.

pyshacl-turbo and pyrudof are not dependencies of stsm-graph: install them to measure them
(``pip install pyshacl-turbo pyrudof``); an engine that is not installed is skipped.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from stsm_graph.vocabulary.graph import shapes_graph, subclass_graph

Row = tuple[str, str, str, str, str]
_SEV = {str(SH.Violation): "violation", str(SH.Warning): "warning", str(SH.Info): "info"}


def _rows_from_report_graph(results: Graph) -> set[Row]:
    rows: set[Row] = set()
    for r in results.subjects(None, SH.ValidationResult):
        path = results.value(r, SH.resultPath)
        text = ""
        if isinstance(path, URIRef):
            text = str(path)
        elif path is not None:
            text = f"^{results.value(path, SH.inversePath)}"
        value = results.value(r, SH.value)
        rows.add(
            (
                _SEV.get(str(results.value(r, SH.resultSeverity)), "violation"),
                str(results.value(r, SH.focusNode)),
                text,
                str(results.value(r, SH.resultMessage) or ""),
                "" if value is None else str(value),
            )
        )
    return rows


def _rdflib_graph(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format="nt")
    g += subclass_graph()
    return g


def _pyshacl_api(validate: Any, path: Path) -> tuple[set[Row], str]:
    """Validate with an engine that takes pyshacl's ``validate`` arguments on an rdflib graph."""
    start = time.perf_counter()
    g = _rdflib_graph(path)
    parsed = time.perf_counter() - start
    _c, results, _t = validate(g, shacl_graph=shapes_graph(), inference="none", allow_warnings=True)
    assert isinstance(results, Graph)
    return _rows_from_report_graph(results), f"rdflib parse {parsed:.1f} s"


def run_pyshacl(path: Path) -> tuple[set[Row], str]:
    from pyshacl import validate

    return _pyshacl_api(validate, path)


def run_turbo(path: Path) -> tuple[set[Row], str]:
    from pyshacl_turbo import validate

    return _pyshacl_api(validate, path)


def run_rudof(path: Path) -> tuple[set[Row], str]:
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    start = time.perf_counter()
    rudof.read_data(str(path), format=pyrudof.RDFFormat.NTriples)
    rudof.read_data(subclass_graph().serialize(format="nt"), pyrudof.RDFFormat.NTriples, merge=True)
    parsed = time.perf_counter() - start
    rudof.read_shacl(shapes_graph().serialize(format="turtle"))
    report = rudof.validate_shacl()
    rows: set[Row] = set()
    for e in report:
        rows.add(
            (
                str(e.severity).lower().rsplit("#", 1)[-1].rsplit(".", 1)[-1],
                str(e.focus_node).strip("<>"),
                str(e.path or "").strip("<>"),
                str(e.message or ""),
                str(e.value or "").strip("<>"),
            )
        )
    return rows, f"load {parsed:.1f} s"


def run_sparql(path: Path) -> tuple[set[Row], str]:
    from stsm_graph import Portfolio
    from stsm_graph.ingest.store_validation import validate_store

    start = time.perf_counter()
    p = Portfolio.open(path, store="oxigraph")
    loaded = time.perf_counter() - start
    report = validate_store(p.store)
    rows = {
        (r.severity, r.focus_node, r.path or "", r.message, r.value or "") for r in report.results
    }
    return rows, f"store load {loaded:.1f} s"


ENGINES: dict[str, Callable[[Path], tuple[set[Row], str]]] = {
    "pyshacl": run_pyshacl,
    "turbo": run_turbo,
    "rudof": run_rudof,
    "sparql": run_sparql,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("portfolio", type=Path)
    parser.add_argument("--engines", default="pyshacl,turbo,rudof,sparql")
    args = parser.parse_args()
    reference: set[Row] | None = None
    for name in args.engines.split(","):
        start = time.perf_counter()
        try:
            rows, note = ENGINES[name](args.portfolio)
        except ImportError as exc:
            print(f"{name}: not installed ({exc})")
            continue
        took = time.perf_counter() - start
        agree = ""
        if reference is None:
            reference = rows
        else:
            agree = (
                "agrees"
                if rows == reference
                else (f"differs: {len(reference - rows)} missing, {len(rows - reference)} extra")
            )
        print(f"{name}: {took:.1f} s in all ({note}); {len(rows)} results {agree}", flush=True)


if __name__ == "__main__":
    main()
