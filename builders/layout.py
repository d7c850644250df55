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
  them) but kept in the offset map and listed in ``Source.regions`` as ``aside``;
* a document pasted again with its lines wrapped at another width is found once its
  paragraphs are re-flowed, and left out of ``Source.body`` like any other copy.

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
from tinhgon.builders.normalise import find_second_copy
from tinhgon.text import fold

_NUMBER = re.compile(r"\d{1,5}\s*[-/]\s*[A-Za-zĐđ0-9][\w./-]*")
_GLUED_BOLD = re.compile(r"[.!?;:]\s*\*\*(?=[^\s*])")
_LOWER = "".join(c for c in map(chr, [*range(0x61, 0x250), *range(0x1E00, 0x1F00)]) if c.islower())
_UPPER = "".join(c for c in map(chr, [*range(0x41, 0x250), *range(0x1E00, 0x1F00)]) if c.isupper())
# A lower-case word run into a capitalised one ("phườngPhong") or into a year ("năm2025"); codes
# with capitals inside ("IoT", "eKYC", "VNeID") and short units ("km2", "5G") are left alone.
_GLUED_WORD = re.compile(
    rf"(?<![^\W\d_])[{_LOWER}]{{2,}}(?=[{_UPPER}][{_LOWER}]+(?![^\W\d_]))|"
    rf"(?<![^\W_])[{_LOWER}]{{3,}}(?=\d{{2,}}(?![^\W\d_]))"
)
# Where every such match ends: a lower-case letter before a capital or a digit. Most texts have none, and
# this scan is a few times cheaper than the one above, with its look-behind tried at every position.
_GLUED_END = re.compile(rf"[{_LOWER}](?=[{_UPPER}]|\d)")
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

    # What the paragraph and table steps ask of a line again and again (each line is read as the end of
    # one pair and the start of the next, by several passes), worked out on first asking and kept
    # (by hand: functools.cached_property takes a lock on every first access in Python 3.11).
    # (class attributes, not fields: the line is built as cheaply as before, and an answer, once
    # worked out, is set on the instance)
    _rule = _marked = _caps = _bare = None

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def pipe(self) -> bool:
        return self.text.strip() == "|"

    @property
    def rule(self) -> bool:
        """No word character: a rule or markup only."""
        if self._rule is None:
            self._rule = not any(c.isalnum() or c == "_" for c in self.text)
        return self._rule

    @property
    def marked(self) -> bool:
        if self._marked is None:
            self._marked = _marked(self.text)
        return self._marked

    @property
    def caps(self) -> bool:
        if self._caps is None:
            self._caps = _caps(self.text)
        return self._caps

    @property
    def bare_marker(self) -> bool:
        if self._bare is None:
            self._bare = _bare_marker(self.text)
        return self._bare


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

    def apply(self, text: str, offsets: list[int]) -> tuple[str, list[int], list[int], list[int]]:
        """(new text, new offsets, edit points, shift at each point) — runs without edits copied in bulk.

        An old index i lands at ``i + shift`` where shift is that of the last edit point <= i
        (see ``_moved``).
        """
        out: list[str] = []
        offs: list[int] = []
        points: list[int] = []
        shifts: list[int] = []
        pos = 0
        shift = 0
        for i in sorted(set(self.repl) | set(self.ins)):
            out.append(text[pos:i])
            offs.extend(offsets[pos:i])
            ins = self.ins.get(i, "")
            rep = self.repl.get(i, text[i] if i < len(text) else "")
            out.append(ins + rep)
            offs.extend([offsets[i]] * (len(ins) + len(rep)))
            points.append(i)
            shifts.append(shift + len(ins))  # where char i itself lands
            shift += len(ins) + len(rep) - (1 if i < len(text) else 0)
            points.append(i + 1)
            shifts.append(shift)
            pos = i + 1
        out.append(text[pos:])
        offs.extend(offsets[pos:len(text)])
        offs.append(offsets[len(text)])
        return "".join(out), offs, points, shifts


def _moved(i: int, points: list[int], shifts: list[int]) -> int:
    k = bisect.bisect_right(points, i) - 1
    return i + (shifts[k] if k >= 0 else 0)


@cache
def _numbering() -> tuple[re.Pattern[str], ...]:
    """The numbering shapes (lexicon family ``numbering``, which structure reads precisely)."""
    return tuple(lexicon.patterns("numbering").values())


def _heading_level(raw: str) -> int:
    """The level of a Markdown heading line ("## …" → 2; "#" to "######", then a space or tab), else 0."""
    s = raw.lstrip(" \t")
    n = len(s) - len(s.lstrip("#"))
    return n if 1 <= n <= 6 and s[n:n + 1] in (" ", "\t") else 0


def _single_stars(s: str) -> int:
    """The lone "*" marks of a line (italic), read left to right as Markdown does: a run of stars is
    pairs of "**" (bold) and maybe one "*". (A run of underscores is pairs of "__": ``s.count("__")``.)"""
    return s.count("*") - 2 * s.count("**")


def _terminal(s: str) -> bool:
    """The line ends a sentence or a clause (".", ";", ":", "!", "?" before trailing spaces)."""
    return s.rstrip().endswith((".", ";", ":", "!", "?"))


def _marked(s: str) -> bool:
    """The line opens with a marker of its own: a numbered item, a bullet, a lettered item."""
    t = s.lstrip()
    # a four-digit number ("2025. …") is an item only as the next of a long list, which structure
    # judges; to the paragraph step it is text, so a year at a line's start still joins its paragraph
    return any((m := rx.match(t)) and not _long_number(m.group(1)) for rx in _numbering())


def _long_number(label: str) -> bool:
    return label.isdigit() and len(label) >= 4


def _bare_marker(s: str) -> bool:
    """The line is a marker alone ("3.", "III.", "a)", "(1)", "Điều 2."): its text is on the next line."""
    t = s.strip()
    if not t or len(t) > 12 or (t[-1] not in ".):-–" and not t.startswith("(")):
        return False
    probe = t + " X"
    return any((m := rx.match(probe)) and m.end() >= len(t) and not _long_number(m.group(1)) for rx in _numbering())


@cache
def _frame(frame: str) -> re.Pattern[str]:
    return lexicon.compile_alternation("frames", "cue", bound=False, frame=frame)


@cache
def _dangling() -> re.Pattern[str]:
    """A line's last word that needs the words after it (lexicon family ``dangling``)."""
    return lexicon.compile_alternation("dangling", "word", after=r"\s*$")


@cache
def _boilerplate() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    fam = lexicon.family("boilerplate")
    return tuple((fam.compiled(r, "cue"), r["scope"], r["kind"]) for r in fam.rows)


def layout(source: Source) -> Source:
    """The Source with its text re-laid (see the module docstring) and its regions listed."""
    text, offsets = source.text, source.offsets
    lines = _lines(source)
    edits = _Edits(len(text))
    regions: list[Region] = []
    in_table = _tables(lines, edits, regions)
    _reflow(lines, in_table, edits)
    _glued(source, lines, edits, in_table)
    _italic_stars(lines, edits, in_table)
    _set_aside(lines, edits, regions)
    if not any(r.kind == "closing" for r in regions):
        regions.extend(_plain_closing(lines, in_table))
    _trim(lines, edits)
    new_text, new_offsets, points, shifts = edits.apply(text, offsets)

    def moved(i: int) -> int:
        return _moved(max(0, min(i, len(text))), points, shifts)

    body_end = -1 if source.body_end < 0 else moved(source.body_end)
    dup = (moved(source.duplicate_of[0]), moved(source.duplicate_of[1])) if source.duplicate_of else None
    if dup is None:
        # copies wrapped at other widths only match line for line once their paragraphs are re-flowed
        again = find_second_copy(new_text)
        if again is not None:
            body_end, dup = again, (again, len(new_text))
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
        line.heading = _heading_level(line.raw)
        if not line.raw.strip() or line.pipe:
            bold = ital = False
        else:
            marked = line.raw.lstrip()[2:] if line.raw.lstrip().startswith("* ") else line.raw
            bold ^= marked.count("**") % 2 == 1 or marked.count("__") % 2 == 1
            ital ^= _single_stars(marked) % 2 == 1
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
            elif j > i:  # a Markdown table: recorded with its body rows (not the header, not the |---| rule)
                rows = sum(1 for k in range(i, j + 1) if set(lines[k].raw.strip()) - set("|-: ")) - 1
                regions.append(Region("table", lines[i].start, lines[j].end, f"{rows} rows"))
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
        for a, b, header_next in _runs_of_cells(lines, i, j, edits, held, first_table):
            _cell_table(lines, a, b, edits, regions, first_table)
            first_table = header_next
            held.update(range(a, b + 1))
        i = j + 1
    return held


def _cell_table(lines: list[_Line], i: int, j: int, edits: _Edits, regions: list[Region], first: bool) -> None:
    """One table of cells between the "|" lines i..j: rows of three or more cells, or a frame."""
    rows = _rows(lines, i, j)
    start, end = lines[i].start, lines[j].end
    if max((len(r) for r in rows), default=0) >= 3:
        _pipe_rows(lines, i, j, edits)
        regions.append(Region("table", start, end, f"{len(rows)} rows"))
        return
    _frame_cells(lines, rows, i, j, edits)
    kind = _frame_kind(lines, i, j, first)
    regions.append(Region(kind, start, end, "cells between '|' lines"))
    if kind == "closing":
        regions.extend(_signature(lines, rows))
    elif kind == "header":
        regions.extend(_issuer(lines, rows))


# A cell longer than this is the document's own text, not a cell: the longest cell measured in the
# real documents is an 18-line distribution list; a body run into the '|' lines is 70 lines and more.
MAX_CELL_LINES = 20


@cache
def _table_head() -> re.Pattern[str]:
    """The first header cell of a table ("TT", "STT": lexicon family ``sections``, kind tablehead)."""
    return lexicon.compile_alternation("sections", "cue", bound=False, before=r"^\s*", kind="tablehead")


def _runs_of_cells(lines: list[_Line], i: int, j: int, edits: _Edits, held: set[int],
                   first: bool) -> list[tuple[int, int, bool]]:
    """The tables inside the "|" lines i..j, as (first "|" line, last "|" line, next may be the header).

    A page converted with no blank lines at all runs everything into one stretch of "|" lines:
    the site's document card, the header frame, the body, the closing frame, an appendix title
    and its table. Rows still part at two "|" lines in a row; a cell longer than any table cell
    (``MAX_CELL_LINES``) is the document's text, and so is every cell after it in its row up to a
    table's first header cell ("TT"), which opens the next table. In the first stretch, the row
    that holds the header frame's cues (the motto, the number, the date) opens the header frame:
    the rows above it are another table (the site's card). The text is left to the paragraph
    step; the "|" lines around it go. A stretch with none of these is one table, as before.
    """
    cells: list[tuple[int, int, int]] = []  # (first line, last line, row)
    row, at = 0, None
    for k in range(i + 1, j + 1):
        if lines[k].pipe:
            if at is None:
                row += 1  # two "|" lines in a row: the next row
            else:
                cells.append((at, k - 1, row))
                at = None
        elif at is None:
            at = k
    text: set[int] = set()  # indexes into cells
    cuts: set[int] = set()  # a new table starts at this cell
    in_text_row = -1
    for n, (a, b, r) in enumerate(cells):
        if b - a + 1 > MAX_CELL_LINES:
            text.add(n)
            in_text_row = r
        elif r == in_text_row:
            if _table_head().match(lines[a].text.strip()) and len(lines[a].text.split()) <= 2:
                cuts.add(n)
                in_text_row = -1
            else:
                text.add(n)
    header_row = None
    if first:
        header_row = next((r for a, b, r in cells if _frame("header").search(" ".join(
            lines[k].text for k in range(a, b + 1)))), None)
        if header_row is not None and header_row > cells[0][2]:
            cuts.add(next(n for n, c in enumerate(cells) if c[2] == header_row))
        else:
            header_row = None
    if not text and not cuts:
        return [(i, j, False)]
    out: list[tuple[int, int, bool]] = []
    group: list[int] = []

    def close() -> None:
        if group:
            a, b = cells[group[0]][0] - 1, cells[group[-1]][1] + 1
            out.append((a, b, header_row is not None and cells[group[-1]][2] < header_row))
            group.clear()

    for n in range(len(cells)):
        if n in text or n in cuts:
            close()
        if n not in text:
            group.append(n)
    close()
    kept = {k for a, b, _ in out for k in range(a, b + 1)}
    for k in range(i, j + 1):
        if lines[k].pipe and k not in kept:
            for p in range(lines[k].start, lines[k].end):
                edits.replace(p, "")  # a "|" line beside the text: no table there
            held.add(k)
    return out


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
        if all(c in "|:-" or c.isspace() for c in t):  # the "|---|" rule
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
    if a.emph_after or _starts_lower(b.text, paren=True) or a.bare_marker:
        return True
    # a recipient wrapped under its "- " bullet ("- Các đồng chí lãnh đạo\nVăn phòng …,")
    return in_bullet and not b.marked and not _terminal(a.text)


def _frame_kind(lines: list[_Line], i: int, j: int, first: bool) -> str:
    """closing (Nơi nhận, a signer), header (number, place and date, motto: only the first table), or table."""
    body = " ".join(lines[k].text for k in range(i, j + 1))[:3000]  # a frame is short
    if _frame("closing").search(body) or _signer_cell(lines, i, j):
        return "closing"
    if first and _frame("header").search(body):
        return "header"
    return "table"


def _issuer(lines: list[_Line], rows: list[list[list[int]]]) -> list[Region]:
    """The header's first cell names the issuer ("ỦY BAN NHÂN DÂN / TỈNH ĐẮK LẮK"): an ``issuer`` region."""
    if not rows or not rows[0]:
        return []
    texts = [lines[k] for k in rows[0][0] if not lines[k].blank and not lines[k].rule]
    if not texts or _frame("header").search(" ".join(ln.text for ln in texts)):
        return []
    return [Region("issuer", texts[0].start, texts[-1].end, "the header's first cell")]


def _signature(lines: list[_Line], rows: list[list[list[int]]]) -> list[Region]:
    """The cell that signs ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / name"): a ``signature`` region, and the
    signer's name (its last line not in capitals) as a ``signer`` region."""
    for row in rows:
        for cell in row:
            texts = [lines[k] for k in cell if not lines[k].blank]
            if not texts or not any(_frame("signer").match(ln.text.strip()) or ln.caps for ln in texts):
                continue
            if any(_frame("closing").search(ln.text) for ln in texts):
                continue  # the distribution list
            out = [Region("signature", texts[0].start, texts[-1].end, "signs for the issuer")]
            names = [ln for ln in texts if not ln.caps and len(ln.text.split()) >= 2]
            if names:
                name = names[-1]
                lead = len(name.text) - len(name.text.lstrip())
                out.append(Region("signer", name.start + lead, name.end, "the signer's name"))
            return out
    return []


def _name_line(s: str) -> bool:
    """A person's name: two to six words, each opening with a capital, not all in capitals."""
    words = s.split()
    return 2 <= len(words) <= 6 and all(w[:1].isupper() for w in words) and not _caps(s) and not _terminal(s)


def _plain_closing(lines: list[_Line], held: set[int]) -> list[Region]:
    """A closing block written as plain lines: "Nơi nhận:" and its list, then the signing lines in
    capitals ("T/M BAN THƯỜNG VỤ", "BÍ THƯ") and the signer's name."""
    start = next((k for k, ln in enumerate(lines) if k not in held and _frame("closing").match(ln.text.strip())),
                 None)
    if start is None:
        return []
    k = start + 1
    while k < len(lines) and (lines[k].blank or _bulleted(lines[k]) or not lines[k].caps) and \
            not _name_line(lines[k].text) and k - start < 60:
        k += 1  # the distribution list
    sig = k
    caps = 0
    while k < len(lines) and k - sig < 12:
        t = lines[k].text.strip()
        if lines[k].blank:
            k += 1
            continue
        if _caps(t) or _frame("signer").match(t):
            caps += 1
            k += 1
            continue
        if caps and _name_line(t):
            lead = len(lines[k].text) - len(lines[k].text.lstrip())
            return [Region("closing", lines[start].start, lines[k].end, "Nơi nhận and the signature"),
                    Region("signature", lines[sig].start, lines[k].end, "signs for the issuer"),
                    Region("signer", lines[k].start + lead, lines[k].end, "the signer's name")]
        break
    return [Region("closing", lines[start].start, lines[min(k, len(lines) - 1)].end, "Nơi nhận")]


def _signer_cell(lines: list[_Line], i: int, j: int) -> bool:
    for k in range(i, j + 1):
        m = _frame("signer").match(lines[k].text.strip())
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
        if _starts_lower(b.text) and not b.marked:
            runs += 1
    return runs >= 3 and runs >= 0.15 * pairs


def _reflow(lines: list[_Line], held: set[int], edits: _Edits) -> None:
    """Join the lines of one paragraph; keep items, bullets, headings, rules and tables on their own lines."""
    wrapped = _wrapped(lines, held)
    width = _width(lines, held) if wrapped else 0
    indented = wrapped and _indented_first_lines(lines, held, width)
    for k in range(len(lines) - 1):
        a, b = lines[k], lines[k + 1]
        if k in held or (k + 1) in held or a.blank or b.blank:
            continue
        # a line that stops well short of the wrap width, not the first of its block (whose indent
        # shortens it), ends its paragraph or heading: a text with no blank lines between paragraphs.
        # The first line of a block follows a blank line or a rule, or opens with its item's number.
        first = k == 0 or lines[k - 1].blank or (indented and _opens_block(lines, k))
        short = not first and len(a.raw.rstrip()) < 0.6 * width
        if _is_wrap(a, b, wrapped, short):
            _join(a, b, edits)


def _opens_block(lines: list[_Line], k: int) -> bool:
    """Line k is the first of its paragraph or item: after a rule or a sentence's end, or numbered."""
    prev = lines[k - 1]
    return prev.rule or _terminal(prev.text) or lines[k].marked


def _indented_first_lines(lines: list[_Line], held: set[int], width: int) -> bool:
    """Does the text print each paragraph's first line short (an indent), with no blank lines?

    Then a short first line says nothing about where its paragraph ends ("4.6. Văn phòng" /
    "Trung ương Đảng phối hợp …"). Seen when most short first lines run on into a lower-case line.
    """
    runs = total = 0
    for k in range(1, len(lines) - 1):
        a, b = lines[k], lines[k + 1]
        if k in held or a.blank or b.blank or lines[k - 1].blank or len(a.raw.rstrip()) >= 0.6 * width:
            continue
        if not _opens_block(lines, k) or a.rule or a.caps or _bulleted(a) or len(a.text.split()) < 3:
            continue  # titles, frames and lists have short lines of their own
        total += 1
        runs += _starts_lower(b.text) and not b.marked
    return runs >= 3 and runs >= 0.5 * total


def _width(lines: list[_Line], held: set[int]) -> int:
    """The wrap width: the length most lines that run on into a lower-case line reach (90th percentile)."""
    runs = sorted(len(lines[k].raw.rstrip()) for k in range(len(lines) - 1)
                  if k not in held and not lines[k].blank and _starts_lower(lines[k + 1].text)
                  and not lines[k + 1].marked)
    if len(runs) < 3:
        return max((len(ln.raw.rstrip()) for ln in lines), default=0)
    return runs[int(0.9 * (len(runs) - 1))]


def _is_wrap(a: _Line, b: _Line, wrapped: bool, short: bool = False) -> bool:
    if a.heading or b.heading or a.rule or b.rule or "\t" in a.text or "\t" in b.text:
        return False
    if a.text.lstrip().startswith("|") or b.text.lstrip().startswith("|"):
        return False  # a Markdown table row is a line of its own, in a hard-wrapped text too
    b_marked = bool(b.marked)
    if wrapped and a.emph_after and not (b_marked and _terminal(a.text)):
        # inside a bold or italic run of a hard-wrapped text (a hand-written "**T/M BAN THƯỜNG VỤ
        # \nBÍ THƯ**" keeps its two lines)
        return True
    if a.bare_marker:
        return True  # "3." alone, its title on the next line
    if b_marked:
        # in a hard-wrapped text bullets stand apart; a "- " right under an open sentence is the dash of
        # a name cut at the line end ("Tập đoàn Công nghiệp\n- Viễn thông Quân đội")
        return wrapped and b.text.lstrip().startswith("- ") and not _terminal(a.text) and not a.caps \
            and not _bold_line(a)
    if a.caps:  # a line in capitals is a title, frame or signature line: it ends where it ends
        return False
    if _starts_lower(b.text, paren=wrapped):
        return True
    if _dangling().search(a.text) or a.text.rstrip().endswith(","):
        return True  # "… Sở Nội vụ, Sở\nGiáo dục và Đào tạo": the line stops on a word that needs the next
    if _bold_line(a):
        return False  # a title printed in bold ("**1. Mục đích**") ends where it ends
    return wrapped and not short


def _bold_line(line: _Line) -> bool:
    """The line is printed wholly in bold ("**2. Yêu cầu**"): a title, which ends where it ends."""
    raw = line.raw.strip()
    return len(raw) > 4 and raw.startswith("**") and raw.endswith("**")


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


def _glued(source: Source, lines: list[_Line], edits: _Edits, held: set[int]) -> None:
    """Part a bold heading glued to a sentence end, words run together, and "<br>" line breaks."""
    offs = source.offsets
    for k, line in enumerate(lines):
        if line.blank:
            continue
        raw = line.raw.rstrip()
        if raw.endswith("**") and len(raw) > 4:
            # only the last bold run can be a heading glued to the sentence before it
            m = _GLUED_BOLD.search(raw, max(0, raw.rfind("**", 0, len(raw) - 2) - 3))
            if m and raw.find("**", m.end(), len(raw) - 2) < 0:
                k = bisect.bisect_left(offs, line.o_start + m.end(), line.start, line.end)
                if line.start < k < line.end:
                    edits.insert(k, "\n\n")
        for m in _BREAK_TAG.finditer(line.text):
            # a line break inside a Markdown table's cell stays in the cell (the header frame reads it as lines)
            edits.replace(line.start + m.start(), " " if _md_row(line) and k not in held else "\n")
            for p in range(line.start + m.start() + 1, line.start + m.end()):
                edits.replace(p, "")
    if _GLUED_END.search(source.text) is None:
        return
    for m in _GLUED_WORD.finditer(source.text):
        edits.insert(m.end(), " ")


def _italic_stars(lines: list[_Line], edits: _Edits, held: set[int]) -> None:
    """A "* " opening a line is a list bullet, unless a lone "*" closes its paragraph: then it opened
    an italic run with a space inside ("* (Kèm theo Quyết định số …)*", a Word file's italic note).

    Normalise keeps such a star as a bullet; the closing star is gone, so the note would read as
    the last bullet of the list above it.
    """
    for k, line in enumerate(lines):
        t = line.text.lstrip()
        if k in held or not t.startswith("* ") or not t[2:].strip() or not line.raw.lstrip().startswith("* "):
            continue
        m = k
        while m + 1 < len(lines) and not lines[m + 1].blank and not lines[m + 1].marked:
            m += 1
        stars = sum(_single_stars(lines[j].raw if j > k else lines[j].raw.lstrip()[2:]) for j in range(k, m + 1))
        if stars % 2 == 1 and lines[m].raw.rstrip().endswith("*") and not lines[m].raw.rstrip().endswith("**"):
            at = line.start + len(line.text) - len(t)
            for p in range(at, at + 1 + len(t[1:]) - len(t[1:].lstrip())):
                edits.replace(p, "")  # the star and the space after it


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
    aside += _other_questions(lines, regions)
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
    return "".join(c for c in fold(s) if c.isalnum() or c == "_")


def _question(line: _Line) -> bool:
    """A question heading of a Q&A page: a heading or a wholly bold line that ends with "?"."""
    raw = line.raw.strip()
    if not line.text.strip().endswith("?"):
        return False
    return bool(line.heading) or (raw.startswith("**") and raw.endswith("**"))


def _other_questions(lines: list[_Line], regions: list[Region]) -> list[tuple[int, int, str]]:
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
        elif not lines[k].heading:
            regions.append(Region("heading", lines[k].start, lines[k].end, "question"))  # the page's own heading
    return out


def normalise_for_example(text: str) -> Source:
    from tinhgon.builders.load import RawText
    from tinhgon.builders.normalise import normalise

    return normalise(RawText("t.md", "t.md", "t", "", "utf-8", text))


def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """The effect of a lexicon row this module owns, seen on the row's example (None when seen)."""
    if family == "frames":
        doc = "|\n" + row["example"] + ("\nPHÓ CHỦ TỊCH" if row["frame"] == "signer" else "") + "\n|\nx\n|\n"
        src = layout(normalise_for_example(doc))
        want = "closing" if row["frame"] == "signer" else row["frame"]
        kinds = [r.kind for r in src.regions]
        if want not in kinds:
            return f"{row.where}: a frame holding {row['example']!r} is read as {kinds}, not {want!r}"
        return None
    if family == "dangling":
        from tinhgon.builders.load import RawText
        from tinhgon.builders.normalise import normalise

        ex = row["example"].replace("\\n", "\n")
        src = layout(normalise(RawText("t.md", "t.md", "t", "", "utf-8", ex)))
        if "\n" in src.text.strip():
            return f"{row.where}: the line ending in {row['word']!r} is not joined to the next: {src.text!r}"
        return None
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
