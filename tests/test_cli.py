"""The `tinhgon` group: commands defined beside their modules are attached when asked for."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections import defaultdict

from click.testing import CliRunner

from tinhgon.cli import LAZY_COMMANDS, main


def test_each_lazy_command_is_one_of_its_modules_commands_and_none_is_missing():
    names: dict[str, set[str]] = defaultdict(set)
    for name, module in LAZY_COMMANDS.items():
        names[module].add(name)
    for module, expected in names.items():
        assert {c.name for c in importlib.import_module(module).COMMANDS} == expected


def test_help_lists_every_command():
    out = CliRunner().invoke(main, ["--help"]).output
    for name in (*LAZY_COMMANDS, "build", "extract", "validate", "dump", "load"):
        assert f"  {name} " in out, name


def test_a_command_imports_only_its_own_module():
    code = ("import sys; from click.testing import CliRunner; from tinhgon.cli import main; "
            "r = CliRunner().invoke(main, ['lineage', '--help']); assert r.exit_code == 0, r.output; "
            "print(sorted(m for m in sys.modules if m.startswith('tinhgon.cli_')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['tinhgon.cli_viz']"


def test_a_mistyped_command_is_refused_with_the_close_ones():
    r = CliRunner().invoke(main, ["lineag"])
    assert r.exit_code == 2 and "Did you mean 'lineage'?" in r.output


def test_a_build_says_when_it_has_read_every_file_and_writes_the_store(tmp_path, monkeypatch) -> None:
    """A first build loads its store after the last file (minutes at national size): the log says so."""
    from .conftest import CORPUS

    monkeypatch.setenv("TINHGON_PROGRESS", "plain")
    files = sorted(str(p) for p in CORPUS.glob("*.txt"))[:2]
    r = CliRunner().invoke(main, ["build", *files, "--store", str(tmp_path / "store"), "--jobs", "1"])
    assert r.exit_code == 0, r.output
    lines = r.stderr.splitlines()
    assert "build: 2/2 files (100%)" in lines
    assert lines.index("build: writing the store") > lines.index("build: 2/2 files (100%)")
