package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// OpenPostgres connects to the PostgreSQL database named by dsn (a
// postgres:// URL; pool settings such as pool_max_conns may be added as
// parameters) and brings its schema up to date.
func OpenPostgres(ctx context.Context, dsn string) (Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("opening PostgreSQL database: %w: %w", ErrInvalid, err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("opening PostgreSQL database %s: %w", cfg.ConnConfig.Host, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("opening PostgreSQL database on %s: %w", cfg.ConnConfig.Host, err)
	}
	d := &pgDialect{pool: pool}
	if err := migrate(ctx, d); err != nil {
		pool.Close()
		return nil, fmt.Errorf("opening PostgreSQL database on %s: %w", cfg.ConnConfig.Host, err)
	}
	return &sqlStore{d: d}, nil
}

type pgDialect struct {
	pool *pgxpool.Pool
}

// headlineOptions configure ts_headline: the same markers and about the
// same length as the SQLite snippet.
const headlineOptions = "StartSel=\x02, StopSel=\x03, MaxWords=30, MinWords=15, MaxFragments=1"

func (*pgDialect) name() string { return "postgres" }
func (*pgDialect) textCond() string {
	return `d.seq IN (SELECT seq FROM docs WHERE tsv @@ websearch_to_tsquery('english', ?))`
}
func (*pgDialect) contains(col string) string { return `strpos(` + col + `, ?) > 0` }
func (*pgDialect) textArg(p *parsedQuery) string {
	return p.websearch()
}

// rankQuery ranks with ts_rank_cd.
func (*pgDialect) rankQuery(conds string) string {
	return `SELECT d.seq, d.published, d.event_types, ts_rank_cd(x.tsv, tq)::float8
		FROM websearch_to_tsquery('english', ?) tq, docs x JOIN doc_meta d ON d.seq = x.seq
		WHERE x.tsv @@ tq AND ` + conds + `
		ORDER BY x.seq DESC LIMIT ?`
}

// nearCond probes the document's entities.
func (*pgDialect) nearCond(c *Circle) (string, []any) {
	g := &filter{}
	geoCond(g, "e.lat", "e.lon", c)
	return `EXISTS (SELECT 1 FROM entities e WHERE e.doc_id = d.id AND ` + g.where() + `)`, g.args
}

// rank does nothing: rankQuery scores with ts_rank_cd.
func (*pgDialect) rank(context.Context, *parsedQuery, []matched) error { return nil }

// snippetQuery makes headlines with ts_headline, only for the page.
func (*pgDialect) snippetQuery(n int) string {
	return `SELECT seq, id, url, site, title, published, language,
		ts_headline('english', text, websearch_to_tsquery('english', ?), '` + headlineOptions + `')
		FROM docs WHERE seq BETWEEN ? AND ? AND seq IN (` + placeholders(n) + `)`
}

// unindex and index do nothing: docs.tsv is a generated column.
func (*pgDialect) unindex(context.Context, tx, string) error { return nil }
func (*pgDialect) index(context.Context, tx, []string) error { return nil }

// lock takes transaction advisory locks, sorted so that two writers never
// wait for each other in a cycle.
func (*pgDialect) lock(ctx context.Context, t tx, keys []string) error {
	ks := make([]int64, 0, len(keys))
	for _, k := range keys {
		ks = append(ks, lockKey(k))
	}
	slices.Sort(ks)
	ks = slices.Compact(ks)
	for _, k := range ks {
		if _, err := t.exec(ctx, `SELECT pg_advisory_xact_lock(?)`, k); err != nil {
			return fmt.Errorf("locking: %w", err)
		}
	}
	return nil
}

func (d *pgDialect) begin(ctx context.Context) (tx, func(), error) {
	t, err := d.pool.Begin(ctx)
	if err != nil {
		return nil, nil, err
	}
	return pgTx{pgConn{t}, t}, func() {}, nil
}

func (d *pgDialect) conn() conn   { return pgConn{d.pool} }
func (d *pgDialect) close() error { d.pool.Close(); return nil }

// pgRunner is what *pgxpool.Pool and pgx.Tx share.
type pgRunner interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

type pgConn struct{ r pgRunner }

// rebind turns ? placeholders into $1, $2, ... The shared queries never
// hold ? in literals.
func rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

func (c pgConn) exec(ctx context.Context, q string, args ...any) (int64, error) {
	tag, err := c.r.Exec(ctx, rebind(q), args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (c pgConn) query(ctx context.Context, q string, args ...any) (rows, error) {
	rs, err := c.r.Query(ctx, rebind(q), args...)
	if err != nil {
		return nil, err
	}
	return rs, nil
}

func (c pgConn) queryRow(ctx context.Context, q string, args ...any) row {
	return pgRow{c.r.QueryRow(ctx, rebind(q), args...)}
}

type pgRow struct{ pgx.Row }

func (r pgRow) Scan(dest ...any) error {
	err := r.Row.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return errNoRows
	}
	return err
}

type pgTx struct {
	pgConn
	t pgx.Tx
}

func (t pgTx) commit(ctx context.Context) error   { return t.t.Commit(ctx) }
func (t pgTx) rollback(ctx context.Context) error { return t.t.Rollback(ctx) }
