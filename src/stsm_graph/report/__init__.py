"""Human reports of the analyses: plain text and Markdown.

These functions only produce text; the command line decides where it goes. What comes from
the portfolio (labels, IRIs, messages) and the title is escaped for the medium
(:mod:`stsm_graph.common.escaping`): each line of the plain text by ``for_terminal``
(:mod:`~stsm_graph.report.text`), each interpolated string of the Markdown by
``for_markdown`` (:mod:`~stsm_graph.report.markdown`). The words both share are in
:mod:`~stsm_graph.report.phrases`, the formats by name in :mod:`~stsm_graph.report.formats`;
the strategy report in :mod:`~stsm_graph.report.strategy`; the service catalog (HTML and
Markdown) in :mod:`~stsm_graph.report.catalog`.
"""

from __future__ import annotations

from stsm_graph.common.lazy import submodules
from stsm_graph.report.catalog import catalog_html, catalog_markdown
from stsm_graph.report.formats import FORMATTERS, IMPACT_FORMATTERS
from stsm_graph.report.markdown import analysis_markdown, impact_markdown
from stsm_graph.report.phrases import counted
from stsm_graph.report.strategy import STRATEGY_FORMATTERS, strategy_markdown, strategy_text
from stsm_graph.report.text import analysis_text, impact_text

__all__ = [
    "FORMATTERS",
    "IMPACT_FORMATTERS",
    "STRATEGY_FORMATTERS",
    "analysis_markdown",
    "analysis_text",
    "catalog_html",
    "catalog_markdown",
    "counted",
    "impact_markdown",
    "impact_text",
    "strategy_markdown",
    "strategy_text",
]

#: its other modules (``report.X``) are imported when first named
__getattr__ = submodules(__name__)
