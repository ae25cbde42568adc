-- Kept in step with the PostgreSQL migration of the same number, which
-- takes the unbounded actor and place lists out of its btree indexes
-- (PostgreSQL limits an index entry to 2,704 bytes; SQLite has no such
-- limit and keeps its covering indexes).
SELECT 1;
