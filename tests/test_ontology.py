"""The vocabulary and the shapes: one label and definition per term, declared directions."""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from stsm_graph import STSM
from stsm_graph.vocabulary.graph import (
    known_terms,
    link_directions,
    ontology_graph,
    shapes_graph,
    subclass_graph,
)
from stsm_graph.vocabulary.resources import ontology_text

NS = str(STSM)
ONTOLOGY = URIRef("https://w3id.org/stsm")
SCHEMA = "https://schema.org/"
G = ontology_graph()
TERMS = sorted({s for s in G.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)})


def _stsm_terms(g: Graph) -> set[URIRef]:
    return {t for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}


def _ranges(p: URIRef) -> set[URIRef]:
    return set(G.objects(p, RDFS.range)) | set(G.objects(p, URIRef(SCHEMA + "rangeIncludes")))  # type: ignore[arg-type]


#: object properties whose values are stsm: instances (not concepts of a scheme)
LINKS = sorted(
    p
    for p in G.subjects(RDF.type, OWL.ObjectProperty)
    if isinstance(p, URIRef)
    and str(p).startswith(NS)
    and _ranges(p)
    and all(str(r).startswith(NS) for r in _ranges(p))
)


def test_the_vocabulary_has_its_core_terms() -> None:
    assert len(TERMS) > 90
    assert len(LINKS) >= 22


@pytest.mark.parametrize("term", TERMS, ids=lambda t: str(t)[len(NS) :])
def test_each_term_has_one_label_and_one_definition(term: URIRef) -> None:
    labels = list(G.objects(term, RDFS.label))
    definitions = list(G.objects(term, SKOS.definition))
    assert len(labels) == 1 and len(definitions) == 1
    assert all(isinstance(x, Literal) and str(x).strip() for x in labels + definitions)
    assert (term, RDFS.isDefinedBy, ONTOLOGY) in G


@pytest.mark.parametrize("term", TERMS, ids=lambda t: str(t)[len(NS) :])
def test_each_term_names_the_practices_it_serves(term: URIRef) -> None:
    practices = [str(p) for p in G.objects(term, STSM.practice)]
    assert practices
    assert all(re.fullmatch(r"STSM SP [12]\.[12]", p) for p in practices)


def test_every_term_of_the_shapes_is_defined() -> None:
    undefined = {t for t in _stsm_terms(shapes_graph()) if G.value(t, RDFS.label) is None}
    assert undefined == set()


def test_every_term_of_the_namespace_is_defined() -> None:
    names = [n for n in STSM.__annotations__ if not n.startswith("_")]
    assert [n for n in names if G.value(STSM[n], RDFS.label) is None] == []
    assert set(names) == known_terms() == {str(t)[len(NS) :] for t in TERMS}


def test_a_misspelt_term_raises() -> None:
    with pytest.raises(AttributeError):
        STSM.StandardSevice  # noqa: B018


def test_every_term_the_ontology_uses_is_defined() -> None:
    assert {t for t in _stsm_terms(G) if t not in TERMS} == set()


@pytest.mark.parametrize("link", LINKS, ids=lambda t: str(t)[len(NS) :])
def test_every_link_declares_its_change_direction(link: URIRef) -> None:
    assert list(G.objects(link, STSM.changePropagation)) in (
        [STSM.ObjectToSubject],
        [STSM.SubjectToObject],
    )


def test_only_links_declare_a_change_direction() -> None:
    assert sorted(link_directions()) == LINKS


# DESIGN.md, section 4: which way a change travels along each core link
OBJECT_TO_SUBJECT = [
    "hasNeed",
    "deliveredBy",
    "hasComponent",
    "dependsOn",
    "requiresCapability",
    "realizedBy",
    "hasServiceLevel",
    "requiresLevel",
    "commitsTo",
    "forService",
    "basedOnTemplate",
    "templateFor",
    "lists",
    "describes",
    "targets",
    "hasAction",
    "justifiedBy",
]
SUBJECT_TO_OBJECT = [
    "addresses",
    "supports",
    "alignsWith",
    "withCustomer",
    "inServiceLine",
    "informs",
    "measures",
]


@pytest.mark.parametrize(
    ("name", "direction"),
    [(n, "ObjectToSubject") for n in OBJECT_TO_SUBJECT]
    + [(n, "SubjectToObject") for n in SUBJECT_TO_OBJECT],
)
def test_core_link_directions_follow_the_design(name: str, direction: str) -> None:
    assert link_directions()[STSM[name]] == STSM[direction]


@pytest.mark.parametrize("link", LINKS, ids=lambda t: str(t)[len(NS) :])
def test_every_link_is_checked_at_both_ends_by_the_shapes(link: URIRef) -> None:
    shapes = shapes_graph()
    assert (None, SH.targetSubjectsOf, link) in shapes
    assert (None, SH.path, link) in shapes


def test_every_class_needs_a_label_by_the_shapes() -> None:
    classes = {c for c in G.subjects(RDF.type, OWL.Class) if str(c).startswith(NS)}
    targets = set(
        shapes_graph().objects(URIRef("https://w3id.org/stsm/shapes#EntityShape"), SH.targetClass)
    )
    assert classes == targets


def test_domains_and_ranges_name_defined_classes() -> None:
    classes = set(G.subjects(RDF.type, OWL.Class))
    for p in (
        RDFS.domain,
        RDFS.range,
        URIRef(SCHEMA + "domainIncludes"),
        URIRef(SCHEMA + "rangeIncludes"),
    ):
        for o in G.objects(None, p):
            if str(o).startswith(NS):
                assert o in classes, f"{p} {o}"


def test_the_ontology_holds_no_blank_nodes() -> None:
    assert not any(isinstance(t, BNode) for triple in G for t in triple)


def test_the_version_iri_ends_with_the_package_version() -> None:
    v = version("stsm-graph")
    iri = G.value(ONTOLOGY, OWL.versionIRI)
    assert iri is not None and str(iri).endswith("/" + v)
    assert str(G.value(ONTOLOGY, OWL.versionInfo)) == v
    shapes_version = shapes_graph().value(URIRef("https://w3id.org/stsm/shapes"), OWL.versionInfo)
    assert str(shapes_version) == v


def test_subclass_graph_holds_only_subclass_triples() -> None:
    g = subclass_graph()
    assert {p for _s, p, _o in g} == {RDFS.subClassOf}
    assert (STSM.Customer, RDFS.subClassOf, STSM.Stakeholder) in g
    assert (STSM.MarketTrend, RDFS.subClassOf, STSM.Evidence) in g


def test_the_ontology_is_packaged() -> None:
    assert "owl:versionIRI" in ontology_text("stsm.ttl")
    assert "sh:NodeShape" in ontology_text("shapes.ttl")
