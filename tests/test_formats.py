"""The same plan as .txt, .docx, .pdf and .html gives the same records; bad files are refused cleanly.

The Word, web and PDF files are made here from the held-out Lào Cai plan (tests/data/heldout/
h2_ubnd_plan.txt, with its gold): the Word file with Word's own automatic numbering (the numbers
are not in the text), bullets and a real table; the web page wrapped in navigation, related
links and a copyright footer; the PDF printed from that page by headless Chromium (skipped when
Chromium is absent), which adds a running header and footer of its own.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from html import escape
from pathlib import Path

import pytest
from click.testing import CliRunner

from tinhgon.builders.formats import docx as docx_reader
from tinhgon.builders.formats import html as html_reader
from tinhgon.builders.load import LoadError, load
from tinhgon.cli import main

from .conftest import DATA

PLAN = DATA / "heldout" / "h2_ubnd_plan.txt"
GOLD = DATA / "heldout" / "gold"
ROMAN = re.compile(r"^(I|II|III|IV|V|VI)\.\s+(.*)$")
DECIMAL = re.compile(r"^(\d+)\.\s+(?!\d)(.*)$")
LETTER = re.compile(r"^([a-h])\)\s+(.*)$")
BULLET = re.compile(r"^-\s+(.*)$")
RANK = {"roman": 0, "decimal": 1, "multi": 2, "letter": 3}


def blocks(text: str) -> list[tuple[str, object]]:
    """The plan as (kind, content) blocks: numbered items, bullets, plain paragraphs, tables."""
    out: list[tuple[str, object]] = []
    table: list[list[str]] = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("|"):
            if not re.fullmatch(r"\|(?:\s*-+\s*\|)+", s):
                table.append([c.strip() for c in s.strip("|").split("|")])
            continue
        if table:
            out.append(("table", table))
            table = []
        if not s:
            continue
        for kind, rx in (("roman", ROMAN), ("letter", LETTER), ("decimal", DECIMAL), ("bullet", BULLET)):
            m = rx.match(s)
            if m:
                out.append((kind, m.groups()[-1]))
                break
        else:
            out.append(("multi" if re.match(r"^\d+\.\d+\.", s) else "para", s))
    if table:
        out.append(("table", table))
    return out


# -- Word -------------------------------------------------------------------------------
def make_docx(text: str, path: Path) -> Path:
    """A Word file whose list numbers are Word's automatic numbering, restarted as a typist would."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    numbering = d.part.numbering_part.element
    formats = {"roman": ("upperRoman", "%1."), "decimal": ("decimal", "%1."), "letter": ("lowerLetter", "%1)"),
               "bullet": ("bullet", "•")}
    abstract: dict[str, int] = {}
    for i, (kind, (fmt, lvl_text)) in enumerate(formats.items()):
        aid = 90 + i
        numbering.insert(0, parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{lvl_text}"/></w:lvl></w:abstractNum>'))
        abstract[kind] = aid
    next_id = [200]
    current: dict[str, int] = {}

    def new_list(kind: str) -> int:
        next_id[0] += 1
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{next_id[0]}">'
                                   f'<w:abstractNumId w:val="{abstract[kind]}"/></w:num>'))
        return next_id[0]

    for kind, content in blocks(text):
        if kind == "table":
            rows = content
            t = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    t.cell(r, c).text = cell
            continue
        if kind in RANK:  # an item of a higher rank restarts the lists below it
            for lower, rank in RANK.items():
                if rank > RANK[kind]:
                    current.pop(lower, None)
        p = d.add_paragraph()
        if kind in formats:
            if kind not in current:
                current[kind] = new_list(kind)
            ppr = p._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/>'
                                 f'<w:numId w:val="{current[kind]}"/></w:numPr>'))
        run = p.add_run(content)
        run.bold = kind == "roman"
    d.save(path)
    return path


def test_word_numbering_is_written_into_the_text(tmp_path):
    got = docx_reader.read("plan.docx", make_docx(PLAN.read_text(encoding="utf-8"), tmp_path / "p.docx").read_bytes())
    lines = got.text.splitlines()
    assert "**II.** **NHIỆM VỤ CỤ THỂ**" in lines or any(ln.startswith("II. ") or "II." in ln[:8] for ln in lines)
    assert any(ln.startswith("2. Nhiệm vụ của các cơ quan, đơn vị") for ln in lines)
    assert any(ln.startswith("d) Theo dõi, tổng hợp kết quả") for ln in lines)  # letters restart under 2.1.
    assert any(ln.startswith("- Cơ quan chủ trì: Sở Nội vụ") for ln in lines)  # Word bullets become "- "
    assert any(ln.startswith("| 9 | Đề án thành lập thị xã Sa Pa |") for ln in lines)  # the table keeps its cells
    assert "1. Thủ trưởng các sở, ban, ngành" in got.text  # III restarts the decimal list


# -- web page -------------------------------------------------------------------------------
def make_html(text: str, path: Path, *, chrome: bool = True) -> Path:
    """A portal's page: the plan's lines as paragraphs (numbers typed, as portals publish them), its
    table as a table, and the site's navigation, related links and footer around it."""
    body: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        cells = [[c.strip() for c in ln.strip("|").split("|")] for ln in lines
                 if ln.startswith("|") and not re.fullmatch(r"\|(?:\s*-+\s*\|)+", ln)]
        lines = [ln for ln in lines if not ln.startswith("|")]
        if lines:  # lines of one block (a header, a signature) kept apart by <br>, as a typist would
            body.append("<p>" + "<br>".join(escape(ln) for ln in lines) + "</p>")
        if cells:
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in cells)
            body.append(f"<table border='1'>{rows}</table>")
    if not chrome:
        path.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Kế hoạch</title></head><body>"
                        + "".join(body) + "</body></html>", encoding="utf-8")
        return path
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Kế hoạch 112/KH-UBND - Cổng thông tin</title>"
        "<link rel='canonical' href='https://example.org/van-ban/112-kh-ubnd'></head><body>"
        "<header><nav class='main-menu'><a href='/'>Trang chủ</a> | <a>Văn bản</a> | <a>Tin tức</a></nav></header>"
        "<div class='breadcrumb'>Trang chủ &gt; Văn bản &gt; Kế hoạch</div>"
        f"<article class='content'>{''.join(body)}</article>"
        "<div class='related-news'><h3>Tin liên quan</h3><ul><li>Kế hoạch số 99/KH-UBND ngày 01/01/2019 về cải cách"
        "</li></ul></div>"
        "<footer>© Bản quyền thuộc Cổng thông tin điện tử tỉnh. Ghi rõ nguồn khi phát hành lại.</footer>"
        "</body></html>"
    )
    path.write_text(page, encoding="utf-8")
    return path


def test_web_page_keeps_only_the_document(tmp_path):
    got = html_reader.read("p.html", make_html(PLAN.read_text(encoding="utf-8"), tmp_path / "p.html").read_bytes())
    assert "Trang chủ" not in got.text and "Bản quyền" not in got.text and "99/KH-UBND" not in got.text
    assert "1.1. Rà soát, hoàn thiện quy định" in got.text
    assert got.title.startswith("Kế hoạch 112/KH-UBND")
    assert got.url == "https://example.org/van-ban/112-kh-ubnd"
    assert any("Tin liên quan" in s for s in got.set_aside)


def test_html_pasted_into_a_txt_is_read_as_a_page(tmp_path):
    src = make_html(PLAN.read_text(encoding="utf-8"), tmp_path / "p.html")
    txt = tmp_path / "plan.txt"
    txt.write_bytes(src.read_bytes())
    raw = load(txt)
    assert raw.format == "html" and "<p>" not in raw.text and "Sở Nội vụ" in raw.text


# -- PDF ------------------------------------------------------------------------------------
def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def make_pdf(html: Path, path: Path) -> Path:
    exe = chromium()
    if exe is None:
        pytest.skip("headless Chromium is not installed (apt-get install chromium)")
    profile = path.parent / "chromium-profile"
    subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={profile}", f"--print-to-pdf={path}", html.as_uri()],
                   capture_output=True, timeout=120, check=False)
    if not path.exists():
        pytest.skip("Chromium did not print the page")
    return path


# -- the same records whatever the format -------------------------------------------------
def score(paths: list[Path], tmp: Path) -> dict:
    out, store = tmp / "out", tmp / "store"
    result = CliRunner().invoke(main, ["extract", *map(str, paths), "--out", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    gold = tmp / "gold"
    gold.mkdir()
    shutil.copy(GOLD / f"{PLAN.stem}.json", gold)
    proc = subprocess.run([sys.executable, str(DATA / "eval" / "score.py"), str(gold), str(out), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout[: proc.stdout.rindex("}") + 1])


FIGURES = [("tasks", "f1"), ("task_roles", "f1"), ("task_due", "acc"), ("changes", "f1"), ("change_status", "acc")]


@pytest.fixture(scope="module")
def plain_scores(tmp_path_factory) -> dict:
    d = tmp_path_factory.mktemp("fmt-txt")
    shutil.copy(PLAN, d / PLAN.name)
    return score([d / PLAN.name], d)


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_every_format_scores_like_the_plain_text(fmt, plain_scores, tmp_path):
    text = PLAN.read_text(encoding="utf-8")
    src = tmp_path / f"{PLAN.stem}.{fmt}"
    if fmt == "docx":
        make_docx(text, src)
    elif fmt == "html":
        make_html(text, src)
    else:
        make_pdf(make_html(text, tmp_path / "page.html", chrome=False), src)
    got = score([src], tmp_path)
    for part, key in FIGURES:
        assert got[part][key] is not None
        assert abs(got[part][key] - plain_scores[part][key]) <= 0.02, (part, got[part], plain_scores[part])


# -- bad files --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "libreoffice --headless --convert-to docx"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a Word .docx file"),
        ("notes.docx", b"just text", "not a Word .docx file"),
        ("fake.pdf", b"hello", "not a PDF file"),
        ("broken.pdf", b"%PDF-1.4\n garbage", "damaged PDF"),
        ("empty.html", "<html><body><nav>Trang chủ</nav></body></html>".encode(), "holds no text"),
    ],
)
def test_bad_files_are_refused_naming_the_file_and_the_way_out(tmp_path, name, content, message):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(LoadError, match=re.escape(message)) as exc:
        load(p)
    assert name in str(exc.value)


def test_a_zip_that_is_not_word_is_refused(tmp_path):
    p = tmp_path / "archive.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "xin chào")
    with pytest.raises(LoadError, match=r"damaged \.docx"):
        load(p)


def test_scanned_and_encrypted_pdfs_are_refused(tmp_path):
    from pypdf import PdfWriter

    blank = tmp_path / "scan.pdf"
    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    with blank.open("wb") as f:
        w.write(f)
    with pytest.raises(LoadError, match=r"no text layer.*ocrmypdf"):
        load(blank)
    locked = tmp_path / "locked.pdf"
    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    w.encrypt(user_password="mật khẩu", owner_password="x")
    with locked.open("wb") as f:
        w.write(f)
    with pytest.raises(LoadError, match="encrypted"):
        load(locked)


def test_special_files_are_refused_before_reading(tmp_path):
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(LoadError, match="not a regular file"):
        load(fifo)
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(LoadError, match="not a regular file"):
        load(link)
    sparse = tmp_path / "huge.txt"
    with sparse.open("wb") as f:
        f.truncate(3 * 1024**3)
    with pytest.raises(LoadError, match="larger than the"):
        load(sparse)


@pytest.mark.parametrize(
    ("line", "running"),
    [("Trang 3", True), ("trang 3 / 12", True), ("Page 2 of 5", True), ("Trang 1 trên 4", True), ("3/12", True),
     ("17", True), ("https://example.org/van-ban/112-kh-ubnd", True), ("1/12/25, 10:30 AM Kế hoạch 112", True),
     ("Trang bị máy tính cho 12 xã", False), ("2025. Năm hoàn thành", False), ("12345", False)],
)
def test_a_pdf_margin_line_that_runs_on_every_page(line, running):
    from tinhgon.builders.formats import pdf

    assert pdf.running_line(line) is running


def test_pdf_margin_lines_repeat_once_their_numbers_are_blanked():
    from tinhgon.builders.formats.pdf import _shape

    assert _shape(" Kế hoạch 112/KH-UBND, trang 3 ") == _shape("Kế hoạch 112/KH-UBND, Trang 14") \
        == "kế hoạch #/kh-ubnd, trang #"


def test_a_web_page_s_spaces_collapse_within_lines_and_blank_lines_go():
    assert html_reader._clean("  Sở\u00a0\u00a0Nội\tvụ \r\n\n \u00a0\nchủ trì  ") == "Sở Nội vụ\nchủ trì"


def test_a_block_is_chrome_by_a_word_of_its_class_not_by_having_a_class():
    """A portal wraps the document in classed blocks ("content-detail"): only a class or id word that
    the lexicon names as chrome ("box-related", "site_footer") sets a block aside."""
    page = ("<html><body><article><div class='content-detail'><p>1. Sở Nội vụ chủ trì rà soát.</p></div>"
            "<div class='box-related'>Kế hoạch số 99/KH-UBND</div><div id='site_footer'>Bản quyền</div>"
            "</article></body></html>")
    got = html_reader.read("p.html", page.encode("utf-8"))
    assert got.text == "1. Sở Nội vụ chủ trì rà soát.\n"
    assert "Kế hoạch số 99/KH-UBND" in got.set_aside and "Bản quyền" in got.set_aside
