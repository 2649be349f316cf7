"""The later stages of `newstrace batch`: relations, then stories and narratives.

``newstrace run`` compares the articles one at a time in ``trace_pending`` order (publication
date, undated last, then id) against everything compared before, and each site's boilerplate is
what that site published just before (``SiteProfiles``: its first ``KEEP`` pages, then a sliding
window). The batch job gives the same relations by making that order explicit rather than by
running it article after article:

1. **The collection.** Rows of the articles table become stored articles as ``Store.save_batch``
   would take them in input order: a row whose key's previous row has the same content is
   ``unchanged`` and dropped; the others are numbered ``seq`` = the id they get in an empty
   database. Only each key's latest version is compared (``Store.untraced_ids``), and ``order``
   is its rank in the order ``trace_pending`` compares.
2. **Per article** (``mapPartitions``): the linker's ``article_entry`` and ``article_embedding``
   (whose centroid is the document vector) and the story grouping's ``features``.
3. **Per outlet** (one group per outlet, its pages in ``order``): the library's ``SiteProfiles``
   fed as ``trace_pending`` feeds it, giving each page its boilerplate and MinHash signature
   (``minhash``); a second pass gives the boilerplate of a candidate's site at the time the
   later article of the pair is compared.
4. **Candidates**: an LSH band join on the library's ``band_keys`` (the same 64 bands of 2 rows as
   ``ReuseIndex``; every earlier article sharing a band key), and a vector join blocked by time
   (``WINDOW_DAYS`` buckets: an article meets the earlier articles of its own and the neighbouring
   buckets; an undated one, compared last, meets every earlier one, in blocks of
   ``UNDATED_CHUNK`` earlier articles), keeping the cosines of at least ``VECTOR_COSINE`` as the
   linker's ``VectorIndex`` does in its exact mode. The blocks' rows carry each article's light
   ``Entry`` (language, key, outlet, credits, day), so a block keeps only the pairs the linker
   looks at (``link.vector_candidates``: the closest per language, and those a credit ties):
   the shuffles after it move ids, and only the chosen pairs join the heavy features (text,
   sentence embeddings) of their earlier article.
5. **Pair decisions** (``mapPartitions`` over the candidates grouped by their later article):
   ``Linker.relations`` — the very function ``Linker.link`` calls — with those candidates.
6. **Stories** on the driver: the articles' story features and the relations are collected and
   given to ``StoryIndex.add_features`` in the batches ``group_pending`` makes (``STORY_BATCH``
   articles in id order), because the grouping is incremental: a batch is compared with the
   stories the earlier batches built, so the partition depends on that order.
7. **Fact-check matches** (with ``--factchecks``): each article's own in ``mapPartitions``
   (``Matcher.match_article``, the matcher built once per worker), each story's on the driver
   (``pipeline.story_factchecks``), then what the story lends its articles in ``mapPartitions``
   (``pipeline.lent_matches``): ``pipeline.match_stories``'s functions, in its order.

What scales and what does not: steps 1-5 are Spark joins and per-group work (the vector join costs
the articles of a time bucket times those of three buckets, exact; undated articles cost every
earlier article each, in bounded blocks; an LSH bucket its size squared). A time bucket's block
is not bounded: a year of news is three or four of them. Step 6 holds every article's story
features on the driver (about 4 KB each: 2 × 512 float32 and the anchors), as ``run`` holds its
``StoryIndex`` in one process: fine for millions of articles on a large driver, not for a
hundred million.

Where ``run`` is approximate the batch is exact: above ``EXACT_BELOW`` (50,000) vectors the local
``VectorIndex`` becomes an inverted file that can miss a neighbour, the vector join here does not.
Embeddings of one sentence may differ in the last bits between the two (the model encodes the
sentences it is given in one batch), so a cosine at a threshold to 1e-6 may fall either side.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from newstrace.model import Analysis, Article, Relation

UNDATED = (1, 0)  # the vector join's first block of undated articles (keys of one type: Spark sorts them)
UNDATED_CHUNK = 20_000  # earlier articles per undated block (20k × 2 KB vectors: 40 MB a task)


@dataclass(slots=True)
class Item:
    """One compared article: its id in the database ``load`` fills, its rank in the order
    ``trace_pending`` compares, the article (with ``id = seq``) and its analysis."""

    seq: int
    order: int
    ref: str
    article: Article
    analysis: Analysis | None


# -- 1. the collection ---------------------------------------------------------------------------
def stored_rows(rows: list[tuple[str, str, str]]) -> list[tuple[str, bool]]:
    """For one key's rows (ref, content hash, …) in input order: (ref, whether it is stored)."""
    kept, previous = [], None
    for ref, content_hash, *_ in sorted(rows):
        kept.append((ref, content_hash != previous))
        previous = content_hash
    return kept


def trace_key(published: str | None, seq: int) -> tuple:
    """Where an article comes in ``Store.untraced_ids``: by publication date, undated last."""
    return (published is None, published or "", seq)


def collection(articles_rdd, attributions_rdd):
    """(Item RDD of the compared articles, RDD of (ref, seq) of every stored row) from the rows
    of the articles and attributions tables (as dicts)."""
    from newstrace.batch import tables

    keyed = articles_rdd.map(lambda r: (r["key"], (r["ref"], r["content_hash"])))
    flags = keyed.groupByKey().flatMap(lambda kv: _latest_flags(list(kv[1])))
    # (ref, latest?) for stored rows, numbered in input order: the ids of an empty database
    numbered = flags.sortByKey().zipWithIndex().map(lambda t: (t[0][0], (t[1] + 1, t[0][1])))
    latest = numbered.filter(lambda kv: kv[1][1]).mapValues(lambda v: v[0])
    by_ref = articles_rdd.map(lambda r: (r["ref"], r))
    own = attributions_rdd.map(lambda r: (r["ref"], r)).groupByKey()

    def build(kv):
        ref, ((seq, row), found) = kv
        found = sorted(found or [], key=lambda a: a["position"])
        article = tables.to_article(row)
        article.id = seq
        return (trace_key(row["published"], seq), (seq, ref, article, tables.to_analysis(row, found)))

    compared = latest.join(by_ref).leftOuterJoin(own).map(lambda kv: (kv[0], (kv[1][0], kv[1][1]))).map(build)
    items = (
        compared.sortByKey()
        .zipWithIndex()
        .map(lambda t: Item(t[0][1][0], t[1], t[0][1][1], t[0][1][2], t[0][1][3]))
    )
    return items, numbered.mapValues(lambda v: v[0])


def _latest_flags(rows: list[tuple[str, str]]) -> list[tuple[str, bool]]:
    stored = [ref for ref, keep in stored_rows(rows) if keep]
    return [(ref, ref == stored[-1]) for ref in stored]


# -- 2. per article ------------------------------------------------------------------------------
@dataclass(slots=True)
class Features:
    item: Item
    entry: Any  # provenance.link.Entry
    embedding: Any  # reuse.translation.Embedded
    story: Any  # stories.features.ArticleFeatures


def article_features(items: Iterable[Item], actor_files: list[str]) -> Iterator[Features]:
    from newstrace.provenance.link import article_embedding, article_entry
    from newstrace.stories.features import features
    from newstrace.workspace import use_actors

    use_actors(actor_files)
    for item in items:
        analyses = {item.seq: item.analysis} if item.analysis is not None else {}
        (story,) = features([item.article], analyses)
        yield Features(
            item, article_entry(item.article, item.analysis), article_embedding(item.article), story
        )


# -- 3. per outlet -------------------------------------------------------------------------------
def site_key(outlet: str | None) -> str:
    """An outlet as a key Spark can sort with the others ("" for none: no site, no boilerplate)."""
    return outlet or ""


def site_pass(pages: list[tuple[int, int, str]], outlet: str | None, asks: list[tuple[int, Any]] = ()):
    """Feed one outlet's pages (order, seq, text) to ``SiteProfiles`` as ``trace_pending`` does
    (its first pages preloaded, then each page learnt after it is compared). Yields
    ("page", seq, boilerplate, signature) for each page, and ("ask", tag, boilerplate) for each
    (order, tag) in ``asks``: the site's boilerplate when the article at that order is compared."""
    from newstrace.provenance.boilerplate import SiteProfiles
    from newstrace.reuse.index import minhash

    pages = sorted(pages)
    asks = sorted(asks, key=lambda a: a[0])
    outlet = outlet or None
    sites = SiteProfiles()
    sites.preload((seq, outlet, text) for _, seq, text in pages)
    k = 0
    for order, seq, text in pages:
        while k < len(asks) and asks[k][0] <= order:
            yield "ask", asks[k][1], sites.boilerplate(outlet)
            k += 1
        boilerplate = sites.boilerplate(outlet)
        yield "page", seq, boilerplate, minhash(text, boilerplate)
        sites.add(outlet, text, seq)
    for _, tag in asks[k:]:
        yield "ask", tag, sites.boilerplate(outlet)


# -- 4. candidates -------------------------------------------------------------------------------
def lsh_pairs(bucket: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """(later seq, earlier seq) for the articles (order, seq) sharing one band key."""
    bucket = sorted(bucket)
    for i, (_, later) in enumerate(bucket):
        for _, earlier in bucket[:i]:
            yield later, earlier


def vector_blocks(
    order: int,
    seq: int,
    day: int | None,
    vector,
    entry: Any = None,
    *,
    undated: bool = True,
    chunk: int = UNDATED_CHUNK,
) -> list[tuple[Any, tuple]]:
    """(block, (role, order, seq, day, vector, entry)) rows of the blocked vector join: a dated
    article asks in its time bucket and is found from its own and both neighbouring ones. An
    undated one is compared after every dated one, so it meets every earlier article: with
    ``undated`` (some article has no day), every article is a base row of one of the undated
    blocks, ``chunk`` articles each by ``order``, and an undated article asks in each block up
    to its own (no block holds the whole collection). Extraction leaves ``published`` an ISO
    date or None (``extract.article.iso_date``), so none sorts among the dated ones without a
    day. ``entry`` (the linker's ``Entry``) lets ``vector_pairs`` choose as the linker does."""
    from newstrace.provenance.link import WINDOW_DAYS

    value = (order, seq, day, vector, entry)
    rows: list[tuple[Any, tuple]] = []
    if undated:
        rows.append(((UNDATED[0], order // chunk), ("base", *value)))
    if day is None:
        rows += [((UNDATED[0], c), ("ask", *value)) for c in range(order // chunk + 1)]
        return rows
    bucket = day // WINDOW_DAYS
    rows.append(((0, bucket), ("ask", *value)))
    rows += [((0, bucket + d), ("base", *value)) for d in (-1, 0, 1)]
    return rows


def vector_pairs(
    rows: Iterable[tuple], *, choose: bool = False
) -> Iterator[tuple[int, tuple[int, int, float]]]:
    """(later seq, (earlier order, earlier seq, cosine)) for each asking article and the earlier
    ones of its block within the time window with a cosine of at least ``VECTOR_COSINE``: what
    ``VectorIndex.query`` returns in its exact mode (float32 rows times the query). With
    ``choose`` (rows carrying entries), only those the linker may compare it with
    (``link.vector_candidates``): for a dated article, whose earlier ones are all in its block,
    exactly those; for an undated one, those of each block, a superset that ``Linker.relations``
    narrows again."""
    from newstrace.provenance.link import VECTOR_COSINE, WINDOW_DAYS, vector_candidates

    rows = list(rows)
    base = sorted((r[1:] for r in rows if r[0] == "base"), key=lambda r: r[0])
    if not base:
        return
    orders = np.array([b[0] for b in base])
    days = np.array([np.nan if b[2] is None else b[2] for b in base])
    matrix = np.stack([np.asarray(b[3], dtype=np.float32) for b in base])
    for _, order, seq, day, vector, entry in (r for r in rows if r[0] == "ask"):
        n = int(np.searchsorted(orders, order))  # the earlier ones
        if not n:
            continue
        q = np.asarray(vector, dtype=np.float32)
        if day is None:
            rows_ = np.arange(n)
        else:
            near = days[:n]
            rows_ = np.flatnonzero(np.isnan(near) | (np.abs(near - day) <= WINDOW_DAYS))
        cosines = matrix[rows_] @ q
        hits = rows_[cosines >= VECTOR_COSINE]
        found = cosines[cosines >= VECTOR_COSINE]
        if choose and len(hits):
            ids = np.array([base[r][1] for r in hits], dtype=np.int64)
            kept = vector_candidates(entry, {base[r][1]: base[r][4] for r in hits}, ids, found)
            keep = np.array([i in kept for i in ids.tolist()], dtype=bool)
            hits, found = hits[keep], found[keep]
        for row, cosine in zip(hits.tolist(), found, strict=True):
            yield seq, (int(orders[row]), base[row][1], cosine)


# -- 5. pair decisions ---------------------------------------------------------------------------
def decide(groups: Iterable[tuple[int, tuple]]) -> Iterator[Relation]:
    """``Linker.relations`` for each later article and its candidates: (seq, (its Features, its
    boilerplate, [(candidate Features, candidate site's boilerplate then, MinHash candidate?,
    cosine or None)]))."""
    from newstrace.provenance import Linker

    linker = Linker()
    for _, (own, boilerplate, candidates) in groups:
        article = own.item.article
        linker.entries = {own.item.seq: own.entry}
        linker._embedded = {own.item.seq: own.embedding}
        by_seq, sites = {}, {}
        for other, site_boilerplate, _, _ in candidates:
            seq = other.item.seq
            linker.entries[seq] = other.entry
            linker._embedded[seq] = other.embedding
            by_seq[seq] = other.item.article
            sites[site_key(other.item.article.outlet)] = site_boilerplate
        copies = sorted(c[0].item.seq for c in candidates if c[2])  # ReuseIndex.query: by id
        near = sorted((c[0].item.order, c[0].item.seq, c[3]) for c in candidates if c[3] is not None)
        ids = np.array([seq for _, seq, _ in near], dtype=np.int64)
        cosines = np.array([cos for _, _, cos in near], dtype=np.float32)

        def fetch(seq, by_seq=by_seq):
            return by_seq[seq], None

        def site(outlet, sites=sites):
            return sites.get(site_key(outlet), frozenset()) if outlet else frozenset()

        yield from linker.relations(
            article, own.entry, own.embedding, boilerplate, copies, ids, cosines, fetch, site
        )


# -- 6. stories ------------------------------------------------------------------------------------
def group_stories(features: dict[int, Any], relations: list[Relation], params=None):
    """The ``StoryIndex`` ``group_pending`` builds for these articles (story features by id) and
    relations, in its batches and order."""
    from newstrace.pipeline import STORY_BATCH, story_links
    from newstrace.stories.clustering import StoryIndex

    index = StoryIndex(params)
    touching: dict[int, list[Relation]] = {}
    for r in relations:
        touching.setdefault(r.source_id, []).append(r)
        if r.target_id != r.source_id:
            touching.setdefault(r.target_id, []).append(r)
    ids = sorted(features)
    for start in range(0, len(ids), STORY_BATCH):
        chunk = ids[start : start + STORY_BATCH]
        found = {id(r): r for i in chunk for r in touching.get(i, [])}
        links = story_links(found.values(), index.params.link_share)
        index.add_features([features[i] for i in chunk], links)
    return index


# -- 7. fact-check matches -------------------------------------------------------------------------
_matcher: tuple[tuple, Any] | None = None  # (the fact-checks it holds, Matcher): one per worker


def matcher_for(factchecks: list) -> Any:
    """The library's ``Matcher`` of these fact-checks, built (their claims embedded) once per
    Python worker and kept between tasks."""
    from newstrace.batch.tables import factcheck_row
    from newstrace.factcheck import Matcher

    global _matcher
    key = tuple(factcheck_row(fc) for fc in factchecks)
    if _matcher is None or _matcher[0] != key:
        _matcher = (key, Matcher(factchecks))
    return _matcher[1]


def article_matches(
    items: Iterable[Item], factchecks: list, outlet_files: list[str]
) -> Iterator[tuple[int, list, bool, dict[int, float]]]:
    """(seq, its matches best first, whether it makes claims, its claims' score for every
    fact-check) for each article that matches a fact-check or is not a debunk: what
    ``match_stored`` stores for it (``Matcher.match_article`` over its claims),
    ``pipeline.makes_claims``, and ``pipeline.claim_candidates``'s scores (a story's support for a
    claim). Every article meets every fact-check, as in ``match_stored``: the local matcher does
    not block, so neither does this. The driver keeps one score per article and fact-check, as
    the StoryIndex there keeps a vector per article."""
    from newstrace.outlets import default_registry
    from newstrace.pipeline import claim_candidates, debunk_test, makes_claims, scores_of

    matcher = matcher_for(factchecks)
    debunk = debunk_test(factchecks, default_registry(outlet_files))
    for item in items:
        attributions = item.analysis.attributions if item.analysis is not None else []
        found = matcher.match_article(item.article, attributions=attributions)
        scores = scores_of(claim_candidates(matcher, item.article, attributions, debunk))
        found.sort(key=lambda m: -m.score)  # as the store lists them: score, then as stored
        if found or scores:
            yield item.seq, found, bool(found) and makes_claims(item.article, debunk), scores


def lend(
    items: Iterable[Item],
    wanted: dict[int, tuple[list, list[int]]],
    factchecks: list,
    outlet_files: list[str],
) -> Iterator[tuple[int, list]]:
    """(seq, its matches) once its story lends its own (``wanted``: seq -> (the article's own
    matches, the fact-check ids its story carries)): ``pipeline.lent_matches``."""
    from newstrace.outlets import default_registry
    from newstrace.pipeline import claim_candidates, debunk_test, lent_matches

    matcher = matcher_for(factchecks)
    debunk = debunk_test(factchecks, default_registry(outlet_files))
    for item in items:
        own, carried = wanted[item.seq]
        attributions = item.analysis.attributions if item.analysis is not None else []
        candidates = claim_candidates(matcher, item.article, attributions, debunk)
        yield item.seq, lent_matches(own, candidates, carried)


def story_matches(
    index, found: dict[int, tuple[list, bool]], scores: dict[int, dict[int, float]], k: int = 3
):
    """For the stories of ``index`` (a ``StoryIndex``), the articles' own matches (``found``:
    seq -> (matches, makes claims), for the articles that have some) and their claims' scores
    (``scores``: seq -> {fact-check id: score}): ({story id: its matches,
    ``pipeline.story_factchecks``}, {seq: (own matches, carried fact-check ids,
    ``pipeline.carried_factchecks``)} for every article of a story that carries some)."""
    from dataclasses import replace

    from newstrace.pipeline import carried_factchecks, story_factchecks

    by_story, lending = {}, {}
    for story_id in sorted(index.members):
        ids = sorted(index.rows[r].article_id for r in index.members[story_id])
        ranked = story_factchecks([found.get(i, ([], False)) for i in ids], k)
        by_story[story_id] = [replace(m, story_id=story_id) for m in ranked]
        carried = carried_factchecks(ranked, [scores[i] for i in ids if scores.get(i)])
        if carried:
            lending.update((i, (found.get(i, ([], False))[0], carried)) for i in ids)
    return by_story, lending
