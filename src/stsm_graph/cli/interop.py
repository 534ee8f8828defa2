"""The ``import`` and ``export`` commands: portfolios from and to other tools' formats.

``stsm-graph import archimate MODEL.xml -o PORTFOLIO.ttl [--base IRI]`` reads an ArchiMate
exchange file (2.1, 3.0, 3.1) and writes the portfolio (``.ttl``, ``.nt``, ``.jsonld``,
``.yaml`` or ``.json``), then says what it made and what it did not map, by ArchiMate type.
``stsm-graph import cpsv CATALOGUE.ttl -o PORTFOLIO.ttl`` reads a CPSV-AP public-service
catalogue (Turtle, RDF/XML, JSON-LD). ``stsm-graph export archimate PORTFOLIO -o MODEL.xml``
writes a portfolio as an ArchiMate 3.1 exchange file with a default view. The format is a
positional choice rather than a sub-command, so that the command line parses as the others do
(options anywhere).

:func:`add_parsers` adds both commands to the ``stsm-graph`` parser's sub-commands.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any, TextIO

from stsm_graph.common.escaping import for_terminal
from stsm_graph.common.files import write_text_atomically
from stsm_graph.ingest.reading import FORMATS, format_for
from stsm_graph.portfolio import Portfolio

__all__ = ["add_parsers", "cmd_export", "cmd_import"]

#: the formats each command reads or writes, by the name given on the command line
IMPORTS = ("archimate", "cpsv")
EXPORTS = ("archimate",)


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in counts.items()) or "none"


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    """Read a model from another tool and write it as a portfolio file."""
    # an output format we cannot write: said before reading
    format_for(args.output, None, naming=None)
    if args.kind == "cpsv":
        return _import_cpsv(args, out)
    from stsm_graph.interop import archimate  # imported when used: a tenth of a second

    result = archimate.read_with_report(args.model, base=args.base)
    result.portfolio.save(args.output)
    elements = sum(result.unmapped_elements.values())
    relationships = sum(result.unmapped_relationships.values())
    lines = [
        f"wrote {args.output} ({len(result.portfolio)} triples) from an ArchiMate "
        f"{result.version} model of {result.elements} elements and "
        f"{result.relationships} relationships",
        f"mapped: {_counts(result.mapped)}; {result.used_relationships} relationships used",
        f"not mapped: {elements} elements: {_counts(result.unmapped_elements)}",
        f"not mapped: {relationships} relationships: {_counts(result.unmapped_relationships)}",
    ]
    out.write("".join(for_terminal(line) + "\n" for line in lines))
    return 0


def _import_cpsv(args: argparse.Namespace, out: TextIO) -> int:
    base = {} if args.base is None else {"base": args.base}
    from stsm_graph.interop import cpsv  # imported when used: a tenth of a second

    result = cpsv.read_with_report(args.model, **base)
    result.portfolio.save(args.output)
    lines = [
        f"wrote {args.output} ({len(result.portfolio)} triples) from a CPSV-AP catalogue",
        f"made: {_counts(result.mapped)}",
        f"links: {_counts(result.links)}",
        f"blank nodes given IRIs: {result.blank_nodes}",
    ]
    out.write("".join(for_terminal(line) + "\n" for line in lines))
    return 0


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    """Write a portfolio file as a model another tool opens."""
    p = Portfolio.open(args.portfolio, format=args.input_format)
    from stsm_graph.interop import archimate  # imported when used: a tenth of a second

    text = archimate.to_exchange_xml(p, base=args.base, name=args.name or "")
    write_text_atomically(args.output, text)
    elements, relationships = text.count("<element "), text.count("<relationship ")
    out.write(
        for_terminal(
            f"wrote {args.output}: an ArchiMate 3.1 model of {elements} elements and "
            f"{relationships} relationships, with one view"
        )
        + "\n"
    )
    return 0


def add_parsers(sub: Any) -> None:
    """Add the ``import`` and ``export`` commands to ``sub`` (``add_subparsers()``'s result)."""
    imp = sub.add_parser("import", help="read a model from another tool as a portfolio")
    imp.add_argument("kind", choices=IMPORTS, help="the model's format")
    imp.add_argument(
        "model",
        help="the model file: an ArchiMate exchange .xml, or a CPSV-AP catalogue (.ttl, .rdf, "
        ".jsonld, .nt)",
    )
    imp.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PORTFOLIO",
        help="the portfolio file to write (.ttl, .nt, .jsonld, .yaml, .json)",
    )
    imp.add_argument(
        "--base",
        metavar="IRI",
        default=None,
        help="IRI the model's identifiers (ArchiMate; default urn:archimate:MODEL-ID:) or the "
        "catalogue's blank nodes (CPSV-AP; default urn:cpsv:genid:) are appended to",
    )
    imp.set_defaults(func=cmd_import)
    exp = sub.add_parser("export", help="write a portfolio as a model for another tool")
    exp.add_argument("kind", choices=EXPORTS, help="the model's format")
    exp.add_argument("portfolio", help="portfolio file (.ttl, .nt, .jsonld, .yaml, .json)")
    exp.add_argument(
        "-o", "--output", required=True, metavar="MODEL", help="the exchange file to write"
    )
    exp.add_argument(
        "--input-format", choices=FORMATS, default=None, help="format of the portfolio file"
    )
    exp.add_argument(
        "--base",
        metavar="IRI",
        default=None,
        help="IRI taken off node IRIs to make identifiers (default: the portfolio's base)",
    )
    exp.add_argument("--name", default=None, help="the model's name (default: the base)")
    exp.set_defaults(func=cmd_export)
