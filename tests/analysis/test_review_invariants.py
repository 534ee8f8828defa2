"""Invariants of the change review over random portfolios (Hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph
from strategies import portfolios

from stsm_graph import Portfolio, model
from stsm_graph.analysis import analyze, impact, review
from stsm_graph.analysis.diff import canonical_triples, diff
from stsm_graph.authoring.document_text import dump_document

from .strategies import example_settings

examples = example_settings()
STORES = ["memory", "oxigraph"]


def load(doc: model.PortfolioDocument, store: str) -> Portfolio:
    p = Portfolio(store=store)
    p.parse(dump_document(doc), format="yaml")
    return p


@st.composite
def versions(draw: st.DrawFn) -> tuple[model.PortfolioDocument, model.PortfolioDocument]:
    """Two versions of a portfolio: the same base, entries kept, edited, dropped or new."""
    old = draw(portfolios())
    other = draw(portfolios()).model_copy(update={"base": old.base})
    data = old.model_dump(exclude_none=True)
    if draw(st.booleans()):  # an edit of some labels only
        for entries in data.values():
            if isinstance(entries, list):
                for entry in entries:
                    if draw(st.booleans()):
                        entry["label"] = entry["label"] + " (new)"
        return old, model.PortfolioDocument.model_validate(data)
    return old, other


@pytest.mark.parametrize("store", STORES)
@examples
@given(doc=portfolios())
def test_a_portfolio_has_no_change_from_itself(store: str, doc: model.PortfolioDocument) -> None:
    # the same document on two stores: the same canonical graph
    assert diff(load(doc, store), load(doc, "oxigraph")).empty


@pytest.mark.parametrize("store", STORES)
@examples
@given(pair=versions())
def test_applying_the_diff_to_the_old_version_gives_the_new_graph(
    store: str, pair: tuple[model.PortfolioDocument, model.PortfolioDocument]
) -> None:
    old, new = load(pair[0], store), load(pair[1], store)
    d = diff(old, new)
    for lines, apply in (
        (d.triples_removed, old.store.remove_triples),
        (d.triples_added, old.store.add_triples),
    ):
        apply(Graph().parse(data="".join(f"{t} .\n" for t in lines), format="nt"))
    assert canonical_triples(old) == canonical_triples(new)
    assert diff(old, new).empty
    # every entity's triples are accounted for: added and removed ones hold only such
    assert {e.node for e in d.entities} >= {t.split(" ", 1)[0][1:-1] for t in d.triples_added}


@pytest.mark.parametrize("store", STORES)
@examples
@given(pair=versions())
def test_consequences_are_the_analyses_of_each_version(
    store: str, pair: tuple[model.PortfolioDocument, model.PortfolioDocument]
) -> None:
    old, new = load(pair[0], store), load(pair[1], store)
    r = review(old, new)
    a, b = analyze(old, shapes=False), analyze(new, shapes=False)
    unmet = ({u.need for u in a.unmet_needs}, {u.need for u in b.unmet_needs})
    partial = ({p.need for p in a.partially_met_needs}, {p.need for p in b.partially_met_needs})
    assert {n.node for n in r.newly_unmet} == unmet[1] - unmet[0]
    assert {n.node for n in r.newly_partially_met} == partial[1] - partial[0]
    met_after = set(b.coverage.needs_matrix.rows) - unmet[1] - partial[1]
    assert {n.node for n in r.newly_met} == met_after & (unmet[0] | partial[0])
    orphans = ({o.service for o in a.orphaned_services}, {o.service for o in b.orphaned_services})
    assert {o.service for o in r.newly_orphaned} == orphans[1] - orphans[0]
    unsupported = [{o.objective for o in x.coverage.objectives if not o.supported} for x in (a, b)]
    assert {o.node for o in r.newly_unsupported_objectives} == unsupported[1] - unsupported[0]
    assert len(r.integrity_introduced) - len(r.integrity_resolved) == len(b.integrity) - len(
        a.integrity
    )
    assert (r.portfolio_before, r.portfolio_after) == (a.coverage.portfolio, b.coverage.portfolio)
    if r.diff.empty:
        assert not (r.suspects or r.coverage_changes or r.integrity_introduced)


@pytest.mark.parametrize("store", STORES)
@examples
@given(pair=versions())
def test_suspects_are_the_union_of_the_impacts_of_the_changed_nodes(
    store: str, pair: tuple[model.PortfolioDocument, model.PortfolioDocument]
) -> None:
    old, new = load(pair[0], store), load(pair[1], store)
    r = review(old, new)
    changed = set(r.diff.nodes)
    reached: set[str] = set()
    for entity in r.diff.entities:
        for version, gone in ((new, "removed"), (old, "added")):
            if entity.change != gone:
                reached |= {a.node for a in impact(version, [entity.node]).affected}
    assert {s.node for s in r.suspects} == reached - changed
    for s in r.suspects:  # each explained by a path from a changed entity
        assert s.path[0] in changed and s.path[-1] == s.node and len(s.path) == s.distance + 1
