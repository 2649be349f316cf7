"""Fetching from URLs, against a server on 127.0.0.1 (there is no other network here)."""

from newstrace.ingest import IngestOptions
from newstrace.ingest.web import USER_AGENT, FetchOptions
from newstrace.pipeline import ingest
from tests.conftest import LOREM_FR, article_html

HTML = {"Content-Type": "text/html; charset=utf-8"}


def options(**kw):
    kw.setdefault("timeout", 2.0)
    kw.setdefault("delay", 0.0)
    return IngestOptions(fetch=FetchOptions(**kw))


def test_fetch_article_with_honest_user_agent(web, store):
    web.routes["/a.html"] = (200, HTML, article_html("Aides", LOREM_FR, url=web.url("/a.html")).encode())
    report = ingest([web.url("/a.html")], store, workers=1, options=options())
    assert report.new == 1, report.rejected
    article = next(store.articles())
    assert article.source.kind == "url" and article.url == web.url("/a.html")
    agents = {ua for path, ua, _ in web.log}
    assert agents == {USER_AGENT} and "newstrace" in USER_AGENT


def test_robots_txt_is_honoured(web, store):
    web.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n")
    web.routes["/private/a.html"] = (200, HTML, article_html("Secret", LOREM_FR).encode())
    web.routes["/public/a.html"] = (200, HTML, article_html("Public", LOREM_FR).encode())
    report = ingest(
        [web.url("/private/a.html"), web.url("/public/a.html")], store, workers=1, options=options()
    )
    assert report.new == 1
    assert len(report.rejected) == 1 and "robots.txt" in report.rejected[0].reason
    assert "/private/a.html" not in [path for path, _, _ in web.log]
    # With --no-robots the user takes responsibility.
    again = ingest([web.url("/private/a.html")], store, workers=1, options=options(robots=False))
    assert again.new == 1


def test_rate_limit_spaces_requests_to_one_host(web, store):
    for i in range(3):
        web.routes[f"/{i}.html"] = (200, HTML, article_html(f"T{i}", LOREM_FR + f" {i}.").encode())
    ingest(
        [web.url(f"/{i}.html") for i in range(3)], store, workers=1, options=options(delay=0.3, robots=False)
    )
    times = [t for path, _, t in web.log if path.endswith(".html")]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    # the server logs arrivals from its own thread: under load a log can lag, so allow a margin
    assert len(gaps) == 2 and min(gaps) >= 0.2


def test_redirect_cap(web, store):
    for i in range(10):
        web.routes[f"/r{i}"] = (302, {"Location": f"/r{i + 1}"}, b"")
    report = ingest([web.url("/r0")], store, workers=1, options=options(max_redirects=3, robots=False))
    assert len(report.rejected) == 1 and "more than 3 redirects" in report.rejected[0].reason


def test_size_cap_while_streaming(web, store):
    # No Content-Length: the cap must hold while reading.
    web.routes["/big.html"] = (200, HTML, b"<html><body>" + b"<p>x</p>" * 50_000 + b"</body></html>")
    report = ingest(
        [web.url("/big.html")], store, workers=1, options=options(max_bytes=100_000, robots=False)
    )
    assert len(report.rejected) == 1 and "limit" in report.rejected[0].reason


def test_feed_url_fetches_the_linked_articles(web, store):
    web.routes["/a.html"] = (200, HTML, article_html("Premier", LOREM_FR).encode())
    web.routes["/b.html"] = (200, HTML, article_html("Second", LOREM_FR.replace("jeudi", "mardi")).encode())
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Flux</title>
<item><title>Premier</title><link>{web.url("/a.html")}</link><description>Court.</description></item>
<item><title>Second</title><link>{web.url("/b.html")}</link><description>Court.</description></item>
<item><title>Mort</title><link>{web.url("/dead.html")}</link><description>Court.</description></item>
</channel></rss>"""
    web.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, feed.encode())
    report = ingest([web.url("/feed.xml")], store, workers=1, options=options(robots=False))
    assert report.new == 2
    assert len(report.rejected) == 1 and "dead.html" in report.rejected[0].item
    assert sorted(a.title for a in store.articles()) == ["Premier", "Second"]
