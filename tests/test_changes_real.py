"""Structural changes: phrasings of the real 2025 documents (the local government as a body, a rule on how
changes are made, a review that carries a change out, a section addressed to the communes' committees),
each pinned with sentences written for the test."""

from __future__ import annotations

from tinhgon.builders.changes import ChangeContext, extract_changes, find_changes, level_hint_of
from tinhgon.builders.model import Block, Structure

from .test_changes import _block, _src


def _read(text: str):
    return [(c.kind, c.level, c.status, [m.name for m in c.inputs], c.result.name if c.result else None)
            for c in find_changes(text, 0)]


def test_the_local_government_of_a_level_is_a_body_that_changes_or_receives():
    assert _read("Chính quyền địa phương ở đơn vị hành chính cấp xã mới hoàn thành xong việc kiện toàn tổ chức "
                 "bộ máy trước ngày 15 tháng 8.") == [
        ("reorganise", "commune", "ordered", ["Chính quyền địa phương"], None)]
    # the same change restated by a later item ("tổ chức sắp xếp, kiện toàn … của chính quyền địa phương") is kept once
    text = ("7. Chính quyền địa phương ở đơn vị hành chính cấp xã sau sắp xếp hoàn thành xong việc kiện toàn tổ chức "
            "bộ máy trước ngày 15 tháng 8 năm 2025.\n"
            "c) Tổ chức sắp xếp, kiện toàn tổ chức bộ máy của chính quyền địa phương cấp xã, các cơ quan, tổ chức "
            "thuộc Hội đồng nhân dân, Ủy ban nhân dân cấp xã.\n")
    root = Block("root", "", "", "", 0, len(text),
                 children=[_block(line, text, "item", line[:1]) for line in text.splitlines()])
    for b in root.children:
        b.parent = root
    got = extract_changes(_src(text), Structure(root=root), [])
    assert [(c.kind, c.level, c.text[:11]) for c in got] == [("reorganise", "commune", "Chính quyền")]
    got = _read("Chuyển giao các trường tiểu học công lập cho chính quyền địa phương cấp xã quản lý.")
    assert [(k, r) for k, _, _, _, r in got] == [("transfer", "Chính quyền địa phương")]


def test_a_list_item_owned_by_a_body_ends_the_list_its_owners_are_not_changed():
    got = _read("Kiện toàn tổ chức bộ máy của Trung tâm Văn hóa tỉnh, các cơ quan, tổ chức thuộc Hội đồng nhân "
                "dân, Ủy ban nhân dân cấp tỉnh.")
    assert [names for _, _, _, names, _ in got] == [["Trung tâm Văn hóa tỉnh"]]
    # a body named after the owned one in another list is still read
    got = _read("Giải thể Ban Quản lý chợ huyện, Đội Quản lý trật tự đô thị huyện.")
    assert sorted(n for *_, names, _ in got for n in names) == [
        "Ban Quản lý chợ huyện", "Đội Quản lý trật tự đô thị huyện"]


def test_a_rule_on_how_a_change_is_made_orders_none():
    assert find_changes("Việc sáp nhập các thôn, tổ dân phố phải bảo đảm ổn định đời sống của Nhân dân.", 0) == []
    assert find_changes("b) Việc hợp nhất Sở Kế hoạch với Sở Tài chính phải tuân thủ quy định của pháp luật.", 0) == []
    # the same change ordered, or stated with its deadline, is read
    assert [k for k, *_ in _read("Hợp nhất Sở Kế hoạch với Sở Tài chính, bảo đảm hoạt động thông suốt.")] == ["merge"]
    assert [k for k, *_ in _read("Việc hợp nhất Sở Kế hoạch với Sở Tài chính hoàn thành trong quý III.")] == ["merge"]


def test_a_review_joined_to_consolidating_or_assessing_carries_the_change_out():
    assert [s for _, _, s, _, _ in _read("Rà soát, củng cố, kiện toàn Trung tâm Y tế huyện.")] == ["ordered"]
    got = _read("Rà soát, đánh giá, tổ chức lại hoạt động của các tổ chức đảng theo hướng chuyển các đảng bộ cơ sở "
                "về trực thuộc Đảng ủy xã.")
    assert [(k, s) for k, _, s, _, _ in got] == [("transfer", "ordered")]
    # a review with a view to a change, or joined to the change verb alone, stays a proposal
    assert [s for _, _, s, _, _ in _read("Rà soát, sắp xếp lại Trung tâm Văn hóa tỉnh.")] == ["proposed"]
    assert [s for _, _, s, _, _ in _read("Rà soát để giải thể Trung tâm Dịch vụ nông nghiệp huyện.")] == ["proposed"]
    assert [s for _, _, s, _, _ in _read("Rà soát, củng cố, đề xuất giải thể Trung tâm Văn hóa tỉnh.")] == ["proposed"]


def test_a_section_addressed_to_the_communes_committees_sets_the_level_of_its_changes():
    assert level_hint_of("6. Ủy ban\nnhân dân xã, phường") == "commune"
    assert level_hint_of("**3. UBND các huyện, thị xã, thành phố**") == "district"
    assert level_hint_of("2. Ủy ban nhân dân thành phố") is None  # a city may be a province
    assert level_hint_of("Ủy ban nhân dân xã An Bình tổ chức hội nghị") is None  # one place, not a section's level
    text = ("1. Sở Y tế\na) Kiện toàn tổ chức bộ máy làm công tác dân số.\n"
            "2. Ủy ban nhân dân xã, phường\na) Rà soát, củng cố, kiện toàn tổ chức bộ máy làm công tác y tế.\n")
    s1 = _block("1. Sở Y tế", text, "item", "1", [_block("a) Kiện toàn tổ chức bộ máy làm công tác dân số.", text,
                                                         "item", "1.a")])
    s2 = _block("2. Ủy ban nhân dân xã, phường", text, "item", "2",
                [_block("a) Rà soát, củng cố, kiện toàn tổ chức bộ máy làm công tác y tế.", text, "item", "2.a")])
    root = Block("root", "", "", "", 0, len(text), children=[s1, s2])
    s1.parent = s2.parent = root
    got = extract_changes(_src(text), Structure(root=root), [])
    assert [(c.level, c.status, [m.name for m in c.inputs]) for c in got] == [
        ("province", "ordered", ["Tổ chức bộ máy làm công tác dân số"]),
        ("commune", "ordered", ["Tổ chức bộ máy làm công tác y tế"])]


def test_a_transfer_sits_at_its_givers_level_not_at_the_level_its_receiver_names():
    assert [(k, lv) for k, lv, *_ in _read("Chuyển Ban Quản lý dự án huyện về Ủy ban nhân dân cấp tỉnh quản lý.")] == [
        ("transfer", "district")]
    assert [lv for _, lv, *_ in _read("Giữ nguyên các trường mầm non công lập và chuyển giao cho Ủy ban nhân dân "
                                      "cấp xã quản lý.")] == ["district"]  # the district's schools
    central = ChangeContext(doc_level="central")
    got = find_changes("Chuyển các chi bộ thuộc Đảng ủy Khối doanh nghiệp Trung ương về trực thuộc cấp ủy địa "
                       "phương.", 0, central)
    assert [(c.kind, c.level) for c in got] == [("transfer", "central")]
    # nor does the receiver's own name: a province's body handed to a ministry is the province's change
    assert [lv for _, lv, *_ in _read("Chuyển giao Trung tâm Lưu trữ lịch sử về Bộ Nội vụ quản lý.")] == ["province"]
    # a level named on the givers' side still counts
    assert [lv for _, lv, *_ in _read("Chuyển các đơn vị sự nghiệp thuộc Ủy ban nhân dân cấp huyện về Ủy ban nhân "
                                      "dân cấp xã quản lý.")] == ["district"]
