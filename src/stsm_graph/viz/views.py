"""The two pictures, built from analysis results: a portfolio's traceability, and an impact.

Each is a :class:`pyvis.network.Network` (its nodes and edges carry what the page draws), which
:func:`stsm_graph.viz.page.to_html` turns into a page and :func:`~stsm_graph.viz.page.save_html`
writes:

- :func:`traceability_view`: the portfolio's nodes and the links between them, or only those
  within ``radius`` links of some nodes. Each node is coloured by its class; a need by what
  coverage says of it (unmet, partially met, fully met, retired); a retired service or need is
  grey, a planned one has a dashed border (:mod:`stsm_graph.viz.style`).
- :func:`impact_view`: the nodes changed, and every node the change reaches, each joined to
  the node it was reached from by the link that explains it (the report's shortest paths).

Every fact drawn comes from the public analysis API (:mod:`stsm_graph.analysis`).

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Customer(id="acme", label="ACME", has_need=["n"]),
...       model.Need(id="n", label="Backups"),
...       model.StandardService(id="s", label="Backup", addresses=["n"]))
>>> net = traceability_view(p)
>>> sorted(n["label"] for n in net.nodes)
['ACME', 'Backup', 'Backups']
>>> sorted((e["from"][-4:], e["label"], e["to"][-1:]) for e in net.edges)
[('acme', 'hasNeed', 'n'), ('io/s', 'addresses', 'n')]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pyvis.network import Network

from stsm_graph.analysis import (
    GraphNode,
    ImpactReport,
    NodeGraph,
    graph_size,
    impact,
    need_states,
    neighbourhood,
    node_names,
    orphaned_services,
    portfolio_graph,
    stated_statuses,
)
from stsm_graph.errors import ViewTooLargeError
from stsm_graph.viz.layout import LAYOUTS, apply_layout
from stsm_graph.viz.matrix import MATRIX_MAX_CELLS, matrices
from stsm_graph.viz.style import (
    CHANGED,
    local,
    mark_centre,
    mark_taken_out,
    new_network,
    node_style,
)
from stsm_graph.viz.traced import add_traces
from stsm_graph.vocabulary.tables import LIFECYCLE_CLASSES

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["MAX_NODES", "impact_view", "traceability_view"]

#: the most nodes a view draws unless told otherwise; a browser's layout slows down past it
MAX_NODES = 2000


def traceability_view(
    portfolio: Portfolio,
    *,
    around: str | Sequence[str] = (),
    radius: int = 2,
    max_nodes: int = MAX_NODES,
    layout: str = "layered",
) -> Network:
    """Return the portfolio's traceability picture: its nodes and the links between them.

    Parameters
    ----------
    portfolio
        The portfolio.
    around
        A node or nodes to centre on (any name :meth:`~stsm_graph.Portfolio.resolve` takes);
        only the nodes within ``radius`` links of one of them, in either direction, are
        drawn. Empty: the whole portfolio.
    radius
        How many links from ``around`` to go (1 or more).
    max_nodes
        The most nodes to draw.
    layout
        ``"layered"`` (fixed positions in the bands of the vocabulary's tiers,
        :mod:`stsm_graph.viz.layout`) or ``"force"`` (vis-network's physics places them).

    Returns
    -------
    pyvis.network.Network
        Nodes carry ``id`` (the IRI), ``label``, ``title`` (the tooltip: label, class, IRI,
        and for a need its coverage), ``color`` and ``kind`` (the class's local name); edges
        ``from``, ``to``, ``label`` (the link's local name) and ``title`` (its IRI). The
        whole portfolio's picture also carries its ``matrices``
        (:func:`stsm_graph.viz.matrix.matrices`), which its page shows beside the picture.

    Raises
    ------
    ViewTooLargeError
        If more than ``max_nodes`` nodes would be drawn.
    UnknownNodeError
        If a node of ``around`` is not in the portfolio.
    ValueError
        If ``radius`` is not a whole number, 1 or more, or ``layout`` is not a layout.

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.Customer(id="acme", label="ACME", has_need=["n"]),
    ...       model.Need(id="n", label="Backups"),
    ...       model.StandardService(id="s", label="Backup", addresses=["n"]))
    >>> sorted(n["label"] for n in traceability_view(p, around="Backup", radius=1).nodes)
    ['Backup', 'Backups']
    """
    if layout not in LAYOUTS:  # before anything is read
        raise ValueError(f"layout takes one of {', '.join(LAYOUTS)}; got {layout!r}")
    if isinstance(radius, bool) or not isinstance(radius, int) or radius < 1:
        raise ValueError(f"radius takes a whole number of links, 1 or more; got {radius!r}")
    if isinstance(around, str):
        around = [around] if around else []
    centre_set: set[str] = set()
    if around:
        centre_set = {str(portfolio.resolve(name)) for name in around}
        graph = neighbourhood(
            portfolio, around, radius, check=lambda count: _check_size(count, max_nodes)
        )
        states = need_states(portfolio, graph.needs)
    else:
        _check_size(graph_size(portfolio), max_nodes)  # refused before it is read
        graph = portfolio_graph(portfolio)
        _check_size(len(graph.nodes), max_nodes)
        states = need_states(portfolio)
    names = sorted(d.label for d in graph.nodes if d.node in centre_set)
    net = new_network(title="Traceability" + (" around " + ", ".join(names) if names else ""))
    orphans = {o.service for o in orphaned_services(portfolio)}
    for data in graph.nodes:
        node = data.node
        state = states.get(node)
        extra = [f"need: {state}"] if state else []
        if data.status:
            extra.append(f"status: {local(data.status)}")
        style = node_style(data.type, data.status, state)
        found = [state] if state in _FINDINGS else []
        if node in orphans:
            extra.append("orphaned: traces to no need and no objective")
            found.append("orphaned")
        if node in centre_set:
            style = mark_centre(style)
            extra.append("centre of the picture")
        net.add_node(
            node,
            **style,
            label=data.label,
            title="\n".join([data.label, local(data.type) or "untyped", node, *extra]),
            kind=local(data.type) or "untyped",
            status=_status(data.type, data.status),
            findings=found,
        )
    quiet = {} if around else {"quiet": True}  # the whole picture names a link on hover
    for s, p, o in sorted(graph.links, key=lambda link: (link[0], link[2], link[1])):
        net.add_edge(s, o, label=local(p), title=p, **quiet)
    apply_layout(net, layout)
    add_traces(net, graph)
    if not around:  # the whole portfolio's page also has its matrices
        drawn = matrices(portfolio)
        if sum(len(m.rows) * len(m.columns) for m in drawn) <= MATRIX_MAX_CELLS:
            net.matrices = drawn
    return net


def impact_view(
    portfolio: Portfolio,
    report: ImpactReport | str | Sequence[str],
    *,
    max_nodes: int = MAX_NODES,
    layout: str = "layered",
) -> Network:
    """Return the picture of an impact report: what changed, and what it reaches, and why.

    ``report`` is an :class:`~stsm_graph.analysis.ImpactReport`, or the node or nodes that
    change (any name :meth:`~stsm_graph.Portfolio.resolve` takes), whose
    :func:`~stsm_graph.analysis.impact` is drawn. A report made with ``retire=True`` is drawn
    as the what-if: each need coloured by its coverage once the changed nodes are retired
    (its tooltip says both), the services taken out of service white with a red border
    (not the grey of a service whose status is retired).

    Each affected node is joined to the node it was reached from by the last link of its
    path, drawn in the link's own direction (subject to object) and labelled by it; the
    changed nodes are drawn as red stars, the others as in :func:`traceability_view` (needs
    by their coverage, retired nodes grey, planned ones dashed, the rest by class).

    Raises
    ------
    ViewTooLargeError
        If the report holds more than ``max_nodes`` nodes.
    UnknownNodeError
        If ``report`` names a node that is not in the portfolio.

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> from stsm_graph.analysis import impact
    >>> p = Portfolio()
    >>> p.add(model.Need(id="n", label="Backups"),
    ...       model.StandardService(id="s", label="Backup", addresses=["n"]))
    >>> net = impact_view(p, impact(p, "s"))
    >>> [(n["label"], n["shape"]) for n in net.nodes]
    [('Backup', 'star'), ('Backups', 'dot')]
    >>> [(e["from"][-1], e["label"], e["to"][-1]) for e in net.edges]
    [('s', 'addresses', 'n')]
    >>> impact_view(p, "Backup").nodes == net.nodes
    True
    """
    if not isinstance(report, ImpactReport):
        report = impact(portfolio, report)
    _check_size(len(report.changed) + len(report.affected), max_nodes)
    changed = node_names(portfolio, report.changed)
    verb = "retiring" if report.whatif is not None else "changing"
    net = new_network(
        title=f"Impact of {verb} "
        + ", ".join(changed[c][1] for c in report.changed if c in changed)
    )
    for node, (cls, label) in changed.items():
        kind = local(cls) or "untyped"
        net.add_node(
            node,
            label=label,
            title=f"{label}\n{kind}, changed\n{node}",
            shape="star",
            size=20,
            color=dict(CHANGED),
            kind=kind,
        )
    _add_affected(portfolio, net, report, {n: label for n, (_c, label) in changed.items()})
    links = []
    for a in report.affected:
        before, link, back = a.path[-2], a.via[-1], a.backwards[-1]
        subject, obj = (a.node, before) if back else (before, a.node)
        net.add_edge(subject, obj, label=local(link), title=link)
        links.append((subject, link, obj))
    apply_layout(net, layout)
    drawn = [GraphNode(n, cls, label, None) for n, (cls, label) in changed.items()]
    drawn += [GraphNode(a.node, a.type, a.label, None) for a in report.affected]
    # the trace is that of the tree drawn; an impact picture lists no service line to filter by
    drawn.sort(key=lambda d: d.node)
    add_traces(net, NodeGraph(tuple(drawn), tuple(links)), lines=False)
    return net


def _add_affected(
    portfolio: Portfolio, net: Network, report: ImpactReport, labels: dict[str, str]
) -> None:
    """Add the nodes a change reaches, each with the path that explains it in its tooltip."""
    found = stated_statuses(portfolio, [a.node for a in report.affected])
    statuses = found.statuses
    states = need_states(portfolio, found.needs) if found.needs else {}
    labels = labels | {a.node: a.label for a in report.affected}
    # the what-if: needs as they would be, the services taken out of service marked
    then: dict[str, str] = {}
    taken_out: set[str] = set()
    blocked: dict[str, int] = {}  # a blocked planned launch -> the add actions bringing it in
    if report.whatif is not None:
        blocked = {b.service: len(b.actions) for b in report.whatif.blocked_launches}
        then = {n.need: "partially met" for n in report.whatif.lost_full_level_needs}
        then |= {n.need: "unmet" for n in report.whatif.newly_unmet_needs}
        taken_out = set(report.whatif.taken_out_of_service)
    for a in report.affected:
        cls = local(a.type) or "untyped"
        state, status = states.get(a.node), statuses.get(a.node)
        extra = [f"need: {state}"] if state else []
        if a.node in then:
            extra = [f"need: {state}, {then[a.node]} once retired"]
            state = then[a.node]
        if status:
            extra.append(f"status: {local(status)}")
        style = node_style(a.type, status, state)
        findings = [state] if state in _FINDINGS else []
        if a.node in taken_out:
            extra.append("taken out of service")
            style = mark_taken_out(style)
            findings.append("taken out of service")
        if a.node in blocked:
            extra.append(f"planned launch blocked: {blocked[a.node]} add action(s) bring it in")
        why = _why(a.path, a.via, a.backwards, labels)
        net.add_node(
            a.node,
            **style,
            label=a.label,
            title="\n".join(
                [a.label, cls, a.node, f"{a.distance} link(s) from the change: {why}", *extra]
            ),
            kind=cls,
            status=_status(a.type, status),
            findings=findings,
        )


#: the need states a reader can filter on as findings
_FINDINGS = ("unmet", "partially met")


def _status(cls: str | None, status: str | None) -> str:
    """Return a node's status as the filter shows it: stated, or Active where one applies."""
    if status:
        return local(status)
    return "Active" if local(cls) in LIFECYCLE_CLASSES else ""


def _why(
    path: Sequence[str], via: Sequence[str], back: Sequence[bool], label: dict[str, str]
) -> str:
    """Write the path that explains an affected node, each link by its name and direction.

    Examples
    --------
    >>> _why(["a", "b", "c"], ["urn:x#dependsOn", "urn:x#addresses"], [True, False],
    ...      {"a": "A", "b": "B", "c": "C"})
    'A ←dependsOn— B —addresses→ C'
    """
    text = label.get(path[0], path[0])
    for there, link, backwards in zip(path[1:], via, back, strict=False):
        arrow = f" ←{local(link)}— " if backwards else f" —{local(link)}→ "
        text += arrow + label.get(there, there)
    return text


def _check_size(count: int, max_nodes: int) -> None:
    if count > max_nodes:
        raise ViewTooLargeError(
            f"the picture would hold {count:,} nodes, more than the {max_nodes:,} a browser "
            "draws usefully: centre it on some nodes (around=...), draw fewer links out "
            "(radius=..., or max_depth for an impact report), or raise max_nodes",
            count=count,
            max_nodes=max_nodes,
        )
