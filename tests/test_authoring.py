"""The authoring format (YAML/JSON) <-> triples, and round trips of whole portfolios."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import yaml
from hypothesis import given
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD
from strategies import portfolios

from stsm_graph import STSM, Portfolio, model
from stsm_graph.authoring.document_text import dump_document, parse_document
from stsm_graph.authoring.from_triples import document_from_triples
from stsm_graph.authoring.to_triples import document_triples
from stsm_graph.errors import (
    DatatypeError,
    DuplicateIdError,
    InputError,
    ParseError,
    UnknownReferenceError,
)
from stsm_graph.ingest.reading import FORMATS, parse_triples
from stsm_graph.stores.kinds import open_store

EX = "https://example.org/p/"


def graph_of(triples: object) -> Graph:
    g = Graph()
    for t in triples:  # type: ignore[attr-defined]
        g.add(t)
    return g


# ---------------------------------------------------------------- reading


def test_document_triples_map_fields_onto_the_vocabulary() -> None:
    doc = parse_document(
        f"""
base: {EX}
services:
- id: svc
  label: Backup
  description: Nightly backups
  addresses: need            # a single id is accepted for a list of links
  status: Planned
  priority: 2
service_levels:
- id: sl
  label: Availability
  metric: availability
  target_value: 99.95
  unit: '%'
  comparator: AtLeast
needs:
- id: need
  label: Restores
plan_actions:
- id: act
  label: Add backup
  action_kind: AddService
  target_date: 2026-03-31
  targets: [svc]
evidence:
- id: trend
  label: Ransomware
  kind: market_trend
""",
        source="p.yaml",
    )
    g = graph_of(document_triples(doc, source="p.yaml"))
    svc, sl, act = URIRef(EX + "svc"), URIRef(EX + "sl"), URIRef(EX + "act")
    assert (svc, STSM.addresses, URIRef(EX + "need")) in g
    assert (svc, STSM.status, STSM.Planned) in g
    assert (svc, STSM.priority, Literal("2", datatype=XSD.integer)) in g
    assert g.value(svc, URIRef("http://purl.org/dc/terms/description")) == Literal(
        "Nightly backups"
    )
    assert g.value(sl, STSM.targetValue) == Literal("99.95", datatype=XSD.decimal)
    assert g.value(sl, STSM.comparator) == STSM.AtLeast
    assert g.value(act, STSM.targetDate) == Literal("2026-03-31", datatype=XSD.date)
    assert g.value(act, STSM.actionKind) == STSM.AddService
    assert (URIRef(EX + "trend"), RDF.type, STSM.MarketTrend) in g
    assert (URIRef(EX + "trend"), RDF.type, STSM.Evidence) not in g


def test_ids_may_be_prefixed_names_or_full_iris() -> None:
    doc = parse_document(
        """
base: https://example.org/p/
prefixes: {crm: "https://crm.example.com/customers/"}
customers:
- id: crm:42
  label: ACME
  has_need: [n1, "https://other.example.org/needs/7"]
needs:
- id: n1
  label: Restores
""",
        source="p.yaml",
    )
    g = graph_of(document_triples(doc))
    acme = URIRef("https://crm.example.com/customers/42")
    assert (acme, RDF.type, STSM.Customer) in g
    # a link to a full IRI or a prefixed name is not checked against the document's ids
    assert (acme, STSM.hasNeed, URIRef("https://other.example.org/needs/7")) in g
    assert (acme, STSM.hasNeed, URIRef(EX + "n1")) in g


def test_an_id_that_cannot_become_an_iri_is_refused() -> None:
    doc = parse_document("needs:\n- id: two words\n  label: N\n", source="p.yaml")
    with pytest.raises(InputError, match="'two words' cannot be made into an IRI") as info:
        document_triples(doc, source="p.yaml")
    assert (info.value.file, info.value.entry, info.value.field) == ("p.yaml", "two words", "id")


def test_a_base_that_is_not_an_iri_is_refused() -> None:
    doc = parse_document("base: not an iri\nneeds: []\n", source="p.yaml")
    with pytest.raises(InputError, match="'not an iri' is not an absolute IRI") as info:
        document_triples(doc, source="p.yaml")
    assert info.value.field == "base"


def test_unknown_reference_without_near_match_has_no_hint() -> None:
    doc = parse_document("services:\n- id: s\n  label: S\n  addresses: [zzz]\n", source="p.yaml")
    with pytest.raises(UnknownReferenceError) as info:
        document_triples(doc, source="p.yaml")
    assert info.value.near == []
    assert info.value.hint is None


@pytest.mark.parametrize(
    ("entry_yaml", "field", "kind"),
    [
        ("  priority: first\n", "priority", DatatypeError),
        ("  priority: 1.5\n", "priority", DatatypeError),
        ("  priority: true\n", "priority", InputError),
        ("  status: retired-ish\n", "status", InputError),
    ],
)
def test_wrong_values_name_entry_and_field(entry_yaml: str, field: str, kind: type) -> None:
    with pytest.raises(kind) as info:
        parse_document("needs:\n- id: n1\n  label: N\n" + entry_yaml, source="p.yaml")
    assert info.value.entry == "needs[0] (id 'n1')"
    assert info.value.field == field


def test_a_missing_label_is_reported() -> None:
    with pytest.raises(InputError) as info:
        parse_document("needs:\n- id: n1\n", source="p.yaml")
    assert str(info.value) == (
        "p.yaml, line 2: entry \"needs[0] (id 'n1')\", field 'label': "
        "the field 'label' is required (expected text)"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "needs: [x]\n",
            "p.yaml, line 1: entry 'needs[0]': each entry of needs is a mapping of its fields "
            "(id: ..., label: ...), got 'x'",
        ),
        (
            "services: [1, 2]\n",
            "p.yaml, line 1: entry 'services[0]': each entry of services is a mapping of its "
            "fields (id: ..., label: ...), got 1 (and 1 more problem)",
        ),
    ],
)
def test_an_entry_that_is_not_a_mapping_is_named(text: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_document(text, source="p.yaml")
    assert str(info.value) == message


def test_several_problems_are_counted() -> None:
    with pytest.raises(InputError, match=r"\(and 1 more problem\)"):
        parse_document("needs:\n- id: n1\n- id: n2\n", source="p.yaml")


def test_a_bad_extra_triple_names_its_index() -> None:
    doc = parse_document("extra_triples:\n- '<https://ex.org/a> <https://ex.org/p> .'\n")
    with pytest.raises(ParseError) as info:
        document_triples(doc, source="p.yaml")
    assert (info.value.entry, info.value.field) == ("extra_triples[0]", "extra_triples")


def test_syntax_can_be_named_whatever_the_file_name() -> None:
    text = "needs:\n- id: n1\n  label: N\n"
    assert parse_document(text, source="p.json", syntax="yaml").needs[0].id == "n1"
    with pytest.raises(ParseError, match="not valid JSON"):
        parse_document(text, source="p.yaml", syntax="json")


def test_yaml_written_into_a_json_file_reads_back(portfolio_store: str, tmp_path: object) -> None:
    p = Portfolio(store=portfolio_store)
    p.add(model.Need(id="n1", label="N"))
    target = tmp_path / "p.json"  # type: ignore[operator]
    p.save(target, format="yaml")
    q = Portfolio.open(target, store=portfolio_store, format="yaml")
    assert isomorphic(p.store.to_rdflib(), q.store.to_rdflib())


# ---------------------------------------------------------------- writing


def test_dump_document_writes_decimals_exactly() -> None:
    doc = model.PortfolioDocument(
        service_levels=[
            model.ServiceLevel(id="a", label="A", target_value=Decimal("99.9")),
            model.ServiceLevel(id="b", label="B", target_value=Decimal("99.90")),
            model.ServiceLevel(id="c", label="C", target_value=Decimal("0.1")),
        ]
    )
    text = dump_document(doc)
    data = yaml.safe_load(text)
    values = [e["target_value"] for e in data["service_levels"]]
    # numbers are written as numbers, digit for digit; the reader takes 99.90 back exactly
    assert values == [99.9, 99.9, 0.1]
    assert "target_value: 99.90\n" in text
    again = parse_document(dump_document(doc))
    assert [sl.target_value for sl in again.service_levels] == [
        Decimal("99.9"),
        Decimal("99.90"),
        Decimal("0.1"),
    ]
    assert [str(sl.target_value) for sl in again.service_levels] == ["99.9", "99.90", "0.1"]


def test_dump_document_as_json_is_json() -> None:
    doc = model.PortfolioDocument(needs=[model.Need(id="n1", label='Ünïcode "quoted"')])
    data = json.loads(dump_document(doc, fmt="json"))
    assert data == {
        "stsm_graph": 1,
        "base": "https://example.org/portfolio/",
        "needs": [{"id": "n1", "label": 'Ünïcode "quoted"'}],
    }


def test_document_from_triples_picks_the_commonest_namespace_as_base() -> None:
    a, b, c = URIRef(EX + "a"), URIRef(EX + "b"), URIRef("https://elsewhere.org/c")
    doc = document_from_triples(
        [
            (a, RDF.type, STSM.Need),
            (a, RDFS.label, Literal("A")),
            (b, RDF.type, STSM.Need),
            (b, RDFS.label, Literal("B")),
            (c, RDF.type, STSM.Need),
            (c, RDFS.label, Literal("C")),
        ]
    )
    assert doc.base == EX
    assert sorted(n.id for n in doc.needs) == ["a", "b", "https://elsewhere.org/c"]


def test_what_the_sections_cannot_hold_goes_to_extra_triples() -> None:
    s = URIRef(EX + "svc")
    triples = [
        (s, RDF.type, STSM.StandardService),
        (s, RDFS.label, Literal("Backup")),
        (s, RDFS.label, Literal("Sauvegarde", lang="fr")),
        (s, URIRef("https://example.org/custom#owner"), Literal("ops")),
        (s, STSM.priority, Literal(2)),
        (s, STSM.priority, Literal(1)),  # a field holds one value: the other is extra
    ]
    doc = document_from_triples(triples)
    assert doc.services[0].label == "Backup"
    assert doc.services[0].priority == 1
    assert len(doc.extra_triples) == 3
    assert isomorphic(graph_of(document_triples(doc)), graph_of(triples))


def test_links_to_nodes_without_an_entry_are_written_as_full_iris() -> None:
    svc, gone, bare = URIRef(EX + "svc"), URIRef(EX + "gone"), URIRef(EX + "bare")
    triples = [
        (svc, RDF.type, STSM.StandardService),
        (svc, RDFS.label, Literal("S")),
        (svc, STSM.addresses, gone),  # not described at all
        (svc, STSM.addresses, bare),  # typed, but without a label
        (bare, RDF.type, STSM.Need),
    ]
    doc = document_from_triples(triples)
    assert sorted(doc.services[0].addresses) == [str(bare), str(gone)]
    again = parse_document(dump_document(doc))
    assert isomorphic(graph_of(document_triples(again)), graph_of(triples))


def test_extra_triples_round_trip_through_yaml(portfolio_store: str) -> None:
    ttl = f"""@prefix stsm: <https://w3id.org/stsm#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <{EX}> .
ex:svc a stsm:StandardService ; rdfs:label "Managed backup", "Sauvegarde gérée"@fr ;
    <https://example.org/custom#costCentre> "CC-42" ; stsm:addresses ex:need, ex:elsewhere .
ex:need a stsm:Need ; rdfs:label "Restores" ; <https://example.org/custom#seenIn> ex:survey .
ex:survey <https://example.org/custom#year> 2024 .
"""
    p = Portfolio(store=portfolio_store)
    p.parse(ttl, format="turtle")
    text = p.serialize("yaml")
    data = yaml.safe_load(text)
    assert [e["id"] for e in data["services"]] == ["svc"]
    assert any('"Sauvegarde gérée"@fr' in line for line in data["extra_triples"])
    q = Portfolio(store=portfolio_store)
    q.parse(text, format="yaml")
    assert len(q) == len(p) == 10
    assert isomorphic(p.store.to_rdflib(), q.store.to_rdflib())


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@given(doc=portfolios())
def test_any_portfolio_survives_every_format(store: str, doc: model.PortfolioDocument) -> None:
    p = Portfolio(store=store)
    p.parse(dump_document(doc), format="yaml")
    original = p.store.to_rdflib()
    # writing the document as YAML lost nothing: the graph is the document's
    expected = open_store(store)
    expected.add_from(parse_triples(document_triples(doc), source="doc"))
    assert isomorphic(original, expected.to_rdflib())
    for fmt in FORMATS:
        q = Portfolio(store=store)
        q.parse(p.serialize(fmt), format=fmt)
        assert len(q) == len(p), fmt
        assert isomorphic(original, q.store.to_rdflib()), fmt


@given(doc=portfolios())
def test_json_authoring_stands_for_the_same_graph_as_yaml(doc: model.PortfolioDocument) -> None:
    from_yaml = parse_document(dump_document(doc), source="p.yaml")
    from_json = parse_document(dump_document(doc, fmt="json"), source="p.json")
    assert from_yaml == from_json == doc


@given(doc=portfolios())
def test_document_from_triples_inverts_document_triples(doc: model.PortfolioDocument) -> None:
    triples = document_triples(doc)
    again = document_from_triples(triples, base=doc.base)
    assert again.extra_triples == []
    assert sorted(e.id for e in again.entities()) == sorted(e.id for e in doc.entities())
    assert isomorphic(graph_of(document_triples(again)), graph_of(triples))


@pytest.mark.parametrize(
    "text",
    [
        "a\x85b",
        "line\u2028sep",
        "nul\x00",
        "tab\tand\r\n",
        " padded ",
        "null",
        "yes",
        "1.0",
        "'quoted'",
        '"double"',
        "back\\slash",
        "- dash",
        "#hash",
        "key: value",
        "émoji 😀",
        "\x7f",
    ],
)
def test_any_text_survives_the_authoring_format(text: str) -> None:
    doc = model.PortfolioDocument(needs=[model.Need(id="n", label=text, description=text)])
    for fmt, source in (("yaml", "p.yaml"), ("json", "p.json")):
        again = parse_document(dump_document(doc, fmt=fmt), source=source)
        assert (again.needs[0].label, again.needs[0].description) == (text, text)


# ---------------------------------------------------------------- issue 15


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_numbers_are_written_as_numbers_and_read_back_exactly(fmt: str) -> None:
    text = f"""base: {EX}
service_levels:
- {{id: a, label: A, target_value: 24}}
- {{id: b, label: B, target_value: 99.90}}
- {{id: c, label: C, target_value: -0.5}}
measurements:
- {{id: m, label: M, value: 18500}}
needs:
- {{id: n, label: N, priority: 2}}
"""
    p = Portfolio()
    p.parse(text, format="yaml")
    written = p.serialize(fmt)
    data = json.loads(written) if fmt == "json" else yaml.safe_load(written)
    levels = {e["id"]: e["target_value"] for e in data["service_levels"]}
    assert levels == {"a": 24, "b": 99.9, "c": -0.5}  # numbers, not text
    assert data["measurements"][0]["value"] == 18500
    assert data["needs"][0]["priority"] == 2
    assert ("'24'" not in written) and ('"24"' not in written)
    q = Portfolio()
    q.parse(written, format=fmt)
    assert isomorphic(p.store.to_rdflib(), q.store.to_rdflib())
    # a document keeps every digit, both ways
    doc = parse_document(text, source="p.yaml")
    again = parse_document(dump_document(doc, fmt=fmt), source=f"p.{fmt}")
    assert [str(sl.target_value) for sl in again.service_levels] == ["24", "99.90", "-0.5"]
    assert again == doc


def test_suggestions_are_ids_of_the_kinds_the_field_accepts() -> None:
    doc = parse_document(
        """
needs: [{id: need-restore, label: N}]
service_levels: [{id: sl-restore, label: S}]
level_requirements: [{id: lr-restore, label: L}]
services: [{id: svc, label: S, addresses: [need-restor], has_service_level: [sl-restore]}]
""",
        source="p.yaml",
    )
    with pytest.raises(UnknownReferenceError) as info:
        document_triples(doc, source="p.yaml")
    assert info.value.near == ["need-restore"]
    assert "the id of an entry of needs" in str(info.value)


def test_a_duplicate_id_names_where_each_entry_is() -> None:
    doc = parse_document(
        "services: [{id: svc-vle, label: A}, {id: other, label: O}, {id: svc-vle, label: B}]\n",
        source="p.yaml",
    )
    with pytest.raises(
        DuplicateIdError,
        match=r"declared twice: in services\[0\] and in "
        r"services\[2\]",
    ):
        document_triples(doc, source="p.yaml")


def test_kind_is_written_as_the_vocabulary_term_and_the_old_spelling_still_read() -> None:
    old = parse_document(
        "evidence: [{id: e, label: E, kind: market_trend}]\n"
        "measurements: [{id: m, label: M, kind: usage}]\n",
        source="p.yaml",
    )
    new = parse_document(
        "evidence: [{id: e, label: E, kind: MarketTrend}]\n"
        "measurements: [{id: m, label: M, kind: UsageMeasurement}]\n",
        source="p.yaml",
    )
    assert old == new
    assert (URIRef(model.PortfolioDocument().base + "e"), RDF.type, STSM.MarketTrend) in set(
        document_triples(new)
    )
    text = dump_document(old)
    assert "kind: MarketTrend" in text and "kind: UsageMeasurement" in text
    assert "market_trend" not in text


@pytest.mark.parametrize("space", ["\u00a0", "\u1680", "\u2003", "\u2028", "\u2029", "\u3000"])
def test_an_iri_with_unicode_whitespace_that_loads_also_dumps_and_reloads(space: str) -> None:
    ttl = f"<https://ex.org/a{space}b> <https://ex.org/p{space}q> <https://ex.org/c{space}> .\n"
    p = Portfolio()
    p.parse(ttl, format="turtle")
    for fmt in ("yaml", "json"):
        q = Portfolio()
        q.parse(p.serialize(fmt), format=fmt)
        assert isomorphic(p.store.to_rdflib(), q.store.to_rdflib()), fmt
