"""Impact hubs: the components and capabilities whose change would touch the most customers.

A change to a node touches the customers :func:`~stsm_graph.analysis.impact` names in its
summary: every customer that a ``stsm:withCustomer`` or ``stsm:hasNeed`` link of the walk
reaches (``customers_via_agreement`` and ``customers_via_need``). This module answers that
question for every service system component and every capability at once, in one pass over
the link graph instead of one walk per node: the links are read by one query
(``impact_hub_links.rq``), turned the way a change travels along each, the part the hubs
reach is condensed into its strongly connected components (networkx), and the customers each
component reaches are gathered in reverse topological order as bit sets (a node reaches what
it touches itself and what every node after it reaches). Classes and labels are read only for
the hubs and the links' ends that may be customers (``node_info.rq``, as the impact report
reads them).

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

from collections import defaultdict
from typing import TYPE_CHECKING

import networkx as nx

from stsm_graph.analysis._common import Finding, bulk
from stsm_graph.analysis.impact import node_names, propagation_edges
from stsm_graph.analysis.impact_summary import TO_CUSTOMER
from stsm_graph.common.terms import with_values
from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.resources import query_text

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
        at all is left out (a change to it touches nothing). For each hub, ``customers`` is
        exactly the customers :func:`~stsm_graph.analysis.impact` of that node names in its
        summary.
    """
    groups = propagation_edges(portfolio)
    backward = {str(p) for p in groups.get(STSM.ObjectToSubject, [])}
    links = sorted(portfolio.link_directions())
    rows = portfolio.store.select_text(with_values(query_text("impact_hub_links"), "p", links))
    after: dict[str, list[str]] = defaultdict(list)  # a change to the key reaches the values
    ends: dict[str, set[str]] = defaultdict(set)  # (a, b) of each link that may reach a customer
    for s, p, o in rows:
        assert s is not None and p is not None and o is not None
        a, b = (o, s) if p in backward else (s, o)
        after[a].append(b)
        if p in TO_CUSTOMER:
            ends[b].add(a)
    candidates = [
        str(n) for (n,) in portfolio.store.select_text(query_text("impact_hub_candidates"))
    ]
    linked = sorted(set(candidates) & _linked_nodes(after))
    names = node_names(portfolio, sorted({*linked, *ends}))
    customer = str(STSM.Customer)
    touches: dict[str, set[str]] = defaultdict(set)
    for b, sources in ends.items():
        if names[b][0] == customer:
            for a in sources:
                touches[a].add(b)
    customers, masks = _customers_reached(after, linked, touches)
    # ranked by counting bits; only the hubs kept have their customers named
    ranked = sorted(
        (n for n in linked if names[n][0] in HUB_CLASSES),
        key=lambda n: (-masks.get(n, 0).bit_count(), names[n][1], n),
    )
    kept = ranked if limit is None else ranked[:limit]
    return tuple(_hub(n, names, _set_bits(masks.get(n, 0), customers)) for n in kept)


def _linked_nodes(after: dict[str, list[str]]) -> set[str]:
    """Return every node at either end of a link."""
    found = set(after)
    for targets in after.values():
        found.update(targets)
    return found


def _customers_reached(
    after: dict[str, list[str]], starts: list[str], touches: dict[str, set[str]]
) -> tuple[list[str], dict[str, int]]:
    """Return the customers, and for each of ``starts`` the bit set of those it touches.

    Bit ``i`` of a node's set stands for ``customers[i]``. One pass: only the nodes
    reachable from ``starts`` are kept, and their strongly connected components are found
    (networkx) in the order that gathers each one's set from those of the components after
    it, without building the condensed graph and sorting it.
    """
    customers = sorted({c for found in touches.values() for c in found})
    if not customers:
        return customers, {}
    bit = {c: 1 << i for i, c in enumerate(customers)}
    seen, stack = set(starts), list(starts)
    while stack:  # the nodes a change to a start reaches
        for b in after.get(stack.pop(), ()):
            if b not in seen:
                seen.add(b)
                stack.append(b)
    change = nx.DiGraph()
    change.add_nodes_from(seen)
    change.add_edges_from((a, b) for a in seen for b in after.get(a, ()))
    scc_of: dict[str, int] = {}
    mask: list[int] = []
    # Tarjan's algorithm (networkx's) finds a component only after every component it
    # reaches: each component's set is gathered from sets already known, in one pass
    for i, scc in enumerate(nx.strongly_connected_components(change)):
        scc_of.update(dict.fromkeys(scc, i))
        m = 0
        for node in scc:
            for c in touches.get(node, ()):
                m |= bit[c]
            for b in after.get(node, ()):
                if (j := scc_of[b]) != i:
                    m |= mask[j]
        mask.append(m)
    return customers, {n: mask[scc_of[n]] for n in starts}


def _set_bits(mask: int, customers: list[str]) -> frozenset[str]:
    """Return the customers of the bits set in ``mask`` (read once, as a binary string)."""
    bits = bin(mask)[:1:-1]  # bit 0 first
    return frozenset(customers[i] for i, b in enumerate(bits) if b == "1")


def _hub(
    node: str, names: dict[str, tuple[str | None, str]], customers: frozenset[str]
) -> ImpactHub:
    ordered = sorted(customers, key=lambda c: (names[c][1], c))
    return ImpactHub(
        node=node,
        label=names[node][1],
        type=names[node][0] or "",
        customers=tuple(ordered),
        customer_labels=tuple(names[c][1] for c in ordered),
    )
