"""The packaged vocabulary as data: its graph, its terms, and its declared link directions.

Examples
--------
>>> from stsm_graph.namespace import STSM
>>> link_directions()[STSM.deliveredBy] == STSM.ObjectToSubject
True
>>> "StandardService" in known_terms()
True
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from stsm_graph.namespace import STSM
from stsm_graph.resources import ontology_text

__all__ = ["known_terms", "link_directions", "ontology_graph", "shapes_graph", "subclass_graph"]


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """Return the parsed ``stsm.ttl`` (cached; do not modify it)."""
    g = Graph()
    g.parse(data=ontology_text("stsm.ttl"), format="turtle")
    return g


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """Return the parsed ``shapes.ttl`` (cached; do not modify it)."""
    g = Graph()
    g.parse(data=ontology_text("shapes.ttl"), format="turtle")
    return g


@lru_cache(maxsize=1)
def subclass_graph() -> Graph:
    """Return the ontology's ``rdfs:subClassOf`` triples alone."""
    g = Graph()
    for s, o in ontology_graph().subject_objects(RDFS.subClassOf):
        g.add((s, RDFS.subClassOf, o))
    return g


@lru_cache(maxsize=1)
def known_terms() -> frozenset[str]:
    """Return the local names of every term the vocabulary defines."""
    return frozenset(name for name in STSM.__annotations__ if not name.startswith("_"))


@lru_cache(maxsize=1)
def link_directions() -> dict[URIRef, URIRef]:
    """Return each core link property mapped to its declared propagation direction."""
    g = ontology_graph()
    return {
        p: d
        for p, d in g.subject_objects(STSM.changePropagation)
        if isinstance(p, URIRef) and isinstance(d, URIRef)
    }
