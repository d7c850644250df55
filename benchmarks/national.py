"""A synthetic national corpus: the sample plans rewritten for 63 provinces, N documents each.

Each document is one of the four sample files (corpus/*.txt) with its province replaced by
another of the 63 provinces (every spelling: "An Giang", "AN GIANG"), the districts and
communes it names replaced by units of that province (so the province is still read off
its places), its own number and the numbers of the province's documents it refers to
made distinct per copy (19-CTr/TU → 119-CTr/TU, 219-CTr/TU …), and its own date moved.
Central documents (18-NQ/TW, 74-KL/TW …) stay as printed, so every copy hangs under them.

Usage: python benchmarks/national.py OUT_DIR --docs 600
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from tinhgon.builders import gazetteer
from tinhgon.pipeline import extract
from tinhgon.text import slugify

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "corpus"


@dataclass
class Template:
    path: Path
    text: str
    province: str
    numbers: list[str]  # the province's own document numbers printed in it (its own first)
    date: dt.date | None
    places: dict[str, str]  # bare name of a district/commune of the province → kind


def read_template(path: Path) -> Template:
    """What to rewrite in one sample: read by the builders themselves (province, numbers, places)."""
    ex, res = extract(path)
    text = path.read_text(encoding="utf-8")
    province = ex.document.province or res.province
    if not province:
        raise SystemExit(f"{path}: the builders read no province; it cannot serve as a template")
    numbers = [ex.document.number] if ex.document.number else []
    for ref, target in res.references:
        if target.province == province and ref.number not in numbers:
            numbers.append(ref.number)
    date = dt.date.fromisoformat(ex.document.date) if ex.document.date else None
    places: dict[str, str] = {}
    for pm in gazetteer.find_places(text):
        kinds = {p.kind for p in pm.candidates}
        if pm.provinces == {province} and gazetteer.PROVINCE not in kinds:
            m = re.match(r"(?i:tỉnh|huyện|quận|thị xã|thành phố|tp\.?|xã|phường|thị trấn)\s+", pm.surface)
            places[pm.surface[m.end():] if m else pm.surface] = sorted(kinds)[0]
    return Template(path, text, province, [n for n in numbers if re.match(r"\d", n)], date, places)


def units_by_province() -> dict[str, dict[str, list[str]]]:
    """province → kind → unit names (from the gazetteer's dataset, sorted)."""
    out: dict[str, dict[str, set[str]]] = {}
    for kind in (gazetteer.DISTRICT, gazetteer.COMMUNE):
        for places in gazetteer._index()[kind].values():  # the dataset as the builders index it
            for p in places:
                out.setdefault(p.province, {}).setdefault(kind, set()).add(p.name)
    return {prov: {k: sorted(v) for k, v in kinds.items()} for prov, kinds in out.items()}


def _date_forms(d: dt.date) -> list[str]:
    return [f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.day}/{d.month}/{d.year}",
            f"ngày {d.day} tháng {d.month} năm {d.year}", f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"]


def rewrite(t: Template, province: str, units: dict[str, list[str]], copy: int, salt: int) -> str:
    """One copy of template ``t`` for ``province``; ``copy`` makes numbers and dates distinct."""
    text = t.text
    for n in t.numbers:
        m = re.match(r"\d+", n)
        digits, rest = m.group(0), n[m.end():]
        new = str(int(digits) + 100 * (copy + 1))
        text = re.sub(rf"(?<![\d/]){digits}(?=\s*{re.escape(rest)})", new, text)
    if t.date:
        new_date = t.date + dt.timedelta(days=copy * 3 + salt % 3)
        for old, new in zip(_date_forms(t.date), _date_forms(new_date), strict=True):
            text = text.replace(old, new)
    for i, (name, kind) in enumerate(sorted(t.places.items())):
        pool = units.get(kind) or units.get(gazetteer.DISTRICT) or [name]
        repl = pool[(salt * 7 + copy * 3 + i) % len(pool)]
        text = re.sub(rf"(?<![^\W\d_]){re.escape(name)}(?![^\W\d_])", repl, text)
    for old, new in ((t.province, province), (t.province.upper(), province.upper())):
        text = re.sub(rf"(?<![^\W\d_]){re.escape(old)}(?![^\W\d_])", new, text)
    return text


def generate(out: Path, docs: int, templates: list[Path] | None = None) -> list[Path]:
    """Write ``docs`` files under ``out/<province-slug>/``; returns them in order."""
    tpls = [read_template(p) for p in (templates or sorted(TEMPLATES.glob("*.txt")))]
    provinces = [p.name for p in gazetteer.provinces()]
    units = units_by_province()
    per_province = math.ceil(docs / len(provinces))
    written: list[Path] = []
    for j in range(per_province):
        for salt, prov in enumerate(provinces):
            if len(written) >= docs:
                break
            t = tpls[(j + salt) % len(tpls)]
            copy = j // len(tpls)
            f = out / slugify(prov) / f"{t.path.stem}-{copy:03d}.txt"
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(rewrite(t, prov, units.get(prov, {}), copy, salt), encoding="utf-8")
            written.append(f)
    return written


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=600)
    args = ap.parse_args(argv)
    files = generate(args.out, args.docs)
    print(f"wrote {len(files)} documents under {args.out} "
          f"({sum(f.stat().st_size for f in files) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main(sys.argv[1:])
