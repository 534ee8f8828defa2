"""The ``query`` command: a packaged query or a ``.rq`` file, its rows as columns, TSV or JSON.

Running the user's chosen query and printing its rows is the command's whole purpose, so
:func:`cmd_query` is the one presenter function that asks a store a question itself
(``tests/test_presenters.py`` allows it by name).
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections.abc import Mapping
from typing import Any, TextIO

from rdflib import BNode, URIRef
from rdflib.term import Node

from stsm_graph.cli.opening import open_portfolio
from stsm_graph.cli.output import table, unicode_escaped
from stsm_graph.common.escaping import for_terminal
from stsm_graph.errors import QueryError, UsageError
from stsm_graph.portfolio import Portfolio
from stsm_graph.stores.base import Rows
from stsm_graph.vocabulary.shown import compact

__all__ = ["cmd_query"]

#: a variable --bind and --node may name (as a server accepts it in a VALUES block)
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def cmd_query(args: argparse.Namespace, out: TextIO) -> int:
    """Run a packaged query or a ``.rq`` file, with ``--bind`` and ``--node``; write its rows."""
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
    p = open_portfolio(args)
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
        elif args.format == "tsv":  # one row a line, a tab between cells, IRIs whole
            out.write("\t".join(result.variables) + "\n")
            for row in result:  # a line break or tab in a value escaped
                out.write("\t".join("" if v is None else for_terminal(str(v)) for v in row) + "\n")
        else:  # columns for a person: IRIs written short, as the portfolio's files name them
            cells = [[_cell(v, p.prefixes) for v in row] for row in result]
            out.write(table(result.variables, cells) + "\n")
    elif isinstance(result, bool):
        out.write(("true" if result else "false") + "\n")
    else:
        out.write(unicode_escaped(result.serialize(format="turtle")))
    return 0


def _cell(term: Node | None, prefixes: Mapping[str, str]) -> str:
    """Write a query cell for a person: an IRI short (:func:`compact`), a literal as its text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(term, prefixes)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


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
