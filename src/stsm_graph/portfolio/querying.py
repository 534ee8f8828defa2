"""Queries with bindings: the prologue every query gets, and the values a caller binds.

A keyword argument of :meth:`~stsm_graph.portfolio.Portfolio.query` either fills a ``VALUES``
list the query's header names (:func:`stsm_graph.vocabulary.resources.fill_lists`) or binds a
variable, never by formatting text. A ``str`` becomes a term by :func:`as_term`. An error
in the query is counted in the caller's own text, not behind the prologue.

Examples
--------
>>> from stsm_graph.stores.memory import MemoryStore
>>> store = MemoryStore()
>>> run_select(store, "SELECT ?n WHERE { ?n rdfs:label ?l }", {"n": "urn:x:a"}).rows
[]
>>> run_query(store, "ASK { ?n a stsm:Need }", {"n": "urn:x:a"})
False
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from stsm_graph.authoring.terms import BUILTIN_PREFIXES
from stsm_graph.common.positions import in_callers_text
from stsm_graph.common.terms import valid_iri
from stsm_graph.errors import QueryError
from stsm_graph.stores.base import Rows, Store, query_form
from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.resources import fill_lists
from stsm_graph.vocabulary.shown import known_prefixes

__all__ = [
    "PREFIXES",
    "PROLOGUE",
    "Binding",
    "as_term",
    "expand_name",
    "run_query",
    "run_select",
]

#: prefixes declared for every query and written into every Turtle file
PREFIXES: dict[str, str] = {
    "stsm": str(STSM),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
}
#: the ``PREFIX`` lines put before every query
PROLOGUE = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
#: what a keyword argument of Portfolio.query binds: a term, a str, or a list for a VALUES list
Binding = Node | str | Sequence[Node | str]
#: a variable a binding may name
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def run_query(store: Store, sparql: str, bindings: Mapping[str, Binding]) -> Rows | bool | Graph:
    """Run a query of any form on ``store`` as :meth:`Portfolio.query` does."""
    sparql, rest = fill_lists(sparql, bindings, as_term)
    with _in_callers_text():
        return store.query(PROLOGUE + sparql, _bindings(rest))


def run_select(store: Store, sparql: str, bindings: Mapping[str, Binding]) -> Rows:
    """Run a ``SELECT`` query on ``store`` as :meth:`Portfolio.select` does.

    Raises
    ------
    QueryError
        If the query is not a ``SELECT``.
    """
    form = query_form(sparql)
    if form != "SELECT":
        raise QueryError(
            f"select() runs SELECT queries and this one is {form}: use query(), which "
            "answers a bool for ASK and a graph for CONSTRUCT or DESCRIBE"
        )
    sparql, rest = fill_lists(sparql, bindings, as_term)
    with _in_callers_text():
        return store.select(PROLOGUE + sparql, _bindings(rest))


def expand_name(name: str, prefixes: Mapping[str, str] | None = None) -> URIRef | None:
    """Expand a full IRI, ``<IRI>``, a prefixed name or (with a base) a bare id."""
    if name.startswith("<") and name.endswith(">"):  # a whole IRI, never a prefixed name
        return URIRef(name[1:-1]) if valid_iri(name[1:-1]) else None
    known = known_prefixes(prefixes)
    prefix, sep, local = name.partition(":")
    if sep and prefix in known and "//" not in local:
        expanded = known[prefix] + local
        return URIRef(expanded) if valid_iri(expanded) else None
    if valid_iri(name):
        return URIRef(name)
    if not sep and known.get("") and valid_iri(known[""] + name):
        return URIRef(known[""] + name)
    return None


@contextmanager
def _in_callers_text() -> Iterator[None]:
    """Count the positions of a query's error in the caller's text, not behind the prologue."""
    try:
        yield
    except QueryError as exc:
        message = in_callers_text(str(exc), lines=PROLOGUE.count("\n"))
        if message == str(exc):
            raise
        raise QueryError(message) from exc


def as_term(value: Node | str) -> Node:
    """Return a binding's value as a term: a ``str`` as :meth:`Portfolio.query` reads it.

    Examples
    --------
    >>> as_term("stsm:Need"), as_term("Backups")
    (rdflib.term.URIRef('https://w3id.org/stsm#Need'), rdflib.term.Literal('Backups'))
    """
    if isinstance(value, str) and not isinstance(value, URIRef | Literal):
        iri = expand_name(value)
        looks_like_iri = value.startswith("<") or "://" in value or value.startswith("urn:")
        prefixed = value.partition(":")[0] in BUILTIN_PREFIXES
        return iri if iri is not None and (looks_like_iri or prefixed) else Literal(value)
    return value


def _bindings(bindings: Mapping[str, Any]) -> dict[str, Node]:
    bad = [key for key in bindings if not _VARIABLE.fullmatch(key)]
    if bad:
        raise QueryError(f"{bad[0]!r} is not a SPARQL variable name (letters, digits and _)")
    lists = [key for key, v in bindings.items() if isinstance(v, list | tuple)]
    if lists:
        raise QueryError(
            f"?{lists[0]} is given a list, and the query's header names no VALUES ?{lists[0]} "
            "list under Parameters: bind it to one value"
        )
    return {key: as_term(v) for key, v in bindings.items()}
