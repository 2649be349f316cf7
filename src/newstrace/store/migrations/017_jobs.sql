-- The desk's ingest jobs, kept across restarts: who started one, what it was given, how it went.
-- A job still 'queued' or 'running' when a server starts was left by a server that died: it is
-- marked 'interrupted' (its stored articles stay). inputs and rejected are JSON lists.
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    who TEXT,
    inputs TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,
    stage TEXT,
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER,
    detail TEXT NOT NULL DEFAULT '',
    new INTEGER NOT NULL DEFAULT 0,
    rejected TEXT NOT NULL DEFAULT '[]',
    rejected_count INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    created_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX jobs_created ON jobs (created_at);
