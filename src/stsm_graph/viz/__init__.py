"""Interactive traceability pictures.

:mod:`~stsm_graph.viz.views` builds a picture from analysis results, :mod:`~stsm_graph.viz.style`
says how each node looks, :mod:`~stsm_graph.viz.layout` where it stands (the layered layout),
:mod:`~stsm_graph.viz.matrix` the matrices beside the picture, :mod:`~stsm_graph.viz.page`
renders the offline HTML page (from ``templates/view.html`` and ``view.js``), and
:mod:`~stsm_graph.viz.export` takes its PNG screenshot; :mod:`~stsm_graph.viz.overview`
draws a large portfolio as clusters (``templates/overview.js`` opens them).
"""

from __future__ import annotations

from stsm_graph.viz.export import save_png
from stsm_graph.viz.overview import MAX_MEMBERS, overview_view
from stsm_graph.viz.page import save_html, to_html
from stsm_graph.viz.views import MAX_NODES, impact_view, traceability_view

__all__ = [
    "MAX_MEMBERS",
    "MAX_NODES",
    "impact_view",
    "overview_view",
    "save_html",
    "save_png",
    "to_html",
    "traceability_view",
]
