"""Human reports of the practice evidence (``stsm-graph evidence``): plain text and Markdown.

These functions only produce text from a
:class:`~stsm_graph.analysis.PracticeEvidenceReport`; the command line decides where it goes.
What comes from the portfolio (labels, IRIs) and the title is escaped for the medium
(:mod:`stsm_graph.common.escaping`).

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> from stsm_graph.analysis import practice_evidence
>>> p = Portfolio()
>>> p.add(model.Customer(id="c", label="Acme"))
>>> print(evidence_text(practice_evidence(p), title="demo").splitlines()[3])
  held  Customer (class Customer): 1, e.g. Acme
"""

from __future__ import annotations

from collections.abc import Callable

from stsm_graph.analysis import PracticeEvidenceReport, WorkProduct
from stsm_graph.common.escaping import for_markdown, for_terminal

__all__ = ["EVIDENCE_FORMATTERS", "evidence_markdown", "evidence_text"]


def _sample(w: WorkProduct) -> str:
    names = ", ".join(s.label for s in w.sample)
    more = f" and {w.count - len(w.sample)} more" if w.count > len(w.sample) else ""
    return f"{names}{more}"


def evidence_text(report: PracticeEvidenceReport, *, title: str = "portfolio") -> str:
    """Return the practice evidence as plain text: per practice, each kind held or missing."""
    lines = [f"Practice evidence: {title}"]
    for p in report.practices:
        held = len(p.work_products) - len(p.missing)
        lines += ["", f"{p.practice}: {held} of {len(p.work_products)} kinds of work product held"]
        for w in p.work_products:
            if w.held:
                lines.append(f"  held  {w.label} ({w.what} {w.name}): {w.count}, e.g. {_sample(w)}")
            else:
                lines.append(f"  MISSING  {w.label} ({w.what} {w.name})")
    return "\n".join(for_terminal(line) for line in lines) + "\n"


def evidence_markdown(report: PracticeEvidenceReport, *, title: str = "portfolio") -> str:
    """Return the practice evidence as Markdown: one table per practice."""
    md = [f"# Practice evidence: {for_markdown(title)}"]
    for p in report.practices:
        held = len(p.work_products) - len(p.missing)
        md += [
            "",
            f"## {for_markdown(p.practice)}",
            "",
            f"{held} of {len(p.work_products)} kinds of work product held.",
            "",
            "| kind of work product | held | nodes | e.g. |",
            "|---|---|---|---|",
        ]
        md += [
            f"| {for_markdown(w.label)} (`{for_markdown(w.name)}`) | "
            f"{'yes' if w.held else '**missing**'} | {w.count} | {for_markdown(_sample(w))} |"
            for w in p.work_products
        ]
    return "\n".join(md) + "\n"


#: the human formats of ``stsm-graph evidence`` (JSON is :meth:`PracticeEvidenceReport.to_json`)
EVIDENCE_FORMATTERS: dict[str, Callable[..., str]] = {
    "text": evidence_text,
    "markdown": evidence_markdown,
}
