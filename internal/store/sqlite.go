package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// OpenSQLite opens (creating if needed) the SQLite database in the file at
// path and brings its schema up to date. The database is in WAL mode, so
// readers run alongside the one writer; writes from this process are
// serialised in Go, and other processes wait up to busy timeout (10 s).
func OpenSQLite(ctx context.Context, path string) (Store, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("opening SQLite database %q: want a file path without ? or #: %w", path, ErrInvalid)
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)",
		"foreign_keys(ON)", "cache_size(-65536)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("opening SQLite database %s: %w", path, err)
	}
	db.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	db.SetMaxIdleConns(max(4, runtime.GOMAXPROCS(0)))
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening SQLite database %s: %w", path, err)
	}
	d := &sqliteDialect{db: db}
	if err := migrate(ctx, d); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening SQLite database %s: %w", path, err)
	}
	return &sqlStore{d: d}, nil
}

type sqliteDialect struct {
	db *sql.DB
	// writeMu serialises write transactions: SQLite has one writer, and
	// waiting here is cheaper and fairer than in the busy handler.
	writeMu sync.Mutex
}

func (*sqliteDialect) name() string { return "sqlite" }
func (*sqliteDialect) textCond() string {
	return `d.seq IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)`
}
func (*sqliteDialect) contains(col string) string { return `instr(` + col + `, ?) > 0` }
func (*sqliteDialect) textArg(p *parsedQuery) string {
	return p.fts5()
}

// bm25 weights: a word in the title counts ten times one in the body.
// CROSS JOIN keeps docs_fts the outer loop, read in rowid order: with
// doc_meta outer (as the planner may choose when another filter is
// selective) FTS5 would re-run the full-text query once per row.
func (*sqliteDialect) rankQuery(conds string) string {
	return `SELECT d.seq, d.id, d.published, d.event_types, -bm25(docs_fts, 10.0, 1.0)
		FROM docs_fts CROSS JOIN doc_meta d ON d.seq = docs_fts.rowid
		WHERE docs_fts MATCH ? AND ` + conds + `
		ORDER BY docs_fts.rowid DESC LIMIT ?`
}

func (*sqliteDialect) snippetQuery(n int) string {
	return `SELECT d.seq, d.id, d.url, d.site, d.title, d.published, d.language,
		snippet(docs_fts, -1, char(2), char(3), '…', 24)
		FROM docs_fts CROSS JOIN docs d ON d.seq = docs_fts.rowid
		WHERE docs_fts MATCH ? AND docs_fts.rowid IN (` + placeholders(n) + `)`
}

func (*sqliteDialect) unindex(ctx context.Context, t tx, id string) error {
	_, err := t.exec(ctx, `INSERT INTO docs_fts (docs_fts, rowid, title, text)
		SELECT 'delete', seq, title, text FROM docs WHERE id = ?`, id)
	return err
}

// index adds the documents to docs_fts in one statement per chunk.
func (*sqliteDialect) index(ctx context.Context, t tx, ids []string) error {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		if _, err := t.exec(ctx, `INSERT INTO docs_fts (rowid, title, text)
			SELECT seq, title, text FROM docs WHERE id IN (`+placeholders(n)+`)`, args...); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// lock is a no-op: writeMu and BEGIN IMMEDIATE already serialise writers.
func (*sqliteDialect) lock(context.Context, tx, []string) error { return nil }

func (d *sqliteDialect) begin(ctx context.Context) (tx, func(), error) {
	d.writeMu.Lock()
	t, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		d.writeMu.Unlock()
		return nil, nil, err
	}
	return &sqliteTx{sqliteConn: sqliteConn{t}, t: t, stmts: map[string]*sql.Stmt{}}, d.writeMu.Unlock, nil
}

func (d *sqliteDialect) conn() conn   { return sqliteConn{d.db} }
func (d *sqliteDialect) close() error { return d.db.Close() }

// sqlRunner is what *sql.DB and *sql.Tx share.
type sqlRunner interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

type sqliteConn struct{ r sqlRunner }

func (c sqliteConn) exec(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := c.r.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c sqliteConn) query(ctx context.Context, q string, args ...any) (rows, error) {
	rs, err := c.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rs}, nil
}

func (c sqliteConn) queryRow(ctx context.Context, q string, args ...any) row {
	return sqlRow{c.r.QueryRowContext(ctx, q, args...)}
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { _ = r.Rows.Close() }

type sqlRow struct{ *sql.Row }

func (r sqlRow) Scan(dest ...any) error {
	err := r.Row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return errNoRows
	}
	return err
}

// sqliteTx is a write transaction. It keeps the statements it executes
// prepared until it ends: a batch of documents runs the same few INSERTs
// (see insertSizes) many times, and modernc.org/sqlite would otherwise
// parse each statement again at each call.
type sqliteTx struct {
	sqliteConn
	t     *sql.Tx
	stmts map[string]*sql.Stmt
}

func (t *sqliteTx) exec(ctx context.Context, q string, args ...any) (int64, error) {
	st := t.stmts[q]
	if st == nil {
		var err error
		if st, err = t.t.PrepareContext(ctx, q); err != nil {
			return 0, err
		}
		t.stmts[q] = st
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// commit and rollback also close the prepared statements (database/sql
// closes a transaction's statements when it ends).
func (t *sqliteTx) commit(context.Context) error   { return t.t.Commit() }
func (t *sqliteTx) rollback(context.Context) error { return t.t.Rollback() }
