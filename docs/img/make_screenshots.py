"""Regenerate the README screenshots: the interactive page (focused, and the whole-graph overview),
the lineage of 18-NQ/TW and the map of the 2025 commune arrangement.

Builds the bundled corpus (and the two arrangement resolutions of tests/data/arrangement) into
temporary stores, writes each view with the `tinhgon` commands a reader would type, and
photographs them with headless Chromium.

    .venv/bin/python docs/img/make_screenshots.py
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WIDTH = 1400


def run(*args: str, quiet: bool = False) -> None:
    print("$", " ".join(args))
    proc = subprocess.run(args, capture_output=quiet, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {(proc.stderr or '')[-2000:]}")


def shoot(url: str, out: Path, height: int, profile: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium is not installed (apt-get install chromium)")
    run(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={profile}", "--virtual-time-budget=30000",
        f"--window-size={WIDTH},{height}", f"--screenshot={out}", url, quiet=True)


def main() -> None:
    tinhgon = str(Path(sys.executable).with_name("tinhgon"))
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        store = str(t / "store")
        run(tinhgon, "build", str(ROOT / "corpus"), "--store", store)
        page = t / "graph.html"
        run(tinhgon, "viz", "--store", store, "--focus", "18-NQ/TW", "--depth", "2", "--max-nodes", "150",
            "--lang", "en", "--out", str(page))
        shoot(page.as_uri(), HERE / "viz.png", 900, t / "profile")
        overview = t / "overview.html"
        run(tinhgon, "viz", "--store", store, "--lang", "en", "--out", str(overview))
        shoot(overview.as_uri(), HERE / "viz-overview.png", 900, t / "profile")
        svg = t / "lineage.svg"
        run(tinhgon, "lineage", "18-NQ/TW", "--store", store, "--lang", "en", "--out", str(svg))
        shoot_svg(svg, HERE / "lineage-18-nq-tw.png", t)
        arrangement = str(t / "arrangement")
        data = ROOT / "tests" / "data" / "arrangement"
        run(tinhgon, "build", str(data / "hue-1675.md"), str(data / "lai-chau-1670.md"), "--store", arrangement)
        run(tinhgon, "gazetteer", "--store", arrangement, "--province", "Huế", "--province", "Lai Châu")
        svg = t / "map.svg"
        run(tinhgon, "map", "--store", arrangement, "--lang", "en", "--out", str(svg))
        shoot_svg(svg, HERE / "arrangement-map.png", t)
    print("wrote", ", ".join(str(HERE / n) for n in ("viz.png", "viz-overview.png", "lineage-18-nq-tw.png",
                                                     "arrangement-map.png")))


def shoot_svg(svg: Path, out: Path, tmp: Path) -> None:
    """Photograph an SVG at the screenshot's width, whatever its natural size (from its viewBox)."""
    text = svg.read_text(encoding="utf-8")
    _x, _y, w, h = (float(v) for v in re.search(r'viewBox="([\d.-]+) ([\d.-]+) ([\d.]+) ([\d.]+)"', text).groups())
    frame = tmp / f"{svg.stem}.html"
    frame.write_text(f'<html><body style="margin:0;background:#fff"><img src="{svg.name}" '
                     f'style="width:{WIDTH}px;display:block"></body></html>', encoding="utf-8")
    shoot(frame.as_uri(), out, round(WIDTH * h / w) + 2, tmp / "profile")


if __name__ == "__main__":
    main()
