"""Interactive traceability pictures.

:mod:`~stsm_graph.viz.views` builds a picture from analysis results, :mod:`~stsm_graph.viz.style`
says how each node looks, and :mod:`~stsm_graph.viz.page` renders the offline HTML page (from
``templates/view.html``).
"""

from __future__ import annotations

from stsm_graph.viz.page import save_html, to_html
from stsm_graph.viz.views import MAX_NODES, impact_view, traceability_view

__all__ = ["MAX_NODES", "impact_view", "save_html", "to_html", "traceability_view"]
