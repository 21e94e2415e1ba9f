"""Rendering a :class:`sitroom.brief.Brief`: self-contained HTML (inline SVG map and timeline, no
script, no network), Markdown for e-mail, and PDF (the HTML through WeasyPrint, an optional extra).

Every figure points at the events it is computed from: in HTML a figure is a link to a numbered
note listing the event ids, each a link to the event's row in the list of events in scope; the PDF
keeps those links and shows the note numbers as superscripts; Markdown uses footnotes.

All text read from articles or the store (evidence, places, actors, quotes, outlets, titles, URLs)
is untrusted: HTML is built with :func:`html.escape` for every value (attributes included), ids
used as anchors are reduced to a safe alphabet, links are only made for http(s) URLs, and the
Markdown renderer escapes every character Markdown or inline HTML could act on.
"""
from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .brief import Brief, BriefEvent, Fig, Toll, bucket_starts

PKG = Path(__file__).parent
# Natural Earth country outlines (TopoJSON from world-atlas, or GeoJSON), wherever the package has them
OUTLINE_CANDIDATES = ("web/vendor/countries-110m.json", "web/countries-110m.json", "web/data/countries-110m.json",
                      "web/vendor/countries-50m.json", "data/countries-110m.json", "data/countries.geojson",
                      "web/countries.geojson")
TYPE_COLORS = {  # as the web page (web/app.js)
    "Battles": "#d7301f", "Violence against civilians": "#7a0177", "Explosions/Remote violence": "#ef6c00",
    "Riots": "#b8860b", "Protests": "#1f78b4", "Strategic developments": "#33a02c",
}
MAP_W, MAP_H = 900, 470
FORMATS = ("html", "md", "pdf")


class BriefError(Exception):
    """A brief that cannot be written (PDF without its library, …): one human line."""


def esc(value: Any) -> str:
    """HTML text and attribute escaping for untrusted values."""
    return html.escape("" if value is None else str(value), quote=True)


def color(event_type: str) -> str:
    if event_type in TYPE_COLORS:
        return TYPE_COLORS[event_type]
    h = int(hashlib.sha1(event_type.encode("utf-8")).hexdigest()[:4], 16) % 360
    return f"hsl({h}, 55%, 45%)"


_SAFE_ID = re.compile(r"[A-Za-z0-9_.-]{1,100}")


def anchor(event_id: str) -> str:
    """The HTML id of an event's row (event ids from another store could hold anything)."""
    if _SAFE_ID.fullmatch(event_id):
        return "ev-" + event_id
    return "ev-x" + hashlib.sha1(event_id.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _num(n: int | float | None) -> str:
    if n is None:
        return "?"
    return f"{n:,}" if isinstance(n, int) or float(n).is_integer() else f"{n:,.1f}"


def _toll_text(low: int | None, best: int | None, high: int | None) -> str:
    if best is None and low is None and high is None:
        return "not stated"
    b = best if best is not None else low if low is not None else high
    lo = low if low is not None else b
    hi = high if high is not None else b
    return _num(b) if lo == hi == b else f"{_num(b)} ({_num(lo)}–{_num(hi)})"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{_num(n)} {one if n == 1 else (many or one + 's')}"


# ---------------------------------------------------------------- notes

class Notes:
    """Numbered notes: which events each figure comes from. Figures computed from the same events share
    one note, labelled with what each of them is (the first few)."""

    MAX_LABELS = 4

    def __init__(self) -> None:
        self.items: list[tuple[str, tuple[str, ...]]] = []
        self._index: dict[tuple[str, ...], int] = {}
        self._labels: list[list[str]] = []

    def ref(self, ids: Sequence[str], what: str) -> int | None:
        ids = tuple(ids)
        if not ids:
            return None
        n = self._index.get(ids)
        if n is None:
            self._labels.append([what])
            self.items.append((what, ids))
            n = self._index[ids] = len(self.items)
        else:
            labels = self._labels[n - 1]
            if what not in labels:
                labels.append(what)
                shown = labels[:self.MAX_LABELS] + ([f"{len(labels) - self.MAX_LABELS} more"]
                                                    if len(labels) > self.MAX_LABELS else [])
                self.items[n - 1] = ("; ".join(shown), ids)
        return n


# ---------------------------------------------------------------- outlines

@lru_cache(maxsize=4)
def _read_outlines(path: str) -> tuple[tuple[str, str, tuple[tuple[tuple[float, float], ...], ...]], ...]:
    """(numeric id or ISO code, name, rings in lon/lat) for every country of a TopoJSON or GeoJSON file."""
    data = json.loads(Path(path).read_text("utf-8"))
    out = []
    if data.get("type") == "Topology":
        tr = data.get("transform") or {"scale": [1, 1], "translate": [0, 0]}
        (sx, sy), (tx, ty) = tr["scale"], tr["translate"]
        arcs = []
        for arc in data["arcs"]:
            x = y = 0
            pts = []
            for p in arc:
                if "transform" in data:
                    x += p[0]
                    y += p[1]
                else:
                    x, y = p[0], p[1]
                pts.append((x * sx + tx, y * sy + ty))
            arcs.append(pts)

        def ring(idx: list[int]) -> tuple[tuple[float, float], ...]:
            pts: list[tuple[float, float]] = []
            for i in idx:
                a = arcs[i] if i >= 0 else arcs[~i][::-1]
                pts.extend(a if not pts else a[1:])
            return tuple(pts)

        obj = data["objects"].get("countries") or next(iter(data["objects"].values()))
        for g in obj.get("geometries", []):
            polys = [g["arcs"]] if g.get("type") == "Polygon" else g.get("arcs", []) if g.get("type") == \
                "MultiPolygon" else []
            rings = tuple(ring(r) for p in polys for r in p)
            out.append((str(g.get("id", "")), str((g.get("properties") or {}).get("name", "")), rings))
    elif data.get("type") == "FeatureCollection":
        for f in data.get("features", []):
            geom = f.get("geometry") or {}
            props = f.get("properties") or {}
            polys = [geom.get("coordinates", [])] if geom.get("type") == "Polygon" else \
                geom.get("coordinates", []) if geom.get("type") == "MultiPolygon" else []
            rings = tuple(tuple((float(x), float(y)) for x, y, *_ in r) for p in polys for r in p)
            code = props.get("ISO_A2") or props.get("iso_a2") or f.get("id") or ""
            out.append((str(code), str(props.get("NAME") or props.get("name") or ""), rings))
    return tuple(out)


def find_outlines(base: Path = PKG) -> Path | None:
    for rel in OUTLINE_CANDIDATES:
        p = base / rel
        if p.is_file():
            return p
    for p in sorted((base / "web").glob("**/countries*.json")):
        return p
    return None


def load_outlines(base: Path = PKG) -> tuple[tuple[str, str, tuple[tuple[tuple[float, float], ...], ...]], ...]:
    """The package's country outlines, or () when it has none (the map then draws a plain frame)."""
    p = find_outlines(base)
    if p is None:
        return ()
    try:
        return _read_outlines(str(p))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return ()


def _country_ids(alpha2: str) -> set[str]:
    ids = {alpha2.upper()}
    try:
        import pycountry

        c = pycountry.countries.get(alpha_2=alpha2.upper())
        if c is not None:
            ids |= {str(c.numeric), str(int(c.numeric)), str(c.alpha_3)}
    except ImportError:  # pragma: no cover
        pass
    return ids


# ---------------------------------------------------------------- map

def _frame(brief: Brief, outlines: Sequence[Any]) -> tuple[float, float, float, float]:
    """(west, south, east, north) fitted to the scope."""
    f = brief.scope.filters
    pts = [(e.place.lon, e.place.lat) for e in brief.events if e.place.lat is not None and e.place.lon is not None]
    boxes: list[tuple[float, float, float, float]] = []
    if f.get("near"):
        lat, lon, km = f["near"]
        dlat = km / 111.0
        dlon = km / (111.32 * max(math.cos(math.radians(lat)), 0.05))
        boxes.append((lon - dlon, lat - dlat, lon + dlon, lat + dlat))
    elif f.get("bbox"):
        w, s, e, n = f["bbox"]
        boxes.append((w, s, e, n))
    elif f.get("country") and outlines:
        ids = _country_ids(f["country"])
        for code, _, rings in outlines:
            if code in ids and rings:
                main = max(rings, key=lambda r: _ring_area(r))  # the mainland, not overseas islands
                xs, ys = [p[0] for p in main], [p[1] for p in main]
                boxes.append((min(xs), min(ys), max(xs), max(ys)))
    if pts:
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    if not boxes:
        return (-180.0, -60.0, 180.0, 80.0)
    w, s = min(b[0] for b in boxes), min(b[1] for b in boxes)
    e, n = max(b[2] for b in boxes), max(b[3] for b in boxes)
    pad_x, pad_y = max((e - w) * 0.08, 0.6), max((n - s) * 0.08, 0.6)
    w, e, s, n = w - pad_x, e + pad_x, s - pad_y, n + pad_y
    return (max(w, -180.0), max(s, -85.0), min(e, 180.0), min(n, 85.0))


def _ring_area(r: Sequence[tuple[float, float]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(r, r[1:]))) / 2


class _Proj:
    def __init__(self, frame: tuple[float, float, float, float], w: int = MAP_W, h: int = MAP_H) -> None:
        west, south, east, north = frame
        self.cx, self.cy = (west + east) / 2, (south + north) / 2
        self.kx = math.cos(math.radians(max(-80.0, min(80.0, self.cy))))
        self.k = min(w / max((east - west) * self.kx, 1e-6), h / max(north - south, 1e-6))
        self.w, self.h = w, h

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (self.w / 2 + (lon - self.cx) * self.kx * self.k, self.h / 2 - (lat - self.cy) * self.k)


def _step(span: float) -> float:
    for s in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60):
        if span / s <= 8:
            return s
    return 90


def map_svg(brief: Brief, notes: Notes, outlines: Sequence[Any] | None = None) -> str:
    """The events on an equirectangular map fitted to the scope; the package's country outlines when
    it has them, else a plain latitude/longitude frame. Circles: area ~ fatalities (best), colour ~ type."""
    outlines = load_outlines() if outlines is None else outlines
    frame = _frame(brief, outlines)
    proj = _Proj(frame)
    west, south, east, north = frame
    parts = [f'<svg class="map" viewBox="0 0 {MAP_W} {MAP_H}" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'aria-label="map of the events in scope" data-outlines="{1 if outlines else 0}">',
             f'<defs><clipPath id="map-clip"><rect x="0" y="0" width="{MAP_W}" height="{MAP_H}"/></clipPath></defs>',
             f'<rect x="0" y="0" width="{MAP_W}" height="{MAP_H}" fill="#eef3f7" stroke="#9aa5b1"/>',
             '<g clip-path="url(#map-clip)">']
    scope_ids = _country_ids(brief.scope.filters["country"]) if brief.scope.filters.get("country") else set()
    if outlines:
        mx, my = (east - west) * 0.5, (north - south) * 0.5
        for code, name, rings in outlines:
            d = []
            for r in rings:
                if not r:
                    continue
                xs, ys = [p[0] for p in r], [p[1] for p in r]
                if max(xs) < west - mx or min(xs) > east + mx or max(ys) < south - my or min(ys) > north + my:
                    continue
                pts = [proj(x, y) for x, y in r]
                d.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
            if d:
                fill = "#dfe5d8" if code in scope_ids else "#f7f7f2"
                parts.append(f'<path class="country" d="{"".join(d)}" fill="{fill}" stroke="#8c96a0" '
                             f'stroke-width="0.7"><title>{esc(name)}</title></path>')
    # graticule (the whole frame when there are no outlines)
    step = _step(max(east - west, north - south))
    g = []
    lon = math.ceil(west / step) * step
    while lon <= east:
        x, _ = proj(lon, 0)
        g.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{MAP_H}"/>'
                 f'<text x="{x + 2:.1f}" y="{MAP_H - 4}" class="grid">{lon:g}°</text>')
        lon += step
    lat = math.ceil(south / step) * step
    while lat <= north:
        _, y = proj(0, lat)
        g.append(f'<line x1="0" y1="{y:.1f}" x2="{MAP_W}" y2="{y:.1f}"/>'
                 f'<text x="3" y="{y - 2:.1f}" class="grid">{lat:g}°</text>')
        lat += step
    parts.append('<g class="graticule" stroke="#c3ccd6" stroke-width="0.5" fill="#7b8794" font-size="10">'
                 + "".join(g) + "</g>")
    if brief.scope.filters.get("near"):
        lat0, lon0, km = brief.scope.filters["near"]
        cx, cy = proj(lon0, lat0)
        rx = km / (111.32 * max(math.cos(math.radians(lat0)), 0.05)) * proj.kx * proj.k
        ry = km / 111.0 * proj.k
        parts.append(f'<ellipse class="radius" cx="{cx:.1f}" cy="{cy:.1f}" rx="{rx:.1f}" ry="{ry:.1f}" '
                     'fill="none" stroke="#555" stroke-dasharray="4 3"/>')
    # biggest first so small circles stay clickable on top
    placed = [e for e in brief.events if e.place.lat is not None and e.place.lon is not None]
    for e in sorted(placed, key=lambda e: -(e.best or 0)):
        x, y = proj(e.place.lon, e.place.lat)  # type: ignore[arg-type]
        r = 4 + 2.2 * math.sqrt(e.best or 0)
        r = min(r, 30)
        parts.append(f'<a href="#{esc(anchor(e.event_id))}"><circle class="pt" cx="{x:.1f}" cy="{y:.1f}" '
                     f'r="{r:.1f}" fill="{color(e.event_type)}" fill-opacity="0.75" stroke="#222" '
                     f'stroke-width="0.8" data-event="{esc(e.event_id)}"><title>{esc(e.date_label)} · '
                     f'{esc(e.event_type)} · {esc(e.place.label)} · killed {esc(_toll_text(e.low, e.best, e.high))}'
                     f'</title></circle></a>')
    parts.append("</g>")
    note = "country outlines: Natural Earth" if outlines else "no outlines in this installation: latitude/longitude frame"
    parts.append(f'<text x="{MAP_W - 6}" y="14" text-anchor="end" font-size="10" fill="#52606d">{esc(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def legend_html(types: Iterable[str]) -> str:
    return '<p class="legend">' + " ".join(
        f'<span><svg width="12" height="12" viewBox="0 0 12 12"><circle cx="6" cy="6" r="5" fill="{color(t)}"/>'
        f'</svg> {esc(t)}</span>' for t in types) + " <span class=\"muted\">Circle area ~ killed (best).</span></p>"


# ---------------------------------------------------------------- timeline

def timeline_svg(brief: Brief, notes: Notes, what: str = "events") -> str:
    """Stacked bars per week (or month) and type: events, or fatalities (best)."""
    starts = bucket_starts(brief.bucket, brief.scope.since, brief.scope.until, brief.timeline)
    w, h, pad_l, pad_b, pad_t = 900, 170, 40, 22, 16
    if not starts:
        return (f'<svg class="timeline" viewBox="0 0 {w} 40" xmlns="http://www.w3.org/2000/svg">'
                '<text x="10" y="24" font-size="12">no dated events</text></svg>')
    col = {s: i for i, s in enumerate(starts)}
    stacks: dict[str, list[tuple[str, Fig]]] = defaultdict(list)
    for b in brief.timeline:
        fig = b.events if what == "events" else b.fatalities
        if fig.value:
            stacks[b.start].append((b.event_type, fig))
    top = max([sum(f.value for _, f in v) for v in stacks.values()] or [0])
    bw = min((w - pad_l - 4) / len(starts), 48.0)  # a short period: bars stay bars
    plot_h = h - pad_b - pad_t
    k = plot_h / top if top else 0
    label = "events" if what == "events" else "killed (best)"
    parts = [f'<svg class="timeline" data-what="{esc(what)}" viewBox="0 0 {w} {h}" '
             f'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{esc(label)} per {esc(brief.bucket)}">',
             f'<line x1="{pad_l}" y1="{h - pad_b}" x2="{w}" y2="{h - pad_b}" stroke="#7b8794"/>',
             f'<text x="{pad_l - 4}" y="{pad_t + 4}" text-anchor="end" font-size="10">{_num(top)}</text>',
             f'<text x="{pad_l - 4}" y="{h - pad_b}" text-anchor="end" font-size="10">0</text>',
             f'<text x="{pad_l + 4}" y="11" font-size="11" fill="#323f4b">{esc(label.capitalize())} per '
             f'{esc(brief.bucket)}</text>']
    for s, segs in stacks.items():
        i = col.get(s)
        if i is None:
            continue
        y: float = h - pad_b
        for t, fig in sorted(segs, key=lambda tf: tf[0]):
            hh = fig.value * k
            y -= hh
            n = notes.ref(fig.ids, f"{label.capitalize()}, {t}, {brief.bucket} of {s}")
            parts.append(f'<a href="#note-{n}"><rect x="{pad_l + 2 + i * bw:.1f}" y="{y:.1f}" '
                         f'width="{max(bw - 1.5, 1):.1f}" height="{hh:.1f}" fill="{color(t)}">'
                         f'<title>{esc(s)} · {esc(t)}: {_num(fig.value)} {esc(label)}</title></rect></a>')
    every = max(1, math.ceil(len(starts) / 12))
    for i, s in enumerate(starts):
        if i % every == 0:
            lab = s[:7] if brief.bucket == "month" else s[5:]
            parts.append(f'<text x="{pad_l + 2 + i * bw:.1f}" y="{h - 6}" font-size="10" fill="#52606d">'
                         f'{esc(lab)}</text>')
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------- HTML

CSS = """
:root { color-scheme: light; }
body { font: 14px/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1f2933; margin: 0 auto;
       max-width: 960px; padding: 18px 22px; background: #fff; }
h1 { font-size: 22px; margin: 0 0 2px; } h2 { font-size: 17px; margin: 22px 0 6px; border-bottom: 2px solid #1f2933; }
h3 { font-size: 14px; margin: 12px 0 4px; }
.sub { color: #52606d; margin: 0 0 10px; } .muted { color: #7b8794; }
.headline { font-size: 16px; margin: 8px 0; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; font-size: 12.5px; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #d9dee4; vertical-align: top; }
th { background: #f1f4f7; } td.n, th.n { text-align: right; white-space: nowrap; }
a { color: #0b4f8a; } a.fig { font-weight: bold; text-decoration: none; border-bottom: 1px dotted #0b4f8a; }
sup.nref { font-size: 9px; } sup.nref a { text-decoration: none; color: #7b8794; }
svg { width: 100%; height: auto; display: block; } .legend span { margin-right: 12px; white-space: nowrap; }
.legend svg { display: inline; width: 12px; height: 12px; vertical-align: -1px; }
.grid { font-size: 10px; } blockquote { margin: 4px 0 8px 0; padding: 2px 10px; border-left: 3px solid #c3ccd6; }
.evidence { color: #323f4b; font-style: italic; } .up { color: #b42318; } .down { color: #1c7c54; }
ol.notes { font-size: 11px; color: #323f4b; padding-left: 28px; } ol.notes a { word-break: break-all; }
.rules li { font-size: 12px; } .tag { font-size: 11px; color: #52606d; }
tr:target, li:target { background: #fff3c4; }
@page { size: A4; margin: 14mm 12mm 16mm; @bottom-right { content: counter(page) " / " counter(pages);
        font-size: 9px; color: #7b8794; } @bottom-left { content: "sitroom brief"; font-size: 9px; color: #7b8794; } }
@media print { body { max-width: none; padding: 0; font-size: 11.5px; } h2 { break-after: avoid; }
  tr, blockquote, svg { break-inside: avoid; } a { color: inherit; } }
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


class _Html:
    def __init__(self, brief: Brief) -> None:
        self.b = brief
        self.notes = Notes()

    def fig(self, text: Any, ids: Sequence[str], what: str) -> str:
        n = self.notes.ref(ids, what)
        if n is None:
            return f'<span class="fig0">{esc(text)}</span>'
        return (f'<a class="fig" href="#note-{n}">{esc(text)}</a>'
                f'<sup class="nref"><a href="#note-{n}">[{n}]</a></sup>')

    def f(self, fig: Fig, what: str) -> str:
        return self.fig(_num(fig.value), fig.ids, what)

    def toll(self, t: Toll, what: str) -> str:
        body = self.fig(_num(t.best), t.ids, what)
        if t.low != t.best or t.high != t.best:
            body += f' <span class="muted">(low {_num(t.low)}, high {_num(t.high)})</span>'
        if t.unknown:
            body += (' <span class="muted">+ ' + self.fig(_plural(len(t.unknown), "event"), t.unknown,
                                                           what + ": events with no figure")
                     + " with no figure</span>")
        return body

    def ev_link(self, e: BriefEvent | str) -> str:
        eid = e if isinstance(e, str) else e.event_id
        return f'<a href="#{esc(anchor(eid))}">{esc(eid)}</a>'

    @staticmethod
    def actors(e: BriefEvent) -> str:
        a = esc(e.actor1 or "unidentified")
        if e.actor2:
            a += " vs " + esc(e.actor2)
        return a

    def sources(self, e: BriefEvent, docs: dict[str, Any] | None = None) -> str:
        said = ", ".join(esc(s) for s in e.attributed_to) or '<span class="muted">not attributed</span>'
        return (f"{said} <span class=\"tag\">({_plural(e.n_sources, 'source')}, "
                f"{_plural(len(e.documents), 'document')}: {', '.join(esc(d) for d in e.documents)})</span>")

    def render(self) -> str:
        b = self.b
        s = b.scope
        period = f"{s.since or '…'} to {s.until or '…'}" if (s.since or s.until) else "all dates"
        filt = s.filter_lines()
        out = ['<!doctype html><html lang="en"><head><meta charset="utf-8">',
               f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">',
               '<meta name="viewport" content="width=device-width, initial-scale=1">',
               f"<title>Brief: {esc(s.title)}, {esc(period)}</title><style>{CSS}</style></head><body>",
               f'<header id="scope"><h1>Situation brief: {esc(s.title)}</h1>',
               f'<p class="sub">Period <b>{esc(period)}</b>'
               + ("" if s.period_given or not (s.since or s.until) else " (the span of the events found)")
               + (" · filters: " + esc("; ".join(filt)) if filt else "")
               + f" · generated {esc(b.generated)} by sitroom {esc(b.version)}</p></header>"]
        out.append(self.headline())
        out.append('<section id="map-section"><h2>Map</h2>' + map_svg(b, self.notes)
                   + legend_html([r.event_type for r in b.by_type])
                   + (f'<p class="muted">{self.f(b.unplaced, "Events without a place (not on the map)")} '
                      "events have no place and are not on the map.</p>" if b.unplaced.value else "")
                   + "</section>")
        out.append(f'<section id="timeline-section"><h2>Timeline</h2>{timeline_svg(b, self.notes, "events")}'
                   f'{timeline_svg(b, self.notes, "fatalities")}'
                   + (f'<p class="muted">{self.f(b.undated, "Undated events")} undated events are not charted.</p>'
                      if b.undated.value else "") + "</section>")
        out.append(self.changes())
        out.append(self.top())
        out.append(self.responsibility())
        out.append(self.actor_table())
        out.append(self.quotes_claims())
        out.append(self.all_events())
        out.append(self.method())
        out.append(self.notes_html())
        out.append("</body></html>\n")
        return "".join(out)

    def headline(self) -> str:
        b = self.b
        t = b.toll
        parts = [f'<section id="headline"><h2>Headline figures</h2><p class="headline">'
                 f'{self.f(b.total, "Events in scope")} events; {self.fig(_num(t.best), t.ids, "Killed (best)")} '
                 f'killed (best estimate; low {self.fig(_num(t.low), t.ids, "Killed (low)")}, high '
                 f'{self.fig(_num(t.high), t.ids, "Killed (high)")})'
                 + (f"; {self.fig(_plural(len(t.unknown), 'event'), t.unknown, 'Events with no fatality figure')}"
                    " with no figure" if t.unknown else "") + ".</p>"]
        parts.append(f"<p>Read from {self.f(b.documents, 'Documents read (the events they report)')} documents "
                     f"from {_plural(b.n_sources, 'source')}"
                     + (f" (outlets: {esc(', '.join(b.outlets))})" if b.outlets else " (no outlet names recorded)")
                     + f"; {self.f(b.single_source, 'Single-source events')} of {_num(b.total.value)} events rest on "
                     "a single source.</p>")
        parts.append('<table id="by-type"><thead><tr><th>Event type</th><th class="n">Events</th>'
                     '<th class="n">Killed (best)</th><th class="n">Low</th><th class="n">High</th>'
                     '<th class="n">No figure</th></tr></thead><tbody>')
        for r in b.by_type:
            parts.append(f'<tr><td><svg width="10" height="10" viewBox="0 0 10 10" style="display:inline;width:10px">'
                         f'<rect width="10" height="10" fill="{color(r.event_type)}"/></svg> {esc(r.event_type)}</td>'
                         f'<td class="n">{self.f(r.events, r.event_type + ": events")}</td>'
                         f'<td class="n">{self.fig(_num(r.toll.best), r.toll.ids, r.event_type + ": killed (best)")}</td>'
                         f'<td class="n">{_num(r.toll.low)}</td><td class="n">{_num(r.toll.high)}</td>'
                         f'<td class="n">{self.fig(_num(len(r.toll.unknown)), r.toll.unknown, r.event_type + ": no figure")}'
                         "</td></tr>")
        if not b.by_type:
            parts.append('<tr><td colspan="6" class="muted">no events</td></tr>')
        parts.append("</tbody></table></section>")
        return "".join(parts)

    def changes(self) -> str:
        c = self.b.changes
        if c is None:
            return ('<section id="changes"><h2>What changed</h2><p class="muted">No period to compare '
                    "(no dated events).</p></section>")
        b = self.b
        d_ev = b.total.value - c.events_before.value
        d_k = b.toll.best - c.toll_before.best
        out = [f'<section id="changes"><h2>What changed</h2><p>Against the previous {esc(_period_len(b))} '
               f"(<b>{esc(c.since)} to {esc(c.until)}</b>, same filters): "
               f"{self.f(b.total, 'Events in scope')} events against "
               f"{self.f(c.events_before, 'Events in the previous period')} "
               f'<span class="{"up" if d_ev > 0 else "down" if d_ev < 0 else "muted"}">({d_ev:+,})</span>; '
               f"{self.fig(_num(b.toll.best), b.toll.ids, 'Killed (best)')} killed against "
               f"{self.fig(_num(c.toll_before.best), c.toll_before.ids, 'Killed (best), previous period')} "
               f'<span class="{"up" if d_k > 0 else "down" if d_k < 0 else "muted"}">({d_k:+,})</span>.</p>']
        if c.by_type:
            out.append('<table id="change-by-type"><thead><tr><th>Event type</th><th class="n">Events before</th>'
                       '<th class="n">Events now</th><th class="n">Killed before</th><th class="n">Killed now</th>'
                       "<th>Trend</th></tr></thead><tbody>")
            for t in c.by_type:
                cls = {"escalation": "up", "new": "up", "decline": "down", "none this period": "down"}.get(t.verdict,
                                                                                                      "muted")
                out.append(f"<tr><td>{esc(t.event_type)}</td>"
                           f'<td class="n">{self.f(t.before, t.event_type + ": events, previous period")}</td>'
                           f'<td class="n">{self.f(t.now, t.event_type + ": events")}</td>'
                           f'<td class="n">{self.f(t.killed_before, t.event_type + ": killed, previous period")}</td>'
                           f'<td class="n">{self.f(t.killed_now, t.event_type + ": killed (best)")}</td>'
                           f'<td class="{cls}">{esc(t.verdict)} ({t.now.value - t.before.value:+,} events, '
                           f"{t.killed_now.value - t.killed_before.value:+,} killed)</td></tr>")
            out.append("</tbody></table>")
        for title, items, what in (("New places", c.new_places, "events there"),
                                   ("Places with events before, none now", c.places_gone,
                                    "events there in the previous period"),
                                   ("New actors", c.new_actors, "events"),
                                   ("Actors seen before, not now", c.actors_gone, "events in the previous period")):
            if items:
                out.append(f"<h3>{esc(title)} ({len(items)})</h3><p>" + "; ".join(
                    f"{esc(name)} ({self.f(fig, f'{title}: {name}')} {esc(what)})" for name, fig in items) + "</p>")
            else:
                out.append(f'<h3>{esc(title)}</h3><p class="muted">none</p>')
        out.append("</section>")
        return "".join(out)

    def top(self) -> str:
        b = self.b
        out = [f'<section id="top-events"><h2>Top events</h2><p class="muted">The {len(b.top)} events with the '
               "most killed (best), then the most sources.</p>"]
        for i, e in enumerate(b.top, 1):
            out.append(f'<h3>{i}. {esc(e.date_label)} · {esc(e.place.label)} · {esc(e.event_type)}'
                       + (f" / {esc(e.sub_event_type)}" if e.sub_event_type else "") + "</h3>"
                       f"<p>{self.actors(e)}; killed: "
                       f"{self.fig(_toll_text(e.low, e.best, e.high), (e.event_id,), 'Event ' + e.event_id)}. "
                       f"Sources: {self.sources(e)}. {self.ev_link(e)}</p>"
                       + (f'<blockquote class="evidence">{esc(e.evidence)}</blockquote>' if e.evidence else ""))
        if not b.top:
            out.append('<p class="muted">No events in scope.</p>')
        out.append("</section>")
        return "".join(out)

    def responsibility(self) -> str:
        b = self.b
        out = ['<section id="responsibility"><h2>Claims of responsibility</h2>']
        if not b.responsibility:
            out.append('<p class="muted">No claim of responsibility was reported for the events in scope.</p>')
        else:
            out.append("<ul>")
            for e in b.responsibility:
                out.append(f"<li><b>{esc(e.claimed_by)}</b> claimed {esc(e.event_type.lower())} at "
                           f"{esc(e.place.label)} on {esc(e.date_label)} ({self.ev_link(e)})"
                           + (f'<br><span class="evidence">{esc(e.evidence)}</span>' if e.evidence else "")
                           + "</li>")
            out.append("</ul>")
        out.append("</section>")
        return "".join(out)

    def actor_table(self) -> str:
        b = self.b
        out = ['<section id="actors"><h2>Actors</h2><table id="actor-table"><thead><tr><th>Actor</th>'
               '<th class="n">As actor 1</th><th class="n">As actor 2</th><th class="n">Killed (best) in their '
               "events</th></tr></thead><tbody>"]
        for a in b.actors:
            out.append(f"<tr><td>{esc(a.name)}</td><td class=\"n\">{self.f(a.as_actor1, a.name + ': as actor 1')}"
                       f"</td><td class=\"n\">{self.f(a.as_actor2, a.name + ': as actor 2')}</td>"
                       f"<td class=\"n\">{self.f(a.fatalities, a.name + ': killed in their events')}</td></tr>")
        if not b.actors:
            out.append('<tr><td colspan="4" class="muted">no actors</td></tr>')
        out.append("</tbody></table></section>")
        return "".join(out)

    def quotes_claims(self) -> str:
        b = self.b
        out = ['<section id="quotes"><h2>Key quotes</h2>']
        if not b.quotes:
            out.append('<p class="muted">No quotes in the documents read.</p>')
        for q in b.quotes:
            who = esc(q.speaker or "unattributed") + (f", {esc(q.role)}" if q.role else "")
            out.append(f"<blockquote>“{esc(q.text)}”<br><span class=\"tag\">— {who}; {esc(q.doc_id)}"
                       + (f", {esc(q.outlet)}" if q.outlet else "") + (f", {esc(q.published)}" if q.published else "")
                       + " · events: " + ", ".join(self.ev_link(i) for i in q.event_ids) + "</span></blockquote>")
        out.append('</section><section id="claims"><h2>Numeric claims</h2>')
        if not b.claims:
            out.append('<p class="muted">No numeric claims in the documents read.</p>')
        else:
            out.append('<table id="claim-table"><thead><tr><th class="n">Figure</th><th>Of</th><th>Said by</th>'
                       "<th>Words</th><th>Events</th></tr></thead><tbody>")
            for c in b.claims:
                out.append(f'<tr><td class="n">{esc(c.value_label)}</td><td>{esc(c.subject)}'
                           + (f" ({esc(c.unit)})" if c.unit and c.unit != "people" else "") + "</td>"
                           f"<td>{esc(c.source or 'unattributed')}</td><td class=\"evidence\">{esc(c.text)}</td>"
                           f"<td>{', '.join(self.ev_link(i) for i in c.event_ids)}</td></tr>")
            out.append("</tbody></table>")
        out.append("</section>")
        return "".join(out)

    def all_events(self) -> str:
        b = self.b
        out = self.event_table("events", f"Events in scope ({_num(len(b.events))})", b.events)
        if b.changes is not None and b.changes.events:
            out += self.event_table("previous-events", f"Events of the previous period, {b.changes.since} to "
                                    f"{b.changes.until} ({_num(len(b.changes.events))})", b.changes.events)
        return out

    def event_table(self, sid: str, title: str, events: Sequence[BriefEvent]) -> str:
        out = [f'<section id="{sid}"><h2>{esc(title)}</h2>'
               f'<table id="{sid}-table"><thead><tr><th>Event</th><th>Date</th><th>Type</th><th>Place</th>'
               '<th>Actors</th><th class="n">Killed</th><th>Sources</th></tr></thead><tbody>']
        for e in events:
            out.append(f'<tr id="{esc(anchor(e.event_id))}" data-event="{esc(e.event_id)}"><td class="tag">'
                       f"{esc(e.event_id)}</td><td>{esc(e.date_label)}</td><td>{esc(e.event_type)}"
                       + (f"<br><span class=\"tag\">{esc(e.sub_event_type)}</span>" if e.sub_event_type else "")
                       + f"</td><td>{esc(e.place.label)}</td><td>{self.actors(e)}"
                       + (f"<br><span class=\"tag\">claimed by {esc(e.claimed_by)}</span>" if e.claimed_by else "")
                       + f'</td><td class="n">{esc(_toll_text(e.low, e.best, e.high))}</td><td>{self.sources(e)}'
                       + (f'<br><span class="evidence">{esc(e.evidence)}</span>' if e.evidence else "")
                       + "</td></tr>")
        out.append("</tbody></table></section>")
        return "".join(out)

    def method(self) -> str:
        return ('<section id="method"><h2>How the figures are counted</h2><ul class="rules">'
                + "".join(f"<li>{esc(r)}</li>" for r in self.b.rules) + "</ul></section>")

    def notes_html(self) -> str:
        out = ['<section id="notes"><h2>Notes: the events behind each figure</h2><ol class="notes">']
        for i, (what, ids) in enumerate(self.notes.items, 1):
            out.append(f'<li id="note-{i}"><b>{esc(what)}</b> ({len(ids)}): '
                       + ", ".join(self.ev_link(x) for x in ids) + "</li>")
        out.append("</ol></section>")
        return "".join(out)


def _period_len(b: Brief) -> str:
    from .brief import _day

    d0, d1 = _day(b.scope.since), _day(b.scope.until)
    if d0 is None or d1 is None:
        return "period"
    n = (d1 - d0).days + 1
    return "day" if n == 1 else f"{n} days"


def render_html(brief: Brief) -> str:
    """A self-contained HTML page (no script, no external resource; prints on A4)."""
    return _Html(brief).render()


# ---------------------------------------------------------------- Markdown

_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")  # emphasis, code, links/images, table cells, strike-through
_MD_LEADING = re.compile(r"^(\s*)(?:([#+=-])|(\d+)([.)]))")  # headings, lists, setext underlines at a line start


def md_escape(value: Any) -> str:
    """Untrusted text as inert Markdown on one line: HTML characters as entities (no raw HTML), the
    inline punctuation backslash-escaped (no emphasis, code, link, image, table cell), and a block
    marker at its start escaped (no heading, quote or list). Ordinary punctuation stays readable."""
    s = "" if value is None else str(value)
    s = re.sub(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\r\n\t]+", " ", s)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_INLINE.sub(r"\\\1", s)
    return _MD_LEADING.sub(lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)),
                           s)


_MD_PLAIN_ID = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,98}[A-Za-z0-9])?")


def md_id(value: str) -> str:
    """An id as Markdown: as it is when it is letters, digits and inner ``_.-`` (an underscore between
    letters never makes emphasis), else escaped."""
    return value if _MD_PLAIN_ID.fullmatch(value) else md_escape(value)


def md_ids(values: Iterable[str]) -> str:
    return ", ".join(md_id(v) for v in values)


class _Md:
    def __init__(self, brief: Brief) -> None:
        self.b = brief
        self.notes = Notes()

    def fig(self, text: str, ids: Sequence[str], what: str) -> str:
        n = self.notes.ref(ids, what)
        return f"**{md_escape(text)}**" + (f"[^{n}]" if n is not None else "")

    def f(self, fig: Fig, what: str) -> str:
        return self.fig(_num(fig.value), fig.ids, what)

    def render(self) -> str:
        b, s = self.b, self.b.scope
        period = f"{s.since or '…'} to {s.until or '…'}" if (s.since or s.until) else "all dates"
        filt = s.filter_lines()
        t = b.toll
        L = [f"# Situation brief: {md_escape(s.title)}", "",
             f"Period **{md_escape(period)}**" + ("" if s.period_given or not (s.since or s.until) else " (the span of the events found)")
             + (f" · filters: {md_escape('; '.join(filt))}" if filt else "")
             + f" · generated {md_escape(b.generated)} by sitroom {md_escape(b.version)}", "",
             "## Headline figures", "",
             f"{self.f(b.total, 'Events in scope')} events; {self.fig(_num(t.best), t.ids, 'Killed (best)')} killed "
             f"(best estimate; low {self.fig(_num(t.low), t.ids, 'Killed (low)')}, high "
             f"{self.fig(_num(t.high), t.ids, 'Killed (high)')})"
             + (f"; {self.fig(_plural(len(t.unknown), 'event'), t.unknown, 'Events with no fatality figure')} with "
                "no figure" if t.unknown else "") + ".", "",
             f"Read from {self.f(b.documents, 'Documents read (the events they report)')} documents from "
             f"{_plural(b.n_sources, 'source')}"
             + (f" (outlets: {md_escape(', '.join(b.outlets))})" if b.outlets else " (no outlet names recorded)")
             + f"; {self.f(b.single_source, 'Single-source events')} of {_num(b.total.value)} events rest on a "
             "single source.", "",
             "| Event type | Events | Killed (best) | Low | High | No figure |", "|---|---:|---:|---:|---:|---:|"]
        for r in b.by_type:
            L.append(f"| {md_escape(r.event_type)} | {self.f(r.events, r.event_type + ': events')} | "
                     f"{self.fig(_num(r.toll.best), r.toll.ids, r.event_type + ': killed (best)')} | "
                     f"{_num(r.toll.low)} | {_num(r.toll.high)} | {_num(len(r.toll.unknown))} |")
        L += ["", "## What changed", ""]
        c = b.changes
        if c is None:
            L.append("No period to compare (no dated events).")
        else:
            L.append(f"Against the previous {md_escape(_period_len(b))} ({md_escape(c.since)} to "
                     f"{md_escape(c.until)}, same filters): {self.f(b.total, 'Events in scope')} events against "
                     f"{self.f(c.events_before, 'Events in the previous period')} "
                     f"({b.total.value - c.events_before.value:+,}); "
                     f"{self.fig(_num(b.toll.best), b.toll.ids, 'Killed (best)')} killed against "
                     f"{self.fig(_num(c.toll_before.best), c.toll_before.ids, 'Killed (best), previous period')} "
                     f"({b.toll.best - c.toll_before.best:+,}).")
            L.append("")
            for tc in c.by_type:
                L.append(f"- {md_escape(tc.event_type)}: {md_escape(tc.verdict)}, events "
                         f"{self.f(tc.before, tc.event_type + ': events, previous period')} → "
                         f"{self.f(tc.now, tc.event_type + ': events')}, killed "
                         f"{self.f(tc.killed_before, tc.event_type + ': killed, previous period')} → "
                         f"{self.f(tc.killed_now, tc.event_type + ': killed (best)')}")
            for title, items in (("New places", c.new_places), ("Places with events before, none now", c.places_gone),
                                 ("New actors", c.new_actors), ("Actors seen before, not now", c.actors_gone)):
                L.append(f"- {title}: " + ("; ".join(f"{md_escape(n)} ({self.f(fg, f'{title}: {n}')})"
                                                      for n, fg in items) if items else "none"))
        L += ["", "## Top events", ""]
        for i, e in enumerate(b.top, 1):
            L.append(f"{i}. **{md_escape(e.date_label)}**, {md_escape(e.place.label)}: {md_escape(e.event_type)}"
                     + (f" / {md_escape(e.sub_event_type)}" if e.sub_event_type else "")
                     + f"; {md_escape(e.actor1 or 'unidentified')}"
                     + (f" vs {md_escape(e.actor2)}" if e.actor2 else "")
                     + f"; killed {self.fig(_toll_text(e.low, e.best, e.high), (e.event_id,), 'Event ' + e.event_id)}"
                     + f"; sources: {md_escape(', '.join(e.attributed_to) or 'not attributed')}"
                     f" ({md_ids(e.documents)}); event {md_id(e.event_id)}")
            if e.evidence:
                L.append(f"   > {md_escape(e.evidence)}")
        if not b.top:
            L.append("No events in scope.")
        L += ["", "## Claims of responsibility", ""]
        for e in b.responsibility:
            L.append(f"- **{md_escape(e.claimed_by)}**: {md_escape(e.event_type)} at {md_escape(e.place.label)} on "
                     f"{md_escape(e.date_label)} ({md_id(e.event_id)})")
        if not b.responsibility:
            L.append("No claim of responsibility was reported for the events in scope.")
        L += ["", "## Actors", "", "| Actor | As actor 1 | As actor 2 | Killed (best) in their events |",
              "|---|---:|---:|---:|"]
        for a in b.actors:
            L.append(f"| {md_escape(a.name)} | {self.f(a.as_actor1, a.name + ': as actor 1')} | "
                     f"{self.f(a.as_actor2, a.name + ': as actor 2')} | "
                     f"{self.f(a.fatalities, a.name + ': killed in their events')} |")
        L += ["", "## Key quotes", ""]
        for q in b.quotes:
            L.append(f"> “{md_escape(q.text)}”  ")
            L.append(f"> — {md_escape(q.speaker or 'unattributed')}" + (f", {md_escape(q.role)}" if q.role else "")
                     + f"; {md_escape(q.doc_id)} ({md_ids(q.event_ids)})")
            L.append("")
        if not b.quotes:
            L.append("No quotes in the documents read.")
        L += ["", "## Numeric claims", ""]
        for c2 in b.claims:
            L.append(f"- {md_escape(c2.value_label)} {md_escape(c2.subject or '')}, said by "
                     f"{md_escape(c2.source or 'unattributed')}: {md_escape(c2.text)} "
                     f"({md_ids(c2.event_ids)})")
        if not b.claims:
            L.append("No numeric claims in the documents read.")
        L += ["", "## How the figures are counted", ""] + [f"- {md_escape(r)}" for r in b.rules]
        L += ["", "## Events in scope", "", "| Event | Date | Type | Place | Actors | Killed |", "|---|---|---|---|---|---:|"]
        for e in b.events:
            L.append(f"| {md_id(e.event_id)} | {md_escape(e.date_label)} | {md_escape(e.event_type)} | "
                     f"{md_escape(e.place.label)} | {md_escape(e.actor1 or 'unidentified')}"
                     + (f" vs {md_escape(e.actor2)}" if e.actor2 else "")
                     + f" | {md_escape(_toll_text(e.low, e.best, e.high))} |")
        if c is not None and c.events:
            L += ["", f"## Events of the previous period, {md_escape(c.since)} to {md_escape(c.until)}", "",
                  "| Event | Date | Type | Place | Actors | Killed |", "|---|---|---|---|---|---:|"]
            for e in c.events:
                L.append(f"| {md_id(e.event_id)} | {md_escape(e.date_label)} | {md_escape(e.event_type)} | "
                         f"{md_escape(e.place.label)} | {md_escape(e.actor1 or 'unidentified')}"
                         + (f" vs {md_escape(e.actor2)}" if e.actor2 else "")
                         + f" | {md_escape(_toll_text(e.low, e.best, e.high))} |")
        L.append("")
        for i, (what, ids) in enumerate(self.notes.items, 1):
            L.append(f"[^{i}]: {md_escape(what)}: {md_ids(ids)}")
        return "\n".join(L) + "\n"


def render_markdown(brief: Brief) -> str:
    """Markdown for e-mail (GitHub-flavoured: tables and footnotes); figures footnoted to event ids."""
    return _Md(brief).render()


# ---------------------------------------------------------------- PDF

PDF_HINT = ("PDF output needs WeasyPrint and the pango library: pip install 'sitroom[pdf]' and "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0 (or use --format html and print it)")


def render_pdf(brief: Brief) -> bytes:
    """The HTML brief as PDF (WeasyPrint, offline: the page has no external resource)."""
    try:
        import weasyprint
    except (ImportError, OSError) as e:  # OSError: the package is there but pango is not
        raise BriefError(f"{PDF_HINT} ({e.__class__.__name__}: {e})") from None
    doc = weasyprint.HTML(string=render_html(brief), base_url=None, url_fetcher=_no_fetch)
    return bytes(doc.write_pdf())


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    """Nothing leaves the machine: article text cannot make the PDF renderer fetch a URL."""
    raise ValueError(f"sitroom brief fetches nothing ({url[:60]!r})")


CONTENT_TYPES = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8", "pdf": "application/pdf"}
BRIEF_PARAMS = ("since", "until", "type", "sub_type", "actor", "country", "near", "bbox", "min_fatalities", "q",
                "background", "format", "top")


def http_answer(store: Any, params: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
    """``GET /brief?…`` of ``sitroom serve``: the page's filters (as ``/api/events``), ``format`` html
    (default), md or pdf, ``top`` (events listed in full, default 10). Raises ``ApiError`` (4xx)."""
    from .api_query import ApiError, check_known, int_param, one, parse_event_filters
    from .brief import build_brief

    check_known(params, BRIEF_PARAMS)
    fmt = one(params, "format") or "html"
    if fmt not in FORMATS:
        raise ApiError(400, "bad_parameter", f"format: {fmt!r} is not one of {', '.join(FORMATS)}", "format")
    top = int_param(params, "top", 10, 0, 100)
    f = parse_event_filters(params)
    since, until = f.pop("since"), f.pop("until")
    brief = build_brief(store, since=since, until=until, top=top or 0, **f)
    try:
        body = render(brief, fmt)
    except BriefError as e:
        raise ApiError(501, "pdf_unavailable", str(e), "format") from None
    headers = {"Content-Type": CONTENT_TYPES[fmt], "Cache-Control": "no-store",
               "Content-Security-Policy": CSP + "; frame-ancestors 'none'"}
    if fmt != "html":
        headers["Content-Disposition"] = f'inline; filename="brief.{fmt}"'
    return 200, headers, body


def render(brief: Brief, fmt: str) -> bytes:
    """``html``, ``md`` or ``pdf`` as bytes."""
    if fmt == "html":
        return render_html(brief).encode("utf-8")
    if fmt == "md":
        return render_markdown(brief).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(brief)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}")
