"""The retire what-if lists the planned launches and plan actions it blocks (issue 18 item 2).

A planned service that depends on what is retired (at any distance) cannot come into service;
the add actions bringing such a service in are blocked with it. Known answers, the JSON
contract, and the invariant against an independent walk of ``dependsOn``, on every store.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from stores_under_test import STORES, make_portfolio

from stsm_graph import Portfolio
from stsm_graph.analysis import BlockedAction, BlockedLaunch, impact
from stsm_graph.report import impact_markdown, impact_text

from .conftest import EX, PREFIXES
from .strategies import example_settings

Build = Callable[[str], Portfolio]
ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "impact.schema.json").read_text("utf-8"))

PLANS = """
    :base a stsm:StandardService ; rdfs:label "Base" .
    :web a stsm:StandardService ; rdfs:label "Web" ; stsm:status stsm:Planned ;
        stsm:dependsOn :base .
    :shop a stsm:StandardService ; rdfs:label "Shop" ; stsm:status stsm:Planned ;
        stsm:dependsOn :web .
    :mail a stsm:StandardService ; rdfs:label "Mail" ; stsm:status stsm:Planned .
    :live a stsm:StandardService ; rdfs:label "Live" ; stsm:dependsOn :base .
    :p1 a stsm:StandardServicePlan ; rdfs:label "2027" ;
        stsm:hasAction :add-web, :add-mail, :revise-web .
    :p2 a stsm:StandardServicePlan ; rdfs:label "2028" ; stsm:hasAction :add-shop .
    :add-web a stsm:PlanAction ; rdfs:label "Launch web" ; stsm:actionKind stsm:AddService ;
        stsm:targets :web .
    :add-shop a stsm:PlanAction ; rdfs:label "Launch shop" ; stsm:actionKind stsm:AddService ;
        stsm:targets :shop, :mail .
    :add-mail a stsm:PlanAction ; rdfs:label "Launch mail" ; stsm:actionKind stsm:AddService ;
        stsm:targets :mail .
    :revise-web a stsm:PlanAction ; rdfs:label "Revise web" ;
        stsm:actionKind stsm:ReviseService ; stsm:targets :web .
"""


def test_retiring_blocks_the_planned_services_depending_on_it(build: Build) -> None:
    p = build(PLANS)
    w = impact(p, EX + "base", retire=True).whatif
    assert w is not None
    assert w.taken_out_of_service == (EX + "base", EX + "live")
    assert w.blocked_launches == (
        BlockedLaunch(service=EX + "shop", label="Shop", actions=(EX + "add-shop",)),
        BlockedLaunch(service=EX + "web", label="Web", actions=(EX + "add-web",)),
    )
    # the revise action brings nothing in; the shop's action also targets the mail service
    assert w.blocked_plan_actions == (
        BlockedAction(
            action=EX + "add-shop", label="Launch shop", plans=(EX + "p2",), services=(EX + "shop",)
        ),
        BlockedAction(
            action=EX + "add-web", label="Launch web", plans=(EX + "p1",), services=(EX + "web",)
        ),
    )


def test_a_depth_cuts_the_affected_list_never_the_blocked_launches(build: Build) -> None:
    p = build(PLANS)
    whole, cut = (
        impact(p, EX + "base", retire=True),
        impact(p, EX + "base", retire=True, max_depth=1),
    )
    assert whole.whatif is not None and cut.whatif is not None
    assert EX + "shop" not in {a.node for a in cut.affected}
    assert cut.whatif.blocked_launches == whole.whatif.blocked_launches
    assert cut.whatif.blocked_plan_actions == whole.whatif.blocked_plan_actions


def test_retiring_what_nothing_planned_depends_on_blocks_nothing(build: Build) -> None:
    p = build(PLANS)
    for node in ("mail", "shop"):  # a planned service retired itself is not one it blocks
        w = impact(p, EX + node, retire=True).whatif
        assert w is not None
        assert (w.blocked_launches, w.blocked_plan_actions) == ((), ())
    w = impact(p, EX + "web", retire=True).whatif
    assert w is not None
    assert [b.service for b in w.blocked_launches] == [EX + "shop"]
    assert [b.action for b in w.blocked_plan_actions] == [EX + "add-shop"]


def test_the_blocked_launches_in_json_text_and_markdown(build: Build) -> None:
    report = impact(build(PLANS), EX + "base", retire=True)
    data = report.to_json()
    Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(data)
    assert [b["service"] for b in data["blocked_launches"]] == [EX + "shop", EX + "web"]
    assert data["blocked_plan_actions"][1] == {
        "action": EX + "add-web",
        "label": "Launch web",
        "plans": [EX + "p1"],
        "services": [EX + "web"],
    }
    text = impact_text(report, labels={})
    assert "Planned launches it blocks (2):" in text
    assert "  - Launch web (add-web): brings in Web" in text
    md = impact_markdown(report, labels={})
    assert "- planned launches it blocks: 2; plan actions it blocks: 2" in md
    assert "| Launch shop | add-shop | Shop |" in md


# ------------------------------------------------------------------------ the invariant

examples = example_settings(20)
STATUSES = ("", "stsm:status stsm:Planned ;", "stsm:status stsm:Retired ;")


@st.composite
def portfolios(draw: st.DrawFn) -> tuple[int, list[int], list[tuple[int, int]], list[set[int]]]:
    """Services 0..n-1 with statuses, dependencies (an edge i -> j, i > j), add actions."""
    n = draw(st.integers(2, 7))
    statuses = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    edges = draw(st.lists(st.tuples(st.integers(1, n - 1), st.integers(0, n - 2)), max_size=2 * n))
    actions = draw(st.lists(st.sets(st.integers(0, n - 1), min_size=1, max_size=3), max_size=4))
    return n, statuses, [(i, j) for i, j in edges if i > j], actions


def turtle(
    n: int, statuses: list[int], edges: list[tuple[int, int]], actions: list[set[int]]
) -> str:
    out = [
        f':s{i} a stsm:StandardService ; {STATUSES[statuses[i]]} rdfs:label "S{i}" .'
        for i in range(n)
    ]
    out += [f":s{i} stsm:dependsOn :s{j} ." for i, j in edges]
    out += [':plan a stsm:StandardServicePlan ; rdfs:label "Plan" .']
    for k, targets in enumerate(actions):
        listed = ", ".join(f":s{t}" for t in sorted(targets))
        out += [
            f":plan stsm:hasAction :a{k} .",
            f':a{k} a stsm:PlanAction ; rdfs:label "A{k}" ; stsm:actionKind stsm:AddService ;'
            f" stsm:targets {listed} .",
        ]
    return PREFIXES + "\n".join(out)


@pytest.mark.parametrize("store", STORES)
@examples
@given(case=portfolios())
def test_blocked_launches_are_the_planned_services_depending_on_what_is_retired(
    store: str, case: tuple[int, list[int], list[tuple[int, int]], list[set[int]]]
) -> None:
    n, statuses, edges, actions = case
    p = make_portfolio(store)
    p.parse(turtle(n, statuses, edges, actions), format="turtle")
    graph = nx.DiGraph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)  # i depends on j
    retired = 0
    w = impact(p, EX + f"s{retired}", retire=True).whatif
    assert w is not None
    dependants = nx.ancestors(graph, retired)
    expected = {i for i in dependants if statuses[i] == 1}
    assert {b.service for b in w.blocked_launches} == {EX + f"s{i}" for i in expected}
    bringing = {f"a{k}": t & expected for k, t in enumerate(actions) if t & expected}
    assert {b.action: set(b.services) for b in w.blocked_plan_actions} == {
        EX + a: {EX + f"s{i}" for i in t} for a, t in bringing.items()
    }
    # no blocked launch is taken out of service: it never was in service
    assert not {b.service for b in w.blocked_launches} & set(w.taken_out_of_service)
