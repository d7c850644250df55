"""The map of the 2025 commune arrangement: each new commune at its coordinates, linked to the old
units it was formed from, coloured by how many of them merged into it.

What is drawn comes from the store: the changes read off the resolutions' text (level commune,
their inputs and result, with the words of the item) and the gazetteer graph (``tinhgon
gazetteer``) for the coordinates, which the official tables of ``vietnamadminunits`` carry for
the units before and after the arrangement. A new commune the gazetteer does not know (the
text wins over the tables) is not placed, and the picture says which ones. One panel per
province (small multiples when several are drawn), each scaled to its own extent; plain SVG
written here, so the file opens offline anywhere and embeds in a README or an HTML page.
"""

from __future__ import annotations

import html
import math
from collections import defaultdict
from dataclasses import dataclass, field

from tinhgon.graph.store import GraphStore
from tinhgon.text import fold, slugify

# Fill by the number of old units merged into the new one (1 = renamed or reorganised alone).
CLASSES: tuple[tuple[int, str, str, str], ...] = (
    (1, "#fff3b0", "1 đơn vị (giữ nguyên, đổi tên)", "1 unit (kept or renamed)"),
    (2, "#fdc46c", "2 đơn vị", "2 units"),
    (3, "#f98a3b", "3 đơn vị", "3 units"),
    (4, "#e34a33", "4 đơn vị", "4 units"),
    (5, "#a50f15", "5 đơn vị trở lên", "5 units or more"),
)
PANEL_W, PANEL_H, MARGIN = 560, 560, 28
LABELS = 10
"""How many new communes per panel are named on the map (the largest merges); every dot has a tooltip."""

_PREFIXES = """PREFIX tg: <https://w3id.org/tinhgon/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
"""
# The changes of the arrangement as the text states them: one row per (change, input).
CHANGES = _PREFIXES + """
SELECT ?change ?result ?resultKey ?input ?inputLabel ?partial ?inLat ?inLon ?number ?province ?quote WHERE {
  ?change a tg:StructuralChange ; tg:level tg:level-commune ; org:resultingOrganization ?r ; tg:statedIn ?d .
  ?r skos:prefLabel ?result .
  OPTIONAL { ?r tg:searchKey ?resultKey . }
  OPTIONAL { ?d tg:number ?number . }
  OPTIONAL { ?d tg:province/skos:prefLabel ?province . }
  OPTIONAL { ?change prov:wasDerivedFrom/nif:anchorOf ?quote . }
  OPTIONAL { ?change org:originalOrganization ?input . ?input skos:prefLabel ?inputLabel .
             BIND(EXISTS { ?change tg:partialInput ?input } AS ?partial)
             OPTIONAL { ?input tg:gazetteerEntry ?e . ?e geo:lat ?inLat ; geo:long ?inLon . } }
}"""
# The communes after 2025 with their coordinates, from the gazetteer graph.
UNITS_2025 = _PREFIXES + """SELECT ?unit ?label ?key ?lat ?lon ?province WHERE {
  ?unit a tg:Commune ; tg:era "2025" ; skos:prefLabel ?label ; tg:searchKey ?key ; geo:lat ?lat ; geo:long ?lon ;
        tg:within/skos:prefLabel ?province .
}"""


class MapError(ValueError):
    """Nothing to draw, or no coordinates to draw it with; the message says what to do."""


@dataclass
class OldUnit:
    name: str
    partial: bool = False
    lat: float | None = None
    lon: float | None = None


@dataclass
class NewUnit:
    """A new commune of the arrangement, as the text forms it, placed where the gazetteer puts it."""

    name: str
    province: str
    document: str | None
    quote: str | None
    inputs: list[OldUnit] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None

    @property
    def merged(self) -> int:
        return max(1, len(self.inputs))


def read(store: GraphStore, provinces: list[str] | None = None) -> dict[str, list[NewUnit]]:
    """The new communes per province (as the documents name it), with coordinates where the
    gazetteer graph has them; only ``provinces`` (accent-free, case-free) when given."""
    wanted = {fold(p) for p in provinces or []}
    units: dict[str, NewUnit] = {}
    keys: dict[str, str] = {}
    for r in store.select(CHANGES):
        province = r["province"] or "?"
        if wanted and fold(province) not in wanted:
            continue
        u = units.get(r["change"])
        if u is None:
            u = units[r["change"]] = NewUnit(r["result"], province, r["number"], r["quote"])
            keys[r["change"]] = r["resultKey"] or fold(r["result"])
        if r["inputLabel"] and all(i.name != r["inputLabel"] for i in u.inputs):
            u.inputs.append(OldUnit(r["inputLabel"], r["partial"] in (True, "true", "1"),
                                    _float(r["inLat"]), _float(r["inLon"])))
    if wanted and not units:
        raise MapError(f"no commune arrangement of {', '.join(provinces or [])} in the store "
                       "(build the province's resolution first)")
    if not units:
        raise MapError("the store holds no commune arrangement (build a resolution 'về việc sắp xếp các đơn vị "
                       "hành chính cấp xã' first)")
    places: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for r in store.select(UNITS_2025):
        places[r["key"]].append((fold(r["province"]), float(r["lat"]), float(r["lon"])))
    if not places:
        raise MapError("the store has no coordinates: load the gazetteer first (tinhgon gazetteer --province NAME)")
    for cid, u in units.items():
        cands = places.get(keys[cid], [])
        here = [c for c in cands if _same_province(c[0], u.province)] or (cands if len(cands) == 1 else [])
        if here:
            u.lat, u.lon = here[0][1], here[0][2]
    out: dict[str, list[NewUnit]] = defaultdict(list)
    for u in sorted(units.values(), key=lambda u: (fold(u.province), fold(u.name))):
        out[u.province].append(u)
    return dict(sorted(out.items(), key=lambda kv: fold(kv[0])))


def _same_province(gazetteer: str, document: str) -> bool:
    """"hue" vs "thanh pho hue": a document may name the province with or without its unit word."""
    d = fold(document)
    return gazetteer == d or gazetteer.endswith(" " + d) or d.endswith(" " + gazetteer)


def _float(v: str | None) -> float | None:
    return float(v) if v not in (None, "") else None


def colour(merged: int) -> str:
    """The fill of a new commune formed from ``merged`` old units."""
    return next((c for n, c, _, _ in CLASSES if merged <= n), CLASSES[-1][1])


# -- drawing ---------------------------------------------------------------------------------
def _projector(points: list[tuple[float, float]], w: float, h: float):
    """Lat/long → x/y in a w × h box: equirectangular, east-west scaled by cos(latitude) so a
    province keeps its shape; the same scale on both axes."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    k = math.cos(math.radians(sum(lats) / len(lats)))
    x0, x1, y0, y1 = min(lons) * k, max(lons) * k, min(lats), max(lats)
    scale = min((w - 2 * MARGIN) / max(x1 - x0, 1e-6), (h - 2 * MARGIN) / max(y1 - y0, 1e-6))
    dx = (w - (x1 - x0) * scale) / 2
    dy = (h - (y1 - y0) * scale) / 2
    return lambda lat, lon: (dx + (lon * k - x0) * scale, h - dy - (lat - y0) * scale)


def _panel(province: str, units: list[NewUnit], lang: str, ox: float, oy: float) -> tuple[list[str], list[str]]:
    """One province's panel: its SVG elements and the names of the new communes it could not place."""
    placed = [u for u in units if u.lat is not None]
    missing = [u.name for u in units if u.lat is None]
    clip = f"clip-{slugify(province)}"
    out = [f'<g class="panel" data-province="{html.escape(province)}" transform="translate({ox},{oy})" '
           f'clip-path="url(#{clip})">',
           f'<clipPath id="{clip}"><rect width="{PANEL_W}" height="{PANEL_H}"/></clipPath>',
           f'<rect width="{PANEL_W}" height="{PANEL_H}" fill="#f7f7f4" stroke="#cccccc"/>',
           f'<text x="10" y="20" class="title">{html.escape(province)} — '
           f'{len(units)} {"xã, phường mới" if lang == "vi" else "new communes"}</text>']
    points = [(u.lat, u.lon) for u in placed] + [(i.lat, i.lon) for u in placed for i in u.inputs if i.lat is not None]
    if not points:
        out.append('</g>')
        return out, missing
    at = _projector(points, PANEL_W, PANEL_H - 24)
    out.append('<g transform="translate(0,24)">')
    for u in placed:  # the links first, under the dots
        x, y = at(u.lat, u.lon)
        for i in u.inputs:
            if i.lat is None:
                continue
            a, b = at(i.lat, i.lon)
            dash = ' stroke-dasharray="3 2"' if i.partial else ""
            out.append(f'<line class="link" x1="{a:.1f}" y1="{b:.1f}" x2="{x:.1f}" y2="{y:.1f}"{dash}/>')
            out.append(f'<circle class="old" cx="{a:.1f}" cy="{b:.1f}" r="1.8"><title>{html.escape(i.name)}'
                       f'{" (một phần)" if i.partial and lang == "vi" else " (part)" if i.partial else ""}'
                       f'</title></circle>')
    for u in sorted(placed, key=lambda u: u.merged):
        x, y = at(u.lat, u.lon)
        r = 3.5 + 1.6 * math.sqrt(u.merged)
        names = ", ".join(i.name + (" (một phần)" if i.partial else "") for i in u.inputs)
        head = "←" if lang == "vi" else "from"
        tip = f"{u.name} {head} {names}" + (f" — {u.document}" if u.document else "")
        if u.quote:
            tip += f"\n“{u.quote}”"
        out.append(f'<circle class="new" data-merged="{u.merged}" data-name="{html.escape(u.name)}" cx="{x:.1f}" '
                   f'cy="{y:.1f}" r="{r:.1f}" fill="{colour(u.merged)}"><title>{html.escape(tip)}</title></circle>')
    # The names of the largest merges only (a province has a hundred communes), right of the dot
    # or, near the panel's right edge, left of it.
    for u in sorted(placed, key=lambda u: (-u.merged, fold(u.name)))[:LABELS]:
        x, y = at(u.lat, u.lon)
        side = f'x="{x - 7:.1f}" text-anchor="end"' if x > PANEL_W * 0.72 else f'x="{x + 7:.1f}"'
        out.append(f'<text class="name" {side} y="{y + 3:.1f}">{html.escape(u.name)}</text>')
    out.append("</g></g>")
    return out, missing


def to_svg(data: dict[str, list[NewUnit]], *, lang: str = "vi", title: str | None = None) -> str:
    """The map as SVG: one panel per province (at most three a row), a legend, and the names of
    the new communes left out for want of coordinates."""
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    cols = min(3, len(data))
    rows = math.ceil(len(data) / cols)
    body: list[str] = []
    missing: list[str] = []
    for k, (province, units) in enumerate(data.items()):
        els, miss = _panel(province, units, lang, (k % cols) * (PANEL_W + 12), 60 + (k // cols) * (PANEL_H + 12))
        body += els
        missing += [f"{m} ({province})" for m in miss]
    width = cols * (PANEL_W + 12) - 12
    legend_y = 60 + rows * (PANEL_H + 12) + 8
    legend = [f'<g class="legend" transform="translate(0,{legend_y})">']
    for i, (_, fill, vi, en) in enumerate(CLASSES):
        x = 10 + i * (width - 20) / len(CLASSES)
        legend.append(f'<circle cx="{x + 6:.0f}" cy="8" r="6" fill="{fill}" stroke="#555"/>'
                      f'<text x="{x + 16:.0f}" y="12">{html.escape(vi if lang == "vi" else en)}</text>')
    legend.append("</g>")
    n_units = sum(len(v) for v in data.values())
    heading = title or ("Các xã, phường mới sau sắp xếp năm 2025" if lang == "vi"
                        else "The new communes after the 2025 arrangement")
    sub = (f"{n_units} đơn vị mới, mỗi đơn vị đặt tại tọa độ của nó, nối với các đơn vị cũ hợp thành "
           "(nét đứt: một phần diện tích); màu theo số đơn vị cũ. Nguồn: văn bản nghị quyết; tọa độ: vietnamadminunits."
           if lang == "vi" else
           f"{n_units} new units, each at its coordinates, linked to the old units it was formed from "
           "(dashed: part of one); colour by how many merged. Source: the resolutions' text; "
           "coordinates: vietnamadminunits.")
    note = []
    height = legend_y + 24
    if missing:
        head = ("Không có tọa độ trong danh mục, không vẽ: " if lang == "vi"
                else "No coordinates in the gazetteer, not drawn: ")
        note.append(f'<text class="missing" x="10" y="{height + 6}" data-count="{len(missing)}">'
                    f'{html.escape(head + ", ".join(missing[:20]) + (" …" if len(missing) > 20 else ""))}</text>')
        height += 20
    style = ("text{font-family:'Noto Sans','DejaVu Sans',sans-serif;font-size:11px;fill:#333}"
             ".title{font-size:14px;font-weight:bold}.h1{font-size:18px;font-weight:bold}"
             ".sub{font-size:11.5px;fill:#555}.name{font-size:10px;paint-order:stroke;stroke:#fff;stroke-width:3px}"
             ".link{stroke:#8c8c8c;stroke-width:.7}.old{fill:#8c8c8c}.new{stroke:#444;stroke-width:.6}"
             ".missing{fill:#8b0000}")
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" style="max-width:{width}px;height:auto" '
        f'viewBox="0 0 {width} {height}" role="img">',
        f"<style>{style}</style>",
        f'<text class="h1" x="10" y="24">{html.escape(heading)}</text>',
        f'<text class="sub" x="10" y="44">{html.escape(sub)}</text>',
        *body, *legend, *note, "</svg>"]) + "\n"


def to_html(data: dict[str, list[NewUnit]], *, lang: str = "vi", title: str | None = None) -> str:
    """The SVG in a page of its own (each dot's tooltip gives its old units and the text's words)."""
    heading = title or ("Bản đồ sắp xếp xã, phường năm 2025" if lang == "vi" else "The 2025 commune arrangement")
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(heading)} · tinhgon'
            '</title><style>body{margin:12px;font-family:system-ui,sans-serif}</style></head><body>\n'
            f"{to_svg(data, lang=lang, title=title)}</body></html>\n")
