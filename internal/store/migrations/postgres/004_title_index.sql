-- Kept in step with the SQLite migration of the same number, which adds a
-- full-text index of titles for its ranking; PostgreSQL ranks with
-- ts_rank_cd over docs.tsv and needs nothing new.
SELECT 1;
