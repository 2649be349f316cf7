"""The API over the analysed examples: the same data as the Workspace, typed, paginated."""

from __future__ import annotations

from newstrace import Workspace

API = "/api/v1"


def test_healthz_and_openapi(client):
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["articles"] > 10
    spec = client.get("/openapi.json").json()
    for path in ("/articles", "/articles/{article_id}", "/stories/{story_id}", "/search", "/jobs"):
        assert API + path in spec["paths"]


def test_articles_pages_follow_the_cursor_and_cover_every_latest_version(client, shared_db):
    seen, cursor = [], None
    while True:
        params = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"{API}/articles", params=params).json()
        assert len(page["articles"]) <= 4
        seen += [a["id"] for a in page["articles"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen) and len(seen) == len(set(seen))
    with Workspace(shared_db) as ws:
        assert seen == [a["id"] for a in ws.browse(limit=1000).articles]


def test_article_filters(client):
    french = client.get(f"{API}/articles", params={"lang": "fr", "limit": 500}).json()["articles"]
    assert french and all(a["lang"] == "fr" for a in french)
    both = client.get(f"{API}/articles", params=[("lang", "fr"), ("lang", "en"), ("limit", 500)]).json()
    assert len(both["articles"]) > len(french)
    story = client.get(f"{API}/stories").json()["stories"][0]
    members = client.get(f"{API}/articles", params={"story": story["id"], "limit": 500}).json()["articles"]
    assert sorted(a["id"] for a in members) == sorted(story["article_ids"])
    dated = client.get(f"{API}/articles", params={"from": "2017-09-09", "to": "2017-09-09"}).json()
    assert dated["articles"] and all(a["published"] == "2017-09-09" for a in dated["articles"])


def test_article_detail_has_analysis_relations_and_provenance(client):
    story = client.get(f"{API}/stories").json()["stories"][0]
    details = [client.get(f"{API}/articles/{i}").json() for i in story["article_ids"]]
    assert all(d["story_id"] == story["id"] and d["analysed"] for d in details)
    assert any(d["attributions"] for d in details)
    copies = [d for d in details if d["derives_from"]]
    assert copies, "the examples' story has copies and translations"
    d = copies[0]
    assert all(r["target_id"] == d["id"] for r in d["derives_from"])
    assert d["roots"]


def test_story_graph_links_its_articles(client):
    stories = client.get(f"{API}/stories").json()
    assert stories["total"] == len(stories["stories"]) and stories["next_offset"] is None
    story = client.get(f"{API}/stories/{stories['stories'][0]['id']}").json()
    ids = {n["id"] for n in story["graph"]["nodes"]}
    assert {f"article:{i}" for i in story["article_ids"]} <= ids
    assert story["graph"]["edges"]
    for edge in story["graph"]["edges"]:
        assert edge["source"] in ids and edge["target"] in ids
    assert set(story["graph"]["roots"]) <= ids
    assert story["waves"]


def test_narratives_outlets_actors_factchecks(client):
    narratives = client.get(f"{API}/narratives").json()["narratives"]
    first = client.get(f"{API}/narratives/{narratives[0]['id']}").json()
    assert [w["story_id"] for w in first["waves"]] and set(first["story_ids"]) == set(
        narratives[0]["story_ids"]
    )
    outlets = client.get(f"{API}/outlets").json()["outlets"]
    outlet = client.get(f"{API}/outlets/{outlets[0]['id']}").json()
    assert outlet["articles"] == outlets[0]["articles"]
    actors = client.get(f"{API}/actors").json()["actors"]
    actor = client.get(f"{API}/actors/{actors[0]['id']}").json()
    assert len({q["article_id"] for q in actor["quotes"]}) >= actors[0]["articles"]
    assert client.get(f"{API}/factchecks").status_code == 200
    assert client.get(f"{API}/matches").status_code == 200


def test_search_with_facets_matches_the_library(client, shared_db):
    found = client.get(f"{API}/search", params={"q": "Deir", "limit": 3}).json()
    with Workspace(shared_db) as ws:
        direct = ws.search("Deir", limit=3)
    assert found["total"] == direct.total > 3
    assert [h["article_id"] for h in found["hits"]] == [h.article_id for h in direct]
    assert found["next_offset"] == 3
    langs = {f["value"]: f["count"] for f in found["facets"]["lang"]}
    french = client.get(f"{API}/search", params={"q": "Deir", "lang": "fr"}).json()
    assert french["total"] == langs["fr"]


def test_unknown_ids_are_404_with_a_message(client):
    for path in (
        "/articles/999999",
        "/stories/999999",
        "/narratives/999999",
        "/outlets/nowhere",
        "/actors/nobody",
        "/jobs/nojob",
    ):
        response = client.get(API + path)
        assert response.status_code == 404, path
        assert "no " in response.json()["error"]


def test_bad_filters_are_4xx_with_a_message(client):
    cases = {
        "/articles/abc": 422,
        "/articles/0": 422,
        "/articles?limit=0": 422,
        "/articles?cursor=xyz": 422,
        "/articles?from=2017-13": 400,
        "/articles?from=2018&to=2017": 400,
        "/search": 422,
        "/search?q=%22%22": 400,
        "/search?q=a&order=best": 422,
    }
    for path, status in cases.items():
        response = client.get(API + path)
        assert response.status_code == status, (path, response.text)
        assert response.json()["error"]
