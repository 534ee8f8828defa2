"""The one walk: its reach is networkx's descendants, its paths are shortest and fixed."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import URIRef
from stores_under_test import STORES, make_portfolio

from stsm_graph.analysis.walk import links_from, shortest_paths

NODES = [f"urn:x:{i}" for i in range(8)]
PROPS = ["urn:p:a", "urn:p:b"]

links_st = st.lists(
    st.tuples(st.sampled_from(NODES), st.sampled_from(PROPS), st.sampled_from(NODES)),
    max_size=25,
)
sources_st = st.lists(st.sampled_from(NODES), min_size=1, max_size=3, unique=True)


@settings(max_examples=200, deadline=None)
@given(links_st, sources_st)
def test_reach_is_descendants_and_paths_are_shortest(
    links: list[tuple[str, str, str]], sources: list[str]
) -> None:
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(NODES)
    graph.add_edges_from((a, b, p) for a, p, b in links)
    found = shortest_paths(links, sources)
    expected = set().union(*(nx.descendants(graph, s) for s in sources)) - set(sources)
    assert set(found.order) == expected
    lengths = {s: nx.single_source_shortest_path_length(graph, s) for s in sources}
    for node in found.order:
        best = min(lengths[s][node] for s in sources if node in lengths[s])
        path, via = found.path[node], found.via[node]
        assert found.distance[node] == best == len(path) - 1 == len(via)
        assert path[0] in sources and path[-1] == node
        for (a, b), p in zip(itertools.pairwise(path), via, strict=True):
            assert graph.has_edge(a, b, key=p)
    assert [found.distance[n] for n in found.order] == sorted(
        found.distance[n] for n in found.order
    )


@settings(max_examples=100, deadline=None)
@given(links_st, sources_st, st.randoms())
def test_the_paths_do_not_depend_on_the_order_of_links_or_sources(
    links: list[tuple[str, str, str]], sources: list[str], rnd: random.Random
) -> None:
    shuffled, others = list(links), list(sources)
    rnd.shuffle(shuffled)
    rnd.shuffle(others)
    assert shortest_paths(links, sources) == shortest_paths(shuffled, others)


def test_of_two_shortest_paths_the_smallest_parent_and_link_win() -> None:
    links = [
        ("urn:x:s", "urn:p:b", "urn:x:m2"),
        ("urn:x:s", "urn:p:b", "urn:x:m1"),
        ("urn:x:m2", "urn:p:a", "urn:x:t"),
        ("urn:x:m1", "urn:p:b", "urn:x:t"),
        ("urn:x:m1", "urn:p:a", "urn:x:t"),
    ]
    found = shortest_paths(links, ["urn:x:s"])
    assert found.path["urn:x:t"] == ("urn:x:s", "urn:x:m1", "urn:x:t")
    assert found.via["urn:x:t"] == ("urn:p:b", "urn:p:a")
    assert found.order == ("urn:x:m1", "urn:x:m2", "urn:x:t")


@pytest.mark.parametrize("store", STORES)
@settings(max_examples=60, deadline=None)
@given(links_st, sources_st, st.none() | st.integers(min_value=1, max_value=3))
def test_the_walk_on_a_store_has_the_paths_of_the_links_it_read(
    store: str,
    links: list[tuple[str, str, str]],
    sources: list[str],
    max_depth: int | None,
) -> None:
    """``links_from`` reads its paths off its levels: those networkx gives for its links.

    ``urn:p:a`` carries a change from object to subject, ``urn:p:b`` from subject to object.
    """
    p = make_portfolio(store)
    if links:
        p.parse("".join(f"<{a}> <{prop}> <{b}> .\n" for a, prop, b in links), format="nt")
    found = links_from(p, sources, [URIRef("urn:p:a")], [URIRef("urn:p:b")], max_depth)
    walked = {(b, prop, a) if prop == "urn:p:a" else (a, prop, b) for a, prop, b in links}
    assert set(found.links) <= walked
    expected = shortest_paths(found.links, sorted(sources))
    assert found.paths == expected
    if max_depth is None:  # the whole reach: the paths of every link
        assert found.paths == shortest_paths(walked, sources)
    else:
        assert max(found.paths.distance.values()) <= max_depth
