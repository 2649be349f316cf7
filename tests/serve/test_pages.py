"""The desk's pages: HTML from the same Workspace as the API, errors as pages, logins asked for."""

from __future__ import annotations

from newstrace import Workspace
from newstrace.users import add_user

from .conftest import client_for


def test_front_page_lists_the_stories_with_links(client):
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    stories = client.get("/api/v1/stories").json()["stories"]
    for story in stories:
        assert f'href="/stories/{story["id"]}"' in page.text


def test_unknown_page_is_an_html_404_and_the_api_stays_json(client):
    page = client.get("/no/such/page")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404
    assert api.json()["error"]


def test_the_desks_own_files_are_served(client):
    for path in ("/static/desk.css", "/static/report/report.css"):
        assert client.get(path).status_code == 200


def test_a_desk_with_accounts_sends_readers_to_log_in(db):
    with Workspace(db) as ws:
        add_user(ws.store, "ana", "viewer", "a long password")
    with client_for(db) as c:
        page = c.get("/", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/login")
