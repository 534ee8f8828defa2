"""Presenters present: viz, report and cli use the public analysis API and run no SPARQL.

Every fact a picture or a report shows is an analysis result first (``stsm_graph.analysis``);
a presenter that imported an analysis private, the packaged query texts, or asked a store a
question of its own would be stating a rule a second time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "stsm_graph"
PRESENTERS = sorted(
    str(f.relative_to(SRC)) for pkg in ("viz", "report", "cli") for f in (SRC / pkg).glob("*.py")
)
#: the store's query methods (a presenter asks the analyses, never the store)
QUERY_METHODS = {"select", "select_text", "select_values", "query"}
#: the functions allowed to run a query: the ``query`` command runs the user's chosen query,
#: packaged or from a file, and prints its rows; that is its whole purpose
ALLOWED = {("cli", "_cmd_query")}


def _functions(tree: ast.Module) -> dict[ast.AST, str]:
    """Return each node of ``tree`` with the name of the top-level function holding it."""
    owner: dict[ast.AST, str] = {}
    for top in tree.body:
        name = top.name if isinstance(top, ast.FunctionDef | ast.AsyncFunctionDef) else ""
        for node in ast.walk(top):
            owner[node] = name
    return owner


def _breaches(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    owner = _functions(tree)
    found: list[str] = []
    for node in ast.walk(tree):
        where = f"{path.parent.name}/{path.name}:{getattr(node, 'lineno', '?')}"
        if (path.parent.name, owner.get(node, "")) in ALLOWED:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [a.name for a in node.names]
            if node.module.startswith("stsm_graph.analysis"):
                if node.module != "stsm_graph.analysis":
                    found.append(f"{where}: imports from {node.module}, not stsm_graph.analysis")
                found += [f"{where}: imports the private {n}" for n in names if n.startswith("_")]
            if node.module == "stsm_graph.vocabulary.resources" and "query_text" in names:
                found.append(f"{where}: imports resources.query_text")
        if isinstance(node, ast.Import):
            found += [
                f"{where}: imports {a.name}"
                for a in node.names
                if a.name.startswith("stsm_graph.analysis.")
            ]
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in QUERY_METHODS
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr == "store"
        ) or (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"select_text", "select_values"}
        ):
            found.append(f"{where}: asks a store .{node.func.attr}(...)")
    return found


@pytest.mark.parametrize("name", PRESENTERS)
def test_a_presenter_uses_only_the_public_analysis_api(name: str) -> None:
    assert _breaches(SRC / name) == []


@pytest.mark.parametrize(
    "code",
    [
        "from stsm_graph.analysis._needs import facts_of",
        "from stsm_graph.analysis import _common",
        "from stsm_graph.analysis.impact import node_names",
        "import stsm_graph.analysis.walk",
        "from stsm_graph.vocabulary.resources import query_text",
        "def f(p):\n    return p.store.select_text('SELECT * {}')",
        "def f(p):\n    return p.store.query('ASK {}')",
        "def f(store):\n    return store.select_values('q', 'x', [])",
    ],
)
def test_the_check_sees_each_breach(code: str, tmp_path: Path) -> None:
    path = tmp_path / "viz.py"
    path.write_text(code + "\n", "utf-8")
    assert len(_breaches(path)) == 1
