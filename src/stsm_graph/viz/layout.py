"""Where each node of a picture stands: the layered traceability layout, computed in Python.

A layout is presentation, not analysis: it places the nodes a view already drew from analysis
results. The layered layout puts each class in its band (its tier in the vocabulary,
:data:`stsm_graph.vocabulary.tables.CLASS_TIERS`: stakeholders at the top, then needs and
objectives, agreements and plans, services, levels, systems, components), orders the nodes of a
band by barycentre sweeps (each node near the mean place of its neighbours in the bands already
ordered, so that fewer links cross), and spreads each band from its label widths so that no two
labels overlap. A wide band is drawn on a few staggered rows, kept inside the band: a link
between two bands always points the same way on the screen. Every tie is broken by label and
IRI, so the same picture gets the same positions every time.

Examples
--------
>>> nodes = [("urn:x:s", "StandardService", "Backup"), ("urn:x:n", "Need", "Backups"),
...          ("urn:x:c", "Customer", "ACME")]
>>> pos = layered_positions(nodes, [("urn:x:c", "urn:x:n"), ("urn:x:s", "urn:x:n")])
>>> pos["urn:x:c"][1] < pos["urn:x:n"][1] < pos["urn:x:s"][1]
True
>>> pos == layered_positions(list(reversed(nodes)), [("urn:x:s", "urn:x:n"),
...                                                  ("urn:x:c", "urn:x:n")])
True
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import networkx as nx
from pyvis.network import Network

from stsm_graph.analysis import tier_of
from stsm_graph.vocabulary.shown import in_sentence, kind_words
from stsm_graph.vocabulary.tables import CLASS_GROUPS, DISPLAY_GROUPS

__all__ = [
    "CHAR_WIDTH",
    "LAYOUTS",
    "LABEL_WIDTH",
    "LINE_HEIGHT",
    "ASPECT",
    "ROW_WIDTHS",
    "apply_layout",
    "band_captions",
    "label_lines",
    "layered_positions",
    "tier_of",
]

#: the widest a label is drawn, in pixels: a longer one wraps (vis-network's widthConstraint)
LABEL_WIDTH = 150
#: a generous mean width of a character of a 12 px label, in pixels
CHAR_WIDTH = 7.2
#: the height of one line of a label, in pixels
LINE_HEIGHT = 16
#: the widths a band may take before it is drawn on staggered rows, in pixels: the layout
#: takes the one that gives the picture the shape closest to :data:`ASPECT`
ROW_WIDTHS = tuple(round(600 * 1.25**i) for i in range(20))
#: the shape of a screen (width / height) a picture aims at
ASPECT = 1.6
_GAP = 24  # the least space between two labels side by side
_NODE = 40  # the room a node's shape takes above its label
_BAND_GAP = 70  # the space between two bands
_SWEEPS = 4  # barycentre sweeps down and up
_CAPTION_WIDTH = 28  # the most characters a line of a band's caption holds, a name aside


def label_lines(label: str) -> list[str]:
    """Return the lines a label is drawn on: words wrapped at :data:`LABEL_WIDTH`.

    vis-network wraps a label as wide as that (the pictures' ``widthConstraint``), with the
    font's real widths, narrower than :data:`CHAR_WIDTH`: the layout keeps room for these
    lines, at least what the label takes.

    Examples
    --------
    >>> label_lines("Managed backup and restore for every site")
    ['Managed backup and', 'restore for every', 'site']
    """
    most = max(1, int(LABEL_WIDTH // CHAR_WIDTH))
    lines: list[str] = []
    for word in label.split() or [""]:
        while len(word) > most:  # a word longer than a line is cut
            if lines and not lines[-1]:
                lines.pop()
            lines += [word[:most], ""]
            word = word[most:]
        if lines and lines[-1] and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += " " + word
        elif lines and not lines[-1]:
            lines[-1] = word
        else:
            lines.append(word)
    return [line for line in lines if line] or [""]


def _width(label: str) -> float:
    """Return the most a label's widest line takes: vis-network fills lines up to the limit."""
    return min(float(LABEL_WIDTH), len(label) * CHAR_WIDTH)


def layered_positions(
    nodes: Sequence[tuple[str, str, str]], edges: Sequence[tuple[str, str]]
) -> dict[str, tuple[int, int]]:
    """Return each node's ``(x, y)`` in the layered layout (y grows downwards, as on screen).

    Parameters
    ----------
    nodes
        ``(id, class local name, label)`` of each node.
    edges
        ``(from, to)`` of each link; a link to a node not in ``nodes`` is ignored.

    Returns
    -------
    dict
        Each node's position in pixels. Every node of a band lies below every node of the
        bands above it; the labels of two nodes never overlap.
    """
    if not nodes:
        return {}
    label = {n: text for n, _kind, text in nodes}
    bands: dict[int, list[str]] = {}
    for n, kind, _text in sorted(nodes, key=lambda t: (tier_of(t[1]), t[2], t[0])):
        bands.setdefault(tier_of(kind), []).append(n)
    graph = nx.Graph()
    graph.add_nodes_from(label)
    graph.add_edges_from((a, b) for a, b in edges if a in label and b in label and a != b)
    order = _barycentre(graph, [bands[t] for t in sorted(bands)])
    # the row width whose picture is closest to a screen's shape
    best: tuple[float, dict[str, tuple[int, int]]] | None = None
    for row_width in ROW_WIDTHS:
        positions = _place(order, label, row_width)
        xs = [x for x, _y in positions.values()]
        ys = [y for _x, y in positions.values()]
        shape = (max(xs) - min(xs) + LABEL_WIDTH) / (max(ys) - min(ys) + _NODE * 2)
        miss = abs(math.log(shape / ASPECT))
        if best is None or miss < best[0] - 1e-9:
            best = (miss, positions)
    assert best is not None
    return best[1]


def _place(
    order: list[list[str]], label: dict[str, str], row_width: float
) -> dict[str, tuple[int, int]]:
    """Return each node's position, its band spread on rows about ``row_width`` wide."""
    positions: dict[str, tuple[int, int]] = {}
    top = 0.0
    for band in order:
        xs, rows, row_height = _spread(band, label, row_width)
        for n, x, row in zip(band, xs, rows, strict=True):
            positions[n] = (round(x), round(top + row * row_height))
        top += (max(rows) + 1) * row_height + _BAND_GAP
    return positions


def _barycentre(graph: nx.Graph, bands: list[list[str]]) -> list[list[str]]:
    """Order each band by the mean place of its neighbours in the bands ordered before it.

    Sweeps go down, then up, :data:`_SWEEPS` times; a node with no neighbour in those bands
    keeps its place, and ties keep the previous order (itself by label, then IRI).
    """
    place: dict[str, float] = {}

    def index(band: list[str]) -> None:
        for i, n in enumerate(band):
            place[n] = (i + 0.5) / len(band)

    for band in bands:
        index(band)
    for sweep in range(_SWEEPS):
        down = sweep % 2 == 0
        seen: set[str] = set()
        for band in bands if down else list(reversed(bands)):
            if seen:
                mean = {}
                for n in band:
                    near = [place[m] for m in graph[n] if m in seen]
                    mean[n] = sum(sorted(near)) / len(near) if near else place[n]
                band.sort(key=lambda n: (mean[n], place[n]))
                index(band)
            seen.update(band)
    return bands


def _spread(
    band: list[str], label: dict[str, str], row_width: float
) -> tuple[list[float], list[int], float]:
    """Return the x of each node of a band, its staggered row, and the height of a row.

    The nodes keep their order from left to right; with ``k`` rows, node ``i`` is on row
    ``i % k``, and stands far enough right of node ``i - k`` (the one before it on its row)
    that their labels do not touch, and right of node ``i - 1``.
    """
    widths = [_width(label[n]) for n in band]
    lines = max(len(label_lines(label[n])) for n in band)
    row_height = _NODE + lines * LINE_HEIGHT + _GAP / 2
    rows = max(1, math.ceil((sum(widths) + _GAP * len(band)) / row_width))
    rows = min(rows, len(band))
    xs: list[float] = []
    for i, w in enumerate(widths):
        x = xs[i - 1] + _NODE / rows if i else 0.0
        if i >= rows:
            x = max(x, xs[i - rows] + (widths[i - rows] + w) / 2 + _GAP)
        xs.append(x)
    middle = (xs[-1] + xs[0]) / 2
    return [x - middle for x in xs], [i % rows for i in range(len(band))], row_height


#: the layouts a picture can be drawn in: fixed layered positions, or vis-network's physics
LAYOUTS = ("layered", "force")


def apply_layout(net: Network, layout: str) -> None:
    """Place a picture's nodes: fixed layered positions, physics off; or leave it to physics.

    Raises
    ------
    ValueError
        If ``layout`` is not one of :data:`LAYOUTS`.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout takes one of {', '.join(LAYOUTS)}; got {layout!r}")
    if layout == "force":
        return
    positions = layered_positions(
        [(n["id"], n.get("kind", ""), str(n.get("label", ""))) for n in net.nodes],
        [(e["from"], e["to"]) for e in net.edges],
    )
    for n in net.nodes:
        n["x"], n["y"] = positions[n["id"]]
    net.options = {**net.options, "physics": {"enabled": False}}
    # the page shades every other band and names what each holds (templates/view.js)
    net.bands = band_captions([(n.get("kind", ""), n["y"]) for n in net.nodes])


def band_captions(placed: Sequence[tuple[str, int]]) -> list[dict[str, object]]:
    """Return each band of a layered picture: where it lies, and the words that name it.

    A band's caption names the classes drawn in it, one display group a line
    (:data:`stsm_graph.vocabulary.tables.DISPLAY_GROUPS`, in their order): the legend's
    words for a group whose classes are all there, else the words of those that are (a
    band of service systems says "service system", not the legend's "service system,
    component"). Two bands meet half-way between the last row of one, with its labels, and
    the first row of the next.

    Parameters
    ----------
    placed
        ``(class local name, y)`` of each node, as :func:`layered_positions` placed it.

    Examples
    --------
    >>> bands = band_captions([("Customer", 0), ("Need", 150), ("StrategicObjective", 150)])
    >>> [(b["top"], b["bottom"], b["lines"]) for b in bands]
    [(-40, 91, ['customer']), (91, 222, ['need', 'objective'])]
    """
    bands: dict[int, tuple[list[int], set[str]]] = {}
    for kind, y in placed:
        ys, kinds = bands.setdefault(tier_of(kind), ([], set()))
        ys.append(y)
        kinds.add(kind)
    if not bands:  # an empty picture
        return []
    spans = [(min(ys), max(ys), kinds) for _tier, (ys, kinds) in sorted(bands.items())]
    below = LINE_HEIGHT * 2  # a node's shape and the first lines of its label hang below y
    edges = [spans[0][0] - _NODE]
    edges += [
        (last + below + first) // 2 for (_a, last, _g), (first, _b, _h) in itertools.pairwise(spans)
    ]
    edges.append(spans[-1][1] + below + _NODE)
    return [
        {
            "top": edges[i],
            "bottom": edges[i + 1],
            "lines": _caption(kinds),
        }
        for i, (_first, _last, kinds) in enumerate(spans)
    ]


def _caption(kinds: set[str]) -> list[str]:
    """Name the classes of a band, one display group a line (or more, when it is long).

    The legend's words for a group whose classes are all there, else the words of those
    that are, a line holding up to :data:`_CAPTION_WIDTH` characters.
    """
    lines = []
    for group, (words, _colour, _shape) in DISPLAY_GROUPS.items():
        members = sorted(k for k, g in CLASS_GROUPS.items() if g == group)
        present = sorted(k for k in kinds if CLASS_GROUPS.get(k, "OtherGroup") == group)
        if present and present == members:
            lines.append(words)
            continue
        line = ""
        for name in (in_sentence(kind_words(k)) for k in present):
            if line and len(line) + 2 + len(name) > _CAPTION_WIDTH:
                lines.append(line + ",")
                line = ""
            line = f"{line}, {name}" if line else name
        if line:
            lines.append(line)
    return lines
