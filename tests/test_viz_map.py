"""The map of the 2025 commune arrangement (issue 12): new communes at their coordinates, linked to
the old units the text forms them from, coloured by how many merged; `tinhgon map` writes it."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tinhgon.graph import viz_map
from tinhgon.graph.store import GraphStore

from .conftest import DATA

LAI_CHAU = DATA / "arrangement" / "lai-chau-1670.md"


def build(tmp: Path, files: list[Path], *, gazetteer: bool = True) -> Path:
    from tinhgon.cli import main
    from tinhgon.pipeline import build as build_files

    store_dir = tmp / "store"
    store = GraphStore(store_dir)
    report = build_files(files, store)
    assert report.ok, report.failed
    del store
    if gazetteer:
        res = CliRunner().invoke(main, ["gazetteer", "--store", str(store_dir), "--province", "Lai Châu"])
        assert res.exit_code == 0, res.output
    return store_dir


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("map"), [LAI_CHAU])


@pytest.fixture(scope="module")
def svg(store_dir) -> str:
    return viz_map.to_svg(viz_map.read(GraphStore(store_dir, read_only=True)))


def dots(svg: str) -> dict[str, dict[str, str]]:
    out = {}
    for tag in re.findall(r'<circle class="new"[^>]*>', svg):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        out[html.unescape(attrs["data-name"])] = attrs
    return out


def test_each_new_commune_is_drawn_coloured_by_how_many_units_merged(svg):
    d = dots(svg)
    assert len(d) == 36  # the resolution's 36 new communes, all known to the gazetteer
    # "… các phường Đoàn Kết, Quyết Tiến, Quyết Thắng, xã Lản Nhì Thàng và xã Sùng Phài thành phường … Đoàn Kết"
    assert d["phường Đoàn Kết"]["data-merged"] == "5" and d["phường Đoàn Kết"]["fill"] == viz_map.colour(5)
    assert d["xã Sin Suối Hồ"]["data-merged"] == "3" and d["xã Sin Suối Hồ"]["fill"] == viz_map.colour(3)
    assert len({viz_map.colour(n) for n in range(1, 8)}) == 5
    assert all(a["fill"] == viz_map.colour(int(a["data-merged"])) for a in d.values())
    assert "5 đơn vị trở lên" in svg and "Lai Châu — 36 xã, phường mới" in svg


def test_new_communes_sit_at_the_gazetteers_coordinates(svg):
    from tinhgon.builders.gazetteer import AFTER_2025, tables

    _legacy, after, _succ = tables()
    lai_chau = next(u.code for u in after if u.kind == "province" and u.name == "Lai Châu")
    where = {u.label: (u.lat, u.lon) for u in after if u.kind == "commune" and u.province_code == lai_chau
             and u.era == AFTER_2025}
    d = dots(svg)
    names = sorted(d)
    assert set(names) <= set(where)
    # east is right and north is up, at one scale: the order of the dots is the order of the coordinates
    by_lon = sorted(names, key=lambda n: where[n][1])
    by_x = sorted(names, key=lambda n: float(d[n]["cx"]))
    assert by_lon == by_x
    by_lat = sorted(names, key=lambda n: -where[n][0])
    assert by_lat == sorted(names, key=lambda n: float(d[n]["cy"]))


def test_old_units_are_linked_to_the_new_one_and_parts_are_dashed(store_dir):
    data = viz_map.read(GraphStore(store_dir, read_only=True), ["lai chau"])
    doan_ket = next(u for u in data["Lai Châu"] if u.name == "phường Đoàn Kết")
    assert sorted(i.name for i in doan_ket.inputs) == [
        "phường Quyết Thắng", "phường Quyết Tiến", "phường Đoàn Kết", "xã Lản Nhì Thàng", "xã Sùng Phài"]
    assert doan_ket.document == "1670/NQ-UBTVQH15" and "Đoàn Kết" in doan_ket.quote
    svg = viz_map.to_svg(data)
    placed_inputs = sum(1 for u in data["Lai Châu"] for i in u.inputs if i.lat is not None)
    assert svg.count('<line class="link"') == placed_inputs > 80


def test_a_new_commune_the_gazetteer_does_not_know_is_named_not_placed(tmp_path):
    text = LAI_CHAU.read_text(encoding="utf-8").replace("**xã**** Sin Suối Hồ**", "**xã**** Tên Mới Lạ**")
    renamed = tmp_path / "lai-chau-1670.md"
    renamed.write_text(text, encoding="utf-8")
    svg = viz_map.to_svg(viz_map.read(GraphStore(build(tmp_path, [renamed]), read_only=True)))
    assert "xã Tên Mới Lạ" not in dots(svg) and len(dots(svg)) == 35
    missing = re.search(r'<text class="missing"[^>]*data-count="(\d+)">([^<]*)<', svg)
    assert missing and missing[1] == "1" and "xã Tên Mới Lạ (Lai Châu)" in html.unescape(missing[2])


def test_the_map_command_writes_svg_and_html_and_explains_what_is_missing(store_dir, tmp_path):
    from tinhgon.cli import main

    runner = CliRunner()
    out = tmp_path / "map.svg"
    res = runner.invoke(main, ["map", "--store", str(store_dir), "--province", "lai chau", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "36 of 36 new communes placed" in res.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<svg") and 'viewBox="0 0 ' in text and 'width="100%"' in text
    page = tmp_path / "map.html"
    res = runner.invoke(main, ["map", "--store", str(store_dir), "--lang", "en", "--out", str(page)])
    assert res.exit_code == 0, res.output
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and "5 units or more" in page.read_text()
    res = runner.invoke(main, ["map", "--store", str(store_dir), "--province", "Hà Nội", "--out", str(out)])
    assert res.exit_code != 0 and "no commune arrangement of Hà Nội" in res.output


def test_without_the_gazetteer_the_map_says_how_to_load_it(tmp_path):
    store = GraphStore(build(tmp_path, [LAI_CHAU], gazetteer=False), read_only=True)
    with pytest.raises(viz_map.MapError, match="tinhgon gazetteer"):
        viz_map.read(store)
