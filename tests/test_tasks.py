"""Tasks: which blocks assign work, roles in every phrase shape, time, and appendix restatements."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tinhgon.builders.load import RawText, load
from tinhgon.builders.normalise import normalise
from tinhgon.builders.structure import parse_structure
from tinhgon.builders.tasks import extract_tasks, inline_roles

from .conftest import CORPUS, DATA, GOLD


def tasks_of(text: str):
    src = normalise(RawText(path="t.txt", name="t.txt", stem="t", sha256="", encoding="utf-8", text=text))
    return {t.ref: t for t in extract_tasks(src, parse_structure(src))}


def roles(t) -> dict[str, list[str]]:
    return {k: [a.name for a in v] for k, v in t.roles.items()}


def test_label_lines_give_roles_and_time():
    ts = tasks_of(
        "I. ĐẢNG\n1. Xây dựng Đề án sắp xếp bộ máy.\n- Cơ quan chủ trì: Ban Tổ chức Tỉnh ủy và Sở Nội vụ;\n"
        "- Cơ quan phối hợp: Sở Tài chính;\n- Cơ quan thực hiện: Sở Y tế.\n- Cơ quan thẩm định: Sở Tư pháp;\n"
        "- Thời gian thực hiện: Hoàn thành Đề án trình Ban Thường vụ Tỉnh ủy phê duyệt trong quý II/2018.\n")
    t = ts["I.1"]
    assert roles(t) == {"lead": ["Ban Tổ chức Tỉnh ủy", "Sở Nội vụ"], "coordinating": ["Sở Tài chính"],
                        "implementing": ["Sở Y tế"], "appraising": ["Sở Tư pháp"],
                        "deciding": ["Ban Thường vụ Tỉnh ủy"]}
    assert t.time.due == "2018-Q2"
    assert t.text == "Xây dựng Đề án sắp xếp bộ máy."


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Trách nhiệm thực hiện: Các cơ quan, đơn vị.", {"lead": ["Các cơ quan, đơn vị"]}),
        ("Trách nhiệm thực hiện: Sở Nội vụ; Sở Tài chính.", {"implementing": ["Sở Nội vụ", "Sở Tài chính"]}),
        ("Cơ quan chủ trì khảo sát, hướng dẫn: Sở Nội vụ;", {"lead": ["Sở Nội vụ"]}),
        ("Cơ quan có thẩm quyền cho ý kiến: Thường trực Tỉnh ủy", {"commenting": ["Thường trực Tỉnh ủy"]}),
        ("Cơ quan có thẩm quyền quyết định: UBND tỉnh", {"deciding": ["Ủy ban nhân dân tỉnh"]}),
    ],
)
def test_label_shapes(label, role):
    for marker in ("- ", "+ ", ""):
        t = tasks_of(f"1. Rà soát các quy định hiện hành.\n{marker}{label}\n")["1"]
        assert roles(t) == role, marker


@pytest.mark.parametrize(
    "item",
    [
        "1. Kiện toàn bộ máy.\nChủ trì: Sở Nội vụ; phối hợp: Sở Tài chính, Sở KH&ĐT. Thời hạn: tháng 12/2019.\n",
        "1. Kiện toàn bộ máy.\n- Cơ quan chủ trì: Sở Nội vụ. Cơ quan phối hợp: Sở Tài chính; Sở KH&ĐT; "
        "thời gian hoàn thành: tháng 12/2019.\n",
        "1. Kiện toàn bộ máy.\n- *Cơ quan chủ trì*: Sở Nội vụ\n- **Cơ quan phối hợp:** Sở Tài chính và Sở KH&ĐT\n"
        "- *Thời gian thực hiện:* tháng 12/2019\n",
    ],
)
def test_several_labels_on_one_line_and_emphasised_labels(item):
    t = tasks_of(item)["1"]
    assert roles(t) == {"lead": ["Sở Nội vụ"], "coordinating": ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"]}
    assert t.time.due == "2019-12"


def test_label_keys_with_tone_marks_lost_to_ocr():
    t = tasks_of("1. Rà soát các thôn.\n- Cơ quan chủ tri: Sở Nội vụ;\n- Co quan phoi hop: Sở Y tế;\n"
                 "- Thoi gian thực hiện: Quý II/2019.\n")["1"]
    assert roles(t) == {"lead": ["Sở Nội vụ"], "coordinating": ["Sở Y tế"]} and t.time.due == "2019-Q2"


def test_inline_lead_and_partners():
    r = inline_roles("Sở Văn hóa chủ trì, phối hợp với Ban Dân vận Tỉnh ủy, Sở Nội vụ và các cơ quan liên quan "
                     "tổ chức tuyên truyền.")
    assert {k: [a.name for a in v] for k, v in r.items()} == {
        "lead": ["Sở Văn hóa"], "coordinating": ["Ban Dân vận Tỉnh ủy", "Sở Nội vụ", "Các cơ quan liên quan"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ban Dân vận Tỉnh ủy xây dựng kế hoạch tuyên truyền.", {"lead": ["Ban Dân vận Tỉnh ủy"]}),
        ("Các huyện ủy, thị ủy tiếp tục chỉ đạo thực hiện.", {"implementing": ["Các huyện ủy, thị ủy"]}),
        ("Đảng đoàn Hội đồng nhân dân tỉnh, Ban cán sự đảng UBND tỉnh lãnh đạo việc ban hành chính sách.",
         {"implementing": ["Đảng đoàn Hội đồng nhân dân tỉnh", "Ban cán sự đảng Ủy ban nhân dân tỉnh"]}),
        ("Căn cứ Kế hoạch này, các sở, ban, ngành khẩn trương triển khai.",
         {"implementing": ["Các sở, ban, ngành"]}),
        ("Trên cơ sở quy định khung của Trung ương về số lượng, cấp phó của các cơ quan này, Tỉnh ủy lãnh đạo "
         "việc sắp xếp.", {"lead": ["Tỉnh ủy"]}),
        ("Giao Ban Tổ chức Tỉnh ủy giúp Ban Thường vụ Tỉnh ủy theo dõi, đôn đốc.", {"lead": ["Ban Tổ chức Tỉnh ủy"]}),
        ("Lập dự toán kinh phí gửi Sở Tài chính thẩm định, trình Ủy ban nhân dân tỉnh theo quy định.",
         {"appraising": ["Sở Tài chính"], "deciding": ["Ủy ban nhân dân tỉnh"]}),
        ("Dự thảo Kế hoạch báo cáo Ban Thường vụ Tỉnh ủy cho ý kiến trong tháng 4/2018.",
         {"commenting": ["Ban Thường vụ Tỉnh ủy"]}),
        ("Rà soát, đề xuất Ban Thường vụ Tỉnh ủy sắp xếp lại các ban chỉ đạo.",
         {"deciding": ["Ban Thường vụ Tỉnh ủy"]}),
        ("Báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện.", {}),
        ("Rà soát các thôn (Sở Nội vụ chủ trì; hoàn thành trong năm 2019).", {"lead": ["Sở Nội vụ"]}),
        ("Dự thảo Quy định, xin ý kiến Thường trực Tỉnh ủy trước khi trình UBND tỉnh thông qua.",
         {"commenting": ["Thường trực Tỉnh ủy"], "deciding": ["Ủy ban nhân dân tỉnh"]}),
        ("Lấy ý kiến của Ban Tổ chức Tỉnh ủy về dự thảo.", {"commenting": ["Ban Tổ chức Tỉnh ủy"]}),
        ("Dự thảo Đề án, báo cáo Thường trực Tỉnh ủy, Ban Thường vụ Tỉnh ủy cho ý kiến.",
         {"commenting": ["Thường trực Tỉnh ủy", "Ban Thường vụ Tỉnh ủy"]}),
        ("Hoàn thiện Đề án, trình Thường trực HĐND tỉnh và UBND tỉnh xem xét, quyết định.",
         {"deciding": ["Thường trực Hội đồng nhân dân tỉnh", "Ủy ban nhân dân tỉnh"]}),
        ("Trình UBND tỉnh phê duyệt, đồng thời gửi Sở Tài chính.", {"deciding": ["Ủy ban nhân dân tỉnh"]}),
        ("Đề xuất ban hành Quy định và thực hiện sắp xếp.", {}),
        ("Xây dựng phương án, do Sở Tư pháp thẩm định trước khi ban hành.", {"appraising": ["Sở Tư pháp"]}),
        ("Hoàn thiện hồ sơ sau khi có ý kiến thẩm định của Sở Nội vụ.", {"appraising": ["Sở Nội vụ"]}),
        ("Đề nghị Ban Thường vụ Tỉnh ủy xem xét, quyết định.", {"deciding": ["Ban Thường vụ Tỉnh ủy"]}),
        ("Đề nghị Ủy ban MTTQ tỉnh tuyên truyền sâu rộng.", {"lead": ["Ủy ban Mặt trận Tổ quốc tỉnh"]}),
        ("Đề nghị Ủy ban MTTQ tỉnh, các tổ chức chính trị - xã hội tỉnh phối hợp tuyên truyền.",
         {"implementing": ["Ủy ban Mặt trận Tổ quốc tỉnh", "Các tổ chức chính trị - xã hội tỉnh"]}),
        ("UBND tỉnh giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính thực hiện.",
         {"lead": ["Sở Nội vụ"], "coordinating": ["Sở Tài chính"]}),
        ("Các sở, ngành phối hợp chặt chẽ với Sở Nội vụ trong việc rà soát.",
         {"implementing": ["Các sở, ngành"], "coordinating": ["Sở Nội vụ"]}),
        # verbs inside names are capitalised and end no name
        ("Sở Xây dựng chủ trì rà soát các quy hoạch.", {"lead": ["Sở Xây dựng"]}),
        ("Ủy ban Kiểm tra Tỉnh ủy chủ trì, phối hợp với Ban Chỉ đạo tỉnh kiểm tra.",
         {"lead": ["Ủy ban Kiểm tra Tỉnh ủy"], "coordinating": ["Ban Chỉ đạo tỉnh"]}),
        # a passive names what is acted on, not who acts; common nouns that open like a body
        ("Cơ quan chuyên môn thuộc UBND huyện được sắp xếp lại.", {}),
        ("Bộ máy các cơ quan tiếp tục được kiện toàn.", {}),
        ("Hội nghị cán bộ chủ chốt được tổ chức để quán triệt.", {}),
        ("Ban hành quy định về tiêu chuẩn chức danh.", {}),
        ("Sở, ban, ngành, địa phương chủ động rà soát.", {"implementing": ["Sở, ban, ngành, địa phương"]}),
        ("Cấp ủy, chính quyền các cấp tăng cường lãnh đạo.", {"implementing": ["Cấp ủy, chính quyền các cấp"]}),
        ("Hợp nhất hai trung tâm (UBND huyện chủ trì, Phòng Nội vụ và Phòng Văn hóa và Thông tin phối hợp; "
         "hoàn thành trước 31/12/2019).",
         {"lead": ["Ủy ban nhân dân huyện"], "coordinating": ["Phòng Nội vụ", "Phòng Văn hóa và Thông tin"]}),
        ("Rà soát các thôn (chủ trì: Sở Nội vụ; phối hợp: UBND huyện, thị xã).",
         {"lead": ["Sở Nội vụ"], "coordinating": ["Ủy ban nhân dân huyện, thị xã"]}),
    ],
)
def test_sentence_shapes(text, expected):
    assert {k: [a.name for a in v] for k, v in inline_roles(text).items()} == expected


def test_section_header_naming_one_body_leads_its_bullets():
    ts = tasks_of("3. Nhiệm vụ cụ thể\n3.1. Sở Nội vụ\n- Tham mưu xây dựng kế hoạch.\n- Hướng dẫn rà soát các thôn "
                  "(hoàn thành trong năm 2018).\n3.2. Sở Tài chính: Tham mưu bố trí kinh phí.\n"
                  "4. Sở Văn hóa, Báo Hà Giang:\nĐẩy mạnh tuyên truyền thường xuyên.\n")
    assert sorted(ts) == ["3.1-1", "3.1-2", "3.2", "4"]
    assert roles(ts["3.1-1"]) == {"lead": ["Sở Nội vụ"]}
    assert ts["3.1-2"].time.due == "2018"
    assert roles(ts["3.2"]) == {"lead": ["Sở Tài chính"]} and ts["3.2"].text == "Tham mưu bố trí kinh phí."
    assert roles(ts["4"]) == {"implementing": ["Sở Văn hóa", "Báo Hà Giang"]}
    assert ts["4"].time.recurrence == "ongoing"


@pytest.mark.parametrize(
    "item",
    [
        "1. Xây dựng Đề án sắp xếp các phòng. Cơ quan chủ trì: Sở Nội vụ; cơ quan phối hợp: Sở Tài chính. "
        "Thời gian: Quý II/2019.\n",
        "1. Xây dựng Đề án sắp xếp các phòng - Chủ trì: Sở Nội vụ - Phối hợp: Sở Tài chính - Thời hạn: Quý II/2019\n",
        "1. Xây dựng Đề án sắp xếp các phòng\n- Chủ trì: Sở Nội vụ\n- Phối hợp: Sở Tài chính\n"
        "- Thẩm định: Sở Tư pháp\n- Thời gian: Quý II/2019\n",
    ],
)
def test_labels_run_into_the_item_line(item):
    t = tasks_of(item)["1"]
    r = roles(t)
    r.pop("appraising", None)
    assert r == {"lead": ["Sở Nội vụ"], "coordinating": ["Sở Tài chính"]}
    assert t.time.due == "2019-Q2"


def test_a_sentence_ending_in_a_colon_is_no_label():
    t = tasks_of("1. Sở Nội vụ rà soát các phòng. Thực hiện các nội dung sau: lập danh sách, báo cáo.\n")["1"]
    assert roles(t) == {"lead": ["Sở Nội vụ"]}


def test_an_item_introducing_its_own_list_gives_its_doer_to_the_list():
    ts = tasks_of("III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan thực hiện các "
                  "nhiệm vụ sau:\n- Tham mưu ban hành quy định.\n2. Sở Tài chính có trách nhiệm:\na) Bố trí kinh phí.\n"
                  "3. Đề nghị Ủy ban MTTQ tỉnh và các tổ chức chính trị - xã hội tỉnh:\n- Tuyên truyền, vận động.\n"
                  "4. Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy thực hiện tốt những việc sau:\n"
                  "- Quán triệt Nghị quyết.\n")
    assert sorted(ts) == ["III.1-1", "III.2.a", "III.3-1", "III.4-1"]
    assert roles(ts["III.1-1"]) == {"lead": ["Sở Nội vụ"], "coordinating": ["Các cơ quan liên quan"]}
    assert roles(ts["III.2.a"]) == {"lead": ["Sở Tài chính"]}
    assert roles(ts["III.3-1"]) == {"implementing": ["Ủy ban Mặt trận Tổ quốc tỉnh",
                                                     "Các tổ chức chính trị - xã hội tỉnh"]}
    assert roles(ts["III.4-1"]) == {}


def test_a_line_broken_off_on_a_dangling_word_is_one_item_with_its_paragraph():
    ts = tasks_of("II. NHIỆM VỤ\n1. Rà soát, sắp xếp các phòng chuyên môn thuộc\nUBND huyện theo hướng tinh gọn.\n"
                  "2. Công tác tuyên truyền\nĐẩy mạnh tuyên truyền về Nghị quyết.\n")
    assert ts["II.1"].text.startswith("Rà soát, sắp xếp") and roles(ts["II.1"]) == {}
    assert ts["II.2"].text == "Đẩy mạnh tuyên truyền về Nghị quyết."
    # a body's name on the item line, its verb on the next: a sentence, not a header over it
    t = tasks_of("III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\nchủ trì rà soát, sắp xếp các thôn.\n")["III.1"]
    assert t.text.startswith("Sở Nội vụ") and roles(t) == {"lead": ["Sở Nội vụ"]}


def test_principle_target_and_rationale_sections_are_no_tasks():
    ts = tasks_of("I. SỰ CẦN THIẾT\nNghị quyết đặt ra yêu cầu.\nII. NGUYÊN TẮC\n1. Bảo đảm sự lãnh đạo của Đảng.\n"
                  "III. CHỈ TIÊU\n1. Giảm 10% biên chế.\nIV. NHIỆM VỤ\n1. Rà soát các phòng.\n")
    assert list(ts) == ["IV.1"]


def test_a_framing_word_beside_the_work_keeps_the_section():
    ts = tasks_of("II. MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP\n1. Mục tiêu\nĐến năm 2021 giảm 10% biên chế.\n"
                  "2. Nhiệm vụ, giải pháp\na) Rà soát, sắp xếp các đơn vị sự nghiệp.\n")
    assert list(ts) == ["II.2.a"]


def test_a_time_clause_before_the_subject():
    t = tasks_of("1. Định kỳ 6 tháng, hằng năm, các cơ quan, đơn vị báo cáo kết quả về Sở Nội vụ.\n")["1"]
    assert roles(t) == {"implementing": ["Các cơ quan, đơn vị"]}
    assert t.time.recurrence == "semiannual"


def test_deciding_in_the_text_joins_the_labels():
    t = tasks_of("1. Hoàn thiện Đề án, trình HĐND huyện thông qua.\nĐơn vị chủ trì: UBND huyện.\n"
                 "Thời hạn hoàn thành: Trình UBND tỉnh trong tháng 6/2019.\n")["1"]
    assert roles(t) == {"lead": ["Ủy ban nhân dân huyện"],
                        "deciding": ["Ủy ban nhân dân tỉnh", "Hội đồng nhân dân huyện"]}


def test_header_prefixed_doi_voi_or_trach_nhiem_cua_names_the_lead():
    ts = tasks_of("III. TỔ CHỨC THỰC HIỆN\n1. Đối với Sở Tài chính\na) Bố trí kinh phí.\n"
                  "2. Trách nhiệm của UBND các huyện, thị xã:\n- Rà soát các thôn.\n")
    assert roles(ts["III.1.a"]) == {"lead": ["Sở Tài chính"]}
    assert roles(ts["III.2-1"]) == {"lead": ["Ủy ban nhân dân các huyện, thị xã"]}
    assert "III.1" not in ts and "III.2" not in ts
    # outside a section that assigns work, "Đối với X" is the topic, not who acts
    ts = tasks_of("II. NHIỆM VỤ\n2. Đối với Mặt trận Tổ quốc, các tổ chức chính trị - xã hội\n- Sắp xếp bộ máy.\n")
    assert roles(ts["II.2-1"]) == {}


def test_intro_sentence_gives_roles_to_the_items_below_and_is_no_task():
    ts = tasks_of("II. CHÍNH QUYỀN\nBan cán sự đảng UBND tỉnh chủ trì, phối hợp với các cơ quan liên quan thực hiện "
                  "các nhiệm vụ sau:\n1. Rà soát tiêu chí đơn vị hành chính.\nThời gian thực hiện: Tháng 6/2018.\n")
    assert list(ts) == ["II.1"]
    assert roles(ts["II.1"]) == {"lead": ["Ban cán sự đảng Ủy ban nhân dân tỉnh"],
                                 "coordinating": ["Các cơ quan liên quan"]}
    assert ts["II.1"].time.due == "2018-06"


def test_grouping_headings_framing_sections_and_heading_paragraphs():
    ts = tasks_of(
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Quán triệt sâu sắc Nghị quyết.\nII. NHIỆM VỤ\n"
        "Ban Thường vụ yêu cầu các cấp ủy thực hiện tốt những công việc sau đây:\n"
        "1. Công tác tuyên truyền\nTriển khai, quán triệt trong nội bộ.\n"
        "2. Lãnh đạo rà soát, sắp xếp tổ chức bộ máy\n2.1. Về Nghị quyết số 18\n- Không mở rộng thí điểm.\n"
        "3. Tập trung rà soát, sắp xếp các tổ chức. Kiên quyết giảm tổ chức trung gian.\n- Hợp nhất hai văn phòng.\n"
        "4. Kết quả thực hiện Chương trình này là cơ sở để đánh giá hằng năm.\n")
    assert list(ts) == ["II.1", "II.2.1-1", "II.3", "II.3-1"]
    assert ts["II.1"].text == "Triển khai, quán triệt trong nội bộ."
    assert not ts["II.1"].roles  # the section's intro names no 'chủ trì'


def test_heading_thuong_xuyen_gives_ongoing_unless_the_item_says_otherwise():
    ts = tasks_of("2.2. Nhiệm vụ thực hiện thường xuyên\n2.2.1. Đẩy mạnh phân cấp.\n"
                  "2.2.2. Hằng năm, tổng hợp báo cáo.\n")
    assert ts["2.2.1"].time.recurrence == "ongoing"
    assert ts["2.2.2"].time.recurrence == "annual"


def test_heading_naming_a_cadence_gives_it_to_its_items_but_a_year_does_not():
    ts = tasks_of("II. NHIỆM VỤ\n1. Nhiệm vụ thực hiện hằng năm\na) Rà soát biên chế.\nb) Định kỳ 6 tháng báo cáo.\n"
                  "2. Nhiệm vụ năm 2019\na) Sắp xếp thôn.\n")
    assert [(r, t.time.recurrence, t.time.due) for r, t in ts.items()] == [
        ("II.1.a", "annual", None), ("II.1.b", "semiannual", None), ("II.2.a", None, None)]


def test_label_at_bullet_level_after_the_last_bullet_times_the_item_too():
    ts = tasks_of("4. Xây dựng hai Đề án. Cụ thể:\n- Xây dựng Đề án Văn phòng.\n+ Cơ quan chủ trì: Văn phòng Tỉnh ủy;\n"
                  "- Rà soát các ban.\n+ Cơ quan chủ trì: Ban Tổ chức Tỉnh ủy;\n"
                  "- Thời gian thực hiện: Trình Ban Thường vụ Tỉnh ủy phê duyệt trong quý III/2018.\n")
    assert ts["4-2"].time.due == "2018-Q3" and ts["4"].time.due == "2018-Q3"
    assert roles(ts["4"]) == {"deciding": ["Ban Thường vụ Tỉnh ủy"]}
    assert ts["4-1"].time.due is None


TABLE = (
    "II. NỘI DUNG\n1. Sở Nội vụ\n- Hướng dẫn rà soát, xây dựng Đề án sáp nhập các thôn, tổ dân phố.\n"
    "Nơi nhận:\n- Lưu VT.\nPHỤ LỤC\n"
    "\tTT\n\tNội dung nhiệm vụ\n\tCơ quan chủ trì tham mưu\n\tCơ quan phối hợp\n\tCơ quan có thẩm quyền cho ý kiến\n"
    "\tCơ quan có thẩm quyền quyết định\n\tThời gian thực hiện\n\tThời gian hoàn thành\n\n"
    "\t1\n\t2\n\t3\n\t4\n\t5\n\t6\n\t7\n\t8\n\n"
    "\t1\n\tRà soát, xây dựng Đề án sáp nhập các thôn, tổ dân phố\n\tUBND huyện; Sở Nội vụ\n"
    "\tCác cơ quan liên quan\n\tThường trực Tỉnh ủy\n\tỦy ban TV Quốc hội quyết định\n\tTừ Quý II/2018\n"
    "\tTrong năm 2018\n\n"
    "\t2\n\tSơ kết việc thực hiện Nghị quyết\n\tCác cơ quan, đơn vị\n\t \n\t \n\t \n\tThực hiện hằng năm\n"
    "\tThực hiện hằng năm\n\n"
)


def test_appendix_columns_give_roles_and_time():
    ts = tasks_of(TABLE)
    r1 = ts["appendix.1"]
    assert roles(r1) == {"lead": ["Ủy ban nhân dân huyện", "Sở Nội vụ"], "coordinating": ["Các cơ quan liên quan"],
                         "commenting": ["Thường trực Tỉnh ủy"], "deciding": ["Ủy ban Thường vụ Quốc hội"]}
    assert (r1.time.start, r1.time.due) == ("2018-Q2", "2018")
    assert ts["appendix.2"].time.recurrence == "annual"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Công việc", "Trách nhiệm thực hiện", "Lộ trình"], {"lead": ["Sở Nội vụ"]}),
        (["Tên nhiệm vụ", "Đơn vị thực hiện", "Tiến độ"], {"implementing": ["Sở Nội vụ"]}),
        (["Nội dung công việc", "Cơ quan tham mưu", "Thời hạn"], {"lead": ["Sở Nội vụ"]}),
        (["Nhiệm vụ", "Cấp có thẩm quyền phê duyệt", "Thời gian"], {"deciding": ["Sở Nội vụ"]}),
    ],
)
def test_appendix_column_names(header, expected):
    text = "1. Rà soát.\nNơi nhận:\n- Lưu.\n\nSTT\n" + "\n".join(header) + "\n\n1\nRà soát các thôn\nSở Nội vụ\n" \
        "Quý II/2019\n"
    t = tasks_of(text)["appendix.1"]
    assert t.text == "Rà soát các thôn" and roles(t) == expected and t.time.due == "2019-Q2"


def test_appendix_row_restating_a_body_item_is_linked_both_ways():
    ts = tasks_of(TABLE)
    assert ts["appendix.1"].same_as == "II.1-1" and ts["II.1-1"].same_as == "appendix.1"
    assert ts["appendix.2"].same_as is None


def test_task_span_is_the_items_own_text():
    src = normalise(RawText(path="t.txt", name="t.txt", stem="t", sha256="", encoding="utf-8",
                            text="1. Rà soát quy định.\nvà đề xuất sửa đổi.\n- Cơ quan chủ trì: Sở Nội vụ.\n"))
    t = extract_tasks(src, parse_structure(src))[0]
    assert src.text[t.start:t.end] == "1. Rà soát quy định.\nvà đề xuất sửa đổi."


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_corpus_refs_are_block_refs(path):
    src = normalise(load(path))
    st = parse_structure(src)
    blocks = {b.ref for b in st.root.walk()}
    assert all(t.ref in blocks for t in extract_tasks(src, st))


def test_corpus_scores(tmp_path):
    """The sample corpus through structure → tasks, scored by the project's yardstick."""
    for path in sorted(CORPUS.glob("*.txt")):
        gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
        key = gold["documents"][0]["key"]
        src = normalise(load(path))
        recs = []
        for t in extract_tasks(src, parse_structure(src)):
            rec = {"doc": key, "ref": t.ref, "text": t.text[:300], "start": t.time.start, "due": t.time.due,
                   "recurrence": t.time.recurrence, "same_as": t.same_as}
            rec.update({r: [a.name for a in ags] for r, ags in t.roles.items()})
            recs.append(rec)
        (tmp_path / f"{path.stem}.json").write_text(json.dumps({"documents": [{"key": key}], "tasks": recs}),
                                                    encoding="utf-8")
    out = subprocess.run([sys.executable, str(DATA / "eval" / "score.py"), str(GOLD), str(tmp_path), "--json"],
                         capture_output=True, text=True, check=True).stdout
    res = json.loads(out[: out.rindex("}") + 1])
    assert res["tasks"]["f1"] >= 0.90
    assert res["task_roles"]["f1"] >= 0.85
    assert res["task_due"]["acc"] >= 0.85


def test_mention_and_time_offsets_point_into_the_source():
    text = ("II. NỘI DUNG\n2. Các sở, ban, ngành tỉnh; Ban Thường vụ các huyện ủy căn cứ Kế hoạch xây dựng kế hoạch.\n"
            "- Cơ quan chủ trì: Sở Nội vụ;\n3. Sở Y tế chủ trì, phối hợp với UBND huyện rà soát\n\n"
            "các trạm y tế trong quý II/2019.\n")
    src = normalise(RawText(path="t.txt", name="t.txt", stem="t", sha256="", encoding="utf-8", text=text))
    ts = {t.ref: t for t in extract_tasks(src, parse_structure(src))}
    lead = ts["II.2"].roles["lead"][0]
    assert src.text[lead.start:lead.end] == "Sở Nội vụ"
    impl = ts["II.2"].roles["implementing"]
    assert [src.text[a.start:a.end] for a in impl] == ["Các sở, ban, ngành tỉnh", "Ban Thường vụ các huyện ủy"]
    t3 = ts["II.3"]
    assert [src.text[a.start:a.end] for a in t3.roles["coordinating"]] == ["UBND huyện"]
    assert src.text[t3.time.start_offset:t3.time.end_offset] == t3.time.phrase and t3.time.due == "2019-Q2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the body that leads directly, named after the whole that leads
        ("Các cấp ủy lãnh đạo việc sắp xếp, trực tiếp là Ban Thường vụ Huyện ủy.",
         {"implementing": ["Các cấp ủy"], "lead": ["Ban Thường vụ Huyện ủy"]}),
        # a matter sent up: the verb after the body names its role, whatever sends it
        ("Xây dựng quy chế, do Ủy ban nhân dân tỉnh quyết định.", {"deciding": ["Ủy ban nhân dân tỉnh"]}),
        ("Dự thảo quy định gửi Sở Tư pháp thẩm định.", {"appraising": ["Sở Tư pháp"]}),
        ("Hoàn thiện hồ sơ, trình Bộ Khoa học và Công nghệ ban hành.", {"deciding": ["Bộ Khoa học và Công nghệ"]}),
        ("Gửi Sở Nội vụ để tổng hợp.", {}),
        # an office acts as written; bodies the lexicon knows open a subject
        ("Chủ tịch UBND tỉnh chỉ đạo việc sắp xếp.", {"lead": ["Chủ tịch Ủy ban nhân dân tỉnh"]}),
        ("Kho bạc Nhà nước tỉnh chủ trì kiểm soát chi.", {"lead": ["Kho bạc Nhà nước tỉnh"]}),
        ("Thủ trưởng các sở, ban, ngành chịu trách nhiệm thực hiện.", {"implementing": ["Các sở, ban, ngành"]}),
        # a common noun that opens like a head is no subject
        ("Trường hợp chưa hoàn thành phải báo cáo.", {}),
    ],
)
def test_generalised_shapes(text, expected):
    assert {k: [a.name for a in v] for k, v in inline_roles(text).items()} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # several bodies each acting in their own sentence share the duty: none of them leads
        ("Bộ Công Thương rà soát quy hoạch. Ủy ban nhân dân tỉnh bố trí quỹ đất.",
         {"implementing": ["Bộ Công Thương", "Ủy ban nhân dân tỉnh"]}),
        ("Sở Y tế rà soát các trạm. Sở Y tế báo cáo kết quả.", {"lead": ["Sở Y tế"]}),
        ("Sở Nội vụ chủ trì rà soát. Sở Tài chính bố trí kinh phí.",
         {"lead": ["Sở Nội vụ"], "implementing": ["Sở Tài chính"]}),
        # a topic before a colon, then the subject or the assignment
        ("Về dự án nạo vét luồng tàu: Bộ Xây dựng khẩn trương rà soát, bàn giao dự án.", {"lead": ["Bộ Xây dựng"]}),
        ("Về chế độ báo cáo: giao Bộ Nội vụ chủ trì, phối hợp với Bộ Tài chính nghiên cứu.",
         {"lead": ["Bộ Nội vụ"], "coordinating": ["Bộ Tài chính"]}),
        # the competent level decides when a verb of deciding follows
        ("Tổng hợp, báo cáo cấp có thẩm quyền xem xét, quyết định.", {"deciding": ["Cấp có thẩm quyền"]}),
        ("Tổng hợp, báo cáo cấp có thẩm quyền.", {}),
        # "tham mưu X ban hành": X decides; "tham mưu X tổ chức" gives X no role
        ("Sở Nội vụ tham mưu UBND tỉnh ban hành quy chế.",
         {"lead": ["Sở Nội vụ"], "deciding": ["Ủy ban nhân dân tỉnh"]}),
        ("Tham mưu Ủy ban nhân dân thành phố tổ chức thực hiện kế hoạch.", {}),
        # the bodies asked do the work
        ("Yêu cầu các sở, ngành khẩn trương rà soát.", {"implementing": ["Các sở, ngành"]}),
        ("Đề nghị các Tập đoàn: Điện lực Việt Nam, Bưu chính Viễn thông Việt Nam triển khai thực hiện.",
         {"implementing": ["Tập đoàn Điện lực Việt Nam", "Tập đoàn Bưu chính Viễn thông Việt Nam"]}),
    ],
)
def test_shared_duties_topics_and_deciding(text, expected):
    assert {k: [a.name for a in v] for k, v in inline_roles(text).items()} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Giao X: …" names X before a colon; the bodies X directs are named after it
        ("Giao Sở Y tế: Hướng dẫn các trạm y tế rà soát.", {"lead": ["Sở Y tế"]}),
        # several bodies given one duty share it; one body given it leads
        ("Giao Sở Nội vụ, Sở Tài chính và các sở, ngành rà soát.",
         {"implementing": ["Sở Nội vụ", "Sở Tài chính", "Các sở, ngành"]}),
        # the bodies asked, wherever the request stands in the sentence
        ("Theo đó, Kế hoạch yêu cầu các huyện ủy khẩn trương rà soát.", {"implementing": ["Các huyện ủy"]}),
        ("Ủy ban nhân dân tỉnh đề nghị Sở Tư pháp phối hợp thẩm định.", {"lead": ["Sở Tư pháp"]}),
        # asking a body to decide sends the matter up
        ("Ủy ban nhân dân tỉnh đề nghị Bộ Nội vụ xem xét, quyết định.", {"lead": ["Ủy ban nhân dân tỉnh"],
                                                                          "deciding": ["Bộ Nội vụ"]}),
    ],
)
def test_lead_ins_and_requests(text, expected):
    assert {k: [a.name for a in v] for k, v in inline_roles(text).items()} == expected


def test_funding_sections_keep_only_work_with_a_doer():
    ts = tasks_of("III. KINH PHÍ THỰC HIỆN\n1. Kinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách nhà nước.\n"
                  "2. Sở Tài chính chủ trì, phối hợp với các sở bố trí kinh phí.\n- Từ ngân sách tỉnh.\n"
                  "IV. TỔ CHỨC THỰC HIỆN\n1. Rà soát các thôn.\n")
    assert sorted(ts) == ["III.2", "IV.1"]
    assert roles(ts["III.2"]) == {"lead": ["Sở Tài chính"], "coordinating": ["Các sở"]}


def test_campaign_theme_targets_and_criteria_are_no_tasks():
    ts = tasks_of("II. NỘI DUNG\n1. Chủ đề thi đua\n- Lập thành tích chào mừng Đại hội.\n"
                  "2. Đối tượng: Các sở, ban, ngành, Ủy ban Mặt trận Tổ quốc và các tổ chức đoàn thể tỉnh, doanh "
                  "nghiệp trên địa bàn tỉnh.\n3. Tiêu chí thi đua\na) Hoàn thành vượt mức các chỉ tiêu.\n"
                  "4. Tổ chức tuyên truyền về Đại hội.\n")
    assert list(ts) == ["II.4"]


@pytest.mark.parametrize(
    ("intro", "expected"),
    [
        ("Đề nghị Thường trực Tỉnh ủy tập trung lãnh đạo thực hiện các nội dung trọng tâm sau:",
         {"lead": ["Thường trực Tỉnh ủy"]}),
        ("Sở Y tế có trách nhiệm thực hiện các nhiệm vụ sau:", {"lead": ["Sở Y tế"]}),
        # the issuer setting out the plan, or reminding everyone, names no doer of the items
        ("Ban Thường vụ Tỉnh ủy đề ra Kế hoạch chỉ đạo thực hiện như sau:", {}),
        ("Ban Thường vụ yêu cầu các cấp ủy thực hiện tốt những việc sau:", {}),
    ],
)
def test_a_lead_in_paragraph_gives_its_doer_to_the_items_below(intro, expected):
    ts = tasks_of(f"II. NHIỆM VỤ\n{intro}\n1. Rà soát các thôn.\n2. Báo cáo kết quả.\n")
    assert roles(ts["II.1"]) == expected and roles(ts["II.2"]) == expected


def test_titles_that_name_the_doer_of_the_items_below():
    ts = tasks_of("IV. TỔ CHỨC THỰC HIỆN\n1. Các đơn vị cấp nước sạch trên địa bàn có trách nhiệm\n"
                  "a) Mở rộng mạng lưới cấp nước.\n"
                  "2. Giám đốc Sở, Thủ trưởng cơ quan, ban, ngành\na) Tuyên truyền quy định.\n"
                  "3. Các cơ quan, đơn vị, địa phương căn cứ chức năng, nhiệm vụ xây dựng kế hoạch thực hiện.\n"
                  "- Giới thiệu điển hình tiên tiến.\n"
                  "4. Phòng chống bệnh đường ruột\n- Tăng cường truyền thông vệ sinh ăn uống.\n")
    assert roles(ts["IV.1.a"]) == {"lead": ["Các đơn vị cấp nước sạch trên địa bàn"]}
    assert roles(ts["IV.2.a"]) == {"lead": ["Các sở, cơ quan, ban, ngành"]}
    assert roles(ts["IV.3"]) == roles(ts["IV.3-1"]) == {"implementing": ["Các cơ quan, đơn vị, địa phương"]}
    assert roles(ts["IV.4-1"]) == {}  # 'Phòng chống' is prevention, no office


def test_a_class_of_bodies_before_a_comma_is_no_verb():
    ts = tasks_of("V. TỔ CHỨC THỰC HIỆN\n1. Các doanh nghiệp, tổ chức, cá nhân có liên quan\n- Tuân thủ quy định.\n")
    assert roles(ts["V.1-1"]) == {"lead": ["Các doanh nghiệp, tổ chức, cá nhân có liên quan"]}


PAGE = (
    "Thay mặt Bộ Chính trị, đồng chí Thường trực Ban Bí thư đã ký Kết luận về sắp xếp bộ máy.\n\n"
    "Giao Đảng ủy Chính phủ: Chỉ đạo các bộ khẩn trương hoàn thiện Đề án.\n\n"
    "Lãnh đạo rà soát, đánh giá các tổ chức đảng trong các tập đoàn.\n\n"
    "Chủ trì, phối hợp với Ban Tổ chức Trung ương nghiên cứu phương án sắp xếp cấp xã;\n\n"
    "Đề xuất sửa đổi các quy định có liên quan, báo cáo Bộ Chính trị trong quý III/2025.\n\n"
    "Quá trình sắp xếp phải làm tốt công tác chính trị, tư tưởng.\n\n"
    "Bộ Nội vụ đã thẩm định 23 hồ sơ đề án.\n\n"
    "Ủy ban nhân dân 23 tỉnh xây dựng 126 phương án sắp xếp.\n"
)


def test_unnumbered_paragraphs_that_assign_work():
    ts = tasks_of(PAGE)
    # a report of what was signed or done, and news of what a body does, are no tasks
    assert sorted(ts) == ["para.2", "para.3", "para.4", "para.5", "para.6"]
    # a paragraph with no subject works for the doer named last
    assert roles(ts["para.2"]) == roles(ts["para.3"]) == {"lead": ["Đảng ủy Chính phủ"]}
    # a ';' run shares its partners and the deadline at its end
    assert roles(ts["para.5"]) == {"lead": ["Đảng ủy Chính phủ"], "coordinating": ["Ban Tổ chức Trung ương"]}
    assert ts["para.4"].time.due == ts["para.5"].time.due == "2025-Q3"
    # a requirement whose subject is no body: a task with no doer, and the doer named before ends
    assert roles(ts["para.6"]) == {}


def test_one_body_made_responsible_by_a_label_leads_unless_another_is_named_to():
    t = tasks_of("1. Biên soạn tài liệu.\n- Cơ quan thực hiện: Bộ Công an.\n- Thời gian thực hiện: năm 2025.\n")["1"]
    assert roles(t) == {"lead": ["Bộ Công an"]}
    t = tasks_of("1. Biên soạn tài liệu.\n- Cơ quan chủ trì: Bộ Tư pháp.\n- Cơ quan thực hiện: Bộ Công an.\n")["1"]
    assert roles(t) == {"lead": ["Bộ Tư pháp"], "implementing": ["Bộ Công an"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chủ trì, phối hợp với Ban Tổ chức Trung ương, các cấp ủy, tổ chức đảng có liên quan nghiên cứu.",
         {"coordinating": ["Ban Tổ chức Trung ương", "Các cấp ủy, tổ chức đảng có liên quan"]}),
        ("Giao Bộ Công an chủ trì, phối hợp với các cơ quan liên quan và các tỉnh ủy, thành ủy triển khai.",
         {"lead": ["Bộ Công an"], "coordinating": ["Các cơ quan liên quan", "Các tỉnh ủy, thành ủy"]}),
        ("Bộ Tài chính, Bộ Công Thương theo chức năng, nhiệm vụ và thẩm quyền rà soát các quy định.",
         {"implementing": ["Bộ Tài chính", "Bộ Công Thương"]}),
    ],
)
def test_collectives_and_qualifiers_in_partner_lists(text, expected):
    assert {k: [a.name for a in v] for k, v in inline_roles(text).items()} == expected


def test_a_lead_in_whose_subject_follows_fronted_clauses():
    ts = tasks_of("2. Về nhiệm vụ trọng tâm\nQuán triệt ý kiến chỉ đạo của Ban Bí thư; căn cứ vào phương hướng đã nêu, "
                  "Văn phòng Trung ương Đảng và các văn phòng tỉnh ủy, thành ủy cụ thể hóa để tổ chức thực hiện, "
                  "trong đó cần tập trung các nhiệm vụ sau:\n2.1. Nâng cao chất lượng tham mưu.\n")
    assert roles(ts["2.1"]) == {"implementing": ["Văn phòng Trung ương Đảng", "Các văn phòng tỉnh ủy, thành ủy"]}


def test_a_label_value_that_goes_on_into_the_work_names_the_bodies_before_the_verb():
    t = tasks_of("4. Rà soát văn bản quy phạm pháp luật.\n- Cơ quan thực hiện: Bộ Công an tiến hành rà soát các "
                 "văn bản quy phạm pháp luật có liên quan đến Luật thuộc thẩm quyền quản lý nhà nước; các bộ, cơ quan "
                 "ngang bộ rà soát các văn bản quy phạm pháp luật có liên quan thuộc phạm vi, lĩnh vực, địa bàn "
                 "quản lý được phân công.\n5. Sắp xếp các đơn vị.\n"
                 "- Cơ quan thực hiện: Các cơ quan, đơn vị quản lý đơn vị sự nghiệp công lập.\n")
    assert roles(t["4"]) == {"implementing": ["Bộ Công an", "Các bộ", "Các cơ quan ngang bộ"]}
    assert roles(t["5"]) == {"lead": ["Các cơ quan, đơn vị quản lý đơn vị sự nghiệp công lập"]}


def test_a_ref_printed_twice_gives_two_tasks_each_its_own_ref_and_iri():
    """Two appendix tables numbered from 1, and items d) and đ): every task keeps an identity of its own."""
    from tinhgon.graph import iris

    text = (
        "KẾ HOẠCH\n\nI. NHIỆM VỤ\n\n1. Sở Nội vụ chủ trì rà soát các cơ quan chuyên môn.\n\n"
        "d) Sở Tài chính bố trí kinh phí thực hiện kế hoạch.\n\nđ) Sở Tư pháp thẩm định các văn bản.\n\n"
        "PHỤ LỤC\n\n| STT | Nhiệm vụ | Cơ quan chủ trì |\n|---|---|---|\n| 1 | Rà soát quy chế làm việc | Sở Nội vụ |\n"
        "| 2 | Bố trí kinh phí | Sở Tài chính |\n| 1 | Xây dựng cơ sở dữ liệu | Sở Khoa học và Công nghệ |\n"
    )
    src = normalise(RawText(path="p.txt", name="p.txt", stem="p", sha256="", encoding="utf-8", text=text))
    refs = [t.ref for t in extract_tasks(src, parse_structure(src))]
    assert "appendix.1" in refs and "appendix.1~2" in refs
    assert len(refs) == len(set(refs)), refs
    assert len({iris.task("p", r) for r in refs}) == len(refs)


def test_a_heading_period_times_the_items_below_that_state_none():
    """"II. NHIỆM VỤ … TỪ NAY ĐẾN THÁNG 6/2027": items without a time of their own take the heading's
    period; an item's own deadline wins."""
    text = (
        "KẾ HOẠCH\n\nII. NHIỆM VỤ TRỌNG TÂM TỪ NAY ĐẾN THÁNG 6/2027\n\n"
        "1. Sở Nội vụ chủ trì rà soát chức năng, nhiệm vụ của các cơ quan chuyên môn.\n\n"
        "2. Sở Tài chính bố trí kinh phí thực hiện, hoàn thành trước ngày 15/12/2025.\n\n"
        "III. TỔ CHỨC THỰC HIỆN\n\n1. Các sở, ban, ngành báo cáo kết quả thực hiện kế hoạch.\n"
    )
    src = normalise(RawText(path="p.txt", name="p.txt", stem="p", sha256="", encoding="utf-8", text=text))
    got = {t.ref: t.time.due for t in extract_tasks(src, parse_structure(src))}
    assert got["II.1"] == "2027-06"
    assert got["II.2"] == "2025-12-15"
    assert got["III.1"] is None


def test_a_title_printed_over_two_lines_names_the_bodies_of_its_points() -> None:
    text = ("III. TỔ CHỨC THỰC HIỆN\n"
            "1. Sở Nội vụ chủ trì tổng hợp kết quả thực hiện.\n"
            "2. Đề nghị: Hội Cựu chiến binh\n"
            "huyện, Hội Nông dân huyện, Huyện đoàn\n"
            "a) Tuyên truyền, vận động hội viên tham gia.\n"
            "b) Giới thiệu mô hình tiêu biểu ở cơ sở.\n")
    src = normalise(RawText("t.txt", "t.txt", "t", "", "utf-8", text))
    tasks = {t.ref: t for t in extract_tasks(src, parse_structure(src))}
    want = ["Hội Cựu chiến binh huyện", "Hội Nông dân huyện", "Huyện đoàn"]
    for ref in ("III.2.a", "III.2.b"):
        assert [a.name for a in tasks[ref].roles["implementing"]] == want
    for a in tasks["III.2.a"].roles["implementing"]:  # each name is placed on the words printed
        assert " ".join(src.text[a.start:a.end].split()) == a.name
