"""`run`: the whole job in one command, from inputs to a folder of reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from newstrace.cli.common import (
    EXIT_REJECTED,
    ActorsOption,
    CliProgress,
    LangOption,
    OutletsOption,
    SourcesArgument,
    open_workspace,
    out,
)
from newstrace.workspace import DB_NAME


def run_cmd(
    inputs: SourcesArgument,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for the database, the reports and the export.")
    ],
    factchecks: Annotated[
        Optional[list[Path]],
        typer.Option("--factchecks", help="Fact-checks to match (ClaimReview, API JSON, CSV; repeatable)."),
    ] = None,
    outlets: OutletsOption = None,
    actors: ActorsOption = None,
    lang: LangOption = "en",
    workers: Annotated[Optional[int], typer.Option(help="Processes (default: CPU count, at most 4).")] = None,
    min_articles: Annotated[
        int, typer.Option(help="Write a report page for stories with at least this many articles.")
    ] = 2,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or summaries.")] = False,
) -> None:
    """The main job in one command: ingest, analyse (attributions, copies and translations,
    stories), match fact-checks, and write a report per story plus an index page ranking the
    stories by size and spread. Rerunning with more input adds to the same folder; every other
    command finds its database with --db DIR.

    Example: newstrace run examples/html examples/records --factchecks examples/factchecks/claimreview.json --out deir/
    """
    with open_workspace(Path(out_dir, DB_NAME)) as workspace:
        result = workspace.run(
            inputs,
            out=out_dir,
            factchecks=factchecks or [],
            outlets=outlets or [],
            actors=actors or [],
            workers=workers,
            lang=lang,
            min_articles=min_articles,
            progress=CliProgress(workspace.path, quiet=quiet),
        )
    entries, every = result.pages, result.stories
    if not quiet:
        ranked = sorted(entries, key=lambda e: (-e["articles"], -len(e["languages"]), -len(e["outlets"])))
        out.print()
        smaller = every - len(entries)
        out.print(
            f"[bold]{len(entries)} stories[/bold] with at least {min_articles} articles"
            + (f" ({smaller} smaller ones have no page; --min-articles 1 writes them)" if smaller else "")
            + ":"
        )
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
    if result.rejected:
        raise typer.Exit(EXIT_REJECTED)
