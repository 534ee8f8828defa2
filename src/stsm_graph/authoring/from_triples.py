"""A graph as a document: each typed, labelled node an entry of its section; the rest as lines.

What the sections cannot express exactly (a second label, a literal of another datatype, a
node of no known class) is kept as an N-Triples line, so the graph survives the round trip
unchanged (isomorphic).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from rdflib.term import Node

from stsm_graph.authoring.model import SECTIONS, Entity, PortfolioDocument
from stsm_graph.authoring.terms import Triple, is_plain, literal, stsm_term
from stsm_graph.vocabulary.namespace import STSM

__all__ = ["document_from_triples"]

_SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._~\-/]*")


def _field_index() -> dict[type[Entity], dict[URIRef, tuple[str, str]]]:
    index: dict[type[Entity], dict[URIRef, tuple[str, str]]] = {}
    for model in SECTIONS.values():
        fields: dict[URIRef, tuple[str, str]] = {}
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra
            if isinstance(extra, dict):
                fields[stsm_term(str(extra["rdf"]))] = (name, str(extra["role"]))
        index[model] = fields
    return index


def _class_index() -> dict[URIRef, tuple[type[Entity], str | None]]:
    index: dict[URIRef, tuple[type[Entity], str | None]] = {}
    for model in SECTIONS.values():
        index[stsm_term(model.rdf_class)] = (model, None)
        for kind, cls in model.kinds.items():
            index[stsm_term(cls)] = (model, kind)
    return index


def _namespace_of(iri: str) -> str:
    cut = max(iri.rfind("/"), iri.rfind("#"))
    return iri[: cut + 1] if cut > 0 else iri


def document_from_triples(
    triples: Iterable[Triple], *, base: str | None = None, prefixes: Mapping[str, str] = {}
) -> PortfolioDocument:
    """Turn triples into a document that stands for exactly the same graph.

    ``base`` defaults to the namespace most entities share.

    Examples
    --------
    >>> from rdflib import URIRef, Literal
    >>> from rdflib.namespace import RDF, RDFS
    >>> s = URIRef("https://example.org/p/n1")
    >>> doc = document_from_triples([(s, RDF.type, STSM.Need), (s, RDFS.label, Literal("N"))])
    >>> doc.base, doc.needs[0].id
    ('https://example.org/p/', 'n1')
    """
    classes = _class_index()
    fields = _field_index()
    by_subject: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    for s, p, o in triples:
        by_subject[s].append((p, o))
    typed: dict[URIRef, tuple[type[Entity], str | None]] = {}
    for s, pos in by_subject.items():
        if not isinstance(s, URIRef):
            continue
        known = [classes[o] for p, o in pos if p == RDF.type and o in classes]  # type: ignore[index]
        if len(known) == 1:
            typed[s] = known[0]
    if base is None:
        counts = Counter(_namespace_of(str(s)) for s in typed)
        base = counts.most_common(1)[0][0] if counts else "https://example.org/portfolio/"

    def ident(iri: URIRef) -> str:
        text = str(iri)
        if text.startswith(base) and _SAFE_ID.fullmatch(text[len(base) :]):
            return text[len(base) :]
        for prefix, ns in prefixes.items():
            if text.startswith(ns) and _SAFE_ID.fullmatch(text[len(ns) :]):
                return f"{prefix}:{text[len(ns) :]}"
        return text

    # a link to a node that gets no entry of its own (untyped, or without a plain label)
    # is written as a full IRI: a short id would be refused on reading as unknown
    named = {s for s in typed if any(p == RDFS.label and is_plain(o) for p, o in by_subject[s])}

    def link_ident(iri: URIRef) -> str:
        return ident(iri) if iri in named else str(iri)

    sections: dict[str, list[dict[str, Any]]] = defaultdict(list)
    extra: list[Triple] = []
    for s, pos in by_subject.items():
        if s not in typed or not isinstance(s, URIRef):
            extra.extend((s, p, o) for p, o in pos)
            continue
        model, kind = typed[s]
        item, leftover = _entity_fields(s, model, kind, pos, fields[model], ident, link_ident)
        if item is None:
            extra.extend((s, p, o) for p, o in pos)
            continue
        sections[model.section].append(item)
        extra.extend((s, p, o) for p, o in leftover)
    data: dict[str, Any] = {"base": base}
    if prefixes:
        data["prefixes"] = dict(prefixes)
    for section in SECTIONS:
        if sections.get(section):
            data[section] = sorted(sections[section], key=lambda e: str(e["id"]))
    if extra:
        data["extra_triples"] = sorted(" ".join(t.n3() for t in tr) + " ." for tr in extra)
    return PortfolioDocument.model_validate(data)


def _entity_fields(
    s: URIRef,
    model: type[Entity],
    kind: str | None,
    pos: list[tuple[Node, Node]],
    fields: Mapping[URIRef, tuple[str, str]],
    ident: Any,
    link_ident: Any,
) -> tuple[dict[str, Any] | None, list[tuple[Node, Node]]]:
    item: dict[str, Any] = {"id": ident(s)}
    if kind is not None:
        item["kind"] = kind
    leftover: list[tuple[Node, Node]] = []
    type_taken = False
    stsm_ns = str(STSM)
    for p, o in sorted(pos, key=lambda x: (str(x[0]), x[1].n3())):
        own_class = stsm_term(model.kinds[kind] if kind else model.rdf_class)
        if p == RDF.type and not type_taken and o == own_class:
            type_taken = True
            continue
        if p in (RDFS.label, DCTERMS.description) and is_plain(o):
            key = "label" if p == RDFS.label else "description"
            if key not in item:
                item[key] = str(o)
                continue
        if p in fields:
            name, role = fields[p]  # type: ignore[index]
            info = model.model_fields[name]
            if role == "link" and isinstance(o, URIRef):
                item.setdefault(name, []).append(link_ident(o))
                continue
            if role == "concept" and isinstance(o, URIRef) and str(o).startswith(stsm_ns):
                args = getattr(info.annotation, "__args__", ())
                enum: type[Enum] = next(
                    a for a in args if isinstance(a, type) and issubclass(a, Enum)
                )
                local = str(o)[len(stsm_ns) :]
                if name not in item and local in {m.value for m in enum}:
                    item[name] = local
                    continue
            if role == "values" and is_plain(o):
                item.setdefault(name, []).append(str(o))
                continue
            if role == "value" and isinstance(o, Literal) and name not in item:
                py = _exact_value(o, str(info.annotation))
                if py is not None:
                    item[name] = py
                    continue
        leftover.append((p, o))
    if "label" not in item:
        return None, pos
    return item, leftover


def _exact_value(o: Literal, annotation: str) -> Any:
    """Return the Python value of ``o`` if writing it back gives the very same literal."""
    lexical = str(o)
    candidate: Any
    try:
        if "Decimal" in annotation and o.datatype == XSD.decimal:
            candidate = Decimal(lexical)
        elif "int" in annotation and o.datatype == XSD.integer:
            candidate = int(lexical)
        elif "date" in annotation and o.datatype == XSD.date:
            candidate = dt.date.fromisoformat(lexical)
        elif "str" in annotation and is_plain(o):
            candidate = lexical
        else:
            return None
    except (ValueError, InvalidOperation):
        return None
    return candidate if literal(candidate) == o else None
