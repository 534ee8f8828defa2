"""SHACL: fixtures named by outcome, one per rule, checked on every store."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from stsm_graph import STSM, Portfolio, ValidationReport, ValidationResult
from stsm_graph.ingest.validation import validate_graph

FIXTURES = Path(__file__).parent / "fixtures"
EX = "https://example.org/p/"
S = str(STSM)


def _report(name: str, store: str) -> ValidationReport:
    return Portfolio.open(FIXTURES / name, store=store).validate()


def test_every_fixture_is_covered_here() -> None:
    names = {p.name for p in FIXTURES.glob("*.ttl")}
    covered = set(INVALID) | set(WARNINGS) | {"valid_complete.ttl"}
    assert names == covered


def test_a_complete_portfolio_conforms_without_findings(portfolio_store: str) -> None:
    report = _report("valid_complete.ttl", portfolio_store)
    assert report.conforms
    assert report.results == ()
    assert (report.violations, report.warnings) == (0, 0)


#: fixture -> the one violation it holds: (focus node, path, words of the message)
INVALID: dict[str, tuple[str, str | None, str]] = {
    "invalid_link_object_class.ttl": (EX + "svc", S + "addresses", "must be a need"),
    "invalid_link_subject_class.ttl": (
        EX + "need-a",
        None,
        "The subject of stsm:addresses must be a standard service",
    ),
    "invalid_entity_without_label.ttl": (
        EX + "need-nameless",
        str(RDFS.label),
        "at least one rdfs:label",
    ),
    "invalid_level_without_metric.ttl": (EX + "sl-avail", S + "metric", "needs an stsm:metric"),
    "invalid_level_without_target.ttl": (
        EX + "sl-avail",
        S + "targetValue",
        "needs an stsm:targetValue",
    ),
    "invalid_level_without_comparator.ttl": (
        EX + "sl-avail",
        S + "comparator",
        "needs an stsm:comparator",
    ),
    "invalid_agreement_without_customer.ttl": (
        EX + "agr",
        S + "withCustomer",
        "at least one stsm:withCustomer",
    ),
    "invalid_agreement_without_service.ttl": (
        EX + "agr",
        S + "forService",
        "at least one stsm:forService",
    ),
    "invalid_unknown_status.ttl": (EX + "need", S + "status", "from the status scheme"),
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_each_invalid_fixture_breaks_exactly_its_rule(portfolio_store: str, name: str) -> None:
    focus, path, words = INVALID[name]
    report = _report(name, portfolio_store)
    assert not report.conforms
    violations = [r for r in report.results if r.severity == "violation"]
    assert [(r.focus_node, r.path) for r in violations] == [(focus, path)]
    assert words in violations[0].message
    assert report.violations == 1


def test_the_offending_value_is_reported(portfolio_store: str) -> None:
    report = _report("invalid_unknown_status.ttl", portfolio_store)
    assert report.results[0].value == EX + "Pending"
    assert report.results[0].constraint == "http://www.w3.org/ns/shacl#InConstraintComponent"
    wrong_class = _report("invalid_link_object_class.ttl", portfolio_store)
    violation = next(r for r in wrong_class.results if r.severity == "violation")
    assert violation.value == EX + "cap"


SH = "https://w3id.org/stsm/shapes#"
#: fixture -> the one warning it holds: (focus node, shape)
WARNINGS: dict[str, tuple[str, str]] = {
    "valid_service_without_level.ttl": (EX + "svc", SH + "ServiceLevelPresentShape"),
    "valid_service_without_system.ttl": (EX + "svc", SH + "ServiceSystemPresentShape"),
    "valid_service_without_customer_description.ttl": (
        EX + "svc",
        SH + "CustomerDescriptionPresentShape",
    ),
}


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_an_incomplete_service_is_a_warning_only(portfolio_store: str, name: str) -> None:
    report = _report(name, portfolio_store)
    assert report.conforms
    assert [(r.severity, r.focus_node, r.shape) for r in report.results] == [
        ("warning", *WARNINGS[name])
    ]
    assert (report.violations, report.warnings) == (0, 1)


def test_only_services_that_are_not_retired_are_asked_to_be_complete(
    portfolio_store: str,
) -> None:
    p = Portfolio(store=portfolio_store)
    p.parse(
        f"""@prefix stsm: <{S}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <{EX}old> a stsm:StandardService ; rdfs:label "Old" ; stsm:status stsm:Retired .
        <{EX}new> a stsm:StandardService ; rdfs:label "New" ; stsm:status stsm:Planned .
        <{EX}now> a stsm:StandardService ; rdfs:label "Now" .""",
        format="turtle",
    )
    report = p.validate()
    assert report.conforms
    shapes = ("CustomerDescriptionPresentShape", "ServiceLevelPresentShape")
    shapes += ("ServiceSystemPresentShape",)
    assert sorted((r.focus_node, r.shape, r.severity) for r in report.results) == [
        (EX + node, SH + shape, "warning") for node in ("new", "now") for shape in shapes
    ]


def test_violations_come_before_warnings(portfolio_store: str) -> None:
    report = _report("invalid_agreement_without_customer.ttl", portfolio_store)
    severities = [r.severity for r in report.results]
    assert severities == ["violation", "warning", "warning", "warning"]


def test_validation_uses_the_subclasses_of_the_ontology() -> None:
    g = Graph()
    acme, need = URIRef(EX + "acme"), URIRef(EX + "n")
    g.add((acme, RDF.type, STSM.EndUser))
    g.add((acme, RDFS.label, Literal("ACME")))
    g.add((acme, STSM.hasNeed, need))
    g.add((need, RDF.type, STSM.Need))
    g.add((need, RDFS.label, Literal("N")))
    assert validate_graph(g).conforms  # an end user is a stakeholder
    assert len(g) == 5  # the subclass triples went into a copy


def test_a_blank_node_instance_is_a_violation() -> None:
    g = Graph()
    b = BNode()
    g.add((b, RDF.type, STSM.Need))
    g.add((b, RDFS.label, Literal("anonymous")))
    report = validate_graph(g)
    assert not report.conforms
    assert [r.constraint for r in report.results] == [
        "http://www.w3.org/ns/shacl#NodeKindConstraintComponent"
    ]


def test_results_are_frozen(portfolio_store: str) -> None:
    report = _report("valid_service_without_level.ttl", portfolio_store)
    with pytest.raises(pydantic.ValidationError):
        report.results[0].severity = "violation"  # type: ignore[misc]
    assert isinstance(report.results[0], ValidationResult)


def test_validate_reports_without_raising_or_writing(backup_portfolio: Portfolio) -> None:
    backup_portfolio.parse(f"<{EX}sl-restore> <{S}comparator> <{S}AtMost> .", format="turtle")
    before = len(backup_portfolio)
    report = backup_portfolio.validate()
    assert not report.conforms
    assert [(r.focus_node, r.path) for r in report.results] == [
        (EX + "sl-restore", S + "comparator")
    ]
    assert len(backup_portfolio) == before


def test_a_stores_live_graph_is_validated_on_a_copy(portfolio_store: str) -> None:
    # rdflib's store hands out its live graph: validation must not add the ontology's
    # subclass triples to it; a store that hands out a copy has it validated in place
    p = Portfolio.open(FIXTURES / "valid_complete.ttl", store=portfolio_store)
    live = p.store.to_rdflib()
    before = len(live)
    assert p.validate().conforms
    assert len(live) == before and len(p) == before
    assert p.store.to_rdflib_copies == (portfolio_store != "memory")
