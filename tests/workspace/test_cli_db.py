"""Every command finds the database the way the others left it: `--db FILE`, `--db DIR` (what
`run --out DIR` writes), `$NEWSTRACE_DB`; when there is none, the error names where it looked."""

from __future__ import annotations

import sqlite3

import pytest
from typer.testing import CliRunner

from newstrace.cli import app

runner = CliRunner()


def copy_db(source: str, target) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(str(target)) as dst:
        src.backup(dst)


def said(result) -> str:
    return " ".join(result.output.split())  # rich wraps long lines


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSTRACE_DB", raising=False)
    return tmp_path


def test_db_dir_and_environment(here, examples_db, monkeypatch):
    copy_db(examples_db, here / "case" / "newstrace.db")
    by_file = runner.invoke(app, ["stories", "--db", "case/newstrace.db"])
    assert by_file.exit_code == 0 and by_file.stdout.count("\n") > 1
    for command in (["stories"], ["list"], ["rejections"], ["factchecks", "list"], ["show", "1"]):
        result = runner.invoke(app, [*command, "--db", "case"])
        assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["stories", "--db", "case"]).stdout == by_file.stdout
    monkeypatch.setenv("NEWSTRACE_DB", "case")
    assert runner.invoke(app, ["stories"]).stdout == by_file.stdout
    monkeypatch.setenv("NEWSTRACE_DB", "case/newstrace.db")
    assert runner.invoke(app, ["stories"]).stdout == by_file.stdout


def test_no_database_names_what_was_looked_for(here, examples_db, monkeypatch):
    result = runner.invoke(app, ["stories"])
    assert result.exit_code == 2
    assert "no database at newstrace.db (the default)" in said(result)

    copy_db(examples_db, here / "case" / "newstrace.db")  # run --out case, then a bare command
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 2 and "found case/newstrace.db: pass --db case/" in said(result)

    result = runner.invoke(app, ["list", "--db", "elsewhere"])
    assert result.exit_code == 2
    assert "no database at elsewhere nor elsewhere/newstrace.db (given with --db)" in said(result)

    monkeypatch.setenv("NEWSTRACE_DB", "gone.db")
    result = runner.invoke(app, ["report", "1"])
    assert result.exit_code == 2 and "no database at gone.db (from $NEWSTRACE_DB)" in said(result)
    assert not (here / "gone.db").exists() and not (here / "elsewhere").exists()
