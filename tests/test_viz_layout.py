"""The layered layout: bands from the tiers, the same positions for the same picture."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stsm_graph import Portfolio
from stsm_graph.analysis import impact
from stsm_graph.viz import impact_view, traceability_view
from stsm_graph.viz.layout import LABEL_WIDTH, layered_positions, tier_of
from stsm_graph.vocabulary.tables import CLASS_GROUPS, CLASS_TIERS

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "northwind-it-services.ttl"


@pytest.fixture(scope="module")
def example() -> Portfolio:
    p = Portfolio()
    p.load(EXAMPLE)
    return p


def test_every_class_has_a_tier_and_a_display_group() -> None:
    assert set(CLASS_TIERS) == set(CLASS_GROUPS)


def test_the_example_is_drawn_in_bands_each_link_kind_pointing_one_way(
    example: Portfolio,
) -> None:
    for net in (
        traceability_view(example),
        impact_view(example, impact(example, "comp-dc-slough", retire=True)),
    ):
        nodes = {n["id"]: n for n in net.nodes}
        assert net.options["physics"] == {"enabled": False}
        # every node of a band lies below every node of the bands above it
        lowest: dict[int, int] = {}
        highest: dict[int, int] = {}
        for n in nodes.values():
            t = tier_of(n["kind"])
            lowest[t] = max(lowest.get(t, n["y"]), n["y"])
            highest[t] = min(highest.get(t, n["y"]), n["y"])
        tiers = sorted(lowest)
        assert all(lowest[a] < highest[b] for a, b in itertools.pairwise(tiers))
        # so the links of one kind between two bands all point the same way
        ways: dict[str, set[bool]] = {}
        for e in net.edges:
            a, b = nodes[e["from"]], nodes[e["to"]]
            if tier_of(a["kind"]) != tier_of(b["kind"]):
                ways.setdefault(e["label"], set()).add(a["y"] < b["y"])
        assert ways and all(len(w) == 1 for w in ways.values()), ways


def test_the_same_picture_gets_the_same_positions(example: Portfolio) -> None:
    one = {n["id"]: (n["x"], n["y"]) for n in traceability_view(example).nodes}
    two = {n["id"]: (n["x"], n["y"]) for n in traceability_view(example).nodes}
    assert one == two


_labels = st.text(st.sampled_from("ab W.-"), min_size=0, max_size=60)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([*sorted(CLASS_TIERS), "x"]), _labels), min_size=1, max_size=40
    ),
    st.lists(st.tuples(st.integers(0, 39), st.integers(0, 39)), max_size=60),
    st.randoms(use_true_random=False),
)
def test_positions_do_not_depend_on_order_and_labels_keep_apart(
    kinds: list[tuple[str, str]], links: list[tuple[int, int]], rnd: random.Random
) -> None:
    nodes = [(f"urn:x:{i}", kind, label) for i, (kind, label) in enumerate(kinds)]
    edges = [(nodes[a][0], nodes[b][0]) for a, b in links if a < len(nodes) and b < len(nodes)]
    pos = layered_positions(nodes, edges)
    shuffled_nodes, shuffled_edges = list(nodes), list(edges)
    rnd.shuffle(shuffled_nodes)
    rnd.shuffle(shuffled_edges)
    assert layered_positions(shuffled_nodes, shuffled_edges) == pos
    # two nodes on the same row stand at least their labels' half widths apart
    for i, (a, _ka, la) in enumerate(nodes):
        for b, _kb, lb in nodes[i + 1 :]:
            if pos[a][1] == pos[b][1]:
                need = (min(LABEL_WIDTH, 7.2 * len(la)) + min(LABEL_WIDTH, 7.2 * len(lb))) / 2
                assert abs(pos[a][0] - pos[b][0]) >= need - 1  # rounded to pixels
