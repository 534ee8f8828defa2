"""Each node's whole trace (``analysis.traces``): known answers, and the walk it replaces.

The pictures' page walked the trace itself before (``view.js``); :func:`walked` is that walk,
node by node, kept here as the oracle the one-pass bit-set answer must equal.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from stsm_graph import Portfolio
from stsm_graph.analysis import GraphNode, NodeGraph, portfolio_graph, tier_of, traces

from .conftest import EX

S = "https://w3id.org/stsm#"

PORTFOLIO = """
:acme a stsm:Customer ; stsm:hasNeed :n1 .
:beta a stsm:Customer ; stsm:hasNeed :n2 .
:user a stsm:EndUser .
:n1 a stsm:Need . :n2 a stsm:Need .
:s1 a stsm:StandardService ; stsm:addresses :n1 ; stsm:deliveredBy :sys ;
    stsm:inServiceLine :line .
:s2 a stsm:StandardService ; stsm:addresses :n2 ; stsm:dependsOn :s1 .
:s3 a stsm:StandardService ; stsm:inServiceLine :other .
:sys a stsm:ServiceSystem ; stsm:hasComponent :c .
:c a stsm:ServiceSystemComponent .
:line a stsm:ServiceLine . :other a stsm:ServiceLine . :empty a stsm:ServiceLine .
:cat a stsm:ServiceCatalog ; stsm:lists :s1, :s2, :s3 .
"""


def _names(nodes: frozenset[str]) -> set[str]:
    return {n.removeprefix(EX) for n in nodes}


def test_the_traces_of_a_small_portfolio(build: Callable[[str], Portfolio]) -> None:
    found = traces(portfolio_graph(build(PORTFOLIO)))
    trace = {n.removeprefix(EX): _names(t) for n, t in found.trace.items()}
    # a component: up to every service resting on it (s2 depends on s1), their needs, their
    # stakeholders, and the catalog listing them; not the line (a link within a band between
    # two classes is no step) nor the service s3 the catalog lists beside them
    assert trace["c"] == {"c", "sys", "s1", "s2", "n1", "n2", "acme", "beta", "cat"}
    # a stakeholder: down to its needs, their services, what those use and rest on
    assert trace["acme"] == {"acme", "n1", "s1", "sys", "c"}
    assert trace["beta"] == {"beta", "n2", "s2", "s1", "sys", "c"}
    assert trace["user"] == {"user"}
    # a catalog: the services it lists and what they rest on, not the needs they address
    assert trace["cat"] == {"cat", "s1", "s2", "s3", "sys", "c"}
    assert trace["line"] == {"line", "s1"}  # its neighbours only
    assert {n.removeprefix(EX): _names(t) for n, t in found.stakeholders.items()} == {
        "acme": trace["acme"],
        "beta": trace["beta"],
        "user": {"user"},
    }
    # a line's filter: the line and the traces of its services; a line nothing is in has none
    assert {n.removeprefix(EX): _names(t) for n, t in found.lines.items()} == {
        "line": trace["s1"] | {"line"},
        "other": {"other", "s3", "cat"},
    }
    assert trace["s1"] == {"s1", "n1", "acme", "s2", "n2", "beta", "cat", "sys", "c", "line"}
    assert found.order == tuple(sorted(found.trace))


def test_an_empty_graph_has_no_traces() -> None:
    assert traces(NodeGraph((), ())) == traces(NodeGraph((), ()))
    assert traces(NodeGraph((), ())).trace == {}


def walked(graph: NodeGraph, start: str) -> set[str]:
    """The walk the page did before: up through higher bands, down through lower ones."""
    kind = {n.node: (n.type or "untyped").removeprefix(S) for n in graph.nodes}
    links: dict[str, list[tuple[str, str]]] = {n: [] for n in kind}
    for s, _p, o in graph.links:
        if s in kind and o in kind:
            links[s].append((s, o))
            links[o].append((s, o))
    seen = {start} | {o if s == start else s for s, o in links[start]}
    for up in (True, False):
        todo, done = [start], {start}
        while todo:
            here = todo.pop()
            for s, o in links[here]:
                there = o if s == here else s
                t, h = tier_of(kind[there]), tier_of(kind[here])
                along = t == h and kind[there] == kind[here] and (o == here if up else s == here)
                if (along or (t < h if up else t > h)) and there not in done:
                    done.add(there)
                    seen.add(there)
                    todo.append(there)
    return seen


CLASSES = [S + c for c in ("Customer", "Need", "StandardService", "ServiceLine", "ServiceSystem")]
NODES = [f"urn:x:{i}" for i in range(9)]
graphs = st.builds(
    lambda types, links: NodeGraph(
        tuple(GraphNode(n, t, n, None) for n, t in zip(NODES, types, strict=False)),
        tuple(sorted(set(links))),
    ),
    st.lists(st.sampled_from([*CLASSES, None]), min_size=9, max_size=9),
    st.lists(
        st.tuples(
            st.sampled_from(NODES),
            st.sampled_from([S + "dependsOn", S + "addresses"]),
            st.sampled_from(NODES),
        ),
        max_size=20,
    ),
)


@settings(max_examples=200, deadline=None)
@given(graphs)
def test_each_trace_is_the_walk_and_the_filters_are_its_unions(graph: NodeGraph) -> None:
    found = traces(graph)
    for n in found.order:
        assert found.trace[n] == walked(graph, n)
        # on each other's trace, or neither: a path of steps runs one way or the other
        assert all(n in found.trace[m] for m in found.trace[n])
    stakeholders = {n.node for n in graph.nodes if n.type == S + "Customer"}
    assert found.stakeholders == {n: found.trace[n] for n in stakeholders}
    assert found.lines == {}  # no inServiceLine among the links drawn


@settings(max_examples=50, deadline=None)
@given(graphs, st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(NODES)), max_size=6))
def test_a_lines_filter_is_the_line_and_the_traces_of_what_is_in_it(
    graph: NodeGraph, members: list[tuple[str, str]]
) -> None:
    in_line = S + "inServiceLine"
    links = tuple(sorted({*graph.links, *((s, in_line, o) for s, o in members)}))
    found = traces(NodeGraph(graph.nodes, links))
    expected: dict[str, set[str]] = {}
    for s, o in members:
        expected.setdefault(o, {o}).update(found.trace[s] if s != o else ())
    assert found.lines == expected
