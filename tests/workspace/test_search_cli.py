"""`newstrace search` on the analysed examples: hits, pages, facets, JSON, and clear errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from newstrace.cli import app

runner = CliRunner()


def test_search_prints_hits_pages_and_facets(examples_db):
    result = runner.invoke(app, ["search", "Deir ez-Zor", "--db", examples_db, "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "Deir" in result.stdout
    assert "page 1 of" in result.output and "lang" in result.output

    data = json.loads(
        runner.invoke(app, ["search", "Deir ez-Zor", "--db", examples_db, "--json", "--limit", "2"]).stdout
    )
    assert data["total"] > 2 and len(data["hits"]) == 2
    assert {"lang", "outlet", "date", "story", "narrative", "verdict"} == set(data["facets"])
    second = json.loads(
        runner.invoke(
            app, ["search", "Deir ez-Zor", "--db", examples_db, "--json", "--limit", "2", "--page", "2"]
        ).stdout
    )
    assert second["offset"] == 2 and second["total"] == data["total"]
    assert not {h["article_id"] for h in second["hits"]} & {h["article_id"] for h in data["hits"]}
    french = json.loads(
        runner.invoke(
            app, ["search", "Deir ez-Zor", "--db", examples_db, "--json", "--lang", "fr", "--from", "2017-09"]
        ).stdout
    )
    assert french["hits"] and all(h["lang"] == "fr" for h in french["hits"])
    for hit in french["hits"]:  # marks point at the matched words in the snippet
        assert all(
            hit["snippet"][a:b].lower() in ("deir", "ez", "zor", "deir ez-zor", "ez-zor")
            for a, b in hit["marks"]
        )


def test_search_errors_are_one_line_with_exit_code_2(examples_db):
    for args, message in (
        (['"'], "nothing to search for"),
        (["Irma", "--from", "2017-9-1"], "not a date"),
        (["Irma", "--page", "0"], "--page"),
        (["Irma", "--sort", "best"], "unknown order"),
    ):
        result = runner.invoke(app, ["search", *args, "--db", examples_db])
        assert result.exit_code == 2, result.output
        assert message in result.output and "Traceback" not in result.output
    quoted = runner.invoke(app, ["search", 'AND "Irma', "--db", examples_db])
    assert quoted.exit_code == 0 and "Traceback" not in quoted.output
