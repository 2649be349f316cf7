"""The `factchecks` sub-app: import fact-checks and list them with their matches."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from newstrace.cli.common import EXIT_REJECTED, DbOption, err, fail, open_store, usage_errors
from newstrace.pipeline import match_stories

factchecks_app = typer.Typer(
    help="Import fact-checks and see which articles they match.", no_args_is_help=True
)


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
    from newstrace.factcheck import Matcher, match_stored, read_factchecks
    from newstrace.factcheck import store as fc_store
    from newstrace.model import FactCheck
    from newstrace.stories.store import stories

    missing = [str(f) for f in files if not f.exists()]
    if missing:
        fail(f"no such file: {', '.join(missing)}")
    with open_store(db, create=True) as store, usage_errors():
        items = list(read_factchecks(files))
        found = [i for i in items if isinstance(i, FactCheck)]
        rejected = [i for i in items if not isinstance(i, FactCheck)]
        results = fc_store.save_factchecks(store, found, rejected)
        matched = 0
        if store.count() and any(status != "unchanged" for _, status in results):
            # new or changed fact-checks: every article is matched again (unchanged input: nothing to do)
            matcher = Matcher(fc_store.factchecks(store))
            matched = match_stored(store, matcher=matcher)
            match_stories(store, [story.id for story in stories(store)], matcher=matcher)
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

    with open_store(db) as store:
        rows = fc_store.factchecks(store)
        counts = {
            r.id: len(
                {m.article_id for m in fc_store.matches(store, factcheck_id=r.id) if m.story_id is None}
            )
            for r in rows
        }
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
