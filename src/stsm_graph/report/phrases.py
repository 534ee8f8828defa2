"""The words both report formats share: short names, percentages, counts, what-if phrases.

Examples
--------
>>> short("https://w3id.org/stsm#StandardService"), counted(2, "need"), share(3, 4)
('StandardService', '2 needs', '75%')
"""

from __future__ import annotations

from collections.abc import Mapping

from stsm_graph.analysis import AnalysisReport, ImpactReport, WhatIf

__all__ = [
    "changed_names",
    "counted",
    "known_labels",
    "num",
    "pct",
    "ratio",
    "shapes_line",
    "share",
    "short",
    "stakeholder_changes",
    "whatif_scope",
    "within",
]


def short(iri: str) -> str:
    """Return the local name of an IRI (after its last ``#`` or ``/``)."""
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            return iri.rstrip(sep).rsplit(sep, 1)[1]
    return iri


def known_labels(report: AnalysisReport) -> dict[str, str]:
    """Return the labels an analysis already carries: its needs, services, stakeholders, lines.

    The coverage matrices name their rows (needs, objectives) and columns (services); the
    coverage by stakeholder and by service line names those. Presenters name a node by its
    label where it is known here, by its IRI's local name elsewhere.
    """
    cov = report.coverage
    known: dict[str, str] = {}
    for m in (cov.needs_matrix, cov.objectives_matrix):
        known.update(zip(m.rows, m.row_labels, strict=True))
        known.update(zip(m.columns, m.column_labels, strict=True))
    known.update((s.stakeholder, s.label) for s in cov.stakeholders)
    known.update((s.service_line, s.label) for s in cov.service_lines)
    return known


def pct(ratio: float) -> str:
    """Return a ratio as a whole percentage: ``75%``."""
    return f"{ratio * 100:.0f}%"


def num(value: object) -> str:
    """Return a value as text, ``none`` for ``None``."""
    return "none" if value is None else str(value)


def share(covered: int, needs: int) -> str:
    """Return the coverage percentage, or ``n/a: no needs`` (no needs: nothing to measure)."""
    return pct(covered / needs) if needs else "n/a: no needs"


def shapes_line(report: AnalysisReport) -> list[str]:
    """Say when the SHACL shapes were not checked, and how to check them."""
    if report.shapes_checked:
        return []
    why = f" ({report.shapes_skipped})" if report.shapes_skipped else ""
    return [
        f"SHACL shapes not checked{why}: run stsm-graph validate, or analyze --shapes",
    ]


def counted(n: int, noun: str) -> str:
    """Return ``1 service``, ``2,000 services``.

    Examples
    --------
    >>> counted(1, "node"), counted(53447, "node")
    ('1 node', '53,447 nodes')
    """
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def ratio(covered: int, needs: int) -> str:
    """Return ``75% (3 of 4 needs)``; with no needs there is no ratio: ``n/a (no needs)``."""
    if not needs:
        return "n/a (no needs)"
    return f"{pct(covered / needs)} ({covered} of {counted(needs, 'need')})"


def whatif_scope(w: WhatIf, max_depth: int | None) -> str:
    """Say that the what-if is the whole consequence of retiring, whatever the depth."""
    if max_depth is None or w.reach is None:
        return ""
    r = w.reach
    return (
        f"The what-if is the whole consequence of retiring, not cut at depth {max_depth}: "
        f"every service the change reaches is taken out. Beyond the changed nodes it reaches "
        f"{counted(r.affected, 'node')}: {counted(r.services, 'service')}, "
        f"{counted(r.agreements, 'agreement')}, {counted(r.customers, 'customer')}, "
        f"{counted(r.needs, 'need')}, {counted(r.objectives, 'objective')}."
    )


def stakeholder_changes(w: WhatIf) -> list[tuple[str, str, str, int]]:
    """Each stakeholder whose coverage changes: label, before, after, needs becoming unmet."""
    after_by = {s.stakeholder: s for s in w.coverage_after.stakeholders}
    out = []
    for b in w.coverage_before.stakeholders:
        a = after_by.get(b.stakeholder)
        lost = len(w.unmet_by_stakeholder.get(b.stakeholder, ()))
        if a is None or ((a.covered, a.needs) == (b.covered, b.needs) and not lost):
            continue
        out.append((b.label, ratio(b.covered, b.needs), ratio(a.covered, a.needs), lost))
    return out


def within(report: ImpactReport) -> str:
    """Say how far the affected list goes when a depth cut it: `` within 1 link``."""
    return "" if report.max_depth is None else f" within {counted(report.max_depth, 'link')}"


def changed_names(report: ImpactReport, labels: Mapping[str, str]) -> str:
    """Name the changed nodes: ``Managed Backup (svc-managed-backup)`` where one has a label."""
    return ", ".join(
        f"{labels[c]} ({short(c)})" if labels.get(c, c) != c else short(c) for c in report.changed
    )
