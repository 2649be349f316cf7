"""`run`: the whole job in one command, from inputs to a folder of reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from newstrace.cli.collect import analyze_cmd, ingest_cmd
from newstrace.cli.common import (
    EXIT_REJECTED,
    ActorsOption,
    LangOption,
    OutletsOption,
    SourcesArgument,
    fail,
    open_store,
    out,
)
from newstrace.cli.factchecks import factchecks_import_cmd


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
        fail(f"{out_dir}: cannot create folder ({exc.strerror})")
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

    missing = [str(f) for f in factchecks or [] if not f.exists()]
    if missing:  # before hours of ingesting and analysing, not after
        fail(f"no such fact-check file: {', '.join(missing)}")
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
    step(analyze_cmd, db=db, outlets=outlets, actors=actors, workers=workers, redo=False, quiet=quiet)
    if factchecks:
        step(factchecks_import_cmd, files=factchecks, db=db, quiet=quiet)
    with open_store(db) as store:
        try:
            every = stories(store)
            found = [s for s in every if len(s.article_ids) >= min_articles]
            entries = []
            written = set()
            for story in found:
                view = story_view(store, story, lang=lang)
                for wave in view["waves"]:  # a wave too small for a page of its own is not linked
                    wave["linked"] = wave["articles"] >= min_articles
                page = out_dir / f"story-{story.id}.html"
                page.write_text(render_story(view), encoding="utf-8")
                written.add(page.name)
                entries.append(index_entry(view))
            for stale in out_dir.glob("story-*.html"):  # stories merged away or now too small
                if stale.name not in written:
                    stale.unlink()
            (out_dir / "index.html").write_text(render_index(entries), encoding="utf-8")
            with open(out_dir / "export.json", "w", encoding="utf-8") as fh:
                write_json(store, fh)
        except OSError as exc:
            fail(f"{out_dir}: cannot write ({exc.strerror})")
    if not quiet:
        ranked = sorted(entries, key=lambda e: (-e["articles"], -len(e["languages"]), -len(e["outlets"])))
        out.print()
        smaller = len(every) - len(found)
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
    if rejected:
        raise typer.Exit(EXIT_REJECTED)
