"""``stsm-graph init``: the starter portfolio validates and analyses cleanly, on every store,
and says in a comment what goes in each section."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_runner import run

from stsm_graph.analysis import FINDING_KINDS, service_catalog
from stsm_graph.authoring import model
from stsm_graph.authoring.starter import STARTER_NAME, starter_text, write_starter
from stsm_graph.errors import OutputError


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    code, out, err = run("init", str(tmp_path / "mine"))
    assert (code, err) == (0, "")
    path = tmp_path / "mine" / STARTER_NAME
    assert out == f"wrote {path}: a starter portfolio to edit; try 'stsm-graph validate {path}'\n"
    return path


def test_the_starter_validates_without_a_violation_or_a_warning(starter: Path) -> None:
    code, out, err = run("validate", str(starter), "--format", "json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["conforms"] is True
    assert "0 violations, 0 warnings" in run("validate", str(starter))[1]


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_the_starter_analyses_with_no_finding(starter: Path, store: str) -> None:
    code, out, err = run(
        "analyze",
        str(starter),
        "--store",
        store,
        "--format",
        "json",
        "--fail-on",
        ",".join(FINDING_KINDS),
    )
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["unmet_needs"] == report["orphaned_services"] == report["integrity"] == []
    assert report["partially_met_needs"] == []
    assert report["coverage"]["portfolio"]["fully_met"] == 2


def test_the_starter_holds_what_the_issue_asks_for_and_gives_a_catalog(starter: Path) -> None:
    from stsm_graph import Portfolio

    p = Portfolio.open(starter)
    doc = p.to_document()
    assert len(doc.customers) == 1 and len(doc.needs) >= 1 and len(doc.objectives) == 1
    assert len(doc.services) == 2 and all(s.has_service_level for s in doc.services)
    assert doc.service_systems and doc.catalogs and doc.agreements
    catalog = service_catalog(p, audience="customer")
    assert all(s.described for s in catalog.services())


def test_every_section_says_in_a_comment_what_goes_there() -> None:
    text = starter_text()
    sections = re.findall(r"^(\w+):\n", text, re.M)
    assert sections and set(sections) <= set(model.SECTIONS)
    for section in sections:
        before = text.split(f"\n{section}:\n", 1)[0].rstrip("\n").splitlines()[-1]
        assert before.startswith("# "), section


def test_an_existing_portfolio_is_kept_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / STARTER_NAME
    target.write_text("# mine\n", "utf-8")
    with pytest.raises(OutputError, match="there already; give --force"):
        write_starter(tmp_path)
    assert target.read_text("utf-8") == "# mine\n"
    assert write_starter(tmp_path, force=True) == target
    assert target.read_text("utf-8") == starter_text()
