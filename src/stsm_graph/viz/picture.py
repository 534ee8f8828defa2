"""Interactive traceability pictures: one self-contained HTML file, drawn with pyvis.

Two views, each a :class:`pyvis.network.Network` that :func:`to_html` turns into a page and
:func:`save_html` writes:

- :func:`traceability_view`: the portfolio's nodes and the links between them, or only those
  within ``radius`` links of some nodes. Each node is coloured by its class; a need by what
  coverage says of it (unmet, partially met, fully met, retired); a retired service or need is
  grey, a planned one has a dashed border.
- :func:`impact_view`: the nodes changed, and every node the change reaches, each joined to
  the node it was reached from by the link that explains it (the report's shortest paths).

The page works offline and fetches nothing: vis-network (shipped with pyvis) is inlined, and
a Content-Security-Policy forbids every other source. Labels and IRIs reach the page only as
JSON data, which vis-network draws as text (never HTML); the title is HTML-escaped.

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
>>> "<script>" in to_html(net, title="ACME")
True
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from pyvis.network import Network

from stsm_graph.analysis import (
    ImpactReport,
    graph_size,
    impact,
    need_states,
    neighbourhood,
    node_names,
    portfolio_graph,
    stated_statuses,
)
from stsm_graph.common.files import write_text_atomically
from stsm_graph.errors import ViewTooLargeError
from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.tables import CLASS_COLOURS as _CLASS_COLOURS
from stsm_graph.vocabulary.tables import CLASS_SHAPES as _CLASS_SHAPES
from stsm_graph.vocabulary.tables import DISPLAY_GROUPS

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["MAX_NODES", "impact_view", "save_html", "to_html", "traceability_view"]

#: the most nodes a view draws unless told otherwise; a browser's layout slows down past it
MAX_NODES = 2000

_NS = str(STSM)
_GREY = "#bab0ac"
_NEED_COLOURS = {
    "unmet": "#e15759",
    "partially met": "#f28e2b",
    "fully met": "#59a14f",
}
_OTHER = "#79706e"  # evidence, measurements, and anything else
_CHANGED = {"background": "#e15759", "border": "#7a1f20"}
_BORDER = "#333333"  # the border that marks a planned node (dashed) or a centre (thick)
#: (name, colour, shape) of each legend entry, in order: the vocabulary's display groups (a
#: group without a colour, the needs', by state), then grey; an entry is shown only where the
#: picture draws its colour (:func:`_legend`)
_LEGEND = (
    *(
        entry
        for text, colour, shape in DISPLAY_GROUPS.values()
        for entry in (
            [(f"{text}: {state}", c, shape) for state, c in _NEED_COLOURS.items()]
            if colour is None
            else [(text, colour, shape)]
        )
    ),
    ("retired (any kind, by its shape)", _GREY, "dot"),
)
_LEGEND_CHANGED = ("changed", _CHANGED["background"], "star")
_LEGEND_PLANNED = ("planned (dashed border)", "#ffffff", "planned")
_LEGEND_CENTRE = ("centre (thick border)", "#ffffff", "centre")
#: above this many nodes vis-network's "improved layout" clusters the graph first, which
#: fails on a picture this dense (it says so on the console) and only slows the drawing
_IMPROVED_LAYOUT_MAX = 150
_OPTIONS: dict[str, Any] = {
    "nodes": {"shape": "dot", "size": 12, "font": {"size": 12}, "borderWidth": 1},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "font": {"size": 9, "align": "middle"},
        "color": {"color": "#999999", "highlight": "#333333"},
        "smooth": False,
    },
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"springLength": 110, "avoidOverlap": 0.6},
        "stabilization": {"iterations": 250},
    },
    "interaction": {"hover": True, "tooltipDelay": 150},
}


def traceability_view(
    portfolio: Portfolio,
    *,
    around: str | Sequence[str] = (),
    radius: int = 2,
    max_nodes: int = MAX_NODES,
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

    Returns
    -------
    pyvis.network.Network
        Nodes carry ``id`` (the IRI), ``label``, ``title`` (the tooltip: label, class, IRI,
        and for a need its coverage), ``color`` and ``kind`` (the class's local name); edges
        ``from``, ``to``, ``label`` (the link's local name) and ``title`` (its IRI).

    Raises
    ------
    ViewTooLargeError
        If more than ``max_nodes`` nodes would be drawn.
    UnknownNodeError
        If a node of ``around`` is not in the portfolio.
    ValueError
        If ``radius`` is not a whole number, 1 or more.

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
    net = _network()
    for data in graph.nodes:
        node = data.node
        state = states.get(node)
        extra = [f"need: {state}"] if state else []
        if data.status:
            extra.append(f"status: {_local(data.status)}")
        style = _node_style(data.type, data.status, state)
        if node in centre_set:
            style = _mark_centre(style)
            extra.append("centre of the picture")
        net.add_node(
            node,
            **style,
            label=data.label,
            title="\n".join([data.label, _local(data.type) or "untyped", node, *extra]),
            kind=_local(data.type) or "untyped",
        )
    for s, p, o in sorted(graph.links, key=lambda link: (link[0], link[2], link[1])):
        net.add_edge(s, o, label=_local(p), title=p)
    return net


def impact_view(
    portfolio: Portfolio,
    report: ImpactReport | str | Sequence[str],
    *,
    max_nodes: int = MAX_NODES,
) -> Network:
    """Return the picture of an impact report: what changed, and what it reaches, and why.

    ``report`` is an :class:`~stsm_graph.analysis.ImpactReport`, or the node or nodes that
    change (any name :meth:`~stsm_graph.Portfolio.resolve` takes), whose
    :func:`~stsm_graph.analysis.impact` is drawn. A report made with ``retire=True`` is drawn
    as the what-if: each need coloured by its coverage once the changed nodes are retired
    (its tooltip says both), the services taken out of service grey.

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
    net = _network()
    for node, (cls, label) in node_names(portfolio, report.changed).items():
        kind = _local(cls) or "untyped"
        net.add_node(
            node,
            label=label,
            title=f"{label}\n{kind}, changed\n{node}",
            shape="star",
            size=20,
            color=dict(_CHANGED),
            kind=kind,
        )
    found = stated_statuses(portfolio, [a.node for a in report.affected])
    statuses = found.statuses
    states = need_states(portfolio, found.needs) if found.needs else {}
    # the what-if: needs as they would be, the services taken out of service grey
    then: dict[str, str] = {}
    taken_out: set[str] = set()
    if report.whatif is not None:
        then = {n.need: "partially met" for n in report.whatif.lost_full_level_needs}
        then |= {n.need: "unmet" for n in report.whatif.newly_unmet_needs}
        taken_out = set(report.whatif.taken_out_of_service)
    for a in report.affected:
        cls = _local(a.type) or "untyped"
        state, status = states.get(a.node), statuses.get(a.node)
        extra = [f"need: {state}"] if state else []
        if a.node in then:
            extra = [f"need: {state}, {then[a.node]} once retired"]
            state = then[a.node]
        if status:
            extra.append(f"status: {_local(status)}")
        if a.node in taken_out:
            extra.append("taken out of service")
            status = _NS + "Retired"
        net.add_node(
            a.node,
            **_node_style(a.type, status, state),
            label=a.label,
            title="\n".join(
                [a.label, cls, a.node, f"{a.distance} link(s) from the change", *extra]
            ),
            kind=cls,
        )
    for a in report.affected:
        before, link, back = a.path[-2], a.via[-1], a.backwards[-1]
        subject, obj = (a.node, before) if back else (before, a.node)
        net.add_edge(subject, obj, label=_local(link), title=link)
    return net


def to_html(net: Network, *, title: str, subtitle: str = "") -> str:
    """Return a view as one self-contained HTML page (nothing is fetched when it opens).

    The legend names only the colours the picture uses. The page's two scripts (vis-network,
    then the data) are allowed by their SHA-256 hashes
    and nothing else may run: were some text ever to slip through unescaped, a browser would
    still refuse to run it.

    Examples
    --------
    >>> net = _network()
    >>> net.add_node("urn:x:a", label="</script><b>A</b>")
    >>> page = to_html(net, title="<Portfolio>")
    >>> "</script><b>" in page, "&lt;Portfolio&gt;" in page
    (False, True)
    >>> "'unsafe-inline'" in page.split("script-src")[1].split(";")[0]
    False
    """
    from stsm_graph.common.version import __version__

    nodes, edges, _heading, _height, _width, _options = net.get_network_data()
    # ours are a dict; pyvis's set_options makes an Options object
    options = net.options if isinstance(net.options, dict) else json.loads(net.options.to_json())
    improved = {"improvedLayout": len(nodes) <= _IMPROVED_LAYOUT_MAX}
    options = {**options, "layout": {**improved, **options.get("layout", {})}}
    vis_js = _asset("vis-network.min.js")
    data_js = _data_script(nodes, edges, options)
    legend = _legend(nodes)
    return str(
        _template().render(
            title=title,
            subtitle=subtitle,
            legend=legend,
            script_sources=Markup(" ".join(_csp_hash(js) for js in (vis_js, data_js))),
            vis_js=Markup(vis_js),
            data_js=data_js,
            vis_css=_asset("vis-network.css"),
            version=__version__,
        )
    )


def _legend(nodes: Sequence[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """Return the legend entries of the colours and marks the picture draws, in order."""

    def background(node: dict[str, Any]) -> object:
        colour = node.get("color")
        return colour.get("background") if isinstance(colour, dict) else colour

    changed = [n for n in nodes if n.get("shape") == "star" and background(n) == _LEGEND_CHANGED[1]]
    # the changed nodes' red is theirs, not unmet needs'
    drawn = {background(n) for n in nodes if not any(n is c for c in changed)}
    legend = [entry for entry in _LEGEND if entry[1] in drawn]
    if changed:
        legend.insert(0, _LEGEND_CHANGED)
    if any(n.get("centre") is True for n in nodes):
        legend.append(_LEGEND_CENTRE)
    if any(
        isinstance(sp := n.get("shapeProperties"), dict) and sp.get("borderDashes") for n in nodes
    ):
        legend.append(_LEGEND_PLANNED)
    return legend


def _data_script(nodes: Any, edges: Any, options: dict[str, Any]) -> Markup:
    """Return the script that draws the picture; every value goes in as HTML-safe JSON."""
    return Markup(
        "\n  const nodes = new vis.DataSet({});\n  const edges = new vis.DataSet({});\n"
        "  const network = new vis.Network(\n"
        '    document.getElementById("network"), {{ nodes: nodes, edges: edges }}, {}\n'
        "  );\n"
    ).format(htmlsafe_json_dumps(nodes), htmlsafe_json_dumps(edges), htmlsafe_json_dumps(options))


def _csp_hash(script: str) -> str:
    """Return the Content-Security-Policy source that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def save_html(
    net: Network, path: str | os.PathLike[str], *, title: str, subtitle: str = ""
) -> None:
    """Write :func:`to_html` of ``net`` to ``path`` atomically (a temporary file, then a rename).

    Parameters
    ----------
    net
        A picture from :func:`traceability_view` or :func:`impact_view` (or any pyvis network).
    path
        The file to write; an existing file is replaced only once the page is whole.
    title
        The page's heading and title (HTML-escaped).
    subtitle
        A line under the heading, e.g. where the portfolio came from (HTML-escaped).

    Raises
    ------
    OutputError
        If the file cannot be written; nothing is.
    """
    write_text_atomically(path, to_html(net, title=title, subtitle=subtitle))


# ---------------------------------------------------------------------- building blocks
def _network() -> Network:
    net = Network(directed=True, cdn_resources="in_line")
    net.options = dict(_OPTIONS)
    return net


def _node_style(cls: str | None, status: str | None, need_state: str | None) -> dict[str, Any]:
    local = _local(cls)
    if need_state is not None:
        colour = _NEED_COLOURS[need_state]
    elif status == _NS + "Retired":
        colour = _GREY
    else:
        colour = _CLASS_COLOURS.get(local or "", _OTHER)
    style: dict[str, Any] = {"color": colour, "shape": _CLASS_SHAPES.get(local or "", "dot")}
    if status == _NS + "Planned":  # a dark dashed border: in the fill colour it would not show
        style["color"] = _bordered(colour)
        style["shapeProperties"] = {"borderDashes": [4, 3]}
        style["borderWidth"] = 2
    return style


def _bordered(colour: str) -> dict[str, Any]:
    """Return a node colour with the dark border, kept when the node is hovered or selected.

    Given as an object, a colour without ``highlight`` and ``hover`` would turn to
    vis-network's own blue when the node is hovered or selected.
    """
    own = {"background": colour, "border": _BORDER}
    return {**own, "highlight": dict(own), "hover": dict(own)}


def _mark_centre(style: dict[str, Any]) -> dict[str, Any]:
    """Return ``style`` with the thick dark border and larger size of a picture's centre."""
    colour = style["color"]
    background = colour["background"] if isinstance(colour, dict) else colour
    return {
        **style,
        "color": _bordered(background),
        "borderWidth": 4,
        "size": 18,
        "centre": True,
    }


def _check_size(count: int, max_nodes: int) -> None:
    if count > max_nodes:
        raise ViewTooLargeError(
            f"the picture would hold {count:,} nodes, more than the {max_nodes:,} a browser "
            "draws usefully: centre it on some nodes (around=...), draw fewer links out "
            "(radius=..., or max_depth for an impact report), or raise max_nodes",
            count=count,
            max_nodes=max_nodes,
        )


def _local(iri: str | None) -> str:
    """Return the local name of an IRI (after the last ``#`` or ``/``); ``""`` for ``None``."""
    if not iri:
        return ""
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


@lru_cache(maxsize=1)
def _template() -> Any:
    env = Environment(
        loader=PackageLoader("stsm_graph", "templates"),
        autoescape=select_autoescape(default=True),
        keep_trailing_newline=True,
    )
    return env.get_template("view.html")


@lru_cache(maxsize=4)
def _asset(name: str) -> str:
    """Return vis-network's script or stylesheet, as pyvis ships it (its newest version)."""
    lib = Path(_network().template_dir) / "lib"
    found = sorted(
        lib.glob(f"vis-*/{name}"),
        key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.parent.name)),
    )
    if not found:
        raise FileNotFoundError(f"pyvis ships no {name} under {lib}: reinstall pyvis>=0.3.1")
    text = found[-1].read_text("utf-8")
    if "</script" in text.lower() or "</style" in text.lower():  # would end the inline block
        raise RuntimeError(f"pyvis's {name} cannot be inlined")
    # a source map comment would have a browser's developer tools fetch the map
    return re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)
