"""Full-text search over the articles: SQLite FTS5 (migration 009), facets, pages, snippets.

Two indexes, both kept in step with ``articles`` by triggers:

- ``article_search`` splits words with unicode61 and folds case and diacritics, for every
  script that puts spaces between words;
- ``article_search_cjk`` indexes trigrams of the texts that hold Chinese, Japanese or Korean,
  which are written without spaces; a word of one or two such characters is found by LIKE there.

What a user types is never handed to FTS5 as syntax: it is parsed here into words, "quoted
phrases", ``prefix*``, ``-excluded`` words and ``OR`` between words, and each one is passed to
FTS5 as a quoted string. So a stray quote, a bare ``AND`` or a parenthesis is a word, not an
error; a query with nothing to search for raises ``SearchError`` saying so.
"""

from __future__ import annotations

import html
import re
import sqlite3
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import product
from typing import Any, overload

from newstrace.datafile import read_package_yaml
from newstrace.errors import SearchError

__all__ = ["FACETS", "ORDERS", "ArticlePage", "SearchHit", "SearchResults", "browse", "parse_query", "search"]

FACETS = ("lang", "outlet", "date", "story", "narrative", "verdict")
ORDERS = ("relevance", "newest", "oldest")
MAX_LIMIT = 1000
FACET_VALUES = 20  # values listed per facet (every month for ``date``)
# Facets are counted exactly over at most this many hits; a query with more hits counts them over
# a fixed pseudo-random sample of about this many and scales the counts up (``facets_exact`` is
# then False). Counting grows with the hits (a common word is in a sixth of a collection) while
# a facet only has to say which values are large: this keeps a search's cost bounded by the
# ranking alone, as Algolia does with its non-exhaustive facet counts. The total stays exact.
FACET_SAMPLE = 4000
_HASH = 2654435761  # Knuth's multiplicative hash: the sample does not follow ids, so not dates either

# Hiragana, katakana, CJK ideographs (and what lies between), Hangul syllables, compatibility
# ideographs: the same ranges as the GLOB in migration 009.
_CJK = re.compile("[\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_START, _END = "\x02", "\x03"  # snippet() markers: control characters no article text keeps
_TOKEN = re.compile(r'(-?)"([^"]*)"?(\*?)|([^\s"]+)')
_LATEST = "NOT EXISTS (SELECT 1 FROM articles b WHERE b.key = a.key AND b.version > a.version)"
_TITLE_WEIGHT = 4.0  # bm25 weight of a title hit against a text hit


# -- results -----------------------------------------------------------------------------------
@dataclass
class SearchHit:
    article_id: int
    title: str
    outlet: str | None
    lang: str | None
    published: str | None
    url: str | None
    story_id: int | None
    snippet: str  # plain text around the best match
    marks: list[tuple[int, int]] = field(default_factory=list)  # matched spans in ``snippet``
    narrative_id: int | None = None

    def snippet_html(self, tag: str = "mark") -> str:
        """The snippet HTML-escaped, each match wrapped in ``<mark>``."""
        parts, at = [], 0
        for start, end in self.marks:
            parts += [html.escape(self.snippet[at:start]), f"<{tag}>", html.escape(self.snippet[start:end])]
            parts.append(f"</{tag}>")
            at = end
        return "".join(parts) + html.escape(self.snippet[at:])


@dataclass
class SearchResults(Sequence[SearchHit]):
    """One page of hits, the number of hits in all, and facet counts.

    It is a sequence of this page's hits (``len``, indexing, iteration). Each facet lists
    ``(value, count)`` over the articles that match the query and every filter but the facet's
    own, so the other values of a filtered facet stay visible: ``lang``, ``outlet``, ``story``,
    ``narrative``, ``verdict`` (fact-check rating of a match) largest first, ``date`` by month.
    Above FACET_SAMPLE hits the counts are estimates from a fixed sample (``facets_exact`` False).
    """

    query: str
    hits: list[SearchHit]
    total: int
    facets: dict[str, list[tuple[Any, int]]]
    limit: int
    offset: int
    facets_exact: bool = True  # False: counted on a sample of the hits and scaled (FACET_SAMPLE)

    @property
    def next_offset(self) -> int | None:
        """Where the next page starts, None on the last page."""
        after = self.offset + len(self.hits)
        return after if after < self.total else None

    def __len__(self) -> int:
        return len(self.hits)

    @overload
    def __getitem__(self, index: int) -> SearchHit: ...
    @overload
    def __getitem__(self, index: slice) -> list[SearchHit]: ...
    def __getitem__(self, index: int | slice) -> SearchHit | list[SearchHit]:
        return self.hits[index]

    def __iter__(self) -> Iterator[SearchHit]:
        return iter(self.hits)


# -- the query ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    text: str  # lower-cased, as typed otherwise
    prefix: bool = False
    negated: bool = False

    @property
    def cjk(self) -> bool:
        return bool(_CJK.search(self.text))


def parse_query(query: str) -> tuple[list[list[Term]], list[Term]]:
    """The query's groups of alternatives (every group must match, one term of a group is
    enough) and its excluded terms. Raises SearchError when nothing is left to search for."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = after_wanted = False
    # control characters (NUL ends a C string, \x02 and \x03 mark snippets) separate words
    query = "".join(" " if unicodedata.category(c) == "Cc" else c for c in query)
    for match in _TOKEN.finditer(query):
        minus, quoted, star, bare = match.groups()
        if bare is not None:
            if bare == "OR":  # joins two wanted terms; next to an excluded one it means nothing
                join_next = after_wanted
                continue
            minus = "-" if bare.startswith("-") and len(bare) > 1 else ""
            star = "*" if bare.endswith("*") else ""
            quoted = bare[len(minus) : len(bare) - len(star)]
        text = " ".join(quoted.lower().split())
        if not any(c.isalnum() for c in text):
            join_next = after_wanted = False
            continue
        term = Term(text, prefix=bool(star), negated=bool(minus))
        if term.negated:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next, after_wanted = False, not term.negated
    if not groups:
        raise SearchError(
            f"nothing to search for in {query!r}: give at least one word"
            " (quotes for a phrase, word* for a prefix, -word to exclude, OR between words)"
        )
    return groups, excluded


@lru_cache(maxsize=1)
def _folds() -> tuple[int, list[tuple[str, list[str]]]]:
    data = read_package_yaml("newstrace.store", "search_folds.yaml")
    return int(data["max_spellings"]), [(plain, list(forms)) for plain, forms in data["letters"].items()]


def spellings(text: str) -> list[str]:
    """``text`` in every spelling of the letters the index does not fold (search_folds.yaml),
    the plain one first; at most ``max_spellings``."""
    limit, letters = _folds()
    for plain, forms in letters:
        for form in forms:
            text = text.replace(form, plain)
    pattern = "|".join(re.escape(plain) for plain, _ in letters)
    pieces = re.split(f"({pattern})", text)
    options = [[p] if i % 2 == 0 else [p, *dict(letters)[p]] for i, p in enumerate(pieces)]
    found: list[str] = []
    for combination in product(*options):
        found.append("".join(combination))
        if len(found) >= limit:
            break
    return found


def _fts(term: Term) -> str:
    """A term as an FTS5 expression: each spelling a quoted string (quotes doubled), OR-ed."""
    star = "*" if term.prefix else ""
    quoted = [f'"{s.replace(chr(34), chr(34) * 2)}"{star}' for s in spellings(term.text)]
    return quoted[0] if len(quoted) == 1 else f"({' OR '.join(quoted)})"


def _cjk_long(term: Term) -> bool:
    return len(term.text) >= 3  # trigrams: shorter strings are found by LIKE


def _subquery(term: Term) -> tuple[str, list[Any]]:
    """The ids of the articles holding ``term``, as SQL."""
    if not term.cjk:
        return "SELECT rowid FROM article_search WHERE article_search MATCH ?", [_fts(term)]
    if _cjk_long(term):
        quoted = '"' + term.text.replace('"', '""') + '"'
        return "SELECT rowid FROM article_search_cjk WHERE article_search_cjk MATCH ?", [quoted]
    like = "%" + re.sub(r"([\\%_])", r"\\\1", term.text) + "%"
    return (
        "SELECT rowid FROM article_search_cjk WHERE title LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\'",
        [like, like],
    )


# -- filters -----------------------------------------------------------------------------------
def _values(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (str, int)):
        return [value]
    return list(value)


def _day(value: str | None, name: str) -> str | None:
    """A date bound as given (YYYY, YYYY-MM or YYYY-MM-DD), checked."""
    if value is None:
        return None
    value = value.strip()
    shaped = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    try:
        if not shaped:
            raise ValueError
        date(int(shaped.group(1)), int(shaped.group(2) or 1), int(shaped.group(3) or 1))
    except ValueError:
        raise SearchError(f"{name}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return value


def _filters(
    *,
    lang: Any,
    outlet: Any,
    date_from: str | None,
    date_to: str | None,
    story: Any,
    narrative: Any,
    verdict: Any,
    alias: str = "m",
) -> dict[str, tuple[str, list[Any]]]:
    """Each facet's condition on the matched rows (``alias``: ``m``), with its parameters."""
    found: dict[str, tuple[str, list[Any]]] = {}
    for name, column, value in (
        ("lang", f"{alias}.lang", lang),
        ("outlet", f"{alias}.outlet", outlet),
        ("story", f"{alias}.story_id", story),
        ("narrative", f"{alias}.narrative_id", narrative),
    ):
        values = _values(value)
        if values:
            found[name] = (f"{column} IN ({','.join('?' * len(values))})", values)
    verdicts = _values(verdict)
    if verdicts:
        found["verdict"] = (
            f"{alias}.id IN (SELECT fm.article_id FROM factcheck_matches fm JOIN factchecks f ON f.id = fm.factcheck_id"
            f" WHERE f.rating IN ({','.join('?' * len(verdicts))}))",
            verdicts,
        )
    low, high = _day(date_from, "from"), _day(date_to, "to")
    if low and high and high < low[: len(high)]:
        raise SearchError(f"the date range is empty: from {low} is after to {high}")
    dated: list[str] = []
    params: list[Any] = []
    if low:  # a partial bound compares as a prefix: from 2017-09 is 2017-09-01 on
        dated.append(f"substr({alias}.published, 1, {len(low)}) >= ?")
        params.append(low)
    if high:  # to 2017-09 is up to 2017-09-30
        dated.append(f"substr({alias}.published, 1, {len(high)}) <= ?")
        params.append(high)
    if dated:
        found["date"] = (" AND ".join(dated), params)
    return found


def _where(conditions: list[tuple[str, list[Any]]]) -> tuple[str, list[Any]]:
    if not conditions:
        return "1", []
    return " AND ".join(f"({sql})" for sql, _ in conditions), [p for _, ps in conditions for p in ps]


# -- searching ---------------------------------------------------------------------------------
def search(
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
    chosen = {
        "lang": lang,
        "outlet": outlet,
        "date_from": date_from,
        "date_to": date_to,
        "story": story,
        "narrative": narrative,
        "verdict": verdict,
    }
    filters = _filters(**chosen)

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

    extra, extra_params = _where(conditions)
    columns = "a.id, a.lang, a.outlet, a.published, a.story_id, a.narrative_id"
    if main_table:
        # bm25 is most of a search's cost, so it is computed only when it orders, and only for
        # the hits that pass every filter (a story or an outlet keeps a few of a common word's
        # thousands); the others are still counted by the facets. search_facets (migration
        # 016) holds the latest version of each key only, with every value a facet or filter
        # reads: a hit is one lookup by row id, its text stays unread.
        score, score_params = "0.0", []
        if order == "relevance":
            score = f"bm25({main_table}, {_TITLE_WEIGHT}, 1.0)"
            if filters:
                passes, score_params = _where(list(_filters(**chosen, alias="a").values()))
                score = f"CASE WHEN {passes} THEN {score} END"
        matched = (
            f"WITH m AS MATERIALIZED (SELECT {columns}, {score} AS score FROM {main_table}"
            f" CROSS JOIN search_facets a ON a.id = {main_table}.rowid WHERE {main_table} MATCH ? AND {extra})"
        )
        matched_params = [*score_params, main_expr, *extra_params]
    else:
        matched = (
            f"WITH m AS MATERIALIZED (SELECT {columns}, 0.0 AS score FROM search_facets a WHERE {extra})"
        )
        matched_params = extra_params

    every, every_params = _where(list(filters.values()))
    # the facets' hits ``s``: every hit when there are at most FACET_SAMPLE, else those whose
    # hash falls in the first FACET_SAMPLE/n of its range (n counted once: an uncorrelated subquery)
    matched += (
        ", s AS MATERIALIZED (SELECT * FROM m WHERE"
        f" ((m.id * {_HASH}) % 4294967296) * (SELECT COUNT(*) FROM m) < 4294967296 * {FACET_SAMPLE})"
    )
    facet_sql, facet_params = [], []
    for name, value in (
        ("lang", "m.lang"),
        ("outlet", "m.outlet"),
        ("date", "substr(m.published, 1, 7)"),
        ("story", "m.story_id"),
        ("narrative", "m.narrative_id"),
    ):
        others, params = _where([f for key, f in filters.items() if key != name])
        grouped = (
            f"SELECT {value} AS v, COUNT(*) AS n FROM s m WHERE {value} IS NOT NULL AND {others} GROUP BY 1"
        )
        # the largest values only, ties by their text (a story facet holds thousands of values)
        top = "" if name == "date" else f" ORDER BY n DESC, CAST(v AS TEXT) LIMIT {FACET_VALUES}"
        facet_sql.append(f"SELECT * FROM (SELECT '{name}', v, n FROM ({grouped}){top})")
        facet_params += params
    others, params = _where([f for key, f in filters.items() if key != "verdict"])
    facet_sql.append(
        "SELECT * FROM (SELECT 'verdict', v.rating, COUNT(DISTINCT m.id) AS n FROM s m JOIN (SELECT DISTINCT"
        " fm.article_id, f.rating FROM factcheck_matches fm JOIN factchecks f ON f.id = fm.factcheck_id"
        f" WHERE f.rating IS NOT NULL) v ON v.article_id = m.id WHERE {others} GROUP BY 2"
        f" ORDER BY n DESC, CAST(v.rating AS TEXT) LIMIT {FACET_VALUES})"
    )
    facet_params += params
    facet_sql.append(f"SELECT 'total', NULL, COUNT(*) FROM m WHERE {every}")
    facet_params += every_params
    facet_sql.append(
        "SELECT 'hits', (SELECT COUNT(*) FROM m), (SELECT COUNT(*) FROM s)"
    )  # the sample's share

    newest = "m.published IS NULL, m.published DESC, m.id DESC"
    ordering = {
        "relevance": f"m.score, {newest}",
        "newest": newest,
        "oldest": "m.published IS NULL, m.published, m.id",
    }[order]
    # the page rides in the same statement as the counts, so the matches are gathered once
    facet_sql.append(
        f"SELECT 'page', p.id, NULL FROM (SELECT m.id FROM m WHERE {every} ORDER BY {ordering} LIMIT ? OFFSET ?) p"
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
        snippets = _snippets(conn, main_table, main_expr, page)
    except sqlite3.OperationalError as exc:  # the query is quoted, so this is a rare FTS5 limit
        raise SearchError(f"cannot search for {query!r} ({exc})") from exc

    facets: dict[str, list[tuple[Any, int]]] = {name: [] for name in FACETS}
    total = 0
    hits, in_sample = next((value, count) for name, value, count in counted if name == "hits")
    scale = hits / in_sample if in_sample and in_sample < hits else 1.0
    for name, value, count in counted:
        if name in ("page", "hits"):
            continue
        if name == "total":
            total = count
        else:  # a value seen in the sample stands for at least one hit
            facets[name].append((value, max(1, round(count * scale))))
    for name, values in facets.items():
        if name == "date":
            values.sort()
        else:
            values.sort(key=lambda vc: (-vc[1], str(vc[0])))
            del values[FACET_VALUES:]

    plain_terms = [t.text for g in groups for t in g]
    found_hits = []
    for r in rows:
        snippet, marks = snippets.get(r["id"]) or _fallback_snippet(conn, r["id"], plain_terms)
        found_hits.append(
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
    return SearchResults(
        query=query,
        hits=found_hits,
        total=total,
        facets=facets,
        limit=limit,
        offset=offset,
        facets_exact=scale == 1.0,
    )


# -- snippets ----------------------------------------------------------------------------------
def _snippets(
    conn: sqlite3.Connection, table: str | None, expr: str | None, ids: list[int]
) -> dict[int, tuple[str, list[tuple[int, int]]]]:
    """FTS5 snippets of the text column for these hits, the matches marked; a hit whose text
    holds no match (it matched in the title) gets none here."""
    if not table or not ids:
        return {}
    tokens = 40 if table == "article_search_cjk" else 24  # trigram tokens are single characters
    # FTS5 runs the match once per value of an IN list, and a prefix merges the doclists of all
    # its words each time (заяв*: 48 ms for 20 hits); a rowid range runs it once, and the list,
    # hidden from FTS5 by the +, picks the page's rows before their snippets are made (8 ms)
    rows = conn.execute(
        f"SELECT rowid, snippet({table}, 1, ?, ?, '…', {tokens}) FROM {table}"
        f" WHERE {table} MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN ({','.join('?' * len(ids))})",
        [_START, _END, expr, min(ids), max(ids), *ids],
    ).fetchall()
    found = {}
    for rowid, marked in rows:
        snippet, marks = _unmark(marked or "")
        if marks:
            found[rowid] = (snippet, marks)
    return found


def _unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Plain text and the spans between the markers; spans only a space apart are joined (a
    phrase is one mark)."""
    text = ""
    marks: list[tuple[int, int]] = []
    start = None
    for piece in re.split(f"([{_START}{_END}])", " ".join(marked.split())):
        if piece == _START:
            start = len(text)
        elif piece == _END and start is not None:
            if marks and not text[marks[-1][1] : start].strip():
                marks[-1] = (marks[-1][0], len(text))
            else:
                marks.append((start, len(text)))
            start = None
        else:
            text += piece
    return text, marks


def fold(text: str | None) -> str:
    """Case and diacritics folded, character by character (é = e, Ё = е)."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fallback_snippet(
    conn: sqlite3.Connection, article_id: int, terms: list[str], width: int = 160
) -> tuple[str, list[tuple[int, int]]]:
    """About ``width`` characters of the text around the first place a term is found, with every
    place marked, for matches FTS5 cannot mark: CJK words found by LIKE (no folding to undo), or
    a match in the title only (then the opening of the text, unmarked)."""
    row = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
    text = " ".join((row[0] if row else "").split())
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer (İ): offsets would drift
        lowered = text
    wanted = [t.lower() for t in terms if t]
    found = [at for at in (lowered.find(w) for w in wanted) if at >= 0]
    start = max(0, min(found) - width // 3) if found else 0
    end = min(len(text), start + width)
    marks = []
    for word in wanted:
        at = lowered.find(word, start)
        while 0 <= at and at + len(word) <= end:
            marks.append((at - start, at - start + len(word)))
            at = lowered.find(word, at + len(word))
    lead = "…" if start else ""
    snippet = lead + text[start:end] + ("…" if end < len(text) else "")
    return snippet, sorted((a + len(lead), b + len(lead)) for a, b in marks)


# -- browsing ----------------------------------------------------------------------------------
@dataclass
class ArticlePage:
    """One page of article summaries in id order, and the cursor of the next page."""

    articles: list[dict[str, Any]]  # id, title, url, outlet, lang, published, story_id, narrative_id
    next_after: int | None  # pass as ``after`` for the next page; None on the last page


def browse(
    conn: sqlite3.Connection,
    *,
    lang: str | Sequence[str] | None = None,
    outlet: str | Sequence[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    story: int | Sequence[int] | None = None,
    narrative: int | Sequence[int] | None = None,
    verdict: str | Sequence[str] | None = None,
    after: int = 0,
    limit: int = 50,
) -> ArticlePage:
    """Latest article versions with the same filters as ``search`` and no query, in id order
    from the id after ``after``: a cursor stays right while articles are added."""
    if not 1 <= limit <= MAX_LIMIT:
        raise SearchError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    filters = _filters(
        lang=lang,
        outlet=outlet,
        date_from=date_from,
        date_to=date_to,
        story=story,
        narrative=narrative,
        verdict=verdict,
    )
    where, params = _where([*filters.values(), ("m.id > ?", [after])])
    rows = conn.execute(
        "SELECT * FROM (SELECT a.id, a.title, a.url, a.outlet, a.lang, a.published, s.story_id,"
        " st.narrative_id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id"
        f" LEFT JOIN stories st ON st.id = s.story_id WHERE {_LATEST}) m WHERE {where}"
        " ORDER BY m.id LIMIT ?",
        [*params, limit + 1],
    ).fetchall()
    found = [dict(r) for r in rows[:limit]]
    return ArticlePage(found, found[-1]["id"] if len(rows) > limit else None)
