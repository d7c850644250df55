"""Text geometry: parentheses depth, sentences and the clauses a sentence is cut into.

A change is read clause by clause: "Hợp nhất A với B; giải thể C" is two clauses, so is each cell of
a table row read whole, and a cue inside parentheses never splits its sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tinhgon.builders import outline

from . import vocab

# a clause ends at ';', at a table's cell bar '|', at ':' before more words, before ", đồng thời," and
# ", tiến tới", after ")" before "và kiêm" (change_patterns.tsv)
_CLAUSE_END = vocab.pattern("clause-end")
_LINE_JOIN = re.compile(r"\s*\n\s*(?=[a-zà-ỹđ(,])")


@lru_cache(maxsize=32)
def depth_map(s: str) -> tuple[int, ...]:
    """The parentheses depth at each character. Kept for the last few texts: every parser asks it of
    the same sentence, many times (once per cue and split), and a long sentence made that quadratic."""
    depth, out = 0, []
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        out.append(depth)
    return tuple(out)


def top_splits(s: str, pattern: re.Pattern[str], lo: int = 0, hi: int | None = None) -> list[re.Match[str]]:
    """Matches of ``pattern`` in s[lo:hi] that sit outside parentheses."""
    hi = len(s) if hi is None else hi
    if "(" not in s:  # no parentheses: every match sits outside them (the depth is 0 throughout)
        ms = list(pattern.finditer(s, lo, hi))
        if not ms or ms[-1].start() < len(s):
            return ms
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
    """The sentences of a text as every extractor cuts them, a line break ending one too."""
    return outline.sentences(s, newlines=True)


def _clause_start(sent: str, a: int, b: int) -> int:
    """A clause opening with "đồng thời," or "và" starts after it (and after spaces and commas)."""
    def skip(i: int) -> int:
        while i < b and (sent[i].isspace() or sent[i] == ","):
            i += 1
        return i
    a = skip(a)
    words = sent[a:b].split(None, 2)
    low = [w.lower() for w in words]
    if low[:1] == ["và"] and len(words) > 1:
        return skip(sent.index(words[1], a + 2))
    if low[:2] == ["đồng", "thời"] or low[:2] == ["đồng", "thời,"]:
        at = sent.index(words[1], a) + len("thời")
        rest = skip(at) if sent[at:b].lstrip().startswith(",") else None
        if rest is not None:
            return rest
    return a


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
        a = _clause_start(sent, a, b)
        if sent[a:b].strip():
            segs.append((a, b))
    return segs


def paren_end(s: str, at: int, hi: int) -> int:
    """Where the parenthetical holding ``at`` closes (``hi`` when ``at`` stands outside parentheses)."""
    depth = 0
    for i in range(at, hi):
        if s[i] == "(":
            depth += 1
        elif s[i] == ")":
            if depth == 0:
                return i
            depth -= 1
    return hi


def paren_start(s: str, at: int, lo: int) -> int:
    """Where the parenthetical holding ``at`` opens, after its "(" (``lo`` when ``at`` stands outside)."""
    depth = 0
    for i in range(at - 1, lo - 1, -1):
        if s[i] == ")":
            depth += 1
        elif s[i] == "(":
            if depth == 0:
                return i + 1
            depth -= 1
    return lo
