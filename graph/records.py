"""Export step: the extraction records of SCHEMA.md, read back from the graph by SPARQL.

The records are built from what the store holds, not from the parser's objects, so
they show exactly what an analyst querying the graph would see.
"""

from __future__ import annotations

import re
from collections import defaultdict
from importlib import resources
from typing import Any

from rdflib import URIRef

from tinhgon.graph import iris
from tinhgon.graph.store import GraphStore
from tinhgon.text import key as text_key

ROLES = ("lead", "coordinating", "implementing", "appraising", "commenting", "deciding")


def export_query(name: str) -> str:
    """The text of queries/export/<name>.rq (package data of tinhgon.queries)."""
    return resources.files("tinhgon.queries").joinpath("export", f"{name}.rq").read_text(encoding="utf-8")


def _key(doc_iri: str) -> str:
    return doc_iri.rsplit("/doc/", 1)[-1].replace("/", ":")


def source_record(store: GraphStore, stem: str, name: str) -> dict[str, Any]:
    """One source file's record: {"source", "documents", "tasks", "org_changes"}."""
    src = iris.source(stem)
    docs = store.select(export_query("documents"), {"source": src})
    documents, tasks, changes = [], [], []
    for d in _first_per(docs, "doc"):
        doc = URIRef(d["doc"])
        key = _key(d["doc"])
        refs = store.select(export_query("references"), {"doc": doc})
        implements = sorted({r["number"] for r in refs if r["relation"] == "implements"})
        cites = sorted({r["number"] for r in refs if r["relation"] == "cites"} - set(implements))
        documents.append({
            "key": key, "type": d["type"], "number": d["number"], "date": d["date"],
            "year": int(d["year"]) if d["year"] else None, "issuer": d["issuer"],
            "province": d["province"], "signer": d["signer"],
            "implements": implements, "cites": cites,
        })
        tasks.extend(_tasks(store, doc, key))
        changes.extend(_changes(store, doc, key))
    return {"source": name, "documents": documents, "tasks": tasks, "org_changes": changes}


def _first_per(rows: list[dict[str, Any]], col: str) -> list[dict[str, Any]]:
    """One row per value of ``col`` (OPTIONALs with two values would repeat it)."""
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:
        seen.setdefault(r[col], r)
    return list(seen.values())


def _tasks(store: GraphStore, doc: URIRef, key: str) -> list[dict[str, Any]]:
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in store.select(export_query("task_roles"), {"doc": doc}):
        if all(text_key(r["agency"]) != text_key(x) for x in roles[r["task"]][r["role"]]):
            roles[r["task"]][r["role"]].append(r["agency"])
    out = []
    for t in _first_per(store.select(export_query("tasks"), {"doc": doc}), "task"):
        rec: dict[str, Any] = {"doc": key, "ref": t["ref"], "text": t["text"]}
        for role in ROLES:
            rec[role] = roles[t["task"]].get(role, [])
        rec.update({"start": t["start"], "due": t["due"], "recurrence": t["recurrence"], "same_as": t["sameAs"]})
        out.append(rec)
    return sorted(out, key=lambda r: _ref_order(r["ref"]))


def _ref_order(ref: str) -> tuple:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-]", ref))


def _changes(store: GraphStore, doc: URIRef, key: str) -> list[dict[str, Any]]:
    inputs: dict[str, list[str]] = defaultdict(list)
    partial: dict[str, list[str]] = defaultdict(list)
    for r in store.select(export_query("change_inputs"), {"doc": doc}):
        # A post or unit shared across files may carry one label per file's spelling.
        if all(text_key(r["input"]) != text_key(x) for x in inputs[r["change"]]):
            inputs[r["change"]].append(r["input"])
            if r["partial"] in (True, "true", 1):
                partial[r["change"]].append(r["input"])
    out = []
    rows = _first_per(store.select(export_query("changes"), {"doc": doc}), "change")
    for c in sorted(rows, key=lambda r: int(r["change"].rsplit("/", 1)[-1])):
        out.append({
            "doc": key, "text": c["text"], "kind": c["kind"], "level": c["level"],
            "inputs": inputs.get(c["change"], []), "result": c["result"], "status": c["status"],
            "scope": c["scope"], "halted_by": _key(c["haltedBy"]) if c["haltedBy"] else None, "due": c["due"],
        })
        # Optional fields SCHEMA.md lacks (administrative units); present only when the text gives them.
        if partial.get(c["change"]):
            out[-1]["partial_inputs"] = partial[c["change"]]
        if c.get("effective"):
            out[-1]["effective"] = str(c["effective"])
    return out
