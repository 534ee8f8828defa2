"""Golden tests of ``report`` and ``matrix``: a folder per behaviour, ``tests/golden/GROUP/CASE/``.

These cases write whole sites, so they list the files that must (not) exist rather than hold
them byte for byte as the small outputs of ``tests/golden_runner.py`` do.

Each folder holds ``args`` (the command's arguments, one per line), and what it must give:
``exit`` (the exit status), ``stdout`` and ``stderr`` (exactly, when the file is there).
An optional ``setup`` prepares the working folder first, one step a line: ``dir PATH``,
``file PATH`` (an empty file), or ``run ARG...`` (a command that must exit 0). An optional
``files`` lists the paths that must exist afterwards (``!PATH``: must not). In every file
``{tmp}`` is the test's working folder, ``{examples}`` the bundled examples' folder and
``{cwd}`` the folder the tests run in.
To add a behaviour, add a folder; ``STSM_GOLDEN_UPDATE=1`` writes the expected output of the
folders that lack it (read it before committing).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_runner import run

GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CASES = sorted(f"{g}/{p.name}" for g in ("report", "matrix") for p in (GOLDEN / g).iterdir())


def _fill(text: str, tmp: Path) -> str:
    text = text.replace("{tmp}", str(tmp)).replace("{examples}", str(EXAMPLES))
    return text.replace("{cwd}", os.getcwd())


def _unfill(text: str, tmp: Path) -> str:
    text = text.replace(str(tmp), "{tmp}").replace(str(EXAMPLES), "{examples}")
    return text.replace(os.getcwd(), "{cwd}")


def _setup(case: Path, tmp: Path) -> None:
    steps = case / "setup"
    if not steps.exists():
        return
    for line in steps.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        verb, _, rest = line.partition(" ")
        rest = _fill(rest, tmp)
        if verb == "dir":
            Path(rest).mkdir(parents=True)
        elif verb == "file":
            Path(rest).write_text("", "utf-8")
        elif verb == "run":
            code, _out, err = run(*rest.split())
            assert code == 0, err
        else:
            raise AssertionError(f"{steps}: unknown step {verb!r}")


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # argparse wraps its usage to the terminal's width
    case = GOLDEN / name
    _setup(case, tmp_path)
    args = [_fill(a, tmp_path) for a in (case / "args").read_text("utf-8").splitlines()]
    code, out, err = run(*args)
    update = os.environ.get("STSM_GOLDEN_UPDATE") == "1"
    for stream, got in (("stdout", out), ("stderr", err), ("exit", f"{code}\n")):
        expected = case / stream
        if update and not expected.exists():
            expected.write_text(_unfill(got, tmp_path), "utf-8")
        assert expected.exists(), f"{case}: no {stream} file"
        assert got == _fill(expected.read_text("utf-8"), tmp_path), stream
    listed = case / "files"
    if listed.exists():
        for line in listed.read_text("utf-8").splitlines():
            absent = line.startswith("!")
            path = Path(_fill(line.lstrip("!"), tmp_path))
            assert path.exists() != absent, line
    # nothing half-written is ever left beside an output
    assert not [p for p in tmp_path.rglob(".*") if p.name.endswith((".new", ".old"))]
