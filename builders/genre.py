"""Genre gate: refuse text that is not a Vietnamese plan, programme or directive.

Running the extractors on a novel or an invoice would fill the graph with nonsense
agencies and tasks; a clear refusal naming the file is better than a quiet mess.

Program source and structured data (the project's own Python, a JSON record, a TSV table) can hold every
sign of the genre in their strings and comments, so they are refused first by their shape:
lines that read as code, and the density of code punctuation. Published documents — Markdown
tables and headings included — stay far below both (measured on the samples and the real set:
no code line, under 3 code marks per 100 letters; Python and JSON: over 25% code lines and
10 marks per 100 letters).
"""

from __future__ import annotations

import re
from collections import Counter

from tinhgon.builders import lexicon, numbers
from tinhgon.builders.model import Source
from tinhgon.text import fold

_KIND_WORDS = re.compile(r"\b(" + "|".join(map(re.escape, numbers.kind_words(folded=True))) + r")\b")
_VI_LOWER = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
_VI_CHARS = frozenset(_VI_LOWER + _VI_LOWER.upper())  # letters with Vietnamese marks, either case
# A line that reads as program source or structured data, not prose.
_CODE_LINE = re.compile(
    r"^\s*(?:def |class |import |from \S+ import |return\b|raise\b|elif\b|else:|try:|except\b|assert\b|yield\b"
    r"|@\w|(?:for|while|if|with) .*:$|\w+(?:\.\w+)*\s*[-+*/|]?=\s|[{}\])]"
    r'|"\w+":|[^\t\n]*\t[^\t\n]*\t[^\t\n]*\t)'  # a JSON key, a tab-separated data row
)
_CODE_MARKS = frozenset('{}[]()=_<>\\"\';')
CODE_LINE_SHARE = 0.15  # refused at or above this share of non-blank lines reading as code
CODE_MARK_RATE = 0.08  # … or this many code marks per letter


class GenreError(Exception):
    """The file is readable text but not a document of the genre tinhgon reads."""


def check_genre(src: Source) -> None:
    """Raise GenreError (naming the file) unless the text reads as an administrative document."""
    body = src.body
    chars = Counter(body)  # each character's count, tallied in C; the rates below read it
    letters = sum(n for c, n in chars.items() if c.isalpha())
    if letters < 200:
        raise GenreError(f"{src.path}: too short to be a plan or directive ({letters} letters)")
    lines = [ln for ln in body.splitlines() if ln.strip()]
    code = sum(bool(_CODE_LINE.match(ln)) for ln in lines) / max(1, len(lines))
    marks = sum(n for c, n in chars.items() if c in _CODE_MARKS) / letters
    if code >= CODE_LINE_SHARE or marks >= CODE_MARK_RATE:
        raise GenreError(
            f"{src.path}: reads as program source or structured data, not a plan or directive "
            f"({code:.0%} of its lines read as code, {marks * 100:.0f} code marks per 100 letters)"
        )
    vi = sum(n for c, n in chars.items() if c in _VI_CHARS)
    if vi / letters < 0.03:
        raise GenreError(f"{src.path}: not Vietnamese text (too few Vietnamese letters)")
    if not _enough_evidence(body):
        raise GenreError(
            f"{src.path}: does not read as a plan, programme or directive (no document kind, "
            "document number or state/party body found)"
        )


# A document shows its kind and its issuing body in its opening lines: the gate looks there first and
# folds the whole body only when the opening shows fewer than two signs (folding is most of its cost).
OPENING_CHARS = 3000


def _enough_evidence(body: str) -> bool:
    """``sum(evidence(body).values()) >= 2``, read from the opening when it shows enough.

    The fold of ``body[:OPENING_CHARS]`` cut back to its last space is a prefix of ``fold(body)``
    (folding is per character, and no character's fold looks past a space), followed there by a space
    in the whole fold; so a whole-word match in it is a match in ``fold(body)``.
    """
    if len(body) > OPENING_CHARS:
        head = fold(body[:OPENING_CHARS])
        cut = head.rfind(" ")
        if cut > 0:
            head = head[:cut]
            signs = bool(_KIND_WORDS.search(head)) + bool(_genre_words().search(head))
            if signs == 2 or (signs == 1 and any(numbers.find_numbers(body))):
                return True
    return sum(evidence(body).values()) >= 2


def _genre_words() -> re.Pattern[str]:
    return lexicon.compile_alternation("genre_words", "words")


def evidence(body: str) -> dict[str, bool]:
    """The signs of the genre a text shows: a document kind, a document number, a state or Party body
    (genre_words.tsv), the kind words and bodies read accent-free."""
    folded = fold(body)
    return {
        "kind": bool(_KIND_WORDS.search(folded)),
        "number": any(numbers.find_numbers(body)),
        "body": bool(_genre_words().search(folded)),
    }


def lexicon_example(family: str, row: lexicon.Row) -> str | None:
    """A genre_words row: its example, read as the gate reads it, shows a state or Party body."""
    if family != "genre_words":
        return f"{row.where}: genre has no check for family {family!r}"
    if not evidence(row["example"])["body"]:
        return f"{row.where}: the gate finds no state or Party body in {row['example']!r}"
    return None
