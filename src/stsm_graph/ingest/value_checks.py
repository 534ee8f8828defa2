"""The values of the vocabulary's number and date properties, checked at load.

A value of ``stsm:targetValue``, ``stsm:priority``, ``stsm:date`` and the like (the vocabulary's
``VALUE_CHECKS``) that is not a literal, of another datatype, ill-formed, out of range, NaN or
infinite is refused (:func:`refuse_bad_values`). The query that finds the first such value
(:data:`DATATYPES`) tests every value by one expression of many branches; most portfolios
have none to find, so a cheaper test runs first (:func:`may_hold_bad_values`) and the query
only when that test cannot rule a bad value out, so that the error named is the same.

Examples
--------
>>> import pyoxigraph as ox
>>> staging = ox.Store()
>>> staging.load(input='<urn:x:r> <https://w3id.org/stsm#targetValue> "4.5x"^^'
...              '<http://www.w3.org/2001/XMLSchema#decimal> .', format=ox.RdfFormat.TURTLE)
>>> found = {"https://w3id.org/stsm#targetValue": {"http://www.w3.org/2001/XMLSchema#decimal"}}
>>> refuse_bad_values(staging, "a.ttl", found)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
stsm_graph.errors.DatatypeError: a.ttl: ...: the value "4.5x"^^xsd:decimal is not a valid...
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Set

import pyoxigraph as ox

from stsm_graph.errors import DatatypeError
from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.shown import field_name, shown
from stsm_graph.vocabulary.tables import VALUE_CHECKS

__all__ = ["DATATYPES", "NUMERIC_TYPES", "lexical_problem", "may_hold_bad_values"]
__all__ += ["refuse_bad_values"]

_NS = str(STSM)
_XSD = "http://www.w3.org/2001/XMLSchema#"
#: the local names of the XSD numeric datatypes (SPARQL's isNumeric)
NUMERIC_TYPES = frozenset(
    {
        "decimal", "integer", "double", "float", "int", "long", "short", "byte",
        "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
        "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    }
)  # fmt: skip
_VALUE_ROWS = "\n".join(
    f'    (stsm:{p} "{kind}" "{expected}")' for p, (kind, expected) in VALUE_CHECKS.items()
)
#: the vocabulary's datatype properties whose values must be numbers or dates: a value that is
#: not a literal, of another datatype, ill-typed, out of range, NaN or infinite (Python says which)
DATATYPES = f"""PREFIX xsd: <{_XSD}>
PREFIX stsm: <{_NS}>
SELECT ?s ?p ?v ?expected ?kind WHERE {{
  VALUES (?p ?kind ?expected) {{
{_VALUE_ROWS}
  }}
  ?s ?p ?v .
  FILTER(!isLiteral(?v)
    || (?kind = "number" && (!isNumeric(?v)
        || (datatype(?v) IN (xsd:double, xsd:float) && (?v != ?v || ABS(?v) = "INF"^^xsd:double))))
    || (?kind = "integer" && !(isNumeric(?v) && datatype(?v) = xsd:integer))
    || (?kind = "date" && !COALESCE(datatype(xsd:date(STR(?v))) = xsd:date
                                   && datatype(?v) = xsd:date, false)))
}} LIMIT 1"""
#: each kind's datatypes: a value of another (or not a literal) always fails :data:`DATATYPES`
_ALLOWED = {
    "number": frozenset(_XSD + t for t in NUMERIC_TYPES),
    "integer": frozenset({_XSD + "integer"}),
    "date": frozenset({_XSD + "date"}),
}
#: what is left of :data:`DATATYPES`' test, per kind, for a literal of one of its datatypes
_LEFT = {
    "number": """!isNumeric(?v) || (datatype(?v) IN (xsd:double, xsd:float)
                                   && (?v != ?v || ABS(?v) = "INF"^^xsd:double))""",
    "integer": "!isNumeric(?v)",
    "date": "!COALESCE(datatype(xsd:date(STR(?v))) = xsd:date, false)",
}
_LEXICAL_FLOAT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN")
_LEXICAL = {
    "integer": re.compile(r"[+-]?[0-9]+"),
    "decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    "double": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"),
}


def may_hold_bad_values(staging: ox.Store, found: Mapping[str, Set[str]]) -> bool:
    """Whether :data:`DATATYPES` could find a value; ``False`` only when it surely cannot.

    ``found`` maps each property to what its values are (the load's one pass over the
    triples: a literal's datatype, else a mark). A property of ``VALUE_CHECKS`` with a value
    that is not a literal of its kind's datatypes fails; else one ``ASK`` tests only what is
    left of each value (a lexical form, a number that is not finite), a third of the cost.

    Examples
    --------
    >>> staging = ox.Store()
    >>> may_hold_bad_values(staging, {_NS + "priority": {_XSD + "integer"}})
    False
    >>> may_hold_bad_values(staging, {_NS + "priority": {_XSD + "decimal"}})
    True
    """
    branches = []
    for name, (kind, _expected) in VALUE_CHECKS.items():
        marks = found.get(_NS + name)
        if marks is None:
            continue
        if not marks <= _ALLOWED[kind]:
            return True
        branches.append(f"{{ ?s stsm:{name} ?v FILTER({_LEFT[kind]}) }}")
    if not branches:
        return False
    ask = f"PREFIX xsd: <{_XSD}>\nPREFIX stsm: <{_NS}>\nASK {{ {' UNION '.join(branches)} }}"
    return bool(staging.query(ask))


def refuse_bad_values(staging: ox.Store, source: str, found: Mapping[str, Set[str]]) -> None:
    """Refuse the first value :data:`DATATYPES` finds (see :func:`may_hold_bad_values`).

    Raises
    ------
    DatatypeError
        Naming the node, the property, the value, and why it is not one.
    """
    if not may_hold_bad_values(staging, found):
        return
    result = staging.query(DATATYPES)
    assert isinstance(result, ox.QuerySolutions)
    for sol in result:
        node, prop, value, expected, kind = sol[0], sol[1], sol[2], sol[3], sol[4].value
        if not isinstance(value, ox.Literal) or _wrong_datatype(kind, value.datatype.value):
            message = f"the value {shown(value)} has the wrong datatype"
        else:
            message = lexical_problem(value)
        raise DatatypeError(
            message,
            file=source,
            entry=getattr(node, "value", str(node)),
            field=field_name(prop.value),
            expected=expected.value,
        )


def _wrong_datatype(kind: str, datatype: str) -> bool:
    if kind == "number":
        return datatype[len(_XSD) :] not in NUMERIC_TYPES or not datatype.startswith(_XSD)
    return datatype != _XSD + kind


def lexical_problem(value: ox.Literal) -> str:
    """Say why a literal of a known datatype is not a value: ill-formed, or out of range."""
    local = value.datatype.value[len(_XSD) :] if value.datatype.value.startswith(_XSD) else ""
    grammar = _LEXICAL.get(local, _LEXICAL["integer"] if "Integer" in local else None)
    floating = local in ("double", "float") and _LEXICAL_FLOAT.fullmatch(value.value)
    if floating and not math.isfinite(float(value.value)):
        return f"the value {shown(value)} is not a finite number (NaN, INF, or too large)"
    if grammar is not None and grammar.fullmatch(value.value):
        return f"the value {shown(value)} is out of range"
    return f"the value {shown(value)} is not a valid {field_name(value.datatype.value)}"
