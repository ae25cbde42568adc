package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrations embed.FS

// migration is one numbered SQL file, such as 001_init.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the migrations of a dialect, sorted by version.
func loadMigrations(dialect string) ([]migration, error) {
	dir := path.Join("migrations", dialect)
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, fmt.Errorf("reading migrations: %w", err)
	}
	var out []migration
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number: %w", e.Name(), err)
		}
		data, err := fs.ReadFile(migrations, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("reading migration %s: %w", e.Name(), err)
		}
		out = append(out, migration{v, e.Name(), string(data)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s have the same number", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

// migrate applies the dialect's migrations not yet recorded in
// schema_migrations, all in one transaction. The dialect's lock serialises
// processes opening the same database at once.
func migrate(ctx context.Context, d dialect) (err error) {
	ms, err := loadMigrations(d.name())
	if err != nil {
		return err
	}
	t, release, err := d.begin(ctx)
	if err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	defer release()
	defer func() {
		if err != nil {
			_ = t.rollback(context.WithoutCancel(ctx))
		}
	}()
	if err := d.lock(ctx, t, []string{"schema_migrations"}); err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	if _, err := t.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER NOT NULL PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at BIGINT  NOT NULL)`); err != nil {
		return fmt.Errorf("migrating: creating schema_migrations: %w", err)
	}
	var current int
	if err := t.queryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("migrating: reading schema_migrations: %w", err)
	}
	if n := len(ms); n > 0 && current > ms[n-1].version {
		return fmt.Errorf("migrating: database schema %d is newer than this program's %d; upgrade sitrep", current, ms[n-1].version)
	}
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		if _, err := t.exec(ctx, m.sql); err != nil {
			return fmt.Errorf("migrating: applying %s: %w", m.name, err)
		}
		if _, err := t.exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, time.Now().Unix()); err != nil {
			return fmt.Errorf("migrating: recording %s: %w", m.name, err)
		}
	}
	if err := t.commit(ctx); err != nil {
		return fmt.Errorf("migrating: committing: %w", err)
	}
	return nil
}
