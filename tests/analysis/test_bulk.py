"""The analyses pause the cyclic garbage collector while they run, and restore it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from stsm_graph import Portfolio, model
from stsm_graph.analysis import analyze, coverage, impact, orphaned_services
from stsm_graph.analysis._common import bulk


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_paused_during_the_call_and_on_after() -> None:
    seen = []

    @bulk
    def inner() -> None:
        seen.append(gc.isenabled())

    @bulk
    def outer() -> None:
        inner()
        seen.append(gc.isenabled())

    outer()
    assert seen == [False, False]
    assert gc.isenabled()


def test_on_again_after_an_error() -> None:
    @bulk
    def fails() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        fails()
    assert gc.isenabled()


def test_left_off_when_the_caller_turned_it_off() -> None:
    gc.disable()
    p = Portfolio()
    p.add(model.Need(id="n", label="N"))
    analyze(p)
    assert not gc.isenabled()


def test_the_analyses_leave_it_on() -> None:
    p = Portfolio()
    p.add(
        model.Need(id="n", label="N"),
        model.StandardService(id="s", label="S", addresses=["n"]),
    )
    analyze(p)
    coverage(p)
    orphaned_services(p)
    impact(p, ["https://example.org/portfolio/s"])
    assert gc.isenabled()


def test_keeps_the_name_and_documentation() -> None:
    assert analyze.__name__ == "analyze"
    assert analyze.__doc__ is not None and "every traceability analysis" in analyze.__doc__
