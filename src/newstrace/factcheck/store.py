"""Read and write fact-checks and their matches in the newstrace database (migration 006).

Functions take a ``newstrace.store.Store`` and use its connection; every write is one
transaction, like ``Store.save_batch``, so an interrupted import leaves whole batches.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from newstrace.corrections import enforce_matches
from newstrace.model import FactCheck, FactCheckMatch, Rejection
from newstrace.store import Store

_FIELDS = (
    "url",
    "claim",
    "verdict",
    "rating",
    "publisher",
    "date",
    "lang",
    "title",
    "summary",
    "claimant",
    "claim_date",
    "source",
)
_MATCH_COLUMNS = (
    "factcheck_id, article_id, story_id, score, similarity, sentence_start, sentence_end, sentence"
)


def save_factchecks(
    store: Store, factchecks: Iterable[FactCheck], rejections: Iterable[Rejection] = ()
) -> list[tuple[FactCheck, str]]:
    """Store fact-checks in one transaction; returns (factcheck, status) with status ``new``,
    ``updated`` (same url and claim, some field new or changed; fields the new copy lacks keep
    their stored value) or ``unchanged``. Rejections go to
    the database's ``rejections`` table, once each."""
    results: list[tuple[FactCheck, str]] = []
    conn = store.conn
    with store.transaction():
        for fc in factchecks:
            row = conn.execute(
                f"SELECT id, {', '.join(_FIELDS)} FROM factchecks WHERE url = ? AND claim = ?",
                (fc.url, fc.claim),
            ).fetchone()
            if row is None:
                cursor = conn.execute(
                    f"INSERT INTO factchecks ({', '.join(_FIELDS)}) VALUES ({', '.join('?' * len(_FIELDS))})",
                    tuple(getattr(fc, f) for f in _FIELDS),
                )
                fc.id = cursor.lastrowid
                results.append((fc, "new"))
                continue
            fc.id = row["id"]
            # a poorer copy of the same review (a CSV line after the ClaimReview) fills gaps only
            for f in _FIELDS:
                if getattr(fc, f) is None:
                    setattr(fc, f, row[f])
            if all(row[f] == getattr(fc, f) for f in _FIELDS if f != "source"):
                results.append((fc, "unchanged"))
                continue
            conn.execute(
                f"UPDATE factchecks SET {', '.join(f'{f} = ?' for f in _FIELDS)} WHERE id = ?",
                (*(getattr(fc, f) for f in _FIELDS), fc.id),
            )
            results.append((fc, "updated"))
        conn.executemany(
            "INSERT INTO rejections (item, reason) SELECT ?, ? WHERE NOT EXISTS"
            " (SELECT 1 FROM rejections WHERE item = ? AND reason = ?)",
            [(r.item, r.reason, r.item, r.reason) for r in rejections],
        )
    return results


def _factcheck(row: sqlite3.Row) -> FactCheck:
    return FactCheck(id=row["id"], **{f: row[f] for f in _FIELDS})


def factchecks(store: Store, *, lang: str | None = None) -> list[FactCheck]:
    """Every stored fact-check in id order (optionally of one language)."""
    sql = f"SELECT id, {', '.join(_FIELDS)} FROM factchecks"
    rows = store.conn.execute(
        sql + (" WHERE lang = ? ORDER BY id" if lang else " ORDER BY id"), (lang,) if lang else ()
    )
    return [_factcheck(r) for r in rows]


def get_factcheck(store: Store, factcheck_id: int) -> FactCheck | None:
    row = store.conn.execute(
        f"SELECT id, {', '.join(_FIELDS)} FROM factchecks WHERE id = ?", (factcheck_id,)
    ).fetchone()
    return None if row is None else _factcheck(row)


def count_factchecks(store: Store) -> int:
    return store.conn.execute("SELECT COUNT(*) FROM factchecks").fetchone()[0]


def save_matches(store: Store, results: Iterable[tuple[int, list[FactCheckMatch]]]) -> None:
    """Replace the article matches of these articles (article id, its matches), in one transaction.
    Story-level matches (``story_id`` set) are kept; ``save_story_matches`` replaces those."""
    conn = store.conn
    with store.transaction():
        for article_id, found in results:
            conn.execute(
                "DELETE FROM factcheck_matches WHERE article_id = ? AND story_id IS NULL", (article_id,)
            )
            _insert(conn, found)
        enforce_matches(store)  # a match an analyst rejected is not stored again


def save_story_matches(store: Store, results: Iterable[tuple[int, list[FactCheckMatch]]]) -> None:
    """Replace the matches of these stories (story id, its matches), in one transaction."""
    conn = store.conn
    with store.transaction():
        for story_id, found in results:
            conn.execute("DELETE FROM factcheck_matches WHERE story_id = ?", (story_id,))
            for match in found:
                match.story_id = story_id
            _insert(conn, found)


def _insert(conn: sqlite3.Connection, found: list[FactCheckMatch]) -> None:
    conn.executemany(
        f"INSERT INTO factcheck_matches ({_MATCH_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",
        [
            (
                m.factcheck_id,
                m.article_id,
                m.story_id,
                m.score,
                m.similarity,
                m.sentence_start,
                m.sentence_end,
                m.sentence,
            )
            for m in found
        ],
    )


def matches(
    store: Store,
    *,
    article_id: int | None = None,
    factcheck_id: int | None = None,
    story_id: int | None = None,
) -> Iterator[FactCheckMatch]:
    """Stored matches, best first, filtered by article, fact-check or story."""
    where, params = [], []
    for column, value in (("article_id", article_id), ("factcheck_id", factcheck_id), ("story_id", story_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = store.conn.execute(
        f"SELECT {_MATCH_COLUMNS} FROM factcheck_matches{clause} ORDER BY score DESC, id", params
    )
    for r in rows:
        yield FactCheckMatch(**{k: r[k] for k in r.keys()})


def matched_article_ids(store: Store) -> set[int]:
    rows = store.conn.execute(
        "SELECT DISTINCT article_id FROM factcheck_matches WHERE article_id IS NOT NULL"
    )
    return {r[0] for r in rows}
