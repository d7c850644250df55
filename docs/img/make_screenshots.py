"""Regenerate the README screenshots: the interactive page and the lineage of 18-NQ/TW.

Builds the bundled corpus into a temporary store, writes both views with the `tinhgon`
commands a reader would type, and photographs them with headless Chromium.

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
        svg = t / "lineage.svg"
        run(tinhgon, "lineage", "18-NQ/TW", "--store", store, "--lang", "en", "--out", str(svg))
        # Show the SVG at the screenshot's width, whatever its natural size.
        text = svg.read_text(encoding="utf-8")
        w, h = (float(x) for x in re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', text).groups())
        frame = t / "lineage.html"
        frame.write_text(f'<html><body style="margin:0;background:#fff"><img src="{svg.name}" '
                         f'style="width:{WIDTH}px;display:block"></body></html>', encoding="utf-8")
        shoot(frame.as_uri(), HERE / "lineage-18-nq-tw.png", round(WIDTH * h / w) + 2, t / "profile")
    print("wrote", HERE / "viz.png", "and", HERE / "lineage-18-nq-tw.png")


if __name__ == "__main__":
    main()
