"""What each command's ``--help`` says about it: what it is for, and examples to copy.

The examples read ``portfolio.yaml``, the starter portfolio ``stsm-graph init .`` writes, and
name its entries, so that each runs as it is after ``init`` (the tests run every one of them
there: ``tests/cli/test_help_examples.py``). :func:`describe` puts them on the parsers.

Examples
--------
>>> EXAMPLES["impact"][0].line
'stsm-graph impact portfolio.yaml sys-operations'
"""

from __future__ import annotations

import argparse
import textwrap
from typing import NamedTuple

__all__ = ["ABOUT", "EXAMPLES", "START", "Example", "describe"]


class Example(NamedTuple):
    """One command line of a command's help, what it does, and the exit code it gives there."""

    line: str
    says: str
    exit: int = 0


#: what each command is for, above its options (a command that states its own keeps it)
ABOUT = {
    "validate": "Count the portfolio's entities by kind, and check it against the vocabulary's "
    "SHACL shapes and the integrity rules no shape states. Exit 1 when it does not conform.",
    "analyze": "Coverage of needs and objectives per stakeholder, objective and service line; "
    "needs no active service addresses (and what is planned for them); needs covered below the "
    "level they require; services that trace to no need or objective; integrity gaps. Worst "
    "first. --format json is the stable contract of docs/analyses.md.",
    "impact": "Everything a change to the nodes reaches by the vocabulary's links, each with "
    "the path that explains it; with --retire, the needs left unmet and the launches blocked "
    "if they were retired. Nothing is changed.",
    "diff": "What changed between two versions of a portfolio (entities added, removed, "
    "changed) and what the change risks: needs newly unmet, services newly orphaned, integrity "
    "findings introduced, suspect links and the customers touched.",
    "strategy": "The strategic analyses of STSM SG 1: demand and its trend per service, needs "
    "several stakeholders share that call for a new service, capability gaps and unused "
    "strengths, retirement candidates, what lacks evidence.",
    "evidence": "Appraisal readiness: for each STSM practice, the kinds of work product the "
    "vocabulary names for it, which the portfolio holds (with a sample) and which are missing.",
    "plan": "Standard service plans: what each would do to coverage, whether it is consistent "
    "(retiring the only cover of a need, an addition without justification, unknown or "
    "retired targets), and the roadmap with coverage after each phase.",
    "view": "Write an interactive traceability picture: one offline HTML file that opens in any "
    "browser. The whole portfolio, the neighbourhood of some nodes, what a change affects "
    "(--impact), or a change between two versions (--diff).",
    "report": "Write an offline report site to hand out: findings worst first, coverage, the "
    "matrices, impact hubs, strategy and the pictures, with report.json, CSV files and one "
    "XLSX workbook.",
    "matrix": "One traceability matrix with labels (needs, objectives or stakeholders by "
    "services) as CSV, an XLSX workbook or Markdown.",
    "catalog": "The service catalog (STSM SP 2.2): for customers, the active services by "
    "service line with their descriptions, levels and choices, and the planned ones as coming; "
    "for staff, also what delivers them.",
    "init": "Write a small commented starter portfolio (portfolio.yaml) that validates and "
    "analyses cleanly, to edit into your own. docs/yaml-format.md is the reference.",
    "convert": "Write the portfolio in another format: Turtle, N-Triples, JSON-LD, or the "
    "authoring format (YAML or JSON).",
    "import": "Read a model kept in another tool as a portfolio: an ArchiMate model "
    "(exchange format) or a CPSV-AP public-service catalogue. What was not mapped is listed.",
    "export": "Write a portfolio as a model another tool opens: ArchiMate 3.1 exchange "
    "format, with a default view, for Archi.",
    "query": "Run one of the packaged queries (docs/queries.md) by name, or your own SPARQL "
    "file, and print its rows.",
}

#: each command's examples (the first is the most common use)
EXAMPLES: dict[str, tuple[Example, ...]] = {
    "validate": (
        Example("stsm-graph validate portfolio.yaml", "the summary and every finding"),
        Example("stsm-graph validate portfolio.yaml --format json", "the same, for a program"),
    ),
    "analyze": (
        Example("stsm-graph analyze portfolio.yaml", "the findings, worst first"),
        Example("stsm-graph analyze portfolio.yaml --format markdown", "a report to paste"),
        Example(
            "stsm-graph analyze portfolio.yaml --fail-on unmet,orphans",
            "in a pipeline: exit 1 when a need is unmet or a service orphaned",
        ),
    ),
    "impact": (
        Example(
            "stsm-graph impact portfolio.yaml sys-operations",
            "what a change to a service system reaches, and why",
        ),
        Example(
            "stsm-graph impact portfolio.yaml 'Service Desk' --retire",
            "what retiring a service (named by its label) would cost",
        ),
    ),
    "diff": (
        Example(
            "stsm-graph diff old.yaml portfolio.yaml",
            "what changed, and what it risks (a file, a store folder, or REV:PATH of git)",
        ),
        Example(
            "stsm-graph diff HEAD~1:portfolio.yaml portfolio.yaml --fail-on newly-unmet",
            "in review: exit 1 when the last commit leaves a need unmet",
        ),
    ),
    "strategy": (
        Example("stsm-graph strategy portfolio.yaml", "every strategic analysis"),
        Example(
            "stsm-graph strategy portfolio.yaml --usage-below 10 --format markdown",
            "services used less than 10 (in their unit) as retirement candidates",
        ),
    ),
    "evidence": (
        Example("stsm-graph evidence portfolio.yaml", "held and missing, per practice"),
        Example(
            "stsm-graph evidence portfolio.yaml --fail-on missing",
            "exit 1 while a kind of work product is missing",
            exit=1,
        ),
    ),
    "plan": (
        Example("stsm-graph plan portfolio.yaml", "every plan: simulation, checks, roadmap"),
        Example(
            "stsm-graph plan portfolio.yaml --fail-on inconsistent --format json",
            "in a pipeline: exit 1 when a plan is inconsistent",
        ),
    ),
    "view": (
        Example("stsm-graph view portfolio.yaml -o portfolio.html", "the whole portfolio"),
        Example(
            "stsm-graph view portfolio.yaml svc-service-desk --radius 1 -o desk.html",
            "a service and what it links to",
        ),
        Example(
            "stsm-graph view portfolio.yaml sys-operations --impact -o impact.html",
            "what a change to a service system reaches",
        ),
    ),
    "report": (
        Example(
            "stsm-graph report portfolio.yaml -o report --title 'Our portfolio'",
            "the site: open report/index.html",
        ),
    ),
    "matrix": (
        Example("stsm-graph matrix portfolio.yaml", "needs x services as CSV, on stdout"),
        Example(
            "stsm-graph matrix portfolio.yaml --rows objectives --format xlsx -o matrix.xlsx",
            "objectives x services, as a workbook",
        ),
    ),
    "catalog": (
        Example(
            "stsm-graph catalog portfolio.yaml -o catalog.html",
            "what customers may order, as a page to hand out",
        ),
        Example(
            "stsm-graph catalog portfolio.yaml --audience provider -o catalog.md",
            "for staff, with what delivers each service, as Markdown",
        ),
    ),
    "init": (Example("stsm-graph init my-portfolio", "writes my-portfolio/portfolio.yaml"),),
    "load": (
        Example(
            "stsm-graph load portfolio.yaml --store store",
            "an on-disk store; then 'stsm-graph analyze store' opens it at once",
        ),
    ),
    "convert": (
        Example("stsm-graph convert portfolio.yaml portfolio.ttl", "the portfolio as Turtle"),
    ),
    "import": (
        Example(
            "stsm-graph import archimate model.xml -o portfolio.ttl",
            "an ArchiMate model exported from Archi (File > Export > Model to Open Exchange File)",
        ),
    ),
    "export": (
        Example(
            "stsm-graph export archimate portfolio.yaml -o model.xml",
            "open it in Archi with File > Import > Open Exchange XML Model",
        ),
    ),
    "query": (
        Example("stsm-graph query portfolio.yaml unmet_needs", "a packaged query by name"),
        Example(
            "stsm-graph query portfolio.yaml node_info --node node=svc-service-desk",
            "one that asks about a node",
        ),
    ),
}

#: the top level's closing words: where to start
START = (
    Example("stsm-graph init .", "a starter portfolio.yaml to edit"),
    Example("stsm-graph validate portfolio.yaml", "is it well-formed?"),
    Example("stsm-graph analyze portfolio.yaml", "what is covered, unmet, orphaned"),
    Example("stsm-graph report portfolio.yaml -o report", "a report site to hand out"),
)


def _text(examples: tuple[Example, ...], heading: str) -> str:
    lines = [heading]
    for ex in examples:
        lines += [
            f"  {ex.line}",
            *textwrap.wrap(ex.says, 76, initial_indent="      ", subsequent_indent="      "),
        ]
    return "\n".join(lines)


def describe(parser: argparse.ArgumentParser, commands: dict[str, argparse.ArgumentParser]) -> None:
    """Put :data:`ABOUT` and :data:`EXAMPLES` on each command's parser, :data:`START` on the top.

    Descriptions are wrapped here and shown as they are (argparse would join the example
    lines into one paragraph).
    """
    for parser_ in (parser, *commands.values()):
        parser_.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = textwrap.fill(parser.description or "", 79)
    parser.epilog = _text(START, "start here:") + (
        "\n\n'stsm-graph COMMAND --help' says what a command does, with examples."
    )
    for name, cmd in commands.items():
        about = cmd.description or ABOUT.get(name)
        if about:
            cmd.description = textwrap.fill(about, 79)
        if name in EXAMPLES:
            cmd.epilog = _text(EXAMPLES[name], "examples:")
