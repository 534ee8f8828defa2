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
  const state = { query: "", kind: "", status: "", finding: "", focus: null };
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

  // the whole trace of a node: up through ever higher bands (to needs, objectives and
  // stakeholders), down through ever lower ones (to systems and components)
  function trace(start) {
    const seen = new Set([start]);
    const tier = function (id) { return byId.get(id).tier; };
    const kind = function (id) { return byId.get(id).kind; };
    for (const e of links.get(start)) seen.add(e.from === start ? e.to : e.from);
    for (const up of [true, false]) {
      const todo = [start];
      const walked = new Set([start]);
      while (todo.length) {
        const here = todo.pop();
        for (const e of links.get(here)) {
          const there = e.from === here ? e.to : e.from;
          // a link within a band between nodes of one class (a service that depends on
          // another) is followed from the one that uses to the one used: going down
          const along = tier(there) === tier(here) && kind(there) === kind(here) &&
            (up ? e.to === here : e.from === here);
          const onward = along || (up ? tier(there) < tier(here) : tier(there) > tier(here));
          if (onward && !walked.has(there)) {
            walked.add(there);
            seen.add(there);
            todo.push(there);
          }
        }
      }
    }
    return seen;
  }

  function shown(n) {
    if (state.kind && n.kind !== state.kind) return false;
    if (state.status && n.status !== state.status) return false;
    if (state.finding && !(n.findings || []).includes(state.finding)) return false;
    return true;
  }

  function apply() {
    const query = state.query.trim().toLowerCase();
    const traced = state.focus === null ? null : trace(state.focus);
    const found = [];
    nodes.update(all.map(function (n) {
      const hit = query === "" || String(n.label).toLowerCase().includes(query);
      if (query !== "" && hit) found.push(n.id);
      const lit = hit && (traced === null || traced.has(n.id));
      return { id: n.id, hidden: !shown(n), opacity: lit ? 1 : 0.15 };
    }));
    edges.update(edges.get().map(function (e) {
      const lit = traced === null || (traced.has(e.from) && traced.has(e.to));
      return { id: e.id, color: { opacity: lit ? 1 : 0.1 } };
    }));
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
  for (const f of ["kind", "status", "finding"]) {
    $("filter-" + f).addEventListener("change", function (ev) {
      state[f] = ev.target.value;
      apply();
    });
  }
  $("clear").addEventListener("click", function () {
    state.query = state.kind = state.status = state.finding = "";
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
  // for a reader (and the tests): focus a node as a click would
  window.stsmFocus = function (id) {
    state.focus = byId.has(id) ? id : null;
    facts(state.focus);
    apply();
  };
})();
