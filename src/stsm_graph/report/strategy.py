"""Human reports of the strategic analyses (``stsm-graph strategy``): plain text and Markdown.

These functions only produce text from a :class:`~stsm_graph.analysis.StrategyReport`; the
command line decides where it goes. What comes from the portfolio (labels, IRIs, units) and
the title is escaped for the medium (:mod:`stsm_graph.escaping`): each line of the plain
text by ``for_terminal``, each interpolated string of the Markdown by ``for_markdown``.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> from stsm_graph.analysis import strategy
>>> p = Portfolio()
>>> p.add(model.Customer(id="a", label="A", has_need=["n"]),
...       model.Customer(id="b", label="B", has_need=["n"]), model.Need(id="n", label="Backups"))
>>> print(strategy_text(strategy(p), title="demo").splitlines()[6])
  - Backups: held by 2 (A, B); priority none
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from stsm_graph.analysis import CommittedLevel, MeasurementTrend, RequirementCheck, StrategyReport
from stsm_graph.common.escaping import for_markdown, for_terminal
from stsm_graph.report.phrases import short
from stsm_graph.vocabulary.shown import kind_words

__all__ = ["STRATEGY_FORMATTERS", "strategy_markdown", "strategy_text"]


def _requirement(r: RequirementCheck) -> str:
    """Write a level requirement in words: ``rpo at most 24 hours``."""
    unit = f" {r.unit}" if r.unit else ""
    return f"{r.metric} {kind_words(short(r.comparator)).lower()} {r.required}{unit}"


def _commitment(c: CommittedLevel, name: _Names) -> str:
    """Write a level an agreement commits to: ``15 minutes in agr-desk`` (a label if known)."""
    return f"{c.offered}{' ' + c.unit if c.unit else ''} in {name([c.agreement])}"


def _labels(report: StrategyReport) -> dict[str, str]:
    """Return every label the report carries, by IRI."""
    out: dict[str, str] = {}
    for d in report.demand:
        out[d.service] = d.label
    for s in report.shared_needs:
        out[s.need] = s.label
    for v in report.stakeholders:
        out[v.stakeholder] = v.label
        out.update(zip(v.needs, v.need_labels, strict=True))
    fit, ev = report.capability_fit, report.evidence
    for g in (*ev.uninformed_objectives, *ev.uninformed_needs, *ev.unjustified_actions):
        out[g.node] = g.label
    for cap in fit.gaps:
        out[cap.capability] = cap.label
    for u in fit.unused_strengths:
        out[u.capability] = u.label
    return out


class _Names:
    """Names nodes by their label in the report, else by the last segment of their IRI."""

    def __init__(self, report: StrategyReport) -> None:
        self.labels = _labels(report)

    def __call__(self, iris: Iterable[str]) -> str:
        names = [self.labels.get(i, short(i)) for i in iris]
        return ", ".join(names) if names else "none"


def _series(t: MeasurementTrend) -> str:
    unit = f" {t.unit}" if t.unit else ""
    if t.change is None:
        return f"{t.kind} {t.latest}{unit} on {t.latest_date} (one period)"
    return f"{t.kind} {t.latest}{unit} on {t.latest_date}, change {t.change:+}, {t.trend}"


def _thresholds(report: StrategyReport) -> str:
    parts = []
    if report.usage_below is not None:
        parts.append(f"usage below {report.usage_below}")
    if report.satisfaction_below is not None:
        parts.append(f"satisfaction below {report.satisfaction_below}")
    return "; ".join(parts) if parts else "no usage or satisfaction threshold set"


def _headline(report: StrategyReport) -> list[str]:
    fit, ev = report.capability_fit, report.evidence
    active = sum(1 for d in report.demand if d.active)
    return [
        f"Services (not retired): {len(report.demand)}, {active} active; shared needs: "
        f"{len(report.shared_needs)}, {len(report.candidates)} no active service addresses",
        f"Capability gaps: {len(fit.gaps)}; unused strengths: {len(fit.unused_strengths)}; "
        f"retirement candidates: {len(report.retirement_candidates)} ({_thresholds(report)})",
        f"Without evidence: {len(ev.uninformed_objectives)} objectives, "
        f"{len(ev.uninformed_needs)} needs, {len(ev.unjustified_actions)} plan actions; "
        f"evidence informing nothing: {len(ev.unused_evidence)}",
    ]


def _text_sections(report: StrategyReport, name: _Names) -> list[str]:
    fit, ev = report.capability_fit, report.evidence
    lines = [
        "",
        "Candidates for a new standard service (shared needs no active service addresses):",
    ]
    for s in report.candidates:
        lines.append(
            f"  - {s.label}: held by {len(s.holders)} ({name(s.holders)}); priority "
            f"{s.priority if s.priority is not None else 'none'}"
            + (f"; addressed by {name(s.addressed_by)} (not active)" if s.addressed_by else "")
        )
    lines += ["Shared needs an active service addresses:"]
    lines += [
        f"  - {s.label}: held by {len(s.holders)}; by {name(s.active_services)}"
        for s in report.shared_needs
        if not s.candidate
    ]
    lines += ["", "Capability gaps (required, realised by nothing active):"]
    lines += [
        f"  - {g.label}: required by {name(g.required_by)}"
        + (
            f"; realised only by {name(g.inactive_realisers)} (not active)"
            if g.inactive_realisers
            else ""
        )
        for g in fit.gaps
    ]
    lines += ["Unused strengths (realised, required by no service):"]
    lines += [f"  - {u.label}: realised by {name(u.realised_by)}" for u in fit.unused_strengths]
    lines += ["", f"Retirement candidates ({_thresholds(report)}):"]
    lines += [f"  - {c.label}: {'; '.join(c.why)}" for c in report.retirement_candidates]
    lines += ["", "Demand per service:"]
    for d in report.demand:
        lines.append(
            f"  - {d.label}{'' if d.active else ' (not active)'}: customers {name(d.customers)}; "
            f"end users {name(d.end_users)}; agreements: {len(d.agreements)}; "
            f"needs: {len(d.needs)}"
        )
        lines += [f"      {_series(t)}" for t in (*d.satisfaction, *d.usage)]
    lines += [
        "",
        "Evidence:",
        f"  objectives no evidence informs: {name(g.node for g in ev.uninformed_objectives)}",
        f"  needs no evidence informs: {name(g.node for g in ev.uninformed_needs)}",
        f"  plan actions no evidence justifies: {name(g.node for g in ev.unjustified_actions)}",
        f"  evidence informing nothing: {', '.join(u.label for u in ev.unused_evidence) or 'none'}",
    ]
    return lines


def _stakeholder_text(report: StrategyReport, name: _Names) -> list[str]:
    lines = ["", "Stakeholders:"]
    for v in report.stakeholders:
        lines.append(
            f"  - {v.label} ({short(v.type)}): needs {name(v.needs)}; services "
            f"{name(v.services)}; agreements {name(v.agreements)}"
        )
        for r in v.requirements:
            agreed = ", ".join(
                f"{_commitment(c, name)} ({'meets' if c.meets else 'does not meet'})"
                for c in r.committed
            )
            lines.append(
                f"      {r.need_label}: {_requirement(r)}: "
                f"standard levels {'meet' if r.standard_met else 'do not meet'} it; "
                f"agreed {agreed or 'nothing'}"
            )
    return lines


def strategy_text(report: StrategyReport, *, title: str = "portfolio") -> str:
    """Return the strategic analyses as plain text, candidates and gaps first."""
    name = _Names(report)
    lines = [f"Strategy: {title}", *_headline(report)]
    lines += _text_sections(report, name) + _stakeholder_text(report, name)
    return "".join(for_terminal(line) + "\n" for line in _nones(lines))


def _nones(lines: list[str]) -> list[str]:
    """Return ``lines`` with ``  none`` under each section heading that lists nothing."""
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        heading = i >= 4 and line.endswith(":") and not line.startswith(" ")
        if heading and (i + 1 == len(lines) or not lines[i + 1].startswith(" ")):
            out.append("  none")
    return out


def _table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    """Return a Markdown table, each cell escaped; ``none`` in place of a table without rows."""
    head = list(header)
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(for_markdown(_cell(c)) for c in row) + " |" for row in rows]
    return [*out, ""] if len(out) > 2 else ["none", ""]


def _cell(value: object) -> str:
    """Write a table cell: a truth as ``yes`` or ``no``, anything else as its text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _md_findings(report: StrategyReport, name: _Names) -> list[str]:
    """Return the Markdown of the shared needs, capability fit and retirement candidates."""
    fit = report.capability_fit
    md = ["## Shared needs", ""]
    md += _table(
        ("need", "priority", "holders", "active services", "candidate"),
        (
            (s.label, s.priority or "", name(s.holders), name(s.active_services), s.candidate)
            for s in report.shared_needs
        ),
    )
    md += ["## Capability fit", "", "### Capability gaps", ""]
    md += _table(
        ("capability", "required by", "inactive realisers"),
        ((g.label, name(g.required_by), name(g.inactive_realisers)) for g in fit.gaps),
    )
    md += ["### Unused strengths", ""]
    md += _table(
        ("capability", "realised by"),
        ((u.label, name(u.realised_by)) for u in fit.unused_strengths),
    )
    md += ["## Retirement candidates", "", f"Thresholds: {for_markdown(_thresholds(report))}.", ""]
    md += _table(
        ("service", "reasons", "why"),
        ((c.label, ", ".join(c.reasons), "; ".join(c.why)) for c in report.retirement_candidates),
    )
    return md


def _md_demand_and_evidence(report: StrategyReport) -> list[str]:
    """Return the Markdown of the demand per service and of the evidence gaps."""
    ev = report.evidence
    md = ["## Demand per service", ""]
    md += _table(
        ("service", "active", "customers", "end users", "agreements", "needs", "measurements"),
        (
            (
                d.label,
                d.active,
                len(d.customers),
                len(d.end_users),
                len(d.agreements),
                len(d.needs),
                "; ".join(_series(t) for t in (*d.satisfaction, *d.usage)),
            )
            for d in report.demand
        ),
    )
    md += ["## Evidence", "", "### Without evidence", ""]
    md += _table(
        ("without evidence", "kind"),
        (
            (g.label, g.kind)
            for g in (*ev.uninformed_objectives, *ev.uninformed_needs, *ev.unjustified_actions)
        ),
    )
    md += ["### Evidence informing nothing", ""]
    md += _table(
        ("evidence", "type"),
        ((u.label, short(u.type)) for u in ev.unused_evidence),
    )
    return md


def _md_stakeholders(report: StrategyReport, name: _Names) -> list[str]:
    """Return the Markdown of each stakeholder and its levels required, offered, agreed."""
    md = ["## Stakeholders", ""]
    md += _table(
        ("stakeholder", "type", "needs", "services", "agreements"),
        (
            (v.label, short(v.type), len(v.needs), name(v.services), name(v.agreements))
            for v in report.stakeholders
        ),
    )
    md += ["### Levels required against levels offered and agreed", ""]
    md += _table(
        ("stakeholder", "need", "requirement", "standard met", "agreed", "agreed met"),
        (
            (
                v.label,
                r.need_label,
                _requirement(r),
                r.standard_met,
                ", ".join(_commitment(c, name) for c in r.committed) or "none",
                r.agreed_met if r.committed else "",
            )
            for v in report.stakeholders
            for r in v.requirements
        ),
    )
    return md


def strategy_markdown(report: StrategyReport, *, title: str = "portfolio") -> str:
    """Return the strategic analyses as a Markdown document, one table per analysis."""
    name = _Names(report)
    md = [f"# Strategy: {for_markdown(title)}", ""]
    md += [f"- {for_markdown(line)}" for line in _headline(report)] + [""]
    md += _md_findings(report, name) + _md_demand_and_evidence(report)
    md += _md_stakeholders(report, name)
    return "\n".join(md).rstrip("\n") + "\n"


#: the human formats of ``stsm-graph strategy`` (JSON is :meth:`StrategyReport.to_json`)
STRATEGY_FORMATTERS: dict[str, Callable[..., str]] = {
    "text": strategy_text,
    "markdown": strategy_markdown,
}
