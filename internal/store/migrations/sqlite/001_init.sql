-- The first schema: documents with their JSON record, full-text index,
-- and normalised rows for filters. Times are Unix seconds (UTC).

CREATE TABLE docs (
	seq          INTEGER PRIMARY KEY,
	id           TEXT    NOT NULL UNIQUE,
	url          TEXT    NOT NULL DEFAULT '',  -- canonical, see store.CanonicalURL
	site         TEXT    NOT NULL DEFAULT '',
	site_norm    TEXT    NOT NULL DEFAULT '',
	title        TEXT    NOT NULL DEFAULT '',
	published    INTEGER,
	language     TEXT    NOT NULL DEFAULT '',
	text         TEXT    NOT NULL DEFAULT '',
	text_hash    TEXT    NOT NULL DEFAULT '',
	content_hash TEXT    NOT NULL,
	input        TEXT    NOT NULL DEFAULT '',
	record       TEXT    NOT NULL,             -- the article.Document as JSON
	stored_at    INTEGER NOT NULL
);
CREATE INDEX docs_url ON docs (url);
CREATE INDEX docs_text_hash ON docs (text_hash);
CREATE INDEX docs_published ON docs (published);
CREATE INDEX docs_site ON docs (site_norm);
CREATE INDEX docs_language ON docs (language);

CREATE VIRTUAL TABLE docs_fts USING fts5 (
	title, text,
	content = 'docs', content_rowid = 'seq',
	tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER docs_fts_insert AFTER INSERT ON docs BEGIN
	INSERT INTO docs_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER docs_fts_delete AFTER DELETE ON docs BEGIN
	INSERT INTO docs_fts (docs_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER docs_fts_update AFTER UPDATE OF title, text ON docs BEGIN
	INSERT INTO docs_fts (docs_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
	INSERT INTO docs_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

-- Other ids under which a stored document was submitted.
CREATE TABLE doc_aliases (
	alias  TEXT NOT NULL PRIMARY KEY,
	doc_id TEXT NOT NULL REFERENCES docs (id) ON DELETE CASCADE
);
CREATE INDEX doc_aliases_doc ON doc_aliases (doc_id);

CREATE TABLE entities (
	doc_id    TEXT    NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
	entity_id TEXT    NOT NULL,
	actor_key TEXT    NOT NULL,
	name      TEXT    NOT NULL,
	type      TEXT    NOT NULL,
	kind      TEXT    NOT NULL,
	country   TEXT    NOT NULL,
	sector    TEXT    NOT NULL,
	kb_id     TEXT    NOT NULL,
	is_place  INTEGER NOT NULL,
	lat       REAL,
	lon       REAL,
	mentions  INTEGER NOT NULL,
	PRIMARY KEY (doc_id, entity_id)
);
CREATE INDEX entities_actor ON entities (actor_key);
CREATE INDEX entities_kb ON entities (kb_id);
CREATE INDEX entities_id ON entities (entity_id);
CREATE INDEX entities_country ON entities (country);
CREATE INDEX entities_lat ON entities (lat);

-- An entity's name and aliases, one row each, for lookup by name.
CREATE TABLE entity_names (
	doc_id    TEXT NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
	entity_id TEXT NOT NULL,
	actor_key TEXT NOT NULL,
	name      TEXT NOT NULL,
	name_norm TEXT NOT NULL,
	PRIMARY KEY (doc_id, entity_id, name_norm)
);
CREATE INDEX entity_names_norm ON entity_names (name_norm);
CREATE INDEX entity_names_actor ON entity_names (actor_key);

CREATE TABLE mentions (
	doc_id    TEXT    NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
	entity_id TEXT    NOT NULL,
	start_off INTEGER NOT NULL,
	end_off   INTEGER NOT NULL,
	text      TEXT    NOT NULL,
	reason    TEXT    NOT NULL
);
CREATE INDEX mentions_doc ON mentions (doc_id, entity_id);

CREATE TABLE events (
	doc_id     TEXT    NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
	event_id   TEXT    NOT NULL,
	seq        INTEGER NOT NULL,
	type       TEXT    NOT NULL,  -- upper case
	mode       TEXT    NOT NULL,
	cameo      TEXT    NOT NULL,
	modality   TEXT    NOT NULL,  -- lower case
	negated    INTEGER NOT NULL,
	place_id   TEXT,
	country    TEXT    NOT NULL,  -- of the place entity
	lat        REAL,
	lon        REAL,
	date_value TEXT    NOT NULL,
	confidence REAL    NOT NULL,
	record     TEXT    NOT NULL,  -- the article.Event as JSON
	PRIMARY KEY (doc_id, event_id)
);
CREATE INDEX events_type ON events (type);
CREATE INDEX events_modality ON events (modality);
CREATE INDEX events_country ON events (country);
CREATE INDEX events_lat ON events (lat);

CREATE TABLE event_actors (
	doc_id    TEXT NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
	event_id  TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	role      TEXT NOT NULL,  -- actor or recipient
	PRIMARY KEY (doc_id, event_id, entity_id, role)
);
CREATE INDEX event_actors_entity ON event_actors (doc_id, entity_id);

CREATE TABLE quotes (
	doc_id       TEXT    NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
	quote_id     TEXT    NOT NULL,
	seq          INTEGER NOT NULL,
	text         TEXT    NOT NULL,
	start_off    INTEGER NOT NULL,
	end_off      INTEGER NOT NULL,
	direct       INTEGER NOT NULL,
	speaker      TEXT,
	speaker_text TEXT    NOT NULL,
	cue          TEXT    NOT NULL,
	PRIMARY KEY (doc_id, seq)
);

CREATE TABLE claims (
	doc_id      TEXT    NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
	claim_id    TEXT    NOT NULL,
	seq         INTEGER NOT NULL,
	text        TEXT    NOT NULL,
	start_off   INTEGER NOT NULL,
	end_off     INTEGER NOT NULL,
	holder      TEXT,
	holder_text TEXT    NOT NULL,
	cue         TEXT    NOT NULL,
	hedge       TEXT    NOT NULL,
	PRIMARY KEY (doc_id, seq)
);

CREATE TABLE quantities (
	doc_id      TEXT    NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	text        TEXT    NOT NULL,
	start_off   INTEGER NOT NULL,
	end_off     INTEGER NOT NULL,
	value       REAL    NOT NULL,
	low         REAL,
	high        REAL,
	unit        TEXT    NOT NULL,
	approximate INTEGER NOT NULL,
	subject     TEXT,
	place       TEXT,
	PRIMARY KEY (doc_id, seq)
);

CREATE TABLE failures (
	input      TEXT    NOT NULL PRIMARY KEY,
	reason     TEXT    NOT NULL,
	permanent  INTEGER NOT NULL,
	attempts   INTEGER NOT NULL,
	first_seen INTEGER NOT NULL,  -- Unix milliseconds
	last_seen  INTEGER NOT NULL
);
CREATE INDEX failures_last_seen ON failures (last_seen);
