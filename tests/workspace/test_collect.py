"""Filling a workspace through the library: a folder as the database, progress, rejections that
are kept and exported, and the whole `run` job."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newstrace import Workspace
from newstrace.cli import app
from newstrace.errors import NewstraceError
from newstrace.workspace import DatabaseNotFound, Progress
from tests.conftest import LOREM_FR, SEED, article_html

runner = CliRunner()


def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    (folder / "a.html").write_text(
        article_html("Aides", LOREM_FR, url="https://www.lemonde.fr/a.html"), encoding="utf-8"
    )
    (folder / "broken.html").write_bytes(b"\x00\x01\x02\xff" * 200)
    return folder


class Recorder(Progress):
    def __init__(self):
        self.events = []

    def stage(self, name):
        self.events.append(("stage", name))

    def rejected(self, name, rejection):
        self.events.append(("rejected", name, rejection.item))

    def done(self, name, result):
        self.events.append(("done", name))


def test_a_folder_is_a_workspace_and_rejections_are_kept(tmp_path):
    case = str(tmp_path / "case") + "/"  # a folder that does not exist yet
    recorder = Recorder()
    with Workspace(case) as ws:
        assert ws.path == str(tmp_path / "case" / "newstrace.db")
        report = ws.ingest([inputs(tmp_path)], workers=1, progress=recorder)
    assert report.new == 2 and len(report.rejected) == 1
    assert recorder.events[0] == ("stage", "ingest") and recorder.events[-1] == ("done", "ingest")
    assert ("rejected", "ingest", report.rejected[0].item) in recorder.events

    with Workspace(tmp_path / "case") as ws:  # the existing folder, no trailing slash
        assert ws.count() == 2
        (rejection,) = ws.rejections()
        assert "broken.html" in rejection.item and rejection.reason and rejection.at
        out = tmp_path / "export.json"
        ws.export(out)
    data = json.loads(out.read_text("utf-8"))
    assert data["rejections"] == [{"item": rejection.item, "reason": rejection.reason, "at": rejection.at}]

    result = runner.invoke(app, ["rejections", "--db", str(tmp_path / "case")])
    assert result.exit_code == 0 and "broken.html" in result.stdout and rejection.reason in result.stdout
    listed = json.loads(runner.invoke(app, ["rejections", "--db", str(tmp_path / "case"), "--json"]).stdout)
    assert listed == data["rejections"]


def test_reading_a_missing_database_names_it_and_creates_nothing(tmp_path):
    ws = Workspace(tmp_path / "nothing")
    with pytest.raises(DatabaseNotFound) as caught:
        ws.search("x")
    assert str(tmp_path / "nothing") in str(caught.value)
    assert str(tmp_path / "nothing" / "newstrace.db") in str(caught.value)
    with pytest.raises(DatabaseNotFound):
        ws.analyze()
    assert not (tmp_path / "nothing").exists()
    with pytest.raises(NewstraceError, match="unknown format"):
        Workspace(":memory:").export(tmp_path / "x", format="pdf")


def test_run_is_one_library_call(tmp_path):
    with Workspace(str(tmp_path / "case") + "/") as ws:
        result = ws.run([inputs(tmp_path)], workers=1, min_articles=1)
        assert result.folder == tmp_path / "case"
        assert result.ingest.new == 2 and result.rejected
        assert result.analyzed.analysis.analysed == 2 and result.stories >= 1
        assert len(result.pages) == result.stories  # min_articles=1: a page for every story
        assert ws.search("Klintsevitch")
    for page in result.pages:
        assert (tmp_path / "case" / f"story-{page['id']}.html").exists()
    export = json.loads((tmp_path / "case" / "export.json").read_text("utf-8"))
    assert [r["item"] for r in export["rejections"]] == [r.item for r in result.ingest.rejected]
    with pytest.raises(NewstraceError, match="no such fact-check file"):
        Workspace(tmp_path / "case").run([], factchecks=[tmp_path / "missing.json"])
