"""Coverage: which needs and objectives the active standard services serve.

A need (not retired) is *covered* when at least one active service addresses it, and
*fully met* when, in addition, each of its level requirements is met by a service level of
some covering active service on the same metric and unit. The coverage ratio of a
stakeholder is covered needs / needs; a stakeholder with no needs has ratio 1.0 (nothing
of it is unmet), and so has a portfolio with no needs.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Customer(id="c", label="C", has_need=["n1", "n2"]),
...       model.Need(id="n1", label="N1"), model.Need(id="n2", label="N2"),
...       model.StandardService(id="s", label="S", addresses=["n1"]))
>>> report = coverage(p)
>>> [(s.label, s.needs, s.covered, s.ratio) for s in report.stakeholders]
[('C', 2, 1, 0.5)]
>>> print(report.needs_matrix.to_csv(), end="")
need,label,https://example.org/portfolio/s
https://example.org/portfolio/n1,N1,x
https://example.org/portfolio/n2,N2,
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from stsm_graph.analysis._common import (
    ACTIVE,
    RETIRED,
    Finding,
    Row,
    bulk,
    iri,
    keep_smallest,
    run,
    text,
)
from stsm_graph.analysis._needs import (
    NeedFacts,
    coverage_facts,
    labels_and_statuses,
    need_facts,
    node_statuses,
    status_of,
)
from stsm_graph.vocabulary.namespace import STSM

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = [
    "CoverageReport",
    "ObjectiveCoverage",
    "PortfolioCoverage",
    "ServiceLineCoverage",
    "StakeholderCoverage",
    "TraceabilityMatrix",
    "coverage",
]


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


class StakeholderCoverage(Finding):
    """Coverage of one customer or end user's needs (retired needs left out)."""

    stakeholder: str
    label: str
    type: str
    needs: int
    covered: int
    fully_met: int
    ratio: float
    practice: str = "STSM SP 1.1"


class ObjectiveCoverage(Finding):
    """A strategic objective and the active services that support it."""

    objective: str
    label: str
    supported_by: tuple[str, ...]
    supported: bool
    practice: str = "STSM SP 1.1"


class ServiceLineCoverage(Finding):
    """A service line: its services, and the needs and objectives its active services serve."""

    service_line: str
    label: str
    services: tuple[str, ...]
    active_services: tuple[str, ...]
    needs_covered: tuple[str, ...]
    objectives_supported: tuple[str, ...]
    practice: str = "STSM SP 2.1"


class PortfolioCoverage(Finding):
    """Totals over every need that is not retired, and every objective."""

    needs: int
    covered: int
    fully_met: int
    ratio: float
    objectives: int
    objectives_supported: int


class TraceabilityMatrix(Finding):
    """A traceability matrix as data: rows, columns, and the linked (row, column) pairs."""

    row_kind: str
    column_kind: str
    rows: tuple[str, ...]
    row_labels: tuple[str, ...]
    columns: tuple[str, ...]
    column_labels: tuple[str, ...]
    links: tuple[tuple[str, str], ...]

    def to_csv(self) -> str:
        """Return the matrix as CSV: one row per row node, an ``x`` where a link exists."""
        linked = set(self.links)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([self.row_kind, "label", *self.columns])
        for r, label in zip(self.rows, self.row_labels, strict=True):
            writer.writerow([r, label, *("x" if (r, c) in linked else "" for c in self.columns)])
        return out.getvalue()


class CoverageReport(Finding):
    """Coverage per stakeholder, objective and service line; totals; the two matrices."""

    stakeholders: tuple[StakeholderCoverage, ...]
    objectives: tuple[ObjectiveCoverage, ...]
    service_lines: tuple[ServiceLineCoverage, ...]
    portfolio: PortfolioCoverage
    needs_matrix: TraceabilityMatrix
    objectives_matrix: TraceabilityMatrix


@bulk
def coverage(
    portfolio: Portfolio,
    *,
    facts: dict[str, NeedFacts] | None = None,
    assume: Mapping[str, str] | None = None,
) -> CoverageReport:
    """Compute coverage of the portfolio's needs and objectives.

    Parameters
    ----------
    portfolio
        The portfolio to analyse.
    facts
        Need facts already computed (see :func:`stsm_graph.analysis.need_facts`) with the
        same ``assume``; computed when not given (with nothing assumed, level requirements
        are read only for the needs that may be partially met).
    assume
        Statuses to assume instead of the stated ones (service or need IRI -> status IRI),
        for what-if analyses; the portfolio is not changed.

    Returns
    -------
    CoverageReport
        Everything sorted by IRI.
    """
    assume = assume or {}
    if facts is None:
        facts = need_facts(portfolio, assume=assume) if assume else coverage_facts(portfolio)
    covered = {k for k, f in facts.items() if f.covered}
    fully = {k for k in covered if facts[k].fully_met}
    stakeholders = _stakeholders(portfolio, facts, covered, fully)
    objectives, supporters = _objectives(portfolio, assume)
    services = _services(portfolio, assume)
    lines = _service_lines(portfolio, facts, objectives, assume)
    totals = portfolio_totals(facts, objectives)
    live = {s: label for s, (label, status) in services.items() if status != RETIRED}
    needs_matrix = _matrix(
        "need",
        {k: f.label for k, f in facts.items()},
        live,
        ((k, s) for k, f in facts.items() for s in f.addressed_by),
    )
    objectives_matrix = _matrix(
        "objective", {o.objective: o.label for o in objectives}, live, supporters
    )
    return CoverageReport(
        stakeholders=stakeholders,
        objectives=objectives,
        service_lines=lines,
        portfolio=totals,
        needs_matrix=needs_matrix,
        objectives_matrix=objectives_matrix,
    )


def portfolio_totals(
    facts: Mapping[str, NeedFacts], objectives: Sequence[ObjectiveCoverage]
) -> PortfolioCoverage:
    """Return the portfolio's coverage totals from its need facts and objectives' coverage."""
    covered = sum(1 for f in facts.values() if f.covered)
    return PortfolioCoverage(
        needs=len(facts),
        covered=covered,
        fully_met=sum(1 for f in facts.values() if f.fully_met),
        ratio=_ratio(covered, len(facts)),
        objectives=len(objectives),
        objectives_supported=sum(1 for o in objectives if o.supported),
    )


def _stakeholders(
    portfolio: Portfolio, facts: dict[str, NeedFacts], covered: set[str], fully: set[str]
) -> tuple[StakeholderCoverage, ...]:
    """Each stakeholder's needs in scope, and how many of them are covered and fully met."""
    needs: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, str] = {}
    labels: dict[str, str] = {}
    rank = {str(STSM.Customer): 0, str(STSM.EndUser): 1, str(STSM.Stakeholder): 2}
    for who, kind, label, need in run(portfolio, "stakeholder_needs"):
        key = iri(who)
        if key is None:
            continue
        kind_text = text(kind)
        if key not in kinds or rank.get(kind_text, 3) < rank.get(kinds[key], 3):
            kinds[key] = kind_text
        keep_smallest(labels, key, label)
        needs[key]
        n = iri(need)
        if n is not None and n in facts:
            needs[key].add(n)
    out = []
    for key in sorted(kinds):
        mine = needs[key]
        n_covered = len(mine & covered)
        out.append(
            StakeholderCoverage(
                stakeholder=key,
                label=labels.get(key, key),
                type=kinds[key],
                needs=len(mine),
                covered=n_covered,
                fully_met=len(mine & fully),
                ratio=_ratio(n_covered, len(mine)),
            )
        )
    return tuple(out)


def _objectives(
    portfolio: Portfolio, assume: Mapping[str, str], rows: list[Row] | None = None
) -> tuple[tuple[ObjectiveCoverage, ...], set[tuple[str, str]]]:
    """Return each objective's coverage, and every (objective, supporting node) link.

    From ``rows`` of ``objective_support.rq`` when given (they do not depend on ``assume``:
    a roadmap reads them once for all its phases), else from the query.
    """
    support: dict[str, set[str]] = defaultdict(set)
    links: set[tuple[str, str]] = set()
    labels: dict[str, str] = {}
    rows = run(portfolio, "objective_support") if rows is None else rows
    statuses = node_statuses(rows, 2, 3)  # a service's status is decided once, not per row
    for objective, label, service, _status in rows:
        key = iri(objective)
        if key is None or assume.get(key) == RETIRED:
            continue
        keep_smallest(labels, key, label)
        svc = iri(service)
        support[key]
        if svc is not None:
            links.add((key, svc))
            if status_of(statuses, svc, assume) == ACTIVE:
                support[key].add(svc)
    out = tuple(
        ObjectiveCoverage(
            objective=key,
            label=labels.get(key, key),
            supported_by=tuple(sorted(support[key])),
            supported=bool(support[key]),
        )
        for key in sorted(support)
    )
    return out, links


def _services(portfolio: Portfolio, assume: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Return every service's (label, status IRI), status defaulting to ``stsm:Active``."""
    return labels_and_statuses(run(portfolio, "services"), assume)


def _service_lines(
    portfolio: Portfolio,
    facts: dict[str, NeedFacts],
    objectives: tuple[ObjectiveCoverage, ...],
    assume: Mapping[str, str],
) -> tuple[ServiceLineCoverage, ...]:
    members: dict[str, dict[str, str]] = defaultdict(dict)
    labels: dict[str, str] = {}
    rows = run(portfolio, "service_line_services")
    statuses = node_statuses(rows, 2, 3)  # a service's status is decided once, not per row
    for line, label, service, _status in rows:
        key = iri(line)
        if key is None:
            continue
        keep_smallest(labels, key, label)
        svc = iri(service)
        members[key]
        if svc is not None:
            members[key][svc] = status_of(statuses, svc, assume)
    needs_by_service: dict[str, set[str]] = defaultdict(set)
    for f in facts.values():
        for svc in f.services:
            needs_by_service[svc].add(f.need)
    objectives_by_service: dict[str, set[str]] = defaultdict(set)
    for o in objectives:
        for svc in o.supported_by:
            objectives_by_service[svc].add(o.objective)
    out = []
    for key in sorted(members):
        services = members[key]
        active = sorted(s for s, st in services.items() if st == ACTIVE)
        out.append(
            ServiceLineCoverage(
                service_line=key,
                label=labels.get(key, key),
                services=tuple(sorted(s for s, st in services.items() if st != RETIRED)),
                active_services=tuple(active),
                needs_covered=tuple(sorted(set().union(*(needs_by_service[s] for s in active)))),
                objectives_supported=tuple(
                    sorted(set().union(*(objectives_by_service[s] for s in active)))
                ),
            )
        )
    return tuple(out)


def _matrix(
    row_kind: str,
    rows: dict[str, str],
    columns: dict[str, str],
    pairs: Iterable[tuple[str, str]],
) -> TraceabilityMatrix:
    """Build a matrix of ``rows`` x service ``columns`` from (row, column) ``pairs``."""
    links = {(r, c) for r, c in pairs if c in columns and r in rows}
    row_keys = sorted(rows)
    col_keys = sorted(columns)
    return TraceabilityMatrix(
        row_kind=row_kind,
        column_kind="service",
        rows=tuple(row_keys),
        row_labels=tuple(rows[r] for r in row_keys),
        columns=tuple(col_keys),
        column_labels=tuple(columns[c] for c in col_keys),
        links=tuple(sorted(links)),
    )
