"""Conditions of SHACL shapes as SPARQL expressions, for :mod:`stsm_graph.ingest.shape_queries`.

A condition says of one node (a SPARQL variable) whether it meets a constraint, or conforms to a
shape (a member of ``sh:or``, a ``sh:qualifiedValueShape``): ``sh:class`` (with every subclass),
``sh:nodeKind``, ``sh:in``, ``sh:hasValue``, ``sh:or``, counts of one, and ``sh:datatype`` and
``sh:minInclusive``, whose SPARQL is sufficient only and whose exact check is pyshacl's, term by
term (:mod:`stsm_graph.ingest.literals`). Anything else raises :class:`NotCompiled`.

Examples
--------
>>> from rdflib import Graph
>>> from rdflib.namespace import SH
>>> c = Conditions(Graph(), [("urn:x:Sub", "urn:x:Top")])
>>> c.closure(URIRef("urn:x:Top"))
['<urn:x:Sub>', '<urn:x:Top>']
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import BNode, Node

from stsm_graph.common.terms import sparql_term
from stsm_graph.ingest.literals import literal_conforms, sure_text

__all__ = ["Conditions", "NotCompiled", "one_of"]

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
#: what a shape may say beside its constraints
QUIET = {
    RDF.type,
    RDFS.comment,
    RDFS.label,
    SH.message,
    SH.severity,
    SH.deactivated,
    SH.name,
    SH.description,
    SH.property,
    SH.path,
    *TARGETS,
}
VALUE_PARAMS = (SH["class"], SH.nodeKind, SH.datatype, SH["in"], SH.minInclusive, SH["or"])
_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
COMPONENT = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
}


class NotCompiled(Exception):  # noqa: N818 - not an error: pyshacl takes over
    """A shape says something this compiler does not translate; validate with pyshacl."""


@dataclass(frozen=True)
class Cond:
    """A condition on a node: SPARQL text over a variable, exact unless ``recheck`` is set.

    With ``recheck``, the text is sufficient only (true means it conforms; false or an error
    means "ask ``recheck``"), and ``recheck`` decides from the term alone. Without it, the text
    never raises an error for a bound variable: it is made of ``EXISTS`` (alone in a
    ``COALESCE`` in a class condition, see :meth:`Conditions.is_a`), ``isIRI``,
    ``isBlank``, ``isLiteral``, ``IN`` of IRIs and the connectives, and of ``STR``, ``LANG`` and
    ``datatype`` of a literal (:func:`one_of`).
    """

    text: Callable[[str], str]
    recheck: Callable[[Node], bool] | None = None


class Conditions:
    """Conditions of one shapes graph, with the subclasses of each class known in advance."""

    def __init__(self, shapes: Graph, subclasses: Iterable[tuple[str, str]]) -> None:
        self.g = shapes
        self.below: dict[str, set[str]] = {}
        for sub, sup in subclasses:
            self.below.setdefault(sup, set()).add(sub)
        self.fresh: Iterator[int] = itertools.count()

    # ------------------------------------------------------------------ helpers
    def var(self) -> str:
        """Return a new variable name."""
        return f"?_{next(self.fresh)}"

    def closure(self, cls: Node) -> list[str]:
        """Return ``cls`` and every class below it, as SPARQL terms (sorted)."""
        seen, todo = {str(cls)}, [str(cls)]
        while todo:
            for sub in self.below.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        return sorted(sparql_term(URIRef(c)) for c in seen)

    def is_a(self, classes: list[str]) -> Callable[[str], str]:
        """Return the condition of being an instance of one of ``classes``.

        The ``EXISTS`` cannot err; its ``COALESCE`` is for Oxigraph, which then tests it row by
        row instead of making an anti-join of ``!EXISTS`` (at 1M triples: 0.09 s against 0.14
        s for the subjects of ``stsm:measures``, 0.07 s against 0.12 s for an ``sh:or`` of three
        classes). Virtuoso 7 takes a ``COALESCE`` around one ``EXISTS``, not around an ``||``
        of them (:func:`~stsm_graph.ingest.shape_queries.compile_shapes` makes none).
        """

        def text(v: str) -> str:
            t = self.var()
            return (
                f"COALESCE(EXISTS {{ {v} a {t} . FILTER({t} IN ({', '.join(classes)})) }}, false)"
            )

        return text

    def path(self, shape: Node) -> str:
        """Return a property shape's path as SPARQL: an IRI or its inverse."""
        path = self.g.value(shape, SH.path)
        if isinstance(path, URIRef):
            return sparql_term(path)
        inverse = self.g.value(path, SH.inversePath) if path is not None else None
        if (
            isinstance(path, BNode)
            and isinstance(inverse, URIRef)
            and len(set(self.g.predicate_objects(path))) == 1
        ):
            return "^" + sparql_term(inverse)
        raise NotCompiled(f"the path of {shape} is neither an IRI nor the inverse of one")

    def check_quiet(self, shape: Node, allowed: set[Node]) -> None:
        """Raise :class:`NotCompiled` if ``shape`` uses a SHACL term outside ``allowed``."""
        for p in set(self.g.predicates(shape)):
            if str(p).startswith(str(SH)) and p not in allowed and p not in QUIET:
                raise NotCompiled(f"{shape} uses {p}")

    def one(self, shape: Node, param: URIRef) -> Node | None:
        """Return the one value of ``param`` on ``shape``, or ``None``."""
        values = list(self.g.objects(shape, param))
        if len(values) > 1:
            raise NotCompiled(f"{shape} has several {param}")
        return values[0] if values else None

    def count(self, shape: Node, param: URIRef) -> int | None:
        """Return the one count ``param`` of ``shape`` (``sh:minCount``, ...), or ``None``."""
        value = self.one(shape, param)
        if value is None:
            return None
        if not isinstance(value, Literal) or not isinstance(value.value, int):
            raise NotCompiled(f"{shape}: {param} {value} is not an integer")
        return int(value.value)

    # ------------------------------------------------------------------ conditions
    def value_cond(self, shape: Node, param: URIRef, arg: Node) -> Cond:
        """Return the condition on a value node of one value constraint."""
        if param == SH["class"]:
            return Cond(self.is_a(self.closure(arg)))
        if param == SH.nodeKind:
            kind = _KINDS.get(arg) if isinstance(arg, URIRef) else None
            if kind is None:
                raise NotCompiled(f"{shape}: sh:nodeKind {arg}")
            return Cond(lambda v: kind.format(v=v))
        if param == SH["in"]:
            return Cond(one_of(list(Collection(self.g, arg))))
        if param == SH["or"]:
            return self.any_of([self.conforms(m) for m in Collection(self.g, arg)])
        if param in (SH.datatype, SH.minInclusive) and isinstance(arg, (URIRef, Literal)):
            return literal_cond(param, arg)
        raise NotCompiled(f"{shape}: {param}")

    def any_of(self, conds: list[Cond]) -> Cond:
        """Return the condition that one of ``conds`` holds (``sh:or``)."""
        if not conds:
            return Cond(lambda v: "false")
        if all(c.recheck is None for c in conds):
            return Cond(lambda v: "(" + " || ".join(c.text(v) for c in conds) + ")")
        if all(c.recheck is not None for c in conds):
            checks = [c.recheck for c in conds if c.recheck is not None]
            return Cond(
                lambda v: "(" + " || ".join(f"COALESCE({c.text(v)}, false)" for c in conds) + ")",
                lambda term: any(check(term) for check in checks),
            )
        raise NotCompiled("an sh:or mixing literal checks with graph checks")

    def all_of(self, conds: list[Cond]) -> Cond:
        """Return the condition that each of ``conds`` holds (one shape's constraints)."""
        if any(c.recheck is not None for c in conds):
            if len(conds) == 1:
                return conds[0]
            raise NotCompiled("a literal check beside others in a shape inside sh:or")
        return Cond(
            lambda v: "(" + " && ".join(c.text(v) for c in conds) + ")" if conds else "true"
        )

    def conforms(self, shape: Node) -> Cond:
        """Whether a node conforms to ``shape`` (a member of ``sh:or``), as a condition."""
        if (shape, SH.deactivated, Literal(True)) in self.g:
            return Cond(lambda v: "true")
        if self.g.value(shape, SH.path) is not None:
            return self.property_conforms(shape)
        conds = [
            self.value_cond(shape, p, a) for p in VALUE_PARAMS for a in self.g.objects(shape, p)
        ]
        conds += [self.property_conforms(ps) for ps in self.g.objects(shape, SH.property)]
        for value in self.g.objects(shape, SH.hasValue):
            conds.append(Cond(one_of([value])))
        self.check_quiet(shape, {*VALUE_PARAMS, SH.hasValue})
        return self.all_of(conds)

    def property_conforms(self, shape: Node) -> Cond:
        """Whether a node's values along a property shape's path conform to it."""
        path = self.path(shape)
        self.check_quiet(
            shape,
            {
                *VALUE_PARAMS,
                SH.minCount,
                SH.maxCount,
                SH.hasValue,
                SH.qualifiedValueShape,
                SH.qualifiedMinCount,
            },
        )
        parts: list[Callable[[str], str]] = []
        for param in VALUE_PARAMS:
            for arg in self.g.objects(shape, param):
                cond = self.value_cond(shape, param, arg)
                if cond.recheck is not None:
                    raise NotCompiled(f"{shape}: a literal check inside sh:or")
                parts.append(self.every_value(path, cond))
        parts += self.counts_cond(shape, path)
        return Cond(lambda v: "(" + " && ".join(p(v) for p in parts) + ")" if parts else "true")

    def every_value(self, path: str, cond: Cond) -> Callable[[str], str]:
        """Return the condition that every value along ``path`` meets ``cond``."""

        def text(v: str) -> str:
            y = self.var()
            return f"NOT EXISTS {{ {v} {path} {y} . FILTER(!{cond.text(y)}) }}"

        return text

    def counts_cond(self, shape: Node, path: str) -> list[Callable[[str], str]]:
        """Return the conditions of a property shape's counts and ``sh:hasValue``."""
        parts: list[Callable[[str], str]] = []
        low, high = self.count(shape, SH.minCount), self.count(shape, SH.maxCount)
        if (low is not None and low > 1) or high is not None:
            raise NotCompiled(f"{shape}: a count other than sh:minCount 1 inside sh:or")
        if low == 1:
            parts.append(lambda v: f"EXISTS {{ {v} {path} {self.var()} }}")
        for value in self.g.objects(shape, SH.hasValue):
            parts.append(_has(path, sparql_term(value)))
        quality = self.one(shape, SH.qualifiedValueShape)
        if quality is not None:
            if self.count(shape, SH.qualifiedMinCount) != 1:
                raise NotCompiled(f"{shape}: a qualified count other than sh:qualifiedMinCount 1")
            inner = self.conforms(quality)
            if inner.recheck is not None:
                raise NotCompiled(f"{shape}: a literal check inside sh:qualifiedValueShape")

            def qualified(v: str, inner: Cond = inner) -> str:
                y = self.var()
                return f"EXISTS {{ {v} {path} {y} . FILTER({inner.text(y)}) }}"

            parts.append(qualified)
        return parts


def literal_cond(param: URIRef, arg: Node) -> Cond:
    """Return the condition of ``sh:datatype`` or ``sh:minInclusive``: sufficient, and exact."""
    return Cond(lambda v: sure_text(param, arg, v), lambda term: literal_conforms(param, arg, term))


def one_of(terms: list[Node]) -> Callable[[str], str]:
    """Return the condition of being one of ``terms`` (the same RDF term), never an error.

    Not ``sameTerm``, which Virtuoso 7 mis-evaluates inside ``||`` (it keeps one operand's
    matches, or none: docs/servers.md): IRIs and blank nodes are compared with ``IN``
    (RDF-term equality, which is sameness for them), a literal by its lexical form and its
    datatype or language tag.

    Examples
    --------
    >>> from rdflib.namespace import XSD
    >>> one_of([URIRef("urn:x:a"), Literal("1", datatype=XSD.integer)])("?v")  # doctest: +ELLIPSIS
    '(?v IN (<urn:x:a>) || (isLiteral(?v) && STR(?v) = "1" && datatype(?v) = <...#integer>))'
    >>> one_of([])("?v")
    'false'
    """
    nodes = ", ".join(sparql_term(t) for t in terms if not isinstance(t, Literal))
    literals = [
        (
            sparql_term(Literal(str(t))),
            ("LANG", sparql_term(Literal(t.language)))
            if t.language
            else ("datatype", sparql_term(t.datatype or XSD.string)),
        )
        for t in terms
        if isinstance(t, Literal)
    ]

    def text(v: str) -> str:
        parts = [f"{v} IN ({nodes})"] if nodes else []
        for lexical, (kind, of) in literals:
            parts.append(f"(isLiteral({v}) && STR({v}) = {lexical} && {kind}({v}) = {of})")
        return "(" + " || ".join(parts) + ")" if parts else "false"

    return text


def _has(path: str, term: str) -> Callable[[str], str]:
    return lambda v: f"EXISTS {{ {v} {path} {term} }}"
