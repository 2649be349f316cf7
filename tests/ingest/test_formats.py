"""Each input format becomes the same kind of article, keeping where it came from."""

import gzip
import io
import json

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newstrace.pipeline import ingest
from tests.conftest import LOREM_FR, SEED, article_html


def only(store):
    articles = list(store.articles())
    assert len(articles) == 1, [a.title for a in articles]
    return articles[0]


def test_seed_txt_file(tmp_path, store):
    path = tmp_path / "seed.txt"
    path.write_bytes(SEED.read_bytes())
    report = ingest([str(path)], store, workers=1)
    assert report.new == 1 and not report.rejected
    article = only(store)
    assert article.title == "Pourquoi les USA ont évacué les chefs de Daech de Deir ez-Zor"
    assert article.lang == "fr"
    assert "Laisser un commentaire" not in article.text
    assert "Votre adresse e-mail" not in article.text
    assert not article.text.rstrip().endswith("Sputnik")
    assert [c.outlet for c in article.credits] == ["sputnik"]
    assert article.source.kind == "file" and article.source.location == str(path.resolve())
    assert len(article.content_hash) == 64


def test_html_file_metadata(tmp_path, store):
    html = article_html(
        "Sécheresse : 400 millions d'euros d'aides",
        LOREM_FR,
        url="https://www.lemonde.fr/planete/article/2017/09/08/secheresse.html",
    )
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    ingest([str(tmp_path)], store, workers=1)
    article = only(store)
    assert article.title.startswith("Sécheresse")
    assert article.published == "2017-09-08"
    assert article.outlet == "le-monde"
    assert article.canonical_url.endswith("secheresse.html")
    assert article.key == article.canonical_url
    assert "400 millions" in article.text and "Accueil" not in article.text


def test_gzipped_html(tmp_path, store):
    html = article_html("Titre", LOREM_FR)
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(html.encode()))
    ingest([str(tmp_path)], store, workers=1)
    assert only(store).lang == "fr"


def test_jsonl_records_with_foreign_field_names(tmp_path, store):
    lines = [
        {
            "url": "https://a.example/1",
            "title": "Un",
            "text": LOREM_FR,
            "published": "2017-09-08T10:00:00Z",
            "outlet": "Sputnik",
            "lang": "fr",
            "author": "Jean",
        },
        {
            "link": "https://b.example/2",
            "headline": "Deux",
            "content": LOREM_FR.replace("jeudi", "vendredi"),
            "date": "8 Sep 2017",
        },
        {
            "url": "https://c.example/3",
            "title": "Trois",
            "html": article_html("Trois", LOREM_FR.replace("jeudi", "lundi")),
        },
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    report = ingest([str(path)], store, workers=1)
    assert report.new == 3 and not report.rejected
    one, two, three = store.articles()
    assert (one.outlet, one.published, one.author, one.lang) == ("sputnik", "2017-09-08", "Jean", "fr")
    assert (two.title, two.url, two.published) == ("Deux", "https://b.example/2", "2017-09-08")
    assert three.source.record == "line 3" and three.url == "https://c.example/3"


def test_json_array_and_own_export_round_trip(tmp_path, store):
    path = tmp_path / "items.json"
    path.write_text(json.dumps([{"title": "Un", "text": LOREM_FR}]), encoding="utf-8")
    ingest([str(path)], store, workers=1)
    assert only(store).title == "Un"


def _warc(records, gz=True) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for uri, status, ctype, body in records:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
        )
    return buffer.getvalue()


def test_warc_html_responses_only(tmp_path, store):
    data = _warc(
        [
            (
                "https://fr.sputniknews.com/x.html",
                "200 OK",
                "text/html; charset=utf-8",
                article_html("Un", LOREM_FR).encode(),
            ),
            ("https://fr.sputniknews.com/logo.png", "200 OK", "image/png", b"\x89PNG...."),
            ("https://fr.sputniknews.com/gone", "404 Not Found", "text/html", b"<html>gone</html>"),
        ]
    )
    (tmp_path / "crawl.warc.gz").write_bytes(data)
    report = ingest([str(tmp_path)], store, workers=1)
    assert report.new == 1 and not report.rejected
    article = only(store)
    assert article.source.kind == "warc" and article.source.record.startswith("<urn:uuid:")
    assert article.outlet == "sputnik"


def test_rss_feed_file_with_full_content(tmp_path, store):
    content = "".join(f"<p>{p}</p>" for p in LOREM_FR.split("\n"))
    feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Agrégateur</title><link>https://agr.example/</link>
<item><title>Aides aux agriculteurs</title><link>https://agr.example/aides</link>
<pubDate>Fri, 08 Sep 2017 10:00:00 +0000</pubDate><content:encoded><![CDATA[{content}]]></content:encoded></item>
</channel></rss>"""
    (tmp_path / "feed.rss").write_text(feed, encoding="utf-8")
    report = ingest([str(tmp_path)], store, workers=1)
    assert report.new == 1, report.rejected
    article = only(store)
    assert (article.title, article.url, article.published) == (
        "Aides aux agriculteurs",
        "https://agr.example/aides",
        "2017-09-08",
    )
    assert article.source.kind == "feed"


def test_same_content_twice_changes_nothing_and_new_content_is_a_version(tmp_path, store):
    url = "https://agr.example/aides"
    page = tmp_path / "a.html"
    page.write_text(article_html("Aides", LOREM_FR, url=url), encoding="utf-8")
    first = ingest([str(page)], store, workers=1)
    again = ingest([str(page)], store, workers=1)
    assert (first.new, again.new, again.unchanged) == (1, 0, 1)
    copy = tmp_path / "copy" / "a.html"  # the same bytes elsewhere are the same article
    copy.parent.mkdir()
    copy.write_bytes(page.read_bytes())
    assert ingest([str(copy)], store, workers=1).unchanged == 1
    page.write_text(
        article_html("Aides", LOREM_FR + "\nMise à jour : le décret est paru.", url=url), encoding="utf-8"
    )
    updated = ingest([str(page)], store, workers=1)
    assert updated.versions == 1
    versions = sorted((a.version, "Mise à jour" in a.text) for a in store.articles())
    assert versions == [(1, False), (2, True)]
    assert store.count() == 2


def test_parallel_workers_give_the_same_articles(tmp_path, store):
    for i in range(12):
        (tmp_path / f"p{i}.html").write_text(
            article_html(
                f"Titre {i}",
                LOREM_FR + f"\nParagraphe numéro {i} ajouté pour distinguer.",
                url=f"https://x.example/{i}",
            ),
            encoding="utf-8",
        )
    report = ingest([str(tmp_path)], store, workers=2)
    assert report.new == 12
    assert sorted(a.title for a in store.articles()) == sorted(f"Titre {i}" for i in range(12))


def test_a_page_that_reverts_is_a_new_version(tmp_path, store):
    url = "https://agr.example/aides"
    page = tmp_path / "a.html"
    texts = [LOREM_FR, LOREM_FR + "\nCorrection : le montant est de 450 millions.", LOREM_FR]
    statuses = []
    for text in texts:
        page.write_text(article_html("Aides", text, url=url), encoding="utf-8")
        r = ingest([str(page)], store, workers=1)
        statuses.append((r.new, r.versions, r.unchanged))
    assert statuses == [(1, 0, 0), (0, 1, 0), (0, 1, 0)]
    latest = list(store.articles(latest_only=True))
    assert len(latest) == 1 and latest[0].version == 3 and "Correction" not in latest[0].text


def test_records_without_url_are_not_versions_of_each_other(tmp_path, store):
    first = [
        {"title": "Pont", "text": LOREM_FR},
        {"title": "Barrage", "text": LOREM_FR.replace("jeudi", "lundi")},
    ]
    second = [{"title": "Incendie", "text": LOREM_FR.replace("jeudi", "mardi")}] + first
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in first), encoding="utf-8")
    ingest([str(path)], store, workers=1)
    path.write_text("\n".join(json.dumps(x) for x in second), encoding="utf-8")
    report = ingest([str(path)], store, workers=1)
    assert (report.new, report.versions, report.unchanged) == (1, 0, 2)
    assert {a.version for a in store.articles()} == {1}


def test_canonical_link_to_the_home_page_is_ignored(tmp_path, store):
    for i in range(2):
        html = article_html(f"Article {i}", LOREM_FR + f" Numéro {i}.", url="https://site.example/")
        (tmp_path / f"a{i}.html").write_text(html, encoding="utf-8")
    report = ingest([str(tmp_path)], store, workers=1)
    assert report.new == 2 and report.versions == 0
