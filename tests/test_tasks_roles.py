"""Who does a task, read from its sentences: sole subjects, notes on a body, conditions before the
subject; and which clauses of a legal text are tasks. Inputs written for these tests."""

from __future__ import annotations

import pytest

from tinhgon.builders.load import RawText
from tinhgon.builders.normalise import normalise
from tinhgon.builders.structure import parse_structure
from tinhgon.builders.tasks import extract_tasks, inline_roles


def names(text: str) -> dict[str, list[str]]:
    return {k: [a.name for a in v] for k, v in inline_roles(text).items()}


@pytest.mark.parametrize("text, expected", [
    # one body of each unit of a level, named in the singular, acts alone: it leads
    ("Ủy ban nhân dân cấp tỉnh xây dựng phương án sắp xếp các thôn, tổ dân phố.",
     {"lead": ["Ủy ban nhân dân cấp tỉnh"]}),
    ("Ủy ban nhân dân cấp xã có trách nhiệm niêm yết công khai danh sách.",
     {"lead": ["Ủy ban nhân dân cấp xã"]}),
    # one kind of body over the units it is named for is one doer too
    ("Ủy ban nhân dân các xã, thị trấn chủ động bố trí kinh phí thực hiện.",
     {"lead": ["Ủy ban nhân dân các xã, thị trấn"]}),
    # a plural or a list of kinds shares the duty
    ("Các cấp ủy trực thuộc rà soát quy chế làm việc.", {"implementing": ["Các cấp ủy trực thuộc"]}),
    ("Các phòng, ban huyện rà soát quy chế làm việc.", {"implementing": ["Các phòng, ban huyện"]}),
    # 'tập thể lãnh đạo' is a noun (a body's leadership), no verb
    ("Các cấp ủy, tập thể lãnh đạo cơ quan, đơn vị rà soát quy hoạch.",
     {"implementing": ["Các cấp ủy, tập thể lãnh đạo cơ quan, đơn vị"]}),
    ("Các sở, ban, ngành rà soát quy chế làm việc.", {"implementing": ["Các sở, ban, ngành"]}),
])
def test_a_sole_subject_leads_unless_it_is_a_plural(text: str, expected: dict[str, list[str]]) -> None:
    assert names(text) == expected


def test_a_note_in_parentheses_on_what_a_body_is_names_no_body() -> None:
    got = names("Ủy ban nhân dân cấp tỉnh (cơ quan chủ trì và cơ quan phối hợp) tổ chức lấy ý kiến cử tri.")
    assert got == {"lead": ["Ủy ban nhân dân cấp tỉnh"]}
    # a role in parentheses that names a body still gives it
    got = names("Lập danh mục dự án (Sở Xây dựng chủ trì; cơ quan, đơn vị liên quan phối hợp).")
    assert got == {"lead": ["Sở Xây dựng"], "coordinating": ["Cơ quan, đơn vị liên quan"]}


@pytest.mark.parametrize("text, lead", [
    ("Trường hợp hồ sơ chưa bảo đảm yêu cầu thì Bộ Nội vụ hướng dẫn địa phương hoàn thiện hồ sơ.", "Bộ Nội vụ"),
    ("Nếu chưa thống nhất được phương án thì Sở Tài chính báo cáo Ủy ban nhân dân tỉnh.", "Sở Tài chính"),
    ("Căn cứ kết quả rà soát, Sở Y tế đề xuất phương án bố trí trạm y tế.", "Sở Y tế"),
])
def test_the_subject_after_a_condition_or_a_fronted_clause(text: str, lead: str) -> None:
    assert names(text).get("lead") == [lead]


def test_a_long_list_of_bodies_after_a_fronted_clause_is_the_subject() -> None:
    got = names("Trên cơ sở hướng dẫn của tỉnh, các phòng, ban, ngành, tổ chức chính trị - xã hội huyện, "
                "Ủy ban nhân dân các xã, thị trấn xây dựng kế hoạch thực hiện.")
    assert got == {"implementing": ["Các phòng, ban, ngành", "Các tổ chức chính trị - xã hội huyện",
                                    "Ủy ban nhân dân các xã, thị trấn"]}
    # the long words before the subject's comma are the fronted clause, not a list of bodies
    got = names("Trên cơ sở quy định về số lượng các cơ quan thuộc Hội đồng nhân dân, Ủy ban nhân dân cấp huyện "
                "và khung số lượng cấp phó của các cơ quan này, Huyện ủy lãnh đạo việc sắp xếp.")
    assert got == {"lead": ["Huyện ủy"]}
    # nor are the bodies a fronted clause itself lists ("báo cáo từ các phòng, ban, …")
    got = names("Theo dõi, tổng hợp báo cáo từ các phòng, ban, ngành, đoàn thể huyện và Ủy ban nhân dân các xã, "
                "thị trấn về kết quả triển khai thực hiện Kế hoạch này.")
    assert not got.get("implementing")
    # nor is a body inside a note in parentheses the subject
    got = names("Trong năm 2024, có 05 huyện thực hiện (thành lập khối cơ quan dân vận, Hội Nông dân và "
                "các hội quần chúng có văn phòng tham mưu chung).")
    assert got == {}


LAW = """NGHỊ QUYẾT
Về việc tổ chức lại các trạm kiểm dịch

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Nghị quyết này quy định việc tổ chức lại các trạm kiểm dịch năm 2026.

Điều 2. Giải thích từ ngữ
Trạm kiểm dịch là đơn vị thuộc Chi cục Thú y.

Điều 3. Tổ chức thực hiện
1. Trường hợp trạm kiểm dịch có trụ sở chung thì việc bàn giao được thực hiện theo quy định của pháp luật.
2. Ủy ban nhân dân cấp tỉnh xây dựng phương án tổ chức lại các trạm kiểm dịch.
3. Bộ Nông nghiệp và Môi trường hướng dẫn việc bàn giao tài sản trước ngày 30 tháng 6 năm 2026.
4. Hoàn thành việc tổ chức lại các trạm kiểm dịch trước ngày 31 tháng 12 năm 2026.

Điều 4. Hiệu lực thi hành
Nghị quyết này có hiệu lực thi hành từ ngày ký.
"""


def test_in_a_legal_text_only_clauses_naming_a_doer_or_a_time_are_tasks() -> None:
    src = normalise(RawText(path="t.txt", name="t.txt", stem="t", sha256="", encoding="utf-8", text=LAW))
    ts = {t.ref: t for t in extract_tasks(src, parse_structure(src))}
    assert sorted(ts) == ["Điều 3.2", "Điều 3.3", "Điều 3.4"]
    assert [a.name for a in ts["Điều 3.2"].roles["lead"]] == ["Ủy ban nhân dân cấp tỉnh"]
    assert ts["Điều 3.4"].time.due == "2026-12-31"


def test_outside_a_legal_text_a_clause_without_a_doer_is_still_a_task() -> None:
    plan = "I. NHIỆM VỤ\n1. Hoàn thành việc tổ chức lại các trạm kiểm dịch.\n2. Rà soát các trạm y tế.\n"
    src = normalise(RawText(path="t.txt", name="t.txt", stem="t", sha256="", encoding="utf-8", text=plan))
    assert [t.ref for t in extract_tasks(src, parse_structure(src))] == ["I.1", "I.2"]


def test_a_body_advised_to_allot_money_decides() -> None:
    got = names("Sở Tài chính tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí sửa chữa trụ sở.")
    assert got == {"lead": ["Sở Tài chính"], "deciding": ["Ủy ban nhân dân tỉnh"]}
    assert names("Sở Tài chính bố trí kinh phí sửa chữa trụ sở.") == {"lead": ["Sở Tài chính"]}


@pytest.mark.parametrize("text, partners", [
    ("Chủ trì, phối hợp các đơn vị cấp nước rà soát nguồn nước sạch.", ["Các đơn vị cấp nước"]),
    ("Phối hợp chặt chẽ Sở Xây dựng tiếp nhận hồ sơ cấp phép.", ["Sở Xây dựng"]),
    ("Sở Văn hóa phối hợp tổ chức lễ hội.", None),  # 'phối hợp' + a task, not a partner
])
def test_phoi_hop_without_voi_takes_a_named_body_or_a_plural(text: str, partners: list[str] | None) -> None:
    assert names(text).get("coordinating") == partners


def _tasks(text: str) -> dict[str, dict[str, list[str]]]:
    src = normalise(RawText(path="t.txt", name="t.txt", stem="t", sha256="", encoding="utf-8", text=text))
    tasks = extract_tasks(src, parse_structure(src))
    return {t.ref: {k: [a.name for a in v] for k, v in t.roles.items()} for t in tasks}


def test_a_heading_names_a_class_by_what_it_does_where_it_works_or_what_it_is() -> None:
    # "chủ đầu tư xây dựng", "đang hoạt động trong …", "là tổ chức": words of the name, no verb of a sentence
    plan = ("III. TỔ CHỨC THỰC HIỆN\n"
            "1. Các chủ đầu tư xây dựng và kinh doanh hạ tầng cụm công nghiệp\n"
            "- Bố trí mặt bằng lắp đặt trạm quan trắc.\n"
            "2. Các doanh nghiệp đang hoạt động trên địa bàn\n"
            "- Cung cấp số liệu sản xuất hằng quý.\n"
            "3. Các chủ rừng là tổ chức\n"
            "- Tuần tra bảo vệ diện tích rừng được giao.\n")
    got = _tasks(plan)
    assert got["III.1-1"]["lead"] == ["Các chủ đầu tư xây dựng và kinh doanh hạ tầng cụm công nghiệp"]
    assert got["III.2-1"]["lead"] == ["Các doanh nghiệp đang hoạt động trên địa bàn"]
    assert got["III.3-1"]["lead"] == ["Các chủ rừng là tổ chức"]
    # the aspect word still ends a body's name in a sentence
    assert names("Sở Nội vụ đang rà soát các quy định.") == {"lead": ["Sở Nội vụ"]}


def test_a_sentence_that_opens_with_its_work_asks_no_new_doer_with_yeu_cau() -> None:
    plan = ("II. NHIỆM VỤ\n3. Sở Xây dựng\n"
            "a) Tăng cường kiểm tra các dự án nhà ở, có biện pháp yêu cầu các chủ đầu tư hoàn thiện hạ tầng.\n")
    assert _tasks(plan)["II.3.a"] == {"lead": ["Sở Xây dựng"]}
    # a sentence with no work of its own still takes the bodies it asks as its doers
    got = names("Kết luận nêu rõ yêu cầu các cấp ủy khẩn trương rà soát quy chế.")
    assert got.get("implementing") == ["Các cấp ủy"] or got.get("lead") == ["Các cấp ủy"]


def test_a_note_on_the_bounds_of_powers_after_the_subject_ends_it() -> None:
    # "…, trong phạm vi nhiệm vụ, quyền hạn được giao, …": its "được giao" is no passive of the sentence,
    # and its words do not count against the subject's length
    got = names("Ủy ban Pháp luật, các Ban của Ủy ban Thường vụ Quốc hội và Văn phòng Quốc hội, trong phạm vi "
                "nhiệm vụ, quyền hạn được giao, chủ động rà soát các nghị quyết có liên quan.")
    assert got == {"implementing": ["Ủy ban Pháp luật", "Các Ban của Ủy ban Thường vụ Quốc hội", "Văn phòng Quốc hội"]}
    long_list = ("Hội đồng Dân tộc, các Ủy ban của Quốc hội, các Đoàn đại biểu Quốc hội, Hội đồng nhân dân tỉnh, "
                 "Hội đồng nhân dân huyện, Ủy ban nhân dân tỉnh, Ủy ban nhân dân huyện, trong phạm vi nhiệm vụ, "
                 "quyền hạn của mình, giám sát việc thực hiện Nghị quyết này.")
    assert len(names(long_list)["implementing"]) == 7
