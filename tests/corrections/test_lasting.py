"""Corrections that last: each kind made on a copy of the bundled examples, then the engine runs
again (``analyze --redo``, then an incremental run that adds articles), then each correction is
undone. What the tests check is measured on the engine's own answer first, so that a correction
that did not last (or an undo that did not restore) fails."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newstrace import Workspace
from newstrace.pipeline import story_links

ROOT = Path(__file__).resolve().parents[2]
FACTCHECKS = ROOT / "examples" / "factchecks" / "claimreview.json"


def copy_db(source: str, folder: Path) -> Path:
    """A private copy of a shared database (the WAL included, through SQLite's backup)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "newstrace.db"
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


def snapshot(ws: Workspace, chosen: dict) -> dict:
    """What the engine (with the corrections) says about each corrected item now."""
    relations = {(r.source_id, r.target_id, r.kind): r for r in ws.store.relations()}
    story_of = ws.store.story_of
    attribution = ws.article(chosen["attribution"][0]).analysis.attributions
    anchor = chosen["attribution_anchor"]
    at = [a for a in attribution if (a.start, a.end) == anchor]
    matches = {(m.factcheck_id, m.article_id) for m in ws.matches()}
    a, b, kind = chosen["rejected"]
    c, d, kind2 = chosen["confirmed"]
    return {
        "rejected": {(a, b, kind), (b, a, kind)} & set(relations),
        "confirmed": (c, d, kind2) in relations,
        "confirmed_reversed": (d, c, kind2) in relations,
        "merged": story_of(chosen["merge"][0]) == story_of(chosen["merge"][1]),
        "moved_to": story_of(chosen["move"][0]),
        "move_target_story": story_of(chosen["move"][1]),
        "move_home": story_of(chosen["move"][2]),
        "attribution": (at[0].source, at[0].actor, at[0].source_type) if at else None,
        "match": chosen["match"] in matches,
    }


@pytest.fixture(scope="module")
def history(examples_db, tmp_path_factory):
    """Corrections made, kept through --redo and an incremental run, then undone; the state at
    each step."""
    folder = tmp_path_factory.mktemp("corrections")
    copy_db(examples_db, folder / "case")
    ws = Workspace(folder / "case")
    ws.import_factchecks([FACTCHECKS])
    stories = ws.stories()  # largest first
    assert len(stories) >= 3, "the examples hold several stories"
    largest = stories[0]
    small = [s for s in stories[1:] if len(s.article_ids) == 1]
    assert len(small) >= 2, "the examples hold stories of one article (unrelated events)"
    # a strong copy inside the largest story: the engine always puts the copy back with its source
    links = story_links(ws.store.relations(largest.article_ids))
    moved, home = next((t, s) for s, t in links if s in largest.article_ids and t in largest.article_ids)
    mover_target = next(s for s in stories[1:] if s not in small[:2])
    translations = sorted(
        (r for r in ws.store.relations() if r.kind == "translation"), key=lambda r: -r.score
    )
    rejected = translations[0]
    unrelated = (small[0].article_ids[0], small[1].article_ids[0])
    assert not ws.store.relations([unrelated[0]]) or all(
        unrelated[1] not in (r.source_id, r.target_id) for r in ws.store.relations([unrelated[0]])
    )
    with_attributions = next(
        a.id
        for a in ws.articles()
        if (an := ws.store.analysis(a.id)) is not None and len(an.attributions) > 1
    )
    first = ws.article(with_attributions).analysis.attributions[1]
    match = next(m for m in ws.matches() if m.story_id is None)
    chosen = {
        "rejected": (rejected.source_id, rejected.target_id, "translation"),
        "confirmed": (unrelated[0], unrelated[1], "cites"),
        "merge": (small[0].article_ids[0], small[1].article_ids[0]),
        "move": (moved, mover_target.article_ids[0], home),
        "attribution": (with_attributions, 1),
        "attribution_anchor": (first.start, first.end),
        "attribution_engine": (first.source, first.actor, first.source_type),
        "match": (match.factcheck_id, match.article_id),
        "stories": (small[0].id, small[1].id, mover_target.id),
    }
    steps = {"engine": snapshot(ws, chosen)}
    made = [
        ws.correct("reject-relation", source=rejected.target_id, target=rejected.source_id,
                   relation="translation", who="alice"),  # either direction names it
        ws.correct("confirm-relation", source=unrelated[0], target=unrelated[1], relation="cites", who="alice"),
        ws.correct("merge-stories", story=small[0].id, into=small[1].id, who="bob"),
        ws.correct("move-article", article=moved, story=mover_target.id, who="bob"),
        ws.correct("set-attribution", article=with_attributions, attribution=1,
                   source_text="the ministry's press office", actor="test-press-office",
                   source_type="document", who="carol", note="the release, not a person"),
        ws.correct("reject-match", factcheck=match.factcheck_id, article=match.article_id, who="dan"),
    ]  # fmt: skip
    steps["corrected"] = snapshot(ws, chosen)
    ws.analyze(redo=True, workers=1)
    steps["redo"] = snapshot(ws, chosen)
    # an incremental run: new articles, copies of corrected ones (they join their stories)
    records = []
    for n, article_id in enumerate((moved, small[0].article_ids[0], rejected.target_id)):
        article = ws.store.get(article_id)
        records.append(
            {
                "url": f"https://republisher.example/copy-{n}",
                "title": article.title,
                "text": article.text,
                "published": article.published,
                "lang": article.lang,
            }
        )
    feed = folder / "more.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    ingested = ws.ingest([feed], workers=1)
    assert ingested.new == 3
    ws.analyze(workers=1)
    steps["incremental"] = snapshot(ws, chosen)
    steps["new_ids"] = ingested.article_ids
    for correction in made:
        ws.undo(correction.id, who="eve")
    steps["undone"] = snapshot(ws, chosen)
    steps["corrections"] = ws.corrections()
    steps["export"] = json.loads(_export(ws))
    yield chosen, steps, made
    ws.close()


def _export(ws: Workspace) -> str:
    import io

    buffer = io.StringIO()
    ws.export(buffer)
    return buffer.getvalue()


AFTER = ("corrected", "redo", "incremental")


def test_rejected_relation_never_comes_back(history):
    chosen, steps, _ = history
    assert steps["engine"]["rejected"], "the engine finds the relation"
    for step in AFTER:
        assert not steps[step]["rejected"], step
    assert steps["undone"]["rejected"] == steps["engine"]["rejected"]  # the engine's answer again


def test_confirmed_relation_stays(history):
    _, steps, _ = history
    assert not steps["engine"]["confirmed"]
    for step in AFTER:
        assert steps[step]["confirmed"] and not steps[step]["confirmed_reversed"], step
    assert not steps["undone"]["confirmed"]


def test_merged_stories_stay_merged(history):
    chosen, steps, _ = history
    assert not steps["engine"]["merged"]
    for step in AFTER:
        assert steps[step]["merged"], step
    assert not steps["undone"]["merged"]


def test_moved_article_stays_moved(history):
    _, steps, _ = history
    engine = steps["engine"]
    assert engine["moved_to"] == engine["move_home"] != engine["move_target_story"]
    for step in AFTER:
        assert steps[step]["moved_to"] == steps[step]["move_target_story"] != steps[step]["move_home"], step
    undone = steps["undone"]
    assert undone["moved_to"] == undone["move_home"]  # the engine puts the copy back with its source


def test_set_source_stays_set(history):
    chosen, steps, _ = history
    assert steps["engine"]["attribution"] == chosen["attribution_engine"]
    for step in AFTER:
        assert steps[step]["attribution"] == (
            "the ministry's press office",
            "test-press-office",
            "document",
        ), step
    assert steps["undone"]["attribution"] == chosen["attribution_engine"]


def test_rejected_match_never_comes_back(history):
    _, steps, _ = history
    assert steps["engine"]["match"]
    for step in AFTER:
        assert not steps[step]["match"], step
    assert steps["undone"]["match"]


def test_corrections_are_kept_with_who_when_and_undo(history):
    _, steps, made = history
    kept = steps["corrections"]
    assert [c.id for c in kept] == [c.id for c in made]
    assert [c.who for c in kept] == ["alice", "alice", "bob", "bob", "carol", "dan"]
    assert all(c.at and c.undone_at and c.undone_by == "eve" and not c.active for c in kept)
    assert kept[4].note == "the release, not a person"
    exported = steps["export"]["corrections"]
    assert [c["id"] for c in exported] == [c.id for c in made]
    assert exported[2]["kind"] == "merge-stories" and exported[2]["undone_by"] == "eve"
    assert exported[0]["description"].startswith("rejected the translation relation")
