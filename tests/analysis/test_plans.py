"""Simulating a standard service plan: known answers on hand-built plans, per store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from stores_under_test import open_portfolio

from stsm_graph import Portfolio
from stsm_graph.analysis import PlanSimulation, coverage, simulate_plan
from stsm_graph.errors import UnknownNodeError
from stsm_graph.vocabulary.namespace import STSM

EX = "https://example.org/t/"
S = str(STSM)
Build = Callable[[str], Portfolio]
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "northwind-it-services.yaml"


def ex(*names: str) -> tuple[str, ...]:
    return tuple(EX + n for n in names)


def rules(sim: PlanSimulation) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(w.rule, w.node, w.actions) for w in sim.warnings]


def snapshot(p: Portfolio) -> Graph:
    g = Graph()
    g += p.store.to_rdflib()
    return g


BASE = """
    :acme a stsm:Customer ; rdfs:label "Acme" ; stsm:hasNeed :mail, :chat, :files .
    :mail a stsm:Need ; rdfs:label "Mail" .
    :chat a stsm:Need ; rdfs:label "Chat" .
    :files a stsm:Need ; rdfs:label "Files" .
    :exchange a stsm:StandardService ; rdfs:label "Exchange 2013" ; stsm:addresses :mail .
    :teams a stsm:StandardService ; rdfs:label "Teams" ; stsm:addresses :chat .
    :m365 a stsm:StandardService ; rdfs:label "Microsoft 365" ; stsm:status stsm:Planned ;
        stsm:addresses :mail, :files .
"""


def plan(*actions: tuple[str, str, tuple[str, ...]]) -> str:
    """Return Turtle for a plan ``:plan`` with the actions (id, kind, targets)."""
    ids = ", ".join(f":{a}" for a, _k, _t in actions)
    out = [f':plan a stsm:StandardServicePlan ; rdfs:label "FY27" ; stsm:hasAction {ids} .']
    for action, kind, targets in actions:
        out.append(
            f':{action} a stsm:PlanAction ; rdfs:label "{kind} {action}" ; '
            f"stsm:actionKind stsm:{kind} ; stsm:targets {', '.join(':' + t for t in targets)} ."
        )
    return "\n".join(out)


def test_add_puts_a_planned_service_in_service(build: Build) -> None:
    p = build(BASE + plan(("addM365", "AddService", ("m365",))))
    sim = simulate_plan(p, EX + "plan")
    assert sim.plan == EX + "plan"
    assert [(a.action, a.kind, a.targets) for a in sim.actions] == [
        (EX + "addM365", S + "AddService", ex("m365"))
    ]
    before, after = sim.whatif.coverage_before.portfolio, sim.whatif.coverage_after.portfolio
    assert (before.needs, before.covered, after.covered) == (3, 2, 3)
    (acme_before,), (acme_after,) = (
        sim.whatif.coverage_before.stakeholders,
        sim.whatif.coverage_after.stakeholders,
    )
    assert (acme_before.covered, acme_after.covered) == (2, 3)
    assert sim.whatif.taken_out_of_service == ()
    assert sim.whatif.newly_unmet_needs == ()
    assert sim.warnings == ()


def test_retire_that_leaves_a_need_unmet_is_warned_naming_the_action(build: Build) -> None:
    p = build(BASE + plan(("dropExchange", "RetireService", ("exchange",))))
    sim = simulate_plan(p, EX + "plan")
    assert sim.whatif.taken_out_of_service == ex("exchange")
    assert [n.need for n in sim.whatif.newly_unmet_needs] == [EX + "mail"]
    assert rules(sim) == [("retire-leaves-need-unmet", EX + "mail", ex("dropExchange"))]
    (warning,) = sim.warnings
    assert warning.label == "Mail"
    assert "Mail" in warning.message and EX + "exchange" in warning.message
    assert warning.practice == "STSM SP 1.2"
    after = sim.whatif.coverage_after.portfolio
    assert after.covered == 1


def test_retire_covered_by_an_add_is_not_warned(build: Build) -> None:
    p = build(
        BASE
        + plan(
            ("addM365", "AddService", ("m365",)),
            ("dropExchange", "RetireService", ("exchange",)),
        )
    )
    sim = simulate_plan(p, EX + "plan")
    assert sim.whatif.newly_unmet_needs == ()
    assert sim.warnings == ()
    assert sim.whatif.coverage_after.portfolio.covered == 3


def test_an_obsolete_service_kept_is_warned(build: Build) -> None:
    p = build(
        BASE
        + """
        :fax a stsm:StandardService ; rdfs:label "Fax gateway" .
        """
        + plan(("addM365", "AddService", ("m365",)), ("reviseFax", "ReviseService", ("fax",)))
    )
    sim = simulate_plan(p, EX + "plan")
    # the revise action targets the fax gateway, but only a retire action would deal with it
    assert rules(sim) == [("obsolete-service-kept", EX + "fax", ex("reviseFax"))]
    (warning,) = sim.warnings
    assert warning.label == "Fax gateway"
    assert "Fax gateway" in warning.message


def test_retiring_the_obsolete_service_clears_the_warning(build: Build) -> None:
    p = build(
        BASE
        + """
        :fax a stsm:StandardService ; rdfs:label "Fax gateway" .
        """
        + plan(("dropFax", "RetireService", ("fax",)))
    )
    sim = simulate_plan(p, EX + "plan")
    assert sim.warnings == ()
    assert sim.whatif.taken_out_of_service == ex("fax")
    assert sim.whatif.coverage_before == sim.whatif.coverage_after


def test_a_service_orphaned_by_the_plan_is_an_obsolete_service_kept(build: Build) -> None:
    p = build(
        """
        :n a stsm:Need ; rdfs:label "Bookings" .
        :n2 a stsm:Need ; rdfs:label "Bookings, new" .
        :front a stsm:StandardService ; rdfs:label "Front office" ; stsm:dependsOn :db ;
            stsm:addresses :n .
        :newFront a stsm:StandardService ; rdfs:label "New front office" ;
            stsm:status stsm:Planned ; stsm:addresses :n, :n2 .
        :db a stsm:StandardService ; rdfs:label "Database" .
        """
        + plan(("swap", "AddService", ("newFront",)), ("drop", "RetireService", ("front",)))
    )
    sim = simulate_plan(p, EX + "plan")
    assert sim.whatif.newly_orphaned_services == ex("db")
    assert rules(sim) == [("obsolete-service-kept", EX + "db", ())]


def test_revise_leaves_statuses_as_they_are(build: Build) -> None:
    p = build(BASE + plan(("reviseM365", "ReviseService", ("m365",))))
    sim = simulate_plan(p, EX + "plan")
    assert sim.whatif.coverage_before == sim.whatif.coverage_after
    assert sim.whatif.coverage_before.portfolio.covered == 2  # m365 is still only planned
    assert sim.warnings == ()


def test_simulation_leaves_the_portfolio_unchanged(build: Build) -> None:
    p = build(
        BASE
        + plan(
            ("addM365", "AddService", ("m365",)),
            ("dropExchange", "RetireService", ("exchange", "teams")),
        )
    )
    count, before = len(p), snapshot(p)
    sim = simulate_plan(p, "FY27")
    assert sim.whatif.taken_out_of_service == ex("exchange", "teams")
    assert len(p) == count
    assert isomorphic(before, snapshot(p))
    assert coverage(p).portfolio.covered == 2
    assert simulate_plan(p, EX + "plan") == sim


def test_unknown_plan(build: Build) -> None:
    p = build(BASE + plan(("addM365", "AddService", ("m365",))))
    with pytest.raises(UnknownNodeError) as info:
        simulate_plan(p, "FY72")
    assert any(near.split(" (")[0] == "plan" for near in info.value.near), info.value.near


def test_example_plan(store: str) -> None:
    p = open_portfolio(EXAMPLE, store)
    sim = simulate_plan(p, "Standard service plan FY2025-26")
    nw = "https://example.org/northwind/"
    assert [(a.action[len(nw) :], a.kind[len(S) :] if a.kind else None) for a in sim.actions] == [
        ("act-add-finops", "AddService"),
        ("act-retire-hosted-exchange", "RetireService"),
        ("act-revise-hosting-ha", "ReviseService"),
        ("act-revise-mdr-response", "ReviseService"),
    ]
    before, after = sim.whatif.coverage_before.portfolio, sim.whatif.coverage_after.portfolio
    assert (before.covered, after.covered) == (23, 24)  # svc-finops covers the cloud bill
    assert rules(sim) == [("obsolete-service-kept", nw + "svc-managed-print", ())]
