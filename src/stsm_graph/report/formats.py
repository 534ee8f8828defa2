"""Human reports of the analyses: plain text (worst gaps first) and Markdown.

These functions only produce text; the command line decides where it goes. What comes from
the portfolio (labels, IRIs, messages) and the title is escaped for the medium
(:mod:`stsm_graph.common.escaping`): each line of the plain text by ``for_terminal``, each
interpolated string of the Markdown by ``for_markdown``.

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

from collections.abc import Callable, Iterable, Mapping

from stsm_graph.analysis import AnalysisReport, ImpactReport, WhatIf
from stsm_graph.common.escaping import for_markdown, for_terminal

__all__ = [
    "FORMATTERS",
    "IMPACT_FORMATTERS",
    "analysis_markdown",
    "analysis_text",
    "counted",
    "impact_markdown",
    "impact_text",
]


def _short(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            return iri.rstrip(sep).rsplit(sep, 1)[1]
    return iri


def _pct(ratio: float) -> str:
    return f"{ratio * 100:.0f}%"


def _num(value: object) -> str:
    return "none" if value is None else str(value)


def _share(covered: int, needs: int) -> str:
    """Return the coverage percentage, or ``n/a: no needs`` (no needs: nothing to measure)."""
    return _pct(covered / needs) if needs else "n/a: no needs"


def _shapes_line(report: AnalysisReport) -> list[str]:
    """Say when the SHACL shapes were not checked, and how to check them."""
    if report.shapes_checked:
        return []
    why = f" ({report.shapes_skipped})" if report.shapes_skipped else ""
    return [
        f"SHACL shapes not checked{why}: run stsm-graph validate, or analyze --shapes",
    ]


def analysis_text(report: AnalysisReport, *, title: str = "portfolio") -> str:
    """Return a readable summary: totals, then unmet needs, level gaps, orphans, integrity.

    Then coverage by stakeholder, by objective and by service line. A portfolio (or a
    stakeholder) with no needs has no coverage to measure: it reads ``n/a``, never 100%.
    """
    cov = report.coverage
    t = cov.portfolio
    lines = [
        f"stsm-graph analysis of {title}",
        "",
        f"Needs: {t.needs}, covered {t.covered} ({_share(t.covered, t.needs)}), fully met "
        f"{t.fully_met}; objectives supported {t.objectives_supported} of {t.objectives}",
        f"Unmet needs: {len(report.unmet_needs)}; partially met: "
        f"{len(report.partially_met_needs)}; orphaned services: "
        f"{len(report.orphaned_services)}; integrity findings: {len(report.integrity)}",
        *_shapes_line(report),
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
    if report.unmet_needs:
        lines += ["", f"Unmet needs ({len(report.unmet_needs)}):"]
        for u in report.unmet_needs:
            holders = ", ".join(_short(s) for s in u.stakeholders) or "no stakeholder"
            pipeline = ""
            if u.planned_services or u.plan_actions:
                pipeline = " — in the pipeline: " + ", ".join(
                    _short(x) for x in (*u.planned_services, *u.plan_actions)
                )
            lines.append(f"  - {u.label} ({_short(u.need)}; held by {holders}){pipeline}")
    if report.partially_met_needs:
        lines += ["", f"Level gaps ({counted(len(report.partially_met_needs), 'need')}):"]
        for p in report.partially_met_needs:
            for g in p.gaps:
                op = ">=" if g.comparator.endswith("AtLeast") else "<="
                unit = f" {g.unit}" if g.unit else ""
                extra = (
                    f"; offered in other units: {', '.join(g.mismatched_units)}"
                    if g.mismatched_units
                    else ""
                )
                lines.append(
                    f"  - {p.label}: {g.metric} needs {op} {g.required}{unit}, best offered "
                    f"{_num(g.offered)}{extra}"
                )
    if report.orphaned_services:
        lines += ["", f"Orphaned services ({len(report.orphaned_services)}):"]
        lines += [
            f"  - {o.label} ({_short(o.service)}, {_short(o.status)})"
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
    lines: list[str] = []
    if cov.stakeholders:
        lines += ["", "Coverage by stakeholder (lowest first):"]
        for s in sorted(cov.stakeholders, key=lambda s: (not s.needs, s.ratio, s.label)):
            if not s.needs:
                lines.append(f"  {'n/a':>5}  {s.label}: no needs")
                continue
            lines.append(
                f"  {_pct(s.ratio):>5}  {s.label}: {s.covered}/{s.needs} covered, "
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
                by = ", ".join(_short(x) for x in o.supported_by)
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


def _table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    """Return a Markdown table, each cell escaped; ``none`` in place of a table without rows."""
    head = list(header)
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        out.append("| " + " | ".join(for_markdown(str(c)) for c in row) + " |")
    return out if len(out) > 2 else ["none"]


def analysis_markdown(report: AnalysisReport, *, title: str = "portfolio") -> str:
    """Return the analysis as a Markdown document with one table per finding kind."""
    cov = report.coverage
    t = cov.portfolio
    md = [
        f"# Traceability analysis: {for_markdown(title)}",
        "",
        f"- needs: {t.needs}; covered: {t.covered} ({_share(t.covered, t.needs)}); "
        f"fully met: {t.fully_met}",
        f"- objectives supported: {t.objectives_supported} of {t.objectives}",
        f"- unmet needs: {len(report.unmet_needs)}; partially met: "
        f"{len(report.partially_met_needs)}; orphaned services: {len(report.orphaned_services)}",
        *(f"- {line}" for line in _shapes_line(report)),
        "",
        "## Unmet needs",
        "",
    ]
    md += _table(
        ["need", "stakeholders", "planned services", "plan actions"],
        (
            [
                u.label,
                ", ".join(map(_short, u.stakeholders)),
                ", ".join(map(_short, u.planned_services)),
                ", ".join(map(_short, u.plan_actions)),
            ]
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
                _short(g.comparator),
                g.required,
                _num(g.offered),
                g.unit or "",
                ", ".join(g.mismatched_units),
            ]
            for p in report.partially_met_needs
            for g in p.gaps
        ),
    )
    md += ["", "## Orphaned services", ""]
    md += _table(
        ["service", "status"], ([o.label, _short(o.status)] for o in report.orphaned_services)
    )
    md += ["", "## Integrity", ""]
    md += _table(
        ["severity", "rule", "node", "message"],
        ([f.severity, f.rule, _short(f.node), f.message] for f in report.integrity),
    )
    md += ["", "## Coverage by stakeholder", ""]
    md += _table(
        ["stakeholder", "needs", "covered", "fully met", "ratio"],
        (
            [s.label, s.needs, s.covered, s.fully_met, _share(s.covered, s.needs)]
            for s in cov.stakeholders
        ),
    )
    md += ["", "## Objectives", ""]
    md += _table(
        ["objective", "supported by"],
        ([o.label, ", ".join(map(_short, o.supported_by)) or "—"] for o in cov.objectives),
    )
    md += ["", "## Service lines", ""]
    md += _table(
        ["service line", "active services", "needs covered", "objectives supported"],
        (
            [s.label, len(s.active_services), len(s.needs_covered), len(s.objectives_supported)]
            for s in cov.service_lines
        ),
    )
    return "\n".join(md) + "\n"


def counted(n: int, noun: str) -> str:
    """Return ``1 service``, ``2,000 services``.

    Examples
    --------
    >>> counted(1, "node"), counted(53447, "node")
    ('1 node', '53,447 nodes')
    """
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _ratio(covered: int, needs: int) -> str:
    """Return ``75% (3 of 4 needs)``; with no needs there is no ratio: ``n/a (no needs)``."""
    if not needs:
        return "n/a (no needs)"
    return f"{_pct(covered / needs)} ({covered} of {counted(needs, 'need')})"


def _whatif_scope(w: WhatIf, max_depth: int | None) -> str:
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


def _stakeholder_changes(w: WhatIf) -> list[tuple[str, str, str, int]]:
    """Each stakeholder whose coverage changes: label, before, after, needs becoming unmet."""
    after_by = {s.stakeholder: s for s in w.coverage_after.stakeholders}
    out = []
    for b in w.coverage_before.stakeholders:
        a = after_by.get(b.stakeholder)
        lost = len(w.unmet_by_stakeholder.get(b.stakeholder, ()))
        if a is None or ((a.covered, a.needs) == (b.covered, b.needs) and not lost):
            continue
        out.append((b.label, _ratio(b.covered, b.needs), _ratio(a.covered, a.needs), lost))
    return out


def _whatif_lines(w: WhatIf, labels: Mapping[str, str], max_depth: int | None = None) -> list[str]:
    before, after = w.coverage_before.portfolio, w.coverage_after.portfolio
    lines = [
        "",
        f"If retired: {counted(len(w.taken_out_of_service), 'service')} taken out of service; "
        f"needs covered {before.covered} of {before.needs} -> {after.covered} of {after.needs}, "
        f"fully met {before.fully_met} -> {after.fully_met}; objectives supported "
        f"{before.objectives_supported} -> {after.objectives_supported}",
    ]
    scope = _whatif_scope(w, max_depth)
    if scope:
        lines.append(scope)
    lines += [
        f"  - {labels[x]} ({_short(x)})" if x in labels else f"  - {_short(x)}"
        for x in w.taken_out_of_service
    ]
    for title, needs in (
        ("Needs that become unmet", w.newly_unmet_needs),
        ("Needs that lose their full level", w.lost_full_level_needs),
    ):
        if needs:
            lines += [f"{title} ({len(needs)}):"]
            lines += [f"  - {n.label} ({_short(n.need)})" for n in needs]
    if w.newly_orphaned_services:
        lines += [f"Services that become orphaned ({len(w.newly_orphaned_services)}):"]
        lines += [f"  - {labels.get(s, _short(s))}" for s in w.newly_orphaned_services]
    changes = _stakeholder_changes(w)
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


def _whatif_markdown(w: WhatIf, labels: Mapping[str, str], max_depth: int | None) -> list[str]:
    """Return the what-if as Markdown: totals as a list, then a table per kind of consequence."""
    before, after = w.coverage_before.portfolio, w.coverage_after.portfolio
    md = ["## If retired", ""]
    scope = _whatif_scope(w, max_depth)
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
    ]
    sections: list[tuple[str, list[str], list[list[object]]]] = [
        (
            "Taken out of service",
            ["service", "id"],
            [[labels.get(x, _short(x)), _short(x)] for x in w.taken_out_of_service],
        ),
        (
            "Needs that become unmet",
            ["need", "id"],
            [[n.label, _short(n.need)] for n in w.newly_unmet_needs],
        ),
        (
            "Needs that lose their full level",
            ["need", "id"],
            [[n.label, _short(n.need)] for n in w.lost_full_level_needs],
        ),
        (
            "Services that become orphaned",
            ["service", "id"],
            [[labels.get(s, _short(s)), _short(s)] for s in w.newly_orphaned_services],
        ),
        (
            "Coverage by stakeholder that changes",
            ["stakeholder", "before", "after", "needs that become unmet"],
            [[label, b, a, lost] for label, b, a, lost in _stakeholder_changes(w)],
        ),
    ]
    for title, header, rows in sections:
        if rows:
            md += ["", f"### {title}", ""]
            md += _table(header, rows)
    return [*md, ""]


def _within(report: ImpactReport) -> str:
    """Say how far the affected list goes when a depth cut it: `` within 1 link``."""
    return "" if report.max_depth is None else f" within {counted(report.max_depth, 'link')}"


def _changed_names(report: ImpactReport, labels: Mapping[str, str]) -> str:
    """Name the changed nodes: ``Managed Backup (svc-managed-backup)`` where one has a label."""
    return ", ".join(
        f"{labels[c]} ({_short(c)})" if labels.get(c, c) != c else _short(c) for c in report.changed
    )


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
    lines = [
        f"Impact of changing {_changed_names(report, labels)} in {title}",
        "",
        f"Affected{_within(report)}: {counted(s.affected, 'node')}: "
        f"{counted(s.services, 'service')}, "
        f"{counted(s.agreements, 'agreement')}, {counted(s.customers, 'customer')}, "
        f"{counted(s.needs, 'need')}, {counted(s.objectives, 'objective')}",
        f"Customers through an agreement: {len(s.customers_via_agreement)}; through a need: "
        f"{len(s.customers_via_need)}",
    ]
    if report.whatif is not None:
        lines += _whatif_lines(report.whatif, labels, report.max_depth)
    for cls, nodes in report.by_class.items():
        lines += ["", f"{_short(cls) or 'untyped'} ({len(nodes)}):"]
        for a in sorted(
            (a for a in report.affected if a.node in set(nodes)),
            key=lambda a: (a.distance, a.label),
        ):
            chain = " ".join(
                (f"<-{_short(p)}- " if back else f"-{_short(p)}-> ") + labels.get(n, _short(n))
                for p, n, back in zip(a.via, a.path[1:], a.backwards, strict=True)
            )
            lines.append(f"  {a.distance}  {a.label}: {_short(a.path[0])} {chain}")
    return _plain(lines)


def impact_markdown(
    report: ImpactReport,
    *,
    title: str = "portfolio",
    labels: Mapping[str, str] | None = None,
) -> str:
    """Return the impact report as Markdown (``labels`` as for :func:`impact_text`)."""
    labels = {**(labels or {}), **{a.node: a.label for a in report.affected}}
    s = report.summary
    md = [
        f"# Impact of changing {for_markdown(_changed_names(report, labels))}: "
        f"{for_markdown(title)}",
        "",
        f"- affected{_within(report)}: {s.affected}; services: {s.services}; "
        f"agreements: {s.agreements}; "
        f"customers: {s.customers}; needs: {s.needs}; objectives: {s.objectives}",
        "- customers through an agreement: "
        + (for_markdown(", ".join(map(_short, s.customers_via_agreement))) or "none"),
        "- customers through a need: "
        + (for_markdown(", ".join(map(_short, s.customers_via_need))) or "none"),
        "",
    ]
    if report.whatif is not None:
        md += _whatif_markdown(report.whatif, labels, report.max_depth)
    md += ["## Affected", ""]
    md += _table(
        ["distance", "node", "class", "path"],
        (
            [a.distance, a.label, _short(a.type or ""), " → ".join(map(_short, a.path))]
            for a in report.affected
        ),
    )
    return "\n".join(md) + "\n"


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
