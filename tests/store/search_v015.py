"""search() as it was before the search_facets table (migration 016), kept as the reference the
new one must agree with: it reads the article rows, tests the latest version per hit, joins the
stories, and sorts every facet value in Python."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from newstrace.errors import SearchError
from newstrace.store.search import (
    _END,
    _LATEST,
    _START,
    _TITLE_WEIGHT,
    FACET_VALUES,
    FACETS,
    MAX_LIMIT,
    ORDERS,
    SearchHit,
    SearchResults,
    _cjk_long,
    _fallback_snippet,
    _filters,
    _fts,
    _subquery,
    _unmark,
    _where,
    parse_query,
)


def search_v015(
    conn: sqlite3.Connection,
    query: str,
    *,
    lang: str | Sequence[str] | None = None,
    outlet: str | Sequence[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    story: int | Sequence[int] | None = None,
    narrative: int | Sequence[int] | None = None,
    verdict: str | Sequence[str] | None = None,
    limit: int = 50,
    offset: int = 0,
    order: str = "relevance",
) -> SearchResults:
    """Latest article versions matching ``query`` (see the module's docstring for its syntax)
    and every filter given; one page of ``limit`` hits from ``offset``, with facet counts."""
    if not 1 <= limit <= MAX_LIMIT:
        raise SearchError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise SearchError(f"offset must be 0 or more, not {offset}")
    if order not in ORDERS:
        raise SearchError(f"unknown order {order!r}; use one of {', '.join(ORDERS)}")
    groups, excluded = parse_query(query)
    filters = _filters(
        lang=lang,
        outlet=outlet,
        date_from=date_from,
        date_to=date_to,
        story=story,
        narrative=narrative,
        verdict=verdict,
    )

    # The index that ranks and gives snippets: words when the query has a group of words only,
    # else trigrams when it has a group of CJK strings of three characters or more. The other
    # groups and the excluded terms become conditions on the article id.
    words = [g for g in groups if not any(t.cjk for t in g)]
    trigrams = [g for g in groups if all(t.cjk and _cjk_long(t) for t in g)] if not words else []
    main_table, main_expr = None, None
    if words:
        main_table = "article_search"
        main_expr = " AND ".join(
            _fts(g[0]) if len(g) == 1 else f"({' OR '.join(_fts(t) for t in g)})" for g in words
        )
        plain_excluded = [t for t in excluded if not t.cjk]
        if plain_excluded:
            main_expr = f"({main_expr}) NOT ({' OR '.join(_fts(t) for t in plain_excluded)})"
            excluded = [t for t in excluded if t.cjk]
    elif trigrams:
        main_table = "article_search_cjk"
        main_expr = " AND ".join(
            "(" + " OR ".join('"' + t.text.replace('"', '""') + '"' for t in g) + ")" for g in trigrams
        )
    ranked = words or trigrams
    conditions: list[tuple[str, list[Any]]] = []
    for group in groups:
        if any(group is g for g in ranked):
            continue
        parts = [_subquery(t) for t in group]
        conditions.append(
            (f"a.id IN ({' UNION '.join(sql for sql, _ in parts)})", [p for _, ps in parts for p in ps])
        )
    for term in excluded:
        sql, params = _subquery(term)
        conditions.append((f"a.id NOT IN ({sql})", params))

    if main_table:
        score = f"bm25({main_table}, {_TITLE_WEIGHT}, 1.0)" if order == "relevance" else "0.0"
        source = (
            # bm25 costs a tenth of the time of a common word's search: only when it orders
            f"SELECT rowid AS id, {score} AS score FROM {main_table} WHERE {main_table} MATCH ?"
        )
        source_params: list[Any] = [main_expr]
    else:
        source, source_params = "SELECT id, 0.0 AS score FROM articles", []
    extra, extra_params = _where(conditions)
    matched = (
        "WITH m AS MATERIALIZED (SELECT a.id, f.score, a.lang, a.outlet, a.published,"
        " s.story_id, st.narrative_id"
        # the card index holds every column read here: the rows (and their texts) stay unread
        f" FROM ({source}) f JOIN articles a ON a.id = f.id"
        " LEFT JOIN story_articles s ON s.article_id = a.id LEFT JOIN stories st ON st.id = s.story_id"
        f" WHERE {_LATEST} AND {extra})"
    )
    matched_params = source_params + extra_params

    every, every_params = _where(list(filters.values()))
    facet_sql, facet_params = [], []
    for name, value in (
        ("lang", "m.lang"),
        ("outlet", "m.outlet"),
        ("date", "substr(m.published, 1, 7)"),
        ("story", "m.story_id"),
        ("narrative", "m.narrative_id"),
    ):
        others, params = _where([f for key, f in filters.items() if key != name])
        facet_sql.append(
            f"SELECT '{name}', {value}, COUNT(*) FROM m WHERE {value} IS NOT NULL AND {others} GROUP BY 2"
        )
        facet_params += params
    others, params = _where([f for key, f in filters.items() if key != "verdict"])
    facet_sql.append(
        "SELECT 'verdict', v.rating, COUNT(DISTINCT m.id) FROM m JOIN (SELECT DISTINCT fm.article_id,"
        " f.rating FROM factcheck_matches fm JOIN factchecks f ON f.id = fm.factcheck_id"
        f" WHERE f.rating IS NOT NULL) v ON v.article_id = m.id WHERE {others} GROUP BY 2"
    )
    facet_params += params
    facet_sql.append(f"SELECT 'total', NULL, COUNT(*) FROM m WHERE {every}")
    facet_params += every_params

    newest = "m.published IS NULL, m.published DESC, m.id DESC"
    ordering = {
        "relevance": f"m.score, {newest}",
        "newest": newest,
        "oldest": "m.published IS NULL, m.published, m.id",
    }[order]
    # the page rides in the same statement as the counts, so the matches are gathered once
    facet_sql.append(
        f"SELECT 'page', p.id, NULL FROM (SELECT m.id FROM m WHERE {every} ORDER BY {ordering}"
        " LIMIT ? OFFSET ?) p"
    )
    facet_params += [*every_params, limit, offset]
    try:
        counted = conn.execute(
            f"{matched} {' UNION ALL '.join(facet_sql)}", matched_params + facet_params
        ).fetchall()
        page = [value for name, value, _ in counted if name == "page"]
        found = {
            r["id"]: r
            for r in conn.execute(
                "SELECT a.id, a.title, a.outlet, a.lang, a.published, a.url, s.story_id, st.narrative_id"
                " FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id"
                f" LEFT JOIN stories st ON st.id = s.story_id WHERE a.id IN ({','.join('?' * len(page))})",
                page,
            )
        }
        rows = [found[i] for i in page]
        snippets = _snippets_v015(conn, main_table, main_expr, page)
    except sqlite3.OperationalError as exc:  # the query is quoted, so this is a rare FTS5 limit
        raise SearchError(f"cannot search for {query!r} ({exc})") from exc

    facets: dict[str, list[tuple[Any, int]]] = {name: [] for name in FACETS}
    total = 0
    for name, value, count in counted:
        if name == "page":
            continue
        if name == "total":
            total = count
        else:
            facets[name].append((value, count))
    for name, values in facets.items():
        if name == "date":
            values.sort()
        else:
            values.sort(key=lambda vc: (-vc[1], str(vc[0])))
            del values[FACET_VALUES:]

    plain_terms = [t.text for g in groups for t in g]
    hits = []
    for r in rows:
        snippet, marks = snippets.get(r["id"]) or _fallback_snippet(conn, r["id"], plain_terms)
        hits.append(
            SearchHit(
                article_id=r["id"],
                title=r["title"],
                outlet=r["outlet"],
                lang=r["lang"],
                published=r["published"],
                url=r["url"],
                story_id=r["story_id"],
                narrative_id=r["narrative_id"],
                snippet=snippet,
                marks=marks,
            )
        )
    return SearchResults(query=query, hits=hits, total=total, facets=facets, limit=limit, offset=offset)


def _snippets_v015(
    conn: sqlite3.Connection, table: str | None, expr: str | None, ids: list[int]
) -> dict[int, tuple[str, list[tuple[int, int]]]]:
    """FTS5 snippets of the text column for these hits, the matches marked; a hit whose text
    holds no match (it matched in the title) gets none here."""
    if not table or not ids:
        return {}
    tokens = 40 if table == "article_search_cjk" else 24  # trigram tokens are single characters
    rows = conn.execute(
        f"SELECT rowid, snippet({table}, 1, ?, ?, '…', {tokens}) FROM {table}"
        f" WHERE {table} MATCH ? AND rowid IN ({','.join('?' * len(ids))})",
        [_START, _END, expr, *ids],
    ).fetchall()
    found = {}
    for rowid, marked in rows:
        snippet, marks = _unmark(marked or "")
        if marks:
            found[rowid] = (snippet, marks)
    return found
