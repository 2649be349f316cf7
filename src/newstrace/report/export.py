"""Exports: one JSON document, JSON lines, or CSV. The JSON shape is documented in docs/export.md."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import asdict, fields
from typing import IO, Any

from newstrace.attribution.denials import denials_by_article, reports_denial
from newstrace.model import Analysis, Article, FactCheck, Relation
from newstrace.store import Store

SCHEMA = "newstrace/1"
CSV_COLUMNS = [
    "id",
    "url",
    "outlet",
    "lang",
    "title",
    "published",
    "author",
    "site_name",
    "canonical_url",
    "version",
    "content_hash",
    "credits",
    "origins",
    "attributions",
    "reports_denial",
    "story_id",
    "narrative_id",
    "independent_source_count",
    "source_kind",
    "source_location",
    "source_record",
    "text",
]


def analysis_record(analysis: Analysis | None) -> dict[str, Any]:
    """The issue-3 fields of an exported article (empty lists when it was not analysed)."""
    if analysis is None:
        return {"attributions": [], "origins": [], "unattributed": []}
    return {
        "attributions": [
            {
                "source": a.source,
                "source_type": a.source_type,
                "outlet": a.outlet,
                "role": a.role,
                "refers_to": a.refers_to,
                "actor": a.actor,
                "unresolved": a.unresolved,
                "cue": a.cue,
                "content": a.content,
                "start": a.start,
                "end": a.end,
                "source_start": a.source_start,
                "source_end": a.source_end,
                "cue_start": a.cue_start,
                "cue_end": a.cue_end,
                "direct": a.direct,
                "stance": a.stance,
                "hedged": a.hedged,
                "overclaim": a.overclaim,
                "opinion": a.opinion,
                "answers": a.answers,
            }
            for a in analysis.attributions
        ],
        "origins": [asdict(o) for o in analysis.origins],
        "unattributed": [{"start": s, "end": e} for s, e in analysis.unattributed],
    }


def article_record(article: Article, analysis: Analysis | None = None) -> dict[str, Any]:
    return {
        "id": article.id,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "outlet": article.outlet,
        "site_name": article.site_name,
        "lang": article.lang,
        "title": article.title,
        "author": article.author,
        "published": article.published,
        "text": article.text,
        "credits": [asdict(c) for c in article.credits],
        "source": asdict(article.source),
        "version": article.version,
        "content_hash": article.content_hash,
        "ingested_at": article.ingested_at,
        **analysis_record(analysis),
        "reports_denial": reports_denial(article, analysis),
    }


def relation_record(relation: Relation) -> dict[str, Any]:
    return {
        "source_id": relation.source_id,
        "target_id": relation.target_id,
        "kind": relation.kind,
        "score": relation.score,
        "evidence": relation.evidence,
    }


def _records(store: Store, graph=None) -> Iterator[dict[str, Any]]:
    from newstrace.report.trace import load_provenance, provenance_record

    graph = graph if graph is not None else load_provenance(store)
    narrative_of = dict(store.conn.execute("SELECT id, narrative_id FROM stories").fetchall())
    denials = denials_by_article(store)  # judged against the claim of the article's story
    for article in store.articles():
        record = article_record(article, store.analysis(article.id))
        record["reports_denial"] = denials.get(article.id, record["reports_denial"])
        record.update(provenance_record(graph, article.id))
        record["story_id"] = store.story_of(article.id)
        record["narrative_id"] = narrative_of.get(record["story_id"])
        yield record


def story_records(store: Store) -> Iterator[dict[str, Any]]:
    """Each story with its roots, independent sources and denials (as in its report)."""
    from newstrace.report.view import story_view
    from newstrace.stories.store import stories

    for story in stories(store):
        view = story_view(store, story)
        yield {
            "id": story.id,
            "title": story.title,
            "titles": story.titles,
            "article_ids": story.article_ids,
            "languages": story.languages,
            "outlets": story.outlets,
            "first_published": story.first_published,
            "last_published": story.last_published,
            "roots": view.roots,
            "external": [asdict(e) for e in view.external],
            "independent_sources": [asdict(s) for s in view.independent_sources],
            "unsourced": view.unsourced,
            "lead": asdict(view.lead) if view.lead is not None else None,
            "sentence": view.sentence,
            "denials": [asdict(d) for d in view.denials],
            "narrative_id": story.narrative_id,
        }


def factcheck_records(store: Store) -> list[dict[str, Any]]:
    from newstrace.factcheck import store as fc_store

    return [asdict(f) for f in fc_store.factchecks(store)]


def match_records(store: Store) -> Iterator[dict[str, Any]]:
    from newstrace.factcheck import store as fc_store

    for m in fc_store.matches(store):
        yield {
            "story_id": m.story_id,
            "article_id": m.article_id,
            "factcheck_id": m.factcheck_id,
            "score": m.score,
            "sentence": m.sentence,
            "sentence_start": m.sentence_start,
            "sentence_end": m.sentence_end,
        }


def rejection_records(store: Store) -> list[dict[str, Any]]:
    """Inputs and articles that could not be used, with the reason and when (UTC), oldest first."""
    return [{"item": r.item, "reason": r.reason, "at": r.at} for r in store.rejections()]


def correction_records(store: Store) -> list[dict[str, Any]]:
    """Every correction an analyst made, undone ones included, oldest first."""
    from newstrace.corrections import describe, load

    return [{**asdict(c), "description": describe(c)} for c in load(store)]


def write_json(store: Store, out: IO[str]) -> int:
    """The whole collection as one object, streamed article by article to bound memory."""
    from newstrace.report.trace import load_provenance

    graph = load_provenance(store)
    out.write(f'{{"schema": "{SCHEMA}", "articles": [')
    count = 0
    for record in _records(store, graph):
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record, ensure_ascii=False))
        count += 1
    for name, records in (
        ("relations", (relation_record(r) for r in graph.relations)),
        ("stories", story_records(store)),
        ("factchecks", factcheck_records(store)),
        ("matches", match_records(store)),
        ("rejections", rejection_records(store)),
        ("corrections", correction_records(store)),
    ):
        out.write(f'\n], "{name}": [')
        for i, record in enumerate(records):
            out.write(",\n" if i else "\n")
            out.write(json.dumps(record, ensure_ascii=False))
    out.write("\n]}\n")
    return count


def write_jsonl(store: Store, out: IO[str]) -> int:
    count = 0
    for record in _records(store):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(store: Store, out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in _records(store):
        source = record.pop("source")
        record["source_kind"] = source["kind"]
        record["source_location"] = source["location"]
        record["source_record"] = source["record"]
        record["credits"] = "; ".join(f"{c['kind']}:{c['outlet'] or c['name']}" for c in record["credits"])
        record["origins"] = " > ".join(o["outlet"] or o["source"] for o in record["origins"])
        record["attributions"] = len(record["attributions"])
        writer.writerow(record)
        count += 1
    return count


def write_csv_tables(store: Store, folder) -> int:
    """articles.csv plus one table per kind of record: relations, stories, factchecks, matches,
    rejections, corrections (lists joined by ``;``, evidence as JSON)."""
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "articles.csv", "w", encoding="utf-8", newline="") as fh:
        count = write_csv(store, fh)
    from newstrace.report.trace import load_provenance

    tables = {
        "relations": (relation_record(r) for r in load_provenance(store).relations),
        "stories": story_records(store),
        "factchecks": factcheck_records(store),
        "matches": match_records(store),
        "rejections": rejection_records(store),
        "corrections": correction_records(store),
    }
    for name, records in tables.items():
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=TABLE_COLUMNS[name], extrasaction="ignore")
            writer.writeheader()  # an empty table still says what it would hold
            for record in records:
                writer.writerow({k: _cell(v) for k, v in record.items()})
    return count


TABLE_COLUMNS = {
    "relations": ["source_id", "target_id", "kind", "score", "evidence"],
    "stories": [
        "id",
        "title",
        "titles",
        "article_ids",
        "languages",
        "outlets",
        "first_published",
        "last_published",
        "roots",
        "external",
        "independent_sources",
        "denials",
        "narrative_id",
    ],
    "factchecks": [f.name for f in fields(FactCheck)],
    "matches": [
        "story_id",
        "article_id",
        "factcheck_id",
        "score",
        "sentence",
        "sentence_start",
        "sentence_end",
    ],
    "rejections": ["item", "reason", "at"],
    "corrections": [
        "id",
        "kind",
        "description",
        "targets",
        "value",
        "who",
        "note",
        "at",
        "undone_at",
        "undone_by",
    ],
}


def _cell(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return ";".join(str(v) for v in value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _graph_writer(name: str):
    def write(store: Store, out: IO[str]) -> int:
        from newstrace.report import graphs

        return getattr(graphs, name)(store, out)

    return write


WRITERS = {
    "json": write_json,
    "jsonl": write_jsonl,
    "csv": write_csv,
    "gexf": _graph_writer("write_gexf"),
    "graphml": _graph_writer("write_graphml"),
    "claimreview": _graph_writer("write_claimreview"),
}
