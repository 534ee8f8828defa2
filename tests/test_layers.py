"""The package's layers and the rules between them, checked on the source (see docs/design.md).

Each folder of ``src/stsm_graph`` is a layer, and a layer imports only from the layers below
it: ``errors`` and ``common`` at the bottom, then ``vocabulary``, ``authoring``, ``stores``,
``ingest``, ``portfolio``, then ``analysis`` and ``interop`` (other tools' formats in and
out: it reads and writes portfolios, and may use the analyses' public API), the presenters
``viz`` and ``report`` (beside each other, neither importing the other), and ``cli`` and the
developer ``generators`` on top. A
module whose name starts with ``_``, and a name starting with ``_``, stays inside its package.
No module is over 400 lines and no function's code over 60 lines, unless a comment beside it
says why (``# longer than 400 lines: ...`` near the top, ``# longer than 60 lines: ...`` on
the line above the ``def``). A generated module (its head says so: ``do not edit``) is as long
as the vocabulary makes it: its generator is what is kept short.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "stsm_graph"
#: each layer's rank: a module imports only from ranks at or below its own
RANK = {
    "errors": 0,
    "common": 1,
    "vocabulary": 2,
    "authoring": 3,
    "stores": 4,
    "ingest": 5,
    "portfolio": 6,
    "analysis": 7,
    "interop": 7,
    "viz": 8,
    "report": 8,
    "cli": 9,
    "generators": 9,
}
#: the package's front door imports from every layer (the analyses and presenters lazily)
FRONT = "__init__"
MODULE_LINES = 400
FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


def _layer(path: Path, root: Path) -> str:
    """Return the layer a source file belongs to: its folder, or its own name at the top."""
    rel = path.relative_to(root)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports(tree: ast.Module) -> list[tuple[int, str, list[str]]]:
    """Return every ``(line, module, names)`` the tree imports from ``stsm_graph``."""
    found: list[tuple[int, str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "stsm_graph" or node.module.startswith("stsm_graph."):
                found.append((node.lineno, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, a.name, [])
                for a in node.names
                if a.name == "stsm_graph" or a.name.startswith("stsm_graph.")
            ]
    return found


def _target_layer(module: str, names: list[str]) -> list[tuple[str, str]]:
    """Return ``(layer, dotted name)`` for each thing an import statement brings in."""
    parts = module.split(".")[1:]
    if parts:
        return [(parts[0], module)]
    # ``from stsm_graph import x``: each name is a module, or a name of the front door
    return [(n if n in RANK else FRONT, f"stsm_graph.{n}") for n in names]


def breaches(path: Path, root: Path = SRC) -> list[str]:
    """Return every import of ``path`` (under ``root``) that breaks a layer rule, with why."""
    tree = ast.parse(path.read_text("utf-8"))
    here = _layer(path, root)
    out: list[str] = []
    where = path.relative_to(root).as_posix()
    for line, module, names in _imports(tree):
        for layer, dotted in _target_layer(module, names):
            if layer == here:
                continue
            if here != FRONT and (layer == FRONT or RANK.get(layer, 99) > RANK.get(here, 99)):
                out.append(f"{where}:{line}: {here} imports {dotted}, a layer above it")
            elif here in {"viz", "report"} and layer in {"viz", "report"}:
                out.append(f"{where}:{line}: presenter {here} imports presenter {layer}")
            private = [p for p in dotted.split(".")[1:] if p.startswith("_") and p != "__version__"]
            private += [n for n in names if n.startswith("_") and n != "__version__"]
            out += [f"{where}:{line}: imports {p}, private to {layer}" for p in private]
    return out


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(SRC).as_posix())
def test_a_module_imports_only_from_the_layers_below(path: Path) -> None:
    assert breaches(path) == []


def _reasoned(lines: list[str], line: int, marker: str) -> bool:
    """Whether the line above ``line`` (1-based), or the ``def`` line itself, gives a reason."""
    return any(marker in lines[i] for i in (line - 2, line - 1) if 0 <= i < len(lines))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(SRC).as_posix())
def test_modules_and_functions_are_short_or_say_why(path: Path) -> None:
    text = path.read_text("utf-8")
    lines = text.splitlines()
    long: list[str] = []
    head = "\n".join(lines[:40])
    generated = "python -m stsm_graph.generators" in head and "do not edit" in head
    if len(lines) > MODULE_LINES and not generated and "# longer than 400 lines:" not in head:
        long.append(f"{len(lines)} lines")
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            doc = isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
            start = body[1].lineno if doc and len(body) > 1 else body[0].lineno
            size = (node.end_lineno or start) - start + 1
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            if size > FUNCTION_LINES and not _reasoned(lines, first, "# longer than 60 lines:"):
                long.append(f"{node.name}: {size} lines of code")
    assert long == []


@pytest.mark.parametrize(
    ("where", "code", "why"),
    [
        ("stores/x.py", "from stsm_graph.analysis import coverage", "a layer above"),
        ("analysis/x.py", "from stsm_graph.analysis._needs import x", None),
        ("viz/x.py", "from stsm_graph.analysis._needs import facts_of", "private"),
        ("viz/x.py", "from stsm_graph.analysis import _common", "private"),
        ("viz/x.py", "from stsm_graph.report import counted", "presenter"),
        ("common/x.py", "import stsm_graph.vocabulary.tables", "a layer above"),
        ("cli/x.py", "from stsm_graph.stores.base import Store", None),
        ("portfolio.py", "from stsm_graph import Portfolio", "a layer above"),
        ("vocabulary/x.py", "from stsm_graph import errors", None),
    ],
)
def test_the_check_sees_each_breach(where: str, code: str, why: str | None, tmp_path: Path) -> None:
    path = tmp_path / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(code + "\n", "utf-8")
    found = breaches(path, tmp_path)
    assert (why is None and found == []) or (len(found) == 1 and why in found[0]), found
