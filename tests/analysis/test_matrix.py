"""The labelled matrices: known answers per store, and invariants over random portfolios."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from stores_under_test import PROPERTY_STORES

from stsm_graph import Portfolio
from stsm_graph.analysis import MATRIX_ROWS, analyze, coverage, service_matrix

from .strategies import Spec, example_settings, load, portfolio_specs

EX = "https://example.org/t/"
Build = Callable[[str], Portfolio]

PORTFOLIO = """
    :n1 a stsm:Need ; rdfs:label "Backups" .
    :n2 a stsm:Need ; rdfs:label "Archive" .
    :n3 a stsm:Need ; rdfs:label "Mail" .
    :n4 a stsm:Need ; rdfs:label "Old" ; stsm:status stsm:Retired .
    :o1 a stsm:StrategicObjective ; rdfs:label "Grow" .
    :o2 a stsm:StrategicObjective ; rdfs:label "Save" .
    :bk a stsm:StandardService ; rdfs:label "Backup" ; stsm:addresses :n1 ; stsm:supports :o1 .
    :ar a stsm:StandardService ; rdfs:label "Archiving" ; stsm:addresses :n2 ;
        stsm:status stsm:Planned .
    :gone a stsm:StandardService ; rdfs:label "Gone" ; stsm:addresses :n3 ;
        stsm:status stsm:Retired .
    :a a stsm:Customer ; rdfs:label "Alpha" ; stsm:hasNeed :n1, :n2 .
    :b a stsm:Customer ; rdfs:label "Beta" ; stsm:hasNeed :n3 .
    :c a stsm:Customer ; rdfs:label "Gamma" ; stsm:hasNeed :n1 .
"""


def test_needs_matrix_gaps_first_with_labels(build: Build) -> None:
    m = service_matrix(build(PORTFOLIO), "needs")
    assert m.table() == [
        ["Need", "Archiving", "Backup"],
        ["Archive", "planned", ""],
        ["Mail", "", ""],
        ["Backups", "", "met"],
    ]
    assert [r.state for r in m.rows] == ["unmet", "unmet", "met"]


def test_objectives_matrix(build: Build) -> None:
    m = service_matrix(build(PORTFOLIO), "objectives")
    assert m.table() == [
        ["Objective", "Archiving", "Backup"],
        ["Save", "", ""],
        ["Grow", "", "met"],
    ]


def test_stakeholders_matrix(build: Build) -> None:
    m = service_matrix(build(PORTFOLIO), "stakeholders")
    assert m.table() == [
        ["Stakeholder", "Archiving", "Backup"],
        ["Beta", "", ""],
        ["Alpha", "planned", "met"],
        ["Gamma", "", "met"],
    ]
    assert [r.state for r in m.rows] == ["unmet", "partially met", "met"]


def test_unknown_rows_are_refused(build: Build) -> None:
    with pytest.raises(ValueError, match="unknown matrix rows 'services'"):
        service_matrix(build(""), "services")


examples = example_settings()


@examples
@given(spec=portfolio_specs())
def test_matrices_hold_the_coverage_links_and_rows_in_gap_order(spec: Spec) -> None:
    p = load(spec, "oxigraph")
    report = coverage(p)
    for kind, source in (("needs", report.needs_matrix), ("objectives", report.objectives_matrix)):
        m = service_matrix(p, kind, report=report)
        assert {(r, c) for r, c, _s in m.cells} == set(source.links)
        assert {r.node for r in m.rows} == set(source.rows)
        assert {c.node for c in m.columns} == set(source.columns)
        order = [{"unmet": 0, "unsupported": 0, "partially met": 1}.get(r.state, 2) for r in m.rows]
        assert order == sorted(order)
        table = m.table()
        assert len(table) == len(m.rows) + 1
        assert all(len(row) == len(m.columns) + 1 for row in table)
    people = service_matrix(p, "stakeholders", report=report)
    assert {r.node for r in people.rows} == {s.stakeholder for s in report.stakeholders}
    for r in people.rows:
        if r.state == "unmet":
            assert not any(
                row == r.node and s in ("met", "partially met") for row, _c, s in people.cells
            )


@examples
@given(spec=portfolio_specs())
def test_matrices_from_the_analysis_are_the_matrices(spec: Spec) -> None:
    p = load(spec, "oxigraph")
    report = analyze(p, shapes=False)
    for kind in MATRIX_ROWS:
        assert service_matrix(p, kind, analysis=report) == service_matrix(p, kind)


@examples
@given(spec=portfolio_specs())
def test_same_matrices_on_every_store(spec: Spec) -> None:
    portfolios = [load(spec, s) for s in PROPERTY_STORES]
    for kind in MATRIX_ROWS:
        answers = [service_matrix(p, kind) for p in portfolios]
        assert all(a == answers[0] for a in answers[1:])
