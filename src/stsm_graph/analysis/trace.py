"""A node's whole trace in a picture's graph: up to its needs and stakeholders, down to systems.

The trace of a node is what a reviewer asks of it in a portfolio review: what it serves and
what it rests on. It goes up through ever higher bands of the vocabulary's tiers
(``stsm:tier``: stakeholders at the top, then needs and objectives, agreements and plans,
services, levels, systems, components), down through ever lower ones, and within a band only
between nodes of one class, from the one that uses to the one used (a service that depends on
another). So a component's trace holds the services it carries and their needs and
stakeholders, but a catalog or a service line, a hub in a band above the services, does not
drag in every service it lists. A node's direct neighbours are on its trace too.

Put as a graph: every link is a *downward* step from the node in the higher band to the one in
the lower (and, within a band and a class, from subject to object); a link within a band
between two classes is no step. A node's trace is itself, its neighbours, every node with a
path of downward steps to it (its ancestors) and every node it has such a path to (its
descendants). :func:`traces` gives every node's trace at once (networkx's condensation of the
steps, then each strongly connected component's ancestors and descendants as bit sets in
topological order: one pass each way, not a walk per node); the pictures' filters by
stakeholder and by service line are unions of these traces, and the page only selects by them.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> from stsm_graph.analysis import portfolio_graph
>>> p = Portfolio()
>>> p.add(model.Customer(id="acme", label="ACME", has_need=["n"]),
...       model.Need(id="n", label="Backups"),
...       model.StandardService(id="s", label="Backup", addresses=["n"]),
...       model.StandardService(id="t", label="Tapes", addresses=["m"]),
...       model.Need(id="m", label="Archive"))
>>> found = traces(portfolio_graph(p))
>>> sorted(n[-4:] for n in found.trace["https://example.org/portfolio/acme"])
['acme', 'io/n', 'io/s']
>>> sorted(n[-1] for n in found.trace["https://example.org/portfolio/t"])
['m', 't']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.tables import CLASS_TIERS, SUPERCLASSES

if TYPE_CHECKING:
    from stsm_graph.analysis.views import NodeGraph

__all__ = ["UNTYPED_TIER", "Traces", "tier_of", "traces"]

#: the band of an untyped node, or of a class with no tier: below all others
UNTYPED_TIER = max(CLASS_TIERS.values()) + 1


def tier_of(kind: str) -> int:
    """Return the band of a class (its local name); untyped and unknown classes go last.

    Examples
    --------
    >>> tier_of("Customer") < tier_of("Need") < tier_of("StandardService") < tier_of("x")
    True
    """
    return CLASS_TIERS.get(kind, UNTYPED_TIER)


@dataclass(frozen=True)
class Traces:
    """Every node's trace in a graph, and the unions the pictures filter by.

    ``order`` is the graph's nodes in its own order (by IRI); each trace holds the node itself.
    """

    order: tuple[str, ...]
    #: each node's whole trace (see the module)
    trace: dict[str, frozenset[str]]
    #: each stakeholder in the graph (an instance of ``stsm:Stakeholder`` or a subclass):
    #: its trace, what the picture's stakeholder filter keeps
    stakeholders: dict[str, frozenset[str]]
    #: each service line some node is ``stsm:inServiceLine`` in the graph: the line and the
    #: traces of those nodes, what the picture's service-line filter keeps
    lines: dict[str, frozenset[str]]


def traces(graph: NodeGraph) -> Traces:
    """Return the trace of every node of ``graph``, and the stakeholders' and lines' unions.

    Parameters
    ----------
    graph
        Nodes and links, as :func:`~stsm_graph.analysis.portfolio_graph` or
        :func:`~stsm_graph.analysis.neighbourhood` give them (a link to a node not in the
        graph is left out): the trace is within what the graph holds.

    Examples
    --------
    >>> from stsm_graph.analysis import GraphNode, NodeGraph
    >>> svc = "https://w3id.org/stsm#StandardService"
    >>> g = NodeGraph((GraphNode("a", svc, "A", None), GraphNode("b", svc, "B", None),
    ...                GraphNode("c", svc, "C", None)),
    ...               (("a", "https://w3id.org/stsm#dependsOn", "b"),
    ...                ("b", "https://w3id.org/stsm#dependsOn", "c")))
    >>> {n: "".join(sorted(t)) for n, t in traces(g).trace.items()}
    {'a': 'abc', 'b': 'abc', 'c': 'abc'}
    """
    order = tuple(n.node for n in graph.nodes)
    index = {n: i for i, n in enumerate(order)}
    kind = [_kind(n.type) for n in graph.nodes]
    tier = [tier_of(k) for k in kind]
    near = [1 << i for i in range(len(order))]  # each node and its neighbours, as bits
    steps = nx.DiGraph()
    steps.add_nodes_from(range(len(order)))
    for s, _p, o in graph.links:
        a, b = index.get(s), index.get(o)
        if a is None or b is None or a == b:
            continue
        near[a] |= 1 << b
        near[b] |= 1 << a
        if tier[a] < tier[b] or (tier[a] == tier[b] and kind[a] == kind[b]):
            steps.add_edge(a, b)
        elif tier[a] > tier[b]:
            steps.add_edge(b, a)
    bits = [n | r for n, r in zip(near, _reach(steps), strict=True)]
    trace = {node: _members(bits[i], order) for i, node in enumerate(order)}
    stakeholder = {"Stakeholder", *(c for c, sup in SUPERCLASSES.items() if "Stakeholder" in sup)}
    stakeholders = {n: trace[n] for n, k in zip(order, kind, strict=True) if k in stakeholder}
    lines: dict[str, int] = {}
    in_line = str(STSM.inServiceLine)
    for s, p, o in graph.links:
        if p == in_line and s in index and o in index:
            lines[o] = lines.get(o, 1 << index[o]) | (bits[index[s]] if s != o else 0)
    return Traces(
        order,
        trace,
        stakeholders,
        {line: _members(found, order) for line, found in sorted(lines.items())},
    )


def _reach(steps: nx.DiGraph) -> list[int]:
    """Return, for each node of ``steps``, its ancestors and descendants as one bit set.

    A strongly connected component's members reach each other; the components form a DAG,
    whose descendants are gathered in reverse topological order and ancestors in order.
    """
    dag = nx.condensation(steps)
    own = [0] * dag.number_of_nodes()
    for c, data in dag.nodes(data=True):
        for i in data["members"]:
            own[c] |= 1 << i
    down, up = own[:], own[:]
    ordered = list(nx.topological_sort(dag))
    for c in reversed(ordered):
        for d in dag.successors(c):
            down[c] |= down[d]
    for c in ordered:
        for d in dag.predecessors(c):
            up[c] |= up[d]
    mapping = dag.graph["mapping"]
    return [down[mapping[i]] | up[mapping[i]] for i in range(steps.number_of_nodes())]


def _members(bits: int, order: tuple[str, ...]) -> frozenset[str]:
    """Return the nodes whose bits are set."""
    return frozenset(order[i] for i, bit in enumerate(reversed(bin(bits)[2:])) if bit == "1")


def _kind(cls: str | None) -> str:
    """Return a class's local name, as a picture names a node's kind (``"untyped"``: none)."""
    if not cls:
        return "untyped"
    return cls.rsplit("#", 1)[-1] if "#" in cls else cls.rstrip("/").rsplit("/", 1)[-1]
