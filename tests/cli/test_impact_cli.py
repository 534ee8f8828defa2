"""``stsm-graph impact``: formats, the JSON contract, ``--retire``, ``--depth`` and errors."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run
from jsonschema import Draft202012Validator, ValidationError

from stsm_graph import Portfolio
from stsm_graph.analysis import impact

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "northwind-it-services.yaml"
SCHEMA = json.loads((ROOT / "docs" / "impact.schema.json").read_text("utf-8"))
NW = "https://example.org/northwind/"
S = "https://w3id.org/stsm#"
BACKUP = "svc-managed-backup"
DC = NW + "comp-dc-reading"


def as_json(*argv: str) -> dict[str, Any]:
    code, out, err = run("impact", str(EXAMPLE), *argv, "--format", "json")
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    Draft202012Validator(SCHEMA).validate(data)
    return data


def library(nodes: list[str], store: str = "oxigraph", **kw: Any) -> dict[str, Any]:
    report = impact(Portfolio.open(EXAMPLE, store=store), nodes, **kw)
    data: dict[str, Any] = json.loads(json.dumps(report.to_json()))
    return data


# --------------------------------------------------------------------------- the schema


def test_schema_is_a_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_rejects_what_the_contract_does_not_allow() -> None:
    good = as_json(DC, "--retire")
    validator = Draft202012Validator(SCHEMA)
    validator.validate(good)
    broken = []
    missing_step = copy.deepcopy(good)
    del missing_step["affected"][0]["backwards"]
    broken.append(missing_step)
    zero_distance = copy.deepcopy(good)
    zero_distance["affected"][0]["distance"] = 0
    broken.append(zero_distance)
    half_what_if = copy.deepcopy(good)
    del half_what_if["coverage_after"]
    broken.append(half_what_if)
    bad_ratio = copy.deepcopy(good)
    bad_ratio["coverage_before"]["portfolio"]["ratio"] = 1.5
    broken.append(bad_ratio)
    no_summary = copy.deepcopy(good)
    del no_summary["summary"]["customers_via_need"]
    broken.append(no_summary)
    for doc in broken:
        with pytest.raises(ValidationError):
            validator.validate(doc)


# --------------------------------------------------------------------------- svc-managed-backup


def test_json_validates_and_is_the_library_report() -> None:
    data = as_json(BACKUP)
    assert data == library([BACKUP])
    assert set(data) == {"changed", "affected", "by_class", "summary"}
    assert data["changed"] == [NW + BACKUP]
    first = {a["node"]: a for a in data["affected"]}
    assert first[NW + "svc-disaster-recovery"] == {
        "node": NW + "svc-disaster-recovery",
        "label": "Disaster Recovery as a Service",
        "type": S + "StandardService",
        "distance": 1,
        "path": [NW + BACKUP, NW + "svc-disaster-recovery"],
        "via": [S + "dependsOn"],
        "backwards": [True],
    }
    woodgrove = first[NW + "cust-woodgrove-cu"]
    assert woodgrove["distance"] == 3
    assert woodgrove["path"] == [
        NW + BACKUP,
        NW + "svc-disaster-recovery",
        NW + "need-tested-dr",
        NW + "cust-woodgrove-cu",
    ]
    assert woodgrove["via"] == [S + "dependsOn", S + "addresses", S + "hasNeed"]
    assert woodgrove["backwards"] == [True, False, True]
    summary = data["summary"]
    assert (summary["affected"], summary["services"], summary["customers"]) == (23, 1, 4)
    assert (summary["agreements"], summary["needs"], summary["objectives"]) == (3, 4, 1)
    assert [c[len(NW) :] for c in summary["customers_via_agreement"]] == [
        "cust-contoso-legal",
        "cust-fabrikam",
        "cust-tailspin-health",
    ]
    for a in data["affected"]:
        assert a["path"][0] == NW + BACKUP and a["path"][-1] == a["node"]
        assert len(a["path"]) == a["distance"] + 1 == len(a["via"]) + 1


def test_text() -> None:
    code, out, err = run("impact", str(EXAMPLE), BACKUP)
    assert (code, err) == (0, "")
    assert out.startswith(f"Impact of changing Managed Backup ({BACKUP}) in {EXAMPLE}\n")
    for line in (
        "Affected: 23 nodes, among them 1 service, 3 agreements, 4 customers, 4 needs, 1 objective",
        "Customers through an agreement: 3; through a need: 4",
        "Customer (4):",
        "  1  Disaster Recovery as a Service: svc-managed-backup <-dependsOn- "
        "Disaster Recovery as a Service",
        "  3  Woodgrove Credit Union: svc-managed-backup <-dependsOn- Disaster Recovery as a "
        "Service -addresses-> A tested disaster-recovery plan <-hasNeed- Woodgrove Credit Union",
    ):
        assert line in out.splitlines(), line
    assert "If retired" not in out


def test_text_is_the_default_format_and_the_same_on_every_store() -> None:
    default = run("impact", str(EXAMPLE), BACKUP)
    assert default == run("impact", str(EXAMPLE), BACKUP, "--format", "text")
    assert default == run("impact", str(EXAMPLE), BACKUP, "--store", "memory")


def test_markdown() -> None:
    code, out, err = run("impact", str(EXAMPLE), BACKUP, "--format", "markdown")
    assert (code, err) == (0, "")
    assert out.startswith(f"# Impact of changing Managed Backup ({BACKUP}): {EXAMPLE}\n")
    lines = out.splitlines()
    assert "| distance | node | class | path |" in lines
    assert (
        "| 1 | Disaster Recovery as a Service | StandardService | "
        "svc-managed-backup → svc-disaster-recovery |" in lines
    )
    assert (
        "| 3 | Woodgrove Credit Union | Customer | svc-managed-backup → svc-disaster-recovery → "
        "need-tested-dr → cust-woodgrove-cu |" in lines
    )
    assert "## If retired" not in out


@pytest.mark.parametrize(
    "name",
    [BACKUP, NW + BACKUP, f"<{NW}{BACKUP}>", "Managed Backup"],
)
def test_node_names(name: str) -> None:
    assert as_json(name) == as_json(BACKUP)


def test_several_nodes() -> None:
    data = as_json(BACKUP, "comp-dc-slough")
    assert data == library([BACKUP, "comp-dc-slough"])
    assert data["changed"] == [NW + "comp-dc-slough", NW + BACKUP]
    for a in data["affected"]:
        assert a["path"][0] in data["changed"]


# --------------------------------------------------------------------------- --retire


def test_retire_json() -> None:
    data = as_json(DC, "--retire")
    assert data == library([DC], retire=True)
    for key in (
        "taken_out_of_service",
        "newly_unmet_needs",
        "lost_full_level_needs",
        "newly_orphaned_services",
        "coverage_before",
        "coverage_after",
    ):
        assert key in data
    services = {a["node"] for a in data["affected"] if a["type"] == S + "StandardService"}
    # only services in service can be taken out of it: not the planned FinOps, not the
    # retired Hosted Exchange
    assert set(data["taken_out_of_service"]) == services - {
        NW + "svc-finops",
        NW + "svc-hosted-exchange",
    }
    before, after = data["coverage_before"]["portfolio"], data["coverage_after"]["portfolio"]
    assert (before["needs"], before["covered"], before["objectives_supported"]) == (26, 23, 5)
    assert (after["needs"], after["covered"], after["objectives_supported"]) == (26, 0, 0)
    assert len(data["newly_unmet_needs"]) == 23
    assert {"need": NW + "need-tested-dr", "label": "A tested disaster-recovery plan"} in data[
        "newly_unmet_needs"
    ]
    assert all(s["covered"] == 0 for s in data["coverage_after"]["stakeholders"])


def test_retire_json_is_the_same_on_every_store() -> None:
    # the memory store walks the example slowly (see the report), so two links deep only
    memory = as_json(DC, "--retire", "--depth", "2", "--store", "memory")
    assert memory == as_json(DC, "--retire", "--depth", "2", "--store", "oxigraph")
    assert memory["affected"] and memory["taken_out_of_service"]


def test_retire_text() -> None:
    code, out, err = run("impact", str(EXAMPLE), DC, "--retire")
    assert (code, err) == (0, "")
    data = as_json(DC, "--retire")
    assert out.startswith(
        f"Impact of changing and retiring Reading data centre (comp-dc-reading) in {EXAMPLE}\n"
    )
    lines = out.splitlines()
    taken = len(data["taken_out_of_service"])
    assert (
        f"If retired: {taken} service{'' if taken == 1 else 's'} taken out of service; "
        "needs covered 23 of 26 -> 0 of 26, fully met 22 -> 0; objectives supported 5 -> 0" in lines
    )
    assert "  - Managed Backup (svc-managed-backup)" in lines
    assert "Needs that become unmet (23):" in lines
    assert "  - A tested disaster-recovery plan (need-tested-dr)" in lines
    assert "Coverage by stakeholder that changes (before -> after):" in lines
    assert (
        "  - Contoso Legal LLP: 100% (3 of 3 needs) -> 0% (0 of 3 needs); 3 needs become unmet"
        in lines
    )
    assert "  1  Hypervisor cluster: comp-dc-reading <-dependsOn- Hypervisor cluster" in lines


def test_retire_markdown() -> None:
    code, out, err = run("impact", str(EXAMPLE), DC, "--retire", "--format", "markdown")
    assert (code, err) == (0, "")
    assert out.startswith(
        f"# Impact of changing and retiring Reading data centre (comp-dc-reading): {EXAMPLE}\n"
    )
    lines = out.splitlines()
    assert "## If retired" in lines
    assert "```" not in lines  # tables, not a code block
    assert "| Managed Backup | svc-managed-backup |" in lines  # labelled here too
    assert (
        "- needs that become unmet: 23; that lose their full level: 0; services that become "
        "orphaned: 0" in lines
    )
    assert "| Contoso Legal LLP | 100% (3 of 3 needs) | 0% (0 of 3 needs) | 3 |" in lines
    assert "| 1 | Hypervisor cluster | ServiceSystemComponent |" in out


def test_retire_leaves_the_file_unchanged() -> None:
    before = EXAMPLE.read_bytes()
    run("impact", str(EXAMPLE), DC, "--retire")
    assert EXAMPLE.read_bytes() == before


# --------------------------------------------------------------------------- --depth


@pytest.mark.parametrize("depth", [1, 2])
def test_depth_limits_distances(depth: int) -> None:
    data = as_json(DC, "--depth", str(depth))
    assert data["affected"]
    assert {a["distance"] for a in data["affected"]} == set(range(1, depth + 1))
    full = as_json(DC)
    assert data["affected"] == [a for a in full["affected"] if a["distance"] <= depth]
    assert data == library([DC], max_depth=depth)


def test_depth_one_text() -> None:
    code, out, err = run("impact", str(EXAMPLE), BACKUP, "--depth", "1")
    assert (code, err) == (0, "")
    assert "Affected within 1 link: 10 nodes" in out
    assert "Woodgrove" not in out


@pytest.mark.parametrize("depth", ["0", "-1"])
def test_depth_below_one_is_a_usage_error(depth: str) -> None:
    code, out, err = run("impact", str(EXAMPLE), BACKUP, "--depth", depth)
    assert (code, out) == (2, "")
    assert err == "stsm-graph: error: --depth takes a whole number of links, 1 or more\n"


def test_depth_must_be_a_number() -> None:
    code, out, err = run("impact", str(EXAMPLE), BACKUP, "--depth", "two")
    assert (code, out) == (2, "")
    assert "--depth" in err and "invalid int value" in err


# --------------------------------------------------------------------------- errors


def test_unknown_node_exits_2_with_near_matches() -> None:
    code, out, err = run("impact", str(EXAMPLE), "svc-managed-bakup")
    assert (code, out) == (2, "")
    assert err.startswith(
        "stsm-graph: error: svc-managed-bakup is not a node of this portfolio; did you mean "
    )
    assert "did you mean svc-managed-backup (Managed Backup), " in err  # short names
    assert err.endswith("?\n")


def test_unknown_node_by_label_lists_labels() -> None:
    code, out, err = run("impact", str(EXAMPLE), "Manged Bakup", "--format", "json")
    assert (code, out) == (2, "")
    assert "did you mean svc-managed-backup (Managed Backup)," in err


def test_one_unknown_node_among_several_fails_the_command() -> None:
    code, out, err = run("impact", str(EXAMPLE), BACKUP, "no-such-node-at-all")
    assert (code, out) == (2, "")
    assert "no-such-node-at-all is not a node of this portfolio" in err


def test_missing_portfolio_file() -> None:
    code, out, err = run("impact", str(ROOT / "no-such-file.yaml"), BACKUP)
    assert (code, out) == (2, "")
    assert err.startswith("stsm-graph: error: ")


def test_no_node_is_a_usage_error() -> None:
    code, out, err = run("impact", str(EXAMPLE))
    assert (code, out) == (2, "")
    assert err.startswith("stsm-graph: error: ") or "usage:" in err
