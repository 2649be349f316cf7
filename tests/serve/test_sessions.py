"""Sessions for the desk's pages: sign in and out, CSRF on every form, no open redirect, and
accounts that end (disabled, removed, tokens revoked)."""

from __future__ import annotations

import re
from typing import Annotated

import pytest
from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newstrace import Workspace
from newstrace.cli import app as cli
from newstrace.serve.pages import auth
from newstrace.serve.pages.common import SESSION_COOKIE, check_csrf, editor, render, safe_next
from newstrace.users import (
    SESSION_IDLE,
    User,
    add_user,
    disable_user,
    new_session,
    new_token,
    remove_user,
    revoke_tokens,
    session_for,
    tokens,
)

from .conftest import client_for
from .conftest import csrf_of as page_csrf

PASSWORD = "correct horse battery"
SHARED = {"host": "0.0.0.0", "base_url": "https://desk.example"}


def csrf_of(page) -> str:
    return page_csrf(page.text)


def sign_in(client, name: str, password: str = PASSWORD, next_url: str = "/"):
    token = csrf_of(client.get("/login"))
    return client.post(
        "/login",
        data={"name": name, "password": password, "next": next_url, "csrf": token},
        follow_redirects=False,
    )


def with_test_forms(client):
    """Two routes a page module would have: a page with a form, and an editor-only POST."""
    extra = APIRouter()

    @extra.get("/test-form")
    def form_page(request: Request):
        return render(request, "desk/login.html", None, next="/", message="", name="")

    @extra.post("/test-editor-form")
    async def editor_form(request: Request, who: Annotated[User | None, Depends(editor)]):
        await check_csrf(request)
        return PlainTextResponse(f"done by {who.name if who else 'nobody'}")

    client.app.include_router(extra)
    return client


@pytest.fixture
def desk(db):
    """A shared desk (bound to 0.0.0.0, so its cookies are Secure) with a viewer and an editor,
    plus one editor-only form to prove the contract page modules rely on."""
    with Workspace(db) as ws:
        add_user(ws.store, "vera", "viewer", PASSWORD)
        add_user(ws.store, "eddie", "editor", PASSWORD)
    client = with_test_forms(client_for(db, **SHARED))
    client.app.state.login_throttle = auth.LoginThrottle(delay=0)
    return client


def test_shared_desk_without_a_session_redirects_to_login(desk):
    page = desk.get("/?q=a%20b", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=/%3Fq%3Da%2520b"
    form = desk.get(page.headers["location"])
    assert form.status_code == 200 and 'name="password"' in form.text
    assert 'name="next" value="/?q=a%20b"' in form.text


def test_login_and_logout(desk):
    signed = sign_in(desk, "vera", next_url="/?x=1")
    assert signed.status_code == 303 and signed.headers["location"] == "/?x=1"
    cookie = signed.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    for flag in ("HttpOnly", "Secure", "SameSite=lax"):
        assert flag.lower() in cookie.lower()
    home = desk.get("/")
    assert home.status_code == 200 and "vera (viewer)" in home.text
    with Workspace(desk.app.state.workspaces.path) as ws:
        stored = ws.store.conn.execute("SELECT session_hash FROM sessions").fetchall()
    secret = desk.cookies[SESSION_COOKIE]
    assert len(stored) == 1 and stored[0][0] != secret  # only a digest is kept

    out = desk.post("/logout", data={"csrf": csrf_of(home)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert desk.get("/", follow_redirects=False).status_code == 303
    # the old cookie is dead on the server too, not only deleted in this browser
    desk.cookies.set(SESSION_COOKIE, secret, domain="desk.example")
    assert desk.get("/", follow_redirects=False).status_code == 303


def test_wrong_password_and_unknown_user_get_the_same_answer(desk):
    wrong = sign_in(desk, "vera", "not her password")
    unknown = sign_in(desk, "nobody", "not her password")
    assert wrong.status_code == unknown.status_code == 400
    message = "Wrong user name or password."
    assert message in wrong.text and message in unknown.text
    assert SESSION_COOKIE not in desk.cookies
    assert desk.get("/", follow_redirects=False).status_code == 303


def test_failed_logins_are_limited_per_user(desk):
    for _ in range(5):
        assert sign_in(desk, "vera", "guess guess").status_code == 400
    limited = sign_in(desk, "vera", PASSWORD)  # even the right password waits now
    assert limited.status_code == 429 and "try again" in limited.text
    assert sign_in(desk, "eddie").status_code == 303  # another account is not locked


def test_a_viewer_session_cannot_post_an_editor_form(desk):
    sign_in(desk, "vera")
    token = csrf_of(desk.get("/"))
    refused = desk.post("/test-editor-form", data={"csrf": token})
    assert refused.status_code == 403 and "viewer" in refused.text
    assert refused.headers["content-type"].startswith("text/html")
    desk.post("/logout", data={"csrf": token})
    sign_in(desk, "eddie")
    token = csrf_of(desk.get("/"))
    done = desk.post("/test-editor-form", data={"csrf": token})
    assert done.status_code == 200 and done.text == "done by eddie"
    assert desk.post("/test-editor-form", data={"csrf": "forged"}).status_code == 403


def test_csrf_refused(desk):
    sign_in(desk, "eddie")
    page = desk.get("/")
    assert desk.post("/logout", data={}).status_code == 403
    assert desk.post("/logout", data={"csrf": "x" * 43}).status_code == 403
    assert desk.post("/logout", data={"csrf": "é" * 43}).status_code == 403  # not a 500
    assert desk.post("/logout", files={"csrf": ("a.txt", b"x")}).status_code == 403  # a file is no token
    # the right token sent from another site's page
    other = desk.post("/logout", data={"csrf": csrf_of(page)}, headers={"Origin": "https://evil.example"})
    assert other.status_code == 403 and "evil.example" in other.text
    assert desk.get("/").status_code == 200  # still signed in: nothing was done
    # a login form posted without the token it was served with
    assert desk.post("/login", data={"name": "eddie", "password": PASSWORD}).status_code == 403


def test_loopback_desk_without_accounts_checks_csrf_without_login(db):
    client = with_test_forms(client_for(db))
    page = client.get("/test-form")
    assert page.status_code == 200
    token = csrf_of(page)
    assert token and client.cookies.get("newstrace_csrf")
    assert client.post("/logout", data={}, follow_redirects=False).status_code == 403
    assert client.post("/logout", data={"csrf": token + "x"}, follow_redirects=False).status_code == 403
    ok = client.post("/logout", data={"csrf": token}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/"
    assert client.post("/test-editor-form", data={"csrf": token}).text == "done by nobody"
    # the token is bound to this browser's cookie: another browser cannot replay it
    other = TestClient(client.app, raise_server_exceptions=False)
    assert other.get("/test-form").status_code == 200  # it has a cookie and a token of its own
    assert other.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 403
    # a loopback desk's cookies are not Secure (plain http on 127.0.0.1)
    assert "secure" not in page.headers["set-cookie"].lower()
    assert client.get("/login", follow_redirects=False).headers["location"] == "/"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/\tevil",
        "evil.example",
        "",
    ],
)
def test_open_redirect_refused(desk, target):
    signed = sign_in(desk, "vera", next_url=target)
    assert signed.status_code == 303 and signed.headers["location"] == "/"
    form = desk.get("/login", params={"next": target}, follow_redirects=False)
    assert form.headers["location"] == "/"  # signed in already: sent on, home


def test_safe_next_keeps_local_paths():
    assert safe_next("/stories/3?tab=graph#x") == "/stories/3?tab=graph#x"
    assert safe_next("/search?q=http://x") == "/search?q=http://x"


def test_sessions_expire_and_end_with_the_account(db):
    with Workspace(db) as ws:
        store = ws.store
        user = add_user(store, "vera", "viewer", PASSWORD)
        secret, made = new_session(store, user)
        assert session_for(store, secret).csrf == made.csrf
        assert session_for(store, "nope") is None
        import time

        assert session_for(store, secret, now=time.time() + SESSION_IDLE + 60) is None
        token = new_token(store, "vera")
        disable_user(store, "vera")
        assert session_for(store, secret) is None
        assert tokens(store, "vera") == []
        add_user(store, "vera", "viewer", "a new password", replace=True)  # enabled again
        secret, _ = new_session(store, store_user := add_user(store, "walt", "editor", PASSWORD))
        assert session_for(store, secret).user == store_user
        remove_user(store, "walt")
        assert session_for(store, secret) is None
        assert store.conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
        assert token  # the token itself was made before the account was disabled


def test_revoked_token_is_a_401(db):
    with Workspace(db) as ws:
        add_user(ws.store, "vera", "viewer", PASSWORD)
        first, second = new_token(ws.store, "vera"), new_token(ws.store, "vera")
    client = client_for(db, **SHARED)
    for token in (first, second):
        assert client.get("/api/v1/stories", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    with Workspace(db) as ws:
        first_id = tokens(ws.store, "vera")[0][0]
        assert revoke_tokens(ws.store, "vera", [first_id]) == 1
    revoked = client.get("/api/v1/stories", headers={"Authorization": f"Bearer {first}"})
    assert revoked.status_code == 401 and "revoked" in revoked.json()["error"]
    assert client.get("/api/v1/stories", headers={"Authorization": f"Bearer {second}"}).status_code == 200
    with Workspace(db) as ws:
        assert revoke_tokens(ws.store, "vera") == 1
    assert client.get("/api/v1/stories", headers={"Authorization": f"Bearer {second}"}).status_code == 401


def test_users_revoke_disable_remove_commands(db):
    runner = CliRunner()
    with Workspace(db) as ws:
        add_user(ws.store, "ann", "editor", PASSWORD)
    made = [runner.invoke(cli, ["users", "token", "ann", "--db", db]) for _ in range(3)]
    assert all(m.exit_code == 0 for m in made)
    listed = runner.invoke(cli, ["users", "list", "--tokens", "--db", db])
    assert re.search(r"ann\s+editor\s+3 tokens", listed.output)
    ids = [int(i) for i in re.findall(r"token (\d+)", listed.output)]
    assert len(ids) == 3
    one = runner.invoke(cli, ["users", "revoke", "ann", "--token", str(ids[0]), "--db", db])
    assert one.exit_code == 0 and "1 token revoked" in one.output
    assert runner.invoke(cli, ["users", "revoke", "ann", "--token", "999", "--db", db]).exit_code == 2
    assert "2 tokens revoked" in runner.invoke(cli, ["users", "revoke", "ann", "--db", db]).output
    client = client_for(db, **SHARED)
    for m in made:
        headers = {"Authorization": f"Bearer {m.stdout.strip()}"}
        assert client.get("/api/v1/stories", headers=headers).status_code == 401
    fresh = runner.invoke(cli, ["users", "token", "ann", "--db", db]).stdout.strip()
    assert client.get("/api/v1/stories", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200
    assert runner.invoke(cli, ["users", "disable", "ann", "--db", db]).exit_code == 0
    assert client.get("/api/v1/stories", headers={"Authorization": f"Bearer {fresh}"}).status_code == 401
    assert "disabled" in runner.invoke(cli, ["users", "list", "--db", db]).output
    assert (
        runner.invoke(cli, ["users", "token", "ann", "--db", db]).exit_code == 2
    )  # no token for a disabled user
    assert runner.invoke(cli, ["users", "remove", "ann", "--db", db]).exit_code == 0
    assert "ann" not in runner.invoke(cli, ["users", "list", "--db", db]).output
    assert runner.invoke(cli, ["users", "remove", "ann", "--db", db]).exit_code == 2


def test_disabling_a_user_ends_their_page_session(desk):
    assert sign_in(desk, "eddie").status_code == 303
    assert desk.get("/").status_code == 200
    with Workspace(desk.app.state.workspaces.path) as ws:
        disable_user(ws.store, "eddie")
    assert desk.get("/", follow_redirects=False).status_code == 303
    assert sign_in(desk, "eddie").status_code == 400  # and cannot sign in again


def test_cookies_are_secure_over_https_behind_a_proxy_on_loopback(db):
    with Workspace(db) as ws:
        add_user(ws.store, "vera", "viewer", PASSWORD)
    plain = client_for(db)
    plain.app.state.login_throttle = auth.LoginThrottle(delay=0)
    assert "secure" not in sign_in(plain, "vera").headers["set-cookie"].lower()
    # uvicorn's proxy headers make the scheme https when the proxy says so
    proxied = client_for(db, base_url="https://desk.example")
    assert "secure" in sign_in(proxied, "vera").headers["set-cookie"].lower()


def test_a_form_posted_after_the_session_ended_leads_back_to_its_page(desk):
    """The sign-in cannot carry a posted form: the editor is sent back to the page that held it,
    told to send it again; a referer from another site is not followed."""
    assert sign_in(desk, "eddie").status_code == 303
    token = csrf_of(desk.get("/test-form?story=3"))
    with Workspace(desk.app.state.workspaces.path) as ws:
        ws.store.conn.execute("DELETE FROM sessions")  # the session ends (idle, or signed out elsewhere)
    posted = desk.post(
        "/test-editor-form",
        data={"csrf": token},
        headers={"referer": "https://desk.example/test-form?story=3"},
        follow_redirects=False,
    )
    assert posted.status_code == 303
    assert posted.headers["location"] == "/login?next=/test-form%3Fstory%3D3&resend=1"
    login = desk.get(posted.headers["location"])
    assert "send it again" in login.text and 'name="next" value="/test-form?story=3"' in login.text
    assert sign_in(desk, "eddie", next_url="/test-form?story=3").headers["location"] == "/test-form?story=3"
    with Workspace(desk.app.state.workspaces.path) as ws:
        ws.store.conn.execute("DELETE FROM sessions")
    elsewhere = desk.post(
        "/test-editor-form",
        data={"csrf": token},
        headers={"referer": "https://evil.example/test-form"},
        follow_redirects=False,
    )
    assert elsewhere.headers["location"] == "/login?next=/&resend=1"
