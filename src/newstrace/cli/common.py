"""What every command shares: consoles, options, exit codes, opening the store, errors, progress."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from newstrace.errors import NewstraceError
from newstrace.store import Store, default_db_path

out = Console()
err = Console(stderr=True)

EXIT_REJECTED = 1  # the run went on, but some inputs were rejected (each one is named on stderr)
EXIT_USAGE = 2

DbOption = Annotated[
    Optional[Path],
    typer.Option(
        "--db", help="Database file (default: $NEWSTRACE_DB or ./newstrace.db).", show_default=False
    ),
]
OutletsOption = Annotated[
    Optional[list[Path]], typer.Option("--outlets", help="Extra outlet registry YAML file (repeatable).")
]
ActorsOption = Annotated[
    Optional[list[Path]],
    typer.Option(
        "--actors",
        help="Extra actor registry YAML file (repeatable; same as $NEWSTRACE_ACTORS, see examples/actors.yaml).",
    ),
]
LangOption = Annotated[
    str,
    typer.Option("--lang", help="Language of actor names in the report (ISO 639-1; English when missing)."),
]
SourcesArgument = Annotated[
    list[str], typer.Argument(help="Files, folders, WARC archives, feeds or URLs.", show_default=False)
]


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``error: message`` on stderr and leave with ``code``."""
    err.print(f"error: {message}")
    raise typer.Exit(code)


@contextmanager
def usage_errors() -> Iterator[None]:
    """Turn a NewstraceError (bad input, configuration or database) into one line and exit code 2."""
    try:
        yield
    except NewstraceError as exc:
        fail(escape(str(exc)))


def use_actors(files: list[Path] | None) -> None:
    """Load the user's actor files once (a broken file is one usage error) and pass them on to
    every stage, worker processes included, through $NEWSTRACE_ACTORS."""
    import os

    from newstrace.actors import default_actors

    if not files:
        return
    paths = [str(p) for p in files]
    with usage_errors():
        default_actors(paths)
    env = os.environ.get("NEWSTRACE_ACTORS")
    os.environ["NEWSTRACE_ACTORS"] = os.pathsep.join([*paths, *([env] if env else [])])


def open_store(db: Path | None, *, create: bool = False) -> Store:
    path = db or default_db_path()
    if not create and str(path) != ":memory:" and not Path(path).exists():
        fail(f"no database at {path} (run `newstrace ingest` first, or pass --db)")
    with usage_errors():
        return Store(path)


@contextmanager
def progress_bar(
    description: str, *, quiet: bool, bar: bool = True, rate_digits: int = 1
) -> Iterator[Callable[..., None]]:
    """A transient progress display on stderr; yields ``show(done, total=None, detail="")``.

    With ``bar`` the display is a bar with done/total, otherwise a running count and ``detail``.
    Quiet runs and a stderr that is not a terminal (pipes, logs, tests) get a no-op ``show``.
    """
    if quiet or not err.is_terminal:
        yield lambda done, total=None, detail="": None
        return
    counter: tuple[ProgressColumn, ...] = (
        (BarColumn(), MofNCompleteColumn())
        if bar
        else (TextColumn("[bold]{task.completed}[/bold] items"), TextColumn("{task.fields[detail]}"))
    )
    started = time.monotonic()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        *counter,
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=None, detail="", rate="")

        def show(done: int, total: int | None = None, detail: str = "") -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            progress.update(
                task, total=total, completed=done, detail=detail, rate=f"{done / elapsed:.{rate_digits}f}/s"
            )

        yield show
