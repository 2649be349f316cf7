from __future__ import annotations

import re
import sqlite3

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
