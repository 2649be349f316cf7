"""The ingest form and the live job page in a real browser (Debian's Chromium via Playwright),
against the desk served by uvicorn on a free loopback port: the page's own script follows the
job until it is done, under the desk's CSP (no inline script)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newstrace import Workspace
from newstrace.serve import create_app

from .conftest import served

CHROMIUM = os.environ.get("NEWSTRACE_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.browser, pytest.mark.slow]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytest.importorskip("uvicorn")
if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


@pytest.fixture
def desk(db):
    """The desk on a private copy of the examples, served in a thread; yields its base URL."""
    with served(create_app(Workspace(db))) as url:
        yield url


def test_an_upload_is_followed_live_until_its_articles_are_in(desk, tmp_path):
    seed = (ROOT / "tests" / "data" / "seed.txt").read_text("utf-8")
    body = "".join(f"<p>{p}</p>" for p in seed.split("\n") if p.strip())
    page_file = tmp_path / "suivi.html"
    page_file.write_text(
        f"<html><head><title>Un suivi en direct</title></head><body><article><h1>Un suivi en direct</h1>"
        f"{body}</article></body></html>",
        encoding="utf-8",
    )
    broken = tmp_path / "abime.html"
    broken.write_bytes(b"\x00\x01\x02" * 100)
    errors: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("console", lambda m: m.type == "error" and "favicon" not in m.location.get("url", "") and errors.append(m.text))  # fmt: skip
        page.on("pageerror", lambda e: errors.append(str(e)))
        polled: list[str] = []
        page.on("request", lambda r: "/api/v1/jobs/" in r.url and polled.append(r.url))
        page.goto(f"{desk}/ingest")
        page.set_input_files("input[name=files]", [str(page_file), str(broken)])
        page.click("form.ingest-form button[type=submit]")
        page.wait_for_url(f"{desk}/ingest/*")
        # the script polls the API and, once the job is finished, shows the server's page
        page.wait_for_selector(".job-status.job-done", timeout=120_000)
        page.wait_for_selector("text=1 new article", timeout=30_000)
        assert "abime.html" in page.text_content(".job-rejected")
        job_id = page.url.rsplit("/", 1)[-1]
        assert polled and all(u.endswith(f"/api/v1/jobs/{job_id}") for u in polled), polled
        found = page.request.get(f"{desk}/api/v1/search", params={"q": "suivi en direct"}).json()
        assert found["total"] == 1
        article = page.request.get(f"{desk}/api/v1/articles/{found['hits'][0]['article_id']}").json()
        assert article["analysed"] and article["story_id"] is not None
        browser.close()
    assert errors == []


def test_a_signed_in_editors_job_page_polls_the_api_with_its_cookie(db, tmp_path):
    """On a desk with accounts the API asks for a token, but its reads take the page's session
    cookie: the script follows the job through the API instead of reloading the page."""
    from newstrace.serve.pages import auth
    from newstrace.users import add_user

    with Workspace(db) as ws:
        add_user(ws.store, "eddie", "editor", "correct horse battery")
    app = create_app(Workspace(db))
    app.state.login_throttle = auth.LoginThrottle(delay=0)
    seed = (ROOT / "tests" / "data" / "seed.txt").read_text("utf-8")
    body = "".join(f"<p>{p}</p>" for p in seed.split("\n") if p.strip())
    article = tmp_path / "suivi-compte.html"  # an article to analyse: the job runs long enough to be polled
    article.write_text(
        f"<html><head><title>Un suivi avec compte</title></head><body><article><h1>Un suivi avec compte</h1>"
        f"{body}</article></body></html>",
        encoding="utf-8",
    )
    broken = tmp_path / "abime.html"
    broken.write_bytes(b"\x00\x01\x02" * 100)
    answers: list[int] = []
    with served(app) as desk:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.on("response", lambda r: "/api/v1/jobs/" in r.url and answers.append(r.status))
            page.goto(f"{desk}/login?next=/ingest")
            page.fill("input[name=name]", "eddie")
            page.fill("input[name=password]", "correct horse battery")
            page.click("button[type=submit]")
            page.wait_for_url(f"{desk}/ingest")
            page.set_input_files("input[name=files]", [str(article), str(broken)])
            page.click("form.ingest-form button[type=submit]")
            page.wait_for_url(f"{desk}/ingest/*")
            page.wait_for_selector(".job-status.job-done", timeout=120_000)
            assert "abime.html" in page.text_content(".job-rejected")
            assert page.request.get(f"{desk}/api/v1/articles").status == 200  # the cookie reads
            browser.close()
    assert answers and all(status == 200 for status in answers), answers
