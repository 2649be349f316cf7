"""What every desk page shares: the template environment, who is asking, forms' CSRF check and
the render call.

Contract for page modules:
- ``page = Depends(reader)`` / ``Depends(editor)`` gives the signed-in user (None on a loopback
  desk without accounts); a page that needs a login it does not have redirects to ``/login``.
- ``render(request, "desk/NAME.html", who, **context)`` returns the HTML response; every template
  extends ``desk/base.html`` and gets ``user``, ``csrf_token``, ``nav`` and ``version``.
- Every POST form carries ``<input type="hidden" name="csrf" value="{{ csrf_token }}">`` and its
  handler calls ``await check_csrf(request)`` before doing anything.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader

from newstrace.users import User, has_users
from newstrace.workspace import Workspace

# The desk's pages load only their own files: no CDN, no inline script (the CSP forbids it).
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

NAV = [
    ("/search", "Search"),
    ("/stories", "Stories"),
    ("/narratives", "Narratives"),
    ("/outlets", "Outlets"),
    ("/actors", "Actors"),
    ("/ingest", "Ingest"),
    ("/corrections", "Corrections"),
]


class LoginNeeded(Exception):
    """Raised by ``reader``/``editor`` when a page needs a signed-in user; answered with a
    redirect to the login page (``install``)."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


class Forbidden(Exception):
    """The signed-in user's role may not do this; answered with a 403 page."""


@cache
def environment() -> Environment:
    """The report's environment with the desk's templates first: same filters, same globals."""
    from newstrace.report.html import environment as report_environment

    base = report_environment()
    env = base.overlay(
        loader=ChoiceLoader([PackageLoader("newstrace.serve", "templates"), base.loader]),
    )
    return env


def workspace(request: Request) -> Workspace:
    """This thread's Workspace on the served database."""
    return request.app.state.workspaces.get()


def session_user(request: Request) -> User | None:
    """The user signed in by the session cookie, if any. Sessions are filled in by the login page."""
    return None


def needs_login(request: Request) -> bool:
    """A shared desk (not loopback) or one with accounts asks who is reading."""
    shared = not request.app.state.loopback
    return shared or has_users(workspace(request).store)


def reader(request: Request) -> User | None:
    who = session_user(request)
    if who is None and needs_login(request):
        raise LoginNeeded(str(request.url.path))
    return who


def editor(request: Request) -> User | None:
    who = reader(request)
    if who is not None and not who.can("editor"):
        raise Forbidden(f"user {who.name!r} is a {who.role}; this needs an editor or admin")
    return who


def csrf_token(request: Request) -> str:
    """The token forms carry back; filled in with sessions."""
    return ""


async def check_csrf(request: Request) -> None:
    """Refuse a form whose csrf field does not match the session's token (filled in with sessions)."""
    return None


def render(
    request: Request, template: str, who: User | None, *, status: int = 200, **context: Any
) -> HTMLResponse:
    from newstrace import __version__

    page = environment().get_template(template)
    html = page.render(
        request=request,
        user=who,
        csrf_token=csrf_token(request),
        nav=NAV,
        here=request.url.path,
        version=__version__,
        **context,
    )
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": CSP})


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "desk/error.html", None, status=status, status_code=status, message=message)


def wants_html(request: Request) -> bool:
    """A desk page (not the API, not a health probe) is answered in HTML, errors included."""
    path = request.url.path
    return not (path.startswith("/api/") or path in ("/healthz", "/openapi.json", "/docs", "/redoc"))


def install(app: FastAPI) -> None:
    from urllib.parse import quote

    from fastapi.responses import RedirectResponse

    @app.exception_handler(LoginNeeded)
    async def login_needed(request: Request, exc: LoginNeeded) -> Response:
        return RedirectResponse(f"/login?next={quote(exc.next_url)}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return error_page(request, 403, str(exc))
