"""Impact hubs: the components and capabilities whose change would touch the most customers.

A change to a node touches the customers :func:`~stsm_graph.analysis.impact` names in its
summary: every customer that a ``stsm:withCustomer`` or ``stsm:hasNeed`` link of the walk
reaches (``customers_via_agreement`` and ``customers_via_need``). This module answers that
question for every service system component and every capability at once, in one pass over
the link graph instead of one walk per node: the links are read once (the networkx projection
of :meth:`~stsm_graph.portfolio.Portfolio.to_networkx`), turned the way a change travels along
each, condensed into its strongly connected components, and the customers each component
reaches are gathered in reverse topological order as bit sets (a node reaches what it touches
itself and what every node after it reaches).

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.ServiceSystemComponent(id="dc", label="Data centre"),
...       model.ServiceSystemComponent(id="tape", label="Tape library"),
...       model.ServiceSystem(id="sys", label="Backup platform", has_component=["dc"]),
...       model.ServiceSystem(id="lab", label="Test lab", has_component=["tape"]),
...       model.StandardService(id="svc", label="Backup", delivered_by=["sys"], addresses=["n"]),
...       model.Need(id="n", label="Restores"),
...       model.Customer(id="c", label="Contoso", has_need=["n"]))
>>> [(h.label, h.customer_labels) for h in impact_hubs(p)]
[('Data centre', ('Contoso',)), ('Tape library', ())]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx

from stsm_graph.analysis._common import Finding, bulk
from stsm_graph.analysis.impact import propagation_edges
from stsm_graph.analysis.impact_summary import TO_CUSTOMER
from stsm_graph.vocabulary.namespace import STSM

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["HUB_CLASSES", "ImpactHub", "impact_hubs"]

#: the kinds of node whose change the hubs rank: service system components and capabilities
HUB_CLASSES = (str(STSM.ServiceSystemComponent), str(STSM.Capability))


class ImpactHub(Finding):
    """A component or capability and the customers a change to it would touch."""

    node: str
    label: str
    type: str
    #: the customers touched (IRIs), ordered by label then IRI
    customers: tuple[str, ...]
    customer_labels: tuple[str, ...]
    practice: str = "STSM SP 1.2"

    @property
    def count(self) -> int:
        """Return how many customers a change to the node touches."""
        return len(self.customers)


@bulk
def impact_hubs(portfolio: Portfolio, *, limit: int | None = None) -> tuple[ImpactHub, ...]:
    """Rank the components and capabilities by the customers a change to them would touch.

    Parameters
    ----------
    portfolio
        The portfolio (not modified).
    limit
        Keep only the first ``limit`` hubs (``None``: every linked component and capability).

    Returns
    -------
    tuple of ImpactHub
        Most customers first, then by label and IRI; a component or capability with no link
        at all is left out (a change to it touches nothing). For each hub, ``customers`` is exactly
        the customers :func:`~stsm_graph.analysis.impact` of that node names in its summary.
    """
    graph = portfolio.to_networkx()
    groups = propagation_edges(portfolio)
    backward = {str(p) for p in groups.get(STSM.ObjectToSubject, [])}
    customer = str(STSM.Customer)
    change = nx.DiGraph()
    change.add_nodes_from(graph.nodes)
    touches: dict[str, set[str]] = {}
    for s, o, p in graph.edges(keys=True):
        a, b = (o, s) if p in backward else (s, o)
        change.add_edge(a, b)
        if p in TO_CUSTOMER and graph.nodes[b]["type"] == customer:
            touches.setdefault(a, set()).add(b)
    reached = _customers_reached(change, touches)
    hubs = [
        _hub(graph, node, reached.get(node, frozenset()))
        for node, data in graph.nodes(data=True)
        if data["type"] in HUB_CLASSES
    ]
    hubs.sort(key=lambda h: (-h.count, h.label, h.node))
    return tuple(hubs if limit is None else hubs[:limit])


def _customers_reached(
    change: nx.DiGraph, touches: dict[str, set[str]]
) -> dict[str, frozenset[str]]:
    """Return, for each node, the customers a change to it touches (one pass, bit sets)."""
    customers = sorted({c for found in touches.values() for c in found})
    bit = {c: 1 << i for i, c in enumerate(customers)}
    dag = nx.condensation(change)
    members: dict[int, list[str]] = {}
    for node, scc in dag.graph["mapping"].items():
        members.setdefault(scc, []).append(node)
    mask: dict[int, int] = {}
    for scc in reversed(list(nx.topological_sort(dag))):
        m = 0
        for node in members[scc]:
            for c in touches.get(node, ()):
                m |= bit[c]
        for after in dag.successors(scc):
            m |= mask[after]
        mask[scc] = m
    found: dict[str, frozenset[str]] = {}
    for scc, nodes in members.items():
        if mask[scc]:
            names = frozenset(_set_bits(mask[scc], customers))
            found.update(dict.fromkeys(nodes, names))
    return found


def _set_bits(mask: int, customers: list[str]) -> Iterable[str]:
    i = 0
    while mask:
        if mask & 1:
            yield customers[i]
        mask >>= 1
        i += 1


def _hub(graph: nx.MultiDiGraph, node: str, customers: frozenset[str]) -> ImpactHub:
    ordered = sorted(customers, key=lambda c: (graph.nodes[c]["label"], c))
    return ImpactHub(
        node=node,
        label=graph.nodes[node]["label"],
        type=graph.nodes[node]["type"],
        customers=tuple(ordered),
        customer_labels=tuple(graph.nodes[c]["label"] for c in ordered),
    )
