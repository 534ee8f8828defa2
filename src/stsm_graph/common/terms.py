r"""Conversion between rdflib terms, pyoxigraph terms and SPARQL text.

rdflib terms (``URIRef``, ``Literal``, ``BNode``) are the public currency of stsm-graph:
query rows hold them whatever the store. pyoxigraph terms are converted at the edge.

Examples
--------
>>> from rdflib import Literal, URIRef
>>> from rdflib.namespace import XSD
>>> t = to_ox(Literal("99.9", datatype=XSD.decimal))
>>> from_ox(t) == Literal("99.9", datatype=XSD.decimal)
True
>>> sparql_term(URIRef("https://example.org/a"))
'<https://example.org/a>'
>>> sparql_term(Literal('say "hi"'))
'"say \\"hi\\""'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from stsm_graph.errors import QueryError, StoreError

__all__ = [
    "from_ox",
    "sparql_term",
    "to_ox",
    "valid_iri",
    "with_iris",
    "with_list",
    "with_values",
]

_XSD_STRING = str(XSD.string)
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def valid_iri(iri: str) -> bool:
    """Tell whether ``iri`` is an absolute IRI that is safe to write in SPARQL or Turtle.

    Examples
    --------
    >>> valid_iri("https://w3id.org/stsm#Need"), valid_iri("not an iri"), valid_iri("urn:x:a>b")
    (True, False, False)
    """
    if not _IRI_SCHEME.match(iri) or _IRI_FORBIDDEN.search(iri):
        return False
    try:  # the full RFC 3987 check, as the stores apply it (e.g. no U+007F)
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def from_ox(term: Any) -> Node | None:
    """Convert a pyoxigraph term (or ``None``) to the equivalent rdflib term."""
    if term is None:
        return None
    cls = type(term)
    if cls is ox.NamedNode:
        return URIRef(term.value)
    if cls is ox.Literal:
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    if cls is ox.BlankNode:
        return BNode(term.value)
    if cls is ox.Triple:  # loading refuses them; a store written by another tool may hold one
        raise StoreError(
            f"the store holds an RDF 1.2 triple term, {term}, which stsm-graph does not read: "
            "remove the triples that hold it from the store (loading a file refuses them)"
        )
    raise TypeError(f"unsupported pyoxigraph term {term!r}")


def to_ox(term: Node) -> Any:
    """Convert an rdflib term to the equivalent pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"unsupported rdflib term {term!r}")


def sparql_term(term: Node) -> str:
    """Write one rdflib term as safe SPARQL text (used only for ``VALUES`` blocks).

    IRIs are checked, literals escaped, so no caller-supplied text can change the query.

    Raises
    ------
    QueryError
        If the term is an IRI that is not a valid absolute IRI, or a blank node (a
        ``ValueError``, as before the library's errors).
    """
    if isinstance(term, URIRef):
        if not valid_iri(str(term)):
            raise QueryError(f"{str(term)!r} is not a valid absolute IRI")
        return f"<{term}>"
    if isinstance(term, Literal):
        text = (
            str(term)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
        if term.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", term.language):
                raise QueryError(f"{term.language!r} is not a language tag")
            return f'"{text}"@{term.language}'
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f'"{text}"^^{sparql_term(URIRef(term.datatype))}'
        return f'"{text}"'
    raise QueryError(f"{term!r} cannot be written into a query (blank nodes are not addressable)")


_VALUES = r"VALUES\s+\?{name}\s*\{{[^{{}}]*\}}"


def with_values(query: str, variable: str, terms: Iterable[Node]) -> str:
    """Fill the first ``VALUES ?variable { ... }`` block of ``query`` with ``terms``.

    This is how lists reach a query: each term is written by :func:`sparql_term`, which
    checks IRIs and escapes literals, so no caller-supplied text can change the query.

    Examples
    --------
    >>> q = "SELECT ?x WHERE { VALUES ?x { <urn:a> } ?x ?p ?o }"
    >>> with_values(q, "x", [URIRef("urn:b"), URIRef("urn:c")])
    'SELECT ?x WHERE { VALUES ?x { <urn:b> <urn:c> } ?x ?p ?o }'
    >>> with_values(q, "x", [URIRef("urn:b> } DROP ALL #")])
    Traceback (most recent call last):
    ...
    stsm_graph.errors.QueryError: 'urn:b> } DROP ALL #' is not a valid absolute IRI
    """
    return _fill(query, variable, " ".join(sparql_term(t) for t in terms))


def _fill(query: str, variable: str, body: str) -> str:
    """Put ``body`` (checked SPARQL terms) in the first ``VALUES ?variable`` block of ``query``."""
    pattern = re.compile(_VALUES.format(name=re.escape(variable)), re.ASCII)
    new, count = pattern.subn(lambda _m: f"VALUES ?{variable} {{ {body} }}", query, count=1)
    if count != 1:
        raise QueryError(f"the query has no VALUES ?{variable} {{ ... }} block to fill")
    return new


def with_iris(query: str, variable: str, iris: Sequence[str]) -> str:
    """Fill the first ``VALUES ?variable { ... }`` block of ``query`` with IRIs given as text.

    What :func:`with_values` does for :class:`~rdflib.URIRef` terms, with the same checks
    (:func:`valid_iri`), three times faster: the walks fill their blocks with thousands of
    IRIs read from the store a moment before.

    Examples
    --------
    >>> with_iris("ASK { VALUES ?x { } ?x ?p ?o }", "x", ["urn:a", "urn:b"])
    'ASK { VALUES ?x { <urn:a> <urn:b> } ?x ?p ?o }'
    >>> with_iris("ASK { VALUES ?x { } }", "x", ["urn:a", "urn:b> } DROP ALL #"])
    Traceback (most recent call last):
    ...
    stsm_graph.errors.QueryError: 'urn:b> } DROP ALL #' is not a valid absolute IRI
    """
    # a forbidden character in any IRI is one in their concatenation, and only then
    if _IRI_FORBIDDEN.search("".join(iris)):
        bad = next(i for i in iris if _IRI_FORBIDDEN.search(i))
        raise QueryError(f"{bad!r} is not a valid absolute IRI")
    named = ox.NamedNode
    for iri in iris:
        try:
            named(iri)  # the scheme and the rest of RFC 3987, as valid_iri checks them
        except ValueError:
            raise QueryError(f"{iri!r} is not a valid absolute IRI") from None
    return _fill(query, variable, f"<{'> <'.join(iris)}>" if iris else "")


_IN = r"\?{name}\s+IN\s*\([^()]*\)"


def with_list(query: str, variable: str, terms: Iterable[Node], *, occurrence: int = 0) -> str:
    r"""Fill one ``?variable IN ( ... )`` list of ``query`` with ``terms``.

    ``occurrence`` picks which of the query's lists for ``variable`` (0: the first); lists
    on comment lines are not counted. An empty ``terms`` gives ``IN ()``, which is false.
    Each term is written by :func:`sparql_term`, so no caller-supplied text can change the
    query.

    Examples
    --------
    >>> q = "SELECT * WHERE { ?s ?p ?o FILTER(?p IN (<urn:a>)) }"
    >>> with_list(q, "p", [URIRef("urn:b"), URIRef("urn:c")])
    'SELECT * WHERE { ?s ?p ?o FILTER(?p IN (<urn:b>, <urn:c>)) }'
    >>> with_list("# ?p IN (<urn:a>)\n" + q, "p", [])
    '# ?p IN (<urn:a>)\nSELECT * WHERE { ?s ?p ?o FILTER(?p IN ()) }'
    """
    pattern = re.compile(_IN.format(name=re.escape(variable)), re.ASCII)
    matches = [
        m
        for m in pattern.finditer(query)
        if not query[query.rfind("\n", 0, m.start()) + 1 : m.start()].lstrip().startswith("#")
    ]
    if len(matches) <= occurrence:
        raise QueryError(f"the query has no ?{variable} IN ( ... ) list number {occurrence + 1}")
    m = matches[occurrence]
    body = ", ".join(sparql_term(t) for t in terms)
    return f"{query[: m.start()]}?{variable} IN ({body}){query[m.end() :]}"
