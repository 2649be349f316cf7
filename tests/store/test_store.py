import sqlite3

import pytest

from newstrace.errors import StoreError
from newstrace.model import Article, Credit, Rejection, Source
from newstrace.store import Store


def make(key="https://a.example/1", text="Un texte.", title="Titre"):
    from newstrace.extract import content_hash

    return Article(
        id=None,
        key=key,
        source=Source("file", "/tmp/a.html"),
        content_hash=content_hash(title, text),
        title=title,
        text=text,
        url=key,
        credits=[Credit("agency", "Avec AFP", "afp", "AFP")],
        raw_hash=text,
    )


def test_schema_is_migrated_and_wal(tmp_path):
    store = Store(tmp_path / "n.db")
    version = store.schema_version
    assert version >= 1
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    assert Store(tmp_path / "n.db").schema_version == version  # reopening is a no-op


def test_round_trip_with_credits(store):
    [(article, status)] = store.save_batch([make()])
    assert status == "new"
    loaded = store.get(article.id)
    assert loaded.credits == [Credit("agency", "Avec AFP", "afp", "AFP")]
    assert loaded.source == Source("file", "/tmp/a.html")


def test_versions_and_unchanged(store):
    assert store.save_batch([make()])[0][1] == "new"
    assert store.save_batch([make()])[0][1] == "unchanged"
    assert store.save_batch([make(text="Texte corrigé.")])[0][1] == "version"
    assert [a.version for a in store.articles()] == [1, 2]
    assert [a.version for a in store.articles(latest_only=True)] == [2]


def test_failed_batch_leaves_nothing(store):
    bad = make(key="https://a.example/2")
    bad.credits = [Credit("not-a-kind", "x")]  # violates the CHECK constraint
    with pytest.raises(sqlite3.IntegrityError):
        store.save_batch([make(), bad], [Rejection("x", "y")])
    assert store.count() == 0 and store.rejections() == []


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "n.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database " * 100)
    with pytest.raises(StoreError, match="not a newstrace"):
        Store(path)


def test_a_rejection_is_stored_once_across_reruns(store):
    store.save_batch([], [Rejection("/data/x.pdf", "binary file")])
    store.save_batch([], [Rejection("/data/x.pdf", "binary file"), Rejection("/data/y.pdf", "binary file")])
    assert [r.item for r in store.rejections()] == ["/data/x.pdf", "/data/y.pdf"]
