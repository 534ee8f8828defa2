"""The bundled example makes every strategic rule fire (examples/README.md lists the data)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib.compare import isomorphic
from stores_under_test import STORES, open_portfolio

from stsm_graph import Portfolio
from stsm_graph.analysis import StrategyReport, strategy

from .conftest import EXAMPLES

NW = "https://example.org/northwind/"


@pytest.fixture(scope="module", params=STORES)
def report(request: pytest.FixtureRequest) -> StrategyReport:
    p = open_portfolio(EXAMPLES / "northwind-it-services.yaml", str(request.param))
    return strategy(p, usage_below="35000 pages per month", satisfaction_below=3.5)


def test_a_shared_need_no_active_service_addresses(report: StrategyReport) -> None:
    (shared,) = report.shared_needs
    assert (shared.need, shared.candidate) == (NW + "need-cloud-cost-visibility", True)
    assert shared.holders == (NW + "cust-litware-retail", NW + "cust-tailspin-health")
    assert shared.addressed_by == (NW + "svc-finops",)  # planned, not active


def test_a_capability_gap_and_an_unused_strength(report: StrategyReport) -> None:
    (gap,) = report.capability_fit.gaps
    assert (gap.capability, gap.required_by) == (NW + "cap-cost-analytics", (NW + "svc-finops",))
    assert gap.inactive_realisers == (NW + "comp-finops-tool",)
    (spare,) = report.capability_fit.unused_strengths
    assert spare.capability == NW + "cap-ot-protocol-analysis"


def test_retirement_candidates(report: StrategyReport) -> None:
    found = {c.service[len(NW) :]: c.reasons for c in report.retirement_candidates}
    assert found == {
        "svc-cloud-hosting": ("low-satisfaction",),
        "svc-endpoint-management": ("no-agreement",),
        "svc-m365-management": ("no-agreement",),
        "svc-managed-print": ("no-agreement", "low-usage", "only-retired-needs"),
        "svc-security-awareness": ("no-agreement",),
    }


def test_trends_over_three_quarters(report: StrategyReport) -> None:
    demand = {d.service[len(NW) :]: d for d in report.demand}
    (hosting,) = demand["svc-cloud-hosting"].satisfaction
    assert hosting.values == (Decimal("3.9"), Decimal("3.6"), Decimal("3.2"))
    assert (hosting.change, hosting.trend) == (Decimal("-0.4"), "falling")
    (desk,) = demand["svc-service-desk"].satisfaction
    assert (desk.change, desk.trend) == (Decimal("-0.1"), "rising")  # up over three quarters
    (prints,) = demand["svc-managed-print"].usage
    assert (prints.latest, prints.trend) == (Decimal(31200), "falling")


def test_evidence(report: StrategyReport) -> None:
    ev = report.evidence
    assert [u.evidence for u in ev.unused_evidence] == [NW + "ev-competitor-m365-bundle"]
    assert NW + "obj-cost-to-serve" in {g.node for g in ev.uninformed_objectives}
    assert NW + "need-fast-it-help" in {g.node for g in ev.uninformed_needs}
    # the agreed plan's actions are justified by evidence; the draft plan's are not: one by
    # nothing, one by an objective only
    assert [g.node for g in ev.unjustified_actions] == [
        NW + "act-add-finops-clinics",
        NW + "act-retire-onsite-support",
    ]


def test_the_levels_agreed_with_tailspin(report: StrategyReport) -> None:
    view = next(v for v in report.stakeholders if v.stakeholder == NW + "cust-tailspin-health")
    ehr = next(r for r in view.requirements if r.need == NW + "need-ehr-availability")
    assert (ehr.standard_met, ehr.agreed_met) == (False, False)
    assert [(c.agreement, c.offered) for c in ehr.committed] == [
        (NW + "agr-tailspin-hosting", Decimal("99.9"))
    ]


def test_the_turtle_twin_holds_the_yaml_graph() -> None:
    """The example's Turtle (generated, plus a hand-kept block) and its YAML are one graph."""
    graphs = [
        Portfolio.open(EXAMPLES / f"northwind-it-services.{ext}", store="memory").store.to_rdflib()
        for ext in ("yaml", "ttl")
    ]
    assert isomorphic(*graphs)
