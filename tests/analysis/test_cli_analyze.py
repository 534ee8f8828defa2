"""``stsm-graph analyze``: formats, the JSON contract, ``--fail-on`` and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run
from jsonschema import Draft202012Validator

from stsm_graph import Portfolio
from stsm_graph.analysis import analyze

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "northwind-it-services.yaml"
SCHEMA = json.loads((ROOT / "docs" / "analyze.schema.json").read_text("utf-8"))

CYCLE = """\
@prefix stsm: <https://w3id.org/stsm#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <https://example.org/t/> .
:a a stsm:ServiceSystem ; rdfs:label "A" ; stsm:dependsOn :b .
:b a stsm:ServiceSystem ; rdfs:label "B" ; stsm:dependsOn :a .
"""


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_json_validates_and_is_the_library_report(store: str) -> None:
    code, out, err = run("analyze", str(EXAMPLE), "--format", "json", "--store", store)
    assert (code, err) == (0, "")
    data = json.loads(out)
    Draft202012Validator(SCHEMA).validate(data)
    expected = analyze(Portfolio.open(EXAMPLE, store=store)).to_json()
    assert data == json.loads(json.dumps(expected))
    assert [u["need"].rsplit("/", 1)[1] for u in data["unmet_needs"]] == [
        "need-cloud-cost-visibility",
        "need-legacy-mailbox",
        "need-ot-security-monitoring",
    ]


def test_text() -> None:
    code, out, err = run("analyze", str(EXAMPLE), "--format", "text")
    assert (code, err) == (0, "")
    assert out.startswith(f"stsm-graph analysis of {EXAMPLE}\n")
    assert "Needs: 26, covered 23 (88%), fully met 22" in out
    for expected in (
        "Control of the cloud bill",
        # the plan actions by their labels, as the services
        "held by Litware Retail Group, Tailspin Health Clinics) — in the pipeline: planned "
        "service Cloud Cost Management; plan actions Add Cloud Cost Management, Offer Cloud "
        "Cost Management to the clinics first",
        "Cut the cost to serve by 10 %: supported by Managed Endpoints and Servers, "
        "24x7 Service Desk",
        "Mailboxes for the legacy order-entry system",
        "Monitor the shop-floor OT network",
        "availability needs >= 99.95 %, best offered 99.9 %\n",
        "Managed Print (svc-managed-print, Active)",
    ):
        assert expected in out
    assert "Integrity" not in out


def test_text_is_the_default_format() -> None:
    assert run("analyze", str(EXAMPLE)) == run("analyze", str(EXAMPLE), "--format", "text")


def test_markdown() -> None:
    code, out, err = run("analyze", str(EXAMPLE), "--format", "markdown")
    assert (code, err) == (0, "")
    assert out.startswith(f"# Traceability analysis: {EXAMPLE}\n")
    assert (
        "| Control of the cloud bill | Litware Retail Group, Tailspin Health Clinics "
        "| Cloud Cost Management | Add Cloud Cost Management, Offer Cloud Cost Management to "
        "the clinics first |" in out
    )
    assert "| Highly available EHR platform | availability | AtLeast | 99.95 | 99.9 | % |  |" in out
    assert "| Managed Print | Active |" in out


@pytest.mark.parametrize(
    ("kinds", "code"),
    [
        ("", 0),
        ("unmet", 1),
        ("partial", 1),
        ("orphans", 1),
        ("integrity", 0),
        ("violations", 0),
        ("warnings", 0),
        ("violations,warnings", 0),
        ("integrity,unmet", 1),
        (" integrity , orphans ", 1),
    ],
)
def test_fail_on_the_example(kinds: str, code: int) -> None:
    got, out, err = run("analyze", str(EXAMPLE), "--fail-on", kinds, "--format", "json")
    found = [k.strip() for k in kinds.split(",") if k.strip() in ("unmet", "partial", "orphans")]
    said = f"stsm-graph: exit 1: --fail-on found {', '.join(found)}\n" if code else ""
    assert (got, err) == (code, said)  # stderr says which kinds failed it, and only then
    json.loads(out)  # the report is printed whatever the exit code


def test_fail_on_violations(tmp_path: Path) -> None:
    path = tmp_path / "cycle.ttl"
    path.write_text(CYCLE, encoding="utf-8")
    assert run("analyze", str(path), "--fail-on", "violations")[0] == 1
    assert run("analyze", str(path), "--fail-on", "integrity")[0] == 1
    assert run("analyze", str(path), "--fail-on", "warnings")[0] == 0
    assert run("analyze", str(path), "--fail-on", "unmet")[0] == 0
    code, out, _err = run("analyze", str(path))
    assert code == 0
    assert "dependency cycle: A -> B -> A" in out


def test_unknown_fail_on_kind_exits_2() -> None:
    code, out, err = run("analyze", str(EXAMPLE), "--fail-on", "unmet,orphan")
    assert code == 2
    assert out == ""
    assert "orphan" in err and "unmet, partial, orphans, violations, warnings, integrity" in err


def test_missing_file_exits_2_with_the_message_on_err(tmp_path: Path) -> None:
    missing = tmp_path / "nope.ttl"
    code, out, err = run("analyze", str(missing), "--format", "json")
    assert code == 2
    assert out == ""
    assert err.startswith("stsm-graph: error:")
    assert "nope.ttl" in err


def test_unknown_format_exits_2_with_the_message_on_err(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run("analyze", str(EXAMPLE), "--format", "xml")
    assert code == 2
    assert out == ""
    assert capsys.readouterr().err == ""
    assert "xml" in err


def test_an_empty_portfolio_is_analysed_with_a_warning(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("base: https://example.org/p/\n", encoding="utf-8")
    code, out, err = run("analyze", str(empty))
    assert code == 0
    assert err == f"stsm-graph: warning: {empty} holds no triples\n"
    assert "Needs: 0" in out


@pytest.mark.parametrize("verb", ["analyze", "view"])
@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("[]\n", "holds no triples"),
        (
            "<urn:x:a> <urn:x:knows> <urn:x:b> .\n"
            "<urn:x:a> a <https://w3id.org/stsm#PropagationDirection> .\n",
            "holds 2 triples but no portfolio: no node is typed with a class of the stsm: "
            "vocabulary",
        ),
    ],
    ids=["json-list", "unrelated-rdf"],
)
def test_a_file_that_holds_no_portfolio_is_named_in_a_warning(
    tmp_path: Path, verb: str, text: str, warning: str
) -> None:
    path = tmp_path / ("data.json" if text.startswith("[") else "data.ttl")
    path.write_text(text, encoding="utf-8")
    extra = ["-o", str(tmp_path / "v.html")] if verb == "view" else []
    code, _, err = run(verb, str(path), *extra)
    assert code == 0
    assert err.startswith(f"stsm-graph: warning: {path} {warning}")


@pytest.mark.parametrize("verb", ["analyze", "view"])
def test_a_portfolio_of_one_typed_node_draws_no_warning(tmp_path: Path, verb: str) -> None:
    path = tmp_path / "one.ttl"
    path.write_text("<urn:x:e> a <https://w3id.org/stsm#MarketTrend> .\n", encoding="utf-8")
    extra = ["-o", str(tmp_path / "v.html")] if verb == "view" else []
    code, _, err = run(verb, str(path), *extra)
    assert (code, err) == (0, "")
