-- Issue 3: who says what. One row per analysed article (which analyser version, origin chain,
-- unattributed spans as JSON) and one row per attribution, queryable by source type and outlet.
CREATE TABLE analyses (
    article_id       INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    analyzer_version INTEGER NOT NULL,
    origins          TEXT NOT NULL,   -- JSON list of {source, source_type, outlet}, outermost first
    unattributed     TEXT NOT NULL,   -- JSON list of [start, end]
    analyzed_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE attributions (
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    source       TEXT,
    source_type  TEXT NOT NULL,
    outlet       TEXT,
    role         TEXT,
    refers_to    TEXT,
    cue          TEXT NOT NULL,
    content      TEXT NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    source_start INTEGER,
    source_end   INTEGER,
    cue_start    INTEGER NOT NULL,
    cue_end      INTEGER NOT NULL,
    direct       INTEGER NOT NULL,
    stance       TEXT NOT NULL CHECK (stance IN ('asserts', 'denies', 'disputes')),
    hedged       INTEGER NOT NULL,
    overclaim    INTEGER NOT NULL,
    opinion      INTEGER NOT NULL,
    answers      INTEGER,
    PRIMARY KEY (article_id, position)
);
CREATE INDEX attributions_outlet ON attributions (outlet);
CREATE INDEX attributions_type ON attributions (source_type, stance);
