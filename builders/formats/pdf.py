"""PDF (text layer) → text with layout, through pdfplumber.

Why pdfplumber (over pypdf, measured on a plan printed from HTML by Chromium): both read the
Vietnamese text layer correctly, but pdfplumber gives each line its position and finds ruled
tables (``find_tables``), so a table of tasks keeps its rows and cells — pypdf runs the cells
together ("TT Nội dung Cơ quan chủ trì") and turns "fi" into a ligature. pypdf is about five
times faster; at a few pages per plan that does not matter.

Reading as a reader would: running headers and footers (a title, a date, a URL, "page n/m",
"Trang n") in the top and bottom margins are set aside, and so is any margin line that repeats
on several pages once digits are ignored; a page break inside a sentence simply joins the lines,
which the layout step then re-flows like any hard-wrapped text.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter

from tinhgon.builders import lexicon
from tinhgon.builders.formats import Extracted, FormatError

MARGIN = 0.07  # the top and bottom share of a page where running headers and footers sit
# A margin line that runs on every page without words: "3/12", "3", an address, the time a browser
# printed the page ("1/12/2025, 10:30 AM …"). A page number in words ("Trang 3") is the lexicon's
# (formats_phrases, running-page).
_RUNNING = re.compile(
    r"^(?:\d+\s*/\s*\d+|\d{1,4}|"
    r".*(?:https?://|file://|www\.)\S+.*|\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?.*)$",
    re.IGNORECASE,
)
MIN_CHARS_PER_PAGE = 20


def running_line(line: str) -> bool:
    """A running header or footer line ("Trang 3/12", "3", a URL, a print time stamp)."""
    return bool(lexicon.patterns("formats_phrases")["running-page"].match(line) or _RUNNING.match(line))


def _shape(text: str) -> str:
    """A margin line with its numbers blanked ("Trang 3" and "Trang 4" repeat as one)."""
    return "".join("#" if digits else "".join(run)
                   for digits, run in itertools.groupby(text.strip().lower(), str.isdecimal))


def _paragraphs(lines: list[tuple[float, float, str, bool, str | None, bool]]
                ) -> list[tuple[str, bool, str | None, bool, bool]]:
    """Mark a line that opens a paragraph: the gap above it is clearly more than one line's height."""
    heights = sorted(h for _, h, t, _, _, _ in lines if t)
    height = heights[len(heights) // 2] if heights else 0.0
    out = []
    for i, (top, _, text, margin, table, short) in enumerate(lines):
        new = i == 0 or (height > 0 and top - lines[i - 1][0] > 1.6 * height)
        out.append((text, margin, table, new, short))
    return out


def read(path: str, data: bytes) -> Extracted:
    """The document's text; FormatError for an encrypted, damaged or scanned (no text layer) PDF."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    if not data.startswith(b"%PDF"):
        raise FormatError(f"{path}: not a PDF file (no %PDF header)")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = list(pdf.pages)
    except PDFPasswordIncorrect:
        raise FormatError(f"{path}: the PDF is encrypted; save an unprotected copy (e.g. qpdf --decrypt IN OUT)") \
            from None
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many kinds for a damaged file
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise FormatError(f"{path}: the PDF is encrypted; save an unprotected copy "
                              "(e.g. qpdf --decrypt IN OUT)") from None
        raise FormatError(f"{path}: a damaged PDF ({type(exc).__name__}: {exc})") from None
    try:
        # (text, in a margin, table, opens a paragraph, stops short)
        per_page: list[list[tuple[str, bool, str | None, bool, bool]]] = []
        for page in pages:
            h = float(page.height) or 1.0
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            # (top, height, text, in a margin, table, stops short of the right edge)
            lines: list[tuple[float, float, str, bool, str | None, bool]] = []
            text_lines = page.extract_text_lines(keep_blank_chars=False)
            right = max((ln["x1"] for ln in text_lines), default=0.0)
            for ln in text_lines:
                mid = (ln["top"] + ln["bottom"]) / 2
                x = (ln["x0"] + ln["x1"]) / 2
                if any(b[0] <= x <= b[2] and b[1] <= mid <= b[3] for b in boxes):
                    continue
                margin = ln["top"] < MARGIN * h or ln["bottom"] > (1 - MARGIN) * h
                short = ln["x1"] < 0.85 * right if right else False
                lines.append((ln["top"], ln["bottom"] - ln["top"], ln["text"], margin, None, short))
            for t in tables:
                rows = [[(c or "").replace("\n", " ").replace("|", "/").strip() for c in row] for row in t.extract()]
                rows = [r for r in rows if any(r)]
                if rows:
                    md = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
                    md += ["| " + " | ".join(r) + " |" for r in rows[1:]]
                    lines.append((t.bbox[1], 0.0, "", False, "\n".join(md), True))
            lines.sort(key=lambda x: x[0])
            per_page.append(_paragraphs(lines))
    except Exception as exc:
        raise FormatError(f"{path}: a damaged PDF ({type(exc).__name__}: {exc})") from None
    finally:
        pdf.close()
    chars = sum(len(t) + len(tb or "") for p in per_page for t, _, tb, _, _ in p)
    if chars < MIN_CHARS_PER_PAGE * max(1, len(per_page)):
        raise FormatError(f"{path}: a scanned PDF with no text layer ({chars} characters on {len(per_page)} pages); "
                          "run OCR first (e.g. ocrmypdf -l vie IN OUT) and build the result")
    repeats = Counter(_shape(t) for p in per_page for t, m, _, _, _ in p if m)
    out: list[str] = []
    aside: list[str] = []
    last_short = True
    for p in per_page:
        first = True
        for text, margin, table, new_par, short in p:
            if table:
                out.append("\n" + table + "\n")
                first, last_short = False, True
                continue
            if margin and (running_line(text.strip()) or (len(per_page) > 1 and repeats[_shape(text)] > 1)):
                aside.append(text)
                continue
            if first and out:  # a page break ends a paragraph where a sentence or a short line ended
                new_par = last_short or out[-1].rstrip().endswith((".", ";", ":", "!", "?"))
            first, last_short = False, short
            out.append(("\n" if new_par else "") + text)
    text = "\n".join(out)
    while "\n\n\n" in text:  # at most one blank line between paragraphs
        text = text.replace("\n\n\n", "\n\n")
    text = text.strip() + "\n"
    return Extracted(text=text, format="pdf", set_aside=tuple(aside))
