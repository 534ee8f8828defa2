// The page's own interaction: search, filters, a node's trace, its facts. It reads the
// picture's data (the `nodes`, `edges` and `network` the data script made) and writes only
// text (textContent), never HTML: every label stays text.
(function () {
  "use strict";
  const all = nodes.get();
  const byId = new Map(all.map(function (n) { return [n.id, n]; }));
  const links = new Map(all.map(function (n) { return [n.id, []]; }));
  for (const e of edges.get()) {
    if (links.has(e.from)) links.get(e.from).push(e);
    if (links.has(e.to)) links.get(e.to).push(e);
  }
  const state = {
    query: "", kind: "", status: "", finding: "", stakeholder: "", line: "", focus: null,
  };
  let within = null;  // the nodes the stakeholder and service line filters keep (null: all)
  const $ = function (id) { return document.getElementById(id); };

  function fill(select, values) {
    for (const v of Array.from(new Set(values)).sort()) {
      const option = document.createElement("option");
      option.value = v;
      option.textContent = v;
      select.appendChild(option);
    }
  }
  fill($("filter-kind"), all.map(function (n) { return n.kind; }).filter(Boolean));
  fill($("filter-status"), all.map(function (n) { return n.status; }).filter(Boolean));
  fill($("filter-finding"), all.flatMap(function (n) { return n.findings || []; }));
  // the stakeholders and service lines drawn, each by its label (its IRI as the value)
  function fillNodes(select, list) {
    list.sort(function (a, b) { return a.label < b.label ? -1 : a.label > b.label ? 1 : 0; });
    for (const n of list) {
      const option = document.createElement("option");
      option.value = n.id;
      option.textContent = n.label;
      select.appendChild(option);
    }
  }
  // the stakeholders, and the service lines a drawn node is in: the analysis marked them
  fillNodes($("filter-stakeholder"), all.filter(function (n) { return n.stakeholder === true; }));
  fillNodes($("filter-line"), all.filter(function (n) { return Array.isArray(n.line_trace); }));
  // the link names: on the whole picture, shown on hover (the title) and on a lit trace only
  // (vis-network keeps a label once drawn: an edge loses it by being drawn anew without)
  const quiet = edges.get({ filter: function (e) { return e.quiet === true; } });
  const names = new Map(quiet.map(function (e) { return [e.id, e.label]; }));
  const named = new Set();
  function unname(ids) {
    const again = edges.get(ids).map(function (e) {
      const bare = Object.assign({}, e);
      delete bare.label;
      return bare;
    });
    edges.remove(ids);
    edges.add(again);
    for (const id of ids) named.delete(id);
  }
  edges.update(quiet.map(function (e) { return { id: e.id, title: e.label + "\n" + e.title }; }));
  unname(quiet.map(function (e) { return e.id; }));

  // the nodes of a list of positions: a node's trace, a filter's set, as the analysis gave
  // them (stsm_graph.analysis.traces); the page walks nothing
  // (a picture made without them: a node's trace is itself)
  function at(positions) {
    return new Set((positions || []).map(function (i) { return all[i].id; }));
  }
  function trace(id) { return at(byId.get(id).trace).add(id); }

  // the nodes the stakeholder and service-line filters keep: both, when both are chosen
  function keep() {
    let kept = null;
    const and = function (found) {
      kept = kept === null ? found : new Set(Array.from(found).filter(function (id) {
        return kept.has(id);
      }));
    };
    if (state.stakeholder && byId.has(state.stakeholder)) and(trace(state.stakeholder));
    if (state.line && byId.has(state.line)) and(at(byId.get(state.line).line_trace));
    return kept;
  }

  function shown(n) {
    if (within !== null && !within.has(n.id)) return false;
    if (state.kind && n.kind !== state.kind) return false;
    if (state.status && n.status !== state.status) return false;
    if (state.finding && !(n.findings || []).includes(state.finding)) return false;
    return true;
  }

  // what apply() last drew of each node ("s1": shown and lit, as first drawn) and edge ("1":
  // lit, "0": dimmed, "1n": lit and named): only what changes is written to the data sets
  const nodeAs = new Map();
  const edgeAs = new Map();
  const ends = edges.get().map(function (e) { return { id: e.id, from: e.from, to: e.to }; });

  function apply() {
    const query = state.query.trim().toLowerCase();
    const traced = state.focus === null ? null : trace(state.focus);
    const found = [];
    const changed = [];
    for (const n of all) {
      const hit = query === "" || String(n.label).toLowerCase().includes(query);
      if (query !== "" && hit) found.push(n.id);
      const lit = hit && (traced === null || traced.has(n.id));
      const hidden = !shown(n);
      const key = (hidden ? "h" : "s") + (lit ? "1" : "0");
      if ((nodeAs.get(n.id) || "s1") !== key) {
        nodeAs.set(n.id, key);
        changed.push({ id: n.id, hidden: hidden, opacity: lit ? 1 : 0.15 });
      }
    }
    if (changed.length) nodes.update(changed);
    const unnamed = [];
    const lines = [];
    for (const e of ends) {
      const lit = traced === null || (traced.has(e.from) && traced.has(e.to));
      const name = lit && traced !== null && names.has(e.id);
      const key = (lit ? "1" : "0") + (name ? "n" : "");
      if ((edgeAs.get(e.id) || "1") === key) continue;
      edgeAs.set(e.id, key);
      const change = { id: e.id, color: { opacity: lit ? 1 : 0.1 } };
      if (name) {
        change.label = names.get(e.id);
        named.add(e.id);
      } else if (named.has(e.id)) {
        unnamed.push(e.id);
      }
      lines.push(change);
    }
    if (lines.length) edges.update(lines);
    if (unnamed.length) unname(unnamed);
    $("found").textContent = query === "" ? "" : found.length + " found";
    if (found.length) network.selectNodes(found.filter(function (id) {
      return shown(byId.get(id));
    }));
  }

  function facts(id) {
    const panel = $("facts");
    panel.replaceChildren();
    if (id === null) { panel.hidden = true; return; }
    panel.hidden = false;
    const n = byId.get(id);
    const add = function (tag, text, parent) {
      const el = document.createElement(tag);
      el.textContent = text;
      (parent || panel).appendChild(el);
      return el;
    };
    add("h2", n.label);
    for (const line of String(n.title).split("\n").slice(1)) add("p", line);
    if ((n.findings || []).length) add("p", "findings: " + n.findings.join(", "));
    const list = add("ul", "");
    for (const e of links.get(id)) {
      const out = e.from === id;
      const other = byId.get(out ? e.to : e.from);
      const text = (out ? e.label + " \u2192 " : "\u2190 " + e.label + " ") + other.label;
      add("li", text, list);
    }
  }

  $("search").addEventListener("input", function (ev) { state.query = ev.target.value; apply(); });
  for (const f of ["kind", "status", "finding", "stakeholder", "line"]) {
    $("filter-" + f).addEventListener("change", function (ev) {
      state[f] = ev.target.value;
      within = keep();
      apply();
    });
  }
  $("clear").addEventListener("click", function () {
    state.query = state.kind = state.status = state.finding = "";
    state.stakeholder = state.line = "";
    within = null;
    state.focus = null;
    for (const el of document.querySelectorAll("#tools select, #tools input")) el.value = "";
    facts(null);
    apply();
  });
  network.on("click", function (params) {
    state.focus = params.nodes.length ? params.nodes[0] : null;
    facts(state.focus);
    apply();
  });
  // the tabs: the picture, or the matrices beside it (when the page has them)
  if ($("tabs")) {
    const show = function (matrices) {
      $("picture").hidden = matrices;
      $("matrices").hidden = !matrices;
      $("show-picture").setAttribute("aria-pressed", String(!matrices));
      $("show-matrices").setAttribute("aria-pressed", String(matrices));
    };
    $("show-picture").addEventListener("click", function () { show(false); });
    $("show-matrices").addEventListener("click", function () { show(true); });
    window.stsmShowMatrices = show;
    if (window.location.hash === "#matrices") show(true);  // a link straight to them
  }
  // the bands of a layered picture (none in the force layout): every other one shaded, and
  // each named at the picture's left edge by what it holds (the legend's words for the
  // classes drawn in it), where the name stays as the picture moves; the first view leaves
  // room on the left for the names
  if (bands.length > 1) {
    const FONT = "12px system-ui, sans-serif";
    const LINE = 15;
    const PAD = 6;
    let fitted = false;
    network.on("beforeDrawing", function (ctx) {
      ctx.save();
      ctx.fillStyle = "#f3f4f6";
      bands.forEach(function (b, i) {
        if (i % 2 === 1) ctx.fillRect(-1e6, b.top, 2e6, b.bottom - b.top);
      });
      ctx.restore();
    });
    const widest = function (ctx, lines) {
      return Math.max.apply(null, lines.map(function (l) { return ctx.measureText(l).width; }));
    };
    network.on("afterDrawing", function (ctx) {
      const width = ctx.canvas.clientWidth;
      const height = ctx.canvas.clientHeight;
      if (!width || !height) return;  // drawn while hidden (the matrices tab)
      ctx.save();
      const ratio = ctx.canvas.width / width;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.font = FONT;
      ctx.textBaseline = "top";
      if (!fitted) {  // once: the whole picture, right of the widest name
        fitted = true;
        const room = widest(ctx, bands.flatMap(function (b) { return b.lines; })) + 3 * PAD;
        const xs = Object.values(network.getPositions()).map(function (p) { return p.x; });
        const left = Math.min.apply(null, xs) - 80;
        const right = Math.max.apply(null, xs) + 80;
        const top = bands[0].top;
        const bottom = bands[bands.length - 1].bottom;
        const scale = Math.min(1, (width - room - 10) / (right - left), (height - 10) / (bottom - top));
        ctx.restore();
        network.moveTo({
          position: { x: (left + right) / 2 - room / 2 / scale, y: (top + bottom) / 2 },
          scale: scale,
          animation: false,
        });
        return;  // moveTo draws again
      }
      for (const b of bands) {
        const top = Math.max(network.canvasToDOM({ x: 0, y: b.top }).y, 0);
        const bottom = Math.min(network.canvasToDOM({ x: 0, y: b.bottom }).y, height);
        const fits = Math.floor((bottom - top - 2 * PAD) / LINE);
        if (fits < 1) continue;  // the band is off the screen, or too thin to name
        const lines = b.lines.slice(0, fits);
        if (lines.length < b.lines.length) lines[lines.length - 1] += " \u2026";
        ctx.fillStyle = "rgba(255, 255, 255, 0.85)";
        ctx.fillRect(0, top + PAD / 2, widest(ctx, lines) + 2 * PAD, lines.length * LINE + PAD);
        ctx.fillStyle = "#44474f";
        lines.forEach(function (line, i) { ctx.fillText(line, PAD, top + PAD + i * LINE); });
      }
      ctx.restore();
    });
  }
  // for a reader (and the tests): focus a node as a click would
  window.stsmFocus = function (id) {
    state.focus = byId.has(id) ? id : null;
    facts(state.focus);
    apply();
  };
})();
