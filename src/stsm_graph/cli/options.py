"""What every command's parser shares: the parser class, and the options of a portfolio to read."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO, TypeAlias

from stsm_graph.cli.opening import DEFAULT_BATCH, DEFAULT_TIMEOUT
from stsm_graph.common.escaping import for_terminal
from stsm_graph.ingest.reading import FORMATS
from stsm_graph.stores.kinds import store_kinds

__all__ = ["Parser", "Subparsers", "portfolio_options"]

#: what ``add_subparsers`` returns: each command adds its parser to it
Subparsers: TypeAlias = "argparse._SubParsersAction[Parser]"


class Parser(argparse.ArgumentParser):
    """An argument parser that writes help and usage errors to the streams ``main`` was given."""

    out: TextIO | None = None
    err: TextIO | None = None

    def _print_message(self, message: str, file: object = None) -> None:
        if not message:
            return
        stream = Parser.err if file is sys.stderr or file is None else Parser.out
        # a usage error quotes the arguments given: their control characters shown
        (stream or sys.stderr).write("\n".join(map(for_terminal, message.split("\n"))))


def portfolio_options(cmd: argparse.ArgumentParser, *, store_dir: bool = False) -> None:
    """Add what every command reading a portfolio takes: the file, or a server's options."""
    cmd.add_argument(
        "portfolio",
        nargs="?",
        help="portfolio file (.ttl, .nt, .jsonld, .yaml, .json) or a store directory "
        "made by 'stsm-graph load'",
    )
    if store_dir:
        cmd.add_argument(
            "--store", metavar="DIR", default=None, help="the on-disk store directory to load into"
        )
    else:
        cmd.add_argument(
            "--store",
            choices=store_kinds(),
            default="oxigraph",
            help="where the graph lives while the command runs",
        )
    cmd.add_argument(
        "--input-format",
        choices=FORMATS,
        default=None,
        help="format of the portfolio file (default: from its suffix)",
    )
    remote = cmd.add_argument_group("SPARQL server (in place of a file)")
    remote.add_argument("--endpoint", metavar="URL", help="SPARQL 1.1 query endpoint")
    remote.add_argument("--update-endpoint", metavar="URL", help="SPARQL 1.1 update endpoint")
    remote.add_argument("--graph", metavar="IRI", help="named graph holding the portfolio")
    remote.add_argument(
        "--user",
        help="HTTP user (password from STSM_GRAPH_PASSWORD; a bearer token: STSM_GRAPH_TOKEN)",
    )
    remote.add_argument(
        "--auth-scheme",
        choices=("basic", "digest"),
        default=None,
        help="how --user and the password are sent (default basic; Virtuoso's /sparql-auth: "
        "digest)",
    )
    remote.add_argument(
        "--timeout",
        type=float,
        default=None,
        help=f"seconds to wait for each request (default {DEFAULT_TIMEOUT:g})",
    )
    remote.add_argument(
        "--batch-size",
        type=_positive,
        default=None,
        metavar="N",
        help=f"triples per update request when writing (default {DEFAULT_BATCH:,}); a batch "
        "the server refuses for its size is split and sent again",
    )


def _positive(text: str) -> int:
    """Read a whole number above 0 (argparse reports the ValueError as a bad value)."""
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value
