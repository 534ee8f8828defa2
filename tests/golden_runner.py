"""Command-line golden tests: one folder per behaviour, run by ``tests/test_golden.py``.

A case is a folder ``tests/golden/GROUP/CASE/`` holding

- ``args``: the command's arguments, one per line (run in a fresh temporary folder);
- ``input/`` (optional): files copied into that folder first;
- ``exit``: the expected exit code;
- ``stdout`` and ``stderr``: the expected output (missing: must be empty), the temporary
  folder's path written ``{tmp}``;
- ``expected/`` (optional): every file the folder must hold afterwards, byte for byte,
  besides the input (a file in ``input/`` must be unchanged unless ``expected/`` names it);
  no other file may appear: nothing half-written, no temporary file left.

``STSM_UPDATE_GOLDEN=1`` rewrites ``stdout``, ``stderr``, ``exit`` and ``expected/`` from
what the command does (review the diff before committing).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from cli_runner import run

__all__ = ["GOLDEN", "cases", "check_case"]

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("STSM_UPDATE_GOLDEN") == "1"


def cases(*groups: str) -> list[Path]:
    """Return the case folders of ``groups``, sorted."""
    return sorted(p for g in groups for p in (GOLDEN / g).iterdir() if (p / "args").is_file())


def _files(root: Path) -> dict[str, bytes]:
    if not root.is_dir():
        return {}
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _text(path: Path) -> str:
    return path.read_text("utf-8") if path.is_file() else ""


def check_case(case: Path, workdir: Path) -> None:
    """Run one case in ``workdir`` (empty) and compare everything it says and writes."""
    inputs = _files(case / "input")
    if inputs:
        shutil.copytree(case / "input", workdir, dirs_exist_ok=True)
    args = [a for a in _text(case / "args").splitlines() if a]
    old = Path.cwd()
    os.chdir(workdir)
    try:
        code, out, err = run(*args)
    finally:
        os.chdir(old)
    # the temporary folder's path, where a message names it, as {tmp}
    out, err = (text.replace(str(workdir.resolve()), "{tmp}") for text in (out, err))
    written = {k: v for k, v in _files(workdir).items() if inputs.get(k) != v}
    if UPDATE:
        _update(case, code, out, err, written)
    assert (code, out, err) == (
        int(_text(case / "exit") or "0"),
        _text(case / "stdout"),
        _text(case / "stderr"),
    )
    assert written == _files(case / "expected")
    assert set(inputs) <= set(_files(workdir)), "an input file went missing"


def _update(case: Path, code: int, out: str, err: str, written: dict[str, bytes]) -> None:
    (case / "exit").write_text(f"{code}\n", "utf-8")
    for name, text in (("stdout", out), ("stderr", err)):
        if text:
            (case / name).write_text(text, "utf-8")
        elif (case / name).exists():
            (case / name).unlink()
    shutil.rmtree(case / "expected", ignore_errors=True)
    for name, data in written.items():
        target = case / "expected" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
