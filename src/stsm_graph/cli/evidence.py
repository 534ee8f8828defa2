"""The ``evidence`` command: what the portfolio holds for each STSM practice (appraisal readiness).

For each practice the kinds of work product the vocabulary names for it, whether the portfolio
holds each (the count and a sample of its nodes) and what is missing
(:func:`stsm_graph.analysis.practice_evidence`), written as text, Markdown or JSON
(``docs/evidence.schema.json``).
"""

from __future__ import annotations

import argparse
from typing import TextIO

from stsm_graph.cli.opening import label, open_portfolio, warn_if_no_portfolio
from stsm_graph.cli.output import as_json, failing
from stsm_graph.errors import UsageError

__all__ = ["cmd_evidence"]


def cmd_evidence(args: argparse.Namespace, out: TextIO) -> int:
    """Write the practice evidence; exit 1 with ``--fail-on missing`` when a kind is missing."""
    from stsm_graph.analysis import practice_evidence
    from stsm_graph.report.evidence import EVIDENCE_FORMATTERS

    if args.sample < 1:
        raise UsageError("--sample takes a whole number of nodes, 1 or more")
    p = open_portfolio(args)
    warn_if_no_portfolio(p, args)
    report = practice_evidence(p, sample_size=args.sample)
    if args.format == "json":
        out.write(as_json(report.to_json()))
    else:
        out.write(EVIDENCE_FORMATTERS[args.format](report, title=label(args)))
    return failing(args.err, ["missing"] * (args.fail_on == "missing" and bool(report.missing)))
