"""Interactive traceability pictures."""

from __future__ import annotations

from stsm_graph.viz.picture import MAX_NODES, impact_view, save_html, to_html, traceability_view

__all__ = ["MAX_NODES", "impact_view", "save_html", "to_html", "traceability_view"]
