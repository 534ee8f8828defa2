"""Practice evidence: known answers on small hand-built portfolios, per store, and invariants."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from rdflib import RDF, Graph, URIRef
from strategies import portfolios

from stsm_graph import Portfolio
from stsm_graph.analysis import PracticeEvidenceReport, practice_evidence
from stsm_graph.authoring import dump_document, model
from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.tables import SUPERCLASSES, WORK_PRODUCTS

EX = "https://example.org/t/"
Build = Callable[[str], Portfolio]

SMALL = """
    :c a stsm:Customer ; rdfs:label "C" ; stsm:hasNeed :n1, :n2 .
    :n1 a stsm:Need ; rdfs:label "N1" .
    :n2 a stsm:Need ; rdfs:label "N2" .
    :n3 a stsm:Need ; rdfs:label "N3" .
    :t a stsm:MarketTrend ; rdfs:label "Trend" ; stsm:informs :n1 .
    :s a stsm:StandardService ; rdfs:label "S" ; stsm:addresses :n1 .
    :plan a stsm:StandardServicePlan ; rdfs:label "Plan" ; stsm:hasAction :a .
    :a a stsm:PlanAction ; rdfs:label "A" ; stsm:targets :s .
"""


def held(report: PracticeEvidenceReport, practice: str) -> dict[str, tuple[int, list[str]]]:
    return {
        w.name: (w.count, [s.node[len(EX) :] for s in w.sample])
        for w in report.practice(practice).work_products
        if w.held
    }


def test_each_practice_lists_what_it_holds_and_what_is_missing(build: Build) -> None:
    report = practice_evidence(build(SMALL), sample_size=2)
    assert [p.practice for p in report.practices] == [
        "STSM SP 1.1",
        "STSM SP 1.2",
        "STSM SP 2.1",
        "STSM SP 2.2",
    ]
    # a market trend is evidence too: the superclass is held through its subclass
    assert held(report, "STSM SP 1.1") == {
        "Customer": (1, ["c"]),
        "Need": (3, ["n1", "n2"]),
        "Evidence": (1, ["t"]),
        "MarketTrend": (1, ["t"]),
        "hasNeed": (1, ["c"]),
        "addresses": (1, ["s"]),
        "informs": (1, ["t"]),
    }
    assert held(report, "STSM SP 1.2") == {
        "StandardServicePlan": (1, ["plan"]),
        "PlanAction": (1, ["a"]),
        "addresses": (1, ["s"]),
        "hasAction": (1, ["plan"]),
        "targets": (1, ["a"]),
    }
    assert held(report, "STSM SP 2.1") == {"StandardService": (1, ["s"])}
    sp22 = report.practice("STSM SP 2.2")
    assert sp22.missing_names == ("ServiceCatalog", "ServiceDescription", "lists", "describes")
    assert report.missing
    sample = report.practice("STSM SP 1.1").work_products[0].sample
    assert [(s.node, s.label) for s in sample] == [(EX + "c", "C")]


def test_the_vocabulary_decides_the_kinds() -> None:
    # every kind of every practice comes from the generated table, in its order
    report = practice_evidence(Portfolio())
    for p in report.practices:
        names = [n for n, (_w, _l, ps) in WORK_PRODUCTS.items() if p.practice in ps]
        assert [w.name for w in p.work_products] == names
        assert p.missing_names == tuple(names)  # an empty portfolio holds nothing
    assert "PropagationDirection" not in WORK_PRODUCTS  # not a thing a portfolio holds
    assert "Stakeholder" not in WORK_PRODUCTS  # abstract: its subclasses are the kinds


def test_a_complete_portfolio_misses_nothing_it_holds(build: Build) -> None:
    p = build(
        SMALL
        + """
    :cat a stsm:ServiceCatalog ; rdfs:label "Cat" ; stsm:lists :s .
    :d a stsm:ServiceDescription ; rdfs:label "D" ; stsm:describes :s .
    """
    )
    report = practice_evidence(p)
    assert report.practice("STSM SP 2.2").missing == ()
    assert report.practice("STSM SP 2.2").work_products[0].sample[0].label == "Cat"


def test_a_node_with_several_labels_shows_the_smallest_and_samples_are_bounded(
    build: Build,
) -> None:
    p = build(
        ":b a stsm:Need ; rdfs:label 'Zed', 'Alpha' .\n"
        + "".join(f":n{i} a stsm:Need .\n" for i in range(7))
    )
    need = next(
        w
        for w in practice_evidence(p, sample_size=3).practices[0].work_products
        if w.name == "Need"
    )
    assert need.count == 8
    assert [(s.node[len(EX) :], s.label) for s in need.sample] == [
        ("b", "Alpha"),
        ("n0", EX + "n0"),
        ("n1", EX + "n1"),
    ]


def test_a_sample_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="sample_size"):
        practice_evidence(Portfolio(), sample_size=0)


def _expected(graph: Graph) -> dict[str, int]:
    """Count each kind straight from the triples: the oracle of the invariant."""
    out: dict[str, int] = {}
    for name, (what, _label, _ps) in WORK_PRODUCTS.items():
        if what == "link":
            nodes = set(graph.subjects(URIRef(STSM + name), None))
        else:
            types = {name, *(c for c, sups in SUPERCLASSES.items() if name in sups)}
            nodes = {s for t in types for s in graph.subjects(RDF.type, URIRef(STSM + t))}
        out[name] = len({n for n in nodes if isinstance(n, URIRef)})
    return out


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=portfolios())
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_kind_held_is_never_reported_missing(store: str, doc: model.PortfolioDocument) -> None:
    p = Portfolio(store=store)
    p.parse(dump_document(doc), format="yaml")
    graph = Graph()
    graph.parse(data=p.serialize("nt"), format="nt")
    expected = _expected(graph)
    report = practice_evidence(p, sample_size=2)
    for practice in report.practices:
        for w in practice.work_products:
            assert w.count == expected[w.name]
            assert (w.name in practice.missing_names) == (expected[w.name] == 0)
            assert len(w.sample) == min(2, w.count)
