"""What a command reads: a portfolio file, a store directory, or a SPARQL server's graph.

Every command that reads a portfolio opens it with :func:`open_portfolio`, names it in its
messages with :func:`source` and :func:`label`, and may warn first that it holds no portfolio
(:func:`warn_if_no_portfolio`, from :func:`stsm_graph.analysis.portfolio_contents`).
"""

from __future__ import annotations

import argparse
import os

from stsm_graph.common.escaping import for_terminal
from stsm_graph.errors import UsageError
from stsm_graph.portfolio import Portfolio

__all__ = [
    "DEFAULT_BATCH",
    "DEFAULT_TIMEOUT",
    "connect",
    "label",
    "no_server_options",
    "open_portfolio",
    "source",
    "warn_if_no_portfolio",
]

#: seconds a server request may take, unless ``--timeout`` says otherwise
DEFAULT_TIMEOUT = 60.0

#: the options that only a server takes (each ``None`` unless given)
_SERVER_OPTIONS = ("update_endpoint", "graph", "user", "auth_scheme", "timeout", "batch_size")

#: triples per update request, unless ``--batch-size`` says otherwise
DEFAULT_BATCH = 20_000


def no_server_options(args: argparse.Namespace) -> None:
    """Refuse server options given without ``--endpoint``: they would be ignored."""
    given = [
        "--" + name.replace("_", "-")
        for name in _SERVER_OPTIONS
        if getattr(args, name, None) is not None
    ]
    if given:
        raise UsageError(
            f"{', '.join(given)} {'is' if len(given) == 1 else 'are'} for a SPARQL server: "
            "give --endpoint URL, or leave "
            f"{'it' if len(given) == 1 else 'them'} out"
        )


def connect(args: argparse.Namespace) -> Portfolio:
    """Connect to ``--endpoint`` with the server options (the password from the environment)."""
    from stsm_graph.stores.server_text import without_credentials

    auth = None
    if args.user:
        password = os.environ.get("STSM_GRAPH_PASSWORD")
        if password is None:
            raise UsageError("--user needs the password in the STSM_GRAPH_PASSWORD variable")
        auth = (args.user, password)
    elif args.auth_scheme:
        raise UsageError("--auth-scheme is for --user and its password: give --user too")
    p = Portfolio.connect(
        args.endpoint,
        args.update_endpoint,
        graph=args.graph,
        auth=auth,
        auth_scheme=args.auth_scheme or "basic",
        timeout=DEFAULT_TIMEOUT if args.timeout is None else args.timeout,
        batch_size=getattr(args, "batch_size", None) or DEFAULT_BATCH,
    )
    # from here on, messages name the endpoint without the password its URL may carry
    shown = without_credentials(args.endpoint)
    if args.portfolio == args.endpoint:  # impact --endpoint: set by open_portfolio
        args.portfolio = shown
    args.endpoint = shown
    return p


def open_portfolio(args: argparse.Namespace) -> Portfolio:
    """Open what the command reads: ``--endpoint``, or the portfolio file or store directory."""
    if args.endpoint:
        if args.portfolio is not None and not hasattr(args, "nodes"):
            raise UsageError("give either a portfolio file or --endpoint, not both")
        if args.portfolio is not None:  # impact --endpoint URL NODE...: the first is a node
            args.nodes = [args.portfolio, *args.nodes]
            args.portfolio = args.endpoint
        return connect(args)
    no_server_options(args)
    if args.portfolio is None:
        # one word was given where two are needed: argparse gave it to the second
        needs = {
            "impact": "the portfolio and the nodes that change: impact FILE NODE...",
            "query": "the portfolio and a query: query FILE QUERY",
            "convert": "the portfolio and the file to write: convert FILE OUTPUT",
        }.get(args.command)
        if needs:
            raise UsageError(f"{args.command} needs {needs}")
        raise UsageError("give a portfolio file, a store directory, or --endpoint URL")
    return Portfolio.open(args.portfolio, store=args.store, format=args.input_format)


def source(args: argparse.Namespace) -> str:
    """Name what the command reads: the file, or the endpoint."""
    return str(args.portfolio or args.endpoint)


def label(args: argparse.Namespace) -> str:
    """Name what the command reads for a report's header: the file, or the endpoint and graph."""
    if args.endpoint and getattr(args, "graph", None):
        return f"{args.endpoint} (graph {args.graph})"
    return source(args)


def warn_if_no_portfolio(p: Portfolio, args: argparse.Namespace) -> None:
    """Warn on ``args.err`` when ``p`` holds no triples, or none of a portfolio."""
    from stsm_graph.analysis import portfolio_contents
    from stsm_graph.report import counted

    contents = portfolio_contents(p)
    if contents == "no triples":
        where = f" (is --graph {args.graph!r} right?)" if args.graph else ""
        if args.endpoint and not args.graph:
            where = " (does the portfolio live in a named graph? give it with --graph)"
        args.err.write(
            for_terminal(f"stsm-graph: warning: {source(args)} holds no triples{where}") + "\n"
        )
    elif contents == "no portfolio":
        args.err.write(
            for_terminal(
                f"stsm-graph: warning: {label(args)} holds {counted(len(p), 'triple')} but no "
                "portfolio: no node is typed with a class of the stsm: vocabulary (stsm:Need, "
                "stsm:StandardService, ...)"
            )
            + "\n"
        )
