"""The desk in a real browser: Debian's Chromium driven by Playwright against uvicorn serving a
copy of the analysed examples. Search → story → article → reject a relation → `analyze --redo`
→ still rejected → undo → after another redo it is back.

Run with ``pytest -m browser tests/serve``; skipped without Chromium or playwright.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from newstrace import Workspace
from newstrace.serve import create_app

from .conftest import served

CHROMIUM = os.environ.get("NEWSTRACE_CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(tempfile.gettempdir()) / "newstrace-desk"

pytestmark = [pytest.mark.browser, pytest.mark.slow]

pytest.importorskip("uvicorn")
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
)
if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


@pytest.fixture
def desk(db):
    """The desk over a private copy of the examples, on a free loopback port."""
    with served(create_app(Workspace(db))) as url:
        yield url


@pytest.fixture
def page():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        # a resource that fails (the browser's own favicon request aside) is an error too
        page.on(
            "response",
            lambda r: (
                r.status >= 400
                and not r.url.endswith("/favicon.ico")
                and errors.append(f"{r.status} {r.url}")
            ),
        )
        page.errors = errors
        yield page
        browser.close()


def _relation_rows(page, source: str, target: str, kind: str):
    return page.locator(
        f'#relations tr.relation[data-source="{source}"][data-target="{target}"][data-kind="{kind}"]'
    )


def test_search_story_article_then_a_rejection_survives_redo_and_its_undo_too(desk, page, db):
    SHOTS.mkdir(exist_ok=True)
    page.goto(desk + "/search")
    page.fill("#q", "Deir ez-Zor")
    page.press("#q", "Enter")
    page.wait_for_selector(".hit")
    assert page.locator(".hit mark").count() > 0

    page.locator(".hit .hit-story").first.click()
    page.wait_for_url("**/stories/*")
    assert page.evaluate("window.newstraceGraph")["edges"] > 0  # story.js ran under the CSP
    # click an article of the graph that derives from another one: it opens in place
    target = page.locator("#graph .edge[data-s]").first.get_attribute("data-t")
    page.locator(f'#graph .node[data-id="{target}"]').click()
    page.wait_for_function(f"() => document.getElementById('article-{target}').open")
    page.screenshot(path=SHOTS / "story.png")
    page.locator(f"#article-{target} .article-page a").click()
    page.wait_for_url(f"**/articles/{target}")

    row = page.locator("#relations tr.relation").first
    source, target, kind = (row.get_attribute(f"data-{k}") for k in ("source", "target", "kind"))
    assert _relation_rows(page, source, target, kind).count() == 1
    row.locator("button.reject").click()
    page.wait_for_load_state("load")
    correction = page.locator("#corrections li.correction")
    assert correction.count() == 1
    assert f"rejected the {kind} relation" in correction.inner_text()
    assert "corrected by anonymous on" in correction.inner_text()
    assert _relation_rows(page, source, target, kind).count() == 0
    page.screenshot(path=SHOTS / "article-rejected.png")

    with Workspace(db) as ws:
        ws.analyze(redo=True, workers=1)
    page.reload()
    assert _relation_rows(page, source, target, kind).count() == 0
    assert f"rejected the {kind} relation" in page.locator("#corrections").inner_text()

    page.locator("#corrections button.undo").click()
    page.wait_for_load_state("load")
    assert page.locator("#corrections").count() == 0
    with Workspace(db) as ws:
        ws.analyze(redo=True, workers=1)
    page.reload()
    assert _relation_rows(page, source, target, kind).count() == 1
    assert page.errors == []
