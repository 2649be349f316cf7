-- The desk's lists at 100k articles. `lang` and `outlet` sit after the text in each row, so
-- reading them for every article walks each text's overflow pages (0.6 s to size the stories
-- by language, 1 s to count the outlets' latest versions); these covering indexes answer both
-- from a few MB.
CREATE INDEX articles_lang ON articles (lang);
CREATE INDEX articles_outlet_latest ON articles (outlet, key, version);
-- Who is quoted, in how many articles (the actors list): read from this index alone, 5.6 s -> 0.35 s
-- for 300k attributions.
CREATE INDEX attributions_actor_article ON attributions (actor, unresolved, article_id);
