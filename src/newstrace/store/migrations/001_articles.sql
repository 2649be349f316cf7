-- Articles and their credit lines. Later issues add attributions, relations, stories, fact-checks
-- in their own numbered migrations.
CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL,            -- URL when known, else source location (+ record)
    version       INTEGER NOT NULL DEFAULT 1,
    content_hash  TEXT NOT NULL,            -- sha256 of normalised title + text
    raw_hash      TEXT NOT NULL,            -- sha256 of the input bytes/record, to skip unchanged input
    url           TEXT,
    canonical_url TEXT,
    title         TEXT NOT NULL,
    text          TEXT NOT NULL,
    author        TEXT,
    published     TEXT,                     -- ISO date or NULL
    site_name     TEXT,
    outlet        TEXT,
    lang          TEXT,
    source_kind   TEXT NOT NULL,
    source_location TEXT NOT NULL,
    source_record TEXT,
    fetched_url   TEXT,
    ingested_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (key, content_hash)
);
CREATE INDEX articles_key ON articles (key, version);
CREATE INDEX articles_raw ON articles (raw_hash);
CREATE INDEX articles_outlet ON articles (outlet);
CREATE INDEX articles_published ON articles (published);

CREATE TABLE credits (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('republished', 'translated', 'agency', 'source-link')),
    text       TEXT NOT NULL,
    name       TEXT,
    outlet     TEXT,
    PRIMARY KEY (article_id, position)
);
CREATE INDEX credits_outlet ON credits (outlet);

-- Inputs that could not become articles, kept so a user can list what was rejected and why.
CREATE TABLE rejections (
    id       INTEGER PRIMARY KEY,
    item     TEXT NOT NULL,
    reason   TEXT NOT NULL,
    at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
