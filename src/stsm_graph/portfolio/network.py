"""The links of a portfolio: their change directions, and the graph of them networkx works on.

A property is a link exactly when it declares ``stsm:changePropagation``, in the ontology or
in the data (a user's own property takes part by declaring a direction).

Examples
--------
>>> from stsm_graph import Portfolio
>>> p = Portfolio()
>>> p.parse('@prefix stsm: <https://w3id.org/stsm#> . '
...         '<urn:x:c> stsm:hasNeed <urn:x:n> . <urn:x:n> a stsm:Need .', format="turtle")
>>> g = to_networkx(p.store, link_directions(p.store))
>>> list(g.edges(keys=True)), g.nodes["urn:x:n"]["type"]
([('urn:x:c', 'urn:x:n', 'https://w3id.org/stsm#hasNeed')], 'https://w3id.org/stsm#Need')
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from rdflib import URIRef

from stsm_graph.common.terms import sparql_term
from stsm_graph.portfolio.querying import PROLOGUE, run_select
from stsm_graph.stores.base import Store
from stsm_graph.vocabulary.graph import link_directions as ontology_link_directions
from stsm_graph.vocabulary.graph import most_specific_class
from stsm_graph.vocabulary.namespace import STSM

__all__ = ["link_directions", "to_networkx"]


def link_directions(store: Store) -> dict[URIRef, URIRef]:
    """Return every link property with its change direction: the ontology's and the data's."""
    rows = run_select(store, "SELECT ?p ?d WHERE { ?p stsm:changePropagation ?d }", {})
    found = dict(ontology_link_directions())
    for p, d in rows.rows:
        if isinstance(p, URIRef) and d in (STSM.ObjectToSubject, STSM.SubjectToObject):
            found[p] = d  # type: ignore[assignment]
    return found


def to_networkx(store: Store, links: Iterable[URIRef]) -> nx.MultiDiGraph:
    """Return the triples of the properties ``links`` as a ``MultiDiGraph``.

    See :meth:`stsm_graph.portfolio.Portfolio.to_networkx` for the nodes' and edges' attributes.
    """
    values = " ".join(sparql_term(p) for p in sorted(links))
    rows = run_select(store, f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }}", {})
    g = nx.MultiDiGraph()
    g.add_edges_from(
        (str(s), str(o), str(p), {"predicate": str(p)})
        for s, p, o in rows.rows
        if isinstance(o, URIRef)
    )
    # of several labels the smallest, of several classes the most specific, as everywhere
    query = "SELECT ?s (MIN(STR(?v)) AS ?m) WHERE { ?s rdfs:label ?v } GROUP BY ?s"
    for s, value in store.select_text(PROLOGUE + query):
        if s in g and value is not None:
            g.nodes[s]["label"] = value
    classes: dict[str, set[str]] = {}
    for s, c in store.select_text("SELECT ?s ?c WHERE { ?s a ?c FILTER(isIRI(?c)) }"):
        if s is not None and c is not None and s in g:
            classes.setdefault(s, set()).add(c)
    for s, found in classes.items():
        g.nodes[s]["type"] = most_specific_class(frozenset(found))
    for n, data in g.nodes(data=True):
        data.setdefault("type", None)
        data.setdefault("label", n)
    return g
