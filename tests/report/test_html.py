"""Structure and escaping of the HTML story report (no browser needed)."""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape
from html.parser import HTMLParser

from newstrace.report.html import highlight_text, render_index, render_story
from newstrace.report.layout import layered_layout
from tests.report.sample_view import sample_view

HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=1">'


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def with_class(self, cls: str) -> list[tuple[str, dict[str, str | None]]]:
        return [(t, a) for t, a in self.tags if cls in (a.get("class") or "").split()]


def test_sections_in_order_and_counts(view):
    page = render_story(view)
    assert page.startswith("<!doctype html>")
    positions = [
        page.index(f'id="{section}"')
        for section in ("overview", "timeline", "provenance", "denials", "articles")
    ]
    assert positions == sorted(positions)
    assert "NATO “secret cargo” unloaded at the port of Kellmar" in page
    assert re.search(r'<span class="num">10</span><span class="lbl">articles', page)
    assert re.search(r'<span class="num">5</span><span class="lbl">languages', page)
    assert re.search(r'<span class="num">2</span> independent sources', page)
    assert "4–8 Mar 2025" in page
    assert 'class="rating r-false"' in page and 'class="rating r-misleading"' in page
    tags = Tags(page)
    for article in view["articles"]:
        assert tags.find("details", id=f"article-{article['id']}"), article["id"]


def test_graph_has_every_node_and_edge(view):
    tags = Tags(render_story(view))
    nodes = tags.with_class("node")
    assert len(nodes) == len(view["articles"]) + len(view["external"]) == 13
    edges = [a for t, a in tags.with_class("edge") if a.get("data-s")]
    assert len(edges) == len(view["relations"]) == 11
    roots = {a["data-id"] for _, a in nodes if "root" in a["class"].split()}
    assert roots == {"ext:sputnik", "ext:anon-1", "ext:kellmar-watch"}
    externals = {a["data-id"] for _, a in nodes if "external" in a["class"].split()}
    assert externals == {"ext:sputnik", "ext:anon-1", "ext:kellmar-watch"}
    # article nodes are links to the article, so the static drawing works without script
    assert all(a["href"] == f"#article-{a['data-id']}" for t, a in nodes if t == "a")
    kinds = {a["class"].split()[1] for a in edges}
    assert kinds == {"k-copy", "k-translation", "k-cites"}


def test_graph_reads_left_to_right():
    edges = [("r", 1), (1, 2), (1, 3), (3, 4), (2, 4), ("x", 4)]
    pos = layered_layout(["r", 1, 2, 3, 4, "x", 9], edges)
    assert 9 not in pos  # an article linked to nothing is drawn apart
    for s, t in edges:
        assert pos[s][0] < pos[t][0], (s, t)
    assert pos["x"][0] == pos[4][0] - 1  # an outside source sits next to what cites it
    rows = {n: row for n, (_, row) in pos.items()}
    for column in {c for c, _ in pos.values()}:
        ys = sorted(row for n, (c, row) in pos.items() if c == column)
        assert all(b - a >= 1 for a, b in zip(ys, ys[1:], strict=False)), rows


def test_layout_survives_cycles_and_self_loops():
    pos = layered_layout([1, 2, 3], [(1, 2), (2, 3), (3, 1), (2, 2)])
    assert set(pos) == {1, 2, 3}


def test_timeline_marks_dated_articles_and_lists_the_rest(view):
    tags = Tags(render_story(view))
    marks = tags.with_class("tl-mark")
    dated = [a for a in view["articles"] if a["published"]]
    assert len(marks) == len(dated) == 9
    page = render_story(view)
    undated = page[page.index('class="undated"') : page.index('id="provenance"')]
    assert "kellmar-nachrichten.info" in undated and "#article-110" in undated


def test_attributions_are_highlighted(view):
    page = render_story(view)
    article = page[page.index('id="article-101"') : page.index('id="article-102"')]
    assert '<span class="src src-anonymous"' in article
    assert ">une source diplomatique et militaire</span>" in article
    assert '<span class="cue"' in article and ">a confié à</span>" in article
    assert 'class="ct deny"' in article and "toute livraison militaire au port de Kellmar</span>" in article
    assert 'class="flag f-hedged"' in article and 'class="flag f-overclaim"' in article
    assert 'class="unattr"' in article
    # tooltip text (a title attribute without script) names source, type and stance
    assert "Le ministère de la Défense (official)\ncue “a démenti” · denies" in unescape(article)
    # each denial has an anchor the Denials section links to
    start = view["denials"][0]["start"]
    assert f'id="d-101-{start}"' in article and f'href="#d-101-{start}"' in page


def test_highlighting_keeps_the_text_and_stays_flat(view):
    for article in view["articles"]:
        html = highlight_text(article["text"], article["attributions"], article["unattributed"])
        assert "<span><span" not in html
        visible = re.sub(r'<span class="flag[^"]*"[^>]*></span>', "", html)
        assert not re.search(r"<span[^>]*><span", visible)  # never nested
        assert unescape(re.sub(r"<[^>]+>", "", visible)) == article["text"].replace("\n", "")
        assert html.count("<p>") == article["text"].count("\n") + 1


def test_overlapping_and_broken_offsets_are_tolerated():
    text = "Selon lui, X a dit que « tout est faux ».\nFin."
    attributions = [
        {"source": "lui", "source_type": "person", "source_start": 6, "source_end": 9, "cue": "Selon",
         "cue_start": 0, "cue_end": 5, "start": 11, "end": 40, "stance": "denies"},
        {"source": "X", "source_type": "mystery", "source_start": 11, "source_end": 12, "cue": "a dit",
         "cue_start": 13, "cue_end": 18, "start": 24, "end": 999, "hedged": True},
        {"source": None, "source_type": None, "start": "a", "end": None, "cue_start": -5, "cue_end": 2},
        {"start": 30, "end": 10},
    ]  # fmt: skip
    html = highlight_text(text, attributions, [[0, 3], [43, 47], ["x", 2], None, {"start": 43, "end": 46}])
    assert unescape(re.sub(r"<[^>]+>", "", re.sub(r'<span class="flag[^"]*"[^>]*></span>', "", html))) == (
        text.replace("\n", "")
    )
    assert "src-unknown" in html  # an unknown source type is shown as unknown, not dropped
    assert "f-hedged" in html


def test_hostile_text_is_inert(view):
    view["story"]["title"] = HOSTILE
    article = view["articles"][0]
    article["title"] = HOSTILE
    article["site_name"] = HOSTILE
    article["url"] = "javascript:alert(1)"
    article["lang"] = 'fr" onmouseover="alert(1)'
    article["text"] = HOSTILE + "\n" + article["text"]
    article["attributions"][0]["source"] = HOSTILE
    view["external"][0]["label"] = HOSTILE
    view["factchecks"][0]["claim"] = HOSTILE
    view["factchecks"][0]["url"] = "  JAVASCRIPT:alert(1)"
    view["denials"][0]["content"] = "</script><script>window.pwned=1</script>"
    view["independent_sources"][0]["source"] = HOSTILE
    page = render_story(view)
    tags = Tags(page)
    assert len(tags.find("script")) == 1  # ours, nothing injected
    assert "pwned" not in tags.scripts[0]
    assert not tags.find("img")
    assert not [a for _, a in tags.tags for name in a if name.startswith("on")]
    hrefs = [(a.get("href") or "").strip().lower() for _, a in tags.tags]
    assert not [h for h in hrefs if not h.startswith(("#", "http", "story-")) and h]
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page


def test_page_is_self_contained_and_locked_down(view):
    page = render_story(view)
    tags = Tags(page)
    assert not tags.find("link") and not tags.find("iframe") and not tags.find("img")
    assert not [a for _, a in tags.tags if (a.get("src") or "").strip()]
    assert "@import" not in page and "url(http" not in page
    (csp,) = [a["content"] for a in tags.find("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp
    digest = base64.b64encode(hashlib.sha256(tags.scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp  # only our own script may run
    external_links = [a for t, a in tags.tags if t == "a" and (a.get("href") or "").startswith("http")]
    assert external_links and all(a.get("rel") == "noopener noreferrer" for a in external_links)


def test_missing_fields_do_not_break_the_page():
    assert "Untitled story" in render_story({})
    view = {
        "story": {"id": "s9", "title": None, "languages": None, "outlets": None},
        "articles": [
            {"id": 1, "title": None, "text": None, "lang": None, "published": "not a date"},
            {"id": 2, "title": "Deux", "text": "Un texte.", "published": None, "attributions": None,
             "unattributed": None, "origins": None},
        ],
        "relations": [
            {"source_id": 1, "target_id": 2, "kind": "copy", "score": None, "evidence": None},
            {"source_id": "ext:ghost", "target_id": 2, "kind": "weird"},
            {"source_id": 7, "target_id": 99, "kind": "copy"},
        ],
        "external": None,
        "roots": None,
        "independent_sources": None,
        "denials": [{"article_id": 42, "source": None, "content": None, "start": None, "end": None}],
        "factchecks": [{"rating": "None", "claim": "c", "url": None}],
    }  # fmt: skip
    page = render_story(view)
    tags = Tags(page)
    assert len(tags.with_class("node")) == 3  # two articles and the outside source a relation names
    assert len([a for _, a in tags.with_class("edge") if a.get("data-s")]) == 2
    assert "Without a publication date (2)" in page
    assert '<span class="num">0</span> independent sources' in page


def test_index_ranks_by_size_then_spread():
    stories = [
        {"id": "small", "title": "Small", "articles": 2, "languages": ["fr"], "outlets": ["a"]},
        {"id": "wide", "title": "Wide", "articles": 5, "languages": ["fr", "en", "ar"], "outlets": ["a", "b"]},
        {"id": "big", "title": HOSTILE, "articles": [{}] * 5, "languages": ["fr"], "outlets": ["a"],
         "factchecks": [{"rating": "false"}], "independent_sources": 1},
        sample_view(),
    ]  # fmt: skip
    page = render_index(stories)
    tags = Tags(page)
    links = [a["href"] for a in tags.find("a") if (a.get("href") or "").startswith("story-")]
    assert links == ["story-s1.html", "story-wide.html", "story-big.html", "story-small.html"]
    assert len(tags.find("script")) == 1 and not tags.find("img")
    assert "&lt;script&gt;" in page
    assert 'class="rating r-false"' in page
    assert "No story yet." in render_index([])


def test_the_narrative_waves_share_one_timeline_linked_to_their_stories(view):
    view = dict(view)
    view["waves"] = [
        {"id": 3, "title": "An earlier wave", "articles": 4, "published": ["2025-02-01", "2025-02-03"]},
        {
            "id": "s1",
            "title": view["story"]["title"],
            "articles": 11,
            "published": ["2025-03-04"],
            "current": True,
        },
        {
            "id": 9,
            "title": "A wave too small for a page",
            "articles": 1,
            "published": ["2025-03-20"],
            "linked": False,
        },
        {"id": 12, "title": "An undated wave", "articles": 2, "published": []},
    ]
    page = render_story(view)
    tags = Tags(page)
    waves = tags.with_class("wave")
    assert [a.get("data-story") for _, a in waves] == ["3", "s1", "9"]
    assert [a.get("href") for _, a in waves] == ["story-3.html", "#timeline", None]
    assert ("a", {"href": "story-12.html", "dir": "auto"}) in tags.tags  # listed under the chart
    assert "Waves of this narrative (4)" in page
    # a story alone in its narrative shows no wave chart
    assert "Waves of this narrative" not in render_story({**view, "waves": view["waves"][1:2]})
