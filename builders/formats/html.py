"""Web pages (.html) → the document they carry, through selectolax (the Lexbor HTML5 parser).

Why selectolax: a fast, well-kept, standards-conforming parser with CSS selectors and no
further dependencies. Readability-style extractors (trafilatura, readability-lxml) keep the
"main text" but flatten tables and list numbers, which carry the tasks; so the page chrome is
set aside by its marks (builders/data/lexicon/html_chrome.tsv) and the rest is rendered block
by block in the shape the text steps read.
"""

from __future__ import annotations

import re

from tinhgon.builders import lexicon
from tinhgon.builders.formats import Extracted, FormatError

BLOCKS = {"p", "div", "section", "article", "main", "blockquote", "pre", "center", "dd", "dt", "figcaption",
          "address", "body"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SPACES = str.maketrans("\t\r\n\u00a0", "    ")  # what a browser collapses into one space


def _chrome() -> frozenset[str]:
    return frozenset(r["marker"].lower() for r in lexicon.rows("html_chrome"))


def _is_chrome(node, marks: frozenset[str]) -> bool:
    if node.tag in marks:
        return True
    attrs = node.attributes
    names = f"{attrs.get('id') or ''} {attrs.get('class') or ''} {attrs.get('role') or ''}"
    words = names.lower().replace("_", " ").replace("-", " ").split()
    return any(w in marks for w in words)


def _inline(node) -> str:
    """A node's text with bold kept as **…** and line breaks as newlines."""
    out: list[str] = []
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.append(child.text_content if hasattr(child, "text_content") else child.text(deep=False))
        elif tag == "br":
            out.append("\n")
        elif tag in ("b", "strong"):
            inner = _inline(child).strip()
            if inner:
                out.append(inner if inner.startswith("**") else f"**{inner}**")
        elif tag in ("script", "style"):
            continue
        else:
            out.append(_inline(child))
    return "".join(out)


def _clean(text: str) -> str:
    lines = [" ".join(w for w in ln.translate(_SPACES).split(" ") if w).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


class _Renderer:
    def __init__(self, marks: frozenset[str]) -> None:
        self.marks = marks
        self.blocks: list[str] = []
        self.set_aside: list[str] = []

    def walk(self, node) -> None:
        for child in node.iter(include_text=True):
            self.visit(child)

    def visit(self, node) -> None:
        tag = node.tag
        if tag == "-text":
            text = _clean(node.text(deep=False))
            if text:
                self.blocks.append(text)
            return
        if tag in ("-comment", "head"):
            return
        if _is_chrome(node, self.marks):
            text = _clean(node.text(separator=" "))
            if text:
                self.set_aside.append(text[:200])
            return
        if tag in HEADINGS:
            text = _clean(_inline(node)).replace("**", "")
            if text:
                self.blocks.append(f"{'#' * int(tag[1])} {text}")
        elif tag in ("ul", "ol"):
            self.list(node, ordered=tag == "ol")
        elif tag == "table":
            self.table(node)
        elif tag in BLOCKS or tag in ("li", "tr", "td", "th", "tbody", "thead", "span", "font", "a", "em", "i", "u"):
            if any(c.tag in BLOCKS | HEADINGS | {"ul", "ol", "table"} for c in node.iter()):
                self.walk(node)
            else:
                text = _clean(_inline(node))
                if text:
                    self.blocks.append(text)
        elif tag in ("b", "strong"):
            text = _clean(_inline(node))
            if text:
                self.blocks.append(text)
        elif tag not in ("img", "input", "button", "select", "svg", "hr"):
            self.walk(node)

    def list(self, node, *, ordered: bool) -> None:
        start = node.attributes.get("start") or "1"
        n = int(start) if ordered and start.isdigit() else 1
        for li in node.iter():
            if li.tag != "li" or _is_chrome(li, self.marks):
                continue
            text = _clean(_inline(li))
            if text:
                self.blocks.append(f"{n}. {text}" if ordered else f"- {text}")
            n += 1

    def table(self, node) -> None:
        rows: list[str] = []
        for tr in node.css("tr"):
            cells = [_clean(_inline(td)).replace("\n", " ").replace("|", "/")
                     for td in tr.iter() if td.tag in ("td", "th")]
            if any(cells):
                rows.append("| " + " | ".join(cells) + " |")
                if len(rows) == 1:
                    rows.append("|" + "---|" * len(cells))
        if rows:
            self.blocks.append("\n".join(rows))


def _contains(node, inner) -> bool:
    return node.mem_id == inner.mem_id or any(n.mem_id == inner.mem_id for n in node.traverse())


def read(path: str, data: bytes) -> Extracted:
    """The document a page carries; FormatError when the page holds no text."""
    from selectolax.lexbor import LexborHTMLParser

    try:
        html = data.decode("utf-8")
    except UnicodeDecodeError:
        m = re.search(rb"charset=[\"']?([\w-]+)", data[:4000])
        try:
            html = data.decode(m.group(1).decode("ascii") if m else "cp1258", errors="replace")
        except LookupError:
            html = data.decode("utf-8", errors="replace")
    tree = LexborHTMLParser(html)
    title_node = tree.css_first("title")
    title = _clean(title_node.text()) if title_node else None
    url = None
    for sel, attr in (("link[rel=canonical]", "href"), ("meta[property='og:url']", "content")):
        n = tree.css_first(sel)
        if n is not None and n.attributes.get(attr):
            url = n.attributes.get(attr)
            break
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    if root is None:
        raise FormatError(f"{path}: an HTML page with no body")
    r = _Renderer(_chrome())
    if root is not tree.body and tree.body is not None:  # what stands around the article is the site's
        for child in tree.body.iter():
            if child.tag not in ("script", "style") and not _contains(child, root):
                text = _clean(child.text(separator=" "))
                if text:
                    r.set_aside.append(text[:200])
    r.walk(root)
    text = "\n\n".join(b for b in r.blocks if b.strip())
    if not text.strip():
        raise FormatError(f"{path}: the page holds no text once its navigation and notices are set aside")
    return Extracted(text=text + "\n", format="html", title=title or None, url=url, set_aside=tuple(r.set_aside))
