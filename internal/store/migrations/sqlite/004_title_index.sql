-- A full-text index of the titles alone, for ranking (see docs/search.md):
-- the ranking asks which of a window's documents have a query group in the
-- title, and a column filter on docs_fts reads the words' whole document
-- lists, text included ("Syria" over the whole store: about 9 ms). Title
-- lists are a few percent of that. Written by the store with docs_fts.

CREATE VIRTUAL TABLE docs_title_fts USING fts5 (
	title,
	content = 'docs', content_rowid = 'seq',
	tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO docs_title_fts (docs_title_fts) VALUES ('rebuild');
CREATE TRIGGER docs_title_fts_delete AFTER DELETE ON docs BEGIN
	INSERT INTO docs_title_fts (docs_title_fts, rowid, title) VALUES ('delete', old.seq, old.title);
END;
