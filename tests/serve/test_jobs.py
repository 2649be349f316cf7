"""Ingest jobs kept in the database: they outlive the server that ran them, a job a dead server
left running is marked interrupted once its heartbeat is stale (its articles stay; a live server's
job is left alone), the API's reads take the desk's session
cookie (so the job page's script can poll on a desk with accounts) but its writes do not, and a
rejected upload is named by the file the user sent, not by the server's temporary path."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from newstrace import Workspace
from newstrace.serve import Settings, create_app
from newstrace.serve.jobs import LEASE, _now
from newstrace.serve.pages import auth
from newstrace.serve.pages.common import SESSION_COOKIE
from newstrace.users import add_user, new_token
from newstrace.workspace import Workspace as WorkspaceClass

from .conftest import client_for, csrf_of

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
BROKEN = b"\x00\x01\x02" * 100  # an .html upload that is no page: rejected at once, nothing to analyse


def _wait(runner, job_id: str, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = runner.get(job_id)
        if job.finished:
            return job
        time.sleep(0.05)
    pytest.fail(f"job {job_id} still running after {seconds} s")


def _page(title: str) -> bytes:
    seed = (ROOT / "tests" / "data" / "seed.txt").read_text("utf-8")
    body = "".join(f"<p>{p}</p>" for p in seed.split("\n") if p.strip())
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>".encode()


def test_a_finished_job_is_listed_by_the_next_server_with_its_uploads_names(db):
    with client_for(db) as first:
        posted = first.post(
            "/api/v1/jobs", files=[("files", ("casse.html", BROKEN, "text/html"))], data={"urls": []}
        )
        assert posted.status_code == 202, posted.text
        job_id = posted.json()["id"]
        job = _wait(first.app.state.jobs, job_id)
        assert job.status == "done" and job.new == 0
    with client_for(db) as second:  # a new server on the same database
        api = second.get(f"/api/v1/jobs/{job_id}")
        assert api.status_code == 200, api.text
        stored = api.json()
        assert stored["status"] == "done" and stored["inputs"] == ["casse.html"]
        assert stored["rejected_count"] == 1
        assert [r["item"] for r in stored["rejected"]] == ["casse.html"]  # not /tmp/newstrace-upload-…
        page = second.get(f"/ingest/{job_id}")
        assert page.status_code == 200 and "casse.html" in page.text and "newstrace-upload" not in page.text
        listing = second.get("/ingest").text
        assert f'href="/ingest/{job_id}"' in listing
        assert "newstrace-upload" not in listing  # the rejected inputs name the upload too
        assert second.get("/api/v1/jobs/no-such-job").status_code == 404
    with Workspace(db) as ws:
        items = [r.item for r in ws.rejections()]
        assert "casse.html" in items and not any("newstrace-upload" in i for i in items)
        assert ws.job(job_id)["status"] == "done"


def test_a_job_left_running_by_a_dead_server_is_interrupted_and_its_articles_stay(db, monkeypatch):
    entered, release = threading.Event(), threading.Event()

    def stuck(self, **kwargs):  # the server dies while the job analyses what it stored
        entered.set()
        release.wait(60)

    monkeypatch.setattr(WorkspaceClass, "analyze", stuck)
    with Workspace(db) as ws:
        before = ws.store.count()
    first = create_app(Workspace(db), Settings())
    try:
        job = first.state.jobs.submit_request(
            [_FakeUpload("neuve.html", _page("Une page neuve interrompue"))], [], who=None
        )
        assert entered.wait(120), "the job never reached its analysis"
        with Workspace(db) as ws:
            assert ws.job(job.id)["status"] == "running"
            assert ws.store.count() == before + 1
        with client_for(db) as alive:  # a second server while the first still beats: no interruption
            assert alive.get(f"/api/v1/jobs/{job.id}").json()["status"] == "running"
            assert "job-interrupted" not in alive.get("/ingest").text
        first.state.jobs._stop.set()  # the first server dies: no more heartbeats
        with Workspace(db) as ws:  # ... and LEASE seconds go by
            ws.store.conn.execute("UPDATE jobs SET seen_at = ? WHERE id = ?", (_now(LEASE + 1), job.id))
        with client_for(db) as second:  # the first server is gone as far as the database knows
            stored = second.get(f"/api/v1/jobs/{job.id}").json()
            assert stored["status"] == "interrupted" and stored["finished_at"]
            page = second.get(f"/ingest/{job.id}")
            assert page.status_code == 200 and "Interrupted" in page.text
            assert "articles it had stored stay" in page.text
            assert 'http-equiv="refresh"' not in page.text  # finished: no reloading
            assert "job-interrupted" in second.get("/ingest").text
            assert second.get("/healthz").json()["articles"] == before + 1  # kept
    finally:
        release.set()
        first.state.jobs.shutdown()


class _FakeUpload:
    def __init__(self, filename: str, data: bytes) -> None:
        import io

        self.filename, self.file = filename, io.BytesIO(data)


def _sign_in(client, name: str):
    token = csrf_of(client.get("/login").text)
    signed = client.post(
        "/login",
        data={"name": name, "password": PASSWORD, "next": "/", "csrf": token},
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text[:300]


def test_the_api_reads_with_the_desks_cookie_but_never_writes_with_it(db):
    with Workspace(db) as ws:
        add_user(ws.store, "vera", "viewer", PASSWORD)
        eddie = add_user(ws.store, "eddie", "editor", PASSWORD)
        token = new_token(ws.store, eddie.name)
        story = ws.stories()[0].id
    with client_for(db, host="0.0.0.0", base_url="https://desk.example") as c:
        c.app.state.login_throttle = auth.LoginThrottle(delay=0)
        assert c.get("/api/v1/articles").status_code == 401  # no cookie, no token
        _sign_in(c, "eddie")
        assert SESSION_COOKIE in c.cookies
        # a job started through the page's CSRF-checked form, followed through the API
        form = csrf_of(c.get("/ingest").text)
        posted = c.post(
            "/ingest",
            data={"csrf": form, "urls": ""},
            files=[("files", ("casse.html", BROKEN, "text/html"))],
            follow_redirects=False,
        )
        assert posted.status_code == 303, posted.text[:300]
        job_id = posted.headers["location"].rsplit("/", 1)[-1]
        polled = c.get(f"/api/v1/jobs/{job_id}")
        assert polled.status_code == 200 and polled.json()["who"] == "eddie"
        _wait(c.app.state.jobs, job_id)
        assert c.get("/api/v1/articles", params={"limit": 1}).status_code == 200
        # the same signed-in editor's cookie cannot write through the API
        before = c.get("/api/v1/corrections").json()["corrections"]
        refused = c.post(
            "/api/v1/corrections", json={"kind": "reject-match", "targets": {"article": 1, "factcheck": 1}}
        )
        assert refused.status_code == 401 and "Bearer" in refused.json()["error"]
        assert c.post("/api/v1/jobs", data={"urls": ["https://example.org/a"]}).status_code == 401
        assert c.post("/api/v1/corrections/1/undo").status_code == 401
        assert c.get("/api/v1/corrections").json()["corrections"] == before
        # a bearer token still writes (and a bad one is refused even with a good cookie)
        bad = c.get("/api/v1/articles", headers={"Authorization": "Bearer not-a-token"})
        assert bad.status_code == 401
        made = c.post(
            "/api/v1/corrections",
            json={"kind": "merge-stories", "targets": {"story": story, "into": story}},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert made.status_code in (201, 400), made.text  # reached the handler: not a 401
    with client_for(db, host="0.0.0.0", base_url="https://desk.example") as viewer:
        viewer.app.state.login_throttle = auth.LoginThrottle(delay=0)
        _sign_in(viewer, "vera")
        assert viewer.get(f"/api/v1/jobs/{job_id}").json()["status"] == "done"


def test_a_running_job_writes_its_row_on_every_heartbeat(db, monkeypatch):
    entered, release = threading.Event(), threading.Event()

    def stuck(self, **kwargs):
        entered.set()
        release.wait(60)

    monkeypatch.setattr(WorkspaceClass, "analyze", stuck)
    monkeypatch.setattr("newstrace.serve.jobs.HEARTBEAT", 0.2)
    app = create_app(Workspace(db), Settings())
    try:
        job = app.state.jobs.submit_request([_FakeUpload("a.html", _page("Une page qui bat"))], [], who=None)
        assert entered.wait(120)
        with Workspace(db) as ws:
            first = ws.job(job.id)["seen_at"]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # seen_at has a resolution of one second
            time.sleep(0.3)
            with Workspace(db) as ws:
                row = ws.job(job.id)
            if row["seen_at"] > first:
                break
        assert row["seen_at"] > first and row["status"] == "running"
    finally:
        release.set()
        app.state.jobs.shutdown()
