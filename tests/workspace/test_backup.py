"""``Workspace.backup`` / ``newstrace db backup``: a consistent copy while others write."""

from __future__ import annotations

import re
import sqlite3

import pytest
from typer.testing import CliRunner

from newstrace import Workspace
from newstrace.cli import app as cli
from newstrace.errors import NewstraceError


@pytest.fixture
def db(examples_db, tmp_path) -> str:
    target = tmp_path / "live.db"
    with sqlite3.connect(examples_db) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return str(target)


def test_backup_opens_with_the_same_articles_while_a_writer_is_busy(db, tmp_path):
    with Workspace(db) as ws:
        articles = ws.count()
        assert articles > 0
        # another connection (a server, an analysis) is half-way through a write
        writer = sqlite3.connect(db, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM articles WHERE id = (SELECT MIN(id) FROM articles)")
        made = ws.backup(tmp_path / "copy.db")
        writer.execute("ROLLBACK")
        writer.close()
    assert made.articles == articles and made.size == (tmp_path / "copy.db").stat().st_size > 0
    with Workspace(tmp_path / "copy.db") as copy:
        assert copy.count() == articles
        assert [s.id for s in copy.stories()] == [s.id for s in Workspace(db).stories()]
        assert copy.search("Deir").total > 0
    assert not (tmp_path / "copy.db-wal").exists()  # one self-contained file


def test_backup_refuses_to_overwrite_without_force(db, tmp_path):
    target = tmp_path / "copy.db"
    target.write_text("an older backup")
    with Workspace(db) as ws:
        with pytest.raises(NewstraceError, match="--force"):
            ws.backup(target)
        assert target.read_text() == "an older backup"
        with pytest.raises(NewstraceError, match="database itself"):
            ws.backup(db, force=True)
        made = ws.backup(target, force=True)
    assert made.articles > 0 and not list(tmp_path.glob(".*partial"))
    folder = tmp_path / "backups"
    folder.mkdir()
    with Workspace(db) as ws:
        assert ws.backup(folder).path == folder / "newstrace.db"


def test_db_backup_command(db, tmp_path):
    runner = CliRunner()
    target = str(tmp_path / "b.db")
    made = runner.invoke(cli, ["db", "backup", target, "--db", db])
    assert made.exit_code == 0, made.output
    assert re.search(r"b\.db: [\d.]+ (KB|MB), \d+ articles", made.output)
    again = runner.invoke(cli, ["db", "backup", target, "--db", db])
    assert again.exit_code == 2 and "--force" in again.output
    assert runner.invoke(cli, ["db", "backup", target, "--force", "--db", db]).exit_code == 0
    missing = runner.invoke(cli, ["db", "backup", target, "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "none.db" in missing.output
