-- Issue 10: each attribution's source resolved to an actor of the actor registry (or a name key
-- for a named person it does not know), and pronouns or fragments that name no one marked.
ALTER TABLE attributions ADD COLUMN actor TEXT;
ALTER TABLE attributions ADD COLUMN unresolved INTEGER NOT NULL DEFAULT 0;
CREATE INDEX attributions_actor ON attributions (actor);
