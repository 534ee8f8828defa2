"""All traceability analyses at once, and their stable JSON form.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Customer(id="c", label="C", has_need=["n"]), model.Need(id="n", label="N"))
>>> data = analyze(p).to_json()
>>> sorted(data)  # doctest: +NORMALIZE_WHITESPACE
['coverage', 'integrity', 'orphaned_services', 'partially_met_needs', 'shapes_checked',
 'unmet_needs']
>>> data["coverage"]["portfolio"]
{'needs': 1, 'covered': 0, 'fully_met': 0, 'ratio': 0.0, 'objectives': 0, 'objectives_supported': 0}
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from stsm_graph.analysis._common import Finding, bulk
from stsm_graph.analysis._needs import NeedFacts, coverage_facts
from stsm_graph.analysis.coverage import CoverageReport, TraceabilityMatrix, coverage
from stsm_graph.analysis.integrity import RULES, IntegrityFinding, integrity_findings
from stsm_graph.analysis.needs import (
    PartiallyMetNeed,
    UnmetNeed,
    partially_met_needs,
    unmet_needs,
)
from stsm_graph.analysis.orphans import OrphanedService, orphaned_services
from stsm_graph.analysis.shapes import shape_findings, shapes_skipped
from stsm_graph.vocabulary.resources import query_text

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["ANALYZE_QUERIES", "FINDING_KINDS", "AnalysisReport", "analyze"]

#: names accepted by ``--fail-on`` and :meth:`AnalysisReport.has`
FINDING_KINDS = ("unmet", "partial", "orphans", "violations", "warnings", "integrity")


class AnalysisReport(Finding):
    """Coverage, unmet and partially met needs, orphaned services and integrity findings.

    ``integrity`` holds the SHACL shapes' violations too (rule ``shape-violation``) when
    ``shapes_checked`` is true; when it is false the shapes were not checked (see
    :func:`analyze`), and ``stsm-graph validate`` checks them.
    """

    coverage: CoverageReport
    unmet_needs: tuple[UnmetNeed, ...]
    partially_met_needs: tuple[PartiallyMetNeed, ...]
    orphaned_services: tuple[OrphanedService, ...]
    integrity: tuple[IntegrityFinding, ...]
    shapes_checked: bool = False
    #: why the shapes were not checked (empty when they were)
    shapes_skipped: str = ""

    def has(self, kind: str) -> bool:
        """Tell whether findings of ``kind`` (one of :data:`FINDING_KINDS`) exist."""
        if kind == "unmet":
            return bool(self.unmet_needs)
        if kind == "partial":
            return bool(self.partially_met_needs)
        if kind == "orphans":
            return bool(self.orphaned_services)
        if kind == "integrity":
            return bool(self.integrity)
        if kind in ("violations", "warnings"):
            return any(f.severity == kind[:-1] for f in self.integrity)
        raise ValueError(f"unknown finding kind {kind!r}; choose from {', '.join(FINDING_KINDS)}")

    def to_json(self) -> dict[str, Any]:
        """Return the report in its documented JSON form (``docs/analyze.schema.json``)."""
        cov = self.coverage
        return {
            "coverage": {
                "stakeholders": [_plain(s, exclude={"practice"}) for s in cov.stakeholders],
                "objectives": [_plain(o, exclude={"practice"}) for o in cov.objectives],
                "service_lines": [_plain(s, exclude={"practice"}) for s in cov.service_lines],
                "portfolio": _plain(cov.portfolio),
                "matrices": {
                    "needs_x_services": _matrix(cov.needs_matrix),
                    "objectives_x_services": _matrix(cov.objectives_matrix),
                },
            },
            "unmet_needs": [_plain(u) for u in self.unmet_needs],
            "partially_met_needs": [_plain(p) for p in self.partially_met_needs],
            "orphaned_services": [_plain(o) for o in self.orphaned_services],
            "integrity": [_plain(f) for f in self.integrity],
            "shapes_checked": self.shapes_checked,
        }


def _matrix(m: TraceabilityMatrix) -> dict[str, Any]:
    return {
        "rows": list(m.rows),
        "columns": list(m.columns),
        "links": [list(pair) for pair in m.links],
    }


def _plain(model: Finding, exclude: set[str] | None = None) -> dict[str, Any]:
    return _jsonable(model.model_dump(exclude=exclude))  # type: ignore[no-any-return]


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and abs(v) < 2**53 else float(v)
    return v


#: the packaged queries ``analyze`` asks, with their bindings: a store that pays a round trip
#: per query (a SPARQL server) sends them all at once (:meth:`Store.prefetching`). Not
#: listed: ``need_details.rq``, asked after ``gap_candidates.rq`` for the needs it returns
#: (when there are some).
ANALYZE_QUERIES: tuple[tuple[str, dict[str, URIRef]], ...] = (
    ("need_coverage", {}),
    ("gap_candidates", {}),
    ("stakeholder_needs", {}),
    ("objective_support", {}),
    ("services", {}),
    ("service_line_services", {}),
    ("unmet_needs", {}),
    ("untraced_services", {}),
    ("live_service_dependencies", {}),
    ("service_gaps", {}),
    ("agreement_level_mismatch", {}),
    ("cycle_nodes", {}),
    ("conflicting_statuses", {}),
)

#: the queries of :data:`ANALYZE_QUERIES` that read the need facts
_FACT_QUERIES = ("need_coverage", "gap_candidates")


@bulk
def analyze(
    portfolio: Portfolio,
    *,
    shapes: bool | None = None,
    facts: dict[str, NeedFacts] | None = None,
) -> AnalysisReport:
    """Run every traceability analysis on the portfolio (need facts computed once).

    On a SPARQL server the queries go out together (:data:`ANALYZE_QUERIES`), so the server
    works on several while the client reads answers; the result is the same.

    Parameters
    ----------
    portfolio
        The portfolio.
    shapes
        Check the SHACL shapes too and report their violations among the integrity findings
        (``True``), or not (``False``); by default, when the portfolio holds at most
        :data:`~stsm_graph.analysis.shapes.SHAPES_LIMIT` triples (pyshacl is slow on large
        graphs). ``shapes_checked`` says which.
    facts
        The need facts already computed (:func:`~stsm_graph.analysis.coverage_facts`), when
        other analyses of the same portfolio share them; by default they are read here.
    """
    skipped = shapes_skipped(portfolio, shapes)
    read = _FACT_QUERIES if facts is not None else ()  # the facts given need not be read
    queries = [
        (query_text(name), bindings or None)
        for name, bindings in ANALYZE_QUERIES
        if name not in read
    ]
    with portfolio.store.prefetching(queries):
        facts = coverage_facts(portfolio) if facts is None else facts
        report = AnalysisReport(
            coverage=coverage(portfolio, facts=facts),
            unmet_needs=unmet_needs(portfolio),
            partially_met_needs=partially_met_needs(portfolio, facts=facts),
            orphaned_services=orphaned_services(portfolio),
            integrity=integrity_findings(portfolio),
        )
    if skipped:
        return report.model_copy(update={"shapes_skipped": skipped})
    order = list(RULES)
    ordered = sorted(  # as integrity_findings orders them; a sort is stable
        report.integrity + shape_findings(portfolio),
        key=lambda f: (f.severity != "violation", order.index(f.rule)),
    )
    return report.model_copy(update={"integrity": tuple(ordered), "shapes_checked": True})
