"""The report formats by name, as the command line's ``--format`` chooses them.

``json`` is not here: the caller writes a report's ``to_json()`` itself.

Examples
--------
>>> sorted(FORMATTERS), sorted(IMPACT_FORMATTERS)
(['markdown', 'text'], ['markdown', 'text'])
"""

from __future__ import annotations

from collections.abc import Callable

from stsm_graph.report.markdown import analysis_markdown, impact_markdown
from stsm_graph.report.text import analysis_text, impact_text

__all__ = ["FORMATTERS", "IMPACT_FORMATTERS"]

#: output format -> impact renderer
IMPACT_FORMATTERS: dict[str, Callable[..., str]] = {
    "text": impact_text,
    "markdown": impact_markdown,
}

#: output format -> renderer (``json`` is handled by the caller with ``to_json``)
FORMATTERS: dict[str, Callable[..., str]] = {
    "text": analysis_text,
    "markdown": analysis_markdown,
}
