"""``newstrace serve`` and ``newstrace users``: the desk's server and its accounts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape

from newstrace.cli.common import DbOption, err, fail, open_workspace, out, usage_errors
from newstrace.users import tokens

users_app = typer.Typer(
    help="Accounts of a shared desk: needed when `newstrace serve` is bound to a non-loopback address.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def serve_cmd(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to bind; anything but loopback needs accounts.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    max_upload_mb: Annotated[int, typer.Option(help="Largest ingest upload, in MB.")] = 50,
) -> None:
    """Serve the database over HTTP: the API under /api/v1/, its description at /openapi.json,
    liveness at /healthz. On 127.0.0.1 no login is needed until an account exists; on any other
    address it refuses to start without one (`newstrace users add`).

    Example: newstrace serve --db demo-output/ --port 8000
    """
    try:
        import uvicorn

        from newstrace.serve import Settings, create_app
    except ImportError as exc:
        fail(f"the server needs the serve extra: pip install 'newstrace[serve]' ({exc.name} is missing)")
    if max_upload_mb < 1:
        fail(f"--max-upload-mb must be 1 or more, not {max_upload_mb}")
    with open_workspace(db) as workspace:
        settings = Settings(host=host, port=port, max_upload_bytes=max_upload_mb * 1024 * 1024)
        app = create_app(workspace, settings)
        err.print(f"serving {escape(workspace.path)} on http://{host}:{port}/ (API: /api/v1/, /openapi.json)")
        uvicorn.run(app, host=host, port=port, log_level="info")


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="User name (letters, digits, . _ @ -).")],
    role: Annotated[
        str, typer.Option(help="viewer (reads), editor (also ingests and corrects) or admin.")
    ] = "viewer",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
    ] = False,
    replace: Annotated[bool, typer.Option(help="Change the role and password of an existing user.")] = False,
    db: DbOption = None,
) -> None:
    """Add an account (the password is asked twice, or read with --password-stdin).

    Example: newstrace users add alice --role editor --db case/
    """
    from newstrace.users import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with open_workspace(db) as workspace:
        user = add_user(workspace.store, name, role, password, replace=replace)
        out.print(f"{escape(user.name)}: {user.role}")


@users_app.command("token")
def users_token(name: Annotated[str, typer.Argument(help="User name.")], db: DbOption = None) -> None:
    """Make an API token for a user and print it (once: only its digest is kept). Send it as
    `Authorization: Bearer TOKEN`. Its id is in `users list --tokens`.

    Example: newstrace users token alice --db case/
    """
    from newstrace.users import new_token

    with open_workspace(db) as workspace:
        print(new_token(workspace.store, name))


@users_app.command("list")
def users_list(
    show_tokens: Annotated[bool, typer.Option("--tokens", help="Also list each API token's id.")] = False,
    db: DbOption = None,
) -> None:
    """List the accounts: name, role, API tokens, created, and whether disabled.

    Example: newstrace users list --tokens --db case/
    """
    from newstrace.users import list_users

    with open_workspace(db) as workspace, usage_errors():
        every = tokens(workspace.store)
        for user in list_users(workspace.store):
            theirs = [t for t in every if t[1] == user.name]
            state = "\tdisabled" if user.disabled else ""
            out.print(f"{escape(user.name)}\t{user.role}\t{len(theirs)} tokens\t{user.created_at}{state}")
            if show_tokens:
                for token_id, _, created in theirs:
                    out.print(f"  token {token_id}\t{created}")


@users_app.command("revoke")
def users_revoke(
    name: Annotated[str, typer.Argument(help="User name.")],
    token: Annotated[
        list[int] | None,
        typer.Option("--token", help="Only this token id (repeatable; see users list --tokens)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Revoke a user's API tokens: all of them, or those given with --token. A revoked token is
    refused at once (401).

    Example: newstrace users revoke alice --token 3 --db case/
    """
    from newstrace.users import revoke_tokens

    with open_workspace(db) as workspace, usage_errors():
        count = revoke_tokens(workspace.store, name, token)
        out.print(f"{escape(name)}: {count} token{'s' if count != 1 else ''} revoked")


@users_app.command("disable")
def users_disable(name: Annotated[str, typer.Argument(help="User name.")], db: DbOption = None) -> None:
    """Lock an account out: its sessions and API tokens end now and it cannot sign in.
    `newstrace users add NAME --replace` (a new password) enables it again.

    Example: newstrace users disable alice --db case/
    """
    from newstrace.users import disable_user

    with open_workspace(db) as workspace, usage_errors():
        disable_user(workspace.store, name)
        out.print(f"{escape(name)}: disabled; sessions and tokens ended")


@users_app.command("remove")
def users_remove(name: Annotated[str, typer.Argument(help="User name.")], db: DbOption = None) -> None:
    """Delete an account with its sessions and API tokens (its corrections keep its name).

    Example: newstrace users remove alice --db case/
    """
    from newstrace.users import remove_user

    with open_workspace(db) as workspace, usage_errors():
        remove_user(workspace.store, name)
        out.print(f"{escape(name)}: removed")
