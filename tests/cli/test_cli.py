import csv
import io
import json

from typer.testing import CliRunner

from newstrace.cli import app
from tests.conftest import LOREM_FR, SEED, article_html

runner = CliRunner()


def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    (folder / "a.html").write_text(
        article_html("Aides", LOREM_FR, url="https://www.lemonde.fr/a.html"), encoding="utf-8"
    )
    return folder


def test_ingest_list_show_export(tmp_path):
    db = str(tmp_path / "n.db")
    result = runner.invoke(app, ["ingest", str(corpus(tmp_path)), "--db", db, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "2 new" in result.output

    result = runner.invoke(app, ["list", "--db", db])
    assert result.exit_code == 0 and "Pourquoi les USA" in result.output and "le-monde" in result.output

    result = runner.invoke(app, ["show", "2", "--db", db, "--json"])  # a.html comes first in the walk
    shown = json.loads(result.stdout)
    assert shown["title"].startswith("Pourquoi les USA")
    assert shown["credits"][0]["outlet"] == "sputnik"

    out = tmp_path / "export.json"
    result = runner.invoke(app, ["export", "--db", db, "--format", "json", "-o", str(out)])
    assert result.exit_code == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["schema"] == "newstrace/1"
    assert {k: data[k] for k in ("relations", "stories", "factchecks", "matches")} == {
        "relations": [],
        "stories": [],
        "factchecks": [],
        "matches": [],
    }
    first = data["articles"][1]
    for field in ("id", "url", "outlet", "lang", "title", "published", "text", "credits", "source"):
        assert field in first
    assert first["lang"] == "fr" and first["credits"][0] == {
        "kind": "republished",
        "text": "Sputnik",
        "outlet": "sputnik",
        "name": "Sputnik",
    }


def test_export_jsonl_and_csv(tmp_path):
    db = str(tmp_path / "n.db")
    runner.invoke(app, ["ingest", str(corpus(tmp_path)), "--db", db, "--workers", "1", "--quiet"])
    jsonl = runner.invoke(app, ["export", "--db", db, "--format", "jsonl"]).stdout
    assert [json.loads(line)["id"] for line in jsonl.splitlines()] == [1, 2]
    table = runner.invoke(app, ["export", "--db", db, "--format", "csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(table)))
    assert len(rows) == 2 and rows[1]["credits"] == "republished:sputnik"


def test_exit_code_1_when_some_inputs_are_rejected(tmp_path):
    folder = corpus(tmp_path)
    (folder / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "n.db"), "--workers", "1"])
    assert result.exit_code == 1
    assert "broken.html" in result.output and "binary" in result.output
    assert "2 new" in result.output


def test_exit_code_2_on_usage_errors(tmp_path):
    assert runner.invoke(app, ["ingest"]).exit_code == 2
    assert runner.invoke(app, ["export", "--format", "xml", "--db", str(tmp_path / "n.db")]).exit_code == 2
    bad_outlets = tmp_path / "o.yaml"
    bad_outlets.write_text("not: [a list")
    result = runner.invoke(
        app,
        [
            "ingest",
            str(corpus(tmp_path)),
            "--db",
            str(tmp_path / "n.db"),
            "--outlets",
            str(bad_outlets),
            "--workers",
            "1",
        ],
    )
    # the message is wrapped to the terminal width: a long temporary path breaks the file name
    assert result.exit_code == 2 and "o.yaml" in result.output.replace("\n", "")


def test_quiet_prints_only_rejections(tmp_path):
    folder = corpus(tmp_path)
    result = runner.invoke(
        app, ["ingest", str(folder), "--db", str(tmp_path / "n.db"), "--quiet", "--workers", "1"]
    )
    assert result.exit_code == 0 and result.output == ""


def test_every_command_help_has_an_example():
    for command in ("ingest", "list", "show", "export"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output


def test_analyze_is_idempotent_and_feeds_show_and_export(tmp_path):
    db = str(tmp_path / "n.db")
    runner.invoke(app, ["ingest", str(corpus(tmp_path)), "--db", db, "--workers", "1", "--quiet"])
    first = runner.invoke(app, ["analyze", "--db", db, "--workers", "1"])
    assert first.exit_code == 0 and "2 articles analysed" in first.output
    again = runner.invoke(app, ["analyze", "--db", db, "--workers", "1"])
    assert "0 articles analysed" in again.output
    shown = runner.invoke(app, ["show", "2", "--db", db])
    assert "origin" in shown.output and "sputnik" in shown.output and "Klintsevitch" in shown.output
    record = json.loads(runner.invoke(app, ["show", "2", "--db", db, "--json"]).stdout)
    assert [o["outlet"] for o in record["origins"]][0] == "sputnik"
    for att in record["attributions"]:
        assert record["text"][att["start"] : att["end"]] == att["content"]
        assert set(att) >= {
            "source",
            "source_type",
            "outlet",
            "cue",
            "content",
            "start",
            "end",
            "direct",
            "stance",
            "hedged",
        }
    assert all(record["text"][u["start"] : u["end"]] for u in record["unattributed"])
    redo = runner.invoke(app, ["analyze", "--db", db, "--workers", "1", "--redo"])
    assert "2 articles analysed" in redo.output
    assert (
        json.loads(runner.invoke(app, ["show", "2", "--db", db, "--json"]).stdout)["attributions"]
        == record["attributions"]
    )


def test_reading_commands_do_not_create_a_database_on_a_typo(tmp_path):
    missing = tmp_path / "typo.db"
    for command in (["list"], ["show", "1"], ["export"], ["analyze"]):
        result = runner.invoke(app, [*command, "--db", str(missing)])
        assert result.exit_code == 2 and "no database" in result.output
    assert not missing.exists()


def test_an_analysis_that_raises_is_a_rejection_and_is_retried(tmp_path, monkeypatch):
    import newstrace.attribution as attribution
    from newstrace.store import Store

    db = str(tmp_path / "n.db")
    runner.invoke(app, ["ingest", str(corpus(tmp_path)), "--db", db, "--workers", "1", "--quiet"])
    real = attribution.analyze

    def broken(article, registry):
        if "Klintsevitch" in article.text:
            raise RuntimeError("parser crashed")
        return real(article, registry)

    monkeypatch.setattr(attribution, "analyze", broken)
    first = runner.invoke(app, ["analyze", "--db", db, "--workers", "1"])
    assert first.exit_code == 1, first.output
    assert "1 articles analysed" in first.output and "parser crashed" in first.output
    with Store(db) as store:
        failed = [r for r in store.rejections() if "analysis failed" in r.reason]
        assert len(failed) == 1 and "RuntimeError: parser crashed" in failed[0].reason
        seed_id = int(failed[0].item.split()[1])
        assert store.analysis(seed_id) is None  # not saved as an empty analysis

    monkeypatch.setattr(attribution, "analyze", real)
    again = runner.invoke(app, ["analyze", "--db", db, "--workers", "1"])
    assert again.exit_code == 0 and "1 articles analysed" in again.output
    with Store(db) as store:
        assert store.analysis(seed_id).attributions
