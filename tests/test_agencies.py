"""Agency lists: split only between bodies, names in full, collectives kept whole."""

from __future__ import annotations

import pytest

from tinhgon.builders.agencies import agency_name, expand_abbreviations, is_collective, split_agencies


def names(text: str) -> list[str]:
    return [m.name for m in split_agencies(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ban Tổ chức Tỉnh ủy và Sở Nội vụ", ["Ban Tổ chức Tỉnh ủy", "Sở Nội vụ"]),
        ("Sở Y tế; Sở Tài chính.", ["Sở Y tế", "Sở Tài chính"]),
        ("Sở Thông tin và Truyền thông, Sở Xây dựng", ["Sở Thông tin và Truyền thông", "Sở Xây dựng"]),
        ("Ban Bảo vệ và Chăm sóc sức khỏe cán bộ tỉnh", ["Ban Bảo vệ và Chăm sóc sức khỏe cán bộ tỉnh"]),
        ("Ban Thường vụ các huyện, thị, thành ủy", ["Ban Thường vụ các huyện, thị, thành ủy"]),
        ("Ban Thường vụ các Huyện, Thị, Thành ủy.", ["Ban Thường vụ các Huyện, Thị, Thành ủy"]),
        ("UBND huyện, thành phố; Sở Công Thương", ["Ủy ban nhân dân huyện, thành phố", "Sở Công Thương"]),
        ("Các cơ quan, đơn vị có liên quan", ["Các cơ quan, đơn vị có liên quan"]),
        ("Các địa phương, cơ quan, đơn vị", ["Các địa phương, cơ quan, đơn vị"]),
        ("Các huyện, thị ủy, đảng ủy", ["Các huyện, thị ủy, đảng ủy"]),
        ("Sở Văn hóa, Thể thao và Du lịch; Sở Lao động - Thương binh và Xã hội",
         ["Sở Văn hóa, Thể thao và Du lịch", "Sở Lao động - Thương binh và Xã hội"]),
        ("Kho bạc Nhà nước tỉnh, Bảo hiểm xã hội tỉnh và Trường Chính trị tỉnh",
         ["Kho bạc Nhà nước tỉnh", "Bảo hiểm xã hội tỉnh", "Trường Chính trị tỉnh"]),
        ("Văn phòng Đoàn ĐBQH và HĐND tỉnh, Sở Tư pháp",
         ["Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh", "Sở Tư pháp"]),
        ("Văn phòng HĐND và UBND huyện", ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"]),
        ("Văn phòng Tỉnh ủy và UBND tỉnh", ["Văn phòng Tỉnh ủy", "Ủy ban nhân dân tỉnh"]),
        ("Sở Nội vụ, Văn phòng HĐND tỉnh, UBND tỉnh",
         ["Sở Nội vụ", "Văn phòng Hội đồng nhân dân tỉnh", "Ủy ban nhân dân tỉnh"]),
        ("Các chi, đảng bộ trực thuộc Huyện ủy, các phòng, ban, ngành, đoàn thể cấp huyện",
         ["Các chi, đảng bộ trực thuộc Huyện ủy", "Các phòng, ban, ngành, đoàn thể cấp huyện"]),
        ("Ủy ban MTTQ huyện, Huyện đoàn và Hội Nông dân huyện",
         ["Ủy ban Mặt trận Tổ quốc huyện", "Huyện đoàn", "Hội Nông dân huyện"]),
        ("Đảng ủy, UBND các xã, thị trấn", ["Đảng ủy các xã, thị trấn", "Ủy ban nhân dân các xã, thị trấn"]),
    ],
)
def test_lists_split_only_between_bodies(text, expected):
    assert names(text) == expected


def test_leading_plural_distributes_over_common_nouns_but_not_proper_names():
    got = names("Các ban đảng, ban cán sự đảng, đảng đoàn và Ban Thường vụ Tỉnh Đoàn; "
                "các huyện ủy và đảng ủy trực thuộc Tỉnh ủy")
    assert got == ["Các ban đảng", "Các ban cán sự đảng", "Các đảng đoàn", "Ban Thường vụ Tỉnh Đoàn",
                   "Các huyện ủy", "Các đảng ủy trực thuộc Tỉnh ủy"]


def test_objects_of_thuoc_stay_with_the_collective():
    text = "Các cơ quan, đơn vị thuộc và trực thuộc UBND tỉnh, UBND huyện, thị xã"
    assert names(text) == ["Các cơ quan, đơn vị thuộc và trực thuộc Ủy ban nhân dân tỉnh, "
                           "Ủy ban nhân dân huyện, thị xã"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("các Sở: Nội vụ, Tài chính, Kế hoạch và Đầu tư", ["Sở Nội vụ", "Sở Tài chính", "Sở Kế hoạch và Đầu tư"]),
        ("Các Sở Văn hóa, Thể thao và Du lịch, Y tế và Tư pháp",
         ["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế", "Sở Tư pháp"]),
        ("các Ban Tổ chức, Tuyên giáo, Dân vận Tỉnh ủy",
         ["Ban Tổ chức Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", "Ban Dân vận Tỉnh ủy"]),
        ("các Sở: Nội vụ, Tài chính và các cơ quan liên quan", ["Sở Nội vụ", "Sở Tài chính", "Các cơ quan liên quan"]),
        ("Các Ban Đảng Tỉnh ủy", ["Các Ban Đảng Tỉnh ủy"]),
        ("các sở, ban, ngành", ["Các sở, ban, ngành"]),
    ],
)
def test_one_head_word_over_a_list_of_names(text, expected):
    ms = split_agencies(text)
    assert [m.name for m in ms] == expected
    assert all(text[m.start:m.end] == m.surface for m in ms)


def test_title_without_owner_takes_the_owner_of_the_next_body():
    assert names("Ban Thường vụ; Thường trực Huyện ủy theo Quy chế làm việc") == [
        "Ban Thường vụ Huyện ủy", "Thường trực Huyện ủy"]


@pytest.mark.parametrize(
    ("surface", "full"),
    [
        ("Sở Nội vụ tỉnh Hà Giang", "Sở Nội vụ"),
        ("Uỷ ban nhân dân tỉnh Hà Giang", "Ủy ban nhân dân tỉnh"),
        ("Ủy ban TV Quốc hội quyết định", "Ủy ban Thường vụ Quốc hội"),
        ("Cấp ủy cấp xã theo quy định", "Cấp ủy cấp xã"),
        ("Hội đồng nhân dân tỉnh theo thẩm quyền", "Hội đồng nhân dân tỉnh"),
        ("Đảng đoàn Ủy ban MTTQ tỉnh (đối với cấp tỉnh)", "Đảng đoàn Ủy ban Mặt trận Tổ quốc tỉnh"),
        ("Các các cơ quan liên quan", "Các cơ quan liên quan"),
        ("ban thường vụ các huyện ủy", "Ban thường vụ các huyện ủy"),
        ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Văn phòng Đoàn ĐBQH tỉnh", "Văn phòng Đoàn Đại biểu Quốc hội tỉnh"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Ban Tổ chức Tỉnh ủy Nghệ An", "Ban Tổ chức Tỉnh ủy"),
        ("Ban Thường vụ Huyện ủy Nam Đàn", "Ban Thường vụ Huyện ủy Nam Đàn"),
        ("Sở Nội vụ là cơ quan thường trực", "Sở Nội vụ"),
        ("các cơ quan liên quan khác", "Các cơ quan liên quan"),
        ("Sở Tài chính v.v.", "Sở Tài chính"),
        ("Văn phòng UBND tỉnh./.", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở VH,TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Đài PT-TH tỉnh", "Đài Phát thanh - Truyền hình tỉnh"),
        ("các tổ chức CT-XH tỉnh", "Các tổ chức chính trị - xã hội tỉnh"),
    ],
)
def test_full_names(surface, full):
    assert agency_name(surface) == full


def test_expand_abbreviations_leaves_words_containing_them():
    assert expand_abbreviations("HĐND, UBND và Sở TTTT") == (
        "Hội đồng nhân dân, Ủy ban nhân dân và Sở Thông tin và Truyền thông")
    assert expand_abbreviations("TVHĐ") == "TVHĐ"


@pytest.mark.parametrize(
    ("name", "collective"),
    [
        ("Các cơ quan, đơn vị", True),
        ("Ủy ban nhân dân huyện, thành phố", True),
        ("Ban Thường vụ các huyện, thị, thành ủy", True),
        ("Cấp ủy cấp huyện", True),
        ("Sở Nội vụ", False),
        ("Đảng ủy Khối các cơ quan tỉnh", False),
        ("Ủy ban nhân dân huyện Chiêm Hóa", False),
        ("Ủy ban nhân dân các xã thuộc diện sắp xếp", True),
        ("Ban Quản lý các khu công nghiệp", False),
    ],
)
def test_collective(name, collective):
    assert is_collective(name) is collective


def test_offsets_point_at_the_surface():
    text = "Chủ trì: Sở Tài chính; UBND huyện"
    ms = split_agencies(text[9:], 9)
    assert [text[m.start:m.end] for m in ms] == ["Sở Tài chính", "UBND huyện"]
    assert ms[1].surface == "UBND huyện" and ms[1].name == "Ủy ban nhân dân huyện"


def test_posts_and_units_are_marked():
    assert split_agencies("Trưởng ban Dân vận")[0].kind == "post"
    assert split_agencies("xã Hòn Thơm")[0].kind == "unit"


def test_one_body_one_name_wherever_it_is_named():
    """The two-IRI bug: "Sở KH&ĐT" as a task's role and as a change's input is one body.

    Tasks read role lists with ``split_agencies``; changes name each input with ``mention``;
    both must give the same name, so resolve gives both the same entity key (the IRI)."""
    from tinhgon.builders.agencies import mention
    from tinhgon.builders.resolve import entity_key

    as_role = split_agencies("Sở KH&ĐT, Sở Nội vụ")[0]
    text = "Hợp nhất Sở KH&ĐT và Sở Tài chính"
    as_input = mention("Sở KH&ĐT", text.index("Sở KH&ĐT"))
    assert as_role.name == as_input.name == agency_name("Sở KH&ĐT") == "Sở Kế hoạch và Đầu tư"
    assert as_input.surface == text[as_input.start:as_input.end]
    assert entity_key(as_role, "Nghệ An") == entity_key(as_input, "Nghệ An")
    # print marks around a name change nothing
    assert agency_name("**Sở KH&ĐT**") == agency_name("Sở KH&ĐT⁽¹⁾") == "Sở Kế hoạch và Đầu tư"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the heads of a class of bodies act as those bodies; one named office stays as written
        ("Thủ trưởng các sở, ban, ngành và UBND phường, xã", ["Các sở, ban, ngành", "Ủy ban nhân dân phường, xã"]),
        ("Giám đốc, Thủ trưởng các cơ quan, đơn vị", ["Các cơ quan, đơn vị"]),
        ("Chủ tịch UBND tỉnh, Bộ trưởng Bộ Nội vụ", ["Chủ tịch Ủy ban nhân dân tỉnh", "Bộ trưởng Bộ Nội vụ"]),
    ],
)
def test_office_holders(text, expected):
    assert names(text) == expected
    assert [m.kind for m in split_agencies("Chủ tịch UBND tỉnh, Bộ trưởng Bộ Nội vụ")] == ["post", "post"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a department's own 'và' never splits a list; a new head word does
        ("Sở Nông nghiệp và Môi trường và Sở Dân tộc và Tôn giáo",
         ["Sở Nông nghiệp và Môi trường", "Sở Dân tộc và Tôn giáo"]),
        ("các Sở: Văn hóa, Thể thao và Du lịch, Khoa học và Công nghệ",
         ["Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ"]),
        # heads read from the lexicon, old tone placement too
        ("Sở Tài chính, Kho bạc Nhà nước tỉnh và Toà án nhân dân tỉnh",
         ["Sở Tài chính", "Kho bạc Nhà nước tỉnh", "Tòa án nhân dân tỉnh"]),
        # common nouns that open like a head are no body of their own
        ("Sở Nội vụ và Hội nghị cán bộ", ["Sở Nội vụ và Hội nghị cán bộ"]),
        ("Văn phòng HĐND-UBND huyện", ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"]),
    ],
)
def test_heads_and_departments_from_the_lexicon(text, expected):
    assert names(text) == expected


def test_collective_levels_and_units():
    assert is_collective("Ủy ban nhân dân các xã, phường")
    assert is_collective("Các phòng, ban cấp huyện")
    assert is_collective("Ủy ban nhân dân xã, phường, đặc khu")
    assert not is_collective("Ủy ban nhân dân xã Phú Quý")


def test_a_head_over_names_further_along_a_list():
    assert names("Các Bộ, cơ quan liên quan và các Tập đoàn: Điện lực Việt Nam, Bưu chính Viễn thông Việt Nam") == [
        "Các Bộ, cơ quan liên quan", "Tập đoàn Điện lực Việt Nam", "Tập đoàn Bưu chính Viễn thông Việt Nam"]
    assert names("Đài Truyền hình Việt Nam, Thông tấn xã Việt Nam") == ["Đài Truyền hình Việt Nam",
                                                                      "Thông tấn xã Việt Nam"]


def test_abbreviations_expand_in_one_pass_longest_first_as_whole_tokens():
    """'ĐB QH' before 'QH', 'UBMTTQVN' before 'UBMTTQ'; '&' belongs to the token ('TT&TT'), and an
    abbreviation inside a longer capital word is left alone."""
    assert expand_abbreviations("Đoàn ĐB  QH tỉnh") == "Đoàn Đại biểu Quốc hội tỉnh"
    assert expand_abbreviations("UBMTTQVN tỉnh, UBMTTQ huyện") == \
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Ủy ban Mặt trận Tổ quốc huyện"
    assert expand_abbreviations("Sở TT&TT, Sở KH&ĐT") == "Sở Thông tin và Truyền thông, Sở Kế hoạch và Đầu tư"
    assert expand_abbreviations("UBNDX và QHX") == "UBNDX và QHX"


def test_titles_and_local_bodies_named_bare_take_words_from_the_next_body():
    """agencies_organs.tsv: a title takes the next body's owner, a local body its localities; a body
    not listed there keeps its name."""
    names = [m.name for m in split_agencies("Ủy ban Kiểm tra; Văn phòng Huyện ủy")]
    assert names == ["Ủy ban Kiểm tra Huyện ủy", "Văn phòng Huyện ủy"]
    names = [m.name for m in split_agencies("Chi bộ, Đảng ủy các xã, phường")]
    assert names == ["Chi bộ các xã, phường", "Đảng ủy các xã, phường"]
    names = [m.name for m in split_agencies("Sở Nội vụ, Ủy ban nhân dân các xã")]
    assert names == ["Sở Nội vụ", "Ủy ban nhân dân các xã"]


def test_print_marks_and_doubled_plurals_leave_the_name():
    assert agency_name("**Sở Nội vụ**¹") == "Sở Nội vụ"
    assert agency_name("Các  các cơ quan, đơn vị") == "Các cơ quan, đơn vị"
    assert agency_name("Văn phòng HĐND - UBND tỉnh") == "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân tỉnh"


@pytest.mark.parametrize("text, expected", [
    # after a named or qualified body, 'và' and a bare common noun open a class of their own
    ("Ủy ban nhân dân xã, thị trấn và đơn vị có liên quan",
     ["Ủy ban nhân dân xã, thị trấn", "Các đơn vị có liên quan"]),
    ("Các phòng, ban, đoàn thể huyện và đơn vị liên quan", ["Các phòng, ban, đoàn thể huyện", "Các đơn vị liên quan"]),
    # a bare noun before 'và' goes on with the class ("các cơ quan và đơn vị")
    ("Các cơ quan, tổ chức và cá nhân có liên quan", ["Các cơ quan, tổ chức và cá nhân có liên quan"]),
    # the city a class of bodies belongs to is shared by the whole list
    ("Các sở, ngành, đoàn thể Thành phố", ["Các sở, ngành, đoàn thể Thành phố"]),
])
def test_a_bare_common_noun_after_a_body_opens_a_class(text: str, expected: list[str]) -> None:
    got = split_agencies(text)
    assert [m.name for m in got] == expected
    assert all(m.collective for m in got)


def test_one_kind_of_body_over_several_units_is_not_several_kinds() -> None:
    from tinhgon.builders.agencies import several_kinds

    one = split_agencies("Ủy ban nhân dân các phường, xã")
    assert len(one) == 1 and one[0].collective and not several_kinds(one[0])
    kinds = split_agencies("Các phòng, ban, ngành huyện")
    assert len(kinds) == 1 and several_kinds(kinds[0])


def test_a_list_names_only_bodies() -> None:
    from tinhgon.builders.agencies import names_only_bodies

    assert names_only_bodies("các phòng, ban, đoàn thể huyện, Ủy ban nhân dân các xã, thị trấn")
    assert names_only_bodies("Sở Văn hóa, Thể thao và Du lịch, Sở Y tế")
    assert not names_only_bodies("Ủy ban nhân dân cấp huyện và khung số lượng cấp phó")


@pytest.mark.parametrize("text, expected", [
    # objects of 'thuộc' joined by ',' or 'và' are of one kind
    ("Các phòng thuộc Ủy ban nhân dân tỉnh và Ủy ban nhân dân huyện",
     ["Các phòng thuộc Ủy ban nhân dân tỉnh và Ủy ban nhân dân huyện"]),
    # a body of another kind after the object is the next body of the list
    ("Các đơn vị thuộc Bộ Công an và Ủy ban nhân dân các tỉnh", ["Các đơn vị thuộc Bộ Công an",
                                                               "Ủy ban nhân dân các tỉnh"]),
    ("Các phòng thuộc Sở Y tế, Văn phòng Tỉnh ủy", ["Các phòng thuộc Sở Y tế", "Văn phòng Tỉnh ủy"]),
])
def test_objects_of_thuoc_are_of_one_kind(text: str, expected: list[str]) -> None:
    assert [m.name for m in split_agencies(text)] == expected


def test_head_words_with_no_name_are_one_class_of_kinds() -> None:
    got = split_agencies("Sở, ban, ngành có liên quan, Viện, Trường")
    assert [(m.name, m.collective) for m in got] == [("Sở, ban, ngành có liên quan", True), ("Viện, Trường", True)]
    # named bodies of those heads are bodies of their own
    assert [m.name for m in split_agencies("Viện Kinh tế, Trường Chính trị tỉnh")] == ["Viện Kinh tế",
                                                                                      "Trường Chính trị tỉnh"]


def test_khac_before_the_shared_qualifier_keeps_the_list_of_common_nouns_one_class() -> None:
    # "tổ chức" opens a new body after a comma, unless it is bare: "khác (có liên quan)" leaves it bare
    got = [m.name for m in split_agencies("Sở Tư pháp và các cơ quan, tổ chức khác có liên quan")]
    assert got == ["Sở Tư pháp", "Các cơ quan, tổ chức khác có liên quan"]
    assert [m.name for m in split_agencies("các cơ quan, tổ chức chính trị - xã hội")] == [
        "Các cơ quan", "Các tổ chức chính trị - xã hội"]
