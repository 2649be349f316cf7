"""Corrections that last: what an analyst changed in the engine's findings, kept through every
later analysis.

A correction is stored once (table ``corrections``, migration 011) with who made it and when,
and never deleted: undo marks it undone. The engine itself is not changed. Instead, each place
where a stage writes its results calls one ``enforce_*`` function here right after writing, and
that function applies the corrections still in force to what was just written:

=====================  ===========================================  ==============================
kind                   targets                                      enforced after
=====================  ===========================================  ==============================
``reject-relation``    ``source``, ``target`` (article ids),        relations are stored
                       ``relation`` (copy, translation, cites)      (``enforce_relations``)
``confirm-relation``   the same; the direction is the analyst's     relations are stored
``merge-stories``      ``story`` merged ``into`` another story      stories are stored
                                                                    (``enforce_stories``)
``move-article``       ``article`` moved to ``story``               stories are stored
``set-attribution``    ``article``, ``attribution`` (its position   analyses are stored
                       in ``show``), ``source_text``, ``actor``,     (``enforce_attributions``)
                       ``source_type``
``reject-match``       ``factcheck`` and ``article``                matches are stored
                                                                    (``enforce_matches``)
=====================  ===========================================  ==============================

Story ids and attribution positions can change when the engine runs again, so a correction
also keeps anchors that do not: the articles of the stories involved, the character offsets of
the attribution. A rejected relation is rejected both ways (the engine may turn its direction
around); a confirmed one is stored in the direction the analyst gave.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from newstrace.errors import CorrectionError
from newstrace.model import CORRECTION_KINDS, RELATION_KINDS, SOURCE_TYPES, Correction
from newstrace.store import Store

__all__ = [
    "CORRECTION_KINDS",
    "describe",
    "enforce_all",
    "enforce_attributions",
    "enforce_matches",
    "enforce_relations",
    "enforce_stories",
    "get",
    "load",
    "record",
    "touching",
    "undo",
]

# what each kind needs (required) and may take (optional), as keyword arguments of record()
_PARAMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "reject-relation": (("source", "target", "relation"), ()),
    "confirm-relation": (("source", "target", "relation"), ()),
    "merge-stories": (("story", "into"), ()),
    "move-article": (("article", "story"), ()),
    "set-attribution": (("article", "attribution"), ("source_text", "actor", "source_type")),
    "reject-match": (("factcheck", "article"), ()),
}
_RELATION_KINDS = ("reject-relation", "confirm-relation")
_STORY_KINDS = ("merge-stories", "move-article")


@contextmanager
def _writing(store: Store) -> Iterator[None]:
    """A transaction of its own, unless the caller's write transaction is open."""
    if store.conn.in_transaction:
        yield
    else:
        with store.transaction():
            yield


# -- reading -------------------------------------------------------------------------------------
def _correction(row) -> Correction:
    return Correction(
        id=row["id"],
        kind=row["kind"],
        targets=json.loads(row["targets"]),
        value=json.loads(row["value"]),
        who=row["who"],
        at=row["at"],
        note=row["note"],
        undone_at=row["undone_at"],
        undone_by=row["undone_by"],
    )


def load(store: Store, *, active: bool = False, kinds: Iterable[str] | None = None) -> list[Correction]:
    """Corrections in the order they were made (only those in force with ``active``)."""
    where, params = [], []
    if active:
        where.append("undone_at IS NULL")
    if kinds is not None:
        wanted = list(kinds)
        where.append(f"kind IN ({','.join('?' * len(wanted))})")
        params += wanted
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = store.conn.execute(f"SELECT * FROM corrections{clause} ORDER BY id", params)
    return [_correction(r) for r in rows]


def get(store: Store, correction_id: int) -> Correction | None:
    row = store.conn.execute("SELECT * FROM corrections WHERE id = ?", (correction_id,)).fetchone()
    return None if row is None else _correction(row)


def articles_of(correction: Correction) -> set[int]:
    """The articles a correction is about (for marking them on pages)."""
    t, v = correction.targets, correction.value
    if correction.kind in _RELATION_KINDS:
        return {t["source"], t["target"]}
    if correction.kind == "merge-stories":
        return set(v.get("articles", []))
    return {t["article"]}


def touching(
    store: Store, *, article_ids: Iterable[int] = (), story_id: int | None = None, active: bool = True
) -> list[Correction]:
    """Corrections about any of these articles, or naming this story."""
    ids = set(article_ids)
    found = []
    for c in load(store, active=active):
        named = {c.targets.get("story"), c.targets.get("into")} if c.kind in _STORY_KINDS else set()
        if articles_of(c) & ids or (story_id is not None and story_id in named):
            found.append(c)
    return found


def describe(c: Correction) -> str:
    """One line saying what the correction does ("rejected the translation 3 → 5")."""
    t, v = c.targets, c.value
    if c.kind == "reject-relation":
        return f"rejected the {t['relation']} relation between articles {t['source']} and {t['target']}"
    if c.kind == "confirm-relation":
        verb = {"copy": "copies", "translation": "translates", "cites": "cites"}.get(
            t["relation"], t["relation"]
        )
        return f"confirmed that article {t['target']} {verb} article {t['source']}"
    if c.kind == "merge-stories":
        return f"merged story {t['story']} into story {t['into']}"
    if c.kind == "move-article":
        return f"moved article {t['article']} to story {t['story']}"
    if c.kind == "set-attribution":
        parts = [f"{k.replace('_', ' ')} {v[k]!r}" for k in ("source_text", "actor", "source_type") if k in v]
        return f"set attribution {t['attribution']} of article {t['article']}: {', '.join(parts)}"
    return f"rejected fact-check {t['factcheck']} as a match of article {t['article']}"


# -- making one --------------------------------------------------------------------------------
def record(store: Store, kind: str, *, who: str, note: str | None = None, **given: Any) -> Correction:
    """Check a correction, store it and apply it at once. Raises ``CorrectionError`` (a
    ``ValueError``) naming what is wrong, and stores nothing, when the kind is unknown, an
    argument is missing or extra, or an id names nothing."""
    if kind not in _PARAMS:
        raise CorrectionError(f"unknown correction kind {kind!r}; use one of {', '.join(CORRECTION_KINDS)}")
    if not isinstance(who, str) or not who.strip():
        raise CorrectionError("a correction needs who makes it (who=NAME, --who NAME)")
    required, optional = _PARAMS[kind]
    given = {k: v for k, v in given.items() if v is not None}
    missing = [k for k in required if k not in given]
    extra = [k for k in given if k not in required + optional]
    if missing:
        raise CorrectionError(f"{kind} needs {', '.join(missing)}")
    if extra:
        raise CorrectionError(
            f"{kind} takes no {', '.join(extra)} (it takes {', '.join(required + optional)})"
        )
    targets, value = _CHECKS[kind](store, given)
    with _writing(store):
        cursor = store.conn.execute(
            "INSERT INTO corrections (kind, targets, value, who, note) VALUES (?, ?, ?, ?, ?)",
            (kind, json.dumps(targets), json.dumps(value, ensure_ascii=False), who.strip(), note),
        )
        correction = get(store, cursor.lastrowid)
        assert correction is not None
        _enforce_kind(store, kind)
    return correction


def _id(given: dict[str, Any], name: str) -> int:
    value = given[name]
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        raise CorrectionError(f"{name} must be an id (a whole number), not {value!r}")
    return value


def _article(store: Store, given: dict[str, Any], name: str) -> int:
    article_id = _id(given, name)
    if store.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
        raise CorrectionError(f"no article with id {article_id} ({name}; see `newstrace list`)")
    return article_id


def _story(store: Store, given: dict[str, Any], name: str) -> tuple[int, list[int]]:
    story_id = _id(given, name)
    if store.conn.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is None:
        raise CorrectionError(f"no story with id {story_id} ({name}; see `newstrace stories`)")
    members = [
        r[0]
        for r in store.conn.execute(
            "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id", (story_id,)
        )
    ]
    return story_id, members


def _relation_row(store: Store, source: int, target: int, kind: str):
    return store.conn.execute(
        "SELECT source_id, target_id, score, evidence FROM relations WHERE kind = ?"
        " AND ((source_id = ? AND target_id = ?) OR (source_id = ? AND target_id = ?))",
        (kind, source, target, target, source),
    ).fetchone()


def _check_relation(store: Store, given: dict[str, Any], *, must_exist: bool) -> tuple[dict, dict]:
    source, target = _article(store, given, "source"), _article(store, given, "target")
    kind = given["relation"]
    if kind not in RELATION_KINDS:
        raise CorrectionError(f"unknown relation {kind!r}; use one of {', '.join(RELATION_KINDS)}")
    if source == target:
        raise CorrectionError(f"a relation needs two articles, not article {source} twice")
    found = _relation_row(store, source, target, kind)
    if must_exist and found is None:
        raise CorrectionError(
            f"no {kind} relation between articles {source} and {target} (see `newstrace trace {target}`)"
        )
    engine = (
        {"source": found["source_id"], "target": found["target_id"], "score": found["score"]}
        if found is not None
        else None
    )
    return {"source": source, "target": target, "relation": kind}, {"engine": engine}


def _check_merge(store: Store, given: dict[str, Any]) -> tuple[dict, dict]:
    story, articles = _story(store, given, "story")
    into, into_articles = _story(store, given, "into")
    if story == into:
        raise CorrectionError(f"cannot merge story {story} into itself")
    return {"story": story, "into": into}, {"articles": articles, "into_articles": into_articles}


def _check_move(store: Store, given: dict[str, Any]) -> tuple[dict, dict]:
    article = _article(store, given, "article")
    story, members = _story(store, given, "story")
    if article in members:
        raise CorrectionError(f"article {article} is already in story {story}")
    home = _current_story(store, article)
    left = [
        r[0]
        for r in store.conn.execute(
            "SELECT article_id FROM story_articles WHERE story_id = ? AND article_id != ? ORDER BY article_id",
            (home, article),
        )
    ]
    return {"article": article, "story": story}, {"anchors": members, "left": left}


def _check_attribution(store: Store, given: dict[str, Any]) -> tuple[dict, dict]:
    article = _article(store, given, "article")
    position = _id(given, "attribution")
    row = store.conn.execute(
        "SELECT source, actor, source_type, start, end, cue_start, cue_end FROM attributions"
        " WHERE article_id = ? AND position = ?",
        (article, position),
    ).fetchone()
    if row is None:
        count = store.conn.execute(
            "SELECT COUNT(*) FROM attributions WHERE article_id = ?", (article,)
        ).fetchone()[0]
        raise CorrectionError(
            f"article {article} has no attribution {position} (it has {count}, numbered from 0;"
            f" see `newstrace show {article} --json`)"
        )
    value: dict[str, Any] = {}
    for name in ("source_text", "actor", "source_type"):
        if name in given:
            text = str(given[name]).strip()
            if not text:
                raise CorrectionError(f"{name} must not be empty")
            value[name] = text
    if not value:
        raise CorrectionError("set-attribution needs source_text, actor or source_type (or several)")
    if "source_type" in value and value["source_type"] not in SOURCE_TYPES:
        raise CorrectionError(
            f"unknown source type {value['source_type']!r}; use one of {', '.join(SOURCE_TYPES)}"
        )
    value["anchor"] = {k: row[k] for k in ("start", "end", "cue_start", "cue_end")}
    value["engine"] = {"source_text": row["source"], "actor": row["actor"], "source_type": row["source_type"]}
    return {"article": article, "attribution": position}, value


def _check_match(store: Store, given: dict[str, Any]) -> tuple[dict, dict]:
    article = _article(store, given, "article")
    factcheck = _id(given, "factcheck")
    if store.conn.execute("SELECT 1 FROM factchecks WHERE id = ?", (factcheck,)).fetchone() is None:
        raise CorrectionError(f"no fact-check with id {factcheck} (see `newstrace factchecks list`)")
    row = store.conn.execute(
        "SELECT score, sentence FROM factcheck_matches WHERE factcheck_id = ? AND article_id = ?"
        " ORDER BY story_id IS NOT NULL LIMIT 1",
        (factcheck, article),
    ).fetchone()
    if row is None:
        raise CorrectionError(f"fact-check {factcheck} is not matched to article {article}")
    return {"factcheck": factcheck, "article": article}, {
        "engine": {"score": row["score"], "sentence": row["sentence"]}
    }


_CHECKS = {
    "reject-relation": lambda s, g: _check_relation(s, g, must_exist=True),
    "confirm-relation": lambda s, g: _check_relation(s, g, must_exist=False),
    "merge-stories": _check_merge,
    "move-article": _check_move,
    "set-attribution": _check_attribution,
    "reject-match": _check_match,
}


# -- undoing one --------------------------------------------------------------------------------
def undo(store: Store, correction_id: int, *, who: str) -> Correction:
    """Mark a correction undone (it stays in the table) and hand what it changed back to the
    engine: the articles it touched lose the stage's result it overrode (their relations are
    traced again, their analysis redone, their story chosen again), so the next incremental
    analysis gives the engine's own answer. A fact-check match is not redone here; the caller
    matches the article again (``Workspace.undo`` does all of it)."""
    if not isinstance(who, str) or not who.strip():
        raise CorrectionError("an undo needs who makes it (who=NAME, --who NAME)")
    found = get(store, correction_id)
    if found is None:
        raise CorrectionError(f"no correction with id {correction_id} (see `newstrace corrections`)")
    if not found.active:
        raise CorrectionError(
            f"correction {correction_id} was already undone by {found.undone_by} on {found.undone_at}"
        )
    t, conn = found.targets, store.conn
    with _writing(store):
        conn.execute(
            "UPDATE corrections SET undone_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), undone_by = ?"
            " WHERE id = ?",
            (who.strip(), correction_id),
        )
        if found.kind in _RELATION_KINDS:
            # both articles are compared again: the relations into each are found anew
            conn.executemany("DELETE FROM traces WHERE article_id = ?", [(t["source"],), (t["target"],)])
        elif found.kind == "set-attribution":
            conn.execute("DELETE FROM attributions WHERE article_id = ?", (t["article"],))
            conn.execute("DELETE FROM analyses WHERE article_id = ?", (t["article"],))
        elif found.kind in _STORY_KINDS:
            moved = set(articles_of(found))
            story_ids = {s for s in (_current_story(store, a) for a in moved) if s is not None}
            # articles added since, in the story they were put in, may sit there only because of
            # the correction (a copy of a moved article follows it): they are placed again too
            for story_id in story_ids:
                moved |= {
                    r[0]
                    for r in conn.execute(
                        "SELECT s.article_id FROM story_articles s JOIN articles a ON a.id = s.article_id"
                        " WHERE s.story_id = ? AND a.ingested_at >= ?",
                        (story_id, found.at),
                    )
                }
            conn.executemany("DELETE FROM story_articles WHERE article_id = ?", [(a,) for a in moved])
            _tidy_stories(store, story_ids)
        # reject-match: the match rows are gone; matching the article again brings them back
    undone = get(store, correction_id)
    assert undone is not None
    return undone


# -- applying them after each stage ----------------------------------------------------------------
def enforce_all(store: Store) -> set[int]:
    """Apply every correction in force; returns the stories whose fact-check matches need
    redoing (their membership or an article match changed)."""
    with _writing(store):
        enforce_attributions(store)
        enforce_relations(store)
        touched = enforce_stories(store)
        touched |= enforce_matches(store)
    return touched


def _enforce_kind(store: Store, kind: str) -> None:
    if kind in _RELATION_KINDS:
        enforce_relations(store)
    elif kind in _STORY_KINDS:
        enforce_stories(store)
    elif kind == "set-attribution":
        enforce_attributions(store)
    else:
        enforce_matches(store, stories=True)


def enforce_relations(store: Store) -> None:
    """No rejected relation in either direction; every confirmed one in its direction (the
    engine's score and evidence kept when it found it too). Later corrections win."""
    conn = store.conn
    with _writing(store):
        for c in load(store, active=True, kinds=_RELATION_KINDS):
            source, target, kind = c.targets["source"], c.targets["target"], c.targets["relation"]
            if c.kind == "reject-relation":
                conn.execute(
                    "DELETE FROM relations WHERE kind = ? AND ((source_id = ? AND target_id = ?)"
                    " OR (source_id = ? AND target_id = ?))",
                    (kind, source, target, target, source),
                )
                continue
            conn.execute(
                "DELETE FROM relations WHERE kind = ? AND source_id = ? AND target_id = ?",
                (kind, target, source),
            )
            evidence = {"confirmed": {"correction": c.id, "by": c.who, "at": c.at}}
            conn.execute(
                "INSERT OR IGNORE INTO relations (source_id, target_id, kind, score, evidence)"
                " SELECT ?, ?, ?, 1.0, ? WHERE (SELECT COUNT(*) FROM articles WHERE id IN (?, ?)) = 2",
                (source, target, kind, json.dumps(evidence), source, target),
            )


def _find_attribution(store: Store, article_id: int, anchor: dict[str, int]) -> int | None:
    """The position of the attribution the correction was made on, found by its offsets."""
    for columns in (("start", "end"), ("cue_start", "cue_end")):
        row = store.conn.execute(
            f"SELECT position FROM attributions WHERE article_id = ? AND {columns[0]} = ? AND {columns[1]} = ?"
            " ORDER BY position LIMIT 1",
            (article_id, anchor[columns[0]], anchor[columns[1]]),
        ).fetchone()
        if row is not None:
            return row[0]
    return None


def enforce_attributions(store: Store, article_ids: Iterable[int] | None = None) -> None:
    """Set the source, actor or source type the analyst gave on the attribution at the same
    offsets (of these articles, or all). An attribution the engine no longer finds is left
    alone; the correction stays recorded."""
    wanted = set(article_ids) if article_ids is not None else None
    with _writing(store):
        for c in load(store, active=True, kinds=["set-attribution"]):
            article_id = c.targets["article"]
            if wanted is not None and article_id not in wanted:
                continue
            position = _find_attribution(store, article_id, c.value["anchor"])
            if position is None:
                continue
            sets = {"source": c.value.get("source_text"), "actor": c.value.get("actor")}
            sets["source_type"] = c.value.get("source_type")
            changes = {k: v for k, v in sets.items() if v is not None}
            was = store.conn.execute(
                "SELECT source FROM attributions WHERE article_id = ? AND position = ?",
                (article_id, position),
            ).fetchone()[0]
            assignments = ", ".join(f"{k} = ?" for k in changes)
            store.conn.execute(
                f"UPDATE attributions SET {assignments}, unresolved = 0 WHERE article_id = ? AND position = ?",
                (*changes.values(), article_id, position),
            )
            if was is not None:
                _correct_origins(store, article_id, was, changes)


def _correct_origins(store: Store, article_id: int, was: str, changes: dict[str, str]) -> None:
    """The article's origin chain names the corrected source too: it takes the same correction
    (what the provenance graph and the independent sources are built from)."""
    row = store.conn.execute("SELECT origins FROM analyses WHERE article_id = ?", (article_id,)).fetchone()
    if row is None:
        return
    origins = json.loads(row[0])
    hit = False
    for origin in origins:
        if origin.get("source") == was:
            origin.update(changes)
            hit = True
    if hit:
        store.conn.execute(
            "UPDATE analyses SET origins = ? WHERE article_id = ?",
            (json.dumps(origins, ensure_ascii=False), article_id),
        )


def _current_story(store: Store, article_id: int) -> int | None:
    row = store.conn.execute(
        "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
    ).fetchone()
    return row[0] if row else None


def _story_holding(store: Store, anchors: Iterable[int], exclude: Iterable[int] = ()) -> int | None:
    """The story holding most of these articles now (story ids change; articles do not)."""
    skip = set(exclude)
    counts = Counter(s for s in (_current_story(store, a) for a in anchors if a not in skip) if s is not None)
    return min(counts, key=lambda s: (-counts[s], s)) if counts else None


def _story_exists(store: Store, story_id: int) -> bool:
    return store.conn.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is not None


def enforce_stories(store: Store) -> set[int]:
    """Merged stories stay merged, moved articles stay moved (later corrections win). The
    target is the story holding most of its articles at correction time, else the same id.
    Returns the stories whose membership changed (for their fact-check matches)."""
    conn = store.conn
    touched: set[int] = set()
    with _writing(store):
        for c in load(store, active=True, kinds=_STORY_KINDS):
            if c.kind == "merge-stories":
                movers = c.value["articles"]
                target = _story_holding(store, c.value["into_articles"], exclude=movers)
                fallback = c.targets["into"]
            else:
                movers = [c.targets["article"]]
                target = _story_holding(store, c.value["anchors"], exclude=movers)
                fallback = c.targets["story"]
                left = _story_holding(store, c.value.get("left", []), exclude=movers + c.value["anchors"])
                if target is not None and target == left:
                    # the engine put the two stories together again (a new article close to
                    # both): the analyst said they differ, so the target's articles go apart
                    target = _split_off(store, c.value["anchors"], fallback, target)
                    touched |= {left, target}
            if target is None and _story_exists(store, fallback):
                target = fallback
            if target is None:
                continue  # every article of the target story is gone: nothing to move to
            for article_id in movers:
                now = _current_story(store, article_id)
                if now is None or now == target:
                    continue  # not grouped yet (a retired version), or already there
                conn.execute(
                    "UPDATE story_articles SET story_id = ? WHERE article_id = ?", (target, article_id)
                )
                touched |= {now, target}
        _tidy_stories(store, touched)
    return {s for s in touched if _story_exists(store, s)}


def story_links_kept(store: Store, links: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The copy and translation links that may force two articles into one story, without
    those of an article an analyst moved: its text still matches the story it left, and a new
    copy of it must not pull the two stories together again."""
    moved = {c.targets["article"] for c in load(store, active=True, kinds=["move-article"])}
    return [(a, b) for a, b in links if a not in moved and b not in moved] if moved else links


def _split_off(store: Store, anchors: list[int], wanted: int, merged: int) -> int:
    """Take ``anchors`` (those in story ``merged``) out into a story of their own: id ``wanted``
    when free, else a new one; same narrative. Returns its id."""
    conn = store.conn
    story_id = wanted
    if _story_exists(store, wanted):
        story_id = conn.execute("SELECT MAX(id) FROM stories").fetchone()[0] + 1
    members = [a for a in anchors if _current_story(store, a) == merged]
    title = conn.execute("SELECT title FROM articles WHERE id = ?", (members[0],)).fetchone()[0]
    conn.execute(
        "INSERT INTO stories (id, title, titles, narrative_id) SELECT ?, ?, '{}', narrative_id FROM stories"
        " WHERE id = ?",
        (story_id, title, merged),
    )
    conn.executemany(
        "UPDATE story_articles SET story_id = ? WHERE article_id = ?", [(story_id, a) for a in members]
    )
    return story_id


def _tidy_stories(store: Store, story_ids: Iterable[int]) -> None:
    """Stories left empty go (with their fact-check matches); the others get their dates again."""
    conn = store.conn
    for story_id in story_ids:
        dates = conn.execute(
            "SELECT COUNT(*), MIN(a.published), MAX(a.published) FROM story_articles s"
            " JOIN articles a ON a.id = s.article_id WHERE s.story_id = ?",
            (story_id,),
        ).fetchone()
        if dates[0] == 0:
            conn.execute("DELETE FROM factcheck_matches WHERE story_id = ?", (story_id,))
            conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))
        else:
            conn.execute(
                "UPDATE stories SET first_published = ?, last_published = ? WHERE id = ?",
                (dates[1], dates[2], story_id),
            )


def enforce_matches(store: Store, *, stories: bool = False) -> set[int]:
    """No article keeps a fact-check match an analyst rejected. With ``stories``, the story
    matches that rested on it go too, and their stories are returned (to be matched again);
    without, only article matches are removed (the pipeline matches stories afterwards)."""
    touched: set[int] = set()
    with _writing(store):
        for c in load(store, active=True, kinds=["reject-match"]):
            factcheck, article = c.targets["factcheck"], c.targets["article"]
            if stories:
                touched |= {
                    r[0]
                    for r in store.conn.execute(
                        "SELECT story_id FROM factcheck_matches WHERE factcheck_id = ? AND article_id = ?"
                        " AND story_id IS NOT NULL",
                        (factcheck, article),
                    )
                }
            store.conn.execute(
                "DELETE FROM factcheck_matches WHERE factcheck_id = ? AND article_id = ?"
                + ("" if stories else " AND story_id IS NULL"),
                (factcheck, article),
            )
    return touched
