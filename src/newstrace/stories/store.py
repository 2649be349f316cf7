"""Stories in the newstrace database (migration 007): read and write a ``StoryIndex``.

Each article's embedding and anchors are stored once (``story_features``), so a later batch
reloads the index without embedding earlier articles again. Writing is one transaction.
The stored anchor list carries a version key (``v:N``, ``features.ANCHORS_VERSION``); anchors
of an older version are made again from the article's text when the index is loaded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import numpy as np

from newstrace.model import Article, Assignment, Story
from newstrace.store.db import Store
from newstrace.stories.clustering import Params, StoryIndex
from newstrace.stories.features import ANCHORS_VERSION, ArticleFeatures, anchors

_VERSION_KEY = f"v:{ANCHORS_VERSION}"


def load_index(store: Store, params: Params | None = None) -> StoryIndex:
    """The index as last saved (empty when no story was ever built). Anchors stored by another
    version of ``features.anchors`` are made again from the article's text and written back."""
    index = StoryIndex(params)
    rows = store.conn.execute(
        "SELECT f.article_id, f.lang, f.vector, f.anchors, f.day, a.title, a.outlet, a.published, s.story_id"
        " FROM story_features f JOIN story_articles s ON s.article_id = f.article_id"
        " JOIN articles a ON a.id = f.article_id ORDER BY f.rowid"
    ).fetchall()
    feats, stale = [], []
    for r in rows:
        keys = json.loads(r["anchors"])
        if _VERSION_KEY in keys:
            keys.remove(_VERSION_KEY)
        else:
            text = store.conn.execute("SELECT text FROM articles WHERE id = ?", (r["article_id"],)).fetchone()
            keys = anchors(f"{r['title']}\n{text[0]}")
            stale.append((_anchors_json(keys), r["article_id"]))
        feats.append(
            ArticleFeatures(
                article_id=r["article_id"],
                lang=r["lang"],
                vector=np.frombuffer(r["vector"], dtype=np.float32).copy(),
                anchors=frozenset(keys),
                day=r["day"],
                title=r["title"],
                outlet=r["outlet"],
                published=r["published"],
            )
        )
    if stale:
        with store.transaction():
            store.conn.executemany("UPDATE story_features SET anchors = ? WHERE article_id = ?", stale)
    narratives = {r[0]: r[1] for r in store.conn.execute("SELECT id, narrative_id FROM stories")}
    index.restore(feats, [r["story_id"] for r in rows], narratives)
    return index


def _anchors_json(keys: Iterable[str]) -> str:
    return json.dumps([_VERSION_KEY, *sorted(keys)], ensure_ascii=False)


def save_index(store: Store, index: StoryIndex) -> None:
    """Write the index's stories, memberships and new article features in one transaction."""
    stories = index.stories()
    conn = store.conn
    with store.transaction():
        stored = {r[0] for r in conn.execute("SELECT article_id FROM story_features")}
        conn.executemany(
            "INSERT INTO story_features (article_id, lang, vector, anchors, day) VALUES (?, ?, ?, ?, ?)",
            [
                (
                    f.article_id,
                    f.lang,
                    f.vector.astype(np.float32).tobytes(),
                    _anchors_json(f.anchors),
                    f.day,
                )
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


def update_stories(
    store: Store,
    articles: Sequence[Article],
    relations: Iterable[tuple[int, int]] = (),
    params: Params | None = None,
) -> list[Assignment]:
    """Pipeline entry point: load the index, assign a batch of stored articles, save."""
    index = load_index(store, params)
    assignments = index.add(articles, relations)
    save_index(store, index)
    return assignments


def stories(store: Store) -> list[Story]:
    """Stored stories with their articles, languages and outlets, for reports and exports."""
    members: dict[int, list[tuple[int, str | None, str | None]]] = {}
    for r in store.conn.execute(
        "SELECT s.story_id, a.id, a.lang, a.outlet FROM story_articles s JOIN articles a ON a.id = s.article_id"
        " ORDER BY s.story_id, a.id"
    ):
        members.setdefault(r[0], []).append((r[1], r[2], r[3]))
    result = []
    for r in store.conn.execute("SELECT * FROM stories ORDER BY id"):
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
