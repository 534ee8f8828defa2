"""Human reports of the analyses: plain text (worst gaps first) and Markdown.

These functions only produce text; the command line decides where it goes.

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

from collections.abc import Callable, Iterable

from stsm_graph.analysis import AnalysisReport

__all__ = ["FORMATTERS", "analysis_markdown", "analysis_text"]


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
        lines += ["", f"Level gaps ({len(report.partially_met_needs)} needs):"]
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
    return "\n".join(lines) + "\n"


def _table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    head = list(header)
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        out.append("| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |")
    return out


def analysis_markdown(report: AnalysisReport, *, title: str = "portfolio") -> str:
    """Return the analysis as a Markdown document with one table per finding kind."""
    cov = report.coverage
    t = cov.portfolio
    md = [
        f"# Traceability analysis: {title}",
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


#: output format -> renderer (``json`` is handled by the caller with ``to_json``)
FORMATTERS: dict[str, Callable[..., str]] = {
    "text": analysis_text,
    "markdown": analysis_markdown,
}
