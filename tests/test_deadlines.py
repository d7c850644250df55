"""Each time-phrase shape plans use, pinned with sentences written for the test and corpus lines."""

from __future__ import annotations

from datetime import date

import pytest

from tinhgon.builders.deadlines import find_time_phrases, interval_bounds, notation_parts, parse_time

CASES = [
    # (text, start, due, recurrence)
    ("Hoàn thành trong quý II/2021.", None, "2021-Q2", None),
    ("Báo cáo kết quả trong Quý IV năm 2022", None, "2022-Q4", None),
    ("trình Ủy ban nhân dân tỉnh trong quí 3/2020", None, "2020-Q3", None),
    ("Hoàn thành trong tháng 6/2019", None, "2019-06", None),
    ("Xong trong tháng 11 năm 2020", None, "2020-11", None),
    ("Phê duyệt Đề án trước 30/9/2019.", None, "2019-09-30", None),
    ("hoàn thành trước ngày 15 tháng 3 năm 2021", None, "2021-03-15", None),
    ("Trong năm 2019.", None, "2019", None),
    ("Thực hiện từ năm 2020 và hoàn thành trong năm 2021.", "2020", "2021", None),
    ("(thực hiện từ năm 2019 và hoàn thành vào Quý I năm 2020)", "2019", "2020-Q1", None),
    ("Xong trước năm 2021", None, "2020", None),
    ("hoàn thành chậm nhất trong tháng 6/2019", None, "2019-06", None),
    ("triển khai thực hiện từ nhiệm kỳ 2021-2026", "2021", None, None),
    # "từ đầu/cuối/giữa …" opens the work as a bare "từ" does; without "từ" the point is a deadline
    ("Bố trí chức danh kiêm nhiệm từ đầu nhiệm kỳ 2026 – 2031.", "2026", None, None),
    ("áp dụng từ đầu năm 2022 và hoàn thành trong Quý III/2023", "2022-Q1", "2023-Q3", None),
    ("Thực hiện từ cuối năm 2020.", "2020", None, None),
    ("Chuyển giao từ giữa năm 2024", "2024", None, None),
    ("Hoàn thành đầu năm 2022.", None, "2022-Q1", None),  # a vague "đầu năm N" is the first quarter
    ("Triển khai trong những tháng đầu năm 2026.", None, "2026-Q1", None),
    ("Trong 10 tháng đầu năm 2025, tăng trưởng đạt 8%.", None, "2025", None),  # a running total, not Q1
    ("Hoàn thành trong 6 tháng cuối năm 2025.", None, "2025", None),
    ("Hoàn thành trước cuối năm 2025.", None, "2025", None),  # "trước cuối năm" is not "trước năm"
    ("Cập nhật dữ liệu hàng ngày.", None, None, "ongoing"),
    ("Thực hiện năm 2025 và các năm tiếp theo.", "2025", None, None),
    ("Định kỳ trước ngày 15/6 và 15/12 hằng năm báo cáo kết quả.", None, None, "semiannual"),
    ("Lãnh đạo trong 03 tháng cuối năm 2025 và những tháng đầu năm 2026.", "2025-10", "2026-Q1", None),
    ("Hoàn thành trong 02 tháng cuối năm 2025.", None, "2025", None),
    ("Thu tiền theo Nghị quyết hằng năm của Hội đồng nhân dân tỉnh.", None, None, None),
    ("Báo cáo kết quả hằng năm về Sở Nội vụ.", None, None, "annual"),
    ("Triển khai theo Quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn đến năm 2050.", None, None, None),
    ("Bổ sung quy hoạch hạ tầng trong các khu công nghiệp đến năm 2030.", None, None, None),
    ("Hoàn thành việc sắp xếp đến năm 2030.", None, "2030", None),
    ("từ nay đến cuối năm 2022", None, "2022", None),
    ("Từ Quý II/2019", "2019-Q2", None, None),
    ("Ban hành hướng dẫn và thực hiện từ tháng 4/2019.", "2019-04", None, None),
    ("Hằng năm, tổng hợp, báo cáo kết quả thực hiện", None, None, "annual"),
    ("hàng năm báo cáo", None, None, "annual"),
    ("Thực hiện thường xuyên", None, None, "ongoing"),
    ("định kỳ 15 ngày báo cáo một lần", None, None, "fortnightly"),
    ("định kỳ 6 tháng, năm báo cáo kết quả", None, None, "semiannual"),
    ("hằng tháng báo cáo Thường trực", None, None, "monthly"),
    ("báo cáo hằng quý", None, None, "quarterly"),
    ("Thực hiện theo Kế hoạch", None, None, None),
    # ranges: the first end starts the work
    ("Quý II/2020 - Quý IV/2020", "2020-Q2", "2020-Q4", None),
    ("thực hiện từ tháng 4 đến tháng 6/2020", "2020-04", "2020-06", None),
    ("triển khai từ quý I đến quý III năm 2021", "2021-Q1", "2021-Q3", None),
    ("Thực hiện trong giai đoạn 2021-2025", "2021", "2025", None),
    ("thực hiện trong năm 2020 – 2021", "2020", "2021", None),
    # "trước" a period is due in the period before it
    ("hoàn thành trước quý III/2020", None, "2020-Q2", None),
    ("trình phê duyệt trước tháng 7/2020", None, "2020-06", None),
    ("trước tháng 1/2021", None, "2020-12", None),
    # terms of office
    ("thực hiện vào thời điểm thích hợp trong nhiệm kỳ 2020 - 2025", None, "2025", None),
    ("giảm số lượng đại biểu Hội đồng nhân dân nhiệm kỳ 2021-2026", None, None, None),
    # halves of a year
    ("hoàn thành trong 6 tháng đầu năm 2020", None, "2020-06", None),
    ("báo cáo sơ kết 6 tháng đầu năm", None, None, "semiannual"),
    ("định kỳ 6 tháng một lần báo cáo", None, None, "semiannual"),
    ("họp giao ban hằng tuần", None, None, "weekly"),
    ("Năm 2020", None, "2020", None),
    ("đến hết năm 2022", None, "2022", None),
    ("hoàn thành năm 2021", None, "2021", None),
    # years printed without "năm" at the head of a cell or after a cue
    ("Thời gian: 2020 - 2021", "2020", "2021", None),
    ("Triển khai trong quý II/2020 những nội dung đã được phê duyệt", None, "2020-Q2", None),
    ("Thời gian thực hiện: 2020", None, "2020", None),
    ("hoàn thành trong 2021", None, "2021", None),
    ("thực hiện năm 2020 và những năm tiếp theo", "2020", None, None),
    ("Quý II/2020 đến Quý IV/2020", "2020-Q2", "2020-Q4", None),
    ("trong quý III, IV/2020", "2020-Q3", "2020-Q4", None),
    ("quý III và quý IV năm 2020", "2020-Q3", "2020-Q4", None),
    ("tháng 6, 7/2020", "2020-06", "2020-07", None),
    ("tháng 12/2020 - tháng 3/2021", "2020-12", "2021-03", None),
    ("Thời gian: 6/2020", None, "2020-06", None),
    ("Quý III/2020 và các năm tiếp theo", "2020-Q3", None, None),
    ("Trong quý I/2020 (đối với cấp tỉnh); trong quý II/2020 (đối với cấp huyện)", None, "2020-Q2", None),
    ("- Giai đoạn 2021-2025: hoàn thành sắp xếp", "2021", "2025", None),
]

def test_cue_words_survive_tone_noise_but_tu_is_not_tu():
    assert parse_time("thực hiện tù năm 2019").start == "2019"
    assert parse_time("hoàn thành trứơc năm 2020").due == "2019"
    assert parse_time("kể từ ngày 01/7/2019").start == "2019-07-01"
    assert (parse_time("bố trí vốn đầu tư năm 2019").start, parse_time("bố trí vốn đầu tư năm 2019").due) == \
        (None, "2019")
    assert parse_time("hoàn thành trong quý II/2019 do Sở Nội vụ chủ trì").due == "2019-Q2"


OCR_CASES = [
    ("trong Qúy ll/2020", "2020-Q2"),
    ("trong quý  II /  2020", "2020-Q2"),
    ("trong QUÝ III-2020", "2020-Q3"),
    ("trong quý 2.2020", "2020-Q2"),
    ("Tháng 7 - 2020", "2020-07"),
    ("trong tháng 06.2020", "2020-06"),
    ("trước 30-9-2020", "2020-09-30"),
    ("trước ngày 30.9.2020", "2020-09-30"),
    ("Trong NĂM 2021", "2021"),
]


@pytest.mark.parametrize(("text", "due"), OCR_CASES)
def test_ocr_noise_in_time_words(text, due):
    assert parse_time(text).due == due


@pytest.mark.parametrize("text", [
    "giảm chi thường xuyên, nâng cao hiệu lực, hiệu quả",
    "phân bổ ngân sách chi thường xuyên đối với các tổ chức",
    "việc phân bổ kinh phí thường xuyên theo biên chế",
    "trong vòng 15 ngày kể từ ngày nhận được văn bản",
    "sau 6 tháng thực hiện thí điểm",
    "công tác kiểm tra, đôn đốc chưa được thường xuyên",
])
def test_words_that_are_no_cadence(text):
    assert parse_time(text).recurrence is None


@pytest.mark.parametrize(("text", "start", "due", "recurrence"), CASES)
def test_phrase_shapes(text, start, due, recurrence):
    spec = parse_time(text)
    assert (spec.start, spec.due, spec.recurrence) == (start, due, recurrence)


def test_a_multi_stage_timing_is_due_at_its_last_stage():
    spec = parse_time("Hoàn thành Đề án trong tháng 6/2019, thực hiện trong quý III/2019.")
    assert spec.due == "2019-Q3"
    spec = parse_time("+ Hoàn thành Đề án trong quý II/2019;\n+ Bắt đầu thực hiện trong tháng 7/2019.")
    assert (spec.start, spec.due) == (None, "2019-07")


def test_a_start_after_the_due_is_the_last_stage():
    spec = parse_time("Hoàn thành Đề án trong quý II/2019; thực hiện từ tháng 7/2019.")
    assert (spec.start, spec.due) == (None, "2019-07")


def test_the_most_frequent_cadence_wins_and_beats_thuong_xuyen():
    spec = parse_time("Định kỳ 15 ngày báo cáo 1 lần, 6 tháng, hằng năm báo cáo (trước ngày 13 hằng tháng)")
    assert spec.recurrence == "fortnightly"
    assert parse_time("thường xuyên theo dõi, định kỳ 6 tháng báo cáo").recurrence == "semiannual"


@pytest.mark.parametrize("text", [
    "Thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương",
    "theo Kết luận số 102-KL/TW, ngày 22/9/2014 của Bộ Chính trị",
    "giảm tối thiểu 10% biên chế so với năm 2015",
    "gắn với đề án nhân sự Đại hội Mặt trận các cấp nhiệm kỳ 2019 - 2023",
    "Thực hiện kế hoạch cải cách hành chính giai đoạn 2016-2020",
    "trước ngày 13 và ngày 27 hằng tháng",  # reporting days without a year are no deadline
    "Ngày 15/3/2019, Ban Thường vụ Tỉnh ủy đã ban hành Kế hoạch",  # a past event
    "Thực hiện Kế hoạch số 45-KH/TU, ngày 02 tháng 3 năm 2019 của Tỉnh ủy",
    "theo Luật Tổ chức chính quyền địa phương năm 2015",
    "tại Công văn số 1234/SNV-TCBC&CCHC ngày 12 tháng 9 năm 2019 của Sở Nội vụ",
    "Hội nghị Trung ương 7 khóa XII ngày 19/5/2018 thông qua",
    "Ngày 19/5/2018, Hội nghị Trung ương ban hành Nghị quyết",
    "Tại phiên họp ngày 28/2/2019, Ban Thường vụ Tỉnh ủy cho ý kiến",
    "Nghị quyết ngày 12/3/2019 do Hội đồng nhân dân tỉnh ban hành",
    "Kết luận số 25-KL/TU, ngàỷ 24/01/2019 củà Ban Thường vụ",  # OCR tone noise
    "theo Nghị định số 108/2014/NĐ-CP",
    "theo Quyết định số 12/2019 của Ủy ban nhân dân tỉnh",
    "bố trí vốn đầu tư 2021-2025 cho các công trình",  # "tư", not the cue "từ"
    "Chương trình mục tiêu quốc gia (2016-2020)",
    "đã giảm 2.019 người so với năm 2015",
    "thực hiện Kế hoạch cải cách hành chính (giai đoạn 2016-2020)",
])
def test_words_that_are_not_a_schedule(text):
    spec = parse_time(text)
    assert (spec.start, spec.due) == (None, None)


def test_a_staged_rollout_starts_at_its_first_stage():
    spec = parse_time("+ Trong năm 2019, có 05/10 địa phương thực hiện (chiếm 50%); đến năm 2021, có 10/10 "
                      "địa phương thực hiện (đạt 100%).")
    assert (spec.start, spec.due) == ("2019", "2021")
    # a target level in the first year is no stage opening: due only
    spec = parse_time("trên địa bàn tỉnh năm 2019 đạt từ 60% trở lên; đến hết năm 2021 đạt 100%.")
    assert (spec.start, spec.due) == (None, "2021")


def test_past_results_are_not_the_schedule():
    spec = parse_time("trên cơ sở kết quả tinh giản biên chế từ năm 2015 đến năm 2019, rà soát kế hoạch "
                      "từ nay đến cuối năm 2021")
    assert (spec.start, spec.due) == (None, "2021")


def test_phrase_and_offsets_point_at_the_time_words():
    text = "Sở Nội vụ chủ trì (hoàn thành trong quý II/2019)."
    spec = parse_time(text, offset=100)
    assert spec.phrase == "trong quý II/2019"  # the cue word gives the point its sense
    assert text[spec.start_offset - 100:spec.end_offset - 100] == "trong quý II/2019"


def test_phrase_keeps_its_cue_words():
    assert parse_time("rà soát kế hoạch từ nay đến cuối năm 2022.").phrase == "từ nay đến cuối năm 2022"
    assert parse_time("Phê duyệt Đề án chậm nhất trước ngày 30/6/2020").phrase == "chậm nhất trước ngày 30/6/2020"
    assert parse_time("Thời gian: 2020 - 2021").phrase == "2020 - 2021"


def test_find_time_phrases_classifies_each_point():
    kinds = [(p.kind, p.value) for p in find_time_phrases("thực hiện từ năm 2018, hoàn thành trong năm 2019")]
    assert kinds == [("start", "2018"), ("due", "2019")]


CORPUS_CELLS = [
    # appendix cells of 001 and body parentheticals, expected values from the gold records
    ("Từ năm 2018", "2018", None, None),
    ("Từ Quý II/2018", "2018-Q2", None, None),
    ("Tháng 7/2018", None, "2018-07", None),
    ("Trong năm 2018", None, "2018", None),
    ("Xong trước năm 2020", None, "2019", None),
    ("Thường xuyên", None, None, "ongoing"),
    ("Thực hiện hằng năm", None, None, "annual"),
    ("Thực hiện theo Kế hoạch", None, None, None),
    ("(thực hiện từ năm 2018 và hoàn thành trong năm 2019)", "2018", "2019", None),
    ("(thực hiện từ năm 2018 và hoàn thành năm 2019).", "2018", "2019", None),
    ("(thực hiện từ năm 2019)", "2019", None, None),
    ("- Định kỳ 15 ngày báo cáo 1 lần, 6 tháng, hằng năm báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện (gửi Sở "
     "Nội vụ trước ngày 13 và ngày 27 hằng tháng, ngày 20/5 và 15/11 hằng năm)", None, None, "fortnightly"),
    ("thường xuyên theo dõi, hướng dẫn, kiểm tra, đôn đốc việc thực hiện, định kỳ 6 tháng, năm báo cáo kết quả",
     None, None, "semiannual"),
    ("Hoàn thành việc rà soát trong tháng 4/2018; đề xuất Ban Thường vụ Tỉnh ủy sắp xếp lại, hoàn thành chậm "
     "nhất trong tháng 6/2018.", None, "2018-06", None),
    ("Hoàn thành trong tháng 6/2018 và đề xuất thực hiện trong năm 2018.", None, "2018", None),
    ("Ban hành hướng dẫn và thực hiện từ tháng 4/2018.", "2018-04", None, None),
    ("hàng tháng báo cáo Thường trực Tỉnh ủy tiến độ, kết quả thực hiện; đồng thời tham mưu thành lập các đoàn "
     "kiểm tra trong quý III/2018", None, "2018-Q3", "monthly"),
    ("giảm chi thường xuyên, nâng cao hiệu lực, hiệu quả điều hành (thực hiện từ năm 2018 và hoàn thành trong "
     "năm 2019).", "2018", "2019", None),
]


@pytest.mark.parametrize(("text", "start", "due", "recurrence"), CORPUS_CELLS)
def test_corpus_cells_and_parentheticals(text, start, due, recurrence):
    spec = parse_time(text)
    assert (spec.start, spec.due, spec.recurrence) == (start, due, recurrence)


def test_corpus_time_lines():
    assert parse_time("- Thời gian thực hiện: Đề xuất ban hành Quy định và thực hiện sắp xếp tổ chức bộ máy "
                      "trong quý II/2018.").due == "2018-Q2"
    spec = parse_time("*Thời gian thực hiện:* Báo cáo và đề xuất phương án sắp xếp trong quý II/2018, trình Ban "
                      "Thường vụ Tỉnh ủy cho ý kiến thực hiện trong quý IV/2018.")
    assert spec.due == "2018-Q4"
    assert parse_time("Xong trước năm 2020").due == "2019"


def test_interval_bounds():
    assert interval_bounds("2018-Q2") == (date(2018, 4, 1), date(2018, 6, 30))
    assert interval_bounds("2020-02") == (date(2020, 2, 1), date(2020, 2, 29))
    assert interval_bounds("2019") == (date(2019, 1, 1), date(2019, 12, 31))
    assert interval_bounds("2018-09-30") == (date(2018, 9, 30), date(2018, 9, 30))
    with pytest.raises(ValueError):
        interval_bounds("soon")


@pytest.mark.parametrize(("notation", "parts"), [
    ("2018", (2018, None, None, None)), ("2018-Q2", (2018, 2, None, None)), ("2018-q4", (2018, 4, None, None)),
    ("2018-07", (2018, None, 7, None)), ("2018-09-30", (2018, None, 9, 30)),
])
def test_notation_parts(notation, parts):
    assert notation_parts(notation) == parts


@pytest.mark.parametrize("bad", ["201", "20188", "2018-", "2018-Q5", "2018-Q", "2018-7", "2018-07-3",
                                 "2018-07-30-01", "2018-Q2-01", "2018--07", "-2018", "quý II"])
def test_notation_parts_refuses_what_is_no_notation(bad):
    with pytest.raises(ValueError, match="not a time notation"):
        notation_parts(bad)


def test_the_phrase_of_a_start_keeps_its_cue_words():
    (p,) = find_time_phrases("Thí điểm từ giữa năm 2024 tại hai xã.")
    assert (p.kind, p.value, p.phrase) == ("start", "2024", "từ giữa năm 2024")


@pytest.mark.parametrize(("text", "start", "due"), [
    ("II. NHIỆM VỤ TRỌNG TÂM TỪ NAY ĐẾN THÁNG 9/2026", None, "2026-09"),
    ("Đề nghị Thường trực Tỉnh ủy lãnh đạo trong 03 tháng cuối năm 2025 và những tháng đầu năm 2026, trong đó "
     "lưu ý các nội dung sau:", "2025-10", "2026-Q1"),
    ("Thời gian thực hiện: Quý IV/2025", None, "2025-Q4"),
    ("Thời gian thực hiện: Từ nay đến hết năm 2025", None, "2025"),
    ("KẾ HOẠCH CÔNG TÁC NĂM 2025", None, None),
    ("Đánh giá kết quả năm 2024 và nhiệm vụ trọng tâm", None, None),
    ("2. Các nhiệm vụ thực hiện thường xuyên", None, None),
])
def test_heading_period_sets_only_what_its_words_schedule(text, start, due):
    from tinhgon.builders.deadlines import heading_period

    spec = heading_period(text)
    assert (spec.start, spec.due, spec.recurrence) == (start, due, None)
    if due:
        assert spec.phrase and spec.phrase in text


@pytest.mark.parametrize("pattern, needs", [
    (r"\bnam\s+((?:19|20)\d{2})\b", True),
    (r"(?:ngay\s+)?(\d{1,2})/(\d{1,2})|thang\s+([0-9]+)", True),   # every branch holds one
    (r"\bqu[iy]\s+(iv|ii|i)(?:/(\d{4}))?", False),                # the year is optional
    (r"hang\s+nam|\d", False),                                      # one branch holds none
    (r"(?=\d)nam", False),                                          # a lookahead consumes nothing
    (r"x\d*", False), (r"(?:x\d)+", True), (r"[^0-9]", False), (r"\D+", False),
])
def test_needs_digit_reads_the_parsed_pattern(pattern, needs):
    import re

    from tinhgon.builders.deadlines import _needs_digit

    assert _needs_digit(re.compile(pattern)) is needs


@pytest.mark.parametrize("pattern, run", [
    (r"\bnam\s+((?:19|20)\d{2})\b", 4),                             # a year: four digits side by side
    (r"(\d{1,2})\s*/\s*((?:19|20)\d{2})|ngay\s+(\d{4})", 4),          # every branch holds four
    (r"\d{1,2}/\d{4}|thang\s+\d{2}", 2),                               # the shorter branch decides
    (r"1(?:9|20)", 2), (r"\d(?=\d)\d", 1),                             # a lookaround ends a run
    (r"\d{2}\s\d{2}", 2), (r"x\d*y", 0), (r"(?:x\d{3})+", 3), (r"\bqu[iy]\s+(iv|i)(?:/(\d{4}))?", 0),
])
def test_digits_needed_reads_the_longest_run_every_match_holds(pattern, run):
    import re

    from tinhgon.builders.deadlines import _digits_needed

    assert _digits_needed(re.compile(pattern)) == run


def test_a_text_with_digits_but_no_year_still_reads_its_points():
    # the patterns that need a year are skipped on such a text: a quarter with no year is no time point,
    # a cadence with digits is still read, and a year read the same with or without digits elsewhere
    assert parse_time("Giao ban 15 ngày/lần, báo cáo quý II").recurrence == "fortnightly"
    assert parse_time("Giao ban 15 ngày/lần, báo cáo quý II").due is None
    assert parse_time("Hoàn thành trước 30/9/2025 (mục 3)").due == "2025-09-30"


def test_a_text_without_digits_still_reads_its_cadence_and_offsets_shift():
    # the time points that need a digit are skipped on such a text; the cadences are still read
    assert parse_time("Báo cáo định kỳ hằng năm và thường xuyên").recurrence == "annual"
    a = find_time_phrases("hoàn thành trong quý II/2021")
    b = find_time_phrases("hoàn thành trong quý II/2021", 100)  # the second read comes from memory
    assert [(p.start + 100, p.end + 100) for p in a] == [(p.start, p.end) for p in b]
    a.clear()  # a caller's list is its own
    assert find_time_phrases("hoàn thành trong quý II/2021")
