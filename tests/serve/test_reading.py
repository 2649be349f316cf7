"""The desk's reading path: /search, /articles/{id}, /stories/{id}, and the corrections made
on them through /corrections/new and /corrections/{id}/undo."""

from __future__ import annotations

import re
from html import unescape

import pytest

from newstrace import Workspace
from newstrace.serve.pages import common, reading
from newstrace.users import add_user
from tests.conftest import EXAMPLES

from .conftest import client_for, csrf_of

# -- search ---------------------------------------------------------------------------------------


def _hrefs(html: str, prefix: str) -> list[str]:
    return re.findall(rf'href="({re.escape(prefix)}[^"]*)"', html)


def test_search_lists_hits_with_marked_snippets_and_links(client):
    api = client.get("/api/v1/search", params={"q": "Deir ez-Zor"}).json()
    page = client.get("/search", params={"q": "Deir ez-Zor"})
    assert page.status_code == 200
    assert f"{api['total']} articles" in page.text
    assert "<mark>" in page.text
    assert [f"/articles/{h['article_id']}" for h in api["hits"]] == _hrefs(page.text, "/articles/")
    for hit in api["hits"]:
        if hit["story_id"] is not None:
            assert f'href="/stories/{hit["story_id"]}"' in page.text


def test_facets_are_checkboxes_with_the_apis_counts_and_filters_apply(client):
    api = client.get("/api/v1/search", params={"q": "Deir"}).json()
    page = client.get("/search", params={"q": "Deir"}).text
    for facet in api["facets"]["lang"]:
        value, count = facet["value"], facet["count"]
        assert re.search(
            rf'name="lang" value="{value}"> <span dir="auto">[^<]+</span> <span class="count">{count}<', page
        )
    fr = next(f["count"] for f in api["facets"]["lang"] if f["value"] == "fr")
    narrowed = client.get("/search", params={"q": "Deir", "lang": "fr"}).text
    assert f"{fr} article" in narrowed
    assert 'name="lang" value="fr" checked' in narrowed
    assert 'name="lang" value="en">' in narrowed  # the other values stay to choose from


def test_estimated_facet_counts_are_marked_as_such(client, monkeypatch):
    exact = client.get("/api/v1/search", params={"q": "Deir"}).json()
    assert exact["facets_exact"] and "≈" not in client.get("/search", params={"q": "Deir"}).text
    monkeypatch.setattr("newstrace.store.search.FACET_SAMPLE", 2)  # fewer than the hits: a sample
    sampled = client.get("/api/v1/search", params={"q": "Deir"}).json()
    assert not sampled["facets_exact"] and sampled["total"] == exact["total"]
    page = client.get("/search", params={"q": "Deir"}).text
    assert re.search(r'<span class="count">≈\d+<', page) and "estimated from a sample" in page


def test_search_pages_forward_and_back(client, monkeypatch):
    monkeypatch.setattr(reading, "PER_PAGE", 3)
    total = client.get("/api/v1/search", params={"q": "Deir"}).json()["total"]
    assert total > 6
    first = client.get("/search", params={"q": "Deir", "lang": ["fr", "en"]}).text
    following = unescape(re.search(r'rel="next" href="([^"]+)"', first).group(1))
    assert "page=2" in following and "lang=fr" in following and "lang=en" in following
    second = client.get(following).text
    assert 'rel="prev"' in second and "page 2 of" in second
    assert not set(_hrefs(first, "/articles/")) & set(_hrefs(second, "/articles/"))


@pytest.mark.parametrize(
    "query",
    ['"', "AND (", ")(*", "-", "OR", "\x00", "<script>alert(1)</script>", "a" * 1000, "NEAR(x y)", "*"],
)
def test_hostile_queries_are_answered_on_the_page(client, query):
    page = client.get("/search", params={"q": query})
    assert page.status_code in (200, 400)
    assert page.headers["content-type"].startswith("text/html")
    assert "<script>alert" not in page.text
    if page.status_code == 400:
        assert "cannot be run" in page.text


def test_empty_query_and_bad_filters_are_explained(client):
    empty = client.get("/search")
    assert empty.status_code == 200 and "Type one or more words" in empty.text
    bad_date = client.get("/search", params={"q": "Deir", "from": "soon"})
    assert bad_date.status_code == 400 and "is not a date" in bad_date.text
    bad_story = client.get("/search", params={"q": "Deir", "story": "x"})
    assert bad_story.status_code == 422 and bad_story.headers["content-type"].startswith("text/html")
    bad_page = client.get("/search", params={"q": "Deir", "page": "0"})
    assert bad_page.status_code == 422


# -- an article -----------------------------------------------------------------------------------


def _translated(db: str) -> tuple[int, int]:
    """A translation's (source, target)."""
    with Workspace(db) as ws:
        found = next(r for r in ws.store.relations() if r.kind == "translation")
        return found.source_id, found.target_id


def test_article_page_shows_the_article_its_relations_both_ways_and_its_story(client, shared_db):
    source, target = _translated(shared_db)
    with Workspace(shared_db) as ws:
        detail = ws.article(target)
    page = client.get(f"/articles/{target}")
    assert page.status_code == 200
    text = unescape(page.text)
    assert detail.article.title in text and detail.article.outlet in text
    assert f'href="/stories/{detail.story_id}"' in page.text
    for r in detail.relations:
        other = r.source_id if r.target_id == target else r.target_id
        assert f'href="/articles/{other}"' in page.text
    assert "translates" in page.text
    assert 'class="pass pass-translation"' in page.text  # the translated passages are marked
    assert 'class="src src-' in page.text  # and the attributions
    assert "independent source" in page.text
    # the source article sees the same relation from the other side
    assert "translated by" in client.get(f"/articles/{source}").text


def test_an_articles_origin_chain_walks_up_to_its_root(client, shared_db):
    with Workspace(shared_db) as ws:
        deep = next(
            (d for d in (ws.article(i) for s in ws.stories() for i in s.article_ids) if len(d.chain) >= 1),
            None,
        )
    assert deep is not None
    page = client.get(f"/articles/{deep.article.id}").text
    chain = page.split('<ol class="chain">')[1].split("</ol>")[0]
    assert _hrefs(chain, "/articles/") == [f"/articles/{r.source_id}" for r in deep.chain]


def test_unknown_or_bad_article_and_story_ids_are_html_4xx(client):
    for path, status in (("/articles/999999", 404), ("/articles/x", 422), ("/articles/0", 422),
                         ("/stories/999999", 404), ("/stories/-1", 422), ("/articles/99999999999999999999", 422)):  # fmt: skip
        page = client.get(path)
        assert page.status_code == status, path
        assert page.headers["content-type"].startswith("text/html")


# -- a story --------------------------------------------------------------------------------------


def test_story_page_draws_the_reports_sections_with_desk_links(client):
    stories = client.get("/api/v1/stories").json()["stories"]
    big = stories[0]
    page = client.get(f"/stories/{big['id']}")
    assert page.status_code == 200
    for section in ('id="overview"', 'id="timeline"', 'id="provenance"', 'id="articles"', 'id="graph"'):
        assert section in page.text
    assert '<script src="/static/report/story.js">' in page.text
    assert client.get("/static/report/story.js").status_code == 200
    for article_id in big["article_ids"]:
        assert f'href="/articles/{article_id}"' in page.text
        assert f'id="article-{article_id}"' in page.text  # the graph still opens them in place
    assert "merge-stories" in page.text
    waves = [s["id"] for s in stories if s["narrative_id"] == big["narrative_id"] and s["id"] != big["id"]]
    assert waves  # the examples' seed story has a look-alike wave
    for wave in waves:
        assert f'href="/stories/{wave}"' in page.text  # the narrative's other waves open on the desk
    assert not _hrefs(page.text, "story-")  # no link to the static report's files
    assert "<script>" not in page.text  # no inline script under the desk's CSP


# -- corrections through the forms ------------------------------------------------------------------


def _form(page: str, kind: str) -> str:
    return page[page.index(f'name="kind" value="{kind}"') :]


def test_rejecting_a_relation_on_the_article_page_and_undoing_it(db):
    source, target = _translated(db)
    with client_for(db) as c:
        page = c.get(f"/articles/{target}").text
        assert 'value="reject-relation"' in page
        made = c.post(
            "/corrections/new",
            data={
                "kind": "reject-relation",
                "source": source,
                "target": target,
                "relation": "translation",
                "next": f"/articles/{target}",
                "csrf": csrf_of(page),
            },  # fmt: skip
            follow_redirects=False,
        )
        assert made.status_code == 303 and made.headers["location"] == f"/articles/{target}"
        after = c.get(f"/articles/{target}").text
        assert "rejected the translation relation" in after and "corrected by anonymous on" in after
        relations = after.split('id="relations"')[1].split("</section>")[0]
        assert f'href="/articles/{source}"' not in relations
        correction = int(re.search(r'action="/corrections/(\d+)/undo"', after).group(1))
        token = csrf_of(after)
        undone = c.post(
            f"/corrections/{correction}/undo",
            data={"next": f"/articles/{target}", "csrf": token},
            follow_redirects=False,
        )
        assert undone.status_code == 303
        back = c.get(f"/articles/{target}").text
        assert "rejected the translation" not in back
        assert f'href="/articles/{source}"' in back.split('id="relations"')[1].split("</section>")[0]
        assert c.post(f"/corrections/{correction}/undo", data={"csrf": token}).status_code == 400  # undone
        assert c.post("/corrections/999999/undo", data={"csrf": token}).status_code == 404


def test_the_other_corrections_through_the_forms(db):
    with Workspace(db) as ws:
        ws.import_factchecks([EXAMPLES / "factchecks" / "claimreview.json"])
        match = next(m for m in ws.matches() if m.story_id is None)
        stories = ws.stories()
        article = ws.article(match.article_id)
    other_story = next(s.id for s in stories if s.id != article.story_id)
    with client_for(db) as c:
        page = c.get(f"/articles/{match.article_id}").text
        for kind in ("reject-match", "set-attribution", "move-article", "confirm-relation"):
            assert f'value="{kind}"' in page
        for data in (
            {"kind": "reject-match", "factcheck": match.factcheck_id, "article": match.article_id},
            {
                "kind": "set-attribution",
                "article": match.article_id,
                "attribution": 0,
                "actor": "us-gov",
                "source_text": "",
                "source_type": "",
            },  # fmt: skip
            {"kind": "move-article", "article": match.article_id, "story": other_story},
        ):
            made = c.post(
                "/corrections/new",
                data={**data, "next": f"/articles/{match.article_id}", "csrf": csrf_of(page)},
            )
            assert made.status_code == 200, (data, made.text)
        after = c.get(f"/articles/{match.article_id}").text
        assert "No fact-check matched this article" in after
        assert f'href="/stories/{other_story}"' in after.split('id="origin"')[0]
        assert after.count('class="correction"') == 3
    with Workspace(db) as ws:
        assert ws.article(match.article_id).analysis.attributions[0].actor == "us-gov"


def test_merging_two_stories_from_the_story_page(db):
    with Workspace(db) as ws:
        first, second = (s.id for s in ws.stories()[:2])
    with client_for(db) as c:
        token = csrf_of(c.get(f"/stories/{second}").text)
        made = c.post("/corrections/new", data={"kind": "merge-stories", "story": second, "into": first,
                                                "next": f"/stories/{second}", "csrf": token},
                      follow_redirects=False)  # fmt: skip
        assert made.status_code == 303 and made.headers["location"] == f"/stories/{first}"
        page = c.get(f"/stories/{first}").text
        assert f"merged story {second} into story {first}" in page
        assert re.search(r'action="/corrections/\d+/undo"', page)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "reject-relation", "source": "1", "target": "x", "relation": "copy"}, "is not an id"),
        ({"kind": "no-such-kind"}, "unknown correction kind"),
        ({"kind": "reject-relation", "source": "1"}, "needs"),
        ({"kind": "move-article", "article": "999999", "story": "1"}, "999999"),
        ({"kind": "merge-stories", "story": "1", "into": str(2**70)}, "is not an id"),
    ],
)
def test_a_wrong_correction_is_a_400_page_with_the_reason(db, data, message):
    with Workspace(db) as ws:
        story = ws.stories()[0].id
    with client_for(db) as c:
        answer = c.post("/corrections/new", data={**data, "csrf": csrf_of(c.get(f"/stories/{story}").text)})
    assert answer.status_code == 400 and message in unescape(answer.text)
    with Workspace(db) as ws:
        assert ws.corrections() == []


def test_redirects_stay_on_the_desk(db):
    source, target = _translated(db)
    with client_for(db) as c:
        token = csrf_of(c.get(f"/articles/{target}").text)
        for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
            made = c.post("/corrections/new", data={"kind": "confirm-relation", "source": source, "target": target,
                                                    "relation": "translation", "next": evil, "csrf": token},
                          follow_redirects=False)  # fmt: skip
            assert made.status_code == 303 and made.headers["location"] == "/"


def test_viewers_see_no_forms_and_cannot_post(db, monkeypatch):
    source, target = _translated(db)
    with Workspace(db) as ws:
        viewer = add_user(ws.store, "vera", "viewer", "a long password")
        editor = add_user(ws.store, "ed", "editor", "another long password")
        first_story = ws.stories()[0].id
    monkeypatch.setattr(common, "session_user", lambda request: viewer)
    with client_for(db) as c:
        page = c.get(f"/articles/{target}").text
        assert "/corrections/new" not in page and "Reject" not in page
        story = c.get(f"/stories/{first_story}")
        assert "merge-stories" not in story.text
        refused = c.post("/corrections/new", data={"kind": "reject-relation", "source": source, "target": target,
                                                   "relation": "translation", "csrf": csrf_of(page)})  # fmt: skip
        assert refused.status_code == 403
    with Workspace(db) as ws:
        assert ws.corrections() == []
    monkeypatch.setattr(common, "session_user", lambda request: editor)
    with client_for(db) as c:
        token = csrf_of(c.get(f"/articles/{target}").text)
        made = c.post("/corrections/new", data={"kind": "reject-relation", "source": source, "target": target,
                                                "relation": "translation", "csrf": token},
                      follow_redirects=False)  # fmt: skip
        assert made.status_code == 303
    with Workspace(db) as ws:
        assert [c.who for c in ws.corrections()] == ["ed"]
