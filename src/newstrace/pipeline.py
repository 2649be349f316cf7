"""Runs the stages over batches: inputs -> raw documents -> articles -> store.

Reading inputs and writing the database happen in this process; extraction (the costly part)
runs in a pool of worker processes. Each batch is committed in one transaction, so an
interrupted run leaves whole batches behind, and a rerun skips what is already stored.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace

from newstrace import corrections
from newstrace.errors import InputError, NewstraceError
from newstrace.extract import extract
from newstrace.ingest import IngestOptions, iter_sources
from newstrace.model import Article, RawDocument, Rejection
from newstrace.outlets import OutletRegistry, default_registry
from newstrace.store import Store

BATCH_SIZE = int(os.environ.get("NEWSTRACE_BATCH_SIZE", "200"))  # articles per transaction


@dataclass
class IngestReport:
    new: int = 0
    versions: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.new + self.versions + self.unchanged + len(self.rejected)


def _check_configuration(outlet_files: list[str]) -> None:
    """Load the user's outlet files and cleaning rules once here, so that a broken file is one
    clear error (exit code 2) instead of a failure inside every worker process."""
    from newstrace.extract.clean import rules

    default_registry(outlet_files)
    try:
        rules()
    except OSError as exc:
        raise NewstraceError(f"cleaning rules file (NEWSTRACE_CLEANING): {exc}") from exc


# -- extraction, in worker processes ------------------------------------------------------
_registry: OutletRegistry | None = None


def _init_worker(outlet_files: list[str]) -> None:
    global _registry
    _registry = default_registry(outlet_files)


def _extract_one(item: RawDocument | Rejection) -> Article | Rejection:
    if isinstance(item, Rejection):
        return item
    assert _registry is not None
    try:
        return extract(item, _registry)
    except InputError as exc:
        return Rejection(_describe(item), str(exc))
    except Exception as exc:  # noqa: BLE001 - a parser crash on one page must not end the batch
        return Rejection(_describe(item), f"could not be extracted ({type(exc).__name__}: {exc})")


def _describe(raw: RawDocument) -> str:
    src = raw.source
    where = f"{src.location} {src.record}" if src.record else src.location
    url = raw.meta.get("url")
    return f"{where} ({url})" if url and url not in where else where


UNCHANGED = "unchanged"


def _pending(items: Iterable[RawDocument | Rejection], known: set[str]):
    """Mark raw documents whose exact bytes are already stored (a rerun, a resumed run).

    Runs in the pool's feeder thread, so it must not touch the database: ``known`` is read
    before the run starts.
    """
    for item in items:
        if isinstance(item, RawDocument) and item.raw_hash in known:
            yield UNCHANGED
            continue
        yield item


CHUNK = 8  # raw documents per task sent to a worker
IN_FLIGHT = 4  # chunks queued per worker: keeps workers busy without reading all input ahead


def _extracted(
    items: Iterator[RawDocument | Rejection | str], outlet_files: list[str], workers: int
) -> Iterator[Article | Rejection | str]:
    def lost(item):
        if isinstance(item, RawDocument):
            return Rejection(
                _describe(item), "extraction process died (killed or out of memory); rerun to retry"
            )
        return item

    return _parallel(_maybe_extract, items, workers, outlet_files, lost)


def _parallel(func, items: Iterator, workers: int, outlet_files: list[str], lost) -> Iterator:
    """``func`` over ``items`` in worker processes, results in input order, input read only a
    few chunks ahead. A worker that dies (killed, out of memory) costs the items in flight —
    ``lost(item)`` says what to report for each (None: nothing) — not the whole run."""
    if workers <= 1:
        _init_worker(outlet_files)
        yield from map(func, items)
        return
    ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=_init_worker, initargs=(outlet_files,)
        )

    chunks = _chunks(items, CHUNK)
    pending: deque = deque()  # (chunk, future, generation of the pool it was sent to)
    pool, generation = new_pool(), 0

    def submit(chunk: list):
        nonlocal pool, generation
        try:
            return pool.submit(_run_chunk, func, chunk), generation
        except BrokenProcessPool:
            # a worker died since the last result was read: the chunks already sent to this pool
            # are lost (their futures say so), this one was never sent and goes to a new pool
            pool.shutdown(wait=False, cancel_futures=True)
            pool, generation = new_pool(), generation + 1
            return pool.submit(_run_chunk, func, chunk), generation

    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < workers * IN_FLIGHT:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                else:
                    pending.append((chunk, *submit(chunk)))
            if not pending:
                return
            chunk, future, sent_to = pending.popleft()
            try:
                yield from future.result()
            except BrokenProcessPool:
                # every chunk sent to that pool is lost; chunks sent to a newer pool are not
                dropped = chunk + [item for c, _, g in pending if g == sent_to for item in c]
                kept = [entry for entry in pending if entry[2] != sent_to]
                pending.clear()
                pending.extend(kept)
                if sent_to == generation:
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool, generation = new_pool(), generation + 1
                for item in dropped:
                    replacement = lost(item)
                    if replacement is not None:
                        yield replacement
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_chunk(func, chunk: list) -> list:
    return [func(item) for item in chunk]


def _maybe_extract(item: RawDocument | Rejection | str) -> Article | Rejection | str:
    return item if isinstance(item, str) else _extract_one(item)


def ingest(
    sources: Iterable[str],
    store: Store,
    *,
    options: IngestOptions | None = None,
    outlet_files: list[str] | None = None,
    workers: int | None = None,
    on_item: Callable[[IngestReport], None] | None = None,
    relabel: Callable[[str], str] | None = None,
) -> IngestReport:
    """Ingest every source into ``store``; bad items are reported, never fatal. ``relabel``
    names a rejected item as its user knows it (an upload's own name, not the server's
    temporary path) before it is stored and reported."""
    report = IngestReport()
    outlet_files = list(outlet_files or [])
    _check_configuration(outlet_files)
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    raw_items = iter_sources(sources, options)
    batch: list[Article] = []
    rejected: list[Rejection] = []

    def flush() -> None:
        for article, status in store.save_batch(batch, rejected):
            if status == "new":
                report.new += 1
            elif status == "version":
                report.versions += 1
            else:
                report.unchanged += 1
            if article.id is not None:
                report.article_ids.append(article.id)
        report.rejected.extend(rejected)
        batch.clear()
        rejected.clear()

    known = store.raw_hashes()
    for result in _extracted(_pending(raw_items, known), outlet_files, workers):
        if isinstance(result, Article):
            batch.append(result)
        elif isinstance(result, Rejection):
            if relabel is not None:
                result = Rejection(relabel(result.item), result.reason)
            rejected.append(result)
        else:
            report.unchanged += 1
        if len(batch) + len(rejected) >= BATCH_SIZE:
            flush()
        if on_item:
            on_item(report)
    flush()
    if on_item:
        on_item(report)
    return report


# -- analysis (attributions, origin chains), issue 3 -----------------------------------------
@dataclass
class AnalyzeReport:
    analysed: int = 0
    attributions: int = 0
    total: int = 0
    rejected: list[Rejection] = field(default_factory=list)


def _analyze_one(article: Article):
    """(article id, analysis), or a Rejection naming the article when the analysis raised: a
    failed analysis is not saved (an empty one would hide the article's attributions for good),
    so the next run tries the article again."""
    from newstrace.attribution import analyze

    assert _registry is not None
    try:
        return article.id, analyze(article, _registry)
    except Exception as exc:  # noqa: BLE001 - one article must not block the analysis of the rest
        return Rejection(
            f"article {article.id} ({article.key})",
            f"analysis failed ({type(exc).__name__}: {exc}); the next run tries it again",
        )


def analyze_pending(
    store: Store,
    *,
    outlet_files: list[str] | None = None,
    workers: int | None = None,
    redo: bool = False,
    on_item: Callable[[AnalyzeReport], None] | None = None,
) -> AnalyzeReport:
    """Analyse every article not analysed yet by this analyser version (idempotent, resumable:
    each batch is committed, so an interrupted run picks up where it stopped)."""
    from newstrace.attribution import ANALYZER_VERSION

    ids = store.unanalyzed_ids(ANALYZER_VERSION, redo=redo)
    report = AnalyzeReport(total=len(ids))
    outlet_files = list(outlet_files or [])
    _check_configuration(outlet_files)
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)

    articles = (a for a in (store.get(n) for n in ids) if a is not None)
    done: list = []
    failed: list[Rejection] = []

    def flush() -> None:
        store.save_analyses(done, ANALYZER_VERSION)
        corrections.enforce_attributions(store, [article_id for article_id, _ in done])
        store.save_rejections(failed)
        report.analysed += len(done)
        report.attributions += sum(len(a.attributions) for _, a in done)
        report.rejected.extend(failed)
        done.clear()
        failed.clear()
        if on_item:
            on_item(report)

    # an article whose worker died is simply not saved: the next run analyses it again
    for result in _parallel(
        _analyze_one, articles, workers if len(ids) > 8 else 1, outlet_files, lambda a: None
    ):
        (failed if isinstance(result, Rejection) else done).append(result)
        if len(done) + len(failed) >= BATCH_SIZE:
            flush()
    flush()
    return report


# -- relations and provenance, issue 4 --------------------------------------------------------
@dataclass
class TraceReport:
    traced: int = 0
    relations: int = 0
    total: int = 0
    article_ids: list[int] = field(default_factory=list)


def trace_pending(
    store: Store,
    *,
    redo: bool = False,
    workers: int | None = None,
    on_item: Callable[[TraceReport], None] | None = None,
) -> TraceReport:
    """Compare every article not yet traced with the reuse index and store the relations found.
    The index is rebuilt from stored signatures and vectors (nothing old is recomputed); each
    batch is committed, so an interrupted run resumes where it stopped."""
    from newstrace.model import publication_day
    from newstrace.provenance import LINKER_VERSION, Entry, Linker, credited_outlets
    from newstrace.reuse.shingles import shingled_ahead

    ids = store.untraced_ids(LINKER_VERSION, redo=redo)
    report = TraceReport(total=len(ids))
    if not ids:
        return report
    linker = Linker(store.recent_texts)
    linker.sites.preload(store.texts(ids))  # each site's first pages in the order they are compared
    for row in store.traced(exclude=ids):
        credits = credited_outlets(row["outlet"], row["credited"], row["origins"])
        entry = Entry(
            row["id"],
            row["key"],
            row["lang"],
            row["outlet"],
            publication_day(row["published"]),
            set(credits),
            credits,
        )
        linker.load(entry, row["minhash"], row["vector"])

    cache: dict[int, tuple] = {}

    def fetch(article_id: int):
        if article_id not in cache:
            if len(cache) > 1000:
                cache.pop(next(iter(cache)))
            cache[article_id] = (store.get(article_id), store.analysis(article_id))
        return cache[article_id]

    traces, relations = [], []

    def flush() -> None:
        store.save_traces(traces, relations, LINKER_VERSION)
        corrections.enforce_relations(store)  # no rejected relation comes back, confirmed ones stay
        report.article_ids += [t[0] for t in traces]
        report.traced += len(traces)
        report.relations += len(relations)
        traces.clear()
        relations.clear()
        if on_item:
            on_item(report)

    # each article's tokens and shingles are built a few hundred articles ahead in other processes
    # (on a large run), beside the comparison, which follows the articles' order
    fetched = shingled_ahead(
        ((i, fetch(i)) for i in ids),
        lambda f: f[1][0].text if f[1][0] is not None else None,
        workers=workers,  # None: one per core; 1 (analyze --workers 1): none
        total=len(ids),
    )
    for article_id, (article, analysis) in fetched:
        if article is None:
            continue
        signature, vector, found = linker.link(article, analysis, fetch)
        traces.append((article_id, signature, vector))
        relations.extend(found)
        if len(traces) >= BATCH_SIZE:
            flush()
    flush()
    return report


# -- stories and fact-check matches, issue 5 --------------------------------------------------
STORY_BATCH = 500  # articles grouped per transaction


@dataclass
class StoryReport:
    grouped: int = 0
    stories: set[int] = field(default_factory=set)
    matches: int = 0
    total: int = 0


def story_links(relations, share: float = 0.0) -> list[tuple[int, int]]:
    """Relations strong enough to put two articles in one story whatever else they say: most of
    a text copied, or a translation, covering at least ``share`` of each text (when measured). A
    shared quotation is reuse, not the same story; nor is a short report whose few sentences are
    all found in a long one that covers other events (the recap of several waves holds the
    statement of each): it stays with the wave its own lead reports (stories.Params.link_share)."""
    from newstrace.provenance.graph import STRONG_COPY

    pairs = []
    for r in relations:
        measured = [r.evidence[k] for k in ("source_share", "target_share") if k in r.evidence]
        shares = (r.evidence.get("source_share", 0), r.evidence.get("target_share", 0))
        if r.kind == "translation" or (r.kind == "copy" and max(shares) >= STRONG_COPY):
            if not measured or min(measured) >= share:
                pairs.append((r.source_id, r.target_id))
    return pairs


def group_pending(
    store: Store, *, matched_ids: Iterable[int] = (), on_item: Callable[[StoryReport], None] | None = None
) -> StoryReport:
    """Put every article that has no story yet into one (incrementally: earlier articles keep
    their features), then match fact-checks to the new articles (and ``matched_ids``) and to the
    stories they joined."""
    from newstrace.factcheck import Matcher, match_stored
    from newstrace.factcheck import store as fc_store
    from newstrace.stories.store import analyses_of, load_index, save_index

    ids = store.ungrouped_ids()
    report = StoryReport(total=len(ids))
    index = load_index(store) if ids else None
    for start in range(0, len(ids), STORY_BATCH):
        chunk = ids[start : start + STORY_BATCH]
        articles = [a for a in (store.get(i) for i in chunk) if a is not None]
        links = story_links(store.relations(chunk), index.params.link_share)
        links = corrections.story_links_kept(store, links)  # a moved article pulls no story along
        assignments = index.add(articles, links, analyses_of(store, articles))
        save_index(store, index)
        report.grouped += sum(1 for a in assignments if a.status != "known")
        report.stories.update(a.story_id for a in assignments)
        if on_item:
            on_item(report)
    factchecks = fc_store.factchecks(store)
    if factchecks:
        matcher = Matcher(factchecks)
        report.matches = match_stored(store, article_ids=sorted(set(ids) | set(matched_ids)), matcher=matcher)
        report.stories.update(store.story_of(i) for i in matched_ids if store.story_of(i) is not None)
        match_stories(store, report.stories, matcher=matcher)
    return report


def match_stories(store: Store, story_ids: Iterable[int], k: int = 3, matcher=None) -> None:
    """The fact-checks of each story, through its articles' stored matches: a fact-check
    attaches to a story when one of its articles that makes the claim matched it (at the
    threshold), and the match shown is the best of those (``story_factchecks``). An article that
    reports the claim only to deny it (a headline that reports a denial) and a debunk (a
    fact-checker's page, or the fact-check itself) are never the story's match. With ``matcher``,
    the other articles of the story that carry the claim get the match too (``lent_matches``),
    and so do those of a claim the story's best articles together support though none of them
    alone makes it a match of the story (``carried_factchecks``). `newstrace batch` runs the
    same functions on Spark (``batch.stages``)."""
    from newstrace.factcheck import THRESHOLD
    from newstrace.factcheck import store as fc_store
    from newstrace.stories.store import stories

    # the run's own outlets when it has them
    debunk = debunk_test(fc_store.factchecks(store), _registry or default_registry())
    wanted = set(story_ids)
    results, propagated = [], []
    for story in stories(store):
        if story.id not in wanted:
            continue
        own: dict[int, list] = {}
        members = []
        for article_id in story.article_ids:
            own[article_id] = [
                m
                for m in fc_store.matches(store, article_id=article_id)
                if m.story_id is None and m.score >= THRESHOLD
            ]
            claims = bool(own[article_id]) and makes_claims(store.get(article_id), debunk)
            members.append((own[article_id], claims))
        ranked = story_factchecks(members, k)
        results.append((story.id, [replace(m, story_id=story.id) for m in ranked]))
        if matcher is None:
            continue
        # each article's own claims against every fact-check, once: the story's support for a
        # claim (its best articles together) and what it lends the articles that carry it
        scored: dict[int, dict] = {}
        for article_id in story.article_ids:
            article = store.get(article_id)
            analysis = store.analysis(article_id) if article is not None else None
            attributions = analysis.attributions if analysis is not None else []
            scored[article_id] = claim_candidates(matcher, article, attributions, debunk)
        carried = carried_factchecks(ranked, [scores_of(c) for c in scored.values() if c])
        # the articles' own matches (at the threshold) and those the story lends the ones that
        # carry its claim (replacing what an earlier grouping lent)
        for article_id in story.article_ids:
            propagated.append((article_id, lent_matches(own[article_id], scored[article_id], carried)))
    fc_store.save_story_matches(store, results)
    fc_store.save_matches(store, propagated)


def match_all(store: Store) -> int:
    """Match every article against every stored fact-check again, then each story lends its
    matches to its other articles that carry the claim (one matcher for both): what importing
    new or changed fact-checks does. Returns the number of article matches stored."""
    from newstrace.factcheck import Matcher, match_stored
    from newstrace.factcheck import store as fc_store
    from newstrace.stories.store import stories

    matcher = Matcher(fc_store.factchecks(store))
    found = match_stored(store, matcher=matcher)
    match_stories(store, [story.id for story in stories(store)], matcher=matcher)
    return found


def debunk_test(factchecks, registry: OutletRegistry) -> Callable[[Article], bool]:
    """Whether an article is a debunk: one of these fact-checks' pages, or an article by an outlet
    the registry calls a fact-checker."""
    debunk_urls = {fc.url for fc in factchecks if fc.url}

    def debunk(article: Article) -> bool:
        if article.url in debunk_urls or article.canonical_url in debunk_urls:
            return True
        outlet = registry.get(article.outlet) if article.outlet else None
        return outlet is not None and "fact-checker" in outlet.type

    return debunk


def makes_claims(article: Article | None, debunk: Callable[[Article], bool]) -> bool:
    """Whether a story may take its matches from ``article``: not a debunk, and a headline that
    asserts (not one that reports a denial)."""
    from newstrace.attribution import headline_stance

    if article is None or debunk(article):
        return False
    return headline_stance(article.title or "", article.lang) == "asserts"


def story_factchecks(members, k: int = 3) -> list:
    """A story's fact-check matches from its articles' own (``members``: (matches at the
    threshold, best first; whether the article makes claims), in story order): for each
    fact-check the best match of an article that makes claims, the ``k`` best of those."""
    best: dict = {}
    for found, claims in members:
        if not found or not claims:
            continue
        for m in found:
            if m.factcheck_id not in best or m.score > best[m.factcheck_id].score:
                best[m.factcheck_id] = m
    return sorted(best.values(), key=lambda m: -m.score)[:k]


def claim_candidates(matcher, article: Article | None, attributions, debunk) -> dict:
    """Every fact-check's match with ``article``'s own claims ({fact-check id: match}, whatever
    the score: ``Matcher.candidates``); none for a debunk."""
    if article is None or debunk(article):
        return {}
    return {m.factcheck_id: m for m in matcher.candidates(article, attributions)}


def scores_of(candidates: dict) -> dict[int, float]:
    return {f: m.score for f, m in candidates.items()}


def carried_factchecks(ranked: list, scores: list[dict[int, float]]) -> list[int]:
    """The fact-check ids a story carries: its own matches (``story_factchecks``), then those its
    best articles together support (``factcheck.match.story_support``; ``scores``: one
    {fact-check id: score} per article that is not a debunk), most supported first."""
    from newstrace.factcheck.match import STORY_SUPPORT, story_support

    carried = [m.factcheck_id for m in ranked]
    support = story_support(scores)
    carried += sorted(
        (f for f, v in support.items() if v >= STORY_SUPPORT and f not in carried), key=lambda f: -support[f]
    )
    return carried


def lent_matches(own: list, candidates: dict, carried: list[int]) -> list:
    """An article's matches once its story's are lent: its own, and those of the story's
    fact-checks (``carried``) its claims reach at the story point (``candidates``:
    ``claim_candidates``; below the threshold an article needs alone)."""
    from newstrace.factcheck.match import STORY_CUT

    has = {m.factcheck_id for m in own}
    extra = [
        candidates[f]
        for f in carried
        if f not in has and f in candidates and candidates[f].score >= STORY_CUT
    ]
    return own + extra
