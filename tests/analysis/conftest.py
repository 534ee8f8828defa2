"""Fixtures of the analysis tests: the stores every answer is checked on, and a builder.

``build(turtle)`` loads a Turtle snippet into a new portfolio in the store under test. The
snippet may use the prefixes ``stsm:``, ``rdfs:`` and ``:`` (``https://example.org/t/``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from stsm_graph import Portfolio

#: the embedded stores: every known answer must be the same on each
STORES = ("memory", "oxigraph")
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
        p = Portfolio(store=store)
        p.parse(PREFIXES + turtle, format="turtle")
        return p

    return make
