"""SQLite storage behind one class. Schema changes are numbered files in ``migrations/``: SQL,
or Python (a ``migrate(conn)`` function) where rows must be converted, not only reshaped.

The database runs in WAL mode; every batch is one transaction, so a process killed mid-batch
leaves the last committed batch intact and nothing half-written.
"""

from __future__ import annotations

import importlib
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from importlib import resources
from pathlib import Path

from newstrace.errors import StoreError
from newstrace.model import Analysis, Article, Attribution, Credit, Origin, Rejection, Relation, Source

_ARTICLE_COLUMNS = (
    "id, key, version, content_hash, raw_hash, url, canonical_url, title, text, author, published, "
    "site_name, outlet, lang, source_kind, source_location, source_record, fetched_url, ingested_at"
)


_ATTRIBUTION_FIELDS = tuple(f.name for f in fields(Attribution))


def _migrations() -> list[tuple[int, str, str]]:
    """(number, file name, SQL text, or "" for a Python migration), in order."""
    found = []
    for entry in resources.files("newstrace.store.migrations").iterdir():
        match = re.match(r"(\d+)_.*\.(sql|py)$", entry.name)
        if match:
            sql = entry.read_text("utf-8") if match.group(2) == "sql" else ""
            found.append((int(match.group(1)), entry.name, sql))
    return sorted(found)


def _run_python_migration(conn: sqlite3.Connection, name: str) -> None:
    module = importlib.import_module(f"newstrace.store.migrations.{name.removesuffix('.py')}")
    module.migrate(conn)


class Store:
    """The newstrace database. ``Store(":memory:")`` for tests."""

    def __init__(self, path: str | Path = ":memory:"):
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc})") from exc
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a newstrace (SQLite) database ({exc})") from exc
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.migrate()

    # -- schema ---------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        migrations = _migrations()
        current = self.schema_version
        latest = migrations[-1][0] if migrations else 0
        if current > latest:
            raise StoreError(
                f"{self.path}: schema version {current} is newer than this newstrace knows "
                f"({latest}); upgrade newstrace"
            )
        if any(number > current for number, _, _ in migrations):
            # table rebuilds need foreign keys off; the pragma is ignored inside a transaction
            self.conn.execute("PRAGMA foreign_keys=OFF")
        for number, name, sql in migrations:
            if number <= current:
                continue
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                if name.endswith(".py"):
                    _run_python_migration(self.conn, name)
                for statement in _split_sql(sql):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self.conn.execute("ROLLBACK")
                raise StoreError(f"{self.path}: migration {name} failed ({exc})") from exc
        self.conn.execute("PRAGMA foreign_keys=ON")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: everything inside is committed together or not at all."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def backup(self, target: str | Path) -> None:
        """Copy the database into the new file ``target`` with SQLite's online backup API, in
        one step: one read transaction, so the copy is a single committed state even while
        other connections write (WAL lets them go on). The copy is a plain one-file database."""
        dest = sqlite3.connect(str(target))
        try:
            self.conn.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------------------
    def raw_hashes(self) -> set[str]:
        """Hashes of every input already stored, so a rerun can skip them before extraction."""
        # Only the latest version of each key: a page that reverts to an earlier text (A -> B -> A)
        # must be extracted again to become version 3.
        rows = self.conn.execute(
            "SELECT raw_hash FROM articles a WHERE version = (SELECT MAX(version) FROM articles b WHERE b.key = a.key)"
        )
        return {row[0] for row in rows}

    def has_raw(self, raw_hash: str) -> bool:
        """True when these exact input bytes were already turned into an article."""
        row = self.conn.execute("SELECT 1 FROM articles WHERE raw_hash = ? LIMIT 1", (raw_hash,)).fetchone()
        return row is not None

    def save_batch(
        self, articles: Iterable[Article], rejections: Iterable[Rejection] = ()
    ) -> list[tuple[Article, str]]:
        """Store a batch in one transaction. Returns (article, status) with status one of
        ``new``, ``version`` (same key, new content) or ``unchanged``."""
        results: list[tuple[Article, str]] = []
        with self.transaction():
            for article in articles:
                results.append((article, self._save(article)))
            self._save_rejections(rejections)
        return results

    def save_rejections(self, rejections: Iterable[Rejection]) -> None:
        """Keep items that could not be read or analysed, each with its reason."""
        with self.transaction():
            self._save_rejections(rejections)

    def _save_rejections(self, rejections: Iterable[Rejection]) -> None:
        # a rerun over the same bad input reports it again but stores it once
        self.conn.executemany(
            "INSERT INTO rejections (item, reason) SELECT ?, ? WHERE NOT EXISTS"
            " (SELECT 1 FROM rejections WHERE item = ? AND reason = ?)",
            [(r.item, r.reason, r.item, r.reason) for r in rejections],
        )

    def _save(self, article: Article) -> str:
        latest = self.conn.execute(
            "SELECT id, version, content_hash FROM articles WHERE key = ? ORDER BY version DESC LIMIT 1",
            (article.key,),
        ).fetchone()
        if latest is not None and latest["content_hash"] == article.content_hash:
            article.id = latest["id"]
            return "unchanged"
        article.version = (latest["version"] if latest else 0) + 1
        src = article.source
        cursor = self.conn.execute(
            "INSERT INTO articles (key, version, content_hash, raw_hash, url, canonical_url, title,"
            " text, author, published, site_name, outlet, lang, source_kind, source_location,"
            " source_record, fetched_url) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.key,
                article.version,
                article.content_hash,
                article.raw_hash,
                article.url,
                article.canonical_url,
                article.title,
                article.text,
                article.author,
                article.published,
                article.site_name,
                article.outlet,
                article.lang,
                src.kind,
                src.location,
                src.record,
                src.fetched_url,
            ),
        )
        article.id = cursor.lastrowid
        self.conn.executemany(
            "INSERT INTO credits (article_id, position, kind, text, name, outlet) VALUES (?,?,?,?,?,?)",
            [(article.id, i, c.kind, c.text, c.name, c.outlet) for i, c in enumerate(article.credits)],
        )
        return "new" if article.version == 1 else "version"

    # -- reading --------------------------------------------------------------------------
    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def get(self, article_id: int) -> Article | None:
        row = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        return self._hydrate([row])[0]

    def find(self, ref: str) -> int | None:
        """Id of the latest version of the article with this id, URL, canonical URL or key."""
        if ref.isdigit():
            return int(ref) if self.get(int(ref)) else None
        row = self.conn.execute(
            "SELECT id FROM articles WHERE key = ? OR url = ? OR canonical_url = ? ORDER BY version DESC, id DESC LIMIT 1",
            (ref, ref, ref),
        ).fetchone()
        if row is None and not ref.endswith("/"):
            return self.find(ref + "/")
        return row[0] if row else None

    def articles(
        self,
        *,
        lang: str | None = None,
        outlet: str | None = None,
        latest_only: bool = False,
        limit: int | None = None,
        batch_size: int = 500,
    ) -> Iterator[Article]:
        """Articles in id order, optionally filtered; streamed in batches to bound memory."""
        where, params = [], []
        if lang:
            where.append("lang = ?")
            params.append(lang)
        if outlet:
            where.append("outlet = ?")
            params.append(outlet)
        if latest_only:
            where.append("version = (SELECT MAX(version) FROM articles a2 WHERE a2.key = articles.key)")
        last_id, served = 0, 0
        while True:
            clause = " AND ".join(["id > ?", *where])
            size = batch_size if limit is None else min(batch_size, limit - served)
            if size <= 0:
                return
            rows = self.conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE {clause} ORDER BY id LIMIT ?",
                (last_id, *params, size),
            ).fetchall()
            if not rows:
                return
            yield from self._hydrate(rows)
            served += len(rows)
            last_id = rows[-1]["id"]

    # -- analyses (issue 3) -----------------------------------------------------------------
    def unanalyzed_ids(self, analyzer_version: int, *, redo: bool = False) -> list[int]:
        """Articles never analysed, or analysed by an older analyser (all of them with ``redo``)."""
        if redo:
            rows = self.conn.execute("SELECT id FROM articles ORDER BY id")
        else:
            rows = self.conn.execute(
                "SELECT a.id FROM articles a LEFT JOIN analyses n ON n.article_id = a.id"
                " WHERE n.article_id IS NULL OR n.analyzer_version < ? ORDER BY a.id",
                (analyzer_version,),
            )
        return [r[0] for r in rows]

    def save_analyses(self, results: list[tuple[int, Analysis]], analyzer_version: int) -> None:
        """Replace the analyses of these articles, all in one transaction."""
        with self.transaction():
            for article_id, analysis in results:
                self.conn.execute("DELETE FROM attributions WHERE article_id = ?", (article_id,))
                self.conn.execute(
                    "INSERT OR REPLACE INTO analyses (article_id, analyzer_version, origins, unattributed)"
                    " VALUES (?, ?, ?, ?)",
                    (
                        article_id,
                        analyzer_version,
                        json.dumps(
                            [
                                {
                                    "source": o.source,
                                    "source_type": o.source_type,
                                    "outlet": o.outlet,
                                    "actor": o.actor,
                                }
                                for o in analysis.origins
                            ],
                            ensure_ascii=False,
                        ),
                        json.dumps([list(span) for span in analysis.unattributed]),
                    ),
                )
                self.conn.executemany(
                    f"INSERT INTO attributions (article_id, position, {', '.join(_ATTRIBUTION_FIELDS)})"
                    f" VALUES (?, ?, {', '.join('?' * len(_ATTRIBUTION_FIELDS))})",
                    [
                        (article_id, i, *(getattr(a, f) for f in _ATTRIBUTION_FIELDS))
                        for i, a in enumerate(analysis.attributions)
                    ],
                )

    def analysis(self, article_id: int) -> Analysis | None:
        row = self.conn.execute(
            "SELECT origins, unattributed FROM analyses WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        rows = self.conn.execute(
            f"SELECT {', '.join(_ATTRIBUTION_FIELDS)} FROM attributions WHERE article_id = ? ORDER BY position",
            (article_id,),
        ).fetchall()
        attributions = []
        for r in rows:
            values = dict(zip(_ATTRIBUTION_FIELDS, r, strict=True))
            for flag in ("direct", "hedged", "overclaim", "opinion", "unresolved"):
                values[flag] = bool(values[flag])
            attributions.append(Attribution(**values))
        return Analysis(
            attributions=attributions,
            origins=[Origin(**o) for o in json.loads(row["origins"])],
            unattributed=[tuple(span) for span in json.loads(row["unattributed"])],
        )

    # -- relations and the reuse index (issue 4) ----------------------------------------------
    def untraced_ids(self, linker_version: int, *, redo: bool = False) -> list[int]:
        """Latest versions not yet compared by this linker version, oldest publication first
        (earlier articles enter the index first; undated ones last, in arrival order)."""
        where = "" if redo else "AND (t.article_id IS NULL OR t.linker_version < ?)"
        params = () if redo else (linker_version,)
        rows = self.conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN traces t ON t.article_id = a.id"
            " WHERE a.version = (SELECT MAX(version) FROM articles b WHERE b.key = a.key) "
            + where
            + " ORDER BY a.published IS NULL, a.published, a.id",
            params,
        )
        return [r[0] for r in rows]

    def traced(self, exclude: Iterable[int] = ()) -> Iterator[dict]:
        """What the linker keeps of every traced latest version (no article text): identity,
        language, outlet, date, credited outlets, origin chain, signature and vector."""
        skip = set(exclude)
        rows = self.conn.execute(
            "SELECT a.id, a.key, a.lang, a.outlet, a.published, t.minhash, t.vector, n.origins,"
            " (SELECT json_group_array(json_array(c.outlet, c.text)) FROM credits c"
            "  WHERE c.article_id = a.id AND c.outlet IS NOT NULL) AS credited"
            " FROM traces t JOIN articles a ON a.id = t.article_id"
            " LEFT JOIN analyses n ON n.article_id = a.id"
            " WHERE a.version = (SELECT MAX(version) FROM articles b WHERE b.key = a.key)"
            " ORDER BY a.id"
        )
        for row in rows:
            if row["id"] in skip:
                continue
            record = dict(row)
            record["origins"] = [Origin(**o) for o in json.loads(row["origins"] or "[]")]
            record["credited"] = [tuple(c) for c in json.loads(row["credited"] or "[]")]
            yield record

    def summaries(self, ids: Iterable[int] | None = None) -> Iterator[dict]:
        """Id, outlet, language, date, title and origin chain of articles (no text): what the
        provenance graph needs, cheap enough for the whole collection (latest versions only,
        unless ``ids`` names others)."""
        sql = (
            "SELECT a.id, a.outlet, a.lang, a.published, a.title, n.origins FROM articles a"
            " LEFT JOIN analyses n ON n.article_id = a.id"
        )
        if ids is None:
            chunks = [None]
        else:
            wanted = sorted(set(ids))
            chunks = [wanted[i : i + 500] for i in range(0, len(wanted), 500)]
        for chunk in chunks:
            if chunk is None:
                rows = self.conn.execute(
                    sql
                    + " WHERE a.version = (SELECT MAX(version) FROM articles b WHERE b.key = a.key) ORDER BY a.id"
                )
            else:
                rows = self.conn.execute(
                    sql + f" WHERE a.id IN ({','.join('?' * len(chunk))}) ORDER BY a.id", chunk
                )
            for row in rows:
                record = dict(row)
                record["origins"] = [Origin(**o) for o in json.loads(row["origins"] or "[]")]
                yield record

    def recent_texts(self, outlet: str, limit: int) -> list[str]:
        """Texts of an outlet's most recently stored, already traced articles."""
        rows = self.conn.execute(
            "SELECT a.text FROM articles a JOIN traces t ON t.article_id = a.id WHERE a.outlet = ?"
            " AND a.version = (SELECT MAX(version) FROM articles b WHERE b.key = a.key)"
            " ORDER BY a.id DESC LIMIT ?",
            (outlet, limit),
        )
        return [r[0] for r in rows]

    def texts(self, ids: Iterable[int]) -> Iterator[tuple[int, str | None, str]]:
        """(id, outlet, text) of these articles in the order asked, read in chunks."""
        wanted = list(ids)
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            rows = self.conn.execute(
                f"SELECT id, outlet, text FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
            found = {r[0]: (r[0], r[1], r[2]) for r in rows}
            yield from (found[n] for n in chunk if n in found)

    def save_traces(
        self,
        traces: list[tuple[int, bytes | None, bytes | None]],
        relations: list[Relation],
        linker_version: int,
    ) -> None:
        """Record a batch of traced articles and the relations found for them, in one
        transaction; an article's relations as a target are replaced, so a rerun does not
        duplicate them. Earlier versions of these articles are retired: what was derived from
        them (relations, reuse index entries, story membership, fact-check matches) goes, so a
        page that changed is not counted twice."""
        with self.transaction():
            self._retire_earlier_versions([article_id for article_id, _, _ in traces])
            self.conn.executemany(
                "DELETE FROM relations WHERE target_id = ?", [(article_id,) for article_id, _, _ in traces]
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO traces (article_id, linker_version, minhash, vector) VALUES (?,?,?,?)",
                [(article_id, linker_version, mh, vec) for article_id, mh, vec in traces],
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO relations (source_id, target_id, kind, score, evidence) VALUES (?,?,?,?,?)",
                [
                    (r.source_id, r.target_id, r.kind, r.score, json.dumps(r.evidence, ensure_ascii=False))
                    for r in relations
                ],
            )

    def _retire_earlier_versions(self, article_ids: list[int]) -> None:
        old: list[int] = []
        for i in range(0, len(article_ids), 500):
            chunk = article_ids[i : i + 500]
            old += [
                r[0]
                for r in self.conn.execute(
                    "SELECT b.id FROM articles a JOIN articles b ON b.key = a.key AND b.version < a.version"
                    f" WHERE a.id IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
            ]
        if not old:
            return
        tables = [("relations", "source_id"), ("relations", "target_id"), ("traces", "article_id")]
        optional = [
            ("factcheck_matches", "article_id"),
            ("story_articles", "article_id"),
            ("story_features", "article_id"),
        ]
        existing = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table, column in tables + [t for t in optional if t[0] in existing]:
            self.conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in old])

    def relations(self, article_ids: Iterable[int] | None = None, *, into: bool = False) -> list[Relation]:
        """Relations touching these articles (as source or target; with ``into``, only as target),
        or all of them."""
        sql = "SELECT source_id, target_id, kind, score, evidence FROM relations"
        if article_ids is None:
            rows = self.conn.execute(sql + " ORDER BY target_id, source_id").fetchall()
        else:
            ids = list(article_ids)
            rows = []
            for i in range(0, len(ids), 400):
                part = ids[i : i + 400]
                marks = ",".join("?" * len(part))
                if into:
                    rows += self.conn.execute(sql + f" WHERE target_id IN ({marks})", part).fetchall()
                else:
                    rows += self.conn.execute(
                        sql + f" WHERE source_id IN ({marks}) OR target_id IN ({marks})", part + part
                    ).fetchall()
        seen, found = set(), []
        for r in rows:
            key = (r[0], r[1], r[2])
            if key not in seen:
                seen.add(key)
                found.append(Relation(r[0], r[1], r[2], r[3], json.loads(r[4])))
        return found

    # -- stories (issue 5) ------------------------------------------------------------------------
    def ungrouped_ids(self) -> list[int]:
        """Latest versions that belong to no story yet."""
        rows = self.conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id"
            " WHERE s.article_id IS NULL"
            " AND a.version = (SELECT MAX(version) FROM articles b WHERE b.key = a.key) ORDER BY a.id"
        )
        return [r[0] for r in rows]

    def story_of(self, article_id: int) -> int | None:
        row = self.conn.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return row[0] if row else None

    def rejections(self, *, latest: int | None = None) -> list[Rejection]:
        """Rejections oldest first; only the ``latest`` ones when given."""
        if latest is None:
            rows = self.conn.execute("SELECT item, reason, at FROM rejections ORDER BY id").fetchall()
        else:
            rows = self.conn.execute(
                "SELECT item, reason, at FROM (SELECT id, item, reason, at FROM rejections"
                " ORDER BY id DESC LIMIT ?) ORDER BY id",
                (int(latest),),
            ).fetchall()
        return [Rejection(r["item"], r["reason"], r["at"]) for r in rows]

    def count_rejections(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM rejections").fetchone()[0]

    # -- the desk's ingest jobs (migration 017) --------------------------------------------
    JOB_COLUMNS = (
        "id", "who", "inputs", "status", "stage", "done", "total", "detail", "new",
        "rejected", "rejected_count", "error", "created_at", "finished_at", "seen_at",
    )  # fmt: skip
    JOB_REJECTIONS_KEPT = 1000  # a job's first rejections; the rejections table has them all

    def save_job(self, record: dict) -> None:
        """Insert or replace one job's row (``record`` has JOB_COLUMNS; lists as lists)."""
        row = dict(record)
        row["inputs"] = json.dumps(list(row.get("inputs") or []), ensure_ascii=False)
        rejected = list(row.get("rejected") or [])
        row["rejected_count"] = max(int(row.get("rejected_count") or 0), len(rejected))
        row["rejected"] = json.dumps(rejected[: self.JOB_REJECTIONS_KEPT], ensure_ascii=False)
        names = ", ".join(self.JOB_COLUMNS)
        marks = ", ".join(f":{c}" for c in self.JOB_COLUMNS)
        with self.transaction():
            self.conn.execute(
                f"INSERT OR REPLACE INTO jobs ({names}) VALUES ({marks})",
                {c: row.get(c) for c in self.JOB_COLUMNS},
            )

    def _job(self, row: sqlite3.Row) -> dict:
        record = {c: row[c] for c in self.JOB_COLUMNS}
        record["inputs"] = json.loads(record["inputs"] or "[]")
        record["rejected"] = json.loads(record["rejected"] or "[]")
        return record

    def job(self, job_id: str) -> dict | None:
        row = self.conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return self._job(row) if row is not None else None

    def jobs(self, *, limit: int = 20) -> list[dict]:
        """The latest jobs, newest first."""
        rows = self.conn.execute(
            "SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?", (limit,)
        ).fetchall()
        return [self._job(r) for r in rows]

    def interrupt_jobs(self, at: str, reason: str, *, unseen_since: str) -> int:
        """Mark as interrupted every job still queued or running whose server has not been
        heard of since ``unseen_since`` (it died; migration 018); how many there were."""
        with self.transaction():
            cursor = self.conn.execute(
                "UPDATE jobs SET status = 'interrupted', finished_at = ?, error = ?"
                " WHERE status IN ('queued', 'running') AND (seen_at IS NULL OR seen_at < ?)",
                (at, reason, unseen_since),
            )
        return cursor.rowcount

    def _hydrate(self, rows: list[sqlite3.Row]) -> list[Article]:
        ids = [r["id"] for r in rows]
        credits: dict[int, list[Credit]] = {i: [] for i in ids}
        marks = ",".join("?" * len(ids))
        for c in self.conn.execute(
            f"SELECT article_id, kind, text, name, outlet FROM credits WHERE article_id IN ({marks})"
            " ORDER BY article_id, position",
            ids,
        ):
            credits[c["article_id"]].append(
                Credit(kind=c["kind"], text=c["text"], name=c["name"], outlet=c["outlet"])
            )
        return [
            Article(
                id=r["id"],
                key=r["key"],
                version=r["version"],
                content_hash=r["content_hash"],
                raw_hash=r["raw_hash"],
                url=r["url"],
                canonical_url=r["canonical_url"],
                title=r["title"],
                text=r["text"],
                author=r["author"],
                published=r["published"],
                site_name=r["site_name"],
                outlet=r["outlet"],
                lang=r["lang"],
                source=Source(r["source_kind"], r["source_location"], r["source_record"], r["fetched_url"]),
                credits=credits[r["id"]],
                ingested_at=r["ingested_at"],
            )
            for r in rows
        ]


def _split_sql(sql: str) -> list[str]:
    """Statements of a migration file; a trigger's body (BEGIN … END) holds semicolons, so a
    piece is a statement only once SQLite says it is complete."""
    body = "\n".join(line for line in sql.splitlines() if not line.strip().startswith("--"))
    statements, pending = [], ""
    for piece in body.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                statements.append(pending.strip())
            pending = ""
    if pending.strip(" \n;"):
        statements.append(pending.strip())
    return statements
