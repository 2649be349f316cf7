-- Issue 5: stories (one claim or event wave across languages) and narratives (stories that retell
-- one claim months apart share narrative_id). An article belongs to at most one story.
-- story_features keeps what incremental grouping needs (the article's mean embedding as float32
-- BLOB, its anchors as JSON) so adding a batch does not embed earlier articles again.
CREATE TABLE stories (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,            -- the medoid article's title
    titles          TEXT NOT NULL DEFAULT '{}', -- JSON {lang: title}
    narrative_id    INTEGER NOT NULL,         -- smallest story id of the narrative
    first_published TEXT,
    last_published  TEXT,
    updated         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX stories_narrative ON stories (narrative_id);

CREATE TABLE story_articles (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    story_id   INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE
);
CREATE INDEX story_articles_story ON story_articles (story_id);

CREATE TABLE story_features (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL,
    vector     BLOB NOT NULL,                 -- 512 float32, unit length
    anchors    TEXT NOT NULL,                 -- JSON list of anchor keys
    day        INTEGER                        -- publication date as a day ordinal, NULL when unknown
);
