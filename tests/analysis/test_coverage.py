"""Coverage per stakeholder, objective and service line, totals and matrices, per store."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import URIRef
from stores_under_test import make_portfolio

from stsm_graph import Portfolio, model
from stsm_graph.analysis import coverage
from stsm_graph.vocabulary.namespace import STSM

EX = "https://example.org/t/"
Build = Callable[[str], Portfolio]


def ex(*names: str) -> tuple[str, ...]:
    return tuple(EX + n for n in names)


STAKEHOLDERS = """
    :acme a stsm:Customer ; rdfs:label "Acme" ; stsm:hasNeed :n1, :n2, :n3, :n4, :old .
    :staff a stsm:EndUser ; rdfs:label "Staff" ; stsm:hasNeed :n1 .
    :board a stsm:Stakeholder ; rdfs:label "Board" ; stsm:hasNeed :n4 .
    :idle a stsm:Customer ; rdfs:label "Idle" .
    :retiree a stsm:EndUser ; rdfs:label "Retiree" ; stsm:hasNeed :old .
    :n1 a stsm:Need ; rdfs:label "N1" .
    :n2 a stsm:Need ; rdfs:label "N2" ; stsm:requiresLevel :r2 .
    :r2 a stsm:LevelRequirement ; rdfs:label "R2" ; stsm:metric "rto" ;
        stsm:targetValue 4 ; stsm:unit "h" ; stsm:comparator stsm:AtMost .
    :n3 a stsm:Need ; rdfs:label "N3" .
    :n4 a stsm:Need ; rdfs:label "N4" .
    :old a stsm:Need ; rdfs:label "Old" ; stsm:status stsm:Retired .
    :s1 a stsm:StandardService ; rdfs:label "S1" ; stsm:addresses :n1, :n2, :old ;
        stsm:hasServiceLevel :l1 .
    :l1 a stsm:ServiceLevel ; rdfs:label "L1" ; stsm:metric "rto" ;
        stsm:targetValue 8 ; stsm:unit "h" ; stsm:comparator stsm:AtMost .
    :p1 a stsm:StandardService ; rdfs:label "P1" ; stsm:status stsm:Planned ;
        stsm:addresses :n3 .
    :x1 a stsm:StandardService ; rdfs:label "X1" ; stsm:status stsm:Retired ;
        stsm:addresses :n4 .
"""


def test_stakeholder_coverage(build: Build) -> None:
    report = coverage(build(STAKEHOLDERS))
    by_id = {s.stakeholder: s for s in report.stakeholders}
    assert [s.stakeholder for s in report.stakeholders] == list(
        ex("acme", "board", "idle", "retiree", "staff")
    )
    acme = by_id[EX + "acme"]
    assert (acme.label, acme.type) == ("Acme", str(STSM.Customer))
    # n1 covered and fully met, n2 covered with a gap, n3 only planned, n4 only retired,
    # old retired and left out
    assert (acme.needs, acme.covered, acme.fully_met) == (4, 2, 1)
    assert acme.ratio == 0.5
    staff = by_id[EX + "staff"]
    assert (staff.type, staff.needs, staff.covered, staff.fully_met, staff.ratio) == (
        str(STSM.EndUser),
        1,
        1,
        1,
        1.0,
    )
    board = by_id[EX + "board"]
    assert (board.type, board.needs, board.covered, board.ratio) == (
        str(STSM.Stakeholder),
        1,
        0,
        0.0,
    )


@pytest.mark.parametrize("who", ["idle", "retiree"])
def test_stakeholder_without_needs_in_scope_has_ratio_one(build: Build, who: str) -> None:
    report = coverage(build(STAKEHOLDERS))
    (s,) = [s for s in report.stakeholders if s.stakeholder == EX + who]
    assert (s.needs, s.covered, s.fully_met, s.ratio) == (0, 0, 0, 1.0)


def test_stakeholder_typed_twice_is_reported_once_under_its_most_specific_type(
    build: Build,
) -> None:
    p = build(
        """
        :c a stsm:Customer, stsm:Stakeholder ; rdfs:label "C" ; stsm:hasNeed :n .
        :n a stsm:Need ; rdfs:label "N" .
        """
    )
    (s,) = coverage(p).stakeholders
    assert (s.type, s.needs) == (str(STSM.Customer), 1)


def test_portfolio_totals(build: Build) -> None:
    t = coverage(build(STAKEHOLDERS)).portfolio
    assert (t.needs, t.covered, t.fully_met, t.ratio) == (4, 2, 1, 0.5)
    assert (t.objectives, t.objectives_supported) == (0, 0)


def test_empty_portfolio_has_ratio_one(build: Build) -> None:
    report = coverage(build(':c a stsm:Customer ; rdfs:label "C" .'))
    t = report.portfolio
    assert (t.needs, t.covered, t.fully_met, t.ratio) == (0, 0, 0, 1.0)
    assert report.needs_matrix.rows == ()
    assert report.needs_matrix.to_csv() == "need,label\n"


def test_only_retired_needs_count_as_no_needs(build: Build) -> None:
    p = build(':n a stsm:Need ; rdfs:label "N" ; stsm:status stsm:Retired .')
    t = coverage(p).portfolio
    assert (t.needs, t.ratio) == (0, 1.0)


# ---------------------------------------------------------------------------- objectives

OBJECTIVES = """
    :o-active a stsm:StrategicObjective ; rdfs:label "Active support" .
    :o-planned a stsm:StrategicObjective ; rdfs:label "Planned support" .
    :o-retired a stsm:StrategicObjective ; rdfs:label "Retired support" .
    :o-none a stsm:StrategicObjective ; rdfs:label "No support" .
    :s a stsm:StandardService ; rdfs:label "S" ; stsm:supports :o-active .
    :s2 a stsm:StandardService ; rdfs:label "S2" ; stsm:status stsm:Active ;
        stsm:supports :o-active .
    :p a stsm:StandardService ; rdfs:label "P" ; stsm:status stsm:Planned ;
        stsm:supports :o-planned, :o-active .
    :x a stsm:StandardService ; rdfs:label "X" ; stsm:status stsm:Retired ;
        stsm:supports :o-retired .
"""


def test_objective_support(build: Build) -> None:
    report = coverage(build(OBJECTIVES))
    got = {o.objective: (o.supported, o.supported_by) for o in report.objectives}
    assert got == {
        EX + "o-active": (True, ex("s", "s2")),
        EX + "o-planned": (False, ()),
        EX + "o-retired": (False, ()),
        EX + "o-none": (False, ()),
    }
    assert [o.objective for o in report.objectives] == sorted(got)
    assert [o.label for o in report.objectives if o.objective == EX + "o-none"] == ["No support"]
    assert (report.portfolio.objectives, report.portfolio.objectives_supported) == (4, 1)


def test_objectives_matrix(build: Build) -> None:
    m = coverage(build(OBJECTIVES)).objectives_matrix
    assert (m.row_kind, m.column_kind) == ("objective", "service")
    assert m.rows == ex("o-active", "o-none", "o-planned", "o-retired")
    # planned services are columns; retired ones are not
    assert m.columns == ex("p", "s", "s2")
    assert m.column_labels == ("P", "S", "S2")
    assert m.links == (
        (EX + "o-active", EX + "p"),
        (EX + "o-active", EX + "s"),
        (EX + "o-active", EX + "s2"),
        (EX + "o-planned", EX + "p"),
    )


# ---------------------------------------------------------------------------- service lines

LINES = """
    :n1 a stsm:Need ; rdfs:label "N1" .
    :n2 a stsm:Need ; rdfs:label "N2" .
    :n3 a stsm:Need ; rdfs:label "N3" .
    :gone a stsm:Need ; rdfs:label "Gone" ; stsm:status stsm:Retired .
    :o1 a stsm:StrategicObjective ; rdfs:label "O1" .
    :o2 a stsm:StrategicObjective ; rdfs:label "O2" .
    :line-a a stsm:ServiceLine ; rdfs:label "Line A" .
    :line-b a stsm:ServiceLine ; rdfs:label "Line B" .
    :empty a stsm:ServiceLine ; rdfs:label "Empty" .
    :a1 a stsm:StandardService ; rdfs:label "A1" ; stsm:inServiceLine :line-a ;
        stsm:addresses :n1, :gone ; stsm:supports :o1 .
    :a2 a stsm:StandardService ; rdfs:label "A2" ; stsm:inServiceLine :line-a ;
        stsm:status stsm:Planned ; stsm:addresses :n2 ; stsm:supports :o2 .
    :a3 a stsm:StandardService ; rdfs:label "A3" ; stsm:inServiceLine :line-a ;
        stsm:status stsm:Retired ; stsm:addresses :n3 .
    :b1 a stsm:StandardService ; rdfs:label "B1" ; stsm:inServiceLine :line-b ;
        stsm:status stsm:Active ; stsm:addresses :n1, :n3 .
"""


def test_service_lines(build: Build) -> None:
    lines = coverage(build(LINES)).service_lines
    assert [s.service_line for s in lines] == list(ex("empty", "line-a", "line-b"))
    empty, a, b = lines
    assert (empty.label, empty.services, empty.active_services) == ("Empty", (), ())
    assert (empty.needs_covered, empty.objectives_supported) == ((), ())
    assert a.label == "Line A"
    assert a.services == ex("a1", "a2")
    assert a.active_services == ex("a1")
    assert a.needs_covered == ex("n1")
    assert a.objectives_supported == ex("o1")
    assert a.practice == "STSM SP 2.1"
    assert b.services == b.active_services == ex("b1")
    assert b.needs_covered == ex("n1", "n3")
    assert b.objectives_supported == ()


# ---------------------------------------------------------------------------- needs matrix


def test_needs_matrix_rows_columns_links_and_csv(build: Build) -> None:
    m = coverage(build(LINES)).needs_matrix
    assert (m.row_kind, m.column_kind) == ("need", "service")
    assert m.rows == ex("n1", "n2", "n3")  # the retired need is left out
    assert m.row_labels == ("N1", "N2", "N3")
    assert m.columns == ex("a1", "a2", "b1")  # the retired service is left out
    assert m.links == (
        (EX + "n1", EX + "a1"),
        (EX + "n1", EX + "b1"),
        (EX + "n2", EX + "a2"),
        (EX + "n3", EX + "b1"),
    )
    assert m.to_csv() == (
        f"need,label,{EX}a1,{EX}a2,{EX}b1\n{EX}n1,N1,x,,x\n{EX}n2,N2,,x,\n{EX}n3,N3,,,x\n"
    )


def test_matrix_csv_quotes_labels(build: Build) -> None:
    p = build(
        """
        :n a stsm:Need ; rdfs:label "Backups, \\"fast\\"" .
        :s a stsm:StandardService ; rdfs:label "S" ; stsm:addresses :n .
        """
    )
    csv_text = coverage(p).needs_matrix.to_csv()
    assert csv_text == f'need,label,{EX}s\n{EX}n,"Backups, ""fast""",x\n'


def test_coverage_from_the_python_api(store: str) -> None:
    p = make_portfolio(store)
    p.add(
        model.Customer(id="c", label="C", has_need=["n1", "n2"]),
        model.Need(id="n1", label="N1"),
        model.Need(id="n2", label="N2"),
        model.StandardService(id="s", label="S", addresses=["n1"]),
    )
    (s,) = coverage(p).stakeholders
    assert (s.label, s.needs, s.covered, s.ratio) == ("C", 2, 1, 0.5)


def test_stakeholders_objectives_and_lines_with_two_labels_show_the_smallest(
    build: Build,
) -> None:
    """Two labels are reported by the shapes; every analysis shows the smallest."""
    p = build(
        """
        :cust a stsm:Customer ; rdfs:label "Acme Corp", "Zeta Corp" ; stsm:hasNeed :n .
        :n a stsm:Need ; rdfs:label "N" .
        :obj a stsm:StrategicObjective ; rdfs:label "Grow", "Zoom" .
        :line a stsm:ServiceLine ; rdfs:label "Core line", "Zed line" .
        :s a stsm:StandardService ; rdfs:label "S" ; stsm:addresses :n ; stsm:supports :obj ;
            stsm:inServiceLine :line .
        """
    )
    report = coverage(p)
    assert [s.label for s in report.stakeholders] == ["Acme Corp"]
    assert [o.label for o in report.objectives] == ["Grow"]
    assert [line.label for line in report.service_lines] == ["Core line"]


def test_a_service_with_two_stated_statuses_is_read_as_the_orphans_read_it(build: Build) -> None:
    """Two statuses are refused at load; in a store that holds them already (written there by
    another tool), retired, then planned, wins in every analysis."""
    p = build(
        """
        :n a stsm:Need ; rdfs:label "N" .
        :gone a stsm:StandardService ; rdfs:label "Gone" ; stsm:addresses :n ;
            stsm:status stsm:Active .
        :soon a stsm:StandardService ; rdfs:label "Soon" ; stsm:addresses :n ;
            stsm:status stsm:Active .
        """
    )
    p.store.add_triples(
        [
            (URIRef(EX + "gone"), STSM.status, STSM.Retired),
            (URIRef(EX + "soon"), STSM.status, STSM.Planned),
        ]
    )
    m = coverage(p).needs_matrix
    assert m.columns == ex("soon")
    assert m.links == ((EX + "n", EX + "soon"),)
