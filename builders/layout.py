"""Layout step: the normalised text re-laid the way a clean plan is written, every character still mapped.

Real documents are published as Markdown renderings of Word files and as web pages, and
their layout hides the document's own structure:

* lines hard-wrapped in mid-sentence (a line break inside "Sở Nông nghiệp và\\nMôi trường");
  paragraphs are re-flowed onto one line, while real line structure stays: numbered items,
  bullets, headings, rules and table rows keep their own lines;
* bold or italic runs wrapped over lines ("**CỘNG HÒA XÃ HỘI\\nCHỦ NGHĨA VIỆT NAM**",
  "**Sở Tư**\\n**pháp**"): a line break inside emphasis is a wrap;
* tables written one cell per line between ``|`` lines (a lone ``|`` closes a cell, two in a
  row end a row): a table of three or more columns becomes one ``| cell | cell |`` row per
  line; a two-column frame (the header with issuer, number, place and date, or the closing
  block with "Nơi nhận" and the signer) becomes one line per printed line, cells apart;
* a bold heading glued to the end of a paragraph ("… 9/5/2025.**Sau sắp xếp …**") and words
  glued together ("phườngPhong Hiền", "năm2025") are parted;
* website boilerplate (copyright, privacy notes, related links, captions, download and
  "ask us" lines, a news page's source line and address — ``data/lexicon/boilerplate.tsv``)
  and, on a question-and-answer page, the other questions that quote other documents, are
  *set aside*: blanked in ``Source.text`` (so no later step takes a task or a reference from
  them) but kept in the offset map and listed in ``Source.regions`` as ``aside``.

Every edit only replaces, drops or inserts characters of the normalised text, and each
character of the result keeps the original offset of the character it came from, so
``Source.span`` / ``Source.quote`` still give the file's exact words. The step is linear in
the size of the text: one pass over the lines, one pass to apply the edits.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, replace
from functools import cache

from tinhgon.builders import lexicon
from tinhgon.builders.model import Region, Source
from tinhgon.text import fold

# A line that opens with a marker of its own: a numbered item, a bullet, a lettered item.
# (Structure reads the shapes precisely; here it is enough to know the line starts something.)
_MARKER = re.compile(
    r"^\s*(?:\d{1,3}(?:\.\d{1,3})*\s*[.)](?:\s|$)|\d{1,3}(?:\.\d{1,3})+(?:\s|$)|[IVXLC]{1,6}\s*[.)\-–](?:\s|$)|"
    r"\(?[a-zđ]\)\s|\(\d{1,3}\)|\([ivx]{1,5}\)|[-–—•●▪◦·➢»+]\s|[A-ZĐ]\s*\.\s|(?:Điều|Chương|Mục|Phần)\s+[\dIVXLC]+\b)"
)
_BARE_MARKER = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*\.|[IVXLC]{1,6}\s*[.)\-–]|[a-zđ]\)|\(\d{1,3}\))\s*$")
_HEADING = re.compile(r"^[ \t]*(#{1,6})[ \t]")
_EMPH_TOKEN = re.compile(r"\*\*|\*|__")
_TERMINAL = re.compile(r"[.;:!?]\s*$")
_NUMBER = re.compile(r"\d{1,5}\s*[-/]\s*[A-Za-zĐđ0-9][\w./-]*")
_GLUED_BOLD = re.compile(r"[.!?;:]\s*\*\*(?=[^\s*])")
_WORD = re.compile(r"[^\W\d_]+")
_SIGNS_FOR = re.compile(r"^\s*(?:KT|TM|TL|T/M|K/T|TUQ)\s*\.?\s+")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass
class _Line:
    start: int  # offsets into the normalised text; ``end`` is the "\n" (or the end of the text)
    end: int
    text: str
    raw: str  # the original line, markup included
    o_start: int = 0  # where ``raw`` starts in the original
    emph_after: bool = False  # a bold or italic run is still open at the end of the line
    heading: int = 0  # Markdown heading level ("## …" → 2)

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def pipe(self) -> bool:
        return self.text.strip() == "|"

    @property
    def rule(self) -> bool:
        return not re.search(r"\w", self.text)


class _Edits:
    """Replacements and insertions on the normalised text, applied once, offsets carried along."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.repl: dict[int, str] = {}
        self.ins: dict[int, str] = {}

    def replace(self, i: int, s: str) -> None:
        self.repl[i] = s

    def insert(self, i: int, s: str) -> None:
        self.ins[i] = self.ins.get(i, "") + s

    def apply(self, text: str, offsets: list[int]) -> tuple[str, list[int], list[int]]:
        """(new text, new offsets, old index → new index)."""
        out: list[str] = []
        offs: list[int] = []
        where: list[int] = [0] * (len(text) + 1)
        for i, c in enumerate(text):
            if i in self.ins:
                for ch in self.ins[i]:
                    out.append(ch)
                    offs.append(offsets[i])
            where[i] = len(out)
            for ch in self.repl.get(i, c):
                out.append(ch)
                offs.append(offsets[i])
        where[len(text)] = len(out)
        offs.append(offsets[len(text)])
        return "".join(out), offs, where


@cache
def _boilerplate() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    fam = lexicon.family("boilerplate")
    return tuple((re.compile(r["cue"], re.IGNORECASE), r["scope"], r["kind"]) for r in fam.rows)


def layout(source: Source) -> Source:
    """The Source with its text re-laid (see the module docstring) and its regions listed."""
    text, offsets = source.text, source.offsets
    lines = _lines(source)
    edits = _Edits(len(text))
    regions: list[Region] = []
    in_table = _tables(lines, edits, regions)
    _reflow(lines, in_table, edits)
    _glued(source, lines, edits)
    _set_aside(lines, edits, regions)
    _trim(lines, edits)
    new_text, new_offsets, where = edits.apply(text, offsets)

    def moved(i: int) -> int:
        return where[max(0, min(i, len(text)))]

    body_end = -1 if source.body_end < 0 else moved(source.body_end)
    dup = (moved(source.duplicate_of[0]), moved(source.duplicate_of[1])) if source.duplicate_of else None
    regs = [Region(r.kind, moved(r.start), moved(r.end), r.note) for r in regions]
    regs += [Region(r.kind, moved(r.start), moved(r.end), r.note) for r in source.regions]
    regs.sort(key=lambda r: (r.start, r.end))
    return replace(source, text=new_text, offsets=new_offsets, body_start=moved(source.body_start),
                   body_end=body_end, duplicate_of=dup, regions=regs)


def _lines(source: Source) -> list[_Line]:
    """The normalised lines, each with its original line (for the markup normalise dropped)."""
    text, offs, orig = source.text, source.offsets, source.original
    out: list[_Line] = []
    pos = 0
    bold = ital = False
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        o_start = offs[pos - 1] + 1 if pos > 0 else 0
        o_end = offs[end]
        raw = orig[o_start:o_end] if o_end >= o_start else ""
        line = _Line(pos, end, text[pos:end], raw.rstrip("\r"), o_start)
        m = _HEADING.match(line.raw)
        line.heading = len(m.group(1)) if m else 0
        if not line.raw.strip() or line.pipe:
            bold = ital = False
        else:
            toks = _EMPH_TOKEN.findall(line.raw.lstrip()[2:] if line.raw.lstrip().startswith("* ") else line.raw)
            bold ^= toks.count("**") % 2 == 1 or toks.count("__") % 2 == 1
            ital ^= toks.count("*") % 2 == 1
        line.emph_after = bold or ital
        out.append(line)
        if nl < 0:
            break
        pos = nl + 1
    return out


# --- tables -------------------------------------------------------------------------------


def _tables(lines: list[_Line], edits: _Edits, regions: list[Region]) -> set[int]:
    """Tables written one cell per line between lone "|" lines; returns the line indexes they hold."""
    held: set[int] = set()
    i, first_table = 0, True
    while i < len(lines):
        if _md_row(lines[i]):
            j = i
            while j + 1 < len(lines) and _md_row(lines[j + 1]):
                j += 1
            if first_table and _frame_kind(lines, i, j, True) == "header" and _md_columns(lines, i, j) <= 3:
                _md_frame(lines, i, j, edits)
                regions.append(Region("header", lines[i].start, lines[j].end, "a Markdown table"))
                held.update(range(i, j + 1))
            first_table = False
            i = j + 1
            continue
        if not lines[i].pipe:
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and lines[j + 1].raw.strip():
            j += 1
        while j > i and not lines[j].pipe:
            j -= 1
        if j - i < 2:
            i = j + 1
            continue
        rows = _rows(lines, i, j)
        start, end = lines[i].start, lines[j].end
        if max((len(r) for r in rows), default=0) >= 3:
            _pipe_rows(lines, i, j, edits)
            regions.append(Region("table", start, end, f"{len(rows)} rows"))
        else:
            _frame_cells(lines, rows, i, j, edits)
            kind = _frame_kind(lines, i, j, first_table)
            regions.append(Region(kind, start, end, "cells between '|' lines"))
        first_table = False
        held.update(range(i, j + 1))
        i = j + 1
    return held


def _md_row(line: _Line) -> bool:
    t = line.text.strip()
    return t.startswith("|") and t.count("|") >= 2 and not line.pipe


def _md_columns(lines: list[_Line], i: int, j: int) -> int:
    return max(lines[k].text.strip().strip("|").count("|") + 1 for k in range(i, j + 1))


def _md_frame(lines: list[_Line], i: int, j: int, edits: _Edits) -> None:
    """A header written as a Markdown table: each cell on its own line, the "|---|" rule gone."""
    for k in range(i, j + 1):
        line = lines[k]
        t = line.text
        if re.fullmatch(r"[\s|:\-]*", t):
            for p in range(line.start, line.end):
                edits.replace(p, "")
            continue
        first, last = t.index("|"), t.rindex("|")
        for p, c in enumerate(t):
            if c == "|":
                edits.replace(line.start + p, "" if p in (first, last) else "\n")


def _rows(lines: list[_Line], i: int, j: int) -> list[list[list[int]]]:
    """Rows of cells (each a list of line indexes) between the "|" lines i..j."""
    rows: list[list[list[int]]] = []
    row: list[list[int]] = []
    cell: list[int] = []
    for k in range(i + 1, j + 1):
        if lines[k].pipe:
            if cell:
                row.append(cell)
                cell = []
            elif row:
                rows.append(row)
                row = []
        else:
            cell.append(k)
    if cell:
        row.append(cell)
    if row:
        rows.append(row)
    return rows


def _pipe_rows(lines: list[_Line], i: int, j: int, edits: _Edits) -> None:
    """One row per line: every line break in the table becomes a space, except between rows."""
    for k in range(i, j):
        a, b = lines[k], lines[k + 1]
        if a.pipe and b.pipe:
            continue  # the end of one row and the start of the next
        _join(a, b, edits)


def _frame_cells(lines: list[_Line], rows: list[list[list[int]]], i: int, j: int, edits: _Edits) -> None:
    """Header or closing frame: "|" lines go, each cell keeps its printed lines (wraps re-flowed)."""
    for k in range(i, j + 1):
        if lines[k].pipe:
            for p in range(lines[k].start, lines[k].end):
                edits.replace(p, "")
    for row in rows:
        for cell in row:
            in_bullet = _bulleted(lines[cell[0]])
            for a, b in itertools.pairwise(cell):
                if _cell_wrap(lines[a], lines[b], in_bullet):
                    _join(lines[a], lines[b], edits)
                else:
                    in_bullet = _bulleted(lines[b])


def _bulleted(line: _Line) -> bool:
    return line.text.lstrip().startswith(("-", "+"))


def _cell_wrap(a: _Line, b: _Line, in_bullet: bool) -> bool:
    if a.rule or b.rule or b.blank:
        return False
    if a.emph_after or _starts_lower(b.text, paren=True) or _BARE_MARKER.match(a.text):
        return True
    # a recipient wrapped under its "- " bullet ("- Các đồng chí lãnh đạo\nVăn phòng …,")
    return in_bullet and not _MARKER.match(b.text) and not _TERMINAL.search(a.text)


def _frame_kind(lines: list[_Line], i: int, j: int, first: bool) -> str:
    body = fold(" ".join(lines[k].text for k in range(i, j + 1)))
    if re.search(r"\bnoi nhan\b|^\W*(?:kt|tm|tl|t/m|k/t|tuq|q)\.? ", body) or _signer_cell(lines, i, j):
        return "closing"
    if first and re.search(r"\bso\s*:?\s*\d|\bngay\s+\d{1,2}\b|\bcong hoa\b|\bdang cong san\b", body):
        return "header"
    return "table"


def _signer_cell(lines: list[_Line], i: int, j: int) -> bool:
    for k in range(i, j + 1):
        m = _SIGNS_FOR.match(lines[k].text)
        if m and _caps(lines[k].text[m.end():]):
            return True
    return False


# --- paragraphs ---------------------------------------------------------------------------


def _starts_lower(s: str, paren: bool = False) -> bool:
    """The line starts in lower case (after quotes; after "(" too when ``paren``)."""
    t = s.lstrip(" \t\"'“(" if paren else " \t\"'“")
    return bool(t) and t[0].islower()


def _wrapped(lines: list[_Line], held: set[int]) -> bool:
    """Is the document hard-wrapped? Many of its lines run on into a line that starts in lower case."""
    pairs = runs = 0
    for k in range(len(lines) - 1):
        a, b = lines[k], lines[k + 1]
        if k in held or a.blank or b.blank or a.rule or b.rule:
            continue
        pairs += 1
        if _starts_lower(b.text) and not _MARKER.match(b.text):
            runs += 1
    return runs >= 3 and runs >= 0.15 * pairs


def _reflow(lines: list[_Line], held: set[int], edits: _Edits) -> None:
    """Join the lines of one paragraph; keep items, bullets, headings, rules and tables on their own lines."""
    wrapped = _wrapped(lines, held)
    for k in range(len(lines) - 1):
        a, b = lines[k], lines[k + 1]
        if k in held or (k + 1) in held or a.blank or b.blank:
            continue
        if _is_wrap(a, b, wrapped):
            _join(a, b, edits)


def _is_wrap(a: _Line, b: _Line, wrapped: bool) -> bool:
    if a.heading or b.heading or a.rule or b.rule or "\t" in a.text or "\t" in b.text:
        return False
    if a.text.lstrip().startswith("|") or b.text.lstrip().startswith("|"):
        return False  # a Markdown table row is a line of its own, in a hard-wrapped text too
    b_marked = bool(_MARKER.match(b.text))
    if wrapped and a.emph_after and not (b_marked and _TERMINAL.search(a.text)):
        # inside a bold or italic run of a hard-wrapped text (a hand-written "**T/M BAN THƯỜNG VỤ
        # \nBÍ THƯ**" keeps its two lines)
        return True
    if _BARE_MARKER.match(a.text):
        return True  # "3." alone, its title on the next line
    if b_marked:
        return False
    if _starts_lower(b.text, paren=wrapped):
        return True
    # a line in capitals is a title, frame or signature line: it ends where it ends
    return wrapped and not _caps(a.text)


def _caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _join(a: _Line, b: _Line, edits: _Edits) -> None:
    """Line a runs on into line b: the line break (and the spaces around it) become one space."""
    p = a.end
    q = a.end - 1
    while q >= a.start and a.text[q - a.start] in " \t":
        edits.replace(q, "")
        q -= 1
    r = b.start
    while r < b.end and b.text[r - b.start] in " \t":
        edits.replace(r, "")
        r += 1
    edits.replace(p, " ")


def _trim(lines: list[_Line], edits: _Edits) -> None:
    """Spaces left at a line's end (where a closing "**" stood) go."""
    for line in lines:
        q = line.end - 1
        while q >= line.start and line.text[q - line.start] == " " and q not in edits.repl:
            edits.replace(q, "")
            q -= 1


# --- glued words and headings -------------------------------------------------------------


def _glued(source: Source, lines: list[_Line], edits: _Edits) -> None:
    """Part a bold heading glued to a sentence end, words run together, and "<br>" line breaks."""
    offs = source.offsets
    for line in lines:
        if line.blank:
            continue
        for m in _GLUED_BOLD.finditer(line.raw):
            rest = line.raw[m.end():].rstrip()
            if rest.endswith("**") and "**" not in rest[:-2]:
                target = line.o_start + m.end()
                k = bisect.bisect_left(offs, target, line.start, line.end)
                if line.start < k < line.end:
                    edits.insert(k, "\n\n")
        for m in _BREAK_TAG.finditer(line.text):
            edits.replace(line.start + m.start(), "\n")
            for p in range(line.start + m.start() + 1, line.start + m.end()):
                edits.replace(p, "")
        for m in _WORD.finditer(line.text):
            w = m.group()
            k = _glue_point(w)
            if k:
                edits.insert(line.start + m.start() + k, " ")
            nxt = line.start + m.end()
            if nxt < line.end and source.text[nxt].isdigit() and len(w) >= 3 and w.islower() \
                    and (m.start() == 0 or not line.text[m.start() - 1].isdigit()) and \
                    _digits_then_break(line.text, m.end()):
                edits.insert(nxt, " ")


def _glue_point(w: str) -> int:
    """Index where a lower-case word runs into a capitalised one ("phườngPhong" → 6), else 0."""
    for k in range(2, len(w) - 1):
        if w[k].isupper() and w[k - 1].islower():
            left, right = w[:k], w[k:]
            if left.islower() and right[1:].islower():
                return k
            return 0
    return 0


def _digits_then_break(s: str, i: int) -> bool:
    """"năm2025" parts, "km2" and "5G"-style codes do not: at least two digits, then no letter."""
    j = i
    while j < len(s) and s[j].isdigit():
        j += 1
    return j - i >= 2 and (j == len(s) or not s[j].isalpha())


# --- boilerplate and wrappers -------------------------------------------------------------


def _set_aside(lines: list[_Line], edits: _Edits, regions: list[Region]) -> None:
    """Blank website boilerplate and a Q&A page's other questions; list them as ``aside`` regions."""
    aside: list[tuple[int, int, str]] = []  # line index ranges [i, j) and why
    cues = _boilerplate()
    for k, line in enumerate(lines):
        if line.blank:
            continue
        t = line.text.strip()
        for rx, scope, kind in cues:
            if rx.search(t):
                aside.append((k, len(lines) if scope == "tail" else k + 1, kind))
                break
    aside += _other_questions(lines)
    for line in lines:
        if line.heading and not line.blank:  # a web page's own heading ("## …", "### Nội dung chính")
            regions.append(Region("heading", line.start, line.end, f"h{line.heading}"))
    for i, j, why in aside:
        for k in range(i, j):
            for p in range(lines[k].start, lines[k].end):
                if p not in edits.repl or edits.repl[p]:
                    edits.replace(p, " ")
        regions.append(Region("aside", lines[i].start, lines[j - 1].end, why))


def _key(s: str) -> str:
    return re.sub(r"\W+", "", fold(s))


def _question(line: _Line) -> bool:
    """A question heading of a Q&A page: a heading or a wholly bold line that ends with "?"."""
    raw = line.raw.strip()
    if not line.text.strip().endswith("?"):
        return False
    return bool(line.heading) or (raw.startswith("**") and raw.endswith("**"))


def _other_questions(lines: list[_Line]) -> list[tuple[int, int, str]]:
    """On a Q&A page (its title is a question), the questions that never name the page's document.

    The page answers its title by quoting the document; further questions ("Các hành vi bị
    nghiêm cấm … là gì?") quote other laws and are not part of it. A question whose section
    names the document's number (from the title) is kept; repeats of the title are set aside.
    """
    first = next((k for k, ln in enumerate(lines) if not ln.blank), None)
    if first is None or not lines[first].heading or not _question(lines[first]):
        return []
    title = lines[first].text
    numbers = {_key(n) for n in _NUMBER.findall(title)}
    if not numbers:
        return []
    out: list[tuple[int, int, str]] = []
    heads = [k for k, ln in enumerate(lines) if k > first and _question(ln)]
    tkey = _key(title)
    for n, k in enumerate(heads):
        stop = heads[n + 1] if n + 1 < len(heads) else len(lines)
        if _key(lines[k].text) == tkey:
            out.append((k, k + 1, "wrapper"))
            continue
        body = " ".join(ln.text for ln in lines[k:stop])
        if not any(num in _key(body) for num in numbers):
            out.append((k, stop, "wrapper"))
    return out


def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """The effect of a lexicon row this module owns, seen on the row's example (None when seen)."""
    if family == "boilerplate":
        from tinhgon.builders.load import RawText
        from tinhgon.builders.normalise import normalise

        doc = "KẾ HOẠCH\n\nSở Nội vụ chủ trì thực hiện.\n\n" + row["example"] + "\n\nSở Tư pháp phối hợp.\n"
        src = layout(normalise(RawText("t.md", "t.md", "t", "", "utf-8", doc)))
        if not src.aside():
            return f"{row.where}: the example line is not set aside"
        if "Sở Nội vụ chủ trì thực hiện." not in src.text:
            return f"{row.where}: the document before the example was set aside too"
        kept = "Sở Tư pháp phối hợp." in src.text
        if row["scope"] == "tail" and kept:
            return f"{row.where}: the text after a tail cue is still in the text"
        if row["scope"] == "line" and not kept:
            return f"{row.where}: a line cue set aside more than its line"
        others = doc.replace(row["example"], "")
        if any(w in src.text for w in row["example"].split() if len(w) > 3 and w not in others):
            return f"{row.where}: words of the example line are still in the text"
        return None
    return f"{row.where}: layout has no check for family {family!r}"
