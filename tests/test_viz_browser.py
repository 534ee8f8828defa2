"""The pictures in a real browser: headless Chromium draws them, and runs nothing else.

These tests open the written pages in headless Chromium (``chromium`` on the ``PATH``, or
``STSM_TEST_CHROMIUM``) and read back the page after its scripts ran. They are skipped when
no such browser is installed; ``.ci/run`` installs Debian's ``chromium`` where it can.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from browser import BROWSER, open_page

from stsm_graph import Portfolio, model
from stsm_graph.analysis import impact, orphaned_services, unmet_needs
from stsm_graph.viz import impact_view, to_html, traceability_view

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "northwind-it-services.ttl"
EVIL = '</script><img src=x onerror="document.title=1">&amp;'
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless Chromium installed")


def _open(page: str, tmp_path: Path) -> tuple[str, str]:
    """Return the page's DOM after its scripts ran, and the browser's console messages."""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    dom, console, _urls = open_page(path, tmp_path)
    return dom, console


@pytest.fixture(scope="module")
def example() -> Portfolio:
    p = Portfolio()
    p.load(EXAMPLE)
    return p


def test_the_traceability_picture_is_drawn_without_a_complaint(
    example: Portfolio, tmp_path: Path
) -> None:
    dom, console = _open(to_html(traceability_view(example), title="Traceability"), tmp_path)
    assert "<canvas" in dom  # vis-network ran and drew
    assert console == ""  # no blocked script, no layout warning, no error


def test_the_impact_picture_is_drawn_with_its_legend(example: Portfolio, tmp_path: Path) -> None:
    report = impact(example, "comp-itsm-platform")
    dom, console = _open(to_html(impact_view(example, report), title="Impact"), tmp_path)
    assert "<canvas" in dom and console == ""
    assert '<li class="star">' in dom  # the changed node's star is in the legend


def test_a_label_is_drawn_as_text_and_never_runs(tmp_path: Path) -> None:
    p = Portfolio()
    p.add(model.StandardService(id="s", label=EVIL), base="https://example.org/v/")
    dom, console = _open(to_html(traceability_view(p), title=EVIL, subtitle=EVIL), tmp_path)
    assert "<canvas" in dom and console == ""
    assert "<title>&lt;/script&gt;&lt;img" in dom  # the title was not changed by the label
    assert "<img" not in dom


def test_a_script_that_slipped_into_the_page_is_refused(tmp_path: Path) -> None:
    p = Portfolio()
    p.add(model.StandardService(id="s", label="S"), base="https://example.org/v/")
    page = to_html(traceability_view(p), title="Safe")
    # as if some text had reached the page unescaped: only the page's own scripts may run
    page = page.replace("</body>", '<script>document.title = "ran";</script></body>')
    dom, console = _open(page, tmp_path)
    assert "<title>Safe</title>" in dom
    assert "Content Security Policy" in console
    assert "<canvas" in dom  # the picture itself still draws


# ------------------------------------------------------------ what the browser drew, read back
#: what the probe reads once the picture is drawn: each node's position and label box, as
#: vis-network drew them
DRAWN = """
  const out = {};
  const pos = network.getPositions();
  for (const id of Object.keys(pos)) {
    const box = network.getBoundingBox(id);
    const size = network.body.nodes[id].labelModule.size;
    out[id] = {x: pos[id].x, y: pos[id].y,
               label: [size.left, box.bottom - size.height, size.width, size.height]};
  }
  return out;
"""


def _probe(page: str, tmp_path: Path, body: str) -> Any:
    """Run ``body`` (a function's body) in the drawn page and return what it returned.

    The probe is added to the page allowed by its hash, as the page's own scripts are; it
    writes its answer into the page as JSON, which the test reads back from the DOM.
    """
    probe = (
        "setTimeout(function () {\n  const answer = (function () {" + body + "})();\n"
        '  const pre = document.createElement("pre");\n  pre.id = "probe";\n'
        "  pre.textContent = JSON.stringify(answer);\n  document.body.appendChild(pre);\n"
        "}, 1000);"
    )
    tmp_path.mkdir(parents=True, exist_ok=True)
    digest = base64.b64encode(hashlib.sha256(probe.encode("utf-8")).digest()).decode("ascii")
    page = page.replace("script-src ", f"script-src 'sha256-{digest}' ", 1)
    page = page.replace("</body>", f"<script>{probe}</script></body>")
    dom, console = _open(page, tmp_path)
    assert console == ""
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found is not None, "the probe did not run"
    return json.loads(html.unescape(found.group(1)))


def _drawn(page: str, tmp_path: Path) -> dict[str, Any]:
    """Return each node's position and label box, as the browser drew the page."""
    drawn: dict[str, Any] = _probe(page, tmp_path, DRAWN)
    return drawn


def _overlapping(drawn: dict[str, Any]) -> list[tuple[str, str]]:
    """Return the pairs of nodes whose label boxes overlap."""
    boxes = sorted((d["label"], n) for n, d in drawn.items())
    found = []
    for i, ((l1, t1, w1, h1), a) in enumerate(boxes):
        for (l2, t2, _w2, h2), b in boxes[i + 1 :]:
            if l2 >= l1 + w1:
                break  # sorted by left edge: no later box reaches back
            if t1 < t2 + h2 and t2 < t1 + h1:
                found.append((a, b))
    return found


def test_the_layered_picture_stands_still_and_no_labels_overlap(
    example: Portfolio, tmp_path: Path
) -> None:
    page = to_html(traceability_view(example), title="Traceability")
    first = _drawn(page, tmp_path / "1")
    second = _drawn(page, tmp_path / "2")
    assert first == second  # the same positions on two openings
    assert len(first) == len(traceability_view(example).nodes) > 200
    assert _overlapping(first) == []
    # the positions drawn are the ones the layout computed: no physics moved them
    net = traceability_view(example)
    assert {n["id"]: (n["x"], n["y"]) for n in net.nodes} == {
        n: (d["x"], d["y"]) for n, d in first.items()
    }


@pytest.mark.parametrize(
    "centre", ["svc-managed-backup", "comp-dc-slough", "Contoso Legal LLP", "obj-recurring-revenue"]
)
def test_no_labels_overlap_in_smaller_pictures(
    example: Portfolio, tmp_path: Path, centre: str
) -> None:
    for net in (
        traceability_view(example, around=centre, radius=2),
        impact_view(example, impact(example, centre, retire=True)),
    ):
        drawn = _drawn(to_html(net, title="t"), tmp_path / str(len(net.nodes)))
        assert len(drawn) == len(net.nodes) <= 200
        assert _overlapping(drawn) == []


def test_a_force_picture_is_left_to_the_physics(example: Portfolio, tmp_path: Path) -> None:
    net = traceability_view(example, around="svc-managed-backup", layout="force")
    assert all("x" not in n for n in net.nodes)
    dom, console = _open(to_html(net, title="t"), tmp_path)
    assert "<canvas" in dom and console == ""


#: reads what is drawn: the ids of the nodes shown, and of those lit (not dimmed)
_STATE = """
  const shown = nodes.get({filter: function (n) { return !n.hidden; }}).map(n => n.id);
  const lit = nodes.get({filter: function (n) { return !n.hidden && n.opacity !== 0.15; }})
    .map(n => n.id);
  return {shown: shown.sort(), lit: lit.sort(), panel: document.getElementById("facts").innerText};
"""


def _act(page: str, tmp_path: Path, steps: str) -> dict[str, Any]:
    """Run ``steps`` in the page, then read back which nodes are shown and which lit."""
    state: dict[str, Any] = _probe(page, tmp_path, steps + _STATE)
    return state


def _set(field: str, value: str) -> str:
    kind = "input" if field == "search" else "change"
    return (
        f"const el_{field.replace('-', '_')} = document.getElementById({json.dumps(field)});"
        f"el_{field.replace('-', '_')}.value = {json.dumps(value)};"
        f"el_{field.replace('-', '_')}.dispatchEvent(new Event({json.dumps(kind)}));"
    )


def test_search_filters_and_a_trace_change_what_is_drawn(
    example: Portfolio, tmp_path: Path
) -> None:
    net = traceability_view(example)
    page = to_html(net, title="T")
    ids = sorted(n["id"] for n in net.nodes)
    nothing = _act(page, tmp_path / "0", "")
    assert nothing["shown"] == nothing["lit"] == ids
    # search: the nodes whose label holds the text are lit, the others dimmed
    found = _act(page, tmp_path / "1", _set("search", "backup"))
    assert found["shown"] == ids
    assert found["lit"] == sorted(n["id"] for n in net.nodes if "backup" in n["label"].lower())
    # filters: by class, status, finding
    services = _act(page, tmp_path / "2", _set("filter-kind", "StandardService"))
    assert services["shown"] == sorted(n["id"] for n in net.nodes if n["kind"] == "StandardService")
    unmet = _act(page, tmp_path / "3", _set("filter-finding", "unmet"))
    expected = {n["id"] for n in net.nodes if "unmet" in n["findings"]}
    assert expected and unmet["shown"] == sorted(expected)
    assert expected == {u.need for u in unmet_needs(example)}
    orphans = _act(page, tmp_path / "4", _set("filter-finding", "orphaned"))
    assert orphans["shown"] == sorted(o.service for o in orphaned_services(example))
    planned = _act(page, tmp_path / "5", _set("filter-status", "Planned"))
    assert planned["shown"] == sorted(n["id"] for n in net.nodes if n["status"] == "Planned")
    # a click on a component lights its whole trace: up to the needs and stakeholders it
    # serves, not the needs of services it does not deliver
    comp = next(n["id"] for n in net.nodes if n["label"] == "Slough data centre")
    traced = _act(page, tmp_path / "6", f"stsmFocus({json.dumps(comp)});")
    lit = set(traced["lit"])
    reach = impact(example, comp)
    reached_needs = {a.node for a in reach.affected if a.type and a.type.endswith("#Need")}
    assert comp in lit and reached_needs and reached_needs <= lit
    needs = {n["id"] for n in net.nodes if n["kind"] == "Need"}
    assert needs - reached_needs - lit  # other needs stay dimmed
    assert traced["panel"].startswith("Slough data centre")
    assert "hasComponent" in traced["panel"]


def test_the_new_controls_keep_a_hostile_label_as_text(tmp_path: Path) -> None:
    p = Portfolio()
    p.add(
        model.Need(id="n", label=EVIL),
        model.StandardService(id="s", label=EVIL + "2", addresses=["n"]),
        base="https://example.org/v/",
    )
    page = to_html(traceability_view(p), title="T")
    state = _act(page, tmp_path, _set("search", "<img") + 'stsmFocus("https://example.org/v/s");')
    assert state["panel"].startswith(EVIL + "2")  # drawn as text in the side panel
    assert len(state["lit"]) == 2
    (tmp_path / "dom").mkdir()
    dom, _console = _open(page, tmp_path / "dom")
    assert "<img" not in dom


def test_the_view_command_exports_a_png(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from stsm_graph.cli import main

    target = tmp_path / "p.html"
    argv = ["view", str(EXAMPLE), "svc-managed-backup", "-o", str(target), "--export", "png"]
    out, err = io.StringIO(), io.StringIO()
    assert main(argv, out=out, err=err) == 0, err.getvalue()
    png = (tmp_path / "p.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    assert out.getvalue().splitlines()[-1] == f"wrote {tmp_path / 'p.png'}"
    # no browser: a clear error, and no image
    monkeypatch.setenv("STSM_CHROMIUM", "")
    monkeypatch.setenv("PATH", str(tmp_path))
    (tmp_path / "p.png").unlink()
    err = io.StringIO()
    assert main(argv, out=io.StringIO(), err=err) != 0
    assert "headless Chromium" in err.getvalue() and not (tmp_path / "p.png").exists()
    code = main([*argv[:-1], "svg"], out=io.StringIO(), err=io.StringIO())
    assert code == 2


# ------------------------------------------------------------ the overview of a large portfolio
@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated portfolio past the 2,000 nodes a picture draws one by one (~2,800 nodes)."""
    import sys

    sys.path.insert(0, str(EXAMPLE.parents[1] / "bench"))
    from generate import write  # the benchmark's generator

    path = tmp_path_factory.mktemp("generated") / "p15k.nt"
    write(15_000, str(path))
    return path


#: reads what the overview draws: the clusters shown and lit, the members drawn, the links
_OVERVIEW_STATE = """
  const all = nodes.get();
  const clusters = all.filter(n => n.members !== undefined && n.member === undefined);
  return {
    shown: clusters.filter(n => !n.hidden).map(n => n.id).sort(),
    lit: clusters.filter(n => !n.hidden && n.opacity !== 0.15).map(n => n.id).sort(),
    members: all.filter(n => n.member !== undefined).map(n => n.iri).sort(),
    inside: edges.get().filter(e => e.inside !== undefined)
      .map(e => [nodes.get(e.from).iri, e.title, nodes.get(e.to).iri]).sort(),
    links: edges.get().filter(e => e.inside === undefined && !e.hidden).length,
    panel: document.getElementById("facts").innerText,
    found: document.getElementById("found").textContent,
  };
"""


def test_the_overview_of_a_large_portfolio_opens_and_a_cluster_shows_its_members(
    generated: Path, tmp_path: Path
) -> None:
    import io

    from stsm_graph.analysis import overview
    from stsm_graph.cli import main

    target = tmp_path / "o.html"
    out, err = io.StringIO(), io.StringIO()
    assert main(["view", str(generated), "-o", str(target)], out=out, err=err) == 0, err
    assert "clusters of" in out.getvalue()  # past --max-nodes: the overview, not a refusal
    page = target.read_text("utf-8")
    p = Portfolio()
    p.load(generated)
    found = overview(p)
    line = next(c for c in found.clusters if c.kind == "service line")
    state = _probe(page, tmp_path / "0", _OVERVIEW_STATE)
    assert state["members"] == [] and state["links"] == 0
    assert state["shown"] == sorted(c.id for c in found.clusters)
    opened = _probe(page, tmp_path / "1", f"stsmOpen({json.dumps(line.id)});" + _OVERVIEW_STATE)
    assert opened["members"] == list(line.members)  # every member drawn, and no other
    inside = sorted(
        [s, p_.rsplit("#", 1)[-1], o]
        for s, p_, o in found.inner_links
        if found.cluster_of[s] == line.id
    )
    assert opened["inside"] == inside and inside  # with the links between them
    linked = {lk.target for lk in found.links if lk.source == line.id}
    linked |= {lk.source for lk in found.links if lk.target == line.id}
    assert opened["links"] == len([lk for lk in found.links if line.id in (lk.source, lk.target)])
    assert set(opened["lit"]) == linked | {line.id}  # the clusters it links to stay lit
    assert opened["panel"].startswith(line.label)
    # a second click closes it
    closed = _probe(
        page,
        tmp_path / "2",
        f"stsmOpen({json.dumps(line.id)}); stsmOpen({json.dumps(line.id)});" + _OVERVIEW_STATE,
    )
    assert closed["members"] == [] and closed["links"] == 0
    # the filter by kind, and search for a member's label: its cluster is lit
    systems = _probe(page, tmp_path / "3", _set("filter-kind", "service system") + _OVERVIEW_STATE)
    assert systems["shown"] == sorted(c.id for c in found.clusters if c.kind == "service system")
    member = next(
        n for n in found.nodes if found.cluster_of[n.node] == line.id and n.node != line.id
    )
    searched = _probe(page, tmp_path / "4", _set("search", member.label) + _OVERVIEW_STATE)
    assert line.id in searched["lit"] and "member(s) found" in searched["found"]


def test_a_cluster_too_large_to_draw_is_listed_and_a_picked_member_drawn(
    generated: Path, tmp_path: Path
) -> None:
    from stsm_graph.analysis import overview
    from stsm_graph.viz import overview_view

    p = Portfolio()
    p.load(generated)
    found = overview(p)
    group = next(c for c in found.clusters if c.kind == "stakeholder group")
    page = to_html(overview_view(p, max_members=50, result=found), title="O")
    assert len(group.members) > 50
    listed = _probe(page, tmp_path / "0", f"stsmOpen({json.dumps(group.id)});" + _OVERVIEW_STATE)
    assert listed["members"] == []  # nothing drawn: the members are listed instead
    assert f"{len(group.members)} members, more than the 50" in listed["panel"]
    person = next(n.node for n in found.nodes if found.cluster_of[n.node] == group.id
                  and (n.type or "").endswith(("Customer", "EndUser")))  # fmt: skip
    picked = _probe(
        page,
        tmp_path / "1",
        f"stsmOpen({json.dumps(group.id)}); stsmPick({json.dumps(person)});" + _OVERVIEW_STATE,
    )
    needs = {o for s, _p, o in found.inner_links if s == person}
    assert needs and set(picked["members"]) == needs | {person}  # it, with its neighbours


#: every choice of the stakeholder and service-line filters, and a click on every node: what
#: each shows (or lights), read back from the page's own data
_EVERY_CHOICE = """
  const shown = function (lit) {
    return nodes.get({filter: function (n) { return lit ? n.opacity !== 0.15 : !n.hidden; }})
      .map(function (n) { return n.id; }).sort();
  };
  const choose = function (field, value) {
    const el = document.getElementById(field);
    el.value = value;
    el.dispatchEvent(new Event("change"));
  };
  const out = {};
  for (const field of ["filter-stakeholder", "filter-line"]) {
    out[field] = {};
    for (const option of Array.from(document.getElementById(field).options)) {
      if (!option.value) continue;
      choose(field, option.value);
      out[field][option.value] = shown(false);
    }
    choose(field, "");
  }
  out.trace = {};
  for (const n of nodes.get()) {
    stsmFocus(n.id);
    out.trace[n.id] = shown(true);
  }
  return out;
"""


def _sorted(found: dict[str, frozenset[str]]) -> dict[str, list[str]]:
    return {n: sorted(t) for n, t in found.items()}


@pytest.mark.parametrize("around", [(), ("svc-managed-backup",)])
def test_the_filters_and_a_click_show_exactly_the_analysis_sets(
    example: Portfolio, tmp_path: Path, around: tuple[str, ...]
) -> None:
    from stsm_graph.analysis import neighbourhood, portfolio_graph, traces

    net = traceability_view(example, around=around)
    graph = neighbourhood(example, around, 2) if around else portfolio_graph(example)
    found = traces(graph)
    assert found.stakeholders and found.lines and len(found.trace) == len(net.nodes)
    page = _probe(to_html(net, title="T"), tmp_path, _EVERY_CHOICE)
    assert page["filter-stakeholder"] == _sorted(found.stakeholders)
    assert page["filter-line"] == _sorted(found.lines)
    assert page["trace"] == _sorted(found.trace)


def test_a_click_on_an_impact_picture_lights_the_trace_of_the_tree_drawn(
    example: Portfolio, tmp_path: Path
) -> None:
    from stsm_graph.analysis import GraphNode, NodeGraph, node_names, traces

    report = impact(example, "svc-managed-backup", retire=True)
    net = impact_view(example, report)
    kinds = {a.node: a.type for a in report.affected}
    kinds |= {n: cls for n, (cls, _label) in node_names(example, report.changed).items()}
    assert kinds.keys() == {n["id"] for n in net.nodes}
    tree = NodeGraph(
        tuple(GraphNode(n["id"], kinds[n["id"]], n["label"], None) for n in net.nodes),
        tuple((e["from"], e["title"], e["to"]) for e in net.edges),
    )
    page = _probe(to_html(net, title="T"), tmp_path, _EVERY_CHOICE)
    assert page["filter-line"] == {}  # an impact picture lists no line to filter by
    assert page["trace"] == _sorted(traces(tree).trace)
    assert page["filter-stakeholder"] == _sorted(traces(tree).stakeholders)


def test_a_click_on_a_change_picture_lights_the_trace_of_what_it_draws(
    example: Portfolio, tmp_path: Path
) -> None:
    from stsm_graph.analysis import GraphNode, NodeGraph, review, traces
    from stsm_graph.viz.change import change_view

    new = Portfolio()
    new.load(EXAMPLE)
    new.store.update("DELETE WHERE { <https://example.org/northwind/comp-dc-slough> ?p ?o }")
    found = review(example, new)
    net = change_view(found)
    kinds = {s.node: s.type for s in found.suspects}
    kinds |= {e.node: e.type for e in found.diff.entities}
    graph = NodeGraph(
        tuple(GraphNode(n["id"], kinds[n["id"]], n["label"], None) for n in net.nodes),
        tuple((e["from"], e["title"].split(" (")[0], e["to"]) for e in net.edges),
    )
    expected = traces(graph)
    assert max(len(t) for t in expected.trace.values()) > 2
    page = _probe(to_html(net, title="T"), tmp_path, _EVERY_CHOICE)
    assert page["trace"] == _sorted(expected.trace)


def test_the_whole_picture_names_a_link_on_hover_and_on_a_lit_trace(
    example: Portfolio, tmp_path: Path
) -> None:
    net = traceability_view(example)
    page = to_html(net, title="T")
    read = """
      const labels = Object.values(network.body.edges)
        .filter(e => e.labelModule.elementOptions.label).length;
      return {labels: labels, titles: edges.get().filter(e => /\\n/.test(e.title)).length};
    """
    quiet = _probe(page, tmp_path / "0", read)
    assert quiet == {"labels": 0, "titles": len(net.edges)}
    comp = next(n["id"] for n in net.nodes if n["label"] == "Slough data centre")
    lit = _probe(page, tmp_path / "1", f"stsmFocus({json.dumps(comp)});" + read)
    assert 0 < lit["labels"] < len(net.edges)
    cleared = _probe(
        page, tmp_path / "3", f"stsmFocus({json.dumps(comp)}); stsmFocus(null);" + read
    )
    assert cleared == quiet  # the names go with the trace
    around = traceability_view(example, around="svc-managed-backup", radius=1)
    named = _probe(to_html(around, title="T"), tmp_path / "2", read)
    assert named["labels"] == len(around.edges)  # a smaller picture keeps its names


#: where the first view put the picture, and the room the bands' names take at its left
_FIRST_VIEW = """
  const canvas = document.querySelector("#network canvas");
  const ctx = canvas.getContext("2d");
  ctx.font = "12px system-ui, sans-serif";
  const names = bands.flatMap(function (b) { return b.lines; });
  const room = Math.max.apply(null, names.map(function (l) { return ctx.measureText(l).width; }));
  const at = Object.values(network.getPositions()).map(function (p) {
    return network.canvasToDOM(p);
  });
  const xs = at.map(function (p) { return p.x; });
  const ys = at.map(function (p) { return p.y; });
  return {room: room, width: canvas.clientWidth, height: canvas.clientHeight,
          left: Math.min.apply(null, xs), right: Math.max.apply(null, xs),
          top: Math.min.apply(null, ys), bottom: Math.max.apply(null, ys), bands: bands};
"""


@pytest.mark.parametrize("around", [None, "svc-managed-backup"])
def test_the_first_view_shows_the_whole_picture_right_of_the_bands_names(
    example: Portfolio, tmp_path: Path, around: str | None
) -> None:
    net = traceability_view(example, around=around, radius=2)
    seen = _probe(to_html(net, title="t"), tmp_path, _FIRST_VIEW)
    assert seen["bands"] == net.bands and len(seen["bands"]) > 3
    assert seen["room"] < seen["left"] < seen["right"] < seen["width"]  # names clear of nodes
    assert 0 < seen["top"] < seen["bottom"] < seen["height"]
