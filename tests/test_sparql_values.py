"""Bound variables on a server: the ``VALUES`` blocks give the embedded stores' answers.

The embedded stores bind by substitution; a server gets the query's text with ``VALUES``
blocks (:func:`stsm_graph.stores.remote.inject_values`). The unit tests pin where the blocks go;
the property test asks the same questions, with the same bindings, of rdflib's store,
embedded Oxigraph and a real SPARQL server, and wants one answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node
from stores_under_test import STORES, make_portfolio
from strategies import bound_queries

from stsm_graph.errors import QueryError
from stsm_graph.stores.base import Store, query_form
from stsm_graph.stores.remote import inject_values

A = {"l": Literal("A")}
S = "SELECT ?x ?l { ?x <urn:label> ?l { SELECT ?x WHERE { ?x a <urn:S> } } }"


def test_a_binding_goes_to_the_outermost_group_not_into_a_subquery() -> None:
    # issue 15, item 22: ?l is not the subquery's; its VALUES went after the subquery's WHERE {
    assert inject_values(S, A) == (
        'SELECT ?x ?l { VALUES (?l) { ("A") } ?x <urn:label> ?l '
        "{ SELECT ?x WHERE { ?x a <urn:S> } } }"
    )


def test_a_subquery_that_projects_the_variable_takes_it_too() -> None:
    query = "SELECT ?x { { SELECT ?x WHERE { ?x a <urn:S> } LIMIT 1 } }"
    assert inject_values(query, {"x": URIRef("urn:b")}) == (
        "SELECT ?x { VALUES (?x) { (<urn:b>) } { SELECT ?x WHERE { VALUES (?x) { (<urn:b>) } "
        "?x a <urn:S> } LIMIT 1 } }"
    )


def test_a_where_group_that_is_a_bare_subquery_is_wrapped() -> None:
    query = "SELECT ?x WHERE { SELECT ?x WHERE { ?x a <urn:S> } LIMIT 1 }"
    assert inject_values(query, {"x": URIRef("urn:b")}) == (
        "SELECT ?x WHERE { VALUES (?x) { (<urn:b>) } { SELECT ?x WHERE { VALUES (?x) "
        "{ (<urn:b>) } ?x a <urn:S> } LIMIT 1 } }"
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # braces and keywords in comments, strings, IRIs and prefixed names are not the query's
        (
            'PREFIX where: <urn:w{#> # SELECT { \nSELECT ?x ?l ("{" AS ?b) WHERE { ?x where:x ?l }',
            'PREFIX where: <urn:w{#> # SELECT { \nSELECT ?x ?l ("{" AS ?b) WHERE { VALUES (?l) '
            '{ ("A") } ?x where:x ?l }',
        ),
        # a group in the SELECT clause is an expression's, not the WHERE group
        (
            "SELECT ?l (EXISTS { ?l ?p ?o } AS ?e) { ?x <urn:p> ?l }",
            'SELECT ?l (EXISTS { ?l ?p ?o } AS ?e) { VALUES (?l) { ("A") } ?x <urn:p> ?l }',
        ),
        # a template is not the WHERE group
        (
            "CONSTRUCT { ?x <urn:q> ?l } WHERE { ?x <urn:p> ?l }",
            'CONSTRUCT { ?x <urn:q> ?l } WHERE { VALUES (?l) { ("A") } ?x <urn:p> ?l }',
        ),
        # no group may take a block: a trailing VALUES clause, after a comment's end
        (
            "CONSTRUCT WHERE { ?x <urn:p> ?l } # the end",
            'CONSTRUCT WHERE { ?x <urn:p> ?l } # the end\nVALUES (?l) { ("A") }',
        ),
    ],
    ids=["masked", "select-expression", "template", "short-construct"],
)
def test_the_blocks_go_where_the_query_has_its_groups(query: str, expected: str) -> None:
    assert inject_values(query, A) == expected


@pytest.mark.parametrize(
    ("query", "name"),
    [("SELECT ?x { ?x <urn:p> ?l }", "l"), ("SELECT * { ?x <urn:p> ?o }", "l")],
)
def test_a_bound_variable_the_select_does_not_show_is_refused(query: str, name: str) -> None:
    with pytest.raises(QueryError, match=rf"does not contain variable \?{name} in its SELECT"):
        inject_values(query, A)


def test_a_name_that_is_no_variable_is_refused() -> None:
    with pytest.raises(QueryError, match="is not a SPARQL variable name"):
        inject_values("SELECT ?x { ?x ?p ?o }", {"x) } DROP ALL #": Literal(1)})


# --------------------------------------------------------------------------- every store agrees

DATA = """
@prefix : <urn:x:> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:a a :S ; rdfs:label "A" ; :n 1, 2 . :b a :S ; rdfs:label "B", "A2" ; :n 3 . :c a :S .
:d rdfs:label "A" ; :n 4 . :e a :T ; rdfs:label "B" .
"""


@pytest.fixture(scope="module")
def stores() -> Iterator[dict[str, Store]]:
    triples = list(Graph().parse(data=DATA, format="turtle"))
    made = {}
    for kind in ("memory", "oxigraph", "remote"):
        store = make_portfolio(kind).store
        store.add_triples(triples)
        made[kind] = store
    yield made
    made["remote"].clear()


def _answer(store: Store, query: str, bindings: dict[str, Node]) -> Any:
    form = query_form(query)
    if form == "ASK":
        return store.ask(query, bindings)
    if form == "CONSTRUCT":
        return sorted(map(str, store.construct(query, bindings)))
    rows = store.select(query, bindings)
    return rows.variables, sorted(tuple(map(str, row)) for row in rows.rows)


@pytest.mark.skipif("remote" not in STORES, reason="no SPARQL server to test against")
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=bound_queries())
def test_a_server_answers_bound_queries_as_the_embedded_stores(
    stores: dict[str, Store], case: tuple[str, dict[str, Node]]
) -> None:
    query, bindings = case
    answers = {kind: _answer(store, query, bindings) for kind, store in stores.items()}
    assert answers["remote"] == answers["oxigraph"] == answers["memory"], query
