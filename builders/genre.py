"""Genre gate: refuse text that is not a Vietnamese plan, programme or directive.

Running the extractors on a novel or an invoice would fill the graph with nonsense
agencies and tasks; a clear refusal naming the file is better than a quiet mess.
"""

from __future__ import annotations

import re

from tinhgon.builders import numbers
from tinhgon.builders.model import Source
from tinhgon.text import fold

_KIND_WORDS = re.compile(r"\b(" + "|".join(map(re.escape, numbers.kind_words(folded=True))) + r")\b")
_VI_CHARS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
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
