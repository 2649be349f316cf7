"""A date in an article's body is never its publication date."""

import pytest

from newstrace.extract.dates import page_date
from newstrace.extract.html import extract_html

BODY = (
    "<p>La base est occupée depuis 2018 par les forces de la coalition, selon plusieurs sources.</p>"
    "<p>Le 3 avril 2018, l'état-major a annoncé un retrait partiel, démenti le 12/05/2019.</p>"
    "<p>Un rapport du 2020-05-04 12:00:00 évoquait déjà la question, rappelle le journal.</p>"
    "<p>The strike of March 5, 2017 was followed by talks in 2021 and a truce on 2022-01-09.</p>"
)


def page(head: str = "", before: str = "", h1: str = "La base de Deir ez-Zor") -> str:
    return (
        f"<html><head><title>{h1}</title>{head}</head><body><article>"
        f"<h1>{h1}</h1>{before}{BODY}</article></body></html>"
    )


@pytest.mark.parametrize(
    "html",
    [
        page(),
        page(h1="La base de Deir ez-Zor en 2019"),
        page(before="<div class='field-content'>Le 3 avril 2018, tout a commencé." + BODY + "</div>"),
        page(before="<small>© 2006-2019 Le Journal</small>"),
    ],
)
def test_a_page_without_date_metadata_stays_undated(html):
    assert page_date(html) is None
    assert extract_html(html).date is None


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        (
            page(head="<meta property='article:published_time' content='2021-02-03T10:00:00Z'>"),
            None,
            "2021-02-03",
        ),
        (page(head="<meta name='date' content='2020-11-30'>"), None, "2020-11-30"),
        (
            page(
                head='<script type="application/ld+json">{"@type": "NewsArticle", '
                '"datePublished": "2019-07-08T09:00:00+02:00"}</script>'
            ),
            None,
            "2019-07-08",
        ),
        (page(), "https://example.org/news/2022/05/06/la-base.html", "2022-05-06"),
        (page(before="<time datetime='2023-06-07T08:00'>7 juin 2023</time>"), None, "2023-06-07"),
        (page(before="<span class='date'>Publié le 14/09/2021</span>"), None, "2021-09-14"),
        (page(before="<p class='byline'>Par Jean Dupont, 2018-02-01</p>"), None, "2018-02-01"),
    ],
)
def test_metadata_the_url_and_bylines_date_a_page(html, url, expected):
    assert page_date(html, url) == expected
    assert extract_html(html, url).date == expected


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"url": "https://example.org/world/2022/10/23/shoigu-calls"}, "2022-10-23"),
        (
            {"url": "https://example.org/world/2022/10/23/shoigu-calls", "published": "2022-10-24"},
            "2022-10-24",
        ),
        ({"url": "https://example.org/world/shoigu-calls-2018"}, None),
        ({}, None),
    ],
)
def test_a_text_record_is_dated_by_its_url_never_by_its_body(registry, meta, expected):
    """A JSONL line with a URL but no date gets the URL's date, as a page would; a date the
    record gives wins, and the body's dates never count."""
    from newstrace.extract.article import extract
    from newstrace.model import RawDocument, Source

    body = BODY.replace("<p>", "").replace("</p>", "\n")
    raw = RawDocument(Source("jsonl", "/tmp/x.jsonl", "1"), text=body, meta={"title": "La base", **meta})
    assert extract(raw, registry).published == expected
