"""``stsm-graph evidence``: formats, the JSON contract (docs/evidence.schema.json), --fail-on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run
from jsonschema import Draft202012Validator

from stsm_graph import Portfolio
from stsm_graph.analysis import practice_evidence

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "northwind-it-services.yaml"
SCHEMA = json.loads((ROOT / "docs" / "evidence.schema.json").read_text("utf-8"))
SMALL = (
    "@prefix stsm: <https://w3id.org/stsm#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    '<urn:x:c> a stsm:Customer ; rdfs:label "Acme | *Co*" .\n'
)


def test_the_schema_is_a_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_json_validates_and_is_the_library_report(store: str) -> None:
    code, out, err = run("evidence", str(EXAMPLE), "--format", "json", "--store", store)
    assert (code, err) == (0, "")
    data = json.loads(out)
    Draft202012Validator(SCHEMA).validate(data)
    assert data == practice_evidence(Portfolio.open(EXAMPLE, store=store)).to_json()
    # the bundled example holds every kind of work product of every practice
    assert [(p["practice"], p["missing"]) for p in data["practices"]] == [
        ("STSM SP 1.1", []),
        ("STSM SP 1.2", []),
        ("STSM SP 2.1", []),
        ("STSM SP 2.2", []),
    ]


def test_a_report_breaking_the_contract_is_caught() -> None:
    _code, out, _err = run("evidence", str(EXAMPLE), "--format", "json")
    data = json.loads(out)
    data["practices"][0]["work_products"][0]["what"] = "table"
    assert not Draft202012Validator(SCHEMA).is_valid(data)


def test_fail_on_missing_and_the_formats(tmp_path: Path) -> None:
    path = tmp_path / "small.ttl"
    path.write_text(SMALL, "utf-8")
    code, out, err = run("evidence", str(path), "--sample", "1")
    assert (code, err) == (0, "")
    assert "  held  Customer (class Customer): 1, e.g. Acme | *Co*" in out
    assert "  MISSING  Need (class Need)" in out
    code, _out, err = run("evidence", str(path), "--fail-on", "missing")
    assert (code, err) == (1, "stsm-graph: exit 1: --fail-on found missing\n")
    code, _out, err = run("evidence", str(EXAMPLE), "--fail-on", "missing")
    assert (code, err) == (0, "")
    code, md, err = run("evidence", str(path), "--format", "markdown")
    assert (code, err) == (0, "")
    assert md.startswith("# Practice evidence: ")
    assert "| Need (`Need`) | **missing** | 0 |  |" in md
    assert "| Customer (`Customer`) | yes | 1 | Acme \\| \\*Co\\* |" in md


def test_errors() -> None:
    code, _out, err = run("evidence", str(EXAMPLE), "--sample", "0")
    assert code == 2 and "--sample" in err
    code, _out, err = run("evidence", str(EXAMPLE), "--fail-on", "unmet")
    assert code == 2 and "invalid choice" in err
