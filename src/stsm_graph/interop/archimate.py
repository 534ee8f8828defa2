"""ArchiMate models in and out: the Model Exchange File Format, 2.1 and 3.0/3.1.

:func:`read` turns an exchange file into a :class:`~stsm_graph.Portfolio` by the table of
``ontology/alignments/archimate.csv`` (see docs/interop.md); :func:`read_with_report` also
says what was not mapped, by type. :func:`write` writes a portfolio as an ArchiMate 3.1
exchange file with a default view, for Archi and other tools.

Each element becomes the IRI ``base + identifier``; names keep their language tags,
documentation becomes ``dcterms:description`` and each property an annotation property
(``base + property definition identifier``, labelled with the property's name). The service
system around a service is ``<service IRI>/system``.

Examples
--------
>>> import tempfile, pathlib
>>> xml = '''<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"
...   xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">
...  <name>M</name><elements>
...   <element identifier="claims" xsi:type="BusinessService"><name>Claims</name></element>
...   <element identifier="fast" xsi:type="Requirement"><name>Fast payout</name></element>
...   <element identifier="p" xsi:type="BusinessProcess"><name>Handle claim</name></element>
...  </elements><relationships>
...   <relationship identifier="r1" xsi:type="Realization" source="claims" target="fast"/>
...   <relationship identifier="r2" xsi:type="Realization" source="p" target="claims"/>
...  </relationships></model>'''
>>> with tempfile.TemporaryDirectory() as d:
...     f = pathlib.Path(d, "m.xml")
...     _ = f.write_text(xml, encoding="utf-8")
...     result = read_with_report(f, base="https://example.org/m/")
>>> p = result.portfolio
>>> sorted(str(r[0]) for r in p.query("SELECT ?n WHERE { ?s stsm:addresses ?n }"))
['https://example.org/m/fast']
>>> [str(r[0]) for r in p.query(
...     "SELECT ?c WHERE { ?s stsm:deliveredBy/stsm:hasComponent ?c }")]
['https://example.org/m/p']
>>> result.unmapped_elements, result.unmapped_relationships
({}, {})
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from stsm_graph.common.files import input_file
from stsm_graph.common.terms import valid_iri
from stsm_graph.errors import InputError
from stsm_graph.interop.exchange import ElementText, ModelFacts, scan_elements, scan_model
from stsm_graph.interop.export import element_identifier, to_exchange_xml, write
from stsm_graph.interop.mapping import archimate_mapping
from stsm_graph.interop.rules import Derived, derive, rule_types
from stsm_graph.interop.staging import Triple, stage
from stsm_graph.portfolio import Portfolio
from stsm_graph.stores.base import Store
from stsm_graph.vocabulary.namespace import STSM

__all__ = [
    "ImportResult",
    "default_base",
    "element_identifier",
    "read",
    "read_with_report",
    "to_exchange_xml",
    "write",
]


@dataclass(frozen=True)
class ImportResult:
    """A portfolio read from an ArchiMate model, and what of the model was not mapped.

    Attributes
    ----------
    portfolio
        The portfolio, in a new store.
    version
        ``"2.1"`` or ``"3.x"``: the exchange format the file used.
    elements, relationships
        How many of each the model holds.
    used_relationships
        How many relationships a rule of the mapping used (the others are in
        ``unmapped_relationships``).
    mapped
        How many nodes of each ``stsm:`` class (local name) the import made.
    unmapped_elements, unmapped_relationships
        The elements and relationships no rule maps, counted by ArchiMate type.
    """

    portfolio: Portfolio
    version: str
    elements: int
    relationships: int
    used_relationships: int
    mapped: Mapping[str, int]
    unmapped_elements: Mapping[str, int]
    unmapped_relationships: Mapping[str, int]


def default_base(identifier: str) -> str:
    """Return the base IRI of a model's nodes when none is given: one per model identifier.

    Examples
    --------
    >>> default_base("id-11f5304f")
    'urn:archimate:id-11f5304f:'
    """
    return f"urn:archimate:{identifier or 'model'}:"


def read(
    path: str | os.PathLike[str], *, base: str | None = None, store: str | Store = "oxigraph"
) -> Portfolio:
    """Read an ArchiMate exchange file as a portfolio (see :func:`read_with_report`)."""
    return read_with_report(path, base=base, store=store).portfolio


def read_with_report(
    path: str | os.PathLike[str], *, base: str | None = None, store: str | Store = "oxigraph"
) -> ImportResult:
    """Read an ArchiMate exchange file (2.1, 3.0 or 3.1) as a portfolio, and what was left.

    The file is streamed twice (see :mod:`stsm_graph.interop.exchange`), the triples made
    are checked as any loaded file's are, and only then put in a new store of kind ``store``.

    Parameters
    ----------
    path
        The exchange file.
    base
        The IRI each element identifier is appended to; by default
        ``urn:archimate:<model identifier>:``.
    store
        Where the portfolio lives (as for :class:`~stsm_graph.Portfolio`).

    Raises
    ------
    PortfolioFileNotFoundError
        If there is no such file.
    ParseError
        If it is not well-formed XML (the line is named).
    InputError
        If it is not an exchange model, declares a DOCTYPE, holds an element or relationship
        of a type the format does not know, or a name in an invalid language; the file and
        the element's identifier are named. :class:`~stsm_graph.errors.UnknownReferenceError`
        if a relationship points at an identifier the model lacks.
    """
    source = os.fspath(path)
    file = input_file(path, what="an ArchiMate exchange file (.xml)")
    mapping = archimate_mapping()
    facts = scan_model(file, rule_types(mapping))
    base = base if base is not None else default_base(facts.identifier)
    if not valid_iri(base + "x"):
        raise InputError(f"the base {base!r} is not an IRI", file=source, field="base")
    derived = derive(facts.element_types, facts.relationships, mapping)
    parts: set[str] = set().union(*derived.components.values())
    classes = {
        ident: mapping.classes.get(kind, STSM.ServiceSystemComponent)
        for ident, kind in facts.element_types.items()
        if kind in mapping.classes or ident in parts
    }
    texts = scan_elements(file, classes.keys())
    staging = stage(_triples(facts, derived, classes, texts, base, source), source)
    portfolio = Portfolio(store)
    portfolio.store.replace_from(staging)
    portfolio.base = base
    unmapped = Counter(k for i, k in facts.element_types.items() if i not in classes)
    left = derived.unmapped(facts.relationships) + facts.other_relationships
    return ImportResult(
        portfolio,
        facts.version,
        len(facts.element_types),
        len(facts.relationships) + sum(facts.other_relationships.values()),
        len(derived.mapped),
        dict(sorted(Counter(str(c).rsplit("#", 1)[1] for c in classes.values()).items())),
        dict(sorted(unmapped.items())),
        dict(sorted(left.items())),
    )


def _literal(text: str, lang: str | None, source: str, entry: str, field: str) -> Literal:
    try:
        return Literal(text, lang=lang or None)
    except ValueError:
        raise InputError(
            f"xml:lang {lang!r} is not a language tag",
            file=source,
            entry=entry,
            field=field,
            expected="a BCP 47 tag such as en or pt-BR",
        ) from None


def _iri(base: str, ident: str, source: str) -> URIRef:
    iri = base + ident
    if not valid_iri(iri):
        raise InputError(
            f"the identifier does not make an IRI under the base ({iri!r})",
            file=source,
            entry=ident,
            field="identifier",
        )
    return URIRef(iri)


def _element_triples(
    node: URIRef, text: ElementText, facts: ModelFacts, base: str, source: str, ident: str
) -> Iterator[Triple]:
    for name, lang in text.names:
        yield node, RDFS.label, _literal(name, lang, source, ident, "name")
    if not text.names:  # every node needs a name (the shapes say so): its identifier
        yield node, RDFS.label, Literal(ident)
    for doc, lang in text.documentation:
        yield node, DCTERMS.description, _literal(doc, lang, source, ident, "documentation")
    for ref, value, lang in text.properties:
        prop = _iri(base, ref, source)
        yield prop, RDF.type, OWL.AnnotationProperty
        if ref in facts.property_names:
            yield prop, RDFS.label, Literal(facts.property_names[ref])
        yield node, prop, _literal(value, lang, source, ident, "property")


def _triples(
    facts: ModelFacts,
    derived: Derived,
    classes: Mapping[str, URIRef],
    texts: Iterable[tuple[str, ElementText]],
    base: str,
    source: str,
) -> Iterator[Triple]:
    """Yield the portfolio's triples: mapped elements, service systems, links."""
    for ident, text in texts:
        node = _iri(base, ident, source)
        yield node, RDF.type, classes[ident]
        yield from _element_triples(node, text, facts, base, source, ident)
        if ident in derived.components:
            system = URIRef(f"{node}/system")
            yield system, RDF.type, STSM.ServiceSystem
            for name, lang in text.names:
                label = f"{name} (service system)"
                yield system, RDFS.label, _literal(label, lang, source, ident, "name")
            yield node, STSM.deliveredBy, system
            for part in sorted(derived.components[ident]):
                yield system, STSM.hasComponent, _iri(base, part, source)
    for subject, prop, obj in derived.links:
        yield _iri(base, subject, source), prop, _iri(base, obj, source)
