"""Appendix rows that restate a body item (``same_as``): the indexed lookup gives what comparing
every row with every item gives, on openings of plan length (a short opening of unrelated words
may be alike letter by letter, "uy ban quy" / "uy an quyet vu", with no word pair in common:
the lookup does not chase such likeness)."""

from __future__ import annotations

import difflib
import random

from tinhgon.builders.model import Task
from tinhgon.builders.tasks import _key, _link_same

VOCABULARY = ("rà soát sắp xếp tổ chức bộ máy cơ quan chuyên môn kiện toàn đề án phương án xây dựng kế hoạch "
         "hướng dẫn đơn vị sự nghiệp công lập thuộc ủy ban nhân dân tỉnh huyện xã sở nội vụ tài chính "
         "báo cáo kết quả thực hiện nghị quyết năm quý tháng trước ngày các phòng ban")
WORDS = VOCABULARY.split()


def _pairwise(tasks: list[Task]) -> None:
    """The rule as first written: every row against every body item (the reference)."""
    rows = [t for t in tasks if t.ref.startswith("appendix.")]
    body = [t for t in tasks if not t.ref.startswith("appendix.")]
    for r in rows:
        rk = _key(r.text)
        best, score = None, 0.0
        for t in body:
            s = difflib.SequenceMatcher(None, rk, _key(t.text), autojunk=False).ratio()
            if s > score:
                best, score = t, s
        if best is not None and score >= 0.75:
            r.same_as = best.ref
            if best.same_as is None:
                best.same_as = r.ref


def _plan(rng: random.Random, n: int) -> list[Task]:
    """Body items of random words, and appendix rows: some restating an item with a word or two
    changed, dropped or added, some new."""
    body = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))) for _ in range(n)]
    tasks = [Task(ref=f"I.{i + 1}", text=t, start=0, end=0) for i, t in enumerate(body)]
    for j in range(n):
        words = rng.choice(body).split()
        for _ in range(rng.randint(0, 3)):
            k = rng.randrange(len(words))
            op = rng.random()
            if op < 0.4:
                words[k] = rng.choice(WORDS)
            elif op < 0.7 and len(words) > 2:
                del words[k]
            else:
                words.insert(k, rng.choice(WORDS))
        if rng.random() < 0.3:
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 14))]
        tasks.append(Task(ref=f"appendix.{j + 1}", text=" ".join(words), start=0, end=0))
    return tasks


def test_indexed_links_equal_pairwise_links() -> None:
    rng = random.Random(13)
    for n in (1, 5, 30, 60):
        a = _plan(rng, n)
        b = [Task(ref=t.ref, text=t.text, start=0, end=0) for t in a]
        _pairwise(a)
        _link_same(b)
        assert [t.same_as for t in b] == [t.same_as for t in a]
        assert n < 30 or any(t.same_as for t in a)  # the plans do hold restated rows


def test_a_restated_row_links_to_the_item_and_a_new_row_to_none() -> None:
    tasks = [Task(ref="II.1", text="Rà soát, sắp xếp các đơn vị sự nghiệp công lập thuộc Sở Y tế", start=0, end=0),
             Task(ref="II.2", text="Xây dựng Đề án hợp nhất Ban Dân vận và Ban Tuyên giáo", start=0, end=0),
             Task(ref="appendix.1", text="Xây dựng Đề án hợp nhất Ban Tuyên giáo và Ban Dân vận", start=0, end=0),
             Task(ref="appendix.2", text="Tổ chức hội nghị sơ kết", start=0, end=0)]
    _link_same(tasks)
    assert [t.same_as for t in tasks] == [None, "appendix.1", "II.2", None]
