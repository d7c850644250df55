"""``tinhgon lexicon``: see and check the vocabulary the builders read (builders/data/lexicon/)."""

from __future__ import annotations

import click


@click.group(name="lexicon")
def lexicon_cmd() -> None:
    """The builders' vocabulary: one TSV family per concept, every row with its example."""


@lexicon_cmd.command(name="check")
@click.option("--examples/--no-examples", default=True, show_default=True,
              help="Also run every row's example through the module that owns the family.")
def check_cmd(examples: bool) -> None:
    """Validate every family (schema, enums, duplicates, examples); exit 1 naming each fault."""
    import importlib

    from tinhgon.builders import lexicon

    errors = lexicon.check_all()
    rows = 0
    if examples and not errors:
        for name in lexicon.families():
            fam = lexicon.family(name)
            owner = importlib.import_module(f"tinhgon.builders.{fam.owner}")
            for row in fam.rows:
                rows += 1
                msg = owner.lexicon_example(name, row) if hasattr(owner, "lexicon_example") else (
                    f"{row.where}: {owner.__name__} has no lexicon_example()")
                if msg:
                    errors.append(msg)
    for e in errors:
        click.echo(e, err=True)
    if errors:
        raise SystemExit(1)
    click.echo(f"lexicon sound: {len(list(lexicon.families()))} families"
               + (f", {rows} examples shown" if examples else ""))


@lexicon_cmd.command(name="list")
def list_cmd() -> None:
    """Each family with its owner, columns and number of rows."""
    from tinhgon.builders import lexicon

    for name in lexicon.families():
        fam = lexicon.family(name)
        click.echo(f"{name:20s} owner={fam.owner:12s} rows={len(fam.rows):4d} columns={', '.join(fam.columns)}")


COMMANDS = [lexicon_cmd]
