"""search_facets (migration 016) holds one card per key's latest version while stories,
narratives and versions change under it, and the search that reads it is consistent with a
recount from the article rows themselves: every hit is a latest version whose text matches, the
total is the number of hits, each page is a slice of the whole ordered list, and (without
filters) every facet count is what the hits' cards give. When the table replaced the article
rows, its branch also compared every query here with the search before it: same hits, totals,
facets, pages and snippets."""

from __future__ import annotations

import random
import sqlite3
from collections import Counter

import pytest

from newstrace.extract import content_hash
from newstrace.model import Article, Source
from newstrace.store import Store
from newstrace.store.search import FACET_VALUES, MAX_LIMIT, search

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
    """``search`` against a recount from the article rows (``latest_cards``, no search_facets)."""
    page = search(conn, query, **kw)
    whole_kw = {k: v for k, v in kw.items() if k not in ("limit", "offset")}
    every = [h.article_id for h in search(conn, query, limit=MAX_LIMIT, **whole_kw)]
    assert len(every) == page.total == len(set(every)), query  # the collections stay under MAX_LIMIT hits
    offset, limit = kw.get("offset", 0), kw.get("limit", 50)
    assert [h.article_id for h in page] == every[offset : offset + limit], query
    cards = {c[0]: c for c in latest_cards(conn)}
    assert set(every) <= set(cards), query  # latest versions only
    for hit in page:
        card = cards[hit.article_id]
        assert (hit.lang, hit.outlet, hit.published, hit.story_id, hit.narrative_id) == card[1:], query
    if set(whole_kw) - {"order"}:
        return  # a filtered facet counts the hits of the other filters: left to tests/store/test_search.py
    for name, column in (("lang", 1), ("outlet", 2), ("story", 4), ("narrative", 5)):
        counts = Counter(cards[i][column] for i in every if cards[i][column] is not None)
        expected = sorted(counts.items(), key=lambda vc: (-vc[1], str(vc[0])))[:FACET_VALUES]
        assert page.facets[name] == expected, (query, name)
    months = Counter(cards[i][3][:7] for i in every if cards[i][3])
    assert page.facets["date"] == sorted(months.items()), query


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
def test_search_agrees_with_a_recount_on_a_generated_collection(generated, query, kw):
    agree(generated.conn, query, **kw)


def test_search_agrees_with_a_recount_on_the_examples(examples_db):
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


@pytest.mark.parametrize(
    ("query", "kw", "keep"),
    [
        ("minister", {"lang": "en"}, lambda h: h.lang == "en"),
        ("president OR président OR президент", {"outlet": ["o1", "o2"]}, lambda h: h.outlet in ("o1", "o2")),
        ("заяв* OR said", {"story": [3, 4, 5]}, lambda h: h.story_id in (3, 4, 5)),
        ("government OR ministre", {"date_from": "2021-02"}, lambda h: (h.published or "") >= "2021-02"),
    ],
)
def test_a_filtered_search_ranks_its_hits_as_the_whole_search_does(generated, query, kw, keep):
    """With filters, only the hits that pass them are scored; bm25 reads the index's statistics,
    not the result's, so the order is the whole search's order with the other hits left out."""
    whole = [h.article_id for h in search(generated.conn, query, limit=MAX_LIMIT) if keep(h)]
    filtered = [h.article_id for h in search(generated.conn, query, limit=MAX_LIMIT, **kw)]
    assert filtered == whole and len(filtered) > 10


def test_facets_of_many_hits_are_counted_on_a_sample_and_scaled(generated, monkeypatch):
    """Above FACET_SAMPLE hits the facets come from a fixed sample, scaled up and flagged as
    estimates; the total and the page stay exact. Lowered here to 200 so the collection has more."""
    conn = generated.conn
    exact = search(conn, "minister OR said OR министр", limit=20)
    assert exact.facets_exact and exact.total > 500
    monkeypatch.setattr("newstrace.store.search.FACET_SAMPLE", 200)
    sampled = search(conn, "minister OR said OR министр", limit=20)
    assert not sampled.facets_exact
    assert sampled.total == exact.total and [h.article_id for h in sampled] == [h.article_id for h in exact]
    assert sampled.facets != exact.facets  # estimates, not a copy of the exact counts
    estimated = dict(sampled.facets["lang"])  # four languages of ~150 hits each, ~50 in the sample
    for value, count in exact.facets["lang"]:
        assert abs(estimated[value] - count) <= 0.3 * count, (value, count, estimated.get(value))
    # the same query gives the same sample, and a query under the threshold stays exact
    assert search(conn, "minister OR said OR министр", limit=20).facets == sampled.facets
    assert search(conn, '"nuclear plant"', limit=20).facets_exact
