"""Commands that fill the database: `ingest` and `analyze`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from newstrace.cli.common import (
    EXIT_REJECTED,
    ActorsOption,
    DbOption,
    OutletsOption,
    SourcesArgument,
    err,
    fail,
    open_store,
    progress_bar,
    usage_errors,
    use_actors,
)
from newstrace.ingest import IngestOptions
from newstrace.ingest.web import FetchOptions
from newstrace.pipeline import (
    IngestReport,
    analyze_pending,
    group_pending,
    ingest,
    trace_pending,
)


def ingest_cmd(
    sources: SourcesArgument,
    db: DbOption = None,
    outlets: OutletsOption = None,
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
            fail(f"{url_list}: cannot read URL list ({exc.strerror})")
        items += [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    options = IngestOptions(
        max_bytes=max_bytes,
        fetch=FetchOptions(timeout=timeout, max_bytes=max_bytes, delay=delay, robots=robots),
    )
    started = time.monotonic()
    shown = 0  # rejections printed so far: each is printed as soon as it is known

    with (
        open_store(db, create=True) as store,
        usage_errors(),
        progress_bar("ingesting", quiet=quiet, bar=False, rate_digits=0) as show,
    ):

        def on_item(report: IngestReport) -> None:
            nonlocal shown
            for rejection in report.rejected[shown:]:
                err.print(f"[red]rejected[/red] {escape(str(rejection))}", soft_wrap=True)
            shown = len(report.rejected)
            show(
                report.seen,
                detail=f"{report.new} new · {report.versions} versions · "
                f"{report.unchanged} unchanged · {len(report.rejected)} rejected",
            )

        report = ingest(
            items,
            store,
            options=options,
            outlet_files=[str(p) for p in outlets or []],
            workers=workers,
            on_item=on_item,
        )
    if not quiet:
        err.print(
            f"{report.new} new, {report.versions} new versions, {report.unchanged} unchanged, "
            f"{len(report.rejected)} rejected in {time.monotonic() - started:.1f} s -> {store.path}"
        )
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)


def analyze_cmd(
    db: DbOption = None,
    outlets: OutletsOption = None,
    actors: ActorsOption = None,
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

    Example: newstrace analyze --db cases/deir.db --actors my-actors.yaml
    """
    use_actors(actors)
    started = time.monotonic()
    with open_store(db) as store, usage_errors():
        with progress_bar("analysing", quiet=quiet) as show:
            report = analyze_pending(
                store,
                outlet_files=[str(p) for p in outlets or []],
                workers=workers,
                redo=redo,
                on_item=lambda r: show(r.analysed, r.total),
            )
        # relations need the global reuse index, so this stage runs in one process
        with progress_bar("comparing", quiet=quiet) as show:
            traced = trace_pending(store, redo=redo, on_item=lambda r: show(r.traced, r.total))
        grouped = group_pending(store, matched_ids=traced.article_ids)
    if not quiet:
        err.print(
            f"{report.analysed} articles analysed, {report.attributions} attributions found; "
            f"{traced.traced} compared for copies and translations, {traced.relations} relations found; "
            f"{grouped.grouped} placed in {len(grouped.stories)} stories, {grouped.matches} fact-check matches "
            f"in {time.monotonic() - started:.1f} s -> {store.path}"
        )
    for rejection in report.rejected:
        err.print(f"[red]rejected[/red] {escape(str(rejection))}", soft_wrap=True)
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)
