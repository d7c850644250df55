"""Status, level and scope of a change, from the words that govern it.

Status words are rows of builders/data/lexicon/change_status.tsv, tried in file order: the
sentence's opening words (dừng, không mở rộng), the clause before the cue (tiến tới, đã, đề án,
thí điểm), a request sent up (xin ý kiến, đề nghị … cho phép), the section headings above, the
footnote the clause points to, a document's bare title opening the sentence; 'ordered' when none speaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from . import vocab
from .names import PLACE_SEP

_SUP = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_FOOTNOTE_LINE = re.compile(r"^\s*([¹²³⁴⁵⁶⁷⁸⁹⁰]+|\(\d+\))\s*(.+)$", re.M)
_FOOTNOTE_MARK = re.compile(r"⁽?([¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d)⁾")
_FOOTNOTE_PLACE = vocab.phrase(words="tại|ở", lead=r"(?<!\w)", trail=r"\s+")
_TITLE_MARKS = " |•+-*\t\n"  # table bars and bullets around a title that opens a row


@dataclass
class ChangeContext:
    """What a piece of text inherits from where it sits in the document."""

    headings: list[str] = field(default_factory=list)  # outermost first
    level_hint: str | None = None  # a level stated around the text ("đối với huyện Phú Quý")
    scope_hint: str | None = None  # a place stated around the text
    footnotes: dict[str, str] = field(default_factory=dict)  # marker ("1") → footnote text
    due: str | None = None
    task_ref: str | None = None
    subject: str | None = None  # the body a section heading names ("3.2. Văn phòng Ủy ban nhân dân tỉnh")
    report: bool = False  # under a heading reporting results: only what is stated as done is a change
    doc_level: str = "province"  # the level of the issuing document: a change naming no level sits there


@cache
def _status_table() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(where, status, pattern) of each status row, in file order: read once, tried for every change."""
    return tuple((r["where"], r["status"], rx) for r, rx in vocab.status_rows())


def heading_status(headings: list[str]) -> str | None:
    """The status the innermost heading that speaks gives (a heading row of the lexicon)."""
    return _heading_status(tuple(headings))


@lru_cache(maxsize=4096)
def _heading_status(headings: tuple[str, ...]) -> str | None:
    """:func:`heading_status`, remembered: every change of a block, and every block under one heading,
    asks it of the same headings."""
    rows = [(status, rx) for where, status, rx in _status_table() if where == "heading"]
    for h in reversed(headings):
        for status, rx in rows:
            if rx.search(h):
                return status
    return None


def status_of(gov: str, before: str, ctx: ChangeContext, footnote: str | None, clause: str = "") -> str:
    """``gov`` = the sentence's opening words up to its first cue; ``before`` = the clause up to this cue."""
    hs = heading_status(ctx.headings)
    places = {
        "sentence": gov,
        "clause": before,
        "just-before": before,
        "whole": f"{gov} {before} {clause}",
        "report": before.strip() if ctx.report else "",
        "footnote": footnote or "",
    }
    for where, status, rx in _status_table():
        if where == "heading":
            if hs == status:
                return hs
        elif where == "title":
            if rx.fullmatch(gov.strip(_TITLE_MARKS)):
                return status
        elif places[where] and rx.search(places[where]):
            return status
    return "ordered"


def sup(s: str) -> str:
    return s.translate(_SUP)


def footnotes_of(text: str) -> dict[str, str]:
    """Footnote lines ("¹ Thực hiện thí điểm tại huyện …") keyed by their marker."""
    return {sup(m.group(1).strip("()")): m.group(2).strip() for m in _FOOTNOTE_LINE.finditer(text)}


def footnote_in(text: str, notes: dict[str, str]) -> str | None:
    """The footnote a clause points to (a superscript marker)."""
    m = _FOOTNOTE_MARK.search(text)
    return notes.get(sup(m.group(1))) if m else None


def footnote_scope(text: str) -> str | None:
    m = _FOOTNOTE_PLACE.search(text.strip())
    if not m:
        return None
    parts = PLACE_SEP.split(text.strip()[m.end():].removesuffix("."))
    return ", ".join(p[:1].lower() + p[1:] if p[:1] in "HhXxTt" and p.lower().startswith(("huyện", "xã", "thị"))
                     else p for p in parts if p)
