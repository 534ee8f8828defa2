"""Invariants of the analyses over random portfolios (Hypothesis), on every store."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from stores_under_test import PROPERTY_STORES, STORES

from stsm_graph import model
from stsm_graph.analysis import (
    AnalysisReport,
    analyze,
    coverage,
    need_facts,
    orphaned_services,
    partially_met_needs,
)
from stsm_graph.analysis._needs import coverage_facts, gap_candidate_facts
from stsm_graph.vocabulary.namespace import STSM

from .strategies import (
    BASE,
    Spec,
    example_settings,
    extra_services,
    level,
    load,
    portfolio_specs,
    service_entity,
)

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "analyze.schema.json").read_text("utf-8")
)
examples = example_settings(30)


def ids(iris: object) -> set[str]:
    return {str(i)[len(BASE) :] for i in iris}  # type: ignore[attr-defined]


def figures(report: AnalysisReport) -> dict[str, float]:
    """Every coverage figure that adding an active service may only raise."""
    cov = report.coverage
    out: dict[str, float] = {
        "covered": cov.portfolio.covered,
        "fully_met": cov.portfolio.fully_met,
        "ratio": cov.portfolio.ratio,
        "objectives_supported": cov.portfolio.objectives_supported,
    }
    for s in cov.stakeholders:
        out[f"{s.stakeholder} covered"] = s.covered
        out[f"{s.stakeholder} fully_met"] = s.fully_met
        out[f"{s.stakeholder} ratio"] = s.ratio
    for o in cov.objectives:
        out[f"{o.objective} supported"] = o.supported
    for line in cov.service_lines:
        out[f"{line.service_line} needs"] = len(line.needs_covered)
        out[f"{line.service_line} objectives"] = len(line.objectives_supported)
    return out


@pytest.mark.parametrize("store", STORES)
@examples
@given(spec=portfolio_specs())
def test_covered_and_unmet_partition_the_needs_in_scope(store: str, spec: Spec) -> None:
    p = load(spec, store)
    report = analyze(p)
    in_scope = ids(need_facts(p))
    covered = ids(n for n, f in need_facts(p).items() if f.covered)
    unmet = ids(u.need for u in report.unmet_needs)
    partial = ids(pm.need for pm in report.partially_met_needs)
    fully = ids(n for n, f in need_facts(p).items() if f.fully_met)
    assert in_scope == spec.in_scope()
    assert covered | unmet == in_scope
    assert not covered & unmet
    assert partial <= covered
    assert fully <= covered
    assert fully | partial == covered
    assert not fully & partial
    # and the sets are the ones docs/analyses.md defines
    assert covered == spec.covered()
    assert fully == spec.fully_met()
    t = report.coverage.portfolio
    assert (t.needs, t.covered, t.fully_met) == (len(in_scope), len(covered), len(fully))
    assert ids(report.coverage.needs_matrix.rows) == in_scope


@pytest.mark.parametrize("store", STORES)
@examples
@given(spec=portfolio_specs())
def test_unmet_needs_name_their_stakeholders_and_pipeline(store: str, spec: Spec) -> None:
    report = analyze(load(spec, store))
    for u in report.unmet_needs:
        need = u.need[len(BASE) :]
        holders = {sid for sid, _kind, held in spec.stakeholders if need in held}
        assert ids(u.stakeholders) == holders
        assert ids(u.planned_services) == spec.planned_services(need)
        assert ids(u.plan_actions) == spec.plan_actions(need)


@pytest.mark.parametrize("store", STORES)
@examples
@given(spec=portfolio_specs())
def test_every_ratio_is_between_zero_and_one(store: str, spec: Spec) -> None:
    cov = analyze(load(spec, store)).coverage
    for s in cov.stakeholders:
        assert 0.0 <= s.ratio <= 1.0
        assert 0 <= s.fully_met <= s.covered <= s.needs
        assert s.ratio == (s.covered / s.needs if s.needs else 1.0)
    t = cov.portfolio
    assert 0.0 <= t.ratio <= 1.0
    assert 0 <= t.fully_met <= t.covered <= t.needs
    assert 0 <= t.objectives_supported <= t.objectives
    assert ids(o.objective for o in cov.objectives if o.supported) == spec.supported()


@pytest.mark.parametrize("store", STORES)
@examples
@given(data=st.data(), spec=portfolio_specs().filter(lambda s: bool(s.needs)))
def test_adding_an_active_service_never_lowers_coverage(
    store: str, spec: Spec, data: st.DataObject
) -> None:
    p = load(spec, store)
    before = figures(analyze(p))
    extra = data.draw(extra_services(spec))
    q = p.copy()
    q.add(service_entity(extra), *(level(model.ServiceLevel, lv) for lv in extra.levels))
    after = figures(analyze(q))
    assert after.keys() == before.keys()
    lowered = {k: (before[k], after[k]) for k in before if after[k] < before[k]}
    assert not lowered
    # and it did cover what it addresses (the in-scope ones)
    facts = need_facts(q)
    for n in extra.addresses:
        if n in facts:
            assert facts[n].covered
    assert figures(analyze(p)) == before  # the copy is independent


@pytest.mark.parametrize("store", STORES)
@examples
@given(data=st.data(), spec=portfolio_specs().filter(lambda s: bool(s.services)))
def test_retiring_a_service_never_raises_coverage(
    store: str, spec: Spec, data: st.DataObject
) -> None:
    p = load(spec, store)
    before = figures(analyze(p))
    victim = BASE + data.draw(st.sampled_from([s.id for s in spec.services]))
    q = p.copy()
    q.store.update(f"DELETE WHERE {{ <{victim}> <{STSM.status}> ?status }}")
    q.store.update(f"INSERT DATA {{ <{victim}> <{STSM.status}> <{STSM.Retired}> }}")
    report = analyze(q)
    after = figures(report)
    raised = {k: (before[k], after[k]) for k in before if after[k] > before[k]}
    assert not raised
    assert victim not in report.coverage.needs_matrix.columns
    assert victim not in {o.service for o in report.orphaned_services}
    assert victim not in {f.node for f in report.integrity if f.severity == "warning"}
    assert figures(analyze(p)) == before  # the copy is independent


@pytest.mark.parametrize("store", STORES)
@examples
@given(spec=portfolio_specs())
def test_an_orphan_traces_to_nothing_directly_or_through_dependants(store: str, spec: Spec) -> None:
    found = {o.service[len(BASE) :]: o.status for o in orphaned_services(load(spec, store))}
    services = {s.id: s for s in spec.services}
    live = {s for s, svc in services.items() if svc.status != "Retired"}
    retired_needs = {n.id for n in spec.needs if n.status == "Retired"}

    def traces(s: str) -> bool:
        svc = services[s]
        return bool(set(svc.addresses) - retired_needs or svc.supports)

    # dependsOn among services that are not retired: dependant -> dependency
    g = spec.dependency_graph().subgraph(live)
    for orphan in found:
        assert orphan in live
        assert not traces(orphan)
        assert not any(traces(d) for d in nx.ancestors(g, orphan))  # its dependants
    # and every live service tracing to nothing that way is reported
    for s in live - set(found):
        assert traces(s) or any(traces(d) for d in nx.ancestors(g, s))
    for s, status in found.items():
        expected = services[s].status or "Active"
        assert status == str(STSM) + expected


@examples
@given(spec=portfolio_specs())
def test_same_json_on_every_store(spec: Spec) -> None:
    results = [analyze(load(spec, store)).to_json() for store in PROPERTY_STORES]
    Draft202012Validator(SCHEMA).validate(results[0])
    assert all(r == results[0] for r in results[1:])


@pytest.mark.parametrize("store", STORES)
@examples
@given(spec=portfolio_specs())
def test_partially_met_needs_read_alone_match_the_facts_of_every_need(
    store: str, spec: Spec
) -> None:
    p = load(spec, store)
    facts = need_facts(p)
    candidates = gap_candidate_facts(p)
    # every partially met need is a candidate, and a candidate's facts are its full facts
    partial = {n for n, f in facts.items() if f.covered and not f.fully_met}
    assert partial <= set(candidates)
    for need, f in candidates.items():
        assert f == facts[need]
    assert partially_met_needs(p) == partially_met_needs(p, facts=facts)
    # coverage's facts: the same coverage of every need, the whole facts of the partially met
    quick = coverage_facts(p)
    assert set(quick) == set(facts)
    for need, f in quick.items():
        full = facts[need]
        assert (f.label, f.services, f.addressed_by) == (
            full.label,
            full.services,
            full.addressed_by,
        )
        assert (f.covered, f.fully_met) == (full.covered, full.fully_met)
        if full.covered and not full.fully_met:
            assert f == full
    assert coverage(p) == coverage(p, facts=facts)
    assert ids(pm.need for pm in partially_met_needs(p)) == spec.covered() - spec.fully_met()


@pytest.mark.parametrize("store", STORES)
@examples
@given(spec=portfolio_specs())
def test_orphans_with_nothing_assumed_match_the_what_if_walk(store: str, spec: Spec) -> None:
    """The quick way (untraced candidates) and the what-if way (every status) agree."""
    p = load(spec, store)
    nothing = {"urn:example:not-in-the-portfolio": str(STSM.Retired)}  # forces the what-if way
    assert orphaned_services(p) == orphaned_services(p, assume=nothing)


@pytest.mark.parametrize("store", STORES)
@examples
@given(spec=portfolio_specs())
def test_matrices_link_every_live_service_to_what_it_addresses_or_supports(
    store: str, spec: Spec
) -> None:
    report = analyze(load(spec, store)).coverage
    live = [s for s in spec.services if s.status != "Retired"]
    in_scope = spec.in_scope()
    needs = {(n, s.id) for s in live for n in s.addresses if n in in_scope}
    objectives = {(o, s.id) for s in live for o in s.supports}
    assert {(ids([r]).pop(), ids([c]).pop()) for r, c in report.needs_matrix.links} == needs
    assert {(ids([r]).pop(), ids([c]).pop()) for r, c in report.objectives_matrix.links} == (
        objectives
    )
    assert ids(report.needs_matrix.columns) == {s.id for s in live}
