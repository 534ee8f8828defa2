"""The ``stsm:`` vocabulary as a typed rdflib namespace.

Generated from ``ontology/stsm.ttl`` by ``python -m stsm_graph.generators``;
do not edit.
A misspelt term raises ``AttributeError`` instead of minting a new IRI.

Examples
--------
>>> STSM.StandardService
rdflib.term.URIRef('https://w3id.org/stsm#StandardService')
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["STSM"]


class STSM(DefinedNamespace):
    """Terms of ``https://w3id.org/stsm#``, one attribute each."""

    _fail = True
    _NS = Namespace("https://w3id.org/stsm#")

    # Class
    Capability: URIRef  # Capability
    CompetitorOffering: URIRef  # Competitor offering
    CriticalAttribute: URIRef  # Critical attribute
    Customer: URIRef  # Customer
    CustomerFeedback: URIRef  # Customer feedback
    EndUser: URIRef  # End user
    Evidence: URIRef  # Evidence
    LevelRequirement: URIRef  # Level requirement
    MarketTrend: URIRef  # Market trend
    Measurement: URIRef  # Measurement
    Need: URIRef  # Need
    Opportunity: URIRef  # Opportunity
    PlanAction: URIRef  # Plan action
    PropagationDirection: URIRef  # Propagation direction
    SLATemplate: URIRef  # SLA template
    SatisfactionMeasurement: URIRef  # Satisfaction measurement
    ServiceAgreement: URIRef  # Service agreement
    ServiceCatalog: URIRef  # Service catalog
    ServiceDescription: URIRef  # Service description
    ServiceElement: URIRef  # Service element
    ServiceLevel: URIRef  # Service level
    ServiceLine: URIRef  # Service line
    ServiceSystem: URIRef  # Service system
    ServiceSystemComponent: URIRef  # Service system component
    Stakeholder: URIRef  # Stakeholder
    StandardService: URIRef  # Standard service
    StandardServicePlan: URIRef  # Standard service plan
    StrategicObjective: URIRef  # Strategic objective
    TailoringCriterion: URIRef  # Tailoring criterion
    UsageMeasurement: URIRef  # Usage measurement
    VariationPoint: URIRef  # Variation point
    # Link property
    addresses: URIRef  # addresses
    alignsWith: URIRef  # aligns with
    appliesTo: URIRef  # applies to
    basedOnTemplate: URIRef  # based on template
    commitsTo: URIRef  # commits to
    deliveredBy: URIRef  # delivered by
    dependsOn: URIRef  # depends on
    describes: URIRef  # describes
    forService: URIRef  # for service
    hasAction: URIRef  # has action
    hasComponent: URIRef  # has component
    hasCriticalAttribute: URIRef  # has critical attribute
    hasElement: URIRef  # has element
    hasNeed: URIRef  # has need
    hasServiceLevel: URIRef  # has service level
    hasTailoringCriterion: URIRef  # has tailoring criterion
    hasVariationPoint: URIRef  # has variation point
    inServiceLine: URIRef  # in service line
    informs: URIRef  # informs
    justifiedBy: URIRef  # justified by
    lists: URIRef  # lists
    measures: URIRef  # measures
    realizedBy: URIRef  # realized by
    requiresCapability: URIRef  # requires capability
    requiresLevel: URIRef  # requires level
    supports: URIRef  # supports
    targets: URIRef  # targets
    templateFor: URIRef  # template for
    withCustomer: URIRef  # with customer
    # Concept property
    actionKind: URIRef  # action kind
    audience: URIRef  # audience
    comparator: URIRef  # comparator
    componentKind: URIRef  # component kind
    status: URIRef  # status
    variability: URIRef  # variability
    # Datatype property
    allowedValue: URIRef  # allowed value
    date: URIRef  # date
    defaultValue: URIRef  # default value
    metric: URIRef  # metric
    phase: URIRef  # phase
    priority: URIRef  # priority
    targetDate: URIRef  # target date
    targetValue: URIRef  # target value
    unit: URIRef  # unit
    value: URIRef  # value
    # Annotation property
    changePropagation: URIRef  # change propagation
    displayColour: URIRef  # display colour
    displayGroup: URIRef  # display group
    displayOrder: URIRef  # display order
    displayShape: URIRef  # display shape
    field: URIRef  # authoring field
    impactCount: URIRef  # impact count
    nounPhrase: URIRef  # noun phrase
    practice: URIRef  # practice
    requiredLink: URIRef  # required link
    retirable: URIRef  # retirable
    section: URIRef  # authoring section
    summaryOrder: URIRef  # summary order
    tier: URIRef  # tier
    valueHint: URIRef  # value hint
    # Concept scheme
    ActionKindScheme: URIRef  # Action kind scheme
    AudienceScheme: URIRef  # Audience scheme
    ComparatorScheme: URIRef  # Comparator scheme
    ComponentKindScheme: URIRef  # Component kind scheme
    DisplayGroupScheme: URIRef  # Display group scheme
    PropagationScheme: URIRef  # Propagation scheme
    StatusScheme: URIRef  # Status scheme
    VariabilityScheme: URIRef  # Variability scheme
    # Concept
    Active: URIRef  # Active
    AddService: URIRef  # Add service
    AgreementGroup: URIRef  # agreement, SLA template
    AtLeast: URIRef  # At least
    AtMost: URIRef  # At most
    CapabilityGroup: URIRef  # capability
    CatalogGroup: URIRef  # catalog, description
    CommonPart: URIRef  # Common part
    CriticalAttributeGroup: URIRef  # critical attribute
    CustomerAudience: URIRef  # Customer audience
    Information: URIRef  # Information
    Infrastructure: URIRef  # Infrastructure
    LevelGroup: URIRef  # level, level requirement
    NeedGroup: URIRef  # need
    ObjectToSubject: URIRef  # Object to subject
    ObjectiveGroup: URIRef  # objective
    OtherGroup: URIRef  # evidence, measurement, other
    People: URIRef  # People
    PlanGroup: URIRef  # plan, plan action
    Planned: URIRef  # Planned
    Process: URIRef  # Process
    ProviderAudience: URIRef  # Provider audience
    RetireService: URIRef  # Retire service
    Retired: URIRef  # Retired
    ReviseService: URIRef  # Revise service
    ServiceElementGroup: URIRef  # service element
    ServiceGroup: URIRef  # standard service
    ServiceLineGroup: URIRef  # service line
    StakeholderGroup: URIRef  # customer, end user
    SubjectToObject: URIRef  # Subject to object
    Supplier: URIRef  # Supplier
    SystemGroup: URIRef  # service system, component
    TailoringCriterionGroup: URIRef  # tailoring criterion
    Tool: URIRef  # Tool
    VariablePart: URIRef  # Variable part
    VariationPointGroup: URIRef  # variation point
