"""CPSV-AP catalogues in: known answers with and without blank nodes, every format, bad input."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from stsm_graph import Portfolio
from stsm_graph.errors import InputError, NetworkAccessError, ParseError
from stsm_graph.interop import cpsv
from stsm_graph.vocabulary.namespace import STSM

FIXTURES = Path(__file__).parent / "fixtures" / "cpsv"
EX = "https://example.gov/"
Write = Callable[[str, str], Path]


def _pairs(p: Portfolio, prop: URIRef) -> set[tuple[str, str]]:
    rows = p.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", p=prop)
    return {(str(s).removeprefix(EX), str(o).removeprefix(EX)) for s, _, o in rows}


def test_a_catalogue_of_iris(portfolio_store: str) -> None:
    r = cpsv.read_with_report(FIXTURES / "valid_catalogue.ttl", store=portfolio_store)
    p = r.portfolio
    assert r.mapped == {
        "Need": 2,
        "ServiceLine": 1,
        "ServiceSystem": 2,
        "ServiceSystemComponent": 3,
        "StandardService": 3,
    }
    assert r.blank_nodes == 0
    assert _pairs(p, STSM.addresses) == {
        ("ps-birth", "le-baby"),
        ("ps-id", "le-baby"),
        ("ps-shop", "be-start"),
    }
    # dct:requires (the profiles) and cpsv:requires (the words) both
    assert _pairs(p, STSM.dependsOn) == {("ps-birth", "ps-id"), ("ps-shop", "ps-id")}
    assert _pairs(p, STSM.inServiceLine) == {
        ("ps-birth", "sector-civil"),
        ("ps-id", "sector-civil"),
    }
    parts = p.select("SELECT ?s ?c WHERE { ?s stsm:deliveredBy/stsm:hasComponent ?c }")
    assert {(str(s).removeprefix(EX), str(c).removeprefix(EX)) for s, c in parts} == {
        ("ps-birth", "ch-online"),
        ("ps-birth", "org-registry"),
        ("ps-id", "org-registry"),
        ("ps-id", "part-municipal"),
    }
    g = p.store.to_rdflib()
    assert set(g.objects(URIRef(EX + "ps-birth"), RDFS.label)) == {
        Literal("Register a birth", lang="en"),
        Literal("Geburt anmelden", lang="de"),
    }
    assert p.label(EX + "org-registry") == "Civil registry"  # from skos:prefLabel
    assert p.label(EX + "sector-civil") == "Civil status"
    assert p.validate().conforms


def test_blank_nodes_get_stable_iris(write: Write) -> None:
    r = cpsv.read_with_report(FIXTURES / "valid_blank_nodes.ttl", base="https://example.gov/id/")
    p = r.portfolio
    assert r.blank_nodes == 6  # an event, three channels, an authority, a service
    assert r.mapped == {
        "Need": 1,
        "ServiceSystem": 2,
        "ServiceSystemComponent": 4,
        "StandardService": 2,
    }
    nodes = {str(n) for (n,) in p.select("SELECT DISTINCT ?n WHERE { ?n ?p ?o }")}
    assert all(n.startswith(EX) for n in nodes)
    # the same catalogue written in another order, with other blank node labels
    graph = Graph().parse(FIXTURES / "valid_blank_nodes.ttl")
    lines = graph.serialize(format="nt").splitlines()
    random.Random(4).shuffle(lines)
    other = write("shuffled.nt", "\n".join(lines) + "\n")
    again = cpsv.read(other, base="https://example.gov/id/")
    assert set(again.store.to_rdflib()) == set(p.store.to_rdflib())


@pytest.mark.parametrize(("fmt", "suffix"), [("json-ld", ".jsonld"), ("xml", ".rdf")])
def test_every_format_gives_the_same_portfolio(fmt: str, suffix: str, write: Write) -> None:
    expected = cpsv.read(FIXTURES / "valid_catalogue.ttl").store.to_rdflib()
    text = Graph().parse(FIXTURES / "valid_catalogue.ttl").serialize(format=fmt)
    got = cpsv.read(write("catalogue" + suffix, text)).store.to_rdflib()
    assert set(got) == set(expected)


@pytest.mark.parametrize(
    ("name", "text", "error", "words"),
    [
        ("c.ttl", "this is not Turtle", ParseError, ["not valid"]),
        (
            "c.ttl",
            "<https://x.org/a> <http://purl.org/dc/terms/title> 'A' .",
            InputError,
            ["no public service"],
        ),
        (
            "c.rdf",
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]>'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
            InputError,
            ["DOCTYPE", "refused"],
        ),
        (
            "c.jsonld",
            '{"@context": "https://example.org/context.jsonld", "@id": "https://x.org/a"}',
            NetworkAccessError,
            ["remote @context"],
        ),
        ("c.csv", "a,b", InputError, ["suffix"]),
    ],
)
def test_bad_catalogues_are_refused(
    name: str, text: str, error: type[Exception], words: list[str], write: Write
) -> None:
    path = write(name, text)
    with pytest.raises(error) as caught:
        cpsv.read(path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    for word in words:
        assert word in message, message
