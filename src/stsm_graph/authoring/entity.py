"""The hand-written part of the entity models: what every entry and every document shares.

``models_generated.py`` declares one model per class of the vocabulary, with a field per
property, from ``ontology/stsm.ttl``; this module holds what is not structure and so is not
generated: the base :class:`Entity` with its validator (a single id where a list is expected,
no booleans for numbers, no lone surrogates, numbers in range, former spellings of ``kind``),
the field declarators the generated models use, and :class:`DocumentHead`, the non-entity part
of a document (format version, base IRI, prefixes). :mod:`stsm_graph.authoring.model` is the
public face.

Examples
--------
>>> class Thing(Entity):
...     rdf_class = "Thing"
...     section = "things"
...     links: list[str] = link_field("hasLink")
>>> Thing(id="t", label="T", links="u").links
['u']
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from stsm_graph.common.values import (
    FORMAT_VERSIONS,
    bounded_decimal,
    bounded_integer,
    number_preview,
    refuse_surrogates,
)

__all__ = ["DocumentHead", "Entity", "concept_field", "link_field", "value_field", "values_field"]


def link_field(term: str) -> Any:
    """Declare a field holding ids of linked entities, stored as ``stsm:<term>``."""
    return Field(default_factory=list, json_schema_extra={"rdf": term, "role": "link"})


def value_field(term: str, default: Any = None) -> Any:
    """Declare a field holding a literal value, stored as ``stsm:<term>``."""
    return Field(default=default, json_schema_extra={"rdf": term, "role": "value"})


def values_field(term: str) -> Any:
    """Declare a field holding several literal values, stored as ``stsm:<term>``."""
    return Field(default_factory=list, json_schema_extra={"rdf": term, "role": "values"})


def concept_field(term: str) -> Any:
    """Declare a field holding one SKOS concept of the vocabulary, stored as ``stsm:<term>``."""
    return Field(default=None, json_schema_extra={"rdf": term, "role": "concept"})


class Entity(BaseModel):
    """Common fields of every entity: ``id``, ``label`` and ``description``.

    ``id`` is a short name resolved against the document's ``base`` IRI, a prefixed name
    (``ex:contoso``), or a full IRI.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    #: the ``stsm:`` class of instances (local name)
    rdf_class: ClassVar[str] = ""
    #: the section of the authoring document that lists this entity
    section: ClassVar[str] = ""
    #: optional ``kind`` values mapped to subclasses (local names)
    kinds: ClassVar[dict[str, str]] = {}
    #: older spellings of ``kind`` values (``market_trend``), still read, never written
    former_kinds: ClassVar[dict[str, str]] = {}

    id: str = Field(min_length=1)
    label: str = Field(min_length=1)
    description: str | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _one_as_list(cls, v: Any, info: Any) -> Any:
        """Accept a single id where a list of ids is expected; refuse booleans everywhere.

        Also refuse text that is not Unicode (a lone surrogate) and numbers out of range.
        """
        if isinstance(v, bool):  # YAML reads true/yes as a boolean, which would pass as 1
            raise ValueError("a boolean is not accepted here; write a number or quote the text")
        refuse_surrogates(v)
        if info.field_name == "kind" and isinstance(v, str):
            return cls.former_kinds.get(v, v)
        info_field = cls.model_fields[info.field_name]
        types = {info_field.annotation, *getattr(info_field.annotation, "__args__", ())}
        if Decimal in types:
            return bounded_decimal(v)
        if int in types:
            return bounded_integer(v)
        extra = info_field.json_schema_extra
        is_list = isinstance(extra, dict) and extra.get("role") in ("link", "values")
        if is_list and isinstance(v, str | int | float | Decimal):
            return [v]
        return v


class DocumentHead(BaseModel):
    """The part of a document that is not entities: format version, base IRI, prefixes.

    The generated ``PortfolioDocument`` adds one section per class, then ``extra_triples``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    stsm_graph: int = Field(default=1, description="version of this authoring format")
    base: str = "https://example.org/portfolio/"
    prefixes: dict[str, str] = Field(default_factory=dict)

    @field_validator("stsm_graph", mode="before")
    @classmethod
    def _known_version(cls, v: Any) -> Any:
        """Refuse a version of the format this library does not read (a newer one, say)."""
        if isinstance(v, int) and not isinstance(v, bool) and v not in FORMAT_VERSIONS:
            versions = ", ".join(map(str, FORMAT_VERSIONS))
            raise ValueError(
                f"this library reads version {versions} of the authoring format, not "
                f"{number_preview(v) if v.bit_length() < 64 else 'a number that large'}; "
                "upgrade stsm-graph to read this file"
            )
        return v

    @field_validator("base", "prefixes", "extra_triples", mode="before", check_fields=False)
    @classmethod
    def _unicode(cls, v: Any) -> Any:
        """Refuse a lone surrogate in the base, the prefixes or an extra triple."""
        refuse_surrogates(v)
        return v

    def entities(self) -> list[Entity]:
        """Return every entity of the document, section by section."""
        out: list[Entity] = []
        for name in type(self).model_fields:
            section = getattr(self, name)
            if isinstance(section, list):
                out.extend(e for e in section if isinstance(e, Entity))
        return out
