"""Reading files into a checked staging store, so that nothing is written half-way.

Every input is parsed into a fresh in-memory Oxigraph store (fast, transactional, never
touches the network), checked there by SPARQL, and only then handed to the portfolio's
store. The checks refuse: blank nodes, ``owl:imports``, remote JSON-LD contexts, terms in
the ``stsm:`` namespace that the vocabulary does not define, and values of the wrong
datatype on the vocabulary's numeric and date properties.

Examples
--------
>>> staging = parse_text('<https://ex.org/a> a <https://w3id.org/stsm#Need> .', "turtle")
>>> len(staging)
1
>>> parse_text('<https://ex.org/a> a <https://w3id.org/stsm#Nede> .', "turtle",
...            source="x.ttl")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
stsm_graph.errors.UnknownTermError: x.ttl: entry 'https://ex.org/a', ...Did you mean stsm:Need?
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib.term import Node

from stsm_graph.authoring import document_triples, parse_document
from stsm_graph.errors import (
    BlankNodeError,
    DatatypeError,
    InputError,
    NetworkAccessError,
    ParseError,
    UnknownTermError,
    UnsupportedFormatError,
)
from stsm_graph.files import input_file
from stsm_graph.namespace import STSM
from stsm_graph.terms import from_ox, to_ox
from stsm_graph.vocabulary import known_terms

__all__ = ["FORMATS", "format_for", "parse_file", "parse_text", "parse_triples"]

#: file suffix -> format name
SUFFIXES: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json-ld": "json-ld",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
}
#: every format name stsm-graph reads and writes
FORMATS = ("turtle", "nt", "json-ld", "yaml", "json")
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
}
_NS = str(STSM)


def format_for(
    path: str | os.PathLike[str], fmt: str | None = None, text: str | None = None
) -> str:
    """Return the format name for ``path``: ``fmt`` if given, else from the suffix.

    A ``.json`` file is JSON-LD when its top level is a list or has ``@context``,
    ``@graph`` or ``@id``; otherwise it is the authoring format in JSON.

    Raises
    ------
    UnsupportedFormatError
        For an unknown suffix or format name; the message lists the known ones.
    """
    if fmt is not None:
        if fmt not in FORMATS:
            raise UnsupportedFormatError(
                f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}"
            )
        return fmt
    suffix = Path(path).suffix.lower()
    name = SUFFIXES.get(suffix)
    if name is None:
        raise UnsupportedFormatError(
            f"{path}: cannot tell the format from the suffix {suffix!r}; use one of "
            f"{', '.join(sorted(SUFFIXES))}, or name the format (--input-format on the command "
            "line, format= in Python)"
        )
    if name == "json" and text is not None:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, a huge number, nesting too deep
            return "json"  # the authoring reader says what is wrong
        if isinstance(data, list) or (
            isinstance(data, dict) and {"@context", "@graph", "@id"} & set(data)
        ):
            return "json-ld"
    return name


def parse_file(path: str | os.PathLike[str], fmt: str | None = None) -> ox.Store:
    """Parse and check one file into a new staging store (see :func:`read_file`)."""
    return read_file(path, fmt)[0]


def read_file(
    path: str | os.PathLike[str], fmt: str | None = None
) -> tuple[ox.Store, dict[str, str]]:
    """Parse and check one file; return the staging store and the prefixes it declares.

    Raises
    ------
    PortfolioFileNotFoundError
        If the file does not exist.
    InputError
        Any problem with the content (subclasses say which), or ``path`` is not a regular
        file (a directory, a FIFO, a device, a symbolic link loop).
    """
    p = input_file(path)  # a regular file: no FIFO, device or link loop
    data = p.read_bytes()
    name = format_for(p, fmt)
    if name in ("turtle", "nt"):  # the parser reads bytes; no need to decode here
        return parse_source(data, name, source=str(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8 text: {exc}", file=str(path)) from exc
    return parse_source(text, format_for(p, fmt, text), source=str(path))


def parse_text(text: str, fmt: str, *, source: str = "<data>") -> ox.Store:
    """Parse and check text in a named format into a new staging store."""
    return parse_source(text, fmt, source=source)[0]


_PREFIX_DECL = re.compile(r"(?:@prefix|PREFIX)\s+([A-Za-z][\w.\-]*|):\s*<([^>\s]*)>", re.IGNORECASE)


def parse_source(
    text: str | bytes, fmt: str, *, source: str = "<data>"
) -> tuple[ox.Store, dict[str, str]]:
    """Parse and check text; return the staging store and the prefixes it declares.

    For the authoring format the document's ``prefixes`` are returned, with its ``base``
    under the empty prefix; for Turtle, the ``@prefix`` declarations (read from the head
    of the file). Turtle and N-Triples may come as UTF-8 bytes.
    """
    if not text or text.isspace():  # no copy of a large file, unlike strip()
        raise InputError("the file is empty", file=source, expected="a portfolio")
    if isinstance(text, bytes):
        if fmt not in ("turtle", "nt"):
            text = text.decode("utf-8")
        else:
            return _parse_rdf(text, fmt, source, _prefixes(text[:_HEAD], fmt))
    return _parse_rdf_or_document(text, fmt, source)


_HEAD = 1 << 16


def _prefixes(head: bytes | str, fmt: str) -> dict[str, str]:
    if fmt != "turtle":
        return {}
    text = head.decode("utf-8", "replace") if isinstance(head, bytes) else head
    return dict(_PREFIX_DECL.findall(text))


def _parse_rdf_or_document(text: str, fmt: str, source: str) -> tuple[ox.Store, dict[str, str]]:
    if fmt in ("yaml", "json"):
        doc = parse_document(text, source=source, syntax=fmt)
        staging = parse_triples(document_triples(doc, source=source), source=source)
        return staging, {**doc.prefixes, "": doc.base}
    if fmt == "json-ld":
        _refuse_remote_context(text, source)
    staging, prefixes = _parse_rdf(text.encode("utf-8"), fmt, source, _prefixes(text[:_HEAD], fmt))
    if fmt == "json-ld" and len(staging) == 0 and _has_content(text):
        # JSON-LD drops, without a word, every key it cannot read as an IRI
        raise InputError(
            "the JSON-LD document gives no triples: what it states could not be read as RDF",
            file=source,
            expected="JSON-LD with an @context naming the terms, or the authoring format "
            "(a mapping of sections, as in YAML)",
        )
    return staging, prefixes


def _has_content(text: str) -> bool:
    """Tell whether a JSON text states anything: a value other than ``null``, ``[]``, ``{}``.

    A node's ``@id`` alone and the ``@context`` state nothing; a key, ``@type`` or ``@value``
    with a value does, as does a bare value in a list.

    Examples
    --------
    >>> _has_content('[1, 2, 3]'), _has_content('{"@graph": [{"@id": "urn:x:a", "p": []}]}')
    (True, False)
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return True

    def states(item: object) -> bool:
        if isinstance(item, list):
            return any(states(x) for x in item)
        if isinstance(item, dict):
            return any(states(v) for k, v in item.items() if k not in ("@context", "@id"))
        return item is not None

    return states(data)


def _parse_rdf(
    data: bytes, fmt: str, source: str, prefixes: dict[str, str]
) -> tuple[ox.Store, dict[str, str]]:
    staging = ox.Store()
    try:
        staging.load(input=data, format=_OX_FORMATS[fmt])
    except SyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        msg = str(exc.msg if hasattr(exc, "msg") else exc)
        if "LoadDocumentCallback" in msg:
            raise NetworkAccessError(
                "the JSON-LD document needs a remote @context, and loading never uses the network",
                file=source,
                hint="Inline the context in the document",
            ) from exc
        raise ParseError(f"not valid {fmt}: {msg}", line=line, file=source) from exc
    except KeyError as exc:
        raise UnsupportedFormatError(f"cannot read format {fmt!r}") from exc
    check(staging, source=source, blank_nodes=_may_hold_blank_nodes(data, fmt))
    return staging, prefixes


def _may_hold_blank_nodes(data: bytes, fmt: str) -> bool:
    """Whether the text could hold a blank node; ``False`` only when it surely cannot.

    N-Triples writes a blank node only as ``_:``. Turtle also makes them with ``[ ]``, ``( )``
    lists and the RDF 1.2 forms ``<< >>``, ``{| |}`` and ``~``. Without any of these bytes
    (even inside a literal or an IRI) the scan for blank nodes, a pass over every triple, is
    not needed.

    Examples
    --------
    >>> _may_hold_blank_nodes(b'<urn:a> <urn:b> "x" .', "nt")
    False
    >>> _may_hold_blank_nodes(b'<urn:a> <urn:b> [ <urn:c> 1 ] .', "turtle")
    True
    >>> _may_hold_blank_nodes(b'<urn:a> <urn:b> <urn:c> ~ .', "turtle")
    True
    """
    if fmt not in ("nt", "turtle"):
        return True
    # one byte is found by memchr, many times faster than a two-byte search
    if b"_" in data and re.search(rb"_:", data) is not None:
        return True
    return fmt == "turtle" and any(mark in data for mark in (b"[", b"(", b"<<", b"{|", b"~"))


def parse_triples(triples: Iterable[tuple[Node, Node, Node]], *, source: str) -> ox.Store:
    """Put rdflib triples into a new staging store and check them."""
    staging = ox.Store()
    staging.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in triples)
    check(staging, source=source)
    return staging


def _refuse_remote_context(text: str, source: str) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"not valid JSON: {exc.msg}", line=exc.lineno, file=source) from exc

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    for ctx in value if isinstance(value, list) else [value]:
                        if isinstance(ctx, str):
                            raise NetworkAccessError(
                                f"the JSON-LD {key} {ctx!r} is remote, and loading never "
                                "uses the network",
                                file=source,
                                field=key,
                                hint="Inline the context as a JSON object",
                            )
                        walk(ctx)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)


# a triple with a named subject first, so that the error can name an IRI the author wrote
_BLANK = """SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }
ORDER BY isBlank(?s) LIMIT 1"""
_IMPORTS = """SELECT ?s ?o WHERE { ?s <http://www.w3.org/2002/07/owl#imports> ?o } LIMIT 1"""
#: one pass over the triples: every predicate, and whether a blank node goes with it
_PREDICATES = """SELECT DISTINCT ?p ?blank WHERE {
  ?s ?p ?o BIND(isBlank(?s) || isBlank(?o) AS ?blank) }"""
_PREDICATES_ONLY = """SELECT DISTINCT ?p WHERE { ?s ?p ?o }"""
#: the objects that name vocabulary terms: classes, and values of concept-valued properties
_STSM_OBJECTS = f"""PREFIX stsm: <{_NS}>
SELECT DISTINCT ?o WHERE {{
  {{ ?s a ?o }} UNION {{
    VALUES ?p {{ stsm:status stsm:comparator stsm:audience stsm:actionKind stsm:componentKind
                stsm:variability stsm:changePropagation }}
    ?s ?p ?o }}
  FILTER(isIRI(?o) && STRSTARTS(STR(?o), "{_NS}")) }}"""
_SUBJECT_USING = """SELECT ?s ?t WHERE { { ?s ?t ?o } UNION { ?s ?p ?t } } LIMIT 1"""
_DATATYPES = f"""
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX stsm: <{_NS}>
SELECT ?s ?p ?v ?expected WHERE {{
  VALUES (?p ?kind ?expected) {{
    (stsm:targetValue "number" "a number such as 99.9")
    (stsm:value "number" "a number such as 4.2")
    (stsm:priority "integer" "a whole number, 1 the highest")
    (stsm:phase "integer" "a whole number, 1 the first phase")
    (stsm:date "date" "an xsd:date such as 2026-01-31")
    (stsm:targetDate "date" "an xsd:date such as 2026-01-31")
  }}
  ?s ?p ?v .
  FILTER(!isLiteral(?v)
    || (?kind = "number" && !isNumeric(?v))
    || (?kind = "integer" && !(isNumeric(?v) && datatype(?v) = xsd:integer))
    || (?kind = "date" && datatype(?v) != xsd:date))
}} LIMIT 1"""


def check(staging: ox.Store, *, source: str, blank_nodes: bool = True) -> None:
    """Refuse a staging store holding anything a portfolio must not hold.

    ``blank_nodes=False`` says the source text cannot hold a blank node, which saves the
    scan for them.

    Raises
    ------
    BlankNodeError, NetworkAccessError, UnknownTermError, DatatypeError
        See the module docstring.
    """
    if blank_nodes:
        predicates = list(_select(staging, _PREDICATES))
        blank = any(str(sol[1].value) == "true" for sol in predicates)
    else:
        predicates, blank = list(_select(staging, _PREDICATES_ONLY)), False
    for sol in _select(staging, _BLANK) if blank else ():
        s, p, o = (_shown(sol[i]) for i in range(3))
        raise BlankNodeError(
            f"a blank node ({'subject' if isinstance(sol[0], ox.BlankNode) else 'object'}) "
            f"in the triple {s} {p} {o}",
            file=source,
            entry=getattr(sol[0], "value", s),
            field=sol[1].value,
            expected="every instance named by an IRI",
            hint="Give the node an IRI (portfolios refuse blank nodes: remote SPARQL stores "
            "cannot address them)",
        )
    for sol in _select(staging, _IMPORTS):
        raise NetworkAccessError(
            f"owl:imports <{sol[1].value}> would need the network, and loading never uses it",
            file=source,
            entry=sol[0].value,
            field="owl:imports",
            hint="Remove the owl:imports triple and load the imported file yourself",
        )
    known = known_terms()
    used = {sol[0].value for sol in predicates}
    used |= {sol[0].value for sol in _select(staging, _STSM_OBJECTS)}
    for iri in sorted(used):
        if iri.startswith(_NS) and iri[len(_NS) :] not in known:
            name = iri[len(_NS) :]
            near = difflib.get_close_matches(name, sorted(known), n=3)
            subject = next(
                iter(
                    _select(
                        staging, _SUBJECT_USING, substitutions={ox.Variable("t"): ox.NamedNode(iri)}
                    )
                ),
                None,
            )
            field = _field_of(staging, subject[0] if subject else None, iri)
            raise UnknownTermError(
                f"stsm:{name} is not a term of the stsm vocabulary",
                file=source,
                entry=subject[0].value if subject else None,
                field=field,
                expected="a class or property defined in ontology/stsm.ttl",
                hint=("Did you mean " + ", ".join(f"stsm:{n}" for n in near) + "?")
                if near
                else "See docs/ontology.md for every term",
            )
    for sol in _select(staging, _DATATYPES):
        node, prop, v = (from_ox(sol[i]) for i in range(3))
        raise DatatypeError(
            f"the value {_n3(v)} has the wrong datatype",
            file=source,
            entry=str(node),
            field="stsm:" + str(prop)[len(_NS) :],
            expected=sol[3].value,
        )


def _select(staging: ox.Store, query: str, substitutions: Any = None) -> ox.QuerySolutions:
    result = staging.query(query, substitutions=substitutions)
    assert isinstance(result, ox.QuerySolutions)
    return result


def _field_of(staging: ox.Store, subject: Any, iri: str) -> str | None:
    if subject is None:
        return None
    term = ox.NamedNode(iri)
    if any(True for _ in staging.quads_for_pattern(subject, term, None)):
        return "stsm:" + iri[len(_NS) :]
    for q in staging.quads_for_pattern(subject, None, term):
        pred = q.predicate.value
        if pred == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            return "rdf:type"
        return pred.replace(_NS, "stsm:")
    return None


def _shown(term: Any) -> str:
    """Write an Oxigraph term as in Turtle; an RDF 1.2 triple term as Oxigraph writes it."""
    try:
        return _n3(from_ox(term))
    except TypeError:  # a triple term: no rdflib equivalent
        return str(term)


def _n3(term: Node | None) -> str:
    return term.n3() if term is not None else "?"
