"""What a story report shows, read from the store: the story, its articles with their
attributions, the provenance graph inside the story (with the origins outside the collection
that its roots credit), independent sources, denials and matching fact-checks.

The result is a :class:`StoryView`, a tree of small documented dataclasses that the HTML
templates (``report/templates/``), the terminal summary and the exports read. Its JSON form
(``StoryView.to_dict``, what ``newstrace report --json`` prints) has the same keys as the fields;
``StoryView.from_dict`` reads that JSON back, tolerating missing or mistyped fields, so pages can
be rendered from a saved or hand-written view."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from newstrace import corrections as _corrections
from newstrace.actors import default_actors
from newstrace.attribution import headline_stance
from newstrace.attribution.denials import (
    claim_answers,
    claim_sides,
    counts,
    reports_denial_of,
    story_claim_side,
)
from newstrace.factcheck import store as fc_store
from newstrace.model import Story
from newstrace.provenance import External
from newstrace.report.export import relation_record
from newstrace.report.trace import load_provenance, source_name
from newstrace.store import Store

NodeId = int | str  # an article id, or "ext:<key>" for a source outside the collection


# -- reading JSON back: each field keeps its value only when it has the expected type -----------


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _id(value: Any) -> NodeId | None:
    return value if isinstance(value, str) or _int(value) is not None else None


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _strs(value: Any) -> list[str]:
    return [x for x in _list(value) if isinstance(x, str) and x]


def _maps(value: Any) -> list[Mapping[str, Any]]:
    return [x for x in _list(value) if isinstance(x, Mapping)]


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


# -- the view model ------------------------------------------------------------------------------


@dataclass
class StoryInfo:
    """The story itself: its id, title, languages and outlets, and its date range."""

    id: NodeId | None = None
    title: str | None = None
    languages: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    first_published: str | None = None  # ISO date or datetime, as stored
    last_published: str | None = None
    narrative_id: NodeId | None = None

    @classmethod
    def from_dict(cls, d: Any) -> StoryInfo:
        d = _map(d)
        return cls(
            id=_id(d.get("id")),
            title=_str(d.get("title")),
            languages=_strs(d.get("languages")),
            outlets=_strs(d.get("outlets")),
            first_published=_str(d.get("first_published")),
            last_published=_str(d.get("last_published")),
            narrative_id=_id(d.get("narrative_id")),
        )


@dataclass
class AttributionView:
    """Who says what in an article: the source, its type, the reporting cue and the content,
    each with character offsets into the article text (None when not located)."""

    source: str | None = None
    source_type: str | None = None  # person, official, outlet, anonymous, social-media, document, unknown
    outlet: str | None = None
    role: str | None = None
    refers_to: str | None = None
    actor: str | None = None
    unresolved: bool = False
    cue: str | None = None
    content: str | None = None
    start: int | None = None
    end: int | None = None
    source_start: int | None = None
    source_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    direct: bool = False
    stance: str | None = "asserts"  # asserts, denies or disputes
    hedged: bool = False
    overclaim: bool = False
    opinion: bool = False
    answers: int | None = None  # index of the attribution a denial answers

    @classmethod
    def from_dict(cls, d: Any) -> AttributionView:
        d = _map(d)
        offsets = ("start", "end", "source_start", "source_end", "cue_start", "cue_end")
        flags = ("unresolved", "direct", "hedged", "overclaim", "opinion")
        texts = ("source", "source_type", "outlet", "role", "refers_to", "actor", "cue", "content", "stance")
        return cls(
            **{k: _str(d.get(k)) for k in texts},
            **{k: _int(d.get(k)) for k in offsets},
            **{k: bool(d.get(k)) for k in flags},
            answers=_int(d.get("answers")),
        )


@dataclass
class OriginView:
    """One link of an article's origin chain, outermost first."""

    source: str | None = None
    source_type: str | None = None
    outlet: str | None = None
    actor: str | None = None

    @classmethod
    def from_dict(cls, d: Any) -> OriginView:
        d = _map(d)
        return cls(**{f.name: _str(d.get(f.name)) for f in fields(cls)})


@dataclass
class TextSpan:
    """A stretch of an article's text: [start, end) in characters."""

    start: int
    end: int

    @classmethod
    def parse(cls, value: Any) -> TextSpan | None:
        if isinstance(value, Mapping):
            value = (value.get("start"), value.get("end"))
        if isinstance(value, (list, tuple)) and len(value) == 2:
            start, end = _int(value[0]), _int(value[1])
            if start is not None and end is not None:
                return cls(start, end)
        return None


@dataclass
class CorrectionMark:
    """A correction in force that touches an article: "corrected by alice on 2026-12-07"."""

    id: int | None = None
    label: str | None = None  # who and when
    description: str | None = None  # what: "moved article 5 to story 3"

    @classmethod
    def from_dict(cls, d: Any) -> CorrectionMark:
        d = _map(d)
        return cls(_int(d.get("id")), _str(d.get("label")), _str(d.get("description")))


@dataclass
class CorrectionView:
    """A correction an analyst made about this story or its articles (``newstrace correct``)."""

    id: int | None = None
    kind: str | None = None
    description: str | None = None
    who: str | None = None
    at: str | None = None
    label: str | None = None

    @classmethod
    def from_dict(cls, d: Any) -> CorrectionView:
        d = _map(d)
        return cls(
            _int(d.get("id")),
            _str(d.get("kind")),
            _str(d.get("description")),
            _str(d.get("who")),
            _str(d.get("at")),
            _str(d.get("label")),
        )


@dataclass
class ArticleView:
    """One article of the story with its analysis: attributions, origin chain, sentences that
    name no source, and how many independent sources stand behind it."""

    id: NodeId | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    site_name: str | None = None
    lang: str | None = None
    published: str | None = None
    text: str = ""
    attributions: list[AttributionView] = field(default_factory=list)
    origins: list[OriginView] = field(default_factory=list)
    unattributed: list[TextSpan] = field(default_factory=list)
    denial_report: bool = False  # its headline denies the claim
    reports_denial: bool = False  # it reports a denial of the story's claim
    independent_sources: int | None = None
    corrected: list[CorrectionMark] = field(default_factory=list)  # analysts' corrections touching it

    @property
    def label(self) -> str:
        """How the article is named in the report: its site, outlet, or number."""
        return self.site_name or self.outlet or f"Article {self.id}"

    @classmethod
    def from_dict(cls, d: Any) -> ArticleView:
        d = _map(d)
        return cls(
            id=_id(d.get("id")),
            title=_str(d.get("title")),
            url=_str(d.get("url")),
            outlet=_str(d.get("outlet")),
            site_name=_str(d.get("site_name")),
            lang=_str(d.get("lang")),
            published=_str(d.get("published")),
            text=_str(d.get("text")) or "",
            attributions=[AttributionView.from_dict(x) for x in _maps(d.get("attributions"))],
            origins=[OriginView.from_dict(x) for x in _maps(d.get("origins"))],
            unattributed=[s for s in map(TextSpan.parse, _list(d.get("unattributed"))) if s],
            denial_report=bool(d.get("denial_report")),
            reports_denial=bool(d.get("reports_denial")),
            independent_sources=_int(d.get("independent_sources")),
            corrected=[CorrectionMark.from_dict(x) for x in _maps(d.get("corrected"))],
        )


@dataclass
class RelationView:
    """An edge of the provenance graph: ``target_id`` copies, translates or cites ``source_id``."""

    source_id: NodeId
    target_id: NodeId
    kind: str | None = None  # copy, translation or cites
    score: float | None = None
    evidence: dict[str, Any] = field(default_factory=dict)  # shares, passages, credit line
    corrected: str | None = None  # an analyst confirmed it: who and when

    @classmethod
    def from_dict(cls, d: Any) -> RelationView | None:
        d = _map(d)
        source, target = _id(d.get("source_id")), _id(d.get("target_id"))
        if source is None or target is None:
            return None
        return cls(
            source,
            target,
            _str(d.get("kind")),
            _num(d.get("score")),
            dict(_map(d.get("evidence"))),
            _str(d.get("corrected")),
        )


@dataclass
class ExternalSource:
    """A source outside the collection that an article (or another outside source) credits."""

    id: str  # "ext:<key>"
    label: str
    source_type: str | None = None
    outlet: str | None = None

    @classmethod
    def from_dict(cls, d: Any) -> ExternalSource | None:
        d = _map(d)
        node = _str(d.get("id"))
        if not node:
            return None
        label = _str(d.get("label")) or node
        return cls(node, label, _str(d.get("source_type")), _str(d.get("outlet")))


@dataclass
class SourceView:
    """An independent source behind the story's claim."""

    source: str | None = None  # as written in the articles
    source_type: str | None = None
    outlet: str | None = None
    via: str | None = None
    actor: str | None = None
    name: str | None = None  # as shown: the actor's name in the report's language, when known

    @property
    def shown(self) -> str:
        return self.name or self.source or "unnamed source"

    @classmethod
    def from_dict(cls, d: Any) -> SourceView:
        d = _map(d)
        return cls(**{f.name: _str(d.get(f.name)) for f in fields(cls)})


@dataclass
class Lead:
    """Where the story starts: its earliest report and the source behind it (or its outlet,
    ``unsourced``, when it names none)."""

    article_id: NodeId | None
    date: str | None
    source: str
    unsourced: bool = False

    @classmethod
    def from_dict(cls, d: Any) -> Lead | None:
        d = _map(d)
        if not _str(d.get("source")):
            return None
        return cls(_id(d.get("article_id")), _str(d.get("date")), d["source"], bool(d.get("unsourced")))


@dataclass
class DenialView:
    """A denial that stands against the story's claim, where it is in which article."""

    article_id: NodeId | None = None
    source: str | None = None
    content: str | None = None
    start: int | None = None
    end: int | None = None

    @classmethod
    def from_dict(cls, d: Any) -> DenialView:
        d = _map(d)
        return cls(
            _id(d.get("article_id")),
            _str(d.get("source")),
            _str(d.get("content")),
            _int(d.get("start")),
            _int(d.get("end")),
        )


@dataclass
class FactCheckView:
    """A published fact-check matched to an article of the story."""

    id: NodeId | None = None
    claim: str | None = None
    verdict: str | None = None
    rating: str | None = None  # false, misleading, mixed, unproven, true
    publisher: str | None = None
    url: str | None = None
    date: str | None = None
    lang: str | None = None
    score: float | None = None
    article_id: NodeId | None = None
    sentence: str | None = None  # the article's sentence that makes the checked claim

    @classmethod
    def from_dict(cls, d: Any) -> FactCheckView:
        d = _map(d)
        texts = ("claim", "verdict", "rating", "publisher", "url", "date", "lang", "sentence")
        return cls(
            id=_id(d.get("id")),
            score=_num(d.get("score")),
            article_id=_id(d.get("article_id")),
            **{k: _str(d.get(k)) for k in texts},
        )


@dataclass
class WaveView:
    """One story of the story's narrative (``current`` for the story itself)."""

    id: NodeId | None = None
    title: str | None = None
    first_published: str | None = None
    last_published: str | None = None
    articles: int = 0
    published: list[str] = field(default_factory=list)  # its articles' publication dates
    current: bool = False
    linked: bool = True  # False: too small for a page of its own, so not linked

    @classmethod
    def from_dict(cls, d: Any) -> WaveView:
        d = _map(d)
        return cls(
            id=_id(d.get("id")),
            title=_str(d.get("title")),
            first_published=_str(d.get("first_published")),
            last_published=_str(d.get("last_published")),
            articles=_int(d.get("articles")) or 0,
            published=_strs(d.get("published")),
            current=bool(d.get("current")),
            linked=bool(d.get("linked", True)),
        )


@dataclass
class StoryView:
    """Everything a story report shows. ``relations`` is the derivation tree inside the story
    (each article's parent) plus the citations of outside sources (``external``) that its roots
    credit; ``roots`` are the nodes the claim starts from."""

    story: StoryInfo = field(default_factory=StoryInfo)
    articles: list[ArticleView] = field(default_factory=list)
    relations: list[RelationView] = field(default_factory=list)
    external: list[ExternalSource] = field(default_factory=list)
    roots: list[NodeId] = field(default_factory=list)
    independent_sources: list[SourceView] = field(default_factory=list)
    unsourced: list[NodeId] = field(default_factory=list)  # roots that name no source
    lead: Lead | None = None
    sentence: str | None = None  # the lead sentence an analyst reads first
    denials: list[DenialView] = field(default_factory=list)
    factchecks: list[FactCheckView] = field(default_factory=list)
    waves: list[WaveView] = field(default_factory=list)
    corrections: list[CorrectionView] = field(default_factory=list)  # analysts' corrections in force

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``newstrace report --json``)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Any) -> StoryView:
        """A view from its JSON form; missing or mistyped fields become empty."""
        d = _map(d)
        return cls(
            story=StoryInfo.from_dict(d.get("story")),
            articles=[ArticleView.from_dict(x) for x in _maps(d.get("articles"))],
            relations=[r for r in map(RelationView.from_dict, _maps(d.get("relations"))) if r],
            external=[e for e in map(ExternalSource.from_dict, _maps(d.get("external"))) if e],
            roots=[r for r in map(_id, _list(d.get("roots"))) if r is not None],
            independent_sources=[SourceView.from_dict(x) for x in _maps(d.get("independent_sources"))],
            unsourced=[r for r in map(_id, _list(d.get("unsourced"))) if r is not None],
            lead=Lead.from_dict(d.get("lead")),
            sentence=_str(d.get("sentence")),
            denials=[DenialView.from_dict(x) for x in _maps(d.get("denials"))],
            factchecks=[FactCheckView.from_dict(x) for x in _maps(d.get("factchecks"))],
            waves=[WaveView.from_dict(x) for x in _maps(d.get("waves"))],
            corrections=[CorrectionView.from_dict(x) for x in _maps(d.get("corrections"))],
        )


# -- building the view from the store ------------------------------------------------------------


def _article_view(article, analysis) -> ArticleView:
    return ArticleView(
        id=article.id,
        title=article.title,
        url=article.url,
        outlet=article.outlet,
        site_name=article.site_name,
        lang=article.lang,
        published=article.published,
        text=article.text or "",
        attributions=[
            AttributionView(**{f.name: getattr(a, f.name) for f in fields(AttributionView)})
            for a in (analysis.attributions if analysis is not None else [])
        ],
        origins=[OriginView(**asdict(o)) for o in (analysis.origins if analysis is not None else [])],
        unattributed=[TextSpan(s, e) for s, e in (analysis.unattributed if analysis is not None else [])],
    )


def story_view(store: Store, story: Story, lang: str = "en") -> StoryView:
    """``lang``: the language actor names are shown in, where the actor registry has them."""
    members = set(story.article_ids)
    actors = default_actors()
    graph = load_provenance(store, around=members, upward=True)
    externals: dict[str, ExternalSource] = {}
    # the derivation tree inside the story (each article's parent), not every pairwise relation:
    # twelve copies of one text are all related, but the reader wants to see who took from whom
    relations: list[RelationView] = []
    for article_id in story.article_ids:
        parent = graph.parent(article_id) if article_id in graph.nodes else None
        if parent is not None and parent.source_id in members:
            relations.append(RelationView(**relation_record(parent)))
    # inside the story, an article whose parent lies outside it is a root of the story's tree
    parents = {r.target_id for r in relations}
    roots: list[NodeId] = []
    articles: list[ArticleView] = []
    denials: list[DenialView] = []
    story_members = [
        (a, store.analysis(a.id)) for a in (store.get(i) for i in story.article_ids) if a is not None
    ]
    story_claim = story_claim_side(story_members)
    claim_is_answer = claim_answers(story_members, story_claim)
    for article_id in story.article_ids:
        article = store.get(article_id)
        if article is None:
            continue
        analysis = store.analysis(article_id)
        view = _article_view(article, analysis)
        view.denial_report = headline_stance(article.title, article.lang) != "asserts"
        view.reports_denial = reports_denial_of(article, analysis, story_claim, answers=claim_is_answer)
        # the denials that stand against the article's main claim (not its author denying the
        # other side's version, which is the claim itself)
        claim = claim_sides(article, analysis, actors) if analysis is not None else set()
        denials += [
            DenialView(article.id, att.source, att.content, att.start, att.end)
            for att in (analysis.attributions if analysis is not None else [])
            if counts(att, claim, actors)
        ]
        if article_id not in parents:
            chain = graph.externals(article_id) if article_id in graph.nodes else []
            target: NodeId = article_id
            for ext in chain:  # outermost first: the article cites rt, which cites sana, which …
                node = _external(externals, ext)
                relations.append(RelationView(node, target, "cites", 1.0, {"credit": ext.label}))
                target = node
            if not view.denial_report:
                roots.append(target)
        sources = graph.independent_sources([article_id]) if article_id in graph.nodes else []
        view.independent_sources = len(sources)
        articles.append(view)
    factchecks = []
    for match in fc_store.matches(store, story_id=story.id):
        fc = fc_store.get_factcheck(store, match.factcheck_id)
        if fc is not None:
            factchecks.append(
                FactCheckView(
                    id=fc.id,
                    claim=fc.claim,
                    verdict=fc.verdict,
                    rating=fc.rating,
                    publisher=fc.publisher,
                    url=fc.url,
                    date=fc.date,
                    lang=fc.lang,
                    score=match.score,
                    article_id=match.article_id,
                    sentence=match.sentence,
                )
            )
    # the sources behind the story's claim: reports whose headline is a denial stand against it
    # (their sources are listed with the denials)
    behind = [a.id for a in articles if a.id in graph.nodes and not a.denial_report]
    independent = graph.independent_sources(behind)
    sources = [SourceView(**s.record(), name=source_name(s, lang)) for s in independent]
    unsourced = graph.unsourced(behind)
    lead = _lead(graph, articles, behind, lang)
    relations = _dedupe(relations)
    corrected = correction_marks(store, story.id, story.article_ids, articles, relations)
    return StoryView(
        story=StoryInfo(
            id=story.id,
            title=story.title,
            languages=story.languages,
            outlets=story.outlets,
            first_published=story.first_published,
            last_published=story.last_published,
            narrative_id=story.narrative_id,
        ),
        articles=articles,
        relations=relations,
        external=list(externals.values()),
        roots=list(dict.fromkeys(roots)),
        independent_sources=sources,
        unsourced=unsourced,
        lead=lead,
        sentence=lead_sentence(lead, sources, unsourced),
        denials=denials,
        factchecks=factchecks,
        waves=narrative_waves(store, story),
        corrections=corrected,
    )


def correction_marks(
    store: Store,
    story_id: int,
    article_ids: list[int],
    articles: list[ArticleView],
    relations: list[RelationView],
) -> list[CorrectionView]:
    """The corrections in force about this story or its articles; every article they touch gets
    them in ``corrected`` ("corrected by alice on 2026-12-07", "moved article 5 to story 3"), and a
    relation an analyst confirmed gets ``corrected`` (who and when) too."""
    found = _corrections.touching(store, article_ids=article_ids, story_id=story_id)
    for a in articles:
        a.corrected = [
            CorrectionMark(c.id, c.label, _corrections.describe(c))
            for c in found
            if a.id in _corrections.articles_of(c)
        ]
    confirmed = {
        (c.targets["source"], c.targets["target"], c.targets["relation"]): c
        for c in found
        if c.kind == "confirm-relation"
    }
    for r in relations:
        c = confirmed.get((r.source_id, r.target_id, r.kind))
        if c is not None:
            r.corrected = c.label
    return [CorrectionView(c.id, c.kind, _corrections.describe(c), c.who, c.at, c.label) for c in found]


def narrative_waves(store: Store, story: Story) -> list[WaveView]:
    """Every story of the story's narrative (its waves, this one included, flagged ``current``),
    earliest first: id, title, dates and the publication dates of its articles."""
    rows = store.conn.execute(
        "SELECT s.id, s.title, s.first_published, s.last_published, a.published FROM stories s"
        " JOIN story_articles m ON m.story_id = s.id JOIN articles a ON a.id = m.article_id"
        " WHERE s.narrative_id = ? ORDER BY s.id, a.published",
        (story.narrative_id,),
    ).fetchall()
    waves: dict[int, WaveView] = {}
    for r in rows:
        wave = waves.setdefault(r[0], WaveView(r[0], r[1], r[2], r[3], current=r[0] == story.id))
        wave.articles += 1
        if r[4]:
            wave.published.append(r[4])
    return sorted(waves.values(), key=lambda w: (w.first_published is None, w.first_published or "", w.id))


def _lead(graph, articles: list[ArticleView], behind: list[int], lang: str) -> Lead | None:
    """Where the story starts: the earliest report of its claim (undated ones last) and the
    source behind it, or its outlet when it names none."""
    dated = sorted((a for a in articles if a.id in behind), key=lambda a: (a.published or "9999", a.id))
    if not dated:
        return None
    first = dated[0]
    found = graph.independent_sources([first.id])
    if found:
        return Lead(first.id, first.published, source_name(found[0], lang))
    return Lead(first.id, first.published, first.outlet or f"article {first.id}", unsourced=True)


def lead_sentence(lead: Lead | None, sources: list[SourceView], unsourced: list[NodeId]) -> str:
    """ "The story starts with the Russian Defence Ministry on 2022-04-03; 2 independent sources:
    …" — what an analyst reads first."""
    if lead is None:
        return "No report in this story asserts its claim."
    start = lead.source + (" (which names no source)" if lead.unsourced else "")
    when = f" on {lead.date}" if lead.date else " (undated)"
    n = len(sources)
    names = "; ".join(s.shown for s in sources)
    text = f"The story starts with {start}{when}; {n} independent source{'' if n == 1 else 's'}"
    text += f": {names}." if n else "."
    if unsourced:
        k = len(unsourced)
        text += f" {k} report{'' if k == 1 else 's'} at the root of {'its' if k == 1 else 'their'} tree name{'s' if k == 1 else ''} no source (unsourced)."
    return text


def _external(externals: dict[str, ExternalSource], ext: External) -> str:
    node = "ext:" + ext.key
    externals.setdefault(node, ExternalSource(node, ext.label, ext.source_type, ext.outlet))
    return node


def _dedupe(relations: list[RelationView]) -> list[RelationView]:
    seen, kept = set(), []
    for r in relations:
        key = (r.source_id, r.target_id, r.kind)
        if key not in seen:
            seen.add(key)
            kept.append(r)
    return kept


def index_entry(view: StoryView) -> dict[str, Any]:
    """One row of the index page (and of `newstrace run`'s list): the story's fields with its
    article count, independent sources and fact-checks."""
    return {
        **asdict(view.story),
        "articles": len(view.articles),
        "independent_sources": [asdict(s) for s in view.independent_sources],
        "factchecks": [asdict(f) for f in view.factchecks],
    }
