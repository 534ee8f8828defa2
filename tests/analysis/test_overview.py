"""The overview of a portfolio: clusters by a stated rule, their needs, the links between them.

Known answers on a small hand-built portfolio (on every store), and hypothesis invariants on
random ones: every node in exactly one cluster or in none by the rule, the counts add up, and
each cluster's unmet share is what :func:`need_states` says of the needs it concerns.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stsm_graph import Portfolio
from stsm_graph.analysis import CLUSTER_KINDS, need_states, overview, portfolio_graph

from .conftest import EX, PREFIXES

SMALL = """
:acme a stsm:Customer ; rdfs:label "ACME" ; stsm:hasNeed :n1 , :n2 .
:zeta a stsm:Customer ; rdfs:label "Zeta" ; stsm:hasNeed :n2 .
:ann a stsm:EndUser ; rdfs:label "Ann" ; stsm:hasNeed :n3 .
:n1 a stsm:Need ; rdfs:label "Backups" .
:n2 a stsm:Need ; rdfs:label "Mail" .
:n3 a stsm:Need ; rdfs:label "Laptops" .
:n4 a stsm:Need ; rdfs:label "Nobody's" .
:n5 a stsm:Need ; rdfs:label "Old" ; stsm:status stsm:Retired .
:ann stsm:hasNeed :n5 .
:ops a stsm:ServiceLine ; rdfs:label "Operations" .
:work a stsm:ServiceLine ; rdfs:label "Workplace" .
:backup a stsm:StandardService ; rdfs:label "Backup" ; stsm:inServiceLine :ops , :work ;
    stsm:addresses :n1 ; stsm:deliveredBy :dc .
:mail a stsm:StandardService ; rdfs:label "Mail" ; stsm:inServiceLine :work ;
    stsm:addresses :n2 ; stsm:deliveredBy :disk .
:loose a stsm:StandardService ; rdfs:label "Loose" ; stsm:addresses :n4 .
:dc a stsm:ServiceSystem ; rdfs:label "Data centre" ; stsm:hasComponent :disk , :rack .
:disk a stsm:ServiceSystemComponent ; rdfs:label "Disk" ; stsm:dependsOn :rack .
:rack a stsm:ServiceSystemComponent ; rdfs:label "Rack" .
:spare a stsm:ServiceSystemComponent ; rdfs:label "Spare" .
:grow a stsm:StrategicObjective ; rdfs:label "Grow" .
:backup stsm:supports :grow .
"""


def _ids(*names: str) -> tuple[str, ...]:
    return tuple(sorted(EX + n for n in names))


def test_the_clusters_of_a_small_portfolio(build: Callable[[str], Portfolio]) -> None:
    o = overview(build(SMALL))
    got = {c.id: c for c in o.clusters}
    assert [c.label for c in o.clusters] == [
        "Customers", "End users", "Operations", "Workplace", "Data centre"
    ]  # fmt: skip
    assert [c.kind for c in o.clusters] == [CLUSTER_KINDS[i] for i in (0, 0, 1, 1, 2)]
    customers = got["stakeholders:Customer"]
    assert customers.members == _ids("acme", "zeta", "n1", "n2")
    # n1 is met by Backup, n2 by Mail (no levels): fully met; nothing unmet
    assert (customers.needs, customers.unmet, customers.fully_met) == (_ids("n1", "n2"), 0, 2)
    users = got["stakeholders:EndUser"]
    assert users.members == _ids("ann", "n3", "n5")  # the retired need is a member...
    assert users.needs == _ids("n3") and users.unmet_share == 1.0  # ...but has no state
    # a service in two lines is in the one with the smallest IRI
    assert got[EX + "ops"].members == _ids("ops", "backup")
    assert got[EX + "work"].members == _ids("work", "mail")
    assert got[EX + "work"].needs == _ids("n2")
    # a system concerns the needs of the services its members deliver
    dc = got[EX + "dc"]
    assert dc.members == _ids("dc", "disk", "rack") and dc.needs == _ids("n1", "n2")
    assert o.unclustered == (
        ("https://w3id.org/stsm#Need", 1),
        ("https://w3id.org/stsm#ServiceSystemComponent", 1),
        ("https://w3id.org/stsm#StandardService", 1),
        ("https://w3id.org/stsm#StrategicObjective", 1),
    )
    links = {(link.source, link.target): (link.count, link.names) for link in o.links}
    assert links == {
        (EX + "ops", "stakeholders:Customer"): (1, ("addresses",)),
        (EX + "work", "stakeholders:Customer"): (1, ("addresses",)),
        (EX + "ops", EX + "dc"): (1, ("deliveredBy",)),
        (EX + "work", EX + "dc"): (1, ("deliveredBy",)),
        (EX + "ops", EX + "work"): (1, ("inServiceLine",)),  # Backup, in both lines
    }
    assert (EX + "disk", "https://w3id.org/stsm#dependsOn", EX + "rack") in o.inner_links
    assert (EX + "backup", "https://w3id.org/stsm#inServiceLine", EX + "work") not in (
        o.inner_links
    )  # between two clusters: counted, not drawn inside one
    labels = {n.node: n.label for n in o.nodes}
    assert labels[EX + "n5"] == "Old" and len(labels) == len(o.cluster_of) == 14


def test_an_empty_portfolio_has_no_clusters(build: Callable[[str], Portfolio]) -> None:
    o = overview(build(""))
    assert (o.clusters, o.links, o.nodes, o.unclustered) == ((), (), (), ())


# ------------------------------------------------------------------ invariants, on random data
@st.composite
def portfolios(draw: st.DrawFn) -> str:
    """Return a random portfolio in Turtle: stakeholders, needs, lines, services, systems."""
    count = st.integers(0, 5)
    kinds = ["Customer", "EndUser", "Stakeholder"]
    people = [(f"p{i}", draw(st.sampled_from(kinds))) for i in range(draw(count))]
    needs = [f"n{i}" for i in range(draw(count))]
    lines = [f"l{i}" for i in range(draw(st.integers(0, 3)))]
    services = [f"s{i}" for i in range(draw(count))]
    systems = [f"y{i}" for i in range(draw(st.integers(0, 3)))]
    parts = [f"c{i}" for i in range(draw(count))]
    out = [f':{p} a stsm:{k} ; rdfs:label "{p}" .' for p, k in people]
    status = st.sampled_from(["", " ; stsm:status stsm:Retired", " ; stsm:status stsm:Planned"])
    out += [f':{n} a stsm:Need ; rdfs:label "{n}"{draw(status)} .' for n in needs]
    out += [f':{n} a stsm:ServiceLine ; rdfs:label "{n}" .' for n in lines]
    out += [f':{n} a stsm:StandardService ; rdfs:label "{n}"{draw(status)} .' for n in services]
    out += [f':{n} a stsm:ServiceSystem ; rdfs:label "{n}" .' for n in systems]
    out += [f':{n} a stsm:ServiceSystemComponent ; rdfs:label "{n}" .' for n in parts]

    def links(subjects: list[str], link: str, objects: list[str]) -> None:
        if subjects and objects:
            pairs = st.tuples(st.sampled_from(subjects), st.sampled_from(objects))
            out.extend(f":{s} stsm:{link} :{o} ." for s, o in draw(st.lists(pairs, max_size=6)))

    links([p for p, _k in people], "hasNeed", needs)
    links(services, "inServiceLine", lines)
    links(services, "addresses", needs)
    links(services, "deliveredBy", systems + parts)
    links(systems, "hasComponent", parts)
    links(parts, "dependsOn", parts)
    return "\n".join(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_every_node_is_in_one_cluster_or_none_and_the_counts_add_up(turtle: str) -> None:

    p = Portfolio()
    p.parse(PREFIXES + turtle, format="turtle")
    o = overview(p)
    graph = portfolio_graph(p)
    nodes = {n.node for n in graph.nodes}
    seen: list[str] = [m for c in o.clusters for m in c.members]
    assert len(seen) == len(set(seen))  # no node in two clusters
    assert set(seen) == set(o.cluster_of) and set(seen) <= nodes
    assert len(seen) + sum(n for _c, n in o.unclustered) == len(nodes)
    # the rule: a line, a system, a stakeholder is always in a cluster, by its own kind
    types = {n.node: (n.type or "").rsplit("#", 1)[-1] for n in graph.nodes}
    for node, kind in types.items():
        if kind in ("ServiceLine", "ServiceSystem"):
            assert o.cluster_of[node] == node
        elif kind in ("Customer", "EndUser", "Stakeholder"):
            assert o.cluster_of[node] == "stakeholders:" + kind
        elif kind not in ("StandardService", "ServiceSystemComponent", "Need"):
            assert node not in o.cluster_of
    owners: dict[str, set[str]] = {}
    for s, link, t in graph.links:
        name = link.rsplit("#", 1)[-1]
        if name == "inServiceLine":
            owners.setdefault(s, set()).add(t)
        elif name in ("hasComponent", "hasNeed"):
            owners.setdefault(t, set()).add(s)
    for node, by in owners.items():  # a member by a link: in its smallest owner's cluster
        assert o.cluster_of[node] == o.cluster_of[min(by)]
    # the states: each cluster's counts are those of need_states of its needs
    states = need_states(p)
    for c in o.clusters:
        assert set(c.needs) <= set(states)
        assert c.unmet == sum(states[n] == "unmet" for n in c.needs)
        assert c.partially_met == sum(states[n] == "partially met" for n in c.needs)
        assert c.unmet + c.partially_met + c.fully_met == len(c.needs)
        if c.kind == "stakeholder group":
            assert set(c.needs) == {m for m in c.members if m in states}
    # the links: every declared link between two clustered nodes, inside one or between two
    clustered = [(s, p_, t) for s, p_, t in graph.links if s in o.cluster_of and t in o.cluster_of]
    assert sum(link.count for link in o.links) + len(o.inner_links) == len(clustered)
    assert all(o.cluster_of[s] == o.cluster_of[t] for s, _p, t in o.inner_links)
