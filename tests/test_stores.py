"""The stores: the same rows of rdflib terms whatever holds the graph."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD

from stsm_graph import MemoryStore, OxigraphStore, QueryError, Rows, Store, StoreError
from stsm_graph.common.terms import from_ox, sparql_term, to_ox, valid_iri, with_iris, with_values
from stsm_graph.errors import StoreKindError, UnsupportedFormatError
from stsm_graph.ingest.reading import parse_text
from stsm_graph.stores.base import query_form
from stsm_graph.stores.kinds import open_store
from stsm_graph.stores.staging import Staging

A, B, P = (
    URIRef("https://example.org/a"),
    URIRef("https://example.org/b"),
    URIRef("https://example.org/p"),
)
TRIPLES = [
    (A, RDFS.label, Literal("A")),
    (A, RDFS.label, Literal("Ah", lang="fr")),
    (A, P, B),
    (B, P, Literal("99.9", datatype=XSD.decimal)),  # canonical: Oxigraph would rewrite "99.90"
]


@pytest.fixture
def store(portfolio_store: str) -> Store:
    s = open_store(portfolio_store)
    s.add_triples(TRIPLES)
    return s


def test_open_store_by_name() -> None:
    assert isinstance(open_store("memory"), MemoryStore)
    assert isinstance(open_store("oxigraph"), OxigraphStore)
    ready = MemoryStore()
    assert open_store(ready) is ready


def test_unknown_store_lists_the_valid_ones() -> None:
    with pytest.raises(StoreKindError, match="unknown store 'fuseki'; choose one of oxigr"):
        open_store("fuseki")
    with pytest.raises(ValueError):  # the builtin a caller would catch
        open_store("fuseki")


def test_the_memory_store_cannot_be_persisted() -> None:
    with pytest.raises(StoreKindError, match="cannot be persisted"):
        open_store("memory", path="/tmp/x")
    with pytest.raises(StoreKindError, match="cannot be opened so"):
        open_store("memory", colour="blue")


def test_select_returns_rdflib_terms(store: Store) -> None:
    rows = store.select("SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }")
    assert rows.variables == ("s", "o")
    assert set(rows) == {(A, Literal("A")), (A, Literal("Ah", lang="fr"))}
    assert all(isinstance(t, URIRef | Literal) for row in rows for t in row)


def test_unbound_optional_values_are_none(store: Store) -> None:
    rows = store.select(
        "SELECT ?s ?l WHERE { ?s <https://example.org/p> ?o "
        "OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = '') } }"
    )
    assert set(rows) == {(A, Literal("A")), (B, None)}


def test_bindings_pre_bind_variables(store: Store) -> None:
    rows = store.select("SELECT ?s ?o WHERE { ?s <https://example.org/p> ?o }", {"s": B})
    assert list(rows) == [(B, Literal("99.9", datatype=XSD.decimal))]
    assert store.ask("ASK { ?s <https://example.org/p> ?o }", {"o": B})
    assert not store.ask("ASK { ?s <https://example.org/p> ?o }", {"o": A})


def test_a_bound_variable_must_be_projected(store: Store) -> None:
    # the same words on every store
    with pytest.raises(QueryError) as info:
        store.select("SELECT ?o WHERE { ?s <https://example.org/p> ?o }", {"s": B})
    assert str(info.value) == (
        "the SPARQL query does not contain variable ?s in its SELECT projection; a bound "
        "variable must also appear in the SELECT clause"
    )


def test_construct_returns_a_graph(store: Store) -> None:
    g = store.construct("CONSTRUCT { ?o ?p ?s } WHERE { ?s ?p ?o FILTER(isIRI(?o)) }")
    assert set(g) == {(B, P, A)}


def test_query_dispatches_on_the_form(store: Store) -> None:
    assert isinstance(store.query("SELECT * WHERE { ?s ?p ?o }"), Rows)
    assert store.query("ASK { ?s ?p ?o }") is True
    assert isinstance(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), Graph)


@pytest.mark.parametrize(
    "bad",
    ["SELECT ?s WHERE { ?s ?p }", "ASK { ?s ?p ?o ", "nothing to see"],
)
def test_bad_queries_raise_query_error(store: Store, bad: str) -> None:
    with pytest.raises(QueryError):
        store.query(bad)


def test_update_changes_the_graph(store: Store) -> None:
    store.update("DELETE WHERE { ?s <https://example.org/p> ?o }")
    assert len(store) == 2
    with pytest.raises(QueryError):
        store.update("DELETE ?s")


def test_add_and_remove_triples(store: Store) -> None:
    assert len(store) == 4
    store.remove_triples([TRIPLES[0], (B, P, A)])  # an absent triple is ignored
    assert len(store) == 3
    store.add_triples([TRIPLES[0], TRIPLES[0]])
    assert len(store) == 4


def test_add_from_a_staging_store(portfolio_store: str) -> None:
    staging = Staging.of_triples(TRIPLES)
    target = open_store(portfolio_store)
    target.add_from(staging)
    target.add_from(staging)  # adding twice changes nothing
    assert len(target) == 4
    expected = Graph()
    for triple in TRIPLES:
        expected.add(triple)
    assert isomorphic(target.to_rdflib(), expected)


def test_copy_is_independent(store: Store) -> None:
    twin = store.copy()
    assert twin.kind == store.kind
    twin.remove_triples(TRIPLES[:2])
    store.add_triples([(B, RDFS.label, Literal("B"))])
    assert (len(store), len(twin)) == (5, 2)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
def test_serialize_reads_back(store: Store, fmt: str) -> None:
    data = store.serialize(fmt, {"ex": "https://example.org/"})
    again = open_store(store.kind)
    again.add_from(parse_text(data.decode("utf-8"), fmt))
    assert isomorphic(again.to_rdflib(), store.to_rdflib())


def test_turtle_uses_the_given_prefixes(store: Store) -> None:
    text = store.serialize("turtle", {"ex": "https://example.org/"}).decode("utf-8")
    assert "ex:" in text


def test_serialize_refuses_unknown_formats(store: Store) -> None:
    with pytest.raises(UnsupportedFormatError):
        store.serialize("rdfxml", {})


def test_both_stores_hold_the_same_graph() -> None:
    mem, oxi = open_store("memory"), open_store("oxigraph")
    mem.add_triples(TRIPLES)
    oxi.add_triples(TRIPLES)
    assert isomorphic(mem.to_rdflib(), oxi.to_rdflib())
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    assert set(mem.select(q)) == set(oxi.select(q))


def test_oxigraph_persists_in_a_directory(tmp_path: Path) -> None:
    path = tmp_path / "db"
    s = OxigraphStore(path)
    s.add_triples(TRIPLES)
    s.close()
    del s
    gc.collect()
    again = OxigraphStore(path)
    assert len(again) == 4
    with pytest.raises(StoreError, match="cannot open the Oxigraph store"):
        OxigraphStore(path)  # the directory is locked by the open store


def test_rows_as_dicts() -> None:
    rows = Rows(("a", "b"), [(A, None)])
    assert rows.dicts() == [{"a": A, "b": None}]
    assert len(rows) == 1 and list(rows) == [(A, None)]


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("select ?s where { ?s ?p ?o }", "SELECT"),
        ("# SELECT in a comment\nASK { ?s ?p ?o }", "ASK"),
        ("PREFIX x: <http://x.org/select#>\nCONSTRUCT WHERE { ?s x:p ?o }", "CONSTRUCT"),
        ('ASK { ?s ?p "SELECT" }', "ASK"),
        ("DESCRIBE <http://x.org/a>", "DESCRIBE"),
        ("PREFIX ex: <urn:x#>  # ask the server\nSELECT ?s WHERE { ?s ?p ?o }", "SELECT"),
        ("PREFIX describe: <urn:d#>\nPREFIX ask: <urn:a#>\nSELECT * { ?s ask:p ?o }", "SELECT"),
        ("PREFIX ex: <urn:x#> # Bob's prefix\nSELECT ?s WHERE { ?s ?p 'x' }", "SELECT"),
        ("BASE <http://x.org/ask/>\nPREFIX : <#>\nSELECT * { ?s :p ?o }", "SELECT"),
        ('SELECT ?s WHERE { ?s ?p """a\nASK""" }', "SELECT"),
        ("PREFIX ex: <urn:x#>\nASK { ?s <urn:a#b> ?o # SELECT\n}", "ASK"),
    ],
)
def test_query_form_ignores_comments_iris_and_strings(text: str, form: str) -> None:
    assert query_form(text) == form


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX ex: <urn:select#>",
        "# SELECT * { ?s ?p ?o }",
        "{ ?s ?p ?o } SELECT",
    ],
)
def test_what_is_no_query_has_no_form(text: str) -> None:
    with pytest.raises(QueryError, match="no SELECT, ASK, CONSTRUCT or DESCRIBE after"):
        query_form(text)


# ---------------------------------------------------------------- terms


@pytest.mark.parametrize(
    "term",
    [
        A,
        Literal("plain"),
        Literal("bonjour", lang="fr"),
        Literal("99.90", datatype=XSD.decimal),
        Literal("2026-01-31", datatype=XSD.date),
        Literal("x", datatype=URIRef("https://example.org/dt")),
        BNode("b1"),
    ],
)
def test_terms_convert_both_ways(term: object) -> None:
    assert from_ox(to_ox(term)) == term  # type: ignore[arg-type]
    assert from_ox(None) is None


def test_sparql_term_escapes_literals_and_checks_iris() -> None:
    assert sparql_term(Literal('a "b"\n\\c')) == '"a \\"b\\"\\n\\\\c"'
    assert sparql_term(Literal("x", lang="en-GB")) == '"x"@en-GB'
    assert sparql_term(Literal("1.5", datatype=XSD.decimal)) == (
        '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    )
    with pytest.raises(ValueError, match="not a valid absolute IRI"):
        sparql_term(URIRef("https://example.org/a> } DROP ALL { <x"))
    with pytest.raises(ValueError, match="blank nodes"):
        sparql_term(BNode())


@pytest.mark.parametrize(
    ("iri", "ok"),
    [
        ("https://w3id.org/stsm#Need", True),
        ("urn:isbn:123", True),
        ("relative/path", False),
        ("http://a b", False),
        ("http://a/<b>", False),
        ("", False),
    ],
)
def test_valid_iri(iri: str, ok: bool) -> None:
    assert valid_iri(iri) is ok


_iri_text = st.one_of(
    st.sampled_from(
        ["https://w3id.org/stsm#Need", "urn:isbn:123", "relative/path", "http://a b", ""]
    ),
    st.builds(
        lambda scheme, rest: f"{scheme}:{rest}",
        st.sampled_from(["https", "urn", "1x", "a+b", ""]),
        st.text(
            alphabet=st.sampled_from(list("ab/#?:%-.é") + list('<>"{}|^`\\ \n\x7f')), max_size=8
        ),
    ),
)


@settings(max_examples=300, deadline=None)
@given(iris=st.lists(_iri_text, max_size=5))
def test_with_iris_checks_and_writes_as_with_values_does(iris: list[str]) -> None:
    # the walks' fast way to fill a VALUES block must accept and write exactly what the
    # checked one does, and refuse exactly what valid_iri refuses
    query = "SELECT ?x WHERE { VALUES ?x { } ?x ?p ?o }"
    if all(valid_iri(i) for i in iris):
        assert with_iris(query, "x", iris) == with_values(query, "x", [URIRef(i) for i in iris])
    else:
        with pytest.raises(ValueError, match="is not a valid absolute IRI"):
            with_iris(query, "x", iris)
