"""ArchiMate exchange files in: known answers on hand-written 2.1 and 3.1 models, Archisurance."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from stsm_graph import Portfolio, analysis
from stsm_graph.interop import archimate
from stsm_graph.vocabulary.namespace import STSM

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "archimate"
ARCHISURANCE = ROOT / "examples" / "archisurance" / "archisurance.xml"
ORIGINAL = ROOT.parent / "shared" / "data" / "archisurance"
BASE = "https://example.org/m/"


def _links(p: Portfolio, prop: URIRef) -> set[tuple[str, str]]:
    rows = p.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", p=prop)
    return {(str(s)[len(BASE) :], str(o)[len(BASE) :]) for s, _, o in rows}


def _components(p: Portfolio) -> set[tuple[str, str]]:
    rows = p.select("SELECT ?s ?c WHERE { ?s stsm:deliveredBy/stsm:hasComponent ?c }")
    return {(str(s)[len(BASE) :], str(c)[len(BASE) :]) for s, c in rows}


def _classes(p: Portfolio) -> dict[str, str]:
    rows = p.select("SELECT ?n ?c WHERE { ?n a ?c }")
    return {str(n)[len(BASE) :]: str(c).rsplit("#", 1)[-1] for n, c in rows}


#: what both small models give (the 3.1 one also has an outcome and a capability)
COMMON_LINKS = {
    STSM.addresses: {("svc-claims", "req-fast")},
    STSM.alignsWith: {("req-fast", "goal-retain")},
    STSM.dependsOn: {("svc-claims", "svc-portal"), ("svc-portal", "svc-hosting")},
}
COMPONENTS = {
    ("svc-claims", "proc-handle"),
    ("svc-portal", "app-cms"),
    ("svc-hosting", "node-dc"),
}


def test_a_31_model_gives_the_table_s_nodes_and_links(portfolio_store: str) -> None:
    r = archimate.read_with_report(
        FIXTURES / "valid_v31_small.xml", base=BASE, store=portfolio_store
    )
    p = r.portfolio
    assert (r.version, r.elements, r.relationships, r.used_relationships) == ("3.x", 15, 17, 12)
    assert r.mapped == {
        "Capability": 1,
        "Evidence": 2,
        "Need": 1,
        "ServiceSystemComponent": 3,
        "Stakeholder": 1,
        "StandardService": 3,
        "StrategicObjective": 2,
    }
    assert r.unmapped_elements == {"BusinessObject": 1, "Principle": 1}
    # r5 influences an outcome (the table aligns requirements with goals only), r14 joins a
    # stakeholder and a driver, r17 ends at a relationship
    assert r.unmapped_relationships == {"Access": 1, "Association": 2, "Flow": 1, "Influence": 1}
    for prop, pairs in COMMON_LINKS.items():
        assert _links(p, prop) == pairs
    assert _links(p, STSM.supports) == {("svc-claims", "goal-retain"), ("svc-portal", "out-nps")}
    assert _links(p, STSM.informs) == {
        ("drv-market", "goal-retain"),
        ("drv-market", "req-fast"),
        ("as-survey", "cap-claims"),
    }
    assert _components(p) == COMPONENTS
    assert _classes(p)["out-nps"] == "StrategicObjective"
    assert _classes(p)["sh-customer"] == "Stakeholder"
    assert p.validate().conforms


def test_a_21_model_reads_its_own_names(portfolio_store: str) -> None:
    r = archimate.read_with_report(
        FIXTURES / "valid_v21_small.xml", base=BASE, store=portfolio_store
    )
    p = r.portfolio
    assert (r.version, r.elements, r.relationships, r.used_relationships) == ("2.1", 13, 15, 12)
    assert r.unmapped_elements == {"BusinessObject": 1, "Principle": 1}
    assert r.unmapped_relationships == {
        "AccessRelationship": 1,
        "AssociationRelationship": 1,
        "FlowRelationship": 1,
    }
    for prop, pairs in COMMON_LINKS.items():
        assert _links(p, prop) == pairs
    assert _links(p, STSM.supports) == {
        ("svc-claims", "goal-retain"),
        ("svc-portal", "goal-retain"),
    }
    assert _links(p, STSM.informs) == {
        ("drv-market", "goal-retain"),
        ("drv-market", "req-fast"),
        ("as-survey", "svc-portal"),
    }
    assert _components(p) == COMPONENTS
    assert _classes(p)["svc-hosting"] == "StandardService"  # an InfrastructureService


@pytest.mark.parametrize("name", ["valid_v21_small.xml", "valid_v31_small.xml"])
def test_names_languages_documentation_and_properties_are_kept(name: str) -> None:
    p = archimate.read(FIXTURES / name, base=BASE)
    g = p.store.to_rdflib()
    claims, owner = URIRef(BASE + "svc-claims"), URIRef(BASE + "prop-owner")
    assert set(g.objects(claims, RDFS.label)) == {
        Literal("Claims handling", lang="en"),
        Literal("Schadenbearbeitung", lang="de"),
    }
    assert set(g.objects(claims, DCTERMS.description)) == {
        Literal("Handles claims from first notice to payout.", lang="en")
    }
    assert set(g.objects(claims, owner)) == {Literal("Claims department", lang="en")}
    assert (owner, RDF.type, OWL.AnnotationProperty) in g
    assert set(g.objects(owner, RDFS.label)) == {Literal("Owner")}
    system = URIRef(BASE + "svc-claims/system")
    assert (system, RDF.type, STSM.ServiceSystem) in g
    assert Literal("Claims handling (service system)", lang="en") in set(
        g.objects(system, RDFS.label)
    )
    # the unmapped elements are not in the portfolio at all
    assert not list(g.triples((URIRef(BASE + "pr-first"), None, None)))


def test_without_a_base_the_model_identifier_makes_one() -> None:
    p = archimate.read(FIXTURES / "valid_v31_small.xml")
    assert p.base == "urn:archimate:id-small31:"
    assert p.label("urn:archimate:id-small31:svc-hosting") == "Hosting"


def test_the_same_model_in_2_1_and_3_1_gives_the_same_shared_links() -> None:
    old = archimate.read(FIXTURES / "valid_v21_small.xml", base=BASE)
    new = archimate.read(FIXTURES / "valid_v31_small.xml", base=BASE)
    for prop in (STSM.addresses, STSM.alignsWith, STSM.dependsOn, STSM.hasComponent):
        assert _links(old, prop) == _links(new, prop)


# ----------------------------------------------------------------------------- Archisurance


def test_the_shipped_archisurance_is_the_original_with_its_licence() -> None:
    if not ORIGINAL.is_dir():
        pytest.skip("the original (../shared/data/archisurance) is not beside this checkout")
    for name in ("archisurance.xml", "LICENSE.txt"):
        assert (ARCHISURANCE.parent / name).read_bytes() == (ORIGINAL / name).read_bytes()
    assert "Permission is hereby granted" in (ARCHISURANCE.parent / "LICENSE.txt").read_text()


ARCHISURANCE_DEPENDENCIES = {
    ("CIS", "Claim Files Service"),
    ("Claim InfoServ", "CIS"),
    ("Claim InfoServ", "Claim Files Service"),
    ("Claim InfoServ", "Customer File Service"),
    ("Claim Registration Service", "Customer data mutation Service"),
    ("Claim Registration Service", "Insurance Application Service"),
    ("Claims Payment Service", "Premium Payment Service"),
    ("Customer data mutation Service", "CIS"),
    ("Customer data mutation Service", "Claim Files Service"),
    ("Customer data mutation Service", "Customer File Service"),
    ("Insurance Application Service", "Claim Files Service"),
    ("Premium Payment Service", "Claim InfoServ"),
    ("Premium Payment Service", "Customer File Service"),
}


#: (service, element realising it): processes, application components, nodes and devices
ARCHISURANCE_REALISATIONS = {
    ("CIS", "CRM System"),
    ("Claim Files Service", "Mainframe"),
    ("Claim InfoServ", "Policy Data Management"),
    ("Claim Registration Service", "Handle Claim"),
    ("Claim Registration Service", "Register"),
    ("Claims Payment Service", "Handle Claim"),
    ("Claims Payment Service", "Pay"),
    ("Customer File Service", "NAS File Server"),
    ("Customer Information Service", "Accept"),
    ("Customer Information Service", "Inform Customer"),
    ("Customer Information Service", "Valuate"),
    ("Customer data mutation Service", "Policy Data Management"),
    ("Database Service", "Mainframe"),
    ("File Service", "NAS File Server"),
    ("Insurance Application Service", "CRM System"),
    ("Insurance Application Service", "Close Contract"),
    ("Network Service", "Firewall"),
    ("Policy Creation Service", "Home & Away Policy Administration"),
    ("Premium Payment Service", "Collect Premium"),
    ("Premium Payment Service", "Financial Application"),
}


@pytest.fixture(scope="module")
def archisurance() -> archimate.ImportResult:
    return archimate.read_with_report(ARCHISURANCE)


def test_archisurance_services_dependencies_and_realisations(
    archisurance: archimate.ImportResult,
) -> None:
    p = archisurance.portfolio
    assert archisurance.mapped == {"ServiceSystemComponent": 15, "StandardService": 14}
    rows = p.select(
        "SELECT ?a ?b WHERE { ?x stsm:dependsOn ?y . ?x rdfs:label ?a . ?y rdfs:label ?b }"
    )
    assert {(str(a), str(b)) for a, b in rows} == ARCHISURANCE_DEPENDENCIES
    rows = p.select(
        "SELECT ?s ?c WHERE { ?x stsm:deliveredBy/stsm:hasComponent ?y . "
        "?x rdfs:label ?s . ?y rdfs:label ?c }"
    )
    assert {(str(s), str(c)) for s, c in rows} == ARCHISURANCE_REALISATIONS


def test_archisurance_reports_what_it_did_not_map(archisurance: archimate.ImportResult) -> None:
    assert (archisurance.elements, archisurance.relationships) == (120, 178)
    assert archisurance.used_relationships == 178 - 149
    assert sum(archisurance.unmapped_elements.values()) == 120 - 29
    assert archisurance.unmapped_elements["Principle"] == 9
    assert archisurance.unmapped_elements["BusinessActor"] == 17
    assert "BusinessService" not in archisurance.unmapped_elements
    assert archisurance.unmapped_relationships == {
        "Access": 14,
        "Aggregation": 11,
        "Assignment": 6,
        "Association": 28,
        "Composition": 5,
        "Flow": 33,
        "Realization": 11,
        "Serving": 23,
        "Specialization": 5,
        "Triggering": 13,
    }


def test_analyze_answers_on_archisurance(archisurance: archimate.ImportResult) -> None:
    p = archisurance.portfolio
    orphans = analysis.orphaned_services(p)
    # no goal, outcome or requirement in the model: every service traces to nothing
    assert len(orphans) == 14
    # a change to the mainframe reaches the two services it realises, and those that depend
    # on them, transitively (docs/interop.md)
    changed = analysis.impact(p, "Mainframe")
    services = {
        a.label: a.distance for a in changed.affected if a.type == str(STSM.StandardService)
    }
    assert services == {
        "Claim Files Service": 2,
        "Database Service": 2,
        "CIS": 3,
        "Claim InfoServ": 3,
        "Customer data mutation Service": 3,
        "Insurance Application Service": 3,
        "Claim Registration Service": 4,
        "Premium Payment Service": 4,
        "Claims Payment Service": 5,
    }
