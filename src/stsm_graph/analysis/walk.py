"""The one walk: what a change reaches, how far, and the shortest path that explains it.

Two steps, each in one place. :func:`expand` reads the graph where it lives, level by level:
one SPARQL query per level with the frontier in its ``VALUES`` block, run through the store's
ordinary :meth:`~stsm_graph.stores.base.Store.select_values`, so the work grows with what is
reached, not with the portfolio. Each node's distance is the level it is first reached on,
and of its shortest-path predecessors the smallest ``(node, link)`` is the one a path goes
through, so every answer is deterministic: :func:`links_from` (the impact analysis and its
what-if) reads the paths off its levels as it walks, and :func:`shortest_paths` gives the
same for links already in hand, with networkx. The pictures'
:func:`~stsm_graph.analysis.views.neighbourhood` walks with :func:`expand`.

Examples
--------
>>> links = [("a", "urn:p", "b"), ("b", "urn:p", "c"), ("a", "urn:q", "c")]
>>> paths = shortest_paths(links, ["a"])
>>> [(n, paths.distance[n], paths.path[n], paths.via[n]) for n in paths.order]
[('b', 1, ('a', 'b'), ('urn:p',)), ('c', 1, ('a', 'c'), ('urn:q',))]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import URIRef

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = [
    "Expansion",
    "Reached",
    "ShortestPaths",
    "expand",
    "links_from",
    "shortest_paths",
]

Row = tuple[str | None, ...]
#: a link as walked: a change to the first node affects the last, through the middle property
Link = tuple[str, str, str]


@dataclass(frozen=True)
class Expansion:
    """What :func:`expand` read: every level's rows, and the frontier it did not expand."""

    rows: tuple[Row, ...]
    #: nodes reached on the last level allowed, whose own rows were not read
    unread: tuple[str, ...]
    #: every node reached, the starts included
    seen: frozenset[str]


def expand(
    portfolio: Portfolio,
    text: str,
    variable: str,
    starts: Iterable[str],
    *,
    onward: Callable[[Row], str | None],
    levels: int | None = None,
    check: Callable[[int], None] | None = None,
) -> Expansion:
    """Run ``text`` level by level from ``starts``: one query per level, each node once.

    Parameters
    ----------
    portfolio
        The portfolio whose store answers.
    text
        A ``SELECT`` query with a ``VALUES ?variable { }`` block, filled with each level's
        frontier (a batch at a time, by the store's ``select_values``).
    variable
        The name of that variable.
    starts
        The nodes the walk starts from (IRIs).
    onward
        The node a row leads to (``None``: none, or one not to walk to).
    levels
        How many levels to read (``None``: until nothing new is reached).
    check
        Called with the number of nodes seen after each level (e.g. to refuse a walk that
        grows too large before reading more).

    Examples
    --------
    >>> from stsm_graph import Portfolio
    >>> p = Portfolio()
    >>> p.store.update("INSERT DATA { <urn:a> <urn:p> <urn:b> . <urn:b> <urn:p> <urn:c> }")
    >>> q = "SELECT ?x ?y WHERE { VALUES ?x { } ?x <urn:p> ?y }"
    >>> found = expand(p, q, "x", ["urn:a"], onward=lambda row: row[1], levels=1)
    >>> found.rows, found.unread
    ((('urn:a', 'urn:b'),), ('urn:b',))
    """
    seen = set(starts)
    frontier = sorted(seen)
    rows: list[Row] = []
    level = 0
    while frontier and (levels is None or level < levels):
        level += 1
        found = portfolio.store.select_values(text, variable, [URIRef(n) for n in frontier])
        rows.extend(found)
        fresh = {b for row in found if (b := onward(row)) is not None and b not in seen}
        seen |= fresh
        frontier = sorted(fresh)
        if check is not None:
            check(len(seen))
    return Expansion(tuple(rows), tuple(frontier), frozenset(seen))


@dataclass(frozen=True)
class ShortestPaths:
    """Each node reached from some sources: its distance, and one shortest path to it.

    ``order`` lists the nodes reached (not the sources) by distance, then IRI; ``path[n]``
    runs from a source to ``n``, ``via[n]`` names the link of each step. Sources have
    distance 0 and a path of their own.
    """

    order: tuple[str, ...]
    distance: dict[str, int]
    path: dict[str, tuple[str, ...]]
    via: dict[str, tuple[str, ...]]


def shortest_paths(links: Iterable[Link], sources: Sequence[str]) -> ShortestPaths:
    """Return the distance of each node reachable along ``links`` and one shortest path.

    networkx walks a directed graph of the links from every source at once
    (:func:`networkx.bfs_layers`): a node's distance is its layer. Of a node's neighbours
    one layer nearer the path goes through the smallest (of two links between the same
    nodes, the smaller), a rule that does not depend on the order the links come in.

    Examples
    --------
    >>> sp = shortest_paths([("b", "urn:p", "c"), ("a", "urn:p", "c")], ["a", "b"])
    >>> sp.order, sp.path["c"], sp.distance["a"]
    (('c',), ('a', 'c'), 0)
    """
    link: dict[tuple[str, str], str] = {}  # of two links between the same nodes, the smaller
    for a, p, b in links:  # a loop, not a sort: a third of the time at 20,000 links
        if (q := link.get((a, b))) is None or p < q:
            link[a, b] = p
    graph = nx.DiGraph()
    graph.add_nodes_from(sources)
    graph.add_edges_from(link)
    incoming: dict[str, list[str]] = {}  # plain lists: a third faster than graph.pred's views
    for a, b in link:
        incoming.setdefault(b, []).append(a)
    distance: dict[str, int] = {}
    path: dict[str, tuple[str, ...]] = {s: (s,) for s in sources}
    via: dict[str, tuple[str, ...]] = dict.fromkeys(sources, ())
    order: list[str] = []
    for d, layer in enumerate(nx.bfs_layers(graph, list(dict.fromkeys(sources)))):
        distance.update(dict.fromkeys(layer, d))
        if d == 0:
            continue
        layer.sort()
        order.extend(layer)
        for node in layer:  # each parent is one layer nearer, so its path is built already
            prev = min(n for n in incoming[node] if distance.get(n) == d - 1)
            path[node] = (*path[prev], node)
            via[node] = (*via[prev], link[prev, node])
    return ShortestPaths(tuple(order), distance, path, via)


@dataclass(frozen=True)
class Reached:
    """What a change reaches along the declared directions (see :func:`links_from`)."""

    #: every link walked, ``(from, property, to)``: a change to ``from`` affects ``to``
    links: tuple[Link, ...]
    #: ``(node, class, label)`` rows of the sources and every node reached
    info: tuple[tuple[str, str | None, str | None], ...]
    #: distances and shortest paths
    paths: ShortestPaths


def links_from(
    portfolio: Portfolio,
    sources: Sequence[str],
    backward: Sequence[URIRef],
    forward: Sequence[URIRef],
    max_depth: int | None = None,
    *,
    limit: int | None = None,
) -> Reached:
    """Return what a change to ``sources`` reaches: the links, the nodes, the paths.

    ``backward`` links carry a change from object to subject, ``forward`` ones from subject
    to object; only IRIs are walked to. The links are read where the data is, level by level
    (:meth:`~stsm_graph.stores.base.Store.step`: one ``impact_step.rq`` query per level, or the
    memory store's own indexes, as rdflib's engine takes a minute over what its indexes
    answer in seconds); the nodes of the last level ``max_depth`` allows are only described.
    A node's distance is the level it is first reached on, and its path goes through the
    smallest ``(node, link)`` into it from the level before: the paths
    :func:`shortest_paths` gives for the same links, read off the levels as they come (a
    link to a node seen on an earlier level is on no shortest path), without handing the
    links to networkx a second time (10-20% of an impact's time). With ``limit`` the walk
    stops after the level on which more than ``limit`` nodes (sources included) are reached:
    what it returns is then only that part, enough to tell the reach is larger.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> from stsm_graph import Portfolio
    >>> p = Portfolio()
    >>> p.store.update("INSERT DATA { <urn:b> <urn:uses> <urn:a> . <urn:c> <urn:uses> <urn:b> }")
    >>> found = links_from(p, ["urn:a"], [URIRef("urn:uses")], [])
    >>> found.links
    (('urn:a', 'urn:uses', 'urn:b'), ('urn:b', 'urn:uses', 'urn:c'))
    >>> found.paths.path["urn:c"]
    ('urn:a', 'urn:b', 'urn:c')
    >>> links_from(p, ["urn:a"], [URIRef("urn:uses")], [], max_depth=1).paths.order
    ('urn:b',)
    >>> links_from(p, ["urn:a"], [URIRef("urn:uses")], [], limit=1).paths.order
    ('urn:b',)
    """
    store = portfolio.store
    distance = dict.fromkeys(sources, 0)
    path: dict[str, tuple[str, ...]] = {s: (s,) for s in sources}
    via: dict[str, tuple[str, ...]] = dict.fromkeys(sources, ())
    order: list[str] = []
    frontier = sorted(distance)
    links: list[Link] = []
    info: list[tuple[str, str | None, str | None]] = []
    depth = 0
    while frontier and (limit is None or len(distance) <= limit):
        if max_depth is not None and depth >= max_depth:
            info.extend(store.describe(frontier))
            break
        depth += 1
        found = store.step(frontier, backward, forward)
        links.extend(found.edges)
        info.extend(found.info)
        parent: dict[str, tuple[str, str]] = {}  # the smallest (node, link) into each new node
        for a, p, b in found.edges:
            if b not in distance and ((had := parent.get(b)) is None or (a, p) < had):
                parent[b] = (a, p)
        frontier = sorted(parent)
        for b in frontier:  # its parent is on the level before, its path built already
            a, p = parent[b]
            distance[b] = depth
            path[b] = (*path[a], b)
            via[b] = (*via[a], p)
        order.extend(frontier)
    paths = ShortestPaths(tuple(order), distance, path, via)
    return Reached(tuple(links), tuple(info), paths)
