"""The ``strategy`` command: the data behind the portfolio, for planning its standard services.

Demand per service, shared needs, capability fit, retirement candidates, evidence gaps and the
view of each stakeholder (:func:`stsm_graph.analysis.strategy`), written as text, Markdown or
JSON (``docs/strategy.schema.json``).
"""

from __future__ import annotations

import argparse
from typing import TextIO

from stsm_graph.cli.opening import label, open_portfolio, warn_if_no_portfolio
from stsm_graph.cli.output import as_json
from stsm_graph.errors import UsageError

__all__ = ["cmd_strategy"]


def cmd_strategy(args: argparse.Namespace, out: TextIO) -> int:
    """Write the strategic analyses of the portfolio; exit 0 (they inform, they do not fail)."""
    from stsm_graph.analysis import Threshold, strategy
    from stsm_graph.report import STRATEGY_FORMATTERS

    if args.periods < 2:
        raise UsageError("--periods takes a whole number of periods, 2 or more")
    try:
        thresholds = [Threshold.of(args.usage_below), Threshold.of(args.satisfaction_below)]
    except ValueError as exc:
        raise UsageError(f"--usage-below / --satisfaction-below: {exc}") from None
    p = open_portfolio(args)
    warn_if_no_portfolio(p, args)
    who = str(p.resolve(args.stakeholder)) if args.stakeholder else None
    report = strategy(
        p,
        usage_below=thresholds[0],
        satisfaction_below=thresholds[1],
        periods=args.periods,
        stakeholder=who,
    )
    if args.format == "json":
        out.write(as_json(report.to_json()))
    else:
        out.write(STRATEGY_FORMATTERS[args.format](report, title=label(args)))
    return 0
