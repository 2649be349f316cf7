"""The ``newstrace`` command: parse arguments, call the library, print."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from newstrace import __version__
from newstrace.errors import NewstraceError
from newstrace.ingest import IngestOptions
from newstrace.ingest.web import FetchOptions
from newstrace.pipeline import (
    AnalyzeReport,
    IngestReport,
    TraceReport,
    analyze_pending,
    group_pending,
    ingest,
    match_stories,
    trace_pending,
)
from newstrace.report.export import WRITERS, article_record, relation_record
from newstrace.report.trace import (
    article_label,
    external_label,
    load_provenance,
    provenance_record,
    trace_tree,
)
from newstrace.store import Store, default_db_path

app = typer.Typer(
    help="Trace who says what, who copied whom, and where a news story started.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    Optional[Path],
    typer.Option(
        "--db", help="Database file (default: $NEWSTRACE_DB or ./newstrace.db).", show_default=False
    ),
]
EXIT_REJECTED = 1
EXIT_USAGE = 2


def _open(db: Path | None, *, create: bool = False) -> Store:
    path = db or default_db_path()
    if not create and str(path) != ":memory:" and not Path(path).exists():
        err.print(f"error: no database at {path} (run `newstrace ingest` first, or pass --db)")
        raise typer.Exit(EXIT_USAGE)
    try:
        return Store(path)
    except NewstraceError as exc:
        err.print(f"error: {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from exc


def _version(value: bool) -> None:
    if value:
        print(f"newstrace {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """newstrace: news provenance for fact-checkers and researchers."""


@app.command("ingest")
def ingest_cmd(
    sources: Annotated[
        list[str], typer.Argument(help="Files, folders, WARC archives, feeds or URLs.", show_default=False)
    ],
    db: DbOption = None,
    outlets: Annotated[
        Optional[list[Path]], typer.Option("--outlets", help="Extra outlet registry YAML file (repeatable).")
    ] = None,
    url_list: Annotated[
        Optional[Path], typer.Option("--url-list", help="A file with one URL per line to fetch.")
    ] = None,
    max_bytes: Annotated[int, typer.Option(help="Largest page or text file accepted, in bytes.")] = 10
    * 1024
    * 1024,
    workers: Annotated[
        Optional[int], typer.Option(help="Extraction processes (default: CPU count, at most 4).")
    ] = None,
    delay: Annotated[float, typer.Option(help="Seconds between two requests to one web host.")] = 1.0,
    timeout: Annotated[float, typer.Option(help="Seconds before a web request is given up.")] = 20.0,
    robots: Annotated[
        bool, typer.Option("--robots/--no-robots", help="Honour robots.txt when fetching.")
    ] = True,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary; rejections still go to stderr.")
    ] = False,
) -> None:
    """Read articles into the database, skipping what is already there.

    Example: newstrace ingest examples/ https://example.org/feed.xml --db cases/deir.db
    """
    items = list(sources)
    if url_list:
        try:
            lines = url_list.read_text("utf-8").splitlines()
        except OSError as exc:
            err.print(f"error: {url_list}: cannot read URL list ({exc.strerror})")
            raise typer.Exit(EXIT_USAGE) from exc
        items += [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    options = IngestOptions(
        max_bytes=max_bytes,
        fetch=FetchOptions(timeout=timeout, max_bytes=max_bytes, delay=delay, robots=robots),
    )
    store = _open(db, create=True)
    shown = 0
    started = time.monotonic()

    def print_new_rejections(report: IngestReport, console: Console) -> None:
        nonlocal shown
        for rejection in report.rejected[shown:]:
            console.print(f"[red]rejected[/red] {escape(str(rejection))}", soft_wrap=True)
        shown = len(report.rejected)

    try:
        if quiet or not err.is_terminal:
            report = ingest(
                items,
                store,
                options=options,
                outlet_files=[str(p) for p in outlets or []],
                workers=workers,
                on_item=lambda r: print_new_rejections(r, err),
            )
        else:
            with Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TextColumn("[bold]{task.completed}[/bold] items"),
                TextColumn("{task.fields[detail]}"),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            ) as progress:
                task = progress.add_task("ingesting", total=None, detail="", rate="")

                def update(report: IngestReport) -> None:
                    print_new_rejections(report, progress.console)
                    elapsed = max(time.monotonic() - started, 1e-6)
                    progress.update(
                        task,
                        completed=report.seen,
                        detail=f"{report.new} new · {report.versions} versions · "
                        f"{report.unchanged} unchanged · {len(report.rejected)} rejected",
                        rate=f"{report.seen / elapsed:.0f}/s",
                    )

                report = ingest(
                    items,
                    store,
                    options=options,
                    outlet_files=[str(p) for p in outlets or []],
                    workers=workers,
                    on_item=update,
                )
    except NewstraceError as exc:
        err.print(f"error: {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from exc
    finally:
        store.close()
    elapsed = time.monotonic() - started
    if not quiet:
        err.print(
            f"{report.new} new, {report.versions} new versions, {report.unchanged} unchanged, "
            f"{len(report.rejected)} rejected in {elapsed:.1f} s -> {store.path}"
        )
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)


@app.command("analyze")
def analyze_cmd(
    db: DbOption = None,
    outlets: Annotated[
        Optional[list[Path]], typer.Option("--outlets", help="Extra outlet registry YAML file (repeatable).")
    ] = None,
    workers: Annotated[
        Optional[int], typer.Option(help="Analysis processes (default: CPU count, at most 4).")
    ] = None,
    redo: Annotated[
        bool, typer.Option("--redo", help="Analyse every article again, not only new ones.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Find who says what in every article not analysed yet (attributions, denials, hedging,
    origin chains), then who copied, translated or cited whom. Safe to rerun; an interrupted
    run resumes.

    Example: newstrace analyze --db cases/deir.db
    """
    store = _open(db)
    started = time.monotonic()
    try:
        if quiet or not err.is_terminal:
            report = analyze_pending(
                store, outlet_files=[str(p) for p in outlets or []], workers=workers, redo=redo
            )
        else:
            with Progress(
                SpinnerColumn(),
                TextColumn("analysing"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            ) as progress:
                task = progress.add_task("analysing", total=None, rate="")

                def update(r: AnalyzeReport) -> None:
                    elapsed = max(time.monotonic() - started, 1e-6)
                    progress.update(
                        task, total=r.total, completed=r.analysed, rate=f"{r.analysed / elapsed:.1f}/s"
                    )

                report = analyze_pending(
                    store,
                    outlet_files=[str(p) for p in outlets or []],
                    workers=workers,
                    redo=redo,
                    on_item=update,
                )
        traced = _trace(store, redo=redo, quiet=quiet)
        grouped = group_pending(store, matched_ids=traced.article_ids)
    except NewstraceError as exc:
        err.print(f"error: {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from exc
    finally:
        store.close()
    if not quiet:
        err.print(
            f"{report.analysed} articles analysed, {report.attributions} attributions found; "
            f"{traced.traced} compared for copies and translations, {traced.relations} relations found; "
            f"{grouped.grouped} placed in {len(grouped.stories)} stories, {grouped.matches} fact-check matches "
            f"in {time.monotonic() - started:.1f} s -> {store.path}"
        )


def _trace(store: Store, *, redo: bool, quiet: bool) -> TraceReport:
    """Second stage of `analyze`: relations between articles (one process: the index is global)."""
    if quiet or not err.is_terminal:
        return trace_pending(store, redo=redo)
    started = time.monotonic()
    with Progress(
        SpinnerColumn(),
        TextColumn("comparing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("comparing", total=None, rate="")

        def update(r: TraceReport) -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            progress.update(task, total=r.total, completed=r.traced, rate=f"{r.traced / elapsed:.1f}/s")

        return trace_pending(store, redo=redo, on_item=update)


@app.command("list")
def list_cmd(
    db: DbOption = None,
    lang: Annotated[Optional[str], typer.Option(help="Only this language (ISO 639-1).")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Only this outlet id.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 100,
) -> None:
    """List stored articles.

    Example: newstrace list --lang fr --limit 20
    """
    store = _open(db)
    columns = ("id", "published", "outlet", "lang", "credits", "title")
    rows = []
    for article in store.articles(lang=lang, outlet=outlet, limit=limit):
        credits = ", ".join(c.outlet or c.name or c.kind for c in article.credits)
        rows.append(
            (
                str(article.id),
                article.published or "",
                article.outlet or "",
                article.lang or "",
                credits,
                article.title,
            )
        )
    total = store.count()
    store.close()
    if out.is_terminal:
        # fixed columns at their content width (outlet and credits capped), the title gets the rest
        caps = {"outlet": 22, "credits": 22}
        widths = [
            min(caps.get(name, 99), max([len(name)] + [len(row[i]) for row in rows]))
            for i, name in enumerate(columns[:-1])
        ]
        title_width = max(20, out.width - sum(widths) - 2 * len(widths))

        def cell(value: str, width: int) -> str:
            return value if len(value) <= width else value[: width - 1] + "…"

        header = "  ".join(name.ljust(w) for name, w in zip(columns[:-1], widths, strict=True))
        out.print(f"[bold]{escape(header)}  title[/bold]")
        for row in rows:
            fixed = "  ".join(cell(v, w).ljust(w) for v, w in zip(row[:-1], widths, strict=True))
            out.print(escape(f"{fixed}  {cell(row[-1], title_width)}"), overflow="ignore", crop=False)
    else:  # piped: tab-separated, nothing cut, easy to grep or load
        print("\t".join(columns))
        for row in rows:
            print("\t".join(row))
    err.print(f"{min(total, limit)} of {total} articles")


@app.command("show")
def show_cmd(
    article_id: Annotated[int, typer.Argument(metavar="ID", help="Article id (see `newstrace list`).")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the article as JSON.")] = False,
) -> None:
    """Show one article: metadata, credits, origin chain, attributions and its text with the
    sources coloured by type.

    Example: newstrace show 3 --json
    """
    store = _open(db)
    article = store.get(article_id)
    analysis = store.analysis(article_id) if article else None
    store.close()
    if article is None:
        err.print(f"error: no article with id {article_id} (see `newstrace list`)")
        raise typer.Exit(EXIT_REJECTED)
    if as_json:
        print(json.dumps(article_record(article, analysis), ensure_ascii=False, indent=2))
        return
    out.print(f"[bold]{escape(article.title)}[/bold]")
    fields = [
        ("id", f"{article.id} (version {article.version})"),
        ("outlet", article.outlet),
        ("site", article.site_name),
        ("url", article.url),
        ("published", article.published),
        ("author", article.author),
        ("lang", article.lang),
        ("source", f"{article.source.kind}: {article.source.key()}"),
    ]
    for name, value in fields:
        if value:
            out.print(f"[dim]{name:>9}[/dim]  {escape(str(value))}")
    for credit in article.credits:
        who = credit.outlet or "unresolved"
        out.print(
            f"[dim]{'credit':>9}[/dim]  [cyan]{credit.kind}[/cyan] → [bold]{escape(who)}[/bold]  [dim]“{escape(credit.text)}”[/dim]"
        )
    if analysis is None:
        out.print(
            "\n[dim](not analysed yet: run `newstrace analyze` for attributions and the origin chain)[/dim]"
        )
    else:
        chain = " → ".join(
            f"[{TYPE_STYLE.get(o.source_type, '')}]{escape(o.outlet or o.source)}[/] [dim]({o.source_type})[/dim]"
            for o in analysis.origins
        )
        out.print(f"[dim]{'origin':>9}[/dim]  {chain or '[dim]no source credited[/dim]'}")
        out.print()
        for a in analysis.attributions:
            marks = [a.stance] if a.stance != "asserts" else []
            marks += [
                m
                for m, on in (
                    ("direct", a.direct),
                    ("hedged", a.hedged),
                    ("overclaim", a.overclaim),
                    ("opinion", a.opinion),
                )
                if on
            ]
            who = escape(a.source or "(agentless)")
            extra = ", ".join(
                x
                for x in (
                    a.role and f"role: {a.role}",
                    a.refers_to and f"= {a.refers_to}",
                    a.outlet and f"outlet: {a.outlet}",
                )
                if x
            )
            out.print(
                f"  [{TYPE_STYLE.get(a.source_type, '')}]■ {who}[/] [dim]{a.source_type}{', ' + escape(extra) if extra else ''}[/dim]"
                f"  [underline]{escape(a.cue)}[/underline]  {' '.join(f'[bold red]{m}[/bold red]' if m in ('denies', 'disputes', 'overclaim') else f'[dim]{m}[/dim]' for m in marks)}"
            )
            out.print(
                f"      [dim]“{escape(a.content[:200])}{'…' if len(a.content) > 200 else ''}”[/dim]",
                soft_wrap=True,
            )
    out.print()
    out.print(highlighted(article.text, analysis), soft_wrap=True)


TYPE_STYLE = {
    "person": "bold cyan",
    "official": "bold blue",
    "outlet": "bold magenta",
    "anonymous": "bold yellow",
    "social-media": "bold green",
    "document": "bold white",
}


def highlighted(text: str, analysis) -> Text:
    """The article text with sources coloured by type, cues underlined, unattributed claims dimmed."""
    rich_text = Text(text)
    if analysis is None:
        return rich_text
    for start, end in analysis.unattributed:
        rich_text.stylize("italic", start, end)
    for a in analysis.attributions:
        rich_text.stylize("underline", a.cue_start, a.cue_end)
        if a.source_start is not None:
            rich_text.stylize(TYPE_STYLE.get(a.source_type, "bold"), a.source_start, a.source_end)
    return rich_text


@app.command("trace")
def trace_cmd(
    ref: Annotated[
        str, typer.Argument(metavar="ID|URL", help="Article id (see `newstrace list`) or its URL.")
    ],
    db: DbOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print roots, sources and relations as JSON.")
    ] = False,
) -> None:
    """Show where an article's story started: the derivation tree of its root (copies,
    translations, citations, with dates, outlets and languages), the external origins the root
    credits, and how many independent sources stand behind it.

    Example: newstrace trace https://veille-geopolitique.example/2017/09/09/pourquoi-les-usa-ont-evacue-les-chefs-de-daech-de-deir-ez-zor/
    """
    store = _open(db)
    try:
        article_id = store.find(ref)
        if article_id is None:
            err.print(f"error: no article with id or URL {ref} (see `newstrace list`)")
            raise typer.Exit(EXIT_REJECTED)
        graph = load_provenance(store, around=article_id)
    finally:
        store.close()
    record = provenance_record(graph, article_id)
    if as_json:
        related = sorted(graph.component(article_id))
        record["relations"] = [
            relation_record(r) for r in graph.relations if r.source_id in related and r.target_id in related
        ]
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return
    out.print(trace_tree(graph, article_id))
    sources = graph.independent_sources([article_id])
    out.print()
    out.print(
        f"[bold]{len(sources)} independent source{'s' if len(sources) != 1 else ''}[/bold] behind this article:"
    )
    for source in sources:
        out.print(f"  {external_label(source)}")
    others = sorted(set(graph.group_roots(graph.component(article_id))) - {graph.root(article_id)})
    if others:
        out.print()
        out.print("[dim]Also linked to this story, from other roots (weaker relations):[/dim]")
        for root in others:
            out.print(f"  {article_label(graph.nodes[root])}")
    if not graph.relations:
        out.print("[dim](no relations: run `newstrace analyze` to compare articles)[/dim]")


factchecks_app = typer.Typer(
    help="Import fact-checks and see which articles they match.", no_args_is_help=True
)
app.add_typer(factchecks_app, name="factchecks")


@factchecks_app.command("import")
def factchecks_import_cmd(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="ClaimReview JSON-LD (.json, .jsonld), HTML pages embedding it, Fact Check Tools API JSON, or CSV (claim, verdict, url, date, language); folders too."
        ),
    ],
    db: DbOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Import fact-checks, then match every stored article against them (across languages).
    Importing the same review again updates it instead of adding a copy. Exit code 1 when some
    items were rejected (each is named with the reason), 0 otherwise.

    Example: newstrace factchecks import examples/factchecks/claimreview.json examples/factchecks/factchecks.csv
    """
    from newstrace.factcheck import match_stored, read_factchecks
    from newstrace.factcheck import store as fc_store
    from newstrace.model import FactCheck
    from newstrace.stories.store import stories

    missing = [str(f) for f in files if not f.exists()]
    if missing:
        err.print(f"error: no such file: {', '.join(missing)}")
        raise typer.Exit(EXIT_USAGE)
    store = _open(db, create=True)
    try:
        items = list(read_factchecks(files))
        found = [i for i in items if isinstance(i, FactCheck)]
        rejected = [i for i in items if not isinstance(i, FactCheck)]
        results = fc_store.save_factchecks(store, found, rejected)
        matched = match_stored(store) if store.count() else 0
        match_stories(store, [story.id for story in stories(store)])
    except NewstraceError as exc:
        err.print(f"error: {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from exc
    finally:
        store.close()
    for rejection in rejected:
        err.print(f"[yellow]rejected[/yellow] {escape(str(rejection))}")
    if not quiet:
        counts = {
            status: sum(1 for _, s in results if s == status) for status in ("new", "updated", "unchanged")
        }
        err.print(
            f"{counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged fact-checks, "
            f"{len(rejected)} rejected; {matched} article matches -> {store.path}"
        )
    if rejected:
        raise typer.Exit(EXIT_REJECTED)


@factchecks_app.command("list")
def factchecks_list_cmd(db: DbOption = None) -> None:
    """List stored fact-checks with their verdicts and how many articles each matches.

    Example: newstrace factchecks list
    """
    from newstrace.factcheck import store as fc_store

    store = _open(db)
    try:
        rows = fc_store.factchecks(store)
        counts = {r.id: sum(1 for _ in fc_store.matches(store, factcheck_id=r.id)) for r in rows}
    finally:
        store.close()
    print("\t".join(["id", "rating", "verdict", "lang", "date", "publisher", "articles", "claim"]))
    for r in rows:
        print(
            "\t".join(
                str(v or "")
                for v in (
                    r.id,
                    r.rating,
                    r.verdict,
                    r.lang,
                    r.date,
                    r.publisher,
                    counts[r.id],
                    " ".join(r.claim.split()),
                )
            )
        )


@app.command("stories")
def stories_cmd(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
) -> None:
    """List stories, largest first: articles, languages, outlets, dates, narrative and title.

    Example: newstrace stories --limit 10
    """
    from newstrace.stories.store import stories

    store = _open(db)
    try:
        found = sorted(stories(store), key=lambda s: (-len(s.article_ids), -len(s.languages), s.id))
    finally:
        store.close()
    print("\t".join(["id", "articles", "languages", "outlets", "first", "last", "narrative", "title"]))
    for story in found[:limit]:
        row = [
            story.id,
            len(story.article_ids),
            ",".join(story.languages),
            len(story.outlets),
            story.first_published or "",
            story.last_published or "",
            story.narrative_id,
            " ".join(story.title.split()),
        ]
        print("\t".join(str(v) for v in row))
    err.print(f"{min(len(found), limit)} of {len(found)} stories")


@app.command("report")
def report_cmd(
    story_id: Annotated[int, typer.Argument(metavar="STORY_ID", help="Story id (see `newstrace stories`).")],
    html_file: Annotated[
        Optional[Path], typer.Option("--html", help="Write the story report page here.")
    ] = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report's data as JSON.")] = False,
) -> None:
    """Summarise one story in the terminal and, with --html, write a self-contained page (opens
    offline): timeline, provenance graph, independent sources, denials, fact-checks and every
    article with its sources highlighted.

    Example: newstrace report 1 --html deir-ez-zor.html
    """
    from newstrace.report.html import render_story
    from newstrace.report.summary import summary
    from newstrace.report.view import story_view
    from newstrace.stories.store import stories

    store = _open(db)
    try:
        story = next((s for s in stories(store) if s.id == story_id), None)
        if story is None:
            err.print(
                f"error: no story with id {story_id} (see `newstrace stories`; run `newstrace analyze` first)"
            )
            raise typer.Exit(EXIT_REJECTED)
        view = story_view(store, story)
    finally:
        store.close()
    if as_json:
        print(json.dumps(view, ensure_ascii=False, indent=2))
    else:
        out.print(summary(view))
    if html_file is not None:
        try:
            html_file.write_text(render_story(view), encoding="utf-8")
        except OSError as exc:
            err.print(f"error: {html_file}: cannot write ({exc.strerror})")
            raise typer.Exit(EXIT_USAGE) from exc
        err.print(f"report written to {html_file}")


@app.command("run")
def run_cmd(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, folders, WARC archives, feeds or URLs.", show_default=False)
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for the database, the reports and the export.")
    ],
    factchecks: Annotated[
        Optional[list[Path]],
        typer.Option("--factchecks", help="Fact-checks to match (ClaimReview, API JSON, CSV; repeatable)."),
    ] = None,
    outlets: Annotated[
        Optional[list[Path]], typer.Option("--outlets", help="Extra outlet registry YAML file (repeatable).")
    ] = None,
    workers: Annotated[Optional[int], typer.Option(help="Processes (default: CPU count, at most 4).")] = None,
    min_articles: Annotated[
        int, typer.Option(help="Write a report page for stories with at least this many articles.")
    ] = 2,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or summaries.")] = False,
) -> None:
    """The main job in one command: ingest, analyse (attributions, copies and translations,
    stories), match fact-checks, and write a report per story plus an index page ranking the
    stories by size and spread. Rerunning with more input adds to the same folder.

    Example: newstrace run examples/html examples/records --factchecks examples/factchecks/claimreview.json --out deir/
    """
    from newstrace.report.export import write_json
    from newstrace.report.html import render_index, render_story
    from newstrace.report.view import index_entry, story_view
    from newstrace.stories.store import stories

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        err.print(f"error: {out_dir}: cannot create folder ({exc.strerror})")
        raise typer.Exit(EXIT_USAGE) from exc
    db = out_dir / "newstrace.db"
    rejected = False

    def step(command, **kwargs) -> None:
        nonlocal rejected
        try:
            command(**kwargs)
        except typer.Exit as exc:
            if exc.exit_code != EXIT_REJECTED:
                raise
            rejected = True  # reported already; the run goes on with what could be read

    step(
        ingest_cmd,
        sources=inputs,
        db=db,
        outlets=outlets,
        url_list=None,
        max_bytes=10 * 1024 * 1024,
        workers=workers,
        delay=1.0,
        timeout=20.0,
        robots=True,
        quiet=quiet,
    )
    step(analyze_cmd, db=db, outlets=outlets, workers=workers, redo=False, quiet=quiet)
    if factchecks:
        step(factchecks_import_cmd, files=factchecks, db=db, quiet=quiet)
    store = _open(db)
    try:
        found = [s for s in stories(store) if len(s.article_ids) >= min_articles]
        entries = []
        for story in found:
            view = story_view(store, story)
            (out_dir / f"story-{story.id}.html").write_text(render_story(view), encoding="utf-8")
            entries.append(index_entry(view))
        (out_dir / "index.html").write_text(render_index(entries), encoding="utf-8")
        with open(out_dir / "export.json", "w", encoding="utf-8") as fh:
            write_json(store, fh)
    except OSError as exc:
        err.print(f"error: {out_dir}: cannot write ({exc.strerror})")
        raise typer.Exit(EXIT_USAGE) from exc
    finally:
        store.close()
    if not quiet:
        ranked = sorted(entries, key=lambda e: (-e["articles"], -len(e["languages"]), -len(e["outlets"])))
        out.print()
        out.print(f"[bold]{len(entries)} stories[/bold] with at least {min_articles} articles:")
        for e in ranked[:10]:
            n = len(e["independent_sources"])
            verdicts = ", ".join(sorted({f["verdict"] for f in e["factchecks"]}))
            out.print(
                f"  story {e['id']:>4}  {e['articles']:>3} articles  {len(e['languages'])} languages  "
                f"{n} independent source{'s' if n != 1 else ''}"
                + (f"  [bold red]fact-checked: {escape(verdicts)}[/bold red]" if verdicts else "")
                + f"  {escape(e['title'][:60])}"
            )
        out.print(
            f"\nOpen {out_dir / 'index.html'} (reports: story-ID.html; data: export.json, newstrace.db)"
        )
    if rejected:
        raise typer.Exit(EXIT_REJECTED)


@app.command("export")
def export_cmd(
    db: DbOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="json (everything), jsonl or csv (articles; csv to a folder, i.e. a name without extension: one table per kind), "
            "gexf or graphml (the provenance graph, for Gephi), claimreview (stories matched to a fact-check).",
        ),
    ] = "json",
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write ('-' for stdout; a folder for csv tables).")
    ] = Path("-"),
) -> None:
    """Export the collection (formats documented in docs/export.md).

    Example: newstrace export --format gexf -o deir.gexf
    """
    from newstrace.report.export import write_csv_tables

    if fmt not in WRITERS:
        err.print(f"error: unknown format {fmt!r}; use one of {', '.join(WRITERS)}")
        raise typer.Exit(EXIT_USAGE)
    store = _open(db)
    try:
        if fmt == "csv" and str(output) != "-" and (output.is_dir() or not output.suffix):
            count = write_csv_tables(store, output)
        elif str(output) == "-":
            count = WRITERS[fmt](store, sys.stdout)
        else:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                count = WRITERS[fmt](store, fh)
    except OSError as exc:
        err.print(f"error: {output}: cannot write ({exc.strerror})")
        raise typer.Exit(EXIT_USAGE) from exc
    finally:
        store.close()
    if str(output) != "-":
        what = "reviews" if fmt == "claimreview" else "articles"
        err.print(f"{count} {what} written to {output}")


if __name__ == "__main__":
    app()
