"""The traceability pictures: what each view draws, on every store, and a page that is safe.

The views are checked by their data (the nodes and edges handed to vis-network); the page by
what it must never contain (a fetch from the network, a label read as HTML).
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stores_under_test import STORES, make_portfolio
from strategies import portfolios

from stsm_graph import Portfolio, UnknownNodeError, model
from stsm_graph.analysis import NodeGraph, graph_size, impact, neighbourhood, portfolio_graph
from stsm_graph.authoring.document_text import dump_document
from stsm_graph.cli import main
from stsm_graph.errors import OutputError, ViewTooLargeError
from stsm_graph.stores.memory import MemoryStore
from stsm_graph.stores.remote import RemoteStore
from stsm_graph.viz import impact_view, save_html, to_html, traceability_view
from stsm_graph.viz import views as viz
from stsm_graph.viz.style import TAKEN_OUT, new_network

EX = "https://example.org/v/"
S = "https://w3id.org/stsm#"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "northwind-it-services.ttl"
PORTFOLIO = f"""
@prefix stsm: <{S}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix : <{EX}> .
:acme a stsm:Customer ; rdfs:label "ACME" ; stsm:hasNeed :met, :gap, :unmet, :old .
:met a stsm:Need ; rdfs:label "Met" .
:gap a stsm:Need ; rdfs:label "Gap" ; stsm:requiresLevel :req .
:req a stsm:LevelRequirement ; rdfs:label "RTO 4 h" ; stsm:metric "rto" ; stsm:targetValue 4 ;
    stsm:unit "h" ; stsm:comparator stsm:AtMost .
:unmet a stsm:Need ; rdfs:label "Unmet" .
:old a stsm:Need ; rdfs:label "Old" ; stsm:status stsm:Retired .
:backup a stsm:StandardService ; rdfs:label "Backup", "Sauvegarde" ; stsm:addresses :met, :gap ;
    stsm:hasServiceLevel :sl .
:sl a stsm:ServiceLevel ; rdfs:label "RTO 8 h" ; stsm:metric "rto" ; stsm:targetValue 8 ;
    stsm:unit "h" ; stsm:comparator stsm:AtMost .
:fax a stsm:StandardService ; rdfs:label "Fax" ; stsm:status stsm:Retired ; stsm:addresses :unmet .
:next a stsm:StandardService ; rdfs:label "Next" ; stsm:status stsm:Planned .
:grow a stsm:StrategicObjective ; rdfs:label "Grow" .
"""


@pytest.fixture(params=STORES)
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def portfolio(store_kind: str) -> Portfolio:
    p = make_portfolio(store_kind)
    p.parse(PORTFOLIO, format="turtle")
    return p


_DARK = {"background": "#af7aa1", "border": "#333333"}
#: a planned service's colour: a dark border, kept when hovered or selected (not vis's blue)
_PLANNED = {**_DARK, "highlight": _DARK, "hover": _DARK}


def _nodes_colour(node: dict[str, Any]) -> str:
    colour = node["color"]
    return str(colour["background"] if isinstance(colour, dict) else colour)


def _nodes(net: object) -> dict[str, tuple[str, str, str]]:
    """node -> (label, group, background colour)."""
    out = {}
    for n in net.nodes:  # type: ignore[attr-defined]
        colour = n["color"]["background"] if isinstance(n["color"], dict) else n["color"]
        out[n["id"][len(EX) :]] = (n["label"], n.get("kind", ""), colour)
    return out


def _edges(net: object) -> set[tuple[str, str, str]]:
    return {(e["from"][len(EX) :], e["label"], e["to"][len(EX) :]) for e in net.edges}  # type: ignore[attr-defined]


def test_the_traceability_view_draws_every_node_and_link(portfolio: Portfolio) -> None:
    net = traceability_view(portfolio)
    assert _nodes(net) == {
        "acme": ("ACME", "Customer", "#4e79a7"),
        "met": ("Met", "Need", "#59a14f"),  # fully met
        "gap": ("Gap", "Need", "#f28e2b"),  # covered below the level it requires
        "unmet": ("Unmet", "Need", "#e15759"),  # only a retired service addresses it
        "old": ("Old", "Need", "#bab0ac"),  # retired
        "req": ("RTO 4 h", "LevelRequirement", "#ff9da7"),
        "backup": ("Backup", "StandardService", "#af7aa1"),  # the smallest of two labels
        "sl": ("RTO 8 h", "ServiceLevel", "#ff9da7"),
        "fax": ("Fax", "StandardService", "#bab0ac"),  # retired
        "next": ("Next", "StandardService", "#af7aa1"),
        "grow": ("Grow", "StrategicObjective", "#76b7b2"),  # linked to nothing, still drawn
    }
    assert _edges(net) == {
        ("acme", "hasNeed", "met"),
        ("acme", "hasNeed", "gap"),
        ("acme", "hasNeed", "unmet"),
        ("acme", "hasNeed", "old"),
        ("gap", "requiresLevel", "req"),
        ("backup", "addresses", "met"),
        ("backup", "addresses", "gap"),
        ("backup", "hasServiceLevel", "sl"),
        ("fax", "addresses", "unmet"),
    }
    planned = next(n for n in net.nodes if n["id"] == EX + "next")
    assert planned["shapeProperties"] == {"borderDashes": [4, 3]}
    # one shape per group of classes, whatever the node's colour (retired: by its shape)
    shapes = {n["id"][len(EX) :]: n["shape"] for n in net.nodes}
    assert shapes == {
        "acme": "dot",
        "met": "dot",
        "gap": "dot",
        "unmet": "dot",
        "old": "dot",
        "req": "triangleDown",
        "backup": "diamond",
        "sl": "triangleDown",
        "fax": "diamond",
        "next": "diamond",
        "grow": "triangle",
    }
    gap = next(n for n in net.nodes if n["id"] == EX + "gap")
    assert gap["title"] == f"Gap\nNeed\n{EX}gap\nneed: partially met"


def test_a_view_around_nodes_keeps_those_within_the_radius(portfolio: Portfolio) -> None:
    one = traceability_view(portfolio, around=["backup"], radius=1)
    assert set(_nodes(one)) == {"backup", "met", "gap", "sl"}
    assert _edges(one) == {
        ("backup", "addresses", "met"),
        ("backup", "addresses", "gap"),
        ("backup", "hasServiceLevel", "sl"),
    }
    two = traceability_view(portfolio, around=["Backup", EX + "grow"], radius=2)
    assert set(_nodes(two)) == {"backup", "met", "gap", "sl", "acme", "req", "grow"}
    with pytest.raises(UnknownNodeError, match="nothing"):
        traceability_view(portfolio, around=["nothing"])
    # a node with neither a class nor a link is drawn alone
    portfolio.parse(
        f'<{EX}lonely> <http://www.w3.org/2000/01/rdf-schema#label> "Lonely" .', format="turtle"
    )
    assert _nodes(traceability_view(portfolio, around=["Lonely"])) == {
        "lonely": ("Lonely", "untyped", "#79706e")
    }
    # a need with no label, no link and no service is unmet, centred or not
    portfolio.parse(f"<{EX}bare> a <{S}Need> .", format="turtle")
    bare = _nodes(traceability_view(portfolio, around=[EX + "bare"]))
    assert bare == {"bare": (EX + "bare", "Need", "#e15759")}
    assert _nodes(traceability_view(portfolio))["bare"] == bare["bare"]
    for bad in (0, -1, True, 1.5):
        with pytest.raises(ValueError, match=f"radius takes .*; got {bad!r}"):
            traceability_view(portfolio, around=["backup"], radius=bad)  # type: ignore[arg-type]
    # an empty name is no centre: the whole picture, as around=[] is
    assert _nodes(traceability_view(portfolio, around="")) == _nodes(traceability_view(portfolio))
    # one node may be given alone, not only in a list
    assert _nodes(traceability_view(portfolio, around="Backup", radius=1)) == _nodes(one)


def test_the_impact_view_takes_the_nodes_that_change(portfolio: Portfolio) -> None:
    expected = impact_view(portfolio, impact(portfolio, ["backup", "Grow"]))
    assert impact_view(portfolio, ["backup", "Grow"]).nodes == expected.nodes
    assert (
        impact_view(portfolio, "Backup").nodes
        == impact_view(portfolio, impact(portfolio, "backup")).nodes
    )
    with pytest.raises(UnknownNodeError, match="nothing"):
        impact_view(portfolio, "nothing")


def test_a_view_too_large_to_draw_is_refused(
    portfolio: Portfolio, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert len(traceability_view(portfolio, max_nodes=11).nodes) == 11
    monkeypatch.setattr(viz, "portfolio_graph", _unread)  # counted first: refused unread
    with pytest.raises(ViewTooLargeError, match="would hold 11 nodes, more than the 10"):
        traceability_view(portfolio, max_nodes=10)
    with pytest.raises(ViewTooLargeError, match="would hold 5 nodes, more than the 4"):
        impact_view(portfolio, impact(portfolio, "sl"), max_nodes=4)
    assert len(impact_view(portfolio, impact(portfolio, "sl"), max_nodes=5).nodes) == 5


def _typed(graph: NodeGraph) -> nx.MultiDiGraph:
    """The analysis's node graph as networkx's, keyed by predicate as the picture draws it."""
    out = nx.MultiDiGraph()
    for n in graph.nodes:
        out.add_node(n.node, type=n.type, label=n.label, status=n.status)
    out.add_edges_from((s, o, p) for s, p, o in graph.links)
    return out


def _unread(portfolio: Portfolio) -> None:
    raise AssertionError("the whole picture was read")


@pytest.mark.parametrize("kind", STORES)
def test_the_count_that_refuses_a_whole_picture_is_its_size(kind: str) -> None:
    for text in (PORTFOLIO, AWKWARD, "# nothing"):
        p = make_portfolio(kind)
        p.parse(text, format="turtle")
        assert graph_size(p) == len(portfolio_graph(p).nodes)


@settings(max_examples=40, deadline=None)
@given(doc=portfolios())
def test_the_count_is_the_size_of_any_whole_picture(doc: model.PortfolioDocument) -> None:
    p = Portfolio()
    p.parse(dump_document(doc), format="yaml")
    assert graph_size(p) == len(portfolio_graph(p).nodes) == len(traceability_view(p).nodes)


def test_the_impact_view_draws_each_node_from_where_the_change_reached_it(
    portfolio: Portfolio,
) -> None:
    net = impact_view(portfolio, impact(portfolio, "sl"))
    star = next(n for n in net.nodes if n["id"] == EX + "sl")
    assert star["title"] == f"RTO 8 h\nServiceLevel, changed\n{EX}sl"
    assert _nodes(net) == {
        "sl": ("RTO 8 h", "ServiceLevel", "#e15759"),  # the change: a red star
        "backup": ("Backup", "StandardService", "#af7aa1"),
        "met": ("Met", "Need", "#59a14f"),  # needs coloured by coverage, as in the other view
        "gap": ("Gap", "Need", "#f28e2b"),
        "acme": ("ACME", "Customer", "#4e79a7"),
    }
    # each link in its own direction, the one that explains the node it reaches
    assert _edges(net) == {
        ("backup", "hasServiceLevel", "sl"),
        ("backup", "addresses", "met"),
        ("backup", "addresses", "gap"),
        ("acme", "hasNeed", "gap"),  # Gap < Met: ties go to the smallest predecessor
    }


def test_the_impact_view_shows_status_as_the_other_view_does(store_kind: str) -> None:
    p = make_portfolio(store_kind)
    p.parse(
        f"""@prefix stsm: <{S}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix : <{EX}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        :sys a stsm:ServiceSystem ; rdfs:label "Platform" .
        :old a stsm:StandardService, owl:NamedIndividual ; rdfs:label "Old" ;
            stsm:status stsm:Retired ; stsm:deliveredBy :sys .
        :new a stsm:StandardService ; rdfs:label "New" ; stsm:status stsm:Planned ;
            stsm:deliveredBy :sys .
        :now a stsm:StandardService ; rdfs:label "Now" ; stsm:deliveredBy :sys .""",
        format="turtle",
    )
    drawn = {n["id"][len(EX) :]: n for n in impact_view(p, impact(p, "sys")).nodes}
    assert {k: (n["color"], n.get("shapeProperties")) for k, n in drawn.items()} == {
        "sys": ({"background": "#e15759", "border": "#7a1f20"}, None),
        "old": ("#bab0ac", None),  # retired: grey
        "new": (_PLANNED, {"borderDashes": [4, 3]}),  # planned: dark dashes
        "now": ("#af7aa1", None),
    }
    assert drawn["old"]["title"].endswith("status: Retired")
    assert drawn["old"]["kind"] == "StandardService"  # not owl:NamedIndividual
    picture = {n["id"][len(EX) :]: n for n in traceability_view(p).nodes}
    for node in ("old", "new", "now"):
        assert picture[node]["color"] == drawn[node]["color"]
        assert picture[node]["kind"] == drawn[node]["kind"]


examples = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_example = Portfolio.open(EXAMPLE)
_example_nodes = sorted(_example.to_networkx())
_example_view = traceability_view(_example)


WHATIF = f"""
@prefix stsm: <{S}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix : <{EX}> .
:comp a stsm:ServiceSystemComponent ; rdfs:label "Comp" .
:sys a stsm:ServiceSystem ; rdfs:label "Sys" ; stsm:hasComponent :comp .
:s1 a stsm:StandardService ; rdfs:label "S1" ; stsm:deliveredBy :sys ; stsm:addresses :n1, :n2 ;
    stsm:hasServiceLevel :l1 .
:s2 a stsm:StandardService ; rdfs:label "S2" ; stsm:addresses :n2 ; stsm:hasServiceLevel :l2 .
:s3 a stsm:StandardService ; rdfs:label "S3" ; stsm:deliveredBy :sys ; stsm:status stsm:Planned .
:s4 a stsm:StandardService ; rdfs:label "S4" ; stsm:deliveredBy :sys ; stsm:addresses :n4 .
:n1 a stsm:Need ; rdfs:label "N1" .
:n2 a stsm:Need ; rdfs:label "N2" ; stsm:requiresLevel :r .
:n4 a stsm:Need ; rdfs:label "N4" ; stsm:requiresLevel :r .
:r a stsm:LevelRequirement ; stsm:metric "rto" ; stsm:targetValue 4 ; stsm:comparator stsm:AtMost .
:l1 a stsm:ServiceLevel ; stsm:metric "rto" ; stsm:targetValue 2 ; stsm:comparator stsm:AtMost .
:l2 a stsm:ServiceLevel ; stsm:metric "rto" ; stsm:targetValue 8 ; stsm:comparator stsm:AtMost .
"""


def test_the_impact_view_of_retiring_draws_the_needs_as_they_would_be(store_kind: str) -> None:
    p = make_portfolio(store_kind)
    p.parse(WHATIF, format="turtle")
    now = {n["id"][len(EX) :]: n for n in impact_view(p, impact(p, "comp")).nodes}
    then = {n["id"][len(EX) :]: n for n in impact_view(p, impact(p, "comp", retire=True)).nodes}
    assert set(now) == set(then) == {"comp", "sys", "s1", "s3", "s4", "n1", "n2", "n4"}
    colours = {
        k: (_nodes_colour(now[k]), _nodes_colour(then[k])) for k in ("s1", "s4", "n1", "n2", "n4")
    }
    assert colours == {
        "s1": ("#af7aa1", TAKEN_OUT),  # taken out of service: not the grey of retired
        "s4": ("#af7aa1", TAKEN_OUT),
        "n1": ("#59a14f", "#e15759"),  # its only service goes: fully met -> unmet
        "n2": ("#59a14f", "#f28e2b"),  # S2 stays, below the level: fully met -> partially met
        "n4": ("#f28e2b", "#e15759"),  # partially met (no level offered) -> unmet
    }
    assert then["n1"]["title"].endswith("need: fully met, unmet once retired")
    assert then["n2"]["title"].endswith("need: fully met, partially met once retired")
    assert then["s1"]["title"].endswith("taken out of service")
    # a planned service is not taken out of service: it is drawn as it is
    assert then["s3"]["color"] == now["s3"]["color"] == _PLANNED
    assert then["s3"]["shapeProperties"] == {"borderDashes": [4, 3]}
    assert (now["sys"], now["comp"]) == (then["sys"], then["comp"])


@examples
@given(node=st.sampled_from(_example_nodes), depth=st.one_of(st.none(), st.integers(1, 3)))
def test_every_impact_edge_is_a_link_of_the_portfolio_and_explains_its_node(
    node: str, depth: int | None
) -> None:
    report = impact(_example, node, max_depth=depth)
    net = impact_view(_example, report)
    graph = _example.to_networkx()
    distance = {a.node: a.distance for a in report.affected} | dict.fromkeys(report.changed, 0)
    assert {n["id"] for n in net.nodes} == set(distance)
    reached: dict[str, int] = {}
    for e in net.edges:
        assert graph.has_edge(e["from"], e["to"], key=e["title"])  # a real link triple
        assert e["label"] == e["title"].rsplit("#", 1)[-1]
        ends = sorted((e["from"], e["to"]), key=lambda n: distance[n])
        assert distance[ends[1]] == distance[ends[0]] + 1
        reached[ends[1]] = reached.get(ends[1], 0) + 1
    # every affected node is reached by exactly one edge, the changed nodes by none
    assert reached == dict.fromkeys((a.node for a in report.affected), 1)
    # and drawn as the whole picture draws it: colour (a need by its coverage), border
    whole = {n["id"]: n for n in _example_view.nodes}
    for n in net.nodes:
        if n["id"] not in report.changed:
            seen = whole[n["id"]]
            assert (n["color"], n.get("shapeProperties"), n["kind"]) == (
                seen["color"],
                seen.get("shapeProperties"),
                seen["kind"],
            )


def test_the_impact_view_colours_only_needs_by_coverage(store_kind: str) -> None:
    p = make_portfolio(store_kind)
    p.parse(
        f"""@prefix stsm: <{S}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix : <{EX}> .
        :svc a stsm:StandardService ; stsm:addresses :met, :gone, :both, :fake .
        :met a stsm:Need . :gone a stsm:Need ; stsm:status stsm:Retired .
        :both a stsm:Need, stsm:Evidence .
        :fake a stsm:Capability .
        :acme a stsm:Customer ; stsm:hasNeed :met .""",
        format="turtle",
    )
    report = impact(p, "svc")
    whole = {n["id"][len(EX) :]: n["color"] for n in traceability_view(p).nodes}
    # the picture reads the coverage of its own needs only, never every need's
    import stsm_graph.analysis as analysis

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(analysis, "need_facts", _unread)
        drawn = {n["id"][len(EX) :]: n["color"] for n in impact_view(p, report).nodes}
    assert drawn["met"] == drawn["both"] == "#59a14f"  # typed stsm:Need: fully met
    assert drawn["gone"] == "#bab0ac"  # a retired need is grey, not coloured by coverage
    assert drawn["fake"] == "#edc948"  # a capability, whatever it is linked by
    assert {k: v for k, v in drawn.items() if k != "svc"} == {
        k: v for k, v in whole.items() if k not in ("svc",)
    }


@examples
@given(
    centres=st.lists(st.sampled_from(_example_nodes), min_size=1, max_size=3, unique=True),
    radius=st.integers(1, 3),
)
def test_a_centred_view_is_the_whole_view_cut_to_the_radius(
    centres: list[str], radius: int
) -> None:
    # the walk reads only what it draws; it must draw what cutting the whole picture gives
    whole = _typed(portfolio_graph(_example))
    undirected = whole.to_undirected(as_view=True)
    keep: set[str] = set()
    for centre in centres:
        keep |= set(nx.single_source_shortest_path_length(undirected, centre, radius))
    expected = whole.subgraph(keep)
    walked = _typed(neighbourhood(_example, centres, radius))
    assert dict(walked.nodes(data=True)) == dict(expected.nodes(data=True))
    assert set(walked.edges(keys=True)) == set(expected.edges(keys=True))
    # and each node is drawn as in the whole picture: colour, tooltip (need state), label
    centred = traceability_view(_example, around=centres, radius=radius, max_nodes=10_000)
    # (where it stands, and its trace, depend on what else is drawn: positions and traces are
    # left out)
    assert [_unplaced(_uncentred(n)) for n in centred.nodes] == [
        _unplaced(n) for n in _example_view.nodes if n["id"] in keep
    ]
    assert {n["id"] for n in centred.nodes if n.get("centre")} == set(centres)
    if len(keep) > 1:
        with pytest.raises(ViewTooLargeError):
            traceability_view(_example, around=centres, radius=radius, max_nodes=len(keep) - 1)


def _unplaced(node: dict[str, object]) -> dict[str, object]:
    """A node without its position in the layered layout, nor its trace (in what is drawn)."""
    return {k: v for k, v in node.items() if k not in ("x", "y", "trace", "line_trace")}


def _uncentred(node: dict[str, object]) -> dict[str, object]:
    """A centre as the whole picture draws it: its colour, size and title without the mark."""
    if not node.get("centre"):
        return node
    out = {k: v for k, v in node.items() if k not in ("centre", "size", "borderWidth")}
    colour = node["color"]
    assert isinstance(colour, dict) and colour["border"] == "#333333"
    assert node["borderWidth"] == 4 and node["size"] == 18
    title = str(node["title"])
    assert title.endswith("\ncentre of the picture")
    out["title"] = title.removesuffix("\ncentre of the picture")
    if node.get("shapeProperties"):  # planned as well: its dashed border stays
        out["borderWidth"] = 2
    else:
        out["color"] = colour["background"]
    return out


AWKWARD = f"""
@prefix stsm: <{S}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix : <{EX}> .
:need a stsm:Need ; rdfs:label "Need" .
:svc stsm:addresses :need ; stsm:status stsm:Retired ; stsm:dependsOn :svc .
:mine stsm:changePropagation stsm:SubjectToObject .
:other a stsm:Capability ; :mine :svc ; rdfs:label "B", "A" .
:lone stsm:status stsm:Planned .
"""


@pytest.mark.parametrize("kind", ["oxigraph", "memory"])
def test_a_centred_view_draws_what_the_whole_view_draws_on_awkward_data(kind: str) -> None:
    # untyped nodes with a status, a user's own link, a self-loop and, on the memory store
    # (data the library did not load), a blank node and a malformed IRI
    from rdflib import BNode, Graph, URIRef

    if kind == "memory":
        g = Graph()
        g.parse(data=AWKWARD, format="turtle")
        g.add((URIRef(EX + "other"), URIRef(S + "informs"), URIRef("urn:bad iri")))
        g.add((BNode(), URIRef(S + "addresses"), URIRef(EX + "need")))
        p = Portfolio(MemoryStore(g))
    else:
        p = make_portfolio(kind)
        p.parse(AWKWARD, format="turtle")
    whole = traceability_view(p)
    assert _nodes(whole)["svc"][2] == "#bab0ac"  # retired, though it has no class
    by_id = {n["id"]: n for n in whole.nodes}
    assert all(n.startswith(EX) for n in by_id)  # only valid IRIs are drawn
    full = _typed(portfolio_graph(p)).to_undirected(as_view=True)
    for centre in sorted(by_id):
        for radius in (1, 2, 3):
            keep = set(nx.single_source_shortest_path_length(full, centre, radius))
            centred = traceability_view(p, around=[centre], radius=radius)
            assert [_unplaced(_uncentred(n)) for n in centred.nodes] == [
                _unplaced(by_id[n]) for n in sorted(keep)
            ]
            # (the whole picture names its links on hover only: "quiet")
            assert sorted(map(str, centred.edges)) == sorted(
                str({k: v for k, v in e.items() if k != "quiet"})
                for e in whole.edges
                if e["from"] in keep and e["to"] in keep
            )


def test_the_views_are_the_same_on_every_store() -> None:
    views = []
    for kind in STORES:
        p = make_portfolio(kind)
        p.load(EXAMPLE)
        views.append(
            (
                traceability_view(p).nodes,
                sorted(map(str, traceability_view(p).edges)),
                impact_view(p, impact(p, "comp-dc-slough")).nodes,
                traceability_view(p, around=["comp-dc-slough"], radius=2).nodes,
                sorted(map(str, traceability_view(p, around=["comp-dc-slough"]).edges)),
            )
        )
    assert all(v == views[0] for v in views[1:])


# ---------------------------------------------------------------------- the page
EVIL = '</script><img src=x onerror="alert(1)">&amp;'


def test_the_page_reads_every_label_as_data_and_fetches_nothing() -> None:
    p = Portfolio()
    p.add(model.StandardService(id="s", label=EVIL), base=EX)
    net = traceability_view(p)
    page = to_html(net, title=EVIL, subtitle=EVIL)
    assert "</script><img" not in page and "<img" not in page
    # <title>, <h1> and subtitle, and the service's column in each matrix, escaped
    assert page.count("&lt;/script&gt;&lt;img") == 5
    # the nodes reach vis-network as JSON, which reads back to the very label
    data = re.search(r"new vis\.DataSet\((\[.*?\])\);", page, re.S)
    assert data is not None
    assert json.loads(data.group(1))[0]["label"] == EVIL
    # nothing is loaded from elsewhere, and the browser is told to load nothing
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page, re.I)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "sourceMappingURL" not in page  # developer tools would fetch the map
    assert page.count("\n<script>") == 3  # vis-network, the data, the page's own
    # only those three scripts may run: the policy names each by its hash, and nothing else
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    allowed = re.search(r"script-src ([^;]*);", page)
    assert allowed is not None and len(scripts) == 3
    # the page's own script writes text, never HTML
    assert "innerHTML" not in scripts[2] and "insertAdjacentHTML" not in scripts[2]
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in scripts
    }
    assert set(allowed.group(1).split()) == hashes


def test_the_impact_page_explains_its_star_and_a_large_page_skips_the_slow_layout(
    portfolio: Portfolio,
) -> None:
    page = to_html(impact_view(portfolio, impact(portfolio, EX + "backup")), title="I")
    assert '<li class="star">' in page and "</svg>changed</li>" in page
    assert '"improvedLayout": true' in page
    assert '<li class="star">' not in to_html(traceability_view(portfolio), title="T")
    p = Portfolio()
    p.add(*(model.Need(id=f"n{i}", label=f"N{i}") for i in range(151)), base=EX)
    assert '"improvedLayout": false' in to_html(traceability_view(p), title="T")
    # the caller's own layout options stay; improvedLayout only where they say nothing
    net = traceability_view(p)
    net.options["layout"] = {"randomSeed": 7}
    assert '"layout": {"improvedLayout": false, "randomSeed": 7}' in to_html(net, title="T")
    net.options["layout"] = {"improvedLayout": True}
    assert '"layout": {"improvedLayout": true}' in to_html(net, title="T")


def _legend(page: str) -> list[str]:
    return re.findall(r"</svg>([^<]*)</li>", page.split('<ul class="legend">')[1])


def test_the_legend_names_only_the_colours_drawn(portfolio: Portfolio) -> None:
    assert _legend(to_html(traceability_view(portfolio), title="T")) == [
        "customer, end user",
        "need: unmet",
        "need: partially met",
        "need: fully met",
        "objective",
        "standard service",
        "level, level requirement",
        "retired (any kind, by its shape)",
        "planned (dashed border)",
    ]
    around = traceability_view(portfolio, around="sl", radius=1)
    assert _legend(to_html(around, title="T")) == [
        "standard service",
        "level, level requirement",
        "centre (thick border)",
    ]
    assert _legend(to_html(impact_view(portfolio, "grow"), title="T")) == ["changed"]
    p = Portfolio()
    assert _legend(to_html(traceability_view(p), title="T")) == []


def test_every_category_has_its_own_colour_and_shape() -> None:
    from stsm_graph.viz.style import CLASS_COLOURS, CLASS_SHAPES, LEGEND, LEGEND_CHANGED

    colours = [c for _name, c, _shape in LEGEND] + [LEGEND_CHANGED[1]]
    # the changed star shares the unmet red, but never in a legend that could confuse it
    assert len(set(colours)) == len(colours) - 1
    # the legend draws each class as the picture does
    shape_of = {colour: shape for _name, colour, shape in LEGEND}
    for cls, colour in CLASS_COLOURS.items():
        assert shape_of[colour] == CLASS_SHAPES.get(cls, "dot"), cls

    def lab(colour: str) -> tuple[float, float, float]:  # sRGB -> CIE L*a*b* (D65)
        def linear(c: float) -> float:
            return ((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92

        r, g, b = (linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
        xyz = (
            (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
            0.2126 * r + 0.7152 * g + 0.0722 * b,
            (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
        )
        fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
        return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)

    retired = next(c for name, c, _shape in LEGEND if name.startswith("retired"))
    for i, (a, ca, sa) in enumerate(LEGEND):
        for b, cb, sb in LEGEND[i + 1 :]:
            apart = math.dist(lab(ca), lab(cb))
            # CIE76: two classes drawn in one shape must differ at a glance (a service and
            # its service line, two shades of one hue on purpose, are 16 apart); and grey,
            # which a retired node of any shape takes, must stand apart from every colour
            if sa == sb or retired in (ca, cb):
                assert apart >= (15 if sa == sb else 20), (a, b)


def test_save_html_writes_the_page_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = Portfolio()
    p.parse(PORTFOLIO, format="turtle")
    net = traceability_view(p)
    target = tmp_path / "view.html"
    save_html(net, target, title="T")
    assert target.read_text(encoding="utf-8") == to_html(net, title="T")
    target.write_text("old", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        raise OSError("rename refused")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="rename refused"):
        save_html(net, target, title="T")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(f.name for f in tmp_path.iterdir()) == ["view.html"]
    monkeypatch.undo()
    # a symbolic link stays a link, and the file it points to gets the page
    real, link = tmp_path / "real.html", tmp_path / "link.html"
    real.write_text("old", encoding="utf-8")
    link.symlink_to(real)
    save_html(net, link, title="T")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == to_html(net, title="T")
    with pytest.raises(OutputError, match="does not exist"):
        save_html(net, tmp_path / "missing" / "view.html", title="T")
    with pytest.raises(OutputError, match="it is a directory"):
        save_html(net, tmp_path, title="T")


# ---------------------------------------------------------------------- the command
def _run(*argv: str) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_view_command_writes_a_page(tmp_path: Path) -> None:
    target = tmp_path / "t.html"
    code, out, err = _run("view", str(EXAMPLE), "-o", str(target))
    assert (code, err) == (0, "")
    net = traceability_view(_example)
    counts = f"{len(net.nodes)} nodes, {len(net.edges)} links"
    assert out == f"wrote {target} ({counts}): open it in a browser\n"
    assert "<title>Traceability</title>" in target.read_text(encoding="utf-8")
    code, out, _ = _run("view", str(EXAMPLE), "comp-dc-slough", "--impact", "-o", str(target))
    assert code == 0 and out.startswith(f"wrote {target} (")
    assert "<title>Impact of changing Slough data centre</title>" in target.read_text("utf-8")
    argv = ["view", str(EXAMPLE), "svc-managed-backup", "--radius", "1", "-o", str(target)]
    assert _run(*argv)[0] == 0
    assert "<title>Traceability around Managed Backup</title>" in target.read_text("utf-8")
    argv = ["view", str(EXAMPLE), "comp-dc-slough", "--impact", "--retire", "-o", str(target)]
    code, out, err = _run(*argv)
    assert (code, err) == (0, "")
    w = impact(_example, "comp-dc-slough", retire=True).whatif
    assert w is not None
    assert out.splitlines()[1] == (
        f"If retired: {len(w.taken_out_of_service)} services taken out of service "
        "(white, red border); "
        f"{len(w.newly_unmet_needs)} needs newly unmet, {len(w.lost_full_level_needs)} no "
        "longer at their levels (coloured so)"
    )
    assert "<title>Impact of retiring Slough data centre</title>" in target.read_text("utf-8")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--impact"], "--impact needs the nodes that change: name one or more NODEs"),
        (["--depth", "2"], "--depth goes with --impact"),
        (["x", "--retire"], "--retire goes with --impact: view NODE... --impact --retire"),
        (["x", "--impact", "--radius", "1"], "--radius goes with a picture around nodes"),
        (["x", "--radius", "0"], "--radius takes a whole number of links, 1 or more"),
        (["--radius", "1"], "--radius needs the nodes to centre the picture on"),
        (
            ["--max-nodes", "5", "--no-overview"],
            "would hold 221 nodes, more than --max-nodes 5: give NODEs to centre it on, draw "
            "its --overview, or",
        ),
        (["svc-managed-backup", "--max-nodes", "5"], "5: give a smaller --radius, or raise"),
        (["comp-dc-reading", "--impact", "--max-nodes", "5"], "give a smaller --depth, or"),
        (["no-such-node"], "no-such-node is not a node of this portfolio"),
        (["x", "--overview"], "--overview draws the whole portfolio: name no NODE"),
    ],
)
def test_the_view_command_explains_what_is_wrong(
    tmp_path: Path, argv: list[str], message: str
) -> None:
    target = tmp_path / "t.html"
    code, out, err = _run("view", str(EXAMPLE), *argv, "-o", str(target))
    assert (code, out) == (2, "")
    assert message in err and "Traceback" not in err
    assert not target.exists()


def test_the_view_command_will_not_write_over_a_directory(tmp_path: Path) -> None:
    code, out, err = _run("view", str(EXAMPLE), "-o", str(tmp_path))
    assert (code, out) == (2, "")
    assert (
        err == f"stsm-graph: error: cannot write {tmp_path}: it is a directory; name a file in it\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif("remote" not in STORES, reason="no SPARQL server to test against")
def test_the_view_command_draws_an_impact_from_a_server(tmp_path: Path) -> None:
    p = make_portfolio("remote")
    p.load(EXAMPLE)
    store = p.store
    assert isinstance(store, RemoteStore) and store.graph is not None
    target = tmp_path / "i.html"
    endpoint = ["--endpoint", store.query_url, "--graph", store.graph]
    code, out, err = _run("view", *endpoint, "comp-dc-reading", "--impact", "-o", str(target))
    assert (code, err) == (0, "")
    expected = impact_view(_example, impact(_example, "comp-dc-reading"))
    assert out.startswith(f"wrote {target} ({len(expected.nodes)} nodes, ")
    store.clear()


def test_the_legend_reads_a_callers_own_network_without_guessing() -> None:
    net = new_network()
    net.add_node("urn:x:a", label="A", shape="star", color="#000000")  # a star, not ours
    net.add_node("urn:x:b", label="B", shapeProperties={"interpolation": False})
    net.add_node("urn:x:c", label="C", color=7)  # neither text nor an object
    net.add_node("urn:x:d", label="D", color={"background": "#e15759"})
    assert _legend(to_html(net, title="T")) == ["need: unmet"]


def test_the_whatif_legend_tells_taken_out_of_service_from_retired() -> None:
    from stsm_graph.viz.page import legend

    report = impact(_example, "comp-dc-slough", retire=True)
    assert report.whatif is not None and report.whatif.taken_out_of_service
    net = impact_view(_example, report)
    names = [name for name, _colour, _shape in legend(net.nodes)]
    assert "taken out of service by the what-if" in names
    taken = {n["id"] for n in net.nodes if _nodes_colour(n) == TAKEN_OUT}
    assert taken == set(report.whatif.taken_out_of_service)
    # a plain impact takes nothing out of service
    plain = impact_view(_example, impact(_example, "comp-dc-slough"))
    assert "taken out of service by the what-if" not in [e[0] for e in legend(plain.nodes)]


def test_the_view_command_takes_a_title_and_a_layout(tmp_path: Path) -> None:
    target = tmp_path / "v.html"
    argv = ["view", str(EXAMPLE), "svc-managed-backup", "-o", str(target)]
    assert _run(*argv, "--title", "Backup <review>")[0] == 0
    page = target.read_text("utf-8")
    assert (
        "<title>Backup &lt;review&gt;</title>" in page and '"physics": {"enabled": false}' in page
    )
    assert _run(*argv, "--layout", "force")[0] == 0
    page = target.read_text("utf-8")
    assert "<title>Traceability around Managed Backup</title>" in page
    assert "forceAtlas2Based" in page and '"x":' not in page
    code, _out, err = _run(*argv, "--layout", "circle")
    assert code == 2 and "invalid choice: 'circle'" in err
    with pytest.raises(ValueError, match="layout takes one of layered, force"):
        traceability_view(_example, layout="circle")


def test_a_picture_shows_itself_inline_in_jupyter() -> None:
    import html

    net = impact_view(_example, impact(_example, "comp-dc-slough", retire=True))
    assert net.title == "Impact of retiring Slough data centre"
    frame = net._repr_html_()
    assert frame.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts"' in frame
    page = html.unescape(frame.split('srcdoc="', 1)[1].split('" sandbox=', 1)[0])
    assert page == to_html(net, title=net.title)
    assert "<" not in frame.split('srcdoc="', 1)[1].split('" sandbox=', 1)[0]
    p = Portfolio()
    p.add(model.StandardService(id="s", label=EVIL), base=EX)
    evil = traceability_view(p, around="s")
    assert evil.title == "Traceability around " + EVIL
    assert "<img" not in evil._repr_html_().split('" sandbox=')[0]


def test_the_matrices_put_gaps_first_and_say_the_same_on_every_store() -> None:
    from stsm_graph.analysis import coverage, need_states
    from stsm_graph.viz.matrix import matrices

    found = []
    for kind in STORES:
        p = make_portfolio(kind)
        p.load(EXAMPLE)
        found.append(matrices(p))
    assert all(f == found[0] for f in found[1:])
    needs, objectives = found[0]
    states = [state for _r, _l, state in needs.rows]
    assert states == sorted(states, key=["unmet", "partially met", "met", "retired"].index)
    report = coverage(_example)
    assert {r for r, _l, _s in needs.rows} == set(report.needs_matrix.rows)
    assert set(needs.cells) == set(report.needs_matrix.links)
    assert set(objectives.cells) == set(report.objectives_matrix.links)
    drawn_states = need_states(_example)
    for (need, _service), cell in needs.cells.items():
        if cell in ("met", "partially met"):
            assert drawn_states[need] == ("fully met" if cell == "met" else cell)
    assert "planned" in needs.cells.values()  # the planned FinOps service
    page = to_html(_example_view, title="T")
    assert page.count('<table class="matrix"') == 2
    assert page.count('data-state="') == len(needs.cells) + len(objectives.cells)
    # a picture around nodes has no matrices
    assert '<table class="matrix"' not in to_html(
        traceability_view(_example, around="svc-managed-backup"), title="T"
    )


# ------------------------------------------------------------------------------ the overview
def test_the_whole_picture_past_max_nodes_is_an_overview(tmp_path: Path) -> None:
    from stsm_graph.analysis import overview

    target = tmp_path / "o.html"
    code, out, err = _run("view", str(EXAMPLE), "--max-nodes", "5", "-o", str(target))
    assert (code, err) == (0, "")
    p = Portfolio()
    p.load(EXAMPLE)
    found = overview(p)
    members = sum(len(c.members) for c in found.clusters)
    assert out == (
        f"wrote {target} ({len(found.clusters)} clusters of {members} nodes): "
        "open it in a browser\n"
    )
    page = target.read_text("utf-8")
    assert "const overview = " in page and "<title>Portfolio overview</title>" in page
    # forced either way
    code, out, _err = _run("view", str(EXAMPLE), "--overview", "-o", str(target))
    assert code == 0 and "clusters of" in out
    code, out, _err = _run("view", str(EXAMPLE), "--no-overview", "-o", str(target))
    assert (
        code == 0
        and "clusters of" not in out
        and "const overview" not in (target.read_text("utf-8"))
    )


def test_the_overview_draws_each_cluster_from_the_analysis() -> None:
    from stsm_graph.analysis import overview
    from stsm_graph.viz import overview_view

    p = Portfolio()
    p.load(EXAMPLE)
    found = overview(p)
    net = overview_view(p, result=found)
    drawn = {n["id"]: n for n in net.nodes if "members" in n}
    assert list(drawn) == [c.id for c in found.clusters]
    for c in found.clusters:
        n = drawn[c.id]
        assert (n["members"], n["needs"], n["unmet"], n["kind"]) == (
            len(c.members), len(c.needs), c.unmet, c.kind
        )  # fmt: skip
    assert len(net.edges) == len(found.links)
    assert {(e["from"], e["to"], e["count"]) for e in net.edges} == {
        (lk.source, lk.target, lk.count) for lk in found.links
    }
    data = net.overview
    assert data is not None and len(data["members"]) == len(found.nodes)
    assert len(data["links"]) == len(found.inner_links)
    # every member in its cluster, by number
    assert all(data["clusters"][m[3]] == found.cluster_of[m[0]] for m in data["members"])
    # the nodes in no cluster, counted by kind, in words a person reads
    assert data["unclustered"] and [n for _k, n in data["unclustered"]] == [
        n for _c, n in found.unclustered
    ]
    for kind, _n in data["unclustered"]:  # words, not CamelCase ("SLA template" keeps SLA)
        first, *rest = kind.split()
        assert (first.isupper() or first[1:].islower()) and all(
            w.islower() or w.isupper() for w in rest
        ), kind
    with pytest.raises(ValueError, match="max_members takes a whole number"):
        overview_view(p, max_members=0)


def test_a_hostile_label_reaches_the_overview_as_text() -> None:
    from stsm_graph.viz import overview_view

    p = Portfolio()
    evil = '</script><img src=x onerror="alert(1)">'
    p.add(
        model.ServiceLine(id="l", label=evil),
        model.StandardService(id="s", label=evil, in_service_line=["l"]),
        base="https://example.org/v/",
    )
    page = to_html(overview_view(p), title=evil)
    assert "</script><img" not in page and "<img" not in page
