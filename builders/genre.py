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

from tinhgon.builders import numbers
from tinhgon.builders.model import Source
from tinhgon.text import fold

_KIND_WORDS = re.compile(r"\b(" + "|".join(map(re.escape, numbers.kind_words(folded=True))) + r")\b")
_VI_CHARS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
# A line that reads as program source or structured data, not prose.
_CODE_LINE = re.compile(
    r"^\s*(?:def |class |import |from \S+ import |return\b|raise\b|elif\b|else:|try:|except\b|assert\b|yield\b"
    r"|@\w|(?:for|while|if|with) .*:$|\w+(?:\.\w+)*\s*[-+*/|]?=\s|[{}\])]"
    r'|"\w+":|[^\t\n]*\t[^\t\n]*\t[^\t\n]*\t)'  # a JSON key, a tab-separated data row
)
_CODE_MARKS = frozenset('{}[]()=_<>\\"\';')
CODE_LINE_SHARE = 0.15  # refused at or above this share of non-blank lines reading as code
CODE_MARK_RATE = 0.08  # … or this many code marks per letter
_AGENCY_WORDS = re.compile(
    r"\b(uy ban|tinh uy|ban chap hanh|ban thuong vu|so noi vu|hoi dong nhan dan|chinh phu)\b"
)


class GenreError(Exception):
    """The file is readable text but not a document of the genre tinhgon reads."""


def check_genre(src: Source) -> None:
    """Raise GenreError (naming the file) unless the text reads as an administrative document."""
    body = src.body
    letters = sum(c.isalpha() for c in body)
    if letters < 200:
        raise GenreError(f"{src.path}: too short to be a plan or directive ({letters} letters)")
    lines = [ln for ln in body.splitlines() if ln.strip()]
    code = sum(bool(_CODE_LINE.match(ln)) for ln in lines) / max(1, len(lines))
    marks = sum(c in _CODE_MARKS for c in body) / letters
    if code >= CODE_LINE_SHARE or marks >= CODE_MARK_RATE:
        raise GenreError(
            f"{src.path}: reads as program source or structured data, not a plan or directive "
            f"({code:.0%} of its lines read as code, {marks * 100:.0f} code marks per 100 letters)"
        )
    vi = len(_VI_CHARS.findall(body))
    if vi / letters < 0.03:
        raise GenreError(f"{src.path}: not Vietnamese text (too few Vietnamese letters)")
    folded = fold(body)
    evidence = sum((
        bool(_KIND_WORDS.search(folded)),
        any(numbers.find_numbers(body)),
        bool(_AGENCY_WORDS.search(folded)),
    ))
    if evidence < 2:
        raise GenreError(
            f"{src.path}: does not read as a plan, programme or directive (no document kind, "
            "document number or state/party body found)"
        )
