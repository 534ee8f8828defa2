"""rdflib's in-memory store, evaluated by rdflib's SPARQL engine.

Slower than Oxigraph on large portfolios, but pure Python and shared with pyshacl; what it
runs slowly it answers another way inside itself (:meth:`MemoryStore.narrow`,
:meth:`MemoryStore.step`), never through a flag an analysis reads.

Examples
--------
>>> store = MemoryStore()
>>> store.kind
'memory'
>>> len(store)
0
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.sparql import prepareQuery, prepareUpdate
from rdflib.plugins.sparql.sparql import Query as RdflibQuery
from rdflib.term import Node

from stsm_graph.errors import QueryError, UnsupportedFormatError
from stsm_graph.stores.base import Reach, Rows, Store, mask_sparql
from stsm_graph.stores.rdflib_eval import use_for
from stsm_graph.stores.staging import Staging, Triple

__all__ = ["MemoryStore"]

#: a grouping or an aggregate, which rdflib's engine runs slowly over a join
_GROUPS = re.compile(r"\bGROUP\s+BY\b|\bHAVING\b", re.IGNORECASE)


@lru_cache(maxsize=256)
def _prepared(sparql: str) -> RdflibQuery:
    try:
        return prepareQuery(sparql)
    except Exception as exc:  # rdflib raises pyparsing errors and others
        raise QueryError(f"SPARQL syntax error: {exc}") from exc


class MemoryStore(Store):
    """rdflib's own in-memory store, evaluated by rdflib's SPARQL engine.

    Slower than Oxigraph on large portfolios, but pure Python and shared with pyshacl.
    """

    kind = "memory"

    def __init__(self, graph: Graph | None = None) -> None:
        self.graph = graph if graph is not None else Graph()

    def _run(self, sparql: str, bindings: Mapping[str, Node] | None) -> Any:
        query = _prepared(sparql)
        use_for(self.graph)  # MINUS by hash lookups, patterns ordered as they bind (see there)
        try:
            init: dict[str, Any] = dict(bindings or {})
            return self.graph.query(query, initBindings=init)
        except QueryError:
            raise
        except Exception as exc:
            raise QueryError(f"SPARQL evaluation failed: {exc}") from exc

    def select(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Rows:
        """Run a ``SELECT`` query."""
        result = self._run(sparql, bindings)
        names = tuple(str(v) for v in (result.vars or []))
        missing = [k for k in (bindings or {}) if k not in names]
        if missing:  # Oxigraph's substitution rule, kept here so both stores agree
            raise QueryError(
                f"the SPARQL query does not contain variable ?{missing[0]} in its SELECT "
                "projection; a bound variable must also appear in the SELECT clause"
            )
        return Rows(names, [tuple(row) for row in result])

    def ask(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ``ASK`` query."""
        return bool(self._run(sparql, bindings).askAnswer)

    def construct(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a ``CONSTRUCT`` query."""
        out = Graph()
        for triple in self._run(sparql, bindings):
            out.add(triple)
        return out

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update."""
        use_for(self.graph)
        try:
            self.graph.update(prepareUpdate(sparql))
        except Exception as exc:
            raise QueryError(f"SPARQL update failed: {exc}") from exc

    def narrow(self, sparql: str, wider: str) -> list[tuple[str | None, ...]]:
        """Answer ``wider`` where ``sparql`` groups or aggregates (see :meth:`Store.narrow`).

        rdflib's engine runs a ``GROUP BY`` over joins slowly: ``gap_candidates.rq`` takes
        49 s at 100k triples, where its wider ``addressed_needs_with_levels.rq`` takes 1 s.

        Examples
        --------
        >>> store = MemoryStore()
        >>> store.update("INSERT DATA { <urn:a> <urn:p> 1 . <urn:b> <urn:p> 2 }")
        >>> sorted(store.narrow("SELECT ?s { ?s <urn:p> ?o } GROUP BY ?s HAVING (MAX(?o) > 1)",
        ...                     "SELECT ?s { ?s <urn:p> ?o }"))
        [('urn:a',), ('urn:b',)]
        """
        return self.select_text(wider if _GROUPS.search(mask_sparql(sparql)) else sparql)

    def add_from(self, staging: Staging) -> None:
        """Add the triples of a staging area."""
        g = self.graph
        g.addN((s, p, o, g) for s, p, o in staging.triples())

    def replace_from(self, staging: Staging) -> None:
        """Replace the graph's triples (the same ``Graph`` object) with a staging area's.

        The new triples are read in full before the old ones are removed, so a failure to
        read them leaves the graph as it was.
        """
        g = self.graph
        new = [(s, p, o, g) for s, p, o in staging.triples()]
        g.remove((None, None, None))
        g.addN(new)

    def add_triples(self, triples: Iterable[Triple]) -> None:
        """Add rdflib triples."""
        g = self.graph
        g.addN((s, p, o, g) for s, p, o in triples)

    def remove_triples(self, triples: Iterable[Triple]) -> None:
        """Remove rdflib triples."""
        for t in list(triples):
            self.graph.remove(t)

    def serialize(self, fmt: str, prefixes: Mapping[str, str]) -> bytes:
        """Serialise the graph."""
        for prefix, ns in prefixes.items():
            self.graph.bind(prefix, ns, override=True)
        name = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld"}.get(fmt)
        if name is None:
            raise UnsupportedFormatError(f"cannot write format {fmt!r}")
        data = self.graph.serialize(format=name, encoding="utf-8")
        return data if isinstance(data, bytes) else data.encode()

    def to_rdflib(self) -> Graph:
        """Return the live rdflib graph (not a copy)."""
        return self.graph

    def step(
        self, nodes: Sequence[str], backward: Sequence[URIRef], forward: Sequence[URIRef]
    ) -> Reach:
        """One level of the walk (:meth:`Store.step`) by rdflib's own indexes.

        rdflib's SPARQL engine joins a ``VALUES`` block with a triple pattern by scanning the
        whole pattern first, so the walk would cost the size of the graph at every step; an
        index lookup per frontier node costs only what the walk touches.
        """
        g = self.graph
        back, fwd = set(backward), set(forward)
        found: list[tuple[str, str, str]] = []
        for node in map(URIRef, nodes):
            if back:
                found.extend(
                    (str(node), str(p), str(s))
                    for s, p in g.subject_predicates(node)
                    if p in back and isinstance(s, URIRef)
                )
            if fwd:
                found.extend(
                    (str(node), str(p), str(o))
                    for p, o in g.predicate_objects(node)
                    if p in fwd and isinstance(o, URIRef)
                )
        return Reach(found, self.describe(nodes))

    def describe(self, nodes: Sequence[str]) -> list[tuple[str, str | None, str | None]]:
        """Return ``(node, class, label)`` rows for ``nodes`` by rdflib's indexes."""
        g = self.graph
        out: list[tuple[str, str | None, str | None]] = []
        for node in map(URIRef, nodes):
            types = [str(t) for t in g.objects(node, RDF.type) if isinstance(t, URIRef)]
            labels = [str(lbl) for lbl in g.objects(node, RDFS.label)]
            out.append((str(node), None, None))
            out.extend((str(node), t, None) for t in types)
            out.extend((str(node), None, lbl) for lbl in labels)
        return out

    def copy(self) -> MemoryStore:
        """Return an independent copy."""
        g = Graph()
        g.addN((s, p, o, g) for s, p, o in self.graph)
        return MemoryStore(g)

    def __len__(self) -> int:
        return len(self.graph)
