"""Impact hubs: known answers per store, and the invariant that each hub's customers are
exactly those the impact walk from it names (random graphs, cycles included)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from stores_under_test import PROPERTY_STORES

from stsm_graph import Portfolio
from stsm_graph.analysis import HUB_CLASSES, impact, impact_hubs

from .impact_strategies import GraphSpec, graph_specs, load_graph
from .strategies import example_settings

EX = "https://example.org/t/"
Build = Callable[[str], Portfolio]

PORTFOLIO = """
    :dc a stsm:ServiceSystemComponent ; rdfs:label "Data centre" .
    :net a stsm:ServiceSystemComponent ; rdfs:label "Network" .
    :idle a stsm:ServiceSystemComponent ; rdfs:label "Idle rack" .
    :dba a stsm:Capability ; rdfs:label "Database administration" .
    :sys1 a stsm:ServiceSystem ; rdfs:label "Hosting" ; stsm:hasComponent :dc, :net .
    :sys2 a stsm:ServiceSystem ; rdfs:label "Mail" ; stsm:hasComponent :net .
    :lab a stsm:ServiceSystem ; rdfs:label "Lab" ; stsm:hasComponent :idle .
    :host a stsm:StandardService ; rdfs:label "Hosting service" ; stsm:deliveredBy :sys1 ;
        stsm:addresses :n1 ; stsm:requiresCapability :dba .
    :mail a stsm:StandardService ; rdfs:label "Mail service" ; stsm:deliveredBy :sys2 .
    :n1 a stsm:Need ; rdfs:label "Uptime" .
    :a a stsm:Customer ; rdfs:label "Alpha" ; stsm:hasNeed :n1 .
    :b a stsm:Customer ; rdfs:label "Beta" .
    :sla a stsm:ServiceAgreement ; rdfs:label "Beta SLA" ; stsm:forService :mail ;
        stsm:withCustomer :b .
"""


def test_hubs_rank_components_and_capabilities_by_customers_touched(build: Build) -> None:
    hubs = impact_hubs(build(PORTFOLIO))
    assert [(h.label, h.customer_labels) for h in hubs] == [
        ("Network", ("Alpha", "Beta")),
        ("Data centre", ("Alpha",)),
        ("Database administration", ("Alpha",)),
        ("Idle rack", ()),
    ]
    assert hubs[0].customers == (EX + "a", EX + "b")
    assert hubs[0].count == 2
    assert {h.type for h in hubs} <= set(HUB_CLASSES)


def test_limit_keeps_the_first_hubs(build: Build) -> None:
    assert [h.label for h in impact_hubs(build(PORTFOLIO), limit=1)] == ["Network"]


def test_a_cycle_shares_its_customers(build: Build) -> None:
    p = build(
        """
        :x a stsm:ServiceSystemComponent ; rdfs:label "X" .
        :s1 a stsm:StandardService ; rdfs:label "S1" ; stsm:dependsOn :s2 ; stsm:addresses :n .
        :s2 a stsm:StandardService ; rdfs:label "S2" ; stsm:dependsOn :s1 ; stsm:deliveredBy :y .
        :y a stsm:ServiceSystem ; rdfs:label "Y" ; stsm:hasComponent :x .
        :n a stsm:Need ; rdfs:label "N" .
        :c a stsm:Customer ; rdfs:label "C" ; stsm:hasNeed :n .
        """
    )
    assert [(h.label, h.customer_labels) for h in impact_hubs(p)] == [("X", ("C",))]


def test_a_need_of_an_end_user_touches_no_customer(build: Build) -> None:
    p = build(
        """
        :x a stsm:ServiceSystemComponent ; rdfs:label "X" .
        :y a stsm:ServiceSystem ; rdfs:label "Y" ; stsm:hasComponent :x .
        :s a stsm:StandardService ; rdfs:label "S" ; stsm:deliveredBy :y ; stsm:addresses :n .
        :n a stsm:Need ; rdfs:label "N" .
        :u a stsm:EndUser ; rdfs:label "U" ; stsm:hasNeed :n .
        """
    )
    assert [(h.label, h.count) for h in impact_hubs(p)] == [("X", 0)]


def test_an_empty_portfolio_has_no_hubs(build: Build) -> None:
    assert impact_hubs(build("")) == ()


examples = example_settings()


@examples
@given(graph_specs())
def test_each_hub_touches_the_customers_its_impact_names(spec: GraphSpec) -> None:
    p = load_graph(spec, "oxigraph")
    hubs = impact_hubs(p)
    for h in hubs:
        summary = impact(p, h.node).summary
        named = set(summary.customers_via_agreement) | set(summary.customers_via_need)
        assert set(h.customers) == named, h.node
    counts = [h.count for h in hubs]
    assert counts == sorted(counts, reverse=True)
    linked = {EX + n for n in spec.nodes() if n.startswith("cmp")}
    assert {h.node for h in hubs} <= linked


@examples
@given(graph_specs())
def test_same_hubs_on_every_store(spec: GraphSpec) -> None:
    answers = {s: impact_hubs(load_graph(spec, s)) for s in PROPERTY_STORES}
    first = next(iter(answers.values()))
    assert all(a == first for a in answers.values())


@pytest.mark.parametrize("limit", [0, 2])
def test_limit_never_exceeds(build: Build, limit: int) -> None:
    assert len(impact_hubs(build(PORTFOLIO), limit=limit)) == limit
