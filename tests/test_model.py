"""The typed building blocks: validation of values, and their fit with the vocabulary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum

import pydantic
import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from stsm_graph import STSM, model
from stsm_graph.vocabulary.graph import known_terms, link_directions, ontology_graph

ENTITY_MODELS = tuple(model.SECTIONS.values())


def _fields(role: str) -> list[tuple[type[model.Entity], str, str]]:
    out = []
    for m in ENTITY_MODELS:
        for name, info in m.model_fields.items():
            extra = info.json_schema_extra
            if isinstance(extra, dict) and extra["role"] == role:
                out.append((m, name, str(extra["rdf"])))
    return out


def test_a_single_id_is_accepted_for_a_list_of_links() -> None:
    svc = model.StandardService(id="s", label="S", addresses="n1")
    assert svc.addresses == ["n1"]
    vp = model.VariationPoint(id="v", label="V", allowed_values="gold")
    assert vp.allowed_values == ["gold"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (99.9, Decimal("99.9")),
        ("99.90", Decimal("99.90")),
        (5, Decimal("5")),
        (0.1, Decimal("0.1")),
    ],
)
def test_target_values_become_exact_decimals(given: object, expected: Decimal) -> None:
    level = model.ServiceLevel(id="sl", label="L", target_value=given)
    assert level.target_value == expected
    assert str(level.target_value) == str(expected)


@pytest.mark.parametrize("bad", [True, "abc", "NaN", "Infinity", float("inf"), [1]])
def test_target_values_must_be_finite_numbers(bad: object) -> None:
    with pytest.raises(pydantic.ValidationError):
        model.LevelRequirement(id="lr", label="L", target_value=bad)


@pytest.mark.parametrize("field", ["priority", "phase"])
def test_booleans_are_not_numbers(field: str) -> None:
    # YAML reads `priority: yes` as True, which pydantic would take as 1
    with pytest.raises(pydantic.ValidationError, match="a boolean is not accepted here"):
        model.PlanAction(id="a", label="A", **{field: True})
    assert getattr(model.PlanAction(id="a", label="A", **{field: 1}), field) == 1


def test_measurement_value_from_a_float_is_exact() -> None:
    assert model.Measurement(id="m", label="M", value=4.2).value == Decimal("4.2")


def test_dates_and_concepts_are_typed() -> None:
    action = model.PlanAction(
        id="a", label="A", target_date="2026-01-31", action_kind="RetireService"
    )
    assert action.target_date == dt.date(2026, 1, 31)
    assert action.action_kind is model.ActionKind.retire
    with pytest.raises(pydantic.ValidationError):
        model.PlanAction(id="a", label="A", target_date="31/01/2026")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"id": "", "label": "L"},
        {"id": "x", "label": ""},
        {"id": "x"},
        {"id": "x", "label": "L", "colour": "red"},
    ],
    ids=["empty-id", "empty-label", "no-label", "unknown-field"],
)
def test_entities_refuse_incomplete_or_unknown_fields(kwargs: dict[str, str]) -> None:
    with pytest.raises(pydantic.ValidationError):
        model.Need(**kwargs)


def test_entities_are_frozen() -> None:
    need = model.Need(id="n", label="N")
    with pytest.raises(pydantic.ValidationError):
        need.label = "other"  # type: ignore[misc]


def test_every_list_field_of_the_document_is_a_section() -> None:
    doc_lists = {
        name
        for name, info in model.PortfolioDocument.model_fields.items()
        if str(info.annotation).startswith("list[") and name != "extra_triples"
    }
    assert doc_lists == set(model.SECTIONS)
    for section, m in model.SECTIONS.items():
        assert m.section == section


def test_entities_come_back_in_section_order() -> None:
    doc = model.PortfolioDocument(
        services=[{"id": "s", "label": "S"}],
        customers=[{"id": "c", "label": "C"}],
        needs=[{"id": "n", "label": "N"}],
    )
    assert [e.id for e in doc.entities()] == ["c", "n", "s"]


@pytest.mark.parametrize("entity_model", ENTITY_MODELS, ids=lambda m: m.__name__)
def test_every_model_class_is_a_class_of_the_ontology(entity_model: type[model.Entity]) -> None:
    g = ontology_graph()
    for cls in [entity_model.rdf_class, *entity_model.kinds.values()]:
        assert (STSM[cls], RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in g
    for sub in entity_model.kinds.values():
        assert (STSM[sub], RDFS.subClassOf, STSM[entity_model.rdf_class]) in g


def test_every_field_term_is_in_the_vocabulary() -> None:
    for role in ("link", "value", "values", "concept"):
        for m, name, term in _fields(role):
            assert term in known_terms(), f"{m.__name__}.{name} -> stsm:{term}"


def test_every_link_field_declares_its_change_direction() -> None:
    directions = link_directions()
    for m, name, term in _fields("link"):
        assert STSM[term] in directions, f"{m.__name__}.{name} -> stsm:{term}"


def test_every_link_field_is_allowed_on_its_model_by_the_ontology() -> None:
    g = ontology_graph()
    domain_includes = URIRef("https://schema.org/domainIncludes")
    for m, name, term in _fields("link"):
        domains = set(g.objects(STSM[term], domain_includes))
        classes = {STSM[m.rdf_class], *g.objects(STSM[m.rdf_class], RDFS.subClassOf)}
        assert domains & classes, f"{m.__name__}.{name}: stsm:{term} not allowed on it"


@pytest.mark.parametrize(
    "enum",
    [
        model.Status,
        model.Comparator,
        model.Audience,
        model.ActionKind,
        model.ComponentKind,
        model.Variability,
    ],
    ids=lambda e: e.__name__,
)
def test_every_enum_value_is_a_concept_of_one_scheme(enum: type[Enum]) -> None:
    g = ontology_graph()
    schemes = {g.value(STSM[m.value], SKOS.inScheme) for m in enum}
    assert len(schemes) == 1 and None not in schemes
    scheme_members = set(g.objects(schemes.pop(), SKOS.hasTopConcept))
    assert scheme_members == {STSM[m.value] for m in enum}
