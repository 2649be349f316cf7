"""Accounts of a shared desk: users with a role, passwords hashed with argon2, API tokens.

A server bound to loopback needs none; bound to any other address it refuses to start until one
exists (``newstrace users add``). Tokens (``newstrace users token NAME``) are 32 random bytes
shown once; the database keeps only their SHA-256 digest, so a copied database gives no access.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from newstrace.errors import NewstraceError
from newstrace.store import Store

__all__ = ["ROLES", "User", "UserError", "add_user", "has_users", "list_users", "new_token", "user_for_token"]

ROLES = ("viewer", "editor", "admin")  # each can do what the ones before it can
TOKEN_PREFIX = "nt_"
MIN_PASSWORD = 8
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


class UserError(NewstraceError):
    """An account cannot be made or used as asked (bad name, role or password, unknown user)."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    created_at: str

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
    return User(id=row["id"], name=row["name"], role=row["role"], created_at=row["created_at"])


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
            store.conn.execute(
                "UPDATE users SET role = ?, password_hash = ? WHERE id = ?", (role, hashed, existing.id)
            )
    found = get_user(store, name)
    assert found is not None
    return found


def check_password(store: Store, name: str, password: str) -> User | None:
    """The user when ``password`` is theirs, else None."""
    row = store.conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    if row is None:
        return None
    from argon2.exceptions import VerificationError

    try:
        _hasher().verify(row["password_hash"], password)
    except VerificationError:
        return None
    return _user(row)


def new_token(store: Store, name: str) -> str:
    """A new API token for user ``name``: returned once, stored as a digest."""
    user = get_user(store, name)
    if user is None:
        raise UserError(f"no user {name!r}; add one with `newstrace users add {name} --role viewer`")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.transaction():
        store.conn.execute(
            "INSERT INTO api_tokens (user_id, token_hash) VALUES (?, ?)", (user.id, _digest(token))
        )
    return token


def user_for_token(store: Store, token: str) -> User | None:
    """The user a bearer token belongs to, None for an unknown token."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = store.conn.execute(
        "SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
        (_digest(token),),
    ).fetchone()
    return _user(row) if row else None
