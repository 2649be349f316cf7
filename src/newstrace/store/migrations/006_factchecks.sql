-- Issue 5: fact-checks (ClaimReview, Fact Check Tools API, CSV) and what they verify.
-- One row per reviewed claim; importing the same review again (same url and claim) updates it.
CREATE TABLE factchecks (
    id          INTEGER PRIMARY KEY,
    url         TEXT NOT NULL,              -- the fact-check article
    claim       TEXT NOT NULL,              -- the claim as the fact-checker states it
    verdict     TEXT NOT NULL,              -- as the publisher wrote it
    rating      TEXT CHECK (rating IS NULL OR rating IN ('false', 'misleading', 'mixed', 'true', 'unproven', 'satire')),
    publisher   TEXT,
    date        TEXT,                       -- ISO date of the review
    lang        TEXT,
    title       TEXT,
    summary     TEXT,
    claimant    TEXT,
    claim_date  TEXT,
    source      TEXT,                       -- where it was imported from
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (url, claim)
);
CREATE INDEX factchecks_lang ON factchecks (lang);

-- A fact-check matched to the sentence of an article that carries its claim (story_id set when
-- the match was made for a whole story). Offsets are into articles.text; NULL for the headline.
CREATE TABLE factcheck_matches (
    id             INTEGER PRIMARY KEY,
    factcheck_id   INTEGER NOT NULL REFERENCES factchecks (id) ON DELETE CASCADE,
    article_id     INTEGER REFERENCES articles (id) ON DELETE CASCADE,
    story_id       INTEGER,
    score          REAL NOT NULL,
    similarity     REAL NOT NULL DEFAULT 0,
    sentence_start INTEGER,
    sentence_end   INTEGER,
    sentence       TEXT NOT NULL,
    matched_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX factcheck_matches_article ON factcheck_matches (article_id);
CREATE INDEX factcheck_matches_factcheck ON factcheck_matches (factcheck_id);
CREATE INDEX factcheck_matches_story ON factcheck_matches (story_id);
