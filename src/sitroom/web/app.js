// sitroom web page: a client of the JSON API. Every piece of data is put on the
// page with textContent / DOM nodes (never innerHTML): article text is untrusted.
"use strict";
(function () {
  const W = 960, H = 480, TL_PAD = 16;
  const MAX_ZOOM = 64, FIT_MAX_ZOOM = 24, FIT_MIN_SPAN = 16; // fit: at most this zoom, at least this many map units
  const SVG = "http://www.w3.org/2000/svg";
  const TYPE_COLORS = {
    "Battles": "#d7301f", "Violence against civilians": "#7a0177", "Explosions/Remote violence": "#ef6c00",
    "Riots": "#b8860b", "Protests": "#1f78b4", "Strategic developments": "#33a02c",
  };
  const FILTER_KEYS = ["type", "actor", "country", "q", "since", "until", "background"];
  const state = { type: "", actor: "", country: "", q: "", since: "", until: "", background: "", sort: "date",
                  event: "", tab: "events" };
  let events = [];
  let view = { k: 1, x: 0, y: 0 };
  let weeks = [];
  let tlW = 960, tlH = 100; // the timeline's drawing size = its size on screen (text is not stretched)
  let lastStats = null;
  let loadSeq = 0;

  const $ = (sel) => document.querySelector(sel);

  // Text from articles is isolated: each string child goes into a <bdi dir="auto">, so an unclosed
  // right-to-left override in a title or a name cannot reorder the text after it.
  const NO_ISOLATE = new Set(["option", "title", "bdi", "textarea", "style", "script"]);
  function el(tag, attrs, ...children) {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) n.setAttribute(k, String(v));
    for (const c of children) {
      if (c === null || c === undefined) continue;
      if (c instanceof Node) n.append(c);
      else if (NO_ISOLATE.has(tag)) n.append(String(c));
      else n.append(el("bdi", { dir: "auto" }, String(c)));
    }
    return n;
  }
  // The server counts offsets in code points (Python); a JS string counts UTF-16 units (an emoji is 1
  // code point, 2 units). unitOffsets(text)(cp) -> the UTF-16 index of code point cp (-1 outside).
  function unitOffsets(text) {
    const at = [];
    let u = 0;
    for (const ch of text) { at.push(u); u += ch.length; }
    at.push(u);
    return (cp) => (Number.isInteger(cp) && cp >= 0 && cp < at.length ? at[cp] : -1);
  }
  function svg(tag, attrs) {
    const n = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, String(v));
    return n;
  }
  function clear(n) { while (n.firstChild) n.removeChild(n.firstChild); }
  function color(type) {
    if (TYPE_COLORS[type]) return TYPE_COLORS[type];
    let h = 0;
    for (const ch of String(type)) h = (h * 31 + ch.charCodeAt(0)) % 360;
    return `hsl(${h}, 55%, 45%)`;
  }
  function status(msg) { $("#status").textContent = msg; }

  // ------------------------------------------------------------ URL <-> state
  function readHash() {
    const p = new URLSearchParams(location.hash.replace(/^#/, ""));
    for (const k of Object.keys(state)) state[k] = p.get(k) || (k === "sort" ? "date" : k === "tab" ? "events" : "");
  }
  function writeHash() {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(state)) {
      if (v && !(k === "sort" && v === "date") && !(k === "tab" && v === "events")) p.set(k, v);
    }
    const h = p.toString();
    if (location.hash.replace(/^#/, "") !== h) history.replaceState(null, "", h ? "#" + h : location.pathname);
  }
  function query(keys, extra) {
    const p = new URLSearchParams();
    for (const k of keys) if (state[k]) p.set(k, k === "background" ? "1" : state[k]);
    for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
    return p.toString();
  }
  async function api(path) {
    const r = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await r.json();
    if (!r.ok) throw new Error((body.error && body.error.message) || r.statusText);
    return body;
  }

  // ------------------------------------------------------------ filters form
  function syncForm() {
    for (const k of FILTER_KEYS) {
      const input = $("#filter-" + k);
      if (k === "background") input.checked = !!state.background;
      else if (input.value !== state[k]) input.value = state[k];
    }
  }
  function bindForm() {
    for (const k of FILTER_KEYS) {
      const input = $("#filter-" + k);
      const ev = input.tagName === "SELECT" || input.type === "checkbox" || input.type === "date" ? "change" : "input";
      let timer = null;
      input.addEventListener(ev, () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          state[k] = k === "background" ? (input.checked ? "1" : "") : input.value.trim();
          state.event = "";
          refresh();
        }, ev === "input" ? 300 : 0);
      });
    }
    $("#filters").addEventListener("submit", (e) => e.preventDefault());
    $("#clear-filters").addEventListener("click", () => {
      for (const k of FILTER_KEYS) state[k] = "";
      state.event = "";
      syncForm();
      refresh();
    });
    for (const th of document.querySelectorAll("th.sortable")) {
      th.addEventListener("click", () => {
        const s = th.dataset.sort;
        state.sort = s === "date" ? (state.sort === "date" ? "-date" : "date") : s;
        refresh();
      });
    }
    for (const b of document.querySelectorAll("#tabs button")) {
      b.addEventListener("click", () => { state.tab = b.dataset.tab; showTab(); writeHash(); });
    }
    $("#close-panel").addEventListener("click", () => { state.event = ""; $("#event-panel").hidden = true; markSelected(); writeHash(); });
  }
  function fillTypes(byType) {
    const sel = $("#filter-type");
    const have = new Set([...sel.options].map((o) => o.value));
    for (const t of byType) {
      if (!have.has(t.event_type)) sel.append(el("option", { value: t.event_type }, t.event_type));
    }
    if (state.type && !have.has(state.type) && !byType.some((t) => t.event_type === state.type)) {
      sel.append(el("option", { value: state.type }, state.type));
    }
    sel.value = state.type;
  }
  async function loadActors() {
    try {
      const a = await api("/api/actors?limit=500");
      const dl = $("#actor-list");
      clear(dl);
      for (const it of a.items) dl.append(el("option", { value: it.name }));
    } catch (e) { /* the filter still works without suggestions */ }
  }

  // ------------------------------------------------------------ refresh
  async function refresh() {
    writeHash();
    syncForm();
    const seq = ++loadSeq;
    document.body.dataset.loading = "1";
    status("loading…");
    $("#export-csv").href = "/api/events?" + query(FILTER_KEYS, { format: "csv", sort: state.sort });
    $("#export-geojson").href = "/api/events?" + query(FILTER_KEYS, { format: "geojson", sort: state.sort });
    $("#brief-link").href = "/brief?" + query(FILTER_KEYS);
    try {
      // the timeline shows every date (so a range can be chosen); the legend counts what the filters select
      const dated = !!(state.since || state.until);
      const [page, st, stDated] = await Promise.all([
        api("/api/events?" + query(FILTER_KEYS, { limit: "1000", sort: state.sort })),
        api("/api/stats?" + query(FILTER_KEYS.filter((k) => k !== "since" && k !== "until"))),
        dated ? api("/api/stats?" + query(FILTER_KEYS)) : null,
      ]);
      if (seq !== loadSeq) return;
      events = page.items;
      fillTypes(st.by_type);
      drawTimeline(st);
      fitView();
      drawList();
      drawLegend((stDated || st).by_type);
      const total = page.total_exact === false ? `${page.total}+` : `${page.total}`;
      status(`${total} event reports` + (page.total > events.length ? ` (showing ${events.length})` : ""));
      if (state.tab !== "events") loadTab();
      if (state.event) openEvent(state.event);
    } catch (e) {
      if (seq === loadSeq) status("error: " + e.message);
    } finally {
      if (seq === loadSeq) delete document.body.dataset.loading;
    }
  }

  // ------------------------------------------------------------ list
  function fmtDate(d) {
    if (!d || !d.start) return "?";
    if (!d.end || d.end === d.start) return d.start;
    return d.end.slice(0, 4) === d.start.slice(0, 4) ? `${d.start} – ${d.end.slice(5)}` : `${d.start} – ${d.end}`;
  }
  function fmtDead(f) {
    if (!f) return "";
    if (f.low !== null && f.high !== null && f.low !== f.high) return `${f.low}–${f.high}`;
    return f.best !== null ? String(f.best) : f.low !== null ? `${f.low}+` : "";
  }
  function dateCell(d) {
    // "2021-02-10 – 02-17" may break before the dash, never inside a date
    const [a, b] = fmtDate(d).split(" – ");
    const td = el("td", { class: "date" }, el("span", {}, a));
    if (b) td.append(" ", el("span", {}, "– " + b));
    return td;
  }
  function slashBreaks(text) {
    // "Shelling/artillery/missile attack": a line may break after each slash
    const span = el("span");
    String(text).split("/").forEach((part, i, all) => {
      span.append(part + (i < all.length - 1 ? "/" : ""));
      if (i < all.length - 1) span.append(el("wbr"));
    });
    return span;
  }
  function actorsCell(e) {
    const a1 = e.actor1 || e.actor1_mention, a2 = e.actor2 || e.actor2_mention;
    const td = el("td", { class: "actors" });
    if (a1) td.append(el("span", { class: "actor" }, a1));
    if (a2) td.append(el("span", { class: "actor" }, a1 ? el("span", { class: "muted" }, "v ") : null, a2));
    if (!a1 && !a2) td.append("–");
    return td;
  }
  function drawList() {
    const tb = $("#event-list tbody");
    clear(tb);
    for (const th of document.querySelectorAll("th.sortable")) {
      const on = th.dataset.sort === state.sort.replace("-", "");
      th.classList.toggle("sorted", on);
      th.classList.toggle("asc", on && state.sort === "date");
    }
    for (const e of events) {
      const loc = e.location || {};
      const dot = el("span", { class: "type-dot" });
      dot.style.background = color(e.event_type);
      const tr = el("tr", { "data-id": e.report_id },
        dateCell(e.date),
        el("td", { class: "type" }, dot, slashBreaks(e.sub_event_type || e.event_type)),
        el("td", { class: "place" }, [loc.name, loc.country].filter(Boolean).join(", ") || "?"),
        actorsCell(e),
        el("td", { class: "killed" }, fmtDead(e.fatalities)));
      tr.addEventListener("click", () => openEvent(e.report_id));
      tb.append(tr);
    }
    if (!events.length) tb.append(el("tr", {}, el("td", { colspan: 5, class: "muted" }, "No events match.")));
    markSelected();
  }
  function markSelected() {
    for (const tr of document.querySelectorAll("#event-list tbody tr")) tr.classList.toggle("selected", tr.dataset.id === state.event);
    for (const c of document.querySelectorAll("#map .pt")) c.classList.toggle("selected", c.dataset.id === state.event);
  }

  // ------------------------------------------------------------ map
  const proj = (lon, lat) => [(lon + 180) * W / 360, (90 - lat) * H / 180];
  function ringPath(ring) {
    let d = "", prev = null;
    for (const [lon, lat] of ring) {
      const [x, y] = proj(lon, lat);
      d += (prev === null || Math.abs(lon - prev) > 180 ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
      prev = lon;
    }
    return d + "Z";
  }
  function geomPath(g) {
    if (!g) return "";
    const polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    return polys.map((p) => p.map(ringPath).join("")).join("");
  }
  async function drawBase() {
    const map = $("#map");
    const base = svg("g", { id: "base" });
    const grat = svg("path", { class: "graticule" });
    let d = "";
    for (let lon = -180; lon <= 180; lon += 30) { const [x] = proj(lon, 0); d += `M${x},0V${H}`; }
    for (let lat = -60; lat <= 60; lat += 30) { const [, y] = proj(0, lat); d += `M0,${y}H${W}`; }
    grat.setAttribute("d", d);
    base.append(grat);
    map.append(base, svg("g", { id: "points" }));
    try {
      if (!window.topojson) throw new Error("topojson-client missing");
      const r = await fetch("vendor/countries-110m.json");
      if (!r.ok) throw new Error("no country outlines");
      const topo = await r.json();
      const fc = window.topojson.feature(topo, topo.objects.countries);
      for (const f of fc.features) {
        const name = (f.properties && f.properties.name) || "";
        const p = svg("path", { class: "country", d: geomPath(f.geometry), "data-name": name });
        const t = svg("title");
        t.textContent = name;
        p.append(t);
        base.append(p);
      }
      $("#map-note").textContent = "Country outlines: Natural Earth (public domain).";
    } catch (e) {
      $("#map-note").textContent = "Map outlines not installed (the package's web/vendor/ files are missing); list and timeline work.";
    }
    applyView();
  }
  function visibleBox() {
    // the part of the map's drawing space (viewBox units) that is on screen: the box is rarely 2:1
    const r = $("#map").getBoundingClientRect();
    if (!r.width || !r.height) return { x: 0, y: 0, w: W, h: H };
    const s = Math.min(r.width / W, r.height / H), w = r.width / s, h = r.height / s;
    return { x: (W - w) / 2, y: (H - h) / 2, w, h };
  }
  function fitView() {
    // show the events listed: zoom to their extent (the whole world when they are spread over it)
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const e of events) {
      const loc = e.location;
      if (!loc || loc.lat === null || loc.lon === null || loc.lat === undefined) continue;
      const [x, y] = proj(loc.lon, loc.lat);
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
    view = { k: 1, x: 0, y: 0 };
    if (x0 !== Infinity) {
      const box = visibleBox(), pad = 0.8;
      const bw = Math.max(x1 - x0, FIT_MIN_SPAN), bh = Math.max(y1 - y0, FIT_MIN_SPAN);
      const k = Math.min(FIT_MAX_ZOOM, pad * box.w / bw, pad * box.h / bh);
      if (k > 1) {
        const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
        view = { k, x: box.x + box.w / 2 - cx * k, y: box.y + box.h / 2 - cy * k };
      }
    }
    applyView();
  }
  function applyView() {
    $("#base").setAttribute("transform", `translate(${view.x},${view.y}) scale(${view.k})`);
    drawPoints();
  }
  function clusters() {
    const cell = 22, groups = new Map();
    for (const e of events) {
      const loc = e.location;
      if (!loc || loc.lat === null || loc.lon === null) continue;
      const [px, py] = proj(loc.lon, loc.lat);
      const x = px * view.k + view.x, y = py * view.k + view.y;
      const key = Math.floor(x / cell) + ":" + Math.floor(y / cell);
      let g = groups.get(key);
      if (!g) { g = { x: 0, y: 0, items: [] }; groups.set(key, g); }
      g.x += x; g.y += y; g.items.push(e);
    }
    return [...groups.values()].map((g) => ({ x: g.x / g.items.length, y: g.y / g.items.length, items: g.items }));
  }
  function drawPoints() {
    const layer = $("#points");
    if (!layer) return;
    clear(layer);
    for (const c of clusters()) {
      const dead = c.items.reduce((s, e) => s + ((e.fatalities && e.fatalities.best) || 0), 0);
      const byType = {};
      for (const e of c.items) byType[e.event_type] = (byType[e.event_type] || 0) + 1;
      const top = Object.entries(byType).sort((a, b) => b[1] - a[1])[0][0];
      const r = c.items.length > 1 ? 7 + Math.min(16, Math.sqrt(c.items.length) * 2.2) : 4 + Math.min(14, Math.sqrt(dead) * 1.6);
      const circle = svg("circle", { class: "pt", cx: c.x.toFixed(1), cy: c.y.toFixed(1), r: r.toFixed(1), fill: color(top) });
      const title = svg("title");
      if (c.items.length === 1) {
        const e = c.items[0];
        circle.dataset.id = e.report_id;
        title.textContent = `${e.sub_event_type || e.event_type} — ${(e.location || {}).name || ""} ${fmtDate(e.date)}` +
          (dead ? ` — ${dead} killed` : "");
        circle.addEventListener("click", (ev) => { ev.stopPropagation(); openEvent(e.report_id); });
      } else {
        title.textContent = `${c.items.length} events, ${dead} killed (click to zoom in)`;
        circle.addEventListener("click", (ev) => { ev.stopPropagation(); zoomAt(c.x, c.y, 2.5); });
      }
      circle.append(title);
      layer.append(circle);
      if (c.items.length > 1) {
        const label = svg("text", { class: "cluster-label", x: c.x.toFixed(1), y: c.y.toFixed(1) });
        label.textContent = String(c.items.length);
        layer.append(label);
      }
    }
    markSelected();
  }
  function svgPoint(evt) {
    const m = $("#map").getScreenCTM();
    return m ? [(evt.clientX - m.e) / m.a, (evt.clientY - m.f) / m.d] : [0, 0];
  }
  function zoomAt(x, y, factor) {
    const k = Math.max(1, Math.min(MAX_ZOOM, view.k * factor));
    const f = k / view.k;
    view = { k, x: x - (x - view.x) * f, y: y - (y - view.y) * f };
    if (k === 1) view = { k: 1, x: 0, y: 0 };
    applyView();
  }
  function bindMap() {
    const map = $("#map");
    map.addEventListener("wheel", (e) => {
      e.preventDefault();
      const [x, y] = svgPoint(e);
      zoomAt(x, y, e.deltaY < 0 ? 1.4 : 1 / 1.4);
    }, { passive: false });
    let drag = null;
    map.addEventListener("pointerdown", (e) => {
      if (e.target.classList && e.target.classList.contains("pt")) return;
      drag = { p: svgPoint(e), v: { ...view } };
      map.classList.add("dragging");
      map.setPointerCapture(e.pointerId);
    });
    map.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const [x, y] = svgPoint(e);
      view = { k: drag.v.k, x: drag.v.x + x - drag.p[0], y: drag.v.y + y - drag.p[1] };
      applyView();
    });
    const end = () => { drag = null; map.classList.remove("dragging"); };
    map.addEventListener("pointerup", end);
    map.addEventListener("pointercancel", end);
    map.addEventListener("dblclick", (e) => { const [x, y] = svgPoint(e); zoomAt(x, y, 2); });
  }
  function drawLegend(byType) {
    const lg = $("#legend");
    clear(lg);
    for (const t of byType) {
      const sw = el("span", { class: "swatch" });
      sw.style.background = color(t.event_type);
      lg.append(el("div", {}, sw, `${t.event_type} (${t.count})`));
    }
  }

  // ------------------------------------------------------------ timeline
  function addDays(iso, n) {
    const d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }
  function drawTimeline(st) {
    const tl = $("#timeline");
    clear(tl);
    lastStats = st;
    const size = tl.getBoundingClientRect();
    if (size.width > 0 && size.height > 0) { tlW = size.width; tlH = size.height; }
    tl.setAttribute("viewBox", `0 0 ${tlW} ${tlH}`);
    const TL_W = tlW, TL_H = tlH;
    const rows = st.by_week.filter((w) => w.week);
    if (!rows.length) { weeks = []; return; }
    const first = rows[0].week, last = rows[rows.length - 1].week;
    weeks = [];
    for (let w = first; w <= last; w = addDays(w, 7)) weeks.push(w);
    const idx = new Map(weeks.map((w, i) => [w, i]));
    const stacks = weeks.map(() => []);
    for (const r of rows) stacks[idx.get(r.week)].push(r);
    const maxN = Math.max(1, ...stacks.map((s) => s.reduce((a, x) => a + x.count, 0)));
    const bw = (TL_W - 2 * TL_PAD) / weeks.length, plotH = TL_H - 18;
    stacks.forEach((s, i) => {
      let y = plotH;
      for (const w of s) {
        const h = (w.count / maxN) * (plotH - 4);
        y -= h;
        const rect = svg("rect", { x: (TL_PAD + i * bw + 0.5).toFixed(2), y: y.toFixed(2),
          width: Math.max(1, bw - 1).toFixed(2), height: h.toFixed(2), fill: color(w.event_type) });
        const t = svg("title");
        t.textContent = `week of ${w.week}: ${w.count} ${w.event_type}`;
        rect.append(t);
        tl.append(rect);
      }
    });
    // as many labels as fit (about 90 px each); the first starts at its bar, the last ends at its bar,
    // so neither runs off the edge
    const ticks = Math.max(1, Math.min(8, weeks.length, Math.floor((TL_W - 2 * TL_PAD) / 90)));
    for (let j = 0; j < ticks; j++) {
      const i = ticks === 1 ? 0 : Math.round(j * (weeks.length - 1) / (ticks - 1));
      const first = j === 0, last = j === ticks - 1 && ticks > 1;
      const x = first ? TL_PAD + i * bw : last ? TL_PAD + (i + 1) * bw : TL_PAD + (i + 0.5) * bw;
      const label = svg("text", { class: "axis", x: x.toFixed(1), y: TL_H - 4,
        "text-anchor": first ? "start" : last ? "end" : "middle" });
      label.textContent = weeks[i];
      tl.append(label);
    }
    drawBrush();
  }
  function weekIndexAt(x) {
    const bw = (tlW - 2 * TL_PAD) / weeks.length;
    return Math.max(0, Math.min(weeks.length - 1, Math.floor((x - TL_PAD) / bw)));
  }
  function drawBrush() {
    const old = $("#timeline .brush");
    if (old) old.remove();
    if (!weeks.length || (!state.since && !state.until)) return;
    const bw = (tlW - 2 * TL_PAD) / weeks.length;
    const from = state.since ? weeks.findIndex((w) => addDays(w, 6) >= state.since) : 0;
    let to = weeks.length - 1;
    if (state.until) { to = -1; weeks.forEach((w, i) => { if (w <= state.until) to = i; }); }
    if (from < 0 || to < from) return;
    $("#timeline").append(svg("rect", { class: "brush", x: TL_PAD + from * bw, y: 0, width: (to - from + 1) * bw, height: tlH - 16 }));
  }
  function bindTimeline() {
    const tl = $("#timeline");
    let start = null;
    const xOf = (e) => { const r = tl.getBoundingClientRect(); return (e.clientX - r.left) * tlW / r.width; };
    tl.addEventListener("pointerdown", (e) => { if (!weeks.length) return; start = xOf(e); tl.setPointerCapture(e.pointerId); });
    tl.addEventListener("pointermove", (e) => {
      if (start === null) return;
      const a = weekIndexAt(Math.min(start, xOf(e))), b = weekIndexAt(Math.max(start, xOf(e)));
      const old = $("#timeline .brush");
      if (old) old.remove();
      const bw = (tlW - 2 * TL_PAD) / weeks.length;
      tl.append(svg("rect", { class: "brush", x: TL_PAD + a * bw, y: 0, width: (b - a + 1) * bw, height: tlH - 16 }));
    });
    tl.addEventListener("pointerup", (e) => {
      if (start === null) return;
      const x0 = Math.min(start, xOf(e)), x1 = Math.max(start, xOf(e));
      start = null;
      if (x1 - x0 < 3) return;
      state.since = weeks[weekIndexAt(x0)];
      state.until = addDays(weeks[weekIndexAt(x1)], 6);
      state.event = "";
      refresh();
    });
    tl.addEventListener("dblclick", () => { state.since = ""; state.until = ""; refresh(); });
  }

  // ------------------------------------------------------------ event panel
  function highlighted(text, marks) {
    // marks: [{start, end, cls}] -> a <div> of text nodes and <mark> elements (never innerHTML)
    const box = el("div", { class: "article", dir: "auto" });
    const unit = unitOffsets(text);
    marks = marks.map((m) => ({ ...m, start: unit(m.start), end: unit(m.end) }));
    const sorted = marks.filter((m) => m.start >= 0 && m.end > m.start && m.end <= text.length).sort((a, b) => a.start - b.start);
    let pos = 0, first = null;
    for (const m of sorted) {
      if (m.start < pos) continue;
      box.append(document.createTextNode(text.slice(pos, m.start)));
      const mk = el("mark", { class: m.cls }, text.slice(m.start, m.end));
      if (m.cls === "evidence" && !first) first = mk;
      box.append(mk);
      pos = m.end;
    }
    box.append(document.createTextNode(text.slice(pos)));
    return [box, first];
  }
  function safeLink(url, label) {
    return /^https?:\/\//i.test(url || "") ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, label) : label;
  }
  function dl(pairs) {
    const d = el("dl");
    for (const [k, v] of pairs) if (v !== null && v !== undefined && v !== "") d.append(el("dt", {}, k), el("dd", {}, v));
    return d;
  }
  async function openEvent(id) {
    state.event = id;
    writeHash();
    markSelected();
    const panel = $("#event-panel"), body = $("#panel-body");
    let ev;
    try { ev = await api("/api/events/" + encodeURIComponent(id)); } catch (e) { status("error: " + e.message); return; }
    if (state.event !== id) return;
    clear(body);
    const r0 = ev.reports.find((r) => r.report_id === id) || ev.reports[0];
    const loc = r0.location || {}, f = r0.fatalities || {}, d = r0.date || {};
    body.append(el("h2", {}, r0.sub_event_type ? `${r0.event_type}: ${r0.sub_event_type}` : r0.event_type));
    body.append(dl([
      ["Actor 1", [r0.actor1, r0.actor1_mention && `(“${r0.actor1_mention}”)`].filter(Boolean).join(" ")],
      ["Actor 2", [r0.actor2, r0.actor2_mention && `(“${r0.actor2_mention}”)`].filter(Boolean).join(" ")],
      ["Claimed by", r0.claimed_by],
      ["Date", d.start ? `${fmtDate(d)} (precision: ${d.precision}; “${d.text || ""}”, ${d.basis})` : "unknown"],
      ["Place", loc.name ? `${[loc.name, loc.admin1, loc.country].filter(Boolean).join(", ")} (precision: ${loc.precision})` : "unknown"],
      ["Coordinates", loc.lat !== null && loc.lat !== undefined ? `${loc.lat}, ${loc.lon}` : null],
      ["Fatalities", r0.fatalities ? `low ${f.low ?? "?"} · best ${f.best ?? "?"} · high ${f.high ?? "?"} (“${f.text || ""}”)` : "not stated"],
      ["Sources", (r0.sources || []).join("; ") || "not stated"],
      ["Reports", String(ev.reports.length)],
      ["Event id", ev.event_id],
    ]));
    for (const r of ev.reports) {
      const meta = ev.documents[r.doc_id] || {};
      const sec = el("section", { class: "report", "data-report": r.report_id });
      // the document id once: as the heading when the document has no title, else beside the title
      const title = meta.title && meta.title !== r.doc_id ? meta.title : null;
      const notes = [title ? r.doc_id : null, meta.published && meta.published.date ? "published " + meta.published.date : null]
        .filter(Boolean).join(", ");
      sec.append(el("h3", {}, safeLink(meta.url, title || r.doc_id), notes ? el("span", { class: "muted" }, ` — ${notes}`) : null));
      if (r.background) sec.append(el("p", { class: "muted" }, "Background mention of an earlier event."));
      body.append(sec);
      try {
        const doc = await api("/api/documents/" + encodeURIComponent(r.doc_id));
        if (state.event !== id) return;
        const marks = (r.evidence || []).map((s) => ({ start: s.start, end: s.end, cls: "evidence" }));
        const [box, first] = highlighted(doc.text, marks);
        sec.append(box);
        if (first && r === ev.reports[0]) requestAnimationFrame(() => { box.scrollTop = Math.max(0, first.offsetTop - box.offsetTop - 40); });
      } catch (e) {
        sec.append(el("p", { class: "muted" }, "Article text unavailable: " + e.message));
      }
    }
    panel.hidden = false;
  }

  // ------------------------------------------------------------ quotes / claims
  function showTab() {
    for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.tab === state.tab);
    for (const t of ["events", "quotes", "claims"]) $("#tab-" + t).hidden = t !== state.tab;
    if (state.tab !== "events") loadTab();
  }
  async function loadTab() {
    const q = state.q ? "&q=" + encodeURIComponent(state.q) : "";
    if (state.tab === "quotes") {
      const page = await api("/api/quotes?limit=500" + q);
      const ul = $("#quote-list");
      clear(ul);
      for (const it of page.items) {
        ul.append(el("li", {}, el("div", { class: "who" }, it.speaker || it.speaker_mention || "unknown speaker",
          it.speaker_role ? el("span", { class: "muted" }, ` (${it.speaker_role})`) : null),
        el("div", {}, it.direct ? `“${it.text}”` : it.text),
        el("div", { class: "meta" }, `${it.direct ? "direct" : "indirect"} · ${it.doc_id}`)));
      }
      if (!page.items.length) ul.append(el("li", { class: "muted" }, "No quotes."));
    } else if (state.tab === "claims") {
      const page = await api("/api/claims?limit=500" + q);
      const ul = $("#claim-list");
      clear(ul);
      for (const it of page.items) {
        const v = it.value || {};
        const val = v.high !== null && v.high !== v.low ? `${v.low ?? "?"}–${v.high}` : `${v.low ?? "?"}`;
        ul.append(el("li", {}, el("div", { class: "who" }, `${val} ${it.unit || ""} ${it.subject || ""}`.trim()),
          el("div", {}, it.text), el("div", { class: "meta" }, `source: ${it.source || "not stated"} · ${it.doc_id}`)));
      }
      if (!page.items.length) ul.append(el("li", { class: "muted" }, "No claims."));
    }
  }

  // ------------------------------------------------------------ start
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { if (lastStats) drawTimeline(lastStats); }, 150);
  });
  window.addEventListener("hashchange", () => {
    readHash();
    if (!state.event) $("#event-panel").hidden = true;
    showTab();
    refresh();
  });
  document.addEventListener("DOMContentLoaded", async () => {
    readHash();
    bindForm();
    bindMap();
    bindTimeline();
    showTab();
    await drawBase();
    loadActors();
    await refresh();
    document.body.dataset.ready = "1";
  });
})();
