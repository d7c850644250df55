"""Write the README's query cookbook from a built store: question → command → real answer.

Usage: .venv/bin/python /work/notes/make_cookbook.py --store .tinhgon/store > /work/notes/cookbook.md
Each command is run for real through the CLI commands of tinhgon.cli_query.
"""
from __future__ import annotations

import argparse
import shlex

import click
from click.testing import CliRunner

from tinhgon.cli_query import COMMANDS

RECIPES = [
    ("Which plans did Resolution 18-NQ/TW spawn, directly or through other documents, and in which provinces?",
     ["ask", "plans-spawned"]),
    ("What does An Giang's programme carry out, all the way up to the central directives?",
     ["ask", "lineage", "--param", "plan=tgid:doc/an-giang/19-ctr-tu"]),
    ("Which changes were halted, by which document, and which directive stands behind the halt?",
     ["ask", "halted-changes", "--max-width", "40"]),
    ("For each change halted somewhere, which provinces proposed or ordered the same change?",
     ["ask", "halted-kinds-elsewhere", "--max-width", "40"]),
    ("How many changes per province, by status, kind and level?", ["ask", "changes-by-province"]),
    ("How does each province treat merging the People's Council office with others?",
     ["ask", "merger-across-provinces", "--param", "input=Văn phòng Hội đồng nhân dân", "--max-width", "50"]),
    ("What must the Sở Nội vụ do, in which role, by when?",
     ["ask", "agency-tasks", "--param", "agency=Sở Nội vụ", "--max-width", "40"]),
    ("Which agencies carry the most tasks?", ["ask", "agency-workload", "--limit", "10"]),
    ("Which tasks fall due in the second half of 2018?",
     ["ask", "tasks-due", "--param", "from=2018-07-01", "--param", "to=2018-12-31", "--max-width", "40"]),
    ("Which tasks were overdue on 1 January 2019?",
     ["ask", "tasks-overdue", "--param", "asof=2019-01-01", "--max-width", "40", "--limit", "10"]),
    ("Which tasks name no lead body?", ["ask", "tasks-without-lead", "--max-width", "40", "--limit", "10"]),
    ("Which pilots run, and where?", ["ask", "pilots", "--max-width", "40"]),
    ("Which documents cite 18-NQ/TW, and with which words?", ["ask", "citing-documents", "--max-width", "50"]),
    ("Which provinces in the graph have no plan for Conclusion 74-KL/TW?",
     ["ask", "provinces-without-plan", "--param", "directive=tgid:doc/74-kl-tw"]),
    ("What words of the source stand behind a fact (here: a halted change)?",
     ["ask", "fact-source", "--param", "node=tgid:change/003-8fcee2da3dc81e12/3", "--max-width", "60"]),
    ("Everything about one node, as Turtle", ["ask", "describe-node", "--param", "node=tgid:doc/74-kl-tw",
                                              "--format", "turtle"]),
    ("The same answer as CSV or SPARQL JSON, for a spreadsheet or a script",
     ["ask", "changes", "--param", "status=halted", "--format", "csv"]),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--lines", type=int, default=12)
    args = ap.parse_args()
    group = click.Group("tinhgon")
    for c in COMMANDS:
        group.add_command(c)
    out = ["## Query cookbook", "",
           "Every question below is a named query in `queries/` (`tinhgon ask --list` describes them all with",
           "their parameters). Each runs the same on the local store, on `tinhgon serve`, or on any SPARQL 1.1",
           "server with `--endpoint URL`. Answers are real excerpts on the sample corpus.", ""]
    for question, argv in RECIPES:
        res = CliRunner().invoke(group, [*argv, "--store", args.store])
        lines = res.output.rstrip("\n").splitlines()
        if len(lines) > args.lines:
            lines = [*lines[: args.lines - 1], "…", lines[-1]]
        out += [f"**{question}**", "", "```console", "$ tinhgon " + shlex.join(argv), *lines, "```", ""]
    print("\n".join(out))


if __name__ == "__main__":
    main()
