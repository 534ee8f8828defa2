"""The SHACL shapes' violations as integrity findings, so that ``analyze`` reports them too.

``shapes.ttl`` says what a well-formed portfolio is (a link to the wrong kind of thing, a
missing name, a malformed level, a value outside its scheme); the store checks it, by the shapes
compiled to SPARQL (:mod:`stsm_graph.ingest.store_validation`), with pyshacl's results.
Each violation becomes a ``shape-violation`` integrity finding.
The shapes' warnings are left out: the integrity rules report them already, from a query
written from those very shapes (``service_gaps.rq``), and so is a second ``stsm:status`` (the
``conflicting-status`` rule). :func:`stsm_graph.analysis.analyze` checks the shapes by default
only up to :data:`SHAPES_LIMIT` triples, and says when it did not (a limit set when pyshacl
checked them, at about 1 s per 10,000 triples; kept so that ``analyze``'s answers stay as they
were).

Examples
--------
>>> from stsm_graph import Portfolio
>>> p = Portfolio()
>>> p.parse('''
... @prefix stsm: <https://w3id.org/stsm#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... <urn:x:s> a stsm:StandardService ; rdfs:label "Backup" ; stsm:addresses <urn:x:o> .
... <urn:x:o> a stsm:StrategicObjective ; rdfs:label "Grow" .
... ''', format="turtle")
>>> [f.message for f in shape_findings(p)]
["'Backup': stsm:addresses Grow: The object of stsm:addresses must be a need."]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib.namespace import SH

from stsm_graph.analysis.impact import node_names
from stsm_graph.analysis.integrity import IntegrityFinding, _finding
from stsm_graph.common.terms import valid_iri
from stsm_graph.ingest.store_validation import validate_store
from stsm_graph.ingest.validation import SHAPES_LIMIT
from stsm_graph.vocabulary.namespace import STSM

if TYPE_CHECKING:
    from stsm_graph.ingest.validation import ValidationReport, ValidationResult
    from stsm_graph.portfolio import Portfolio

__all__ = ["SHAPES_LIMIT", "shape_findings", "shapes_skipped"]

_STATUS = str(STSM.status)
_MAX_COUNT = str(SH.MaxCountConstraintComponent)


def shapes_skipped(portfolio: Portfolio, shapes: bool | None) -> str:
    """Return why not to check the shapes, or ``""`` to check them.

    ``shapes`` decides when given; by default the shapes are checked up to
    :data:`~stsm_graph.ingest.validation.SHAPES_LIMIT` triples.

    Examples
    --------
    >>> from stsm_graph import Portfolio
    >>> shapes_skipped(Portfolio(), None), shapes_skipped(Portfolio(), False)
    ('', 'not asked for')
    """
    if shapes is not None:
        return "" if shapes else "not asked for"
    size = len(portfolio)
    return "" if size <= SHAPES_LIMIT else f"{size:,} triples, over {SHAPES_LIMIT:,}"


def shape_findings(
    portfolio: Portfolio, report: ValidationReport | None = None
) -> tuple[IntegrityFinding, ...]:
    """Return the shapes' violations as ``shape-violation`` findings, by node.

    Parameters
    ----------
    portfolio
        The portfolio.
    report
        Its validation report, when the caller has it (else it is validated here, against the
        violation shapes only).

    Returns
    -------
    tuple of IntegrityFinding
        One per violation (focus node, path, value), sorted by node, then message; the node's
        label is its smallest ``rdfs:label``. ``related`` holds the offending value when it is an
        IRI.
    """
    if report is None:  # as Portfolio.validate, but the violations only: the warnings are known
        report = validate_store(portfolio.store, warnings=False)
    results = [r for r in report.results if r.severity == "violation" and not _said(r)]
    if not results:
        return ()
    nodes = {r.focus_node for r in results} | {r.value for r in results if r.value}
    names = node_names(portfolio, sorted(n for n in nodes if valid_iri(n)))
    out = []
    for r in results:
        label = names.get(r.focus_node, (None, r.focus_node))[1]
        value = ""
        if r.value is not None:
            value = " " + names.get(r.value, (None, r.value))[1]
        where = f"{_prefixed(r.path)}{value}: " if r.path or value else ""
        out.append(
            _finding(
                "shape-violation",
                r.focus_node,
                label,
                f"{where}{r.message}",
                related=(r.value,) if r.value is not None and r.value in names else (),
            )
        )
    return tuple(sorted(out, key=lambda f: (f.node, f.message)))


def _said(result: ValidationResult) -> bool:
    """Tell whether an integrity rule reports ``result`` already (several statuses)."""
    return result.path == _STATUS and result.constraint == _MAX_COUNT


def _prefixed(path: str | None) -> str:
    if path is None:
        return ""
    inverse = path.startswith("^")
    bare = path[1:] if inverse else path
    if bare.startswith(str(STSM)):
        bare = "stsm:" + bare[len(str(STSM)) :]
    return ("^" if inverse else "") + bare
