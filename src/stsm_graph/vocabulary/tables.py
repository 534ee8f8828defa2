"""Tables of the ``stsm:`` vocabulary that the code reads: display, order, authoring.

Generated from ``ontology/stsm.ttl`` by ``python -m stsm_graph.generators``;
do not edit. Class and property names are local names in ``stsm:``.

Examples
--------
>>> CLASS_GROUPS["Customer"], DISPLAY_GROUPS["StakeholderGroup"]
('StakeholderGroup', ('customer, end user', '#4e79a7', 'dot'))
"""

from __future__ import annotations

__all__ = [
    "CLASS_COLOURS",
    "CLASS_GROUPS",
    "CLASS_SHAPES",
    "CLASS_TIERS",
    "CONCEPT_VALUES",
    "DATATYPES",
    "DISPLAY_GROUPS",
    "FIELDS",
    "IMPACT_COUNTS",
    "LIFECYCLE_CLASSES",
    "LINK_OBJECTS",
    "LINK_SUBJECTS",
    "RETIRABLE",
    "SECTIONS",
    "SINGLE_VALUED",
    "STATUS_PRECEDENCE",
    "SUMMARY_ORDER",
    "SUPERCLASSES",
    "VALUE_CHECKS",
    "VALUE_SCHEMES",
]


#: display group -> (legend text, colour or None (coloured by state), shape), in legend order
DISPLAY_GROUPS: dict[str, tuple[str, str | None, str]] = {
    "StakeholderGroup": ("customer, end user", "#4e79a7", "dot"),
    "NeedGroup": ("need", None, "dot"),
    "ObjectiveGroup": ("objective", "#76b7b2", "triangle"),
    "CapabilityGroup": ("capability", "#edc948", "triangle"),
    "ServiceGroup": ("standard service", "#af7aa1", "diamond"),
    "ServiceLineGroup": ("service line", "#d4a6c8", "diamond"),
    "LevelGroup": ("level, level requirement", "#ff9da7", "triangleDown"),
    "CriticalAttributeGroup": ("critical attribute", "#e377c2", "dot"),
    "ServiceElementGroup": ("service element", "#17becf", "square"),
    "VariationPointGroup": ("variation point", "#bcbd22", "triangleDown"),
    "TailoringCriterionGroup": ("tailoring criterion", "#1f77b4", "triangle"),
    "SystemGroup": ("service system, component", "#9c755f", "square"),
    "AgreementGroup": ("agreement, SLA template", "#a0cbe8", "hexagon"),
    "CatalogGroup": ("catalog, description", "#6a3d9a", "hexagon"),
    "PlanGroup": ("plan, plan action", "#b6992d", "hexagon"),
    "OtherGroup": ("evidence, measurement, other", "#79706e", "dot"),
}

#: class -> its display group (stsm:displayGroup)
CLASS_GROUPS: dict[str, str] = {
    "Capability": "CapabilityGroup",
    "CompetitorOffering": "OtherGroup",
    "CriticalAttribute": "CriticalAttributeGroup",
    "Customer": "StakeholderGroup",
    "CustomerFeedback": "OtherGroup",
    "EndUser": "StakeholderGroup",
    "Evidence": "OtherGroup",
    "LevelRequirement": "LevelGroup",
    "MarketTrend": "OtherGroup",
    "Measurement": "OtherGroup",
    "Need": "NeedGroup",
    "Opportunity": "OtherGroup",
    "PlanAction": "PlanGroup",
    "PropagationDirection": "OtherGroup",
    "SLATemplate": "AgreementGroup",
    "SatisfactionMeasurement": "OtherGroup",
    "ServiceAgreement": "AgreementGroup",
    "ServiceCatalog": "CatalogGroup",
    "ServiceDescription": "CatalogGroup",
    "ServiceElement": "ServiceElementGroup",
    "ServiceLevel": "LevelGroup",
    "ServiceLine": "ServiceLineGroup",
    "ServiceSystem": "SystemGroup",
    "ServiceSystemComponent": "SystemGroup",
    "Stakeholder": "StakeholderGroup",
    "StandardService": "ServiceGroup",
    "StandardServicePlan": "PlanGroup",
    "StrategicObjective": "ObjectiveGroup",
    "TailoringCriterion": "TailoringCriterionGroup",
    "UsageMeasurement": "OtherGroup",
    "VariationPoint": "VariationPointGroup",
}

#: class -> the colour of its display group, where the group has one
CLASS_COLOURS: dict[str, str] = {
    "Capability": "#edc948",
    "CompetitorOffering": "#79706e",
    "CriticalAttribute": "#e377c2",
    "Customer": "#4e79a7",
    "CustomerFeedback": "#79706e",
    "EndUser": "#4e79a7",
    "Evidence": "#79706e",
    "LevelRequirement": "#ff9da7",
    "MarketTrend": "#79706e",
    "Measurement": "#79706e",
    "Opportunity": "#79706e",
    "PlanAction": "#b6992d",
    "PropagationDirection": "#79706e",
    "SLATemplate": "#a0cbe8",
    "SatisfactionMeasurement": "#79706e",
    "ServiceAgreement": "#a0cbe8",
    "ServiceCatalog": "#6a3d9a",
    "ServiceDescription": "#6a3d9a",
    "ServiceElement": "#17becf",
    "ServiceLevel": "#ff9da7",
    "ServiceLine": "#d4a6c8",
    "ServiceSystem": "#9c755f",
    "ServiceSystemComponent": "#9c755f",
    "Stakeholder": "#4e79a7",
    "StandardService": "#af7aa1",
    "StandardServicePlan": "#b6992d",
    "StrategicObjective": "#76b7b2",
    "TailoringCriterion": "#1f77b4",
    "UsageMeasurement": "#79706e",
    "VariationPoint": "#bcbd22",
}

#: class -> the shape of its display group, where it is not "dot"
CLASS_SHAPES: dict[str, str] = {
    "Capability": "triangle",
    "LevelRequirement": "triangleDown",
    "PlanAction": "hexagon",
    "SLATemplate": "hexagon",
    "ServiceAgreement": "hexagon",
    "ServiceCatalog": "hexagon",
    "ServiceDescription": "hexagon",
    "ServiceElement": "square",
    "ServiceLevel": "triangleDown",
    "ServiceLine": "diamond",
    "ServiceSystem": "square",
    "ServiceSystemComponent": "square",
    "StandardService": "diamond",
    "StandardServicePlan": "hexagon",
    "StrategicObjective": "triangle",
    "TailoringCriterion": "triangle",
    "VariationPoint": "triangleDown",
}

#: class -> its layer in a layered picture, 0 at the top (stsm:tier)
CLASS_TIERS: dict[str, int] = {
    "Capability": 4,
    "CompetitorOffering": 0,
    "CriticalAttribute": 4,
    "Customer": 0,
    "CustomerFeedback": 0,
    "EndUser": 0,
    "Evidence": 0,
    "LevelRequirement": 2,
    "MarketTrend": 0,
    "Measurement": 4,
    "Need": 1,
    "Opportunity": 0,
    "PlanAction": 2,
    "PropagationDirection": 0,
    "SLATemplate": 2,
    "SatisfactionMeasurement": 4,
    "ServiceAgreement": 1,
    "ServiceCatalog": 2,
    "ServiceDescription": 2,
    "ServiceElement": 4,
    "ServiceLevel": 4,
    "ServiceLine": 3,
    "ServiceSystem": 5,
    "ServiceSystemComponent": 6,
    "Stakeholder": 0,
    "StandardService": 3,
    "StandardServicePlan": 1,
    "StrategicObjective": 1,
    "TailoringCriterion": 4,
    "UsageMeasurement": 4,
    "VariationPoint": 4,
}

#: the classes of a summary, in order (stsm:summaryOrder); others follow
SUMMARY_ORDER: tuple[str, ...] = (
    "Customer",
    "EndUser",
    "Need",
    "LevelRequirement",
    "StrategicObjective",
    "Capability",
    "ServiceLine",
    "StandardService",
    "ServiceLevel",
    "ServiceSystem",
    "ServiceSystemComponent",
    "ServiceAgreement",
    "SLATemplate",
    "ServiceCatalog",
    "ServiceDescription",
    "StandardServicePlan",
    "PlanAction",
)

#: the classes an stsm:status applies to (its domain)
LIFECYCLE_CLASSES: tuple[str, ...] = (
    "Need",
    "StandardService",
    "ServiceSystem",
    "ServiceSystemComponent",
    "ServiceAgreement",
)

#: count of an impact summary -> the class it counts (stsm:impactCount)
IMPACT_COUNTS: dict[str, str] = {
    "customers": "Customer",
    "needs": "Need",
    "agreements": "ServiceAgreement",
    "services": "StandardService",
    "objectives": "StrategicObjective",
}

#: classes a what-if may take out of service once changed (stsm:retirable)
RETIRABLE: tuple[str, ...] = (
    "Need",
    "StandardService",
    "StrategicObjective",
)

#: section of the authoring document -> the class it lists (stsm:section)
SECTIONS: dict[str, str] = {
    "capabilities": "Capability",
    "critical_attributes": "CriticalAttribute",
    "customers": "Customer",
    "end_users": "EndUser",
    "evidence": "Evidence",
    "level_requirements": "LevelRequirement",
    "measurements": "Measurement",
    "needs": "Need",
    "plan_actions": "PlanAction",
    "sla_templates": "SLATemplate",
    "agreements": "ServiceAgreement",
    "catalogs": "ServiceCatalog",
    "descriptions": "ServiceDescription",
    "service_elements": "ServiceElement",
    "service_levels": "ServiceLevel",
    "service_lines": "ServiceLine",
    "service_systems": "ServiceSystem",
    "components": "ServiceSystemComponent",
    "services": "StandardService",
    "plans": "StandardServicePlan",
    "objectives": "StrategicObjective",
    "tailoring_criteria": "TailoringCriterion",
    "variation_points": "VariationPoint",
}

#: property -> the field of an authoring entry that holds it (stsm:field)
FIELDS: dict[str, str] = {
    "actionKind": "action_kind",
    "addresses": "addresses",
    "alignsWith": "aligns_with",
    "allowedValue": "allowed_values",
    "appliesTo": "applies_to",
    "audience": "audience",
    "basedOnTemplate": "based_on_template",
    "commitsTo": "commits_to",
    "comparator": "comparator",
    "componentKind": "component_kind",
    "date": "date",
    "defaultValue": "default_value",
    "deliveredBy": "delivered_by",
    "dependsOn": "depends_on",
    "describes": "describes",
    "forService": "for_service",
    "hasAction": "has_action",
    "hasComponent": "has_component",
    "hasCriticalAttribute": "has_critical_attribute",
    "hasElement": "has_element",
    "hasNeed": "has_need",
    "hasServiceLevel": "has_service_level",
    "hasTailoringCriterion": "has_tailoring_criterion",
    "hasVariationPoint": "has_variation_point",
    "inServiceLine": "in_service_line",
    "informs": "informs",
    "justifiedBy": "justified_by",
    "lists": "lists",
    "measures": "measures",
    "metric": "metric",
    "phase": "phase",
    "priority": "priority",
    "realizedBy": "realized_by",
    "requiresCapability": "requires_capability",
    "requiresLevel": "requires_level",
    "status": "status",
    "supports": "supports",
    "targetDate": "target_date",
    "targetValue": "target_value",
    "targets": "targets",
    "templateFor": "template_for",
    "unit": "unit",
    "value": "value",
    "variability": "variability",
    "withCustomer": "with_customer",
}

#: link property -> the classes its subject may have (domain)
LINK_SUBJECTS: dict[str, tuple[str, ...]] = {
    "addresses": ("StandardService",),
    "alignsWith": ("Need",),
    "appliesTo": ("TailoringCriterion",),
    "basedOnTemplate": ("ServiceAgreement",),
    "commitsTo": ("ServiceAgreement",),
    "deliveredBy": ("StandardService",),
    "dependsOn": ("StandardService", "ServiceSystem", "ServiceSystemComponent"),
    "describes": ("ServiceDescription",),
    "forService": ("ServiceAgreement",),
    "hasAction": ("StandardServicePlan",),
    "hasComponent": ("ServiceSystem",),
    "hasCriticalAttribute": ("StandardService",),
    "hasElement": ("StandardService",),
    "hasNeed": ("Stakeholder",),
    "hasServiceLevel": ("StandardService",),
    "hasTailoringCriterion": ("StandardService",),
    "hasVariationPoint": ("StandardService",),
    "inServiceLine": ("StandardService",),
    "informs": ("Evidence",),
    "justifiedBy": ("PlanAction",),
    "lists": ("ServiceCatalog",),
    "measures": ("Measurement",),
    "realizedBy": ("Capability",),
    "requiresCapability": ("StandardService",),
    "requiresLevel": ("Need",),
    "supports": ("StandardService",),
    "targets": ("PlanAction",),
    "templateFor": ("SLATemplate",),
    "withCustomer": ("ServiceAgreement",),
}

#: link property -> the classes its object may have (range)
LINK_OBJECTS: dict[str, tuple[str, ...]] = {
    "addresses": ("Need",),
    "alignsWith": ("StrategicObjective",),
    "appliesTo": ("VariationPoint",),
    "basedOnTemplate": ("SLATemplate",),
    "commitsTo": ("ServiceLevel",),
    "deliveredBy": ("ServiceSystem",),
    "dependsOn": ("StandardService", "ServiceSystem", "ServiceSystemComponent"),
    "describes": ("StandardService",),
    "forService": ("StandardService",),
    "hasAction": ("PlanAction",),
    "hasComponent": ("ServiceSystemComponent",),
    "hasCriticalAttribute": ("CriticalAttribute",),
    "hasElement": ("ServiceElement",),
    "hasNeed": ("Need",),
    "hasServiceLevel": ("ServiceLevel",),
    "hasTailoringCriterion": ("TailoringCriterion",),
    "hasVariationPoint": ("VariationPoint",),
    "inServiceLine": ("ServiceLine",),
    "informs": ("Need", "StrategicObjective", "Capability", "StandardService"),
    "justifiedBy": ("Need", "StrategicObjective", "Evidence"),
    "lists": ("StandardService",),
    "measures": ("StandardService",),
    "realizedBy": ("ServiceSystem", "ServiceSystemComponent"),
    "requiresCapability": ("Capability",),
    "requiresLevel": ("LevelRequirement",),
    "supports": ("StrategicObjective",),
    "targets": ("StandardService",),
    "templateFor": ("StandardService",),
    "withCustomer": ("Customer",),
}

#: class -> all its stsm: superclasses (rdfs:subClassOf, transitively)
SUPERCLASSES: dict[str, tuple[str, ...]] = {
    "CompetitorOffering": ("Evidence",),
    "Customer": ("Stakeholder",),
    "CustomerFeedback": ("Evidence",),
    "EndUser": ("Stakeholder",),
    "MarketTrend": ("Evidence",),
    "Opportunity": ("Evidence",),
    "SatisfactionMeasurement": ("Measurement",),
    "UsageMeasurement": ("Measurement",),
}

#: number or date property -> (kind of value, what one looks like), checked by ingest
VALUE_CHECKS: dict[str, tuple[str, str]] = {
    "date": ("date", "an xsd:date such as 2026-01-31"),
    "phase": ("integer", "a whole number, 1 the first phase"),
    "priority": ("integer", "a whole number, 1 the highest"),
    "targetDate": ("date", "an xsd:date such as 2026-01-31"),
    "targetValue": ("number", "a number such as 99.9"),
    "value": ("number", "a number such as 4.2"),
}

#: datatype property -> the XSD datatype of its values (rdfs:range)
DATATYPES: dict[str, str] = {
    "allowedValue": "string",
    "date": "date",
    "defaultValue": "string",
    "metric": "string",
    "phase": "integer",
    "priority": "integer",
    "targetDate": "date",
    "targetValue": "decimal",
    "unit": "string",
    "value": "decimal",
}

#: concept-valued property -> the scheme of its values (stsm:valueScheme)
VALUE_SCHEMES: dict[str, str] = {
    "actionKind": "ActionKindScheme",
    "audience": "AudienceScheme",
    "comparator": "ComparatorScheme",
    "componentKind": "ComponentKindScheme",
    "status": "StatusScheme",
    "variability": "VariabilityScheme",
}

#: concept-valued property -> the concepts it may take, in the file's order
CONCEPT_VALUES: dict[str, tuple[str, ...]] = {
    "actionKind": ("AddService", "ReviseService", "RetireService"),
    "audience": ("CustomerAudience", "ProviderAudience"),
    "comparator": ("AtLeast", "AtMost"),
    "componentKind": ("People", "Process", "Tool", "Infrastructure", "Information", "Supplier"),
    "status": ("Planned", "Active", "Retired"),
    "variability": ("CommonPart", "VariablePart"),
}

#: properties that take at most one value (owl:FunctionalProperty)
SINGLE_VALUED: tuple[str, ...] = (
    "actionKind",
    "audience",
    "comparator",
    "componentKind",
    "date",
    "defaultValue",
    "metric",
    "phase",
    "priority",
    "status",
    "targetDate",
    "targetValue",
    "unit",
    "value",
    "variability",
)

#: status -> its precedence (stsm:statusPrecedence), lowest counts; the scheme's: a status not in it
STATUS_PRECEDENCE: dict[str, int] = {
    "Retired": 1,
    "Planned": 2,
    "StatusScheme": 3,
    "Active": 4,
}
