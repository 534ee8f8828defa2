"""The entity models of the authoring format: one per class with a section.

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

__all__ = [
    "ActionKind",
    "Audience",
    "Capability",
    "Comparator",
    "ComponentKind",
    "CriticalAttribute",
    "Customer",
    "ENTITY_MODELS",
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


class Comparator(str, Enum):
    """Comparator scheme (``stsm:ComparatorScheme``).

    The ways in which a numeric target can be met.
    """

    at_least = "AtLeast"
    at_most = "AtMost"


class Audience(str, Enum):
    """Audience scheme (``stsm:AudienceScheme``).

    The readers a service description can be written for.
    """

    customer = "CustomerAudience"
    provider = "ProviderAudience"


class ActionKind(str, Enum):
    """Action kind scheme (``stsm:ActionKindScheme``).

    The kinds of change a plan action can make to the set of standard services.
    """

    add = "AddService"
    revise = "ReviseService"
    retire = "RetireService"


class ComponentKind(str, Enum):
    """Component kind scheme (``stsm:ComponentKindScheme``).

    The sorts of resource a service system component can be.
    """

    people = "People"
    process = "Process"
    tool = "Tool"
    infrastructure = "Infrastructure"
    information = "Information"
    supplier = "Supplier"


class Variability(str, Enum):
    """Variability scheme (``stsm:VariabilityScheme``).

    Whether a part of a standard service is fixed or may vary.
    """

    common = "CommonPart"
    variable = "VariablePart"


class Status(str, Enum):
    """Status scheme (``stsm:StatusScheme``).

    The lifecycle states that a standard service, need, service system, component or agreement
    can be in.
    """

    planned = "Planned"
    active = "Active"
    retired = "Retired"


class Customer(Entity):
    """Customer (``stsm:Customer``).

    An organisation or person that obtains services from the provider and agrees to their terms.
    """

    rdf_class = "Customer"
    section = "customers"
    has_need: list[str] = link_field("hasNeed")


class EndUser(Entity):
    """End user (``stsm:EndUser``).

    A person or group who uses a service day to day, whether or not they are the party that
    obtains it.
    """

    rdf_class = "EndUser"
    section = "end_users"
    has_need: list[str] = link_field("hasNeed")


class Need(Entity):
    """Need (``stsm:Need``).

    Something a customer or end user requires from the provider's services, recorded so that it
    can be traced to the services that meet it.
    """

    rdf_class = "Need"
    section = "needs"
    aligns_with: list[str] = link_field("alignsWith")
    requires_level: list[str] = link_field("requiresLevel")
    status: Status | None = concept_field("status")
    priority: int | None = value_field("priority")


class StrategicObjective(Entity):
    """Strategic objective (``stsm:StrategicObjective``).

    A business goal of the provider that its set of standard services should help to reach.
    """

    rdf_class = "StrategicObjective"
    section = "objectives"
    priority: int | None = value_field("priority")


class Capability(Entity):
    """Capability (``stsm:Capability``).

    Something the provider's organisation can do well, such as a skill, resource or strength,
    that services can draw on.
    """

    rdf_class = "Capability"
    section = "capabilities"
    realized_by: list[str] = link_field("realizedBy")


class ServiceLine(Entity):
    """Service line (``stsm:ServiceLine``).

    A group of related standard services managed together, for example for one market or one
    technology.
    """

    rdf_class = "ServiceLine"
    section = "service_lines"


class StandardService(Entity):
    """Standard service (``stsm:StandardService``).

    A service the provider offers in a defined, repeatable form to many customers, with standard
    service levels and a service system that delivers it.
    """

    rdf_class = "StandardService"
    section = "services"
    addresses: list[str] = link_field("addresses")
    supports: list[str] = link_field("supports")
    requires_capability: list[str] = link_field("requiresCapability")
    has_service_level: list[str] = link_field("hasServiceLevel")
    delivered_by: list[str] = link_field("deliveredBy")
    depends_on: list[str] = link_field("dependsOn")
    in_service_line: list[str] = link_field("inServiceLine")
    has_critical_attribute: list[str] = link_field("hasCriticalAttribute")
    has_element: list[str] = link_field("hasElement")
    has_variation_point: list[str] = link_field("hasVariationPoint")
    has_tailoring_criterion: list[str] = link_field("hasTailoringCriterion")
    status: Status | None = concept_field("status")
    priority: int | None = value_field("priority")


class ServiceLevel(Entity):
    """Service level (``stsm:ServiceLevel``).

    A measurable level that a standard service offers: a metric, a target value, a unit, and
    whether the target is a minimum or a maximum.
    """

    rdf_class = "ServiceLevel"
    section = "service_levels"
    comparator: Comparator | None = concept_field("comparator")
    metric: str | None = value_field("metric")
    target_value: Decimal | None = value_field("targetValue")
    unit: str | None = value_field("unit")


class LevelRequirement(Entity):
    """Level requirement (``stsm:LevelRequirement``).

    The measurable level a need calls for, stated like a service level (metric, target, unit,
    comparator) so that the two can be compared.
    """

    rdf_class = "LevelRequirement"
    section = "level_requirements"
    comparator: Comparator | None = concept_field("comparator")
    metric: str | None = value_field("metric")
    target_value: Decimal | None = value_field("targetValue")
    unit: str | None = value_field("unit")


class ServiceSystem(Entity):
    """Service system (``stsm:ServiceSystem``).

    The combination of people, processes, tools, infrastructure and other resources that
    delivers one or more standard services.
    """

    rdf_class = "ServiceSystem"
    section = "service_systems"
    has_component: list[str] = link_field("hasComponent")
    depends_on: list[str] = link_field("dependsOn")
    status: Status | None = concept_field("status")


class ServiceSystemComponent(Entity):
    """Service system component (``stsm:ServiceSystemComponent``).

    One part of a service system, such as a team, a process, a tool, a piece of infrastructure,
    an information source or a supplier.
    """

    rdf_class = "ServiceSystemComponent"
    section = "components"
    depends_on: list[str] = link_field("dependsOn")
    component_kind: ComponentKind | None = concept_field("componentKind")
    status: Status | None = concept_field("status")


class ServiceAgreement(Entity):
    """Service agreement (``stsm:ServiceAgreement``).

    An agreement with a customer for a standard service, recording the service levels promised
    to that customer.
    """

    rdf_class = "ServiceAgreement"
    section = "agreements"
    with_customer: list[str] = link_field("withCustomer")
    for_service: list[str] = link_field("forService")
    commits_to: list[str] = link_field("commitsTo")
    based_on_template: list[str] = link_field("basedOnTemplate")
    status: Status | None = concept_field("status")


class SLATemplate(Entity):
    """SLA template (``stsm:SLATemplate``).

    A reusable starting point for service agreements on a standard service, tailored for each
    customer.
    """

    rdf_class = "SLATemplate"
    section = "sla_templates"
    template_for: list[str] = link_field("templateFor")


class ServiceCatalog(Entity):
    """Service catalog (``stsm:ServiceCatalog``).

    A published list of the standard services on offer, from which customers choose and request
    services.
    """

    rdf_class = "ServiceCatalog"
    section = "catalogs"
    lists: list[str] = link_field("lists")


class ServiceDescription(Entity):
    """Service description (``stsm:ServiceDescription``).

    A document that describes a standard service for one audience: customers, or the provider's
    own staff.
    """

    rdf_class = "ServiceDescription"
    section = "descriptions"
    describes: list[str] = link_field("describes")
    audience: Audience | None = concept_field("audience")


class StandardServicePlan(Entity):
    """Standard service plan (``stsm:StandardServicePlan``).

    A plan for changing the set of standard services, made of prioritised and phased actions.
    """

    rdf_class = "StandardServicePlan"
    section = "plans"
    has_action: list[str] = link_field("hasAction")


class PlanAction(Entity):
    """Plan action (``stsm:PlanAction``).

    One step of a standard service plan that adds, revises or retires a standard service, with
    its priority, phase and target date.
    """

    rdf_class = "PlanAction"
    section = "plan_actions"
    targets: list[str] = link_field("targets")
    justified_by: list[str] = link_field("justifiedBy")
    action_kind: ActionKind | None = concept_field("actionKind")
    priority: int | None = value_field("priority")
    phase: int | None = value_field("phase")
    target_date: dt.date | None = value_field("targetDate")


class Evidence(Entity):
    """Evidence (``stsm:Evidence``).

    Analysed data that informs decisions about the set of standard services, such as market
    trends, competitor offerings, opportunities or customer feedback.
    """

    rdf_class = "Evidence"
    section = "evidence"
    kinds: ClassVar[dict[str, str]] = {
        "MarketTrend": "MarketTrend",
        "CompetitorOffering": "CompetitorOffering",
        "Opportunity": "Opportunity",
        "CustomerFeedback": "CustomerFeedback",
    }
    former_kinds: ClassVar[dict[str, str]] = {
        "market_trend": "MarketTrend",
        "competitor_offering": "CompetitorOffering",
        "opportunity": "Opportunity",
        "customer_feedback": "CustomerFeedback",
    }
    kind: Literal["MarketTrend", "CompetitorOffering", "Opportunity", "CustomerFeedback"] | None = (
        None
    )
    informs: list[str] = link_field("informs")
    date: dt.date | None = value_field("date")


class Measurement(Entity):
    """Measurement (``stsm:Measurement``).

    A dated numeric observation about a standard service, used to judge how well the current
    services serve their purpose.
    """

    rdf_class = "Measurement"
    section = "measurements"
    kinds: ClassVar[dict[str, str]] = {
        "SatisfactionMeasurement": "SatisfactionMeasurement",
        "UsageMeasurement": "UsageMeasurement",
    }
    former_kinds: ClassVar[dict[str, str]] = {
        "satisfaction": "SatisfactionMeasurement",
        "usage": "UsageMeasurement",
    }
    kind: Literal["SatisfactionMeasurement", "UsageMeasurement"] | None = None
    measures: list[str] = link_field("measures")
    value: Decimal | None = value_field("value")
    unit: str | None = value_field("unit")
    date: dt.date | None = value_field("date")


class CriticalAttribute(Entity):
    """Critical attribute (``stsm:CriticalAttribute``).

    A property of a standard service that matters most to its customers and must be preserved,
    such as availability or response time.
    """

    rdf_class = "CriticalAttribute"
    section = "critical_attributes"
    metric: str | None = value_field("metric")


class ServiceElement(Entity):
    """Service element (``stsm:ServiceElement``).

    A part of a standard service, marked as common to every use of the service or as variable
    between uses.
    """

    rdf_class = "ServiceElement"
    section = "service_elements"
    variability: Variability | None = concept_field("variability")


class VariationPoint(Entity):
    """Variation point (``stsm:VariationPoint``).

    A place where a standard service may be tailored for a customer, with the values it may take
    and its default.
    """

    rdf_class = "VariationPoint"
    section = "variation_points"
    allowed_values: list[str] = values_field("allowedValue")
    default_value: str | None = value_field("defaultValue")


class TailoringCriterion(Entity):
    """Tailoring criterion (``stsm:TailoringCriterion``).

    A rule that says when and how a standard service may be tailored at one or more variation
    points.
    """

    rdf_class = "TailoringCriterion"
    section = "tailoring_criteria"
    applies_to: list[str] = link_field("appliesTo")


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


class PortfolioDocument(DocumentHead):
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
