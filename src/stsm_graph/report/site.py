"""The report site's front page: ``index.html``, read top-down by a portfolio manager.

:func:`index_html` renders :class:`SiteContent` (analysis results the command gathered, and
the names of the files beside the page) with Jinja2 and autoescaping
(``templates/report.html``): every label, message and IRI is text on the page, never HTML.
People read labels; IRIs are in the ``title`` attributes (tooltips) and in ``report.json``.
The page has no script, and its Content-Security-Policy allows only its own stylesheet (by
hash): it opens offline and fetches nothing. Each figure that ``analyze`` also reports
carries a ``data-figure`` attribute naming it, so that a test can read the page's figures
back. Long lists stop at :data:`LIST_MAX` rows, saying how many more ``report.json`` holds.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> from stsm_graph.analysis import analyze
>>> p = Portfolio()
>>> p.add(model.Need(id="n", label="Backups"))
>>> need = "https://example.org/portfolio/n"
>>> page = index_html(SiteContent(title="ACME", source="acme.yaml", analysis=analyze(p),
...                               labels={need: "<b>Backups</b>"}))
>>> "&lt;b&gt;Backups&lt;/b&gt;" in page, "<b>Backups" in page, f'title="{need}"' in page
(True, False, True)
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from stsm_graph.report.phrases import pct, short
from stsm_graph.vocabulary.shown import kind_words

if TYPE_CHECKING:
    from stsm_graph.analysis import AnalysisReport, ImpactHub, ServiceMatrix, StrategyReport

__all__ = ["LIST_MAX", "REPORT_MARKER", "Picture", "SiteContent", "index_html"]

#: the most rows a list of the page shows; the rest are in report.json
LIST_MAX = 1000
#: the generator the page names in its head: how a later run knows a folder is a report
REPORT_MARKER = "stsm-graph report"
#: the most cells a matrix may have to be drawn on the page (the files hold every one)
MATRIX_PAGE_CELLS = 40_000
#: what a matrix cell may say, in the legend's order (``report.css`` colours each)
CELL_STATES = ("met", "partially met", "planned", "retired")


@dataclass(frozen=True)
class Picture:
    """A picture written beside the page: its file, its title, what it shows."""

    file: str
    title: str
    about: str


@dataclass(frozen=True)
class SiteContent:
    """What the front page shows; every field but the first three may be left empty."""

    title: str
    source: str
    analysis: AnalysisReport
    #: instances per class (local name -> count), as ``Portfolio.summary`` gives them
    holds: Mapping[str, int] = field(default_factory=dict)
    triples: int = 0
    hubs: tuple[ImpactHub, ...] = ()
    strategy: StrategyReport | None = None
    matrices: tuple[ServiceMatrix, ...] = ()
    pictures: tuple[Picture, ...] = ()
    #: why a picture is not there (e.g. the portfolio is too large to draw whole)
    missing_pictures: tuple[str, ...] = ()
    #: the files beside the page: (file, what it holds)
    files: tuple[tuple[str, str], ...] = ()
    #: IRI -> label, for every node the page names
    labels: Mapping[str, str] = field(default_factory=dict)
    version: str = ""


def index_html(content: SiteContent) -> str:
    """Return the report's front page (one self-contained HTML file, no script)."""
    css = _stylesheet()
    return str(
        _template().render(
            c=content,
            a=content.analysis,
            cov=content.analysis.coverage,
            css=Markup(css),
            style_hash=Markup(_csp_hash(css)),
            marker=REPORT_MARKER,
            name=_Names(content.labels),
            pct=pct,
            kind=kind_words,
            list_max=LIST_MAX,
            matrix_cells=MATRIX_PAGE_CELLS,
            colours=CELL_STATES,
            worst_lines=_worst_lines(content.analysis),
            worst_stakeholders=sorted(
                content.analysis.coverage.stakeholders, key=lambda s: (s.ratio, s.label)
            ),
            worst_objectives=sorted(
                content.analysis.coverage.objectives, key=lambda o: (o.supported, o.label)
            ),
        )
    )


class _Names:
    """A node's label, else the last segment of its IRI (the IRI goes in the tooltip)."""

    def __init__(self, labels: Mapping[str, str]) -> None:
        self.labels = labels

    def __call__(self, iri: str) -> str:
        return self.labels.get(iri) or short(iri)

    def in_text(self, text: str) -> str:
        """Return ``text`` with each IRI in it written as the node's name."""
        return _IRI.sub(lambda m: self(m.group(0)), text)


#: an IRI inside a message (up to a space, a quote or a closing bracket)
_IRI = re.compile(r"\b(?:https?|urn):[^\s'\"<>()\[\]]*[^\s'\"<>()\[\].,;:]")


def _worst_lines(report: AnalysisReport) -> list[Any]:
    """Service lines worst first: fewest needs and objectives served, then fewest active."""
    return sorted(
        report.coverage.service_lines,
        key=lambda s: (
            len(s.needs_covered) + len(s.objectives_supported),
            len(s.active_services),
            s.label,
        ),
    )


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("stsm_graph.report", "templates"),
        autoescape=select_autoescape(default=True),
        keep_trailing_newline=True,
    )


def _template() -> Any:
    return _environment().get_template("report.html")


@lru_cache(maxsize=1)
def _stylesheet() -> str:
    from importlib import resources

    text = (resources.files("stsm_graph.report") / "templates" / "report.css").read_text("utf-8")
    if "</style" in text.lower():  # would end the inline block
        raise RuntimeError("the report's stylesheet cannot be inlined")
    return text
