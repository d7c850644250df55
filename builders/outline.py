"""The outline read the same way by every extractor: section kinds, lead paragraphs, ancestors, sentences.

Why one module: tasks and changes both ask "is this section about purpose or results?", "which
paragraphs continue this item?", "which sections is it under?" and "where do its sentences end?".
Answered twice, the answers drifted (a section one reader skipped, the other read). The words of
section titles are data (``data/lexicon/section_kinds.tsv``); this module holds only the grammar.

The API is small and stable; extractors build on it, never on each other's helpers:

    title(b)                     first line of a block, without its number
    section_kind(b)              'framing' | 'results' | 'work' | 'assigning' | 'funding' | None
    is_framing(b)                purpose, principles, targets or past results: its items are no tasks
    is_results(b)                a section reporting past results
    is_assigning(b)              a section that gives the work to bodies ("Tổ chức thực hiện")
    lead_paras(b)                the unnumbered paragraphs that continue an item, before its first child
    ancestors(b)                 the enclosing blocks, outermost first (the root included)
    sentences(text, …)           [start, end) spans of the sentences of a text
    clauses(text)                (start, text) of the ';'-separated parts of a text
    parentheses(text, …)         [start, end) of the text inside each innermost pair of parentheses
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from tinhgon.builders import lexicon
from tinhgon.builders.model import Block
from tinhgon.text import fold

# A number or letter printed before a title ("II.", "2.1.", "a)") when a title keeps it.
_NUMBER = re.compile(r"^(?:[a-z0-9]+(?:\.[0-9]+)*[.)\-]\s*)")
# Where a sentence may end: after . ! ? (and ; when asked), before a capital or a list marker.
_END = re.compile(r"(?<=[.!?;])\s+(?=[^\W\d_]|[-+•])|\n\s*(?=\S)")


@cache
def _kind_words(kinds: tuple[str, ...], before: str, after: str) -> re.Pattern[str]:
    """The section_kinds words of ``kinds`` in the grammar's context, on folded text (titles are compared
    accent-free, so the words are folded before they are joined; longest first)."""
    words = {fold(w) for r in lexicon.rows("section_kinds") if r["kind"] in kinds for w in r.words("word")}
    return re.compile(before + "(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")" + after)


def _kind_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(opening framing/results word, work word anywhere, assigning word anywhere) on folded text."""
    return (_kind_words(("framing", "results", "funding"), "^", "(?![a-z])"),
            _kind_words(("work", "assigning"), "(?<![a-z])", "(?![a-z])"),
            _kind_words(("assigning",), "(?<![a-z])", "(?![a-z])"))


@cache
def _kind_of_word() -> dict[str, str]:
    return {fold(w): r["kind"] for r in lexicon.rows("section_kinds") for w in r.words("word")}


def _topic() -> re.Pattern[str]:
    """Words that name a section's topic before its kind ("Về đánh giá tình hình …"; kind ``topic``)."""
    return _kind_words(("topic",), "^", r"\s+")


def title(b: Block) -> str:
    """The block's first line as printed (its number is not part of ``Block.text``)."""
    return b.text.partition("\n")[0].strip()


def _short(t: str) -> bool:
    return len(t.split()) <= 16 or t.upper() == t


@lru_cache(maxsize=8192)
def title_kind(t: str) -> str | None:
    """The kind of a section title: a framing or results word opening a short title; a framing
    word gives way to a work word beside it ("MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP" holds the tasks too).

    Every extractor asks this of every block and of each block's ancestors, so the answer for a
    title is kept (folding the title was most of the time spent on a plan of thousands of items)."""
    opening, work, assigning = _kind_patterns()
    f = _topic().sub("", _NUMBER.sub("", fold(t)), count=1)
    m = opening.match(f)
    labelled = bool(m) and f[m.end():m.end() + 1] == ":"  # "Đối tượng: …", a label of any length
    kind = _kind_of_word().get(m.group(0)) if m and (_short(t) or labelled) else None
    if kind == "results":
        return kind  # "KẾT QUẢ THỰC HIỆN NHIỆM VỤ" reports what was done
    if assigning.search(f):
        return "assigning"
    if work.search(f):
        return "work"
    return kind


def section_kind(b: Block) -> str | None:
    """'framing' | 'results' | 'work' | 'assigning' | 'funding' | None for the section a block heads."""
    return title_kind(title(b))


def is_framing(b: Block) -> bool:
    """Purpose, principles, targets, grounds or past results: what it holds assigns no work."""
    return section_kind(b) in ("framing", "results")


def is_results(b: Block) -> bool:
    """A section reporting past results ("I. Kết quả thực hiện …")."""
    return section_kind(b) == "results"


def is_assigning(b: Block) -> bool:
    """A section that gives the work to bodies ("IV. Tổ chức thực hiện", "Phân công nhiệm vụ")."""
    return section_kind(b) == "assigning"


def lead_paras(b: Block) -> list[Block]:
    """The unnumbered paragraphs right under an item, before its first numbered child or bullet:
    they continue it. Label lines ("- Cơ quan chủ trì: …") among them are skipped, not a stop."""
    out = []
    for c in b.children:
        if c.kind == "label":
            continue
        if c.kind != "para":
            break
        out.append(c)
    return out


def ancestors(b: Block) -> list[Block]:
    """The blocks enclosing ``b``, outermost first (the structure's root included)."""
    out = []
    p = b.parent
    while p is not None:
        out.append(p)
        p = p.parent
    return out[::-1]


def sentences(text: str, *, semicolons: bool = False, newlines: bool = False) -> list[tuple[int, int]]:
    """[start, end) of each sentence: a break after '.', '!' or '?' (and ';' with ``semicolons``)
    before a capital letter or a list marker, and (with ``newlines``) at a line break before
    any text. A lower-case word after the stop goes on with the same sentence ("… v.v. và …")."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        stop = text[m.start() - 1:m.start()]
        ends = (stop in ".!?" or (semicolons and stop == ";")) and (text[m.end()].isupper() or text[m.end()] in "-+•")
        if not (ends or (newlines and "\n" in m.group())):
            continue
        if text[start:m.start()].strip():
            out.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def clauses(text: str, sep: str = ";") -> list[tuple[int, str]]:
    """(start, text) of each non-empty part of ``text`` between separators: the ';' clauses of a list of
    bodies or of a label's value ("Sở Nội vụ chủ trì; Sở Tài chính phối hợp")."""
    out: list[tuple[int, str]] = []
    start = 0
    for part in text.split(sep):
        if part:
            out.append((start, part))
        start += len(part) + len(sep)
    return out


def parentheses(text: str, *, shortest: int = 0, longest: int | None = None) -> list[tuple[int, int]]:
    """[start, end) of the text inside each innermost pair of parentheses, left to right: an opening
    parenthesis whose text runs to a closing one with no other parenthesis between, of ``shortest`` to
    ``longest`` characters (a note on a body, "(Sở Nội vụ chủ trì)", "(sau đây gọi là …)")."""
    out: list[tuple[int, int]] = []
    i = text.find("(")
    while i >= 0:
        nxt = text.find("(", i + 1)
        j = text.find(")", i + 1, nxt if nxt >= 0 else len(text))
        if j >= 0 and shortest <= j - i - 1 and (longest is None or j - i - 1 <= longest):
            out.append((i + 1, j))
        i = nxt
    return out


def blank_parentheses(text: str) -> str:
    """Each innermost "( … )" blanked out, the same length (offsets kept): what a parenthesis says
    aside, out of the way of a reader that must not see it."""
    out = list(text)
    for a, b in parentheses(text):
        out[a - 1:b + 1] = " " * (b - a + 2)
    return "".join(out)


def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """The effect of a lexicon row this module owns, seen on the row's example (None when seen)."""
    if family == "section_kinds":
        got = title_kind(row["example"])
        want = row["kind"]
        if want == "topic":
            # the topic word is skipped: the title reads as the kind of the words after it
            rest = row["example"][len(row.words("word")[0]):]
            if got is None or got != title_kind(rest):
                return f"{row.where}: the title {row['example']!r} reads as {got!r}, not as {rest.strip()!r}"
            return None
        if got != want:
            return f"{row.where}: the title {row['example']!r} reads as {got!r}, not {want!r}"
        return None
    return f"{row.where}: outline has no check for family {family!r}"
