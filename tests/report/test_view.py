"""The typed story view and the templates other pages (the desk) build on."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from newstrace.report.html import StoryPage, environment, render_story
from newstrace.report.view import ArticleView, AttributionView, StoryView, WaveView
from tests.report.sample_view import sample_view
from tests.report.test_html import HOSTILE, Tags


def test_the_json_form_reads_back_into_the_same_view(view):
    typed = StoryView.from_dict(view)
    assert isinstance(typed.articles[0], ArticleView)
    assert isinstance(typed.articles[0].attributions[0], AttributionView)
    assert StoryView.from_dict(typed.to_dict()) == typed
    # the fields the sample gives survive the round trip unchanged
    assert typed.to_dict()["story"] == view["story"]
    assert [a["id"] for a in typed.to_dict()["articles"]] == [a["id"] for a in view["articles"]]
    assert render_story(typed) == render_story(view)


def test_mistyped_fields_are_dropped_not_trusted():
    typed = StoryView.from_dict(
        {
            "story": {"id": ["x"], "title": 5, "languages": "fr"},
            "articles": [{"id": 1, "text": 3, "attributions": [{"start": "0", "end": True, "stance": 1}]}, "junk"],
            "relations": [{"source_id": None, "target_id": 1}],
            "waves": [{"id": 2, "articles": "many", "published": ["2025-01-01", None]}],
        }
    )  # fmt: skip
    assert typed.story.id is None and typed.story.title is None and typed.story.languages == []
    (article,) = typed.articles
    assert (
        article.text == "" and article.attributions[0].start is None and article.attributions[0].end is None
    )
    assert typed.relations == []
    assert typed.waves == [WaveView(id=2, articles=0, published=["2025-01-01"])]


def test_a_section_renders_inside_another_page_with_escaping(view):
    view["articles"][0]["title"] = HOSTILE
    view["external"][0]["label"] = HOSTILE
    page = environment().from_string(
        '<main>{% include "partials/provenance.html" %}'
        '{% for a in s.articles[:1] %}{% include "partials/article.html" %}{% endfor %}</main>'
    )
    html = page.render(s=StoryPage(view))
    tags = Tags(html)
    assert len(tags.with_class("node")) == 13
    assert tags.find("details", id=f"article-{view['articles'][0]['id']}")
    assert not tags.find("script") and not tags.find("img")
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "name",
    [
        "partials/overview.html",
        "partials/sources.html",
        "partials/factchecks.html",
        "partials/timeline.html",
        "partials/waves.html",
        "partials/denials.html",
        "partials/articles.html",
        "partials/corrections.html",
    ],
)
def test_every_partial_escapes_hostile_text(name):
    view = sample_view()
    view["story"]["title"] = HOSTILE
    for article in view["articles"]:
        article["title"] = article["site_name"] = HOSTILE
    for d in view["denials"]:
        d["source"] = HOSTILE
    for f in view["factchecks"]:
        f["claim"] = f["publisher"] = HOSTILE
    view["independent_sources"][0]["source"] = HOSTILE
    view["corrections"] = [{"id": 1, "description": HOSTILE, "label": HOSTILE}]
    view["articles"][0]["corrected"] = [{"id": 1, "label": HOSTILE, "description": HOSTILE}]
    view["waves"] = [{"id": 1, "title": HOSTILE, "articles": 2, "published": ["2025-01-01"]},
                     {"id": 2, "title": HOSTILE, "articles": 2, "published": [], "current": True}]  # fmt: skip
    html = environment().get_template(name).render(s=StoryPage(view))
    tags = Tags(html)
    assert not tags.find("script") and not tags.find("img"), name
    assert not [a for _, a in tags.tags for attr in a if attr.startswith("on")], name


def test_the_view_is_plain_data(view):
    # the JSON the CLI prints is the dataclasses' fields, nothing else
    typed = StoryView.from_dict(view)
    assert typed.to_dict() == asdict(typed)
    assert set(typed.to_dict()) == {
        "story", "articles", "relations", "external", "roots", "independent_sources", "unsourced",
        "lead", "sentence", "denials", "factchecks", "waves", "corrections",
    }  # fmt: skip
