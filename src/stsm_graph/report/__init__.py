"""Human reports of the analyses: plain text and Markdown."""

from __future__ import annotations

from stsm_graph.report.formats import (
    FORMATTERS,
    IMPACT_FORMATTERS,
    analysis_markdown,
    analysis_text,
    counted,
    impact_markdown,
    impact_text,
)

__all__ = [
    "FORMATTERS",
    "IMPACT_FORMATTERS",
    "analysis_markdown",
    "analysis_text",
    "counted",
    "impact_markdown",
    "impact_text",
]
