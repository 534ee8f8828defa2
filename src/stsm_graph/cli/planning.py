"""The parsers of the planning commands: ``strategy``, ``evidence``, ``plan`` and ``diff``.

Each adds its command to the ``stsm-graph`` grammar (:data:`stsm_graph.cli.parser.COMMANDS`).
"""

from __future__ import annotations

import argparse

from stsm_graph.cli.evidence import cmd_evidence
from stsm_graph.cli.options import Subparsers, portfolio_options
from stsm_graph.cli.plans import cmd_plan
from stsm_graph.cli.review import cmd_diff
from stsm_graph.cli.strategy import cmd_strategy
from stsm_graph.ingest.reading import FORMATS
from stsm_graph.stores.kinds import store_kinds

__all__ = ["diff_command", "evidence_command", "plan_command", "strategy_command"]


def strategy_command(sub: Subparsers) -> None:
    """Add ``strategy``: the strategic analyses (:func:`stsm_graph.analysis.strategy`)."""
    cmd = sub.add_parser(
        "strategy", help="demand, shared needs, capability fit, retirement candidates, evidence"
    )
    portfolio_options(cmd)
    cmd.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    for name in ("usage", "satisfaction"):
        cmd.add_argument(
            f"--{name}-below",
            metavar="X",
            help=f"a service whose latest {name} is below X (a number, or a number and a "
            "unit such as '35000 pages per month': that unit's series only) may retire",
        )
    cmd.add_argument("--periods", type=int, default=4, help="periods a trend is read over")
    cmd.add_argument("--stakeholder", metavar="NODE", help="view only this customer or end user")
    cmd.set_defaults(func=cmd_strategy)


def evidence_command(sub: Subparsers) -> None:
    """Add ``evidence``: the work products per STSM practice, held and missing."""
    cmd = sub.add_parser("evidence", help="per STSM practice, the work products held and missing")
    portfolio_options(cmd)
    cmd.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    cmd.add_argument("--sample", type=int, default=5, help="nodes shown of each kind")
    cmd.add_argument(
        "--fail-on", choices=("missing",), help="exit 1 when a kind of work product is missing"
    )
    cmd.set_defaults(func=cmd_evidence)


def plan_command(sub: Subparsers) -> None:
    """Add ``plan``: a plan's simulation, consistency findings and roadmap."""
    cmd = sub.add_parser("plan", help="plans of standard services: simulation, checks, roadmap")
    portfolio_options(cmd)
    cmd.add_argument("plan", nargs="?", metavar="PLAN", help="one plan (default: every plan)")
    cmd.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    cmd.add_argument(
        "--fail-on", choices=("inconsistent",), help="exit 1 when a consistency rule finds some"
    )
    cmd.set_defaults(func=cmd_plan)


def diff_command(sub: Subparsers) -> None:
    """Add ``diff``: what changed between two versions of a portfolio, and what it risks."""
    cmd = sub.add_parser("diff", help="what changed between two versions, and what it risks")
    for name in ("old", "new"):
        cmd.add_argument(
            name,
            metavar=name.upper(),
            help="a portfolio file, a store directory, or a git revision REV:PATH",
        )
    cmd.add_argument("--store", choices=store_kinds(), default="oxigraph")
    cmd.add_argument("--input-format", choices=FORMATS, default=None)
    cmd.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    cmd.add_argument(
        "--fail-on",
        metavar="KINDS",
        default="",
        help="exit 1 when the change brings these (comma-separated: changes, newly-unmet, "
        "newly-partial, newly-unsupported, newly-orphaned, new-violations, new-warnings, "
        "new-integrity, suspects)",
    )
    cmd.add_argument(
        "--shapes",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="count the SHACL shapes' violations among the integrity findings (slow)",
    )
    cmd.set_defaults(func=cmd_diff)
