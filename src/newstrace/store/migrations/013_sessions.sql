-- Page sessions of a shared desk (the login form) and disabled accounts. A session is known by
-- the SHA-256 digest of its cookie, like an API token, so a copied database signs nobody in;
-- its CSRF token is random per session. Deleting a user deletes their sessions and tokens.
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    session_hash TEXT NOT NULL UNIQUE,
    csrf TEXT NOT NULL,
    created_at REAL NOT NULL,
    seen_at REAL NOT NULL
);

CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id);

CREATE INDEX IF NOT EXISTS api_tokens_user ON api_tokens(user_id);

ALTER TABLE users ADD COLUMN disabled_at TEXT;
