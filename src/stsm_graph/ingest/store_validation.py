"""Validation where the data is: the shapes compiled to SPARQL and run by the store.

:func:`validate_store` gives the report pyshacl gives (:func:`~stsm_graph.ingest.validation.
validate_graph`), on any store, without copying the graph into rdflib: each constraint is one
query (:mod:`stsm_graph.ingest.shape_queries`), and a store that pays a round trip per query
(a SPARQL server) is handed them all at once. Shapes that the compiler does not translate are
validated by pyshacl instead, on the store's graph; so is rdflib's own store (``memory``), where
pyshacl reads the graph directly and rdflib's SPARQL engine would be slower (docs/design.md,
"Validation at scale").

Examples
--------
>>> from stsm_graph.stores.oxigraph import OxigraphStore
>>> store = OxigraphStore()
>>> store.update('''INSERT DATA { <urn:x:s> a <https://w3id.org/stsm#StandardService> ;
...     <https://w3id.org/stsm#status> <https://w3id.org/stsm#Retired> }''')
>>> [r.message for r in validate_store(store).results]
['Every instance needs a name: at least one rdfs:label.']
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rdflib.namespace import RDFS

from stsm_graph.ingest.shape_queries import Check, NotCompiled, compile_shapes
from stsm_graph.ingest.validation import (
    ValidationReport,
    ValidationResult,
    report_of,
    validate_graph,
)
from stsm_graph.stores.base import Store
from stsm_graph.vocabulary.graph import shapes_graph, subclass_graph

__all__ = ["run_checks", "validate_store"]

_SUBCLASSES = f"SELECT ?s ?o WHERE {{ ?s <{RDFS.subClassOf}> ?o }}"


@lru_cache(maxsize=8)
def _checks(extra: tuple[tuple[str, str], ...], warnings: bool) -> tuple[Check, ...]:
    """Return the packaged shapes' checks, with the data's own subclasses too (cached)."""
    known = [(str(s), str(o)) for s, _p, o in subclass_graph()]
    return compile_shapes(shapes_graph(), known + list(extra), warnings=warnings)


def validate_store(store: Store, *, warnings: bool = True) -> ValidationReport:
    """Validate a store's graph against the packaged shapes, by SPARQL on the store.

    The same report as :func:`~stsm_graph.ingest.validation.validate_graph` of the store's
    graph (``tests/test_shape_queries.py``), in a fraction of its time.

    Parameters
    ----------
    store
        Any store: its graph is read, never written. rdflib's own store is handed to pyshacl.
    warnings
        With ``False``, the warning shapes (completeness) are not checked.

    Returns
    -------
    ValidationReport
        Each result once, violations first, then by focus node.

    Raises
    ------
    StoreError
        If the store refuses or fails a check's query (the server's message, as for any
        query): the checks are standard SPARQL 1.1 that every server tested answers
        (docs/servers.md), so a refusal is reported, not hidden behind pyshacl.
    """
    if not store.to_rdflib_copies:  # rdflib's own graph: pyshacl reads it faster than rdflib's
        return _by_pyshacl(store, warnings)  # SPARQL engine answers a hundred queries
    extra = tuple(sorted((s, o) for s, o in store.select_text(_SUBCLASSES) if s and o))
    try:
        checks = _checks(extra, warnings)
    except NotCompiled:  # a shape outside what compiles: pyshacl sees the whole graph
        return _by_pyshacl(store, warnings)
    return run_checks(store, checks)


def _by_pyshacl(store: Store, warnings: bool) -> ValidationReport:
    graph = store.to_rdflib()
    # a graph made for this call is validated as it is; a store's live graph is copied
    return validate_graph(graph, copy=not store.to_rdflib_copies, warnings=warnings)


def run_checks(store: Store, checks: Iterable[Check]) -> ValidationReport:
    """Run compiled checks on a store and return their report.

    Examples
    --------
    >>> from rdflib import Graph
    >>> from stsm_graph.stores.memory import MemoryStore
    >>> shapes = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...     <urn:x:S> sh:targetSubjectsOf <urn:x:p> ; sh:property [ sh:path <urn:x:p> ;
    ...         sh:nodeKind sh:IRI ; sh:message "an IRI" ] .''')
    >>> store = MemoryStore()
    >>> store.update('INSERT DATA { <urn:x:a> <urn:x:p> "text" }')
    >>> [(r.focus_node, r.value) for r in run_checks(store, compile_shapes(shapes, ())).results]
    [('urn:x:a', 'text')]
    """
    checks = tuple(checks)
    found: list[ValidationResult] = []
    with store.prefetching([(c.query, None) for c in checks if c.recheck is None]):
        for check in checks:
            found += _results(store, check)
    return report_of(found)


def _results(store: Store, check: Check) -> list[ValidationResult]:
    """Return one check's results: its rows, less the candidates that conform after all."""
    rows: list[tuple[str, str | None]] = []
    if check.recheck is None:
        for row in store.select_text(check.query):
            rows.append((str(row[0]), row[1] if check.per_value else None))
    else:  # a literal check: the terms themselves, few rows, each checked as pyshacl does
        for focus, *rest in store.select(check.query):
            term = rest[0] if check.per_value else focus
            if term is not None and not check.recheck(term):
                rows.append((str(focus), str(term) if check.per_value else None))
    return [
        ValidationResult(
            severity=check.severity,
            focus_node=focus,
            path=check.path,
            message=message,
            value=focus if check.value_is_focus else value,
            constraint=check.constraint,
            shape=check.shape,
        )
        for focus, value in rows
        for message in check.messages
    ]
