"""The commands that check and analyse a portfolio: ``validate``, ``analyze`` and ``impact``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from stsm_graph.cli.opening import label, open_portfolio, source, warn_if_no_portfolio
from stsm_graph.cli.output import as_json, failing
from stsm_graph.common.escaping import for_terminal
from stsm_graph.errors import UsageError
from stsm_graph.vocabulary.shown import compact, field_name
from stsm_graph.vocabulary.tables import SUMMARY_ORDER

if TYPE_CHECKING:
    from stsm_graph.analysis import AnalysisReport, IntegrityFinding
    from stsm_graph.ingest.validation import ValidationReport
    from stsm_graph.portfolio import Portfolio

__all__ = ["cmd_analyze", "cmd_impact", "cmd_validate"]


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    """Summarise the portfolio and check it against the shapes and the integrity rules."""
    from stsm_graph.analysis import integrity_findings

    p = open_portfolio(args)
    report = p.validate()
    # the integrity rules no shape states (analyze's other checks), so one command sees all
    rules = integrity_findings(p, beyond_shapes=True)
    conforms = report.conforms and not any(f.severity == "violation" for f in rules)
    if args.format == "json":
        data = {
            "portfolio": source(args),
            **({"graph": args.graph} if args.endpoint and args.graph else {}),
            "triples": len(p),
            "summary": p.summary(),
            "conforms": conforms,
            "results": [r.model_dump() for r in report.results],
            "shacl_conforms": report.conforms,
            "integrity": [f.model_dump(mode="json") for f in rules],
        }
        out.write(json.dumps(data, indent=2) + "\n")
    else:
        _write_summary(p, label(args), out)
        _write_report(report, _names(p, report), out)
        _write_rules(rules, conforms, p.prefixes, out)
    return 0 if conforms else 1


def _names(p: Portfolio, report: ValidationReport) -> dict[str, str]:
    """Name each node of the results as a reader knows it: ``'Label' (id)``, else its id.

    The id is written as the portfolio's files write it (:func:`compact`: a YAML id bare,
    a prefixed name, else the whole IRI), so two nodes are never shown alike.
    """
    from stsm_graph.analysis import node_names
    from stsm_graph.common.terms import valid_iri

    nodes = {r.focus_node for r in report.results} | {r.value for r in report.results if r.value}
    names = node_names(p, sorted(n for n in nodes if valid_iri(n)))
    short = {iri: compact(iri, p.prefixes) for iri in names}  # as the files name them
    return {
        iri: (f"{name!r} ({short[iri]})" if name != iri else short[iri])
        for iri, (_cls, name) in names.items()
    }


def _write_summary(p: Portfolio, name: str, out: TextIO) -> None:
    summary = p.summary()
    out.write(for_terminal(f"{name}: {len(p)} triples") + "\n")
    ordered = [c for c in SUMMARY_ORDER if c in summary]
    ordered += sorted(c for c in summary if c not in SUMMARY_ORDER)
    width = max((len(c) for c in ordered), default=0)
    for cls in ordered:
        out.write(for_terminal(f"  {cls:<{width}}  {summary[cls]:>6}") + "\n")


def _write_report(report: ValidationReport, names: dict[str, str], out: TextIO) -> None:
    verdict = "conforms" if report.conforms else "does NOT conform"
    from stsm_graph.report import counted

    found = f"{counted(report.violations, 'violation')}, {counted(report.warnings, 'warning')}"
    out.write(f"\nSHACL: {verdict} ({found})\n")
    for r in report.results:
        node = names.get(r.focus_node, r.focus_node)
        path = f" {field_name(r.path)}" if r.path else ""
        value = f" {names.get(r.value, r.value)}" if r.value and r.value != r.focus_node else ""
        out.write(for_terminal(f"  {r.severity:<9} {node}{path}{value}: {r.message}") + "\n")


def _write_rules(
    rules: Sequence[IntegrityFinding], conforms: bool, prefixes: Mapping[str, str], out: TextIO
) -> None:
    from stsm_graph.report import counted

    violations = sum(1 for f in rules if f.severity == "violation")
    out.write(
        f"Integrity rules: {counted(violations, 'violation')}, "
        f"{counted(len(rules) - violations, 'warning')} "
        "(beyond the shapes)\n"
    )
    for f in rules:
        node = compact(f.node, prefixes)  # the message names it by its label
        out.write(for_terminal(f"  {f.severity:<9} {node} [{f.rule}]: {f.message}") + "\n")
    out.write(f"Portfolio: {'conforms' if conforms else 'does NOT conform'}\n")


def cmd_analyze(args: argparse.Namespace, out: TextIO) -> int:
    """Run every analysis and write the report; exit 1 on the ``--fail-on`` findings."""
    from stsm_graph.analysis import FINDING_KINDS, analyze
    from stsm_graph.report import FORMATTERS

    fail_on = [k.strip() for k in (args.fail_on or "").split(",") if k.strip()]
    unknown = [k for k in fail_on if k not in FINDING_KINDS]
    if unknown:
        raise UsageError(
            f"--fail-on: unknown finding kind {', '.join(unknown)}; "
            f"choose from {', '.join(FINDING_KINDS)}"
        )
    p = open_portfolio(args)
    warn_if_no_portfolio(p, args)
    report = analyze(p, shapes=args.shapes)
    if args.format == "json":
        out.write(as_json(report.to_json()))
    else:
        out.write(FORMATTERS[args.format](report, title=label(args), labels=_pipeline(p, report)))
    return failing(args.err, [k for k in fail_on if report.has(k)])


def _pipeline(p: Portfolio, report: AnalysisReport) -> dict[str, str]:
    """Return the labels of the plan actions the unmet needs name (the report has their IRIs)."""
    from stsm_graph.analysis import node_names

    actions = sorted({a for u in report.unmet_needs for a in u.plan_actions})
    return {n: name for n, (_cls, name) in node_names(p, actions).items()} if actions else {}


def cmd_impact(args: argparse.Namespace, out: TextIO) -> int:
    """Write what a change to some nodes affects, and why (and with ``--retire``, the cost)."""
    from stsm_graph.analysis import impact, node_names
    from stsm_graph.report import IMPACT_FORMATTERS

    if args.depth is not None and args.depth < 1:
        raise UsageError("--depth takes a whole number of links, 1 or more")
    p = open_portfolio(args)
    report = impact(p, args.nodes, retire=args.retire, max_depth=args.depth)
    if args.format == "json":
        out.write(as_json(report.to_json()))
    else:
        labels = {n: name for n, (_cls, name) in node_names(p, report.changed).items()}
        out.write(IMPACT_FORMATTERS[args.format](report, title=label(args), labels=labels))
    return 0
