r"""The Markdown reports of the analyses: one table per finding kind, every cell escaped.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> from stsm_graph.analysis import analyze
>>> p = Portfolio()
>>> p.add(model.StandardService(id="s", label="Backup | Restore"))
>>> md = analysis_markdown(analyze(p), title="demo")
>>> md.splitlines()[0]
'# Traceability analysis: demo'
>>> [line for line in md.splitlines() if "Active" in line]
['| Backup \\| Restore | Active |']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from stsm_graph.analysis import AnalysisReport, ImpactReport, WhatIf
from stsm_graph.common.escaping import for_markdown
from stsm_graph.report.phrases import (
    changed_names,
    known_labels,
    num,
    shapes_line,
    share,
    short,
    stakeholder_changes,
    whatif_scope,
    within,
)

__all__ = ["analysis_markdown", "impact_markdown"]


def _table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    """Return a Markdown table, each cell escaped; ``none`` in place of a table without rows."""
    head = list(header)
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        out.append("| " + " | ".join(for_markdown(str(c)) for c in row) + " |")
    return out if len(out) > 2 else ["none"]


def analysis_markdown(
    report: AnalysisReport, *, title: str = "portfolio", labels: Mapping[str, str] | None = None
) -> str:
    """Return the analysis as a Markdown document with one table per finding kind.

    Nodes are named as :func:`~stsm_graph.report.text.analysis_text` names them.
    """
    t = report.coverage.portfolio
    md = [
        f"# Traceability analysis: {for_markdown(title)}",
        "",
        f"- needs: {t.needs}; covered: {t.covered} ({share(t.covered, t.needs)}); "
        f"fully met: {t.fully_met}",
        f"- objectives supported: {t.objectives_supported} of {t.objectives}",
        f"- unmet needs: {len(report.unmet_needs)}; partially met: "
        f"{len(report.partially_met_needs)}; orphaned services: {len(report.orphaned_services)}",
        *(f"- {line}" for line in shapes_line(report)),
        "",
    ]
    tables = _findings_tables(report, {**(labels or {}), **known_labels(report)})
    return "\n".join(md + tables + _coverage_tables(report)) + "\n"


def _findings_tables(report: AnalysisReport, labels: Mapping[str, str]) -> list[str]:
    """Return the tables of the findings: unmet needs, level gaps, orphaned services, integrity."""

    def named(iris: tuple[str, ...]) -> str:
        return ", ".join(labels.get(x, short(x)) for x in iris)

    md = ["## Unmet needs", ""]
    md += _table(
        ["need", "stakeholders", "planned services", "plan actions"],
        (
            [u.label, named(u.stakeholders), named(u.planned_services), named(u.plan_actions)]
            for u in report.unmet_needs
        ),
    )
    md += ["", "## Level gaps", ""]
    md += _table(
        ["need", "metric", "comparator", "required", "best offered", "unit", "other units"],
        (
            [
                p.label,
                g.metric,
                short(g.comparator),
                g.required,
                num(g.offered),
                g.unit or "",
                ", ".join(g.mismatched_units),
            ]
            for p in report.partially_met_needs
            for g in p.gaps
        ),
    )
    md += ["", "## Orphaned services", ""]
    md += _table(
        ["service", "status"], ([o.label, short(o.status)] for o in report.orphaned_services)
    )
    md += ["", "## Integrity", ""]
    md += _table(
        ["severity", "rule", "node", "message"],
        ([f.severity, f.rule, short(f.node), f.message] for f in report.integrity),
    )
    return md


def _coverage_tables(report: AnalysisReport) -> list[str]:
    """Return the tables of coverage: by stakeholder, by objective, by service line."""
    cov = report.coverage
    labels = known_labels(report)
    md = ["", "## Coverage by stakeholder", ""]
    md += _table(
        ["stakeholder", "needs", "covered", "fully met", "ratio"],
        (
            [s.label, s.needs, s.covered, s.fully_met, share(s.covered, s.needs)]
            for s in cov.stakeholders
        ),
    )
    md += ["", "## Objectives", ""]
    md += _table(
        ["objective", "supported by"],
        (
            [o.label, ", ".join(labels.get(x, short(x)) for x in o.supported_by) or "—"]
            for o in cov.objectives
        ),
    )
    md += ["", "## Service lines", ""]
    md += _table(
        ["service line", "active services", "needs covered", "objectives supported"],
        (
            [s.label, len(s.active_services), len(s.needs_covered), len(s.objectives_supported)]
            for s in cov.service_lines
        ),
    )
    return md


def _whatif_markdown(w: WhatIf, labels: Mapping[str, str], max_depth: int | None) -> list[str]:
    """Return the what-if as Markdown: totals as a list, then a table per kind of consequence."""
    before, after = w.coverage_before.portfolio, w.coverage_after.portfolio
    md = ["## If retired", ""]
    scope = whatif_scope(w, max_depth)
    if scope:
        md += [scope, ""]
    md += [
        f"- services taken out of service: {len(w.taken_out_of_service)}",
        f"- needs covered: {before.covered} of {before.needs} -> {after.covered} of "
        f"{after.needs}; fully met: {before.fully_met} -> {after.fully_met}",
        f"- objectives supported: {before.objectives_supported} of {before.objectives} -> "
        f"{after.objectives_supported} of {after.objectives}",
        f"- needs that become unmet: {len(w.newly_unmet_needs)}; that lose their full level: "
        f"{len(w.lost_full_level_needs)}; services that become orphaned: "
        f"{len(w.newly_orphaned_services)}",
        f"- planned launches it blocks: {len(w.blocked_launches)}; plan actions it blocks: "
        f"{len(w.blocked_plan_actions)}",
    ]
    for title, header, rows in _whatif_sections(w, labels):
        if rows:
            md += ["", f"### {title}", ""]
            md += _table(header, rows)
    return [*md, ""]


def _whatif_sections(
    w: WhatIf, labels: Mapping[str, str]
) -> list[tuple[str, list[str], list[list[object]]]]:
    """Return the what-if's tables: (title, header, rows) per kind of consequence."""
    launches = {b.service: b.label for b in w.blocked_launches}
    return [
        (
            "Taken out of service",
            ["service", "id"],
            [[labels.get(x, short(x)), short(x)] for x in w.taken_out_of_service],
        ),
        (
            "Needs that become unmet",
            ["need", "id"],
            [[n.label, short(n.need)] for n in w.newly_unmet_needs],
        ),
        (
            "Needs that lose their full level",
            ["need", "id"],
            [[n.label, short(n.need)] for n in w.lost_full_level_needs],
        ),
        (
            "Services that become orphaned",
            ["service", "id"],
            [[labels.get(s, short(s)), short(s)] for s in w.newly_orphaned_services],
        ),
        (
            "Coverage by stakeholder that changes",
            ["stakeholder", "before", "after", "needs that become unmet"],
            [[label, b, a, lost] for label, b, a, lost in stakeholder_changes(w)],
        ),
        (
            "Planned launches it blocks",
            ["service", "id", "add actions"],
            [[b.label, short(b.service), len(b.actions)] for b in w.blocked_launches],
        ),
        (
            "Plan actions it blocks",
            ["action", "id", "brings in"],
            [
                [b.label, short(b.action), ", ".join(launches.get(x, short(x)) for x in b.services)]
                for b in w.blocked_plan_actions
            ],
        ),
    ]


def impact_markdown(
    report: ImpactReport,
    *,
    title: str = "portfolio",
    labels: Mapping[str, str] | None = None,
) -> str:
    """Return the impact report as Markdown (``labels`` as for :func:`impact_text`)."""
    labels = {**(labels or {}), **{a.node: a.label for a in report.affected}}
    s = report.summary
    doing = "changing and retiring" if report.whatif is not None else "changing"
    md = [
        f"# Impact of {doing} {for_markdown(changed_names(report, labels))}: {for_markdown(title)}",
        "",
        f"- affected{within(report)}: {s.affected}; services: {s.services}; "
        f"agreements: {s.agreements}; "
        f"customers: {s.customers}; needs: {s.needs}; objectives: {s.objectives}",
        "- customers through an agreement: "
        + (for_markdown(", ".join(map(short, s.customers_via_agreement))) or "none"),
        "- customers through a need: "
        + (for_markdown(", ".join(map(short, s.customers_via_need))) or "none"),
        "",
    ]
    if report.whatif is not None:
        md += _whatif_markdown(report.whatif, labels, report.max_depth)
    md += ["## Affected", ""]
    md += _table(
        ["distance", "node", "class", "path"],
        (
            [a.distance, a.label, short(a.type or ""), " → ".join(map(short, a.path))]
            for a in report.affected
        ),
    )
    return "\n".join(md) + "\n"
