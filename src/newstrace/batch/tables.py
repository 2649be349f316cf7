"""The batch job's Parquet tables, as plain rows: what ``batch`` writes and ``load`` reads back.

No Spark here (the schemas are Spark types, built on demand), so the conversions between the
library's objects and the rows are tested and used without a JVM.

Every article and rejection carries ``ref``: the input file's number and the item's number in
that file, as a string that sorts in input order (``00000003:000000017``). ``load`` saves in that
order, so versions of one key and article ids come out as ``newstrace ingest`` gives them.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

import numpy as np

from newstrace.model import (
    Analysis,
    Article,
    Attribution,
    Credit,
    FactCheck,
    FactCheckMatch,
    Origin,
    Rejection,
    Relation,
    Source,
)

ARTICLES, ATTRIBUTIONS, REJECTIONS = "articles", "attributions", "rejections"
TABLES = (ARTICLES, ATTRIBUTIONS, REJECTIONS)
# the later stages (``newstrace.batch.stages``): what ``load`` saves instead of analysing again
TRACES, RELATIONS, STORIES, NARRATIVES = "traces", "relations", "stories", "narratives"
LATER_TABLES = (TRACES, RELATIONS, STORIES, NARRATIVES)
# fact-check matching (``batch --factchecks``): the fact-checks read, and their matches
FACTCHECKS, MATCHES = "factchecks", "matches"

ATTRIBUTION_FIELDS = tuple(f.name for f in fields(Attribution))
_INT_FIELDS = {"start", "end", "cue_start", "cue_end", "source_start", "source_end", "answers"}
_BOOL_FIELDS = {"direct", "hedged", "overclaim", "opinion", "unresolved"}

ARTICLE_COLUMNS = (
    # (name, type): type is one of string, long, boolean
    ("ref", "string"),
    ("key", "string"),
    ("content_hash", "string"),
    ("raw_hash", "string"),
    ("url", "string"),
    ("canonical_url", "string"),
    ("title", "string"),
    ("text", "string"),
    ("author", "string"),
    ("published", "string"),
    ("site_name", "string"),
    ("outlet", "string"),
    ("lang", "string"),
    ("source_kind", "string"),
    ("source_location", "string"),
    ("source_record", "string"),
    ("fetched_url", "string"),
    ("credits", "string"),  # JSON list of {kind, text, name, outlet}
    # the analysis, when it ran: analyzer_version is null when it failed (a rejection says why)
    ("analyzer_version", "long"),
    ("origins", "string"),  # JSON, as the store keeps it
    ("unattributed", "string"),  # JSON list of [start, end]
)
ATTRIBUTION_COLUMNS = (
    ("ref", "string"),
    ("position", "long"),
    *(
        (name, "long" if name in _INT_FIELDS else "boolean" if name in _BOOL_FIELDS else "string")
        for name in ATTRIBUTION_FIELDS
    ),
)
REJECTION_COLUMNS = (("ref", "string"), ("stage", "string"), ("item", "string"), ("reason", "string"))
# every compared article (each key's latest version): what the store's traces table keeps
TRACE_COLUMNS = (("ref", "string"), ("linker_version", "long"), ("minhash", "binary"), ("vector", "binary"))
RELATION_COLUMNS = (
    ("source_ref", "string"),
    ("target_ref", "string"),
    ("kind", "string"),
    ("score", "double"),
    ("evidence", "string"),  # JSON, as the store keeps it
)
# one row per grouped article, in the story index's row order: membership and story features
STORY_COLUMNS = (
    ("row", "long"),
    ("ref", "string"),
    ("story_id", "long"),
    ("lang", "string"),
    ("vector", "binary"),  # whole-text and lead embeddings, as story_features keeps them
    ("anchors", "string"),  # JSON, as story_features keeps it
    ("day", "long"),
    ("title", "string"),
    ("outlet", "string"),
    ("published", "string"),
)
NARRATIVE_COLUMNS = (
    ("story_id", "long"),
    ("narrative_id", "long"),
    ("title", "string"),
    ("articles", "long"),
    ("first_published", "string"),
    ("last_published", "string"),
)
FACTCHECK_FIELDS = tuple(f.name for f in fields(FactCheck))
# ids as an empty database gives them (the order `factchecks import` stores them in)
FACTCHECK_COLUMNS = tuple((name, "long" if name == "id" else "string") for name in FACTCHECK_FIELDS)
# one row per stored match, in the order `run --factchecks` stores them: every story's matches
# (story_id set), then the articles' own and lent ones (story_id null), story by story
MATCH_COLUMNS = (
    ("row", "long"),
    ("factcheck_id", "long"),  # the factchecks table's id
    ("ref", "string"),  # the article that matched
    ("story_id", "long"),
    ("score", "double"),
    ("similarity", "double"),
    ("sentence_start", "long"),
    ("sentence_end", "long"),
    ("sentence", "string"),
)
COLUMNS = {
    ARTICLES: ARTICLE_COLUMNS,
    ATTRIBUTIONS: ATTRIBUTION_COLUMNS,
    REJECTIONS: REJECTION_COLUMNS,
    TRACES: TRACE_COLUMNS,
    RELATIONS: RELATION_COLUMNS,
    STORIES: STORY_COLUMNS,
    NARRATIVES: NARRATIVE_COLUMNS,
    FACTCHECKS: FACTCHECK_COLUMNS,
    MATCHES: MATCH_COLUMNS,
}


def ref(file_no: int, item_no: int) -> str:
    return f"{file_no:08d}:{item_no:09d}"


def article_row(ref_: str, article: Article, analysis: Analysis | None, version: int | None) -> tuple:
    src = article.source
    values: dict[str, Any] = {
        "ref": ref_,
        "key": article.key,
        "content_hash": article.content_hash,
        "raw_hash": article.raw_hash,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "title": article.title,
        "text": article.text,
        "author": article.author,
        "published": article.published,
        "site_name": article.site_name,
        "outlet": article.outlet,
        "lang": article.lang,
        "source_kind": src.kind,
        "source_location": src.location,
        "source_record": src.record,
        "fetched_url": src.fetched_url,
        "credits": json.dumps(
            [{"kind": c.kind, "text": c.text, "name": c.name, "outlet": c.outlet} for c in article.credits],
            ensure_ascii=False,
        ),
        "analyzer_version": version if analysis is not None else None,
        "origins": None,
        "unattributed": None,
    }
    if analysis is not None:
        values["origins"] = json.dumps(
            [
                {"source": o.source, "source_type": o.source_type, "outlet": o.outlet, "actor": o.actor}
                for o in analysis.origins
            ],
            ensure_ascii=False,
        )
        values["unattributed"] = json.dumps([list(span) for span in analysis.unattributed])
    return tuple(values[name] for name, _ in ARTICLE_COLUMNS)


def attribution_rows(ref_: str, analysis: Analysis) -> list[tuple]:
    return [
        (ref_, position, *(getattr(a, name) for name in ATTRIBUTION_FIELDS))
        for position, a in enumerate(analysis.attributions)
    ]


def rejection_row(ref_: str, stage: str, rejection: Rejection) -> tuple:
    return (ref_, stage, rejection.item, rejection.reason)


def to_article(row: dict[str, Any]) -> Article:
    return Article(
        id=None,
        key=row["key"],
        source=Source(row["source_kind"], row["source_location"], row["source_record"], row["fetched_url"]),
        content_hash=row["content_hash"],
        raw_hash=row["raw_hash"] or "",
        title=row["title"],
        text=row["text"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        author=row["author"],
        published=row["published"],
        site_name=row["site_name"],
        outlet=row["outlet"],
        lang=row["lang"],
        credits=[Credit(**c) for c in json.loads(row["credits"] or "[]")],
    )


def to_analysis(row: dict[str, Any], attributions: list[dict[str, Any]]) -> Analysis | None:
    """The article's analysis from its row and its attribution rows (in position order); None
    when the analysis did not run or failed."""
    if row["analyzer_version"] is None:
        return None
    return Analysis(
        attributions=[Attribution(**{name: a[name] for name in ATTRIBUTION_FIELDS}) for a in attributions],
        origins=[Origin(**o) for o in json.loads(row["origins"] or "[]")],
        unattributed=[tuple(span) for span in json.loads(row["unattributed"] or "[]")],
    )


def to_rejection(row: dict[str, Any]) -> Rejection:
    return Rejection(row["item"], row["reason"])


def relation_row(relation: Relation, refs: dict[int, str]) -> tuple:
    return (
        refs[relation.source_id],
        refs[relation.target_id],
        relation.kind,
        float(relation.score),
        json.dumps(relation.evidence, ensure_ascii=False),
    )


def to_relation(row: dict[str, Any], ids: dict[str, int]) -> Relation:
    return Relation(
        ids[row["source_ref"]], ids[row["target_ref"]], row["kind"], row["score"], json.loads(row["evidence"])
    )


def story_rows(index, refs: dict[int, str]) -> list[tuple]:
    """The rows of a ``StoryIndex`` (article ids are the batch's numbers, ``refs`` their refs)."""
    from newstrace.stories.store import _anchors_json, _vector_blob

    return [
        (
            row,
            refs[f.article_id],
            index.story_of[row],
            f.lang,
            _vector_blob(f),
            _anchors_json(f),
            f.day,
            f.title,
            f.outlet,
            f.published,
        )
        for row, f in enumerate(index.rows)
    ]


def narrative_rows(index) -> list[tuple]:
    return [
        (s.id, s.narrative_id, s.title, len(s.article_ids), s.first_published, s.last_published)
        for s in index.stories()
    ]


def to_story_features(row: dict[str, Any], article_id: int):
    """The ``ArticleFeatures`` of a stories row, as ``stories.store.load_index`` reads them."""
    from newstrace.stories.features import DIM, ArticleFeatures

    stored = json.loads(row["anchors"])
    vector = np.frombuffer(bytes(row["vector"]), dtype=np.float32)
    return ArticleFeatures(
        article_id=article_id,
        lang=row["lang"],
        vector=vector[:DIM].copy(),
        anchors=frozenset(stored["anchors"]),
        day=row["day"],
        title=row["title"],
        outlet=row["outlet"],
        published=row["published"],
        lead=vector[DIM:].copy(),
        lead_anchors=frozenset(stored["lead"]),
        news=stored["news"],
        speakers=frozenset(stored.get("speakers", ())),
    )


def factcheck_row(factcheck: FactCheck) -> tuple:
    return tuple(getattr(factcheck, name) for name in FACTCHECK_FIELDS)


def to_factcheck(row: dict[str, Any]) -> FactCheck:
    return FactCheck(**{name: row[name] for name in FACTCHECK_FIELDS})


def match_row(row: int, match: FactCheckMatch, refs: dict[int, str]) -> tuple:
    """A match of the batch (article ids are the batch's numbers, ``refs`` their refs)."""
    return (
        row,
        match.factcheck_id,
        refs[match.article_id],
        match.story_id,
        float(match.score),
        float(match.similarity),
        match.sentence_start,
        match.sentence_end,
        match.sentence,
    )


def to_match(row: dict[str, Any], ids: dict[str, int], factcheck_ids: dict[int, int]) -> FactCheckMatch:
    """A matches row with the ids a database gave its article (``ids``: by ref) and fact-check
    (``factcheck_ids``: by the factchecks table's id)."""
    return FactCheckMatch(
        factcheck_id=factcheck_ids[row["factcheck_id"]],
        article_id=ids[row["ref"]],
        score=row["score"],
        sentence=row["sentence"],
        sentence_start=row["sentence_start"],
        sentence_end=row["sentence_end"],
        story_id=row["story_id"],
        similarity=row["similarity"],
    )


def spark_schema(table: str):
    """The Spark StructType of ``table`` (needs pyspark)."""
    from pyspark.sql.types import (
        BinaryType,
        BooleanType,
        DoubleType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    types = {
        "string": StringType(),
        "long": LongType(),
        "boolean": BooleanType(),
        "double": DoubleType(),
        "binary": BinaryType(),
    }
    return StructType([StructField(name, types[kind], True) for name, kind in COLUMNS[table]])
