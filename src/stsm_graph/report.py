"""Human reports of the analyses: plain text (worst gaps first) and Markdown.

These functions only produce text; the command line decides where it goes. What comes from
the portfolio (labels, IRIs, messages) and the title is escaped for the medium
(:mod:`stsm_graph.escaping`): each line of the plain text by ``for_terminal``, each
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
from stsm_graph.escaping import for_markdown, for_terminal

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


def analysis_text(report: AnalysisReport, *, title: str = "portfolio") -> str:
    """Return a readable summary: totals, then unmet needs, level gaps, orphans, integrity."""
    cov = report.coverage
    t = cov.portfolio
    lines = [
        f"stsm-graph analysis of {title}",
        "",
        f"Needs: {t.needs}, covered {t.covered} ({_pct(t.ratio)}), fully met {t.fully_met}; "
        f"objectives supported {t.objectives_supported} of {t.objectives}",
        f"Unmet needs: {len(report.unmet_needs)}; partially met: "
        f"{len(report.partially_met_needs)}; orphaned services: "
        f"{len(report.orphaned_services)}; integrity findings: {len(report.integrity)}",
    ]
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
    if cov.stakeholders:
        lines += ["", "Coverage by stakeholder (lowest first):"]
        for s in sorted(cov.stakeholders, key=lambda s: (s.ratio, s.label)):
            lines.append(
                f"  {_pct(s.ratio):>5}  {s.label}: {s.covered}/{s.needs} covered, "
                f"{s.fully_met} fully met"
            )
    unsupported = [o for o in cov.objectives if not o.supported]
    if unsupported:
        lines += ["", "Objectives no active service supports:"]
        lines += [f"  - {o.label}" for o in unsupported]
    return _plain(lines)


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
        f"- needs: {t.needs}; covered: {t.covered} ({_pct(t.ratio)}); fully met: {t.fully_met}",
        f"- objectives supported: {t.objectives_supported} of {t.objectives}",
        f"- unmet needs: {len(report.unmet_needs)}; partially met: "
        f"{len(report.partially_met_needs)}; orphaned services: {len(report.orphaned_services)}",
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
        ([s.label, s.needs, s.covered, s.fully_met, _pct(s.ratio)] for s in cov.stakeholders),
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


def _whatif_lines(w: WhatIf, labels: Mapping[str, str]) -> list[str]:
    before, after = w.coverage_before.portfolio, w.coverage_after.portfolio
    lines = [
        "",
        f"If retired: {counted(len(w.taken_out_of_service), 'service')} taken out of service; "
        f"needs covered {before.covered} -> {after.covered} of {after.needs}, fully met "
        f"{before.fully_met} -> {after.fully_met}; objectives supported "
        f"{before.objectives_supported} -> {after.objectives_supported}",
    ]
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
    after_by = {s.stakeholder: s for s in w.coverage_after.stakeholders}
    changed = [
        (s, after_by[s.stakeholder])
        for s in w.coverage_before.stakeholders
        if s.stakeholder in after_by and after_by[s.stakeholder].covered != s.covered
    ]
    if changed:
        lines += ["Coverage lost by stakeholder:"]
        lines += [
            f"  - {b.label}: {_pct(b.ratio)} -> {_pct(a.ratio)} ({b.covered} -> {a.covered} "
            f"of {a.needs} needs)"
            for b, a in changed
        ]
    return lines


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
        f"Affected: {counted(s.affected, 'node')}: {counted(s.services, 'service')}, "
        f"{counted(s.agreements, 'agreement')}, {counted(s.customers, 'customer')}, "
        f"{counted(s.needs, 'need')}, {counted(s.objectives, 'objective')}",
        f"Customers through an agreement: {len(s.customers_via_agreement)}; through a need: "
        f"{len(s.customers_via_need)}",
    ]
    if report.whatif is not None:
        lines += _whatif_lines(report.whatif, labels)
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
        f"- affected: {s.affected}; services: {s.services}; agreements: {s.agreements}; "
        f"customers: {s.customers}; needs: {s.needs}; objectives: {s.objectives}",
        "- customers through an agreement: "
        + (for_markdown(", ".join(map(_short, s.customers_via_agreement))) or "none"),
        "- customers through a need: "
        + (for_markdown(", ".join(map(_short, s.customers_via_need))) or "none"),
        "",
    ]
    if report.whatif is not None:
        whatif = [
            for_terminal(line).replace("`", "'") for line in _whatif_lines(report.whatif, labels)
        ]
        md += ["## If retired", "", "```", *whatif, "```", ""]
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
