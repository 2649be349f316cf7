"""The ``newstrace`` command: parse arguments, call the library, print.

Commands live by what they do to the database: ``collect`` fills it, ``read`` shows and exports
it, ``factchecks`` is a sub-app, ``run`` does it all; each calls the library
(``newstrace.Workspace``); ``common`` holds what they share. They are
registered here, in the order ``newstrace --help`` lists them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from newstrace import __version__
from newstrace.cli.batch import batch_cmd, load_cmd
from newstrace.cli.collect import analyze_cmd, ingest_cmd
from newstrace.cli.correct import correct_app, corrections_cmd, undo_cmd
from newstrace.cli.db import db_app
from newstrace.cli.factchecks import factchecks_app
from newstrace.cli.read import (
    export_cmd,
    list_cmd,
    rejections_cmd,
    report_cmd,
    search_cmd,
    show_cmd,
    stories_cmd,
    trace_cmd,
)
from newstrace.cli.run import run_cmd
from newstrace.cli.serve import serve_cmd, users_app

__all__ = ["app"]

app = typer.Typer(
    help="Trace who says what, who copied whom, and where a news story started.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


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


app.command("ingest")(ingest_cmd)
app.command("analyze")(analyze_cmd)
app.command("list")(list_cmd)
app.command("search")(search_cmd)
app.command("show")(show_cmd)
app.command("trace")(trace_cmd)
app.add_typer(factchecks_app, name="factchecks")
app.command("stories")(stories_cmd)
app.command("report")(report_cmd)
app.command("run")(run_cmd)
app.command("batch")(batch_cmd)
app.command("load")(load_cmd)
app.command("export")(export_cmd)
app.command("rejections")(rejections_cmd)
app.add_typer(correct_app, name="correct")
app.command("corrections")(corrections_cmd)
app.command("undo")(undo_cmd)
app.command("serve")(serve_cmd)
app.add_typer(users_app, name="users")
app.add_typer(db_app, name="db")
