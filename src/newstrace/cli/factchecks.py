"""The `factchecks` sub-app: import fact-checks and list them with their matches."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newstrace.cli.common import EXIT_REJECTED, CliProgress, DbOption, open_workspace

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
    with open_workspace(db) as workspace:
        result = workspace.import_factchecks(files, progress=CliProgress(workspace.path, quiet=quiet))
    if result.rejected:
        raise typer.Exit(EXIT_REJECTED)


@factchecks_app.command("list")
def factchecks_list_cmd(db: DbOption = None) -> None:
    """List stored fact-checks with their verdicts and how many articles each matches.

    Example: newstrace factchecks list
    """
    with open_workspace(db) as workspace:
        rows = workspace.factchecks()
        counts = {
            r.id: len({m.article_id for m in workspace.matches(factcheck_id=r.id) if m.story_id is None})
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
