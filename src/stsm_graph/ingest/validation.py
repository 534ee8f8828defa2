"""SHACL validation of a portfolio against ``ontology/shapes.ttl``, as a typed report.

Validation reports; it never raises for a non-conforming portfolio and never writes.
Violations make a portfolio non-conforming; warnings (a service without a service level,
without a service system, without a customer-facing description) do not.

Examples
--------
>>> from rdflib import Graph
>>> report = validate_graph(Graph())
>>> report.conforms, report.violations, report.warnings
(True, 0, 0)
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict
from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from stsm_graph.vocabulary.graph import shapes_graph, subclass_graph

__all__ = [
    "SHAPES_LIMIT",
    "ValidationReport",
    "ValidationResult",
    "report_of",
    "validate_graph",
]

#: the largest portfolio, in triples, whose shapes ``analyze`` checks unless told otherwise:
#: pyshacl takes 1 to 2 s of CPU at this size (the violation shapes only), where the
#: analyses' queries take 20 ms (docs/design.md, "Shapes inside analyze")
SHAPES_LIMIT = 10_000

Severity = Literal["violation", "warning", "info"]
_SEVERITY: dict[URIRef, Severity] = {
    SH.Violation: "violation",
    SH.Warning: "warning",
    SH.Info: "info",
}


class ValidationResult(BaseModel):
    """One SHACL result: severity, focus node, path, message, offending value, shape."""

    model_config = ConfigDict(frozen=True)

    severity: Severity
    focus_node: str
    path: str | None
    message: str
    value: str | None = None
    constraint: str | None = None
    shape: str | None = None


class ValidationReport(BaseModel):
    """The outcome of validating a portfolio; ``conforms`` ignores warnings."""

    model_config = ConfigDict(frozen=True)

    conforms: bool
    results: tuple[ValidationResult, ...] = ()

    @property
    def violations(self) -> int:
        """Return the number of violations."""
        return sum(1 for r in self.results if r.severity == "violation")

    @property
    def warnings(self) -> int:
        """Return the number of warnings."""
        return sum(1 for r in self.results if r.severity == "warning")


_RESULTS = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?severity ?focus ?path ?message ?value ?constraint ?shape WHERE {
  ?r a sh:ValidationResult ; sh:resultSeverity ?severity ; sh:focusNode ?focus .
  OPTIONAL { ?r sh:resultPath ?path }
  OPTIONAL { ?r sh:resultMessage ?message }
  OPTIONAL { ?r sh:value ?value }
  OPTIONAL { ?r sh:sourceConstraintComponent ?constraint }
  OPTIONAL { ?r sh:sourceShape ?shape }
}"""


@lru_cache(maxsize=1)
def _results_query() -> Query:
    """Return the query reading a pyshacl results graph, parsed once (0.1 s a parse)."""
    return prepareQuery(_RESULTS)


def _path_text(results: Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{inverse}"
    return str(path)


@lru_cache(maxsize=1)
def _violation_shapes() -> Graph:
    """Return the packaged shapes without their warning shapes' targets (cached).

    A shape with no target checks nothing, and is skipped at once; the others are as they are.
    """
    g = Graph()
    g += shapes_graph()
    for shape in list(g.subjects(SH.severity, SH.Warning)):
        for target in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            g.remove((shape, target, None))
    return g


def validate_graph(
    data: Graph, *, copy: bool = True, warnings: bool = True, shapes: Graph | None = None
) -> ValidationReport:
    """Validate an rdflib graph against the packaged shapes.

    The ontology's ``rdfs:subClassOf`` triples are added so that, for example, a customer
    counts as a stakeholder: to a copy, or with ``copy=False`` (a graph made for this
    call, which the caller then drops) to ``data`` itself, which saves copying every triple.
    With ``warnings=False`` the warning shapes (completeness) are not checked: the
    violations only, faster (``analyze`` reports the completeness gaps by its own rules).
    ``shapes`` replaces the packaged shapes (``warnings`` then does not apply).
    """
    from pyshacl import validate

    if copy:
        work = Graph()
        work += data
    else:
        work = data
    work += subclass_graph()
    _conforms, results, _text = validate(
        work,
        shacl_graph=shapes
        if shapes is not None
        else shapes_graph()
        if warnings
        else _violation_shapes(),
        inference="none",
        allow_warnings=True,
        advanced=False,
    )
    assert isinstance(results, Graph)
    found: list[ValidationResult] = []
    for row in results.query(_results_query()):
        severity, focus, path, message, value, constraint, shape = row  # type: ignore[misc]
        shape_text = str(shape) if isinstance(shape, URIRef) else None
        found.append(
            ValidationResult(
                severity=_SEVERITY.get(URIRef(str(severity)), "violation"),
                focus_node=str(focus),
                path=_path_text(results, path),
                message=str(message) if message is not None else "",
                value=str(value) if value is not None else None,
                constraint=str(constraint) if constraint is not None else None,
                shape=shape_text,
            )
        )
    return report_of(found)


def report_of(results: Iterable[ValidationResult]) -> ValidationReport:
    """Return the report of some results: each once, violations first, then by focus node.

    Results that differ only in their constraint or shape are one result (the first in the
    order of constraint, then shape, so that the report does not depend on the engine's order).

    Examples
    --------
    >>> r = ValidationResult(severity="warning", focus_node="urn:x:a", path=None, message="m")
    >>> report_of([r, r]).results == (r,)
    True
    """
    found: list[ValidationResult] = []
    seen: set[tuple[str, ...]] = set()
    for item in sorted(results, key=lambda r: (r.constraint or "", r.shape or "")):
        key = (item.severity, item.focus_node, item.path or "", item.message, item.value or "")
        if key not in seen:
            seen.add(key)
            found.append(item)
    found.sort(
        key=lambda r: (
            r.severity != "violation",
            r.focus_node,
            r.path or "",
            r.message,
            r.value or "",
        )
    )
    conforms = not any(r.severity == "violation" for r in found)
    return ValidationReport(conforms=conforms, results=tuple(found))
