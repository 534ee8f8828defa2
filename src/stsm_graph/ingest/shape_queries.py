"""The SHACL shapes compiled to SPARQL: each constraint one query that returns its violations.

pyshacl walks every focus node in Python, which costs a minute and more at a million triples.
Here each constraint of each shape (a node shape's own, or one of its property shapes') becomes
one ``SELECT`` whose rows are the constraint's violations: the focus node, and the offending
value where the constraint is about values. The store answers them where the data is, by its
own indexes; the results are pyshacl's (same focus nodes, paths, values, messages, severities,
constraint components and shapes), which ``tests/test_shape_queries.py`` checks against pyshacl
on every fixture and on generated portfolios with random violations planted in them.

What SPARQL answers exactly (classes, with the subclasses of the ontology and of the data; node
kinds; lists of allowed terms; counts; ``sh:or`` of those) is decided by the query. Whether a
literal is of a datatype or at least a number depends on how rdflib reads it (an ill-typed
literal, a boolean against a number), so there the query keeps only the values it cannot show
to conform, and each is checked as pyshacl checks it (:func:`literal_conforms`).

A shape using anything else (another constraint, a longer path, a count other than one inside a
``sh:or``) is not compiled: :func:`compile_shapes` raises :class:`NotCompiled` and the caller
validates with pyshacl instead.

Examples
--------
>>> from stsm_graph.vocabulary.graph import shapes_graph
>>> checks = compile_shapes(shapes_graph(), ())
>>> label = [c for c in checks if c.path == "http://www.w3.org/2000/01/rdf-schema#label"][0]
>>> label.constraint.rsplit("#", 1)[1], label.severity, label.per_value
('MinCountConstraintComponent', 'violation', False)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal as Kind

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from stsm_graph.common.terms import sparql_term
from stsm_graph.ingest.shape_conditions import (
    COMPONENT,
    TARGETS,
    VALUE_PARAMS,
    Cond,
    Conditions,
    NotCompiled,
)

__all__ = ["Check", "NotCompiled", "compile_shapes"]

Severity = Kind["violation", "warning", "info"]
_SEVERITY: dict[Node, Severity] = {
    SH.Violation: "violation",
    SH.Warning: "warning",
    SH.Info: "info",
}


@dataclass(frozen=True)
class Check:
    """One constraint's query and what each of its rows reports.

    ``query`` selects ``?f`` (the focus node) and, when ``per_value``, ``?v`` (the value that
    breaks the constraint; else the result has no value, or the focus node as its value when
    ``value_is_focus``). When ``recheck`` is set, a row is only a candidate: it is a result
    unless ``recheck(value)`` says the value conforms after all.
    """

    query: str
    severity: Severity
    path: str | None
    messages: tuple[str, ...]
    constraint: str
    shape: str | None
    per_value: bool
    value_is_focus: bool = False
    recheck: Callable[[Node], bool] | None = field(default=None, compare=False)


class _Compiler(Conditions):
    """Compiles one shapes graph into checks, one per constraint."""

    def targets(self, shape: Node) -> _Targets:
        """Return the focus nodes of ``shape`` as patterns binding ``?f``."""
        parts = []
        classes = sorted(
            {c for t in self.g.objects(shape, SH.targetClass) for c in self.closure(t)}
        )
        if classes:
            t = self.var()
            parts.append(f"VALUES {t} {{ {' '.join(classes)} }} ?f a {t} .")
        for node in self.g.objects(shape, SH.targetNode):
            parts.append(f"BIND({sparql_term(node)} AS ?f)")
        subjects = list(self.g.objects(shape, SH.targetSubjectsOf))
        for p in subjects:
            parts.append(f"?f {sparql_term(p)} {self.var()} .")
        for p in self.g.objects(shape, SH.targetObjectsOf):
            parts.append(f"{self.var()} {sparql_term(p)} ?f .")
        union = " UNION ".join(f"{{ {p} }}" for p in parts)
        only = parts[0] if len(parts) == 1 and not parts[0].startswith("BIND") else None
        of = sparql_term(subjects[0]) if len(parts) == 1 and subjects else None
        return _Targets(f"{{ SELECT ?f WHERE {{ {union} }} GROUP BY ?f }}", only, of)

    def messages(self, shape: Node) -> tuple[str, ...]:
        found = tuple(sorted(str(m) for m in self.g.objects(shape, SH.message)))
        if not found:
            raise NotCompiled(f"{shape} has no sh:message (pyshacl's own wording is not copied)")
        return found

    # ------------------------------------------------------------------ checks
    def shape_checks(self, shape: Node, severity: Severity) -> list[Check]:
        """Return the checks of a node shape with targets: its own, then its property shapes'."""
        if self.g.value(shape, SH.path) is not None:
            raise NotCompiled(f"{shape} is a property shape with targets")
        if (shape, RDF.type, RDFS.Class) in self.g or (shape, SH.node, None) in self.g:
            raise NotCompiled(f"{shape} is a class or uses sh:node")
        self.check_quiet(shape, set(VALUE_PARAMS))
        targets = self.targets(shape)
        name = str(shape) if isinstance(shape, URIRef) else None
        checks = []
        for param in VALUE_PARAMS:
            for arg in self.g.objects(shape, param):
                messages = self.messages(shape)
                cond = self.value_cond(shape, param, arg)
                query = (
                    f"SELECT DISTINCT ?f WHERE {{ {targets.nodes} FILTER(!{_sure(cond, '?f')}) }}"
                )
                checks.append(
                    Check(
                        query,
                        severity,
                        None,
                        messages,
                        str(COMPONENT[param]),
                        name,
                        per_value=False,
                        value_is_focus=True,
                        recheck=cond.recheck,
                    )
                )
        for prop in self.g.objects(shape, SH.property):
            if (prop, SH.deactivated, Literal(True)) not in self.g:
                checks += self.property_checks(prop, targets)
        return checks

    def property_checks(self, shape: Node, targets: _Targets) -> list[Check]:
        """Return the checks of one property shape of a node shape with ``targets``."""
        self.check_quiet(shape, {*VALUE_PARAMS, SH.minCount, SH.maxCount, SH.hasValue})
        path = self.path(shape)
        severity = _SEVERITY.get(self.g.value(shape, SH.severity) or SH.Violation, "violation")
        fields = (severity, _path_text(self.g, shape), self.messages(shape))
        name = str(shape) if isinstance(shape, URIRef) else None
        values = targets.values(path)
        checks = []
        for param in VALUE_PARAMS:
            for arg in self.g.objects(shape, param):
                cond = self.value_cond(shape, param, arg)
                query = f"SELECT DISTINCT ?f ?v WHERE {{ {values} FILTER(!{_sure(cond, '?v')}) }}"
                checks.append(
                    Check(
                        query,
                        *fields,
                        str(COMPONENT[param]),
                        name,
                        per_value=True,
                        recheck=cond.recheck,
                    )
                )
        for param in (SH.minCount, SH.maxCount):
            count = self.count(shape, param)
            if count is None or (param == SH.minCount and count <= (targets.of == path)):
                continue  # at least none, or at least one value where each focus node has one
            if param == SH.minCount and count == 1:
                query = f"SELECT DISTINCT ?f WHERE {{ {targets.focus} {_no(path)} }}"
            elif param == SH.minCount:
                query = (
                    f"SELECT ?f WHERE {{ {targets.group} OPTIONAL {{ ?f {path} ?v }} }} "
                    f"GROUP BY ?f HAVING (COUNT(DISTINCT ?v) < {count})"
                )
            else:
                query = (
                    f"SELECT ?f WHERE {{ {values} }} "
                    f"GROUP BY ?f HAVING (COUNT(DISTINCT ?v) > {count})"
                )
            checks.append(Check(query, *fields, str(COMPONENT[param]), name, per_value=False))
        for value in self.g.objects(shape, SH.hasValue):
            query = (
                f"SELECT DISTINCT ?f WHERE {{ {targets.focus} {_no(path, sparql_term(value))} }}"
            )
            checks.append(Check(query, *fields, str(SH.HasValueConstraintComponent), name, False))
        return checks


@dataclass(frozen=True)
class _Targets:
    """The focus nodes of a shape, in the forms its queries join them cheapest.

    ``group`` binds each once (a sub-select); ``only`` is the one target's pattern when there is
    one (``?f`` may repeat: the queries select ``DISTINCT``); ``of`` is the property when the one
    target is ``sh:targetSubjectsOf`` it.
    """

    group: str
    only: str | None
    of: str | None

    @property
    def focus(self) -> str:
        """Return a pattern binding ``?f`` to the focus nodes (repeats allowed)."""
        return self.only if self.only is not None else self.group

    @property
    def nodes(self) -> str:
        """Return :attr:`focus`, or each subject of the one property once (checked once)."""
        return self.group if self.of is not None else self.focus

    def values(self, path: str) -> str:
        """Return a pattern binding ``?f`` to each focus node and ``?v`` to each of its values."""
        if self.of == path:  # each subject of the path is a focus node
            return f"?f {path} ?v ."
        if self.only is not None:
            return f"?f {path} ?v . FILTER EXISTS {{ {self.only} }}"
        return f"{self.group} ?f {path} ?v ."


def _no(path: str, value: str = "?v") -> str:
    return f"FILTER NOT EXISTS {{ ?f {path} {value} }}"


def _sure(cond: Cond, v: str) -> str:
    """Return the condition as a filter's operand: an error counts as "not shown to conform".

    Only a sufficient condition (a literal check) can raise an error, and only it is wrapped in
    ``COALESCE``: an exact one never does, and Virtuoso 7 refuses (SQ074) a ``COALESCE`` of an
    ``||`` of ``EXISTS``, which an exact ``sh:or`` is (docs/servers.md).

    Examples
    --------
    >>> _sure(Cond(lambda v: f"isIRI({v})"), "?v")
    'isIRI(?v)'
    >>> _sure(Cond(lambda v: f"({v} >= 1)", lambda term: False), "?v")
    'COALESCE((?v >= 1), false)'
    """
    if cond.recheck is None:
        return cond.text(v)
    return f"COALESCE({cond.text(v)}, false)"


def _path_text(g: Graph, shape: Node) -> str:
    path = g.value(shape, SH.path)
    if isinstance(path, URIRef):
        return str(path)
    return f"^{g.value(path, SH.inversePath)}"


def compile_shapes(
    shapes: Graph, subclasses: Iterable[tuple[str, str]], *, warnings: bool = True
) -> tuple[Check, ...]:
    """Compile every active shape with targets into checks, one per constraint.

    Parameters
    ----------
    shapes
        The shapes graph.
    subclasses
        ``(subclass, superclass)`` pairs: the ontology's and the data's ``rdfs:subClassOf``, as
        pyshacl sees them when they are added to the data.
    warnings
        With ``False``, the shapes whose severity is ``sh:Warning`` are left out (as
        :func:`stsm_graph.ingest.validation.validate_graph` leaves out their targets).

    Raises
    ------
    NotCompiled
        If a shape says something not compiled here.
    """
    compiler = _Compiler(shapes, subclasses)
    checks: list[Check] = []
    shaped = {s for t in TARGETS for s in shapes.subjects(t, None)}
    for shape in sorted(shaped, key=str):
        if (shape, SH.deactivated, Literal(True)) in shapes:
            continue
        severity = _SEVERITY.get(shapes.value(shape, SH.severity) or SH.Violation, "violation")
        if severity == "warning" and not warnings:
            continue
        checks += compiler.shape_checks(shape, severity)
    return tuple(checks)
