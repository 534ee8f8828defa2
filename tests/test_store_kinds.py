"""Store kinds register themselves; the store port names no pyoxigraph type."""

from __future__ import annotations

import ast
import inspect
import textwrap
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from stsm_graph import Portfolio
from stsm_graph.analysis import analyze
from stsm_graph.errors import StoreKindError
from stsm_graph.stores import kinds as store_kinds
from stsm_graph.stores.base import Rows, Store
from stsm_graph.stores.kinds import open_store, register_store, unregister_store
from stsm_graph.stores.memory import MemoryStore
from stsm_graph.stores.staging import Staging

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "northwind-it-services.yaml"


class ToyStore(Store):
    """A store of another package's kind: it keeps its triples in an rdflib graph of its own
    and answers through a memory store, so it implements only the port."""

    kind = "toy"

    def __init__(self, path: str | None = None) -> None:
        self.path = path
        self._inner = MemoryStore()
        self.loads = 0

    def select(self, sparql: str, bindings: Any = None) -> Rows:
        return self._inner.select(sparql, bindings)

    def ask(self, sparql: str, bindings: Any = None) -> bool:
        return self._inner.ask(sparql, bindings)

    def construct(self, sparql: str, bindings: Any = None) -> Graph:
        return self._inner.construct(sparql, bindings)

    def update(self, sparql: str) -> None:
        self._inner.update(sparql)

    def add_from(self, staging: Staging) -> None:
        self.loads += 1
        self._inner.add_triples(staging.triples())

    def replace_from(self, staging: Staging) -> None:
        self.loads += 1
        self._inner.graph.remove((None, None, None))
        self._inner.add_triples(staging.triples())

    def add_triples(self, triples: Any) -> None:
        self._inner.add_triples(triples)

    def remove_triples(self, triples: Any) -> None:
        self._inner.remove_triples(triples)

    def serialize(self, fmt: str, prefixes: Any) -> bytes:
        return self._inner.serialize(fmt, prefixes)

    def to_rdflib(self) -> Graph:
        return self._inner.to_rdflib()

    def copy(self) -> Store:
        return self._inner.copy()

    def __len__(self) -> int:
        return len(self._inner)


@pytest.fixture
def toy() -> Any:
    register_store("toy", ToyStore)
    yield
    unregister_store("toy")


def test_a_registered_kind_opens_a_portfolio(toy: None) -> None:
    assert "toy" in store_kinds.store_kinds()
    p = Portfolio.open(EXAMPLE, store="toy")
    assert isinstance(p.store, ToyStore) and p.store.loads == 1
    expected = Portfolio.open(EXAMPLE, store="memory")
    assert analyze(p) == analyze(expected)
    assert open_store("toy", path="somewhere").path == "somewhere"  # type: ignore[attr-defined]


def test_a_kind_comes_from_the_entry_point_group(monkeypatch: pytest.MonkeyPatch) -> None:
    ep = EntryPoint("toy2", f"{__name__}:ToyStore", store_kinds.ENTRY_POINT_GROUP)
    broken = EntryPoint("broken", "no_such_module:opener", store_kinds.ENTRY_POINT_GROUP)
    found = {"toy2": ep, "broken": broken}
    monkeypatch.setattr(store_kinds, "_entry_points", lambda: found)
    try:
        assert store_kinds.store_kinds() == ("oxigraph", "memory", "remote", "broken", "toy2")
        assert isinstance(Portfolio(store="toy2").store, ToyStore)
        with pytest.raises(StoreKindError, match=r"'broken' .* could not be loaded"):
            open_store("broken")
        with pytest.raises(StoreKindError, match=r"one of oxigraph, memory, remote, toy2, broken$"):
            open_store("nothing")
    finally:
        unregister_store("toy2")


def test_the_built_in_kinds_need_no_package_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    """A source checkout without an install has no entry points: the built-ins still open."""
    monkeypatch.setattr(store_kinds, "entry_points", lambda group: [])
    assert store_kinds.store_kinds() == ("oxigraph", "memory", "remote")
    assert open_store("memory").kind == "memory"
    assert open_store("oxigraph").kind == "oxigraph"
    store = open_store("remote", path="http://127.0.0.1:9/query", timeout=0.5)
    assert store.kind == "remote"


def test_the_built_in_kinds_are_entry_points_too() -> None:
    """The installed metadata names the same openers (pyproject.toml) as the code."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text.split('[project.entry-points."stsm_graph.stores"]')[1].split("\n\n")[0]
    named = dict(
        (name.strip(), value.strip().strip('"'))
        for name, value in (line.split("=") for line in section.strip().splitlines())
        if not name.startswith("#")
    )
    assert named == {
        kind: f"stsm_graph.stores.kinds:open_{kind}" for kind in ("oxigraph", "memory", "remote")
    }
    for kind, value in named.items():
        assert getattr(store_kinds, value.split(":")[1]) is store_kinds._BUILT_IN[kind]


def test_built_in_kinds_cannot_be_replaced() -> None:
    with pytest.raises(StoreKindError, match="built in"):
        register_store("memory", ToyStore)
    with pytest.raises(StoreKindError, match="a store kind is a name"):
        register_store("two words", ToyStore)


def test_an_opener_must_make_a_store(toy: None) -> None:
    register_store("notastore", lambda path=None: object())
    try:
        with pytest.raises(StoreKindError, match="opened a object, not a Store"):
            open_store("notastore")
    finally:
        unregister_store("notastore")


def _annotations(node: ast.AST) -> list[str]:
    """Every annotation written in ``node``: arguments, returns, class attributes."""
    out: list[str] = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.arg) and sub.annotation is not None:
            out.append(ast.unparse(sub.annotation))
        elif isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef) and sub.returns is not None:
            out.append(ast.unparse(sub.returns))
        elif isinstance(sub, ast.AnnAssign):
            out.append(ast.unparse(sub.annotation))
    return out


def test_the_store_port_names_no_pyoxigraph_type() -> None:
    """``Store``'s methods take and give rdflib terms, rows, texts and staging areas."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(Store)))
    written = _annotations(tree)
    assert written, "the port's methods are annotated"
    assert not [a for a in written if "ox." in a or "pyoxigraph" in a], written
    abstract = sorted(Store.__abstractmethods__)
    for name in abstract:
        hints = inspect.get_annotations(getattr(Store, name), eval_str=True)
        for hint in hints.values():
            assert "pyoxigraph" not in repr(hint), (name, hint)
    assert {"add_from", "replace_from", "select", "update", "serialize"} <= set(abstract)
    # and a store built on the port alone needs no pyoxigraph term anywhere
    assert not [a for a in _annotations(ast.parse(inspect.getsource(ToyStore))) if "ox." in a]
