"""``validate`` and ``analyze`` see the same problems: one command is enough (issue 15, item 5).

``analyze`` reports the SHACL shapes' violations among its integrity findings (by default for
portfolios of up to ``SHAPES_LIMIT`` triples; ``--shapes`` / ``--no-shapes`` decide), and
``validate`` runs the integrity rules no shape states.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run
from jsonschema import Draft202012Validator

from stsm_graph import Portfolio
from stsm_graph.analysis import analyze

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE = ROOT / "examples" / "northwind-it-services.ttl"
SCHEMA = json.loads((ROOT / "docs" / "analyze.schema.json").read_text("utf-8"))
EX = "https://example.org/t/"
PREFIXES = (
    "@prefix stsm: <https://w3id.org/stsm#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    f"@prefix : <{EX}> .\n"
)
#: an agreement committing to another service's level: a rule no shape states
MISMATCH = (
    PREFIXES
    + """
:c a stsm:Customer ; rdfs:label "C" .
:a a stsm:StandardService ; rdfs:label "A" ; stsm:hasServiceLevel :la .
:b a stsm:StandardService ; rdfs:label "B" ; stsm:hasServiceLevel :lb .
:la a stsm:ServiceLevel ; rdfs:label "LA" ; stsm:metric "rto" ; stsm:targetValue 4 ;
    stsm:comparator stsm:AtMost .
:lb a stsm:ServiceLevel ; rdfs:label "LB" ; stsm:metric "rto" ; stsm:targetValue 8 ;
    stsm:comparator stsm:AtMost .
:agr a stsm:ServiceAgreement ; rdfs:label "Agr" ; stsm:withCustomer :c ; stsm:forService :a ;
    stsm:commitsTo :lb .
"""
)
#: a link to the wrong kind of entity: a shape states it, no integrity rule does
WRONG_KIND = str(FIXTURES / "invalid_link_object_class.ttl")


@pytest.fixture
def mismatch(tmp_path: Path) -> str:
    path = tmp_path / "mismatch.ttl"
    path.write_text(MISMATCH, encoding="utf-8")
    return str(path)


def test_validate_reports_an_integrity_violation_no_shape_states(mismatch: str) -> None:
    code, out, err = run("validate", mismatch)
    assert (code, err) == (1, "")
    assert "SHACL: conforms (0 violations" in out
    assert "Integrity rules: 1 violation, 2 warnings (beyond the shapes)" in out
    assert "  violation agr [agreement-level-mismatch]: agreement 'Agr' commits to" in out
    assert out.rstrip().endswith("Portfolio: does NOT conform")


def test_validate_json_lists_the_integrity_findings(mismatch: str) -> None:
    code, out, _ = run("validate", mismatch, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert (data["conforms"], data["shacl_conforms"]) == (False, True)
    rules = [(f["rule"], f["node"]) for f in data["integrity"] if f["severity"] == "violation"]
    assert rules == [("agreement-level-mismatch", EX + "agr")]
    # no finding is said twice: the completeness warnings are the shapes' own
    assert {f["rule"] for f in data["integrity"]} == {"agreement-level-mismatch", "not-in-catalog"}


def test_validate_of_the_example_still_conforms() -> None:
    code, out, _ = run("validate", str(EXAMPLE))
    assert code == 0
    assert "Integrity rules: 0 violations, 0 warnings" in out
    assert out.rstrip().endswith("Portfolio: conforms")


def test_analyze_reports_a_link_to_the_wrong_kind() -> None:
    code, out, err = run("analyze", WRONG_KIND, "--fail-on", "violations")
    assert (code, err) == (1, "stsm-graph: exit 1: --fail-on found violations\n")
    assert (
        "  - [shape-violation] 'Service': stsm:addresses Capability: The object of "
        "stsm:addresses must be a need." in out
    )


def test_analyze_json_carries_the_shape_violation(tmp_path: Path) -> None:
    code, out, _ = run("analyze", WRONG_KIND, "--format", "json")
    assert code == 0
    data = json.loads(out)
    Draft202012Validator(SCHEMA).validate(data)
    assert data["shapes_checked"] is True
    (found,) = [f for f in data["integrity"] if f["rule"] == "shape-violation"]
    assert (found["severity"], found["node"]) == ("violation", "https://example.org/p/svc")
    assert found["related"] == ["https://example.org/p/cap"]


def test_analyze_without_the_shapes_says_so() -> None:
    code, out, _ = run("analyze", WRONG_KIND, "--no-shapes", "--fail-on", "violations")
    assert code == 0
    assert "shape-violation" not in out
    assert "SHACL shapes not checked (not asked for): run stsm-graph validate" in out
    data = json.loads(run("analyze", WRONG_KIND, "--no-shapes", "--format", "json")[1])
    assert data["shapes_checked"] is False


def test_a_portfolio_over_the_limit_is_analysed_without_the_shapes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from stsm_graph.analysis import shapes

    p = Portfolio.open(WRONG_KIND)
    assert analyze(p).shapes_checked
    monkeypatch.setattr(shapes, "SHAPES_LIMIT", len(p) - 1)
    report = analyze(p)
    assert not report.shapes_checked
    assert "shape-violation" not in {f.rule for f in report.integrity}
    assert analyze(p, shapes=True).shapes_checked  # asked for: checked whatever the size
    code, out, _ = run("analyze", WRONG_KIND)
    assert code == 0
    assert f"SHACL shapes not checked ({len(p)} triples, over {len(p) - 1:,}): run" in out


def test_the_example_json_is_unchanged_but_for_shapes_checked() -> None:
    """The bundled example conforms: its report gains ``shapes_checked`` and nothing else."""
    p = Portfolio.open(EXAMPLE)
    checked, unchecked = analyze(p, shapes=True).to_json(), analyze(p, shapes=False).to_json()
    assert checked.pop("shapes_checked") is True
    assert unchecked.pop("shapes_checked") is False
    assert checked == unchecked


def test_validate_names_nodes_as_the_reader_wrote_them(tmp_path: Path) -> None:
    """Label and id for a node and for the value at fault, prefixed names for properties;
    a node without a label by its id; the JSON keeps the IRIs."""
    code, out, _ = run("validate", WRONG_KIND)
    assert code == 1
    assert (
        "  violation 'Service' (ex:svc) stsm:addresses 'Capability' (ex:cap): "
        "The object of stsm:addresses must be a need." in out.splitlines()
    )
    path = tmp_path / "unlabelled.ttl"
    path.write_text(PREFIXES + ":s a stsm:StandardService .\n", encoding="utf-8")
    code, out, _ = run("validate", str(path))
    assert "  violation s rdfs:label: Every instance needs a name: at least one rdfs:label." in (
        out.splitlines()
    )
    data = json.loads(run("validate", WRONG_KIND, "--format", "json")[1])
    assert {r["focus_node"] for r in data["results"]} >= {"https://example.org/p/svc"}


def test_validate_never_shows_two_nodes_alike(tmp_path: Path) -> None:
    """Two nodes with one label and one local name are told apart by how the file wrote them."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "base: https://example.org/p/\nprefixes: {ex: 'https://example.org/x/'}\n"
        "agreements:\n"
        "  - {id: team/agr, label: Agreement}\n"
        "  - {id: 'ex:agr', label: Agreement}\n",
        encoding="utf-8",
    )
    code, out, _ = run("validate", str(path))
    assert code == 1
    shown = {line.split(" stsm:")[0].split()[-1] for line in out.splitlines() if "(" in line}
    assert {"(team/agr)", "(ex:agr)"} <= shown
