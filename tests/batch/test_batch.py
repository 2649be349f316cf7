"""`newstrace batch` on Spark local[2], then `load`, gives the database `ingest` + `analyze`
gives on the same inputs: the same articles (ids, keys, versions, texts, languages), the same
attributions and origin chains, the same rejections, the same relations, stories and narratives.
Skipped (with the reason) where pyspark or Java is missing."""

from __future__ import annotations

import gzip
import io
import shutil
import sqlite3

import pytest

from newstrace.batch import tables
from tests.batch.conftest import missing
from tests.conftest import EXAMPLES, LOREM_FR, article_html

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    pytest.mark.skipif(missing() is not None, reason=missing() or ""),
]

OUTLETS = str(EXAMPLES / "outlets.yaml")
FACTCHECKS = [
    str(EXAMPLES / "factchecks" / "claimreview.json"),
    str(EXAMPLES / "factchecks" / "factchecks.csv"),
]


def _warc(records: list[tuple[str, str, bytes, str]]) -> bytes:
    """A gzipped WARC of (url, content type, payload, status) responses."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, content_type, payload, status in records:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
        )
    return buffer.getvalue()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The bundled examples as a crawl would give them (HTML files, gzipped JSONL, a feed, a
    WARC with a new page, an image and an error page), and two bad files."""
    root = tmp_path_factory.mktemp("inputs")
    shutil.copytree(EXAMPLES / "html", root / "html")
    shutil.copytree(EXAMPLES / "feeds", root / "feeds")
    with gzip.open(root / "export.jsonl.gz", "wb") as fh:
        fh.write((EXAMPLES / "records" / "export.jsonl").read_bytes())
    page = article_html(
        "Sécheresse : 400 millions d'euros pour les agriculteurs",
        LOREM_FR,
        url="https://agri-info.example/2017/09/08/secheresse-aides/",
    ).encode()
    (root / "crawl.warc.gz").write_bytes(
        _warc(
            [
                (
                    "https://agri-info.example/2017/09/08/secheresse-aides/",
                    "text/html; charset=utf-8",
                    page,
                    "200 OK",
                ),
                ("https://agri-info.example/logo.png", "image/png", b"\x89PNG....", "200 OK"),
                ("https://agri-info.example/missing", "text/html", b"<html>gone</html>", "404 Not Found"),
            ]
        )
    )
    (root / "bad.jsonl").write_text('{"title": "no body at all"}\n{"text": "unterminated\n', "utf-8")
    (root / "broken.warc.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"not really gzip" * 20)
    crawl = (root / "crawl.warc.gz").read_bytes()
    (root / "cut.warc.gz").write_bytes(crawl[: len(crawl) // 2])
    local = [
        str(root / n)
        for n in (
            "html",
            "export.jsonl.gz",
            "feeds",
            "crawl.warc.gz",
            "bad.jsonl",
            "broken.warc.gz",
            "cut.warc.gz",
        )
    ]
    # the WARC also through Spark's own reader (binaryFiles), as s3a:// or hdfs:// would be read
    for_spark = [*local[:3], (root / "crawl.warc.gz").as_uri(), *local[4:]]
    return local, for_spark


@pytest.fixture(scope="module")
def databases(inputs, spark, tmp_path_factory):
    from newstrace import Workspace
    from newstrace.batch import load, run_batch

    local_inputs, spark_inputs = inputs
    folder = tmp_path_factory.mktemp("dbs")
    with Workspace(folder / "local.db") as ws:
        ws.ingest(local_inputs, outlets=[OUTLETS], workers=1)
        ws.analyze(outlets=[OUTLETS], workers=1)
        ws.import_factchecks(FACTCHECKS)  # what `run --factchecks` does last
    out = str(folder / "tables")
    report = run_batch(spark_inputs, out, outlet_files=[OUTLETS], spark=spark, factchecks=FACTCHECKS)
    with Workspace(folder / "batch.db") as ws:
        loaded = load(out, ws.open(create=True), spark=spark)
        ws.analyze(outlets=[OUTLETS], workers=1)
    return str(folder / "local.db"), str(folder / "batch.db"), out, report, loaded


def _rows(db: str, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_batch_then_load_gives_the_articles_of_ingest(databases):
    local, batch, _, report, loaded = databases
    sql = (
        "SELECT id, key, version, content_hash, raw_hash, url, canonical_url, title, text, author, published,"
        " site_name, outlet, lang, source_kind, source_location, source_record, fetched_url FROM articles ORDER BY id"
    )
    expected = _rows(local, sql)
    assert len(expected) >= 20  # the examples, the WARC's page; not the image nor the 404
    assert _rows(batch, sql) == expected
    assert {r[13] for r in expected} >= {"fr", "en", "ru"}
    assert any(r[14] == "warc" and "agri-info.example" in r[1] for r in expected)
    credits = (
        "SELECT article_id, position, kind, text, name, outlet FROM credits ORDER BY article_id, position"
    )
    assert _rows(batch, credits) == _rows(local, credits)
    assert report.articles == len(expected) and loaded.new == len(expected)


def test_the_same_attributions_and_origin_chains(databases):
    local, batch, *_ = databases
    attributions = "SELECT * FROM attributions ORDER BY article_id, position"
    expected = _rows(local, attributions)
    assert len(expected) > 50
    assert _rows(batch, attributions) == expected
    analyses = "SELECT article_id, analyzer_version, origins, unattributed FROM analyses ORDER BY article_id"
    assert _rows(batch, analyses) == _rows(local, analyses)


def test_the_same_relations_and_stories_without_analysing_again(databases):
    local, batch, _, report, loaded = databases
    relations = "SELECT source_id, target_id, kind FROM relations ORDER BY source_id, target_id, kind"
    assert _rows(local, relations)
    assert _rows(batch, relations) == _rows(local, relations)
    assert loaded.later and loaded.relations == report.relations == len(_rows(local, relations))
    stories = "SELECT story_id, group_concat(article_id) FROM (SELECT * FROM story_articles ORDER BY article_id) GROUP BY story_id"
    assert sorted(r[1] for r in _rows(batch, stories)) == sorted(r[1] for r in _rows(local, stories))
    narratives = "SELECT id, narrative_id, title FROM stories ORDER BY id"
    assert _rows(batch, narratives) == _rows(local, narratives)
    # what a later `analyze` needs to go on incrementally: every latest version traced, with its
    # signature and vector, and every article's story features
    traces = "SELECT article_id, minhash IS NULL, vector IS NULL FROM traces ORDER BY article_id"
    assert _rows(batch, traces) == _rows(local, traces)
    features = "SELECT article_id, lang, day FROM story_features ORDER BY article_id"
    assert _rows(batch, features) == _rows(local, features)


def test_the_same_factcheck_badges(databases):
    """`batch --factchecks` then `load` stores the fact-checks and matches `run --factchecks`
    stores (of articles and of stories, own and lent), in the same order: the desk's badges."""
    local, batch, _, report, loaded = databases
    checks = "SELECT id, url, claim, verdict, rating, publisher, date, lang, title, summary, claimant FROM factchecks ORDER BY id"
    assert len(_rows(local, checks)) >= 3
    assert _rows(batch, checks) == _rows(local, checks)
    sql = (
        "SELECT factcheck_id, article_id, story_id, sentence_start, sentence_end, sentence, score, similarity"
        " FROM factcheck_matches ORDER BY id"
    )
    expected, found = _rows(local, sql), _rows(batch, sql)
    assert any(r[2] is None for r in expected) and any(r[2] is not None for r in expected)
    assert [r[:6] for r in found] == [r[:6] for r in expected]
    assert all(
        abs(a[6] - b[6]) <= 1e-3 and abs(a[7] - b[7]) <= 1e-3 for a, b in zip(found, expected, strict=True)
    )
    assert report.factchecks == loaded.factchecks == len(_rows(local, checks))
    assert report.matches == loaded.matches == sum(1 for r in expected if r[2] is None)


def test_bad_inputs_are_rejection_rows_not_a_failed_job(databases, spark):
    local, batch, out, report, _ = databases
    table = spark.read.parquet(f"{out}/{tables.REJECTIONS}").collect()
    items = {(r["item"], r["reason"]) for r in table}
    assert report.rejections == len(table)
    assert any(
        item.endswith("bad.jsonl line 1") and "neither 'text' nor 'html'" in why for item, why in items
    )
    assert any(item.endswith("bad.jsonl line 2") and "malformed JSON" in why for item, why in items)
    assert any(item.endswith("broken.warc.gz") and "not a WARC" in why for item, why in items)
    assert any("cut.warc.gz record" in item and "truncated WARC record" in why for item, why in items)
    assert {r["stage"] for r in table} == {"ingest"}
    # the same rejections, with the same words, as `ingest` stores
    stored = "SELECT item, reason FROM rejections"
    assert set(_rows(batch, stored)) == set(_rows(local, stored)) == items


def test_the_commands(inputs, spark, tmp_path):
    from typer.testing import CliRunner

    from newstrace.cli import app

    local_inputs, _ = inputs
    few = [p for p in local_inputs if p.endswith(("crawl.warc.gz", "bad.jsonl"))]
    out = str(tmp_path / "tables")
    result = CliRunner().invoke(app, ["batch", *few, "--out", out, "--outlets", OUTLETS])
    assert result.exit_code == 1, result.output  # like `ingest`: done, but inputs were rejected
    said = " ".join(result.output.split())
    assert "2 files: 1 articles," in said and "2 rejections" in said
    assert "0 relations, 1 stories (1 narratives)" in said
    assert spark.read.parquet(out + "/articles").count() == 1  # the session it found is not stopped
    db = str(tmp_path / "case.db")
    result = CliRunner().invoke(app, ["load", out, "--db", db])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "1 new, 0 versions, 0 unchanged articles (1 analysed), 2 rejections" in said
    assert _rows(db, "SELECT COUNT(*) FROM analyses") == [(1,)]
    assert "; 0 relations, 1 stories" in said  # the later stages' tables, into an empty database
    result = CliRunner().invoke(app, ["load", out, "--db", db])
    assert "0 new, 0 versions, 1 unchanged" in " ".join(result.output.split())
    # into a database that held articles: `analyze` finds them (the output names paths: a
    # temporary folder may hold the word, so the count's wording is what is looked for)
    assert " stories (" not in result.output
    # without the later stages' tables, `load` saves the articles and `analyze` goes on
    shutil.rmtree(out + "/relations")
    db = str(tmp_path / "old.db")
    result = CliRunner().invoke(app, ["load", out, "--db", db])
    assert result.exit_code == 0 and " stories (" not in result.output, result.output
    assert _rows(db, "SELECT COUNT(*) FROM story_articles") == [(0,)]
    result = CliRunner().invoke(app, ["analyze", "--db", db])
    assert result.exit_code == 0, result.output
    assert _rows(db, "SELECT COUNT(*) FROM story_articles") == [(1,)]


def test_parquet_rows_are_read_as_jsonl_records_are(spark, tmp_path):
    """A Parquet file with the columns of a JSONL export (a date column, a list of authors, a
    page kept as bytes) gives the articles `ingest` gives for the same records as JSONL; a row
    without a body and a file that is not Parquet are rejections."""
    import json

    from pyspark.sql.types import ArrayType, BinaryType, DateType, StringType, StructField, StructType

    from newstrace import Workspace
    from newstrace.batch import load, run_batch

    records = [
        json.loads(line) for line in (EXAMPLES / "records" / "export.jsonl").read_text("utf-8").splitlines()
    ]
    page = article_html(
        "Sécheresse : 400 millions d'euros", LOREM_FR, url="https://agri-info.example/2017/09/08/a/"
    )
    rows, as_jsonl = [], []
    for r in records:
        day = r["published"][:10]
        rows.append(
            (r["url"], r["title"], r["text"], None, _date(day), r["lang"], r["outlet"], [r["author"]])
        )
        as_jsonl.append(
            {
                **{k: r[k] for k in ("url", "title", "text", "lang", "outlet")},
                "date": day,
                "authors": [r["author"]],
            }
        )
    rows.append(
        (
            "https://agri-info.example/2017/09/08/a/",
            None,
            None,
            page.encode(),
            _date("2017-09-08"),
            None,
            None,
            None,
        )
    )
    as_jsonl.append({"url": "https://agri-info.example/2017/09/08/a/", "html": page, "date": "2017-09-08"})
    rows.append(
        ("https://agri-info.example/no-body", "a title and nothing else", None, None, None, None, None, None)
    )
    schema = StructType(
        [
            StructField("url", StringType()),
            StructField("title", StringType()),
            StructField("text", StringType()),
            StructField("html", BinaryType()),
            StructField("date", DateType()),
            StructField("lang", StringType()),
            StructField("outlet", StringType()),
            StructField("authors", ArrayType(StringType())),
        ]
    )
    folder = tmp_path / "collection"
    spark.createDataFrame(rows, schema).coalesce(1).write.parquet(str(folder))
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 this is not really parquet")
    (tmp_path / "records.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in as_jsonl), "utf-8"
    )

    out = str(tmp_path / "tables")
    report = run_batch(
        [str(folder), str(tmp_path / "broken.parquet")], out, outlet_files=[OUTLETS], spark=spark
    )
    assert (report.files, report.articles, report.rejections) == (2, len(as_jsonl), 2)
    with Workspace(tmp_path / "batch.db") as ws:
        load(out, ws.open(create=True), spark=spark)
    with Workspace(tmp_path / "local.db") as ws:
        ws.ingest([str(tmp_path / "records.jsonl")], outlets=[OUTLETS], workers=1)
    sql = "SELECT key, title, text, published, outlet, lang, author FROM articles ORDER BY id"
    expected = _rows(str(tmp_path / "local.db"), sql)
    assert len(expected) == len(as_jsonl) and expected[-1][3].startswith("2017-09-08")
    assert _rows(str(tmp_path / "batch.db"), sql) == expected
    sources = _rows(str(tmp_path / "batch.db"), "SELECT source_kind, source_record FROM articles ORDER BY id")
    assert sources == [("parquet", f"row {n}") for n in range(1, len(as_jsonl) + 1)]
    rejected = {(r["item"], r["reason"]) for r in spark.read.parquet(f"{out}/{tables.REJECTIONS}").collect()}
    assert any(
        item.endswith(f"row {len(rows)}") and "neither 'text' nor 'html'" in why for item, why in rejected
    )
    assert any(item.endswith("broken.parquet") and "not a Parquet file" in why for item, why in rejected)


def _date(iso: str):
    import datetime

    return datetime.date.fromisoformat(iso)
