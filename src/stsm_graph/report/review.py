r"""The change review as text and as Markdown for a pull-request comment.

Both begin with one summary line; the Markdown then folds each part in a ``<details>``
block, so a comment stays short. Everything from the portfolio is escaped for the medium.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> from stsm_graph.analysis import review
>>> def version(label: str) -> Portfolio:
...     p = Portfolio()
...     p.add(model.StandardService(id="s", label=label, addresses=["n"]),
...           model.Need(id="n", label="Restores"))
...     return p
>>> r = review(version("Backup"), version("Backup <b>"))
>>> review_text(r, title="demo").splitlines()[0]
'Change review of demo: 1 entity changed (0 added, 0 removed, 1 changed); 1 suspect'
>>> md = review_markdown(r, title="demo")
>>> md.splitlines()[0]
'**Change review of demo**: 1 entity changed (0 added, 0 removed, 1 changed); 1 suspect'
>>> "Backup &lt;b&gt;" in md and "<details>" in md
True
"""

from __future__ import annotations

from collections.abc import Callable

from stsm_graph.analysis import (
    EntityChange,
    ObjectiveCoverage,
    Review,
    ServiceLineCoverage,
    StakeholderCoverage,
)
from stsm_graph.common.escaping import for_markdown, for_terminal
from stsm_graph.report.phrases import counted, short
from stsm_graph.vocabulary.namespace import STSM

__all__ = ["REVIEW_FORMATTERS", "review_markdown", "review_summary", "review_text"]

#: a part of the review: its heading and its lines (plain text, not yet escaped)
Part = tuple[str, list[str]]


def review_summary(review: Review) -> str:
    """Return the one line that says what the change does (plain text).

    Only the consequences that occur are named, after the count of entities changed.
    """
    d = review.diff
    n = len(d.entities)
    said = [
        f"{n:,} {'entity' if n == 1 else 'entities'} changed "
        f"({len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed)"
    ]
    for items, noun, tail in (
        (review.newly_unmet, "need", "newly unmet"),
        (review.newly_partially_met, "need", "newly partially met"),
        (review.newly_met, "need", "newly met"),
        (review.newly_unsupported_objectives, "objective", "newly unsupported"),
        (review.newly_orphaned, "service", "newly orphaned"),
        (review.integrity_introduced, "integrity finding", "introduced"),
        (review.integrity_resolved, "integrity finding", "resolved"),
        (review.suspects, "suspect", ""),
        (review.customers, "customer", "touched"),
    ):
        if items:
            said.append(f"{counted(len(items), noun)} {tail}".rstrip())
    return "; ".join(said)


_STSM = str(STSM)


def _values(values: tuple[str, ...]) -> str:
    """Write a field's values; one of the vocabulary (a status) by its name, as YAML has it."""
    return ", ".join(short(v) if v.startswith(_STSM) else v for v in values) or "(none)"


def _names(review: Review) -> dict[str, str]:
    """Return the label of every node the review names (entities and suspects)."""
    names = {s.node: s.label for s in review.suspects}
    names.update((e.node, e.label) for e in review.diff.entities)
    return names


def _entity_lines(e: EntityChange, names: dict[str, str]) -> list[str]:
    """Return an entity's change: its head line, then one line per field and link."""
    kind = short(e.type) if e.type else "node"
    lines = [f"{e.change} {kind} {e.label} <{e.node}>"]
    for f in e.fields:
        before, after = _values(f.before), _values(f.after)
        lines.append(f"    {f.field}: {before} -> {after}")
    for sign, links in (("+", e.links_added), ("-", e.links_removed)):
        lines += [f"    {sign} {k.field} {names.get(k.target, short(k.target))}" for k in links]
    return lines


def _parts(review: Review) -> list[Part]:
    """Return the review's parts, each with at least one line, in the order shown."""
    names = _names(review)
    refs = (
        ("Needs newly unmet", review.newly_unmet),
        ("Needs newly partially met", review.newly_partially_met),
        ("Needs newly met", review.newly_met),
        ("Objectives newly unsupported", review.newly_unsupported_objectives),
    )
    parts: list[Part] = [
        ("Changes", [line for e in review.diff.entities for line in _entity_lines(e, names)])
    ]
    parts += [(head, [f"{r.label} <{r.node}>" for r in items]) for head, items in refs]
    parts.append(
        ("Services newly orphaned", [f"{o.label} <{o.service}>" for o in review.newly_orphaned])
    )
    for head, found in (
        ("Integrity findings introduced", review.integrity_introduced),
        ("Integrity findings resolved", review.integrity_resolved),
    ):
        parts.append((head, [f"{f.severity} [{f.rule}] {f.label}: {f.message}" for f in found]))
    b, a = review.portfolio_before, review.portfolio_after
    cover = [f"portfolio: {b.covered}/{b.needs} needs covered -> {a.covered}/{a.needs}"] * (b != a)
    for c in review.coverage_changes:
        was, now = _figures(c.before), _figures(c.after)
        cover.append(f"{c.kind.replace('_', ' ')} {c.label}: {was} -> {now}")
    parts.append(("Coverage before and after", cover))
    parts.append(
        (
            "Suspects (re-read these)",
            [
                f"{s.label} ({short(s.type) if s.type else 'node'}), {s.distance} away in the "
                f"{s.version} version: " + " -> ".join(names.get(n, short(n)) for n in s.path)
                for s in review.suspects
            ],
        )
    )
    touched = []
    for who in review.customers:
        via = [names.get(x, short(x)) for x in (*who.agreements, *who.needs)]
        shown = f"{who.label} <{who.customer}>"
        touched.append(shown + (f" through {', '.join(via)}" if via else ""))
    parts.append(("Customers touched", touched))
    return [(head, lines) for head, lines in parts if lines]


def _figures(row: StakeholderCoverage | ObjectiveCoverage | ServiceLineCoverage | None) -> str:
    """Return a coverage row's figures in words."""
    if row is None:
        return "(none)"
    if isinstance(row, StakeholderCoverage):
        return f"{row.covered}/{row.needs} needs covered, {row.fully_met} fully met"
    if isinstance(row, ObjectiveCoverage):
        return f"supported by {len(row.supported_by)}" if row.supported else "unsupported"
    return (
        f"{len(row.active_services)}/{len(row.services)} services active, "
        f"{len(row.needs_covered)} needs covered, "
        f"{len(row.objectives_supported)} objectives supported"
    )


def review_text(review: Review, *, title: str = "portfolio") -> str:
    """Return the review as plain text for a terminal: the summary line, then each part."""
    out = [f"Change review of {title}: {review_summary(review)}"]
    for head, lines in _parts(review):
        out += ["", f"{head}:", *(f"  {line}" for line in lines)]
    return "\n".join(map(for_terminal, out)) + "\n"


def review_markdown(review: Review, *, title: str = "portfolio") -> str:
    """Return the review as Markdown for a pull-request comment: a summary, parts folded."""
    md = [f"**Change review of {for_markdown(title)}**: {for_markdown(review_summary(review))}"]
    for head, lines in _parts(review):
        md += [
            "",
            f"<details><summary>{for_markdown(head)} ({_count(lines)})</summary>",
            "",
            *(_markdown_line(line) for line in lines),
            "",
            "</details>",
        ]
    return "\n".join(md) + "\n"


def _count(lines: list[str]) -> int:
    """Return how many items a part lists (its indented lines belong to the one before)."""
    return sum(1 for line in lines if not line.startswith("    "))


def _markdown_line(line: str) -> str:
    """Return a line as a list item (an indented line as a nested item), escaped."""
    if line.startswith("    "):
        return f"    - {for_markdown(line.strip())}"
    return f"- {for_markdown(line)}"


#: output format -> review renderer (``json`` is written by the caller with ``to_json``)
REVIEW_FORMATTERS: dict[str, Callable[..., str]] = {
    "text": review_text,
    "markdown": review_markdown,
}
