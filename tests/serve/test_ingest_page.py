"""The ingest page: a form that starts a background job (the API's JobRunner), a job page that
follows it, the rejected inputs listed with their reasons; only editors may ingest."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from newstrace import Workspace
from newstrace.serve.pages import common
from newstrace.users import add_user

from .conftest import client_for, csrf_of

ROOT = Path(__file__).resolve().parents[2]


def _wait(client, job_id: str, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.app.state.jobs.get(job_id)
        if job.status in ("done", "failed"):
            return job
        time.sleep(0.1)
    pytest.fail(f"job {job_id} still running after {seconds} s")


def test_ingest_page_has_a_protected_form_and_answers_bad_input_on_the_page(client):
    page = client.get("/ingest")
    assert page.status_code == 200
    form = page.text[page.text.index('<form class="ingest-form"') :]
    form = form[: form.index("</form>")]
    assert 'method="post"' in form and 'enctype="multipart/form-data"' in form
    assert 'name="csrf"' in form and 'name="files"' in form and 'name="urls"' in form
    token = csrf_of(page.text)
    empty = client.post("/ingest", data={"urls": "  \n", "csrf": token})
    assert empty.status_code == 400 and "nothing to ingest" in empty.text
    bad = client.post("/ingest", data={"urls": "file:///etc/passwd", "csrf": token})
    assert bad.status_code == 400 and "not an http(s) URL" in bad.text
    assert "file:///etc/passwd</textarea>" in bad.text  # given back to fix, not lost
    assert not client.app.state.jobs.recent()
    assert client.get("/ingest/no-such-job").status_code == 404


@pytest.mark.slow
def test_an_upload_through_the_form_becomes_a_job_whose_articles_appear(db):
    seed = (ROOT / "tests" / "data" / "seed.txt").read_text("utf-8")
    body = "".join(f"<p>{p}</p>" for p in seed.split("\n") if p.strip())
    html = f"<html><head><title>Une page neuve du formulaire</title></head><body><article><h1>Une page neuve du formulaire</h1>{body}</article></body></html>"
    with client_for(db) as c:
        before = c.get("/healthz").json()["articles"]
        posted = c.post(
            "/ingest",
            data={"csrf": csrf_of(c.get("/ingest").text), "urls": ""},
            files=[
                ("files", ("neuve.html", html.encode(), "text/html")),
                ("files", ("casse.html", b"\x00\x01\x02" * 100, "text/html")),
            ],
            follow_redirects=False,
        )
        assert posted.status_code == 303, posted.text[:500]
        job_id = posted.headers["location"].rsplit("/", 1)[-1]
        live = c.get(f"/ingest/{job_id}").text
        assert 'src="/static/job.js"' in live and f'data-job="{job_id}"' in live
        assert c.get("/static/job.js").status_code == 200
        job = _wait(c, job_id)
        assert job.status == "done", job.error
        assert job.new == 1 and job.inputs == ["neuve.html", "casse.html"]
        assert c.get("/healthz").json()["articles"] == before + 1
        found = c.get("/api/v1/search", params={"q": "page neuve formulaire"}).json()
        assert found["total"] == 1
        finished = c.get(f"/ingest/{job_id}").text
        assert "1 new article" in finished and "casse.html" in finished
        assert 'http-equiv="refresh"' not in finished  # a finished job does not reload itself
        ingest = c.get("/ingest").text
        assert f'href="/ingest/{job_id}"' in ingest
    with Workspace(db) as ws:
        rejected = ws.rejections()
    assert rejected
    listed = ingest[ingest.index("Rejected inputs") :]
    for r in rejected[-3:]:
        assert r.reason in listed
    assert len(re.findall(r"casse\.html", listed)) == 1


def test_a_viewer_cannot_ingest(db, monkeypatch):
    with Workspace(db) as ws:
        viewer = add_user(ws.store, "vera", "viewer", "a long password")
        stories = ws.stories()
        made = ws.correct("merge-stories", who="ana", story=stories[-1].id, into=stories[0].id)
    monkeypatch.setattr(common, "session_user", lambda request: viewer)  # signed in (the login page's job)
    with client_for(db) as c:
        page = c.get("/ingest")
        assert page.status_code == 200 and 'class="ingest-form"' not in page.text
        token = csrf_of(page.text)
        posted = c.post(
            "/ingest", data={"urls": "https://example.org/a.html", "csrf": token}, follow_redirects=False
        )
        assert posted.status_code == 403 and "viewer" in posted.text
        assert not c.app.state.jobs.recent()
        corrections = c.get("/corrections").text
        assert "merged story" in corrections and f"/corrections/{made.id}/undo" not in corrections
