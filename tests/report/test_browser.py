"""The story report in a real browser: Debian's Chromium driven by Playwright, from file://.

Run with ``.venv/bin/pytest -m browser tests/report``. Needs ``apt-get install chromium`` and
``pip install playwright`` (``playwright install`` is not needed: the system Chromium is used).
Screenshots land in ``$TMPDIR/newstrace-report/``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from newstrace.report.html import render_index, render_story
from tests.report.sample_view import sample_view

CHROMIUM = os.environ.get("NEWSTRACE_CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(tempfile.gettempdir()) / "newstrace-report"

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
)
if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


class Page:
    """A page opened from disk that records console errors and any request off the disk."""

    def __init__(self, browser, path: Path):
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: r.url.startswith("file:") or self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")


@pytest.fixture
def story_page(browser, tmp_path):
    path = tmp_path / "story-s1.html"
    path.write_text(render_story(sample_view()), encoding="utf-8")
    page = Page(browser, path)
    yield page
    page.page.close()


def test_graph_renders_and_clicking_a_node_opens_the_article(story_page):
    page = story_page.page
    assert page.evaluate("window.newstraceGraph") == {"nodes": 13, "edges": 11}
    assert page.locator("#graph .node").count() == 13
    assert page.locator("#graph .edge[data-s]").count() == 11

    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "story-top.png")
    article = page.locator("#article-105")
    assert article.get_attribute("open") is None
    page.locator('#graph .node[data-id="105"]').click()
    page.wait_for_function(
        "() => { const r = document.getElementById('article-105').getBoundingClientRect();"
        " return r.top >= 0 && r.top < 120; }",
        timeout=5000,
    )
    assert article.get_attribute("open") is not None
    assert page.evaluate("location.hash") == "#article-105"

    page.wait_for_timeout(700)  # let the smooth scroll settle
    page.screenshot(path=SHOTS / "story-article.png")
    page.locator("#provenance").scroll_into_view_if_needed()
    page.locator("#provenance").screenshot(path=SHOTS / "story-graph.png")
    page.screenshot(path=SHOTS / "story-full.png", full_page=True)
    assert story_page.errors == []
    assert story_page.requests == []


def test_dragging_moves_a_node_and_its_edges_without_opening_it(story_page):
    page = story_page.page
    node = page.locator('#graph .node[data-id="103"]')
    edge = page.locator('#graph .edge[data-t="103"]')
    before_node, before_edge = node.get_attribute("transform"), edge.get_attribute("d")
    node.scroll_into_view_if_needed()
    box = node.bounding_box()
    page.mouse.move(box["x"] + 40, box["y"] + 20)
    page.mouse.down()
    page.mouse.move(box["x"] + 90, box["y"] + 80, steps=6)
    page.mouse.up()
    assert node.get_attribute("transform") != before_node
    assert edge.get_attribute("d") != before_edge
    assert page.locator("#article-103").get_attribute("open") is None  # a drag is not a click

    transform = page.locator("#graph .viewport").get_attribute("transform") or ""
    page.locator('.graph-tools [data-zoom="in"]').click()
    assert page.locator("#graph .viewport").get_attribute("transform") != transform
    assert "scale(1.25)" in page.locator("#graph .viewport").get_attribute("transform")
    assert story_page.errors == []


def test_tooltips_show_source_type_and_stance(story_page):
    page = story_page.page
    page.locator("#article-101 > summary").click()
    page.locator("#article-101 .text .ct.deny").first.hover()
    tip = page.locator("#tip")
    tip.wait_for(state="visible", timeout=2000)
    assert "Le ministère de la Défense (official)" in tip.inner_text()
    assert "denies" in tip.inner_text()
    page.locator('#graph .node[data-id="ext:anon-1"]').hover()
    assert "anonymous source, outside the collection" in tip.inner_text()
    assert story_page.errors == []


def test_hostile_input_does_not_run(browser, tmp_path):
    view = sample_view()
    payload = '<script>window.pwned=1</script><img src=x onerror="window.pwned=1">'
    view["story"]["title"] = payload
    view["articles"][0]["title"] = payload
    view["articles"][0]["text"] = payload + "\n" + view["articles"][0]["text"]
    view["articles"][0]["url"] = "javascript:window.pwned=1"
    path = tmp_path / "story-hostile.html"
    path.write_text(render_story(view), encoding="utf-8")
    page = Page(browser, path)
    page.page.locator("#article-101 > summary").click()
    assert page.page.evaluate("window.pwned") is None
    assert page.page.locator("#article-101 .text").inner_text().startswith("<script>window.pwned=1</script>")
    assert page.errors == [] and page.requests == []
    page.page.close()


def test_index_sorts_and_links(browser, tmp_path):
    stories = [
        sample_view(),
        {"id": "s2", "title": "A smaller story", "articles": 3, "languages": ["en"], "outlets": ["x"]},
    ]
    path = tmp_path / "index.html"
    path.write_text(render_index(stories), encoding="utf-8")
    page = Page(browser, path)
    first = page.page.locator("table.stories tbody tr td.title a").first
    assert first.get_attribute("href") == "story-s1.html"
    page.page.locator('th[data-sort="2"]').click()  # articles: descending
    page.page.locator('th[data-sort="2"]').click()  # ascending
    assert first.get_attribute("href") == "story-s2.html"
    SHOTS.mkdir(exist_ok=True)
    page.page.screenshot(path=SHOTS / "index.png")
    assert page.errors == [] and page.requests == []
    page.page.close()


def test_reading_works_without_javascript(browser, tmp_path):
    path = tmp_path / "story-s1.html"
    path.write_text(render_story(sample_view()), encoding="utf-8")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(path.as_uri())
    assert page.locator("#graph .node").count() == 13  # the static drawing is there
    page.locator('#graph .node[data-id="106"]').click()  # nodes are plain links
    if page.locator("#article-106").get_attribute("open") is None:  # newer Chromiums open it themselves
        page.locator("#article-106 > summary").click()
    assert page.locator("#article-106 .text").is_visible()
    assert "Келмар" in page.locator("#article-106 .text").inner_text()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "story-nojs.png")
    context.close()
