"""The strategic analyses: known answers per rule on small hand-built portfolios, per store."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from stsm_graph import Portfolio, UnknownNodeError
from stsm_graph.analysis import (
    capability_fit,
    evidence_gaps,
    retirement_candidates,
    service_demand,
    shared_needs,
    stakeholder_views,
    strategy,
)

EX = "https://example.org/t/"
Build = Callable[[str], Portfolio]


def short(iris: tuple[str, ...]) -> list[str]:
    return [i[len(EX) :] for i in iris]


DEMAND = """
    :c1 a stsm:Customer ; rdfs:label "C1" ; stsm:hasNeed :n1, :gone .
    :c2 a stsm:Customer ; rdfs:label "C2" .
    :eu a stsm:EndUser ; rdfs:label "EU" ; stsm:hasNeed :n1 .
    :n1 a stsm:Need ; rdfs:label "N1" .
    :gone a stsm:Need ; rdfs:label "Gone" ; stsm:status stsm:Retired .
    :s a stsm:StandardService ; rdfs:label "S" ; stsm:addresses :n1, :gone .
    :old a stsm:StandardService ; rdfs:label "Old" ; stsm:status stsm:Retired ;
        stsm:addresses :n1 .
    :new a stsm:StandardService ; rdfs:label "New" ; stsm:status stsm:Planned .
    :a1 a stsm:ServiceAgreement ; rdfs:label "A1" ; stsm:forService :s ; stsm:withCustomer :c2 .
    :a2 a stsm:ServiceAgreement ; rdfs:label "A2" ; stsm:forService :s ; stsm:withCustomer :c1 ;
        stsm:status stsm:Retired .
    :u1 a stsm:UsageMeasurement ; rdfs:label "U1" ; stsm:measures :s ; stsm:value 100 ;
        stsm:unit "users" ; stsm:date "2025-01-31"^^<http://www.w3.org/2001/XMLSchema#date> .
    :u2 a stsm:UsageMeasurement ; rdfs:label "U2" ; stsm:measures :s ; stsm:value 80 ;
        stsm:unit "users" ; stsm:date "2025-02-28"^^<http://www.w3.org/2001/XMLSchema#date> .
    :u3 a stsm:UsageMeasurement ; rdfs:label "U3" ; stsm:measures :s ; stsm:value 90 ;
        stsm:unit "users" ; stsm:date "2025-03-31"^^<http://www.w3.org/2001/XMLSchema#date> .
    :u3b a stsm:UsageMeasurement ; rdfs:label "U3b" ; stsm:measures :s ; stsm:value 50 ;
        stsm:unit "users" ; stsm:date "2025-03-31"^^<http://www.w3.org/2001/XMLSchema#date> .
    :u4 a stsm:UsageMeasurement ; rdfs:label "U4" ; stsm:measures :s ; stsm:value 5 ;
        stsm:unit "TB" ; stsm:date "2025-03-31"^^<http://www.w3.org/2001/XMLSchema#date> .
    :undated a stsm:UsageMeasurement ; rdfs:label "Undated" ; stsm:measures :s ;
        stsm:value 1 ; stsm:unit "users" .
    :q1 a stsm:SatisfactionMeasurement ; rdfs:label "Q1" ; stsm:measures :s ; stsm:value 4 ;
        stsm:date "2025-01-31"^^<http://www.w3.org/2001/XMLSchema#date> .
    :q2 a stsm:SatisfactionMeasurement ; rdfs:label "Q2" ; stsm:measures :s ; stsm:value 4 ;
        stsm:date "2025-02-28"^^<http://www.w3.org/2001/XMLSchema#date> .
"""


def test_demand_per_service(build: Build) -> None:
    demand = {d.service[len(EX) :]: d for d in service_demand(build(DEMAND))}
    assert sorted(demand) == ["new", "s"]  # the retired service is out of the set
    s = demand["s"]
    assert (s.label, s.active, demand["new"].active) == ("S", True, False)
    assert short(s.customers) == ["c1", "c2"]  # c1 holds n1; c2 by its agreement
    assert short(s.end_users) == ["eu"]
    assert short(s.agreements) == ["a1"]  # the retired agreement is not in force
    assert short(s.needs) == ["n1"]  # the retired need is out of scope
    users = next(t for t in s.usage if t.unit == "users")
    assert users.periods == ("2025-01-31", "2025-02-28", "2025-03-31")
    assert users.values == (Decimal(100), Decimal(80), Decimal(70))  # the mean of a day
    assert (users.latest, users.latest_date, users.change) == (Decimal(70), "2025-03-31", -10)
    assert users.trend == "falling"
    tb = next(t for t in s.usage if t.unit == "TB")  # units are never mixed
    assert (tb.values, tb.change, tb.trend) == ((Decimal(5),), None, "single")
    (rating,) = s.satisfaction
    assert (rating.unit, rating.change, rating.trend) == (None, Decimal(0), "steady")


def test_trend_over_the_last_periods_only(build: Build) -> None:
    points = [10, 1, 2, 3]
    p = build(
        ":s a stsm:StandardService ; rdfs:label 'S' .\n"
        + "".join(
            f":m{i} a stsm:UsageMeasurement ; stsm:measures :s ; stsm:value {v} ;"
            f' stsm:date "2025-0{i + 1}-01"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
            for i, v in enumerate(points)
        )
    )
    assert service_demand(p, periods=3)[0].usage[0].trend == "rising"
    assert service_demand(p, periods=4)[0].usage[0].trend == "falling"
    with pytest.raises(ValueError, match="at least 2 periods"):
        service_demand(p, periods=1)


def test_retirement_candidates_each_with_its_reasons(build: Build) -> None:
    p = build(
        DEMAND
        + """
        :lonely a stsm:StandardService ; rdfs:label "Lonely" ; stsm:addresses :gone .
        :busy a stsm:StandardService ; rdfs:label "Busy" ; stsm:addresses :n1 .
        :ab a stsm:ServiceAgreement ; rdfs:label "AB" ; stsm:forService :busy .
        """
    )
    plain = {c.service[len(EX) :]: c.reasons for c in retirement_candidates(p)}
    # the planned service is not active; busy has an agreement and addresses a current need
    assert plain == {"lonely": ("no-agreement", "only-retired-needs")}
    found = {
        c.service[len(EX) :]: c
        for c in retirement_candidates(p, usage_below=75, satisfaction_below=4.5)
    }
    assert found["s"].reasons == ("low-usage", "low-satisfaction")
    # each series in its own unit: both latest values (5 TB, 70 users) are below 75
    assert found["s"].why[0] == "latest usage 5 TB on 2025-03-31, 70 users on 2025-03-31 below 75"
    assert found["s"].why[1] == "latest satisfaction 4 on 2025-02-28 below 4.5"
    at_70 = {c.service[len(EX) :]: c for c in retirement_candidates(p, usage_below=70)}
    assert "70 users" not in at_70["s"].why[0]  # below, not at
    assert {c.service[len(EX) :] for c in retirement_candidates(p, usage_below=5)} == {"lonely"}
    # a threshold with a unit looks at that unit's series only
    in_tb = {c.service[len(EX) :]: c.why for c in retirement_candidates(p, usage_below="6 TB")}
    assert in_tb["s"] == ("latest usage 5 TB on 2025-03-31 below 6 TB",)
    assert "s" not in {c.service[len(EX) :] for c in retirement_candidates(p, usage_below="6 GB")}
    with pytest.raises(ValueError, match="a threshold is a number"):
        retirement_candidates(p, usage_below="lots")


def test_shared_needs_ranked_and_candidates_flagged(build: Build) -> None:
    p = build(
        """
        :a a stsm:Customer ; rdfs:label "A" ; stsm:hasNeed :n1, :n2, :n3, :n4, :old, :solo .
        :b a stsm:Customer ; rdfs:label "B" ; stsm:hasNeed :n1, :n2, :n3, :n4, :old .
        :c a stsm:EndUser ; rdfs:label "C" ; stsm:hasNeed :n2 .
        :n1 a stsm:Need ; rdfs:label "N1" ; stsm:priority 1 .
        :n2 a stsm:Need ; rdfs:label "N2" ; stsm:priority 2 .
        :n3 a stsm:Need ; rdfs:label "N3" ; stsm:priority 2 .
        :n4 a stsm:Need ; rdfs:label "N4" .
        :old a stsm:Need ; rdfs:label "Old" ; stsm:status stsm:Retired .
        :solo a stsm:Need ; rdfs:label "Solo" .
        :s a stsm:StandardService ; rdfs:label "S" ; stsm:addresses :n3 .
        :plan a stsm:StandardService ; rdfs:label "P" ; stsm:status stsm:Planned ;
            stsm:addresses :n1 .
        """
    )
    found = shared_needs(p)
    # priority first; then more holders first (n2 has three); no priority last
    assert [s.need[len(EX) :] for s in found] == ["n1", "n2", "n3", "n4"]
    by = {s.need[len(EX) :]: s for s in found}
    assert [k for k, s in by.items() if s.candidate] == ["n1", "n2", "n4"]
    assert short(by["n1"].addressed_by) == ["plan"] and by["n1"].active_services == ()
    assert short(by["n3"].active_services) == ["s"]
    assert (by["n2"].priority, by["n4"].priority, len(by["n2"].holders)) == (2, None, 3)


def test_capability_gaps_and_unused_strengths(build: Build) -> None:
    p = build(
        """
        :k-ok a stsm:Capability ; rdfs:label "OK" ; stsm:realizedBy :sys .
        :k-planned a stsm:Capability ; rdfs:label "Planned" ; stsm:realizedBy :tool .
        :k-none a stsm:Capability ; rdfs:label "None" .
        :k-spare a stsm:Capability ; rdfs:label "Spare" ; stsm:realizedBy :people .
        :k-old a stsm:Capability ; rdfs:label "Old" ; stsm:realizedBy :people .
        :k-idle a stsm:Capability ; rdfs:label "Idle" .
        :sys a stsm:ServiceSystem ; rdfs:label "Sys" .
        :tool a stsm:ServiceSystemComponent ; rdfs:label "Tool" ; stsm:status stsm:Planned .
        :people a stsm:ServiceSystemComponent ; rdfs:label "People" ; stsm:status stsm:Active .
        :s a stsm:StandardService ; rdfs:label "S" ;
            stsm:requiresCapability :k-ok, :k-planned, :k-none .
        :p a stsm:StandardService ; rdfs:label "P" ; stsm:status stsm:Planned ;
            stsm:requiresCapability :k-none .
        :r a stsm:StandardService ; rdfs:label "R" ; stsm:status stsm:Retired ;
            stsm:requiresCapability :k-old .
        """
    )
    fit = capability_fit(p)
    gaps = {g.capability[len(EX) :]: g for g in fit.gaps}
    assert sorted(gaps) == ["k-none", "k-planned"]
    assert short(gaps["k-none"].required_by) == ["p", "s"]
    assert short(gaps["k-planned"].inactive_realisers) == ["tool"]
    # a capability only a retired service requires is unused; one nothing realises is no strength
    assert [u.capability[len(EX) :] for u in fit.unused_strengths] == ["k-old", "k-spare"]


def test_evidence_gaps(build: Build) -> None:
    p = build(
        """
        :o1 a stsm:StrategicObjective ; rdfs:label "O1" .
        :o2 a stsm:StrategicObjective ; rdfs:label "O2" .
        :n1 a stsm:Need ; rdfs:label "N1" .
        :n2 a stsm:Need ; rdfs:label "N2" .
        :old a stsm:Need ; rdfs:label "Old" ; stsm:status stsm:Retired .
        :act1 a stsm:PlanAction ; rdfs:label "Act1" ; stsm:justifiedBy :trend .
        :act2 a stsm:PlanAction ; rdfs:label "Act2" ; stsm:justifiedBy :n1 .
        :trend a stsm:MarketTrend ; rdfs:label "Trend" ; stsm:informs :o1, :n1 .
        :idle a stsm:CompetitorOffering, stsm:Evidence ; rdfs:label "Idle" .
        :plain a stsm:Evidence ; rdfs:label "Plain" .
        """
    )
    gaps = evidence_gaps(p)
    assert [g.node[len(EX) :] for g in gaps.uninformed_objectives] == ["o2"]
    assert [g.node[len(EX) :] for g in gaps.uninformed_needs] == ["n2"]  # retired: out
    assert [g.node[len(EX) :] for g in gaps.unjustified_actions] == ["act2"]
    unused = {u.evidence[len(EX) :]: u.type for u in gaps.unused_evidence}
    assert unused == {
        "idle": "https://w3id.org/stsm#CompetitorOffering",
        "plain": "https://w3id.org/stsm#Evidence",
    }


STAKEHOLDER = """
    :c a stsm:Customer ; rdfs:label "C" ; stsm:hasNeed :n, :m .
    :eu a stsm:EndUser ; rdfs:label "EU" ; stsm:hasNeed :n .
    :n a stsm:Need ; rdfs:label "N" ; stsm:requiresLevel :r-avail, :r-rto .
    :m a stsm:Need ; rdfs:label "M" .
    :r-avail a stsm:LevelRequirement ; rdfs:label "Ra" ; stsm:metric "availability" ;
        stsm:targetValue 99.9 ; stsm:unit "%" ; stsm:comparator stsm:AtLeast .
    :r-rto a stsm:LevelRequirement ; rdfs:label "Rr" ; stsm:metric "rto" ;
        stsm:targetValue 4 ; stsm:unit "hours" ; stsm:comparator stsm:AtMost .
    :s a stsm:StandardService ; rdfs:label "S" ; stsm:addresses :n ;
        stsm:hasServiceLevel :l-gold, :l-silver, :l-rto .
    :l-gold a stsm:ServiceLevel ; rdfs:label "Gold" ; stsm:metric "availability" ;
        stsm:targetValue 99.95 ; stsm:unit "%" ; stsm:comparator stsm:AtLeast .
    :l-silver a stsm:ServiceLevel ; rdfs:label "Silver" ; stsm:metric "availability" ;
        stsm:targetValue 99.5 ; stsm:unit "%" ; stsm:comparator stsm:AtLeast .
    :l-rto a stsm:ServiceLevel ; rdfs:label "RTO" ; stsm:metric "rto" ;
        stsm:targetValue 8 ; stsm:unit "hours" ; stsm:comparator stsm:AtMost .
    :other a stsm:StandardService ; rdfs:label "Other" ; stsm:status stsm:Planned ;
        stsm:addresses :m .
    :agr a stsm:ServiceAgreement ; rdfs:label "Agr" ; stsm:withCustomer :c ;
        stsm:forService :s ; stsm:commitsTo :l-silver .
    :agr-old a stsm:ServiceAgreement ; rdfs:label "Old" ; stsm:withCustomer :c ;
        stsm:forService :s ; stsm:commitsTo :l-gold ; stsm:status stsm:Retired .
"""


def test_stakeholder_view_levels_committed_against_required(build: Build) -> None:
    views = {v.stakeholder[len(EX) :]: v for v in stakeholder_views(build(STAKEHOLDER))}
    c = views["c"]
    assert (short(c.needs), short(c.services), short(c.agreements)) == (["m", "n"], ["s"], ["agr"])
    assert c.agreement_services == ((EX + "agr", EX + "s"),)
    checks = {r.requirement[len(EX) :]: r for r in c.requirements}
    avail = checks["r-avail"]
    # the standard gold level meets it; the agreement commits only silver (the retired one gold)
    assert (avail.standard_met, avail.agreed_met) == (True, False)
    assert [(x.level[len(EX) :], x.offered, x.meets) for x in avail.committed] == [
        ("l-silver", Decimal("99.5"), False)
    ]
    rto = checks["r-rto"]
    assert (rto.standard_met, rto.committed, rto.agreed_met) == (False, (), False)
    eu = views["eu"]  # an end user is party to no agreement
    assert eu.type == "https://w3id.org/stsm#EndUser" and eu.agreements == ()
    assert [(r.standard_met, r.committed) for r in eu.requirements] == [(True, ()), (False, ())]


def test_one_stakeholder_or_a_clear_error(build: Build) -> None:
    p = build(STAKEHOLDER)
    assert [v.label for v in stakeholder_views(p, EX + "eu")] == ["EU"]
    with pytest.raises(UnknownNodeError, match="is not a customer or end user"):
        stakeholder_views(p, EX + "s")
    assert [v.label for v in strategy(p, stakeholder=EX + "c").stakeholders] == ["C"]


def test_strategy_combines_every_analysis(build: Build) -> None:
    p = build(DEMAND + STAKEHOLDER.replace(":c ", ":c9 ").replace(":s ", ":s9 "))
    report = strategy(p, usage_below=75)
    assert report.demand == service_demand(p)
    assert report.retirement_candidates == retirement_candidates(p, usage_below=75)
    assert report.shared_needs == shared_needs(p)
    assert report.candidates == tuple(s for s in shared_needs(p) if s.candidate)
    assert report.capability_fit == capability_fit(p)
    assert report.evidence == evidence_gaps(p)
    assert report.stakeholders == stakeholder_views(p)
    assert report.to_json()["thresholds"] == {
        "usage_below": {"value": 75, "unit": None},
        "satisfaction_below": None,
        "periods": 4,
    }
