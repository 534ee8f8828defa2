"""A portfolio as an ArchiMate 3.1 Model Exchange File, with one default view.

What becomes what (the reverse of ``alignments/archimate.csv`` where it has a row):

=====================================  =================================================
portfolio                              ArchiMate 3.1
=====================================  =================================================
standard service                       BusinessService
need / strategic objective             Requirement / Goal
stakeholder, customer, end user        Stakeholder
capability                             Capability
evidence (any kind)                    Assessment
service system                         Grouping, aggregating its components
component                              by kind: people, supplier BusinessActor; process
                                       BusinessProcess; infrastructure Node; others
                                       ApplicationComponent
``addresses``, ``supports``,           Realization (service to requirement, to goal;
``alignsWith``                         requirement to goal)
A ``dependsOn`` B (two services)       B Serving A
``informs``                            Association from the assessment
S ``deliveredBy`` Y ``hasComponent`` C C Realization S (and Y Aggregation C)
``hasNeed``, ``requiresCapability``    Association
``realizedBy``                         Realization (component or system to capability)
=====================================  =================================================

Each element's identifier is its IRI less the base when that is an XML name, else ``id-``
and a digest of the IRI (:func:`element_identifier`); reading the file back with the same
base gives the same IRIs for the first kind.

Examples
--------
>>> element_identifier("https://example.org/p/claims", "https://example.org/p/")
'claims'
>>> element_identifier("https://example.org/p/2nd try", "https://example.org/p/")
'id-0284c4df36d77a9eceddf88c'
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from rdflib import Literal
from rdflib.term import Node

from stsm_graph.common.files import write_text_atomically
from stsm_graph.errors import InputError
from stsm_graph.portfolio import Portfolio

__all__ = ["element_identifier", "to_exchange_xml", "write"]

_NS = "http://www.opengroup.org/xsd/archimate/3.0/"
_XSD = "http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")
#: stsm class (local name) -> ArchiMate type; subclasses first, so they win
_CLASSES = (
    ("StandardService", "BusinessService"),
    ("Need", "Requirement"),
    ("StrategicObjective", "Goal"),
    ("Customer", "Stakeholder"),
    ("EndUser", "Stakeholder"),
    ("Stakeholder", "Stakeholder"),
    ("Capability", "Capability"),
    ("CompetitorOffering", "Assessment"),
    ("CustomerFeedback", "Assessment"),
    ("MarketTrend", "Assessment"),
    ("Opportunity", "Assessment"),
    ("Evidence", "Assessment"),
    ("ServiceSystem", "Grouping"),
    ("ServiceSystemComponent", "ApplicationComponent"),
)
_KINDS = {
    "People": "BusinessActor",
    "Supplier": "BusinessActor",
    "Process": "BusinessProcess",
    "Infrastructure": "Node",
}
#: link -> (ArchiMate relationship, source type, target type, reversed?)
_LINKS = {
    "addresses": ("Realization", "BusinessService", "Requirement", False),
    "supports": ("Realization", "BusinessService", "Goal", False),
    "alignsWith": ("Realization", "Requirement", "Goal", False),
    "dependsOn": ("Serving", "BusinessService", "BusinessService", True),
    "informs": ("Association", "Assessment", None, False),
    "hasNeed": ("Association", "Stakeholder", "Requirement", False),
    "requiresCapability": ("Association", "BusinessService", "Capability", False),
    "realizedBy": ("Realization", None, "Capability", True),
    "hasComponent": ("Aggregation", "Grouping", None, False),
}
_NODES = """SELECT ?n ?class ?label ?doc ?kind WHERE {
  ?n a ?class FILTER(STRSTARTS(STR(?class), STR(stsm:)))
  OPTIONAL { ?n rdfs:label ?label } OPTIONAL { ?n dcterms:description ?doc }
  OPTIONAL { ?n stsm:componentKind ?kind } } ORDER BY ?n"""
_EDGES = """SELECT ?s ?p ?o WHERE { VALUES ?p { %s } ?s ?p ?o } ORDER BY ?s ?p ?o"""
_DELIVERY = """SELECT DISTINCT ?c ?s WHERE {
  ?s a stsm:StandardService ; stsm:deliveredBy/stsm:hasComponent ?c } ORDER BY ?c ?s"""


def element_identifier(iri: str, base: str | None) -> str:
    """Return the ArchiMate identifier (an XML name) written for the node ``iri``."""
    if base and iri.startswith(base) and _NAME.fullmatch(iri[len(base) :]):
        return iri[len(base) :]
    return "id-" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:24]


@dataclass
class _Element:
    identifier: str
    type: str
    labels: set[Literal] = field(default_factory=set)
    docs: set[Literal] = field(default_factory=set)


def _elements(p: Portfolio, base: str | None) -> dict[str, _Element]:
    rank = {cls: i for i, (cls, _) in enumerate(_CLASSES)}
    found: dict[str, tuple[int, _Element]] = {}
    for n, cls, label, doc, kind in p.select(_NODES):
        name = str(cls).rsplit("#", 1)[-1]
        if name not in rank or not isinstance(n, Node):
            continue
        kind_name = str(kind).rsplit("#", 1)[-1] if kind is not None else ""
        type_ = (
            _KINDS.get(kind_name, dict(_CLASSES)[name])
            if name.endswith("Component")
            else (dict(_CLASSES)[name])
        )
        old = found.get(str(n))
        if old is None or rank[name] < old[0]:
            kept = old[1] if old else _Element(element_identifier(str(n), base), type_)
            kept.type = type_
            found[str(n)] = (rank[name], kept)
        element = found[str(n)][1]
        for value, bucket in ((label, element.labels), (doc, element.docs)):
            if isinstance(value, Literal):
                bucket.add(value)
    return {iri: e for iri, (_, e) in found.items()}


def _relationships(p: Portfolio, elements: dict[str, _Element]) -> list[tuple[str, str, str]]:
    """Return ``(type, source identifier, target identifier)`` of each relationship."""
    out: set[tuple[str, str, str]] = set()
    names = " ".join(f"stsm:{k}" for k in _LINKS)
    for s, prop, o in p.select(_EDGES % names):
        kind, source_type, target_type, flip = _LINKS[str(prop).rsplit("#", 1)[-1]]
        a, b = elements.get(str(s)), elements.get(str(o))
        if a is None or b is None:
            continue
        if flip:
            a, b = b, a
        if source_type in (None, a.type) and target_type in (None, b.type):
            out.add((kind, a.identifier, b.identifier))
    for c, s in p.select(_DELIVERY):
        comp, service = elements.get(str(c)), elements.get(str(s))
        if comp is not None and service is not None and comp.type != "Grouping":
            out.add(("Realization", comp.identifier, service.identifier))
    return sorted(out)


#: what XML 1.0 cannot carry at all, not even as a character reference
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _texts(tag: str, values: set[Literal], indent: str, node: str) -> Iterator[str]:
    for v in sorted(values, key=lambda x: (x.language or "", str(x))):
        bad = _NOT_XML.search(str(v))
        if bad is not None:
            raise InputError(
                f"the text holds U+{ord(bad.group()):04X}, which XML 1.0 cannot carry",
                entry=node,
                field="label" if tag == "name" else "description",
                expected="text an ArchiMate exchange file can hold",
            )
        lang = f" xml:lang={quoteattr(v.language)}" if v.language else ""
        yield f"{indent}<{tag}{lang}>{escape(str(v))}</{tag}>"


def _digest(*parts: str) -> str:
    return "id-" + hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:24]


def to_exchange_xml(portfolio: Portfolio, *, base: str | None = None, name: str = "") -> str:
    """Return the portfolio as the text of an ArchiMate 3.1 exchange file.

    ``base`` (by default the portfolio's) is taken off the IRIs to make identifiers.
    """
    base = base if base is not None else portfolio.base
    elements = _elements(portfolio, base)
    rels = _relationships(portfolio, elements)
    model_id = _digest("model", base or "")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<model xmlns="{_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{_NS} {_XSD}" identifier="{model_id}">',
        f"  <name>{escape(name or base or 'Portfolio')}</name>",
    ]
    if elements:
        out.append("  <elements>")
        for iri, e in elements.items():
            out.append(f'    <element identifier="{e.identifier}" xsi:type="{e.type}">')
            out += _texts("name", e.labels or {Literal(e.identifier)}, "      ", iri)
            out += _texts("documentation", e.docs, "      ", iri)
            out.append("    </element>")
        out.append("  </elements>")
    if rels:
        out.append("  <relationships>")
        out += [
            f'    <relationship identifier="{_digest(k, s, t)}" source="{s}" target="{t}" '
            f'xsi:type="{k}"/>'
            for k, s, t in rels
        ]
        out.append("  </relationships>")
    out += _view(list(elements.values()), rels, name or "Portfolio")
    out.append("</model>")
    return "\n".join(out) + "\n"


#: rows of the default view, top to bottom
_ROWS = (
    ("Stakeholder",),
    ("Requirement", "Goal", "Assessment"),
    ("BusinessService",),
    ("Grouping",),
    ("BusinessActor", "BusinessProcess", "ApplicationComponent", "Node", "Capability"),
)


def _view(elements: list[_Element], rels: list[tuple[str, str, str]], name: str) -> list[str]:
    """Return the default view: every element on a grid by kind, every relationship."""
    if not elements:
        return []
    out = [
        "  <views>",
        "    <diagrams>",
        f'      <view identifier="{_digest("view")}" xsi:type="Diagram">',
        f"        <name>{escape(name)}</name>",
    ]
    y = 24
    for row in _ROWS:
        members = [e for e in elements if e.type in row]
        for i, e in enumerate(members):
            x, dy = 24 + (i % 10) * 144, (i // 10) * 72
            out.append(
                f'        <node identifier="{_digest("node", e.identifier)}" '
                f'elementRef="{e.identifier}" xsi:type="Element" '
                f'x="{x}" y="{y + dy}" w="120" h="55"/>'
            )
        y += (len(members) + 9) // 10 * 72 + 48
    for k, s, t in rels:
        out.append(
            f'        <connection identifier="{_digest("connection", k, s, t)}" '
            f'relationshipRef="{_digest(k, s, t)}" xsi:type="Relationship" '
            f'source="{_digest("node", s)}" target="{_digest("node", t)}"/>'
        )
    out += ["      </view>", "    </diagrams>", "  </views>"]
    return out


def write(
    portfolio: Portfolio,
    path: str | os.PathLike[str],
    *,
    base: str | None = None,
    name: str = "",
) -> None:
    """Write the portfolio to ``path`` as an ArchiMate 3.1 exchange file, whole or not at all.

    Raises
    ------
    OutputError
        If the file cannot be written (nothing is).
    InputError
        If a label or description holds a character XML 1.0 cannot carry (U+FFFE, U+FFFF).
    """
    write_text_atomically(path, to_exchange_xml(portfolio, base=base, name=name))
