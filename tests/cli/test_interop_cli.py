"""``stsm-graph import`` and ``export`` end to end, through the real command line.

The commands live in :mod:`stsm_graph.cli.interop`; these tests run once ``add_parsers`` is
wired into the ``stsm-graph`` parser (they skip, saying so, while it is not).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from stsm_graph import Portfolio
from stsm_graph.cli import main

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "fixtures" / "archimate" / "valid_v31_small.xml"
ARCHISURANCE = ROOT / "examples" / "archisurance" / "archisurance.xml"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _wired() -> bool:
    """Whether ``import`` is a command of the real ``stsm-graph`` parser."""
    return run("import", "--help")[0] == 0


pytestmark = pytest.mark.skipif(
    not _wired(), reason="stsm_graph.cli.interop.add_parsers is not wired into stsm-graph yet"
)


@pytest.mark.parametrize("suffix", [".ttl", ".yaml", ".json", ".nt", ".jsonld"])
def test_import_writes_the_portfolio_and_the_report(suffix: str, tmp_path: Path) -> None:
    target = tmp_path / f"p{suffix}"
    code, out, err = run("import", "archimate", str(SMALL), "-o", str(target), "--base", "urn:x:")
    assert (code, err) == (0, "")
    assert "from an ArchiMate 3.x model of 15 elements and 17 relationships" in out
    assert "; 12 relationships used" in out
    assert "not mapped: 2 elements: BusinessObject 1, Principle 1" in out
    assert "not mapped: 5 relationships: Access 1, Association 2, Flow 1, Influence 1" in out
    p = Portfolio.open(target)
    assert p.summary()["StandardService"] == 3
    assert p.label("urn:x:svc-hosting") == "Hosting"


def test_analyze_answers_on_imported_archisurance(tmp_path: Path) -> None:
    target = tmp_path / "archisurance.ttl"
    assert run("import", "archimate", str(ARCHISURANCE), "-o", str(target))[0] == 0
    code, out, _ = run("analyze", str(target), "--format", "json")
    assert code == 0
    assert '"Claims Payment Service"' in out
    code, out, _ = run("impact", str(target), "Mainframe")
    assert code == 0 and "Claims Payment Service" in out


def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(
        '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m"><elements>'
        '<element identifier="w1" xsi:type="BusinessWidget"/></elements></model>',
        encoding="utf-8",
    )
    target = tmp_path / "p.ttl"
    code, out, err = run("import", "archimate", str(bad), "-o", str(target))
    assert (code, out) == (2, "")
    assert err.startswith("stsm-graph: error: ") and "'w1'" in err and "BusinessWidget" in err
    assert not target.exists()


def test_export_then_import(tmp_path: Path) -> None:
    model = tmp_path / "model.xml"
    code, out, err = run(
        "export",
        "archimate",
        str(ROOT / "examples" / "northwind-it-services.yaml"),
        "-o",
        str(model),
    )
    assert (code, err) == (0, "")
    assert "with one view" in out
    back = tmp_path / "back.ttl"
    assert run("import", "archimate", str(model), "-o", str(back))[0] == 0
    assert Portfolio.open(back).summary()["StandardService"] == 14


def test_import_cpsv(tmp_path: Path) -> None:
    target = tmp_path / "catalogue.yaml"
    catalogue = ROOT / "tests" / "fixtures" / "cpsv" / "valid_blank_nodes.ttl"
    code, out, err = run("import", "cpsv", str(catalogue), "-o", str(target))
    assert (code, err) == (0, "")
    assert "from a CPSV-AP catalogue" in out and "blank nodes given IRIs: 6" in out
    assert Portfolio.open(target).summary()["StandardService"] == 2


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("import", "visio", str(SMALL), "-o", str(tmp_path / "p.ttl"))
    assert code == 2 and "invalid choice" in err
