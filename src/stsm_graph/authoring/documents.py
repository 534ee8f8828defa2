"""The authoring format: YAML or JSON documents <-> RDF triples.

A document lists entities by section (see :class:`~stsm_graph.authoring.model.PortfolioDocument`);
links name other entities by id. Reading checks every reference, every id and every
value, and names the file, the entry and the field of the first problem. Writing turns any
graph back into a document: what the sections cannot express exactly goes to
``extra_triples``, so a graph survives the round trip unchanged (isomorphic).

Examples
--------
>>> doc = parse_document('''
... base: https://example.org/p/
... customers: [{id: acme, label: ACME, has_need: [n1]}]
... needs: [{id: n1, label: Restores that work}]
... ''', source="demo.yaml")
>>> for t in sorted(document_triples(doc, source="demo.yaml")):
...     print(*[x.n3() for x in t])
<https://example.org/p/acme> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/stsm#Customer>
<https://example.org/p/acme> <http://www.w3.org/2000/01/rdf-schema#label> "ACME"
<https://example.org/p/acme> <https://w3id.org/stsm#hasNeed> <https://example.org/p/n1>
<https://example.org/p/n1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/stsm#Need>
<https://example.org/p/n1> <http://www.w3.org/2000/01/rdf-schema#label> "Restores that work"
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cache
from typing import Any

import pyoxigraph as ox
import yaml
from pydantic import ValidationError
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from stsm_graph.authoring.messages import input_error
from stsm_graph.authoring.model import SECTIONS, Entity, PortfolioDocument
from stsm_graph.authoring.reader import excerpt, load_text
from stsm_graph.common.terms import from_ox, valid_iri
from stsm_graph.errors import (
    DuplicateIdError,
    InputError,
    ParseError,
    UnknownReferenceError,
)
from stsm_graph.vocabulary.graph import ontology_graph, superclasses
from stsm_graph.vocabulary.namespace import STSM

__all__ = [
    "BUILTIN_PREFIXES",
    "document_from_triples",
    "document_triples",
    "dump_document",
    "parse_document",
]

Triple = tuple[Node, Node, Node]

#: prefixes every document may use without declaring them
BUILTIN_PREFIXES: dict[str, str] = {
    "stsm": str(STSM),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
}


def _stsm(name: str) -> URIRef:
    """Return the vocabulary term ``stsm:<name>`` (``AttributeError`` if it is not one)."""
    term: URIRef = getattr(STSM, name)
    return term


_SCHEMA_RANGE = URIRef("https://schema.org/rangeIncludes")
_SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._~\-/]*")
_PREFIXED = re.compile(r"([A-Za-z][A-Za-z0-9_.\-]*):(.*)", re.DOTALL)


# --------------------------------------------------------------------------- reading


def _short(ident: str | None) -> str | None:
    """Return an id as an error names it: whole when short, else an excerpt."""
    return ident if ident is None or len(ident) <= 60 else excerpt(ident)


def parse_document(
    text: str, *, source: str = "<document>", syntax: str | None = None
) -> PortfolioDocument:
    """Parse YAML (or JSON, which is YAML) text into a validated document.

    ``syntax`` is ``"yaml"`` or ``"json"``; by default JSON when ``source`` ends in ``.json``.

    Raises
    ------
    ParseError
        The text is not YAML; the message names the line.
    InputError
        An unknown section or field, a missing label, or a value of the wrong kind.
    DatatypeError
        A value of the wrong datatype, e.g. a target value that is not a number.
    """
    if not text.strip():
        raise InputError("the file is empty", file=source, expected="a portfolio document")
    as_json = syntax == "json" if syntax is not None else source.endswith(".json")
    data = load_text(text, source=source, syntax="json" if as_json else "yaml")
    if not isinstance(data, dict):
        raise InputError(
            "the document must be a mapping of sections",
            file=source,
            expected="keys such as base, customers, needs, services",
        )
    try:
        return PortfolioDocument.model_validate(data)
    except ValidationError as exc:
        raise input_error(exc, data, source) from None


class _Resolver:
    """Turns ids into IRIs against a document's base and prefixes."""

    def __init__(self, base: str, prefixes: Mapping[str, str], source: str) -> None:
        self.base = base
        self.prefixes = {**BUILTIN_PREFIXES, **prefixes}
        self.source = source
        if not valid_iri(base):
            raise InputError(
                f"{excerpt(base)} is not an absolute IRI",
                file=source,
                field="base",
                expected="an IRI such as https://example.org/portfolio/",
            )

    def iri(self, ident: str, *, entry: str | None = None, field: str = "id") -> URIRef:
        m = _PREFIXED.fullmatch(ident)
        if m and m.group(1) in self.prefixes:
            iri = self.prefixes[m.group(1)] + m.group(2)
        elif m and valid_iri(ident):
            iri = ident
        else:
            iri = self.base + ident
        if not valid_iri(iri):
            raise InputError(
                f"{excerpt(ident)} cannot be made into an IRI",
                file=self.source,
                entry=_short(entry),
                field=field,
                expected="letters, digits and . _ ~ - / only, a prefixed name, or a full IRI",
            )
        return URIRef(iri)

    @staticmethod
    def is_local(ident: str) -> bool:
        return _PREFIXED.fullmatch(ident) is None


def document_triples(
    doc: PortfolioDocument,
    *,
    source: str = "<document>",
    exists: Callable[[URIRef], bool] | None = None,
) -> list[Triple]:
    """Return the RDF triples a document stands for.

    A short id in a link must be declared by the document, or, when ``exists`` is given,
    name a node for which ``exists`` is true (a portfolio the document is added to).

    Raises
    ------
    DuplicateIdError
        Two entries share an id.
    UnknownReferenceError
        A link names a short id no entry declares (near matches are listed).
    """
    res = _Resolver(doc.base, doc.prefixes, source)
    declared: dict[URIRef, str] = {}
    local_ids: dict[str, list[str]] = defaultdict(list)  # section -> its short ids
    for entity, where in _entries(doc):
        iri = res.iri(entity.id, entry=entity.id)
        if iri in declared:
            raise DuplicateIdError(
                f"the id {excerpt(entity.id)} is declared twice: in {declared[iri]} and in {where}",
                file=source,
                entry=_short(entity.id),
                field="id",
                hint="Give each entry its own id",
            )
        declared[iri] = where
        local_ids[entity.section].append(entity.id)
    triples: list[Triple] = []
    for entity in doc.entities():
        triples.extend(_entity_triples(entity, res, declared, local_ids, exists))
    triples.extend(_extra_triples(doc.extra_triples, source))
    return triples


def _entries(doc: PortfolioDocument) -> Iterable[tuple[Entity, str]]:
    """Yield each entity with where it is written: ``services[2]`` (its section and index)."""
    for section in SECTIONS:
        for i, entity in enumerate(getattr(doc, section)):
            yield entity, f"{section}[{i}]"


@cache
def _target_sections(term: str) -> tuple[str, ...]:
    """Return the sections whose entries a link ``stsm:<term>`` may name (from its range).

    Examples
    --------
    >>> _target_sections("hasNeed"), _target_sections("realizedBy")
    (('needs',), ('service_systems', 'components'))
    """
    g = ontology_graph()
    prop = _stsm(term)
    ranges = {str(o) for p in (RDFS.range, _SCHEMA_RANGE) for o in g.objects(prop, p)}
    supers = superclasses()
    out = []
    for section, model in SECTIONS.items():
        classes = [model.rdf_class, *model.kinds.values()]
        for cls in (str(_stsm(c)) for c in classes):
            if cls in ranges or ranges & supers.get(cls, frozenset()):
                out.append(section)
                break
    return tuple(out)


def _entity_triples(
    entity: Entity,
    res: _Resolver,
    declared: Mapping[URIRef, str],
    local_ids: Mapping[str, list[str]],
    exists: Callable[[URIRef], bool] | None = None,
) -> Iterable[Triple]:
    s = res.iri(entity.id, entry=entity.id)
    kind = getattr(entity, "kind", None)
    cls = entity.kinds[kind] if kind else entity.rdf_class
    yield (s, RDF.type, _stsm(cls))
    yield (s, RDFS.label, Literal(entity.label))
    if entity.description is not None:
        yield (s, DCTERMS.description, Literal(entity.description))
    for name, info in type(entity).model_fields.items():
        extra = info.json_schema_extra
        if not isinstance(extra, dict):
            continue
        pred = _stsm(str(extra["rdf"]))
        role = extra["role"]
        v = getattr(entity, name)
        if v is None:
            continue
        if role == "link":
            for target in v:
                o = res.iri(target, entry=entity.id, field=name)
                known = o in declared or (exists is not None and exists(o))
                if not known and res.is_local(target):
                    raise _unknown_reference(
                        target, entity, name, str(extra["rdf"]), local_ids, res.source
                    )
                yield (s, pred, o)
        elif role == "concept":
            yield (s, pred, _stsm(v.value))
        elif role == "values":
            for item in v:
                yield (s, pred, _literal(item))
        else:
            yield (s, pred, _literal(v))


def _unknown_reference(
    target: str,
    entity: Entity,
    field: str,
    term: str,
    local_ids: Mapping[str, list[str]],
    source: str,
) -> UnknownReferenceError:
    """Return the error for a link to an undeclared id; near matches only of the right kind."""
    sections = _target_sections(term) or tuple(local_ids)
    pool = [i for section in sections for i in local_ids.get(section, ())]
    near = difflib.get_close_matches(target, pool, n=3, cutoff=0.5) if len(target) < 200 else []
    kinds = ", ".join(sections)
    return UnknownReferenceError(
        f"{excerpt(target)} is not the id of any entry",
        near=near,
        file=source,
        entry=_short(entity.id),
        field=field,
        expected=f"the id of an entry of {kinds} in this document, a prefixed name, or a full IRI",
    )


def _literal(v: Any) -> Literal:
    if isinstance(v, bool):
        return Literal(v)
    if isinstance(v, int):
        return Literal(str(v), datatype=XSD.integer)
    if isinstance(v, Decimal):
        return Literal(_decimal_text(v), datatype=XSD.decimal)
    if isinstance(v, dt.date):
        return Literal(v.isoformat(), datatype=XSD.date)
    return Literal(str(v))


def _decimal_text(d: Decimal) -> str:
    text = format(d, "f")
    return text


def _extra_triples(lines: list[str], source: str) -> list[Triple]:
    """Read ``extra_triples`` with the parser that reads N-Triples files (same IRIs accepted)."""
    triples: list[Triple] = []
    for i, line in enumerate(lines):
        try:
            quads = list(ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
            for q in quads:
                s, p, o = from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)
                assert s is not None and p is not None and o is not None
                triples.append((s, p, o))
        except (SyntaxError, TypeError, UnicodeError) as exc:
            raise ParseError(
                f"not an N-Triples line: {str(exc)[:200]}",
                file=source,
                entry=f"extra_triples[{i}]",
                field="extra_triples",
                expected="<subject> <predicate> object .",
            ) from None
    return triples


# --------------------------------------------------------------------------- writing


def _field_index() -> dict[type[Entity], dict[URIRef, tuple[str, str]]]:
    index: dict[type[Entity], dict[URIRef, tuple[str, str]]] = {}
    for model in SECTIONS.values():
        fields: dict[URIRef, tuple[str, str]] = {}
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra
            if isinstance(extra, dict):
                fields[_stsm(str(extra["rdf"]))] = (name, str(extra["role"]))
        index[model] = fields
    return index


def _class_index() -> dict[URIRef, tuple[type[Entity], str | None]]:
    index: dict[URIRef, tuple[type[Entity], str | None]] = {}
    for model in SECTIONS.values():
        index[_stsm(model.rdf_class)] = (model, None)
        for kind, cls in model.kinds.items():
            index[_stsm(cls)] = (model, kind)
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
    named = {s for s in typed if any(p == RDFS.label and _plain(o) for p, o in by_subject[s])}

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
        own_class = _stsm(model.kinds[kind] if kind else model.rdf_class)
        if p == RDF.type and not type_taken and o == own_class:
            type_taken = True
            continue
        if p in (RDFS.label, DCTERMS.description) and _plain(o):
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
            if role == "values" and _plain(o):
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


def _plain(o: Node) -> bool:
    return (
        isinstance(o, Literal)
        and o.language is None
        and (o.datatype is None or o.datatype == XSD.string)
    )


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
        elif "str" in annotation and _plain(o):
            candidate = lexical
        else:
            return None
    except (ValueError, InvalidOperation):
        return None
    return candidate if _literal(candidate) == o else None


def dump_document(doc: PortfolioDocument, *, fmt: str = "yaml") -> str:
    """Write a document as YAML (default) or JSON, leaving out empty fields.

    Examples
    --------
    >>> print(dump_document(PortfolioDocument(needs=[{"id": "n1", "label": "N"}])), end="")
    stsm_graph: 1
    base: https://example.org/portfolio/
    needs:
    - id: n1
      label: N
    """
    data = doc.model_dump(mode="python", exclude_defaults=True)
    data = {"stsm_graph": doc.stsm_graph, "base": doc.base, **data}
    data = _plainify(data)
    if fmt == "json":
        return _json_text(data) + "\n"
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, with numbers written exactly and NEL double-quoted.

    PyYAML writes NEL raw inside a single-quoted scalar, where reading folds it to a space.
    A ``Decimal`` is written as a plain number, digit for digit (``99.90``), which the
    reader takes back as the same ``Decimal``.
    """


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = '"' if "\x85" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _number_text(d: Decimal) -> str | None:
    """Return ``d`` as a YAML or JSON number that reads back as the very same ``Decimal``.

    Examples
    --------
    >>> _number_text(Decimal("99.90")), _number_text(Decimal("24")), _number_text(Decimal("-0"))
    ('99.90', '24', None)
    """
    text = _decimal_text(d)
    if "." not in text and Decimal(int(text)).as_tuple() != d.as_tuple():
        return None  # -0 reads back as 0
    return text


def _represent_decimal(dumper: yaml.SafeDumper, data: Decimal) -> yaml.ScalarNode:
    text = _number_text(data)
    if text is None:
        return dumper.represent_scalar("tag:yaml.org,2002:str", _decimal_text(data))
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Decimal, _represent_decimal)


def _json_text(v: Any, indent: int = 0) -> str:
    """JSON as ``json.dumps(indent=2)`` writes it, except that a ``Decimal`` is an exact number."""
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(v, dict) and v:
        items = (
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {_json_text(x, indent + 1)}"
            for k, x in v.items()
        )
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(v, list) and v:
        return "[\n" + ",\n".join(inner + _json_text(x, indent + 1) for x in v) + "\n" + pad + "]"
    if isinstance(v, Decimal):
        text = _number_text(v)
        return text if text is not None else json.dumps(_decimal_text(v))
    return json.dumps(v, ensure_ascii=False)


def _plainify(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _plainify(x) for k, x in v.items() if x not in (None, [])}
    if isinstance(v, list):
        return [_plainify(x) for x in v]
    if isinstance(v, Enum):
        return v.value
    if isinstance(v, dt.date):
        return v.isoformat()
    return v
