"""The library API: one ``Workspace`` over one newstrace database.

Everything the command line does goes through here, and so can a notebook, a server or a batch
job::

    from newstrace import Workspace

    with Workspace("case/") as ws:           # a folder means case/newstrace.db
        ws.ingest(["examples/html"])
        ws.analyze()
        for hit in ws.search("Deir ez-Zor"):
            print(hit.article_id, hit.title)

The stages are not implemented here: each method calls the pipeline (``pipeline.py``), the
store, the fact-check module or the report builders, and returns a typed result.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar

from newstrace import corrections as _corrections
from newstrace.errors import NewstraceError, StoreError
from newstrace.ingest import IngestOptions
from newstrace.model import (
    Analysis,
    Article,
    Correction,
    FactCheck,
    FactCheckMatch,
    Rejection,
    Relation,
    Story,
)
from newstrace.pipeline import (
    AnalyzeReport,
    IngestReport,
    StoryReport,
    TraceReport,
    analyze_pending,
    group_pending,
    ingest,
    match_all,
    match_stories,
    trace_pending,
)
from newstrace.store import Store
from newstrace.store.search import ArticlePage, SearchHit, SearchResults
from newstrace.store.search import browse as _browse
from newstrace.store.search import fold as _fold  # noqa: F401  (tests fold as search does)
from newstrace.store.search import search as _search

if TYPE_CHECKING:
    from newstrace.provenance import Provenance
    from newstrace.report.view import StoryView

DB_NAME = "newstrace.db"  # the database inside a workspace folder

__all__ = [
    "DB_NAME",
    "ArticlePage",
    "Analyzed",
    "ArticleDetail",
    "Backup",
    "DatabaseNotFound",
    "FactCheckImport",
    "Progress",
    "RunResult",
    "SearchHit",
    "SearchResults",
    "StoryDetail",
    "NarrativeDetail",
    "NarrativeSummary",
    "Page",
    "Wave",
    "OutletDetail",
    "ActorDetail",
    "ActorQuote",
    "Workspace",
    "resolve_db",
]


class DatabaseNotFound(StoreError):
    """A command that reads the database was pointed at one that does not exist."""


# -- where the database is ----------------------------------------------------------------------
def resolve_db(path: str | os.PathLike[str] | None = None) -> tuple[str, str]:
    """The database file for ``path`` and where that choice came from.

    ``path`` (else ``$NEWSTRACE_DB``, else ``./newstrace.db``) may name the file or a folder: an
    existing folder, or a name ending in ``/``, means ``FOLDER/newstrace.db`` (what ``run --out
    FOLDER`` writes). Returns ``(file, how)`` with ``how`` one of ``--db``, ``$NEWSTRACE_DB``,
    ``default``.
    """
    if path is not None:
        given, how = os.fspath(path), "--db"
    elif os.environ.get("NEWSTRACE_DB"):
        given, how = os.environ["NEWSTRACE_DB"], "$NEWSTRACE_DB"
    else:
        return DB_NAME, "default"
    if given == ":memory:":
        return given, how
    if given.endswith(("/", os.sep)) or Path(given).is_dir():
        return str(Path(given) / DB_NAME), how
    return given, how


def _not_found(db: str, how: str) -> DatabaseNotFound:
    """The error for a missing database, naming every path looked for and what to do."""
    looked = [db]
    if how != "default" and Path(db).name != DB_NAME and not Path(db).suffix:
        looked.append(str(Path(db) / DB_NAME))  # the folder it may have meant (not there either)
    given = {"--db": "given with --db", "$NEWSTRACE_DB": "from $NEWSTRACE_DB", "default": "the default"}[how]
    message = f"no database at {' nor '.join(looked)} ({given})"
    nearby = sorted(str(p) for p in Path(".").glob(f"*/{DB_NAME}"))[:3] if how == "default" else []
    if nearby:
        message += f"; found {', '.join(nearby)}: pass --db {Path(nearby[0]).parent}/"
    else:
        message += "; run `newstrace ingest` or `newstrace run --out DIR` first, or pass --db FILE|DIR"
    return DatabaseNotFound(message)


# -- progress ----------------------------------------------------------------------------------
class Progress:
    """What a long job tells whoever runs it. Every method is optional: subclass and override
    what you show (the command line draws progress bars; a server might update a job row).

    Stages: ``ingest``, ``analyse``, ``compare``, ``factchecks``, ``reports``.
    """

    def stage(self, name: str) -> None:
        """A stage starts."""

    def advance(self, name: str, done: int, total: int | None = None, detail: str = "") -> None:
        """``done`` items of ``total`` (None: unknown) processed in stage ``name``."""

    def rejected(self, name: str, rejection: Rejection) -> None:
        """One input or article could not be used (also kept in the database's rejections)."""

    def done(self, name: str, result: Any) -> None:
        """A command's work is finished: ``result`` is what the Workspace method returns."""


# -- typed results -----------------------------------------------------------------------------
@dataclass
class Analyzed:
    """What ``Workspace.analyze`` did: attributions, relations, stories and fact-check matches."""

    analysis: AnalyzeReport
    trace: TraceReport
    stories: StoryReport

    @property
    def rejected(self) -> list[Rejection]:
        return self.analysis.rejected


@dataclass
class FactCheckImport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    matches: int = 0  # article matches after the import (0 when nothing changed)


@dataclass
class Backup:
    """``Workspace.backup``: where the copy is, its size, and how many articles it holds."""

    path: Path
    size: int  # bytes
    articles: int


@dataclass
class RunResult:
    """``Workspace.run``: every stage's report, the stories with a page, where things were written."""

    folder: Path
    ingest: IngestReport
    analyzed: Analyzed
    factchecks: FactCheckImport | None
    stories: int  # every story in the database
    pages: list[dict[str, Any]]  # index entries (report.view.index_entry) of the stories with a page

    @property
    def rejected(self) -> bool:
        return bool(
            self.ingest.rejected
            or self.analyzed.rejected
            or (self.factchecks is not None and self.factchecks.rejected)
        )


@dataclass
class ArticleDetail:
    """One article with everything newstrace knows about it."""

    article: Article
    analysis: Analysis | None  # None until analysed
    story_id: int | None
    narrative_id: int | None
    relations: list[Relation]  # both ways: where it comes from and who took from it
    provenance: dict[str, Any]  # roots, origin, independent sources (export fields, docs/export.md)
    matches: list[FactCheckMatch]  # fact-checks that verify something it says
    corrections: list[Correction] = field(default_factory=list)  # in force, about this article
    # its derivation upward: its parent relation, the parent's, … up to the root article
    chain: list[Relation] = field(default_factory=list)
    # the other articles its relations and chain name: id -> outlet, lang, published, title
    others: dict[int, dict[str, Any]] = field(default_factory=dict)
    factchecks: dict[int, FactCheck] = field(default_factory=dict)  # of its matches, by id

    @property
    def derives_from(self) -> list[Relation]:
        return [r for r in self.relations if r.target_id == self.article.id]

    @property
    def derived(self) -> list[Relation]:
        return [r for r in self.relations if r.source_id == self.article.id]


@dataclass
class StoryDetail:
    story: Story
    view: StoryView  # the story report's data (report.view.story_view; `report --json`)


@dataclass
class Wave:
    """One story of a narrative, placed on its timeline."""

    story_id: int
    title: str
    first_published: str | None
    last_published: str | None
    articles: int
    published: list[str]


@dataclass
class NarrativeSummary:
    """A narrative in a list: its first story's title, how many stories and articles, when."""

    id: int
    title: str
    stories: int
    articles: int
    first_published: str | None
    last_published: str | None


T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    """One page of a long list: ``items`` from ``offset``, ``total`` in the whole list."""

    items: list[T]
    total: int
    offset: int
    limit: int

    @property
    def next_offset(self) -> int | None:
        after = self.offset + len(self.items)
        return after if after < self.total else None


@dataclass
class NarrativeDetail:
    id: int
    stories: list[Story]
    waves: list[Wave]  # earliest first


@dataclass
class OutletDetail:
    id: str
    name: str  # the registry's name, else the id (a bare domain)
    registry: Any | None  # outlets.Outlet when the registry knows it
    articles: int
    languages: dict[str, int]
    story_ids: list[int]
    takes_from: dict[str, dict[str, int]]  # source outlet -> relation kind -> articles derived
    taken_by: dict[str, dict[str, int]]  # outlet -> relation kind -> articles derived from this one
    derived: int  # its articles that copy, translate or cite another article
    credited: int  # of those, how many credit an outlet (credit line or origin chain)
    claims: int  # attributions in its articles (no unresolved fragments)
    sources: dict[str, int]  # their source types: person, official, outlet, anonymous, ...
    unsourced_sentences: int  # sentences asserting something with no source


@dataclass
class ActorQuote:
    article_id: int
    story_id: int | None
    lang: str | None
    outlet: str | None
    published: str | None
    stance: str
    cue: str
    content: str
    actor: str  # the actor quoted (itself or a member speaking for it)


@dataclass
class ActorDetail:
    id: str
    name: str
    registry: Any | None  # actors.Actor when the registry knows it
    quotes: list[ActorQuote]
    story_ids: list[int]
    languages: dict[str, int]


def use_actors(files: Iterable[str | os.PathLike[str]] | None) -> None:
    """Load the user's actor files once (a broken file raises one NewstraceError) and pass them
    to every stage, worker processes included, through $NEWSTRACE_ACTORS."""
    from newstrace.actors import default_actors

    paths = [os.fspath(p) for p in files or []]
    if not paths:
        return
    default_actors(paths)
    known = [p for p in os.environ.get("NEWSTRACE_ACTORS", "").split(os.pathsep) if p]
    # a long-lived process (a notebook, a server) analyses many times: each file is named once
    os.environ["NEWSTRACE_ACTORS"] = os.pathsep.join([*paths, *(p for p in known if p not in paths)])


class Workspace:
    """One newstrace database and everything done with it.

    ``path`` is the database file or a folder holding ``newstrace.db``; None means
    ``$NEWSTRACE_DB``, else ``./newstrace.db``. The database is opened on first use: commands
    that add to it (``ingest``, ``import_factchecks``, ``run``) create it, the others raise
    ``DatabaseNotFound`` naming the path they looked for. Use it as a context manager, or call
    ``close()``.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path, self._how = resolve_db(path)
        self._store: Store | None = None

    def __repr__(self) -> str:
        return f"Workspace({self.path!r})"

    # -- the database -----------------------------------------------------------------------
    @property
    def exists(self) -> bool:
        return self.path == ":memory:" or Path(self.path).exists()

    @property
    def folder(self) -> Path:
        """Where reports go by default: the database's folder."""
        return Path(self.path).parent

    def open(self, *, create: bool = False) -> Store:
        """The store, opened once; ``create`` makes the database (and its folder) when missing."""
        if self._store is None:
            if not self.exists:
                if not create:
                    raise _not_found(self.path, self._how)
                try:
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(
                        f"{Path(self.path).parent}: cannot create folder ({exc.strerror})"
                    ) from exc
            self._store = Store(self.path)
        return self._store

    @property
    def store(self) -> Store:
        return self.open()

    def backup(self, dest: str | os.PathLike[str], *, force: bool = False) -> Backup:
        """Copy the database to ``dest`` (a file, or a folder to hold ``newstrace.db``), consistent
        even while a server writes to it. An existing file is refused unless ``force``; the copy
        is written beside it and moved into place, so a failed backup leaves the old one whole."""
        import sqlite3

        target = Path(dest)
        if target.is_dir():
            target = target / "newstrace.db"
        store = self.store  # DatabaseNotFound names the database it looked for
        if target.exists() and self.path != ":memory:" and target.resolve() == Path(self.path).resolve():
            raise NewstraceError(f"{target}: that is the database itself; back it up somewhere else")
        if target.exists() and not force:
            raise NewstraceError(f"{target} exists already; pass --force to overwrite it")
        if not target.parent.is_dir():
            raise NewstraceError(f"{target.parent}: no such folder")
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        try:
            partial.unlink(missing_ok=True)
            store.backup(partial)
            for stale in ("-wal", "-shm"):  # an old copy's journal must not be replayed on the new one
                Path(f"{target}{stale}").unlink(missing_ok=True)
            os.replace(partial, target)
        except (OSError, sqlite3.Error) as exc:
            partial.unlink(missing_ok=True)
            raise NewstraceError(f"{target}: cannot write the backup ({exc})") from exc
        with sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True) as copy:
            articles = copy.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        copy.close()
        return Backup(path=target, size=target.stat().st_size, articles=articles)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- filling it -------------------------------------------------------------------------
    def ingest(
        self,
        sources: Iterable[str | os.PathLike[str]],
        *,
        outlets: Iterable[str | os.PathLike[str]] = (),
        options: IngestOptions | None = None,
        workers: int | None = None,
        progress: Progress | None = None,
        relabel: Callable[[str], str] | None = None,
    ) -> IngestReport:
        """Read files, folders, WARC archives, feeds or URLs into the database, skipping what is
        stored already. Bad items never stop the batch: they are in ``report.rejected`` (and in
        ``rejections()``), named by ``relabel(item)`` when given (a server names an upload by
        the file name its user sent, not by the temporary path it was saved to)."""
        progress = progress or Progress()
        store = self.open(create=True)
        shown = 0
        progress.stage("ingest")

        def on_item(report: IngestReport) -> None:
            nonlocal shown
            for rejection in report.rejected[shown:]:
                progress.rejected("ingest", rejection)
            shown = len(report.rejected)
            progress.advance(
                "ingest",
                report.seen,
                detail=f"{report.new} new · {report.versions} versions · "
                f"{report.unchanged} unchanged · {len(report.rejected)} rejected",
            )

        report = ingest(
            [os.fspath(s) for s in sources],
            store,
            options=options,
            outlet_files=[os.fspath(p) for p in outlets],
            workers=workers,
            on_item=on_item,
            relabel=relabel,
        )
        progress.done("ingest", report)
        return report

    def analyze(
        self,
        *,
        outlets: Iterable[str | os.PathLike[str]] = (),
        actors: Iterable[str | os.PathLike[str]] = (),
        workers: int | None = None,
        redo: bool = False,
        progress: Progress | None = None,
    ) -> Analyzed:
        """Attributions and origin chains of every article not analysed yet (all with ``redo``),
        then copies, translations and citations, stories and narratives, fact-check matches.
        Safe to rerun; an interrupted run resumes."""
        progress = progress or Progress()
        use_actors(actors)
        store = self.open()
        progress.stage("analyse")
        report = analyze_pending(
            store,
            outlet_files=[os.fspath(p) for p in outlets],
            workers=workers,
            redo=redo,
            on_item=lambda r: progress.advance("analyse", r.analysed, r.total),
        )
        # relations need the global reuse index: compared in one process (texts shingled ahead by workers)
        progress.stage("compare")
        traced = trace_pending(
            store,
            redo=redo,
            workers=workers,
            on_item=lambda r: progress.advance("compare", r.traced, r.total),
        )
        grouped = group_pending(store, matched_ids=traced.article_ids)
        result = Analyzed(report, traced, grouped)
        progress.done("analyze", result)
        for rejection in report.rejected:
            progress.rejected("analyse", rejection)
        return result

    def import_factchecks(
        self, files: Iterable[str | os.PathLike[str]], *, progress: Progress | None = None
    ) -> FactCheckImport:
        """Import fact-checks (ClaimReview JSON-LD or HTML, Fact Check Tools API JSON, CSV,
        folders) and, when something is new or changed, match every article and story again.
        Importing the same review again updates it."""
        from newstrace.factcheck import read_factchecks
        from newstrace.factcheck import store as fc_store

        progress = progress or Progress()
        paths = [Path(f) for f in files]
        missing = [str(f) for f in paths if not f.exists()]
        if missing:
            raise NewstraceError(f"no such fact-check file: {', '.join(missing)}")
        store = self.open(create=True)
        progress.stage("factchecks")
        items = list(read_factchecks(paths))
        found = [i for i in items if isinstance(i, FactCheck)]
        rejected = [i for i in items if not isinstance(i, FactCheck)]
        results = fc_store.save_factchecks(store, found, rejected)
        result = FactCheckImport(rejected=rejected)
        for _, status in results:
            setattr(result, status, getattr(result, status) + 1)
        if store.count() and (result.new or result.updated):
            # new or changed fact-checks: every article is matched again, then each story lends its
            # matches to its other articles that carry the claim (the same matcher for both)
            result.matches = match_all(store)
        for rejection in rejected:
            progress.rejected("factchecks", rejection)
        progress.done("factchecks", result)
        return result

    def run(
        self,
        sources: Iterable[str | os.PathLike[str]],
        *,
        out: str | os.PathLike[str] | None = None,
        factchecks: Iterable[str | os.PathLike[str]] = (),
        outlets: Iterable[str | os.PathLike[str]] = (),
        actors: Iterable[str | os.PathLike[str]] = (),
        options: IngestOptions | None = None,
        workers: int | None = None,
        lang: str = "en",
        min_articles: int = 2,
        progress: Progress | None = None,
    ) -> RunResult:
        """The main job: ingest, analyse, import and match fact-checks, then write a report page
        per story with at least ``min_articles`` articles, ``index.html`` and ``export.json``
        into ``out`` (default: the database's folder). Rejected inputs do not stop it."""
        factchecks = [Path(f) for f in factchecks]
        missing = [str(f) for f in factchecks if not f.exists()]
        if missing:  # before hours of ingesting and analysing, not after
            raise NewstraceError(f"no such fact-check file: {', '.join(missing)}")
        folder = Path(out) if out is not None else self.folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise NewstraceError(f"{folder}: cannot create folder ({exc.strerror})") from exc
        ingested = self.ingest(sources, outlets=outlets, options=options, workers=workers, progress=progress)
        analyzed = self.analyze(outlets=outlets, actors=actors, workers=workers, progress=progress)
        imported = self.import_factchecks(factchecks, progress=progress) if factchecks else None
        total, pages = self.write_reports(folder, lang=lang, min_articles=min_articles)
        result = RunResult(folder, ingested, analyzed, imported, total, pages)
        if progress:
            progress.done("run", result)
        return result

    def write_reports(
        self, folder: str | os.PathLike[str], *, lang: str = "en", min_articles: int = 2
    ) -> tuple[int, list[dict[str, Any]]]:
        """One report page per story with at least ``min_articles`` articles, ``index.html``
        and ``export.json`` in ``folder``; pages of stories merged away or now too small are
        removed. Returns (stories in the database, index entries of the pages written)."""
        from newstrace.report.export import write_json
        from newstrace.report.html import render_index, render_story
        from newstrace.report.view import index_entry, story_view
        from newstrace.stories.store import stories

        folder = Path(folder)
        store = self.open()
        every = stories(store)
        entries: list[dict[str, Any]] = []
        written = set()
        try:
            for story in every:
                if len(story.article_ids) < min_articles:
                    continue
                view = story_view(store, story, lang=lang)
                for wave in view.waves:  # a wave too small for a page of its own is not linked
                    wave.linked = wave.articles >= min_articles
                page = folder / f"story-{story.id}.html"
                page.write_text(render_story(view), encoding="utf-8")
                written.add(page.name)
                entries.append(index_entry(view))
            for stale in folder.glob("story-*.html"):
                if stale.name not in written:
                    stale.unlink()
            (folder / "index.html").write_text(render_index(entries), encoding="utf-8")
            with open(folder / "export.json", "w", encoding="utf-8") as fh:
                write_json(store, fh)
        except OSError as exc:
            raise NewstraceError(f"{folder}: cannot write ({exc.strerror})") from exc
        return len(every), entries

    # -- reading it -------------------------------------------------------------------------
    def articles(
        self, *, lang: str | None = None, outlet: str | None = None, limit: int | None = None
    ) -> list[Article]:
        return list(self.store.articles(lang=lang, outlet=outlet, limit=limit))

    def count(self) -> int:
        return self.store.count()

    def browse(
        self,
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
        """Article summaries (latest versions, no text) in id order after the id ``after``,
        with ``search``'s filters; ``next_after`` is the cursor of the next page."""
        return _browse(
            self.store.conn,
            lang=lang,
            outlet=outlet,
            date_from=date_from,
            date_to=date_to,
            story=story,
            narrative=narrative,
            verdict=verdict,
            after=after,
            limit=limit,
        )

    def outlets(self) -> list[tuple[str, int]]:
        """Every outlet with articles and how many (latest versions), most first."""
        rows = self.store.conn.execute(
            "SELECT a.outlet, COUNT(*) FROM articles a WHERE a.outlet IS NOT NULL"
            " AND a.version = (SELECT MAX(version) FROM articles b WHERE b.key = a.key)"
            " GROUP BY a.outlet ORDER BY 2 DESC, 1"
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def actors(self) -> list[tuple[str, int]]:
        """Every actor quoted (registry id or ``name:<key>``) and in how many articles, most first."""
        # the latest versions' ids and the attributions' (actor, article) pairs both come from
        # covering indexes (migration 013): joining the article rows took seconds at 100k
        rows = self.store.conn.execute(
            "SELECT t.actor, COUNT(DISTINCT t.article_id) FROM attributions t"
            " INDEXED BY attributions_actor_article WHERE t.actor IS NOT NULL AND NOT t.unresolved"
            " AND t.article_id IN (SELECT a.id FROM articles a"
            " WHERE a.version = (SELECT MAX(version) FROM articles b WHERE b.key = a.key))"
            " GROUP BY t.actor ORDER BY 2 DESC, 1"
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def search(
        self,
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
        """Latest article versions whose title or text holds every word of ``query``, in any
        language: case and diacritics folded ("zaporijia" finds "Zaporíjia", "елка" finds
        "ёлка"), Chinese, Japanese and Korean found inside runs of characters. ``"a phrase"``,
        ``prefix*``, ``-excluded``, ``word OR word``; anything else is taken as words, never as
        syntax. Filters: ``lang``, ``outlet``, ``story``, ``narrative``, ``verdict`` (the rating
        of a fact-check matched to the article: false, misleading, …; one value or several),
        ``date_from``/``date_to`` (YYYY, YYYY-MM or YYYY-MM-DD, inclusive). ``order``:
        relevance (bm25, titles weigh more), newest or oldest. Returns one page of hits (a
        sequence) with ``total``, ``facets`` and ``next_offset``; raises ``SearchError`` (a
        NewstraceError) for a query with nothing to search for or a bad filter."""
        return _search(
            self.store.conn,
            query,
            lang=lang,
            outlet=outlet,
            date_from=date_from,
            date_to=date_to,
            story=story,
            narrative=narrative,
            verdict=verdict,
            limit=limit,
            offset=offset,
            order=order,
        )

    def find(self, ref: str | int) -> int | None:
        """The id of the article with this id, URL, canonical URL or key (latest version)."""
        return self.store.find(str(ref))

    def article(self, ref: str | int) -> ArticleDetail | None:
        """One article (by id or URL) with its analysis, relations both ways, provenance, story
        and fact-check matches; None when there is none."""
        from newstrace.factcheck import store as fc_store
        from newstrace.report.trace import load_provenance, provenance_record

        store = self.store
        article_id = store.find(str(ref))
        article = store.get(article_id) if article_id is not None else None
        if article is None or article.id is None:
            return None
        story_id = store.story_of(article.id)
        narrative = (
            store.conn.execute("SELECT narrative_id FROM stories WHERE id = ?", (story_id,)).fetchone()
            if story_id is not None
            else None
        )
        graph = load_provenance(store, around=article.id, upward=True)
        relations = store.relations([article.id])
        chain: list[Relation] = []
        node = article.id
        while node in graph.nodes and (parent := graph.parent(node)) is not None:
            chain.append(parent)
            node = parent.source_id
        named = {n for r in [*relations, *chain] for n in (r.source_id, r.target_id)} - {article.id}
        matches = [m for m in fc_store.matches(store, article_id=article.id) if m.story_id is None]
        checks = {m.factcheck_id: fc_store.get_factcheck(store, m.factcheck_id) for m in matches}
        return ArticleDetail(
            article=article,
            analysis=store.analysis(article.id),
            story_id=story_id,
            narrative_id=narrative[0] if narrative else None,
            relations=relations,
            provenance=provenance_record(graph, article.id),
            matches=matches,
            corrections=_corrections.touching(store, article_ids=[article.id]),
            chain=chain,
            others={r["id"]: r for r in store.summaries(named)},
            factchecks={k: v for k, v in checks.items() if v is not None},
        )

    def provenance(self, around: int | Iterable[int] | None = None, *, upward: bool = False) -> Provenance:
        """The derivation graph (provenance.Provenance): all of it, or the articles linked to
        ``around``; with ``upward``, only what they derive from."""
        from newstrace.report.trace import load_provenance

        return load_provenance(self.store, around=around, upward=upward)

    def factchecks(self, *, lang: str | None = None) -> list[FactCheck]:
        from newstrace.factcheck import store as fc_store

        return fc_store.factchecks(self.store, lang=lang)

    def matches(
        self,
        *,
        article_id: int | None = None,
        factcheck_id: int | None = None,
        story_id: int | None = None,
    ) -> list[FactCheckMatch]:
        """Fact-check matches, best first; article matches have ``story_id`` None unless a
        story is asked for."""
        from newstrace.factcheck import store as fc_store

        return list(
            fc_store.matches(self.store, article_id=article_id, factcheck_id=factcheck_id, story_id=story_id)
        )

    def stories(self, ids: Iterable[int] | None = None) -> list[Story]:
        """Every story (only those in ``ids`` when given), largest first."""
        from newstrace.stories.store import stories

        found = stories(self.store, ids=list(ids)) if ids is not None else stories(self.store)
        return sorted(found, key=lambda s: (-len(s.article_ids), -len(s.languages), s.id))

    def story_titles(self, ids: Iterable[int]) -> dict[int, str]:
        """The titles of the stories ``ids`` by id (unknown ids left out)."""
        from newstrace.stories.store import story_titles

        return story_titles(self.store, ids)

    def story_page(self, *, offset: int = 0, limit: int = 50, lang: str | None = None) -> Page[Story]:
        """One page of ``stories()`` (largest first), reading only that page's stories; with
        ``lang``, only stories with an article in that language."""
        from newstrace.stories.store import story_page

        found, total = story_page(self.store, offset=offset, limit=limit, lang=lang)
        return Page(found, total, offset, limit)

    def narrative_page(
        self, *, offset: int = 0, limit: int = 50, min_stories: int = 1
    ) -> Page[NarrativeSummary]:
        """One page of narratives with at least ``min_stories`` stories (waves), most first."""
        from newstrace.stories.store import narrative_page

        rows, total = narrative_page(self.store, offset=offset, limit=limit, min_stories=min_stories)
        return Page([NarrativeSummary(**r) for r in rows], total, offset, limit)

    def story(self, story_id: int, *, lang: str = "en") -> StoryDetail | None:
        """One story with its report data (timeline, provenance graph, independent sources,
        denials, fact-checks); ``lang`` is the language actor names are shown in."""
        from newstrace.report.view import story_view
        from newstrace.stories.store import stories

        found = next(iter(stories(self.store, ids=[story_id])), None)
        if found is None:
            return None
        return StoryDetail(found, story_view(self.store, found, lang=lang))

    def narrative(self, narrative_id: int) -> NarrativeDetail | None:
        """The stories (waves) that retell one claim, earliest first. A story's
        ``narrative_id`` is the smallest story id of its narrative."""
        from newstrace.report.view import narrative_waves
        from newstrace.stories.store import stories

        members = stories(self.store, narrative=narrative_id)
        if not members:
            return None
        waves = [
            Wave(
                story_id=w.id,
                title=w.title,
                first_published=w.first_published,
                last_published=w.last_published,
                articles=w.articles,
                published=w.published,
            )
            for w in narrative_waves(self.store, members[0])
        ]
        return NarrativeDetail(narrative_id, members, waves)

    def outlet(self, outlet_id: str) -> OutletDetail | None:
        """What an outlet publishes, whom it copies, translates or cites and how often it says
        so, and what sources its claims stand on; None when no article is from it."""
        from newstrace.outlets import default_registry

        store = self.store
        latest = "a.version = (SELECT MAX(version) FROM articles b WHERE b.key = a.key)"
        rows = store.conn.execute(
            f"SELECT a.id, a.lang, s.story_id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id"
            f" WHERE a.outlet = ? AND {latest}",
            (outlet_id,),
        ).fetchall()
        if not rows:
            return None
        ids = [r["id"] for r in rows]
        own = set(ids)
        relations = store.relations(ids)
        outlet_of = {
            r["id"]: r["outlet"]
            for r in store.summaries({n for r in relations for n in (r.source_id, r.target_id)})
        }
        takes: dict[str, Counter[str]] = {}
        taken: dict[str, Counter[str]] = {}
        derived_ids: set[int] = set()
        for r in relations:
            if r.target_id in own:
                derived_ids.add(r.target_id)
                source = outlet_of.get(r.source_id) or "unknown"
                takes.setdefault(source, Counter())[r.kind] += 1
            if r.source_id in own:
                target = outlet_of.get(r.target_id) or "unknown"
                taken.setdefault(target, Counter())[r.kind] += 1
        credited = 0
        sources: Counter[str] = Counter()
        claims = unsourced = 0
        for article_id in ids:
            article, analysis = store.get(article_id), store.analysis(article_id)
            if analysis is not None:
                kept = [a for a in analysis.attributions if not a.unresolved]
                claims += len(kept)
                sources.update(a.source_type for a in kept)
                unsourced += len(analysis.unattributed)
            if article_id in derived_ids and article is not None:
                named = {c.outlet for c in article.credits if c.outlet}
                named |= {o.outlet for o in (analysis.origins if analysis else []) if o.outlet}
                credited += bool(named - {outlet_id})
        known = default_registry().get(outlet_id)
        return OutletDetail(
            id=outlet_id,
            name=known.name if known else outlet_id,
            registry=known,
            articles=len(ids),
            languages=dict(Counter(r["lang"] or "?" for r in rows).most_common()),
            story_ids=sorted({r["story_id"] for r in rows if r["story_id"] is not None}),
            takes_from={k: dict(v) for k, v in sorted(takes.items(), key=lambda kv: -sum(kv[1].values()))},
            taken_by={k: dict(v) for k, v in sorted(taken.items(), key=lambda kv: -sum(kv[1].values()))},
            derived=len(derived_ids),
            credited=credited,
            claims=claims,
            sources=dict(sources.most_common()),
            unsourced_sentences=unsourced,
        )

    def actor(self, actor_id: str, *, members: bool = True) -> ActorDetail | None:
        """Where an actor is quoted: articles, stories, languages. With ``members``, the people
        and bodies that speak for it count too (Konashenkov for the Defence Ministry). None when
        it is quoted nowhere and the registry does not know it."""
        from newstrace.actors import default_actors

        registry = default_actors()
        store = self.store
        # the actor and, with members, every registry actor within it: read by the actor index
        wanted = {actor_id}
        if members and actor_id in registry:
            wanted |= {a for a in registry.actors if registry.within(a, actor_id)}
        latest = "a.version = (SELECT MAX(version) FROM articles b WHERE b.key = a.key)"
        rows = store.conn.execute(
            "SELECT t.article_id, t.actor, t.stance, t.cue, t.content, a.lang, a.outlet, a.published,"
            " s.story_id FROM attributions t JOIN articles a ON a.id = t.article_id"
            " LEFT JOIN story_articles s ON s.article_id = a.id"
            f" WHERE t.actor IN ({','.join('?' * len(wanted))}) AND NOT t.unresolved AND {latest}"
            " ORDER BY a.published, t.article_id, t.position",
            sorted(wanted),
        ).fetchall()
        quotes = [
            ActorQuote(
                article_id=r["article_id"],
                story_id=r["story_id"],
                lang=r["lang"],
                outlet=r["outlet"],
                published=r["published"],
                stance=r["stance"],
                cue=r["cue"],
                content=r["content"],
                actor=r["actor"],
            )
            for r in rows
        ]
        known = registry.get(actor_id)
        if not quotes and known is None:
            return None
        languages = Counter(q.lang or "?" for q in {q.article_id: q for q in quotes}.values())
        return ActorDetail(
            id=actor_id,
            name=known.name() if known else actor_id,
            registry=known,
            quotes=quotes,
            story_ids=sorted({q.story_id for q in quotes if q.story_id is not None}),
            languages=dict(languages.most_common()),
        )

    # -- correcting it ----------------------------------------------------------------------
    def correct(
        self,
        kind: str,
        *,
        who: str,
        note: str | None = None,
        source: int | None = None,
        target: int | None = None,
        relation: str | None = None,
        story: int | None = None,
        into: int | None = None,
        article: int | None = None,
        attribution: int | None = None,
        source_text: str | None = None,
        actor: str | None = None,
        source_type: str | None = None,
        factcheck: int | None = None,
    ) -> Correction:
        """Correct the engine, for good: the correction is stored with ``who`` and when, applied
        at once, and applied again by every later ``analyze``/``run`` (``--redo`` too). Kinds:

        - ``reject-relation`` / ``confirm-relation``: ``source``, ``target`` (article ids) and
          ``relation`` (copy, translation, cites); ``target`` derives from ``source``
        - ``merge-stories``: ``story`` merged ``into`` another story
        - ``move-article``: ``article`` moved to ``story``
        - ``set-attribution``: ``article`` and ``attribution`` (its position, from 0, as in
          ``show --json``), with ``source_text``, ``actor`` and/or ``source_type``
        - ``reject-match``: ``factcheck`` is not a match of ``article``

        Raises ``CorrectionError`` (a ``ValueError``) naming the problem when the kind is
        unknown, an argument is missing or an id names nothing; nothing is stored then."""
        from newstrace.factcheck import store as fc_store

        store = self.store
        given = {
            "source": source,
            "target": target,
            "relation": relation,
            "story": story,
            "into": into,
            "article": article,
            "attribution": attribution,
            "source_text": source_text,
            "actor": actor,
            "source_type": source_type,
            "factcheck": factcheck,
        }
        made = _corrections.record(store, kind, who=who, note=note, **given)
        if made.kind in ("merge-stories", "move-article", "reject-match") and fc_store.count_factchecks(
            store
        ):
            # the stories whose articles (or article matches) changed show their fact-checks anew
            moved = _corrections.articles_of(made)
            match_stories(store, {s for s in (store.story_of(a) for a in moved) if s is not None})
        return made

    def corrections(self, *, active: bool = False) -> list[Correction]:
        """Every correction in the order made, undone ones included (only those in force with
        ``active``)."""
        return _corrections.load(self.store, active=active)

    def correction(self, correction_id: int) -> Correction | None:
        """One correction by id, undone or not; None when there is none."""
        return _corrections.get(self.store, correction_id)

    def undo(
        self,
        correction_id: int,
        *,
        who: str,
        outlets: Iterable[str | os.PathLike[str]] = (),
        actors: Iterable[str | os.PathLike[str]] = (),
        progress: Progress | None = None,
    ) -> Correction:
        """Undo a correction: it stays recorded (``undone_at``, ``undone_by``), and what it
        changed goes back to the engine, which answers again (an incremental ``analyze`` over
        the articles it touched). Raises ``CorrectionError`` for an unknown or undone id."""
        from newstrace.factcheck import match_stored
        from newstrace.factcheck import store as fc_store

        store = self.store
        undone = _corrections.undo(store, correction_id, who=who)
        self.analyze(outlets=outlets, actors=actors, progress=progress)
        if undone.kind == "reject-match":
            article_id = undone.targets["article"]
            match_stored(store, article_ids=[article_id])
            story_id = store.story_of(article_id)
            if story_id is not None and fc_store.count_factchecks(store):
                match_stories(store, [story_id])
        return undone

    def rejections(self, *, latest: int | None = None) -> list[Rejection]:
        """Every input or article that could not be used, with the reason and when, oldest first
        (only the ``latest`` ones when given, still oldest first)."""
        return self.store.rejections(latest=latest)

    def rejection_count(self) -> int:
        return self.store.count_rejections()

    def jobs(self, *, limit: int = 20) -> list[dict[str, Any]]:
        """The desk's latest ingest jobs (``newstrace serve``), newest first, as stored rows:
        id, who, inputs, status (queued, running, done, failed, interrupted), counts, error,
        created_at and finished_at."""
        return self.store.jobs(limit=limit)

    def job(self, job_id: str) -> dict[str, Any] | None:
        """One stored ingest job (see ``jobs``), or None."""
        return self.store.job(job_id)

    def export(self, output: str | os.PathLike[str] | IO[str], *, format: str = "json") -> int:
        """Write the collection (docs/export.md): ``json`` (everything), ``jsonl`` or ``csv``
        (articles; ``csv`` to a folder writes one table per kind), ``gexf`` or ``graphml`` (the
        provenance graph), ``claimreview``. ``output`` is a path or an open text file. Returns
        the number of articles (reviews for ``claimreview``) written."""
        from newstrace.report.export import WRITERS, write_csv_tables

        if format not in WRITERS:
            raise NewstraceError(f"unknown format {format!r}; use one of {', '.join(WRITERS)}")
        store = self.store
        if not isinstance(output, (str, os.PathLike)):
            return WRITERS[format](store, output)
        path = Path(output)
        try:
            if format == "csv" and (path.is_dir() or not path.suffix):
                return write_csv_tables(store, path)
            with open(path, "w", encoding="utf-8", newline="") as fh:
                return WRITERS[format](store, fh)
        except OSError as exc:
            raise NewstraceError(f"{path}: cannot write ({exc.strerror})") from exc
