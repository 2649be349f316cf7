"""Stories in the newstrace database (migration 007): read and write a ``StoryIndex``.

Each article's embeddings and anchors are stored once (``story_features``), so a later batch
reloads the index without embedding earlier articles again. Writing is one transaction.
``vector`` holds the whole-text and the lead embeddings (2 × 512 float32); ``anchors`` is a JSON
object ``{"v": N, "anchors": [...], "lead": [...], "news": day, "speakers": [...]}`` (``features.ANCHORS_VERSION``).
A row written by an older version (a JSON list, or one embedding) has its features made again
from the article's text when the index is loaded, and written back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import numpy as np

from newstrace.corrections import enforce_stories
from newstrace.model import Analysis, Article, Assignment, Story
from newstrace.store.db import Store
from newstrace.stories.clustering import Params, StoryIndex
from newstrace.stories.features import ANCHORS_VERSION, DIM, ArticleFeatures, features


def load_index(store: Store, params: Params | None = None) -> StoryIndex:
    """The index as last saved (empty when no story was ever built). Features stored by an older
    version are made again from the article's text and written back."""
    index = StoryIndex(params)
    rows = store.conn.execute(
        "SELECT f.article_id, f.lang, f.vector, f.anchors, f.day, a.title, a.outlet, a.published, s.story_id"
        " FROM story_features f JOIN story_articles s ON s.article_id = f.article_id"
        " JOIN articles a ON a.id = f.article_id ORDER BY f.rowid"
    ).fetchall()
    feats: list[ArticleFeatures | None] = []
    stale: list[int] = []
    for r in rows:
        stored = json.loads(r["anchors"])
        vector = np.frombuffer(r["vector"], dtype=np.float32)
        if not isinstance(stored, dict) or stored.get("v") != ANCHORS_VERSION or len(vector) != 2 * DIM:
            stale.append(len(feats))
            feats.append(None)
            continue
        feats.append(
            ArticleFeatures(
                article_id=r["article_id"],
                lang=r["lang"],
                vector=vector[:DIM].copy(),
                anchors=frozenset(stored["anchors"]),
                day=r["day"],
                title=r["title"],
                outlet=r["outlet"],
                published=r["published"],
                lead=vector[DIM:].copy(),
                lead_anchors=frozenset(stored["lead"]),
                news=stored["news"],
                speakers=frozenset(stored.get("speakers", ())),
            )
        )
    if stale:
        articles = [store.get(rows[i]["article_id"]) for i in stale]
        kept_articles = [a for a in articles if a is not None]
        remade = features(kept_articles, analyses_of(store, kept_articles))
        by_id = {f.article_id: f for f in remade}
        for i in stale:
            feats[i] = by_id.get(rows[i]["article_id"])
        with store.transaction():
            store.conn.executemany(
                "UPDATE story_features SET vector = ?, anchors = ? WHERE article_id = ?",
                [(_vector_blob(f), _anchors_json(f), f.article_id) for f in remade],
            )
    kept = [(f, r["story_id"]) for f, r in zip(feats, rows, strict=True) if f is not None]
    narratives = {r[0]: r[1] for r in store.conn.execute("SELECT id, narrative_id FROM stories")}
    index.restore([f for f, _ in kept], [s for _, s in kept], narratives)
    return index


def analyses_of(store: Store, articles: Iterable[Article]) -> dict[int, Analysis]:
    """Stored attributions of each article that has been analysed (the speakers of its lead)."""
    found = {a.id: store.analysis(a.id) for a in articles if a.id is not None}
    return {i: an for i, an in found.items() if an is not None}


def _anchors_json(f: ArticleFeatures) -> str:
    record = {
        "v": ANCHORS_VERSION,
        "anchors": sorted(f.anchors),
        "lead": sorted(f.lead_anchors),
        "news": f.news,
        "speakers": sorted(f.speakers),
    }
    return json.dumps(record, ensure_ascii=False)


def _vector_blob(f: ArticleFeatures) -> bytes:
    lead = f.lead if f.lead is not None else f.vector
    return np.concatenate([f.vector, lead]).astype(np.float32).tobytes()


def save_index(store: Store, index: StoryIndex) -> None:
    """Write the index's stories, memberships and new article features in one transaction."""
    stories = index.stories()
    conn = store.conn
    with store.transaction():
        stored = {r[0] for r in conn.execute("SELECT article_id FROM story_features")}
        conn.executemany(
            "INSERT INTO story_features (article_id, lang, vector, anchors, day) VALUES (?, ?, ?, ?, ?)",
            [
                (f.article_id, f.lang, _vector_blob(f), _anchors_json(f), f.day)
                for f in index.rows
                if f.article_id not in stored
            ],
        )
        live = {s.id for s in stories}
        gone = [r[0] for r in conn.execute("SELECT id FROM stories") if r[0] not in live]
        conn.executemany("DELETE FROM stories WHERE id = ?", [(i,) for i in gone])
        # a story merged into another takes no fact-check matches with it: they are redone for
        # the story that absorbed it
        conn.executemany("DELETE FROM factcheck_matches WHERE story_id = ?", [(i,) for i in gone])
        conn.executemany(
            "INSERT INTO stories (id, title, titles, narrative_id, first_published, last_published)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title,"
            " titles = excluded.titles, narrative_id = excluded.narrative_id,"
            " first_published = excluded.first_published, last_published = excluded.last_published,"
            " updated = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            [
                (
                    s.id,
                    s.title,
                    json.dumps(s.titles, ensure_ascii=False),
                    s.narrative_id,
                    s.first_published,
                    s.last_published,
                )
                for s in stories
            ],
        )
        conn.executemany(
            "INSERT INTO story_articles (article_id, story_id) VALUES (?, ?)"
            " ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id",
            [(a, s.id) for s in stories for a in s.article_ids],
        )
        enforce_stories(store)  # merged stories stay merged, moved articles stay moved


def update_stories(
    store: Store,
    articles: Sequence[Article],
    relations: Iterable[tuple[int, int]] = (),
    params: Params | None = None,
) -> list[Assignment]:
    """Pipeline entry point: load the index, assign a batch of stored articles, save."""
    index = load_index(store, params)
    assignments = index.add(articles, relations, analyses_of(store, articles))
    save_index(store, index)
    return assignments


def stories(store: Store, *, ids: Iterable[int] | None = None, narrative: int | None = None) -> list[Story]:
    """Stored stories with their articles, languages and outlets, for reports and exports; only
    the stories ``ids`` or those of one ``narrative`` when given (the desk opens one story at a
    time: reading them all costs a second at 100k articles)."""
    where, args = "", []
    if ids is not None:
        wanted = [int(i) for i in ids]
        where, args = f"WHERE id IN ({','.join('?' * len(wanted))})", wanted
    elif narrative is not None:
        where, args = "WHERE narrative_id = ?", [int(narrative)]
    chosen = f"SELECT id FROM stories {where}"
    members: dict[int, list[tuple[int, str | None, str | None]]] = {}
    for r in store.conn.execute(
        "SELECT s.story_id, a.id, a.lang, a.outlet FROM story_articles s JOIN articles a ON a.id = s.article_id"
        f" WHERE s.story_id IN ({chosen}) ORDER BY s.story_id, a.id",
        args,
    ):
        members.setdefault(r[0], []).append((r[1], r[2], r[3]))
    result = []
    for r in store.conn.execute(f"SELECT * FROM stories {where} ORDER BY id", args):
        rows = members.get(r["id"], [])
        result.append(
            Story(
                id=r["id"],
                title=r["title"],
                article_ids=[a for a, _, _ in rows],
                narrative_id=r["narrative_id"],
                titles=json.loads(r["titles"]),
                languages=sorted({lang for _, lang, _ in rows if lang}),
                outlets=sorted({outlet for _, _, outlet in rows if outlet}),
                first_published=r["first_published"],
                last_published=r["last_published"],
            )
        )
    return result
