-- Search filters that read only doc_meta rows. A filter on modality or
-- near a point used to probe events or entities once per document the
-- scan passed (about 7 µs each: 25 to 50 ms for a query at 100k
-- documents); doc_meta now carries both. The date, site and language indexes
-- cover every filter column, so that a date-ordered search reads one index.

ALTER TABLE doc_meta ADD COLUMN modalities TEXT NOT NULL DEFAULT '';  -- distinct event modalities, as actors
ALTER TABLE doc_meta ADD COLUMN points     TEXT NOT NULL DEFAULT '';  -- "lat lon" of each entity with coordinates, ";"-separated
UPDATE doc_meta SET
	modalities = coalesce((SELECT char(31) || group_concat(modality, char(31)) || char(31)
		FROM (SELECT DISTINCT modality FROM events e WHERE e.doc_id = doc_meta.id AND modality <> '' ORDER BY modality)), char(31)),
	points = coalesce((SELECT group_concat(lat || ' ' || lon, ';')
		FROM (SELECT lat, lon FROM entities e WHERE e.doc_id = doc_meta.id AND lat IS NOT NULL AND lon IS NOT NULL ORDER BY entity_id)), '');

DROP INDEX doc_meta_published;
DROP INDEX doc_meta_site;
DROP INDEX doc_meta_language;
CREATE INDEX doc_meta_published ON doc_meta (published DESC, id, seq, event_types, site_norm, language, places, actors, modalities, points);
CREATE INDEX doc_meta_site ON doc_meta (site_norm, published DESC, id, seq, event_types, language, places, actors, modalities, points);
CREATE INDEX doc_meta_language ON doc_meta (language, published DESC, id, seq, event_types, site_norm, places, actors, modalities, points);
