"""Full-text search (migration 009, store/search.py): folding in every script, CJK, facets,
pages, snippets, hostile queries, and the index kept in step with the articles."""

from __future__ import annotations

import random
import sqlite3

import pytest

from newstrace.errors import SearchError
from newstrace.extract import content_hash
from newstrace.model import Article, Source
from newstrace.store import Store
from newstrace.store import db as store_db
from newstrace.store.search import parse_query, search, spellings

ARTICLES = [
    # key, lang, outlet, published, title, text
    (
        "zap-fr",
        "fr",
        "lemonde",
        "2022-08-20",
        "Centrale de Zaporijia",
        "Les bombardements près de la centrale nucléaire de Zaporíjia inquiètent l'AIEA.",
    ),
    (
        "zap-en",
        "en",
        "reuters",
        "2022-08-21",
        "Zaporizhzhia plant shelled",
        "Shelling near the Zaporizhzhia nuclear plant worries the IAEA, Reuters reports.",
    ),
    (
        "zap-ru",
        "ru",
        "ria",
        "2022-08-22",
        "Запорожская АЭС",
        "МАГАТЭ обеспокоено обстрелами Запорожской АЭС. Всё решено, заявил её директор.",
    ),
    (
        "zap-zh",
        "zh",
        "xinhua",
        "2022-09-01",
        "扎波罗热核电站遭炮击",
        "国际原子能机构总干事格罗西表示，扎波罗热核电站附近的炮击令人担忧。北京呼吁克制。",
    ),
    (
        "zap-ar",
        "ar",
        "aljazeera",
        "2022-09-02",
        "محطة زابوريجيا",
        "أعلنت الوكالة الدولية للطاقة الذرية أن القصف قرب المحطة مقلق.",
    ),
    (
        "irma-en",
        "en",
        "reuters",
        "2017-09-11",
        "Hurricane Irma leaves Florida without power",
        "Hurricane Irma tore across Florida, the governor said.",
    ),
    (
        "irma-fr",
        "fr",
        "afp",
        "2017-09-12",
        "L'ouragan Irma prive la Floride d'électricité",
        "L'ouragan Irma a traversé la Floride, a déclaré le gouverneur.",
    ),
    (
        "elka-ru",
        "ru",
        "tass",
        "2017-12-25",
        "Новогодняя ёлка в Кремле",
        "В Кремле установили главную ёлку страны.",
    ),
]


def make(key, lang, outlet, published, title, text):
    return Article(
        id=None,
        key=f"https://{outlet}.example/{key}",
        source=Source("file", f"/tmp/{key}.html"),
        content_hash=content_hash(title, text),
        title=title,
        text=text,
        url=f"https://{outlet}.example/{key}",
        published=published,
        outlet=outlet,
        lang=lang,
        raw_hash=key + text,
    )


@pytest.fixture
def filled():
    store = Store(":memory:")
    saved = store.save_batch([make(*row) for row in ARTICLES])
    ids = {row[0]: article.id for row, (article, _) in zip(ARTICLES, saved, strict=True)}
    conn = store.conn
    # two stories of one narrative (Zaporizhzhia), one of another (Irma), a fact-check on one article
    conn.execute(
        "INSERT INTO stories (id, title, narrative_id) VALUES (1, 'zap', 1), (2, 'zap 2', 1), (3, 'irma', 3)"
    )
    for key, story in (
        ("zap-fr", 1),
        ("zap-en", 1),
        ("zap-ru", 1),
        ("zap-zh", 2),
        ("zap-ar", 2),
        ("irma-en", 3),
        ("irma-fr", 3),
    ):
        conn.execute("INSERT INTO story_articles (article_id, story_id) VALUES (?, ?)", (ids[key], story))
    conn.execute(
        "INSERT INTO factchecks (id, url, claim, verdict, rating) VALUES (1, 'https://fc.example/1', 'c', 'Faux', 'false')"
    )
    conn.execute(
        "INSERT INTO factcheck_matches (factcheck_id, article_id, score, sentence) VALUES (1, ?, 0.9, 's')",
        (ids["zap-ru"],),
    )
    yield store, ids
    store.close()


def found(store, query, **kw):
    return {h.article_id for h in search(store.conn, query, **kw)}


def test_diacritics_and_case_are_folded(filled):
    store, ids = filled
    assert found(store, "zaporijia") == found(store, "ZAPORÍJIA") == {ids["zap-fr"]}
    assert found(store, "Zaporíjia centrale") == {ids["zap-fr"]}
    assert found(store, "nucleaire") == {ids["zap-fr"]}  # "nucléaire"
    assert found(store, "electricite") == {ids["irma-fr"]}


def test_cyrillic_words_and_yo(filled):
    store, ids = filled
    assert found(store, "запорожской") == {ids["zap-ru"]}
    assert found(store, "ЗАПОРОЖСКАЯ") == {ids["zap-ru"]}  # case folded in Cyrillic too
    assert found(store, "запорож*") == {ids["zap-ru"]}  # a prefix takes every ending
    # ё is optional in Russian print: either spelling finds the other
    assert found(store, "елка") == found(store, "ёлка") == {ids["elka-ru"]}
    assert found(store, "все решено") == {ids["zap-ru"]}  # "Всё решено"
    assert spellings("ёлка")[0] == "елка" and "ёлка" in spellings("елка")


def test_arabic_hamza_on_alef_is_optional(filled):
    store, ids = filled
    assert found(store, "اعلنت") == found(store, "أعلنت") == {ids["zap-ar"]}


def test_chinese_inside_runs_of_characters(filled):
    store, ids = filled
    assert found(store, "核电站") == {ids["zap-zh"]}  # three characters: the trigram index
    assert found(store, "北京") == {ids["zap-zh"]}  # two: LIKE on the CJK table
    assert found(store, "格罗西 炮击") == {ids["zap-zh"]}
    assert found(store, "核电站 Reuters") == set()  # every word must match, across indexes
    assert found(store, "核电站 OR Reuters") == {ids["zap-zh"], ids["zap-en"]}
    assert found(store, "电站 -北京") == set()
    (hit,) = search(store.conn, "格罗西")
    marked = [hit.snippet[a:b] for a, b in hit.marks]
    assert marked and all(m == "格罗西" for m in marked)
    (hit,) = search(store.conn, "北京")
    assert [hit.snippet[a:b] for a, b in hit.marks] == ["北京"]


def test_phrases_prefixes_exclusion_and_or(filled):
    store, ids = filled
    assert found(store, '"nuclear plant"') == {ids["zap-en"]}
    assert found(store, '"plant nuclear"') == set()
    assert found(store, "hurric*") == {ids["irma-en"]}
    assert found(store, "Irma") == {ids["irma-en"], ids["irma-fr"]}
    assert found(store, "Irma -Floride") == {ids["irma-en"]}
    assert found(store, "ouragan OR hurricane") == {ids["irma-en"], ids["irma-fr"]}


def test_snippets_mark_the_matched_words_in_the_original_text(filled):
    store, _ = filled
    (hit,) = search(store.conn, "zaporijia")
    assert [hit.snippet[a:b] for a, b in hit.marks] == ["Zaporíjia"]
    assert "<mark>Zaporíjia</mark>" in hit.snippet_html()
    (hit,) = search(store.conn, '"nuclear plant"')
    assert [hit.snippet[a:b] for a, b in hit.marks] == ["nuclear plant"]
    assert "<b>" not in search(store.conn, "governor")[0].snippet_html()


def test_facets_count_every_value_but_the_facets_own_filter(filled):
    store, ids = filled
    everything = search(store.conn, "zaporijia OR zaporizhzhia OR запорожской OR 核电站 OR زابوريجيا")
    assert everything.total == 5
    assert dict(everything.facets["lang"]) == {"fr": 1, "en": 1, "ru": 1, "zh": 1, "ar": 1}
    assert dict(everything.facets["story"]) == {1: 3, 2: 2}
    assert dict(everything.facets["narrative"]) == {1: 5}
    assert dict(everything.facets["date"]) == {"2022-08": 3, "2022-09": 2}
    assert dict(everything.facets["verdict"]) == {"false": 1}
    query = everything.query
    russian = search(store.conn, query, lang="ru")
    assert {h.article_id for h in russian} == {ids["zap-ru"]} and russian.total == 1
    assert dict(russian.facets["lang"]) == dict(everything.facets["lang"])  # others stay visible
    assert dict(russian.facets["story"]) == {1: 1}
    assert found(store, query, lang=["ru", "zh"]) == {ids["zap-ru"], ids["zap-zh"]}
    assert found(store, query, outlet="xinhua") == {ids["zap-zh"]}
    assert found(store, query, story=2) == {ids["zap-zh"], ids["zap-ar"]}
    assert found(store, query, narrative=1) == found(store, query)
    assert found(store, query, verdict="false") == {ids["zap-ru"]}
    assert found(store, query, verdict="true") == set()
    assert found(store, query, date_from="2022-09") == {ids["zap-zh"], ids["zap-ar"]}
    assert found(store, query, date_to="2022-08-21") == {ids["zap-fr"], ids["zap-en"]}
    assert found(store, query, date_from="2022-08-21", date_to="2022-08") == {ids["zap-en"], ids["zap-ru"]}
    assert found(store, query, date_from="2022") == found(store, query)
    with pytest.raises(SearchError, match="not a date"):
        search(store.conn, query, date_from="22-08-2022")
    with pytest.raises(SearchError, match="empty"):
        search(store.conn, query, date_from="2022-09", date_to="2022-08")


def test_pages_cover_every_hit_once():
    store = Store(":memory:")
    rng = random.Random(3)
    rows = [
        (
            f"k{i}",
            "en",
            f"o{i % 3}",
            f"2020-01-{1 + i % 28:02d}",
            f"Report {i}",
            "ceasefire " * rng.randint(1, 5) + f"n{i}",
        )
        for i in range(57)
    ]
    store.save_batch([make(*row) for row in rows])
    for order in ("relevance", "newest", "oldest"):
        seen, offset = [], 0
        while offset is not None:
            page = search(store.conn, "ceasefire", limit=10, offset=offset, order=order)
            assert page.total == 57 and len(page) <= 10
            seen += [h.article_id for h in page]
            offset = page.next_offset
        assert len(seen) == len(set(seen)) == 57
    newest = [h.published for h in search(store.conn, "ceasefire", limit=57, order="newest")]
    assert newest == sorted(newest, reverse=True)
    with pytest.raises(SearchError):
        search(store.conn, "ceasefire", limit=0)
    with pytest.raises(SearchError):
        search(store.conn, "ceasefire", offset=-1)


HOSTILE = [
    '"',
    '"unbalanced quote',
    'ends with a quote"',
    "AND",
    "OR",
    "NOT",
    "a AND",
    "OR Irma",
    "Irma OR",
    "NOT Irma",
    "(",
    ")",
    "(Irma",
    "Irma)",
    "*",
    "Irma*",
    "^Irma",
    "title:Irma",
    "NEAR(Irma Florida)",
    "Irma + Florida",
    "'",
    "\\",
    "%",
    "_",
    "%%",
    "-",
    "--",
    "-Irma",
    '"" ""',
    '""Irma""',
    "a\x00b",
    "Irma\u200bFlorida",
    ";DROP TABLE articles;--",
    "北",
    "%北%",
    "‮Irma",
    "Irma " * 300,
    "\t\n",
    "::",
    "{Irma}",
    "Irma-",
    '-"Irma"',
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_search_or_say_why_never_crash(filled, query):
    store, _ = filled
    try:
        results = search(store.conn, query)
    except SearchError as exc:
        assert "nothing to search for" in str(exc)
        return
    assert results.total >= len(results)
    assert store.count() == len(ARTICLES)


def test_user_syntax_is_quoted_not_run():
    groups, excluded = parse_query('title:Irma "NEAR(x" -y OR z')
    assert [[t.text for t in g] for g in groups] == [["title:irma"], ["near(x"], ["z"]]
    assert [t.text for t in excluded] == ["y"]
    with pytest.raises(SearchError, match="nothing to search for"):
        parse_query('"" - * OR')


def test_index_follows_inserts_updates_deletes_and_versions(filled):
    store, ids = filled
    conn = store.conn
    conn.execute("UPDATE articles SET text = 'Tempête sur Brest' WHERE id = ?", (ids["irma-fr"],))
    assert found(store, "tempete") == {ids["irma-fr"]}
    assert ids["irma-fr"] not in found(store, "traverse")  # the old text is gone from the index
    conn.execute("UPDATE articles SET text = '北京的天气' WHERE id = ?", (ids["irma-en"],))
    assert found(store, "北京") == {ids["zap-zh"], ids["irma-en"]}
    conn.execute("DELETE FROM story_articles WHERE article_id = ?", (ids["zap-zh"],))
    conn.execute("DELETE FROM articles WHERE id = ?", (ids["zap-zh"],))
    assert found(store, "北京") == {ids["irma-en"]} and found(store, "格罗西") == set()
    # a new version of a page replaces the old one in results
    old = ARTICLES[1]
    [(new, status)] = store.save_batch(
        [make(old[0], *old[1:4], old[4], "The IAEA mission reached Zaporizhzhia.")]
    )
    assert status == "version"
    assert found(store, "mission") == {new.id} and found(store, "shelling") == set()
    for table in ("article_search", "article_search_cjk"):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")


def test_migration_indexes_an_existing_database(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    every = store_db._migrations()
    monkeypatch.setattr(store_db, "_migrations", lambda: [m for m in every if m[0] < 9])
    with Store(path) as old:
        assert old.schema_version == 8
        old.save_batch([make(*row) for row in ARTICLES])
        assert "article_search" not in {r[0] for r in old.conn.execute("SELECT name FROM sqlite_master")}
    monkeypatch.undo()
    with Store(path) as store:
        assert store.schema_version >= 9
        assert len(found(store, "zaporijia OR zaporizhzhia OR 扎波罗热 OR Irma")) == 5
        assert len(found(store, "北京")) == 1
        store.conn.execute("INSERT INTO article_search (article_search) VALUES ('integrity-check')")
    # the file is still a plain SQLite database for any other reader
    with sqlite3.connect(path) as conn:
        assert (
            conn.execute("SELECT COUNT(*) FROM article_search WHERE article_search MATCH 'irma'").fetchone()[
                0
            ]
            == 2
        )
