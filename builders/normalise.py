"""Normalise step: one clean text to parse, with a map back to every original character.

The builders read a text in NFC with tone marks in the modern place (``Uỷ`` → ``Ủy``),
without Markdown markup (``**``, ``*``, ``#``) or invisible characters. Provenance must
quote the file exactly as printed, so every normalised character keeps the offset of
the original character it came from (``Source.offsets``).

A file may hold the same document twice (an OCR copy pasted after the original): the
second copy is detected here and left out of ``Source.body``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from tinhgon.builders.load import RawText
from tinhgon.builders.model import Source
from tinhgon.text import modern_tones

_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u2060"}
_SPACES = {"\u00a0", "\u2002", "\u2003", "\u2009", "\u202f", "\u3000"}
_QUOTES = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}


def normalise(raw: RawText) -> Source:
    """Build the Source record: normalised text, offset map and the body (first copy)."""
    text, offsets = normalise_text(raw.text)
    src = Source(
        path=raw.path, name=raw.name, stem=raw.stem, sha256=raw.sha256, encoding=raw.encoding,
        original=raw.text, text=text, offsets=offsets,
    )
    dup = find_second_copy(text)
    if dup is not None:
        src.body_end = dup
        src.duplicate_of = (dup, len(text))
    return src


def normalise_text(original: str) -> tuple[str, list[int]]:
    """Return (normalised text, offsets) with ``offsets[i]`` = original index of char i."""
    out: list[str] = []
    offs: list[int] = []
    # 1. Grapheme by grapheme: NFC, modern tone placement, spaces, invisibles.
    i, n = 0, len(original)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(original[j]):
            j += 1
        cluster = original[i:j]
        if cluster in _INVISIBLE or cluster == "\r":
            i = j
            continue
        if cluster in _SPACES:
            cluster = " "
        cluster = _QUOTES.get(cluster, cluster)
        composed = unicodedata.normalize("NFC", cluster)
        for c in composed:
            out.append(c)
            offs.append(i)
        i = j
    text = "".join(out)
    # 2. Tone placement moves are length-preserving, so offsets stay aligned.
    text = modern_tones(text)
    # 3. Markdown markup: drop the characters, keep the offsets of what remains.
    keep = _markup_mask(text)
    text = "".join(c for c, k in zip(text, keep, strict=True) if k)
    offs = [o for o, k in zip(offs, keep, strict=True) if k]
    offs.append(len(original))
    return text, offs


_HEADING_HASHES = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE)
_EMPHASIS = re.compile(r"\*{1,3}|(?<![\w/])_{1,2}(?=\S)|(?<=\S)_{1,2}(?![\w/])")


def _markup_mask(text: str) -> list[bool]:
    """True for characters to keep; Markdown heading hashes and emphasis stars go."""
    keep = [True] * len(text)
    for m in _HEADING_HASHES.finditer(text):
        for k in range(m.start(), m.end()):
            keep[k] = False
    for m in _EMPHASIS.finditer(text):
        if _is_list_marker(text, m.start(), m.end()):
            continue  # "* item": a Markdown bullet is structure, not emphasis
        for k in range(m.start(), m.end()):
            keep[k] = False
    return keep


def _is_list_marker(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return end - start == 1 and not text[line_start:start].strip() and text[end:end + 1] == " "


def _line_key(line: str) -> str:
    return re.sub(r"\W+", "", line.lower())


def find_second_copy(text: str, *, min_lines: int = 8, threshold: float = 0.8) -> int | None:
    """Offset where a second copy of the document starts, or None.

    A copy starts with a line that repeats one of the document's first lines, and the
    text from there on matches the text before it line for line (OCR differences
    allowed). Checking the match, not just the repeated title, keeps a plan that merely
    repeats its title in an appendix whole.
    """
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    keyed = [(pos, _line_key(line)) for pos, line in lines if _line_key(line)]
    if len(keyed) < 2 * min_lines:
        return None
    heads = [k for _, k in keyed[:5] if len(k) >= 5]
    for idx in range(min_lines, len(keyed) - min_lines + 1):
        pos, k = keyed[idx]
        if k not in heads:
            continue
        first = [x for _, x in keyed[:idx]]
        second = [x for _, x in keyed[idx:]]
        if min(len(first), len(second)) / max(len(first), len(second)) < 0.7:
            continue
        ratio = difflib.SequenceMatcher(None, first, second, autojunk=False).ratio()
        if ratio >= threshold:
            return pos
    return None
