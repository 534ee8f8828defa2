"""The ``plan`` command: the standard service plans simulated, checked and laid out (SP 1.2).

For each plan (or the one named) the simulation :func:`stsm_graph.analysis.simulate_plan`
computes, the consistency findings and the roadmap (:func:`stsm_graph.analysis.plan_review`),
written as text, Markdown or JSON (``docs/plan.schema.json``).
"""

from __future__ import annotations

import argparse
from typing import TextIO

from stsm_graph.cli.opening import label, open_portfolio, warn_if_no_portfolio

__all__ = ["cmd_plan"]


def cmd_plan(args: argparse.Namespace, out: TextIO) -> int:
    """Write the plan review; exit 1 with ``--fail-on inconsistent`` when a rule found some."""
    from stsm_graph.analysis import plan_review
    from stsm_graph.cli.output import as_json, failing
    from stsm_graph.report.plans import PLAN_FORMATTERS

    p = open_portfolio(args)
    warn_if_no_portfolio(p, args)
    review = plan_review(p, args.plan)
    if args.format == "json":
        out.write(as_json(review.to_json()))
    else:
        out.write(PLAN_FORMATTERS[args.format](review, title=label(args)))
    return failing(
        args.err, ["inconsistent"] * (args.fail_on == "inconsistent" and not review.consistent)
    )
