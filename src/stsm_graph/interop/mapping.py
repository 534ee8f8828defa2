"""The ArchiMate mapping as data: ``ontology/alignments/archimate.csv`` and its vocabulary.

Two packaged tables say how an ArchiMate model becomes a portfolio (see docs/interop.md):

- ``alignments/archimate.csv``: the rules, one row per row of the mapping table: which
  element types become which ``stsm:`` class, which relationships become which link;
- ``alignments/archimate-types.csv``: every element and relationship type of the Model
  Exchange File Format, by version (2.1, 3.x), and the 3.x name each is read as, so that a
  type the format does not know is an error and a known type with no rule is reported.

Examples
--------
>>> m = archimate_mapping()
>>> str(m.classes["InfrastructureService"]), str(m.classes["Outcome"])
('https://w3id.org/stsm#StandardService', 'https://w3id.org/stsm#StrategicObjective')
>>> archimate_types("2.1").relationships["UsedByRelationship"]
'Serving'
>>> sorted({str(r.property).rsplit("#")[1] for r in m.links})
['addresses', 'alignsWith', 'dependsOn', 'informs', 'supports']
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from rdflib import URIRef

from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.resources import ontology_text

__all__ = [
    "NAMESPACES",
    "ArchimateMapping",
    "ArchimateTypes",
    "ChainRule",
    "ComponentRule",
    "LinkRule",
    "alignment_rows",
    "archimate_mapping",
    "archimate_types",
]

#: exchange-format namespace -> version of the type table it uses
NAMESPACES: dict[str, str] = {
    "http://www.opengroup.org/xsd/archimate": "2.1",
    "http://www.opengroup.org/xsd/archimate/3.0/": "3.x",
    "http://www.opengroup.org/xsd/archimate/3.1/": "3.x",
}
_RULES = "alignments/archimate.csv"
_TYPES = "alignments/archimate-types.csv"


@dataclass(frozen=True)
class LinkRule:
    """A relationship between two element types that becomes an ``stsm:`` link.

    ``subject_is_source``: the link runs from the relationship's source (else from its
    target); ``either``: an undirected relationship, matched in both directions.
    """

    relationships: frozenset[str]
    source: frozenset[str]
    target: frozenset[str]
    property: URIRef
    subject_is_source: bool
    either: bool


@dataclass(frozen=True)
class ChainRule:
    """``B first X`` and ``X second A`` (X of any type) give a link between A and B."""

    first: str
    second: str
    source: frozenset[str]
    target: frozenset[str]
    property: URIRef
    subject_is_source: bool


@dataclass(frozen=True)
class ComponentRule:
    """An element of a type with no class, related to a target, is a component of its system."""

    relationships: frozenset[str]
    target: frozenset[str]


@dataclass(frozen=True)
class ArchimateMapping:
    """The rules of ``archimate.csv``: classes by element type, then the link rules."""

    classes: Mapping[str, URIRef]
    links: tuple[LinkRule, ...]
    chains: tuple[ChainRule, ...]
    components: tuple[ComponentRule, ...]


@dataclass(frozen=True)
class ArchimateTypes:
    """The element types of one exchange-format version, and its relationship types."""

    version: str
    elements: frozenset[str]
    #: relationship type as written -> its 3.x name
    relationships: Mapping[str, str]


def alignment_rows(name: str) -> list[dict[str, str]]:
    """Return the rows of a packaged CSV table (``alignments/...``), its ``#`` comments left out.

    Examples
    --------
    >>> alignment_rows("alignments/cpsv.csv")[0]["rule"]
    'service'
    """
    text = ontology_text(name)
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def _term(name: str, row: int) -> URIRef:
    try:
        return URIRef(getattr(STSM, name))
    except AttributeError:
        raise ValueError(
            f"{_RULES}, row {row}: stsm:{name} is not a term of the vocabulary"
        ) from None


@lru_cache(maxsize=4)
def archimate_types(version: str) -> ArchimateTypes:
    """Return the ArchiMate types of ``version`` (``"2.1"`` or ``"3.x"``)."""
    elements: set[str] = set()
    relationships: dict[str, str] = {}
    for row in alignment_rows(_TYPES):
        if row["version"] != version:
            continue
        if row["kind"] == "element":
            elements.add(row["name"])
        else:
            relationships[row["name"]] = row["reads_as"]
    if not elements:
        raise ValueError(f"{_TYPES}: no ArchiMate version {version!r}")
    return ArchimateTypes(version, frozenset(elements), relationships)


@lru_cache(maxsize=1)
def archimate_mapping() -> ArchimateMapping:
    """Return the mapping of ``archimate.csv``, each name checked against the vocabularies.

    Raises
    ------
    ValueError
        If the packaged table names an ``stsm:`` term or an ArchiMate type that does not exist.
    """
    known = archimate_types("2.1").elements | archimate_types("3.x").elements
    known_relationships = set(archimate_types("3.x").relationships.values())
    classes: dict[str, URIRef] = {}
    links: list[LinkRule] = []
    chains: list[ChainRule] = []
    components: list[ComponentRule] = []
    for number, row in enumerate(alignment_rows(_RULES), start=1):
        source, target = frozenset(row["source"].split()), frozenset(row["target"].split())
        relationships = row["relationship"].split()
        unknown = sorted((source | target) - known) + sorted(
            set(relationships) - known_relationships
        )
        if unknown:
            raise ValueError(f"{_RULES}, row {number}: not ArchiMate types: {unknown}")
        prop = _term(row["stsm"], number)
        by_source = row["subject"] == "source"
        if row["rule"] == "class":
            classes.update(dict.fromkeys(sorted(source), prop))
        elif row["rule"] == "link":
            either = row["either"] == "yes"
            links.append(
                LinkRule(frozenset(relationships), source, target, prop, by_source, either)
            )
        elif row["rule"] == "chain":
            first, second = relationships
            chains.append(ChainRule(first, second, source, target, prop, by_source))
        elif row["rule"] == "component":
            components.append(ComponentRule(frozenset(relationships), target))
        else:
            raise ValueError(f"{_RULES}, row {number}: no rule {row['rule']!r}")
    return ArchimateMapping(classes, tuple(links), tuple(chains), tuple(components))
