"""What every command shares: consoles, options, exit codes, opening the store, errors, progress."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

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
from newstrace.model import Rejection
from newstrace.workspace import Progress as WorkProgress
from newstrace.workspace import Workspace

out = Console()
err = Console(stderr=True)

EXIT_REJECTED = 1  # the run went on, but some inputs were rejected (each one is named on stderr)
EXIT_USAGE = 2

DbOption = Annotated[
    Optional[Path],
    typer.Option(
        "--db",
        help="Database file, or a folder holding newstrace.db such as `run --out` writes "
        "(default: $NEWSTRACE_DB, else ./newstrace.db).",
        show_default=False,
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
    """Load the user's actor files once (a broken file is one usage error) for every stage."""
    from newstrace.workspace import use_actors as load

    with usage_errors():
        load(files)


@contextmanager
def open_workspace(db: Path | None) -> Iterator[Workspace]:
    """The workspace of ``--db`` (a file or a folder; else $NEWSTRACE_DB, else ./newstrace.db),
    closed afterwards; library errors (no database there, a broken file) become usage errors."""
    workspace = Workspace(db)
    try:
        with usage_errors():
            yield workspace
    finally:
        workspace.close()


STAGES = {"ingest": "ingesting", "analyse": "analysing", "compare": "comparing", "factchecks": "fact-checks"}


class CliProgress(WorkProgress):
    """Progress bars on stderr while a stage runs, each rejection on one line as soon as it is
    known, and (unless quiet) one summary line per command."""

    def __init__(self, path: str, *, quiet: bool = False) -> None:
        self.path, self.quiet = path, quiet
        self._bar = ExitStack()
        self._show: Callable[..., None] = lambda *a, **k: None
        self._started: dict[str, float] = {}

    def stage(self, name: str) -> None:
        self._bar.close()
        self._started[name] = time.monotonic()
        if name in STAGES and name != "factchecks":
            self._show = self._bar.enter_context(
                progress_bar(
                    STAGES[name],
                    quiet=self.quiet,
                    bar=name != "ingest",
                    rate_digits=0 if name == "ingest" else 1,
                )
            )

    def advance(self, name: str, done: int, total: int | None = None, detail: str = "") -> None:
        self._show(done, total, detail)

    def rejected(self, name: str, rejection: Rejection) -> None:
        colour = "yellow" if name == "factchecks" else "red"
        err.print(f"[{colour}]rejected[/{colour}] {escape(str(rejection))}", soft_wrap=True)

    def _elapsed(self, stage: str) -> float:
        return time.monotonic() - self._started.get(stage, time.monotonic())

    def done(self, name: str, result: Any) -> None:
        self._bar.close()
        self._show = lambda *a, **k: None
        if self.quiet:
            return
        if name == "ingest":
            err.print(
                f"{result.new} new, {result.versions} new versions, {result.unchanged} unchanged, "
                f"{len(result.rejected)} rejected in {self._elapsed('ingest'):.1f} s -> {self.path}"
            )
        elif name == "analyze":
            analysed, traced, grouped = result.analysis, result.trace, result.stories
            err.print(
                f"{analysed.analysed} articles analysed, {analysed.attributions} attributions found; "
                f"{traced.traced} compared for copies and translations, {traced.relations} relations found; "
                f"{grouped.grouped} placed in {len(grouped.stories)} stories, {grouped.matches} fact-check matches "
                f"in {self._elapsed('analyse'):.1f} s -> {self.path}"
            )
        elif name == "factchecks":
            err.print(
                f"{result.new} new, {result.updated} updated, {result.unchanged} unchanged fact-checks, "
                f"{len(result.rejected)} rejected; {result.matches} article matches -> {self.path}"
            )


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
