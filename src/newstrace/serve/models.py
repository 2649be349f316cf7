"""The API's response models: what ``/openapi.json`` documents and every response is checked
against. Field names are the export's (docs/export.md); ids are the database's, stable across
restarts and re-analysis (an article's id names one version of it)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ErrorOut(BaseModel):
    error: str = Field(description="What is wrong and what to do, in one sentence.")
    detail: list[dict[str, Any]] | None = Field(None, description="Each invalid parameter (422 only).")


class Health(BaseModel):
    status: Literal["ok"]
    articles: int
    schema_version: int


class ArticleSummary(BaseModel):
    id: int
    title: str
    url: str | None
    outlet: str | None
    lang: str | None
    published: str | None
    story_id: int | None
    narrative_id: int | None


class ArticleList(BaseModel):
    articles: list[ArticleSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last.")


class CreditOut(BaseModel):
    kind: str
    text: str
    outlet: str | None = None
    name: str | None = None


class AttributionOut(BaseModel):
    source: str | None
    source_type: str
    outlet: str | None
    role: str | None
    refers_to: str | None
    actor: str | None
    unresolved: bool
    cue: str
    content: str
    start: int
    end: int
    source_start: int | None
    source_end: int | None
    cue_start: int
    cue_end: int
    direct: bool
    stance: str
    hedged: bool
    overclaim: bool
    opinion: bool
    answers: int | None


class OriginOut(BaseModel):
    source: str
    source_type: str
    outlet: str | None = None
    actor: str | None = None


class RelationOut(BaseModel):
    source_id: int
    target_id: int
    kind: str
    score: float
    evidence: dict[str, Any]


class MatchOut(BaseModel):
    factcheck_id: int | None
    article_id: int | None
    story_id: int | None
    score: float
    similarity: float
    sentence: str
    sentence_start: int | None
    sentence_end: int | None


class ArticleOut(BaseModel):
    id: int
    url: str | None
    canonical_url: str | None
    outlet: str | None
    site_name: str | None
    lang: str | None
    title: str
    author: str | None
    published: str | None
    text: str
    version: int
    content_hash: str
    ingested_at: str | None
    source: dict[str, Any]
    credits: list[CreditOut]
    analysed: bool
    attributions: list[AttributionOut]
    origins: list[OriginOut]
    unattributed: list[dict[str, int]]
    reports_denial: str | None = Field(description='"yes" when the article reports a denial, else null.')
    story_id: int | None
    narrative_id: int | None
    roots: list[dict[str, Any]]
    origin: str | None
    independent_sources: list[dict[str, Any]]
    independent_source_count: int
    unsourced: bool
    derives_from: list[RelationOut] = Field(description="Relations whose target is this article.")
    derived: list[RelationOut] = Field(description="Relations whose source is this article.")
    matches: list[MatchOut]


class StoryOut(BaseModel):
    id: int
    title: str
    narrative_id: int
    article_ids: list[int]
    languages: list[str]
    outlets: list[str]
    first_published: str | None
    last_published: str | None


class StoryList(BaseModel):
    stories: list[StoryOut]
    total: int
    next_offset: int | None


class GraphNode(BaseModel):
    id: str = Field(
        description="`article:ID` for an article, `ext:KEY` for a credited source outside the collection."
    )
    kind: Literal["article", "external"]
    article_id: int | None = None
    label: str
    outlet: str | None = None
    lang: str | None = None
    published: str | None = None
    source_type: str | None = None


class GraphEdge(BaseModel):
    source: str
    target: str
    kind: str
    score: float
    evidence: dict[str, Any]


class ProvenanceGraph(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    roots: list[str]


class StoryDetailOut(StoryOut):
    graph: ProvenanceGraph = Field(description="Who took from whom inside the story (each article's parent).")
    independent_sources: list[dict[str, Any]]
    sentence: str | None
    denials: list[dict[str, Any]]
    factchecks: list[dict[str, Any]]
    waves: list[dict[str, Any]]


class WaveOut(BaseModel):
    story_id: int
    title: str
    first_published: str | None
    last_published: str | None
    articles: int


class NarrativeOut(BaseModel):
    id: int
    story_ids: list[int]
    waves: list[WaveOut]


class NarrativeSummary(BaseModel):
    id: int = Field(description="The smallest story id of the narrative.")
    story_ids: list[int]
    first_published: str | None
    last_published: str | None


class NarrativeList(BaseModel):
    narratives: list[NarrativeSummary]


class CountOut(BaseModel):
    id: str
    articles: int


class OutletList(BaseModel):
    outlets: list[CountOut]


class OutletOut(BaseModel):
    id: str
    name: str
    articles: int
    languages: dict[str, int]
    story_ids: list[int]
    takes_from: dict[str, dict[str, int]]
    taken_by: dict[str, dict[str, int]]
    derived: int
    credited: int
    claims: int
    sources: dict[str, int]
    unsourced_sentences: int


class ActorList(BaseModel):
    actors: list[CountOut]


class QuoteOut(BaseModel):
    article_id: int
    story_id: int | None
    lang: str | None
    outlet: str | None
    published: str | None
    stance: str
    cue: str
    content: str
    actor: str


class ActorOut(BaseModel):
    id: str
    name: str
    quotes: list[QuoteOut]
    story_ids: list[int]
    languages: dict[str, int]


class FactCheckOut(BaseModel):
    id: int | None
    claim: str
    verdict: str
    url: str
    rating: str | None
    publisher: str | None
    date: str | None
    lang: str | None
    title: str | None
    summary: str | None
    claimant: str | None
    claim_date: str | None


class FactCheckList(BaseModel):
    factchecks: list[FactCheckOut]


class MatchList(BaseModel):
    matches: list[MatchOut]


class SearchHitOut(BaseModel):
    article_id: int
    title: str
    outlet: str | None
    lang: str | None
    published: str | None
    url: str | None
    story_id: int | None
    narrative_id: int | None
    snippet: str
    marks: list[tuple[int, int]] = Field(description="Matched spans in `snippet` (start, end).")


class FacetValue(BaseModel):
    value: str | int
    count: int


class SearchOut(BaseModel):
    query: str
    total: int
    hits: list[SearchHitOut]
    facets: dict[str, list[FacetValue]]
    facets_exact: bool = Field(
        description="False when the query has more hits than the facets count exactly: the counts are"
        " then estimated from a fixed sample of the hits. `total` is always exact."
    )
    next_offset: int | None


class JobOut(BaseModel):
    """An ingest job, kept across restarts; one a server left unfinished when it stopped is
    ``interrupted`` (the articles it had stored stay)."""

    id: str
    who: str | None
    status: Literal["queued", "running", "done", "failed", "interrupted"]
    stage: str | None
    done: int
    total: int | None
    detail: str
    inputs: list[str]
    new: int
    rejected: list[dict[str, str | None]]
    rejected_count: int
    error: str | None
    created_at: str
    finished_at: str | None
    seen_at: str | None = Field(None, description="When its server last wrote its progress.")


# -- corrections ------------------------------------------------------------------------------------
# the request bodies live here too, so that /openapi.json documents what a client may send
_MAX_ID = 2**63 - 1  # SQLite's largest integer


class CorrectionTargets(BaseModel):
    """What is corrected, by id; which fields a kind needs is in the kind's description."""

    model_config = ConfigDict(extra="forbid")

    source: int | None = Field(None, ge=1, le=_MAX_ID, strict=True, description="Article derived from.")
    target: int | None = Field(None, ge=1, le=_MAX_ID, strict=True, description="Article that derives.")
    relation: str | None = Field(None, max_length=40, description="copy, translation or cites.")
    story: int | None = Field(None, ge=1, le=_MAX_ID, strict=True)
    into: int | None = Field(None, ge=1, le=_MAX_ID, strict=True, description="Story merged into.")
    article: int | None = Field(None, ge=1, le=_MAX_ID, strict=True)
    attribution: int | None = Field(
        None, ge=0, le=_MAX_ID, strict=True, description="Position in the article's attributions, from 0."
    )
    factcheck: int | None = Field(None, ge=1, le=_MAX_ID, strict=True)


class CorrectionValue(BaseModel):
    """What an attribution is set to (set-attribution only)."""

    model_config = ConfigDict(extra="forbid")

    source_text: str | None = Field(None, max_length=500)
    actor: str | None = Field(None, max_length=300)
    source_type: str | None = Field(None, max_length=40)


class CorrectionIn(BaseModel):
    """One correction. The kinds and what each needs:
    reject-relation / confirm-relation: targets source, target, relation (target derives from
    source); merge-stories: story, into; move-article: article, story; set-attribution: article,
    attribution and a value (source_text, actor and/or source_type); reject-match: factcheck,
    article."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal[
        "reject-relation",
        "confirm-relation",
        "merge-stories",
        "move-article",
        "set-attribution",
        "reject-match",
    ]
    targets: CorrectionTargets
    value: CorrectionValue | None = None
    note: str | None = Field(None, max_length=2000, description="Why (kept with the correction).")
    who: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        description='Who makes it, on a desk without accounts (default "anonymous"); with accounts '
        "it is the token's user.",
    )


class UndoIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    who: str | None = Field(None, min_length=1, max_length=100, description="As for a correction.")


class CorrectionOut(BaseModel):
    id: int
    kind: str
    description: str = Field(description='What it does, in one line ("merged story 4 into story 2").')
    targets: dict[str, Any]
    value: dict[str, Any] = Field(description="What was set, the engine's answer, and anchors.")
    who: str
    at: str
    note: str | None
    active: bool
    undone_at: str | None
    undone_by: str | None


class CorrectionList(BaseModel):
    corrections: list[CorrectionOut]
