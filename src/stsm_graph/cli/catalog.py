"""The ``catalog`` and ``init`` commands: the service catalog to hand out, and a starter portfolio.

``catalog`` writes :func:`stsm_graph.analysis.service_catalog` for customers or for staff as
one HTML page or a Markdown file (the format from ``-o``'s suffix, or ``--format``), whole or
not at all. ``init`` writes the commented starter portfolio
(:mod:`stsm_graph.authoring.starter`) into a folder, refusing to replace one without
``--force``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from stsm_graph.cli.opening import label, open_portfolio, warn_if_no_portfolio
from stsm_graph.cli.options import Subparsers, portfolio_options
from stsm_graph.common.escaping import for_terminal
from stsm_graph.errors import UsageError

__all__ = ["catalog_command", "cmd_catalog", "cmd_init", "init_command"]

#: the catalog's formats by the suffixes that name them
_SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}


def catalog_command(sub: Subparsers) -> None:
    """Add ``catalog``: the service catalog (SP 2.2) as HTML or Markdown."""
    cmd = sub.add_parser(
        "catalog", help="the service catalog for customers or staff, as HTML or Markdown"
    )
    portfolio_options(cmd)
    cmd.add_argument(
        "--audience",
        choices=("customer", "provider"),
        default="customer",
        help="customer: what customers may order; provider: that, and what delivers it",
    )
    cmd.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="the file to write (.html or .md)"
    )
    cmd.add_argument(
        "--format",
        choices=("html", "markdown"),
        default=None,
        help="the output's format (default: from the suffix of FILE)",
    )
    cmd.set_defaults(func=cmd_catalog)


def init_command(sub: Subparsers) -> None:
    """Add ``init``: write a starter portfolio to edit into one's own."""
    cmd = sub.add_parser("init", help="write a small starter portfolio (YAML) to edit")
    cmd.add_argument("directory", metavar="DIR", help="the folder to write portfolio.yaml in")
    cmd.add_argument(
        "--force", action="store_true", help="overwrite a portfolio.yaml that is there already"
    )
    cmd.set_defaults(func=cmd_init)


def _format(args: argparse.Namespace) -> str:
    """Return the output's format: ``--format``, else from the suffix of ``-o``."""
    if args.format:
        return str(args.format)
    suffix = Path(args.output).suffix.lower()
    if suffix not in _SUFFIXES:
        raise UsageError(
            f"{args.output}: cannot tell the format from the suffix {suffix or '(none)'!r}: "
            "name a .html or .md file, or give --format html|markdown"
        )
    return _SUFFIXES[suffix]


def cmd_catalog(args: argparse.Namespace, out: TextIO) -> int:
    """Write the catalog; say on ``out`` where and how many services it lists."""
    from stsm_graph.analysis import service_catalog
    from stsm_graph.common.files import write_text_atomically
    from stsm_graph.report import catalog_html, catalog_markdown, counted

    fmt = _format(args)  # before anything is read
    p = open_portfolio(args)
    warn_if_no_portfolio(p, args)
    catalog = service_catalog(p, audience=args.audience)
    subtitle = f"From {label(args)}"
    if fmt == "html":
        text = catalog_html(catalog, subtitle=subtitle)
    else:
        text = catalog_markdown(catalog, subtitle=subtitle)
    write_text_atomically(args.output, text)
    services = catalog.services()
    coming = sum(1 for s in services if s.status == "planned")
    listed = counted(len(services) - coming, "active service")
    lines = [line for line in catalog.lines if line.line is not None]  # not "Other services"
    where = f"in {counted(len(lines), 'service line')}" if lines else "in no service line"
    if lines and len(lines) < len(catalog.lines):
        where += ", some in none"
    out.write(
        for_terminal(
            f"wrote {args.output} ({args.audience} catalog: {listed}, {coming} coming, {where})"
        )
        + "\n"
    )
    return 0


def cmd_init(args: argparse.Namespace, out: TextIO) -> int:
    """Write the starter portfolio; say where, and what to run next."""
    from stsm_graph.authoring.starter import write_starter

    path = write_starter(args.directory, force=args.force)
    out.write(
        for_terminal(f"wrote {path}: a starter portfolio to edit; try 'stsm-graph validate {path}'")
        + "\n"
    )
    return 0
