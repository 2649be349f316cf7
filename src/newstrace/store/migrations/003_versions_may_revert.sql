-- A page may go back to an earlier text (A -> B -> A): that is a new version, so the pair
-- (key, content_hash) is no longer unique; (key, version) is. SQLite cannot drop a constraint,
-- so the table is rebuilt (foreign keys are off during migrations).
CREATE TABLE articles_new (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    content_hash  TEXT NOT NULL,
    raw_hash      TEXT NOT NULL,
    url           TEXT,
    canonical_url TEXT,
    title         TEXT NOT NULL,
    text          TEXT NOT NULL,
    author        TEXT,
    published     TEXT,
    site_name     TEXT,
    outlet        TEXT,
    lang          TEXT,
    source_kind   TEXT NOT NULL,
    source_location TEXT NOT NULL,
    source_record TEXT,
    fetched_url   TEXT,
    ingested_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (key, version)
);
INSERT INTO articles_new SELECT id, key, version, content_hash, raw_hash, url, canonical_url, title, text,
    author, published, site_name, outlet, lang, source_kind, source_location, source_record, fetched_url,
    ingested_at FROM articles;
DROP TABLE articles;
ALTER TABLE articles_new RENAME TO articles;
CREATE INDEX articles_hash ON articles (key, content_hash);
CREATE INDEX articles_raw ON articles (raw_hash);
CREATE INDEX articles_outlet ON articles (outlet);
CREATE INDEX articles_published ON articles (published);
