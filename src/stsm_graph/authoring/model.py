"""Typed building blocks of a portfolio: the authoring format and the Python API.

Each entity is a frozen pydantic model with an ``id``, a ``label``, an optional
``description``, and fields that map one-to-one onto the vocabulary: links hold ids of other
entities, values are typed (a target value is a ``Decimal``, a date a ``date``), and
concept-valued fields take the local name of the concept (``status: Retired``).

The same models are (a) what a portfolio manager writes by hand in YAML or JSON,
grouped in sections (``services:``, ``needs:``, ...) and (b) how a program builds a
portfolio in Python.

Examples
--------
>>> svc = StandardService(id="svc-backup", label="Managed backup", addresses=["need-restore"])
>>> svc.status is None, svc.addresses
(True, ['need-restore'])
>>> ServiceLevel(id="sl-1", label="Availability", metric="availability",
...              target_value="99.9", unit="%", comparator="AtLeast").target_value
Decimal('99.9')
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from stsm_graph.common.values import (
    FORMAT_VERSIONS,
    bounded_decimal,
    bounded_integer,
    number_preview,
    refuse_surrogates,
)

__all__ = [
    "ActionKind",
    "Audience",
    "Capability",
    "Comparator",
    "ComponentKind",
    "CriticalAttribute",
    "Customer",
    "EndUser",
    "Entity",
    "Evidence",
    "LevelRequirement",
    "Measurement",
    "Need",
    "PlanAction",
    "PortfolioDocument",
    "SECTIONS",
    "SLATemplate",
    "ServiceAgreement",
    "ServiceCatalog",
    "ServiceDescription",
    "ServiceElement",
    "ServiceLevel",
    "ServiceLine",
    "ServiceSystem",
    "ServiceSystemComponent",
    "StandardService",
    "StandardServicePlan",
    "Status",
    "StrategicObjective",
    "TailoringCriterion",
    "Variability",
    "VariationPoint",
]


class Status(str, Enum):
    """Lifecycle status (``stsm:status``); no status means active."""

    planned = "Planned"
    active = "Active"
    retired = "Retired"


class Comparator(str, Enum):
    """How a target is met (``stsm:comparator``)."""

    at_least = "AtLeast"
    at_most = "AtMost"


class Audience(str, Enum):
    """Who a service description is for (``stsm:audience``)."""

    customer = "CustomerAudience"
    provider = "ProviderAudience"


class ActionKind(str, Enum):
    """What a plan action does to a service (``stsm:actionKind``)."""

    add = "AddService"
    revise = "ReviseService"
    retire = "RetireService"


class ComponentKind(str, Enum):
    """What sort of part a service system component is (``stsm:componentKind``)."""

    people = "People"
    process = "Process"
    tool = "Tool"
    infrastructure = "Infrastructure"
    information = "Information"
    supplier = "Supplier"


class Variability(str, Enum):
    """Whether a service element is common to every use or varies (``stsm:variability``)."""

    common = "CommonPart"
    variable = "VariablePart"


def _link(term: str) -> Any:
    """Declare a field holding ids of linked entities, stored as ``stsm:<term>``."""
    return Field(default_factory=list, json_schema_extra={"rdf": term, "role": "link"})


def _value(term: str, default: Any = None) -> Any:
    """Declare a field holding a literal value, stored as ``stsm:<term>``."""
    return Field(default=default, json_schema_extra={"rdf": term, "role": "value"})


def _values(term: str) -> Any:
    """Declare a field holding several literal values, stored as ``stsm:<term>``."""
    return Field(default_factory=list, json_schema_extra={"rdf": term, "role": "values"})


def _concept(term: str) -> Any:
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


class _Stakeholder(Entity):
    has_need: list[str] = _link("hasNeed")


class Customer(_Stakeholder):
    """A customer of the provider (``stsm:Customer``)."""

    rdf_class = "Customer"
    section = "customers"


class EndUser(_Stakeholder):
    """An end user of the provider's services (``stsm:EndUser``)."""

    rdf_class = "EndUser"
    section = "end_users"


class Need(Entity):
    """A need of a customer or end user (``stsm:Need``)."""

    rdf_class = "Need"
    section = "needs"
    aligns_with: list[str] = _link("alignsWith")
    requires_level: list[str] = _link("requiresLevel")
    status: Status | None = _concept("status")
    priority: int | None = _value("priority")


class StrategicObjective(Entity):
    """A strategic business objective of the provider (``stsm:StrategicObjective``)."""

    rdf_class = "StrategicObjective"
    section = "objectives"
    priority: int | None = _value("priority")


class Capability(Entity):
    """An organisational capability (``stsm:Capability``)."""

    rdf_class = "Capability"
    section = "capabilities"
    realized_by: list[str] = _link("realizedBy")


class StandardService(Entity):
    """A standard service of the set (``stsm:StandardService``)."""

    rdf_class = "StandardService"
    section = "services"
    addresses: list[str] = _link("addresses")
    supports: list[str] = _link("supports")
    requires_capability: list[str] = _link("requiresCapability")
    has_service_level: list[str] = _link("hasServiceLevel")
    delivered_by: list[str] = _link("deliveredBy")
    depends_on: list[str] = _link("dependsOn")
    in_service_line: list[str] = _link("inServiceLine")
    has_critical_attribute: list[str] = _link("hasCriticalAttribute")
    has_element: list[str] = _link("hasElement")
    has_variation_point: list[str] = _link("hasVariationPoint")
    has_tailoring_criterion: list[str] = _link("hasTailoringCriterion")
    status: Status | None = _concept("status")
    priority: int | None = _value("priority")


class ServiceLine(Entity):
    """A group of related standard services (``stsm:ServiceLine``)."""

    rdf_class = "ServiceLine"
    section = "service_lines"


class _Level(Entity):
    metric: str | None = _value("metric")
    target_value: Decimal | None = _value("targetValue")
    unit: str | None = _value("unit")
    comparator: Comparator | None = _concept("comparator")


class ServiceLevel(_Level):
    """A standard service level a service offers (``stsm:ServiceLevel``)."""

    rdf_class = "ServiceLevel"
    section = "service_levels"


class LevelRequirement(_Level):
    """The level a need requires (``stsm:LevelRequirement``)."""

    rdf_class = "LevelRequirement"
    section = "level_requirements"


class ServiceSystem(Entity):
    """A service system that delivers services (``stsm:ServiceSystem``)."""

    rdf_class = "ServiceSystem"
    section = "service_systems"
    has_component: list[str] = _link("hasComponent")
    depends_on: list[str] = _link("dependsOn")
    status: Status | None = _concept("status")


class ServiceSystemComponent(Entity):
    """A part of a service system (``stsm:ServiceSystemComponent``)."""

    rdf_class = "ServiceSystemComponent"
    section = "components"
    depends_on: list[str] = _link("dependsOn")
    component_kind: ComponentKind | None = _concept("componentKind")
    status: Status | None = _concept("status")


class ServiceAgreement(Entity):
    """An agreement with a customer for a standard service (``stsm:ServiceAgreement``)."""

    rdf_class = "ServiceAgreement"
    section = "agreements"
    with_customer: list[str] = _link("withCustomer")
    for_service: list[str] = _link("forService")
    commits_to: list[str] = _link("commitsTo")
    based_on_template: list[str] = _link("basedOnTemplate")
    status: Status | None = _concept("status")


class SLATemplate(Entity):
    """A service agreement template for a standard service (``stsm:SLATemplate``)."""

    rdf_class = "SLATemplate"
    section = "sla_templates"
    template_for: list[str] = _link("templateFor")


class ServiceCatalog(Entity):
    """A catalog of standard services (``stsm:ServiceCatalog``)."""

    rdf_class = "ServiceCatalog"
    section = "catalogs"
    lists: list[str] = _link("lists")


class ServiceDescription(Entity):
    """A description of a service for an audience (``stsm:ServiceDescription``)."""

    rdf_class = "ServiceDescription"
    section = "descriptions"
    describes: list[str] = _link("describes")
    audience: Audience | None = _concept("audience")


class StandardServicePlan(Entity):
    """A plan for the set of standard services (``stsm:StandardServicePlan``)."""

    rdf_class = "StandardServicePlan"
    section = "plans"
    has_action: list[str] = _link("hasAction")


class PlanAction(Entity):
    """An add, revise or retire action of a plan (``stsm:PlanAction``)."""

    rdf_class = "PlanAction"
    section = "plan_actions"
    targets: list[str] = _link("targets")
    justified_by: list[str] = _link("justifiedBy")
    action_kind: ActionKind | None = _concept("actionKind")
    priority: int | None = _value("priority")
    phase: int | None = _value("phase")
    target_date: dt.date | None = _value("targetDate")


class Evidence(Entity):
    """Analysed strategic data (``stsm:Evidence`` or a kind of it)."""

    rdf_class = "Evidence"
    section = "evidence"
    kinds = {
        "MarketTrend": "MarketTrend",
        "CompetitorOffering": "CompetitorOffering",
        "Opportunity": "Opportunity",
        "CustomerFeedback": "CustomerFeedback",
    }
    former_kinds = {
        "market_trend": "MarketTrend",
        "competitor_offering": "CompetitorOffering",
        "opportunity": "Opportunity",
        "customer_feedback": "CustomerFeedback",
    }
    kind: Literal["MarketTrend", "CompetitorOffering", "Opportunity", "CustomerFeedback"] | None = (
        None
    )
    informs: list[str] = _link("informs")
    date: dt.date | None = _value("date")


class Measurement(Entity):
    """A satisfaction or usage measurement of a service (``stsm:Measurement``)."""

    rdf_class = "Measurement"
    section = "measurements"
    kinds = {
        "SatisfactionMeasurement": "SatisfactionMeasurement",
        "UsageMeasurement": "UsageMeasurement",
    }
    former_kinds = {"satisfaction": "SatisfactionMeasurement", "usage": "UsageMeasurement"}
    kind: Literal["SatisfactionMeasurement", "UsageMeasurement"] | None = None
    measures: list[str] = _link("measures")
    value: Decimal | None = _value("value")
    unit: str | None = _value("unit")
    date: dt.date | None = _value("date")


class CriticalAttribute(Entity):
    """A critical attribute of a standard service (``stsm:CriticalAttribute``)."""

    rdf_class = "CriticalAttribute"
    section = "critical_attributes"
    metric: str | None = _value("metric")


class ServiceElement(Entity):
    """A common or variable part of a standard service (``stsm:ServiceElement``)."""

    rdf_class = "ServiceElement"
    section = "service_elements"
    variability: Variability | None = _concept("variability")


class VariationPoint(Entity):
    """Where a standard service may be tailored, and to what (``stsm:VariationPoint``)."""

    rdf_class = "VariationPoint"
    section = "variation_points"
    allowed_values: list[str] = _values("allowedValue")
    default_value: str | None = _value("defaultValue")


class TailoringCriterion(Entity):
    """When and how a standard service may be tailored (``stsm:TailoringCriterion``)."""

    rdf_class = "TailoringCriterion"
    section = "tailoring_criteria"
    applies_to: list[str] = _link("appliesTo")


#: every entity model, in document order
ENTITY_MODELS: tuple[type[Entity], ...] = (
    Customer,
    EndUser,
    Need,
    StrategicObjective,
    Capability,
    ServiceLine,
    StandardService,
    ServiceLevel,
    LevelRequirement,
    ServiceSystem,
    ServiceSystemComponent,
    ServiceAgreement,
    SLATemplate,
    ServiceCatalog,
    ServiceDescription,
    StandardServicePlan,
    PlanAction,
    Evidence,
    Measurement,
    CriticalAttribute,
    ServiceElement,
    VariationPoint,
    TailoringCriterion,
)

#: section name -> entity model
SECTIONS: dict[str, type[Entity]] = {m.section: m for m in ENTITY_MODELS}


class PortfolioDocument(BaseModel):
    """A whole portfolio in the authoring format (YAML or JSON).

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

    model_config = ConfigDict(extra="forbid", frozen=True)

    stsm_graph: int = Field(default=1, description="version of this authoring format")
    base: str = "https://example.org/portfolio/"
    prefixes: dict[str, str] = Field(default_factory=dict)
    customers: list[Customer] = Field(default_factory=list)
    end_users: list[EndUser] = Field(default_factory=list)
    needs: list[Need] = Field(default_factory=list)
    objectives: list[StrategicObjective] = Field(default_factory=list)
    capabilities: list[Capability] = Field(default_factory=list)
    service_lines: list[ServiceLine] = Field(default_factory=list)
    services: list[StandardService] = Field(default_factory=list)
    service_levels: list[ServiceLevel] = Field(default_factory=list)
    level_requirements: list[LevelRequirement] = Field(default_factory=list)
    service_systems: list[ServiceSystem] = Field(default_factory=list)
    components: list[ServiceSystemComponent] = Field(default_factory=list)
    agreements: list[ServiceAgreement] = Field(default_factory=list)
    sla_templates: list[SLATemplate] = Field(default_factory=list)
    catalogs: list[ServiceCatalog] = Field(default_factory=list)
    descriptions: list[ServiceDescription] = Field(default_factory=list)
    plans: list[StandardServicePlan] = Field(default_factory=list)
    plan_actions: list[PlanAction] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    measurements: list[Measurement] = Field(default_factory=list)
    critical_attributes: list[CriticalAttribute] = Field(default_factory=list)
    service_elements: list[ServiceElement] = Field(default_factory=list)
    variation_points: list[VariationPoint] = Field(default_factory=list)
    tailoring_criteria: list[TailoringCriterion] = Field(default_factory=list)
    extra_triples: list[str] = Field(default_factory=list)

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

    @field_validator("base", "prefixes", "extra_triples", mode="before")
    @classmethod
    def _unicode(cls, v: Any) -> Any:
        """Refuse a lone surrogate in the base, the prefixes or an extra triple."""
        refuse_surrogates(v)
        return v

    def entities(self) -> list[Entity]:
        """Return every entity of the document, section by section."""
        out: list[Entity] = []
        for section in SECTIONS:
            out.extend(getattr(self, section))
        return out
