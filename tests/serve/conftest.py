from __future__ import annotations

import re
import socket
import sqlite3
import threading
import time
from contextlib import contextmanager

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed")

from fastapi.testclient import TestClient  # noqa: E402

from newstrace import Workspace  # noqa: E402
from newstrace.serve import Settings, create_app  # noqa: E402


def copy_db(source: str, target) -> str:
    with sqlite3.connect(source) as src, sqlite3.connect(str(target)) as dst:
        src.backup(dst)
    return str(target)


@pytest.fixture
def db(examples_db, tmp_path) -> str:
    """A private copy of the analysed examples (the session's database stays read-only)."""
    return copy_db(examples_db, tmp_path / "desk.db")


@pytest.fixture(scope="module")
def shared_db(examples_db, tmp_path_factory) -> str:
    """One copy per module for tests that only read."""
    return copy_db(examples_db, tmp_path_factory.mktemp("serve") / "desk.db")


def client_for(db: str, base_url: str = "http://testserver", **settings) -> TestClient:
    """A client of a desk on ``db``; a shared desk's cookies are Secure, so give it an https ``base_url``."""
    app = create_app(Workspace(db), Settings(**settings))
    return TestClient(app, base_url=base_url, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(shared_db):
    with client_for(shared_db) as c:
        yield c


def csrf_of(page: str) -> str:
    """The CSRF token a page's forms carry, as a browser would send it back."""
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page has no CSRF field"
    return found.group(1)


@contextmanager
def served(app):
    """``app`` served by uvicorn in a thread on a free loopback port; yields its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the desk did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
