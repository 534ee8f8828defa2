"""The need facts read once and shared (as ``stsm-graph report`` does) change no answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from stores_under_test import STORES, make_portfolio

from stsm_graph.analysis import (
    analyze,
    coverage_facts,
    need_facts,
    need_states,
    overview,
    strategy,
)

ROOT = Path(__file__).resolve().parents[2]
PORTFOLIOS = (
    ROOT / "examples" / "northwind-it-services.ttl",
    ROOT / "tests" / "fixtures" / "valid_complete.ttl",
)


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("path", PORTFOLIOS, ids=lambda p: p.name)
def test_the_analyses_given_the_facts_answer_as_without(path: Path, store: str) -> None:
    p = make_portfolio(store)
    p.load(path)
    facts = coverage_facts(p)
    assert analyze(p, facts=facts).to_json() == analyze(p).to_json()
    assert strategy(p, facts=facts).to_json() == strategy(p).to_json()
    shared, alone = overview(p, facts=facts), overview(p)
    assert shared == alone and shared.states == alone.states
    states = need_states(p)
    assert states == need_states(p, facts=facts) == need_states(p, facts=need_facts(p))
    some = sorted(states)[::2]
    assert need_states(p, some, facts=facts) == need_states(p, some)
