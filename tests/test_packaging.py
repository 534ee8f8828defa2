"""The installed package finds its ontology from any folder (in CI: the non-editable wheel)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import stsm_graph
from stsm_graph.vocabulary.resources import ontology_text, query_names
from stsm_graph.vocabulary.graph import link_directions
assert "owl:Ontology" in ontology_text("stsm.ttl")
assert "sh:NodeShape" in ontology_text("shapes.ttl")
assert "unmet_needs" in query_names()
assert len(link_directions()) >= 29
from stsm_graph.interop.mapping import archimate_mapping
assert len(archimate_mapping().classes) == 11  # alignments/archimate.csv ships too
from stsm_graph.interop.mapping import alignment_rows
assert alignment_rows("alignments/cpsv.csv")  # and cpsv.csv
from stsm_graph import Portfolio
from stsm_graph.viz import to_html, traceability_view
p = Portfolio()
p.parse("<urn:x:a> a <https://w3id.org/stsm#Need> .", format="turtle")
assert "vis.Network" in to_html(traceability_view(p), title="t")  # the template ships too
print(stsm_graph.__version__)
"""


def test_the_package_finds_its_ontology_from_another_folder(tmp_path: Path) -> None:
    env = {"PATH": "", "PYTHONSAFEPATH": "1"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() != "0.0.0"


def test_the_command_runs_the_example_from_another_folder(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "stsm_graph.cli",
            "validate",
            str(ROOT / "examples" / "northwind-it-services.yaml"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "SHACL: conforms (0 violations, 0 warnings)" in done.stdout
