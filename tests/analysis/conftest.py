"""Fixtures of the analysis tests: the stores every answer is checked on, and a builder.

Every store-parametrized test runs on rdflib's memory store, embedded Oxigraph in memory and on
disk, and a SPARQL server (see ``tests/stores_under_test.py``).

``build(turtle)`` loads a Turtle snippet into a new portfolio in the store under test. The
snippet may use the prefixes ``stsm:``, ``rdfs:`` and ``:`` (``https://example.org/t/``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from stores_under_test import STORES, make_portfolio

from stsm_graph import Portfolio

__all__ = ["EX", "EXAMPLES", "PREFIXES", "ROOT", "STORES"]
#: the base of the hand-built portfolios
EX = "https://example.org/t/"
PREFIXES = (
    "@prefix stsm: <https://w3id.org/stsm#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    f"@prefix : <{EX}> .\n"
)
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest) -> str:
    """The name of a store: every test using it runs once per store."""
    return str(request.param)


@pytest.fixture
def build(store: str) -> Callable[[str], Portfolio]:
    """Return a function loading a Turtle snippet into a new portfolio in ``store``."""

    def make(turtle: str) -> Portfolio:
        p = make_portfolio(store)
        p.parse(PREFIXES + turtle, format="turtle")
        return p

    return make
