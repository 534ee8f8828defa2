"""The catalog names a level's metric as the catalog does: by a critical attribute it measures."""

from __future__ import annotations

from pathlib import Path

from stsm_graph import Portfolio
from stsm_graph.analysis import service_catalog
from stsm_graph.report import catalog_html, catalog_markdown

TTL = """
@prefix stsm: <https://w3id.org/stsm#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <https://example.org/t/> .
:backup a stsm:StandardService ; rdfs:label "Backup" ; stsm:hasServiceLevel :rpo1 ;
    stsm:hasCriticalAttribute :own .
:own a stsm:CriticalAttribute ; rdfs:label "Recovery point objective" ; stsm:metric "rpo" .
:rpo1 a stsm:ServiceLevel ; rdfs:label "Daily" ; stsm:metric "rpo" ; stsm:targetValue 24 ;
    stsm:unit "hours" ; stsm:comparator stsm:AtMost .
:dr a stsm:StandardService ; rdfs:label "Disaster recovery" ; stsm:hasServiceLevel :rpo2, :fr ;
    stsm:hasCriticalAttribute :drs .
:drs a stsm:CriticalAttribute ; rdfs:label "Failover" ; stsm:metric "rto" .
:rpo2 a stsm:ServiceLevel ; rdfs:label "Quarter hour" ; stsm:metric "rpo" ;
    stsm:targetValue 0.25 ; stsm:unit "hours" ; stsm:comparator stsm:AtMost .
:fr a stsm:ServiceLevel ; rdfs:label "Fast" ; stsm:metric "first-response_time" ;
    stsm:targetValue 15 ; stsm:unit "minutes" ; stsm:comparator stsm:AtMost .
"""


def test_metrics_are_named_by_attributes_else_in_words() -> None:
    p = Portfolio()
    p.parse(TTL, format="turtle")
    catalog = service_catalog(p, audience="customer")
    text = catalog_markdown(catalog)
    assert "- Daily (Recovery point objective at most 24 hours)" in text
    # another service's attribute names a metric the service has no attribute for
    assert "- Quarter hour (Recovery point objective at most 0.25 hours)" in text
    assert "- Fast (first response time at most 15 minutes)" in text
    page = catalog_html(catalog)
    assert "(Recovery point objective at most 0.25 hours)" in page
    assert "(first response time at most 15 minutes)" in page
    assert "rpo at most" not in text + page


def test_the_command_says_when_no_service_is_in_a_line(tmp_path: Path) -> None:
    from cli_runner import run

    path = tmp_path / "p.ttl"
    path.write_text(TTL, encoding="utf-8")
    code, out, _err = run("catalog", str(path), "-o", str(tmp_path / "c.md"))
    assert code == 0
    assert out.endswith("(customer catalog: 2 active services, 0 coming, in no service line)\n")
    with_line = (
        TTL + ':it a stsm:ServiceLine ; rdfs:label "IT" . :backup stsm:inServiceLine :it .\n'
    )
    path.write_text(with_line, encoding="utf-8")
    code, out, _err = run("catalog", str(path), "-o", str(tmp_path / "c.md"))
    assert out.endswith("0 coming, in 1 service line, some in none)\n")
