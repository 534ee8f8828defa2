"""Export to ArchiMate 3.1, then import: every mapped element and link is kept.

"Mapped" is what the table of ``alignments/archimate.csv`` can say, computed here from the
portfolio by SPARQL: services, needs, objectives, stakeholders (customers and end users
become stakeholders), capabilities and evidence with their labels and descriptions; the
components of the systems that deliver services, as (service, component) pairs; and the
links ``addresses``, ``supports``, ``alignsWith``, ``dependsOn`` between two services (not a
service on itself) and ``informs``.
"""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import assume, given
from rdflib import URIRef
from rdflib.compare import isomorphic
from strategies import portfolios

from stsm_graph import Portfolio
from stsm_graph.authoring import dump_document, model
from stsm_graph.interop import archimate

ROOT = Path(__file__).resolve().parents[1]
_CLASSES = {
    "StandardService": "StandardService",
    "Need": "Need",
    "StrategicObjective": "StrategicObjective",
    "Customer": "Stakeholder",
    "EndUser": "Stakeholder",
    "Stakeholder": "Stakeholder",
    "Capability": "Capability",
    "Evidence": "Evidence",
    "MarketTrend": "Evidence",
    "CompetitorOffering": "Evidence",
    "Opportunity": "Evidence",
    "CustomerFeedback": "Evidence",
}
_LINKS = """SELECT ?s ?p ?o WHERE {
  VALUES ?p { stsm:addresses stsm:supports stsm:alignsWith stsm:informs }
  ?s ?p ?o }"""
_DEPENDS = """SELECT ?s ?o WHERE { ?s stsm:dependsOn ?o .
  ?s a stsm:StandardService . ?o a stsm:StandardService FILTER(?s != ?o) }"""
_PARTS = """SELECT DISTINCT ?s ?c WHERE {
  ?s a stsm:StandardService ; stsm:deliveredBy/stsm:hasComponent ?c }"""


def mapped_view(p: Portfolio, rename: dict[str, str] | None = None) -> dict[str, set[tuple]]:
    """Return what the mapping keeps of ``p``, its IRIs renamed by ``rename``."""

    def n(term: object) -> str:
        return (rename or {}).get(str(term), str(term))

    nodes: dict[str, str] = {}
    for node, cls in p.select("SELECT ?n ?c WHERE { ?n a ?c }"):
        name = str(cls).rsplit("#", 1)[-1]
        if name in _CLASSES:
            nodes[n(node)] = _CLASSES[name]
    parts = {(n(s), n(c)) for s, c in p.select(_PARTS)}
    nodes.update({c: "ServiceSystemComponent" for _, c in parts})
    texts = set()
    for node, prop, value in p.select("SELECT ?n ?p ?v WHERE { ?n ?p ?v FILTER(isLiteral(?v)) }"):
        if n(node) in nodes and str(prop).rsplit("/", 1)[-1] in ("rdf-schema#label", "description"):
            texts.add((n(node), str(prop), str(value), value.language))
    links = {(n(s), str(p_), n(o)) for s, p_, o in p.select(_LINKS)}
    links |= {(n(s), "dependsOn", n(o)) for s, o in p.select(_DEPENDS)}
    return {"nodes": set(nodes.items()), "texts": texts, "links": links, "parts": parts}


def _xml_safe(doc: model.PortfolioDocument) -> bool:
    """Whether every text of the document is one XML 1.0 can carry (no U+FFFE, U+FFFF)."""
    return re.search("[\ufffe\uffff]", dump_document(doc)) is None


@given(doc=portfolios())
def test_export_then_import_keeps_every_mapped_element_and_link(
    doc: model.PortfolioDocument,
) -> None:
    assume(_xml_safe(doc))
    original = Portfolio(store="memory")
    original.parse(dump_document(doc), format="yaml")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d, "model.xml")
        archimate.write(original, path, base=doc.base)
        ET.parse(path)  # well-formed for any XML reader
        back = archimate.read(path, base=doc.base)
    rename = {
        str(node): doc.base + archimate.element_identifier(str(node), doc.base)
        for (node,) in original.select("SELECT DISTINCT ?n WHERE { ?n a ?c }")
    }
    assert mapped_view(back) == mapped_view(original, rename)


def test_an_id_that_is_an_xml_name_keeps_its_iri() -> None:
    p = Portfolio()
    p.add(
        model.StandardService(id="claims", label="Claims", addresses=["fast-payout"]),
        model.Need(id="fast-payout", label="Fast payout"),
        base="https://example.org/p/",
    )
    with tempfile.TemporaryDirectory() as d:
        archimate.write(p, Path(d, "m.xml"), base="https://example.org/p/")
        back = archimate.read(Path(d, "m.xml"), base="https://example.org/p/")
    rows = back.select("SELECT ?s ?n WHERE { ?s stsm:addresses ?n }")
    assert [(str(s), str(n)) for s, n in rows] == [
        ("https://example.org/p/claims", "https://example.org/p/fast-payout")
    ]
    assert back.label(URIRef("https://example.org/p/claims")) == "Claims"


def test_the_example_portfolio_goes_out_with_one_view_and_back(tmp_path: Path) -> None:
    p = Portfolio.open(ROOT / "examples" / "northwind-it-services.yaml")
    archimate.write(p, tmp_path / "m.xml")
    root = ET.parse(tmp_path / "m.xml").getroot()
    ns = {"a": "http://www.opengroup.org/xsd/archimate/3.0/"}
    xsi = "{http://www.w3.org/2001/XMLSchema-instance}type"
    elements = {e.get("identifier") for e in root.iterfind("a:elements/a:element", ns)}
    views = root.findall("a:views/a:diagrams/a:view", ns)
    assert len(views) == 1 and views[0].get(xsi) == "Diagram"
    shown = {n.get("elementRef") for n in views[0].iterfind("a:node", ns)}
    assert shown == elements
    relationships = root.findall("a:relationships/a:relationship", ns)
    connections = views[0].findall("a:connection", ns)
    assert len(connections) == len(relationships) > 0
    back = archimate.read_with_report(tmp_path / "m.xml", base=p.base)
    assert mapped_view(back.portfolio) == mapped_view(p)
    assert back.unmapped_elements == {"Grouping": 4}  # the service systems


def test_languages_and_descriptions_go_out_and_back(tmp_path: Path) -> None:
    p = Portfolio()
    p.parse(
        "<https://example.org/p/claims> a <https://w3id.org/stsm#StandardService> ; "
        '<http://www.w3.org/2000/01/rdf-schema#label> "Claims"@en, "Schäden & <Fälle>"@de ; '
        '<http://purl.org/dc/terms/description> "Pays \\"claims\\"\\n\\tfast"@en .',
        format="turtle",
    )
    archimate.write(p, tmp_path / "m.xml", base="https://example.org/p/")
    back = archimate.read(tmp_path / "m.xml", base="https://example.org/p/")
    assert isomorphic(back.store.to_rdflib(), p.store.to_rdflib())
