"""``newstrace db``: looking after the database file itself (backups)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from newstrace.cli.common import DbOption, open_workspace, out

db_app = typer.Typer(
    help="Look after the database file: backups.", no_args_is_help=True, rich_markup_mode=None
)


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    size, unit = n / 1024, "KB"
    for bigger in ("MB", "GB"):
        if size < 1024:
            break
        size, unit = size / 1024, bigger
    return f"{size:.1f} {unit}"


@db_app.command("backup")
def db_backup(
    dest: Annotated[str, typer.Argument(help="The copy: a file, or a folder to hold newstrace.db.")],
    force: Annotated[bool, typer.Option(help="Overwrite DEST if it exists.")] = False,
    db: DbOption = None,
) -> None:
    """Copy the database with SQLite's online backup: consistent even while `newstrace serve`
    or an analysis writes to it. Refuses to overwrite DEST without --force.

    Example: newstrace db backup backups/desk-$(date +%F).db --db case/
    """
    with open_workspace(db) as workspace:
        made = workspace.backup(dest, force=force)
        out.print(f"{escape(str(made.path))}: {_size(made.size)}, {made.articles} articles", soft_wrap=True)
