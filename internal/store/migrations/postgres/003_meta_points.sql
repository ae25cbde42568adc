-- Search filters that read only doc_meta rows; see the SQLite migration
-- of the same number. PostgreSQL checks Near with its entities still, but
-- keeps doc_meta.points so that both schemas hold the same rows.

ALTER TABLE doc_meta ADD COLUMN modalities TEXT NOT NULL DEFAULT '';
ALTER TABLE doc_meta ADD COLUMN points     TEXT NOT NULL DEFAULT '';
UPDATE doc_meta SET
	modalities = coalesce((SELECT chr(31) || string_agg(DISTINCT modality, chr(31) ORDER BY modality) || chr(31)
		FROM events e WHERE e.doc_id = doc_meta.id AND modality <> ''), chr(31)),
	points = coalesce((SELECT string_agg(lat::text || ' ' || lon::text, ';' ORDER BY entity_id)
		FROM entities e WHERE e.doc_id = doc_meta.id AND lat IS NOT NULL AND lon IS NOT NULL), '');

DROP INDEX doc_meta_published;
DROP INDEX doc_meta_site;
DROP INDEX doc_meta_language;
CREATE INDEX doc_meta_published ON doc_meta (published DESC NULLS LAST, id) INCLUDE (seq, event_types, site_norm, language, places, actors, modalities);
CREATE INDEX doc_meta_site ON doc_meta (site_norm, published DESC NULLS LAST, id) INCLUDE (seq, event_types, language, places, actors, modalities);
CREATE INDEX doc_meta_language ON doc_meta (language, published DESC NULLS LAST, id) INCLUDE (seq, event_types, site_norm, places, actors, modalities);
