"""Command-line golden tests: one folder per behaviour, run by ``tests/test_golden.py``.

A case is a folder ``tests/golden/GROUP/CASE/``. The command runs in a fresh temporary
folder (its working folder), which the case's files name ``{tmp}``; ``{examples}`` names the
bundled examples' folder. The folder holds

- ``args``: the command's arguments, one per line;
- ``input/`` (optional): files copied into the working folder first;
- ``setup`` (optional): steps that prepare the working folder, one a line: ``dir PATH``,
  ``file PATH`` (an empty file) or ``run ARG...`` (a command that must exit 0);
- ``exit``: the expected exit code;
- ``stdout`` and ``stderr``: the expected output, exactly (missing: must be empty);
- what the command must leave in the working folder, in one of two forms:

  - ``expected/``: every file written or changed (input and setup files excepted), byte for
    byte; no other file may appear (nothing half-written, no temporary file left). A case
    with neither ``expected/`` nor ``files`` must write nothing;
  - ``files``: for commands that write whole sites, the paths that must exist afterwards, one a
    line (``!PATH``: must not), and no temporary ``.*.new`` / ``.*.old`` file anywhere.

``STSM_UPDATE_GOLDEN=1`` rewrites ``stdout``, ``stderr``, ``exit`` and (where there is no
``files`` list) ``expected/`` from what the command does: read the diff before committing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from cli_runner import run

__all__ = ["GOLDEN", "cases", "check_case"]

GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
UPDATE = os.environ.get("STSM_UPDATE_GOLDEN") == "1"


def cases(*groups: str) -> list[Path]:
    """Return the case folders of ``groups`` (every group when none is named), sorted."""
    names = groups or tuple(sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()))
    return sorted(p for g in names for p in (GOLDEN / g).iterdir() if (p / "args").is_file())


def _files(root: Path) -> dict[str, bytes]:
    if not root.is_dir():
        return {}
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _text(path: Path) -> str:
    return path.read_text("utf-8") if path.is_file() else ""


def _fill(text: str, workdir: Path) -> str:
    return text.replace("{tmp}", str(workdir)).replace("{examples}", str(EXAMPLES))


def _unfill(text: str, workdir: Path) -> str:
    for path in {str(workdir), str(workdir.resolve())}:
        text = text.replace(path, "{tmp}")
    return text.replace(str(EXAMPLES), "{examples}")


def _setup(case: Path, workdir: Path) -> None:
    for line in _text(case / "setup").splitlines():
        if not line.strip():
            continue
        verb, _, rest = line.partition(" ")
        rest = _fill(rest, workdir)
        if verb == "dir":
            Path(rest).mkdir(parents=True)
        elif verb == "file":
            Path(rest).write_text("", "utf-8")
        elif verb == "run":
            code, _out, err = run(*rest.split())
            assert code == 0, err
        else:
            raise AssertionError(f"{case / 'setup'}: unknown step {verb!r}")


def check_case(case: Path, workdir: Path) -> None:
    """Run one case in ``workdir`` (empty) and compare everything it says and writes."""
    if (case / "input").is_dir():
        shutil.copytree(case / "input", workdir, dirs_exist_ok=True)
    _setup(case, workdir)
    before = _files(workdir)
    args = [_fill(a, workdir) for a in _text(case / "args").splitlines() if a]
    old = Path.cwd()
    os.chdir(workdir)
    try:
        code, out, err = run(*args)
    finally:
        os.chdir(old)
    out, err = (_unfill(text, workdir) for text in (out, err))
    listed = case / "files"
    written = {k: v for k, v in _files(workdir).items() if before.get(k) != v}
    if UPDATE:
        _update(case, code, out, err, None if listed.exists() else written)
    assert (code, out, err) == (
        int(_text(case / "exit") or "0"),
        _text(case / "stdout"),
        _text(case / "stderr"),
    )
    if listed.exists():
        for line in _text(listed).splitlines():
            path = Path(_fill(line.lstrip("!"), workdir))
            assert path.exists() != line.startswith("!"), line
        leftovers = [p for p in workdir.rglob(".*") if p.name.endswith((".new", ".old"))]
        assert not leftovers, "a temporary file was left"
    else:
        assert written == _files(case / "expected")
        assert set(before) <= set(_files(workdir)), "an input file went missing"


def _update(case: Path, code: int, out: str, err: str, written: dict[str, bytes] | None) -> None:
    (case / "exit").write_text(f"{code}\n", "utf-8")
    for name, text in (("stdout", out), ("stderr", err)):
        if text:
            (case / name).write_text(text, "utf-8")
        elif (case / name).exists():
            (case / name).unlink()
    if written is None:
        return
    shutil.rmtree(case / "expected", ignore_errors=True)
    for name, data in written.items():
        target = case / "expected" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
