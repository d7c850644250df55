"""``tinhgon check arrangements``: the arrangements read off the resolutions, set against the official tables.

Why: the graph's changes follow the words of each resolution, and the package's conversion
tables (vietnamadminunits) are an independent reference. Where they disagree the text wins —
but an analyst wants to see every disagreement with the words behind it: a new unit whose old
units differ, a unit the tables do not know, a count in the resolution that does not add up.
Names are compared by an accent-free, space-free key of the name before any bracket
("xã Hòa Phú (huyện X)" and the table's "Xã Hòa Phú" are one), as the scorer does.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import click

from tinhgon.graph.store import DEFAULT_STORE, GraphStore, StoreError


@dataclass
class Finding:
    kind: str  # "inputs-differ" | "unknown-result" | "unknown-input" | "not-in-text" | "count"
    unit: str  # the new unit (or the count) concerned
    detail: str
    quote: str = ""


@dataclass
class ResolutionCheck:
    doc: str
    number: str | None
    province: str | None
    changes: int
    table_units: int
    findings: list[Finding] = field(default_factory=list)


def unit_key(label: str) -> str:
    """"xã Hòa Phú (huyện Buôn Đôn)" → "xahoaphu": the name before any bracket, accent- and space-free."""
    from tinhgon.builders.gazetteer import name_key

    return name_key(label.split("(")[0])


def exact_key(label: str) -> str:
    """The name before any bracket with its accents, in one case and tone placement, without spaces:
    "Ba Tô" and "Ba Tơ" are two communes that the accent-free key would take for one."""
    from tinhgon.text import key

    return re.sub(r"\W", "", key(label.split("(")[0]))


def _pair(text: dict[str, str], table: dict[str, str]) -> tuple[list[str], list[str]]:
    """Labels only in the text and only in the table, names matched with their accents first, then
    without them (the same commune spelled "Đắc Lua" in one and "Đak Lua" in the other is one)."""
    only_text = {exact_key(v): v for v in text.values()}
    only_table = {exact_key(v): v for v in table.values()}
    for k in set(only_text) & set(only_table):
        del only_text[k], only_table[k]
    loose = {unit_key(v): k for k, v in only_table.items()}
    for k, v in list(only_text.items()):
        t = loose.get(unit_key(v))
        if t is not None and t in only_table:
            del only_text[k], only_table[t]
    return sorted(only_text.values()), sorted(only_table.values())


def _query(name: str) -> str:
    from importlib import resources

    return resources.files("tinhgon.queries").joinpath("check", f"{name}.rq").read_text(encoding="utf-8")


def check_arrangements(store: GraphStore) -> list[ResolutionCheck]:
    """One check per document that states changes of communes."""
    from tinhgon.builders.gazetteer import official_arrangement, tables

    docs: dict[str, dict[str, Any]] = {}
    for r in store.select(_query("arrangement_changes")):
        d = docs.setdefault(r["doc"], {"number": r["number"], "province": r["province"], "changes": {}})
        c = d["changes"].setdefault(r["change"], {"result": r["result"], "quote": r["quote"], "inputs": {}})
        if r["input"]:
            c["inputs"][exact_key(r["input"])] = r["input"]
    counts: dict[str, dict[str, Any]] = defaultdict(dict)
    for r in store.select(_query("unit_counts")):
        c = counts[r["doc"]].setdefault(r["count"], {"quote": r["quote"], "total": int(r["total"]),
                                                     "unchanged": r["unchanged"], "types": {}, "left": set()})
        if r["left"]:
            c["left"].add(unit_key(r["left"]))
        if r["type"]:
            c["types"][r["type"]] = (r["typeTotal"], r["typeFormed"])
    legacy, _, _ = tables()
    out: list[ResolutionCheck] = []
    for doc, d in sorted(docs.items()):
        table = official_arrangement(d["province"] or "")
        by_exact = {exact_key(new.label): (new, olds) for new, olds in table.values()}
        loose: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
        for new, olds in table.values():
            loose[unit_key(new.label)].append((new, olds))
        known_provinces = {o.province_code for _, olds in table.values() for o, _ in olds}
        old_keys = {unit_key(u.label) for u in legacy if u.province_code in known_provinces}
        old_keys |= {unit_key(u.name) for u in legacy if u.province_code in known_provinces}
        rc = ResolutionCheck(doc, d["number"], d["province"], len(d["changes"]), len(table))
        seen: set[str] = set()
        for c in d["changes"].values():
            hit = by_exact.get(exact_key(c["result"]))
            if hit is None and len(loose.get(unit_key(c["result"]), [])) == 1:
                hit = loose[unit_key(c["result"])][0]
            text_in = set(c["inputs"])
            if hit is None:
                rc.findings.append(Finding("unknown-result", c["result"], "the table has no such new unit in "
                                           f"{d['province']}", c["quote"]))
            else:
                new, olds = hit
                seen.add(new.code)
                only_text, only_table = _pair(c["inputs"], {o.code: o.label for o, _ in olds})
                parts = []
                if only_table:
                    parts.append("the table also has " + ", ".join(only_table))
                if only_text:
                    parts.append("the text also has " + ", ".join(only_text))
                if parts:
                    rc.findings.append(Finding("inputs-differ", c["result"], "; ".join(parts), c["quote"]))
            for x in sorted(text_in):
                if table and unit_key(c["inputs"][x]) not in old_keys:
                    rc.findings.append(Finding("unknown-input", c["result"], f"the tables know no old unit "
                                               f"{c['inputs'][x]} in the provinces merged into {d['province']}",
                                               c["quote"]))
        left = {k for c in counts.get(doc, {}).values() for k in c["left"]}
        for new, olds in sorted(table.values(), key=lambda v: v[0].code):
            if unit_key(new.label) in left and len(olds) == 1:
                continue  # left as it is in the text, only spelled otherwise in the table ("Đắc Lua", "Đak Lua")
            if new.code not in seen and {exact_key(o.label) for o, _ in olds} != {exact_key(new.label)}:
                rc.findings.append(Finding("not-in-text", new.label, "the table forms it from " + ", ".join(
                    sorted(o.label for o, _ in olds)) + "; the text states no change for it"))
        for c in counts.get(doc, {}).values():
            rc.findings.extend(_count_findings(c, len(d["changes"])))
        out.append(rc)
    return out


def _count_findings(c: dict[str, Any], changes: int) -> list[Finding]:
    out: list[Finding] = []
    quote = c["quote"]
    parts = {t: v for t, v in c["types"].items()}
    totals = [int(v[0]) for v in parts.values() if v[0] is not None]
    formed = [int(v[1]) for v in parts.values() if v[1] is not None]
    if totals and sum(totals) != c["total"]:
        out.append(Finding("count", "total", f"the types add up to {sum(totals)}, not {c['total']}", quote))
    if formed and sum(formed) != changes:
        out.append(Finding("count", "formed", f"{sum(formed)} units formed by the count, {changes} changes read",
                           quote))
    left = int(c["unchanged"]) if c["unchanged"] is not None else 0
    if changes + left != c["total"]:
        out.append(Finding("count", "total", f"{changes} changes read and {left} units left as they are make "
                           f"{changes + left}, not {c['total']}", quote))
    return out


@click.group(name="check")
def check() -> None:
    """Cross-checks of the built graph against reference tables."""


@check.command(name="arrangements")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_STORE,
              show_default=True, help="Directory of the on-disk graph store (env TINHGON_STORE).")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--quotes/--no-quotes", default=True, show_default=True, help="Print the words of each finding.")
def arrangements(store_dir: Path, fmt: str, quotes: bool) -> None:
    """Per resolution: new units whose old units differ from the official table, units the tables do
    not know, table units the text does not form, and counts that do not add up — each with its quote."""
    try:
        store = GraphStore(store_dir, read_only=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    checks = check_arrangements(store)
    if not checks:
        raise click.ClickException(f"{store_dir}: no document in the store states changes of communes")
    if fmt == "json":
        click.echo(json.dumps([asdict(c) for c in checks], ensure_ascii=False, indent=1))
        return
    for rc in checks:
        click.echo(f"{rc.number or rc.doc} ({rc.province or 'province unknown'}): {rc.changes} changes read, "
                   f"{rc.table_units} new units in the table, {len(rc.findings)} findings")
        for f in rc.findings:
            click.echo(f"  [{f.kind}] {f.unit}: {f.detail}")
            if quotes and f.quote:
                click.echo(f"      “{f.quote}”")


@click.command(name="gazetteer")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_STORE,
              show_default=True, help="Directory of the on-disk graph store (env TINHGON_STORE).")
@click.option("--province", "provinces", multiple=True, metavar="NAME",
              help="Only this province as it is after 2025, with the old provinces it was formed from (repeatable).")
def gazetteer(store_dir: Path, provinces: tuple[str, ...]) -> None:
    """Load the official units before and after the 2025 arrangement, with codes, types, coordinates and
    the package's old → new links, into the tgg:gazetteer graph (replacing it)."""
    from tinhgon.builders.gazetteer import dataset_version, province_2025
    from tinhgon.graph.gazetteer import load_gazetteer

    codes = None
    if provinces:
        found = {p: province_2025(p) for p in provinces}
        unknown = [p for p, u in found.items() if u is None]
        if unknown:
            raise click.ClickException(f"no province after 2025 named {', '.join(unknown)}")
        codes = {u.code for u in found.values() if u is not None}
    try:
        store = GraphStore(store_dir)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    n = load_gazetteer(store, codes)
    click.echo(f"gazetteer: {n} triples from vietnamadminunits {dataset_version()} in {store_dir}")


COMMANDS = [check, gazetteer]
