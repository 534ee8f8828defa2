"""One status per node: a node stating several counts by the one that wins, in every analysis.

DESIGN.md: a node has at most one status; two are an error the user is told about, never a
node that counts as both. Stores may still hold such data (a server, an on-disk store): every
analysis reads the node's one effective status (retired, then planned, then any other, then
active), and ``analyze`` reports a ``conflicting-status`` violation.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import URIRef
from stores_under_test import STORES, make_portfolio

from stsm_graph import Portfolio
from stsm_graph.analysis import (
    analyze,
    coverage,
    need_facts,
    orphaned_services,
    partially_met_needs,
    unmet_needs,
)
from stsm_graph.analysis._needs import stated_status
from stsm_graph.cli import main
from stsm_graph.vocabulary.namespace import STSM

from .conftest import EX, PREFIXES
from .strategies import BASE, Spec, example_settings, portfolio_specs

Build = Callable[[str], Portfolio]

#: the reproduction of issue 15, item 1: a service both planned and active addresses a need
BOTH = """
    :c a stsm:Customer ; rdfs:label "C" ; stsm:hasNeed :n .
    :n a stsm:Need ; rdfs:label "N" ; stsm:requiresLevel :r .
    :r a stsm:LevelRequirement ; rdfs:label "R" ; stsm:metric "rto" ; stsm:targetValue 4 ;
        stsm:comparator stsm:AtMost .
    :o a stsm:StrategicObjective ; rdfs:label "O" .
    :line a stsm:ServiceLine ; rdfs:label "Line" .
    :s a stsm:StandardService ; rdfs:label "S" ; stsm:addresses :n ; stsm:supports :o ;
        stsm:inServiceLine :line ; stsm:hasServiceLevel :l ; stsm:status stsm:Planned .
    :l a stsm:ServiceLevel ; rdfs:label "L" ; stsm:metric "rto" ; stsm:targetValue 2 ;
        stsm:comparator stsm:AtMost .
"""


def state(p: Portfolio, node: str, status: str) -> Portfolio:
    """State one more status of ``node``: what a store may hold, whatever the loaders accept."""
    p.store.add_triples([(URIRef(EX + node), STSM.status, STSM[status])])
    return p


def both(build: Build) -> Portfolio:
    """The service ``:s`` of :data:`BOTH`, planned and active."""
    return state(build(BOTH), "s", "Active")


def test_a_service_both_planned_and_active_counts_as_planned_everywhere(build: Build) -> None:
    p = both(build)
    report = analyze(p)
    t = report.coverage.portfolio
    assert (t.needs, t.covered, t.fully_met) == (1, 0, 0)
    assert [u.need for u in report.unmet_needs] == [EX + "n"]
    assert report.unmet_needs[0].planned_services == (EX + "s",)
    assert not report.partially_met_needs
    (s,) = report.coverage.stakeholders
    assert (s.needs, s.covered, s.ratio) == (1, 0, 0.0)
    (o,) = report.coverage.objectives
    assert not o.supported
    (line,) = report.coverage.service_lines
    assert line.services == (EX + "s",) and line.active_services == ()
    assert not need_facts(p)[EX + "n"].covered


def test_the_conflict_is_a_violation_analyze_shows(build: Build) -> None:
    report = analyze(both(build))
    (finding,) = [f for f in report.integrity if f.rule == "conflicting-status"]
    assert finding.severity == "violation"
    assert finding.node == EX + "s"
    assert finding.related == (str(STSM.Active), str(STSM.Planned))
    assert "counts it as Planned" in finding.message
    assert report.has("violations")
    # the shapes' maxCount result says the same thing: it is not reported twice
    assert not [f for f in report.integrity if f.rule == "shape-violation"]


def test_a_level_offered_only_by_a_service_both_retired_and_active_meets_nothing(
    build: Build,
) -> None:
    p = build(
        """
        :n a stsm:Need ; rdfs:label "N" ; stsm:requiresLevel :r .
        :r a stsm:LevelRequirement ; rdfs:label "R" ; stsm:metric "rto" ; stsm:targetValue 4 ;
            stsm:comparator stsm:AtMost .
        :plain a stsm:StandardService ; rdfs:label "Plain" ; stsm:addresses :n .
        :both a stsm:StandardService ; rdfs:label "Both" ; stsm:addresses :n ;
            stsm:hasServiceLevel :l ; stsm:status stsm:Active .
        :l a stsm:ServiceLevel ; rdfs:label "L" ; stsm:metric "rto" ; stsm:targetValue 2 ;
            stsm:comparator stsm:AtMost .
        """
    )
    state(p, "both", "Retired")
    f = need_facts(p)[EX + "n"]
    assert f.services == {EX + "plain"}
    assert f.covered and not f.fully_met
    assert analyze(p).coverage.portfolio.fully_met == 0


def test_a_service_both_planned_and_retired_is_not_in_the_pipeline(build: Build) -> None:
    p = build(
        """
        :n a stsm:Need ; rdfs:label "N" .
        :s a stsm:StandardService ; rdfs:label "S" ; stsm:addresses :n ; stsm:status stsm:Planned .
        """
    )
    state(p, "s", "Retired")
    (u,) = unmet_needs(p)
    assert u.planned_services == ()


def test_fail_on_violations_sees_the_conflict_in_a_store(tmp_path: Path) -> None:
    """An on-disk store holding two statuses of a node: ``analyze`` says so, and fails on it."""
    p = Portfolio.create(tmp_path / "store")
    p.parse(PREFIXES + BOTH, format="turtle")
    state(p, "s", "Active")
    p.close()
    buffer = io.StringIO()
    assert main(["analyze", str(tmp_path / "store"), "--fail-on", "violations"], out=buffer) == 1
    text = buffer.getvalue()
    assert "[conflicting-status]" in text
    assert "Needs: 1, covered 0 (0%)" in text
    assert "Unmet needs: 1;" in text


# ------------------------------------------------------------------ the property, on every store

examples = example_settings()
STATUS_NAMES = ("Planned", "Active", "Retired")


@st.composite
def several_statuses(draw: st.DrawFn) -> tuple[Spec, dict[str, set[str]]]:
    """A random portfolio, and more statuses stated of some of its services and needs."""
    spec = draw(portfolio_specs())
    nodes = [s.id for s in spec.services] + [n.id for n in spec.needs]
    extra: dict[str, set[str]] = {}
    for node in nodes:
        more = draw(st.sets(st.sampled_from(STATUS_NAMES), max_size=2))
        if more:
            extra[node] = more
    return spec, extra


def effective(stated: set[str]) -> str:
    """The oracle: retired, then planned, then active (none stated: active)."""
    for status in ("Retired", "Planned"):
        if status in stated:
            return status
    return "Active"


@pytest.mark.parametrize("store", STORES)
@examples
@given(drawn=several_statuses())
def test_covered_and_unmet_partition_the_needs_whatever_the_statuses(
    store: str, drawn: tuple[Spec, dict[str, set[str]]]
) -> None:
    spec, extra = drawn
    p = make_portfolio(store)
    entities = spec.entities()
    if entities:
        p.add(*entities, base=BASE)
    triples = [
        (URIRef(BASE + node), STSM.status, STSM[status])
        for node, more in sorted(extra.items())
        for status in sorted(more)
    ]
    if triples:
        # what a store may hold, whatever the loaders accept
        p.store.add_triples(triples)
    stated = {s.id: {s.status} - {None} for s in spec.services}
    stated.update({n.id: {n.status} - {None} for n in spec.needs})
    for node, more in extra.items():
        stated[node] |= more  # type: ignore[arg-type]
    status = {node: effective(found) for node, found in stated.items()}  # type: ignore[arg-type]
    in_scope = {n.id for n in spec.needs if status[n.id] != "Retired"}
    covered = {
        n
        for n in in_scope
        if any(n in s.addresses and status[s.id] == "Active" for s in spec.services)
    }

    report = analyze(p)
    cov = coverage(p)
    reported_covered = {r[len(BASE) :] for r, f in need_facts(p).items() if f.covered}
    unmet = {u.need[len(BASE) :] for u in report.unmet_needs}
    assert reported_covered | unmet == in_scope
    assert not reported_covered & unmet
    assert reported_covered == covered
    assert report.coverage.portfolio.covered == cov.portfolio.covered == len(covered)
    assert report.coverage.portfolio.needs == len(in_scope)
    for s in report.coverage.stakeholders:
        assert s.needs - s.covered == sum(
            1 for u in report.unmet_needs if s.stakeholder in u.stakeholders
        )
    supported = {
        o
        for o in spec.objectives
        if any(o in s.supports and status[s.id] == "Active" for s in spec.services)
    }
    assert {o.objective[len(BASE) :] for o in cov.objectives if o.supported} == supported
    # every way of reading the same facts agrees (the quick paths and the full ones)
    facts = need_facts(p)
    assert partially_met_needs(p) == partially_met_needs(p, facts=facts)
    assert coverage(p) == coverage(p, facts=facts)
    nothing = {"urn:example:not-in-the-portfolio": str(STSM.Retired)}  # the what-if way
    assert orphaned_services(p) == orphaned_services(p, assume=nothing)
    # every node stating several statuses is a violation analyze shows, and no other
    conflicting = {node for node, found in stated.items() if len(found) > 1}
    found = {f.node[len(BASE) :] for f in report.integrity if f.rule == "conflicting-status"}
    assert found == conflicting
    for f in report.integrity:
        if f.rule == "conflicting-status":
            assert stated_status(f.related) == str(STSM) + status[f.node[len(BASE) :]]
