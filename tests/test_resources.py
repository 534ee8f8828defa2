"""Packaged files: the ontology, the shapes and the named queries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from stores_under_test import STORES, open_portfolio, row_values

from stsm_graph import Portfolio, QueryError, Rows
from stsm_graph.common.terms import with_values
from stsm_graph.vocabulary.resources import (
    ontology_file,
    query_header,
    query_names,
    query_parameters,
    query_text,
)

QUERIES = query_names()
FIXTURES = Path(__file__).parent / "fixtures"


def test_queries_are_packaged() -> None:
    assert QUERIES and sorted(QUERIES) == QUERIES
    assert ontology_file("stsm.ttl").is_file()


@pytest.mark.parametrize("name", QUERIES)
def test_each_query_heads_with_its_purpose_practice_and_parameters(name: str) -> None:
    head = query_text(name).splitlines()
    comments = [line for line in head if line.startswith("#")]
    assert comments[0].startswith("# Purpose:")
    assert any(line.startswith("# Practice:") for line in comments)
    assert any(line.startswith("# Parameters:") for line in comments)


_OPENED: dict[str, Portfolio] = {}


def _fixture_on(store: str) -> Portfolio:
    """Return ``valid_complete.ttl`` in the store kind ``store`` (opened once per kind)."""
    if store not in _OPENED:
        _OPENED[store] = open_portfolio(FIXTURES / "valid_complete.ttl", store)
    return _OPENED[store]


@pytest.mark.parametrize("store", [s for s in STORES if s != "memory"])
@pytest.mark.parametrize("name", QUERIES)
def test_each_query_gives_the_same_answer_on_every_store(name: str, store: str) -> None:
    # rdflib's answer is the reference; a server (Virtuoso 7) that mis-evaluates a construct
    # a query uses shows here first (docs/servers.md)
    answers = []
    for p in (_fixture_on("memory"), _fixture_on(store)):
        text = query_text(name)
        for q in query_parameters(text):  # a required list gets every typed node
            if q.required:
                nodes = sorted({r[0] for r in p.select("SELECT ?s WHERE { ?s a ?c }")})
                text = with_values(text, q.name, nodes)  # type: ignore[arg-type]
        answers.append(p.query(text))
    memory, other = answers
    if isinstance(memory, Rows):
        assert isinstance(other, Rows)
        assert memory.variables == other.variables
        assert sorted(map(row_values, memory)) == sorted(map(row_values, other))
    elif isinstance(memory, Graph):
        assert isinstance(other, Graph) and isomorphic(memory, other)
    else:
        assert memory == other


def test_an_unknown_query_lists_the_known_ones() -> None:
    with pytest.raises(KeyError) as info:
        query_text("no_such_query")
    assert QUERIES[0] in str(info.value)


@pytest.mark.parametrize("name", QUERIES)
def test_each_parameter_a_header_names_is_in_its_query(name: str) -> None:
    text = query_text(name)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    about = query_header(text)["Parameters"]
    params = query_parameters(text)
    assert params or about == "none"
    for q in params:
        assert f"?{q.name}" in body
        if q.is_list:  # a list to fill: the block is there, empty when it is required
            assert re.search(rf"VALUES \?{q.name} \{{", body)
            assert q.required == (f"VALUES ?{q.name} {{ }}" in body)
            assert q.required == (f"VALUES ?{q.name}, required" in about)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_required_list_left_out_is_an_error_naming_it(store: str) -> None:
    p = Portfolio.open(FIXTURES / "valid_complete.ttl", store=store)
    with pytest.raises(QueryError, match=r"the query needs \?need"):
        p.select(query_text("need_details"))
    assert p.select("SELECT ?x WHERE { VALUES ?x { } }").rows == []  # an empty block: no rows


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_list_takes_one_node_or_several(store: str) -> None:
    p = Portfolio.open(FIXTURES / "valid_complete.ttl", store=store)
    ex = "https://example.org/p/"
    one = p.select(query_text("node_info"), node=p.resolve("svc-backup"))
    assert {str(r[0]) for r in one} == {ex + "svc-backup"}
    both = p.select(query_text("node_info"), node=[ex + "svc-backup", p.resolve("need-restore")])
    assert {str(r[0]) for r in both} == {ex + "svc-backup", ex + "need-restore"}
    with pytest.raises(QueryError, match="names no VALUES"):
        p.select("SELECT ?s WHERE { ?s ?p ?o }", s=[ex + "svc-backup"])
