"""Commands that correct the engine: `correct KIND ...`, `corrections`, `undo ID`. Each calls
``Workspace.correct``/``corrections``/``undo``; a correction that names nothing (an unknown
article, story or relation) is a usage error (exit code 2) with the reason."""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import asdict
from typing import Annotated, Optional

import typer
from rich.markup import escape

from newstrace.cli.common import ActorsOption, DbOption, OutletsOption, err, open_workspace, use_actors
from newstrace.corrections import describe
from newstrace.model import RELATION_KINDS, Correction


def _default_who() -> str:
    try:
        return os.environ.get("NEWSTRACE_USER") or getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return ""


WhoOption = Annotated[
    Optional[str],
    typer.Option(
        "--who",
        help="Who makes the correction (default: $NEWSTRACE_USER, else your login name).",
        show_default=False,
    ),
]
NoteOption = Annotated[Optional[str], typer.Option("--note", help="Why (kept with the correction).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the correction as JSON.")]
RelationOption = Annotated[str, typer.Option("--relation", "-r", help=f"One of {', '.join(RELATION_KINDS)}.")]

correct_app = typer.Typer(
    help="Correct the engine; every later `analyze`/`run` (also --redo) keeps the correction.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _correct(db, kind: str, who: str | None, note: str | None, as_json: bool, **given) -> None:
    with open_workspace(db) as workspace:
        made = workspace.correct(kind, who=who or _default_who(), note=note, **given)
    _print(made, as_json)


def _print(c: Correction, as_json: bool) -> None:
    if as_json:
        print(json.dumps(asdict(c), ensure_ascii=False, indent=2))
        return
    state = f"undone by {c.undone_by} on {c.undone_at}" if c.undone_at else c.label
    err.print(f"correction {c.id}: {escape(describe(c))} ({escape(state)})")


@correct_app.command("reject-relation")
def reject_relation(
    source: Annotated[int, typer.Argument(help="The article it is said to come from.")],
    target: Annotated[int, typer.Argument(help="The article said to derive from it.")],
    relation: RelationOption,
    db: DbOption = None,
    who: WhoOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """This is not a copy, translation or citation (in either direction).

    Example: newstrace correct reject-relation 4 1 --relation translation --who alice
    """
    _correct(db, "reject-relation", who, note, as_json, source=source, target=target, relation=relation)


@correct_app.command("confirm-relation")
def confirm_relation(
    source: Annotated[int, typer.Argument(help="The article TARGET comes from.")],
    target: Annotated[int, typer.Argument(help="The article that copies, translates or cites SOURCE.")],
    relation: RelationOption,
    db: DbOption = None,
    who: WhoOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """TARGET copies, translates or cites SOURCE (added when the engine missed it, turned
    around when it had the direction wrong).

    Example: newstrace correct confirm-relation 7 3 --relation cites --who alice
    """
    _correct(db, "confirm-relation", who, note, as_json, source=source, target=target, relation=relation)


@correct_app.command("merge-stories")
def merge_stories(
    story: Annotated[int, typer.Argument(help="The story merged away.")],
    into: Annotated[int, typer.Argument(help="The story that takes its articles.")],
    db: DbOption = None,
    who: WhoOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """These two stories are one.

    Example: newstrace correct merge-stories 4 2 --who bob
    """
    _correct(db, "merge-stories", who, note, as_json, story=story, into=into)


@correct_app.command("move-article")
def move_article(
    article: Annotated[int, typer.Argument(help="Article id.")],
    story: Annotated[int, typer.Argument(help="The story it belongs to.")],
    db: DbOption = None,
    who: WhoOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """This article belongs to another story.

    Example: newstrace correct move-article 5 3 --who bob
    """
    _correct(db, "move-article", who, note, as_json, article=article, story=story)


@correct_app.command("set-attribution")
def set_attribution(
    article: Annotated[int, typer.Argument(help="Article id.")],
    attribution: Annotated[
        int, typer.Argument(help="The attribution's position, from 0 (as in `newstrace show ID --json`).")
    ],
    source_text: Annotated[Optional[str], typer.Option("--source", help="Who really speaks.")] = None,
    actor: Annotated[Optional[str], typer.Option("--actor", help="Actor registry id.")] = None,
    source_type: Annotated[
        Optional[str], typer.Option("--source-type", help="person, official, outlet, anonymous, …")
    ] = None,
    db: DbOption = None,
    who: WhoOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Set the source (text, actor, type) of one attribution.

    Example: newstrace correct set-attribution 1 0 --source "Russian Defence Ministry" --actor ru-mod --source-type official
    """
    _correct(
        db,
        "set-attribution",
        who,
        note,
        as_json,
        article=article,
        attribution=attribution,
        source_text=source_text,
        actor=actor,
        source_type=source_type,
    )


@correct_app.command("reject-match")
def reject_match(
    factcheck: Annotated[int, typer.Argument(help="Fact-check id (see `newstrace factchecks list`).")],
    article: Annotated[int, typer.Argument(help="Article id.")],
    db: DbOption = None,
    who: WhoOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """This fact-check does not check what this article says.

    Example: newstrace correct reject-match 1 17 --who dan
    """
    _correct(db, "reject-match", who, note, as_json, factcheck=factcheck, article=article)


def corrections_cmd(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the corrections as a JSON list.")] = False,
) -> None:
    """List every correction, oldest first, undone ones included (the export carries them too).

    Example: newstrace corrections --db demo-output/
    """
    with open_workspace(db) as workspace:
        found = workspace.corrections()
    if as_json:
        print(json.dumps([asdict(c) for c in found], ensure_ascii=False, indent=2))
    else:
        print("\t".join(["id", "at", "who", "kind", "what", "undone"]))
        for c in found:
            undone = f"{c.undone_at} by {c.undone_by}" if c.undone_at else ""
            print("\t".join([str(c.id), c.at, c.who, c.kind, describe(c), undone]))
    active = sum(c.active for c in found)
    err.print(f"{len(found)} correction{'s' if len(found) != 1 else ''}, {active} in force")


def undo_cmd(
    correction_id: Annotated[
        int, typer.Argument(metavar="ID", help="Correction id (see `newstrace corrections`).")
    ],
    db: DbOption = None,
    who: WhoOption = None,
    outlets: OutletsOption = None,
    actors: ActorsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Undo a correction: it stays listed as undone, and the engine answers again for what it
    changed (the articles it touched are analysed again).

    Example: newstrace undo 3 --who alice
    """
    use_actors(actors)
    with open_workspace(db) as workspace:
        undone = workspace.undo(correction_id, who=who or _default_who(), outlets=outlets or [])
    _print(undone, as_json)
