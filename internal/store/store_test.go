package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/store/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) string {
		return filepath.Join(t.TempDir(), "sitrep.db")
	})
}

// TestPostgres runs the suite on the server named by
// SITREP_TEST_DATABASE_URL (see .ci/postgres.sh), each case in a schema of
// its own that is dropped afterwards.
func TestPostgres(t *testing.T) {
	base := os.Getenv("SITREP_TEST_DATABASE_URL")
	if base == "" {
		t.Skip("SITREP_TEST_DATABASE_URL is not set; run eval \"$(.ci/postgres.sh)\" to start a server")
	}
	storetest.Run(t, func(t *testing.T) string {
		return storetest.PostgresSchema(t, base)
	})
}

func TestOpenDSN(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	for _, dsn := range []string{filepath.Join(dir, "a.db"), "sqlite:" + filepath.Join(dir, "b.db")} {
		s, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatalf("Open(%q): %v", dsn, err)
		}
		s.Close()
	}
	for _, dsn := range []string{"mysql://x", "sqlite:", filepath.Join(dir, "c.db?x=1")} {
		if _, err := store.Open(ctx, dsn); err == nil {
			t.Errorf("Open(%q) succeeded, want an error", dsn)
		}
	}
	t.Chdir(dir)
	s, err := store.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(filepath.Join(dir, "sitrep.db")); err != nil {
		t.Errorf("Open(\"\") made no sitrep.db: %v", err)
	}
}

// TestSQLiteUpgradeMeta opens a database whose schema stopped at migration
// 2 (doc_meta without modalities and points, no title index) and checks
// that migrations 3 and 4 fill them in for the documents already stored.
func TestSQLiteUpgradeMeta(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	testUpgradeMeta(t, path, func(ctx context.Context, stmts []string) error {
		db, err := sql.Open("sqlite", path)
		if err != nil {
			return err
		}
		defer db.Close()
		for _, q := range stmts {
			if _, err := db.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		return nil
	}, []string{
		`DROP INDEX doc_meta_published`,
		`DROP INDEX doc_meta_site`,
		`DROP INDEX doc_meta_language`,
		`ALTER TABLE doc_meta DROP COLUMN modalities`,
		`ALTER TABLE doc_meta DROP COLUMN points`,
		`CREATE INDEX doc_meta_published ON doc_meta (published DESC, id, seq, event_types, site_norm, language, places, actors)`,
		`CREATE INDEX doc_meta_site ON doc_meta (site_norm, published DESC, id)`,
		`CREATE INDEX doc_meta_language ON doc_meta (language, published DESC, id)`,
		`DROP TRIGGER docs_title_fts_delete`,
		`DROP TABLE docs_title_fts`,
		`DELETE FROM schema_migrations WHERE version >= 3`,
	})
}

// TestPostgresUpgradeMeta is TestSQLiteUpgradeMeta on PostgreSQL.
func TestPostgresUpgradeMeta(t *testing.T) {
	base := os.Getenv("SITREP_TEST_DATABASE_URL")
	if base == "" {
		t.Skip("SITREP_TEST_DATABASE_URL is not set; run eval \"$(.ci/postgres.sh)\" to start a server")
	}
	dsn := storetest.PostgresSchema(t, base)
	testUpgradeMeta(t, dsn, func(ctx context.Context, stmts []string) error {
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer c.Close(ctx)
		for _, q := range stmts {
			if _, err := c.Exec(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		return nil
	}, []string{
		`DROP INDEX doc_meta_published`,
		`DROP INDEX doc_meta_site`,
		`DROP INDEX doc_meta_language`,
		`ALTER TABLE doc_meta DROP COLUMN modalities`,
		`ALTER TABLE doc_meta DROP COLUMN points`,
		`CREATE INDEX doc_meta_published ON doc_meta (published DESC NULLS LAST, id) INCLUDE (seq, event_types, site_norm, language, places, actors)`,
		`CREATE INDEX doc_meta_site ON doc_meta (site_norm, published DESC NULLS LAST, id)`,
		`CREATE INDEX doc_meta_language ON doc_meta (language, published DESC NULLS LAST, id)`,
		`DELETE FROM schema_migrations WHERE version >= 3`,
	})
}

// testUpgradeMeta stores the fixture corpus at dsn, takes the schema back
// to migration 2 by running the statements down with exec, reopens the
// store and checks the filters migration 3 serves.
func testUpgradeMeta(t *testing.T, dsn string, exec func(context.Context, []string) error, down []string) {
	ctx := t.Context()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutBatch(ctx, storetest.Corpus()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := exec(ctx, down); err != nil {
		t.Fatalf("taking the schema back to migration 2: %v", err)
	}

	s, err = store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("reopening (migrating): %v", err)
	}
	defer s.Close()
	for _, tc := range []struct {
		q    store.Query
		want int
	}{
		{store.Query{Modality: "expected"}, 1},
		{store.Query{Modality: "asserted", Site: "Example News"}, 2},
		{store.Query{Near: &store.Circle{Lat: 35.95, Lon: 39.01, RadiusKm: 50}}, 2},
		{store.Query{Near: &store.Circle{Lat: 46.0, Lon: 6.0, RadiusKm: 40}}, 1},
		{store.Query{Near: &store.Circle{Lat: 0, Lon: 0, RadiusKm: 40}}, 0},
	} {
		r, err := s.Search(ctx, tc.q)
		if err != nil {
			t.Fatalf("Search(%+v): %v", tc.q, err)
		}
		if r.Total != tc.want {
			t.Errorf("after the upgrade, Search(%+v) finds %d, want %d", tc.q, r.Total, tc.want)
		}
	}
	// The ranking reads titles: the document with Raqqa in its title first.
	r, err := s.Search(ctx, store.Query{Text: "Raqqa"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) != 2 || r.Hits[0].ID != "a000000000000001" || r.Hits[0].Score <= r.Hits[1].Score {
		t.Errorf("after the upgrade, Search(Raqqa) = %+v, want a000000000000001 first with a higher score", r.Hits)
	}
}

// TestSQLiteFullTextIntegrity updates a title and deletes a document, then
// has FTS5 check both full-text indexes against the docs table they index.
func TestSQLiteFullTextIntegrity(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "fts.db")
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	docs := storetest.Corpus()
	if _, err := s.PutBatch(ctx, docs); err != nil {
		t.Fatal(err)
	}
	d := *docs[0]
	d.Title = "A new title about Geneva"
	if got, err := s.Put(ctx, &d); err != nil || got != store.Updated {
		t.Fatalf("Put(retitled) = %v, %v; want Updated", got, err)
	}
	if err := s.Delete(ctx, docs[1].ID); err != nil {
		t.Fatal(err)
	}
	r, err := s.Search(ctx, store.Query{Text: "Geneva"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) == 0 || r.Hits[0].ID != d.ID {
		t.Errorf("Search(Geneva) = %+v, want the retitled %s first", r.Hits, d.ID)
	}
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, table := range []string{"docs_fts", "docs_title_fts"} {
		if _, err := db.ExecContext(ctx, `INSERT INTO `+table+` (`+table+`, rank) VALUES ('integrity-check', 1)`); err != nil {
			t.Errorf("%s integrity-check: %v", table, err)
		}
	}
}
