"""The picture of a change: what was added, removed and changed, and the suspects it reaches.

Drawn from a :class:`~stsm_graph.analysis.Review` alone (no query of its own): each changed
entity is a star, green when added, grey with a red border when removed, the library's
changed colour when changed; each suspect is drawn by its class with an amber border (a need
in the colour of its state after the change when the change moved it, else as "state
unchanged": the review says what changed, not every need's state), joined to the node it was
reached from by the last link of its explaining path (dashed when only the old version
reaches it); the links a changed entity gained are drawn green, those it lost red and
dashed, when both their ends are in the picture. The legend names each of these marks.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> from stsm_graph.analysis import review
>>> def version(status: str) -> Portfolio:
...     p = Portfolio()
...     p.add(model.StandardService(id="s", label="Backup", status=status, addresses=["n"]),
...           model.Need(id="n", label="Restores"))
...     return p
>>> net = change_view(review(version("Active"), version("Retired")))
>>> [(n["label"], n["shape"], n["change"]) for n in net.nodes]
[('Backup', 'star', 'changed'), ('Restores', 'dot', 'suspect')]
>>> [(e["from"][-1], e["label"], e["to"][-1]) for e in net.edges]
[('s', 'addresses', 'n')]
>>> [n["trace"] for n in net.nodes]  # a click on either lights both
[[0, 1], [0, 1]]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stsm_graph.analysis import GraphNode, NodeGraph
from stsm_graph.errors import ViewTooLargeError
from stsm_graph.viz.layout import apply_layout
from stsm_graph.viz.style import CHANGED, NEED_UNCHANGED, local, new_network, node_style
from stsm_graph.viz.traced import add_traces
from stsm_graph.viz.views import MAX_NODES

if TYPE_CHECKING:
    from pyvis.network import Network

    from stsm_graph.analysis import EntityChange, Review

__all__ = ["CHANGE_COLOURS", "LINK_COLOURS", "SUSPECT_BORDER", "change_view"]

#: the fill and border of a changed entity's star, by kind of change
CHANGE_COLOURS: dict[str, dict[str, str]] = {
    "added": {"background": "#59a14f", "border": "#2b5a26"},
    "removed": {"background": "#bab0ac", "border": "#e15759"},
    "changed": dict(CHANGED),
}
#: the border that marks a suspect
SUSPECT_BORDER = "#f28e2b"
#: the colour of a link a changed entity gained, and of one it lost (drawn dashed)
LINK_COLOURS = {"added": "#59a14f", "removed": "#e15759"}
_GAINED, _LOST = LINK_COLOURS["added"], LINK_COLOURS["removed"]


def change_view(review: Review, *, max_nodes: int = MAX_NODES, layout: str = "layered") -> Network:
    """Return the picture of a reviewed change (see the module's text).

    ``layout`` is that of every picture (:data:`stsm_graph.viz.layout.LAYOUTS`): layered
    bands by default, or the browser's physics.

    Raises
    ------
    ViewTooLargeError
        If the change and its suspects are more than ``max_nodes`` nodes.
    """
    entities = review.diff.entities
    count = len(entities) + len(review.suspects)
    if count > max_nodes:
        raise ViewTooLargeError(
            f"the picture would hold {count:,} nodes, more than the {max_nodes:,} a browser "
            "draws usefully: review a smaller change, or raise max_nodes",
            count=count,
            max_nodes=max_nodes,
        )
    net = new_network()
    for e in entities:
        net.add_node(e.node, **_entity_style(e))
    _add_suspects(net, review)
    shown = set(net.get_nodes())
    drawn_links: list[tuple[str, str, str]] = []
    for s in review.suspects:
        before, link, back = s.path[-2], s.via[-1], s.backwards[-1]
        subject, obj = (s.node, before) if back else (before, s.node)
        net.add_edge(subject, obj, label=local(link), title=link, dashes=s.version == "old")
        drawn_links.append((subject, link, obj))
    for e in entities:
        for links, colour, lost in (
            (e.links_added, _GAINED, False),
            (e.links_removed, _LOST, True),
        ):
            for k in links:
                if k.target in shown:
                    net.add_edge(
                        e.node,
                        k.target,
                        label=local(k.property),
                        title=f"{k.property} ({'removed' if lost else 'added'})",
                        color=colour,
                        dashes=lost,
                    )
                    drawn_links.append((e.node, k.property, k.target))
    drawn: dict[str, GraphNode] = {}  # as drawn: a node once, its first entry
    for e in entities:
        drawn.setdefault(e.node, GraphNode(e.node, e.type, e.label, None))
    for s in review.suspects:
        drawn.setdefault(s.node, GraphNode(s.node, s.type, s.label, None))
    nodes = tuple(sorted(drawn.values(), key=lambda d: d.node))
    apply_layout(net, layout)
    add_traces(net, NodeGraph(nodes, tuple(drawn_links)))
    return net


def _add_suspects(net: Network, review: Review) -> None:
    """Draw each suspect by its class with the amber ring.

    A need is drawn in its state after the change when the change moved it, else as "state
    unchanged".
    """
    states = {
        n.node: state
        for state, needs in (
            ("unmet", review.newly_unmet),
            ("partially met", review.newly_partially_met),
            ("fully met", review.newly_met),
        )
        for n in needs
    }
    for s in review.suspects:
        style = node_style(s.type, None, states.get(s.node))
        if local(s.type) == "Need" and s.node not in states:
            style["color"] = NEED_UNCHANGED  # the review says what changed, not every state
        fill = style["color"]
        style["color"] = {"background": fill, "border": SUSPECT_BORDER}
        kind = local(s.type) or "untyped"
        where = "" if s.version == "new" else " (in the old version)"
        net.add_node(
            s.node,
            **style,
            borderWidth=3,
            label=s.label,
            title=f"{s.label}\n{kind}, suspect\n{s.node}\n{s.distance} link(s) from the "
            f"change{where}",
            kind=kind,
            change="suspect",
        )


def _entity_style(e: EntityChange) -> dict[str, Any]:
    """Return a changed entity's star: its colour by kind of change, its tooltip."""
    kind = local(e.type) or "untyped"
    fields = [
        f"{f.field}: {', '.join(f.before) or '-'} -> {', '.join(f.after) or '-'}" for f in e.fields
    ]
    return {
        "label": e.label,
        "title": "\n".join([e.label, f"{kind}, {e.change}", e.node, *fields]),
        "shape": "star",
        "size": 20,
        "color": dict(CHANGE_COLOURS[e.change]),
        "kind": kind,
        "change": e.change,
    }
