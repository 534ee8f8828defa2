"""Triples an importer made, staged and checked as any loaded file's are.

Examples
--------
>>> from rdflib import Literal, URIRef
>>> from rdflib.namespace import RDF, RDFS
>>> from stsm_graph.vocabulary.namespace import STSM
>>> s = URIRef("urn:x:s")
>>> len(stage(iter([(s, RDF.type, STSM.StandardService), (s, RDFS.label, Literal("S"))]), "x"))
2
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib.term import Node

from stsm_graph.common.terms import to_ox
from stsm_graph.ingest.checks import check
from stsm_graph.stores.staging import Staging

__all__ = ["Triple", "stage"]

Triple = tuple[Node, Node, Node]
#: triples staged at a time: the store takes a batch in one call, the batch is then dropped
BATCH = 20_000


def stage(triples: Iterator[Triple], source: str) -> Staging:
    """Stage the triples batch by batch, then check them (:func:`stsm_graph.ingest.checks.check`).

    Raises
    ------
    InputError
        What the checks of a loaded file refuse (an unknown ``stsm:`` term, a control
        character in a text, ...), naming ``source``.
    """
    store = ox.Store()
    batch: list[ox.Quad] = []
    graph = ox.DefaultGraph()
    for s, p, o in triples:
        batch.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph))
        if len(batch) >= BATCH:
            store.extend(batch)
            batch = []
    store.extend(batch)
    check(store, source=source)
    return Staging(store)
