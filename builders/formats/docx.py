"""Word (.docx) → text with layout, through python-docx.

Why python-docx: it is the well-kept reader of the OOXML body (paragraphs, runs, tables in
document order, styles) and leaves us the one thing no reader renders faithfully — Word's
automatic numbering, which lives outside the text (``w:numPr`` on the paragraph or on its style,
formats in ``numbering.xml``). docx2python renders direct numbering but not numbering inherited
from a style ("List Number"), which is how most plans are typed; so the counters are kept here.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from tinhgon.builders.formats import Extracted, FormatError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    out = ""
    for v, s in _ROMAN:
        while n >= v:
            out, n = out + s, n - v
    return out


def _letter(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(ord("a") + r) + s
    return s


FORMATS = {
    "decimal": str, "upperRoman": roman, "lowerRoman": lambda n: roman(n).lower(),
    "upperLetter": lambda n: _letter(n).upper(), "lowerLetter": _letter,
    "decimalZero": lambda n: f"{n:02d}",
}


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    """Word's list definitions and the running counters of each list."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId → ilvl → Level
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> Numbering:
        out = cls()
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return out
        abstract: dict[str, dict[int, Level]] = {}
        for an in root.iter(f"{W}abstractNum"):
            lv: dict[int, Level] = {}
            for lvl in an.iter(f"{W}lvl"):
                fmt, text, start = lvl.find(f"{W}numFmt"), lvl.find(f"{W}lvlText"), lvl.find(f"{W}start")
                lv[int(lvl.get(f"{W}ilvl", "0"))] = Level(
                    fmt=fmt.get(f"{W}val") if fmt is not None else "decimal",
                    text=text.get(f"{W}val") if text is not None else "",
                    start=int(start.get(f"{W}val")) if start is not None else 1,
                )
            abstract[an.get(f"{W}abstractNumId")] = lv
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                out.levels[num.get(f"{W}numId")] = abstract.get(ref.get(f"{W}val"), {})
        return out

    def label(self, num_id: str, ilvl: int) -> str:
        """The number Word shows before this paragraph ("2.", "a)", "II."), counters advanced."""
        levels = self.levels.get(num_id, {})
        lvl = levels.get(ilvl)
        if lvl is None:
            return ""
        c = self.counters.setdefault(num_id, [lv.start - 1 for _, lv in sorted(levels.items())] or [0])
        while len(c) <= ilvl:
            c.append(0)
        c[ilvl] += 1
        for deeper in range(ilvl + 1, len(c)):  # a new item restarts the levels below it
            d = levels.get(deeper)
            c[deeper] = (d.start - 1) if d else 0
        if lvl.fmt == "bullet":
            return "-"
        if lvl.fmt == "none":
            return ""
        text = lvl.text
        for i in range(ilvl + 1):
            li = levels.get(i, Level())
            text = text.replace(f"%{i + 1}", FORMATS.get(li.fmt, str)(max(c[i], 1)))
        return text.strip()


def _num_pr(paragraph) -> tuple[str, int] | None:
    """(numId, level) of a paragraph: its own numPr, else its style's (and the style's bases)."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
        lvl = ppr.numPr.ilvl.val if ppr.numPr.ilvl is not None else 0
        return str(ppr.numPr.numId.val), int(lvl)
    style = paragraph.style
    while style is not None:
        sppr = style.element.pPr
        if sppr is not None and sppr.numPr is not None and sppr.numPr.numId is not None:
            lvl = sppr.numPr.ilvl.val if sppr.numPr.ilvl is not None else 0
            return str(sppr.numPr.numId.val), int(lvl)
        style = style.base_style
    return None


def _runs(paragraph) -> str:
    """The paragraph's text, bold runs marked ``**…**`` (a wholly bold line is a heading)."""
    parts: list[str] = []
    for run in paragraph.runs:
        t = run.text.replace("\v", "\n")
        if not t:
            continue
        if run.bold and t.strip():
            lead, core, trail = t[: len(t) - len(t.lstrip())], t.strip(), t[len(t.rstrip()):]
            parts.append(f"{lead}**{core}**{trail}")
        else:
            parts.append(t)
    text = "".join(parts).replace("****", "")
    return text if text.strip() else paragraph.text


def _paragraph(paragraph, numbering: Numbering) -> str:
    text = _runs(paragraph).strip()
    style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    np = _num_pr(paragraph)
    label = numbering.label(*np) if np else ""
    if not text:
        return ""
    if label:
        text = f"{label} {text}"
    if style.startswith(("heading", "title")) and not text.startswith("**"):
        text = f"**{text}**"
    return text


def _table(table, numbering: Numbering) -> list[str]:
    rows: list[str] = []
    for i, row in enumerate(table.rows):
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                continue
            seen.add(id(cell._tc))
            text = " ".join(p for p in (_paragraph(par, numbering) for par in cell.paragraphs) if p)
            cells.append(text.replace("|", "/"))
        rows.append("| " + " | ".join(cells) + " |")
        if i == 0:
            rows.append("|" + "---|" * len(cells))
    return rows


def read(path: str, data: bytes) -> Extracted:
    """The document's text with its layout; FormatError names the file when it is no Word file."""
    try:
        import docx
    except ImportError:  # pragma: no cover - a dependency of the package
        raise FormatError(f"{path}: reading .docx needs python-docx: pip install python-docx") from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FormatError(f"{path}: not a Word .docx file (not a zip archive); if it is an old binary "
                          "Word .doc, convert it first: libreoffice --headless --convert-to docx FILE")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a damaged package
        raise FormatError(f"{path}: a damaged .docx package ({type(exc).__name__}: {exc})") from None
    numbering = Numbering.of(document)
    blocks: list[str] = []
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = _paragraph(item, numbering)
            if text:
                blocks.append(text)
        elif isinstance(item, Table):
            blocks.append("\n".join(_table(item, numbering)))
    title = (document.core_properties.title or "").strip() or None
    return Extracted(text="\n\n".join(blocks) + "\n", format="docx", title=title)
