"""Every kind of bad input gets one clear rejection naming the item; the batch goes on."""

import gzip
import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newstrace.ingest import IngestOptions
from newstrace.ingest.web import FetchOptions
from newstrace.pipeline import ingest
from tests.conftest import LOREM_FR, article_html

RUSSIAN = (
    "Министерство обороны России сообщило в четверг, что сирийская армия при поддержке российской "
    "авиации прорвала блокаду Дейр-эз-Зора, продолжавшуюся три года.\n"
    "По данным ведомства, в ходе операции были уничтожены десятки боевиков и единицы техники."
)


def run(paths, store, **options):
    return ingest(
        [str(p) for p in paths], store, workers=1, options=IngestOptions(**options) if options else None
    )


def good_page(tmp_path):
    path = tmp_path / "good.html"
    path.write_text(article_html("Bon article", LOREM_FR), encoding="utf-8")
    return path


def assert_one_rejection(report, name, *words):
    assert len(report.rejected) == 1, report.rejected
    message = str(report.rejected[0])
    assert name in message
    for word in words:
        assert word in message.lower(), message


def test_binary_file_with_html_name(tmp_path, store):
    bad = tmp_path / "scan.html"
    bad.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    report = run([bad, good_page(tmp_path)], store)
    assert report.new == 1
    assert_one_rejection(report, "scan.html", "binary", "pdf")


def test_binary_file_with_nul_bytes(tmp_path, store):
    bad = tmp_path / "blob.txt"
    bad.write_bytes(bytes(range(256)) * 20)
    report = run([bad, good_page(tmp_path)], store)
    assert report.new == 1
    assert_one_rejection(report, "blob.txt", "binary")


def test_undeclared_cp1251_russian_page(tmp_path, store):
    page = tmp_path / "ru.html"
    page.write_bytes(article_html("Прорыв блокады Дейр-эз-Зора", RUSSIAN, charset=None).encode("cp1251"))
    report = run([page], store)
    assert report.new == 1 and not report.rejected
    article = next(store.articles())
    assert "Дейр-эз-Зора" in article.text and article.lang == "ru"


def test_wrongly_declared_encoding_is_detected(tmp_path, store):
    page = tmp_path / "ru.html"
    page.write_bytes(article_html("Прорыв блокады", RUSSIAN, charset="utf-8").encode("cp1251"))
    report = run([page], store)
    assert report.new == 1
    assert "сирийская армия" in next(store.articles()).text


def test_empty_page(tmp_path, store):
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>Accueil</title></head><body><nav>Menu</nav></body></html>")
    zero = tmp_path / "zero.html"
    zero.write_bytes(b"")
    report = run([empty, zero, good_page(tmp_path)], store)
    assert report.new == 1
    assert len(report.rejected) == 2
    assert all("no article text" in r.reason for r in report.rejected)
    assert {r.item.rsplit("/", 1)[-1] for r in report.rejected} == {"empty.html", "zero.html"}


def test_truncated_gzip(tmp_path, store):
    data = gzip.compress(article_html("Titre", LOREM_FR).encode())
    bad = tmp_path / "page.html.gz"
    bad.write_bytes(data[: len(data) // 2])
    report = run([bad, good_page(tmp_path)], store)
    assert report.new == 1
    assert_one_rejection(report, "page.html.gz", "truncated")


def _warc_bytes(n: int) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for i in range(n):
        body = article_html(
            f"Article {i}", LOREM_FR + f"\nNuméro {i}.", url=f"https://x.example/{i}"
        ).encode()
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                f"https://x.example/{i}", "response", payload=io.BytesIO(body), http_headers=headers
            )
        )
    return buffer.getvalue()


def test_truncated_warc_keeps_complete_records(tmp_path, store):
    data = _warc_bytes(6)
    bad = tmp_path / "crawl.warc.gz"
    bad.write_bytes(data[: int(len(data) * 0.75)])
    report = run([bad], store)
    assert 3 <= report.new <= 5  # the records before the cut
    assert_one_rejection(report, "crawl.warc.gz", "truncated")
    # A rerun of the repaired archive adds only what was missing.
    bad.write_bytes(data)
    again = run([bad], store)
    assert again.new == 6 - report.new and again.unchanged == report.new
    assert store.count() == 6


def test_oversized_page(tmp_path, store):
    big = tmp_path / "big.html"
    big.write_text(article_html("Gros", LOREM_FR * 400), encoding="utf-8")
    report = run([big, good_page(tmp_path)], store, max_bytes=100_000)
    assert report.new == 1
    assert_one_rejection(report, "big.html", "limit", "--max-bytes")


def test_malformed_json_lines(tmp_path, store):
    path = tmp_path / "export.jsonl"
    lines = [
        json.dumps({"title": "Un", "text": LOREM_FR, "url": "https://a.example/1"}),
        '{"title": "Deux", "text": "coupé',
        json.dumps({"title": "Trois"}),
        json.dumps({"title": "Quatre", "text": LOREM_FR + " Fin.", "url": "https://a.example/4"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    report = run([path], store)
    assert report.new == 2
    reasons = {r.item.rsplit(" ", 1)[-1]: r.reason for r in report.rejected}
    assert set(reasons) == {"2", "3"}
    assert "malformed JSON" in reasons["2"]
    assert "neither 'text' nor 'html'" in reasons["3"]


def test_missing_path(tmp_path, store):
    report = run([tmp_path / "nope.html", good_page(tmp_path)], store)
    assert report.new == 1
    assert_one_rejection(report, "nope.html", "no such file")


@pytest.fixture
def fast_fetch():
    return FetchOptions(timeout=1.0, delay=0.0)


def test_http_404(web, store, fast_fetch):
    report = ingest([web.url("/missing.html")], store, workers=1, options=IngestOptions(fetch=fast_fetch))
    assert_one_rejection(report, "/missing.html", "404")


def test_timeout(web, store, fast_fetch):
    import time

    def slow():
        time.sleep(2.5)
        return 200, {"Content-Type": "text/html"}, b"<html></html>"

    web.routes["/slow.html"] = slow
    report = ingest([web.url("/slow.html")], store, workers=1, options=IngestOptions(fetch=fast_fetch))
    assert_one_rejection(report, "/slow.html", "timed out")


def test_connection_refused(store, closed_port, fast_fetch):
    url = f"http://127.0.0.1:{closed_port}/article.html"
    report = ingest([url], store, workers=1, options=IngestOptions(fetch=fast_fetch))
    assert_one_rejection(report, url, "connection failed")


def test_one_stray_byte_in_a_utf8_page_does_not_garble_it(tmp_path, store):
    page = tmp_path / "stray.html"
    html = article_html("Le maire a déclaré", LOREM_FR + "\nLe pont rouvrira après les réparations.")
    page.write_bytes(
        html.encode("utf-8").replace("déclaré".encode(), b"d\xe9clar\xe9", 1).replace(b"ont ", b"ont\x92 ", 1)
    )
    report = run([page], store)
    assert report.new == 1
    assert "après les réparations" in next(store.articles()).text


def test_jsonl_with_one_record_in_another_encoding(tmp_path, store):
    good = [
        json.dumps(
            {"title": f"N{i}", "text": LOREM_FR + f" Numéro {i}.", "url": f"https://a.example/{i}"},
            ensure_ascii=False,
        ).encode()
        for i in range(5)
    ]
    bad = '{"title": "Café", "text": "'.encode() + ("Le café a été vendu. " * 10).encode("latin-1") + b'"}'
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(good + [bad]))
    report = run([path], store)
    assert report.new == 6
    assert all("é" in a.text for a in store.articles())


@pytest.mark.parametrize(
    "content, reason",
    [
        ('{"title": "x", "text": "' + LOREM_FR.replace("\n", " ") + ' \\ud800"}', None),
        ("[" * 100_000, "JSON"),
        ('{"title": "x", "text": "t", "n": ' + "9" * 5000 + "}", "JSON"),
        ('{"url": 12345, "title": "x", "text": "' + LOREM_FR.replace("\n", " ") + '"}', None),
    ],
    ids=["lone-surrogate", "deep-nesting", "huge-integer", "url-not-a-string"],
)
def test_odd_json_never_stops_the_batch(tmp_path, store, content, reason):
    (tmp_path / "odd.json").write_text(content, encoding="utf-8")
    report = run([tmp_path / "odd.json", good_page(tmp_path)], store)
    assert report.new >= 1
    if reason:
        assert_one_rejection(report, "odd.json", reason.lower())


def test_file_name_in_a_legacy_encoding(tmp_path, store):
    import os

    folder = tmp_path / "names"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")
    (folder / name).write_text("Titre\n\n" + LOREM_FR, encoding="utf-8")
    report = run([folder], store)
    assert report.new == 1 and "caf" in next(store.articles()).source.location


def test_undefined_declared_charset(tmp_path, store):
    page = tmp_path / "u.html"
    page.write_text(article_html("Titre", LOREM_FR, charset="undefined"), encoding="utf-8")
    assert run([page], store).new == 1


@pytest.mark.parametrize("url", ["https://[::1/x", "http://a..b/story"])
def test_malformed_url(store, url, fast_fetch):
    report = ingest([url], store, workers=1, options=IngestOptions(fetch=fast_fetch))
    assert len(report.rejected) == 1 and "url" in report.rejected[0].reason.lower()


def test_language_names_and_three_letter_codes(tmp_path, store):
    lines = [
        json.dumps({"title": f"T{i}", "text": LOREM_FR + f" {i}.", "lang": lang})
        for i, lang in enumerate(["fra", "French", "fr-FR", "xx-nonsense"])
    ]
    (tmp_path / "l.jsonl").write_text("\n".join(lines), encoding="utf-8")
    run([tmp_path / "l.jsonl"], store)
    assert [a.lang for a in store.articles()] == ["fr", "fr", "fr", "xx"]


def test_truncated_uncompressed_warc_rejects_the_cut_record(tmp_path, store):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for i in range(3):
        body = article_html(
            f"Article {i}", LOREM_FR + f"\nNuméro {i}.", url=f"https://x.example/{i}"
        ).encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://x.example/{i}", "response", payload=io.BytesIO(body), http_headers=headers
            )
        )
    path = tmp_path / "crawl.warc"
    path.write_bytes(buffer.getvalue()[:-100])
    report = run([path], store)
    assert report.new == 2
    assert len(report.rejected) == 1 and "truncated" in report.rejected[0].reason


@pytest.mark.parametrize(
    "name, data",
    [
        ("notes.warc", b"these are my notes about the crawl, not an archive\n"),
        ("crawl.warc.gz", b"\x1f\x8b\x08\x00" + b"not really gzip" * 20),
        ("empty.warc", b""),
    ],
)
def test_a_file_that_is_no_warc_is_rejected_not_silently_empty(tmp_path, store, name, data):
    # warcio reads any text as an ARC archive of one garbage record: it must not pass for a crawl
    (tmp_path / name).write_bytes(data)
    report = run([tmp_path / name, good_page(tmp_path)], store)
    assert report.new == 1
    assert_one_rejection(report, name, "not a warc or arc archive")


def test_a_file_read_elsewhere_is_read_from_its_bytes_as_from_its_path(tmp_path):
    from newstrace.ingest.sources import IngestOptions, iter_file

    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(_warc_bytes(3))
    jsonl = tmp_path / "export.jsonl.gz"
    jsonl.write_bytes(gzip.compress(json.dumps({"url": "https://x.example/j", "text": LOREM_FR}).encode()))
    for path in (warc, jsonl):
        from_path = list(iter_file(path, IngestOptions(), None))
        from_bytes = list(iter_file(path, IngestOptions(), None, data=path.read_bytes()))
        assert from_bytes == from_path and len(from_path) >= 1


def test_parquet_is_named_for_batch_not_read_as_text(tmp_path, store):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "part-00000.snappy.parquet").write_bytes(b"PAR1\x15\x00" + b"\x00" * 40 + b"PAR1")
    report = run([folder, good_page(tmp_path)], store)
    assert_one_rejection(report, "part-00000.snappy.parquet", "newstrace batch")
    assert report.new == 1
