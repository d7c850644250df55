"""Readers for the formats documents are published in: Word, PDF (text layer) and web pages.

Why: analysts have .docx files from provincial portals, PDFs, and HTML pages of the legal
databases, not .txt. Each reader turns its file into the one shape every later step reads:
plain text with its layout written the way the Markdown renderings of real documents write it
— paragraphs separated by blank lines, list numbers that Word keeps outside the text written
into the line ("1.", "a)"), bullets as "- ", tables as ``| cell | cell |`` rows, bold as
``**…**``. Provenance then points into that extracted text (see the README: for a Word file or a
PDF a span is a character range of the extracted text, and the file's own hash identifies it).

One module per family (pySHACL style): ``docx``, ``pdf``, ``html``. Each exposes
``read(path, data) -> Extracted``; a file that cannot be read raises ``FormatError`` with a
message naming the file and the way out.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class FormatError(Exception):
    """A file of a known format that cannot be read; the message names it and says what to do."""


@dataclass(frozen=True)
class Extracted:
    """The text a reader got from a file, with what it set aside and what the file says of itself."""

    text: str
    format: str
    title: str | None = None
    url: str | None = None
    set_aside: tuple[str, ...] = field(default=())  # running headers, navigation … (for the build report)


def reader_for(suffix: str):
    """The reader module for a file suffix, or None for plain text."""
    from tinhgon.builders.formats import docx, html, pdf

    return {".docx": docx, ".pdf": pdf, ".html": html, ".htm": html, ".xhtml": html}.get(suffix.lower())


def lexicon_example(family: str, row) -> str | None:
    """The effect of a lexicon row the format readers own (None when seen)."""
    if family == "html_chrome":
        from tinhgon.builders.formats import html

        page = (f"<html><body><div class=\"{row['marker']}\">{row['example']}</div>"
                "<p>Nội dung kế hoạch.</p></body></html>")
        got = html.read("example.html", page.encode("utf-8")).text
        if row["example"] in got:
            return f"{row.where}: a block marked {row['marker']!r} was kept: {got!r}"
        return None
    if family == "formats_phrases" and row["name"] == "running-page":
        from tinhgon.builders.formats import pdf

        if not pdf.running_line(row["example"]):
            return f"{row.where}: {row['example']!r} is not read as a running page line"
        if row.get("counter") and pdf.running_line(row["counter"]):
            return f"{row.where}: {row['counter']!r} is read as a running page line"
        return None
    return f"{row.where}: formats has no check for family {family!r}"
