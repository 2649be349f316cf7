"""The README's Library snippet runs as written (on a copy of the analysed examples, so that it
costs a fact-check import, not a second analysis)."""

from __future__ import annotations

import contextlib
import io
import re
import sqlite3
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_library_snippet_runs(examples_db, tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text("utf-8")
    snippet = re.search(r"## Library.*?```python\n(.*?)```", readme, re.S).group(1)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    (tmp_path / "case").mkdir()
    with sqlite3.connect(examples_db) as src, sqlite3.connect(str(tmp_path / "case" / "newstrace.db")) as dst:
        src.backup(dst)
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(snippet, "README.md", "exec"), {})
    assert "Pourquoi les USA" in printed.getvalue()
    assert (tmp_path / "case" / "export.json").stat().st_size > 10_000
