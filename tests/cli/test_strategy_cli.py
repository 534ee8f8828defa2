"""``stsm-graph strategy``: formats, the JSON contract (docs/strategy.schema.json) and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run
from jsonschema import Draft202012Validator

from stsm_graph import Portfolio
from stsm_graph.analysis import strategy

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "northwind-it-services.yaml"
SCHEMA = json.loads((ROOT / "docs" / "strategy.schema.json").read_text("utf-8"))
NW = "https://example.org/northwind/"


def test_the_schema_is_a_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_json_validates_and_is_the_library_report(store: str) -> None:
    code, out, err = run(
        "strategy", str(EXAMPLE), "--format", "json", "--store", store, "--usage-below", "100"
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    Draft202012Validator(SCHEMA).validate(data)
    expected = strategy(Portfolio.open(EXAMPLE, store=store), usage_below=100).to_json()
    assert data == json.loads(json.dumps(expected))
    assert data["thresholds"]["usage_below"] == {"value": 100, "unit": None}


def test_a_report_breaking_the_contract_is_caught() -> None:
    _code, out, _err = run("strategy", str(EXAMPLE), "--format", "json")
    data = json.loads(out)
    data["retirement_candidates"].append({"service": NW + "x", "label": "X", "reasons": []})
    assert not Draft202012Validator(SCHEMA).is_valid(data)


def test_text_and_markdown() -> None:
    code, out, err = run("strategy", str(EXAMPLE), "--satisfaction-below", "3.5")
    assert (code, err) == (0, "")
    assert out.startswith(f"Strategy: {EXAMPLE}\n")
    assert "Retirement candidates (satisfaction below 3.5):" in out
    code, md, err = run("strategy", str(EXAMPLE), "--format", "markdown")
    assert (code, err) == (0, "")
    assert md.startswith(f"# Strategy: {EXAMPLE}\n")
    for heading in ("## Shared needs", "## Capability fit", "## Retirement candidates"):
        assert heading in md


def test_one_stakeholder_named_by_id() -> None:
    code, out, err = run(
        "strategy", str(EXAMPLE), "--format", "json", "--stakeholder", "cust-tailspin-health"
    )
    assert (code, err) == (0, "")
    assert [v["stakeholder"] for v in json.loads(out)["stakeholders"]] == [
        NW + "cust-tailspin-health"
    ]


def test_errors() -> None:
    code, _out, err = run("strategy", str(EXAMPLE), "--stakeholder", "svc-managed-print")
    assert code == 2 and "is not a customer or end user" in err
    code, _out, err = run("strategy", str(EXAMPLE), "--periods", "1")
    assert code == 2 and "--periods" in err
    code, _out, err = run("strategy", str(EXAMPLE), "--usage-below", "lots of pages")
    assert code == 2 and "a threshold is a number, optionally followed by a unit" in err
    code, _out, err = run("strategy", str(EXAMPLE), "--satisfaction-below", "nan")
    assert code == 2 and "a threshold is a finite number" in err


def test_portfolio_text_is_escaped(tmp_path: Path) -> None:
    path = tmp_path / "p.ttl"
    path.write_text(
        "@prefix stsm: <https://w3id.org/stsm#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<urn:a> a stsm:Customer ; rdfs:label 'A' ; stsm:hasNeed <urn:n> .\n"
        "<urn:b> a stsm:Customer ; rdfs:label 'B' ; stsm:hasNeed <urn:n> .\n"
        "<urn:n> a stsm:Need ; rdfs:label 'pipe | and *stars*' .\n",
        encoding="utf-8",
    )
    code, md, err = run("strategy", str(path), "--format", "markdown")
    assert (code, err) == (0, "")
    assert "pipe \\| and \\*stars\\*" in md


def test_the_starter_s_markdown_reads_as_words(tmp_path: Path) -> None:
    """Each table under its heading, truths as yes and no, a requirement and an agreed level
    in words with their units, and no verdict on an agreement where nothing is agreed."""
    assert run("init", str(tmp_path))[0] == 0
    code, md, err = run("strategy", str(tmp_path / "portfolio.yaml"), "--format", "markdown")
    assert (code, err) == (0, "")
    assert "### Without evidence\n\n| without evidence |" in md
    assert "### Evidence informing nothing\n\nnone\n" in md
    cells = {c.strip() for line in md.splitlines() if line.startswith("|") for c in line.split("|")}
    assert not cells & {"True", "False"} and "yes" in cells
    assert "| Example Ltd | Recover lost files | rpo at most 24 hours | yes | none |  |" in md
    assert "| first-response-time at most 30 minutes | yes | 15 minutes in " in md
    code, text, _err = run("strategy", str(tmp_path / "portfolio.yaml"))
    assert "rpo at most 24 hours: standard levels meet it; agreed nothing" in text
    assert "AtMost" not in text and "AtMost" not in md
