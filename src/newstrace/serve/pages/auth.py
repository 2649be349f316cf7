"""Signing in and out of a shared desk: ``/login`` makes a session (``users.new_session``),
``/logout`` ends it. A wrong password and an unknown name get the same answer after the same
work, and failures are limited per user name and per client address (``LoginThrottle``)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newstrace.serve.pages.common import (
    SESSION_COOKIE,
    check_csrf,
    needs_login,
    render,
    safe_next,
    session_user,
    set_cookie,
    workspace,
)
from newstrace.users import User, check_password, end_session, new_session

router = APIRouter()

WRONG = "Wrong user name or password."


class LoginThrottle:
    """Failed sign-ins in the last ``window`` seconds, per user name and per client address:
    past ``per_user`` (or ``per_address``) the next tries are refused until old ones age out.
    Kept in memory: one server process, and a restart forgets (which only helps the owner)."""

    def __init__(self, per_user: int = 5, per_address: int = 20, window: float = 900.0, delay: float = 0.3):
        self.per_user, self.per_address, self.window, self.delay = per_user, per_address, window, delay
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] < now - self.window:
            times.popleft()
        return times

    def wait(self, name: str, address: str) -> float:
        """Seconds before this name or address may try again (0: now)."""
        now = time.monotonic()
        with self._lock:
            waits = [
                times[0] + self.window - now
                for key, limit in (
                    (("user", name.casefold()), self.per_user),
                    (("addr", address), self.per_address),
                )
                if len(times := self._recent(key, now)) >= limit
            ]
        return max(waits, default=0.0)

    def failed(self, name: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) > 100_000:  # a flood of made-up names must not grow it forever
                self._failures.clear()
            for key in (("user", name.casefold()), ("addr", address)):
                self._recent(key, now).append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(("user", name.casefold()), None)


def throttle(request: Request) -> LoginThrottle:
    state = request.app.state
    if not hasattr(state, "login_throttle"):
        state.login_throttle = LoginThrottle()
    return state.login_throttle


def _login_page(
    request: Request, next_url: str, *, status: int = 200, message: str = "", name: str = ""
) -> Response:
    return render(request, "desk/login.html", None, status=status, next=next_url, message=message, name=name)


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request, next: Annotated[str, Query(max_length=2000)] = "/", resend: bool = False
) -> Response:
    target = safe_next(next)
    if session_user(request) is not None or not needs_login(request):
        return RedirectResponse(target, status_code=303)
    message = (
        "Your session had ended, so the form was not sent: sign in, then send it again." if resend else ""
    )
    return _login_page(request, target, message=message)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    await check_csrf(request)
    form = await request.form()
    name, password = str(form.get("name") or "").strip()[:64], str(form.get("password") or "")[:1000]
    target = safe_next(str(form.get("next") or "/"))
    address = request.client.host if request.client else "unknown"
    limits = throttle(request)
    wait = limits.wait(name, address)
    if wait > 0:
        minutes = max(1, round(wait / 60))
        message = f"Too many failed sign-ins for this name or address: try again in {minutes} min."
        return _login_page(request, target, status=429, message=message, name=name)

    def sign_in() -> tuple[str, User] | None:
        store = workspace(request).store
        user = check_password(store, name, password) if name and password else None
        if user is None:
            return None
        old = request.cookies.get(SESSION_COOKIE)
        if old:  # a new id at every sign-in: a planted cookie never becomes a session
            end_session(store, old)
        secret, _ = new_session(store, user)
        return secret, user

    made = await run_in_threadpool(sign_in)
    if made is None:
        limits.failed(name, address)
        await asyncio.sleep(limits.delay)
        return _login_page(request, target, status=400, message=WRONG, name=name)
    limits.succeeded(name)
    response = RedirectResponse(target, status_code=303)
    set_cookie(request, response, SESSION_COOKIE, made[0])
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    await check_csrf(request)
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        await run_in_threadpool(lambda: end_session(workspace(request).store, secret))
    response = RedirectResponse("/login" if needs_login(request) else "/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
