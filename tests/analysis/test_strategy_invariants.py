"""Invariants of the strategic analyses over random portfolios (Hypothesis), on every store."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stores_under_test import STORES

from stsm_graph import model
from stsm_graph.analysis import capability_fit, shared_needs, strategy

from .strategies import example_settings, load

BASE = "https://example.org/h/"
STATUSES = (None, "Active", "Planned", "Retired")
examples = example_settings()


@dataclass(frozen=True)
class Spec:
    holders: tuple[tuple[int, ...], ...]  # per stakeholder, the needs it holds
    need_status: tuple[str | None, ...]
    services: tuple[tuple[str | None, tuple[int, ...], tuple[int, ...]], ...]
    realisers: tuple[tuple[int, str | None], ...]  # (capability, realiser's status)
    capabilities: int

    def entities(self) -> list[model.Entity]:
        out: list[model.Entity] = [
            model.Customer(id=f"c{i}", label=f"C{i}", has_need=[f"n{n}" for n in needs])
            for i, needs in enumerate(self.holders)
        ]
        out += [
            model.Need(id=f"n{i}", label=f"N{i}", status=status)
            for i, status in enumerate(self.need_status)
        ]
        out += [
            model.StandardService(
                id=f"s{i}",
                label=f"S{i}",
                status=status,
                addresses=[f"n{n}" for n in needs],
                requires_capability=[f"k{k}" for k in caps],
            )
            for i, (status, needs, caps) in enumerate(self.services)
        ]
        realised: dict[int, list[str]] = {}
        for j, (cap, status) in enumerate(self.realisers):
            out.append(model.ServiceSystemComponent(id=f"r{j}", label=f"R{j}", status=status))
            realised.setdefault(cap, []).append(f"r{j}")
        out += [
            model.Capability(id=f"k{k}", label=f"K{k}", realized_by=realised.get(k, []))
            for k in range(self.capabilities)
        ]
        return out


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    n_needs = draw(st.integers(1, 5))
    n_caps = draw(st.integers(1, 4))
    needs = st.lists(st.integers(0, n_needs - 1), max_size=3, unique=True).map(tuple)
    caps = st.lists(st.integers(0, n_caps - 1), max_size=2, unique=True).map(tuple)
    status = st.sampled_from(STATUSES)
    return Spec(
        holders=tuple(draw(st.lists(needs, min_size=1, max_size=4))),
        need_status=tuple(draw(st.lists(status, min_size=n_needs, max_size=n_needs))),
        services=tuple(draw(st.lists(st.tuples(status, needs, caps), max_size=4))),
        realisers=tuple(draw(st.lists(st.tuples(st.integers(0, n_caps - 1), status), max_size=4))),
        capabilities=n_caps,
    )


def active(status: str | None) -> bool:
    return status in (None, "Active")


@pytest.mark.parametrize("store", STORES)
@examples
@given(spec=specs())
def test_an_unaddressed_shared_need_is_a_candidate(store: str, spec: Spec) -> None:
    held = {
        n: sum(1 for needs in spec.holders if n in needs)
        for n, status in enumerate(spec.need_status)
        if status != "Retired"
    }
    addressed = {n for status, needs, _c in spec.services if active(status) for n in needs}
    expected = {f"{BASE}n{n}" for n, count in held.items() if count > 1 and n not in addressed}
    found = shared_needs(load(spec, store))
    assert {s.need for s in found if s.candidate} == expected
    assert {s.need for s in found} == {f"{BASE}n{n}" for n, c in held.items() if c > 1}
    ranks = [(s.priority is None, -len(s.holders), s.need) for s in found]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize("store", STORES)
@examples
@given(spec=specs(), data=st.data())
def test_realising_a_missing_capability_removes_its_gap(
    store: str, spec: Spec, data: st.DataObject
) -> None:
    p = load(spec, store)
    before = {g.capability for g in capability_fit(p).gaps}
    if not before:
        return
    gap = data.draw(st.sampled_from(sorted(before)))
    p.add(model.ServiceSystemComponent(id="fix", label="Fix"), base=BASE)
    p.add(model.Capability(id=gap[len(BASE) :], label="K", realized_by=["fix"]), base=BASE)
    after = capability_fit(p)
    assert {g.capability for g in after.gaps} == before - {gap}
    # required, so never an unused strength either
    assert gap not in {u.capability for u in after.unused_strengths}


@pytest.mark.parametrize("store", STORES)
@examples
@given(spec=specs())
def test_every_store_gives_the_answers_of_the_memory_store(store: str, spec: Spec) -> None:
    assert strategy(load(spec, store), usage_below=1) == strategy(
        load(spec, "memory"), usage_below=1
    )
