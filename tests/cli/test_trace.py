"""The issue-4 done criterion on the bundled examples: the seed's article republishes Sputnik,
and its tree of copies and translations goes back to one anonymous source."""

import json

from typer.testing import CliRunner

from newstrace.cli import app

SEED_URL = "https://veille-geopolitique.example/2017/09/09/pourquoi-les-usa-ont-evacue-les-chefs-de-daech-de-deir-ez-zor/"
runner = CliRunner()


def test_trace_of_the_seed(examples_db):
    result = runner.invoke(app, ["trace", SEED_URL, "--db", examples_db, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    root = data["roots"][0]
    assert root["outlet"] == "sputnik"
    assert [(r["source_type"], r["via"]) for r in data["roots"][1:]] == [("anonymous", "sputnik")]
    assert data["independent_source_count"] == 1
    by_target = {}
    for r in data["relations"]:
        by_target.setdefault(r["target_id"], []).append(r)
    # the seed copies the Sputnik article, crediting it
    seed_links = [
        r for r in data["relations"] if r["source_id"] == root["article_id"] and r["kind"] == "copy"
    ]
    assert any(r["evidence"].get("direction") == "credit" for r in seed_links)
    kinds = {r["kind"] for r in data["relations"] if r["source_id"] == root["article_id"]}
    assert {"copy", "translation"} <= kinds


def test_trace_tree_in_the_terminal(examples_db):
    result = runner.invoke(app, ["trace", SEED_URL, "--db", examples_db])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "ROOT" in text and "this article" in text
    assert "1 independent source" in text
    assert "diplomatique et militaire" in text
    for lang in ("en", "de", "es"):
        assert f"  {lang}  #" in text, lang  # translations in three languages hang in the tree


def test_export_carries_relations_and_roots(examples_db, tmp_path):
    out = tmp_path / "e.json"
    assert runner.invoke(app, ["export", "--db", examples_db, "-o", str(out)]).exit_code == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["relations"] and {"source_id", "target_id", "kind", "score", "evidence"} <= set(
        data["relations"][0]
    )
    for article in data["articles"]:
        assert article["roots"][0]["article_id"] is not None
        assert article["independent_source_count"] == len(article["independent_sources"]) >= 1
    lookalikes = [
        a for a in data["articles"] if "brise le siège" in a["title"] or "breaks ISIS siege" in a["title"]
    ]
    assert len(lookalikes) == 2 and all(a["roots"][0]["article_id"] == a["id"] for a in lookalikes)


def test_trace_unknown_article(examples_db):
    result = runner.invoke(app, ["trace", "https://nowhere.example/", "--db", examples_db])
    assert result.exit_code == 1
    assert "no article" in result.output


def _story_of(db: str, words: str) -> int:
    result = runner.invoke(app, ["stories", "--db", db])
    rows = [line.split("\t") for line in result.stdout.splitlines()[1:]]
    return int(next(r[0] for r in rows if words in r[-1]))


def test_the_report_says_where_the_story_starts_in_the_readers_language(examples_db):
    story = _story_of(examples_db, "breaks ISIS siege")
    for lang, name in (("en", "Russian Defence Ministry"), ("fr", "ministère russe de la Défense")):
        result = runner.invoke(app, ["report", str(story), "--db", examples_db, "--json", "--lang", lang])
        assert result.exit_code == 0, result.output
        view = json.loads(result.stdout)
        assert view["sentence"].startswith(
            f"The story starts with {name} on 2017-09-09; 1 independent source"
        )
        assert [s["actor"] for s in view["independent_sources"]] == ["ru-mod"]


def test_a_broken_actor_file_is_a_usage_error(examples_db, tmp_path):
    bad = tmp_path / "actors.yaml"
    bad.write_text("- id: x\n  kind: planet\n  names: {en: X}\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", "--db", examples_db, "--actors", str(bad), "-q"])
    assert result.exit_code == 2 and "unknown kind" in result.output
