"""``analyze``: the combined report, ``has``, and its JSON contract (docs/analyze.schema.json)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError
from stores_under_test import make_portfolio

from stsm_graph import Portfolio
from stsm_graph.analysis import FINDING_KINDS, analyze

EX = "https://example.org/t/"
Build = Callable[[str], Portfolio]
SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "analyze.schema.json").read_text("utf-8")
)

#: one of each finding kind
EVERYTHING = """
    :c a stsm:Customer ; rdfs:label "C" ; stsm:hasNeed :n-unmet, :n-gap, :n-ok .
    :eu a stsm:EndUser ; rdfs:label "EU" .
    :n-unmet a stsm:Need ; rdfs:label "Unmet" .
    :n-gap a stsm:Need ; rdfs:label "Gap" ; stsm:requiresLevel :r .
    :n-ok a stsm:Need ; rdfs:label "OK" .
    :r a stsm:LevelRequirement ; rdfs:label "R" ; stsm:metric "availability" ;
        stsm:targetValue 99.95 ; stsm:unit "%" ; stsm:comparator stsm:AtLeast .
    :o a stsm:StrategicObjective ; rdfs:label "O" .
    :line a stsm:ServiceLine ; rdfs:label "Line" .
    :s a stsm:StandardService ; rdfs:label "S" ; stsm:addresses :n-gap, :n-ok ;
        stsm:supports :o ; stsm:inServiceLine :line ; stsm:hasServiceLevel :l, :l2 ;
        stsm:dependsOn :s .
    :l a stsm:ServiceLevel ; rdfs:label "L" ; stsm:metric "availability" ;
        stsm:targetValue 99.9 ; stsm:unit "%" ; stsm:comparator stsm:AtLeast .
    :l2 a stsm:ServiceLevel ; rdfs:label "L2" ; stsm:metric "availability" ;
        stsm:targetValue 100 ; stsm:unit "GB" ; stsm:comparator stsm:AtLeast .
    :orphan a stsm:StandardService ; rdfs:label "Orphan" ; stsm:status stsm:Planned .
    :agr a stsm:ServiceAgreement ; rdfs:label "Agr" ; stsm:withCustomer :c ;
        stsm:forService :orphan ; stsm:commitsTo :l .
"""


def validate(data: dict[str, Any]) -> None:
    Draft202012Validator(SCHEMA).validate(data)


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


def test_every_kind_of_finding_validates_against_the_schema(build: Build) -> None:
    report = analyze(build(EVERYTHING))
    data = report.to_json()
    validate(data)
    assert [len(data[k]) for k in ("unmet_needs", "partially_met_needs", "orphaned_services")] == [
        1,
        1,
        1,
    ]
    rules = {f["rule"] for f in data["integrity"]}
    assert {"dependency-cycle", "agreement-level-mismatch", "no-service-system"} <= rules
    # the JSON text round-trips
    assert json.loads(json.dumps(data)) == data


def test_empty_portfolio_validates(store: str) -> None:
    data = analyze(make_portfolio(store)).to_json()
    validate(data)
    assert data["coverage"]["portfolio"] == {
        "needs": 0,
        "covered": 0,
        "fully_met": 0,
        "ratio": 1.0,
        "objectives": 0,
        "objectives_supported": 0,
    }
    assert data["unmet_needs"] == data["partially_met_needs"] == []
    assert data["orphaned_services"] == data["integrity"] == []


def test_schema_rejects_a_broken_report(build: Build) -> None:
    # the validation above could not pass vacuously: a broken document is refused
    data = analyze(build(EVERYTHING)).to_json()
    broken = json.loads(json.dumps(data))
    broken["coverage"]["portfolio"]["ratio"] = 1.5
    with pytest.raises(ValidationError, match=r"1\.5"):
        validate(broken)
    del data["unmet_needs"]
    with pytest.raises(ValidationError, match="unmet_needs"):
        validate(data)


def test_json_shape(build: Build) -> None:
    data = analyze(build(EVERYTHING)).to_json()
    assert sorted(data) == [
        "coverage",
        "integrity",
        "orphaned_services",
        "partially_met_needs",
        "shapes_checked",
        "unmet_needs",
    ]
    assert data["shapes_checked"] is True  # a small portfolio: its shapes were checked
    cov = data["coverage"]
    assert sorted(cov) == ["matrices", "objectives", "portfolio", "service_lines", "stakeholders"]
    # the practice is carried by the findings, not by the coverage rows
    assert all("practice" not in s for s in cov["stakeholders"])
    assert cov["matrices"]["needs_x_services"] == {
        "rows": [EX + "n-gap", EX + "n-ok", EX + "n-unmet"],
        "columns": [EX + "orphan", EX + "s"],
        "links": [[EX + "n-gap", EX + "s"], [EX + "n-ok", EX + "s"]],
    }
    (gap,) = data["partially_met_needs"][0]["gaps"]
    assert gap["required"] == 99.95 and gap["offered"] == 99.9
    assert gap["mismatched_units"] == ["GB"]  # a data size cannot meet a ratio
    (cycle,) = [f for f in data["integrity"] if f["rule"] == "dependency-cycle"]
    assert cycle["cycle"] == [EX + "s", EX + "s"]
    assert cycle["related"] == [EX + "s"]


def test_lists_are_sorted_by_iri(build: Build) -> None:
    data = analyze(build(EVERYTHING)).to_json()
    cov = data["coverage"]
    for key, field in (
        ("stakeholders", "stakeholder"),
        ("objectives", "objective"),
        ("service_lines", "service_line"),
    ):
        ids = [x[field] for x in cov[key]]
        assert ids == sorted(ids)
    for key, field in (
        ("unmet_needs", "need"),
        ("partially_met_needs", "need"),
        ("orphaned_services", "service"),
    ):
        ids = [x[field] for x in data[key]]
        assert ids == sorted(ids)


@pytest.mark.parametrize(
    ("turtle", "present"),
    [
        ("", set()),
        (':n a stsm:Need ; rdfs:label "N" .', {"unmet"}),
        (
            ':s a stsm:StandardService ; rdfs:label "S" ; stsm:status stsm:Planned .',
            {"orphans", "warnings", "integrity"},
        ),
        (
            ':sys a stsm:ServiceSystem ; rdfs:label "Sys" ; stsm:dependsOn :sys .',
            {"violations", "integrity"},
        ),
    ],
)
def test_has(build: Build, turtle: str, present: set[str]) -> None:
    report = analyze(build(turtle))
    assert {k for k in FINDING_KINDS if report.has(k)} == present


def test_has_partial(build: Build) -> None:
    report = analyze(build(EVERYTHING))
    assert report.has("partial")
    with pytest.raises(ValueError, match="unmet, partial, orphans"):
        report.has("orphan")


def test_analyze_equals_the_single_analyses(build: Build) -> None:
    from stsm_graph.analysis import (
        coverage,
        integrity_findings,
        orphaned_services,
        partially_met_needs,
        unmet_needs,
    )

    p = build(EVERYTHING)
    report = analyze(p)
    assert report.coverage == coverage(p)
    assert report.unmet_needs == unmet_needs(p)
    assert report.partially_met_needs == partially_met_needs(p)
    assert report.orphaned_services == orphaned_services(p)
    assert report.integrity == integrity_findings(p)


def test_analyze_prefetches_exactly_the_queries_it_asks(
    build: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ANALYZE_QUERIES`` is what ``analyze`` asks: nothing missed (asked one by one on a
    server), nothing stale (asked for nothing). The cycle spelling's extra query excepted,
    and ``need_details.rq``, which depends on an answer (it is asked for the gap candidates,
    and only when there are some). A store may answer the gap candidates by the wider query
    it is given (``Store.narrow``): the memory store does."""
    from stsm_graph.analysis.summary import ANALYZE_QUERIES
    from stsm_graph.vocabulary.resources import query_text

    p = build(EVERYTHING.replace("stsm:dependsOn :s .", "."))
    asked: list[tuple[str, frozenset[Any]]] = []
    real = p.store.select_text

    def spy(sparql: str, bindings: Any = None) -> Any:
        asked.append((sparql, frozenset((bindings or {}).items())))
        return real(sparql, bindings)

    p.store.select_text = spy  # type: ignore[method-assign]
    # the shapes' own queries (the compiled SHACL checks) are sent together by validate_store
    import stsm_graph.analysis.shapes as shapes_step

    shape_queries: list[tuple[str, frozenset[Any]]] = []
    real_validate = shapes_step.validate_store

    def validate_spy(store: Any, **kw: Any) -> Any:
        before = len(asked)
        try:
            return real_validate(store, **kw)
        finally:
            shape_queries.extend(asked[before:])
            del asked[before:]

    monkeypatch.setattr(shapes_step, "validate_store", validate_spy)
    analyze(p)
    listed = {(query_text(name), frozenset(b.items())) for name, b in ANALYZE_QUERIES}
    wider = (query_text("addressed_needs_with_levels"), frozenset())
    if wider in asked:  # in the gap candidates' place
        asked = [(query_text("gap_candidates"), frozenset()) if a == wider else a for a in asked]
    details = query_text("need_details").split("VALUES")[0]
    dependent = {a for a in asked if a[0].startswith(details)}
    assert len(dependent) == 1  # the portfolio has a partially met need
    # the shapes step counts the triples (a query on a server) to decide whether to run
    size = {a for a in asked if a[0] == "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    assert set(asked) - dependent - size == listed
