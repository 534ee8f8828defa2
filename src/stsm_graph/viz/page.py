"""The page a picture is drawn on: one self-contained HTML file, rendered from a template.

The page works offline and fetches nothing: vis-network (shipped with pyvis) and the page's own
script (``templates/view.js``: search by label, filters by class, status and finding, a
clicked node's whole trace highlighted and its facts in a side panel) are inlined, and a
Content-Security-Policy forbids every other source. Labels and IRIs reach the page only as
JSON data, which vis-network draws as text (never HTML); the title is HTML-escaped by the
template (``templates/view.html``, Jinja2 with autoescaping).

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> from stsm_graph.viz.views import traceability_view
>>> p = Portfolio()
>>> p.add(model.Need(id="n", label="Backups"))
>>> "<script>" in to_html(traceability_view(p), title="ACME")
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
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from pyvis.network import Network

from stsm_graph.analysis import CLUSTER_KINDS
from stsm_graph.common.files import write_text_atomically
from stsm_graph.viz.change import CHANGE_COLOURS, LINK_COLOURS, SUSPECT_BORDER
from stsm_graph.viz.matrix import CELL_COLOURS
from stsm_graph.viz.overview import NO_NEEDS, OVERVIEW_COLOURS
from stsm_graph.viz.style import LEGEND, LEGEND_CENTRE, LEGEND_CHANGED, LEGEND_PLANNED, new_network

__all__ = ["legend", "overview_legend", "save_html", "to_html"]

#: above this many nodes vis-network's "improved layout" clusters the graph first, which
#: fails on a picture this dense (it says so on the console) and only slows the drawing
_IMPROVED_LAYOUT_MAX = 150


def to_html(net: Network, *, title: str, subtitle: str = "") -> str:
    """Return a view as one self-contained HTML page (nothing is fetched when it opens).

    The legend names only the colours the picture uses. The page's two scripts (vis-network,
    then the data) are allowed by their SHA-256 hashes
    and nothing else may run: were some text ever to slip through unescaped, a browser would
    still refuse to run it.

    Examples
    --------
    >>> net = new_network()
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
    members = getattr(net, "overview", None)
    data_js = _data_script(nodes, edges, options, members, getattr(net, "bands", []))
    ui_js = _ui_script("overview.js" if members is not None else "view.js")
    entries = overview_legend(nodes) if members is not None else legend(nodes, edges)
    return str(
        _template().render(
            title=title,
            subtitle=subtitle,
            legend=entries,
            script_sources=Markup(" ".join(_csp_hash(js) for js in (vis_js, data_js, ui_js))),
            vis_js=Markup(vis_js),
            data_js=data_js,
            ui_js=Markup(ui_js),
            vis_css=_asset("vis-network.css"),
            version=__version__,
            matrices=getattr(net, "matrices", ()),
            overview=members is not None,
            unclustered=(members or {}).get("unclustered", ()),
            cell_colours=CELL_COLOURS,
        )
    )


def legend(
    nodes: Sequence[dict[str, Any]], edges: Sequence[dict[str, Any]] = ()
) -> list[tuple[str, str, str]]:
    """Return the legend entries of the colours and marks the picture draws, in order.

    The picture of a change (:func:`stsm_graph.viz.change.change_view`) begins with the
    kinds of change its stars show, the suspects' ring and the links gained and lost.
    """

    def background(node: dict[str, Any]) -> object:
        colour = node.get("color")
        return colour.get("background") if isinstance(colour, dict) else colour

    stars = [n for n in nodes if n.get("shape") == "star"]
    kinds = {n.get("change") for n in stars}
    # a star's colour is its change's, not the class's or the state's it would have
    drawn = {background(n) for n in nodes if not any(n is s for s in stars)}
    entries = [entry for entry in LEGEND if entry[1] in drawn]
    changes = [(k, c["background"], "star") for k, c in CHANGE_COLOURS.items() if k in kinds]
    if any(n.get("change") == "suspect" for n in nodes):
        changes.append(("reached by the change (amber ring)", SUSPECT_BORDER, "suspect"))
    links = {(e.get("color"), bool(e.get("dashes"))) for e in edges}
    for kind, colour in LINK_COLOURS.items():
        if (colour, kind == "removed") in links:
            changes.append((f"link {kind}", colour, "link" if kind == "added" else "linkcut"))
    if changes:
        entries = changes + entries
    elif any(background(s) == LEGEND_CHANGED[1] for s in stars):
        entries.insert(0, LEGEND_CHANGED)
    if any(n.get("centre") is True for n in nodes):
        entries.append(LEGEND_CENTRE)
    if any(
        isinstance(sp := n.get("shapeProperties"), dict) and sp.get("borderDashes") for n in nodes
    ):
        entries.append(LEGEND_PLANNED)
    return entries


def overview_legend(nodes: Sequence[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """Return the legend of an overview: the kinds of cluster drawn, then the colours used."""
    shapes = {n.get("kind"): n.get("shape") for n in nodes}
    kinds = [(kind, "#888888", str(shapes[kind])) for kind in CLUSTER_KINDS if kind in shapes]
    drawn = {n.get("color") for n in nodes}
    colours = [(name, colour, "dot") for name, _b, colour in OVERVIEW_COLOURS if colour in drawn]
    if NO_NEEDS[1] in drawn:
        colours.append((NO_NEEDS[0], NO_NEEDS[1], "dot"))
    return kinds + colours


def _data_script(
    nodes: Any,
    edges: Any,
    options: dict[str, Any],
    members: dict[str, Any] | None = None,
    bands: Sequence[dict[str, Any]] = (),
) -> Markup:
    """Return the script that draws the picture; every value goes in as HTML-safe JSON.

    A view's bands (:func:`stsm_graph.viz.layout.band_captions`; none in the force layout)
    go in as ``bands``, which the page shades and names.

    An overview's members' data goes in too, as ``overview``, and the links between its
    clusters as ``clusterLinks``, not drawn until a cluster is clicked (thousands of hidden
    links would slow the first drawing for nothing).
    """
    drawn = edges if members is None else []  # an overview draws a cluster's links on a click
    text = Markup(
        "\n  const nodes = new vis.DataSet({});\n  const edges = new vis.DataSet({});\n"
        "  const network = new vis.Network(\n"
        '    document.getElementById("network"), {{ nodes: nodes, edges: edges }}, {}\n'
        "  );\n"
    ).format(htmlsafe_json_dumps(nodes), htmlsafe_json_dumps(drawn), htmlsafe_json_dumps(options))
    if members is None:
        return Markup("\n  const bands = {};").format(htmlsafe_json_dumps(list(bands))) + text
    return (
        Markup("\n  const overview = {};\n  const clusterLinks = {};").format(
            htmlsafe_json_dumps(members), htmlsafe_json_dumps(edges)
        )
        + text
    )


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


@lru_cache(maxsize=1)
def _template() -> Any:
    env = Environment(
        loader=PackageLoader("stsm_graph.viz", "templates"),
        autoescape=select_autoescape(default=True),
        keep_trailing_newline=True,
    )
    return env.get_template("view.html")


@lru_cache(maxsize=2)
def _ui_script(name: str = "view.js") -> str:
    """Return the page's own script, which writes no HTML.

    ``view.js``: search, filters, a node's trace and facts; ``overview.js``: an overview's
    clusters opened.
    """
    text = (resources.files("stsm_graph.viz") / "templates" / name).read_text("utf-8")
    if "</script" in text.lower():  # would end the inline block
        raise RuntimeError("the page's script cannot be inlined")
    return text


@lru_cache(maxsize=4)
def _asset(name: str) -> str:
    """Return vis-network's script or stylesheet, as pyvis ships it (its newest version)."""
    lib = Path(new_network().template_dir) / "lib"
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
