"""Service levels in comparable units (issue 18 item 3), on every store.

"24 hours" meets a requirement of "at most 2 days"; time, ratio and data-size units listed in
``stsm_graph.generators.units`` are converted (pint wrote the factors into the queries); a
level and a requirement of units that cannot be compared stay a reported mismatch. Every
answer that reads the rule ``meets`` agrees: coverage, the partially met needs, the need facts
of each path (every need, the gap candidates) and the levels agreed with a stakeholder.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stores_under_test import STORES, make_portfolio

from stsm_graph import Portfolio
from stsm_graph.analysis import coverage, need_facts, partially_met_needs, stakeholder_views
from stsm_graph.analysis._needs import coverage_facts, gap_candidate_facts
from stsm_graph.generators.units import SPELLINGS, unit_scales

from .conftest import EX, PREFIXES
from .strategies import example_settings

Build = Callable[[str], Portfolio]

PORTFOLIO = """
    :c a stsm:Customer ; rdfs:label "C" ; stsm:hasNeed :n .
    :n a stsm:Need ; rdfs:label "N" ; stsm:requiresLevel :req .
    :req a stsm:LevelRequirement ; rdfs:label "Req" ; stsm:metric "m" ;
        stsm:targetValue {required} ; stsm:unit "{unit}" ; stsm:comparator stsm:{comparator} .
    :s a stsm:StandardService ; rdfs:label "S" ; stsm:addresses :n ; stsm:hasServiceLevel :l .
    :l a stsm:ServiceLevel ; rdfs:label "L" ; stsm:metric "m" ;
        stsm:targetValue {offered} ; stsm:unit "{offered_unit}" ;
        stsm:comparator stsm:{comparator} .
    :a a stsm:ServiceAgreement ; rdfs:label "A" ; stsm:withCustomer :c ; stsm:forService :s ;
        stsm:commitsTo :l .
"""


def ttl(comparator: str, required: str, unit: str, offered: str, offered_unit: str) -> str:
    return PORTFOLIO.format(
        comparator=comparator,
        required=required,
        unit=unit,
        offered=offered,
        offered_unit=offered_unit,
    )


def answers(p: Portfolio) -> tuple[bool, bool, bool, bool, bool, bool]:
    """Whether the level is met, as each analysis reading the rule ``meets`` says."""
    need = EX + "n"
    full = need_facts(p)[need].fully_met
    quick = coverage_facts(p)[need].fully_met
    # the gap candidates hold every need not fully met
    assert full or need in gap_candidate_facts(p)
    pm = partially_met_needs(p) == ()
    cov = coverage(p).portfolio.fully_met == 1
    (view,) = stakeholder_views(p)
    (check,) = view.requirements
    agreed = check.agreed_met and check.standard_met
    assert {full, quick, pm, cov, agreed} == {full}, (full, quick, pm, cov, agreed)
    return full, quick, pm, cov, agreed, check.committed[0].meets


@pytest.mark.parametrize(
    ("comparator", "required", "unit", "offered", "offered_unit", "met"),
    [
        ("AtMost", "2", "days", "24", "hours", True),  # the example
        ("AtMost", "1", "days", "24", "hours", True),  # exactly at the limit
        ("AtMost", "1", "days", "25", "hours", False),
        ("AtMost", "4", "h", "240", "minutes", True),
        ("AtMost", "4", "h", "241", "minutes", False),
        ("AtLeast", "99.9", "%", "999", "permille", True),  # 99.9 % is 0.999
        ("AtLeast", "99.9", "%", "998", "permille", False),
        ("AtLeast", "99.9", "percent", "99.9", "%", True),  # two spellings of one unit
        ("AtLeast", "500", "GB", "1", "TB", True),
        ("AtMost", "500", "GB", "1", "TB", False),
        ("AtLeast", "1", "GiB", "1", "GB", False),  # 10^9 bytes is less than 2^30
        ("AtLeast", "8", "bit", "1", "B", True),
        ("AtMost", "4", "hours", "1", "GB", False),  # hours and gigabytes: a mismatch
        ("AtLeast", "1", "%", "1", "GB", False),  # a ratio and a data size: a mismatch
        ("AtLeast", "3", "points", "4", "points", True),  # unlisted: compared as written
        ("AtLeast", "3", "points", "4", "score", False),  # unlisted and not the same text
    ],
)
def test_levels_in_comparable_units(
    build: Build,
    comparator: str,
    required: str,
    unit: str,
    offered: str,
    offered_unit: str,
    met: bool,
) -> None:
    p = build(ttl(comparator, required, unit, offered, offered_unit))
    assert answers(p) == (met,) * 6


def test_a_mismatch_is_reported_and_a_comparable_offer_is_shown_in_the_required_unit(
    build: Build,
) -> None:
    p = build(ttl("AtMost", "1", "days", "36", "hours"))
    (gap,) = partially_met_needs(p)[0].gaps
    assert (gap.offered, gap.unit, gap.mismatched_units) == (Decimal("1.5"), "days", ())
    q = build(ttl("AtMost", "1", "days", "36", "GB"))
    (gap,) = partially_met_needs(q)[0].gaps
    assert (gap.offered, gap.mismatched_units) == (None, ("GB",))


def test_the_units_pint_reads() -> None:
    scales = unit_scales()
    assert set(scales) == {s for spellings in SPELLINGS.values() for s in spellings}
    assert scales["days"] == ("time", Decimal(86400))
    assert scales["h"] == scales["hours"] == ("time", Decimal(3600))
    assert scales["%"] == ("ratio", Decimal("0.01"))
    assert scales["bit"] == ("data", Decimal("0.000000125"))  # in megabytes
    assert scales["TiB"] == ("data", Decimal(2**40) / 10**6)


examples = example_settings(15)


@st.composite
def conversions(draw: st.DrawFn) -> tuple[str, str, str, str, str, str, str]:
    """A requirement, a level, and the same level exactly in another unit of its dimension."""
    dimension = draw(st.sampled_from(sorted(SPELLINGS)))
    scales = unit_scales()
    units = SPELLINGS[dimension]
    unit, first, second = (draw(st.sampled_from(units)) for _ in range(3))
    required = Decimal(draw(st.integers(1, 500))) / 4
    offered = Decimal(draw(st.integers(1, 2000)))
    # the same quantity in the second unit, kept only when it is exact there (and has no
    # more decimals than a store's xsd:decimal holds)
    moved = offered * scales[first][1] / scales[second][1]
    exact = moved * scales[second][1] == offered * scales[first][1]
    if not exact or int(moved.normalize().as_tuple().exponent) < -12 or moved > 10**9:
        moved, second = offered, first
    comparator = draw(st.sampled_from(["AtLeast", "AtMost"]))
    shown = format(moved.normalize(), "f")
    return comparator, str(required), unit, str(offered), first, shown, second


@pytest.mark.parametrize("store", STORES)
@examples
@given(case=conversions())
def test_converting_a_level_never_changes_whether_it_is_met(
    store: str, case: tuple[str, str, str, str, str, str, str]
) -> None:
    comparator, required, unit, offered, first, moved, second = case
    results = []
    for value, in_unit in ((offered, first), (moved, second)):
        p = make_portfolio(store)
        p.parse(PREFIXES + ttl(comparator, required, unit, value, in_unit), format="turtle")
        results.append(answers(p))
    assert results[0] == results[1]
