"""Shared fixtures: the two stores every behaviour is checked on, and fixture files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import is_hypothesis_test, settings
from rdflib import Graph
from rdflib.compare import isomorphic
from stores_under_test import property_store

from stsm_graph import Portfolio

settings.register_profile("stsm", max_examples=30, deadline=None)
settings.load_profile("stsm")

#: the embedded stores; a remote one would join with the ``remote`` marker
STORES = ("memory", "oxigraph")
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(params=STORES)
def portfolio_store(request: pytest.FixtureRequest) -> str:
    """The name of a store: every test using it runs once per store."""
    return str(request.param)


@pytest.fixture
def backup_portfolio(portfolio_store: str) -> Portfolio:
    """A small, complete portfolio (``valid_complete.ttl``) in the store under test."""
    return Portfolio.open(FIXTURES / "valid_complete.ttl", store=portfolio_store)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out hypothesis tests on the stores they do not run on (``stores_under_test``)."""
    kept, left = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        kinds = [v for v in params.values() if isinstance(v, str)]
        hypothesis = is_hypothesis_test(getattr(item, "obj", None))
        (left if hypothesis and not all(map(property_store, kinds)) else kept).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


def snapshot(portfolio: Portfolio) -> Graph:
    """Return an independent copy of a portfolio's graph."""
    g = Graph()
    g += portfolio.store.to_rdflib()
    return g


@pytest.fixture
def assert_unchanged(backup_portfolio: Portfolio) -> Callable[[], None]:
    """Check, after a failed load, that ``backup_portfolio`` holds exactly what it held."""
    before = snapshot(backup_portfolio)
    count = len(backup_portfolio)

    def check() -> None:
        assert len(backup_portfolio) == count
        assert isomorphic(before, backup_portfolio.store.to_rdflib())

    return check


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a named file of the given text in a fresh folder; return its path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
