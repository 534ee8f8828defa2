"""Unmet and partially met needs: known answers on small hand-built portfolios, per store."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, BNode, Literal, URIRef

from stsm_graph import Portfolio
from stsm_graph.analysis import (
    analyze,
    coverage,
    need_facts,
    partially_met_needs,
    unmet_needs,
)
from stsm_graph.vocabulary.namespace import STSM

EX = "https://example.org/t/"
Build = Callable[[str], Portfolio]


def ex(*names: str) -> tuple[str, ...]:
    return tuple(EX + n for n in names)


def unmet_ids(p: Portfolio) -> list[str]:
    return [u.need for u in unmet_needs(p)]


# ---------------------------------------------------------------------------- unmet needs


def test_need_addressed_by_nothing_is_unmet_with_empty_pipeline(build: Build) -> None:
    p = build(
        """
        :cust a stsm:Customer ; rdfs:label "Cust" ; stsm:hasNeed :n .
        :eu a stsm:EndUser ; rdfs:label "Users" ; stsm:hasNeed :n .
        :n a stsm:Need ; rdfs:label "Lonely need" .
        """
    )
    (u,) = unmet_needs(p)
    assert u.need == EX + "n"
    assert u.label == "Lonely need"
    assert u.stakeholders == ex("cust", "eu")
    assert u.planned_services == ()
    assert u.plan_actions == ()
    assert u.practice == "STSM SP 1.1"


def test_an_unmet_need_with_two_labels_is_named_by_the_smallest(build: Build) -> None:
    p = build(
        """
        :cust a stsm:Customer ; rdfs:label "Cust" ; stsm:hasNeed :n .
        :n a stsm:Need ; rdfs:label "Alpha name", "Zulu name" .
        """
    )
    (u,) = unmet_needs(p)
    assert (u.need, u.label) == (EX + "n", "Alpha name")


def test_need_addressed_only_by_a_planned_service_is_unmet_with_the_pipeline(
    build: Build,
) -> None:
    p = build(
        """
        :cust a stsm:Customer ; rdfs:label "Cust" ; stsm:hasNeed :n .
        :n a stsm:Need ; rdfs:label "Cloud bill" .
        :finops a stsm:StandardService ; rdfs:label "FinOps" ;
            stsm:status stsm:Planned ; stsm:addresses :n .
        :plan a stsm:StandardServicePlan ; rdfs:label "Plan" ; stsm:hasAction :add .
        :add a stsm:PlanAction ; rdfs:label "Add FinOps" ;
            stsm:actionKind stsm:AddService ; stsm:targets :finops .
        """
    )
    (u,) = unmet_needs(p)
    assert u.need == EX + "n"
    assert u.stakeholders == ex("cust")
    assert u.planned_services == ex("finops")
    assert u.plan_actions == ex("add")
    f = need_facts(p)[EX + "n"]
    assert not f.covered
    assert coverage(p).portfolio.covered == 0


def test_plan_actions_listed_are_justified_by_or_targeting_and_never_retire(
    build: Build,
) -> None:
    p = build(
        """
        :n a stsm:Need ; rdfs:label "N" .
        :other a stsm:Need ; rdfs:label "Other" .
        :planned a stsm:StandardService ; rdfs:label "P" ;
            stsm:status stsm:Planned ; stsm:addresses :n .
        :justified a stsm:PlanAction ; rdfs:label "J" ;
            stsm:actionKind stsm:ReviseService ; stsm:justifiedBy :n .
        :nokind a stsm:PlanAction ; rdfs:label "No kind" ; stsm:justifiedBy :n .
        :retire a stsm:PlanAction ; rdfs:label "R" ;
            stsm:actionKind stsm:RetireService ; stsm:targets :planned ; stsm:justifiedBy :n .
        :unrelated a stsm:PlanAction ; rdfs:label "U" ;
            stsm:actionKind stsm:AddService ; stsm:justifiedBy :other .
        """
    )
    by_need = {u.need: u for u in unmet_needs(p)}
    assert by_need[EX + "n"].plan_actions == ex("justified", "nokind")
    assert by_need[EX + "other"].plan_actions == ex("unrelated")
    assert by_need[EX + "other"].planned_services == ()


def test_need_addressed_only_by_a_retired_service_is_unmet_with_nothing_in_the_pipeline(
    build: Build,
) -> None:
    p = build(
        """
        :cust a stsm:Customer ; rdfs:label "Cust" ; stsm:hasNeed :n .
        :n a stsm:Need ; rdfs:label "Legacy mailbox" .
        :exchange a stsm:StandardService ; rdfs:label "Exchange" ;
            stsm:status stsm:Retired ; stsm:addresses :n .
        :retire a stsm:PlanAction ; rdfs:label "Retire Exchange" ;
            stsm:actionKind stsm:RetireService ; stsm:targets :exchange .
        """
    )
    (u,) = unmet_needs(p)
    assert u.need == EX + "n"
    assert u.planned_services == ()
    assert u.plan_actions == ()


@pytest.mark.parametrize("status", ["", "stsm:status stsm:Active ;"])
def test_need_addressed_by_an_active_service_is_not_unmet(build: Build, status: str) -> None:
    p = build(
        f"""
        :n a stsm:Need ; rdfs:label "N" .
        :s a stsm:StandardService ; rdfs:label "S" ; {status} stsm:addresses :n .
        :planned a stsm:StandardService ; rdfs:label "P" ;
            stsm:status stsm:Planned ; stsm:addresses :n .
        """
    )
    assert unmet_needs(p) == ()
    assert need_facts(p)[EX + "n"].services == {EX + "s"}


def test_planned_need_is_in_scope(build: Build) -> None:
    p = build(
        """
        :c a stsm:Customer ; rdfs:label "C" ; stsm:hasNeed :n .
        :n a stsm:Need ; rdfs:label "Future need" ; stsm:status stsm:Planned .
        """
    )
    assert unmet_ids(p) == [EX + "n"]
    assert coverage(p).stakeholders[0].needs == 1


def test_retired_need_is_left_out_of_everything(build: Build) -> None:
    p = build(
        """
        :c a stsm:Customer ; rdfs:label "C" ; stsm:hasNeed :fax, :live .
        :fax a stsm:Need ; rdfs:label "Fax" ; stsm:status stsm:Retired ;
            stsm:requiresLevel :fax-req .
        :fax-req a stsm:LevelRequirement ; rdfs:label "Fax speed" ;
            stsm:metric "pages" ; stsm:targetValue 10 ; stsm:comparator stsm:AtLeast .
        :live a stsm:Need ; rdfs:label "Live" .
        :gone a stsm:Need ; rdfs:label "Gone, unaddressed" ; stsm:status stsm:Retired .
        :faxsvc a stsm:StandardService ; rdfs:label "Fax service" ;
            stsm:addresses :fax, :live ; stsm:inServiceLine :line ;
            stsm:hasServiceLevel :fax-lvl .
        :fax-lvl a stsm:ServiceLevel ; rdfs:label "Fax lvl" ;
            stsm:metric "pages" ; stsm:targetValue 1 ; stsm:comparator stsm:AtLeast .
        :line a stsm:ServiceLine ; rdfs:label "Line" .
        """
    )
    report = analyze(p)
    assert report.unmet_needs == ()
    assert report.partially_met_needs == ()
    assert set(need_facts(p)) == {EX + "live"}
    (c,) = report.coverage.stakeholders
    assert (c.needs, c.covered, c.fully_met, c.ratio) == (1, 1, 1, 1.0)
    t = report.coverage.portfolio
    assert (t.needs, t.covered, t.fully_met) == (1, 1, 1)
    assert report.coverage.needs_matrix.rows == ex("live")
    assert report.coverage.needs_matrix.links == ((EX + "live", EX + "faxsvc"),)
    (line,) = report.coverage.service_lines
    assert line.needs_covered == ex("live")
    # it addresses a retired need: still not an orphan (links count as they stand)
    assert report.orphaned_services == ()


def test_unmet_needs_are_sorted_by_iri(build: Build) -> None:
    p = build(
        """
        :zz a stsm:Need ; rdfs:label "A label" .
        :aa a stsm:Need ; rdfs:label "Z label" .
        :mm a stsm:Need ; rdfs:label "M label" .
        """
    )
    assert unmet_ids(p) == list(ex("aa", "mm", "zz"))


# ---------------------------------------------------------------------------- level gaps

LEVELS = """
    :c a stsm:Customer ; rdfs:label "C" ; stsm:hasNeed :n .
    :n a stsm:Need ; rdfs:label "N" ; stsm:requiresLevel :req .
    :req a stsm:LevelRequirement ; rdfs:label "Req" ;
        stsm:metric "{metric}" ; stsm:targetValue {required} ; stsm:unit "{unit}" ;
        stsm:comparator stsm:{comparator} .
"""


def level_portfolio(
    build: Build,
    comparator: str,
    required: str,
    offers: list[tuple[str, str]],
    *,
    unit: str = "h",
    metric: str = "rto",
    status: str = "",
) -> Portfolio:
    """A need with one requirement, and one covering service per (target, unit) offered."""
    ttl = LEVELS.format(metric=metric, required=required, unit=unit, comparator=comparator)
    for i, (target, offered_unit) in enumerate(offers):
        unit_triple = f'stsm:unit "{offered_unit}" ;' if offered_unit else ""
        ttl += f"""
        :s{i} a stsm:StandardService ; rdfs:label "S{i}" ; {status}
            stsm:addresses :n ; stsm:hasServiceLevel :l{i} .
        :l{i} a stsm:ServiceLevel ; rdfs:label "L{i}" ; stsm:metric "{metric}" ;
            stsm:targetValue {target} ; {unit_triple} stsm:comparator stsm:{comparator} .
        """
    return build(ttl)


@pytest.mark.parametrize(
    ("comparator", "required", "offered"),
    [
        ("AtLeast", "99.9", "99.95"),
        ("AtLeast", "99.9", "99.9"),  # exactly at the limit
        ("AtLeast", "99.90", "99.9"),  # same value, other lexical form
        ("AtLeast", "5", "5.0"),  # integer required, decimal offered
        ("AtLeast", "99.5", "100"),  # numeric, not lexical, order
        ("AtMost", "4", "2"),
        ("AtMost", "4", "4"),  # exactly at the limit
        ("AtMost", "4.0", "4"),
        ("AtMost", "10", "9.5"),  # numeric, not lexical, order
    ],
)
def test_requirement_met(build: Build, comparator: str, required: str, offered: str) -> None:
    p = level_portfolio(build, comparator, required, [(offered, "h")])
    assert partially_met_needs(p) == ()
    assert need_facts(p)[EX + "n"].fully_met
    report = coverage(p)
    assert report.portfolio.fully_met == 1
    assert report.stakeholders[0].fully_met == 1


@pytest.mark.parametrize(
    ("comparator", "required", "offered"),
    [
        ("AtLeast", "99.95", "99.9"),
        ("AtLeast", "100", "99.5"),  # numeric, not lexical, order
        ("AtMost", "4", "8"),
        ("AtMost", "9.5", "10"),  # numeric, not lexical, order
        ("AtMost", "4", "4.01"),
    ],
)
def test_requirement_missed_is_a_gap(
    build: Build, comparator: str, required: str, offered: str
) -> None:
    p = level_portfolio(build, comparator, required, [(offered, "h")])
    (pm,) = partially_met_needs(p)
    assert pm.need == EX + "n"
    assert pm.services == ex("s0")
    (gap,) = pm.gaps
    assert gap.requirement == EX + "req"
    assert gap.metric == "rto"
    assert gap.required == Decimal(required)
    assert gap.offered == Decimal(offered)
    assert gap.comparator == str(getattr(STSM, comparator))
    assert gap.unit == "h"
    assert gap.mismatched_units == ()
    assert unmet_needs(p) == ()
    c = coverage(p)
    assert (c.portfolio.covered, c.portfolio.fully_met) == (1, 0)
    assert (c.stakeholders[0].covered, c.stakeholders[0].fully_met) == (1, 0)


def test_atleast_gap_reports_the_highest_offer(build: Build) -> None:
    p = level_portfolio(
        build,
        "AtLeast",
        "99.99",
        [("99.5", "%"), ("99.9", "%"), ("99", "%")],
        unit="%",
        metric="availability",
    )
    (gap,) = partially_met_needs(p)[0].gaps
    assert gap.offered == Decimal("99.9")


def test_atmost_gap_reports_the_lowest_offer(build: Build) -> None:
    p = level_portfolio(build, "AtMost", "4", [("8", "h"), ("6", "h"), ("12", "h")])
    (pm,) = partially_met_needs(p)
    assert pm.services == ex("s0", "s1", "s2")
    assert pm.gaps[0].offered == Decimal("6")


def test_one_service_meeting_is_enough_among_several(build: Build) -> None:
    p = level_portfolio(build, "AtMost", "4", [("8", "h"), ("3", "h"), ("12", "h")])
    assert partially_met_needs(p) == ()


def test_level_in_a_unit_that_cannot_be_compared_does_not_meet_and_is_listed(
    build: Build,
) -> None:
    # hours and gigabytes are of two dimensions: a mismatch, never converted
    p = level_portfolio(build, "AtMost", "4", [("60", "GB")])
    (gap,) = partially_met_needs(p)[0].gaps
    assert gap.offered is None
    assert gap.unit == "h"
    assert gap.mismatched_units == ("GB",)


def test_best_offer_is_converted_to_the_required_unit(build: Build) -> None:
    # 300 minutes is 5 h, nearer 4 h than 6 h and 2 days; "points" cannot be compared
    offers = [("300", "minutes"), ("6", "h"), ("2", "days"), ("1", "points")]
    p = level_portfolio(build, "AtMost", "4", offers)
    (gap,) = partially_met_needs(p)[0].gaps
    assert gap.offered == Decimal("5")
    assert gap.mismatched_units == ("points",)


def test_both_units_absent_count_as_the_same(build: Build) -> None:
    p = build(
        """
        :n a stsm:Need ; rdfs:label "N" ; stsm:requiresLevel :req .
        :req a stsm:LevelRequirement ; rdfs:label "Req" ;
            stsm:metric "score" ; stsm:targetValue 3 ; stsm:comparator stsm:AtLeast .
        :s a stsm:StandardService ; rdfs:label "S" ; stsm:addresses :n ;
            stsm:hasServiceLevel :l .
        :l a stsm:ServiceLevel ; rdfs:label "L" ;
            stsm:metric "score" ; stsm:targetValue 3 ; stsm:comparator stsm:AtLeast .
        """
    )
    assert partially_met_needs(p) == ()
    assert need_facts(p)[EX + "n"].fully_met


def test_unit_on_one_side_only_does_not_meet(build: Build) -> None:
    p = build(
        """
        :n a stsm:Need ; rdfs:label "N" ; stsm:requiresLevel :req .
        :req a stsm:LevelRequirement ; rdfs:label "Req" ;
            stsm:metric "score" ; stsm:targetValue 3 ; stsm:unit "points" ;
            stsm:comparator stsm:AtLeast .
        :s a stsm:StandardService ; rdfs:label "S" ; stsm:addresses :n ;
            stsm:hasServiceLevel :l .
        :l a stsm:ServiceLevel ; rdfs:label "L" ;
            stsm:metric "score" ; stsm:targetValue 5 ; stsm:comparator stsm:AtLeast .
        """
    )
    (gap,) = partially_met_needs(p)[0].gaps
    assert gap.offered is None
    assert gap.unit == "points"


def test_metric_is_compared_as_text(build: Build) -> None:
    p = level_portfolio(build, "AtLeast", "99", [("99.9", "%")], unit="%", metric="availability")
    assert partially_met_needs(p) == ()
    q = level_portfolio(build, "AtLeast", "99", [("99.9", "%")], unit="%", metric="availability")
    level, metric = URIRef(EX + "l0"), URIRef("https://w3id.org/stsm#metric")
    q.store.remove_triples([(level, metric, Literal("availability"))])
    q.store.add_triples([(level, metric, Literal("Availability"))])
    (gap,) = partially_met_needs(q)[0].gaps
    assert gap.offered is None
    assert gap.mismatched_units == ()


def test_metric_of_another_term_but_the_same_text_meets(build: Build) -> None:
    """Metrics compare by text: a tagged "rto"@en offer meets a plain "rto" requirement."""
    p = level_portfolio(build, "AtMost", "4", [("2", "h")])
    level, metric = URIRef(EX + "l0"), URIRef("https://w3id.org/stsm#metric")
    p.store.remove_triples([(level, metric, Literal("rto"))])
    p.store.add_triples([(level, metric, Literal("rto", lang="en"))])
    assert partially_met_needs(p) == ()
    assert partially_met_needs(p, facts=need_facts(p)) == ()
    assert need_facts(p)[EX + "n"].fully_met


def test_a_need_with_two_labels_is_named_by_the_smallest(build: Build) -> None:
    p = level_portfolio(build, "AtMost", "4", [("8", "h")])
    p.store.add_triples([(URIRef(EX + "n"), RDFS.label, Literal("Another name"))])
    assert need_facts(p)[EX + "n"].label == "Another name"
    (pm,) = partially_met_needs(p)
    assert pm.label == "Another name"
    assert partially_met_needs(p, facts=need_facts(p)) == (pm,)


@pytest.mark.parametrize("status", ["stsm:status stsm:Planned ;", "stsm:status stsm:Retired ;"])
def test_level_of_a_service_that_is_not_active_is_not_counted(build: Build, status: str) -> None:
    p = build(
        f"""
        :n a stsm:Need ; rdfs:label "N" ; stsm:requiresLevel :req .
        :req a stsm:LevelRequirement ; rdfs:label "Req" ;
            stsm:metric "availability" ; stsm:targetValue 99.9 ; stsm:unit "%" ;
            stsm:comparator stsm:AtLeast .
        :active a stsm:StandardService ; rdfs:label "Active" ; stsm:addresses :n .
        :other a stsm:StandardService ; rdfs:label "Other" ; {status}
            stsm:addresses :n ; stsm:hasServiceLevel :great .
        :great a stsm:ServiceLevel ; rdfs:label "Great" ; stsm:metric "availability" ;
            stsm:targetValue 99.999 ; stsm:unit "%" ; stsm:comparator stsm:AtLeast .
        """
    )
    (pm,) = partially_met_needs(p)
    assert pm.services == ex("active")
    (gap,) = pm.gaps
    assert gap.offered is None
    assert gap.mismatched_units == ()


def test_level_of_an_active_service_not_addressing_the_need_is_not_counted(
    build: Build,
) -> None:
    p = build(
        """
        :n a stsm:Need ; rdfs:label "N" ; stsm:requiresLevel :req .
        :req a stsm:LevelRequirement ; rdfs:label "Req" ;
            stsm:metric "rto" ; stsm:targetValue 4 ; stsm:unit "h" ;
            stsm:comparator stsm:AtMost .
        :covering a stsm:StandardService ; rdfs:label "Covering" ; stsm:addresses :n ;
            stsm:hasServiceLevel :slow .
        :slow a stsm:ServiceLevel ; rdfs:label "Slow" ; stsm:metric "rto" ;
            stsm:targetValue 24 ; stsm:unit "h" ; stsm:comparator stsm:AtMost .
        :elsewhere a stsm:StandardService ; rdfs:label "Elsewhere" ;
            stsm:hasServiceLevel :fast .
        :fast a stsm:ServiceLevel ; rdfs:label "Fast" ; stsm:metric "rto" ;
            stsm:targetValue 1 ; stsm:unit "h" ; stsm:comparator stsm:AtMost .
        """
    )
    (gap,) = partially_met_needs(p)[0].gaps
    assert gap.offered == Decimal("24")


def test_level_required_by_an_uncovered_need_makes_it_unmet_not_partial(build: Build) -> None:
    p = build(
        """
        :n a stsm:Need ; rdfs:label "N" ; stsm:requiresLevel :req .
        :req a stsm:LevelRequirement ; rdfs:label "Req" ;
            stsm:metric "rto" ; stsm:targetValue 4 ; stsm:unit "h" ;
            stsm:comparator stsm:AtMost .
        """
    )
    assert partially_met_needs(p) == ()
    assert unmet_ids(p) == [EX + "n"]
    assert coverage(p).portfolio.fully_met == 0


def test_two_requirements_one_met_gives_one_gap(build: Build) -> None:
    p = build(
        """
        :n a stsm:Need ; rdfs:label "N" ; stsm:requiresLevel :avail, :rto .
        :avail a stsm:LevelRequirement ; rdfs:label "Avail" ;
            stsm:metric "availability" ; stsm:targetValue 99.9 ; stsm:unit "%" ;
            stsm:comparator stsm:AtLeast .
        :rto a stsm:LevelRequirement ; rdfs:label "RTO" ;
            stsm:metric "rto" ; stsm:targetValue 4 ; stsm:unit "h" ;
            stsm:comparator stsm:AtMost .
        :s a stsm:StandardService ; rdfs:label "S" ; stsm:addresses :n ;
            stsm:hasServiceLevel :l-avail, :l-rto .
        :l-avail a stsm:ServiceLevel ; rdfs:label "LA" ; stsm:metric "availability" ;
            stsm:targetValue 99.95 ; stsm:unit "%" ; stsm:comparator stsm:AtLeast .
        :l-rto a stsm:ServiceLevel ; rdfs:label "LR" ; stsm:metric "rto" ;
            stsm:targetValue 8 ; stsm:unit "h" ; stsm:comparator stsm:AtMost .
        """
    )
    (pm,) = partially_met_needs(p)
    assert [g.requirement for g in pm.gaps] == [EX + "rto"]
    assert pm.gaps[0].offered == Decimal("8")
    assert "rto" in pm.reason


def test_requirements_may_be_met_by_different_covering_services(build: Build) -> None:
    p = build(
        """
        :n a stsm:Need ; rdfs:label "N" ; stsm:requiresLevel :avail, :rto .
        :avail a stsm:LevelRequirement ; rdfs:label "Avail" ;
            stsm:metric "availability" ; stsm:targetValue 99.9 ; stsm:unit "%" ;
            stsm:comparator stsm:AtLeast .
        :rto a stsm:LevelRequirement ; rdfs:label "RTO" ;
            stsm:metric "rto" ; stsm:targetValue 4 ; stsm:unit "h" ;
            stsm:comparator stsm:AtMost .
        :s1 a stsm:StandardService ; rdfs:label "S1" ; stsm:addresses :n ;
            stsm:hasServiceLevel :l-avail .
        :s2 a stsm:StandardService ; rdfs:label "S2" ; stsm:addresses :n ;
            stsm:hasServiceLevel :l-rto .
        :l-avail a stsm:ServiceLevel ; rdfs:label "LA" ; stsm:metric "availability" ;
            stsm:targetValue 99.95 ; stsm:unit "%" ; stsm:comparator stsm:AtLeast .
        :l-rto a stsm:ServiceLevel ; rdfs:label "LR" ; stsm:metric "rto" ;
            stsm:targetValue 2 ; stsm:unit "h" ; stsm:comparator stsm:AtMost .
        """
    )
    assert partially_met_needs(p) == ()
    assert need_facts(p)[EX + "n"].fully_met


def test_covered_need_without_requirements_is_fully_met(build: Build) -> None:
    p = build(
        """
        :c a stsm:Customer ; rdfs:label "C" ; stsm:hasNeed :n .
        :n a stsm:Need ; rdfs:label "N" .
        :s a stsm:StandardService ; rdfs:label "S" ; stsm:addresses :n .
        """
    )
    assert partially_met_needs(p) == ()
    (c,) = coverage(p).stakeholders
    assert (c.needs, c.covered, c.fully_met, c.ratio) == (1, 1, 1, 1.0)
    assert coverage(p).portfolio.fully_met == 1


def test_incomplete_requirement_is_ignored(build: Build) -> None:
    # no comparator: a SHACL violation, ignored by the level checks
    p = build(
        """
        :n a stsm:Need ; rdfs:label "N" ; stsm:requiresLevel :req .
        :req a stsm:LevelRequirement ; rdfs:label "Req" ;
            stsm:metric "rto" ; stsm:targetValue 4 ; stsm:unit "h" .
        :s a stsm:StandardService ; rdfs:label "S" ; stsm:addresses :n .
        """
    )
    assert partially_met_needs(p) == ()
    assert coverage(p).portfolio.fully_met == 1


def test_gap_numbers_are_json_numbers(build: Build) -> None:
    p = level_portfolio(
        build, "AtLeast", "99.95", [("99.9", "%"), ("98", "%")], unit="%", metric="availability"
    )
    (pm,) = analyze(p).to_json()["partially_met_needs"]
    (gap,) = pm["gaps"]
    assert gap["required"] == 99.95 and isinstance(gap["required"], float)
    assert gap["offered"] == 99.9 and isinstance(gap["offered"], float)
    q = level_portfolio(build, "AtMost", "4.0", [("8", "h")])
    (gap,) = analyze(q).to_json()["partially_met_needs"][0]["gaps"]
    assert gap["required"] == 4 and isinstance(gap["required"], int)
    assert gap["offered"] == 8 and isinstance(gap["offered"], int)
    assert gap["comparator"] == str(STSM.AtMost)
    assert gap["mismatched_units"] == []


def test_a_target_that_is_not_a_number_does_not_hide_a_gap(build: Build) -> None:
    """Not loadable from a file (targets must be numbers), but possible on a server: a
    requirement with a numeric and a text target is still a gap when no offer meets it."""
    p = level_portfolio(build, "AtMost", "4", [("8", "h")])
    req, level, target = URIRef(EX + "req"), URIRef(EX + "l0"), STSM.targetValue
    p.store.add_triples([(req, target, Literal("x")), (level, target, Literal("a"))])
    (pm,) = partially_met_needs(p)
    assert pm.need == EX + "n"
    assert partially_met_needs(p, facts=need_facts(p)) == (pm,)


def test_a_blank_node_need_is_read_without_error(build: Build) -> None:
    """Not loadable from a file (no blank nodes), but possible on a server."""
    p = level_portfolio(build, "AtMost", "4", [("8", "h")])
    if p.store.kind == "remote":
        pytest.skip("INSERT DATA of a blank node would make it a new node on every write")
    need, s0 = BNode(), URIRef(EX + "s0")
    p.store.add_triples(
        [
            (need, RDF.type, STSM.Need),
            (need, STSM.requiresLevel, URIRef(EX + "req")),
            (s0, STSM.addresses, need),
        ]
    )
    assert partially_met_needs(p) == partially_met_needs(p, facts=need_facts(p))
    assert len(partially_met_needs(p)) == 2
    assert coverage(p) == coverage(p, facts=need_facts(p))
