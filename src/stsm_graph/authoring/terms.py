"""The RDF terms a document's fields become, shared by both directions of the authoring format.

The prefixes every document may use, the vocabulary term a field names, and the literal a
field's value is written as (the reading side takes a value back only when writing it gives
the very same literal).

Examples
--------
>>> literal(Decimal("99.90")).n3()
'"99.90"^^<http://www.w3.org/2001/XMLSchema#decimal>'
>>> is_plain(literal("text")), is_plain(literal(3))
(True, False)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.shown import BUILTIN_PREFIXES

__all__ = ["BUILTIN_PREFIXES", "Triple", "decimal_text", "is_plain", "literal", "stsm_term"]

Triple = tuple[Node, Node, Node]


def stsm_term(name: str) -> URIRef:
    """Return the vocabulary term ``stsm:<name>`` (``AttributeError`` if it is not one)."""
    term: URIRef = getattr(STSM, name)
    return term


def literal(v: Any) -> Literal:
    """Return the literal a field's value is written as."""
    if isinstance(v, bool):
        return Literal(v)
    if isinstance(v, int):
        return Literal(str(v), datatype=XSD.integer)
    if isinstance(v, Decimal):
        return Literal(decimal_text(v), datatype=XSD.decimal)
    if isinstance(v, dt.date):
        return Literal(v.isoformat(), datatype=XSD.date)
    return Literal(str(v))


def decimal_text(d: Decimal) -> str:
    """Return a ``Decimal`` written out digit for digit, with no exponent."""
    text = format(d, "f")
    return text


def is_plain(o: Node) -> bool:
    """Tell whether ``o`` is a plain string literal (no language tag, no other datatype)."""
    return (
        isinstance(o, Literal)
        and o.language is None
        and (o.datatype is None or o.datatype == XSD.string)
    )
