"""The library API on the bundled examples: what a notebook, a server or a batch job sees."""

from __future__ import annotations

import io
import json

import pytest

from newstrace import Workspace
from newstrace.workspace import ArticleDetail, SearchHit, _fold

SEED_URL = "https://veille-geopolitique.example/2017/09/09/pourquoi-les-usa-ont-evacue-les-chefs-de-daech-de-deir-ez-zor/"


@pytest.fixture(scope="module")
def ws(examples_db):
    with Workspace(examples_db) as workspace:
        yield workspace


def test_search_folds_case_and_diacritics(ws):
    plain = ws.search("EVACUE chefs")
    accented = ws.search("évacué Chefs")
    assert plain and all(isinstance(h, SearchHit) for h in plain)
    assert [h.article_id for h in plain] == [h.article_id for h in accented]
    for hit in plain:  # every word of the query is in the article, folded
        article = ws.article(hit.article_id).article
        folded = _fold(article.title + " " + article.text)
        assert "evacue" in folded and "chefs" in folded
        assert any(word in _fold(hit.snippet + " " + hit.title) for word in ("evacue", "chefs"))
    assert ws.search("évacué chefs zzzqqq").hits == []
    (hit,) = [h for h in ws.search("exfiltre") if "exfiltré" in ws.article(h.article_id).article.text][:1]
    assert "exfiltré" in hit.snippet  # the snippet shows where the word is, in the original text


def test_search_filters(ws):
    everywhere = ws.search("Deir ez-Zor")
    assert {"fr", "en", "de"} <= {h.lang for h in everywhere}
    english = ws.search("Deir ez-Zor", lang="en")
    assert english and all(h.lang == "en" for h in english)
    assert {h.article_id for h in english} < {h.article_id for h in everywhere}
    story = english[0].story_id
    assert story is not None
    assert all(h.story_id == story for h in ws.search("Deir ez-Zor", story=story))
    page = ws.search("Deir ez-Zor", limit=2, offset=1)
    assert [h.article_id for h in page] == [h.article_id for h in everywhere[1:3]]


def test_article_with_its_relations_story_and_sources(ws):
    detail = ws.article(SEED_URL)
    assert isinstance(detail, ArticleDetail)
    assert ws.article(detail.article.id).article.url == detail.article.url
    assert detail.article.title.startswith("Pourquoi les USA")
    assert detail.analysis is not None and detail.analysis.attributions
    assert detail.story_id is not None and detail.narrative_id is not None
    # relations both ways, each touching the article
    assert detail.relations and all(detail.article.id in (r.source_id, r.target_id) for r in detail.relations)
    assert set(map(id, detail.derives_from + detail.derived)) == set(map(id, detail.relations))
    assert detail.provenance["roots"] and detail.provenance["independent_source_count"] >= 1
    assert all(m.article_id == detail.article.id for m in detail.matches)
    assert ws.article("https://nowhere.example/") is None
    assert ws.article(10**6) is None


def test_story_and_its_narrative(ws):
    seed = ws.article(SEED_URL)
    detail = ws.story(seed.story_id)
    assert seed.article.id in detail.story.article_ids
    assert {"fr", "en", "ru", "ar", "de", "es"} <= set(detail.view.story.languages)
    assert detail.view.independent_sources
    narrative = ws.narrative(detail.story.narrative_id)
    assert detail.story.id in [w.story_id for w in narrative.waves]
    assert {s.id for s in narrative.stories} == {w.story_id for w in narrative.waves}
    dates = [w.first_published for w in narrative.waves if w.first_published]
    assert dates == sorted(dates)
    assert sum(w.articles for w in narrative.waves) == sum(len(s.article_ids) for s in narrative.stories)
    assert ws.story(10**6) is None and ws.narrative(10**6) is None
    largest = ws.stories()
    assert [len(s.article_ids) for s in largest] == sorted(
        (len(s.article_ids) for s in largest), reverse=True
    )


def test_outlet_copies_from_whom_and_credits(ws):
    seed = ws.article(SEED_URL)
    taker = ws.outlet(seed.article.outlet)
    assert taker.articles >= 1 and taker.derived >= 1
    credited = {c.outlet for c in seed.article.credits if c.outlet}
    assert credited & set(taker.takes_from)  # it takes from the outlet it credits...
    assert 1 <= taker.credited <= taker.derived  # ...and says so
    source = ws.outlet(sorted(credited & set(taker.takes_from))[0])
    assert seed.article.outlet in source.taken_by
    assert source.registry is not None and source.name == source.registry.name
    assert sum(source.sources.values()) == source.claims
    assert ws.outlet("no-such-outlet.example") is None


def test_actor_quoted_across_stories_and_languages(ws):
    quoted = {
        r[0]
        for r in ws.store.conn.execute(
            "SELECT DISTINCT actor FROM attributions WHERE actor IS NOT NULL AND NOT unresolved"
        )
    }
    assert quoted
    for actor_id in sorted(quoted):
        own = ws.actor(actor_id, members=False)
        assert own.quotes and all(q.actor == actor_id for q in own.quotes)
        wider = ws.actor(actor_id)
        assert {(q.article_id, q.content) for q in own.quotes} <= {
            (q.article_id, q.content) for q in wider.quotes
        }
        assert set(own.story_ids) <= set(wider.story_ids)
        assert sum(wider.languages.values()) == len({q.article_id for q in wider.quotes})
    assert ws.actor("no-such-actor") is None


def test_export_to_an_open_file(ws):
    buffer = io.StringIO()
    assert ws.export(buffer) == ws.count()
    data = json.loads(buffer.getvalue())
    assert {"articles", "relations", "stories", "factchecks", "matches", "rejections"} <= set(data)
    assert len(data["articles"]) == ws.count()


def test_one_story_or_one_narrative_is_read_alone_and_the_same(ws):
    from newstrace.stories.store import stories

    every = stories(ws.store)
    assert len(every) > 2
    for story in every:
        assert stories(ws.store, ids=[story.id]) == [story]
        assert story in stories(ws.store, narrative=story.narrative_id)
    some = [every[0].id, every[-1].id]
    assert stories(ws.store, ids=some) == [every[0], every[-1]]
    assert stories(ws.store, ids=[]) == [] and stories(ws.store, ids=[10**6]) == []
    narrative = every[0].narrative_id
    assert stories(ws.store, narrative=narrative) == [s for s in every if s.narrative_id == narrative]
