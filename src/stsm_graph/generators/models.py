"""Write the entity models of the authoring format from a ``stsm.ttl``: ``models_generated.py``.

One pydantic model per class with an ``stsm:section``, in the order the vocabulary defines
the classes; one field per property whose domain (``schema:domainIncludes``) holds the class
or one of its superclasses, in the order the vocabulary defines the properties, named by the
property's ``stsm:field``: a link (a property with an ``stsm:changePropagation``) holds a list
of ids; a concept-valued property (``stsm:valueScheme``) one member of its scheme's enum; a
datatype property one value of its range's Python type, or a list of strings where it is not
an ``owl:FunctionalProperty``. Subclasses without a section of their own are the class's
``kind`` values (with their ``stsm:formerKind`` spellings). Then ``ENTITY_MODELS``,
``SECTIONS`` and ``PortfolioDocument`` with one section per model.
``python -m stsm_graph.generators`` writes the module and ``tests/test_generated.py`` keeps
it current; the hand-written rest is in ``_entity.py``.

Examples
--------
>>> from stsm_graph.vocabulary.resources import ontology_text
>>> text = models_source(ontology_text("stsm.ttl"))
>>> "class Need(Entity):" in text and 'link_field("requiresLevel")' in text
True
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from stsm_graph.generators.tables import NS, file_order, read_tables

_XSD = "http://www.w3.org/2001/XMLSchema#"
_SCHEMA = "https://schema.org/"
#: the Python type of a value of each XSD datatype a datatype property's range may name
_PY_TYPES = {"integer": "int", "decimal": "Decimal", "date": "dt.date", "string": "str"}


@dataclass(frozen=True)
class _Field:
    name: str
    term: str
    annotation: str
    declaration: str


def _text(g: Graph, node: URIRef, p: URIRef) -> str:
    found = sorted(str(o) for o in g.objects(node, p) if isinstance(o, Literal))
    return found[0] if found else ""


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _doc(g: Graph, node: URIRef, indent: str) -> list[str]:
    """Return the docstring of a term: its label and name, then its definition."""
    head = f"{_text(g, node, RDFS.label)} (``stsm:{str(node)[len(NS) :]}``)."
    body = textwrap.wrap(_text(g, node, SKOS.definition), width=96 - len(indent))
    return [f'{indent}"""{head}', "", *(f"{indent}{ln}" for ln in body), f'{indent}"""']


def _enums(g: Graph, tables: dict[str, object], order: list[str]) -> dict[str, list[str]]:
    """Return the source of each concept property's enum, by property, one enum per scheme."""
    schemes: dict[str, str] = tables["VALUE_SCHEMES"]  # type: ignore[assignment]
    concepts: dict[str, tuple[str, ...]] = tables["CONCEPT_VALUES"]  # type: ignore[assignment]
    out: dict[str, list[str]] = {}
    for prop in sorted(schemes, key=order.index):
        scheme = schemes[prop]
        name = scheme.removesuffix("Scheme")
        lines = [f"class {name}(str, Enum):", *_doc(g, URIRef(NS + scheme), "    ")]
        lines.append("")
        for c in concepts[prop]:
            member = _text(g, URIRef(NS + c), URIRef(NS + "memberName")) or _snake(c)
            lines.append(f'    {member} = "{c}"')
        out[prop] = lines
    return out


def _fields_of(
    g: Graph, cls: str, tables: dict[str, object], order: list[str], enums: dict[str, str]
) -> list[_Field]:
    """Return the fields of the model of ``cls``, in the vocabulary's order of properties."""
    supers: dict[str, tuple[str, ...]] = tables["SUPERCLASSES"]  # type: ignore[assignment]
    fields: dict[str, str] = tables["FIELDS"]  # type: ignore[assignment]
    datatypes: dict[str, str] = tables["DATATYPES"]  # type: ignore[assignment]
    links: dict[str, tuple[str, ...]] = tables["LINK_SUBJECTS"]  # type: ignore[assignment]
    functional: tuple[str, ...] = tables["SINGLE_VALUED"]  # type: ignore[assignment]
    mine = {cls, *supers.get(cls, ())}
    out = []
    for p in sorted(fields, key=order.index):
        node = URIRef(NS + p)
        domain = {str(o)[len(NS) :] for o in g.objects(node, URIRef(_SCHEMA + "domainIncludes"))}
        domain |= {str(o)[len(NS) :] for o in g.objects(node, RDFS.domain)}
        if not domain & mine:
            continue
        name = fields[p]
        if p in links:
            out.append(_Field(name, p, "list[str]", f'link_field("{p}")'))
        elif p in enums:
            if p not in functional:
                raise ValueError(f"stsm:{p}: a concept property takes one value (functional)")
            out.append(_Field(name, p, f"{enums[p]} | None", f'concept_field("{p}")'))
        elif p in functional:
            out.append(_Field(name, p, f"{_PY_TYPES[datatypes[p]]} | None", f'value_field("{p}")'))
        elif datatypes.get(p) == "string":
            out.append(_Field(name, p, "list[str]", f'values_field("{p}")'))
        else:
            raise ValueError(f"stsm:{p}: only text properties may take several values")
    return out


def _kind_names(g: Graph, cls: str, tables: dict[str, object], order: list[str]) -> list[str]:
    """Return the subclasses of ``cls`` without a section of their own: its ``kind`` values."""
    supers: dict[str, tuple[str, ...]] = tables["SUPERCLASSES"]  # type: ignore[assignment]
    sections: dict[str, str] = tables["SECTIONS"]  # type: ignore[assignment]
    return [
        c
        for c in order
        if cls in supers.get(c, ()) and c not in sections.values() and _is_class(g, c)
    ]


def _former_kinds(g: Graph, kinds: Iterable[str]) -> dict[str, str]:
    """Return each older spelling of a ``kind`` value (``stsm:formerKind``) -> the kind."""
    return {str(o): c for c in kinds for o in g.objects(URIRef(NS + c), URIRef(NS + "formerKind"))}


def _kinds(g: Graph, cls: str, tables: dict[str, object], order: list[str]) -> list[str]:
    """Return the ``kinds`` and ``former_kinds`` of the model of ``cls``, and its ``kind``."""
    kinds = _kind_names(g, cls, tables, order)
    if not kinds:
        return []
    former = _former_kinds(g, kinds)
    lines = [
        "    kinds: ClassVar[dict[str, str]] = {",
        *(f'        "{k}": "{k}",' for k in kinds),
        "    }",
    ]
    if former:
        lines += [
            "    former_kinds: ClassVar[dict[str, str]] = {",
            *(f'        "{k}": "{c}",' for k, c in former.items()),
        ]
        lines.append("    }")
    literal = "Literal[" + ", ".join(f'"{k}"' for k in kinds) + "] | None"
    line = f"    kind: {literal} = None"
    lines += [line] if len(line) <= 100 else [f"    kind: {literal} = (", "        None", "    )"]
    return lines


def _is_class(g: Graph, name: str) -> bool:
    return (URIRef(NS + name), RDF.type, OWL.Class) in g


_HEAD = '''"""The entity models of the authoring format: one per class with a section.

Generated from ``ontology/stsm.ttl`` by ``python -m stsm_graph.generators``; do not edit.
The hand-written rest (the base ``Entity`` and its validator, the head of a document) is in
``_entity.py``; ``stsm_graph.authoring.model`` is the public face of both.

Examples
--------
>>> StandardService(id="s", label="S", addresses="n").addresses
['n']
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import ClassVar, Literal

from pydantic import Field

from stsm_graph.authoring.entity import (
    DocumentHead,
    Entity,
    concept_field,
    link_field,
    value_field,
    values_field,
)
'''

_DOCUMENT_DOC = '''    """A whole portfolio in the authoring format (YAML or JSON).

    ``base`` is the IRI that short ids are resolved against; ``prefixes`` declares
    prefixed names usable as ids; ``extra_triples`` carries, as N-Triples lines, any triple
    the sections cannot express (so that every graph round-trips).

    Examples
    --------
    >>> doc = PortfolioDocument.model_validate({
    ...     "base": "https://example.org/p/",
    ...     "customers": [{"id": "acme", "label": "ACME", "has_need": "n1"}],
    ...     "needs": [{"id": "n1", "label": "Backups that restore"}],
    ... })
    >>> [e.id for e in doc.entities()]
    ['acme', 'n1']
    """
'''


@dataclass(frozen=True)
class ModelOutline:
    """What the generated model of one class is: its section, kinds and fields."""

    section: str
    rdf_class: str
    kinds: tuple[str, ...]
    former_kinds: tuple[str, ...]
    #: (field name, property) of each field, in order
    fields: tuple[tuple[str, str], ...]


def model_outlines(ttl: str) -> list[ModelOutline]:
    """Return the outline of each model the vocabulary ``ttl`` makes, in document order.

    Examples
    --------
    >>> from stsm_graph.vocabulary.resources import ontology_text
    >>> outline = model_outlines(ontology_text("stsm.ttl"))[0]
    >>> outline.section, outline.rdf_class, outline.fields
    ('customers', 'Customer', (('has_need', 'hasNeed'),))
    """
    g = Graph()
    g.parse(data=ttl, format="turtle")
    tables = read_tables(ttl)
    order = file_order(ttl)
    sections: dict[str, str] = tables["SECTIONS"]
    section_of = {c: s for s, c in sections.items()}
    enum_of = {p: p for p in tables["VALUE_SCHEMES"]}
    out = []
    for cls in sorted(sections.values(), key=order.index):
        kinds = tuple(_kind_names(g, cls, tables, order))
        former = tuple(_former_kinds(g, kinds))
        fields = tuple((f.name, f.term) for f in _fields_of(g, cls, tables, order, enum_of))
        out.append(ModelOutline(section_of[cls], cls, kinds, former, fields))
    return out


def models_source(ttl: str) -> str:
    """Return the Python source of ``models_generated.py`` for the vocabulary ``ttl``."""
    g = Graph()
    g.parse(data=ttl, format="turtle")
    tables = read_tables(ttl)
    order = file_order(ttl)
    sections: dict[str, str] = tables["SECTIONS"]
    classes = sorted(sections.values(), key=order.index)
    section_of = {c: s for s, c in sections.items()}
    enums = _enums(g, tables, order)
    enum_of = {p: lines[0].split()[1].split("(")[0] for p, lines in enums.items()}
    names = sorted(
        {*enum_of.values(), *classes, "ENTITY_MODELS", "Entity", "PortfolioDocument", "SECTIONS"}
    )
    out = [_HEAD, "__all__ = [", *(f'    "{n}",' for n in names), "]", ""]
    for lines in dict.fromkeys(tuple(v) for v in enums.values()):  # one enum per scheme
        out += ["", *lines, ""]
    for cls in classes:
        node = URIRef(NS + cls)
        out += ["", f"class {cls}(Entity):", *_doc(g, node, "    "), ""]
        out += [f'    rdf_class = "{cls}"', f'    section = "{section_of[cls]}"']
        out += _kinds(g, cls, tables, order)
        for f in _fields_of(g, cls, tables, order, enum_of):
            out.append(f"    {f.name}: {f.annotation} = {f.declaration}")
        out.append("")
    out += ["", "#: every entity model, in document order"]
    out += ["ENTITY_MODELS: tuple[type[Entity], ...] = ("]
    out += [*(f"    {c}," for c in classes), ")", ""]
    out += ["#: section name -> entity model"]
    out += ["SECTIONS: dict[str, type[Entity]] = {m.section: m for m in ENTITY_MODELS}", "", ""]
    out += ["class PortfolioDocument(DocumentHead):", _DOCUMENT_DOC.rstrip("\n"), ""]
    for cls in classes:
        out.append(f"    {section_of[cls]}: list[{cls}] = Field(default_factory=list)")
    out.append("    extra_triples: list[str] = Field(default_factory=list)")
    return "\n".join(out) + "\n"
