"""Self-contained HTML story reports: one page per story, and an index of stories.

``render_story(view)`` and ``render_index(stories)`` return whole pages that open from disk with
no network: CSS, JavaScript and SVG are inline. The markup lives in Jinja2 templates
(``report/templates/``) with autoescaping on: article titles and texts are hostile input, and
no value from a view reaches the page unescaped. Only ``http(s)`` URLs become links (the
``safe_url`` filter); a Content-Security-Policy lets only the page's own script run and forbids
every network request. Everything a reader needs (text, attributions, timeline, a static
drawing of the graph) works without JavaScript; the script adds pan, zoom, dragging, tooltips
and jumping from the graph to the article.

This module computes what the templates draw — :class:`StoryPage` (the view with the indexes
the sections share, the chart and graph geometry, the highlighted text) — and nothing else.
Another page (the desk) renders the same sections by including ``partials/*.html`` with a
``StoryPage`` as ``s`` (see ``story.html``).
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from newstrace.report.layout import layered_layout
from newstrace.report.view import (
    ArticleView,
    AttributionView,
    DenialView,
    ExternalSource,
    NodeId,
    RelationView,
    StoryView,
    TextSpan,
    WaveView,
)

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
RELATION_KINDS = ("copy", "translation", "cites")
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


# -- small helpers (also the templates' filters) -------------------------------------------------


def safe_url(url: Any) -> str | None:
    """The URL if it is plain http(s), else None: ``javascript:`` and friends never become links."""
    if not isinstance(url, str):
        return None
    stripped = url.strip()
    if stripped.lower().startswith(("http://", "https://")) and not any(c in stripped for c in "\r\n\t"):
        return stripped
    return None


def to_date(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def fmt_date(d: date | None) -> str:
    return f"{d.day} {d:%b %Y}" if d else "no date"


def fmt_span(first: date | None, last: date | None) -> str:
    if not first and not last:
        return "no dates"
    first, last = first or last, last or first
    if first == last:
        return fmt_date(first)
    if first.year == last.year and first.month == last.month:
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{fmt_date(first)} – {fmt_date(last)}"


def plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def source_type(value: Any) -> str:
    return value if value in SOURCE_TYPE_LABELS else "unknown"


def short(text: Any, limit: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def lang_name(code: Any) -> str:
    if not code:
        return "unknown language"
    return LANGUAGE_NAMES.get(str(code), str(code))


def rating(value: Any) -> str:
    return value if value in RATINGS else "unrated"


def relation_kind(value: Any) -> str:
    return value if value in RELATION_KINDS else "cites"


@cache
def _asset(name: str) -> str:
    return (resources.files("newstrace.report") / "assets" / name).read_text(encoding="utf-8")


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(script: str) -> str:
    """Only our own script (by hash) may run; no request may leave the page (file:// or not)."""
    return (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src {_script_hash(script)}; base-uri 'none'; form-action 'none'"
    )


@cache
def environment() -> Environment:
    """The templates' environment: autoescaping on everywhere, undefined names are errors."""
    env = Environment(
        loader=PackageLoader("newstrace.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        safe_url=safe_url,
        to_date=to_date,
        fmt_date=fmt_date,
        short=short,
        lang_name=lang_name,
        source_type=source_type,
        rating=rating,
        relation_kind=relation_kind,
    )
    env.globals.update(
        plural=plural,
        fmt_span=fmt_span,
        type_labels=SOURCE_TYPE_LABELS,
        relation_kinds=RELATION_KINDS,
        node_w=NODE_W,
        node_h=NODE_H,
    )
    return env


def _render(template: str, script: str, **context: Any) -> str:
    from newstrace import __version__

    page = environment().get_template(template)
    return page.render(
        script=Markup(script),  # our own asset, hashed into the CSP
        style=Markup(_asset("report.css")),
        csp=content_security_policy(script),
        version=__version__,
        **context,
    )


# -- language markers -----------------------------------------------------------------------------


class Languages:
    """Colour and marker shape of each language, most frequent first."""

    def __init__(self, articles: list[ArticleView], declared: Iterable[str]):
        counts = Counter(a.lang or "?" for a in articles)
        for code in declared:
            counts.setdefault(code, 0)
        self.order = [code for code, _ in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))]
        self.index = {code: i for i, code in enumerate(self.order)}

    def colour(self, code: str | None) -> str:
        i = self.index.get(code or "?", 0)
        return "#64748b" if (code or "?") == "?" else LANGUAGE_COLOURS[i % len(LANGUAGE_COLOURS)]

    def marker(self, code: str | None, x: float, y: float, r: float) -> Marker:
        shape = LANGUAGE_SHAPES[self.index.get(code or "?", 0) % len(LANGUAGE_SHAPES)]
        return marker(shape, x, y, r, self.colour(code))


@dataclass
class Marker:
    """An SVG shape: its tag and attributes (drawn by the ``marker`` macro)."""

    tag: str
    attrs: dict[str, str]
    colour: str


def marker(shape: str, x: float, y: float, r: float, colour: str) -> Marker:
    """The marker of a language at (x, y)."""
    if shape == "circle":
        return Marker("circle", {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": f"{r:.1f}"}, colour)
    if shape == "square":
        s = r * 0.9
        attrs = {"x": f"{x - s:.1f}", "y": f"{y - s:.1f}", "width": f"{2 * s:.1f}", "height": f"{2 * s:.1f}"}
        return Marker("rect", {**attrs, "rx": "1.5"}, colour)
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
        outline = [(-a, -b), (a, -b), (a, -a), (b, -a), (b, a), (a, a), (a, b), (-a, b), (-a, a), (-b, a),
                   (-b, -a), (-a, -a)]  # fmt: skip
        pts = [(x + px, y + py) for px, py in outline]
    return Marker("polygon", {"points": " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)}, colour)


# -- time charts: the story's timeline and the narrative's waves share one shape ------------------


@dataclass
class TimeChart:
    """A time axis over rows: ``x(day)`` places a day, ``y(row)`` the middle of a row."""

    first: date
    last: date
    rows: int
    left: int  # room for the row labels
    top: int
    row_h: int
    bottom: int  # room for the axis labels
    max_ticks: int
    day_labels_until: int  # label ticks "4 Mar" up to this many days, "Mar 2025" beyond
    tick_lines: bool = False
    width: int = 1000
    right: int = 24

    @property
    def span(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def height(self) -> int:
        return self.top + self.row_h * self.rows + self.bottom

    def x(self, d: date) -> float:
        return self.left + ((d - self.first).days + 0.5) / self.span * (self.width - self.left - self.right)

    def y(self, row: int) -> float:
        return self.top + self.row_h * row + self.row_h / 2

    @property
    def ticks(self) -> list[tuple[float, str]]:
        step = max(1, math.ceil(self.span / self.max_ticks))
        out = []
        for i in range(0, self.span, step):
            d = date.fromordinal(self.first.toordinal() + i)
            out.append((self.x(d), f"{d.day} {d:%b}" if self.span <= self.day_labels_until else f"{d:%b %Y}"))
        return out

    @property
    def years(self) -> str:
        return (
            f"{self.first.year}"
            if self.first.year == self.last.year
            else f"{self.first.year}–{self.last.year}"
        )


@dataclass
class TimelineRow:
    name: str  # the outlet
    y: float
    striped: bool


@dataclass
class TimelineMark:
    article: ArticleView
    day: date
    x: float
    y: float
    marker: Marker
    tip: str


@dataclass
class TimelineLink:
    relation: RelationView
    d: str  # the SVG path


@dataclass
class Timeline:
    chart: TimeChart
    rows: list[TimelineRow]
    links: list[TimelineLink]
    marks: list[TimelineMark]
    languages: list[str | None]  # in the legend


@dataclass
class WaveRow:
    wave: WaveView
    y: float
    x1: float
    x2: float
    days: list[float]  # x of each publication day
    href: str | None


@dataclass
class Waves:
    waves: list[WaveView]
    chart: TimeChart | None
    rows: list[WaveRow]
    undated: list[tuple[WaveView, str | None]]  # with its link


def wave_chart(waves: list[WaveView], href: Callable[[WaveView], str | None] | None = None) -> Waves:
    """Waves (the stories of one narrative) on one time axis, earliest first as given, each
    linked by ``href`` (default: the static report's ``story-ID.html``). The story report and
    the desk's narrative page both draw this."""
    href = href or _wave_href
    spans = [(w, sorted(d for d in map(to_date, w.published) if d is not None)) for w in waves]
    dated = [(w, days) for w, days in spans if days]
    chart, rows = None, []
    if dated:
        every = [d for _, days in dated for d in days]
        chart = TimeChart(
            min(every), max(every), len(dated),
            left=300, top=8, row_h=26, bottom=30, max_ticks=10, day_labels_until=120,
        )  # fmt: skip
        for i, (w, days) in enumerate(dated):
            rows.append(
                WaveRow(
                    w, chart.y(i), chart.x(days[0]), chart.x(days[-1]),
                    [chart.x(d) for d in sorted(set(days))], href(w),
                )
            )  # fmt: skip
    undated = [(w, href(w)) for w, days in spans if not days]
    return Waves(waves, chart, rows, undated)


# -- provenance graph -----------------------------------------------------------------------------


@dataclass
class GraphEdge:
    index: int
    relation: RelationView
    kind: str
    d: str
    tip: str


@dataclass
class GraphNode:
    id: NodeId
    x: float
    y: float
    root: bool
    tip: str
    article: ArticleView | None = None  # None: a source outside the collection
    label: str = ""
    source_type: str = "unknown"
    colour: str = ""
    marker: Marker | None = None


@dataclass
class Graph:
    width: float
    height: float
    view_h: float
    pad: int
    edges: list[GraphEdge]
    nodes: list[GraphNode]
    isolated: int
    band: float
    summary: str
    external_types: list[str]


# -- highlighted text -----------------------------------------------------------------------------


@dataclass
class Piece:
    """A piece of highlighted text: plain text, a marked span, an anchor, or a flag after a span."""

    kind: str  # "text", "mark", "anchor" or "flag"
    text: str = ""
    classes: str = ""
    title: str | None = None


@dataclass
class Passage:
    """A stretch of text to mark besides the attributions: [start, end) with its classes and
    tooltip (a passage copied or translated from another article, a credit line)."""

    start: int | None
    end: int | None
    classes: str
    title: str = ""


def _attribution_tip(x: AttributionView) -> str:
    kind = SOURCE_TYPE_LABELS[source_type(x.source_type)]
    head = f"{x.source or 'unnamed source'} ({kind})"
    marks = [str(x.stance or "asserts")]
    if x.direct:
        marks.append("direct quote")
    if x.hedged:
        marks.append("hedged")
    if x.overclaim:
        marks.append("overclaim")
    if x.outlet:
        marks.append(f"outlet: {x.outlet}")
    return f"{head}\ncue “{x.cue or ''}” · {' · '.join(marks)}"


def _span_of(start: int | None, end: int | None, length: int) -> tuple[int, int] | None:
    if start is None or end is None:
        return None
    start, end = max(0, start), min(length, end)
    return (start, end) if start < end else None


_NEWLINE = re.compile("\n")


def highlight(
    text: str,
    attributions: list[AttributionView],
    unattributed: list[TextSpan],
    denials: Iterable[tuple[int | None, int | None]] = (),
    anchor_prefix: str | None = None,
    anchored: set[int] | None = None,
    passages: Iterable[Passage] = (),
) -> list[list[Piece]]:
    """The article text as paragraphs of pieces with sources, cues, contents and unsourced
    sentences marked. Overlapping spans are cut at every boundary, so the markup stays flat;
    offsets out of range are clipped, broken ones ignored. A denial starting at one of
    ``anchored`` gets an anchor ``<anchor_prefix><start>`` the Denials section links to.
    ``passages`` marks other stretches (copied or translated text, credit lines), each with
    its classes and tooltip."""
    n = len(text)
    # (start, end, classes, attribution index or None)
    marks: list[tuple[int, int, tuple[str, ...], int | None]] = []
    passage_tips: dict[int, str] = {}  # mark index -> tooltip of a passage
    flag_at: dict[int, list[str]] = defaultdict(list)
    anchors: dict[int, str] = {}
    for i, x in enumerate(attributions):
        span = _span_of(x.source_start, x.source_end, n)
        if span:
            marks.append((*span, ("src", f"src-{source_type(x.source_type)}"), i))
        span = _span_of(x.cue_start, x.cue_end, n)
        if span:
            marks.append((*span, ("cue",), i))
        span = _span_of(x.start, x.end, n)
        if span:
            classes = ["ct"]
            if x.stance == "denies":
                classes.append("deny")
            elif x.stance == "disputes":
                classes.append("dispute")
            if x.hedged:
                classes.append("hedged")
                flag_at[span[1]].append("f-hedged")
            if x.overclaim:
                classes.append("overclaim")
                flag_at[span[1]].append("f-overclaim")
            marks.append((*span, tuple(classes), i))
    for pair in unattributed:
        span = _span_of(pair.start, pair.end, n)
        if span:
            marks.append((*span, ("unattr",), None))
    for start, end in denials:
        span = _span_of(start, end, n)
        if span:
            marks.append((*span, ("ct", "deny"), None))
            if anchor_prefix is not None and span[0] in (anchored or set()):
                anchors[span[0]] = f"{anchor_prefix}{span[0]}"
    for passage in passages:
        span = _span_of(passage.start, passage.end, n)
        if span:
            passage_tips[len(marks)] = passage.title
            marks.append((*span, tuple(passage.classes.split()), None))

    # line breaks found by the regex engine: a Python loop over every character cost most of a
    # story page (20 articles of 600 words: 12 of 17 ms)
    breaks = [m.start() for m in _NEWLINE.finditer(text)]
    cuts = {0, n} | {p for m in marks for p in m[:2]} | set(breaks) | {i + 1 for i in breaks}
    ordered = sorted(cuts)
    paragraphs: list[list[Piece]] = [[]]
    # sweep: marks enter when the text reaches their start and leave at their end, so each piece
    # looks only at the marks open over it (a long article has thousands of marks)
    by_start = sorted(range(len(marks)), key=lambda i: marks[i][0])
    entering, active = 0, set()
    for start, end in zip(ordered, ordered[1:], strict=False):
        while entering < len(by_start) and marks[by_start[entering]][0] <= start:
            active.add(by_start[entering])
            entering += 1
        active = {i for i in active if marks[i][1] > start}
        if start in anchors:
            paragraphs[-1].append(Piece("anchor", classes=anchors[start]))
        piece = text[start:end]
        if piece == "\n":
            paragraphs.append([])
            continue
        covering = [marks[i] for i in sorted(active)]
        notes = [passage_tips[i] for i in sorted(active) if passage_tips.get(i)]
        if not covering:
            paragraphs[-1].append(Piece("text", piece))
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
            tips += notes
            paragraphs[-1].append(Piece("mark", piece, " ".join(classes), "\n".join(tips) or None))
        for flag in flag_at.get(end, []):
            paragraphs[-1].append(Piece("flag", flag[2:], flag))
    return [p for p in paragraphs if p]


def highlight_text(
    text: str,
    attributions: Iterable[AttributionView | Mapping[str, Any]],
    unattributed: Iterable[Any],
    denials: Iterable[tuple[int | None, int | None]] = (),
    passages: Iterable[Passage] = (),
) -> Markup:
    """The article text as ``<p>`` paragraphs with its attributions highlighted (the
    ``highlighted`` macro of ``partials/text.html`` over :func:`highlight`). Attributions and
    spans may be given in their JSON form; ``passages`` as in :func:`highlight`."""
    atts = [a if isinstance(a, AttributionView) else AttributionView.from_dict(a) for a in attributions]
    spans = [s if isinstance(s, TextSpan) else TextSpan.parse(s) for s in unattributed]
    paragraphs = highlight(text, atts, [s for s in spans if s], denials, passages=passages)
    return environment().get_template("partials/text.html").module.highlighted(paragraphs)


# -- the story page -------------------------------------------------------------------------------


class StoryPage:
    """A story view ready to draw: articles in time order, the indexes the sections share, and
    the geometry of the timeline, the waves and the provenance graph. The templates read it as
    ``s``."""

    def __init__(self, view: StoryView | Mapping[str, Any]):
        if not isinstance(view, StoryView):
            view = StoryView.from_dict(view)
        self.view = view
        self.story = view.story
        self.articles = sorted(view.articles, key=lambda a: (to_date(a.published) or date.max, str(a.id)))
        self.by_id: dict[NodeId | None, ArticleView] = {a.id: a for a in self.articles}
        self.external = {e.id: e for e in view.external}
        known = set(self.by_id) | set(self.external)
        self.relations = [
            # an outside source can cite another (a blog credits RT, which cites SANA)
            r
            for r in view.relations
            if r.target_id in known and r.source_id in known
        ]
        for r in view.relations:  # an outside source missing from `external`
            source = r.source_id
            if isinstance(source, str) and source.startswith("ext:") and source not in self.external:
                if r.target_id in self.by_id:
                    self.external[source] = ExternalSource(source, source[4:], "unknown")
                    self.relations.append(r)
        self.roots = set(view.roots)
        self.independent = view.independent_sources
        self.sentence = view.sentence
        self.denials = view.denials
        self.factchecks = view.factchecks
        self.waves = view.waves
        self.corrections = view.corrections
        self.languages = Languages(self.articles, self.story.languages)
        self.parents: dict[NodeId, list[RelationView]] = defaultdict(list)
        self.children: dict[NodeId, list[RelationView]] = defaultdict(list)
        for r in self.relations:
            self.parents[r.target_id].append(r)
            self.children[r.source_id].append(r)

    # -- where links go: within this page in the static report; the desk overrides these to link
    # its own pages (/articles/ID, /stories/ID) and to offer its forms

    def article_href(self, article_id: NodeId) -> str:
        """Where a link to one of the story's articles (or another article) goes."""
        return f"#article-{article_id}"

    def article_page(self, article_id: NodeId) -> str | None:
        """The article's own page, when there is one (not in the static report)."""
        return None

    def wave_href(self, wave: WaveView) -> str | None:
        return _wave_href(wave)

    def undo_action(self, correction_id: int | None) -> str | None:
        """Where a form undoing this correction posts, when the reader may undo it."""
        return None

    # -- names

    def node_label(self, node: NodeId) -> str:
        if node in self.by_id:
            return self.by_id[node].label
        ext = self.external.get(node)  # type: ignore[arg-type]
        return ext.label if ext is not None else str(node)

    @property
    def title(self) -> str:
        if self.story.title:
            return self.story.title
        if self.articles:
            return self.articles[0].title or "Untitled story"
        return "Untitled story"

    @property
    def nav(self) -> list[tuple[str, str]]:
        links = [("overview", "Overview"), ("timeline", "Timeline"), ("provenance", "Provenance")]
        if self.denials:
            links.append(("denials", "Denials"))
        links.append(("articles", "Articles"))
        return links

    def lang_marker(self, code: str | None, x: float = 0, y: float = 0, r: float = 5.5) -> Marker:
        return self.languages.marker(code, x, y, r)

    # -- overview

    @property
    def overview(self) -> dict[str, Any]:
        dates = [d for d in (to_date(a.published) for a in self.articles) if d]
        first = to_date(self.story.first_published) or (min(dates) if dates else None)
        last = to_date(self.story.last_published) or (max(dates) if dates else None)
        languages = self.story.languages or sorted({a.lang for a in self.articles if a.lang})
        outlets = self.story.outlets or sorted({a.outlet for a in self.articles if a.outlet})
        days = (last - first).days + 1 if first and last else None
        roots = sorted((r for r in self.roots if r in self.by_id or r in self.external), key=str)
        return {
            "languages": languages,
            "outlets": outlets,
            "dates": fmt_span(first, last),
            "days": plural(days, "day") if days else "publication dates unknown",
            "root_names": ", ".join(self.node_label(r) for r in roots),
        }

    @property
    def sorted_factchecks(self):
        return sorted(
            self.factchecks, key=lambda f: RATINGS.index(rating(f.rating)) if f.rating in RATINGS else 9
        )

    # -- timeline

    @property
    def undated(self) -> list[ArticleView]:
        return [a for a in self.articles if to_date(a.published) is None]

    @property
    def timeline(self) -> Timeline | None:
        dated = [(a, d) for a, d in ((a, to_date(a.published)) for a in self.articles) if d is not None]
        if not dated:
            return None
        by_outlet: dict[str, list[tuple[ArticleView, date]]] = defaultdict(list)
        for a, d in dated:
            by_outlet[a.label].append((a, d))
        order = sorted(by_outlet, key=lambda k: (min(d for _, d in by_outlet[k]), k.lower()))
        chart = TimeChart(
            min(d for _, d in dated), max(d for _, d in dated), len(order),
            left=210, top=12, row_h=30, bottom=34, max_ticks=12, day_labels_until=366, tick_lines=True,
        )  # fmt: skip
        rows, positions = [], {}
        for i, name in enumerate(order):
            y = chart.y(i)
            rows.append(TimelineRow(name, y, i % 2 == 0))
            same_day = Counter(d for _, d in by_outlet[name])
            seen: Counter[date] = Counter()
            for a, d in sorted(by_outlet[name], key=lambda ad: (ad[1], str(ad[0].id))):
                positions[a.id] = (chart.x(d) + (seen[d] - (same_day[d] - 1) / 2) * 15, y)
                seen[d] += 1
        links = []
        for r in self.relations:  # derivation links, drawn under the markers
            a, b = positions.get(r.source_id), positions.get(r.target_id)
            if a and b:
                mid = (a[0] + b[0]) / 2
                d = f"M{a[0]:.1f},{a[1]:.1f} C{mid:.1f},{a[1]:.1f} {mid:.1f},{b[1]:.1f} {b[0]:.1f},{b[1]:.1f}"
                links.append(TimelineLink(r, d))
        marks = []
        for a, d in dated:
            x, y = positions[a.id]
            tip = f"{a.label} · {fmt_date(d)} · {lang_name(a.lang)}\n{a.title or ''}"
            marks.append(TimelineMark(a, d, x, y, self.lang_marker(a.lang, x, y, 7), tip))
        used = sorted({a.lang for a in self.articles}, key=lambda c: self.languages.index.get(c or "?", 99))
        return Timeline(chart, rows, links, marks, used)

    @property
    def wave_chart(self) -> Waves | None:
        """The narrative's waves (its other stories) on one time axis, each linked to its report."""
        if len(self.waves) < 2:
            return None
        return wave_chart(self.waves, self.wave_href)

    # -- provenance graph

    @property
    def graph(self) -> Graph:
        nodes: list[NodeId] = [a for a in self.by_id if a is not None] + list(self.external)
        sort_key = {
            n: (
                (to_date(self.by_id[n].published) or date.max).isoformat() if n in self.by_id else "0000",
                str(n),
            )
            for n in nodes
        }
        positions = layered_layout(nodes, [(r.source_id, r.target_id) for r in self.relations], sort_key)
        isolated = [n for n in nodes if n not in positions and n in self.by_id]
        pad = 24
        coords: dict[NodeId, tuple[float, float]] = {
            n: (pad + col * (NODE_W + COL_GAP), pad + row * (NODE_H + ROW_GAP))
            for n, (col, row) in positions.items()
        }
        bottom = max((y for _, y in coords.values()), default=pad - NODE_H - ROW_GAP) + NODE_H
        max_cols = max(4, max((c for c, _ in positions.values()), default=0) + 1)
        band = bottom + (44 if coords else 4)
        for i, n in enumerate(isolated):
            coords[n] = (
                pad + (i % max_cols) * (NODE_W + COL_GAP),
                band + 22 + (i // max_cols) * (NODE_H + ROW_GAP),
            )
        width = max((x for x, _ in coords.values()), default=pad) + NODE_W + pad
        height = max((y for _, y in coords.values()), default=pad) + NODE_H + pad
        edges = []
        for i, r in enumerate(self.relations):
            src, dst = coords.get(r.source_id), coords.get(r.target_id)
            if src and dst:
                edges.append(GraphEdge(i, r, relation_kind(r.kind), _edge_path(src, dst), self._edge_tip(r)))
        counts = Counter(r.kind for r in self.relations)
        words = {"copy": ("copy", "copies"), "translation": ("translation", "translations"),
                 "cites": ("citation", "citations")}  # fmt: skip
        summary = ", ".join(plural(counts[k], *words[k]) for k in RELATION_KINDS if counts[k])
        types = sorted({source_type(e.source_type) for e in self.external.values()}) or [
            "outlet",
            "anonymous",
        ]
        return Graph(
            width=width,
            height=height,
            view_h=max(220, min(680, height * min(1.0, 1040 / width))),
            pad=pad,
            edges=edges,
            nodes=[self._node(n, x, y) for n, (x, y) in coords.items()],
            isolated=len(isolated),
            band=band,
            summary=summary or "No relation between these articles was found.",
            external_types=types,
        )

    def _edge_tip(self, r: RelationView) -> str:
        lines = [f"{r.kind or 'relation'}: {self.node_label(r.source_id)} → {self.node_label(r.target_id)}"]
        if r.score is not None:
            lines.append(f"score {r.score:.2f}")
        evidence = r.evidence
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
            lines.append(plural(len(passages), "aligned passage"))
        if evidence.get("credit"):
            lines.append(f"credit line: {evidence['credit']}")
        return "\n".join(lines)

    def _node(self, n: NodeId, x: float, y: float) -> GraphNode:
        root = n in self.roots
        if n in self.by_id:
            a = self.by_id[n]
            d = to_date(a.published)
            tip = [f"{a.label} · #{a.id}", a.title or "", f"{lang_name(a.lang)} · {fmt_date(d)}"]
            if a.independent_sources is not None:
                tip.append(plural(a.independent_sources, "independent source"))
            if a.origins:
                tip.append("origin: " + " → ".join(o.source or "?" for o in a.origins))
            tip.append("click to read the article")
            colour = self.languages.colour(a.lang)
            return GraphNode(
                n, x, y, root, "\n".join(tip), article=a, label=a.label, colour=colour,
                marker=self.lang_marker(a.lang, 0, 0, 4.5),
            )  # fmt: skip
        ext = self.external[n]  # type: ignore[index]
        kind = source_type(ext.source_type)
        tip = f"{ext.label}\n{SOURCE_TYPE_LABELS[kind]} source, outside the collection" + (
            f"\noutlet: {ext.outlet}" if ext.outlet else ""
        )
        return GraphNode(n, x, y, root, tip, label=ext.label, source_type=kind)

    # -- denials

    @property
    def denial_groups(self) -> list[tuple[DenialView, list[tuple[ArticleView, str]]]]:
        """The same denial travels with every copy: each denial once, with every article that
        carries it (and the anchor of the denial in it)."""
        groups: dict[tuple[str, str], list[DenialView]] = {}
        for d in self.denials:
            key = (" ".join((d.source or "").lower().split()), " ".join((d.content or "").lower().split()))
            groups.setdefault(key, []).append(d)
        out = []
        for group in groups.values():
            places = []
            for d in group:
                article = self.by_id.get(d.article_id)
                if article is not None:
                    anchor = f"d-{article.id}-{d.start}" if d.start is not None else f"article-{article.id}"
                    places.append((article, anchor))
            out.append((group[0], places))
        return out

    @property
    def denial_articles(self) -> int:
        return len({d.article_id for d in self.denials})

    # -- articles

    def highlighted(self, a: ArticleView) -> list[list[Piece]]:
        mine = [d for d in self.denials if d.article_id == a.id]
        return highlight(
            a.text,
            a.attributions,
            a.unattributed,
            [(d.start, d.end) for d in mine],
            f"d-{a.id}-",
            {d.start for d in mine if d.start is not None},
        )

    def denial_count(self, a: ArticleView) -> int:
        return sum(1 for x in a.attributions if x.stance in ("denies", "disputes"))


def _edge_path(src: tuple[float, float], dst: tuple[float, float]) -> str:
    # Same formula as edgePath() in story.js, which redraws edges while a node is dragged.
    x1, y1 = src[0] + NODE_W, src[1] + NODE_H / 2
    x2, y2 = dst[0] - 2, dst[1] + NODE_H / 2
    bend = max(40.0, abs(x2 - x1) / 2)
    return f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"


def _wave_href(wave: WaveView) -> str | None:
    if wave.current:
        return "#timeline"
    return f"story-{wave.id}.html" if wave.linked else None


def render_story(view: StoryView | Mapping[str, Any]) -> str:
    """One self-contained HTML page for a story view (or its JSON form)."""
    s = StoryPage(view)
    return _render("story.html", _asset("story.js"), s=s)


# -- index ------------------------------------------------------------------------------------------


def _count(value: Any) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, (list, tuple, set, dict)):
        return len(value)
    return 0


@dataclass
class IndexRow:
    """One story's figures on the index page."""

    id: Any
    title: str
    articles: int
    languages: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    first: date | None = None
    last: date | None = None
    independent: int | None = None
    ratings: list[str] = field(default_factory=list)
    narrative: Any = None

    @classmethod
    def of(cls, item: StoryView | Mapping[str, Any]) -> IndexRow:
        """From a story view, or a story dict (``id, title, languages, outlets,
        first_published, last_published``, ``articles`` as a count or a list, optional
        ``independent_sources`` and ``factchecks``) such as :func:`report.view.index_entry`."""
        if isinstance(item, Mapping) and isinstance(item.get("story"), Mapping):
            item = StoryView.from_dict(item)
        if isinstance(item, StoryView):
            story = item.story
            return cls(
                id=story.id,
                title=story.title or "Untitled story",
                articles=len(item.articles),
                languages=story.languages or sorted({a.lang for a in item.articles if a.lang}),
                outlets=story.outlets or sorted({a.outlet for a in item.articles if a.outlet}),
                first=to_date(story.first_published),
                last=to_date(story.last_published),
                independent=len(item.independent_sources),
                ratings=[rating(f.rating) for f in item.factchecks],
                narrative=story.narrative_id,
            )
        indep = item.get("independent_sources")
        return cls(
            id=item.get("id"),
            title=item.get("title") or "Untitled story",
            articles=_count(item.get("articles", item.get("article_count"))),
            languages=[x for x in item.get("languages") or [] if x],
            outlets=[x for x in item.get("outlets") or [] if x],
            first=to_date(item.get("first_published")),
            last=to_date(item.get("last_published")),
            independent=None if indep is None else _count(indep),
            ratings=[
                rating(f.get("rating") if isinstance(f, Mapping) else f) for f in item.get("factchecks") or []
            ],
            narrative=item.get("narrative_id"),
        )


INDEX_COLUMNS = [("#", "n"), ("Story", "s"), ("Articles", "n"), ("Languages", "n"), ("Outlets", "n"),
                 ("Independent sources", "n"), ("Published", "s"), ("Fact-checks", "s")]  # fmt: skip


def render_index(stories: Iterable[StoryView | Mapping[str, Any]]) -> str:
    """An index page ranking stories by size and spread, linking to ``story-<id>.html``."""
    rows = [IndexRow.of(x) for x in stories or [] if isinstance(x, (StoryView, Mapping))]
    rows.sort(key=lambda r: (-r.articles, -len(r.languages), -len(r.outlets), str(r.title).lower()))
    return _render(
        "index.html",
        _asset("index.js"),
        rows=rows,
        most=max((r.articles for r in rows), default=1) or 1,
        total=sum(r.articles for r in rows),
        columns=INDEX_COLUMNS,
        date_min=date.min,
    )
