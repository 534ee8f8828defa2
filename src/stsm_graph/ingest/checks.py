"""The checks every loaded portfolio passes, whatever its format (see :func:`check`).

Each input, Turtle, N-Triples, JSON-LD or the authoring format's triples, is put into a
staging store first and checked there by SPARQL; an error names the file, the node (entry)
and the property (field), and what was expected. One pass over every triple finds what
needs a closer look (blank nodes, RDF 1.2 triple terms, ``stsm:`` IRIs as values, ill-typed
literals); the other checks go through the store's index on a property.

Examples
--------
>>> import pyoxigraph as ox
>>> staging = ox.Store()
>>> staging.load(input='<urn:x:s> <https://w3id.org/stsm#status> '
...              '<https://w3id.org/stsm#Planned>, <https://w3id.org/stsm#Active> .',
...              format=ox.RdfFormat.TURTLE)
>>> check(staging, source="two.ttl")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
stsm_graph.errors.InputError: two.ttl: ...: the node states two statuses, stsm:Active and...
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from stsm_graph.common.terms import with_iris
from stsm_graph.errors import (
    BlankNodeError,
    DatatypeError,
    InputError,
    NetworkAccessError,
    UnknownTermError,
)
from stsm_graph.ingest.value_checks import NUMERIC_TYPES, lexical_problem, refuse_bad_values
from stsm_graph.vocabulary.graph import known_terms
from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.resources import ontology_text
from stsm_graph.vocabulary.shown import field_name, shown
from stsm_graph.vocabulary.tables import CONCEPT_VALUES, VALUE_CHECKS

__all__ = ["CONTROL_CHARACTERS", "check"]

_NS = str(STSM)
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: C0 and C1 control characters (and DEL) other than tab, line feed and a carriage return
#: before a line feed; refused in every literal
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_CONTROL_REGEX = r"[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]|\\r([^\\n]|$)"

#: a literal whose datatype has a value space that its lexical form is not in:
#: "abc"^^xsd:decimal, "2026-13-45"^^xsd:date
#: the XSD datatypes other than numbers whose lexical forms SPARQL casts check
_CAST_TYPES = ("date", "dateTime", "time", "duration", "dayTimeDuration", "yearMonthDuration")
_NUMERIC_LIST = ", ".join("xsd:" + t for t in sorted(NUMERIC_TYPES))
_CASTS = "".join(
    f"IF(datatype(?o) = xsd:{t}, datatype(xsd:{t}(STR(?o))) = xsd:{t},\n    " for t in _CAST_TYPES
)
#: a literal whose datatype has a value space that its lexical form is not in:
#: "abc"^^xsd:decimal, "2026-13-45"^^xsd:date (rdflib would log a traceback converting it)
_ILL_TYPED = f"""(isLiteral(?o) && !COALESCE(
    IF(datatype(?o) IN ({_NUMERIC_LIST}), isNumeric(?o),
    {_CASTS}IF(datatype(?o) = xsd:boolean, STR(?o) IN ("true", "false", "1", "0"), true)
    {")" * len(_CAST_TYPES)}), false))"""
#: the vocabulary's properties whose values `value_checks.DATATYPES` checks (more closely)
_VALUED = frozenset(_NS + p for p in VALUE_CHECKS)
#: the datatypes whose literals :data:`_ILL_TYPED` checks
_CHECKED_TYPES = frozenset(_XSD + t for t in {*NUMERIC_TYPES, *_CAST_TYPES, "boolean"})
#: one pass over the triples: every predicate, with what its values are: a literal's datatype,
#: for an IRI whether it is in the stsm: namespace, "t" for an RDF 1.2 triple term (whose
#: reifier may be a blank node), "b" for a blank node. Cheap per triple, so that the closer
#: looks go by the index on a predicate.
_PASS = f"""SELECT DISTINCT ?p ?x WHERE {{ ?s ?p ?o BIND(
  IF(isTRIPLE(?o), "t", IF(isBlank(?s), "b", IF(isLiteral(?o), datatype(?o),
  IF(isIRI(?o), STRSTARTS(STR(?o), "{_NS}"), "b")))) AS ?x) }}"""
#: the same when the text surely holds no blank node and no triple term
_PASS_NAMED = f"""SELECT DISTINCT ?p ?x WHERE {{ ?s ?p ?o BIND(
  IF(isLiteral(?o), datatype(?o), STRSTARTS(STR(?o), "{_NS}")) AS ?x) }}"""
_TRIPLE_TERM = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isTRIPLE(?o)) } LIMIT 1"
# a triple with a named subject first, so that the error can name an IRI the author wrote
_BLANK = """SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }
ORDER BY isBlank(?s) LIMIT 1"""
_IMPORTS = """SELECT ?s ?o WHERE { ?s <http://www.w3.org/2002/07/owl#imports> ?o } LIMIT 1"""
_CLASSES = """SELECT DISTINCT ?o WHERE { ?s a ?o }"""
_STSM_OBJECTS = f"""SELECT DISTINCT ?o WHERE {{ VALUES ?p {{ }} ?s ?p ?o
  FILTER(isIRI(?o) && STRSTARTS(STR(?o), "{_NS}")) }}"""
_SUBJECT_USING = """SELECT ?s ?t WHERE { { ?s ?t ?o } UNION { ?s ?p ?t } } LIMIT 1"""
_ILL_TYPED_TRIPLE = f"""PREFIX xsd: <{_XSD}>
SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ }} ?s ?p ?o FILTER({_ILL_TYPED}) }} LIMIT 1"""
_STATUSES = f"""PREFIX stsm: <{_NS}>
SELECT ?s ?a ?b WHERE {{ ?s stsm:status ?a, ?b FILTER(STR(?a) < STR(?b)) }}
ORDER BY ?s LIMIT 1"""
_CONTROLS = f"""SELECT ?s ?p ?o WHERE {{ ?s ?p ?o
  FILTER(isLiteral(?o) && REGEX(STR(?o), "{_CONTROL_REGEX}")) }} LIMIT 1"""


def check(
    staging: ox.Store, *, source: str, blank_nodes: bool = True, controls: bool = True
) -> None:
    """Refuse a staging store holding anything a portfolio must not hold.

    ``blank_nodes=False`` says the source text cannot hold a blank node nor a triple term,
    ``controls=False`` that it cannot hold a control character; each saves a scan.

    Raises
    ------
    InputError
        A named graph, two statuses on one node, a control character in a text.
    BlankNodeError, NetworkAccessError, UnknownTermError, DatatypeError
        A blank node or RDF 1.2 triple term; ``owl:imports``; an ``stsm:`` term the
        vocabulary does not define (or one used in the wrong role); a value that is not of
        its datatype, not finite or out of range.
    """
    _refuse_named_graphs(staging, source)
    found: dict[str, set[str]] = {}
    for sol in _select(staging, _PASS if blank_nodes else _PASS_NAMED):
        found.setdefault(sol[0].value, set()).add(sol[1].value if sol[1] is not None else "")
    values = set().union(*found.values())
    if "t" in values:
        _refuse_triple_terms(staging, source)
    if "b" in values:
        _refuse_blank_nodes(staging, source)
    for sol in _select(staging, _IMPORTS):
        raise NetworkAccessError(
            f"owl:imports <{sol[1].value}> would need the network, and loading never uses it",
            file=source,
            entry=sol[0].value,
            field="owl:imports",
            hint="Remove the owl:imports triple and load the imported file yourself",
        )
    with_stsm_values = sorted(p for p, xs in found.items() if "true" in xs)
    _refuse_unknown_terms(staging, source, set(found), with_stsm_values)
    refuse_bad_values(staging, source, found)
    typed = sorted(p for p, xs in found.items() if xs & _CHECKED_TYPES and p not in _VALUED)
    if typed:
        _refuse_ill_typed(staging, source, typed)
    _refuse_two_statuses(staging, source)
    if controls:
        _refuse_controls(staging, source)


def _refuse_named_graphs(staging: ox.Store, source: str) -> None:
    for graph in staging.named_graphs():
        quad = next(iter(staging.quads_for_pattern(None, None, None, graph)), None)
        if quad is None:
            continue
        raise InputError(
            f"the named graph {shown(graph)} holds triples (such as {shown(quad.subject)} "
            f"{shown(quad.predicate)} {shown(quad.object)}); a portfolio is one graph",
            file=source,
            entry=getattr(graph, "value", str(graph)),
            field="@graph",
            expected="every node in the document's default graph",
            hint="Move the nodes of the named graph into the top-level @graph and drop its @id",
        )


def _refuse_triple_terms(staging: ox.Store, source: str) -> None:
    for sol in _select(staging, _TRIPLE_TERM):
        raise BlankNodeError(
            f"an RDF 1.2 triple term {shown(sol[2])} (from <<( )>>, << >> or the ~ reifier); "
            "portfolios hold plain triples only",
            file=source,
            entry=sol[0].value if isinstance(sol[0], ox.NamedNode) else None,
            field=field_name(sol[1].value),
            expected="an IRI or a literal as every value",
            hint="State the triple itself, and what you say about it on a node with an IRI",
        )


def _refuse_blank_nodes(staging: ox.Store, source: str) -> None:
    for sol in _select(staging, _BLANK):
        s, p, o = (shown(sol[i]) for i in range(3))
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


_ROLES = f"""SELECT ?t ?kind WHERE {{ ?t a ?kind FILTER(STRSTARTS(STR(?t), "{_NS}")) }}"""
_KINDS = {
    "http://www.w3.org/2002/07/owl#ObjectProperty": "property",
    "http://www.w3.org/2002/07/owl#DatatypeProperty": "property",
    "http://www.w3.org/2002/07/owl#AnnotationProperty": "property",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property": "property",
    "http://www.w3.org/2002/07/owl#Class": "class",
}


@lru_cache(maxsize=1)
def _roles() -> dict[str, str]:
    """Map each term's local name to its role: ``property``, ``class`` or ``value``.

    Read from ``stsm.ttl`` by pyoxigraph (a few milliseconds; rdflib takes 0.2 s).
    """
    ontology = ox.Store()
    ontology.load(input=ontology_text("stsm.ttl"), format=ox.RdfFormat.TURTLE)
    roles: dict[str, str] = {}
    for sol in _select(ontology, _ROLES):
        kind = _KINDS.get(sol[1].value)
        if kind is not None:
            roles[sol[0].value[len(_NS) :]] = kind
    return {name: roles.get(name, "value") for name in known_terms()}


def _refuse_unknown_terms(
    staging: ox.Store, source: str, predicates: set[str], with_stsm_values: list[str]
) -> None:
    roles = _roles()
    used = {iri: "property" for iri in predicates}
    used.update(
        (sol[0].value, "class")
        for sol in _select(staging, _CLASSES)
        if isinstance(sol[0], ox.NamedNode)
    )
    others = [p for p in with_stsm_values if p != _RDF_TYPE]
    if others:
        for sol in _select(staging, with_iris(_STSM_OBJECTS, "p", others)):
            used.setdefault(sol[0].value, "value")
    for iri in sorted(used):
        if not iri.startswith(_NS):
            continue
        name, role = iri[len(_NS) :], used[iri]
        known = roles.get(name)
        if known is not None and (known == role or role == "value"):
            continue
        same_role = sorted(n for n, r in roles.items() if r == role or role == "value")
        near = difflib.get_close_matches(name, same_role, n=3)
        subject = next(
            iter(_select(staging, _SUBJECT_USING, {ox.Variable("t"): ox.NamedNode(iri)})), None
        )
        if known is None:
            message = f"stsm:{name} is not a term of the stsm vocabulary"
        else:
            message = f"stsm:{name} is a {known} of the stsm vocabulary, used here as a {role}"
        raise UnknownTermError(
            message,
            file=source,
            entry=subject[0].value if subject else None,
            field=_field_of(staging, subject[0] if subject else None, iri),
            expected=f"a {role} defined in ontology/stsm.ttl"
            if role != "value"
            else "a term defined in ontology/stsm.ttl",
            hint=("Did you mean " + ", ".join(f"stsm:{n}" for n in near) + "?")
            if near
            else "See docs/ontology.md for every term",
        )


def _refuse_ill_typed(staging: ox.Store, source: str, predicates: list[str]) -> None:
    for sol in _select(staging, with_iris(_ILL_TYPED_TRIPLE, "p", predicates)):
        value = sol[2]
        raise DatatypeError(
            lexical_problem(value),
            file=source,
            entry=getattr(sol[0], "value", None),
            field=field_name(sol[1].value),
            expected=f"a value of {field_name(value.datatype.value)}, or a plain string",
        )


#: "one of stsm:Planned, stsm:Active or stsm:Retired", from the status scheme
_ONE_STATUS = "one of " + ", ".join(f"stsm:{c}" for c in CONCEPT_VALUES["status"][:-1])
_ONE_STATUS += f" or stsm:{CONCEPT_VALUES['status'][-1]}"


def _refuse_two_statuses(staging: ox.Store, source: str) -> None:
    for sol in _select(staging, _STATUSES):
        a, b = sorted((shown(sol[1]), shown(sol[2])))
        raise InputError(
            f"the node states two statuses, {a} and {b}; a node has at most one status",
            file=source,
            entry=sol[0].value,
            field="stsm:status",
            expected=_ONE_STATUS,
            hint="Keep the status that holds now and remove the other",
        )


def _refuse_controls(staging: ox.Store, source: str) -> None:
    for sol in _select(staging, _CONTROLS):
        text = sol[2].value
        found = CONTROL_CHARACTERS.search(text)
        at = found.start() if found else 0
        char = text[at] if found else "?"
        raise InputError(
            f"the text {shown(sol[2])} holds the control character U+{ord(char):04X} at "
            f"position {at + 1}",
            file=source,
            entry=getattr(sol[0], "value", None),
            field=field_name(sol[1].value),
            expected="text without control characters (tabs and line breaks are allowed)",
            hint="Remove the character; it is invisible, or moves the cursor, on a terminal",
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
        return field_name(iri)
    for q in staging.quads_for_pattern(subject, None, term):
        return field_name(q.predicate.value)
    return None
