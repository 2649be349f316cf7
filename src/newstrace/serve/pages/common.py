"""What every desk page shares: the template environment, who is asking, forms' CSRF check and
the render call.

Contract for page modules:
- ``page = Depends(reader)`` / ``Depends(editor)`` gives the signed-in user (None on a loopback
  desk without accounts); a page that needs a login it does not have redirects to ``/login``.
- ``render(request, "desk/NAME.html", who, **context)`` returns the HTML response; every template
  extends ``desk/base.html`` and gets ``user``, ``csrf_token``, ``nav`` and ``version``.
- Every POST form carries ``<input type="hidden" name="csrf" value="{{ csrf_token }}">`` and its
  handler calls ``await check_csrf(request)`` before doing anything.

Sessions live in the database (``users.new_session``): the ``newstrace_session`` cookie holds a
random id (HttpOnly, SameSite=Lax, Secure on a shared desk or over https), the session a random
CSRF token. A browser without a session (the login form; every form of a loopback desk without
accounts) gets a signed double-submit token instead: HMAC(per-process secret, a random
``newstrace_csrf`` cookie). Why both halves: a plain double-submit cookie can be forged by
anyone who can set a cookie for the host, and on 127.0.0.1 that is every local web app on any
port (cookies do not separate ports); a plain per-process secret is one token for everyone, so
whoever loads a login page could replay it in a forged form. Together a forger needs the
secret's HMAC of a cookie in the victim's browser, which only the desk's own pages show.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader

from newstrace.users import Session, User, has_users, session_for
from newstrace.workspace import Workspace

SESSION_COOKIE = "newstrace_session"
CSRF_COOKIE = "newstrace_csrf"

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

    def __init__(self, next_url: str, *, resend: bool = False) -> None:
        super().__init__(next_url)
        self.next_url = next_url
        self.resend = resend  # a form was posted without a session: it has to be sent again


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


def session(request: Request) -> Session | None:
    """The live session of the request's cookie, looked up once per request."""
    state = request.state
    if not hasattr(state, "desk_session"):
        secret = request.cookies.get(SESSION_COOKIE, "")
        state.desk_session = session_for(workspace(request).store, secret) if secret else None
    return state.desk_session


def session_user(request: Request) -> User | None:
    """The user signed in by the session cookie, if any (``/login`` makes sessions)."""
    found = session(request)
    return found.user if found else None


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    """A cookie scripts cannot read, not sent by cross-site forms, and only over TLS when the
    desk is shared or reached by https (behind a proxy: uvicorn's proxy headers say so)."""
    secure = not request.app.state.loopback or request.url.scheme == "https"
    response.set_cookie(name, value, httponly=True, samesite="lax", secure=secure, path="/")


def needs_login(request: Request) -> bool:
    """A shared desk (not loopback) or one with accounts asks who is reading."""
    shared = not request.app.state.loopback
    return shared or has_users(workspace(request).store)


def reader(request: Request) -> User | None:
    who = session_user(request)
    if who is None and needs_login(request):
        if request.method not in ("GET", "HEAD"):
            # a form posted after its session ended: the sign-in cannot carry its data, so it
            # leads back to the page that held the form (a POST route has no page of its own)
            referer = urlsplit(request.headers.get("referer", ""))
            same_site = referer.netloc == request.url.netloc
            page = referer.path + (f"?{referer.query}" if referer.query else "") if same_site else "/"
            raise LoginNeeded(safe_next(page), resend=True)
        query = request.url.query
        raise LoginNeeded(request.url.path + (f"?{query}" if query else ""))
    return who


def can_edit(who: User | None) -> bool:
    """Whether a page shows forms that change the database (their handlers check again): an
    editor or admin, or anyone on a loopback desk without accounts (who is None)."""
    return who is None or who.can("editor")


def editor(request: Request) -> User | None:
    who = reader(request)
    if who is not None and not who.can("editor"):
        raise Forbidden(f"user {who.name!r} is a {who.role}; this needs an editor or admin")
    return who


def _signed(request: Request, nonce: str) -> str:
    secret: bytes = request.app.state.csrf_secret
    return hmac.new(secret, nonce.encode("utf-8"), hashlib.sha256).hexdigest()


def _expected_csrf(request: Request) -> str | None:
    """The token this browser's forms must carry: its session's, else the signed cookie's;
    None when it has neither (then no form of it can be right)."""
    found = session(request)
    if found is not None:
        return found.csrf
    nonce = request.cookies.get(CSRF_COOKIE, "")
    return _signed(request, nonce) if 16 <= len(nonce) <= 100 else None


def csrf_token(request: Request) -> str:
    """The token forms carry back (``render`` sets the cookie it needs when it is new)."""
    expected = _expected_csrf(request)
    if expected is not None:
        return expected
    if not hasattr(request.state, "csrf_nonce"):
        request.state.csrf_nonce = secrets.token_urlsafe(24)
    return _signed(request, request.state.csrf_nonce)


async def check_csrf(request: Request) -> None:
    """Refuse (403) a form whose ``csrf`` field is not this browser's token, or that another
    site's page sent (its Origin names another host)."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise Forbidden(f"this form was sent from {origin[:200]}, not from this desk")
    form = await request.form()
    given = form.get("csrf")
    expected = _expected_csrf(request)
    if (
        expected is None
        or not isinstance(given, str)
        or not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
    ):
        raise Forbidden(
            "this form has expired or did not come from this desk: reload the page and send it again"
        )


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this desk, never another site (``//evil``,
    ``/\\evil`` and ``https://evil`` all become ``/``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


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
    response = HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": CSP})
    nonce = getattr(request.state, "csrf_nonce", None)
    if nonce is not None:
        set_cookie(request, response, CSRF_COOKIE, nonce)
    return response


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "desk/error.html", None, status=status, status_code=status, message=message)


def wants_html(request: Request) -> bool:
    """A desk page (not the API, not a health probe) is answered in HTML, errors included."""
    path = request.url.path
    return not (path.startswith("/api/") or path in ("/healthz", "/openapi.json", "/docs", "/redoc"))


def install(app: FastAPI) -> None:
    from urllib.parse import quote

    from fastapi.responses import RedirectResponse

    app.state.csrf_secret = secrets.token_bytes(32)  # per process: a restart expires open forms

    @app.exception_handler(LoginNeeded)
    async def login_needed(request: Request, exc: LoginNeeded) -> Response:
        resend = "&resend=1" if exc.resend else ""
        return RedirectResponse(f"/login?next={quote(exc.next_url)}{resend}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return error_page(request, 403, str(exc))
