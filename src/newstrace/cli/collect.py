"""Commands that fill the database: `ingest` and `analyze`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from newstrace.cli.common import (
    EXIT_REJECTED,
    ActorsOption,
    CliProgress,
    DbOption,
    OutletsOption,
    SourcesArgument,
    fail,
    open_workspace,
)
from newstrace.ingest import IngestOptions
from newstrace.ingest.web import FetchOptions


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
    with open_workspace(db) as workspace:
        report = workspace.ingest(
            items,
            outlets=outlets or [],
            options=options,
            workers=workers,
            progress=CliProgress(workspace.path, quiet=quiet),
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
    with open_workspace(db) as workspace:
        result = workspace.analyze(
            outlets=outlets or [],
            actors=actors or [],
            workers=workers,
            redo=redo,
            progress=CliProgress(workspace.path, quiet=quiet),
        )
    if result.rejected:
        raise typer.Exit(EXIT_REJECTED)
