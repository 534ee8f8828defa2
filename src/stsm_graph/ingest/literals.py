"""``sh:datatype`` and ``sh:minInclusive`` as pyshacl decides them, for the compiled shapes.

Whether ``"abc"^^xsd:integer`` is an integer, or ``true`` at least 1, is decided by how rdflib
reads the literal (ill-typed or not, which Python value). A store's SPARQL engine decides
otherwise at the edges, so the compiled query asks it only the sufficient question
(:func:`sure_text`: of the datatype and written in the plainest form of it, or such a number and
at least the bound), and every value it cannot vouch for is checked here, term by term, as
pyshacl checks it (:func:`literal_conforms`): few values, since a well-formed portfolio has none.

Examples
--------
>>> from rdflib import Literal, URIRef
>>> from rdflib.namespace import SH, XSD
>>> literal_conforms(SH.datatype, XSD.integer, Literal("12", datatype=XSD.integer))
True
>>> literal_conforms(SH.datatype, XSD.integer, Literal("twelve", datatype=XSD.integer))
False
>>> literal_conforms(SH.minInclusive, Literal(1), Literal(0))
False
>>> literal_conforms(SH.minInclusive, Literal(1), URIRef("https://example.org/a"))
False
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from stsm_graph.common.terms import sparql_term

__all__ = ["literal_conforms", "sure_text"]

#: the plainest lexical forms of a few datatypes: a literal written so is well-typed for rdflib
_PLAIN = {
    XSD.integer: "^[+-]?[0-9]+$",
    XSD.decimal: "^[+-]?[0-9]+([.][0-9]+)?$",
    XSD.date: "^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$",
}
_PYTHON: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}


def sure_text(param: Node, arg: Node, v: str) -> str:
    """Return SPARQL that is true only of a value conforming to ``param arg`` (may be false else).

    Examples
    --------
    >>> from rdflib.namespace import SH, XSD
    >>> sure_text(SH.datatype, XSD.string, "?v")
    '(isLiteral(?v) && datatype(?v) = <http://www.w3.org/2001/XMLSchema#string>)'
    """
    if param == SH.datatype:
        if arg == XSD.string:
            return f"(isLiteral({v}) && datatype({v}) = {sparql_term(XSD.string)})"
        if isinstance(arg, URIRef) and arg in _PLAIN:
            return _plain(v, arg)
        return "false"
    if isinstance(arg, Literal) and isinstance(arg.value, (int, Decimal)) and arg.value is not True:
        plain = " || ".join(_plain(v, dt) for dt in (XSD.integer, XSD.decimal))
        return f"(({plain}) && {v} >= {sparql_term(arg)})"
    return "false"


def _plain(v: str, datatype: URIRef) -> str:
    return f'(datatype({v}) = {sparql_term(datatype)} && REGEX(STR({v}), "{_PLAIN[datatype]}"))'


def literal_conforms(param: Node, arg: Node, value: Node) -> bool:
    """Tell whether ``value`` meets ``sh:datatype arg`` or ``sh:minInclusive arg``, as pyshacl.

    pyshacl's ``DatatypeConstraintComponent`` and ``MinInclusiveConstraintComponent`` (0.40),
    term by term.
    """
    if not isinstance(value, Literal):
        return False
    if param == SH.datatype:
        return _datatype(arg, value)
    return _at_least(arg, value)


def _datatype(datatype: Node, v: Literal) -> bool:
    if v.datatype == datatype:
        return v.ill_typed is not True and _python_type(v, datatype)
    if datatype == RDFS.Literal:
        return True
    if datatype == RDFS.Datatype and v.datatype:
        return True
    if v.datatype is None and v.language is None and datatype == XSD.string:
        return _python_type(v, datatype)
    if datatype == RDF.langString and v.language:
        return _python_type(v, datatype)
    return False


def _python_type(v: Literal, datatype: Node) -> bool:
    wanted = _PYTHON.get(datatype)
    return wanted is None or isinstance(v.value, wanted)


def _at_least(bound: Node, v: Literal) -> bool:
    from pyshacl.rdfutil.compare import compare_literal

    assert isinstance(bound, Literal)
    if isinstance(bound.value, str) != isinstance(v.value, str):
        return False
    try:
        return bool(compare_literal(v, bound) >= 0)  # type: ignore[no-untyped-call]
    except (TypeError, NotImplementedError):
        return False
