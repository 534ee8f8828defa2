"""Human reports of the plan review (``stsm-graph plan``): plain text and Markdown.

These functions only produce text from a :class:`~stsm_graph.analysis.PlanReview`: for each
plan its simulation (coverage before and after, the warnings), its consistency findings and
its roadmap, then the findings about the plans as a whole. What comes from the portfolio
(labels, IRIs, messages) and the title is escaped for the medium
(:mod:`stsm_graph.common.escaping`).

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> from stsm_graph.analysis import plan_review
>>> p = Portfolio()
>>> p.add(model.StandardService(id="s", label="S", status="Planned"))
>>> print(plan_text(plan_review(p), title="demo"), end="")
Plans: demo
No standard service plan.
<BLANKLINE>
Findings about the plans as a whole:
  - planned-not-brought-in: planned service 'S' is brought in by no add action
"""

from __future__ import annotations

from collections.abc import Callable

from stsm_graph.analysis import PlanAssessment, PlanFinding, PlanReview, PortfolioCoverage
from stsm_graph.common.escaping import for_markdown, for_terminal

__all__ = ["PLAN_FORMATTERS", "plan_markdown", "plan_text"]


def _figures(c: PortfolioCoverage) -> str:
    return (
        f"{c.covered}/{c.needs} needs covered, {c.fully_met} fully met, "
        f"{c.objectives_supported}/{c.objectives} objectives supported"
    )


def _phase(phase: int | None) -> str:
    return "no phase" if phase is None else f"phase {phase}"


def _action(kind: str | None) -> str:
    return (kind or "").rsplit("#", 1)[-1] or "no kind"


def _assessment_lines(a: PlanAssessment) -> list[str]:
    what = a.simulation.whatif
    lines = [
        "",
        f"Plan {a.label} ({a.plan}): {len(a.simulation.actions)} actions",
        f"  before: {_figures(what.coverage_before.portfolio)}",
        f"  after:  {_figures(what.coverage_after.portfolio)}",
        "  Simulation warnings:",
    ]
    lines += [f"    - {w.rule}: {w.message}" for w in a.simulation.warnings] or ["    none"]
    lines += ["  Consistency findings:"]
    lines += [f"    - {f.rule}: {f.message}" for f in a.findings] or ["    none"]
    lines += ["  Roadmap:"]
    for step in a.roadmap:
        lines.append(f"    {_phase(step.phase)}, then {_figures(step.coverage)}")
        lines += [
            f"      - {_action(x.kind)} {x.label}"
            + (f", by {x.target_date}" if x.target_date else "")
            + (f", priority {x.priority}" if x.priority is not None else "")
            for x in step.actions
        ]
    return lines


def plan_text(review: PlanReview, *, title: str = "portfolio") -> str:
    """Return the plan review as plain text."""
    lines = [f"Plans: {title}"]
    if not review.plans:
        lines.append("No standard service plan.")
    for a in review.plans:
        lines += _assessment_lines(a)
    lines += ["", "Findings about the plans as a whole:"]
    lines += [f"  - {f.rule}: {f.message}" for f in review.portfolio_findings] or ["  none"]
    return "\n".join(for_terminal(line) for line in lines) + "\n"


def _md_findings(findings: tuple[PlanFinding, ...]) -> list[str]:
    if not findings:
        return ["None.", ""]
    return [
        "| rule | node | message |",
        "|---|---|---|",
        *(f"| {f.rule} | {for_markdown(f.label)} | {for_markdown(f.message)} |" for f in findings),
        "",
    ]


def plan_markdown(review: PlanReview, *, title: str = "portfolio") -> str:
    """Return the plan review as Markdown: per plan its figures, findings and roadmap."""
    md = [f"# Plans: {for_markdown(title)}", ""]
    for a in review.plans:
        what = a.simulation.whatif
        md += [
            f"## {for_markdown(a.label)}",
            "",
            f"- before: {_figures(what.coverage_before.portfolio)}",
            f"- after: {_figures(what.coverage_after.portfolio)}",
            *(f"- warning {w.rule}: {for_markdown(w.message)}" for w in a.simulation.warnings),
            "",
            "### Consistency",
            "",
            *_md_findings(a.findings),
            "### Roadmap",
            "",
            "| phase | action | kind | target date | priority | coverage after the phase |",
            "|---|---|---|---|---|---|",
        ]
        md += [
            f"| {_phase(s.phase)} | {for_markdown(x.label)} | {_action(x.kind)} | "
            f"{for_markdown(x.target_date or '')} | {x.priority or ''} | {_figures(s.coverage)} |"
            for s in a.roadmap
            for x in s.actions
        ]
        md.append("")
    md += ["## The plans as a whole", "", *_md_findings(review.portfolio_findings)]
    return "\n".join(md).rstrip("\n") + "\n"


#: the human formats of ``stsm-graph plan`` (JSON is :meth:`PlanReview.to_json`)
PLAN_FORMATTERS: dict[str, Callable[..., str]] = {
    "text": plan_text,
    "markdown": plan_markdown,
}
