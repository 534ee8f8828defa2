"""Impact of change: known answers on hand-built portfolios (per store), and invariants.

The known answers spell out, for small portfolios drawn by hand, every affected node with its
distance, its path (from the changed node to it), the links along that path and the way each
link was walked; then the severity summary and the retire what-if. The invariants at the end
check the walk against an influence graph built here, independently, from the portfolio's
triples and ``Portfolio.link_directions()``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from stores_under_test import PROPERTY_STORES, make_portfolio

from stsm_graph import Portfolio, model
from stsm_graph.analysis import ImpactReport, coverage, impact, reaches_more_than
from stsm_graph.analysis.walk import links_from
from stsm_graph.common.terms import with_list, with_values
from stsm_graph.errors import UnknownNodeError
from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.resources import query_text

from .impact_strategies import PREFIXES, GraphSpec, graph_specs, load_graph
from .strategies import example_settings

EX = "https://example.org/t/"
S = str(STSM)
Build = Callable[[str], Portfolio]


def ex(*names: str) -> tuple[str, ...]:
    return tuple(EX + n for n in names)


def local(iri: str) -> str:
    return iri[len(EX) :] if iri.startswith(EX) else iri[len(S) :] if iri.startswith(S) else iri


def walk(report: ImpactReport) -> dict[str, tuple[int, str, str, str]]:
    """Return node -> (distance, path, via, directions) in a compact, readable form.

    The path is written ``a > b > c``, the links ``p1 p2``, the directions ``<`` (walked from
    object to subject) or ``>`` (from subject to object), one per link.
    """
    out = {}
    for a in report.affected:
        assert local(a.node) not in out, f"{a.node} affected twice"
        out[local(a.node)] = (
            a.distance,
            " > ".join(map(local, a.path)),
            " ".join(map(local, a.via)),
            "".join("<" if b else ">" for b in a.backwards),
        )
    return out


def snapshot(p: Portfolio) -> Graph:
    g = Graph()
    g += p.store.to_rdflib()
    return g


# --------------------------------------------------------------------------- shared component

SHARED = """
    :storage a stsm:ServiceSystemComponent ; rdfs:label "Shared storage" .
    :sysA a stsm:ServiceSystem ; rdfs:label "System A" ; stsm:hasComponent :storage .
    :sysB a stsm:ServiceSystem ; rdfs:label "System B" ; stsm:hasComponent :storage .
    :svcA a stsm:StandardService ; rdfs:label "Service A" ; stsm:deliveredBy :sysA ;
        stsm:addresses :needA .
    :svcB a stsm:StandardService ; rdfs:label "Service B" ; stsm:deliveredBy :sysB ;
        stsm:addresses :needB .
    :needA a stsm:Need ; rdfs:label "Need A" .
    :needB a stsm:Need ; rdfs:label "Need B" .
    :alice a stsm:Customer ; rdfs:label "Alice Ltd" ; stsm:hasNeed :needA .
    :agrB a stsm:ServiceAgreement ; rdfs:label "Agreement B" ; stsm:forService :svcB ;
        stsm:withCustomer :bob .
    :bob a stsm:Customer ; rdfs:label "Bob plc" .
    :elsewhere a stsm:ServiceSystem ; rdfs:label "Unrelated system" .
"""


def test_component_shared_by_two_systems(build: Build) -> None:
    report = impact(build(SHARED), EX + "storage")
    assert report.changed == ex("storage")
    assert walk(report) == {
        "sysA": (1, "storage > sysA", "hasComponent", "<"),
        "sysB": (1, "storage > sysB", "hasComponent", "<"),
        "svcA": (2, "storage > sysA > svcA", "hasComponent deliveredBy", "<<"),
        "svcB": (2, "storage > sysB > svcB", "hasComponent deliveredBy", "<<"),
        "agrB": (3, "storage > sysB > svcB > agrB", "hasComponent deliveredBy forService", "<<<"),
        "needA": (3, "storage > sysA > svcA > needA", "hasComponent deliveredBy addresses", "<<>"),
        "needB": (3, "storage > sysB > svcB > needB", "hasComponent deliveredBy addresses", "<<>"),
        "alice": (
            4,
            "storage > sysA > svcA > needA > alice",
            "hasComponent deliveredBy addresses hasNeed",
            "<<><",
        ),
        "bob": (
            4,
            "storage > sysB > svcB > agrB > bob",
            "hasComponent deliveredBy forService withCustomer",
            "<<<>",
        ),
    }
    # sorted by distance, then IRI
    assert [a.node for a in report.affected] == list(
        ex("sysA", "sysB", "svcA", "svcB", "agrB", "needA", "needB", "alice", "bob")
    )
    labels = {local(a.node): (a.label, local(a.type or "")) for a in report.affected}
    assert labels["sysA"] == ("System A", "ServiceSystem")
    assert labels["bob"] == ("Bob plc", "Customer")
    assert report.by_class == {
        S + "Customer": ex("alice", "bob"),
        S + "Need": ex("needA", "needB"),
        S + "ServiceAgreement": ex("agrB"),
        S + "ServiceSystem": ex("sysA", "sysB"),
        S + "StandardService": ex("svcA", "svcB"),
    }
    s = report.summary
    assert (s.affected, s.services, s.agreements, s.customers, s.needs, s.objectives) == (
        9,
        2,
        1,
        2,
        2,
        0,
    )
    assert s.by_class == {k: len(v) for k, v in report.by_class.items()}
    assert s.customers_via_agreement == ex("bob")
    assert s.customers_via_need == ex("alice")
    assert report.whatif is None


def test_each_path_starts_at_the_changed_node_and_ends_at_the_affected_one(build: Build) -> None:
    report = impact(build(SHARED), EX + "storage")
    for a in report.affected:
        assert a.path[0] == EX + "storage"
        assert a.path[-1] == a.node
        assert len(a.path) == a.distance + 1 == len(a.via) + 1 == len(a.backwards) + 1


def test_to_json_is_the_report(build: Build) -> None:
    report = impact(build(SHARED), EX + "storage")
    data = report.to_json()
    assert set(data) == {"changed", "affected", "by_class", "summary"}
    first = data["affected"][0]
    assert first == {
        "node": EX + "sysA",
        "label": "System A",
        "type": S + "ServiceSystem",
        "distance": 1,
        "path": [EX + "storage", EX + "sysA"],
        "via": [S + "hasComponent"],
        "backwards": [True],
    }
    assert data["by_class"][S + "Customer"] == [EX + "alice", EX + "bob"]
    assert data["summary"]["customers_via_agreement"] == [EX + "bob"]


# --------------------------------------------------------------------------- cycles, dependants


def test_dependency_cycle_terminates_and_reaches_each_node_once(build: Build) -> None:
    p = build(
        """
        :a a stsm:ServiceSystemComponent ; rdfs:label "A" ; stsm:dependsOn :b .
        :b a stsm:ServiceSystemComponent ; rdfs:label "B" ; stsm:dependsOn :c .
        :c a stsm:ServiceSystemComponent ; rdfs:label "C" ; stsm:dependsOn :a .
        :self a stsm:ServiceSystemComponent ; rdfs:label "Self" ; stsm:dependsOn :self, :a .
        """
    )
    # a change to the object of dependsOn affects its subject: a <- c <- b, and a <- self
    assert walk(impact(p, EX + "a")) == {
        "c": (1, "a > c", "dependsOn", "<"),
        "self": (1, "a > self", "dependsOn", "<"),
        "b": (2, "a > c > b", "dependsOn dependsOn", "<<"),
    }
    assert walk(impact(p, EX + "self")) == {}


def test_service_depended_on_by_another_service(build: Build) -> None:
    p = build(
        """
        :db a stsm:StandardService ; rdfs:label "Database" .
        :front a stsm:StandardService ; rdfs:label "Front office" ; stsm:dependsOn :db ;
            stsm:addresses :n .
        :n a stsm:Need ; rdfs:label "Bookings" .
        """
    )
    report = impact(p, EX + "db")
    assert walk(report) == {
        "front": (1, "db > front", "dependsOn", "<"),
        "n": (2, "db > front > n", "dependsOn addresses", "<>"),
    }
    assert report.affected[0].backwards == (True,)
    assert report.summary.services == 1
    # the other way round: a change to the dependant does not reach what it depends on
    assert walk(impact(p, EX + "front")) == {"n": (1, "front > n", "addresses", ">")}


def test_node_with_no_dependants(build: Build) -> None:
    p = build(
        """
        :lonely a stsm:Need ; rdfs:label "Lonely need" .
        :svc a stsm:StandardService ; rdfs:label "S" ; stsm:addresses :lonely .
        """
    )
    report = impact(p, EX + "lonely")
    assert report.affected == ()
    assert report.by_class == {}
    s = report.summary
    assert (s.affected, s.customers, s.agreements, s.needs, s.objectives, s.services) == (
        0,
        0,
        0,
        0,
        0,
        0,
    )
    assert s.customers_via_agreement == s.customers_via_need == ()
    assert report.to_json()["affected"] == []


# --------------------------------------------------------------------------- the rule is data

USER_LINKS = """
    :host a stsm:ServiceSystemComponent ; rdfs:label "Host" .
    :app a stsm:ServiceSystemComponent ; rdfs:label "App" ; :runsOn :host .
    :sys a stsm:ServiceSystem ; rdfs:label "Platform" ; stsm:hasComponent :app ;
        :notifies :team .
    :team rdfs:label "On-call team" .
"""


@pytest.mark.parametrize("declared", [True, False])
def test_user_defined_link_property_joins_the_walk_by_declaration(
    build: Build, declared: bool
) -> None:
    declarations = (
        """
        :runsOn stsm:changePropagation stsm:ObjectToSubject .
        :notifies stsm:changePropagation stsm:SubjectToObject .
        """
        if declared
        else ""
    )
    p = build(USER_LINKS + declarations)
    got = walk(impact(p, EX + "host"))
    if declared:
        assert got == {
            "app": (1, "host > app", "runsOn", "<"),
            "sys": (2, "host > app > sys", "runsOn hasComponent", "<<"),
            "team": (3, "host > app > sys > team", "runsOn hasComponent notifies", "<<>"),
        }
        report = impact(p, EX + "host")
        assert report.affected[-1].type is None
        assert report.by_class[""] == ex("team")
        assert p.link_directions()[URIRef(EX + "runsOn")] == STSM.ObjectToSubject
    else:
        assert got == {}
        assert walk(impact(p, EX + "app")) == {"sys": (1, "app > sys", "hasComponent", "<")}


@pytest.mark.parametrize(
    "store",
    [
        "memory",
        "oxigraph",
    ],
)
def test_an_untyped_node_keeps_its_label(store: str) -> None:
    p = make_portfolio(store)
    p.parse(
        PREFIXES
        + """
        :notifies stsm:changePropagation stsm:SubjectToObject .
        :sys a stsm:ServiceSystem ; rdfs:label "Platform" ; :notifies :team .
        :team rdfs:label "On-call team" .
        """,
        format="turtle",
    )
    (team,) = impact(p, EX + "sys").affected
    assert (team.node, team.label, team.type) == (EX + "team", "On-call team", None)


# --------------------------------------------------------------------------- DESIGN.md example

DATA_CENTRE = """
    :dc a stsm:ServiceSystemComponent ; rdfs:label "Data centre Reading" .
    :dc2 a stsm:ServiceSystemComponent ; rdfs:label "Data centre Slough" .
    :platform a stsm:ServiceSystem ; rdfs:label "Cloud platform" ; stsm:hasComponent :dc .
    :print a stsm:ServiceSystem ; rdfs:label "Print platform" ; stsm:hasComponent :dc2 .
    :hosting a stsm:StandardService ; rdfs:label "Hosting" ; stsm:deliveredBy :platform ;
        stsm:addresses :uptime ; stsm:supports :cloudFirst .
    :printing a stsm:StandardService ; rdfs:label "Printing" ; stsm:deliveredBy :print ;
        stsm:addresses :printNeed .
    :uptime a stsm:Need ; rdfs:label "Web shop up" ; stsm:alignsWith :growth .
    :printNeed a stsm:Need ; rdfs:label "Print invoices" .
    :cloudFirst a stsm:StrategicObjective ; rdfs:label "Cloud first" .
    :growth a stsm:StrategicObjective ; rdfs:label "Growth" .
    :litware a stsm:Customer ; rdfs:label "Litware" ; stsm:hasNeed :uptime, :printNeed .
    :staff a stsm:EndUser ; rdfs:label "Shop staff" ; stsm:hasNeed :uptime .
    :agr a stsm:ServiceAgreement ; rdfs:label "Litware hosting" ; stsm:forService :hosting ;
        stsm:withCustomer :tailspin .
    :tailspin a stsm:Customer ; rdfs:label "Tailspin" ; stsm:hasNeed :other .
    :other a stsm:Need ; rdfs:label "Tailspin's other need" .
"""


def test_the_one_query_form_reaches_what_the_walk_reaches(build: Build) -> None:
    # impact_reach.rq is the console's one-query form of the level-by-level walk
    p = build(DATA_CENTRE)
    directions = sorted(p.link_directions().items())
    back = [x for x, d in directions if d == STSM.ObjectToSubject]
    fwd = [x for x, d in directions if d == STSM.SubjectToObject]
    steps = "|".join([f"^<{x}>" for x in back] + [f"<{x}>" for x in fwd])
    text = with_list(with_list(query_text("impact_reach"), "p", back), "p", fwd, occurrence=1)
    text = re.sub(r"\?start \([^)]*\)\*", lambda _m: f"?start ({steps})*", text)
    rows = list(p.query(with_values(text, "start", [URIRef(EX + "dc")])))
    report = impact(p, EX + "dc")
    assert {str(r[0]) for r in rows} == {EX + "dc", *(a.node for a in report.affected)}
    links = {tuple(map(str, r[:3])) for r in rows if r[1] is not None}
    assert links == set(links_from(p, [EX + "dc"], back, fwd).links)
    assert len(links) >= len(report.affected) > 0  # a link into each affected node


def test_failing_data_centre_reaches_what_design_md_says(build: Build) -> None:
    report = impact(build(DATA_CENTRE), EX + "dc")
    got = walk(report)
    assert got == {
        "platform": (1, "dc > platform", "hasComponent", "<"),
        "hosting": (2, "dc > platform > hosting", "hasComponent deliveredBy", "<<"),
        "agr": (3, "dc > platform > hosting > agr", "hasComponent deliveredBy forService", "<<<"),
        "uptime": (
            3,
            "dc > platform > hosting > uptime",
            "hasComponent deliveredBy addresses",
            "<<>",
        ),
        "cloudFirst": (
            3,
            "dc > platform > hosting > cloudFirst",
            "hasComponent deliveredBy supports",
            "<<>",
        ),
        "tailspin": (
            4,
            "dc > platform > hosting > agr > tailspin",
            "hasComponent deliveredBy forService withCustomer",
            "<<<>",
        ),
        "litware": (
            4,
            "dc > platform > hosting > uptime > litware",
            "hasComponent deliveredBy addresses hasNeed",
            "<<><",
        ),
        "staff": (
            4,
            "dc > platform > hosting > uptime > staff",
            "hasComponent deliveredBy addresses hasNeed",
            "<<><",
        ),
        "growth": (
            4,
            "dc > platform > hosting > uptime > growth",
            "hasComponent deliveredBy addresses alignsWith",
            "<<>>",
        ),
    }
    # not a customer's other, unrelated needs, nor what stands on the other data centre
    for unrelated in ("other", "printNeed", "printing", "print", "dc2"):
        assert unrelated not in got
    s = report.summary
    assert (s.services, s.agreements, s.customers, s.needs, s.objectives) == (1, 1, 2, 1, 2)
    assert s.by_class[S + "EndUser"] == 1
    assert s.customers_via_agreement == ex("tailspin")
    assert s.customers_via_need == ex("litware")


TIES = """
    :dc a stsm:ServiceSystemComponent ; rdfs:label "Data centre" .
    :sysB a stsm:ServiceSystem ; rdfs:label "System B" ; stsm:hasComponent :dc .
    :sysA a stsm:ServiceSystem ; rdfs:label "System A" ; stsm:hasComponent :dc .
    :svc a stsm:StandardService ; rdfs:label "Service" ; stsm:deliveredBy :sysB, :sysA .
    :ops a stsm:StandardService ; rdfs:label "Operations" ;
        stsm:dependsOn :sysA ; stsm:deliveredBy :sysA .
"""


def test_ties_go_to_the_smallest_predecessor_then_the_smallest_link(build: Build) -> None:
    got = walk(impact(build(TIES), EX + "dc"))
    # svc is two links away through sysA and through sysB: sysA is the smaller IRI
    assert got["svc"] == (2, "dc > sysA > svc", "hasComponent deliveredBy", "<<")
    # ops is one link from sysA by two properties: deliveredBy sorts before dependsOn
    assert got["ops"] == (2, "dc > sysA > ops", "hasComponent deliveredBy", "<<")
    assert walk(impact(build(TIES), EX + "sysA"))["ops"] == (1, "sysA > ops", "deliveredBy", "<")


def test_a_frontier_larger_than_a_batch_gives_the_same_report(build: Build) -> None:
    p = build(DATA_CENTRE)
    whole = impact(p, [EX + "dc", EX + "dc2"])
    p.store.batch = 1  # every level's frontier split into one query per node
    assert impact(p, [EX + "dc", EX + "dc2"]) == whole
    assert impact(p, [EX + "dc", EX + "dc2"], max_depth=2) == impact(
        build(DATA_CENTRE), [EX + "dc", EX + "dc2"], max_depth=2
    )


# --------------------------------------------------------------------------- depth, several nodes


@pytest.mark.parametrize("depth", [0, 1, 2, 3, 4, 5])
def test_max_depth_limits_distances(build: Build, depth: int) -> None:
    p = build(SHARED)
    full = impact(p, EX + "storage")
    limited = impact(p, EX + "storage", max_depth=depth)
    assert limited.affected == tuple(a for a in full.affected if a.distance <= depth)
    assert all(a.distance <= depth for a in limited.affected)
    assert limited.summary.affected == len(limited.affected)


MULTI = """
    :c1 a stsm:ServiceSystemComponent ; rdfs:label "Component one" .
    :c2 a stsm:ServiceSystemComponent ; rdfs:label "Component two" .
    :mid a stsm:ServiceSystemComponent ; rdfs:label "Middleware" ; stsm:dependsOn :c1 .
    :sys1 a stsm:ServiceSystem ; rdfs:label "System one" ; stsm:hasComponent :mid .
    :sys2 a stsm:ServiceSystem ; rdfs:label "System two" ; stsm:hasComponent :c2 .
    :svc a stsm:StandardService ; rdfs:label "Service" ; stsm:deliveredBy :sys1, :sys2 ;
        stsm:addresses :n .
    :n a stsm:Need ; rdfs:label "Need" .
"""


def test_several_changed_nodes_each_path_from_the_nearest(build: Build) -> None:
    p = build(MULTI)
    assert walk(impact(p, EX + "c1"))["svc"][0] == 3
    report = impact(p, ["Component one", "https://example.org/t/c2"])
    assert report.changed == ex("c1", "c2")
    assert walk(report) == {
        "mid": (1, "c1 > mid", "dependsOn", "<"),
        "sys2": (1, "c2 > sys2", "hasComponent", "<"),
        "sys1": (2, "c1 > mid > sys1", "dependsOn hasComponent", "<<"),
        "svc": (2, "c2 > sys2 > svc", "hasComponent deliveredBy", "<<"),
        "n": (3, "c2 > sys2 > svc > n", "hasComponent deliveredBy addresses", "<<>"),
    }


def test_a_changed_node_reachable_from_another_is_not_affected(build: Build) -> None:
    p = build(MULTI)
    report = impact(p, [EX + "c1", EX + "mid"])
    assert report.changed == ex("c1", "mid")
    assert EX + "mid" not in {a.node for a in report.affected}
    assert walk(report)["sys1"] == (1, "mid > sys1", "hasComponent", "<")


def test_changed_nodes_are_resolved_like_the_command_line(build: Build) -> None:
    p = build(MULTI)
    expected = impact(p, EX + "c2")
    for name in (f"<{EX}c2>", "Component two", "c2"):
        assert impact(p, name) == expected
    assert impact(p, URIRef(EX + "c2")) == expected
    assert impact(p, [EX + "c2", "Component two"]) == expected


def test_unknown_node_lists_near_matches(build: Build) -> None:
    p = build(MULTI)
    with pytest.raises(UnknownNodeError) as info:
        impact(p, "Componnt two")
    assert info.value.node == "Componnt two"
    assert "c2 (Component two)" in info.value.near  # a name resolve takes back, and the label
    assert "Component two" in str(info.value)
    with pytest.raises(UnknownNodeError):
        impact(p, [EX + "c1", EX + "nowhere"])


def test_near_matches_name_each_node_once(build: Build) -> None:
    p = build(':backup a stsm:StandardService ; rdfs:label "Backup" .')
    with pytest.raises(UnknownNodeError) as info:
        impact(p, "Bakup")
    nodes = [near.split(" ", 1)[0] for near in info.value.near]
    assert len(nodes) == len(set(nodes)), info.value.near


# --------------------------------------------------------------------------- customers by route

ROUTES = """
    :svc a stsm:StandardService ; rdfs:label "Service" ; stsm:addresses :n1, :n2 .
    :n1 a stsm:Need ; rdfs:label "N1" .
    :n2 a stsm:Need ; rdfs:label "N2" .
    :agr1 a stsm:ServiceAgreement ; rdfs:label "A1" ; stsm:forService :svc ;
        stsm:withCustomer :byAgreement .
    :agr2 a stsm:ServiceAgreement ; rdfs:label "A2" ; stsm:forService :svc ;
        stsm:withCustomer :both .
    :byAgreement a stsm:Customer ; rdfs:label "By agreement" .
    :byNeed a stsm:Customer ; rdfs:label "By need" ; stsm:hasNeed :n1 .
    :both a stsm:Customer ; rdfs:label "Both" ; stsm:hasNeed :n2 .
    :user a stsm:EndUser ; rdfs:label "User" ; stsm:hasNeed :n2 .
"""


def test_customers_through_an_agreement_and_through_a_need(build: Build) -> None:
    report = impact(build(ROUTES), EX + "svc")
    s = report.summary
    assert s.customers == 3
    assert s.agreements == 2
    assert s.needs == 2
    assert s.customers_via_agreement == ex("both", "byAgreement")
    assert s.customers_via_need == ex("both", "byNeed")
    # an end user is reached through a need but is not a customer
    assert EX + "user" in {a.node for a in report.affected}
    assert EX + "user" not in s.customers_via_need


# --------------------------------------------------------------------------- retire what-if

LEVELS = """
    :n a stsm:Need ; rdfs:label "Available shop" ; stsm:requiresLevel :req .
    :req a stsm:LevelRequirement ; rdfs:label "99.9 %" ; stsm:metric "availability" ;
        stsm:targetValue 99.9 ; stsm:unit "%" ; stsm:comparator stsm:AtLeast .
    :gold a stsm:StandardService ; rdfs:label "Gold hosting" ; stsm:addresses :n ;
        stsm:hasServiceLevel :goldLevel .
    :goldLevel a stsm:ServiceLevel ; rdfs:label "99.95 %" ; stsm:metric "availability" ;
        stsm:targetValue 99.95 ; stsm:unit "%" ; stsm:comparator stsm:AtLeast .
    :bronze a stsm:StandardService ; rdfs:label "Bronze hosting" ; stsm:addresses :n ;
        stsm:hasServiceLevel :bronzeLevel .
    :bronzeLevel a stsm:ServiceLevel ; rdfs:label "99 %" ; stsm:metric "availability" ;
        stsm:targetValue 99.0 ; stsm:unit "%" ; stsm:comparator stsm:AtLeast .
    :only a stsm:StandardService ; rdfs:label "Only mail" ; stsm:addresses :mail .
    :mail a stsm:Need ; rdfs:label "Mail" .
    :c a stsm:Customer ; rdfs:label "Contoso" ; stsm:hasNeed :n, :mail .
"""


def test_retire_reports_needs_that_become_unmet(build: Build) -> None:
    w = impact(build(LEVELS), EX + "only", retire=True).whatif
    assert w is not None
    assert w.taken_out_of_service == ex("only")
    assert [(n.need, n.label) for n in w.newly_unmet_needs] == [(EX + "mail", "Mail")]
    assert w.lost_full_level_needs == ()
    assert w.newly_orphaned_services == ()


def test_retire_reports_needs_that_lose_their_full_level_only(build: Build) -> None:
    w = impact(build(LEVELS), EX + "gold", retire=True).whatif
    assert w is not None
    assert w.taken_out_of_service == ex("gold")
    assert w.newly_unmet_needs == ()
    assert [(n.need, n.label) for n in w.lost_full_level_needs] == [(EX + "n", "Available shop")]
    before, after = w.coverage_before.portfolio, w.coverage_after.portfolio
    assert (before.covered, before.fully_met) == (2, 2)
    assert (after.covered, after.fully_met) == (2, 1)


def test_retiring_the_weaker_service_costs_nothing(build: Build) -> None:
    w = impact(build(LEVELS), EX + "bronze", retire=True).whatif
    assert w is not None
    assert (w.newly_unmet_needs, w.lost_full_level_needs) == ((), ())
    assert w.coverage_before == w.coverage_after


def test_retire_reports_services_that_become_orphaned(build: Build) -> None:
    p = build(
        """
        :db a stsm:StandardService ; rdfs:label "Database" .
        :front a stsm:StandardService ; rdfs:label "Front office" ; stsm:dependsOn :db ;
            stsm:addresses :n .
        :n a stsm:Need ; rdfs:label "Bookings" .
        :fax a stsm:StandardService ; rdfs:label "Fax" .
        """
    )
    w = impact(p, EX + "front", retire=True).whatif
    assert w is not None
    assert w.taken_out_of_service == ex("front")
    assert w.newly_orphaned_services == ex("db")  # fax was an orphan already
    assert [n.need for n in w.newly_unmet_needs] == [EX + "n"]
    # retiring the database reaches its dependant: both go, nothing is left orphaned
    w = impact(p, EX + "db", retire=True).whatif
    assert w is not None
    assert w.taken_out_of_service == ex("db", "front")
    assert w.newly_orphaned_services == ()


def test_retire_coverage_before_and_after(build: Build) -> None:
    p = build(
        """
        :c a stsm:Customer ; rdfs:label "Contoso" ; stsm:hasNeed :n1, :n2 .
        :u a stsm:EndUser ; rdfs:label "Staff" ; stsm:hasNeed :n2 .
        :n1 a stsm:Need ; rdfs:label "N1" .
        :n2 a stsm:Need ; rdfs:label "N2" .
        :obj a stsm:StrategicObjective ; rdfs:label "Grow" .
        :obj2 a stsm:StrategicObjective ; rdfs:label "Keep" .
        :s1 a stsm:StandardService ; rdfs:label "S1" ; stsm:addresses :n1 ; stsm:supports :obj .
        :s2 a stsm:StandardService ; rdfs:label "S2" ; stsm:addresses :n2 ; stsm:supports :obj2 .
        """
    )
    w = impact(p, EX + "s1", retire=True).whatif
    assert w is not None
    assert w.coverage_before == w.coverage_before.of(coverage(p))

    def stakeholders(snap: Any) -> dict[str, tuple[int, int, float]]:
        return {local(s.stakeholder): (s.needs, s.covered, s.ratio) for s in snap.stakeholders}

    def objectives(snap: Any) -> dict[str, tuple[tuple[str, ...], bool]]:
        return {
            local(o.objective): (tuple(map(local, o.supported_by)), o.supported)
            for o in snap.objectives
        }

    assert stakeholders(w.coverage_before) == {"c": (2, 2, 1.0), "u": (1, 1, 1.0)}
    assert stakeholders(w.coverage_after) == {"c": (2, 1, 0.5), "u": (1, 1, 1.0)}
    assert objectives(w.coverage_before) == {"obj": (("s1",), True), "obj2": (("s2",), True)}
    assert objectives(w.coverage_after) == {"obj": ((), False), "obj2": (("s2",), True)}
    before, after = w.coverage_before.portfolio, w.coverage_after.portfolio
    assert (before.needs, before.covered, before.objectives_supported) == (2, 2, 2)
    assert (after.needs, after.covered, after.objectives_supported) == (2, 1, 1)
    data = impact(p, EX + "s1", retire=True).to_json()
    assert data["coverage_after"]["stakeholders"][0] == {
        "stakeholder": EX + "c",
        "label": "Contoso",
        "type": S + "Customer",
        "needs": 2,
        "covered": 1,
        "fully_met": 1,
        "ratio": 0.5,
    }
    assert data["coverage_after"]["objectives"][0] == {
        "objective": EX + "obj",
        "label": "Grow",
        "supported_by": [],
        "supported": False,
    }


def test_retiring_a_component_takes_every_service_it_reaches_out_of_service(
    build: Build,
) -> None:
    report = impact(build(DATA_CENTRE), EX + "dc", retire=True)
    w = report.whatif
    assert w is not None
    assert w.taken_out_of_service == ex("hosting")
    assert [n.need for n in w.newly_unmet_needs] == [EX + "uptime"]
    after = {local(o.objective): o.supported for o in w.coverage_after.objectives}
    assert after == {"cloudFirst": False, "growth": False}
    data = report.to_json()
    assert data["taken_out_of_service"] == [EX + "hosting"]
    assert data["newly_unmet_needs"] == [{"need": EX + "uptime", "label": "Web shop up"}]
    assert "practice" not in data["coverage_before"]["stakeholders"][0]


def test_an_already_retired_service_is_not_taken_out_of_service(build: Build) -> None:
    p = build(
        """
        :sys a stsm:ServiceSystem ; rdfs:label "Platform" .
        :live a stsm:StandardService ; rdfs:label "Live" ; stsm:deliveredBy :sys .
        :gone a stsm:StandardService ; rdfs:label "Gone" ; stsm:deliveredBy :sys ;
            stsm:status stsm:Retired .
        """
    )
    w = impact(p, EX + "sys", retire=True).whatif
    assert w is not None
    assert w.taken_out_of_service == ex("live")


@pytest.mark.parametrize("changed", ["dc", "hosting", "uptime"])
def test_what_if_leaves_the_portfolio_unchanged(build: Build, changed: str) -> None:
    p = build(DATA_CENTRE)
    count, before = len(p), snapshot(p)
    report = impact(p, EX + changed, retire=True)
    assert report.whatif is not None
    assert len(p) == count
    assert isomorphic(before, snapshot(p))
    # and asking again gives the same answer
    assert impact(p, EX + changed, retire=True) == report


def test_without_retire_there_is_no_what_if(build: Build) -> None:
    report = impact(build(LEVELS), EX + "gold")
    assert report.whatif is None
    data = report.to_json()
    for key in ("taken_out_of_service", "newly_unmet_needs", "coverage_before"):
        assert key not in data


def test_portfolio_built_with_the_model(store: str) -> None:
    p = make_portfolio(store)
    p.add(
        model.ServiceSystemComponent(id="dc", label="Data centre"),
        model.ServiceSystem(id="sys", label="Backup platform", has_component=["dc"]),
        model.StandardService(id="svc", label="Backup", delivered_by=["sys"], addresses=["n"]),
        model.Need(id="n", label="Restores"),
        model.Customer(id="c", label="Contoso", has_need=["n"]),
    )
    report = impact(p, "https://example.org/portfolio/dc", retire=True)
    assert [(a.label, a.distance) for a in report.affected] == [
        ("Backup platform", 1),
        ("Backup", 2),
        ("Restores", 3),
        ("Contoso", 4),
    ]
    assert report.whatif is not None
    assert [n.label for n in report.whatif.newly_unmet_needs] == ["Restores"]


def test_node_class_is_the_most_specific(build: Build) -> None:
    p = build(
        """
        :basedOn stsm:changePropagation stsm:ObjectToSubject .
        :survey rdfs:label "Survey" .
        :trend a stsm:MarketTrend, stsm:Evidence ; rdfs:label "Trend" ; :basedOn :survey .
        """
    )
    (trend,) = impact(p, EX + "survey").affected
    assert trend.type == S + "MarketTrend"


SMALL_WALK = """
    :c a stsm:ServiceSystemComponent ; rdfs:label "C" .
    :sys a stsm:ServiceSystem ; rdfs:label "S" ; stsm:hasComponent :c .
    :svc a stsm:StandardService ; rdfs:label "V" ; stsm:deliveredBy :sys ; stsm:addresses :n .
    :n a stsm:Need ; rdfs:label "N" .
    :cu a stsm:Customer ; rdfs:label "Cu" ; stsm:hasNeed :n .
"""
#: 900 triples the walk from :c never reaches
PADDING = "\n".join(
    f':p{i} a stsm:ServiceSystemComponent ; rdfs:label "P{i}" ; stsm:dependsOn :p{i + 1} .'
    for i in range(300)
)


def _walk_seconds(store: str, turtle: str) -> float:
    p = make_portfolio(store)
    p.parse(PREFIXES + turtle, format="turtle")
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        assert len(impact(p, EX + "c").affected) == 4
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize(
    "store",
    [
        "memory",
        "oxigraph",
    ],
)
def test_the_walk_grows_with_what_is_affected_not_with_the_portfolio(store: str) -> None:
    small = _walk_seconds(store, SMALL_WALK)
    padded = _walk_seconds(store, SMALL_WALK + PADDING)
    assert padded <= 5 * small + 0.1, (small, padded)


# --------------------------------------------------------------------------- invariants

examples = example_settings()


def influence(p: Portfolio) -> nx.MultiDiGraph:
    """Return the influence graph: an edge a -> b (key: the link) when a change to a affects b.

    Built here from the portfolio's triples and its declared link directions, independently
    of the impact walk.
    """
    directions = p.link_directions()
    g = nx.MultiDiGraph()
    for s, pred, o in p.store.to_rdflib():
        d = directions.get(pred)  # type: ignore[call-overload]
        if d is None or not isinstance(o, URIRef) or not isinstance(s, URIRef):
            continue
        if d == STSM.ObjectToSubject:
            g.add_edge(str(o), str(s), key=(str(pred), True))
        else:
            g.add_edge(str(s), str(o), key=(str(pred), False))
    return g


def reachable(g: nx.MultiDiGraph, sources: set[str]) -> dict[str, int]:
    """Return node -> distance from the nearest source (sources included at 0)."""
    dist: dict[str, int] = {}
    for s in sources:
        if s in g:
            for n, d in nx.single_source_shortest_path_length(g, s).items():
                dist[n] = min(d, dist.get(n, d))
        else:
            dist[s] = 0
    return dist


@st.composite
def spec_and_changed(draw: st.DrawFn) -> tuple[GraphSpec, list[str]]:
    spec = draw(graph_specs())
    changed = draw(st.lists(st.sampled_from(spec.nodes()), min_size=1, max_size=3, unique=True))
    return spec, changed


@examples
@given(spec_and_changed())
def test_walk_is_the_reachable_set_with_real_shortest_paths(
    case: tuple[GraphSpec, list[str]],
) -> None:
    spec, changed = case
    p = load_graph(spec, "oxigraph")
    report = impact(p, [EX + c for c in changed])
    g = influence(p)
    triples = p.store.to_rdflib()
    sources = {EX + c for c in changed}
    assert set(report.changed) == sources
    dist = reachable(g, sources)
    affected = {a.node: a for a in report.affected}
    assert len(affected) == len(report.affected)
    # exactly what the influence graph reaches, at the shortest distance
    assert set(affected) == set(dist) - sources
    for node, a in affected.items():
        assert a.distance == dist[node]
        assert a.path[0] in sources and a.path[-1] == node
        assert len(a.path) == a.distance + 1 == len(a.via) + 1 == len(a.backwards) + 1
        # every step is a real link, walked the way its property declares
        steps = zip(a.path[:-1], a.path[1:], a.via, a.backwards, strict=True)
        for x, y, pred, back in steps:
            assert g.has_edge(x, y, key=(pred, back)), (x, pred, y, back)
            if back:
                assert (URIRef(y), URIRef(pred), URIRef(x)) in triples
            else:
                assert (URIRef(x), URIRef(pred), URIRef(y)) in triples
    # every direct dependant is affected at distance 1 (unless itself changed)
    for c in sources:
        for d in g.successors(c) if c in g else ():
            if d not in sources:
                assert affected[d].distance == 1
    # closed: what an affected node's change reaches is inside the set (or changed)
    inside = set(affected) | sources
    for node in affected:
        assert set(g.successors(node)) <= inside
    # the summary counts what it lists
    assert report.summary.affected == len(report.affected)
    assert sum(report.summary.by_class.values()) == len(report.affected)
    assert {n for nodes in report.by_class.values() for n in nodes} == set(affected)


@pytest.mark.parametrize("store", PROPERTY_STORES)
@examples
@given(spec_and_changed(), st.integers(min_value=0, max_value=12))
def test_a_walk_stopped_at_a_limit_tells_whether_the_reach_is_larger(
    store: str, case: tuple[GraphSpec, list[str]], limit: int
) -> None:
    spec, changed = case
    p = load_graph(spec, store)
    nodes = [EX + c for c in changed]
    report = impact(p, nodes)
    assert reaches_more_than(p, nodes, limit) == (
        len(report.changed) + len(report.affected) > limit
    )


def test_a_walk_stopped_at_a_limit_on_a_chain(portfolio_store: str) -> None:
    p = make_portfolio(portfolio_store)
    p.add(
        model.ServiceSystemComponent(id="dc", label="Data centre"),
        model.ServiceSystem(id="sys", label="Platform", has_component=["dc"]),
        model.StandardService(id="svc", label="Backup", delivered_by=["sys"]),
    )
    answers = [reaches_more_than(p, "Data centre", limit) for limit in range(5)]
    assert answers == [True, True, True, False, False]


@examples
@given(spec_and_changed(), st.data())
def test_impact_of_an_affected_node_stays_inside(
    case: tuple[GraphSpec, list[str]], data: st.DataObject
) -> None:
    spec, changed = case
    p = load_graph(spec, "oxigraph")
    report = impact(p, [EX + c for c in changed])
    if not report.affected:
        return
    pick = data.draw(st.sampled_from(report.affected)).node
    inside = {a.node for a in report.affected} | set(report.changed)
    assert {a.node for a in impact(p, pick).affected} <= inside


@examples
@given(spec_and_changed(), st.integers(min_value=1, max_value=3))
def test_max_depth_truncates_the_walk(case: tuple[GraphSpec, list[str]], depth: int) -> None:
    spec, changed = case
    p = load_graph(spec, "oxigraph")
    full = impact(p, [EX + c for c in changed])
    limited = impact(p, [EX + c for c in changed], max_depth=depth)
    # the same nodes, each with the same distance, path, links, class and label
    assert {a.node: a for a in limited.affected} == {
        a.node: a for a in full.affected if a.distance <= depth
    }


@examples
@given(spec_and_changed(), st.integers(min_value=1, max_value=3))
def test_the_walk_in_small_batches_gives_the_same_report(
    case: tuple[GraphSpec, list[str]], batch: int
) -> None:
    spec, changed = case
    p = load_graph(spec, "oxigraph")
    whole = impact(p, [EX + c for c in changed])
    p.store.batch = batch  # each level's frontier split over several queries
    assert impact(p, [EX + c for c in changed]) == whole


def _figures(snap: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "portfolio": (
            snap.portfolio.covered,
            snap.portfolio.fully_met,
            snap.portfolio.ratio,
            snap.portfolio.objectives_supported,
        )
    }
    for s in snap.stakeholders:
        out[s.stakeholder] = (s.covered, s.fully_met, s.ratio)
    for o in snap.objectives:
        out[o.objective] = (int(o.supported),)
    return out


@examples
@given(graph_specs(), st.data())
def test_retiring_a_service_never_raises_coverage_nor_changes_the_portfolio(
    spec: GraphSpec, data: st.DataObject
) -> None:
    services = spec.services()
    if not services:
        return
    svc = data.draw(st.sampled_from(services))
    p = load_graph(spec, "oxigraph")
    count, before = len(p), snapshot(p)
    w = impact(p, EX + svc, retire=True).whatif
    assert w is not None
    assert len(p) == count
    assert isomorphic(before, snapshot(p))
    active = dict(spec.statuses).get(svc) in (None, "Active")
    assert (EX + svc in w.taken_out_of_service) == active
    b, a = _figures(w.coverage_before), _figures(w.coverage_after)
    assert set(a) == set(b)
    for key, figures in a.items():
        assert all(x <= y for x, y in zip(figures, b[key], strict=True)), key
    assert w.coverage_before.portfolio.needs == w.coverage_after.portfolio.needs
    unmet = {n.need for n in w.newly_unmet_needs}
    lost = {n.need for n in w.lost_full_level_needs}
    assert not unmet & lost
    assert b["portfolio"][0] - a["portfolio"][0] == len(unmet)
    assert not set(w.newly_orphaned_services) & set(w.taken_out_of_service)


@examples
@given(spec_and_changed(), st.booleans())
def test_every_store_gives_the_same_json(case: tuple[GraphSpec, list[str]], retire: bool) -> None:
    spec, changed = case
    names = [EX + c for c in changed]
    results = [impact(load_graph(spec, s), names, retire=retire).to_json() for s in PROPERTY_STORES]
    assert all(r == results[0] for r in results[1:])
