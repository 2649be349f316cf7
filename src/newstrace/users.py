"""Accounts of a shared desk: users with a role, passwords hashed with argon2, API tokens.

A server bound to loopback needs none; bound to any other address it refuses to start until one
exists (``newstrace users add``). Tokens (``newstrace users token NAME``) are 32 random bytes
shown once; the database keeps only their SHA-256 digest, so a copied database gives no access.
Page sessions (the desk's login form) are kept the same way: the cookie holds a random id, the
database its digest, with a CSRF token per session. ``revoke_tokens`` ends API tokens;
disabling or removing a user ends their tokens and sessions at once.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

from newstrace.errors import NewstraceError
from newstrace.store import Store

__all__ = [
    "ROLES",
    "Session",
    "User",
    "UserError",
    "add_user",
    "check_password",
    "disable_user",
    "end_session",
    "has_users",
    "list_users",
    "new_session",
    "new_token",
    "remove_user",
    "revoke_tokens",
    "session_for",
    "tokens",
    "user_for_token",
]

ROLES = ("viewer", "editor", "admin")  # each can do what the ones before it can
TOKEN_PREFIX = "nt_"
MIN_PASSWORD = 8
SESSION_IDLE = 12 * 3600  # seconds a page session lives without a request
SESSION_MAX = 7 * 24 * 3600  # and at most, however busy
_SEEN_EVERY = 300  # seconds between writes of a session's last request (not one write per page)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


class UserError(NewstraceError):
    """An account cannot be made or used as asked (bad name, role or password, unknown user)."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    created_at: str
    disabled: bool = False

    def can(self, role: str) -> bool:
        """True when this user's role is ``role`` or above it."""
        return ROLES.index(self.role) >= ROLES.index(role)


def _hasher() -> Any:
    try:
        from argon2 import PasswordHasher
    except ImportError as exc:  # pragma: no cover - the extra is installed by `make`
        raise NewstraceError("accounts need argon2-cffi: pip install 'newstrace[serve]'") from exc
    return PasswordHasher()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _user(row: Any) -> User:
    return User(
        id=row["id"],
        name=row["name"],
        role=row["role"],
        created_at=row["created_at"],
        disabled=row["disabled_at"] is not None,
    )


def _known(store: Store, name: str) -> User:
    user = get_user(store, name)
    if user is None:
        raise UserError(f"no user {name!r}; `newstrace users list` shows the accounts")
    return user


def has_users(store: Store) -> bool:
    return store.conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None


def list_users(store: Store) -> list[User]:
    return [_user(r) for r in store.conn.execute("SELECT * FROM users ORDER BY name")]


def get_user(store: Store, name: str) -> User | None:
    row = store.conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    return _user(row) if row else None


def add_user(store: Store, name: str, role: str, password: str, *, replace: bool = False) -> User:
    """A new account (or, with ``replace``, a new role and password for an existing one)."""
    if not _NAME.fullmatch(name):
        raise UserError(
            f"bad user name {name!r}: 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit"
        )
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password must have at least {MIN_PASSWORD} characters")
    hashed = _hasher().hash(password)
    existing = get_user(store, name)
    if existing is not None and not replace:
        raise UserError(f"user {name!r} exists already (pass --replace to change the role and password)")
    with store.transaction():
        if existing is None:
            store.conn.execute(
                "INSERT INTO users (name, role, password_hash) VALUES (?, ?, ?)", (name, role, hashed)
            )
        else:
            # a new password (or role) signs the user out everywhere; --replace also re-enables
            store.conn.execute(
                "UPDATE users SET role = ?, password_hash = ?, disabled_at = NULL WHERE id = ?",
                (role, hashed, existing.id),
            )
            store.conn.execute("DELETE FROM sessions WHERE user_id = ?", (existing.id,))
    found = get_user(store, name)
    assert found is not None
    return found


_DUMMY_HASH: list[str] = []  # hashed once, verified for unknown names so they take as long


def check_password(store: Store, name: str, password: str) -> User | None:
    """The user when ``password`` is theirs (and the account is not disabled), else None. An
    unknown name costs the same hash as a wrong password, so timing does not tell them apart."""
    from argon2.exceptions import VerificationError

    row = store.conn.execute("SELECT * FROM users WHERE name = ? AND disabled_at IS NULL", (name,)).fetchone()
    if row is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(_hasher().hash(secrets.token_urlsafe(16)))
        stored = _DUMMY_HASH[0]
    else:
        stored = row["password_hash"]
    try:
        _hasher().verify(stored, password)
    except VerificationError:
        return None
    return _user(row) if row is not None else None


def disable_user(store: Store, name: str) -> User:
    """Lock an account out: no login, and its sessions and API tokens end now. ``add_user``
    with ``replace`` (a new password) enables it again."""
    user = _known(store, name)
    with store.transaction():
        store.conn.execute(
            "UPDATE users SET disabled_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?", (user.id,)
        )
        store.conn.execute("DELETE FROM api_tokens WHERE user_id = ?", (user.id,))
        store.conn.execute("DELETE FROM sessions WHERE user_id = ?", (user.id,))
    return _known(store, name)


def remove_user(store: Store, name: str) -> None:
    """Delete an account with its sessions and API tokens (corrections keep the name they were made under)."""
    user = _known(store, name)
    with store.transaction():
        store.conn.execute("DELETE FROM users WHERE id = ?", (user.id,))


def new_token(store: Store, name: str) -> str:
    """A new API token for user ``name``: returned once, stored as a digest."""
    user = get_user(store, name)
    if user is None:
        raise UserError(f"no user {name!r}; add one with `newstrace users add {name} --role viewer`")
    if user.disabled:
        raise UserError(f"user {name!r} is disabled; enable it with `newstrace users add {name} --replace`")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.transaction():
        store.conn.execute(
            "INSERT INTO api_tokens (user_id, token_hash) VALUES (?, ?)", (user.id, _digest(token))
        )
    return token


def tokens(store: Store, name: str | None = None) -> list[tuple[int, str, str]]:
    """(token id, user name, created at) of every API token, or of one user's."""
    rows = store.conn.execute(
        "SELECT t.id, u.name, t.created_at FROM api_tokens t JOIN users u ON u.id = t.user_id "
        "WHERE ? IS NULL OR u.name = ? ORDER BY t.id",
        (name, name),
    )
    return [(r[0], r[1], r[2]) for r in rows]


def revoke_tokens(store: Store, name: str, ids: list[int] | None = None) -> int:
    """End every API token of user ``name``, or only the tokens ``ids`` (which must be theirs).
    Returns how many were revoked."""
    user = _known(store, name)
    theirs = {t[0] for t in tokens(store, name)}
    if ids:
        foreign = sorted(set(ids) - theirs)
        if foreign:
            raise UserError(
                f"user {name!r} has no token {foreign[0]}; `newstrace users list --tokens` shows them"
            )
        chosen = sorted(set(ids))
    else:
        chosen = sorted(theirs)
    with store.transaction():
        store.conn.executemany(
            "DELETE FROM api_tokens WHERE id = ? AND user_id = ?", [(i, user.id) for i in chosen]
        )
    return len(chosen)


def user_for_token(store: Store, token: str) -> User | None:
    """The user a bearer token belongs to, None for an unknown token."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = store.conn.execute(
        "SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id "
        "WHERE t.token_hash = ? AND u.disabled_at IS NULL",
        (_digest(token),),
    ).fetchone()
    return _user(row) if row else None


# -- page sessions ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Session:
    """A signed-in browser: its user and the CSRF token its forms must carry back."""

    user: User
    csrf: str


def new_session(store: Store, user: User) -> tuple[str, Session]:
    """Sign ``user`` in: (the cookie value, returned once; the session). Stale sessions of
    everyone are swept on the way."""
    secret = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = time.time()
    with store.transaction():
        store.conn.execute(
            "DELETE FROM sessions WHERE seen_at < ? OR created_at < ?",
            (now - SESSION_IDLE, now - SESSION_MAX),
        )
        store.conn.execute(
            "INSERT INTO sessions (user_id, session_hash, csrf, created_at, seen_at) VALUES (?, ?, ?, ?, ?)",
            (user.id, _digest(secret), csrf, now, now),
        )
    return secret, Session(user, csrf)


def session_for(store: Store, secret: str, *, now: float | None = None) -> Session | None:
    """The live session of a cookie value: None when unknown, idle longer than SESSION_IDLE,
    older than SESSION_MAX, or its user is disabled. Using it keeps it alive."""
    if not secret or len(secret) > 200:
        return None
    now = time.time() if now is None else now
    row = store.conn.execute(
        "SELECT s.id AS session_id, s.csrf, s.created_at AS started, s.seen_at, u.* "
        "FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.session_hash = ? AND u.disabled_at IS NULL",
        (_digest(secret),),
    ).fetchone()
    if row is None or row["seen_at"] < now - SESSION_IDLE or row["started"] < now - SESSION_MAX:
        return None
    if row["seen_at"] < now - _SEEN_EVERY:
        store.conn.execute("UPDATE sessions SET seen_at = ? WHERE id = ?", (now, row["session_id"]))
    return Session(_user(row), row["csrf"])


def end_session(store: Store, secret: str) -> None:
    """Sign a browser out (an unknown cookie is already signed out)."""
    store.conn.execute("DELETE FROM sessions WHERE session_hash = ?", (_digest(secret),))
