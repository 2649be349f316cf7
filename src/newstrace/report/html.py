"""Self-contained HTML story reports: one page per story, and an index of stories.

``render_story(view)`` and ``render_index(stories)`` return whole pages that open from disk with
no network: CSS, JavaScript and SVG are inline. Article titles and texts are hostile input, so
every piece of data goes through ``html.escape`` (or JSON with ``<``, ``>``, ``&`` escaped) and
only ``http(s)`` URLs become links; a Content-Security-Policy lets only this module's own
script run and forbids every network request. Everything a reader needs (text, attributions,
timeline, a static drawing of the graph) works without JavaScript; the script adds pan, zoom,
dragging, tooltips and jumping from the graph to the article.
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections import Counter, defaultdict
from datetime import date
from functools import cache
from html import escape
from importlib import resources
from typing import Any

from newstrace.report.layout import layered_layout

SOURCE_TYPE_LABELS = {
    "person": "person",
    "official": "official",
    "outlet": "outlet",
    "anonymous": "anonymous",
    "social-media": "social media",
    "document": "document",
    "unknown": "unknown",
}
RATINGS = ("false", "misleading", "mixed", "unproven", "true")
RELATION_KINDS = {"copy": "copy", "translation": "translation", "cites": "cites"}
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "it": "Italian",
    "ja": "Japanese",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ru": "Russian",
    "sr": "Serbian",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese",
}
# Language markers in the timeline and the graph: colour and shape, in order of first use.
LANGUAGE_COLOURS = ("#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#db2777", "#0891b2", "#4d7c0f")
LANGUAGE_SHAPES = ("circle", "square", "triangle", "diamond", "down", "hexagon", "star", "cross")

NODE_W, NODE_H, COL_GAP, ROW_GAP = 196, 54, 74, 18


# -- small helpers ------------------------------------------------------------------------------


def _e(value: Any) -> str:
    """Escaped text; None becomes the empty string."""
    return "" if value is None else escape(str(value), quote=True)


def _safe_url(url: Any) -> str | None:
    """The URL if it is plain http(s), else None: ``javascript:`` and friends never become links."""
    if not isinstance(url, str):
        return None
    stripped = url.strip()
    if stripped.lower().startswith(("http://", "https://")) and not any(c in stripped for c in "\r\n\t"):
        return stripped
    return None


def _date(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _fmt_date(d: date | None) -> str:
    return f"{d.day} {d:%b %Y}" if d else "no date"


def _fmt_span(first: date | None, last: date | None) -> str:
    if not first and not last:
        return "no dates"
    first, last = first or last, last or first
    if first == last:
        return _fmt_date(first)
    if first.year == last.year and first.month == last.month:
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{_fmt_date(first)} – {_fmt_date(last)}"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _source_type(value: Any) -> str:
    return value if value in SOURCE_TYPE_LABELS else "unknown"


def _article_label(article: dict[str, Any]) -> str:
    return article.get("site_name") or article.get("outlet") or f"Article {article.get('id')}"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _lang_name(code: Any) -> str:
    if not code:
        return "unknown language"
    return LANGUAGE_NAMES.get(str(code), str(code))


@cache
def _asset(name: str) -> str:
    return (resources.files("newstrace.report") / "assets" / name).read_text(encoding="utf-8")


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _page(title: str, body: str, script: str, body_class: str) -> str:
    # Only our own script (by hash) may run; no request may leave the page (file:// or not).
    csp = (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src {_script_hash(script)}; base-uri 'none'; form-action 'none'"
    )
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{_e(title)}</title>\n<style>\n{_asset('report.css')}\n</style>\n</head>\n"
        f'<body class="{body_class} no-js">\n{body}\n'
        '<div id="tip" class="tip" role="tooltip" hidden></div>\n'
        f"<script>{script}</script>\n</body>\n</html>\n"
    )


class _Languages:
    """Colour and marker shape of each language, most frequent first."""

    def __init__(self, articles: list[dict[str, Any]], declared: list[Any]):
        counts = Counter(a.get("lang") or "?" for a in articles)
        for code in declared or []:
            counts.setdefault(code, 0)
        self.order = [code for code, _ in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))]
        self.index = {code: i for i, code in enumerate(self.order)}

    def colour(self, code: Any) -> str:
        i = self.index.get(code or "?", 0)
        return "#64748b" if (code or "?") == "?" else LANGUAGE_COLOURS[i % len(LANGUAGE_COLOURS)]

    def shape(self, code: Any) -> str:
        return LANGUAGE_SHAPES[self.index.get(code or "?", 0) % len(LANGUAGE_SHAPES)]


def _marker(shape: str, x: float, y: float, r: float, colour: str) -> str:
    """An SVG marker of a language at (x, y)."""
    fill = f'fill="{colour}" stroke="#fff" stroke-width="1.5"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {fill}/>'
    if shape == "square":
        s = r * 0.9
        return f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" rx="1.5" {fill}/>'
    if shape in ("triangle", "down"):
        sign = 1 if shape == "triangle" else -1
        pts = [(x, y - sign * r * 1.15), (x + r * 1.1, y + sign * r * 0.8), (x - r * 1.1, y + sign * r * 0.8)]
    elif shape == "diamond":
        pts = [(x, y - r * 1.2), (x + r * 1.1, y), (x, y + r * 1.2), (x - r * 1.1, y)]
    elif shape == "hexagon":
        pts = [(x + r * math.cos(a), y + r * math.sin(a)) for a in (math.pi / 3 * i for i in range(6))]
    elif shape == "star":
        pts = [
            (x + (r * 1.25 if i % 2 == 0 else r * 0.55) * math.sin(math.pi / 5 * i),
             y - (r * 1.25 if i % 2 == 0 else r * 0.55) * math.cos(math.pi / 5 * i))
            for i in range(10)
        ]  # fmt: skip
    else:  # cross
        a, b = r * 0.4, r
        pts = [
            (-a, -b),
            (a, -b),
            (a, -a),
            (b, -a),
            (b, a),
            (a, a),
            (a, b),
            (-a, b),
            (-a, a),
            (-b, a),
            (-b, -a),
            (-a, -a),
        ]
        pts = [(x + px, y + py) for px, py in pts]
    points = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
    return f'<polygon points="{points}" {fill}/>'


def _lang_chip(code: Any, languages: _Languages) -> str:
    svg = f'<svg class="mk" viewBox="-8 -8 16 16" aria-hidden="true">{_marker(languages.shape(code), 0, 0, 5.5, languages.colour(code))}</svg>'
    return f'<span class="lang" title="{_e(_lang_name(code))}">{svg}{_e(code or "?")}</span>'


def _type_chip(source_type: Any, text: str | None = None) -> str:
    kind = _source_type(source_type)
    return f'<span class="type t-{kind}">{_e(text or SOURCE_TYPE_LABELS[kind])}</span>'


# -- story page ---------------------------------------------------------------------------------


class _Story:
    """The view with defaults filled in and indexes the sections share."""

    def __init__(self, view: dict[str, Any]):
        view = view or {}
        self.story: dict[str, Any] = view.get("story") or {}
        articles = [a for a in view.get("articles") or [] if isinstance(a, dict)]
        self.articles = sorted(
            articles, key=lambda a: (_date(a.get("published")) or date.max, str(a.get("id")))
        )
        self.by_id = {a.get("id"): a for a in self.articles}
        self.external = {
            e.get("id"): e for e in view.get("external") or [] if isinstance(e, dict) and e.get("id")
        }
        self.relations = [
            r
            for r in view.get("relations") or []
            if isinstance(r, dict)
            # an outside source can cite another (a blog credits RT, which cites SANA)
            and (r.get("target_id") in self.by_id or r.get("target_id") in self.external)
            and (r.get("source_id") in self.by_id or r.get("source_id") in self.external)
        ]
        for r in view.get("relations") or []:  # an outside source missing from `external`
            source = r.get("source_id") if isinstance(r, dict) else None
            if isinstance(source, str) and source.startswith("ext:") and source not in self.external:
                if r.get("target_id") in self.by_id:
                    self.external[source] = {"id": source, "label": source[4:], "source_type": "unknown"}
                    self.relations.append(r)
        self.roots = set(view.get("roots") or [])
        self.independent = [s for s in view.get("independent_sources") or [] if isinstance(s, dict)]
        self.sentence = view.get("sentence") if isinstance(view.get("sentence"), str) else None
        self.denials = [d for d in view.get("denials") or [] if isinstance(d, dict)]
        self.factchecks = [f for f in view.get("factchecks") or [] if isinstance(f, dict)]
        self.waves = [w for w in view.get("waves") or [] if isinstance(w, dict)]
        self.languages = _Languages(self.articles, self.story.get("languages") or [])
        self.parents: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        self.children: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for r in self.relations:
            self.parents[r["target_id"]].append(r)
            self.children[r["source_id"]].append(r)

    def node_label(self, node: Any) -> str:
        if node in self.by_id:
            return _article_label(self.by_id[node])
        return str(self.external.get(node, {}).get("label") or node)

    def title(self) -> str:
        if self.story.get("title"):
            return str(self.story["title"])
        if self.articles:
            return str(self.articles[0].get("title") or "Untitled story")
        return "Untitled story"


def render_story(view: dict[str, Any]) -> str:
    """One self-contained HTML page for a story view (shape in this module's tests' sample)."""
    s = _Story(view)
    body = "\n".join(
        [
            _topbar(s),
            '<main class="wrap">',
            _overview(s),
            _corrections_card(view),
            _timeline_section(s),
            _graph_section(s),
            _denials_section(s),
            _articles_section(s),
            "</main>",
            _footer(),
        ]
    )
    return _page(f"{s.title()} — newstrace story report", body, _asset("story.js"), "story")


def _corrections_card(view: dict[str, Any]) -> str:
    """What analysts corrected in this story (newstrace correct), each with who and when."""
    found = [c for c in view.get("corrections") or [] if isinstance(c, dict)]
    if not found:
        return ""
    items = "".join(
        f'<li>{_e(c.get("description"))} <span class="muted">({_e(c.get("label"))}, correction {_e(c.get("id"))})</span></li>'
        for c in found
    )
    return (
        '<section id="corrections"><h2>Corrections '
        f'<span class="sub">{_plural(len(found), "correction")} by analysts, kept through re-analysis</span></h2>'
        f'<ul class="corrections">{items}</ul></section>'
    )


def _topbar(s: _Story) -> str:
    links = [("overview", "Overview"), ("timeline", "Timeline"), ("provenance", "Provenance")]
    if s.denials:
        links.append(("denials", "Denials"))
    links.append(("articles", "Articles"))
    nav = "".join(f'<a href="#{key}">{label}</a>' for key, label in links)
    return (
        '<header class="topbar"><div class="wrap bar">'
        '<span class="brand"><span class="logo" aria-hidden="true"></span>newstrace</span>'
        f'<span class="bar-title" dir="auto">{_e(_short(s.title(), 80))}</span>'
        f"<nav>{nav}</nav></div></header>"
    )


def _footer() -> str:
    from newstrace import __version__

    return (
        '<footer class="wrap foot">Report generated by newstrace '
        f"{_e(__version__)}. Attributions, relations and sources are machine findings: check them "
        "against the texts before you rely on them.</footer>"
    )


def _overview(s: _Story) -> str:
    story = s.story
    dates = [d for d in (_date(a.get("published")) for a in s.articles) if d]
    first = _date(story.get("first_published")) or (min(dates) if dates else None)
    last = _date(story.get("last_published")) or (max(dates) if dates else None)
    languages = story.get("languages") or sorted({a.get("lang") for a in s.articles if a.get("lang")})
    outlets = story.get("outlets") or sorted({a.get("outlet") for a in s.articles if a.get("outlet")})
    days = (last - first).days + 1 if first and last else None
    eyebrow = [f"Story {_e(story.get('id') or '?')}"]
    if story.get("narrative_id"):
        eyebrow.append(f"narrative {_e(story['narrative_id'])}")
    lang_chips = " ".join(_lang_chip(code, s.languages) for code in languages)
    stats = (
        '<ul class="stats">'
        f'<li><span class="num">{len(s.articles)}</span><span class="lbl">{"article" if len(s.articles) == 1 else "articles"}</span></li>'
        f'<li><span class="num">{len(languages)}</span><span class="lbl">{"language" if len(languages) == 1 else "languages"}</span>'
        f'<span class="chips">{lang_chips}</span></li>'
        f'<li><span class="num">{len(outlets)}</span><span class="lbl">{"outlet" if len(outlets) == 1 else "outlets"}</span></li>'
        f'<li><span class="num date">{_e(_fmt_span(first, last))}</span>'
        f'<span class="lbl">{_e(_plural(days, "day") if days else "publication dates unknown")}</span></li>'
        "</ul>"
    )
    return (
        '<section id="overview" class="overview">'
        f'<p class="eyebrow">{" · ".join(eyebrow)}</p>'
        f'<h1 dir="auto">{_e(s.title())}</h1>{stats}'
        f'<div class="cards">{_independent_card(s)}{_factcheck_card(s)}</div>'
        "</section>"
    )


def _independent_card(s: _Story) -> str:
    n = len(s.independent)
    items = "".join(
        f'<li>{_type_chip(src.get("source_type"))} <span dir="auto">{_e(src.get("name") or src.get("source") or "unnamed source")}</span>'
        + (f' <span class="muted">via {_e(src["outlet"])}</span>' if src.get("outlet") else "")
        + "</li>"
        for src in s.independent
    )
    roots = [r for r in s.roots if r in s.by_id or r in s.external]
    root_names = ", ".join(_e(s.node_label(r)) for r in sorted(roots, key=str))
    note = s.sentence or (
        "Where the articles' claims come from once copies, translations and citations are followed back."
        if n
        else "No source behind the articles' claims was identified."
    )
    return (
        f'<div class="card indep{" warn" if n <= 1 else ""}">'
        f'<div class="big"><span class="num">{n}</span> independent {"source" if n == 1 else "sources"}</div>'
        f'<ul class="srcs">{items}</ul><p class="note">{_e(note)}</p>'
        + (f'<p class="note">Roots of the provenance graph: {root_names}</p>' if root_names else "")
        + "</div>"
    )


def _rating(value: Any) -> str:
    return value if value in RATINGS else "unrated"


def _factcheck_card(s: _Story) -> str:
    if not s.factchecks:
        return '<div class="card fcs empty"><h2>Fact-checks</h2><p class="note">No fact-check matched this story.</p></div>'
    items = []
    for fc in sorted(
        s.factchecks,
        key=lambda f: RATINGS.index(_rating(f.get("rating"))) if _rating(f.get("rating")) in RATINGS else 9,
    ):
        rating = _rating(fc.get("rating"))
        url = _safe_url(fc.get("url"))
        publisher = _e(fc.get("publisher") or "unknown publisher")
        if url:
            publisher = f'<a href="{_e(url)}" rel="noopener noreferrer" target="_blank">{publisher}</a>'
        meta = [publisher]
        if _date(fc.get("date")):
            meta.append(_e(_fmt_date(_date(fc.get("date")))))
        if fc.get("lang"):
            meta.append(_e(fc["lang"]))
        matched = ""
        article = s.by_id.get(fc.get("article_id"))
        if article is not None:
            sentence = fc.get("sentence")
            matched = (
                f'<p class="matched">Matches <a href="#article-{_e(article.get("id"))}">{_e(_article_label(article))} '
                f"#{_e(article.get('id'))}</a>"
                + (f': <q dir="auto">{_e(_short(str(sentence), 180))}</q>' if sentence else "")
                + (
                    f' <span class="muted">(score {float(fc["score"]):.2f})</span>'
                    if isinstance(fc.get("score"), (int, float))
                    else ""
                )
                + "</p>"
            )
        items.append(
            f'<li class="fc r-{rating}"><span class="rating r-{rating}">{_e(rating)}</span>'
            f'<div><p class="claim" dir="auto">{_e(fc.get("claim") or "")}</p>'
            f'<p class="verdict" dir="auto">{_e(fc.get("verdict") or "")}</p>'
            f'<p class="meta">{" · ".join(meta)}</p>{matched}</div></li>'
        )
    return f'<div class="card fcs"><h2>Fact-checks</h2><ul>{"".join(items)}</ul></div>'


# -- timeline -----------------------------------------------------------------------------------


def _timeline_section(s: _Story) -> str:
    dated = [(a, _date(a.get("published"))) for a in s.articles]
    undated = [a for a, d in dated if d is None]
    dated = [(a, d) for a, d in dated if d is not None]
    parts = ['<section id="timeline"><h2>Timeline <span class="sub">publications by outlet</span></h2>']
    if dated:
        parts.append(_timeline_svg(s, dated))
        used = sorted(
            {a.get("lang") for a, _ in dated} | {a.get("lang") for a in undated},
            key=lambda c: s.languages.index.get(c or "?", 99),
        )
        legend = "".join(f"<li>{_lang_chip(code, s.languages)} {_e(_lang_name(code))}</li>" for code in used)
        parts.append(
            f'<ul class="legend">{legend}<li class="sep"><svg class="mk" viewBox="0 0 24 8" aria-hidden="true"><path d="M1 4 H23" class="tl-link"/></svg> copied, translated or cited</li></ul>'
        )
    else:
        parts.append('<p class="note">No article in this story has a publication date.</p>')
    parts.append(_waves(s))
    if undated:
        items = "".join(
            f'<li><a href="#article-{_e(a.get("id"))}">{_lang_chip(a.get("lang"), s.languages)} '
            f'<b>{_e(_article_label(a))}</b> <span dir="auto">{_e(_short(str(a.get("title") or ""), 90))}</span></a></li>'
            for a in undated
        )
        parts.append(
            f'<div class="undated"><h3>Without a publication date ({len(undated)})</h3><ul>{items}</ul></div>'
        )
    parts.append("</section>")
    return "".join(parts)


def _timeline_svg(s: _Story, dated: list[tuple[dict[str, Any], date]]) -> str:
    first = min(d for _, d in dated)
    last = max(d for _, d in dated)
    span = (last - first).days + 1
    rows: dict[str, list[tuple[dict[str, Any], date]]] = defaultdict(list)
    for a, d in dated:
        rows[_article_label(a)].append((a, d))
    order = sorted(rows, key=lambda k: (min(d for _, d in rows[k]), k.lower()))
    width, left, right, top, row_h = 1000, 210, 24, 12, 30
    plot = width - left - right
    height = top + row_h * len(order) + 34

    def x_of(d: date) -> float:
        return left + ((d - first).days + 0.5) / span * plot

    out = [
        f'<svg class="timeline{" many" if len(s.relations) > 20 else ""}" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="Publications by outlet over time">'
    ]
    # day columns and ticks
    step = max(1, math.ceil(span / 12))
    for i in range(0, span, step):
        d = date.fromordinal(first.toordinal() + i)
        x = x_of(d)
        label = f"{d.day} {d:%b}" if span <= 366 else f"{d:%b %Y}"
        out.append(f'<line class="tick" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 28}"/>')
        out.append(
            f'<text class="axis" x="{x:.1f}" y="{height - 12}" text-anchor="middle">{_e(label)}</text>'
        )
    years = f"{first.year}" if first.year == last.year else f"{first.year}–{last.year}"
    out.append(f'<text class="axis year" x="{left - 10}" y="{height - 12}" text-anchor="end">{years}</text>')
    positions: dict[Any, tuple[float, float]] = {}
    for i, name in enumerate(order):
        y = top + row_h * i + row_h / 2
        if i % 2 == 0:
            out.append(f'<rect class="row" x="0" y="{y - row_h / 2:.1f}" width="{width}" height="{row_h}"/>')
        out.append(
            f'<text class="rowlabel" x="{left - 10}" y="{y + 4:.1f}" text-anchor="end">{_e(_short(name, 28))}<title>{_e(name)}</title></text>'
        )
        same_day: dict[date, int] = Counter(d for _, d in rows[name])
        seen: Counter[date] = Counter()
        for a, d in sorted(rows[name], key=lambda ad: (ad[1], str(ad[0].get("id")))):
            n = same_day[d]
            x = x_of(d) + (seen[d] - (n - 1) / 2) * 15
            seen[d] += 1
            positions[a.get("id")] = (x, y)
    # derivation links under the markers
    for r in s.relations:
        a, b = positions.get(r.get("source_id")), positions.get(r.get("target_id"))
        if a and b:
            mid = (a[0] + b[0]) / 2
            out.append(
                f'<path class="tl-link k-{_e(r.get("kind"))}" data-s="{_e(r.get("source_id"))}" '
                f'data-t="{_e(r.get("target_id"))}" d="M{a[0]:.1f},{a[1]:.1f} C{mid:.1f},{a[1]:.1f} {mid:.1f},{b[1]:.1f} {b[0]:.1f},{b[1]:.1f}"/>'
            )
    for a, d in dated:
        x, y = positions[a.get("id")]
        lang = a.get("lang")
        tip = f"{_article_label(a)} · {_fmt_date(d)} · {_lang_name(lang)}\n{a.get('title') or ''}"
        out.append(
            f'<a class="tl-mark" href="#article-{_e(a.get("id"))}" data-article="{_e(a.get("id"))}"><title>{_e(tip)}</title>'
            f"{_marker(s.languages.shape(lang), x, y, 7, s.languages.colour(lang))}</a>"
        )
    out.append("</svg>")
    return "".join(out)


def _waves(s: _Story) -> str:
    """The narrative's waves (its other stories) on one time axis, each linked to its report."""
    waves = [w for w in s.waves if isinstance(w, dict)]
    if len(waves) < 2:
        return ""
    spans = []
    for w in waves:
        days = sorted(d for d in (_date(p) for p in w.get("published") or []) if d is not None)
        spans.append((w, days))
    dated = [d for _, days in spans for d in days]
    rows = [(w, days) for w, days in spans if days]
    parts = [
        f'<div class="waves"><h3>Waves of this narrative ({len(waves)})</h3>'
        '<p class="note">Other events that retell the same claim, each a story of its own.</p>'
    ]
    if dated:
        first, last = min(dated), max(dated)
        span = (last - first).days + 1
        width, left, right, top, row_h = 1000, 300, 24, 8, 26
        plot = width - left - right
        height = top + row_h * len(rows) + 30

        def x_of(d: date) -> float:
            return left + ((d - first).days + 0.5) / span * plot

        out = [
            f'<svg class="timeline wavelines" viewBox="0 0 {width} {height}" width="100%" role="img" '
            'aria-label="The waves of the narrative over time">'
        ]
        step = max(1, math.ceil(span / 10))
        for i in range(0, span, step):
            d = date.fromordinal(first.toordinal() + i)
            label = f"{d.day} {d:%b}" if span <= 120 else f"{d:%b %Y}"
            out.append(
                f'<text class="axis" x="{x_of(d):.1f}" y="{height - 10}" text-anchor="middle">{_e(label)}</text>'
            )
        for i, (w, days) in enumerate(rows):
            y = top + row_h * i + row_h / 2
            current = bool(w.get("current"))
            href = _wave_href(w)
            link = f' href="{href}"' if href else ""
            title = _short(str(w.get("title") or f"story {w.get('id')}"), 44)
            out.append(
                f'<a class="wave{" current" if current else ""}"{link} data-story="{_e(w.get("id"))}">'
                f"<title>{_e(w.get('title') or '')} · {w.get('articles', 0)} articles</title>"
                f'<text class="rowlabel" x="{left - 10}" y="{y + 4:.1f}" text-anchor="end">{_e(title)}</text>'
            )
            out.append(
                f'<line class="wave-span" x1="{x_of(days[0]):.1f}" y1="{y:.1f}" x2="{x_of(days[-1]):.1f}" y2="{y:.1f}"/>'
            )
            for d in sorted(set(days)):
                out.append(f'<circle class="wave-day" cx="{x_of(d):.1f}" cy="{y:.1f}" r="4"/>')
            out.append("</a>")
        out.append("</svg>")
        parts.append("".join(out))
    undated = [w for w, days in spans if not days]
    if undated:
        items = []
        for w in undated:
            href = _wave_href(w)
            link = f' href="{href}"' if href else ""
            items.append(
                f'<li><a{link} dir="auto">{_e(_short(str(w.get("title") or ""), 90))}</a>'
                f" ({_e(w.get('articles', 0))} articles, undated)</li>"
            )
        parts.append(f"<ul>{''.join(items)}</ul>")
    parts.append("</div>")
    return "".join(parts)


def _wave_href(wave: dict[str, Any]) -> str | None:
    if wave.get("current"):
        return "#timeline"
    return f"story-{_e(wave.get('id'))}.html" if wave.get("linked", True) else None


# -- provenance graph ---------------------------------------------------------------------------


def _graph_section(s: _Story) -> str:
    nodes: list[Any] = list(s.by_id) + list(s.external)
    sort_key = {
        n: (
            (_date(s.by_id[n].get("published")) or date.max).isoformat() if n in s.by_id else "0000",
            str(n),
        )
        for n in nodes
    }
    edges = [(r["source_id"], r["target_id"]) for r in s.relations]
    positions = layered_layout(nodes, edges, sort_key)
    isolated = [n for n in nodes if n not in positions and n in s.by_id]
    pad = 24
    coords: dict[Any, tuple[float, float]] = {
        n: (pad + col * (NODE_W + COL_GAP), pad + row * (NODE_H + ROW_GAP))
        for n, (col, row) in positions.items()
    }
    bottom = max((y for _, y in coords.values()), default=pad - NODE_H - ROW_GAP) + NODE_H
    max_cols = max(4, max((c for c, _ in positions.values()), default=0) + 1)
    if isolated:
        band = bottom + (44 if coords else 4)
        for i, n in enumerate(isolated):
            coords[n] = (
                pad + (i % max_cols) * (NODE_W + COL_GAP),
                band + 22 + (i // max_cols) * (NODE_H + ROW_GAP),
            )
    width = max((x for x, _ in coords.values()), default=pad) + NODE_W + pad
    height = max((y for _, y in coords.values()), default=pad) + NODE_H + pad
    view_h = max(220, min(680, height * min(1.0, 1040 / width)))

    out = [
        f'<svg id="graph" class="graph" viewBox="0 0 {width:.0f} {height:.0f}" width="100%" height="{view_h:.0f}" '
        f'data-node-w="{NODE_W}" data-node-h="{NODE_H}" role="img" aria-label="Provenance graph">',
        _graph_defs(),
        '<g class="viewport">',
    ]
    if isolated:
        out.append(
            f'<text class="band" x="{pad}" y="{band + 12:.0f}">Not linked to any other article ({len(isolated)})</text>'
        )
    out.append('<g class="edges">')
    for i, r in enumerate(s.relations):
        src, dst = coords.get(r["source_id"]), coords.get(r["target_id"])
        if not src or not dst:
            continue
        kind = r.get("kind") if r.get("kind") in RELATION_KINDS else "cites"
        out.append(
            f'<path class="edge k-{kind}" id="edge-{i}" data-s="{_e(r["source_id"])}" data-t="{_e(r["target_id"])}" '
            f'd="{_edge_path(src, dst)}" marker-end="url(#arrow-{kind})"><title>{_e(_edge_tip(s, r))}</title></path>'
        )
    out.append('</g><g class="nodes">')
    for n, (x, y) in coords.items():
        out.append(_graph_node(s, n, x, y))
    out.append("</g></g></svg>")
    tools = (
        '<div class="graph-tools" aria-label="Graph controls">'
        '<button type="button" data-zoom="in" title="Zoom in">+</button>'
        '<button type="button" data-zoom="out" title="Zoom out">−</button>'
        '<button type="button" data-zoom="fit" title="Fit to view">Fit</button></div>'
    )
    counts = Counter(r.get("kind") for r in s.relations)
    words = {
        "copy": ("copy", "copies"),
        "translation": ("translation", "translations"),
        "cites": ("citation", "citations"),
    }
    summary = ", ".join(_plural(counts[k], *words[k]) for k in RELATION_KINDS if counts[k])
    return (
        '<section id="provenance"><h2>Provenance <span class="sub">who copied, translated or cited whom</span></h2>'
        f'<p class="note">{_e(summary or "No relation between these articles was found.")}. '
        '<span class="js-only">Drag a node to move it, drag the background to pan, Ctrl + scroll (or the buttons) to zoom; '
        "click an article to read it.</span></p>"
        f'<div class="graph-wrap">{tools}{"".join(out)}<div class="zoom-hint" hidden>Hold Ctrl (⌘) and scroll to zoom</div></div>'
        f"{_graph_legend(s)}</section>"
    )


def _graph_defs() -> str:
    markers = "".join(
        f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M0,1 L10,5 L0,9 z" class="ah k-{kind}"/></marker>'
        for kind in RELATION_KINDS
    )
    clip = f'<clipPath id="node-clip"><rect width="{NODE_W}" height="{NODE_H}" rx="9"/></clipPath>'
    return f"<defs>{markers}{clip}</defs>"


def _edge_path(src: tuple[float, float], dst: tuple[float, float]) -> str:
    # Same formula as edgePath() in story.js, which redraws edges while a node is dragged.
    x1, y1 = src[0] + NODE_W, src[1] + NODE_H / 2
    x2, y2 = dst[0] - 2, dst[1] + NODE_H / 2
    bend = max(40.0, abs(x2 - x1) / 2)
    return f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"


def _edge_tip(s: _Story, r: dict[str, Any]) -> str:
    lines = [
        f"{r.get('kind') or 'relation'}: {s.node_label(r['source_id'])} → {s.node_label(r['target_id'])}"
    ]
    if isinstance(r.get("score"), (int, float)):
        lines.append(f"score {float(r['score']):.2f}")
    evidence = r.get("evidence") or {}
    if isinstance(evidence, dict):
        shares = [
            f"{label} {float(evidence[key]):.0%}"
            for key, label in (
                ("source_share", "of the source reused"),
                ("target_share", "of the target reused"),
            )
            if isinstance(evidence.get(key), (int, float)) and evidence.get(key)
        ]
        if shares:
            lines.append(", ".join(shares))
        passages = evidence.get("passages") or []
        if passages:
            lines.append(_plural(len(passages), "aligned passage"))
        if evidence.get("credit"):
            lines.append(f"credit line: {evidence['credit']}")
    return "\n".join(lines)


def _graph_node(s: _Story, n: Any, x: float, y: float) -> str:
    root = n in s.roots
    root_badge = (
        f'<g class="root-badge"><rect x="{NODE_W - 46}" y="-9" width="42" height="17" rx="8.5"/>'
        f'<text x="{NODE_W - 25}" y="3.5" text-anchor="middle">ROOT</text></g>'
        if root
        else ""
    )
    if n in s.by_id:
        a = s.by_id[n]
        lang = a.get("lang")
        d = _date(a.get("published"))
        tip_lines = [
            f"{_article_label(a)} · #{a.get('id')}",
            str(a.get("title") or ""),
            f"{_lang_name(lang)} · {_fmt_date(d)}",
        ]
        indep = _int(a.get("independent_sources"))
        if indep is not None:
            tip_lines.append(_plural(indep, "independent source"))
        origins = [o for o in a.get("origins") or [] if isinstance(o, dict)]
        if origins:
            tip_lines.append("origin: " + " → ".join(str(o.get("source") or "?") for o in origins))
        tip_lines.append("click to read the article")
        colour = s.languages.colour(lang)
        return (
            f'<a class="node article{" root" if root else ""}" href="#article-{_e(n)}" data-id="{_e(n)}" '
            f'transform="translate({x:.1f},{y:.1f})"><title>{_e(chr(10).join(tip_lines))}</title>'
            f'<rect class="box" width="{NODE_W}" height="{NODE_H}" rx="9"/>'
            f'<rect class="stripe" width="8" height="{NODE_H}" fill="{colour}" clip-path="url(#node-clip)"/>'
            f'<text class="l1" x="18" y="22">{_e(_short(_article_label(a), 24))}</text>'
            f'<g transform="translate(24,38)">{_marker(s.languages.shape(lang), 0, 0, 4.5, colour)}</g>'
            f'<text class="l2" x="34" y="42">{_e((lang or "?").upper())} · {_e(_fmt_date(d))} · #{_e(n)}</text>'
            f"{root_badge}</a>"
        )
    ext = s.external.get(n, {})
    kind = _source_type(ext.get("source_type"))
    label = str(ext.get("label") or n)
    tip = f"{label}\n{SOURCE_TYPE_LABELS[kind]} source, outside the collection" + (
        f"\noutlet: {ext['outlet']}" if ext.get("outlet") else ""
    )
    return (
        f'<g class="node external t-{kind}{" root" if root else ""}" data-id="{_e(n)}" '
        f'transform="translate({x:.1f},{y:.1f})"><title>{_e(tip)}</title>'
        f'<rect class="box" width="{NODE_W}" height="{NODE_H}" rx="{NODE_H / 2}"/>'
        f'<text class="l1" x="{NODE_W / 2}" y="23" text-anchor="middle">{_e(_short(label, 23))}</text>'
        f'<text class="l2" x="{NODE_W / 2}" y="40" text-anchor="middle">{_e(SOURCE_TYPE_LABELS[kind])} · outside</text>'
        f"{root_badge}</g>"
    )


def _graph_legend(s: _Story) -> str:
    edges = "".join(
        f'<li><svg class="mk wide" viewBox="0 0 40 10" aria-hidden="true"><path class="edge k-{kind}" d="M2,5 H32" '
        f'marker-end="url(#arrow-{kind})"/></svg>{_e(label)}</li>'
        for kind, label in (("copy", "copy"), ("translation", "translation"), ("cites", "cites / credits"))
    )
    types = sorted({_source_type(e.get("source_type")) for e in s.external.values()}) or [
        "outlet",
        "anonymous",
    ]
    externals = "".join(
        f'<li><span class="ext-swatch t-{t}"></span>{_e(SOURCE_TYPE_LABELS[t])} source outside the collection</li>'
        for t in types
    )
    return (
        '<ul class="legend">'
        f"{edges}"
        '<li><span class="art-swatch"></span>article (stripe: language)</li>'
        '<li><span class="art-swatch root"></span>root</li>'
        f"{externals}</ul>"
    )


# -- denials ------------------------------------------------------------------------------------


def _denials_section(s: _Story) -> str:
    if not s.denials:
        return ""
    # The same denial travels with every copy: show it once, with every article that carries it.
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for d in s.denials:
        key = (
            " ".join(str(d.get("source") or "").lower().split()),
            " ".join(str(d.get("content") or "").lower().split()),
        )
        groups.setdefault(key, []).append(d)
    items = []
    for group in groups.values():
        first = group[0]
        places = []
        for d in group:
            article = s.by_id.get(d.get("article_id"))
            if article is None:
                continue
            start = _int(d.get("start"))
            anchor = f"d-{article.get('id')}-{start}" if start is not None else f"article-{article.get('id')}"
            places.append(
                f'<a href="#{_e(anchor)}"><bdi>{_e(_article_label(article))}</bdi> #{_e(article.get("id"))}</a> '
                f"{_lang_chip(article.get('lang'), s.languages)} "
                f'<span class="muted">{_e(_fmt_date(_date(article.get("published"))))}</span>'
            )
        where = (
            f'<p class="meta">in {_plural(len(places), "article")}: {" · ".join(places)}</p>'
            if places
            else ""
        )
        items.append(
            f"<li><p><b><bdi>{_e(first.get('source') or 'Unnamed source')}</bdi></b> denies: "
            f"<q><bdi>{_e(first.get('content') or '')}</bdi></q></p>{where}</li>"
        )
    return (
        f'<section id="denials"><h2>Denials <span class="sub">{_plural(len(groups), "denial")} in '
        f"{_plural(len({d.get('article_id') for d in s.denials}), 'article')}</span></h2>"
        f'<ul class="denials">{"".join(items)}</ul></section>'
    )


# -- articles -----------------------------------------------------------------------------------


def _articles_section(s: _Story) -> str:
    legend = (
        '<ul class="legend hl-legend">'
        + "".join(
            f'<li><span class="src src-{t}">{_e(label)}</span></li>'
            for t, label in SOURCE_TYPE_LABELS.items()
            if t != "unknown"
        )
        + '<li><span class="cue">cue</span></li>'
        '<li><span class="ct">reported content</span></li>'
        '<li><span class="ct deny">denial</span></li>'
        '<li><span class="ct hedged">hedged</span><span class="flag f-hedged"></span></li>'
        '<li><span class="ct overclaim">overclaim</span><span class="flag f-overclaim"></span></li>'
        '<li><span class="unattr">no source given</span></li></ul>'
    )
    tools = (
        '<div class="article-tools js-only"><button type="button" data-details="open">Expand all</button>'
        '<button type="button" data-details="close">Collapse all</button></div>'
    )
    body = "".join(_article(s, a) for a in s.articles)
    return (
        f'<section id="articles"><h2>Articles <span class="sub">{len(s.articles)}</span></h2>'
        f'<div class="articles-head">{legend}{tools}</div>{body}</section>'
    )


def _relation_links(s: _Story, relations: list[dict[str, Any]], end: str) -> str:
    links = []
    for r in relations:
        other = r[end]
        score = f" {float(r['score']):.2f}" if isinstance(r.get("score"), (int, float)) else ""
        label = _e(s.node_label(other))
        if other in s.by_id:
            label = f'<a href="#article-{_e(other)}"><bdi>{label}</bdi> #{_e(other)}</a>'
        else:
            label = f"<bdi>{label}</bdi> {_type_chip(s.external.get(other, {}).get('source_type'))}"
        if r.get("corrected"):  # an analyst confirmed it
            label += f' <span class="badge corrected">confirmed, {_e(r["corrected"])}</span>'
        links.append(
            f'<span class="rel"><span class="kind k-{_e(r.get("kind"))}">{_e(r.get("kind"))}{score}</span> {label}</span>'
        )
    return " ".join(links)


def _article(s: _Story, a: dict[str, Any]) -> str:
    aid = a.get("id")
    lang = a.get("lang")
    text = a.get("text") if isinstance(a.get("text"), str) else ""
    attributions = [x for x in a.get("attributions") or [] if isinstance(x, dict)]
    flags = []
    n_deny = sum(1 for x in attributions if x.get("stance") in ("denies", "disputes"))
    if aid in s.roots:
        flags.append('<span class="badge root">root</span>')
    for r in s.parents.get(aid, []):
        verb = {"copy": "copy of", "translation": "translation of", "cites": "cites"}.get(
            r.get("kind"), "from"
        )
        flags.append(
            f'<span class="badge k-{_e(r.get("kind"))}">{verb} <bdi>{_e(_short(s.node_label(r["source_id"]), 22))}</bdi></span>'
        )
    if n_deny:
        flags.append(f'<span class="badge deny">{_plural(n_deny, "denial")}</span>')
    if any(x.get("overclaim") for x in attributions):
        flags.append('<span class="badge overclaim">overclaim</span>')
    for mark in a.get("corrected") or []:
        if isinstance(mark, dict):
            flags.append(
                f'<span class="badge corrected" title="{_e(mark.get("description"))}">{_e(mark.get("label"))}</span>'
            )
    summary = (
        f'<summary><span class="s-meta"><b>{_e(_article_label(a))}</b> {_lang_chip(lang, s.languages)}'
        f'<span class="muted">{_e(_fmt_date(_date(a.get("published"))))} · #{_e(aid)}</span></span>'
        f'<span class="s-title" dir="auto" lang="{_e(lang or "")}">{_e(a.get("title") or "Untitled")}</span>'
        f'<span class="s-flags">{"".join(flags)}</span></summary>'
    )
    rows = []
    url = _safe_url(a.get("url"))
    if url:
        rows.append(
            f'<dt>URL</dt><dd><a href="{_e(url)}" rel="noopener noreferrer" target="_blank">{_e(_short(url, 100))}</a></dd>'
        )
    elif a.get("url"):
        rows.append(f"<dt>URL</dt><dd>{_e(_short(str(a['url']), 100))}</dd>")
    if a.get("outlet"):
        rows.append(f"<dt>Outlet</dt><dd>{_e(a['outlet'])}</dd>")
    origins = [o for o in a.get("origins") or [] if isinstance(o, dict)]
    if origins:
        chain = ' <span class="arrow">→</span> '.join(
            f'<span dir="auto">{_e(o.get("source") or "?")}</span> {_type_chip(o.get("source_type"))}'
            for o in origins
        )
        rows.append(f"<dt>Origin chain</dt><dd>{chain}</dd>")
    indep = _int(a.get("independent_sources"))
    if indep is not None:
        rows.append(f"<dt>Independent sources</dt><dd>{indep}</dd>")
    if s.parents.get(aid):
        rows.append(f"<dt>Derived from</dt><dd>{_relation_links(s, s.parents[aid], 'source_id')}</dd>")
    if s.children.get(aid):
        rows.append(f"<dt>Reused by</dt><dd>{_relation_links(s, s.children[aid], 'target_id')}</dd>")
    denial_starts = {
        _int(d.get("start"))
        for d in s.denials
        if d.get("article_id") == aid and _int(d.get("start")) is not None
    }
    denial_spans = [
        (_int(d.get("start")), _int(d.get("end"))) for d in s.denials if d.get("article_id") == aid
    ]
    text_html = highlight_text(
        text, attributions, a.get("unattributed") or [], denial_spans, aid, denial_starts
    )
    return (
        f'<details class="article" id="article-{_e(aid)}">{summary}<div class="a-body">'
        f'<dl class="a-meta">{"".join(rows)}</dl>'
        f'<div class="text" dir="auto" lang="{_e(lang or "")}">{text_html}</div>'
        f"{_attribution_table(attributions)}</div></details>"
    )


def _attribution_table(attributions: list[dict[str, Any]]) -> str:
    if not attributions:
        return '<p class="note">No attribution found in this article.</p>'
    rows = []
    for x in attributions:
        marks = []
        if x.get("direct"):
            marks.append("quote")
        if x.get("hedged"):
            marks.append('<span class="flag f-hedged"></span>')
        if x.get("overclaim"):
            marks.append('<span class="flag f-overclaim"></span>')
        stance = x.get("stance") if x.get("stance") in ("asserts", "denies", "disputes") else "asserts"
        rows.append(
            f'<tr><td dir="auto">{_e(x.get("source") or "(no named source)")}</td><td>{_type_chip(x.get("source_type"))}</td>'
            f'<td dir="auto">{_e(x.get("cue") or "")}</td><td><span class="stance s-{stance}">{stance}</span> {" ".join(marks)}</td>'
            f'<td dir="auto">{_e(_short(str(x.get("content") or ""), 160))}</td></tr>'
        )
    return (
        '<details class="who"><summary>Who says what '
        f'<span class="muted">({len(attributions)})</span></summary><table><thead><tr><th>source</th><th>type</th>'
        f"<th>cue</th><th>stance</th><th>content</th></tr></thead><tbody>{''.join(rows)}</tbody></table></details>"
    )


def _attribution_tip(x: dict[str, Any]) -> str:
    kind = SOURCE_TYPE_LABELS[_source_type(x.get("source_type"))]
    stance = x.get("stance") or "asserts"
    head = f"{x.get('source') or 'unnamed source'} ({kind})"
    marks = [str(stance)]
    if x.get("direct"):
        marks.append("direct quote")
    if x.get("hedged"):
        marks.append("hedged")
    if x.get("overclaim"):
        marks.append("overclaim")
    if x.get("outlet"):
        marks.append(f"outlet: {x['outlet']}")
    return f"{head}\ncue “{x.get('cue') or ''}” · {' · '.join(marks)}"


def _span_of(start: Any, end: Any, length: int) -> tuple[int, int] | None:
    start, end = _int(start), _int(end)
    if start is None or end is None:
        return None
    start, end = max(0, start), min(length, end)
    return (start, end) if start < end else None


def highlight_text(
    text: str,
    attributions: list[dict[str, Any]],
    unattributed: list[Any],
    denials: list[tuple[Any, Any]] = (),
    article_id: Any = None,
    denial_starts: set[int] | None = None,
) -> str:
    """The article text as ``<p>`` paragraphs with sources, cues, contents and unsourced
    sentences wrapped in ``<span>``s. Overlapping spans are cut at every boundary, so the markup
    stays flat; offsets out of range are clipped, broken ones ignored."""
    n = len(text)
    # (start, end, classes, attribution index or None)
    marks: list[tuple[int, int, tuple[str, ...], int | None]] = []
    flag_at: dict[int, list[str]] = defaultdict(list)
    anchors: dict[int, str] = {}
    for i, x in enumerate(attributions):
        kind = _source_type(x.get("source_type"))
        span = _span_of(x.get("source_start"), x.get("source_end"), n)
        if span:
            marks.append((*span, ("src", f"src-{kind}"), i))
        span = _span_of(x.get("cue_start"), x.get("cue_end"), n)
        if span:
            marks.append((*span, ("cue",), i))
        span = _span_of(x.get("start"), x.get("end"), n)
        if span:
            classes = ["ct"]
            stance = x.get("stance")
            if stance == "denies":
                classes.append("deny")
            elif stance == "disputes":
                classes.append("dispute")
            if x.get("hedged"):
                classes.append("hedged")
                flag_at[span[1]].append("f-hedged")
            if x.get("overclaim"):
                classes.append("overclaim")
                flag_at[span[1]].append("f-overclaim")
            marks.append((*span, tuple(classes), i))
    for pair in unattributed:
        if isinstance(pair, dict):
            pair = (pair.get("start"), pair.get("end"))
        if isinstance(pair, (list, tuple)) and len(pair) == 2:
            span = _span_of(pair[0], pair[1], n)
            if span:
                marks.append((*span, ("unattr",), None))
    for start, end in denials:
        span = _span_of(start, end, n)
        if span:
            marks.append((*span, ("ct", "deny"), None))
            if article_id is not None and span[0] in (denial_starts or set()):
                anchors[span[0]] = f"d-{article_id}-{span[0]}"

    cuts = {0, n} | {p for m in marks for p in m[:2]} | {i for i, c in enumerate(text) if c == "\n"}
    cuts |= {i + 1 for i, c in enumerate(text) if c == "\n"}
    cuts = sorted(cuts)
    paragraphs: list[list[str]] = [[]]
    # sweep: marks enter when the text reaches their start and leave at their end, so each piece
    # looks only at the marks open over it (a long article has thousands of marks)
    by_start = sorted(range(len(marks)), key=lambda i: marks[i][0])
    entering, active = 0, set()
    for start, end in zip(cuts, cuts[1:], strict=False):
        while entering < len(by_start) and marks[by_start[entering]][0] <= start:
            active.add(by_start[entering])
            entering += 1
        active = {i for i in active if marks[i][1] > start}
        if start in anchors:
            paragraphs[-1].append(f'<span class="anchor" id="{_e(anchors[start])}"></span>')
        piece = text[start:end]
        if piece == "\n":
            paragraphs.append([])
            continue
        covering = [marks[i] for i in sorted(active)]
        if not covering:
            paragraphs[-1].append(_e(piece))
        else:
            classes: list[str] = []
            tips: list[str] = []
            seen: set[int] = set()
            source_classes = [m[2] for m in covering if m[2][0] == "src"]
            for m in covering:
                if m[2][0] == "src" and m[2] is not source_classes[-1]:
                    continue  # nested sources: the innermost (last found) colours the text
                classes.extend(c for c in m[2] if c not in classes)
                if m[3] is not None and m[3] not in seen:
                    seen.add(m[3])
                    tips.append(_attribution_tip(attributions[m[3]]))
            if "unattr" in classes and not tips:
                tips.append("no source given for this statement")
            title = f' title="{_e(chr(10).join(tips))}"' if tips else ""
            paragraphs[-1].append(f'<span class="{" ".join(classes)}"{title}>{_e(piece)}</span>')
        for flag in flag_at.get(end, []):
            paragraphs[-1].append(f'<span class="flag {flag}" aria-label="{flag[2:]}"></span>')
    return "".join(f"<p>{''.join(p)}</p>" for p in paragraphs if p)


# -- index --------------------------------------------------------------------------------------


def _count(value: Any) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, (list, tuple, set, dict)):
        return len(value)
    return 0


def _index_row(item: dict[str, Any]) -> dict[str, Any]:
    """One story's figures, from a story dict or from a whole story view."""
    if isinstance(item.get("story"), dict):  # a full view
        story = dict(item["story"])
        story.setdefault("articles", item.get("articles") or [])
        story.setdefault("independent_sources", item.get("independent_sources"))
        story.setdefault("factchecks", item.get("factchecks") or [])
        if not story.get("languages"):
            story["languages"] = sorted({a.get("lang") for a in story["articles"] if a.get("lang")})
        if not story.get("outlets"):
            story["outlets"] = sorted({a.get("outlet") for a in story["articles"] if a.get("outlet")})
        item = story
    languages = [x for x in item.get("languages") or [] if x]
    outlets = [x for x in item.get("outlets") or [] if x]
    articles = item.get("articles", item.get("article_count"))
    ratings = []
    for fc in item.get("factchecks") or []:
        ratings.append(_rating(fc.get("rating") if isinstance(fc, dict) else fc))
    indep = item.get("independent_sources")
    return {
        "id": item.get("id"),
        "title": item.get("title") or "Untitled story",
        "articles": _count(articles),
        "languages": languages,
        "outlets": outlets,
        "first": _date(item.get("first_published")),
        "last": _date(item.get("last_published")),
        "independent": None if indep is None else _count(indep),
        "ratings": ratings,
        "narrative": item.get("narrative_id"),
    }


def render_index(stories: list[dict[str, Any]]) -> str:
    """An index page ranking stories by size and spread, linking to ``story-<id>.html``.

    Each item is a story dict (``id, title, languages, outlets, first_published,
    last_published``, plus ``articles`` as a count or a list, optional ``independent_sources``
    and ``factchecks``) or a whole story view as given to :func:`render_story`.
    """
    rows = [_index_row(x) for x in stories or [] if isinstance(x, dict)]
    rows.sort(
        key=lambda r: (-r["articles"], -len(r["languages"]), -len(r["outlets"]), str(r["title"]).lower())
    )
    most = max((r["articles"] for r in rows), default=1) or 1
    body_rows = []
    for rank, r in enumerate(rows, 1):
        href = f"story-{r['id']}.html"
        langs = " ".join(f'<span class="lang plain">{_e(code)}</span>' for code in r["languages"])
        ratings = " ".join(f'<span class="rating r-{x}">{_e(x)}</span>' for x in r["ratings"])
        indep = "–" if r["independent"] is None else str(r["independent"])
        dates = _fmt_span(r["first"], r["last"])
        body_rows.append(
            f'<tr><td class="rank" data-v="{rank}">{rank}</td>'
            f'<td class="title" data-v="{_e(str(r["title"]).lower())}"><a href="{_e(href)}" dir="auto">{_e(r["title"])}</a>'
            + (f'<div class="muted">narrative {_e(r["narrative"])}</div>' if r["narrative"] else "")
            + "</td>"
            f'<td class="n" data-v="{r["articles"]}"><span class="sbar" style="--w:{r["articles"] / most:.3f}"></span>{r["articles"]}</td>'
            f'<td class="n" data-v="{len(r["languages"])}">{len(r["languages"])} <span class="langs">{langs}</span></td>'
            f'<td class="n" data-v="{len(r["outlets"])}">{len(r["outlets"])}</td>'
            f'<td class="n" data-v="{r["independent"] if r["independent"] is not None else -1}">{indep}</td>'
            f'<td data-v="{_e((r["first"] or date.min).isoformat())}">{_e(dates)}</td>'
            f'<td data-v="{_e(" ".join(r["ratings"]))}">{ratings}</td></tr>'
        )
    total = sum(r["articles"] for r in rows)
    head = "".join(
        f'<th data-sort="{i}" data-type="{t}" scope="col">{label}</th>'
        for i, (label, t) in enumerate(
            [("#", "n"), ("Story", "s"), ("Articles", "n"), ("Languages", "n"), ("Outlets", "n"),
             ("Independent sources", "n"), ("Published", "s"), ("Fact-checks", "s")]
        )
    )  # fmt: skip
    table = (
        f'<table class="stories"><thead><tr>{head}</tr></thead><tbody>{"".join(body_rows)}</tbody></table>'
        if rows
        else '<p class="note">No story yet.</p>'
    )
    body = (
        '<header class="topbar"><div class="wrap bar"><span class="brand"><span class="logo" aria-hidden="true"></span>'
        'newstrace</span><span class="bar-title">Stories</span></div></header>'
        '<main class="wrap"><section class="overview"><p class="eyebrow">Story index</p><h1>Stories</h1>'
        f'<p class="note">{_plural(len(rows), "story", "stories")}, {_plural(total, "article")}. '
        "Ranked by size and spread: articles, then languages, then outlets. Click a column to sort.</p>"
        f"</section><section>{table}</section></main>{_footer()}"
    )
    return _page("Stories — newstrace", body, _asset("index.js"), "index")
