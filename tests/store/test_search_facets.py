"""search_facets (migration 016) and the search that reads it give the same hits, totals, facet
counts, pages and snippets as the search before it (tests/store/search_v015.py), on the examples
and on a generated collection with several versions per key, while stories, narratives and
versions change under it."""

from __future__ import annotations

import random
import sqlite3

import pytest

from newstrace.extract import content_hash
from newstrace.model import Article, Source
from newstrace.store import Store
from newstrace.store.search import search

from .search_v015 import search_v015

WORDS = {
    "en": "minister said the plant nuclear court ruling president government army report".split(),
    "fr": "ministre président tribunal jugement centrale nucléaire déclaré gouvernement électricité".split(),
    "ru": "министр заявил президент суд решение ёлка елка правительство армия".split(),
    "zh": ["中国", "北京", "核电站", "总统", "法院", "政府", "中国人"],
}
QUERIES = [
    ("minister", {}),
    ("president OR président OR президент", {}),
    ("заяв*", {}),
    ("елка", {}),
    ('"nuclear plant"', {}),
    ("tribunal -jugement", {}),
    ("中国", {}),
    ("核电站", {}),
    ("北京 -法院", {}),
    ("中国人 OR court", {}),
    ("minister", {"order": "newest"}),
    ("minister", {"order": "oldest", "offset": 7, "limit": 9}),
    ("said", {"lang": "en", "limit": 5, "offset": 3}),
    ("president OR президент", {"outlet": ["o1", "o2"], "verdict": "false"}),
    ("government OR gouvernement OR правительство", {"date_from": "2021-02", "date_to": "2021-07"}),
    ("army OR армия", {"story": [1, 2, 3, 4, 5]}),
    ("report OR министр", {"narrative": 1, "lang": ["en", "ru"]}),
    ("минис* OR ministre", {"order": "relevance", "offset": 40, "limit": 30}),
]


def agree(conn: sqlite3.Connection, query: str, **kw) -> None:
    new, old = search(conn, query, **kw), search_v015(conn, query, **kw)
    assert (new.total, new.facets) == (old.total, old.facets), query
    assert [vars(h) for h in new] == [vars(h) for h in old], query


def generate(n: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    articles = []
    for i in range(n):
        lang = rng.choice(list(WORDS))
        sep = "" if lang == "zh" else " "
        words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(5, 40))]
        text, title = sep.join(words), sep.join(words[:4])
        key = f"k{rng.randrange(n * 3 // 4)}"  # a quarter of the keys get a second version or more
        articles.append(
            Article(
                id=None,
                key=key,
                source=Source("file", key),
                content_hash=content_hash(title, text + str(i)),
                raw_hash=str(i),
                title=title,
                text=text,
                lang=lang if rng.random() > 0.05 else None,
                outlet=f"o{rng.randrange(8)}" if rng.random() > 0.05 else None,
                published=f"202{rng.randrange(2)}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
                if rng.random() > 0.05
                else None,
            )
        )
    return articles


@pytest.fixture(scope="module")
def generated():
    rng = random.Random(16)
    store = Store(":memory:")
    for start in range(0, 2400, 400):
        store.save_batch(generate(2400, 7)[start : start + 400])
    conn = store.conn
    ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    conn.executemany(
        "INSERT INTO stories (id, title, narrative_id) VALUES (?, ?, ?)",
        [(s, f"s{s}", s % 7 + 1) for s in range(1, 61)],
    )
    conn.executemany(
        "INSERT INTO story_articles (article_id, story_id) VALUES (?, ?)",
        [(a, rng.randrange(1, 61)) for a in ids if rng.random() < 0.8],
    )
    conn.executemany(
        "INSERT INTO factchecks (id, url, claim, verdict, rating) VALUES (?, ?, 'c', ?, ?)",
        [(1, "https://fc.example/1", "Faux", "false"), (2, "https://fc.example/2", "Trompeur", "misleading")],
    )
    conn.executemany(
        "INSERT INTO factcheck_matches (factcheck_id, article_id, score, sentence) VALUES (?, ?, 0.9, 's')",
        [(rng.randrange(1, 3), a) for a in ids if rng.random() < 0.1],
    )
    yield store
    store.close()


def latest_cards(conn: sqlite3.Connection) -> set[tuple]:
    return set(
        conn.execute(
            "SELECT a.id, a.lang, a.outlet, a.published, s.story_id, st.narrative_id FROM articles a"
            " LEFT JOIN story_articles s ON s.article_id = a.id LEFT JOIN stories st ON st.id = s.story_id"
            " WHERE NOT EXISTS (SELECT 1 FROM articles b WHERE b.key = a.key AND b.version > a.version)"
        )
    )


def test_the_table_holds_the_latest_version_of_each_key(generated):
    conn = generated.conn
    stored = set(
        conn.execute("SELECT id, lang, outlet, published, story_id, narrative_id FROM search_facets")
    )
    assert stored == latest_cards(conn)
    versions = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert len(stored) < versions  # the generated keys do have older versions to leave out


@pytest.mark.parametrize(("query", "kw"), QUERIES)
def test_search_agrees_with_the_reference_on_a_generated_collection(generated, query, kw):
    agree(generated.conn, query, **kw)


def test_search_agrees_with_the_reference_on_the_examples(examples_db):
    with Store(examples_db) as store:
        words = [
            r[0]
            for r in store.conn.execute("SELECT title FROM articles ORDER BY id LIMIT 12")
            for r in [(r[0].split()[0],)]
            if r[0].split()
        ]
        for word in [*words, "said", "a", "the OR le", "a -the"]:
            for kw in ({}, {"order": "newest", "limit": 3, "offset": 1}, {"lang": "en"}):
                agree(store.conn, word, **kw)


def test_the_table_follows_every_write(generated):
    """New versions, deleted versions, moved articles, stories merged or dropped, narratives
    renamed: after each, the table is what a full recount gives, and search still agrees."""
    conn = generated.conn
    rng = random.Random(3)
    keys = [r[0] for r in conn.execute("SELECT DISTINCT key FROM articles ORDER BY key")]
    steps = [
        lambda: generated.save_batch(generate(60, 99)),  # new keys and new versions of old ones
        lambda: conn.execute(
            "DELETE FROM articles WHERE id = (SELECT MAX(id) FROM articles WHERE key = ?)",
            (rng.choice(keys),),
        ),
        lambda: conn.execute(
            "UPDATE story_articles SET story_id = ? WHERE article_id IN"
            " (SELECT article_id FROM story_articles ORDER BY article_id LIMIT 30)",
            (rng.randrange(1, 61),),
        ),
        lambda: conn.execute("UPDATE stories SET narrative_id = ? WHERE id = ?", (rng.randrange(9), 5)),
        lambda: conn.execute("DELETE FROM stories WHERE id = ?", (rng.randrange(1, 61),)),
        lambda: conn.execute("DELETE FROM story_articles WHERE article_id % 17 = 0"),
        lambda: conn.execute(
            "INSERT INTO stories (id, title, narrative_id) VALUES (?, 'x', 3)", (100 + rng.randrange(99),)
        ),
        lambda: conn.execute(
            "INSERT OR IGNORE INTO story_articles (article_id, story_id) SELECT id, 1 FROM articles WHERE id % 13 = 0"
        ),
        lambda: conn.execute("UPDATE articles SET outlet = 'o9', published = '2019-01-01' WHERE id % 29 = 0"),
        lambda: conn.execute("UPDATE articles SET lang = 'de' WHERE key = ?", (rng.choice(keys),)),
    ]
    for step in steps * 2:
        step()
        stored = set(
            conn.execute("SELECT id, lang, outlet, published, story_id, narrative_id FROM search_facets")
        )
        assert stored == latest_cards(conn)
    for query, kw in QUERIES[:6] + [("minister", {"outlet": "o9"}), ("said", {"lang": "de"})]:
        agree(conn, query, **kw)
