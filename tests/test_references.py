"""References: numbers, lists, bare numbers, misprints, implements vs cites, what the text says of each."""

from __future__ import annotations

from pathlib import Path

import pytest

from tinhgon.builders.metadata import own_numbers
from tinhgon.builders.model import Source
from tinhgon.builders.references import find_references

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def src(text: str) -> Source:
    return Source(path="t.txt", name="t.txt", stem="t", sha256="0", encoding="utf-8", original=text, text=text,
                  offsets=list(range(len(text) + 1)))


def numbers(refs, relation=None) -> set[str]:
    return {r.number for r in refs if relation is None or r.relation == relation}


def test_party_state_and_decree_numbers_are_canonical():
    refs = find_references(src(
        "Căn cứ Nghị quyết số 56/2017/QH14 ngày 24/11/2017 của Quốc hội; Nghị định số 68/2000/NĐ-CP; "
        "Nghị quyết số 10/NQ-CP và Kế hoạch số 07 -KH/TW, Chương trình hành động số 19 - CTr / TU."
    ))
    assert numbers(refs) == {"56/2017/QH14", "68/2000/NĐ-CP", "10/NQ-CP", "07-KH/TW", "19-CTr/TU"}
    kinds = {r.number: r.kind for r in refs}
    assert kinds["68/2000/NĐ-CP"] == "nghi-dinh"
    assert kinds["19-CTr/TU"] == "chuong-trinh-hanh-dong"


def test_dates_and_plain_numbers_are_not_references():
    refs = find_references(src("Hoàn thành trong quý II/2018, ngày 22-5-2020, 07/11 địa phương, giai đoạn 2018-2020."))
    assert refs == []


def test_list_of_numbers_sharing_a_code_is_two_references():
    text = "Thực hiện Nghị quyết số 18, 19-NQ/TW của Ban Chấp hành Trung ương, Ban Thường vụ đã lãnh đạo."
    refs = find_references(src(text))
    assert [r.number for r in refs] == ["18-NQ/TW", "19-NQ/TW"]
    first = refs[0]
    assert text[first.start:first.end] == "18"
    assert all(r.kind == "nghi-quyet" for r in refs)


def test_offsets_are_shifted_by_body_start():
    text = "XX\nNghị quyết số 18-NQ/TW."
    s = src(text)
    s.body_start = 3
    (ref,) = find_references(s)
    assert text[ref.start:ref.end] == "18-NQ/TW"


def test_bare_number_resolves_to_the_number_printed_elsewhere():
    refs = find_references(src(
        "Theo Nghị quyết số 39-NQ/TW của Bộ Chính trị. Thực hiện tốt Nghị quyết số 39 của Bộ Chính trị khóa XI."
    ))
    assert [r.number for r in refs] == ["39-NQ/TW", "39-NQ/TW"]


def test_bare_number_without_a_match_is_left_out():
    assert find_references(src("Thực hiện Nghị quyết số 39 của Bộ Chính trị.")) == []


def test_cut_number_is_read_as_the_number_printed_more_often():
    refs = find_references(src(
        "Quán triệt Nghị quyết số 18-NQ/TW. Triển khai Nghị quyết số 18-NQ/TW. "
        "Tổ chức thực hiện Nghị quyết số 18-NQ/T, số 19-NQ/TW của Ban Chấp hành Trung ương."
    ))
    assert numbers(refs) == {"18-NQ/TW", "19-NQ/TW"}


def test_slipped_type_in_a_repeated_list_is_read_as_the_listed_number():
    refs = find_references(src(
        "Thực hiện Nghị quyết số 18-NQ/TW, Kế hoạch số 07-KH/TW, Nghị quyết số 56/2017/QH14.\n\n"
        "1. Quán triệt Nghị quyết số 18-NQ/TW.\n\n"
        "PHỤ LỤC CỦA NGHỊ QUYẾT SỐ 18/NQ-CP, KẾ HOẠCH SỐ 07-KH/TW, NGHỊ QUYẾT SỐ 56/2017/QH14\n"
    ))
    assert numbers(refs) == {"18-NQ/TW", "07-KH/TW", "56/2017/QH14"}


def test_a_lone_state_number_is_not_repaired():
    refs = find_references(src("Nghị quyết số 18-NQ/TW. Nghị quyết số 18-NQ/TW. Nghị quyết số 18/NQ-CP của Chính phủ."))
    assert numbers(refs) == {"18-NQ/TW", "18/NQ-CP"}


def test_title_after_thuc_hien_is_implemented_and_its_own_description_is_not():
    refs = find_references(src(
        "KẾ HOẠCH\n\nthực hiện Kết luận số 74-KL/TW của Bộ Chính trị về kết quả 02 năm thực hiện "
        "Nghị quyết số 18-NQ/TW và số 19-NQ/TW của Ban Chấp hành Trung ương\n\nA. TÌNH HÌNH\n"
    ))
    assert numbers(refs, "implements") == {"74-KL/TW"}
    assert numbers(refs, "cites") == {"18-NQ/TW", "19-NQ/TW"}
    kl = next(r for r in refs if r.number == "74-KL/TW")
    assert kl.about == ["18-NQ/TW", "19-NQ/TW"]
    assert kl.issuer == "Bộ Chính trị"


def test_opening_thuc_hien_with_a_body_that_issues_the_plan():
    refs = find_references(src(
        "Thực hiện Nghị quyết số 18-NQ/TW, ngày 25/10/2017 của Ban Chấp hành Trung ương khóa XII về "
        "“Một số vấn đề về tiếp tục đổi mới” và Kế hoạch số 07-KH/TW, ngày 27/11/2017 của Bộ Chính trị "
        "về thực hiện Nghị quyết số 18-NQ/TW, Ban Chấp hành Đảng bộ tỉnh ban hành Chương trình hành động, "
        "cụ thể như sau:\n\n1. Thực hiện chế độ theo Nghị định số 68/2000/NĐ-CP, ngày 17/11/2000 của Chính phủ.\n"
    ))
    assert numbers(refs, "implements") == {"18-NQ/TW", "07-KH/TW"}
    assert numbers(refs, "cites") == {"68/2000/NĐ-CP"}
    nq = refs[0]
    assert (nq.date, nq.issuer) == ("2017-10-25", "Ban Chấp hành Trung ương")
    assert nq.title == "Một số vấn đề về tiếp tục đổi mới"
    kh = next(r for r in refs if r.number == "07-KH/TW")
    assert kh.implements == ["18-NQ/TW"]


def test_opening_that_reports_past_work_implements_nothing():
    refs = find_references(src(
        "Thực hiện Nghị quyết số 18, 19-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XII; Ban Thường vụ "
        "Tỉnh ủy đã tập trung lãnh đạo, chỉ đạo thực hiện đạt được nhiều kết quả."
    ))
    assert numbers(refs, "implements") == set()
    assert numbers(refs, "cites") == {"18-NQ/TW", "19-NQ/TW"}


def test_semicolon_preamble_runs_into_the_sentence_that_makes_the_plan():
    refs = find_references(src(
        "Thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017 (sau đây gọi tắt là Nghị quyết số 18-NQ/TW); "
        "Kế hoạch số 168-KH/TU ngày 18/02/2018 của Ban chấp hành Đảng bộ tỉnh về thực hiện Nghị quyết số 18-NQ/TW;\n\n"
        "Ủy ban nhân dân tỉnh xây dựng Kế hoạch thực hiện Nghị quyết số 18-NQ/TW, Nghị quyết số 10/NQ-CP như sau:\n\n"
        "- Tham mưu, xây dựng Kế hoạch triển khai thực hiện Chương trình hành động số 21-CTr/TU.\n"
    ))
    assert numbers(refs, "implements") == {"18-NQ/TW", "168-KH/TU", "10/NQ-CP"}
    assert numbers(refs, "cites") == {"21-CTr/TU"}
    kh = next(r for r in refs if r.number == "168-KH/TU")
    assert (kh.scope, kh.date, kh.issuer) == ("province", "2018-02-18", "Ban Chấp hành Đảng bộ tỉnh")


def test_a_plan_that_carries_out_another_plan_cites_what_that_plan_carries_out():
    refs = find_references(src(
        "KẾ HOẠCH\nthực hiện một số nhiệm vụ Kế hoạch số 82-KH/TU, ngày 30/01/2018 của Tỉnh ủy trong năm 2018\n\n"
        "-----\n\nNgày 30/01/2018, Tỉnh ủy đã ban hành Kế hoạch số 82-KH/TU thực hiện Nghị quyết số 18-NQ/TW, "
        "Ban Thường vụ Tỉnh ủy xây dựng kế hoạch triển khai thực hiện trong năm 2018."
    ))
    assert numbers(refs, "implements") == {"82-KH/TU"}
    assert numbers(refs, "cites") == {"18-NQ/TW"}
    assert refs[0].date == "2018-01-30"
    assert any(r.implements == ["18-NQ/TW"] for r in refs if r.number == "82-KH/TU")


def test_a_number_is_never_both_implemented_and_cited():
    refs = find_references(src(
        "KẾ HOẠCH\nthực hiện Nghị quyết số 18-NQ/TW\n\n1. Quán triệt Nghị quyết số 18-NQ/TW trong toàn Đảng bộ.\n"
    ))
    assert {r.relation for r in refs} == {"implements"}


def test_own_number_is_not_a_reference():
    text = ("TỈNH ỦY AN GIANG\nSố 19-CTr/TU\nAn Giang, ngày 19 tháng 4 năm 2018\n\nCHƯƠNG TRÌNH HÀNH ĐỘNG\n"
            "thực hiện Nghị quyết số 18-NQ/TW\n\nPHỤ LỤC\n(kèm theo Chương trình hành động số: 19-CTr/TU)\n")
    assert own_numbers(text) == {"19-CTr/TU"}
    assert numbers(find_references(src(text))) == {"18-NQ/TW"}


def test_corpus_kien_giang_misprint_and_lists():
    text = (CORPUS / "003_8fcee2da3dc81e12.txt").read_text(encoding="utf-8")
    refs = find_references(src(text))
    assert numbers(refs, "implements") == {"74-KL/TW"}
    assert numbers(refs, "cites") == {"18-NQ/TW", "19-NQ/TW", "39-NQ/TW", "1398-TB/TU", "38-CTr/TU"}
    tb = next(r for r in refs if r.number == "1398-TB/TU")
    assert (tb.kind, tb.scope, tb.date) == ("thong-bao", "province", "2018-06-18")


def test_mixed_case_codes_and_old_tw_spelling_are_canonical():
    refs = find_references(src("CHƯƠNG TRÌNH HÀNH ĐỘNG SỐ 21-CTR/TU; Quyết định số 05/QĐ-TTG; Nghị quyết số 18-NQ/TƯ."))
    assert [r.number for r in refs] == ["21-CTr/TU", "05/QĐ-TTg", "18-NQ/TW"]


def test_sentence_case_title_line_is_the_title():
    refs = find_references(src(
        "KẾ HOẠCH\nTriển khai thực hiện Kết luận số 17-KL/TW ngày 11/9/2017 của Bộ Chính trị\n\n"
        "I. MỤC ĐÍCH\n1. Rà soát theo Quy định số 105-QĐ/TW của Bộ Chính trị.\n"
    ))
    assert numbers(refs, "implements") == {"17-KL/TW"}
    assert numbers(refs, "cites") == {"105-QĐ/TW"}
    assert refs[0].kind == "ket-luan" and refs[1].kind == "quy-dinh"


def test_legal_bases_before_the_body_that_issues_the_plan_are_implemented():
    refs = find_references(src(
        "Căn cứ Nghị quyết số 56/2017/QH14 ngày 24/11/2017 của Quốc hội;\n"
        "Căn cứ Chương trình hành động số 30-CTr/TU ngày 15/3/2018 của Tỉnh ủy;\n"
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai thực hiện như sau:\n\n"
        "1. Thực hiện Nghị định số 108/2014/NĐ-CP; báo cáo theo Công văn số 45/UBND-NC.\n"
    ))
    assert numbers(refs, "implements") == {"56/2017/QH14", "30-CTr/TU"}
    assert numbers(refs, "cites") == {"108/2014/NĐ-CP", "45/UBND-NC"}


def test_quoted_title_after_the_term_in_parentheses():
    (ref,) = find_references(src(
        'Kế hoạch thực hiện Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương Đảng (khoá XII) '
        '"Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy", Ban Thường vụ Tỉnh ủy xây dựng kế hoạch.'
    ))
    assert ref.issuer == "Ban Chấp hành Trung ương Đảng"
    assert ref.title == "Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy"


def test_a_plan_assigned_to_others_is_not_this_plan():
    refs = find_references(src(
        "KẾ HOẠCH\nthực hiện Kết luận số 74-KL/TW\n\nI. NHIỆM VỤ\n"
        "Thực hiện Nghị quyết số 39-NQ/TW, các cơ quan, đơn vị xây dựng kế hoạch tinh giản biên chế đến năm 2021.\n"
        "Các huyện ủy xây dựng kế hoạch thực hiện Nghị quyết số 19-NQ/TW trong quý III.\n"
    ))
    assert numbers(refs, "implements") == {"74-KL/TW"}
    assert numbers(refs, "cites") == {"39-NQ/TW", "19-NQ/TW"}


def test_a_date_after_the_documents_own_date_is_a_misprint_left_unknown():
    refs = find_references(src(
        "Tuyên Quang, ngày 02 tháng 7 năm 2018\n\nKế hoạch số 07-KH/TW ngày 27/11/2018 của Bộ Chính trị; "
        "Nghị quyết số 18-NQ/TW ngày 25/10/2017."
    ))
    assert [(r.number, r.date) for r in refs] == [("07-KH/TW", None), ("18-NQ/TW", "2017-10-25")]


def test_long_issuer_codes_after_the_year_are_read():
    refs = find_references(src(
        "Thực hiện Nghị quyết số 1210/2016/UBTVQH13 của Ủy ban Thường vụ Quốc hội và Nghị quyết "
        "số 12/2020/NQ-HĐND, Quyết định số 3105/2019/QĐ-UBND của Ủy ban nhân dân tỉnh."
    ))
    assert numbers(refs) == {"1210/2016/UBTVQH13", "12/2020/NQ-HĐND", "3105/2019/QĐ-UBND"}
    assert {r.number: r.scope for r in refs}["1210/2016/UBTVQH13"] == "central"


@pytest.mark.parametrize("verb", ["kết luận", "thông báo ý kiến chỉ đạo", "yêu cầu các cấp ủy", "chỉ đạo"])
def test_an_opening_that_states_conclusions_or_orders_implements_its_basis(verb):
    refs = find_references(src(
        "Thực hiện Chỉ thị số 21-CT/TW ngày 03/3/2020 của Ban Bí thư về thực hiện Nghị quyết số 26-NQ/TW, "
        f"sau khi nghe báo cáo, Thường trực Huyện ủy {verb} như sau:\n\n"
        "1. Các chi bộ rà soát theo Quy định số 105-QĐ/TW.\n"
    ))
    assert numbers(refs, "implements") == {"21-CT/TW"}
    assert numbers(refs, "cites") == {"26-NQ/TW", "105-QĐ/TW"}


def test_a_capitalised_conclusion_is_a_document_not_the_verb():
    refs = find_references(src(
        "Thực hiện Kết luận số 48-KL/TW, các sở, ngành tiếp tục rà soát.\n"
        "Đề nghị thực hiện Kết luận số 49-KL/TW như sau: báo cáo kết quả.\n"
    ))
    assert numbers(refs, "implements") == set()


def test_cu_the_hoa_opens_what_the_plan_carries_out():
    text = ("Cụ thể hóa Kết luận số 126-KL/TW ngày 14/02/2025 của Bộ Chính trị, Ủy ban nhân dân tỉnh "
            "ban hành Kế hoạch như sau:")
    assert numbers(find_references(src(text)), "implements") == {"126-KL/TW"}


def test_kem_theo_inside_a_sentence_is_a_citation_not_the_own_number():
    text = ("KẾ HOẠCH\nTriển khai Đề án\n\nCăn cứ Quy chế ban hành kèm theo Quyết định số 2179/QĐ-TTg của "
            "Thủ tướng Chính phủ;\n\nPHỤ LỤC\n(Kèm theo Kế hoạch số 45/KH-UBND ngày 02/7/2025)\n")
    assert own_numbers(text) == {"45/KH-UBND"}
    assert "2179/QĐ-TTg" in numbers(find_references(src(text)))


def _rel(text: str) -> tuple[set[str], set[str]]:
    refs = find_references(src(text))
    imp = numbers(refs, "implements")
    return imp, numbers(refs) - imp


def test_the_verb_that_makes_this_plan_not_one_in_a_cited_description():
    text = ("Thực hiện Quyết định số 2437/QĐ-TTg ngày 04/11/2025 của Thủ tướng Chính phủ ban hành Kế hoạch triển khai "
            "Đợt thi đua chào mừng Đại hội. Để đẩy mạnh phong trào, Ủy ban nhân dân tỉnh phát động Đợt thi đua với "
            "những nội dung chủ yếu như sau:\n\nI. MỤC ĐÍCH\n")
    assert _rel(text) == ({"2437/QĐ-TTg"}, set())


def test_a_paragraph_opening_past_results_implements_nothing():
    text = ("Thực hiện Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương; Ban Thường vụ Tỉnh ủy đã lãnh đạo, chỉ đạo "
            "thực hiện đạt được nhiều kết quả quan trọng:\n\n- Bộ máy được kiện toàn.\n")
    assert _rel(text) == (set(), {"18-NQ/TW"})


def test_a_reference_in_parentheses_describes_the_one_before():
    text = ("Căn cứ Quyết định số 650/QĐ-LĐTBXH ngày 21/7/2022 của Bộ trưởng (được điều chỉnh bởi Quyết định số "
            "128/QĐ-LĐTBXH ngày 17/3/2023);\n\nCăn cứ Nghị quyết số 206/NQ-HĐND ngày 03/10/2025 của Hội đồng nhân dân "
            "thành phố về việc phân bổ dự toán; Căn cứ Kế hoạch số 77/KH-UBND ngày 17/9/2025 của Ủy ban nhân dân "
            "thành phố;\n\nỦy ban nhân dân thành phố ban hành Kế hoạch truyền thông như sau:\n")
    assert _rel(text) == ({"650/QĐ-LĐTBXH", "206/NQ-HĐND", "77/KH-UBND"}, {"128/QĐ-LĐTBXH"})


def test_va_goes_on_describing_the_reference_before():
    text = ("Thực hiện Kế hoạch số 283/KH-UBND ngày 24/9/2025 của Ủy ban nhân dân tỉnh về thực hiện Nghị quyết số "
            "71/NQ-CP ngày 01/5/2025 của Chính phủ và Chương trình hành động số 10-CTr/TU ngày 13/8/2025 của Ban "
            "Thường vụ Tỉnh ủy về thực hiện Nghị quyết số 57-NQ/TW;\n\nỦy ban nhân dân tỉnh ban hành Kế hoạch chuyển "
            "đổi số như sau:\n")
    assert _rel(text) == ({"283/KH-UBND"}, {"71/NQ-CP", "10-CTr/TU", "57-NQ/TW"})


def test_a_cited_programme_of_another_body_is_not_this_plan_being_made():
    text = ("Triển khai thực hiện Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ về ban hành Chương trình hành "
            "động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW; Quyết định số 1132/QĐ-TTg ngày 09/10/2024 của Thủ "
            "tướng Chính phủ. Ủy ban nhân dân thành phố ban hành Kế hoạch phát triển hạ tầng số như sau:\n")
    assert _rel(text) == ({"03/NQ-CP", "1132/QĐ-TTg"}, {"57-NQ/TW"})


def test_the_preamble_of_a_decision_names_what_it_carries_out():
    text = ("QUYẾT ĐỊNH\nBan hành Kế hoạch sắp xếp đơn vị sự nghiệp\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;\n\n"
            "Căn cứ Kết luận số 137-KL/TW ngày 28/3/2025 của Bộ Chính trị;\n\n"
            "Căn cứ Quyết định số 759/QĐ-TTg ngày 14/4/2025 của Thủ tướng Chính phủ;\n\n"
            "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 02/5/2025;\n\n"
            "**QUYẾT ĐỊNH:**\n\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch sắp xếp.\n")
    assert _rel(text) == ({"137-KL/TW", "759/QĐ-TTg"}, {"45/TTR-SNV"})  # a submission (Tờ trình) is cited


def test_a_title_about_how_a_document_is_carried_out_cites_it():
    text = ("THÔNG BÁO\n\nKẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI CUỘC HỌP VỀ TÌNH HÌNH THỰC HIỆN NGHỊ QUYẾT SỐ 12-NQ/TW "
            "NGÀY 30/4/2025 CỦA BỘ CHÍNH TRỊ\n\nNgày 28 tháng 11 năm 2025, Phó Thủ tướng chủ trì cuộc họp.\n")
    rel = {r.number: r.relation for r in find_references(src(text))}
    assert rel == {"12-NQ/TW": "cites"}
    carried = text.replace("TẠI CUỘC HỌP VỀ TÌNH HÌNH THỰC HIỆN", "VỀ VIỆC THỰC HIỆN")
    assert {r.number: r.relation for r in find_references(src(carried))} == {"12-NQ/TW": "implements"}


# A decision: the enacting body's line, then one "Căn cứ" per paragraph. Each is an item of its own (the
# amending law nested in the first does not make the second nested); the proposal only cites its Tờ trình.
DECISION = """QUYẾT ĐỊNH

Về việc ban hành Kế hoạch phòng, chống thiên tai năm 2026

ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG

Căn cứ Luật Phòng, chống thiên tai số 33/2013/QH13 đã được sửa đổi, bổ sung theo Luật số 60/2020/QH14;

Căn cứ kiến nghị của Ban Chỉ huy tại Báo cáo số 88/BC-BCH ngày 02 tháng 3 năm 2026;

Căn cứ Quyết định số 379/QĐ-TTg ngày 17 tháng 3 năm 2021 của Thủ tướng Chính phủ;

Theo đề nghị của Sở Nông nghiệp và Môi trường tại Tờ trình số 95/TTr-SNNMT ngày 23 tháng 10 năm 2026.

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phòng, chống thiên tai năm 2026.
"""


def test_every_top_level_can_cu_of_a_decision_is_carried_out():
    refs = find_references(src(DECISION))
    assert numbers(refs, "implements") == {"33/2013/QH13", "88/BC-BCH", "379/QĐ-TTg"}
    assert {n.upper() for n in numbers(refs, "cites")} == {"60/2020/QH14", "95/TTR-SNNMT"}


def test_the_opening_list_after_the_title_is_carried_out_without_a_verb_of_making():
    text = ("KẾ HOẠCH\n\nTHỰC HIỆN CHỈ THỊ SỐ 12/CT-TTG CỦA THỦ TƯỚNG CHÍNH PHỦ\n\n"
            "Thực hiện Chỉ thị số 12/CT-TTg ngày 15/8/2024 của Thủ tướng Chính phủ (sau đây viết tắt là Chỉ thị); "
            "Công văn số 3456/BYT-DS ngày 29/10/2024 của Bộ Y tế về việc triển khai thực hiện Chỉ thị số 12/CT-TTg.\n\n"
            "Sau 5 năm thực hiện Nghị quyết số 21-NQ/TW, các cấp đã đạt nhiều kết quả.\n\nI. MỤC ĐÍCH\n")
    refs = find_references(src(text))
    assert numbers(refs, "implements") == {"12/CT-TTg", "3456/BYT-DS"}
    assert numbers(refs, "cites") == {"21-NQ/TW"}


def test_a_directive_that_orders_after_its_opening_carries_it_out():
    text = ("Trong thời gian qua, các địa phương đã đạt kết quả.\n\n"
            "Để tiếp tục thực hiện nghiêm Chỉ thị số 05/CT-TTg ngày 18/5/2022 của Thủ tướng Chính phủ; Phương án số "
            "72/PA-UBND ngày 28/02/2025 của UBND tỉnh, Ủy ban nhân dân tỉnh yêu cầu:\n\n"
            "1. Các sở thực hiện Nghị định số 131/2025/NĐ-CP.\n")
    refs = find_references(src(text))
    assert numbers(refs, "implements") == {"05/CT-TTg", "72/PA-UBND"}
    assert numbers(refs, "cites") == {"131/2025/NĐ-CP"}


def test_a_guidance_named_where_it_is_printed_is_an_item_of_its_own():
    text = ("Thực hiện Thông tri số 02-TT/TU ngày 03/10/2025 của Thành ủy về lãnh đạo thực hiện “Tháng hành động” "
            "và hướng dẫn của Bộ Nội vụ tại Công văn số 8935/BNV-CTTN&BĐG ngày 03/10/2025, Ủy ban nhân dân "
            "Thành phố ban hành Kế hoạch như sau:")
    refs = find_references(src(text))
    assert numbers(refs, "implements") == {"02-TT/TU", "8935/BNV-CTTN&BĐG"}
