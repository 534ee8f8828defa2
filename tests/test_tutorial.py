"""The tutorial's hand-written portfolio and the messages it shows are what the tool says."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from cli_runner import run

TUTORIAL = Path(__file__).resolve().parent.parent / "docs" / "tutorial.md"


def _blocks(kind: str) -> list[str]:
    """The fenced blocks of the tutorial whose info string is ``kind`` ("" for a plain one)."""
    fenced = re.findall(r"^```(\w*)\n(.*?)^```$", TUTORIAL.read_text(encoding="utf-8"), re.M | re.S)
    return [body for info, body in fenced if info == kind]


def _words(text: str) -> list[str]:
    return text.split()


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """The tutorial's YAML document, written as portfolio.yaml in a fresh folder."""
    (document,) = _blocks("yaml")
    path = tmp_path / "portfolio.yaml"
    path.write_text(document, encoding="utf-8")
    return path


def test_the_hand_written_portfolio_loads_and_is_fully_met(portfolio: Path) -> None:
    code, out, err = run("analyze", str(portfolio), "--format", "json")
    assert (code, err) == (0, "")
    assert '"covered": 1' in out and '"fully_met": 1' in out


def test_the_sample_error_is_the_one_the_tool_prints(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    portfolio.write_text(
        portfolio.read_text(encoding="utf-8").replace(
            "addresses: need-restore ", "addresses: need-restor "
        ),
        encoding="utf-8",
    )
    monkeypatch.chdir(portfolio.parent)  # the tutorial names the file as the reader would
    code, out, err = run("validate", os.path.basename(portfolio))
    sample = next(b for b in _blocks("") if b.startswith("stsm-graph: error:"))
    assert (code, out) == (2, "")
    assert _words(err) == _words(sample)


def test_the_sample_violation_is_the_one_analyze_reports(portfolio: Path) -> None:
    portfolio.write_text(
        portfolio.read_text(encoding="utf-8").replace(
            "addresses: need-restore ", "addresses: sl-restore "
        ),
        encoding="utf-8",
    )
    code, out, _err = run("analyze", str(portfolio), "--fail-on", "violations")
    sample = next(b for b in _blocks("") if "[shape-violation]" in b)
    assert code == 1
    assert " ".join(_words(sample)) in " ".join(_words(out))
