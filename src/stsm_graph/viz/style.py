"""How a picture looks: each node's colour and shape, the legend's entries, vis-network's options.

A node is coloured by its class (the vocabulary's display table,
:data:`stsm_graph.vocabulary.tables.CLASS_COLOURS`), a need by its state, a retired node grey;
a planned node has a dashed dark border, a picture's centre a thick one.

Examples
--------
>>> node_style("https://w3id.org/stsm#Need", None, "unmet")
{'color': '#e15759', 'shape': 'dot'}
>>> node_style(None, "https://w3id.org/stsm#Retired", None)["color"]
'#bab0ac'
"""

from __future__ import annotations

import html
from typing import Any

from pyvis.network import Network

from stsm_graph.viz.layout import LABEL_WIDTH
from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.tables import CLASS_COLOURS, CLASS_SHAPES, DISPLAY_GROUPS

__all__ = [
    "CHANGED",
    "CLASS_COLOURS",
    "CLASS_SHAPES",
    "LEGEND",
    "LEGEND_CENTRE",
    "LEGEND_CHANGED",
    "LEGEND_PLANNED",
    "NEED_COLOURS",
    "NEED_UNCHANGED",
    "Picture",
    "RETIRED",
    "local",
    "TAKEN_OUT",
    "mark_centre",
    "mark_taken_out",
    "new_network",
    "node_style",
]

#: the stated status that greys a node
RETIRED = str(STSM) + "Retired"
_PLANNED = str(STSM) + "Planned"
_GREY = "#bab0ac"
#: a need's colour by its state (what coverage says of it)
NEED_COLOURS = {
    "unmet": "#e15759",
    "partially met": "#f28e2b",
    "fully met": "#59a14f",
}
#: a need in the picture of a change whose state the change leaves as it was
NEED_UNCHANGED = "#9fb4c7"
_OTHER = "#79706e"  # evidence, measurements, and anything else
#: the fill of a service the what-if takes out of service (with a red border): not "retired",
#: which is a stated status, but what retiring the changed nodes would do
TAKEN_OUT = "#ffffff"
_TAKEN_OUT_BORDER = "#e15759"
#: the colours of a changed node (a star) in an impact picture
CHANGED = {"background": "#e15759", "border": "#7a1f20"}
_BORDER = "#333333"  # the border that marks a planned node (dashed) or a centre (thick)
#: (name, colour, shape) of each legend entry, in order: the vocabulary's display groups (a
#: group without a colour, the needs', by state), then grey; an entry is shown only where the
#: picture draws its colour (:func:`stsm_graph.viz.page.legend`)
LEGEND = (
    *(
        entry
        for text, colour, shape in DISPLAY_GROUPS.values()
        for entry in (
            [(f"{text}: {state}", c, shape) for state, c in NEED_COLOURS.items()]
            if colour is None
            else [(text, colour, shape)]
        )
    ),
    ("need: its state unchanged by the change", NEED_UNCHANGED, "dot"),
    ("retired (any kind, by its shape)", _GREY, "dot"),
    ("taken out of service by the what-if", TAKEN_OUT, "takenout"),
)
LEGEND_CHANGED = ("changed", CHANGED["background"], "star")
LEGEND_PLANNED = ("planned (dashed border)", "#ffffff", "planned")
LEGEND_CENTRE = ("centre (thick border)", "#ffffff", "centre")
_OPTIONS: dict[str, Any] = {
    "nodes": {
        "shape": "dot",
        "size": 12,
        "font": {"size": 12},
        "borderWidth": 1,
        "widthConstraint": {"maximum": LABEL_WIDTH},  # a longer label wraps
    },
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


class Picture(Network):  # type: ignore[misc]  # pyvis is untyped
    """A pyvis network that knows its title and shows itself inline in Jupyter.

    ``_repr_html_`` gives the whole offline page (:func:`stsm_graph.viz.to_html`) in a
    sandboxed ``iframe`` whose ``srcdoc`` holds it HTML-escaped: the notebook runs none of its
    scripts, the frame runs only the page's own (its Content-Security-Policy holds there too).

    Examples
    --------
    >>> net = new_network(title="<Portfolio>")
    >>> net.add_node("urn:x:a", label="A")
    >>> frame = net._repr_html_()
    >>> frame.startswith("<iframe") and "&lt;title&gt;&amp;lt;Portfolio&amp;gt;" in frame
    True
    """

    def __init__(self, *, title: str = "Traceability") -> None:
        super().__init__(directed=True, cdn_resources="in_line")
        self.title = title
        #: the traceability matrices the page shows beside the picture (none by default)
        self.matrices: tuple[Any, ...] = ()
        #: the members' data of an overview (:func:`stsm_graph.viz.overview_view`), or None
        self.overview: dict[str, Any] | None = None
        #: the bands of a layered picture (:func:`stsm_graph.viz.layout.band_captions`)
        self.bands: list[dict[str, object]] = []

    def _repr_html_(self) -> str:
        from stsm_graph.viz.page import to_html

        page = html.escape(to_html(self, title=self.title), quote=True)
        return (
            f'<iframe srcdoc="{page}" sandbox="allow-scripts" title="{html.escape(self.title)}"'
            ' style="width: 100%; height: 640px; border: 1px solid #ddd"></iframe>'
        )


def new_network(*, title: str = "Traceability") -> Picture:
    """Return an empty directed picture with the library's vis-network options."""
    net = Picture(title=title)
    net.options = dict(_OPTIONS)
    return net


def node_style(cls: str | None, status: str | None, need_state: str | None) -> dict[str, Any]:
    """Return a node's ``color`` and ``shape`` (and dashed border when planned).

    A need is coloured by its state, a retired node grey, any other by its class.
    """
    name = local(cls)
    if need_state is not None:
        colour = NEED_COLOURS[need_state]
    elif status == RETIRED:
        colour = _GREY
    else:
        colour = CLASS_COLOURS.get(name or "", _OTHER)
    style: dict[str, Any] = {"color": colour, "shape": CLASS_SHAPES.get(name or "", "dot")}
    if status == _PLANNED:  # a dark dashed border: in the fill colour it would not show
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


def mark_taken_out(style: dict[str, Any]) -> dict[str, Any]:
    """Return ``style`` as a service the what-if takes out of service: white, a red border.

    Examples
    --------
    >>> mark_taken_out({"color": "#af7aa1", "shape": "diamond"})["color"]["background"]
    '#ffffff'
    """
    own = {"background": TAKEN_OUT, "border": _TAKEN_OUT_BORDER}
    return {
        **style,
        "color": {**own, "highlight": dict(own), "hover": dict(own)},
        "borderWidth": 3,
    }


def mark_centre(style: dict[str, Any]) -> dict[str, Any]:
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


def local(iri: str | None) -> str:
    """Return the local name of an IRI (after the last ``#`` or ``/``); ``""`` for ``None``."""
    if not iri:
        return ""
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]
