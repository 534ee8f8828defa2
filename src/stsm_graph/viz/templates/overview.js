// The overview's own interaction: a click opens a cluster (its members drawn below the
// overview, with the links between them), search finds clusters and members, a filter keeps
// one kind of cluster. It reads the data script's `nodes`, `edges`, `network` and `overview`
// (every member's label, style and cluster; the links inside clusters, by number) and writes
// only text (textContent), never HTML: every label stays text.
(function () {
  "use strict";
  const $ = function (id) { return document.getElementById(id); };
  const clusters = nodes.get({ filter: function (n) { return !n.band; } });
  const byId = new Map(clusters.map(function (c) { return [c.id, c]; }));
  const members = overview.members;
  const inCluster = new Map(overview.clusters.map(function (id) { return [id, []]; }));
  const indexOf = new Map();
  members.forEach(function (m, i) {
    inCluster.get(overview.clusters[m[3]]).push(i);
    indexOf.set(m[0], i);
  });
  const around = members.map(function () { return []; });
  overview.links.forEach(function (l, i) { around[l[0]].push(i); around[l[2]].push(i); });
  const state = { query: "", kind: "", all: false, focus: null };
  const opened = new Map();  // cluster id -> the member indexes drawn
  const insideIds = new Map();  // cluster id -> the ids of the links drawn inside it
  const bottom = Math.max.apply(null, clusters.map(function (c) { return c.y; })) + 220;
  const SPACE_X = 170, SPACE_Y = 90;

  function fill(select, values) {
    for (const v of Array.from(new Set(values))) {
      const option = document.createElement("option");
      option.value = v;
      option.textContent = v;
      select.appendChild(option);
    }
  }
  fill($("filter-kind"), clusters.map(function (c) { return c.kind; }));

  // where the next opened cluster's block starts: below everything drawn
  let lowest = bottom - SPACE_Y * 2;
  function nextTop() {
    return Math.max(bottom, lowest + SPACE_Y * 2);
  }

  // draw the members `shown` of a cluster: a block of rows by band, under the cluster
  function draw(id, shown) {
    const old = opened.get(id) || [];
    const top = old.length ? Math.min.apply(null, old.map(function (i) {
      return nodes.get("member:" + members[i][0]).y;
    })) : nextTop();
    nodes.remove(old.map(function (i) { return "member:" + members[i][0]; }));
    edges.remove(insideIds.get(id) || []);
    opened.set(id, shown);
    const tiers = new Map();
    for (const i of shown) {
      const t = overview.styles[members[i][2]].tier;
      if (!tiers.has(t)) tiers.set(t, []);
      tiers.get(t).push(i);
    }
    const centre = byId.get(id).x;
    const columns = Math.max(6, Math.ceil(Math.sqrt(shown.length) * 1.6));
    let row = 0;
    const drawn = [];
    for (const t of Array.from(tiers.keys()).sort(function (a, b) { return a - b; })) {
      const list = tiers.get(t).sort(function (a, b) {
        return members[a][1] < members[b][1] ? -1 : members[a][1] > members[b][1] ? 1 : 0;
      });
      list.forEach(function (i, k) {
        const inRow = Math.min(columns, list.length - Math.floor(k / columns) * columns);
        const m = members[i], style = overview.styles[m[2]];
        drawn.push(Object.assign({}, style, {
          id: "member:" + m[0], iri: m[0], label: m[1], member: i, cluster: id,
          title: [m[1], style.kind, m[0]].concat(style.state ? ["need: " + style.state] : [])
            .concat(style.status ? ["status: " + style.status] : []).join("\n"),
          x: centre + (k % columns - (inRow - 1) / 2) * SPACE_X,
          y: top + (row + Math.floor(k / columns)) * SPACE_Y,
        }));
      });
      row += Math.ceil(list.length / columns);
    }
    nodes.add(drawn);
    for (const n of drawn) lowest = Math.max(lowest, n.y);
    const here = new Set(shown);
    const lines = [];
    for (const i of shown) {
      for (const l of around[i]) {
        const link = overview.links[l];
        if (link[0] === i && here.has(link[2])) {
          lines.push({ id: "link:" + l, inside: id, from: "member:" + members[link[0]][0],
                       to: "member:" + members[link[2]][0], title: overview.names[link[1]] });
        }
      }
    }
    edges.add(lines);
    insideIds.set(id, lines.map(function (e) { return e.id; }));
    nodes.update({ id: id, borderWidth: shown.length ? 4 : 1 });
  }

  function close(id) {
    draw(id, []);
    opened.delete(id);
  }

  function open(id) {
    const all = inCluster.get(id);
    if (all.length <= overview.max_members) {
      draw(id, all.slice());
      // the members are drawn below the overview: go to them (Show all comes back)
      network.fit({ nodes: all.map(function (i) { return "member:" + members[i][0]; }) });
    } else if (!opened.has(id)) {
      draw(id, []);
    }
  }

  // a member picked from a large cluster's list: drawn with its neighbours in the cluster
  function pick(i) {
    const id = overview.clusters[members[i][3]];
    const shown = new Set(opened.get(id) || []);
    shown.add(i);
    for (const l of around[i]) {
      shown.add(overview.links[l][0]);
      shown.add(overview.links[l][2]);
    }
    draw(id, Array.from(shown));
    network.focus("member:" + members[i][0], { scale: 0.8 });
  }

  // each cluster's links to others (edge ids), and what apply() last drew: only changes are
  // written to the data sets (a million-triple overview has thousands of clusters and links)
  const linksOf = new Map(clusters.map(function (c) { return [c.id, []]; }));
  const linkById = new Map();
  for (const e of clusterLinks) {
    linkById.set(e.id, e);
    linksOf.get(e.from).push(e);
    linksOf.get(e.to).push(e);
  }
  const drawnAs = new Map(clusters.map(function (c) { return [c.id, "s1"]; }));
  const linksShown = new Set();

  function apply() {
    const query = state.query.trim().toLowerCase();
    const hits = new Map();
    let memberHits = 0;
    if (query !== "") {
      members.forEach(function (m) {
        if (String(m[1]).toLowerCase().includes(query)) {
          const id = overview.clusters[m[3]];
          hits.set(id, (hits.get(id) || 0) + 1);
          memberHits += 1;
        }
      });
    }
    const near = new Set();
    if (state.focus !== null) {
      near.add(state.focus);
      for (const e of linksOf.get(state.focus)) { near.add(e.from); near.add(e.to); }
    }
    let found = 0;
    const changed = [];
    // past a thousand clusters a focus is shown by selection, not by dimming all the others
    const dim = clusters.length <= 1000;
    for (const c of clusters) {
      const hit = query === "" || hits.has(c.id) || c.name.toLowerCase().includes(query);
      if (query !== "" && hit) found += 1;
      const lit = hit && (state.focus === null || !dim || near.has(c.id));
      const hidden = state.kind !== "" && c.kind !== state.kind;
      const key = (hidden ? "h" : "s") + (lit ? 1 : 0);
      if (drawnAs.get(c.id) !== key) {
        drawnAs.set(c.id, key);
        changed.push({ id: c.id, hidden: hidden, opacity: lit ? 1 : 0.15 });
      }
    }
    if (changed.length) nodes.update(changed);
    const wanted = new Set();
    if (state.all) for (const id of linkById.keys()) wanted.add(id);
    else if (state.focus !== null) for (const e of linksOf.get(state.focus)) wanted.add(e.id);
    const gone = Array.from(linksShown).filter(function (id) { return !wanted.has(id); });
    const come = Array.from(wanted).filter(function (id) { return !linksShown.has(id); });
    if (gone.length) edges.remove(gone);
    if (come.length) edges.add(come.map(function (id) { return linkById.get(id); }));
    linksShown.clear();
    for (const id of wanted) linksShown.add(id);
    if (!dim) network.selectNodes(state.focus === null ? [] : Array.from(near));
    $("found").textContent = query === "" ? "" :
      found + " cluster(s), " + memberHits + " member(s) found";
  }

  function add(tag, text, parent) {
    const el = document.createElement(tag);
    el.textContent = text;
    parent.appendChild(el);
    return el;
  }

  // the side panel: a cluster's facts and links, and a large cluster's members, searchable
  function facts(id) {
    const panel = $("facts");
    panel.replaceChildren();
    if (id === null) { panel.hidden = true; return; }
    panel.hidden = false;
    const c = byId.get(id);
    add("h2", c.name, panel);
    for (const line of String(c.title).split("\n").slice(1)) add("p", line, panel);
    const out = linksOf.get(id).slice().sort(function (a, b) { return b.count - a.count; });
    if (out.length) add("p", "Linked clusters (most links first):", panel);
    const list = add("ul", "", panel);
    for (const e of out.slice(0, 25)) {
      const other = byId.get(e.from === id ? e.to : e.from);
      add("li", (e.from === id ? "\u2192 " : "\u2190 ") + other.name + ": " + e.title, list);
    }
    if (out.length > 25) add("li", (out.length - 25) + " more", list);
    if (inCluster.get(id).length > overview.max_members) memberList(id, panel);
  }

  function memberList(id, panel) {
    const all = inCluster.get(id);
    add("p", all.length + " members, more than the " + overview.max_members +
      " drawn at once: find one, and a click draws it with its neighbours here.", panel);
    const input = add("input", "", panel);
    input.type = "search";
    input.id = "member-search";
    input.placeholder = "a member's label";
    const list = add("ul", "", panel);
    list.className = "members";
    const show = function () {
      list.replaceChildren();
      const q = input.value.trim().toLowerCase();
      const hits = all.filter(function (i) {
        return q === "" || String(members[i][1]).toLowerCase().includes(q);
      });
      for (const i of hits.slice(0, 200)) {
        const item = add("li", "", list);
        const button = add("button", members[i][1] + " (" +
          overview.styles[members[i][2]].kind + ")", item);
        button.type = "button";
        button.addEventListener("click", function () { pick(i); });
      }
      if (hits.length > 200) add("li", (hits.length - 200) + " more: narrow the search", list);
    };
    input.addEventListener("input", show);
    show();
  }

  function memberFacts(node) {
    const panel = $("facts");
    panel.replaceChildren();
    panel.hidden = false;
    add("h2", node.label, panel);
    for (const line of String(node.title).split("\n").slice(1)) add("p", line, panel);
    add("p", "in " + byId.get(node.cluster).name, panel);
    const list = add("ul", "", panel);
    for (const l of around[node.member]) {
      const link = overview.links[l];
      const out = link[0] === node.member;
      const other = members[out ? link[2] : link[0]][1];
      const name = overview.names[link[1]];
      add("li", (out ? name + " \u2192 " : "\u2190 " + name + " ") + other, list);
    }
  }

  $("search").addEventListener("input", function (ev) { state.query = ev.target.value; apply(); });
  $("filter-kind").addEventListener("change", function (ev) { state.kind = ev.target.value; apply(); });
  $("all-links").addEventListener("change", function (ev) { state.all = ev.target.checked; apply(); });
  $("clear").addEventListener("click", function () {
    state.query = state.kind = "";
    state.all = false;
    state.focus = null;
    for (const el of document.querySelectorAll("#tools select, #tools input")) {
      el.value = "";
      el.checked = false;
    }
    for (const id of Array.from(opened.keys())) close(id);
    facts(null);
    apply();
    network.fit();
  });

  function click(id) {
    if (id === null || !byId.has(id)) {
      state.focus = null;
      facts(null);
    } else if (state.focus === id && opened.has(id)) {
      close(id);  // a second click closes it
      state.focus = null;
      facts(null);
    } else {
      state.focus = id;
      open(id);
      facts(id);
    }
    apply();
  }
  network.on("click", function (params) {
    const id = params.nodes.length ? params.nodes[0] : null;
    const node = id === null ? null : nodes.get(id);
    if (node && node.member !== undefined) memberFacts(node);
    else click(id);
  });
  // for a reader (and the tests): open a cluster as a click would, pick a listed member
  window.stsmOpen = click;
  window.stsmPick = function (iri) { if (indexOf.has(iri)) pick(indexOf.get(iri)); };
  apply();
})();
