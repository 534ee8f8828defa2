"""The traceability picture of about 1,000 nodes (issue 17: written within 2 s, still within 2 s).

Loads a generated portfolio whose whole picture holds about a thousand nodes (5,500 triples:
1,007 nodes, 1,718 links), then times (wall and CPU time, best of 3, warm)
:func:`~stsm_graph.analysis.traces` alone and writing the whole page
(:func:`~stsm_graph.viz.traceability_view` and :func:`~stsm_graph.viz.save_html`), and reports
the page's size and the share of it the precomputed traces take. Then opens the page in
headless Chromium (when one is installed) and reports, from the page's own clock, when the
picture was first drawn after navigation, whether any node moved in the second after (fixed
positions: none should), and how long a click on the node with the longest trace takes to
light it (``stsmFocus``: the page's data updated; the canvas is redrawn on the next frame).

Usage::

    python bench/generate.py --size 5500 --seed 42 --out /tmp/p5500.nt
    python bench/view_speed.py /tmp/p5500.nt [--out view.html]
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from overview_speed import best_of, in_browser

from stsm_graph import Portfolio, analysis, viz

#: measures in the page: the first drawing (vis-network's ``afterDrawing``, or the probe's own
#: start if the drawing came first), the nodes moved a second later, and a click's trace lit
PROBE = """
const probeAt = performance.now();
let drawnAt = null, clickMs = null, lit = null;
network.once("afterDrawing", function () {
  drawnAt = performance.now();
  // a click's trace lit (the page's data updated) once drawn; the page's clock stands still
  // in the timers that run after the page has loaded, so it is timed here
  const start = performance.now();
  stsmFocus(WIDEST);
  clickMs = performance.now() - start;
  lit = nodes.get({filter: function (n) { return n.opacity !== 0.15; }}).length;
  stsmFocus(null);
});
setTimeout(function () {
  const before = network.getPositions();
  setTimeout(function () {
    const after = network.getPositions();
    const moved = Object.keys(before).filter(function (id) {
      return before[id].x !== after[id].x || before[id].y !== after[id].y;
    }).length;
    const pre = document.createElement("pre");
    pre.id = "probe";
    pre.textContent = JSON.stringify({drawn_ms: drawnAt === null ? probeAt : drawnAt,
      moved: moved, nodes: nodes.length, click_ms: clickMs, lit: lit});
    document.body.appendChild(pre);
  }, 1000);
}, 0);
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("portfolio")
    parser.add_argument("--out", default="view.html")
    args = parser.parse_args()
    p = Portfolio()
    p.load(args.portfolio)
    graph = analysis.portfolio_graph(p)
    size = f"{len(graph.nodes):,} nodes, {len(graph.links):,} links"
    print(f"{len(p):,} triples; the picture: {size}")
    took, found = best_of(3, lambda: analysis.traces(graph))
    assert isinstance(found, analysis.Traces)
    print(f"traces: {took:.3f} s")

    def write() -> None:
        viz.save_html(viz.traceability_view(p, max_nodes=5000), args.out, title="View")

    took, _ = best_of(3, write)
    page = Path(args.out).read_text("utf-8")
    net = viz.traceability_view(p, max_nodes=5000)
    traced = sum(  # each key and value, and its comma
        len(json.dumps(n[k])) + len(k) + 4
        for n in net.nodes
        for k in ("trace", "line_trace", "stakeholder")
        if k in n
    )
    print(
        f"view written: {took:.2f} s ({len(page.encode()) / 1e6:.2f} MB, of which the traces "
        f"{traced / 1e3:.0f} kB)"
    )
    widest = max(found.order, key=lambda n: (len(found.trace[n]), n))
    measured = in_browser(Path(args.out), PROBE.replace("WIDEST", json.dumps(widest)))
    if measured is None:
        print("in the browser: no headless Chromium, or the probe did not report")
    else:
        print(
            f"in the browser: {measured['nodes']} nodes drawn "
            f"{float(str(measured['drawn_ms'])) / 1000:.2f} s after navigation, "
            f"{measured['moved']} moved in the second after; a click lit a trace of "
            f"{measured['lit']} nodes in {float(str(measured['click_ms'])):.1f} ms"
        )
    print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
