"""Lineage diagrams: what a directive or plan spawned, as Mermaid, DOT, SVG/PNG, GraphML and GEXF.

The lineage itself comes from :func:`tinhgon.graph.project.lineage` (a networkx DiGraph,
edges parent → child). This module only writes it out: left to right, one cluster per
province, central documents on the left, halted changes red, dashed and tagged
"⛔ halted", inferred links dotted. SVG and PNG are drawn by Graphviz ``dot`` (Debian
package ``graphviz``), which lays out hierarchies far better than anything in Python; the SVG
scales to the width of the page that shows it. GraphML and GEXF (for Gephi and yEd) carry
the graph's own relations: each edge runs as its RDF property does (a plan → the resolution
it ``implements``), not in the drawing's parent → child order.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import defaultdict
from typing import Any

import networkx as nx

from tinhgon.graph.project import clip, wrap
from tinhgon.text import slugify

FORMATS: tuple[str, ...] = ("mermaid", "dot", "svg", "png", "graphml", "gexf")

FILL = {"document": "#dbe6f3", "central": "#c6d4ea", "task": "#fbf3cf", "change": "#fde3c8", "halted": "#f8c9c9",
        "ended": "#e3e3e3"}
EDGE_LABEL = {
    "implements": ("triển khai bằng", "implemented by"),
    "reviews": ("được kết luận tại", "reviewed by"),
    "assigns": ("giao", "assigns"),
    "states": ("nêu", "states"),
    "basedOn": ("là căn cứ của", "basis of"),
    "replaces": ("thay thế", "replaces"),
    "repeals": ("bãi bỏ", "repeals"),
    "endsEffectOf": ("chấm dứt hiệu lực", "ends the effect of"),
    "suspends": ("tạm dừng thi hành", "suspends"),
    "amends": ("sửa đổi, bổ sung", "amends"),
}
# Documents another one took out of force, or amended (project.lineage sets ``standing``).
STANDING_TAG = {
    "replaced": ("✕ bị thay thế", "✕ replaced"), "repealed": ("✕ bị bãi bỏ", "✕ repealed"),
    "expired": ("✕ hết hiệu lực", "✕ expired"), "suspended": ("⏸ tạm dừng thi hành", "⏸ suspended"),
    "partly-amended": ("✎ được sửa đổi, bổ sung", "✎ partly amended"),
}
ENDED = frozenset({"replaced", "repealed", "expired", "suspended"})
STANDING_EDGES = frozenset({"replaces", "repeals", "endsEffectOf", "suspends", "amends"})
HALTED_TAG = {"vi": "⛔ halted · tạm dừng", "en": "⛔ halted"}


class GraphvizMissing(RuntimeError):
    """``dot`` is not installed; the message says how to install it."""


LINE = 48
"""Characters per line of a box's text; a text gets at most two lines, cut between words."""


def node_lines(d: dict[str, Any], lang: str = "vi") -> list[str]:
    """The lines of a node's label: what it is, then where and when, or what it says."""
    cls = d.get("cls")
    # Tasks and changes say what they do on the lines below: their first line is the short head.
    head = d.get(f"head_{lang}") if cls in ("task", "change") else None
    lines = [head or d.get(f"label_{lang}") or d.get("label_vi") or d.get("iri", "")]
    if cls == "document":
        when = d.get("date") or d.get("year")
        where = d.get("province") or ("Trung ương" if lang == "vi" else "central")
        lines.append(" · ".join(str(x) for x in (where, when) if x))
        if d.get("title") and not d.get("province"):
            lines.append(clip(d["title"], LINE))
        if d.get("standing") in STANDING_TAG:
            vi, en = STANDING_TAG[d["standing"]]
            by = d.get("standing_by")
            lines.append((vi if lang == "vi" else en) + (f" ({'bởi' if lang == 'vi' else 'by'} {by})" if by else ""))
    elif cls == "task":
        lines += wrap(d.get("text") or "", LINE, 2)
        if d.get("due"):
            lines.append(("hạn " if lang == "vi" else "due ") + str(d["due"]))
    elif cls == "change":
        if d.get("halted"):
            kind_only = re.sub(r"\s*\([^)]*\)$", "", lines[0].replace("⛔ ", ""))
            lines[0] = f"{HALTED_TAG[lang]} — {kind_only}"
        if d.get("inputs") or d.get("result"):
            lines.append(clip(" + ".join(d.get("inputs") or []) + (f" → {d['result']}" if d.get("result") else ""),
                              LINE))
        lines += wrap(d.get("text") or "", LINE, 2)
        if d.get("scope"):
            lines.append(clip(d["scope"], LINE))
    return [x for x in lines if x]


def _edge_label(d: dict[str, Any], L: nx.DiGraph, lang: str) -> str:
    vi, en = EDGE_LABEL.get(d.get("rel", ""), (d.get("rel", ""), d.get("rel", "")))
    text = vi if lang == "vi" else en
    if d.get("inferred"):
        via = L.nodes[d["via"]].get(f"label_{lang}") if d.get("via") in L else None
        text += (" (suy ra" if lang == "vi" else " (inferred") + (f": {via}" if via else "") + ")"
    return text


def _ids(L: nx.DiGraph) -> dict[str, str]:
    """Short stable node ids in a breadth-first order from the root(s)."""
    depth = _depth(L)  # once: a key function calling it walks the graph once per node
    order = sorted(L, key=lambda n: (depth.get(n, 0), n))
    return {n: f"n{i}" for i, n in enumerate(order)}


def _depth(L: nx.DiGraph) -> dict[str, int]:
    roots = [n for n in L if L.in_degree(n) == 0] or list(L)[:1]
    depth: dict[str, int] = {}
    for r in roots:
        for n, k in nx.single_source_shortest_path_length(L, r).items():
            depth[n] = min(depth.get(n, k), k)
    return depth


def _fill(d: dict[str, Any]) -> str:
    if d.get("cls") == "change":
        return FILL["halted"] if d.get("halted") else FILL["change"]
    if d.get("cls") == "document" and d.get("standing") in ENDED:
        return FILL["ended"]
    if d.get("cls") == "document" and not d.get("province"):
        return FILL["central"]
    return FILL.get(d.get("cls", ""), "#eeeeee")


# -- Graphviz DOT --------------------------------------------------------------------------
def _dot_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(L: nx.DiGraph, *, lang: str = "vi", title: str | None = None) -> str:
    """The lineage as a Graphviz digraph, left to right, one cluster per province."""
    ids = _ids(L)
    out = ["digraph lineage {",
           "  rankdir=LR; newrank=true; nodesep=0.25; ranksep=0.6;",
           '  graph [fontname="Noto Sans,DejaVu Sans,sans-serif", fontsize=12, labelloc=t];',
           '  node [shape=box, style="rounded,filled", fontname="Noto Sans,DejaVu Sans,sans-serif", fontsize=11,'
           ' color="#555555", margin="0.15,0.06"];',
           '  edge [fontname="Noto Sans,DejaVu Sans,sans-serif", fontsize=9, color="#2f4b7c", fontcolor="#444444"];']
    out.append(f"  label=<{_dot_caption(title, lang)}>;")
    by_province = _by_province(L, ids)
    for province in by_province:
        indent = "  "
        if province:
            out.append(f"  subgraph cluster_{slugify(province).replace('-', '_')} {{")
            out.append(f'    label={_dot_str(province)}; style="rounded,dashed"; color="#9a9a9a"; fontcolor="#555555";')
            indent = "    "
        for n in by_province[province]:
            out.append(indent + _dot_node(ids[n], L.nodes[n], lang))
        if province:
            out.append("  }")
    for s, o, d in sorted(L.edges(data=True), key=lambda e: (int(ids[e[0]][1:]), int(ids[e[1]][1:]))):
        structural = d.get("rel") in ("assigns", "states")  # obvious from the boxes: no label
        attrs = [] if structural else [f"label={_dot_str(_edge_label(d, L, lang))}"]
        if d.get("inferred"):
            attrs.append('style=dotted, penwidth=1.5')
        elif d.get("rel") == "reviews":
            attrs.append('color="#7a5195", penwidth=2')
        elif d.get("rel") in STANDING_EDGES:
            attrs.append('color="#b35900", style=dashed, penwidth=1.5, constraint=false')
        elif structural:
            attrs.append('color="#999999", arrowsize=0.6')
        else:
            attrs.append("penwidth=2")
        if L.nodes[o].get("halted"):
            attrs.append('color="#c00000", style=dashed')
        out.append(f"  {ids[s]} -> {ids[o]} [{', '.join(attrs)}];")
    out.append("}")
    return "\n".join(out) + "\n"


LEGEND = {
    "vi": "Mũi tên A → B: B triển khai A (hoặc kết luận về A). Nét chấm: suy ra từ trích dẫn. "
          "Khung đỏ nét đứt: thay đổi bị dừng ⛔. Khung xám nét đứt ✕: văn bản bị thay thế, bãi bỏ, hết hiệu lực.",
    "en": "An arrow A → B: B implements A (or reviews it). Dotted: inferred from a citation. "
          "Red dashed box: a halted change ⛔. Grey dashed box ✕: a document replaced, repealed or expired.",
}


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _dot_caption(title: str | None, lang: str) -> str:
    """Title over a one-line key, as a Graphviz HTML label."""
    head = f'<font point-size="16"><b>{_html(title)}</b></font><br/>' if title else ""
    return f'{head}<font point-size="10" color="#555555">{_html(LEGEND[lang])}</font>'


def _dot_node(nid: str, d: dict[str, Any], lang: str) -> str:
    lines = node_lines(d, lang)
    label = "\\n".join(x.replace("\\", "\\\\").replace('"', '\\"') for x in lines)
    attrs = [f'label="{label}"', f'fillcolor="{_fill(d)}"', f"tooltip={_dot_str(d.get('iri', ''))}"]
    cls = d.get("cls")
    if cls == "document":
        attrs.append("penwidth=1.5" if d.get("province") else 'penwidth=2.5, fontsize=13')
        if d.get("standing") in ENDED:
            attrs.append('style="rounded,filled,dashed", color="#777777", fontcolor="#555555"')
    elif cls == "task":
        attrs.append("shape=note, fontsize=9")
    elif cls == "change":
        attrs.append("fontsize=9")
        if d.get("halted"):
            attrs.append('style="rounded,filled,dashed,bold", color="#c00000", fontcolor="#8b0000", penwidth=2')
    return f"{nid} [{', '.join(attrs)}];"


def render(L: nx.DiGraph, fmt: str = "svg", *, lang: str = "vi", title: str | None = None) -> bytes:
    """SVG or PNG drawn by Graphviz ``dot``."""
    if fmt not in ("svg", "png"):
        raise ValueError(f"render draws svg or png, not {fmt!r}")
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing("Graphviz `dot` is not installed; install it with `apt-get install graphviz`")
    args = [dot, f"-T{fmt}"] + (["-Gdpi=144"] if fmt == "png" else [])
    proc = subprocess.run(args, input=to_dot(L, lang=lang, title=title).encode("utf-8"),
                          capture_output=True, check=False, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"dot failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return fit_width(proc.stdout) if fmt == "svg" else proc.stdout


def fit_width(svg: bytes) -> bytes:
    """The SVG scaled to the width of what shows it (a browser window, a README), never wider.

    Graphviz writes its size in points (``width="2400pt" height="900pt"``): a wide lineage then
    opens scrolled sideways. With the width set to 100% and the height left to the ``viewBox``'s
    proportions it fits; ``max-width`` keeps a small diagram from being blown up.
    """
    text = svg.decode("utf-8")
    m = re.search(r"<svg\b[^>]*>", text)
    if m is None or "viewBox" not in m[0]:
        return svg
    tag = m[0]
    width = re.search(r'\swidth="([\d.]+)pt"', tag)
    new = re.sub(r'\s(width|height)="[^"]*"', "", tag)
    style = f' style="max-width:{width[1]}pt;height:auto"' if width else ""
    new = new.replace("<svg", f'<svg width="100%"{style}', 1)
    return (text[: m.start()] + new + text[m.end():]).encode("utf-8")


# -- Mermaid -------------------------------------------------------------------------------
def _mermaid_text(text: str) -> str:
    return (text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;"))


def _by_province(L: nx.DiGraph, ids: dict[str, str]) -> dict[str | None, list[str]]:
    """Nodes grouped by province in drawing order, nodes without a province first."""
    groups: dict[str | None, list[str]] = defaultdict(list)
    for n in sorted(L, key=lambda n: int(ids[n][1:])):
        groups[L.nodes[n].get("province")].append(n)
    return {p: groups[p] for p in sorted(groups, key=lambda p: (p is not None, p or ""))}


def to_mermaid(L: nx.DiGraph, *, lang: str = "vi") -> str:
    """The lineage as a Mermaid flowchart (renders on GitHub and in most Markdown viewers)."""
    ids = _ids(L)
    out = ["flowchart LR"]
    by_province = _by_province(L, ids)
    for province in by_province:
        indent = "  "
        if province:
            out.append(f'  subgraph {slugify(province).replace("-", "_")} ["{_mermaid_text(province)}"]')
            indent = "    "
        for n in by_province[province]:
            d = L.nodes[n]
            label = "<br/>".join(_mermaid_text(x) for x in node_lines(d, lang))
            shape = ('["', '"]') if d.get("cls") != "change" else ('{{"', '"}}')
            out.append(f"{indent}{ids[n]}{shape[0]}{label}{shape[1]}")
        if province:
            out.append("  end")
    for s, o, d in sorted(L.edges(data=True), key=lambda e: (int(ids[e[0]][1:]), int(ids[e[1]][1:]))):
        arrow = "-.->" if d.get("inferred") else "-->"
        out.append(f'  {ids[s]} {arrow}|"{_mermaid_text(_edge_label(d, L, lang))}"| {ids[o]}')
    out += [
        "  classDef central fill:#c6d4ea,stroke:#2f4b7c,stroke-width:2px",
        "  classDef doc fill:#dbe6f3,stroke:#555",
        "  classDef task fill:#fbf3cf,stroke:#999",
        "  classDef change fill:#fde3c8,stroke:#999",
        "  classDef halted fill:#f8c9c9,stroke:#c00000,stroke-width:2px,stroke-dasharray:5 4,color:#8b0000",
        "  classDef ended fill:#e3e3e3,stroke:#777,stroke-dasharray:5 4,color:#555",
    ]
    classes: dict[str, list[str]] = defaultdict(list)
    for n, d in L.nodes(data=True):
        cls = d.get("cls")
        key = ("halted" if d.get("halted") else "change") if cls == "change" else \
            ("task" if cls == "task" else ("doc" if d.get("province") else "central"))
        if cls == "document" and d.get("standing") in ENDED:
            key = "ended"
        classes[key].append(ids[n])
    for key in sorted(classes):
        out.append(f"  class {','.join(sorted(classes[key], key=lambda x: int(x[1:])))} {key}")
    return "\n".join(out) + "\n"


# -- GraphML and GEXF -------------------------------------------------------------------
SCALAR_NODE_ATTRS = ("iri", "cls", "kind", "status", "province", "number", "date", "year", "ref", "due",
                     "text", "scope", "label_vi", "label_en", "quote", "source", "standing", "standing_by")
# The drawing's edges run parent → child; the graph's own property may run the other way. Each
# lineage relation → (the RDF property's name, whether the drawn edge is reversed to follow it).
RDF_DIRECTION: dict[str, tuple[str, bool]] = {
    "implements": ("implements", True), "reviews": ("reviews", True), "basedOn": ("basedOn", True),
    "assigns": ("assignedIn", True), "states": ("statedIn", True),
    **{rel: (rel, False) for rel in STANDING_EDGES},
}
PROPERTY_LABEL = {
    "implements": ("triển khai", "implements"), "reviews": ("kết luận về", "reviews"),
    "basedOn": ("căn cứ", "based on"), "assignedIn": ("được giao tại", "assigned in"),
    "statedIn": ("được nêu tại", "stated in"),
}


def interchange_graph(L: nx.DiGraph, *, lang: str = "vi") -> nx.DiGraph:
    """The lineage with scalar attributes only and edges in the direction of their RDF property
    (``rel`` = the property's name: a plan → the resolution it ``implements``, a task →
    the document it is ``assignedIn``); what GraphML and GEXF write."""
    H = nx.DiGraph()
    for n, d in L.nodes(data=True):
        attrs = {k: str(d[k]) for k in SCALAR_NODE_ATTRS if d.get(k) not in (None, "")}
        attrs["label"] = " — ".join(node_lines(d, lang)[:2])
        attrs["halted"] = bool(d.get("halted"))
        H.add_node(n, **attrs)
    for s, o, d in L.edges(data=True):
        drawn = d.get("rel", "")
        rel, reverse = RDF_DIRECTION.get(drawn, (drawn, False))
        a, b = (o, s) if reverse else (s, o)
        vi, en = PROPERTY_LABEL.get(rel) or EDGE_LABEL.get(rel, (rel, rel))
        label = vi if lang == "vi" else en
        if d.get("inferred"):
            label += " (suy ra)" if lang == "vi" else " (inferred)"
        H.add_edge(a, b, rel=rel, inferred=bool(d.get("inferred")), label=label)
    return H


def to_graphml(L: nx.DiGraph, *, lang: str = "vi") -> str:
    """GraphML for Gephi and yEd: scalar attributes only, ``label`` in the chosen language."""
    buf = io.BytesIO()
    nx.write_graphml(interchange_graph(L, lang=lang), buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def to_gexf(L: nx.DiGraph, *, lang: str = "vi") -> str:
    """GEXF 1.2 for Gephi (networkx.write_gexf): the same graph and attributes as GraphML."""
    buf = io.BytesIO()
    nx.write_gexf(interchange_graph(L, lang=lang), buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def export(L: nx.DiGraph, fmt: str, *, lang: str = "vi", title: str | None = None) -> bytes:
    """Any of FORMATS as bytes, ready to write to a file."""
    if fmt == "mermaid":
        return to_mermaid(L, lang=lang).encode("utf-8")
    if fmt == "dot":
        return to_dot(L, lang=lang, title=title).encode("utf-8")
    if fmt == "graphml":
        return to_graphml(L, lang=lang).encode("utf-8")
    if fmt == "gexf":
        return to_gexf(L, lang=lang).encode("utf-8")
    if fmt in ("svg", "png"):
        return render(L, fmt, lang=lang, title=title)
    raise ValueError(f"unknown lineage format {fmt!r}: use one of {', '.join(FORMATS)}")
