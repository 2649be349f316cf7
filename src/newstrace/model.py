"""The core types every stage reads and annotates. No I/O here.

An ``Article`` is the unit of everything: ingest fills where it came from, extraction fills
its text and metadata, later stages add spans (attributions, aligned passages) that point
into ``Article.text`` by character offsets.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

CreditKind = Literal["republished", "translated", "agency", "source-link"]
CREDIT_KINDS: tuple[str, ...] = ("republished", "translated", "agency", "source-link")


@dataclass(slots=True)
class Source:
    """Where a raw document came from: enough to find it again."""

    kind: str  # file | url | warc | jsonl | feed
    location: str  # absolute path or URL
    record: str | None = None  # WARC-Record-ID, JSONL line number, feed entry id
    fetched_url: str | None = None  # the URL a page was retrieved from (WARC target, web fetch)

    def key(self) -> str:
        """Identity of the container position, used when a document has no URL."""
        return self.location if self.record is None else f"{self.location}#{self.record}"


@dataclass(slots=True)
class RawDocument:
    """One document as read from its source, before extraction.

    Exactly one of ``html`` and ``text`` is set. ``meta`` holds fields a structured source
    already gave (JSON records, feeds): url, title, published, outlet, lang, author.
    """

    source: Source
    html: str | None = None
    text: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    raw_hash: str = ""  # hash of the bytes as read; lets a rerun skip unchanged input cheaply


@dataclass(slots=True)
class Credit:
    """A credit line ("Sputnik", "Avec AFP", "Traduction SLT") turned into data."""

    kind: str  # one of CREDIT_KINDS
    text: str  # the line as written
    outlet: str | None = None  # outlet id when the name resolves in the registry
    name: str | None = None  # the credited name or URL as written


def publication_day(published: str | None) -> int | None:
    """An ISO publication date as a day number (date ordinal), None when missing or unreadable:
    what stages compare when they ask how far apart two articles appeared."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


@dataclass(slots=True)
class Article:
    id: int | None
    key: str  # URL when known, else the source key; versions share a key
    source: Source
    content_hash: str
    title: str
    text: str
    url: str | None = None
    canonical_url: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None
    site_name: str | None = None
    outlet: str | None = None  # outlet id (registry) or the bare domain when unknown
    lang: str | None = None
    credits: list[Credit] = field(default_factory=list)
    version: int = 1
    raw_hash: str = ""
    ingested_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Rejection:
    """An input item that could not become an article, and why (shown to the user)."""

    item: str
    reason: str
    at: str | None = field(default=None, compare=False)  # when it was stored (UTC), once stored

    def __str__(self) -> str:
        return f"{self.item}: {self.reason}"


SOURCE_TYPES: tuple[str, ...] = ("person", "official", "outlet", "anonymous", "social-media", "document")
STANCES: tuple[str, ...] = ("asserts", "denies", "disputes")


@dataclass(slots=True)
class Attribution:
    """Who says what in an article: a source, a cue, a content, all as offsets into the text.

    ``start``/``end`` delimit the content; ``source_start``/``source_end`` and
    ``cue_start``/``cue_end`` the other two parts. ``source`` is None for agentless reports
    ("it was reported that", "сообщается").
    """

    source: str | None
    source_type: str  # one of SOURCE_TYPES
    cue: str
    content: str
    start: int
    end: int
    cue_start: int
    cue_end: int
    source_start: int | None = None
    source_end: int | None = None
    direct: bool = False
    stance: str = "asserts"  # one of STANCES
    hedged: bool = False
    overclaim: bool = False
    opinion: bool = False  # "estime", "believes": a judgement, not a report of fact
    outlet: str | None = None  # registry id: the source itself, or the outlet it spoke to
    role: str | None = None
    refers_to: str | None = None  # the fuller earlier mention a pronoun or short name stands for
    answers: int | None = None  # index of the attribution a denial answers
    # who the source is: an actor registry id ("ru-mod", "person-zakharova"), or "name:<key>" for
    # a named person the registry does not know (the key is the same in every script); None for
    # outlets (see ``outlet``), anonymous sources and unresolved ones
    actor: str | None = None
    # the source span names no one an analyst could sign for: a pronoun or a fragment ("he",
    # "laquelle", "Según", "revealed X") not tied to a named speaker, or a span that is none of an
    # actor, an outlet, a described anonymous source or a name ("the statement", "сообщении"); it
    # is no one's word and never an origin (attribution.actors.accept_sources)
    unresolved: bool = False


@dataclass(slots=True)
class Origin:
    """One link of an article's origin chain, outermost first: sputnik -> an anonymous source."""

    source: str
    source_type: str
    outlet: str | None = None
    actor: str | None = None  # the body the speaker speaks for (ru-mod for Konashenkov), or "name:<key>"


@dataclass(slots=True)
class Analysis:
    attributions: list[Attribution] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)
    unattributed: list[tuple[int, int]] = field(default_factory=list)


RELATION_KINDS: tuple[str, ...] = ("copy", "translation", "cites")


@dataclass(slots=True)
class Relation:
    """``target`` derives from ``source``: copies its text, translates it, or cites it.

    ``evidence`` says why: aligned passages (character offsets in both texts), the shares of
    each text they cover, the credit line or attribution naming the source, and what decided
    the direction (a credit, the publication dates, containment, or only the order of arrival).
    """

    source_id: int
    target_id: int
    kind: str  # one of RELATION_KINDS
    score: float
    evidence: dict[str, Any] = field(default_factory=dict)


# The normalised ratings; ``FactCheck.verdict`` keeps the publisher's own words.
RATINGS: tuple[str, ...] = ("false", "misleading", "mixed", "true", "unproven", "satire")


@dataclass(slots=True)
class FactCheck:
    """One reviewed claim: what was claimed, who checked it, and what they concluded."""

    id: int | None
    claim: str
    verdict: str  # as the publisher wrote it ("Faux", "Pants on Fire", "1/5")
    url: str  # the fact-check article
    rating: str | None = None  # one of RATINGS when the verdict could be read, else None
    publisher: str | None = None
    date: str | None = None  # ISO date (YYYY-MM-DD) of the review
    lang: str | None = None  # language of the claim as stated (ISO 639-1)
    title: str | None = None
    summary: str | None = None
    claimant: str | None = None  # who made the claim, when the fact-checker says
    claim_date: str | None = None
    source: str | None = None  # where it was read: "file.json item 2", "sheet.csv line 5"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class FactCheckMatch:
    """A fact-check that verifies something an article (or story) says.

    ``sentence_start``/``sentence_end`` are offsets into ``Article.text`` of the sentence that
    carries the claim; both are None when the headline matched (``sentence`` is then the title).
    """

    factcheck_id: int | None  # None only when matching fact-checks that are not stored
    article_id: int | None
    score: float  # 0..1, calibrated: THRESHOLD in factcheck.match is where a match is reported
    sentence: str
    sentence_start: int | None = None
    sentence_end: int | None = None
    story_id: int | None = None
    similarity: float = 0.0  # cosine of the sentence and claim embeddings, for display


@dataclass(slots=True)
class Story:
    """Articles that report one claim or one event wave, across languages and outlets.

    ``title`` is the title of the medoid (the article closest to all others), ``titles`` one
    title per language (the medoid of that language). ``narrative_id`` is shared by stories that
    retell the same claim in other waves; it is the smallest story id of the narrative.
    """

    id: int
    title: str
    article_ids: list[int]
    narrative_id: int
    titles: dict[str, str] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    first_published: str | None = None
    last_published: str | None = None


@dataclass(slots=True)
class Assignment:
    """Where one article of a batch went: ``status`` is ``new`` (it started a story), ``joined``
    (an existing story) or ``known`` (it was indexed before). ``merged`` lists story ids that this
    batch folded into ``story_id``."""

    article_id: int
    story_id: int
    status: str
    merged: list[int] = field(default_factory=list)


CORRECTION_KINDS: tuple[str, ...] = (
    "reject-relation",
    "confirm-relation",
    "merge-stories",
    "move-article",
    "set-attribution",
    "reject-match",
)


@dataclass(slots=True)
class Correction:
    """What an analyst changed in the engine's findings, by whom and when (``corrections``).

    ``targets`` names what was corrected by id (``{"source": 3, "target": 5, "relation":
    "translation"}``, ``{"story": 4, "into": 2}``, ...); ``value`` holds what was set and the
    anchors used to find the same item again after re-analysis. An undone correction keeps its
    row, with ``undone_at`` and ``undone_by`` set.
    """

    id: int
    kind: str  # one of CORRECTION_KINDS
    targets: dict[str, Any]
    value: dict[str, Any]
    who: str
    at: str
    note: str | None = None
    undone_at: str | None = None
    undone_by: str | None = None

    @property
    def active(self) -> bool:
        return self.undone_at is None

    @property
    def label(self) -> str:
        """ "corrected by alice on 2026-12-07" (what a page shows next to the item)."""
        return f"corrected by {self.who} on {self.at[:10]}"
