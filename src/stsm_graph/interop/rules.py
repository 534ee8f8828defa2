"""The rules of ``archimate.csv`` applied to a model's relationships: links and components.

Examples
--------
>>> from stsm_graph.interop.exchange import Relationship
>>> types = {"b": "ApplicationService", "p": "BusinessProcess", "a": "BusinessService"}
>>> rels = [Relationship("r1", "Serving", "Serving", "b", "p"),
...         Relationship("r2", "Realization", "Realization", "p", "a")]
>>> d = derive(types, rels, archimate_mapping())
>>> [(s, str(p).rsplit("#")[1], o) for s, p, o in sorted(d.links)]
[('a', 'dependsOn', 'b')]
>>> d.components, sorted(d.mapped)
({'a': {'p'}}, ['r1', 'r2'])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rdflib import URIRef

from stsm_graph.interop.exchange import Relationship
from stsm_graph.interop.mapping import ArchimateMapping, archimate_mapping

__all__ = ["Derived", "derive", "rule_types"]


@dataclass
class Derived:
    """What the relationships give: links, components by service, the relationships used."""

    #: (subject identifier, stsm property, object identifier)
    links: set[tuple[str, URIRef, str]] = field(default_factory=set)
    #: service identifier -> identifiers of the elements that are components of its system
    components: dict[str, set[str]] = field(default_factory=dict)
    #: identifiers of the relationships some rule used
    mapped: set[str] = field(default_factory=set)

    def unmapped(self, relationships: Iterable[Relationship]) -> Counter[str]:
        """Count the ``relationships`` no rule used, by type as written."""
        return Counter(r.written for r in relationships if r.identifier not in self.mapped)


def rule_types(mapping: ArchimateMapping | None = None) -> frozenset[str]:
    """Return the relationship types (3.x names) some rule of ``mapping`` reads."""
    m = mapping or archimate_mapping()
    kinds: set[str] = set()
    for rule in m.links:
        kinds |= rule.relationships
    for chain in m.chains:
        kinds |= {chain.first, chain.second}
    for comp in m.components:
        kinds |= comp.relationships
    return frozenset(kinds)


def _add(d: Derived, rel: str, subject: str, prop: URIRef, obj: str) -> None:
    if subject != obj:  # a thing depending on or informing itself says nothing
        d.links.add((subject, prop, obj))
        d.mapped.add(rel)


def _links(types: Mapping[str, str], rels: list[Relationship], m: ArchimateMapping) -> Derived:
    d = Derived()
    for rel in rels:
        s, t = types.get(rel.source), types.get(rel.target)
        for rule in m.links:
            if rel.type not in rule.relationships:
                continue
            for a, b, ta, tb in ((rel.source, rel.target, s, t), (rel.target, rel.source, t, s)):
                if ta in rule.source and tb in rule.target:
                    subject, obj = (a, b) if rule.subject_is_source else (b, a)
                    _add(d, rel.identifier, subject, rule.property, obj)
                if not rule.either:
                    break
    return d


def _components(
    d: Derived, types: Mapping[str, str], rels: list[Relationship], m: ArchimateMapping
) -> None:
    for rule in m.components:
        for rel in rels:
            source = types.get(rel.source)
            if (
                rel.type in rule.relationships
                and source is not None
                and source not in m.classes
                and types.get(rel.target) in rule.target
            ):
                d.components.setdefault(rel.target, set()).add(rel.source)
                d.mapped.add(rel.identifier)


def _chains(
    d: Derived, types: Mapping[str, str], rels: list[Relationship], m: ArchimateMapping
) -> None:
    for chain in m.chains:
        # X second A, by X: what X leads to, with the relationship that says so
        second: dict[str, list[tuple[str, str]]] = {}
        for rel in rels:
            if rel.type == chain.second and types.get(rel.target) in chain.target:
                second.setdefault(rel.source, []).append((rel.target, rel.identifier))
        for rel in rels:
            if rel.type != chain.first or types.get(rel.source) not in chain.source:
                continue
            for end, via in second.get(rel.target, ()):
                b, a = rel.source, end
                subject, obj = (b, a) if chain.subject_is_source else (a, b)
                if subject != obj:
                    _add(d, rel.identifier, subject, chain.property, obj)
                    d.mapped.add(via)


def derive(
    types: Mapping[str, str],
    relationships: Iterable[Relationship],
    mapping: ArchimateMapping | None = None,
) -> Derived:
    """Apply the rules to the relationships, given each element's type by identifier.

    A relationship whose end is a relationship (ArchiMate 3 allows an association with one)
    has no element type there and matches no rule.
    """
    m = mapping or archimate_mapping()
    rels = list(relationships)
    d = _links(types, rels, m)
    _components(d, types, rels, m)
    _chains(d, types, rels, m)
    return d
