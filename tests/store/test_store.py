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


def test_pickled_signatures_are_converted_to_plain_bytes(tmp_path):
    """Databases written before migration 10 hold pickled rensa MinHash objects; the migration
    turns each into its hash values without unpickling, and the linker finds copies against them.
    A row that is not such a pickle loses its signature and is traced again."""
    import pickle

    from rensa import RMinHash

    from newstrace.pipeline import trace_pending
    from newstrace.provenance import LINKER_VERSION
    from newstrace.reuse.index import NUM_PERM, SEED, minhash, signature_bytes
    from newstrace.reuse.shingles import shingles, words
    from tests.conftest import LOREM_FR

    path = tmp_path / "old.db"
    store = Store(path)
    body = LOREM_FR
    [(original, _), (other, _)] = store.save_batch(
        [make("https://a.example/1", body), make("https://b.example/2", "Autre chose, sans rapport.")]
    )
    old = RMinHash(NUM_PERM, SEED)  # what the linker stored before: a pickled rensa object
    old.update(shingles(words(body).tokens))
    store.conn.executemany(
        "INSERT INTO traces (article_id, linker_version, minhash) VALUES (?, ?, ?)",
        [(original.id, LINKER_VERSION, pickle.dumps(old)), (other.id, LINKER_VERSION, b"\x80\x04junk")],
    )
    store.conn.execute("PRAGMA user_version = 9")  # before 010_plain_signatures (009 is search)
    store.close()

    store = Store(path)
    assert store.schema_version >= 10
    rows = dict(store.conn.execute("SELECT article_id, minhash FROM traces").fetchall())
    assert rows[original.id] == signature_bytes(minhash(body))
    assert len(rows[original.id]) == 4 * NUM_PERM
    assert rows[other.id] is None
    assert store.untraced_ids(LINKER_VERSION) == [other.id]
    # a later copy is found through the converted signature
    [(copy, _)] = store.save_batch([make("https://c.example/3", "Repris : " + body)])
    trace_pending(store)
    assert [(r.source_id, r.target_id, r.kind) for r in store.relations()] == [(original.id, copy.id, "copy")]
