package store_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
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
		return pgSchema(t, base)
	})
}

// pgSchema creates an empty schema and returns base with its search_path
// set to it.
func pgSchema(t testing.TB, base string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "sitrep_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	c, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connecting to %s: %v", base, err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("connecting to drop schema: %v", err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping schema: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
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
