"""The report site: its figures are analyze's, every finding is on it, its files agree.

The page is read back through its ``data-figure`` and ``data-node`` attributes and its text;
``report.json`` is compared with ``analyze --format json``; the workbook with the CSVs.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cli_runner import run
from openpyxl import load_workbook

from stsm_graph.common import folders
from stsm_graph.errors import OutputError
from stsm_graph.report.phrases import pct

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "northwind-it-services.yaml"
EVIL = "<script>alert(1)</script>'&"

#: findings of every kind: unmet and partially met needs, an orphan, integrity warnings and
#: shape violations (a link to the wrong kind of thing, a missing label, a negative target)
FLAWED = f"""
@prefix stsm: <https://w3id.org/stsm#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/p/> .
ex:c a stsm:Customer ; rdfs:label "Contoso" ; stsm:hasNeed ex:n1, ex:n2, ex:n3 .
ex:n1 a stsm:Need ; rdfs:label "{EVIL}" .
ex:n2 a stsm:Need ; rdfs:label "Restores" ; stsm:requiresLevel ex:req .
ex:n3 a stsm:Need ; rdfs:label "Mail" .
ex:req a stsm:LevelRequirement ; rdfs:label "Availability" ; stsm:metric "availability" ;
    stsm:comparator stsm:AtLeast ; stsm:targetValue 99.9 ; stsm:unit "percent" .
ex:bk a stsm:StandardService ; rdfs:label "Backup" ; stsm:addresses ex:n2, ex:cap ;
    stsm:hasServiceLevel ex:lvl, ex:avail .
ex:avail a stsm:ServiceLevel ; rdfs:label "Backup availability" ; stsm:metric "availability" ;
    stsm:comparator stsm:AtLeast ; stsm:targetValue 99.0 ; stsm:unit "percent" .
ex:lvl a stsm:ServiceLevel ; rdfs:label "Backup restore" ; stsm:metric "restore time" ;
    stsm:comparator stsm:AtMost ; stsm:targetValue -8 ; stsm:unit "hours" .
ex:cap a stsm:Capability ; rdfs:label "Storage" .
ex:lonely a stsm:StandardService ; rdfs:label "Lonely" .
ex:nameless a stsm:StandardService ; stsm:addresses ex:n3 .
"""


class _Reader(HTMLParser):
    """Collects the page's figures, finding rows and visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, str] = {}
        self.findings: set[tuple[str, str]] = set()
        self.text: list[str] = []
        self._figure: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("data-figure"):
            self._figure = a["data-figure"]
            self.figures[self._figure or ""] = ""
        if a.get("data-finding"):
            self.findings.add((a["data-finding"] or "", a.get("data-node") or ""))

    def handle_endtag(self, tag: str) -> None:
        self._figure = None

    def handle_data(self, data: str) -> None:
        if self._figure is not None:
            self.figures[self._figure] += data
        self.text.append(data)


def _said(message: str, text: str) -> None:
    """Assert that ``message`` is on the page (its IRIs written as names there)."""
    for part in re.split(r"(?:https?|urn):[^\s'\"<>()]*[^\s'\"<>().,;:]", message):
        assert part in text, (part, message)


def _read(page: Path) -> _Reader:
    reader = _Reader()
    reader.feed(page.read_text("utf-8"))
    return reader


def _site(portfolio: Path, out: Path, *flags: str) -> Path:
    code, _stdout, err = run("report", str(portfolio), "-o", str(out), *flags)
    assert code == 0, err
    return out


@pytest.fixture(scope="module", params=["example", "flawed"])
def case(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp(request.param)
    source = EXAMPLE
    if request.param == "flawed":
        source = tmp / "flawed.ttl"
        source.write_text(FLAWED, "utf-8")
    return source, _site(source, tmp / "report")


def test_report_json_is_analyze_json(case: tuple[Path, Path]) -> None:
    source, site = case
    code, out, _err = run("analyze", str(source), "--shapes", "--format", "json")
    assert code == 0
    assert (site / "report.json").read_text("utf-8") == out


def test_the_shapes_are_checked_past_analyzes_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``analyze`` checks the shapes only up to a size; the report at any size, unless told."""
    monkeypatch.setattr("stsm_graph.analysis.shapes.SHAPES_LIMIT", 10)
    source = tmp_path / "flawed.ttl"
    source.write_text(FLAWED, "utf-8")
    data = json.loads(run("analyze", str(source), "--format", "json")[1])
    assert not data["shapes_checked"]
    for flag, checked in (("--shapes", True), ("--no-shapes", False)):
        site = _site(source, tmp_path / flag, flag)
        written = json.loads((site / "report.json").read_text("utf-8"))
        assert written["shapes_checked"] is checked
        kinds = {f["rule"] for f in written["integrity"]}
        assert ("shape-violation" in kinds) is checked
        assert ("SHACL shapes were not checked" in (site / "index.html").read_text()) != checked


def test_the_page_figures_are_analyze_figures(case: tuple[Path, Path]) -> None:
    source, site = case
    data = json.loads(run("analyze", str(source), "--format", "json")[1])
    figures = _read(site / "index.html").figures
    cov = data["coverage"]
    expected = {f"portfolio.{k}": str(v) for k, v in cov["portfolio"].items() if k != "ratio"}
    expected["portfolio.ratio"] = pct(cov["portfolio"]["ratio"])
    for s in cov["stakeholders"]:
        for k in ("needs", "covered", "fully_met"):
            expected[f"stakeholder.{s['stakeholder']}.{k}"] = str(s[k])
        expected[f"stakeholder.{s['stakeholder']}.ratio"] = pct(s["ratio"])
    for o in cov["objectives"]:
        expected[f"objective.{o['objective']}.supported"] = "yes" if o["supported"] else "no"
    for line in cov["service_lines"]:
        for k in ("services", "active_services", "needs_covered", "objectives_supported"):
            expected[f"line.{line['service_line']}.{k}"] = str(len(line[k]))
    for k in ("unmet_needs", "partially_met_needs", "orphaned_services", "integrity"):
        expected[f"count.{k}"] = str(len(data[k]))
    assert figures == expected


def test_every_finding_of_analyze_is_on_the_page(case: tuple[Path, Path]) -> None:
    source, site = case
    data = json.loads(run("analyze", str(source), "--format", "json")[1])
    page = _read(site / "index.html")
    text = " ".join(page.text)
    if source != EXAMPLE:  # findings of every kind, so this test can fail
        assert all(data[k] for k in ("unmet_needs", "partially_met_needs", "orphaned_services"))
    wanted = {("unmet", u["need"]) for u in data["unmet_needs"]}
    wanted |= {("partial", n["need"]) for n in data["partially_met_needs"]}
    wanted |= {("orphan", o["service"]) for o in data["orphaned_services"]}
    wanted |= {("integrity", f["node"]) for f in data["integrity"]}
    assert wanted <= page.findings
    for f in data["integrity"]:
        _said(f["message"], text)


def test_every_violation_of_validate_is_on_the_page(case: tuple[Path, Path]) -> None:
    source, site = case
    _code, out, _err = run("validate", str(source), "--format", "json")
    data = json.loads(out)
    page = _read(site / "index.html")
    text = " ".join(page.text)
    violations = [r for r in data["results"] if r["severity"] == "violation"]
    violations += [f for f in data["integrity"] if f["severity"] == "violation"]
    if source != EXAMPLE:  # the flawed portfolio has some of each, so these tests can fail
        assert violations

    for v in violations:
        node = v.get("focus_node") or v["node"]
        assert ("integrity", node) in page.findings, v
        _said(v["message"], text)


def test_labels_where_a_person_reads_iris_only_in_tooltips(case: tuple[Path, Path]) -> None:
    _source, site = case
    text = " ".join(_read(site / "index.html").text)
    assert "https://example.org/" not in text
    assert "w3id.org" not in text


def test_a_hostile_label_is_text(tmp_path: Path) -> None:
    source = tmp_path / "flawed.ttl"
    source.write_text(FLAWED, "utf-8")
    site = _site(source, tmp_path / "r")
    page = (site / "index.html").read_text("utf-8")
    assert "<script>alert" not in page
    assert EVIL in " ".join(_read(site / "index.html").text)
    assert "<script" not in page.lower()  # the page runs nothing at all


def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8"))))


def test_the_workbook_holds_the_cells_of_the_csvs(case: tuple[Path, Path]) -> None:
    _source, site = case
    book = load_workbook(site / "matrices.xlsx")
    names = {
        "Needs x services": "needs-x-services.csv",
        "Objectives x services": "objectives-x-services.csv",
        "Stakeholders x services": "stakeholders-x-services.csv",
    }
    assert book.sheetnames == list(names)
    for sheet, file in names.items():
        rows = _csv(site / file)
        width = max(len(r) for r in rows)
        cells = [
            [("" if c is None else str(c)) for c in row]
            for row in book[sheet].iter_rows(max_col=width, values_only=True)
        ]
        assert cells == rows


def test_matrix_command_writes_what_the_report_writes(
    case: tuple[Path, Path], tmp_path: Path
) -> None:
    source, site = case
    for rows in ("needs", "objectives", "stakeholders"):
        code, out, _err = run("matrix", str(source), "--rows", rows)
        assert code == 0
        assert out == (site / f"{rows}-x-services.csv").read_text("utf-8")


def test_a_failure_half_way_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[str] = []
    real = folders._write

    def failing(folder: Path, name: str, content: str | bytes) -> None:
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(name)
        real(folder, name, content)

    monkeypatch.setattr(folders, "_write", failing)
    code, out, err = run("report", str(EXAMPLE), "-o", str(tmp_path / "r"))
    assert code == 2
    assert out == ""
    assert err == f"stsm-graph: error: cannot write {tmp_path / 'r'}: No space left on device\n"
    assert list(tmp_path.iterdir()) == []


def test_a_failure_keeps_an_earlier_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(EXAMPLE, tmp_path / "r")
    before = {p.name: p.read_bytes() for p in site.iterdir()}

    def failing(folder: Path, name: str, content: str | bytes) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(folders, "_write", failing)
    assert run("report", str(EXAMPLE), "-o", str(site))[0] == 2
    assert {p.name: p.read_bytes() for p in site.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["r"]


def test_a_folder_refused_is_said_by_the_writer_too(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(OutputError, match="not empty and holds no earlier report"):
        folders.write_folder_atomically(tmp_path / "mine", {"index.html": "x"})
    with pytest.raises(ValueError, match="not a file inside the folder"):
        folders.write_folder_atomically(tmp_path / "new", {"../escape": "x"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_only_on_a_terminal_and_only_on_stderr(tmp_path: Path) -> None:
    from stsm_graph.cli import main

    out, err = io.StringIO(), _Terminal()
    assert main(["report", str(EXAMPLE), "-o", str(tmp_path / "r")], out=out, err=err) == 0
    assert "report:" in err.getvalue() and "step" in err.getvalue()
    assert out.getvalue().splitlines()[1] == f"wrote the report to {tmp_path / 'r' / 'index.html'}"
    assert len(out.getvalue().splitlines()) == 2
    code, _out, plain = run("report", str(EXAMPLE), "-o", str(tmp_path / "r"))
    assert (code, plain) == (0, "")
