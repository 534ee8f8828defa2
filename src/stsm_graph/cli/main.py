r"""The ``stsm-graph`` command: a thin adapter over the library.

Exit codes: 0 success; 1 the portfolio has the findings asked about (violations, or
``--fail-on`` findings); 2 bad input or usage (the error goes to stderr); 130 interrupted
(Ctrl-C); 141 the reader of the output went away (``stsm-graph ... | head``), as for a
program a broken pipe stops.

Text written for a terminal shows the control characters of what it quotes (labels, IRIs,
file names, messages) as escapes (:func:`stsm_graph.common.escaping.for_terminal`); JSON and
Turtle write them as ``\uXXXX`` escapes, which read back as the same characters.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from stsm_graph.common.escaping import for_terminal
from stsm_graph.common.version import __version__
from stsm_graph.errors import QueryError, StsmGraphError, UsageError
from stsm_graph.ingest.reading import FORMATS
from stsm_graph.ingest.validation import SHAPES_LIMIT, ValidationReport
from stsm_graph.portfolio import Portfolio
from stsm_graph.stores.base import Rows
from stsm_graph.stores.kinds import store_kinds
from stsm_graph.vocabulary.tables import SUMMARY_ORDER

if TYPE_CHECKING:
    from stsm_graph.analysis import IntegrityFinding

__all__ = ["main"]


#: seconds a server request may take, unless ``--timeout`` says otherwise
DEFAULT_TIMEOUT = 60.0

#: a variable --bind and --node may name (as a server accepts it in a VALUES block)
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: control characters JSON and Turtle may carry raw in a string, which a terminal obeys
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _unicode_escaped(text: str) -> str:
    r"""Write the control characters of JSON or Turtle text as ``\uXXXX`` escapes.

    They can only stand inside strings there, where both formats read the escape back as
    the same character; line breaks and tabs, which the layout uses, are left.
    """
    return _RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04X}", text)


def _json(data: Any) -> str:
    """Dump ``data`` as indented JSON, non-ASCII text as it is, control characters escaped."""
    return _unicode_escaped(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


#: the options that only a server takes (each ``None`` unless given)
_SERVER_OPTIONS = ("update_endpoint", "graph", "user", "timeout")


def _no_server_options(args: argparse.Namespace) -> None:
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


def _connect(args: argparse.Namespace) -> Portfolio:
    """Connect to ``--endpoint`` with the server options (the password from the environment)."""
    from stsm_graph.stores.server_text import without_credentials

    auth = None
    if args.user:
        password = os.environ.get("STSM_GRAPH_PASSWORD")
        if password is None:
            raise UsageError("--user needs the password in the STSM_GRAPH_PASSWORD variable")
        auth = (args.user, password)
    p = Portfolio.connect(
        args.endpoint,
        args.update_endpoint,
        graph=args.graph,
        auth=auth,
        timeout=DEFAULT_TIMEOUT if args.timeout is None else args.timeout,
    )
    # from here on, messages name the endpoint without the password its URL may carry
    shown = without_credentials(args.endpoint)
    if args.portfolio == args.endpoint:  # impact --endpoint: set by _open
        args.portfolio = shown
    args.endpoint = shown
    return p


def _open(args: argparse.Namespace) -> Portfolio:
    if args.endpoint:
        if args.portfolio is not None and not hasattr(args, "nodes"):
            raise UsageError("give either a portfolio file or --endpoint, not both")
        if args.portfolio is not None:  # impact --endpoint URL NODE...: the first is a node
            args.nodes = [args.portfolio, *args.nodes]
            args.portfolio = args.endpoint
        return _connect(args)
    _no_server_options(args)
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


def _source(args: argparse.Namespace) -> str:
    """Name what the command reads: the file, or the endpoint."""
    return str(args.portfolio or args.endpoint)


def _label(args: argparse.Namespace) -> str:
    """Name what the command reads for a report's header: the file, or the endpoint and graph."""
    if args.endpoint and getattr(args, "graph", None):
        return f"{args.endpoint} (graph {args.graph})"
    return _source(args)


def _warn_if_no_portfolio(p: Portfolio, args: argparse.Namespace) -> None:
    """Warn on ``args.err`` when ``p`` holds no triples, or none of a portfolio."""
    from stsm_graph.common.terms import with_values
    from stsm_graph.report.formats import counted
    from stsm_graph.vocabulary.graph import portfolio_classes

    if not p.store.ask("ASK { ?s ?p ?o }"):
        where = f" (is --graph {args.graph!r} right?)" if args.graph else ""
        if args.endpoint and not args.graph:
            where = " (does the portfolio live in a named graph? give it with --graph)"
        args.err.write(
            for_terminal(f"stsm-graph: warning: {_source(args)} holds no triples{where}") + "\n"
        )
    elif not p.store.ask(with_values("ASK { VALUES ?c { } ?s a ?c }", "c", portfolio_classes())):
        args.err.write(
            for_terminal(
                f"stsm-graph: warning: {_label(args)} holds {counted(len(p), 'triple')} but no "
                "portfolio: no node is typed with a class of the stsm: vocabulary (stsm:Need, "
                "stsm:StandardService, ...)"
            )
            + "\n"
        )


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    from stsm_graph.analysis import integrity_findings

    p = _open(args)
    report = p.validate()
    # the integrity rules no shape states (analyze's other checks), so one command sees all
    rules = integrity_findings(p, beyond_shapes=True)
    conforms = report.conforms and not any(f.severity == "violation" for f in rules)
    if args.format == "json":
        data = {
            "portfolio": _source(args),
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
        _write_summary(p, _label(args), out)
        _write_report(report, out)
        _write_rules(rules, conforms, out)
    return 0 if conforms else 1


def _write_summary(p: Portfolio, name: str, out: TextIO) -> None:
    summary = p.summary()
    out.write(for_terminal(f"{name}: {len(p)} triples") + "\n")
    ordered = [c for c in SUMMARY_ORDER if c in summary]
    ordered += sorted(c for c in summary if c not in SUMMARY_ORDER)
    width = max((len(c) for c in ordered), default=0)
    for cls in ordered:
        out.write(for_terminal(f"  {cls:<{width}}  {summary[cls]:>6}") + "\n")


def _write_report(report: ValidationReport, out: TextIO) -> None:
    verdict = "conforms" if report.conforms else "does NOT conform"
    out.write(f"\nSHACL: {verdict} ({report.violations} violations, {report.warnings} warnings)\n")
    for r in report.results:
        path = f" {r.path}" if r.path else ""
        out.write(for_terminal(f"  {r.severity:<9} {r.focus_node}{path}: {r.message}") + "\n")


def _write_rules(rules: Sequence[IntegrityFinding], conforms: bool, out: TextIO) -> None:
    violations = sum(1 for f in rules if f.severity == "violation")
    out.write(
        f"Integrity rules: {violations} violations, {len(rules) - violations} warnings "
        "(beyond the shapes)\n"
    )
    for f in rules:
        out.write(for_terminal(f"  {f.severity:<9} {f.node} [{f.rule}]: {f.message}") + "\n")
    out.write(f"Portfolio: {'conforms' if conforms else 'does NOT conform'}\n")


def _cmd_analyze(args: argparse.Namespace, out: TextIO) -> int:
    from stsm_graph.analysis import FINDING_KINDS, analyze
    from stsm_graph.report.formats import FORMATTERS

    fail_on = [k.strip() for k in (args.fail_on or "").split(",") if k.strip()]
    unknown = [k for k in fail_on if k not in FINDING_KINDS]
    if unknown:
        raise UsageError(
            f"--fail-on: unknown finding kind {', '.join(unknown)}; "
            f"choose from {', '.join(FINDING_KINDS)}"
        )
    p = _open(args)
    _warn_if_no_portfolio(p, args)
    report = analyze(p, shapes=args.shapes)
    if args.format == "json":
        out.write(_json(report.to_json()))
    else:
        out.write(FORMATTERS[args.format](report, title=_label(args)))
    return 1 if any(report.has(k) for k in fail_on) else 0


def _cmd_impact(args: argparse.Namespace, out: TextIO) -> int:
    from stsm_graph.analysis import impact, node_names
    from stsm_graph.report.formats import IMPACT_FORMATTERS

    if args.depth is not None and args.depth < 1:
        raise UsageError("--depth takes a whole number of links, 1 or more")
    p = _open(args)
    report = impact(p, args.nodes, retire=args.retire, max_depth=args.depth)
    if args.format == "json":
        out.write(_json(report.to_json()))
    else:
        labels = {n: label for n, (_cls, label) in node_names(p, report.changed).items()}
        out.write(IMPACT_FORMATTERS[args.format](report, title=_label(args), labels=labels))
    return 0


def _cmd_view(args: argparse.Namespace, out: TextIO) -> int:
    from stsm_graph import viz
    from stsm_graph.analysis import impact
    from stsm_graph.errors import ViewTooLargeError
    from stsm_graph.report.formats import counted

    for option, value in (("--depth", args.depth), ("--radius", args.radius)):
        if value is not None and value < 1:
            raise UsageError(f"{option} takes a whole number of links, 1 or more")
    if args.max_nodes < 1:
        raise UsageError("--max-nodes takes a whole number, 1 or more")
    if not args.impact and args.depth is not None:
        raise UsageError("--depth goes with --impact (around nodes, use --radius)")
    if not args.impact and args.retire:
        raise UsageError("--retire goes with --impact: view NODE... --impact --retire")
    if args.impact and args.radius is not None:
        raise UsageError("--radius goes with a picture around nodes (with --impact, use --depth)")
    p = _open(args)  # with --endpoint, the first positional argument becomes a node here
    if args.impact and not args.nodes:
        raise UsageError("--impact needs the nodes that change: name one or more NODEs")
    if args.radius is not None and not args.nodes:
        raise UsageError("--radius needs the nodes to centre the picture on: name one or more")
    _warn_if_no_portfolio(p, args)
    try:
        if args.impact:
            report = impact(p, args.nodes, retire=args.retire, max_depth=args.depth)
            net = viz.impact_view(p, report, max_nodes=args.max_nodes)
            verb = "retiring" if args.retire else "changing"
            stars = {n["id"]: n["label"] for n in net.nodes if n["id"] in report.changed}
            title = f"Impact of {verb} " + ", ".join(stars[c] for c in report.changed)
        else:
            around = [str(p.resolve(n)) for n in args.nodes]
            net = viz.traceability_view(
                p, around=around, radius=args.radius or 2, max_nodes=args.max_nodes
            )
            title = "Traceability" + (
                " around " + ", ".join(p.label(n) for n in around) if around else ""
            )
    except ViewTooLargeError as exc:
        fewer = (
            "a smaller --depth"
            if args.impact
            else "a smaller --radius"
            if args.nodes
            else "NODEs to centre it on"
        )
        raise UsageError(
            f"the picture would hold {exc.count:,} nodes, more than --max-nodes "
            f"{args.max_nodes:,}: give {fewer}, or raise --max-nodes"
        ) from exc
    counts = f"{counted(len(net.nodes), 'node')}, {counted(len(net.edges), 'link')}"
    output = args.output or ("impact.html" if args.impact else "traceability.html")
    viz.save_html(net, output, title=title, subtitle=f"{_label(args)}: {counts}")
    out.write(for_terminal(f"wrote {output} ({counts}): open it in a browser") + "\n")
    if args.impact and report.whatif is not None:
        w = report.whatif
        out.write(
            f"If retired: {len(w.taken_out_of_service)} services taken out of service (grey); "
            f"{len(w.newly_unmet_needs)} needs newly unmet, "
            f"{len(w.lost_full_level_needs)} no longer at their levels (coloured so)\n"
        )
    return 0


def _cmd_load(args: argparse.Namespace, out: TextIO) -> int:
    from stsm_graph.ingest.reading import read_file
    from stsm_graph.portfolio import check_store_folder
    from stsm_graph.stores.base import is_store_directory
    from stsm_graph.stores.remote import WriteError

    if args.portfolio is None:
        raise UsageError("load needs the portfolio file to load")
    if args.endpoint and not args.update_endpoint:
        raise UsageError("loading into a server needs --update-endpoint")
    if not args.endpoint and not args.store:
        raise UsageError("load needs --store DIR or --endpoint URL --update-endpoint URL")
    folder = None
    if not args.endpoint:
        _no_server_options(args)
        folder = check_store_folder(args.store)
    # the connection's options are checked (connecting sends nothing), then the whole file is
    # read and checked, before the store is made or anything is sent
    server = _connect(args) if args.endpoint else None
    staging, _prefixes = read_file(args.portfolio, args.input_format)
    # a store folder this load makes (or fills, if it was empty) is removed again if it fails
    made = folder is not None and not folder.exists()
    fresh = folder is not None and not is_store_directory(folder)
    where = (args.graph or args.endpoint) if server is not None else args.store
    err = args.err
    shown = False

    def progress(done: int, total: int) -> None:
        nonlocal shown
        shown = True
        err.write(f"\r  {done}/{total} triples written")
        err.flush()

    try:
        target = server if server is not None else Portfolio.create(args.store)
        store = target.store
        if hasattr(store, "progress"):
            store.progress = progress
        with target:
            if args.append:
                store.add_from(staging)
            else:
                store.replace_from(staging)  # one transaction: the old content, or the new
    except BaseException as exc:
        if shown:
            err.write("\n")  # the error goes on a line of its own
        if fresh and folder is not None:
            _remove_new_store(folder, made=made)
        if isinstance(exc, KeyboardInterrupt) and folder is not None:
            _say_what_an_interrupted_load_left(folder, fresh=fresh, err=err)
        if isinstance(exc, WriteError):
            exc.again = f"load it again: {_load_command(args)}"
        raise
    if shown:
        err.write("\n")
    if args.append:
        out.write(f"added the {len(staging)} triples of {args.portfolio} to {where}\n")
    else:
        out.write(f"loaded {len(staging)} triples from {args.portfolio} into {where}\n")
    return 0


def _say_what_an_interrupted_load_left(
    folder: os.PathLike[str], *, fresh: bool, err: TextIO
) -> None:
    """Tell what a store holds after Ctrl-C: the signal is seen only between its steps.

    Replacing a store's content is one transaction, which runs to its end once begun: the
    store holds its old content or the whole new file, never a mixture.
    """
    where = for_terminal(os.fspath(folder))
    if fresh:
        err.write(f"stsm-graph: {where}: the load was stopped; the store it made was removed\n")
        return
    err.write(
        f"stsm-graph: {where}: the load was stopped; the store holds either its old content or "
        "the whole new file (a load is one transaction, and it may have finished): "
        f"stsm-graph validate {where} shows which\n"
    )


def _remove_new_store(path: os.PathLike[str], *, made: bool) -> None:
    """Remove what a failed load wrote into a folder that held no store: the folder it made."""
    import shutil
    from pathlib import Path

    folder = Path(path)
    if made:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for child in list(folder.iterdir()):  # a folder that was empty is emptied again
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _load_command(args: argparse.Namespace) -> str:
    """Return the command line that loads the same file into the same server again."""
    import shlex

    argv = ["stsm-graph", "load", args.portfolio]
    for option in ("input_format", "endpoint", "update_endpoint", "graph", "user", "timeout"):
        value = getattr(args, option, None)
        if value is not None:
            argv += [
                "--" + option.replace("_", "-"),
                f"{value:g}" if option == "timeout" else value,
            ]
    if args.append:
        argv.append("--append")
    return shlex.join(argv)


def _cmd_convert(args: argparse.Namespace, out: TextIO) -> int:
    p = _open(args)
    p.save(args.output, format=args.to)
    out.write(for_terminal(f"wrote {args.output} ({len(p)} triples)") + "\n")
    return 0


def _cmd_query(args: argparse.Namespace, out: TextIO) -> int:
    from stsm_graph.vocabulary.resources import query_names, query_text

    if args.query in query_names():
        text, name = query_text(args.query), f"the query {args.query}"
    elif os.path.lexists(args.query) or args.query.endswith(".rq"):
        text, name = _read(args.query), args.query
    else:
        raise UsageError(
            f"{args.query!r} is neither a packaged query nor a .rq file; packaged queries: "
            + ", ".join(query_names())
        )
    p = _open(args)
    bindings = _parameters(p, text, name, args)
    try:
        result = p.query(text, **bindings)
    except QueryError as exc:  # say which query: the file, or the packaged one
        raise QueryError(f"{name}: {exc}") from exc
    if isinstance(result, Rows):
        if args.format == "json":
            rows = [
                {k: (str(v) if v is not None else None) for k, v in d.items()}
                for d in result.dicts()
            ]
            out.write(json.dumps(rows, indent=2) + "\n")
        else:  # one row a line, a tab between cells: a line break or tab in a value escaped
            out.write("\t".join(result.variables) + "\n")
            for row in result:
                out.write("\t".join("" if v is None else for_terminal(str(v)) for v in row) + "\n")
    elif isinstance(result, bool):
        out.write(("true" if result else "false") + "\n")
    else:
        out.write(_unicode_escaped(result.serialize(format="turtle")))
    return 0


def _parameters(p: Portfolio, text: str, name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Read ``--node`` and ``--bind`` for a query: its lists and its bindings.

    The query's header names its parameters
    (:func:`stsm_graph.vocabulary.resources.query_parameters`):
    a ``VALUES ?x`` list takes every ``x=`` given, a required one must be given, and a
    variable the query does not use cannot be bound.
    """
    from stsm_graph.stores.base import mask_sparql
    from stsm_graph.vocabulary.resources import query_parameters

    params = {q.name: q for q in query_parameters(text)}
    lists: dict[str, list[str]] = {}
    bindings: dict[str, Any] = {}  # p.resolve gives a URIRef, which is a str
    used = set(re.findall(r"[?$]([A-Za-z0-9_]+)", mask_sparql(text)))
    for option, what, items in (("--bind", "VALUE", args.bind), ("--node", "NODE", args.node)):
        for item in items or []:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise UsageError(f"{option} takes NAME={what}, got {item!r}")
            if not _VARIABLE.fullmatch(key):
                raise UsageError(
                    f"{option}: {key!r} is not a variable name (letters, digits and _, "
                    "not starting with a digit; without the ?)"
                )
            if key not in used:
                takes = ", ".join(f"?{q}" for q in params) or "none named"
                raise UsageError(f"{name} has no variable ?{key} to bind (its parameters: {takes})")
            # a node is named as for impact: IRI, prefixed name, YAML id, label, local name
            term = p.resolve(value) if option == "--node" else value
            if key in params and params[key].is_list:
                lists.setdefault(key, []).append(term)
                continue
            if key in bindings:
                raise UsageError(f"the variable {key!r} is bound twice")
            bindings[key] = term
    missing = [q.name for q in params.values() if q.required and q.name not in lists]
    if missing:
        raise UsageError(
            f"{name} needs "
            + " and ".join(f"?{m}" for m in missing)
            + ", the list of nodes it asks about: give "
            + " ".join(f"--node {m}=NODE" for m in missing)
            + ", once per node"
        )
    return {**bindings, **lists}  # Portfolio.query fills the lists (resources.fill_lists)


def _read(path: str) -> str:
    from stsm_graph.common.files import input_file

    source = input_file(path, what="a SPARQL query file")  # never a FIFO or a device
    try:
        return source.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror or exc})") from exc


class _Parser(argparse.ArgumentParser):
    """An argument parser that writes help and usage errors to the streams ``main`` was given."""

    out: TextIO | None = None
    err: TextIO | None = None

    def _print_message(self, message: str, file: object = None) -> None:
        if not message:
            return
        stream = _Parser.err if file is sys.stderr or file is None else _Parser.out
        # a usage error quotes the arguments given: their control characters shown
        (stream or sys.stderr).write("\n".join(map(for_terminal, message.split("\n"))))


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Return each command's parser by the names it is called (aliases included)."""
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """Parse the command line; usage errors exit through the command's own parser.

    The command's arguments are parsed intermixed, so options may come between the file
    and the nodes (``view FILE --radius 1 NODE``). An unknown argument is named with the
    command's usage and the nearest option it takes.
    """
    commands = _commands(parser)
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


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="stsm-graph",
        description="Trace a portfolio of standard services: validate, load, analyze, impact, "
        "view, query, convert.",
    )
    parser.add_argument("--version", action="version", version=f"stsm-graph {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(cmd: argparse.ArgumentParser, *, store_dir: bool = False) -> None:
        cmd.add_argument(
            "portfolio",
            nargs="?",
            help="portfolio file (.ttl, .nt, .jsonld, .yaml, .json) or a store directory "
            "made by 'stsm-graph load'",
        )
        if store_dir:
            cmd.add_argument(
                "--store",
                metavar="DIR",
                default=None,
                help="the on-disk store directory to load into",
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
        remote.add_argument("--user", help="HTTP basic user (password from STSM_GRAPH_PASSWORD)")
        remote.add_argument(
            "--timeout",
            type=float,
            default=None,
            help=f"seconds to wait for each request (default {DEFAULT_TIMEOUT:g})",
        )

    v = sub.add_parser("validate", help="summarise a portfolio and check it against the shapes")
    common(v)
    v.add_argument("--format", choices=("text", "json"), default="text")
    v.set_defaults(func=_cmd_validate)

    a = sub.add_parser(
        "analyze", aliases=["analyse"], help="coverage, unmet needs, level gaps, orphans, integrity"
    )
    common(a)
    a.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    a.add_argument(
        "--fail-on",
        metavar="KINDS",
        default="",
        help="exit 1 when findings of these kinds exist (comma-separated: "
        "unmet, partial, orphans, violations, warnings, integrity)",
    )
    a.add_argument(
        "--shapes",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="check the SHACL shapes too and report their violations (default: for "
        f"portfolios of up to {SHAPES_LIMIT:,} triples; pyshacl is slow on larger ones)",
    )
    a.set_defaults(func=_cmd_analyze)

    i = sub.add_parser("impact", help="what a change to some nodes affects, and why")
    common(i)
    i.add_argument(
        "nodes",
        nargs="+",
        metavar="NODE",
        help="a full IRI, a prefixed name, an id relative to the file's base, or a label",
    )
    i.add_argument(
        "--retire",
        action="store_true",
        help="also report what retiring them would cost (nothing is changed)",
    )
    i.add_argument("--depth", type=int, default=None, help="follow at most N links")
    i.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    i.set_defaults(func=_cmd_impact)

    v = sub.add_parser(
        "view", help="write an interactive traceability picture (one offline HTML file)"
    )
    common(v)
    v.add_argument(
        "nodes",
        nargs="*",
        metavar="NODE",
        help="centre the picture on these nodes (named as for impact); with --impact, the "
        "nodes that change",
    )
    v.add_argument(
        "--impact", action="store_true", help="draw what changing the nodes affects, and why"
    )
    v.add_argument(
        "--radius", type=int, default=None, help="around nodes: draw N links out (default 2)"
    )
    v.add_argument("--depth", type=int, default=None, help="with --impact: follow at most N links")
    v.add_argument(
        "--retire",
        action="store_true",
        help="with --impact: colour the needs as they would be once the nodes are retired, "
        "and grey the services taken out of service (nothing is changed)",
    )
    v.add_argument(
        "--max-nodes",
        type=int,
        default=2000,
        help="refuse to draw more nodes than this (default 2000)",
    )
    v.add_argument(
        "-o",
        "--output",
        default=None,
        help="HTML file to write (default traceability.html, or impact.html with --impact)",
    )
    v.set_defaults(func=_cmd_view)

    ld = sub.add_parser(
        "load",
        help="load a portfolio file into a store directory or a server, in the place of what "
        "it holds",
        description="Load a portfolio file into an on-disk store (--store DIR) or a SPARQL "
        "server's graph (--endpoint, --update-endpoint, --graph). The file replaces what the "
        "store or graph holds; the whole file is checked first, and if the load fails the old "
        "content stays (on a server, see docs/tutorial.md for what is atomic).",
    )
    common(ld, store_dir=True)
    ld.add_argument(
        "--append",
        action="store_true",
        help="add the file's triples to what the store or graph holds instead of replacing it",
    )
    ld.set_defaults(func=_cmd_load)

    c = sub.add_parser("convert", help="write a portfolio in another format")
    common(c)
    c.add_argument("output", help="file to write; format from its suffix unless --to")
    c.add_argument("--to", choices=FORMATS, default=None)
    c.set_defaults(func=_cmd_convert)

    q = sub.add_parser("query", help="run a named query or a .rq file")
    common(q)
    q.add_argument("query", help="a packaged query name or a path to a .rq file")
    q.add_argument(
        "--bind",
        action="append",
        metavar="NAME=VALUE",
        help="pre-bind a variable: a full IRI (<...>, or with ://, or urn:), a name with a "
        "built-in prefix (stsm:, rdfs:, ...), else a plain literal",
    )
    q.add_argument(
        "--node",
        action="append",
        metavar="NAME=NODE",
        help="pre-bind a variable to a node of the portfolio, named as for impact: its IRI, "
        "a prefixed name, its id in the YAML file, its label or its local name",
    )
    q.add_argument("--format", choices=("text", "json"), default="text")
    q.set_defaults(func=_cmd_query)
    return parser


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; return the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    _Parser.out, _Parser.err = out, err
    parser = _parser()
    lines = _Lines(err)
    try:
        return _run(parser, list(sys.argv[1:] if argv is None else argv), out, lines)
    except KeyboardInterrupt:
        lines.end_line()
        err.write("stsm-graph: interrupted\n")
        return 130
    except BrokenPipeError:
        # the reader went away (stsm-graph ... | head): stop quietly, as other tools do; what
        # is left in the buffer goes nowhere rather than into a second error at exit
        for stream in (sys.stdout, sys.stderr):
            if out is stream or err is stream:
                with contextlib.suppress(OSError, ValueError):
                    os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        return 141


class _Lines:
    """The error stream, which knows whether its last line is unfinished (a progress line).

    An error or a warning then starts on a line of its own.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.open = False

    def write(self, text: str) -> int:
        if text:
            self.open = not text.endswith("\n")
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def end_line(self) -> None:
        """End an unfinished line."""
        if self.open:
            self.write("\n")


def _run(parser: argparse.ArgumentParser, argv: list[str], out: TextIO, err: _Lines) -> int:
    try:
        args = _parse(parser, argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    args.err = err
    try:
        return int(args.func(args, out))
    except (StsmGraphError, KeyError) as exc:
        plain_key_error = isinstance(exc, KeyError) and not isinstance(exc, StsmGraphError)
        text = str(exc.args[0] if plain_key_error and exc.args else exc)
        err.end_line()
        err.write(f"stsm-graph: error: {for_terminal(text)}\n")
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
