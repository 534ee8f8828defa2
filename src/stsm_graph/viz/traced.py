"""What the page's trace highlighting and its stakeholder and service-line filters select.

The page walks nothing: :func:`stsm_graph.analysis.traces` gives each node's whole trace, and
:func:`add_traces` writes it on the picture's nodes as the positions of the nodes on it, in
the order the page receives them (``trace``). A stakeholder carries ``stakeholder: true`` (its
filter keeps its trace); a service line some drawn node is ``stsm:inServiceLine`` carries
``line_trace``, what its filter keeps (the line, and the traces of those nodes). A click on a
node lights its ``trace``; the filters keep the nodes named in those lists, nothing more.

At 1,007 nodes and 1,718 links (a generated portfolio of 5,500 triples) the traces take
0.05 s of CPU and add 193 kB to the page (1.64 MB): small enough that a click stays interactive
and reads the answer instead of walking (docs/design.md, docs/performance.md).

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> from stsm_graph.viz import traceability_view
>>> p = Portfolio()
>>> p.add(model.Customer(id="acme", label="ACME", has_need=["n"]),
...       model.Need(id="n", label="Backups"),
...       model.StandardService(id="s", label="Backup", addresses=["n"]))
>>> net = traceability_view(p)
>>> [(n["label"], n["trace"], n.get("stakeholder", False)) for n in net.nodes]
[('ACME', [0, 1, 2], True), ('Backups', [0, 1, 2], False), ('Backup', [0, 1, 2], False)]
"""

from __future__ import annotations

from pyvis.network import Network

from stsm_graph.analysis import NodeGraph, traces

__all__ = ["add_traces"]


def add_traces(net: Network, graph: NodeGraph, *, lines: bool = True) -> None:
    """Write on each node of ``net`` its trace in ``graph``, and the filters' sets.

    Parameters
    ----------
    net
        A picture whose nodes are those of ``graph`` (a node of ``graph`` not drawn is left
        out of every list).
    graph
        The nodes and links the picture draws.
    lines
        Whether service lines carry the service-line filter's set (``line_trace``).
    """
    found = traces(graph)
    position = {n["id"]: i for i, n in enumerate(net.nodes)}

    def positions(nodes: frozenset[str]) -> list[int]:
        return sorted(position[n] for n in nodes if n in position)

    for n in net.nodes:
        node = n["id"]
        n["trace"] = positions(found.trace.get(node, frozenset((node,))))
        if node in found.stakeholders:
            n["stakeholder"] = True
        if lines and node in found.lines:
            n["line_trace"] = positions(found.lines[node])
