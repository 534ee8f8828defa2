"""The plain-text reports of the analyses (worst gaps first), each line escaped for a terminal.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> from stsm_graph.analysis import analyze
>>> p = Portfolio()
>>> p.add(model.Customer(id="c", label="Contoso", has_need=["n"]),
...       model.Need(id="n", label="Backups"))
>>> print(analysis_text(analyze(p), title="demo").splitlines()[2])
Needs: 1, covered 0 (0%), fully met 0; objectives supported 0 of 0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from stsm_graph.analysis import AnalysisReport, ImpactReport, WhatIf
from stsm_graph.common.escaping import for_terminal
from stsm_graph.report.phrases import (
    changed_names,
    counted,
    known_labels,
    pct,
    shapes_line,
    share,
    short,
    stakeholder_changes,
    whatif_scope,
    within,
)

__all__ = ["analysis_text", "impact_text"]


def analysis_text(
    report: AnalysisReport, *, title: str = "portfolio", labels: Mapping[str, str] | None = None
) -> str:
    """Return a readable summary: totals, then unmet needs, level gaps, orphans, integrity.

    Then coverage by stakeholder, by objective and by service line. A portfolio (or a
    stakeholder) with no needs has no coverage to measure: it reads ``n/a``, never 100%.
    A node is named by its label where the report carries it, or ``labels`` gives it (the
    plan actions, say: :func:`stsm_graph.analysis.node_names`), else by its IRI's last part.
    """
    cov = report.coverage
    t = cov.portfolio
    lines = [
        f"stsm-graph analysis of {title}",
        "",
        f"Needs: {t.needs}, covered {t.covered} ({share(t.covered, t.needs)}), fully met "
        f"{t.fully_met}; objectives supported {t.objectives_supported} of {t.objectives}",
        f"Unmet needs: {len(report.unmet_needs)}; partially met: "
        f"{len(report.partially_met_needs)}; orphaned services: "
        f"{len(report.orphaned_services)}; integrity findings: {len(report.integrity)}",
        *shapes_line(report),
    ]
    if not t.needs:
        lines.append(
            "No needs (that are not retired): there is no coverage to measure. Is the "
            "portfolio complete (a load still running, the wrong --graph)?"
        )
    violations = [f for f in report.integrity if f.severity == "violation"]
    if violations:
        lines += ["", f"Integrity violations ({len(violations)}):"]
        lines += [f"  - [{f.rule}] {f.message}" for f in violations]
    labels = {**(labels or {}), **known_labels(report)}
    if report.unmet_needs:
        lines += ["", f"Unmet needs ({len(report.unmet_needs)}):"]
        for u in report.unmet_needs:
            holders = ", ".join(labels.get(s, short(s)) for s in u.stakeholders)
            pipeline_of = ((u.planned_services, "planned service"), (u.plan_actions, "plan action"))
            parts = [
                what + "s" * (len(xs) > 1) + " " + ", ".join(labels.get(x, short(x)) for x in xs)
                for xs, what in pipeline_of
                if xs
            ]
            pipeline = " — in the pipeline: " + "; ".join(parts) if parts else ""
            held = f"held by {holders}" if holders else "held by no stakeholder"
            lines.append(f"  - {u.label} ({short(u.need)}; {held}){pipeline}")
    lines += _gap_lines(report)
    if report.orphaned_services:
        lines += ["", f"Orphaned services ({len(report.orphaned_services)}):"]
        lines += [
            f"  - {o.label} ({short(o.service)}, {short(o.status)})"
            for o in report.orphaned_services
        ]
    warnings = [f for f in report.integrity if f.severity == "warning"]
    if warnings:
        lines += ["", f"Integrity warnings ({len(warnings)}):"]
        lines += [f"  - [{f.rule}] {f.message}" for f in warnings]
    lines += _coverage_lines(report)
    return _plain(lines)


def _coverage_lines(report: AnalysisReport) -> list[str]:
    """Coverage by stakeholder (lowest first), by objective and by service line."""
    cov = report.coverage
    labels = known_labels(report)
    lines: list[str] = []
    if cov.stakeholders:
        lines += ["", "Coverage by stakeholder (lowest first):"]
        for s in sorted(cov.stakeholders, key=lambda s: (not s.needs, s.ratio, s.label)):
            if not s.needs:
                lines.append(f"  {'n/a':>5}  {s.label}: no needs")
                continue
            lines.append(
                f"  {pct(s.ratio):>5}  {s.label}: {s.covered}/{s.needs} covered, "
                f"{s.fully_met} fully met"
            )
    if cov.objectives:
        supported = sum(1 for o in cov.objectives if o.supported)
        lines += [
            "",
            f"Coverage by objective ({supported} of {len(cov.objectives)} supported; "
            "unsupported first):",
        ]
        for o in sorted(cov.objectives, key=lambda o: (o.supported, o.label)):
            if o.supported:
                by = ", ".join(labels.get(x, short(x)) for x in o.supported_by)
                lines.append(f"  {'yes':>5}  {o.label}: supported by {by}")
            else:
                lines.append(f"  {'no':>5}  {o.label}: no active service supports it")
    if cov.service_lines:
        lines += ["", "Coverage by service line:"]
        for line in cov.service_lines:
            lines.append(
                f"  - {line.label}: {len(line.active_services)} of "
                f"{counted(len(line.services), 'service')} active; they cover "
                f"{counted(len(line.needs_covered), 'need')} and support "
                f"{counted(len(line.objectives_supported), 'objective')}"
            )
    return lines


def _plain(lines: Iterable[str]) -> str:
    """Join the lines of a plain-text report, each escaped for a terminal."""
    return "".join(for_terminal(line) + "\n" for line in lines)


def _whatif_lines(w: WhatIf, labels: Mapping[str, str], max_depth: int | None = None) -> list[str]:
    before, after = w.coverage_before.portfolio, w.coverage_after.portfolio
    lines = [
        "",
        f"If retired: {counted(len(w.taken_out_of_service), 'service')} taken out of service; "
        f"needs covered {before.covered} of {before.needs} -> {after.covered} of {after.needs}, "
        f"fully met {before.fully_met} -> {after.fully_met}; objectives supported "
        f"{before.objectives_supported} -> {after.objectives_supported}",
    ]
    scope = whatif_scope(w, max_depth)
    if scope:
        lines.append(scope)
    lines += [
        f"  - {labels[x]} ({short(x)})" if x in labels else f"  - {short(x)}"
        for x in w.taken_out_of_service
    ]
    for title, needs in (
        ("Needs that become unmet", w.newly_unmet_needs),
        ("Needs that lose their full level", w.lost_full_level_needs),
    ):
        if needs:
            lines += [f"{title} ({len(needs)}):"]
            lines += [f"  - {n.label} ({short(n.need)})" for n in needs]
    if w.newly_orphaned_services:
        lines += [f"Services that become orphaned ({len(w.newly_orphaned_services)}):"]
        lines += [f"  - {labels.get(s, short(s))}" for s in w.newly_orphaned_services]
    if w.blocked_launches:
        lines += [f"Planned launches it blocks ({len(w.blocked_launches)}):"]
        lines += [f"  - {b.label} ({short(b.service)})" for b in w.blocked_launches]
    if w.blocked_plan_actions:
        lines += [f"Plan actions it blocks ({len(w.blocked_plan_actions)}):"]
        lines += [
            f"  - {b.label} ({short(b.action)}): brings in "
            + ", ".join(labels.get(x, short(x)) for x in b.services)
            for b in w.blocked_plan_actions
        ]
    changes = stakeholder_changes(w)
    if changes:
        lines += ["Coverage by stakeholder that changes (before -> after):"]
        lines += [
            f"  - {label}: {b} -> {a}; "
            + (
                f"{counted(lost, 'need')} {'becomes' if lost == 1 else 'become'} unmet"
                if lost
                else "no need becomes unmet"
            )
            for label, b, a, lost in changes
        ]
    return lines


def impact_text(
    report: ImpactReport,
    *,
    title: str = "portfolio",
    labels: Mapping[str, str] | None = None,
) -> str:
    """Return a readable impact report: summary, then affected nodes by class with paths.

    ``labels`` names the changed nodes (the report carries only the affected nodes' labels).
    """
    labels = {**(labels or {}), **{a.node: a.label for a in report.affected}}
    s = report.summary
    doing = "changing and retiring" if report.whatif is not None else "changing"
    lines = [
        f"Impact of {doing} {changed_names(report, labels)} in {title}",
        "",
        f"Affected{within(report)}: {counted(s.affected, 'node')}, among them "
        f"{counted(s.services, 'service')}, "
        f"{counted(s.agreements, 'agreement')}, {counted(s.customers, 'customer')}, "
        f"{counted(s.needs, 'need')}, {counted(s.objectives, 'objective')}",
        f"Customers through an agreement: {len(s.customers_via_agreement)}; through a need: "
        f"{len(s.customers_via_need)}",
    ]
    if report.whatif is not None:
        lines += _whatif_lines(report.whatif, labels, report.max_depth)
    if report.by_class:
        lines += [
            "",
            "The affected nodes by kind, each with its distance in links from the change "
            "and the path that explains it:",
        ]
    for cls, nodes in report.by_class.items():
        lines += ["", f"{short(cls) or 'untyped'} ({len(nodes)}):"]
        for a in sorted(
            (a for a in report.affected if a.node in set(nodes)),
            key=lambda a: (a.distance, a.label),
        ):
            chain = " ".join(
                (f"<-{short(p)}- " if back else f"-{short(p)}-> ") + labels.get(n, short(n))
                for p, n, back in zip(a.via, a.path[1:], a.backwards, strict=True)
            )
            lines.append(f"  {a.distance}  {a.label}: {short(a.path[0])} {chain}")
    return _plain(lines)


def _gap_lines(report: AnalysisReport) -> list[str]:
    """Return the level gaps: each requirement, and the best offer in its unit."""
    if not report.partially_met_needs:
        return []
    lines = ["", f"Level gaps ({counted(len(report.partially_met_needs), 'need')}):"]
    for p in report.partially_met_needs:
        for g in p.gaps:
            op = ">=" if g.comparator.endswith("AtLeast") else "<="
            unit = f" {g.unit}" if g.unit else ""
            extra = (
                f"; offered in other units: {', '.join(g.mismatched_units)}"
                if g.mismatched_units
                else ""
            )
            offered = "none" if g.offered is None else f"{g.offered}{unit}"  # in its unit
            lines.append(
                f"  - {p.label}: {g.metric} needs {op} {g.required}{unit}, best offered "
                f"{offered}{extra}"
            )
    return lines
