-- A running job's server writes seen_at every few seconds (with the job's progress). Another server
-- on the same database marks a job interrupted only when its seen_at has gone stale, not just
-- because it is running: two servers no longer interrupt each other's jobs, and each shows the
-- other's progress.
ALTER TABLE jobs ADD COLUMN seen_at TEXT;
