-- Issue 4: who copied whom. One row per directed relation (source -> derivative) with its
-- evidence as JSON, and one row per article the linker has seen, holding what the reuse index
-- needs to compare later articles against it without recomputing: the MinHash signature and
-- the document embedding.
CREATE TABLE relations (
    source_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    target_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('copy', 'translation', 'cites')),
    score     REAL NOT NULL,
    evidence  TEXT NOT NULL,            -- JSON: passages, shares, credit, direction
    PRIMARY KEY (source_id, target_id, kind)
);
CREATE INDEX relations_target ON relations (target_id);

CREATE TABLE traces (
    article_id     INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    linker_version INTEGER NOT NULL,
    minhash        BLOB,                -- serialised MinHash, NULL when the text is too short
    vector         BLOB,                -- float16 document embedding, NULL when not embeddable
    traced_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
