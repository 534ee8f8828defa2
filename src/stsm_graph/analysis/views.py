"""What a picture of the portfolio shows, as analysis results: nodes, links, states.

Every fact :mod:`stsm_graph.viz` draws comes from here first, so a Python user gets the same
answers without a picture: :func:`portfolio_graph` (every node and link),
:func:`neighbourhood` (those within some links of some nodes, read by the one walk of
:mod:`stsm_graph.analysis.walk`), :func:`graph_size` (how many nodes the whole picture
holds, by one count), :func:`stated_statuses` and :func:`need_states`.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Customer(id="acme", label="ACME", has_need=["n"]),
...       model.Need(id="n", label="Backups"),
...       model.StandardService(id="s", label="Backup", addresses=["n"]))
>>> [n.label for n in neighbourhood(p, ["Backup"], radius=1).nodes]
['Backups', 'Backup']
>>> need_states(p)
{'https://example.org/portfolio/n': 'fully met'}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import URIRef

from stsm_graph.analysis._common import keep_smallest, run
from stsm_graph.analysis._needs import NeedFacts, coverage_facts, facts_of, stated_status
from stsm_graph.analysis.walk import expand
from stsm_graph.common.terms import valid_iri, with_list, with_values
from stsm_graph.vocabulary.graph import most_specific_class
from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.resources import query_text

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = [
    "GraphNode",
    "NodeGraph",
    "NodeStatuses",
    "graph_size",
    "need_states",
    "neighbourhood",
    "portfolio_graph",
    "stated_statuses",
]


@dataclass(frozen=True)
class GraphNode:
    """A node as a picture shows it: its most specific class, smallest label, status."""

    node: str
    type: str | None
    label: str
    #: the stated status that counts (``None``: none stated, so active)
    status: str | None


@dataclass(frozen=True)
class NodeGraph:
    """Nodes (sorted by IRI) and the declared links between them (sorted ``(s, p, o)``)."""

    nodes: tuple[GraphNode, ...]
    links: tuple[tuple[str, str, str], ...]
    #: the needs among the nodes that are not retired (only from :func:`neighbourhood`)
    needs: tuple[str, ...] = ()


def portfolio_graph(portfolio: Portfolio) -> NodeGraph:
    """Return every node of the portfolio's traceability picture and every declared link.

    The nodes are every instance of an ``stsm:`` class and both ends of every link to an
    IRI; only IRIs (a blank node, in data the library did not load, has no name). Of several
    labels the smallest counts, of several classes the most specific, of several statuses
    the one that counts everywhere.

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.Need(id="n", label="Backups", status="Retired"))
    >>> portfolio_graph(p).nodes[0].status
    'https://w3id.org/stsm#Retired'
    """
    graph = portfolio.to_networkx()
    types: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    statuses: dict[str, set[str]] = {}
    for node, cls, label, status in run(portfolio, "view_nodes"):
        assert node is not None
        if cls is not None:
            types.setdefault(node, set()).add(cls)
            keep_smallest(labels, node, label)
        elif status is not None:
            statuses.setdefault(node, set()).add(status)
    for node, classes in types.items():
        if node not in graph:
            graph.add_node(node, label=labels.get(node, node))
        graph.nodes[node]["type"] = most_specific_class(frozenset(classes))
    graph.remove_nodes_from([n for n in graph if not valid_iri(n)])
    nodes = tuple(
        GraphNode(
            node=n,
            type=graph.nodes[n].get("type"),
            label=graph.nodes[n].get("label", n),
            status=stated_status(statuses.get(n, set())),
        )
        for n in sorted(graph)
    )
    return NodeGraph(nodes, tuple(sorted((s, p, o) for s, o, p in graph.edges(keys=True))))


def graph_size(portfolio: Portfolio) -> int:
    """Return how many nodes :func:`portfolio_graph` holds, by one ``view_size.rq`` count.

    At a million triples the count takes about a second where reading the graph takes ten.
    It counts the IRIs as the store holds them, so a malformed IRI :func:`portfolio_graph`
    leaves out (data no loader of this library accepts) is counted too.

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.Need(id="n", label="Backups"))
    >>> graph_size(p)
    1
    """
    links = sorted(portfolio.link_directions())
    text = with_values(with_values(query_text("view_size"), "p", links), "q", links)
    ((count,),) = portfolio.store.select_text(text)
    return int(count or 0)


def neighbourhood(
    portfolio: Portfolio,
    around: Sequence[str],
    radius: int,
    *,
    check: Callable[[int], None] | None = None,
) -> NodeGraph:
    """Return the nodes within ``radius`` links of ``around`` (either direction), and links.

    The one walk (:func:`~stsm_graph.analysis.walk.expand`) over the declared links, one
    ``view_step.rq`` query per level, and one more for the last level's classes, labels,
    statuses and links back in: it reads only what it returns. Nodes carry their class,
    label and status by the rules of :func:`portfolio_graph`; only valid IRIs are walked to.

    Parameters
    ----------
    portfolio
        The portfolio.
    around
        The centre nodes (names :meth:`~stsm_graph.Portfolio.resolve` takes).
    radius
        How many links to go (0 or more).
    check
        Called with the number of nodes found after each level, before the next is read
        (e.g. to refuse a neighbourhood too large to draw).

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.Need(id="n", label="Backups"),
    ...       model.StandardService(id="s", label="Backup", addresses=["n"]))
    >>> hood = neighbourhood(p, ["s"], 1)
    >>> [(s[-1], p[-9:], o[-1]) for s, p, o in hood.links], hood.needs
    ([('s', 'addresses', 'n')], ('https://example.org/portfolio/n',))
    """
    centres = [str(portfolio.resolve(name)) for name in around]
    links = sorted(portfolio.link_directions())
    text = with_list(with_list(query_text("view_step"), "p", links), "p", links, occurrence=1)

    def onward(row: tuple[str | None, ...]) -> str | None:
        node, s, p, o = row[:4]
        if p is None:
            return None
        other = o if s == node else s
        return other if other is not None and valid_iri(other) else None

    found = expand(
        portfolio,
        text,
        "node",
        [n for n in centres if valid_iri(n)],
        onward=onward,
        levels=radius,
        check=check,
    )
    last = portfolio.store.select_values(text, "node", [URIRef(n) for n in found.unread])
    seen = found.seen | set(centres)
    return _graph(seen, (*found.rows, *last))


def _graph(seen: frozenset[str] | set[str], rows: Sequence[tuple[str | None, ...]]) -> NodeGraph:
    """Return the :class:`NodeGraph` of ``seen`` from ``view_step.rq`` rows."""
    edges: set[tuple[str, str, str]] = set()
    classes: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    statuses: dict[str, set[str]] = {}
    for node, s, p, o, cls, label, status in rows:
        assert node is not None
        if p is not None:
            assert s is not None and o is not None
            if s in seen and o in seen:  # the last level's links out of the picture go
                edges.add((s, p, o))
        elif cls is not None:
            classes.setdefault(node, set()).add(cls)
        elif label is not None:
            keep_smallest(labels, node, label)
        elif status is not None:
            statuses.setdefault(node, set()).add(status)
    need, retired = str(STSM.Need), str(STSM.Retired)
    needs = sorted(
        n for n in seen if need in classes.get(n, ()) and retired not in statuses.get(n, ())
    )
    nodes = tuple(
        GraphNode(
            node=n,
            type=most_specific_class(frozenset(classes.get(n, ()))),
            label=labels.get(n, n),
            status=stated_status(statuses.get(n, set())),
        )
        for n in sorted(seen)
    )
    return NodeGraph(nodes, tuple(sorted(edges)), tuple(needs))


@dataclass(frozen=True)
class NodeStatuses:
    """The stated status of some nodes (those with one), and the live needs among them."""

    statuses: dict[str, str]
    #: the nodes typed ``stsm:Need`` and not retired, sorted
    needs: tuple[str, ...]


def stated_statuses(portfolio: Portfolio, nodes: Sequence[str]) -> NodeStatuses:
    """Return the status that counts of each of ``nodes`` that states one, and the needs.

    One ``node_status.rq`` query (a batch at a time); a node without a stated status is
    active and not listed.

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.Need(id="n", label="Backups"),
    ...       model.StandardService(id="s", label="Backup", status="Planned"))
    >>> found = stated_statuses(p, ["https://example.org/portfolio/n",
    ...                             "https://example.org/portfolio/s"])
    >>> list(found.statuses.values()), found.needs
    (['https://w3id.org/stsm#Planned'], ('https://example.org/portfolio/n',))
    """
    found: dict[str, set[str]] = {}
    needs: set[str] = set()
    rows = portfolio.store.select_values(
        query_text("node_status"), "node", [URIRef(n) for n in nodes if valid_iri(n)]
    )
    for node, status, need in rows:
        assert node is not None
        if status is not None:
            found.setdefault(node, set()).add(status)
        elif need is not None:
            needs.add(node)
    statuses = {n: s for n, found_ in found.items() if (s := stated_status(found_)) is not None}
    retired = str(STSM.Retired)
    return NodeStatuses(
        statuses, tuple(sorted(n for n in needs if retired not in found.get(n, ())))
    )


def need_states(
    portfolio: Portfolio,
    needs: Sequence[str] | None = None,
    *,
    facts: Mapping[str, NeedFacts] | None = None,
) -> dict[str, str]:
    """Return the state of each need that is not retired: unmet, partially met, fully met.

    Of every need, or only of ``needs`` (each a need that is not retired, as
    :attr:`NodeStatuses.needs` and :attr:`NodeGraph.needs` give them), reading nothing
    about the others. A retired need has no state. ``facts``: the need facts of every need
    already computed (:func:`~stsm_graph.analysis.coverage_facts` or
    :func:`~stsm_graph.analysis.need_facts`), read instead of the portfolio.

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.Need(id="n", label="Backups"))
    >>> need_states(p, ["https://example.org/portfolio/n"])
    {'https://example.org/portfolio/n': 'unmet'}
    """
    if facts is None:
        facts = coverage_facts(portfolio) if needs is None else facts_of(portfolio, needs)
    elif needs is not None:
        facts = {n: facts[n] for n in needs if n in facts}
    return {
        n: ("fully met" if f.fully_met else "partially met" if f.covered else "unmet")
        for n, f in facts.items()
    }
