"""Adding an entity kind with one link is an edit of ``stsm.ttl`` and one run of the generator.

The test copies the package and its ontology, adds ``stsm:Risk`` and the link
``stsm:threatens`` (a risk threatens a standard service; a change to the service reaches the
risk) to the copied vocabulary only, runs ``_generate.main`` on the copy, and then, in a
fresh interpreter importing the copy, loads a portfolio using the new kind and checks
that its shapes apply, that it round-trips, appears in summaries and pictures with its own
display group, and takes part in impact in its declared direction. No Python file is edited.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from stsm_graph.generators.generate import main as generate

ROOT = Path(__file__).resolve().parents[1]

NEW_TERMS = """
stsm:Risk
    a owl:Class ;
    rdfs:label "Risk"@en ;
    skos:definition "Something that may go wrong with a standard service."@en ;
    rdfs:isDefinedBy <https://w3id.org/stsm> ;
    stsm:practice "STSM SP 2.1" ;
    stsm:section "risks" ;
    stsm:displayGroup stsm:RiskGroup ;
    stsm:tier 4 ;
    stsm:summaryOrder 0 .

stsm:threatens
    a owl:ObjectProperty ;
    rdfs:label "threatens"@en ;
    skos:definition "Links a risk to a standard service it threatens."@en ;
    rdfs:isDefinedBy <https://w3id.org/stsm> ;
    stsm:practice "STSM SP 2.1" ;
    rdfs:domain stsm:Risk ;
    rdfs:range stsm:StandardService ;
    schema:domainIncludes stsm:Risk ;
    schema:rangeIncludes stsm:StandardService ;
    stsm:changePropagation stsm:ObjectToSubject ;
    stsm:field "threatens" .

stsm:RiskGroup
    a skos:Concept ;
    rdfs:label "risk"@en ;
    skos:prefLabel "risk"@en ;
    skos:definition "Risks."@en ;
    skos:inScheme stsm:DisplayGroupScheme ;
    rdfs:isDefinedBy <https://w3id.org/stsm> ;
    stsm:practice "STSM SP 2.1" ;
    stsm:displayColour "#123456" ;
    stsm:displayShape "square" ;
    stsm:displayOrder 99 .
"""

PORTFOLIO = """@prefix stsm: <https://w3id.org/stsm#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/p/> .
ex:svc a stsm:StandardService ; rdfs:label "Backup" .
ex:risk a stsm:Risk ; rdfs:label "Ransomware" ; stsm:threatens ex:svc .
"""

#: the same with the link leading to a need: a violation of the generated shapes
WRONG_OBJECT = PORTFOLIO.replace(
    "stsm:threatens ex:svc .", 'stsm:threatens ex:need .\nex:need a stsm:Need ; rdfs:label "N" .'
)

CHECK = """
import io, json, re, sys
from stsm_graph import Portfolio
from stsm_graph.vocabulary import tables as vocab_tables
from stsm_graph.analysis import impact
from stsm_graph.cli.main import main
from stsm_graph.viz.picture import to_html, traceability_view

good, bad = sys.argv[1:]
p = Portfolio.open(good)
out = {"conforms": p.validate().conforms}
wrong = Portfolio.open(bad).validate().results
out["wrong"] = sorted(r.message for r in wrong if r.severity == "violation")
p.save("again.yaml")  # the authoring format and back
out["round_trip"] = sorted(Portfolio.open("again.yaml").serialize("nt").splitlines()) == sorted(
    p.serialize("nt").splitlines()
)
text = io.StringIO()
main(["validate", good], out=text, err=io.StringIO())
out["summary"] = [line.split()[0] for line in text.getvalue().splitlines()[1:3]]
out["group"] = vocab_tables.CLASS_GROUPS["Risk"]
out["colour"] = vocab_tables.CLASS_COLOURS["Risk"]
html = to_html(traceability_view(p), title="t")
out["node"] = '"color": "#123456"' in html and '"kind": "Risk"' in html
out["legend"] = re.findall(r'fill="#123456"[^<]*/>\\s*</svg>\\s*([^<]*)<', html)
svc, risk = "https://example.org/p/svc", "https://example.org/p/risk"
out["from_service"] = [a.node for a in impact(p, svc).affected]
out["from_risk"] = [a.node for a in impact(p, risk).affected]
print(json.dumps(out))
"""


def _copy_of_the_package(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(
        ROOT / "src",
        root / "src",
        symlinks=True,
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    (root / "docs").mkdir()
    return root


def test_a_new_entity_kind_with_one_link_needs_only_the_vocabulary(tmp_path: Path) -> None:
    root = _copy_of_the_package(tmp_path)
    ttl = root / "ontology" / "stsm.ttl"
    ttl.write_text(ttl.read_text(encoding="utf-8") + NEW_TERMS, encoding="utf-8")
    before = {p: p.read_bytes() for p in (root / "src").rglob("*.py")}
    assert generate(str(root)) == 0
    changed = {p.name for p, data in before.items() if p.read_bytes() != data}
    assert changed == {"namespace.py", "tables.py"}  # both generated, nothing else
    assert (
        "stsmsh:ThreatensSubjectShape" in (root / "ontology" / "shapes_generated.ttl").read_text()
    )
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.ttl"
    good.write_text(PORTFOLIO, encoding="utf-8")
    bad.write_text(WRONG_OBJECT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(good), str(bad)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.splitlines()[-1])
    assert out["conforms"] is True
    assert out["wrong"] == ["The object of stsm:threatens must be a standard service."]
    assert out["round_trip"] is True
    assert out["summary"] == ["Risk", "StandardService"]  # its own place: first
    assert out["group"] == "RiskGroup" and out["colour"] == "#123456"
    assert out["node"] is True and out["legend"] == ["risk"]  # drawn, and in the legend
    assert "https://example.org/p/risk" in out["from_service"]  # a change to the service
    assert "https://example.org/p/svc" not in out["from_risk"]  # ...not the other way
