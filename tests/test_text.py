"""The fast fold (a table of characters, remembered for short strings) is the plain fold, exactly."""

from __future__ import annotations

import unicodedata

import pytest

from tinhgon.text import fold, fold_slow, key, key_slow, slugify

# contexts a character is folded in: alone, between letters and marks, before a mark, after a
# spacing combining mark (U+0903, Mc: canonical reordering could move it)
CONTEXTS = ("{}", "a{}\u0301b", "{} \u0323", "Ơ{}\u0345\u0301", " x\u0903{}", "  {}{}\u00a0")


def _fold_of_each(cps) -> list[str]:
    return [f"{cp:#x}: {fold(s)!r} != {fold_slow(s)!r}" for cp in cps for c in [chr(cp)]
            for s in (ctx.format(c, c) for ctx in CONTEXTS) if fold(s) != fold_slow(s)]


def test_every_latin_letter_and_mark_folds_as_the_plain_fold():
    assert _fold_of_each([*range(0, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00)]) == []


def test_a_sample_of_every_plane_folds_as_the_plain_fold():
    cps = [cp for cp in range(0x250, 0x110000, 61) if not 0xD800 <= cp < 0xE000]
    assert _fold_of_each(cps) == []


@pytest.mark.parametrize("c", ["\u0903", "\U0001d165", "\u302a", "\u0f71", "\u05b0"])
def test_combining_characters_that_are_not_spacing_or_not_marks(c: str):
    """A combining character that is not Mn takes the slow way; an Mn one is dropped."""
    s = f"Ủy{c}\u0301 ban{c}"
    assert fold(s) == fold_slow(s)
    if unicodedata.category(c) == "Mn":
        assert fold(s) == "uy ban"


def test_fold_of_a_document_and_of_its_lines():
    text = ("ỦY BAN NHÂN DÂN\u00a0TỈNH BẮC NINH – “Kế hoạch” số 18-KH/UBND…\n"
            "Sở Nội vụ chủ trì;\tphối hợp Văn phòng HĐND-UBND tỉnh.\u2028Đồng chí Nguyễn Văn Đức\n") * 30
    assert fold(text) == fold_slow(text)
    assert fold(text).startswith("uy ban nhan dan tinh bac ninh – “ke hoach” so 18-kh/ubnd… so noi vu")
    for line in text.splitlines():
        assert fold(line) == fold_slow(line) == fold(line)  # the second call is answered from memory


def test_slugify_remembers_and_gives_the_same():
    assert slugify("Sở Nội vụ") == slugify("Sở Nội vụ") == "so-noi-vu"
    assert slugify("18-NQ/TW") == "18-nq-tw" and slugify("—") == "x"


def test_a_long_text_is_folded_again_from_memory_and_the_same():
    body = "Kế hoạch số 18-KH/UBND của Ủy ban nhân dân tỉnh về tinh gọn bộ máy.\n" * 40
    assert fold(body) == fold(body) == fold_slow(body)
    for i in range(12):  # more long texts than are kept: the oldest is forgotten, none is wrong
        t = body + str(i)
        assert fold(t) == fold_slow(t)
    assert fold(body) == fold_slow(body)


def test_opening_letters_looks_ahead_for_the_words_first_letters():
    import re

    from tinhgon.text import opening_letters

    words = ["kế hoạch", "Nghị quyết", " đề án", "(dự thảo)"]
    look = opening_letters(words)
    assert look == "(?=[\\(Nkđ])" and opening_letters([]) == ""
    alt = "(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in words) + ")"
    text = "Theo KẾ HOẠCH này và Đề án, nghị quyết (dự thảo) … kế  hoạch"
    plain, ahead = re.compile(alt, re.I), re.compile(look + alt, re.I)
    assert [m.span() for m in ahead.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert len(list(ahead.finditer(text))) == 5


@pytest.mark.parametrize("s", [
    "Sở Nội vụ", "  Ủy ban  nhân dân\ttỉnh. ", " .\u00a0Hoà\u2003bình;:", "x\n.\n", "\u3000,a\u2028b,\u00a0",
    "UỶ BAN", "quý", "", " ", ".;:,", "a\x1cb\x1f c", "Sở Tư pháp\u00a0.", "e\u0301 \u0065\u0301",
])
def test_key_is_the_plain_key_and_remembered(s: str):
    assert key(s) == key_slow(s) == key(s)
