"""Whether a graph holds a portfolio: known answers per store, and its invariant."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph, URIRef

from stsm_graph import Portfolio
from stsm_graph.analysis import portfolio_contents
from stsm_graph.vocabulary.graph import portfolio_classes
from stsm_graph.vocabulary.namespace import STSM

Build = Callable[[str], Portfolio]


@pytest.mark.parametrize(
    ("turtle", "expected"),
    [
        ("", "no triples"),
        (':a :knows :b . :b rdfs:label "B" .', "no portfolio"),
        # a class the ontology defines the instances of is not a portfolio's
        (":x a stsm:PropagationDirection .", "no portfolio"),
        (":a a :Thing .", "no portfolio"),
        (":n a stsm:Need .", "portfolio"),
        (':s a stsm:StandardService ; rdfs:label "S" . :a :knows :b .', "portfolio"),
    ],
)
def test_known_answers(build: Build, turtle: str, expected: str) -> None:
    assert portfolio_contents(build(turtle)) == expected


def test_a_portfolio_emptied_again_holds_no_triples(build: Build) -> None:
    p = build(':n a stsm:Need ; rdfs:label "N" .')
    assert portfolio_contents(p) == "portfolio"
    p.store.remove_triples(list(p.store.to_rdflib()))
    assert portfolio_contents(p) == "no triples"


EX = "https://example.org/t/"
_CLASSES = [*portfolio_classes()[:3], STSM.PropagationDirection, URIRef(EX + "Thing")]
_NODES = [URIRef(EX + n) for n in "abc"]
_TRIPLES = st.one_of(
    st.tuples(st.sampled_from(_NODES), st.just(RDF.type), st.sampled_from(_CLASSES)),
    st.tuples(st.sampled_from(_NODES), st.just(URIRef(EX + "knows")), st.sampled_from(_NODES)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(triples=st.lists(_TRIPLES, max_size=6))
def test_it_tells_apart_what_the_graph_holds(triples: list[tuple[URIRef, URIRef, URIRef]]) -> None:
    g = Graph()
    for t in triples:
        g.add(t)
    p = Portfolio(store="memory")
    p.store.add_triples(g)
    expected = (
        "no triples"
        if not len(g)
        else "portfolio"
        if any(c in set(portfolio_classes()) for c in g.objects(None, RDF.type))
        else "no portfolio"
    )
    assert portfolio_contents(p) == expected
    q = Portfolio(store="oxigraph")
    q.store.add_triples(g)
    assert portfolio_contents(q) == expected
