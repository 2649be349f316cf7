"""Corrections named wrongly are refused with a clear error (a ValueError; exit code 2 on the
command line), store nothing and change nothing; the command line makes, lists and undoes them;
pages and exports show them."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newstrace import Workspace
from newstrace.cli import app
from newstrace.errors import CorrectionError, NewstraceError
from newstrace.report.html import render_story
from tests.corrections.test_lasting import copy_db


@pytest.fixture(scope="module")
def case(examples_db, tmp_path_factory):
    """A private copy of the analysed examples (the shared one stays untouched)."""
    folder = tmp_path_factory.mktemp("correct-input") / "case"
    copy_db(examples_db, folder)
    return folder


@pytest.fixture
def ws(case):
    with Workspace(case) as workspace:
        yield workspace


def _ids(ws):
    stories = ws.stories()
    relation = ws.store.relations()[0]
    return stories, relation


@pytest.mark.parametrize(
    "kind, given, says",
    [
        ("no-such-kind", {}, "unknown correction kind 'no-such-kind'"),
        ("move-article", {"article": 999999, "story": "first"}, "no article with id 999999"),
        ("move-article", {"article": 1, "story": 99999}, "no story with id 99999"),
        ("merge-stories", {"story": 99999, "into": "first"}, "no story with id 99999"),
        ("merge-stories", {"story": "first", "into": "first"}, "into itself"),
        ("reject-relation", {"source": 1, "target": 1, "relation": "copy"}, "two articles"),
        ("reject-relation", {"source": 1, "target": 2, "relation": "paraphrase"}, "unknown relation"),
        ("reject-relation", {"source": 1, "target": 2}, "reject-relation needs relation"),
        ("set-attribution", {"article": 1, "attribution": 999}, "has no attribution 999"),
        ("set-attribution", {"article": 1, "attribution": 0}, "needs source_text, actor or source_type"),
        ("set-attribution", {"article": 1, "attribution": 0, "source_type": "alien"}, "unknown source type"),
        ("reject-match", {"factcheck": 12345, "article": 1}, "no fact-check with id 12345"),
        ("move-article", {"article": 1, "story": "first", "into": 3}, "takes no into"),
    ],
)
def test_bad_corrections_are_refused_and_store_nothing(ws, kind, given, says):
    first = ws.stories()[0].id
    given = {k: first if v == "first" else v for k, v in given.items()}
    before = (ws.store.relations(), ws.stories())
    with pytest.raises(CorrectionError, match=says) as raised:
        ws.correct(kind, who="alice", **given)
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, NewstraceError)
    assert ws.corrections() == []
    assert (ws.store.relations(), ws.stories()) == before


def test_a_relation_the_engine_did_not_find_cannot_be_rejected(ws):
    relations = {(r.source_id, r.target_id) for r in ws.store.relations()}
    ids = [a.id for a in ws.articles()]
    pair = next(
        (a, b) for a in ids for b in ids if a != b and (a, b) not in relations and (b, a) not in relations
    )
    with pytest.raises(CorrectionError, match="no copy relation between"):
        ws.correct("reject-relation", source=pair[0], target=pair[1], relation="copy", who="alice")


def test_who_is_required(ws):
    relation = ws.store.relations()[0]
    with pytest.raises(CorrectionError, match="who"):
        ws.correct("reject-relation", source=relation.source_id, target=relation.target_id,
                   relation=relation.kind, who="  ")  # fmt: skip


def test_unknown_correction_cannot_be_undone(ws):
    with pytest.raises(CorrectionError, match="no correction with id 77"):
        ws.undo(77, who="alice")


def run(case, *args):
    return CliRunner().invoke(app, [*args, "--db", str(case)])


@pytest.mark.parametrize(
    "args, says",
    [
        (["correct", "move-article", "999999", "1"], "no article with id 999999"),
        (["correct", "merge-stories", "99998", "99999"], "no story with id 99998"),
        (["correct", "reject-relation", "1", "2", "--relation", "nope"], "unknown relation 'nope'"),
        (["undo", "4242"], "no correction with id 4242"),
    ],
)
def test_cli_bad_input_is_exit_code_2_with_a_message(case, args, says):
    result = run(case, *args, "--who", "alice")
    assert result.exit_code == 2, result.output
    assert says in " ".join(result.stderr.split())
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)  # no crash


def test_cli_unknown_kind_is_a_usage_error(case):
    result = CliRunner().invoke(app, ["correct", "split-story", "1", "--db", str(case)])
    assert result.exit_code == 2
    assert "No such command 'split-story'" in result.output


def test_cli_correct_list_show_report_export_undo(examples_db, tmp_path):
    case = copy_db(examples_db, tmp_path / "own").parent
    with Workspace(case) as ws:
        story = ws.stories()[0]
        relation = next(r for r in ws.store.relations() if r.target_id in story.article_ids)
        engine = (relation.source_id, relation.target_id, relation.kind)
    made = run(
        case, "correct", "reject-relation", str(relation.source_id), str(relation.target_id),
        "--relation", relation.kind, "--who", "alice", "--note", "different events", "--json",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    correction = json.loads(made.stdout)
    assert correction["who"] == "alice" and correction["kind"] == "reject-relation"
    assert correction["note"] == "different events" and correction["undone_at"] is None
    listed = json.loads(run(case, "corrections", "--json").stdout)
    assert [c["id"] for c in listed] == [correction["id"]]
    with Workspace(case) as ws:
        assert engine not in {(r.source_id, r.target_id, r.kind) for r in ws.store.relations()}
        detail = ws.article(relation.target_id)
        assert [c.id for c in detail.corrections] == [correction["id"]]
        view = ws.story(story.id).view
    # the report marks the corrected articles and lists the correction with who and when
    assert [c.id for c in view.corrections] == [correction["id"]]
    marked = [a.id for a in view.articles if a.corrected]
    assert sorted(marked) == sorted({relation.source_id, relation.target_id} & set(story.article_ids))
    page = render_story(view)
    assert f"corrected by alice on {correction['at'][:10]}" in page and 'id="corrections"' in page
    shown = run(case, "show", str(relation.target_id))
    assert "corrected by alice" in " ".join(shown.stdout.split())
    # exports: JSON and a corrections.csv table
    assert run(case, "export", "-o", str(tmp_path / "all.json")).exit_code == 0
    exported = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["corrections"]
    assert exported[0]["id"] == correction["id"] and exported[0]["targets"]["relation"] == relation.kind
    assert run(case, "export", "-f", "csv", "-o", str(tmp_path / "tables")).exit_code == 0
    table = (tmp_path / "tables" / "corrections.csv").read_text(encoding="utf-8").splitlines()
    assert table[0].startswith("id,kind,description,targets,value,who") and len(table) == 2
    # undo: still listed, as undone, and the engine's relation is back
    undone = run(case, "undo", str(correction["id"]), "--who", "bob", "--json")
    assert undone.exit_code == 0, undone.output
    assert json.loads(undone.stdout)["undone_by"] == "bob"
    again = run(case, "undo", str(correction["id"]), "--who", "bob")
    assert again.exit_code == 2 and "already undone by bob" in " ".join(again.stderr.split())
    with Workspace(case) as ws:
        assert engine in {(r.source_id, r.target_id, r.kind) for r in ws.store.relations()}
        assert ws.corrections(active=True) == [] and len(ws.corrections()) == 1
        assert ws.story(story.id).view.corrections == []


def test_a_corrected_source_is_corrected_in_the_origin_chain_too(examples_db, tmp_path):
    case = copy_db(examples_db, tmp_path / "origins").parent
    with Workspace(case) as ws:
        found = None
        for article in ws.articles():
            analysis = ws.store.analysis(article.id)
            if analysis is None:
                continue
            origins = {o.source for o in analysis.origins}
            at = next((i for i, a in enumerate(analysis.attributions) if a.source in origins), None)
            if at is not None:
                found = (article.id, at, analysis.attributions[at].source)
                break
        assert found, "the examples have an article whose origin is one of its attributions"
        article_id, position, was = found
        ws.correct("set-attribution", article=article_id, attribution=position,
                   source_text="Ministry press office", source_type="official", actor="test-mod", who="carol")  # fmt: skip
        analysis = ws.article(article_id).analysis
        assert analysis.attributions[position].source == "Ministry press office"
        corrected = [o for o in analysis.origins if o.source == "Ministry press office"]
        assert corrected and corrected[0].actor == "test-mod" and corrected[0].source_type == "official"
        assert was not in {o.source for o in analysis.origins}
