// tinhgon interactive page: legend, filters, search, language switch, freeze button.
// TG_DATA (nodes, edges, options, legend, notes …) is written by graph/viz.py.
(function () {
  "use strict";
  const errors = [];
  const errBox = document.getElementById("errors");
  function recordError(msg) {
    errors.push(String(msg));
    errBox.textContent = errors.join("\n");
    errBox.hidden = false;
    document.body.dataset.errors = String(errors.length);
  }
  window.addEventListener("error", (e) => recordError(e.message || e));
  window.addEventListener("unhandledrejection", (e) => recordError(e.reason));

  // How long the page took to open (ms since navigation: parse, data, layout), read by benchmarks/bench.py:
  // each step's end is marked on <body> as data-t-<step>.
  const since = () => String(Math.round(performance.now()));
  const phases = {};
  function mark(step) { phases[step] = Number(since()); document.body.dataset.phases = JSON.stringify(phases); }
  mark("script");
  const D = TG_DATA;
  const UI = {
    vi: { legend: "Chú giải", province: "Tỉnh", kind: "Loại", status: "Trạng thái", freeze: "Cố định bố cục",
          unfreeze: "Cho chạy lại", fit: "Vừa khung", shown: "Đang hiện {a} / {b} nút (ngưỡng {c})",
          matches: "{n} kết quả", none: "Không có kết quả", central: "(Trung ương / không rõ)",
          hint: "Di chuột lên nút để xem chi tiết và trích dẫn nguồn; kéo để di chuyển; cuộn để phóng to.",
          aggregated: "Đồ thị lớn hơn ngưỡng nên đã được gộp:",
          cluster: "Gộp theo tỉnh", uncluster: "Mở tất cả các tỉnh",
          clustered: "Mỗi tỉnh là một cụm: nhấp đúp để mở.",
          rels: { implements: "thực hiện", reviews: "kết luận về", cites: "viện dẫn", haltedBy: "bị dừng bởi" } },
    en: { legend: "Legend", province: "Province", kind: "Kind", status: "Status", freeze: "Freeze layout",
          unfreeze: "Resume physics", fit: "Fit", shown: "Showing {a} of {b} nodes (budget {c})",
          matches: "{n} matches", none: "No match", central: "(central / unknown)",
          hint: "Hover a node for its facts and source quote; drag to move; scroll to zoom.",
          aggregated: "The graph is bigger than the budget, so it was aggregated:",
          cluster: "Cluster by province", uncluster: "Open all provinces",
          clustered: "Each province is one cluster: double-click to open it.",
          rels: { implements: "implements", reviews: "reviews", cites: "cites", haltedBy: "halted by" } },
  };
  let lang = D.lang;
  const fmt = (s, o) => s.replace(/\{(\w)\}/g, (_, k) => o[k]);
  const fold = (s) => String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d").toLowerCase();
  const label = (key) => (D.labels[key] || { vi: key, en: key })[lang];

  // Tooltips: vis-network shows a string title as plain text, so give it an element.
  function tip(html) { const el = document.createElement("div"); el.innerHTML = html; return el; }
  const nodeItems = D.nodes.map((n) => Object.assign({}, n, { title: tip(n["tooltip_" + D.lang]) }));
  const nodes = new vis.DataSet(nodeItems);
  const edges = new vis.DataSet(D.edges);
  const container = document.getElementById("network");
  const network = new vis.Network(container, { nodes, edges }, D.options);
  window.tgNetwork = network;
  mark("network");

  // A big page comes laid out (graph/viz.py layout) with physics off: it opens frozen, drawn at once.
  const laidOut = D.options.physics.enabled === false;
  let frozen = laidOut;
  const freezeBtn = document.getElementById("freeze");
  freezeBtn.classList.toggle("on", frozen);
  function setFrozen(f) {
    frozen = f;
    network.setOptions({ physics: { enabled: !f } });
    freezeBtn.classList.toggle("on", f);
    freezeBtn.textContent = UI[lang][f ? "unfreeze" : "freeze"];
  }
  freezeBtn.addEventListener("click", () => setFrozen(!frozen));
  document.getElementById("fit").addEventListener("click", () => network.fit({ animation: true }));
  network.once("stabilizationIterationsDone", () => {
    document.body.dataset.stableMs = since();
    document.body.dataset.state = "stable";
    if (D.nodes.length > 150) setFrozen(true);  // big graphs: stop burning CPU once settled
  });
  network.on("afterDrawing", () => {
    if (document.body.dataset.state === "loading") document.body.dataset.state = "drawn";
    if (!document.body.dataset.drawnMs) document.body.dataset.drawnMs = since();
    document.body.dataset.drawn = String(nodes.length);
    document.body.dataset.visible = String(network.body.nodeIndices.length);  // on the canvas: clusters count one
  });

  // The overview: one cluster per province (graph/viz.py province_clusters), opened by a double-click.
  const clusterBtn = document.getElementById("cluster");
  const byId = new Map(D.nodes.map((n) => [n.id, n]));
  const closed = new Set();  // the ids of the province clusters now closed
  function closedClusters() { return D.clusters.filter((c) => closed.has(c.id)); }
  function markClusters() { document.body.dataset.clusters = String(closedClusters().length); }
  // Each cluster is made without refreshing the network (vis-network's refreshData = false), and the
  // network is refreshed once at the end: one refresh per province costs seconds at 60 provinces.
  function clusterAll() {
    for (const c of D.clusters) {
      if (closed.has(c.id)) continue;
      closed.add(c.id);
      network.cluster({
        joinCondition: (n) => { const o = byId.get(n.id); return o && o.provinces.length === 1 && o.provinces[0] === c.province; },
        clusterNodeProperties: {
          // A box: the province's name and counts sit inside it, not in a caption that overlaps its neighbours.
          id: c.id, label: c["label_" + lang], shape: "box", margin: 10,
          color: { background: D.clusterStyle.color, border: c.halted ? D.clusterStyle.halted : "#6d4c68" },
          borderWidth: c.halted ? 4 : 2, font: { size: 13 + Math.min(6, Math.round(Math.sqrt(c.size) / 2)), color: "#ffffff" },
          title: c["label_" + lang],
        },
        clusterEdgeProperties: { color: "#9a9a9a", width: 1.2 },
      }, false);
    }
    network.body.emitter.emit("_dataChanged");
    markClusters(); renderClusterBtn();
  }
  function openAll() {
    for (const c of closedClusters()) { network.openCluster(c.id, {}, false); closed.delete(c.id); }
    network.body.emitter.emit("_dataChanged");
    markClusters(); renderClusterBtn();
  }
  function renderClusterBtn() {
    clusterBtn.hidden = D.clusters.length === 0;
    clusterBtn.textContent = UI[lang][closedClusters().length ? "uncluster" : "cluster"];
  }
  clusterBtn.addEventListener("click", () => (closedClusters().length ? openAll() : clusterAll()));
  network.on("doubleClick", (p) => {
    const id = p.nodes.length === 1 ? p.nodes[0] : null;
    if (closed.has(id)) { network.openCluster(id); closed.delete(id); markClusters(); renderClusterBtn(); }
  });
  if (D.clusters.length) {
    clusterAll(); mark("clustered");
    if (!laidOut) network.stabilize();  // lay out the clusters, not the nodes they hide
  }
  if (laidOut) network.fit();
  mark("layout-started");

  // Filters: a node shows when its province, kind and status are all ticked.
  const facets = {
    province: (n) => (n.provinces && n.provinces.length ? n.provinces : [""]),
    kind: (n) => [n.kind || ""],
    status: (n) => (n.cls === "change" ? [n.status || ""] : null),  // only changes have a status
  };
  const active = {};
  function buildFilter(name) {
    const box = document.getElementById("f-" + name);
    const counts = new Map();
    for (const n of D.nodes) for (const v of facets[name](n) || []) counts.set(v, (counts.get(v) || 0) + 1);
    active[name] = new Set(counts.keys());
    box.innerHTML = "";
    [...counts.keys()].sort().forEach((v) => {
      const l = document.createElement("label");
      const cb = document.createElement("input");
      cb.type = "checkbox"; cb.checked = true; cb.value = v;
      cb.addEventListener("change", () => { cb.checked ? active[name].add(v) : active[name].delete(v); applyFilters(); });
      const text = document.createElement("span");
      text.dataset.value = v; text.dataset.facet = name;
      const n = document.createElement("span"); n.className = "n"; n.textContent = counts.get(v);
      l.append(cb, text, n); box.append(l);
    });
    box.closest("section").hidden = counts.size === 0;
  }
  function facetText(name, v) {
    if (name === "province") return v || UI[lang].central;
    return label(v);
  }
  function applyFilters() {
    const updates = D.nodes.map((n) => {
      let show = true;
      for (const name of Object.keys(facets)) {
        const vals = facets[name](n);
        if (vals && !vals.some((v) => active[name].has(v))) show = false;
      }
      return { id: n.id, hidden: !show };
    });
    nodes.update(updates);
  }
  Object.keys(facets).forEach(buildFilter);
  mark("filters");

  // Search: folded (accent-free) substring of labels, number, full name and IRI.
  const search = document.getElementById("search");
  const result = document.getElementById("search-result");
  search.addEventListener("input", () => {
    const q = fold(search.value.trim());
    if (!q) { network.unselectAll(); result.textContent = ""; return; }
    const ids = D.nodes.filter((n) => n.search.includes(q)).map((n) => n.id);
    network.selectNodes(ids);
    result.textContent = ids.length ? fmt(UI[lang].matches, { n: ids.length }) : UI[lang].none;
    if (ids.length) network.fit({ nodes: ids, animation: true });
  });

  // Legend and language.
  // first: the page's own language, in which the nodes and edges were made (nothing to relabel).
  function renderText(first) {
    document.documentElement.lang = lang;
    document.getElementById("heading").textContent = D.heading[lang];
    document.getElementById("counts").textContent =
      fmt(UI[lang].shown, { a: D.counts.shown, b: D.counts.total, c: D.counts.budget });
    const notes = document.getElementById("notes");
    notes.innerHTML = "";
    if (D.notes.length) {
      const div = document.createElement("div"); div.className = "note";
      div.textContent = UI[lang].aggregated + " " + D.notes.map((n) => n[lang]).join("; ") + ".";
      notes.append(div);
    }
    if (D.clusters.length) {
      const div = document.createElement("div"); div.className = "note";
      div.textContent = UI[lang].clustered; notes.append(div);
    }
    document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = UI[lang][el.dataset.t]; });
    const lg = document.getElementById("legend"); lg.innerHTML = "";
    for (const item of D.legend) {
      const li = document.createElement("li");
      const sw = document.createElement("span");
      sw.className = "sw " + item.shape + (item.key === "halted" ? " halted" : "");
      sw.style.background = item.color;
      li.append(sw, document.createTextNode(item[lang])); lg.append(li);
    }
    const el = document.getElementById("edge-legend"); el.innerHTML = "";
    for (const rel of ["implements", "reviews", "cites", "haltedBy"]) {
      if (!D.edges.some((e) => e.rel === rel)) continue;
      const li = document.createElement("li");
      const ln = document.createElement("span");
      ln.className = "ln" + (rel === "cites" || rel === "haltedBy" ? " dash" : "");
      ln.style.borderTopColor = D.edgeStyles[rel];
      li.append(ln, document.createTextNode(UI[lang].rels[rel])); el.append(li);
    }
    document.querySelectorAll(".filter span[data-facet]").forEach((s) => {
      s.textContent = facetText(s.dataset.facet, s.dataset.value);
    });
    document.querySelectorAll("#lang-switch button").forEach((b) => b.classList.toggle("on", b.dataset.lang === lang));
    freezeBtn.textContent = UI[lang][frozen ? "unfreeze" : "freeze"];
    document.getElementById("fit").textContent = UI[lang].fit;
    renderClusterBtn();
    if (first) return;
    // Labels were broken into lines between words by graph/viz.py, in both languages.
    nodes.update(D.nodes.map((n) => ({ id: n.id, label: n["label_lines_" + lang], title: tip(n["tooltip_" + lang]) })));
    edges.update(D.edges.map((e) => Object.assign({ id: e.id, title: e["title_" + lang] },
      e["role_" + lang] ? { label: e["role_" + lang] } : {})));
    for (const c of closedClusters()) {
      network.clustering.updateClusteredNode(c.id, { label: c["label_" + lang], title: c["label_" + lang] });
    }
  }
  document.querySelectorAll("#lang-switch button").forEach((b) =>
    b.addEventListener("click", () => { lang = b.dataset.lang; renderText(); }));
  renderText(true);
  mark("text");
  if (laidOut) {  // nothing to settle: stable once the page, clusters closed, is drawn
    network.once("afterDrawing", () => { document.body.dataset.stableMs = since(); document.body.dataset.state = "stable"; });
    network.redraw();
  }
})();
