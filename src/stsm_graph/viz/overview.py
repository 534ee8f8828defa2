r"""The overview picture of a large portfolio: clusters drawn, a cluster's members on a click.

:func:`overview_view` draws :func:`stsm_graph.analysis.overview`: one node per cluster
(stakeholder groups, service lines, service systems, in three bands), shaped by its kind,
sized by its member count and coloured by the share of unmet needs it concerns; the links
between clusters are drawn for the cluster a reader clicks (or all, on request), each with its
count and link names on hover. The page carries every member's label, class, status and need
state and the links inside each cluster (compactly, by number), so a click draws the
cluster's members with their links below the overview (``templates/overview.js``). A cluster
of more than ``max_members`` members is listed instead, searchable, in the side panel, and a
member picked from the list is drawn with its neighbours in the cluster: its sub-groups
(classes) would still be too large (the customers' needs of a million-triple portfolio number
ten thousand), and a reviewer looks for the one they are asking about.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Customer(id="acme", label="ACME", has_need=["n"]),
...       model.Need(id="n", label="Backups"),
...       model.ServiceLine(id="ops", label="Operations"),
...       model.StandardService(id="s", label="Backup", addresses=["n"], in_service_line=["ops"]))
>>> net = overview_view(p)
>>> [(n["label"], n["members"]) for n in net.nodes if "members" in n]
[('Customers\n2 · 0% unmet', 2), ('Operations\n2 · 0% unmet', 2)]
>>> sorted(m[1] for m in net.overview["members"])
['ACME', 'Backup', 'Backups', 'Operations']
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from stsm_graph.analysis import Overview, overview
from stsm_graph.viz.layout import tier_of
from stsm_graph.viz.style import Picture, local, new_network, node_style
from stsm_graph.vocabulary.shown import kind_words

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["MAX_MEMBERS", "NO_NEEDS", "OVERVIEW_COLOURS", "overview_view"]

#: the most members a click draws; a larger cluster is listed, searchable, instead
MAX_MEMBERS = 1500
#: a cluster's colour by the share of unmet needs it concerns (the first bound it is under)
OVERVIEW_COLOURS = (
    ("no need unmet", 0.0, "#59a14f"),
    ("under 10% of its needs unmet", 0.1, "#edc948"),
    ("under 25% unmet", 0.25, "#f28e2b"),
    ("25% or more unmet", 2.0, "#e15759"),
)
#: the colour of a cluster that concerns no need
NO_NEEDS = ("concerns no need", "#bab0ac")
#: each kind of cluster: its band and the class whose shape it takes
_KINDS = {
    "stakeholder group": (0, "Stakeholder"),
    "service line": (1, "ServiceLine"),
    "service system": (2, "ServiceSystem"),
}
#: between two clusters of a band side by side, and two rows: a service line's label is drawn
#: larger (the lines are what a review names), a system's small
_SPACING = {
    "stakeholder group": (190, 120),
    "service line": (640, 240),
    "service system": (190, 120),
}
#: the title of each band, and the label size of its clusters
_BANDS = {
    "stakeholder group": "Stakeholder groups",
    "service line": "Service lines",
    "service system": "Service systems",
}
_FONTS = {"service line": 44, "service system": 12}
_BAND_GAP = 160


def overview_view(
    portfolio: Portfolio,
    *,
    max_members: int = MAX_MEMBERS,
    title: str = "Overview",
    result: Overview | None = None,
) -> Picture:
    r"""Return the overview picture of the portfolio: its clusters, expandable on a click.

    Parameters
    ----------
    portfolio
        The portfolio.
    max_members
        The most members a click on a cluster draws; a larger cluster's members are listed,
        searchable, in the side panel instead.
    title
        The picture's title (its page's heading and, in Jupyter, the frame's).
    result
        The :func:`~stsm_graph.analysis.overview` of the portfolio, if already computed.

    Returns
    -------
    Picture
        A node per cluster (``id``: the cluster's id; ``kind``: its kind; ``members``,
        ``needs``, ``unmet``, ``partially_met``, ``fully_met``; ``x``, ``y`` fixed), an edge
        per pair of linked clusters (``count``; ``title``: the count by link name; the
        page draws them for the cluster clicked, or all on request), and ``overview``: the
        members' data the page draws.

    Raises
    ------
    ValueError
        If ``max_members`` is not a whole number, 1 or more.

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.ServiceSystem(id="sys", label="Platform", has_component=["c"]),
    ...       model.ServiceSystemComponent(id="c", label="Disk"))
    >>> net = overview_view(p, max_members=1)
    >>> net.nodes[0]["label"], net.overview["max_members"]
    ('Platform\n2 members', 1)
    """
    if isinstance(max_members, bool) or not isinstance(max_members, int) or max_members < 1:
        raise ValueError(f"max_members takes a whole number, 1 or more; got {max_members!r}")
    found = overview(portfolio) if result is None else result
    with _collector_paused():
        return _picture(found, max_members, title)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the page's data is built.

    Tens of thousands of small lists and dicts, none in a cycle: the collector would walk them
    all again and again as they are made (as :func:`stsm_graph.analysis.overview` pauses it).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _picture(found: Overview, max_members: int, title: str) -> Picture:
    """Return the overview picture of ``found`` (see :func:`overview_view`)."""
    net = new_network(title=title)
    positions, titles, font = _positions(found)
    fonts = _FONTS | {"stakeholder group": font}
    for c in found.clusters:
        share = c.unmet_share
        band, cls = _KINDS[c.kind]
        counted = f"{len(c.members):,} member" + ("" if len(c.members) == 1 else "s")
        summary = f"{len(c.members):,} · {share:.0%} unmet" if share is not None else counted
        needs = (
            f"needs concerned: {len(c.needs):,} ({c.unmet:,} unmet, "
            f"{c.partially_met:,} partially met, {c.fully_met:,} fully met)"
            if c.needs
            else "concerns no need"
        )
        net.nodes.append(
            {
                "id": c.id,
                "label": f"{c.label}\n{summary}",
                "title": "\n".join([c.label, c.kind, counted, needs]),
                "name": c.label,
                "shape": node_style(cls, None, None)["shape"],
                "color": _colour(share),
                # a group is drawn as large as its label (a band holds two or three)
                "size": round(max(16 + 6 * math.log2(len(c.members)), fonts[c.kind] * 0.8), 1),
                "font": {"size": fonts[c.kind]},
                "widthConstraint": {"maximum": 12 * fonts[c.kind]},
                "kind": c.kind,
                "tier": band,
                "members": len(c.members),
                "needs": len(c.needs),
                "unmet": c.unmet,
                "partially_met": c.partially_met,
                "fully_met": c.fully_met,
                "x": positions[c.id][0],
                "y": positions[c.id][1],
            }
        )
        net.node_ids.append(c.id)
    net.nodes.extend(titles)
    net.node_ids.extend(t["id"] for t in titles)
    for i, link in enumerate(found.links):
        net.edges.append(
            {
                "id": i,
                "from": link.source,
                "to": link.target,
                "count": link.count,
                "title": f"{link.count:,} link(s): {', '.join(link.names)}",
                "width": round(1 + math.log10(link.count), 2),
            }
        )
    net.options = {**net.options, "physics": {"enabled": False}}
    net.overview = _member_data(found, max_members)
    return net


def _colour(share: float | None) -> str:
    """Return a cluster's colour by its share of unmet needs."""
    if share is None:
        return NO_NEEDS[1]
    return next(colour for _name, bound, colour in OVERVIEW_COLOURS if share <= bound)


def _positions(
    found: Overview,
) -> tuple[dict[str, tuple[int, int]], list[dict[str, Any]], int]:
    """Place the clusters and title their bands, a band per kind.

    In a band the worst (most unmet) come first; rows are of one width for every band (about
    as wide as all are high), centred.

    Returns the positions, a title node per band (a ``text`` node above its band) and the
    titles' font size (the stakeholder groups' labels are drawn as large).
    """
    placed: dict[str, tuple[int, int]] = {}
    titles: list[dict[str, Any]] = []
    columns = max(8, math.ceil(math.sqrt(len(found.clusters) * 2.5)))  # a screen's shape
    width = columns * _SPACING["service system"][0]  # every band about as wide
    font = max(24, round(width / 40))
    top = 0
    for kind in _KINDS:
        band = sorted(
            (c for c in found.clusters if c.kind == kind),
            key=lambda c: (-(c.unmet_share or 0.0), c.needs == (), c.label, c.id),
        )
        if not band:
            continue
        titles.append(
            {
                "id": "band:" + kind,
                "label": f"{_BANDS[kind]}: {len(band):,}",
                "shape": "text",
                "font": {"size": font, "color": "#333333"},
                "widthConstraint": {"maximum": 40 * font},
                "band": True,
                "x": 0,
                "y": top,
            }
        )
        top += font + _SPACING[kind][1]
        across, down = _SPACING[kind]
        across = max(across, width // len(band)) if kind == "stakeholder group" else across
        wide = max(1, min(len(band), round(width / across)))
        for i, c in enumerate(band):
            row, column = divmod(i, wide)
            in_row = min(wide, len(band) - row * wide)
            placed[c.id] = (round((column - (in_row - 1) / 2) * across), top + row * down)
        # under the last row's labels (two lines each), then a gap
        top += (math.ceil(len(band) / wide) - 1) * down + _BAND_GAP
        top += round(2.4 * (font if kind == "stakeholder group" else _FONTS[kind]))
    return placed, titles, font


def _member_data(found: Overview, max_members: int) -> dict[str, Any]:
    """Return what the page needs to draw a cluster's members: compact, by number.

    ``members``: ``[iri, label, style, cluster]`` each (``style``: an index into
    ``styles``, each a node style with the class, status and need state it draws);
    ``links``: ``[from, name, to]`` each (member indexes, an index into ``names``).
    """
    states = found.states
    clusters = {c.id: i for i, c in enumerate(found.clusters)}
    styles: dict[tuple[str, str, str], int] = {}  # by class, status and state IRIs
    style_list: list[dict[str, Any]] = []
    members: list[list[Any]] = []
    index: dict[str, int] = {}
    for n in found.nodes:
        state = states.get(n.node)
        key = (n.type or "", n.status or "", state or "")
        if key not in styles:
            kind, status = local(n.type) or "untyped", local(n.status)
            styles[key] = len(style_list)
            style_list.append(
                {
                    **node_style(n.type, n.status, state),
                    "kind": kind,
                    "status": status,
                    "state": state or "",
                    "tier": tier_of(kind),
                }
            )
        index[n.node] = len(members)
        members.append([n.node, n.label, styles[key], clusters[found.cluster_of[n.node]]])
    names: dict[str, int] = {}  # by the link's IRI
    links = [[index[s], names.setdefault(p, len(names)), index[o]] for s, p, o in found.inner_links]
    return {
        "clusters": [c.id for c in found.clusters],
        "members": members,
        "styles": style_list,
        "links": links,
        "names": [local(p) for p in names],
        "max_members": max_members,
        "unclustered": [
            [kind_words(cls) if cls else "untyped", count] for cls, count in found.unclustered
        ],
    }
