"""The command line's grammar: one small function per command adds that command's parser.

How to add a command
--------------------
1. Write ``cmd_NAME(args: argparse.Namespace, out: TextIO) -> int`` in the module of its
   group (:mod:`~stsm_graph.cli.analyses`, :mod:`~stsm_graph.cli.pictures`,
   :mod:`~stsm_graph.cli.storage`, :mod:`~stsm_graph.cli.queries`, or a new module named
   for what it holds). It opens the portfolio with
   :func:`stsm_graph.cli.opening.open_portfolio`, asks the library (the public analysis API:
   the command line runs no SPARQL of its own), writes to ``out`` and returns the exit code;
   bad usage raises :class:`~stsm_graph.errors.UsageError` (exit 2, the message on stderr).
2. Write ``_NAME(sub)`` here (or, for a planning command, ``NAME_command(sub)`` in
   :mod:`~stsm_graph.cli.planning`): ``cmd = sub.add_parser("NAME", help=...)``, then
   ``portfolio_options(cmd)`` (:mod:`~stsm_graph.cli.options`) for what every command that
   reads a portfolio takes (the file, ``--store``, ``--input-format`` and the server
   options), then its own arguments, then ``cmd.set_defaults(func=cmd_NAME)``.
3. Add ``_NAME`` to :data:`COMMANDS` (the order ``stsm-graph --help`` lists them in), and
   its name to the description in :func:`build_parser`.
4. Say what it is for and give examples that run on the starter portfolio, in
   :mod:`~stsm_graph.cli.examples` (``ABOUT``, ``EXAMPLES``): its ``--help`` shows them, and
   the tests run every example.

Arguments are parsed intermixed (:func:`parse`), so options may come between the file and
the nodes; an unknown option is named with the nearest one the command takes.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from stsm_graph.cli.analyses import cmd_analyze, cmd_impact, cmd_validate
from stsm_graph.cli.catalog import catalog_command, init_command
from stsm_graph.cli.examples import describe
from stsm_graph.cli.handout import matrix_command, report_command
from stsm_graph.cli.interop import add_parsers as _import_export
from stsm_graph.cli.options import Parser, Subparsers, portfolio_options
from stsm_graph.cli.pictures import cmd_view
from stsm_graph.cli.planning import diff_command, evidence_command, plan_command, strategy_command
from stsm_graph.cli.queries import cmd_query
from stsm_graph.cli.storage import cmd_convert, cmd_load
from stsm_graph.common.version import __version__
from stsm_graph.ingest.reading import FORMATS
from stsm_graph.ingest.validation import SHAPES_LIMIT

__all__ = ["COMMANDS", "Parser", "build_parser", "command_parsers", "parse"]


def _validate(sub: Subparsers) -> None:
    cmd = sub.add_parser("validate", help="summarise a portfolio and check it against the shapes")
    portfolio_options(cmd)
    cmd.add_argument("--format", choices=("text", "json"), default="text")
    cmd.set_defaults(func=cmd_validate)


def _analyze(sub: Subparsers) -> None:
    cmd = sub.add_parser(
        "analyze", aliases=["analyse"], help="coverage, unmet needs, level gaps, orphans, integrity"
    )
    portfolio_options(cmd)
    cmd.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    cmd.add_argument(
        "--fail-on",
        metavar="KINDS",
        default="",
        help="exit 1 when findings of these kinds exist (comma-separated: "
        "unmet, partial, orphans, violations, warnings, integrity)",
    )
    cmd.add_argument(
        "--shapes",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="check the SHACL shapes too and report their violations (default: for "
        f"portfolios of up to {SHAPES_LIMIT:,} triples, so that analyze stays fast; "
        "validate and report check them at any size)",
    )
    cmd.set_defaults(func=cmd_analyze)


def _impact(sub: Subparsers) -> None:
    cmd = sub.add_parser("impact", help="what a change to some nodes affects, and why")
    portfolio_options(cmd)
    cmd.add_argument(
        "nodes",
        nargs="+",
        metavar="NODE",
        help="a full IRI, a prefixed name, an id relative to the file's base, or a label",
    )
    cmd.add_argument(
        "--retire",
        action="store_true",
        help="also report what retiring them would cost (nothing is changed)",
    )
    cmd.add_argument("--depth", type=int, default=None, help="follow at most N links")
    cmd.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    cmd.set_defaults(func=cmd_impact)


def _view_limits(cmd: Parser) -> None:
    """Add ``view``'s options that say how much is drawn: one by one, or as an overview."""
    cmd.add_argument(
        "--max-nodes",
        type=int,
        default=2000,
        help="the most nodes drawn one by one (default 2000): the whole portfolio past it is "
        "drawn as an overview, a picture around nodes past it is refused",
    )
    cmd.add_argument(
        "--overview",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="draw the whole portfolio as clusters (service lines, service systems, stakeholder "
        "groups) that open on a click: by default past --max-nodes; --no-overview refuses "
        "instead",
    )


def _view(sub: Subparsers) -> None:
    cmd = sub.add_parser(
        "view", help="write an interactive traceability picture (one offline HTML file)"
    )
    portfolio_options(cmd)
    cmd.add_argument(
        "nodes",
        nargs="*",
        metavar="NODE",
        help="centre the picture on these nodes (named as for impact); with --impact, the "
        "nodes that change",
    )
    cmd.add_argument(
        "--impact", action="store_true", help="draw what changing the nodes affects, and why"
    )
    cmd.add_argument(
        "--radius", type=int, default=None, help="around nodes: draw N links out (default 2)"
    )
    cmd.add_argument(
        "--depth", type=int, default=None, help="with --impact: follow at most N links"
    )
    cmd.add_argument(
        "--retire",
        action="store_true",
        help="with --impact: colour the needs as they would be once the nodes are retired, "
        "and mark the services taken out of service (nothing is changed)",
    )
    cmd.add_argument("--title", default=None, help="the picture's heading (default: what it shows)")
    cmd.add_argument(
        "--layout",
        choices=("layered", "force"),
        default="layered",
        help="layered (default: fixed positions, stakeholders at the top, components at the "
        "bottom, the same every time it opens) or force (the browser's physics places them)",
    )
    cmd.add_argument(
        "--export",
        choices=("png",),
        default=None,
        help="also write the picture as an image beside the page (png: a screenshot by a "
        "headless Chromium; there is no SVG, the picture is drawn on a canvas)",
    )
    _view_limits(cmd)
    cmd.add_argument(
        "-o",
        "--output",
        default=None,
        help="HTML file to write (default traceability.html, or impact.html with --impact)",
    )
    cmd.add_argument(
        "--diff",
        nargs=2,
        metavar=("OLD", "NEW"),
        help="draw a change in place of a portfolio: what it adds, removes, changes and reaches",
    )
    cmd.set_defaults(func=cmd_view)


def _load(sub: Subparsers) -> None:
    cmd = sub.add_parser(
        "load",
        help="load a portfolio file into a store directory or a server, in the place of what "
        "it holds",
        description="Load a portfolio file into an on-disk store (--store DIR) or a SPARQL "
        "server's graph (--endpoint, --update-endpoint, --graph). The file replaces what the "
        "store or graph holds; the whole file is checked first, and if the load fails the old "
        "content stays (on a server, see docs/tutorial.md for what is atomic).",
    )
    portfolio_options(cmd, store_dir=True)
    cmd.add_argument(
        "--append",
        action="store_true",
        help="add the file's triples to what the store or graph holds instead of replacing it",
    )
    cmd.set_defaults(func=cmd_load)


def _convert(sub: Subparsers) -> None:
    cmd = sub.add_parser("convert", help="write a portfolio in another format")
    portfolio_options(cmd)
    cmd.add_argument("output", help="file to write; format from its suffix unless --to")
    cmd.add_argument("--to", choices=FORMATS, default=None)
    cmd.set_defaults(func=cmd_convert)


def _query(sub: Subparsers) -> None:
    cmd = sub.add_parser("query", help="run a named query or a .rq file")
    portfolio_options(cmd)
    cmd.add_argument("query", help="a packaged query name or a path to a .rq file")
    cmd.add_argument(
        "--bind",
        action="append",
        metavar="NAME=VALUE",
        help="pre-bind a variable: a full IRI (<...>, or with ://, or urn:), a name with a "
        "built-in prefix (stsm:, rdfs:, ...), else a plain literal",
    )
    cmd.add_argument(
        "--node",
        action="append",
        metavar="NAME=NODE",
        help="pre-bind a variable to a node of the portfolio, named as for impact: its IRI, "
        "a prefixed name, its id in the YAML file, its label or its local name",
    )
    cmd.add_argument(
        "--format",
        choices=("text", "tsv", "json"),
        default="text",
        help="text (default): columns, IRIs written short as the portfolio's files name them "
        "(a YAML id bare, else prefix:name); tsv: a tab between cells, IRIs whole; json: a "
        "list of rows",
    )
    cmd.set_defaults(func=cmd_query)


#: each command's parser, in the order ``--help`` lists them
COMMANDS: tuple[Callable[[Subparsers], None], ...] = (
    _validate,
    _analyze,
    _impact,
    diff_command,
    strategy_command,
    evidence_command,
    plan_command,
    _view,
    report_command,
    matrix_command,
    catalog_command,
    init_command,
    _load,
    _convert,
    _import_export,
    _query,
)


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the ``stsm-graph`` command, with every command of COMMANDS."""
    parser = Parser(
        prog="stsm-graph",
        description="Trace a portfolio of standard services: validate, load, analyze, impact, "
        "diff, strategy, evidence, plan, view, report, matrix, catalog, init, query, convert, "
        "import, export.",
    )
    parser.add_argument("--version", action="version", version=f"stsm-graph {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in COMMANDS:
        add(sub)
    describe(parser, command_parsers(parser))
    return parser


def command_parsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Return each command's parser by the names it is called (aliases included)."""
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """Parse the command line; usage errors exit through the command's own parser.

    The command's arguments are parsed intermixed, so options may come between the file
    and the nodes (``view FILE --radius 1 NODE``). An unknown argument is named with the
    command's usage and the nearest option it takes.
    """
    commands = command_parsers(parser)
    if not argv or argv[0] not in commands:  # help, version, or no command: the top level's
        return parser.parse_args(argv)
    cmd = commands[argv[0]]
    if "--" in argv[1:]:  # intermixed parsing drops a leading "--": everything after is a value
        args, unknown = cmd.parse_known_args(argv[1:])
    else:
        args, unknown = cmd.parse_known_intermixed_args(argv[1:])
    if unknown:
        _unrecognized(cmd, unknown)
    args.command = cmd.prog.rsplit(" ", 1)[-1]  # the command's name, even when an alias called it
    return args


def _unrecognized(cmd: argparse.ArgumentParser, unknown: list[str]) -> None:
    """Exit with the command's usage, naming the arguments it does not take (and near ones)."""
    import difflib

    options = {o[2:]: o for a in cmd._actions for o in a.option_strings if o.startswith("--")}
    hints = []
    for arg in unknown:
        if arg.startswith("--"):
            name = arg.split("=", 1)[0]
            # without the dashes every option shares, unrelated names look far apart
            near = difflib.get_close_matches(name[2:], list(options), n=1, cutoff=0.75)
            if near:
                hints.append(f"{name}: did you mean {options[near[0]]}?")
    message = f"unrecognized arguments: {' '.join(unknown)}"
    cmd.error(message + ("; " + "; ".join(hints) if hints else ""))
