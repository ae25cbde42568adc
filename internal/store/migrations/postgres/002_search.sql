-- Search at scale; see the SQLite migration of the same number. docs
-- gains seq, a number in storage order, which doc_meta is keyed by.

ALTER TABLE docs ADD COLUMN seq BIGSERIAL;
CREATE UNIQUE INDEX docs_seq ON docs (seq);

CREATE TABLE doc_meta (
	seq         BIGINT NOT NULL PRIMARY KEY,  -- docs.seq
	id          TEXT   NOT NULL UNIQUE,
	published   BIGINT,
	site_norm   TEXT   NOT NULL,
	language    TEXT   NOT NULL,
	event_types TEXT   NOT NULL,      -- distinct types, space-separated and -enclosed: " AGREE ASSAULT "
	actors      TEXT   NOT NULL,      -- distinct actor keys, separated and enclosed by chr(31)
	places      TEXT   NOT NULL       -- distinct countries of places, the same way
);
INSERT INTO doc_meta (seq, id, published, site_norm, language, event_types, actors, places)
SELECT seq, id, published, site_norm, language,
	coalesce((SELECT ' ' || string_agg(DISTINCT type, ' ' ORDER BY type) || ' ' FROM events e WHERE e.doc_id = docs.id), ' '),
	coalesce((SELECT chr(31) || string_agg(DISTINCT actor_key, chr(31) ORDER BY actor_key) || chr(31) FROM entities e WHERE e.doc_id = docs.id), chr(31)),
	coalesce((SELECT chr(31) || string_agg(DISTINCT country, chr(31) ORDER BY country) || chr(31) FROM entities e
		WHERE e.doc_id = docs.id AND e.is_place AND e.country <> ''), chr(31))
FROM docs;
CREATE INDEX doc_meta_published ON doc_meta (published DESC NULLS LAST, id) INCLUDE (seq, event_types, site_norm, language, places, actors);
CREATE INDEX doc_meta_site ON doc_meta (site_norm, published DESC NULLS LAST, id);
CREATE INDEX doc_meta_language ON doc_meta (language, published DESC NULLS LAST, id);

DROP INDEX entities_actor;
DROP INDEX entities_kb;
DROP INDEX entities_id;
DROP INDEX entities_country;
DROP INDEX entities_lat;
CREATE INDEX entities_actor ON entities (actor_key, doc_id);
CREATE INDEX entities_kb ON entities (kb_id, doc_id);
CREATE INDEX entities_id ON entities (entity_id, doc_id);
CREATE INDEX entities_country ON entities (country, is_place, doc_id);
CREATE INDEX entities_lat ON entities (lat, lon, doc_id);
CREATE INDEX entities_doc_place ON entities (doc_id, is_place, lat, lon);
DROP INDEX entity_names_norm;
CREATE INDEX entity_names_norm ON entity_names (name_norm, actor_key);
DROP INDEX events_type;
DROP INDEX events_modality;
DROP INDEX events_country;
DROP INDEX events_lat;
CREATE INDEX events_type ON events (type, doc_id);
CREATE INDEX events_modality ON events (modality, doc_id);
CREATE INDEX events_country ON events (country, doc_id);
CREATE INDEX events_lat ON events (lat, lon, doc_id);

CREATE TABLE actor_stats (
	actor_key TEXT    NOT NULL PRIMARY KEY,
	articles  INTEGER NOT NULL,
	mentions  INTEGER NOT NULL,
	lat       DOUBLE PRECISION,
	lon       DOUBLE PRECISION
);
INSERT INTO actor_stats (actor_key, articles, mentions, lat, lon)
SELECT actor_key, count(DISTINCT doc_id), sum(mentions), max(lat), max(lon) FROM entities GROUP BY actor_key;
CREATE INDEX actor_stats_articles ON actor_stats (articles DESC, actor_key);

CREATE TABLE actor_values (
	actor_key TEXT    NOT NULL,
	field     TEXT    NOT NULL,
	value     TEXT    NOT NULL,
	n         INTEGER NOT NULL,
	PRIMARY KEY (actor_key, field, value)
);
INSERT INTO actor_values (actor_key, field, value, n)
SELECT actor_key, 'name', name, count(*) FROM entities WHERE name <> '' GROUP BY actor_key, name
UNION ALL SELECT actor_key, 'type', type, count(*) FROM entities WHERE type <> '' GROUP BY actor_key, type
UNION ALL SELECT actor_key, 'kind', kind, count(*) FROM entities WHERE kind <> '' GROUP BY actor_key, kind
UNION ALL SELECT actor_key, 'country', country, count(*) FROM entities WHERE country <> '' GROUP BY actor_key, country
UNION ALL SELECT actor_key, 'sector', sector, count(*) FROM entities WHERE sector <> '' GROUP BY actor_key, sector
UNION ALL SELECT actor_key, 'alias', name, count(*) FROM entity_names GROUP BY actor_key, name
UNION ALL SELECT actor_key, 'norm', name_norm, count(*) FROM entity_names GROUP BY actor_key, name_norm;
CREATE INDEX actor_values_value ON actor_values (field, value);
