"""Text geometry: parentheses depth, sentences and the clauses a sentence is cut into.

A change is read clause by clause: "Hợp nhất A với B; giải thể C" is two clauses, and a cue
inside parentheses never splits its sentence.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^\W\d_a-zà-ỹđ]|[-+•])|\n\s*(?=\S)")
# a clause ends at ';', at ':' before more words, before ", đồng thời," and ", tiến tới", after ")" before "và kiêm"
_CLAUSE_END = re.compile(
    r"\s*;\s*|,\s*(?=đồng\s+thời\s*,)|,\s*(?=tiến\s+tới(?![^\W\d_]))|\)\s+(?=và\s+(?:kiêm|nhất))|:\s*(?=\S)",
    re.IGNORECASE)
# a clause opening with "đồng thời," or "và" starts after it
_CLAUSE_LEAD = re.compile(r"[\s,]*(?:đồng\s+thời\s*,\s*|và\s+)?", re.IGNORECASE)
_LINE_JOIN = re.compile(r"\s*\n\s*(?=[a-zà-ỹđ(,])")


def depth_map(s: str) -> list[int]:
    depth, out = 0, []
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        out.append(depth)
    return out


def top_splits(s: str, pattern: re.Pattern[str], lo: int = 0, hi: int | None = None) -> list[re.Match[str]]:
    """Matches of ``pattern`` in s[lo:hi] that sit outside parentheses."""
    hi = len(s) if hi is None else hi
    depth = depth_map(s)
    floor = min(depth[lo:hi] or [0])
    return [m for m in pattern.finditer(s, lo, hi) if depth[m.start()] == floor]


def first_top(s: str, pattern: re.Pattern[str], lo: int = 0, hi: int | None = None) -> re.Match[str] | None:
    ms = top_splits(s, pattern, lo, hi)
    return ms[0] if ms else None


def flatten(text: str) -> str:
    """Join lines broken inside a sentence (next line starts in lower case); length is kept."""
    return _LINE_JOIN.sub(lambda m: " " * len(m.group()), text)


def sentences(s: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(s):
        if s[start:m.start()].strip():
            out.append((start, m.start()))
        start = m.end()
    if s[start:].strip():
        out.append((start, len(s)))
    return out


def segments(sent: str) -> list[tuple[int, int]]:
    """The clauses of a sentence: (start, end), without leading ', ', 'đồng thời,' or 'và'."""
    cuts = top_splits(sent, _CLAUSE_END)
    out, start = [], 0
    for m in cuts:
        end = m.start() + (1 if m.group().startswith(")") else 0)
        out.append((start, end))
        start = m.end()
    out.append((start, len(sent)))
    segs = []
    for a, b in out:
        a = _CLAUSE_LEAD.match(sent, a, b).end()
        if sent[a:b].strip():
            segs.append((a, b))
    return segs
