-- Issue 11: corrections an analyst made to the engine's findings (reject or confirm a relation,
-- merge stories, move an article, set an attribution's source or actor, reject a fact-check
-- match). Never deleted: undo sets undone_at/undone_by, so the history stays. Every later
-- analysis re-applies the corrections still in force (newstrace.corrections).
CREATE TABLE corrections (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('reject-relation', 'confirm-relation', 'merge-stories',
                                             'move-article', 'set-attribution', 'reject-match')),
    targets    TEXT NOT NULL,            -- JSON: the ids corrected ({"source": 3, "target": 5, ...})
    value      TEXT NOT NULL DEFAULT '{}', -- JSON: what was set, and anchors to find it again
    who        TEXT NOT NULL,
    note       TEXT,
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    undone_at  TEXT,
    undone_by  TEXT
);
CREATE INDEX corrections_kind ON corrections (kind, undone_at);
