"""The load step decodes what plans circulate as and refuses the rest, naming the file."""

from __future__ import annotations

import unicodedata

import pytest

from tinhgon.builders.load import LoadError, decode, load

from .conftest import cp1258_bytes

VI = "Kế hoạch thực hiện Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương về tinh gọn bộ máy.\n"


def test_utf8_is_read_and_hashed(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_text(VI, encoding="utf-8")
    raw = load(f)
    assert raw.text == VI
    assert raw.encoding == "utf-8"
    assert len(raw.sha256) == 64


def test_utf16_with_and_without_bom(tmp_path):
    assert decode(VI.encode("utf-16"), "x")[0] == VI
    text, enc = decode(VI.encode("utf-16-le"), "x")
    assert text == VI
    assert enc == "utf-16-le"


def test_windows_1258_is_decoded_to_nfc():
    data = cp1258_bytes(VI)
    text, enc = decode(data, "legacy.txt")
    assert enc == "cp1258"
    assert unicodedata.normalize("NFC", text) == VI


def test_empty_file_names_the_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    with pytest.raises(LoadError, match=r"empty\.txt: empty file"):
        load(f)


def test_whitespace_only_file(tmp_path):
    f = tmp_path / "blank.txt"
    f.write_text("  \n\n\t\n")
    with pytest.raises(LoadError, match=r"blank\.txt: the file holds only white space"):
        load(f)


def test_binary_file_names_the_file(tmp_path):
    f = tmp_path / "scan.txt"
    f.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(LoadError, match=r"scan\.txt: binary data"):
        load(f)


def test_unreadable_legacy_bytes_are_refused_clearly():
    # Latin-1 bytes of a non-Vietnamese text are neither UTF-8 nor plausible cp1258 Vietnamese.
    data = ("Ceci n'est pas un plan: élève, garçon, très. " * 20).encode("latin-1")
    with pytest.raises(LoadError, match=r"old\.txt: not valid UTF-8 .* convert the file to UTF-8"):
        decode(data, "old.txt")


def test_unsupported_suffix_and_missing_file(tmp_path):
    f = tmp_path / "plan.odt"
    f.write_bytes(b"PK\x03\x04")
    with pytest.raises(LoadError, match=r"plan\.odt: unsupported file type"):
        load(f)
    with pytest.raises(LoadError, match=r"nope\.txt: no such file"):
        load(tmp_path / "nope.txt")
