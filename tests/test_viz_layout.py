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
from stsm_graph.viz import impact_view, to_html, traceability_view
from stsm_graph.viz.layout import LABEL_WIDTH, band_captions, layered_positions, tier_of
from stsm_graph.vocabulary.shown import kind_words
from stsm_graph.vocabulary.tables import CLASS_GROUPS, CLASS_TIERS, DISPLAY_GROUPS

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


# ------------------------------------------------------------ the bands' shading and names
def test_the_example_s_bands_name_what_they_hold(example: Portfolio) -> None:
    net = traceability_view(example)
    bands = net.bands
    assert [b["lines"] for b in bands] == [
        ["customer, end user", "competitor offering,", "customer feedback,",
         "market trend, opportunity"],
        ["need", "objective", "service agreement", "standard service plan"],
        ["level requirement", "SLA template", "catalog, description", "plan action"],
        ["standard service", "service line"],
        ["capability", "service level", "critical attribute", "service element",
         "variation point", "tailoring criterion", "satisfaction measurement,",
         "usage measurement"],
        ["service system"],
        ["service system component"],
    ]  # fmt: skip
    for n in net.nodes:  # each node in the band of its tier
        (band,) = [b for b in bands if b["top"] <= n["y"] < b["bottom"]]
        assert band is bands[sorted({tier_of(m["kind"]) for m in net.nodes}).index(
            tier_of(n["kind"]))]  # fmt: skip


def test_a_force_picture_has_no_bands(example: Portfolio) -> None:
    net = traceability_view(example, around="svc-managed-backup", layout="force")
    assert getattr(net, "bands", []) == []
    assert "const bands = [];" in to_html(net, title="t")


_KINDS = st.sampled_from([*sorted(CLASS_TIERS), "untyped", "ext:Thing"])


@given(st.lists(st.tuples(_KINDS, st.integers(-5000, 5000)), max_size=40))
@settings(max_examples=200, deadline=None)
def test_bands_follow_each_other_and_hold_their_nodes(placed: list[tuple[str, int]]) -> None:
    # the layout puts a band below the one before it: give each tier its own stretch of y
    placed = [(kind, tier_of(kind) * 20000 + y) for kind, y in placed]
    bands = band_captions(placed)
    assert len(bands) == len({tier_of(k) for k, _y in placed})
    assert all(a["bottom"] == b["top"] for a, b in itertools.pairwise(bands))
    assert all(b["top"] < b["bottom"] and b["lines"] for b in bands)
    for kind, y in placed:
        (band,) = [b for b in bands if b["top"] <= y < b["bottom"]]
        words = " ".join(band["lines"])
        group = CLASS_GROUPS.get(kind, "OtherGroup")
        # named by its group's legend words, or by its own
        assert DISPLAY_GROUPS[group][0] in words or kind_words(kind).lower() in words.lower()
