"""The packaged vocabulary as data: its graph, its terms, and its declared link directions.

Examples
--------
>>> from stsm_graph.vocabulary.namespace import STSM
>>> link_directions()[STSM.deliveredBy] == STSM.ObjectToSubject
True
>>> "StandardService" in known_terms()
True
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.resources import ontology_text

__all__ = [
    "known_terms",
    "link_directions",
    "most_specific_class",
    "ontology_graph",
    "portfolio_classes",
    "shapes_graph",
    "subclass_graph",
    "superclasses",
]


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """Return the parsed ``stsm.ttl`` (cached; do not modify it)."""
    g = Graph()
    g.parse(data=ontology_text("stsm.ttl"), format="turtle")
    return g


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """Return the shapes: ``shapes_generated.ttl`` and ``shapes.ttl`` (cached; do not modify it).

    The first holds the structure the vocabulary states (generated), the second the rest.
    """
    g = Graph()
    g.parse(data=ontology_text("shapes_generated.ttl"), format="turtle")
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
def portfolio_classes() -> tuple[URIRef, ...]:
    """Return the ``stsm:`` classes whose instances a portfolio states, sorted.

    These are the vocabulary's classes of which the ontology itself names no instance (so not
    ``stsm:PropagationDirection``, whose two values the ontology defines).

    Examples
    --------
    >>> STSM.Need in portfolio_classes(), STSM.PropagationDirection in portfolio_classes()
    (True, False)
    """
    from rdflib.namespace import OWL, RDF

    g = ontology_graph()
    stated = set(g.objects(None, RDF.type))
    return tuple(
        sorted(
            c
            for c in g.subjects(RDF.type, OWL.Class)
            if isinstance(c, URIRef) and c.startswith(str(STSM)) and c not in stated
        )
    )


@lru_cache(maxsize=1)
def link_directions() -> dict[URIRef, URIRef]:
    """Return each core link property mapped to its declared propagation direction."""
    g = ontology_graph()
    return {
        p: d
        for p, d in g.subject_objects(STSM.changePropagation)
        if isinstance(p, URIRef) and isinstance(d, URIRef)
    }


@lru_cache(maxsize=1)
def superclasses() -> dict[str, frozenset[str]]:
    """Return each class of the ontology mapped to all its superclasses (transitively)."""
    import networkx as nx

    g = nx.DiGraph((str(s), str(o)) for s, o in subclass_graph().subject_objects(RDFS.subClassOf))
    return {c: frozenset(nx.descendants(g, c)) for c in g}


@lru_cache(maxsize=4096)
def most_specific_class(classes: frozenset[str]) -> str | None:
    """Return the class a node is shown as, of all its classes: one rule for every answer.

    Classes that are a superclass of another of the node's classes (in the ontology) are
    dropped; of the rest, an ``stsm:`` class comes first, then the smallest IRI. So a node
    typed ``stsm:MarketTrend`` and ``stsm:Evidence`` is a market trend, and one also typed
    ``owl:NamedIndividual`` is still its ``stsm:`` class.

    Examples
    --------
    >>> most_specific_class(frozenset({
    ...     "https://w3id.org/stsm#Evidence", "https://w3id.org/stsm#MarketTrend",
    ...     "http://www.w3.org/2002/07/owl#NamedIndividual"}))
    'https://w3id.org/stsm#MarketTrend'
    >>> most_specific_class(frozenset()) is None
    True
    """
    supers = superclasses()
    specific = [c for c in classes if not any(c in supers.get(o, ()) for o in classes if o != c)]
    ns = str(STSM)
    return min(specific, key=lambda c: (not c.startswith(ns), c), default=None)
