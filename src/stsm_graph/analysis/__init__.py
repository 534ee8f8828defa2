"""The traceability analyses: pure functions of a portfolio returning frozen results.

Each analysis runs the packaged SPARQL queries of ``ontology/queries/`` where the data is,
and graph algorithms in networkx over a projection of the link triples.

Examples
--------
>>> from stsm_graph import Portfolio, analysis, model
>>> p = Portfolio()
>>> p.add(model.StandardService(id="s", label="Orphan"))
>>> [o.label for o in analysis.orphaned_services(p)]
['Orphan']
"""

from __future__ import annotations

from stsm_graph.analysis._needs import NeedFacts, coverage_facts, need_facts
from stsm_graph.analysis.catalog import service_catalog
from stsm_graph.analysis.catalog_results import (
    AUDIENCES,
    Catalog,
    CatalogAgreement,
    CatalogAttribute,
    CatalogComponent,
    CatalogDescription,
    CatalogElement,
    CatalogItem,
    CatalogLevel,
    CatalogLine,
    CatalogService,
    CatalogSystem,
    CatalogVariation,
    PlannedAddition,
)
from stsm_graph.analysis.contents import Contents, portfolio_contents
from stsm_graph.analysis.coverage import (
    CoverageReport,
    ObjectiveCoverage,
    PortfolioCoverage,
    ServiceLineCoverage,
    StakeholderCoverage,
    TraceabilityMatrix,
    coverage,
)
from stsm_graph.analysis.demand import (
    RETIREMENT_REASONS,
    MeasurementTrend,
    RetirementCandidate,
    ServiceDemand,
    Threshold,
    retirement_candidates,
    service_demand,
)
from stsm_graph.analysis.diff import Diff, EntityChange, FieldChange, LinkChange, diff
from stsm_graph.analysis.fit import (
    CapabilityFit,
    CapabilityGap,
    EvidenceGap,
    EvidenceGaps,
    SharedNeed,
    UnusedEvidence,
    UnusedStrength,
    capability_fit,
    evidence_gaps,
    shared_needs,
)
from stsm_graph.analysis.hubs import HUB_CLASSES, ImpactHub, impact_hubs
from stsm_graph.analysis.impact import (
    AffectedNode,
    ImpactReport,
    impact,
    node_names,
    reaches_more_than,
)
from stsm_graph.analysis.impact_summary import ImpactSummary
from stsm_graph.analysis.integrity import IntegrityFinding, integrity_findings
from stsm_graph.analysis.matrix import (
    MATRIX_ROWS,
    MatrixColumn,
    MatrixRow,
    ServiceMatrix,
    service_matrix,
)
from stsm_graph.analysis.needs import (
    LevelGap,
    PartiallyMetNeed,
    UnmetNeed,
    partially_met_needs,
    unmet_needs,
)
from stsm_graph.analysis.orphans import OrphanedService, orphaned_services
from stsm_graph.analysis.overview import (
    CLUSTER_KINDS,
    Cluster,
    ClusterLink,
    Overview,
    overview,
)
from stsm_graph.analysis.plan_review import (
    PLAN_RULES,
    PlanAssessment,
    PlanFinding,
    PlanReview,
    RoadmapStep,
    plan_review,
)
from stsm_graph.analysis.plans import (
    PlanActionRef,
    PlanSimulation,
    PlanWarning,
    action_order,
    simulate_plan,
)
from stsm_graph.analysis.practices import (
    PracticeEvidence,
    PracticeEvidenceReport,
    SampleNode,
    WorkProduct,
    practice_evidence,
)
from stsm_graph.analysis.review import (
    REVIEW_KINDS,
    CoverageChange,
    CustomerTouch,
    NodeRef,
    Review,
    Suspect,
    review,
)
from stsm_graph.analysis.stakeholders import (
    CommittedLevel,
    RequirementCheck,
    StakeholderView,
    stakeholder_views,
)
from stsm_graph.analysis.strategy import StrategyReport, strategy
from stsm_graph.analysis.summary import FINDING_KINDS, AnalysisReport, analyze
from stsm_graph.analysis.trace import UNTYPED_TIER, Traces, tier_of, traces
from stsm_graph.analysis.views import (
    GraphNode,
    NodeGraph,
    NodeStatuses,
    graph_size,
    need_states,
    neighbourhood,
    portfolio_graph,
    stated_statuses,
)
from stsm_graph.analysis.whatif import (
    BlockedAction,
    BlockedLaunch,
    CoverageSnapshot,
    NeedRef,
    WhatIf,
    whatif,
)

__all__ = [
    "FINDING_KINDS",
    "AffectedNode",
    "AnalysisReport",
    "BlockedAction",
    "BlockedLaunch",
    "CoverageSnapshot",
    "ImpactReport",
    "ImpactSummary",
    "NeedRef",
    "PlanActionRef",
    "PlanSimulation",
    "PlanWarning",
    "WhatIf",
    "impact",
    "node_names",
    "reaches_more_than",
    "simulate_plan",
    "whatif",
    "CoverageReport",
    "IntegrityFinding",
    "LevelGap",
    "NeedFacts",
    "ObjectiveCoverage",
    "OrphanedService",
    "PartiallyMetNeed",
    "PortfolioCoverage",
    "ServiceLineCoverage",
    "StakeholderCoverage",
    "TraceabilityMatrix",
    "UnmetNeed",
    "analyze",
    "coverage",
    "integrity_findings",
    "coverage_facts",
    "need_facts",
    "orphaned_services",
    "partially_met_needs",
    "unmet_needs",
    "GraphNode",
    "NodeGraph",
    "NodeStatuses",
    "graph_size",
    "need_states",
    "neighbourhood",
    "portfolio_graph",
    "stated_statuses",
    "UNTYPED_TIER",
    "Traces",
    "tier_of",
    "traces",
    "CLUSTER_KINDS",
    "Cluster",
    "ClusterLink",
    "Overview",
    "overview",
    "Contents",
    "portfolio_contents",
    "RETIREMENT_REASONS",
    "CapabilityFit",
    "CapabilityGap",
    "CommittedLevel",
    "EvidenceGap",
    "EvidenceGaps",
    "MeasurementTrend",
    "RequirementCheck",
    "RetirementCandidate",
    "ServiceDemand",
    "SharedNeed",
    "StakeholderView",
    "StrategyReport",
    "Threshold",
    "UnusedEvidence",
    "UnusedStrength",
    "capability_fit",
    "evidence_gaps",
    "retirement_candidates",
    "service_demand",
    "shared_needs",
    "stakeholder_views",
    "strategy",
    "PracticeEvidence",
    "PracticeEvidenceReport",
    "SampleNode",
    "WorkProduct",
    "practice_evidence",
    "PLAN_RULES",
    "PlanAssessment",
    "PlanFinding",
    "PlanReview",
    "RoadmapStep",
    "action_order",
    "plan_review",
    "Diff",
    "EntityChange",
    "FieldChange",
    "LinkChange",
    "diff",
    "REVIEW_KINDS",
    "CoverageChange",
    "CustomerTouch",
    "NodeRef",
    "Review",
    "Suspect",
    "review",
    "AUDIENCES",
    "Catalog",
    "CatalogAgreement",
    "CatalogAttribute",
    "CatalogComponent",
    "CatalogDescription",
    "CatalogElement",
    "CatalogItem",
    "CatalogLevel",
    "CatalogLine",
    "CatalogService",
    "CatalogSystem",
    "CatalogVariation",
    "PlannedAddition",
    "service_catalog",
    "HUB_CLASSES",
    "ImpactHub",
    "impact_hubs",
    "MATRIX_ROWS",
    "MatrixColumn",
    "MatrixRow",
    "ServiceMatrix",
    "service_matrix",
]
