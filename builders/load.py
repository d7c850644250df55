"""Load step: bytes on disk → Unicode text, or a clear refusal naming the file.

Plans circulate as UTF-8, as UTF-16 exported from Word, and as Windows-1258 (the
legacy Vietnamese code page). Those three are decoded; anything else (binary files,
TCVN3/VNI font encodings that no codec can tell from Latin-1) is refused with a
message that names the file and the problem, so a bad input never reaches the store.

Word (.docx), PDF (text layer) and web pages (.html) are read by ``builders/formats``
into the same text-with-layout; the text a later step quotes is then that extracted text,
and ``sha256`` is the hash of the file's own bytes. A file is checked (regular file, size
limit) before a byte of it is read, so a FIFO or /dev/zero behind a name cannot hang a build.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
FORMAT_SUFFIXES = (".docx", ".pdf", ".html", ".htm", ".xhtml")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + FORMAT_SUFFIXES
MAX_BYTES = 20 * 1024 * 1024  # a file: a Word or PDF file carries pictures and fonts besides its text
# The text of one document. The longest real plans run to ~50,000 characters; the builders take
# about 13 s of CPU per million characters of numbered items, so this bounds one file's build to
# well under a minute while leaving forty times the longest real document.
MAX_CHARS = 2_000_000
# A text that opens like a web page is read as one, whatever its suffix.
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)

# Letters only Vietnamese uses (not French or German): a decoding that yields enough of
# them is Vietnamese text.
_VI_ONLY_LOWER = "ăđơưạảặẳẵắằậẩẫấầẹẻẽệểễếềịỉĩọỏộổỗốồợởỡớờụủũựửữứừỵỷỹỳ"
_VI_ONLY = frozenset(_VI_ONLY_LOWER + _VI_ONLY_LOWER.upper())


class LoadError(Exception):
    """An input file that cannot be read as a document; the message names the file."""


@dataclass(frozen=True)
class RawText:
    path: str
    name: str
    stem: str
    sha256: str
    encoding: str
    text: str
    format: str = "text"  # text, docx, pdf or html: where ``text`` was extracted from
    title: str | None = None  # what a page or a Word file says its title is
    url: str | None = None  # a web page's own address, when it states it
    set_aside: tuple[str, ...] = ()  # what a reader left out (running headers, page navigation)


def load(path: str | Path) -> RawText:
    """Read one file and decode it; raise LoadError with the file name on any problem."""
    p = Path(path)
    if p.is_dir():
        raise LoadError(f"{p}: is a directory, not a document")
    suffix = p.suffix.lower()
    if suffix == ".doc":
        raise LoadError(f"{p}: an old binary Word .doc cannot be read; convert it first: "
                        f"libreoffice --headless --convert-to docx '{p}'")
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(f"{p}: unsupported file type {p.suffix or '(none)'!r}; expected one of "
                        + ", ".join(SUPPORTED_SUFFIXES))
    data = read_limited(p)
    digest = hashlib.sha256(data).hexdigest()
    if suffix in FORMAT_SUFFIXES:
        got = _extract(p, suffix, data)
    else:
        text, encoding = decode(data, str(p))
        got = _extract(p, ".html", data) if _HTML_START.match(text) else None
    size = len(got.text) if got is not None else len(text)
    if size > MAX_CHARS:
        raise LoadError(f"{p}: {size:,} characters of text is more than the {MAX_CHARS:,}-character limit for "
                        "one document (the longest real plans hold ~50,000); split the file, or raise "
                        "MAX_CHARS in builders/load.py")
    if got is not None:
        return RawText(path=str(p), name=p.name, stem=p.stem, sha256=digest, encoding="utf-8",
                       text=got.text, format=got.format, title=got.title, url=got.url, set_aside=got.set_aside)
    if not text.strip():
        raise LoadError(f"{p}: the file holds only white space")
    return RawText(path=str(p), name=p.name, stem=p.stem, sha256=digest, encoding=encoding, text=text)


def read_limited(p: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file no larger than ``limit``, checked before reading (LoadError otherwise)."""
    import stat

    try:
        st = p.stat()
    except FileNotFoundError:
        raise LoadError(f"{p}: no such file") from None
    except OSError as exc:
        raise LoadError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        raise LoadError(f"{p}: not a regular file (a device, pipe or socket); give a document file")
    if st.st_size > limit:
        raise LoadError(f"{p}: {st.st_size} bytes is larger than the {limit} byte limit for one document")
    try:
        with p.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise LoadError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:  # the file grew while we looked
        raise LoadError(f"{p}: larger than the {limit} byte limit for one document")
    return data


def _extract(p: Path, suffix: str, data: bytes):
    from tinhgon.builders.formats import FormatError, reader_for

    if not data:
        raise LoadError(f"{p}: empty file (0 bytes)")
    try:
        return reader_for(suffix).read(str(p), data)
    except FormatError as exc:
        raise LoadError(str(exc)) from None


def decode(data: bytes, label: str) -> tuple[str, str]:
    """Decode bytes as UTF-8, UTF-16 or Windows-1258, or raise LoadError naming ``label``."""
    if not data:
        raise LoadError(f"{label}: empty file (0 bytes)")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", label), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", label), "utf-16"
    if _looks_utf16(data):
        enc = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return _strict(data, enc, label), enc
    if b"\x00" in data:
        raise LoadError(f"{label}: binary data (NUL bytes), not a text document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _legacy(data, label, exc)
        return text, "cp1258"
    if _control_ratio(text) > 0.01:
        raise LoadError(f"{label}: binary data (control characters), not a text document")
    return text, "utf-8"


def _strict(data: bytes, encoding: str, label: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise LoadError(f"{label}: looks like {encoding} but byte {exc.start} is invalid") from exc
    if _control_ratio(text) > 0.01:
        raise LoadError(f"{label}: binary data (control characters), not a text document")
    return text


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without BOM: NUL in every other byte of mostly-ASCII markup and digits."""
    sample = data[:4000]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) / 2
    return max(even, odd) > 0.3 * half and min(even, odd) < 0.05 * half


# Control characters that are line separators (Word's manual line break, form feed, the
# information separators, NEL): a document may hold many of them; normalise reads them as breaks.
_SEPARATORS = "\n\r\t\x0b\x0c\x1c\x1d\x1e\x85"


# The control characters (category Cc: C0, DEL and C1, a set Unicode never changes) that are not separators.
_BAD_CONTROL = re.compile("[" + "".join(re.escape(chr(c)) for c in range(0x100)
                                        if unicodedata.category(chr(c)) == "Cc" and chr(c) not in _SEPARATORS) + "]")


def _control_ratio(text: str) -> float:
    bad = len(_BAD_CONTROL.findall(text))
    return bad / max(1, len(text))


def _legacy(data: bytes, label: str, exc: UnicodeDecodeError) -> str:
    """Windows-1258 when the result reads as Vietnamese; otherwise refuse clearly."""
    text = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    letters = [c for c in text if c.isalpha()]
    vi = sum(c in _VI_ONLY for c in text)
    if letters and "\ufffd" not in text and vi / len(letters) > 0.03:
        return text
    raise LoadError(
        f"{label}: not valid UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}) and not "
        "readable as UTF-16 or Windows-1258; legacy font encodings (TCVN3, VNI) are not supported — "
        "convert the file to UTF-8 first"
    )
