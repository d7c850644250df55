"""Normalise step: one clean text to parse, with a map back to every original character.

The builders read a text in NFC with tone marks in the modern place (``Uỷ`` → ``Ủy``),
without Markdown markup (``**``, ``*``, ``#``) or invisible characters. Provenance must
quote the file exactly as printed, so every normalised character keeps the offset of
the original character it came from (``Source.offsets``).

Line separators of every origin are line breaks: Word's manual line break (``\x0b``), form
feed, the information separators ``\x1c``–``\x1e``, NEL, U+2028, U+2029 (a paragraph break,
read as a blank line) and a lone ``\r``; any other control character reads as a space. The
legacy letter ``Ð`` (U+00D0, Icelandic eth, which old Vietnamese fonts used for Đ) reads as
``Đ``, and Cyrillic look-alikes inside Latin words ("NĐ-СР") as the Latin letters.

A file may hold the same document several times (an OCR copy pasted after the original, or
the page pasted N times): the copies after the first are detected here and left out of
``Source.body``, in time linear in the size of the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from tinhgon.builders.load import RawText
from tinhgon.builders.model import Source
from tinhgon.text import modern_tones

_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u2060"}
_SPACES = {"\u00a0", "\u2002", "\u2003", "\u2009", "\u202f", "\u3000"}
_QUOTES = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}
# Line separators → line breaks; U+2029 separates paragraphs, so it leaves a blank line.
LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n", "\x1c": "\n", "\x1d": "\n", "\x1e": "\n", "\x85": "\n",
               "\u2028": "\n", "\u2029": "\n\n"}
# Letters that look like Vietnamese ones but are not: legacy eth for Đ, Cyrillic in Latin codes.
_LOOKALIKES = {"\u00d0": "Đ", "\u00f0": "đ", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
               "Р": "P", "С": "C", "Т": "T", "Х": "X", "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y",
               "х": "x"}


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


_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# What the character-by-character path must see: a letter with combining marks after it, and
# every character this step changes. Runs between them are copied as they are.
_SPECIAL = re.compile(
    "(?s).[" + _COMBINING + "]+|[" + re.escape("".join(_INVISIBLE | _SPACES | set(_QUOTES) | set(LINE_BREAKS)
                                                      | set(_LOOKALIKES)))
    + "\x00-\x08\x0e-\x1f\x7f-\x9f\r]"
)


def normalise_text(original: str) -> tuple[str, list[int]]:
    """Return (normalised text, offsets) with ``offsets[i]`` = original index of char i."""
    out: list[str] = []
    offs: list[int] = []
    # 1. Grapheme by grapheme: NFC, modern tone placement, spaces, invisibles; plain runs in bulk.
    pos = 0
    for m in _SPECIAL.finditer(original):
        _plain(original, pos, m.start(), out, offs)
        _clusters(original, m.start(), m.end(), out, offs)
        pos = m.end()
    _plain(original, pos, len(original), out, offs)
    text = "".join(out)
    # 2. Tone placement moves are length-preserving, so offsets stay aligned.
    text = modern_tones(text)
    # 3. Markdown markup: drop the characters, keep the offsets of what remains.
    pieces: list[str] = []
    kept: list[int] = []
    pos = 0
    for a, b in markup_spans(text):
        pieces.append(text[pos:a])
        kept.extend(offs[pos:a])
        pos = b
    pieces.append(text[pos:])
    kept.extend(offs[pos:])
    kept.append(len(original))
    return "".join(pieces), kept


def _plain(original: str, i: int, j: int, out: list[str], offs: list[int]) -> None:
    """Copy a run with nothing to change (or, when not in NFC, take it character by character)."""
    if i >= j:
        return
    seg = original[i:j]
    if unicodedata.is_normalized("NFC", seg):
        out.append(seg)
        offs.extend(range(i, j))
    else:
        _clusters(original, i, j, out, offs)


def _clusters(original: str, i: int, n: int, out: list[str], offs: list[int]) -> None:
    """original[i:n] grapheme by grapheme, each output character keeping its cluster's offset."""
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(original[j]):
            j += 1
        cluster = original[i:j]
        if cluster in _INVISIBLE or (cluster == "\r" and original[j:j + 1] == "\n"):
            i = j
            continue
        if cluster == "\r":
            cluster = "\n"  # old Mac line ends
        elif cluster in LINE_BREAKS:
            cluster = LINE_BREAKS[cluster]
        elif cluster in _SPACES or _control(cluster):
            cluster = " "
        cluster = _QUOTES.get(cluster, cluster)
        cluster = _LOOKALIKES.get(cluster[:1], cluster[:1]) + cluster[1:] if cluster else cluster
        composed = unicodedata.normalize("NFC", cluster)
        out.append(composed)
        offs.extend([i] * len(composed))
        i = j


# Every alternative's first character is a star or an underscore: the look-ahead says so first, so the
# search does not try the look-behinds at every character.
_EMPHASIS = re.compile(r"(?=[*_])(?:\*{1,3}|(?<![\w/])_{1,2}(?=\S)|(?<=\S)_{1,2}(?![\w/]))")


def _control(cluster: str) -> bool:
    """A control character other than a line break or tab: read as a space, never a crash."""
    return len(cluster) == 1 and cluster not in "\n\t" and unicodedata.category(cluster) == "Cc"


def markup_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, disjoint [start, end) spans to drop: Markdown heading hashes and emphasis stars.

    A "* " at the start of a line is a Markdown bullet (structure), not emphasis. Structure uses
    the same spans to blank markup a Source kept (one definition of Markdown markup).
    """
    bullets, spans = _line_marks(text)
    spans += [(m.start(), m.end()) for m in _EMPHASIS.finditer(text)
              if not (m.end() - m.start() == 1 and m.start() in bullets)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _line_marks(text: str) -> tuple[set[int], list[tuple[int, int]]]:
    """What opens each line after its spaces and tabs: a bullet star ("* item", its offset) and a
    Markdown heading ("## Title": 1 to 6 hashes and the spaces after them, the span from the line start)."""
    bullets: set[int] = set()
    headings: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        end = text.find("\n", start)
        end = n if end < 0 else end
        i = start
        while i < end and text[i] in " \t":
            i += 1
        if text.startswith("* ", i):
            bullets.add(i)
        j = i
        while j < end and text[j] == "#":
            j += 1
        if 1 <= j - i <= 6 and j < end and text[j] in " \t":
            while j < end and text[j] in " \t":
                j += 1
            headings.append((start, j))
        start = end + 1
    return bullets, headings


def _line_keys(text: str) -> list[str]:
    """Each line's letters and digits in lower case: what two copies of a line share despite OCR
    spacing. Over the whole text at once (lower case keeps the line breaks where they are), not line by
    line: each character that is not a word character (re's ``[^\\w\\n]``: not str.isalnum(), not "_",
    not the line break) is deleted in one C-speed pass of its own, cheaper than a pattern
    removing every run between the words (1.0 against 1.75 ms on a 20,000-character text: a text holds
    a few dozen such characters)."""
    low = text.lower()
    for c in set(low):
        if not (c.isalnum() or c == "_" or c == "\n"):
            low = low.replace(c, "")
    return low.split("\n")


def _overlap(a: list[str], b: list[str]) -> float:
    """Share of lines two runs have in common (as multisets): OCR differences lower it a little."""
    common = sum((Counter(a) & Counter(b)).values())
    return common / max(len(a), len(b), 1)


def find_second_copy(text: str, *, min_lines: int = 8, threshold: float = 0.8, tries: int = 20) -> int | None:
    """Offset where the second copy of the document starts (the first of N-1 copies), or None.

    A copy starts with a line that repeats one of the document's first lines, and the lines
    from there on match the lines before it (OCR differences allowed; compared as multisets,
    so the check is linear). Checking the match, not just the repeated title, keeps a plan
    that merely repeats its title in an appendix whole. At most ``tries`` candidate starts are
    checked, so a file full of one repeated line stays linear too.
    """
    keyed, pos = [], 0
    # the keys of every line at once (one pass of the pattern over the text, not one call per line)
    for line, k in zip(text.split("\n"), _line_keys(text), strict=True):
        if k:
            keyed.append((pos, k))
        pos += len(line) + 1
    if len(keyed) < 2 * min_lines:
        return None
    keys = [k for _, k in keyed]
    heads = {k for k in keys[:5] if len(k) >= 5}
    checked = 0
    for idx in range(min_lines, len(keys) - min_lines + 1):
        if keys[idx] not in heads:
            continue
        first = keys[:idx]
        second = keys[idx:2 * idx]
        if len(second) < 0.7 * len(first):
            continue
        checked += 1
        if _overlap(first, second) >= threshold:
            return keyed[idx][0]
        if checked >= tries:
            break
    return None
