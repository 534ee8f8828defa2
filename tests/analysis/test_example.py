"""The bundled example portfolio: exactly its deliberate gaps (examples/README.md), nothing else."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from stores_under_test import open_portfolio

from stsm_graph.analysis import AnalysisReport, analyze
from stsm_graph.vocabulary.namespace import STSM

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NW = "https://example.org/northwind/"


def nw(*names: str) -> tuple[str, ...]:
    return tuple(NW + n for n in names)


@pytest.fixture(params=["northwind-it-services.yaml", "northwind-it-services.ttl"])
def example(request: pytest.FixtureRequest, store: str) -> AnalysisReport:
    return analyze(open_portfolio(EXAMPLES / request.param, store))


def test_unmet_needs_are_exactly_the_three_deliberate_ones(example: AnalysisReport) -> None:
    got = {u.need: u for u in example.unmet_needs}
    assert list(got) == list(
        nw("need-cloud-cost-visibility", "need-legacy-mailbox", "need-ot-security-monitoring")
    )
    cloud = got[NW + "need-cloud-cost-visibility"]
    # shared with Tailspin: the strategy's candidate for a new standard service
    assert cloud.stakeholders == nw("cust-litware-retail", "cust-tailspin-health")
    assert cloud.planned_services == nw("svc-finops")
    # the draft plan adds it too, without a justification (the plan review's unjustified-add)
    assert cloud.plan_actions == nw("act-add-finops", "act-add-finops-clinics")
    mailbox = got[NW + "need-legacy-mailbox"]
    assert mailbox.stakeholders == nw("cust-fabrikam")
    # the retire action on svc-hosted-exchange caused the gap; it does not address it
    assert (mailbox.planned_services, mailbox.plan_actions) == ((), ())
    ot = got[NW + "need-ot-security-monitoring"]
    assert ot.stakeholders == nw("cust-fabrikam")
    assert (ot.planned_services, ot.plan_actions) == ((), ())


def test_one_partially_met_need(example: AnalysisReport) -> None:
    (pm,) = example.partially_met_needs
    assert pm.need == NW + "need-ehr-availability"
    assert pm.services == nw("svc-cloud-hosting")
    (gap,) = pm.gaps
    assert gap.requirement == NW + "lr-ehr-availability"
    assert (gap.metric, gap.required, gap.offered) == (
        "availability",
        Decimal("99.95"),
        Decimal("99.9"),
    )
    assert (gap.comparator, gap.unit, gap.mismatched_units) == (str(STSM.AtLeast), "%", ())


def test_one_orphan(example: AnalysisReport) -> None:
    (o,) = example.orphaned_services
    assert (o.service, o.label, o.status) == (
        NW + "svc-managed-print",
        "Managed Print",
        str(STSM.Active),
    )


def test_no_integrity_finding(example: AnalysisReport) -> None:
    assert example.integrity == ()
    assert not example.has("integrity")


def test_coverage_figures(example: AnalysisReport) -> None:
    cov = example.coverage
    t = cov.portfolio
    # 26 needs in scope (need-fax-to-court is retired), 3 unmet, 1 partially met
    assert (t.needs, t.covered, t.fully_met) == (26, 23, 22)
    assert (t.objectives, t.objectives_supported) == (5, 5)
    assert all(o.supported for o in cov.objectives)
    by_id = {s.stakeholder: (s.needs, s.covered, s.fully_met) for s in cov.stakeholders}
    assert by_id == {
        NW + "cust-contoso-legal": (3, 3, 3),
        NW + "cust-fabrikam": (5, 3, 3),
        NW + "cust-litware-retail": (3, 2, 2),
        NW + "cust-tailspin-health": (5, 4, 3),
        NW + "cust-woodgrove-cu": (4, 4, 4),
        NW + "eu-customer-it-admins": (2, 2, 2),
        NW + "eu-frontline-workers": (2, 2, 2),
        NW + "eu-office-staff": (3, 3, 3),
    }
    assert NW + "need-fax-to-court" not in cov.needs_matrix.rows
    assert len(cov.needs_matrix.rows) == 26
    # 14 services, one retired
    assert len(cov.needs_matrix.columns) == 13
    assert NW + "svc-hosted-exchange" not in cov.needs_matrix.columns
    lines = {s.service_line: s for s in cov.service_lines}
    infra = lines[NW + "line-infrastructure-cloud"]
    assert NW + "svc-finops" in infra.services
    assert NW + "svc-finops" not in infra.active_services
    workplace = lines[NW + "line-workplace"]
    assert NW + "svc-hosted-exchange" not in workplace.services


def test_fail_on_kinds(example: AnalysisReport) -> None:
    assert example.has("unmet") and example.has("partial") and example.has("orphans")
    assert not example.has("violations") and not example.has("warnings")
    with pytest.raises(ValueError, match="unknown finding kind"):
        example.has("typos")


def test_same_json_from_yaml_and_turtle_on_every_store() -> None:
    results = [
        analyze(open_portfolio(EXAMPLES / f, s)).to_json()
        for f in ("northwind-it-services.yaml", "northwind-it-services.ttl")
        for s in ("memory", "oxigraph")
    ]
    assert all(r == results[0] for r in results[1:])
