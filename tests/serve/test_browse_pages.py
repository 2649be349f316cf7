"""The desk's lists and their pages: stories, narratives, outlets, actors, corrections."""

from __future__ import annotations

import re
from urllib.parse import quote

from newstrace import Workspace

from .conftest import client_for


def _links(page: str, prefix: str) -> list[str]:
    return re.findall(rf'href="({re.escape(prefix)}[^"?#]*)"', page)


def test_story_pages_follow_stories_order_a_page_at_a_time(shared_db):
    with Workspace(shared_db) as ws:
        every = ws.stories()
        assert len(every) >= 3
        paged = []
        offset = 0
        while True:
            page = ws.story_page(offset=offset, limit=2)
            assert page.total == len(every)
            paged += page.items
            if page.next_offset is None:
                break
            offset = page.next_offset
        assert [s.id for s in paged] == [s.id for s in every]
        assert [s.article_ids for s in paged] == [s.article_ids for s in every]
        langs = every[0].languages
        rare = next(x for x in langs if not all(x in s.languages for s in every))
        chosen = ws.story_page(lang=rare).items
        assert [s.id for s in chosen] == [s.id for s in every if rare in s.languages]
        beyond = ws.story_page(offset=1000)
        assert beyond.items == [] and beyond.total == len(every)


def test_stories_page_lists_every_story_with_size_languages_and_narrative(client, shared_db):
    with Workspace(shared_db) as ws:
        every = ws.stories()
    page = client.get("/stories")
    assert page.status_code == 200
    assert _links(page.text, "/stories/") == [f"/stories/{s.id}" for s in every]
    for s in every:
        assert f'href="/narratives/{s.narrative_id}"' in page.text
        for lang in s.languages:
            assert f">{lang}</span>" in page.text
    assert f"of {len(every)} stories" in page.text
    rare = next(x for x in every[0].languages if not all(x in s.languages for s in every))
    filtered = client.get("/stories", params={"lang": rare})
    assert _links(filtered.text, "/stories/") == [f"/stories/{s.id}" for s in every if rare in s.languages]


def test_lists_answer_bad_pages_with_4xx_pages(client):
    for path, status in {
        "/stories?page=0": 422,
        "/stories?page=x": 422,
        "/stories?page=999": 404,
        "/outlets?page=999": 404,
        "/narratives/0": 422,
        "/narratives/99999": 404,
        "/narratives/abc": 422,
        "/outlets/no-such-outlet": 404,
        "/actors/no-such-actor": 404,
        "/corrections?page=50": 404,
    }.items():
        response = client.get(path)
        assert response.status_code == status, (path, response.text[:200])
        assert response.headers["content-type"].startswith("text/html"), path


def test_narratives_list_waves_on_one_timeline_linked_to_their_stories(client, shared_db):
    with Workspace(shared_db) as ws:
        by_narrative: dict[int, list[int]] = {}
        for s in ws.stories():
            by_narrative.setdefault(s.narrative_id, []).append(s.id)
    several = {n: ids for n, ids in by_narrative.items() if len(ids) > 1}
    assert several, "the examples have a narrative of two waves"
    listed = client.get("/narratives").text
    assert sorted(_links(listed, "/narratives/")) == sorted(f"/narratives/{n}" for n in several)
    every = client.get("/narratives?every=1").text
    assert sorted(_links(every, "/narratives/")) == sorted(f"/narratives/{n}" for n in by_narrative)
    narrative_id, story_ids = next(iter(several.items()))
    page = client.get(f"/narratives/{narrative_id}")
    assert page.status_code == 200
    chart = page.text[page.text.index("<svg") : page.text.index("</svg>")]
    assert 'class="timeline wavelines"' in chart  # the report's own wave chart
    for story_id in story_ids:
        assert f'href="/stories/{story_id}"' in chart  # each wave is a row of the one chart
    single = next(n for n, ids in by_narrative.items() if len(ids) == 1)
    alone = client.get(f"/narratives/{single}").text
    assert f'href="/stories/{by_narrative[single][0]}"' in alone


def test_outlet_pages_show_what_the_outlet_takes_and_what_its_claims_stand_on(client, shared_db):
    with Workspace(shared_db) as ws:
        outlets = ws.outlets()
        detail = max((ws.outlet(o) for o, _ in outlets), key=lambda d: (d.derived, d.claims))
    listing = client.get("/outlets").text
    for outlet_id, n in outlets:  # each with its number of articles
        assert re.search(rf'href="/outlets/{re.escape(outlet_id)}".*<td class="n">{n}</td>', listing)
    assert detail.derived and detail.claims
    page = client.get(f"/outlets/{detail.id}").text
    credited = f"{100 * detail.credited / detail.derived:.0f}%"
    assert f"<b>{credited}</b> of its" in page
    said = detail.claims + detail.unsourced_sentences
    anonymous = detail.sources.get("anonymous", 0)
    assert f"<b>{100 * (anonymous + detail.unsourced_sentences) / said:.0f}%</b>" in page
    for source in detail.takes_from:
        if source != "unknown":
            assert f'href="/outlets/{source}"' in page
    for story_id in detail.story_ids:
        assert f'href="/stories/{story_id}"' in page
    some = outlets[-1][0]
    filtered = client.get("/outlets", params={"q": some.upper()}).text
    assert f'href="/outlets/{some}"' in filtered


def test_actor_pages_show_where_an_actor_is_quoted(client, shared_db):
    with Workspace(shared_db) as ws:
        actors = ws.actors()
        detail = ws.actor(actors[0][0])
    listing = client.get("/actors").text
    for actor_id, _ in actors:
        assert f'href="/actors/{quote(actor_id)}"' in listing
    page = client.get(f"/actors/{detail.id}").text
    assert f"Quoted {len(detail.quotes)} time" in page
    for q in detail.quotes[:50]:  # the first page
        assert f'href="/articles/{q.article_id}"' in page
    for story_id in detail.story_ids:
        assert f'href="/stories/{story_id}"' in page
    lang = next(iter(detail.languages))
    only = client.get(f"/actors/{detail.id}", params={"lang": lang}).text
    shown = {int(x) for x in re.findall(r'href="/articles/(\d+)"', only)}
    assert shown == {q.article_id for q in detail.quotes if q.lang == lang}
    for actor_id, _ in actors:  # ids like name:xyz, linked encoded
        assert client.get(f"/actors/{quote(actor_id)}").status_code == 200
    named = client.get("/actors", params={"q": detail.name[:5].lower()}).text
    assert f'href="/actors/{quote(detail.id)}"' in named


def test_corrections_page_lists_who_what_and_undo_forms(db):
    with Workspace(db) as ws:
        relation = ws.store.relations(ws.stories()[0].article_ids)[0]
        kept = ws.correct(
            "reject-relation",
            who="ana",
            source=relation.source_id,
            target=relation.target_id,
            relation=relation.kind,
            note="not the same text",
        )
        stories = ws.stories()
        undone = ws.correct("merge-stories", who="bob", story=stories[-1].id, into=stories[0].id)
        ws.undo(undone.id, who="ana")
    with client_for(db) as c:
        page = c.get("/corrections").text
        active = c.get("/corrections", params={"active": 1}).text
    assert "not the same text" in page and ">ana<" in page and ">bob<" in page
    assert f'href="/articles/{relation.source_id}"' in page
    assert f'href="/articles/{relation.target_id}"' in page
    assert f'href="/stories/{stories[-1].id}"' in page
    assert f'action="/corrections/{kept.id}/undo"' in page
    assert f'action="/corrections/{undone.id}/undo"' not in page  # undone already
    assert "undone" in page and 'name="csrf"' in page
    assert f'action="/corrections/{kept.id}/undo"' in active
    assert "merged story" not in active
