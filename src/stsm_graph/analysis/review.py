"""Change review: what changed between two versions, and what the change puts at risk.

:func:`review` is :func:`~stsm_graph.analysis.diff.diff` plus its consequences, each computed
by running the library's own analyses on both versions and comparing their answers (never
by restating their rules): :func:`~stsm_graph.analysis.summary.analyze` gives the needs
newly unmet, newly partially met and newly met, the objectives newly unsupported, the
services newly orphaned, the integrity findings introduced and resolved and coverage before
and after; :func:`~stsm_graph.analysis.impact.impact`, from every changed entity at once,
gives the **suspects**: every node the change reaches along the declared propagation
directions, with the shortest path that explains it (walked in the new version from what
it still holds, and in the old one from what it held, so a link moved away from a need
makes that need a suspect too).

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> def version(status: str) -> Portfolio:
...     p = Portfolio()
...     p.add(model.StandardService(id="s", label="Backup", status=status, addresses=["n"]),
...           model.Need(id="n", label="Restores"),
...           model.Customer(id="c", label="Contoso", has_need=["n"]))
...     return p
>>> r = review(version("Active"), version("Retired"), shapes=False)
>>> [n.label for n in r.newly_unmet], [s.label for s in r.suspects]
(['Restores'], ['Restores', 'Contoso'])
>>> [(c.label, c.needs) for c in r.customers]
[('Contoso', ('https://example.org/portfolio/n',))]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from rdflib import URIRef

from stsm_graph.analysis._common import Finding, bulk
from stsm_graph.analysis.coverage import (
    CoverageReport,
    ObjectiveCoverage,
    PortfolioCoverage,
    ServiceLineCoverage,
    StakeholderCoverage,
)
from stsm_graph.analysis.diff import Diff, diff
from stsm_graph.analysis.impact import AffectedNode, ImpactReport, impact
from stsm_graph.analysis.integrity import IntegrityFinding
from stsm_graph.analysis.orphans import OrphanedService
from stsm_graph.analysis.summary import AnalysisReport, analyze
from stsm_graph.vocabulary.namespace import STSM

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = [
    "REVIEW_KINDS",
    "CoverageChange",
    "CustomerTouch",
    "NodeRef",
    "Review",
    "Suspect",
    "review",
]

#: names accepted by ``stsm-graph diff --fail-on`` and :meth:`Review.has`
REVIEW_KINDS = (
    "changes",
    "newly-unmet",
    "newly-partial",
    "newly-unsupported",
    "newly-orphaned",
    "new-violations",
    "new-warnings",
    "new-integrity",
    "suspects",
)


class NodeRef(Finding):
    """A node named by IRI and label."""

    node: str
    label: str


class Suspect(AffectedNode):
    """A node the change reaches: its path from a changed entity, in the version walked.

    ``version`` is ``new`` when the new version explains it (preferred), ``old`` when only
    the old one does (it was reached through something the change took away).
    """

    version: Literal["old", "new"]


class CustomerTouch(Finding):
    """A customer the change reaches, and through which of its agreements and needs."""

    customer: str
    label: str
    agreements: tuple[str, ...]
    needs: tuple[str, ...]


class CoverageChange(Finding):
    """One stakeholder's, objective's or service line's coverage before and after.

    ``before`` is ``None`` when it is new, ``after`` when it is gone.
    """

    kind: Literal["stakeholder", "objective", "service_line"]
    node: str
    label: str
    before: StakeholderCoverage | ObjectiveCoverage | ServiceLineCoverage | None
    after: StakeholderCoverage | ObjectiveCoverage | ServiceLineCoverage | None


class Review(Finding):
    """A diff and its consequences (see :func:`review`)."""

    diff: Diff
    newly_unmet: tuple[NodeRef, ...]
    newly_partially_met: tuple[NodeRef, ...]
    newly_met: tuple[NodeRef, ...]
    newly_unsupported_objectives: tuple[NodeRef, ...]
    newly_orphaned: tuple[OrphanedService, ...]
    integrity_introduced: tuple[IntegrityFinding, ...]
    integrity_resolved: tuple[IntegrityFinding, ...]
    #: only the stakeholders, objectives and service lines whose coverage changed
    coverage_changes: tuple[CoverageChange, ...]
    portfolio_before: PortfolioCoverage
    portfolio_after: PortfolioCoverage
    suspects: tuple[Suspect, ...]
    customers: tuple[CustomerTouch, ...]

    def has(self, kind: str) -> bool:
        """Tell whether the review holds findings of ``kind`` (one of :data:`REVIEW_KINDS`)."""
        found: dict[str, bool] = {
            "changes": not self.diff.empty,
            "newly-unmet": bool(self.newly_unmet),
            "newly-partial": bool(self.newly_partially_met),
            "newly-unsupported": bool(self.newly_unsupported_objectives),
            "newly-orphaned": bool(self.newly_orphaned),
            "new-violations": any(f.severity == "violation" for f in self.integrity_introduced),
            "new-warnings": any(f.severity == "warning" for f in self.integrity_introduced),
            "new-integrity": bool(self.integrity_introduced),
            "suspects": bool(self.suspects),
        }
        if kind not in found:
            raise ValueError(f"unknown kind {kind!r}; choose from {', '.join(REVIEW_KINDS)}")
        return found[kind]

    def to_json(self) -> dict[str, Any]:
        """Return the documented JSON form (``docs/review.schema.json``)."""
        data = self.model_dump(mode="json", exclude={"diff"})
        for change in data["coverage_changes"]:
            for side in ("before", "after"):
                if change[side] is not None:
                    change[side].pop("practice", None)
        return {"diff": self.diff.to_json(), **data}


@bulk
def review(old: Portfolio, new: Portfolio, *, shapes: bool | None = False) -> Review:
    """Return what changed from ``old`` to ``new`` and what the change puts at risk.

    Parameters
    ----------
    old, new
        The two versions (not modified), on any stores.
    shapes
        Passed to :func:`~stsm_graph.analysis.analyze` on both versions: whether the SHACL
        shapes' violations count among the integrity findings (``None``: as ``analyze``
        decides by size). Off by default: pyshacl is slow, and ``validate`` checks them.
    """
    changes = diff(old, new)
    before = analyze(old, shapes=shapes)
    after = analyze(new, shapes=shapes)
    suspects = _suspects(old, new, changes)
    unmet_before = {u.need for u in before.unmet_needs}
    partial_before = {p.need for p in before.partially_met_needs}
    short_after = {u.need for u in after.unmet_needs} | {p.need for p in after.partially_met_needs}
    orphaned = {b.service for b in before.orphaned_services}
    short_before = unmet_before | partial_before  # once: not per row of the needs matrix
    rows = after.coverage.needs_matrix
    return Review(
        diff=changes,
        newly_unmet=_refs(((u.need, u.label) for u in after.unmet_needs), unmet_before),
        newly_partially_met=_refs(
            ((p.need, p.label) for p in after.partially_met_needs), partial_before
        ),
        newly_met=tuple(
            NodeRef(node=n, label=label)
            for n, label in sorted(zip(rows.rows, rows.row_labels, strict=True))
            if n in short_before and n not in short_after
        ),
        newly_unsupported_objectives=_refs(
            ((o.objective, o.label) for o in after.coverage.objectives if not o.supported),
            {o.objective for o in before.coverage.objectives if not o.supported},
        ),
        newly_orphaned=tuple(o for o in after.orphaned_services if o.service not in orphaned),
        integrity_introduced=_findings(after, before),
        integrity_resolved=_findings(before, after),
        coverage_changes=_coverage_changes(before.coverage, after.coverage),
        portfolio_before=before.coverage.portfolio,
        portfolio_after=after.coverage.portfolio,
        suspects=suspects,
        customers=_customers(old, new, changes, suspects),
    )


def _refs(found: Iterable[tuple[str, str]], had: set[str]) -> tuple[NodeRef, ...]:
    """Name the nodes of ``found`` not in ``had``, sorted by IRI."""
    return tuple(NodeRef(node=n, label=label) for n, label in sorted(found) if n not in had)


def _finding_key(f: IntegrityFinding) -> tuple[Any, ...]:
    """Return what makes a finding the same in both versions: not its message (labels)."""
    return (f.rule, f.severity, f.node, f.cycle, f.related)


def _findings(report: AnalysisReport, other: AnalysisReport) -> tuple[IntegrityFinding, ...]:
    """Return the integrity findings of ``report`` that ``other`` does not have."""
    had = {_finding_key(f) for f in other.integrity}
    return tuple(f for f in report.integrity if _finding_key(f) not in had)


def _coverage_changes(before: CoverageReport, after: CoverageReport) -> tuple[CoverageChange, ...]:
    """Return each stakeholder, objective and service line whose coverage differs."""
    kinds: tuple[tuple[Literal["stakeholder", "objective", "service_line"], str, str], ...] = (
        ("stakeholder", "stakeholders", "stakeholder"),
        ("objective", "objectives", "objective"),
        ("service_line", "service_lines", "service_line"),
    )
    found: list[CoverageChange] = []
    for kind, attribute, key in kinds:
        old = {getattr(x, key): x for x in getattr(before, attribute)}
        new = {getattr(x, key): x for x in getattr(after, attribute)}
        for node in sorted({*old, *new}):
            a, b = old.get(node), new.get(node)
            if _figures(a) != _figures(b):
                shown = b if b is not None else a
                label = shown.label if shown is not None else node
                found.append(CoverageChange(kind=kind, node=node, label=label, before=a, after=b))
    return tuple(found)


def _figures(row: Finding | None) -> dict[str, Any] | None:
    """Return a coverage row's figures: its label left out (a rename changes no coverage)."""
    return None if row is None else row.model_dump(exclude={"label"})


def _suspects(old: Portfolio, new: Portfolio, changes: Diff) -> tuple[Suspect, ...]:
    """Walk from every changed entity at once, in the new version and in the old one."""
    changed = {n for n in changes.nodes if not n.startswith("_:")}
    gone = {e.node for e in changes.removed}
    fresh = {e.node for e in changes.added}
    found: dict[str, Suspect] = {}
    walks: tuple[tuple[Literal["old", "new"], Portfolio, list[str]], ...] = (
        ("new", new, sorted(changed - gone)),
        ("old", old, sorted(changed - fresh)),
    )
    for version, portfolio, sources in walks:
        for a in _walk(portfolio, sources).affected:
            if a.node not in changed and a.node not in found:
                found[a.node] = Suspect(**a.model_dump(), version=version)
    return tuple(sorted(found.values(), key=lambda s: (s.distance, s.version != "new", s.node)))


def _walk(portfolio: Portfolio, sources: list[str]) -> ImpactReport:
    """Return the impact of changing ``sources`` (none: an empty report)."""
    if sources:
        return impact(portfolio, sources)
    return ImpactReport.model_validate(
        {"changed": (), "affected": (), "by_class": {}, "summary": _EMPTY}
    )


_EMPTY: Mapping[str, Any] = {
    "affected": 0,
    "by_class": {},
    "customers": 0,
    "agreements": 0,
    "needs": 0,
    "objectives": 0,
    "services": 0,
    "customers_via_agreement": (),
    "customers_via_need": (),
}

#: a customer's agreements and needs (the links that carry a change to it)
_CUSTOMER_LINKS = (
    "SELECT ?c ?p ?x WHERE { VALUES ?c { } "
    f"{{ ?x <{STSM.withCustomer}> ?c BIND(<{STSM.withCustomer}> AS ?p) }} UNION "
    f"{{ ?c <{STSM.hasNeed}> ?x BIND(<{STSM.hasNeed}> AS ?p) }} }}"
)


def _customers(
    old: Portfolio, new: Portfolio, changes: Diff, suspects: tuple[Suspect, ...]
) -> tuple[CustomerTouch, ...]:
    """Name each customer reached, with its agreements and needs the change touches."""
    customer = str(STSM.Customer)
    entities = {e.node: e for e in changes.entities}
    labels = {s.node: s.label for s in suspects if s.type == customer}
    labels.update({n: e.label for n, e in entities.items() if e.type == customer})
    if not labels:
        return ()
    touched = {s.node for s in suspects} | set(entities)
    nodes = [URIRef(n) for n in sorted(labels)]
    through: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for portfolio in (old, new):
        for c, p, x in portfolio.store.select_values(_CUSTOMER_LINKS, "c", nodes):
            if c is not None and p is not None and x in touched:
                through[c][p].add(x)
    return tuple(
        CustomerTouch(
            customer=c,
            label=label,
            agreements=tuple(sorted(through[c][str(STSM.withCustomer)])),
            needs=tuple(sorted(through[c][str(STSM.hasNeed)])),
        )
        for c, label in sorted(labels.items())
    )
