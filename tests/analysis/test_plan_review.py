"""Reviewing plans: known answers per consistency rule and of the roadmap, per store."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stsm_graph import Portfolio, model
from stsm_graph.analysis import (
    PlanReview,
    action_order,
    coverage,
    need_facts,
    plan_review,
    simulate_plan,
)
from stsm_graph.errors import UnknownNodeError

EX = "https://example.org/t/"
S = "https://w3id.org/stsm#"
STATUS_OF = {S + "AddService": S + "Active", S + "RetireService": S + "Retired"}
Build = Callable[[str], Portfolio]

BASE = """
    :acme a stsm:Customer ; rdfs:label "Acme" ; stsm:hasNeed :mail, :chat .
    :mail a stsm:Need ; rdfs:label "Mail" .
    :chat a stsm:Need ; rdfs:label "Chat" .
    :grow a stsm:StrategicObjective ; rdfs:label "Grow" .
    :exchange a stsm:StandardService ; rdfs:label "Exchange" ; stsm:addresses :mail .
    :teams a stsm:StandardService ; rdfs:label "Teams" ; stsm:addresses :chat .
    :slack a stsm:StandardService ; rdfs:label "Slack" ; stsm:addresses :chat .
    :m365 a stsm:StandardService ; rdfs:label "M365" ; stsm:status stsm:Planned ;
        stsm:addresses :mail ; stsm:supports :grow .
    :fax a stsm:StandardService ; rdfs:label "Fax" ; stsm:status stsm:Retired .
    :why a stsm:MarketTrend ; rdfs:label "Why" .
"""


def found(review: PlanReview) -> list[tuple[str, str, tuple[str, ...]]]:
    return [
        (f.rule, f.node[len(EX) :], tuple(a[len(EX) :] for a in f.actions))
        for f in review.findings()
    ]


def actions(*rows: str) -> str:
    ids = ", ".join(r.split()[0] for r in rows)
    return f':plan a stsm:StandardServicePlan ; rdfs:label "FY27" ; stsm:hasAction {ids} .\n' + (
        "\n".join(f"{r} ." for r in rows)
    )


def test_retiring_the_only_cover_without_a_replacement(build: Build) -> None:
    p = build(
        BASE
        + actions(
            ":r1 stsm:actionKind stsm:RetireService ; stsm:targets :exchange",
            ":r2 stsm:actionKind stsm:RetireService ; stsm:targets :teams",  # slack stays
        )
    )
    assert found(plan_review(p)) == [
        ("retire-only-coverage", "mail", ("r1",)),
        ("unaddressed-objective", "grow", ()),
        ("planned-not-brought-in", "m365", ()),
    ]


def test_an_add_action_addressing_the_need_replaces_it(build: Build) -> None:
    p = build(
        BASE
        + actions(
            ":r1 stsm:actionKind stsm:RetireService ; stsm:targets :exchange",
            ":a1 stsm:actionKind stsm:AddService ; stsm:targets :m365 ; stsm:justifiedBy :why",
        )
    )
    # the add brings m365 in: it addresses mail and supports grow
    assert found(plan_review(p)) == []
    assert plan_review(p).consistent


def test_an_add_action_needs_a_justification(build: Build) -> None:
    p = build(BASE + actions(":a1 stsm:actionKind stsm:AddService ; stsm:targets :m365"))
    assert found(plan_review(p)) == [("unjustified-add", "a1", ("a1",))]


def test_unknown_and_retired_targets(build: Build) -> None:
    p = build(
        BASE
        + actions(
            ":v1 stsm:actionKind stsm:ReviseService ; stsm:targets :fax, :nothing, :why",
            ":a1 stsm:actionKind stsm:AddService ; stsm:targets :m365 ; stsm:justifiedBy :grow",
        )
    )
    assert found(plan_review(p)) == [
        ("retired-target", "fax", ("v1",)),
        ("unknown-target", "nothing", ("v1",)),
        ("unknown-target", "why", ("v1",)),
    ]


def test_an_objective_is_addressed_by_justifying_an_action(build: Build) -> None:
    p = build(
        BASE
        + actions(
            ":v1 stsm:actionKind stsm:ReviseService ; stsm:targets :teams ; stsm:justifiedBy :grow"
        )
    )
    assert found(plan_review(p)) == [("planned-not-brought-in", "m365", ())]


def test_the_plans_as_a_whole_without_any_plan(build: Build) -> None:
    review = plan_review(build(BASE))
    assert review.plans == ()
    assert found(review) == [
        ("unaddressed-objective", "grow", ()),
        ("planned-not-brought-in", "m365", ()),
    ]


def test_one_plan_by_label_and_an_unknown_one(build: Build) -> None:
    p = build(
        BASE
        + actions(":a1 stsm:actionKind stsm:AddService ; stsm:targets :m365")
        + '\n:other a stsm:StandardServicePlan ; rdfs:label "Other" .'
    )
    assert [a.plan[len(EX) :] for a in plan_review(p).plans] == ["other", "plan"]
    assert [a.plan[len(EX) :] for a in plan_review(p, "FY27").plans] == ["plan"]
    with pytest.raises(UnknownNodeError):
        plan_review(p, "No such plan")


ROADMAP = actions(
    ":late stsm:actionKind stsm:RetireService ; stsm:targets :exchange ; stsm:phase 2 ; "
    'rdfs:label "Late"',
    ':now stsm:actionKind stsm:ReviseService ; stsm:targets :teams ; rdfs:label "Now"',
    ":add stsm:actionKind stsm:AddService ; stsm:targets :m365 ; stsm:phase 1 ; "
    'stsm:priority 2 ; rdfs:label "Add"',
    ":early stsm:actionKind stsm:RetireService ; stsm:targets :slack ; stsm:phase 1 ; "
    'stsm:targetDate "2027-01-31"^^<http://www.w3.org/2001/XMLSchema#date> ; rdfs:label "Early"',
    ":first stsm:actionKind stsm:RetireService ; stsm:targets :teams ; stsm:phase 1 ; "
    'stsm:priority 1 ; rdfs:label "First"',
)


def test_the_roadmap_orders_by_phase_date_priority_with_coverage_after_each(
    build: Build,
) -> None:
    review = plan_review(build(BASE + ROADMAP))
    (plan,) = review.plans
    steps = [
        (s.phase, [a.label for a in s.actions], s.coverage.covered, s.coverage.objectives_supported)
        for s in plan.roadmap
    ]
    assert steps == [
        (None, ["Now"], 2, 0),
        # slack and teams retired: chat unmet; m365 added: mail still covered, grow supported
        (1, ["Early", "First", "Add"], 1, 1),
        (2, ["Late"], 1, 1),
    ]
    assert plan.roadmap[-1].coverage == plan.simulation.whatif.coverage_after.portfolio
    assert plan.roadmap[0].actions[0].target_date is None
    assert plan.roadmap[1].actions[0].target_date == "2027-01-31"


@st.composite
def plans(draw: st.DrawFn) -> list[model.Entity]:
    needs = draw(st.integers(1, 4))
    services = draw(st.integers(1, 4))
    out: list[model.Entity] = [model.Need(id=f"n{i}", label=f"N{i}") for i in range(needs)]
    for i in range(services):
        out.append(
            model.StandardService(
                id=f"s{i}",
                label=f"S{i}",
                status=draw(st.sampled_from([None, "Planned", "Retired"])),
                addresses=[f"n{n}" for n in draw(st.sets(st.integers(0, needs - 1)))],
            )
        )
    kinds = draw(
        st.lists(st.sampled_from(["AddService", "RetireService", "ReviseService"]), max_size=6)
    )
    for j, kind in enumerate(kinds):
        out.append(
            model.PlanAction(
                id=f"a{j}",
                label=f"A{j}",
                action_kind=kind,
                targets=[f"s{draw(st.integers(0, services - 1))}"],
                phase=draw(st.none() | st.integers(1, 3)),
                priority=draw(st.none() | st.integers(1, 3)),
            )
        )
    out.append(
        model.StandardServicePlan(
            id="plan", label="Plan", has_action=[f"a{j}" for j in range(len(kinds))]
        )
    )
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entities=plans())
@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_a_retire_action_never_raises_coverage_in_the_roadmap(
    kind: str, entities: list[model.Entity]
) -> None:
    p = Portfolio(store=kind)
    p.add(*entities)
    (plan,) = plan_review(p).plans
    before = plan.simulation.whatif.coverage_before.portfolio
    previous = before
    for step in plan.roadmap:
        if all(a.kind == "https://w3id.org/stsm#RetireService" for a in step.actions):
            assert step.coverage.covered <= previous.covered
            assert step.coverage.objectives_supported <= previous.objectives_supported
        previous = step.coverage
    assert previous == plan.simulation.whatif.coverage_after.portfolio
    ordered = [a for s in plan.roadmap for a in s.actions]
    assert ordered == sorted(plan.simulation.actions, key=action_order)
    # each step's figures are coverage computed afresh with the actions up to it assumed
    # (the roadmap builds them from rows read once); the last is the simulation's answer
    assume: dict[str, str] = {}
    for step in plan.roadmap:
        for a in step.actions:
            if a.kind in STATUS_OF:
                assume.update(dict.fromkeys(a.targets, STATUS_OF[a.kind]))
        facts = need_facts(p, assume=assume)
        assert coverage(p, facts=facts, assume=assume).portfolio == step.coverage
    assert simulate_plan(p, plan.plan).whatif.coverage_after.portfolio == previous
