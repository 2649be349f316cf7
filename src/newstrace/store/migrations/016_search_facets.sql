-- Search at 100k articles, second step (issue 11): the facets and filters of a search read, for
-- each hit, its language, outlet, date, story and narrative, and keep only the latest version of
-- its key. Read from the articles (card index, a latest-version test per hit, two joins) that cost
-- 40 ms of a common word's 16k hits. search_facets holds exactly those values for the latest
-- version of each key, one row per article id, so a hit is one row-id lookup. Triggers keep it in
-- step with articles, story_articles and stories, whoever writes.
CREATE TABLE search_facets (
    id           INTEGER PRIMARY KEY,  -- articles.id of the latest version of its key
    lang         TEXT,
    outlet       TEXT,
    published    TEXT,
    story_id     INTEGER,
    narrative_id INTEGER
);

INSERT INTO search_facets (id, lang, outlet, published, story_id, narrative_id)
    SELECT a.id, a.lang, a.outlet, a.published, s.story_id, st.narrative_id
    FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id LEFT JOIN stories st ON st.id = s.story_id
    WHERE NOT EXISTS (SELECT 1 FROM articles b WHERE b.key = a.key AND b.version > a.version);

-- A key's row is redone whenever one of its versions is written: the rows of all its versions
-- go, the latest one's comes back.
CREATE TRIGGER search_facets_insert AFTER INSERT ON articles BEGIN
    DELETE FROM search_facets WHERE id IN (SELECT id FROM articles WHERE key = new.key);
    INSERT INTO search_facets (id, lang, outlet, published, story_id, narrative_id)
        SELECT a.id, a.lang, a.outlet, a.published, s.story_id, st.narrative_id
        FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id LEFT JOIN stories st ON st.id = s.story_id
        WHERE a.key = new.key ORDER BY a.version DESC LIMIT 1;
END;
CREATE TRIGGER search_facets_delete AFTER DELETE ON articles BEGIN
    DELETE FROM search_facets WHERE id = old.id OR id IN (SELECT id FROM articles WHERE key = old.key);
    INSERT INTO search_facets (id, lang, outlet, published, story_id, narrative_id)
        SELECT a.id, a.lang, a.outlet, a.published, s.story_id, st.narrative_id
        FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id LEFT JOIN stories st ON st.id = s.story_id
        WHERE a.key = old.key ORDER BY a.version DESC LIMIT 1;
END;
CREATE TRIGGER search_facets_update AFTER UPDATE OF id, key, version, lang, outlet, published ON articles BEGIN
    DELETE FROM search_facets
        WHERE id IN (old.id, new.id) OR id IN (SELECT id FROM articles WHERE key IN (old.key, new.key));
    INSERT INTO search_facets (id, lang, outlet, published, story_id, narrative_id)
        SELECT a.id, a.lang, a.outlet, a.published, s.story_id, st.narrative_id
        FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id LEFT JOIN stories st ON st.id = s.story_id
        WHERE a.key = old.key AND a.version = (SELECT MAX(version) FROM articles WHERE key = old.key);
    INSERT OR IGNORE INTO search_facets (id, lang, outlet, published, story_id, narrative_id)
        SELECT a.id, a.lang, a.outlet, a.published, s.story_id, st.narrative_id
        FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id LEFT JOIN stories st ON st.id = s.story_id
        WHERE a.key = new.key AND a.version = (SELECT MAX(version) FROM articles WHERE key = new.key);
END;

CREATE TRIGGER search_facets_story_insert AFTER INSERT ON story_articles BEGIN
    UPDATE search_facets SET story_id = new.story_id,
        narrative_id = (SELECT narrative_id FROM stories WHERE id = new.story_id)
        WHERE id = new.article_id;
END;
CREATE TRIGGER search_facets_story_delete AFTER DELETE ON story_articles BEGIN
    UPDATE search_facets SET story_id = NULL, narrative_id = NULL WHERE id = old.article_id;
END;
CREATE TRIGGER search_facets_story_update AFTER UPDATE ON story_articles BEGIN
    UPDATE search_facets SET story_id = NULL, narrative_id = NULL WHERE id = old.article_id;
    UPDATE search_facets SET story_id = new.story_id,
        narrative_id = (SELECT narrative_id FROM stories WHERE id = new.story_id)
        WHERE id = new.article_id;
END;
CREATE TRIGGER search_facets_narrative_insert AFTER INSERT ON stories BEGIN
    UPDATE search_facets SET narrative_id = new.narrative_id
        WHERE id IN (SELECT article_id FROM story_articles WHERE story_id = new.id);
END;
CREATE TRIGGER search_facets_narrative_update AFTER UPDATE OF id, narrative_id ON stories
    WHEN old.id IS NOT new.id OR old.narrative_id IS NOT new.narrative_id BEGIN
    UPDATE search_facets SET narrative_id = NULL
        WHERE id IN (SELECT article_id FROM story_articles WHERE story_id = old.id);
    UPDATE search_facets SET narrative_id = new.narrative_id
        WHERE id IN (SELECT article_id FROM story_articles WHERE story_id = new.id);
END;
CREATE TRIGGER search_facets_narrative_delete AFTER DELETE ON stories BEGIN
    UPDATE search_facets SET narrative_id = NULL
        WHERE id IN (SELECT article_id FROM story_articles WHERE story_id = old.id);
END;

-- search reads search_facets now: the card index of migration 015 has no reader left
DROP INDEX articles_card;
