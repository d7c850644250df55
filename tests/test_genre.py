"""The genre gate: plans, notices and directives pass; novels, code and data are refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from tinhgon.builders.genre import GenreError, check_genre, evidence
from tinhgon.builders.load import load
from tinhgon.builders.model import Source
from tinhgon.builders.normalise import normalise

ROOT = Path(__file__).resolve().parents[1]
REAL = Path("/work/shared/real")


def src(text: str, path: str = "x.txt") -> Source:
    return Source(path=path, name=path, stem="x", sha256="0", encoding="utf-8", original=text, text=text,
                  offsets=list(range(len(text) + 1)))


PLAN = """| ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|---|
| Số: 45/KH-UBND | Đồng Nai, ngày 02 tháng 7 năm 2025 |

**KẾ HOẠCH**
**Triển khai thực hiện Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương**

Căn cứ Quyết định số 2179/QĐ-TTg (ngày 10/10/2025) của Thủ tướng Chính phủ; Ủy ban nhân dân tỉnh ban hành
Kế hoạch như sau:

## I. MỤC ĐÍCH, YÊU CẦU
1. Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành tham mưu sắp xếp bộ máy; hoàn thành trước ngày 15/12/2025.
2. Ủy ban nhân dân các xã, phường thường xuyên kiểm tra, đôn đốc việc thực hiện [theo hướng dẫn].
"""

PYTHON = '''"""Đọc kế hoạch của Ủy ban nhân dân tỉnh: số 18-NQ/TW, Sở Nội vụ chủ trì."""

from __future__ import annotations

import re

KIND_WORDS = ("kế hoạch", "nghị quyết", "quyết định")  # Ủy ban nhân dân tỉnh, Tỉnh ủy


def read(text: str) -> list[str]:
    """Trả về các văn bản mà Ban Thường vụ Tỉnh ủy đã ban hành theo Kế hoạch số 82-KH/TU."""
    out = []
    for line in text.splitlines():
        if re.match(r"Số", line):
            out.append(line)
    return out
'''

JSON = '''{"source": "ke-hoach.md", "documents": [{"key": "UBND-45-KH", "type": "ke-hoach",
 "number": "45/KH-UBND", "issuer": "Ủy ban nhân dân tỉnh Đồng Nai", "province": "Đồng Nai",
 "implements": ["18-NQ/TW"], "cites": ["2179/QĐ-TTg"]}],
 "tasks": [{"doc": "UBND-45-KH", "ref": "I.1", "text": "Sở Nội vụ chủ trì, phối hợp với các sở tham mưu sắp xếp bộ máy",
 "lead": ["Sở Nội vụ"], "due": "2025-12-15"},
 {"doc": "UBND-45-KH", "ref": "I.2", "text": "Ủy ban nhân dân các xã, phường thường xuyên kiểm tra, đôn đốc",
 "implementing": ["Ủy ban nhân dân các xã, phường"], "recurrence": "ongoing"}]}
'''

TSV = ("slug\twords\tcodes\tclass\tvi\tex\n"
       "ke-hoach\tkế hoạch\tKH\tPlan\tKế hoạch\tTriển khai Kế hoạch số 82-KH/TU của Tỉnh ủy, Ủy ban nhân dân tỉnh.\n"
       "nghi-quyet\tnghị quyết\tNQ\tResolution\tNghị quyết\tThực hiện Nghị quyết số 18-NQ/TW của Ban Chấp hành.\n"
       "quyet-dinh\tquyết định\tQĐ\tDecision\tQuyết định\tCăn cứ Quyết định số 2179/QĐ-TTg của Chính phủ.\n") * 2


def test_a_plan_with_a_markdown_table_header_passes():
    check_genre(src(PLAN))


@pytest.mark.parametrize(("text", "name"), [(PYTHON, "reader.py.txt"), (JSON, "gold.md"), (TSV, "lexicon.txt")])
def test_program_source_and_data_are_refused_by_name(text, name):
    with pytest.raises(GenreError, match=rf"{name}: reads as program source or structured data"):
        check_genre(src(text, name))


def test_prose_in_english_is_refused_as_not_vietnamese():
    text = "The committee met on Tuesday and agreed to publish the plan next year. " * 10
    with pytest.raises(GenreError, match="not Vietnamese text"):
        check_genre(src(text))


def test_the_projects_own_python_is_refused(tmp_path):
    for py in ("builders/references.py", "builders/model.py", "graph/emit.py", "tests/test_tasks.py"):
        copy = tmp_path / (Path(py).stem + ".md")
        copy.write_text((ROOT / py).read_text(encoding="utf-8"), encoding="utf-8")
        with pytest.raises(GenreError, match="program source"):
            check_genre(normalise(load(copy)))


def _real_with_gold() -> list[Path]:
    gold = REAL / "gold"
    return sorted(REAL / "docs" / (g.stem + ".md") for g in gold.glob("*.json")) if gold.is_dir() else []


@pytest.mark.skipif(not _real_with_gold(), reason="the shared real set is not mounted")
def test_every_real_document_with_gold_and_every_sample_passes():
    samples = sorted((ROOT / "corpus").glob("*.txt")) or sorted(Path("/work/shared/corpus").glob("*.txt"))
    for path in [*_real_with_gold(), *samples]:
        check_genre(normalise(load(path)))


def test_evidence_names_each_sign_of_the_genre():
    assert evidence(PLAN) == {"kind": True, "number": True, "body": True}
    # accent-free: OCR tone noise on a body's name ("Uy ban", "Tinh uỷ") still reads as one
    assert evidence("Uy ban nhân dân xã tổ chức họp dân.")["body"]
    assert evidence("Ban Thuong vu chỉ đạo.")["body"]
    assert evidence("Người dân họp tại nhà văn hóa thôn.") == {"kind": False, "number": False, "body": False}


def test_the_opening_decides_as_the_whole_body_does():
    """The gate reads the opening first; wherever the signs sit, and wherever the opening's end cuts a
    word, it decides as the whole body's evidence does."""
    from tinhgon.builders.genre import OPENING_CHARS, _enough_evidence

    filler = "Người dân họp tại nhà văn hóa thôn và bàn việc làm đường. "
    for kind in ("", "Kế hoạch triển khai. "):
        for body_words in ("", "Ủy ban nhân dân xã chủ trì. "):
            for number in ("", "Theo Công văn số 12/UBND-VP. "):
                for at in (0, OPENING_CHARS - 8, OPENING_CHARS - 3, OPENING_CHARS + 40):
                    signs = kind + body_words + number
                    text = (filler * 80)[:at] + signs + filler * 10
                    want = sum(evidence(text).values()) >= 2
                    assert _enough_evidence(text) == want, (repr(signs), at)
