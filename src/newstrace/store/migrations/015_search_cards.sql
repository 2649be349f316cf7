-- Search at 100k articles: the facets read lang, outlet and published of every hit, and the
-- latest-version test compares versions of one key. Both sat in the article rows, after the
-- text, so each hit walked its text's overflow pages (16k hits of a common word: 125 ms). This
-- covering index is the article's card without the text (35 ms); search names it with INDEXED BY
-- because the planner prefers the row id.
CREATE INDEX articles_card ON articles (id, key, version, lang, outlet, published);
CREATE INDEX articles_key_version ON articles (key, version);
