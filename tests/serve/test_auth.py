"""Safe to share: loopback needs no login; any other address needs accounts, and then a token."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from newstrace import Workspace
from newstrace.cli import app as cli
from newstrace.errors import NewstraceError
from newstrace.serve import Settings, create_app, is_loopback
from newstrace.users import UserError, add_user, check_password, new_token, user_for_token

from .conftest import client_for

API = "/api/v1"


def test_loopback_addresses():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("desk.example")


def test_refuses_to_start_on_a_shared_address_without_users(db):
    for host in ("0.0.0.0", "10.0.0.5", "::"):
        with pytest.raises(NewstraceError, match="without accounts"):
            create_app(Workspace(db), Settings(host=host))


def test_serve_command_refuses_too(db):
    result = CliRunner().invoke(cli, ["serve", "--db", db, "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "without accounts" in result.output


def test_shared_desk_needs_a_token_and_roles_limit_it(db):
    with Workspace(db) as ws:
        add_user(ws.store, "vera", "viewer", "correct horse battery")
        add_user(ws.store, "eddie", "editor", "correct horse battery")
        viewer, editor = new_token(ws.store, "vera"), new_token(ws.store, "eddie")
    client = client_for(db, host="0.0.0.0")
    anonymous = client.get(f"{API}/articles")
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"] == "Bearer"
    assert "token" in anonymous.json()["error"]
    assert client.get(f"{API}/stories", headers={"Authorization": "Bearer nt_forged"}).status_code == 401
    assert client.get(f"{API}/stories", headers={"Authorization": "Basic dmVyYTp4"}).status_code == 401
    as_viewer = {"Authorization": f"Bearer {viewer}"}
    assert client.get(f"{API}/articles", headers=as_viewer).json()["articles"]
    assert client.get(f"{API}/search", params={"q": "Deir"}, headers=as_viewer).json()["total"] > 0
    refused = client.post(f"{API}/jobs", data={"urls": "https://example.org/a"}, headers=as_viewer)
    assert refused.status_code == 403 and "viewer" in refused.json()["error"]
    as_editor = {"Authorization": f"Bearer {editor}"}
    assert client.post(f"{API}/jobs", data={"urls": "not a url"}, headers=as_editor).status_code == 400
    assert client.get("/healthz").status_code == 200  # liveness stays open for the proxy


def test_loopback_with_accounts_needs_a_token_too(db):
    client = client_for(db)
    assert client.get(f"{API}/stories").status_code == 200  # no account: no login on loopback
    with Workspace(db) as ws:
        add_user(ws.store, "vera", "viewer", "correct horse battery")
    assert client.get(f"{API}/stories").status_code == 401


def test_passwords_are_hashed_and_tokens_stored_as_digests(db):
    with Workspace(db) as ws:
        add_user(ws.store, "vera", "admin", "correct horse battery")
        token = new_token(ws.store, "vera")
        stored = ws.store.conn.execute("SELECT password_hash FROM users").fetchone()[0]
        assert stored.startswith("$argon2") and "correct" not in stored
        assert token not in {r[0] for r in ws.store.conn.execute("SELECT token_hash FROM api_tokens")}
        assert user_for_token(ws.store, token).name == "vera"
        assert check_password(ws.store, "vera", "correct horse battery").role == "admin"
        assert check_password(ws.store, "vera", "wrong horse battery") is None
        with pytest.raises(UserError, match="exists already"):
            add_user(ws.store, "vera", "viewer", "another password")
        with pytest.raises(UserError, match="unknown role"):
            add_user(ws.store, "walt", "owner", "another password")
        with pytest.raises(UserError, match="at least 8"):
            add_user(ws.store, "walt", "viewer", "short")
        with pytest.raises(UserError, match="bad user name"):
            add_user(ws.store, "../walt", "viewer", "another password")


def test_users_commands(db):
    runner = CliRunner()
    added = runner.invoke(
        cli,
        ["users", "add", "ann", "--role", "editor", "--password-stdin", "--db", db],
        input="a long enough password\n",
    )
    assert added.exit_code == 0, added.output
    token = runner.invoke(cli, ["users", "token", "ann", "--db", db])
    assert token.exit_code == 0 and token.output.startswith("nt_")
    with Workspace(db) as ws:
        assert user_for_token(ws.store, token.output.strip()).role == "editor"
    listed = runner.invoke(cli, ["users", "list", "--db", db])
    assert "ann" in listed.output and "editor" in listed.output
    assert runner.invoke(cli, ["users", "token", "nobody", "--db", db]).exit_code == 2
