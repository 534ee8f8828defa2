"""``stsm-graph plan``: formats, the JSON contract (docs/plan.schema.json), --fail-on, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run
from jsonschema import Draft202012Validator

from stsm_graph import Portfolio
from stsm_graph.analysis import plan_review

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "northwind-it-services.yaml"
SCHEMA = json.loads((ROOT / "docs" / "plan.schema.json").read_text("utf-8"))
NW = "https://example.org/northwind/"
SMALL = """@prefix stsm: <https://w3id.org/stsm#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:x:n> a stsm:Need ; rdfs:label "Mail | *all*" .
<urn:x:s> a stsm:StandardService ; rdfs:label "Old" ; stsm:addresses <urn:x:n> .
<urn:x:p> a stsm:StandardServicePlan ; rdfs:label "P" ; stsm:hasAction <urn:x:r> .
<urn:x:r> a stsm:PlanAction ; rdfs:label "Retire old" ; stsm:actionKind stsm:RetireService ;
    stsm:targets <urn:x:s> ; stsm:phase 1 .
"""


def test_the_schema_is_a_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_json_validates_and_is_the_library_report(store: str) -> None:
    code, out, err = run("plan", str(EXAMPLE), "--format", "json", "--store", store)
    assert (code, err) == (0, "")
    data = json.loads(out)
    Draft202012Validator(SCHEMA).validate(data)
    assert data == json.loads(
        json.dumps(plan_review(Portfolio.open(EXAMPLE, store=store)).to_json())
    )
    assert [p["plan"] for p in data["plans"]] == [NW + "plan-fy2025", NW + "plan-fy2027-draft"]
    # every rule the example can break fires on it (examples/README.md, "Plan findings")
    assert [(f["rule"], f["node"][len(NW) :]) for p in data["plans"] for f in p["findings"]] == [
        ("retired-target", "svc-hosted-exchange"),
        ("unjustified-add", "act-add-finops-clinics"),
        ("retire-only-coverage", "need-onsite-hardware-swap"),
    ]


def test_a_report_breaking_the_contract_is_caught() -> None:
    _code, out, _err = run("plan", str(EXAMPLE), "--format", "json")
    data = json.loads(out)
    data["plans"][0]["findings"].append({"rule": "nonsense", "node": NW + "x"})
    assert not Draft202012Validator(SCHEMA).is_valid(data)


def test_one_plan_text_markdown_and_fail_on(tmp_path: Path) -> None:
    path = tmp_path / "small.ttl"
    path.write_text(SMALL, "utf-8")
    code, out, err = run("plan", str(path), "P", "--fail-on", "inconsistent")
    assert (code, err) == (1, "stsm-graph: exit 1: --fail-on found inconsistent\n")
    assert "Plan P (urn:x:p): 1 actions" in out
    assert "  before: 1/1 needs covered, 1 fully met, 0/0 objectives supported" in out
    assert (
        "    - retire-leaves-need-unmet: retiring urn:x:s leaves need 'Mail | *all*' unmet" in out
    )
    assert "    - retire-only-coverage: action 'Retire old' retires the only active service" in out
    assert "    phase 1, then 0/1 needs covered, 0 fully met, 0/0 objectives supported" in out
    assert run("plan", str(path))[0] == 0  # informs unless asked to fail
    code, md, err = run("plan", str(path), "--format", "markdown")
    assert (code, err) == (0, "")
    assert "| retire-only-coverage | Mail \\| \\*all\\* |" in md
    assert "| phase 1 | Retire old | RetireService |  |  | 0/1 needs covered" in md


def test_errors() -> None:
    code, _out, err = run("plan", str(EXAMPLE), "No such plan")
    assert code == 2 and "No such plan" in err
    code, _out, err = run("plan", str(EXAMPLE), "--fail-on", "missing")
    assert code == 2 and "invalid choice" in err
