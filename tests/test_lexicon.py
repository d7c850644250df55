"""The lexicon: every file keeps its own schema, and every row's example shows the row's effect."""

from __future__ import annotations

import importlib

import pytest

from tinhgon.builders import lexicon

ALL_ROWS = [(name, row) for name in lexicon.families() for row in lexicon.family(name).rows]


def test_every_family_is_sound():
    assert lexicon.check_all() == []


@pytest.mark.parametrize(("name", "row"), ALL_ROWS, ids=[r.where for _, r in ALL_ROWS])
def test_every_example_shows_its_row(name, row):
    """One test over every row of every family: the owner runs the example through the builder."""
    owner = importlib.import_module(f"tinhgon.builders.{lexicon.family(name).owner}")
    assert hasattr(owner, "lexicon_example"), f"{name}.tsv: owner {owner.__name__} has no lexicon_example()"
    assert owner.lexicon_example(name, row) is None, owner.lexicon_example(name, row)


SAMPLE = """# a comment
#% owner: tasks
#% key: cue
#% enum role: lead coordinating
#% match: cue
#% optional: note
cue\trole\texample\tnote
chủ trì\tlead\tSở Nội vụ chủ trì thực hiện.\t
phối hợp\tcoordinating\tCác sở phối hợp thực hiện.\t
"""


def test_parse_reads_schema_and_rows():
    fam = lexicon.parse(SAMPLE, "roles")
    assert fam.owner == "tasks"
    assert fam.columns == ("cue", "role", "example", "note")
    assert [r["cue"] for r in fam.rows] == ["chủ trì", "phối hợp"]
    assert fam.rows[0].line == 8
    assert lexicon.validate(fam) == []


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (SAMPLE.replace("lead\tSở", "leader\tSở"), "role='leader' is not one of"),
        (SAMPLE.replace("phối hợp\tcoordinating", "chủ trì\tcoordinating").replace("Các sở phối hợp", "Các sở chủ trì"),
         "duplicate cue"),
        (SAMPLE.replace("Sở Nội vụ chủ trì thực hiện.", "Sở Nội vụ làm việc."), "does not contain cue 'chủ trì'"),
        (SAMPLE.replace("\tSở Nội vụ chủ trì thực hiện.", "\t"), "column 'example' is empty"),
    ],
)
def test_validator_names_the_file_line_and_fault(bad, message):
    errors = lexicon.validate(lexicon.parse(bad, "roles"))
    assert any(message in e and "builders/data/lexicon/roles.tsv:" in e for e in errors), errors


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (SAMPLE.replace("#% key: cue", "#% keys: cue"), "unknown directive 'keys'"),
        (SAMPLE.replace("cue\trole\texample\tnote", "cue\trole\tsentence\tnote"), "no 'example' column"),
        (SAMPLE.replace("#% match: cue", "#% match: phrase"), "names column 'phrase'"),
        (SAMPLE + "x\tlead\tx\t\textra\n", "cells for 4 columns"),
    ],
)
def test_malformed_files_are_refused_with_their_line(bad, message):
    with pytest.raises(lexicon.LexiconError, match=message):
        lexicon.parse(bad, "roles")


def test_alternation_matches_whole_words_longest_first():
    rx = lexicon.compile_alternation("abbreviations", "abbreviation")
    assert rx.search("Ban TV Tỉnh ủy").group(0) == "TV"
    assert rx.search("Đề nghị UBMTTQVN tỉnh").group(0) == "UBMTTQVN"
    assert rx.search("TVHĐND") is None


def test_cell_pattern_allows_any_spacing():
    import re

    assert re.fullmatch(lexicon.cell_pattern("ĐB QH|ĐBQH"), "ĐB  QH")
    assert re.fullmatch(lexicon.cell_pattern("ĐB QH|ĐBQH"), "ĐBQH")


def test_lexicon_check_command_reports_sound_lexicon():
    from click.testing import CliRunner

    from tinhgon.cli import main

    result = CliRunner().invoke(main, ["lexicon", "check"])
    assert result.exit_code == 0, result.output
    assert "lexicon sound" in result.output


_PHRASES = ("#% owner: tasks\n#% key: name\n#% regex: pattern\n#% match: pattern\n#% flags: raw\n"
            "#% optional: flags counter note\nname\tpattern\tflags\texample\tcounter\tnote\n")


def test_phrase_rows_check_example_and_counter_sentence():
    """A phrase pattern is raw (not word-bounded), takes its row's flags, and its guard is checked."""
    good = lexicon.parse(_PHRASES + "statement\t^[^.;:]{0,40}\\slà\\s+căn\\s+cứ\tignorecase"
                         "\tĐây LÀ căn cứ để làm.\tĐây là việc cần làm.\t\n", "x")
    assert lexicon.validate(good) == []
    assert good.compiled(good.rows[0], "pattern").search("Đó LÀ CĂN CỨ")
    bad = lexicon.parse(_PHRASES + "statement\t^[^.;:]{0,40}\\slà\\s+căn\\s+cứ\t"
                        "\tĐây LÀ căn cứ.\tĐây là căn cứ.\t\n", "x")
    errors = lexicon.validate(bad)
    assert any("x.tsv:8: the example does not contain" in e for e in errors)
    assert any("x.tsv:8: the counter sentence contains" in e for e in errors)


def test_compile_alternation_puts_the_cues_in_their_context():
    pat = lexicon.compile_alternation("role_cues", "cue", where="with", before=r"(?<!\w)", after=r"\s+",
                                      group=True)
    m = pat.search("Sở Nội vụ chủ trì, phối hợp với Sở Tài chính")
    assert m and m.group(1).lower().startswith("phối hợp") and m.group().endswith(" ")
