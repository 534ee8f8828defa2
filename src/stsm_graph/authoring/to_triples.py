"""A document as triples: each entity's type, label, links and values, every reference checked.

A short id in a link must be declared by the document (or name a node of the portfolio the
document is added to); an unknown one is refused with the near matches of the right kind.
``extra_triples`` are read as N-Triples lines.

Examples
--------
>>> from stsm_graph.authoring.document_text import parse_document
>>> doc = parse_document("needs: [{id: n1, label: N}]", source="demo.yaml")
>>> [t[1].n3() for t in document_triples(doc)]
['<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>', '<http://www.w3.org/2000/01/rdf-schema#label>']
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import cache

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from stsm_graph.authoring.model import SECTIONS, Entity, PortfolioDocument
from stsm_graph.authoring.reader import excerpt
from stsm_graph.authoring.terms import BUILTIN_PREFIXES, Triple, literal, stsm_term
from stsm_graph.common.terms import from_ox, valid_iri
from stsm_graph.errors import DuplicateIdError, InputError, ParseError, UnknownReferenceError
from stsm_graph.vocabulary.graph import ontology_graph, superclasses

__all__ = ["document_triples"]

_SCHEMA_RANGE = URIRef("https://schema.org/rangeIncludes")
_PREFIXED = re.compile(r"([A-Za-z][A-Za-z0-9_.\-]*):(.*)", re.DOTALL)


def _short(ident: str | None) -> str | None:
    """Return an id as an error names it: whole when short, else an excerpt."""
    return ident if ident is None or len(ident) <= 60 else excerpt(ident)


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
    for entity, (section, index) in _entries(doc):
        iri = res.iri(entity.id, entry=entity.id)
        where = f"{section}[{index}]"
        if iri in declared:
            raise DuplicateIdError(
                f"the id {excerpt(entity.id)} is declared twice: in {declared[iri]} and in {where}",
                file=source,
                entry=_short(entity.id),
                field="id",
                hint="Give each entry its own id",
                position=(section, index),  # the second one: its id names both
            )
        declared[iri] = where
        local_ids[entity.section].append(entity.id)
    triples: list[Triple] = []
    for entity in doc.entities():
        triples.extend(_entity_triples(entity, res, declared, local_ids, exists))
    triples.extend(_extra_triples(doc.extra_triples, source))
    return triples


def _entries(doc: PortfolioDocument) -> Iterable[tuple[Entity, tuple[str, int]]]:
    """Yield each entity with where it is written: its section and index."""
    for section in SECTIONS:
        for i, entity in enumerate(getattr(doc, section)):
            yield entity, (section, i)


@cache
def _target_sections(term: str) -> tuple[str, ...]:
    """Return the sections whose entries a link ``stsm:<term>`` may name (from its range).

    Examples
    --------
    >>> _target_sections("hasNeed"), _target_sections("realizedBy")
    (('needs',), ('service_systems', 'components'))
    """
    g = ontology_graph()
    prop = stsm_term(term)
    ranges = {str(o) for p in (RDFS.range, _SCHEMA_RANGE) for o in g.objects(prop, p)}
    supers = superclasses()
    out = []
    for section, model in SECTIONS.items():
        classes = [model.rdf_class, *model.kinds.values()]
        for cls in (str(stsm_term(c)) for c in classes):
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
    yield (s, RDF.type, stsm_term(cls))
    yield (s, RDFS.label, Literal(entity.label))
    if entity.description is not None:
        yield (s, DCTERMS.description, Literal(entity.description))
    for name, info in type(entity).model_fields.items():
        extra = info.json_schema_extra
        if not isinstance(extra, dict):
            continue
        pred = stsm_term(str(extra["rdf"]))
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
            yield (s, pred, stsm_term(v.value))
        elif role == "values":
            for item in v:
                yield (s, pred, literal(item))
        else:
            yield (s, pred, literal(v))


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
                position=("extra_triples", i),
            ) from None
    return triples
