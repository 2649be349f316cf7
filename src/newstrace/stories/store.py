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
from typing import Any

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


def story_titles(store: Store, ids: Iterable[int]) -> dict[int, str]:
    """The titles of these stories by id, for pages that only name them (a search page names
    twenty or more: reading their members as ``stories()`` does was a sixth of its time)."""
    wanted = [int(i) for i in ids]
    if not wanted:
        return {}
    rows = store.conn.execute(
        f"SELECT id, title FROM stories WHERE id IN ({','.join('?' * len(wanted))})", wanted
    )
    return {r[0]: r[1] for r in rows}


def story_page(
    store: Store, *, offset: int = 0, limit: int = 50, lang: str | None = None
) -> tuple[list[Story], int]:
    """One page of stories in ``stories()``'s order for lists (most articles, then most
    languages, then id) and how many there are; with ``lang``, only stories with an article in
    that language. Sizes are counted in SQL and only the page's stories are read, so a page
    costs one grouped scan of the memberships, not every story (the desk lists 5,000 stories of
    100k articles)."""
    where = "WHERE s.langs_wanted > 0" if lang else ""
    # sizes from the (lang, id) index (migration 013): the rows themselves are too long to scan
    sizes = (
        "SELECT m.story_id AS id, COUNT(*) AS n, COUNT(DISTINCT NULLIF(a.lang, '')) AS langs,"
        " SUM(a.lang IS ?) AS langs_wanted FROM articles a INDEXED BY articles_lang"
        " JOIN story_articles m ON m.article_id = a.id GROUP BY m.story_id"
    )
    rows = store.conn.execute(
        f"WITH sizes AS ({sizes}) SELECT st.id, COUNT(*) OVER () AS total FROM stories st"
        f" LEFT JOIN sizes s ON s.id = st.id {where}"
        " ORDER BY COALESCE(s.n, 0) DESC, COALESCE(s.langs, 0) DESC, st.id LIMIT ? OFFSET ?",
        [lang, int(limit), int(offset)],
    ).fetchall()
    if not rows:
        total = 0
        if offset:  # past the end: still say how many there are
            total = store.conn.execute(
                f"WITH sizes AS ({sizes}) SELECT COUNT(*) FROM stories st LEFT JOIN sizes s"
                f" ON s.id = st.id {where}",
                [lang],
            ).fetchone()[0]
        return [], total
    order = {r[0]: i for i, r in enumerate(rows)}
    found = stories(store, ids=list(order))
    return sorted(found, key=lambda s: order[s.id]), rows[0]["total"]


def narrative_page(
    store: Store, *, offset: int = 0, limit: int = 50, min_stories: int = 1
) -> tuple[list[dict[str, Any]], int]:
    """One page of narratives, most stories first (then most articles, then id), and how many
    there are with at least ``min_stories`` stories. Each is ``{id, title, stories, articles,
    first_published, last_published}``; the title is its first story's."""
    grouped = (
        "SELECT st.narrative_id AS id, MIN(st.id) AS first_story, COUNT(DISTINCT st.id) AS stories,"
        " COUNT(m.article_id) AS articles, MIN(st.first_published) AS first_published,"
        " MAX(st.last_published) AS last_published FROM stories st"
        " LEFT JOIN story_articles m ON m.story_id = st.id GROUP BY st.narrative_id"
        " HAVING COUNT(DISTINCT st.id) >= ?"
    )
    total = store.conn.execute(f"SELECT COUNT(*) FROM ({grouped})", [int(min_stories)]).fetchone()[0]
    rows = store.conn.execute(
        f"SELECT g.*, t.title FROM ({grouped}) g JOIN stories t ON t.id = g.first_story"
        " ORDER BY g.stories DESC, g.articles DESC, g.id LIMIT ? OFFSET ?",
        [int(min_stories), int(limit), int(offset)],
    ).fetchall()
    keys = ("id", "title", "stories", "articles", "first_published", "last_published")
    return [{k: r[k] for k in keys} for r in rows], total
