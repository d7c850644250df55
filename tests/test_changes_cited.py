"""Structural changes in the phrasings of real 2025 plans and resolutions: cited document titles,
documents still to be drafted, table rows, verbs joined to a cue, advising. Every input is written
for the test."""

from __future__ import annotations

from tinhgon.builders.changes import extract_changes, find_changes
from tinhgon.builders.model import Block, Structure

from .test_changes import _block, _src


def kinds(text: str) -> list[tuple[str, str]]:
    return [(c.kind, c.status) for c in find_changes(text, 0)]


# ---------------------------------------------------------------- the title of a cited, numbered document


def test_a_cited_numbered_resolution_title_is_no_change():
    assert kinds("Căn cứ Nghị quyết số 17/2025/QH15 ngày 02 tháng 3 năm 2025 của Quốc hội về việc sáp nhập "
                 "tỉnh Long Hà vào tỉnh Bình Sơn;") == []
    assert kinds("Nghị quyết số 41/2024/UBTVQH15 ngày 5 tháng 8 năm 2024 về việc sắp xếp đơn vị hành chính "
                 "cấp huyện, cấp xã hết hiệu lực.") == []
    assert kinds("Thực hiện Quyết định số 88/QĐ-UBND ngày 10/3/2025 về việc thành lập Trung tâm Dịch vụ "
                 "nông nghiệp huyện An Phú.") == []


def test_a_change_next_to_a_cited_number_is_still_read():
    # the number is cited as where the change was decided, and the change is stated after it
    got = find_changes("Theo Nghị quyết số 12/NQ-HĐND ngày 9/5/2025, hợp nhất Sở Kế hoạch với Sở Tài chính.", 0)
    assert [(c.kind, [m.name for m in c.inputs]) for c in got] == [("merge", ["Sở Kế hoạch", "Sở Tài chính"])]
    # a date is no document number: the title rule does not fire on "ngày 9/5/2025 về …"
    got = find_changes("Tờ trình ngày 9/5/2025 về việc giải thể Trung tâm Văn hóa huyện.", 0)
    assert [(c.kind, [m.name for m in c.inputs]) for c in got] == [("dissolve", ["Trung tâm Văn hóa huyện"])]


def test_a_document_still_to_be_drafted_is_a_proposed_change():
    c, = find_changes("Nghị quyết về việc giải thể Trung tâm Bồi dưỡng đại biểu dân cử.", 0)
    assert (c.kind, c.status, [m.name for m in c.inputs]) == \
        ("dissolve", "proposed", ["Trung tâm Bồi dưỡng đại biểu dân cử"])
    c, = find_changes("| 3 | Dự thảo Quyết định về việc thành lập Trung tâm Kiểm soát bệnh tật tỉnh | Sở Y tế |", 0)
    assert (c.kind, c.status, c.result.name) == ("establish", "proposed", "Trung tâm Kiểm soát bệnh tật tỉnh")
    # an order to carry a change out stays ordered
    assert kinds("Giải thể Trung tâm Bồi dưỡng đại biểu dân cử.") == [("dissolve", "ordered")]


# ---------------------------------------------------------------- table rows


def test_each_cell_of_a_row_is_read_alone():
    row = ("4 | Ban hành Quy chế phối hợp tìm kiếm cứu nạn | Sở Xây dựng | 2025 | "
           "5 | Thành lập bộ máy quản lý Quỹ Bảo trì đường bộ và ban hành quy chế hoạt động của Quỹ | Sở Tài chính |")
    c, = find_changes(row, 0)
    assert (c.kind, c.result.name) == ("establish", "Bộ máy quản lý Quỹ Bảo trì đường bộ")
    assert c.text.startswith("Thành lập bộ máy") and "|" not in c.text
    got = find_changes("2 | Giải thể Đội Kiểm tra liên ngành huyện | Ủy ban nhân dân huyện | Quý III |", 0)
    assert [m.name for c in got for m in c.inputs] == ["Đội Kiểm tra liên ngành huyện"]


def test_a_row_whose_header_was_misread_is_read_whole():
    """A page banner taken for the header row leaves the structure no work column: the row is read whole."""
    text = "PHỤ LỤC\n| 1 | Tổ chức lại Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã | Bộ Chỉ huy Quân sự tỉnh |\n"
    at = text.index("| 1 |")
    row = Block(kind="row", label="1", ref="appendix.1", text="", start=at, end=len(text) - 1,
                cells={"Bản quyền thuộc trang web, mọi nhiệm vụ sao chép đều bị cấm": "Bộ Chỉ huy Quân sự tỉnh"})
    head = Block(kind="heading", label="", ref="appendix", text="PHỤ LỤC", start=0, end=len(text), children=[row])
    row.parent = head
    root = Block("root", "", "", "", 0, len(text), children=[head])
    head.parent = root
    got = extract_changes(_src(text), Structure(root=root), [])
    assert [(c.kind, c.level, c.text) for c in got] == [
        ("reorganise", "province", "Tổ chức lại Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã"),
        ("reorganise", "commune", "Tổ chức lại Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã")]


# ---------------------------------------------------------------- a verb joined to the cue; advising


def test_a_verb_joined_to_the_cue_is_read_past():
    c, = find_changes("Thành lập, kiện toàn Hội đồng Giáo dục quốc phòng và an ninh tỉnh.", 0)
    assert (c.kind, c.result.name) == ("establish", "Hội đồng Giáo dục quốc phòng và an ninh tỉnh")
    c, = find_changes("Tổ chức lại và củng cố Trung tâm Dịch vụ việc làm tỉnh.", 0)
    assert (c.kind, [m.name for m in c.inputs]) == ("reorganise", ["Trung tâm Dịch vụ việc làm tỉnh"])


def test_advising_a_change_proposes_it():
    c, = find_changes("Sở Nội vụ tham mưu thành lập Ban Quản lý Khu kinh tế cửa khẩu tỉnh.", 0)
    assert (c.kind, c.status) == ("establish", "proposed")
    # an advisory office is a body, not the verb
    c, = find_changes("Hợp nhất Văn phòng Huyện ủy với Văn phòng Ủy ban nhân dân huyện thành cơ quan tham mưu, "
                      "giúp việc chung.", 0)
    assert c.status == "ordered"


# ---------------------------------------------------------------- mergers of places and of bodies as they stand


def test_places_sharing_their_unit_word_merge():
    c, = find_changes("Hợp nhất tỉnh Long Hà và Bình Sơn thành tỉnh Bình Sơn.", 0)
    assert (c.kind, c.level, [m.name for m in c.inputs]) == ("merge", "province", ["Tỉnh Long Hà", "Tỉnh Bình Sơn"])


def test_a_merger_named_as_a_thing_that_had_its_effect_is_completed():
    c, = find_changes("Sự hợp nhất tỉnh Long Hà và Bình Sơn (cũ) đã tạo động lực phát triển mới.", 0)
    assert (c.kind, c.status, [m.name for m in c.inputs]) == ("merge", "completed", ["Tỉnh Long Hà", "Tỉnh Bình Sơn"])


def test_a_cue_with_its_own_object_is_not_the_subjects_act():
    # "khi hợp nhất 3 chương trình": programmes merge, not the ministry that leads the sentence
    assert kinds("Bộ Tài chính chủ trì hoàn thiện hồ sơ Chương trình khi hợp nhất 3 chương trình mục tiêu "
                 "quốc gia.") == []
    c, = find_changes("Các hội cùng lĩnh vực khi hợp nhất giữ nguyên tên hội cấp tỉnh.", 0)
    assert c.kind == "merge"


def test_merging_bodies_as_they_stand_is_one_merger_per_body():
    got = find_changes("Thực hiện nhập nguyên trạng Văn phòng Hội đồng nhân dân và Ủy ban nhân dân cấp tỉnh, "
                       "Sở Tư pháp, Sở Y tế.", 0)
    assert [[m.name for m in c.inputs] for c in got] == [
        ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"], ["Sở Tư pháp"], ["Sở Y tế"]]
    assert all(c.kind == "merge" and c.level == "province" and c.text.startswith("Thực hiện nhập nguyên trạng")
               for c in got)
    # the units a commune was formed from are counted, not merged here
    assert kinds("Có 12 xã được hình thành từ việc nhập nguyên trạng từ 3 đơn vị hành chính cấp xã trở lên.") == []


def test_a_joint_office_of_an_elected_body_is_one_body():
    c, = find_changes("Hợp nhất Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh với Văn phòng Ủy ban "
                      "nhân dân tỉnh.", 0)
    assert [m.name for m in c.inputs] == ["Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
                                          "Văn phòng Ủy ban nhân dân tỉnh"]


def test_a_framing_section_gives_only_the_changes_it_states_as_done():
    text = ("I. ĐÁNH GIÁ CHUNG\nSự hợp nhất tỉnh Long Hà và Bình Sơn (cũ) đã tạo động lực mới.\n"
            "Cần hợp nhất Sở Kế hoạch với Sở Tài chính.\nII. NHIỆM VỤ\n1. Giải thể Trung tâm Văn hóa huyện.\n")


    def blk(t: str, kind: str, ref: str, children=()) -> Block:
        return _block(t, text, kind, ref, children)

    p1 = blk("Sự hợp nhất tỉnh Long Hà và Bình Sơn (cũ) đã tạo động lực mới.", "para", "I.para.1")
    p2 = blk("Cần hợp nhất Sở Kế hoạch với Sở Tài chính.", "para", "I.para.2")
    h1 = blk("I. ĐÁNH GIÁ CHUNG", "heading", "I", [p1, p2])
    h2 = blk("II. NHIỆM VỤ", "heading", "II", [blk("1. Giải thể Trung tâm Văn hóa huyện.", "item", "II.1")])
    root = Block("root", "", "", "", 0, len(text), children=[h1, h2])
    h1.parent = h2.parent = root
    got = extract_changes(_src(text), Structure(root=root), [])
    assert [(c.kind, c.status) for c in got] == [("merge", "completed"), ("dissolve", "ordered")]


# ---------------------------------------------------------------- "kiện toàn": only of a body named


def test_kien_toan_of_a_named_body_reorganises_it():
    c, = find_changes("Kiện toàn tổ chức bộ máy của Trung tâm Kiểm soát bệnh tật tỉnh.", 0)
    assert (c.kind, [m.name for m in c.inputs]) == ("reorganise", ["Trung tâm Kiểm soát bệnh tật tỉnh"])
    c, = find_changes("Sở Tài chính báo cáo Thủ tướng Chính phủ kiện toàn các Hội đồng quản lý quỹ.", 0)
    assert (c.kind, c.status, [m.name for m in c.inputs]) == ("reorganise", "proposed", ["Các Hội đồng quản lý quỹ"])


def test_kien_toan_of_no_body_or_of_a_steering_committee_is_no_change():
    assert kinds("Củng cố, kiện toàn và phát triển nguồn nhân lực y tế cơ sở.") == []
    assert kinds("Kiện toàn và hoàn thiện cơ chế phối hợp liên ngành.") == []
    assert kinds("Kiện toàn Ban Chỉ đạo công tác gia đình tỉnh, phân công nhiệm vụ cho các thành viên.") == []
    # party cells get new committees, not a new apparatus
    assert kinds("Các huyện ủy chỉ đạo kiện toàn chi bộ thôn, tổ dân phố ngay sau khi sáp nhập.") == []
    assert kinds("Kiện toàn các chi bộ và ban công tác mặt trận ở thôn mới.") == []
    assert kinds("Sắp xếp, kiện toàn tổ chức bộ máy bên trong của các cơ quan, đơn vị.") == []
    # "… của chính quyền địa phương cấp xã, các cơ quan thuộc …": the local government, not the owners of the
    # bodies after it (tests/test_changes_real.py: a restatement of its own change is kept once by the walk)
    got = find_changes("Tổ chức sắp xếp, kiện toàn tổ chức bộ máy của chính quyền địa phương cấp xã, các cơ quan, "
                       "tổ chức thuộc Hội đồng nhân dân, Ủy ban nhân dân cấp xã.", 0)
    assert [(c.kind, c.level, [m.name for m in c.inputs]) for c in got] == [
        ("reorganise", "commune", ["Chính quyền địa phương"])]


def test_the_subject_that_puts_its_own_apparatus_in_order_is_reorganised():
    c, = find_changes("Trung tâm Y tế huyện hoàn thành xong việc kiện toàn tổ chức bộ máy trước ngày 15 tháng 8.", 0)
    assert (c.kind, [m.name for m in c.inputs]) == ("reorganise", ["Trung tâm Y tế huyện"])
    # with an object of its own, the subject only carries the change out
    c, = find_changes("Sở Nội vụ hoàn thành việc sáp nhập xã An Bình vào xã Phú Lâm.", 0)
    assert [m.name for m in c.inputs] == ["Xã An Bình", "Xã Phú Lâm"]


def test_a_cue_that_reads_nothing_does_not_silence_the_others():
    # "lộ trình sắp xếp đơn vị hành chính" names no level: it reads no change, so the reorganisation stands
    c, = find_changes("Bộ Y tế có trách nhiệm sắp xếp, kiện toàn tổ chức bộ máy của Trung tâm Y tế cấp tỉnh bảo "
                      "đảm đồng bộ với lộ trình sắp xếp đơn vị hành chính.", 0)
    assert (c.kind, c.level) == ("reorganise", "province")


def test_a_title_in_capitals_names_a_topic():
    got = find_changes("KIỆN TOÀN TỔ CHỨC BỘ MÁY CỦA TRUNG TÂM Y TẾ HUYỆN\nKiện toàn tổ chức bộ máy của Trung tâm "
                       "Y tế huyện.", 0)
    assert [c.text for c in got] == ["Kiện toàn tổ chức bộ máy của Trung tâm Y tế huyện."]


def test_the_rules_a_body_laid_down_on_a_change_are_no_change():
    assert kinds("Việc bố trí trụ sở thực hiện theo quy định của Chính phủ về sắp xếp lại Trung tâm Văn hóa "
                 "tỉnh.") == []
    assert kinds("Sắp xếp lại Trung tâm Văn hóa tỉnh theo quy định của Chính phủ.") == [("reorganise", "ordered")]
