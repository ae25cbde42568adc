-- doc_meta's indexes carried the actor and place lists in INCLUDE, for
-- index-only scans. A btree entry may not pass 2,704 bytes, and an article
-- naming many actors (PolNeAR's politico_2016-02-04_insiders-trump-will-
-- rebound-in-n: 2,856 bytes) could not be stored at all. The lists are
-- unbounded, so they leave the indexes: an actor or place filter reads the
-- table row. The columns left are bounded (event types and modalities are
-- small closed sets).

DROP INDEX doc_meta_published;
DROP INDEX doc_meta_site;
DROP INDEX doc_meta_language;
CREATE INDEX doc_meta_published ON doc_meta (published DESC NULLS LAST, id) INCLUDE (seq, event_types, site_norm, language, modalities);
CREATE INDEX doc_meta_site ON doc_meta (site_norm, published DESC NULLS LAST, id) INCLUDE (seq, event_types, language, modalities);
CREATE INDEX doc_meta_language ON doc_meta (language, published DESC NULLS LAST, id) INCLUDE (seq, event_types, site_norm, modalities);
