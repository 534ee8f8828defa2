"""Packaged files: the ontology, the shapes and the named queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from stsm_graph import Portfolio, Rows
from stsm_graph.resources import ontology_file, query_names, query_text

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


@pytest.mark.parametrize(
    "name",
    QUERIES,
)
def test_each_query_gives_the_same_answer_on_both_stores(name: str) -> None:
    answers = [
        Portfolio.open(FIXTURES / "valid_complete.ttl", store=store).query(query_text(name))
        for store in ("memory", "oxigraph")
    ]
    memory, oxigraph = answers
    if isinstance(memory, Rows):
        assert isinstance(oxigraph, Rows)
        assert memory.variables == oxigraph.variables
        assert sorted(map(repr, memory)) == sorted(map(repr, oxigraph))
    elif isinstance(memory, Graph):
        assert isinstance(oxigraph, Graph) and isomorphic(memory, oxigraph)
    else:
        assert memory == oxigraph


def test_an_unknown_query_lists_the_known_ones() -> None:
    with pytest.raises(KeyError) as info:
        query_text("no_such_query")
    assert QUERIES[0] in str(info.value)
