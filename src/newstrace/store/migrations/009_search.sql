-- Issue 11: full-text search over titles and texts in every language.
-- article_search: words as unicode61 splits them, case and diacritics folded (remove_diacritics 2:
-- "Zaporíjia" = "Zaporijia", "ÉVACUÉ" = "evacue"); Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari…
-- It reads titles and texts from `articles` (external content), so it adds only the index.
CREATE VIRTUAL TABLE article_search USING fts5(
    title, text, content = 'articles', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
-- article_search_cjk: Chinese, Japanese and Korean are written without spaces between words, and
-- unicode61 takes a whole run of ideographs for one word. The trigram tokenizer finds any
-- substring of three characters or more (shorter ones are found by LIKE on this table). It holds its
-- own copy of the texts that contain such characters only, so it stays small for other collections.
CREATE VIRTUAL TABLE article_search_cjk USING fts5(title, text, tokenize = 'trigram');

INSERT INTO article_search (article_search) VALUES ('rebuild');
INSERT INTO article_search_cjk (rowid, title, text)
    SELECT id, title, text FROM articles WHERE title || ' ' || text GLOB '*[぀-鿿가-힯豈-﫿]*';

-- Kept in step with articles on every write, whoever writes (the store, a migration, sqlite3).
CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_search (rowid, title, text) VALUES (new.id, new.title, new.text);
    INSERT INTO article_search_cjk (rowid, title, text)
        SELECT new.id, new.title, new.text WHERE new.title || ' ' || new.text GLOB '*[぀-鿿가-힯豈-﫿]*';
END;
CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
    INSERT INTO article_search (article_search, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    DELETE FROM article_search_cjk WHERE rowid = old.id;
END;
CREATE TRIGGER article_search_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO article_search (article_search, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO article_search (rowid, title, text) VALUES (new.id, new.title, new.text);
    DELETE FROM article_search_cjk WHERE rowid = old.id;
    INSERT INTO article_search_cjk (rowid, title, text)
        SELECT new.id, new.title, new.text WHERE new.title || ' ' || new.text GLOB '*[぀-鿿가-힯豈-﫿]*';
END;
